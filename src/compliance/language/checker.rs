//! [`TextChecker`]: compile once, check many.

use std::collections::HashMap;

use daachorse::CharwiseDoubleArrayAhoCorasick;

use super::disclosure;
use super::lexicon::{
    BuiltinLexicon, LanguagePolicy, Lexicon, LexiconEntry, NearRule, BUILTIN_EN, BUILTIN_ZH,
    MAX_TERM_CHARS,
};
use super::normalize::{NormChar, Normalizer};
use super::types::{Category, Finding, MessageFacts, Span};
use crate::error::{Error, Validator};

/// Ring of recent normalised characters; twice the longest pattern.
const RING: usize = 2 * MAX_TERM_CHARS;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Entry(u32),
    Left(u32),
    Right(u32),
    Allow,
}

#[derive(Debug, Clone)]
struct Pattern {
    key: Box<str>,
    len: u32,
    latin_start: bool,
    latin_end: bool,
    roles: Vec<Role>,
}

/// A match of one pattern, in normalised characters `s..e` and original
/// bytes `ostart..oend`.
#[derive(Debug, Clone, Copy)]
struct Raw {
    pat: u32,
    s: u32,
    e: u32,
    ostart: u32,
    oend: u32,
    end_ok: bool,
}

/// Checks messages and call transcripts for forbidden language, disclosure
/// of the debt to third parties and missing required disclosures.
///
/// Built once from a [`LanguagePolicy`] (lexicons are parsed and compiled
/// into one character-wise double-array Aho–Corasick automaton, see
/// `daachorse`), then shared: it is `Send + Sync` and
/// [`check`](TextChecker::check) takes `&self`.
///
/// # Example
///
/// ```
/// use arrears::compliance::language::{Category, LanguagePolicy, MessageFacts, TextChecker};
///
/// let checker = TextChecker::new(&LanguagePolicy::default())?;
/// let text = "再不还钱就等着坐*牢";
/// let findings = checker.check(text, &MessageFacts::to_debtor());
/// assert_eq!(findings[0].category, Category::ThreatArrestOrCriminal);
/// assert_eq!(findings[0].span.slice(text), Some("坐*牢"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct TextChecker {
    norm: Normalizer,
    pma: Option<CharwiseDoubleArrayAhoCorasick<u32>>,
    pats: Vec<Pattern>,
    entries: Vec<LexiconEntry>,
    near: Vec<NearRule>,
    third_party_amounts: bool,
}

impl std::fmt::Debug for TextChecker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TextChecker")
            .field("entries", &self.entries.len())
            .field("near", &self.near.len())
            .field("patterns", &self.pats.len())
            .finish_non_exhaustive()
    }
}

impl TextChecker {
    /// Compiles the policy's lexicons.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPolicy`] listing every bad entry (empty ids, terms that
    /// normalise to nothing or are longer than 64 characters), or
    /// [`Error::InvalidField`] if the automaton cannot be built.
    pub fn new(policy: &LanguagePolicy) -> Result<TextChecker, Error> {
        policy.validate()?;
        let mut entries: Vec<LexiconEntry> = Vec::new();
        let mut near: Vec<NearRule> = Vec::new();
        let mut allow: Vec<String> = policy.allow.clone();
        for b in &policy.builtin {
            let lex = match b {
                BuiltinLexicon::Zh => Lexicon::parse("zh", BUILTIN_ZH)?,
                BuiltinLexicon::En => Lexicon::parse("en", BUILTIN_EN)?,
            };
            entries.extend(lex.entries);
            near.extend(lex.near);
            allow.extend(lex.allow);
        }
        entries.extend(policy.add.iter().cloned());
        near.extend(policy.add_near.iter().cloned());
        if !policy.remove.is_empty() {
            let remove: std::collections::HashSet<&str> =
                policy.remove.iter().map(String::as_str).collect();
            entries.retain(|e| !remove.contains(e.id.as_str()));
            near.retain(|n| !remove.contains(n.id.as_str()));
        }

        let norm = Normalizer::new();
        let mut index: HashMap<String, u32> = HashMap::new();
        let mut pats: Vec<Pattern> = Vec::new();
        let mut keys: Vec<String> = Vec::new();
        let mut v = Validator::default();
        let mut add = |term: &str, role: Role, path: &str, v: &mut Validator| {
            let chars = norm.normalize_pattern(term);
            if chars.is_empty() || chars.len() > MAX_TERM_CHARS {
                v.push(
                    path,
                    term,
                    format!("a term must normalise to 1..={MAX_TERM_CHARS} characters"),
                );
                return;
            }
            let key: String = chars.iter().map(|c| c.ch).collect();
            let idx = *index.entry(key.clone()).or_insert_with(|| {
                pats.push(Pattern {
                    key: key.clone().into_boxed_str(),
                    len: chars.len() as u32,
                    latin_start: chars.first().is_some_and(NormChar::is_latin),
                    latin_end: chars.last().is_some_and(NormChar::is_latin),
                    roles: Vec::new(),
                });
                keys.push(key);
                (pats.len() - 1) as u32
            });
            if let Some(p) = pats.get_mut(idx as usize) {
                if !p.roles.contains(&role) {
                    p.roles.push(role);
                }
            }
        };
        for (i, e) in entries.iter().enumerate() {
            add(&e.term, Role::Entry(i as u32), &e.id, &mut v);
        }
        for (i, n) in near.iter().enumerate() {
            for t in &n.left {
                add(t, Role::Left(i as u32), &n.id, &mut v);
            }
            for t in &n.right {
                add(t, Role::Right(i as u32), &n.id, &mut v);
            }
        }
        for a in &allow {
            add(a, Role::Allow, "allow", &mut v);
        }
        v.finish()?;
        let pma = if keys.is_empty() {
            None
        } else {
            let patvals = keys.iter().enumerate().map(|(i, k)| (k.as_str(), i as u32));
            Some(
                CharwiseDoubleArrayAhoCorasick::with_values(patvals)
                    .map_err(|e| Error::invalid("language.lexicon", "automaton", e.to_string()))?,
            )
        };
        Ok(TextChecker {
            norm,
            pma,
            pats,
            entries,
            near,
            third_party_amounts: policy.third_party_amounts,
        })
    }

