//! Normalisation that defeats evasion while keeping every character's place
//! in the original text.
//!
//! One dense table over the Basic Multilingual Plane (65,536 × `u32`,
//! 256 KiB) is built once per [`Normalizer`]. For every code point it holds
//! the result of, in order: NFKC of that single character when it is one
//! character (full-width → half-width, compatibility forms), lower-casing
//! when it maps one-to-one, and traditional → simplified Chinese (OpenCC
//! `TSCharacters`, one-to-one pairs, see `lexicons/t2s.txt`). Noise
//! characters — whitespace, punctuation, symbols, zero-width characters,
//! variation selectors, combining marks and emoji — are marked and skipped,
//! but for a few weapon and death symbols ([`KEPT_SYMBOLS`]) that the
//! lexicons list as threats. In the BMP that is every mapped character
//! whose Unicode general category is a separator, punctuation, a symbol, a
//! mark (combining or enclosing, in any script), a format character or
//! private use, and also the spacing modifier letters (U+02B0–02FF: ʹ ʻ ˈ,
//! apostrophes and stress marks more than letters), the specials block
//! (U+FFF0–FFFF) and numbers that are no digit once mapped (`½`, `⑩`,
//! `❶`); an unassigned code point is kept. Beyond the BMP the table does
//! not reach: styled letters and digits (U+1D400–1D7FF: `𝐣𝐚𝐢𝐥`, `𝕛𝕒𝕚𝕝`,
//! `𝟏`) map as the plain character NFKC makes of them, emoji and
//! pictographs (U+1F000–1FBFF), tags and the variation selectors
//! supplement are noise, and every other character is kept as it is.
//!
//! The scan then works on the stream of kept characters:
//!
//! - a character equal to the previous kept one is folded into it
//!   (`坐坐牢` → `坐牢`, `jaaail` → `jail`), so patterns are folded the same
//!   way when they are compiled;
//! - a digit or `$`/`@` next to a Latin letter is read as the letter it
//!   looks like (`k1ll` → `kill`, `j4il` → `jail`, `a$$` → `as`);
//! - each kept character remembers the byte range of the original
//!   character(s) it came from, so a match maps back to the original text
//!   from the first to the last matched character (surrounding noise is not
//!   included) and always lies on `char` boundaries.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use unicode_normalization::UnicodeNormalization;

/// Marks a noise character in the table (U+FFFF is a noncharacter, itself
/// noise).
const NOISE: char = '\u{FFFF}';
/// ASCII characters that may stand for a letter next to letters (`0`, `1`,
/// `3`, `4`, `5`, `7`, `$`, `@`): resolved off the fast path.
const LOOK: u128 = (1 << b'0')
    | (1 << b'1')
    | (1 << b'3')
    | (1 << b'4')
    | (1 << b'5')
    | (1 << b'7')
    | (1 << b'$')
    | (1 << b'@');
/// "No previous kept character" (never a table value).
const NONE: char = '\u{FFFE}';

/// Feed-table flag: noise, skipped.
pub(crate) const F_NOISE: u32 = 1 << 31;
/// Feed-table flag: a digit, `$` or `@` that may stand for a letter.
pub(crate) const F_LOOK: u32 = 1 << 30;
/// Feed-table flag: the mapped character is an ASCII letter or digit.
pub(crate) const F_LATIN: u32 = 1 << 29;
/// Feed-table flag: the mapped character occurs in some pattern.
pub(crate) const F_ALPHA: u32 = 1 << 28;
/// Feed-table mask of the mapped character.
pub(crate) const F_CHAR: u32 = 0x1F_FFFF;

/// The feed table: for every BMP code point, the mapped character and its
/// flags in one `u32`, so the hot loop makes one load per character.
///
/// In a checker's table, a character of the alphabet (`F_ALPHA`) carries
/// the automaton's code for it instead of itself (see
/// [`Normalizer::feed`]); the flags always describe the mapped character.
pub(crate) type Feed = [u32; 0x1_0000];

/// The feed entry of a mapped character: its automaton code if it is in
/// the alphabet.
fn feed_entry(m: char, code: Option<u32>) -> u32 {
    if m == NOISE {
        return F_NOISE;
    }
    let mut e = code.map_or(m as u32, |c| (c & F_CHAR) | F_ALPHA);
    if is_look(m) {
        e |= F_LOOK;
    }
    if m.is_ascii_alphanumeric() {
        e |= F_LATIN;
    }
    e
}

/// The traditional → simplified table, generated from OpenCC.
const T2S: &str = include_str!("../../../lexicons/t2s.txt");

/// The BMP table, one entry per code point.
type Table = [char; 0x1_0000];

