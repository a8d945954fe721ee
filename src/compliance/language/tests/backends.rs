//! The two matching backends agree, on the evaluation sets and on random
//! text.

use super::*;

#[test]
fn backend_follows_the_lexicon_size() {
    use super::matcher::Backend;
    assert_eq!(checker().backend(), Some(Backend::Dfa));
    let rule = crate::rule::RuleRef::new("user.big", "", crate::rule::RuleStatus::Unverified);
    // 12,000 distinct 7-byte terms: 84,000 bytes of terms.
    let add = (0..12_000u32)
        .map(|i| LexiconEntry {
            id: format!("user.{i}"),
            term: format!("zq{i:04}x"),
            category: Category::Harassment,
            severity: Severity::Low,
            gate: Gate::Always,
            rule: rule.clone(),
            message: "user entry".into(),
        })
        .collect();
    let big = TextChecker::new(&LanguagePolicy {
        add,
        ..LanguagePolicy::default()
    })
    .expect("big");
    assert_eq!(big.backend(), Some(Backend::DoubleArray));
    let f = big.check("hello zq0042x!", &MessageFacts::to_debtor());
    assert_eq!(f.len(), 1);
    assert_eq!(&*f[0].entry, "user.42");
}

/// Every message of the labelled evaluation sets gets the same findings
/// from both automata.
#[test]
fn backends_agree_on_the_evaluation_sets() {
    let [dfa, da] = both_builtin();
    let mut n = 0;
    for src in [
        include_str!("../../../../tests/data/language_eval.jsonl"),
        include_str!("../../../../tests/data/language_eval_heldout.jsonl"),
    ] {
        for line in src.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line).expect("jsonl");
            let text = v["text"].as_str().expect("text");
            let facts: MessageFacts =
                serde_json::from_value(v["facts"].clone()).unwrap_or_default();
            assert_eq!(dfa.check(text, &facts), da.check(text, &facts), "{text}");
            n += 1;
        }
    }
    assert!(n >= 200, "{n} messages");
}

proptest! {
    /// The DFA and the double array report exactly the same findings.
    #[test]
    fn backends_agree(s in "[坐牢還錢老賴欠款逾期你全家jailJAILsueyouidiot1$@.*\u{200b}\u{3000}😀 ]{0,60}") {
        let [dfa, da] = both_builtin();
        for facts in [MessageFacts::to_debtor(), MessageFacts::default()] {
            prop_assert_eq!(dfa.check(&s, &facts), da.check(&s, &facts));
        }
    }

    #[test]
    fn never_panics_and_spans_slice(s in "\\PC{0,80}") {
        let c = checker();
        for facts in [MessageFacts::to_debtor(), MessageFacts::default()] {
            for f in c.check(&s, &facts) {
                prop_assert!(f.span.start <= f.span.end && f.span.end <= s.len());
                prop_assert!(s.is_char_boundary(f.span.start) && s.is_char_boundary(f.span.end));
            }
        }
        let _ = mask_pii(&s);
        for m in find_pii(&s) {
            prop_assert!(s.get(m.span.start..m.span.end).is_some());
        }
    }

    #[test]
    fn noisy_threats_are_found(noise in "[ *._\\-~·\u{200b}]{1,3}") {
        let text = format!("等着坐{noise}牢");
        let f = checker().check(&text, &MessageFacts::to_debtor());
        prop_assert_eq!(f.len(), 1);
        let expected = format!("坐{noise}牢");
        prop_assert_eq!(f[0].span.slice(&text), Some(expected.as_str()));
    }

    #[test]
    fn evasive_mixtures_keep_spans_on_boundaries(s in "[坐牢還錢老賴jailJAIL1$@.*\u{200b}\u{3000}😀 ]{0,40}") {
        for f in checker().check(&s, &MessageFacts::default()) {
            prop_assert!(f.span.start < f.span.end && f.span.end <= s.len());
            prop_assert!(s.is_char_boundary(f.span.start) && s.is_char_boundary(f.span.end));
        }
    }
}
