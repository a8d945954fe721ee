//! Helpers shared by the language review tests: the built-in checker, facts
//! in the reviews' shorthand, and assertions on a message's findings.
//!
//! Facts shorthand: `r=` recipient (debtor, third, ec = emergency contact,
//! guar, ce = consumer equivalent, unknown), `li` lawsuit intended, `lf`
//! filed, `j` judgment obtained, `tb` time-barred, `rb` lender reports to the
//! credit bureau, `ag` agency referral exists, `atty` sender is an attorney,
//! `ar` an attorney is retained on the debt, `rp` repossession lawful, `mo`
//! malicious-overdraft facts met, `init` initial communication, `ch`
//! channel (call, chat, voicemail, sms, email, letter), `jur` jurisdiction (cn,
//! us, uk); `k=0` sets a fact false; a fact not listed is
//! unknown.

#![allow(dead_code)]

use std::sync::OnceLock;

use arrears::compliance::language::{
    Category, Channel, Finding, Jurisdiction, LanguagePolicy, MessageFacts, Recipient, TextChecker,
};

pub fn checker() -> &'static TextChecker {
    static C: OnceLock<TextChecker> = OnceLock::new();
    C.get_or_init(|| TextChecker::new(&LanguagePolicy::default()).expect("built-in lexicons"))
}

pub fn facts(spec: &str) -> MessageFacts {
    let mut f = MessageFacts::default();
    for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (k, v) = part.split_once('=').unwrap_or((part, "1"));
        let b = Some(v == "1");
        match k {
            "r" => {
                f.recipient = match v {
                    "debtor" => Recipient::Debtor,
                    "third" => Recipient::ThirdParty,
                    "ec" => Recipient::EmergencyContact,
                    "guar" => Recipient::Guarantor,
                    "ce" => Recipient::ConsumerEquivalent,
                    "unknown" => Recipient::Unknown,
                    other => panic!("recipient {other}"),
                }
            }
            "li" => f.lawsuit_intended = b,
            "lf" => f.lawsuit_filed = b,
            "j" => f.judgment_obtained = b,
            "tb" => f.debt_time_barred = b,
            "rb" => f.lender_reports_to_credit_bureau = b,
            "ag" => f.agency_referral_exists = b,
            "atty" => f.sender_is_attorney = b,
            "ar" => f.attorney_retained = b,
            "rp" => f.repossession_lawful = b,
            "mo" => f.malicious_overdraft_facts_met = b,
            "init" => f.initial_communication = b,
            "ch" => {
                f.channel = Some(match v {
                    "call" => Channel::Call,
                    "chat" => Channel::InstantMessage,
                    "voicemail" => Channel::Voicemail,
                    "sms" => Channel::Sms,
                    "email" => Channel::Email,
                    "letter" => Channel::Letter,
                    other => panic!("channel {other}"),
                })
            }
            "jur" => {
                f.jurisdiction = Some(match v {
                    "cn" => Jurisdiction::Cn,
                    "us" => Jurisdiction::Us,
                    "uk" => Jurisdiction::Uk,
                    other => panic!("jurisdiction {other}"),
                })
            }
            other => panic!("fact {other}"),
        }
    }
    f
}

pub fn check(spec: &str, text: &str) -> Vec<Finding> {
    checker().check(text, &facts(spec))
}

pub fn ids(fs: &[Finding]) -> Vec<&str> {
    fs.iter().map(|f| f.entry.as_str()).collect()
}

/// The message gives the entry `id` under the facts.
#[track_caller]
pub fn has(spec: &str, text: &str, id: &str) {
    let f = check(spec, text);
    assert!(
        f.iter().any(|x| *x.entry == *id),
        "[{spec}] {text}: expected {id}, got {:?}",
        ids(&f)
    );
}

/// The message gives a finding of `cat` under the facts.
#[track_caller]
pub fn flags(spec: &str, text: &str, cat: Category) {
    let f = check(spec, text);
    assert!(
        f.iter().any(|x| x.category == cat),
        "[{spec}] {text}: expected {cat}, got {:?}",
        ids(&f)
    );
}

/// The message gives no finding of `cat` under the facts.
#[track_caller]
pub fn lacks(spec: &str, text: &str, cat: Category) {
    let f = check(spec, text);
    assert!(
        f.iter().all(|x| x.category != cat),
        "[{spec}] {text}: unexpected {cat}: {:?}",
        ids(&f)
    );
}

/// The message gives no finding at all under the facts.
#[track_caller]
pub fn clean(spec: &str, text: &str) {
    let f = check(spec, text);
    assert!(
        f.is_empty(),
        "[{spec}] {text}: expected none, got {:?}",
        ids(&f)
    );
}

/// Every message gives no finding (of `cat`, if given) under its facts;
/// reports every message that does, at once.
#[track_caller]
pub fn none_of(cases: &[(&str, &str)], cat: Option<Category>) {
    let bad: Vec<String> = cases
        .iter()
        .filter_map(|&(spec, text)| {
            let f = check(spec, text);
            let hit: Vec<&str> = f
                .iter()
                .filter(|x| cat.map_or(true, |c| x.category == c))
                .map(|x| x.entry.as_str())
                .collect();
            (!hit.is_empty()).then(|| format!("[{spec}] {text}: {hit:?}"))
        })
        .collect();
    assert!(bad.is_empty(), "unexpected findings:\n{}", bad.join("\n"));
}

/// Every message gives a finding of its category under its facts; reports
/// every message that does not, at once.
#[track_caller]
pub fn each_flags(cases: &[(&str, &str, Category)]) {
    let bad: Vec<String> = cases
        .iter()
        .filter_map(|&(spec, text, cat)| {
            let f = check(spec, text);
            (!f.iter().any(|x| x.category == cat))
                .then(|| format!("[{spec}] {text}: expected {cat}, got {:?}", ids(&f)))
        })
        .collect();
    assert!(bad.is_empty(), "missed:\n{}", bad.join("\n"));
}
