//! Fixes from a review of the loan and calendar modules (2026-11-27), each
//! kept as the case that showed it.

use super::*;

/// RULES.md §4: "undo is allowed only if no later monetary transaction".
/// The same three entries were refused in one recording order and accepted
/// in the other; now the rule holds whichever comes first.
#[test]
fn a_charge_off_undo_holds_whatever_the_recording_order() {
    let mk = || Ledger::new(Currency::CNY, d(2026, 1, 1));
    let co = || Transaction::new("CO", d(2026, 3, 1), TxKind::ChargeOff);
    let pay = |day| Transaction::repayment("P1", day, cny("100"));
    let undo = || Transaction::reversal("U", d(2026, 3, 10), "CO");
    // Charge-off, payment, undo: the undo is refused (as before).
    let mut a = mk();
    a.record(co()).unwrap();
    a.record(pay(d(2026, 3, 5))).unwrap();
    assert!(a.record(undo()).is_err());
    // Charge-off, undo, then the payment backdated between them: refused.
    let mut b = mk();
    b.record(co()).unwrap();
    b.record(undo()).unwrap();
    let err = b.record(pay(d(2026, 3, 5))).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid `transactions[P1].value_date` value `2026-03-05`: falls between the charge-off \
         `CO` on 2026-03-01 and its undo `U` on 2026-03-10: a charge-off is undone only if no \
         monetary transaction followed it"
    );
    // On the charge-off's own day, recorded after it: refused too.
    assert!(b.record(pay(d(2026, 3, 1))).is_err());
    // Money after the undo follows a charge-off no longer in effect, in
    // either order (on the undo's own day, recorded after it, too); money
    // before the charge-off never mattered.
    b.record(Transaction::repayment("P9", d(2026, 3, 10), cny("100")))
        .unwrap();
    b.record(pay(d(2026, 3, 11))).unwrap();
    b.record(Transaction::repayment("P0", d(2026, 2, 28), cny("100")))
        .unwrap();
    let mut c = mk();
    c.record(co()).unwrap();
    c.record(pay(d(2026, 3, 20))).unwrap();
    c.record(undo()).unwrap();
}

/// `MinimumPaymentRule` read from a file is checked as `new` checks it: a
/// negative rule gave a minimum of −10.00, stored as 0.00, so the card was
/// never overdue.
#[test]
fn a_minimum_payment_rule_is_checked_when_read() {
    let json = r#"{"percent_of_principal":"-0.5","include_interest_and_fees":false,"floor":"-10"}"#;
    let err = serde_json::from_str::<MinimumPaymentRule>(json)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with(
            "invalid `minimum_payment.percent_of_principal` value `-0.5`: must be a fraction \
             between 0 and 1"
        ),
        "{err}"
    );
    let floor = r#"{"percent_of_principal":"0.1","include_interest_and_fees":true,"floor":"-1"}"#;
    let err = serde_json::from_str::<MinimumPaymentRule>(floor)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("invalid `minimum_payment.floor` value `-1`: must not be negative"),
        "{err}"
    );
    // The presets read back as they were written.
    for rule in [
        MinimumPaymentRule::cn_typical(),
        MinimumPaymentRule::us_typical(),
    ] {
        let text = serde_json::to_string(&rule).unwrap();
        assert_eq!(
            serde_json::from_str::<MinimumPaymentRule>(&text).unwrap(),
            rule
        );
    }
}

