use super::*;
use crate::loan::{Breakdown, Statement, Transaction};
use crate::money::{Currency, Rate};

fn d(m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, dd).unwrap()
}

fn bal(c: Currency, principal: i64, interest_cents: i64, min_cents: i64) -> (Breakdown, Breakdown) {
    let mut b = Breakdown::zero(c);
    b.set(Component::Principal, Decimal::from(principal));
    b.set(Component::Interest, Decimal::new(interest_cents, 2));
    let mut m = Breakdown::zero(c);
    m.set(Component::Principal, Decimal::new(min_cents, 2));
    (b, m)
}

/// Statements on the 5th, due 25 days later; 万分之五 a day (18.25 % on 365).
fn card(c: Currency) -> CardAccount {
    let rate = Rate::from_daily(Decimal::new(5, 4), DayBasis::Days365).unwrap();
    let mut card =
        CardAccount::new("K", Money::new(Decimal::from(5000), c), d(1, 1), rate).unwrap();
    let rows = [
        (d(1, 5), d(1, 30), 1000, 0, 25_00),
        (d(2, 5), d(3, 2), 975, 15_34, 50_00),
        (d(3, 5), d(3, 30), 975, 30_00, 60_00),
    ];
    for (s, due, p, i, m) in rows {
        let (b, min) = bal(c, p, i, m);
        card.add_statement(Statement::new(s, due, b, min).unwrap())
            .unwrap();
    }
    card.record(Transaction::repayment(
        "P1",
        d(1, 20),
        Money::new(Decimal::from(25), c),
    ))
    .unwrap();
    card
}

#[test]
fn interest_on_a_statement_not_paid_in_full() {
    let k = card(Currency::USD);
    let interest = |policy: &CardPolicy| -> Vec<(NaiveDate, NaiveDate, Decimal, i64, Decimal)> {
        accrue_card(&k, d(1, 1), d(2, 5), policy)
            .unwrap()
            .iter()
            .filter(|r| r.kind == AccrualKind::CardInterest)
            .map(|r| (r.from, r.to, r.base.amount(), r.days, r.amount.amount()))
            .collect()
    };
    // 1,000 × 0.1825 / 365 = 0.50 a day; 975 × 0.1825 / 365 = 0.4875 →
    // 0.49 a day. The 25 paid on 01-20, within the grace period, bears no
    // interest under Reg Z 1026.54(a)(1)(ii) (the `us` preset): 975 from
    // 01-05, 15 × 0.49 + 16 × 0.49 = 15.19.
    let n = |x: i64| Decimal::from(x);
    let c = |x: i64| Decimal::new(x, 2);
    assert_eq!(
        interest(&CardPolicy::us()),
        [
            (d(1, 5), d(1, 20), n(975), 15, c(735)),
            (d(1, 20), d(2, 5), n(975), 16, c(784)),
        ]
    );
    // Without the exemption the payment lowers the base from its date:
    // 15 × 0.50 + 16 × 0.49 = 15.34.
    let mut plain = CardPolicy::us();
    if let Some(ci) = plain.interest.as_mut() {
        ci.grace_repaid_exempt = false;
    }
    assert_eq!(
        interest(&plain),
        [
            (d(1, 5), d(1, 20), n(1000), 15, c(750)),
            (d(1, 20), d(2, 5), n(975), 16, c(784)),
        ]
    );
}

