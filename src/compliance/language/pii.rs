//! Personal data: detection and masking of ID numbers, phones, bank cards,
//! emails and SSNs, and [`Personal`], a wrapper that redacts.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::types::Span;

/// A kind of personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PiiKind {
    /// Chinese resident identity card number (18 characters: province
    /// code, birth date, ISO 7064 MOD 11-2 check character; GB 11643), or
    /// the older 15-digit form.
    CnResidentId,
    /// Mainland China mobile number (`1[3-9]` + 9 digits, optional `+86`).
    CnMobile,
    /// Payment card or bank card number (13–19 digits, an issuer prefix in
    /// use, Luhn check).
    BankCard,
    /// Email address.
    Email,
    /// US Social Security number written `123-45-6789` (or with spaces).
    UsSsn,
}

/// One piece of personal data found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PiiMatch {
    /// What it is.
    pub kind: PiiKind,
    /// Where it is (bytes of the original text).
    pub span: Span,
}

/// The number written by the ASCII digits `d[r]`.
fn number(d: &[u8], r: std::ops::Range<usize>) -> u32 {
    d.get(r).map_or(0, |ds| {
        ds.iter()
            .fold(0u32, |acc, &b| acc * 10 + u32::from(b.wrapping_sub(b'0')))
    })
}

/// Whether the first two digits of an ID are a province-level code of GB/T
/// 2260 (11–15 north, 21–23 north-east, 31–37 east, 41–46 south-central,
/// 50–54 south-west, 61–65 north-west, 71 Taiwan, 81–82 Hong Kong and
/// Macau, 83 residence permits for Taiwan residents, 91 foreigners'
/// permanent residence): order numbers starting 20 or 17 are no IDs.
fn province_ok(d: &[u8]) -> bool {
    matches!(
        number(d, 0..2),
        11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71 | 81..=83 | 91
    )
}

/// An 18-character resident ID: province code, a real birth date
/// `YYYYMMDD` from 1900 on, and the ISO 7064 MOD 11-2 check character
/// (about one random number in eleven passes the check alone).
fn id_checksum_ok(d: &[u8]) -> bool {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const C: &[u8; 11] = b"10X98765432";
    if d.len() != 18 || !d[..17].iter().all(u8::is_ascii_digit) || !province_ok(d) {
        return false;
    }
    let year = number(d, 6..10);
    if !(1900..=2100).contains(&year)
        || chrono::NaiveDate::from_ymd_opt(year as i32, number(d, 10..12), number(d, 12..14))
            .is_none()
    {
        return false;
    }
    let sum: u32 = d[..17]
        .iter()
        .zip(W)
        .map(|(&b, w)| u32::from(b - b'0') * w)
        .sum();
    d[17].to_ascii_uppercase() == C[(sum % 11) as usize]
}

/// Whether a card number starts as payment cards do (ISO/IEC 7812 issuer
/// prefixes in use): 3 (Amex, JCB, Diners), 4 (Visa), 5 (Mastercard), 6
/// (UnionPay, Discover, Maestro), 9 (Chinese banks' domestic debit cards,
/// 9559…), or 2221–2720 (Mastercard); timestamps and order numbers
/// starting 1 or 20 are no cards.
fn card_prefix_ok(d: &[u8]) -> bool {
    match d.first() {
        Some(b'3'..=b'6' | b'9') => true,
        Some(b'2') => (2221..=2720).contains(&number(d, 0..4)),
        _ => false,
    }
}

