//! The hot loop of the normaliser: the stream of kept characters that
//! patterns and haystacks share (see [`Normalizer::stream_with`]).

use super::{
    feed_of, After, Feed, Normalizer, Sink, F_ALPHA, F_CHAR, F_LATIN, F_LOOK, F_NOISE, NOISE, NONE,
};

/// Where [`Normalizer::stream_with`] is in the text.
struct Cursor {
    /// Byte offset of the next character.
    i: usize,
    /// Noise was skipped since the last kept (or repeated) character.
    gap: bool,
    /// The last kept character (`e & (F_CHAR | F_ALPHA)`), `u32::MAX` at
    /// first.
    prev: u32,
    /// Noise was skipped before the last kept character, or it was the
    /// first.
    prev_gap: bool,
}

impl Normalizer {
    /// Streams the normalised characters of `text` to `sink` with the flags
    /// of `feed`: the hot loop shared by patterns and haystacks, so both are
    /// normalised alike.
    ///
    /// The loop walks the bytes itself: an ASCII byte indexes the table
    /// directly, and a multi-byte character is decoded straight into its
    /// table index (the text is valid UTF-8, so no validation is needed).
    /// Noise and look-alike candidates share one test and leave the common
    /// path. The first kept character is taken apart from the others, so
    /// the loop need not ask, at every character, whether one came before.
    /// The general `char`-by-`char` form it replaced is kept as the
    /// reference of a property test (`normalize/reference.rs`).
    #[inline(always)]
    pub(crate) fn stream_with<S: Sink>(&self, feed: &Feed, text: &str, sink: &mut S) {
        let mut at = Cursor {
            i: 0,
            gap: false,
            prev: u32::MAX,
            prev_gap: true,
        };
        let Some((e, start, len)) = self.next_kept(feed, text, &mut at, sink) else {
            return;
        };
        let (i, m) = (at.i, e & (F_CHAR | F_ALPHA));
        let end = (start + len) as u32;
        let after = || self.after(feed, text, i, m, true, end);
        sink.keep(e, start as u32, len as u32, at.gap, after);
        at.prev = m;
        at.gap = false;
        while let Some((e, start, len)) = self.next_kept(feed, text, &mut at, sink) {
            let (i, m, gap) = (at.i, e & (F_CHAR | F_ALPHA), at.gap);
            let end = (start + len) as u32;
            let after = || self.after(feed, text, i, m, gap, end);
            sink.keep(e, start as u32, len as u32, gap, after);
            at.prev_gap = gap;
            at.prev = m;
            at.gap = false;
        }
    }

    /// What follows the kept character `m` that ends at byte `end` = `i`
    /// (`prev_gap`: noise before it, or it was the first): the same walk as
    /// [`Self::stream_with`] from there, to the next kept character.
    #[cold]
    #[inline(never)]
    fn after(&self, feed: &Feed, text: &str, i: usize, m: u32, prev_gap: bool, end: u32) -> After {
        /// Keeps the end of the last repeat.
        struct Ends(u32);
        impl Sink for Ends {
            fn keep<A: Fn() -> After>(&mut self, _: u32, _: u32, _: u32, _: bool, _: A) {}
            fn extend(&mut self, end: u32) {
                self.0 = end;
            }
        }
        let mut at = Cursor {
            i,
            gap: false,
            prev: m,
            prev_gap,
        };
        let mut ends = Ends(end);
        let glued = self
            .next_kept(feed, text, &mut at, &mut ends)
            .is_some_and(|(e, _, _)| e & F_LATIN != 0 && !at.gap);
        After { end: ends.0, glued }
    }