#[test]
fn us_safe_harbor_first_then_repeat_and_never_above_the_minimum() {
    let k = card(Currency::USD);
    let fees: Vec<_> = accrue_card(&k, d(1, 1), d(4, 30), &CardPolicy::us())
        .unwrap()
        .into_iter()
        .filter(|r| r.kind == AccrualKind::LateFee)
        .map(|r| {
            (
                r.from,
                r.installment,
                r.amount.amount(),
                r.rule,
                r.capped_by,
            )
        })
        .collect();
    // The January minimum was paid; February misses ($30 first, 2022 row),
    // March repeats within six cycles ($41).
    let rule = RuleId::new("us.reg_z.safe_harbor");
    assert_eq!(
        fees,
        [
            (d(3, 3), 2, Decimal::from(30), rule.clone(), None),
            (d(3, 31), 3, Decimal::from(41), rule.clone(), None),
        ]
    );
    // A minimum of 25 caps a $30 fee at 25.
    let mut small = CardAccount::new(
        "S",
        Money::new(Decimal::from(500), Currency::USD),
        d(1, 1),
        Rate::ZERO,
    )
    .unwrap();
    let (b, m) = bal(Currency::USD, 500, 0, 25_00);
    small
        .add_statement(Statement::new(d(1, 5), d(1, 30), b, m).unwrap())
        .unwrap();
    let r = accrue_card(&small, d(1, 1), d(2, 28), &CardPolicy::us()).unwrap();
    let fee = r.iter().find(|x| x.kind == AccrualKind::LateFee).unwrap();
    assert_eq!(fee.amount.amount(), Decimal::from(25));
    assert_eq!(fee.uncapped.amount(), Decimal::from(30));
    assert_eq!(
        fee.capped_by.as_deref(),
        Some("us.reg_z.fee_le_violation_amount")
    );
    // The rules cited, with their citations and status tags.
    let cited = CardPolicy::us().cited_rules(&r);
    let ids: Vec<(&str, crate::rule::RuleStatus)> =
        cited.iter().map(|x| (x.id.as_str(), x.status)).collect();
    assert!(ids.contains(&(
        "us.reg_z.fee_le_violation_amount",
        crate::rule::RuleStatus::Verified
    )));
    assert!(ids.iter().any(|(id, _)| *id == "us.reg_z.safe_harbor"));
    assert!(cited.iter().all(|x| !x.citation.is_empty()), "{cited:?}");
}

#[test]
fn cn_late_charge_with_floor_and_escalation() {
    let k = card(Currency::CNY);
    let fees = |policy: &CardPolicy| -> Vec<Decimal> {
        accrue_card(&k, d(1, 1), d(4, 30), policy)
            .unwrap()
            .into_iter()
            .filter(|r| r.kind == AccrualKind::LateFee)
            .map(|r| r.amount.amount())
            .collect()
    };
    // 5 % of 50 = 2.50 → floor 10; 5 % of 60 = 3.00 → floor 10.
    assert_eq!(
        fees(&CardPolicy::cn()),
        [Decimal::from(10), Decimal::from(10)]
    );
    // The records carry the floor: base × rate alone gives 2.50.
    let first = accrue_card(&k, d(1, 1), d(4, 30), &CardPolicy::cn())
        .unwrap()
        .into_iter()
        .find(|r| r.kind == AccrualKind::LateFee)
        .unwrap();
    assert_eq!(first.fee_min.map(|m| m.amount()), Some(Decimal::from(10)));
    assert_eq!(first.fee_max, None);
    let mut escalating = CardPolicy::cn();
    escalating.late_charge = Some(CardLateCharge::PercentOfUnpaidMinimum {
        rule: RuleRef::new("issuer.tariff", "", RuleStatus::Secondary),
        rate: Decimal::new(30, 2),
        escalated_rate: Decimal::new(50, 2),
        escalate_after: 2,
        floor: Decimal::ONE,
    });
    // 30 % of 50 = 15.00; second consecutive miss: 50 % of what is unpaid,
    // March's 60 and February's 50 still past due, = 55.00.
    assert_eq!(fees(&escalating), [Decimal::from(15), Decimal::from(55)]);
    let mut bad = CardPolicy::cn();
    bad.late_charge = Some(CardLateCharge::PercentOfUnpaidMinimum {
        rule: RuleRef::new("x", "", RuleStatus::Secondary),
        rate: Decimal::from(2),
        escalated_rate: Decimal::new(-1, 0),
        escalate_after: 0,
        floor: Decimal::new(-1, 0),
    });
    assert_eq!(
        accrue_card(&k, d(1, 1), d(4, 30), &bad)
            .unwrap_err()
            .to_string(),
        "invalid policy: `late_charge.rate` = `2`: must be a fraction between 0 and 1; \
         `late_charge.escalated_rate` = `-1`: must be a fraction between 0 and 1; \
         `late_charge.floor` = `-1`: must not be negative"
    );
    // A floor finer than the card's minor unit was charged as 10.005 CNY
    // (found by a review): refused, naming the field.
    let mut fine = CardPolicy::cn();
    if let Some(CardLateCharge::PercentOfUnpaidMinimum { floor, .. }) = &mut fine.late_charge {
        *floor = Decimal::new(10_005, 3);
    }
    assert_eq!(
        accrue_card(&k, d(1, 1), d(4, 30), &fine)
            .unwrap_err()
            .to_string(),
        "invalid `late_charge.floor` value `10.005`: is finer than the minor unit of the card's \
         CNY (0.01)"
    );
}

