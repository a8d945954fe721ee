//! Stages 5 and 6: `accrual::payoff`, modelled from its docs (`payoff`,
//! `Payoff` and its fields, `Payoff::transactions`), the `Accrual` record
//! formulas (`Posting::Daily`: `round(base × rate / basis) × days`),
//! `PenaltyRule`, `Rounding`, `DayCount` and RULES.md §2.1 / §2.7.
//!
//! Stage 5 takes what has fallen due from `accrue`'s position at the end of
//! `as_of` less the charges of `as_of` itself (the payment is applied
//! before them), and computes the rest itself: the principal not yet due,
//! the current period's interest (actual days from the period's start to
//! `as_of` excluded, on the principal not yet due at the end of `as_of`,
//! rounded by the policy, at most the schedule's interest for the period),
//! less interest paid or waived on each installment not yet due (floored
//! at zero per installment), the credit, the total rounded up, and the
//! unearned interest per installment (what the book holds less what the
//! quote asks). Stage 6 computes everything, 罚息 and 复利 included, on
//! loans with no transaction: each installment past due accrues
//! `round(principal × penalty rate / basis)` a day (and with compound
//! interest `round(interest × penalty rate / basis)`) from the day after
//! its due date to the day before `as_of`.

use arrears::accrual::{
    accrue, payoff, AccrualKind, AccrualPolicy, Payoff, PenaltyRate, PenaltyRule, RuleRef,
};
use arrears::allocation::Waterfall;
use arrears::calendar::DayCount;
use arrears::delinquency::RuleStatus;
use arrears::loan::{Component, Loan};
use arrears::money::{Rate, Rounding};
use chrono::{Duration, NaiveDate};
use rust_decimal::Decimal;

use super::gen::gen_loan;
use crate::rng::Rng;

pub struct PCase {
    pub seed: u64,
    pub loan: Loan,
    pub txs: Vec<String>,
    pub policy: AccrualPolicy,
    pub pen_rate: Decimal,
    pub pen_basis: i64,
    pub compound: bool,
    pub rounding: Rounding,
    pub as_of: NaiveDate,
}

fn basis_of(dc: DayCount) -> i64 {
    if dc == DayCount::Act365Fixed {
        365
    } else {
        360
    }
}

pub fn gen_pcase(seed: u64, with_ledger: bool) -> PCase {
    let mut rng = Rng(seed);
    let extras = rng.chance(40);
    let (loan, txs) = gen_loan(&mut rng, extras);
    let (loan, txs) = if with_ledger {
        (loan, txs)
    } else {
        (Loan::new(loan.terms().clone()).unwrap_or(loan), Vec::new())
    };
    let contract = loan.terms().rate().annual();
    let (rate, pen_rate) = if rng.chance(50) || contract.is_zero() {
        let r = Decimal::new(rng.range(10, 360), 3);
        (
            PenaltyRate::Explicit {
                rate: Rate::from_fraction(r).unwrap_or(Rate::ZERO),
            },
            r,
        )
    } else {
        let m = Decimal::new(rng.range(30, 50), 2);
        (
            PenaltyRate::Markup {
                markup: m,
                band: arrears::accrual::MarkupBand::Overdue,
            },
            contract * (Decimal::ONE + m),
        )
    };
    let day_count = match rng.range(0, 2) {
        0 => None,
        1 => Some(DayCount::Act360),
        _ => Some(DayCount::Act365Fixed),
    };
    let pen_basis = basis_of(day_count.unwrap_or(loan.terms().day_count()));
    let compound = rng.chance(50);
    let rounding = *rng.pick(&[
        Rounding::HalfUp,
        Rounding::HalfEven,
        Rounding::TowardZero,
        Rounding::AwayFromZero,
    ]);
    let pen = PenaltyRule {
        rule: RuleRef::new("oracle.penalty", "test", RuleStatus::Unverified),
        rate,
        day_count,
        compound,
        compound_rule: None,
    };
    let waterfall = match rng.range(0, 2) {
        0 => Waterfall::mifos_standard(),
        1 => Waterfall::civil_code_561(),
        _ => Waterfall::cn_bank_contract(),
    };
    let policy = AccrualPolicy::new("oracle.payoff")
        .with_penalty(pen)
        .with_rounding(rounding)
        .with_posting(arrears::accrual::Posting::Daily)
        .with_waterfall(waterfall);
    let disb = loan.terms().disbursement_date();
    let last = loan.schedule().last().map(|i| i.due_date()).unwrap_or(disb);
    let as_of = match rng.range(0, 3) {
        0 => rng.pick(loan.schedule()).due_date() + Duration::days(rng.range(-2, 2)),
        _ => disb + Duration::days(rng.range(0, (last - disb).num_days() + 120)),
    }
    .max(disb);
    PCase {
        seed,
        loan,
        txs,
        policy,
        pen_rate,
        pen_basis,
        compound,
        rounding,
        as_of,
    }
}

