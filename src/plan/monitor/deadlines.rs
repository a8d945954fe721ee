//! When a plan installment is missed and the plan defaults: the oldest-first
//! allocation of the payments in effect on a day, each installment's
//! deadline as reversals move it, and the default day.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{missed, MissedCount, MonitorPolicy, Pay, Tolerance};
use crate::money::Money;

/// The payments in effect at the end of `day` (made by then and not
/// reversed by then) from `start` on, allocated to the plan's installments
/// oldest first: what is left of each, and the day each was paid (within
/// `tolerance`).
pub(super) fn allocate(
    schedule: &[(NaiveDate, Money)],
    start: NaiveDate,
    pays: &[Pay],
    day: NaiveDate,
    tolerance: Decimal,
) -> (Vec<Decimal>, Vec<Option<NaiveDate>>) {
    let a = allocation(schedule, start, pays, day, day, tolerance);
    (a.left, a.paid_on)
}

/// An allocation of the payments to the plan's installments.
struct Allocation {
    /// What is left of each installment.
    left: Vec<Decimal>,
    /// The day each was paid (within the tolerance), if it was.
    paid_on: Vec<Option<NaiveDate>>,
    /// The payments (indices into the payments, first and last: payments
    /// fill installments in order, so an installment's are a run) that
    /// paid something towards each.
    paid_by: Vec<Option<(usize, usize)>>,
}

/// The payments made by `day`, with the reversals in effect by
/// `reversed_by`, allocated as [`allocate`] does, with the payments behind
/// each installment.
fn allocation(
    schedule: &[(NaiveDate, Money)],
    start: NaiveDate,
    pays: &[Pay],
    day: NaiveDate,
    reversed_by: NaiveDate,
    tolerance: Decimal,
) -> Allocation {
    let mut left: Vec<Decimal> = schedule.iter().map(|(_, m)| m.amount()).collect();
    let mut paid_on: Vec<Option<NaiveDate>> = vec![None; schedule.len()];
    let mut paid_by: Vec<Option<(usize, usize)>> = vec![None; schedule.len()];
    let mut next = 0usize;
    let in_effect = pays.iter().enumerate().filter(|(_, (date, _, reversed))| {
        *date >= start && *date <= day && reversed.map_or(true, |r| r > reversed_by)
    });
    for (j, &(date, amount, _)) in in_effect {
        let mut money = amount;
        while next < left.len() && !money.is_zero() {
            let take = left[next].min(money);
            if !take.is_zero() {
                paid_by[next] = Some(paid_by[next].map_or((j, j), |(first, _)| (first, j)));
            }
            left[next] -= take;
            money -= take;
            if left[next] <= tolerance {
                paid_on[next] = Some(date);
                next += 1;
            }
        }
        // A last installment no larger than the tolerance is paid as soon
        // as the one before it is (its whole amount is a shortfall the
        // tolerance covers): a last row of 0.50 under a 1.00 tolerance.
        // Any other installment needs something paid towards it: a
        // tolerance above the installments would otherwise complete the
        // plan for one minor unit.
        if next > 0 && next + 1 == left.len() && left[next] <= tolerance {
            paid_on[next] = Some(date);
            next += 1;
        }
        if next >= left.len() {
            break;
        }
    }
    Allocation {
        left,
        paid_on,
        paid_by,
    }
}

/// Each installment's deadline: its grace end, moved by a reversal that
/// reopened it to the reversal's day plus the grace days, if later. A
/// reversal reopens an installment that, at the end of the day before it,
/// was paid by its deadline and that the reversal leaves unpaid or paid
/// later (payments made on the reversal's day are left out of both views:
/// a payment made and reversed on one day was never seen paid), whether
/// its own payment bounced or the oldest-first allocation took its
/// payment back for an older one. It moves deadlines only if a payment it
/// bounced was made in time: within the grace period of the oldest
/// installment it paid towards when it was made (a payment that paid none
/// neither gives time nor takes it away). So a miss already made stays
/// made, a payment made late (a replacement made after the grace period,
/// too; a payment that clears a late installment and prepays the next)
/// and bounced puts nothing off, and each move takes the bounce of a
/// payment made in time: bouncing and paying again cannot put a default
/// off for ever, though a debtor whose many small payments made in time
/// are bounced one by one gets up to the grace days plus one for each; a
/// bank that bounces two honest payments gives the debtor time twice,
/// on one day or two. Reversals are applied in day order, once each, as
/// the monitor's days reach them.
pub(super) struct Deadlines<'a> {
    schedule: &'a [(NaiveDate, Money)],
    start: NaiveDate,
    pays: &'a [Pay],
    tolerance: Tolerance,
    graces: Vec<NaiveDate>,
    /// The reversal days not applied yet, latest first.
    pending: Vec<NaiveDate>,
    by: Vec<NaiveDate>,
}

impl<'a> Deadlines<'a> {
    pub(super) fn new(
        schedule: &'a [(NaiveDate, Money)],
        start: NaiveDate,
        pays: &'a [Pay],
        graces: &[NaiveDate],
        tolerance: Tolerance,
    ) -> Self {
        let mut pending: Vec<NaiveDate> = pays.iter().filter_map(|p| p.2).collect();
        pending.sort_unstable_by(|a, b| b.cmp(a));
        pending.dedup();
        Deadlines {
            schedule,
            start,
            pays,
            tolerance,
            graces: graces.to_vec(),
            pending,
            by: graces.to_vec(),
        }
    }

