//! Findings of the reviews of the negotiation code (2026-11-27 and
//! 2026-11-28), kept as tests. Dates and amounts are checked by hand in the
//! comments.

use arrears::delinquency::RuleStatus;
use arrears::loan::{Frequency, Ledger, Loan, LoanTerms, Position, RepaymentMethod, Transaction};
use arrears::money::{Currency, Money, Rate};
use arrears::plan::*;
use chrono::NaiveDate;
use rust_decimal::Decimal;

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}

fn cny(s: &str) -> Money {
    m(s, Currency::CNY)
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap()
}

fn m(s: &str, c: Currency) -> Money {
    Money::new(dec(s), c)
}

fn rule(id: &str) -> RuleRef {
    RuleRef::new(id, "", RuleStatus::Unverified)
}

fn eval(
    terms: Vec<Term>,
    pos: &Position,
    facts: &DebtorFacts,
    policy: &NegotiationPolicy,
    as_of: NaiveDate,
) -> arrears::error::Result<Decision> {
    let req = PlanRequest::new(policy.currency(), terms);
    evaluate(&req, pos, facts, policy, as_of)
}

/// A settlement of `amount` GBP in `n` payments by 2026-04-01.
fn gbp_settlement(amount: &str, n: u32) -> Term {
    Term::Settlement {
        amount: m(amount, Currency::GBP),
        pay_by: d(2026, 4, 1),
        installments: n,
    }
}

/// The `uk` decision on `term` for `owed` GBP due 2026-01-15, evaluated on
/// 2026-03-01, and its plan's payments.
fn uk_gbp(owed: &str, term: Term) -> (Decision, Vec<Decimal>) {
    let as_of = d(2026, 3, 1);
    let pos = owed_in(owed, Currency::GBP, d(2026, 1, 15), as_of);
    let out = eval(
        vec![term],
        &pos,
        &DebtorFacts::default(),
        &NegotiationPolicy::uk(),
        as_of,
    )
    .unwrap();
    let amounts = out.plan().map_or_else(Vec::new, |p| {
        p.schedule()
            .iter()
            .map(|i| i.total().unwrap().amount())
            .collect()
    });
    (out, amounts)
}

/// A CNY bullet loan of `principal` due `due`, unpaid, as of `as_of`.
fn owed(principal: &str, due: NaiveDate, as_of: NaiveDate) -> Position {
    owed_in(principal, Currency::CNY, due, as_of)
}

/// A bullet loan of `principal` in `c` due `due`, unpaid, as of `as_of`.
fn owed_in(principal: &str, c: Currency, due: NaiveDate, as_of: NaiveDate) -> Position {
    let loan = Loan::new(LoanTerms::new(
        "L",
        m(principal, c),
        due - chrono::Days::new(31),
        Rate::ZERO,
        RepaymentMethod::Bullet,
        1,
        due,
    ))
    .unwrap();
    loan.position(as_of).unwrap()
}

fn cn(terms: Vec<Term>, position: &Position, as_of: NaiveDate) -> Decision {
    let req = PlanRequest::new(Currency::CNY, terms);
    evaluate(
        &req,
        position,
        &DebtorFacts::default(),
        &NegotiationPolicy::cn(),
        as_of,
    )
    .unwrap()
}

fn defer(days: u32) -> Term {
    Term::Deferral {
        days: Some(days),
        until: None,
    }
}

fn monthly(count: u32, first_due: NaiveDate) -> Term {
    Term::Installments {
        count,
        frequency: Frequency::Monthly,
        first_due,
        down_payment: None,
    }
}

fn dates(plan: &Plan) -> Vec<NaiveDate> {
    plan.schedule().iter().map(|i| i.due_date).collect()
}

