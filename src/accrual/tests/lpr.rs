//! The LPR table's files: every table, dated or open-ended, comes back
//! from TOML and JSON as it was written, and a lookup never answers past
//! its end.

use super::*;

fn arb_table() -> impl Strategy<Value = LprTable> {
    (
        prop::collection::vec((1u64..400, 1i64..1_000), 1..8),
        prop::option::of(0u64..800),
    )
        .prop_map(|(steps, end)| {
            let mut day = NaiveDate::from_ymd_opt(2019, 8, 20).unwrap();
            let mut rows = Vec::new();
            for (gap, bp) in steps {
                rows.push(LprRow {
                    effective: day,
                    rate: Rate::from_fraction(Decimal::new(bp, 4)).unwrap(),
                    status: RuleStatus::Unverified,
                });
                day = day + chrono::Days::new(gap);
            }
            let table = LprTable::new(rows).unwrap();
            match end {
                None => table,
                Some(k) => {
                    let last = table.rows().last().unwrap().effective;
                    table
                        .with_valid_through(last + chrono::Days::new(k))
                        .unwrap()
                }
            }
        })
}

/// TOML has no top-level list: the table is written as a policy's field.
#[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
struct Holder {
    table: LprTable,
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn tables_round_trip_and_end_where_they_say(table in arb_table(), probe in 0u64..3_000) {
        let json = serde_json::to_string(&table).unwrap();
        prop_assert_eq!(&serde_json::from_str::<LprTable>(&json).unwrap(), &table);
        let holder = Holder { table: table.clone() };
        let toml = toml::to_string(&holder).unwrap();
        prop_assert_eq!(&toml::from_str::<Holder>(&toml).unwrap(), &holder);
        let date = NaiveDate::from_ymd_opt(2019, 8, 20).unwrap() + chrono::Days::new(probe);
        match (table.on(date), table.valid_through()) {
            (Ok(row), end) => {
                prop_assert!(end.map_or(true, |end| date <= end));
                prop_assert!(row.effective <= date);
                // The latest row on or before the date.
                prop_assert!(table.rows().iter().all(|r| r.effective <= row.effective || r.effective > date));
            }
            (Err(e), Some(end)) => {
                prop_assert!(date > end, "{}", e);
            }
            (Err(e), None) => prop_assert!(false, "an open-ended table refused {}: {}", date, e),
        }
    }
}

/// Review finding: `cn.spc_private_lending.art28` caps the agreed overdue
/// rate at 4 × LPR at formation. CNY 120,000 at 10 % 等额本金 over 12
/// months from 2026-01-01 (LPR 3.00 %, so 12 %): the agreed 15 % penalty
/// runs at 12 % on #1's 10,000 principal, 10,000 × 0.12 / 360 = 3.333… →
/// 3.33 a day, 27 days (02-02..=02-28) = 89.91 (it was 4.17 × 27 = 112.59).
#[test]
fn cn_penalty_rate_is_held_to_four_times_lpr() {
    let loan = Loan::new(LoanTerms::new(
        "H",
        money("120000", Currency::CNY),
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        Rate::from_percent(dec("10")).unwrap(),
        RepaymentMethod::EqualPrincipal,
        12,
        d(2, 1),
    ))
    .unwrap();
    let r = accrue(&loan, d(2, 2), d(3, 1), &cn()).unwrap();
    let pen: Vec<&Accrual> = r
        .records
        .iter()
        .filter(|x| x.kind == AccrualKind::PenaltyInterest)
        .collect();
    assert_eq!(pen.len(), 1);
    assert_eq!(pen[0].rate, Some(dec("0.12")));
    assert_eq!(pen[0].amount, money("89.91", Currency::CNY));
    assert_eq!(pen[0].rule, "cn.spc_private_lending.art28");
    // Without the rate rule, the agreed 15 % (only the total is capped).
    let mut policy = cn();
    let mut caps = policy.caps().clone();
    if let Some(c) = caps.annualized.as_mut() {
        c.rate_rule = None;
    }
    policy = policy.with_caps(caps);
    let r = accrue(&loan, d(2, 2), d(3, 1), &policy).unwrap();
    assert_eq!(total(&r, AccrualKind::PenaltyInterest), dec("112.59"));
}
