//! Labelled evaluation of the language checker: precision and recall of
//! "non-compliant" per language, with floors that fail the build.
//!
//! Data: `tests/data/language_eval.jsonl`, one message per line:
//! `{"lang": "zh-Hans" | "zh-Hant" | "en", "text": …, "non_compliant": bool, "facts": MessageFacts}`.
//! Written for this crate from the categories (RULES.md §9); zh-Hant rows are
//! partly OpenCC s2t conversions of zh-Hans rows, partly written directly.
//! At least 40 % are hard negatives (polite reminders, truthful lawsuit,
//! credit-reporting and agency mentions, call-back requests to third parties).

use std::collections::BTreeMap;

use arrears::compliance::language::{LanguagePolicy, MessageFacts, TextChecker};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Row {
    lang: String,
    text: String,
    non_compliant: bool,
    facts: MessageFacts,
}

#[derive(Default)]
struct Counts {
    tp: u32,
    fp: u32,
    fn_: u32,
    tn: u32,
}

impl Counts {
    // Quality metrics, not money: f64 is fine here.
    fn precision(&self) -> f64 {
        f64::from(self.tp) / f64::from((self.tp + self.fp).max(1))
    }
    fn recall(&self) -> f64 {
        f64::from(self.tp) / f64::from((self.tp + self.fn_).max(1))
    }
}

/// (precision floor, recall floor) per language.
const FLOORS: &[(&str, f64, f64)] = &[
    ("zh-Hans", 0.95, 0.95),
    ("zh-Hant", 0.95, 0.95),
    ("en", 0.95, 0.95),
];

#[test]
fn language_eval() {
    let data = include_str!("data/language_eval.jsonl");
    let rows: Vec<Row> = data
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad row {l}: {e}")))
        .collect();
    assert!(rows.len() >= 200, "only {} rows", rows.len());
    let negatives = rows.iter().filter(|r| !r.non_compliant).count();
    assert!(
        negatives * 10 >= rows.len() * 4,
        "hard negatives below 40 %"
    );

    let checker = TextChecker::new(&LanguagePolicy::default()).unwrap();
    let mut by_lang: BTreeMap<&str, Counts> = BTreeMap::new();
    for r in &rows {
        let findings = checker.check(&r.text, &r.facts);
        let predicted = !findings.is_empty();
        let c = by_lang.entry(r.lang.as_str()).or_default();
        match (r.non_compliant, predicted) {
            (true, true) => c.tp += 1,
            (false, true) => {
                c.fp += 1;
                let what: Vec<&str> = findings.iter().map(|f| f.entry.as_str()).collect();
                println!("false positive [{}] {} -> {:?}", r.lang, r.text, what);
            }
            (true, false) => {
                c.fn_ += 1;
                println!("missed [{}] {}", r.lang, r.text);
            }
            (false, false) => c.tn += 1,
        }
    }
    let mut failures = Vec::new();
    for (lang, c) in &by_lang {
        println!(
            "{lang}: n={} precision={:.3} recall={:.3} (tp {} fp {} fn {} tn {})",
            c.tp + c.fp + c.fn_ + c.tn,
            c.precision(),
            c.recall(),
            c.tp,
            c.fp,
            c.fn_,
            c.tn
        );
        if let Some(&(_, p, r)) = FLOORS.iter().find(|f| f.0 == *lang) {
            if c.precision() < p || c.recall() < r {
                failures.push(format!("{lang} below floor"));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:?}");
}
