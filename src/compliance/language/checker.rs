//! [`TextChecker`]: compile once, check many.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::disclosure;
use super::lexicon::{
    BuiltinLexicon, LanguagePolicy, Lexicon, LexiconEntry, NearRule, NegationRule, BUILTIN_EN,
    BUILTIN_ZH, MAX_TERM_CHARS,
};
use super::matcher::{Backend, Matcher};
use super::normalize::{Feed, Normalizer};
use super::premium;
use super::turns;
use super::types::{Category, Channel, Finding, Gate, Jurisdiction, MessageFacts, Severity};
use crate::error::{Error, Validator};
use crate::rule::{RuleId, RuleRef};

use super::scan::{self, Pattern, Role};

/// Checks messages and call transcripts for forbidden language, disclosure
/// of the debt to third parties and missing required disclosures.
///
/// Built once from a [`LanguagePolicy`] (lexicons are parsed and compiled
/// into one Aho–Corasick automaton: aho-corasick's DFA for lexicons the
/// size of the built-in ones, a character-wise double array over the
/// checker's own character codes for large user lexicons, where a DFA would
/// grow past 100 MiB), then shared:
/// it is `Send + Sync` and [`check`](TextChecker::check) takes `&self`.
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
    matcher: Option<Matcher>,
    /// Normalisation table with this checker's alphabet flags.
    pub(super) feed: Box<Feed>,
    pub(super) pats: Vec<Pattern>,
    pub(super) entries: Vec<Entry>,
    pub(super) near: Vec<Near>,
    pub(super) negations: Vec<Negation>,
    third_party_amounts: bool,
}

/// A compiled negation rule.
#[derive(Debug)]
pub(super) struct Negation {
    pub(super) window: u32,
    pub(super) categories: Vec<Category>,
}

impl Negation {
    /// Whether a finding of `category` with `gate` can be taken back.
    pub(super) fn covers(&self, category: Category, gate: Gate) -> bool {
        match gate {
            Gate::Always => self.categories.contains(&category),
            Gate::ThirdPartyOnly => false,
            _ => true,
        }
    }
}

/// A compiled lexicon entry: everything a [`Finding`] carries, made once so
/// that a finding costs a few reference-count increments.
#[derive(Debug)]
pub(super) struct Entry {
    pub(super) category: Category,
    pub(super) severity: Severity,
    pub(super) gate: Gate,
    pub(super) id: RuleId,
    /// The term as written.
    pub(super) matched: RuleId,
    /// `{message}: `{term}``.
    pub(super) message: RuleId,
    pub(super) rule: Arc<RuleRef>,
}

/// A compiled co-occurrence rule.
#[derive(Debug)]
pub(super) struct Near {
    pub(super) category: Category,
    pub(super) severity: Severity,
    pub(super) gate: Gate,
    pub(super) window: u32,
    pub(super) id: RuleId,
    pub(super) message: RuleId,
    pub(super) rule: Arc<RuleRef>,
    /// `left … right` for each pair of pattern numbers, sorted; empty when
    /// the rule has more than [`NEAR_PAIRS`] pairs (then made per finding).
    pub(super) pairs: Vec<(u32, u32, RuleId)>,
}

/// Most `left × right` pairs whose matched text is made at build time.
const NEAR_PAIRS: usize = 1024;

/// One `Arc` per distinct rule.
#[derive(Default)]
struct Rules(HashMap<RuleRef, Arc<RuleRef>, scan::FastHash>);

