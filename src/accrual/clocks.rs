//! Late-fee clocks: when each installment's late fees fall due, shared by
//! the general engine and the fixed-point replay.
//!
//! An installment that falls overdue starts one clock per fee rule, at its
//! due date plus the rule's days; a clock that fires moves to the rule's
//! next date (every N days, or the same day of each later month) or stops.
//! The clocks still running are kept in an ascending list, so each interval
//! reads those, not every installment's: a clock dated on or before the
//! replay's cursor can never fire (fees fire on the day an interval ends,
//! and days only move forward), so it is dropped.

use chrono::NaiveDate;

use super::policy::{LateFeeRule, Recurrence};
use crate::loan::add_months_clamped;

/// One clock: the next date, the first date (the anchor of monthly
/// recurrence) and how many times it fired.
type Clock = (NaiveDate, NaiveDate, u32);

/// The clocks of every (installment, fee rule), index `i × rules + j`.
#[derive(Debug, Clone)]
pub(super) struct FeeClocks {
    rules: usize,
    next: Vec<Option<Clock>>,
    /// The indices that may still fire, ascending: every clock dated after
    /// the cursor is here (others may be too, until the next prune).
    live: Vec<usize>,
}

/// A clock that fires: its index, installment and fee rule.
#[derive(Debug, Clone, Copy)]
pub(super) struct Firing {
    pub(super) k: usize,
    pub(super) i: usize,
    pub(super) j: usize,
}

impl FeeClocks {
    /// No clock running, for `installments` × `rules`; `None` if that
    /// many do not fit in memory's index range.
    pub(super) fn new(installments: usize, rules: usize) -> Option<FeeClocks> {
        let n = installments.checked_mul(rules)?;
        Some(FeeClocks {
            rules,
            next: vec![None; n],
            // Room for every clock: the list never grows in the replay.
            live: Vec::with_capacity(n),
        })
    }

    /// Drops the clocks dated on or before `cursor`, and returns the
    /// earliest date of those of installments from `from` on.
    #[inline]
    pub(super) fn earliest(&mut self, cursor: NaiveDate, from: usize) -> Option<NaiveDate> {
        let next = &self.next;
        let lo = from * self.rules;
        // One pass; the list is pruned only when it holds a clock that can
        // no longer fire (after a firing, mostly).
        let (mut min, mut stale) = (None::<NaiveDate>, false);
        for &k in &self.live {
            match next[k] {
                Some((d, _, _)) if d > cursor => {
                    if k >= lo && min.map_or(true, |m| d < m) {
                        min = Some(d);
                    }
                }
                _ => stale = true,
            }
        }
        if stale {
            self.live
                .retain(|&k| next[k].is_some_and(|(d, _, _)| d > cursor));
        }
        min
    }

    /// Starts the clocks of installment `i`, overdue since the day after
    /// `due_date`; installments must start in ascending order. `None` if a
    /// first date is out of range.
    pub(super) fn start(
        &mut self,
        i: usize,
        due_date: NaiveDate,
        fees: &[LateFeeRule],
    ) -> Option<()> {
        for (j, fee) in fees.iter().enumerate() {
            let first =
                due_date.checked_add_days(chrono::Days::new(u64::from(fee.after_days.max(1))))?;
            let k = i * self.rules + j;
            *self.next.get_mut(k)? = Some((first, first, 0));
            // `i` only grows: the list stays ascending.
            self.live.push(k);
        }
        Some(())
    }

    /// The next clock, from position `*at` of the running list on, that
    /// fires on `day` for an installment in `lo..hi`; installment by
    /// installment, rule by rule.
    #[inline]
    pub(super) fn next_firing(
        &self,
        at: &mut usize,
        (lo, hi): (usize, usize),
        day: NaiveDate,
    ) -> Option<Firing> {
        let (lo, hi) = (lo * self.rules, hi * self.rules);
        while let Some(&k) = self.live.get(*at) {
            *at += 1;
            if k < lo || k >= hi {
                continue;
            }
            if matches!(self.next[k], Some((next, _, _)) if next == day) {
                return Some(Firing {
                    k,
                    i: k / self.rules,
                    j: k % self.rules,
                });
            }
        }
        None
    }

    /// Clock `k` of rule `fee` rang: if its installment still `owes` more
    /// than the tolerance, the fee is charged (returns `true`) and the clock
    /// moves to the rule's next date, or stops; else the clock stops and
    /// nothing is charged.
    pub(super) fn rang(&mut self, k: usize, fee: &LateFeeRule, owes: bool) -> bool {
        if let Some(c) = self.next.get_mut(k) {
            *c = c.filter(|_| owes).and_then(|(last, anchor, count)| {
                let count = count + 1;
                next_fee_date(fee, last, anchor, count).map(|d| (d, anchor, count))
            });
        }
        owes
    }
}

/// The date after `last` on which `fee` fires again, the `count`-th time
/// since `anchor`.
fn next_fee_date(
    fee: &LateFeeRule,
    last: NaiveDate,
    anchor: NaiveDate,
    count: u32,
) -> Option<NaiveDate> {
    match fee.recurrence {
        Recurrence::Once => None,
        Recurrence::EveryDays { days } => {
            last.checked_add_days(chrono::Days::new(u64::from(days.max(1))))
        }
        Recurrence::Monthly => add_months_clamped(anchor, count),
    }
}
