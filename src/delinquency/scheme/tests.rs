use super::*;
use crate::error::Problem;
use proptest::prelude::*;

fn code(scheme: &StageScheme, days: u32) -> Option<&str> {
    scheme.classify(days).map(|r| r.code.as_str())
}

fn presets() -> Vec<StageScheme> {
    vec![
        StageScheme::m0_m7(),
        StageScheme::reminders(),
        StageScheme::cn_card_2011(),
        StageScheme::cn_risk_2023(),
        StageScheme::us_30_180(),
        StageScheme::fineract_default(),
    ]
}

/// One expected problem: (path, value, message).
type Row = (String, String, String);

fn problems(err: Error) -> Vec<Row> {
    match err {
        Error::InvalidPolicy { problems } => problems
            .into_iter()
            .map(|p: Problem| (p.path, p.value, p.message))
            .collect(),
        other => panic!("expected InvalidPolicy, got {other:?}"),
    }
}

fn p(path: &str, value: &str, message: &str) -> Row {
    (path.to_owned(), value.to_owned(), message.to_owned())
}

fn b(code: &str, min: u32, max: u32) -> StageRange {
    StageRange::bounded(code, code, min, max)
}

fn o(code: &str, min: u32) -> StageRange {
    StageRange::open_ended(code, code, min)
}

