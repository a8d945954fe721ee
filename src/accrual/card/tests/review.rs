//! Fixes from a review of the card accrual (2026-11-27), each kept as the
//! case that showed it.

use super::*;

fn usd(x: i64) -> Money {
    Money::new(Decimal::from(x), Currency::USD)
}

fn ymd(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}

/// Monthly statements on `dates`, 1,000.00 principal and a minimum of 50,
/// due 25 days later; every minimum paid the day after its statement except
/// those at `missed`, which are paid with the next one.
fn card_with(dates: &[NaiveDate], missed: &[usize]) -> CardAccount {
    let rate = Rate::from_percent(Decimal::from(24)).unwrap();
    let mut card = CardAccount::new("K", usd(5000), ymd(2023, 1, 1), rate).unwrap();
    for s in dates {
        let (b, m) = bal(Currency::USD, 1000, 0, 50_00);
        card.add_statement(Statement::new(*s, *s + chrono::Days::new(25), b, m).unwrap())
            .unwrap();
    }
    for (i, s) in dates.iter().enumerate() {
        if missed.contains(&i) {
            continue;
        }
        let owed = if i > 0 && missed.contains(&(i - 1)) {
            100
        } else {
            50
        };
        card.record(Transaction::repayment(
            &format!("P{i}"),
            *s + chrono::Days::new(1),
            usd(owed),
        ))
        .unwrap();
    }
    card
}

fn late_fees(card: &CardAccount) -> Vec<(NaiveDate, Decimal, Decimal)> {
    accrue_card(card, ymd(2023, 1, 1), ymd(2024, 6, 1), &CardPolicy::us())
        .unwrap()
        .into_iter()
        .filter(|r| r.kind == AccrualKind::LateFee)
        .map(|r| (r.from, r.base.amount(), r.amount.amount()))
        .collect()
}

/// RULES.md §2.5 `us.reg_z.safe_harbor`: a repeat is a violation "within
/// the next 6 billing cycles after the first". With cycles closing at month
/// end, the 31 August statement is the sixth after 28 February; the window
/// used to end on 28 August (six months from the 28th), so it was charged
/// the first amount, $30, not the repeat $41 (the 2022 row).
#[test]
fn the_sixth_month_end_cycle_is_a_repeat() {
    let eom = [
        ymd(2023, 2, 28),
        ymd(2023, 3, 31),
        ymd(2023, 4, 30),
        ymd(2023, 5, 31),
        ymd(2023, 6, 30),
        ymd(2023, 7, 31),
        ymd(2023, 8, 31),
    ];
    let fees = late_fees(&card_with(&eom, &[0, 6]));
    assert_eq!(
        fees,
        [
            (ymd(2023, 3, 26), Decimal::from(30), Decimal::from(30)),
            (ymd(2023, 9, 26), Decimal::from(41), Decimal::from(41)),
        ]
    );
    // The seventh cycle is a first violation again.
    let mut eight = eom.to_vec();
    eight.push(ymd(2023, 9, 30));
    let fees = late_fees(&card_with(&eight, &[0, 7]));
    assert_eq!(fees[1].2, Decimal::from(30));
    // Cycles closing on the 1st, the seventh a day early (07-31): a cycle
    // may vary by up to four days, so it is the seventh, not a repeat.
    let mut first: Vec<NaiveDate> = (1..=7).map(|m| ymd(2023, m, 1)).collect();
    first.push(ymd(2023, 7, 31));
    let fees = late_fees(&card_with(&first, &[0, 7]));
    assert_eq!(fees[1].2, Decimal::from(30), "{fees:?}");
    // The sixth a day late (07-02) is still a repeat.
    let mut late: Vec<NaiveDate> = (1..=6).map(|m| ymd(2023, m, 1)).collect();
    late.push(ymd(2023, 7, 2));
    let fees = late_fees(&card_with(&late, &[0, 6]));
    assert_eq!(fees[1].2, Decimal::from(41), "{fees:?}");
}

/// The safe-harbor record can be recomputed from its own fields: its base
/// is the table's amount (first or repeat; it was the minimum payment, and
/// `uncapped` matched nothing in the record), and a cut to the minimum
/// payment names `us.reg_z.fee_le_violation_amount`.
#[test]
fn a_safe_harbor_record_is_recomputable() {
    for (min, amount, capped) in [
        (50, 30, None),
        (20, 20, Some("us.reg_z.fee_le_violation_amount")),
    ] {
        let rate = Rate::from_daily(Decimal::new(5, 4), DayBasis::Days365).unwrap();
        let mut k = CardAccount::new("K", usd(5000), ymd(2026, 1, 1), rate).unwrap();
        let (b, m) = bal(Currency::USD, 1000, 0, min * 100);
        k.add_statement(Statement::new(ymd(2026, 3, 1), ymd(2026, 3, 26), b, m).unwrap())
            .unwrap();
        let recs = accrue_card(&k, ymd(2026, 3, 1), ymd(2026, 4, 1), &CardPolicy::us()).unwrap();
        let fee = recs
            .iter()
            .find(|r| r.kind == AccrualKind::LateFee)
            .unwrap();
        assert_eq!(fee.rate, None);
        // A flat fee: uncapped = round(base), within fee_min and fee_max.
        assert_eq!(fee.uncapped, fee.base);
        assert_eq!(fee.base, usd(30));
        assert_eq!(fee.amount, usd(amount));
        assert_eq!(fee.capped_by.as_deref(), capped);
    }
}

