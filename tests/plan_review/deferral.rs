//! Deferral limits, freezes and the affordability counter-offers.

use super::*;

/// A monthly equal-principal loan of 1,200 over 12 months from 2026-01-01,
/// due on the 1st, at 0 %, nothing paid.
fn monthly_loan(as_of: NaiveDate) -> Position {
    let loan = Loan::new(LoanTerms::new(
        "M",
        m("1200", Currency::CNY),
        d(2026, 1, 1),
        Rate::ZERO,
        RepaymentMethod::EqualPrincipal,
        12,
        d(2026, 2, 1),
    ))
    .unwrap();
    loan.position(as_of).unwrap()
}

fn policy_deferral(days: u32) -> NegotiationPolicy {
    NegotiationPolicy::new("p", Currency::CNY)
        .with_terms(TermRules {
            allowed: vec![
                TermKind::Installments,
                TermKind::Deferral,
                TermKind::DueDateChange,
            ],
            incompatible: vec![],
            rule: rule("p.terms"),
        })
        .unwrap()
        .with_limits(Limits {
            max_deferral_days: Some(CountLimit {
                value: days,
                rule: rule("p.max_deferral"),
            }),
            ..Limits::default()
        })
        .unwrap()
}

// F2: a due-date change on its own moved every payment from the 1st to the
// 28th (04-01 → 04-28, 27 days) under a 10-day deferral limit and was
// approved with no rule applied and no schedule. It is now a holiday of no
// days: held to the limit by its whole move, and scheduled when allowed.
#[test]
fn a_due_date_change_alone_is_held_to_the_deferral_limit() {
    let as_of = d(2026, 3, 2);
    let pos = monthly_loan(as_of);
    // The same request under a deferral limit of `days`.
    let move_to_28th = |days| {
        eval(
            vec![Term::DueDateChange { day_of_month: 28 }],
            &pos,
            &DebtorFacts::default(),
            &policy_deferral(days),
            as_of,
        )
        .unwrap()
    };
    let alone = move_to_28th(10);
    let Decision::Rejected { failures, .. } = &alone else {
        panic!("{alone:#?}")
    };
    assert_eq!(failures[0].rule.id, "p.max_deferral");
    assert!(
        failures[0].message.contains("defer a payment `27` days"),
        "{}",
        failures[0].message
    );
    // Within a 30-day limit: approved, every payment on the 28th, the
    // overdue 02-01 and 03-01 (200.00) on 03-28.
    let ok = move_to_28th(30);
    let plan = ok.plan().unwrap();
    let rows: Vec<(NaiveDate, Decimal)> = plan
        .schedule()
        .iter()
        .map(|i| (i.due_date, i.total().unwrap().amount()))
        .collect();
    assert_eq!(rows[0], (d(2026, 3, 28), dec("200")));
    assert_eq!(rows[1], (d(2026, 4, 28), dec("100")));
    assert_eq!(rows.len(), 11);
    assert!(matches!(ok, Decision::Approved { .. }), "{ok:#?}");
}

// F5 and two rounds after it: a 90-day holiday on a 62-month loan moves
// its last payment from 2031-02-01 to 2031-05-02, past cn's 60 months from
// 2026-03-02. Holding holidays to the term was first added, then refused
// every holiday of a loan already longer than the term, then (exempting
// those) refused a 1-day holiday to a loan ending on the term's last day
// while granting 90 days to a longer one. The term limit is the length of a
// 个性化分期 agreement (art70); a holiday agrees no new term: it moves the
// loan's own schedule, held to `max_deferral_days` (90 under cn) only.
#[test]
fn a_holiday_keeps_the_loans_schedule_and_is_held_to_the_deferral_limit_only() {
    for n in [62, 63, 64, 120] {
        let loan = Loan::new(LoanTerms::new(
            "M",
            m("6000", Currency::CNY),
            d(2025, 12, 1),
            Rate::ZERO,
            RepaymentMethod::EqualPrincipal,
            n,
            d(2026, 1, 1),
        ))
        .unwrap();
        let as_of = d(2026, 3, 2);
        let pos = loan.position(as_of).unwrap();
        let last_due = loan.schedule().last().unwrap().due_date();
        let out = eval(
            vec![defer(90)],
            &pos,
            &DebtorFacts::default(),
            &NegotiationPolicy::cn(),
            as_of,
        )
        .unwrap();
        let Decision::Approved { plan, .. } = &out else {
            panic!("{n}: {out:#?}")
        };
        assert_eq!(
            plan.schedule().last().unwrap().due_date,
            last_due + chrono::Days::new(90),
            "{n}"
        );
        let out = eval(
            vec![defer(91)],
            &pos,
            &DebtorFacts::default(),
            &NegotiationPolicy::cn(),
            as_of,
        )
        .unwrap();
        assert!(
            matches!(out, Decision::CounterOffer { .. }),
            "{n}: {out:#?}"
        );
    }
}

