//! Findings of the review of the negotiation code (2026-11-27), kept as
//! tests. Dates are checked by hand in the comments.

use arrears::loan::{Frequency, Ledger, Loan, LoanTerms, Position, RepaymentMethod, Transaction};
use arrears::money::{Currency, Money, Rate};
use arrears::plan::*;
use chrono::NaiveDate;
use rust_decimal::Decimal;

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}

fn cny(s: &str) -> Money {
    Money::new(Decimal::from_str_exact(s).unwrap(), Currency::CNY)
}

/// A CNY bullet loan of `principal` due `due`, unpaid, as of `as_of`.
fn owed(principal: &str, due: NaiveDate, as_of: NaiveDate) -> Position {
    let loan = Loan::new(LoanTerms::new(
        "L",
        cny(principal),
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
