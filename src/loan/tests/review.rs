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
    card.add_statement(usd_statement(
        d(2026, 3, 1),
        d(2026, 3, 25),
        "935.00",
        "50.00",
    ))
    .unwrap();
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
    card.add_statement(usd_statement(
        d(2026, 2, 1),
        d(2026, 2, 25),
        "1000.00",
        "100.00",
    ))
    .unwrap();
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
    card.add_statement(usd_statement(
        d(2026, 2, 1),
        d(2026, 2, 25),
        "1000.00",
        "100.00",
    ))
    .unwrap();
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

/// A card account from `payments`, `fees` and `chargebacks` (day of 2026
/// counted from 01-01, amount in cents) and three `cn_typical` statements
/// (02-01, 03-01, 04-01, each due 24 days on) whose balances hold 1,000.00
/// of principal and the fees dated up to them; the transactions are
/// recorded as they happen (`in_time`) or after every statement.
fn card_of(
    payments: &[(u64, i64)],
    fees: &[(u64, i64)],
    chargebacks: &[(u64, i64)],
    in_time: bool,
) -> CardAccount {
    let day = |n: u64| d(2026, 1, 1) + chrono::Days::new(n);
    let cents = |c: i64| Money::new(Decimal::new(c, 2), Currency::USD);
    let tx = |kind: usize, i: usize, (n, c): (u64, i64)| match kind {
        0 => Transaction::repayment(&format!("P{i}"), day(n), cents(c)),
        1 => Transaction::charge(&format!("F{i}"), day(n), Component::Fee, cents(c)),
        _ => Transaction::chargeback(&format!("C{i}"), day(n), cents(c), None),
    };
    let mut all: Vec<(u64, usize, usize, i64)> = Vec::new();
    for (kind, list) in [payments, fees, chargebacks].into_iter().enumerate() {
        all.extend(list.iter().enumerate().map(|(i, (n, c))| (*n, kind, i, *c)));
    }
    all.sort_unstable();
    let mut card = CardAccount::new("P", usd("9000.00"), d(2026, 1, 1), Rate::ZERO).unwrap();
    let mut next = 0;
    for statement in [d(2026, 2, 1), d(2026, 3, 1), d(2026, 4, 1)] {
        while let Some(&(n, kind, i, c)) =
            all.get(next).filter(|t| in_time && day(t.0) <= statement)
        {
            card.record(tx(kind, i, (n, c))).unwrap();
            next += 1;
        }
        let mut balance = principal_only(Currency::USD, "1000.00");
        let billed: i64 = fees
            .iter()
            .filter(|f| day(f.0) <= statement)
            .map(|f| f.1)
            .sum();
        balance.set(Component::Fee, Decimal::new(billed, 2));
        card.add_statement_with_rule(
            statement,
            statement + chrono::Days::new(24),
            balance,
            &MinimumPaymentRule::cn_typical(),
        )
        .unwrap();
    }
    for &(n, kind, i, c) in &all[next..] {
        card.record(tx(kind, i, (n, c))).unwrap();
    }
    card
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// On a card, what is owed does not depend on whether a payment, charge
    /// or chargeback was recorded before or after the statement whose date
    /// follows it: the minimums and every position agree (the third
    /// review's double counts came from the recording order of charges;
    /// the fourth review's from payments and chargebacks, whose effect on
    /// a rule statement's minimum was fixed when the statement was added).
    #[test]
    fn card_entries_count_the_same_in_any_recording_order(
        mut payments in proptest::collection::vec((0u64..120, 1i64..30_000), 0..6),
        mut fees in proptest::collection::vec((0u64..120, 1i64..5_000), 0..6),
        mut chargebacks in proptest::collection::vec((0u64..120, 1i64..10_000), 0..3),
    ) {
        payments.sort_unstable();
        fees.sort_unstable();
        chargebacks.sort_unstable();
        let a = card_of(&payments, &fees, &chargebacks, true);
        let b = card_of(&payments, &fees, &chargebacks, false);
        for n in (0..130).step_by(3) {
            let at = d(2026, 1, 1) + chrono::Days::new(n);
            prop_assert_eq!(a.position(at).unwrap(), b.position(at).unwrap(), "{}", at);
        }
    }
}

