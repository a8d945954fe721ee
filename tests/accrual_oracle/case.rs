//! The random cases: a loan, its ledger, a window and an accrual policy,
//! built from one seed, and their translation into the library's types.

use arrears::accrual::{
    AccrualPolicy, AnnualizedCap, CapBase, CapExcess, CapRate, Caps, FeeBase, LateFeeRule,
    MarkupBand, PenaltyRate, PenaltyRule, Posting, Recurrence, RuleRef, StopRule,
};
use arrears::calendar::DayCount;
use arrears::delinquency::RuleStatus;
use arrears::loan::{Loan, LoanTerms, RepaymentMethod, Transaction, TxKind};
use arrears::money::{Currency, Money, Rate, Rounding};
use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;

use crate::num::{add_months_clamped, dec, money_cents, set_currency, Rng};

/// The annualised cap's rule id, as cut records name it in `capped_by`.
pub const CAP_RULE: &str = "oracle.cap";
/// The cap's `rate_rule`, cited by interest records at the held rate.
pub const RATE_RULE: &str = "oracle.art28";

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
    pub currency: Currency,
    /// `StopRule::at_dpd`.
    pub stop_dpd: Option<u32>,
    /// `StopRule::at_charge_off`.
    pub stop_co: bool,
    /// A charge-off in the ledger: (date, date of its reversal, if any).
    pub charge_off: Option<(NaiveDate, Option<NaiveDate>)>,
    pub posting: Posting,
    /// The annualised cap is this multiple of the LPR (its bps unused).
    pub lpr_multiple: Option<Decimal>,
    /// The cap's `rate_rule` (art28 rate hold) is set.
    pub rate_hold: bool,
    /// The cap's day count (30/360 family), else Act/365F.
    pub cap_dc: Option<DayCount>,
    /// Waivers and penalty / fee charges in the ledger (`extras.rs`).
    pub extras: Vec<crate::extras::Extra>,
    /// Stage 14's draws (`more.rs`).
    pub x14: crate::more::X14,
}

pub use crate::alloc::waterfall_of;

pub fn build_loan(c: &Case) -> Loan {
    let terms = crate::more::terms(
        c,
        LoanTerms::new(
            "ORACLE",
            Money::new(c.principal, c.currency),
            c.disb,
            Rate::from_bps(Decimal::from(c.rate_bps)).unwrap(),
            c.method,
            c.term,
            c.first_due,
        ),
    );
    let mut loan = Loan::new(terms).unwrap();
    for (id, d, a) in &c.pays {
        loan.record(Transaction::repayment(id, *d, Money::new(*a, c.currency)))
            .unwrap();
    }
    crate::extras::record_extras(c, &mut loan);
    if let Some((d, rev)) = c.charge_off {
        loan.record(Transaction::new("CO", d, TxKind::ChargeOff))
            .unwrap();
        if let Some(r) = rev {
            loan.record(Transaction::reversal("RCO", r, "CO")).unwrap();
        }
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
                rate: match c.lpr_multiple {
                    None => CapRate::Fixed {
                        rate: Rate::from_bps(Decimal::from(bps)).unwrap(),
                    },
                    Some(multiple) => CapRate::LprMultiple {
                        multiple,
                        table: crate::more::lpr_table(c),
                    },
                },
                day_count: c.cap_dc,
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
                rate_rule: c
                    .rate_hold
                    .then(|| RuleRef::new(RATE_RULE, "test", RuleStatus::Unverified)),
            }),
        })
        .with_stop(StopRule {
            at_dpd: c.stop_dpd,
            at_charge_off: c.stop_co,
        })
        .with_posting(c.posting)
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
    p = crate::more::policy(c, p, pen);
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
    /// Stop rules (at a DPD, at a charge-off in the ledger).
    pub stops: bool,
    /// USD, or a custom currency with 0 or 3 minor units.
    pub currencies: bool,
    /// `Posting::Period`.
    pub period: bool,
    /// 30/360 day counts, LPR-multiple caps and the art28 rate hold.
    pub conv: bool,
    /// A 30/360 day count for the annualised cap (with `conv`).
    pub cap_dc: bool,
    /// Waivers and penalty / fee charges in the ledger.
    pub ledger: bool,
    /// Stages 12-13 (`wide.rs`): widened entries, a per-case subset of
    /// stages 5-10's features, denser entries.
    pub wide: bool,
    pub mix: bool,
    pub dense: bool,
    /// Stage 14's draws (`more.rs`).
    pub s14: bool,
}