/// 等额本息 whose rounded-up payment would pay the loan off early is
/// rounded down, as 等额本金 already was, and the last row takes the
/// remainder: no installment of 0.00. Hand-checked: 100.00 / 360 =
/// 0.2777…, so 0.27 × 359 = 96.93 and the last row is 3.07 (the 等额本金
/// schedule of the same loan); at 0.5 % the annuity is 0.2996… (P·r·f /
/// (f − 1), r = 0.005 / 12, f = (1 + r)^360), so 0.29 a month.
#[test]
fn an_equal_installment_schedule_never_ends_in_zero_rows() {
    let sched = |p: &str, rate: &str, n: u32, method| {
        let terms = LoanTerms::new(
            "Z",
            cny(p),
            d(2026, 1, 15),
            Rate::from_percent(dec(rate)).unwrap(),
            method,
            n,
            d(2026, 2, 15),
        );
        schedule(&terms).unwrap()
    };
    let rows = sched("100.00", "0", 360, RepaymentMethod::EqualInstallment);
    assert!(rows.iter().all(|r| r.payment().is_positive()));
    assert_eq!(rows[0].payment(), cny("0.27"));
    assert_eq!(rows[358].payment(), cny("0.27"));
    assert_eq!(rows[359].payment(), cny("3.07"));
    let same = sched("100.00", "0", 360, RepaymentMethod::EqualPrincipal);
    assert!(rows
        .iter()
        .zip(&same)
        .all(|(a, b)| a.principal() == b.principal()));
    let rows = sched("100.00", "0.5", 360, RepaymentMethod::EqualInstallment);
    assert!(rows.iter().all(|r| r.payment().is_positive()));
    assert_eq!(rows[0].payment(), cny("0.29"));
    let principal: Decimal = rows.iter().map(|r| r.principal().amount()).sum();
    assert_eq!(principal, dec("100.00"));
    // Where the rounded-up payment lasts, nothing changes: 6.00 over 36 at
    // 0 % is 0.17 a month and 0.05 last.
    let rows = sched("6.00", "0", 36, RepaymentMethod::EqualInstallment);
    assert_eq!(rows[0].payment(), cny("0.17"));
    assert_eq!(rows[35].payment(), cny("0.05"));
}

/// A 35.00 fee `F1` charged on `fee_day`, then a statement on `day` (due 24
/// days later) of `principal` and the fee, its minimum by `cn_typical`
/// (10 % of the principal and all fees, less what earlier statements still
/// owe).
fn fee_then_statement(card: &mut CardAccount, fee_day: NaiveDate, day: NaiveDate, principal: &str) {
    card.record(Transaction::charge(
        "F1",
        fee_day,
        Component::Fee,
        usd("35.00"),
    ))
    .unwrap();
    cn_statement(card, day, principal, "35.00");
}

/// Adds a statement dated `day` (due 24 days on) with `rule` on a balance
/// of `principal` and `fee`.
fn rule_statement(
    card: &mut CardAccount,
    day: NaiveDate,
    (principal, fee): (&str, &str),
    rule: &MinimumPaymentRule,
) {
    let mut b = principal_only(Currency::USD, principal);
    b.set(Component::Fee, dec(fee));
    card.add_statement_with_rule(day, day + chrono::Days::new(24), b, rule)
        .unwrap();
}

/// [`rule_statement`] with `cn_typical`.
fn cn_statement(card: &mut CardAccount, day: NaiveDate, principal: &str, fee: &str) {
    rule_statement(
        card,
        day,
        (principal, fee),
        &MinimumPaymentRule::cn_typical(),
    );
}

/// A USD fee of `amount` dated `day`.
fn fee(id: &str, day: NaiveDate, amount: &str) -> Transaction {
    Transaction::charge(id, day, Component::Fee, usd(amount))
}

/// A waiver of `amount` of USD fees dated `day`.
fn fee_waiver(id: &str, day: NaiveDate, amount: &str) -> Transaction {
    Transaction::waiver(id, day, Component::Fee, usd(amount))
}

/// A fee of `amount` dated `day` naming statement `seq`.
fn named_fee(id: &str, day: NaiveDate, amount: &str, seq: u32) -> Transaction {
    Transaction::new(
        id,
        day,
        TxKind::Charge {
            component: Component::Fee,
            amount: usd(amount),
            installment: Some(seq),
            rule: None,
        },
    )
}

/// A fee charged before the first statement is in that statement's balance
/// and minimum (`cn_typical`: 10 % of the 1,000.00 principal plus the 35.00
/// fee = 135.00). It was added to the minimum a second time, so a debtor who
/// paid exactly 135.00 by the due date was left 35.00 overdue.
#[test]
fn a_card_fee_before_the_first_statement_is_counted_once() {
    let mut card = CardAccount::new("C2", usd("5000.00"), d(2026, 1, 1), Rate::ZERO).unwrap();
    fee_then_statement(&mut card, d(2026, 1, 20), d(2026, 2, 1), "1000.00");
    let minimum = card.statements()[0].minimum_due().total().unwrap();
    assert_eq!(minimum, usd("135.00"));
    let pos = card.position(d(2026, 2, 2)).unwrap();
    assert_eq!(pos.outstanding().total().unwrap(), usd("135.00"));
    assert_eq!(pos.outstanding().get(Component::Fee), usd("35.00"));
    card.record(Transaction::repayment("P1", d(2026, 2, 25), minimum))
        .unwrap();
    let pos = card.position(d(2026, 3, 10)).unwrap();
    assert!(pos.overdue().is_zero(), "{:?}", pos.overdue());
    assert_eq!(pos.oldest_overdue(Decimal::ZERO).map(|i| i.seq()), None);
}

