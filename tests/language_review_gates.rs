//! The probes of the review of the language checker's fact gates and
//! category semantics (2026-11-27, findings 1-14), as assertions on the
//! built-in lexicons: each message under its facts gives the expected
//! finding (entry id or category), or none. Facts are written in the
//! review's shorthand: `r=` recipient (debtor, third, ec = emergency
//! contact, guar, ce = consumer equivalent, unknown), `li` lawsuit intended,
//! `lf` filed, `j` judgment obtained, `tb` time-barred, `rb` lender reports
//! to the credit bureau, `atty` sender is an attorney, `ar` an attorney is
//! retained on the debt, `rp` repossession lawful, `mo` malicious-
//! overdraft facts met, `jur` jurisdiction (cn, us, uk); a fact not listed is
//! unknown.

mod common;

use arrears::compliance::language::Category;
use arrears::compliance::language::Finding;
use common::{check, clean, flags, has, lacks};

use Category::{
    Deceptive, FalseLegalOrAuthority as Legal, PrivacyExposure, ThirdPartyDisclosure as Tpd,
    ThreatArrestOrCriminal as Criminal,
};

/// Review finding 1: Suits, enforcement and attorney letters told to a third party disclose
/// the debt whatever the lawsuit facts; call-back requests stay clean, and
/// the debtor is still judged on the facts.
#[test]
fn legal_words_to_a_third_party_disclose_the_debt() {
    flags(
        "r=third,li=1,tb=0",
        "Please tell John we will file a lawsuit against him on Monday.",
        Tpd,
    );
    flags("r=unknown,li=1,tb=0", "We will sue him.", Tpd);
    flags(
        "r=ec,li=1,tb=0",
        "请转告张三，我司将依法对他提起诉讼。",
        Tpd,
    );
    flags(
        "r=ec,j=1",
        "请转告张三，法院将对他强制执行，查封他的房子。",
        Tpd,
    );
    flags(
        "r=third,atty=1",
        "This is a legal notice from our law firm for Mr. Smith.",
        Tpd,
    );
    flags(
        "r=ec,j=1",
        "Please let Maria know the court entered a judgment and her wages will be garnished.",
        Tpd,
    );
    flags("r=ec,li=1,tb=0", "請轉告陳先生，本行將對他提起訴訟。", Tpd);
    // Ordinary call-back requests, including one from a caller named Sue.
    clean(
        "r=third",
        "Hi, this is Sue from Summit Services. Please ask John to call me back at 555-0100.",
    );
    clean(
        "r=ec",
        "Hello, could you ask Maria to return my call? Thank you.",
    );
    clean("r=ec", "您好，麻烦转告张先生方便时回个电话，谢谢。");
    clean("r=third", "您好，請轉告李先生方便時回電，謝謝。");
    // The debtor: a lawful suit passes, an unknown one does not.
    clean(
        "r=debtor,li=1,tb=0",
        "If the balance is not paid by June 1, we intend to file a lawsuit.",
    );
    clean(
        "r=debtor,li=1,tb=0",
        "如您在月底前仍未还款，我司将依法提起诉讼。",
    );
    flags(
        "r=debtor",
        "If the balance is not paid by June 1, we intend to file a lawsuit.",
        Legal,
    );
}

