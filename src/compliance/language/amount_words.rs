//! English amounts of money written in words, for the third-party amount
//! check: "five hundred dollars", "one hundred and fifty dollars",
//! "twenty-five quid", "ten grand", "a thousand pounds", "half a million
//! yuan", "5 hundred dollars", "1.2 million yuan", "1.2k dollars".
//!
//! An amount is a number followed by a currency word (one space, any run of
//! white space or a hyphen between the parts; any other punctuation ends
//! it). Words compare after [`fold`] (full-width letters and digits, ASCII
//! case), and only whole words count: "someone" holds no "one", "tender" no
//! "ten", "poundcake" and "dollarama" no currency.
//!
//! - **Numbers**: zero to nineteen, twenty to ninety, hyphenated or spaced
//!   compounds ("twenty-five", "twenty five"), the scales hundred,
//!   thousand, million, billion and `k`, "and" after a scale ("one hundred
//!   and fifty"), "a"/"an" only directly before hundred, thousand, million
//!   or billion ("a hundred dollars"; "a dollar" and "a grand" are not
//!   read), "half a million"; digits followed by scales ("5 hundred
//!   dollars", "1.2 million yuan") or with a `k`, `m` or `bn` suffix
//!   ("1.2k dollars").
//! - **Vague amounts are amounts**: "a few thousand dollars", "several
//!   hundred pounds", "a couple (of) hundred bucks", "a few dollars",
//!   "hundreds of pounds", "thousands of dollars", "tens of thousands of
//!   dollars". Told to a third party, they still say that a debt of about
//!   that size exists, so they are flagged. "a few days", "thousands of
//!   people" (no currency word) are not.
//! - **Currency words** (singular and plural): dollar, buck, USD, pound,
//!   quid, GBP, euro, EUR, yuan, RMB, CNY, renminbi, and "grand" as a unit
//!   by itself ("ten grand"). "US", "HK", "Canadian", "Australian",
//!   "American" or "Singapore" may stand between the number and the
//!   currency word ("five hundred US dollars").
//! - **Not amounts**: a number without a currency word ("two calls", "ten
//!   minutes", "in a hundred ways", "a million thanks", "call us at nine"), a
//!   currency word without a number ("the pound fell", "dollar store"), and
//!   a singular currency word used as the name of a kind of shop ("one
//!   dollar store", "a one-pound shop"), or "grand" before prize, total,
//!   slam, jury or piano ("two grand pianos").
//! - **Known limits**: "pounds" of weight ("lost ten pounds") read as money,
//!   as "200 pounds" already does in digits; a currency sign or code before
//!   words ("$five hundred", "RMB five hundred") is not read, nor are
//!   "a grand", "a dozen dollars" or "one and a half million".

use super::disclosure::fold;
use super::types::Span;

/// What lies between a token and the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gap {
    /// White space only, or a single hyphen: the two may be one amount.
    Joins,
    /// Anything else (punctuation, symbols, CJK text, the start of the
    /// text): an amount never spans it.
    Breaks,
}

/// What a token is, for the amount grammar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// One to nine: may follow a tens word ("twenty-five").
    Digit,
    /// Zero and ten to nineteen.
    Teen,
    /// Twenty to ninety.
    Tens,
    /// Hundred, thousand, million, billion.
    Scale,
    /// `k`, a scale that "a" does not go before.
    K,
    /// "a" or "an".
    A,
    /// "and".
    And,
    /// "half" ("half a million").
    Half,
    /// "few" ("a few").
    Few,
    /// "couple" ("a couple of").
    Couple,
    /// "several".
    Several,
    /// "of".
    Of,
    /// Tens, hundreds, thousands, millions, billions ("thousands of").
    Plural,
    /// Digits, with `,` or `.` between them and an optional `k`, `m` or
    /// `bn` suffix ("1,200", "1.2k").
    Number,
    /// A currency word.
    Currency(Attr),
    /// A word that may stand between a number and "dollars" ("US").
    Qualifier,
    /// Any other word.
    Other,
}

/// How a currency word can be used as a modifier rather than an amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Attr {
    /// Singular dollar, pound, euro or buck: "one dollar store".
    Shop,
    /// "grand": "two grand pianos".
    Grand,
    /// Never a modifier here.
    Never,
}

/// A word (or digit group) of the text with its byte span in the original.
#[derive(Debug, Clone, Copy)]
struct Tok {
    /// First byte.
    start: usize,
    /// One past the last byte.
    end: usize,
    /// What separates it from the token before.
    gap: Gap,
    /// What it is.
    kind: Kind,
}

