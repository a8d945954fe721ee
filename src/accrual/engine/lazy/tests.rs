//! Runs against posting every interval, on loans deep in arrears: whole
//! lives and windows, a binding cap, year-end basis changes, a stop rule,
//! a payment stream. The random cases are in `fastpay/tests.rs`.

use super::super::{accrue_with, Paths};
use super::*;
use crate::accrual::{AccrualReport, AnnualizedCap, CapRate, Caps, StopRule};
use crate::calendar::DayCount;
use crate::loan::{LoanTerms, RepaymentMethod, Transaction};
use crate::money::{Currency, Rate};
use crate::rule::{RuleRef, RuleStatus};

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}

/// 36 monthly installments of a 36,000 CNY loan at 7.2 %; `pay` lists
/// (installment index, days late, installments paid).
fn loan(pay: &[(usize, u64, u32)]) -> Loan {
    let mut loan = Loan::new(LoanTerms::new(
        "R",
        Money::new(Decimal::from(36_000), Currency::CNY),
        d(2023, 1, 15),
        Rate::from_percent(Decimal::new(72, 1)).unwrap(),
        RepaymentMethod::EqualInstallment,
        36,
        d(2023, 2, 15),
    ))
    .unwrap();
    let per = loan.schedule()[0].payment();
    let dues: Vec<NaiveDate> = loan.schedule().iter().map(|r| r.due_date()).collect();
    for (n, (k, late, count)) in pay.iter().enumerate() {
        let date = dues[*k] + chrono::Days::new(*late);
        let amount = per.checked_mul(Decimal::from(*count)).unwrap();
        loan.record(Transaction::repayment(&format!("P{n}"), date, amount))
            .unwrap();
    }
    loan
}

fn both(loan: &Loan, from: NaiveDate, to: NaiveDate, policy: &AccrualPolicy) -> AccrualReport {
    let general = Paths {
        fixed: false,
        ..Paths::default()
    };
    let runs = accrue_with(loan, from, to, policy, general).unwrap();
    let each = accrue_with(
        loan,
        from,
        to,
        policy,
        Paths {
            runs: false,
            ..general
        },
    )
    .unwrap();
    // And the fixed-point replay, where it applies.
    let fixed = accrue_with(loan, from, to, policy, Paths::default()).unwrap();
    let json = serde_json::to_string(&runs).unwrap();
    assert_eq!(json, serde_json::to_string(&each).unwrap());
    let fj = serde_json::to_string(&fixed).unwrap();
    if json != fj {
        let k = json
            .bytes()
            .zip(fj.bytes())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        let lo = k.saturating_sub(300);
        eprintln!(
            "GENERAL {}\nFIXED   {}",
            &json[lo..(k + 200).min(json.len())],
            &fj[lo..(k + 200).min(fj.len())]
        );
    }
    assert_eq!(json, fj);
    runs
}

fn cap(percent: i64) -> Caps {
    Caps {
        annualized: Some(AnnualizedCap {
            rule: RuleRef::new("cap", "", RuleStatus::Unverified),
            rate: CapRate::Fixed {
                rate: Rate::from_percent(Decimal::from(percent)).unwrap(),
            },
            day_count: None,
            excess: crate::accrual::CapExcess::Waived,
            base: crate::accrual::CapBase::OutstandingPrincipal,
            rate_rule: None,
        }),
        ..Caps::default()
    }
}

fn policies() -> Vec<AccrualPolicy> {
    let fee = AccrualPolicy::us().late_fees()[0].clone();
    let cn = crate::accrual::tests::cn();
    let mut isda = cn.penalty().unwrap().clone();
    isda.day_count = Some(DayCount::ActActIsda);
    vec![
        cn.clone(),
        cn.clone().with_late_fee(fee.clone()),
        // A cap that binds after a few months of arrears.
        cn.clone().with_late_fee(fee).with_caps(cap(3)),
        cn.clone().with_penalty(isda),
        cn.clone().with_stop(StopRule {
            at_dpd: Some(200),
            at_charge_off: false,
        }),
        cn.with_posting(Posting::Period),
    ]
}

#[test]
fn never_paid_whole_life_and_windows() {
    let loan = loan(&[]);
    for (n, policy) in policies().into_iter().enumerate() {
        let whole = both(&loan, d(2023, 1, 15), d(2026, 3, 1), &policy);
        assert!(!whole.records.is_empty());
        // The 3 % cap binds, so the runs meet a cap they cannot fit.
        let capped = whole
            .records
            .iter()
            .filter(|a| a.capped_by.is_some())
            .count();
        assert_eq!(capped > 0, n == 2, "policy {n}: {capped} capped records");
        for (from, to) in [
            (d(2023, 6, 1), d(2024, 1, 20)),
            (d(2024, 12, 30), d(2025, 1, 2)),
            (d(2025, 2, 16), d(2025, 2, 17)),
        ] {
            both(&loan, from, to, &policy);
        }
    }
}

#[test]
fn payments_late_and_partial() {
    let loan = loan(&[(0, 0, 1), (2, 20, 2), (5, 3, 1), (9, 40, 4), (20, 0, 3)]);
    for policy in policies() {
        both(&loan, d(2023, 1, 15), d(2026, 3, 1), &policy);
        both(&loan, d(2024, 3, 1), d(2025, 7, 1), &policy);
    }
}