/// `usd_card` with statement 2 (03-01: 935.00, minimum 50.00, due 03-25),
/// statement 1's minimum paid on 02-09, then `tx`.
fn two_statements_then(tx: Transaction) -> CardAccount {
    let mut card = usd_card();
    stated(&mut card, d(2026, 3, 1), "935.00", "50.00");
    card.record(Transaction::repayment("P1", d(2026, 2, 9), usd("100.00")))
        .unwrap();
    card.record(tx).unwrap();
    card
}

/// A charge naming statement 2, dated before statement 2 was issued, is
/// not owed before statement 2 exists: it used to land on statement 1
/// (paid in full on time), which then showed 35.00 overdue. Once statement
/// 2 is issued, it is owed through statement 2's minimum, which here (an
/// issuer's 50.00 of principal) leaves it out: nothing is added to it.
#[test]
fn a_card_charge_naming_a_statement_is_owed_through_its_minimum() {
    let card = two_statements_then(named_fee("F2", d(2026, 2, 15), "35.00", 2));
    let before = card.position(d(2026, 2, 26)).unwrap();
    assert!(before.overdue().is_zero(), "{:?}", before.overdue());
    assert!(before.outstanding().is_zero());
    let after = card.position(d(2026, 3, 2)).unwrap();
    let s2 = after.installments()[1].outstanding();
    assert!(s2.get(Component::Fee).is_zero());
    assert_eq!(s2.total().unwrap(), usd("50.00"));
    assert!(after.overdue().is_zero());
}

/// A payment made before the statement (so in its closing balance of
/// 1,000.00) and bounced after it is owed again: the balance is 1,200.00,
/// not 1,000.00. A charge in the closing balance and reversed after it
/// comes back out.
#[test]
fn a_card_balance_takes_back_what_bounced_after_the_statement() {
    let mut card = CardAccount::new("C1", usd("5000.00"), d(2026, 1, 1), Rate::ZERO).unwrap();
    card.record(Transaction::repayment("P1", d(2026, 1, 20), usd("200.00")))
        .unwrap();
    card.record(fee("F1", d(2026, 1, 21), "35.00")).unwrap();
    stated(&mut card, d(2026, 2, 1), "1000.00", "100.00");
    assert_eq!(card.balance(d(2026, 2, 5)).unwrap(), usd("1000.00"));
    card.record(Transaction::reversal("R1", d(2026, 2, 10), "P1"))
        .unwrap();
    assert_eq!(card.balance(d(2026, 2, 9)).unwrap(), usd("1000.00"));
    assert_eq!(card.balance(d(2026, 2, 15)).unwrap(), usd("1200.00"));
    card.record(Transaction::reversal("R2", d(2026, 2, 12), "F1"))
        .unwrap();
    assert_eq!(card.balance(d(2026, 2, 15)).unwrap(), usd("1165.00"));
    // Entries after the statement count as before.
    card.record(Transaction::repayment("P2", d(2026, 2, 20), usd("65.00")))
        .unwrap();
    assert_eq!(card.balance(d(2026, 2, 20)).unwrap(), usd("1100.00"));
}

