use super::*;
use crate::delinquency::RuleStatus;
use crate::loan::{Frequency, Loan, LoanTerms, RepaymentMethod, Transaction};
use crate::money::{Currency, Money};
use chrono::NaiveDate;
use rust_decimal::Decimal;

mod guardrails;
mod properties;
mod table;

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap()
}

fn cny(s: &str) -> Money {
    Money::new(dec(s), Currency::CNY)
}

const AS_OF: (i32, u32, u32) = (2026, 3, 1);

fn as_of() -> NaiveDate {
    d(AS_OF.0, AS_OF.1, AS_OF.2)
}

/// A position on `as_of` owing `[penalty, fee, interest, principal]`: a
/// bullet loan at 0 % due 2026-01-15 (45 days past due), plus charges.
fn position_in(currency: Currency, owed: [&str; 4]) -> crate::loan::Position {
    let m = |s: &str| Money::new(dec(s), currency);
    let mut loan = Loan::new(LoanTerms::new(
        "L",
        m(owed[3]),
        d(2025, 12, 15),
        crate::money::Rate::ZERO,
        RepaymentMethod::Bullet,
        1,
        d(2026, 1, 15),
    ))
    .unwrap();
    for (k, c) in [Component::Penalty, Component::Fee, Component::Interest]
        .into_iter()
        .enumerate()
    {
        if dec(owed[k]) > Decimal::ZERO {
            loan.record(Transaction::charge(
                &format!("C{k}"),
                d(2026, 2, 1),
                c,
                m(owed[k]),
            ))
            .unwrap();
        }
    }
    loan.position(as_of()).unwrap()
}

fn position(owed: [&str; 4]) -> crate::loan::Position {
    position_in(Currency::CNY, owed)
}

fn u(id: &str) -> RuleRef {
    RuleRef::new(id, "", RuleStatus::Unverified)
}

/// RULES.md §4's illustration: {max installments 24, min installment 300,
/// max discount 20 %}.
fn example_policy() -> NegotiationPolicy {
    NegotiationPolicy::new("example", Currency::CNY)
        .with_limits(Limits {
            max_installments: Some(CountLimit {
                value: 24,
                rule: u("ex.max_installments"),
            }),
            min_installment: Some(AmountLimit {
                amount: dec("300"),
                rule: u("ex.min_installment"),
            }),
            max_discount: Some(PercentLimit {
                percent: dec("20"),
                rule: u("ex.max_discount"),
            }),
            ..Limits::default()
        })
        .unwrap()
        .with_forbearance(vec![ForbearanceOption::TokenPayments { max_months: 6 }])
        .unwrap()
        .with_terms(TermRules {
            allowed: TermKind::ALL.to_vec(),
            incompatible: vec![],
            rule: u("ex.terms"),
        })
        .unwrap()
}

fn installments(count: u32, first_due: NaiveDate) -> Term {
    Term::Installments {
        count,
        frequency: Frequency::Monthly,
        first_due,
        down_payment: None,
    }
}

fn settlement(amount: &str) -> Term {
    Term::Settlement {
        amount: cny(amount),
        pay_by: d(2026, 3, 15),
        installments: 1,
    }
}

fn waive(c: Component, percent: &str) -> Term {
    Term::Waiver {
        component: c,
        amount: None,
        percent: Some(dec(percent)),
    }
}

/// `(kind, rule ids of reasons or failures, schedule totals)`.
fn summary(d: &Decision) -> (&'static str, Vec<String>, Vec<String>) {
    let totals = |p: &Plan| {
        p.schedule()
            .iter()
            .map(|i| i.total().unwrap().amount().normalize().to_string())
            .collect::<Vec<_>>()
    };
    match d {
        Decision::Approved { plan, .. } => ("approved", vec![], totals(plan)),
        Decision::CounterOffer { plan, reasons, .. } => (
            "counter",
            reasons.iter().map(|r| r.rule.id.clone()).collect(),
            totals(plan),
        ),
        Decision::Rejected { failures, .. } => (
            "rejected",
            failures.iter().map(|r| r.rule.id.clone()).collect(),
            vec![],
        ),
    }
}

fn compress(totals: &[String]) -> String {
    // "416.67×23, 416.59"
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < totals.len() {
        let mut j = i;
        while j < totals.len() && totals[j] == totals[i] {
            j += 1;
        }
        out.push(if j - i > 1 {
            format!("{}×{}", totals[i], j - i)
        } else {
            totals[i].clone()
        });
        i = j;
    }
    out.join(", ")
}

