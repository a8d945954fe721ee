//! Reversed (bounced) payments: who gets time again, how much, and what a
//! bank's batching or a payment that paid nothing changes.

use super::*;

/// From the third review of this logic: a reversal counted the installments
/// it reopened as missed on its own day (their old grace periods long
/// past), and a reversal that reopened nothing (a payment before the plan,
/// a bounced 0.01) still moved the run-out; a tolerance above the
/// installments completed the plan for 0.01.
#[test]
fn only_reopened_installments_get_a_new_grace_and_tolerances_need_payments() {
    // All three paid on time; the first payment bounces on 09-01. Oldest
    // first, P2 and P3 now pay #1 and #2 and #3 is open: each gets grace to
    // 09-06. Paid again 09-02: completed, nothing missed.
    let paid = || {
        ledger(&[
            ("P1", d(4, 1), 100),
            ("P2", d(5, 1), 100),
            ("P3", d(6, 1), 100),
        ])
    };
    let mut again = paid();
    reverse(&mut again, "R1", "P1", d(9, 1));
    again
        .record(Transaction::repayment("P4", d(9, 2), cny(100)))
        .unwrap();
    let r = run(&schedule(), &again, d(12, 31)).unwrap();
    assert_eq!(r.status, PlanStatus::Completed { on: d(9, 2) });
    assert!(
        r.installments.iter().all(|i| !i.missed),
        "{:?}",
        r.installments
    );
    // Not paid again: run out on 09-07, #3 the one missed.
    let mut not = paid();
    reverse(&mut not, "R1", "P1", d(9, 1));
    assert_eq!(
        run(&schedule(), &not, d(12, 31)).unwrap().status,
        PlanStatus::Defaulted {
            on: d(9, 7),
            missed: 1
        }
    );
    // A payment before the plan's start (03-20), reversed, reopens nothing:
    // the unpaid settlement runs out on 04-07 all the same.
    let settlement = [(d(4, 1), cny(800))];
    let mut early = ledger(&[("P0", d(3, 10), 50)]);
    reverse(&mut early, "R0", "P0", d(4, 5));
    assert_eq!(
        run(&settlement, &early, d(12, 31)).unwrap().status,
        PlanStatus::Defaulted {
            on: d(4, 7),
            missed: 1
        }
    );
    // After the 09-01 reopening, a bounced 0.01 reopens nothing more.
    let mut bounce = paid();
    reverse(&mut bounce, "R1", "P1", d(9, 1));
    bounce
        .record(Transaction::repayment(
            "C",
            d(9, 3),
            Money::from_minor(1, Currency::CNY),
        ))
        .unwrap();
    reverse(&mut bounce, "RC", "C", d(9, 4));
    assert_eq!(
        run(&schedule(), &bounce, d(12, 31)).unwrap().status,
        PlanStatus::Defaulted {
            on: d(9, 7),
            missed: 1
        }
    );
    // A tolerance of 150 over installments of 100: 0.01 pays #1 (its
    // shortfall within the tolerance), not the plan.
    let wide = MonitorPolicy::new(
        2,
        Tolerance {
            amount: Decimal::from(150),
            days: 5,
        },
        true,
        "plan.clawback",
        1,
        3,
    )
    .unwrap();
    let cent = ledger_cents(&[("P1", d(4, 1), 1)]);
    let r = monitor_plan(
        "PL",
        &schedule(),
        &waived_penalty(0, Currency::CNY),
        d(3, 20),
        &cent,
        d(6, 30),
        &wide,
    )
    .unwrap();
    assert_eq!(r.installments[0].paid_on, Some(d(4, 1)));
    assert_eq!(r.installments[1].paid_on, None);
    assert!(
        matches!(r.status, PlanStatus::Defaulted { .. }),
        "{:?}",
        r.status
    );
}

