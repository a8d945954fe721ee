//! [`Auditor`]: replay a time-ordered contact log, emitting verdicts as it
//! goes, with memory bounded by the rolling windows.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use chrono::{DateTime, Utc};

use super::book::{AccountBook, Event};
use super::check::{communicates, ContactChecker, Ctx};
use super::compact::{key, Acct, Parts};
use super::model::{Account, Attempt};
use super::screen::{self, DebtKey, View, WindowText};
use super::slot::Slots;
use super::tzcache::TzCache;
use super::verdict::Verdict;
use super::{freq, parties};
use crate::error::{Error, Result};

mod batch;
mod keyed;

pub use batch::{PushEvents, TallyEvents};

/// FxHash-style hasher for the auditor's account table: account ids come
/// from the caller's own log, so speed matters more than flooding resistance.
#[derive(Debug, Default, Clone, Copy)]
struct Fx(u64);

impl Fx {
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.add(u64::from_le_bytes(b));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(b) ^ ((rest.len() as u64) << 59));
        }
    }
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

/// What [`Auditor::tally`] reports for one attempt: how many findings
/// [`ContactChecker::check`] would return, without building them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Tally {
    /// Blocking findings (`Verdict::violations.len()`).
    pub violations: u32,
    /// Warnings and output flags (`Verdict::warnings.len()`).
    pub warnings: u32,
}

impl Tally {
    /// Whether the attempt passes (no blocking finding).
    pub fn passes(&self) -> bool {
        self.violations == 0
    }

    /// The counts of a built verdict.
    pub fn of(v: &Verdict) -> Tally {
        let n = |k: usize| u32::try_from(k).unwrap_or(u32::MAX);
        Tally {
            violations: n(v.violations.len()),
            warnings: n(v.warnings.len()),
        }
    }
}

/// Memory held by an [`Auditor`], from [`Auditor::stats`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct AuditorStats {
    /// Accounts with state (attempts inside the horizon, or not yet swept).
    pub accounts: usize,
    /// Attempts held (compact records plus any plain attempts).
    pub attempts: usize,
    /// Distinct (account, party, debt) keys among the held attempts.
    pub keys: usize,
    /// Bytes owned: table slots (capacity × slot size: a hash table for the
    /// attempt API, one slot per book account for keyed events) plus the
    /// heap owned by each account's state (capacity-based; allocator
    /// overhead not included).
    pub bytes: usize,
}