pub fn gen_case(seed: u64, scope: Scope) -> Case {
    let scope = crate::wide::mix_scope(seed, scope);
    let mut g = Rng(seed);
    // The currency comes from its own generator, so that the main one
    // draws the same numbers in every currency (amounts in minor units).
    let currency = if scope.currencies {
        match Rng(seed ^ 0x5EED_C0DE).range(0, 2) {
            0 => Currency::USD,
            1 => Currency::new("XZA", 0).unwrap(),
            _ => Currency::new("XTH", 3).unwrap(),
        }
    } else {
        Currency::CNY
    };
    set_currency(currency);
    let dp = currency.minor_units();
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
        Decimal::new(g.range(100_000, 50_000_000), dp)
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
        currency,
        stop_dpd: None,
        stop_co: false,
        charge_off: None,
        posting: Posting::Daily,
        lpr_multiple: None,
        rate_hold: false,
        cap_dc: None,
        extras: vec![],
        x14: Default::default(),
    };
    if scope.s14 {
        crate::more::draw(&mut c);
    }
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
            .push((format!("P{k}"), date, Decimal::new(amt as i64, dp)));
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
            let min = g.chance(30).then(|| Decimal::new(g.range(100, 2000), dp));
            let max = g.chance(30).then(|| Decimal::new(g.range(2000, 20000), dp));
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
            c.tolerance = Decimal::new(g.range(1, 500), dp);
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
    if scope.stops {
        if g.chance(50) && c.tolerance.is_zero() {
            c.tolerance = Decimal::new(g.range(1, 3000), dp);
        } else if g.chance(50) {
            // A large tolerance, and payments that leave an installment a
            // little under it, for the penalty to lift it over it (an event
            // when it moves the overdue-since date).
            let tol = g.range(1000, 100_000);
            c.tolerance = Decimal::new(tol, dp);
            for k in 0..g.range(1, 4) {
                let (due, inst) = sched[g.range(0, sched.len() as i64 - 1) as usize];
                let date = due + Days::new(g.range(1, 40) as u64);
                let amt = (inst - i128::from(tol) + i128::from(g.range(0, tol / 20))).max(1);
                c.pays
                    .push((format!("T{k}"), date, Decimal::new(amt as i64, dp)));
            }
        }
        if g.chance(65) {
            c.stop_dpd = Some(g.range(1, 90) as u32);
        }
        if g.chance(50) {
            let d = disb + Days::new(g.range(1, horizon) as u64);
            let rev = g.chance(25).then(|| d + Days::new(g.range(0, 60) as u64));
            // The ledger refuses to reverse a charge-off across a later
            // monetary transaction.
            let rev = rev.filter(|r| !c.pays.iter().any(|p| p.1 >= d && p.1 <= *r));
            c.charge_off = Some((d, rev));
            c.stop_co = g.chance(80);
        } else {
            c.stop_co = g.chance(30);
        }
        if c.cap.is_some() && g.chance(30) {
            c.deferred = true;
        }
    }
    if scope.period {
        c.posting = Posting::Period;
    }
    if scope.conv {
        c.day_count = match g.range(0, 5) {
            0 => DayCount::Thirty360BondBasis,
            1 => DayCount::Thirty360Us,
            2 => DayCount::ThirtyE360,
            3 => DayCount::ThirtyE360Isda,
            _ => c.day_count,
        };
        if c.cap.is_none() && g.chance(70) {
            c.cap = Some((1000, g.chance(40)));
        }
        if c.cap.is_some() && g.chance(80) {
            c.lpr_multiple = Some(match g.range(0, 3) {
                0 => Decimal::from(4),
                1 => Decimal::from(2),
                2 => dec("1.5"),
                _ => dec("6.25"),
            });
        }
        c.rate_hold = c.cap.is_some() && g.chance(70);
        if g.chance(50) {
            c.posting = Posting::Period;
        }
        if scope.cap_dc && g.chance(60) {
            c.cap_dc = Some(match g.range(0, 1) {
                0 => DayCount::Thirty360BondBasis,
                _ => DayCount::ThirtyE360,
            });
        }
    }
    if scope.s14 {
        crate::more::finish(&mut c);
    }
    if scope.ledger {
        crate::wide::gen_ledger(&mut c, scope);
    }
    c
}

pub fn describe(c: &Case) -> String {
    format!(
        "seed {} | {} at {} bps {:?} x{} disb {} first due {} | window {}..{} | markup {} compound {} {:?} {:?} waterfall {} tol {} | pays {:?} | revs {:?} | fees {:?} caps inst {:?} loan {:?} annualised {:?} deferred {} | {} stop dpd {:?} charge-off {:?} (stops: {}) {:?} lpr x{:?} rate hold {} cap dc {:?} | extras {:?} | {:?}",
        c.seed, c.principal, c.rate_bps, c.method, c.term, c.disb, c.first_due, c.from, c.to,
        c.markup, c.compound, c.day_count, c.rounding, waterfall_of(c.waterfall).0.id(), c.tolerance,
        c.pays, c.revs, c.fees, c.fees_per_installment, c.fees_per_loan, c.cap, c.deferred,
        c.currency, c.stop_dpd, c.charge_off, c.stop_co, c.posting, c.lpr_multiple, c.rate_hold, c.cap_dc,
        c.extras, c.x14
    )
}
