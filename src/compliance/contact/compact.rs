//! Compact per-account history for the streaming auditor: 16-byte records
//! that name parties, contact points and debts by small per-account ids, and
//! decode back into the [`Attempt`]s the rules read.

use chrono::{DateTime, Utc};

use super::model::{Attempt, Channel, Initiator, Outcome, Purpose, VisitFacts};
pub(crate) use super::small::{Small, Syms};

/// Most distinct debts an account's compact history can name at once.
const MAX_DEBTS: usize = 8;
/// Records count seconds from 2000-01-01T00:00:00Z in a `u32` (to 2136);
/// an attempt outside that range switches its account to plain attempts.
const REC_EPOCH: i64 = 946_684_800;
/// Most distinct party and contact-point names.
const MAX_NAMES: usize = 255;

/// One attempt as the history rules see it. What no rule reads from the
/// history (message text, recording, disclosure, repeat reason, visit facts)
/// is not kept: a visit decodes with default facts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rec {
    /// Seconds since [`REC_EPOCH`].
    pub(crate) rel: u32,
    pub(crate) nanos: u32,
    /// Bit `i` = debt `i` of [`Acct::debts`].
    pub(crate) mask: u8,
    /// For an attempt listing more than one debt, the table index of the
    /// first listed (Reg F multi-debt attribution); [`NOT_MULTI`] otherwise.
    pub(crate) first: u8,
    pub(crate) party: u8,
    pub(crate) point: u8,
    pub(crate) channel: Channel,
    pub(crate) initiator: Initiator,
    pub(crate) purpose: Purpose,
    pub(crate) outcome: u8,
}

pub(crate) const NOT_MULTI: u8 = u8::MAX;

pub(crate) const O_NOT_CONNECTED: u8 = 0;
pub(crate) const O_NO_ANSWER: u8 = 1;
pub(crate) const O_VOICEMAIL: u8 = 2;
pub(crate) const O_VOICEMAIL_LIMITED: u8 = 3;
pub(crate) const O_CONVERSATION: u8 = 4;
pub(crate) const O_DELIVERED: u8 = 5;
pub(crate) const O_VISIT: u8 = 6;
pub(crate) const O_PLANNED: u8 = 7;

pub(crate) fn outcome_code(o: Outcome) -> u8 {
    match o {
        Outcome::NotConnected => O_NOT_CONNECTED,
        Outcome::NoAnswer => O_NO_ANSWER,
        Outcome::Voicemail {
            limited_content: false,
        } => O_VOICEMAIL,
        Outcome::Voicemail {
            limited_content: true,
        } => O_VOICEMAIL_LIMITED,
        Outcome::Conversation => O_CONVERSATION,
        Outcome::Delivered => O_DELIVERED,
        Outcome::Visit(_) => O_VISIT,
        Outcome::Planned => O_PLANNED,
    }
}

fn outcome_of(code: u8) -> Outcome {
    match code {
        O_NOT_CONNECTED => Outcome::NotConnected,
        O_NO_ANSWER => Outcome::NoAnswer,
        O_VOICEMAIL => Outcome::Voicemail {
            limited_content: false,
        },
        O_VOICEMAIL_LIMITED => Outcome::Voicemail {
            limited_content: true,
        },
        O_CONVERSATION => Outcome::Conversation,
        O_DELIVERED => Outcome::Delivered,
        O_VISIT => Outcome::Visit(VisitFacts {
            collectors: 0,
            id_shown: false,
            appointment: false,
            entered: false,
            consent_to_enter: false,
        }),
        _ => Outcome::Planned,
    }
}

impl Default for Rec {
    fn default() -> Rec {
        Rec {
            rel: 0,
            nanos: 0,
            mask: 0,
            first: NOT_MULTI,
            party: 0,
            point: 0,
            channel: Channel::Call,
            initiator: Initiator::Collector,
            purpose: Purpose::Collection,
            outcome: O_PLANNED,
        }
    }
}

/// What the screen reads of a held attempt: a [`Rec`], or a record read in
/// place where it is stored packed (the keyed auditor's slots).
pub(crate) trait RecRead: Copy {
    /// Unix seconds.
    fn secs(&self) -> i64;
    /// Nanoseconds past [`secs`](RecRead::secs).
    fn nanos(&self) -> u32;
    /// Bit `i` = debt `i` of the account's debt table.
    fn debts(&self) -> u32;
    /// The table index of the first listed debt of a multi-debt attempt;
    /// [`NOT_MULTI`] otherwise.
    fn first(&self) -> u8;
    /// The party's compact id.
    fn party(&self) -> u8;
    /// The contact point's compact id.
    fn point(&self) -> u8;
    /// A call or voicemail ([`Channel::is_call`]).
    fn is_call(&self) -> bool;
    /// Placed by the collector.
    fn by_collector(&self) -> bool;
    /// The outcome code (`O_*`).
    fn outcome(&self) -> u8;

