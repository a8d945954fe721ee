//! The direct payment path against the general one.

use super::*;
use crate::accrual::engine::{accrue_with, Paths};
use crate::allocation::AllocationRule;
use crate::loan::{Loan, LoanTerms, RepaymentMethod, Transaction};
use crate::money::{Currency, Money, Rate};
use proptest::prelude::*;

fn d(m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, dd).unwrap_or(NaiveDate::MIN)
}

/// A waterfall: each group's components shuffled, the groups mostly in the
/// usual order, in-advance rules or not, any processing, future order and
/// overpayment mode.
fn arb_waterfall() -> impl Strategy<Value = Waterfall> {
    let comps = || Just(Component::ALL.to_vec()).prop_shuffle();
    (
        (comps(), comps(), comps()),
        0u32..8,
        0u32..4,
        0u32..5,
        0u32..4,
    )
        .prop_map(|((past, due, adv), order, processing, future, over)| {
            let mut groups = vec![
                (DueType::PastDue, past),
                (DueType::Due, due),
                (DueType::InAdvance, adv),
            ];
            match order {
                0 => groups.swap(0, 1),
                1 => groups.swap(1, 2),
                2 => groups.truncate(2),
                _ => {}
            }
            let rules = groups
                .into_iter()
                .flat_map(|(dt, cs)| cs.into_iter().map(move |c| AllocationRule::new(dt, c)))
                .collect();
            Waterfall::new(
                "w",
                rules,
                if processing > 0 {
                    Processing::Horizontal
                } else {
                    Processing::Vertical
                },
                match future {
                    0..=2 => FutureOrder::NextInstallment,
                    3 => FutureOrder::LastInstallment,
                    _ => FutureOrder::Reamortization,
                },
                match over {
                    0 | 1 => Overpayment::CreditBalance,
                    2 => Overpayment::PrepayNext,
                    _ => Overpayment::ReduceTerm,
                },
            )
            .unwrap_or_else(|_| Waterfall::cn_bank_contract())
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Random loans, payments, charges, waivers and reversals under random
    /// policies and waterfalls: the direct payment path and the runs of
    /// daily postings give the same report as going without them, to the
    /// serialized byte (so every amount has the same scale), or the same
    /// error.
    #[test]
    fn shortcuts_match_the_general_paths(
        // Valid policies only: `arb_policy` draws invalid ones about 60 %
        // of the time, and those end in the same error on every path.
        policy in crate::accrual::tests::arb_policy().prop_filter("a valid policy", |p| p.validate().is_ok()),
        waterfall in prop_oneof![
            prop::sample::select(Waterfall::presets()),
            arb_waterfall(),
        ],
        cents in 1i64..1_000_000_000,
        n in 1u32..40,
        method in 0u32..3,
        txs in prop::collection::vec((0u32..6, 0u64..1_300, 1i64..100_000_000, 0u32..4), 0..24),
        from in 0u64..900, len in 1u64..900,
    ) {
        let mut loan = Loan::new(LoanTerms::new(
            "F", Money::from_minor(cents, Currency::CNY), d(1, 1), Rate::from_percent(Decimal::new(75, 1)).unwrap(),
            [RepaymentMethod::EqualInstallment, RepaymentMethod::EqualPrincipal, RepaymentMethod::InterestOnly][method as usize],
            n, d(2, 1),
        )).unwrap();
        for (i, (kind, day, c, comp)) in txs.iter().enumerate() {
            let date = d(1, 1) + chrono::Days::new(*day);
            let amount = Money::from_minor(*c, Currency::CNY);
            let small = Money::from_minor(c % 100_000 + 1, Currency::CNY);
            let comp = Component::ALL[*comp as usize];
            let tx = match kind {
                0..=2 => Transaction::repayment(&format!("T{i}"), date, amount),
                3 => Transaction::charge(&format!("T{i}"), date, comp, small),
                4 => Transaction::waiver(&format!("T{i}"), date, comp, small),
                _ => Transaction::reversal(&format!("T{i}"), date, &format!("T{}", i / 2)),
            };
            // Reversals of unknown or later transactions are refused: skip them.
            let _ = loan.record(tx);
        }
        let policy = policy.with_waterfall(waterfall);
        let start = d(1, 1) + chrono::Days::new(from);
        let end = start + chrono::Days::new(len);
        // Both shortcuts, then each one off: the direct payment path and
        // the runs of daily postings (`engine::lazy`).
        let fast = accrue_with(&loan, start, end, &policy, Paths::default());
        for paths in [
            Paths { direct_pay: false, runs: true, fixed: false },
            Paths { direct_pay: true, runs: false, fixed: false },
            Paths { direct_pay: true, runs: true, fixed: false },
        ] {
            let slow = accrue_with(&loan, start, end, &policy, paths);
            match (&fast, slow) {
                (Ok(a), Ok(b)) => {
                    prop_assert_eq!(serde_json::to_string(a).unwrap(), serde_json::to_string(&b).unwrap(), "{:?}", paths);
                    prop_assert_eq!(a, &b);
                }
                (a, b) => prop_assert_eq!(a.as_ref().err().map(|e| e.to_string()), b.err().map(|e| e.to_string())),
            }
        }
    }
}
