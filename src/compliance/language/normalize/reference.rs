//! The general `char`-by-`char` normalising loop that the byte loop of
//! [`Normalizer::stream_with`] replaced, kept as its reference: a property
//! test feeds both the same random text (evasive noise, full-width,
//! traditional, look-alikes, repeats, every UTF-8 length) and requires the
//! same stream of kept characters, offsets, gaps and repeats, through the
//! shared table and through a checker's table of automaton codes; and each
//! kept character's look-ahead ([`After`]) must agree with what the
//! reference stream shows next.

use proptest::prelude::*;

use super::*;
use crate::compliance::language::{LanguagePolicy, TextChecker};

/// The previous hot loop, unchanged but for the sink's `len` argument (and
/// no look-ahead: the log derives it afterwards).
fn stream_reference<S: Sink>(norm: &Normalizer, feed: &Feed, text: &str, sink: &mut S) {
    // Beyond the BMP, a styled letter maps as its plain letter (NFKC), an
    // emoji is noise.
    let feed_of = |c: char| {
        let u = c as u32;
        if u < 0x1_0000 {
            feed[u as usize]
        } else if (0x1D400..0x1D800).contains(&u) {
            let mut it = std::iter::once(c).nfkc();
            match (it.next(), it.next()) {
                (Some(a), None) if (a as u32) < 0x1_0000 => feed[a as usize],
                _ => u | F_ALPHA,
            }
        } else if is_noise_astral(u) {
            F_NOISE
        } else {
            u | F_ALPHA
        }
    };
    let mut prev = u32::MAX;
    let mut prev_gap = true;
    let mut gap = false;
    // The end of the last character kept or folded.
    let mut prev_end = 0;
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        let mut e = feed_of(c);
        if e & F_NOISE != 0 {
            gap = true;
            continue;
        }
        if e & F_LOOK != 0 {
            let p = prev;
            let prev_letter = p & F_CHAR < 0x80 && (p as u8).is_ascii_alphabetic();
            let d = char::from_u32(e & F_CHAR).unwrap_or(NONE);
            let after = chars.as_str();
            let plain = !prev_letter
                && after
                    .as_bytes()
                    .first()
                    .map_or(true, |b| b.is_ascii() && !b.is_ascii_alphabetic());
            if plain {
                if d == '$' || d == '@' {
                    gap = true;
                    continue;
                }
                e &= !F_LOOK;
            } else {
                let m = norm.resolve_look(after, d, prev_letter, (gap, prev_gap));
                if m == NOISE {
                    gap = true;
                    continue;
                }
                e = feed.get(m as usize).copied().unwrap_or(F_NOISE) & !F_LOOK;
            }
        }
        let m = e & (F_CHAR | F_ALPHA);
        let latin_prev = prev & F_CHAR < 0x80 && (prev as u8).is_ascii_alphabetic();
        // A new word: white space only since the last character kept or
        // folded (a Latin letter), and a Latin letter or digit (or
        // look-alike) glued after.
        let latin = |c: Option<char>| {
            c.is_some_and(|c| {
                let f = feed_of(c);
                f & F_NOISE == 0 && f & (F_LATIN | F_LOOK) != 0
            })
        };
        let spaces = text.get(prev_end..i).unwrap_or_default();
        let white = !spaces.is_empty() && spaces.chars().all(char::is_whitespace);
        let new_word = white && latin_prev && latin(chars.as_str().chars().next());
        if m == prev && !new_word {
            sink.extend((i + c.len_utf8()) as u32);
            prev_end = i + c.len_utf8();
            gap = false;
            continue;
        }
        let none = || After {
            end: u32::MAX,
            glued: false,
        };
        sink.keep(e, i as u32, c.len_utf8() as u32, gap, none);
        prev_end = i + c.len_utf8();
        prev_gap = gap || prev == u32::MAX;
        prev = m;
        gap = false;
    }
}

/// One call a sink receives: a kept character (feed entry, start, length,
/// gap, look-ahead) or a repeat (`Extend(end)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Call {
    Keep(u32, u32, u32, bool, After),
    Extend(u32),
}

/// Every call a sink receives; the look-ahead is asked at every kept
/// character.
#[derive(Debug, Default, PartialEq, Eq)]
struct Log(Vec<Call>);

