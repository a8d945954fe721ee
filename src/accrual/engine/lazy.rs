//! Runs of daily postings carried forward ([`runs`](crate::accrual::runs),
//! which says why the results are those of posting every interval): the
//! general engine's side, in `Decimal`.

use super::*;

/// The engine's runs.
pub(super) type Runs = crate::accrual::runs::Runs<Decimal>;

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
        if !self.lazy || !self.runs.ended_at(start, keep) || !self.nonneg {
            return Ok(false);
        }
        push_pieces(self.penalty_dc, start, end, actual, &mut self.pieces_buf);
        let &[(_, _, days, basis)] = self.pieces_buf.as_slice() else {
            return Ok(false);
        };
        match self.runs.total(days, basis) {
            None => return Ok(false),
            Some(None) => {}
            Some(Some(total)) => {
                if let Some(cap) = &mut self.cap {
                    if !cap.take_whole(total)? {
                        return Ok(false);
                    }
                }
            }
        }
        Ok(self.runs.advance(days, end))
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
        self.runs.start(i, rec, per_day)
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
            let basis = self.pieces_buf.first().map(|p| p.3);
            self.runs.go_on(end, upto, keep, basis);
            return Ok(());
        }
        self.settle_runs()
    }

    /// Posts every run and ends them.
    pub(super) fn settle_runs(&mut self) -> Result<()> {
        for r in 0..self.runs.len() {
            self.post_run(r)?;
        }
        self.runs.end();
        Ok(())
    }

    /// Posts the runs of installment `i` (they go on).
    pub(super) fn settle_installment(&mut self, i: usize) -> Result<()> {
        for r in 0..self.runs.len() {
            if self.runs.installment(r) == Some(i) {
                self.post_run(r)?;
            }
        }
        Ok(())
    }

    /// Posts what run `r` accrued since it was last posted: to the book,
    /// and to its record as [`Engine::extend_last`] would have, interval by
    /// interval.
    fn post_run(&mut self, r: usize) -> Result<()> {
        let Some(due) = self.runs.due(r) else {
            return Ok(());
        };
        let amount = due
            .per_day
            .checked_mul(Decimal::from(due.days))
            .ok_or_else(|| Error::overflow("multiply", due.per_day, due.days))?;
        self.book.slots[due.i].add_due(Component::Penalty, amount)?;
        if let Some(rec) = due.rec.and_then(|ix| self.records.get_mut(ix)) {
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
                .checked_add(due.days)
                .ok_or_else(|| Error::overflow("add", rec.days, due.days))?;
            rec.to = due.to;
        }
        self.runs.posted(r);
        Ok(())
    }
}

#[cfg(test)]
mod tests;