/// The annuity payment to the cent at rates whose digits `1 + r` cannot
/// hold. References, exact rationals P·r·f / (f − 1) with r = annual / 12
/// and f = (1 + r)^n (Python `fractions`): P = 10^15 at 1.23457e-15 a year
/// over 2 months is 500000000000000.0771… → .08 (it was .10), over 12
/// months 83333333333333.3862… → .39 (it was .44); 123,456.78 at 1.23e-26
/// over 2 months is 61728.39 and about 6e-23 → .39 (it was .40). A run of 896
/// (principal, rate, term) cases from 0.03 to 10^15, 1e-22 to 365 % and 1
/// to 480 months matched the exact payment in every case the schedule does
/// not round down (the guard above) or overflow.
#[test]
fn the_annuity_payment_is_exact_at_tiny_rates() {
    let first = |p: &str, rate: &str, n: u32| {
        let terms = LoanTerms::new(
            "T",
            cny(p),
            d(2026, 1, 15),
            Rate::from_fraction(dec(rate)).unwrap(),
            RepaymentMethod::EqualInstallment,
            n,
            d(2026, 2, 15),
        );
        schedule(&terms).unwrap()[0].payment()
    };
    let huge = "1000000000000000";
    assert_eq!(
        first(huge, "0.00000000000000123457", 2),
        cny("500000000000000.08")
    );
    assert_eq!(
        first(huge, "0.00000000000000123457", 12),
        cny("83333333333333.39")
    );
    assert_eq!(
        first("123456.78", "0.0000000000000000000000000123", 2),
        cny("61728.39")
    );
    // Ordinary loans are unchanged: the published 5,307.27 (CNY 1M, 4.9 %,
    // 30 years) and 1,039.43 (CNY 12,000, 7.2 %, 12 months).
    assert_eq!(first("1000000", "0.049", 360), cny("5307.27"));
    assert_eq!(first("12000", "0.072", 12), cny("1039.43"));
}

/// A card chargeback dated before the first statement is in that
/// statement's balance, not added to its minimum; the bounced money leaves
/// the revolving credit (a second review: it made a paid statement
/// overdue). One naming a statement not issued before its date goes where
/// an unnamed one would (the third and fifth reviews): 35.00 of 02-15
/// naming statement 2 reopens statement 1, not yet due, so overdue from
/// 02-15 (`ref.fineract.chargeback`); statement 2 keeps its own 50.00.
#[test]
fn card_chargebacks_before_the_first_statement_or_naming_a_later_one() {
    let card = two_statements_then(Transaction::chargeback(
        "CB",
        d(2026, 2, 15),
        usd("35.00"),
        Some(2),
    ));
    for at in [d(2026, 2, 26), d(2026, 3, 2)] {
        let pos = card.position(at).unwrap();
        assert_eq!(pos.overdue().total().unwrap(), usd("35.00"), "{at}");
        let since = pos.oldest_overdue(Decimal::ZERO).map(|i| i.overdue_from());
        assert_eq!(since, Some(d(2026, 2, 15)));
    }
    let after = card.position(d(2026, 3, 2)).unwrap();
    assert_eq!(
        after.installments()[1]
            .outstanding()
            .get(Component::Principal),
        usd("50.00")
    );
    // Before the first statement: a payment of 200.00 bounced, both in the
    // statement's 1,000.00; its 100.00 minimum paid leaves nothing overdue.
    let mut card = CardAccount::new("C5", usd("5000.00"), d(2026, 1, 1), Rate::ZERO).unwrap();
    card.record(Transaction::repayment("P0", d(2026, 1, 10), usd("200.00")))
        .unwrap();
    card.record(Transaction::chargeback(
        "CB",
        d(2026, 1, 15),
        usd("200.00"),
        None,
    ))
    .unwrap();
    stated(&mut card, d(2026, 2, 1), "1000.00", "100.00");
    card.record(Transaction::repayment("P1", d(2026, 2, 20), usd("100.00")))
        .unwrap();
    let pos = card.position(d(2026, 3, 10)).unwrap();
    assert!(pos.overdue().is_zero(), "{:?}", pos.overdue());
    assert!(pos.credit().is_zero());
    assert_eq!(card.balance(d(2026, 3, 10)).unwrap(), usd("900.00"));
}

