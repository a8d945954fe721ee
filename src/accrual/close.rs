//! The nightly batch: accrue one day for many loans from compact state, with
//! no allocation per loan-day.
//!
//! [`accrue`](super::accrue) replays a loan's whole ledger; a close of day
//! over a million loans instead keeps a small [`LoanDay`] per loan (what is
//! overdue, what has accrued, how much of the cap is used) and advances it
//! one day with [`close_day`]. When money moves, the host makes a new state
//! from [`accrue`](super::accrue) or its own books and carries the totals
//! over with [`LoanDay::continuing`].
//!
//! A state remembers the last day it was closed, so closing a day twice
//! changes nothing: after an error, the host fixes the loan the error names
//! and closes the day again, and only the loans not yet closed move.
//!
//! ```
//! use arrears::accrual::{close_day, close_portfolio, AccrualPolicy, ClosePolicy, LoanDay, LprTable};
//! use arrears::calendar::DayCount;
//! use arrears::delinquency::StageScheme;
//! use arrears::money::{Currency, Rate};
//! use chrono::NaiveDate;
//! use rust_decimal::Decimal;
//!
//! let d = |m, dd| NaiveDate::from_ymd_opt(2026, m, dd).unwrap();
//! // The `cn` preset; its LPR table (published to 2025-08-20) checked
//! // unchanged through 2026.
//! let lpr = LprTable::published().with_valid_through(d(12, 31))?;
//! let policy = AccrualPolicy::cn().with_lpr_table(lpr)?;
//! // The loans' own day count (the `cn` penalty has its own, Act/360).
//! let close = ClosePolicy::new(&policy, Currency::CNY, DayCount::Act360, StageScheme::m0_m7(), 0)?;
//! // A CNY 10,000 loan at 8 % made on 2026-01-01, overdue since 02-01 with
//! // 10,000 of principal and 100 of interest (an installment of 10,100),
//! // 10,000 of principal unpaid in all.
//! let mut state = LoanDay::new(
//!     &policy,
//!     Rate::from_percent(Decimal::from(8))?,
//!     d(1, 1),
//!     Some(d(2, 1)),
//!     Decimal::from(10_000), // overdue principal
//!     Decimal::from(100),    // overdue interest
//!     Decimal::from(10_100), // the overdue installment
//!     Decimal::from(10_000), // outstanding principal
//! )?;
//! // 罚息 at 8 % × 1.5 = 12 %: 10,000 × 0.12 / 360 = 3.33, 复利 100 × 0.12 /
//! // 360 = 0.03; the 4 × LPR cap (12 % on 10,000 / 365 = 3.2876… a day)
//! // lets 3.28 through.
//! let out = close_day(&mut state, &close, d(2, 2))?;
//! assert_eq!(out.penalty, Decimal::new(328, 2));
//! assert!(out.capped && out.stage_changed); // M0 → M1
//! // A portfolio of three such loans, the next night: 3 × 3.29.
//! let mut book = vec![state; 3];
//! let summary = close_portfolio(&mut book, &close, d(2, 3))?;
//! assert_eq!((summary.loans, summary.penalty), (3, Decimal::new(987, 2)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::policy::{AccrualPolicy, FeeBase, Posting, Recurrence};
use crate::calendar::DayCount;
use crate::delinquency::{DelinquencyOptions, DpdBasis, StageScheme};
use crate::error::{Error, Result};
use crate::loan::add_months_clamped;
use crate::money::{mul_div_round, Currency, Rounding};

mod portfolio;
mod stage;
mod state;

pub use portfolio::{close_portfolio, close_portfolio_sequential, CloseSummary};
pub use state::LoanDay;

/// The day count numerator and basis of `[day, day + 1)` under `dc` for a
/// loan overdue since `anchor`, as the engine counts it (30/360 days from
/// the anchor, `pieces::anchored_days`).
#[inline]
fn day_terms(dc: DayCount, anchor: NaiveDate, day: NaiveDate) -> (i64, i64) {
    match dc {
        DayCount::Act360 => (1, 360),
        DayCount::Act365Fixed => (1, 365),
        DayCount::ActActIsda => (1, if day.leap_year() { 366 } else { 365 }),
        thirty => (
            day.succ_opt().map_or(1, |next| {
                thirty.day_count(anchor, next) - thirty.day_count(anchor, day)
            }),
            360,
        ),
    }
}

