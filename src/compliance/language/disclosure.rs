//! Third-party amounts and required disclosures (mini-Miranda, collector
//! identity, the electronic opt-out notice).
//!
//! The United Kingdom has no required-content check: RULES.md §8.3 and §9.3
//! (FCA CONC 7.9, 7.7, 7.15) list conduct to avoid — disclosure to third
//! parties, misleading prompts, threats — which the lexicons cover, but no
//! statement a message must contain, so `Jurisdiction::Uk` adds nothing here.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use super::amount_words;
use super::normalize::Normalizer;
use super::types::{
    is_han, Category, Channel, Finding, Jurisdiction, MessageFacts, Recipient, Severity,
    SharedFinding, Span,
};
use super::voicemail::classify_voicemail;
use crate::rule::{RuleId, RuleRef, RuleStatus};

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('\u{FF10}'..='\u{FF19}').contains(&c)
}

fn is_cjk_numeral(c: char) -> bool {
    "零一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟".contains(c)
}

const PREFIXES: &[&str] = &[
    "¥",
    "￥",
    "$",
    "＄",
    "£",
    "€",
    "rmb",
    "cny",
    "usd",
    "us$",
    "人民币",
];
const SUFFIXES: &[&str] = &[
    "元",
    "块钱",
    "块",
    "圆",
    "万元",
    "万块",
    "万",
    "千元",
    "千块",
    "千",
    "百元",
    "百块",
    "美元",
    "美金",
    "人民币",
    "rmb",
    "cny",
    "usd",
    "yuan",
    "dollars",
    "dollar",
    "bucks",
    "euros",
    "euro",
    "eur",
    "pounds",
    "pound",
    "quid",
    "gbp",
    "hkd",
    "港币",
    "港元",
    "新台币",
    "台币",
    "k",
];

/// Finds amounts with a currency (`¥1,234.56`, `1234元`, `$500`, `5千块`,
/// `五千块`, `RMB 300`) and reports each as a third-party disclosure. The
/// matched amount is the one per-finding allocation (it is a slice of the
/// text); the id, rule and message are shared.
pub(crate) fn third_party_amounts(text: &str, out: &mut Vec<Finding>) {
    static SHARED: OnceLock<SharedFinding> = OnceLock::new();
    let shared = SHARED.get_or_init(|| {
        SharedFinding::new(
            "third_party.amount",
            RuleRef::new(
                "third_party.amount",
                "12 CFR 1006.6(d), 1006.10(b) [V]; cn.contacts.purpose [S]; FCA CONC 7.9 [S]",
                RuleStatus::Secondary,
            ),
            (Category::ThirdPartyDisclosure, Severity::High),
            "an amount of money is mentioned to someone other than the debtor",
        )
    });
    out.extend(amounts(text).into_iter().map(|span| shared.at(text, span)));
}

/// Full-width ASCII to ASCII, then ASCII lower case.
pub(super) fn fold(c: char) -> char {
    let c = if ('\u{FF01}'..='\u{FF5E}').contains(&c) {
        char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
    } else {
        c
    };
    c.to_ascii_lowercase()
}

/// Byte length of the end of `s` that reads `code` after [`fold`].
fn ends_with_folded(s: &str, code: &str) -> Option<usize> {
    let mut it = s.char_indices().rev();
    let mut start = s.len();
    for k in code.chars().rev() {
        let (i, c) = it.next()?;
        if fold(c) != k {
            return None;
        }
        start = i;
    }
    Some(s.len() - start)
}

/// Byte length of the start of `s` that reads `code` after [`fold`].
fn starts_with_folded(s: &str, code: &str) -> Option<usize> {
    let mut it = s.char_indices();
    let mut end = 0;
    for k in code.chars() {
        let (i, c) = it.next()?;
        if fold(c) != k {
            return None;
        }
        end = i + c.len_utf8();
    }
    Some(end)
}

