//! Seeded texts: lexicon phrases (sometimes traditional, full-width,
//! upper-case, with noise inside, doubled characters, split or embedded in
//! longer words) among benign filler in the three scripts, emoji, combining
//! marks and other Unicode.

use super::norm;
use crate::rng::Rng;

/// Benign filler (no digits next to Latin letters: the look-alike rule is
/// drawn only where the docs are clear).
const FILLER: &[&str] = &[
    "您好",
    "请于本月底前还款",
    "谢谢",
    "客服电话",
    "我们",
    "今天",
    "明天",
    "账单",
    "如有疑问请联系",
    "您好，請於月底前還款",
    "謝謝您的配合",
    "帳單已寄出",
    "hello",
    "please pay",
    "your account",
    "thank you",
    "today",
    "we will",
    "you",
    "call us",
    "the balance",
    "and",
    "kindly",
    "Dear customer",
    "Regards",
    "payment plan",
    "金额1,200元",
    "¥500",
    "2026-03-01",
    "Привет",
    "こんにちは",
    "안녕하세요",
    "café",
    "Ωmega",
];

/// Noise that may be put inside a phrase.
const NOISE: &[&str] = &[
    " ", "-", ".", "*", "_", "\u{200b}", "😀", "，", "/", "\n", "~", "·", "  ", "\u{3000}", "!",
    "🙏", "\u{301}", "、", "'",
];

/// Separators between segments.
const SEP: &[&str] = &[
    "", " ", "，", ". ", "\n", "、", "!", " 😀 ", "。", "; ", ": ", "\t",
];

/// Other characters drawn alone (letters of other scripts, symbols, marks).
const OTHER: &[char] = &[
    'é', 'ñ', 'ß', 'Ж', 'я', 'λ', 'あ', 'カ', '한', '→', '─', '∑', '©', '°', '½', '€', '£', '…',
    '「', '」', '《', '》', '\u{308}', '\u{20e3}', '\u{fe0f}', '\u{200d}', '🎉', '✨', '⭐', '❤',
    '🔪', '☠', '💣', 'ａ', 'Ｚ', '（', '）',
];

/// How a phrase is disguised.
#[derive(Debug, Clone, Copy, Default)]
pub struct Disguise {
    /// Letters may stand as look-alike digits (`k1ll`), glued inside words.
    pub look: bool,
}

/// `term` disguised.
pub fn disguise(rng: &mut Rng, term: &str, d: Disguise) -> String {
    let chars: Vec<char> = term.chars().collect();
    let trad = rng.chance(30);
    let full = rng.chance(20);
    let upper = rng.range(0, 3); // 0 none, 1 all, 2 some
    let noisy = rng.chance(35);
    let double = rng.chance(15);
    let mut out = String::new();
    for (i, &c0) in chars.iter().enumerate() {
        let mut c = c0;
        if trad {
            if let Some(ts) = norm::s2t().get(&c) {
                if rng.chance(60) {
                    c = *rng.pick(ts);
                }
            }
        }
        if d.look && c.is_ascii_lowercase() && rng.chance(25) {
            let prev = i > 0 && chars[i - 1].is_ascii_alphabetic();
            let next = i + 1 < chars.len() && chars[i + 1].is_ascii_alphabetic();
            if prev || next {
                let l = match c {
                    'o' => Some('0'),
                    'i' => Some('1'),
                    'e' => Some('3'),
                    'a' => Some(*rng.pick(&['4', '@'])),
                    's' => Some(*rng.pick(&['5', '$'])),
                    't' => Some('7'),
                    _ => None,
                };
                if let Some(l) = l {
                    c = l;
                }
            }
        }
        if upper == 1 || (upper == 2 && rng.chance(40)) {
            c = c.to_ascii_uppercase();
        }
        if full && ('!'..='~').contains(&c) {
            c = char::from_u32(c as u32 + 0xFEE0).unwrap_or(c);
        }
        out.push(c);
        if double && rng.chance(20) {
            out.push(c);
        }
        if noisy && i + 1 < chars.len() && rng.chance(40) {
            out.push_str(rng.pick::<&str>(NOISE));
        }
    }
    out
}

/// A text mixing disguised `phrases` (drawn from `terms`) with filler.
pub fn text(rng: &mut Rng, terms: &[String], d: Disguise) -> String {
    let mut out = String::new();
    let parts = rng.range(1, 7);
    for _ in 0..parts {
        if !out.is_empty() || rng.chance(20) {
            out.push_str(rng.pick::<&str>(SEP));
        }
        match rng.range(0, 9) {
            0..=4 if !terms.is_empty() => {
                let t = rng.pick(terms).clone();
                let embed = rng.chance(12);
                if embed {
                    out.push_str(rng.pick::<&str>(&["x", "un", "re", "大", "Ab"]));
                }
                out.push_str(&disguise(rng, &t, d));
                if embed || rng.chance(5) {
                    out.push_str(rng.pick::<&str>(&["s", "ing", "er", "了", "d", "X"]));
                }
            }
            5..=7 => out.push_str(rng.pick::<&str>(FILLER)),
            _ => {
                for _ in 0..rng.range(1, 3) {
                    out.push(*rng.pick(OTHER));
                }
            }
        }
    }
    out
}

/// An arbitrary string: random code points (any plane, controls, noncharacters)
/// mixed with lexicon-looking pieces.
pub fn arbitrary(rng: &mut Rng, terms: &[String]) -> String {
    let mut out = String::new();
    for _ in 0..rng.range(0, 40) {
        match rng.range(0, 9) {
            0..=3 => {
                let cp = match rng.range(0, 4) {
                    0 => rng.range(0, 0x7F),
                    1 => rng.range(0x80, 0xFFFF),
                    2 => rng.range(0x3000, 0x9FFF),
                    3 => rng.range(0xFF00, 0xFFFF),
                    _ => rng.range(0x1_0000, 0x10_FFFF),
                } as u32;
                if let Some(c) = char::from_u32(cp) {
                    out.push(c);
                }
            }
            4 => out.push(*rng.pick(OTHER)),
            5 => out.push_str(rng.pick::<&str>(NOISE)),
            6 => out.push(*rng.pick(&['0', '1', '3', '4', '5', '7', '$', '@'])),
            _ if !terms.is_empty() => {
                let t = rng.pick(terms).clone();
                out.push_str(&disguise(rng, &t, Disguise { look: true }));
            }
            _ => {}
        }
    }
    out
}

/// `text` with control characters and non-ASCII escaped.
pub fn esc(text: &str) -> String {
    text.escape_debug().to_string()
}
