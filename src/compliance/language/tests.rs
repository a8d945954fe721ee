//! Table-driven span tests, gates, policy edits and properties.

use proptest::prelude::*;

use super::*;

fn checker() -> &'static TextChecker {
    use std::sync::OnceLock;
    static C: OnceLock<TextChecker> = OnceLock::new();
    C.get_or_init(|| {
        TextChecker::new(&LanguagePolicy::default()).expect("built-in lexicons compile")
    })
}

/// The entry ids the built-in checker finds in `text` under `facts`.
fn entry_ids(text: &str, facts: &MessageFacts) -> Vec<String> {
    checker()
        .check(text, facts)
        .into_iter()
        .map(|f| f.entry.to_string())
        .collect()
}

struct SpanCase {
    name: &'static str,
    text: &'static str,
    /// The original slices that must be reported (in order), with category.
    want: &'static [(&'static str, Category)],
}

const SPANS: &[SpanCase] = &[
    SpanCase {
        name: "plain",
        text: "不还就坐牢",
        want: &[("坐牢", Category::ThreatArrestOrCriminal)],
    },
    SpanCase {
        name: "star noise",
        text: "等着坐*牢吧",
        want: &[("坐*牢", Category::ThreatArrestOrCriminal)],
    },
    SpanCase {
        name: "trailing noise excluded",
        text: "坐-牢，",
        want: &[("坐-牢", Category::ThreatArrestOrCriminal)],
    },
    SpanCase {
        name: "dotted latin",
        text: "you go to j.a.i.l now",
        want: &[("go to j.a.i.l", Category::ThreatArrestOrCriminal)],
    },
    SpanCase {
        name: "full width latin",
        text: "ＪＡＩＬ",
        want: &[("ＪＡＩＬ", Category::ThreatArrestOrCriminal)],
    },
    SpanCase {
        name: "traditional",
        text: "你這個老賴",
        want: &[("老賴", Category::InsultOrProfanity)],
    },
    SpanCase {
        name: "zero width",
        text: "坐\u{200b}牢",
        want: &[("坐\u{200b}牢", Category::ThreatArrestOrCriminal)],
    },
    SpanCase {
        name: "emoji",
        text: "坐😡牢",
        want: &[("坐😡牢", Category::ThreatArrestOrCriminal)],
    },
    SpanCase {
        name: "weapon symbol",
        text: "再拖就 🔪 见",
        want: &[("🔪", Category::ThreatViolence)],
    },
    SpanCase {
        name: "weapon symbol is not noise",
        text: "坐🔪牢",
        want: &[("🔪", Category::ThreatViolence)],
    },
    SpanCase {
        name: "repeated symbol, variation selector excluded",
        text: "pay or 🔫🔫 ☠\u{fe0f}",
        want: &[
            ("🔫🔫", Category::ThreatViolence),
            ("☠", Category::ThreatViolence),
        ],
    },
    SpanCase {
        name: "repeats",
        text: "坐坐坐牢牢",
        want: &[("坐坐坐牢牢", Category::ThreatArrestOrCriminal)],
    },
    SpanCase {
        name: "look alike",
        text: "j41l",
        want: &[("j41l", Category::ThreatArrestOrCriminal)],
    },
    SpanCase {
        name: "digit spelled out between noise",
        text: "you go to j.4.i.l now",
        want: &[("go to j.4.i.l", Category::ThreatArrestOrCriminal)],
    },
    SpanCase {
        name: "at sign as a letter",
        text: "j@il",
        want: &[("j@il", Category::ThreatArrestOrCriminal)],
    },
    SpanCase {
        name: "leading digit as a letter",
        text: "we will 4rrest you",
        want: &[("4rrest you", Category::ThreatArrestOrCriminal)],
    },
    SpanCase {
        name: "amounts and phone numbers stay digits",
        text: "pay 4 a.m. or call 555-0100, ref j 4 1 l",
        want: &[],
    },
    SpanCase {
        name: "word boundary",
        text: "pursue your goals and jailbreak",
        want: &[],
    },
    SpanCase {
        name: "profanity case",
        text: "You IDIOT",
        want: &[("IDIOT", Category::InsultOrProfanity)],
    },
    SpanCase {
        name: "allowed",
        text: "您不会坐牢，请放心",
        want: &[],
    },
    SpanCase {
        name: "near rule",
        text: "你家人最好小心点",
        want: &[("你家人最好小心", Category::ThreatViolence)],
    },
    SpanCase {
        name: "impersonation",
        text: "我是法院的工作人员",
        want: &[
            ("我是法院", Category::FalseLegalOrAuthority),
            ("法院的工作人员", Category::FalseLegalOrAuthority),
        ],
    },
    SpanCase {
        name: "exposure",
        text: "我们会爆通讯录",
        want: &[("爆通讯录", Category::PrivacyExposure)],
    },
    SpanCase {
        name: "borrow",
        text: "去别的平台借钱先还我们",
        want: &[
            ("去别的平台", Category::PressureToBorrow),
            ("别的平台借", Category::PressureToBorrow),
            ("借钱先还", Category::PressureToBorrow),
        ],
    },
];

#[test]
fn spans_table() {
    let c = checker();
    for case in SPANS {
        let got = c.check(case.text, &MessageFacts::to_debtor());
        let got: Vec<(&str, Category)> = got
            .iter()
            .map(|f| (f.span.slice(case.text).unwrap_or("<bad span>"), f.category))
            .collect();
        assert_eq!(got, case.want, "case {}", case.name);
    }
}

