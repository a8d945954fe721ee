//! Matches the normaliser lets through but the text does not say: checks on
//! the original span of a term's hit, made after the scan and only for hits
//! that would otherwise be findings.
//!
//! The normaliser skips noise between characters so that evasive forms
//! match ("s.u.e y.o.u", "j a i l"). Two ordinary forms of English text
//! pass through the same door and are taken back here:
//!
//! - **A sentence or clause break** inside the span: a whole word of two or
//!   more letters, then clause punctuation and a space, as in "Thank you,
//!   Sue. You can pay online" ("sue you") or "At the end, you only pay"
//!   ("end you"). Evasion puts noise inside the words ("s.u.e. y.o.u"),
//!   which is still a match.
//! - **Romanised Chinese slang in a message with no Chinese**: the zh
//!   lexicon's Latin terms (`sb`, `on9`, `nmsl`) are insults in Chinese
//!   text; in English text they are a reference ("SB-20931") or a date
//!   ("due on 9 March").
//! - **A doubled character the text does not double**: repeats fold, so
//!   天天打电话 is compiled as 天打电话, which 今天打电话 contains; the
//!   text must double a character where the term does (天天, 天 天, 天天天).

use super::types::is_han;

/// Whether the hit `text[start..end]` of the entry `id` with the term
/// `term` (as written) is not what the text says (see the module docs).
/// `chinese` caches whether the text has Chinese, asked once per text.
pub(super) fn spurious(
    id: &str,
    term: &str,
    text: &str,
    (start, end): (usize, usize),
    chinese: &mut Option<bool>,
) -> bool {
    let Some(span) = text.get(start..end) else {
        return false;
    };
    if span.is_ascii() && clause_break(span.as_bytes()) {
        return true;
    }
    if id.starts_with("zh.")
        && term.is_ascii()
        && !*chinese.get_or_insert_with(|| has_chinese(text))
    {
        return true;
    }
    doubled(term) > doubled(span)
}

/// How many times a Han character follows itself in `s`, noise between
/// them allowed (天天, 日 日). The normaliser folds repeats, so 天天打电话
/// is compiled as 天打电话 and would match inside 今天打电话: a term that
/// doubles a character is only a match where the text doubles one too.
fn doubled(s: &str) -> usize {
    let mut n = 0;
    let mut prev = None;
    for c in s.chars() {
        if is_han(c) {
            if prev == Some(c) {
                n += 1;
            }
            prev = Some(c);
        } else if c.is_alphanumeric() {
            prev = None;
        }
    }
    n
}

/// Whether `span` holds a whole word of at least two ASCII letters (at the
/// span's start or after white space) followed by clause punctuation and
/// white space.
fn clause_break(span: &[u8]) -> bool {
    let mut word = 0usize;
    let mut clean = true;
    for (k, &b) in span.iter().enumerate() {
        if b.is_ascii_alphabetic() {
            word += 1;
        } else if b.is_ascii_whitespace() {
            word = 0;
            clean = true;
        } else {
            if clean
                && word >= 2
                && matches!(b, b'.' | b',' | b';' | b':' | b'!' | b'?')
                && span.get(k + 1).is_some_and(u8::is_ascii_whitespace)
            {
                return true;
            }
            word = 0;
            clean = false;
        }
    }
    false
}

/// Whether `text` has a Han character.
fn has_chinese(text: &str) -> bool {
    text.chars().any(is_han)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clause_breaks() {
        for (span, want) in [
            ("Sue. You", true),
            ("end, you", true),
            ("kill you", false),
            ("s.u.e. y.o.u", false),
            ("j. a. i. l", false),
            ("sue you.", false),
            ("Sue.You", false),
            ("go to jail", false),
            ("Hurt! your", true),
        ] {
            assert_eq!(clause_break(span.as_bytes()), want, "{span}");
        }
    }

    #[test]
    fn doubled_characters() {
        assert_eq!(doubled("天天打电话"), 1);
        assert_eq!(doubled("天打电话"), 0);
        assert_eq!(doubled("天 天打电话"), 1);
        assert_eq!(doubled("天a天"), 0);
        let t = "张先生，我们今天打给你三次都没接";
        let (s, e) = (t.find("天").unwrap(), t.find("你").unwrap() + "你".len());
        assert!(spurious(
            "zh.harassment.天天打给你",
            "天天打给你",
            t,
            (s, e),
            &mut None
        ));
        let t = "我们天天打给你";
        let (s, e) = (t.find("天").unwrap(), t.len());
        assert!(!spurious(
            "zh.harassment.天天打给你",
            "天天打给你",
            t,
            (s, e),
            &mut None
        ));
    }

    #[test]
    fn romanised_slang_needs_chinese_text() {
        let en = "Your payment is due on 9 March.";
        assert!(spurious(
            "zh.insult_or_profanity.on9",
            "on9",
            en,
            (21, 25),
            &mut None
        ));
        let zh = "你个on9，快还钱";
        assert!(!spurious(
            "zh.insult_or_profanity.on9",
            "on9",
            zh,
            (6, 9),
            &mut None
        ));
        // English entries are not affected.
        assert!(!spurious(
            "en.insult_or_profanity.idiot",
            "idiot",
            "you idiot",
            (4, 9),
            &mut None
        ));
    }
}
