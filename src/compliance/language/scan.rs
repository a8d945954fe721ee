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

use std::sync::Arc;

use super::checker::{near_matched, Entry, Near, TextChecker};
use super::dart::DoubleArrayStep;
use super::matcher::{DfaStep, Matcher, Step};
use super::normalize::{After, Feed, Normalizer, Sink, F_ALPHA, F_CHAR, F_LATIN};
use super::small::Small;
use super::spurious::spurious;
use super::types::{is_han, Category, Finding, Gate, MessageFacts, Span};

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

/// A finding before its strings are made.
#[derive(Debug, Clone, Copy)]
struct Cand {
    start: u32,
    end: u32,
    cat: Category,
    what: What,
    /// Position before sorting (makes the unstable sort deterministic).
    seq: u32,
}

#[derive(Debug, Clone, Copy)]
enum What {
    Entry(u32),
    Near { rule: u32, a: u32, b: u32 },
}

fn roles<'a>(c: &'a TextChecker, r: &Raw) -> &'a [Role] {
    c.pats.get(r.pat as usize).map_or(&[], Pattern::roles)
}

fn id_of(c: &TextChecker, w: What) -> &str {
    match w {
        What::Entry(i) => c.entries.get(i as usize).map_or("", |e| &*e.id),
        What::Near { rule, .. } => c.near.get(rule as usize).map_or("", |n| &*n.id),
    }
}

/// Turns hits into findings (sorted by start, end, category, id): gates,
/// allowed phrases, near rules, and dropping a finding wholly inside a
/// longer one of the same category. Strings are made for survivors only.
pub(super) fn resolve(
    c: &TextChecker,
    raw: &[Raw],
    facts: &MessageFacts,
    text: &str,
    out: &mut Vec<Finding>,
) {
    let mut allowed: Small<(u32, u32), 4> = Small::new((0, 0));
    let mut near_hits: Small<u32, 8> = Small::new(0);
    let mut cues: Small<Cue, 4> = Small::new(Cue {
        rule: 0,
        s: 0,
        e: 0,
        oend: 0,
        breaks: false,
    });
    for (i, r) in raw.iter().enumerate() {
        let rs = roles(c, r);
        if rs.contains(&Role::Allow) {
            allowed.push((r.s, r.e));
        }
        for role in rs {
            match *role {
                Role::Negation(k) => cues.push(Cue {
                    rule: k,
                    s: r.s,
                    e: r.e,
                    oend: r.oend,
                    breaks: false,
                }),
                Role::NegationBreak(k) => cues.push(Cue {
                    rule: k,
                    s: r.s,
                    e: r.e,
                    oend: r.oend,
                    breaks: true,
                }),
                _ => {}
            }
        }
        if rs
            .iter()
            .any(|x| matches!(x, Role::Left(_) | Role::Right(_)))
        {
            near_hits.push(i as u32);
        }
    }
    let (allowed, near_hits, cues) = (allowed.as_slice(), near_hits.as_slice(), cues.as_slice());
    let is_allowed = |s: u32, e: u32| allowed.iter().any(|&(a, b)| a <= s && e <= b);
    let mut cands: Vec<Cand> = Vec::new();
    let mut chinese = None;
    for r in raw {
        for role in roles(c, r) {
            let Role::Entry(i) = *role else { continue };
            let Some(e) = c.entries.get(i as usize) else {
                continue;
            };
            // An allowed phrase is allowed to the debtor: told to a third
            // party, its debt words still disclose the debt.
            if !e.gate.fires(facts)
                || (e.gate != Gate::ThirdPartyOnly && is_allowed(r.s, r.e))
                || negated(c, cues, text, (r.s, r.ostart), e.category, e.gate)
                || spurious(
                    &e.id,
                    &e.matched,
                    text,
                    (r.ostart as usize, r.oend as usize),
                    &mut chinese,
                )
            {
                continue;
            }
            cands.push(Cand {
                start: r.ostart,
                end: r.oend,
                cat: e.category,
                what: What::Entry(i),
                seq: 0,
            });
        }
    }
    if !near_hits.is_empty() {
        let neg = |at: (u32, u32), n: &Near| negated(c, cues, text, at, n.category, n.gate);
        near(c, raw, near_hits, facts, &is_allowed, &neg, &mut cands);
    }
    // Drop a candidate wholly inside a longer one of the same category:
    // sorted by start (longest first), a candidate is covered iff an
    // earlier one of its category reaches at least as far. The position
    // breaks the remaining ties, so the unstable sort (no buffer, faster on
    // the end-ordered input) orders exactly as a stable one would.
    for (i, f) in cands.iter_mut().enumerate() {
        f.seq = i as u32;
    }
    cands.sort_unstable_by(|a, b| {
        (a.start, std::cmp::Reverse(a.end))
            .cmp(&(b.start, std::cmp::Reverse(b.end)))
            .then_with(|| id_of(c, a.what).cmp(id_of(c, b.what)))
            .then(a.seq.cmp(&b.seq))
    });
    let mut reach = [None::<u32>; Category::ALL.len()];
    cands.retain(|f| {
        let slot = Category::ALL.iter().position(|x| *x == f.cat).unwrap_or(0);
        if reach[slot].is_some_and(|r| r >= f.end) {
            return false;
        }
        reach[slot] = Some(f.end);
        true
    });
    // Already in order of start: only candidates with the same start need
    // reordering (by end, category, id), each run on its own.
    for run in cands.chunk_by_mut(|a, b| a.start == b.start) {
        if run.len() > 1 {
            run.sort_by(|a, b| {
                (a.end, a.cat)
                    .cmp(&(b.end, b.cat))
                    .then_with(|| id_of(c, a.what).cmp(id_of(c, b.what)))
            });
        }
    }
    out.reserve(cands.len());
    for f in &cands {
        if let Some(x) = make(c, raw, f) {
            out.push(x);
        }
    }
}