/// `fee_then_statement` for statement 1: F1 35.00 on 01-20, then statement
/// 1 of 02-01 (1,000.00 + 35.00), `cn_typical` minimum 135.00, due 02-25.
fn card_with_billed_fee() -> CardAccount {
    let mut card = CardAccount::new("C9", usd("5000.00"), d(2026, 1, 1), Rate::ZERO).unwrap();
    fee_then_statement(&mut card, d(2026, 1, 20), d(2026, 2, 1), "1000.00");
    card
}

/// A fourth review. A waiver cancels its cycle's charges whatever their
/// order: a 25.00 late fee and a 25.00 waiver both of 03-05 (either
/// recording order), or the waiver of 03-04 before the fee of 03-05, leave
/// statement 1's 135.00 owed and overdue (the waiver met no charge yet and
/// took 25.00 off statement 1: 110.00). A waiver naming statement 1 waives
/// statement 1, as documented: 110.00.
#[test]
fn a_card_waiver_cancels_its_cycles_charges_in_any_order() {
    let fee = |day| fee("L1", d(2026, 3, day), "25.00");
    let waiver = |day, installment| {
        Transaction::new(
            "W1",
            d(2026, 3, day),
            TxKind::Waiver {
                component: Component::Fee,
                amount: usd("25.00"),
                installment,
                rule: None,
            },
        )
    };
    for (first, second, owed) in [
        (fee(5), waiver(5, None), "135.00"),
        (waiver(5, None), fee(5), "135.00"),
        (waiver(4, None), fee(5), "135.00"),
        (fee(1), waiver(5, Some(1)), "110.00"),
    ] {
        let mut card = card_with_billed_fee();
        card.record(first).unwrap();
        card.record(second).unwrap();
        let pos = card.position(d(2026, 3, 10)).unwrap();
        assert_eq!(pos.outstanding().total().unwrap(), usd(owed));
        assert_eq!(pos.overdue().total().unwrap(), usd(owed));
    }
}

/// A fourth review: a statement from `add_statement_with_rule` is issued
/// from the ledger as known when the position is read. Statement 1
/// (100.00) paid on 02-20; statement 2 of 03-01 with 1,000.00 (`cn_typical`:
/// 100.00, 10 % of the whole principal balance). A 100.00 chargeback of
/// 03-01 or 02-27 reopens statement 1: 200.00 owed, its 100.00 and statement
/// 2's, recorded before or after statement 2 (before, statement 1's 100.00
/// was taken off statement 2's principal: 100.00). With
/// statement 2 at 900.00 (90.00), the 02-20 payment recorded after it left
/// statement 2 requiring nothing; now 90.00 is overdue on 03-26 either way,
/// and `accrue_card` charges the same 违约金 (5 % of 90.00 = 4.50, raised to
/// the 10.00 floor) either way.
#[test]
fn card_entries_recorded_after_a_rule_statement_count_as_before() {
    let statement = |card: &mut CardAccount, principal: &str| {
        card.add_statement_with_rule(
            d(2026, 3, 1),
            d(2026, 3, 25),
            principal_only(Currency::USD, principal),
            &MinimumPaymentRule::cn_typical(),
        )
        .unwrap()
    };
    for cb_day in [d(2026, 3, 1), d(2026, 2, 27)] {
        for cb_first in [true, false] {
            let mut card = usd_card();
            card.record(Transaction::repayment("P1", d(2026, 2, 20), usd("100.00")))
                .unwrap();
            let cb = || Transaction::chargeback("CB", cb_day, usd("100.00"), None);
            if cb_first {
                card.record(cb()).unwrap();
            }
            statement(&mut card, "1000.00");
            if !cb_first {
                card.record(cb()).unwrap();
            }
            let pos = card.position(d(2026, 3, 2)).unwrap();
            assert_eq!(pos.outstanding().total().unwrap(), usd("200.00"));
            assert_eq!(pos.overdue().total().unwrap(), usd("100.00"));
            assert_eq!(
                pos.installments()[1].outstanding().total().unwrap(),
                usd("100.00")
            );
        }
    }
    let mut fees = Vec::new();
    for pay_first in [true, false] {
        let mut card = usd_card();
        let pay = || Transaction::repayment("P1", d(2026, 2, 20), usd("100.00"));
        if pay_first {
            card.record(pay()).unwrap();
        }
        statement(&mut card, "900.00");
        if !pay_first {
            card.record(pay()).unwrap();
        }
        assert_eq!(
            card.statements()[1].minimum_due().total().unwrap(),
            usd("90.00")
        );
        let pos = card.position(d(2026, 3, 26)).unwrap();
        assert_eq!(pos.overdue().total().unwrap(), usd("90.00"));
        let recs = crate::accrual::accrue_card(
            &card,
            d(2026, 3, 1),
            d(2026, 4, 1),
            &crate::accrual::CardPolicy::cn(),
        )
        .unwrap();
        let late: Vec<(NaiveDate, Money)> = recs
            .iter()
            .filter(|r| r.component == Component::Fee)
            .map(|r| (r.from, r.amount))
            .collect();
        fees.push(late);
    }
    assert_eq!(fees[0], fees[1]);
    assert_eq!(fees[0], vec![(d(2026, 3, 26), usd("10.00"))]);
    assert_eq!(fees[0][0].1.amount().scale(), 2);
}

