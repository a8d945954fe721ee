//! Stage history: transitions derived by replaying an account.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Delinquency, DelinquencyOptions, StageScheme};
use crate::error::{Error, Result};
use crate::loan::Account;

/// A change of stage on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transition {
    /// The first day in the new stage.
    pub date: NaiveDate,
    /// Stage code before (`None`: below the scheme's first range).
    pub from: Option<String>,
    /// Stage code from `date` on.
    pub to: Option<String>,
    /// The days (per the scheme's basis) on `date`.
    pub days: u32,
}

/// The stage at the start of a range and every transition in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageHistory {
    /// Scheme id.
    pub scheme: String,
    /// Stage code on the first day of the range.
    pub initial: Option<String>,
    /// Transitions, in date order.
    pub transitions: Vec<Transition>,
}

/// Lists the stage transitions of `account` under `scheme` for every day in
/// `from..=to`, as the end-of-day position of each day would classify it.
///
/// Works by events, not by days: the position is replayed only on dates
/// where it can change (transactions, the day after each due date, pause
/// boundaries), and threshold crossings in between are found by search.
///
/// # Errors
///
/// [`Error::InvalidField`] if `to < from`; errors of the account's replay.
///
/// # Example
///
/// ```
/// # use arrears::loan::*; use arrears::money::*; use arrears::delinquency::*;
/// # use chrono::NaiveDate; use rust_decimal::Decimal;
/// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
/// let terms = LoanTerms::new("L", Money::new(Decimal::from(3_000), Currency::CNY), d(2026, 1, 1),
///     Rate::ZERO, RepaymentMethod::EqualPrincipal, 3, d(2026, 2, 1));
/// let mut loan = Loan::new(terms)?;
/// loan.record(Transaction::repayment("P1", d(2026, 3, 20), Money::new(Decimal::from(2_000), Currency::CNY)))?;
/// let h = stage_history(&loan, &StageScheme::m0_m7(), &DelinquencyOptions::default(), d(2026, 1, 1), d(2026, 3, 31))?;
/// let steps: Vec<_> = h.transitions.iter().map(|t| (t.date, t.to.clone().unwrap())).collect();
/// assert_eq!(steps, [(d(2026, 2, 2), "M1".to_string()), (d(2026, 3, 4), "M2".to_string()),
///                    (d(2026, 3, 20), "M0".to_string())]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn stage_history(
    account: &impl Account,
    scheme: &StageScheme,
    options: &DelinquencyOptions,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<StageHistory> {
    if to < from {
        return Err(Error::invalid(
            "to",
            to,
            format!("is before `from` = `{from}`"),
        ));
    }
    let mut cuts: Vec<NaiveDate> = account
        .event_dates()
        .into_iter()
        .chain(
            options
                .pauses()
                .iter()
                .flat_map(|p| [Some(p.start), p.end.succ_opt()])
                .flatten(),
        )
        .filter(|d| *d > from && *d <= to)
        .collect();
    cuts.push(from);
    cuts.sort_unstable();
    cuts.dedup();

    let code = |days: u32| scheme.classify(days).map(|r| r.code.clone());
    // A rank that never falls as days rise: 0 below the first range, k + 1
    // in range k, one more above a bounded last range (where `index_of` is
    // `None` again), so that the search below sees every change of stage.
    let n = scheme.ranges().len();
    let rank = |days: u32| match scheme.index_of(days) {
        Some(i) => i + 1,
        None if scheme.ranges().first().is_some_and(|r| days < r.min_days) => 0,
        None => n + 1,
    };
    let basis = scheme.basis();
    let mut current: Option<Option<String>> = None;
    let mut initial = None;
    let mut transitions = Vec::new();

    for (i, &start) in cuts.iter().enumerate() {
        let end = cuts.get(i + 1).and_then(|d| d.pred_opt()).unwrap_or(to);
        let position = account.position(start)?;
        let first = Delinquency::assess(&position, options);
        let since = first.overdue_since();
        let days_at = |d: NaiveDate| Delinquency::from_overdue_since(since, d, options).days(basis);

        let mut day = start;
        loop {
            let days = days_at(day);
            let stage = code(days);
            match &current {
                None => initial = Some(stage.clone()),
                Some(prev) if *prev != stage => transitions.push(Transition {
                    date: day,
                    from: prev.clone(),
                    to: stage.clone(),
                    days,
                }),
                _ => {}
            }
            let idx = rank(days);
            current = Some(stage);
            // Within a segment days never decrease, nor does the rank; find
            // the first day whose rank differs, by binary search.
            if since.is_none() || day >= end || rank(days_at(end)) == idx {
                break;
            }
            let (mut lo, mut hi) = (day, end); // rank(lo) == idx, rank(hi) != idx
            while (hi - lo).num_days() > 1 {
                let mid =
                    lo + chrono::Days::new(u64::try_from((hi - lo).num_days() / 2).unwrap_or(0));
                if rank(days_at(mid)) == idx {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            day = hi;
        }
    }
    Ok(StageHistory {
        scheme: scheme.id().to_owned(),
        initial: initial.flatten(),
        transitions,
    })
}
