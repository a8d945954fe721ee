//! Fixes from a review of the nightly close (2026-11-27), each kept as the
//! case that showed it, with the figures worked by hand.

use super::*;
use crate::accrual::{FeeBase, LateFeeRule, Posting, Recurrence};
use crate::delinquency::{DpdBasis, StageRange};
use crate::error::Error;
use crate::loan::Transaction;

/// A flat late fee of `amount` yuan, from DPD `after`, recurring as given.
fn flat_fee(amount: i64, after: u32, recurrence: Recurrence) -> LateFeeRule {
    let mut fee = AccrualPolicy::us().late_fees()[0].clone();
    fee.base = FeeBase::Flat {
        amount: Decimal::from(amount),
    };
    fee.min = None;
    fee.max = None;
    fee.after_days = after;
    fee.recurrence = recurrence;
    fee
}

/// A state for a 0 % loan of `principal` made 01-01, overdue since 02-01.
fn zero_rate_state(policy: &AccrualPolicy, principal: i64) -> LoanDay {
    let p = Decimal::from(principal);
    LoanDay::new(
        policy,
        Rate::ZERO,
        d(1, 1),
        Some(d(2, 1)),
        p,
        Decimal::ZERO,
        p,
        p,
    )
    .unwrap()
}

fn close_with(policy: &AccrualPolicy, scheme: StageScheme, grace: u32) -> ClosePolicy {
    ClosePolicy::new(
        policy,
        Currency::CNY,
        crate::calendar::DayCount::Act360,
        scheme,
        grace,
    )
    .unwrap()
}

/// A per-loan fee cap of 50 with a monthly flat fee of 30 from DPD 1: 30
/// on 02-02 and 20 on 03-02, then nothing, for the loan's whole life. The
/// state made anew after a payment on 04-10 (its balances changed) keeps
/// the count with `continuing`; it charged 30 and 20 again on 05-02 and
/// 06-02 (100.00 in all). `accrue` on the same loan: 50.
#[test]
fn a_state_made_after_a_payment_keeps_the_fee_cap_count() {
    let caps = Caps {
        fees_per_loan: Some(Decimal::from(50)),
        ..Caps::default()
    };
    let policy = AccrualPolicy::new("t")
        .with_late_fee(flat_fee(30, 1, Recurrence::Monthly))
        .with_caps(caps);
    let close = compile(&policy, 0);
    let mut s = zero_rate_state(&policy, 10_000);
    let mut total = Decimal::ZERO;
    let mut day = d(2, 2);
    while day < d(7, 1) {
        if day == d(4, 10) {
            // 1,000 paid: the 50 of fees, then 950 of principal.
            s = zero_rate_state(&policy, 9_050).continuing(&s);
        }
        total += close_day(&mut s, &close, day).unwrap().fee;
        day = day.succ_opt().unwrap();
    }
    assert_eq!(total, Decimal::from(50));
    let mut loan = Loan::new(LoanTerms::new(
        "B",
        Money::new(Decimal::from(10_000), Currency::CNY),
        d(1, 1),
        Rate::ZERO,
        RepaymentMethod::Bullet,
        1,
        d(2, 1),
    ))
    .unwrap();
    loan.record(Transaction::repayment(
        "P",
        d(4, 10),
        Money::new(Decimal::from(1_000), Currency::CNY),
    ))
    .unwrap();
    let r = accrue(&loan, d(2, 2), d(7, 1), &policy).unwrap();
    assert_eq!(r.total(AccrualKind::LateFee).unwrap().amount(), total);
}

/// RULES.md §1.1: regulatory classes use raw days past due. Under
/// `cn_card_2011` (raw basis) with 3 grace days, DPD 91 is 次级 (91–120),
/// index 2; the close took the grace off and gave 关注 (index 1). Under
/// `m0_m7` (delinquent basis) the grace still applies: DPD 31 is M1.
#[test]
fn stages_follow_the_scheme_basis() {
    let policy = AccrualPolicy::new("t");
    let mut s = zero_rate_state(&policy, 1_000);
    let raw = close_with(&policy, StageScheme::cn_card_2011(), 3);
    close_day(&mut s, &raw, d(2, 1) + chrono::Days::new(91)).unwrap();
    assert_eq!(s.stage, Some(2));
    let mut s = zero_rate_state(&policy, 1_000);
    let delinquent = close_with(&policy, StageScheme::m0_m7(), 3);
    close_day(&mut s, &delinquent, d(2, 1) + chrono::Days::new(31)).unwrap();
    assert_eq!(s.stage, Some(1));
}

