//! The US limited-content voicemail classifier (12 CFR 1006.2(j)).

use serde::{Deserialize, Serialize};

use super::types::Span;

/// What a US voicemail contains, judged against the limited-content message
/// of 12 CFR 1006.2(j).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct VoicemailAssessment {
    /// All required items present and nothing else: no mini-Miranda needed.
    pub limited_content: bool,
    /// A natural person's name to contact (`this is Jane`, `my name is …`).
    pub has_person_name: bool,
    /// A request to reply.
    pub has_reply_request: bool,
    /// A telephone number.
    pub has_phone: bool,
    /// Sentences outside the allowed items (or mentioning the debt).
    pub extra: Vec<Span>,
}

const DEBT_WORDS: &[&str] = &[
    "debt",
    "owe",
    "payment",
    "account",
    "balance",
    "collect",
    "overdue",
    "past due",
    "loan",
    "credit",
    "bill",
    "delinquen",
    "arrears",
    "欠款",
    "逾期",
    "还款",
    "债务",
    "贷款",
    "催收",
    "账户",
    "账单",
    "欠",
];
const GREETING: &[&str] = &[
    "hi",
    "hello",
    "good morning",
    "good afternoon",
    "good evening",
    "this message is for",
    "this is a message for",
    "您好",
    "你好",
];
const NAME: &[&str] = &["this is ", "my name is ", "ask for ", "我是", "我叫"];
const REPLY: &[&str] = &[
    "call me",
    "call us",
    "please call",
    "return my call",
    "return this call",
    "give me a call",
    "give us a call",
    "reach me",
    "contact me",
    "call back",
    "reach us",
    "回电",
    "回复",
    "致电",
    "回个电话",
];
const TIME: &[&str] = &[
    " am",
    " pm",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "between",
    "available",
    "any time",
    "anytime",
    "o'clock",
    "上午",
    "下午",
    "点",
];
const ANY_REP: &[&str] = &[
    "any representative",
    "any of our representatives",
    "anyone on our team",
    "任何一位",
    "任何工作人员",
];
const THANKS: &[&str] = &[
    "thank you",
    "thanks",
    "have a good day",
    "have a nice day",
    "谢谢",
    "再见",
];

/// Classifies a voicemail as a limited-content message (12 CFR 1006.2(j)):
/// a name to contact, a request to reply and a phone number, optionally a
/// salutation, the date and time, suggested reply times, a business name and
/// a statement that any representative can help — and nothing else.
///
/// A heuristic: every sentence must match one of the allowed items and none
/// may mention the debt.
///
/// # Example
///
/// ```
/// use arrears::compliance::language::classify_voicemail;
///
/// let ok = classify_voicemail("Hi, this is Jane Doe. Please call me back at 555-201-3344. Thank you.");
/// assert!(ok.limited_content);
/// let bad = classify_voicemail("Hi, this is Jane Doe about your overdue account. Call 555-201-3344.");
/// assert!(!bad.limited_content);
/// ```
pub fn classify_voicemail(text: &str) -> VoicemailAssessment {
    let mut a = VoicemailAssessment {
        limited_content: false,
        has_person_name: false,
        has_reply_request: false,
        has_phone: false,
        extra: Vec::new(),
    };
    let mut start = 0usize;
    let mut sentences = Vec::new();
    for (i, c) in text.char_indices() {
        if matches!(c, '.' | '!' | '?' | '。' | '！' | '？' | '\n' | ';' | '；') {
            // A dot inside a number (555.201.3344) does not end a sentence.
            let next = text.get(i + c.len_utf8()..).and_then(|r| r.chars().next());
            if c == '.' && next.is_some_and(|n| n.is_ascii_digit()) {
                continue;
            }
            sentences.push((start, i + c.len_utf8()));
            start = i + c.len_utf8();
        }
    }
    if start < text.len() {
        sentences.push((start, text.len()));
    }
    for (s, e) in sentences {
        let raw = text.get(s..e).unwrap_or_default();
        let sent = format!(" {} ", raw.trim().to_lowercase());
        if sent.trim().is_empty() || sent.trim().chars().all(|c| !c.is_alphanumeric()) {
            continue;
        }
        let has = |list: &[&str]| list.iter().any(|w| sent.contains(w));
        let digits = raw.chars().filter(char::is_ascii_digit).count();
        let phone = digits >= 7;
        a.has_phone |= phone;
        let name = has(NAME);
        a.has_person_name |= name;
        let reply = has(REPLY);
        a.has_reply_request |= reply;
        let allowed =
            phone || name || reply || has(GREETING) || has(TIME) || has(ANY_REP) || has(THANKS);
        if !allowed || has(DEBT_WORDS) {
            a.extra.push(Span { start: s, end: e });
        }
    }
    a.limited_content =
        a.extra.is_empty() && a.has_person_name && a.has_reply_request && a.has_phone;
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn voicemail() {
        assert!(classify_voicemail("您好，我是张伟，请回电 400-123-4567，谢谢。").limited_content);
        assert!(
            !classify_voicemail(
                "Hello, this is Sam from ABC Collections about a debt. Call 555-201-3344."
            )
            .limited_content
        );
        assert!(!classify_voicemail("Call 555-201-3344.").limited_content);
    }
}
