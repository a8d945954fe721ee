//! Payoff quotes: a payment of the quote, value-dated its day, closes the
//! loan.
//!
//! Loan B: CNY 12,000 等额本金 over 12 months at 12 % (30/360 schedule),
//! disbursed 2026-01-10, first due 02-10: principal 1,000 a month, interest
//! 120, 110, 100, … 10 (1 % a month of the balance).

use super::*;
use crate::loan::TxKind;

fn loan_b() -> Loan {
    Loan::new(LoanTerms::new(
        "B",
        money("12000", Currency::CNY),
        d(1, 10),
        Rate::from_percent(dec("12")).unwrap(),
        RepaymentMethod::EqualPrincipal,
        12,
        d(2, 10),
    ))
    .unwrap()
}

/// Records the quote's transactions and checks that, under `policy`,
/// nothing is owed after them, no credit is left and nothing accrues
/// afterwards.
fn pay_quote(loan: &mut Loan, quote: &Payoff, policy: &AccrualPolicy) {
    for tx in quote.transactions("PAYOFF", policy).unwrap() {
        loan.record(tx).unwrap();
    }
    // The position with the policy's penalties and fees (the loan's own
    // position has none).
    let next = quote.as_of.succ_opt().unwrap();
    let report = accrue(loan, quote.as_of, next, policy).unwrap();
    let pos = &report.position;
    assert!(pos.outstanding().total().unwrap().is_zero(), "{pos:?}");
    assert!(pos.credit().is_zero(), "{:?}", pos.credit());
    assert!(payoff(loan, next, policy).unwrap().total.is_zero());
    let later = accrue(loan, quote.as_of, d(12, 31), policy).unwrap();
    assert!(later.records.is_empty(), "{:?}", later.records);
}

#[test]
fn paying_the_quote_closes_the_loan() {
    let mut loan = loan_b();
    let policy = crate::accrual::tests::cn();
    let quote = payoff(&loan, d(3, 1), &policy).unwrap();
    // 12,000 principal + #1's 120 + 69.67 accrued on #2 + 6.66 penalty
    // (see `payoff_before_maturity_includes_accrued_interest`).
    assert_eq!(quote.total, money("12196.33", Currency::CNY));
    // #2's 110 less the 69.67 accrued, and all of #3..#12 (100 … 10).
    let unearned: Vec<(u32, Money)> = quote
        .unearned_interest
        .iter()
        .map(|(k, v)| (*k, *v))
        .collect();
    let mut want = vec![(2, money("40.33", Currency::CNY))];
    want.extend((3..=12).map(|k| (k, Money::new(Decimal::from(130 - 10 * k), Currency::CNY))));
    assert_eq!(unearned, want);
    let txs = quote.transactions("PAYOFF", &policy).unwrap();
    assert_eq!(txs.len(), 12);
    assert_eq!(txs[0].id().as_str(), "PAYOFF.w2");
    assert!(matches!(
        txs[0].kind(),
        TxKind::Waiver { component: Component::Interest, installment: Some(2), rule: Some(r), .. }
            if r == UNEARNED_INTEREST_RULE
    ));
    assert_eq!(txs[11].id().as_str(), "PAYOFF");
    assert_eq!(txs[11].value_date(), d(3, 1));
    pay_quote(&mut loan, &quote, &policy);
    // Before: paying 12,200.31 left 589.77 outstanding on #12.
}

#[test]
fn the_quote_leaves_out_the_charges_its_payment_prevents() {
    // USD 1,000 at 0 % in 4 × 250; #1 (due 02-01) draws a late fee of
    // 12.50 raised to the 15 minimum on 02-16 (DPD 15).
    let policy = AccrualPolicy::us();
    let mut loan = usd_loan("1000", 4);
    let on_16 = payoff(&loan, d(2, 16), &policy).unwrap();
    assert_eq!(on_16.total, money("1000.00", Currency::USD));
    assert!(on_16.unearned_interest.is_empty());
    // A day later the fee has been charged.
    let on_17 = payoff(&loan, d(2, 17), &policy).unwrap();
    assert_eq!(on_17.total, money("1015.00", Currency::USD));
    // Paying the 02-16 quote on 02-16 closes the loan with no credit (it
    // used to leave 15.00 of credit).
    pay_quote(&mut loan, &on_16, &policy);
}

#[test]
fn a_payment_earlier_on_the_day_counts() {
    let policy = AccrualPolicy::us();
    let mut loan = usd_loan("1000", 4);
    loan.record(Transaction::repayment(
        "P",
        d(2, 16),
        money("300", Currency::USD),
    ))
    .unwrap();
    let quote = payoff(&loan, d(2, 16), &policy).unwrap();
    assert_eq!(quote.total, money("700.00", Currency::USD));
    pay_quote(&mut loan, &quote, &policy);
}

