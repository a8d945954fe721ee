//! Stage 14's draws (`X14`): what stages 1–13 never drew, each from the
//! case's own generator so that the main one draws as before.
//!
//! - Waterfalls (`alloc.rs`): the other presets (民法典 561, the two
//!   Fineract in-advance orders, `rbi_india`), and custom ones: any order
//!   per due type, groups in any order, rules interleaved, horizontal or
//!   vertical, next / last installment first or reamortization, with or
//!   without in-advance rules and then any `Overpayment` mode.
//! - The penalty's day count Act/Act (ISDA), or none (the loan's, drawn
//!   among all seven), and the cap's allowance on Act/Act.
//! - A contract date 0–500 days before disbursement
//!   (`LoanTerms::with_contract_date`): the LPR is read there and a
//!   30/360 allowance counts from it (`CapTerms`, `CapRate`).
//! - The penalty rate: stated (`PenaltyRate::Explicit`, 1–60 %), or a
//!   markup in the `Misuse` band or `Unchecked` (−90 % to +150 %), or no
//!   penalty rule at all (fees only); `compound_rule` left out (复利
//!   records cite `rule`).
//! - Loans: interest-only and bullet, weekly and bi-weekly, interest by
//!   day count, schedule rounding (the model reads the schedule only).
//!
//! Doc gaps decided here: see the entry file's header (stage 14).

use arrears::accrual::{AccrualPolicy, LprTable, MarkupBand, PenaltyRate, PenaltyRule};
use arrears::calendar::DayCount;
use arrears::loan::{Frequency, InterestMethod, LoanTerms, RepaymentMethod};
use arrears::money::{Rate, Rounding};
use chrono::{Datelike, Days, NaiveDate};
use rust_decimal::Decimal;

use crate::case::Case;
use crate::num::Rng;

/// How the penalty rate is set.
#[derive(Clone, Debug, Default)]
pub enum PRate {
    /// The earlier stages' `Markup` in the `Overdue` band (`Case::markup`).
    #[default]
    Overdue,
    Misuse,
    Unchecked,
    Explicit(Decimal),
    /// No penalty rule: no 罚息 or 复利.
    None,
}

/// Stage 14's draws; the default is what stages 1–13 do.
#[derive(Clone, Debug, Default)]
pub struct X14 {
    pub waterfall: Option<arrears::allocation::Waterfall>,
    pub rate: PRate,
    /// The penalty rule names no day count: the loan's (`Case::day_count`).
    pub loan_dc: bool,
    /// The loan's day count when the penalty names its own.
    pub loan_dc_other: Option<DayCount>,
    pub contract: Option<NaiveDate>,
    pub frequency: Option<Frequency>,
    pub interest_by_dc: bool,
    pub sched_rounding: Option<Rounding>,
    /// `compound_rule` left out.
    pub no_compound_rule: bool,
    /// Act/Act for the penalty / for the allowance (applied after the
    /// main draws, `finish`).
    pub act_act: bool,
    pub cap_act_act: bool,
}

/// Draws before the schedule is built (it depends on some of these).
pub fn draw(c: &mut Case) {
    let mut g = Rng(c.seed ^ 0x14AC_7AC7);
    let mut x = X14 {
        waterfall: crate::alloc::draw_waterfall(&mut g),
        ..X14::default()
    };
    if g.chance(15) {
        c.method = if g.chance(50) {
            RepaymentMethod::InterestOnly
        } else {
            RepaymentMethod::Bullet
        };
    }
    if g.chance(20) {
        x.frequency = Some(if g.chance(50) {
            Frequency::Weekly
        } else {
            Frequency::BiWeekly
        });
    }
    x.interest_by_dc = g.chance(20);
    if g.chance(20) {
        x.sched_rounding = Some(Rounding::TowardZero);
    }
    if g.chance(50) {
        x.contract = Some(c.disb - Days::new(g.range(0, 500) as u64));
    }
    x.rate = match g.range(0, 9) {
        0 | 1 => PRate::Explicit(Decimal::new(g.range(1, 6000), 4)),
        2 => PRate::Explicit(Decimal::new(g.range(10, 600), 3)),
        3 => PRate::Misuse,
        4 | 5 => PRate::Unchecked,
        6 => PRate::None,
        _ => PRate::Overdue,
    };
    x.no_compound_rule = g.chance(30);
    x.loan_dc = g.chance(30);
    x.loan_dc_other = g
        .chance(50)
        .then(|| DayCount::ALL[g.range(0, DayCount::ALL.len() as i64 - 1) as usize]);
    x.act_act = g.chance(40);
    x.cap_act_act = g.chance(35);
    c.x14 = x;
}