/// Whether `c` (already folded) belongs to a word: an ASCII letter or digit,
/// or any other alphanumeric character except the CJK, kana and Hangul ones
/// (Chinese text often has English words with no space around them:
/// 他欠five hundred dollars).
fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || (!c.is_ascii() && c.is_alphanumeric() && !is_cjk(c))
}

/// CJK ideographs, kana and Hangul (with their radicals, symbols and
/// compatibility forms).
fn is_cjk(c: char) -> bool {
    matches!(
        c,
        '\u{2E80}'..='\u{9FFF}'
            | '\u{AC00}'..='\u{D7AF}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{20000}'..='\u{3FFFF}'
    )
}

/// The words of `text`, in order, with what separates each from the last.
/// `,` and `.` between digits stay inside a word ("1,200", "1.2k").
struct Tokens<'a> {
    /// The text.
    text: &'a str,
    /// Byte offset where the next search starts.
    pos: usize,
    /// End of the previous token (`None` before the first).
    last: Option<usize>,
}

impl<'a> Tokens<'a> {
    /// The tokens of `text`.
    fn new(text: &'a str) -> Self {
        Tokens {
            text,
            pos: 0,
            last: None,
        }
    }
}

impl Iterator for Tokens<'_> {
    type Item = Tok;

    fn next(&mut self) -> Option<Tok> {
        let rest = self.text.get(self.pos..)?;
        let (off, _) = rest.char_indices().find(|&(_, c)| is_word(fold(c)))?;
        let start = self.pos + off;
        let word = self.text.get(start..)?;
        let mut end = self.text.len();
        let mut prev_digit = false;
        let mut it = word.char_indices().peekable();
        while let Some((i, c)) = it.next() {
            let f = fold(c);
            let inner_sep = matches!(f, ',' | '.')
                && prev_digit
                && it.peek().is_some_and(|&(_, n)| fold(n).is_ascii_digit());
            if !is_word(f) && !inner_sep {
                end = start + i;
                break;
            }
            prev_digit = f.is_ascii_digit();
        }
        let gap = match self.last.and_then(|l| self.text.get(l..start)) {
            Some(between) if joins(between) => Gap::Joins,
            _ => Gap::Breaks,
        };
        self.pos = end;
        self.last = Some(end);
        let kind = classify(self.text.get(start..end).unwrap_or_default());
        Some(Tok {
            start,
            end,
            gap,
            kind,
        })
    }
}

/// Whether the text between two words lets them be one amount: white space
/// only, or a single hyphen (ASCII, Unicode or full-width) with nothing
/// around it.
fn joins(between: &str) -> bool {
    let mut chars = between.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if matches!(fold(c), '-' | '\u{2010}' | '\u{2011}') => true,
        (Some(_), _) => between.chars().all(char::is_whitespace),
        (None, _) => false,
    }
}

/// The kind of one word (compared after [`fold`]).
fn classify(word: &str) -> Kind {
    if word
        .chars()
        .next()
        .map(fold)
        .is_some_and(|c| c.is_ascii_digit())
    {
        return number(word);
    }
    // The longest word of interest has 10 letters ("australian").
    let mut buf = [0u8; 10];
    let mut n = 0;
    for c in word.chars().map(fold) {
        match buf.get_mut(n) {
            Some(b) if c.is_ascii() => *b = c as u8,
            _ => return Kind::Other,
        }
        n += 1;
    }
    let Some(w) = buf.get(..n).and_then(|b| std::str::from_utf8(b).ok()) else {
        return Kind::Other;
    };
    match w {
        "one" | "two" | "three" | "four" | "five" | "six" | "seven" | "eight" | "nine" => {
            Kind::Digit
        }
        "zero" | "ten" | "eleven" | "twelve" | "thirteen" | "fourteen" | "fifteen" | "sixteen"
        | "seventeen" | "eighteen" | "nineteen" => Kind::Teen,
        "twenty" | "thirty" | "forty" | "fifty" | "sixty" | "seventy" | "eighty" | "ninety" => {
            Kind::Tens
        }
        "hundred" | "thousand" | "million" | "billion" => Kind::Scale,
        "k" => Kind::K,
        "a" | "an" => Kind::A,
        "and" => Kind::And,
        "half" => Kind::Half,
        "few" => Kind::Few,
        "couple" => Kind::Couple,
        "several" => Kind::Several,
        "of" => Kind::Of,
        "tens" | "hundreds" | "thousands" | "millions" | "billions" => Kind::Plural,
        "dollar" | "pound" | "euro" | "buck" => Kind::Currency(Attr::Shop),
        "grand" => Kind::Currency(Attr::Grand),
        "dollars" | "bucks" | "usd" | "pounds" | "quid" | "gbp" | "euros" | "eur" | "yuan"
        | "rmb" | "cny" | "renminbi" => Kind::Currency(Attr::Never),
        "us" | "hk" | "canadian" | "australian" | "american" | "singapore" => Kind::Qualifier,
        _ => Kind::Other,
    }
}

