//! From hits to findings: gates, allowed phrases, near rules, negation
//! cues and the clause test, and dropping a finding wholly inside a longer
//! one of the same category; strings are made for the survivors only.

use std::sync::Arc;

use super::{Pattern, Raw, Role, RING};
use crate::compliance::language::checker::{near_matched, Near, TextChecker};
use crate::compliance::language::small::Small;
use crate::compliance::language::spurious::spurious;
use crate::compliance::language::types::{is_han, Category, Finding, Gate, MessageFacts, Span};

/// A finding before its strings are made.
#[derive(Debug, Clone, Copy)]
struct Cand {
    start: u32,
    end: u32,
    cat: Category,
    what: What,
    /// Position before sorting (makes the unstable sort deterministic).
    seq: u32,
}

#[derive(Debug, Clone, Copy)]
enum What {
    Entry(u32),
    Near { rule: u32, a: u32, b: u32 },
}

fn roles<'a>(c: &'a TextChecker, r: &Raw) -> &'a [Role] {
    c.pats.get(r.pat as usize).map_or(&[], Pattern::roles)
}

fn id_of(c: &TextChecker, w: What) -> &str {
    match w {
        What::Entry(i) => c.entries.get(i as usize).map_or("", |e| &*e.id),
        What::Near { rule, .. } => c.near.get(rule as usize).map_or("", |n| &*n.id),
    }
}

/// Turns hits into findings (sorted by start, end, category, id): gates,
/// allowed phrases, near rules, and dropping a finding wholly inside a
/// longer one of the same category. Strings are made for survivors only.
pub(in crate::compliance::language) fn resolve(
    c: &TextChecker,
    raw: &[Raw],
    facts: &MessageFacts,
    text: &str,
    out: &mut Vec<Finding>,
) {
    let mut allowed: Small<(u32, u32), 4> = Small::new((0, 0));
    let mut near_hits: Small<u32, 8> = Small::new(0);
    let mut cues: Small<Cue, 4> = Small::new(Cue {
        rule: 0,
        s: 0,
        e: 0,
        oend: 0,
        breaks: false,
    });
    for (i, r) in raw.iter().enumerate() {
        let rs = roles(c, r);
        if rs.contains(&Role::Allow) {
            allowed.push((r.s, r.e));
        }
        for role in rs {
            match *role {
                Role::Negation(k) => cues.push(Cue {
                    rule: k,
                    s: r.s,
                    e: r.e,
                    oend: r.oend,
                    breaks: false,
                }),
                Role::NegationBreak(k) => cues.push(Cue {
                    rule: k,
                    s: r.s,
                    e: r.e,
                    oend: r.oend,
                    breaks: true,
                }),
                _ => {}
            }
        }
        if rs
            .iter()
            .any(|x| matches!(x, Role::Left(_) | Role::Right(_)))
        {
            near_hits.push(i as u32);
        }
    }
    let (allowed, near_hits, cues) = (allowed.as_slice(), near_hits.as_slice(), cues.as_slice());
    let is_allowed = |s: u32, e: u32| allowed.iter().any(|&(a, b)| a <= s && e <= b);
    let mut cands: Vec<Cand> = Vec::new();
    let mut chinese = None;
    for r in raw {
        for role in roles(c, r) {
            let Role::Entry(i) = *role else { continue };
            let Some(e) = c.entries.get(i as usize) else {
                continue;
            };
            // An allowed phrase is allowed to the debtor: told to a third
            // party, its debt words still disclose the debt.
            if !e.gate.fires(facts)
                || (e.gate != Gate::ThirdPartyOnly && is_allowed(r.s, r.e))
                || negated(c, cues, text, (r.s, r.ostart), e.category, e.gate)
                || spurious(
                    &e.id,
                    &e.matched,
                    text,
                    (r.ostart as usize, r.oend as usize),
                    &mut chinese,
                )
            {
                continue;
            }
            cands.push(Cand {
                start: r.ostart,
                end: r.oend,
                cat: e.category,
                what: What::Entry(i),
                seq: 0,
            });
        }
    }
    if !near_hits.is_empty() {
        let neg = |at: (u32, u32), n: &Near| negated(c, cues, text, at, n.category, n.gate);
        near(c, raw, near_hits, facts, &is_allowed, &neg, &mut cands);
    }
    // Drop a candidate wholly inside a longer one of the same category:
    // sorted by start (longest first), a candidate is covered iff an
    // earlier one of its category reaches at least as far. The position
    // breaks the remaining ties, so the unstable sort (no buffer, faster on
    // the end-ordered input) orders exactly as a stable one would.
    for (i, f) in cands.iter_mut().enumerate() {
        f.seq = i as u32;
    }
    cands.sort_unstable_by(|a, b| {
        (a.start, std::cmp::Reverse(a.end))
            .cmp(&(b.start, std::cmp::Reverse(b.end)))
            .then_with(|| id_of(c, a.what).cmp(id_of(c, b.what)))
            .then(a.seq.cmp(&b.seq))
    });
    let mut reach = [None::<u32>; Category::ALL.len()];
    cands.retain(|f| {
        let slot = Category::ALL.iter().position(|x| *x == f.cat).unwrap_or(0);
        if reach[slot].is_some_and(|r| r >= f.end) {
            return false;
        }
        reach[slot] = Some(f.end);
        true
    });
    // Already in order of start: only candidates with the same start need
    // reordering (by end, category, id), each run on its own.
    for run in cands.chunk_by_mut(|a, b| a.start == b.start) {
        if run.len() > 1 {
            run.sort_by(|a, b| {
                (a.end, a.cat)
                    .cmp(&(b.end, b.cat))
                    .then_with(|| id_of(c, a.what).cmp(id_of(c, b.what)))
            });
        }
    }
    out.reserve(cands.len());
    for f in &cands {
        if let Some(x) = make(c, raw, f) {
            out.push(x);
        }
    }
}