    /// Whether payment `j` was made in time: within the grace period of
    /// the oldest installment it paid towards on its day; `None` if it paid
    /// none (before the plan started or after it looked complete: it
    /// excuses nothing).
    fn made_in_time(&self, j: usize) -> Option<bool> {
        let day = self.pays[j].0;
        let then = allocation(
            self.schedule,
            self.start,
            self.pays,
            day,
            day,
            self.tolerance.amount,
        );
        then.paid_by
            .iter()
            .position(|run| run.is_some_and(|(first, last)| first <= j && j <= last))
            .map(|k| day <= self.graces[k])
    }

    /// The deadlines with every reversal up to `day` applied.
    pub(super) fn through(&mut self, day: NaiveDate) -> &[NaiveDate] {
        while let Some(&r) = self.pending.last().filter(|r| **r <= day) {
            self.pending.pop();
            let Some(before) = r.pred_opt() else {
                continue;
            };
            // Only the bounce of a payment made in time gives time (one that
            // paid nothing neither gives nor takes any).
            let in_time = (0..self.pays.len()).any(|j| {
                self.pays[j].2 == Some(r)
                    && self.pays[j].0 <= before
                    && self.made_in_time(j) == Some(true)
            });
            if !in_time {
                continue;
            }
            // The payments made by the day before, with the reversals in
            // effect then and with the reversal's day's.
            let view = |reversed_by| {
                allocation(
                    self.schedule,
                    self.start,
                    self.pays,
                    before,
                    reversed_by,
                    self.tolerance.amount,
                )
                .paid_on
            };
            let (was, now) = (view(before), view(r));
            let until = r
                .checked_add_days(chrono::Days::new(u64::from(self.tolerance.days)))
                .unwrap_or(NaiveDate::MAX);
            for (k, by) in self.by.iter_mut().enumerate() {
                let paid_by_deadline = was[k].is_some_and(|p| p <= *by);
                if paid_by_deadline && was[k] != now[k] {
                    *by = (*by).max(until);
                }
            }
        }
        &self.by
    }
}

/// The day the plan defaults, if on or before `as_of`, as a monitor run
/// every day marks it: the first day on which, from the payments in effect
/// that day, the missed installments that count reach the policy's number,
/// or the plan has run out unpaid: its last installment not paid by its
/// deadline. An installment is missed when its deadline passes without it
/// paid: its grace end, or, for one a reversal reopened, the reversal's
/// day plus the grace days, if later (the debtor gets the same days to pay
/// again as for an installment; a reversal that reopens nothing moves
/// nothing). The verdict can only change on the day after a grace period
/// ends, on a reversal's day and the day after (when a count at the start
/// of the day sees it), and on the day after a reversal's grace period
/// ends.
pub(super) fn default_day(
    schedule: &[(NaiveDate, Money)],
    start: NaiveDate,
    pays: &[Pay],
    as_of: NaiveDate,
    graces: &[NaiveDate],
    policy: &MonitorPolicy,
) -> Option<NaiveDate> {
    let grace = chrono::Days::new(u64::from(policy.tolerance.days));
    let reversals: Vec<NaiveDate> = pays.iter().filter_map(|p| p.2).collect();
    let mut days: Vec<NaiveDate> = graces.iter().filter_map(|g| g.succ_opt()).collect();
    days.extend(reversals.iter().copied());
    // A start-of-day count sees a reversal the day after.
    days.extend(reversals.iter().filter_map(|r| r.succ_opt()));
    days.extend(
        reversals
            .iter()
            .filter_map(|r| r.checked_add_days(grace)?.succ_opt()),
    );
    days.retain(|d| *d <= as_of);
    days.sort_unstable();
    days.dedup();
    let mut deadlines = Deadlines::new(schedule, start, pays, graces, policy.tolerance);
    let tolerance = policy.tolerance.amount;
    days.into_iter().find(|&day| {
        let (_, paid_on) = allocate(schedule, start, pays, day, tolerance);
        let by = deadlines.through(day);
        let view: Vec<(NaiveDate, Option<NaiveDate>)> =
            by.iter().copied().zip(paid_on.iter().copied()).collect();
        let run_out = view
            .last()
            .is_some_and(|(end, paid)| *end < day && paid.map_or(true, |p| p > *end));
        // In arrears is read at the start of the day: from the payments and
        // reversals in effect at the end of the day before (a view with the
        // day's reversals and not its payments would count a bounce paid
        // again that day).
        let view = match policy.missed_count {
            MissedCount::InArrears => {
                let before = day.pred_opt().map_or_else(
                    || vec![None; schedule.len()],
                    |b| allocate(schedule, start, pays, b, tolerance).1,
                );
                by.iter().copied().zip(before).collect()
            }
            MissedCount::Total => view,
        };
        run_out || missed::count_on(policy.missed_count, &view, day) >= policy.missed_for_default
    })
}