/// A streaming auditor over a time-ordered log of many accounts.
///
/// [`Auditor::push`] gives exactly the verdict [`ContactChecker::check`]
/// gives for the same attempt against the whole earlier log of its account;
/// [`Auditor::tally`] gives the same counts without building messages.
///
/// How: per account, the attempts within the checker's horizon (twice the
/// longest Reg F period plus two days, or the longest counter or reply
/// window) as 16-byte records naming parties, points and debts by small
/// per-account ids; zone offsets cached per zone (exact seconds of each DST
/// transition). A screen decides from these whether any rule can fire; clean
/// attempts allocate nothing, and whatever the screen flags is re-run by the
/// exact rule code; an event whose only findings are window breaches gets
/// them built from the cached offsets and cached message text. Keyed state
/// is one 48-byte slot per book account, by number (no hash lookup),
/// holding the account's hot card fields, up to four records (packed in 6
/// bytes each) and two debt ids; a busier account moves to a boxed state
/// until its records fit again. Attempts the screen does not model (accounts with
/// consent or misdirected-number flags, replies and opt-out confirmations, China
/// phone-book-blast checks) run the full check on the decoded history.
///
/// Memory: the records inside the horizon (plus, for keyed events, a
/// 48-byte slot per account of the book); idle accounts are swept. The Reg F
/// once-only third-party rule needs one timestamp per (account, third party)
/// communicated with, kept for the life of the auditor.
///
/// # Example
///
/// ```
/// use arrears::compliance::contact::*;
/// use chrono::{TimeZone, Utc};
///
/// let checker = ContactChecker::new(&ContactPolicy::cn());
/// let account = Account {
///     id: "A1".into(),
///     parties: vec![Party { id: "d".into(), role: Role::Debtor }],
///     contact_points: vec![ContactPoint { id: "m".into(), kind: PointKind::Mobile, zones: vec![], owner: None }],
///     ..Account::default()
/// };
/// let mut auditor = Auditor::new(&checker);
/// let at = Utc.with_ymd_and_hms(2026, 3, 2, 2, 0, 0).unwrap(); // 10:00 in Beijing
/// let v = auditor.push(&Attempt::new(at, Channel::Call, "d", "m", &[], Outcome::Conversation), &account)?;
/// assert!(v.passes());
/// // 23:00 in Beijing: counted, not built.
/// let late = Utc.with_ymd_and_hms(2026, 3, 2, 15, 0, 0).unwrap();
/// let t = auditor.tally(&Attempt::new(late, Channel::Sms, "d", "m", &[], Outcome::Delivered), &account)?;
/// assert_eq!(t.violations, 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Auditor<'c> {
    checker: &'c ContactChecker,
    accounts: FxMap<Box<str>, Acct>,
    first_comm: FxMap<(String, String), DateTime<Utc>>,
    /// Keyed state by account number (dense: no hash lookup; the account's
    /// card is cached next to its records, so an event touches one slot).
    keyed: Slots,
    /// The [`AccountBook::id`] the cached cards come from.
    book: u64,
    first_keyed: FxMap<(u32, u8), DateTime<Utc>>,
    tz: TzCache,
    wtext: WindowText,
    watermark: Option<DateTime<Utc>>,
    /// `watermark` as [`key`] gives it (`(i64::MIN, 0)` before the first
    /// push): what the order check compares.
    mark: (i64, u32),
    /// The party rules' gate, read from the policy once.
    gate: keyed::PartyGate<'c>,
    /// The checker's horizon in seconds if whole ([`screen::cut_secs`]).
    horizon_secs: Option<i64>,
    pushes: u64,
    /// `pushes` at which idle accounts are next swept.
    sweep_at: u64,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Verdict,
    Count,
}