/// Every boundary of every preset (RULES.md §1.2–1.4), plus the common
/// probe days 0, 1, 30, 31, …, 361 and `u32::MAX` for each.
#[test]
fn preset_boundaries() {
    let m = StageScheme::m0_m7();
    let r = StageScheme::reminders();
    let card = StageScheme::cn_card_2011();
    let risk = StageScheme::cn_risk_2023();
    let us = StageScheme::us_30_180();
    let f = StageScheme::fineract_default();
    let max = u32::MAX;
    #[rustfmt::skip]
    let table: &[(&str, &StageScheme, u32, Option<&str>)] = &[
        // Source: RULES.md §1.2 industry.buckets.m0_m7 [U]
        ("m0_m7", &m, 0, Some("M0")),
        ("m0_m7", &m, 1, Some("M1")),
        ("m0_m7", &m, 30, Some("M1")),
        ("m0_m7", &m, 31, Some("M2")),
        ("m0_m7", &m, 60, Some("M2")),
        ("m0_m7", &m, 61, Some("M3")),
        ("m0_m7", &m, 90, Some("M3")),
        ("m0_m7", &m, 91, Some("M4")),
        ("m0_m7", &m, 120, Some("M4")),
        ("m0_m7", &m, 121, Some("M5")),
        ("m0_m7", &m, 150, Some("M5")),
        ("m0_m7", &m, 151, Some("M6")),
        ("m0_m7", &m, 180, Some("M6")),
        ("m0_m7", &m, 181, Some("M7")),
        ("m0_m7", &m, 270, Some("M7")),
        ("m0_m7", &m, 271, Some("M7")),
        ("m0_m7", &m, 360, Some("M7")),
        ("m0_m7", &m, 361, Some("M7")),
        ("m0_m7", &m, max, Some("M7")),
        // Source: RULES.md §1.2 industry.reminders [U]
        ("reminders", &r, 0, Some("current")),
        ("reminders", &r, 1, Some("D1")),
        ("reminders", &r, 2, Some("D1")),
        ("reminders", &r, 3, Some("D3")),
        ("reminders", &r, 6, Some("D3")),
        ("reminders", &r, 7, Some("D7")),
        ("reminders", &r, 29, Some("D7")),
        ("reminders", &r, 30, Some("D30")),
        ("reminders", &r, 31, Some("D30")),
        ("reminders", &r, 60, Some("D30")),
        ("reminders", &r, 61, Some("D30")),
        ("reminders", &r, 90, Some("D30")),
        ("reminders", &r, 91, Some("D30")),
        ("reminders", &r, 120, Some("D30")),
        ("reminders", &r, 121, Some("D30")),
        ("reminders", &r, 150, Some("D30")),
        ("reminders", &r, 151, Some("D30")),
        ("reminders", &r, 180, Some("D30")),
        ("reminders", &r, 181, Some("D30")),
        ("reminders", &r, 270, Some("D30")),
        ("reminders", &r, 271, Some("D30")),
        ("reminders", &r, 360, Some("D30")),
        ("reminders", &r, 361, Some("D30")),
        ("reminders", &r, max, Some("D30")),
        // Source: RULES.md §1.3 cn.card_rules_2011.art92 [S]
        ("card", &card, 0, Some("normal")),
        ("card", &card, 1, Some("special_mention")),
        ("card", &card, 30, Some("special_mention")),
        ("card", &card, 31, Some("special_mention")),
        ("card", &card, 60, Some("special_mention")),
        ("card", &card, 61, Some("special_mention")),
        ("card", &card, 90, Some("special_mention")),
        ("card", &card, 91, Some("substandard")),
        ("card", &card, 120, Some("substandard")),
        ("card", &card, 121, Some("doubtful")),
        ("card", &card, 150, Some("doubtful")),
        ("card", &card, 151, Some("doubtful")),
        ("card", &card, 180, Some("doubtful")),
        ("card", &card, 181, Some("loss")),
        ("card", &card, 270, Some("loss")),
        ("card", &card, 271, Some("loss")),
        ("card", &card, 360, Some("loss")),
        ("card", &card, 361, Some("loss")),
        ("card", &card, max, Some("loss")),
        // Source: RULES.md §1.3 cn.risk_class_2023.min_class [S]
        ("risk", &risk, 0, Some("normal")),
        ("risk", &risk, 1, Some("special_mention")),
        ("risk", &risk, 30, Some("special_mention")),
        ("risk", &risk, 31, Some("special_mention")),
        ("risk", &risk, 60, Some("special_mention")),
        ("risk", &risk, 61, Some("special_mention")),
        ("risk", &risk, 90, Some("special_mention")),
        ("risk", &risk, 91, Some("substandard")),
        ("risk", &risk, 120, Some("substandard")),
        ("risk", &risk, 121, Some("substandard")),
        ("risk", &risk, 150, Some("substandard")),
        ("risk", &risk, 151, Some("substandard")),
        ("risk", &risk, 180, Some("substandard")),
        ("risk", &risk, 181, Some("substandard")),
        ("risk", &risk, 270, Some("substandard")),
        ("risk", &risk, 271, Some("doubtful")),
        ("risk", &risk, 360, Some("doubtful")),
        ("risk", &risk, 361, Some("loss")),
        ("risk", &risk, max, Some("loss")),
        // Source: RULES.md §1.4 us.buckets.30_180 [U]
        ("us", &us, 0, Some("current")),
        ("us", &us, 1, Some("current")),
        ("us", &us, 29, Some("current")),
        ("us", &us, 30, Some("dpd30")),
        ("us", &us, 31, Some("dpd30")),
        ("us", &us, 59, Some("dpd30")),
        ("us", &us, 60, Some("dpd60")),
        ("us", &us, 61, Some("dpd60")),
        ("us", &us, 89, Some("dpd60")),
        ("us", &us, 90, Some("dpd90")),
        ("us", &us, 91, Some("dpd90")),
        ("us", &us, 119, Some("dpd90")),
        ("us", &us, 120, Some("dpd120")),
        ("us", &us, 121, Some("dpd120")),
        ("us", &us, 150, Some("dpd120")),
        ("us", &us, 151, Some("dpd120")),
        ("us", &us, 179, Some("dpd120")),
        ("us", &us, 180, Some("dpd180")),
        ("us", &us, 181, Some("dpd180")),
        ("us", &us, 270, Some("dpd180")),
        ("us", &us, 271, Some("dpd180")),
        ("us", &us, 360, Some("dpd180")),
        ("us", &us, 361, Some("dpd180")),
        ("us", &us, max, Some("dpd180")),
        // Source: RULES.md §1.2 (Fineract e2e defaults), ref.fineract.ranges [V]
        ("fineract", &f, 0, None),
        ("fineract", &f, 1, Some("dpd1_3")),
        ("fineract", &f, 3, Some("dpd1_3")),
        ("fineract", &f, 4, Some("dpd4_30")),
        ("fineract", &f, 30, Some("dpd4_30")),
        ("fineract", &f, 31, Some("dpd31_60")),
        ("fineract", &f, 60, Some("dpd31_60")),
        ("fineract", &f, 61, Some("dpd61_90")),
        ("fineract", &f, 90, Some("dpd61_90")),
        ("fineract", &f, 91, Some("dpd91_120")),
        ("fineract", &f, 120, Some("dpd91_120")),
        ("fineract", &f, 121, Some("dpd121_150")),
        ("fineract", &f, 150, Some("dpd121_150")),
        ("fineract", &f, 151, Some("dpd151_180")),
        ("fineract", &f, 180, Some("dpd151_180")),
        ("fineract", &f, 181, Some("dpd181_240")),
        ("fineract", &f, 240, Some("dpd181_240")),
        ("fineract", &f, 241, Some("dpd241_plus")),
        ("fineract", &f, 270, Some("dpd241_plus")),
        ("fineract", &f, 271, Some("dpd241_plus")),
        ("fineract", &f, 360, Some("dpd241_plus")),
        ("fineract", &f, 361, Some("dpd241_plus")),
        ("fineract", &f, max, Some("dpd241_plus")),
    ];
    for &(name, scheme, days, expected) in table {
        assert_eq!(code(scheme, days), expected, "{name} at day {days}");
        let via_index = scheme
            .index_of(days)
            .map(|i| scheme.ranges()[i].code.as_str());
        assert_eq!(via_index, expected, "{name} index_of at day {days}");
    }
}