fn facts() -> DebtorFacts {
    DebtorFacts::default()
}

fn eval(policy: &NegotiationPolicy, owed: [&str; 4], terms: Vec<Term>) -> Decision {
    evaluate(
        &PlanRequest::new(Currency::CNY, terms),
        &position(owed),
        &facts(),
        policy,
        as_of(),
    )
    .unwrap()
}

#[test]
fn rules_example_figures_and_messages() {
    let got = eval(
        &example_policy(),
        ["0", "0", "0", "10000"],
        vec![installments(36, d(2026, 4, 1))],
    );
    let Decision::CounterOffer { plan, reasons, .. } = &got else {
        panic!("{got:?}")
    };
    assert_eq!(reasons[0].check, Check::MaxInstallments);
    assert_eq!(
        (reasons[0].limit.as_str(), reasons[0].actual.as_str()),
        ("24", "36")
    );
    assert_eq!(
        reasons[0].offered.as_deref(),
        Some("24 installments of 416.67")
    );
    assert_eq!(
        reasons[0].message,
        "`36` installments exceed the limit `24`"
    );
    assert_eq!(
        reasons[1].message,
        "installments of `277.78` are below the minimum `300`"
    );
    assert_eq!(plan.schedule()[0].due_date, d(2026, 4, 1));
    assert_eq!(plan.schedule()[23].due_date, d(2028, 3, 1));
    assert!(matches!(
        plan.terms()[0],
        Term::Installments { count: 24, .. }
    ));

    let got = eval(
        &example_policy(),
        ["0", "0", "0", "10000"],
        vec![settlement("7000")],
    );
    let Decision::CounterOffer { plan, reasons, .. } = &got else {
        panic!("{got:?}")
    };
    assert_eq!(
        reasons[0].message,
        "settlement `7000` is a `30`% discount, above the largest `20`%; the floor is `8000.00`"
    );
    assert_eq!(reasons[0].offered.as_deref(), Some("8000.00"));
    assert_eq!(plan.waived().amount(Component::Principal), dec("2000"));
}

#[test]
fn components_stay_apart() {
    // Re-age of penalty 200, fee 100, interest 400, principal 10,000 in 3.
    let got = eval(
        &NegotiationPolicy::cn(),
        ["200", "100", "400", "10000"],
        vec![Term::ReAge {
            count: 3,
            frequency: Frequency::Monthly,
            first_due: d(2026, 4, 1),
        }],
    );
    let Decision::Approved {
        plan,
        rules_applied,
        ..
    } = &got
    else {
        panic!("{got:?}")
    };
    let row = |i: usize| {
        Component::ALL.map(|c| plan.schedule()[i].amounts.amount(c).normalize().to_string())
    };
    assert_eq!(row(0), ["200", "100", "400", "2866.67"]);
    assert_eq!(row(1), ["0", "0", "0", "3566.67"]);
    assert_eq!(row(2), ["0", "0", "0", "3566.66"]);
    assert!(
        rules_applied
            .iter()
            .any(|r| r.rule.id == "cn.card_rules_2011.art70"
                && r.rule.status == RuleStatus::Secondary)
    );

    // A settlement discount comes off penalty, fee, interest, then principal.
    let got = eval(
        &NegotiationPolicy::cn(),
        ["200", "100", "400", "10000"],
        vec![settlement("9000")],
    );
    let plan = got.plan().unwrap();
    assert_eq!(
        Component::ALL.map(|c| plan.waived().amount(c).normalize().to_string()),
        ["200", "100", "400", "1000"]
    );
    assert_eq!(
        plan.schedule()[0].amounts.amount(Component::Principal),
        dec("9000")
    );
}

