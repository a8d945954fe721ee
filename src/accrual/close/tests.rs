use super::*;
use crate::accrual::{accrue, AccrualKind, Caps};
use crate::loan::{Component, Loan, LoanTerms, RepaymentMethod};
use crate::money::{Money, Rate};
use proptest::prelude::*;

fn d(m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, dd).unwrap()
}

/// CNY 10,000 at 12 %, one installment due 02-01: interest 100, principal
/// 10,000.
fn bullet() -> Loan {
    Loan::new(LoanTerms::new(
        "B",
        Money::new(Decimal::from(10_000), Currency::CNY),
        d(1, 1),
        Rate::from_percent(Decimal::from(12)).unwrap(),
        RepaymentMethod::Bullet,
        1,
        d(2, 1),
    ))
    .unwrap()
}

fn state(policy: &AccrualPolicy) -> LoanDay {
    LoanDay::new(
        policy,
        Rate::from_percent(Decimal::from(12)).unwrap(),
        d(1, 1),
        Some(d(2, 1)),
        Decimal::from(10_000),
        Decimal::from(100),
        Decimal::from(10_100),
        Decimal::from(10_000),
    )
    .unwrap()
}

/// `policy` compiled for CNY loans on Act/360 with the M0–M7 buckets.
fn compile(policy: &AccrualPolicy, grace_days: u32) -> ClosePolicy {
    ClosePolicy::new(
        policy,
        Currency::CNY,
        crate::calendar::DayCount::Act360,
        StageScheme::m0_m7(),
        grace_days,
    )
    .unwrap()
}

fn run(policy: &AccrualPolicy, days: u64) -> LoanDay {
    let close = compile(policy, 0);
    let mut s = state(policy);
    for k in 0..days {
        close_day(&mut s, &close, d(2, 2) + chrono::Days::new(k)).unwrap();
    }
    s
}

#[test]
fn batch_matches_the_engine_without_cap() {
    let policy = crate::accrual::tests::cn()
        .with_caps(Caps::default())
        .with_late_fee(AccrualPolicy::us().late_fees()[0].clone());
    // 60 days 02-02..=04-02: 18 % → 5.00 a day on principal, 0.05 on interest.
    let s = run(&policy, 60);
    assert_eq!(s.penalty, Decimal::new(30_300, 2));
    // 5 % of 10,100 = 505, cut to the 30 maximum, once on DPD 15.
    assert_eq!(s.fees, Decimal::from(30));
    assert_eq!(s.stage, Some(2)); // DPD 60 → M2
    let r = accrue(&bullet(), d(2, 2), d(4, 3), &policy).unwrap();
    let engine = r.total(AccrualKind::PenaltyInterest).unwrap().amount()
        + r.total(AccrualKind::CompoundInterest).unwrap().amount();
    assert_eq!(engine, s.penalty);
    assert_eq!(r.total(AccrualKind::LateFee).unwrap().amount(), s.fees);
}

/// A flat fee with more places than the currency is rounded when charged,
/// by the batch and by the engine alike: CNY 12.345 half-up is 12.35
/// (review finding: the engine posted 12.345).
#[test]
fn a_flat_fee_finer_than_the_currency_is_rounded_alike() {
    let mut fee = AccrualPolicy::us().late_fees()[0].clone();
    fee.base = crate::accrual::FeeBase::Flat {
        amount: Decimal::new(12_345, 3),
    };
    fee.min = None;
    fee.max = None;
    let policy = AccrualPolicy::new("t").with_late_fee(fee);
    let s = run(&policy, 20);
    assert_eq!(s.fees, Decimal::new(1_235, 2));
    let r = accrue(&bullet(), d(2, 2), d(2, 22), &policy).unwrap();
    let fees: Vec<_> = r
        .records
        .iter()
        .filter(|x| x.kind == AccrualKind::LateFee)
        .map(|x| (x.base.amount(), x.uncapped.amount(), x.amount.amount()))
        .collect();
    let (flat, charged) = (Decimal::new(12_345, 3), Decimal::new(1_235, 2));
    assert_eq!(fees, [(flat, charged, charged)]);
    assert_eq!(
        r.position.installments()[0]
            .outstanding()
            .get(Component::Fee)
            .amount(),
        charged
    );
}