    /// `(Unix seconds, nanos)`, for ordering.
    #[inline]
    fn key(&self) -> (i64, u32) {
        (self.secs(), self.nanos())
    }
    /// Reg F connected: not a busy signal or dead number.
    #[inline]
    fn connected(&self) -> bool {
        self.outcome() != O_NOT_CONNECTED
    }
    /// Reached nobody.
    #[inline]
    fn unanswered(&self) -> bool {
        self.outcome() <= O_VOICEMAIL_LIMITED
    }
    /// A conversation.
    #[inline]
    fn conversation(&self) -> bool {
        self.outcome() == O_CONVERSATION
    }
}

impl RecRead for Rec {
    #[inline]
    fn secs(&self) -> i64 {
        rel_secs(self.rel)
    }
    #[inline]
    fn nanos(&self) -> u32 {
        self.nanos
    }
    #[inline]
    fn debts(&self) -> u32 {
        u32::from(self.mask)
    }
    #[inline]
    fn first(&self) -> u8 {
        self.first
    }
    #[inline]
    fn party(&self) -> u8 {
        self.party
    }
    #[inline]
    fn point(&self) -> u8 {
        self.point
    }
    #[inline]
    fn is_call(&self) -> bool {
        self.channel.is_call()
    }
    #[inline]
    fn by_collector(&self) -> bool {
        self.initiator == Initiator::Collector
    }
    #[inline]
    fn outcome(&self) -> u8 {
        self.outcome
    }
}

impl Rec {
    /// The record of `p`, its names and debts interned (`(mask, first)`
    /// from [`debt_mask`]); `None` if the instant is out of range.
    pub(crate) fn of<K: ?Sized>(
        p: &Parts<'_, K>,
        party: u8,
        point: u8,
        (mask, first): (u32, u8),
    ) -> Option<Rec> {
        Some(Rec {
            rel: rel_of(p.at.0)?,
            nanos: p.at.1,
            mask: u8::try_from(mask).ok()?,
            first,
            party,
            point,
            channel: p.channel,
            initiator: p.initiator,
            purpose: p.purpose,
            outcome: outcome_code(p.outcome),
        })
    }
}

/// Unix seconds of a record's [`Rec::rel`].
#[inline]
pub(crate) fn rel_secs(rel: u32) -> i64 {
    REC_EPOCH + i64::from(rel)
}

/// A record's [`Rec::rel`] for Unix seconds `secs`, if in range.
#[inline]
pub(crate) fn rel_of(secs: i64) -> Option<u32> {
    u32::try_from(secs.checked_sub(REC_EPOCH)?).ok()
}

/// The debt mask and [`Rec::first`] of an attempt listing `ds`, each debt's
/// bit from `bit_of` (which interns it; `None` if the table is full).
#[inline(always)]
pub(crate) fn debt_mask<K: ?Sized>(
    ds: &[&K],
    mut bit_of: impl FnMut(&K) -> Option<u32>,
) -> Option<(u32, u8)> {
    let mut mask = 0;
    let mut first = NOT_MULTI;
    for d in ds {
        let bit = bit_of(d)?;
        if ds.len() > 1 && mask == 0 {
            first = u8::try_from(bit.trailing_zeros()).ok()?;
        }
        mask |= bit;
    }
    Some((mask, first))
}

/// A symbol in an account's compact tables: a string id (attempt API) or a
/// numeric id (keyed event API).
pub(crate) trait Sym: Sized {
    /// What it is compared with.
    type Key: ?Sized + PartialEq;
    fn key(&self) -> &Self::Key;
    fn make(k: &Self::Key) -> Self;
    /// Heap bytes owned.
    fn heap(&self) -> usize;
}

impl Sym for Box<str> {
    type Key = str;
    fn key(&self) -> &str {
        self
    }
    fn make(k: &str) -> Box<str> {
        k.into()
    }
    fn heap(&self) -> usize {
        self.len()
    }
}

impl Sym for u32 {
    type Key = u32;
    fn key(&self) -> &u32 {
        self
    }
    fn make(k: &u32) -> u32 {
        *k
    }
    fn heap(&self) -> usize {
        0
    }
}

