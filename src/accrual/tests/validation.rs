//! Policies that refuse bad input, naming every problem and the user's
//! fields; LPR table lookups; presets through JSON.

use super::*;

#[test]
fn policy_validation_reports_everything() {
    let mut fee = flat_fee(Recurrence::EveryDays { days: 0 });
    fee.min = Some(dec("5"));
    fee.max = Some(dec("2"));
    fee.base = FeeBase::OverduePrincipal { rate: dec("1.5") };
    let policy = AccrualPolicy::new("bad")
        .with_penalty(PenaltyRule {
            rule: RuleRef::new("cn.pboc_2003_251.overdue_markup", "", RuleStatus::Secondary),
            rate: PenaltyRate::Markup {
                markup: dec("0.6"),
                band: MarkupBand::Overdue,
            },
            day_count: None,
            compound: false,
            compound_rule: None,
        })
        .with_late_fee(fee)
        .with_caps(Caps {
            fees_per_loan: Some(dec("-1")),
            ..Caps::default()
        });
    assert_eq!(
        policy.validate().unwrap_err().to_string(),
        "invalid policy: `penalty.rate.markup` = `0.6`: outside the overdue band `0.30`..=`0.50` \
         (`cn.pboc_2003_251.overdue_markup`); `late_fees[0].base.rate` = `1.5`: must be a fraction \
         between 0 and 1; `late_fees[0].recurrence.days` = `0`: must be at least 1; \
         `late_fees[0].min` = `5`: is above the maximum `2`; `caps.fees_per_loan` = `-1`: must not be negative"
    );
    assert!(AccrualPolicy::cn_with_markup(dec("0.29")).is_err());
    assert!(AccrualPolicy::cn_with_markup(dec("0.30")).is_ok());
    assert!(accrue(&loan_a(), d(3, 1), d(3, 1), &cn()).is_err());
}

#[test]
fn lpr_table_lookup_and_errors() {
    let t = LprTable::published();
    let ymd = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    // The published table ends where RULES.md §2.3 last confirms its last
    // value (3.00 % on 2025-08-20); a later date is an error, never the
    // last row applied silently.
    assert_eq!(t.valid_through(), Some(ymd(2025, 8, 20)));
    assert_eq!(t.on(ymd(2025, 8, 20)).unwrap().rate.annual(), dec("0.03"));
    assert_eq!(
        t.on(d(1, 1)).unwrap_err().to_string(),
        "invalid `lpr.date` value `2026-01-01`: is after the LPR table's `valid_through` \
         `2025-08-20`: the LPR may have changed since (add the rows published after it, or \
         move `valid_through` once checked)"
    );
    // The host checked: no change since.
    let current = t.clone().with_valid_through(d(12, 31)).unwrap();
    assert_eq!(current.on(d(12, 31)).unwrap().rate.annual(), dec("0.03"));
    assert!(current.on(ymd(2027, 1, 1)).is_err());
    assert_eq!(
        t.clone()
            .with_valid_through(ymd(2025, 5, 19))
            .unwrap_err()
            .to_string(),
        "invalid policy: `lpr.valid_through` = `2025-05-19`: is before the last row's `2025-05-20`"
    );
    // An open-ended table (rows alone) applies its last row onward.
    let open = LprTable::new(t.rows().to_vec()).unwrap();
    assert_eq!(open.valid_through(), None);
    assert_eq!(open.on(ymd(2030, 1, 1)).unwrap().rate.annual(), dec("0.03"));
    // A contract after the table's end: the accrual names the contract date.
    let err = accrue(&loan_a(), d(3, 2), d(4, 16), &AccrualPolicy::cn()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid `terms.contract_date` value `2026-01-01`: is after the LPR table's \
         `valid_through` `2025-08-20`: the LPR may have changed since (add the rows published \
         after it, or move `valid_through` once checked) (`caps.annualized.rate.table`)"
    );
    // Files: a list of rows is open-ended; `{ rows, valid_through }` is not.
    let json = serde_json::to_value(&t).unwrap();
    assert_eq!(json["valid_through"], "2025-08-20");
    assert_eq!(serde_json::from_value::<LprTable>(json).unwrap(), t);
    let rows = serde_json::to_value(&open).unwrap();
    assert!(rows.is_array());
    assert_eq!(
        serde_json::from_value::<LprTable>(rows.clone()).unwrap(),
        open
    );
    // A JSON `null` is no end (open-ended); a table is not a date.
    let null_end = serde_json::json!({ "rows": rows.clone(), "valid_through": null });
    assert_eq!(serde_json::from_value::<LprTable>(null_end).unwrap(), open);
    let e = toml::from_str::<toml::Table>(
        "[t]\nvalid_through = { anything = \"2026-11-20\" }\nrows = []\n",
    )
    .unwrap()["t"]
        .clone()
        .try_into::<LprTable>()
        .unwrap_err()
        .to_string();
    assert!(e.contains("`valid_through`: a table is not a date"), "{e}");
    let typo = serde_json::json!({ "rows": [], "valid_thru": "2026-01-01" });
    let e = serde_json::from_value::<LprTable>(typo)
        .unwrap_err()
        .to_string();
    assert!(e.contains("unknown field `valid_thru`"), "{e}");
    assert_eq!(
        t.on(ymd(2024, 10, 20)).unwrap().rate.annual(),
        dec("0.0335")
    );
    assert_eq!(t.on(ymd(2024, 10, 21)).unwrap().rate.annual(), dec("0.031"));
    assert_eq!(
        t.on(ymd(2019, 8, 19)).unwrap_err().to_string(),
        "invalid `lpr.date` value `2019-08-19`: is before the first LPR row `2019-08-20`"
    );
    let row = |y, r: &str| LprRow {
        effective: ymd(y, 1, 1),
        rate: Rate::from_fraction(dec(r)).unwrap(),
        status: RuleStatus::Unverified,
    };
    let err =
        LprTable::new(vec![row(2021, "0.04"), row(2020, "0.04"), row(2022, "0")]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid policy: `lpr[1].effective` = `2020-01-01`: must be after the previous row's `2021-01-01` \
         (rows sorted, no repeats); `lpr[2].rate` = `0`: an LPR of zero is a data error"
    );
    assert!(LprTable::new(vec![]).is_err());
    // A table taken from its rows unchecked still refuses to answer when
    // out of order.
    let unsorted = LprTable::from(vec![row(2021, "0.04"), row(2020, "0.05")]);
    assert!(unsorted.on(ymd(2022, 1, 1)).is_err());
    let sh = SafeHarborTable::published();
    assert_eq!(sh.on(ymd(2025, 6, 1)).unwrap().first, dec("30"));
    assert_eq!(sh.on(ymd(2019, 6, 1)).unwrap().repeat, dec("39"));
}

