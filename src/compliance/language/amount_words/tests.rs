use proptest::prelude::*;

use super::*;
use crate::compliance::language::amounts;

/// The slices of `text` that `amounts` reports.
fn found(text: &str) -> Vec<&str> {
    amounts(text).iter().filter_map(|s| s.slice(text)).collect()
}

#[test]
fn word_amounts_table() {
    let positives: &[(&str, &[&str])] = &[
        ("He owes five hundred dollars.", &["five hundred dollars"]),
        ("twelve thousand yuan is overdue", &["twelve thousand yuan"]),
        ("about a thousand pounds", &["a thousand pounds"]),
        ("An hundred euros", &["An hundred euros"]),
        (
            "one hundred and fifty dollars",
            &["one hundred and fifty dollars"],
        ),
        (
            "two thousand five hundred bucks",
            &["two thousand five hundred bucks"],
        ),
        ("just fifty quid", &["fifty quid"]),
        (
            "three hundred and twenty-five dollars",
            &["three hundred and twenty-five dollars"],
        ),
        ("twenty five dollars", &["twenty five dollars"]),
        ("he owes ten grand", &["ten grand"]),
        ("a few thousand dollars", &["a few thousand dollars"]),
        ("a few dollars", &["a few dollars"]),
        ("several hundred pounds", &["several hundred pounds"]),
        ("a couple of hundred bucks", &["a couple of hundred bucks"]),
        ("a couple grand", &["a couple grand"]),
        ("thousands of dollars", &["thousands of dollars"]),
        ("hundreds of pounds", &["hundreds of pounds"]),
        (
            "tens of thousands of dollars",
            &["tens of thousands of dollars"],
        ),
        ("five hundred USD", &["five hundred USD"]),
        ("5 hundred dollars", &["5 hundred dollars"]),
        ("1.2 million yuan", &["1.2 million yuan"]),
        ("1.2k dollars", &["1.2k dollars"]),
        ("5m GBP", &["5m GBP"]),
        ("half a million renminbi", &["half a million renminbi"]),
        ("five hundred US dollars", &["five hundred US dollars"]),
        ("one dollar", &["one dollar"]),
        ("a hundred dollar bill", &["a hundred dollar"]),
        ("FIVE HUNDRED DOLLARS", &["FIVE HUNDRED DOLLARS"]),
        // Full-width letters, an ideographic space and CJK text around.
        (
            "他欠ｆｉｖｅ　ｈｕｎｄｒｅｄ　ｄｏｌｌａｒｓ没还",
            &["ｆｉｖｅ　ｈｕｎｄｒｅｄ　ｄｏｌｌａｒｓ"],
        ),
        ("a five-hundred-dollar fee", &["five-hundred-dollar"]),
        (
            "ninety-nine euros and sixty RMB",
            &["ninety-nine euros", "sixty RMB"],
        ),
        ("one thousand\ndollars", &["one thousand\ndollars"]),
        ("between ten and twenty dollars", &["twenty dollars"]),
        ("zero cny", &["zero cny"]),
        // Digits already found keep one span; words extend it.
        ("500 dollars", &["500 dollars"]),
        ("$5 million dollars", &["$5 million dollars"]),
        (
            "owes $500 and five hundred dollars",
            &["$500", "five hundred dollars"],
        ),
    ];
    let negatives: &[&str] = &[
        "one of you",
        "two calls",
        "a few days",
        "first payment",
        "ten minutes",
        "in a hundred ways",
        "pound the table",
        "the dollar store",
        "one dollar store",
        "a one-pound shop",
        "Call us at nine",
        "a million thanks",
        "the pound fell",
        "someone pounds on the door",
        "the tender pounds",
        "ten poundcakes",
        "five dollarama stores",
        "thousands of people",
        "a dollar",
        "a grand total",
        "two grand pianos",
        "one, dollars or euros?",
        "five. Dollars are",
        "twenty-first century",
        "and dollars",
        "of dollars",
        "fifth dollar",
    ];
    let mut n = 0;
    for (text, want) in positives {
        let got: Vec<&str> = word_amounts(text)
            .iter()
            .filter_map(|s| text.get(s.start..s.end))
            .collect();
        // Digits-only forms are also (or only) the other scanner's.
        let all = found(text);
        assert_eq!(&all, want, "amounts({text:?})");
        assert!(
            got.iter().all(|g| all.iter().any(|a| a.contains(g))),
            "word_amounts({text:?}) = {got:?}"
        );
        n += 1;
    }
    for text in negatives {
        assert_eq!(found(text), Vec::<&str>::new(), "amounts({text:?})");
        n += 1;
    }
    assert!(positives.len() >= 25 && negatives.len() >= 15, "{n} cases");
}

