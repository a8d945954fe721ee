//! Minimal repros of the disagreements stages 8–10 found (two library
//! bugs, fixed, and one settled in the docs), and hand checks of
//! `CardRegimes`.

use arrears::loan::{
    Breakdown, CardAccount, Component, MinimumPaymentRule, Statement, Transaction,
};
use arrears::money::{Currency, Rate};
use rust_decimal::Decimal;

use crate::num::{breakdown, day, money_minor, parts_of, to_money, PRI};

/// Finding 4: `MinimumPaymentRule::new(0.10, false, 6.67)` on a JPY
/// balance of ¥40 principal and ¥3 fee. Docs: 10 % of 40 = 4, "raised to
/// `floor`" = 6.67, "never more than the statement balance" (43),
/// "Rounded up to the minor unit": ¥7. Library: 6.67 (not a whole yen; a
/// position built on it owes fractions of a yen). Returns the library's
/// principal minimum as text.
pub fn floor_finer_than_unit() -> String {
    let r = MinimumPaymentRule::new(Decimal::new(1, 1), false, Decimal::new(667, 2)).unwrap();
    let mut b = Breakdown::zero(Currency::JPY);
    b.set(Component::Principal, Decimal::from(40));
    b.set(Component::Fee, Decimal::from(3));
    r.minimum(&b)
        .unwrap()
        .amount(Component::Principal)
        .to_string()
}

/// Finding 5: where a chargeback naming no statement goes when no
/// statement is overdue. CNY card opened 2024-01-01; statement #1
/// 2024-01-05 due 2024-02-20 (a grace period past the next statement),
/// balance and minimum 100.00 principal; statement #2 2024-02-05 due
/// 2024-03-20, balance and minimum 200.00 principal; a repayment of
/// 100.00 on 2024-01-10 (pays #1 in full, no credit); a chargeback of
/// 50.00 on 2024-02-10. `loan::card`: "owes the rest again on a statement
/// issued before its date (the one it names if issued before it, else the
/// oldest overdue one, else the last)": none is overdue on 02-10, the last
/// issued before it is #2, which would then owe 250.00. Library: #1 owes
/// 50.00 again (the rule of `TxKind::Charge`, "else the next one due": the
/// statement whose minimum the bounced payment paid), which the docs now
/// say. Returns the outstanding principal of #1 and #2 on 2024-02-15.
pub fn chargeback_with_nothing_overdue() -> (i128, i128) {
    let cur = Currency::CNY;
    let rate = Rate::from_fraction(Decimal::new(1825, 4)).unwrap();
    let mut card =
        CardAccount::new("F5", to_money(10_000_000, cur), day(2024, 1, 1), rate).unwrap();
    for (d, due, amt) in [
        (day(2024, 1, 5), day(2024, 2, 20), 10_000),
        (day(2024, 2, 5), day(2024, 3, 20), 20_000),
    ] {
        let mut b = [0; 4];
        b[PRI] = amt;
        let st = Statement::new(d, due, breakdown(&b, cur), breakdown(&b, cur)).unwrap();
        card.add_statement(st).unwrap();
    }
    card.record(Transaction::repayment(
        "p",
        day(2024, 1, 10),
        to_money(10_000, cur),
    ))
    .unwrap();
    card.record(Transaction::chargeback(
        "cb",
        day(2024, 2, 10),
        to_money(5_000, cur),
        None,
    ))
    .unwrap();
    let pos = card.position(day(2024, 2, 15)).unwrap();
    let out = |k: usize| parts_of(pos.installments()[k].outstanding())[PRI];
    let _ = money_minor;
    (out(0), out(1))
}