/// A fourth review: a fee reversed after the statement that billed it is
/// taken off that statement's minimum, as a waiver of it would be. F1
/// (35.00, in statement 1's 135.00) reversed on 02-10, then 100.00 paid on
/// 02-20: nothing is overdue (35.00 was), and the balance is 900.00.
#[test]
fn a_reversed_billed_card_fee_comes_off_its_minimum() {
    for by_waiver in [false, true] {
        let mut card = card_with_billed_fee();
        card.record(if by_waiver {
            fee_waiver("W", d(2026, 2, 10), "35.00")
        } else {
            Transaction::reversal("R", d(2026, 2, 10), "F1")
        })
        .unwrap();
        card.record(Transaction::repayment("P1", d(2026, 2, 20), usd("100.00")))
            .unwrap();
        let pos = card.position(d(2026, 3, 10)).unwrap();
        assert!(pos.overdue().is_zero(), "{by_waiver} {:?}", pos.overdue());
        assert!(pos.outstanding().is_zero());
    }
    let mut card = card_with_billed_fee();
    card.record(Transaction::reversal("R", d(2026, 2, 10), "F1"))
        .unwrap();
    assert_eq!(card.balance(d(2026, 3, 10)).unwrap(), usd("1000.00"));
}

/// A fifth review. A fee reversed after a payment had paid it: statement
/// 1's 135.00 (100.00 + the 35.00 fee) paid 100.00 on 02-20 (the fee
/// first), F1 reversed on 02-24. From 02-24 statement 1 is replayed without
/// the fee, so the 100.00 paid its 100.00 of principal: nothing overdue on
/// 03-10 (35.00 was, with the 35.00 in `unapplied_waivers`); on 02-23,
/// before the reversal, 35.00 of principal is still open.
#[test]
fn a_paid_billed_fee_reversed_later_frees_the_payment() {
    let mut card = card_with_billed_fee();
    card.record(Transaction::repayment("P1", d(2026, 2, 20), usd("100.00")))
        .unwrap();
    card.record(Transaction::reversal("R", d(2026, 2, 24), "F1"))
        .unwrap();
    let before = card.position(d(2026, 2, 23)).unwrap();
    assert_eq!(before.outstanding().total().unwrap(), usd("35.00"));
    let pos = card.position(d(2026, 3, 10)).unwrap();
    assert!(pos.overdue().is_zero(), "{:?}", pos.overdue());
    assert!(pos.unapplied_waivers().is_zero());
}

