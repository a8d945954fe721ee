//! The keyed auditor's per-account slot: 48 bytes holding the account's
//! hot card fields, up to four records (packed in 6 bytes each) and two
//! debt ids inline; the party and point, which all inline records share,
//! are held once. An account that outgrows it (a fifth record inside the
//! horizon, a third name or debt, a record with sub-second time, the plain
//! form) moves to a boxed [`Acct`] kept in the table beside the slots
//! ([`Slots`]; the slot holds its index, not a pointer), and comes back
//! inline once it fits.
//!
//! Why 48 bytes: the table has a slot for every account of the book, so the
//! slot size is most of the auditor's memory (59 bytes per active key with
//! the earlier 64-byte slot on the 10 M-event log, 46 with this
//! one). Half of the slots straddle two cache lines, and an event reads and
//! writes its whole slot: it then touches both lines (two independent
//! misses, which overlap), where a 64-byte slot took one.
//!
//! The common event reads the packed records in place ([`Packed`] through
//! [`RecRead`], the same screen code as for an [`Acct`]'s records) and
//! appends its own ([`Slot::prepare`], [`Slot::commit`]: what
//! [`Acct::record`] then [`Slot::store`] would leave). Any other event loads the inline form into an [`Acct`] on the
//! stack (no allocation), runs the full code on it, and stores it back, so
//! the rules see exactly the records they saw with a boxed [`Acct`].

use super::book::{Card, PointCard, POINT};
use super::compact::{debt_mask, rel_secs, Acct, Parts, Rec, RecRead, Small, NOT_MULTI};
use super::model::{Channel, Initiator, Purpose, Role};

/// Records an account's keyed state holds without spilling.
pub(crate) const INLINE: usize = 4;

/// An account's keyed state while an event runs (and once boxed).
pub(crate) type KeyedAcct = Acct<u32, INLINE>;

fn channel_code(c: Channel) -> u16 {
    match c {
        Channel::Call => 0,
        Channel::Sms => 1,
        Channel::Email => 2,
        Channel::Letter => 3,
        Channel::Visit => 4,
        Channel::Im => 5,
        Channel::Voicemail => 6,
    }
}

fn channel_of(code: u16) -> Channel {
    match code {
        0 => Channel::Call,
        1 => Channel::Sms,
        2 => Channel::Email,
        3 => Channel::Letter,
        4 => Channel::Visit,
        5 => Channel::Im,
        _ => Channel::Voicemail,
    }
}

fn purpose_code(p: Purpose) -> u16 {
    match p {
        Purpose::Collection => 0,
        Purpose::LocationInformation => 1,
        Purpose::PassMessage => 2,
        Purpose::ReplyToDebtor => 3,
        Purpose::LegallyRequiredNotice => 4,
        Purpose::CeaseTermination => 5,
        Purpose::RemedyNotice => 6,
        Purpose::OptOutConfirmation => 7,
    }
}

fn purpose_of(code: u16) -> Purpose {
    match code {
        0 => Purpose::Collection,
        1 => Purpose::LocationInformation,
        2 => Purpose::PassMessage,
        3 => Purpose::ReplyToDebtor,
        4 => Purpose::LegallyRequiredNotice,
        5 => Purpose::CeaseTermination,
        6 => Purpose::RemedyNotice,
        _ => Purpose::OptOutConfirmation,
    }
}

/// A record in 6 bytes: seconds (the first two words, low first), then
/// outcome (3 bits), channel (3), initiator (1), purpose (3), first debt
/// (2), debt mask (2). The party and point are the slot's, shared by all
/// its inline records; read in place through [`RecRead`], they are the
/// compact ids the inline form loads with ([`INLINE_NAMES`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Packed([u16; 3]);

/// The compact (party, point) ids of the inline records: the ids
/// [`Acct::intern_name`] gives the one party and the one point they share
/// when the slot is loaded.
pub(crate) const INLINE_NAMES: (u8, u8) = (0, 1);

impl Packed {
    /// `n` bits at `at` of the fields word.
    #[inline]
    fn bits(self, at: u32, n: u32) -> u16 {
        (self.0[2] >> at) & ((1 << n) - 1)
    }

    /// [`Rec::rel`].
    #[inline]
    fn rel(self) -> u32 {
        u32::from(self.0[0]) | u32::from(self.0[1]) << 16
    }

    /// A record holding only seconds `rel`.
    fn at(rel: u32) -> Packed {
        Packed([rel as u16, (rel >> 16) as u16, 0])
    }
}