#[test]
fn interest_paid_in_advance_is_deducted_not_refunded() {
    let policy = crate::accrual::tests::cn();
    let mut loan = loan_b();
    loan.record(Transaction::repayment(
        "PRE",
        d(1, 11),
        money("2000", Currency::CNY),
    ))
    .unwrap();
    // The 2,000 paid #1 (120 + 1,000) and #2 (110 + 770) in advance.
    let quote = payoff(&loan, d(1, 20), &policy).unwrap();
    assert_eq!(
        quote.by_component.get(Component::Principal),
        money("10230", Currency::CNY)
    );
    // #1's accrued 10,230 × 12 % × 10 / 360 = 34.10 is less than the 120
    // paid on it: nothing more is owed, and the excess is not refunded.
    assert_eq!(
        quote.by_component.get(Component::Interest),
        money("0", Currency::CNY)
    );
    assert_eq!(quote.total, money("10230", Currency::CNY));
    assert_eq!(quote.unearned_interest.len(), 10);
    assert!(!quote.unearned_interest.contains_key(&2));
    pay_quote(&mut loan, &quote, &policy);
}

#[test]
fn interest_charged_to_installments_not_yet_due_is_owed() {
    let policy = crate::accrual::tests::cn();
    let mut loan = loan_b();
    for (id, k, amount) in [("C2", 2, "50"), ("C5", 5, "40")] {
        loan.record(Transaction::new(
            id,
            d(2, 20),
            TxKind::Charge {
                component: Component::Interest,
                amount: money(amount, Currency::CNY),
                installment: Some(k),
                rule: None,
            },
        ))
        .unwrap();
    }
    let quote = payoff(&loan, d(3, 1), &policy).unwrap();
    // 120 (#1) + 69.67 + 50 (#2) + 40 (#5).
    assert_eq!(
        quote.by_component.get(Component::Interest),
        money("279.67", Currency::CNY)
    );
    assert_eq!(quote.total, money("12286.33", Currency::CNY));
    // #5's unearned interest is its scheduled 80, not the 40 charged.
    assert_eq!(
        quote.unearned_interest.get(&5),
        Some(&money("80", Currency::CNY))
    );
    pay_quote(&mut loan, &quote, &policy);
}

#[test]
fn bad_dates_and_ids_are_errors() {
    let loan = loan_b();
    let policy = crate::accrual::tests::cn();
    assert_eq!(
        payoff(&loan, d(1, 9), &policy).unwrap_err().to_string(),
        "invalid `as_of` value `2026-01-09`: is before the disbursement date `2026-01-10`"
    );
    let quote = payoff(&loan, d(1, 10), &policy).unwrap();
    assert_eq!(quote.total, money("12000", Currency::CNY));
    assert!(quote.transactions("", &policy).is_err());
    // Waiver ids are made from the id: one that leaves no room is refused.
    let long = "P".repeat(62);
    let err = payoff(&loan, d(3, 1), &policy)
        .unwrap()
        .transactions(&long, &policy)
        .unwrap_err();
    assert!(matches!(err, crate::Error::InvalidField { field, .. } if field == "id"));
}