#[test]
fn approval_levels() {
    let level = |owed: &str, amount: &str, dpd| {
        let f = DebtorFacts {
            days_past_due: Some(dpd),
            ..facts()
        };
        match evaluate(
            &PlanRequest::new(Currency::CNY, vec![settlement(amount)]),
            &position(["0", "0", "0", owed]),
            &f,
            &NegotiationPolicy::cn(),
            as_of(),
        )
        .unwrap()
        {
            Decision::Approved { approval_level, .. } => approval_level,
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(level("100000", "100000", 45), ApprovalLevel::Automatic);
    assert_eq!(level("100000", "95000", 45), ApprovalLevel::Automatic);
    assert_eq!(level("100000", "94999.99", 45), ApprovalLevel::Supervisor);
    assert_eq!(level("100000", "50000", 200), ApprovalLevel::Supervisor);
    assert_eq!(level("200000", "149999", 200), ApprovalLevel::Committee);
}

#[test]
fn due_date_change_and_deferral_move_dates() {
    let terms = vec![
        installments(3, d(2026, 4, 15)),
        Term::DueDateChange { day_of_month: 31 },
    ];
    let got = eval(&NegotiationPolicy::cn(), ["0", "0", "0", "3000"], terms);
    let dates: Vec<_> = got
        .plan()
        .unwrap()
        .schedule()
        .iter()
        .map(|i| i.due_date)
        .collect();
    assert_eq!(dates, [d(2026, 4, 30), d(2026, 5, 31), d(2026, 6, 30)]);

    let terms = vec![
        installments(2, d(2026, 4, 15)),
        Term::Deferral {
            days: Some(30),
            until: None,
        },
    ];
    let got = eval(&NegotiationPolicy::cn(), ["0", "0", "0", "3000"], terms);
    let dates: Vec<_> = got
        .plan()
        .unwrap()
        .schedule()
        .iter()
        .map(|i| i.due_date)
        .collect();
    // Each date moves 30 days: 04-15 → 05-15, 05-15 → 06-14.
    assert_eq!(dates, [d(2026, 5, 15), d(2026, 6, 14)]);
}

#[test]
fn uk_forbearance_and_rejections_list_options() {
    let gbp = |s: &str| Money::new(dec(s), Currency::GBP);
    let pos = position_in(Currency::GBP, ["0", "50", "0", "3000"]);
    let req = PlanRequest::new(
        Currency::GBP,
        vec![
            Term::TokenPayments {
                amount: gbp("5"),
                months: 24,
                first_due: d(2026, 4, 1),
            },
            waive(Component::Fee, "100"),
            Term::RateChange {
                new_rate: None,
                months: 12,
            },
            Term::DebtAdviceReferral,
        ],
    );
    let got = evaluate(&req, &pos, &facts(), &NegotiationPolicy::uk(), as_of()).unwrap();
    let Decision::CounterOffer { plan, reasons, .. } = &got else {
        panic!("{got:?}")
    };
    assert_eq!(reasons.len(), 1);
    assert_eq!(reasons[0].check, Check::TokenPayments);
    assert_eq!(plan.schedule().len(), 12);
    assert_eq!(plan.waived().amount(Component::Fee), dec("50"));
    assert_eq!(plan.interest(), PlanInterest::Frozen { months: 12 });
    assert_eq!(plan.covered().total().unwrap().amount(), dec("110"));

    let req = PlanRequest::new(Currency::GBP, vec![installments(6, d(2026, 4, 1))])
        .with_requirement(Requirement::SaleOfHome);
    let got = evaluate(&req, &pos, &facts(), &NegotiationPolicy::uk(), as_of()).unwrap();
    let Decision::Rejected {
        failures,
        forbearance,
    } = &got
    else {
        panic!("{got:?}")
    };
    assert_eq!(failures[0].rule.id, "uk.conc.7_3_10R");
    assert_eq!(
        failures[0].message,
        "a plan may never require `sale_of_home`"
    );
    assert!(forbearance.contains(&ForbearanceOption::DebtAdviceReferral));

    // Disposable income: 1,000 − 900 = 100 a month → 31 installments.
    let f = DebtorFacts {
        monthly_income: Some(gbp("1000")),
        monthly_expenses: Some(gbp("900")),
        ..facts()
    };
    let req = PlanRequest::new(Currency::GBP, vec![installments(6, d(2026, 4, 1))]);
    let got = evaluate(&req, &pos, &f, &NegotiationPolicy::uk(), as_of()).unwrap();
    let Decision::CounterOffer { plan, reasons, .. } = &got else {
        panic!("{got:?}")
    };
    assert_eq!(reasons[0].rule.id, "uk.conc.7_3_10R");
    assert_eq!(plan.schedule().len(), 31);
    assert!(plan
        .schedule()
        .iter()
        .all(|i| i.total().unwrap().amount() <= dec("100")));
}

#[test]
fn bad_input_errors() {
    let p = example_policy();
    let pos = position(["0", "0", "0", "10000"]);
    let run = |req: PlanRequest| {
        evaluate(&req, &pos, &facts(), &p, as_of())
            .unwrap_err()
            .to_string()
    };
    let r = |terms| PlanRequest::new(Currency::CNY, terms);
    let cases: Vec<(&str, PlanRequest, &str)> = vec![
        ("zero installments", r(vec![installments(0, d(2026, 4, 1))]),
            "invalid `terms[0].count` value `0`: must be in 1..=1200"),
        ("first due in the past", r(vec![installments(3, d(2026, 2, 1))]),
            "invalid `terms[0].first_due` value `2026-02-01`: is before the evaluation date `2026-03-01`"),
        ("waiver above 100 %", r(vec![waive(Component::Fee, "150")]),
            "invalid `terms[0].percent` value `150`: must be in 0..=100"),
        ("settlement above balance", r(vec![settlement("10000.01")]),
            "invalid `terms[0].amount` value `10000.01`: is larger than the balance `10000.00`"),
        ("other currency", PlanRequest::new(Currency::USD, vec![installments(3, d(2026, 4, 1))]),
            "currency mismatch: `USD` and `CNY` cannot be combined"),
        ("amount in other currency", r(vec![Term::PromiseToPay {
            amount: Money::new(dec("1"), Currency::USD), date: d(2026, 3, 2) }]),
            "invalid `terms[0].amount` value `1 USD`: must be in `CNY`, the request's currency"),
        ("no terms", r(vec![]), "invalid `request.terms` value `[]`: a request needs at least one term"),
        ("two schedules", r(vec![installments(3, d(2026, 4, 1)), settlement("9000")]),
            "invalid `terms[1]` value `settlement`: conflicts with `terms[0]` (`installments`)"),
        ("waiver beside settlement", r(vec![settlement("9000"), waive(Component::Fee, "10")]),
            "invalid `terms[1]` value `waiver`: conflicts with `terms[0]` (`settlement`)"),
        ("down payment not below balance", r(vec![Term::Installments { count: 2,
            frequency: Frequency::Monthly, first_due: d(2026, 4, 1), down_payment: Some(cny("10000")) }]),
            "invalid `terms[0].down_payment` value `10000`: must be below the balance to schedule `10000.00`"),
        ("day of month", r(vec![Term::DueDateChange { day_of_month: 32 }]),
            "invalid `terms[0].day_of_month` value `32`: must be in 1..=31"),
        ("deferral both", r(vec![Term::Deferral { days: Some(3), until: Some(d(2026, 4, 1)) }]),
            "invalid `terms[0]` value `deferral`: give exactly one of `days` and `until`"),
        ("promise above balance", r(vec![Term::PromiseToPay { amount: cny("20000"), date: d(2026, 3, 2) }]),
            "invalid `terms[0].amount` value `20000`: is larger than the balance to schedule `10000.00`"),
    ];
    for (name, req, want) in cases {
        let got = run(req);
        assert!(got.starts_with(want), "{name}: {got}");
    }
    let early = evaluate(
        &r(vec![settlement("9000")]),
        &pos,
        &facts(),
        &p,
        d(2026, 2, 1),
    )
    .unwrap_err();
    assert!(early.to_string().contains("`position.as_of`"), "{early}");
    let mut loan = Loan::new(LoanTerms::new(
        "L",
        cny("100"),
        d(2025, 12, 15),
        crate::money::Rate::ZERO,
        RepaymentMethod::Bullet,
        1,
        d(2026, 1, 15),
    ))
    .unwrap();
    loan.record(Transaction::repayment("P", d(2026, 1, 15), cny("100")))
        .unwrap();
    let paid = loan.position(as_of()).unwrap();
    let none = evaluate(&r(vec![settlement("1")]), &paid, &facts(), &p, as_of()).unwrap_err();
    assert!(none.to_string().contains("nothing is owed"), "{none}");
}

#[test]
fn validation_reports_every_problem() {
    let bad = NegotiationPolicy::new("", Currency::CNY).with_terms(TermRules {
        allowed: vec![TermKind::TokenPayments],
        incompatible: vec![[TermKind::Waiver, TermKind::Waiver]],
        rule: u("t"),
    });
    let Err(crate::Error::InvalidPolicy { problems }) = bad else {
        panic!("{bad:?}")
    };
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, ["id", "terms.incompatible[0]", "terms.allowed"]);

    let json = r#"{
        "id": "x", "currency": "CNY",
        "eligibility": { "dpd": { "min": 30, "max": 10, "rule": { "id": "a", "status": "U" } } },
        "limits": {
            "max_installments": { "value": 0, "rule": { "id": "b", "status": "S" } },
            "min_down_payment": { "percent": "100", "rule": { "id": "c", "status": "U" } },
            "max_waiver": [ { "component": "principal", "percent": "101", "rule": { "id": "", "status": "U" } } ]
        },
        "bands": [ { "min_dpd": 90, "max_dpd": 30, "limits": {} } ],
        "approval": { "supervisor_above": "5000", "committee_above": "1000", "rule": { "id": "d", "status": "U" } },
        "terms": { "allowed": ["installments"], "rule": { "id": "e", "status": "U" } }
    }"#;
    let err = serde_json::from_str::<NegotiationPolicy>(json)
        .unwrap_err()
        .to_string();
    for path in [
        "`eligibility.dpd.max` = `10`: is below the minimum `30`",
        "`limits.max_installments.value` = `0`: must be in 1..=1200",
        "`limits.min_down_payment.percent` = `100`",
        "`limits.max_waiver[0].rule.id`",
        "`limits.max_waiver[0].percent` = `101`",
        "`limits.max_waiver[0].component` = `principal`",
        "`bands[0].max_dpd` = `30`",
        "`approval.supervisor_above` = `5000`: is above `approval.committee_above` `1000`",
    ] {
        assert!(err.contains(path), "missing {path} in {err}");
    }
    let unknown = r#"{ "id": "x", "currency": "CNY", "terms": { "allowed": [], "rule": { "id": "e", "status": "U" } }, "extra": 1 }"#;
    assert!(serde_json::from_str::<NegotiationPolicy>(unknown).is_err());
}

