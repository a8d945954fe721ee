//! UTC-offset spans per zone, cached for the streaming auditor, so that a
//! local date or time of day costs a few comparisons instead of a chrono-tz
//! lookup per event.
//!
//! A span `[lo, hi)` (Unix seconds) has one UTC offset. It is built from
//! chrono-tz itself: the offset at `t`, then hourly probes up to eight days
//! either side, and a binary search to the exact second where a probe
//! differs. The one assumption is that a zone never changes its offset twice
//! within one hour (true of every zone in the tz database); the property
//! tests compare against chrono-tz directly.

use chrono::{DateTime, Offset, TimeZone};

use super::model::Zone;

const PROBE: i64 = 3_600;
const REACH: i64 = 8 * 86_400;

#[derive(Debug, Clone, Copy)]
struct Span {
    lo: i64,
    hi: i64,
    off: i32,
}

/// Cached offset spans for the zones an auditor has met.
#[derive(Debug, Default)]
pub(crate) struct TzCache {
    zones: Vec<(Zone, Vec<Span>, usize)>,
    /// The span last answered, and its zone (checked first).
    hot: Option<(Zone, Span)>,
}

fn chrono_offset(z: Zone, t: i64) -> Option<i32> {
    let utc = DateTime::from_timestamp(t, 0)?.naive_utc();
    Some(z.0.offset_from_utc_datetime(&utc).fix().local_minus_utc())
}

fn build(z: Zone, t: i64) -> Option<Span> {
    let off = chrono_offset(z, t)?;
    // Forward: `hi` is the first second with another offset, or the reach.
    let mut ok = t;
    let mut hi = t.saturating_add(REACH);
    while ok < hi {
        let probe = ok.saturating_add(PROBE).min(hi);
        if chrono_offset(z, probe) == Some(off) {
            ok = probe;
            continue;
        }
        let (mut a, mut b) = (ok, probe);
        while b - a > 1 {
            let m = a + (b - a) / 2;
            if chrono_offset(z, m) == Some(off) {
                a = m;
            } else {
                b = m;
            }
        }
        hi = b;
        break;
    }
    if ok == hi {
        hi = hi.saturating_add(1);
    }
    // Backward: `lo` is the first second with this offset.
    let mut ok = t;
    let mut lo = t.saturating_sub(REACH);
    while ok > lo {
        let probe = ok.saturating_sub(PROBE).max(lo);
        if chrono_offset(z, probe) == Some(off) {
            ok = probe;
            continue;
        }
        let (mut a, mut b) = (probe, ok);
        while b - a > 1 {
            let m = a + (b - a) / 2;
            if chrono_offset(z, m) == Some(off) {
                b = m;
            } else {
                a = m;
            }
        }
        lo = b;
        break;
    }
    if ok == lo {
        lo = ok;
    }
    Some(Span { lo, hi, off })
}

impl TzCache {
    /// The UTC offset in seconds of zone `z` at Unix second `t`, or `None`
    /// out of chrono's range.
    #[inline]
    pub(crate) fn offset(&mut self, z: Zone, t: i64) -> Option<i32> {
        match self.offset_hot(z, t) {
            Some(off) => Some(off),
            None => self.lookup(z, t),
        }
    }

    /// [`offset`](TzCache::offset) if the span last answered holds `t` in
    /// `z`; `None` otherwise (nothing is looked up or built).
    #[inline]
    pub(crate) fn offset_hot(&self, z: Zone, t: i64) -> Option<i32> {
        match &self.hot {
            Some((hz, s)) if *hz == z && s.lo <= t && t < s.hi => Some(s.off),
            _ => None,
        }
    }

    #[cold]
    #[inline(never)]
    fn lookup(&mut self, z: Zone, t: i64) -> Option<i32> {
        let i = match self.zones.iter().position(|(zz, _, _)| *zz == z) {
            Some(i) => i,
            None => {
                self.zones.push((z, Vec::new(), 0));
                self.zones.len() - 1
            }
        };
        let (_, spans, last) = &mut self.zones[i];
        if let Some(s) = spans.get(*last) {
            if s.lo <= t && t < s.hi {
                self.hot = Some((z, *s));
                return Some(s.off);
            }
        }
        let k = spans.partition_point(|s| s.hi <= t);
        if let Some(s) = spans.get(k) {
            if s.lo <= t {
                *last = k;
                self.hot = Some((z, *s));
                return Some(s.off);
            }
        }
        let mut s = build(z, t)?;
        // Keep spans disjoint: clip against the neighbours.
        if let Some(p) = k.checked_sub(1).and_then(|p| spans.get(p)) {
            s.lo = s.lo.max(p.hi);
        }
        if let Some(n) = spans.get(k) {
            s.hi = s.hi.min(n.lo);
        }
        spans.insert(k, s);
        // Merge with a touching neighbour of the same offset, so that one
        // span covers a whole offset period and the last-answered span
        // answers most lookups.
        let mut k = k;
        if let (Some(a), Some(b)) = (spans.get(k), spans.get(k + 1)) {
            if a.hi == b.lo && a.off == b.off {
                let hi = b.hi;
                spans.remove(k + 1);
                if let Some(a) = spans.get_mut(k) {
                    a.hi = hi;
                }
            }
        }
        if let Some(p) = k.checked_sub(1) {
            if let (Some(a), Some(b)) = (spans.get(p), spans.get(k)) {
                if a.hi == b.lo && a.off == b.off {
                    let hi = b.hi;
                    spans.remove(k);
                    if let Some(a) = spans.get_mut(p) {
                        a.hi = hi;
                    }
                    k = p;
                }
            }
        }
        *last = k;
        let s = spans.get(k).copied().unwrap_or(s);
        self.hot = Some((z, s));
        Some(s.off)
    }

    /// Forgets spans that end before `t`.
    pub(crate) fn forget_before(&mut self, t: i64) {
        for (_, spans, last) in &mut self.zones {
            let k = spans.partition_point(|s| s.hi <= t);
            if k > 0 {
                spans.drain(..k);
                *last = 0;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_match_chrono_tz_across_transitions() {
        let mut c = TzCache::default();
        let zones = [
            "America/New_York",
            "Europe/London",
            "Asia/Shanghai",
            "Australia/Lord_Howe",
            "America/Phoenix",
        ];
        // 2026-01-01 .. 2027-01-01 every 7 minutes and 13 seconds, in two passes
        // (forward, then backward) so that spans are built from both sides.
        let start = 1_767_225_600_i64;
        for name in zones {
            let z = Zone::new(name).expect("zone");
            let mut t = start;
            while t < start + 366 * 86_400 {
                assert_eq!(c.offset(z, t), chrono_offset(z, t), "{name} at {t}");
                t += 433;
            }
            while t > start {
                assert_eq!(c.offset(z, t), chrono_offset(z, t), "{name} at {t}");
                t -= 7_919;
            }
        }
        // Exact seconds around the 2026 US spring-forward (2026-03-08 07:00 UTC).
        let z = Zone::NEW_YORK;
        for t in 1_772_953_190..1_772_953_210 {
            assert_eq!(c.offset(z, t), chrono_offset(z, t), "{t}");
        }
        c.forget_before(start + 300 * 86_400);
        assert_eq!(c.offset(z, start), chrono_offset(z, start));
    }
}