/// Finding 6: a waiver dated before a charge of its own billing cycle.
/// CNY card opened 2024-01-01; statement #1 2024-01-05 due 2024-01-25,
/// balance 10.00 fee + 100.00 principal, minimum 10.00 fee + 10.00
/// principal; a fee waiver of 10.00 on 2024-01-20; a 10.00 fee charged
/// on 2024-01-28 (billed by #2); statement #2 2024-02-05 due 2024-02-25,
/// balance 100.00 principal (the fee and its waiver cancel in this cycle),
/// minimum 10.00. Policy: `cn` without interest, 违约金 5 %, floor 0.
/// Window 2024-01-01..2024-03-01. Docs (`loan::card`): "A waiver first
/// cancels charges of the same component in its own billing cycle ...
/// whatever their order", and `accrue_card` reads the ledger as known at
/// the end of `to − 1`: the waiver cancelled the 01-28 fee, #1's minimum
/// of 20.00 was unpaid at its due date: 违约金 on 01-26 = 5 % × 20.00 =
/// 1.00 (the library's own position on 02-29 shows nothing waived on #1).
/// Returns (the library's 违约金 base and amount for #1 in cents, the fee
/// waived on #1 in its position on 2024-02-29).
pub fn waiver_before_its_cycles_charge() -> (i128, i128, i128) {
    use arrears::accrual::{accrue_card, CardLateCharge, CardPolicy};
    let cur = Currency::CNY;
    let rate = Rate::from_fraction(Decimal::new(1825, 4)).unwrap();
    let mut card =
        CardAccount::new("F6", to_money(10_000_000, cur), day(2024, 1, 1), rate).unwrap();
    let st = |d, due, bal: [i128; 4], min: [i128; 4]| {
        Statement::new(d, due, breakdown(&bal, cur), breakdown(&min, cur)).unwrap()
    };
    card.add_statement(st(
        day(2024, 1, 5),
        day(2024, 1, 25),
        [0, 1_000, 0, 10_000],
        [0, 1_000, 0, 1_000],
    ))
    .unwrap();
    card.add_statement(st(
        day(2024, 2, 5),
        day(2024, 2, 25),
        [0, 0, 0, 10_000],
        [0, 0, 0, 1_000],
    ))
    .unwrap();
    card.record(Transaction::waiver(
        "w",
        day(2024, 1, 20),
        Component::Fee,
        to_money(1_000, cur),
    ))
    .unwrap();
    card.record(Transaction::charge(
        "fee",
        day(2024, 1, 28),
        Component::Fee,
        to_money(1_000, cur),
    ))
    .unwrap();
    let mut policy = CardPolicy::cn();
    policy.interest = None;
    if let Some(CardLateCharge::PercentOfUnpaidMinimum { floor, .. }) = policy.late_charge.as_mut()
    {
        *floor = Decimal::ZERO;
    }
    let recs = accrue_card(&card, day(2024, 1, 1), day(2024, 3, 1), &policy).unwrap();
    let r = recs
        .iter()
        .find(|r| r.installment == 1)
        .expect("a 违约金 for #1");
    let pos = card.position(day(2024, 2, 29)).unwrap();
    let waived = parts_of(pos.installments()[0].waived())[1];
    (money_minor(r.base), money_minor(r.amount), waived)
}

/// `CardRegimes::cn()` is the table its docs print, and `on` picks the
/// regime in force on a date.
pub fn regimes_table() {
    use arrears::accrual::{CardRegimes, RegimeLateCharge};
    let t = CardRegimes::cn();
    let rows: Vec<_> = t
        .regimes()
        .iter()
        .map(|r| {
            (
                r.effective,
                r.daily_floor,
                r.daily_cap,
                r.late_charge,
                r.fees_interest_free,
            )
        })
        .collect();
    let bp = |n| Some(Decimal::new(n, 5));
    assert_eq!(
        rows,
        vec![
            (
                day(1999, 3, 1),
                bp(50),
                bp(50),
                RegimeLateCharge::PercentOfUnpaidMinimum {
                    rate: Decimal::new(5, 2)
                },
                false
            ),
            (
                day(2017, 1, 1),
                bp(35),
                bp(50),
                RegimeLateCharge::Contractual,
                true
            ),
            (
                day(2021, 1, 1),
                None,
                None,
                RegimeLateCharge::Contractual,
                true
            ),
        ]
    );
    assert!(t.on(day(1999, 2, 28)).is_none());
    assert_eq!(t.on(day(2016, 12, 31)).unwrap().effective, day(1999, 3, 1));
    assert_eq!(t.on(day(2017, 1, 1)).unwrap().effective, day(2017, 1, 1));
    assert_eq!(t.on(day(2030, 1, 1)).unwrap().effective, day(2021, 1, 1));
}
