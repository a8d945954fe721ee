//! Lexicons (data files under `lexicons/`) and the language policy.
//!
//! A lexicon file is TOML:
//!
//! ```toml
//! [[group]]
//! category = "threat_arrest_or_criminal"
//! severity = "critical"
//! gate = "always"
//! rule = "cn.cba2026.prohibition_3"
//! citation = "CBA 2026 guide, prohibition 3; compare 12 CFR 1006.18(b)(3)"
//! status = "secondary"
//! message = "threat of arrest or jail, never lawful for a collector"
//! terms = ["坐牢", "抓你"]
//!
//! [[near]]
//! id = "en.near.you_arrest"
//! category = "threat_arrest_or_criminal"
//! severity = "critical"
//! rule = "us.reg_f.f_arrest"
//! status = "verified"
//! message = "arrest mentioned next to the debtor"
//! window = 12
//! left = ["you"]
//! right = ["arrest"]
//!
//! [allow]
//! terms = ["不会坐牢"]
//! ```
//!
//! Each term of a group becomes an entry with the id
//! `{file}.{category}.{term}` (stable under edits of other terms).

use serde::{Deserialize, Serialize};

use super::types::{Category, Gate, Severity};
use crate::error::{Error, Validator};
use crate::rule::{RuleRef, RuleStatus};

/// The built-in Chinese lexicon (zh-Hans; zh-Hant through normalisation).
pub const BUILTIN_ZH: &str = include_str!("../../../lexicons/zh.toml");
/// The built-in English lexicon.
pub const BUILTIN_EN: &str = include_str!("../../../lexicons/en.toml");

/// Longest pattern, in normalised characters.
pub const MAX_TERM_CHARS: usize = 64;

/// One phrase to look for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LexiconEntry {
    /// Stable id, e.g. `zh.threat_arrest_or_criminal.坐牢`.
    pub id: String,
    /// The phrase as written (normalised when compiled).
    pub term: String,
    /// The category.
    pub category: Category,
    /// The severity.
    pub severity: Severity,
    /// When the phrase is a finding.
    #[serde(default)]
    pub gate: Gate,
    /// The rule broken.
    pub rule: RuleRef,
    /// A lowercase explanation.
    pub message: String,
}

/// A co-occurrence rule: a term of `left` and a term of `right` within
/// `window` normalised characters of each other (either order).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NearRule {
    /// Stable id.
    pub id: String,
    /// The category.
    pub category: Category,
    /// The severity.
    pub severity: Severity,
    /// When the rule is a finding.
    #[serde(default)]
    pub gate: Gate,
    /// The rule broken.
    pub rule: RuleRef,
    /// A lowercase explanation.
    pub message: String,
    /// Largest gap between the two terms, in normalised characters.
    pub window: u32,
    /// First set of terms.
    pub left: Vec<String>,
    /// Second set of terms.
    pub right: Vec<String>,
}

/// A negation rule: a cue (`will not`, `我们不会`, `请勿`) at most `window`
/// normalised characters before a finding, in the same clause (no `。，；！？：`
/// or `,;!?.:`, line break, or white space between two Chinese characters
/// between them) and with none of the rule's
/// `breaks` between them, takes the finding back. It
/// applies to statements that can be lawful (entries and near rules with a
/// fact gate other than `third_party_only`) and to the always-on ones of the
/// listed `categories`: "we will not sue you", 「我司不会向您的通讯录联系人透露」
/// and "请勿以贷养贷" are not threats. Threats of violence or arrest, insults
/// and harassment are never taken back ("我们不会放过你").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NegationRule {
    /// Stable id (what [`LanguagePolicy::remove`] names).
    pub id: String,
    /// Largest gap between the cue's end and the finding's start, in
    /// normalised characters (letters for Latin text: spaces do not count).
    pub window: u32,
    /// Always-on categories the cues also take back.
    #[serde(default)]
    pub categories: Vec<Category>,
    /// The cues.
    pub cues: Vec<String>,
    /// Terms that, between a cue and a finding, cancel the negation: what is
    /// denied is something else ("we will not *hesitate* to sue you",
    /// 我们不会*手软*).
    #[serde(default)]
    pub breaks: Vec<String>,
}

/// Which built-in lexicons to load.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum BuiltinLexicon {
    /// `lexicons/zh.toml`.
    Zh,
    /// `lexicons/en.toml`.
    En,
}

/// What the language checker looks for: built-in lexicons plus the user's
/// additions, removals and allowed phrases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LanguagePolicy {
    /// Built-in lexicons to load. Default: both.
    pub builtin: Vec<BuiltinLexicon>,
    /// Extra entries.
    pub add: Vec<LexiconEntry>,
    /// Extra co-occurrence rules.
    pub add_near: Vec<NearRule>,
    /// Extra negation rules.
    pub add_negation: Vec<NegationRule>,
    /// Ids of built-in entries, near rules or negation rules to drop. The
    /// policy's own additions are kept, so a built-in item is replaced by
    /// removing it and adding one under its id; an addition may not
    /// otherwise repeat an id in use.
    pub remove: Vec<String>,
    /// Phrases that are fine: a finding wholly inside an allowed phrase is
    /// dropped (e.g. `不会坐牢`, `will not be arrested`).
    pub allow: Vec<String>,
    /// Flag amounts with a currency when the recipient is not the debtor.
    pub third_party_amounts: bool,
}

