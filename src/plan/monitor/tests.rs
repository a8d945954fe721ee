use super::*;
use crate::money::Currency;

fn d(m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, dd).unwrap()
}

fn cny(x: i64) -> Money {
    Money::new(Decimal::from(x), Currency::CNY)
}

fn ledger(payments: &[(&str, NaiveDate, i64)]) -> Ledger {
    let mut l = Ledger::new(Currency::CNY, d(1, 1));
    for (id, date, amount) in payments {
        l.record(Transaction::repayment(id, *date, cny(*amount)))
            .unwrap();
    }
    l
}

/// RULES.md §4 "Promise to pay": pending, kept, broken, cancelled; a
/// partial payment does not keep a promise; a reversal after "kept" leaves
/// it kept.
#[test]
fn promise_states() {
    let p = Promise {
        amount: cny(500),
        date: d(3, 10),
        made_on: d(3, 1),
        cancelled_on: None,
    };
    let tol = Tolerance {
        amount: Decimal::ZERO,
        days: 2,
    };
    let status = |l: &Ledger, as_of| promise_status(&p, l, as_of, tol).unwrap();
    let none = ledger(&[]);
    assert_eq!(
        status(&none, d(3, 5)),
        PromiseStatus::Pending { paid: cny(0) }
    );
    // Broken the day after 03-10 + 2 days of tolerance.
    assert_eq!(
        status(&none, d(3, 12)),
        PromiseStatus::Pending { paid: cny(0) }
    );
    assert_eq!(
        status(&none, d(3, 13)),
        PromiseStatus::Broken {
            paid: cny(0),
            short: cny(500)
        }
    );
    // A payment before the promise was made does not count; a partial
    // payment does not keep it.
    let part = ledger(&[("OLD", d(2, 27), 400), ("P1", d(3, 8), 200)]);
    assert_eq!(
        status(&part, d(3, 12)),
        PromiseStatus::Pending { paid: cny(200) }
    );
    assert_eq!(
        status(&part, d(3, 13)),
        PromiseStatus::Broken {
            paid: cny(200),
            short: cny(300)
        }
    );
    let kept = ledger(&[("P1", d(3, 8), 200), ("P2", d(3, 12), 300)]);
    assert_eq!(
        status(&kept, d(3, 31)),
        PromiseStatus::Kept {
            on: d(3, 12),
            paid: cny(500)
        }
    );
    // Within a 1.00 amount tolerance, 499 keeps it.
    let close = ledger(&[("P1", d(3, 10), 499)]);
    let lenient = Tolerance {
        amount: Decimal::ONE,
        days: 0,
    };
    assert!(matches!(
        promise_status(&p, &close, d(3, 11), lenient).unwrap(),
        PromiseStatus::Kept { .. }
    ));
    // A payment that bounces after the promise was kept leaves it kept
    // (the debt re-opens, not the promise).
    let mut bounced = ledger(&[("P1", d(3, 9), 500)]);
    bounced
        .record(Transaction::reversal("R1", d(3, 15), "P1"))
        .unwrap();
    let kept_on_9 = PromiseStatus::Kept {
        on: d(3, 9),
        paid: cny(500),
    };
    assert_eq!(status(&bounced, d(3, 14)), kept_on_9);
    assert_eq!(status(&bounced, d(3, 15)), kept_on_9);
    // Reversed the day it was paid: never counted. Paid again within the
    // window: kept on that day; not paid again: broken.
    let mut same_day = ledger(&[("P1", d(3, 9), 500)]);
    same_day
        .record(Transaction::reversal("R1", d(3, 9), "P1"))
        .unwrap();
    assert_eq!(
        status(&same_day, d(3, 13)),
        PromiseStatus::Broken {
            paid: cny(0),
            short: cny(500)
        }
    );
    same_day
        .record(Transaction::repayment("P2", d(3, 11), cny(500)))
        .unwrap();
    assert_eq!(
        status(&same_day, d(3, 13)),
        PromiseStatus::Kept {
            on: d(3, 11),
            paid: cny(500)
        }
    );
    // Cancelled before it was kept or broken; a payment on the day of
    // cancellation does not keep it, and is not paid towards it (a review:
    // it was reported as paid, a promise paid in full and never kept).
    let withdrawn = Promise {
        cancelled_on: Some(d(3, 9)),
        ..p.clone()
    };
    let paid_9 = ledger(&[("P1", d(3, 8), 100), ("P2", d(3, 9), 400)]);
    assert_eq!(
        promise_status(&withdrawn, &paid_9, d(3, 8), tol).unwrap(),
        PromiseStatus::Pending { paid: cny(100) }
    );
    assert_eq!(
        promise_status(&withdrawn, &paid_9, d(3, 31), tol).unwrap(),
        PromiseStatus::Cancelled {
            on: d(3, 9),
            paid: cny(100)
        }
    );
    // Kept before the cancellation: stays kept.
    let early = ledger(&[("P1", d(3, 5), 500)]);
    assert!(matches!(
        promise_status(&withdrawn, &early, d(3, 31), tol).unwrap(),
        PromiseStatus::Kept { .. }
    ));
    let bad = Promise {
        amount: cny(0),
        date: d(2, 1),
        made_on: d(3, 1),
        cancelled_on: Some(d(2, 20)),
    };
    assert_eq!(
        promise_status(&bad, &none, d(3, 1), tol)
            .unwrap_err()
            .to_string(),
        "invalid `promise.date` value `2026-02-01`: is before the day it was made `2026-03-01`"
    );
    let bad = Promise {
        date: d(3, 10),
        ..bad
    };
    assert_eq!(
        promise_status(&bad, &none, d(3, 1), tol)
            .unwrap_err()
            .to_string(),
        "invalid `promise.cancelled_on` value `2026-02-20`: is before the day it was made `2026-03-01`"
    );
    let bad = Promise {
        cancelled_on: None,
        ..bad
    };
    assert_eq!(
        promise_status(&bad, &none, d(3, 1), tol)
            .unwrap_err()
            .to_string(),
        "invalid `promise.amount` value `0 CNY`: must be positive, in whole minor units"
    );
    let usd = Promise {
        amount: Money::new(Decimal::from(5), Currency::USD),
        ..p.clone()
    };
    assert!(promise_status(&usd, &kept, d(3, 31), tol).is_err());
}