/// A finding from a candidate: reference-count increments only (a
/// co-occurrence rule with more than `NEAR_PAIRS` term pairs formats its
/// `left … right`).
fn make(c: &TextChecker, raw: &[Raw], f: &Cand) -> Option<Finding> {
    let span = Span {
        start: f.start as usize,
        end: f.end as usize,
    };
    Some(match f.what {
        What::Entry(i) => {
            let e = c.entries.get(i as usize)?;
            Finding {
                span,
                matched: e.matched.clone(),
                category: e.category,
                severity: e.severity,
                entry: e.id.clone(),
                rule: Arc::clone(&e.rule),
                message: e.message.clone(),
            }
        }
        What::Near { rule, a, b } => {
            let n = c.near.get(rule as usize)?;
            let pat = |i: u32| raw.get(i as usize).map_or(u32::MAX, |r| r.pat);
            let (pa, pb) = (pat(a), pat(b));
            let matched = match n.pairs.binary_search_by(|&(x, y, _)| (x, y).cmp(&(pa, pb))) {
                Ok(k) => n.pairs.get(k).map(|p| p.2.clone()),
                Err(_) => None,
            };
            let matched = matched.unwrap_or_else(|| {
                let key = |p: u32| c.pats.get(p as usize).map_or("", |p| &*p.key);
                near_matched(key(pa), key(pb)).into()
            });
            Finding {
                span,
                matched,
                category: n.category,
                severity: n.severity,
                entry: n.id.clone(),
                rule: Arc::clone(&n.rule),
                message: n.message.clone(),
            }
        }
    })
}