/// What a record is made from.
pub(crate) struct Parts<'k, K: ?Sized> {
    /// `(seconds, nanos)` of the instant ([`key`]).
    pub(crate) at: (i64, u32),
    pub(crate) party: &'k K,
    pub(crate) point: &'k K,
    pub(crate) debts: &'k [&'k K],
    pub(crate) channel: Channel,
    pub(crate) initiator: Initiator,
    pub(crate) purpose: Purpose,
    pub(crate) outcome: Outcome,
}

/// Per-account streaming state.
#[derive(Debug)]
pub(crate) struct Acct<S = Box<str>, const N: usize = 2> {
    /// Attempts inside the horizon, in time order (`N` inline).
    pub(crate) recs: Small<Rec, N>,
    /// Party and contact-point ids named by `recs` (two inline).
    pub(crate) names: Syms<S>,
    /// Debt ids named by `recs` (two inline).
    pub(crate) debts: Syms<S>,
    /// Set when the compact form cannot hold the account (more than 255
    /// names or 32 live debts): the plain attempts inside the horizon.
    // Boxed: keeps the per-account state 16 bytes smaller in the common case.
    #[allow(clippy::box_collection)]
    pub(crate) full: Option<Box<Vec<Attempt>>>,
}

impl<S: Default, const N: usize> Default for Acct<S, N> {
    fn default() -> Self {
        Acct {
            recs: Small::default(),
            names: Small::default(),
            debts: Small::default(),
            full: None,
        }
    }
}

impl<S: Sym + Default, const N: usize> Acct<S, N> {
    /// Latest attempt held (Unix seconds), for sweeping idle accounts.
    pub(crate) fn last(&self) -> i64 {
        match &self.full {
            Some(f) => f.last().map_or(i64::MIN, |a| a.at.timestamp()),
            None => self.recs.as_slice().last().map_or(i64::MIN, Rec::secs),
        }
    }

    /// Drops attempts before `cut` (Unix seconds, nanos).
    pub(crate) fn evict(&mut self, cut: (i64, u32)) {
        if let Some(full) = &mut self.full {
            if full.first().is_some_and(|c| key(c.at) < cut) {
                full.retain(|c| key(c.at) >= cut);
            }
            return;
        }
        let k = self.recs.as_slice().partition_point(|r| r.key() < cut);
        if k > 0 {
            self.recs.drain_front(k);
            if self.recs.len() == 0 {
                self.recs.clear();
                self.names.clear();
                self.debts.clear();
            }
        }
    }

    /// The id of a party or contact-point name, if named.
    #[inline]
    pub(crate) fn name_id(&self, s: &S::Key) -> Option<u8> {
        self.names
            .as_slice()
            .iter()
            .position(|n| n.key() == s)
            .and_then(|i| u8::try_from(i).ok())
    }

    /// The bit of a debt id (0 if never named).
    #[inline]
    pub(crate) fn debt_bit(&self, s: &S::Key) -> u32 {
        self.debts
            .as_slice()
            .iter()
            .position(|n| n.key() == s)
            .map_or(0, |i| 1 << i)
    }

    pub(crate) fn intern_name(&mut self, s: &S::Key) -> Option<u8> {
        if let Some(i) = self.name_id(s) {
            return Some(i);
        }
        if self.names.len() >= MAX_NAMES {
            return None;
        }
        self.names.push(S::make(s));
        u8::try_from(self.names.len() - 1).ok()
    }

    fn intern_debts(&mut self, ds: &[&S::Key]) -> Option<(u32, u8)> {
        if self.debts.len() + ds.len() > MAX_DEBTS {
            self.compact_debts();
        }
        debt_mask(ds, |d| {
            let bit = self.debt_bit(d);
            if bit != 0 {
                return Some(bit);
            }
            if self.debts.len() >= MAX_DEBTS {
                return None;
            }
            self.debts.push(S::make(d));
            Some(1 << (self.debts.len() - 1))
        })
    }

    /// Drops debt ids no record names, renumbering the masks.
    fn compact_debts(&mut self) {
        let used = self.recs.as_slice().iter().fold(0u32, |m, r| m | r.debts());
        let mut map = [0u32; MAX_DEBTS];
        let mut kept = Small::default();
        for (i, d) in self.debts.take().into_iter().enumerate() {
            if used & (1 << i) != 0 {
                map[i] = 1 << kept.len();
                kept.push(d);
            }
        }
        self.debts = kept;
        for r in self.recs.as_mut_slice() {
            let mut m = 0;
            for (i, bit) in map.iter().enumerate() {
                if r.debts() & (1 << i) != 0 {
                    m |= bit;
                }
            }
            r.mask = u8::try_from(m).unwrap_or(u8::MAX);
            if let Some(bit) = map.get(usize::from(r.first)) {
                r.first = u8::try_from(bit.trailing_zeros()).unwrap_or(NOT_MULTI);
            }
        }
    }