/// A charge dated on a later statement's date is in that statement's
/// balance, and `cn_typical` puts it in the minimum in full: 90.00 of
/// principal and the 35.00 fee, 125.00 due once, nothing overdue once paid,
/// whether the fee is recorded before or after the statement (the third
/// review: recorded after, the 125.00 minimum was owed plus the fee again,
/// 160.00; recorded before, the fee sat on statement 1 and the minimum was
/// 90.00).
#[test]
fn a_card_charge_on_a_statement_date_is_owed_once_in_either_order() {
    for fee_first in [true, false] {
        let mut card = usd_card();
        card.record(Transaction::repayment("P1", d(2026, 2, 20), usd("100.00")))
            .unwrap();
        let fee = || fee("F1", d(2026, 3, 1), "35.00");
        if fee_first {
            card.record(fee()).unwrap();
        }
        cn_statement(&mut card, d(2026, 3, 1), "900.00", "35.00");
        if !fee_first {
            card.record(fee()).unwrap();
        }
        let minimum = card.statements()[1].minimum_due();
        assert_eq!(minimum.total().unwrap(), usd("125.00"), "{fee_first}");
        assert_eq!(minimum.get(Component::Fee), usd("35.00"));
        let pos = card.position(d(2026, 3, 2)).unwrap();
        assert!(pos.overdue().is_zero(), "{:?}", pos.overdue());
        assert_eq!(pos.outstanding().total().unwrap(), usd("125.00"));
        card.record(Transaction::repayment("P2", d(2026, 3, 20), usd("125.00")))
            .unwrap();
        let pos = card.position(d(2026, 4, 10)).unwrap();
        assert!(pos.outstanding().is_zero(), "{fee_first}");
    }
}

/// The third review's other two double counts. A charge dated before
/// statement 2 and naming it is in statement 2's balance, so in the
/// `cn_typical` minimum of 125.00: 125.00 is owed, not 160.00, and paying
/// it leaves nothing overdue and no late fee to charge. A fee waived before
/// statement 1 (F2 of F1 and F2, both 35.00) is out of statement 1's
/// balance of 1,000.00 + 35.00, whose minimum is 135.00: the waiver does
/// not come off that minimum again (it did, so 100.00 paid the 135.00
/// minimum in full).
#[test]
fn card_charges_and_waivers_in_a_statement_balance_are_counted_there_only() {
    let mut card = usd_card();
    card.record(Transaction::repayment("P1", d(2026, 2, 20), usd("100.00")))
        .unwrap();
    cn_statement(&mut card, d(2026, 3, 1), "900.00", "35.00");
    card.record(named_fee("F2", d(2026, 2, 15), "35.00", 2))
        .unwrap();
    assert_eq!(
        card.position(d(2026, 3, 2))
            .unwrap()
            .outstanding()
            .total()
            .unwrap(),
        usd("125.00")
    );
    card.record(Transaction::repayment("P2", d(2026, 3, 20), usd("125.00")))
        .unwrap();
    let pos = card.position(d(2026, 4, 10)).unwrap();
    assert!(pos.outstanding().is_zero() && pos.overdue().is_zero());

    let mut card = CardAccount::new("C7", usd("5000.00"), d(2026, 1, 1), Rate::ZERO).unwrap();
    for (id, day) in [("F1", 5), ("F2", 10)] {
        card.record(fee(id, d(2026, 1, day), "35.00")).unwrap();
    }
    card.record(fee_waiver("W2", d(2026, 1, 15), "35.00"))
        .unwrap();
    cn_statement(&mut card, d(2026, 2, 1), "1000.00", "35.00");
    card.record(Transaction::repayment("P1", d(2026, 2, 20), usd("100.00")))
        .unwrap();
    let pos = card.position(d(2026, 3, 10)).unwrap();
    // The 100.00 paid the fee first, then 65.00 of principal.
    assert_eq!(pos.overdue().total().unwrap(), usd("35.00"));
    assert_eq!(pos.overdue().get(Component::Principal), usd("35.00"));
    assert!(pos.unapplied_waivers().is_zero());
}