/// 1: a payment holiday with a new day of the month counts the whole move
/// against the 90-day limit. 2026-03-01 + 90 days = 05-30; the 29th after
/// it is 06-29, 120 days. The counter is 89 days: 03-01 + 89 = 05-29, a
/// 29th, 89 days.
#[test]
fn a_holiday_with_a_new_due_day_counts_the_whole_move() {
    let as_of = d(2026, 3, 1);
    let p = owed("10000", d(2026, 1, 15), as_of);
    for asked in [90, 91] {
        let got = cn(
            vec![defer(asked), Term::DueDateChange { day_of_month: 29 }],
            &p,
            as_of,
        );
        let Decision::CounterOffer { plan, reasons, .. } = &got else {
            panic!("{got:?}")
        };
        assert_eq!(reasons.len(), 1, "{reasons:?}");
        assert_eq!(reasons[0].check, Check::MaxDeferral);
        assert_eq!(reasons[0].limit, "90");
        assert_eq!(reasons[0].offered.as_deref(), Some("89"));
        assert_eq!(dates(plan), [d(2026, 5, 29)]);
        assert!(plan
            .terms()
            .contains(&Term::DueDateChange { day_of_month: 29 }));
        // The counter-offer, asked for, is approved as it stands.
        let again = cn(plan.terms().to_vec(), &p, as_of);
        let Decision::Approved { plan: same, .. } = &again else {
            panic!("{again:?}")
        };
        assert_eq!(dates(same), [d(2026, 5, 29)]);
    }
    // Within the limit: 60 days to 04-30, on to the 1st, 05-01: 61 days.
    let got = cn(
        vec![defer(60), Term::DueDateChange { day_of_month: 1 }],
        &p,
        as_of,
    );
    let Decision::Approved { plan, .. } = &got else {
        panic!("{got:?}")
    };
    assert_eq!(dates(plan), [d(2026, 5, 1)]);
}

/// 2: a deferral moves every due date of a schedule by its days, month
/// ends included: 01-31, 02-28 and 03-31 deferred 90 days are 05-01, 05-29
/// and 06-29 (90 days each; they were 05-01, 06-01, 07-01, up to 93).
#[test]
fn a_deferral_moves_each_month_end_date_by_its_days() {
    let as_of = d(2026, 1, 20);
    let p = owed("3000", d(2026, 1, 5), as_of);
    let got = cn(vec![monthly(3, d(2026, 1, 31)), defer(90)], &p, as_of);
    let plan = got.plan().unwrap();
    assert_eq!(dates(plan), [d(2026, 5, 1), d(2026, 5, 29), d(2026, 6, 29)]);
    let undeferred = [d(2026, 1, 31), d(2026, 2, 28), d(2026, 3, 31)];
    for (before, after) in undeferred.iter().zip(dates(plan)) {
        assert_eq!((after - *before).num_days(), 90);
    }
}

/// 3: a first due date the deferral limit cannot meet with the deferral's
/// days is countered with fewer days, and the other failures are reported
/// with it. As of 2026-02-01, 90 days then on to the 1st is 06-01, 92 days
/// after one period (03-01); 89 days reach 05-01, a 1st (61 days). 200
/// monthly payments of 50.00 also break the 60-month term and the CNY 100
/// minimum: 58 of 172.41 (the last 2031-02-01). It was rejected, listing
/// only the deferral.
#[test]
fn a_first_due_date_too_late_is_countered_with_fewer_deferral_days() {
    let as_of = d(2026, 2, 1);
    let p = owed("10000", d(2026, 1, 5), as_of);
    let ask = |count| {
        vec![
            monthly(count, as_of),
            defer(90),
            Term::DueDateChange { day_of_month: 1 },
        ]
    };
    let got = cn(ask(200), &p, as_of);
    let Decision::CounterOffer { plan, reasons, .. } = &got else {
        panic!("{got:?}")
    };
    let checks: Vec<(Check, Option<&str>)> = reasons
        .iter()
        .map(|r| (r.check, r.offered.as_deref()))
        .collect();
    assert_eq!(
        checks,
        [
            (Check::MaxDeferral, Some("89 deferral days")),
            (Check::MaxTerm, Some("58 installments of 172.41")),
            (Check::MinInstallment, Some("58 installments of 172.41")),
        ]
    );
    assert!(plan.terms().contains(&defer(89)));
    let ds = dates(plan);
    assert_eq!(
        (ds.len(), ds[0], ds[57]),
        (58, d(2026, 5, 1), d(2031, 2, 1))
    );
    // The counter-offer, asked for, is approved as it stands.
    let again = cn(plan.terms().to_vec(), &p, as_of);
    let Decision::Approved { plan: same, .. } = &again else {
        panic!("{again:?}")
    };
    assert_eq!(same.schedule(), plan.schedule());
    // Twelve payments: only the deferral is countered.
    let got = cn(ask(12), &p, as_of);
    let Decision::CounterOffer { plan, reasons, .. } = &got else {
        panic!("{got:?}")
    };
    assert_eq!(reasons.len(), 1);
    assert_eq!(dates(plan)[0], d(2026, 5, 1));
}

