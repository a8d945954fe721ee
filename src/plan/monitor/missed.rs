//! Which missed plan installments count toward a plan's default.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Which missed plan installments count toward
/// [`MonitorPolicy::missed_for_default`](super::MonitorPolicy::missed_for_default).
///
/// An installment is missed when its grace period (the tolerance's days)
/// ends without full payment. Whether one that is made up later still
/// counts is a lender's choice (RULES.md §4, industry conventions \[U\]);
/// the UK guidance expects occasional missed payments to be made up within
/// the term (CONC 7.3.3G), which [`MissedCount::InArrears`] reads as "a
/// made-up installment no longer counts".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum MissedCount {
    /// Every installment ever missed counts, made up or not: the plan
    /// defaults when the N-th grace period ends unpaid.
    #[default]
    Total,
    /// Only installments missed and not yet made up count: the plan defaults
    /// on the first day N installments are past their grace period and
    /// unpaid at the same time. The count is taken at the start of the day
    /// after each grace period, so a payment made on that day counts from
    /// the next (the installment was late when the day began).
    InArrears,
}

/// The day the plan defaults under `count`, if on or before `as_of`: one
/// `(grace_end, paid_on)` per installment in due order (payments go oldest
/// first), `n` the missed installments that default it.
pub(super) fn default_day(
    count: MissedCount,
    installments: &[(NaiveDate, Option<NaiveDate>)],
    n: u32,
    as_of: NaiveDate,
) -> Option<NaiveDate> {
    let mut seen = 0u32;
    for (k, &(grace_end, _)) in installments.iter().enumerate() {
        // The day after the k-th grace period: the only days on which the
        // count can go up.
        let day = grace_end.succ_opt()?;
        if day > as_of {
            return None;
        }
        let missed_on = |&(g, paid): &(NaiveDate, Option<NaiveDate>)| {
            g < day && paid.map_or(true, |p| p >= day)
        };
        let counted = match count {
            MissedCount::Total => {
                if missed_on(&installments[k]) {
                    seen += 1;
                }
                seen
            }
            MissedCount::InArrears => {
                let open = installments[..=k].iter().filter(|i| missed_on(i)).count();
                u32::try_from(open).unwrap_or(u32::MAX)
            }
        };
        if counted >= n && missed_on(&installments[k]) {
            return Some(day);
        }
    }
    None
}
