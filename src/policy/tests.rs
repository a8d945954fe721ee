use super::*;
use rust_decimal::Decimal;

#[test]
fn presets_round_trip_through_toml_and_match_the_shipped_files() {
    let files = [
        ("cn", include_str!("../../policies/cn.toml")),
        ("us", include_str!("../../policies/us.toml")),
        ("uk", include_str!("../../policies/uk.toml")),
    ];
    for (name, file) in files {
        let preset = CollectionPolicy::preset(name).unwrap();
        preset.validate().unwrap();
        let text = preset.to_toml_string().unwrap();
        assert_eq!(
            CollectionPolicy::from_toml_str(name, &text).unwrap(),
            preset,
            "{name}"
        );
        assert_eq!(
            CollectionPolicy::from_toml_str(name, file).unwrap(),
            preset,
            "policies/{name}.toml is stale"
        );
    }
}

#[test]
fn extends_merges_tables_and_replaces_values() {
    let text = r#"
extends = "cn"
version = "lender-7"

[delinquency]
grace_days = 5

[accrual.penalty.rate]
type = "markup"
markup = "0.3"
band = "overdue"
"#;
    let p = CollectionPolicy::from_toml_str("lender.toml", text).unwrap();
    assert_eq!(p.version(), "lender-7");
    assert_eq!(p.delinquency().grace_days(), 5);
    let pen = p.accrual().penalty().unwrap();
    assert_eq!(
        pen.rate,
        crate::accrual::PenaltyRate::Markup {
            markup: Decimal::new(3, 1),
            band: crate::accrual::MarkupBand::Overdue
        }
    );
    // Untouched parts keep the preset.
    assert_eq!(p.negotiation(), CollectionPolicy::cn().negotiation());
}

#[test]
fn bad_documents_name_the_file_line_and_value() {
    let unknown = "extends = \"cn\"\nsurprise = 1\n";
    let err = CollectionPolicy::from_toml_str("lender.toml", unknown)
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("cannot parse `lender.toml`:"), "{err}");
    assert!(err.contains("surprise"), "{err}");
    let syntax = "extends = \"cn\"\n[delinquency\n";
    let err = CollectionPolicy::from_toml_str("lender.toml", syntax)
        .unwrap_err()
        .to_string();
    assert!(err.contains("line 2"), "{err}");
    let band = "extends = \"cn\"\n[accrual.penalty.rate]\ntype = \"markup\"\nmarkup = \"0.9\"\nband = \"overdue\"\n";
    let err = CollectionPolicy::from_toml_str("lender.toml", band)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("penalty.rate.markup") && err.contains("0.9"),
        "{err}"
    );
    let err = CollectionPolicy::from_toml_str("x.toml", "extends = \"fr\"")
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "invalid `extends` value `fr`: unknown preset; expected one of cn, us, uk"
    );
    let negative = "extends = \"cn\"\n[delinquency]\ntolerance = \"-1\"\n";
    assert!(CollectionPolicy::from_toml_str("x.toml", negative).is_err());
}