/// 4: a down payment and a first installment on the evaluation date share
/// a date, and the monitor takes the plan.
#[test]
fn a_plan_with_a_same_day_down_payment_can_be_monitored() {
    let as_of = d(2026, 3, 1);
    let p = owed("1200", d(2026, 1, 15), as_of);
    let req = PlanRequest::new(
        Currency::CNY,
        vec![Term::Installments {
            count: 2,
            frequency: Frequency::Monthly,
            first_due: as_of,
            down_payment: Some(cny("200")),
        }],
    );
    let plan = evaluate(
        &req,
        &p,
        &DebtorFacts::default(),
        &NegotiationPolicy::cn(),
        as_of,
    )
    .unwrap()
    .plan()
    .unwrap()
    .clone();
    let schedule: Vec<(NaiveDate, Money)> = plan
        .schedule()
        .iter()
        .map(|i| (i.due_date, i.total().unwrap()))
        .collect();
    assert_eq!(
        schedule,
        [
            (as_of, cny("200")),
            (as_of, cny("500.00")),
            (d(2026, 4, 1), cny("500.00"))
        ]
    );
    let mut ledger = Ledger::new(Currency::CNY, as_of);
    ledger
        .record(Transaction::repayment("P1", as_of, cny("700")))
        .unwrap();
    let report = monitor_plan(
        "P",
        &schedule,
        plan.waived(),
        as_of,
        &ledger,
        d(2026, 3, 15),
        &MonitorPolicy::standard(),
    )
    .unwrap();
    assert_eq!(report.status, PlanStatus::OnTrack { missed: 0 });
    // Out of order is still refused.
    let backwards = [schedule[2], schedule[0]];
    assert!(monitor_plan(
        "P",
        &backwards,
        plan.waived(),
        as_of,
        &ledger,
        as_of,
        &MonitorPolicy::standard()
    )
    .is_err());
}

// The second review (2026-11-28).

// F4: a large declared income in a currency without minor units panics
// (plain `*` on the affordability cap in installment_count's counter path).
#[test]
fn f4_large_income_does_not_panic() {
    let jpy = Currency::new("JPY", 0).unwrap();
    let as_of = d(2026, 3, 1);
    let pos = owed_in("10000", jpy, d(2026, 1, 15), as_of);
    let policy = NegotiationPolicy::new("p", jpy)
        .with_limits(Limits {
            max_installments: Some(CountLimit {
                value: 6,
                rule: rule("p.max"),
            }),
            ..Limits::default()
        })
        .unwrap()
        .with_affordability(Affordability {
            percent: Decimal::ONE_HUNDRED,
            basis: IncomeBasis::Income,
            rule: rule("p.aff"),
        })
        .unwrap();
    let facts = DebtorFacts {
        monthly_income: Some(m("10000000000000000000000000000", jpy)),
        ..DebtorFacts::default()
    };
    // 12 installments break the 6-count limit: the counter path runs.
    let r = std::panic::catch_unwind(|| {
        eval(
            vec![monthly(12, d(2026, 4, 1))],
            &pos,
            &facts,
            &policy,
            as_of,
        )
    });
    assert!(r.is_ok(), "evaluate panicked");
}