/// Review finding 2: A cue that negates something else (ignore, doubt, delay, 阻止, 拖延)
/// does not take the threat back; true negations still pass.
#[test]
fn negation_breaks() {
    let d = "r=debtor";
    has(
        d,
        "Please do not ignore this letter or a lawsuit may be filed.",
        "en.false_legal_or_authority.lawsuit",
    );
    has(
        d,
        "There is no doubt a lawsuit will be filed against you on Monday.",
        "en.false_legal_or_authority.lawsuit",
    );
    has(
        d,
        "Please do not ignore this or you'll be blacklisted.",
        "en.deceptive.blacklisted",
    );
    has(
        d,
        "Please don't delay or we will take legal action.",
        "en.false_legal_or_authority.legal action",
    );
    has(
        d,
        "没有什么能阻止我们起诉你",
        "zh.false_legal_or_authority.起诉你",
    );
    has(
        d,
        "【XX银行】请勿拖延 起诉在即",
        "zh.false_legal_or_authority.起诉",
    );
    has(d, "请勿拖延，起诉在即", "zh.false_legal_or_authority.起诉");
    has(
        d,
        "请不要心存侥幸，起诉你只是时间问题",
        "zh.false_legal_or_authority.起诉你",
    );
    has(
        d,
        "请勿忽视本通知 否则将起诉",
        "zh.false_legal_or_authority.起诉",
    );
    // True negations.
    clean(d, "We will not sue you.");
    clean(d, "We will not take legal action over this debt.");
    clean(d, "我们不会起诉你。");
    clean(d, "我司不会对您提起诉讼，请放心。");
    clean(d, "我們不會起訴你。");
}

/// Review finding 3: Statements that a judgment exists need one; an intended suit is not
/// enough. British spellings and CCJs included.
#[test]
fn judgment_exists_needs_a_judgment() {
    let intended = "r=debtor,li=1,tb=0";
    let judged = "r=debtor,li=1,tb=0,lf=1,j=1";
    for text in [
        "法院判决书已经下来了，请立即还款。",
        "法院判决你必须在三日内还清全部欠款。",
        "你已经被法院列入失信被执行人名单，已被限制高消费。",
        "支付令已经下来了，请在15日内还款。",
        "The court has entered judgment against you for $4,210.",
        "A County Court Judgment has been registered against you.",
        "We have obtained a judgement against you.",
        "A judgement has been entered against you.",
        "A CCJ was registered against you last month.",
        "法院判決書已經下來了，請立即還款。",
    ] {
        flags(intended, text, Legal);
        clean(judged, text);
    }
    has(
        intended,
        "We have obtained a judgement against you.",
        "en.false_legal_or_authority.obtained a judgement",
    );
    has(
        intended,
        "法院判决你必须在三日内还清全部欠款。",
        "zh.false_legal_or_authority.法院判决你",
    );
}

/// Review finding 4: Enforcement needs a judgment; conditional and hedged wording about
/// asking the court passes with a suit intended.
#[test]
fn enforcement_needs_a_judgment() {
    let intended = "r=debtor,li=1,tb=0";
    for text in [
        "We'll garnish your wages tomorrow and freeze your bank account.",
        "Our enforcement agents will attend your home on Monday to take control of your goods.",
        "Bailiffs will call at your address this week.",
        "明天就冻结你的银行卡，扣你工资。",
        "三天后将申请强制执行，查封你的房子。",
    ] {
        flags(intended, text, Legal);
        clean("r=debtor,j=1", text);
    }
    flags(
        "r=debtor,lf=1,tb=1",
        "We'll garnish your wages next week.",
        Legal,
    );
    // Truthful notices with a suit intended.
    clean(
        intended,
        "If the court enters judgment, we may seek garnishment of your wages.",
    );
    clean(
        intended,
        "If you do not pay by June 1, we intend to file a lawsuit. If the court enters a judgment against you, we may ask the court to garnish your wages.",
    );
    clean(intended, "如法院判决后，可申请强制执行。");
    clean(
        intended,
        "如逾期仍未还款，我司将依法提起诉讼，胜诉后将依法申请强制执行。",
    );
    clean(
        intended,
        "If you don't pay, we may apply for a County Court Judgment.",
    );
}

/// Review finding 5: Confiscation is a criminal penalty: always a finding.
#[test]
fn confiscation_is_always_a_finding() {
    has(
        "r=debtor,j=1",
        "法院将没收你的财产。",
        "zh.false_legal_or_authority.没收你的财产",
    );
    has(
        "r=debtor,li=1,tb=0",
        "我们将没收你的财产。",
        "zh.false_legal_or_authority.没收你的财产",
    );
    clean("r=debtor", "我们不会没收你的财产。");
}

