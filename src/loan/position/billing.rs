//! What a card replay knows of its statements: when each was issued, whether
//! its minimum is net of earlier unpaid minimums, and each billing cycle's
//! charges.
//!
//! On a card, statements carry what is owed. A charge or waiver dated `d` is
//! in the closing balance of the first statement dated on or after `d`
//! ("the statement that bills it"; `d`'s billing cycle), and so in the
//! minimum payment that statement's issuer or rule derives from that
//! balance. Adding the charge again to a statement's minimum would count it
//! twice; so a charge owes nothing by itself, and a waiver first cancels
//! charges of the same component in its billing cycle, whatever their
//! order (both are in the one balance), and only then waives what earlier
//! statements' minimums still owe.
//!
//! A statement made by
//! [`CardAccount::add_statement_with_rule`](crate::loan::CardAccount::add_statement_with_rule)
//! states the rule's minimum on its whole balance. A fee, interest or
//! penalty the rule takes from the balance in full is the same money an
//! earlier unpaid minimum still owes, so the replay takes off what the
//! earlier minimums still owe of those components when it issues the
//! statement, at the end of its date, from the ledger as known, not as
//! recorded when the statement was added. Principal is not netted: the
//! rule's percentage of the whole principal balance is newly required, and
//! the earlier unpaid minimums stay due on their own statements (as issuers
//! add the past-due amount to the current minimum). A charge
//! reversed after the statement that billed it comes off that statement's
//! minimum when the replay issues it, as if it had never been in it.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::book::Slot;
use super::{Breakdown, Component};
use crate::error::{Error, Result};
use crate::loan::{Transaction, TxKind};

/// What the replay needs of an issued statement.
#[derive(Debug, Clone, Copy)]
pub(crate) struct IssuedStatement {
    /// Statement date.
    pub(crate) date: NaiveDate,
    /// Closing balance.
    pub(crate) balance: Breakdown,
    /// The minimum is a rule's on the whole balance (netted at issue).
    pub(crate) net: bool,
    /// That rule's floor (zero if none).
    pub(crate) floor: Decimal,
}

/// A charge reversed after the statement that billed it was issued.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ReversedCharge {
    /// The statement that billed it (index).
    pub(crate) statement: usize,
    pub(crate) component: Component,
    pub(crate) amount: Decimal,
    /// The reversal's date.
    pub(crate) date: NaiveDate,
}

/// The statements' issue dates and the billing cycles' charges.
#[derive(Debug, Clone)]
pub(crate) struct Billing {
    /// Each minimum's statement date, in order.
    pub(crate) issued: Vec<NaiveDate>,
    /// The statements, in order.
    statements: Vec<IssuedStatement>,
    /// The statements the replay has issued so far.
    done: usize,
    /// Charges reversed after the statement that billed them was issued.
    reversed: Vec<ReversedCharge>,
    /// Each billing cycle's charges not cancelled by a waiver, by component
    /// ([`Component::ALL`] order); cycle `k` is billed by statement `k`,
    /// the last (one past the statements) by none issued yet.
    charges: Vec<[Decimal; 4]>,
}

impl Billing {
    /// The billing of `statements` (issued by the position's date), with
    /// the `reversed` charges, for the transactions `known`.
    pub(crate) fn new(
        statements: Vec<IssuedStatement>,
        reversed: Vec<ReversedCharge>,
        known: &[&Transaction],
    ) -> Result<Billing> {
        let mut billing = Billing {
            charges: vec![[Decimal::ZERO; 4]; statements.len() + 1],
            issued: statements.iter().map(|s| s.date).collect(),
            statements,
            done: 0,
            reversed,
        };
        for tx in known {
            if let TxKind::Charge {
                component, amount, ..
            } = tx.kind()
            {
                let k = billing.cycle(tx.value_date());
                let p = &mut billing.charges[k][component.index()];
                *p = p
                    .checked_add(amount.amount())
                    .ok_or_else(|| Error::overflow("add", *p, amount.amount()))?;
            }
        }
        Ok(billing)
    }

