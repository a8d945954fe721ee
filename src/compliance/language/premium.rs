//! UK premium-rate call-back numbers (RULES.md §9.3: FCA CONC 7.9 counts
//! "premium-rate numbers for customers to call" among misleading prompts
//! to make contact). The lexicon catches the words ("premium line",
//! "09xx"); this finds the numbers themselves: `0906 123 4567`,
//! `09061234567`, `0906/123 4567`, `+44 (0)906 123 4567`, `+ 44 906 123
//! 4567`, `44 (0)906 123 4567`, `0044 871 234 5678`. Directory-enquiry
//! `118` numbers are not searched: six digits are too often something
//! else.
//!
//! A number counts when its national form has eleven digits and starts
//! with `09` (premium-rate services) or `0871`–`0873` (service numbers
//! regulated as premium rate). Only UK messages are searched: elsewhere
//! the same digits are ordinary numbers (`0951` is a Chinese area code).

use std::sync::OnceLock;

use super::types::{Category, Finding, Severity, SharedFinding, Span};
use crate::delinquency::RuleStatus;
use crate::rule::RuleRef;

/// Reports each premium-rate number in `text` as a deceptive finding.
pub(crate) fn premium_numbers(text: &str, out: &mut Vec<Finding>) {
    static SHARED: OnceLock<SharedFinding> = OnceLock::new();
    let shared = SHARED.get_or_init(|| {
        SharedFinding::new(
            "uk.premium_rate_number",
            RuleRef::new(
                "uk.conc.7_9.misleading_contact",
                "FCA CONC 7.9 (misleading prompts to make contact; premium-rate numbers for customers to call); Ofcom numbering: 09 premium rate, 0871–0873 service numbers",
                RuleStatus::Unverified,
            ),
            (Category::Deceptive, Severity::High),
            "a premium-rate number for the customer to call (09, 0871–0873)",
        )
    });
    out.extend(numbers(text).into_iter().map(|span| shared.at(text, span)));
}

/// An ASCII digit's value, full-width digits included.
fn digit(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        '０'..='９' => u8::try_from(c as u32 - '０' as u32).ok(),
        _ => None,
    }
}

/// A Latin letter or digit, full-width forms included (Chinese text may
/// touch a number: 致电0906…).
fn latin_or_digit(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ')
}

/// Characters that may stand inside a written phone number (`0906/123
/// 4567` too). Not `.`: dates and amounts ("09.03.2025 - 150") are no
/// numbers.
fn separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '-' | '/' | '(' | ')' | '\u{00A0}' | '\u{2013}' | '－' | '（' | '）'
    )
}

/// The byte spans of the premium-rate numbers in `text`.
pub(crate) fn numbers(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while let Some(&(start, c)) = chars.get(i) {
        let plus = matches!(c, '+' | '＋');
        // `+44` or `+ 44`: where the digits after a plus begin.
        let after_plus = if chars.get(i + 1).is_some_and(|p| p.1 == ' ') {
            i + 2
        } else {
            i + 1
        };
        let starts = (plus && chars.get(after_plus).and_then(|p| digit(p.1)).is_some())
            || digit(c).is_some();
        let glued = i > 0
            && chars
                .get(i - 1)
                .is_some_and(|p| latin_or_digit(p.1) || p.1 == '+' || p.1 == '＋');
        if !starts || glued {
            i += 1;
            continue;
        }
        // The run: digits, with runs of at most three separators between
        // them (`0906 - 123`); each separator run is walked once.
        let mut digits: Vec<u8> = Vec::new();
        let mut j = if plus { after_plus } else { i };
        let mut end = start;
        let mut found = false;
        while let Some(&(o, ch)) = chars.get(j) {
            if let Some(d) = digit(ch) {
                digits.push(d);
                end = o + ch.len_utf8();
                j += 1;
                // A whole number ends here unless a digit is glued on: what
                // follows ("(24/7)", "- 24 hours", a second number) is not
                // part of it.
                if premium(&digits, plus) && chars.get(j).and_then(|p| digit(p.1)).is_none() {
                    found = true;
                    break;
                }
                continue;
            }
            let mut m = j;
            while chars.get(m).is_some_and(|p| separator(p.1)) && m - j < 4 {
                m += 1;
            }
            let resumes = chars.get(m).and_then(|p| digit(p.1)).is_some();
            if m > j && m - j <= 3 && resumes && digits.len() < 16 {
                j = m;
            } else {
                break;
            }
        }
        let after_glued = chars.get(j).is_some_and(|p| latin_or_digit(p.1));
        if found && !after_glued && !labelled(text.get(..start).unwrap_or_default()) {
            out.push(Span { start, end });
        }
        i = j.max(i + 1);
    }
    out
}

/// Whether the text before a number labels it as a reference rather than a
/// number to call: one of its last three words is "reference", "account",
/// "order" and the like ("Your reference is 09123456789"), with no word of
/// calling after it ("about your account: please call 0906 …" is a number
/// to call).
fn labelled(before: &str) -> bool {
    const LABELS: &[&str] = &[
        "ref",
        "reference",
        "account",
        "acct",
        "order",
        "invoice",
        "case",
        "policy",
        "membership",
        "customer",
        "agreement",
        "contract",
        "id",
    ];
    const CALLS: &[&str] = &[
        "call",
        "ring",
        "phone",
        "dial",
        "contact",
        "tel",
        "telephone",
        "text",
        "on",
    ];
    let is = |w: &str, set: &[&str]| set.iter().any(|l| w.eq_ignore_ascii_case(l));
    for w in before.split_whitespace().rev().take(3) {
        let w = w.trim_matches(|c: char| !c.is_ascii_alphanumeric());
        if is(w, CALLS) {
            return false;
        }
        if is(w, LABELS) {
            return true;
        }
    }
    false
}