fn luhn_ok(d: &[u8]) -> bool {
    let mut sum = 0u32;
    for (i, &b) in d.iter().rev().enumerate() {
        let mut v = u32::from(b - b'0');
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum % 10 == 0
}

fn ssn_ok(groups: &[&[u8]]) -> bool {
    let [a, b, c] = groups else { return false };
    if a.len() != 3 || b.len() != 2 || c.len() != 4 {
        return false;
    }
    a != b"000" && a != b"666" && a[0] != b'9' && b != b"00" && c != b"0000"
}

/// A first-generation 15-digit resident ID: 6 digits of area (a province
/// code first), a valid date `YYMMDD` (19YY), 3 of sequence; no checksum.
fn old_id_ok(d: &[u8]) -> bool {
    if d.len() != 15 || !d.iter().all(u8::is_ascii_digit) || !province_ok(d) {
        return false;
    }
    let n = |r| number(d, r);
    chrono::NaiveDate::from_ymd_opt(1900 + n(6..8) as i32, n(8..10), n(10..12)).is_some()
}

fn classify(digits: &[u8], groups: &[&[u8]], _dashed: bool) -> Option<PiiKind> {
    // 3-2-4 groups, by dashes or spaces ("123-45-6789", "123 45 6789").
    if ssn_ok(groups) {
        return Some(PiiKind::UsSsn);
    }
    if id_checksum_ok(digits) || old_id_ok(digits) {
        return Some(PiiKind::CnResidentId);
    }
    let mobile = match digits.len() {
        11 => Some(digits),
        13 if digits.starts_with(b"86") => Some(&digits[2..]),
        _ => None,
    };
    if let Some(m) = mobile {
        if m[0] == b'1' && (b'3'..=b'9').contains(&m[1]) {
            return Some(PiiKind::CnMobile);
        }
    }
    if (13..=19).contains(&digits.len())
        && digits.iter().all(u8::is_ascii_digit)
        && card_prefix_ok(digits)
        && luhn_ok(digits)
    {
        return Some(PiiKind::BankCard);
    }
    None
}

/// Finds personal data in `text`, in order of position.
///
/// # Example
///
/// ```
/// use arrears::compliance::language::{find_pii, PiiKind};
///
/// let found = find_pii("手机 13812345678，邮箱 li.lei@example.com");
/// assert_eq!(found[0].kind, PiiKind::CnMobile);
/// assert_eq!(found[1].kind, PiiKind::Email);
/// ```
pub fn find_pii(text: &str) -> Vec<PiiMatch> {
    // Full-width digits, plus, minus and X (as Chinese input methods type
    // them) are read as ASCII; spans still index the original text.
    // So are the ideographic and the no-break space (as spaces).
    let wide = |c: char| {
        matches!(
            c,
            '\u{FF10}'..='\u{FF19}' | '＋' | '－' | 'Ｘ' | 'ｘ' | '＠' | '\u{3000}' | '\u{A0}'
        )
    };
    if !text.chars().any(wide) {
        return find_ascii(text);
    }
    let mut folded = String::with_capacity(text.len());
    // The original offset of each folded byte, and of the end.
    let mut at = Vec::with_capacity(text.len() + 1);
    for (i, c) in text.char_indices() {
        let f = match c {
            '\u{3000}' | '\u{A0}' => ' ',
            c if wide(c) => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        };
        for _ in 0..f.len_utf8() {
            at.push(i);
        }
        folded.push(f);
    }
    at.push(text.len());
    find_ascii(&folded)
        .into_iter()
        .map(|m| PiiMatch {
            kind: m.kind,
            span: Span {
                start: at.get(m.span.start).copied().unwrap_or(text.len()),
                end: at.get(m.span.end).copied().unwrap_or(text.len()),
            },
        })
        .collect()
}

/// [`find_pii`] on a text whose digits are ASCII.
fn find_ascii(text: &str) -> Vec<PiiMatch> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'@' {
            if let Some(span) = email_at(text, i) {
                out.retain(|m: &PiiMatch| m.span.end <= span.start);
                out.push(PiiMatch {
                    kind: PiiKind::Email,
                    span,
                });
                i = span.end;
                continue;
            }
            i += 1;
            continue;
        }
        let plus = c == b'+' && b.get(i + 1).is_some_and(u8::is_ascii_digit);
        // A number glued to a label ("Tel13812345678", "ID1101…") is
        // examined too; only a digit before means the middle of a number.
        if !(c.is_ascii_digit() || plus) || (i > 0 && b[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        let start = i;
        if plus {
            i += 1;
        }
        // A token: digits with single ' ' or '-' separators between digits,
        // and an optional final X (ID numbers).
        let mut groups: Vec<(usize, usize)> = Vec::new();
        let mut g = i;
        let mut dashed = false;
        loop {
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            if i < b.len()
                && (b[i] == b'X' || b[i] == b'x')
                && !b.get(i + 1).is_some_and(u8::is_ascii_alphanumeric)
            {
                i += 1;
                groups.push((g, i));
                break;
            }
            groups.push((g, i));
            // One separator, or two of the same ("138  1234  5678").
            let sep = b.get(i).copied().filter(|&c| c == b' ' || c == b'-');
            let width = match sep {
                Some(c) if b.get(i + 1).is_some_and(u8::is_ascii_digit) => Some((c, 1)),
                Some(c)
                    if b.get(i + 1) == Some(&c) && b.get(i + 2).is_some_and(u8::is_ascii_digit) =>
                {
                    Some((c, 2))
                }
                _ => None,
            };
            if let Some((c, w)) = width {
                dashed |= c == b'-';
                i += w;
                g = i;
            } else {
                break;
            }
        }
        if i < b.len() && b[i].is_ascii_alphanumeric() {
            continue;
        }
        let all: Vec<u8> = groups
            .iter()
            .flat_map(|&(s, e)| b[s..e].iter().copied())
            .collect();
        let gs: Vec<&[u8]> = groups.iter().map(|&(s, e)| &b[s..e]).collect();
        let kind = classify(&all, &gs, dashed).or_else(|| ssn_labelled(text, start, &all));
        if let Some(kind) = kind {
            out.push(PiiMatch {
                kind,
                span: Span { start, end: i },
            });
        } else if groups.len() > 1 {
            // The longest run of consecutive groups that is personal data,
            // from the left: a card followed by its expiry date, a phone
            // number followed by a count, two phone numbers in a row.
            let mut a = 0;
            while a < groups.len() {
                let kind_of = |z: usize| {
                    let part = &groups[a..z];
                    let digits: Vec<u8> = part
                        .iter()
                        .flat_map(|&(s, e)| b[s..e].iter().copied())
                        .collect();
                    let gs: Vec<&[u8]> = part.iter().map(|&(s, e)| &b[s..e]).collect();
                    classify(&digits, &gs, false).map(|k| (k, z))
                };
                // A card number is only a Luhn check (one number in ten
                // passes it): a run that is an ID, a mobile or an SSN wins.
                let runs = || (a + 1..=groups.len()).rev().filter_map(kind_of);
                let hit = runs()
                    .find(|(k, _)| *k != PiiKind::BankCard)
                    .or_else(|| runs().next());
                match hit {
                    Some((kind, z)) => {
                        out.push(PiiMatch {
                            kind,
                            span: Span {
                                start: groups[a].0,
                                end: groups[z - 1].1,
                            },
                        });
                        a = z;
                    }
                    None => a += 1,
                }
            }
        }
    }
    out
}

/// Nine plain digits right after an SSN label ("SSN: 123456789", "Social
/// Security Number 078051120"), in the valid ranges: how systems store
/// SSNs. Elsewhere nine digits are any number.
fn ssn_labelled(text: &str, start: usize, digits: &[u8]) -> Option<PiiKind> {
    if digits.len() != 9 || !ssn_ok(&[&digits[..3], &digits[3..5], &digits[5..]]) {
        return None;
    }
    let before = text
        .get(..start)?
        .trim_end_matches([' ', ':', '.', '-', '=']);
    let tail = before
        .get(before.len().saturating_sub(24)..)
        .unwrap_or(before);
    let tail = tail.to_ascii_lowercase();
    [
        "ssn",
        "ssn#",
        "ss#",
        "ss no",
        "social security number",
        "social security no",
        "social security",
    ]
    .iter()
    .any(|l| {
        tail.strip_suffix(l)
            .is_some_and(|rest| !rest.ends_with(|c: char| c.is_ascii_alphanumeric()))
    })
    .then_some(PiiKind::UsSsn)
}

fn email_at(text: &str, at: usize) -> Option<Span> {
    let b = text.as_bytes();
    // The local part may hold letters of any script (RFC 6531: josé@…),
    // but not Chinese text glued before it (邮箱li@… starts at `li`).
    let local_ok = |c: char| {
        c.is_ascii_alphanumeric()
            || "._%+-".contains(c)
            || (c.is_alphabetic() && !('\u{2E80}'..='\u{9FFF}').contains(&c))
    };
    let dom_ok = |c: u8| c.is_ascii_alphanumeric() || c == b'.' || c == b'-';
    let s = text
        .get(..at)?
        .char_indices()
        .rev()
        .take_while(|&(_, c)| local_ok(c))
        .last()
        .map_or(at, |(i, _)| i);
    let mut e = at + 1;
    while e < b.len() && dom_ok(b[e]) {
        e += 1;
    }
    while e > at + 1 && b[e - 1] == b'.' {
        e -= 1;
    }
    let domain = text.get(at + 1..e)?;
    let tld = domain.rsplit('.').next()?;
    if s == at
        || !domain.contains('.')
        || tld.len() < 2
        || !tld.bytes().all(|c| c.is_ascii_alphabetic())
    {
        return None;
    }
    Some(Span { start: s, end: e })
}

/// A character a number is written with: ASCII or full-width digits and
/// letters (the X of an ID).
fn numeral(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '\u{FF10}'..='\u{FF19}' | 'Ｘ' | 'ｘ')
}

