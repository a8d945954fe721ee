//! An independent oracle for the forbidden-language checker,
//! `arrears::compliance::language` (`TextChecker::check` over lexicon
//! phrases, and the `Normalizer` it rests on).
//!
//! The model (`language_oracle/norm.rs`, `language_oracle/model.rs`) is
//! written from the public docs only: the crate doc of
//! `compliance::language` ("How it works": NFKC, case folding, traditional →
//! simplified, noise skipping, kept weapon symbols, repeats, look-alikes,
//! Latin word boundaries), the docs of `Normalizer`, `NormChar`,
//! `TextChecker::check`, `Finding`, `Span`, `LexiconEntry`, `Gate::fires`,
//! `LanguagePolicy` (`allow`: "a finding wholly inside an allowed phrase is
//! dropped"), the language entries of CHANGELOG.md (word boundaries after a
//! space and the repeat rule, "a clause break between whole words ("Sue.
//! You") is no match", "a term that doubles a Chinese character matches only
//! where the text doubles one", "the zh lexicon's romanised slang needs
//! Chinese in the message", kept symbols) and RULES.md §9. It reads the
//! lexicons through `Lexicon::parse` and the traditional → simplified pairs
//! from the data file `lexicons/t2s.txt`; NFKC comes from
//! unicode-normalization, character classes from `std`. The matcher is
//! naive: every phrase at every start position of the normalised stream.
//!
//! Stages:
//! 1. `stage1_table`: every BMP character and a sample of the others,
//!    the model's mapping (NFKC when one character, lower-casing when
//!    one-to-one, t2s, noise) against `Normalizer::map`.
//! 2. `stage2_stream`: generated texts, the model's stream (character,
//!    original byte range, `gap_before`) against `Normalizer::for_each`.
//! 3. `stage3_user_lexicon`: `LanguagePolicy::empty()` with 8–40 added
//!    entries (built-in terms of both files and short synthetic ones, ids
//!    neutral), texts of disguised phrases and filler: the findings as a
//!    set of (span, entry id), and each finding's `matched`, `category`.
//! 4. `stage4_builtin`: the built-in lexicons with their near and negation
//!    rules removed (what stays: entries, gates, allowed phrases, the zh
//!    slang rule), a message to the debtor by SMS, no jurisdiction.
//! 5. `stage5_lookalike`: stage 3 with letters written as look-alike
//!    digits or symbols glued inside words (`k1ll`, `j4il`, `a$$`).
//! 6. `stage6_arbitrary`: the default policy over arbitrary strings: no
//!    panic, findings sorted by position, spans on `char` boundaries of the
//!    original, and a lexicon finding's span normalises (the library's
//!    normaliser) to its term.
//!
//! Doc gaps (texts the docs leave open are skipped, see
//! `language_oracle/bugs.rs` and `model.rs`):
//! - Overlaps: within one category a finding inside a longer one's span is
//!   dropped, and entries whose terms normalise alike give one finding for
//!   the span (either entry); across categories every hit is kept. The docs
//!   only say "one finding per problem".
//! - Noise is "not a letter or number" plus zero-width, variation-selector
//!   and combining-mark ranges; unassigned code points, numbers that NFKC
//!   does not make one character (`½`, `⑩`, `❶`) and U+0374 are left open.
//! - Look-alikes across noise: `j.4.i.l` is read, `h 1😀t` is not; only
//!   look-alikes glued to a letter are compared.
//! - "A clause break between whole words": only the plain "word. word"
//!   (half-width `,;!?.:` and one ASCII space, no evasion in the hit) is
//!   compared; `hurt， you`, `S-ue. You` (kept) and `ae. a.L-L` (dropped)
//!   follow no documented rule.
//! - "Doubles one": a doubled Chinese character is compared position by
//!   position with two equal written characters; `问問`, three repeats,
//!   noise inside a repeat (`牢  牢`) and a double at another position
//!   (`坐天天` for `坐坐天`, which the library reports) are left open.
//!
//! Library bugs found (fixed 2026-11-28; their repros run in
//! `library_bugs_fixed`, and the stages draw them):
//! 1. Characters the docs call noise were kept, so they hid a phrase:
//!    combining marks U+0483–0489, U+20D0–20F0, U+302A–302F, U+3099–309A,
//!    the supplemental punctuation block U+2E00–2E5D, ゠ ͵ ΄ ΅ ϶ ҂ 〷 〾 〿
//!    ゛ ゜ (and about 2,600 more outside the compared ranges): `坐\u{20DD}牢`,
//!    `坐⸺牢`, `go to j\u{483}ail` gave nothing. The library now reads the
//!    general category of each character.
//! 2. The new-word rule after a repeated letter held only after one ASCII
//!    space with an ASCII letter glued after: "we will kill you\nunless you
//!    pay" (also `\t`, two spaces, U+3000, full-width letters) and "go to
//!    jail\nlater" gave nothing. Any white space now counts, and a
//!    full-width letter or a look-alike glued after (the model had to learn
//!    the last: "god d@mn" is two words).
//!
//! Running: `cargo test --test language_oracle`; more cases with
//! `ORACLE_CASES=20000 cargo test --release --test language_oracle`.
//! `ORACLE_SEED=s` replays one case.