#[test]
fn kept_rate() {
    let paid = cny(1);
    let statuses = [
        PromiseStatus::Kept { on: d(3, 1), paid },
        PromiseStatus::Kept { on: d(3, 2), paid },
        PromiseStatus::Broken {
            paid: cny(0),
            short: paid,
        },
        PromiseStatus::Pending { paid: cny(0) },
        PromiseStatus::Cancelled {
            on: d(3, 3),
            paid: cny(0),
        },
    ];
    // 2 kept of 3 decided.
    assert_eq!(
        PromiseStatus::kept_rate(&statuses),
        Some(Decimal::from(2) / Decimal::from(3))
    );
    assert_eq!(PromiseStatus::kept_rate(&statuses[3..]), None);
}

fn schedule() -> Vec<(NaiveDate, Money)> {
    vec![
        (d(4, 1), cny(100)),
        (d(5, 1), cny(100)),
        (d(6, 1), cny(100)),
    ]
}

#[test]
fn plan_on_track_defaulted_with_clawback_and_completed() {
    let policy = MonitorPolicy::standard();
    let mut waived = Breakdown::zero(Currency::CNY);
    waived.set(Component::Penalty, Decimal::from(50));
    let l = ledger(&[("P1", d(4, 1), 100)]);
    let report =
        |as_of| monitor_plan("PL", &schedule(), &waived, d(3, 20), &l, as_of, &policy).unwrap();
    assert_eq!(report(d(5, 6)).status, PlanStatus::OnTrack { missed: 0 });
    assert_eq!(report(d(5, 7)).status, PlanStatus::OnTrack { missed: 1 });
    let r = report(d(6, 7));
    assert_eq!(
        r.status,
        PlanStatus::Defaulted {
            on: d(6, 7),
            missed: 2
        }
    );
    assert_eq!(r.clawback.len(), 1);
    assert_eq!(r.clawback[0].id().as_str(), "PL-CB-penalty");
    assert_eq!(r.clawback[0].value_date(), d(6, 7));
    assert_eq!(
        r.clawback[0].kind(),
        &TxKind::Charge {
            component: Component::Penalty,
            amount: cny(50),
            installment: None,
            rule: Some("plan.clawback".to_string()),
        }
    );
    let all = ledger(&[
        ("P1", d(4, 1), 100),
        ("P2", d(5, 3), 150),
        ("P3", d(6, 1), 50),
    ]);
    let r = monitor_plan(
        "PL",
        &schedule(),
        &waived,
        d(3, 20),
        &all,
        d(6, 30),
        &policy,
    )
    .unwrap();
    assert_eq!(r.status, PlanStatus::Completed { on: d(6, 1) });
    assert_eq!(r.installments[1].paid_on, Some(d(5, 3)));
    assert!(r.clawback.is_empty());
    assert!(monitor_plan("PL", &[], &waived, d(3, 20), &all, d(6, 30), &policy).is_err());
}

