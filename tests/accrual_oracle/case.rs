//! The random cases: a loan, its ledger, a window and an accrual policy,
//! built from one seed, and their translation into the library's types.

use arrears::accrual::{
    AccrualPolicy, AnnualizedCap, CapBase, CapExcess, CapRate, Caps, FeeBase, LateFeeRule,
    MarkupBand, PenaltyRate, PenaltyRule, Recurrence, RuleRef,
};
use arrears::allocation::Waterfall;
use arrears::calendar::DayCount;
use arrears::delinquency::RuleStatus;
use arrears::loan::{Loan, LoanTerms, RepaymentMethod, Transaction};
use arrears::money::{Currency, Money, Rate, Rounding};
use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;

use crate::num::{add_months_clamped, dec, money_cents, Rng, FEE, INT, PEN, PRI};

/// The annualised cap's rule id, as cut records name it in `capped_by`.
pub const CAP_RULE: &str = "oracle.cap";

#[derive(Clone, Debug)]
pub enum OBase {
    Flat(Decimal),
    Installment(Decimal),
    OverduePrincipal(Decimal),
    OverduePI(Decimal),
}
#[derive(Clone, Debug)]
pub enum ORec {
    Once,
    Every(u32),
    Monthly,
}
#[derive(Clone, Debug)]
pub struct OFee {
    pub after_days: u32,
    pub rec: ORec,
    pub base: OBase,
    pub min: Option<Decimal>,
    pub max: Option<Decimal>,
}

#[derive(Clone, Debug)]
pub struct Case {
    pub seed: u64,
    pub principal: Decimal,
    pub rate_bps: i64,
    pub method: RepaymentMethod,
    pub term: u32,
    pub disb: NaiveDate,
    pub first_due: NaiveDate,
    /// (id, date, amount) repayments.
    pub pays: Vec<(String, NaiveDate, Decimal)>,
    /// (id, date, reversed id).
    pub revs: Vec<(String, NaiveDate, String)>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub markup: Decimal,
    pub compound: bool,
    pub day_count: DayCount,
    pub rounding: Rounding,
    /// Component order of the (horizontal, next-installment, credit) waterfall.
    pub waterfall: u8,
    pub fees: Vec<OFee>,
    pub fees_per_installment: Option<Decimal>,
    pub fees_per_loan: Option<Decimal>,
    pub tolerance: Decimal,
    /// Annualised cap: (rate in bps, overdue-principal base?).
    pub cap: Option<(i64, bool)>,
    /// The cap's excess is `CapExcess::Deferred` (else waived).
    pub deferred: bool,
}

pub fn waterfall_of(w: u8) -> (Waterfall, [usize; 4]) {
    match w {
        0 => (Waterfall::cn_bank_contract(), [FEE, PEN, INT, PRI]),
        1 => (Waterfall::mifos_standard(), [PEN, FEE, INT, PRI]),
        2 => (
            Waterfall::principal_interest_penalties_fees(),
            [PRI, INT, PEN, FEE],
        ),
        _ => (
            Waterfall::interest_principal_penalties_fees(),
            [INT, PRI, PEN, FEE],
        ),
    }
}

pub fn build_loan(c: &Case) -> Loan {
    let terms = LoanTerms::new(
        "ORACLE",
        Money::new(c.principal, Currency::CNY),
        c.disb,
        Rate::from_bps(Decimal::from(c.rate_bps)).unwrap(),
        c.method,
        c.term,
        c.first_due,
    );
    let mut loan = Loan::new(terms).unwrap();
    for (id, d, a) in &c.pays {
        loan.record(Transaction::repayment(
            id,
            *d,
            Money::new(*a, Currency::CNY),
        ))
        .unwrap();
    }
    for (id, d, of) in &c.revs {
        loan.record(Transaction::reversal(id, *d, of)).unwrap();
    }
    loan
}