/// From the fourth review of this logic: a reversal erased misses already
/// made (a plan defaulted on 06-07 was "completed" once a payment of
/// #1 bounced on 05-25 and was paid again), and bounces of payments made
/// after the grace period put the default off for ever. Only a payment
/// made in time, bounced, moves a deadline; a miss stays made.
#[test]
fn a_reversal_never_erases_a_miss_or_postpones_for_ever() {
    let four = [
        (d(4, 1), cny(100)),
        (d(5, 1), cny(100)),
        (d(6, 1), cny(100)),
        (d(7, 1), cny(100)),
    ];
    // #2 and #3 paid late (grace to 05-06 and 06-06): defaulted 06-07.
    let base = || {
        ledger(&[
            ("P1", d(4, 1), 100),
            ("P2", d(5, 10), 100),
            ("P3", d(6, 10), 100),
            ("P4", d(7, 1), 100),
        ])
    };
    let defaulted = PlanStatus::Defaulted {
        on: d(6, 7),
        missed: 2,
    };
    assert_eq!(run(&four, &base(), d(7, 31)).unwrap().status, defaulted);
    let mut bounced = base();
    reverse(&mut bounced, "R1", "P1", d(5, 25));
    bounced
        .record(Transaction::repayment("P5", d(5, 26), cny(100)))
        .unwrap();
    assert_eq!(run(&four, &bounced, d(7, 31)).unwrap().status, defaulted);
    // A settlement of 800, paid and bounced every 6 days from 04-08 (after
    // its grace, to 04-06): it ran out on 04-07 whatever followed.
    let settlement = [(d(4, 1), cny(800))];
    let mut l = ledger(&[]);
    for k in 0..5u64 {
        let day = d(4, 8) + chrono::Days::new(6 * k);
        l.record(Transaction::repayment(&format!("S{k}"), day, cny(800)))
            .unwrap();
        reverse(
            &mut l,
            &format!("B{k}"),
            &format!("S{k}"),
            day + chrono::Days::new(1),
        );
    }
    assert_eq!(
        run(&settlement, &l, d(6, 5)).unwrap().status,
        PlanStatus::Defaulted {
            on: d(4, 7),
            missed: 1
        }
    );
    // Paid in time (04-01) and bounced (04-02): one new grace, to 04-07;
    // paid and bounced again after the first grace: no further one.
    let mut once = ledger(&[("S0", d(4, 1), 800)]);
    reverse(&mut once, "B0", "S0", d(4, 2));
    once.record(Transaction::repayment("S1", d(4, 7), cny(800)))
        .unwrap();
    reverse(&mut once, "B1", "S1", d(4, 8));
    assert_eq!(
        run(&settlement, &once, d(6, 5)).unwrap().status,
        PlanStatus::Defaulted {
            on: d(4, 8),
            missed: 1
        }
    );
}

/// From the fifth review: #2's payment bounced (05-03) and was made again
/// within the new deadline (05-07, by 05-08); then #1's bounced (05-20)
/// and the oldest-first allocation took #2's payment back for #1. #2 was
/// marked missed that day, its own payment never bounced again: the
/// allocation's shift gives it grace from 05-20 like #1's.
#[test]
fn a_payment_taken_back_by_the_allocation_gets_grace_too() {
    let mut l = ledger(&[("P1", d(4, 1), 100), ("P2", d(5, 1), 100)]);
    reverse(&mut l, "R2", "P2", d(5, 3));
    l.record(Transaction::repayment("P3", d(5, 7), cny(100)))
        .unwrap();
    reverse(&mut l, "R1", "P1", d(5, 20));
    let r = run(&schedule(), &l, d(5, 20)).unwrap();
    assert_eq!(r.status, PlanStatus::OnTrack { missed: 0 });
    assert!(r.installments.iter().all(|i| !i.missed));
    l.record(Transaction::repayment("P4", d(5, 22), cny(100)))
        .unwrap();
    l.record(Transaction::repayment("P5", d(6, 1), cny(100)))
        .unwrap();
    assert_eq!(
        run(&schedule(), &l, d(6, 30)).unwrap().status,
        PlanStatus::Completed { on: d(6, 1) }
    );
}

