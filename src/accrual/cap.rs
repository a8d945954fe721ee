//! The annualised cost cap (`RULES.md` §2.3): overdue interest, 违约金 and
//! fees together may not exceed an annual rate (a fixed rate, or a multiple
//! of the LPR at the contract date) on the principal still owed, for the
//! days on which something is overdue.
//!
//! The allowance is held as an exact fraction: `rate × days / CAP_DENOM`,
//! where `days` sums principal × day count × (`CAP_DENOM` / basis). So the
//! common check, "does this amount still fit", is integer arithmetic on
//! minor units; only a binding cap divides, and the room it leaves is
//! rounded toward zero to the minor unit.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::pieces::{anchored_days, pieces};
use crate::calendar::DayCount;
use crate::error::{Error, Result};
use crate::money::{minor_units, Rounding};
use crate::rule::RuleId;

/// A common multiple of every day-count basis (360, 365, 366), so that the
/// cap allowance is an exact fraction with this denominator.
pub(super) const CAP_DENOM: i64 = 360 * 4453;

/// The cap's state while a loan is replayed.
pub(super) struct AnnualCap {
    rate: Decimal,
    dc: DayCount,
    /// Where a 30/360-family count starts (the contract date): each
    /// interval counts `dc(anchor, end) − dc(anchor, start)` days, so that
    /// the allowance does not depend on where events cut it.
    anchor: NaiveDate,
    id: RuleId,
    /// The currency's minor units.
    dp: u32,
    /// The allowance so far is `rate × days / CAP_DENOM`: `days` sums
    /// principal × days × (`CAP_DENOM` / basis), exactly.
    days: Decimal,
    /// `rate × days`, and `floor(that × 10^dp)` as an integer, while known.
    limit: Option<(Decimal, Option<i128>)>,
    /// The last `floor(rate × days × 10^dp)` computed, divided by
    /// `CAP_DENOM` (rounding down): a lower bound of the minor units the
    /// current allowance holds, as the allowance only grows (`None` once it
    /// might not: a negative rate or addition). What fits under it fits.
    floor: Option<i128>,
    /// What the cap has let through: minor units, plus amounts with more
    /// decimals (rare: a fee minimum or maximum can have them).
    used_units: i128,
    used_rest: Decimal,
}

/// What a binding cap lets through of `amount`, when `used` is taken of
/// the allowance `limit / CAP_DENOM`: the room left, rounded toward zero to
/// `dp` places, if it is less than `amount` (and then `true`).
pub(super) fn cut(
    limit: Decimal,
    used: Decimal,
    amount: Decimal,
    dp: u32,
) -> Result<(Decimal, bool)> {
    let allowance = limit
        .checked_div(Decimal::from(CAP_DENOM))
        .ok_or_else(|| Error::overflow("divide", limit, CAP_DENOM))?;
    let room = Rounding::TowardZero.round(allowance.saturating_sub(used).max(Decimal::ZERO), dp);
    Ok((room.min(amount), room < amount))
}

impl AnnualCap {
    /// The cap's rate, day count, 30/360 anchor, rule id and minor units.
    pub(super) fn parts(&self) -> (Decimal, DayCount, NaiveDate, &RuleId, u32) {
        (self.rate, self.dc, self.anchor, &self.id, self.dp)
    }

    /// A cap at annual `rate` under day count `dc` (a 30/360-family count
    /// starting at `anchor`), reported as rule `id`, for amounts with `dp`
    /// decimals.
    pub(super) fn new(
        rate: Decimal,
        dc: DayCount,
        anchor: NaiveDate,
        id: RuleId,
        dp: u32,
    ) -> AnnualCap {
        AnnualCap {
            rate,
            dc,
            anchor,
            id,
            dp,
            days: Decimal::ZERO,
            limit: None,
            floor: None,
            used_units: 0,
            used_rest: Decimal::ZERO,
        }
    }

    /// Grows the allowance by the cap rate on `principal` over
    /// `[start, end)` (`actual` days), split by the cap's day count.
    #[inline]
    pub(super) fn grow(
        &mut self,
        principal: Decimal,
        start: NaiveDate,
        end: NaiveDate,
        actual: i64,
    ) -> Result<()> {
        for (s, e, days, basis) in pieces(self.dc, start, end, actual) {
            let days = anchored_days(self.dc, self.anchor, s, e, days);
            let weight = days
                .checked_mul(CAP_DENOM / i64::from(basis.max(1)))
                .ok_or_else(|| Error::overflow("multiply", days, CAP_DENOM))?;
            let add = principal
                .checked_mul(Decimal::from(weight))
                .ok_or_else(|| Error::overflow("cap allowance", principal, weight))?;
            self.days = self
                .days
                .checked_add(add)
                .ok_or_else(|| Error::overflow("add", self.days, add))?;
            self.limit = None;
            if add.is_sign_negative() {
                self.floor = None;
            }
        }
        Ok(())
    }

