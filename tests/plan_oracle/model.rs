//! The model: a monitor run every day from the plan's start to the as-of
//! date, written from the rustdoc of `monitor_plan`, `MissedCount`,
//! `PlanStatus`, `MonitoredInstallment`, `Tolerance` and `Ledger::effective`
//! (see the header of `plan_oracle.rs` for the readings chosen where the
//! docs are silent). Days are integers, amounts minor units.

use std::collections::BTreeSet;

use crate::gen::{Case, TxK};

/// The plan as the payments in effect at the end of one day leave it.
#[derive(Clone, Debug)]
pub struct State {
    /// Paid towards each installment, oldest first.
    pub paid: Vec<i64>,
    /// The day each installment counted as paid (within the tolerance),
    /// from replaying the payments in value-date order.
    pub paid_on: Vec<Option<i64>>,
}

impl State {
    pub fn complete(&self) -> bool {
        self.paid_on.iter().all(Option::is_some)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    OnTrack { missed: u32 },
    Defaulted { on: i64, missed: u32 },
    Completed { on: i64 },
}

#[derive(Clone, Debug)]
pub struct Out {
    pub status: Status,
    pub fin: State,
    pub missed: Vec<bool>,
    /// The deadlines at the end (after the grace reversals gave).
    pub deadline: Vec<i64>,
    /// Reversal days that bounced a payment made in time and reopened
    /// something (for the statistics).
    pub grace_given: u32,
    /// Installments missed on a reversal day because a bounce that gave no
    /// time left them unpaid past their deadline (doc gap 2).
    pub late_bounce_misses: u32,
}

/// Whether entry `i` is reversed by a reversal dated on or before `d`.
fn reversed_by(c: &Case, i: usize, d: i64) -> bool {
    c.txs
        .iter()
        .any(|t| matches!(t.kind, TxK::Rev(j) if j == i) && t.day <= d)
}

/// The repayments in effect at the end of `d` that go to the plan (dated
/// from the start on): (entry index, day, amount), in value-date order,
/// ties in recording order (`Ledger::effective`).
pub fn effective(c: &Case, d: i64) -> Vec<(usize, i64, i64)> {
    let mut v: Vec<(usize, i64, i64)> = c
        .txs
        .iter()
        .enumerate()
        .filter_map(|(i, t)| match t.kind {
            TxK::Pay(a) if t.day >= c.start && t.day <= d && !reversed_by(c, i, d) => {
                Some((i, t.day, a))
            }
            _ => None,
        })
        .collect();
    v.sort_by_key(|p| p.1);
    v
}

/// Replays `pays` oldest installment first. Each payment starts at the
/// oldest installment not yet counted as paid and fills installments to
/// their amounts in order until it runs out (doc gap 1). An installment
/// counts as paid once something was paid towards it and the shortfall is
/// within the tolerance: the shortfall is covered, and the next payment
/// starts at the next installment. A last installment no larger than the
/// tolerance counts as paid once the one before it does (not in a plan of
/// one installment); the rest of the payment that did it still goes to it,
/// and a payment once the plan looks complete pays nothing.
pub fn replay(c: &Case, pays: &[(usize, i64, i64)]) -> State {
    let n = c.sched.len();
    let tol = c.pol.tol;
    let small_last = n >= 2 && c.sched[n - 1].1 <= tol;
    let mut paid = vec![0; n];
    let mut paid_on = vec![None; n];
    let mut open = 0;
    for &(_, day, a) in pays {
        let mut left = a;
        let mut k = open;
        while left > 0 && k < n {
            let take = left.min(c.sched[k].1 - paid[k]);
            paid[k] += take;
            left -= take;
            k += 1;
        }
        while open < n {
            let amt = c.sched[open].1;
            let counts = (paid[open] > 0 && paid[open] >= amt - tol)
                || (open == n - 1 && small_last && paid_on[n - 2].is_some());
            if !counts {
                break;
            }
            paid_on[open] = Some(day);
            open += 1;
        }
    }
    State { paid, paid_on }
}

/// Whether payment `i` was made in time: within the grace period (the
/// due date plus the tolerance's days) of the oldest installment it paid
/// towards when made, at the end of its value date. A payment that paid
/// nothing, or came when the plan already looked complete, was not.
pub fn in_time(c: &Case, i: usize) -> bool {
    let v = c.txs[i].day;
    if v < c.start {
        return false;
    }
    let pays = effective(c, v);
    let Some(pos) = pays.iter().position(|p| p.0 == i) else {
        return false;
    };
    let prior = replay(c, &pays[..pos]);
    if prior.complete() {
        return false;
    }
    // The oldest installment it paid towards: the oldest not counted paid.
    let k0 = prior.paid_on.iter().position(Option::is_none).unwrap();
    v <= c.sched[k0].0 + c.pol.days
}

/// Runs the monitor every day from `start` to `as_of`.
#[allow(clippy::needless_range_loop)] // several vectors by installment
pub fn run_model(c: &Case) -> Out {
    let n = c.sched.len();
    let days = c.pol.days;
    let mut deadline: Vec<i64> = c.sched.iter().map(|&(d, _)| d + days).collect();
    let mut missed = vec![false; n];
    let mut default: Option<i64> = None;
    let event_days: BTreeSet<i64> = c
        .txs
        .iter()
        .filter(|t| matches!(t.kind, TxK::Pay(_) | TxK::Rev(_)))
        .map(|t| t.day)
        .collect();
    let mut prev_eff = effective(c, c.start - 1);
    let mut prev = replay(c, &prev_eff);
    let mut grace_given = 0;
    let mut late_bounce_misses = 0;
    for d in c.start..=c.as_of {
        // Start of day d, from the state at the end of d - 1: a deadline
        // that passed unpaid is a miss, and `InArrears` counts the
        // installments past their deadline and unpaid.
        let mut arrears = 0;
        for k in 0..n {
            if deadline[k] < d && prev.paid_on[k].is_none() {
                missed[k] = true;
                arrears += 1;
            }
        }
        if event_days.contains(&d) {
            // The day's payments and reversals.
            let eff = effective(c, d);
            let cur = replay(c, &eff);
            let bounced_in_time = c.txs.iter().any(|t| match t.kind {
                TxK::Rev(i) => t.day == d && prev_eff.iter().any(|p| p.0 == i) && in_time(c, i),
                _ => false,
            });
            if bounced_in_time {
                let mut any = false;
                for k in 0..n {
                    let Some(p) = prev.paid_on[k] else { continue };
                    // Reopened: paid by its deadline, and now unpaid or
                    // paid later than it was (doc gap 3).
                    let reopened = p <= deadline[k] && cur.paid_on[k].map_or(true, |q| q > p);
                    if reopened {
                        deadline[k] = deadline[k].max(d + days);
                        any = true;
                    }
                }
                grace_given += u32::from(any);
            }
            // From the payments in effect that day: an installment past its
            // deadline that they leave unpaid, or paid only after it, is
            // missed on the reversal day itself (a bounce that gave no time;
            // doc gap 2).
            for k in 0..n {
                let late = cur.paid_on[k].map_or(true, |q| q > deadline[k]);
                if deadline[k] < d && late && !missed[k] {
                    missed[k] = true;
                    late_bounce_misses += 1;
                }
            }
            prev = cur;
            prev_eff = eff;
        }
        let count = if c.pol.inarrears {
            arrears
        } else {
            missed.iter().filter(|m| **m).count()
        };
        // Run out: the last installment missed, whatever the count.
        if default.is_none() && (count >= c.pol.n as usize || missed[n - 1]) {
            default = Some(d);
        }
    }
    let nmissed = missed.iter().filter(|m| **m).count() as u32;
    let status = match default {
        Some(on) => Status::Defaulted {
            on,
            missed: nmissed,
        },
        None if prev.complete() => Status::Completed {
            on: prev.paid_on[n - 1].unwrap(),
        },
        None => Status::OnTrack { missed: nmissed },
    };
    Out {
        status,
        fin: prev,
        missed,
        deadline,
        grace_given,
        late_bounce_misses,
    }
}

/// Situations a case contains, for the statistics.
pub fn features(c: &Case) -> Vec<(&'static str, bool)> {
    let revs: Vec<(i64, usize)> = c
        .txs
        .iter()
        .filter_map(|t| match t.kind {
            TxK::Rev(i) if matches!(c.txs[i].kind, TxK::Pay(_)) => Some((t.day, i)),
            _ => None,
        })
        .collect();
    let mixed_day = revs.iter().any(|&(d, i)| {
        revs.iter()
            .any(|&(e, j)| e == d && j != i && in_time(c, i) && !in_time(c, j))
    });
    let after_complete = revs.iter().any(|&(_, i)| {
        let v = c.txs[i].day;
        let pays = effective(c, v);
        pays.iter()
            .position(|p| p.0 == i)
            .is_some_and(|pos| replay(c, &pays[..pos]).complete())
    });
    vec![
        (
            "cases with an in-time and a late bounce on one day",
            mixed_day,
        ),
        (
            "cases bouncing a payment made once complete",
            after_complete,
        ),
        (
            "cases bouncing a payment from before the start",
            revs.iter().any(|&(_, i)| c.txs[i].day < c.start),
        ),
        (
            "cases bouncing a payment the day it was made",
            revs.iter().any(|&(d, i)| c.txs[i].day == d),
        ),
        (
            "cases with a last installment within the tolerance",
            c.sched.last().unwrap().1 <= c.pol.tol,
        ),
        (
            "cases with two installments on one day",
            c.sched.windows(2).any(|w| w[0].0 == w[1].0),
        ),
    ]
}