/// RULES.md §1.2: `bucket = 0 if dpd == 0 else min(7, ceil(dpd / 30))`.
#[test]
fn m0_m7_matches_formula() {
    let m = StageScheme::m0_m7();
    for dpd in 0..=400u32 {
        let bucket = if dpd == 0 { 0 } else { dpd.div_ceil(30).min(7) };
        assert_eq!(m.index_of(dpd), Some(bucket as usize), "dpd {dpd}");
        assert_eq!(code(&m, dpd), Some(format!("M{bucket}").as_str()));
    }
}

/// RULES.md §1.3 example: DPD 50 is 关注 in both CN schemes.
#[test]
fn cn_example_dpd_50() {
    let card = StageScheme::cn_card_2011();
    let risk = StageScheme::cn_risk_2023();
    assert_eq!(card.classify(50).map(|r| r.label.as_str()), Some("关注"));
    assert_eq!(risk.classify(50).map(|r| r.label.as_str()), Some("关注"));
    // The two presets share codes in the same order (severity by index).
    let codes =
        |s: &StageScheme| -> Vec<String> { s.ranges().iter().map(|r| r.code.clone()).collect() };
    assert_eq!(codes(&card), codes(&risk));
}

#[test]
fn preset_metadata() {
    #[rustfmt::skip]
    let table: &[(StageScheme, &str, DpdBasis, RuleStatus, usize)] = &[
        (StageScheme::m0_m7(), "industry.buckets.m0_m7", DpdBasis::Delinquent, RuleStatus::Unverified, 8),
        (StageScheme::reminders(), "industry.reminders", DpdBasis::Delinquent, RuleStatus::Unverified, 5),
        (StageScheme::cn_card_2011(), "cn.card_rules_2011.art92", DpdBasis::Raw, RuleStatus::Secondary, 5),
        (StageScheme::cn_risk_2023(), "cn.risk_class_2023.min_class", DpdBasis::Raw, RuleStatus::Secondary, 5),
        (StageScheme::us_30_180(), "us.buckets.30_180", DpdBasis::Raw, RuleStatus::Unverified, 6),
        (StageScheme::fineract_default(), "ref.fineract.ranges", DpdBasis::Delinquent, RuleStatus::Verified, 9),
    ];
    for (scheme, id, basis, status, len) in table {
        assert_eq!(scheme.id(), *id);
        assert_eq!(scheme.basis(), *basis, "{id}");
        assert_eq!(scheme.status(), *status, "{id}");
        assert_eq!(scheme.ranges().len(), *len, "{id}");
        assert!(!scheme.name().is_empty(), "{id}");
        assert!(scheme.citation().is_some_and(|c| !c.is_empty()), "{id}");
    }
    assert_eq!(
        StageScheme::cn_card_2011()
            .ranges()
            .iter()
            .map(|r| r.label.as_str())
            .collect::<Vec<_>>(),
        ["正常", "关注", "次级", "可疑", "损失"]
    );
}