fn mask_digits(src: &str, keep_head: usize, keep_tail: usize) -> String {
    let total = src.chars().filter(|&c| numeral(c)).count();
    let mut seen = 0;
    src.chars()
        .map(|c| {
            if numeral(c) {
                seen += 1;
                if seen <= keep_head || seen > total.saturating_sub(keep_tail) {
                    c
                } else {
                    '*'
                }
            } else {
                c
            }
        })
        .collect()
}

/// Masks every piece of personal data found by [`find_pii`]:
/// ID `110***********123X`, mobile `138****5678`, card `************1234`
/// (separators kept), SSN `***-**-6789`, email `l***@example.com`.
///
/// # Example
///
/// ```
/// use arrears::compliance::language::mask_pii;
///
/// assert_eq!(mask_pii("call 138-1234-5678"), "call 138-****-5678");
/// assert_eq!(mask_pii("SSN 123-45-6789"), "SSN ***-**-6789");
/// ```
pub fn mask_pii(text: &str) -> String {
    let found = find_pii(text);
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for m in found {
        let (s, e) = (m.span.start, m.span.end);
        let (Some(head), Some(src)) = (text.get(last..s), text.get(s..e)) else {
            continue;
        };
        out.push_str(head);
        let masked = match m.kind {
            PiiKind::CnResidentId => mask_digits(src, 3, 4),
            PiiKind::CnMobile => {
                let extra = src
                    .chars()
                    .filter(|&c| numeral(c))
                    .count()
                    .saturating_sub(11);
                mask_digits(src, 3 + extra, 4)
            }
            PiiKind::BankCard | PiiKind::UsSsn => mask_digits(src, 0, 4),
            PiiKind::Email => match src.split_once('@') {
                Some((local, domain)) => {
                    let first: String = local.chars().take(1).collect();
                    format!("{first}***@{domain}")
                }
                None => "***".to_owned(),
            },
        };
        out.push_str(&masked);
        last = e;
    }
    out.push_str(text.get(last..).unwrap_or_default());
    out
}