/// The stage is `None` where the scheme has no range, not the first
/// range's 0: under `fineract_default` (first range 1–3 days) entering
/// delinquency on DPD 1 is a change, and past a bounded last range (1–30)
/// the loan has no stage, which is not a cure to the first range.
#[test]
fn no_stage_is_not_the_first_stage() {
    let policy = AccrualPolicy::new("t");
    let close = close_with(&policy, StageScheme::fineract_default(), 0);
    let mut s = zero_rate_state(&policy, 1_000);
    close_day(&mut s, &close, d(2, 1)).unwrap();
    assert_eq!(s.stage, None);
    assert!(close_day(&mut s, &close, d(2, 2)).unwrap().stage_changed);
    assert_eq!(s.stage, Some(0));
    let bounded = StageScheme::new(
        "x",
        "x",
        DpdBasis::Delinquent,
        vec![
            StageRange::bounded("a", "a", 0, 0),
            StageRange::bounded("b", "b", 1, 30),
        ],
    )
    .unwrap();
    let close = close_with(&policy, bounded, 0);
    let mut s = zero_rate_state(&policy, 1_000);
    close_day(&mut s, &close, d(3, 3)).unwrap(); // DPD 30
    assert_eq!(s.stage, Some(1));
    let o = close_day(&mut s, &close, d(3, 4)).unwrap(); // DPD 31
    assert!(o.stage_changed);
    assert_eq!(s.stage, None);
}

/// An overflow on one loan names it and leaves its state as it was; the
/// others are closed or left as they were; closing the day again after the
/// loan is mended closes the rest, and both ways end with the same states
/// (the review: sequential had advanced 16,384 states, parallel 32,768,
/// and closing again charged the advanced ones twice).
#[test]
fn an_error_names_the_loan_and_the_day_can_be_closed_again() {
    let policy = crate::accrual::tests::cn().with_caps(Caps::default());
    let close = compile(&policy, 0);
    let base = state(&policy);
    let mut a = vec![base; 40_000];
    a[16_383].penalty = Decimal::MAX;
    let mut b = a.clone();
    let day = d(3, 1);
    for (states, sequential) in [(&mut a, false), (&mut b, true)] {
        let err = if sequential {
            close_portfolio_sequential(states, &close, day)
        } else {
            close_portfolio(states, &close, day)
        }
        .unwrap_err();
        assert!(
            matches!(&err, Error::InvalidField { field, .. } if field == "states[16383]"),
            "{err}"
        );
        assert_eq!(states[16_383].penalty, Decimal::MAX);
        assert_eq!(states[16_383].closed, None);
        states[16_383].penalty = Decimal::ZERO;
        let summary = if sequential {
            close_portfolio_sequential(states, &close, day)
        } else {
            close_portfolio(states, &close, day)
        }
        .unwrap();
        assert_eq!(summary.loans + summary.already_closed, 40_000);
        if sequential {
            // The first run closed the 16,383 loans before the failing one.
            assert_eq!((summary.loans, summary.already_closed), (23_617, 16_383));
        } else {
            assert!(summary.loans >= 1);
        }
        // Closing it a third time does nothing.
        let again = close_portfolio(states, &close, day).unwrap();
        assert_eq!((again.loans, again.already_closed), (0, 40_000));
    }
    assert_eq!(a, b);
    // Every loan accrued the day once: 10,000 × 18 % / 360 = 5.00 and
    // 100 × 18 % / 360 = 0.05.
    assert!(a.iter().all(|s| s.penalty == Decimal::new(505, 2)));
}

/// `Posting::Period` is refused: the close posts each day (10,010 at 18 %
/// over 30 days posts 30 × 5.01 = 150.30 daily, 150.15 as one period).
#[test]
fn period_posting_is_refused() {
    let policy = crate::accrual::tests::cn().with_posting(Posting::Period);
    let err = ClosePolicy::new(
        &policy,
        Currency::CNY,
        crate::calendar::DayCount::Act360,
        StageScheme::m0_m7(),
        0,
    )
    .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidField { field, .. } if field == "posting"),
        "{err}"
    );
}

