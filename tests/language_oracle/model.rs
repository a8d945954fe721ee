//! The model's phrase matcher: for every entry and every start position of
//! the normalised stream, a plain comparison (no automaton), then the
//! documented checks on a hit.

use arrears::compliance::language::Category;

use super::norm::{self, han, latin, Kept};

/// One phrase the model looks for.
#[derive(Debug, Clone)]
pub struct Pat {
    /// Entry id.
    pub id: String,
    /// Its normalised stream (the model's).
    pub kept: Vec<Kept>,
    /// The category (nested findings of one category are one).
    pub category: Category,
    /// From the zh lexicon and all Latin: romanised slang, which needs
    /// Chinese in the message.
    pub zh_slang: bool,
}

impl Pat {
    pub fn new(id: &str, term: &str, category: Category, zh_lexicon: bool) -> Pat {
        let kept = norm::stream(term);
        let zh_slang = zh_lexicon && !kept.is_empty() && kept.iter().all(|k| latin(k.ch));
        Pat {
            id: id.to_string(),
            category,
            kept,
            zh_slang,
        }
    }
}

/// A model finding: span, category and the entry ids that match there
/// (several when terms normalise alike: the library reports one of them).
pub type Hit = (usize, usize, Category, Vec<String>);

/// Clause-break punctuation (the negation rule's list, also read as the
/// clause breaks of the "Sue. You" check).
pub fn clause_break(c: char) -> bool {
    matches!(
        c,
        ',' | ';' | '!' | '?' | '.' | ':' | '。' | '，' | '；' | '！' | '？' | '：'
    )
}

/// Options of the model that stand for readings of unclear docs.
#[derive(Debug, Clone, Copy)]
pub struct Opts {
    /// Apply the "Sue. You" clause-break check.
    pub clause_check: bool,
}

/// Every occurrence of `p` in `s` (the text's stream), with the checks.
/// `None` when the docs leave a hit open (see [`clause_split`]).
pub fn occurrences(p: &Pat, s: &[Kept], text: &str, opts: Opts) -> Option<Vec<(usize, usize)>> {
    let n = p.kept.len();
    let mut out = Vec::new();
    if n == 0 || n > s.len() {
        return Some(out);
    }
    let first_latin = latin(p.kept[0].ch);
    let last_latin = latin(p.kept[n - 1].ch);
    for i in 0..=s.len() - n {
        if (0..n).any(|k| s[i + k].ch != p.kept[k].ch) {
            continue;
        }
        // Latin terms match only on word boundaries: the neighbour is not a
        // Latin character glued to the match.
        if first_latin && i > 0 && latin(s[i - 1].ch) && !s[i].gap_before {
            continue;
        }
        if last_latin && i + n < s.len() && latin(s[i + n].ch) && !s[i + n].gap_before {
            continue;
        }
        // A term that doubles a Chinese character matches only where the
        // text doubles one (`今天打电话` is no `天天打电话`).
        // Position by position, or anywhere ("doubles one": the library
        // takes `坐天天` for the term `坐坐天`): a doc gap, left open.
        if (0..n).any(|k| han(p.kept[k].ch) && p.kept[k].count >= 2 && s[i + k].count < 2) {
            if (0..n).any(|k| han(s[i + k].ch) && s[i + k].count >= 2) {
                return None;
            }
            continue;
        }
        // Beyond the plain doubling (two equal characters as written, in a
        // term of two or more characters), the docs do not say: three
        // repeats, `问問`, a term that is one doubled character, a repeat
        // with noise inside ("牢  牢"); the library's answers vary.
        let unclear = (0..n).any(|k| {
            let (t, q) = (&s[i + k], &p.kept[k]);
            han(t.ch)
                && (t.count >= 2 || q.count >= 2)
                && !(t.count == 2
                    && q.count <= 2
                    && t.doubled
                    && n > 1
                    && text[t.start..t.end].chars().all(|c| norm::map(c).is_some()))
        });
        if unclear {
            return None;
        }
        if opts.clause_check {
            match clause_split(p, s, i, text) {
                Some(true) => continue,
                Some(false) => {}
                None => return None,
            }
        }
        out.push((s[i].start, s[i + n - 1].end));
    }
    Some(out)
}