/// After a statement, a waiver first cancels a fee of its own billing cycle
/// (both in the next statement's balance) and only then waives what an
/// issued minimum owes: a late fee of 03-01 waived on 03-05 leaves statement
/// 1's billed 35.00 fee owed; a second waiver on 03-06 waives it.
#[test]
fn a_card_waiver_cancels_its_own_cycle_first() {
    let mut card = CardAccount::new("C8", usd("5000.00"), d(2026, 1, 1), Rate::ZERO).unwrap();
    fee_then_statement(&mut card, d(2026, 1, 20), d(2026, 2, 1), "1000.00");
    card.record(fee("L1", d(2026, 3, 1), "25.00")).unwrap();
    card.record(fee_waiver("W1", d(2026, 3, 5), "25.00"))
        .unwrap();
    let pos = card.position(d(2026, 3, 5)).unwrap();
    assert_eq!(pos.overdue().total().unwrap(), usd("135.00"));
    assert_eq!(pos.overdue().get(Component::Fee), usd("35.00"));
    card.record(fee_waiver("W2", d(2026, 3, 6), "35.00"))
        .unwrap();
    let pos = card.position(d(2026, 3, 6)).unwrap();
    assert_eq!(pos.overdue().total().unwrap(), usd("100.00"));
    assert!(pos.overdue().get(Component::Fee).is_zero());
    assert!(pos.unapplied_waivers().is_zero());
}

/// A third review: naming the first statement does not change the rule (a
/// fee dated before it is in its balance and computed minimum), and a
/// bounced payment that had gone partly to the revolving credit is owed
/// again only for the part that paid the minimum, the rest coming out of
/// the credit (the chargeback billed by a later statement is in
/// `a_card_chargeback_waits_for_its_statement_as_a_charge_does`).
#[test]
fn card_chargebacks_and_named_charges_are_owed_once() {
    // The fee before statement 1, naming it: 135.00 paid, nothing owed.
    let mut card = CardAccount::new("C6", usd("5000.00"), d(2026, 1, 1), Rate::ZERO).unwrap();
    cn_statement(&mut card, d(2026, 2, 1), "1000.00", "35.00");
    card.record(named_fee("F1", d(2026, 1, 15), "35.00", 1))
        .unwrap();
    card.record(Transaction::repayment("P1", d(2026, 2, 20), usd("135.00")))
        .unwrap();
    let pos = card.position(d(2026, 3, 10)).unwrap();
    assert!(pos.outstanding().is_zero(), "{:?}", pos.outstanding());
    // 300.00 paid against a 100.00 minimum (200.00 to the revolving
    // credit) bounces: 100.00 is owed again, the credit is gone.
    let mut card = usd_card();
    card.record(Transaction::repayment("P1", d(2026, 2, 5), usd("300.00")))
        .unwrap();
    card.record(Transaction::chargeback(
        "CB",
        d(2026, 2, 10),
        usd("300.00"),
        None,
    ))
    .unwrap();
    let pos = card.position(d(2026, 2, 11)).unwrap();
    assert_eq!(pos.outstanding().total().unwrap(), usd("100.00"));
    assert!(pos.credit().is_zero());
    card.record(Transaction::repayment("P2", d(2026, 2, 20), usd("100.00")))
        .unwrap();
    let pos = card.position(d(2026, 3, 10)).unwrap();
    assert!(pos.outstanding().is_zero() && pos.overdue().is_zero());
}

mod card;

/// A charge naming no installment goes to the oldest installment overdue
/// on its date, and one charged back before its due date is overdue
/// (`Position::overdue`; accrual oracle, stage 13: it went to the next one
/// due). CNY 3,000 in three 1,000 installments due from 02-10: 100 charged
/// back on #2 on 01-15 makes #2 overdue; 50 of principal charged on 01-20
/// naming none lands on #2 (1,150), not on #1 (not due until 02-10).
#[test]
fn a_charge_naming_none_goes_to_an_installment_overdue_by_a_chargeback() {
    let mut loan = Loan::new(terms("3000", "12", RepaymentMethod::EqualPrincipal, 3)).unwrap();
    loan.record(Transaction::chargeback(
        "CB",
        d(2026, 1, 15),
        cny("100"),
        Some(2),
    ))
    .unwrap();
    loan.record(Transaction::charge(
        "C",
        d(2026, 1, 20),
        Component::Principal,
        cny("50"),
    ))
    .unwrap();
    let p = loan.position(d(2026, 1, 25)).unwrap();
    let principal: Vec<Decimal> = p
        .installments()
        .iter()
        .map(|i| i.due().amount(Component::Principal))
        .collect();
    assert_eq!(principal, [dec("1000"), dec("1150"), dec("1000")]);
    assert_eq!(p.overdue().amount(Component::Principal), dec("1150"));
}