/// [`Kind::Number`] for digits with inner separators and an optional `k`,
/// `m` or `bn` suffix; [`Kind::Other`] for anything else that starts with a
/// digit ("5th", "5pm", "abc").
fn number(word: &str) -> Kind {
    let digits = word.trim_end_matches(|c: char| fold(c).is_ascii_alphabetic());
    let suffix = word.get(digits.len()..).unwrap_or_default();
    let suffix_ok = suffix.is_empty() || ["k", "m", "bn"].iter().any(|s| is(suffix, s));
    let digits_ok = digits
        .chars()
        .map(fold)
        .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.'));
    if suffix_ok && digits_ok {
        Kind::Number
    } else {
        Kind::Other
    }
}

/// The token at `j` if it joins the one before it.
fn joined(toks: &[Tok], j: usize) -> Option<Kind> {
    toks.get(j).filter(|t| t.gap == Gap::Joins).map(|t| t.kind)
}

/// One past the last token of a number written in words that starts at `i`
/// ("one hundred and fifty", "a thousand", "half a million"), or `None`.
fn words_end(toks: &[Tok], i: usize) -> Option<usize> {
    let mut j = i;
    let mut prev = toks.get(i)?.kind;
    match prev {
        Kind::Digit | Kind::Teen | Kind::Tens => {}
        // "half a million", "a hundred": "a" only before a scale word.
        Kind::Half | Kind::A => {
            if prev == Kind::Half {
                j += 1;
                if joined(toks, j) != Some(Kind::A) {
                    return None;
                }
            }
            j += 1;
            prev = joined(toks, j).filter(|&k| k == Kind::Scale)?;
        }
        _ => return None,
    }
    let mut end = j + 1;
    while let Some(next) = joined(toks, j + 1) {
        let ok = match prev {
            Kind::Digit | Kind::Teen => matches!(next, Kind::Scale | Kind::K),
            Kind::Tens => matches!(next, Kind::Digit | Kind::Scale | Kind::K),
            Kind::Scale | Kind::K => matches!(
                next,
                Kind::Digit | Kind::Teen | Kind::Tens | Kind::Scale | Kind::K | Kind::And
            ),
            Kind::And => matches!(next, Kind::Digit | Kind::Teen | Kind::Tens),
            _ => false,
        };
        if !ok {
            break;
        }
        j += 1;
        prev = next;
        if next != Kind::And {
            end = j + 1;
        }
    }
    Some(end)
}

/// One past the last token of a vague quantity that starts at `i` ("a
/// few", "several hundred", "a couple of thousand", "tens of thousands
/// of"), or `None`.
fn vague_end(toks: &[Tok], i: usize) -> Option<usize> {
    let mut j = match toks.get(i)?.kind {
        Kind::Several => i + 1,
        Kind::A => match joined(toks, i + 1)? {
            Kind::Few => i + 2,
            Kind::Couple if joined(toks, i + 2) == Some(Kind::Of) => i + 3,
            Kind::Couple => i + 2,
            _ => return None,
        },
        Kind::Plural => {
            // ("hundreds" | "thousands" …) "of", repeated.
            let mut j = i;
            while toks.get(j).is_some_and(|t| t.kind == Kind::Plural)
                && joined(toks, j + 1) == Some(Kind::Of)
                && (j == i || joined(toks, j).is_some())
            {
                j += 2;
            }
            return (j > i).then_some(j);
        }
        _ => return None,
    };
    while matches!(joined(toks, j), Some(Kind::Scale | Kind::K)) {
        j += 1;
    }
    Some(j)
}

/// One past the last token of the number that starts at `i`, in digits
/// ("5 hundred", "1.2 million", "1.2k"), words or vague words.
fn number_end(toks: &[Tok], i: usize) -> Option<usize> {
    if toks.get(i)?.kind == Kind::Number {
        let mut j = i + 1;
        while matches!(joined(toks, j), Some(Kind::Scale | Kind::K)) {
            j += 1;
        }
        return Some(j);
    }
    words_end(toks, i).or_else(|| vague_end(toks, i))
}

