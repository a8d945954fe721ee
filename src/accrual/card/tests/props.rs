//! Properties of `accrue_card`: what a window reports does not depend on
//! how the period is cut into windows (RULES.md §2.2: the grace period's
//! interest goes to the window holding the due date, later days to the
//! window holding them, a late charge to the window holding its day).

use super::*;
use proptest::prelude::*;
use std::collections::BTreeMap;

/// Statements on the 5th of the months in `months`, due 25 days later,
/// with the balances given (principal, interest in cents, minimum in
/// cents, the minimum at most the principal), and repayments (day of the
/// year 2026, cents).
fn account(
    currency: Currency,
    daily_bp: i64,
    statements: &[(i64, i64, i64)],
    payments: &[(u32, i64)],
) -> CardAccount {
    let rate = Rate::from_daily(Decimal::new(daily_bp, 4), DayBasis::Days365).unwrap();
    let mut k = CardAccount::new(
        "P",
        Money::new(Decimal::from(100_000), currency),
        d(1, 1),
        rate,
    )
    .unwrap();
    for (i, &(p, i_cents, m_cents)) in statements.iter().enumerate() {
        let s = d(i as u32 + 1, 5);
        let (b, m) = bal(currency, p, i_cents, m_cents.min(p * 100));
        k.add_statement(Statement::new(s, s + chrono::Days::new(25), b, m).unwrap())
            .unwrap();
    }
    for (j, &(day, cents)) in payments.iter().enumerate() {
        let date = NaiveDate::from_yo_opt(2026, day).unwrap();
        k.record(Transaction::repayment(
            &format!("P{j}"),
            date,
            Money::new(Decimal::new(cents, 2), currency),
        ))
        .unwrap();
    }
    k
}

/// The amounts reported by (kind, installment), summed.
fn sums(records: &[Accrual]) -> BTreeMap<(String, u32), Decimal> {
    let mut out = BTreeMap::new();
    for r in records {
        *out.entry((format!("{:?}", r.kind), r.installment))
            .or_insert(Decimal::ZERO) += r.amount.amount();
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// [01-01, 06-01) in one window reports what [01-01, b) and [b, 06-01)
    /// report together, for any b, under the `cn` and `us` presets: the
    /// same amounts by kind and installment, and the same late charges,
    /// each on the same day.
    #[test]
    fn windows_add_up(
        us in any::<bool>(),
        daily_bp in 1i64..8,
        statements in prop::collection::vec((1i64..5_000, 0i64..20_000, 0i64..60_000), 1..5),
        payments in prop::collection::vec((1u32..150, 1i64..300_000), 0..5),
        cut in 2u32..152,
    ) {
        let (currency, policy) = if us {
            (Currency::USD, CardPolicy::us())
        } else {
            (Currency::CNY, CardPolicy::cn())
        };
        let k = account(currency, daily_bp, &statements, &payments);
        let (a, c) = (d(1, 1), d(6, 1));
        let b = NaiveDate::from_yo_opt(2026, cut).unwrap();
        let whole = accrue_card(&k, a, c, &policy).unwrap();
        let mut parts = accrue_card(&k, a, b, &policy).unwrap();
        parts.extend(accrue_card(&k, b, c, &policy).unwrap());
        prop_assert_eq!(sums(&whole), sums(&parts));
        let fees = |v: &[Accrual]| -> Vec<(NaiveDate, u32, Decimal)> {
            v.iter()
                .filter(|r| r.kind == AccrualKind::LateFee)
                .map(|r| (r.from, r.installment, r.amount.amount()))
                .collect()
        };
        prop_assert_eq!(fees(&whole), fees(&parts));
    }
}