/// Review finding 6: True statements about a filed suit or a judgment, and an attorney's
/// own notice, are not impersonation; first-person impersonation is.
#[test]
fn legal_process_words_follow_the_facts() {
    let atty_li = "r=debtor,atty=1,li=1,tb=0";
    let atty_lf = "r=debtor,atty=1,lf=1";
    clean(atty_li, "FINAL LEGAL NOTICE. Our law firm has been retained by ABC Bank. Unless paid, we intend to file suit.");
    clean(atty_li, "Notice of legal action: this law office intends to file a lawsuit on behalf of our client.");
    clean(atty_lf, "You have been served with a summons in the lawsuit we filed; service of process was completed on May 2.");
    clean(
        atty_lf,
        "We filed suit on March 3; you should receive a summons from the court. You may contact the court clerk about your case number.",
    );
    clean(
        atty_lf,
        "Please see the enclosed affidavit filed with the complaint.",
    );
    clean(
        "r=debtor,j=1",
        "本案已由XX区人民法院执行局立案执行，请配合法院执行。",
    );
    clean("r=debtor,j=1", "法院将通知您单位人事部门协助扣划工资。");
    // False when the facts are not there.
    flags(
        "r=debtor",
        "FINAL LEGAL NOTICE. Unless paid, we intend to file suit.",
        Legal,
    );
    flags(
        "r=debtor,li=1,tb=0",
        "You have been served with a summons.",
        Legal,
    );
    flags(
        "r=debtor,li=1,tb=0",
        "本案已由XX区人民法院执行局立案执行。",
        Legal,
    );
    flags("r=debtor", "我们会联系你单位人事部门。", PrivacyExposure);
    // First person: impersonation whatever the facts.
    for text in [
        "This is the court clerk calling about your case.",
        "我是法院执行局的，你的案子到我们这了。",
        "我是执行局的工作人员。",
    ] {
        flags("r=debtor,lf=1,j=1,atty=1", text, Legal);
    }
}

/// Review finding 7: Malicious overdraft: prosecution wording is lawful with the §196 facts
/// met, in both languages; arrest and jail stay always-on.
#[test]
fn malicious_overdraft_wording_is_gated() {
    let met = "r=debtor,mo=1";
    for text in [
        "您的行为已涉嫌信用卡诈骗罪，我行将移送公安机关立案侦查。",
        "您的行为已构成犯罪，我行将移交公安。",
        "您的行为可能涉嫌犯罪，我行已向公安报案。",
        "Your card account meets the malicious overdraft criteria; the bank may report this to the police as credit card fraud.",
    ] {
        clean(met, text);
        flags("r=debtor", text, Criminal);
    }
    has(
        "r=debtor",
        "This is credit card fraud and you face criminal liability.",
        "en.threat_arrest_or_criminal.credit card fraud",
    );
    flags(met, "你涉嫌恶意透支，等着坐牢吧。", Criminal);
    flags(met, "You will go to jail for credit card fraud.", Criminal);
}

/// Review finding 8: A guarantor is liable; anyone else is not. Family-pays claims stay
/// always-on.
#[test]
fn liability_claims_follow_the_recipient() {
    let g = "r=guar";
    clean(g, "根据保证合同，你要负连带责任，请代为偿还借款人的欠款。");
    clean(g, "作为保证人，你有义务替他还款。");
    clean(
        g,
        "As a co-signer, you are liable for his debt under the contract you signed.",
    );
    clean(g, "As a co-signer, you are responsible for his debt.");
    flags("r=ec", "你要负连带责任，请代为偿还。", Tpd);
    flags("r=debtor", "你有义务替他还。", Tpd);
    flags("r=third", "You are liable for his debt.", Tpd);
    flags(g, "父债子还，你家人要替你还。", Tpd);
    flags(g, "Your family will have to pay if he doesn't.", Tpd);
}