/// Personal data (a name, phone, ID number) that redacts itself.
///
/// [`Debug`](fmt::Debug), [`Display`](fmt::Display) and serialisation print
/// `[redacted]`; only [`expose`](Personal::expose) and
/// [`exposed`](Personal::exposed) reveal the value, so it cannot leak into a
/// log or a report by accident. Deserialisation reads the plain value.
///
/// # Example
///
/// ```
/// use arrears::compliance::language::Personal;
///
/// let phone = Personal::new("13812345678".to_string());
/// assert_eq!(format!("{phone:?} {phone}"), "[redacted] [redacted]");
/// assert_eq!(phone.expose(), "13812345678");
/// assert_eq!(phone.exposed().to_string(), "13812345678");
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Personal<T>(T);

impl<T> Personal<T> {
    /// Wraps a value.
    pub fn new(value: T) -> Personal<T> {
        Personal(value)
    }

    /// The value itself: an explicit, greppable act.
    pub fn expose(&self) -> &T {
        &self.0
    }

    /// A view that displays and serialises the value.
    pub fn exposed(&self) -> Exposed<'_, T> {
        Exposed(&self.0)
    }

    /// Unwraps the value.
    pub fn into_exposed(self) -> T {
        self.0
    }
}

const REDACTED: &str = "[redacted]";

impl<T> fmt::Debug for Personal<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl<T> fmt::Display for Personal<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl<T> Serialize for Personal<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(REDACTED)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Personal<T> {
    /// The error names no value: a deserializer's message would quote the
    /// personal data it could not read, and errors end up in logs.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::deserialize(d)
            .map(Personal)
            .map_err(|_| serde::de::Error::custom("invalid personal value [redacted]"))
    }
}

/// A deliberate view of a [`Personal`] value that displays and serialises it.
#[derive(Clone, Copy)]
pub struct Exposed<'a, T>(&'a T);

impl<T: fmt::Debug> fmt::Debug for Exposed<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl<T: fmt::Display> fmt::Display for Exposed<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl<T: Serialize> Serialize for Exposed<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

#[cfg(test)]
mod tests;