#[path = "oracle_support/rng.rs"]
mod rng;
#[path = "oracle_support/run.rs"]
mod run;
mod language_oracle {
    pub mod bugs;
    pub mod gen;
    pub mod model;
    pub mod norm;
}

use std::collections::{BTreeMap, HashSet};

use arrears::compliance::language::{
    Category, Channel, Finding, Gate, LanguagePolicy, Lexicon, LexiconEntry, MessageFacts,
    Normalizer, Severity, TextChecker, BUILTIN_EN, BUILTIN_ZH,
};
use language_oracle::gen::{self, esc, Disguise};
use language_oracle::model::{self, Hit, Opts, Pat};
use language_oracle::norm;
use rng::Rng;

/// Cases per seeded stage unless `ORACLE_CASES` says otherwise (the whole
/// file stays within about 20 s in a debug build).
const DEFAULT_CASES: u64 = 300;

/// The facts of every stage: to the debtor, by SMS (no transcript turns),
/// no jurisdiction (no required content, no premium-rate numbers).
fn facts() -> MessageFacts {
    MessageFacts {
        channel: Some(Channel::Sms),
        ..MessageFacts::to_debtor()
    }
}

fn opts() -> Opts {
    Opts { clause_check: true }
}

/// The built-in lexicons, parsed.
fn builtin() -> &'static (Lexicon, Lexicon) {
    static L: std::sync::OnceLock<(Lexicon, Lexicon)> = std::sync::OnceLock::new();
    L.get_or_init(|| {
        (
            Lexicon::parse("zh", BUILTIN_ZH).expect("zh"),
            Lexicon::parse("en", BUILTIN_EN).expect("en"),
        )
    })
}

/// Whether every character of `s` maps alike in the model and the library.
pub fn agrees(n: &Normalizer, s: &str) -> bool {
    s.chars().all(|c| n.map(c) == norm::map(c))
}

/// The library's findings as model hits: where the model has several
/// entries for one span and category, the library's one entry must be
/// among them, and it then stands for the model's list.
fn library_hits(fs: &[Finding], want: &[Hit]) -> Vec<Hit> {
    let mut v: Vec<Hit> = fs
        .iter()
        .map(|f| {
            let (s, e, c) = (f.span.start, f.span.end, f.category);
            let id = f.entry.to_string();
            match want
                .iter()
                .find(|w| (w.0, w.1, w.2) == (s, e, c) && w.3.contains(&id))
            {
                Some(w) => w.clone(),
                None => (s, e, c, vec![id]),
            }
        })
        .collect();
    v.sort();
    v
}

