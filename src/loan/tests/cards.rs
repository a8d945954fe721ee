//! Card accounts: minimum payments and position, what a payment and a
//! credit balance pay, documents checked, chargebacks on issued statements.

use super::*;

#[test]
fn card_minimum_payments_and_position() {
    let bal = |p: &str, i: &str, f: &str| {
        let mut b = Breakdown::zero(Currency::CNY);
        b.set(Component::Principal, dec(p));
        b.set(Component::Interest, dec(i));
        b.set(Component::Fee, dec(f));
        b
    };
    let rule = MinimumPaymentRule::cn_typical();
    // 10 % of 10,000 spending + 120 interest + 0 fees = 1,120.
    let min = rule.minimum(&bal("10000", "120", "0")).unwrap();
    assert_eq!(min.total().unwrap(), cny("1120"));
    let us = MinimumPaymentRule::us_typical();
    // 1 % of 800 = 8 + 5 interest = 13, raised to the 25 floor.
    let min = us.minimum(&bal("800", "5", "0")).unwrap();
    assert_eq!(min.total().unwrap(), cny("25"));
    assert_eq!(min.get(Component::Principal), cny("20"));
    // Never above the balance.
    assert_eq!(
        us.minimum(&bal("10", "1", "0")).unwrap().total().unwrap(),
        cny("11")
    );

    let mut card = CardAccount::new(
        "C-1",
        cny("50000"),
        d(2025, 12, 1),
        Rate::from_daily(dec("0.0005"), crate::money::DayBasis::Days365).unwrap(),
    )
    .unwrap();
    card.add_statement(
        Statement::with_rule(d(2026, 1, 5), d(2026, 1, 25), bal("10000", "0", "0"), &rule).unwrap(),
    )
    .unwrap();
    card.add_statement(
        Statement::with_rule(
            d(2026, 2, 5),
            d(2026, 2, 25),
            bal("10000", "150", "0"),
            &rule,
        )
        .unwrap(),
    )
    .unwrap();
    card.record(Transaction::repayment("P1", d(2026, 1, 20), cny("600")))
        .unwrap();
    let pos = card.position(d(2026, 3, 1)).unwrap();
    // Minimum 1,000 of January: 600 paid, 400 unmet; DPD runs from 01-25.
    assert_eq!(
        pos.oldest_overdue(Decimal::ZERO).map(|i| i.due_date()),
        Some(d(2026, 1, 25))
    );
    assert_eq!(pos.overdue().total().unwrap(), cny("1550"));
    assert_eq!(card.balance(d(2026, 3, 1)).unwrap(), cny("10150"));
    card.record(Transaction::repayment("P2", d(2026, 3, 2), cny("2000")))
        .unwrap();
    let pos = card.position(d(2026, 3, 2)).unwrap();
    assert!(pos.overdue().is_zero());
    assert_eq!(pos.credit(), cny("450"));
    assert_eq!(card.balance(d(2026, 3, 2)).unwrap(), cny("8150"));
    assert!(Statement::new(
        d(2026, 1, 5),
        d(2026, 1, 5),
        bal("1", "0", "0"),
        bal("1", "0", "0")
    )
    .is_err());
    assert!(card
        .add_statement(
            Statement::with_rule(d(2026, 2, 1), d(2026, 2, 25), bal("1", "0", "0"), &rule).unwrap()
        )
        .is_err());
}

/// A card payment pays only the minimums of statements issued by its date
/// (found by a review): statement 1 (1,000.00, minimum 100.00, due 02-25)
/// paid in full on 02-20; statement 2 of 03-01 (500.00 of new purchases,
/// minimum 50.00, due 03-25) never paid. On 04-10 it is 16 days past due
/// (04-10 − 03-25) with 50.00 overdue; the 900.00 paid beyond statement
/// 1's minimum reduced the balance, it did not prepay statement 2.
#[test]
fn a_card_payment_does_not_prepay_a_later_statement() {
    let mut card = usd_card();
    card.record(Transaction::repayment("P1", d(2026, 2, 20), usd("1000.00")))
        .unwrap();
    stated(&mut card, d(2026, 3, 1), "500.00", "50.00");
    let pos = card.position(d(2026, 4, 10)).unwrap();
    let del = crate::delinquency::Delinquency::assess(
        &pos,
        &crate::delinquency::DelinquencyOptions::default(),
    );
    assert_eq!(del.days_past_due(), 16);
    assert_eq!(pos.overdue().total().unwrap(), usd("50.00"));
    assert_eq!(pos.credit(), usd("900.00"));
    // Paid after statement 2 was issued, a payment does pay its minimum.
    card.record(Transaction::repayment("P2", d(2026, 3, 2), usd("50.00")))
        .unwrap();
    let pos = card.position(d(2026, 4, 10)).unwrap();
    assert!(pos.overdue().is_zero());
}

