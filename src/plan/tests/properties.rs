//! Properties: schedules conserve money exactly, and `evaluate` never
//! panics on arbitrary requests.

use super::*;
use crate::plan::schedule::regular_and_last;
use proptest::prelude::*;

fn arb_component() -> impl Strategy<Value = Component> {
    prop::sample::select(Component::ALL.to_vec())
}

fn arb_money() -> impl Strategy<Value = Money> {
    (0i64..2_000_000, prop::bool::weighted(0.05)).prop_map(|(cents, usd)| {
        Money::from_minor(cents, if usd { Currency::USD } else { Currency::CNY })
    })
}

fn arb_date() -> impl Strategy<Value = NaiveDate> {
    (-20i64..800).prop_map(|k| as_of() + chrono::Duration::days(k))
}

fn arb_frequency() -> impl Strategy<Value = Frequency> {
    prop::sample::select(vec![
        Frequency::Monthly,
        Frequency::BiWeekly,
        Frequency::Weekly,
    ])
}

fn arb_term() -> impl Strategy<Value = Term> {
    prop_oneof![
        (
            0u32..130,
            arb_frequency(),
            arb_date(),
            prop::option::of(arb_money())
        )
            .prop_map(
                |(count, frequency, first_due, down_payment)| Term::Installments {
                    count,
                    frequency,
                    first_due,
                    down_payment
                }
            ),
        (0u32..130, arb_frequency(), arb_date()).prop_map(|(count, frequency, first_due)| {
            Term::ReAge {
                count,
                frequency,
                first_due,
            }
        }),
        (arb_money(), arb_date(), 0u32..70).prop_map(|(amount, pay_by, installments)| {
            Term::Settlement {
                amount,
                pay_by,
                installments,
            }
        }),
        (arb_money(), 0u32..30, arb_date()).prop_map(|(amount, months, first_due)| {
            Term::TokenPayments {
                amount,
                months,
                first_due,
            }
        }),
        (arb_money(), arb_date()).prop_map(|(amount, date)| Term::PromiseToPay { amount, date }),
        (prop::option::of(0u32..200), prop::option::of(arb_date()))
            .prop_map(|(days, until)| Term::Deferral { days, until }),
        (0u32..33).prop_map(|day_of_month| Term::DueDateChange { day_of_month }),
        (prop::option::of(0i64..3000), 0u32..80).prop_map(|(bps, months)| Term::RateChange {
            new_rate: bps.map(|b| crate::money::Rate::from_bps(Decimal::from(b)).unwrap()),
            months,
        }),
        (
            arb_component(),
            prop::option::of(arb_money()),
            prop::option::of(-10i64..15_000)
        )
            .prop_map(|(component, amount, p)| Term::Waiver {
                component,
                amount,
                percent: p.map(|p| Decimal::new(p, 2)),
            }),
        Just(Term::DebtAdviceReferral),
    ]
}

fn arb_policy() -> impl Strategy<Value = NegotiationPolicy> {
    prop::sample::select(vec![
        NegotiationPolicy::cn(),
        NegotiationPolicy::us(),
        NegotiationPolicy::uk(),
        example_policy(),
    ])
}