/// Draws after the main ones: the markup's band, Act/Act, the loan's day
/// count for the penalty.
pub fn finish(c: &mut Case) {
    let mut g = Rng(c.seed ^ 0x14F1_7157);
    match c.x14.rate {
        PRate::Misuse => c.markup = Decimal::new(g.range(50, 100), 2),
        PRate::Unchecked => c.markup = Decimal::new(g.range(-90, 150), 2),
        _ => {}
    }
    if c.x14.act_act {
        c.day_count = DayCount::ActActIsda;
    } else if c.x14.loan_dc && g.chance(40) {
        c.day_count = DayCount::ALL[g.range(0, DayCount::ALL.len() as i64 - 1) as usize];
    }
    if c.x14.cap_act_act && c.cap.is_some() {
        c.cap_dc = Some(DayCount::ActActIsda);
    }
}

/// The loan's terms with stage 14's options.
pub fn terms(c: &Case, mut t: LoanTerms) -> LoanTerms {
    let x = &c.x14;
    if let Some(d) = x.contract {
        t = t.with_contract_date(d);
    }
    if let Some(f) = x.frequency {
        t = t.with_frequency(f);
    }
    if x.interest_by_dc {
        t = t.with_interest_method(InterestMethod::DayCount);
    }
    if let Some(r) = x.sched_rounding {
        t = t.with_rounding(r);
    }
    let dc = if x.loan_dc {
        Some(c.day_count)
    } else {
        x.loan_dc_other
    };
    match dc {
        Some(dc) => t.with_day_count(dc),
        None => t,
    }
}

/// The policy with stage 14's penalty rule and waterfall.
pub fn policy(c: &Case, p: AccrualPolicy, pen: PenaltyRule) -> AccrualPolicy {
    let x = &c.x14;
    let p = match &x.waterfall {
        Some(w) => p.with_waterfall(w.clone()),
        None => p,
    };
    let band = match x.rate {
        PRate::Misuse => MarkupBand::Misuse,
        PRate::Unchecked => MarkupBand::Unchecked,
        _ => MarkupBand::Overdue,
    };
    let rate = match x.rate {
        PRate::Explicit(r) => PenaltyRate::Explicit {
            rate: Rate::from_fraction(r).unwrap(),
        },
        _ => PenaltyRate::Markup {
            markup: c.markup,
            band,
        },
    };
    let pen = PenaltyRule {
        rate,
        day_count: (!x.loan_dc).then_some(c.day_count),
        compound_rule: if x.no_compound_rule {
            None
        } else {
            pen.compound_rule
        },
        ..pen
    };
    if matches!(x.rate, PRate::None) {
        // `AccrualPolicy::cn` comes with a penalty: start from a bare
        // policy with the same parts.
        let mut q = AccrualPolicy::new("oracle14")
            .with_caps(p.caps().clone())
            .with_stop(p.stop())
            .with_posting(p.posting())
            .with_rounding(p.rounding())
            .with_tolerance(p.tolerance())
            .with_waterfall(p.waterfall().clone());
        for f in p.late_fees() {
            q = q.with_late_fee(f.clone());
        }
        return q;
    }
    p.with_penalty(pen)
}

/// The agreed annual penalty rate (0 without a penalty rule).
pub fn agreed_rate(c: &Case) -> Decimal {
    let contract = Decimal::from(c.rate_bps) / Decimal::from(10_000);
    match c.x14.rate {
        PRate::Explicit(r) => r,
        PRate::None => Decimal::ZERO,
        _ => contract * (Decimal::ONE + c.markup),
    }
}

/// The rule 复利 records cite (not held to the cap rate).
pub fn compound_rule_id(c: &Case) -> &'static str {
    if c.x14.no_compound_rule {
        "oracle.penalty"
    } else {
        "oracle.compound"
    }
}

/// The penalty's day-count basis on `day`: 360 or 365, and for Act/Act
/// (ISDA) 366 in a leap year, 365 otherwise (`DayCount::ActActIsda`).
pub fn basis(dc: DayCount, day: NaiveDate) -> i128 {
    match dc {
        DayCount::Act365Fixed => 365,
        DayCount::ActActIsda if leap(day) => 366,
        DayCount::ActActIsda => 365,
        _ => 360,
    }
}

pub fn leap(d: NaiveDate) -> bool {
    NaiveDate::from_ymd_opt(d.year(), 2, 29).is_some()
}

/// The contract date (`LoanTerms::contract_date`).
pub fn contract(c: &Case) -> NaiveDate {
    c.x14.contract.unwrap_or(c.disb)
}

/// The table the policy's LPR cap reads: the published one, open-ended
/// past its last known date when the contract date is beyond it.
pub fn lpr_table(c: &Case) -> LprTable {
    let t = LprTable::published();
    if t.valid_through().is_some_and(|v| contract(c) > v) {
        LprTable::new(t.rows().to_vec()).unwrap()
    } else {
        t
    }
}