#[test]
fn json_documents_work_too() {
    let p =
        CollectionPolicy::from_json_str("p.json", r#"{"extends": "us", "version": "j1"}"#).unwrap();
    assert_eq!(p.jurisdiction(), "us");
    assert_eq!(p.version(), "j1");
    assert!(CollectionPolicy::from_json_str("p.json", "{").is_err());
}

/// Regenerates `policies/*.toml` from the presets:
/// `ARREARS_WRITE_POLICIES=1 cargo test --lib write_policy_files`.
#[test]
fn write_policy_files() {
    if std::env::var_os("ARREARS_WRITE_POLICIES").is_none() {
        return;
    }
    for name in PRESETS {
        let header = format!(
            "# The `{name}` preset of arrears' CollectionPolicy, generated from the code presets\n\
             # (ARREARS_WRITE_POLICIES=1 cargo test --lib write_policy_files). Start a lender's file\n\
             # with `extends = \"{name}\"` and override only what differs. Every rule carries its id,\n\
             # citation and status tag (verified / secondary / unverified) from RULES.md.\n\n"
        );
        let text = CollectionPolicy::preset(name)
            .unwrap()
            .to_toml_string()
            .unwrap();
        std::fs::write(
            format!("{}/policies/{name}.toml", env!("CARGO_MANIFEST_DIR")),
            header + &text,
        )
        .unwrap();
    }
}

/// RULES.md §2.6 `uk.conc.7_7_5R`: "a charge without [a cost basis] is a
/// finding"; `uk.oft_2006.12gbp`: £12 is no safe harbor.
#[test]
fn uk_fees_without_a_cost_basis_are_findings() {
    let uk = CollectionPolicy::preset("uk").unwrap();
    uk.validate().unwrap();
    let f = uk.findings();
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].path, "accrual.late_fees[0].cost_basis");
    assert_eq!(f[0].value, "uk.oft_2006.12gbp");
    // The £12 is a secondary-source figure, and says so (a review: it was
    // tagged with CONC 7.7.5R's [V]).
    let fee = &uk.accrual().late_fees()[0].rule;
    assert_eq!(fee.status, crate::rule::RuleStatus::Secondary);
    assert!(
        f[0].message.starts_with("no cost basis"),
        "{}",
        f[0].message
    );
    for name in ["cn", "us"] {
        assert!(
            CollectionPolicy::preset(name)
                .unwrap()
                .findings()
                .is_empty(),
            "{name}"
        );
    }
    // A lender's file that names its cost study clears it.
    let text = r#"
extends = "uk"
version = "lender-uk-1"

[[accrual.late_fees]]
after_days = 1
max = "12"
cost_basis = "Arrears cost study 2026-03, section 4"

[accrual.late_fees.rule]
id = "uk.conc.7_7_5R"
citation = "FCA CONC 7.7.5R"
status = "verified"

[accrual.late_fees.recurrence]
type = "once"

[accrual.late_fees.base]
type = "flat"
amount = "9.50"
"#;
    let lender = CollectionPolicy::from_toml_str("lender-uk", text).unwrap();
    assert!(lender.accrual().requires_cost_basis());
    assert!(lender.findings().is_empty(), "{:?}", lender.findings());
}

/// What the CLI writes as JSON reads back (found by a review: the `null`s
/// of options not set made every preset's JSON unreadable).
#[test]
fn json_policies_read_back() {
    for name in PRESETS {
        let p = CollectionPolicy::preset(name).unwrap();
        let json = serde_json::to_string(&p).unwrap();
        assert!(json.contains("null"), "{name}: no null to drop");
        let back = CollectionPolicy::from_json_str("p.json", &json).unwrap();
        assert_eq!(back, p, "{name}");
    }
}

/// An empty table removes an optional part, and another tag replaces an
/// externally tagged choice (found by a review: `[card]`,
/// `[regulatory_stages]` and `[accrual.penalty]` failed with "missing
/// field", `[contact.zones] fixed = …` over `us` with "wanted exactly 1
/// element").
#[test]
fn overrides_remove_parts_and_switch_choices() {
    for part in ["[card]", "[regulatory_stages]", "[accrual.penalty]"] {
        let text = format!("extends = \"cn\"\n{part}\n");
        let p = CollectionPolicy::from_toml_str("lender.toml", &text)
            .unwrap_or_else(|e| panic!("{part}: {e}"));
        let toml = p.to_toml_string().unwrap();
        let table = part.trim_matches(|c| c == '[' || c == ']');
        assert!(!toml.contains(&format!("[{table}]")), "{part} still there");
    }
    let p = CollectionPolicy::from_toml_str(
        "lender.toml",
        "extends = \"us\"\n[contact.zones]\nfixed = \"America/Chicago\"\n",
    )
    .unwrap();
    let toml = p.to_toml_string().unwrap();
    assert!(toml.contains("fixed = \"America/Chicago\""), "{toml}");
    assert!(!toml.contains("debtor_locations"), "{toml}");
}

