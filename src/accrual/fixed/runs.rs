//! Runs of daily postings carried forward, on integers: the general
//! engine's [`lazy`](crate::accrual::engine) shortcut, step for step (see
//! there for why the results are those of posting every interval).

use chrono::NaiveDate;

use super::{Amt, Fx, Replay};
use crate::loan::Component;

/// One installment and kind whose daily amount is carried forward.
#[derive(Debug, Clone, Copy)]
struct Run {
    /// Installment index.
    i: usize,
    per_day: Amt,
    /// [`Runs::days`] when the run was last posted.
    posted_at: i64,
    /// Index of its record, if records are kept.
    rec: Option<usize>,
}

/// The runs and what they share.
#[derive(Debug, Default)]
pub(super) struct Runs {
    list: Vec<Run>,
    /// The end of the last interval the runs accrued over; `None` when
    /// there are none to continue.
    to: Option<NaiveDate>,
    /// Installments below this index are covered.
    pub(super) upto: usize,
    basis: Option<u32>,
    keep: bool,
    /// Piece days accrued by runs so far.
    days: i64,
    /// The sum of the runs' daily amounts.
    per_day: Amt,
}

impl Runs {
    pub(super) fn with_capacity(n: usize) -> Runs {
        Runs {
            list: Vec::with_capacity(n),
            ..Runs::default()
        }
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
        if self.runs.to != Some(start) || self.runs.keep != keep {
            return Some(false);
        }
        crate::accrual::pieces::push_pieces(self.penalty_dc, start, end, actual, &mut self.pieces);
        let &[(_, _, days, basis)] = self.pieces.as_slice() else {
            return Some(false);
        };
        if self.runs.basis.is_some_and(|b| b != basis) {
            return Some(false);
        }
        if !self.runs.list.is_empty() {
            let Some(total) = self.runs.per_day.mul_int(days) else {
                return Some(false);
            };
            if let Some(cap) = &mut self.cap {
                if !cap.take_whole(total)? {
                    return Some(false);
                }
            }
        }
        let Some(n) = self.runs.days.checked_add(days) else {
            return Some(false);
        };
        self.runs.days = n;
        self.runs.to = Some(end);
        Some(true)
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
        let Some(sum) = self.runs.per_day.add(per_day) else {
            return false;
        };
        self.runs.per_day = sum;
        self.runs.list.push(Run {
            i,
            per_day,
            posted_at: self.runs.days,
            rec,
        });
        true
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
            self.runs.to = Some(end);
            self.runs.upto = upto;
            self.runs.keep = keep;
            self.runs.basis = match (self.runs.list.is_empty(), self.pieces.first()) {
                (false, Some(p)) => Some(p.3),
                _ => None,
            };
            return Some(());
        }
        self.settle_runs()
    }

    /// Posts every run and ends them.
    pub(super) fn settle_runs(&mut self) -> Fx<()> {
        for r in 0..self.runs.list.len() {
            self.post_run(r)?;
        }
        self.runs.list.clear();
        self.runs.to = None;
        self.runs.basis = None;
        self.runs.per_day = Amt::ZERO;
        Some(())
    }

    /// Posts the runs of installment `i` (they go on).
    pub(super) fn settle_installment(&mut self, i: usize) -> Fx<()> {
        for r in 0..self.runs.list.len() {
            if self.runs.list[r].i == i {
                self.post_run(r)?;
            }
        }
        Some(())
    }

    /// Posts what run `r` accrued since it was last posted, to the book and
    /// to its record.
    fn post_run(&mut self, r: usize) -> Fx<()> {
        let (Some(to), Some(run)) = (self.runs.to, self.runs.list.get(r).copied()) else {
            return Some(());
        };
        let days = self.runs.days - run.posted_at;
        if days <= 0 {
            return Some(());
        }
        let amount = run.per_day.mul_int(days)?;
        self.book.slots[run.i].add_due(Component::Penalty, amount)?;
        if let Some(rec) = run.rec.and_then(|ix| self.records.get_mut(ix)) {
            rec.uncapped = rec.uncapped.add(amount)?;
            rec.amount = rec.amount.add(amount)?;
            rec.days = rec.days.checked_add(days)?;
            rec.to = to;
        }
        self.runs.list[r].posted_at = self.runs.days;
        Some(())
    }
}
