//! Table-driven normalisation and span tests.

use super::*;

struct Case {
    name: &'static str,
    input: &'static str,
    normalized: &'static str,
}

const CASES: &[Case] = &[
    Case {
        name: "plain zh",
        input: "不还就坐牢",
        normalized: "不还就坐牢",
    },
    Case {
        name: "traditional",
        input: "壞蛋老賴",
        normalized: "坏蛋老赖",
    },
    Case {
        name: "full width latin",
        input: "ＳＵＥ ＹＯＵ",
        normalized: "sueyou",
    },
    Case {
        name: "noise star",
        input: "坐*牢",
        normalized: "坐牢",
    },
    Case {
        name: "dotted latin",
        input: "j.a.i.l",
        normalized: "jail",
    },
    Case {
        name: "zero width",
        input: "坐\u{200b}牢",
        normalized: "坐牢",
    },
    Case {
        name: "emoji",
        input: "坐😀牢",
        normalized: "坐牢",
    },
    Case {
        name: "repeats",
        input: "坐坐坐牢牢",
        normalized: "坐牢",
    },
    Case {
        name: "look alike",
        input: "k1ll j41l",
        normalized: "kiljail",
    },
    Case {
        name: "digits alone",
        input: "1234元",
        normalized: "1234元",
    },
    Case {
        name: "amount with separators",
        input: "¥1,234.56",
        normalized: "123456",
    },
    Case {
        name: "dollar before digits",
        input: "$500 due",
        normalized: "50due",
    },
    Case {
        name: "digit before a letter",
        input: "1ok",
        normalized: "iok",
    },
    Case {
        name: "digit after a letter at the end",
        input: "ab1",
        normalized: "abi",
    },
    Case {
        name: "digit before chinese",
        input: "5千块",
        normalized: "5千块",
    },
    Case {
        name: "dollar word",
        input: "a$$hole",
        normalized: "ashole",
    },
    Case {
        name: "case",
        input: "ARREST",
        normalized: "arest",
    },
    Case {
        name: "ideographic space",
        input: "坐\u{3000}牢",
        normalized: "坐牢",
    },
    Case {
        name: "full width digits",
        input: "１２３",
        normalized: "123",
    },
    Case {
        name: "hant phrase",
        input: "債務逾期",
        normalized: "债务逾期",
    },
];

#[test]
fn table() {
    let n = Normalizer::new();
    for c in CASES {
        assert_eq!(n.normalize(c.input), c.normalized, "case {}", c.name);
    }
}

#[test]
fn spans_are_char_boundaries() {
    let n = Normalizer::new();
    for c in CASES {
        n.for_each(c.input, |nc| {
            let s = nc.start as usize;
            let e = nc.end as usize;
            assert!(s < e && e <= c.input.len(), "case {}", c.name);
            assert!(c.input.is_char_boundary(s) && c.input.is_char_boundary(e));
        });
    }
}
