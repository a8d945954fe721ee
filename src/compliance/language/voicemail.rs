//! The US limited-content voicemail classifier (12 CFR 1006.2(j)).

use serde::{Deserialize, Serialize};

use super::types::{is_han, Span};

mod words;
use words::{LCM_WORDS, NOT_NAMES};

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
    "receivable",
    "garnish",
    "wage",
    "lawsuit",
    "sue ",
    "court",
    "attorney",
    "legal",
    "mortgage",
    "default",
    "settle",
    "judgment",
    "judgement",
    "arrest",
    "police",
    "dollar",
    "$",
    "€",
    "£",
    "¥",
    "违约",
    "后果",
    "起诉",
    "法院",
    "律师",
    "执行",
    "征信",
    "元",
    "块钱",
    "清收",
    "追偿",
    "资产管理",
    "收账",
    "欠款",
    "逾期",
    "还款",
    "债务",
    "贷款",
    "催收",
    "账户",
    "账单",
    "欠",
    "还钱",
    "冻结",
    "上门",
    "拜访",
    "家人",
    "单位",
    "否则",
    "不然",
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

/// Whether the sentence `raw` mentions the debt, money or a consequence
/// ([`DEBT_WORDS`]): an English word at a word start (a trailing space in
/// the entry asks for a word end too), "owe", "bill" and "sue" not when
/// capitalised inside the sentence, where they are names ("Bill",
/// "Owens", "Sue"); a symbol or Chinese word anywhere.
fn mentions_debt(raw: &str) -> bool {
    // ASCII lower-casing keeps byte offsets, so they index `raw` too.
    let lower = raw.to_ascii_lowercase();
    let full = raw.to_lowercase();
    DEBT_WORDS.iter().any(|w| {
        if !w.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return full.contains(w);
        }
        let t = w.trim_end();
        lower.match_indices(t).any(|(i, _)| {
            let before = lower[..i].chars().next_back();
            let after = lower[i + t.len()..].chars().next();
            if before.is_some_and(char::is_alphanumeric)
                || (w.ends_with(' ') && after.is_some_and(char::is_alphanumeric))
            {
                return false;
            }
            // "Bill" and "Owens" are names; "ABC Collections" still
            // indicates debt collection.
            let first = raw[..i].chars().all(|c| !c.is_alphanumeric());
            let capital = raw[i..].starts_with(|c: char| c.is_uppercase());
            first || !capital || !matches!(t, "owe" | "bill" | "sue")
        })
    })
}

/// Whether the padded, lower-cased sentence `sent` holds `w` on word
/// boundaries (an English entry: "hi" not in "this", " am" not in "I am"
/// unless after a digit); a Chinese entry anywhere.
fn contains_word(sent: &str, w: &str) -> bool {
    if !w.is_ascii() {
        return sent.contains(w);
    }
    let t = w.trim();
    sent.match_indices(t).any(|(i, _)| {
        let before = sent[..i].chars().next_back();
        let after = sent[i + t.len()..].chars().next();
        let bounded = before.map_or(true, |c| !c.is_alphanumeric())
            && after.map_or(true, |c| !c.is_alphanumeric());
        // "am" and "pm" are times only after a number ("9 am", "5pm").
        if matches!(t, "am" | "pm") {
            let digit_before = sent[..i].trim_end().chars().next_back();
            return after.map_or(true, |c| !c.is_alphanumeric())
                && digit_before.is_some_and(|c| c.is_ascii_digit());
        }
        bounded
    })
}

/// A clock time in Chinese: a number before 点 (`3点`, `下午5点`).
fn clock_time(raw: &str) -> bool {
    raw.match_indices('点').any(|(i, _)| {
        raw[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_digit() || "一二三四五六七八九十两".contains(c))
    })
}

/// Whether `raw` holds a telephone number: a run of digits and separators
/// (`-`, `.`, space, parentheses, `+`) with 10 to 13 digits, 7 written
/// `555-0142`, or a China service line (`95555`, `95555-1234`). A date
/// (`12/10/2024`), a time or a number cut off (`555-201-3`) is none.
fn has_phone_number(raw: &str) -> bool {
    // Digit groups: length, and whether the group starts with 95 or 96.
    let mut groups: Vec<(usize, bool)> = Vec::new();
    let mut run = 0usize;
    let mut head = String::new();
    let check = |groups: &mut Vec<(usize, bool)>| {
        let digits: usize = groups.iter().map(|g| g.0).sum();
        // A China service line (955xx, 96xxx), with an extension or not.
        let service = groups.first().is_some_and(|g| g.0 == 5 && g.1) && digits <= 9;
        let ok = (10..=13).contains(&digits) || groups.iter().map(|g| g.0).eq([3, 4]) || service;
        groups.clear();
        ok
    };
    let mut found = false;
    let mut last_sep = false;
    for c in raw.chars() {
        if c.is_ascii_digit() {
            if run < 2 {
                head.push(c);
            }
            run += 1;
            last_sep = false;
        } else if matches!(c, '-' | '.' | ' ' | '(' | ')' | '+') && (run > 0 || !groups.is_empty())
        {
            if run > 0 {
                groups.push((run, head == "95" || head == "96"));
                run = 0;
                head.clear();
            }
            if last_sep && c == ' ' {
                // Two separators in a row end the number ("3344. Thank").
                found |= check(&mut groups);
            }
            last_sep = true;
        } else {
            if run > 0 {
                groups.push((run, head == "95" || head == "96"));
                run = 0;
                head.clear();
            }
            found |= check(&mut groups);
            last_sep = false;
        }
    }
    if run > 0 {
        groups.push((run, head == "95" || head == "96"));
    }
    found | check(&mut groups)
}

