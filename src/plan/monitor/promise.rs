//! Promises to pay (RULES.md §4): pending, kept, broken or cancelled, as a
//! monitor run every day would mark them.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{refuse_chargebacks, repayments_and_reversals, Tolerance};
use crate::error::{Error, Result};
use crate::loan::Ledger;
use crate::money::Money;

/// A promise to pay (PTP).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Promise {
    /// The amount promised.
    pub amount: Money,
    /// The date promised.
    pub date: NaiveDate,
    /// When the promise was made: payments from this day on count.
    pub made_on: NaiveDate,
    /// The day the promise was cancelled (withdrawn, or replaced by a
    /// plan), if it was: from then on it is neither kept nor broken.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancelled_on: Option<NaiveDate>,
}

/// Where a promise stands (RULES.md §4: pending, kept, broken, cancelled).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
#[non_exhaustive]
pub enum PromiseStatus {
    /// Not yet due (or within the day tolerance) and not yet fully paid.
    Pending {
        /// Paid so far.
        paid: Money,
    },
    /// Paid in full (within the amount tolerance) by the date plus the day
    /// tolerance. It stays kept if a payment that kept it is reversed
    /// later (a bounced payment re-opens the debt, not the promise).
    Kept {
        /// The day the promise became kept.
        on: NaiveDate,
        /// Paid towards it on that day.
        paid: Money,
    },
    /// The window passed without the promised amount: nothing, or only
    /// part of it, was paid (a partial payment does not keep a promise
    /// beyond the amount tolerance).
    Broken {
        /// Paid towards it.
        paid: Money,
        /// What was missing.
        short: Money,
    },
    /// Cancelled before it was kept or broken.
    Cancelled {
        /// The day it was cancelled.
        on: NaiveDate,
        /// Paid towards it by the end of the day before (a payment on the
        /// cancellation day could not keep it).
        paid: Money,
    },
}

impl PromiseStatus {
    /// The kept rate of `statuses`: kept ÷ (kept + broken), pending and
    /// cancelled promises left out; `None` if none is kept or broken yet.
    pub fn kept_rate<'a>(statuses: impl IntoIterator<Item = &'a PromiseStatus>) -> Option<Decimal> {
        let (mut kept, mut decided) = (0u64, 0u64);
        for s in statuses {
            match s {
                PromiseStatus::Kept { .. } => {
                    kept += 1;
                    decided += 1;
                }
                PromiseStatus::Broken { .. } => decided += 1,
                PromiseStatus::Pending { .. } | PromiseStatus::Cancelled { .. } => {}
            }
        }
        (decided > 0).then(|| Decimal::from(kept) / Decimal::from(decided))
    }
}

