//! Runs of daily postings carried forward ([`runs`](crate::accrual::runs)):
//! the fixed-point replay's side, on [`Amt`]s, step for step as the general
//! engine's `lazy` module.

use chrono::NaiveDate;

use super::{Amt, Fx, Replay};
use crate::accrual::runs::Amount;
use crate::loan::Component;

/// The replay's runs.
pub(super) type Runs = crate::accrual::runs::Runs<Amt>;

impl Amount for Amt {
    #[inline]
    fn plus(self, o: Amt) -> Option<Amt> {
        self.add(o)
    }

    #[inline]
    fn times(self, days: i64) -> Option<Amt> {
        self.mul_int(days)
    }
}

impl Replay<'_> {
    /// Accrues the runs over `[start, end)` in one step if they can
    /// continue; returns whether they did (then `pieces` holds the
    /// interval's one piece).
    pub(super) fn continue_runs(
        &mut self,
        start: NaiveDate,
        end: NaiveDate,
        actual: i64,
        keep: bool,
    ) -> Fx<bool> {
        self.pieces.clear();
        if !self.runs.ended_at(start, keep) {
            return Some(false);
        }
        crate::accrual::pieces::push_pieces(self.penalty_dc, start, end, actual, &mut self.pieces);
        let &[(_, _, days, basis)] = self.pieces.as_slice() else {
            return Some(false);
        };
        match self.runs.total(days, basis) {
            None => return Some(false),
            Some(None) => {}
            Some(Some(total)) => {
                if let Some(cap) = &mut self.cap {
                    if !cap.take_whole(total)? {
                        return Some(false);
                    }
                }
            }
        }
        Some(self.runs.advance(days, end))
    }

    /// Makes the piece just posted for installment `i` (record slot `k`) a
    /// run, if it can continue; returns whether it did.
    pub(super) fn start_run(
        &mut self,
        (i, k): (usize, usize),
        base: Amt,
        per_day: Amt,
        (amount, capped): (Amt, bool),
        keep: bool,
    ) -> bool {
        if capped
            || amount.is_negative()
            || per_day.is_negative()
            || base.cmp_value(self.tolerance).is_le()
        {
            return false;
        }
        let rec = if keep {
            match self.records.get(self.last_rec[k]) {
                Some(_) => Some(self.last_rec[k]),
                None => return false,
            }
        } else {
            None
        };
        self.runs.start(i, rec, per_day)
    }

    /// After an interval: the runs go on from `end`, covering installments
    /// below `upto`, if every piece the interval posted became one (`all`);
    /// else everything is posted now.
    pub(super) fn close_interval(
        &mut self,
        end: NaiveDate,
        upto: usize,
        keep: bool,
        all: bool,
    ) -> Fx<()> {
        if all && self.pieces.len() <= 1 {
            let basis = self.pieces.first().map(|p| p.3);
            self.runs.go_on(end, upto, keep, basis);
            return Some(());
        }
        self.settle_runs()
    }

    /// Posts every run and ends them.
    pub(super) fn settle_runs(&mut self) -> Fx<()> {
        if self.lean.on {
            return self.post_all();
        }
        for r in 0..self.runs.len() {
            self.post_run(r)?;
        }
        self.runs.end();
        Some(())
    }

    /// Posts the runs of installment `i` (they go on).
    pub(super) fn settle_installment(&mut self, i: usize) -> Fx<()> {
        if self.lean.on {
            return self.post_installment(i);
        }
        for r in 0..self.runs.len() {
            if self.runs.installment(r) == Some(i) {
                self.post_run(r)?;
            }
        }
        Some(())
    }

    /// Posts what run `r` accrued since it was last posted, to the book and
    /// to its record.
    fn post_run(&mut self, r: usize) -> Fx<()> {
        let Some(due) = self.runs.due(r) else {
            return Some(());
        };
        let amount = due.per_day.mul_int(due.days)?;
        self.book.slots[due.i].add_due(Component::Penalty, amount)?;
        if let Some(rec) = due.rec.and_then(|ix| self.records.get_mut(ix)) {
            rec.uncapped = rec.uncapped.add(amount)?;
            rec.amount = rec.amount.add(amount)?;
            rec.days = rec.days.checked_add(due.days)?;
            rec.to = due.to;
        }
        self.runs.posted(r);
        Some(())
    }
}
