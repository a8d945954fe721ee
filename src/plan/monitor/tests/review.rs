//! Cases from the review of reminders and plan monitoring (2026-11-28),
//! each with its figures.

use super::*;

/// A ledger of repayments in minor units.
fn ledger_cents(payments: &[(&str, NaiveDate, i64)]) -> Ledger {
    let mut l = Ledger::new(Currency::CNY, d(1, 1));
    for (id, date, cents) in payments {
        l.record(Transaction::repayment(
            id,
            *date,
            Money::from_minor(*cents, Currency::CNY),
        ))
        .unwrap();
    }
    l
}

/// Records a reversal `id` of payment `of`, value-dated `day`.
fn reverse(l: &mut Ledger, id: &str, of: &str, day: NaiveDate) {
    l.record(Transaction::new(
        id,
        day,
        TxKind::Reversal {
            of: TxId::new(of).unwrap(),
        },
    ))
    .unwrap();
}

fn waived_penalty(amount: i64, currency: Currency) -> Breakdown {
    let mut w = Breakdown::zero(currency);
    w.set(Component::Penalty, Decimal::from(amount));
    w
}

fn run(schedule: &[(NaiveDate, Money)], l: &Ledger, as_of: NaiveDate) -> Result<PlanReport> {
    let waived = waived_penalty(200, Currency::CNY);
    monitor_plan(
        "PL",
        schedule,
        &waived,
        d(3, 20),
        l,
        as_of,
        &MonitorPolicy::standard(),
    )
}

/// A one-payment settlement of 800 with nothing paid defaulted never (two
/// missed installments default a plan, and it has one): a year later it was
/// on track and the 200 waived was never clawed back. A plan that has run
/// its course unpaid now defaults the day after its last grace period.
#[test]
fn a_plan_run_out_unpaid_defaults() {
    let settlement = [(d(4, 1), cny(800))];
    let none = ledger(&[]);
    assert_eq!(
        run(&settlement, &none, d(4, 6)).unwrap().status,
        PlanStatus::OnTrack { missed: 0 }
    );
    let r = run(&settlement, &none, d(12, 31)).unwrap();
    assert_eq!(
        r.status,
        PlanStatus::Defaulted {
            on: d(4, 7),
            missed: 1
        }
    );
    assert_eq!(r.clawback.len(), 1);
    assert_eq!(r.clawback[0].value_date(), d(4, 7));
    // Three of 100, the last paid 40 only: default on 06-07, after its
    // grace (5 days), with one installment missed.
    let short = ledger(&[
        ("P1", d(4, 1), 100),
        ("P2", d(5, 1), 100),
        ("P3", d(6, 1), 40),
    ]);
    assert_eq!(
        run(&schedule(), &short, d(6, 6)).unwrap().status,
        PlanStatus::OnTrack { missed: 0 }
    );
    assert_eq!(
        run(&schedule(), &short, d(6, 7)).unwrap().status,
        PlanStatus::Defaulted {
            on: d(6, 7),
            missed: 1
        }
    );
    // Paid in full within grace: completed, not defaulted.
    let late_ok = ledger(&[
        ("P1", d(4, 1), 100),
        ("P2", d(5, 1), 100),
        ("P3", d(6, 6), 100),
    ]);
    assert_eq!(
        run(&schedule(), &late_ok, d(12, 31)).unwrap().status,
        PlanStatus::Completed { on: d(6, 6) }
    );
}