/// What one loan-day produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DayOutcome {
    /// Penalty and compound interest accrued today (with what the cap held
    /// on earlier days and released today, under
    /// [`CapExcess::Deferred`](super::CapExcess::Deferred)).
    pub penalty: Decimal,
    /// Late fee charged today (with held fees released today).
    pub fee: Decimal,
    /// True if the annualised cap cut today's charges (or today's release
    /// of held ones).
    pub capped: bool,
    /// True if the stage changed today.
    pub stage_changed: bool,
    /// True if the state was already closed for this day (or a later one):
    /// nothing was done.
    #[serde(default)]
    pub already_closed: bool,
}

#[derive(Debug, Clone, Copy)]
struct FeeSpec {
    after: i64,
    recurrence: Recurrence,
    base: u8,
    value: Decimal,
    min: Option<Decimal>,
    max: Option<Decimal>,
}

/// An [`AccrualPolicy`] compiled for the nightly batch, with the stage
/// scheme to keep current.
#[derive(Debug, Clone)]
pub struct ClosePolicy {
    /// The penalty's day count (its own, else the loans').
    day_count: DayCount,
    dp: u32,
    rounding: Rounding,
    compound: bool,
    has_penalty: bool,
    stop_dpd: Option<i64>,
    fees: Vec<FeeSpec>,
    fee_limit: Option<Decimal>,
    has_cap: bool,
    /// The cap's cut parts are held ([`CapExcess::Deferred`](super::CapExcess::Deferred)).
    defer: bool,
    scheme: StageScheme,
    /// Grace days taken off the days past due before classifying (zero
    /// for a scheme on raw days past due).
    grace: u32,
    /// A late fee falls due only while the loan owes more than this.
    tolerance: Decimal,
    /// The stage of a loan not past due (0 days).
    current_stage: Option<u16>,
    /// Pauses that hold the stage, with the grace days
    /// ([`ClosePolicy::with_pauses`]; none under a scheme on raw days).
    pauses: Option<DelinquencyOptions>,
}