/// With a tolerance of 5, a loan owing 3.00 is charged no late fee, as in
/// `accrue`; owing 6.00, it is.
#[test]
fn no_late_fee_within_the_tolerance() {
    let policy = AccrualPolicy::new("t")
        .with_late_fee(flat_fee(10, 1, Recurrence::Once))
        .with_tolerance(Decimal::from(5));
    let close = compile(&policy, 0);
    for (owed, fee) in [(3, 0), (6, 10)] {
        let mut s = zero_rate_state(&policy, owed);
        let o = close_day(&mut s, &close, d(2, 2)).unwrap();
        assert_eq!(o.fee, Decimal::from(fee), "{owed}");
    }
}

/// A negative amount is refused, by name: it made a negative penalty and
/// a negative cap use.
#[test]
fn negative_amounts_are_refused() {
    let policy = crate::accrual::tests::cn();
    let rate = Rate::from_percent(Decimal::from(12)).unwrap();
    let err = LoanDay::new(
        &policy,
        rate,
        d(1, 1),
        Some(d(2, 1)),
        Decimal::from(1_000),
        Decimal::ZERO,
        Decimal::from(-10),
        Decimal::from(1_000),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid `installment` value `-10`: must not be negative"
    );
}

/// A second review. `continuing` carries the fees charged over the loan's
/// life (the fee cap's count), not the unpaid penalty and fees, which the
/// host sets from the new balances: with a tolerance of 5 and a monthly
/// flat fee of 10, a payment on 02-20 leaving 3.00 owed (the 02-02 fee
/// paid) stops the fees, as in `accrue`: 10.00 in all (20.00 before: the
/// paid fee still counted as owed).
#[test]
fn continuing_counts_fees_charged_not_fees_owed() {
    let policy = AccrualPolicy::new("t")
        .with_late_fee(flat_fee(10, 1, Recurrence::Monthly))
        .with_tolerance(Decimal::from(5));
    let close = compile(&policy, 0);
    let mut s = zero_rate_state(&policy, 1_000);
    let mut total = Decimal::ZERO;
    let mut day = d(2, 2);
    while day < d(5, 1) {
        if day == d(2, 20) {
            s = zero_rate_state(&policy, 3).continuing(&s);
        }
        total += close_day(&mut s, &close, day).unwrap().fee;
        day = day.succ_opt().unwrap();
    }
    assert_eq!(total, Decimal::from(10));
    assert_eq!(s.fees_charged, Decimal::from(10));
}

/// A second review. A day skipped is closed with the next one, not lost:
/// 02-02, then 02-04 (closing 02-03 too), give three days of 5.05 (18 % on
/// 10,000 and 100, Act/360): 15.15, as `accrue` gives; 02-03 afterwards is
/// already closed (10.10 before, and 02-03 refused).
#[test]
fn a_skipped_day_is_closed_with_the_next() {
    let policy = crate::accrual::tests::cn().with_caps(Caps::default());
    let close = compile(&policy, 0);
    let mut s = state(&policy);
    close_day(&mut s, &close, d(2, 2)).unwrap();
    let two = close_day(&mut s, &close, d(2, 4)).unwrap();
    assert_eq!(two.penalty, Decimal::new(1_010, 2));
    assert!(close_day(&mut s, &close, d(2, 3)).unwrap().already_closed);
    assert_eq!(s.penalty, Decimal::new(1_515, 2));
    let r = accrue(&bullet(), d(2, 2), d(2, 5), &policy).unwrap();
    let engine = r.total(AccrualKind::PenaltyInterest).unwrap().amount()
        + r.total(AccrualKind::CompoundInterest).unwrap().amount();
    assert_eq!(engine, s.penalty);
}