pub fn describe(c: &PCase) -> String {
    let t = c.loan.terms();
    let sched: Vec<String> = c
        .loan
        .schedule()
        .iter()
        .map(|i| {
            format!(
                "#{} {}..{} p {} i {}",
                i.seq(),
                i.period_start(),
                i.due_date(),
                i.principal().amount(),
                i.interest().amount()
            )
        })
        .collect();
    format!(
        "seed {}: loan {} at {}% from {} {:?} {:?}, schedule [{}]; ledger [{}]; penalty {} /{} compound {} {:?}; as_of {}",
        c.seed,
        t.principal(),
        t.rate().percent(),
        t.disbursement_date(),
        t.method(),
        t.day_count(),
        sched.join(", "),
        c.txs.join("; "),
        c.pen_rate,
        c.pen_basis,
        c.compound,
        c.rounding,
        c.as_of
    )
}

/// The model's quote: by component (penalty, fee, interest, principal),
/// accrued interest, credit, total and unearned interest.
#[derive(Debug, PartialEq)]
pub struct Quote {
    pub by: [Decimal; 4],
    pub accrued: Decimal,
    pub credit: Decimal,
    pub total: Decimal,
    pub unearned: Vec<(u32, Decimal)>,
}

pub fn lib_quote(p: &Payoff) -> Quote {
    Quote {
        by: Component::ALL.map(|c| p.by_component.amount(c).normalize()),
        accrued: p.accrued_interest.amount().normalize(),
        credit: p.credit.amount().normalize(),
        total: p.total.amount().normalize(),
        unearned: p
            .unearned_interest
            .iter()
            .map(|(k, m)| (*k, m.amount().normalize()))
            .filter(|(_, a)| !a.is_zero())
            .collect(),
    }
}

fn ix(c: Component) -> usize {
    Component::ALL.iter().position(|&x| x == c).unwrap_or(0)
}

/// `round(num / den)` to cents in `r`'s mode, exactly (integers).
fn round_cents(num: Decimal, r: Rounding) -> Decimal {
    r.round(num, 2)
}

/// The current period's interest: on `base` from the period's start to
/// `as_of` (excluded), at most the schedule's interest for the period.
fn current_interest(c: &PCase, base: Decimal) -> Option<(u32, Decimal)> {
    let cur = c.loan.schedule().iter().find(|i| i.due_date() > c.as_of)?;
    let days = (c.as_of - cur.period_start()).num_days().max(0);
    let basis = basis_of(c.loan.terms().day_count());
    let raw = base * c.loan.terms().rate().annual() * Decimal::from(days) / Decimal::from(basis);
    Some((
        cur.seq(),
        round_cents(raw, c.rounding).min(cur.interest().amount()),
    ))
}

/// Stage 5: the quote from `accrue`'s position.
pub fn model_from_accrual(c: &PCase) -> Result<Quote, String> {
    let rep = accrue(
        &c.loan,
        c.loan.terms().disbursement_date(),
        c.as_of + Duration::days(1),
        &c.policy,
    )
    .map_err(|e| format!("accrue: {e}"))?;
    let pos = &rep.position;
    let mut by = [Decimal::ZERO; 4];
    let mut owed_not_due: Vec<(u32, Decimal, Decimal)> = Vec::new(); // (seq, paid+waived interest, outstanding interest)
    let mut base = Decimal::ZERO;
    for i in pos.installments() {
        if i.due_date() <= c.as_of {
            for comp in Component::ALL {
                by[ix(comp)] += i.outstanding().amount(comp);
            }
            // Less the charges of `as_of` itself.
            for r in &rep.records {
                if r.installment == i.seq() && r.from <= c.as_of && c.as_of < r.to {
                    let day = match r.kind {
                        AccrualKind::LateFee => r.amount.amount(),
                        _ => r.amount.amount() / Decimal::from(r.days.max(1)),
                    };
                    by[ix(r.component)] -= day;
                }
            }
        } else {
            let p = i.outstanding().amount(Component::Principal);
            by[ix(Component::Principal)] += p;
            // Fees charged to it before `as_of` (`payoff`: "the penalties
            // and fees charged before as_of"), though not yet due.
            for comp in [Component::Penalty, Component::Fee] {
                by[ix(comp)] += i.outstanding().amount(comp);
            }
            base += p;
            let settled =
                i.paid().amount(Component::Interest) + i.waived().amount(Component::Interest);
            owed_not_due.push((
                i.seq(),
                settled,
                i.outstanding().amount(Component::Interest),
            ));
        }
    }
    let cur = current_interest(c, base);
    let mut accrued = Decimal::ZERO;
    let mut unearned = Vec::new();
    for (seq, settled, book) in owed_not_due {
        let scheduled_part = match cur {
            Some((s, a)) if s == seq => a,
            _ => Decimal::ZERO,
        };
        let asked = (scheduled_part - settled).max(Decimal::ZERO);
        accrued += asked;
        if book - asked != Decimal::ZERO {
            unearned.push((seq, (book - asked).normalize()));
        }
    }
    by[ix(Component::Interest)] += accrued;
    let credit = pos.credit().amount();
    let owed: Decimal = by.iter().sum();
    let total = (owed - credit).max(Decimal::ZERO);
    let total = Rounding::AwayFromZero.round(total, 2);
    Ok(Quote {
        by: by.map(|x| x.normalize()),
        accrued: accrued.normalize(),
        credit: credit.normalize(),
        total: total.normalize(),
        unearned,
    })
}

