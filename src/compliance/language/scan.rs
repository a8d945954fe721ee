//! The hot path of [`TextChecker::check`]: one pass over the text with the
//! normalisation fused into the automaton, then post-processing whose cost
//! is proportional to the number of hits.
//!
//! The pass keeps no normalised copy of the text. For each kept character
//! it stores only the original start offset (and two flags) in a ring of
//! 128 slots, enough for the longest pattern; a match maps back to the
//! original text from that ring, so span mapping costs nothing until a hit.
//! Each automaton value packs the pattern index, its length, its Latin
//! boundary flags and whether it can fire whatever the facts, so a match
//! needs no table look-up; hits whose every role is gated off by the facts
//! are dropped before they are recorded.

use super::checker::{Entry, Near};
use super::dart::DoubleArrayStep;
use super::matcher::{DfaStep, Matcher, Step};
use super::normalize::{After, Feed, Normalizer, Sink, F_ALPHA, F_CHAR, F_LATIN};
use super::small::Small;
use super::types::{Gate, MessageFacts};

/// A small multiplicative hasher (FxHash) for the term index: the terms are
/// our own lexicon and the user's policy, not attacker-chosen, and SipHash
/// was a visible share of a 60,000-entry build.
pub(super) type FastHash = std::hash::BuildHasherDefault<Fx>;

/// FxHash state.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Fx(u64);

impl std::hash::Hasher for Fx {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

/// Ring of recent kept characters; at least one more than the longest
/// pattern, a power of two.
const RING: usize = 128;
const _: () = assert!(RING > super::lexicon::MAX_TERM_CHARS && RING.is_power_of_two());

/// Distinct terms are numbered below this (22 bits of the automaton value).
pub(super) const MAX_PATTERNS: usize = 1 << 22;
const IDX: u32 = (1 << 22) - 1;
const LEN_SHIFT: u32 = 22;
const LATIN_START: u32 = 1 << 29;
const LATIN_END: u32 = 1 << 30;
/// The pattern has a role that does not depend on the facts.
const ALWAYS: u32 = 1 << 31;

/// Ring slot flags (above the 32-bit start offset).
const SLOT_LATIN: u64 = 1 << 32;
const SLOT_GAP: u64 = 1 << 33;

/// What a compiled term stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// Lexicon entry number.
    Entry(u32),
    /// Left term of near rule number.
    Left(u32),
    /// Right term of near rule number.
    Right(u32),
    /// An allowed phrase.
    Allow,
    /// A cue of negation rule number.
    Negation(u32),
    /// A term that cancels negation rule number's cues.
    NegationBreak(u32),
}

/// One distinct normalised term.
#[derive(Debug, Clone)]
pub(super) struct Pattern {
    /// The normalised term (set once the automaton is built).
    pub(super) key: Box<str>,
    len: u32,
    latin_start: bool,
    latin_end: bool,
    /// Gate bits of the roles (see [`gate_bit`]); `ALWAYS` if any role fires
    /// whatever the facts.
    mask: u32,
    /// The roles when there are several; a single role (the common case)
    /// sits in `one`, so that neither the build nor a hit touches another
    /// allocation.
    roles: Vec<Role>,
    one: Option<Role>,
}

impl Pattern {
    pub(super) fn new(len: u32, latin_start: bool, latin_end: bool) -> Pattern {
        Pattern {
            key: Box::from(""),
            len,
            latin_start,
            latin_end,
            mask: 0,
            roles: Vec::new(),
            one: None,
        }
    }

    /// Adds a role (once).
    pub(super) fn add_role(&mut self, role: Role) {
        match self.one {
            None if self.roles.is_empty() => self.one = Some(role),
            Some(r) if r == role => {}
            Some(r) => {
                self.roles = vec![r, role];
                self.one = None;
            }
            None => {
                if !self.roles.contains(&role) {
                    self.roles.push(role);
                }
            }
        }
    }

    /// Computes the gate mask once the roles are known.
    pub(super) fn finish(&mut self, entries: &[Entry], near: &[Near]) {
        let mut mask = 0;
        for role in self.roles() {
            let gate = match *role {
                Role::Entry(i) => entries.get(i as usize).map(|e| e.gate),
                Role::Left(i) | Role::Right(i) => near.get(i as usize).map(|n| n.gate),
                Role::Allow | Role::Negation(_) | Role::NegationBreak(_) => None,
            };
            mask |= gate.map_or(ALWAYS, gate_bit);
        }
        self.mask = mask;
    }