#[test]
fn batch_matches_the_engine_under_the_lpr_cap() {
    // 4 × 3.00 % = 12 % on 10,000: 30 days allow 98.6301… → 98.63, less than
    // the 151.50 uncapped.
    let policy = crate::accrual::tests::cn();
    let s = run(&policy, 30);
    assert_eq!(s.penalty, Decimal::new(9_863, 2));
    let r = accrue(&bullet(), d(2, 2), d(3, 4), &policy).unwrap();
    let engine: Decimal = r.records.iter().map(|x| x.amount.amount()).sum();
    assert_eq!(engine, s.penalty);
    assert_eq!(
        r.position.installments()[0]
            .outstanding()
            .get(Component::Penalty)
            .amount(),
        Decimal::new(9_863, 2)
    );
}

#[test]
fn current_loans_accrue_nothing_and_stop_rule_holds() {
    let policy = crate::accrual::tests::cn();
    let close = compile(&policy, 0);
    let mut s = state(&policy);
    s.overdue_since = None;
    // The first close classifies the loan (M0) without a change; the next
    // day nothing happens either.
    let first = close_day(&mut s, &close, d(3, 1)).unwrap();
    assert_eq!(first, DayOutcome::default());
    assert_eq!(s.stage, Some(0));
    assert_eq!(
        close_day(&mut s, &close, d(3, 2)).unwrap(),
        DayOutcome::default()
    );
    let stopped = crate::accrual::tests::cn().with_stop(crate::accrual::StopRule {
        at_dpd: Some(5),
        at_charge_off: false,
    });
    let s = run(&stopped, 30);
    // DPD 1..=4 only: 4 × 5.05 = 20.20 uncapped; the 12 % cap allows
    // 4 × 3.2877 = 13.15.
    assert_eq!(s.penalty, Decimal::new(1_315, 2));
}

#[test]
fn portfolio_summary_is_the_same_in_parallel_and_sequentially() {
    let policy = crate::accrual::tests::cn();
    let close = compile(&policy, 0);
    let mut a: Vec<LoanDay> = (0..50_000u64)
        .map(|i| {
            let mut s = state(&policy);
            s.overdue_principal = Decimal::from(1 + i % 9_000);
            s.overdue_since = if i % 3 == 0 {
                None
            } else {
                d(2, 1).checked_sub_days(chrono::Days::new(i % 200))
            };
            s
        })
        .collect();
    let mut b = a.clone();
    let day = d(3, 1);
    let x = close_portfolio(&mut a, &close, day).unwrap();
    let y = close_portfolio_sequential(&mut b, &close, day).unwrap();
    assert_eq!(x, y);
    assert_eq!(a, b);
    assert_eq!(x.loans, 50_000);
}