impl Default for LanguagePolicy {
    fn default() -> Self {
        LanguagePolicy {
            builtin: vec![BuiltinLexicon::Zh, BuiltinLexicon::En],
            add: Vec::new(),
            add_near: Vec::new(),
            add_negation: Vec::new(),
            remove: Vec::new(),
            allow: Vec::new(),
            third_party_amounts: true,
        }
    }
}

impl LanguagePolicy {
    /// Only the user's entries, no built-in lexicon.
    pub fn empty() -> LanguagePolicy {
        LanguagePolicy {
            builtin: Vec::new(),
            ..LanguagePolicy::default()
        }
    }

    /// Checks every entry and reports all problems together.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPolicy`] listing empty ids, empty or overlong terms,
    /// empty messages, zero windows and near rules without terms.
    pub fn validate(&self) -> Result<(), Error> {
        let mut v = Validator::default();
        for (i, e) in self.add.iter().enumerate() {
            // Paths are formatted only for bad entries (60,000-entry lexicons).
            if !e.id.trim().is_empty()
                && term_ok(&e.term)
                && !e.message.trim().is_empty()
                && !e.rule.id.trim().is_empty()
            {
                continue;
            }
            let p = format!("language.add[{i}]");
            if e.id.trim().is_empty() {
                v.push(format!("{p}.id"), &e.id, "an entry needs a non-empty id");
            }
            check_term(&format!("{p}.term"), &e.term, &mut v);
            if e.message.trim().is_empty() {
                v.push(format!("{p}.message"), "", "an entry needs a message");
            }
            e.rule.check(&p, &mut v);
        }
        for (i, n) in self.add_near.iter().enumerate() {
            let p = format!("language.add_near[{i}]");
            check_near(&p, n, &mut v);
        }
        for (i, n) in self.add_negation.iter().enumerate() {
            check_negation(&format!("language.add_negation[{i}]"), n, &mut v);
        }
        for (i, a) in self.allow.iter().enumerate() {
            check_term(&format!("language.allow[{i}]"), a, &mut v);
        }
        v.finish()
    }
}

fn term_ok(term: &str) -> bool {
    term.chars().any(|c| !c.is_whitespace()) && term.chars().count() <= MAX_TERM_CHARS * 4
}

fn check_negation(p: &str, n: &NegationRule, v: &mut Validator) {
    if n.id.trim().is_empty() {
        v.push(
            format!("{p}.id"),
            &n.id,
            "a negation rule needs a non-empty id",
        );
    }
    if n.cues.is_empty() {
        v.push(format!("{p}.cues"), "[]", "a negation rule needs cues");
    }
    for (i, c) in n.cues.iter().enumerate() {
        check_term(&format!("{p}.cues[{i}]"), c, v);
    }
    for (i, c) in n.breaks.iter().enumerate() {
        check_term(&format!("{p}.breaks[{i}]"), c, v);
    }
}

fn check_term(path: &str, term: &str, v: &mut Validator) {
    let n = term.chars().filter(|c| !c.is_whitespace()).count();
    if n == 0 {
        v.push(path, term, "a term needs at least one character");
    } else if term.chars().count() > MAX_TERM_CHARS * 4 {
        v.push(
            path,
            term,
            format!("a term may have at most {MAX_TERM_CHARS} normalised characters"),
        );
    }
}