impl Sink for Log {
    fn keep<A: Fn() -> After>(&mut self, e: u32, start: u32, len: u32, gap: bool, after: A) {
        self.0.push(Call::Keep(e, start, len, gap, after()));
    }
    fn extend(&mut self, end: u32) {
        self.0.push(Call::Extend(end));
    }
}

/// The reference log with each look-ahead filled in from the calls that
/// follow it: the end of the last repeat, and whether the next kept
/// character is Latin with no gap.
fn with_after(mut log: Log) -> Log {
    let mut next: Option<(u32, bool)> = None;
    let mut end: Option<u32> = None;
    for call in log.0.iter_mut().rev() {
        match call {
            Call::Extend(e) => {
                end.get_or_insert(*e);
            }
            Call::Keep(e, start, len, gap, after) => {
                *after = After {
                    end: end.take().unwrap_or(*start + *len),
                    glued: next.is_some_and(|(e, gap)| e & F_LATIN != 0 && !gap),
                };
                next = Some((*e, *gap));
            }
        }
    }
    log
}

fn both(norm: &Normalizer, feed: &Feed, text: &str) -> (Log, Log) {
    let (mut fast, mut reference) = (Log::default(), Log::default());
    norm.stream_with(feed, text, &mut fast);
    stream_reference(norm, feed, text, &mut reference);
    (fast, with_after(reference))
}

/// Pieces that exercise every branch: ASCII letters and look-alikes,
/// noise, full-width and traditional forms, repeats, two-, three- and
/// four-byte characters (emoji noise and kept astral characters).
const PIECES: &[&str] = &[
    "a",
    "j",
    "l",
    "s",
    "A",
    "Z",
    "0",
    "1",
    "3",
    "4",
    "5",
    "7",
    "9",
    "$",
    "@",
    " ",
    ".",
    "-",
    "*",
    "_",
    "·",
    "～",
    "，",
    "。",
    "ａ",
    "Ｊ",
    "１",
    "４",
    "＄",
    "＠",
    "坐",
    "牢",
    "坐坐",
    "還",
    "錢",
    "賴",
    "老",
    "é",
    "ß",
    "Ω",
    "д",
    "\u{301}",
    "\u{200b}",
    "\u{feff}",
    "\u{fe0f}",
    "😀",
    "🤬",
    "𠀀",
    "𝐣",
    "𝕒",
    "𝟏",
    "\u{1D455}",
    "\u{e0041}",
    "\u{ffff}",
    "\u{fffe}",
    "\t",
    "\n",
    "\r\n",
    "  ",
    "\u{a0}",
    "\u{3000}",
    "ｌ",
    "ll",
    "j.4.i.l",
    "k1ll",
    "a$$",
    "1234.56元",
    "ＳＵＥ ＹＯＵ",
    "\u{7f}",
    "\u{80}",
    "\u{7ff}",
    "\u{800}",
];

fn evasive() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..48).prop_map(|v| v.concat())
}

fn checker_feed() -> &'static TextChecker {
    static C: std::sync::OnceLock<TextChecker> = std::sync::OnceLock::new();
    C.get_or_init(|| match TextChecker::new(&LanguagePolicy::default()) {
        Ok(c) => c,
        Err(e) => panic!("built-in policy: {e}"),
    })
}

#[test]
fn byte_loop_matches_reference_on_the_corpus_pieces() {
    let norm = Normalizer::new();
    let c = checker_feed();
    for p in PIECES {
        for text in [p.to_string(), format!("x{p}y"), format!("{p}{p}a{p}")] {
            let (a, b) = both(&norm, &norm.feed, &text);
            assert_eq!(a, b, "{text:?}");
            let (a, b) = both(&norm, &c.feed, &text);
            assert_eq!(a, b, "{text:?} (checker codes)");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

    #[test]
    fn byte_loop_matches_reference_on_evasive_text(text in evasive()) {
        let norm = Normalizer::new();
        let (a, b) = both(&norm, &norm.feed, &text);
        prop_assert_eq!(a, b);
        let (a, b) = both(&norm, &checker_feed().feed, &text);
        prop_assert_eq!(a, b);
    }

    #[test]
    fn byte_loop_matches_reference_on_any_text(text in any::<String>()) {
        let norm = Normalizer::new();
        let (a, b) = both(&norm, &norm.feed, &text);
        prop_assert_eq!(a, b);
        let (a, b) = both(&norm, &checker_feed().feed, &text);
        prop_assert_eq!(a, b);
    }
}
