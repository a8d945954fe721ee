//! Stage 15's triage (seeds 15000158, 15000612, 15001179, 15001272): a
//! chargeback before its installment's due date, met in full at once by the
//! loan's credit balance, leaves nothing charged back owing, so it does not
//! make the installment overdue: no `chargeback_on`, no event the next day,
//! no allowance, days past due or stop from its date. One the credit
//! balance does not meet in full does. The docs are silent on the first
//! (`TxKind::Chargeback`: "`amount` is owed again as principal ... An
//! installment not yet due on the value date counts as overdue from that
//! date"; a charge met from the credit balance at once is stage 11's doc
//! gap); the model read any chargeback on an installment still owing its
//! schedule as making it overdue. Hand-built, with the engine's numbers.

use arrears::accrual::{accrue, AccrualKind, AccrualPolicy, Posting};
use arrears::allocation::{
    AllocationRule, DueType, FutureOrder, Overpayment, Processing, Waterfall,
};
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

/// 12,000 CNY at 12 %, 等额本金 over 3 months from 2025-01-01 (4,000 of
/// principal a month, due on the 1st), nothing paid on installment 1, a
/// chargeback of 100 on installment 2 (due 2025-03-01) on 2025-02-20;
/// with `prepaid`, 1,000 paid on 2025-01-10 to a waterfall without
/// in-advance rules, kept as a credit balance.
fn loan(prepaid: bool) -> Loan {
    let terms = LoanTerms::new(
        "CB",
        cny("12000"),
        d("2025-01-01"),
        Rate::from_bps(Decimal::from(1200)).unwrap(),
        RepaymentMethod::EqualPrincipal,
        3,
        d("2025-02-01"),
    );
    let mut loan = Loan::new(terms).unwrap();
    if prepaid {
        loan.record(Transaction::repayment("P", d("2025-01-10"), cny("1000")))
            .unwrap();
    }
    loan.record(Transaction::chargeback(
        "CB",
        d("2025-02-20"),
        cny("100"),
        Some(2),
    ))
    .unwrap();
    loan
}

fn policy() -> AccrualPolicy {
    let mut rules = vec![];
    for dt in [DueType::PastDue, DueType::Due] {
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
        "oracle.no_in_advance",
        rules,
        Processing::Horizontal,
        FutureOrder::NextInstallment,
        Overpayment::CreditBalance,
    )
    .unwrap();
    AccrualPolicy::cn()
        .with_waterfall(w)
        .with_posting(Posting::Period)
}

/// Installment 1's 罚息 records (from, to).
fn spans(loan: &Loan) -> Vec<(NaiveDate, NaiveDate)> {
    accrue(loan, d("2025-01-01"), d("2025-03-05"), &policy())
        .unwrap()
        .records
        .iter()
        .filter(|r| r.kind == AccrualKind::PenaltyInterest && r.installment == 1)
        .map(|r| (r.from, r.to))
        .collect()
}

#[test]
fn chargeback_met_by_the_credit_balance_makes_nothing_overdue() {
    // Met in full: installment 2 is overdue from its due date only, and
    // 2025-02-21 is no event (one posting 02-20..03-02 for installment 1).
    let met = loan(true);
    let r = accrue(&met, d("2025-01-01"), d("2025-02-25"), &policy()).unwrap();
    let i2 = &r.position.installments()[1];
    assert_eq!(i2.chargeback_on(), None);
    assert_eq!(i2.overdue_from(), d("2025-03-01"));
    assert_eq!(r.position.credit(), cny("900"));
    // Installment 1 only: 4,000 + 120 of interest + 18 days' 罚息 24.80,
    // 复利 0.74 on 120, and 5 days' (02-20..02-25) 6.89 + 0.21: 12.4 % (4 ×
    // the LPR of 3.10 % at the contract date, the art28 hold), Act/360.
    assert_eq!(r.position.overdue().total().unwrap(), cny("4152.64"));
    assert_eq!(
        spans(&met),
        [
            (d("2025-02-02"), d("2025-02-20")),
            (d("2025-02-20"), d("2025-03-02")),
            (d("2025-03-02"), d("2025-03-05")),
        ]
    );
    // Not met: installment 2 is overdue from the chargeback's date and the
    // next day ends an interval.
    let owed = loan(false);
    let r = accrue(&owed, d("2025-01-01"), d("2025-02-25"), &policy()).unwrap();
    let i2 = &r.position.installments()[1];
    assert_eq!(i2.chargeback_on(), Some(d("2025-02-20")));
    assert_eq!(i2.overdue_from(), d("2025-02-20"));
    assert_eq!(
        spans(&owed),
        [
            (d("2025-02-02"), d("2025-02-20")),
            (d("2025-02-20"), d("2025-02-21")),
            (d("2025-02-21"), d("2025-03-02")),
            (d("2025-03-02"), d("2025-03-05")),
        ]
    );
}