/// A fifth review. The rule nets only what it takes in full: under
/// `us_typical` statement 1 is the 25.00 floor (1 % of 1,000.00 is 10.00),
/// all principal, unpaid; statement 2 has 1,000.00 and a 25.00 late fee:
/// 10.00 + 25.00 = 35.00, of which nothing is statement 1's money. 60.00 is
/// owed on 03-26 (the past-due 25.00 and the current 35.00, as issuers add
/// them; per component netting gave 50.00). The same statement made with
/// `Statement::with_rule` and `add_statement` is the same (it was not
/// netted at all).
#[test]
fn a_rule_statement_nets_only_what_it_takes_in_full() {
    for with_rule in [false, true] {
        let mut card = CardAccount::new("C10", usd("5000.00"), d(2026, 1, 1), Rate::ZERO).unwrap();
        let rule = MinimumPaymentRule::us_typical();
        card.add_statement_with_rule(
            d(2026, 2, 1),
            d(2026, 2, 25),
            principal_only(Currency::USD, "1000.00"),
            &rule,
        )
        .unwrap();
        card.record(fee("LF", d(2026, 2, 26), "25.00")).unwrap();
        let mut balance = principal_only(Currency::USD, "1000.00");
        balance.set(Component::Fee, dec("25.00"));
        let (date, due) = (d(2026, 3, 1), d(2026, 3, 25));
        if with_rule {
            card.add_statement(Statement::with_rule(date, due, balance, &rule).unwrap())
                .unwrap();
        } else {
            card.add_statement_with_rule(date, due, balance, &rule)
                .unwrap();
        }
        let pos = card.position(d(2026, 3, 26)).unwrap();
        assert_eq!(pos.overdue().total().unwrap(), usd("60.00"), "{with_rule}");
        assert_eq!(
            pos.installments()[1].outstanding().total().unwrap(),
            usd("35.00")
        );
    }
}

/// A 100.00 chargeback of 02-27 undoes the payment that paid statement 1:
/// statement 1's 100.00 is owed again, past due since 02-25, and rule
/// statement 2 of 03-01 requires its own 100.00 (10 % of the 1,000.00
/// balance, the bounced money included): 200.00, recorded before or after
/// statement 2, named to statement 2 or not (the fifth review found the
/// named one owed on top of statement 2's minimum; after principal stopped
/// being netted, the third saw it leave statement 1 paid).
#[test]
fn a_card_chargeback_reopens_the_minimum_it_paid_named_or_not() {
    for named in [Some(2), None] {
        for first in [true, false] {
            if named.is_some() && !first {
                continue; // Naming statement 2 needs it recorded.
            }
            let mut card = usd_card();
            card.record(Transaction::repayment("P1", d(2026, 2, 20), usd("100.00")))
                .unwrap();
            let cb = Transaction::chargeback("CB", d(2026, 2, 27), usd("100.00"), named);
            if !first {
                card.record(cb.clone()).unwrap();
            }
            cn_statement(&mut card, d(2026, 3, 1), "1000.00", "0");
            if first {
                card.record(cb).unwrap();
            }
            let pos = card.position(d(2026, 3, 2)).unwrap();
            assert_eq!(
                pos.outstanding().total().unwrap(),
                usd("200.00"),
                "{named:?}"
            );
            assert_eq!(pos.overdue().total().unwrap(), usd("100.00"), "{named:?}");
            let since = pos.oldest_overdue(Decimal::ZERO).map(|i| i.overdue_from());
            assert_eq!(since, Some(d(2026, 2, 25)));
        }
    }
}

/// [`rule_statement`] with `us_typical`.
fn us_statement(card: &mut CardAccount, day: NaiveDate, principal: &str, fee: &str) {
    rule_statement(
        card,
        day,
        (principal, fee),
        &MinimumPaymentRule::us_typical(),
    );
}

/// A sixth review. What the minimums require together never exceeds the
/// balance: two `us_typical` statements of 30.00 require the 25.00 floor
/// each, but the second only 5.00 (issuers bill the lesser of the balance
/// and past due + current). Paying the whole 30.00 on 03-10 leaves nothing
/// overdue (20.00 was, on a balance of 0.00).
#[test]
fn card_minimums_never_require_more_than_the_balance() {
    let mut card = CardAccount::new("C11", usd("5000.00"), d(2026, 1, 1), Rate::ZERO).unwrap();
    us_statement(&mut card, d(2026, 2, 1), "30.00", "0");
    us_statement(&mut card, d(2026, 3, 1), "30.00", "0");
    let pos = card.position(d(2026, 3, 2)).unwrap();
    assert_eq!(pos.outstanding().total().unwrap(), usd("30.00"));
    assert_eq!(
        pos.installments()[1].outstanding().total().unwrap(),
        usd("5.00")
    );
    card.record(Transaction::repayment("P", d(2026, 3, 10), usd("30.00")))
        .unwrap();
    let pos = card.position(d(2026, 3, 26)).unwrap();
    assert!(pos.outstanding().is_zero(), "{:?}", pos.outstanding());
}

