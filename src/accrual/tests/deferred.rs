//! [`CapExcess::Deferred`]: the part of a charge the annualised cap cuts off
//! is held and charged as the allowance grows.
//!
//! Hand-computed: CNY 10,000 overdue from 2026-02-02 under a 24 % cap
//! (Act/365F) grows the allowance by 10,000 × 0.24 / 365 = 6.5753… a day:
//! 3 days 19.7260… → 19.72, 10 days 65.7534… → 65.75 (rounded toward zero).

use super::*;

/// CNY 10,000 at 0 %, one bullet installment due 2026-02-01.
fn bullet() -> Loan {
    Loan::new(LoanTerms::new(
        "H",
        money("10000", Currency::CNY),
        d(1, 1),
        Rate::ZERO,
        RepaymentMethod::Bullet,
        1,
        d(2, 1),
    ))
    .unwrap()
}

/// A flat CNY 50 late fee on the first overdue day, under a 24 % cap.
fn fee_50(excess: CapExcess) -> AccrualPolicy {
    AccrualPolicy::new("t")
        .with_late_fee(LateFeeRule {
            rule: RuleRef::new("test.fee", "", RuleStatus::Unverified),
            after_days: 1,
            recurrence: Recurrence::Once,
            base: FeeBase::Flat { amount: dec("50") },
            min: None,
            max: None,
            cost_basis: None,
        })
        .with_caps(Caps {
            annualized: Some(AnnualizedCap {
                rule: RuleRef::new("test.cap", "", RuleStatus::Unverified),
                rate: CapRate::Fixed {
                    rate: Rate::from_percent(dec("24")).unwrap(),
                },
                day_count: None,
                excess,
                base: CapBase::OutstandingPrincipal,
                rate_rule: None,
            }),
            ..Caps::default()
        })
}

fn held_fee(r: &AccrualReport) -> Option<Decimal> {
    r.held.map(|h| h.amount(Component::Fee))
}

fn fee_owed(r: &AccrualReport) -> Decimal {
    r.position.installments()[0]
        .outstanding()
        .amount(Component::Fee)
}

#[test]
fn waived_cut_is_never_charged() {
    // The fee falls due on 02-02, before any allowance: cut to 0.00.
    let r = accrue(&bullet(), d(2, 2), d(2, 12), &fee_50(CapExcess::Waived)).unwrap();
    assert_eq!(r.records.len(), 1);
    assert_eq!(r.records[0].uncapped, money("50", Currency::CNY));
    assert_eq!(r.records[0].amount.amount(), dec("0"));
    assert_eq!(r.records[0].capped_by.as_deref(), Some("test.cap"));
    assert_eq!(fee_owed(&r), dec("0"));
    assert_eq!(r.held, None);
}

