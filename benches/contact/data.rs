//! The contact bench's synthetic log (deterministic xorshift), the loops it
//! times, the bare rolling-count kernel of ANCHORS.md §5 and the counting
//! allocator (see `benches/contact.rs`).

use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::{HashMap, VecDeque};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};

use arrears::compliance::contact::{
    Account, AccountBook, Attempt, Auditor, Channel, ContactChecker, ContactPoint, ContactPolicy,
    Event, Outcome, Party, PointKind, RawContactPolicy, Role, Tally, Zone,
};
use chrono::{DateTime, Duration, TimeZone, Utc};

/// Counts live heap bytes (bench only; the library forbids unsafe code).
pub struct Counting;

pub static LIVE: AtomicUsize = AtomicUsize::new(0);
pub static ALLOCS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator unchanged; only counts bytes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
pub static GLOBAL: Counting = Counting;

pub struct XorShift(u64);
impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// `(person, debt, ts seconds)` sorted by ts.
pub fn events(n: usize) -> (Vec<(u32, u32, u32)>, usize) {
    let persons = (n / 10).max(1);
    let mut r = XorShift(0x9E37_79B9_7F4A_7C15);
    let mut v: Vec<(u32, u32, u32)> = (0..n)
        .map(|_| {
            let p = (r.next() % persons as u64) as u32;
            let d = (r.next() % 2) as u32;
            let ts = (r.next() % (180 * 86_400)) as u32;
            (p, d, ts)
        })
        .collect();
    v.sort_by_key(|e| e.2);
    (v, persons)
}

pub fn base() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
        .single()
        .unwrap_or_default()
}

pub fn accounts(persons: usize) -> Vec<Account> {
    let ny = Zone::new("America/New_York").ok();
    (0..persons)
        .map(|i| Account {
            id: format!("A{i}"),
            parties: vec![Party {
                id: "d".into(),
                role: Role::Debtor,
            }],
            contact_points: vec![ContactPoint {
                id: "m".into(),
                kind: PointKind::Mobile,
                zones: vec![],
                owner: None,
            }],
            locations: ny.into_iter().collect(),
            flags: vec![],
        })
        .collect()
}

pub fn attempts(ev: &[(u32, u32, u32)]) -> Vec<Attempt> {
    let b = base();
    ev.iter()
        .enumerate()
        .map(|(i, &(_, d, ts))| {
            let outcome = match i % 5 {
                0 => Outcome::NotConnected,
                1 | 2 => Outcome::NoAnswer,
                3 => Outcome::Voicemail {
                    limited_content: true,
                },
                _ => Outcome::Conversation,
            };
            let debt = if d == 0 { "D1" } else { "D2" };
            Attempt::new(
                b + Duration::seconds(i64::from(ts)),
                Channel::Call,
                "d",
                "m",
                &[debt],
                outcome,
            )
        })
        .collect()
}

/// The synthetic log of `n` events and what every loop over it needs.
pub struct Log {
    pub ev: Vec<(u32, u32, u32)>,
    pub persons: usize,
    pub acc: Vec<Account>,
    pub att: Vec<Attempt>,
}

pub fn log(n: usize) -> Log {
    let (ev, persons) = events(n);
    let acc = accounts(persons);
    let att = attempts(&ev);
    Log {
        ev,
        persons,
        acc,
        att,
    }
}

pub fn reg_f_only() -> ContactPolicy {
    let full = ContactPolicy::us();
    let mut raw: RawContactPolicy = full.raw().clone();
    raw.windows.clear();
    raw.consent_lifts_windows = None;
    raw.flags = arrears::compliance::contact::FlagRules {
        reply_hours: 24,
        ..Default::default()
    };
    raw.third_party = None;
    ContactPolicy::new(raw).unwrap_or(full)
}