/// From the sixth review: whose payment bounced was told by its date. A
/// settlement paid in two halves, the older half bounced and paid again,
/// over and over, put the default off for ever (the late re-payment
/// finished it, so the bounce looked like another's); and of two
/// re-payments on one day, the one not bounced was taken for the bounced.
/// The payments behind each installment are now tracked.
#[test]
fn whose_payment_bounced_is_known_by_payment_not_date() {
    let settlement = [(d(4, 1), cny(800))];
    let mut halves = ledger(&[("H1", d(4, 1), 400), ("H2", d(4, 2), 400)]);
    let mut older = "H1".to_owned();
    for k in 0..6u64 {
        let bounce = d(4, 5) + chrono::Days::new(9 * k);
        reverse(&mut halves, &format!("B{k}"), &older, bounce);
        let again = format!("A{k}");
        halves
            .record(Transaction::repayment(
                &again,
                bounce + chrono::Days::new(4),
                cny(400),
            ))
            .unwrap();
        older = if k == 0 {
            "H2".to_owned()
        } else {
            format!("A{}", k - 1)
        };
    }
    // The first two bounces (04-05, 04-14) are of the halves made in time
    // (04-01, 04-02): each gives grace (to 04-10, met on 04-09; to 04-19,
    // met on 04-18). The third (04-23) bounces a replacement made after
    // the grace period (04-09): no new grace, and the deadline (04-19) has
    // passed, so it runs out that day.
    assert_eq!(
        run(&settlement, &halves, d(12, 31)).unwrap().status,
        PlanStatus::Defaulted {
            on: d(4, 23),
            missed: 1
        }
    );
    // #1 and #2 bounced 05-03 (grace to 05-08) and paid again 05-07 by
    // two payments; #1's (P3a) bounces 05-20. P3a was a replacement made
    // after #1's grace period (04-06): its bounce gives no time (an eighth
    // review), so #2, whose payment the allocation takes for #1, is open
    // past its deadline (05-08): missed.
    let mut l = ledger(&[("P1", d(4, 1), 100), ("P2", d(5, 1), 100)]);
    reverse(&mut l, "R1", "P1", d(5, 3));
    reverse(&mut l, "R2", "P2", d(5, 3));
    l.record(Transaction::repayment("P3a", d(5, 7), cny(100)))
        .unwrap();
    l.record(Transaction::repayment("P3b", d(5, 7), cny(100)))
        .unwrap();
    reverse(&mut l, "R3", "P3a", d(5, 20));
    let r = run(&schedule(), &l, d(5, 20)).unwrap();
    assert_eq!(r.status, PlanStatus::OnTrack { missed: 1 });
    let missed: Vec<bool> = r.installments.iter().map(|i| i.missed).collect();
    assert_eq!(missed, [false, true, false]);
}

/// From the seventh review (High): the settlement fix did not cover a plan
/// of two installments. Bouncing the older payment and paying again, over
/// and over, reopened #2 each time through the allocation, and each time
/// it got fresh grace ("by its deadline", a deadline the last bounce had
/// moved): the plan came out Completed with one miss. Only the bounce of a
/// payment made in time now gives time (an eighth review: "once per
/// installment" defaulted an honest debtor whose bank bounced two
/// payments).
#[test]
fn only_a_payment_made_in_time_gives_time_when_it_bounces() {
    let two = [(d(4, 1), cny(100)), (d(5, 1), cny(100))];
    let mut l = ledger(&[("P1", d(4, 1), 100), ("P2", d(5, 1), 100)]);
    reverse(&mut l, "R1", "P1", d(5, 10));
    l.record(Transaction::repayment("P3", d(5, 14), cny(100)))
        .unwrap();
    // P1 was made in time: #1 (now P2's) and #2 (reopened) are due again
    // by 05-15. P3 pays #2 on 05-14.
    assert_eq!(
        run(&two, &l, d(5, 24)).unwrap().status,
        PlanStatus::Completed { on: d(5, 14) }
    );
    reverse(&mut l, "R2", "P2", d(5, 25));
    l.record(Transaction::repayment("P4", d(5, 29), cny(100)))
        .unwrap();
    // P2 was made in time for #2 too: both due again by 05-30; P4 pays.
    assert_eq!(
        run(&two, &l, d(6, 8)).unwrap().status,
        PlanStatus::Completed { on: d(5, 29) }
    );
    reverse(&mut l, "R3", "P3", d(6, 9));
    l.record(Transaction::repayment("P5", d(6, 13), cny(100)))
        .unwrap();
    // P3 was a replacement made after #2's grace (05-06): its bounce gives
    // nothing, #2 is open past 05-30 and the plan has run out that day.
    assert_eq!(
        run(&two, &l, d(12, 31)).unwrap().status,
        PlanStatus::Defaulted {
            on: d(6, 9),
            missed: 1
        }
    );
}