#[test]
fn policy_edits() {
    let mut p = LanguagePolicy::default();
    p.remove.push("zh.insult_or_profanity.老赖".into());
    p.allow.push("jail break".into());
    p.add.push(LexiconEntry {
        id: "user.deceptive.vip".into(),
        term: "VIP通道".into(),
        category: Category::Deceptive,
        severity: Severity::Medium,
        gate: Gate::Always,
        rule: crate::rule::RuleRef::new("user.1", "", crate::rule::RuleStatus::Unverified),
        message: "fake fast lane".into(),
    });
    let c = TextChecker::new(&p).unwrap();
    assert!(c.check("老赖", &MessageFacts::to_debtor()).is_empty());
    assert!(c.check("jail break", &MessageFacts::to_debtor()).is_empty());
    let f = c.check("走ｖｉｐ 通道", &MessageFacts::to_debtor());
    assert_eq!(f[0].entry, "user.deceptive.vip");
}

#[test]
fn send_sync() {
    fn is<T: Send + Sync>() {}
    is::<TextChecker>();
    is::<Finding>();
    is::<LanguagePolicy>();
    is::<MessageFacts>();
    is::<Personal<String>>();
    is::<Normalizer>();
}

#[test]
fn finding_serde() {
    let f = &checker().check("坐牢", &MessageFacts::to_debtor())[0];
    let j = serde_json::to_string(f).unwrap();
    assert!(
        j.contains("\"category\":\"threat_arrest_or_criminal\""),
        "{j}"
    );
    let back: Finding = serde_json::from_str(&j).unwrap();
    assert_eq!(&back, f);
}

#[test]
fn finding_serialised_form_is_plain_strings() {
    let text = "再不还钱就等着坐牢";
    let f = &checker().check(text, &MessageFacts::to_debtor())[0];
    let j = serde_json::to_string(f).unwrap();
    assert_eq!(
        j,
        concat!(
            r#"{"span":{"start":21,"end":27},"matched":"坐牢","#,
            r#""category":"threat_arrest_or_criminal","severity":"critical","#,
            r#""entry":"zh.threat_arrest_or_criminal.坐牢","#,
            r#""rule":{"id":"cn.cba2026.prohibition_3","#,
            r#""citation":"CBA 2026 guide, prohibition 3 (invented legal consequences); compare 12 CFR 1006.18(b)(3)","#,
            r#""status":"secondary"},"#,
            r#""message":"threat of arrest, jail or a criminal record, never lawful for a collector: `坐牢`"}"#
        )
    );
    #[derive(serde::Serialize, serde::Deserialize)]
    struct Doc {
        findings: Vec<Finding>,
    }
    let doc = Doc {
        findings: vec![f.clone()],
    };
    let t = toml::to_string(&doc).unwrap();
    assert!(t.contains("matched = \"坐牢\""), "{t}");
    let back: Doc = toml::from_str(&t).unwrap();
    assert_eq!(&back.findings[0], f);
}

#[test]
fn findings_share_the_entry_strings() {
    let c = checker();
    let facts = MessageFacts::to_debtor();
    let a = &c.check("坐牢", &facts)[0];
    let b = &c.check("等着坐*牢吧", &facts)[0];
    shared(&a.entry, &b.entry);
    shared(&a.matched, &b.matched);
    shared(&a.message, &b.message);
    assert!(std::sync::Arc::ptr_eq(&a.rule, &b.rule));
    // Entries of one group share one rule.
    let d = &c.check("蹲监狱", &facts)[0];
    assert!(std::sync::Arc::ptr_eq(&a.rule, &d.rule));
    // Co-occurrence findings share their `left … right` text too.
    let near = |t: &str| {
        c.check(t, &facts)
            .into_iter()
            .find(|f| f.entry == "en.near.family_threat")
            .unwrap_or_else(|| panic!("no near finding in {t:?}"))
    };
    let (x, y) = (
        near("your kids could get hurt"),
        near("think of YOUR KIDS, they may be h.u.r.t"),
    );
    assert_eq!(x.matched, "yourkids … hurt"); // normalised terms
    shared(&x.matched, &y.matched);
    shared(&x.message, &y.message);
}

/// Two findings' strings cost no allocation of their own: a short one is
/// held inline (equal), a long one is the entry's (the same allocation).
fn shared(a: &crate::rule::RuleId, b: &crate::rule::RuleId) {
    assert_eq!(a, b);
    if a.len() > crate::rule::RuleId::INLINE {
        assert!(std::ptr::eq(a.as_str(), b.as_str()), "{a}");
    }
}

/// Both automata, built from the same policy.
fn both(policy: &LanguagePolicy) -> [TextChecker; 2] {
    use super::matcher::Backend;
    let dfa = TextChecker::with_backend(policy, Backend::Dfa).expect("dfa");
    let da = TextChecker::with_backend(policy, Backend::DoubleArray).expect("double array");
    assert_eq!(dfa.backend(), Some(Backend::Dfa));
    assert_eq!(da.backend(), Some(Backend::DoubleArray));
    [dfa, da]
}

fn both_builtin() -> &'static [TextChecker; 2] {
    use std::sync::OnceLock;
    static C: OnceLock<[TextChecker; 2]> = OnceLock::new();
    C.get_or_init(|| both(&LanguagePolicy::default()))
}

/// US facts for a message to the debtor.
fn us_facts(initial: bool, channel: Option<Channel>) -> MessageFacts {
    MessageFacts {
        jurisdiction: Some(Jurisdiction::Us),
        initial_communication: Some(initial),
        channel,
        ..MessageFacts::to_debtor()
    }
}

/// The entry ids of the built-in checker's findings on `text`.
fn entries(text: &str, facts: &MessageFacts) -> Vec<String> {
    checker()
        .check(text, facts)
        .iter()
        .map(|x| x.entry.to_string())
        .collect()
}

mod backends;
mod disclosures;
mod gates;
mod matching;
