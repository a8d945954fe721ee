//! Minimal reproductions of the library bugs the oracle found (module doc,
//! "Library bugs"), all fixed. Each asserts what the docs say and prints
//! the library's answer.

use arrears::delinquency::RuleStatus;
use arrears::loan::{Frequency, Loan, LoanTerms, Position, RepaymentMethod, Transaction};
use arrears::money::{Currency, Money, Rate};
use arrears::plan::*;
use chrono::NaiveDate;
use rust_decimal::Decimal;

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}
fn cny(x: i64) -> Money {
    Money::new(Decimal::from(x), Currency::CNY)
}
fn rule(id: &str) -> RuleRef {
    RuleRef::new(id, "", RuleStatus::Unverified)
}
/// CNY 10,000 at 0 % in one payment on `due`, disbursed a month before.
fn bullet(due: NaiveDate, as_of: NaiveDate) -> Position {
    let start = due.checked_sub_months(chrono::Months::new(1)).unwrap();
    let t = LoanTerms::new(
        "L",
        cny(10_000),
        start,
        Rate::ZERO,
        RepaymentMethod::Bullet,
        1,
        due,
    );
    Loan::new(t).unwrap().position(as_of).unwrap()
}
fn inst(count: u32, first_due: NaiveDate) -> Term {
    Term::Installments {
        count,
        frequency: Frequency::Monthly,
        first_due,
        down_payment: None,
    }
}
fn show(label: &str, r: &arrears::error::Result<Decision>) -> String {
    let s = match r {
        Ok(Decision::Rejected { failures, .. }) => format!(
            "Rejected {:?}",
            failures
                .iter()
                .map(|f| (f.check, f.rule.id.to_string(), f.actual.clone()))
                .collect::<Vec<_>>()
        ),
        Ok(d) => {
            let p = d.plan().unwrap();
            let rows: Vec<String> = p
                .schedule()
                .iter()
                .map(|i| format!("{} {}", i.due_date, i.total().unwrap()))
                .collect();
            format!("{:?} [{}]", std::mem::discriminant(d), rows.join(", "))
        }
        Err(e) => format!("Err {e}"),
    };
    eprintln!("{label}: {s}");
    s
}