#[test]
fn reage_limits() {
    let policy = MonitorPolicy::standard();
    assert!(reage_refusals(&[], 3, d(6, 1), &policy).is_empty());
    let r = reage_refusals(&[d(1, 10)], 2, d(6, 1), &policy);
    let rules: Vec<_> = r
        .iter()
        .map(|x| (x.rule.as_str(), x.limit, x.actual))
        .collect();
    assert_eq!(
        rules,
        [
            ("plan.reage.frequency", 1, 1),
            ("plan.reage.payments", 3, 2)
        ]
    );
    assert_eq!(
        r[0].message,
        "1 re-age(s) in the 12 months to 2026-06-01; at most 1 allowed"
    );
    let err = MonitorPolicy::new(
        0,
        Tolerance {
            amount: Decimal::NEGATIVE_ONE,
            days: 0,
        },
        true,
        " ",
        1,
        1,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid policy: `missed_for_default` = `0`: must be at least 1; `tolerance.amount` = `-1`: must not be \
         negative; `clawback_rule` = ``: a claw-back needs a rule id"
    );
}

#[test]
fn accepted_plan_as_an_account_measures_dpd_on_the_plan() {
    use crate::delinquency::{Delinquency, DelinquencyOptions};
    use crate::loan::{Account, Frequency, Loan, LoanTerms, RepaymentMethod};
    use crate::money::Rate;
    use crate::plan::{evaluate, DebtorFacts, NegotiationPolicy, PlanAccount, PlanRequest, Term};
    // CNY 1,200 due 02-01, nothing paid; on 03-01 the debtor agrees 4 × 300.
    let loan = Loan::new(LoanTerms::new(
        "L",
        cny(1200),
        d(1, 1),
        Rate::ZERO,
        RepaymentMethod::Bullet,
        1,
        d(2, 1),
    ))
    .unwrap();
    let position = loan.position(d(3, 1)).unwrap();
    let request = PlanRequest::new(
        Currency::CNY,
        vec![Term::Installments {
            count: 4,
            frequency: Frequency::Monthly,
            first_due: d(3, 15),
            down_payment: None,
        }],
    );
    let decision = evaluate(
        &request,
        &position,
        &DebtorFacts::default(),
        &NegotiationPolicy::cn(),
        d(3, 1),
    )
    .unwrap();
    let plan = decision.plan().unwrap();
    let mut account = PlanAccount::new("L-PLAN", plan, d(3, 1)).unwrap();
    account
        .record(Transaction::repayment("P1", d(3, 15), cny(300)))
        .unwrap();
    let opts = DelinquencyOptions::default();
    // On the original loan the debtor is 57 days late; on the plan, current.
    assert_eq!(
        Delinquency::assess(&loan.position(d(3, 30)).unwrap(), &opts).days_past_due(),
        57
    );
    assert_eq!(
        Delinquency::assess(&account.position(d(3, 30)).unwrap(), &opts).days_past_due(),
        0
    );
    // The April installment is missed: 10 days late on 04-25.
    assert_eq!(
        Delinquency::assess(&account.position(d(4, 25)).unwrap(), &opts).days_past_due(),
        10
    );
    assert!(PlanAccount::new("L-PLAN", plan, d(3, 20)).is_err());

    // Deserializing checks the account as `new` does (found by a review:
    // it took any installments and ledger as they were).
    let json = serde_json::to_string(&account).unwrap();
    let back: PlanAccount = serde_json::from_str(&json).unwrap();
    assert_eq!(back, account);
    let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let err = |v: &serde_json::Value| {
        serde_json::from_value::<PlanAccount>(v.clone())
            .unwrap_err()
            .to_string()
    };
    v["obligations"][1]["due_date"] = "2026-02-01".into();
    assert!(err(&v).contains("`obligations[1].due_date`"), "{}", err(&v));
    v["obligations"][1]["seq"] = 7.into();
    assert!(err(&v).contains("`obligations[1].seq`"), "{}", err(&v));
    // An installment of nothing, or finer than the minor unit (found by a
    // later review: both were read).
    let fresh = || -> serde_json::Value { serde_json::from_str(&json).unwrap() };
    let mut zero = fresh();
    for c in ["penalty", "fee", "interest", "principal"] {
        zero["obligations"][0]["due"][c] = "0".into();
    }
    assert!(
        err(&zero).contains(
            "invalid `obligations[0].due` value `0`: an installment must ask for something"
        ),
        "{}",
        err(&zero)
    );
    let mut fine = fresh();
    fine["obligations"][0]["due"]["principal"] = "10.005".into();
    assert!(
        err(&fine).contains("invalid `obligations[0].due.principal` value `10.005`"),
        "{}",
        err(&fine)
    );
    v["obligations"] = serde_json::json!([]);
    assert!(err(&v).contains("`obligations`"), "{}", err(&v));
    // A ledger is read through `Ledger::record`: a duplicate id is refused.
    let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let tx = v["ledger"]["transactions"][0].clone();
    v["ledger"]["transactions"] = serde_json::json!([tx.clone(), tx]);
    assert!(err(&v).contains("duplicate transaction id"), "{}", err(&v));
}

