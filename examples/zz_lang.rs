use arrears::compliance::language::{
    Category, Gate, LanguagePolicy, LexiconEntry, MessageFacts, Severity, TextChecker,
};
use arrears::rule::{RuleRef, RuleStatus};
use std::hint::black_box;
use std::time::Instant;
const ZH: &[&str] = &[
    "我们", "今天", "还款", "账单", "客户", "您好", "提醒", "银行", "时间", "问题", "工作", "生活",
    "已经", "可以", "需要", "服务", "电话", "信息", "处理", "系统", "公司", "方案", "协商", "感谢",
    "支持", "發展", "經濟", "時間", "問題", "關係", "學習", "開始", "國家", "電話", "會議", "计划",
    "分期", "金额", "确认", "通知", "联系", "地址", "帮助", "明天", "下午", "上午", "手续", "办理",
    "查询", "记录", "资料", "情况",
];
const EN: &[&str] = &[
    "the",
    "payment",
    "account",
    "please",
    "call",
    "return",
    "value",
    "object",
    "string",
    "list",
    "function",
    "module",
    "default",
    "error",
    "Thanks",
    "SCHEDULE",
    "ｒｅｍｉｎｄｅｒ",
    "balance",
    "office",
    "hours",
    "plan",
    "support",
    "team",
    "date",
];
const PUNCT: &[&str] = &["，", "。", "！", "？", "、", " ", ", ", ". ", "：", "；"];
const PLANTED: &[&str] = &[
    "坐-牢",
    "J.A.I.L",
    "老賴",
    "ＳＵＥ ＹＯＵ",
    "爆通讯录",
    "idiot",
];

struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
}

fn corpus(bytes: usize, seed: u64) -> String {
    let mut r = Lcg(seed);
    let mut s = String::with_capacity(bytes + 64);
    while s.len() < bytes {
        let k = r.next() % 100;
        if k < 62 {
            s.push_str(ZH[r.next() % ZH.len()]);
        } else if k < 80 {
            s.push_str(EN[r.next() % EN.len()]);
            s.push(' ');
        } else if k < 97 {
            s.push_str(PUNCT[r.next() % PUNCT.len()]);
        } else if k < 99 {
            s.push_str(&format!("{}.{:02}元", r.next() % 10000, r.next() % 100));
        } else if r.next() % 20 == 0 {
            s.push_str(PLANTED[r.next() % PLANTED.len()]);
        }
    }
    s
}

/// Messages of about 200 bytes, cut on char boundaries.
fn messages(text: &str, n: usize) -> Vec<&str> {
    let mut v = Vec::with_capacity(n);
    let mut start = 0;
    while v.len() < n && start < text.len() {
        let mut end = (start + 200).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        v.push(&text[start..end]);
        start = end;
    }
    v
}

/// `n` random user entries over the 490 most common characters, of
/// `min_len..=6` characters. With `min_len` 2 the entries hit every 41
/// bytes of the corpus (a stress case: ~200,000 findings in 8 MB); with 3
/// they hit about as rarely as a real sensitive-word list would.
fn user_lexicon(n: usize, min_len: usize) -> Vec<LexiconEntry> {
    const POOL: &str = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质";
    let pool: Vec<char> = POOL.chars().collect();
    let mut r = Lcg(7);
    let rule = RuleRef::new("user.bench", "", RuleStatus::Unverified);
    (0..n)
        .map(|i| {
            let len = min_len + r.next() % (7 - min_len);
            let term: String = (0..len).map(|_| pool[r.next() % pool.len()]).collect();
            LexiconEntry {
                id: format!("user.{i}"),
                term,
                category: Category::Harassment,
                severity: Severity::Low,
                gate: Gate::Always,
                rule: rule.clone(),
                message: "user entry".into(),
            }
        })
        .collect()
}

fn main() {
    let text = corpus(8 << 20, 42);
    let msgs = messages(&text, 100_000);
    let facts = MessageFacts::to_debtor();
    let lex = std::env::var("LEX").unwrap_or("sparse".into());
    let add = match lex.as_str() {
        "builtin" => vec![],
        "dense" => user_lexicon(60_000, 2),
        _ => user_lexicon(60_000, 3),
    };
    let c = TextChecker::new(&LanguagePolicy {
        add,
        ..LanguagePolicy::default()
    })
    .unwrap();
    let mode = std::env::args().nth(1).unwrap_or("u8".into());
    let n: usize = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let mb: usize = std::env::var("MB")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(8);
    let mut cut = (mb << 20).min(text.len());
    while !text.is_char_boundary(cut) {
        cut += 1;
    }
    let text = &text[..cut];
    let nm = (cut / 200).min(msgs.len());
    let msgs = &msgs[..nm];
    let mut best = f64::MAX;
    let mut acc = 0;
    for _ in 0..n {
        let t = Instant::now();
        acc += if mode == "m" {
            msgs.iter()
                .map(|m| c.check(black_box(m), &facts).len())
                .sum::<usize>()
        } else {
            c.check(black_box(text), &facts).len()
        };
        best = best.min(t.elapsed().as_secs_f64());
    }
    if mode == "m" {
        println!("{acc} {:.1} k msg/s", nm as f64 / best / 1e3);
    } else {
        println!("{acc} {:.1} MiB/s", cut as f64 / 1048576.0 / best);
    }
}
