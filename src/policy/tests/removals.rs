//! Removals in policy files: a `null` member or an empty table, over a
//! preset or not, and what each costs.

use super::*;

/// A `null` member or an empty table whose key is no field is an error
/// naming its path, as a misspelt key with a value is (they were dropped,
/// hiding the typo: a lender removing the preset's card late charge with
/// `"late_charg": null` or `[card.late_charg]` kept it). A removal on a
/// real field still means absent, over a preset or not, and so does a null
/// on a key of the choice a merge patch switches away from (RFC 7396).
#[test]
fn a_removal_of_a_key_that_is_no_field_is_an_error() {
    let card_fields = "(the fields: `id`, `interest`, `late_charge`, `rounding`)";
    for (doc, path, key, fields) in [
        (
            r#"{"extends":"cn","card":{"late_charg":null}}"#,
            "card.late_charg",
            "late_charg",
            card_fields,
        ),
        (
            r#"{"extends":"cn","card":{"late_charg":{}}}"#,
            "card.late_charg",
            "late_charg",
            card_fields,
        ),
        (
            r#"{"extends":"cn","accrual":{"penalty":{"rate":{"bogus":null}}}}"#,
            "accrual.penalty.rate.bogus",
            "bogus",
            "(the fields: `markup`, `band`)",
        ),
        (
            r#"{"extends":"cn","card":{"late\ncharge":null}}"#,
            "card.late\\ncharge",
            "late\\ncharge",
            card_fields,
        ),
        (
            r#"{"extends":"us","contact":{"zones":{"fixd":null}}}"#,
            "contact.zones.fixd",
            "fixd",
            "(the fields: `fixed`, `debtor_locations`, `cn`, `us`, `uk`)",
        ),
    ] {
        let err = CollectionPolicy::from_json_str("lender.json", doc)
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            format!(
                "cannot parse `lender.json`: `{path}` is removed (an empty table or a null) but \
                 `{key}` is not a field there {fields}"
            ),
        );
    }
    // Under a part the preset leaves out: that part's problem (removals
    // are checked once the rest reads).
    let err =
        CollectionPolicy::from_json_str("l.json", r#"{"extends":"uk","card":{"late_charg":null}}"#)
            .unwrap_err()
            .to_string();
    assert_eq!(err, "cannot parse `l.json`: in `card`: missing field `id`");
    // TOML: an empty table on a misspelt key.
    let err = CollectionPolicy::from_toml_str("l.toml", "extends = \"cn\"\n[card.late_charg]\n")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("`card.late_charg` is removed (an empty table or a null)"),
        "{err}"
    );
    // Without `extends`: a shown preset with keys misspelt, each reported.
    let mut json = serde_json::to_value(CollectionPolicy::cn()).unwrap();
    json["card"]["late_charge_typo"] = serde_json::Value::Null;
    json["stages"]["id_typo"] = serde_json::Value::Null;
    let err = CollectionPolicy::from_json_str("p.json", &json.to_string())
        .unwrap_err()
        .to_string();
    assert!(err.contains("2 problems"), "{err}");
    assert!(err.contains("`card.late_charge_typo` is removed"), "{err}");
    assert!(err.contains("`stages.id_typo` is removed"), "{err}");
    // With another problem, that one (the removals are checked once the
    // rest reads).
    json["delinquency"]["tolerance"] = serde_json::Value::String("-1".into());
    let err = CollectionPolicy::from_json_str("p.json", &json.to_string())
        .unwrap_err()
        .to_string();
    assert!(err.contains("in `delinquency`"), "{err}");
    assert!(!err.contains("removed"), "{err}");
    // A merge patch that switches the penalty rate's variant nulls the old
    // variant's keys: they were fields there.
    let p = CollectionPolicy::from_json_str(
        "t.json",
        r#"{"extends":"cn","accrual":{"penalty":{"rate":{"type":"explicit","rate":"0.1","markup":null,"band":null}}}}"#,
    )
    .unwrap();
    let toml = CollectionPolicy::from_toml_str(
        "t.toml",
        "extends = \"cn\"\n[accrual.penalty.rate]\ntype = \"explicit\"\nrate = \"0.1\"\n",
    )
    .unwrap();
    assert_eq!(p, toml);
    // An optional part the preset leaves out may be reset: nothing to do.
    let uk = CollectionPolicy::from_json_str("t.json", r#"{"extends":"uk","card":null}"#).unwrap();
    assert_eq!(uk, CollectionPolicy::uk());
    let uk = CollectionPolicy::from_toml_str("t.toml", "extends = \"uk\"\n[card]\n").unwrap();
    assert_eq!(uk, CollectionPolicy::uk());
    // `"extends": null` is a document without `extends`.
    let err = CollectionPolicy::from_json_str("t.json", r#"{"extends":null,"card":null}"#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("missing part"), "{err}");
    assert!(!err.contains("removed"), "{err}");
}

/// A review: each unresolved null cost a full read of the document (25 s
/// for 2,000 nulls on real fields). The removals are checked by their
/// place in the policy's shape: one probe read per place, however many
/// removals stand there (counted, not timed).
#[test]
fn many_removals_cost_one_read_per_place() {
    let bands: Vec<serde_json::Value> = (0..2_000)
        .map(|i| {
            serde_json::json!({
                "min_dpd": 91 + i,
                "limits": {"max_installments": null, "typo": null}
            })
        })
        .collect();
    let doc = serde_json::json!({"extends": "cn", "negotiation": {"bands": bands}}).to_string();
    let reads = super::merge::probe_reads();
    let err = CollectionPolicy::from_json_str("b.json", &doc)
        .unwrap_err()
        .to_string();
    // One place (`negotiation.bands[*].limits`): one probe read.
    assert_eq!(super::merge::probe_reads() - reads, 1);
    // Every typo, once each (2,000 problems).
    assert!(
        err.starts_with("cannot parse `b.json`: 2000 problems:"),
        "{}",
        &err[..200]
    );
    assert!(err.contains("`negotiation.bands[1999].limits.typo` is removed"));
    // A second review: unknown keys as written made as many places, each
    // a read (32 s for 10,000 in release). A document that does not read
    // is refused without probing.
    let card: serde_json::Map<String, serde_json::Value> = (0..10_000)
        .map(|i| (format!("k{i}"), serde_json::json!({"x": null})))
        .collect();
    let doc = serde_json::json!({"extends": "cn", "card": card}).to_string();
    let reads = super::merge::probe_reads();
    let err = CollectionPolicy::from_json_str("k.json", &doc)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("cannot parse `k.json`: in `card`: unknown field `k0`"),
        "{}",
        &err[..100]
    );
    assert_eq!(super::merge::probe_reads() - reads, 0);
}