impl ClosePolicy {
    /// Compiles `policy` for loans in `currency` whose day count is
    /// `day_count` (what the penalty follows when it has none of its own,
    /// as in [`accrue`](super::accrue)), classifying stages with `scheme`
    /// after `grace_days`.
    ///
    /// A day's penalty is `round(base × rate / basis) × days` for the day
    /// `[day, day + 1)` under the penalty's day count: 1 day of 360, 365,
    /// or 365/366 by the day's year (Act/Act ISDA); 0 to 3 days of 360
    /// under a 30/360 convention, counted from `overdue_since` (under Bond
    /// Basis, for one due on the 1st: no day on the 31st, 3 on 28 February
    /// of a common year), as [`accrue`](super::accrue) counts an
    /// installment from its due date. The batch keeps one state per loan:
    /// when overdue installments fall due on different days of the month
    /// (the 31st and the 28th), `accrue` counts each from its own and the
    /// batch all from the oldest, so the two can differ by a day's penalty
    /// on the later ones around a month's end; refresh the state from
    /// [`accrue`](super::accrue) to reconcile.
    ///
    /// The batch keeps one balance per loan, not one per installment, so
    /// it rounds each day's penalty once on the loan's overdue principal
    /// (and once on its overdue interest), where [`accrue`](super::accrue)
    /// rounds each installment's: with several installments overdue the two
    /// can differ by a cent or so a day (two of 1,010.00 at 18 % on Act/360
    /// give 1.01 a day here, 0.51 each in the engine). Likewise a
    /// per-installment fee cap is applied to the loan's total fees (the
    /// stricter reading), and a late fee falls due only while the loan's
    /// overdue principal, interest, penalty and fees together exceed the
    /// policy's tolerance (the engine asks it of the installment). Use
    /// [`accrue`](super::accrue) for per-installment detail.
    ///
    /// Stages follow the scheme's basis: grace days come off the days past
    /// due under [`DpdBasis::Delinquent`], not under [`DpdBasis::Raw`]
    /// (RULES.md §1.1: regulatory classes use raw days past due).
    ///
    /// Under [`CapExcess::Deferred`](super::CapExcess::Deferred) the batch
    /// holds what the cap cuts off as two totals per loan (penalty and
    /// fees), not as [`accrue`](super::accrue)'s list in the order of the
    /// cuts, and
    /// releases held fees before held penalty: for a loan whose state
    /// no payment changed, the totals charged are the engine's (within the
    /// cent of the allowance's rounding), and the split between the two can
    /// differ while both are held. The engine drops what an installment
    /// held once it is paid up; the batch knows no installments, so when it
    /// refreshes a loan's state the host sets `cap_held_penalty` and
    /// `cap_held_fees` (from [`AccrualReport::held`](super::AccrualReport))
    /// after [`LoanDay::continuing`], which carries the old state's.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPolicy`] if the policy is invalid;
    /// [`Error::InvalidField`] (`caps.annualized.day_count`) for an
    /// annualised cap on a day count other than Act/360 or Act/365F, whose
    /// daily allowance [`LoanDay`] cannot hold, and (`posting`) for
    /// [`Posting::Period`]: the batch posts each day (use
    /// [`accrue`](super::accrue) for either).
    pub fn new(
        policy: &AccrualPolicy,
        currency: Currency,
        day_count: DayCount,
        scheme: StageScheme,
        grace_days: u32,
    ) -> Result<Self> {
        policy.validate()?;
        policy.check_currency(currency)?;
        if policy.posting() != Posting::Daily {
            return Err(Error::invalid(
                "posting",
                format!("{:?}", policy.posting()),
                "the nightly close posts each day: daily posting only",
            ));
        }
        let penalty = policy.penalty();
        if let Some(cap) = &policy.caps().annualized {
            let dc = cap.day_count.unwrap_or(DayCount::Act365Fixed);
            if !matches!(dc, DayCount::Act360 | DayCount::Act365Fixed) {
                return Err(Error::invalid(
                    "caps.annualized.day_count",
                    dc,
                    "the nightly close holds a fixed daily cap allowance: Act/360 or Act/365F only",
                ));
            }
        }
        let fees = policy
            .late_fees()
            .iter()
            .map(|f| {
                let (base, value) = match &f.base {
                    FeeBase::Flat { amount } => (0, *amount),
                    FeeBase::Installment { rate } => (1, *rate),
                    FeeBase::OverduePrincipal { rate } => (2, *rate),
                    FeeBase::OverduePrincipalAndInterest { rate } => (3, *rate),
                    FeeBase::UnpaidMinimum { rate } => (4, *rate),
                };
                FeeSpec {
                    after: i64::from(f.after_days.max(1)),
                    recurrence: f.recurrence,
                    base,
                    value,
                    min: f.min,
                    max: f.max,
                }
            })
            .collect();
        let caps = policy.caps();
        let fee_limit = match (caps.fees_per_installment, caps.fees_per_loan) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        Ok(ClosePolicy {
            day_count: penalty.and_then(|p| p.day_count).unwrap_or(day_count),
            dp: currency.minor_units(),
            rounding: policy.rounding(),
            compound: penalty.is_some_and(|p| p.compound),
            has_penalty: penalty.is_some(),
            stop_dpd: policy.stop().at_dpd.map(i64::from),
            fees,
            fee_limit,
            has_cap: caps.annualized.is_some(),
            defer: policy.defers_cap_cuts(),
            grace: match scheme.basis() {
                DpdBasis::Raw => 0,
                DpdBasis::Delinquent => grace_days,
            },
            current_stage: scheme.index_of(0).and_then(|i| u16::try_from(i).ok()),
            scheme,
            tolerance: policy.tolerance(),
            pauses: None,
        })
    }

    /// The stage scheme.
    pub fn scheme(&self) -> &StageScheme {
        &self.scheme
    }
}

impl FeeSpec {
    #[inline]
    fn due(&self, since: NaiveDate, day: NaiveDate, dpd: i64) -> bool {
        if dpd < self.after {
            return false;
        }
        match self.recurrence {
            Recurrence::Once => dpd == self.after,
            Recurrence::EveryDays { days } => (dpd - self.after) % i64::from(days.max(1)) == 0,
            Recurrence::Monthly => {
                let Some(first) = since.checked_add_days(chrono::Days::new(self.after as u64))
                else {
                    return false;
                };
                let months =
                    (day.year() - first.year()) * 12 + day.month() as i32 - first.month() as i32;
                u32::try_from(months)
                    .ok()
                    .and_then(|k| add_months_clamped(first, k))
                    == Some(day)
            }
        }
    }
}

