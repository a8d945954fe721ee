//! Hand-built cases: the presets and the published table against their
//! docs, and the minimal repros of the library bugs this oracle found
//! (fixed).

use arrears::accrual::{
    accrue_card, AccrualKind, CardLateCharge, CardPolicy, IssuerScope, RuleRef, SafeHarborRow,
    SafeHarborTable,
};
use arrears::delinquency::RuleStatus;
use arrears::loan::{CardAccount, Component, Statement, Transaction};
use arrears::money::{Currency, DayBasis, Rate, Rounding};
use rust_decimal::Decimal;

use crate::case::published_rows;
use crate::num::{breakdown, day, minor, money_minor, to_money, FEE, PRI};

/// The presets say what their docs say.
pub fn presets() {
    let cn = CardPolicy::cn();
    let i = cn.interest.as_ref().expect("cn charges interest");
    assert_eq!(i.basis, DayBasis::Days365);
    assert_eq!(
        i.excluded,
        vec![Component::Fee],
        "no interest on 违约金 and fees"
    );
    assert!(!i.grace_repaid_exempt);
    assert_eq!(cn.rounding, Rounding::HalfUp);
    match cn.late_charge.as_ref().expect("cn has a 违约金") {
        CardLateCharge::PercentOfUnpaidMinimum {
            rule,
            rate,
            escalate_after,
            floor,
            ..
        } => {
            assert_eq!(*rate, Decimal::new(5, 2));
            assert_eq!(*escalate_after, 0, "no escalation by default");
            assert_eq!(minor(*floor, Currency::CNY), 1000);
            assert_eq!(rule.status, RuleStatus::Unverified);
        }
        other => panic!("cn late charge {other:?}"),
    }
    let us = CardPolicy::us();
    let i = us.interest.as_ref().expect("us charges interest");
    assert_eq!(i.basis, DayBasis::Days365);
    assert!(i.grace_repaid_exempt, "1026.54(a)(1)(ii)");
    match us.late_charge.as_ref().expect("us has a late fee") {
        CardLateCharge::UsSafeHarbor { rule, table } => {
            assert_eq!(rule.status, RuleStatus::Unverified);
            assert_eq!(table, &SafeHarborTable::published());
        }
        other => panic!("us late charge {other:?}"),
    }
    // RULES.md §2.5: the active rows, and the vacated 2024 rule inactive.
    let t = SafeHarborTable::published();
    let active: Vec<_> = t
        .rows()
        .iter()
        .filter(|r| r.active)
        .map(|r| {
            (
                r.effective,
                minor(r.first, Currency::USD),
                minor(r.repeat, Currency::USD),
            )
        })
        .collect();
    assert_eq!(active, published_rows());
    let inactive: Vec<_> = t.rows().iter().filter(|r| !r.active).collect();
    assert_eq!(inactive.len(), 2);
    assert!(inactive
        .iter()
        .any(|r| r.issuers == IssuerScope::Larger && minor(r.first, Currency::USD) == 800));
    assert!(inactive.iter().any(|r| r.issuers == IssuerScope::Smaller
        && minor(r.first, Currency::USD) == 3200
        && minor(r.repeat, Currency::USD) == 4300));
}

fn usd_card(stmts: &[(u32, i128, i128)]) -> CardAccount {
    let cur = Currency::USD;
    let rate = Rate::from_percent(Decimal::new(2499, 2)).unwrap();
    let mut card = CardAccount::new("R", to_money(500_000, cur), day(2023, 12, 1), rate).unwrap();
    for (m, bal, min) in stmts {
        let mut b = [0; 4];
        b[PRI] = *bal;
        let mut mi = [0; 4];
        mi[PRI] = *min;
        card.add_statement(
            Statement::new(
                day(2024, *m, 5),
                day(2024, *m, 25),
                breakdown(&b, cur),
                breakdown(&mi, cur),
            )
            .unwrap(),
        )
        .unwrap();
    }
    card
}

/// Finding 1 (fixed): a first-tier safe-harbor amount of 0.00 (an issuer
/// that waives the first late fee) charges no fee, yet the library
/// counts the 0.00 "fee" as the first violation and charges the repeat
/// amount on the next missed payment.
///
/// Card: USD, statements 2024-01-05 (due 01-25) and 2024-02-05 (due
/// 02-25), each 1,000.00 with a minimum of 100.00; no payments. Policy:
/// no interest, `UsSafeHarbor` with one active row from 2013-01-01:
/// first 0.00, repeat 35.00. Window 2024-01-01..2024-03-31.
///
/// Docs: "the repeat amount if a late fee was charged in the previous six
/// billing cycles"; RULES.md §2.5 "Repeat = the same type of violation
/// within the next 6 billing cycles after the first"; 12 CFR
/// 1026.52(b)(1)(ii)(B): the repeat amount only "if the card issuer
/// previously imposed a fee pursuant to paragraph (b)(1)(ii)(A)". No fee
/// was imposed on 2024-01-26 (0.00), so the 2024-02-26 fee is the first
/// amount, 0.00. Library: 35.00.
pub fn zero_first_fee() -> (i128, i128) {
    let card = usd_card(&[(1, 100_000, 10_000), (2, 100_000, 10_000)]);
    let row = SafeHarborRow {
        effective: day(2013, 1, 1),
        first: Decimal::ZERO,
        repeat: Decimal::from(35),
        active: true,
        status: RuleStatus::Unverified,
        issuers: IssuerScope::All,
    };
    let policy = CardPolicy {
        id: "repro".into(),
        interest: None,
        late_charge: Some(CardLateCharge::UsSafeHarbor {
            rule: RuleRef::new("repro.reg_z", "test", RuleStatus::Unverified),
            table: SafeHarborTable::new(vec![row]).unwrap(),
        }),
        rounding: Rounding::HalfUp,
    };
    let recs = accrue_card(&card, day(2024, 1, 1), day(2024, 3, 31), &policy).unwrap();
    let fee = |inst| {
        recs.iter()
            .find(|r| r.installment == inst)
            .map_or(-1, |r| money_minor(r.amount))
    };
    let _ = FEE;
    (fee(1), fee(2))
}