fn arb_owed() -> impl Strategy<Value = [String; 4]> {
    (0i64..50_000, 0i64..50_000, 0i64..200_000, 1i64..5_000_000)
        .prop_map(|(a, b, c, p)| [a, b, c, p].map(|x| Decimal::new(x, 2).to_string()))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn evaluate_never_panics_and_plans_conserve_money(
        policy in arb_policy(),
        owed in arb_owed(),
        terms in prop::collection::vec(arb_term(), 0..4),
        scope in prop::sample::select(vec![Scope::Outstanding, Scope::Overdue]),
        income in prop::option::of(0i64..2_000_000),
        expenses in prop::option::of(0i64..2_000_000),
        dpd in prop::option::of(0u32..400),
        contract_bps in prop::option::of(0u32..4_000),
        requirement in prop::option::of(prop::sample::select(vec![
            Requirement::NewBorrowing, Requirement::SaleOfHome, Requirement::LumpSum])),
    ) {
        let cur = policy.currency();
        let owed = [owed[0].as_str(), owed[1].as_str(), owed[2].as_str(), owed[3].as_str()];
        let pos = position_in(cur, owed);
        // Re-currency every amount so that most requests get past the currency check.
        let fix = |m: Money| if m.currency() == Currency::USD && cur != Currency::USD {
            Money::new(m.amount(), Currency::USD)
        } else {
            Money::new(m.amount(), cur)
        };
        let terms: Vec<Term> = terms.into_iter().map(|t| match t {
            Term::Installments { count, frequency, first_due, down_payment } =>
                Term::Installments { count, frequency, first_due, down_payment: down_payment.map(fix) },
            Term::Settlement { amount, pay_by, installments } =>
                Term::Settlement { amount: fix(amount), pay_by, installments },
            Term::TokenPayments { amount, months, first_due } =>
                Term::TokenPayments { amount: fix(amount), months, first_due },
            Term::PromiseToPay { amount, date } => Term::PromiseToPay { amount: fix(amount), date },
            Term::Waiver { component, amount, percent } =>
                Term::Waiver { component, amount: amount.map(fix), percent },
            t => t,
        }).collect();
        let mut req = PlanRequest::new(cur, terms).with_scope(scope);
        if let Some(r) = requirement {
            req = req.with_requirement(r);
        }
        let facts = DebtorFacts {
            monthly_income: income.map(|c| Money::from_minor(c, cur)),
            monthly_expenses: expenses.map(|c| Money::from_minor(c, cur)),
            days_past_due: dpd,
            contract_rate: contract_bps.map(|b| Rate::from_bps(Decimal::from(b)).unwrap()),
            ..DebtorFacts::default()
        };
        if let Ok(decision) = evaluate(&req, &pos, &facts, &policy, as_of()) {
            if let Some(plan) = decision.plan() {
                plan.check_conservation().unwrap();
                for c in Component::ALL {
                    prop_assert!(plan.covered().amount(c) <= pos.outstanding().amount(c));
                    prop_assert!(plan.waived().amount(c) >= Decimal::ZERO);
                }
                for i in plan.schedule() {
                    prop_assert!(i.due_date >= as_of());
                    for c in Component::ALL {
                        prop_assert!(i.amounts.amount(c) >= Decimal::ZERO);
                    }
                }
                // An offered plan meets the limits it was countered on.
                if let Decision::CounterOffer { .. } = decision {
                    let again = evaluate(&PlanRequest { terms: plan.terms().to_vec(), ..req.clone() },
                        &pos, &facts, &policy, as_of());
                    prop_assert!(matches!(again, Ok(Decision::Approved { .. })), "{again:?}");
                }
            }
            if requirement.is_some() {
                prop_assert!(
                    matches!(decision, Decision::Rejected { .. }),
                    "a requirement must be rejected"
                );
            }
        }
    }

    #[test]
    fn equal_amounts_sum_exactly(
        total in 0i64..10_000_000_000,
        n in 1u32..1200,
        extra_dp in 0u32..3,
        min in 0i64..50_000,
    ) {
        let total = Decimal::new(total, 2 + extra_dp);
        let min = Decimal::new(min, 2);
        let (regular, last) = regular_and_last(total, n, 2 + extra_dp, min).unwrap();
        prop_assert!(regular >= Decimal::ZERO && last >= Decimal::ZERO);
        prop_assert_eq!(regular * Decimal::from(n - 1) + last, total);
        // Whenever the total allows it, no amount is below the minimum.
        if n > 1 && total >= min * Decimal::from(n) {
            prop_assert!(regular >= min && last >= min, "{regular} / {last} below {min}");
        }
    }
}