/// "A clause break between whole words ("Sue. You") is no match (evasion
/// inside words, "s.u.e. y.o.u", still is)". The model asserts only the
/// plain case: at a word break of the term, a half-width `,;!?.:` right
/// after a whole word and one ASCII space before the next, in a hit with
/// no evasion at all (no noise inside a word, no repeated letter): no
/// match (`Some(true)`). A hit with no clause break is a match
/// (`Some(false)`). Every other hit with a clause-break character inside is
/// `None`: the docs do not say what "whole words" and "clause break" are
/// (the library keeps "hurt， you" and "S-ue. You", drops "Sue. You",
/// "nd. out" after "e\nmploy'er", and "ae. a.L-L").
fn clause_split(p: &Pat, s: &[Kept], i: usize, text: &str) -> Option<bool> {
    let n = p.kept.len();
    let span = &text[s[i].start..s[i + n - 1].end];
    if !span.chars().any(clause_break) {
        return Some(false);
    }
    if !latin(p.kept[0].ch) || !latin(p.kept[n - 1].ch) {
        return Some(false);
    }
    let evasion = (1..n).any(|k| s[i + k].gap_before && !p.kept[k].gap_before)
        || !span.is_ascii()
        || span
            .chars()
            .any(|c| c.is_ascii_digit() || c == '$' || c == '@')
        || (0..n).any(|k| s[i + k].count != p.kept[k].count)
        || s[i..i + n]
            .iter()
            .any(|k| text[k.start..k.end].chars().any(|c| norm::map(c).is_none()));
    if evasion {
        return None;
    }
    let mut split = false;
    for k in 1..n {
        let (a, b) = (&s[i + k - 1], &s[i + k]);
        let between = &text[a.end..b.start];
        if !between.chars().any(clause_break) {
            continue;
        }
        let cs: Vec<char> = between.chars().collect();
        let plain = cs.len() == 2 && ",;!?.:".contains(cs[0]) && cs[1] == ' ';
        let words = k >= 2
            && !a.gap_before
            && latin(s[i + k - 2].ch)
            && k + 1 < n
            && !s[i + k + 1].gap_before
            && p.kept[k].gap_before;
        if !(plain && words) {
            return None;
        }
        split = true;
    }
    Some(split)
}

/// The model's findings for `pats` in `text`: every occurrence of every
/// pattern, the romanised zh slang only in a message with Chinese, none
/// wholly inside an occurrence of an allowed phrase; then, within one
/// category, none whose span lies inside a larger finding's span, and one
/// finding for the entries that match the same span (doc gap: the docs say
/// "one finding per problem"; this is the reading the library follows).
/// `None` when the docs leave the text open.
pub fn findings(pats: &[Pat], allow: &[Pat], text: &str, opts: Opts) -> Option<Vec<Hit>> {
    let s = norm::stream(text);
    let has_han = text.chars().any(han);
    let mut allowed: Vec<(usize, usize)> = Vec::new();
    for a in allow {
        allowed.extend(occurrences(a, &s, text, opts)?);
    }
    let mut all = Vec::new();
    for p in pats {
        if p.zh_slang && !has_han {
            continue;
        }
        for (a, b) in occurrences(p, &s, text, opts)? {
            if allowed.iter().any(|&(x, y)| x <= a && b <= y) {
                continue;
            }
            all.push((a, b, p.category, p.id.clone()));
        }
    }
    let mut out: Vec<Hit> = Vec::new();
    for h in &all {
        let nested = all
            .iter()
            .any(|g| g.2 == h.2 && g.0 <= h.0 && h.1 <= g.1 && (g.1 - g.0) > (h.1 - h.0));
        if nested {
            continue;
        }
        match out.iter_mut().find(|o| (o.0, o.1, o.2) == (h.0, h.1, h.2)) {
            Some(o) => o.3.push(h.3.clone()),
            None => out.push((h.0, h.1, h.2, vec![h.3.clone()])),
        }
    }
    for o in &mut out {
        o.3.sort();
    }
    out.sort();
    Some(out)
}
