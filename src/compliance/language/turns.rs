//! Speaker turns of a call or chat transcript: what the customer says is
//! not the collector's message ("Customer: you people are scum" is no
//! insult by the collector; 客户：我会不会坐牢？ is no threat).
//!
//! A transcript has speaker labels, a name followed by `:` or `：` at the
//! start of the text or after white space or sentence punctuation, for both
//! sides: a customer label (`Customer:`, `Debtor:`, `客户：`, `客：`, …)
//! and an agent label (`Agent:`, `Collector:`, `坐席：`, `職員：`, …), a
//! name in brackets allowed after it (`Agent (Priya):`). A customer's turn
//! runs from its label to the next label or a blank line; "Dear Customer:"
//! is a salutation, not a label.
//!
//! Quoted text in an email reply or forward is likewise not the message
//! ([`quoted_blocks`]).

/// Labels of the customer's turns, lowercase.
const CUSTOMER: &[&str] = &[
    "customer",
    "cust",
    "cx",
    "user",
    "member",
    "客人",
    "debtor",
    "consumer",
    "borrower",
    "cardholder",
    "caller",
    "client",
    "客户",
    "客戶",
    "客",
    "顾客",
    "顧客",
    "债务人",
    "債務人",
    "借款人",
    "用户",
    "用戶",
    "持卡人",
];

/// Labels of the collector's turns, lowercase.
const AGENT: &[&str] = &[
    "agent",
    "agt",
    "advisor",
    "adviser",
    "specialist",
    "csr",
    "bot",
    "ai",
    "机器人",
    "機器人",
    "collector",
    "rep",
    "representative",
    "operator",
    "staff",
    "坐席",
    "催收员",
    "催收員",
    "客服",
    "职员",
    "職員",
    "员工",
    "員工",
    "专员",
    "專員",
    "业务员",
    "業務員",
];

/// Whether some label ends with `c` (lowercase).
fn label_end(c: char) -> bool {
    matches!(
        c,
        'r' | 't'
            | 'p'
            | 'e'
            | 'f'
            | 'x'
            | 'i'
            | '户'
            | '戶'
            | '客'
            | '人'
            | '员'
            | '員'
            | '工'
            | '服'
            | '席'
    )
}

/// Whether the character before a label lets it start there.
fn boundary(before: Option<char>) -> bool {
    before.map_or(true, |c| {
        c.is_whitespace()
            || matches!(
                c,
                '。' | '.'
                    | '!'
                    | '?'
                    | '！'
                    | '？'
                    | ';'
                    | '；'
                    | ','
                    | '，'
                    | '」'
                    | '"'
                    | '”'
                    | ')'
                    | '）'
                    | ']'
                    | '】'
                    | '>'
            )
    })
}

/// The longest label ending `head` at a boundary: its start and whether it
/// is the customer's.
fn label_before(head: &str) -> Option<(usize, bool)> {
    // Most colons follow no label: the last character settles it cheaply.
    if !label_end(head.chars().next_back()?.to_ascii_lowercase()) {
        return None;
    }
    let mut best: Option<(usize, bool)> = None;
    for (labels, customer) in [(CUSTOMER, true), (AGENT, false)] {
        for label in labels {
            // Compared as bytes: a tail equal to a label starts at a
            // character boundary, as the label does.
            let Some(start) = head.len().checked_sub(label.len()) else {
                continue;
            };
            let tail = head.as_bytes().get(start..).unwrap_or_default();
            if !tail.eq_ignore_ascii_case(label.as_bytes()) {
                continue;
            }
            let Some(before) = head.get(..start) else {
                continue;
            };
            if !boundary(before.chars().next_back()) || best.is_some_and(|(b, _)| b <= start) {
                continue;
            }
            // "Dear Customer:" opens a letter, not a turn.
            let before = before.trim_end();
            let salutation = before.len() >= 4
                && before
                    .get(before.len() - 4..)
                    .is_some_and(|w| w.eq_ignore_ascii_case("dear"))
                || before.ends_with("尊敬的");
            if !salutation {
                best = Some((start, customer));
            }
        }
    }
    best
}

