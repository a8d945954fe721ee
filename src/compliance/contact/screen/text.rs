//! The window findings built from cached zone offsets and cached message
//! text ([`window_findings`]), for events whose only findings are window
//! breaches.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Timelike, Utc, Weekday};

use super::super::check::ContactChecker;
use super::super::model::{Initiator, Zone};
use super::super::policy::WindowRule;
use super::super::time::{in_range, is_closed, next_open};
use super::super::tzcache::TzCache;
use super::super::verdict::{Clears, Verdict};
use super::{View, DAY, EPOCH_CE};

/// Cached text and reopening instants for [`window_findings`]: the message
/// tail of each (window, zone), and the last [`next_open`] result of each
/// (window, zone, before-the-window-opens) for a local date.
#[derive(Debug, Default)]
pub(crate) struct WindowText {
    tails: Vec<(usize, Zone, String)>,
    opens: Vec<Open>,
}

/// A cached `next_open`: window index, zone, before-the-window-opens, local
/// date, result.
type Open = (usize, Zone, bool, NaiveDate, Option<DateTime<Utc>>);

/// Bound on cached entries (one per window and zone met; cleared beyond).
const TEXT_CAP: usize = 1_024;

impl WindowText {
    fn tail(&mut self, wi: usize, z: Zone, w: &WindowRule) -> &str {
        let i = match self
            .tails
            .iter()
            .position(|(i, zz, _)| *i == wi && *zz == z)
        {
            Some(i) => i,
            None => {
                if self.tails.len() >= TEXT_CAP {
                    self.tails.clear();
                }
                let mut s = String::from("` is outside the permitted window `");
                push_hhmm(&mut s, w.start);
                s.push('–');
                push_hhmm(&mut s, w.end);
                s.push_str("` in `");
                s.push_str(z.0.name());
                s.push('`');
                self.tails.push((wi, z, s));
                self.tails.len() - 1
            }
        };
        &self.tails[i].2
    }

    /// `next_open(w, z, at)` for an `at` outside the window on local date
    /// `d` (`before`: not a closed day and before the window opens); the
    /// result depends on nothing else.
    fn open(
        &mut self,
        wi: usize,
        z: Zone,
        before: bool,
        d: NaiveDate,
        compute: impl FnOnce() -> Option<DateTime<Utc>>,
    ) -> Option<DateTime<Utc>> {
        let hit = self
            .opens
            .iter()
            .position(|(i, zz, b, _, _)| *i == wi && *zz == z && *b == before);
        match hit {
            Some(k) if self.opens[k].3 == d => self.opens[k].4,
            Some(k) => {
                let o = compute();
                self.opens[k].3 = d;
                self.opens[k].4 = o;
                o
            }
            None => {
                if self.opens.len() >= TEXT_CAP {
                    self.opens.clear();
                }
                let o = compute();
                self.opens.push((wi, z, before, d, o));
                o
            }
        }
    }

    /// Heap bytes owned.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.tails.capacity() * std::mem::size_of::<(usize, Zone, String)>()
            + self.tails.iter().map(|t| t.2.capacity()).sum::<usize>()
            + self.opens.capacity() * std::mem::size_of::<Open>()
    }
}

fn push_hhmm(s: &mut String, t: NaiveTime) {
    let (h, m) = (t.hour(), t.minute());
    for d in [h / 10, h % 10] {
        s.push(char::from_digit(d, 10).unwrap_or('0'));
    }
    s.push(':');
    for d in [m / 10, m % 10] {
        s.push(char::from_digit(d, 10).unwrap_or('0'));
    }
}

fn weekday_name(d: NaiveDate) -> &'static str {
    match d.weekday() {
        Weekday::Mon => "monday",
        Weekday::Tue => "tuesday",
        Weekday::Wed => "wednesday",
        Weekday::Thu => "thursday",
        Weekday::Fri => "friday",
        Weekday::Sat => "saturday",
        Weekday::Sun => "sunday",
    }
}

/// The window findings of `ContactChecker::windows` for an attempt the
/// screen may use (no consent flag, not a reply), from cached zone offsets
/// and cached text: the same rule, message and clearing instant, without a
/// chrono-tz lookup or a format call per zone. `None` where the screen
/// cannot tell (as [`windows`](super::windows)).
pub(crate) fn window_findings(
    ck: &ContactChecker,
    a: &View<'_>,
    tz: &mut TzCache,
    text: &mut WindowText,
) -> Option<Verdict> {
    let r = &ck.policy.raw;
    let (secs, nanos) = a.now;
    if nanos >= 1_000_000_000 {
        return None;
    }
    let mut v = Verdict::default();
    for (wi, w) in r.windows.iter().enumerate() {
        if !w.channels.is_empty() && !w.channels.contains(&a.channel) {
            continue;
        }
        if w.skip_debtor_initiated && a.initiator == Initiator::Party {
            continue;
        }
        let mut msg = String::new();
        let mut clears: Option<DateTime<Utc>> = None;
        for z in a.zones {
            let l = secs + i64::from(tz.offset(*z, secs)?);
            let days = i32::try_from(l.div_euclid(DAY) + EPOCH_CE).ok()?;
            let d = NaiveDate::from_num_days_from_ce_opt(days)?;
            let tod = u32::try_from(l.rem_euclid(DAY)).ok()?;
            let t = NaiveTime::from_num_seconds_from_midnight_opt(tod, nanos)?;
            let closed = is_closed(w, d, &r.holidays);
            if !msg.is_empty() && (closed || !in_range(t, w.start, w.end)) {
                msg.push_str("; ");
            }
            if closed {
                msg.push_str("contact on ");
                msg.push_str(weekday_name(d));
                msg.push(' ');
                msg.push_str(&d.to_string());
                msg.push_str(" in `");
                msg.push_str(z.0.name());
                msg.push_str("` falls on a closed day");
            } else if !in_range(t, w.start, w.end) {
                msg.push_str("contact at `");
                push_hhmm(&mut msg, t);
                msg.push_str(text.tail(wi, *z, w));
            } else {
                continue;
            }
            let before = !closed && t < w.start;
            let o = text.open(wi, *z, before, d, || next_open(w, *z, a.at, &r.holidays));
            if let Some(o) = o {
                clears = Some(clears.map_or(o, |c| c.max(o)));
            }
        }
        if !msg.is_empty() {
            let c = clears.map_or(Clears::Never, Clears::At);
            v.block(&w.rule, msg, vec![], c);
        }
    }
    Some(v)
}