/// Review finding 10: zh-Hant forms that must normalise to the zh-Hans terms: 著, 帳, 甚麼.
#[test]
fn traditional_forms_match() {
    let d = "r=debtor";
    flags(d, "你等著瞧，走著瞧", Category::Harassment);
    flags(d, "我們會當著你同事的面把事情講清楚", PrivacyExposure);
    flags(d, "我會盯著你", Category::Harassment);
    flags(d, "你算甚麼東西", Category::InsultOrProfanity);
    flags(d, "你算甚么东西", Category::InsultOrProfanity);
    has(
        "r=third",
        "他的帳單還沒繳",
        "zh.third_party_disclosure.账单",
    );
    has(
        "r=third",
        "他的帐单还没缴",
        "zh.third_party_disclosure.账单",
    );
    // Ordinary words with 著 or 甚 stay clean.
    clean(d, "您好，本行著名的客服熱線甚至在週末也提供服務。");
}

/// Review finding 11: The same concept has one severity in both languages.
#[test]
fn family_pays_has_one_severity() {
    let d = "r=debtor";
    let en = check(d, "Your family will have to pay if you don't.");
    let zh = check(d, "你家人要替你还");
    let sev = |fs: &[Finding]| fs.iter().find(|f| f.category == Tpd).map(|f| f.severity);
    assert!(sev(&en).is_some());
    assert_eq!(sev(&en), sev(&zh));
    let en = check(d, "You are liable for his debt.");
    let zh = check(d, "你要负连带责任");
    assert!(sev(&en).is_some());
    assert_eq!(sev(&en), sev(&zh));
}

/// Review finding 13: Future or conditional summons and hearing words pass with a suit
/// intended; saying one has been issued or scheduled needs a filed suit.
#[test]
fn summons_and_hearing_words() {
    let intended = "r=debtor,li=1,tb=0";
    clean(
        intended,
        "If we file suit, you will receive a summons and a court date.",
    );
    clean(intended, "起诉后您将收到法院传票。");
    clean(intended, "若我司起诉，法院将通知开庭时间。");
    for text in [
        "A summons has been issued in your name.",
        "You have been summoned to appear on May 4.",
        "你的传票已经寄出，请注意查收。",
        "开庭时间定于下周三上午九点。",
        "We have filed a lawsuit; your court date is May 4.",
    ] {
        flags(intended, text, Legal);
        clean("r=debtor,li=1,tb=0,lf=1", text);
    }
    flags(
        "r=debtor",
        "If we file suit, you will receive a summons.",
        Legal,
    );
}

/// Review finding 14: UK: credit reference agencies are under the bureau gate; fake
/// delivery notices and premium-rate numbers are deceptive.
#[test]
fn uk_bureau_and_contact_prompts() {
    flags(
        "r=debtor,rb=0",
        "We will report the default to the credit reference agencies.",
        Legal,
    );
    flags(
        "r=debtor,rb=0",
        "A default will be registered with the CRAs and will stay for six years.",
        Legal,
    );
    clean(
        "r=debtor,rb=1",
        "We will report the default to the credit reference agencies.",
    );
    clean(
        "r=debtor,rb=1",
        "A default will be registered with the CRAs and will stay for six years.",
    );
    flags(
        "r=debtor,jur=uk",
        "Sorry we missed you. We tried to deliver a parcel today. Please call 0906 123 4567 to rearrange delivery.",
        Deceptive,
    );
    flags(
        "r=debtor,jur=uk",
        "Please call our premium line 09xx 555 0101 (£1.50/min).",
        Deceptive,
    );
    lacks(
        "r=debtor,jur=uk",
        "Please call us free on 0800 555 0101 to discuss a payment plan.",
        Deceptive,
    );
}