    /// Number of lexicon entries (after additions and removals).
    pub fn entry_count(&self) -> usize {
        self.entries.len()
    }

    /// Approximate heap size of the compiled checker, in bytes (automaton,
    /// normalisation table and pattern index; entry strings excluded).
    pub fn heap_bytes(&self) -> usize {
        self.pma.as_ref().map_or(0, |p| p.heap_bytes())
            + 0x1_0000 * 4
            + self.pats.len() * std::mem::size_of::<Pattern>()
    }

    /// The normaliser used by this checker.
    pub fn normalizer(&self) -> &Normalizer {
        &self.norm
    }

    /// Checks one message or transcript against `facts`.
    ///
    /// Findings are sorted by position. Every span lies on `char`
    /// boundaries of `text` and covers the matched characters, evasive noise
    /// between them included. Never panics, whatever the input.
    pub fn check(&self, text: &str, facts: &MessageFacts) -> Vec<Finding> {
        let raw = self.scan(text);
        let mut out = Vec::new();
        if !raw.is_empty() {
            self.resolve(&raw, facts, &mut out);
        }
        if self.third_party_amounts && facts.recipient.is_third_party_or_unknown() {
            disclosure::third_party_amounts(text, &mut out);
        }
        if facts.jurisdiction.is_some() {
            disclosure::required(text, facts, &self.norm, &mut out);
        }
        if out.len() > 1 {
            out.sort_by(|a, b| {
                (a.span.start, a.span.end, a.category, &a.entry).cmp(&(
                    b.span.start,
                    b.span.end,
                    b.category,
                    &b.entry,
                ))
            });
        }
        out
    }

    /// True when [`check`](Self::check) finds nothing.
    pub fn is_compliant(&self, text: &str, facts: &MessageFacts) -> bool {
        self.check(text, facts).is_empty()
    }

    fn scan(&self, text: &str) -> Vec<Raw> {
        let mut raw: Vec<Raw> = Vec::new();
        let Some(pma) = &self.pma else {
            return raw;
        };
        let mut st = pma.find_overlapping_stepper();
        let mut ring = [NormChar::default(); RING];
        let mut k: u32 = 0;
        let mut mark = 0usize;
        self.norm.for_each(text, |nc| {
            if mark < raw.len() {
                let ok = nc.gap_before || !nc.is_latin();
                for r in &mut raw[mark..] {
                    if !r.end_ok {
                        r.end_ok = ok;
                    }
                }
            }
            mark = raw.len();
            ring[k as usize % RING] = nc;
            st.consume(nc.ch);
            for m in st.matches() {
                let Some(p) = self.pats.get(m.value() as usize) else {
                    continue;
                };
                let s = (k + 1).saturating_sub(p.len);
                let first = ring[s as usize % RING];
                if p.latin_start && s > 0 && first.is_latin() && !first.gap_before {
                    let prev = ring[(s - 1) as usize % RING];
                    if prev.is_latin() {
                        continue;
                    }
                }
                raw.push(Raw {
                    pat: m.value(),
                    s,
                    e: k + 1,
                    ostart: first.start,
                    oend: nc.end,
                    end_ok: !p.latin_end,
                });
            }
            k += 1;
        });
        for r in &mut raw[mark..] {
            r.end_ok = true;
        }
        raw.retain(|r| r.end_ok);
        raw
    }