/// Whether the sentence names a natural person to contact: `this is`,
/// `it's`, `my name is`, `ask for` or `call` before a capitalised name that
/// is not the business (`this is Acme Services` names none), or 我是 / 我叫.
fn person_name(raw: &str, sent: &str) -> bool {
    if ["我是", "我叫"].iter().any(|w| sent.contains(w)) {
        return true;
    }
    let lower = raw.to_ascii_lowercase();
    [
        "this is ",
        "my name is ",
        "ask for ",
        "it's ",
        "it is ",
        "call ",
    ]
    .iter()
    .any(|lead| {
        lower.match_indices(lead).any(|(i, _)| {
            let words: Vec<&str> = raw
                .get(i + lead.len()..)
                .unwrap_or_default()
                .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
                .take_while(|w| w.chars().next().is_some_and(char::is_uppercase))
                .collect();
            !words.is_empty()
                && !words.iter().any(|w| {
                    let w = format!(" {}", w.to_lowercase());
                    BUSINESS_SUFFIX.contains(&w.as_str())
                })
        })
    })
}

/// A day of the month written as an ordinal ("3rd", "21st").
fn ordinal(w: &str) -> bool {
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    !digits.is_empty()
        && digits.len() <= 2
        && digits.chars().all(|c| c.is_ascii_digit())
        && matches!(&w[digits.len()..], "st" | "nd" | "rd" | "th")
}

/// Whether the dot at byte `i` of `text` belongs to "a.m." or "p.m.".
fn clock_dot(text: &str, i: usize) -> bool {
    let lower = |r: std::ops::Range<usize>| text.get(r).map(str::to_ascii_lowercase);
    let around = |from: usize| lower(from..from + 4);
    let starts = [i.checked_sub(1), i.checked_sub(3)];
    starts
        .into_iter()
        .flatten()
        .any(|k| matches!(around(k).as_deref(), Some("a.m." | "p.m.")))
}

/// Whether every word of a Latin sentence belongs to an allowed item: a
/// capitalised word (a name), a number, or one of [`LCM_WORDS`].
fn only_allowed_words(raw: &str) -> bool {
    let raw = raw.replace("a.m.", "am").replace("p.m.", "pm");
    raw.split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .all(|w| {
            w.chars().all(|c| c.is_ascii_digit())
                || ordinal(w)
                || (w.chars().next().is_some_and(char::is_uppercase)
                    && !NOT_NAMES.contains(&w.to_lowercase().as_str()))
                || LCM_WORDS.contains(&w.to_lowercase().as_str())
        })
}

/// Classifies a voicemail as a limited-content message (12 CFR 1006.2(j),
/// RULES.md §8.1 `us.reg_f.lcm`): all of a business name that does not
/// indicate debt collection, a request to reply, a person's name to contact
/// and a phone number; optionally a salutation, the date and time, suggested
/// reply times and a statement that any representative can help — and
/// nothing else.
///
/// A heuristic: every word of an English sentence must belong to an
/// allowed item (a capitalised name, the phone number, a time, or a word of
/// a greeting, reply request, "any representative" statement or thanks),
/// every Chinese sentence must hold one, and none may mention the debt,
/// money or a consequence (`garnish`, `court`, `$`, 违约, 起诉, 元…). A
/// phone number has 10 to 13 digits (or 7 as `555-0142`); a person's name
/// follows `this is`, `my name is` or `ask for` and is not the business's. A business name is a company word (`Inc`, `LLC`,
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
            // Nor do the dots of "a.m." and "p.m.".
            if c == '.' && clock_dot(text, i) {
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
        let has = |list: &[&str]| list.iter().any(|w| contains_word(&sent, w));
        let phone = has_phone_number(raw);
        a.has_phone |= phone;
        let name = person_name(raw, &sent);
        a.has_person_name |= name;
        let reply = has(REPLY);
        a.has_reply_request |= reply;
        let business = business_name(raw, &sent);
        a.has_business_name |= business;
        let cjk = raw.chars().any(is_han);
        let allowed = if cjk {
            // Chinese: every clause must hold one of the allowed items, so
            // that one cannot carry anything else (您好，我是…，请尽快还钱).
            raw.split(['，', ',', '、', '：', ':'])
                .filter(|c| c.chars().any(char::is_alphanumeric))
                .all(|clause| {
                    let sent = format!(" {} ", clause.trim().to_lowercase());
                    let has = |list: &[&str]| list.iter().any(|w| contains_word(&sent, w));
                    has_phone_number(clause)
                        || person_name(clause, &sent)
                        || has(REPLY)
                        || business_name(clause, &sent)
                        || has(GREETING)
                        || has(TIME)
                        || has(ANY_REP)
                        || has(THANKS)
                        || clock_time(clause)
                })
        } else {
            // Latin: every word must belong to an allowed item, so that
            // one allowed item cannot carry anything else.
            only_allowed_words(raw)
        };
        if !allowed || mentions_debt(raw) {
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
mod tests;