    /// What this term stands for.
    #[inline]
    pub(super) fn roles(&self) -> &[Role] {
        match &self.one {
            Some(r) => std::slice::from_ref(r),
            None => &self.roles,
        }
    }

    /// The automaton value for pattern number `idx`.
    pub(super) fn value(&self, idx: u32) -> u32 {
        let mut v = (idx & IDX) | (self.len.min(127) << LEN_SHIFT);
        if self.latin_start {
            v |= LATIN_START;
        }
        if self.latin_end {
            v |= LATIN_END;
        }
        v | (self.mask & ALWAYS)
    }

    /// Heap bytes of the role list.
    pub(super) fn heap_bytes(&self) -> usize {
        self.roles.capacity() * std::mem::size_of::<Role>() + self.key.len()
    }
}

const GATES: [Gate; 13] = [
    Gate::Always,
    Gate::UnlessLawsuitLawful,
    Gate::UnlessEnforcementLawful,
    Gate::UnlessLawsuitFiled,
    Gate::UnlessJudgment,
    Gate::UnlessReportsToBureau,
    Gate::UnlessAgencyReferral,
    Gate::UnlessAttorney,
    Gate::UnlessMaliciousOverdraft,
    Gate::ThirdPartyOnly,
    Gate::UnlessGuarantor,
    Gate::UnlessAttorneyRetained,
    Gate::UnlessRepossessionLawful,
];

fn gate_bit(g: Gate) -> u32 {
    if g == Gate::Always {
        return ALWAYS;
    }
    GATES
        .iter()
        .position(|x| *x == g)
        .map_or(ALWAYS, |i| 1 << i)
}

/// The gates that fire under `facts`, as a mask of [`gate_bit`]s.
pub(super) fn live_gates(facts: &MessageFacts) -> u32 {
    // `gate_bit` of the gate at index `i` (not 0, `Always`) is `1 << i`.
    GATES
        .iter()
        .enumerate()
        .skip(1)
        .filter(|(_, g)| g.fires(facts))
        .fold(ALWAYS, |m, (i, _)| m | 1 << i)
}

/// A match of one pattern, in kept characters `s..e` and original bytes
/// `ostart..oend`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Raw {
    pat: u32,
    s: u32,
    e: u32,
    ostart: u32,
    oend: u32,
}

/// The scan's hot state: the automaton and the count of kept characters.
/// The ring and the hits are reached through references, never the
/// scanner itself, so that no call can see this state and the compiler
/// keeps it in registers.
struct Scanner<'a, 'h, S> {
    st: S,
    k: u32,
    ring: &'h mut [u64; RING],
    hits: &'h mut Hits<'a>,
}

/// The hits found so far.
struct Hits<'a> {
    pats: &'a [Pattern],
    live: u32,
    raw: RawHits,
}

/// The hits of one scan (see [`Small`]): most short messages have a few
/// hits of terms that count whatever the facts (allowed phrases, negation
/// cues, near-rule terms) and no finding, and allocate nothing.
pub(super) type RawHits = Small<Raw, 8>;

/// No hit (fills unused inline slots).
const NO_RAW: Raw = Raw {
    pat: 0,
    s: 0,
    e: 0,
    ostart: 0,
    oend: 0,
};

impl<'a, S: Step<'a>> Sink for Scanner<'a, '_, S> {
    #[inline(always)]
    fn keep<A: Fn() -> After>(&mut self, e: u32, start: u32, _: u32, gap: bool, after: A) {
        // F_LATIN (bit 29) moves to SLOT_LATIN (bit 32).
        const _: () = assert!((F_LATIN as u64) << 3 == SLOT_LATIN);
        self.ring[self.k as usize % RING] =
            u64::from(start) | (u64::from(e & F_LATIN) << 3) | (u64::from(gap) << 33);
        if e & F_ALPHA != 0 {
            self.st.consume(e & F_CHAR);
            if self.st.matched() {
                self.hits.record(self.ring, self.k, self.st.hits(), after);
            }
        } else {
            // Not in any pattern: the automaton would fall back to its root.
            self.st.reset();
        }
        self.k = self.k.wrapping_add(1);
    }

    /// Repeats are folded in by [`After`] when a hit needs them.
    #[inline(always)]
    fn extend(&mut self, _: u32) {}
}