    fn resolve(&self, raw: &[Raw], facts: &MessageFacts, out: &mut Vec<Finding>) {
        let mut allowed: Vec<(u32, u32)> = Vec::new();
        let mut any_near = false;
        for r in raw {
            for role in self.roles(r) {
                match role {
                    Role::Allow => allowed.push((r.s, r.e)),
                    Role::Left(_) | Role::Right(_) => any_near = true,
                    Role::Entry(_) => {}
                }
            }
        }
        let is_allowed = |s: u32, e: u32| allowed.iter().any(|&(a, b)| a <= s && e <= b);
        let mut found: Vec<Finding> = Vec::new();
        for r in raw {
            for role in self.roles(r) {
                let Role::Entry(i) = *role else { continue };
                let Some(e) = self.entries.get(i as usize) else {
                    continue;
                };
                if !e.gate.fires(facts) || is_allowed(r.s, r.e) {
                    continue;
                }
                found.push(Finding {
                    span: Span {
                        start: r.ostart as usize,
                        end: r.oend as usize,
                    },
                    matched: e.term.clone(),
                    category: e.category,
                    severity: e.severity,
                    entry: e.id.clone(),
                    rule: e.rule.clone(),
                    message: format!("{}: `{}`", e.message, e.term),
                });
            }
        }
        if any_near {
            self.resolve_near(raw, facts, &is_allowed, &mut found);
        }
        // Drop a finding wholly inside a longer one of the same category.
        found.sort_by(|a, b| {
            (a.span.start, std::cmp::Reverse(a.span.end), &a.entry).cmp(&(
                b.span.start,
                std::cmp::Reverse(b.span.end),
                &b.entry,
            ))
        });
        // Sorted by start, so a finding is covered iff an earlier one of its
        // category reaches at least as far (linear, whatever the count).
        let mut reach: [Option<usize>; Category::ALL.len()] = [None; Category::ALL.len()];
        for f in found {
            let slot = Category::ALL
                .iter()
                .position(|c| *c == f.category)
                .unwrap_or(0);
            if reach[slot].is_some_and(|r| r >= f.span.end) {
                continue;
            }
            reach[slot] = Some(f.span.end);
            out.push(f);
        }
    }

    fn resolve_near(
        &self,
        raw: &[Raw],
        facts: &MessageFacts,
        is_allowed: &dyn Fn(u32, u32) -> bool,
        found: &mut Vec<Finding>,
    ) {
        for (ni, n) in self.near.iter().enumerate() {
            if !n.gate.fires(facts) {
                continue;
            }
            let ni = ni as u32;
            let lefts = raw
                .iter()
                .filter(|r| self.roles(r).contains(&Role::Left(ni)));
            for a in lefts {
                let hit = raw.iter().find(|b| {
                    self.roles(b).contains(&Role::Right(ni)) && {
                        let gap = if a.e <= b.s {
                            b.s - a.e
                        } else {
                            a.s.saturating_sub(b.e)
                        };
                        gap <= n.window
                    }
                });
                let Some(b) = hit else { continue };
                let (s, e) = (a.s.min(b.s), a.e.max(b.e));
                if is_allowed(s, e) || is_allowed(a.s, a.e) || is_allowed(b.s, b.e) {
                    continue;
                }
                found.push(Finding {
                    span: Span {
                        start: a.ostart.min(b.ostart) as usize,
                        end: a.oend.max(b.oend) as usize,
                    },
                    matched: format!("{} … {}", self.key_of(a), self.key_of(b)),
                    category: n.category,
                    severity: n.severity,
                    entry: n.id.clone(),
                    rule: n.rule.clone(),
                    message: n.message.clone(),
                });
            }
        }
    }

    fn roles(&self, r: &Raw) -> &[Role] {
        self.pats
            .get(r.pat as usize)
            .map_or(&[], |p| p.roles.as_slice())
    }

    fn key_of(&self, r: &Raw) -> String {
        self.pats
            .get(r.pat as usize)
            .map_or_else(String::new, |p| p.key.to_string())
    }
}