/// Presets bypass validation; make sure they would pass it.
#[test]
fn presets_are_valid() {
    for scheme in presets() {
        let mut reversed = scheme.ranges().to_vec();
        reversed.reverse();
        let rebuilt = StageScheme::new(scheme.id(), scheme.name(), scheme.basis(), reversed)
            .unwrap_or_else(|e| panic!("{}: {e}", scheme.id()));
        let rebuilt = rebuilt
            .with_citation(scheme.citation().unwrap_or_default())
            .with_status(scheme.status());
        assert_eq!(rebuilt, scheme);
    }
}

#[test]
fn new_sorts_and_defaults() {
    let s = StageScheme::new(
        "x",
        "X",
        DpdBasis::Raw,
        vec![o("c", 20), b("a", 5, 9), b("b", 10, 19)],
    )
    .unwrap();
    let codes: Vec<&str> = s.ranges().iter().map(|r| r.code.as_str()).collect();
    assert_eq!(codes, ["a", "b", "c"]);
    assert_eq!(s.status(), RuleStatus::Unverified);
    assert_eq!(s.citation(), None);
    assert_eq!(code(&s, 4), None);
    assert_eq!(code(&s, 5), Some("a"));
    assert_eq!(code(&s, 19), Some("b"));
    assert_eq!(code(&s, 20), Some("c"));
}

#[test]
fn bounded_last_range_leaves_days_above_unclassified() {
    let s = StageScheme::new("x", "X", DpdBasis::Raw, vec![b("a", 0, 9), b("b", 10, 19)]).unwrap();
    assert_eq!(s.index_of(19), Some(1));
    assert_eq!(s.index_of(20), None);
    assert_eq!(s.index_of(u32::MAX), None);
    let full = StageScheme::new("x", "X", DpdBasis::Raw, vec![b("all", 0, u32::MAX)]).unwrap();
    assert_eq!(code(&full, u32::MAX), Some("all"));
}

#[test]
fn all_problems_reported_together() {
    let err = StageScheme::new(
        "",
        "bad",
        DpdBasis::Delinquent,
        vec![
            b("M0", 0, 0),
            b("M1", 1, 30),
            b("M2", 25, 60),
            b("M3", 65, 90),
            b("M2", 91, 120),
            b("M5", 150, 140),
            b("", 121, 180),
            o("M7", 181),
            o("M8", 200),
        ],
    )
    .unwrap_err();
    assert_eq!(
        problems(err.clone()),
        [
            p("id", "", "scheme id must not be empty"),
            p(
                "ranges[2].min_days",
                "25",
                "range `M2` overlaps `M1` on days 25..=30"
            ),
            p(
                "ranges[3].min_days",
                "65",
                "days 61..=64 are not covered between `M2` and `M3`"
            ),
            p(
                "ranges[4].code",
                "M2",
                "duplicate code `M2`, already used by `ranges[2]`"
            ),
            p(
                "ranges[5].max_days",
                "140",
                "max_days must not be less than min_days `150`"
            ),
            p("ranges[6].code", "", "range code must not be empty"),
            p(
                "ranges[8].max_days",
                "none",
                "more than one open-ended range: `M7` and `M8` both have no max_days"
            ),
        ]
    );
    assert_eq!(
        err.to_string(),
        "invalid policy: `id` = ``: scheme id must not be empty; \
         `ranges[2].min_days` = `25`: range `M2` overlaps `M1` on days 25..=30; \
         `ranges[3].min_days` = `65`: days 61..=64 are not covered between `M2` and `M3`; \
         `ranges[4].code` = `M2`: duplicate code `M2`, already used by `ranges[2]`; \
         `ranges[5].max_days` = `140`: max_days must not be less than min_days `150`; \
         `ranges[6].code` = ``: range code must not be empty; \
         `ranges[8].max_days` = `none`: more than one open-ended range: `M7` and `M8` both have no max_days"
    );
}