/// A sixth review. The rule's floor holds for what a statement newly
/// requires: statement 1 (1,000.00 + a 20.00 fee) requires 10.00 + 20.00;
/// statement 2, the same balance, 10.00 of principal once statement 1's
/// unpaid fee is netted, raised to the 25.00 floor: 55.00 on 03-26 (40.00
/// before). A 35.00 fee reversed after statement 1 (1,000.00 + 35.00, so
/// 10.00 and 35.00) leaves what the rule gives on 1,000.00 alone: the 25.00
/// floor (10.00 before).
#[test]
fn the_floor_holds_after_netting_and_reversals() {
    let mut card = CardAccount::new("C12", usd("5000.00"), d(2026, 1, 1), Rate::ZERO).unwrap();
    us_statement(&mut card, d(2026, 2, 1), "1000.00", "20.00");
    us_statement(&mut card, d(2026, 3, 1), "1000.00", "20.00");
    let pos = card.position(d(2026, 3, 26)).unwrap();
    assert_eq!(pos.overdue().total().unwrap(), usd("55.00"));
    assert_eq!(
        pos.installments()[1].outstanding().total().unwrap(),
        usd("25.00")
    );
    let mut card = CardAccount::new("C13", usd("5000.00"), d(2026, 1, 1), Rate::ZERO).unwrap();
    card.record(fee("F1", d(2026, 1, 20), "35.00")).unwrap();
    us_statement(&mut card, d(2026, 2, 1), "1000.00", "35.00");
    card.record(Transaction::reversal("R", d(2026, 2, 10), "F1"))
        .unwrap();
    let pos = card.position(d(2026, 2, 26)).unwrap();
    assert_eq!(pos.overdue().total().unwrap(), usd("25.00"));
}

/// A sixth review. A fee billed by statement 1 and reversed after rule
/// statement 2 (whose balance still carried it) is owed by neither: 100.00
/// and 100.00 of principal, 200.00 on 03-26 (235.00 before: statement 2
/// kept it), the same as a waiver of it naming statement 1.
#[test]
fn a_fee_reversed_after_a_later_statement_is_owed_by_neither() {
    let mut owed = Vec::new();
    for reversal in [true, false] {
        let mut card = CardAccount::new("C14", usd("5000.00"), d(2026, 1, 1), Rate::ZERO).unwrap();
        card.record(fee("F1", d(2026, 1, 20), "35.00")).unwrap();
        cn_statement(&mut card, d(2026, 2, 1), "1000.00", "35.00");
        cn_statement(&mut card, d(2026, 3, 1), "1000.00", "35.00");
        card.record(if reversal {
            Transaction::reversal("R", d(2026, 3, 5), "F1")
        } else {
            Transaction::new(
                "W",
                d(2026, 3, 5),
                TxKind::Waiver {
                    component: Component::Fee,
                    amount: usd("35.00"),
                    installment: Some(1),
                    rule: None,
                },
            )
        })
        .unwrap();
        let pos = card.position(d(2026, 3, 26)).unwrap();
        assert!(pos.overdue().get(Component::Fee).is_zero(), "{reversal}");
        owed.push(pos.overdue().total().unwrap());
    }
    assert_eq!(owed, [usd("200.00"), usd("200.00")]);
}