/// Byte spans of amounts with a currency sign, code or unit (full-width
/// forms included), in digits (`¥1,234.56`, `1234元`, `$500`, `RMB 300`),
/// Chinese numerals (`五千块`) or English words ("five hundred dollars",
/// "ten grand", "a few thousand pounds", "1.2 million yuan"), sorted by
/// start and non-overlapping.
///
/// ```
/// use arrears::compliance::language::amounts;
///
/// let text = "He owes five hundred dollars, and $20 more.";
/// let got: Vec<&str> = amounts(text).iter().filter_map(|s| s.slice(text)).collect();
/// assert_eq!(got, ["five hundred dollars", "$20"]);
/// ```
pub fn amounts(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        let cjk = is_cjk_numeral(c);
        if !is_digit(c) && !cjk {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() {
            let d = chars[j].1;
            let sep = matches!(d, ',' | '.' | '，' | '．');
            if (cjk && is_cjk_numeral(d))
                || (!cjk && is_digit(d))
                || (!cjk && sep && chars.get(j + 1).is_some_and(|&(_, n)| is_digit(n)))
            {
                j += 1;
            } else {
                break;
            }
        }
        let end = chars.get(j).map_or(text.len(), |&(o, _)| o);
        // Prefix: a currency sign or code just before (spaces allowed),
        // full-width forms included (`ＵＳＤ５００`).
        let before = text.get(..start).unwrap_or_default().trim_end();
        let prefix = PREFIXES.iter().find_map(|p| {
            let n = ends_with_folded(before, p)?;
            let glued = before[..before.len() - n]
                .chars()
                .next_back()
                .is_some_and(|c| fold(c).is_ascii_alphanumeric());
            (p.chars().count() == 1 || !glued).then_some(n)
        });
        // Suffix: a unit or code just after (one space allowed).
        let rest = text.get(end..).unwrap_or_default();
        let rest_t = rest.trim_start_matches([' ', '\u{3000}']);
        let skipped = rest.len() - rest_t.len();
        // "3000多块", "两千来元": an approximation word may stand between.
        let approx = ["多", "来", "余", "几"]
            .iter()
            .find_map(|a| rest_t.strip_prefix(a).map(|_| a.len()))
            .unwrap_or(0);
        let suffix = SUFFIXES.iter().find_map(|x| {
            let n = approx + starts_with_folded(&rest_t[approx..], x)?;
            let glued = rest_t[n..]
                .chars()
                .next()
                .is_some_and(|c| fold(c).is_ascii_alphabetic() && x.is_ascii());
            (!glued).then_some(n)
        });
        // 一块 alone is "together" (我们一块去), not one yuan (一块钱).
        let together = cjk
            && text.get(start..end) == Some("一")
            && rest_t.starts_with('块')
            && !rest_t.starts_with("块钱");
        if together {
            i = j;
            continue;
        }
        if (cjk && suffix.is_none())
            || (prefix.is_none() && suffix.is_some_and(|n| named(text, start, end, rest_t, n)))
        {
            i = j;
            continue;
        }
        if prefix.is_some() || suffix.is_some() {
            let s = match prefix {
                Some(n) => before.len() - n,
                None => start,
            };
            let e = match suffix {
                Some(n) => end + skipped + n,
                None => end,
            };
            // Re-check boundaries so the span always slices the text.
            if text.is_char_boundary(s) && text.is_char_boundary(e) && s < e && e <= text.len() {
                spans.push(Span { start: s, end: e });
                while chars.get(j).is_some_and(|&(o, _)| o < e) {
                    j += 1;
                }
            }
        }
        i = j;
    }
    amount_words::merge(spans, amount_words::word_amounts(text))
}

/// Whether the number `text[start..end]` with the unit `rest[..n]` after it
/// names something rather than an amount: a place (三元桥, 三元里, 五块石:
/// a Chinese numeral and 元 or 块 before a place word), a street ("14 Pound
/// Lane": a capitalised unit before a capitalised word) or the retirement
/// plan "401k".
fn named(text: &str, start: usize, end: usize, rest: &str, n: usize) -> bool {
    const PLACES: &str = "桥橋里裡街村镇鎮区區县縣巷庄莊园園坊湾灣石";
    let unit = rest.get(..n).unwrap_or_default();
    let after = rest.get(n..).unwrap_or_default();
    let number = text.get(start..end).unwrap_or_default();
    let title = |w: &str| {
        let mut cs = w.chars();
        cs.next().is_some_and(|c| c.is_ascii_uppercase())
            && cs.clone().next().is_some()
            && cs.all(|c| c.is_ascii_lowercase())
    };
    let next_word: &str = after.strip_prefix(' ').map_or("", |a| {
        a.split(|c: char| !c.is_ascii_alphabetic())
            .next()
            .unwrap_or("")
    });
    (matches!(unit, "元" | "块") && after.chars().next().is_some_and(|c| PLACES.contains(c)))
        || (title(unit) && title(next_word))
        || (number == "401" && unit.eq_ignore_ascii_case("k"))
}

