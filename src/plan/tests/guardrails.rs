//! The guard-rails and limits a session review found broken (2026-11-27):
//! each test names the request, and the exact decision, amounts, dates and
//! rule ids that RULES.md §4 and the module docs require.

use super::*;
use crate::error::Error;
use crate::money::Rate;

fn dates(p: &Plan) -> Vec<NaiveDate> {
    p.schedule().iter().map(|i| i.due_date).collect()
}

fn totals(p: &Plan) -> String {
    compress(&summary_totals(p))
}

fn summary_totals(p: &Plan) -> Vec<String> {
    p.schedule()
        .iter()
        .map(|i| i.total().unwrap().amount().normalize().to_string())
        .collect()
}

fn eval_with(
    policy: &NegotiationPolicy,
    pos: &crate::loan::Position,
    terms: Vec<Term>,
    facts: &DebtorFacts,
    at: NaiveDate,
) -> Decision {
    let cur = pos.outstanding().currency();
    evaluate(&PlanRequest::new(cur, terms), pos, facts, policy, at).unwrap()
}

/// The error `evaluate` returns for `terms` on a CNY 3,000 balance.
fn eval_err(policy: &NegotiationPolicy, terms: Vec<Term>) -> Error {
    evaluate(
        &PlanRequest::new(Currency::CNY, terms),
        &position(["0", "0", "0", "3000"]),
        &facts(),
        policy,
        as_of(),
    )
    .unwrap_err()
}

/// A deferral by `days`.
fn defer(days: u32) -> Term {
    Term::Deferral {
        days: Some(days),
        until: None,
    }
}

/// `evaluate` under the `cn` preset on a CNY `principal` 45 days overdue.
fn cn_eval(principal: &str, terms: Vec<Term>) -> Decision {
    eval(&NegotiationPolicy::cn(), ["0", "0", "0", principal], terms)
}

fn monthly(count: u32, first_due: NaiveDate) -> Term {
    installments(count, first_due)
}

/// A request for several installments is never countered with one: CNY 150
/// in 3 against the `cn` minimum of 100 fits no count but 1, a lump sum.
#[test]
fn installments_are_never_countered_with_a_lump_sum() {
    let got = cn_eval("150", vec![monthly(3, d(2026, 4, 1))]);
    let (kind, rules, _) = summary(&got);
    assert_eq!(kind, "rejected");
    assert_eq!(rules, ["cn.plan.min_installment"]);
    // Asked as one, a single payment is what was asked for.
    let got = cn_eval("150", vec![monthly(1, d(2026, 4, 1))]);
    assert_eq!(summary(&got).0, "approved");
    // A settlement asked in two payments of 75 is not countered with one.
    let got = cn_eval(
        "150",
        vec![Term::Settlement {
            amount: cny("150"),
            pay_by: d(2026, 3, 15),
            installments: 2,
        }],
    );
    assert_eq!(summary(&got).0, "rejected");
}

/// No installment is below the minimum when the balance allows it: CNY
/// 6,000.30 in 60 was 59 × 100.01 and a last of 99.71 (6000.30 / 60 =
/// 100.005, rounded half-up; 6000.30 − 59 × 100.01 = 99.71); now the
/// regular amount is rounded down, 59 × 100.00 and a last of 100.30.
#[test]
fn no_installment_below_the_minimum() {
    let got = cn_eval("6000.30", vec![monthly(60, d(2026, 4, 1))]);
    assert_eq!(summary(&got).0, "approved");
    assert_eq!(totals(got.plan().unwrap()), "100×59, 100.3");
    // Where half-up keeps the last at the minimum, it is still used.
    let got = cn_eval("700.04", vec![monthly(7, d(2026, 4, 1))]);
    assert_eq!(totals(got.plan().unwrap()), "100×6, 100.04");
}