#[test]
fn presets_round_trip_through_json() {
    for p in [
        AccrualPolicy::cn(),
        AccrualPolicy::us(),
        AccrualPolicy::uk(),
    ] {
        p.validate().unwrap();
        let json = serde_json::to_string(&p).unwrap();
        let back: AccrualPolicy = serde_json::from_str(&json).unwrap();
        assert_eq!(back, p);
    }
    let bad = serde_json::to_string(&cn())
        .unwrap()
        .replace("\"markup\":\"0.5\"", "\"markup\":\"0.9\"");
    assert!(serde_json::from_str::<AccrualPolicy>(&bad).is_err());
    // A bad LPR row in the file is reported with the other problems, by its
    // path in the policy (review finding: it stopped the parse alone, as
    // `lpr[1]`).
    let worse = bad.replace("\"2019-09-20\"", "\"2019-01-20\"");
    let err = serde_json::from_str::<AccrualPolicy>(&worse)
        .unwrap_err()
        .to_string();
    assert!(err.contains("`penalty.rate.markup` = `0.9`"), "{err}");
    assert!(
        err.contains("`caps.annualized.rate.table[1].effective` = `2019-01-20`"),
        "{err}"
    );
    let unknown = r#"{"id":"x","surprise":1}"#;
    assert!(serde_json::from_str::<AccrualPolicy>(unknown).is_err());
    assert_eq!(cn().waterfall(), &Waterfall::cn_bank_contract());
}

/// Review finding: errors name the field the user set.
#[test]
fn rate_and_lpr_errors_name_the_users_fields() {
    // A 300 % markup on a 50 % loan: 200 % a year is out of range.
    let loan = Loan::new(LoanTerms::new(
        "M",
        money("1000", Currency::CNY),
        d(1, 1),
        Rate::from_percent(dec("50")).unwrap(),
        RepaymentMethod::Bullet,
        1,
        d(2, 1),
    ))
    .unwrap();
    let mut policy = cn().with_caps(Caps::default());
    let mut rule = policy.penalty().unwrap().clone();
    rule.rate = PenaltyRate::Markup {
        markup: dec("300"),
        band: MarkupBand::Unchecked,
    };
    policy = policy.with_penalty(rule);
    let err = accrue(&loan, d(2, 2), d(3, 1), &policy)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("invalid `penalty.rate.markup` value `300`"),
        "{err}"
    );
    // A contract before the first LPR row (2019-08-20).
    let old = Loan::new(LoanTerms::new(
        "O",
        money("1000", Currency::CNY),
        NaiveDate::from_ymd_opt(2019, 1, 1).unwrap(),
        Rate::from_percent(dec("5")).unwrap(),
        RepaymentMethod::Bullet,
        1,
        NaiveDate::from_ymd_opt(2019, 2, 1).unwrap(),
    ))
    .unwrap();
    let err = accrue(
        &old,
        NaiveDate::from_ymd_opt(2019, 2, 2).unwrap(),
        NaiveDate::from_ymd_opt(2019, 3, 1).unwrap(),
        &cn(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.starts_with("invalid `terms.contract_date` value `2019-01-01`"),
        "{err}"
    );
    assert!(err.contains("caps.annualized.rate.table"), "{err}");
}

/// Diff review: the rules a policy adds are validated, with their paths.
#[test]
fn compound_and_rate_rules_need_ids() {
    let mut policy = cn();
    let mut caps = policy.caps().clone();
    if let Some(c) = caps.annualized.as_mut() {
        c.rate_rule = Some(RuleRef::new("  ", "", RuleStatus::Unverified));
    }
    let mut penalty = policy.penalty().unwrap().clone();
    penalty.compound_rule = Some(RuleRef::new("", "", RuleStatus::Unverified));
    policy = policy.with_caps(caps).with_penalty(penalty);
    let err = policy.validate().unwrap_err().to_string();
    assert!(err.contains("`penalty.compound_rule.id`"), "{err}");
    assert!(err.contains("`caps.annualized.rate_rule.id`"), "{err}");
}