#[test]
fn card_policies_round_trip() {
    for p in [CardPolicy::cn(), CardPolicy::us()] {
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(serde_json::from_str::<CardPolicy>(&json).unwrap(), p);
    }
}

/// RULES.md §2.2: since 2017 no interest accrues on 违约金 or fees in China.
/// Hand check (万分之五 a day = 0.1825 / 365, half-up to the fen): balance
/// 1,000 principal + 20.00 interest + 10.00 违约金 (fee).
/// - 03-05..03-20: base 1,020 → 0.51 a day × 15 = 7.65 (the whole balance
///   would give 1,030 × 0.0005 = 0.515 → 0.52 × 15 = 7.80);
/// - the 15.00 paid on 03-20 clears the fee, then 5.00 of interest: base
///   1,000 + 15 = 1,015 → 0.5075 → 0.51 a day × 16 = 8.16 (the whole
///   balance: 1,030 − 15 = 1,015 too).
#[test]
fn cn_card_interest_bears_on_principal_and_interest_not_fees() {
    let c = Currency::CNY;
    let rate = Rate::from_daily(Decimal::new(5, 4), DayBasis::Days365).unwrap();
    let mut k = CardAccount::new("F", Money::new(Decimal::from(5000), c), d(1, 1), rate).unwrap();
    let mut b = Breakdown::zero(c);
    b.set(Component::Principal, Decimal::from(1000));
    b.set(Component::Interest, Decimal::new(20_00, 2));
    b.set(Component::Fee, Decimal::new(10_00, 2));
    let mut m = Breakdown::zero(c);
    m.set(Component::Principal, Decimal::from(100));
    k.add_statement(Statement::new(d(3, 5), d(3, 30), b, m).unwrap())
        .unwrap();
    k.record(Transaction::repayment(
        "P",
        d(3, 20),
        Money::new(Decimal::from(15), c),
    ))
    .unwrap();
    let interest = |policy: &CardPolicy| -> Vec<(NaiveDate, Decimal, i64, Decimal)> {
        accrue_card(&k, d(3, 1), d(4, 5), policy)
            .unwrap()
            .into_iter()
            .filter(|r| r.kind == AccrualKind::CardInterest)
            .map(|r| (r.from, r.base.amount(), r.days, r.amount.amount()))
            .collect()
    };
    assert_eq!(
        interest(&CardPolicy::cn()),
        [
            (d(3, 5), Decimal::from(1020), 15, Decimal::new(765, 2)),
            (d(3, 20), Decimal::from(1015), 16, Decimal::new(816, 2)),
        ]
    );
    let mut whole = CardPolicy::cn();
    if let Some(ci) = whole.interest.as_mut() {
        ci.excluded.clear();
    }
    assert_eq!(
        interest(&whole),
        [
            (d(3, 5), Decimal::from(1030), 15, Decimal::new(780, 2)),
            (d(3, 20), Decimal::from(1015), 16, Decimal::new(816, 2)),
        ]
    );
}