proptest! {
    #[test]
    fn close_day_never_panics(p in any::<i64>(), i in any::<i64>(), since in 0u64..2000, rate in 0u32..10_000) {
        let policy = crate::accrual::tests::cn().with_late_fee(AccrualPolicy::us().late_fees()[0].clone());
        let close = compile(&policy, 3);
        let mut s = state(&policy);
        s.overdue_principal = Decimal::new(p, 2);
        s.overdue_interest = Decimal::new(i, 2);
        s.penalty_rate = Decimal::new(i64::from(rate), 4);
        s.overdue_since = d(1, 1).checked_sub_days(chrono::Days::new(since));
        let _ = close_day(&mut s, &close, d(6, 1));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// The nightly batch, day after day, against the replay engine on a
    /// random bullet loan left unpaid: the same penalty and compound
    /// interest (to the cent) and the same late fees without a cap; under
    /// the cap the batch's allowance is rounded down at 10 places, so it
    /// never accrues more than the engine, and at most a cent less (a year
    /// on CNY 18.8 million at 9 %: 2,258,178.14 against 2,258,178.15). A
    /// fee falls due before the day's allowance in both (the batch once
    /// charged it after, and let it take a day's more room).
    #[test]
    fn batch_day_by_day_matches_the_engine(
        cents in 1i64..10_000_000_000,
        rate in 1i64..360,
        markup in 30i64..=50,
        days in 1u64..400,
        (capped, fee, deferred) in (any::<bool>(), any::<bool>(), any::<bool>()),
    ) {
        let contract = Rate::from_percent(Decimal::new(rate, 1)).unwrap();
        let loan = Loan::new(LoanTerms::new(
            "B",
            Money::from_minor(cents, Currency::CNY),
            d(1, 1),
            contract,
            RepaymentMethod::Bullet,
            1,
            d(2, 1),
        ))
        .unwrap();
        let mut policy =
            crate::accrual::tests::current(AccrualPolicy::cn_with_markup(Decimal::new(markup, 2)).unwrap());
        if !capped {
            policy = policy.with_caps(Caps::default());
        } else if deferred {
            let mut caps = policy.caps().clone();
            if let Some(c) = &mut caps.annualized {
                c.excess = crate::accrual::CapExcess::Deferred;
            }
            policy = policy.with_caps(caps);
        }
        if fee {
            policy = policy.with_late_fee(AccrualPolicy::us().late_fees()[0].clone());
        }
        let o = &loan.obligations()[0];
        let (principal, interest) = (
            o.due.amount(Component::Principal),
            o.due.amount(Component::Interest),
        );
        let mut s = LoanDay::new(
            &policy,
            contract,
            d(1, 1),
            Some(d(2, 1)),
            principal,
            interest,
            principal + interest,
            principal,
        )
        .unwrap();
        let close = compile(&policy, 0);
        for k in 0..days {
            close_day(&mut s, &close, d(2, 2) + chrono::Days::new(k)).unwrap();
        }
        let r = accrue(&loan, d(2, 2), d(2, 2) + chrono::Days::new(days), &policy).unwrap();
        let total = |kind| r.total(kind).unwrap().amount();
        let engine = total(AccrualKind::PenaltyInterest) + total(AccrualKind::CompoundInterest);
        if capped {
            let (batch, engine) = (s.penalty + s.fees, engine + total(AccrualKind::LateFee));
            prop_assert!(batch <= engine && engine <= batch + Decimal::new(1, 2));
        } else {
            prop_assert_eq!(s.penalty, engine);
            prop_assert_eq!(s.fees, total(AccrualKind::LateFee));
        }
    }
}

/// Review finding: the close divided by 360 whatever the day count. Now
/// each day is `[day, day + 1)` under the penalty's day count (the loans'
/// when it has none), as the engine posts it.
#[test]
fn batch_follows_the_penalty_day_count() {
    use crate::accrual::PenaltyRule;
    use crate::calendar::DayCount;
    let with_dc = |dc: Option<DayCount>| {
        let mut p = crate::accrual::tests::cn().with_caps(Caps::default());
        let mut rule: PenaltyRule = p.penalty().unwrap().clone();
        rule.day_count = dc;
        p = p.with_penalty(rule);
        p
    };
    let days = 60u64; // 02-02..=04-02, 2026 (a common year)
    let cases = [
        // Act/Act ISDA: 10,000 × 0.18 / 365 = 4.9315… → 4.93 a day; 100 ×
        // 0.18 / 365 = 0.049… → 0.05: 60 × 4.98 = 298.80.
        (Some(DayCount::ActActIsda), DayCount::Act360, "298.80"),
        // None: the loans' Act/365F, the same figures.
        (None, DayCount::Act365Fixed, "298.80"),
        // 30/360 on [02-02, 04-03), 60 actual days: 61 of 360 (02-28 counts 3, 03-30
        // none), 5.05 a day: 308.05.
        (
            Some(DayCount::Thirty360BondBasis),
            DayCount::Act360,
            "308.05",
        ),
    ];
    for (dc, loans, want) in cases {
        let policy = with_dc(dc);
        let close =
            ClosePolicy::new(&policy, Currency::CNY, loans, StageScheme::m0_m7(), 0).unwrap();
        let mut s = state(&policy);
        for k in 0..days {
            close_day(&mut s, &close, d(2, 2) + chrono::Days::new(k)).unwrap();
        }
        assert_eq!(s.penalty, want.parse::<Decimal>().unwrap(), "{dc:?}");
        let loan = Loan::new(bullet().terms().clone().with_day_count(loans)).unwrap();
        let r = accrue(&loan, d(2, 2), d(4, 3), &policy).unwrap();
        let engine = r.total(AccrualKind::PenaltyInterest).unwrap().amount()
            + r.total(AccrualKind::CompoundInterest).unwrap().amount();
        assert_eq!(engine, s.penalty, "{dc:?}");
    }
    // A cap on a day count whose daily allowance varies is refused.
    let mut policy = crate::accrual::tests::cn();
    let mut caps = policy.caps().clone();
    if let Some(c) = caps.annualized.as_mut() {
        c.day_count = Some(DayCount::ActActIsda);
    }
    policy = policy.with_caps(caps);
    let err = ClosePolicy::new(
        &policy,
        Currency::CNY,
        DayCount::Act360,
        StageScheme::m0_m7(),
        0,
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("caps.annualized.day_count"), "{err}");
}

mod review;