/// Unconfirmed suspicion of the review, settled 2026-11-27: Taiwan wording
/// (聯絡人 for contacts, 親友 for friends and family, 簡訊 for text messages)
/// threatens the phone book as 联系人 and 短信 do; asking to update one's
/// own contact details or sending a text to the debtor is clean.
#[test]
fn taiwan_contact_wording() {
    for text in [
        "再不還錢就打給你所有聯絡人",
        "我們會傳簡訊給你所有的親友",
        "我們會把你的欠款告訴你的聯絡人",
        "傳簡訊給你通訊錄的人",
    ] {
        flags("r=debtor", text, PrivacyExposure);
    }
    for text in [
        "請更新您的聯絡人資料",
        "如需協助請洽您的親友或本行客服",
        "我們已寄簡訊給您本人，請查收",
    ] {
        clean("r=debtor", text);
    }
}

/// Unconfirmed suspicion of the review, settled 2026-11-27: "our
/// attorneys" is true once counsel is retained on the debt (RULES.md §9.4
/// "when no attorney is involved"); claiming to be one is not.
#[test]
fn our_attorneys_follow_the_retained_fact() {
    let text = "We have referred your account to our attorneys.";
    flags("r=debtor", text, Legal);
    lacks("r=debtor,ar", text, Legal);
    lacks("r=debtor,atty", text, Legal);
    flags(
        "r=debtor,ar",
        "I am an attorney and I will see you in court.",
        Legal,
    );
    flags("r=debtor", "我們的律師將與您聯繫。", Legal);
    lacks("r=debtor,ar", "我們的律師將與您聯繫。", Legal);
    flags("r=debtor,ar", "这是律师函，请签收。", Legal);
}

/// Unconfirmed suspicion of the review, settled 2026-11-27: a phrase is in
/// one category only ("get you fired" gave a harassment and a privacy
/// finding), except where the second is the third-party disclosure of the
/// same words (a different gate: legal words told to someone else).
#[test]
fn one_category_per_built_in_term() {
    use std::collections::BTreeMap;
    for file in ["en.toml", "zh.toml"] {
        let path = format!("{}/lexicons/{file}", env!("CARGO_MANIFEST_DIR"));
        let doc: toml::Value = toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let mut seen: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for g in doc
            .get("group")
            .and_then(|g| g.as_array())
            .into_iter()
            .flatten()
        {
            let cat = g["category"].as_str().unwrap().to_owned();
            for t in g["terms"].as_array().unwrap() {
                let cats = seen.entry(t.as_str().unwrap().to_lowercase()).or_default();
                if cat != "third_party_disclosure" && !cats.contains(&cat) {
                    cats.push(cat.clone());
                }
            }
        }
        let twice: Vec<_> = seen.iter().filter(|(_, c)| c.len() > 1).collect();
        assert!(twice.is_empty(), "{file}: {twice:?}");
    }
    flags("r=debtor", "We will get you fired.", Category::Harassment);
    lacks("r=debtor", "We will get you fired.", PrivacyExposure);
    flags("r=debtor", "再不还就让你身败名裂", PrivacyExposure);
    lacks("r=debtor", "再不还就让你身败名裂", Category::Harassment);
}

/// Unconfirmed suspicion of the review, settled 2026-11-27: repossession
/// turns on a present right to possession and an intent (U-REPO, 12 CFR
/// 1006.22(e)), not on a suit; a lawful suit still covers foreclosure by
/// the court.
#[test]
fn repossession_follows_the_right_to_possession() {
    let text = "If the payment is not made, we will repossess the car.";
    flags("r=debtor", text, Legal);
    has("r=debtor", text, "en.false_legal_or_authority.repossess");
    lacks("r=debtor,rp", text, Legal);
    lacks("r=debtor,li,tb=0", text, Legal);
    flags("r=debtor,rp=0,li=0", text, Legal);
    // Told to someone else, the word still discloses the debt.
    flags("r=third,rp", text, Tpd);
    // A right to repossess does not make a lawsuit threat lawful.
    flags(
        "r=debtor,rp",
        "We will sue you and repossess the car.",
        Legal,
    );
}
