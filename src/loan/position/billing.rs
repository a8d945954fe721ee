//! What a card replay knows of its statements: when each was issued, and the
//! charges the statement that bills them has not yet issued.
//!
//! On a card, statements carry what is owed. A charge or waiver dated `d` is
//! in the closing balance of the first statement dated on or after `d`
//! ("the statement that bills it"), and so in the minimum payment that
//! statement's issuer or rule derives from that balance. Adding the charge
//! again to a statement's minimum would count it twice; so a charge owes
//! nothing by itself, and a waiver first cancels charges of the same
//! component in the same billing cycle (both are in the one balance) and
//! only then waives what earlier statements' minimums still owe.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::Component;
use crate::error::{Error, Result};

/// The statements' issue dates and the current cycle's unbilled charges.
#[derive(Debug, Clone)]
pub(crate) struct Billing {
    /// Each minimum's statement date, in order.
    pub(crate) issued: Vec<NaiveDate>,
    /// The billing cycle of `pending` (see [`Billing::cycle`]).
    cycle: usize,
    /// Charges of that cycle not cancelled by a waiver, by component
    /// ([`Component::ALL`] order).
    pending: [Decimal; 4],
}

impl Billing {
    pub(crate) fn new(issued: Vec<NaiveDate>) -> Billing {
        Billing {
            issued,
            cycle: 0,
            pending: [Decimal::ZERO; 4],
        }
    }

    /// The billing cycle of `date`: the number of statements issued before
    /// it, which is the index of the statement that bills it (issued or
    /// not). Non-decreasing along a replay, which runs in date order.
    pub(crate) fn cycle(&self, date: NaiveDate) -> usize {
        self.issued.partition_point(|d| *d < date)
    }

    /// The pending charges of `date`'s cycle (a new cycle starts with none).
    fn pending_of(&mut self, date: NaiveDate) -> &mut [Decimal; 4] {
        let cycle = self.cycle(date);
        if cycle != self.cycle {
            self.cycle = cycle;
            self.pending = [Decimal::ZERO; 4];
        }
        &mut self.pending
    }

    /// A charge dated `date`: in the balance of the statement that bills it,
    /// owed through that statement's minimum, not by itself.
    pub(crate) fn charge(&mut self, date: NaiveDate, c: Component, amount: Decimal) -> Result<()> {
        let p = &mut self.pending_of(date)[c.index()];
        *p = p
            .checked_add(amount)
            .ok_or_else(|| Error::overflow("add", *p, amount))?;
        Ok(())
    }

    /// A waiver dated `date` of up to `amount`: cancels the charges of its
    /// own cycle first. Returns what it cancelled.
    pub(crate) fn cancel(&mut self, date: NaiveDate, c: Component, amount: Decimal) -> Decimal {
        let p = &mut self.pending_of(date)[c.index()];
        let take = (*p).min(amount).max(Decimal::ZERO);
        *p -= take;
        take
    }
}
