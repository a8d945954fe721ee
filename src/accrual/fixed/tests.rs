//! The fixed-point replay against the general engine.

use super::*;
use crate::accrual::engine::{accrue_with, Paths};
use crate::allocation::Waterfall;
use crate::loan::{LoanTerms, RepaymentMethod, Transaction};
use crate::money::{Currency, Rate};
use proptest::prelude::*;

fn d(m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, dd).unwrap_or(NaiveDate::MIN)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Random loans with repayments, reversals and charge-offs (the ledgers
    /// this replay covers) under random valid policies and the preset
    /// waterfalls: where the fixed-point replay applies, its report is the
    /// general engine's to the serialized byte; where it does not, it says
    /// so and `accrue` is the general engine.
    #[test]
    fn fixed_replay_matches_the_general_engine(
        policy in crate::accrual::tests::arb_policy().prop_filter("a valid policy", |p| p.validate().is_ok()),
        waterfall in prop::sample::select(Waterfall::presets()),
        cents in 1i64..1_000_000_000,
        currency in 0usize..3,
        n in 1u32..40,
        method in 0u32..3,
        txs in prop::collection::vec((0u32..8, 0u64..1_300, 1i64..100_000_000, 0u32..100), 0..24),
        from in 0u64..900, len in 1u64..900,
    ) {
        // Minor units 2, 0 and 3.
        let currency = [Currency::CNY, Currency::JPY, Currency::new("KWD", 3).unwrap()][currency];
        let mut loan = Loan::new(LoanTerms::new(
            "F", Money::from_minor(cents, currency), d(1, 1), Rate::from_percent(Decimal::new(75, 1)).unwrap(),
            [RepaymentMethod::EqualInstallment, RepaymentMethod::EqualPrincipal, RepaymentMethod::InterestOnly][method as usize],
            n, d(2, 1),
        )).unwrap();
        for (i, (kind, day, c, scale)) in txs.iter().enumerate() {
            let date = d(1, 1) + chrono::Days::new(*day);
            // Whole yuan now and then: amounts of scale 0 beside scale 2.
            let amount = if *scale < 20 {
                Money::new(Decimal::from(c / 100 + 1), currency)
            } else {
                Money::from_minor(*c, currency)
            };
            let tx = match kind {
                0..=5 => Transaction::repayment(&format!("T{i}"), date, amount),
                6 => Transaction::new(&format!("T{i}"), date, TxKind::ChargeOff),
                _ => Transaction::reversal(&format!("T{i}"), date, &format!("T{}", i / 2)),
            };
            let _ = loan.record(tx);
        }
        let policy = policy.with_waterfall(waterfall);
        let start = d(1, 1) + chrono::Days::new(from);
        let end = start + chrono::Days::new(len);
        let general = accrue_with(&loan, start, end, &policy, Paths { fixed: false, ..Paths::default() });
        let fixed = super::accrue(&loan, start, end, &policy);
        match (&general, fixed) {
            (Ok(a), Some(b)) => {
                prop_assert_eq!(serde_json::to_string(a).unwrap(), serde_json::to_string(&b).unwrap());
                prop_assert_eq!(a, &b);
            }
            (_, None) => {}
            (Err(e), Some(_)) => prop_assert!(false, "the general engine failed ({e}) where the fixed replay did not"),
        }
    }
}