/// An unknown key beside a choice without fields is an error, as beside one
/// with fields (found by a review: a floor `type = "frozen"` with `rate =
/// "0.02"` read as valid and dropped the rate).
#[test]
fn unknown_keys_beside_plain_choices_are_errors() {
    for (table, extra) in [
        ("[negotiation.limits.interest.floor]\ntype = \"frozen\"", "rate = \"0.02\""),
        (
            "[[accrual.late_fees]]\nafter_days = 1\nbase = { type = \"flat\", amount = \"10\" }\nrule = { id = \"x\", status = \"unverified\" }\n[accrual.late_fees.recurrence]\ntype = \"once\"",
            "days = 3",
        ),
        ("[[negotiation.forbearance]]\ntype = \"interest_freeze\"", "max_months = 6"),
    ] {
        let ok = format!("extends = \"cn\"\n{table}\n");
        CollectionPolicy::from_toml_str("ok.toml", &ok).unwrap_or_else(|e| panic!("{ok}: {e}"));
        let bad = format!("{ok}{extra}\n");
        let err = CollectionPolicy::from_toml_str("bad.toml", &bad)
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown field"), "{bad}: {err}");
    }
}

#[test]
fn every_bad_part_is_reported_at_once_with_its_path_from_the_root() {
    let text = "extends = \"cn\"\n\
        [delinquency]\ntolerance = \"-1\"\n\
        [accrual.penalty.rate]\ntype = \"markup\"\nmarkup = \"0.9\"\nband = \"overdue\"\n\
        [stages]\nsurprise = 2\n\
        [contact.reg_f]\nbogus = 1\n";
    let err = CollectionPolicy::from_toml_str("lender.toml", text)
        .unwrap_err()
        .to_string();
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines[0], "cannot parse `lender.toml`: 4 problems:", "{err}");
    // Document order of the parts, each path from the root.
    assert!(
        lines[1].starts_with("  in `stages`: unknown field `surprise`"),
        "{err}"
    );
    assert_eq!(
        lines[2],
        "  in `delinquency`: invalid policy: `tolerance` = `-1`: must not be negative"
    );
    assert!(
        lines[3].starts_with("  in `accrual`: invalid policy: `penalty.rate.markup` = `0.9`"),
        "{err}"
    );
    assert!(
        lines[4].starts_with("  in `contact.reg_f`: unknown field `bogus`"),
        "{err}"
    );
    assert_eq!(lines.len(), 5, "{err}");
    // A missing part is still named.
    let err = CollectionPolicy::from_toml_str("x.toml", "jurisdiction = \"cn\"\nversion = \"1\"\n")
        .unwrap_err()
        .to_string();
    // Every missing part is named at once.
    assert!(err.contains("5 problems"), "{err}");
    for part in ["stages", "accrual", "negotiation", "monitor", "contact"] {
        assert!(err.contains(&format!("missing part `{part}`")), "{err}");
    }
    // A missing part does not hide a bad one.
    let err = CollectionPolicy::from_toml_str(
        "x.toml",
        "jurisdiction = \"cn\"\nversion = \"1\"\n[delinquency]\ntolerance = \"-1\"\n",
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("missing part `stages`"), "{err}");
    assert!(err.contains("in `delinquency`"), "{err}");
}