/// The plan's payments: (date, total).
fn payments(r: &arrears::error::Result<Decision>) -> Vec<(NaiveDate, Money)> {
    r.as_ref()
        .ok()
        .and_then(|x| x.plan())
        .map(|p| {
            p.schedule()
                .iter()
                .map(|i| (i.due_date, i.total().unwrap()))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn library_bugs() {
    let mut bad = Vec::new();
    let as_of = d(2026, 3, 1);
    let terms = |allowed: Vec<TermKind>| TermRules {
        allowed,
        incompatible: Vec::new(),
        rule: rule("t.terms"),
    };

    // Bug 1 (the docs were wrong): "this one included", so one earlier
    // plan reaches a limit of 1.
    let pos = bullet(d(2026, 1, 15), as_of);
    let pol = NegotiationPolicy::new("t", Currency::CNY)
        .with_eligibility(Eligibility {
            max_plans_12_months: Some(CountLimit {
                value: 1,
                rule: rule("t.plans"),
            }),
            ..Eligibility::default()
        })
        .unwrap();
    let facts = DebtorFacts {
        plans_last_12_months: 1,
        ..DebtorFacts::default()
    };
    let req = PlanRequest::new(Currency::CNY, vec![inst(10, d(2026, 3, 15))]);
    let r = evaluate(&req, &pos, &facts, &pol, as_of);
    if !matches!(&r, Ok(Decision::Rejected { failures, .. })
        if failures.iter().any(|f| f.check == Check::PlansLast12Months))
    {
        bad.push(show("bug1 (expected Rejected, PlansLast12Months)", &r));
    }

    // Bug 2: scope Overdue with nothing overdue (due 2026-04-15).
    let pos = bullet(d(2026, 4, 15), as_of);
    let pol = NegotiationPolicy::new("t", Currency::CNY);
    let req =
        PlanRequest::new(Currency::CNY, vec![inst(1, d(2026, 3, 15))]).with_scope(Scope::Overdue);
    let r = evaluate(&req, &pos, &DebtorFacts::default(), &pol, as_of);
    if !matches!(&r, Err(e) if e.to_string().contains("request.scope")) {
        bad.push(show("bug2 (expected an error naming request.scope)", &r));
    }

    // Bug 3: a due-date change alone moves every payment two days (the
    // 26th to the 28th); nothing is due on the evaluation date.
    let t = LoanTerms::new(
        "L",
        cny(12_000),
        d(2025, 6, 26),
        Rate::ZERO,
        RepaymentMethod::EqualPrincipal,
        12,
        d(2025, 7, 26),
    );
    let mut loan = Loan::new(t).unwrap();
    for (i, m) in [7, 8, 9, 10].iter().enumerate() {
        let tx = Transaction::repayment(&format!("R{i}"), d(2025, *m, 26), cny(1_000));
        loan.record(tx).unwrap();
    }
    let as_of3 = d(2025, 11, 3);
    let pos = loan.position(as_of3).unwrap();
    let pol = NegotiationPolicy::new("t", Currency::CNY)
        .with_limits(Limits {
            max_deferral_days: Some(CountLimit {
                value: 14,
                rule: rule("t.deferral"),
            }),
            ..Limits::default()
        })
        .and_then(|p| p.with_terms(terms(vec![TermKind::Installments, TermKind::DueDateChange])))
        .unwrap();
    let req = PlanRequest::new(
        Currency::CNY,
        vec![Term::DueDateChange { day_of_month: 28 }],
    );
    let r = evaluate(&req, &pos, &DebtorFacts::default(), &pol, as_of3);
    // Installments 5–12 (2025-11-26 .. 2026-06-26) move two days each.
    let moved: Vec<(NaiveDate, Money)> = (0..8)
        .map(|k| (d(2025, 11, 28) + chrono::Months::new(k), cny(1_000)))
        .collect();
    if !matches!(&r, Ok(Decision::Approved { .. })) || payments(&r) != moved {
        bad.push(show("bug3 (expected Approved, 8 × 1,000 on the 28th)", &r));
    }

    // Bug 4: 83 deferral days against 31, first due 06-08, day 22.
    let as_of4 = d(2026, 2, 20);
    let pos = bullet(d(2026, 1, 15), as_of4);
    let pol = NegotiationPolicy::new("t", Currency::CNY)
        .with_limits(Limits {
            max_deferral_days: Some(CountLimit {
                value: 31,
                rule: rule("t.deferral"),
            }),
            ..Limits::default()
        })
        .and_then(|p| {
            p.with_terms(terms(vec![
                TermKind::Installments,
                TermKind::Deferral,
                TermKind::DueDateChange,
            ]))
        })
        .unwrap();
    let req = PlanRequest::new(
        Currency::CNY,
        vec![
            inst(10, d(2026, 6, 8)),
            Term::Deferral {
                days: Some(83),
                until: None,
            },
            Term::DueDateChange { day_of_month: 22 },
        ],
    );
    let r = evaluate(&req, &pos, &DebtorFacts::default(), &pol, as_of4);
    // 02-20 + 30 days = 03-22, on the 22nd, two days after one period
    // (03-20); 31 days would reach 03-23, then the 22nd of April: 33 days.
    let want_terms = vec![
        inst(10, d(2026, 2, 20)),
        Term::Deferral {
            days: Some(30),
            until: None,
        },
        Term::DueDateChange { day_of_month: 22 },
    ];
    let want: Vec<(NaiveDate, Money)> = (0..10)
        .map(|k| (d(2026, 3, 22) + chrono::Months::new(k), cny(1_000)))
        .collect();
    let terms = r
        .as_ref()
        .ok()
        .and_then(|x| x.plan())
        .map(|p| p.terms().to_vec());
    if !matches!(&r, Ok(Decision::CounterOffer { .. }))
        || terms != Some(want_terms)
        || payments(&r) != want
    {
        bad.push(show(
            "bug4 (expected a counter-offer: 30 days, first due 02-20, 03-22..)",
            &r,
        ));
    }
    assert!(
        bad.is_empty(),
        "{} fixed bugs are back:\n{}",
        bad.len(),
        bad.join("\n")
    );
}