/// The card of findings 2 and 3: CNY, 万分之五 a day, one statement
/// of 2024-01-05 (due 01-25) whose balance is a 50.00 fee (charged
/// 2024-01-03, billed by it) and 1,000.00 of principal, its minimum the
/// fee and `min_principal`; a repayment of `paid` on 01-20 and the fee
/// reversed (booked in error) on 01-30, after the due date.
pub fn reversed_fee_card(min_principal: i64, paid: i64) -> CardAccount {
    let cur = Currency::CNY;
    let rate = Rate::from_daily(Decimal::new(5, 4), DayBasis::Days365).unwrap();
    let mut card = CardAccount::new("R", to_money(5_000_000, cur), day(2023, 12, 1), rate).unwrap();
    let mut b = [0; 4];
    b[FEE] = 5_000;
    b[PRI] = 100_000;
    let mut mi = [0; 4];
    mi[FEE] = 5_000;
    mi[PRI] = i128::from(min_principal) * 100;
    let st = Statement::new(
        day(2024, 1, 5),
        day(2024, 1, 25),
        breakdown(&b, cur),
        breakdown(&mi, cur),
    )
    .unwrap();
    card.add_statement(st).unwrap();
    let m = |x: i64| to_money(i128::from(x) * 100, cur);
    card.record(Transaction::charge(
        "fee",
        day(2024, 1, 3),
        Component::Fee,
        m(50),
    ))
    .unwrap();
    card.record(Transaction::repayment("pay", day(2024, 1, 20), m(paid)))
        .unwrap();
    card.record(Transaction::reversal("undo", day(2024, 1, 30), "fee"))
        .unwrap();
    card
}

/// Finding 2 (fixed): interest on a statement whose only unpaid part is a
/// charge reversed after the due date. `reversed_fee_card(100, 1000)`,
/// the `cn` preset, window 2024-01-01..2024-02-05 (the reversal known).
/// Docs: the reversed fee is "as if it had never been there"
/// (`loan::card`, `TxKind::Reversal`), so the balance was 1,000.00, paid
/// in full on 01-20: no interest (and even read from the reversal's date
/// on only, the replay without the fee leaves 0.00 of principal from
/// 01-30). Library: 7.50 (1,000.00 × 0.0005 × 15 days, 01-05..01-20)
/// plus 0.48 (50.00 × 0.0005 = 0.025 → 0.03 × 16 days, 01-20..02-05: the
/// fee took 50.00 of the payment, the principal left bears interest) =
/// 7.98. Returns the library's total interest in cents.
pub fn interest_on_reversed_fee() -> i128 {
    let card = reversed_fee_card(100, 1000);
    let recs = accrue_card(&card, day(2024, 1, 1), day(2024, 2, 5), &CardPolicy::cn()).unwrap();
    recs.iter()
        .filter(|r| r.kind == AccrualKind::CardInterest)
        .map(|r| money_minor(r.amount))
        .sum()
}

/// Finding 3 (fixed): a 违约金 for a minimum unpaid only by a charge
/// reversed after the due date. `reversed_fee_card(100, 100)`, the `cn`
/// preset with no interest, window 2024-01-01..2024-02-05. The library's
/// own position on 02-04 says the minimum (100.00 once the fee is off it)
/// was paid off on 01-20, before the due date; yet it charges 10.00 on
/// 01-26 (5 % of the 50.00 "unpaid", floored at 10.00). Docs: no minimum
/// unpaid at the due date as the ledger is known, so no charge (the same
/// reading the library takes for a payment reversed after the due date,
/// which it counts as never made). Returns (the library's 违约金 in cents,
/// the position's `paid_off_on`).
pub fn late_charge_on_reversed_fee() -> (i128, Option<chrono::NaiveDate>) {
    let card = reversed_fee_card(100, 100);
    let mut policy = CardPolicy::cn();
    policy.interest = None;
    let recs = accrue_card(&card, day(2024, 1, 1), day(2024, 2, 5), &policy).unwrap();
    let fee = recs.iter().map(|r| money_minor(r.amount)).sum();
    let pos = card.position(day(2024, 2, 4)).unwrap();
    (fee, pos.installments()[0].paid_off_on())
}
