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
use crate::loan::MinimumPaymentRule;
use crate::loan::{Transaction, TxKind};

/// What the replay needs of an issued statement.
#[derive(Debug, Clone)]
pub(crate) struct IssuedStatement {
    /// Statement date.
    pub(crate) date: NaiveDate,
    /// Closing balance.
    pub(crate) balance: Breakdown,
    /// The rule its minimum comes from, applied again at issue.
    pub(crate) rule: Option<MinimumPaymentRule>,
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

    /// Issues every statement dated before `date` not issued yet. A
    /// stated minimum loses the charges it billed that were reversed since
    /// (as far as it holds them). A rule's minimum is the rule applied
    /// again:
    ///
    /// 1. on the balance without the charges reversed since that it held:
    ///    those it billed, and those earlier statements billed that it
    ///    carried (no more than its balance beyond what it billed itself),
    ///    as if it had never held them;
    /// 2. less, for each component but principal, what the earlier minimums
    ///    still owe of it: a fee, interest or penalty the rule takes in full
    ///    is not required twice (see the module docs);
    /// 3. raised again toward the rule's floor, in principal, within the
    ///    balance's principal;
    /// 4. and cut, principal first, so that it and the earlier minimums
    ///    still owed require no more than the balance.
    pub(crate) fn issue_before(&mut self, date: NaiveDate, slots: &mut [Slot]) -> Result<()> {
        while self.done < self.issued.len().min(slots.len()) && self.issued[self.done] < date {
            let k = self.done;
            self.done += 1;
            let (earlier, rest) = slots.split_at_mut(k);
            let slot = &mut rest[0];
            let st = &self.statements[k];
            let Some(rule) = &st.rule else {
                for r in self.reversed.iter().filter(|r| r.statement == k) {
                    cut(slot, r.component, r.amount)?;
                }
                continue;
            };
            // 1. The balance as if the reversed charges had never been in it.
            let mut balance = st.balance;
            for c in Component::ALL {
                let (mut own, mut carried) = (Decimal::ZERO, Decimal::ZERO);
                for r in self.reversed.iter().filter(|r| r.component == c) {
                    if r.statement == k {
                        own = own.saturating_add(r.amount);
                    } else if r.statement < k && st.date < r.date {
                        carried = carried.saturating_add(r.amount);
                    }
                }
                // What it carried of earlier cycles: its balance beyond
                // what it billed itself (its cycle's charges net of the
                // cycle's waivers, all replayed by now, and the reversed
                // ones).
                let held = st.balance.amount(c);
                let its_own = self.charges[k][c.index()].saturating_add(own);
                let carried = carried.min((held - its_own).max(Decimal::ZERO));
                let own = own.min(held - carried);
                balance.set(c, held - carried - own);
            }
            let minimum = rule.minimum(&balance)?;
            for c in Component::ALL {
                let delta = minimum.amount(c) - slot.due.amount(c);
                if !delta.is_zero() {
                    slot.add_due(c, delta)?;
                }
            }
            // 2. Netted of what earlier minimums still owe.
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
            // 3. The floor: principal first, then what the balance holds
            // of the others beyond what earlier minimums still owe of it.
            let floor = rule.floor_in(slot.due.currency().minor_units());
            let mut short = floor.saturating_sub(slot.open_total());
            for c in [
                Component::Principal,
                Component::Penalty,
                Component::Fee,
                Component::Interest,
            ] {
                if short <= Decimal::ZERO {
                    break;
                }
                let taken = if c == Component::Principal {
                    slot.open(c)
                } else {
                    slot.open(c).saturating_add(owed(c)?)
                };
                let raise = short.min(balance.amount(c).saturating_sub(taken));
                if raise > Decimal::ZERO {
                    slot.add_due(c, raise)?;
                    short -= raise;
                }
            }
            // 4. Within the balance.
            let mut before = Decimal::ZERO;
            for c in Component::ALL {
                before = before
                    .checked_add(owed(c)?)
                    .ok_or_else(|| Error::overflow("add", before, "unpaid minimums"))?;
            }
            let cap = balance.total()?.amount().saturating_sub(before);
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