/// A compiled normalisation table. Cheap to clone and share: the table is
/// built once per process and reference-counted.
#[derive(Clone)]
pub struct Normalizer {
    table: Arc<Table>,
    /// The same mapping with flags, every character in the alphabet.
    feed: Arc<Feed>,
}

impl std::fmt::Debug for Normalizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Normalizer").finish_non_exhaustive()
    }
}

impl Default for Normalizer {
    fn default() -> Self {
        Normalizer::new()
    }
}

/// One kept character of the normalised stream, with its place in the
/// original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NormChar {
    /// The normalised character.
    pub ch: char,
    /// Byte offset of the first original character it came from.
    pub start: u32,
    /// Byte offset just past the last original character it came from.
    pub end: u32,
    /// Noise was skipped between the previous kept character and this one.
    pub gap_before: bool,
}

impl NormChar {
    /// An ASCII letter or digit (a character of a Latin word).
    pub fn is_latin(&self) -> bool {
        self.ch.is_ascii_alphanumeric()
    }
}

/// What follows a kept character, up to the next kept one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct After {
    /// Byte offset past its last repeat (past itself if none).
    pub(crate) end: u32,
    /// The next kept character is an ASCII letter or digit with no noise
    /// before it.
    pub(crate) glued: bool,
}

/// Receives the normalised stream (see [`Normalizer::stream`]).
pub(crate) trait Sink {
    /// A new kept character (feed entry `e`: character and flags) from the
    /// original character of `len` bytes at byte `start`; `gap` when noise
    /// was skipped before it. `after` looks ahead to what follows it (its
    /// repeats and the next kept character), for the rare sink that needs
    /// it at once.
    fn keep<A: Fn() -> After>(&mut self, e: u32, start: u32, len: u32, gap: bool, after: A);
    /// The last kept character was repeated: it now ends at `end`.
    fn extend(&mut self, end: u32);
}

fn is_noise(c: char) -> bool {
    let u = c as u32;
    if u >= 0x1_0000 {
        return is_noise_astral(u);
    }
    if c.is_whitespace() || c.is_control() {
        return true;
    }
    if KEPT_SYMBOLS.contains(&u) {
        return false;
    }
    if c.is_ascii() {
        return c.is_ascii_punctuation();
    }
    // Spacing modifier letters (ʹ ʻ ˈ ˌ …: apostrophes and stress marks
    // more than letters) and the specials block (U+FFF0–FFFF).
    if matches!(u, 0x02B0..=0x02FF | 0xFFF0..=0xFFFF) {
        return true;
    }
    use unicode_properties::UnicodeGeneralCategory;
    use unicode_properties::{GeneralCategory as G, GeneralCategoryGroup as Group};
    match c.general_category_group() {
        Group::Mark | Group::Punctuation | Group::Symbol | Group::Separator => true,
        // A number that is no digit once mapped (½, ⑩, ❶).
        Group::Number => c.general_category() == G::OtherNumber,
        // Format characters (zero-width, bidirectional controls) and
        // private use; an unassigned code point is kept.
        Group::Other => c.general_category() != G::Unassigned,
        Group::Letter => false,
    }
}

/// Symbols that are kept, not noise: weapons and death (🔪 🗡 🔫 💣 🩸 🪦
/// ☠ ⚰ ⚱), which in a collection message are a threat by themselves
/// ("再拖就 🔪 见"); the lexicons list them. Every other emoji and symbol is
/// noise.
pub(crate) const KEPT_SYMBOLS: [u32; 9] = [
    0x1F52A, 0x1F5E1, 0x1F52B, 0x1F4A3, 0x1FA78, 0x1FAA6, 0x2620, 0x26B0, 0x26B1,
];

/// Mathematical alphanumeric symbols, U+1D400–1D7FF: styled letters and
/// digits (`𝐣𝐚𝐢𝐥`, `𝒋𝒂𝒊𝒍`, `𝕛𝕒𝕚𝕝`, `𝟏`), which NFKC makes plain ones.
const STYLED: std::ops::Range<u32> = 0x1D400..0x1D800;

/// The BMP character a styled letter or digit is by NFKC (`𝐣` → `j`, `𝚥`
/// → `ȷ`, `𝛂` → `α`), if `u` is one: it then maps as that character does.
#[inline]
pub(crate) fn styled(u: u32) -> Option<u32> {
    static T: OnceLock<Box<[u16]>> = OnceLock::new();
    if !STYLED.contains(&u) {
        return None;
    }
    let t = T.get_or_init(|| {
        STYLED
            .map(|v| {
                let one = char::from_u32(v).and_then(|c| {
                    let mut it = std::iter::once(c).nfkc();
                    match (it.next(), it.next()) {
                        (Some(a), None) => u16::try_from(u32::from(a)).ok(),
                        _ => None,
                    }
                });
                one.unwrap_or(0)
            })
            .collect()
    });
    let m = t.get(usize::try_from(u - STYLED.start).ok()?).copied()?;
    (m != 0).then_some(u32::from(m))
}