/// A payment reversed on 06-01 made the plan "default on 05-07", with the
/// claw-back dated 05-07, though on 05-31 it was on track: the report
/// changed its past. A monitor run daily sees the reopened installment as
/// it sees any other: due again, with the grace days from the reversal
/// (to 06-06). Unpaid by then, with #2 missed, the plan defaults on 06-07.
#[test]
fn a_reversal_defaults_the_plan_on_its_own_days() {
    let mut l = ledger(&[("P1", d(4, 1), 100)]);
    assert_eq!(
        run(&schedule(), &l, d(5, 31)).unwrap().status,
        PlanStatus::OnTrack { missed: 1 }
    );
    reverse(&mut l, "R1", "P1", d(6, 1));
    assert_eq!(
        run(&schedule(), &l, d(6, 6)).unwrap().status,
        PlanStatus::OnTrack { missed: 1 }
    );
    let r = run(&schedule(), &l, d(6, 7)).unwrap();
    assert_eq!(
        r.status,
        PlanStatus::Defaulted {
            on: d(6, 7),
            missed: 3
        }
    );
    assert_eq!(r.clawback[0].value_date(), d(6, 7));
    // The day before the reversal, it is not in effect.
    assert_eq!(
        run(&schedule(), &l, d(5, 31)).unwrap().status,
        PlanStatus::OnTrack { missed: 1 }
    );
}

/// From the review of these fixes: a last installment paid the day after
/// its grace period counted as completed (the run-out check read that
/// day's payment) while the report showed it missed; and a reversal long
/// after completion defaulted the plan at once, with no time to pay again.
#[test]
fn run_out_reads_the_grace_period_and_a_reversal_gets_one() {
    let settlement = [(d(4, 1), cny(800))];
    // Grace to 04-06; paid 04-07: late, so defaulted on 04-07.
    let late = ledger(&[("P1", d(4, 7), 800)]);
    let r = run(&settlement, &late, d(4, 30)).unwrap();
    assert_eq!(
        r.status,
        PlanStatus::Defaulted {
            on: d(4, 7),
            missed: 1
        }
    );
    assert!(r.installments[0].missed);
    // Paid on the last day of grace: completed.
    let in_time = ledger(&[("P1", d(4, 6), 800)]);
    assert_eq!(
        run(&settlement, &in_time, d(4, 30)).unwrap().status,
        PlanStatus::Completed { on: d(4, 6) }
    );
    // Completed 06-01, the last payment reversed 09-01: 5 days' grace from
    // the reversal (to 09-06). Paid again 09-06: completed; not paid:
    // defaulted on 09-07, the claw-back dated then.
    let reversed = |again: Option<NaiveDate>| {
        let mut l = ledger(&[
            ("P1", d(4, 1), 100),
            ("P2", d(5, 1), 100),
            ("P3", d(6, 1), 100),
        ]);
        reverse(&mut l, "R3", "P3", d(9, 1));
        if let Some(day) = again {
            l.record(Transaction::repayment("P4", day, cny(100)))
                .unwrap();
        }
        l
    };
    assert_eq!(
        run(&schedule(), &reversed(None), d(9, 6)).unwrap().status,
        PlanStatus::OnTrack { missed: 0 }
    );
    let r = run(&schedule(), &reversed(None), d(9, 7)).unwrap();
    assert_eq!(
        r.status,
        PlanStatus::Defaulted {
            on: d(9, 7),
            missed: 1
        }
    );
    assert_eq!(r.clawback[0].value_date(), d(9, 7));
    assert_eq!(
        run(&schedule(), &reversed(Some(d(9, 6))), d(12, 31))
            .unwrap()
            .status,
        PlanStatus::Completed { on: d(9, 6) }
    );
}

/// The monitor policy reports what it holds (a review: its status and
/// re-age limits had no getters, and it had no `validate`).
#[test]
fn monitor_policy_reports_its_terms() {
    let p = MonitorPolicy::standard();
    assert_eq!(p.clawback_rule(), "plan.clawback");
    assert_eq!(
        (
            p.reage_max_per_12_months(),
            p.reage_min_consecutive_payments()
        ),
        (1, 3)
    );
    assert_eq!(p.status(), RuleStatus::Unverified);
    assert!(p.validate().is_ok());
}