/// Runs `n` seeds of a stage; `case` returns the disagreements of a seed.
fn run_stage(label: &str, base: u64, default: u64, mut case: impl FnMut(u64) -> Vec<String>) {
    let (n, first) = run::seeds(base, default);
    let mut tally = run::Tally::new(label);
    for s in first..first + n {
        tally.check(|| format!("seed {s}"), &case(s));
    }
    tally.finish(n, &"");
}

#[test]
fn stage1_table() {
    use language_oracle::bugs::{table_gap, TABLE_RANGES};
    let n = Normalizer::new();
    let mut bad: Vec<(char, Option<char>, Option<char>)> = Vec::new();
    let mut count = 0;
    for &(lo, hi) in &TABLE_RANGES {
        for cp in lo..=hi {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            if table_gap(c) {
                continue;
            }
            count += 1;
            let (lib, m) = (n.map(c), norm::map(c));
            if lib != m {
                bad.push((c, lib, m));
            }
        }
    }
    for (c, lib, m) in bad.iter().take(40) {
        eprintln!(
            "[stage1] U+{:04X} {:?}: library {:?}, model {:?}",
            *c as u32, c, lib, m
        );
    }
    eprintln!("[stage1] {count} characters, {} disagreeing", bad.len());
    assert!(bad.is_empty(), "[stage1] {} characters disagree", bad.len());
}

fn lib_stream(n: &Normalizer, text: &str) -> Vec<(char, usize, usize, bool)> {
    let mut v = Vec::new();
    n.for_each(text, |k| {
        v.push((k.ch, k.start as usize, k.end as usize, k.gap_before))
    });
    v
}

fn model_stream(text: &str) -> Vec<(char, usize, usize, bool)> {
    norm::stream(text)
        .iter()
        .map(|k| (k.ch, k.start, k.end, k.gap_before))
        .collect()
}

/// All terms of both built-in files.
fn all_terms() -> Vec<String> {
    let (zh, en) = builtin();
    zh.entries
        .iter()
        .chain(&en.entries)
        .map(|e| e.term.clone())
        .collect()
}

#[test]
fn stage2_stream() {
    let n = Normalizer::new();
    let terms = all_terms();
    run_stage("stage2", 2_000_000, DEFAULT_CASES * 4, |s| {
        let mut rng = Rng(s);
        let look = rng.chance(30);
        let text = gen::text(&mut rng, &terms, Disguise { look });
        if !agrees(&n, &text) || language_oracle::bugs::stream_gap(&text) {
            return vec![];
        }
        let (lib, m) = (lib_stream(&n, &text), model_stream(&text));
        if lib == m {
            return vec![];
        }
        let k = lib.iter().zip(&m).take_while(|(a, b)| a == b).count();
        vec![format!(
            "text {:?}\n    first difference at kept char {k}: library {:?}, model {:?}",
            esc(&text),
            lib.get(k),
            m.get(k)
        )]
    });
}

/// A user lexicon of `k` entries: built-in terms and synthetic ones.
fn user_entries(rng: &mut Rng, k: usize) -> Vec<LexiconEntry> {
    let (zh, en) = builtin();
    let cats = [
        Category::ThreatViolence,
        Category::ThreatArrestOrCriminal,
        Category::FalseLegalOrAuthority,
        Category::InsultOrProfanity,
        Category::Harassment,
        Category::PrivacyExposure,
        Category::PressureToBorrow,
    ];
    let sev = [
        Severity::Low,
        Severity::Medium,
        Severity::High,
        Severity::Critical,
    ];
    let rule = zh.entries[0].rule.clone();
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    while out.len() < k {
        let term = match rng.range(0, 5) {
            0 | 1 => rng.pick(&zh.entries).term.clone(),
            2 | 3 => rng.pick(&en.entries).term.clone(),
            4 => (0..rng.range(1, 3))
                .map(|_| *rng.pick(&['坐', '牢', '打', '你', '天', '死', '還', '钱']))
                .collect(),
            _ => {
                let w: String = (0..rng.range(2, 4))
                    .map(|_| *rng.pick(&['a', 'b', 'l', 'o', 's', 'u', 'e']))
                    .collect();
                if rng.chance(40) {
                    format!("{w} {}", rng.pick(&["you", "sue", "all", "lol"]))
                } else {
                    w
                }
            }
        };
        if norm::normalize(&term).is_empty() || !seen.insert(term.clone()) {
            continue;
        }
        out.push(LexiconEntry {
            id: format!("u{}", out.len()),
            term,
            category: *rng.pick(&cats),
            severity: *rng.pick(&sev),
            gate: Gate::Always,
            rule: rule.clone(),
            message: "oracle entry".into(),
        });
    }
    out
}

