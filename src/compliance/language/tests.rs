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
fn gates() {
    let c = checker();
    let text = "We will take legal action and report to the credit bureaus.";
    assert_eq!(c.check(text, &MessageFacts::to_debtor()).len(), 2);
    let lawful = MessageFacts {
        lawsuit_intended: Some(true),
        debt_time_barred: Some(false),
        lender_reports_to_credit_bureau: Some(true),
        ..MessageFacts::to_debtor()
    };
    assert!(c.check(text, &lawful).is_empty());
    let barred = MessageFacts {
        debt_time_barred: Some(true),
        ..lawful.clone()
    };
    assert_eq!(c.check(text, &barred).len(), 1);
    // Never lawful, whatever the facts.
    assert!(!c.check("you will be arrested", &lawful).is_empty());
    // 恶意透支 gate.
    let card = "您的行为涉嫌信用卡诈骗";
    assert!(!c.check(card, &MessageFacts::to_debtor()).is_empty());
    let met = MessageFacts {
        malicious_overdraft_facts_met: Some(true),
        ..MessageFacts::to_debtor()
    };
    assert!(c.check(card, &met).is_empty());
}

#[test]
fn legal_process_gates() {
    let ids = entry_ids;
    let intended = MessageFacts {
        lawsuit_intended: Some(true),
        debt_time_barred: Some(false),
        ..MessageFacts::to_debtor()
    };
    // An intent to sue does not make "we have filed" true.
    let filed_text = "We have filed a lawsuit; your court date is May 4.";
    assert_eq!(
        ids(filed_text, &intended),
        [
            "en.false_legal_or_authority.we have filed",
            "en.false_legal_or_authority.filed a lawsuit",
            "en.false_legal_or_authority.court date"
        ]
    );
    let filed = MessageFacts {
        lawsuit_filed: Some(true),
        ..intended.clone()
    };
    assert!(ids(filed_text, &filed).is_empty());
    assert_eq!(
        ids("法院已经立案，法院传票已下达", &intended),
        [
            "zh.false_legal_or_authority.法院已经立案",
            "zh.false_legal_or_authority.法院传票已下达"
        ]
    );
    assert!(ids("法院已经立案，法院传票已下达", &filed).is_empty());
    // A filed suit is one the words about suing describe, intended or not.
    let only_filed = MessageFacts {
        lawsuit_filed: Some(true),
        ..MessageFacts::to_debtor()
    };
    let notice = "本行已向臺北地方法院提起訴訟，We have filed a lawsuit against you.";
    assert!(ids(notice, &only_filed).is_empty());
    assert_eq!(
        ids(notice, &MessageFacts::to_debtor()),
        [
            "zh.false_legal_or_authority.提起诉讼",
            "en.false_legal_or_authority.we have filed",
            "en.false_legal_or_authority.filed a lawsuit"
        ]
    );
    // A judgment is its own fact; only once obtained is enforcement lawful
    // to mention: a filed or intended suit does not make "we will apply for
    // enforcement" true (F-ARREST).
    let judgment_text = "判决已生效，我行将依法申请强制执行";
    assert_eq!(
        ids(judgment_text, &filed),
        [
            "zh.false_legal_or_authority.判决已生效",
            "zh.false_legal_or_authority.申请强制执行"
        ]
    );
    assert_eq!(
        ids("We'll garnish your wages tomorrow.", &intended),
        ["en.false_legal_or_authority.garnish your wages"]
    );
    let judged = MessageFacts {
        judgment_obtained: Some(true),
        ..MessageFacts::to_debtor()
    };
    assert!(ids(judgment_text, &judged).is_empty());
    assert!(ids(
        "A judgment was entered; we may seek wage garnishment.",
        &judged
    )
    .is_empty());
    assert!(Gate::UnlessLawsuitFiled.fires(&intended));
    assert!(!Gate::UnlessLawsuitFiled.fires(&judged));
    // A judgment makes enforcement lawful to mention, not a new suit.
    assert!(!Gate::UnlessEnforcementLawful.fires(&judged));
    assert!(Gate::UnlessLawsuitLawful.fires(&judged));
    assert_eq!(
        ids("We will sue you again.", &judged),
        [
            "en.false_legal_or_authority.we will sue",
            "en.false_legal_or_authority.sue you"
        ]
    );
    // England and Wales: after a judgment a county court warrant of control
    // sends enforcement agents; before one, a warrant can only mean arrest.
    let warrant = "The court has issued a warrant of control and bailiffs may visit.";
    assert!(ids(warrant, &judged).is_empty());
    assert_eq!(
        ids(warrant, &MessageFacts::to_debtor()),
        [
            "en.threat_arrest_or_criminal.warrant",
            "en.false_legal_or_authority.warrant of control",
            "en.false_legal_or_authority.bailiffs"
        ]
    );
    assert_eq!(
        ids("A warrant has been issued.", &MessageFacts::to_debtor()),
        ["en.threat_arrest_or_criminal.warrant has been issued"]
    );
    assert_eq!(
        ids("A warrant for your arrest has been issued.", &judged),
        ["en.threat_arrest_or_criminal.warrant for your arrest"]
    );
}