/// A payment value-dated on the statement date is in that statement's
/// closing balance (`CardAccount::balance` and the interest base already
/// read it so), so it does not also pay the statement's minimum: 50 of a 50
/// minimum paid on 03-01 left no late fee and interest on the whole 1,000
/// (15.50); paid the day after, interest was 14.90. Now the minimum is
/// unpaid and the late fee is charged on the full required minimum (RULES.md
/// §2.5: the cap is the minimum, not the unpaid remainder), $30 — not $5 as
/// when 45 of it counted as paid.
#[test]
fn a_payment_on_the_statement_date_is_in_its_closing_balance() {
    let one = |paid: i64, day: NaiveDate| {
        let rate = Rate::from_daily(Decimal::new(5, 4), DayBasis::Days365).unwrap();
        let mut k = CardAccount::new("K", usd(5000), ymd(2026, 1, 1), rate).unwrap();
        let (b, m) = bal(Currency::USD, 1000, 0, 50_00);
        k.add_statement(Statement::new(ymd(2026, 3, 1), ymd(2026, 3, 26), b, m).unwrap())
            .unwrap();
        k.record(Transaction::repayment("P", day, usd(paid)))
            .unwrap();
        let mut plain = CardPolicy::us();
        if let Some(i) = plain.interest.as_mut() {
            i.grace_repaid_exempt = false;
        }
        let recs = accrue_card(&k, ymd(2026, 3, 1), ymd(2026, 4, 1), &plain).unwrap();
        let sum = |kind| -> Decimal {
            recs.iter()
                .filter(|r| r.kind == kind)
                .map(|r| r.amount.amount())
                .sum()
        };
        (sum(AccrualKind::CardInterest), sum(AccrualKind::LateFee))
    };
    // On the statement date: in the closing balance, the minimum unpaid.
    assert_eq!(
        one(50, ymd(2026, 3, 1)),
        (Decimal::new(15_50, 2), Decimal::from(30))
    );
    assert_eq!(
        one(45, ymd(2026, 3, 1)),
        (Decimal::new(15_50, 2), Decimal::from(30))
    );
    // The day after: it pays the minimum and lowers the base (950 from
    // 03-02: 0.50 + 30 × 0.475 → 0.48 a day = 14.90).
    assert_eq!(
        one(50, ymd(2026, 3, 2)),
        (Decimal::new(14_90, 2), Decimal::ZERO)
    );
}

/// A third review. Reg Z 1026.2(a)(4) lets every closing date vary by four
/// days, so the first violation's cycle may close early and the sixth after
/// it late: both still make a repeat ($41). And a full payment that bounced
/// (a chargeback) is not a payment: no grace period, interest on the whole
/// balance as after a reversal (1,000.00 at 24 % / 365 from 02-01: 16.52).
#[test]
fn four_days_either_way_and_a_bounced_payment_is_not_paid() {
    for (first, sixth) in [
        (ymd(2023, 1, 31), ymd(2023, 8, 5)),
        (ymd(2023, 1, 28), ymd(2023, 8, 2)),
    ] {
        let mut dates = vec![first];
        dates.extend((3..=7).map(|m| ymd(2023, m, 1)));
        dates.push(sixth);
        let fees = late_fees(&card_with(&dates, &[0, 6]));
        assert_eq!(fees[1].2, Decimal::from(41), "{first} {sixth}: {fees:?}");
    }
    let interest = |bounce: bool| {
        let rate = Rate::from_percent(Decimal::from(24)).unwrap();
        let mut k = CardAccount::new("K", usd(5000), ymd(2026, 1, 1), rate).unwrap();
        let (b, m) = bal(Currency::USD, 1000, 0, 10_000);
        k.add_statement(Statement::new(ymd(2026, 2, 1), ymd(2026, 2, 25), b, m).unwrap())
            .unwrap();
        k.record(Transaction::repayment("P", ymd(2026, 2, 10), usd(1000)))
            .unwrap();
        if bounce {
            k.record(Transaction::chargeback(
                "CB",
                ymd(2026, 2, 15),
                usd(1000),
                None,
            ))
            .unwrap();
        } else {
            k.record(Transaction::reversal("R", ymd(2026, 2, 15), "P"))
                .unwrap();
        }
        k.record(Transaction::repayment("P2", ymd(2026, 2, 20), usd(100)))
            .unwrap();
        accrue_card(&k, ymd(2026, 2, 1), ymd(2026, 3, 1), &CardPolicy::us())
            .unwrap()
            .iter()
            .filter(|r| r.kind == AccrualKind::CardInterest)
            .map(|r| r.amount.amount())
            .sum::<Decimal>()
    };
    assert_eq!(interest(false), Decimal::new(16_52, 2));
    assert_eq!(interest(true), interest(false));
}