/// A deferral alone is a payment holiday, not an acceleration: on CNY
/// 12,000 等额本金 over 12 months from 2025-10-01 (1,000 a month, five
/// installments overdue on 2026-03-01), 30 days move the 5,000 overdue to
/// 2026-03-31 and each later installment 30 days on.
#[test]
fn a_deferral_alone_moves_the_schedule() {
    let loan = Loan::new(LoanTerms::new(
        "A",
        cny("12000"),
        d(2025, 9, 1),
        crate::money::Rate::ZERO,
        RepaymentMethod::EqualPrincipal,
        12,
        d(2025, 10, 1),
    ))
    .unwrap();
    let pos = loan.position(as_of()).unwrap();
    assert_eq!(pos.overdue().total().unwrap(), cny("5000"));
    let deferral = defer(30);
    let got = eval_with(
        &NegotiationPolicy::cn(),
        &pos,
        vec![deferral.clone()],
        &facts(),
        as_of(),
    );
    let plan = got.plan().unwrap();
    assert_eq!(summary(&got).0, "approved");
    // 2026-03-01 (due that day, not yet overdue) falls in the holiday too.
    assert_eq!(totals(plan), "6000, 1000×6");
    assert_eq!(
        dates(plan),
        [
            d(2026, 3, 31),
            d(2026, 5, 1),
            d(2026, 5, 31),
            d(2026, 7, 1),
            d(2026, 7, 31),
            d(2026, 8, 31),
            d(2026, 10, 1)
        ]
    );
    plan.check_conservation().unwrap();
    // Only the overdue balance, as before, when the request covers it.
    let req = PlanRequest::new(Currency::CNY, vec![deferral]).with_scope(Scope::Overdue);
    let got = evaluate(&req, &pos, &facts(), &NegotiationPolicy::cn(), as_of()).unwrap();
    assert_eq!(totals(got.plan().unwrap()), "5000");
    assert_eq!(dates(got.plan().unwrap()), [d(2026, 3, 31)]);
}

/// A waiver comes off the holiday's first payment.
#[test]
fn a_holiday_waiver_comes_off_the_first_payment() {
    let got = eval(
        &NegotiationPolicy::cn(),
        ["40", "0", "0", "3000"],
        vec![defer(10), waive(Component::Penalty, "100")],
    );
    let plan = got.plan().unwrap();
    assert_eq!(totals(plan), "3000");
    assert_eq!(dates(plan), [d(2026, 3, 11)]);
    assert_eq!(plan.waived().amount(Component::Penalty), dec("40"));
}

/// An absurd deferral is an error naming the field, not an empty plan.
#[test]
fn an_absurd_deferral_is_an_error() {
    let policy = NegotiationPolicy::new("p", Currency::CNY)
        .with_terms(TermRules {
            allowed: vec![TermKind::Deferral],
            incompatible: vec![],
            rule: u("p.terms"),
        })
        .unwrap();
    let err = eval_err(&policy, vec![defer(u32::MAX)]);
    assert!(
        matches!(&err, Error::DateOutOfRange { field, .. } if field == "terms[0].days"),
        "{err:?}"
    );
}

/// `cn.card_rules_2011.art70` limits the term to 60 months, not the count:
/// 60 monthly installments deferred 90 days would end 2031-05-30 (past
/// 2031-03-01), so 57 are offered (the 57th, 2030-12-01 moved 90 days,
/// falls due 2031-03-01); 100
/// weekly installments (23 months) are within it.
#[test]
fn the_cn_term_limit_is_sixty_months() {
    let got = cn_eval("60000", vec![monthly(60, d(2026, 4, 1)), defer(90)]);
    let Decision::CounterOffer { plan, reasons, .. } = &got else {
        panic!("{got:?}")
    };
    assert_eq!(reasons.len(), 1);
    assert_eq!(reasons[0].check, Check::MaxTerm);
    assert_eq!(reasons[0].rule.id, "cn.card_rules_2011.art70");
    assert_eq!(reasons[0].limit, "60 months (last due by 2031-03-01)");
    assert_eq!(reasons[0].actual, "2031-05-30");
    assert_eq!(plan.schedule().len(), 57);
    assert_eq!(dates(plan)[0], d(2026, 6, 30));
    assert_eq!(dates(plan)[56], d(2031, 3, 1));
    assert_eq!(totals(plan), "1052.63×56, 1052.72");

    let got = cn_eval(
        "60000",
        vec![Term::Installments {
            count: 100,
            frequency: Frequency::Weekly,
            first_due: d(2026, 3, 8),
            down_payment: None,
        }],
    );
    assert_eq!(summary(&got).0, "approved");
    assert_eq!(dates(got.plan().unwrap())[99], d(2028, 1, 30));
}