#[test]
fn validation_cases() {
    #[rustfmt::skip]
    let table: Vec<(&str, Vec<StageRange>, Vec<Row>)> = vec![
        ("no ranges", vec![], vec![
            p("ranges", "[]", "at least one range is required"),
        ]),
        ("open-ended not last, document order reversed", vec![b("b", 200, 300), o("a", 100)], vec![
            p("ranges[1].max_days", "none", "open-ended range `a` must be the last, but `b` starts at day 200"),
        ]),
        ("open-ended not last is reported once", vec![o("a", 10), b("b", 20, 30), b("c", 31, 40)], vec![
            p("ranges[0].max_days", "none", "open-ended range `a` must be the last, but `b` starts at day 20"),
        ]),
        ("open-ended overlapping a bounded range before it", vec![b("a", 0, 10), o("b", 5)], vec![
            p("ranges[1].min_days", "5", "range `b` overlaps `a` on days 5..=10"),
        ]),
        ("single-day gap and overlap", vec![b("a", 0, 10), b("b", 12, 20), b("c", 20, 30)], vec![
            p("ranges[1].min_days", "12", "day 11 is not covered between `a` and `b`"),
            p("ranges[2].min_days", "20", "range `c` overlaps `b` on day 20"),
        ]),
        ("nested range overlaps the range reaching furthest", vec![b("a", 0, 100), b("b", 10, 20), b("c", 30, 40)], vec![
            p("ranges[1].min_days", "10", "range `b` overlaps `a` on days 10..=20"),
            p("ranges[2].min_days", "30", "range `c` overlaps `a` on days 30..=40"),
        ]),
        ("same min", vec![b("a", 5, 9), b("b", 5, 9)], vec![
            p("ranges[1].min_days", "5", "range `b` overlaps `a` on days 5..=9"),
        ]),
        ("max at u32::MAX then another range", vec![b("a", 0, u32::MAX), o("b", u32::MAX)], vec![
            p("ranges[1].min_days", "4294967295", "range `b` overlaps `a` on day 4294967295"),
        ]),
        ("whitespace id and code", vec![b(" ", 0, 1)], vec![
            p("ranges[0].code", " ", "range code must not be empty"),
        ]),
        ("max < min is left out of the sweep", vec![b("a", 0, 9), b("b", 10, 5), b("c", 10, 20)], vec![
            p("ranges[1].max_days", "5", "max_days must not be less than min_days `10`"),
        ]),
    ];
    for (name, ranges, expected) in table {
        let id = if name == "whitespace id and code" {
            "  "
        } else {
            "x"
        };
        let err = StageScheme::new(id, "X", DpdBasis::Raw, ranges).unwrap_err();
        let mut expected = expected;
        if id.trim().is_empty() {
            expected.insert(0, p("id", id, "scheme id must not be empty"));
        }
        assert_eq!(problems(err), expected, "{name}");
    }
}