/// A finding from a candidate: reference-count increments only (a
/// co-occurrence rule with more than `NEAR_PAIRS` term pairs formats its
/// `left … right`).
fn make(c: &TextChecker, raw: &[Raw], f: &Cand) -> Option<Finding> {
    let span = Span {
        start: f.start as usize,
        end: f.end as usize,
    };
    Some(match f.what {
        What::Entry(i) => {
            let e = c.entries.get(i as usize)?;
            Finding {
                span,
                matched: e.matched.clone(),
                category: e.category,
                severity: e.severity,
                entry: e.id.clone(),
                rule: Arc::clone(&e.rule),
                message: e.message.clone(),
            }
        }
        What::Near { rule, a, b } => {
            let n = c.near.get(rule as usize)?;
            let pat = |i: u32| raw.get(i as usize).map_or(u32::MAX, |r| r.pat);
            let (pa, pb) = (pat(a), pat(b));
            let matched = match n.pairs.binary_search_by(|&(x, y, _)| (x, y).cmp(&(pa, pb))) {
                Ok(k) => n.pairs.get(k).map(|p| p.2.clone()),
                Err(_) => None,
            };
            let matched = matched.unwrap_or_else(|| {
                let key = |p: u32| c.pats.get(p as usize).map_or("", |p| &*p.key);
                near_matched(key(pa), key(pb)).into()
            });
            Finding {
                span,
                matched,
                category: n.category,
                severity: n.severity,
                entry: n.id.clone(),
                rule: Arc::clone(&n.rule),
                message: n.message.clone(),
            }
        }
    })
}