/// What the ledger cannot do is refused, not left half done (review
/// findings): a waterfall with no in-advance rules cannot pay installments
/// not yet due. A credit balance pays a later charge (a second review):
/// everything scheduled (12,000 + 780 interest) paid with 10 more, then a
/// fee of 30 posted, leaves 20 owed and no credit.
#[test]
fn transactions_refuse_what_would_not_close_the_loan() {
    let policy = crate::accrual::tests::cn();
    let loan = recorded(
        loan_b(),
        [
            Transaction::repayment("ALL", d(1, 20), money("12790", Currency::CNY)),
            Transaction::charge("FEE", d(1, 25), Component::Fee, money("30", Currency::CNY)),
        ],
    );
    let quote = payoff(&loan, d(2, 1), &policy).unwrap();
    assert_eq!(quote.credit, money("0", Currency::CNY));
    assert_eq!(quote.total, money("20", Currency::CNY));
    let txs = quote.transactions("PAYOFF", &policy).unwrap();
    assert_eq!(txs.len(), 1);

    let mut matured_only = policy.clone();
    let rules: Vec<_> = policy
        .waterfall()
        .rules()
        .iter()
        .filter(|r| r.due_type != crate::allocation::DueType::InAdvance)
        .cloned()
        .collect();
    matured_only = matured_only.with_waterfall(
        crate::allocation::Waterfall::new(
            "matured",
            rules,
            policy.waterfall().processing(),
            policy.waterfall().future_order(),
            policy.waterfall().overpayment(),
        )
        .unwrap(),
    );
    let quote = payoff(&loan_b(), d(3, 1), &matured_only).unwrap();
    let err = quote.transactions("PAYOFF", &matured_only).unwrap_err();
    assert!(matches!(err, crate::Error::InvalidField { field, .. } if field == "waterfall"));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Whatever the policy, the ledger and the day, recording the quote's
    /// transactions leaves nothing owed and no more credit than was held
    /// beyond what was owed (plus less than a cent: the payment is rounded
    /// up to the cent when a fee has more places).
    #[test]
    fn paying_any_quote_closes_the_loan(
        policy in arb_policy(),
        mut loan in arb_paid_loan(),
        at in 0u64..900,
    ) {
        let as_of = d(1, 1) + chrono::Days::new(at);
        let Ok(quote) = payoff(&loan, as_of, &policy) else {
            return Ok(());
        };
        // A credit balance is not applied by the ledger: no transactions
        // while something is owed; nothing to pay once nothing is.
        if quote.credit.is_positive() {
            let txs = quote.transactions("PAYOFF", &policy);
            if quote.total.is_positive() {
                prop_assert!(txs.is_err());
            } else {
                let pays = |t: &Transaction| matches!(t.kind(), TxKind::Repayment { .. });
                prop_assert!(!txs.unwrap().iter().any(pays), "a repayment of nothing owed");
            }
            return Ok(());
        }
        for tx in quote.transactions("PAYOFF", &policy).unwrap() {
            loan.record(tx).unwrap();
        }
        let next = as_of.succ_opt().unwrap();
        let pos = accrue(&loan, as_of, next, &policy).unwrap().position;
        prop_assert!(pos.outstanding().total().unwrap().is_zero(), "{:?}", pos.outstanding());
        // The payment is rounded up to the cent: less than a cent of credit.
        let extra = pos.credit().amount();
        prop_assert!(extra >= Decimal::ZERO && extra < dec("0.01"), "{}", pos.credit());
    }
}

/// From a review (2026-11-28): a fee maximum finer than the loan's minor
/// unit (20.005 on USD) passed validation, was charged as 20.005 and left
/// a sub-cent credit after the quote was paid; it is refused, naming the
/// field. A loan paid off and overpaid owes nothing: its quote's
/// transactions are none, where they were refused for the credit.
#[test]
fn sub_minor_fee_bounds_and_an_overpaid_loan() {
    let fee = |max: &str| LateFeeRule {
        rule: RuleRef::new("f", "", RuleStatus::Unverified),
        after_days: 1,
        recurrence: Recurrence::Once,
        base: FeeBase::Flat { amount: dec("25") },
        min: None,
        max: Some(dec(max)),
        cost_basis: None,
    };
    let usd = Loan::new(LoanTerms::new(
        "U",
        money("1000", Currency::USD),
        d(1, 10),
        Rate::ZERO,
        RepaymentMethod::Bullet,
        1,
        d(2, 10),
    ))
    .unwrap();
    let policy = AccrualPolicy::new("p").with_late_fee(fee("20.005"));
    assert_eq!(
        payoff(&usd, d(3, 1), &policy).unwrap_err().to_string(),
        "invalid policy: `late_fees[0].max` = `20.005`: is finer than the minor unit of the \
         loan's USD (0.01)"
    );
    // 20.00 is a whole number of cents: the fee is 20.00 and the quote
    // 1,020.00.
    let policy = AccrualPolicy::new("p").with_late_fee(fee("20.00"));
    assert_eq!(
        payoff(&usd, d(3, 1), &policy).unwrap().total,
        money("1020.00", Currency::USD)
    );
    // Paid off and overpaid: 13,000 against the schedule's 12,780
    // (12,000 + 780 of interest), on the first due date.
    let mut paid = loan_b();
    paid.record(Transaction::repayment(
        "ALL",
        d(2, 10),
        money("13000", Currency::CNY),
    ))
    .unwrap();
    let policy = AccrualPolicy::new("p");
    let quote = payoff(&paid, d(3, 1), &policy).unwrap();
    assert!(quote.total.is_zero(), "{:?}", quote.total);
    assert!(quote.credit.is_positive(), "{:?}", quote.credit);
    let txs = quote.transactions("PAYOFF", &policy).unwrap();
    assert!(
        txs.iter()
            .all(|t| !matches!(t.kind(), TxKind::Repayment { .. })),
        "{txs:?}"
    );
}
