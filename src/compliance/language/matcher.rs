//! The automata a [`TextChecker`](super::TextChecker) runs over the
//! normalised stream, one character at a time.
//!
//! Two backends, chosen by the size of the compiled lexicon:
//!
//! - **DFA** (aho-corasick's dense DFA, fed the UTF-8 bytes of each
//!   normalised character): the fastest per character, but its transition
//!   table grows with the lexicon (about 5 MiB for the built-in lexicons,
//!   137 MiB and 35 MB/s for 60,000 phrases, perf/ANCHORS.md §4).
//! - **Double array** (our own character-wise double-array Aho–Corasick,
//!   [`dart`](super::dart)): one probe per character on the checker's
//!   code, straight from the normalisation table (no character-to-code
//!   table, no UTF-8 round trip), small and steady at 60,000 phrases. It
//!   replaced daachorse's charwise automaton, which took the code back as a
//!   `char` and mapped it to its own code again.
//!
//! Both report, after each character, every term that ends there, as the
//! packed value the checker gave it; the scan is the same code over either.

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind, StartKind};

use super::dart::DoubleArray;
use crate::error::Error;

/// Lexicons whose distinct terms take at most this many UTF-8 bytes, as
/// the automaton sees them (after renumbering, most CJK characters take
/// two bytes), run on the DFA; larger ones on the double array, whose size
/// stays proportional to the terms. The built-in lexicons (34.4 KiB of
/// terms since the second review of 2026-11-27, 11.4 MiB compiled, built in
/// about 42 ms) compile to a DFA; each further KiB of user terms adds about
/// 0.3 MiB, to about 13 MiB at this limit, built in well under 100 ms.
pub(super) const DFA_MAX_TERM_BYTES: usize = 40 * 1024;

/// Which automaton to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Backend {
    /// The DFA for small lexicons, the double array for large ones.
    Auto,
    /// Always the DFA (tests).
    #[cfg_attr(not(test), allow(dead_code))]
    Dfa,
    /// Always the double array (tests).
    #[cfg_attr(not(test), allow(dead_code))]
    DoubleArray,
}

/// A compiled automaton.
pub(super) enum Matcher {
    /// aho-corasick DFA.
    Dfa(Box<DfaMatcher>),
    /// Our double array over the checker's codes, values stored inside.
    DoubleArray(DoubleArray),
}

/// The DFA with what the scan needs beside it, in one place: the scan
/// holds a single reference to all of it.
pub(super) struct DfaMatcher {
    dfa: DFA,
    start: StateID,
    /// `values[pattern id]` is the packed value.
    values: Box<[u32]>,
}

impl Matcher {
    /// Builds the automaton for `terms` (normalised term, packed value).
    pub(super) fn build(terms: &[(&str, u32)], backend: Backend) -> Result<Matcher, Error> {
        let bytes: usize = terms.iter().map(|(t, _)| t.len()).sum();
        let dfa = match backend {
            Backend::Auto => bytes <= DFA_MAX_TERM_BYTES,
            Backend::Dfa => true,
            Backend::DoubleArray => false,
        };
        if dfa {
            let built = aho_corasick::dfa::Builder::new()
                .match_kind(MatchKind::Standard)
                .start_kind(StartKind::Unanchored)
                .prefilter(false)
                .build(terms.iter().map(|(t, _)| t));
            match built {
                Ok(dfa) => {
                    let start = dfa.start_state(Anchored::No).map_err(automaton_error)?;
                    let values = terms.iter().map(|(_, v)| *v).collect();
                    return Ok(Matcher::Dfa(Box::new(DfaMatcher { dfa, start, values })));
                }
                // Too many states for the DFA: the double array has no such limit.
                Err(_) if backend == Backend::Auto => {}
                Err(e) => return Err(automaton_error(e)),
            }
        }
        DoubleArray::build(terms).map(Matcher::DoubleArray)
    }

