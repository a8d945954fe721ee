//! Runs: daily penalty postings carried forward in one step.
//!
//! Between two transactions an overdue installment's bases do not change,
//! so with [`Posting::Daily`] its penalty and compound interest grow by the
//! same daily amount on every interval, and each interval only extends the
//! same record. A loan deep in arrears has many such installments, and the
//! intervals are cut by events of other installments (another due date, a
//! fee date), so posting every installment on every interval made the
//! replay cost grow with intervals × overdue installments.
//!
//! Once an interval has been accrued the ordinary way and every piece it
//! posted could continue unchanged (one day-count piece, no cap cut, a
//! non-negative amount, a base above the tolerance), those pieces become
//! runs. Each later interval with the same single basis then costs one cap
//! check for all runs together ([`AnnualCap::take_whole`]: the amounts are
//! non-negative, so they all fit one after another iff their sum fits) plus
//! the ordinary work for installments that fell overdue since; the runs
//! themselves are posted to the book and their records only when something
//! reads them: a transaction, a fee on that installment's unpaid minimum, a
//! stop, an interval that cannot continue them, the end of the replay.
//!
//! Nothing else reads a run's installment meanwhile: its base exceeds the
//! tolerance and no amount owed is negative, so it is open and overdue
//! whatever its unposted penalty, for the stop rule and the cap alike. The
//! results are identical to posting every interval, to the serialized byte;
//! the tests compare both.

use super::*;

/// One installment and kind whose daily amount is carried forward.
#[derive(Debug, Clone, Copy)]
pub(super) struct Run {
    /// Installment index.
    i: usize,
    /// The daily amount.
    per_day: Decimal,
    /// The value of [`Runs::days`] when the run was last posted.
    posted_at: i64,
    /// Index of its record in `records`, if records are kept.
    rec: Option<usize>,
}

/// The engine's runs and what they share.
#[derive(Debug, Default)]
pub(super) struct Runs {
    list: Vec<Run>,
    /// The end of the last interval the runs accrued over; `None` when
    /// there are no runs to continue.
    to: Option<NaiveDate>,
    /// Installments below this index are covered: each either has its runs
    /// or had nothing to accrue when the runs were set up (and still has
    /// nothing, as only transactions change bases).
    pub(super) upto: usize,
    /// The day-count basis of the runs' pieces.
    basis: Option<u32>,
    /// Whether the runs keep records.
    keep: bool,
    /// Piece days accrued by runs so far (a counter: a run's days are the
    /// difference since it was last posted).
    days: i64,
    /// The sum of the runs' daily amounts.
    per_day: Decimal,
}

impl Runs {
    /// No runs, with room for `n` (one per installment and kind: they
    /// never need more).
    pub(super) fn with_capacity(n: usize) -> Runs {
        Runs {
            list: Vec::with_capacity(n),
            ..Runs::default()
        }
    }
}

impl Engine<'_> {
    /// Accrues the runs over `[start, end)` in one step, if they can
    /// continue: returns whether they did. If they did, the interval's
    /// day-count pieces are in `pieces_buf`; else `pieces_buf` is empty or
    /// holds them.
    pub(super) fn continue_runs(
        &mut self,
        start: NaiveDate,
        end: NaiveDate,
        actual: i64,
        keep: bool,
    ) -> Result<bool> {
        self.pieces_buf.clear();
        if !self.lazy || self.runs.to != Some(start) || self.runs.keep != keep || !self.nonneg {
            return Ok(false);
        }
        push_pieces(self.penalty_dc, start, end, actual, &mut self.pieces_buf);
        if self.pieces_buf.len() != 1 {
            return Ok(false);
        }
        let (_, _, days, basis) = self.pieces_buf[0];
        if self.runs.basis.is_some_and(|b| b != basis) {
            return Ok(false);
        }
        if !self.runs.list.is_empty() {
            let Some(total) = self.runs.per_day.checked_mul(Decimal::from(days)) else {
                return Ok(false);
            };
            if let Some(cap) = &mut self.cap {
                if !cap.take_whole(total)? {
                    return Ok(false);
                }
            }
        }
        let Some(n) = self.runs.days.checked_add(days) else {
            return Ok(false);
        };
        self.runs.days = n;
        self.runs.to = Some(end);
        Ok(true)
    }

    /// Makes the piece just posted for installment `i` (index `k` of
    /// `last_rec`) a run, if it can continue; returns whether it did.
    pub(super) fn start_run(
        &mut self,
        (i, k): (usize, usize),
        base: Decimal,
        per_day: Decimal,
        (amount, capped): (Decimal, bool),
        keep: bool,
    ) -> bool {
        if capped
            || amount.is_sign_negative()
            || per_day.is_sign_negative()
            || cmp_dec(base, self.policy.tolerance()).is_le()
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
        let Some(sum) = self.runs.per_day.checked_add(per_day) else {
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

    /// After an interval: the runs go on from `end`, covering the
    /// installments below `upto`, if every piece the interval posted the
    /// ordinary way became one (`all`); else everything is posted now.
    pub(super) fn close_interval(
        &mut self,
        end: NaiveDate,
        upto: usize,
        keep: bool,
        all: bool,
    ) -> Result<()> {
        if all && self.pieces_buf.len() <= 1 {
            self.runs.to = Some(end);
            self.runs.upto = upto;
            self.runs.keep = keep;
            self.runs.basis = match (self.runs.list.is_empty(), self.pieces_buf.first()) {
                (false, Some(p)) => Some(p.3),
                _ => None,
            };
            return Ok(());
        }
        self.settle_runs()
    }

    /// Posts every run and ends them.
    pub(super) fn settle_runs(&mut self) -> Result<()> {
        for r in 0..self.runs.list.len() {
            self.post_run(r)?;
        }
        self.runs.list.clear();
        self.runs.to = None;
        self.runs.basis = None;
        self.runs.per_day = Decimal::ZERO;
        Ok(())
    }

    /// Posts the runs of installment `i` (they go on).
    pub(super) fn settle_installment(&mut self, i: usize) -> Result<()> {
        for r in 0..self.runs.list.len() {
            if self.runs.list[r].i == i {
                self.post_run(r)?;
            }
        }
        Ok(())
    }

    /// Posts what run `r` accrued since it was last posted: to the book,
    /// and to its record as [`Engine::extend_last`] would have, interval by
    /// interval.
    fn post_run(&mut self, r: usize) -> Result<()> {
        let (Some(to), Some(run)) = (self.runs.to, self.runs.list.get(r).copied()) else {
            return Ok(());
        };
        let days = self.runs.days - run.posted_at;
        if days <= 0 {
            return Ok(());
        }
        let amount = run
            .per_day
            .checked_mul(Decimal::from(days))
            .ok_or_else(|| Error::overflow("multiply", run.per_day, days))?;
        self.book.slots[run.i].add_due(Component::Penalty, amount)?;
        if let Some(rec) = run.rec.and_then(|ix| self.records.get_mut(ix)) {
            let (Some(uncapped), Some(posted)) = (
                rec.uncapped.amount().checked_add(amount),
                rec.amount.amount().checked_add(amount),
            ) else {
                return Err(Error::overflow("add", rec.amount, amount));
            };
            rec.uncapped = Money::new(uncapped, rec.uncapped.currency());
            rec.amount = Money::new(posted, rec.amount.currency());
            rec.days = rec
                .days
                .checked_add(days)
                .ok_or_else(|| Error::overflow("add", rec.days, days))?;
            rec.to = to;
        }
        self.runs.list[r].posted_at = self.runs.days;
        Ok(())
    }
}

#[cfg(test)]
mod tests;