impl Rules {
    fn get(&mut self, r: &RuleRef) -> Arc<RuleRef> {
        if let Some(a) = self.0.get(r) {
            return Arc::clone(a);
        }
        let a = Arc::new(r.clone());
        self.0.insert(r.clone(), Arc::clone(&a));
        a
    }
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
        TextChecker::with_backend(policy, Backend::Auto)
    }

    /// [`new`](Self::new) with a chosen automaton (tests compare them).
    pub(crate) fn with_backend(
        policy: &LanguagePolicy,
        backend: Backend,
    ) -> Result<TextChecker, Error> {
        policy.validate()?;
        let mut lexicons: Vec<Lexicon> = Vec::new();
        for b in &policy.builtin {
            lexicons.push(match b {
                BuiltinLexicon::Zh => Lexicon::parse("zh", BUILTIN_ZH)?,
                BuiltinLexicon::En => Lexicon::parse("en", BUILTIN_EN)?,
            });
        }
        let remove: HashSet<&str, scan::FastHash> =
            policy.remove.iter().map(String::as_str).collect();
        // `remove` drops built-in items; the policy's own are kept, so an
        // item can be replaced (removed, then added under its id).
        let src: Vec<&LexiconEntry> = lexicons
            .iter()
            .flat_map(|l| l.entries.iter())
            .filter(|e| !remove.contains(e.id.as_str()))
            .chain(policy.add.iter())
            .collect();
        let src_near: Vec<&NearRule> = lexicons
            .iter()
            .flat_map(|l| l.near.iter())
            .filter(|n| !remove.contains(n.id.as_str()))
            .chain(policy.add_near.iter())
            .collect();
        let src_neg: Vec<&NegationRule> = lexicons
            .iter()
            .flat_map(|l| l.negation.iter())
            .filter(|n| !remove.contains(n.id.as_str()))
            .chain(policy.add_negation.iter())
            .collect();
        let allow: Vec<&String> = policy
            .allow
            .iter()
            .chain(lexicons.iter().flat_map(|l| l.allow.iter()))
            .collect();

        let norm = Normalizer::new();
        let mut index: HashMap<String, u32, scan::FastHash> = HashMap::default();
        let mut pats: Vec<Pattern> = Vec::new();
        let mut v = Validator::default();
        // Ids are one namespace (what `remove` names): the policy's
        // additions must not repeat a kept built-in id or each other.
        let ids = [
            (
                src.len() - policy.add.len(),
                "add",
                src.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
            ),
            (
                src_near.len() - policy.add_near.len(),
                "add_near",
                src_near.iter().map(|n| n.id.as_str()).collect(),
            ),
            (
                src_neg.len() - policy.add_negation.len(),
                "add_negation",
                src_neg.iter().map(|n| n.id.as_str()).collect(),
            ),
        ];
        let mut seen: HashSet<&str, scan::FastHash> = HashSet::default();
        for (builtin, _, list) in &ids {
            seen.extend(list[..*builtin].iter().copied());
        }
        for (builtin, field, list) in &ids {
            for (k, id) in list[*builtin..].iter().enumerate() {
                if !seen.insert(id) {
                    v.push(
                        format!("language.{field}[{k}].id"),
                        id,
                        "repeats an id in use (remove the built-in one to replace it)",
                    );
                }
            }
        }
        let mut key = String::new();
        let mut add = |term: &str, role: Role, path: &str, v: &mut Validator| -> Option<u32> {
            let (n, latin_start, latin_end) = norm.normalize_into(term, &mut key);
            if n == 0 || n > MAX_TERM_CHARS {
                v.push(
                    path,
                    term,
                    format!("a term must normalise to 1..={MAX_TERM_CHARS} characters"),
                );
                return None;
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
                p.add_role(role);
            }
            Some(idx)
        };
        for (i, e) in src.iter().enumerate() {
            add(&e.term, Role::Entry(i as u32), &e.id, &mut v);
        }
        // Pattern numbers of each near rule's left and right terms.
        let mut near_pats: Vec<(Vec<u32>, Vec<u32>)> = Vec::with_capacity(src_near.len());
        for (i, n) in src_near.iter().enumerate() {
            let mut side = |terms: &[String], role: Role, v: &mut Validator| {
                let mut ps: Vec<u32> = terms
                    .iter()
                    .filter_map(|t| add(t, role, &n.id, v))
                    .collect();
                ps.sort_unstable();
                ps.dedup();
                ps
            };
            let l = side(&n.left, Role::Left(i as u32), &mut v);
            let r = side(&n.right, Role::Right(i as u32), &mut v);
            near_pats.push((l, r));
        }
        for (i, n) in src_neg.iter().enumerate() {
            for c in &n.cues {
                add(c, Role::Negation(i as u32), &n.id, &mut v);
            }
            for c in &n.breaks {
                add(c, Role::NegationBreak(i as u32), &n.id, &mut v);
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

        let mut rules = Rules::default();
        let mut buf = String::new();
        let entries: Vec<Entry> = src
            .iter()
            .map(|e| Entry {
                category: e.category,
                severity: e.severity,
                gate: e.gate,
                id: RuleId::new(&e.id),
                matched: RuleId::new(&e.term),
                message: RuleId::new(entry_message(e, &mut buf)),
                rule: rules.get(&e.rule),
            })
            .collect();
        let mut near: Vec<Near> = src_near
            .iter()
            .map(|n| Near {
                category: n.category,
                severity: n.severity,
                gate: n.gate,
                window: n.window,
                id: RuleId::new(&n.id),
                message: RuleId::new(&n.message),
                rule: rules.get(&n.rule),
                pairs: Vec::new(),
            })
            .collect();
        let negations: Vec<Negation> = src_neg
            .iter()
            .map(|n| Negation {
                window: n.window,
                categories: n.categories.clone(),
            })
            .collect();
        // The parsed built-in lexicons are no longer needed.
        drop(lexicons);

        for p in &mut pats {
            p.finish(&entries, &near);
        }
        for (k, i) in index {
            if let Some(p) = pats.get_mut(i as usize) {
                p.key = k.into_boxed_str();
            }
        }
        let codes = Codes::new(pats.iter().flat_map(|p| p.key.chars()));
        let feed = norm.feed(|c| codes.get(c));
        let matcher = if pats.is_empty() {
            None
        } else {
            let keys: Vec<String> = pats.iter().map(|p| codes.encode(&p.key)).collect();
            let terms: Vec<(&str, u32)> = keys
                .iter()
                .zip(&pats)
                .enumerate()
                .map(|(i, (k, p))| (k.as_str(), p.value(i as u32)))
                .collect();
            Some(Matcher::build(&terms, backend)?)
        };
        for (n, (l, r)) in near.iter_mut().zip(&near_pats) {
            if l.len().saturating_mul(r.len()) > NEAR_PAIRS {
                continue;
            }
            for &a in l {
                for &b in r {
                    let key = |i: u32| pats.get(i as usize).map_or("", |p| &*p.key);
                    n.pairs.push((a, b, near_matched(key(a), key(b)).into()));
                }
            }
        }
        Ok(TextChecker {
            norm,
            matcher,
            feed,
            pats,
            entries,
            near,
            negations,
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
        self.matcher.as_ref().map_or(0, Matcher::heap_bytes)
            + 0x1_0000 * 4
            + std::mem::size_of::<Feed>()
            + self.pats.len() * std::mem::size_of::<Pattern>()
            + self.pats.iter().map(Pattern::heap_bytes).sum::<usize>()
    }

    /// The automaton backend built (tests).
    #[cfg(test)]
    pub(super) fn backend(&self) -> Option<Backend> {
        self.matcher.as_ref().map(Matcher::backend)
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
        if let Some(matcher) = &self.matcher {
            let raw = scan::scan(
                &self.norm,
                matcher,
                &self.feed,
                &self.pats,
                text,
                scan::live_gates(facts),
            );
            let raw = raw.as_slice();
            if !raw.is_empty() {
                scan::resolve(self, raw, facts, text, &mut out);
            }
        }
        if !out.is_empty() {
            // The customer's own words in a transcript, and quoted text in
            // an email (channel given), are not the collector's message (only looked for
            // once something matched). A finding that starts or ends in
            // them (a co-occurrence of a customer's word and an agent's)
            // goes too.
            let mut others = Vec::new();
            if transcript(facts) {
                others = turns::customer_turns(text);
            }
            if facts.channel == Some(Channel::Email) {
                others.extend(turns::quoted_blocks(text));
            }
            if !others.is_empty() {
                out.retain(|f| {
                    !others.iter().any(|&(s, e)| {
                        (s <= f.span.start && f.span.start < e)
                            || (s < f.span.end && f.span.end <= e)
                    })
                });
            }
        }
        let lexical = out.len();
        if self.third_party_amounts && facts.to_third_party() {
            disclosure::third_party_amounts(text, &mut out);
        }
        if facts.jurisdiction == Some(Jurisdiction::Uk) {
            premium::premium_numbers(text, &mut out);
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

/// Whether the text may be a transcript with the customer's turns in it: a
/// call or a chat, or a channel not given. An SMS, email, letter or
/// voicemail is the collector's own text, labels or not.
fn transcript(facts: &MessageFacts) -> bool {
    matches!(
        facts.channel,
        None | Some(Channel::Call) | Some(Channel::InstantMessage)
    )
}

/// The automaton's alphabet: the characters of the terms, renumbered so
/// that the automata see a small, dense alphabet. ASCII keeps its own code
/// (one UTF-8 byte); the other characters of the terms are numbered from
/// 0x80 in code-point order, so most take two UTF-8 bytes instead of three
/// in the DFA and the double array's character table stays small.
/// Characters outside the BMP keep their own code.
struct Codes(HashMap<char, u32, scan::FastHash>);

impl Codes {
    fn new(chars: impl Iterator<Item = char>) -> Codes {
        let mut all: Vec<char> = chars.collect();
        all.sort_unstable();
        all.dedup();
        let mut map: HashMap<char, u32, scan::FastHash> = HashMap::default();
        let mut next = 0x80;
        for c in all {
            let own = c as u32;
            let code = if !(0x80..0x1_0000).contains(&own) || next >= 0xD800 {
                // Past the surrogates would no longer be a `char`: keep
                // the rest as they are (distinct from the codes below
                // 0xD800, which are all smaller than them).
                own
            } else {
                next += 1;
                next - 1
            };
            map.insert(c, code);
        }
        Codes(map)
    }

    /// The code of `c`, if it is in the alphabet.
    fn get(&self, c: char) -> Option<u32> {
        self.0.get(&c).copied()
    }

    /// `term` in codes.
    fn encode(&self, term: &str) -> String {
        term.chars()
            .map(|c| self.get(c).and_then(char::from_u32).unwrap_or(c))
            .collect()
    }
}

/// `{message}: `{term}`` without the formatting machinery.
fn entry_message<'b>(e: &LexiconEntry, m: &'b mut String) -> &'b str {
    m.clear();
    m.push_str(&e.message);
    m.push_str(": `");
    m.push_str(&e.term);
    m.push('`');
    m
}

/// `{left} … {right}`: what a co-occurrence finding matched.
pub(super) fn near_matched(left: &str, right: &str) -> String {
    let mut m = String::with_capacity(left.len() + right.len() + 5);
    m.push_str(left);
    m.push_str(" … ");
    m.push_str(right);
    m
}
