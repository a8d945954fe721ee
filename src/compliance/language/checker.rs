//! [`TextChecker`]: compile once, check many.

use std::collections::{HashMap, HashSet};

use daachorse::CharwiseDoubleArrayAhoCorasick;

use super::disclosure;
use super::lexicon::{
    BuiltinLexicon, LanguagePolicy, Lexicon, LexiconEntry, NearRule, BUILTIN_EN, BUILTIN_ZH,
    MAX_TERM_CHARS,
};
use super::normalize::{Feed, Normalizer};
use super::types::{Finding, MessageFacts};
use crate::error::{Error, Validator};

use super::scan::{self, Pattern, Role};

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
    /// Normalisation table with this checker's alphabet flags.
    feed: Box<Feed>,
    pub(super) pats: Vec<Pattern>,
    pub(super) entries: Vec<LexiconEntry>,
    pub(super) near: Vec<NearRule>,
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
        let mut index: HashMap<String, u32, scan::FastHash> = HashMap::default();
        let mut pats: Vec<Pattern> = Vec::new();
        let mut v = Validator::default();
        let mut key = String::new();
        let mut add = |term: &str, role: Role, path: &str, v: &mut Validator| {
            let (n, latin_start, latin_end) = norm.normalize_into(term, &mut key);
            if n == 0 || n > MAX_TERM_CHARS {
                v.push(
                    path,
                    term,
                    format!("a term must normalise to 1..={MAX_TERM_CHARS} characters"),
                );
                return;
            }
            let idx = match index.get(key.as_str()) {
                Some(&i) => i,
                None => {
                    let i = pats.len() as u32;
                    index.insert(key.clone(), i);
                    pats.push(Pattern::new(n as u32, latin_start, latin_end));
                    i
                }
            };
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
        if pats.len() >= scan::MAX_PATTERNS {
            v.push(
                "language",
                pats.len(),
                format!("at most {} distinct terms", scan::MAX_PATTERNS - 1),
            );
        }
        v.finish()?;
        for p in &mut pats {
            p.finish(&entries, &near);
        }
        let pma = if index.is_empty() {
            None
        } else {
            let patvals = index
                .iter()
                .filter_map(|(k, &i)| Some((k.as_str(), pats.get(i as usize)?.value(i))));
            Some(
                CharwiseDoubleArrayAhoCorasick::with_values(patvals)
                    .map_err(|e| Error::invalid("language.lexicon", "automaton", e.to_string()))?,
            )
        };
        let mut alpha: HashSet<char, scan::FastHash> = HashSet::default();
        alpha.extend(index.keys().flat_map(|k| k.chars()));
        let feed = norm.feed(|c| alpha.contains(&c));
        for (k, i) in index {
            if let Some(p) = pats.get_mut(i as usize) {
                p.key = k.into_boxed_str();
            }
        }
        Ok(TextChecker {
            norm,
            pma,
            feed,
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
    /// normalisation table — shared by every checker of the process — and
    /// pattern index; entry strings excluded).
    pub fn heap_bytes(&self) -> usize {
        self.pma.as_ref().map_or(0, |p| p.heap_bytes())
            + 0x1_0000 * 4
            + std::mem::size_of::<Feed>()
            + self.pats.len() * std::mem::size_of::<Pattern>()
            + self.pats.iter().map(Pattern::heap_bytes).sum::<usize>()
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
    ///
    /// Cost: one pass over the text with normalisation fused into the
    /// automaton; nothing is allocated unless something matches, and the
    /// work after the pass is proportional to the number of hits.
    pub fn check(&self, text: &str, facts: &MessageFacts) -> Vec<Finding> {
        let mut out = Vec::new();
        if let Some(pma) = &self.pma {
            let raw = scan::scan(
                &self.norm,
                pma,
                &self.feed,
                &self.pats,
                text,
                scan::live_gates(facts),
            );
            if !raw.is_empty() {
                scan::resolve(self, &raw, facts, &mut out);
            }
        }
        let lexical = out.len();
        if self.third_party_amounts && facts.recipient.is_third_party_or_unknown() {
            disclosure::third_party_amounts(text, &mut out);
        }
        disclosure::required(text, facts, &self.norm, &mut out);
        if out.len() > lexical && out.len() > 1 {
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
}