/// Co-occurrence rules over the hits that have a near role (`idx`, in
/// order of their end). A right term is searched only among hits whose end
/// can be within the window, so the cost stays local.
fn near(
    c: &TextChecker,
    raw: &[Raw],
    idx: &[u32],
    facts: &MessageFacts,
    is_allowed: &dyn Fn(u32, u32) -> bool,
    negated: &dyn Fn((u32, u32), &Near) -> bool,
    cands: &mut Vec<Cand>,
) {
    let hit = |i: &u32| raw.get(*i as usize);
    for (ni, n) in c.near.iter().enumerate() {
        if !n.gate.fires(facts) {
            continue;
        }
        let ni = ni as u32;
        for &ai in idx {
            let Some(a) = raw.get(ai as usize) else {
                continue;
            };
            if !roles(c, a).contains(&Role::Left(ni)) {
                continue;
            }
            // b.e >= a.s - window (b before a) and b.s <= a.e + window.
            let lo = a.s.saturating_sub(n.window);
            let hi = a.e.saturating_add(n.window).saturating_add(RING as u32);
            let from = idx.partition_point(|i| hit(i).is_some_and(|r| r.e < lo));
            // The first right term in the window whose pairing is neither
            // allowed nor negated (a pairing that is must not hide a later
            // one that is not).
            let found = idx[from..]
                .iter()
                .take_while(|i| hit(i).is_some_and(|r| r.e <= hi))
                .copied()
                .find(|&bi| {
                    raw.get(bi as usize).is_some_and(|b| {
                        let gap = if a.e <= b.s {
                            b.s - a.e
                        } else {
                            a.s.saturating_sub(b.e)
                        };
                        let (s, e) = (a.s.min(b.s), a.e.max(b.e));
                        let first = if a.s <= b.s { a } else { b };
                        roles(c, b).contains(&Role::Right(ni))
                            && gap <= n.window
                            && (n.gate == Gate::ThirdPartyOnly
                                || !(is_allowed(s, e)
                                    || is_allowed(a.s, a.e)
                                    || is_allowed(b.s, b.e)))
                            && !negated((first.s, first.ostart), n)
                    })
                });
            let Some(bi) = found else { continue };
            let Some(b) = raw.get(bi as usize) else {
                continue;
            };
            cands.push(Cand {
                start: a.ostart.min(b.ostart),
                end: a.oend.max(b.oend),
                cat: n.category,
                what: What::Near {
                    rule: ni,
                    a: ai,
                    b: bi,
                },
                seq: 0,
            });
        }
    }
}

/// A negation cue's (or break's) hit: its rule, where it starts and ends in
/// kept characters, and where it ends in the original text.
#[derive(Debug, Clone, Copy)]
struct Cue {
    rule: u32,
    s: u32,
    e: u32,
    oend: u32,
    /// A break of the rule, not a cue.
    breaks: bool,
}

/// Whether a finding of `category` under `gate` starting at kept character
/// `s` (original byte `ostart`) is taken back by a negation cue: one that
/// ends at most its rule's window before `s`, with no clause break between
/// them in the original text and no break of its rule in between.
fn negated(
    c: &TextChecker,
    cues: &[Cue],
    text: &str,
    (s, ostart): (u32, u32),
    category: Category,
    gate: Gate,
) -> bool {
    let broken = |q: &Cue| {
        cues.iter()
            .any(|b| b.breaks && b.rule == q.rule && q.e <= b.s && b.e <= s)
    };
    cues.iter().any(|q| {
        !q.breaks
            && q.e <= s
            && c.negations
                .get(q.rule as usize)
                .is_some_and(|n| s - q.e <= n.window && n.covers(category, gate))
            && !clause_between(text, q.oend as usize, ostart as usize)
            && !broken(q)
    })
}

/// Whether a clause ends in `text[from..to]` (from the end of a negation
/// cue to a finding): clause punctuation, or white space between two
/// Chinese characters once some text follows the cue (SMS write 请勿拖延
/// 起诉在即 for 请勿拖延，起诉在即; a space right after the cue, 我们不会
/// 打你通讯录, is no break). One pass; an out-of-range slice counts as a
/// break.
fn clause_between(text: &str, from: usize, to: usize) -> bool {
    let Some(between) = text.get(from..to) else {
        return true;
    };
    // The last character before the current run of white space, if it is
    // text after the cue and Chinese; whether white space follows it.
    let mut han_before = false;
    let mut spaced = false;
    for ch in between.chars() {
        if is_clause_break(ch) {
            return true;
        }
        if ch.is_whitespace() {
            spaced |= han_before;
            continue;
        }
        if spaced && is_han(ch) {
            return true;
        }
        spaced = false;
        han_before = is_han(ch);
    }
    // The run may end at the finding itself.
    spaced
        && text
            .get(to..)
            .and_then(|t| t.chars().next())
            .is_some_and(is_han)
}

/// Punctuation that ends a clause (not the enumeration comma 、).
fn is_clause_break(ch: char) -> bool {
    matches!(
        ch,
        '。' | '，' | '；' | '！' | '？' | '：' | ',' | ';' | '!' | '?' | '.' | ':' | '\n' | '\r'
    )
}