/// A seventh review: a rule statement is the rule applied again on its
/// balance without the charges reversed since.
/// - Statement 1 (stated 25.00 of 30.00) unpaid; `us_typical` statement 2
///   on 30.00 + a 35.00 fee reversed on 03-05: on 30.00 alone, within
///   the balance, 5.00 more: 30.00 owed (50.00 before), and paying the
///   30.00 clears it.
/// - A 500.00 purchase billed by `cn_typical` statement 1 (1,000.00) and
///   reversed: 10 % of 500.00 = 50.00 (0.00 before).
/// - A 35.00 fee of statement 1 partly paid (20.00), reversed after
///   statement 2 (1,000.00 + 40.00: 15.00 of it and a new 25.00): statement
///   1 100.00 less the 20.00 paid is 80.00, statement 2 100.00 + 25.00:
///   205.00 overdue (185.00 before: all 35.00 came off statement 2, the new
///   fee with it). Fully paid (35.00), statement 2 carries none of it:
///   65.00 + 125.00 = 190.00 (165.00 before).
#[test]
fn a_rule_statement_is_the_rule_without_the_reversed_charges() {
    let us = MinimumPaymentRule::us_typical();
    let cn = MinimumPaymentRule::cn_typical();
    let mut card = CardAccount::new("C15", usd("5000.00"), d(2026, 1, 1), Rate::ZERO).unwrap();
    card.add_statement(usd_statement(
        d(2026, 2, 1),
        d(2026, 2, 25),
        "30.00",
        "25.00",
    ))
    .unwrap();
    card.record(fee("F1", d(2026, 2, 5), "35.00")).unwrap();
    rule_statement(&mut card, d(2026, 3, 1), ("30.00", "35.00"), &us);
    card.record(Transaction::reversal("R", d(2026, 3, 5), "F1"))
        .unwrap();
    let owed = card
        .position(d(2026, 3, 26))
        .unwrap()
        .outstanding()
        .total()
        .unwrap();
    assert_eq!(owed, usd("30.00"));
    card.record(Transaction::repayment("P", d(2026, 3, 10), usd("30.00")))
        .unwrap();
    assert!(card
        .position(d(2026, 3, 26))
        .unwrap()
        .outstanding()
        .is_zero());

    let mut card = CardAccount::new("C16", usd("5000.00"), d(2026, 1, 1), Rate::ZERO).unwrap();
    card.record(Transaction::charge(
        "BUY",
        d(2026, 1, 20),
        Component::Principal,
        usd("500.00"),
    ))
    .unwrap();
    rule_statement(&mut card, d(2026, 2, 1), ("1000.00", "0"), &cn);
    card.record(Transaction::reversal("R", d(2026, 2, 10), "BUY"))
        .unwrap();
    let overdue = card
        .position(d(2026, 2, 26))
        .unwrap()
        .overdue()
        .total()
        .unwrap();
    assert_eq!(overdue, usd("50.00"));

    for (paid, s2_fee, expected) in [("20.00", "40.00", "205.00"), ("35.00", "25.00", "190.00")] {
        let mut card = CardAccount::new("C17", usd("5000.00"), d(2026, 1, 1), Rate::ZERO).unwrap();
        card.record(fee("F1", d(2026, 1, 20), "35.00")).unwrap();
        rule_statement(&mut card, d(2026, 2, 1), ("1000.00", "35.00"), &cn);
        card.record(Transaction::repayment("P", d(2026, 2, 10), usd(paid)))
            .unwrap();
        card.record(fee("F2", d(2026, 2, 15), "25.00")).unwrap();
        rule_statement(&mut card, d(2026, 3, 1), ("1000.00", s2_fee), &cn);
        card.record(Transaction::reversal("R", d(2026, 3, 5), "F1"))
            .unwrap();
        let overdue = card
            .position(d(2026, 3, 26))
            .unwrap()
            .overdue()
            .total()
            .unwrap();
        assert_eq!(overdue, usd(expected), "{paid}");
    }
}

/// A seventh review: a statement read from JSON keeps its rule only if its
/// minimum is the rule's on its balance.
#[test]
fn a_statement_read_with_a_rule_must_follow_it() {
    let s = Statement::with_rule(
        d(2026, 2, 1),
        d(2026, 2, 25),
        principal_only(Currency::USD, "1000.00"),
        &MinimumPaymentRule::us_typical(),
    )
    .unwrap();
    let json = serde_json::to_string(&s).unwrap();
    let back: Statement = serde_json::from_str(&json).unwrap();
    assert_eq!(back, s);
    let bad = json.replace("\"25.00\"", "\"20.00\"");
    assert_ne!(bad, json);
    let err = serde_json::from_str::<Statement>(&bad)
        .unwrap_err()
        .to_string();
    assert!(err.contains("is not what its rule gives"), "{err}");
}

