//! The model's normaliser, written from the docs of `Normalizer` / `NormChar`
//! (module doc of `compliance::language::normalize`), the crate doc of
//! `compliance::language` and CHANGELOG.md (word boundaries, repeats,
//! look-alikes). Plain per-character code, no table shared with the library
//! but the data file `lexicons/t2s.txt`.

#![allow(clippy::needless_range_loop, clippy::explicit_counter_loop)]

use std::collections::HashMap;
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

/// The weapon and death symbols the docs list as kept (not noise).
pub const KEPT: [char; 9] = ['🔪', '🗡', '🔫', '💣', '🩸', '🪦', '☠', '⚰', '⚱'];

/// Look-alikes of Latin letters (docs: `k1ll` → kill, `j4il` → jail,
/// `a$$` → as, `4rrest`, `j.4.i.l`): 0 o, 1 i, 3 e, 4 a, 5 s, 7 t, $ s, @ a.
pub fn look_letter(c: char) -> Option<char> {
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

/// The traditional → simplified pairs of `lexicons/t2s.txt` (later lines
/// replace earlier ones, as the file's header says).
pub fn t2s() -> &'static HashMap<char, char> {
    static T: OnceLock<HashMap<char, char>> = OnceLock::new();
    T.get_or_init(|| {
        let text = include_str!("../../lexicons/t2s.txt");
        let mut m = HashMap::new();
        for line in text.lines() {
            if line.starts_with('#') {
                continue;
            }
            let cs: Vec<char> = line.chars().collect();
            if cs.len() == 2 {
                m.insert(cs[0], cs[1]);
            }
        }
        m
    })
}

/// Simplified → the traditional forms that map to it (for the generator).
pub fn s2t() -> &'static HashMap<char, Vec<char>> {
    static T: OnceLock<HashMap<char, Vec<char>>> = OnceLock::new();
    T.get_or_init(|| {
        let mut m: HashMap<char, Vec<char>> = HashMap::new();
        let mut pairs: Vec<_> = t2s().iter().map(|(&t, &s)| (t, s)).collect();
        pairs.sort();
        for (t, s) in pairs {
            m.entry(s).or_default().push(t);
        }
        m
    })
}

/// Zero-width characters and variation selectors (noise by the docs).
fn zero_width_or_vs(c: char) -> bool {
    matches!(c as u32,
        0x200B..=0x200F | 0x2060..=0x2064 | 0xFEFF | 0xFE00..=0xFE0F | 0xE0100..=0xE01EF
        | 0x180B..=0x180F)
}

/// Combining marks (the combining blocks; noise by the docs).
fn combining(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F
        | 0x3099..=0x309A)
}

/// The mapping of one character: NFKC when it gives one character,
/// lower-casing when one-to-one, then traditional → simplified; `None` for
/// noise (white space, punctuation, symbols, zero-width, variation
/// selectors, combining marks, emoji: read here as "not a letter or number"
/// plus the listed ranges), but for the kept symbols. `$` and `@` map to
/// themselves (look-alikes are resolved in the stream, where a `$`/`@` that
/// is no letter is noise).
pub fn map(c: char) -> Option<char> {
    if KEPT.contains(&c) || c == '$' || c == '@' {
        return Some(c);
    }
    if c as u32 > 0xFFFF {
        // The table covers the BMP; beyond it only emoji, tags and
        // variation selectors are noise, and nothing is mapped.
        let noise = matches!(c as u32, 0x1F000..=0x1FAFF | 0xE0000..=0xE007F | 0xE0100..=0xE01EF);
        return if noise { None } else { Some(c) };
    }
    let mut m = c;
    let n: Vec<char> = c.to_string().nfkc().collect();
    if n.len() == 1 {
        m = n[0];
    }
    let l: Vec<char> = m.to_lowercase().collect();
    if l.len() == 1 {
        m = l[0];
    }
    if let Some(&s) = t2s().get(&m) {
        m = s;
    }
    if KEPT.contains(&m) || m == '$' || m == '@' {
        return Some(m);
    }
    if zero_width_or_vs(c) || combining(c) || zero_width_or_vs(m) || combining(m) {
        return None;
    }
    if m.is_whitespace() || m.is_control() || !m.is_alphanumeric() {
        return None;
    }
    Some(m)
}

