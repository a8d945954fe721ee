//! Runs every scenario file in `tests/scenarios/` and fails with the
//! report of any that does not pass.

use arrears::scenario::Scenario;

#[test]
fn scenario_files_pass() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/scenarios");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("tests/scenarios exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty());
    let mut failures = Vec::new();
    for path in &paths {
        let text = std::fs::read_to_string(path).expect("readable");
        let name = path.display().to_string();
        match Scenario::from_toml_str(&name, &text).and_then(|s| s.run()) {
            Ok(report) if report.passed() => {}
            Ok(report) => failures.push(report.to_string()),
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} scenarios failed:\n{}",
        failures.len(),
        paths.len(),
        failures.join("\n")
    );
}

#[test]
fn a_wrong_expectation_fails_with_expected_and_actual() {
    let text = r#"
name = "wrong"
[policy]
extends = "cn"
[policy.accrual.caps.annualized.rate.table]
valid_through = "2026-12-31"
[[loans]]
id = "L1"
principal = { amount = "3000", currency = "CNY" }
disbursement_date = "2026-01-10"
rate = "0"
method = "equal_principal"
term = 3
first_due_date = "2026-02-10"
[[expect]]
loan = "L1"
date = "2026-03-20"
dpd = 9
"#;
    let report = Scenario::from_toml_str("wrong.toml", text)
        .unwrap()
        .run()
        .unwrap();
    assert!(!report.passed());
    assert_eq!(report.outcomes[0].expected, "9");
    assert_eq!(report.outcomes[0].actual, "38");
    let bad = Scenario::from_toml_str("bad.toml", "name = 1")
        .unwrap_err()
        .to_string();
    assert!(bad.starts_with("cannot parse `bad.toml`:"), "{bad}");
    let unknown_loan = text.replace("loan = \"L1\"", "loan = \"L2\"");
    let err = Scenario::from_toml_str("x.toml", &unknown_loan)
        .unwrap()
        .run()
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "invalid `expect[0].loan` value `L2`: no loan with this id in the scenario"
    );
}

/// A scenario that checks nothing, or asks for a decision on another loan
/// than its request's, is an error, not a pass (found by a review).
#[test]
fn vacuous_or_mismatched_expectations_are_errors() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/scenarios");
    let text = std::fs::read_to_string(format!("{dir}/cn_plan_approved.toml")).unwrap();
    let run = |t: &str| {
        Scenario::from_toml_str("x.toml", t)
            .unwrap()
            .run()
            .map(|r| r.passed())
            .map_err(|e| e.to_string())
    };
    assert_eq!(run(&text), Ok(true));
    let vacuous = text.replace("decision = \"ask:approved:12\"", "");
    assert_eq!(
        run(&vacuous).unwrap_err().split(':').next(),
        Some("invalid `expect[0]` value `P`")
    );
    let no_loan = text.replace(
        "label = \"ask\"\nloan = \"P\"",
        "label = \"ask\"\nloan = \"Q\"",
    );
    assert_ne!(no_loan, text);
    assert_eq!(
        run(&no_loan).unwrap_err(),
        "invalid `requests[0].loan` value `Q`: no loan with this id in the scenario"
    );
}

/// Each section's checks are labelled by their own section and index, and
/// a message expectation that checks nothing is an error (found by a
/// review: contact and next-permitted checks were all labelled `expect[0]`).
#[test]
fn outcomes_name_their_section() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/scenarios");
    let text = std::fs::read_to_string(format!(
        "{dir}/cn_contacts_window_and_emergency_contact.toml"
    ))
    .unwrap();
    let report = Scenario::from_toml_str("x.toml", &text)
        .unwrap()
        .run()
        .unwrap();
    let labels: Vec<String> = report
        .outcomes
        .iter()
        .map(|o| format!("{}[{}]", o.section, o.expectation))
        .collect();
    assert_eq!(
        labels,
        [
            "expect_contacts[0]",
            "expect_contacts[1]",
            "expect_contacts[2]",
            "expect_next[0]"
        ]
    );
}

/// A review: a repeated loan id was accepted and the second loan never
/// used (its expectation checked against the first); a repeated request or
/// attempt label likewise. Now refused, naming both items. An unknown
/// preset names `policy`, not `extends`.
#[test]
fn repeated_ids_and_an_unknown_preset_are_named() {
    let loan = |principal: &str| {
        format!(
            r#"
[[loans]]
id = "L1"
principal = {{ amount = "{principal}", currency = "CNY" }}
disbursement_date = "2026-01-10"
rate = "0"
method = "bullet"
term = 1
first_due_date = "2026-02-10"
"#
        )
    };
    let text = format!(
        "name = \"twice\"\npolicy = \"cn\"\n{}{}",
        loan("3000"),
        loan("9000")
    );
    let err = Scenario::from_toml_str("twice.toml", &text)
        .unwrap()
        .run()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid `loans[1]` value `L1`: repeats `loans[0]`: each must be unique, or only the \
         first is used"
    );
    let text = format!("name = \"zz\"\npolicy = \"zz\"\n{}", loan("3000"));
    let err = Scenario::from_toml_str("zz.toml", &text)
        .unwrap()
        .run()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid `policy` value `zz`: unknown preset; expected one of cn, us, uk"
    );
}
