//! Which missed plan installments count toward a plan's default.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Which missed plan installments count toward
/// [`MonitorPolicy::missed_for_default`](super::MonitorPolicy::missed_for_default).
///
/// An installment is missed when its deadline passes without full
/// payment: the end of its grace period (the tolerance's days), or later
/// if a reversal reopened it ([`monitor_plan`](super::monitor_plan)). Whether one that is made up later still
/// counts is a lender's choice (RULES.md §4, industry conventions \[U\]);
/// the UK guidance expects occasional missed payments to be made up within
/// the term (CONC 7.3.3G), which [`MissedCount::InArrears`] reads as "a
/// made-up installment no longer counts".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum MissedCount {
    /// Every installment ever missed counts, made up or not: the plan
    /// defaults when the N-th deadline passes unpaid (a reversal of a
    /// payment made in time gives the installments it reopens a new
    /// deadline; the bounce of a payment made late gives none, and no
    /// reversal erases a miss already made).
    #[default]
    Total,
    /// Only installments missed and not yet made up count: the plan defaults
    /// on the first day N installments are past their deadline and unpaid
    /// at the same time. The count is taken at the start of each day, from
    /// the payments and reversals in effect at the end of the day before:
    /// a payment made on the day after a deadline counts from the next (the
    /// installment was late when the day began), and so does a reversal
    /// (a payment bounced and made again on one day never leaves the
    /// installment unpaid at the start of a day).
    InArrears,
}

/// The missed installments that count under `count` at the start of `day`:
/// one `(deadline, paid_on)` per installment in due order (payments go
/// oldest first). An installment is missed once its deadline has passed
/// (before `day`) unpaid; under [`MissedCount::Total`] it counts even if
/// paid later, under [`MissedCount::InArrears`] only while still unpaid
/// when `day` begins.
pub(super) fn count_on(
    count: MissedCount,
    installments: &[(NaiveDate, Option<NaiveDate>)],
    day: NaiveDate,
) -> u32 {
    let counted = installments
        .iter()
        .filter(|(deadline, paid)| {
            *deadline < day
                && match count {
                    MissedCount::Total => paid.map_or(true, |p| p > *deadline),
                    MissedCount::InArrears => paid.map_or(true, |p| p >= day),
                }
        })
        .count();
    u32::try_from(counted).unwrap_or(u32::MAX)
}