/// Whether `c` is an ASCII letter or digit (`NormChar::is_latin`).
pub fn latin(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// A Han character (CJK Unified Ideographs, Extension A, compatibility
/// ideographs), as the docs of the Chinese checks define it.
pub fn han(c: char) -> bool {
    matches!(c as u32, 0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0xF900..=0xFAFF)
}

/// One kept character of the model's stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kept {
    pub ch: char,
    pub start: usize,
    pub end: usize,
    pub gap_before: bool,
    /// Original characters folded into it (1 when not repeated).
    pub count: u32,
    /// Two equal original characters were folded into it (the text doubles
    /// it: `天天`, `問問`; `问問` folds but doubles nothing as written).
    pub doubled: bool,
}

/// How many noise characters the look-alike rule looks across.
const LOOK_ACROSS: usize = 4;

/// The model's normalised stream of `text`.
pub fn stream(text: &str) -> Vec<Kept> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mapped: Vec<Option<char>> = chars.iter().map(|&(_, c)| map(c)).collect();
    // A `$`/`@` is a symbol (noise) unless it stands for a letter.
    let cand = |i: usize| -> bool {
        let c = chars[i].1;
        let m = mapped[i].unwrap_or(c);
        look_letter(m).is_some() && (m.is_ascii_digit() || m == '$' || m == '@')
    };
    // The next kept-or-candidate character after i, and how many noise
    // characters lie between.
    let next_real = |i: usize| -> Option<(usize, usize)> {
        let mut noise = 0;
        for j in i + 1..chars.len() {
            if mapped[j].is_some() || cand(j) {
                return Some((j, noise));
            }
            noise += 1;
        }
        None
    };
    let is_letterish = |j: usize| -> bool { mapped[j].is_some_and(|m| m.is_ascii_alphabetic()) };
    let mut out: Vec<Kept> = Vec::new();
    let mut noise_run: Vec<char> = Vec::new();
    let mut last_orig: Option<char> = None; // the original of the last kept character
    let mut prev_letter_glued = false; // last kept is a Latin letter with no noise since
    let mut prev_letter_across: Option<usize> = None; // noise count since a kept Latin letter
    for i in 0..chars.len() {
        let (off, c) = chars[i];
        let len = c.len_utf8();
        let mut ch = mapped[i];
        if cand(i) {
            let m = mapped[i].unwrap_or(c);
            let glued_next = i + 1 < chars.len() && (is_letterish(i + 1));
            let next = next_real(i);
            let next_letter_across = next.is_some_and(|(j, n)| n <= LOOK_ACROSS && is_letterish(j));
            let prev_across = prev_letter_across.is_some_and(|n| n <= LOOK_ACROSS);
            let letter = prev_letter_glued
                || glued_next
                || (prev_across && next_letter_across && !noise_run.is_empty());
            if letter {
                ch = look_letter(m);
            } else if !m.is_ascii_digit() {
                ch = None;
            }
        }
        let Some(ch) = ch else {
            noise_run.push(c);
            if let Some(n) = prev_letter_across.as_mut() {
                *n += 1;
            }
            prev_letter_glued = false;
            continue;
        };
        let gap = !noise_run.is_empty();
        let mut fold = out.last().is_some_and(|k| k.ch == ch);
        if fold && gap && ch.is_ascii_alphabetic() {
            // A letter after white space with a letter glued after it
            // starts a new word ("kill you unless"); after other noise it
            // folds ("ar-rested", "ar-\nrested"). A look-alike glued after
            // the letter reads as a letter ("god d@mn").
            let glued_after =
                i + 1 < chars.len() && (mapped[i + 1].is_some_and(latin) || cand(i + 1));
            let space = noise_run.iter().all(|c| c.is_whitespace());
            if glued_after && space {
                fold = false;
            }
        }
        if fold {
            let k = out.last_mut().expect("fold");
            k.end = off + len;
            k.count += 1;
            k.doubled |= last_orig == Some(c);
        } else {
            out.push(Kept {
                ch,
                start: off,
                end: off + len,
                gap_before: gap,
                count: 1,
                doubled: false,
            });
        }
        noise_run.clear();
        last_orig = Some(c);
        prev_letter_glued = ch.is_ascii_alphabetic();
        prev_letter_across = if ch.is_ascii_alphabetic() {
            Some(0)
        } else {
            None
        };
    }
    out
}

/// The normalised string of `text` (the model's).
pub fn normalize(text: &str) -> String {
    stream(text).iter().map(|k| k.ch).collect()
}