// F3: the `us` preset's lowest rate is 0 %; a freeze was "countered" with a
// 0 % rate, the same thing, under a rule that did not bind (and with the
// contract rate unknown, the reasons offered a 0 % the plan then dropped).
// A freeze is now what a floor of 0 % allows.
#[test]
fn a_freeze_is_what_a_zero_floor_allows() {
    let as_of = d(2026, 3, 1);
    let pos = owed_in("5000", Currency::USD, d(2026, 1, 15), as_of);
    for contract in [Some(Rate::from_percent(dec("20")).unwrap()), None] {
        let facts = DebtorFacts {
            contract_rate: contract,
            ..DebtorFacts::default()
        };
        let out = eval(
            vec![
                monthly(12, d(2026, 4, 1)),
                Term::RateChange {
                    new_rate: None,
                    months: 6,
                },
            ],
            &pos,
            &facts,
            &NegotiationPolicy::us(),
            as_of,
        )
        .unwrap();
        let plan = out.plan().unwrap();
        assert!(
            matches!(plan.interest(), PlanInterest::Frozen { months: 6 }),
            "{contract:?}: {out:#?}"
        );
        if let Decision::CounterOffer { reasons, .. } = &out {
            assert!(
                reasons.iter().all(|r| r.rule.id != "us.plan.interest"),
                "{reasons:#?}"
            );
        }
    }
}

// Round 2: a loan whose own schedule already ends past cn's 60 months (120
// monthly installments from 2026-01-01, last due 2035-12-01) had every
// holiday and due-date change rejected by the term limit; the limit is
// for the plans agreed, not for the loans they defer.
#[test]
fn a_loan_longer_than_the_term_limit_may_still_be_deferred() {
    let loan = Loan::new(LoanTerms::new(
        "M",
        cny("6000"),
        d(2025, 12, 1),
        Rate::ZERO,
        RepaymentMethod::EqualPrincipal,
        120,
        d(2026, 1, 1),
    ))
    .unwrap();
    let as_of = d(2026, 3, 2);
    let pos = loan.position(as_of).unwrap();
    for terms in [
        vec![defer(1)],
        vec![Term::DueDateChange { day_of_month: 2 }],
    ] {
        let out = eval(
            terms,
            &pos,
            &DebtorFacts::default(),
            &NegotiationPolicy::cn(),
            as_of,
        )
        .unwrap();
        assert!(matches!(out, Decision::Approved { .. }), "{out:#?}");
    }
}

// Round 3: the one-minor-unit floor held for 0.10 but not for 0.100 (the
// same 10 pence written with a trailing zero switched it off), and a count
// within it could still end on 0.00: 0.30 in 11 is 10 × 0.03 and 0.00
// (0.30 / 11 = 0.0273 → 0.03), 0.12 in 7 is 6 × 0.02 and 0.00. Rounded down
// instead, 10 × 0.02 and 0.10; 6 × 0.01 and 0.06.
#[test]
fn no_plan_payment_is_zero_whatever_the_amounts_places() {
    let with_last = |regular: &str, n: usize, last: &str| {
        let mut v = vec![dec(regular); n];
        v.push(dec(last));
        v
    };
    let (out, amounts) = uk_gbp("0.10", gbp_settlement("0.100", 12));
    assert!(matches!(out, Decision::CounterOffer { .. }), "{out:#?}");
    assert_eq!(amounts, vec![dec("0.01"); 10]);
    assert_eq!(
        uk_gbp("0.30", monthly(11, d(2026, 4, 1))).1,
        with_last("0.02", 10, "0.10")
    );
    assert_eq!(
        uk_gbp("0.12", gbp_settlement("0.12", 7)).1,
        with_last("0.01", 6, "0.06")
    );
}

// Round 4: for a tiny balance affordability is not quite monotone in the
// count: CNY 17.70 in 60 is 59 × 0.29 and a last 0.59, above a 0.50 cap,
// while 59 (59 × 0.30) and 61 (60 × 0.29 and 0.30) fit. The search for a
// counter-offer assumed more installments are always more affordable and
// rejected 60; it is countered with the nearest count that fits, 61.
#[test]
fn an_unaffordable_count_between_affordable_ones_is_countered() {
    let as_of = d(2026, 3, 1);
    let pos = owed("17.70", d(2026, 1, 15), as_of);
    let policy = NegotiationPolicy::new("p", Currency::CNY)
        .with_affordability(Affordability {
            percent: Decimal::from(50),
            basis: IncomeBasis::Income,
            rule: rule("x.aff"),
        })
        .unwrap();
    let facts = DebtorFacts {
        monthly_income: Some(cny("1.00")),
        ..DebtorFacts::default()
    };
    for n in [59, 61] {
        let out = eval(
            vec![monthly(n, d(2026, 4, 1))],
            &pos,
            &facts,
            &policy,
            as_of,
        )
        .unwrap();
        assert!(matches!(out, Decision::Approved { .. }), "{n}: {out:#?}");
    }
    let out = eval(
        vec![monthly(60, d(2026, 4, 1))],
        &pos,
        &facts,
        &policy,
        as_of,
    )
    .unwrap();
    let Decision::CounterOffer { plan, .. } = &out else {
        panic!("{out:#?}")
    };
    assert_eq!(plan.schedule().len(), 61);
}