/// Compares one text: library findings against the model's.
fn compare(
    checker: &TextChecker,
    pats: &[Pat],
    allow: &[Pat],
    entries: &BTreeMap<String, (String, Category)>,
    text: &str,
) -> Vec<String> {
    let fs = checker.check(text, &facts());
    let mut out = Vec::new();
    if fs.windows(2).any(|w| w[0].span.start > w[1].span.start) {
        out.push("findings not sorted by position".into());
    }
    for f in &fs {
        if let Some((term, cat)) = entries.get(&*f.entry) {
            if *f.matched != **term || f.category != *cat {
                out.push(format!("finding {f:?}: entry has {term:?} {cat:?}"));
            }
        }
    }
    let Some(want) = model::findings(pats, allow, text, opts()) else {
        return out;
    };
    let lib = library_hits(&fs, &want);
    if lib != want {
        let show = |h: &Hit| format!("{}..{} {:?} {:?} {:?}", h.0, h.1, &text[h.0..h.1], h.2, h.3);
        let only_lib: Vec<String> = lib.iter().filter(|h| !want.contains(h)).map(show).collect();
        let only_model: Vec<String> = want.iter().filter(|h| !lib.contains(h)).map(show).collect();
        out.push(format!(
            "text {:?}\n    library only: {only_lib:?}\n    model only:   {only_model:?}",
            esc(text)
        ));
    }
    out
}

/// Stages 3 and 5: a user lexicon, texts from its terms.
fn user_stage(label: &str, base: u64, look: bool) {
    let n = Normalizer::new();
    run_stage(label, base, DEFAULT_CASES, |s| {
        let mut rng = Rng(s);
        let k = rng.range(8, 40) as usize;
        let entries = user_entries(&mut rng, k);
        let policy = LanguagePolicy {
            add: entries.clone(),
            ..LanguagePolicy::empty()
        };
        let checker = TextChecker::new(&policy).expect("checker");
        let pats: Vec<Pat> = entries
            .iter()
            .map(|e| Pat::new(&e.id, &e.term, e.category, false))
            .collect();
        let map: BTreeMap<String, (String, Category)> = entries
            .iter()
            .map(|e| (e.id.clone(), (e.term.clone(), e.category)))
            .collect();
        let terms: Vec<String> = entries.iter().map(|e| e.term.clone()).collect();
        let mut out = Vec::new();
        for _ in 0..4 {
            let text = gen::text(&mut rng, &terms, Disguise { look });
            if !agrees(&n, &text) || language_oracle::bugs::stream_gap(&text) {
                continue;
            }
            out.extend(compare(&checker, &pats, &[], &map, &text));
            if !out.is_empty() {
                let list: Vec<&str> = terms.iter().map(|t| t.as_str()).collect();
                out.push(format!("lexicon {list:?}"));
                break;
            }
        }
        out
    });
}

#[test]
fn stage3_user_lexicon() {
    user_stage("stage3", 3_000_000, false);
}

#[test]
fn stage5_lookalike() {
    user_stage("stage5", 5_000_000, true);
}