#[test]
fn third_party() {
    let c = checker();
    let contact = MessageFacts {
        recipient: Recipient::EmergencyContact,
        ..MessageFacts::default()
    };
    let f = c.check("He owes $500, please pay on his behalf.", &contact);
    let cats: Vec<&str> = f.iter().map(|f| f.entry.as_str()).collect();
    assert!(cats.contains(&"en.third_party_disclosure.owes"), "{cats:?}");
    assert!(cats.contains(&"third_party.amount"), "{cats:?}");
    assert!(
        cats.contains(&"en.third_party_disclosure.pay on his behalf"),
        "{cats:?}"
    );
    assert!(c
        .check(
            "Hi, this is Jane. Please ask Tom to call me at 555-201-3344.",
            &contact
        )
        .is_empty());
    // The same words to the debtor are fine.
    assert!(c
        .check("You owe $500.", &MessageFacts::to_debtor())
        .is_empty());
}

#[test]
fn required_disclosures() {
    let c = checker();
    let us = MessageFacts {
        jurisdiction: Some(Jurisdiction::Us),
        initial_communication: Some(true),
        ..MessageFacts::to_debtor()
    };
    let ok = "This is ABC Recovery. We are attempting to collect a debt and any information obtained will be used for that purpose.";
    assert!(c.check(ok, &us).is_empty(), "{:?}", c.check(ok, &us));
    let f = c.check("Please call ABC Recovery.", &us);
    assert_eq!(f[0].entry, "us.mini_miranda.initial");
    let later = MessageFacts {
        initial_communication: Some(false),
        ..us.clone()
    };
    assert!(c
        .check("This communication is from a debt collector.", &later)
        .is_empty());
    assert!(!c.check("这是一条关于您的重要通知，请您在方便的时候尽快回电处理，谢谢。This is from a debt collector.", &later).is_empty());
    let vm = MessageFacts {
        channel: Some(Channel::Voicemail),
        ..us
    };
    assert!(c
        .check(
            "Hi, this is Jane Doe from Acme Services. Please call me back at 555-201-3344. Thanks.",
            &vm
        )
        .is_empty());
    // Without a business name it is no limited-content message: the
    // mini-Miranda is due.
    assert_eq!(
        c.check(
            "Hi, this is Jane Doe. Please call me back at 555-201-3344. Thanks.",
            &vm
        )[0]
        .entry,
        "us.mini_miranda.initial"
    );
    let cn = MessageFacts {
        jurisdiction: Some(Jurisdiction::Cn),
        ..MessageFacts::to_debtor()
    };
    assert!(c
        .check("您好，我是招商银行信用卡中心的王明。", &cn)
        .is_empty());
    assert_eq!(c.check("您好，请尽快处理。", &cn)[0].entry, "cn.identify");
}

