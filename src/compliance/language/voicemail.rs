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
    /// A business name (`this is Jane from Acme Services`, `…公司`); one
    /// that indicates debt collection (`ABC Collections`) counts as a
    /// mention of the debt, so the message is not limited-content.
    #[serde(default)]
    pub has_business_name: bool,
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
    "recover",
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
/// Words that introduce or end a business name: `from Acme`, `Acme Inc`,
/// `…公司`. (The name after `from`, `with` or `on behalf of` must start
/// with a capital letter, see [`business_name`].)
const BUSINESS_SUFFIX: &[&str] = &[
    " inc",
    " llc",
    " ltd",
    " corp",
    " company",
    " services",
    " group",
    " bank",
    " associates",
    " partners",
    " financial",
    "公司",
    "银行",
    "集团",
    "中心",
    "事务所",
    "机构",
];
const BUSINESS_LEAD: &[&str] = &["from ", "with ", "on behalf of ", "calling from "];
/// Capitalised words after `from` that name no business.
const NOT_A_BUSINESS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "I",
];

/// Whether the sentence `raw` (`lower`: lower-cased, padded with spaces)
/// names a business: a company word (`Inc`, `Services`, `公司`, `银行`…),
/// or a capitalised name after `from`, `with` or `on behalf of`.
fn business_name(raw: &str, lower: &str) -> bool {
    if BUSINESS_SUFFIX.iter().any(|w| {
        lower.match_indices(w).any(|(i, _)| {
            // A whole word: `bank` in ` bank `, not in `banking`.
            let after = lower.get(i + w.len()..).and_then(|r| r.chars().next());
            !w.starts_with(' ') || after.map_or(true, |c| !c.is_alphanumeric())
        })
    }) {
        return true;
    }
    // ASCII lower-casing keeps byte offsets, so they index `raw` too.
    let lower_raw = raw.to_ascii_lowercase();
    BUSINESS_LEAD.iter().any(|lead| {
        lower_raw.match_indices(lead).any(|(i, _)| {
            let word: String = raw
                .get(i + lead.len()..)
                .unwrap_or_default()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '&')
                .collect();
            word.chars().next().is_some_and(char::is_uppercase)
                && !NOT_A_BUSINESS.contains(&word.as_str())
        })
    })
}
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

/// Classifies a voicemail as a limited-content message (12 CFR 1006.2(j),
/// RULES.md §8.1 `us.reg_f.lcm`): all of a business name that does not
/// indicate debt collection, a request to reply, a person's name to contact
/// and a phone number; optionally a salutation, the date and time, suggested
/// reply times and a statement that any representative can help — and
/// nothing else.
///
/// A heuristic: every sentence must match one of the allowed items and none
/// may mention the debt. A business name is a company word (`Inc`, `LLC`,
/// `Services`, `Bank`, `公司`, `银行`, `中心`…) or a capitalised name after
/// `from`, `with` or `on behalf of`; one that speaks of collection or
/// recovery counts as a mention of the debt.
///
/// # Example
///
/// ```
/// use arrears::compliance::language::classify_voicemail;
///
/// let ok = classify_voicemail(
///     "Hi, this is Jane Doe from Acme Services. Please call me back at 555-201-3344. Thank you.",
/// );
/// assert!(ok.limited_content);
/// // No business name: not a limited-content message.
/// let nameless = classify_voicemail("Hi, this is Jane Doe. Please call me back at 555-201-3344.");
/// assert!(!nameless.limited_content && !nameless.has_business_name);
/// let bad = classify_voicemail(
///     "Hi, this is Jane Doe from Acme about your overdue account. Call 555-201-3344.",
/// );
/// assert!(!bad.limited_content);
/// ```
pub fn classify_voicemail(text: &str) -> VoicemailAssessment {
    let mut a = VoicemailAssessment {
        limited_content: false,
        has_business_name: false,
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
        let business = business_name(raw, &sent);
        a.has_business_name |= business;
        let allowed = phone
            || name
            || reply
            || business
            || has(GREETING)
            || has(TIME)
            || has(ANY_REP)
            || has(THANKS);
        if !allowed || has(DEBT_WORDS) {
            a.extra.push(Span { start: s, end: e });
        }
    }
    a.limited_content = a.extra.is_empty()
        && a.has_business_name
        && a.has_person_name
        && a.has_reply_request
        && a.has_phone;
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn voicemail() {
        assert!(
            classify_voicemail("您好，我是安信公司的张伟，请回电 400-123-4567，谢谢。")
                .limited_content
        );
        // RULES.md §8.1: all four items, the business name included.
        let nameless = classify_voicemail("您好，我是张伟，请回电 400-123-4567，谢谢。");
        assert!(!nameless.limited_content && !nameless.has_business_name);
        assert!(nameless.has_person_name && nameless.has_reply_request && nameless.has_phone);
        assert!(
            !classify_voicemail(
                "Hello, this is Sam from ABC Collections about a debt. Call 555-201-3344."
            )
            .limited_content
        );
        assert!(!classify_voicemail("Call 555-201-3344.").limited_content);
    }

    #[test]
    fn business_names() {
        let cases: &[(&str, bool, bool)] = &[
            // (voicemail, has a business name, limited-content)
            (
                "Hi, this is Jane Doe from Acme. Please call me back at 555-201-3344.",
                true,
                true,
            ),
            (
                "This is Jane with Smith & Partners. Call me at 555-201-3344.",
                true,
                true,
            ),
            (
                "This is Jane calling on behalf of Northwind. Call me at 555-201-3344.",
                true,
                true,
            ),
            (
                "This is Jane at Acme Bank. Please call 555-201-3344.",
                true,
                true,
            ),
            (
                "您好，我是招商银行信用卡中心的王明，请回电 95555-1234。",
                true,
                true,
            ),
            // A capitalised weekday or a lower-case word is no business.
            (
                "This is Jane. Please call me back from Monday at 555-201-3344.",
                false,
                false,
            ),
            (
                "This is Jane, calling from my office. Please call 555-201-3344.",
                false,
                false,
            ),
            (
                "This is Jane from banking. Please call 555-201-3344.",
                false,
                false,
            ),
            // A name that indicates debt collection: a mention of the debt.
            (
                "This is Jane from ABC Collections. Please call 555-201-3344.",
                true,
                false,
            ),
            (
                "This is Jane from Acme Recovery. Please call 555-201-3344.",
                true,
                false,
            ),
            ("我是安信催收公司的张伟，请回电 400-123-4567。", true, false),
            // Non-ASCII before the name must not shift the offsets.
            (
                "İİİ, this is Jane from Acme. Please call 555-201-3344.",
                true,
                true,
            ),
        ];
        for (text, business, lcm) in cases {
            let a = classify_voicemail(text);
            assert_eq!(
                (a.has_business_name, a.limited_content),
                (*business, *lcm),
                "{text}"
            );
        }
    }
}
