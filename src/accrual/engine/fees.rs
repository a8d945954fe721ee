//! Late fees: when they fall due, what they are computed on, and the caps
//! that cut them.

use super::*;

impl Engine<'_> {
    /// `round(base × rate)`, from `fee_memo` when base and rate are the same
    /// (to the bit).
    pub(super) fn fee_amount(&mut self, base: Decimal, rate: Decimal) -> Result<Decimal> {
        if let Some((b, r, amount)) = self.fee_memo {
            if b.serialize() == base.serialize() && r.serialize() == rate.serialize() {
                return Ok(amount);
            }
        }
        let amount = mul_div_round(base, rate, 1, self.dp, self.policy.rounding())?;
        self.fee_memo = Some((base, rate, amount));
        Ok(amount)
    }

    pub(super) fn fire_fees(&mut self, day: NaiveDate) -> Result<()> {
        if self.policy.late_fees().is_empty() {
            return Ok(());
        }
        // While accrual is stopped the clocks keep their schedule and charge
        // nothing: a recurring fee resumes if the stop lifts.
        let stopped = self.stopped(day);
        // Installment by installment, rule by rule; only the running clocks.
        let mut at = 0;
        while let Some(f) = self
            .clocks
            .next_firing(&mut at, (self.first_open, self.overdue_i), day)
        {
            let (i, j) = (f.i, f.j);
            let fee = &self.policy.late_fees()[j];
            // Only a fee on the unpaid minimum reads the penalty, which the
            // installment's runs may hold unposted. Whether the installment
            // is still open does not depend on it: a run's base exceeds
            // the tolerance and nothing owed is negative.
            if fee.base.reads_penalty() {
                self.settle_installment(i)?;
            }
            let owes = cmp_dec(self.book.slots[i].open_total(), self.policy.tolerance()).is_gt();
            if !self.clocks.rang(f.k, fee, owes) || stopped {
                continue;
            }
            self.charge_fee(i, j, fee, day)?;
        }
        Ok(())
    }

    pub(super) fn charge_fee(
        &mut self,
        i: usize,
        j: usize,
        fee: &LateFeeRule,
        day: NaiveDate,
    ) -> Result<()> {
        let slot = &self.book.slots[i];
        let o = &self.obligations[i];
        let (base, rate) = match &fee.base {
            FeeBase::Flat { amount } => (*amount, None),
            FeeBase::Installment { rate } => (
                o.due
                    .amount(Component::Principal)
                    .saturating_add(o.due.amount(Component::Interest)),
                Some(*rate),
            ),
            FeeBase::OverduePrincipal { rate } => (slot.open(Component::Principal), Some(*rate)),
            FeeBase::OverduePrincipalAndInterest { rate } => (
                slot.open(Component::Principal)
                    .saturating_add(slot.open(Component::Interest)),
                Some(*rate),
            ),
            FeeBase::UnpaidMinimum { rate } => (slot.open_total(), Some(*rate)),
        };
        // A flat amount is rounded like any other posting (as the nightly
        // close does): a policy may give more places than the currency has.
        // One already exact keeps its scale (`0.0` stays `0.0`), as in the
        // fixed-point replay.
        let mut uncapped = match rate {
            Some(r) => self.fee_amount(base, r)?,
            None => {
                let rounded = self.policy.rounding().round(base, self.dp);
                if rounded == base {
                    base
                } else {
                    rounded
                }
            }
        };
        if let Some(min) = fee.min {
            // `Decimal::max`: the first unless it is less.
            if cmp_dec(uncapped, min).is_lt() {
                uncapped = min;
            }
        }
        if let Some(max) = fee.max {
            // `Decimal::min`: the first unless it is greater.
            if cmp_dec(uncapped, max).is_gt() {
                uncapped = max;
            }
        }
        let mut amount = uncapped;
        let mut capped_by = None;
        let caps = self.policy.caps();
        if let Some(limit) = caps.fees_per_installment {
            let room = (limit.saturating_sub(self.fees_by_installment[i])).max(Decimal::ZERO);
            if amount > room {
                amount = room;
                capped_by = Some(self.fee_caps[0].clone());
            }
        }
        if let Some(limit) = caps.fees_per_loan {
            let room = (limit.saturating_sub(self.fees_total)).max(Decimal::ZERO);
            if amount > room {
                amount = room;
                capped_by = Some(self.fee_caps[1].clone());
            }
        }
        let before_cap = amount;
        let (amount, by) = self.apply_cap(amount)?;
        if by.is_some() {
            capped_by = by;
            let rule = self.fee_rules[j].clone();
            self.hold((i, AccrualKind::LateFee, &rule), day, before_cap, amount)?;
        }
        // A held fee counts against the fee caps from the day it is charged.
        let counted = if self.defer { before_cap } else { amount };
        self.fees_by_installment[i] = self.fees_by_installment[i].saturating_add(counted);
        self.fees_total = self.fees_total.saturating_add(counted);
        self.nonneg &= !amount.is_sign_negative();
        self.book.slots[i].add_due(Component::Fee, amount)?;
        self.book.slots[i].refresh(day);
        if day >= self.keep_from {
            self.records.push(Accrual {
                kind: AccrualKind::LateFee,
                component: Component::Fee,
                installment: self.obligations[i].seq,
                from: day,
                to: day.succ_opt().unwrap_or(day),
                base: self.money(base),
                rate,
                days: 0,
                basis: 0,
                day_count: None,
                posting: self.policy.posting(),
                rounding: self.policy.rounding(),
                uncapped: self.money(uncapped),
                amount: self.money(amount),
                rule: self.fee_rules[j].clone(),
                capped_by,
                fee_min: fee.min.map(|m| self.money(m)),
                fee_max: fee.max.map(|m| self.money(m)),
                released_from: None,
            });
        }
        Ok(())
    }
}