/// Advances one loan by one day (`day` is the day accrued; DPD = `day −
/// overdue_since`): penalty and compound interest, late fees, the
/// annualised cap, and the stage. No allocation.
///
/// In the order of [`accrue`](super::accrue): the day's late fees fall due
/// first, within the cap's room as it was at the end of the day before;
/// then the day's cap allowance is added and the day's penalty takes what
/// room is left.
///
/// A state already closed for `day` or a later day is left as it is
/// ([`DayOutcome::already_closed`]). Days skipped since the state was last
/// closed are closed first, in order, and the outcome is theirs and
/// `day`'s together (no day is lost). On an error the state is left as it
/// was.
///
/// # Errors
///
/// [`Error::Overflow`] on absurd amounts.
#[inline]
pub fn close_day(state: &mut LoanDay, policy: &ClosePolicy, day: NaiveDate) -> Result<DayOutcome> {
    let first = match state.closed {
        Some(c) if day <= c => {
            return Ok(DayOutcome {
                already_closed: true,
                ..DayOutcome::default()
            })
        }
        Some(c) => c.succ_opt().unwrap_or(day),
        None => day,
    };
    if first == day {
        return close_one(state, policy, day);
    }
    // Catching up: the days before `day` are closed one by one, and undone
    // together if one fails.
    let before = *state;
    let mut out = DayOutcome::default();
    let mut d = first;
    let caught_up = loop {
        let sums = close_one(state, policy, d)
            .and_then(|o| Ok((add(out.penalty, o.penalty)?, add(out.fee, o.fee)?, o)));
        let (penalty, fee, o) = match sums {
            Ok(x) => x,
            Err(e) => break Err(e),
        };
        out.penalty = penalty;
        out.fee = fee;
        out.capped |= o.capped;
        out.stage_changed |= o.stage_changed;
        if d >= day {
            break Ok(out);
        }
        match d.succ_opt() {
            Some(next) => d = next,
            None => break Ok(out),
        }
    };
    if caught_up.is_err() {
        *state = before;
    }
    caught_up
}

/// [`close_day`] for a state last closed the day before `day` (or never).
#[inline]
fn close_one(state: &mut LoanDay, policy: &ClosePolicy, day: NaiveDate) -> Result<DayOutcome> {
    // The day is worked out on the side and written only once it is all
    // done, so an error leaves the state as it was.
    let mut cap = CapCount {
        allowance: state.cap_allowance,
        used: state.cap_used,
        held_penalty: state.cap_held_penalty,
        held_fees: state.cap_held_fees,
    };
    let (mut out, stage, totals) = advance(state, &mut cap, policy, day)?;
    if let Some([penalty, fees, charged]) = totals {
        state.penalty = penalty;
        state.fees = fees;
        state.fees_charged = charged;
        state.cap_allowance = cap.allowance;
        state.cap_used = cap.used;
        state.cap_held_penalty = cap.held_penalty;
        state.cap_held_fees = cap.held_fees;
    }
    // A state's first close classifies it: a loan not past due is at the
    // scheme's first stage without changing to it.
    if state.closed.is_none() && state.stage.is_none() && stage == policy.current_stage {
        out.stage_changed = false;
    }
    state.stage = stage;
    state.closed = Some(day);
    Ok(out)
}

/// What the annualised cap counts for a loan, as a day changes it.
#[derive(Debug, Clone, Copy)]
struct CapCount {
    allowance: Decimal,
    used: Decimal,
    held_penalty: Decimal,
    held_fees: Decimal,
}

/// A day's outcome, the stage, and the new penalty, fee and fees-charged
/// totals if the day accrued.
type Advanced = (DayOutcome, Option<u16>, Option<[Decimal; 3]>);