#[test]
fn presets_are_valid_and_round_trip() {
    for p in [
        NegotiationPolicy::cn(),
        NegotiationPolicy::us(),
        NegotiationPolicy::uk(),
        example_policy(),
    ] {
        p.validate().unwrap();
        let json = serde_json::to_string(&p).unwrap();
        let back: NegotiationPolicy = serde_json::from_str(&json).unwrap();
        assert_eq!(back, p);
    }
    assert_eq!(
        NegotiationPolicy::cn()
            .limits()
            .max_term_months
            .as_ref()
            .map(|l| (l.value, l.rule.id.as_str(), l.rule.status)),
        Some((60, "cn.card_rules_2011.art70", RuleStatus::Secondary))
    );
}

#[test]
fn requests_and_decisions_round_trip() {
    let req = PlanRequest::new(
        Currency::CNY,
        vec![
            installments(3, d(2026, 4, 1)),
            waive(Component::Fee, "12.5"),
            Term::RateChange {
                new_rate: None,
                months: 3,
            },
        ],
    )
    .with_scope(Scope::Overdue);
    let json = serde_json::to_string(&req).unwrap();
    assert!(json.contains(r#""percent":"12.5""#), "{json}");
    assert_eq!(serde_json::from_str::<PlanRequest>(&json).unwrap(), req);

    let got = evaluate(
        &req,
        &position(["0", "100", "0", "900"]),
        &facts(),
        &NegotiationPolicy::cn(),
        as_of(),
    )
    .unwrap();
    let json = serde_json::to_string(&got).unwrap();
    assert_eq!(serde_json::from_str::<Decision>(&json).unwrap(), got);

    // A plan that does not balance does not deserialize.
    let plan = got.plan().unwrap();
    let tampered = serde_json::to_string(plan).unwrap().replacen(
        r#""principal":"329.16""#,
        r#""principal":"329.17""#,
        1,
    );
    assert!(
        serde_json::from_str::<Plan>(&tampered).is_err(),
        "{tampered}"
    );
}

#[test]
fn public_types_are_send_sync() {
    fn check<T: Send + Sync + 'static>() {}
    check::<NegotiationPolicy>();
    check::<PlanRequest>();
    check::<Term>();
    check::<DebtorFacts>();
    check::<Decision>();
    check::<Plan>();
    check::<RuleOutcome>();
    check::<Limits>();
    check::<Band>();
}