/// A first due date far off is a deferral: 2030-01-01 is 1,371 days after
/// 2026-04-01 (one month from the evaluation date), above the `cn` 90, so
/// the first payment is countered to 2026-06-30 (and the count to the 57
/// that end within 60 months, as above).
#[test]
fn a_far_first_due_date_counts_as_a_deferral() {
    let got = cn_eval("60000", vec![monthly(60, d(2030, 1, 1))]);
    let Decision::CounterOffer { plan, reasons, .. } = &got else {
        panic!("{got:?}")
    };
    assert_eq!(reasons.len(), 2);
    assert_eq!(reasons[1].check, Check::MaxTerm);
    assert_eq!(plan.schedule().len(), 57);
    assert_eq!(reasons[0].check, Check::MaxDeferral);
    assert_eq!(reasons[0].rule.id, "cn.plan.max_deferral_days");
    assert_eq!(reasons[0].field, "terms[0].first_due");
    assert_eq!(reasons[0].actual, "1371");
    assert_eq!(reasons[0].offered.as_deref(), Some("2026-06-30"));
    assert_eq!(dates(plan)[0], d(2026, 6, 30));
    // The same days split between a deferral term and the first due date.
    let got = cn_eval("60000", vec![monthly(12, d(2026, 5, 1)), defer(80)]);
    let (kind, rules, _) = summary(&got);
    assert_eq!(
        (kind, rules.as_slice()),
        ("counter", &["cn.plan.max_deferral_days".to_owned()][..])
    );
    // Within a period of the evaluation date, a first due date defers nothing.
    let got = cn_eval("60000", vec![monthly(12, d(2026, 4, 1))]);
    assert_eq!(summary(&got).0, "approved");
}

/// A due-date change never brings a payment before the (deferred) first due
/// date.
#[test]
fn a_due_date_change_never_brings_payments_forward() {
    let got = cn_eval(
        "3000",
        vec![
            monthly(3, d(2026, 4, 20)),
            Term::DueDateChange { day_of_month: 1 },
        ],
    );
    assert_eq!(
        dates(got.plan().unwrap()),
        [d(2026, 5, 1), d(2026, 6, 1), d(2026, 7, 1)]
    );
    let got = cn_eval(
        "3000",
        vec![
            monthly(3, d(2026, 4, 20)),
            defer(30),
            Term::DueDateChange { day_of_month: 1 },
        ],
    );
    assert_eq!(
        dates(got.plan().unwrap()),
        [d(2026, 6, 1), d(2026, 7, 1), d(2026, 8, 1)]
    );
    let got = cn_eval(
        "3000",
        vec![
            Term::Settlement {
                amount: cny("3000"),
                pay_by: d(2026, 3, 20),
                installments: 1,
            },
            Term::DueDateChange { day_of_month: 2 },
        ],
    );
    assert_eq!(dates(got.plan().unwrap()), [d(2026, 4, 2)]);
}

/// A promise keeps the date promised: a deferral or due-date change with it
/// is refused, naming the term.
#[test]
fn a_promise_takes_no_deferral_or_due_date_change() {
    for other in [Term::DueDateChange { day_of_month: 30 }, defer(90)] {
        let err = eval_err(
            &NegotiationPolicy::cn(),
            vec![
                Term::PromiseToPay {
                    amount: cny("500"),
                    date: d(2026, 3, 31),
                },
                other,
            ],
        );
        assert!(
            matches!(&err, Error::InvalidField { field, .. } if field == "terms[1]"),
            "{err:?}"
        );
    }
}

