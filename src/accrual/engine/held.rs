//! Charges the annualised cap held back under
//! [`CapExcess::Deferred`](crate::accrual::CapExcess::Deferred), and their
//! release as the allowance grows.

use super::*;

/// The part of one charge that the cap cut off and holds.
#[derive(Debug, Clone)]
pub(super) struct Held {
    /// Installment index.
    pub(super) i: usize,
    pub(super) kind: AccrualKind,
    pub(super) component: Component,
    pub(super) rule: RuleId,
    /// The date of the charge it was cut from.
    pub(super) since: NaiveDate,
    /// What is still held.
    pub(super) amount: Decimal,
}

impl Engine<'_> {
    /// After the cap cut `uncapped` to `amount` (`capped_by` set): holds
    /// the rest, if the policy defers it.
    pub(super) fn hold(
        &mut self,
        (i, kind, rule): (usize, AccrualKind, &RuleId),
        since: NaiveDate,
        uncapped: Decimal,
        amount: Decimal,
    ) -> Result<()> {
        if !self.defer {
            return Ok(());
        }
        let rest = uncapped
            .checked_sub(amount)
            .ok_or_else(|| Error::overflow("subtract", uncapped, amount))?;
        if rest > Decimal::ZERO {
            if cmp_dec(self.book.slots[i].open_total(), self.policy.tolerance()).is_le() {
                self.held_dirty = true;
            }
            // Another piece of the same cut (an interval split at 1 January)
            // is held with it.
            if let Some(last) = self.held.back_mut() {
                if last.i == i && last.kind == kind && last.since == since && last.rule == *rule {
                    last.amount = last
                        .amount
                        .checked_add(rest)
                        .ok_or_else(|| Error::overflow("add", last.amount, rest))?;
                    return Ok(());
                }
            }
            self.held.push_back(Held {
                i,
                kind,
                component: match kind {
                    AccrualKind::LateFee => Component::Fee,
                    _ => Component::Penalty,
                },
                rule: rule.clone(),
                since,
                amount: rest,
            });
        }
        Ok(())
    }

    /// Drops the held amounts of installments that owe no more than the
    /// tolerance (paid up: no longer overdue), and un-counts their fees from
    /// the fee caps. Run after every day's transactions, before its fees,
    /// so that a paid-up installment's held fee neither takes another fee's
    /// room under the fee caps nor is released into it (which would make it
    /// overdue again behind the stop rule's back).
    ///
    /// Only what is owed decides, and it falls only by a transaction: the
    /// check runs when one (or a hold on an installment that owes no more)
    /// came since the last, so a long run of holds costs nothing per
    /// interval.
    pub(super) fn drop_paid_up(&mut self) {
        if self.held.is_empty() || !self.held_dirty {
            return;
        }
        self.held_dirty = false;
        let tolerance = self.policy.tolerance();
        let mut dropped = false;
        for h in &mut self.held {
            if cmp_dec(self.book.slots[h.i].open_total(), tolerance).is_gt() {
                continue;
            }
            dropped = true;
            if h.component == Component::Fee {
                let i = h.i;
                self.fees_by_installment[i] = self.fees_by_installment[i].saturating_sub(h.amount);
                self.fees_total = self.fees_total.saturating_sub(h.amount);
            }
            h.amount = Decimal::ZERO;
        }
        if dropped {
            self.held.retain(|h| !h.amount.is_zero());
        }
    }

    /// At the start of the interval `[start, end)`, after the allowance grew
    /// by the interval's days: charges what the cap's room lets through of
    /// the held amounts, in the order they were cut. A release is dated
    /// over the interval whose allowance made room for it.
    pub(super) fn release_held(
        &mut self,
        (start, end): (NaiveDate, NaiveDate),
        keep: bool,
    ) -> Result<()> {
        if self.held.is_empty() {
            return Ok(());
        }
        // What is released changes the installments' totals: post the runs
        // first, so that the book is whole.
        self.settle_runs()?;
        self.drop_paid_up();
        let currency = self.loan.currency();
        for x in 0..self.held.len() {
            let (i, amount) = (self.held[x].i, self.held[x].amount);
            let Some(cap) = &mut self.cap else {
                break;
            };
            let (taken, by) = cap.take(amount)?;
            let h = &mut self.held[x];
            h.amount = amount
                .checked_sub(taken)
                .ok_or_else(|| Error::overflow("subtract", amount, taken))?;
            if !taken.is_zero() {
                self.book.slots[i].add_due(h.component, taken)?;
                if keep {
                    self.records.push(Accrual {
                        kind: h.kind,
                        component: h.component,
                        installment: self.obligations[i].seq,
                        from: start,
                        to: end,
                        base: Money::new(amount, currency),
                        rate: None,
                        days: 0,
                        basis: 0,
                        day_count: None,
                        posting: self.policy.posting(),
                        rounding: self.policy.rounding(),
                        uncapped: Money::new(amount, currency),
                        amount: Money::new(taken, currency),
                        rule: h.rule.clone(),
                        capped_by: by.clone(),
                        fee_min: None,
                        fee_max: None,
                        released_from: Some(h.since),
                    });
                }
            }
            if by.is_some() {
                break;
            }
        }
        // Released in order: what is all released is a prefix.
        let done = self.held.iter().take_while(|h| h.amount.is_zero()).count();
        self.held.drain(..done);
        Ok(())
    }

    /// What is still held, by component, if the policy defers cap cuts.
    pub(super) fn held_total(&self) -> Result<Option<Breakdown>> {
        if !self.defer {
            return Ok(None);
        }
        let mut total = Breakdown::zero(self.loan.currency());
        for h in &self.held {
            let had = total.amount(h.component);
            let sum = had
                .checked_add(h.amount)
                .ok_or_else(|| Error::overflow("add", had, h.amount))?;
            total.set(h.component, sum);
        }
        Ok(Some(total))
    }
}