/// Stage 6: the whole quote of a loan with no transaction, 罚息 and 复利
/// computed here.
pub fn model_plain(c: &PCase) -> Quote {
    let mut by = [Decimal::ZERO; 4];
    let mut unearned = Vec::new();
    let last_day = c.as_of - Duration::days(1);
    let base: Decimal = c
        .loan
        .schedule()
        .iter()
        .filter(|i| i.due_date() > c.as_of)
        .map(|i| i.principal().amount())
        .sum();
    let cur = current_interest(c, base);
    let mut accrued = Decimal::ZERO;
    for i in c.loan.schedule() {
        let (p, int) = (i.principal().amount(), i.interest().amount());
        by[ix(Component::Principal)] += p;
        if i.due_date() <= c.as_of {
            by[ix(Component::Interest)] += int;
            let days = (last_day - i.due_date()).num_days().max(0);
            let daily = |b: Decimal| {
                round_cents(b * c.pen_rate / Decimal::from(c.pen_basis), c.rounding)
                    * Decimal::from(days)
            };
            by[ix(Component::Penalty)] += daily(p);
            if c.compound {
                by[ix(Component::Penalty)] += daily(int);
            }
        } else {
            let asked = match cur {
                Some((s, a)) if s == i.seq() => a,
                _ => Decimal::ZERO,
            };
            accrued += asked;
            if int - asked != Decimal::ZERO {
                unearned.push((i.seq(), (int - asked).normalize()));
            }
        }
    }
    by[ix(Component::Interest)] += accrued;
    let total: Decimal = by.iter().sum();
    Quote {
        by: by.map(|x| x.normalize()),
        accrued: accrued.normalize(),
        credit: Decimal::ZERO,
        total: Rounding::AwayFromZero.round(total, 2).normalize(),
        unearned,
    }
}

/// Checks one case: the quote against the model, then (stage 5) that
/// recording `Payoff::transactions` leaves nothing owed.
pub fn check(c: &PCase, plain: bool) -> Vec<String> {
    let mut out = Vec::new();
    let got = match payoff(&c.loan, c.as_of, &c.policy) {
        Ok(p) => p,
        Err(e) => return vec![format!("payoff: error {e}")],
    };
    let lq = lib_quote(&got);
    let want = if plain {
        Ok(model_plain(c))
    } else {
        model_from_accrual(c)
    };
    match want {
        Ok(w) if w == lq => {}
        Ok(w) => out.push(format!("quote: library {lq:?}, model {w:?}")),
        Err(e) => out.push(e),
    }
    if got.as_of != c.as_of {
        out.push(format!("as_of: library {}", got.as_of));
    }
    if !plain {
        if let Ok(txs) = got.transactions("PAYOFF", &c.policy) {
            let mut loan = c.loan.clone();
            for tx in txs {
                if let Err(e) = loan.record(tx) {
                    out.push(format!("recording the payoff: {e}"));
                }
            }
            let next = c.as_of + Duration::days(1);
            match accrue(&loan, c.loan.terms().disbursement_date(), next, &c.policy) {
                Ok(r) => {
                    let left = r.position.outstanding().total().map(|m| m.amount());
                    // Nothing owed; a credit the loan held (paid off and
                    // overpaid: no repayment, CHANGELOG) is left as it was.
                    if left != Ok(Decimal::ZERO) || r.position.credit() != got.credit {
                        out.push(format!(
                            "after the payoff: outstanding {left:?}, credit {} (quote's credit {})",
                            r.position.credit(),
                            got.credit
                        ));
                    }
                }
                Err(e) => out.push(format!("accrue after the payoff: {e}")),
            }
        }
    }
    out
}