/// The byte ranges of the customer's turns in `text`, if it is a
/// transcript (labels of both sides); empty otherwise.
pub(super) fn customer_turns(text: &str) -> Vec<(usize, usize)> {
    // (label start, turn start, customer)
    let mut labels: Vec<(usize, usize, bool)> = Vec::new();
    let bytes = text.as_bytes();
    // The colons, found as bytes (this runs on whole transcripts): `:` and
    // `：` merged in text order as they are found, so that the text around
    // each is still in cache when its label is looked for.
    let mut narrow = memchr::memchr_iter(b':', bytes).peekable();
    let mut wide = memchr::memmem::find_iter(bytes, "：").peekable();
    let colons = std::iter::from_fn(|| match (narrow.peek(), wide.peek()) {
        (Some(&n), Some(&w)) if w < n => wide.next().map(|i| (i, 3)),
        (Some(_), _) => narrow.next().map(|i| (i, 1)),
        (None, _) => wide.next().map(|i| (i, 3)),
    });
    for (i, len) in colons {
        let Some(head) = text.get(..i) else {
            continue;
        };
        if let Some((start, customer)) = label_before(without_name(head.trim_end_matches(' '))) {
            labels.push((start, i + len, customer));
        }
    }
    if !(labels.iter().any(|l| l.2) && labels.iter().any(|l| !l.2)) {
        return Vec::new();
    }
    // A turn runs to the next label, or to a blank line (a header block
    // "Debtor: John Smith" ends there, and the message follows).
    labels
        .iter()
        .enumerate()
        .filter(|(_, l)| l.2)
        .map(|(k, l)| {
            let next = labels.get(k + 1).map_or(text.len(), |n| n.0);
            let blank = text
                .get(l.1..next)
                .and_then(|t| t.find("\n\n").or_else(|| t.find("\r\n\r\n")))
                .map_or(next, |b| l.1 + b);
            (l.1, blank)
        })
        .collect()
}

/// `head` without a speaker's name in brackets at its end ("Agent (Priya)",
/// "客户（张先生）"), so that the label before it is found.
fn without_name(head: &str) -> &str {
    let Some(last) = head.chars().next_back() else {
        return head;
    };
    let open = match last {
        ')' => '(',
        '）' => '（',
        _ => return head,
    };
    match head.rfind(open) {
        Some(k) if head.len() - k <= 48 => head[..k].trim_end_matches(' '),
        _ => head,
    }
}

/// Quoted text of an email reply or forward: lines starting with `>`, and
/// everything after a marker of the previous message (`-----Original
/// Message-----`, `---------- Forwarded message`, `On … wrote:`, `原始邮件`,
/// `原始郵件`). The sender's earlier words, or the customer's, are not this
/// message.
pub(super) fn quoted_blocks(text: &str) -> Vec<(usize, usize)> {
    const MARKERS: &[&str] = &[
        "-----original message-----",
        "---------- forwarded message",
        "原始邮件",
        "原始郵件",
        "转发的邮件",
        "轉寄的郵件",
    ];
    let mut out = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let t = line.trim();
        let ascii_ci = |s: Option<&str>, w: &str| s.is_some_and(|s| s.eq_ignore_ascii_case(w));
        let body = t.trim_end_matches(':');
        let wrote = ascii_ci(t.get(..3), "on ")
            && ascii_ci(body.get(body.len().saturating_sub(6)..), " wrote");
        let marker = || {
            let lower = t.to_lowercase();
            MARKERS.iter().any(|m| lower.contains(m))
        };
        if wrote || ((t.contains("-----") || !t.is_ascii()) && marker()) {
            out.push((start, text.len()));
            return out;
        }
        if t.starts_with('>') {
            out.push((start, at));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::customer_turns;

    #[test]
    fn every_label_ends_in_a_label_end() {
        for l in super::CUSTOMER.iter().chain(super::AGENT) {
            let last = l.chars().next_back().unwrap();
            assert!(super::label_end(last), "{l}");
        }
    }

    #[test]
    fn turns_of_both_sides_only() {
        let t = "Customer: You people are scum! Agent: I understand.";
        let turns = customer_turns(t);
        assert_eq!(turns.len(), 1);
        assert_eq!(&t[turns[0].0..turns[0].1], " You people are scum! ");
        let zh = "客：我會唔會坐監㗎？職員：唔會。";
        let turns = customer_turns(zh);
        assert_eq!(&zh[turns[0].0..turns[0].1], "我會唔會坐監㗎？");
        // 顾客 is one label, not 顾 + 客.
        let long = "顾客：你们是骗子。坐席：理解您的心情。";
        assert_eq!(
            &long[customer_turns(long)[0].0..customer_turns(long)[0].1],
            "你们是骗子。"
        );
        // One side only: not a transcript.
        assert!(customer_turns("Customer: we will break your legs").is_empty());
        // A label needs a boundary before it: 游客 is no label.
        assert!(customer_turns("游客：x 坐席：y").is_empty());
        assert!(customer_turns("Note: x. Reply: y").is_empty());
    }
}
