//! The annualised cost cap on integers: the general engine's
//! [`AnnualCap`](crate::accrual::cap) with its allowance held as a 128-bit
//! mantissa and scale (the `Decimal` it would hold, exactly), so that the
//! common question, "does this amount still fit", is an integer comparison.
//! A cap that binds cuts through the general engine's own `Decimal` code.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{Amt, Fx};
use crate::accrual::cap::{cut, AnnualCap, CAP_DENOM};
use crate::accrual::pieces::{anchored_days, pieces};
use crate::calendar::DayCount;
use crate::money::POW10;
use crate::rule::RuleId;

/// Magnitudes from here on do not fit a `Decimal`'s 96-bit mantissa.
const DECIMAL_LIMIT: u128 = 1 << 96;

pub(super) struct FixedCap {
    rate: Decimal,
    dc: DayCount,
    /// Where a 30/360-family count starts (`AnnualCap`'s).
    anchor: NaiveDate,
    id: RuleId,
    dp: u32,
    /// The allowance's `days` (see `AnnualCap`): mantissa and scale.
    days: (i128, u32),
    /// The most minor units that fit under the allowance, as last
    /// computed: a lower bound once the allowance has grown since (it only
    /// grows), so what fits under it fits.
    room_units: Option<i64>,
    /// The allowance grew since `room_units` was computed.
    stale: bool,
    /// Minor units let through so far.
    used: i64,
    /// Growth not yet added to `days`, under a one-piece day count: a
    /// principal and its weight (days × `CAP_DENOM / basis`) so far. The
    /// allowance is linear in the weight, so adding it in one step is
    /// exact; it is added when the allowance is read.
    pending: Option<(Amt, i64)>,
}

impl FixedCap {
    /// The integer twin of `cap`, before any day has accrued; `None` for a
    /// negative rate (the general engine then keeps no integer bound).
    pub(super) fn new(cap: &AnnualCap) -> Fx<FixedCap> {
        let (rate, dc, anchor, id, dp) = cap.parts();
        if rate.is_sign_negative() {
            return None;
        }
        Some(FixedCap {
            rate,
            dc,
            anchor,
            id: id.clone(),
            dp,
            days: (0, 0),
            room_units: None,
            stale: false,
            used: 0,
            pending: None,
        })
    }

    /// The cap's day count.
    pub(super) fn day_count(&self) -> DayCount {
        self.dc
    }

    /// Grows the allowance by the cap rate on `principal` over
    /// `[start, end)`, as `AnnualCap::grow`, with `Decimal`'s rules for
    /// the scale of each product and sum.
    pub(super) fn grow(
        &mut self,
        principal: Amt,
        start: NaiveDate,
        end: NaiveDate,
        actual: i64,
    ) -> Fx<()> {
        if principal.is_negative() {
            return None;
        }
        let basis = match self.dc {
            DayCount::Act360 => Some(360),
            DayCount::Act365Fixed => Some(365),
            _ => None,
        };
        if let Some(basis) = basis {
            // One piece: held back while the principal stands.
            if start >= end {
                return Some(());
            }
            self.stale = true;
            let weight = actual.checked_mul(CAP_DENOM / basis)?;
            if principal.is_zero() || weight == 0 {
                return Some(());
            }
            match &mut self.pending {
                Some((p, w)) if *p == principal => *w = w.checked_add(weight)?,
                _ => {
                    self.flush()?;
                    self.pending = Some((principal, weight));
                }
            }
            return Some(());
        }
        for (s, e, days, basis) in pieces(self.dc, start, end, actual) {
            let days = anchored_days(self.dc, self.anchor, s, e, days);
            let weight = days.checked_mul(CAP_DENOM / i64::from(basis.max(1)))?;
            self.stale = true;
            if principal.is_zero() || weight == 0 {
                continue;
            }
            self.add_weight(principal, weight)?;
        }
        Some(())
    }

    /// Adds the growth held back to the allowance; `None` if it no longer
    /// fits a `Decimal` (the general engine's allowance).
    pub(super) fn flush(&mut self) -> Fx<()> {
        match self.pending.take() {
            Some((principal, weight)) => self.add_weight(principal, weight),
            None => Some(()),
        }
    }