/// The 36th installment falls overdue on 2026-01-16: by then all 36 are
/// overdue and each has one penalty record that runs from its first
/// overdue day to the end; its amount is the daily amount times the days,
/// exactly as if posted day by day.
#[test]
fn a_record_per_installment_and_kind_spans_its_whole_run() {
    let loan = loan(&[]);
    let policy = crate::accrual::tests::cn();
    let r = both(&loan, d(2023, 1, 15), d(2026, 3, 1), &policy);
    let penalty: Vec<_> = r
        .records
        .iter()
        .filter(|a| a.kind == AccrualKind::PenaltyInterest)
        .collect();
    assert_eq!(penalty.len(), 36);
    for a in &penalty {
        assert_eq!(a.to, d(2026, 3, 1));
        let o = &loan.obligations()[a.installment as usize - 1];
        assert_eq!(a.from, o.due_date.succ_opt().unwrap());
        assert_eq!(a.days, (a.to - a.from).num_days());
        assert_eq!(a.base.amount(), o.due.amount(Component::Principal));
        assert_eq!(a.rule, "cn.pboc_2003_251.overdue_markup");
        // An auditor's recomputation from the record's own fields:
        // round_half_up(base × rate / basis) × days.
        let per_day = (a.base.amount() * a.rate.unwrap() / Decimal::from(a.basis))
            .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        assert_eq!(a.amount.amount(), per_day * Decimal::from(a.days), "{a:?}");
    }
    // By hand (7.2 % × 1.5 = 10.8 %, Act/360, half up):
    // - installment 1: 898.87 × 0.108 / 360 = 0.269661 → 0.27 a day, from
    //   2023-02-16 to 2026-03-01 (365 + 366 + 365 + 13 = 1,109 days): 299.43;
    // - installment 36: 1,108.24 × 0.108 / 360 = 0.332472 → 0.33 a day,
    //   2026-01-16 to 2026-03-01 (44 days): 14.52;
    // - compound interest on installment 1's 216.00 interest:
    //   216.00 × 0.0003 = 0.0648 → 0.06 a day × 1,109 = 66.54.
    let one = |seq: u32, kind: AccrualKind| {
        r.records
            .iter()
            .find(|a| a.installment == seq && a.kind == kind)
            .map(|a| (a.base.amount(), a.days, a.amount.amount()))
    };
    let dec = |s: &str| Decimal::from_str_exact(s).unwrap();
    assert_eq!(
        one(1, AccrualKind::PenaltyInterest),
        Some((dec("898.87"), 1109, dec("299.43")))
    );
    assert_eq!(
        one(36, AccrualKind::PenaltyInterest),
        Some((dec("1108.24"), 44, dec("14.52")))
    );
    assert_eq!(
        one(1, AccrualKind::CompoundInterest),
        Some((dec("216.00"), 1109, dec("66.54")))
    );
}

/// 30/360 gives an interval from the 30th to the 31st no days: a run that
/// accrued over such an interval last still carries its record to the
/// interval's end, as posting every interval does (found by the
/// `accrue_paths` fuzz target: the record ended a day early).
#[test]
fn a_run_whose_last_interval_has_no_days_still_moves_its_record() {
    // Equal installments in KWD (3 places), disbursed 2024-01-01.
    let kwd_loan = |fils: i64, percent: i64, n: u32, first_due: NaiveDate| {
        let kwd = Currency::new("KWD", 3).unwrap();
        let rate = Rate::from_percent(Decimal::from(percent)).unwrap();
        let terms = LoanTerms::new(
            "Z",
            Money::from_minor(fils, kwd),
            d(2024, 1, 1),
            rate,
            RepaymentMethod::EqualInstallment,
            n,
            first_due,
        );
        Loan::new(terms).unwrap()
    };
    let loan = kwd_loan(49_243_146_206, 0, 1, d(2024, 1, 8));
    let mut penalty = crate::accrual::tests::cn().penalty().cloned().unwrap();
    penalty.day_count = Some(DayCount::Thirty360BondBasis);
    penalty.compound = false;
    // A monthly fee on the unpaid minimum reads the penalty, so it posts the
    // run on the 30th (22 days after the 8th): what follows is the 30th to
    // the 31st, no days.
    let policy = crate::accrual::tests::cn()
        .with_penalty(penalty)
        .with_late_fee(crate::accrual::LateFeeRule {
            rule: RuleRef::new("f", "", RuleStatus::Unverified),
            after_days: 22,
            recurrence: crate::accrual::Recurrence::Monthly,
            base: crate::accrual::FeeBase::UnpaidMinimum {
                rate: Decimal::new(715, 4),
            },
            min: None,
            max: None,
            cost_basis: None,
        })
        .with_rounding(crate::money::Rounding::AwayFromZero);
    // A zero rate: the run's daily amount is zero, so only `to` and `days`
    // tell the paths apart. 839 days, 30/360 over the whole window counted
    // from the installment's due date: the fee dates that cut the
    // intervals (2026-05-22..30, 05-30..31) no longer change it (they made
    // it 838 before the days were anchored).
    let r = both(&loan, d(2024, 2, 2), d(2026, 5, 31), &policy);
    let penalty: Vec<_> = r
        .records
        .iter()
        .filter(|a| a.kind == AccrualKind::PenaltyInterest)
        .collect();
    assert_eq!(penalty.len(), 1);
    assert_eq!((penalty[0].to, penalty[0].days), (d(2026, 5, 31), 839));
    // And with a non-zero rate, over windows ending on a 31st.
    let loan = kwd_loan(1_000_000, 6, 3, d(2024, 1, 30));
    for to in [d(2024, 3, 31), d(2024, 5, 31), d(2024, 12, 31)] {
        let r = both(&loan, d(2024, 1, 1), to, &policy);
        assert!(r.records.iter().all(|a| a.to <= to));
        assert!(r.records.iter().any(|a| a.to == to));
    }
}