/// Request amounts finer than the minor unit are refused, naming the field.
#[test]
fn amounts_finer_than_the_minor_unit_are_refused() {
    let err = eval_err(
        &NegotiationPolicy::cn(),
        vec![Term::Installments {
            count: 3,
            frequency: Frequency::Monthly,
            first_due: d(2026, 4, 1),
            down_payment: Some(cny("100.005")),
        }],
    );
    assert!(
        matches!(&err, Error::InvalidField { field, .. } if field == "terms[0].down_payment"),
        "{err:?}"
    );
    // Trailing zeros are not extra places.
    let got = cn_eval(
        "3000",
        vec![Term::Installments {
            count: 3,
            frequency: Frequency::Monthly,
            first_due: d(2026, 4, 1),
            down_payment: Some(cny("600.000")),
        }],
    );
    assert_eq!(totals(got.plan().unwrap()), "600, 800×3");
}

/// A rate change must lower the contract rate: 36 % on a 12 % loan, or any
/// rate when the contract rate is unknown, is dropped; 6 % on 12 % is
/// agreed; a freeze needs no contract rate.
#[test]
fn a_rate_change_must_lower_the_rate() {
    let pct = |p: i64| Rate::from_percent(Decimal::from(p)).unwrap();
    let change = |r: Option<Rate>| Term::RateChange {
        new_rate: r,
        months: 12,
    };
    let pos = position(["0", "0", "0", "3000"]);
    let with = |contract: Option<Rate>, r: Option<Rate>| {
        eval_with(
            &NegotiationPolicy::cn(),
            &pos,
            vec![monthly(3, d(2026, 4, 1)), change(r)],
            &DebtorFacts {
                contract_rate: contract,
                ..DebtorFacts::default()
            },
            as_of(),
        )
    };
    for (contract, asked) in [
        (Some(pct(12)), pct(36)),
        (Some(pct(12)), pct(12)),
        (None, pct(6)),
    ] {
        let got = with(contract, Some(asked));
        let Decision::CounterOffer { plan, reasons, .. } = &got else {
            panic!("{got:?}")
        };
        assert_eq!(reasons[0].rule.id, "plan.rate_change_lowers");
        assert_eq!(reasons[0].offered.as_deref(), Some("term dropped"));
        assert_eq!(plan.interest(), PlanInterest::Contract);
    }
    let got = with(Some(pct(12)), Some(pct(6)));
    assert_eq!(summary(&got).0, "approved");
    assert_eq!(
        got.plan().unwrap().interest(),
        PlanInterest::Reduced {
            rate: pct(6),
            months: 12
        }
    );
    let got = with(None, None);
    assert_eq!(summary(&got).0, "approved");
}

/// The token-payment period is reported under its own rule, not the
/// policy's "no refusal to negotiate".
#[test]
fn the_token_period_has_its_own_rule() {
    let pos = position_in(Currency::GBP, ["0", "0", "0", "3000"]);
    let got = eval_with(
        &NegotiationPolicy::uk(),
        &pos,
        vec![Term::TokenPayments {
            amount: Money::new(Decimal::from(10), Currency::GBP),
            months: 18,
            first_due: d(2026, 4, 1),
        }],
        &facts(),
        as_of(),
    );
    let Decision::CounterOffer { reasons, .. } = &got else {
        panic!("{got:?}")
    };
    assert_eq!(reasons[0].check, Check::TokenPayments);
    assert_eq!(reasons[0].rule.id, "plan.token_payments.max_months");
    assert_eq!(
        (reasons[0].limit.as_str(), reasons[0].actual.as_str()),
        ("12", "18")
    );
}