// F6: no count is both affordable and within 60 months; the rejection names
// only affordability, and reports the binding 60-month limit as passed.
#[test]
fn f6_rejection_names_both_binding_limits() {
    let as_of = d(2026, 3, 1);
    let pos = owed_in("10000", Currency::CNY, d(2026, 1, 15), as_of);
    let facts = DebtorFacts {
        monthly_income: Some(m("200", Currency::CNY)),
        ..DebtorFacts::default()
    };
    let out = eval(
        vec![monthly(12, d(2026, 4, 1))],
        &pos,
        &facts,
        &NegotiationPolicy::cn(),
        as_of,
    )
    .unwrap();
    let Decision::Rejected { failures, .. } = &out else {
        panic!("{out:#?}")
    };
    let ids: Vec<&str> = failures.iter().map(|f| f.rule.id.as_str()).collect();
    assert!(
        ids.contains(&"cn.card_rules_2011.art70"),
        "failures: {ids:?}"
    );
}

// F7: "at most one re-age in 12 months": a re-age on 2023-03-02 is 11 months
// and 28 days before 2024-03-01 (leap year), yet does not count.
#[test]
fn f7_reage_window_is_twelve_months() {
    let p = MonitorPolicy::standard();
    let r = reage_refusals(&[d(2023, 3, 2)], 3, d(2024, 3, 1), &p);
    assert!(
        !r.is_empty(),
        "re-age allowed 364 days... 12 months not yet passed"
    );
}

// F8: a tolerance larger than a (small) last plan installment: the shortfall
// of 0.50 is within the 1.00 tolerance, yet the installment is never paid and
// the plan never completes (it is reported missed).
#[test]
fn f8_tolerance_covers_a_small_last_installment() {
    let c = Currency::CNY;
    let schedule = vec![(d(2026, 3, 1), m("100", c)), (d(2026, 4, 1), m("0.50", c))];
    let mut l = Ledger::new(c, d(2026, 2, 1));
    l.record(Transaction::repayment("P1", d(2026, 3, 1), m("100", c)))
        .unwrap();
    let pol = MonitorPolicy::new(
        2,
        Tolerance {
            amount: dec("1.00"),
            days: 5,
        },
        false,
        "",
        1,
        3,
    )
    .unwrap();
    let waived = arrears::loan::Breakdown::zero(c);
    let r = monitor_plan(
        "P",
        &schedule,
        &waived,
        d(2026, 2, 1),
        &l,
        d(2026, 5, 1),
        &pol,
    )
    .unwrap();
    assert!(matches!(r.status, PlanStatus::Completed { .. }), "{:#?}", r);
}

// F9: 0.10 GBP in 12 monthly installments under `uk` (no minimum
// installment) was approved as eleven 0.00 payments and 0.10, a schedule
// `monitor_plan` refuses. Now each installment is at least one minor unit:
// countered with 10 installments of 0.01.
#[test]
fn no_installment_is_zero() {
    // Round 2 of the review of the fixes: a settlement in 12 payments was
    // eleven 0.00 payments and 0.10 too.
    for term in [monthly(12, d(2026, 4, 1)), gbp_settlement("0.10", 12)] {
        let (out, amounts) = uk_gbp("0.10", term);
        let Decision::CounterOffer { plan, reasons, .. } = &out else {
            panic!("{out:#?}")
        };
        assert!(
            reasons
                .iter()
                .any(|r| r.rule.id == "plan.installment_positive"
                    && r.offered.as_deref().is_some_and(|o| o.starts_with("10"))),
            "{reasons:#?}"
        );
        assert_eq!(amounts, vec![dec("0.01"); 10]);
        let schedule: Vec<_> = plan
            .schedule()
            .iter()
            .map(|i| (i.due_date, i.total().unwrap()))
            .collect();
        let as_of = d(2026, 3, 1);
        let l = Ledger::new(Currency::GBP, as_of);
        monitor_plan(
            "P",
            &schedule,
            plan.waived(),
            as_of,
            &l,
            as_of,
            &MonitorPolicy::uk(),
        )
        .unwrap();
    }
}

#[path = "plan_review/deferral.rs"]
mod deferral;