    /// Moves past noise and repeats of the previous kept character (given
    /// to the sink as extensions) to the next character to keep: its feed
    /// entry (look-alikes resolved), byte offset and length in bytes.
    #[inline(always)]
    fn next_kept<S: Sink>(
        &self,
        feed: &Feed,
        text: &str,
        at: &mut Cursor,
        sink: &mut S,
    ) -> Option<(u32, usize, usize)> {
        let bytes = text.as_bytes();
        // The end of the last character kept or folded: where the cursor
        // starts, then past each repeat.
        let mut end = at.i;
        while let Some(&b0) = bytes.get(at.i) {
            let i = at.i;
            let (mut e, len) = if b0 < 0x80 {
                (feed[usize::from(b0)], 1)
            } else {
                Self::feed_multi(feed, bytes, i, b0)
            };
            let next = i + len;
            at.i = next;
            if e & (F_NOISE | F_LOOK) != 0 {
                if e & F_NOISE != 0 {
                    at.gap = true;
                    continue;
                }
                // The previous kept character is a letter iff its code is
                // one: ASCII keeps its own code, the other codes are not
                // below 0x80. (Opaque to the compiler, which would otherwise
                // compute this after every kept character.)
                let prev_letter = latin_letter(std::hint::black_box(at.prev));
                let d = char::from_u32(e & F_CHAR).unwrap_or(NONE);
                // Most digits are in amounts and numbers: no letter before,
                // and an ASCII character that is no letter (or the end)
                // after. Then the character is not a look-alike, whatever
                // comes later (as `resolve_look` would find).
                let plain = !prev_letter
                    && bytes
                        .get(next)
                        .map_or(true, |b| b.is_ascii() && !b.is_ascii_alphabetic());
                if plain {
                    if d == '$' || d == '@' {
                        at.gap = true;
                        continue;
                    }
                    e &= !F_LOOK;
                } else {
                    // `next` is a char boundary (past a whole character).
                    let after = text.get(next..).unwrap_or_default();
                    let m = self.resolve_look(after, d, prev_letter, (at.gap, at.prev_gap));
                    if m == NOISE {
                        at.gap = true;
                        continue;
                    }
                    // A letter or digit: ASCII, the same in every feed table.
                    e = feed.get(m as usize).copied().unwrap_or(F_NOISE) & !F_LOOK;
                }
            }
            // A repeat of the previous kept character folds into it. Codes
            // and characters out of the alphabet may share a value: the
            // flag keeps them apart. A Latin letter after white space and
            // the same letter, with a letter glued after it, starts a new
            // word ("jail later", "kill you\nunless"): see `new_word`.
            if e & (F_CHAR | F_ALPHA) != at.prev || new_word(feed, text, end, i, next, at.prev) {
                return Some((e, i, len));
            }
            end = next;
            sink.extend(next as u32);
            at.gap = false;
        }
        None
    }

    /// The feed entry and length of the multi-byte character whose lead
    /// byte `b0` is at `i` (continuation bytes past the end read as zero,
    /// which valid UTF-8 never needs).
    #[inline(always)]
    fn feed_multi(feed: &Feed, bytes: &[u8], i: usize, b0: u8) -> (u32, usize) {
        let b0 = u32::from(b0);
        let low = |b: u8| u32::from(b & 0x3F);
        if b0 & 0xF0 == 0xE0 {
            let u = match bytes.get(i + 1..i + 3) {
                Some(&[b1, b2]) => ((b0 & 0x0F) << 12) | (low(b1) << 6) | low(b2),
                _ => 0,
            };
            (feed[u as usize], 3)
        } else if b0 < 0xE0 {
            let u = ((b0 & 0x1F) << 6) | bytes.get(i + 1).map_or(0, |&b| low(b));
            (feed[u as usize], 2)
        } else {
            let u = match bytes.get(i + 1..i + 4) {
                Some(&[b1, b2, b3]) => {
                    ((b0 & 0x07) << 18) | (low(b1) << 12) | (low(b2) << 6) | low(b3)
                }
                _ => 0,
            };
            (feed_of(feed, u), 4)
        }
    }
}

/// Whether a kept character (`e & (F_CHAR | F_ALPHA)`) is an ASCII letter:
/// ASCII keeps its own code, the other codes are not below 0x80.
#[inline(always)]
pub(super) fn latin_letter(m: u32) -> bool {
    m & F_CHAR < 0x80 && (m as u8).is_ascii_alphabetic()
}

/// Whether the repeat of the kept character `prev` at bytes `i..next`
/// starts a new Latin word: `prev` is an ASCII letter, the text from the
/// end of the last character kept or folded (`end`) to the repeat is white
/// space only (spaces, tabs, line breaks, U+3000 …, one or more), and a
/// Latin letter or digit (or a look-alike), full-width or not, is glued
/// after it ("jail later", "kill you\nunless", "ＹＯＵ ＵＮＬＥＳＳ"; the
/// repeat itself may be full-width too). A letter split off by a hyphen,
/// another symbol or a zero-width character is still a repeat
/// ("ar-rested", "ar-\nrested", "ar\u{200B}rested"), and so is a lone
/// letter between spaces ("j a a i l").
#[inline(always)]
pub(super) fn new_word(
    feed: &Feed,
    text: &str,
    end: usize,
    i: usize,
    next: usize,
    prev: u32,
) -> bool {
    // The common repeat ("ll" in "will") has nothing between.
    end < i && latin_letter(prev) && new_word_after_space(feed, text, end, i, next)
}

/// [`new_word`] past its quick refusals.
#[cold]
#[inline(never)]
fn new_word_after_space(feed: &Feed, text: &str, end: usize, i: usize, next: usize) -> bool {
    let glued = text
        .get(next..)
        .and_then(|t| t.chars().next())
        .is_some_and(|c| {
            let f = feed_of(feed, c as u32);
            f & F_NOISE == 0 && f & (F_LATIN | F_LOOK) != 0
        });
    glued
        && text
            .get(end..i)
            .is_some_and(|gap| gap.chars().all(char::is_whitespace))
}