/// Whether the word after a currency word makes it a modifier ("dollar
/// store", "grand piano") rather than the unit of an amount.
fn modifier(text: &str, attr: Attr, next: Option<&Tok>) -> bool {
    let nouns: &[&str] = match attr {
        Attr::Shop => &["store", "stores", "shop", "shops"],
        Attr::Grand => &[
            "prize", "prizes", "total", "slam", "jury", "piano", "pianos",
        ],
        Attr::Never => return false,
    };
    let Some(word) = next
        .filter(|t| t.gap == Gap::Joins)
        .and_then(|t| text.get(t.start..t.end))
    else {
        return false;
    };
    nouns.iter().any(|n| is(word, n))
}

/// Whether a number (tokens `i..j`) and the currency word at `j` are
/// something else: "Grand" in title case is a name ("200 Grand Avenue",
/// "One Grand Central"), as is any currency word in title case before
/// another word in title case ("14 Pound Lane"), and a lone "one" before "pounds" or "bucks" is a
/// pronoun before a verb ("no one pounds on the door", "no one bucks the
/// trend").
fn not_money(text: &str, toks: &[Tok], (i, j): (usize, usize), attr: Attr) -> bool {
    let word = |k: usize| toks.get(k).and_then(|t| text.get(t.start..t.end));
    let Some(unit) = word(j) else {
        return false;
    };
    let title = |w: &str| {
        let mut cs = w.chars().map(|c| (fold(c), c));
        cs.next()
            .is_some_and(|(f, c)| f != c || c.is_ascii_uppercase())
            && cs.all(|(f, c)| f == c && !c.is_ascii_uppercase())
    };
    // "Grand" in title case, or any unit in title case before a word in
    // title case ("14 Pound Lane"), is a name.
    let named = toks
        .get(j + 1)
        .filter(|t| t.gap == Gap::Joins)
        .and_then(|t| text.get(t.start..t.end))
        .is_some_and(|w| title(w) && w.len() > 1);
    if title(unit) && (attr == Attr::Grand || named) {
        return true;
    }
    j == i + 1 && word(i).is_some_and(|w| is(w, "one")) && (is(unit, "pounds") || is(unit, "bucks"))
}

/// Whether `word` reads `lower` (ASCII lower case) after [`fold`].
fn is(word: &str, lower: &str) -> bool {
    word.chars().map(fold).eq(lower.chars())
}

/// The span of an amount that starts at token `i`, and the index of its
/// currency word.
fn amount_at(text: &str, toks: &[Tok], i: usize) -> Option<(Span, usize)> {
    let mut j = number_end(toks, i)?;
    if joined(toks, j) == Some(Kind::Qualifier)
        && matches!(joined(toks, j + 1), Some(Kind::Currency(_)))
    {
        j += 1;
    }
    let Some(Kind::Currency(attr)) = joined(toks, j) else {
        return None;
    };
    if modifier(text, attr, toks.get(j + 1)) || not_money(text, toks, (i, j), attr) {
        return None;
    }
    let span = Span {
        start: toks.get(i)?.start,
        end: toks.get(j)?.end,
    };
    Some((span, j))
}

/// Byte spans of English amounts written in words (see the module
/// documentation), sorted and non-overlapping. Texts without a currency
/// word allocate nothing.
pub(super) fn word_amounts(text: &str) -> Vec<Span> {
    if !Tokens::new(text).any(|t| matches!(t.kind, Kind::Currency(_))) {
        return Vec::new();
    }
    let toks: Vec<Tok> = Tokens::new(text).collect();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match amount_at(text, &toks, i) {
            Some((span, last)) => {
                if text.is_char_boundary(span.start)
                    && text.is_char_boundary(span.end)
                    && span.start < span.end
                {
                    spans.push(span);
                }
                i = last + 1;
            }
            // No amount starts inside a number that is not one: a start
            // within it would read to the same end (the grammar's steps
            // look at one word and the next), so the scan skips the rest
            // and stays linear ("one hundred one hundred …").
            None => i = number_end(&toks, i).map_or(i + 1, |j| j.max(i + 1)),
        }
    }
    spans
}

/// Merges two lists of spans into one sorted by start, spans that overlap
/// joined into one: an amount found both in digits and in words ("1.2k" and
/// "1.2k dollars") is reported once, and so is a number read with both a
/// code after it and one before the next ("5 usd 6").
pub(super) fn merge(a: Vec<Span>, b: Vec<Span>) -> Vec<Span> {
    let mut all = a;
    all.extend(b);
    all.sort_by_key(|s| (s.start, s.end));
    let mut out: Vec<Span> = Vec::with_capacity(all.len());
    for s in all {
        match out.last_mut() {
            Some(last) if s.start < last.end => last.end = last.end.max(s.end),
            _ => out.push(s),
        }
    }
    out
}

#[cfg(test)]
mod tests;