/// Whether `text` says one of `needles`, not negated: an English phrase on
/// word boundaries in the lower-cased text (so that "adopt outstanding" is
/// no "opt out"), with no negation ("not", "never", "cannot", "n't") before
/// it in its clause ("this is not an attempt to collect a debt" discloses
/// nothing); a Chinese phrase in the normalised `hay`, not right after 不,
/// 非, 没, 无 or 未. The built-in phrase lists are normalised once per
/// process.
fn contains_any(norm: &Normalizer, text: &str, hay: &str, needles: &[&'static str]) -> bool {
    static CACHE: OnceLock<HashMap<&'static str, String>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| {
        let norm = Normalizer::new();
        [
            EN_INITIAL_A,
            EN_INITIAL_B,
            EN_LATER,
            ZH_INITIAL_A,
            ZH_INITIAL_B,
            ZH_LATER,
            CN_SELF,
            CN_INSTITUTION,
            OPT_OUT,
        ]
        .iter()
        .flat_map(|l| l.iter())
        .map(|&n| (n, norm.normalize(n)))
        .collect()
    });
    let lower = OnceLock::new();
    needles.iter().any(|n| {
        if n.is_ascii() {
            // Full-width letters fold (NFKC), case folds, spaces collapse.
            let lower: &String = lower.get_or_init(|| {
                use unicode_normalization::UnicodeNormalization;
                // A typographic apostrophe is an apostrophe ("isn’t").
                let folded: String = text
                    .nfkc()
                    .map(|c| if c == '\u{2019}' { '\'' } else { c })
                    .collect();
                folded
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_lowercase()
            });
            says(lower, n)
        } else {
            let k = match cache.get(n) {
                Some(k) => k.clone(),
                None => norm.normalize(n),
            };
            hay.match_indices(k.as_str()).any(|(i, _)| {
                !hay[..i]
                    .chars()
                    .rev()
                    .take(2)
                    .any(|c| matches!(c, '不' | '非' | '没' | '无' | '未'))
            })
        }
    })
}

/// Whether the lower-cased `text` says the English phrase `n` on word
/// boundaries, not negated: no negation before it in its clause, unless
/// the negation belongs to a condition ("if you don't want texts, reply
/// STOP"), is turned by a contrast after it ("not a summons but a message
/// from a debt collector") or denies something else ("do not ignore this
/// message from a debt collector").
fn says(text: &str, n: &str) -> bool {
    const NEGATION: &[&str] = &["not", "never", "cannot"];
    const CONDITION: &[&str] = &["if", "unless", "whether"];
    const CONTRAST: &[&str] = &["but", "rather", "instead"];
    const OTHER: &[&str] = &["ignore", "hesitate", "delay", "forget", "miss"];
    text.match_indices(n).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + n.len()..].chars().next();
        if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric) {
            return false;
        }
        let clause = text[..i]
            .rsplit(['.', ';', '!', '?', ','])
            .next()
            .unwrap_or_default();
        let words: Vec<&str> = clause
            .split_whitespace()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\''))
            .collect();
        let Some(k) = words
            .iter()
            .rposition(|w| NEGATION.contains(w) || w.ends_with("n't"))
        else {
            return true;
        };
        words[..k].iter().any(|w| CONDITION.contains(w))
            || words[k + 1..].iter().any(|w| CONTRAST.contains(w))
            || words.get(k + 1).is_some_and(|w| OTHER.contains(w))
    })
}

const CN_SELF: &[&str] = &["我是", "这里是", "本人是", "我们是", "工号"];
const CN_INSTITUTION: &[&str] = &[
    "银行",
    "公司",
    "金融",
    "中心",
    "机构",
    "平台",
    "事务所",
    "小贷",
];

/// Whether the text is mostly Chinese (more CJK characters than Latin letters).
fn is_chinese(text: &str) -> bool {
    let (cjk, latin) = scripts(text);
    cjk * 3 >= latin && cjk > 0
}