impl RecRead for Packed {
    #[inline]
    fn secs(&self) -> i64 {
        rel_secs(self.rel())
    }
    #[inline]
    fn nanos(&self) -> u32 {
        0
    }
    #[inline]
    fn debts(&self) -> u32 {
        u32::from(self.bits(12, 2))
    }
    #[inline]
    fn first(&self) -> u8 {
        match self.bits(10, 2) {
            3 => NOT_MULTI,
            f => f as u8,
        }
    }
    #[inline]
    fn party(&self) -> u8 {
        INLINE_NAMES.0
    }
    #[inline]
    fn point(&self) -> u8 {
        INLINE_NAMES.1
    }
    #[inline]
    fn is_call(&self) -> bool {
        channel_of(self.bits(3, 3)).is_call()
    }
    #[inline]
    fn by_collector(&self) -> bool {
        self.bits(6, 1) == 0
    }
    #[inline]
    fn outcome(&self) -> u8 {
        self.bits(0, 3) as u8
    }
}

/// `r` packed (but for its party and point); `None` for what does not fit
/// (sub-second time, a debt index past the two inline).
#[inline(always)]
fn pack(r: &Rec) -> Option<Packed> {
    let first = match r.first {
        0 => 0,
        1 => 1,
        NOT_MULTI => 3,
        _ => return None,
    };
    if r.nanos != 0 || r.mask > 3 || r.outcome > 7 {
        return None;
    }
    let w = u16::from(r.outcome)
        | channel_code(r.channel) << 3
        | u16::from(r.initiator == Initiator::Party) << 6
        | purpose_code(r.purpose) << 7
        | first << 10
        | u16::from(r.mask) << 12;
    Some(Packed([r.rel as u16, (r.rel >> 16) as u16, w]))
}

/// The record [`pack`] packed, naming `party` and `point`.
fn unpack(p: Packed, party: u8, point: u8) -> Rec {
    Rec {
        rel: p.rel(),
        nanos: 0,
        mask: p.debts() as u8,
        first: p.first(),
        party,
        point,
        channel: channel_of(p.bits(3, 3)),
        initiator: if p.by_collector() {
            Initiator::Collector
        } else {
            Initiator::Party
        },
        purpose: purpose_of(p.bits(7, 3)),
        outcome: p.outcome(),
    }
}
/// The part of an account's [`Card`] every event reads (party 0's role and
/// point 0's zone sets; other parties and points are read from the book).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hot {
    pub(crate) pc0: PointCard,
    pub(crate) parties: u8,
    pub(crate) points: u8,
    /// Bit 0: the flags let the screen be used; bit 1: no flags at all.
    bits: u8,
    pub(crate) role0: Role,
}

impl Hot {
    pub(crate) fn of(c: &Card) -> Hot {
        Hot {
            pc0: c.pc0,
            parties: c.parties,
            points: c.points,
            bits: u8::from(c.screen) | (u8::from(c.no_flags) << 1),
            role0: c.role0,
        }
    }

    /// The flags let the screen be used.
    pub(crate) fn screen(&self) -> bool {
        self.bits & 1 != 0
    }

    /// No flags at all (the flag rules cannot fire).
    pub(crate) fn no_flags(&self) -> bool {
        self.bits & 2 != 0
    }
}

/// Keyed state of one account (see the module doc), 48 bytes: the card
/// and counts (what an event on an empty account reads) first, then the
/// records (the party and point, which all inline records share, held
/// once).
#[derive(Debug, Default)]
#[repr(C)]
pub(crate) struct Slot {
    pub(crate) card: Option<Hot>,
    /// Inline records held; with [`BOXED`] set, the account is boxed in
    /// its [`Slots`] table instead (see [`Slot::mark_big`]).
    n: u8,
    /// Inline debt ids held.
    nd: u8,
    /// The party index every inline record names.
    party: u8,
    /// The contact-point index every inline record names.
    point: u8,
    /// Records in time order ([`pack`]).
    recs: [Packed; INLINE],
    /// The account's debt table (record masks index it); while boxed,
    /// `debts[0]` is the box's index in the table.
    debts: [u32; 2],
}

/// [`Slot::n`] flag: the account is boxed in its table.
const BOXED: u8 = 0x80;

/// [`Slot::n`] of a boxed account holding plain attempts.
const ASK: u8 = BOXED | 2;

/// A record ready to append inline ([`Slot::prepare`]).
pub(crate) struct Pending {
    rec: Packed,
    names: (u8, u8),
    debts: [u32; 2],
    nd: u8,
}