#[test]
fn excluded_components_are_validated() {
    let mut p = CardPolicy::cn();
    if let Some(ci) = p.interest.as_mut() {
        ci.excluded = vec![
            Component::Fee,
            Component::Penalty,
            Component::Fee,
            Component::Interest,
            Component::Principal,
        ];
    }
    assert_eq!(
        p.validate().unwrap_err().to_string(),
        "invalid policy: `interest.excluded` = `fee`: is listed twice; \
         `interest.excluded` = `penalty, fee, interest, principal`: excludes every \
         component; leave `interest` out to charge none"
    );
    let json = serde_json::to_string(&CardPolicy::cn()).unwrap();
    assert!(json.contains(r#""excluded":["fee"]"#), "{json}");
    // Files written before the field default to no exclusion.
    let us = serde_json::to_string(&CardPolicy::us()).unwrap();
    assert!(!us.contains("excluded"), "{us}");
}

/// RULES.md §2.5 `us.reg_z.safe_harbor`: "repeat" is the same violation
/// within the next six billing cycles after the first. Minimums missed in
/// cycles 1, 7 and 13 (2025, the $30 / $41 row): cycle 7 is six cycles
/// after the first fee, a repeat; cycle 13 is twelve after the first fee
/// and only six after the repeat, so it is a first violation again.
#[test]
fn us_repeat_window_runs_from_a_first_violation_fee() {
    let c = Currency::USD;
    let ymd = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    let mut k = CardAccount::new(
        "R",
        Money::new(Decimal::from(5000), c),
        ymd(2025, 1, 1),
        Rate::ZERO,
    )
    .unwrap();
    let missed = [1usize, 7, 13];
    for n in 1..=13usize {
        let (y, m) = (2025 + (n as i32 - 1) / 12, ((n - 1) % 12) as u32 + 1);
        let (b, min) = bal(c, 1000, 0, 50_00);
        k.add_statement(Statement::new(ymd(y, m, 1), ymd(y, m, 25), b, min).unwrap())
            .unwrap();
        if !missed.contains(&n) {
            // The month after a miss catches up on it too.
            let pay = if missed.contains(&(n - 1)) { 100 } else { 50 };
            k.record(Transaction::repayment(
                &format!("P{n}"),
                ymd(y, m, 20),
                Money::new(Decimal::from(pay), c),
            ))
            .unwrap();
        }
    }
    let fees: Vec<(u32, Decimal)> =
        accrue_card(&k, ymd(2025, 1, 1), ymd(2026, 2, 1), &CardPolicy::us())
            .unwrap()
            .into_iter()
            .filter(|r| r.kind == AccrualKind::LateFee)
            .map(|r| (r.installment, r.amount.amount()))
            .collect();
    assert_eq!(
        fees,
        [
            (1, Decimal::from(30)),
            (7, Decimal::from(41)),
            (13, Decimal::from(30))
        ]
    );
}

/// RULES.md §2.2: interest accrues only on a statement not paid in full by
/// its due date, so a window that ends before the due date reports none,
/// and consecutive windows add up to one (review finding: a window to 01-15
/// booked 5.00 on a statement later paid in full).
#[test]
fn the_grace_period_is_reported_once_the_due_date_has_passed() {
    let k = card(Currency::USD);
    let policy = CardPolicy::us();
    let interest = |from, to| -> Vec<(NaiveDate, NaiveDate, Decimal)> {
        accrue_card(&k, from, to, &policy)
            .unwrap()
            .into_iter()
            .filter(|r| r.kind == AccrualKind::CardInterest && r.installment == 1)
            .map(|r| (r.from, r.to, r.amount.amount()))
            .collect()
    };
    let whole = interest(d(1, 1), d(2, 5));
    assert!(interest(d(1, 1), d(1, 15)).is_empty());
    assert!(interest(d(1, 1), d(1, 30)).is_empty());
    // The window holding the due date (01-30) reports the grace period
    // whole, from the statement date.
    assert_eq!(interest(d(1, 15), d(2, 5)), whole);
    let (a, b) = (interest(d(1, 1), d(1, 31)), interest(d(1, 31), d(2, 5)));
    assert_eq!(
        a,
        [
            (d(1, 5), d(1, 20), Decimal::new(735, 2)),
            (d(1, 20), d(1, 31), Decimal::new(539, 2))
        ]
    );
    assert_eq!(b, [(d(1, 31), d(2, 5), Decimal::new(245, 2))]);
    // 7.35 + 5.39 + 2.45 = 7.35 + 7.84.
    let sum = |v: &[(NaiveDate, NaiveDate, Decimal)]| v.iter().map(|x| x.2).sum::<Decimal>();
    assert_eq!(sum(&a) + sum(&b), sum(&whole));

    // Paid in full by the due date: no interest in any window.
    let mut paid = card(Currency::USD);
    paid.record(Transaction::repayment(
        "FULL",
        d(1, 25),
        Money::new(Decimal::from(975), Currency::USD),
    ))
    .unwrap();
    for (from, to) in [
        (d(1, 1), d(1, 15)),
        (d(1, 1), d(2, 5)),
        (d(1, 15), d(1, 31)),
    ] {
        assert!(accrue_card(&paid, from, to, &policy)
            .unwrap()
            .iter()
            .all(|r| r.kind != AccrualKind::CardInterest || r.installment != 1));
    }
}

/// Reg Z 1026.52(b)(1)(ii)(B): "repeat" is counted in billing cycles, not
/// statements; history before the first safe-harbor row (2010-08-22) only
/// decides first or repeat and no longer fails the call.
#[test]
fn us_repeat_counts_cycles_and_old_history_is_no_error() {
    let c = Currency::USD;
    let ymd = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    let mut k = CardAccount::new(
        "G",
        Money::new(Decimal::from(5000), c),
        ymd(2009, 1, 1),
        Rate::ZERO,
    )
    .unwrap();
    // All missed; no statement for the cycles in between (no balance).
    let dates = [
        ymd(2009, 1, 5),
        ymd(2025, 1, 5),
        ymd(2025, 8, 5),
        ymd(2025, 9, 5),
    ];
    for s in dates {
        let (b, min) = bal(c, 1000, 0, 50_00);
        k.add_statement(Statement::new(s, s + chrono::Days::new(25), b, min).unwrap())
            .unwrap();
    }
    let fees: Vec<(u32, NaiveDate, Decimal)> =
        accrue_card(&k, ymd(2024, 1, 1), ymd(2026, 1, 1), &CardPolicy::us())
            .unwrap()
            .into_iter()
            .filter(|r| r.kind == AccrualKind::LateFee)
            .map(|r| (r.installment, r.from, r.amount.amount()))
            .collect();
    // 2025-08 is seven cycles after 2025-01: a first violation again; 2025-09
    // is one cycle after it: a repeat.
    assert_eq!(
        fees,
        [
            (2, ymd(2025, 1, 31), Decimal::from(30)),
            (3, ymd(2025, 8, 31), Decimal::from(30)),
            (4, ymd(2025, 10, 1), Decimal::from(41))
        ]
    );
    // The 2009 statement itself, in a window, has no safe-harbor row.
    assert!(accrue_card(&k, ymd(2009, 1, 1), ymd(2009, 3, 1), &CardPolicy::us()).is_err());
}

/// The account's replay pays older minimums first, so a payment of the new
/// minimum while an older one is past due leaves the required payment
/// short: each such due date is a violation, and a debtor who never pays
/// again is charged at every due date (review finding: only the first fee
/// was charged, and the Reg Z cap read the new minimum alone).
#[test]
fn late_charges_follow_the_replay_of_past_due_minimums() {
    let c = Currency::USD;
    let mut k =
        CardAccount::new("M", Money::new(Decimal::from(5000), c), d(1, 1), Rate::ZERO).unwrap();
    for (s, due) in [(d(1, 5), d(1, 30)), (d(2, 5), d(3, 2))] {
        let (b, min) = bal(c, 1000, 0, 10_000);
        k.add_statement(Statement::new(s, due, b, min).unwrap())
            .unwrap();
    }
    // 100 paid in February goes to January's past-due 100.
    k.record(Transaction::repayment(
        "P",
        d(2, 20),
        Money::new(Decimal::from(100), c),
    ))
    .unwrap();
    let fees = |policy: &CardPolicy| -> Vec<(u32, NaiveDate, Decimal)> {
        accrue_card(&k, d(1, 1), d(4, 1), policy)
            .unwrap()
            .into_iter()
            .filter(|r| r.kind == AccrualKind::LateFee)
            .map(|r| (r.installment, r.from, r.amount.amount()))
            .collect()
    };
    assert_eq!(
        fees(&CardPolicy::us()),
        [
            (1, d(1, 31), Decimal::from(30)),
            (2, d(3, 3), Decimal::from(41))
        ]
    );
    // 5 % of 100 = 5.00, raised to the CNY-style floor of 10, twice.
    assert_eq!(
        fees(&CardPolicy::cn()),
        [
            (1, d(1, 31), Decimal::from(10)),
            (2, d(3, 3), Decimal::from(10))
        ]
    );

    // Never paid, later statements with no new minimum: the 25 past due is
    // a violation at every due date, capped at the 25 required.
    let mut n =
        CardAccount::new("N", Money::new(Decimal::from(5000), c), d(1, 1), Rate::ZERO).unwrap();
    for (k, (s, due)) in [(d(1, 5), d(1, 30)), (d(2, 5), d(3, 2)), (d(3, 5), d(3, 30))]
        .into_iter()
        .enumerate()
    {
        let (b, min) = bal(c, 1000, 0, if k == 0 { 25_00 } else { 0 });
        n.add_statement(Statement::new(s, due, b, min).unwrap())
            .unwrap();
    }
    let fees: Vec<(NaiveDate, Decimal, Decimal)> =
        accrue_card(&n, d(1, 1), d(4, 1), &CardPolicy::us())
            .unwrap()
            .into_iter()
            .filter(|r| r.kind == AccrualKind::LateFee)
            .map(|r| (r.from, r.uncapped.amount(), r.amount.amount()))
            .collect();
    let (v25, v30, v41) = (Decimal::from(25), Decimal::from(30), Decimal::from(41));
    assert_eq!(
        fees,
        [
            (d(1, 31), v30, v25),
            (d(3, 3), v41, v25),
            (d(3, 31), v41, v25)
        ]
    );
}

/// Every problem at once, rule ids included (review finding: an empty rule
/// id passed and produced records with an empty `rule`).
#[test]
fn card_policy_rule_ids_are_checked() {
    let mut p = CardPolicy::us();
    if let Some(ci) = p.interest.as_mut() {
        ci.rule = RuleRef::new(" ", "", RuleStatus::Unverified);
    }
    if let Some(CardLateCharge::UsSafeHarbor { rule, .. }) = p.late_charge.as_mut() {
        *rule = RuleRef::new("", "", RuleStatus::Unverified);
    }
    assert_eq!(
        p.validate().unwrap_err().to_string(),
        "invalid policy: `interest.rule.id` = ``: a rule needs a non-empty id; \
         `late_charge.rule.id` = ``: a rule needs a non-empty id"
    );
}

/// Late charges read the ledger as known at the end of the window, as the
/// interest does: a payment made before the due date and reversed after it
/// was never made (review finding: the late charge still counted it).
#[test]
fn a_payment_reversed_after_the_due_date_was_never_made() {
    let mut k = card(Currency::USD);
    k.record(Transaction::reversal("R1", d(2, 3), "P1"))
        .unwrap();
    let fees: Vec<(u32, NaiveDate, Decimal)> =
        accrue_card(&k, d(1, 1), d(2, 10), &CardPolicy::us())
            .unwrap()
            .into_iter()
            .filter(|r| r.kind == AccrualKind::LateFee)
            .map(|r| (r.installment, r.from, r.amount.amount()))
            .collect();
    // January's minimum of 25 unpaid: $30, capped at the 25 required.
    assert_eq!(fees, [(1, d(1, 31), Decimal::from(25))]);
    // Known only up to 02-02, the payment stands.
    assert!(accrue_card(&k, d(1, 1), d(2, 3), &CardPolicy::us())
        .unwrap()
        .iter()
        .all(|r| r.kind != AccrualKind::LateFee));
}

/// RULES.md §2.5: the vacated 2024 rule is kept as two inactive tiers
/// ($8 for larger issuers; $32 / $43 for smaller ones), never chosen by
/// date; a scoped row cannot be active.
#[test]
fn the_vacated_2024_rule_keeps_both_tiers_inactive() {
    use crate::accrual::{IssuerScope, SafeHarborTable};
    let t = SafeHarborTable::published();
    let tiers: Vec<(IssuerScope, Decimal, Decimal, bool)> = t
        .rows()
        .iter()
        .filter(|r| r.effective == NaiveDate::from_ymd_opt(2024, 5, 14).unwrap())
        .map(|r| (r.issuers, r.first, r.repeat, r.active))
        .collect();
    assert_eq!(
        tiers,
        [
            (
                IssuerScope::Larger,
                Decimal::from(8),
                Decimal::from(8),
                false
            ),
            (
                IssuerScope::Smaller,
                Decimal::from(32),
                Decimal::from(43),
                false
            ),
        ]
    );
    let now = t
        .on(NaiveDate::from_ymd_opt(2026, 11, 27).unwrap())
        .unwrap();
    assert_eq!(
        (now.first, now.repeat),
        (Decimal::from(30), Decimal::from(41))
    );
    assert!(now.issuers.is_all());
    let mut rows = t.rows().to_vec();
    let last = rows.len() - 1;
    rows[last].active = true;
    let e = SafeHarborTable::new(rows).unwrap_err().to_string();
    assert!(e.contains(&format!("safe_harbor[{last}].issuers")), "{e}");
    // Files name the tier; rows for every issuer say nothing.
    let json = serde_json::to_string(&t).unwrap();
    assert_eq!(json.matches("\"issuers\"").count(), 2, "{json}");
    assert!(
        json.contains(
            r#""first":"32","repeat":"43","active":false,"status":"secondary","issuers":"smaller""#
        ),
        "{json}"
    );
}

mod props;
mod review;