/// CJK characters and Latin letters in `text`. Letters of a web or email
/// address (a run of Latin text with `.`, `/` or `@` inside and no space) or of a
/// sender's brand in 【】 are not text in a language.
fn scripts(text: &str) -> (usize, usize) {
    let (mut cjk, mut latin) = (0usize, 0usize);
    let mut bracket = false;
    // Letters of the current run of Latin text, and whether it is an address.
    let (mut run, mut address) = (0usize, false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let ends_run = c.is_whitespace() || is_han(c) || matches!(c, '【' | '】');
        if ends_run {
            if !address {
                latin += run;
            }
            (run, address) = (0, false);
        }
        match c {
            '【' => bracket = true,
            '】' => bracket = false,
            _ if is_han(c) => cjk += usize::from(!bracket),
            _ if c.is_ascii_alphabetic() && !bracket => run += 1,
            // Inside an address, not at the end of a sentence ("Hello.").
            '.' | '/' | '@' => {
                address |= run > 0 && chars.peek().is_some_and(char::is_ascii_alphanumeric)
            }
            _ => {}
        }
    }
    if !address {
        latin += run;
    }
    (cjk, latin)
}

/// The languages a message is written in, for its disclosures (RULES.md
/// §9.1: "in the same language(s)"): Chinese, English, or both when each
/// carries real text (at least 8 Chinese characters and 30 Latin letters).
fn languages(text: &str) -> (bool, bool) {
    let (cjk, latin) = scripts(text);
    if cjk >= 8 && latin >= 30 {
        (true, true)
    } else {
        let zh = is_chinese(text);
        (zh, !zh)
    }
}

const EN_INITIAL_A: &[&str] = &[
    "attempt to collect a debt",
    "attempting to collect a debt",
    "attempts to collect a debt",
    "attempt to collect this debt",
    "attempting to collect this debt",
    "attempts to collect this debt",
    "attempt by a debt collector to collect a debt",
    "attempt by a debt collector to collect this debt",
    // The CFPB model validation notice (Reg F, Appendix B, form B-1).
    "trying to collect a debt",
];
const EN_INITIAL_B: &[&str] = &[
    "information obtained will be used for that purpose",
    "information obtained will be used for this purpose",
    "information we obtain will be used for that purpose",
    "information we obtain will be used for this purpose",
    "use any information you give us to help collect the debt",
];
const EN_LATER: &[&str] = &[
    "from a debt collector",
    "is a debt collector",
    "this is a debt collector",
    "am a debt collector",
    "are a debt collector",
    "are debt collectors",
    "i'm a debt collector",
    "we're a debt collector",
];
const ZH_INITIAL_A: &[&str] = &[
    "试图收取债务",
    "正在收取债务",
    "意图收取债务",
    "旨在收取债务",
];
const ZH_INITIAL_B: &[&str] = &[
    "获得的任何信息都将用于该目的",
    "获得的任何信息都将用于此目的",
    "信息将用于该目的",
    "信息将用于此目的",
    // 資訊 (Taiwan, Hong Kong) is 资讯 after normalisation.
    "获得的任何资讯都将用于该目的",
    "获得的任何资讯都将用于此目的",
    "资讯将用于该目的",
    "资讯将用于此目的",
];
const ZH_LATER: &[&str] = &[
    "来自债务催收方",
    "来自债务催收人",
    "来自债务催收机构",
    "我们是债务催收",
    "我是债务催收",
];

/// A missing-content finding (at most a few per message, after a
/// normalised copy of the whole text has been made: not worth sharing).
fn missing(text: &str, entry: &str, expected: &str, rule: RuleRef, message: &str) -> Finding {
    Finding {
        span: Span {
            start: 0,
            end: text.len(),
        },
        matched: RuleId::new(expected),
        category: Category::MissingDisclosure,
        severity: Severity::High,
        entry: RuleId::new(entry),
        rule: Arc::new(rule),
        message: RuleId::new(message),
    }
}

