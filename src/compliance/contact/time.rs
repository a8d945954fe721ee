//! Local-time helpers over chrono-tz (real DST; gaps resolved forward).

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};

use super::model::Zone;
use super::policy::{ClosedDay, WindowRule};

/// The local date of `t` in `z`.
pub(crate) fn date_in(t: DateTime<Utc>, z: Zone) -> NaiveDate {
    t.with_timezone(&z.0).date_naive()
}

/// The instant of local `date` `time` in `z`: the earlier of two in a fold,
/// the first existing minute after a gap.
pub(crate) fn instant(z: Zone, date: NaiveDate, time: NaiveTime) -> Option<DateTime<Utc>> {
    let mut ndt = date.and_time(time);
    for _ in 0..=240 {
        if let Some(t) = z.0.from_local_datetime(&ndt).earliest() {
            return Some(t.with_timezone(&Utc));
        }
        ndt = ndt.checked_add_signed(chrono::Duration::minutes(1))?;
    }
    None
}

/// Local midnight starting `date` in `z`.
pub(crate) fn midnight(z: Zone, date: NaiveDate) -> Option<DateTime<Utc>> {
    instant(z, date, NaiveTime::MIN)
}

pub(crate) fn add_days(d: NaiveDate, n: u32) -> Option<NaiveDate> {
    d.checked_add_days(Days::new(u64::from(n)))
}

pub(crate) fn sub_days(d: NaiveDate, n: u32) -> NaiveDate {
    d.checked_sub_days(Days::new(u64::from(n)))
        .unwrap_or(NaiveDate::MIN)
}

pub(crate) fn in_range(t: NaiveTime, start: NaiveTime, end: NaiveTime) -> bool {
    if start < end {
        start <= t && t < end
    } else {
        t >= start || t < end
    }
}

pub(crate) fn is_closed(w: &WindowRule, d: NaiveDate, holidays: &[NaiveDate]) -> bool {
    w.closed.iter().any(|c| match c {
        ClosedDay::Saturday => d.weekday() == Weekday::Sat,
        ClosedDay::Sunday => d.weekday() == Weekday::Sun,
        ClosedDay::Holiday => holidays.contains(&d),
    })
}

/// The first instant at or after `t` at which `w` is open in `z`.
pub(crate) fn next_open(
    w: &WindowRule,
    z: Zone,
    t: DateTime<Utc>,
    holidays: &[NaiveDate],
) -> Option<DateTime<Utc>> {
    let local = t.with_timezone(&z.0);
    let mut d = local.date_naive();
    let time = local.time();
    if !is_closed(w, d, holidays) {
        if in_range(time, w.start, w.end) {
            return Some(t);
        }
        if time < w.start {
            return instant(z, d, w.start);
        }
    }
    for _ in 0..400 {
        d = add_days(d, 1)?;
        if !is_closed(w, d, holidays) {
            let open = if w.start < w.end {
                w.start
            } else {
                NaiveTime::MIN
            };
            return instant(z, d, open);
        }
    }
    None
}

/// The first instant after `t` at which local time in `z` leaves `[start, end)`.
/// When `end` falls in a repeated hour (the end of summer time) and `t` is
/// in its second pass, that is the later of the two instants.
pub(crate) fn range_end(z: Zone, t: DateTime<Utc>, end: NaiveTime) -> Option<DateTime<Utc>> {
    let local = t.with_timezone(&z.0);
    let d = local.date_naive();
    let today = instant(z, d, end)?;
    if today > t {
        return Some(today);
    }
    let later =
        z.0.from_local_datetime(&d.and_time(end))
            .latest()
            .map(|l| l.with_timezone(&Utc));
    match later {
        Some(l) if l > t => Some(l),
        _ => instant(z, add_days(d, 1)?, end),
    }
}

/// Refuses an instant outside the years 1–9999 (UTC): a contact there is
/// no real contact, and local dates and windows near chrono's limits cannot
/// be computed.
///
/// # Errors
///
/// [`Error::DateOutOfRange`](crate::error::Error::DateOutOfRange) on `field`.
pub(crate) fn check_instant(field: &str, t: DateTime<Utc>) -> crate::error::Result<()> {
    use chrono::Datelike;
    if (1..=9999).contains(&t.year()) {
        Ok(())
    } else {
        Err(crate::error::Error::date_out_of_range(field, t))
    }
}

/// `t − d`, saturating at chrono's minimum.
pub(crate) fn minus(t: DateTime<Utc>, d: chrono::Duration) -> DateTime<Utc> {
    t.checked_sub_signed(d).unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// `t + d`, saturating at chrono's maximum.
pub(crate) fn plus(t: DateTime<Utc>, d: chrono::Duration) -> DateTime<Utc> {
    t.checked_add_signed(d).unwrap_or(DateTime::<Utc>::MAX_UTC)
}