/// A review: the removal marker is an ordinary key, and a document could
/// write it and remove a preset's part (`"\u0001null": true` under
/// `card`). It is reserved, in TOML and JSON; and a JSON policy that is no
/// object says so.
#[test]
fn the_removal_marker_is_reserved_and_a_policy_is_an_object() {
    let err =
        CollectionPolicy::from_json_str("t.json", r#"{"extends":"cn","card":{"\u0001null":true}}"#)
            .unwrap_err()
            .to_string();
    assert_eq!(
        err,
        "cannot parse `t.json`: `card.\\u{1}null`: that key is reserved"
    );
    let err = CollectionPolicy::from_toml_str(
        "t.toml",
        "extends = \"cn\"\n[card]\n\"\\u0001null\" = true\n",
    )
    .unwrap_err()
    .to_string();
    assert_eq!(
        err,
        "cannot parse `t.toml`: `card.\\u{1}null`: that key is reserved"
    );
    // Every key starting with U+0001 is reserved (the probes use some).
    let err = CollectionPolicy::from_json_str(
        "t.json",
        r#"{"extends":"cn","accrual":{"\u0001probe0":1}}"#,
    )
    .unwrap_err()
    .to_string();
    assert_eq!(
        err,
        "cannot parse `t.json`: `accrual.\\u{1}probe0`: that key is reserved"
    );
    for (doc, shown) in [("null", "null"), ("[]", "[]"), ("5", "5")] {
        let err = CollectionPolicy::from_json_str("t.json", doc)
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            format!("cannot parse `t.json`: a policy is a JSON object, not `{shown}`")
        );
    }
}

/// From a third review of the removal check: a null inside an untagged
/// value (a custom currency) failed its probe unnamed and took the rest of
/// the part with it, and after 16 places in one part the rest went
/// unchecked. Each read now probes one place a part, reading only the
/// parts with places left.
#[test]
fn every_place_of_a_part_is_checked() {
    let err = CollectionPolicy::from_json_str(
        "c.json",
        r#"{"extends":"cn","negotiation":{"currency":{"code":"XYZ","minor_units":2,"note":null},"terms":{"zz_typo":null}}}"#,
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("`negotiation.terms.zz_typo` is removed"),
        "{err}"
    );
    // The shown `cn` policy with every rule citation of its negotiation
    // part left out (a null on an optional field: about 30 places) and one
    // misspelt key in the last.
    fn drop_citations(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(m) => {
                if m.contains_key("id") && m.contains_key("citation") {
                    m.insert("citation".into(), serde_json::Value::Null);
                }
                m.values_mut().for_each(drop_citations);
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(drop_citations),
            _ => {}
        }
    }
    let mut json = serde_json::to_value(CollectionPolicy::cn()).unwrap();
    drop_citations(&mut json["negotiation"]);
    let read = CollectionPolicy::from_json_str("n.json", &json.to_string()).unwrap();
    assert_eq!(read.negotiation().id(), "cn");
    json["negotiation"]["terms"]["rule"]["sttus"] = serde_json::Value::Null;
    let err = CollectionPolicy::from_json_str("n.json", &json.to_string())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("`negotiation.terms.rule.sttus` is removed"),
        "{err}"
    );
}