/// Required-content checks: the US mini-Miranda (1006.18(e)) and the Chinese
/// collector-and-institution identification. Runs only for messages to the
/// debtor, the equivalent or a guarantor when a jurisdiction is given.
pub(crate) fn required(
    text: &str,
    facts: &MessageFacts,
    norm: &Normalizer,
    out: &mut Vec<Finding>,
) {
    if facts.jurisdiction.is_none() {
        return;
    }
    let hay = norm.normalize(text);
    if facts.jurisdiction == Some(Jurisdiction::Us) && facts.channel.is_some_and(is_electronic) {
        opt_out(text, &hay, norm, out);
    }
    // A guarantor or co-signer is obligated on the debt: a consumer of
    // 1006.2(e), owed the same disclosures.
    if facts.to_third_party()
        || !matches!(
            facts.recipient,
            Recipient::Debtor | Recipient::ConsumerEquivalent | Recipient::Guarantor
        )
    {
        return;
    }
    match facts.jurisdiction {
        Some(Jurisdiction::Us) => {
            if facts.channel == Some(Channel::Voicemail) && classify_voicemail(text).limited_content
            {
                return;
            }
            let rule = RuleRef::new(
                "us.reg_f.mini_miranda",
                "12 CFR 1006.18(e); FDCPA 1692e(11)",
                RuleStatus::Verified,
            );
            // Each language the message is written in carries the
            // disclosure; one finding names the first one missing.
            let (in_zh, in_en) = languages(text);
            let sets = [
                (in_zh, (ZH_INITIAL_A, ZH_INITIAL_B, ZH_LATER)),
                (in_en, (EN_INITIAL_A, EN_INITIAL_B, EN_LATER)),
            ];
            for (a, b, later) in sets.into_iter().filter(|s| s.0).map(|s| s.1) {
                if facts.initial_communication == Some(false) {
                    if !contains_any(norm, text, &hay, later) {
                        out.push(missing(text, "us.mini_miranda.subsequent", later[0], rule,
                            "a later communication must say it is from a debt collector, in the language(s) of the message"));
                        break;
                    }
                } else if !(contains_any(norm, text, &hay, a) && contains_any(norm, text, &hay, b))
                {
                    out.push(missing(text, "us.mini_miranda.initial", a[0], rule,
                        "the initial communication must say the collector is attempting to collect a debt and that any information obtained will be used for that purpose, in the language(s) of the message"));
                    break;
                }
            }
        }
        Some(Jurisdiction::Cn) => {
            let rule = RuleRef::new(
                "cn.cba2026.identify",
                "CBA 2026 guide: identify the collector and the institution; no posing as the member institution (prohibition 1)",
                RuleStatus::Secondary,
            );
            // The collector identifies themself, and names the institution:
            // the one given, or any institution word when none is.
            let names_self = contains_any(norm, text, &hay, CN_SELF);
            let ok = match facts.sender_institution.as_deref().map(str::trim) {
                Some(name) if !name.is_empty() => names_self && hay.contains(&norm.normalize(name)),
                _ => names_self && contains_any(norm, text, &hay, CN_INSTITUTION),
            };
            if !ok {
                out.push(missing(
                    text,
                    "cn.identify",
                    "我是…(机构名称)",
                    rule,
                    "the collector must identify themself and the institution they act for",
                ));
            }
        }
        _ => {}
    }
}

/// Email, text and other electronic messages (12 CFR 1006.6(e)).
fn is_electronic(c: Channel) -> bool {
    matches!(c, Channel::Email | Channel::Sms | Channel::InstantMessage)
}

/// Ways of opting out of electronic messages, compared after
/// normalisation (so `Reply STOP`, `reply stop` and `ＲＥＰＬＹ ＳＴＯＰ` are
/// one): a reply keyword, an unsubscribe link or an opt-out statement.
const OPT_OUT: &[&str] = &[
    "reply stop",
    "text stop",
    "send stop",
    "stop to opt out",
    "stop to end",
    "stop to unsubscribe",
    "stop to cancel",
    "opt out",
    "opt-out",
    "unsubscribe",
    "stop receiving",
    "no longer wish to receive",
    "回复td",
    "回td",
    "回复退订",
    "退订",
    "回复stop",
    "拒收请回复",
];

/// Reg F 1006.6(e): every email, text or other electronic message from a
/// debt collector must include a clear and conspicuous way to opt out of
/// further electronic messages to that address or number.
fn opt_out(text: &str, hay: &str, norm: &Normalizer, out: &mut Vec<Finding>) {
    if contains_any(norm, text, hay, OPT_OUT) {
        return;
    }
    out.push(missing(
        text,
        "us.reg_f.e_opt_out",
        "reply stop / unsubscribe / opt out",
        RuleRef::new(
            "us.reg_f.e_opt_out_notice",
            "12 CFR 1006.6(e)",
            RuleStatus::Verified,
        ),
        "an email, text or other electronic message from a debt collector must include a clear and conspicuous way to opt out of further electronic messages",
    ));
}

#[cfg(test)]
mod tests;