#[test]
fn electronic_opt_out() {
    let c = checker();
    let sms = MessageFacts {
        jurisdiction: Some(Jurisdiction::Us),
        initial_communication: Some(false),
        channel: Some(Channel::Sms),
        ..MessageFacts::to_debtor()
    };
    let text = "This is a message from a debt collector. Please call 555-201-3344.";
    let f = c.check(text, &sms);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].entry, "us.reg_f.e_opt_out");
    assert_eq!(f[0].category, Category::MissingDisclosure);
    for ok in [
        "This is a message from a debt collector. Reply STOP to opt out.",
        "This is a message from a debt collector. Ｒｅｐｌｙ ｓｔｏｐ to end texts.",
        "This is a message from a debt collector. To unsubscribe, click here.",
    ] {
        assert!(
            c.check(ok, &sms).is_empty(),
            "{ok}: {:?}",
            c.check(ok, &sms)
        );
    }
    // Calls and letters need no opt-out; nor does a message without a
    // jurisdiction.
    let call = MessageFacts {
        channel: Some(Channel::Call),
        ..sms.clone()
    };
    assert!(c.check(text, &call).is_empty());
    let email_cn = MessageFacts {
        jurisdiction: None,
        channel: Some(Channel::Email),
        ..sms.clone()
    };
    assert!(c.check(text, &email_cn).is_empty());
    // Any recipient: a location email to a third party needs one too.
    let third = MessageFacts {
        recipient: Recipient::ThirdParty,
        channel: Some(Channel::Email),
        ..sms
    };
    let f = c.check("Hi, this is Jane. Please ask Tom to call me.", &third);
    assert!(f.iter().any(|f| f.entry == "us.reg_f.e_opt_out"), "{f:?}");
}

#[test]
fn full_width_currency_to_third_party() {
    let c = checker();
    let contact = MessageFacts {
        recipient: Recipient::EmergencyContact,
        ..MessageFacts::default()
    };
    let text = "他还差ＵＳＤ５００没处理";
    let f = c.check(text, &contact);
    let spans: Vec<&str> = f
        .iter()
        .filter(|f| f.entry == "third_party.amount")
        .filter_map(|f| f.span.slice(text))
        .collect();
    assert_eq!(spans, ["ＵＳＤ５００"]);
}

