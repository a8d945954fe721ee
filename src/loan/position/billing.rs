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
use super::Component;
use crate::error::{Error, Result};
use crate::loan::{Transaction, TxKind};

/// The statements' issue dates and the billing cycles' charges.
#[derive(Debug, Clone)]
pub(crate) struct Billing {
    /// Each minimum's statement date, in order.
    pub(crate) issued: Vec<NaiveDate>,
    /// Whether each minimum is stated on the whole balance, earlier unpaid
    /// minimums included (to be taken off at issue).
    net: Vec<bool>,
    /// The statements the replay has issued so far.
    done: usize,
    /// Charges reversed after the statement that billed them was issued:
    /// the statement, the component and the amount.
    reversed: Vec<(usize, Component, Decimal)>,
    /// Each billing cycle's charges not cancelled by a waiver, by component
    /// ([`Component::ALL`] order); cycle `k` is billed by statement `k`,
    /// the last (one past the statements) by none issued yet.
    charges: Vec<[Decimal; 4]>,
}

impl Billing {
    /// The billing of statements dated `issued` (with `net` and `reversed`
    /// as above) for the transactions `known`.
    pub(crate) fn new(
        issued: Vec<NaiveDate>,
        net: Vec<bool>,
        reversed: Vec<(usize, Component, Decimal)>,
        known: &[&Transaction],
    ) -> Result<Billing> {
        let mut billing = Billing {
            charges: vec![[Decimal::ZERO; 4]; issued.len() + 1],
            issued,
            net,
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

    /// Issues every statement dated before `date` not issued yet. Its
    /// minimum loses the charges it billed that were reversed since (as far
    /// as it holds them), as if it had never held them; then a net minimum
    /// loses, for each component but principal, what the earlier minimums
    /// still owe of it (floored at zero): a fee, interest or penalty the
    /// rule takes in full is not required twice (see the module docs).
    pub(crate) fn issue_before(&mut self, date: NaiveDate, slots: &mut [Slot]) -> Result<()> {
        while self.done < self.issued.len().min(slots.len()) && self.issued[self.done] < date {
            let k = self.done;
            self.done += 1;
            let (earlier, rest) = slots.split_at_mut(k);
            let slot = &mut rest[0];
            for (_, c, amount) in self.reversed.iter().filter(|r| r.0 == k) {
                let cut = (*amount).min(slot.open(*c));
                if cut > Decimal::ZERO {
                    slot.add_due(*c, -cut)?;
                }
            }
            if !self.net.get(k).copied().unwrap_or(false) {
                continue;
            }
            for c in [Component::Penalty, Component::Fee, Component::Interest] {
                let unpaid = earlier
                    .iter()
                    .map(|s| s.open(c))
                    .try_fold(Decimal::ZERO, |a, b| a.checked_add(b))
                    .ok_or_else(|| Error::overflow("add", c.as_str(), "unpaid minimums"))?;
                let cut = unpaid.min(slot.open(c));
                if cut > Decimal::ZERO {
                    slot.add_due(c, -cut)?;
                }
            }
        }
        Ok(())
    }
}