/// Whether the digits of a written number (after a `+` if `plus`) are a
/// UK premium-rate number in its national form. Without a plus, `0044`
/// or `44` followed by the trunk zero (`44 (0)906 …`) is the
/// international form.
fn premium(digits: &[u8], plus: bool) -> bool {
    let international = if plus {
        digits.strip_prefix(&[4, 4])
    } else {
        digits.strip_prefix(&[0, 0, 4, 4]).or_else(|| {
            digits
                .strip_prefix(&[4, 4])
                .filter(|r| r.first() == Some(&0))
        })
    };
    let national: Vec<u8> = match international {
        // `+44 (0)906 …`: the trunk zero may be written in brackets.
        Some(rest) => {
            let rest = rest.strip_prefix(&[0]).unwrap_or(rest);
            std::iter::once(0).chain(rest.iter().copied()).collect()
        }
        None if plus => return false,
        None => digits.to_vec(),
    };
    national.len() == 11
        && (national.starts_with(&[0, 9])
            || national.starts_with(&[0, 8, 7, 1])
            || national.starts_with(&[0, 8, 7, 2])
            || national.starts_with(&[0, 8, 7, 3]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn found(text: &str) -> Vec<&str> {
        numbers(text)
            .iter()
            .map(|s| text.get(s.start..s.end).unwrap())
            .collect()
    }

    #[test]
    fn premium_rate_numbers_as_written() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Please call 0906 123 4567 to rearrange delivery.",
                &["0906 123 4567"],
            ),
            ("Call 09061234567 now", &["09061234567"]),
            ("Ring +44 (0)906 123 4567.", &["+44 (0)906 123 4567"]),
            ("Ring +44 906 123 4567", &["+44 906 123 4567"]),
            ("Ring 0044 871 234 5678 today", &["0044 871 234 5678"]),
            ("Our line: 0871-234-5678.", &["0871-234-5678"]),
            ("Call 0873 123 4567 or 0800 123 4567", &["0873 123 4567"]),
            (
                "致电０９０６ １２３ ４５６７",
                &["０９０６ １２３ ４５６７"],
            ),
            ("(0909) 876 5432", &["0909) 876 5432"]),
            // The review of 2026-11-27: text after the number.
            (
                "Call 0906 123 4567 (24/7) to arrange payment.",
                &["0906 123 4567"],
            ),
            ("Call 0906 123 4567 - 24 hours a day.", &["0906 123 4567"]),
            ("Call 0906 123 4567. 3 lines open.", &["0906 123 4567"]),
            ("2. 0906 123 4567", &["0906 123 4567"]),
            (
                "Call 0906 123 4567 0906 123 4568",
                &["0906 123 4567", "0906 123 4568"],
            ),
            ("Call 0906 123 4567 – now", &["0906 123 4567"]),
            // The fourth review of 2026-11-27 (formats left then): a slash,
            // a space after the plus, `44 (0)` without a plus.
            ("Call 0906/123 4567 today.", &["0906/123 4567"]),
            ("Ring + 44 906 123 4567.", &["+ 44 906 123 4567"]),
            ("Ring 44 (0)906 123 4567.", &["44 (0)906 123 4567"]),
            ("Ring 44 0871 234 5678.", &["44 0871 234 5678"]),
            // A label further back does not hide a number to call.
            (
                "About your account: please call 0906 123 4567 today.",
                &["0906 123 4567"],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(found(text), *want, "{text}");
        }
    }

    #[test]
    fn ordinary_numbers_are_not() {
        for text in [
            "Call us free on 0800 123 4567.",
            "Our office: 020 7946 0958.",
            "Mobile 07700 900123.",
            "Call 0870 123 4567.",
            "Call 0906 123 456.",
            "Call 0906 123 45678.",
            "Call +1 906 123 4567.",
            "Ref AB09061234567.",
            "Account 109061234567.",
            "09061234567X",
            "You owe £0906.12.",
            "Call 0906, 123, 4567.",
            "Payment due 09.03.2025 - 150 GBP",
            "Call 0906.123.4567 (dots: not read).",
            "Ref 0906 123 45678.",
            // The second review of 2026-11-27: a labelled reference.
            "Your reference is 09123456789.",
            "Account number: 0906 123 4567",
            "Order #09061234567 has shipped.",
            "Paid on 09/06/2025, ref 12345.",
            "Call 44 906 123 4567.",
            "Open 24/7: 0800 123 4567.",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn spans_slice_the_text(
            parts in prop::collection::vec(
                prop::sample::select(vec![
                    "0", "9", "06", "871", "+", "44", "(0)", " ", "-", ".", "０", "９", "a", "坐", "(", ")",
                ]),
                0..40,
            ),
            noise in ".{0,20}",
        ) {
            let text = format!("{}{noise}", parts.concat());
            let spans = numbers(&text);
            let mut last = 0;
            for s in &spans {
                prop_assert!(s.start >= last && s.start < s.end && s.end <= text.len());
                prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
                last = s.end;
            }
        }
    }
}
