//! Payments, charges, waivers and charge-offs as the replay meets them:
//! allocation by the policy's waterfall (or straight into the book when the
//! waterfall walks installments in order), and the book's running totals.

use super::*;

impl Engine<'_> {
    /// Fills `self.recv` with what the open installments owe: only the
    /// matured ones if `matured`; else every open one, or, when the
    /// waterfall fills future installments in order, only as many as
    /// `left` can reach.
    pub(super) fn receivables(&mut self, date: NaiveDate, matured: bool, left: Decimal) {
        let prefix = if matured { None } else { self.advance_prefix };
        let mut reach = Decimal::ZERO;
        self.recv.clear();
        for (o, s) in self.obligations[self.first_open..]
            .iter()
            .zip(&self.book.slots[self.first_open..])
        {
            if matured && o.due_date > date {
                break;
            }
            if let Some(mask) = prefix {
                if o.due_date > date {
                    if reach >= left {
                        break;
                    }
                    for (k, c) in Component::ALL.into_iter().enumerate() {
                        if mask[k] {
                            reach = reach.saturating_add(s.open(c));
                        }
                    }
                }
            }
            let mut out = Breakdown::zero(self.book.currency);
            for c in Component::ALL {
                out.set(c, s.open(c));
            }
            self.recv.push(Receivable {
                seq: o.seq,
                due_date: o.due_date,
                outstanding: out,
            });
        }
    }

    pub(super) fn pay(&mut self, amount: Money, date: NaiveDate, matured: bool) -> Result<Money> {
        if let Some(plan) = &self.fast {
            if !matured
                && self.nonneg
                && amount.is_positive()
                && amount.currency() == self.book.currency
            {
                let left = fastpay::pay(
                    &mut self.book,
                    self.obligations,
                    self.first_open,
                    plan,
                    amount.amount(),
                    date,
                    &mut self.principal_outstanding,
                )?;
                return Ok(self.money(left));
            }
        }
        self.receivables(date, matured, amount.amount());
        let overpayment = allocate_into(
            amount,
            date,
            &self.recv,
            self.policy.waterfall(),
            &mut self.alloc,
        )?;
        for k in 0..self.alloc.parts.len() {
            let part = self.alloc.parts[k];
            let idx = self.index_of(part.seq);
            let a = part.amount.amount();
            self.book.slots[idx].add_paid(part.component, a)?;
            self.book.slots[idx].refresh(date);
            if part.component == Component::Principal {
                self.principal_outstanding = self
                    .principal_outstanding
                    .checked_sub(a)
                    .ok_or_else(|| Error::overflow("subtract", self.principal_outstanding, a))?;
            }
        }
        Ok(overpayment)
    }

    pub(super) fn total_principal(&self) -> Decimal {
        self.book
            .slots
            .iter()
            .map(|s| s.open(Component::Principal))
            .fold(Decimal::ZERO, Decimal::saturating_add)
    }

    pub(super) fn apply_tx(&mut self, tx: &crate::loan::Transaction) -> Result<()> {
        // Everything below reads or changes what is owed.
        self.settle_runs()?;
        self.held_dirty = true;
        let date = tx.value_date();
        match tx.kind() {
            TxKind::Repayment { amount } => {
                let has_future = self.obligations[self.first_open..]
                    .iter()
                    .any(|o| o.due_date > date);
                // With a bounded in-advance reach one pass over the matured
                // installments and the reachable future ones is as cheap.
                let two_step = self.matured_first && has_future && self.advance_prefix.is_none();
                let mut left = *amount;
                if !two_step
                    || self.obligations[self.first_open..]
                        .iter()
                        .any(|o| o.due_date <= date)
                {
                    // Matured installments first; only what is left looks at
                    // the future ones (the same result as one pass, cheaper).
                    left = self.pay(left, date, two_step)?;
                }
                if left.is_positive() && two_step {
                    self.advance_first_open();
                    left = self.pay(left, date, false)?;
                }
                self.book.add_credit(left.amount())?;
                self.advance_first_open();
            }
            TxKind::Charge {
                component,
                amount,
                installment,
                ..
            } => {
                self.nonneg &= amount.is_positive();
                let at = self.book.charge(
                    self.obligations,
                    date,
                    *component,
                    amount.amount(),
                    *installment,
                )?;
                self.count_posted(*component, amount.amount(), at, installment.is_some())?;
                self.first_open = 0;
                self.advance_first_open();
                self.principal_outstanding = self.total_principal();
            }
            TxKind::Chargeback {
                amount,
                installment,
            } => {
                self.nonneg &= amount.is_positive();
                self.book
                    .chargeback(self.obligations, date, amount.amount(), *installment)?;
                self.chargebacks = true;
                // An installment it made overdue counts so from the next
                // day on (`InstallmentPosition::overdue_from`).
                if self
                    .book
                    .slots
                    .iter()
                    .any(|s| s.chargeback_on() == Some(date))
                {
                    self.charged_back_from = date.succ_opt();
                }
                self.first_open = 0;
                self.advance_first_open();
                self.principal_outstanding = self.total_principal();
            }
            TxKind::Waiver {
                component,
                amount,
                installment,
                ..
            } => {
                self.nonneg &= amount.is_positive();
                // A waiver keeps its room under the caps closed (the debtor
                // keeps the relief while a cap binds); a later charge that
                // reinstates it is not counted again (`count_posted`).
                self.book
                    .waive(date, *component, amount.amount(), *installment)?;
                self.advance_first_open();
                self.principal_outstanding = self.total_principal();
            }
            TxKind::ChargeOff => self.charged_off = true,
            _ => {}
        }
        Ok(())
    }

    /// A penalty or fee posted to the ledger counts against the caps as if
    /// the engine had charged it: the annualised cap's total and, for a
    /// fee, the per-installment and per-loan fee totals. The engine cannot
    /// cut it; its own later charges get less room.
    ///
    /// The part of it that reinstates a waiver of the component was
    /// counted when it first accrued and is not counted again: a charge
    /// naming an installment (`named`, landing at `at`) reinstates what was
    /// waived of that installment; one naming none (a plan's claw-back)
    /// what was waived anywhere in the loan, oldest installment first. Each
    /// waived amount is reinstated at most once.
    fn count_posted(
        &mut self,
        component: Component,
        amount: Decimal,
        at: Option<usize>,
        named: bool,
    ) -> Result<()> {
        let k = match component {
            Component::Penalty => 0,
            Component::Fee => 1,
            _ => return Ok(()),
        };
        if !amount.is_sign_positive() {
            return Ok(());
        }
        let mut left = amount;
        let range = match (named, at) {
            (true, Some(i)) => i..i + 1,
            (true, None) => 0..0,
            (false, _) => 0..self.reinstated.len(),
        };
        for i in range {
            if left.is_zero() {
                break;
            }
            let waived = self.book.slots[i].waived().amount(component);
            let open = waived - self.reinstated[i][k];
            let take = open.min(left);
            if take.is_sign_positive() && !take.is_zero() {
                self.reinstated[i][k] += take;
                left -= take;
            }
        }
        if left.is_zero() {
            return Ok(());
        }
        if let Some(cap) = &mut self.cap {
            cap.count(left)?;
        }
        if component == Component::Fee {
            if let Some(i) = at {
                self.fees_by_installment[i] = self.fees_by_installment[i].saturating_add(left);
            }
            self.fees_total = self.fees_total.saturating_add(left);
        }
        Ok(())
    }

    pub(super) fn index_of(&self, seq: u32) -> usize {
        // Schedules number installments 1, 2, ...: try the direct slot first.
        let direct = (seq as usize).wrapping_sub(1);
        if self.obligations.get(direct).is_some_and(|o| o.seq == seq) {
            return direct;
        }
        self.obligations
            .iter()
            .position(|o| o.seq == seq)
            .unwrap_or(0)
    }
}