    /// The billing cycle of `date`: the number of statements issued before
    /// it, which is the index of the statement that bills it (issued or
    /// not).
    pub(crate) fn cycle(&self, date: NaiveDate) -> usize {
        self.issued.partition_point(|d| *d < date)
    }

    /// A waiver dated `date` of up to `amount`: cancels the charges of its
    /// billing cycle first. Returns what it cancelled.
    pub(crate) fn cancel(&mut self, date: NaiveDate, c: Component, amount: Decimal) -> Decimal {
        let k = self.cycle(date);
        let p = &mut self.charges[k][c.index()];
        let take = (*p).min(amount).max(Decimal::ZERO);
        *p -= take;
        take
    }

    /// Issues every statement dated before `date` not issued yet:
    ///
    /// 1. its minimum loses the charges reversed since that it holds: those
    ///    it billed, and for a rule's minimum on the whole balance, those
    ///    earlier statements billed that its balance still carried (as far
    ///    as it holds them), as if it had never held them;
    /// 2. a rule's minimum then loses, for each component but principal,
    ///    what the earlier minimums still owe of it: a fee, interest or
    ///    penalty the rule takes in full is not required twice (see the
    ///    module docs);
    /// 3. it is raised again toward the rule's floor, in principal, within
    ///    the balance's principal;
    /// 4. and cut, principal first, so that it and the earlier minimums
    ///    still owed require no more than its balance.
    pub(crate) fn issue_before(&mut self, date: NaiveDate, slots: &mut [Slot]) -> Result<()> {
        while self.done < self.issued.len().min(slots.len()) && self.issued[self.done] < date {
            let k = self.done;
            self.done += 1;
            let st = self.statements[k];
            let (earlier, rest) = slots.split_at_mut(k);
            let slot = &mut rest[0];
            for r in &self.reversed {
                let held = r.statement == k || (st.net && r.statement < k && st.date < r.date);
                if held {
                    cut(slot, r.component, r.amount)?;
                }
            }
            if !st.net {
                continue;
            }
            let owed = |c: Component| -> Result<Decimal> {
                earlier
                    .iter()
                    .map(|s| s.open(c))
                    .try_fold(Decimal::ZERO, |a, b| a.checked_add(b))
                    .ok_or_else(|| Error::overflow("add", c.as_str(), "unpaid minimums"))
            };
            for c in [Component::Penalty, Component::Fee, Component::Interest] {
                cut(slot, c, owed(c)?)?;
            }
            let total = slot.open_total();
            if total < st.floor {
                let room = st
                    .balance
                    .amount(Component::Principal)
                    .saturating_sub(slot.open(Component::Principal));
                let raise = (st.floor - total).min(room);
                if raise > Decimal::ZERO {
                    slot.add_due(Component::Principal, raise)?;
                }
            }
            let mut before = Decimal::ZERO;
            for c in Component::ALL {
                before = before
                    .checked_add(owed(c)?)
                    .ok_or_else(|| Error::overflow("add", before, "unpaid minimums"))?;
            }
            let cap = st.balance.total()?.amount().saturating_sub(before);
            let mut excess = slot.open_total().saturating_sub(cap.max(Decimal::ZERO));
            for c in [
                Component::Principal,
                Component::Interest,
                Component::Fee,
                Component::Penalty,
            ] {
                excess -= cut(slot, c, excess)?;
            }
        }
        Ok(())
    }
}

/// Takes up to `amount` of `c` off what `slot` requires (no more than it
/// still requires of it); returns what it took.
fn cut(slot: &mut Slot, c: Component, amount: Decimal) -> Result<Decimal> {
    let take = amount.min(slot.open(c));
    if take > Decimal::ZERO {
        slot.add_due(c, -take)?;
        Ok(take)
    } else {
        Ok(Decimal::ZERO)
    }
}
