use super::*;

#[test]
fn masking_table() {
    let cases: &[(&str, &str)] = &[
        ("身份证11010519491231002X", "身份证110***********002X"),
        ("id 110105194912310021 x", "id 110105194912310021 x"),
        ("手机13812345678", "手机138****5678"),
        ("tel +86 138 1234 5678", "tel +86 138 **** 5678"),
        (
            "卡号 6222 0202 0000 0000 008",
            "卡号 6222 0202 0000 0000 008",
        ),
        ("card 4111 1111 1111 1111", "card **** **** **** 1111"),
        ("ssn 123-45-6789", "ssn ***-**-6789"),
        ("ssn 000-45-6789", "ssn 000-45-6789"),
        ("mail li.lei@example.com.", "mail l***@example.com."),
        ("mail José.Martínez@example.com", "mail J***@example.com"),
        ("邮箱li@example.com", "邮箱l***@example.com"),
        (
            "两个 13812345678 13912345678",
            "两个 138****5678 139****5678",
        ),
        ("order 12345", "order 12345"),
        // The review of 2026-11-27: numbers that are no personal data
        // (no issuer prefix; no province code or birth date) ...
        ("created_at=1705286400000", "created_at=1705286400000"),
        // A domestic debit card of a Chinese bank (9559…) still is one.
        ("卡号 9559980012345678903", "卡号 ***************8903"),
        ("订单号 2024011500001230", "订单号 2024011500001230"),
        ("订单号 202401151234567890", "订单号 202401151234567890"),
        ("工单 174528390123456789", "工单 174528390123456789"),
        ("订单号 202401151030001", "订单号 202401151030001"),
        // ... and other spaces between the groups, and SSNs stored plain.
        (
            "手机 １３８　１２３４　５６７８",
            "手机 １３８　****　５６７８",
        ),
        (
            "phone 138\u{A0}1234\u{A0}5678",
            "phone 138\u{A0}****\u{A0}5678",
        ),
        ("phone 138  1234  5678", "phone 138  ****  5678"),
        (
            "card 6222\u{A0}0202\u{A0}0000\u{A0}1235",
            "card ****\u{A0}****\u{A0}****\u{A0}1235",
        ),
        ("SSN: 123456789", "SSN: *****6789"),
        (
            "Social Security Number 078051120",
            "Social Security Number *****1120",
        ),
        ("ref 123456789", "ref 123456789"),
        ("电话 0086-138-1234-5678", "电话 0086-138-****-5678"),
    ];
    for (i, o) in cases {
        assert_eq!(mask_pii(i), *o, "input {i}");
    }
}

#[test]
fn redaction() {
    let p = Personal::new(String::from("张三"));
    assert_eq!(format!("{p:?}"), "[redacted]");
    assert_eq!(serde_json::to_string(&p).unwrap(), "\"[redacted]\"");
    assert_eq!(serde_json::to_string(&p.exposed()).unwrap(), "\"张三\"");
    let back: Personal<String> = serde_json::from_str("\"李四\"").unwrap();
    assert_eq!(back.expose(), "李四");
}

/// What a review found leaking (each masked now): a number beside
/// another, full-width digits, a number glued to a label, an SSN with
/// spaces, a 15-digit first-generation ID; and a deserialization error
/// that quoted the value.
#[test]
fn numbers_in_company_are_masked() {
    for (text, masked) in [
        (
            "card 4111 1111 1111 1111 12/26",
            "card **** **** **** 1111 12/26",
        ),
        (
            "联系电话 138 1234 5678 3 次未接通",
            "联系电话 138 **** 5678 3 次未接通",
        ),
        (
            "两个 138 1234 5678 139 1234 5678",
            "两个 138 **** 5678 139 **** 5678",
        ),
        ("tel 0086 139 1234 5678", "tel 0086 139 **** 5678"),
        ("手机１３８１２３４５６７８", "手机１３８****５６７８"),
        (
            "身份证１１０１０５１９４９１２３１００２Ｘ",
            "身份证１１０***********００２Ｘ",
        ),
        ("Tel13812345678", "Tel138****5678"),
        ("ID11010519491231002X", "ID110***********002X"),
        ("SSN123-45-6789", "SSN***-**-6789"),
        ("ssn 123 45 6789", "ssn *** ** 6789"),
        ("旧身份证 110105491231002", "旧身份证 110********1002"),
    ] {
        assert_eq!(mask_pii(text), masked, "{text}");
    }
    let err = serde_json::from_str::<Personal<u64>>("\"13812345678\"")
        .unwrap_err()
        .to_string();
    assert!(!err.contains("13812345678"), "{err}");
}
