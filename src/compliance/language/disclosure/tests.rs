use super::*;

#[test]
fn amounts_table() {
    let cases: &[(&str, &[&str])] = &[
        ("他欠了¥1,234.56没还", &["¥1,234.56"]),
        ("共1234元", &["1234元"]),
        ("owes $500 today", &["$500"]),
        ("还差5千块", &["5千块"]),
        ("还差五千块", &["五千块"]),
        ("RMB 300 due", &["RMB 300"]),
        ("call 13812345678", &[]),
        ("room 301", &[]),
        ("２００元", &["２００元"]),
        ("欠ＵＳＤ５００未还", &["ＵＳＤ５００"]),
        ("共３００ＣＮＹ", &["３００ＣＮＹ"]),
        ("ＲＭＢ　８８", &["ＲＭＢ　８８"]),
        ("ｕｓｄ12", &["ｕｓｄ12"]),
        ("ＡＵＳＤ５００", &[]),
        ("room ５０１", &[]),
        // Found by a review: approximations, euros and pounds, and 一块
        // meaning "together".
        ("那3000多块尽快处理", &["3000多块"]),
        ("那3000多元尽快处理", &["3000多元"]),
        ("the 500 euros must be settled", &["500 euros"]),
        ("owes 200 pounds", &["200 pounds"]),
        ("我们一块去吃饭吧", &[]),
        ("还差一块钱", &["一块钱"]),
    ];
    for (text, want) in cases {
        let got: Vec<&str> = amounts(text).iter().filter_map(|s| s.slice(text)).collect();
        assert_eq!(&got, want, "text {text}");
    }
}