pub fn build_policy(c: &Case) -> AccrualPolicy {
    let mut p = AccrualPolicy::cn()
        .with_caps(Caps {
            fees_per_installment: c.fees_per_installment,
            fees_per_loan: c.fees_per_loan,
            annualized: c.cap.map(|(bps, overdue)| AnnualizedCap {
                rule: RuleRef::new(CAP_RULE, "test", RuleStatus::Unverified),
                rate: CapRate::Fixed {
                    rate: Rate::from_bps(Decimal::from(bps)).unwrap(),
                },
                day_count: None,
                excess: if c.deferred {
                    CapExcess::Deferred
                } else {
                    CapExcess::Waived
                },
                base: if overdue {
                    CapBase::OverduePrincipal
                } else {
                    CapBase::OutstandingPrincipal
                },
                rate_rule: None,
            }),
        })
        .with_rounding(c.rounding)
        .with_tolerance(c.tolerance)
        .with_waterfall(waterfall_of(c.waterfall).0);
    let pen = PenaltyRule {
        rule: RuleRef::new("oracle.penalty", "test", RuleStatus::Unverified),
        rate: PenaltyRate::Markup {
            markup: c.markup,
            band: MarkupBand::Overdue,
        },
        day_count: Some(c.day_count),
        compound: c.compound,
        compound_rule: Some(RuleRef::new(
            "oracle.compound",
            "test",
            RuleStatus::Unverified,
        )),
    };
    p = p.with_penalty(pen);
    for (i, f) in c.fees.iter().enumerate() {
        p = p.with_late_fee(LateFeeRule {
            rule: RuleRef::new(&format!("oracle.fee{i}"), "test", RuleStatus::Unverified),
            after_days: f.after_days,
            recurrence: match f.rec {
                ORec::Once => Recurrence::Once,
                ORec::Every(n) => Recurrence::EveryDays { days: n },
                ORec::Monthly => Recurrence::Monthly,
            },
            base: match &f.base {
                OBase::Flat(a) => FeeBase::Flat { amount: *a },
                OBase::Installment(r) => FeeBase::Installment { rate: *r },
                OBase::OverduePrincipal(r) => FeeBase::OverduePrincipal { rate: *r },
                OBase::OverduePI(r) => FeeBase::OverduePrincipalAndInterest { rate: *r },
            },
            min: f.min,
            max: f.max,
            cost_basis: None,
        });
    }
    p.validate().unwrap();
    p
}

#[derive(Clone, Copy, Default)]
pub struct Scope {
    pub fees: bool,
    pub window: bool,
    pub variety: bool,
    pub cap_tol: bool,
    /// Always an annualised cap, its excess deferred.
    pub deferred: bool,
}

