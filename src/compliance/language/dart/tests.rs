use proptest::prelude::*;

use super::*;
use crate::compliance::language::matcher::Step;

/// Every `(character index, values)` where terms end, from the automaton.
fn scan(terms: &[(&str, u32)], text: &str) -> Vec<(usize, Vec<u32>)> {
    let da = DoubleArray::build(terms).expect("build");
    let mut st = DoubleArrayStep::new(&da);
    let mut out = Vec::new();
    for (i, c) in text.chars().enumerate() {
        st.consume(u32::from(c));
        let hits: Vec<u32> = st.hits().collect();
        assert_eq!(st.matched(), !hits.is_empty(), "matched() at {i}");
        if !hits.is_empty() {
            out.push((i, hits));
        }
    }
    out
}

/// The same by brute force: every term that the text ends with after each
/// character, longest first.
fn naive(terms: &[(&str, u32)], text: &str) -> Vec<(usize, Vec<u32>)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    for i in 0..chars.len() {
        let mut hits: Vec<(usize, u32)> = terms
            .iter()
            .filter_map(|(t, v)| {
                let t: Vec<char> = t.chars().collect();
                chars[..=i].ends_with(&t).then_some((t.len(), *v))
            })
            .collect();
        hits.sort_by_key(|h| std::cmp::Reverse(h.0));
        if !hits.is_empty() {
            out.push((i, hits.into_iter().map(|h| h.1).collect()));
        }
    }
    out
}

struct Case {
    name: &'static str,
    terms: &'static [&'static str],
    text: &'static str,
}

const CASES: &[Case] = &[
    Case {
        name: "classic",
        terms: &["he", "she", "his", "hers"],
        text: "ushers and his sheep, hehe",
    },
    Case {
        name: "nested suffixes",
        terms: &["a", "aa", "aaa", "aaaa"],
        text: "aaaaaa baaa",
    },
    Case {
        name: "failure chains",
        terms: &["abcd", "bcx", "cd", "bc", "c"],
        text: "abcabcdbcxabcx",
    },
    Case {
        name: "cjk",
        terms: &["坐牢", "牢", "老赖", "赖账", "坐"],
        text: "你再不还就坐牢老赖账坐坐牢",
    },
    Case {
        name: "wide codes",
        terms: &["😀a", "a😀", "😀", "𠀀𠀁"],
        text: "😀a😀𠀀𠀁𠀀b😁a",
    },
    Case {
        name: "codes on both sides of 0x4000",
        terms: &[
            "\u{3fff}x",
            "x\u{4000}",
            "\u{4000}",
            "\u{3fff}",
            "ab\u{4000}",
        ],
        text: "x\u{3fff}x\u{4000}\u{3fff}\u{4000}xab\u{4000}a\u{4000}\u{3fff}",
    },
    Case {
        name: "code zero and the top of the direct range",
        terms: &["\u{0}\u{ffff}", "\u{ffff}", "x\u{0}"],
        text: "\u{0}\u{ffff}x\u{0}\u{ffff}\u{fffe}",
    },
    Case {
        name: "one term",
        terms: &["z"],
        text: "zzaz",
    },
    Case {
        name: "no match",
        terms: &["abc", "bcd"],
        text: "abxbcxcd",
    },
];

#[test]
fn matches_a_naive_matcher_on_the_table() {
    for case in CASES {
        let terms: Vec<(&str, u32)> = case
            .terms
            .iter()
            .enumerate()
            .map(|(i, t)| (*t, 1000 + i as u32))
            .collect();
        assert_eq!(
            scan(&terms, case.text),
            naive(&terms, case.text),
            "{}",
            case.name
        );
    }
}

#[test]
fn reports_each_term_ending_at_a_character_longest_first() {
    let terms = [("he", 1), ("she", 2), ("his", 3), ("hers", 4)];
    assert_eq!(scan(&terms, "ushers"), [(3, vec![2, 1]), (5, vec![4])]);
}

#[test]
fn rejects_empty_and_repeated_terms() {
    assert!(DoubleArray::build(&[("", 1)]).is_err());
    assert!(DoubleArray::build(&[("ab", 1), ("ab", 2)]).is_err());
    assert!(DoubleArray::build(&[]).is_ok());
}

#[test]
fn an_unknown_wide_code_goes_back_to_the_root() {
    let terms = [("ab", 1), ("😀b", 2)];
    // `😁` is in no term: `b` after it starts nothing.
    assert_eq!(scan(&terms, "a😁b😀b"), [(4, vec![2])]);
    let da = DoubleArray::build(&terms).expect("build");
    let mut st = DoubleArrayStep::new(&da);
    st.consume(u32::MAX);
    assert!(!st.matched());
}

#[test]
fn many_terms_over_a_large_alphabet() {
    // 3,000 terms over 1,500 codes spread over the BMP: children far apart
    // must still be placed.
    let mut x: u64 = 1;
    let mut rnd = || {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (x >> 33) as u32
    };
    let alphabet: Vec<char> = (0..1500)
        .filter_map(|i| char::from_u32(0x80 + i * 37 % 0xD000))
        .collect();
    let mut owned: Vec<String> = (0..3000)
        .map(|_| {
            let n = 1 + rnd() as usize % 5;
            (0..n)
                .map(|_| alphabet[rnd() as usize % alphabet.len()])
                .collect()
        })
        .collect();
    owned.sort();
    owned.dedup();
    let terms: Vec<(&str, u32)> = owned
        .iter()
        .enumerate()
        .map(|(i, t)| (t.as_str(), i as u32))
        .collect();
    let text: String = (0..4000)
        .map(|_| alphabet[rnd() as usize % 40])
        .chain(owned.iter().take(200).flat_map(|t| t.chars()))
        .collect();
    assert_eq!(scan(&terms, &text), naive(&terms, &text));
}

/// Characters for the property test: ASCII, CJK, the ends of the direct
/// range and wide codes.
fn small_alphabet() -> impl Strategy<Value = Vec<char>> {
    prop::collection::vec(
        prop::sample::select(vec![
            '\u{0}', 'a', 'b', 'c', 'z', '\u{80}', '\u{81}', '坐', '牢', '赖', '\u{fffe}',
            '\u{ffff}', '😀', '𠀀',
        ]),
        1..5,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn matches_a_naive_substring_matcher(
        (terms, text) in small_alphabet().prop_flat_map(|a| {
            let word = prop::collection::vec(prop::sample::select(a.clone()), 1..6)
                .prop_map(|w| w.into_iter().collect::<String>());
            let text = prop::collection::vec(prop::sample::select(a), 0..60)
                .prop_map(|w| w.into_iter().collect::<String>());
            (prop::collection::btree_set(word, 1..12), text)
        })
    ) {
        let terms: Vec<(&str, u32)> = terms
            .iter()
            .enumerate()
            .map(|(i, t)| (t.as_str(), i as u32 * 7 + 3))
            .collect();
        prop_assert_eq!(scan(&terms, &text), naive(&terms, &text));
    }
}