/// Money, rates and percentages in files are quoted strings, read exactly
/// (review): a bare TOML or JSON float was accepted and lost digits
/// (`tolerance = 12345678901234567.89` read as `12345678901234568`), `"1e3"`
/// was read as 1000 and a 29th decimal place was rounded away.
#[test]
fn decimals_in_files_are_quoted_and_exact() {
    let read =
        |t: &str| CollectionPolicy::from_toml_str("t.toml", t).map(|p| p.accrual().tolerance());
    assert_eq!(
        read("extends = \"cn\"\n[accrual]\ntolerance = \"12345678901234567.89\"\n").unwrap(),
        "12345678901234567.89".parse::<Decimal>().unwrap()
    );
    for bad in [
        "12345678901234567.89",
        "0.5",
        "\"1e3\"",
        "\"0.12345678901234567890123456789\"",
        "\" 1\"",
    ] {
        let err = read(&format!("extends = \"cn\"\n[accrual]\ntolerance = {bad}\n"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("a decimal number as a quoted string"),
            "{bad}: {err}"
        );
    }
    let json = r#"{"extends":"cn","accrual":{"tolerance":12345678901234567.89}}"#;
    let err = CollectionPolicy::from_json_str("t.json", json)
        .unwrap_err()
        .to_string();
    assert!(err.contains("a decimal number as a quoted string"), "{err}");
    // Money and rates read on their own refuse floats too.
    let money: std::result::Result<crate::money::Money, _> =
        toml::from_str("amount = 12345678901234567.89\ncurrency = \"CNY\"");
    assert!(money.is_err());
    let rate: std::result::Result<crate::money::Rate, _> = toml::Value::Float(0.18).try_into();
    assert!(rate.is_err());
}

/// A `null` in a JSON list is an error naming its place, not an item
/// silently dropped (review: `late_fees: [null]` loaded with no late fee).
#[test]
fn a_null_list_item_in_a_json_policy_is_an_error() {
    let err = CollectionPolicy::from_json_str(
        "t.json",
        r#"{"extends":"cn","accrual":{"late_fees":[null]}}"#,
    )
    .unwrap_err()
    .to_string();
    assert_eq!(
        err,
        "cannot parse `t.json`: `accrual.late_fees[0]` is null: a list item must be a value"
    );
    // A null member still means "absent".
    let p = CollectionPolicy::from_json_str(
        "t.json",
        r#"{"extends":"cn","accrual":{"tolerance":"0.01","caps":null}}"#,
    )
    .unwrap();
    assert_eq!(p.accrual().tolerance(), Decimal::new(1, 2));
    assert!(p.accrual().caps().annualized.is_none());
}

/// A review: a JSON `null` member was dropped before the merge, so an
/// object holding only nulls became `{}`, which resets the part:
/// `"card": {"late_charge": null}` removed the whole card policy, interest
/// included, and `"accrual": {"penalty": null}` failed with "missing part
/// `accrual`". Over a preset a null now removes its key, as in a JSON merge
/// patch and as an empty TOML table; a preset's own JSON (with the nulls of
/// the options it leaves unset) extending itself reads back unchanged.
#[test]
fn a_json_null_over_a_preset_removes_that_key_only() {
    let p = CollectionPolicy::from_json_str(
        "t.json",
        r#"{"extends":"cn","card":{"late_charge":null}}"#,
    )
    .unwrap();
    let card = p.card().expect("the card policy stays");
    assert!(card.interest.is_some());
    assert!(card.late_charge.is_none());
    let toml =
        CollectionPolicy::from_toml_str("t.toml", "extends = \"cn\"\n[card]\nlate_charge = {}\n")
            .unwrap();
    assert_eq!(p, toml);
    let p =
        CollectionPolicy::from_json_str("t.json", r#"{"extends":"cn","accrual":{"penalty":null}}"#)
            .unwrap();
    assert!(p.accrual().penalty().is_none());
    assert!(CollectionPolicy::preset("cn")
        .unwrap()
        .accrual()
        .penalty()
        .is_some());
    let p = CollectionPolicy::from_json_str("t.json", r#"{"extends":"cn","card":null}"#).unwrap();
    assert!(p.card().is_none());
    for name in PRESETS {
        let preset = CollectionPolicy::preset(name).unwrap();
        let mut json = serde_json::to_value(&preset).unwrap();
        json["extends"] = serde_json::Value::String((*name).to_owned());
        let back = CollectionPolicy::from_json_str("p.json", &json.to_string()).unwrap();
        assert_eq!(back, preset, "{name}");
    }
}

/// A review: the card and language parts checked themselves only once the
/// rest had loaded, so a file with a bad `[stages]` key and a bad card rate
/// reported the stages problem alone and the card one on the next run.
#[test]
fn card_problems_are_reported_with_the_other_parts() {
    let text = "extends = \"cn\"\n[stages]\nsurprise = 2\n[card.late_charge]\nrate = \"2\"\n";
    let err = CollectionPolicy::from_toml_str("lender.toml", text)
        .unwrap_err()
        .to_string();
    assert!(err.contains("2 problems"), "{err}");
    assert!(
        err.contains("in `stages`: unknown field `surprise`"),
        "{err}"
    );
    assert!(err.contains("`card.late_charge.rate` = `2`"), "{err}");
}

/// Round 2 of the review of the fixes: `"extends": null` reads as a
/// document without `extends` (it failed, showing the internal removal
/// mark), and an empty jurisdiction is reported with the other problems.
#[test]
fn a_null_extends_is_absent_and_an_empty_jurisdiction_is_reported_with_the_rest() {
    let preset = CollectionPolicy::preset("cn").unwrap();
    let mut json = serde_json::to_value(&preset).unwrap();
    json["extends"] = serde_json::Value::Null;
    let back = CollectionPolicy::from_json_str("p.json", &json.to_string()).unwrap();
    assert_eq!(back, preset);
    let text = "extends = \"cn\"\njurisdiction = \"\"\n[stages]\nsurprise = 2\n";
    let err = CollectionPolicy::from_toml_str("lender.toml", text)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("`jurisdiction.value` = ``: must not be empty"),
        "{err}"
    );
    assert!(err.contains("unknown field `surprise`"), "{err}");
}

/// A lender confirms the LPR in a file by moving the preset table's
/// `valid_through`: the published rows are kept. A list of rows replaces the
/// table with an open-ended one.
#[test]
fn a_file_moves_the_lpr_tables_end_or_replaces_its_rows() {
    use crate::accrual::CapRate;
    let table = |p: &CollectionPolicy| match &p.accrual().caps().annualized.as_ref().unwrap().rate {
        CapRate::LprMultiple { table, .. } => table.clone(),
        CapRate::Fixed { .. } => panic!("the cn preset caps at 4 × LPR"),
    };
    let moved =
        "extends = \"cn\"\n[accrual.caps.annualized.rate.table]\nvalid_through = \"2026-11-20\"\n";
    let p = CollectionPolicy::from_toml_str("lender.toml", moved).unwrap();
    let t = table(&p);
    assert_eq!(
        t.valid_through(),
        chrono::NaiveDate::from_ymd_opt(2026, 11, 20)
    );
    assert_eq!(t.rows(), crate::accrual::LprTable::published().rows());
    let rows = "extends = \"cn\"\n[[accrual.caps.annualized.rate.table]]\neffective = \"2025-05-20\"\nrate = \"0.03\"\nstatus = \"unverified\"\n";
    let p = CollectionPolicy::from_toml_str("lender.toml", rows).unwrap();
    assert_eq!(table(&p).valid_through(), None);
    assert_eq!(table(&p).rows().len(), 1);
    // Rows given as a table replace the preset's table, its end with it:
    // without a restated `valid_through` the new table is open-ended, with
    // one it ends there (the preset's 2025-08-20 is never kept for rows it
    // was not checked against).
    let dated_rows = |end: &str| {
        format!(
            "extends = \"cn\"\n[accrual.caps.annualized.rate.table]\n{end}\
             rows = [{{ effective = \"2025-05-20\", rate = \"0.03\", status = \"unverified\" }},\
             {{ effective = \"2026-01-20\", rate = \"0.029\", status = \"unverified\" }}]\n"
        )
    };
    let p = CollectionPolicy::from_toml_str("lender.toml", &dated_rows("")).unwrap();
    assert_eq!(table(&p).valid_through(), None);
    assert_eq!(table(&p).rows().len(), 2);
    let p = CollectionPolicy::from_toml_str(
        "lender.toml",
        &dated_rows("valid_through = \"2026-11-20\"\n"),
    )
    .unwrap();
    assert_eq!(
        table(&p).valid_through(),
        chrono::NaiveDate::from_ymd_opt(2026, 11, 20)
    );
    // A TOML date literal is a date too; a bad one is named with its text.
    let literal =
        "extends = \"cn\"\n[accrual.caps.annualized.rate.table]\nvalid_through = 2026-11-20\n";
    let p = CollectionPolicy::from_toml_str("lender.toml", literal).unwrap();
    assert_eq!(
        table(&p).valid_through(),
        chrono::NaiveDate::from_ymd_opt(2026, 11, 20)
    );
    let bad =
        "extends = \"cn\"\n[accrual.caps.annualized.rate.table]\nvalid_through = \"2026-13-01\"\n";
    let e = CollectionPolicy::from_toml_str("lender.toml", bad)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains(
            "`valid_through` value `2026-13-01`: input is out of range (expected YYYY-MM-DD)"
        ),
        "{e}"
    );
    let early =
        "extends = \"cn\"\n[accrual.caps.annualized.rate.table]\nvalid_through = \"2025-01-01\"\n";
    let e = CollectionPolicy::from_toml_str("lender.toml", early)
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "cannot parse `lender.toml`: in `accrual`: invalid policy: \
         `caps.annualized.rate.table.valid_through` = `2025-01-01`: is before the last row's `2025-05-20`"
    );
}