#[test]
fn deferred_cut_is_charged_as_the_allowance_grows() {
    let policy = fee_50(CapExcess::Deferred);
    // Three days of allowance: 19.72 of the 50.00 released, 30.28 held.
    let r = accrue(&bullet(), d(2, 2), d(2, 5), &policy).unwrap();
    let rows: Vec<_> = r
        .records
        .iter()
        .map(|x| {
            (
                x.from,
                x.to,
                x.base.amount(),
                x.amount.amount(),
                x.capped_by.is_some(),
                x.released_from,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (d(2, 2), d(2, 3), dec("50"), dec("0"), true, None),
            (
                d(2, 2),
                d(2, 5),
                dec("50"),
                dec("19.72"),
                true,
                Some(d(2, 2))
            ),
        ]
    );
    assert!(r.records.iter().all(|x| x.kind == AccrualKind::LateFee
        && x.rule.as_str() == "test.fee"
        && x.component == Component::Fee));
    assert_eq!(fee_owed(&r), dec("19.72"));
    assert_eq!(held_fee(&r), Some(dec("30.28")));

    // Ten days: all 50.00 charged (65.75 of room); nothing held.
    let r = accrue(&bullet(), d(2, 2), d(2, 12), &policy).unwrap();
    assert_eq!(r.records[1].amount.amount(), dec("50"));
    assert_eq!(r.records[1].capped_by, None);
    assert_eq!(fee_owed(&r), dec("50"));
    assert_eq!(held_fee(&r), Some(dec("0")));

    // A window from 02-05: the first 19.72 is posted before it (not a
    // record of this window); the other 7 days' 46.02 of room take the
    // remaining 30.28.
    let r = accrue(&bullet(), d(2, 5), d(2, 12), &policy).unwrap();
    assert_eq!(r.records.len(), 1);
    let x = &r.records[0];
    assert_eq!((x.from, x.to), (d(2, 5), d(2, 12)));
    assert_eq!(x.base.amount(), dec("30.28"));
    assert_eq!(x.amount.amount(), dec("30.28"));
    assert_eq!(x.released_from, Some(d(2, 2)));
    assert_eq!(fee_owed(&r), dec("50"));
}

/// A paid-up installment's held fee stops counting against the fee caps
/// before the day's fees fall due.
///
/// CNY 1,000 at 0 % in two installments of 500 (02-01, 03-01); a flat 80
/// fee once per installment; at most 100 of fees per loan; 24 % cap on the
/// principal owed (1,000 × 0.24 / 365 = 0.6575… a day; 500: 0.3287…).
/// - 02-02: installment 1's fee is cut to 0.00, 80.00 held.
/// - [02-02, 03-02), 28 days: 18.4109… of allowance, 18.41 released.
/// - 03-02: 518.41 pays installment 1 up; its 61.59 still held is dropped
///   and un-counted (fees 18.41 of 100). Installment 2's fee: 80.00 within
///   the fee cap (81.59 of room; 20.00 if the dropped fee still counted),
///   cut to 0.00 by the allowance (all used), held.
/// - [03-02, 03-03): 0.3287… more, 0.32 released; 79.68 held.
#[test]
fn a_dropped_fee_frees_the_fee_cap_for_the_next_installment() {
    let mut loan = Loan::new(LoanTerms::new(
        "H2",
        money("1000", Currency::CNY),
        d(1, 1),
        Rate::ZERO,
        RepaymentMethod::EqualPrincipal,
        2,
        d(2, 1),
    ))
    .unwrap();
    loan.record(Transaction::repayment(
        "P",
        d(3, 2),
        money("518.41", Currency::CNY),
    ))
    .unwrap();
    let mut policy = fee_50(CapExcess::Deferred);
    let mut caps = policy.caps().clone();
    caps.fees_per_loan = Some(dec("100"));
    let mut fee = policy.late_fees()[0].clone();
    fee.base = FeeBase::Flat { amount: dec("80") };
    policy = AccrualPolicy::new("t").with_late_fee(fee).with_caps(caps);
    let r = accrue(&loan, d(2, 2), d(3, 3), &policy).unwrap();
    let rows: Vec<_> = r
        .records
        .iter()
        .map(|x| {
            (
                x.installment,
                x.from,
                x.uncapped.amount(),
                x.amount.amount(),
                x.capped_by.as_deref().map(str::to_owned),
                x.released_from,
            )
        })
        .collect();
    let cap = Some("test.cap".to_owned());
    assert_eq!(
        rows,
        [
            (1, d(2, 2), dec("80"), dec("0"), cap.clone(), None),
            (
                1,
                d(2, 2),
                dec("80"),
                dec("18.41"),
                cap.clone(),
                Some(d(2, 2))
            ),
            (2, d(3, 2), dec("80"), dec("0"), cap.clone(), None),
            (2, d(3, 2), dec("80"), dec("0.32"), cap, Some(d(3, 2))),
        ]
    );
    assert_eq!(held_fee(&r), Some(dec("79.68")));
}

#[test]
fn held_amount_is_dropped_once_the_installment_is_paid_up() {
    // 02-03: one day's allowance (6.5753… → 6.57) released; the debtor
    // pays 10,006.57, everything owed. The 43.43 still held is dropped.
    let mut loan = bullet();
    loan.record(Transaction::repayment(
        "P",
        d(2, 3),
        money("10006.57", Currency::CNY),
    ))
    .unwrap();
    let r = accrue(&loan, d(2, 2), d(2, 12), &fee_50(CapExcess::Deferred)).unwrap();
    let released: Vec<_> = r
        .records
        .iter()
        .filter(|x| x.released_from.is_some())
        .map(|x| x.amount.amount())
        .collect();
    assert_eq!(released, [dec("6.57")]);
    assert_eq!(
        r.position.installments()[0]
            .outstanding()
            .total()
            .unwrap()
            .amount(),
        dec("0")
    );
    assert_eq!(held_fee(&r), Some(dec("0")));
}

/// `days` nightly closes from 02-02 (DPD 1) of CNY `principal` overdue
/// since 02-01 under `policy`: each day's outcome, and the final state.
fn closes(policy: &AccrualPolicy, principal: &str, days: u64) -> (Vec<DayOutcome>, LoanDay) {
    let close = ClosePolicy::new(
        policy,
        Currency::CNY,
        crate::calendar::DayCount::Act360,
        crate::delinquency::StageScheme::m0_m7(),
        0,
    )
    .unwrap();
    let p = dec(principal);
    let mut s = LoanDay::new(
        policy,
        Rate::ZERO,
        d(1, 1),
        Some(d(2, 1)),
        p,
        dec("0"),
        p,
        p,
    )
    .unwrap();
    let out = (0..days)
        .map(|k| close_day(&mut s, &close, d(2, 2) + chrono::Days::new(k)).unwrap())
        .collect();
    (out, s)
}

/// The nightly batch holds and releases as the engine does: the same fee,
/// day by day from 02-02 (02-02 is DPD 1; the fee falls due then).
#[test]
fn the_nightly_close_holds_and_releases_too() {
    let (days, s) = closes(&fee_50(CapExcess::Deferred), "10000", 10);
    // Day 1: the fee is cut to 0.00 (no room yet); after the day's
    // allowance (6.5753424657, the batch's 10 places) 6.57 is released.
    // Each later day releases the room in whole cents: allowance k × 6.5753…
    // less the cents used (day 2: 13.1506… − 6.57 → 6.58); the last 3.98 on
    // day 8 (6.57 × 4 + 6.58 × 3 + 3.98 = 50.00), as the engine's 19.72
    // after three days.
    let cents: Vec<String> = days.iter().map(|o| o.fee.to_string()).collect();
    assert_eq!(
        cents,
        ["6.57", "6.58", "6.57", "6.58", "6.57", "6.58", "6.57", "3.98", "0", "0"]
    );
    assert_eq!((s.fees, s.cap_held_fees), (dec("50"), dec("0")));
    // Waived: nothing is ever charged.
    let (_, s) = closes(&fee_50(CapExcess::Waived), "10000", 10);
    assert_eq!((s.fees, s.cap_held_fees), (dec("0"), dec("0")));
}

/// The batch counts held fees against the fee cap too: a 60 fee every 30
/// days with at most 100 of fees per loan, on CNY 1,000 (0.6575… of
/// allowance a day), charges 100.00 in all, never 60 + 60.
#[test]
fn the_nightly_close_counts_held_fees_against_the_fee_cap() {
    let mut fee = fee_50(CapExcess::Deferred).late_fees()[0].clone();
    fee.base = FeeBase::Flat { amount: dec("60") };
    fee.recurrence = Recurrence::EveryDays { days: 30 };
    let mut caps = fee_50(CapExcess::Deferred).caps().clone();
    caps.fees_per_loan = Some(dec("100"));
    let policy = AccrualPolicy::new("t").with_late_fee(fee).with_caps(caps);
    let (days, s) = closes(&policy, "1000", 200);
    // 100.00 in all (243.30 if held fees did not count against the cap).
    let charged: Decimal = days.iter().map(|o| o.fee).sum();
    assert_eq!(charged, dec("100"));
    assert_eq!((s.fees, s.cap_held_fees), (dec("100"), dec("0")));
}

#[test]
fn excess_round_trips_and_defaults_to_waived() {
    let policy = fee_50(CapExcess::Deferred);
    let json = serde_json::to_string(&policy).unwrap();
    assert!(json.contains(r#""excess":"deferred""#), "{json}");
    let back: AccrualPolicy = serde_json::from_str(&json).unwrap();
    assert_eq!(back, policy);
    // Absent means waived, and waived is not written.
    let waived = serde_json::to_string(&fee_50(CapExcess::Waived)).unwrap();
    assert!(!waived.contains("excess"), "{waived}");
}

/// A cut on an installment within the tolerance at the close of its
/// interval is never held, even if a charge on the day that ends the
/// interval lifts the installment over the tolerance (accrual oracle,
/// stage 12: it was held and released later). CNY 1,000 at 24 % in one
/// installment due 02-01 (20.00 interest); 罚息 36 % Act/360 (1.00 a day)
/// under a 5 % cap (Act/365F) with the excess deferred, tolerance 2,000;
/// 5,000 of principal charged on 02-11.
/// - [02-02, 02-11): 9.00 of 罚息 against 1,000 × 0.05 × 9 / 365 = 1.2328…
///   → 1.23; the installment owes 1,021.23, within the tolerance, so the
///   7.77 cut is dropped, not held.
/// - [02-11, 02-21): 6,000 × 0.36 / 360 = 6.00 a day, 60.00, against
///   1.2328… + 6,000 × 0.05 × 10 / 365 = 9.4520… − 1.23 → 8.22; 51.78
///   held. No release (it was 0.45 plus a release of 7.77, 59.55 held).
#[test]
fn a_cut_within_the_tolerance_is_not_held_when_the_day_lifts_it() {
    let loan = recorded(
        Loan::new(LoanTerms::new(
            "T",
            money("1000", Currency::CNY),
            d(1, 1),
            Rate::from_percent(dec("24")).unwrap(),
            RepaymentMethod::EqualInstallment,
            1,
            d(2, 1),
        ))
        .unwrap(),
        [Transaction::charge(
            "C",
            d(2, 11),
            Component::Principal,
            money("5000", Currency::CNY),
        )],
    );
    let policy = penalty_capped(
        "36",
        Some(crate::calendar::DayCount::Act360),
        "test.cap",
        CapRate::Fixed {
            rate: Rate::from_percent(dec("5")).unwrap(),
        },
        CapExcess::Deferred,
    )
    .with_tolerance(dec("2000"));
    let r = accrue(&loan, d(1, 1), d(2, 21), &policy).unwrap();
    let records: Vec<_> = r
        .records
        .iter()
        .map(|x| {
            (
                x.from,
                x.to,
                x.uncapped.amount(),
                x.amount.amount(),
                x.released_from,
            )
        })
        .collect();
    assert_eq!(
        records,
        [
            (d(2, 2), d(2, 11), dec("9.00"), dec("1.23"), None),
            (d(2, 11), d(2, 21), dec("60.00"), dec("8.22"), None),
        ]
    );
    assert_eq!(
        r.held.map(|h| h.amount(Component::Penalty)),
        Some(dec("51.78"))
    );
}

/// Under Act/Act (ISDA) the interval 2025-12-16..2026-01-03 is counted in
/// two year pieces (16 days of 2025 and 2 of 2026), but its cut is one
/// amount, released from the interval's first day
/// ([`Accrual::released_from`]). Before the fix each year piece was held on
/// its own and the second released from 1 January (found by the accrual
/// oracle's stage 14).
///
/// CNY 10,000 at 0 % in two installments of 5,000 (due 2025-12-15 and
/// 2026-01-15), 罚息 at 60 % on the overdue principal, a 24 % cap on all
/// outstanding principal with the excess deferred. Hand-computed:
/// - 罚息 12-16..01-03, one interval between events, posted as a record
///   per year: round(5,000 × 0.60 / 365) = 8.22 a day, 16 × 8.22 = 131.52
///   and 2 × 8.22 = 16.44. The allowance through 01-02 is 10,000 × 0.24 ×
///   (16 + 2) / 365 = 118.3561…: 118.35 of the first record charged, none
///   of the second, and 13.17 + 16.44 = 29.61 held, as one amount.
/// - A payment of 4,018.35 on 01-03 pays the 118.35 of 罚息 and 3,900 of
///   installment 1's principal; 1,100 stays overdue.
/// - 01-03..01-15: the allowance grows by 6,100 × 0.24 × 12 / 365 =
///   48.1315…; the held 29.61 is released first, in one record from
///   2025-12-16, then the interval's 罚息, round(1,100 × 0.60 / 365) = 1.81
///   a day × 12 = 21.72, gets what is left, 18.52, and 3.20 is held.
#[test]
fn an_act_act_cut_over_new_year_is_held_and_released_as_one() {
    let ymd = |y: i32, m: u32, dd: u32| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    let mut loan = Loan::new(
        LoanTerms::new(
            "AA",
            money("10000", Currency::CNY),
            ymd(2025, 11, 15),
            Rate::ZERO,
            RepaymentMethod::EqualPrincipal,
            2,
            ymd(2025, 12, 15),
        )
        .with_day_count(DayCount::ActActIsda),
    )
    .unwrap();
    loan.record(Transaction::repayment(
        "P",
        ymd(2026, 1, 3),
        money("4018.35", Currency::CNY),
    ))
    .unwrap();
    let policy = penalty_capped(
        "60",
        None,
        "test.cap",
        CapRate::Fixed {
            rate: Rate::from_percent(dec("24")).unwrap(),
        },
        CapExcess::Deferred,
    );
    let r = accrue(&loan, ymd(2025, 11, 15), ymd(2026, 1, 15), &policy).unwrap();
    let rows: Vec<_> = r
        .records
        .iter()
        .map(|x| {
            (
                x.from,
                x.to,
                x.days,
                x.uncapped.amount(),
                x.amount.amount(),
                x.released_from,
            )
        })
        .collect();
    let c = |x: i64| Decimal::new(x, 2);
    assert_eq!(
        rows,
        [
            (
                ymd(2025, 12, 16),
                ymd(2026, 1, 1),
                16,
                c(13152),
                c(11835),
                None
            ),
            (ymd(2026, 1, 1), ymd(2026, 1, 3), 2, c(1644), c(0), None),
            (
                ymd(2026, 1, 3),
                ymd(2026, 1, 15),
                0,
                c(2961),
                c(2961),
                Some(ymd(2025, 12, 16))
            ),
            (
                ymd(2026, 1, 3),
                ymd(2026, 1, 15),
                12,
                c(2172),
                c(1852),
                None
            ),
        ]
    );
    assert_eq!(r.held.map(|h| h.amount(Component::Penalty)), Some(c(320)));
}
