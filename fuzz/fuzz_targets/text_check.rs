//! Messages from arbitrary bytes through the language checker, PII masking,
//! the voicemail classifier and the amount finder: nothing panics, and every
//! span lies inside the text on `char` boundaries. The first byte picks the
//! facts (recipient, jurisdiction, channel, the gated facts).
#![no_main]

use std::sync::OnceLock;

use arrears::compliance::language::{
    amounts, classify_voicemail, find_pii, mask_pii, Channel, Jurisdiction, LanguagePolicy,
    MessageFacts, Recipient, Span, TextChecker,
};
use libfuzzer_sys::fuzz_target;

fn checker() -> &'static TextChecker {
    static C: OnceLock<TextChecker> = OnceLock::new();
    C.get_or_init(|| TextChecker::new(&LanguagePolicy::default()).expect("built-in lexicons"))
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
        debt_time_barred: pick(3),
        lender_reports_to_credit_bureau: pick(4),
        agency_referral_exists: pick(5),
        sender_is_attorney: pick(6),
        malicious_overdraft_facts_met: pick(1),
        initial_communication: pick(0),
        jurisdiction: [None, Some(Jurisdiction::Cn), Some(Jurisdiction::Us), Some(Jurisdiction::Uk)]
            [usize::from((b >> 4) & 3)],
        channel: [None, Some(Channel::Sms), Some(Channel::Email), Some(Channel::Voicemail)]
            [usize::from((b >> 6) & 3)],
        sender_institution: (b & 0x20 != 0).then(|| "某某银行".to_string()),
    }
}

fn inside(text: &str, s: Span) {
    assert!(s.start <= s.end && s.end <= text.len(), "span {s:?} outside {} bytes", text.len());
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
    for f in checker().check(&text, &facts(b)) {
        inside(&text, f.span);
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