fn check_near(p: &str, n: &NearRule, v: &mut Validator) {
    if n.id.trim().is_empty() {
        v.push(format!("{p}.id"), &n.id, "a near rule needs a non-empty id");
    }
    if n.window == 0 || n.window > 200 {
        v.push(
            format!("{p}.window"),
            n.window,
            "the window must be 1..=200 characters",
        );
    }
    if n.left.is_empty() {
        v.push(format!("{p}.left"), "[]", "a near rule needs left terms");
    }
    if n.right.is_empty() {
        v.push(format!("{p}.right"), "[]", "a near rule needs right terms");
    }
    for (j, t) in n.left.iter().chain(n.right.iter()).enumerate() {
        check_term(&format!("{p}.terms[{j}]"), t, v);
    }
    n.rule.check(p, v);
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    group: Vec<Group>,
    #[serde(default)]
    near: Vec<NearFile>,
    #[serde(default)]
    negation: Vec<NegationRule>,
    #[serde(default)]
    allow: Option<Allow>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Group {
    category: Category,
    severity: Severity,
    #[serde(default)]
    gate: Gate,
    rule: String,
    #[serde(default)]
    citation: String,
    status: RuleStatus,
    message: String,
    terms: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NearFile {
    id: String,
    category: Category,
    severity: Severity,
    #[serde(default)]
    gate: Gate,
    rule: String,
    #[serde(default)]
    citation: String,
    status: RuleStatus,
    message: String,
    window: u32,
    left: Vec<String>,
    right: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Allow {
    terms: Vec<String>,
}

/// The entries, near rules and allowed phrases of one lexicon file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lexicon {
    /// Phrase entries.
    pub entries: Vec<LexiconEntry>,
    /// Co-occurrence rules.
    pub near: Vec<NearRule>,
    /// Negation rules.
    pub negation: Vec<NegationRule>,
    /// Allowed phrases.
    pub allow: Vec<String>,
}

impl Lexicon {
    /// Parses a lexicon file; `prefix` starts every entry id (`zh`, `en`).
    /// A term repeated within a category (the same entry id) is a problem;
    /// terms that only normalise alike, and ids repeated across files or
    /// with [`LanguagePolicy::add`], are not checked here.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidField`] for TOML that does not parse or does not fit
    /// the format; [`Error::InvalidPolicy`] for entries that fail validation.
    pub fn parse(prefix: &str, text: &str) -> Result<Lexicon, Error> {
        let file: File = toml::from_str(text)
            .map_err(|e| Error::invalid(format!("lexicon.{prefix}"), "toml", e.to_string()))?;
        let mut lex = Lexicon::default();
        let mut v = Validator::default();
        let mut ids = std::collections::HashSet::new();
        for (gi, g) in file.group.into_iter().enumerate() {
            let rule = RuleRef::new(&g.rule, &g.citation, g.status);
            for (ti, term) in g.terms.into_iter().enumerate() {
                let at = format!("{prefix}.group[{gi}].terms[{ti}]");
                check_term(&at, &term, &mut v);
                let id = format!("{prefix}.{}.{}", g.category, term);
                if !ids.insert(id.clone()) {
                    v.push(at, &term, format!("repeats the entry `{id}`"));
                }
                lex.entries.push(LexiconEntry {
                    id,
                    term,
                    category: g.category,
                    severity: g.severity,
                    gate: g.gate,
                    rule: rule.clone(),
                    message: g.message.clone(),
                });
            }
        }
        for (ni, n) in file.near.into_iter().enumerate() {
            let rule = RuleRef::new(&n.rule, &n.citation, n.status);
            let near = NearRule {
                id: n.id,
                category: n.category,
                severity: n.severity,
                gate: n.gate,
                rule,
                message: n.message,
                window: n.window,
                left: n.left,
                right: n.right,
            };
            check_near(&format!("{prefix}.near[{ni}]"), &near, &mut v);
            lex.near.push(near);
        }
        for (ni, n) in file.negation.into_iter().enumerate() {
            check_negation(&format!("{prefix}.negation[{ni}]"), &n, &mut v);
            lex.negation.push(n);
        }
        if let Some(a) = file.allow {
            lex.allow = a.terms;
        }
        v.finish()?;
        Ok(lex)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_parse_and_are_large() {
        let zh = Lexicon::parse("zh", BUILTIN_ZH).unwrap();
        let en = Lexicon::parse("en", BUILTIN_EN).unwrap();
        assert!(zh.entries.len() >= 250, "zh has {}", zh.entries.len());
        assert!(en.entries.len() >= 250, "en has {}", en.entries.len());
        for c in Category::ALL {
            if c == Category::MissingDisclosure {
                continue;
            }
            assert!(zh.entries.iter().any(|e| e.category == c), "zh lacks {c}");
            assert!(en.entries.iter().any(|e| e.category == c), "en lacks {c}");
        }
    }

    #[test]
    fn a_repeated_term_is_reported() {
        let text = r#"
[[group]]
category = "harassment"
severity = "high"
gate = "always"
rule = "r"
citation = "c"
status = "unverified"
message = "m"
terms = ["keep calling", "call you daily"]

[[group]]
category = "harassment"
severity = "low"
gate = "always"
rule = "r"
citation = "c"
status = "unverified"
message = "m"
terms = ["keep calling"]
"#;
        let Err(Error::InvalidPolicy { problems }) = Lexicon::parse("en", text) else {
            panic!("expected invalid policy");
        };
        assert_eq!(problems.len(), 1, "{problems:?}");
        let p = problems[0].to_string();
        assert!(p.contains("en.group[1].terms[0]"), "{p}");
        assert!(p.contains("en.harassment.keep calling"), "{p}");
    }

    #[test]
    fn validation_reports_every_problem() {
        let mut p = LanguagePolicy::default();
        p.add.push(LexiconEntry {
            id: String::new(),
            term: " ".into(),
            category: Category::Deceptive,
            severity: Severity::Low,
            gate: Gate::Always,
            rule: RuleRef::new("", "", RuleStatus::Unverified),
            message: String::new(),
        });
        let Err(Error::InvalidPolicy { problems }) = p.validate() else {
            panic!("expected invalid policy");
        };
        assert_eq!(problems.len(), 4, "{problems:?}");
    }
}