/// A UK breathing-space moratorium bars a plan (`uk.breathing_space`).
#[test]
fn uk_breathing_space_bars_a_plan() {
    let pos = position_in(Currency::GBP, ["0", "0", "0", "3000"]);
    let got = eval_with(
        &NegotiationPolicy::uk(),
        &pos,
        vec![Term::Installments {
            count: 12,
            frequency: Frequency::Monthly,
            first_due: d(2026, 3, 15),
            down_payment: None,
        }],
        &DebtorFacts {
            flags: vec![AccountFlag::BreathingSpace],
            ..DebtorFacts::default()
        },
        as_of(),
    );
    let (kind, rules, _) = summary(&got);
    assert_eq!(
        (kind, rules.as_slice()),
        ("rejected", &["uk.breathing_space".to_owned()][..])
    );
}

/// A due-date change counts toward the deferral limit (a review of the
/// first-due check): under `cn` (90 days), a 90-day deferral and "due on
/// the 29th" would put the first payment on 2026-07-29, 119 days after
/// 2026-04-01; the first due date is countered to 2026-03-31, whose
/// payment, 90 days later and moved on to the 29th, falls on 06-29.
#[test]
fn a_due_date_change_counts_toward_the_deferral_limit() {
    let got = cn_eval(
        "3000",
        vec![
            monthly(3, d(2026, 4, 1)),
            defer(90),
            Term::DueDateChange { day_of_month: 29 },
        ],
    );
    let Decision::CounterOffer { plan, reasons, .. } = &got else {
        panic!("{got:?}")
    };
    assert_eq!(reasons.len(), 1);
    assert_eq!(reasons[0].check, Check::MaxDeferral);
    assert_eq!(reasons[0].actual, "119");
    assert_eq!(reasons[0].offered.as_deref(), Some("2026-03-31"));
    assert_eq!(
        dates(plan),
        [d(2026, 6, 29), d(2026, 7, 29), d(2026, 8, 29)]
    );
}

/// A payment holiday with a due-date change moves every date on to the new
/// day: CNY 3,000 overdue, 10 days' holiday and "due on the 15th" make one
/// payment on 2026-03-15.
#[test]
fn a_holiday_applies_a_due_date_change() {
    let got = cn_eval(
        "3000",
        vec![defer(10), Term::DueDateChange { day_of_month: 15 }],
    );
    assert_eq!(dates(got.plan().unwrap()), [d(2026, 3, 15)]);
}

/// The term limit holds token payments too (a review found them outside
/// it): 12 months of GBP 10 from 2026-04-01 end on 2027-03-01, the last day
/// of a 12-month term, and are agreed; under a 6-month term they are
/// countered with 6, the last on 2026-09-01.
#[test]
fn the_term_limit_holds_token_payments() {
    let mut policy = NegotiationPolicy::uk();
    let rule = u("ex.max_term");
    let limits = Limits {
        max_term_months: Some(CountLimit { value: 12, rule }),
        ..policy.limits().clone()
    };
    policy = policy.with_limits(limits).unwrap();
    let pos = position_in(Currency::GBP, ["0", "0", "0", "3000"]);
    // GBP 10 a month for 12 months from 2026-04-01.
    let token = || {
        vec![Term::TokenPayments {
            amount: Money::new(Decimal::from(10), Currency::GBP),
            months: 12,
            first_due: d(2026, 4, 1),
        }]
    };
    let got = eval_with(&policy, &pos, token(), &facts(), as_of());
    assert_eq!(summary(&got).0, "approved");
    let mut policy2 = policy.clone();
    let limits = Limits {
        max_term_months: Some(CountLimit {
            value: 6,
            rule: u("ex.max_term"),
        }),
        ..policy.limits().clone()
    };
    policy2 = policy2.with_limits(limits).unwrap();
    let got = eval_with(&policy2, &pos, token(), &facts(), as_of());
    let Decision::CounterOffer { plan, reasons, .. } = &got else {
        panic!("{got:?}")
    };
    assert_eq!(reasons[0].check, Check::MaxTerm);
    assert_eq!(reasons[0].offered.as_deref(), Some("6"));
    assert_eq!(plan.schedule().len(), 6);
    assert_eq!(dates(plan)[5], d(2026, 9, 1));
}
