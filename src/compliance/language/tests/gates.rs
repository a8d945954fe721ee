//! Gates: findings that depend on the message's facts (recipient, legal
//! process, third parties, counsel retained).

use super::*;

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
