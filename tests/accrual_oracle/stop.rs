//! Stop rules in the model (`StopRule`'s and `accrue`'s docs): accrual stops
//! on the days on which the days past due (`ref.fineract.dpd`, counting only
//! installments that owe more than the tolerance) have reached
//! `at_dpd`, and from the date of a charge-off in the ledger (one reversed
//! by `to − 1` never happened) under `at_charge_off`. The stop is checked
//! on the first day of each interval (after that day's transactions), so
//! it lifts when a payment brings the days past due back under `at_dpd`.
//! While stopped nothing accrues, the annualised cap's allowance does not
//! grow, nothing held is released, and the fee clocks keep time without
//! charging (a date on which the installment owes no more than the
//! tolerance still stops its clock).
//!
//! Events it adds: the charge-off's date (a transaction), the day the days
//! past due reach `at_dpd`, and, with a tolerance and daily postings, the
//! day after the penalty posted day by day has lifted an installment older
//! than the oldest one above the tolerance over it (uncapped amounts, as
//! the engine does: a doc gap, see the report).

use chrono::{Days, NaiveDate};

use crate::case::Case;
use crate::model::MInst;

pub struct Stop {
    pub dpd: Option<u32>,
    /// The effective charge-off's date (whatever the policy).
    pub charge_off: Option<NaiveDate>,
    /// The policy stops at a charge-off.
    pub at_charge_off: bool,
    pub tol: i128,
    /// Stopped over the current interval.
    pub stopped: bool,
    /// Daily postings: the tolerance crossing is an event.
    pub daily: bool,
}

impl Stop {
    pub fn new(c: &Case, tol: i128, last: NaiveDate, daily: bool) -> Stop {
        let charge_off = c
            .charge_off
            .filter(|(d, rev)| *d <= last && !rev.is_some_and(|r| r <= last))
            .map(|(d, _)| d);
        Stop {
            dpd: c.stop_dpd,
            charge_off,
            at_charge_off: c.stop_co,
            tol,
            stopped: false,
            daily,
        }
    }

    /// The date from which the installment overdue the longest on `day`
    /// that owes more than the tolerance counts as overdue
    /// (`Position::oldest_overdue`, `InstallmentPosition::overdue_from`):
    /// its due date, or an earlier chargeback's date (`wide.rs`).
    fn since(&self, insts: &[MInst], day: NaiveDate) -> Option<NaiveDate> {
        insts
            .iter()
            .filter(|i| crate::extras::is_overdue(i, day) && i.out_total() > self.tol)
            .map(|i| i.cb_on.map_or(i.due_date, |c| c.min(i.due_date)))
            .min()
    }

    /// Checks the stop on `day`, an interval's first day, after its
    /// transactions.
    pub fn check(&mut self, insts: &[MInst], day: NaiveDate) {
        let co = self.at_charge_off && self.charge_off.is_some_and(|d| d <= day);
        let dpd = self.dpd.is_some_and(|n| {
            self.since(insts, day)
                .is_some_and(|s| (day - s).num_days() >= i64::from(n))
        });
        self.stopped = co || dpd;
    }

    /// Whether `day` is an event for the stop; `pending[k]` is what
    /// installment `k` has accrued (uncapped) since the interval's `start`.
    pub fn is_event(
        &self,
        insts: &[MInst],
        pending: &[i128],
        start: NaiveDate,
        day: NaiveDate,
    ) -> bool {
        if self.charge_off == Some(day) {
            return true;
        }
        let Some(n) = self.dpd else {
            return false;
        };
        if self
            .since(insts, day)
            .is_some_and(|s| s + Days::new(u64::from(n)) == day)
        {
            return true;
        }
        self.crossing(insts, pending, start)
    }

    /// Whether an installment older than the oldest one above the
    /// tolerance has been lifted over it since `start`.
    pub fn crossing(&self, insts: &[MInst], pending: &[i128], start: NaiveDate) -> bool {
        if self.dpd.is_none() || self.tol <= 0 || !self.daily || self.stopped {
            return false;
        }
        for (k, i) in insts.iter().enumerate() {
            if i.due_date >= start || i.out_total() > self.tol {
                break;
            }
            if i.out_total() + pending[k] > self.tol {
                return true;
            }
        }
        false
    }
}