/// A second review: a `DayOutcome` written before `already_closed` reads.
#[test]
fn an_old_day_outcome_reads() {
    let o: DayOutcome =
        serde_json::from_str(r#"{"penalty":"3.28","fee":"0","capped":true,"stage_changed":true}"#)
            .unwrap();
    assert!(!o.already_closed && o.capped);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// A review of the delinquency module: the close knew no pauses, so a
    /// product with a payment holiday had its buckets move through it. With
    /// `with_pauses`, the close's stage is `stage_on`'s every night, for
    /// two pauses back to back or apart, grace days and a payment (the
    /// host rebuilding the state with `continuing` when the loan's
    /// overdue-since date moves). A second review: a payment inside a pause
    /// moved the close's stage (M0 where `stage_on` holds M1).
    #[test]
    fn the_close_holds_stages_through_pauses_as_stage_on(
        p1 in 1u64..100,
        len1 in 0u64..30,
        gap in 1u64..20,
        len2 in 0u64..30,
        adjacent in any::<bool>(),
        grace in 0u32..5,
        pay in prop::option::of((1u64..150, 1i64..=3)),
    ) {
        use crate::delinquency::{stage_on, Delinquency, DelinquencyOptions, Pause, StageScheme};
        // Three installments of 1,000 due 02-10, 03-10, 04-10, unpaid:
        // overdue since 02-10 throughout.
        let mut loan = Loan::new(LoanTerms::new(
            "P",
            Money::new(Decimal::from(3_000), Currency::CNY),
            d(1, 10),
            Rate::ZERO,
            RepaymentMethod::EqualPrincipal,
            3,
            d(2, 10),
        ))
        .unwrap();
        let day_n = |n: u64| d(2, 10) + chrono::Days::new(n);
        if let Some((n, k)) = pay {
            let amount = Money::new(Decimal::from(1_000 * k), Currency::CNY);
            loan.record(Transaction::repayment("P", day_n(n), amount)).unwrap();
        }
        let b_start = if adjacent { p1 + len1 + 1 } else { p1 + len1 + gap + 1 };
        let pauses = [
            Pause { start: day_n(p1), end: day_n(p1 + len1) },
            Pause { start: day_n(b_start), end: day_n(b_start + len2) },
        ];
        let opts = DelinquencyOptions::new(Decimal::ZERO, grace, pauses.to_vec()).unwrap();
        let policy = crate::accrual::tests::cn();
        let scheme = StageScheme::m0_m7();
        let close = ClosePolicy::new(&policy, Currency::CNY, DayCount::Act360, scheme.clone(), grace)
            .unwrap()
            .with_pauses(&pauses)
            .unwrap();
        let p = Decimal::from(1_000);
        let mut state = LoanDay::new(&policy, Rate::ZERO, d(1, 10), Some(d(2, 10)), p, Decimal::ZERO, p, p).unwrap();
        for n in 1..=200 {
            let day = day_n(n);
            // The host's refresh: the loan's overdue-since date at the end
            // of the day.
            let position = loan.position(day).unwrap();
            let since = Delinquency::assess(&position, &DelinquencyOptions::default()).overdue_since();
            if since != state.overdue_since {
                let fresh = LoanDay::new(&policy, Rate::ZERO, d(1, 10), since, p, Decimal::ZERO, p, p).unwrap();
                state = fresh.continuing(&state);
            }
            close_day(&mut state, &close, day).unwrap();
            let code = state.stage.map(|i| scheme.ranges()[usize::from(i)].code.clone());
            prop_assert_eq!(code, stage_on(&loan, &scheme, &opts, day).unwrap(), "{}", day);
        }
    }
}

/// Under a scheme on raw days past due, pauses change nothing.
#[test]
fn pauses_hold_nothing_under_a_raw_scheme() {
    use crate::delinquency::{Pause, StageScheme};
    let policy = crate::accrual::tests::cn();
    let raw = |pauses: &[Pause]| {
        let close = ClosePolicy::new(
            &policy,
            Currency::CNY,
            DayCount::Act360,
            StageScheme::cn_card_2011(),
            0,
        )
        .unwrap()
        .with_pauses(pauses)
        .unwrap();
        let mut s = state(&policy);
        (1..=120)
            .map(|n| {
                close_day(&mut s, &close, d(2, 1) + chrono::Days::new(n)).unwrap();
                s.stage
            })
            .collect::<Vec<_>>()
    };
    let pause = Pause {
        start: d(3, 1),
        end: d(4, 30),
    };
    assert_eq!(raw(&[pause]), raw(&[]));
    // An inverted pause is refused.
    let bad = ClosePolicy::new(
        &policy,
        Currency::CNY,
        DayCount::Act360,
        StageScheme::m0_m7(),
        0,
    )
    .unwrap()
    .with_pauses(&[Pause {
        start: d(4, 30),
        end: d(3, 1),
    }]);
    assert!(bad.is_err());
}