/// An overpaid loan meets a later fee or chargeback from its credit (found
/// by a review; `ref.fineract.dpd_scope`: an overpaid loan has no
/// delinquency): CNY 3,000 等额本金 ×3 repaid with 3,500 on 01-20; a 20.00
/// fee on 03-10 leaves credit 480.00 and nothing overdue (it showed 88 days
/// past due); a 100.00 chargeback instead leaves credit 400.00.
#[test]
fn credit_pays_a_later_fee_or_chargeback() {
    let overpaid = || {
        let mut loan = Loan::new(LoanTerms::new(
            "L",
            cny("3000.00"),
            d(2026, 1, 1),
            Rate::ZERO,
            RepaymentMethod::EqualPrincipal,
            3,
            d(2026, 2, 1),
        ))
        .unwrap();
        loan.record(Transaction::repayment("P1", d(2026, 1, 20), cny("3500.00")))
            .unwrap();
        loan
    };
    let mut loan = overpaid();
    loan.record(Transaction::charge(
        "F1",
        d(2026, 3, 10),
        Component::Fee,
        cny("20.00"),
    ))
    .unwrap();
    let pos = loan.position(d(2026, 4, 30)).unwrap();
    assert_eq!(pos.credit(), cny("480.00"));
    assert!(pos.overdue().is_zero());
    assert!(pos.outstanding().is_zero());

    let mut loan = overpaid();
    loan.record(Transaction::chargeback(
        "CB",
        d(2026, 2, 10),
        cny("100.00"),
        None,
    ))
    .unwrap();
    let pos = loan.position(d(2026, 3, 15)).unwrap();
    assert_eq!(pos.credit(), cny("400.00"));
    assert!(pos.overdue().is_zero());

    // A chargeback above the credit leaves the rest owed, overdue from its
    // date on an installment not yet due.
    let mut loan = overpaid();
    loan.record(Transaction::chargeback(
        "CB",
        d(2026, 2, 10),
        cny("700.00"),
        Some(3),
    ))
    .unwrap();
    let pos = loan.position(d(2026, 3, 15)).unwrap();
    assert!(pos.credit().is_zero());
    assert_eq!(pos.overdue().total().unwrap(), cny("200.00"));
}

/// A card account read from a document is rebuilt through its constructors
/// (found by a review: a statement due before its date, a payment in EUR on
/// a USD card, a duplicate id and a negative payment were all taken).
#[test]
fn a_card_document_is_checked() {
    let mut card = usd_card();
    card.record(Transaction::repayment("P1", d(2026, 2, 20), usd("100.00")))
        .unwrap();
    let json = serde_json::to_string(&card).unwrap();
    let back: CardAccount = serde_json::from_str(&json).unwrap();
    assert_eq!(back, card);
    for (from, to, expect) in [
        (
            r#""due_date":"2026-02-25""#,
            r#""due_date":"2026-01-15""#,
            "statement.due_date",
        ),
        (
            r#""currency":"USD"}}}"#,
            r#""currency":"EUR"}}}"#,
            "transactions[P1].amount",
        ),
        (
            r#""amount":"100.00""#,
            r#""amount":"-100.00""#,
            "transactions[P1].amount",
        ),
    ] {
        let bad = json.replacen(from, to, 1);
        assert_ne!(bad, json, "{from}");
        let err = serde_json::from_str::<CardAccount>(&bad)
            .unwrap_err()
            .to_string();
        assert!(err.contains(expect), "{from}: {err}");
    }
}

/// A card chargeback goes on a statement issued by its date, so a payment
/// the next day clears it and a later look back sees the same history (a
/// review of the issued-minimums change: replayed after statement 2, a
/// 35.00 chargeback of 02-26 went on statement 2, which the 02-27 payment
/// could not reach, and showed 16 days past due on 04-10). A fee of 02-26
/// is billed by statement 2 and owes nothing by itself: the 02-27 payment
/// is beyond the minimums (`credit`), at both dates.
#[test]
fn a_card_chargeback_goes_on_an_issued_statement() {
    for chargeback in [false, true] {
        let mut card = usd_card();
        card.record(Transaction::repayment("P1", d(2026, 2, 20), usd("100.00")))
            .unwrap();
        let tx = if chargeback {
            Transaction::chargeback("CB", d(2026, 2, 26), usd("35.00"), None)
        } else {
            Transaction::charge("F1", d(2026, 2, 26), Component::Fee, usd("35.00"))
        };
        card.record(tx).unwrap();
        card.record(Transaction::repayment("P2", d(2026, 2, 27), usd("35.00")))
            .unwrap();
        stated(&mut card, d(2026, 3, 1), "935.00", "50.00");
        card.record(Transaction::repayment("P3", d(2026, 3, 20), usd("50.00")))
            .unwrap();
        let credit = if chargeback { "0.00" } else { "35.00" };
        for at in [d(2026, 2, 28), d(2026, 4, 10)] {
            let pos = card.position(at).unwrap();
            assert!(pos.outstanding().is_zero(), "{chargeback} {at}");
            assert_eq!(pos.credit(), usd(credit), "{chargeback} {at}");
        }
    }
}
