//! A library fault found by stage 15 past its 2,000 cases (seed 15020810,
//! where the comparison stops on "not whole minor units: 3679.936"),
//! reduced by hand. Fixed: the split unit ignores trailing zeros.
//!
//! `FutureOrder::Reamortization`: "the money left is split evenly over the
//! future installments that still owe that component, in minor units, with
//! the rounding remainder on the last". A flat late fee written `1.900`
//! (the same value as `1.90`, whole fen) makes the split go in thousandths
//! of a yuan: `reamortize` (`src/allocation/single.rs`) takes the split
//! unit from the scale of the money left, and the fee's three decimal
//! places (trailing zeros) carry into it once the payment has paid the fee.

use arrears::accrual::{accrue, AccrualPolicy, FeeBase, LateFeeRule, Recurrence, RuleRef};
use arrears::allocation::{
    AllocationRule, DueType, FutureOrder, Overpayment, Processing, Waterfall,
};
use arrears::delinquency::RuleStatus;
use arrears::loan::{Component, Loan, LoanTerms, RepaymentMethod, Transaction};
use arrears::money::{Currency, Money, Rate};
use chrono::NaiveDate;
use rust_decimal::Decimal;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn cny(s: &str) -> Money {
    Money::new(s.parse::<Decimal>().unwrap(), Currency::CNY)
}

/// Principal paid on installments 2–6 at the end of 2024-09-14: 12,000 CNY
/// at 8.15 %, 等额本息 over 6 months from 2024-07-21, nothing paid until
/// 10,000 on 2024-09-14; the `cn` policy with a flat late fee of `fee` 13
/// days after a due date (charged on 2024-09-03) and a waterfall of due,
/// past-due and in-advance rules (penalty, fee, interest, principal),
/// vertical, reamortizing.
fn principal_paid(fee: &str) -> Vec<Money> {
    let terms = LoanTerms::new(
        "REAM",
        cny("12000"),
        d("2024-07-21"),
        Rate::from_bps(Decimal::from(815)).unwrap(),
        RepaymentMethod::EqualInstallment,
        6,
        d("2024-08-21"),
    );
    let mut loan = Loan::new(terms).unwrap();
    loan.record(Transaction::repayment("P", d("2024-09-14"), cny("10000")))
        .unwrap();
    let mut rules = vec![];
    for dt in [DueType::Due, DueType::PastDue, DueType::InAdvance] {
        for c in [
            Component::Penalty,
            Component::Fee,
            Component::Interest,
            Component::Principal,
        ] {
            rules.push(AllocationRule::new(dt, c));
        }
    }
    let w = Waterfall::new(
        "oracle.reamortize",
        rules,
        Processing::Vertical,
        FutureOrder::Reamortization,
        Overpayment::PrepayNext,
    )
    .unwrap();
    let policy = AccrualPolicy::cn()
        .with_waterfall(w)
        .with_late_fee(LateFeeRule {
            rule: RuleRef::new("oracle.fee", "test", RuleStatus::Unverified),
            after_days: 13,
            recurrence: Recurrence::EveryDays { days: 21 },
            base: FeeBase::Flat {
                amount: fee.parse().unwrap(),
            },
            min: None,
            max: None,
            cost_basis: None,
        });
    let r = accrue(&loan, d("2024-07-21"), d("2024-09-15"), &policy).unwrap();
    r.position.installments()[1..]
        .iter()
        .map(|i| i.paid().get(Component::Principal))
        .collect()
}

#[test]
fn stage15_reamortization_splits_in_minor_units_whatever_the_fees_scale() {
    // 10,000 pays installment 1 (penalty 16.10, fee 1.90, interest 81.50,
    // principal 1,966.31), then 2–6's interest (205.36); the 7,728.83 left
    // is split in fen over five principals: 1,545.76 four times and the
    // remainder, 1,545.79, on the last.
    let want: Vec<Money> = ["1545.76", "1545.76", "1545.76", "1545.76", "1545.79"]
        .iter()
        .map(|s| cny(s))
        .collect();
    assert_eq!(principal_paid("1.90"), want);
    // The engine: 1,545.766 on each of the five (7,728.83 split in
    // thousandths).
    assert_eq!(principal_paid("1.900"), want);
}