/// Interns `s` among the first `k` of `names`; `None` if full.
fn intern(names: &mut [u32; 2], k: &mut usize, s: u32) -> Option<u8> {
    if let Some(i) = names[..*k].iter().position(|x| *x == s) {
        return u8::try_from(i).ok();
    }
    *names.get_mut(*k)? = s;
    *k += 1;
    u8::try_from(*k - 1).ok()
}

/// Where an event's account state lives while the event runs.
pub(crate) enum Held {
    /// Loaded from the inline form.
    Inline(KeyedAcct),
    /// Taken out of the table.
    Big(Box<KeyedAcct>),
}

impl Held {
    pub(crate) fn acct(&mut self) -> &mut KeyedAcct {
        match self {
            Held::Inline(a) => a,
            Held::Big(b) => b,
        }
    }
}

impl Slot {
    /// Whether the account is boxed in its table.
    #[inline]
    fn boxed(&self) -> bool {
        self.n & BOXED != 0
    }

    /// The box's index in the table, if boxed.
    #[inline]
    fn big_index(&self) -> Option<usize> {
        self.boxed().then_some(self.debts[0] as usize)
    }

    /// The inline records (none while boxed).
    #[inline(always)]
    pub(crate) fn inline(&self) -> &[Packed] {
        let n = if self.boxed() {
            0
        } else {
            usize::from(self.n).min(INLINE)
        };
        &self.recs[..n]
    }

    /// The inline form as an [`Acct`]: names interned in record order.
    fn load(&self) -> KeyedAcct {
        let inline = self.inline();
        let n = inline.len();
        let mut recs = [Rec::default(); INLINE];
        let mut names = [0u32; 2];
        let mut k = 0;
        for (r, p) in recs.iter_mut().zip(inline) {
            *r = unpack(*p, self.party, self.point);
            let p = intern(&mut names, &mut k, u32::from(r.party));
            let q = intern(&mut names, &mut k, POINT | u32::from(r.point));
            let (Some(p), Some(q)) = (p, q) else {
                // `store` keeps at most two names inline: not reached.
                return self.load_slow();
            };
            r.party = p;
            r.point = q;
        }
        Acct {
            recs: Small::Inline(u8::try_from(n).unwrap_or(0), recs),
            names: Small::Inline(u8::try_from(k).unwrap_or(0), names),
            debts: Small::Inline(self.nd.min(2), self.debts),
            full: None,
        }
    }

    /// [`load`](Slot::load) through [`Acct::intern_name`] (any number of
    /// names).
    fn load_slow(&self) -> KeyedAcct {
        let mut a = Acct::default();
        let inline = self.inline();
        let n = inline.len();
        let mut recs = [Rec::default(); INLINE];
        for (r, p) in recs.iter_mut().zip(inline) {
            *r = unpack(*p, self.party, self.point);
            r.party = a.intern_name(&u32::from(r.party)).unwrap_or(0);
            r.point = a.intern_name(&(POINT | u32::from(r.point))).unwrap_or(0);
        }
        a.recs = Small::Inline(u8::try_from(n).unwrap_or(0), recs);
        a.debts = Small::Inline(self.nd.min(2), self.debts);
        a
    }

    /// Marks the slot boxed at `index` of its table. `n` and `recs[0]` then
    /// say when the account was last active, so that a sweep need not
    /// follow the box: [`BOXED`] alone, no record; `BOXED | 1`, `recs[0]`
    /// holds the latest record's seconds; [`ASK`], ask the box (plain
    /// attempts).
    fn mark_big(&mut self, b: &KeyedAcct, index: u32) {
        self.nd = 0;
        self.debts[0] = index;
        match (&b.full, b.recs.as_slice().last()) {
            (None, Some(r)) => {
                self.n = BOXED | 1;
                self.recs[0] = Packed::at(r.rel);
            }
            (None, None) => self.n = BOXED,
            (Some(_), _) => self.n = ASK,
        }
    }