#[test]
fn stage4_builtin() {
    let (zh, en) = builtin();
    let mut remove: Vec<String> = Vec::new();
    for l in [zh, en] {
        remove.extend(l.near.iter().map(|r| r.id.clone()));
        remove.extend(l.negation.iter().map(|r| r.id.clone()));
    }
    let policy = LanguagePolicy {
        remove,
        ..LanguagePolicy::default()
    };
    let checker = TextChecker::new(&policy).expect("checker");
    let f = facts();
    let mut pats = Vec::new();
    let mut map = BTreeMap::new();
    for (l, is_zh) in [(zh, true), (en, false)] {
        for e in &l.entries {
            map.insert(e.id.clone(), (e.term.clone(), e.category));
            if e.gate.fires(&f) {
                pats.push(Pat::new(&e.id, &e.term, e.category, is_zh));
            }
        }
    }
    let allow: Vec<Pat> = zh
        .allow
        .iter()
        .chain(&en.allow)
        .map(|a| Pat::new("allow", a, Category::Deceptive, false))
        .collect();
    let terms = all_terms();
    let n = Normalizer::new();
    run_stage("stage4", 4_000_000, DEFAULT_CASES, |s| {
        let mut rng = Rng(s);
        let text = gen::text(&mut rng, &terms, Disguise::default());
        if !agrees(&n, &text) || language_oracle::bugs::stream_gap(&text) {
            return vec![];
        }
        compare(&checker, &pats, &allow, &map, &text)
    });
}

#[test]
fn stage6_arbitrary() {
    let checker = TextChecker::new(&LanguagePolicy::default()).expect("checker");
    let n = checker.normalizer().clone();
    let (zh, en) = builtin();
    let terms: BTreeMap<String, String> = zh
        .entries
        .iter()
        .chain(&en.entries)
        .map(|e| (e.id.clone(), e.term.clone()))
        .collect();
    let list = all_terms();
    let facts_list = [facts(), MessageFacts::default(), MessageFacts::to_debtor()];
    run_stage("stage6", 6_000_000, DEFAULT_CASES * 2, |s| {
        let mut rng = Rng(s);
        let text = gen::arbitrary(&mut rng, &list);
        let f = rng.pick(&facts_list).clone();
        let fs = match std::panic::catch_unwind(|| checker.check(&text, &f)) {
            Ok(fs) => fs,
            Err(_) => return vec![format!("panic on {:?}", esc(&text))],
        };
        let mut out = Vec::new();
        if fs.windows(2).any(|w| w[0].span.start > w[1].span.start) {
            out.push(format!("not sorted by position: {:?}", esc(&text)));
        }
        for x in &fs {
            let sp = x.span;
            if sp.start > sp.end
                || sp.end > text.len()
                || !text.is_char_boundary(sp.start)
                || !text.is_char_boundary(sp.end)
            {
                out.push(format!("bad span {sp:?} in {:?}", esc(&text)));
                continue;
            }
            let Some(term) = terms.get(&*x.entry) else {
                continue;
            };
            let got = n.normalize(&text[sp.start..sp.end]);
            let want = n.normalize(term);
            if got != want && !language_oracle::bugs::span_gap(&text, sp.start, sp.end) {
                out.push(format!(
                    "span {:?} of {} normalises to {got:?}, term {term:?} to {want:?}; text {:?}",
                    &text[sp.start..sp.end],
                    x.entry,
                    esc(&text)
                ));
            }
        }
        out
    });
}

/// The library bugs found, fixed: each text must give a finding whose
/// entry's term is the one listed.
#[test]
fn library_bugs_fixed() {
    let checker = TextChecker::new(&LanguagePolicy::default()).expect("checker");
    let mut fails = 0;
    for (text, term) in language_oracle::bugs::REPROS {
        let fs = checker.check(text, &facts());
        let found = fs.iter().any(|f| *f.matched == *term);
        if !found {
            fails += 1;
            let got: Vec<String> = fs.iter().map(|f| f.entry.to_string()).collect();
            eprintln!("[bugs] {:?}: expected {term:?}, library {got:?}", esc(text));
        }
    }
    assert_eq!(fails, 0, "[bugs] {fails} library bugs back");
}
