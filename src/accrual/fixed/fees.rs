//! Late fees on integers: which fee clocks fire, and each fee's amount
//! within its bounds and caps, as the general engine's `fire_fees` and
//! `charge_fee`.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{Amt, Cut, Fx, Rec, Replay};
use crate::accrual::engine::AccrualKind;
use crate::accrual::policy::{FeeBase, LateFeeRule};
use crate::loan::Component;

impl Replay<'_> {
    pub(super) fn fire_fees(&mut self, day: NaiveDate) -> Fx<()> {
        if self.policy.late_fees().is_empty() {
            return Some(());
        }
        // As the general engine's: the clocks keep time while stopped.
        let stopped = self.stopped(day)?;
        let mut at = 0;
        while let Some(f) = self
            .clocks
            .next_firing(&mut at, (self.first_open, self.overdue_i), day)
        {
            let (i, j) = (f.i, f.j);
            let fee = &self.policy.late_fees()[j];
            // As the general engine's `fire_fees`.
            if fee.base.reads_penalty() {
                self.settle_installment(i)?;
            }
            let owes = self.book.slots[i]
                .open_total()?
                .cmp_value(self.tolerance)
                .is_gt();
            if !self.clocks.rang(f.k, fee, owes) || stopped {
                continue;
            }
            self.charge_fee(i, j, fee, day)?;
        }
        Some(())
    }

    fn fee_amount(&mut self, base: Amt, rate: Decimal) -> Fx<Amt> {
        if let Some((b, r, amount)) = self.fee_memo {
            if b == base && r.serialize() == rate.serialize() {
                return Some(amount);
            }
        }
        let amount = self.mul_div_round(base, rate, 1)?;
        self.fee_memo = Some((base, rate, amount));
        Some(amount)
    }

    fn charge_fee(&mut self, i: usize, j: usize, fee: &LateFeeRule, day: NaiveDate) -> Fx<()> {
        let slot = &self.book.slots[i];
        let (base, rate) = match &fee.base {
            // A flat amount with more places than the currency is rounded
            // by the general engine: give way.
            FeeBase::Flat { amount } => {
                let a = Amt::from_dec(*amount)?;
                a.units(self.dp)?;
                (a, None)
            }
            // Only penalties and fees are ever added to what is due, so
            // the book's principal and interest due are the schedule's.
            FeeBase::Installment { rate } => (
                slot.due(Component::Principal)
                    .add(slot.due(Component::Interest))?,
                Some(*rate),
            ),
            FeeBase::OverduePrincipal { rate } => (slot.open(Component::Principal), Some(*rate)),
            FeeBase::OverduePrincipalAndInterest { rate } => (
                slot.open(Component::Principal)
                    .add(slot.open(Component::Interest))?,
                Some(*rate),
            ),
            FeeBase::UnpaidMinimum { rate } => (slot.open_total()?, Some(*rate)),
        };
        let mut uncapped = match rate {
            Some(r) => self.fee_amount(base, r)?,
            None => base,
        };
        let (min, max) = *self.fee_bounds.get(j)?;
        if let Some(min) = min {
            let min = min?;
            if uncapped.cmp_value(min).is_lt() {
                uncapped = min;
            }
        }
        if let Some(max) = max {
            let max = max?;
            if uncapped.cmp_value(max).is_gt() {
                uncapped = max;
            }
        }
        let mut amount = uncapped;
        let mut capped_by = None;
        let (per_installment, per_loan) = self.fee_caps;
        if let Some(limit) = per_installment {
            let room = limit?.sub(self.fees_by_installment[i])?.max_dec(Amt::ZERO);
            if amount.cmp_value(room).is_gt() {
                amount = room;
                capped_by = Some(Cut::FeesPerInstallment);
            }
        }
        if let Some(limit) = per_loan {
            let room = limit?.sub(self.fees_total)?.max_dec(Amt::ZERO);
            if amount.cmp_value(room).is_gt() {
                amount = room;
                capped_by = Some(Cut::FeesPerLoan);
            }
        }
        let (amount, by) = self.apply_cap(amount)?;
        if by.is_some() {
            capped_by = by;
        }
        if amount.is_negative() {
            return None;
        }
        self.fees_by_installment[i] = self.fees_by_installment[i].add(amount)?;
        self.fees_total = self.fees_total.add(amount)?;
        self.book.slots[i].add_due(Component::Fee, amount)?;
        self.book.slots[i].refresh(day);
        if day >= self.keep_from {
            self.records.push(Rec {
                kind: AccrualKind::LateFee,
                i,
                from: day,
                to: day.succ_opt().unwrap_or(day),
                base,
                rate,
                days: 0,
                basis: 0,
                uncapped,
                amount,
                fee: j,
                capped_by,
            });
        }
        Some(())
    }
}