    /// Books `amount` if all of it fits under the cap, and returns whether
    /// it did; if it does not fit, nothing is booked. For non-negative
    /// amounts, taking their sum whole is taking them one by one with no
    /// cut: each fits iff the running total does.
    pub(super) fn take_whole(&mut self, amount: Decimal) -> Result<bool> {
        let saved = (self.limit, self.floor, self.used_units, self.used_rest);
        let (_, by) = self.take(amount)?;
        if by.is_none() {
            return Ok(true);
        }
        (self.limit, self.floor, self.used_units, self.used_rest) = saved;
        Ok(false)
    }

    /// Books `amount` as charged, whatever the room: a charge posted to the
    /// ledger (the engine cannot cut it) still takes its place under the
    /// cap.
    pub(super) fn count(&mut self, amount: Decimal) -> Result<()> {
        match minor_units(amount, self.dp).and_then(|u| self.used_units.checked_add(u)) {
            Some(units) => self.used_units = units,
            None => {
                self.used_rest = self
                    .used_rest
                    .checked_add(amount)
                    .ok_or_else(|| Error::overflow("add", self.used_rest, amount))?;
            }
        }
        Ok(())
    }

    /// Cuts `amount` to what the cap still allows, books what it lets
    /// through, and names the cap if it cut.
    ///
    /// The common case, `used + amount ≤ allowance`, is an integer
    /// comparison against the last threshold computed, or one
    /// multiplication when the allowance has grown since.
    #[inline]
    pub(super) fn take(&mut self, amount: Decimal) -> Result<(Decimal, Option<RuleId>)> {
        // Fast path: whole minor units under an earlier threshold.
        if let (Some(floor), true) = (self.floor, self.used_rest.is_zero()) {
            if let Some(used) = minor_units(amount, self.dp)
                .and_then(|units| self.used_units.checked_add(units))
                // `used × CAP_DENOM ≤ threshold` iff `used ≤ floor`.
                .filter(|u| *u <= floor)
            {
                self.used_units = used;
                return Ok((amount, None));
            }
        }
        let (limit, threshold) = match self.limit {
            Some(l) => l,
            None => {
                let l = self
                    .rate
                    .checked_mul(self.days)
                    .ok_or_else(|| Error::overflow("multiply", self.rate, self.days))?;
                // In minor units: used + amount fits iff its units times
                // CAP_DENOM are at most floor(limit × 10^dp).
                let t = Decimal::from(10u64.pow(self.dp))
                    .checked_mul(l)
                    .map(|x| x.floor())
                    .filter(|x| x.scale() == 0)
                    .map(|x| x.mantissa());
                self.limit = Some((l, t));
                if !self.rate.is_sign_negative() {
                    self.floor = t.map(|t| t.div_euclid(i128::from(CAP_DENOM)));
                }
                (l, t)
            }
        };
        // Fast path: whole minor units, integer arithmetic.
        if let (Some(t), true) = (threshold, self.used_rest.is_zero()) {
            if let Some(units) = minor_units(amount, self.dp) {
                let used = self.used_units.checked_add(units);
                if let Some(used) =
                    used.filter(|u| u.checked_mul(i128::from(CAP_DENOM)).is_some_and(|x| x <= t))
                {
                    self.used_units = used;
                    return Ok((amount, None));
                }
            }
        }
        let used = Decimal::try_from_i128_with_scale(self.used_units, self.dp)
            .ok()
            .and_then(|u| u.checked_add(self.used_rest))
            .ok_or_else(|| Error::overflow("add", self.used_units, self.used_rest))?;
        let denom = Decimal::from(CAP_DENOM);
        let fits = used
            .checked_add(amount)
            .and_then(|x| x.checked_mul(denom))
            .is_some_and(|x| x <= limit);
        let (taken, by) = if fits {
            (amount, None)
        } else {
            let (taken, cut) = cut(limit, used, amount, self.dp)?;
            (taken, cut.then(|| self.id.clone()))
        };
        if let Some(units) = minor_units(taken, self.dp) {
            self.used_units = self
                .used_units
                .checked_add(units)
                .ok_or_else(|| Error::overflow("add", self.used_units, taken))?;
        } else {
            self.used_rest = self
                .used_rest
                .checked_add(taken)
                .ok_or_else(|| Error::overflow("add", self.used_rest, taken))?;
        }
        Ok((taken, by))
    }
}
