//! Day-count pieces of an accrual interval.

use chrono::{Datelike, NaiveDate};

use crate::calendar::DayCount;

/// Splits `[start, end)` into pieces with one day-count basis each: Act/Act
/// ISDA splits at 1 January (365 or 366); the others are one piece (actual
/// days over 360 or 365; 30/360 days over 360). Allocation-free. `actual`
/// is `end − start` in days, known to the caller.
pub(crate) fn pieces(dc: DayCount, start: NaiveDate, end: NaiveDate, actual: i64) -> Pieces {
    Pieces {
        dc,
        start,
        end,
        actual,
    }
}

/// Appends the [`pieces`] of `[start, end)` to `buf`; the one piece of a
/// day count that never splits is pushed without the iterator.
#[inline]
pub(crate) fn push_pieces(
    dc: DayCount,
    start: NaiveDate,
    end: NaiveDate,
    actual: i64,
    buf: &mut Vec<(NaiveDate, NaiveDate, i64, u32)>,
) {
    match dc {
        DayCount::Act360 if start < end => buf.push((start, end, actual, 360)),
        DayCount::Act365Fixed if start < end => buf.push((start, end, actual, 365)),
        _ => buf.extend(pieces(dc, start, end, actual)),
    }
}

/// Iterator of [`pieces`].
pub(crate) struct Pieces {
    dc: DayCount,
    start: NaiveDate,
    end: NaiveDate,
    /// `end − start` in days, while `start` is the first day.
    actual: i64,
}

impl Iterator for Pieces {
    type Item = (NaiveDate, NaiveDate, i64, u32);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if self.start >= self.end {
            return None;
        }
        let (s, end) = (self.start, self.end);
        let piece = match self.dc {
            DayCount::Act360 => (s, end, self.actual, 360),
            DayCount::Act365Fixed => (s, end, self.actual, 365),
            DayCount::ActActIsda => {
                let year_end = NaiveDate::from_ymd_opt(s.year() + 1, 1, 1).unwrap_or(end);
                let e = end.min(year_end);
                let basis = if NaiveDate::from_ymd_opt(s.year(), 2, 29).is_some() {
                    366
                } else {
                    365
                };
                (s, e, (e - s).num_days(), basis)
            }
            other => (s, end, other.day_count(s, end), 360),
        };
        self.start = piece.1;
        Some(piece)
    }
}

/// Whether `dc` counts 30-day months (the 30/360 family), whose day counts
/// are not additive: [`anchored_days`] applies.
#[inline]
pub(crate) fn is_thirty(dc: DayCount) -> bool {
    !matches!(
        dc,
        DayCount::Act360 | DayCount::Act365Fixed | DayCount::ActActIsda
    )
}

/// The days of the piece `[s, e)` of an installment overdue from `anchor`:
/// under the 30/360 family, `dc(anchor, e) − dc(anchor, s)`, so that the
/// days of any split of a run add up to the days of the run from its
/// anchor, whatever other events cut it (the 30th to the 31st is no day
/// and the 31st to the 1st one, or the reverse, depending on the anchor's
/// day: never both); under an Act day count, `days` as given.
#[inline]
pub(crate) fn anchored_days(
    dc: DayCount,
    anchor: NaiveDate,
    s: NaiveDate,
    e: NaiveDate,
    days: i64,
) -> i64 {
    if is_thirty(dc) {
        dc.day_count(anchor, e) - dc.day_count(anchor, s)
    } else {
        days
    }
}
