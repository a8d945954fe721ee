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
            self.held.push(Held {
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

    /// At the start of the interval `[start, end)`, after the allowance grew
    /// by the interval's days: charges what the cap's room lets through of
    /// the held amounts, oldest first, and drops those of installments paid
    /// up since. A release is dated over the interval whose allowance made
    /// room for it.
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
        let currency = self.loan.currency();
        for x in 0..self.held.len() {
            let h = &self.held[x];
            let (i, amount) = (h.i, h.amount);
            if self.book.slots[i].settled() {
                // Paid up: what it held is never charged, and a held fee no
                // longer counts against the fee caps.
                if h.component == Component::Fee {
                    self.fees_by_installment[i] =
                        self.fees_by_installment[i].saturating_sub(amount);
                    self.fees_total = self.fees_total.saturating_sub(amount);
                }
                self.held[x].amount = Decimal::ZERO;
                continue;
            }
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
                        released_from: Some(h.since),
                    });
                }
            }
            if by.is_some() {
                break;
            }
        }
        self.held.retain(|h| !h.amount.is_zero());
        Ok(())
    }

    /// What is still held, if the policy defers cap cuts.
    pub(super) fn held_total(&self) -> Result<Option<Money>> {
        if !self.defer {
            return Ok(None);
        }
        let mut total = Decimal::ZERO;
        for h in &self.held {
            total = total
                .checked_add(h.amount)
                .ok_or_else(|| Error::overflow("add", total, h.amount))?;
        }
        Ok(Some(Money::new(total, self.loan.currency())))
    }
}