    /// Adds `principal × weight` to the allowance's days.
    fn add_weight(&mut self, principal: Amt, weight: i64) -> Fx<()> {
        // A 64-bit mantissa times a 64-bit weight: exact in 128 bits.
        let add = (
            i128::from(principal.m).checked_mul(i128::from(weight))?,
            principal.s,
        );
        self.days = if self.days.0 == 0 {
            add
        } else if self.days.1 == add.1 {
            (self.days.0.checked_add(add.0)?, add.1)
        } else {
            let s = self.days.1.max(add.1);
            let up = |(m, ms): (i128, u32)| m.checked_mul(*POW10.get((s - ms) as usize)?);
            (up(self.days)?.checked_add(up(add)?)?, s)
        };
        if self.days.0.unsigned_abs() >= DECIMAL_LIMIT {
            return None;
        }
        Some(())
    }

    /// `rate × days` as a `Decimal`'s mantissa and scale, if the product
    /// is exact there.
    fn limit(&self) -> Fx<(i128, u32)> {
        let (r, d) = (self.rate.mantissa(), self.days.0);
        let m = match (i64::try_from(r), i64::try_from(d)) {
            // Exact in 128 bits.
            (Ok(r), Ok(d)) => i128::from(r) * i128::from(d),
            _ => r.checked_mul(d)?,
        };
        if m == 0 {
            // A zero product is `Decimal::ZERO`.
            return Some((0, 0));
        }
        let s = self.rate.scale() + self.days.1;
        (s <= 28 && m.unsigned_abs() < DECIMAL_LIMIT).then_some((m, s))
    }

    /// The rule a record cut by this cap cites.
    pub(super) fn id(&self) -> &RuleId {
        &self.id
    }

    /// Cuts `amount` to what the cap still allows, books what it lets
    /// through, and says whether it cut.
    #[inline]
    pub(super) fn take(&mut self, amount: Amt) -> Fx<(Amt, bool)> {
        if self.fits(amount)? {
            return Some((amount, false));
        }
        self.bind(amount)
    }

    /// Books `amount` if all of it fits, and says whether it did; if it
    /// does not, nothing is booked (`AnnualCap::take_whole`).
    pub(super) fn take_whole(&mut self, amount: Amt) -> Fx<bool> {
        self.fits(amount)
    }

    /// Books `amount` and says so if it fits under the allowance; else
    /// books nothing.
    #[inline]
    fn fits(&mut self, amount: Amt) -> Fx<bool> {
        let used = self.used.checked_add(amount.units(self.dp)?)?;
        let fits = match self.room_units {
            Some(r) if used <= r => true,
            Some(_) if !self.stale => false,
            _ => used <= self.room()?,
        };
        if fits {
            self.used = used;
        }
        Some(fits)
    }

    /// The most minor units the allowance holds as it stands:
    /// `used × CAP_DENOM ≤ limit × 10^dp` iff
    /// `used ≤ floor(limit × 10^dp / CAP_DENOM)`.
    fn room(&mut self) -> Fx<i64> {
        self.flush()?;
        let (m, s) = self.limit()?;
        let (num, den) = if s >= self.dp {
            (
                m,
                POW10[(s - self.dp) as usize].checked_mul(i128::from(CAP_DENOM))?,
            )
        } else {
            (
                m.checked_mul(POW10[(self.dp - s) as usize])?,
                i128::from(CAP_DENOM),
            )
        };
        // 64-bit division when it fits (several times cheaper).
        let t = match (u64::try_from(num), u64::try_from(den)) {
            (Ok(n), Ok(d)) => i128::from(n / d),
            _ => num.div_euclid(den),
        };
        // More than any amount can use.
        let r = i64::try_from(t).unwrap_or(i64::MAX);
        self.room_units = Some(r);
        self.stale = false;
        Some(r)
    }

    /// A binding cap: the general engine's cut, in `Decimal`.
    #[cold]
    fn bind(&mut self, amount: Amt) -> Fx<(Amt, bool)> {
        self.flush()?;
        let (m, s) = self.limit()?;
        let limit = Decimal::try_from_i128_with_scale(m, s).ok()?;
        // The general cap adds its (zero) remainder of other scales, and a
        // zero plus a zero is the second one.
        let used = match self.used {
            0 => Decimal::ZERO,
            u => Decimal::try_from_i128_with_scale(i128::from(u), self.dp).ok()?,
        };
        let (taken, by) = cut(limit, used, amount.to_dec(), self.dp).ok()?;
        let taken = Amt::from_dec(taken)?;
        self.used = self.used.checked_add(taken.units(self.dp)?)?;
        Some((taken, by))
    }
}