/// From the eighth review (High, Medium): with "once per installment" an
/// honest debtor whose bank bounced two payments made in time defaulted
/// on the second bounce, with no time to pay again, and a bounce that
/// moved nothing used the installment's once up.
#[test]
fn a_bank_that_bounces_two_honest_payments_gives_time_twice() {
    let mut l = ledger(&[
        ("P1", d(4, 1), 100),
        ("P2", d(5, 1), 100),
        ("P3", d(6, 1), 100),
    ]);
    reverse(&mut l, "R1", "P1", d(6, 10));
    l.record(Transaction::repayment("P4", d(6, 12), cny(100)))
        .unwrap();
    reverse(&mut l, "R2", "P2", d(6, 20));
    assert_eq!(
        run(&schedule(), &l, d(6, 25)).unwrap().status,
        PlanStatus::OnTrack { missed: 0 }
    );
    l.record(Transaction::repayment("P5", d(6, 24), cny(100)))
        .unwrap();
    assert_eq!(
        run(&schedule(), &l, d(7, 31)).unwrap().status,
        PlanStatus::Completed { on: d(6, 24) }
    );
    // #2 paid early (04-28); P1 bounces 04-29 and is paid again 04-30,
    // moving nothing (#2's grace ends 05-06 anyway); P2 bounces 05-20:
    // #2 is due again by 05-25.
    let mut l = ledger(&[("P1", d(4, 1), 100), ("P2", d(4, 28), 100)]);
    reverse(&mut l, "R1", "P1", d(4, 29));
    l.record(Transaction::repayment("P1b", d(4, 30), cny(100)))
        .unwrap();
    reverse(&mut l, "R2", "P2", d(5, 20));
    assert_eq!(
        run(&schedule(), &l, d(5, 25)).unwrap().status,
        PlanStatus::OnTrack { missed: 0 }
    );
    assert_eq!(
        run(&schedule(), &l, d(5, 26)).unwrap().status,
        PlanStatus::OnTrack { missed: 1 }
    );
}

/// From the seventh review (Medium): under `InArrears` the count on a
/// reversal's day saw the bounce and not a payment made again the same
/// day, so a plan defaulted that no daily run would mark. In arrears is
/// now read at the start of each day.
#[test]
fn in_arrears_is_read_at_the_start_of_the_day() {
    let uk = MonitorPolicy::uk();
    let waived = Breakdown::zero(Currency::CNY);
    // #1 (grace to 04-06) paid late 04-10: missed, made up. #2 unpaid
    // since its grace ended 05-06: one in arrears. P1 bounces 05-20 and
    // is paid again that day.
    let mut l = ledger(&[("P1", d(4, 10), 100)]);
    reverse(&mut l, "R1", "P1", d(5, 20));
    l.record(Transaction::repayment("P2", d(5, 20), cny(100)))
        .unwrap();
    let status = |l: &Ledger, as_of| {
        monitor_plan("PL", &schedule(), &waived, d(3, 20), l, as_of, &uk)
            .unwrap()
            .status
    };
    assert_eq!(status(&l, d(5, 20)), PlanStatus::OnTrack { missed: 2 });
    assert_eq!(status(&l, d(5, 31)), PlanStatus::OnTrack { missed: 2 });
    // Not paid again: two in arrears from the start of 05-21.
    let mut bounced = ledger(&[("P1", d(4, 10), 100)]);
    reverse(&mut bounced, "R1", "P1", d(5, 20));
    assert_eq!(
        status(&bounced, d(5, 20)),
        PlanStatus::OnTrack { missed: 2 }
    );
    assert_eq!(
        status(&bounced, d(5, 31)),
        PlanStatus::Defaulted {
            on: d(5, 21),
            missed: 2
        }
    );
}