#[test]
fn serde_round_trip_presets() {
    for scheme in presets() {
        let json = serde_json::to_string(&scheme).unwrap();
        let back: StageScheme = serde_json::from_str(&json).unwrap();
        assert_eq!(back, scheme, "{}", scheme.id());
    }
}

#[test]
fn serde_shape() {
    let json = serde_json::to_value(StageScheme::reminders()).unwrap();
    assert_eq!(json["id"], "industry.reminders");
    assert_eq!(json["basis"], "delinquent");
    assert_eq!(json["status"], "unverified");
    assert_eq!(
        json["ranges"][4],
        serde_json::json!({"code": "D30", "label": "30+ days", "min_days": 30})
    );
    assert_eq!(
        json["ranges"][1],
        serde_json::json!({"code": "D1", "label": "1-2 days", "min_days": 1, "max_days": 2})
    );
}

#[test]
fn serde_defaults_aliases_and_order() {
    let s: StageScheme = serde_json::from_str(
        r#"{"id": "x", "name": "X", "basis": "raw", "ranges": [
            {"code": "late", "label": "31+", "min_days": 31, "max_days": null},
            {"code": "early", "label": "1-30", "min_days": 1, "max_days": 30}
        ]}"#,
    )
    .unwrap();
    assert_eq!(s.status(), RuleStatus::Unverified);
    assert_eq!(s.citation(), None);
    assert_eq!(code(&s, 31), Some("late"));
    assert_eq!(s.ranges()[0].code, "early");

    for (text, status) in [
        ("\"V\"", RuleStatus::Verified),
        ("\"S\"", RuleStatus::Secondary),
        ("\"U\"", RuleStatus::Unverified),
        ("\"verified\"", RuleStatus::Verified),
        ("\"secondary\"", RuleStatus::Secondary),
        ("\"unverified\"", RuleStatus::Unverified),
    ] {
        assert_eq!(
            serde_json::from_str::<RuleStatus>(text).unwrap(),
            status,
            "{text}"
        );
    }
}

#[test]
fn deserializing_invalid_scheme_fails_validation() {
    let err = serde_json::from_str::<StageScheme>(
        r#"{"id": "x", "name": "X", "basis": "delinquent", "status": "U", "ranges": [
            {"code": "M1", "label": "1-30", "min_days": 1, "max_days": 30},
            {"code": "M2", "label": "35-60", "min_days": 35, "max_days": 60},
            {"code": "M1", "label": "50+", "min_days": 50}
        ]}"#,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid policy: \
         `ranges[1].min_days` = `35`: days 31..=34 are not covered between `M1` and `M2`; \
         `ranges[2].code` = `M1`: duplicate code `M1`, already used by `ranges[0]`; \
         `ranges[2].min_days` = `50`: range `M1` overlaps `M2` on days 50..=60"
    );
}