    /// Appends an attempt; switches the account to plain attempts if its
    /// names or debts no longer fit (`attempt` builds the plain form;
    /// `name`/`debt` turn symbols back into ids).
    pub(crate) fn record(
        &mut self,
        p: &Parts<'_, S::Key>,
        attempt: impl FnOnce() -> Attempt,
        name: impl Fn(&S) -> String,
        debt: impl Fn(&S) -> String,
    ) {
        if let Some(full) = &mut self.full {
            full.push(attempt());
            return;
        }
        let enc = (|| {
            let party = self.intern_name(p.party)?;
            let point = self.intern_name(p.point)?;
            let debts = self.intern_debts(p.debts)?;
            Rec::of(p, party, point, debts)
        })();
        match enc {
            Some(r) => self.recs.push(r),
            None => {
                let mut full = self.decode_all(&name, &debt);
                full.push(attempt());
                self.recs.clear();
                self.names.clear();
                self.debts.clear();
                self.full = Some(Box::new(full));
            }
        }
    }

    /// The attempt a record stands for.
    pub(crate) fn decode(
        &self,
        r: &Rec,
        name: &impl Fn(&S) -> String,
        debt: &impl Fn(&S) -> String,
    ) -> Attempt {
        let name = |i: u8| {
            self.names
                .as_slice()
                .get(usize::from(i))
                .map_or_else(String::new, name)
        };
        // The first listed debt first; a multi-debt list stays multi (its
        // length decides the Reg F attribution).
        let mut debts: Vec<String> = Vec::new();
        if let Some(d) = self.debts.as_slice().get(usize::from(r.first)) {
            debts.push(debt(d));
        }
        debts.extend(
            self.debts
                .as_slice()
                .iter()
                .enumerate()
                .filter(|(i, _)| r.debts() & (1 << i) != 0 && *i != usize::from(r.first))
                .map(|(_, d)| debt(d)),
        );
        if r.first != NOT_MULTI && debts.len() == 1 {
            debts.push(debts[0].clone());
        }
        Attempt {
            at: DateTime::<Utc>::from_timestamp(r.secs(), r.nanos).unwrap_or_default(),
            channel: r.channel,
            party: name(r.party),
            point: name(r.point),
            debts,
            initiator: r.initiator,
            purpose: r.purpose,
            outcome: outcome_of(r.outcome),
            discloses_debt: false,
            recorded: false,
            repeat_reason: None,
            text: None,
            retention_days: None,
            identity_verified: false,
        }
    }

    /// The whole history as plain attempts.
    pub(crate) fn decode_all(
        &self,
        name: &impl Fn(&S) -> String,
        debt: &impl Fn(&S) -> String,
    ) -> Vec<Attempt> {
        match &self.full {
            Some(f) => f.to_vec(),
            None => self
                .recs
                .as_slice()
                .iter()
                .map(|r| self.decode(r, name, debt))
                .collect(),
        }
    }

    /// Records held.
    pub(crate) fn len(&self) -> usize {
        self.full.as_ref().map_or(self.recs.len(), |f| f.len())
    }

    /// Distinct (party, debt) keys among the records (a record with no debt
    /// counts as its own key).
    pub(crate) fn keys(&self) -> usize {
        let mut seen: Vec<(u8, u32)> = Vec::new();
        for r in self.recs.as_slice() {
            let mut push = |k| {
                if !seen.contains(&k) {
                    seen.push(k);
                }
            };
            if r.debts() == 0 {
                push((r.party, 0));
            }
            for i in 0..MAX_DEBTS {
                if r.debts() & (1 << i) != 0 {
                    push((r.party, 1 << i));
                }
            }
        }
        seen.len() + self.full.as_ref().map_or(0, |f| f.len())
    }

    /// Heap bytes owned (capacity-based; allocator overhead not included).
    pub(crate) fn heap_bytes(&self) -> usize {
        let syms = |v: &Syms<S>| v.heap_bytes() + v.as_slice().iter().map(S::heap).sum::<usize>();
        self.recs.heap_bytes()
            + syms(&self.names)
            + syms(&self.debts)
            + self
                .full
                .as_ref()
                .map_or(0, |f| f.capacity() * std::mem::size_of::<Attempt>())
    }
}

/// `(seconds, nanos)` of an instant, for ordering against records.
pub(crate) fn key(t: DateTime<Utc>) -> (i64, u32) {
    (t.timestamp(), t.timestamp_subsec_nanos())
}