/// From the seventh review (Low): the promise monitor summed the payments
/// afresh for each payment day, quadratic in payments (2.7 s for 8,000 in
/// a debug build). It is one pass now (by construction: a running sum over
/// the sorted days); this holds the one pass to the old results: 5,000
/// payments of 0.01 sum exactly, and a reversal on the day a later payment
/// arrives is netted before the check.
#[test]
fn promise_status_sums_in_one_pass() {
    let promise = Promise {
        amount: cny(1_000),
        date: d(6, 30),
        made_on: d(1, 1),
        cancelled_on: None,
    };
    let mut l = Ledger::new(Currency::CNY, d(1, 1));
    for k in 0..5_000u32 {
        l.record(Transaction::repayment(
            &format!("P{k}"),
            d(1, 2),
            Money::from_minor(1, Currency::CNY),
        ))
        .unwrap();
    }
    let t = promise_status(&promise, &l, d(12, 31), Tolerance::default()).unwrap();
    assert_eq!(
        t,
        PromiseStatus::Broken {
            paid: cny(50),
            short: cny(950)
        }
    );
    // 600 paid 03-01, 500 more 03-02 with the 600 reversed the same day:
    // 500 at the end of 03-02, not kept; 500 more on 03-03 keeps it.
    let mut l = ledger(&[("A", d(3, 1), 600), ("B", d(3, 2), 500)]);
    reverse(&mut l, "RA", "A", d(3, 2));
    assert_eq!(
        promise_status(&promise, &l, d(3, 2), Tolerance::default()).unwrap(),
        PromiseStatus::Pending { paid: cny(500) }
    );
    l.record(Transaction::repayment("C", d(3, 3), cny(500)))
        .unwrap();
    assert_eq!(
        promise_status(&promise, &l, d(3, 31), Tolerance::default()).unwrap(),
        PromiseStatus::Kept {
            on: d(3, 3),
            paid: cny(1_000)
        }
    );
}

/// RULES.md §4: plan monitoring follows industry conventions, `[U]`,
/// which are flagged in output. The report cites `plan.default` with its
/// figures, and the claw-back rule when it claws back; a re-age refusal
/// carries its status.
#[test]
fn monitor_outputs_cite_their_rules_with_status() {
    let none = ledger(&[]);
    let r = run(&schedule(), &none, d(4, 30)).unwrap();
    assert_eq!(r.status, PlanStatus::OnTrack { missed: 1 });
    assert_eq!(r.rules.len(), 1);
    assert_eq!(r.rules[0].id, "plan.default");
    assert_eq!(r.rules[0].status, RuleStatus::Unverified);
    assert_eq!(
        r.rules[0].citation,
        "default after 2 missed plan installments (made up or not), or the last unpaid by its \
         deadline; 5 days' grace and no shortfall per installment (industry convention, \
         RULES.md §4)"
    );
    let one = MonitorPolicy::new(
        1,
        Tolerance {
            amount: Decimal::new(50, 2),
            days: 1,
        },
        false,
        "",
        1,
        3,
    )
    .unwrap();
    assert_eq!(
        one.default_rule().citation,
        "default after 1 missed plan installment (made up or not), or the last unpaid by its \
         deadline; 1 day's grace and a shortfall of up to 0.50 (in the plan's currency) per \
         installment (industry convention, RULES.md §4)"
    );
    let r = run(&schedule(), &none, d(5, 31)).unwrap();
    assert_eq!(
        r.status,
        PlanStatus::Defaulted {
            on: d(5, 7),
            missed: 2
        }
    );
    let ids: Vec<&str> = r.rules.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(ids, ["plan.default", "plan.clawback"]);
    assert_eq!(r.clawback[0].id().as_str(), "PL-CB-penalty");
    assert!(MonitorPolicy::uk()
        .default_rule()
        .citation
        .contains("(not made up)"));
    let refusals = reage_refusals(&[d(1, 5)], 1, d(6, 1), &MonitorPolicy::standard());
    assert_eq!(refusals.len(), 2);
    assert!(refusals.iter().all(|x| x.status == RuleStatus::Unverified));
}

mod bounces;
mod inputs;