/// The status of `promise` at the end of `as_of`, as a monitor run every
/// day would have marked it (RULES.md §4).
///
/// - Kept on the first day on which the payments made from `made_on` up
///   to that day, less those reversed by then, reach the promised amount
///   less the amount tolerance, if that day is within the date plus the day
///   tolerance. A reversal on a later day does not un-keep it: the bounced
///   payment re-opens the debt, not the promise.
/// - Broken once that window has passed without it being kept, whether
///   nothing or only part was paid.
/// - Cancelled from `cancelled_on` if not kept or broken before.
/// - Pending otherwise.
///
/// # Errors
///
/// [`Error::InvalidField`] if the promise is dated before it was made, is
/// cancelled before it was made, its amount is not positive or finer than
/// the minor unit, or in another currency than the ledger
/// (`ledger.currency`); if the tolerance is negative (`tolerance.amount`),
/// or its days take the window beyond the calendar (`tolerance.days`); if
/// the ledger holds a chargeback that could change the verdict (dated
/// from `made_on` to the day the promise was kept, or else to the last day
/// a payment could keep it) and not reversed by `as_of`
/// (`ledger`, naming it: it does not say which payment was taken back;
/// record a bounced payment as a [`TxKind::Reversal`](crate::loan::TxKind::Reversal) of it). A
/// tolerance of the whole promise or more still needs a payment of one
/// minor unit to keep it.
pub fn promise_status(
    promise: &Promise,
    ledger: &Ledger,
    as_of: NaiveDate,
    tolerance: Tolerance,
) -> Result<PromiseStatus> {
    if promise.date < promise.made_on {
        return Err(Error::invalid(
            "promise.date",
            promise.date,
            format!("is before the day it was made `{}`", promise.made_on),
        ));
    }
    if let Some(c) = promise.cancelled_on.filter(|c| *c < promise.made_on) {
        return Err(Error::invalid(
            "promise.cancelled_on",
            c,
            format!("is before the day it was made `{}`", promise.made_on),
        ));
    }
    if !promise.amount.is_positive() || !crate::loan::fits_minor_unit(promise.amount) {
        return Err(Error::invalid(
            "promise.amount",
            promise.amount,
            "must be positive, in whole minor units",
        ));
    }
    let currency = promise.amount.currency();
    if ledger.currency() != currency {
        return Err(Error::invalid(
            "ledger.currency",
            ledger.currency(),
            format!("the promise is in {currency}"),
        ));
    }
    if tolerance.amount < Decimal::ZERO {
        return Err(Error::invalid(
            "tolerance.amount",
            tolerance.amount,
            "must not be negative",
        ));
    }
    let deadline = promise
        .date
        .checked_add_days(chrono::Days::new(u64::from(tolerance.days)))
        .ok_or_else(|| {
            Error::invalid(
                "tolerance.days",
                tolerance.days,
                format!(
                    "takes the promise date {} beyond the calendar",
                    promise.date
                ),
            )
        })?;
    // The tolerance forgives a shortfall, not the whole promise: something
    // (a minor unit at least) must be paid to keep it.
    let needed = promise
        .amount
        .amount()
        .saturating_sub(tolerance.amount)
        .max(currency.minor_unit());
    // The monitor's verdicts can only change on the days payments arrive,
    // reversals take effect, the window closes or the promise is cancelled.
    // What is paid towards the promise at the end of a day: the payments
    // made from `made_on`, less those reversed by then, as a running sum
    // of the days they come and go (one pass, not a sum per day).
    let mut moves: Vec<(NaiveDate, Decimal)> = Vec::new();
    for &(day, amount, reversed) in &repayments_and_reversals(ledger, as_of) {
        if day >= promise.made_on {
            moves.push((day, amount));
            if let Some(r) = reversed {
                moves.push((r, -amount));
            }
        }
    }
    moves.sort_by_key(|m| m.0);
    let cancelled = promise.cancelled_on.filter(|c| *c <= as_of);
    let last = deadline
        .min(as_of)
        .min(cancelled.map_or(as_of, |c| c.pred_opt().unwrap_or(c)));
    let status = verdict(promise, &moves, needed, deadline, last, cancelled, as_of);
    // A chargeback up to the day the verdict was made could have changed
    // it (one after a promise was kept, broken or cancelled cannot).
    let decided = match &status {
        PromiseStatus::Kept { on, .. } => *on,
        _ => last,
    };
    refuse_chargebacks(ledger, promise.made_on, decided, as_of)?;
    Ok(status)
}

/// The status of `promise` from `moves` (what is paid towards it: each
/// day's payments, and their reversals as negative amounts, by day),
/// `needed` to keep it, by `deadline` (the date plus the tolerance), `last`
/// the last day a payment can keep it, cancelled on `cancelled` (by
/// `as_of`).
fn verdict(
    promise: &Promise,
    moves: &[(NaiveDate, Decimal)],
    needed: Decimal,
    deadline: NaiveDate,
    last: NaiveDate,
    cancelled: Option<NaiveDate>,
    as_of: NaiveDate,
) -> PromiseStatus {
    let currency = promise.amount.currency();
    let paid_on = |day: NaiveDate| {
        moves
            .iter()
            .take_while(|m| m.0 <= day)
            .fold(Decimal::ZERO, |acc, m| acc.saturating_add(m.1))
    };
    let mut paid = Decimal::ZERO;
    for (k, &(day, amount)) in moves.iter().enumerate() {
        if day > last {
            break;
        }
        paid = paid.saturating_add(amount);
        // Kept on the first day whose payments, less that day's reversals,
        // reach what is needed.
        let day_done = moves.get(k + 1).map_or(true, |next| next.0 > day);
        if day_done && paid >= needed {
            return PromiseStatus::Kept {
                on: day,
                paid: Money::new(paid, currency),
            };
        }
    }
    // A payment on the cancellation day cannot keep the promise, and is
    // not paid towards it.
    if let Some(on) = cancelled.filter(|c| *c <= deadline) {
        return PromiseStatus::Cancelled {
            on,
            paid: Money::new(on.pred_opt().map_or(Decimal::ZERO, paid_on), currency),
        };
    }
    if as_of <= deadline {
        return PromiseStatus::Pending {
            paid: Money::new(paid_on(as_of), currency),
        };
    }
    let paid = paid_on(deadline);
    PromiseStatus::Broken {
        paid: Money::new(paid, currency),
        short: Money::new(
            promise
                .amount
                .amount()
                .saturating_sub(paid)
                .max(Decimal::ZERO),
            currency,
        ),
    }
}