impl Hits<'_> {
    /// Records the terms of values `vals` ending at kept character `k`;
    /// `after` tells where its repeats end and whether a Latin letter is
    /// glued to it (which breaks the word boundary of a term ending in a
    /// Latin letter). Asked once, and only if a term survives the gates.
    #[cold]
    #[inline(never)]
    fn record<A: Fn() -> After>(
        &mut self,
        ring: &[u64; RING],
        k: u32,
        vals: impl Iterator<Item = u32>,
        after: A,
    ) {
        let mut tail: Option<After> = None;
        for v in vals {
            let Some(mut r) = self.hit(ring, k, v) else {
                continue;
            };
            let t = *tail.get_or_insert_with(&after);
            if t.glued && v & LATIN_END != 0 {
                continue;
            }
            r.oend = t.end;
            self.raw.push(r);
        }
    }

    /// The hit of the term of value `v` ending at kept character `k` (its
    /// end not yet set), unless the facts gate it off or a Latin letter is
    /// glued to its start.
    #[inline(always)]
    fn hit(&self, ring: &[u64; RING], k: u32, v: u32) -> Option<Raw> {
        let idx = v & IDX;
        if v & ALWAYS == 0
            && !matches!(self.pats.get(idx as usize), Some(p) if p.mask & self.live != 0)
        {
            return None;
        }
        let len = (v >> LEN_SHIFT) & 0x7F;
        let e = k.wrapping_add(1);
        let s = e.wrapping_sub(len);
        let first = ring[s as usize % RING];
        if v & LATIN_START != 0 && k >= len && first & (SLOT_LATIN | SLOT_GAP) == SLOT_LATIN {
            let prev = ring[s.wrapping_sub(1) as usize % RING];
            if prev & SLOT_LATIN != 0 {
                return None;
            }
        }
        Some(Raw {
            pat: idx,
            s,
            e,
            ostart: first as u32,
            oend: 0,
        })
    }
}

/// Runs the automaton over the normalised stream of `text` and returns the
/// hits that may matter under the `live` gates, in order of their end.
pub(super) fn scan(
    norm: &Normalizer,
    matcher: &Matcher,
    feed: &Feed,
    pats: &[Pattern],
    text: &str,
    live: u32,
) -> RawHits {
    match matcher {
        Matcher::Dfa(m) => run(norm, feed, pats, text, live, DfaStep::new(m)),
        Matcher::DoubleArray(pma) => run(norm, feed, pats, text, live, DoubleArrayStep::new(pma)),
    }
}

/// Kept out of line: inlined into [`scan`], the hot loop's code depends on
/// unrelated changes elsewhere in the crate (callgrind, 2026-11-27: the same
/// loop took 2.5 more instructions a character after a change to the turn
/// filter in `check`; out of line it is back within 1 % of before).
#[inline(never)]
fn run<'a, S: Step<'a>>(
    norm: &Normalizer,
    feed: &Feed,
    pats: &'a [Pattern],
    text: &str,
    live: u32,
    st: S,
) -> RawHits {
    let mut hits = Hits {
        pats,
        live,
        raw: RawHits::new(NO_RAW),
    };
    let mut ring = [0; RING];
    let mut sc = Scanner {
        st,
        k: 0,
        ring: &mut ring,
        hits: &mut hits,
    };
    norm.stream_with(feed, text, &mut sc);
    hits.raw
}

mod resolve;
pub(super) use resolve::resolve;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compliance::language::Recipient;

    /// The live mask is the gate bits of the gates that fire, whatever
    /// the facts.
    #[test]
    fn live_gates_are_the_bits_of_the_gates_that_fire() {
        let tri = |n: u64| [None, Some(false), Some(true)][(n % 3) as usize];
        let recipients = [
            Recipient::Debtor,
            Recipient::Guarantor,
            Recipient::EmergencyContact,
            Recipient::DebtorAttorney,
        ];
        let mut x: u64 = 7;
        for _ in 0..2_000 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let mut f = MessageFacts::to_debtor();
            let mut n = x >> 11;
            let mut next = || {
                let v = tri(n);
                n /= 3;
                v
            };
            f.lawsuit_intended = next();
            f.lawsuit_filed = next();
            f.judgment_obtained = next();
            f.debt_time_barred = next();
            f.lender_reports_to_credit_bureau = next();
            f.agency_referral_exists = next();
            f.sender_is_attorney = next();
            f.attorney_retained = next();
            f.repossession_lawful = next();
            f.malicious_overdraft_facts_met = next();
            f.recipient = recipients[(x % 4) as usize];
            let expected = GATES
                .iter()
                .filter(|g| g.fires(&f))
                .fold(ALWAYS, |m, g| m | gate_bit(*g));
            assert_eq!(live_gates(&f), expected, "{f:?}");
        }
    }
}