/// [`close_day`]'s work: the day's outcome, the stage and, if the day
/// accrued (the loan overdue, not stopped), the new penalty and fee totals,
/// with `cap` brought up to date; `state` is not changed.
#[inline]
fn advance(
    state: &LoanDay,
    cap: &mut CapCount,
    policy: &ClosePolicy,
    day: NaiveDate,
) -> Result<Advanced> {
    let mut out = DayOutcome::default();
    let dpd = state
        .overdue_since
        .map_or(0, |since| (day - since).num_days());
    let stage = policy.stage(state, dpd, day);
    out.stage_changed = stage != state.stage;
    let Some(since) = state.overdue_since else {
        return Ok((out, stage, None));
    };
    if dpd <= 0 || policy.stop_dpd.is_some_and(|s| dpd >= s) {
        return Ok((out, stage, None));
    }
    // Fees fall due at the start of the day, before the day's penalty and
    // allowance, as in `accrue` (a fee fires at the end of the interval
    // before the day): against the cap's room as it was last night.
    let mut owes = None;
    for f in &policy.fees {
        if !f.due(since, day, dpd) {
            continue;
        }
        let unpaid = add(
            add(state.overdue_principal, state.overdue_interest)?,
            add(state.penalty, state.fees)?,
        )?;
        if !*owes.get_or_insert(unpaid > policy.tolerance) {
            continue;
        }
        let base = match f.base {
            0 => Decimal::ONE,
            1 => state.installment,
            2 => state.overdue_principal,
            3 => add(state.overdue_principal, state.overdue_interest)?,
            _ => unpaid,
        };
        let mut fee = mul_div_round(base, f.value, 1, policy.dp, policy.rounding)?;
        if let Some(min) = f.min {
            fee = fee.max(min);
        }
        if let Some(max) = f.max {
            fee = fee.min(max);
        }
        if let Some(limit) = policy.fee_limit {
            // Held fees count against the fee cap from the day they were
            // charged, as in `accrue`.
            let counted = add(add(state.fees_charged, cap.held_fees)?, out.fee)?;
            fee = fee.min(sub(limit, counted)?.max(Decimal::ZERO));
        }
        out.fee = add(out.fee, fee)?;
    }
    if policy.has_cap && !out.fee.is_zero() {
        let fee = out.fee;
        out.fee = cap_cut(cap, policy, fee, &mut out.capped)?;
        if policy.defer && out.fee != fee {
            cap.held_fees = add(cap.held_fees, sub(fee, out.fee)?)?;
        }
    }
    if policy.has_penalty {
        let (days, basis) = day_terms(policy.day_count, since, day);
        let day_amount = |base: Decimal| -> Result<Decimal> {
            let a = mul_div_round(base, state.penalty_rate, basis, policy.dp, policy.rounding)?;
            match days {
                1 => Ok(a),
                n => a
                    .checked_mul(Decimal::from(n))
                    .ok_or_else(|| Error::overflow("multiply", a, n)),
            }
        };
        let mut p = day_amount(state.overdue_principal)?;
        if policy.compound && !state.overdue_interest.is_zero() {
            let c = day_amount(state.overdue_interest)?;
            p = p
                .checked_add(c)
                .ok_or_else(|| Error::overflow("add", p, c))?;
        }
        out.penalty = p;
    }
    if policy.has_cap {
        // The day's allowance, then its penalty within the room.
        cap.allowance = add(cap.allowance, state.cap_daily)?;
        if policy.defer {
            // What the cap held is charged first, as far as the room allows.
            let released = release(cap, policy, &mut out)?;
            let p = out.penalty;
            out.penalty = cap_cut(cap, policy, p, &mut out.capped)?;
            cap.held_penalty = add(cap.held_penalty, sub(p, out.penalty)?)?;
            out.penalty = add(out.penalty, released)?;
        } else if !out.penalty.is_zero() {
            out.penalty = cap_cut(cap, policy, out.penalty, &mut out.capped)?;
        }
    }
    // Most days charge no fee: adding that zero (of scale 0) is skipped. It
    // would change no value; only a zero total of a larger scale (0.00)
    // would have come back as 0.
    let (fees, charged) = if out.fee.is_zero() && out.fee.scale() == 0 {
        (state.fees, state.fees_charged)
    } else {
        (add(state.fees, out.fee)?, add(state.fees_charged, out.fee)?)
    };
    let totals = [add(state.penalty, out.penalty)?, fees, charged];
    Ok((out, stage, Some(totals)))
}

/// Charges held fees, then held penalty, within the cap's room: adds the
/// fees to `out.fee` and returns the penalty released.
fn release(cap: &mut CapCount, policy: &ClosePolicy, out: &mut DayOutcome) -> Result<Decimal> {
    if !cap.held_fees.is_zero() {
        let fees = cap_cut(cap, policy, cap.held_fees, &mut out.capped)?;
        cap.held_fees = sub(cap.held_fees, fees)?;
        out.fee = add(out.fee, fees)?;
    }
    let mut penalty = Decimal::ZERO;
    if !cap.held_penalty.is_zero() {
        penalty = cap_cut(cap, policy, cap.held_penalty, &mut out.capped)?;
        cap.held_penalty = sub(cap.held_penalty, penalty)?;
    }
    Ok(penalty)
}

/// `charge` within the cap's room (rounded down to the currency's places),
/// counted as used; sets `capped` if it was cut.
#[inline]
fn cap_cut(
    cap: &mut CapCount,
    policy: &ClosePolicy,
    charge: Decimal,
    capped: &mut bool,
) -> Result<Decimal> {
    let room = sub(cap.allowance, cap.used)?;
    let charge = if charge > room {
        *capped = true;
        Rounding::TowardZero.round(room.max(Decimal::ZERO), policy.dp)
    } else {
        charge
    };
    cap.used = add(cap.used, charge)?;
    Ok(charge)
}

#[inline]
fn add(a: Decimal, b: Decimal) -> Result<Decimal> {
    a.checked_add(b).ok_or_else(|| Error::overflow("add", a, b))
}

#[inline]
fn sub(a: Decimal, b: Decimal) -> Result<Decimal> {
    a.checked_sub(b)
        .ok_or_else(|| Error::overflow("subtract", a, b))
}

#[cfg(test)]
mod tests;
