//! The stop rule at a DPD: when an installment counts as overdue, the day
//! the stop takes effect, and the day, inside an interval, on which daily
//! postings lift an installment above the tolerance.

use super::*;

impl Engine<'_> {
    /// The open installments overdue on `day`: due before it or, after a
    /// chargeback, charged back before it (`ref.fineract.chargeback`, as
    /// [`Position::oldest_overdue`](crate::loan::Position::oldest_overdue)).
    pub(super) fn overdue_slots(
        &self,
        day: NaiveDate,
    ) -> impl Iterator<Item = &crate::loan::InstallmentPosition> {
        let chargebacks = self.chargebacks;
        self.obligations[self.first_open..]
            .iter()
            .zip(&self.book.slots[self.first_open..])
            .take_while(move |(o, _)| chargebacks || o.due_date < day)
            .map(|(_, s)| s)
            .filter(move |s| s.overdue_from() < day)
    }

    /// The oldest date from which an installment overdue on `day` that owes
    /// more than the policy's tolerance is overdue (its due date, or an
    /// earlier chargeback's date).
    pub(super) fn overdue_since(&self, day: NaiveDate) -> Option<NaiveDate> {
        let tol = self.policy.tolerance();
        let mut open = self.overdue_slots(day).filter(|s| s.open_total() > tol);
        if self.chargebacks {
            open.map(|s| s.overdue_from()).min()
        } else {
            open.next().map(|s| s.overdue_from())
        }
    }

    /// The first day on which accrual is stopped by `stop.at_dpd`, for the
    /// current overdue-since date.
    pub(super) fn stop_date(&self) -> Option<NaiveDate> {
        let at = self.policy.stop().at_dpd?;
        let since = self.overdue_since(self.cursor.succ_opt()?)?;
        since.checked_add_days(chrono::Days::new(u64::from(at)))
    }

    pub(super) fn stopped(&self, day: NaiveDate) -> bool {
        if self.charged_off && self.policy.stop().at_charge_off {
            return true;
        }
        let Some(at) = self.policy.stop().at_dpd else {
            return false;
        };
        self.overdue_since(day)
            .is_some_and(|since| (day - since).num_days() >= i64::from(at))
    }

    /// With a stop at a DPD, a positive tolerance and daily postings: the
    /// first day before `end` on which the penalty posted day by day since
    /// the cursor has lifted an installment that owed no more than the
    /// tolerance above it, so that the stop is checked on that day, as a
    /// day-by-day replay would. `None` if there is no such day.
    ///
    /// Only installments older than the oldest one already above the
    /// tolerance matter (a younger one would not move the overdue-since
    /// date). The amounts are uncapped: a cap only delays the crossing, and
    /// an interval cut too early is cut again at its next start. With
    /// period posting nothing is added between events, so the check at each
    /// event is exact.
    pub(super) fn tolerance_crossing(&mut self, end: NaiveDate) -> Result<Option<NaiveDate>> {
        let tol = self.policy.tolerance();
        let (Some(_), Some(rate), Some(penalty)) = (
            self.policy.stop().at_dpd,
            self.penalty_rate,
            self.policy.penalty(),
        ) else {
            return Ok(None);
        };
        let start = self.cursor;
        if tol <= Decimal::ZERO
            || self.policy.posting() != Posting::Daily
            || end <= start
            || self.stopped(start)
        {
            return Ok(None);
        }
        let span = (end - start).num_days();
        let mut first: Option<NaiveDate> = None;
        let mut pieces = Vec::new();
        for i in self.first_open..self.obligations.len() {
            if self.obligations[i].due_date >= start {
                break;
            }
            let slot = &self.book.slots[i];
            let open = slot.open_total();
            if open > tol {
                break;
            }
            let principal = slot.open(Component::Principal);
            let interest = if penalty.compound {
                slot.open(Component::Interest)
            } else {
                Decimal::ZERO
            };
            if principal.is_zero() && interest.is_zero() {
                continue;
            }
            let room = tol
                .checked_sub(open)
                .ok_or_else(|| Error::overflow("subtract", tol, open))?;
            // What installment `i` accrues over `[start, start + k)`.
            let anchor = self.obligations[i].due_date;
            let mut accrued = |k: i64| -> Result<Decimal> {
                pieces.clear();
                let e = start + chrono::Days::new(k.unsigned_abs());
                push_pieces(self.penalty_dc, start, e, k, &mut pieces);
                let mut sum = Decimal::ZERO;
                for &(ps, pe, days, basis) in &pieces {
                    let days = anchored_days(self.penalty_dc, anchor, ps, pe, days);
                    for base in [principal, interest] {
                        if base.is_zero() {
                            continue;
                        }
                        let day = self.daily(base, rate, basis)?;
                        let piece = day
                            .checked_mul(Decimal::from(days))
                            .ok_or_else(|| Error::overflow("multiply", day, days))?;
                        sum = sum
                            .checked_add(piece)
                            .ok_or_else(|| Error::overflow("add", sum, piece))?;
                    }
                }
                Ok(sum)
            };
            // Cap the search at the earliest crossing found so far.
            let limit = first.map_or(span, |f| (f - start).num_days().min(span));
            if limit < 1 || accrued(limit)? <= room {
                continue;
            }
            // The smallest k in 1..=limit with accrued(k) > room (the
            // amounts are never negative, so accrued grows with k).
            let (mut lo, mut hi) = (1, limit);
            while lo < hi {
                let mid = lo + (hi - lo) / 2;
                if accrued(mid)? > room {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            first = Some(start + chrono::Days::new(lo.unsigned_abs()));
        }
        // The crossing day itself is checked: `end` is its own start.
        Ok(first.filter(|&f| f < end))
    }
}