    /// Whether the account holds records, all dated before `cut` (Unix
    /// seconds): a sweep may clear it. `big` reads the box of a boxed
    /// account holding plain attempts.
    fn idle<'a>(&self, cut: i64, big: impl FnOnce(usize) -> Option<&'a KeyedAcct>) -> bool {
        let before = |p: &Packed| p.secs() < cut;
        match self.n {
            ASK => self
                .big_index()
                .and_then(big)
                .is_some_and(|b| b.len() > 0 && b.last() < cut),
            0 | BOXED => false,
            n if n & BOXED != 0 => before(&self.recs[0]),
            n => self.recs[..usize::from(n).min(INLINE)]
                .last()
                .is_some_and(before),
        }
    }

    /// Writes `a` to the inline form if it fits (and clears the boxed
    /// mark); `false` if it does not (the slot is left as it was).
    fn store(&mut self, a: &KeyedAcct) -> bool {
        if a.full.is_some() {
            return false;
        }
        let (Small::Inline(n, recs), Small::Inline(nd, debts)) = (&a.recs, &a.debts) else {
            return false;
        };
        let names = a.names.as_slice();
        let n = usize::from(*n).min(INLINE);
        let mut out = [Packed::default(); INLINE];
        let mut shared = (0u8, 0u8);
        for (i, r) in recs[..n].iter().enumerate() {
            let (Some(&p), Some(&q)) = (
                names.get(usize::from(r.party)),
                names.get(usize::from(r.point)),
            ) else {
                return false;
            };
            // Party symbols are indexes (< 256); point symbols are tagged.
            if p & POINT != 0 || q & POINT == 0 {
                return false;
            }
            let (Ok(p), Ok(q)) = (u8::try_from(p), u8::try_from(q & 0xff)) else {
                return false;
            };
            // The inline records share one party and one point.
            if i > 0 && (p, q) != shared {
                return false;
            }
            shared = (p, q);
            let mut r = *r;
            r.party = p;
            r.point = q;
            let Some(w) = pack(&r) else {
                return false;
            };
            if let Some(o) = out.get_mut(i) {
                *o = w;
            }
        }
        self.n = u8::try_from(n).unwrap_or(0);
        self.nd = *nd;
        (self.party, self.point) = shared;
        self.recs = out;
        self.debts = *debts;
        true
    }

    /// Drops the inline records dated before `cut` (Unix seconds), as
    /// [`Acct::evict`] drops whole-second records; `None` if the account is
    /// boxed (the slot is then left as it was).
    #[inline(always)]
    pub(crate) fn evict_inline(&mut self, cut: i64) -> Option<()> {
        if self.boxed() {
            return None;
        }
        let n = usize::from(self.n).min(INLINE);
        let k = self.recs[..n].iter().take_while(|r| r.secs() < cut).count();
        if k > 0 {
            let old = self.recs;
            for (r, o) in self.recs.iter_mut().zip(&old[k..n]) {
                *r = *o;
            }
            self.n = u8::try_from(n - k).unwrap_or(0);
            if n == k {
                self.nd = 0;
            }
        }
        Some(())
    }

    /// The bit of debt id `d` in the inline table (0 if not there), as
    /// [`Acct::debt_bit`] gives it.
    #[inline]
    pub(crate) fn debt_bit(&self, d: u32) -> u32 {
        let nd = usize::from(self.nd).min(2);
        self.debts[..nd]
            .iter()
            .position(|x| *x == d)
            .map_or(0, |i| 1 << i)
    }

    /// The inline state after recording `p` (party and point symbols as the
    /// keyed auditor makes them), if it stays inline: what [`Acct::record`]
    /// then [`store`](Slot::store) would leave. `None` if it would not fit
    /// (boxed, full, another party or point, a third debt, sub-second time).
    #[inline(always)]
    pub(crate) fn prepare(&self, p: &Parts<'_, u32>) -> Option<Pending> {
        let n = usize::from(self.n);
        // A boxed slot's `n` (with [`BOXED`]) is past `INLINE` too.
        if n >= INLINE || *p.point & POINT == 0 {
            return None;
        }
        let party = u8::try_from(*p.party).ok()?;
        let point = u8::try_from(*p.point ^ POINT).ok()?;
        if n > 0 && (party, point) != (self.party, self.point) {
            return None;
        }
        let mut debts = self.debts;
        let mut nd = usize::from(self.nd).min(2);
        let m = debt_mask(p.debts, |d| intern(&mut debts, &mut nd, *d).map(|i| 1 << i))?;
        let rec = pack(&Rec::of(p, party, point, m)?)?;
        Some(Pending {
            rec,
            names: (party, point),
            debts,
            nd: u8::try_from(nd).ok()?,
        })
    }

    /// Appends a record [`prepare`](Slot::prepare) made (against the slot
    /// as it still is).
    pub(crate) fn commit(&mut self, p: Pending) {
        let n = usize::from(self.n);
        if let Some(r) = self.recs.get_mut(n) {
            *r = p.rec;
            (self.party, self.point) = p.names;
            self.n += 1;
            self.debts = p.debts;
            self.nd = p.nd;
        }
    }

    /// Drops every inline record (the account is idle; its table drops
    /// the box).
    fn clear(&mut self) {
        self.n = 0;
        self.nd = 0;
    }
}

mod table;

pub(crate) use table::Slots;

#[cfg(test)]
mod tests;
