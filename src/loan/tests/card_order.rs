//! A card's position depends on its entries and statements, not on the
//! order they were recorded in: every kind of entry (payments, charges,
//! chargebacks, waivers named or not, reversals), statements with stated
//! or rule-computed minimums.

use super::*;

/// One entry: day of 2026 from 01-01, what it is, amount in cents, and
/// for a waiver the statement it names (if that statement is dated before
/// it) or for a reversal the entry it reverses (an earlier one, by index).
#[derive(Debug, Clone)]
struct Entry {
    day: u64,
    kind: u8,
    cents: i64,
    pick: usize,
}

fn entries() -> impl Strategy<Value = Vec<Entry>> {
    proptest::collection::vec(
        (0u64..125, 0u8..6, 1i64..20_000, 0usize..8).prop_map(|(day, kind, cents, pick)| Entry {
            day,
            kind,
            cents,
            pick,
        }),
        0..12,
    )
}

const STATEMENTS: [(u32, u32); 4] = [(2, 1), (3, 1), (4, 1), (5, 1)];

fn day(n: u64) -> NaiveDate {
    d(2026, 1, 1) + chrono::Days::new(n)
}

/// A statement dated before `date` to name, if `pick` says so.
fn named(pick: usize, date: NaiveDate) -> Option<u32> {
    let before = STATEMENTS
        .iter()
        .filter(|(m, dd)| d(2026, *m, *dd) < date)
        .count();
    (pick < before && pick >= 2).then(|| pick as u32 - 1)
}

/// The transactions of `entries` (sorted by day), with their ids; a
/// reversal whose pick is no earlier entry of another kind is left out.
fn transactions(entries: &[Entry]) -> Vec<Transaction> {
    let cents = |c: i64| Money::new(Decimal::new(c, 2), Currency::USD);
    let mut out: Vec<Transaction> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let id = format!("T{i}");
        let date = day(e.day);
        let component = if e.pick % 2 == 0 {
            Component::Fee
        } else {
            Component::Interest
        };
        let tx = match e.kind {
            0 | 1 => Transaction::repayment(&id, date, cents(e.cents)),
            2 => Transaction::charge(&id, date, component, cents(1 + e.cents / 4)),
            3 => Transaction::chargeback(&id, date, cents(e.cents), named(e.pick, date)),
            4 => {
                let named = named(e.pick, date);
                Transaction::new(
                    &id,
                    date,
                    TxKind::Waiver {
                        component,
                        amount: cents(1 + e.cents / 8),
                        installment: named,
                        rule: None,
                    },
                )
            }
            _ => {
                // Reverses an earlier, not yet reversed, non-reversal entry.
                let target = out.iter().rev().find(|t| {
                    !matches!(t.kind(), TxKind::Reversal { .. })
                        && t.id().as_str() != format!("T{}", e.pick)
                        && !out
                            .iter()
                            .any(|r| matches!(r.kind(), TxKind::Reversal { of } if of == t.id()))
                });
                match target {
                    Some(t) => Transaction::reversal(&id, date, t.id().as_str()),
                    None => continue,
                }
            }
        };
        out.push(tx);
    }
    out
}

/// The card with statement `k` rule-computed when bit `k` of `rules` is
/// set (else a stated 10 % minimum of 1,000.00 principal); the entries are
/// recorded as they happen (`in_time`) or after every statement, days in
/// reverse order where the ledger allows it (a reversal after its target).
fn card(txs: &[Transaction], rules: u8, in_time: bool) -> CardAccount {
    let mut card = CardAccount::new("O", usd("9000.00"), d(2026, 1, 1), Rate::ZERO).unwrap();
    let mut next = 0;
    for (k, (m, dd)) in STATEMENTS.iter().enumerate() {
        let date = d(2026, *m, *dd);
        while in_time && txs.get(next).is_some_and(|t| t.value_date() <= date) {
            card.record(txs[next].clone()).unwrap();
            next += 1;
        }
        let mut balance = principal_only(Currency::USD, "1000.00");
        balance.set(Component::Fee, dec("50.00"));
        if rules & (1 << k) != 0 {
            card.add_statement_with_rule(
                date,
                date + chrono::Days::new(24),
                balance,
                &MinimumPaymentRule::cn_typical(),
            )
            .unwrap();
        } else {
            let minimum = principal_only(Currency::USD, "100.00");
            card.add_statement(
                Statement::new(date, date + chrono::Days::new(24), balance, minimum).unwrap(),
            )
            .unwrap();
        }
    }
    let rest = &txs[next..];
    // Non-reversals from the last day to the first (a day's entries keep
    // their order: ties go by recording order, on a loan as on a card),
    // then the reversals in order.
    let mut days: Vec<NaiveDate> = rest.iter().map(Transaction::value_date).collect();
    days.dedup();
    for day in days.iter().rev() {
        for t in rest
            .iter()
            .filter(|t| t.value_date() == *day && !matches!(t.kind(), TxKind::Reversal { .. }))
        {
            card.record(t.clone()).unwrap();
        }
    }
    for t in rest
        .iter()
        .filter(|t| matches!(t.kind(), TxKind::Reversal { .. }))
    {
        card.record(t.clone()).unwrap();
    }
    card
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn card_positions_do_not_depend_on_the_recording_order(
        mut entries in entries(),
        rules in 0u8..16,
    ) {
        entries.sort_by_key(|e| e.day);
        let txs = transactions(&entries);
        let a = card(&txs, rules, true);
        let b = card(&txs, rules, false);
        for n in (0..150).step_by(2) {
            let at = day(n);
            let (pa, pb) = (a.position(at).unwrap(), b.position(at).unwrap());
            prop_assert_eq!(&pa, &pb, "{}", at);
            prop_assert!(pa.outstanding().amount(Component::Principal) >= Decimal::ZERO);
            prop_assert_eq!(a.balance(at).unwrap(), b.balance(at).unwrap());
        }
    }
}