/// A 30.00 fee billed by the 02-01 statement (1,000.00 + 30.00; minimum
/// 20.00 + 30.00, due 02-25) and reversed on 02-05.
fn reversed_fee_card() -> CardAccount {
    let rate = Rate::from_percent(Decimal::from(24)).unwrap();
    let mut card = CardAccount::new("K", usd(5000), ymd(2026, 1, 1), rate).unwrap();
    card.record(Transaction::charge(
        "F",
        ymd(2026, 1, 15),
        Component::Fee,
        usd(30),
    ))
    .unwrap();
    let balance = |p: i64, fee: i64| {
        let mut b = Breakdown::zero(Currency::USD);
        b.set(Component::Principal, Decimal::from(p));
        b.set(Component::Fee, Decimal::from(fee));
        b
    };
    let statement = Statement::new(
        ymd(2026, 2, 1),
        ymd(2026, 2, 25),
        balance(1000, 30),
        balance(20, 30),
    )
    .unwrap();
    card.add_statement(statement).unwrap();
    card.record(Transaction::reversal("R", ymd(2026, 2, 5), "F"))
        .unwrap();
    card
}

/// A sixth review of the card model (its readers). The statement without
/// the fee reversed on 02-05 is 1,000.00, paid in full on 02-10: no
/// interest (0.56 under `us`, 6.32 under `cn` before, on the reversed fee).
/// Unpaid, the Reg Z late fee is capped at the 20.00 minimum the reversal
/// left (30.00 before, above the minimum due).
#[test]
fn card_readers_see_a_reversed_fee_as_the_position_does() {
    let mut card = reversed_fee_card();
    card.record(Transaction::repayment("P", ymd(2026, 2, 10), usd(1000)))
        .unwrap();
    for p in [CardPolicy::us(), CardPolicy::cn()] {
        let recs = accrue_card(&card, ymd(2026, 2, 1), ymd(2026, 3, 1), &p).unwrap();
        assert!(recs.is_empty(), "{}: {recs:?}", p.id);
    }
    let card = reversed_fee_card();
    let fees: Vec<(Decimal, Option<String>)> =
        accrue_card(&card, ymd(2026, 2, 1), ymd(2026, 3, 1), &CardPolicy::us())
            .unwrap()
            .into_iter()
            .filter(|r| r.kind == AccrualKind::LateFee)
            .map(|r| (r.amount.amount(), r.capped_by.map(|c| c.to_string())))
            .collect();
    assert_eq!(
        fees,
        vec![(
            Decimal::new(2000, 2),
            Some("us.reg_z.fee_le_violation_amount".to_owned())
        )]
    );
}

/// RULES.md §2.5 `us.reg_z.fee_le_violation_amount`: the fee is at most the
/// required minimum periodic payment, the one the statement required
/// (Reg Z 1026.7(b)(11)). A payment in full bounces after the February
/// statement showed nothing owed: its 50.00 is owed again on that statement
/// (the oldest not yet due), and missed, but the statement required 0.00,
/// so the fee is cut to 0.00. A fee of 0.00 is no fee imposed: the March
/// miss is a first violation ($30, the 2022 row), not a repeat ($41, as it
/// was charged before the fix; found by the card oracle with
/// `ORACLE_OPEN_QUESTIONS=1`).
#[test]
fn a_fee_cut_to_zero_by_a_bounced_payment_starts_no_repeat_window() {
    let mut k = CardAccount::new("K", usd(5000), ymd(2026, 1, 1), Rate::ZERO).unwrap();
    let rows = [
        (ymd(2026, 1, 5), ymd(2026, 1, 30), 1000, 50_00),
        (ymd(2026, 2, 5), ymd(2026, 3, 2), 0, 0),
        (ymd(2026, 3, 5), ymd(2026, 3, 30), 1000, 50_00),
    ];
    for (s, due, p, m) in rows {
        let (b, min) = bal(Currency::USD, p, 0, m);
        k.add_statement(Statement::new(s, due, b, min).unwrap())
            .unwrap();
    }
    k.record(Transaction::repayment("P", ymd(2026, 1, 10), usd(1000)))
        .unwrap();
    k.record(Transaction::chargeback(
        "CB",
        ymd(2026, 2, 10),
        usd(1000),
        None,
    ))
    .unwrap();
    let fees: Vec<_> = accrue_card(&k, ymd(2026, 1, 1), ymd(2026, 4, 30), &CardPolicy::us())
        .unwrap()
        .into_iter()
        .filter(|r| r.kind == AccrualKind::LateFee)
        .map(|r| {
            (
                r.from,
                r.installment,
                r.uncapped.amount(),
                r.amount.amount(),
                r.capped_by,
            )
        })
        .collect();
    assert_eq!(
        fees,
        [
            (
                ymd(2026, 3, 3),
                2,
                Decimal::from(30),
                Decimal::ZERO,
                Some(RuleId::new("us.reg_z.fee_le_violation_amount"))
            ),
            (
                ymd(2026, 3, 31),
                3,
                Decimal::from(30),
                Decimal::from(30),
                None
            ),
        ]
    );
}
