//! Random loans, ledgers, options and dates for the delinquency oracle.
//! Inputs only: the library builds the loan and its positions
//! (`Loan::new`, `Loan::record`, `Loan::position`); nothing here decides
//! what the code under test is asked to decide.

use arrears::calendar::{BusinessDayConvention, DayCount, DueDateAdjustment, HolidayCalendar};
use arrears::delinquency::{DelinquencyOptions, Pause};
use arrears::loan::{Component, Frequency, Loan, LoanTerms, RepaymentMethod, Transaction};
use arrears::money::{Currency, Money, Rate};
use chrono::{Duration, NaiveDate};
use rust_decimal::Decimal;

use crate::rng::Rng;

/// One drawn case: a loan with its ledger, options and a date range.
pub struct Case {
    pub seed: u64,
    pub loan: Loan,
    /// The transactions the ledger accepted, as drawn (for the report).
    pub txs: Vec<String>,
    pub tolerance: Decimal,
    pub grace: u32,
    /// Pauses as drawn (sorted, not overlapping).
    pub pauses: Vec<(NaiveDate, NaiveDate)>,
    /// The day assessed (stages 1, 2, 4, 5), the first day of a history.
    pub as_of: NaiveDate,
    /// The last day of a history (stage 3).
    pub to: NaiveDate,
}