/// The feed entry of any character: the table's in the BMP; beyond it, a
/// styled letter's plain letter's, noise, or the character kept as it is
/// (its own code, in every alphabet).
#[inline(always)]
pub(crate) fn feed_of(feed: &Feed, u: u32) -> u32 {
    if u < 0x1_0000 {
        feed[u as usize]
    } else if let Some(m) = styled(u) {
        feed[m as usize]
    } else if is_noise_astral(u) {
        F_NOISE
    } else {
        u | F_ALPHA
    }
}

/// [`is_noise`] beyond the BMP, where no character is whitespace or a
/// control character: emoji and pictographs, tags and the variation
/// selectors supplement, but for the [`KEPT_SYMBOLS`].
#[inline(always)]
fn is_noise_astral(u: u32) -> bool {
    matches!(u, 0x1F000..=0x1FBFF | 0xE0000..=0xE007F | 0xE0100..=0xE01EF)
        && !KEPT_SYMBOLS.contains(&u)
}

/// The letter a digit or symbol stands for next to Latin letters.
fn look_alike(c: char) -> Option<char> {
    Some(match c {
        '0' => 'o',
        '1' => 'i',
        '3' => 'e',
        '4' => 'a',
        '5' => 's',
        '7' => 't',
        '$' => 's',
        '@' => 'a',
        _ => return None,
    })
}

fn is_letter(m: char) -> bool {
    m.is_ascii_alphabetic()
}

#[inline(always)]
fn is_look(m: char) -> bool {
    (m as u32) < 128 && (LOOK >> (m as u32)) & 1 != 0
}

/// How many noise characters the look-alike rule looks across for the next
/// letter (`j.4.i.l`, `j - 4 - i - l`).
const LOOK_AHEAD: usize = 4;

fn build_table() -> Arc<Table> {
    let mut t2s: HashMap<char, char> = HashMap::new();
    for line in T2S.lines() {
        if line.starts_with('#') {
            continue;
        }
        let mut cs = line.chars();
        if let (Some(t), Some(s), None) = (cs.next(), cs.next(), cs.next()) {
            t2s.insert(t, s);
        }
    }
    let table: Vec<char> = (0..0x1_0000u32)
        .map(|u| char::from_u32(u).map_or(NOISE, |c| map_slow(c, &t2s)))
        .collect();
    match Box::<Table>::try_from(table.into_boxed_slice()) {
        Ok(b) => Arc::from(b),
        // The vector has exactly 0x1_0000 entries.
        Err(_) => Arc::new([NOISE; 0x1_0000]),
    }
}

fn feed_table(table: &Table, code: impl Fn(char) -> Option<u32>) -> Box<Feed> {
    let v: Vec<u32> = table.iter().map(|&m| feed_entry(m, code(m))).collect();
    match Box::<Feed>::try_from(v.into_boxed_slice()) {
        Ok(b) => b,
        // The table has exactly 0x1_0000 entries.
        Err(_) => Box::new([F_NOISE; 0x1_0000]),
    }
}

fn map_slow(c: char, t2s: &HashMap<char, char>) -> char {
    let mut m = c;
    if !c.is_ascii() {
        let mut it = std::iter::once(c).nfkc();
        if let (Some(a), None) = (it.next(), it.next()) {
            m = a;
        }
    }
    let mut lower = m.to_lowercase();
    if let (Some(l), None) = (lower.next(), lower.next()) {
        m = l;
    }
    if let Some(&s) = t2s.get(&m) {
        m = s;
    }
    if (m == '$' || m == '@' || !is_noise(m)) && m != NONE {
        m
    } else {
        NOISE
    }
}

impl Normalizer {
    /// The normaliser. The table is built on first use (a few
    /// milliseconds) and shared by every `Normalizer` of the process.
    pub fn new() -> Normalizer {
        static TABLES: OnceLock<(Arc<Table>, Arc<Feed>)> = OnceLock::new();
        let (table, feed) = TABLES.get_or_init(|| {
            let table = build_table();
            let feed = feed_table(&table, |m| Some(m as u32));
            (table, Arc::from(feed))
        });
        Normalizer {
            table: Arc::clone(table),
            feed: Arc::clone(feed),
        }
    }

    /// A checker's feed table: `code` gives, for a mapped character in the
    /// checker's alphabet (the characters of its terms), the code the
    /// automaton knows it by, and `None` for the others (flagged out of the
    /// alphabet, so the scan resets the automaton on them). ASCII must keep
    /// its own code (look-alikes are resolved on it).
    pub(crate) fn feed(&self, code: impl Fn(char) -> Option<u32>) -> Box<Feed> {
        feed_table(&self.table, code)
    }

