//! Cases kept out of the stages: where the docs are silent (the model's
//! reading could be either); and the repros of the library bugs found,
//! fixed.

use super::norm;

/// The ranges stage 1 compares: blocks whose classes the model's `std`
/// reading gets right (Latin, Greek, Cyrillic, general and supplemental
/// punctuation, combining marks, arrows and maths, enclosed numbers, box
/// drawing, symbols and dingbats, CJK, kana, Hangul, variation selectors,
/// full-width forms, emoji).
pub const TABLE_RANGES: [(u32, u32); 15] = [
    (0, 0x24F),
    (0x300, 0x36F),
    (0x370, 0x4FF),
    (0x2000, 0x206F),
    (0x20D0, 0x20FF),
    (0x2190, 0x22FF),
    (0x2460, 0x24FF),
    (0x2500, 0x27BF),
    (0x2E00, 0x2E7F),
    (0x3000, 0x30FF),
    (0x4E00, 0x9FFF),
    (0xAC00, 0xD7A3),
    (0xFE00, 0xFE0F),
    (0xFF00, 0xFFEF),
    (0x1F300, 0x1FAFF),
];

/// Doc gaps of the table: unassigned code points (the docs' noise list
/// does not name them; the library keeps them), numbers that NFKC does not
/// turn into one character (`¼`, `⑩`, `❶`: not named as noise, the
/// library skips them) and U+0374 (NFKC gives a modifier letter, which the
/// library skips).
pub fn table_gap(c: char) -> bool {
    matches!(c as u32,
        0x378..=0x379 | 0x380..=0x383 | 0x38B | 0x38D | 0x3A2 | 0x20F1..=0x20FF
        | 0x2065 | 0xFF00 | 0xFFE7 | 0xFFEF
        | 0x2E5E..=0x2E7F | 0x3040 | 0x3097..=0x3098 | 0xFFBF..=0xFFC1 | 0xFFC8..=0xFFC9
        | 0xFFD0..=0xFFD1 | 0xFFD8..=0xFFD9 | 0xFFDD..=0xFFDF
        | 0xBC..=0xBE | 0x2469..=0x249B | 0x24EB..=0x24FF | 0x2776..=0x2793 | 0x374)
}

/// Doc gap: a look-alike digit or `$`/`@` with no letter glued to it but a
/// Latin letter across noise ("digits spelled out between noise such as
/// `j.4.i.l`" against "amounts ... stay digits": the library reads
/// `j.4.i.l` but not `h 1😀t`, `pr😀0、ce` or `ａＲｇ-３ _Ｏｆ`).
pub fn lookalike_across(text: &str) -> bool {
    let cs: Vec<char> = text.chars().collect();
    let mapped: Vec<Option<char>> = cs.iter().map(|&c| norm::map(c)).collect();
    let cand = |i: usize| mapped[i].is_some_and(|m| norm::look_letter(m).is_some());
    let letterish = |i: usize| {
        mapped[i].is_some_and(|m| m.is_ascii_alphabetic() || m.is_ascii_digit()) && {
            let m = mapped[i].unwrap_or(' ');
            m.is_ascii_alphabetic() || cand(i)
        }
    };
    (0..cs.len()).any(|i| {
        if !cand(i) {
            return false;
        }
        let glued = (i > 0 && letterish(i - 1)) || (i + 1 < cs.len() && letterish(i + 1));
        if glued {
            return false;
        }
        let near = |range: &mut dyn Iterator<Item = usize>| {
            for (n, j) in range.enumerate() {
                if n > 5 {
                    return false;
                }
                if mapped[j].is_some() {
                    return mapped[j].is_some_and(|m| m.is_ascii_alphabetic());
                }
            }
            false
        };
        near(&mut (0..i).rev()) || near(&mut (i + 1..cs.len()))
    })
}

/// Texts whose stream the docs leave open (stages 2 to 5 skip them).
pub fn stream_gap(text: &str) -> bool {
    lookalike_across(text)
}

/// Spans whose normalised text may differ from the term (stage 6): a
/// look-alike digit or symbol at either end reads as a letter only with
/// the text around it.
pub fn span_gap(text: &str, start: usize, end: usize) -> bool {
    let span = &text[start..end];
    let edge = |c: Option<char>| {
        c.and_then(norm::map)
            .is_some_and(|m| norm::look_letter(m).is_some())
    };
    edge(span.chars().next()) || edge(span.chars().next_back())
}

/// The repros of the library bugs, fixed: (text, the term the docs say
/// is found there).
pub const REPROS: [(&str, &str); 10] = [
    // Bug 1: noise the docs name (combining marks, punctuation, symbols)
    // kept as a character.
    ("坐\u{20DD}牢", "坐牢"),
    ("坐\u{2E3A}牢", "坐牢"),
    ("坐\u{302A}牢", "坐牢"),
    ("坐゠牢", "坐牢"),
    ("go to j\u{483}ail", "go to jail"),
    // Bug 2: a word after a line break, tab, two spaces, U+3000 or with a
    // full-width letter glued after folded into the previous word.
    ("we will kill you\nunless you pay", "kill you"),
    ("we will kill you\tunless you pay", "kill you"),
    ("we will kill you  unless you pay", "kill you"),
    (
        "ＷＥ ＷＩＬＬ ＫＩＬＬ ＹＯＵ ＵＮＬＥＳＳ ＹＯＵ ＰＡＹ",
        "kill you",
    ),
    ("go to jail\nlater", "go to jail"),
];
