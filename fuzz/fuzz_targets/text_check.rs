//! Messages from arbitrary bytes through the language checker, PII masking,
//! the voicemail classifier and the amount finder: nothing panics, and every
//! span lies inside the text on `char` boundaries. The first byte picks the
//! facts (recipient, jurisdiction, channel, the gated facts). Each message
//! goes through two checkers: the built-in lexicons (the DFA) and the
//! built-in lexicons plus 12,000 user entries over a small pool of
//! characters (the double array; short terms over few characters, so that
//! random text matches often, and characters beyond the Basic Multilingual
//! Plane, which take the automaton's wide-code path).
#![no_main]

use std::sync::OnceLock;

use arrears::compliance::language::{
    amounts, classify_voicemail, find_pii, mask_pii, Category, Channel, Gate, Jurisdiction,
    LanguagePolicy, LexiconEntry, MessageFacts, Recipient, Severity, Span, TextChecker,
};
use arrears::rule::{RuleRef, RuleStatus};
use libfuzzer_sys::fuzz_target;

fn checker() -> &'static TextChecker {
    static C: OnceLock<TextChecker> = OnceLock::new();
    C.get_or_init(|| TextChecker::new(&LanguagePolicy::default()).expect("built-in lexicons"))
}

/// The built-in lexicons plus 12,000 user entries of 2–5 characters over
/// `POOL` (a fixed pseudo-random sequence: the same checker every run).
fn large() -> &'static TextChecker {
    const POOL: &str = "欠款逾期还款债务坐牢起诉abcdejlsu0179ＡＢ𠀀𠀁𠀂";
    static C: OnceLock<TextChecker> = OnceLock::new();
    C.get_or_init(|| {
        let pool: Vec<char> = POOL.chars().collect();
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 33) as usize
        };
        let rule = RuleRef::new("user.fuzz", "", RuleStatus::Unverified);
        let add = (0..12_000)
            .map(|i| LexiconEntry {
                id: format!("user.{i}"),
                term: (0..2 + next() % 4)
                    .map(|_| pool[next() % pool.len()])
                    .collect(),
                category: Category::Harassment,
                severity: Severity::Low,
                gate: if i % 3 == 0 {
                    Gate::UnlessAttorney
                } else {
                    Gate::Always
                },
                rule: rule.clone(),
                message: "user entry".into(),
            })
            .collect();
        TextChecker::new(&LanguagePolicy {
            add,
            ..LanguagePolicy::default()
        })
        .expect("a valid user lexicon")
    })
}

fn facts(b: u8) -> MessageFacts {
    let pick = |bit: u8| match (b >> bit) & 3 {
        0 => None,
        1 => Some(false),
        _ => Some(true),
    };
    MessageFacts {
        recipient: [
            Recipient::Debtor,
            Recipient::EmergencyContact,
            Recipient::ThirdParty,
            Recipient::Unknown,
        ][usize::from(b & 3)],
        lawsuit_intended: pick(2),
        lawsuit_filed: [None, Some(false), Some(true)][usize::from(b.rotate_left(3) % 3)],
        judgment_obtained: [None, Some(false), Some(true)][usize::from(b.rotate_left(5) % 3)],
        debt_time_barred: pick(3),
        lender_reports_to_credit_bureau: pick(4),
        agency_referral_exists: pick(5),
        sender_is_attorney: pick(6),
        attorney_retained: [None, Some(false), Some(true)][usize::from(b.rotate_left(1) % 3)],
        repossession_lawful: [None, Some(false), Some(true)][usize::from(b.rotate_left(7) % 3)],
        malicious_overdraft_facts_met: pick(1),
        initial_communication: pick(0),
        jurisdiction: [
            None,
            Some(Jurisdiction::Cn),
            Some(Jurisdiction::Us),
            Some(Jurisdiction::Uk),
        ][usize::from((b >> 4) & 3)],
        channel: [
            None,
            Some(Channel::Sms),
            Some(Channel::Email),
            Some(Channel::Voicemail),
        ][usize::from((b >> 6) & 3)],
        sender_institution: (b & 0x20 != 0).then(|| "某某银行".to_string()),
    }
}

fn inside(text: &str, s: Span) {
    assert!(
        s.start <= s.end && s.end <= text.len(),
        "span {s:?} outside {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
        "span {s:?} not on char boundaries"
    );
}

fuzz_target!(|data: &[u8]| {
    let Some((&b, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    for c in [checker(), large()] {
        for f in c.check(&text, &facts(b)) {
            inside(&text, f.span);
        }
    }
    for m in find_pii(&text) {
        inside(&text, m.span);
    }
    let _ = mask_pii(&text);
    for s in amounts(&text) {
        inside(&text, s);
    }
    let _ = classify_voicemail(&text);
});