/// From the ninth review (High): a payment that paid nothing when made
/// (before the plan started) counted as made in time, so a debtor bouncing
/// each late replacement together with one 0.01 payment dated before the
/// start put the default off by two years for 1.00. A payment that paid
/// nothing excuses nothing. And (Medium, kept as the rule) a payment that
/// clears a late installment and prepays the next is judged by the late
/// one: its bounce gives no time.
#[test]
fn a_payment_that_paid_nothing_gives_no_time() {
    let two = [(d(4, 1), cny(100)), (d(5, 1), cny(100))];
    let mut l = ledger_cents(&[("E0", d(3, 19), 1), ("E1", d(3, 19), 1)]);
    l.record(Transaction::repayment("P", d(4, 1), cny(200)))
        .unwrap();
    // P was made in time: both due again by 05-15; A1 pays on 05-14.
    reverse(&mut l, "RP", "P", d(5, 10));
    l.record(Transaction::repayment("A1", d(5, 14), cny(200)))
        .unwrap();
    assert_eq!(
        run(&two, &l, d(5, 19)).unwrap().status,
        PlanStatus::Completed { on: d(5, 14) }
    );
    // A1 (a replacement after the grace periods) bounces beside E0 (made
    // before the start: it paid nothing): no time, and the plan has run
    // out unpaid.
    reverse(&mut l, "RA1", "A1", d(5, 20));
    reverse(&mut l, "RE0", "E0", d(5, 20));
    l.record(Transaction::repayment("A2", d(5, 25), cny(200)))
        .unwrap();
    assert_eq!(
        run(&two, &l, d(12, 31)).unwrap().status,
        PlanStatus::Defaulted {
            on: d(5, 20),
            missed: 2
        }
    );
    // #1 paid 99.99 (0.01 short, late); 100.01 on 04-20 clears #1 and
    // prepays #2; its bounce (05-10) gives no time: #2 is missed, and with
    // #1 two are.
    let mut mixed = ledger_cents(&[("Q1", d(4, 1), 9_999), ("Q2", d(4, 20), 10_001)]);
    reverse(&mut mixed, "RQ2", "Q2", d(5, 10));
    assert_eq!(
        run(&two, &mixed, d(5, 10)).unwrap().status,
        PlanStatus::Defaulted {
            on: d(5, 10),
            missed: 2
        }
    );
}

/// From a final review (Medium, Low): a payment that paid nothing (before
/// the start, or an overpayment) bounced beside an honest payment made in
/// time took its time away, and a late payment bounced the same day as one
/// made in time did too, where a day apart it did not. A payment that paid
/// nothing now neither gives nor takes time, and any payment made in time
/// bounced on a day gives it.
#[test]
fn a_bank_batching_bounces_changes_nothing() {
    let settlement = [(d(4, 1), cny(100))];
    let mut l = ledger(&[("OLD", d(3, 15), 50), ("P", d(4, 1), 100)]);
    reverse(&mut l, "ROLD", "OLD", d(4, 20));
    reverse(&mut l, "RP", "P", d(4, 20));
    assert_eq!(
        run(&settlement, &l, d(4, 25)).unwrap().status,
        PlanStatus::OnTrack { missed: 0 }
    );
    assert_eq!(
        run(&settlement, &l, d(4, 26)).unwrap().status,
        PlanStatus::Defaulted {
            on: d(4, 26),
            missed: 1
        }
    );
    // P1 in time, P2 late (#2 missed): bounced on one day or a day apart,
    // #1 is due again by 05-25 and #2 stays missed.
    for gap in [0u64, 1] {
        let mut l = ledger(&[("P1", d(4, 1), 100), ("P2", d(5, 10), 100)]);
        reverse(&mut l, "R1", "P1", d(5, 20));
        reverse(&mut l, "R2", "P2", d(5, 20) + chrono::Days::new(gap));
        let r = run(&schedule(), &l, d(5, 25)).unwrap();
        assert_eq!(r.status, PlanStatus::OnTrack { missed: 1 }, "gap {gap}");
        let missed: Vec<bool> = r.installments.iter().map(|i| i.missed).collect();
        assert_eq!(missed, [false, true, false], "gap {gap}");
    }
}
