//! The card model's reviews (2026-11-27): statements carry what is owed.

use super::*;

/// What `card` has overdue at the end of `day`, in all.
fn overdue_on(card: &CardAccount, day: NaiveDate) -> Money {
    card.position(day).unwrap().overdue().total().unwrap()
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
    stated(&mut card, d(2026, 2, 1), "30.00", "25.00");
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
    let overdue = overdue_on(&card, d(2026, 2, 26));
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
        let overdue = overdue_on(&card, d(2026, 3, 26));
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
    let overdue = overdue_on(&card, d(2026, 3, 26));
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
    let overdue = overdue_on(&card, d(2026, 3, 26));
    assert_eq!(overdue, usd("50.00"));
}

/// A waiver larger than the fee it waives takes off only the fee: the
/// balance after a 1,000.00 statement, a 20.00 fee and a 40.00 fee waiver
/// is 1,000.00, as the position has it (20.00 of the waiver unapplied); it
/// was 980.00. A waiver that finds nothing to waive takes nothing off
/// until a charge of its cycle comes (a waiver cancels its own cycle's
/// charges whatever their order): W0's 15.00 then waives 15.00 of F1.
#[test]
fn a_card_waiver_takes_off_the_balance_only_what_it_waived() {
    let mut card = CardAccount::new("C9", usd("5000.00"), d(2026, 1, 1), Rate::ZERO).unwrap();
    stated(&mut card, d(2026, 2, 1), "1000.00", "100.00");
    card.record(fee_waiver("W0", d(2026, 2, 3), "15.00"))
        .unwrap();
    assert_eq!(card.balance(d(2026, 2, 4)).unwrap(), usd("1000.00"));
    card.record(fee("F1", d(2026, 2, 5), "20.00")).unwrap();
    card.record(fee_waiver("W1", d(2026, 2, 6), "40.00"))
        .unwrap();
    assert_eq!(card.balance(d(2026, 2, 5)).unwrap(), usd("1005.00"));
    assert_eq!(card.balance(d(2026, 2, 6)).unwrap(), usd("1000.00"));
    let pos = card.position(d(2026, 2, 6)).unwrap();
    assert_eq!(pos.unapplied_waivers(), usd("35.00"));
    // A payment still comes off in full.
    card.record(Transaction::repayment("P1", d(2026, 2, 7), usd("100.00")))
        .unwrap();
    assert_eq!(card.balance(d(2026, 2, 7)).unwrap(), usd("900.00"));
}

/// A review of the fix above: a waiver of 40.00 of a 20.00 fee, both in
/// the closing balance of 1,000.00, then the waiver reversed after the
/// statement puts back the 20.00 it waived (1,020.00; it put back 40.00);
/// the fee reversed instead takes off the 20.00 fee, the waiver now waiving
/// nothing (1,000.00; it was 980.00).
#[test]
fn a_reversal_after_the_statement_undoes_what_a_waiver_waived() {
    let setup = || {
        let mut card = CardAccount::new("C10", usd("5000.00"), d(2026, 1, 1), Rate::ZERO).unwrap();
        card.record(fee("F1", d(2026, 1, 20), "20.00")).unwrap();
        card.record(fee_waiver("W0", d(2026, 1, 21), "40.00"))
            .unwrap();
        stated(&mut card, d(2026, 2, 1), "1000.00", "100.00");
        card
    };
    let mut card = setup();
    assert_eq!(card.balance(d(2026, 2, 2)).unwrap(), usd("1000.00"));
    card.record(Transaction::reversal("R", d(2026, 2, 5), "W0"))
        .unwrap();
    assert_eq!(card.balance(d(2026, 2, 6)).unwrap(), usd("1020.00"));
    let mut card = setup();
    card.record(Transaction::reversal("R", d(2026, 2, 5), "F1"))
        .unwrap();
    assert_eq!(card.balance(d(2026, 2, 6)).unwrap(), usd("1000.00"));
}
