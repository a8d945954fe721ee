//! Decisions, one row per case, with exact amounts and rule ids.

use super::*;

struct Case {
    name: &'static str,
    policy: fn() -> NegotiationPolicy,
    owed: [&'static str; 4],
    terms: Vec<Term>,
    facts: DebtorFacts,
    kind: &'static str,
    rules: &'static [&'static str],
    schedule: &'static str,
}

fn income(s: &str) -> DebtorFacts {
    DebtorFacts {
        monthly_income: Some(cny(s)),
        ..DebtorFacts::default()
    }
}

#[test]
fn decisions_table() {
    let p10k = ["0", "0", "0", "10000"];
    let mixed = ["200", "100", "400", "10000"];
    let apr1 = d(2026, 4, 1);
    let cases = vec![
        // Source: RULES.md §4 worked example (illustration).
        Case {
            name: "rules_example_36_installments",
            policy: example_policy,
            owed: p10k,
            terms: vec![installments(36, apr1)],
            facts: facts(),
            kind: "counter",
            rules: &["ex.max_installments", "ex.min_installment"],
            schedule: "416.67×23, 416.59",
        },
        Case {
            name: "rules_example_settlement_7000",
            policy: example_policy,
            owed: p10k,
            terms: vec![settlement("7000")],
            facts: facts(),
            kind: "counter",
            rules: &["ex.max_discount"],
            schedule: "8000",
        },
        Case {
            name: "example_24_installments_approved",
            policy: example_policy,
            owed: p10k,
            terms: vec![installments(24, apr1)],
            facts: facts(),
            kind: "approved",
            rules: &[],
            schedule: "416.67×23, 416.59",
        },
        Case {
            name: "example_settlement_8000_approved",
            policy: example_policy,
            owed: p10k,
            terms: vec![settlement("8000")],
            facts: facts(),
            kind: "approved",
            rules: &[],
            schedule: "8000",
        },
        Case {
            name: "cn_72_months_countered_to_60",
            policy: NegotiationPolicy::cn,
            owed: p10k,
            terms: vec![installments(72, apr1)],
            facts: facts(),
            kind: "counter",
            rules: &["cn.card_rules_2011.art70"],
            schedule: "166.67×59, 166.47",
        },
        Case {
            name: "cn_affordability_fewest_installments",
            policy: NegotiationPolicy::cn,
            owed: p10k,
            terms: vec![installments(12, apr1)],
            facts: income("1000"),
            kind: "counter",
            rules: &["cn.plan.affordability"],
            schedule: "500×20",
        },
        Case {
            // 10,000 at 50.00 a month needs 200 installments, past the
            // 60-month term: both limits bind together (a review: only
            // affordability was named).
            name: "cn_affordability_impossible",
            policy: NegotiationPolicy::cn,
            owed: p10k,
            terms: vec![installments(12, apr1)],
            facts: income("100"),
            kind: "rejected",
            rules: &["cn.card_rules_2011.art70", "cn.plan.affordability"],
            schedule: "",
        },
        Case {
            name: "cn_dispute_flag",
            policy: NegotiationPolicy::cn,
            owed: p10k,
            terms: vec![installments(12, apr1)],
            facts: DebtorFacts {
                flags: vec![AccountFlag::Dispute],
                ..facts()
            },
            kind: "rejected",
            rules: &["cn.plan.flag.dispute"],
            schedule: "",
        },
        Case {
            name: "cn_not_in_arrears",
            policy: NegotiationPolicy::cn,
            owed: p10k,
            terms: vec![installments(12, apr1)],
            facts: DebtorFacts {
                days_past_due: Some(0),
                ..facts()
            },
            kind: "rejected",
            rules: &["cn.plan.in_arrears"],
            schedule: "",
        },
        Case {
            name: "cn_plans_and_broken_plan_both_listed",
            policy: NegotiationPolicy::cn,
            owed: p10k,
            terms: vec![installments(100, apr1)],
            facts: DebtorFacts {
                plans_last_12_months: 1,
                last_broken_plan: Some(d(2025, 12, 1)),
                ..facts()
            },
            kind: "rejected",
            rules: &[
                "cn.plan.max_plans_12_months",
                "cn.plan.broken_plan_cooldown",
                "cn.card_rules_2011.art70",
            ],
            schedule: "",
        },
        Case {
            name: "cn_interest_waiver_capped_at_50",
            policy: NegotiationPolicy::cn,
            owed: mixed,
            terms: vec![
                waive(Component::Interest, "100"),
                waive(Component::Penalty, "100"),
                installments(10, apr1),
            ],
            facts: facts(),
            kind: "counter",
            rules: &["cn.plan.waiver.interest"],
            schedule: "1030×10",
        },
        Case {
            name: "cn_principal_waiver_dropped",
            policy: NegotiationPolicy::cn,
            owed: mixed,
            terms: vec![waive(Component::Principal, "10"), installments(10, apr1)],
            facts: facts(),
            kind: "counter",
            rules: &["plan.principal_waiver"],
            schedule: "1070×10",
        },
        Case {
            name: "cn_only_principal_waiver_rejected",
            policy: NegotiationPolicy::cn,
            owed: mixed,
            terms: vec![waive(Component::Principal, "10")],
            facts: facts(),
            kind: "rejected",
            rules: &["plan.principal_waiver"],
            schedule: "",
        },
        Case {
            name: "cn_settlement_at_floor_with_components",
            policy: NegotiationPolicy::cn,
            owed: mixed,
            terms: vec![settlement("8560")],
            facts: facts(),
            kind: "approved",
            rules: &[],
            schedule: "8560",
        },
        Case {
            name: "cn_settlement_below_floor",
            policy: NegotiationPolicy::cn,
            owed: mixed,
            terms: vec![settlement("5000")],
            facts: facts(),
            kind: "counter",
            rules: &["cn.plan.max_discount"],
            schedule: "8560",
        },
        Case {
            name: "cn_band_181_dpd_allows_50",
            policy: NegotiationPolicy::cn,
            owed: p10k,
            terms: vec![settlement("5000")],
            facts: DebtorFacts {
                days_past_due: Some(200),
                ..facts()
            },
            kind: "approved",
            rules: &[],
            schedule: "5000",
        },
        Case {
            name: "cn_band_91_dpd_allows_30",
            policy: NegotiationPolicy::cn,
            owed: p10k,
            terms: vec![settlement("5000")],
            facts: DebtorFacts {
                days_past_due: Some(100),
                ..facts()
            },
            kind: "counter",
            rules: &["cn.plan.max_discount.dpd_91"],
            schedule: "7000",
        },
        Case {
            name: "cn_deferral_capped",
            policy: NegotiationPolicy::cn,
            owed: p10k,
            terms: vec![Term::Deferral {
                days: Some(120),
                until: None,
            }],
            facts: facts(),
            kind: "counter",
            rules: &["cn.plan.max_deferral_days"],
            schedule: "10000",
        },
        Case {
            name: "cn_promise_capped",
            policy: NegotiationPolicy::cn,
            owed: p10k,
            terms: vec![Term::PromiseToPay {
                amount: cny("2000"),
                date: d(2026, 5, 1),
            }],
            facts: facts(),
            kind: "counter",
            rules: &["cn.plan.max_promise_days"],
            schedule: "2000",
        },
        Case {
            name: "cn_token_payments_not_offered",
            policy: NegotiationPolicy::cn,
            owed: p10k,
            terms: vec![Term::TokenPayments {
                amount: cny("10"),
                months: 3,
                first_due: apr1,
            }],
            facts: facts(),
            kind: "rejected",
            rules: &["cn.plan.terms"],
            schedule: "",
        },
        Case {
            name: "cn_referral_dropped_beside_installments",
            policy: NegotiationPolicy::cn,
            owed: p10k,
            terms: vec![Term::DebtAdviceReferral, installments(10, apr1)],
            facts: facts(),
            kind: "counter",
            rules: &["cn.plan.terms"],
            schedule: "1000×10",
        },
        Case {
            name: "cn_new_borrowing_never_required",
            policy: NegotiationPolicy::cn,
            owed: p10k,
            terms: vec![installments(10, apr1)],
            facts: facts(),
            kind: "rejected",
            rules: &["cn.cba2026.no_new_borrowing"],
            schedule: "",
        },
        Case {
            name: "cn_freeze_approved",
            policy: NegotiationPolicy::cn,
            owed: p10k,
            terms: vec![
                installments(4, apr1),
                Term::RateChange {
                    new_rate: None,
                    months: 4,
                },
            ],
            facts: facts(),
            kind: "approved",
            rules: &[],
            schedule: "2500×4",
        },
        Case {
            name: "example_token_months_capped",
            policy: example_policy,
            owed: p10k,
            terms: vec![Term::TokenPayments {
                amount: cny("10"),
                months: 12,
                first_due: apr1,
            }],
            facts: facts(),
            kind: "counter",
            rules: &["plan.token_payments.max_months"],
            schedule: "10×6",
        },
        Case {
            name: "example_down_payment_and_installments",
            policy: example_policy,
            owed: p10k,
            terms: vec![Term::Installments {
                count: 3,
                frequency: Frequency::Monthly,
                first_due: apr1,
                down_payment: Some(cny("1000")),
            }],
            facts: facts(),
            kind: "approved",
            rules: &[],
            schedule: "1000, 3000×3",
        },
    ];
    let mut failures = Vec::new();
    for c in cases {
        let mut req = PlanRequest::new(Currency::CNY, c.terms.clone());
        if c.name == "cn_new_borrowing_never_required" {
            req = req.with_requirement(Requirement::NewBorrowing);
        }
        let got = evaluate(&req, &position(c.owed), &c.facts, &(c.policy)(), as_of()).unwrap();
        if let Some(plan) = got.plan() {
            plan.check_conservation().unwrap();
        }
        let (kind, rules, totals) = summary(&got);
        let want_rules: Vec<String> = c.rules.iter().map(|s| s.to_string()).collect();
        if kind != c.kind || rules != want_rules || compress(&totals) != c.schedule {
            failures.push(format!(
                "{}: got {kind} {rules:?} [{}]\n    {got:#?}",
                c.name,
                compress(&totals)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