    /// The table entry of `c`: the mapped character, or `NOISE`.
    #[inline(always)]
    fn entry(&self, c: char) -> char {
        let u = c as u32;
        if u < 0x1_0000 {
            self.table[u as usize]
        } else if let Some(m) = styled(u) {
            self.table[m as usize]
        } else if is_noise(c) {
            NOISE
        } else {
            c
        }
    }

    /// Maps one character: `None` for noise. Look-alikes are not applied
    /// here (they depend on the neighbours).
    #[inline]
    pub fn map(&self, c: char) -> Option<char> {
        let m = self.entry(c);
        if m == NOISE {
            None
        } else {
            Some(m)
        }
    }

    /// Resolves a digit, `$` or `@` followed by the text `after`: the
    /// letter it stands for, the digit itself, or `NOISE` (a `$`/`@` that
    /// is not a letter).
    #[cold]
    #[inline(never)]
    fn resolve_look(&self, after: &str, m: char, prev_letter: bool, gaps: (bool, bool)) -> char {
        let (gap, prev_gap) = gaps;
        let mut rest = after.chars();
        let next = rest.next().map_or(NOISE, |n| self.entry(n));
        let adjacent = (prev_letter && !gap) || is_letter(next);
        // Spelled out between noise (`j.4.i.l`): an isolated letter before,
        // noise, then a letter after further noise. Amounts and phone
        // numbers have a digit on at least one side, so they stay digits.
        let mut spelled = || {
            if !(prev_letter && gap && prev_gap && next == NOISE) {
                return false;
            }
            for n in rest.by_ref().take(LOOK_AHEAD) {
                let e = self.entry(n);
                if e != NOISE {
                    return is_letter(e);
                }
            }
            false
        };
        match look_alike(m) {
            Some(l) if adjacent || spelled() => l,
            _ if m == '$' || m == '@' => NOISE,
            _ => m,
        }
    }

    /// Streams the normalised characters of `text` to `sink`.
    #[inline(always)]
    pub(crate) fn stream<S: Sink>(&self, text: &str, sink: &mut S) {
        self.stream_with(&self.feed, text, sink);
    }

    /// Streams the normalised characters of `text` to `sink`, in order.
    ///
    /// The sink sees each kept character once, after its repeats have been
    /// folded in (so `end` is final when the sink sees it).
    pub fn for_each(&self, text: &str, sink: impl FnMut(NormChar)) {
        struct Pending<F> {
            p: Option<NormChar>,
            f: F,
        }
        impl<F: FnMut(NormChar)> Sink for Pending<F> {
            fn keep<A: Fn() -> After>(&mut self, e: u32, start: u32, len: u32, gap: bool, _: A) {
                let end = start + len;
                let ch = char::from_u32(e & F_CHAR).unwrap_or(char::REPLACEMENT_CHARACTER);
                if let Some(p) = self.p.take() {
                    (self.f)(p);
                }
                self.p = Some(NormChar {
                    ch,
                    start,
                    end,
                    gap_before: gap,
                });
            }
            fn extend(&mut self, end: u32) {
                if let Some(p) = self.p.as_mut() {
                    p.end = end;
                }
            }
        }
        let mut s = Pending { p: None, f: sink };
        self.stream(text, &mut s);
        if let Some(p) = s.p {
            (s.f)(p);
        }
    }

    /// The normalised form of `text` as a string (for patterns, tests and
    /// display).
    pub fn normalize(&self, text: &str) -> String {
        let mut s = String::with_capacity(text.len());
        self.for_each(text, |n| s.push(n.ch));
        s
    }

    /// Writes the normalised form of `text` into `out` (cleared first) and
    /// returns its length in characters and whether it starts and ends with
    /// a Latin letter or digit.
    pub(crate) fn normalize_into(&self, text: &str, out: &mut String) -> (usize, bool, bool) {
        struct Into<'a> {
            out: &'a mut String,
            n: usize,
            first: Option<char>,
            last: Option<char>,
        }
        impl Sink for Into<'_> {
            fn keep<A: Fn() -> After>(&mut self, e: u32, _: u32, _: u32, _: bool, _: A) {
                let ch = char::from_u32(e & F_CHAR).unwrap_or(char::REPLACEMENT_CHARACTER);
                self.out.push(ch);
                self.n += 1;
                self.first.get_or_insert(ch);
                self.last = Some(ch);
            }
            fn extend(&mut self, _: u32) {}
        }
        out.clear();
        let mut s = Into {
            out,
            n: 0,
            first: None,
            last: None,
        };
        self.stream(text, &mut s);
        let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        (s.n, latin(s.first), latin(s.last))
    }
}

mod stream;

#[cfg(test)]
mod reference;
#[cfg(test)]
mod tests;