/// Co-occurrence rules over the hits that have a near role (`idx`, in
/// order of their end). A right term is searched only among hits whose end
/// can be within the window, so the cost stays local.
fn near(
    c: &TextChecker,
    raw: &[Raw],
    idx: &[u32],
    facts: &MessageFacts,
    is_allowed: &dyn Fn(u32, u32) -> bool,
    negated: &dyn Fn((u32, u32), &Near) -> bool,
    cands: &mut Vec<Cand>,
) {
    let hit = |i: &u32| raw.get(*i as usize);
    for (ni, n) in c.near.iter().enumerate() {
        if !n.gate.fires(facts) {
            continue;
        }
        let ni = ni as u32;
        for &ai in idx {
            let Some(a) = raw.get(ai as usize) else {
                continue;
            };
            if !roles(c, a).contains(&Role::Left(ni)) {
                continue;
            }
            // b.e >= a.s - window (b before a) and b.s <= a.e + window.
            let lo = a.s.saturating_sub(n.window);
            let hi = a.e.saturating_add(n.window).saturating_add(RING as u32);
            let from = idx.partition_point(|i| hit(i).is_some_and(|r| r.e < lo));
            // The first right term in the window whose pairing is neither
            // allowed nor negated (a pairing that is must not hide a later
            // one that is not).
            let found = idx[from..]
                .iter()
                .take_while(|i| hit(i).is_some_and(|r| r.e <= hi))
                .copied()
                .find(|&bi| {
                    raw.get(bi as usize).is_some_and(|b| {
                        let gap = if a.e <= b.s {
                            b.s - a.e
                        } else {
                            a.s.saturating_sub(b.e)
                        };
                        let (s, e) = (a.s.min(b.s), a.e.max(b.e));
                        let first = if a.s <= b.s { a } else { b };
                        roles(c, b).contains(&Role::Right(ni))
                            && gap <= n.window
                            && (n.gate == Gate::ThirdPartyOnly
                                || !(is_allowed(s, e)
                                    || is_allowed(a.s, a.e)
                                    || is_allowed(b.s, b.e)))
                            && !negated((first.s, first.ostart), n)
                    })
                });
            let Some(bi) = found else { continue };
            let Some(b) = raw.get(bi as usize) else {
                continue;
            };
            cands.push(Cand {
                start: a.ostart.min(b.ostart),
                end: a.oend.max(b.oend),
                cat: n.category,
                what: What::Near {
                    rule: ni,
                    a: ai,
                    b: bi,
                },
                seq: 0,
            });
        }
    }
}

/// A negation cue's (or break's) hit: its rule, where it starts and ends in
/// kept characters, and where it ends in the original text.
#[derive(Debug, Clone, Copy)]
struct Cue {
    rule: u32,
    s: u32,
    e: u32,
    oend: u32,
    /// A break of the rule, not a cue.
    breaks: bool,
}

/// Whether a finding of `category` under `gate` starting at kept character
/// `s` (original byte `ostart`) is taken back by a negation cue: one that
/// ends at most its rule's window before `s`, with no clause break between
/// them in the original text and no break of its rule in between.
fn negated(
    c: &TextChecker,
    cues: &[Cue],
    text: &str,
    (s, ostart): (u32, u32),
    category: Category,
    gate: Gate,
) -> bool {
    let broken = |q: &Cue| {
        cues.iter()
            .any(|b| b.breaks && b.rule == q.rule && q.e <= b.s && b.e <= s)
    };
    cues.iter().any(|q| {
        !q.breaks
            && q.e <= s
            && c.negations
                .get(q.rule as usize)
                .is_some_and(|n| s - q.e <= n.window && n.covers(category, gate))
            && !clause_between(text, q.oend as usize, ostart as usize)
            && !broken(q)
    })
}

/// Whether a clause ends in `text[from..to]` (from the end of a negation
/// cue to a finding): clause punctuation, or white space between two
/// Chinese characters once some text follows the cue (SMS write 请勿拖延
/// 起诉在即 for 请勿拖延，起诉在即; a space right after the cue, 我们不会
/// 打你通讯录, is no break). One pass; an out-of-range slice counts as a
/// break.
fn clause_between(text: &str, from: usize, to: usize) -> bool {
    let Some(between) = text.get(from..to) else {
        return true;
    };
    // The last character before the current run of white space, if it is
    // text after the cue and Chinese; whether white space follows it.
    let mut han_before = false;
    let mut spaced = false;
    for ch in between.chars() {
        if is_clause_break(ch) {
            return true;
        }
        if ch.is_whitespace() {
            spaced |= han_before;
            continue;
        }
        if spaced && is_han(ch) {
            return true;
        }
        spaced = false;
        han_before = is_han(ch);
    }
    // The run may end at the finding itself.
    spaced
        && text
            .get(to..)
            .and_then(|t| t.chars().next())
            .is_some_and(is_han)
}

/// Punctuation that ends a clause (not the enumeration comma 、).
fn is_clause_break(ch: char) -> bool {
    matches!(
        ch,
        '。' | '，' | '；' | '！' | '？' | '：' | ',' | ';' | '!' | '?' | '.' | ':' | '\n' | '\r'
    )
}

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