#[test]
fn merge_sorts_and_joins() {
    let sp = |start, end| Span { start, end };
    assert_eq!(
        merge(vec![sp(0, 4), sp(10, 12)], vec![sp(2, 8), sp(12, 14)]),
        [sp(0, 8), sp(10, 12), sp(12, 14)]
    );
    assert_eq!(merge(vec![sp(5, 9), sp(0, 6)], vec![]), [sp(0, 9)]);
    // A code read after one number and before the next: one span.
    assert_eq!(found("5 usd 6"), ["5 usd 6"]);
}

/// Texts without a currency word make no token list.
#[test]
fn no_currency_word_no_tokens() {
    assert!(word_amounts("one two three hundred thousand").is_empty());
    assert!(word_amounts("").is_empty());
}

/// Words and separators that make amounts and near-amounts.
fn wordy() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "one",
        "five",
        "ten",
        "twenty",
        "ninety",
        "nineteen",
        "a",
        "an",
        "half",
        "and",
        "hundred",
        "thousand",
        "million",
        "k",
        "few",
        "couple",
        "several",
        "of",
        "hundreds",
        "thousands",
        "tens",
        "dollar",
        "dollars",
        "bucks",
        "quid",
        "pound",
        "grand",
        "yuan",
        "RMB",
        "usd",
        "US",
        "store",
        "pianos",
        "someone",
        "tender",
        "5",
        "1.2",
        "1,200",
        "5k",
        "1.2K",
        "ＦＩＶＥ",
        "ｄｏｌｌａｒｓ",
        "５",
        "元",
        "¥",
        "$",
        "五千块",
        "é",
        "😀",
    ]);
    let sep = prop::sample::select(vec![
        " ", "  ", "-", "\u{3000}", "\n", ",", ".", "", "－", "\u{200b}", "é", "欠",
    ]);
    prop::collection::vec((word, sep), 0..24)
        .prop_map(|v| v.into_iter().flat_map(|(w, s)| [w, s]).collect())
}

/// Every span slices the text, and the spans are sorted and disjoint.
fn check_spans(text: &str) -> Result<(), TestCaseError> {
    let spans = amounts(text);
    for s in &spans {
        prop_assert!(s.start < s.end && s.end <= text.len(), "{s:?} in {text:?}");
        prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
    }
    for w in spans.windows(2) {
        prop_assert!(w[0].end <= w[1].start, "{spans:?} in {text:?}");
    }
    for s in word_amounts(text) {
        prop_assert!(text.get(s.start..s.end).is_some());
    }
    Ok(())
}

proptest! {
    #[test]
    fn word_amounts_never_panic_wordy(text in wordy()) {
        check_spans(&text)?;
    }

    #[test]
    fn word_amounts_never_panic_any(text in "\\PC{0,60}") {
        check_spans(&text)?;
    }

    #[test]
    fn word_amounts_never_panic_mixed(a in wordy(), b in "\\PC{0,12}", c in wordy()) {
        check_spans(&format!("{a}{b}{c}"))?;
    }
}

/// The review of 2026-11-27: names and verbs that read like amounts, and a
/// long run of number words with no currency word after it.
#[test]
fn review_names_verbs_and_long_runs() {
    for text in [
        "please call me back, or write to 200 Grand Avenue.",
        "1 Grand Street",
        "One Grand Central Place",
        "No one pounds on the door",
        "no one bucks the trend",
    ] {
        assert!(found(text).is_empty(), "{text}: {:?}", found(text));
    }
    assert_eq!(found("he owes ten grand"), ["ten grand"]);
    assert_eq!(found("TEN GRAND"), ["TEN GRAND"]);
    assert_eq!(found("one pound"), ["one pound"]);
    assert_eq!(found("two pounds"), ["two pounds"]);
    // A run of number words without a currency word ends the same wherever
    // it starts: the scan skips it (linear), and an amount after it is
    // still read.
    let long = format!("dollars {}", "one hundred ".repeat(20_000));
    assert!(word_amounts(&long).is_empty());
    let tail = format!("{}, five hundred dollars", "one hundred ".repeat(1_000));
    assert_eq!(found(&tail), ["five hundred dollars"]);
}
