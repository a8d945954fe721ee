//! Matching: the rules' examples, negation cues, word boundaries, lexicon
//! additions, transcripts and UK premium-rate numbers.

use super::*;

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
    // Any white space between the words, full-width letters, and a
    // look-alike glued after the letter (found by the language oracle:
    // only one ASCII space before an ASCII letter counted until
    // 2026-11-28).
    for (text, span) in [
        ("we will kill you\nunless you pay", "kill you"),
        ("we will kill you\tunless you pay", "kill you"),
        ("we will kill you  unless you pay", "kill you"),
        ("we will kill you\u{3000}unless you pay", "kill you"),
        ("we will kill you\r\nunless you pay", "kill you"),
        (
            "ＷＥ ＷＩＬＬ ＫＩＬＬ ＹＯＵ ＵＮＬＥＳＳ ＹＯＵ ＰＡＹ",
            "ＫＩＬＬ ＹＯＵ",
        ),
    ] {
        assert_eq!(
            found(text),
            one("en.threat_violence.kill you", span),
            "{text:?}"
        );
    }
    assert_eq!(
        found("go to jail\nlater"),
        one("en.threat_arrest_or_criminal.go to jail", "go to jail")
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

/// Styled letters (Mathematical Alphanumeric Symbols, beyond the BMP) read
/// as the plain letters NFKC makes of them, bold, italic, double-struck or
/// monospace, digits included; the span is the styled original.
#[test]
fn styled_letters_read_as_plain_ones() {
    let c = checker();
    for text in [
        "𝐲𝐨𝐮 𝐰𝐢𝐥𝐥 𝐠𝐨 𝐭𝐨 𝐣𝐚𝐢𝐥",
        "you will go to 𝕛𝕒𝕚𝕝",
        "you will 𝚐𝚘 𝚝𝚘 𝚓𝚊𝚒𝚕",
        "you will go to 𝒋𝟒𝒊𝒍",
    ] {
        let found: Vec<(String, &str)> = c
            .check(text, &MessageFacts::to_debtor())
            .iter()
            .map(|f| {
                (
                    f.entry.to_string(),
                    f.span.slice(text).unwrap_or("<bad span>"),
                )
            })
            .collect();
        let start = text
            .find("go")
            .or_else(|| text.find('𝐠'))
            .or_else(|| text.find('𝚐'));
        let want = &text[start.unwrap_or(0)..];
        assert_eq!(
            found,
            [("en.threat_arrest_or_criminal.go to jail".to_owned(), want)],
            "{text:?}"
        );
    }
}