pub fn gen_case(seed: u64, scope: Scope) -> Case {
    let mut g = Rng(seed);
    let disb = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + Days::new(g.range(0, 700) as u64);
    let first_due = if g.chance(70) {
        add_months_clamped(disb, 1)
    } else {
        disb + Days::new(g.range(10, 50) as u64)
    };
    let term = g.range(3, 24) as u32;
    let principal = if g.chance(50) {
        Decimal::from(g.range(10, 2000) * 100)
    } else {
        Decimal::new(g.range(100_000, 50_000_000), 2)
    };
    let rate_bps = g.range(300, 2400);
    let method = if g.chance(50) {
        RepaymentMethod::EqualInstallment
    } else {
        RepaymentMethod::EqualPrincipal
    };
    let mut c = Case {
        seed,
        principal,
        rate_bps,
        method,
        term,
        disb,
        first_due,
        pays: vec![],
        revs: vec![],
        from: disb,
        to: disb,
        markup: dec("0.5"),
        compound: true,
        day_count: DayCount::Act360,
        rounding: Rounding::HalfUp,
        waterfall: 0,
        fees: vec![],
        fees_per_installment: None,
        fees_per_loan: None,
        tolerance: Decimal::ZERO,
        cap: None,
        deferred: false,
    };
    let loan = build_loan(&c);
    let sched: Vec<(NaiveDate, i128)> = loan
        .schedule()
        .iter()
        .map(|s| (s.due_date(), money_cents(s.payment())))
        .collect();
    let last_due = sched.last().unwrap().0;
    let horizon = (last_due - disb).num_days() + 200;
    let npay = g.range(0, 14);
    for k in 0..npay {
        let date = disb + Days::new(g.range(1, horizon) as u64);
        let inst = sched[g.range(0, sched.len() as i64 - 1) as usize].1;
        let amt = match g.range(0, 5) {
            0 => inst,
            1 => inst * g.range(1, 99) as i128 / 100,
            2 => inst * g.range(101, 400) as i128 / 100,
            3 => g.range(1, 5000) as i128,
            4 => inst + g.range(1, 3000) as i128,
            _ => inst * g.range(2, 6) as i128,
        }
        .max(1);
        c.pays
            .push((format!("P{k}"), date, Decimal::new(amt as i64, 2)));
    }
    for (k, (id, d, _)) in c.pays.clone().iter().enumerate() {
        if g.chance(20) {
            let rd = *d + Days::new(g.range(0, 40) as u64);
            c.revs.push((format!("R{k}"), rd, id.clone()));
        }
    }
    c.to = disb + Days::new(g.range(2, horizon) as u64);
    if scope.window && g.chance(60) {
        c.from = disb + Days::new(g.range(0, (c.to - disb).num_days() - 1) as u64);
    }
    if scope.variety {
        c.markup = Decimal::new(g.range(30, 50), 2);
        c.compound = g.chance(75);
        if g.chance(40) {
            c.day_count = DayCount::Act365Fixed;
        }
        c.rounding = match g.range(0, 3) {
            0 => Rounding::HalfUp,
            1 => Rounding::HalfEven,
            2 => Rounding::TowardZero,
            _ => Rounding::AwayFromZero,
        };
        c.waterfall = g.range(0, 3) as u8;
    }
    if scope.fees {
        let nf = g.range(0, 2);
        for _ in 0..nf {
            let base = match g.range(0, 3) {
                0 => OBase::Flat(Decimal::new(
                    g.range(100, 10_000),
                    if g.chance(20) { 3 } else { 2 },
                )),
                1 => OBase::Installment(Decimal::new(g.range(1, 100), 3)),
                2 => OBase::OverduePrincipal(Decimal::new(g.range(1, 100), 3)),
                _ => OBase::OverduePI(Decimal::new(g.range(1, 100), 3)),
            };
            let rec = match g.range(0, 2) {
                0 => ORec::Once,
                1 => ORec::Every(g.range(1, 40) as u32),
                _ => ORec::Monthly,
            };
            let min = g.chance(30).then(|| Decimal::new(g.range(100, 2000), 2));
            let max = g.chance(30).then(|| Decimal::new(g.range(2000, 20000), 2));
            c.fees.push(OFee {
                after_days: g.range(0, 30) as u32,
                rec,
                base,
                min,
                max,
            });
        }
        if !c.fees.is_empty() {
            if g.chance(25) {
                c.fees_per_installment = Some(Decimal::from(g.range(10, 300)));
            }
            if g.chance(25) {
                c.fees_per_loan = Some(Decimal::from(g.range(50, 1000)));
            }
        }
    }
    if scope.cap_tol {
        if g.chance(50) {
            c.tolerance = Decimal::new(g.range(1, 500), 2);
        }
        if g.chance(70) {
            c.cap = Some((g.range(500, 3600), g.chance(40)));
        }
    }
    // Draws for the later stages come after the earlier ones', so that
    // stages 1-4 keep their cases.
    if scope.deferred {
        c.deferred = true;
        if c.cap.is_none() || g.chance(50) {
            c.cap = Some((g.range(300, 2400), g.chance(50)));
        }
    }
    c
}

pub fn describe(c: &Case) -> String {
    format!(
        "seed {} | CNY {} at {} bps {:?} x{} disb {} first due {} | window {}..{} | markup {} compound {} {:?} {:?} waterfall {} tol {} | pays {:?} | revs {:?} | fees {:?} caps inst {:?} loan {:?} annualised {:?} deferred {}",
        c.seed, c.principal, c.rate_bps, c.method, c.term, c.disb, c.first_due, c.from, c.to,
        c.markup, c.compound, c.day_count, c.rounding, waterfall_of(c.waterfall).0.id(), c.tolerance,
        c.pays, c.revs, c.fees, c.fees_per_installment, c.fees_per_loan, c.cap, c.deferred
    )
}