    /// Heap bytes of the automaton.
    pub(super) fn heap_bytes(&self) -> usize {
        match self {
            Matcher::Dfa(m) => m.dfa.memory_usage() + std::mem::size_of_val::<[u32]>(&m.values),
            Matcher::DoubleArray(pma) => pma.heap_bytes(),
        }
    }

    /// Which backend was built (tests).
    #[cfg(test)]
    pub(super) fn backend(&self) -> Backend {
        match self {
            Matcher::Dfa(_) => Backend::Dfa,
            Matcher::DoubleArray(_) => Backend::DoubleArray,
        }
    }
}

fn automaton_error(e: impl std::fmt::Display) -> Error {
    Error::invalid("language.lexicon", "automaton", e.to_string())
}

/// The automaton's state while a text is scanned.
pub(super) trait Step<'a> {
    /// The values of the terms ending at the current character; borrows the
    /// automaton only, so the scanner can record hits while iterating.
    type Hits: Iterator<Item = u32> + 'a;
    /// Moves past one normalised character, given by its code in the
    /// automaton's alphabet.
    fn consume(&mut self, code: u32);
    /// Back to the root (after a character that is in no term).
    fn reset(&mut self);
    /// Whether some term may end here: cheap, so that [`Step::hits`] is
    /// only built when it can yield something.
    fn matched(&self) -> bool;
    /// The terms ending here.
    fn hits(&self) -> Self::Hits;
}

/// DFA state: one reference and the state, few registers for the scan.
pub(super) struct DfaStep<'a> {
    m: &'a DfaMatcher,
    sid: StateID,
}

impl<'a> DfaStep<'a> {
    pub(super) fn new(m: &'a DfaMatcher) -> DfaStep<'a> {
        DfaStep { m, sid: m.start }
    }
}

impl<'a> Step<'a> for DfaStep<'a> {
    type Hits = DfaHits<'a>;

    #[inline(always)]
    fn consume(&mut self, u: u32) {
        let d = &self.m.dfa;
        let next = |sid, b: u32| d.next_state(Anchored::No, sid, b as u8);
        let mut sid = self.sid;
        if u < 0x80 {
            sid = next(sid, u);
        } else if u < 0x800 {
            sid = next(sid, 0xC0 | (u >> 6));
            sid = next(sid, 0x80 | (u & 0x3F));
        } else if u < 0x1_0000 {
            sid = next(sid, 0xE0 | (u >> 12));
            sid = next(sid, 0x80 | ((u >> 6) & 0x3F));
            sid = next(sid, 0x80 | (u & 0x3F));
        } else {
            sid = next(sid, 0xF0 | (u >> 18));
            sid = next(sid, 0x80 | ((u >> 12) & 0x3F));
            sid = next(sid, 0x80 | ((u >> 6) & 0x3F));
            sid = next(sid, 0x80 | (u & 0x3F));
        }
        self.sid = sid;
    }

    #[inline(always)]
    fn reset(&mut self) {
        self.sid = self.m.start;
    }

    #[inline(always)]
    fn matched(&self) -> bool {
        self.m.dfa.is_match(self.sid)
    }

    #[inline(always)]
    fn hits(&self) -> DfaHits<'a> {
        let m: &'a DfaMatcher = self.m;
        let n = if m.dfa.is_match(self.sid) {
            m.dfa.match_len(self.sid)
        } else {
            0
        };
        DfaHits {
            dfa: &m.dfa,
            values: &m.values,
            sid: self.sid,
            i: 0,
            n,
        }
    }
}

/// The terms ending at a DFA state.
pub(super) struct DfaHits<'a> {
    dfa: &'a DFA,
    values: &'a [u32],
    sid: StateID,
    i: usize,
    n: usize,
}

impl Iterator for DfaHits<'_> {
    type Item = u32;

    #[inline(always)]
    fn next(&mut self) -> Option<u32> {
        while self.i < self.n {
            let p = self.dfa.match_pattern(self.sid, self.i);
            self.i += 1;
            if let Some(&v) = self.values.get(p.as_usize()) {
                return Some(v);
            }
        }
        None
    }
}