/// What a stage draws.
#[derive(Clone, Copy)]
pub struct Draw {
    /// Pauses (0–3, some back to back).
    pub pauses: bool,
    /// Chargebacks, charges and waivers beside repayments and reversals.
    pub extras: bool,
    /// Days of a history range (at most).
    pub span: i64,
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

pub fn cny(cents: i64) -> Money {
    Money::new(Decimal::new(cents, 2), Currency::CNY)
}

/// Draws the loan of seed `seed` (a few installments, any method and
/// frequency, Act/360 or Act/365F) with its ledger.
pub fn gen_loan(rng: &mut Rng, extras: bool) -> (Loan, Vec<String>) {
    loop {
        let principal = rng.range(10, 500) * 100;
        let rate = if rng.chance(15) {
            Rate::ZERO
        } else {
            Rate::from_percent(Decimal::new(rng.range(1, 48) * 5, 1)).unwrap_or(Rate::ZERO)
        };
        let method = *rng.pick(&[
            RepaymentMethod::EqualInstallment,
            RepaymentMethod::EqualPrincipal,
            RepaymentMethod::InterestOnly,
            RepaymentMethod::Bullet,
        ]);
        let freq = *rng.pick(&[
            Frequency::Monthly,
            Frequency::Monthly,
            Frequency::Monthly,
            Frequency::BiWeekly,
            Frequency::Weekly,
        ]);
        let term = rng.range(1, 8) as u32;
        let disb = date(2025, 1, 1) + Duration::days(rng.range(0, 500));
        let first = disb
            + Duration::days(match freq {
                Frequency::Monthly => rng.range(10, 45),
                Frequency::BiWeekly => rng.range(7, 20),
                _ => rng.range(3, 10),
            });
        let dc = if rng.chance(50) {
            DayCount::Act360
        } else {
            DayCount::Act365Fixed
        };
        let adjust = rng.chance(25).then(|| {
            let conv = *rng.pick(&[
                BusinessDayConvention::Following,
                BusinessDayConvention::ModifiedFollowing,
                BusinessDayConvention::Preceding,
            ]);
            DueDateAdjustment::new(conv, HolidayCalendar::weekends_only())
        });
        let terms = LoanTerms::new("L", cny(principal * 100), disb, rate, method, term, first)
            .with_frequency(freq)
            .with_day_count(dc);
        let terms = match adjust {
            Some(a) => terms.with_due_date_adjustment(a),
            None => terms,
        };
        let Ok(mut loan) = Loan::new(terms) else {
            continue;
        };
        let txs = gen_ledger(rng, &mut loan, extras);
        return (loan, txs);
    }
}

fn gen_ledger(rng: &mut Rng, loan: &mut Loan, extras: bool) -> Vec<String> {
    let sched: Vec<(NaiveDate, i64)> = loan
        .schedule()
        .iter()
        .map(|i| {
            let cents = (i.payment().amount() * Decimal::from(100))
                .round()
                .try_into()
                .unwrap_or(0i64);
            (i.due_date(), cents)
        })
        .collect();
    let disb = loan.terms().disbursement_date();
    let last = sched.last().map(|s| s.0).unwrap_or(disb);
    let n = rng.range(0, 8);
    let mut out = Vec::new();
    let mut repayments: Vec<(String, NaiveDate)> = Vec::new();
    for k in 0..n {
        let id = format!("t{k}");
        let (due, pay) = *rng.pick(&sched);
        let when = match rng.range(0, 9) {
            0 => due - Duration::days(rng.range(1, 20)),
            1..=3 => due,
            4..=6 => due + Duration::days(rng.range(1, 40)),
            7 => due + Duration::days(rng.range(40, 200)),
            _ => disb + Duration::days(rng.range(0, (last - disb).num_days() + 60)),
        }
        .max(disb);
        let kind = rng.range(0, 99);
        let tx = if kind < 60 || !extras && kind < 85 {
            let cents = match rng.range(0, 5) {
                0 => rng.range(1, pay.max(1)),
                1 => pay - rng.range(0, 300).min(pay - 1).max(0),
                2 => pay * rng.range(2, 3),
                _ => pay,
            }
            .max(1);
            repayments.push((id.clone(), when));
            Transaction::repayment(&id, when, cny(cents))
        } else if kind < 85 || !extras {
            if repayments.is_empty() {
                continue;
            }
            let (of, at) = rng.pick(&repayments).clone();
            let at = at + Duration::days(rng.range(0, 30));
            Transaction::reversal(&id, at, &of)
        } else if kind < 91 {
            let inst = if rng.chance(70) {
                Some(rng.range(1, sched.len() as i64) as u32)
            } else {
                None
            };
            Transaction::chargeback(&id, when, cny(rng.range(100, pay.max(101))), inst)
        } else if kind < 96 {
            Transaction::charge(&id, when, Component::Fee, cny(rng.range(100, 5_000)))
        } else {
            let c = *rng.pick(&[Component::Interest, Component::Fee, Component::Principal]);
            Transaction::waiver(&id, when, c, cny(rng.range(100, 20_000)))
        };
        let text = format!("{tx:?}");
        if loan.record(tx).is_ok() {
            out.push(text);
        }
    }
    out
}

/// Draws sorted, non-overlapping pauses starting after `disb` (0–3, a third
/// of the next ones back to back with the one before).
pub fn gen_pauses(rng: &mut Rng, disb: NaiveDate, last: NaiveDate) -> Vec<(NaiveDate, NaiveDate)> {
    let n = rng.range(0, 3);
    let mut out: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    let mut cursor = disb + Duration::days(1);
    let span = (last - disb).num_days() + 90;
    for _ in 0..n {
        let start = match out.last() {
            Some(&(_, e)) if rng.chance(35) => e + Duration::days(1),
            None if rng.chance(10) => disb,
            _ => cursor + Duration::days(rng.range(0, span / 2)),
        };
        let end = start + Duration::days(rng.range(0, 25));
        out.push((start, end));
        cursor = end + Duration::days(1);
    }
    out
}

pub fn options(c: &Case) -> DelinquencyOptions {
    let pauses = c
        .pauses
        .iter()
        .map(|&(start, end)| Pause { start, end })
        .collect();
    DelinquencyOptions::new(c.tolerance, c.grace, pauses).unwrap_or_default()
}

pub fn gen_case(seed: u64, d: Draw) -> Case {
    let mut rng = Rng(seed);
    let (loan, txs) = gen_loan(&mut rng, d.extras);
    let disb = loan.terms().disbursement_date();
    let last = loan.schedule().last().map(|i| i.due_date()).unwrap_or(disb);
    let tolerance = match rng.range(0, 9) {
        0..=4 => Decimal::ZERO,
        5..=7 => Decimal::new(rng.range(1, 5_000), 2),
        _ => Decimal::new(rng.range(1, 200), 0),
    };
    let grace = if rng.chance(40) {
        0
    } else {
        rng.range(1, 12) as u32
    };
    let pauses = if d.pauses {
        gen_pauses(&mut rng, disb, last)
    } else {
        Vec::new()
    };
    let near = |rng: &mut Rng| -> NaiveDate {
        // Near a due date, a pause boundary or anywhere in the loan's life.
        let k = rng.range(0, 9);
        let base = if k < 4 {
            rng.pick(loan.schedule()).due_date()
        } else if k < 7 && !pauses.is_empty() {
            let p = rng.pick(&pauses);
            if rng.chance(50) {
                p.0
            } else {
                p.1
            }
        } else {
            disb + Duration::days(rng.range(0, (last - disb).num_days() + 200))
        };
        (base + Duration::days(rng.range(-3, 35))).max(disb)
    };
    let as_of = near(&mut rng);
    let to = as_of + Duration::days(rng.range(0, d.span));
    // A tenth of the cases: the tolerance exactly what one installment owes.
    let tolerance = match loan.position(as_of) {
        Ok(p) if rng.chance(10) && !p.installments().is_empty() => {
            let i = rng.pick(p.installments());
            i.outstanding()
                .total()
                .map(|m| m.amount())
                .unwrap_or(tolerance)
        }
        _ => tolerance,
    };
    Case {
        seed,
        loan,
        txs,
        tolerance,
        grace,
        pauses,
        as_of,
        to,
    }
}

/// The case as text, for a report.
pub fn describe(c: &Case) -> String {
    let t = c.loan.terms();
    let sched: Vec<String> = c
        .loan
        .schedule()
        .iter()
        .map(|i| format!("#{} {} {}", i.seq(), i.due_date(), i.payment()))
        .collect();
    format!(
        "seed {}: loan {} {} from {} {:?} {:?}, schedule [{}]; ledger [{}]; tolerance {}, grace {}, pauses {:?}; as_of {}, to {}",
        c.seed,
        t.principal(),
        t.rate().percent(),
        t.disbursement_date(),
        t.method(),
        t.day_count(),
        sched.join(", "),
        c.txs.join("; "),
        c.tolerance,
        c.grace,
        c.pauses,
        c.as_of,
        c.to
    )
}