#[test]
fn amount_in_words_to_third_party() {
    let c = checker();
    let contact = MessageFacts {
        recipient: Recipient::EmergencyContact,
        ..MessageFacts::default()
    };
    let text = "Please tell him he owes five hundred dollars";
    let f = c.check(text, &contact);
    let spans: Vec<&str> = f
        .iter()
        .filter(|f| f.entry == "third_party.amount")
        .inspect(|f| assert_eq!(f.category, Category::ThirdPartyDisclosure))
        .filter_map(|f| f.span.slice(text))
        .collect();
    assert_eq!(spans, ["five hundred dollars"]);
    // The debtor may be told the amount.
    assert!(c.check(text, &MessageFacts::to_debtor()).is_empty());
    // A number without a currency word is no amount, even to a contact.
    let f = c.check("Please ask him to call us back in ten minutes.", &contact);
    assert!(!f.iter().any(|f| f.entry == "third_party.amount"), "{f:?}");
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
        include_str!("../../../tests/data/language_eval.jsonl"),
        include_str!("../../../tests/data/language_eval_heldout.jsonl"),
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

/// RULES.md §9.4's example phrases, each in its category with its rule.
#[test]
fn rules_examples_land_in_their_categories() {
    let c = checker();
    let to_debtor = MessageFacts::to_debtor();
    let cases: &[(&str, Category, &str)] = &[
        (
            "我们会打给你所有通讯录联系人",
            Category::PrivacyExposure,
            "zh.near.call_contacts",
        ),
        (
            "Take cash out on your credit card to repay us.",
            Category::PressureToBorrow,
            "en.pressure_to_borrow",
        ),
        (
            "Your family will have to pay if you don't.",
            Category::ThirdPartyDisclosure,
            "en.third_party_disclosure",
        ),
        (
            "你有义务替他还",
            Category::ThirdPartyDisclosure,
            "zh.third_party_disclosure",
        ),
    ];
    for (text, cat, id_prefix) in cases {
        let f = c.check(text, &to_debtor);
        assert!(
            f.iter()
                .any(|x| x.category == *cat && x.entry.starts_with(id_prefix)),
            "{text}: {f:?}"
        );
        // Not filed as impersonation any more.
        assert!(
            f.iter()
                .all(|x| x.category != Category::FalseLegalOrAuthority),
            "{text}: {f:?}"
        );
    }
}

/// Negation cues take back statements that can be lawful and the always-on
/// categories their rule lists, within the window and the clause only.
#[test]
fn negation_cues() {
    let c = checker();
    let ids = |c: &TextChecker, text: &str| -> Vec<String> {
        c.check(text, &MessageFacts::to_debtor())
            .iter()
            .map(|f| f.entry.to_string())
            .collect()
    };
    let none: [&str; 0] = [];
    assert_eq!(ids(c, "We will not sue you for this balance."), none);
    assert_eq!(ids(c, "我司不会向您的通讯录联系人透露任何借款信息。"), none);
    assert_eq!(ids(c, "請勿以貸養貸，如有困難請來電協商。"), none);
    // Another clause: not taken back.
    assert_eq!(
        ids(c, "We will not wait, we will sue you."),
        [
            "en.false_legal_or_authority.we will sue",
            "en.false_legal_or_authority.sue you"
        ]
    );
    // 再等 breaks the cue: what is denied is the waiting.
    assert_eq!(
        ids(c, "我们不会再等了直接起诉"),
        ["zh.false_legal_or_authority.起诉"]
    );
    // Within the window (24 kept characters in en, 8 in zh).
    assert_eq!(
        ids(c, "We will never post about your account on social media."),
        none
    );
    assert_eq!(ids(c, "请不要为了还这笔钱去借高利贷"), none);
    // Beyond it: 接受你的任何借口直接 is 10.
    assert_eq!(
        ids(c, "我们不会接受你的任何借口直接曝光你"),
        ["zh.privacy_exposure.曝光你"]
    );
    // A new statement of intent ends the denial, punctuated or not.
    assert_eq!(
        ids(c, "We will not call you again we will tell your employer"),
        ["en.privacy_exposure.tell your employer"]
    );
    assert_eq!(
        ids(c, "我们不会再打给你了直接通知你家人"),
        ["zh.privacy_exposure.通知你家人"]
    );
    // A contrast ends the denial.
    assert_eq!(
        ids(
            c,
            "We do not want to but we will post your photos on social media"
        ),
        ["en.privacy_exposure.social media"]
    );
    assert_eq!(
        ids(c, "我们不会催你但会在朋友圈曝光你"),
        [
            "zh.privacy_exposure.在朋友圈曝光",
            "zh.privacy_exposure.曝光你"
        ]
    );
    // Threats of violence are never taken back.
    assert_eq!(
        ids(c, "We will not hesitate to hurt you."),
        ["en.threat_violence.hurt you"]
    );
    // A break between the cue and the finding: what is denied is something
    // else.
    assert_eq!(
        ids(c, "We will not hesitate to sue you."),
        ["en.false_legal_or_authority.sue you"]
    );
    assert_eq!(
        ids(c, "We won't hesitate to call your employer."),
        ["en.privacy_exposure.call your employer"]
    );
    assert_eq!(
        ids(c, "我们不会手软直接起诉"),
        ["zh.false_legal_or_authority.起诉"]
    );
    // The rule can be removed by id, and users add their own.
    let mut p = LanguagePolicy::default();
    p.remove.push("en.negation".into());
    let without = TextChecker::new(&p).unwrap();
    assert_eq!(
        ids(&without, "We will not sue you for this balance."),
        ["en.false_legal_or_authority.sue you"]
    );
    p.add_negation.push(NegationRule {
        id: "my.negation".into(),
        window: 0,
        categories: vec![],
        cues: vec!["we will not".into()],
        breaks: vec![],
    });
    let mine = TextChecker::new(&p).unwrap();
    assert_eq!(ids(&mine, "We will not sue you for this balance."), none);
    p.add_negation.push(NegationRule {
        id: " ".into(),
        window: 3,
        categories: vec![],
        cues: vec![],
        breaks: vec![],
    });
    let Err(crate::Error::InvalidPolicy { problems }) = p.validate() else {
        panic!("expected invalid policy");
    };
    let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(problems.len(), 2, "{text:?}");
    assert!(text[0].contains("language.add_negation[1].id"), "{text:?}");
    assert!(
        text[1].contains("language.add_negation[1].cues"),
        "{text:?}"
    );
}

/// A word that starts with the letter the previous word ends with is a new
/// word, not a repeat: the term before it keeps its word boundary. A lone
/// repeated letter between noise still folds ("j a a i l").
#[test]
fn next_word_with_the_same_letter_keeps_the_boundary() {
    let c = checker();
    let found = |text: &str| -> Vec<(String, String)> {
        c.check(text, &MessageFacts::to_debtor())
            .iter()
            .map(|f| {
                (
                    f.entry.to_string(),
                    f.span.slice(text).unwrap_or("<bad span>").to_owned(),
                )
            })
            .collect()
    };
    let one = |id: &str, s: &str| vec![(id.to_owned(), s.to_owned())];
    // Before 2026-11-26 both were missed: the `l`/`u` after the space was
    // folded into the term's last letter, and the letter glued after it
    // broke the term's word boundary.
    assert_eq!(
        found("we will kill you unless you pay"),
        one("en.threat_violence.kill you", "kill you")
    );
    assert_eq!(
        found("go to jail later"),
        one("en.threat_arrest_or_criminal.go to jail", "go to jail")
    );
    assert_eq!(
        found("j a a i l"),
        one("en.threat_arrest_or_criminal.jail", "j a a i l")
    );
    // A doubled letter split by a hyphen, a symbol or a zero-width
    // character is still one word.
    for text in [
        "You will be ar-rested",
        "You will be ar\u{200b}rested",
        "You will be ar-\nrested",
    ] {
        assert_eq!(
            found(text),
            one("en.threat_arrest_or_criminal.arrested", &text[12..]),
            "{text:?}"
        );
    }
}

/// An addition may not repeat an id in use; removing the built-in item
/// first replaces it.
#[test]
fn additions_replace_only_removed_ids() {
    let mine = LexiconEntry {
        id: "en.threat_violence.kill you".into(),
        term: "kill you".into(),
        category: Category::ThreatViolence,
        severity: Severity::Low,
        gate: Gate::Always,
        rule: crate::rule::RuleRef::new("my.rule", "", crate::rule::RuleStatus::Unverified),
        message: "mine".into(),
    };
    let mut p = LanguagePolicy::default();
    p.add.push(mine.clone());
    p.add.push(LexiconEntry {
        id: "my.twice".into(),
        ..mine.clone()
    });
    p.add.push(LexiconEntry {
        id: "my.twice".into(),
        ..mine.clone()
    });
    let Err(crate::Error::InvalidPolicy { problems }) = TextChecker::new(&p) else {
        panic!("expected invalid policy");
    };
    let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(problems.len(), 2, "{text:?}");
    assert!(text[0].contains("language.add[0].id"), "{text:?}");
    assert!(text[0].contains("en.threat_violence.kill you"), "{text:?}");
    assert!(text[1].contains("language.add[2].id"), "{text:?}");
    // Replaced: the finding is the policy's entry.
    let mut p = LanguagePolicy::default();
    p.remove.push("en.threat_violence.kill you".into());
    p.add.push(mine);
    let c = TextChecker::new(&p).unwrap();
    let f = c.check("we will kill you", &MessageFacts::to_debtor());
    assert_eq!(f.len(), 1);
    assert_eq!(
        (f[0].entry.as_str(), f[0].severity, f[0].rule.id.as_str()),
        ("en.threat_violence.kill you", Severity::Low, "my.rule")
    );
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

/// A disclosure said in the negative is no disclosure, and phrases match
/// whole words (found by a review: "This is not an attempt to collect a
/// debt", "not from a debt collector", "You cannot opt out" and "adopt
/// outstanding" all passed).
#[test]
fn negated_disclosures_are_missing() {
    let us = |initial: bool, channel: Option<Channel>| MessageFacts {
        jurisdiction: Some(Jurisdiction::Us),
        initial_communication: Some(initial),
        channel,
        ..MessageFacts::to_debtor()
    };
    let entries = entry_ids;
    assert_eq!(
        entries(
            "Hello John. This is not an attempt to collect a debt and any information obtained will be used for that purpose.",
            &us(true, None)
        ),
        ["us.mini_miranda.initial"]
    );
    assert_eq!(
        entries(
            "Hello John, please call us. This message is not from a debt collector.",
            &us(false, None)
        ),
        ["us.mini_miranda.subsequent"]
    );
    for text in [
        "This is from a debt collector. Call us. You cannot opt out of these messages.",
        "This is from a debt collector. Please adopt outstanding habits and call us.",
    ] {
        assert_eq!(
            entries(text, &us(false, Some(Channel::Sms))),
            ["us.reg_f.e_opt_out"],
            "{text}"
        );
    }
    // Natural first-person wording discloses.
    for text in [
        "Hi John, I am a debt collector. Please call us.",
        "We are debt collectors; please call.",
    ] {
        assert!(entries(text, &us(false, None)).is_empty(), "{text}");
    }
    // A limited-content voicemail needs no mini-Miranda; one that says more
    // does.
    let vm = us(true, Some(Channel::Voicemail));
    assert!(entries(
        "Hi, this is Jane Doe from Acme Services. Please call me back at 555-201-3344. Thank you.",
        &vm
    )
    .is_empty());
    assert!(entries(
        "Hi, this is Jane Doe from Acme Services. Please call me back at 555-201-3344 about the $2,400 you still need to pay.",
        &vm
    )
    .contains(&"us.mini_miranda.initial".to_owned()));
}

/// China: the collector identifies themself as well as the institution,
/// and a blank institution fact is no institution (found by a review: with
/// an institution given, self-identification was never asked for, and
/// `Some("")` matched every text).
#[test]
fn cn_identity_needs_the_collector_and_the_institution() {
    let cn = |inst: Option<&str>| MessageFacts {
        jurisdiction: Some(Jurisdiction::Cn),
        sender_institution: inst.map(str::to_owned),
        ..MessageFacts::to_debtor()
    };
    let entries = entry_ids;
    let named = "您好，我是招商银行信用卡中心的王明，提醒您按时还款。";
    assert!(entries(named, &cn(Some("招商银行"))).is_empty());
    assert_eq!(
        entries("招商银行提醒您按时还款。", &cn(Some("招商银行"))),
        ["cn.identify"]
    );
    assert_eq!(entries("请尽快还款。", &cn(Some(" "))), ["cn.identify"]);
}

/// A message in two languages carries the mini-Miranda in both (RULES.md
/// §9.1 "in the same language(s)"; found by a review: only the majority
/// language was asked for).
#[test]
fn a_bilingual_message_discloses_in_both_languages() {
    let us = us_facts(false, None);
    let en_only = "This is a message from a debt collector. Please call us back today. 您好，请尽快回电处理您的账户问题，谢谢配合。";
    assert_eq!(entries(en_only, &us), ["us.mini_miranda.subsequent"]);
    let both = "This is a message from a debt collector. Please call us back today. 您好，本信息来自债务催收方，请尽快回电处理，谢谢配合。";
    assert!(entries(both, &us).is_empty(), "{:?}", entries(both, &us));
}

/// Review findings on the gates (2026-11-27): a space between Chinese
/// clauses ends a negation's reach; a spouse is the consumer only in the
/// US; a liability claim is true only of a guarantor.
#[test]
fn gate_review_findings() {
    let c = checker();
    let ids = entry_ids;
    let debtor = MessageFacts::to_debtor();
    // 请勿 negates 拖延, not the threat in the next (space-separated) clause.
    let spaced = ids("【XX银行】请勿拖延 起诉在即", &debtor);
    let commas = ids("【XX银行】请勿拖延，起诉在即", &debtor);
    assert!(!commas.is_empty());
    assert_eq!(spaced, commas);
    // The space inside an English clause is no break, nor one right after
    // the cue.
    assert!(ids("we will not sue you", &debtor).is_empty());
    assert_eq!(
        ids("我们不会 打你通讯录", &debtor),
        ids("我们不会打你通讯录", &debtor)
    );
    // One pass over long runs of white space (it was quadratic).
    let long = format!("请勿{}call your family", " ".repeat(200_000));
    let _ = c.check(&long, &debtor);

    let spouse = |jurisdiction| MessageFacts {
        recipient: Recipient::ConsumerEquivalent,
        jurisdiction,
        ..MessageFacts::default()
    };
    let msg = "您丈夫的贷款已逾期30天，欠款5000元，请转告他还款。";
    let third = |facts: &MessageFacts| {
        c.check(msg, facts)
            .iter()
            .filter(|f| f.category == Category::ThirdPartyDisclosure)
            .count()
    };
    assert!(third(&spouse(Some(Jurisdiction::Cn))) >= 3);
    assert_eq!(third(&spouse(None)), 0);
    assert_eq!(third(&spouse(Some(Jurisdiction::Us))), 0);
    assert!(spouse(Some(Jurisdiction::Uk)).to_third_party());

    // An allowed phrase is allowed to the debtor, not to a third party.
    let contact = MessageFacts {
        recipient: Recipient::EmergencyContact,
        judgment_obtained: Some(true),
        ..MessageFacts::default()
    };
    let hedged = "If the court enters judgment, we may seek garnishment.";
    assert!(c.check(hedged, &debtor).is_empty());
    assert!(c
        .check(hedged, &contact)
        .iter()
        .any(|f| f.category == Category::ThirdPartyDisclosure));

    // A filed suit does not make threats lawful on a time-barred debt.
    let filed_barred = MessageFacts {
        lawsuit_filed: Some(true),
        debt_time_barred: Some(true),
        ..MessageFacts::to_debtor()
    };
    assert!(Gate::UnlessLawsuitLawful.fires(&filed_barred));
    assert!(!c
        .check("We will sue you for the full balance.", &filed_barred)
        .is_empty());
    let filed = MessageFacts {
        lawsuit_filed: Some(true),
        ..MessageFacts::to_debtor()
    };
    assert!(!Gate::UnlessLawsuitLawful.fires(&filed));

    let guarantor = MessageFacts {
        recipient: Recipient::Guarantor,
        ..MessageFacts::default()
    };
    assert!(!Gate::UnlessGuarantor.fires(&guarantor));
    assert!(Gate::UnlessGuarantor.fires(&debtor));
    assert!(Gate::UnlessGuarantor.fires(&MessageFacts::default()));
}

/// In a call or chat transcript, the customer's own words are not the
/// collector's (blind set 7: "Customer: You people are scum" was flagged as
/// the collector's insult); an SMS is the collector's text, labels or not,
/// and a text with one side's labels only is no transcript.
#[test]
fn customer_turns_of_a_transcript_are_not_checked() {
    let c = checker();
    let debtor = MessageFacts::to_debtor();
    let chat = "Customer: You people are scum, stop calling me! Agent: I understand; we won't call this number again.";
    assert!(c.check(chat, &debtor).is_empty());
    let zh = "客户：你们这帮骗子！别再打了！坐席：理解您的心情，今后不再致电。";
    assert!(c.check(zh, &debtor).is_empty());
    // The agent's words still count.
    let agent = "Customer: I can't pay. Agent: then you're an idiot.";
    assert!(!c.check(agent, &debtor).is_empty());
    let sms = MessageFacts {
        channel: Some(Channel::Sms),
        ..MessageFacts::to_debtor()
    };
    assert!(!c.check(chat, &sms).is_empty());
    assert!(!c.check("Customer: you people are scum", &debtor).is_empty());
}

/// RULES.md §9.3: a premium-rate number for the customer to call is a
/// misleading prompt in the UK, found by its digits (`premium.rs`); the
/// same digits are an ordinary number elsewhere.
#[test]
fn uk_premium_rate_numbers() {
    let text = "Please call 0906 123 4567 about your account.";
    let mut uk = MessageFacts::to_debtor();
    uk.jurisdiction = Some(Jurisdiction::Uk);
    let f = checker().check(text, &uk);
    let premium: Vec<&Finding> = f
        .iter()
        .filter(|x| x.entry == "uk.premium_rate_number")
        .collect();
    assert_eq!(premium.len(), 1, "{f:?}");
    assert_eq!(
        &text[premium[0].span.start..premium[0].span.end],
        "0906 123 4567"
    );
    assert_eq!(premium[0].category, Category::Deceptive);
    assert_eq!(premium[0].severity, Severity::High);
    assert_eq!(premium[0].rule.id, "uk.conc.7_9.misleading_contact");
    assert_eq!(premium[0].matched, "0906 123 4567");
    for j in [None, Some(Jurisdiction::Us), Some(Jurisdiction::Cn)] {
        let mut other = MessageFacts::to_debtor();
        other.jurisdiction = j;
        assert!(
            !entry_ids(text, &other).contains(&"uk.premium_rate_number".to_owned()),
            "{j:?}"
        );
    }
    let free = "Please call 0800 123 4567 about your account.";
    assert!(!entry_ids(free, &uk).contains(&"uk.premium_rate_number".to_owned()));
}

/// RULES.md §9.4 "our legal department / our attorney (when no attorney is
/// involved)": naming the creditor's attorneys is true once counsel is
/// retained on the debt; claiming to be an attorney still needs the sender
/// to be one.
#[test]
fn our_attorneys_once_counsel_is_retained() {
    let ours = [
        "We have referred your account to our attorneys.",
        "我们已将您的欠款交给我们的律师处理。",
        "我們的律師將與您聯繫。",
    ];
    let claims = [
        "I am an attorney and I handle your file.",
        "我是律师，你的案子我接了。",
    ];
    let mut unknown = MessageFacts::to_debtor();
    unknown.attorney_retained = None;
    let mut retained = MessageFacts::to_debtor();
    retained.attorney_retained = Some(true);
    let mut attorney = MessageFacts::to_debtor();
    attorney.sender_is_attorney = Some(true);
    let legal = |t: &str, f: &MessageFacts| {
        checker()
            .check(t, f)
            .iter()
            .filter(|x| x.category == Category::FalseLegalOrAuthority)
            .map(|x| x.entry.to_string())
            .collect::<Vec<_>>()
    };
    for t in ours {
        assert!(!legal(t, &unknown).is_empty(), "{t}: unknown facts fire");
        assert_eq!(legal(t, &retained), Vec::<String>::new(), "{t}: retained");
        assert_eq!(legal(t, &attorney), Vec::<String>::new(), "{t}: attorney");
    }
    assert_eq!(
        legal(ours[0], &unknown),
        ["en.false_legal_or_authority.our attorneys"]
    );
    for t in claims {
        assert!(
            !legal(t, &retained).is_empty(),
            "{t}: retained counsel is not the sender"
        );
        assert_eq!(legal(t, &attorney), Vec::<String>::new(), "{t}: attorney");
    }
    // The gate, directly.
    assert!(Gate::UnlessAttorneyRetained.fires(&unknown));
    assert!(!Gate::UnlessAttorneyRetained.fires(&retained));
    assert!(!Gate::UnlessAttorneyRetained.fires(&attorney));
    assert!(Gate::UnlessAttorney.fires(&retained));
    let json: MessageFacts =
        serde_json::from_str(r#"{"recipient":"debtor","attorney_retained":true}"#).unwrap();
    assert_eq!(json, retained);
}