#[test]
fn deserializing_rejects_unknown_fields() {
    let scheme_err = serde_json::from_str::<StageScheme>(
        r#"{"id": "x", "name": "X", "basis": "raw", "extra": 1, "ranges": []}"#,
    )
    .unwrap_err();
    assert!(scheme_err.to_string().contains("unknown field `extra`"));
    let range_err = serde_json::from_str::<StageRange>(
        r#"{"code": "a", "label": "a", "min_days": 0, "max": 3}"#,
    )
    .unwrap_err();
    assert!(range_err.to_string().contains("unknown field `max`"));
    let basis_err = serde_json::from_str::<DpdBasis>(r#""cycles""#).unwrap_err();
    assert!(basis_err.to_string().contains("unknown variant `cycles`"));
}

#[test]
fn rule_status_display() {
    assert_eq!(RuleStatus::Verified.to_string(), "[V]");
    assert_eq!(RuleStatus::Secondary.to_string(), "[S]");
    assert_eq!(RuleStatus::Unverified.to_string(), "[U]");
    assert_eq!(
        serde_json::to_string(&RuleStatus::Secondary).unwrap(),
        "\"secondary\""
    );
}

#[test]
fn public_types_are_send_sync() {
    fn check<T: Send + Sync + 'static>() {}
    check::<StageScheme>();
    check::<StageRange>();
    check::<DpdBasis>();
    check::<RuleStatus>();
}

fn arb_range() -> impl Strategy<Value = StageRange> {
    (
        prop::sample::select(vec!["a", "b", "c", "d", "", " "]),
        prop_oneof![0..60u32, Just(u32::MAX), Just(u32::MAX - 1)],
        prop::option::of(prop_oneof![0..60u32, Just(u32::MAX)]),
    )
        .prop_map(|(code, min, max)| StageRange {
            code: code.to_owned(),
            label: String::new(),
            min_days: min,
            max_days: max,
        })
}

/// Contiguous ranges from a start and widths, optionally open-ended at
/// the end, then shuffled.
fn arb_valid_ranges() -> impl Strategy<Value = Vec<StageRange>> {
    (
        0..50u32,
        prop::collection::vec(1..20u32, 1..8),
        any::<bool>(),
    )
        .prop_flat_map(|(start, widths, open)| {
            let mut ranges = Vec::new();
            let mut min = start;
            let count = widths.len();
            for (i, w) in widths.into_iter().enumerate() {
                let code = format!("s{i}");
                if open && i + 1 == count {
                    ranges.push(StageRange::open_ended(code.clone(), code, min));
                } else {
                    ranges.push(StageRange::bounded(code.clone(), code, min, min + w - 1));
                }
                min += w;
            }
            Just(ranges).prop_shuffle()
        })
}

fn check_classify(scheme: &StageScheme, days: u32) -> Result<(), TestCaseError> {
    let containing: Vec<&StageRange> = scheme
        .ranges()
        .iter()
        .filter(|r| r.contains(days))
        .collect();
    prop_assert!(containing.len() <= 1, "day {} in several ranges", days);
    prop_assert_eq!(scheme.classify(days), containing.first().copied());
    let first_min = scheme.ranges()[0].min_days;
    if days < first_min {
        prop_assert_eq!(scheme.classify(days), None);
    }
    let last = &scheme.ranges()[scheme.ranges().len() - 1];
    if days >= first_min && last.max_days.is_none() {
        prop_assert!(scheme.classify(days).is_some(), "day {} unclassified", days);
    }
    Ok(())
}

proptest! {
    #[test]
    fn new_never_panics(ranges in prop::collection::vec(arb_range(), 0..8), days in any::<u32>()) {
        match StageScheme::new("p", "P", DpdBasis::Raw, ranges) {
            Ok(scheme) => {
                check_classify(&scheme, days)?;
                for d in [0, 1, 30, 59, 60, 61, u32::MAX - 1, u32::MAX] {
                    check_classify(&scheme, d)?;
                }
            }
            Err(Error::InvalidPolicy { problems }) => prop_assert!(!problems.is_empty()),
            Err(other) => prop_assert!(false, "unexpected error {:?}", other),
        }
    }

    #[test]
    fn valid_schemes_classify_uniquely(ranges in arb_valid_ranges(), days in 0..250u32) {
        let scheme = StageScheme::new("p", "P", DpdBasis::Delinquent, ranges);
        prop_assert!(scheme.is_ok(), "{:?}", scheme);
        let scheme = scheme.unwrap();
        prop_assert!(scheme.ranges().windows(2).all(|w| w[0].min_days < w[1].min_days));
        check_classify(&scheme, days)?;
        check_classify(&scheme, u32::MAX)?;
        for r in scheme.ranges() {
            check_classify(&scheme, r.min_days)?;
            check_classify(&scheme, r.min_days.saturating_sub(1))?;
            if let Some(max) = r.max_days {
                check_classify(&scheme, max)?;
                check_classify(&scheme, max.saturating_add(1))?;
            }
        }
        // Round trip through serde keeps the scheme.
        let json = serde_json::to_string(&scheme).unwrap();
        let back: StageScheme = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, scheme);
    }
}