/// RULES.md §1.2 `industry.reminders` [U]: "Make it a configurable
/// schedule." The policy carries one, the industry cadence by default; a
/// file changes its offsets over a preset, an empty table resets it, and a
/// bad schedule is reported with its path from the root beside the other
/// parts' problems.
#[test]
fn the_reminder_schedule_is_part_of_the_policy() {
    let cn = CollectionPolicy::cn();
    assert_eq!(cn.reminders().id(), "industry.reminders");
    assert_eq!(cn.reminders().offsets(), &[-3, -1, 1, 3, 7, 30]);
    let text = "extends = \"cn\"\n[reminders]\noffsets = [-5, 2, 10]\n";
    let p = CollectionPolicy::from_toml_str("lender.toml", text).unwrap();
    assert_eq!(p.reminders().offsets(), &[-5, 2, 10]);
    // The preset's id and status stay.
    assert_eq!(p.reminders().id(), "industry.reminders");
    assert_eq!(
        p.reminders().status(),
        crate::delinquency::RuleStatus::Unverified
    );
    // Round trip, and JSON.
    let back = CollectionPolicy::from_toml_str("x", &p.to_toml_string().unwrap()).unwrap();
    assert_eq!(back, p);
    let json = r#"{"extends": "us", "reminders": {"offsets": [1]}}"#;
    let p = CollectionPolicy::from_json_str("lender.json", json).unwrap();
    assert_eq!(p.reminders().offsets(), &[1]);
    // An empty table resets it to the industry cadence.
    let p = CollectionPolicy::from_toml_str("x", "extends = \"cn\"\n[reminders]\n").unwrap();
    assert_eq!(
        p.reminders(),
        &crate::delinquency::ReminderSchedule::industry()
    );
    // A custom schedule in code.
    let s = crate::delinquency::ReminderSchedule::new(
        "lender.reminders",
        crate::delinquency::RuleStatus::Unverified,
        vec![-7, 0, 15],
    )
    .unwrap();
    let p = CollectionPolicy::uk().with_reminders(s.clone());
    assert_eq!(p.reminders(), &s);
    p.validate().unwrap();
    // Every problem at once, with the others.
    let text = "extends = \"cn\"\n\
        [delinquency]\ntolerance = \"-1\"\n\
        [reminders]\noffsets = [3, 1, 9999]\n";
    let err = CollectionPolicy::from_toml_str("lender.toml", text)
        .unwrap_err()
        .to_string();
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines[0], "cannot parse `lender.toml`: 2 problems:", "{err}");
    assert!(lines[1].starts_with("  in `delinquency`"), "{err}");
    assert_eq!(
        lines[2],
        "  in `reminders`: invalid policy: `offsets[1]` = `1`: must be after the previous offset `3` (sorted, no repeats); \
         `offsets[2]` = `9999`: must be within ±3660 days of the due date",
        "{err}"
    );
}

mod removals;