/// An eighth review. What a later statement carried of a reversed fee is
/// its balance beyond its own cycle's charges net of their waivers: a 10.00
/// fee charged and waived in statement 2's cycle leaves statement 2 none of
/// statement 1's reversed 35.00 fee: 100.00 + 100.00 overdue (210.00
/// before). Read as known later (as `accrue_card` reads it), a charge
/// reversed after the position's date still counts in its cycle: the
/// position on 03-25 is the same either way.
#[test]
fn a_reversed_fee_carried_forward_is_bounded_by_the_cycles_net_charges() {
    let cn = MinimumPaymentRule::cn_typical();
    let mut card = CardAccount::new("C18", usd("5000.00"), d(2026, 1, 1), Rate::ZERO).unwrap();
    card.record(fee("F1", d(2026, 1, 20), "35.00")).unwrap();
    rule_statement(&mut card, d(2026, 2, 1), ("1000.00", "35.00"), &cn);
    card.record(fee("F3", d(2026, 2, 10), "10.00")).unwrap();
    card.record(fee_waiver("W", d(2026, 2, 12), "10.00"))
        .unwrap();
    rule_statement(&mut card, d(2026, 3, 1), ("1000.00", "35.00"), &cn);
    card.record(Transaction::reversal("R", d(2026, 3, 5), "F1"))
        .unwrap();
    let overdue = card
        .position(d(2026, 3, 26))
        .unwrap()
        .overdue()
        .total()
        .unwrap();
    assert_eq!(overdue, usd("200.00"));

    let mut card = CardAccount::new("C19", usd("5000.00"), d(2026, 1, 1), Rate::ZERO).unwrap();
    card.record(fee("F1", d(2026, 1, 20), "35.00")).unwrap();
    rule_statement(&mut card, d(2026, 2, 1), ("1000.00", "35.00"), &cn);
    card.record(Transaction::repayment("P", d(2026, 2, 10), usd("20.00")))
        .unwrap();
    card.record(fee("F3", d(2026, 2, 15), "25.00")).unwrap();
    rule_statement(&mut card, d(2026, 3, 1), ("1000.00", "40.00"), &cn);
    card.record(Transaction::reversal("R1", d(2026, 3, 5), "F1"))
        .unwrap();
    card.record(Transaction::reversal("R3", d(2026, 3, 28), "F3"))
        .unwrap();
    let now = card.position(d(2026, 3, 25)).unwrap();
    let later = card
        .position_of(&card.ledger().effective(d(2026, 3, 31)), d(2026, 3, 25))
        .unwrap();
    assert_eq!(now, later);
    assert_eq!(now.outstanding().total().unwrap(), usd("205.00"));
}

/// An eighth review: the floor holds after netting under a rule that takes
/// no fees in full. 2 % with a 25.00 floor on 10.00 + a 50.00 fee: 10.00 of
/// principal and 15.00 of fee; statement 2 the same, its 15.00 of fee
/// netted against statement 1's, then raised again to 25.00 from the fee
/// the balance holds beyond statement 1's: 50.00 overdue (35.00 before).
#[test]
fn the_floor_holds_after_netting_when_fees_are_not_taken_in_full() {
    let rule = MinimumPaymentRule::new(dec("0.02"), false, dec("25")).unwrap();
    let mut card = CardAccount::new("C20", usd("5000.00"), d(2026, 1, 1), Rate::ZERO).unwrap();
    card.record(fee("F1", d(2026, 1, 20), "50.00")).unwrap();
    rule_statement(&mut card, d(2026, 2, 1), ("10.00", "50.00"), &rule);
    rule_statement(&mut card, d(2026, 3, 1), ("10.00", "50.00"), &rule);
    let overdue = card
        .position(d(2026, 3, 26))
        .unwrap()
        .overdue()
        .total()
        .unwrap();
    assert_eq!(overdue, usd("50.00"));
}
