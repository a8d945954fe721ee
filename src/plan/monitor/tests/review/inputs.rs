//! Inputs the monitors check or refuse: currencies, plan ids, promise
//! inputs, chargebacks in their window.

use super::*;

/// A CNY plan "paid" from a USD ledger was completed; a USD waiver on a
/// CNY plan gave a 50 USD claw-back. Both are refused, naming the field.
#[test]
fn currencies_are_checked_against_the_schedule() {
    let mut usd = Ledger::new(Currency::USD, d(1, 1));
    usd.record(Transaction::repayment(
        "P1",
        d(4, 1),
        Money::new(Decimal::from(100), Currency::USD),
    ))
    .unwrap();
    assert_eq!(
        run(&schedule(), &usd, d(6, 30)).unwrap_err().to_string(),
        "invalid `ledger.currency` value `USD`: the plan's schedule is in CNY"
    );
    let waived = waived_penalty(50, Currency::USD);
    let err = monitor_plan(
        "PL",
        &schedule(),
        &waived,
        d(3, 20),
        &ledger(&[]),
        d(6, 30),
        &MonitorPolicy::standard(),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid `waived.currency` value `USD`: the plan's schedule is in CNY"
    );
    // An amount finer than the minor unit can never be paid exactly.
    let fine = [(d(4, 1), Money::new(Decimal::new(100_005, 3), Currency::CNY))];
    assert_eq!(
        run(&fine, &ledger(&[]), d(6, 30)).unwrap_err().to_string(),
        "invalid `schedule[0].amount` value `100.005 CNY`: must be positive, in one currency, in \
         whole minor units"
    );
}

/// A 60-character plan id gave claw-back ids the ledger then refused; an
/// empty one gave `-CB-principal`. Both are refused up front.
#[test]
fn plan_ids_must_make_recordable_clawbacks() {
    let waived = waived_penalty(50, Currency::CNY);
    let policy = MonitorPolicy::standard();
    for id in ["", &"P".repeat(60)] {
        let err = monitor_plan(
            id,
            &schedule(),
            &waived,
            d(3, 20),
            &ledger(&[]),
            d(6, 30),
            &policy,
        )
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("invalid `plan_id` value"), "{err}");
    }
}

/// A promise: a negative tolerance gave "broken" with nothing short, one
/// covering the whole amount "broken" with nothing paid, 100.004 CNY could
/// never be kept, a USD promise on a CNY ledger raised nothing, and a huge
/// day tolerance blamed `promise.date`. Each is refused, naming the field.
#[test]
fn promise_inputs_are_checked() {
    let p = Promise {
        amount: cny(1),
        date: d(3, 10),
        made_on: d(3, 1),
        cancelled_on: None,
    };
    let l = ledger(&[("P1", d(3, 10), 1)]);
    let tol = |amount: Decimal, days: u32| Tolerance { amount, days };
    let err =
        |p: &Promise, t: Tolerance| promise_status(p, &l, d(3, 20), t).unwrap_err().to_string();
    assert_eq!(
        err(&p, tol(Decimal::from(-5), 0)),
        "invalid `tolerance.amount` value `-5`: must not be negative"
    );
    // A tolerance of the whole promise still needs a payment: one monitor
    // tolerance serves promises of every size (a second review).
    let none = ledger(&[]);
    assert_eq!(
        promise_status(&p, &none, d(3, 20), tol(Decimal::ONE, 0)).unwrap(),
        PromiseStatus::Broken {
            paid: cny(0),
            short: cny(1)
        }
    );
    let small = ledger_cents(&[("P1", d(3, 10), 1)]);
    assert_eq!(
        promise_status(&p, &small, d(3, 20), tol(Decimal::ONE, 0)).unwrap(),
        PromiseStatus::Kept {
            on: d(3, 10),
            paid: Money::new(Decimal::new(1, 2), Currency::CNY)
        }
    );
    assert_eq!(
        err(&p, tol(Decimal::ZERO, u32::MAX)),
        "invalid `tolerance.days` value `4294967295`: takes the promise date 2026-03-10 beyond the \
         calendar"
    );
    let fine = Promise {
        amount: Money::new(Decimal::new(100_004, 3), Currency::CNY),
        ..p.clone()
    };
    assert_eq!(
        err(&fine, tol(Decimal::ZERO, 0)),
        "invalid `promise.amount` value `100.004 CNY`: must be positive, in whole minor units"
    );
    let usd = Promise {
        amount: Money::new(Decimal::from(100), Currency::USD),
        ..p.clone()
    };
    assert_eq!(
        err(&usd, tol(Decimal::ZERO, 0)),
        "invalid `ledger.currency` value `CNY`: the promise is in USD"
    );
    assert_eq!(
        promise_status(&p, &l, d(3, 20), tol(Decimal::ZERO, 0)).unwrap(),
        PromiseStatus::Kept {
            on: d(3, 10),
            paid: cny(1)
        }
    );
    // A policy's day tolerance is held to a year.
    assert_eq!(
        MonitorPolicy::new(2, tol(Decimal::ZERO, u32::MAX), true, "plan.clawback", 1, 3)
            .unwrap_err()
            .to_string(),
        "invalid policy: `tolerance.days` = `4294967295`: must be at most 366 (a year)"
    );
}

