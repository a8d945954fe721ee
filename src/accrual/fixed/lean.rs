//! The event replay: the fixed-point replay's common case without
//! intervals.
//!
//! Under daily postings with a one-piece Act day count, an overdue
//! installment's penalty (and compound interest) is a daily amount times
//! days for as long as its base stands, and its base changes only when a
//! payment reaches it. So instead of accruing every interval between
//! events, this replay keeps one accrual per installment and kind: its
//! daily amount, its record and the day it was posted to. Amounts are
//! posted, to the book and to the record, only when something reads them:
//! a payment, a fee on the unpaid minimum, the end. Between events it only
//! grows the cap's allowance and checks that the accruals' total still
//! fits under it.
//!
//! Each event does what the interval replay does at the end of an
//! interval, in the same order: the fee clocks of installments now
//! overdue start, payments are applied, fees fire; then the accruals of
//! installments whose base changed (or that fell overdue) start, each with
//! a new record, after that day's fee records, installment by installment,
//! penalty before compound, as the interval replay creates them. A record
//! whose base stands goes on, as the interval replay extends it.
//!
//! The cap: the allowance and the accruals' total both grow linearly
//! between two events, so if the total fits at each event it fits on every
//! day between, as the interval replay checks it interval by interval. A
//! cut would fall inside the stretch: the replay gives way (the interval
//! replay, or the general engine, makes it). So where the general engine
//! cuts its intervals changes nothing here, and the replay leaves out the
//! events that change nothing: the day after a settled installment's due
//! date (a settled installment stays settled: penalties accrue on open
//! principal and interest, fees on an installment that owes), and with it
//! that installment's fee clocks, which could never fire. (The interval
//! replay keeps both: there an interval's end decides where a cap cuts.)
//!
//! It covers what the interval replay covers, with daily postings, Act/360
//! or Act/365F for the penalty and the cap, no tolerance, no stop at a DPD
//! or at a charge-off that happens, and every record kept (`from` on or
//! before the disbursement); the property tests compare it with the general
//! engine.

use chrono::{Datelike, NaiveDate};

use super::{Amt, Fx, Rec, Replay};
use crate::accrual::engine::AccrualKind;
use crate::accrual::policy::Posting;
use crate::calendar::DayCount;
use crate::loan::{Component, TxKind};

/// One installment and kind's accrual going on.
#[derive(Debug, Clone, Copy)]
pub(super) struct Running {
    /// `2 × installment + kind` (0 penalty, 1 compound).
    k: usize,
    base: Amt,
    per_day: Amt,
    /// Posted up to (not including) this day (days from the common era).
    since: i32,
    /// Its record.
    rec: usize,
}

/// The accruals going on, ascending by `k`.
#[derive(Debug, Default)]
pub(super) struct Accruals {
    list: Vec<Running>,
    /// The sum of their daily amounts.
    per_day: Amt,
    /// The replay runs this way.
    pub(super) on: bool,
    /// The cursor in days from the common era (dates are compared and
    /// subtracted as these).
    day: i32,
}

