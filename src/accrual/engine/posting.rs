//! Posting one piece of penalty or compound interest: its daily amount,
//! kept while the base stays the same, and the record it extends.

use super::*;

impl Engine<'_> {
    /// `round(base × rate / basis)`, the daily amount of [`Posting::Daily`],
    /// kept per installment and kind (`k`, as `last_rec`) while the base and
    /// basis stay the same.
    pub(super) fn day_amount(
        &mut self,
        k: usize,
        base: Decimal,
        rate: Decimal,
        basis: u32,
    ) -> Result<Decimal> {
        if let Some((b, bs, amount)) = self.day_amounts[k] {
            if bs == basis && b.scale() == base.scale() && b.mantissa() == base.mantissa() {
                return Ok(amount);
            }
        }
        let amount = self.daily(base, rate, basis)?;
        self.day_amounts[k] = Some((base, basis, amount));
        Ok(amount)
    }

    /// `round(base × rate / basis)` to the currency's places, by the
    /// policy's rounding: one day of [`Posting::Daily`].
    pub(super) fn daily(&self, base: Decimal, rate: Decimal, basis: u32) -> Result<Decimal> {
        mul_div_round(
            base,
            rate,
            i64::from(basis),
            self.dp,
            self.policy.rounding(),
        )
    }

    /// With daily posting, a piece that continues the last record of the
    /// same installment and kind on the same base, rate and basis, neither
    /// cut by a cap, extends that record instead of starting one: the
    /// record's days are still `[from, to)` at one per-day amount, so it
    /// recomputes exactly. Returns whether it did.
    pub(super) fn extend_last(
        &mut self,
        i: usize,
        kind: AccrualKind,
        (s, e, days, basis): (NaiveDate, NaiveDate, i64, u32),
        base: Decimal,
        uncapped: Decimal,
        amount: Decimal,
    ) -> Result<bool> {
        if self.policy.posting() != Posting::Daily {
            return Ok(false);
        }
        let ix = self.last_rec[2 * i + usize::from(kind != AccrualKind::PenaltyInterest)];
        let Some(r) = self.records.get_mut(ix) else {
            return Ok(false);
        };
        if r.to != s || r.basis != basis || r.capped_by.is_some() || r.base.amount() != base {
            return Ok(false);
        }
        let sum = |a: Money, b: Decimal| {
            a.amount()
                .checked_add(b)
                .map(|x| Money::new(x, a.currency()))
                .ok_or_else(|| Error::overflow("add", a, b))
        };
        r.uncapped = sum(r.uncapped, uncapped)?;
        r.amount = sum(r.amount, amount)?;
        r.days = r
            .days
            .checked_add(days)
            .ok_or_else(|| Error::overflow("add", r.days, days))?;
        r.to = e;
        Ok(true)
    }
}
