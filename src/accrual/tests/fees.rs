//! Late fees: minimum and maximum, recurrence, several rules and
//! installments, the fee caps, the UK default charge.

use super::*;

#[test]
fn us_late_fee_min_and_max() {
    // 250 installment: 5 % = 12.50, raised to the 15 minimum, on DPD 15.
    let r = accrue(&usd_loan("1000", 4), d(2, 1), d(3, 1), &AccrualPolicy::us()).unwrap();
    let fees: Vec<_> = r
        .records
        .iter()
        .filter(|x| x.kind == AccrualKind::LateFee)
        .collect();
    assert_eq!(fees.len(), 1);
    assert_eq!((fees[0].from, fees[0].installment), (d(2, 16), 1));
    assert_eq!(fees[0].amount, money("15.00", Currency::USD));
    assert_eq!(fees[0].base, money("250.00", Currency::USD));
    assert_eq!(fees[0].rule, "us.late_charge.installment");
    // The record carries its bounds (review finding: an auditor could not
    // recompute 15 from base 250 × rate 0.05 alone).
    let recompute = |f: &Accrual| {
        let raw = (f.base.amount() * f.rate.unwrap()).round_dp(2);
        let lo = f.fee_min.map_or(raw, |m| raw.max(m.amount()));
        f.fee_max.map_or(lo, |m| lo.min(m.amount()))
    };
    assert_eq!(
        (fees[0].fee_min, fees[0].fee_max),
        (
            Some(money("15", Currency::USD)),
            Some(money("30", Currency::USD))
        )
    );
    assert_eq!(recompute(fees[0]), fees[0].uncapped.amount());
    // 1,000 installment: 5 % = 50, cut to the 30 maximum.
    let r = accrue(&usd_loan("1000", 1), d(2, 1), d(3, 1), &AccrualPolicy::us()).unwrap();
    assert_eq!(total(&r, AccrualKind::LateFee), dec("30.00"));
    let fee = r
        .records
        .iter()
        .find(|x| x.kind == AccrualKind::LateFee)
        .unwrap();
    assert_eq!(recompute(fee), dec("30"));
    // Paid before DPD 15: no fee.
    let mut loan = usd_loan("1000", 4);
    loan.record(Transaction::repayment(
        "P",
        d(2, 15),
        money("250", Currency::USD),
    ))
    .unwrap();
    let r = accrue(&loan, d(2, 1), d(3, 1), &AccrualPolicy::us()).unwrap();
    assert_eq!(total(&r, AccrualKind::LateFee), dec("0"));
}

#[test]
fn recurring_fees_and_fee_caps() {
    let policy = AccrualPolicy::new("t")
        .with_late_fee(flat_fee(Recurrence::EveryDays { days: 30 }))
        .with_caps(Caps {
            fees_per_installment: Some(dec("25")),
            ..Caps::default()
        });
    let r = accrue(&usd_loan("1000", 1), d(2, 1), d(5, 10), &policy).unwrap();
    let fees: Vec<_> = r
        .records
        .iter()
        .map(|x| (x.from, x.amount.amount(), x.capped_by.as_deref()))
        .collect();
    let cap = Some("caps.fees_per_installment");
    assert_eq!(
        fees,
        [
            (d(2, 2), dec("10"), None),
            (d(3, 4), dec("10"), None),
            (d(4, 3), dec("5"), cap),
            (d(5, 3), dec("0"), cap),
        ]
    );
    let monthly = AccrualPolicy::new("t").with_late_fee(flat_fee(Recurrence::Monthly));
    let r = accrue(&usd_loan("1000", 1), d(2, 1), d(5, 1), &monthly).unwrap();
    let dates: Vec<_> = r.records.iter().map(|x| x.from).collect();
    assert_eq!(dates, [d(2, 2), d(3, 2), d(4, 2)]);
    let per_loan = AccrualPolicy::new("t")
        .with_late_fee(flat_fee(Recurrence::Once))
        .with_caps(Caps {
            fees_per_loan: Some(dec("15")),
            ..Caps::default()
        });
    let r = accrue(&usd_loan("1000", 2), d(2, 1), d(4, 1), &per_loan).unwrap();
    let amounts: Vec<_> = r.records.iter().map(|x| x.amount.amount()).collect();
    assert_eq!(amounts, [dec("10"), dec("5")]);
}

#[test]
fn fee_clocks_of_several_rules_and_installments() {
    // Four installments of USD 250 due 02-01, 03-01, 04-01, 05-01, no
    // interest. Rule A: 10 a month from the day after the due date; rule
    // B: 20 once, 10 days after it. Installment 1 is paid in full on 03-01
    // (250 + A on 02-02 + B on 02-11 = 280): its A clock (next 03-02) ends
    // without a fee. A charge on 04-20 goes to installment 2, the oldest
    // open one. The window ends before 05-11 (installment 4's B).
    let mut b = flat_fee(Recurrence::Once);
    b.rule = RuleRef::new("test.fee_b", "", RuleStatus::Unverified);
    b.after_days = 10;
    b.base = FeeBase::Flat { amount: dec("20") };
    let policy = AccrualPolicy::new("t")
        .with_late_fee(flat_fee(Recurrence::Monthly))
        .with_late_fee(b);
    let loan = recorded(
        usd_loan("1000", 4),
        [
            Transaction::repayment("P", d(3, 1), money("280", Currency::USD)),
            Transaction::charge("C", d(4, 20), Component::Fee, money("5", Currency::USD)),
        ],
    );
    let r = accrue(&loan, d(2, 1), d(5, 10), &policy).unwrap();
    let fees: Vec<_> = r
        .records
        .iter()
        .map(|x| (x.from, x.installment, x.rule.as_ref(), x.amount.amount()))
        .collect();
    let (a, b) = ("test.fee", "test.fee_b");
    assert_eq!(
        fees,
        [
            (d(2, 2), 1, a, dec("10")),
            (d(2, 11), 1, b, dec("20")),
            (d(3, 2), 2, a, dec("10")),
            (d(3, 11), 2, b, dec("20")),
            (d(4, 2), 2, a, dec("10")),
            (d(4, 2), 3, a, dec("10")),
            (d(4, 11), 3, b, dec("20")),
            (d(5, 2), 2, a, dec("10")),
            (d(5, 2), 3, a, dec("10")),
            (d(5, 2), 4, a, dec("10")),
        ]
    );
    let inst = r.position.installments();
    assert_eq!(inst[0].outstanding().total().unwrap().amount(), dec("0"));
    // Installment 2: 250 + 10 + 20 + 10 + 10 + the 5 charged.
    assert_eq!(inst[1].outstanding().total().unwrap().amount(), dec("305"));
}

#[test]
fn uk_default_charge_once_per_installment() {
    let loan = Loan::new(LoanTerms::new(
        "U",
        money("600", Currency::GBP),
        d(1, 1),
        Rate::ZERO,
        RepaymentMethod::EqualPrincipal,
        3,
        d(2, 1),
    ))
    .unwrap();
    let r = accrue(&loan, d(1, 1), d(4, 15), &AccrualPolicy::uk()).unwrap();
    let fees: Vec<_> = r
        .records
        .iter()
        .map(|x| (x.installment, x.from, x.amount.amount()))
        .collect();
    assert_eq!(
        fees,
        [
            (1, d(2, 2), dec("12")),
            (2, d(3, 2), dec("12")),
            (3, d(4, 2), dec("12"))
        ]
    );
}