pub fn run_auditor(
    ck: &ContactChecker,
    ev: &[(u32, u32, u32)],
    acc: &[Account],
    att: &[Attempt],
) -> (usize, usize, usize) {
    let mut au = Auditor::new(ck);
    let mut blocked = 0usize;
    for (e, a) in ev.iter().zip(att) {
        if let Ok(v) = au.push(a, &acc[e.0 as usize]) {
            blocked += usize::from(!v.passes());
        }
    }
    (blocked, au.active_accounts(), au.held_attempts())
}

/// The auditor counting findings without building them ([`Auditor::tally`]).
pub fn run_tally(
    ck: &ContactChecker,
    ev: &[(u32, u32, u32)],
    acc: &[Account],
    att: &[Attempt],
) -> usize {
    let mut au = Auditor::new(ck);
    let mut blocked = 0usize;
    for (e, a) in ev.iter().zip(att) {
        if let Ok(t) = au.tally(a, &acc[e.0 as usize]) {
            blocked += usize::from(!Tally::passes(&t));
        }
    }
    blocked
}

/// The same log as keyed events (account, party and point by index, debts
/// interned once in the book).
pub fn keyed_events(
    ev: &[(u32, u32, u32)],
    att: &[Attempt],
    book: &mut AccountBook<'_>,
) -> Vec<Event> {
    let ids = [book.debt("D1"), book.debt("D2")];
    ev.iter()
        .zip(att)
        .filter_map(|(&(p, d, _), a)| {
            let id = ids[d as usize].as_ref().ok()?;
            Event::new(a.at, p, 0, 0, &[*id], a.channel, a.outcome).ok()
        })
        .collect()
}

/// [`Auditor::push_event`]: full verdicts.
pub fn run_events(ck: &ContactChecker, book: &AccountBook<'_>, events: &[Event]) -> usize {
    let mut au = Auditor::new(ck);
    let mut blocked = 0usize;
    for e in events {
        if let Ok(v) = au.push_event(e, book) {
            blocked += usize::from(!v.passes());
        }
    }
    blocked
}

/// [`Auditor::tally_event`]: counts only.
pub fn run_events_tally(ck: &ContactChecker, book: &AccountBook<'_>, events: &[Event]) -> usize {
    let mut au = Auditor::new(ck);
    let mut blocked = 0usize;
    for e in events {
        if let Ok(t) = au.tally_event(e, book) {
            blocked += usize::from(!t.passes());
        }
    }
    blocked
}

/// [`Auditor::tally_events`]: counts only, each block's slots read first.
pub fn run_batch_tally(ck: &ContactChecker, book: &AccountBook<'_>, events: &[Event]) -> usize {
    let mut au = Auditor::new(ck);
    au.tally_events(events, book)
        .filter(|t| t.as_ref().is_ok_and(|t| !t.passes()))
        .count()
}

/// [`Auditor::push_events`]: full verdicts, each block's slots read first.
pub fn run_batch(ck: &ContactChecker, book: &AccountBook<'_>, events: &[Event]) -> usize {
    let mut au = Auditor::new(ck);
    au.push_events(events, book)
        .filter(|v| v.as_ref().is_ok_and(|v| !v.passes()))
        .count()
}

#[derive(Default)]
pub struct Mul(u64);
impl Hasher for Mul {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, _: &[u8]) {}
    fn write_u64(&mut self, n: u64) {
        self.0 = n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// ANCHORS.md §5 streaming kernel: more than 3 per (person, debt) in (t−7d, t].
pub fn bare_kernel(ev: &[(u32, u32, u32)]) -> usize {
    let mut m: HashMap<u64, VecDeque<u32>, BuildHasherDefault<Mul>> = HashMap::default();
    let mut hits = 0;
    for &(p, d, ts) in ev {
        let q = m.entry((u64::from(p) << 1) | u64::from(d)).or_default();
        while q.front().is_some_and(|&f| f + 7 * 86_400 <= ts) {
            q.pop_front();
        }
        q.push_back(ts);
        if q.len() > 3 {
            hits += 1;
        }
    }
    hits
}