/// Made-up installments: under `Total` every missed one counts; under
/// `InArrears` (the `uk` preset, CONC 7.3.3G) only those still unpaid.
#[test]
fn made_up_installments_count_only_under_total() {
    let waived = Breakdown::zero(Currency::CNY);
    // #1 (due 04-01, grace to 04-06) paid 04-10; #2 (due 05-01, grace to
    // 05-06) paid 05-10; #3 paid on time.
    let late = ledger(&[
        ("P1", d(4, 10), 100),
        ("P2", d(5, 10), 100),
        ("P3", d(6, 1), 100),
    ]);
    let run = |l: &Ledger, as_of, policy: &MonitorPolicy| {
        monitor_plan("PL", &schedule(), &waived, d(3, 20), l, as_of, policy)
            .unwrap()
            .status
    };
    let total = MonitorPolicy::standard();
    assert_eq!(total.missed_count(), MissedCount::Total);
    // The second grace period ends unpaid: default the next day.
    assert_eq!(
        run(&late, d(6, 30), &total),
        PlanStatus::Defaulted {
            on: d(5, 7),
            missed: 2
        }
    );
    let uk = MonitorPolicy::uk();
    // On 05-07 #1 is made up: two missed, one in arrears, no default.
    assert_eq!(run(&late, d(5, 7), &uk), PlanStatus::OnTrack { missed: 2 });
    assert_eq!(
        run(&late, d(6, 30), &uk),
        PlanStatus::Completed { on: d(6, 1) }
    );
    // #1 still unpaid on 05-07 (paid 05-20, 200 covering #1 and #2): two
    // in arrears at once, default on 05-07.
    let behind = ledger(&[("P1", d(5, 20), 200)]);
    assert_eq!(
        run(&behind, d(6, 30), &uk),
        PlanStatus::Defaulted {
            on: d(5, 7),
            missed: 3
        }
    );
    // A payment on the day after the grace period is too late for it.
    let edge = ledger(&[("P1", d(4, 10), 100), ("P2", d(5, 7), 100)]);
    assert_eq!(run(&edge, d(5, 7), &uk), PlanStatus::OnTrack { missed: 2 });
    let edge = ledger(&[("P2", d(5, 7), 200)]);
    assert_eq!(
        run(&edge, d(5, 7), &uk),
        PlanStatus::Defaulted {
            on: d(5, 7),
            missed: 2
        }
    );
    // Serde: the field defaults to `total`, and round-trips.
    let back: MonitorPolicy = serde_json::from_str(&serde_json::to_string(&uk).unwrap()).unwrap();
    assert_eq!(back, uk);
}

mod review;
