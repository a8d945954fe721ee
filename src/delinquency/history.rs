//! Stage history: transitions derived by replaying an account.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Delinquency, DelinquencyOptions, DpdBasis, StageScheme};
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
/// Under a scheme on delinquent days ([`DpdBasis::Delinquent`], the
/// collection buckets), no reclassification happens while a pause is
/// active (`ref.fineract.pause`): from a pause's first day to its last the
/// stage is the one of the day before it began, whatever happens meanwhile
/// (a payment, a reversal), and it is classified afresh the day after the
/// pause ends. Back-to-back pauses (one starting the day after another
/// ends) hold as one ([`DelinquencyOptions::held_from`]). A single
/// [`Delinquency::assess`] of a day inside a pause measures that day and
/// cannot know the stage held; this history holds it. Schemes on raw days
/// past due (regulatory classes) ignore pauses.
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
    // The stage so far and, once known, the first one.
    let mut current: Option<Option<String>> = None;
    let mut transitions = Vec::new();

    // The day whose stage a day inside a pause holds, for a scheme that
    // pauses hold.
    let held = |day: NaiveDate| {
        (basis == DpdBasis::Delinquent)
            .then(|| options.held_from(day))
            .flatten()
    };
    for (i, &start) in cuts.iter().enumerate() {
        let end = cuts.get(i + 1).and_then(|d| d.pred_opt()).unwrap_or(to);
        // Segments are cut at pause boundaries: one that starts inside a
        // pause lies wholly inside it and keeps the stage of the day before
        // the pause (before a run of back-to-back pauses, the first).
        if let Some(before) = held(start) {
            let days = match account.position(before) {
                Ok(position) => Delinquency::assess(&position, options).days(basis),
                // The pause began with the account: nothing was overdue
                // before it. Any other replay error is the account's.
                Err(_) => {
                    account.position(start)?;
                    0
                }
            };
            note(&mut current, &mut transitions, start, code(days), days);
            continue;
        }
        let position = account.position(start)?;
        let first = Delinquency::assess(&position, options);
        let since = first.overdue_since();
        let days_at = |d: NaiveDate| Delinquency::from_overdue_since(since, d, options).days(basis);

        let mut day = start;
        loop {
            let days = days_at(day);
            note(&mut current, &mut transitions, day, code(days), days);
            let idx = rank(days);
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
    let initial = match transitions.first() {
        Some(t) => t.from.clone(),
        None => current.flatten(),
    };
    Ok(StageHistory {
        scheme: scheme.id().to_owned(),
        initial,
        transitions,
    })
}

/// The stage of `account` under `scheme` at the end of `date` (`None`:
/// below the scheme's first range), as [`stage_history`] has it: inside a
/// pause, a scheme on delinquent days keeps the stage of the day before
/// the pause.
///
/// # Errors
///
/// Errors of the account's replay.
///
/// # Example
///
/// ```
/// # use arrears::loan::*; use arrears::money::*; use arrears::delinquency::*;
/// # use chrono::NaiveDate; use rust_decimal::Decimal;
/// let d = |m, dd| NaiveDate::from_ymd_opt(2026, m, dd).unwrap();
/// let terms = LoanTerms::new("L", Money::new(Decimal::from(3_000), Currency::CNY), d(1, 10),
///     Rate::ZERO, RepaymentMethod::EqualPrincipal, 3, d(2, 10));
/// let loan = Loan::new(terms)?;
/// let opts = DelinquencyOptions::default().with_pause(d(3, 13), d(3, 22))?;
/// let scheme = StageScheme::m0_m7();
/// // DPD 31 on 03-13, the pause's first day: still M1, the stage of 03-12.
/// assert_eq!(stage_on(&loan, &scheme, &opts, d(3, 13))?.as_deref(), Some("M1"));
/// // 03-23: DPD 41, 10 days paused, 31 delinquent days.
/// assert_eq!(stage_on(&loan, &scheme, &opts, d(3, 23))?.as_deref(), Some("M2"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn stage_on(
    account: &impl Account,
    scheme: &StageScheme,
    options: &DelinquencyOptions,
    date: NaiveDate,
) -> Result<Option<String>> {
    Ok(stage_history(account, scheme, options, date, date)?.initial)
}

/// Records the stage of `day`: a transition if it differs from the stage
/// so far (the first stage is the initial one).
fn note(
    current: &mut Option<Option<String>>,
    transitions: &mut Vec<Transition>,
    day: NaiveDate,
    stage: Option<String>,
    days: u32,
) {
    if let Some(prev) = current.as_ref().filter(|p| **p != stage) {
        transitions.push(Transition {
            date: day,
            from: prev.clone(),
            to: stage.clone(),
            days,
        });
    }
    *current = Some(stage);
}