impl Replay<'_> {
    /// Whether the event replay covers this case (see the module docs);
    /// `txs` are the transactions in effect.
    pub(super) fn lean_covers(&self, txs: &[&crate::loan::Transaction]) -> bool {
        let one_piece = |dc: DayCount| matches!(dc, DayCount::Act360 | DayCount::Act365Fixed);
        let stop = self.policy.stop();
        // Every clock could start (those of settled installments are
        // skipped, and must not be what makes the general engine fail).
        let last_due = self.obligations.last().map(|o| o.due_date);
        let longest = self
            .policy
            .late_fees()
            .iter()
            .map(|f| f.after_days.max(1))
            .max();
        let clocks_fit = match (last_due, longest) {
            (Some(d), Some(days)) => d
                .checked_add_days(chrono::Days::new(u64::from(days)))
                .is_some(),
            _ => true,
        };
        clocks_fit
            && self.policy.posting() == Posting::Daily
            && one_piece(self.penalty_dc)
            && self.cap.as_ref().map_or(true, |c| one_piece(c.day_count()))
            && self.tolerance.is_zero()
            && stop.at_dpd.is_none()
            && !(stop.at_charge_off && txs.iter().any(|t| matches!(t.kind(), TxKind::ChargeOff)))
            && self.keep_from <= self.cursor
            && self
                .obligations
                .first()
                .map_or(true, |o| o.due_date >= self.cursor)
    }

    /// The replay's loop, event by event, up to (not including) `to`;
    /// `txs` are the transactions in effect, of which `txs[..tx_i]` (those
    /// on or before the cursor) are already applied.
    pub(super) fn run_lean(
        &mut self,
        to: NaiveDate,
        txs: &[&crate::loan::Transaction],
        mut tx_i: usize,
    ) -> Fx<()> {
        self.lean.on = true;
        self.lean.day = self.cursor.num_days_from_ce();
        // Room for every installment's two accruals: the list never grows.
        self.lean
            .list
            .reserve(self.obligations.len().saturating_mul(2));
        #[cfg(test)]
        RUNS.with(|r| r.set(r.get() + 1));
        // A cut would fall inside a stretch: give way.
        self.cuts_give_way = true;
        let basis: u32 = match self.penalty_dc {
            DayCount::Act365Fixed => 365,
            _ => 360,
        };
        let first_day_fee = self.policy.late_fees().iter().any(|f| f.after_days <= 1);
        // The day after each due date, when an installment falls overdue.
        let overdue_from: Vec<Option<NaiveDate>> = self
            .obligations
            .iter()
            .map(|o| o.due_date.succ_opt())
            .collect();
        let mut due_i = 0;
        while self.cursor < to {
            let n = self.obligations.len();
            while due_i < n
                && (self.obligations[due_i].due_date < self.cursor
                    || self.book.slots[due_i].settled())
            {
                due_i += 1;
            }
            let mut next = to;
            if let Some(t) = txs.get(tx_i) {
                next = next.min(t.value_date());
            }
            if let Some(&Some(d)) = overdue_from.get(due_i) {
                next = next.min(d);
            }
            let from = self.first_open.min(self.overdue_i);
            let clock = self.clocks.earliest(self.cursor, from);
            if let Some(d) = clock {
                next = next.min(d);
            }
            if next <= self.cursor {
                next = self.cursor.succ_opt()?;
            }
            let next_day = next.num_days_from_ce();
            self.stretch(next, next_day)?;
            self.cursor = next;
            self.lean.day = next_day;
            if next >= to {
                break;
            }
            let newly = self.overdue_i;
            // Fees fire today on a clock due today, or on one started
            // today by a rule charged from the first day overdue.
            let mut fees_today = clock == Some(next);
            while self.overdue_i < n && self.obligations[self.overdue_i].due_date < next {
                let i = self.overdue_i;
                self.overdue_i += 1;
                if overdue_from[i] == Some(next) {
                    let due_date = self.obligations[i].due_date;
                    self.clocks.start(i, due_date, self.policy.late_fees())?;
                    fees_today |= first_day_fee;
                }
            }
            // With a payment, every base may change: look at all that are
            // overdue; else only at those newly overdue.
            let mut look_from = newly;
            while tx_i < txs.len() && txs[tx_i].value_date() <= next {
                look_from = look_from.min(self.first_open);
                self.apply_tx(txs[tx_i].kind(), txs[tx_i].value_date())?;
                tx_i += 1;
            }
            if fees_today {
                self.fire_fees(next)?;
            }
            if let Some(rate) = self.penalty_rate {
                self.start_accruals(look_from, next, rate, basis)?;
            }
        }
        self.post_all()
    }

    /// Grows the cap over `[cursor, end)` (`end_day`: `end` in days from
    /// the common era) and takes the accruals' total for it; `None` if it
    /// does not all fit.
    fn stretch(&mut self, end: NaiveDate, end_day: i32) -> Fx<()> {
        if self.cap.is_none() {
            return Some(());
        }
        let actual = i64::from(end_day) - i64::from(self.lean.day);
        self.grow_cap(self.cursor, end, actual)?;
        if self.lean.list.is_empty() {
            return Some(());
        }
        let total = self.lean.per_day.mul_int(actual)?;
        let fits = match &mut self.cap {
            Some(cap) => cap.take_whole(total)?,
            None => true,
        };
        fits.then_some(())
    }

    /// After the events of `day`: ends the accruals of installments from
    /// `lo` on whose base changed, and starts those with a new base (or
    /// newly overdue), each with a new record.
    fn start_accruals(
        &mut self,
        lo: usize,
        day: NaiveDate,
        rate: rust_decimal::Decimal,
        basis: u32,
    ) -> Fx<()> {
        if lo >= self.overdue_i {
            return Some(());
        }
        // Newly overdue installments go last: no search then.
        let mut at = match self.lean.list.last() {
            Some(last) if last.k >= 2 * lo => self.lean.list.partition_point(|a| a.k < 2 * lo),
            _ => self.lean.list.len(),
        };
        for i in lo..self.overdue_i {
            for (kind, base) in self.bases(i) {
                let k = 2 * i + usize::from(kind != AccrualKind::PenaltyInterest);
                let current = self.lean.list.get(at).filter(|a| a.k == k).copied();
                if let Some(a) = current {
                    if a.base == base || a.base.cmp_value(base).is_eq() {
                        at += 1;
                        continue;
                    }
                    // Posted up to `day` by the payment that changed it.
                    self.lean.list.remove(at);
                    self.lean.per_day = self.lean.per_day.sub(a.per_day)?;
                }
                if base.is_zero() {
                    continue;
                }
                if base.is_negative() {
                    return None;
                }
                let per_day = self.mul_div_round(base, rate, i64::from(basis))?;
                if per_day.is_negative() {
                    return None;
                }
                let zero = Amt::zero(per_day.s);
                let rec = self.records.len();
                self.records.push(Rec {
                    kind,
                    i,
                    from: day,
                    to: day,
                    base,
                    rate: Some(rate),
                    days: 0,
                    basis,
                    uncapped: zero,
                    amount: zero,
                    fee: 0,
                    capped_by: None,
                });
                self.lean.list.insert(
                    at,
                    Running {
                        k,
                        base,
                        per_day,
                        since: self.lean.day,
                        rec,
                    },
                );
                self.lean.per_day = self.lean.per_day.add(per_day)?;
                at += 1;
            }
        }
        Some(())
    }

    /// Posts accrual `a` (index in the list) up to the cursor.
    fn post(&mut self, a: usize) -> Fx<()> {
        let acc = &mut self.lean.list[a];
        let days = i64::from(self.lean.day) - i64::from(acc.since);
        if days <= 0 {
            return Some(());
        }
        acc.since = self.lean.day;
        let acc = *acc;
        let amount = acc.per_day.mul_int(days)?;
        self.book.slots[acc.k / 2].add_due(Component::Penalty, amount)?;
        let rec = self.records.get_mut(acc.rec)?;
        rec.uncapped = rec.uncapped.add(amount)?;
        rec.amount = rec.amount.add(amount)?;
        rec.days = rec.days.checked_add(days)?;
        rec.to = self.cursor;
        Some(())
    }

    /// Posts every accrual up to the cursor.
    pub(super) fn post_all(&mut self) -> Fx<()> {
        for a in 0..self.lean.list.len() {
            self.post(a)?;
        }
        Some(())
    }

    /// Posts installment `i`'s accruals up to the cursor.
    pub(super) fn post_installment(&mut self, i: usize) -> Fx<()> {
        let lo = self.lean.list.partition_point(|a| a.k < 2 * i);
        let hi = self.lean.list.partition_point(|a| a.k < 2 * i + 2);
        for a in lo..hi {
            self.post(a)?;
        }
        Some(())
    }
}

#[cfg(test)]
thread_local! {
    static RUNS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// How many times this thread ran the event replay (for the tests).
#[cfg(test)]
pub(super) fn runs() -> u64 {
    RUNS.with(|r| r.get())
}