/// From the seventh review (Medium): a chargeback says an amount is owed
/// again, not which payment was taken back, and the monitors ignored it:
/// a settlement paid and charged back came out Completed, a promise Kept,
/// while `PlanAccount` on the same ledger was 12 days past due. Both
/// monitors now refuse a chargeback in their window, naming it.
#[test]
fn monitors_refuse_a_chargeback_in_their_window() {
    let settlement = [(d(4, 1), cny(100))];
    let mut l = ledger(&[("P1", d(4, 1), 100)]);
    l.record(Transaction::new(
        "CB1",
        d(4, 3),
        TxKind::Chargeback {
            amount: cny(100),
            installment: None,
        },
    ))
    .unwrap();
    let err = run(&settlement, &l, d(4, 30)).unwrap_err().to_string();
    assert!(
        err.starts_with("invalid `ledger` value `CB1`: holds a chargeback on 2026-04-03"),
        "{err}"
    );
    // Before the chargeback's day it is not in the window.
    assert_eq!(
        run(&settlement, &l, d(4, 2)).unwrap().status,
        PlanStatus::Completed { on: d(4, 1) }
    );
    let promise = Promise {
        amount: cny(100),
        date: d(4, 5),
        made_on: d(3, 25),
        cancelled_on: None,
    };
    // Not kept by 04-03 (200 promised, 100 paid): the chargeback could
    // change the verdict.
    let short = Promise {
        amount: cny(200),
        ..promise.clone()
    };
    let err = promise_status(&short, &l, d(4, 30), Tolerance::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("`CB1`"), "{err}");
    // A chargeback before the promise was made is not in its window.
    let later = Promise {
        made_on: d(4, 4),
        date: d(4, 10),
        ..promise.clone()
    };
    assert_eq!(
        promise_status(&later, &l, d(4, 30), Tolerance::default()).unwrap(),
        PromiseStatus::Broken {
            paid: cny(0),
            short: cny(100)
        }
    );
    // An eighth review: nor is one after the window closed (the verdict
    // was made: kept on 04-01, due 04-02), and a ninth: nor one after it
    // was kept, within the window (due 04-05), nor one on the day it was
    // cancelled (a payment that day could not keep it).
    let kept = Promise {
        date: d(4, 2),
        ..promise.clone()
    };
    assert_eq!(
        promise_status(&kept, &l, d(4, 30), Tolerance::default()).unwrap(),
        PromiseStatus::Kept {
            on: d(4, 1),
            paid: cny(100)
        }
    );
    let unpaid = ledger_cents(&[]);
    let mut cancelled_cb = unpaid.clone();
    cancelled_cb
        .record(Transaction::new(
            "CB9",
            d(4, 3),
            TxKind::Chargeback {
                amount: cny(1),
                installment: None,
            },
        ))
        .unwrap();
    let withdrawn = Promise {
        cancelled_on: Some(d(4, 3)),
        ..promise.clone()
    };
    assert_eq!(
        promise_status(&withdrawn, &cancelled_cb, d(4, 30), Tolerance::default()).unwrap(),
        PromiseStatus::Cancelled {
            on: d(4, 3),
            paid: cny(0)
        }
    );
    let kept_early = Promise {
        date: d(4, 5),
        ..promise.clone()
    };
    let mut after = ledger(&[("P1", d(4, 1), 100)]);
    after
        .record(Transaction::new(
            "CB2",
            d(4, 3),
            TxKind::Chargeback {
                amount: cny(100),
                installment: None,
            },
        ))
        .unwrap();
    assert_eq!(
        promise_status(&kept_early, &after, d(4, 30), Tolerance::default()).unwrap(),
        PromiseStatus::Kept {
            on: d(4, 1),
            paid: cny(100)
        }
    );
    // A chargeback reversed by the report's date is not in effect.
    reverse(&mut l, "RCB1", "CB1", d(4, 4));
    assert_eq!(
        run(&settlement, &l, d(4, 30)).unwrap().status,
        PlanStatus::Completed { on: d(4, 1) }
    );
    assert!(run(&settlement, &l, d(4, 3)).is_err());
    assert!(promise_status(&short, &l, d(4, 30), Tolerance::default()).is_ok());
}