impl<'c> Auditor<'c> {
    /// An empty auditor.
    pub fn new(checker: &'c ContactChecker) -> Auditor<'c> {
        Auditor {
            checker,
            accounts: FxMap::default(),
            first_comm: FxMap::default(),
            keyed: Slots::default(),
            book: 0,
            first_keyed: FxMap::default(),
            tz: TzCache::default(),
            wtext: WindowText::default(),
            watermark: None,
            mark: (i64::MIN, 0),
            gate: keyed::PartyGate::of(checker),
            horizon_secs: (checker.horizon.subsec_nanos() == 0)
                .then(|| checker.horizon.num_seconds()),
            pushes: 0,
            sweep_at: 1 << 16,
        }
    }

    /// Checks `attempt` against the earlier log of `account` and records it.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidField`] on `attempt.at` if the attempt is dated before
    /// the latest attempt already pushed (the log must be time-ordered); the
    /// errors of [`ContactChecker::check`]. A rejected attempt is not recorded.
    pub fn push(&mut self, attempt: &Attempt, account: &Account) -> Result<Verdict> {
        self.step(attempt, account, Mode::Verdict).map(|(v, _)| v)
    }

    /// As [`push`](Auditor::push), but returns only the number of findings
    /// of each severity: window breaches and clean attempts build no
    /// message. Use it to scan a large log, then [`push`](Auditor::push) or
    /// [`ContactChecker::check`] the attempts of interest.
    ///
    /// # Errors
    ///
    /// As [`push`](Auditor::push).
    pub fn tally(&mut self, attempt: &Attempt, account: &Account) -> Result<Tally> {
        self.step(attempt, account, Mode::Count).map(|(_, t)| t)
    }

    /// As [`push`](Auditor::push) for a keyed [`Event`] of `book`: the fast
    /// input for large logs (no strings per event; a clean event allocates
    /// nothing). Push events and attempts of one account through one API.
    ///
    /// # Errors
    ///
    /// As [`push`](Auditor::push); [`Error::InvalidField`] on
    /// `event.account`, `event.party`, `event.point` or `event.debts` for an
    /// index the book does not have.
    pub fn push_event(&mut self, event: &Event, book: &AccountBook<'_>) -> Result<Verdict> {
        self.step_event(event, book, Mode::Verdict)
            .map(|(v, _)| v.unwrap_or_default())
    }

    /// As [`tally`](Auditor::tally) for a keyed [`Event`].
    ///
    /// # Errors
    ///
    /// As [`push_event`](Auditor::push_event).
    pub fn tally_event(&mut self, event: &Event, book: &AccountBook<'_>) -> Result<Tally> {
        self.step_event(event, book, Mode::Count).map(|(_, t)| t)
    }

    /// Whether an attempt at `at` (`now` = [`key`] of it) may follow the
    /// log so far (the same order as `DateTime`'s, leap seconds included).
    #[inline(always)]
    fn check_order(&self, at: DateTime<Utc>, now: (i64, u32)) -> Result<()> {
        super::time::check_instant("attempt.at", at)?;
        match self.watermark {
            Some(w) if now < self.mark => Err(Error::invalid(
                "attempt.at",
                at,
                format!("attempt is dated before the history it is checked against (latest `{w}`)"),
            )),
            _ => Ok(()),
        }
    }

    /// Where the horizon starts for an attempt at `at` (`now` = [`key`]
    /// of it): [`screen::cut_from`], the whole-second horizon taken once.
    #[inline(always)]
    fn cut(&self, now: (i64, u32), at: DateTime<Utc>) -> (i64, u32) {
        match self.horizon_secs.and_then(|ds| screen::cut_secs(now, ds)) {
            Some(c) => c,
            None => screen::cut_from(now, at, self.checker.horizon),
        }
    }

    #[inline]
    fn after(&mut self, at: DateTime<Utc>, now: (i64, u32), cut: i64) {
        self.watermark = Some(at);
        self.mark = now;
        self.pushes = self.pushes.wrapping_add(1);
        if self.pushes >= self.sweep_at {
            self.sweep(cut);
        }
    }

    /// Sweeps idle accounts; the next sweep after as many events as there
    /// are accounts to walk (at least 2^16), so a sweep costs O(1) per event
    /// however large the book.
    #[cold]
    #[inline(never)]
    fn sweep(&mut self, cut: i64) {
        self.accounts.retain(|_, s| s.last() >= cut);
        self.keyed.sweep(cut);
        self.tz.forget_before(cut.saturating_sub(2 * 86_400));
        let walk = (self.accounts.len() as u64).saturating_add(self.keyed.len() as u64);
        self.sweep_at = self.pushes.saturating_add(walk.max(1 << 16));
    }

    // The symbol resolvers take `&Box<str>`: the attempt API's symbol type.
    #[allow(clippy::borrowed_box)]
    fn step(&mut self, a: &Attempt, account: &Account, mode: Mode) -> Result<(Verdict, Tally)> {
        let now = key(a.at);
        self.check_order(a.at, now)?;
        let ck = self.checker;
        let party = account
            .party(&a.party)
            .ok_or_else(|| Error::invalid("attempt.party", &a.party, "unknown party"))?;
        let point = account
            .point(&a.point)
            .ok_or_else(|| Error::invalid("attempt.point", &a.point, "unknown contact point"))?;
        let third = party.role.is_contact();
        let prior = if third {
            self.first_comm
                .get(&(account.id.clone(), a.party.clone()))
                .copied()
        } else {
            None
        };
        let cut = self.cut(now, a.at);
        let st = match self.accounts.get_mut(account.id.as_str()) {
            Some(s) => s,
            None => self.accounts.entry(account.id.as_str().into()).or_default(),
        };
        st.evict(cut);
        let fast = st.full.is_none()
            && a.debts.len() <= 8
            && screen::flags_ok(ck, &account.flags)
            && screen::eligible(ck, a.purpose, a.channel, party.role);
        let zones = ck.zones_for(account, point, party.role);
        let name = |s: &Box<str>| s.to_string();
        let debt = |s: &Box<str>| s.to_string();
        let mut out = None;
        if fast {
            let mut keys = [DebtKey {
                empty: true,
                bit: 0,
            }; 8];
            for (k, d) in keys.iter_mut().zip(&a.debts) {
                *k = DebtKey {
                    empty: d.is_empty(),
                    bit: st.debt_bit(d),
                };
            }
            let view = View {
                at: a.at,
                now,
                channel: a.channel,
                initiator: a.initiator,
                outcome: a.outcome,
                role: party.role,
                zones: &zones,
                party: st.name_id(&a.party),
                point: st.name_id(&a.point),
                debts: &keys[..a.debts.len()],
            };
            if let (Some(wf), Some(fm)) = (
                screen::windows(ck, &view, &mut self.tz),
                screen::freq_maybe(ck, &view, st.recs.as_slice(), &mut self.tz),
            ) {
                let cx = Ctx {
                    a,
                    h: &[],
                    acct: account,
                    role: party.role,
                    point,
                    zones: std::borrow::Cow::Borrowed(&zones),
                    prior_comm: prior,
                };
                out = Some(exact(
                    ck,
                    cx,
                    mode,
                    wf,
                    fm,
                    |v: &View<'_>| screen::freq_history(ck, v, st, &name, &debt),
                    &view,
                ));
            }
        }
        let (v, t) = match out {
            Some(r) => r,
            None => {
                let h = st.decode_all(&name, &debt);
                let v = ck.check_inner(a, &h, account, prior)?;
                let t = Tally::of(&v);
                (v, t)
            }
        };
        let debts: Vec<&str> = a.debts.iter().map(String::as_str).collect();
        st.record(
            &Parts {
                at: now,
                party: a.party.as_str(),
                point: a.point.as_str(),
                debts: &debts,
                channel: a.channel,
                initiator: a.initiator,
                purpose: a.purpose,
                outcome: a.outcome,
            },
            || a.clone(),
            name,
            debt,
        );
        if third && prior.is_none() && communicates(a) {
            self.first_comm
                .insert((account.id.clone(), a.party.clone()), a.at);
        }
        self.after(a.at, now, cut.0);
        Ok((v, t))
    }

    /// Accounts with attempts inside the horizon (or not yet swept).
    pub fn active_accounts(&self) -> usize {
        self.accounts.len() + self.keyed.active()
    }

    /// Attempts currently held.
    pub fn held_attempts(&self) -> usize {
        self.accounts.values().map(Acct::len).sum::<usize>() + self.keyed.held()
    }

    /// Memory held, by account, attempt and (account, party, debt) key.
    /// Walks every account: call it for reporting, not per event.
    pub fn stats(&self) -> AuditorStats {
        let slot = std::mem::size_of::<(Box<str>, Acct)>() + 1;
        let mut s = AuditorStats {
            accounts: self.accounts.len(),
            bytes: self.accounts.capacity() * slot,
            ..AuditorStats::default()
        };
        for (k, a) in &self.accounts {
            s.attempts += a.len();
            s.keys += a.keys();
            s.bytes += k.len() + a.heap_bytes();
        }
        s.accounts += self.keyed.active();
        s.attempts += self.keyed.held();
        s.keys += self.keyed.keys();
        s.bytes += self.keyed.bytes() + self.wtext.heap_bytes();
        s
    }
}

/// Runs the exact rule code for an attempt the screen passed to it: the
/// window rules only if the screen found a breach (and a verdict is wanted),
/// the flag rules, the frequency rules on the records they can read if the
/// screen flagged them, and the third-party, visit and recording rules.
fn exact(
    ck: &ContactChecker,
    cx: Ctx<'_>,
    mode: Mode,
    window_fails: u32,
    freq_maybe: bool,
    history: impl FnOnce(&View<'_>) -> Vec<Attempt>,
    view: &View<'_>,
) -> (Verdict, Tally) {
    let mut v = Verdict::default();
    let mut extra = 0;
    if window_fails > 0 {
        if mode == Mode::Verdict {
            ck.windows(&cx, &mut v);
        } else {
            extra = window_fails;
        }
    }
    ck.flags(&cx, &mut v);
    if freq_maybe {
        let h = history(view);
        let cx2 = Ctx { h: &h, ..cx };
        freq::check(ck, &cx2, &mut v);
        parties::check(ck, &cx2, &mut v);
    } else {
        parties::check(ck, &cx, &mut v);
    }
    let mut t = Tally::of(&v);
    t.violations = t.violations.saturating_add(extra);
    (v, t)
}
