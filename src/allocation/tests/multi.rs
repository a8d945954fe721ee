//! Multi-debt allocation: `cn.civil_code.art560`, Reg Z 1026.53, Reg F 1006.30(c).

use super::{d, dec, unaccounted, usd};
use crate::allocation::*;
use crate::delinquency::RuleStatus;
use crate::money::{Currency, Money};
use chrono::NaiveDate;
use proptest::prelude::*;
use rust_decimal::Decimal;

fn debt(
    id: &str,
    matured: bool,
    security: u32,
    rate: &str,
    maturity: NaiveDate,
    owed: &str,
) -> Debt {
    Debt {
        id: id.to_owned(),
        matured,
        disputed: false,
        security,
        annual_rate: dec(rate),
        maturity,
        outstanding: usd(owed),
        deferred_interest_expires_in_cycles: None,
    }
}

fn show_multi(a: &MultiDebtAllocation) -> Vec<String> {
    a.parts
        .iter()
        .map(|(id, m)| format!("{id} {}", m.amount()))
        .collect()
}

#[test]
fn civil_code_560_default_order() {
    // Source: RULES.md §3 `cn.civil_code.art560` (1)–(5).
    let debts = [
        debt("unmatured", false, 0, "0.30", d(1, 1), "100"),
        debt("secured", true, 5, "0.30", d(1, 1), "100"),
        debt("cheap", true, 0, "0.05", d(1, 1), "100"),
        debt("late_maturity", true, 0, "0.10", d(2, 1), "100"),
        debt("dear", true, 0, "0.10", d(1, 1), "100"),
    ];
    let a = allocate_across_debts(usd("450"), &debts, None, MultiDebtRule::CivilCode560).unwrap();
    assert_eq!(
        show_multi(&a),
        [
            "dear 100",
            "late_maturity 100",
            "cheap 100",
            "secured 100",
            "unmatured 50"
        ]
    );
    assert_eq!(a.rule, "cn.civil_code.art560");
    assert_eq!(a.status, RuleStatus::Unverified);
    assert_eq!(a.unapplied, usd("0"));
}

#[test]
fn civil_code_560_pro_rata_and_designation() {
    let debts = [
        debt("a", true, 0, "0.1", d(1, 1), "100"),
        debt("b", true, 0, "0.1", d(1, 1), "200"),
        debt("c", true, 0, "0.1", d(1, 1), "0.01"),
    ];
    // Equal on every criterion: pro rata 100 : 200 : 0.01 of 100, rounded
    // down (33.33, 66.66, 0.00) with the leftover cent to the first part,
    // as `Money::allocate` does.
    let a = allocate_across_debts(usd("100"), &debts, None, MultiDebtRule::CivilCode560).unwrap();
    assert_eq!(show_multi(&a), ["a 33.34", "b 66.66"]);
    // The debtor's designation first.
    let names = ["c".to_owned(), "b".to_owned()];
    let a = allocate_across_debts(
        usd("250"),
        &debts,
        Some(&names),
        MultiDebtRule::CivilCode560,
    )
    .unwrap();
    assert_eq!(show_multi(&a), ["c 0.01", "b 200", "a 49.99"]);
    let names = ["zzz".to_owned()];
    let err = allocate_across_debts(usd("1"), &debts, Some(&names), MultiDebtRule::CivilCode560)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid `designation[0]` value `zzz`: no debt has this id"
    );
}

#[test]
fn disputed_debts_get_nothing_even_if_designated() {
    // Source: RULES.md §3 `us.reg_f.1006_30c`.
    let mut debts = [
        debt("disputed", true, 0, "0.3", d(1, 1), "100"),
        debt("ok", true, 0, "0.1", d(1, 1), "50"),
    ];
    debts[0].disputed = true;
    let names = ["disputed".to_owned()];
    let a = allocate_across_debts(usd("80"), &debts, Some(&names), MultiDebtRule::CivilCode560)
        .unwrap();
    assert_eq!(show_multi(&a), ["ok 50"]);
    assert_eq!(a.unapplied, usd("30"));
    assert_eq!(a.skipped, ["disputed"]);
}

#[test]
fn reg_z_pays_disputed_balances_last() {
    // Source: RULES.md §3 `us.reg_z.1026_53.disputed`: the disputed portion
    // gets money last (an issuer's rule, unlike Reg F 1006.30(c)).
    let mut debts = [
        debt("disputed", true, 0, "0.3", d(1, 1), "100"),
        debt("ok", true, 0, "0.1", d(1, 1), "50"),
    ];
    debts[0].disputed = true;
    let rule = MultiDebtRule::RegZHighestApr { minimum: usd("10") };
    // 80: the undisputed 50 first (though its APR is lower), then 30 of the
    // disputed 100.
    let a = allocate_across_debts(usd("80"), &debts, None, rule).unwrap();
    assert_eq!(show_multi(&a), ["ok 50", "disputed 30"]);
    assert_eq!(a.unapplied, usd("0"));
    assert!(a.skipped.is_empty());
    // 40 does not reach it.
    let a = allocate_across_debts(usd("40"), &debts, None, rule).unwrap();
    assert_eq!(show_multi(&a), ["ok 40"]);
    assert_eq!(a.skipped, ["disputed"]);
    // 200: both in full, 50 left over.
    let a = allocate_across_debts(usd("200"), &debts, None, rule).unwrap();
    assert_eq!(show_multi(&a), ["ok 50", "disputed 100"]);
    assert_eq!(a.unapplied, usd("50"));
}

#[test]
fn reg_z_minimum_lowest_first_excess_highest_first() {
    // Source: RULES.md §3 `us.reg_z.1026_53.excess_highest_apr` and
    // `.deferred_interest`.
    let mut promo = debt("promo", true, 0, "0.2599", d(9, 1), "300");
    promo.deferred_interest_expires_in_cycles = Some(6);
    let debts = [
        debt("purchase", true, 0, "0.1999", d(1, 1), "500"),
        debt("cash", true, 0, "0.2899", d(1, 1), "200"),
        promo.clone(),
    ];
    let rule = MultiDebtRule::RegZHighestApr { minimum: usd("50") };
    // Minimum 50 to the promo balance (0 % while deferred), excess 250:
    // cash 200, then purchase 50.
    let a = allocate_across_debts(usd("300"), &debts, None, rule).unwrap();
    assert_eq!(show_multi(&a), ["promo 50", "cash 200", "purchase 50"]);
    assert_eq!(a.rule, "us.reg_z.1026_53.excess_highest_apr");
    assert_eq!(a.status, RuleStatus::Verified);
    // Last two cycles before expiry: the excess goes to the promo first.
    let mut debts = debts;
    debts[2].deferred_interest_expires_in_cycles = Some(2);
    let a = allocate_across_debts(usd("300"), &debts, None, rule).unwrap();
    assert_eq!(show_multi(&a), ["promo 300"]);
    // A payment below the minimum is all minimum.
    let a = allocate_across_debts(usd("30"), &debts, None, rule).unwrap();
    assert_eq!(show_multi(&a), ["promo 30"]);
    // An expired deferral (no cycle left) is an ordinary 25.99 % balance:
    // the minimum to the lowest APR (purchase), the excess to cash first.
    let mut expired = debts.clone();
    expired[2].deferred_interest_expires_in_cycles = Some(0);
    let a = allocate_across_debts(usd("300"), &expired, None, rule).unwrap();
    assert_eq!(show_multi(&a), ["purchase 50", "cash 200", "promo 50"]);
    // `cash` is neither deferred nor secured: not a request Reg Z knows.
    let names = ["cash".to_owned()];
    assert!(allocate_across_debts(usd("30"), &debts, Some(&names), rule).is_err());
}

#[test]
fn multi_debt_errors() {
    let debts = [
        debt("a", true, 0, "0.1", d(1, 1), "1"),
        debt("a", true, 0, "0.1", d(1, 1), "1"),
    ];
    let err =
        allocate_across_debts(usd("1"), &debts, None, MultiDebtRule::CivilCode560).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid `debts[1].id` value `a`: duplicate debt id, already used by `debts[0]`"
    );
    let err = allocate_across_debts(usd("0"), &debts[..1], None, MultiDebtRule::CivilCode560)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid `payment` value `0 USD`: payment must be positive"
    );
    let mut neg = debts[0].clone();
    neg.outstanding = usd("-1");
    let err =
        allocate_across_debts(usd("1"), &[neg], None, MultiDebtRule::CivilCode560).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid `debts[0].outstanding` value `-1 USD`: outstanding amount must not be negative"
    );
    let rule = MultiDebtRule::RegZHighestApr {
        minimum: Money::new(Decimal::ONE, Currency::CNY),
    };
    let err = allocate_across_debts(usd("1"), &debts[..1], None, rule).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid `minimum` value `CNY`: not the payment's currency USD"
    );
    let mut yuan = debts[1].clone();
    yuan.id = "b".into();
    yuan.outstanding = Money::new(Decimal::ONE, Currency::CNY);
    let two = [debts[0].clone(), yuan];
    let err = allocate_across_debts(usd("1"), &two, None, MultiDebtRule::CivilCode560).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid `debts[1].outstanding` value `CNY`: not the payment's currency USD"
    );
    // A negative rate would rank a debt below every real one (review).
    let mut neg = debts[0].clone();
    neg.annual_rate = dec("-0.50");
    let err =
        allocate_across_debts(usd("1"), &[neg], None, MultiDebtRule::CivilCode560).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid `debts[0].annual_rate` value `-0.50`: annual rate must not be negative"
    );
    // Nothing is rounded: 10^28 less an owed 0.01 is refused.
    let cent = [debt("a", true, 0, "0.1", d(1, 1), "0.01")];
    let err = allocate_across_debts(
        usd("10000000000000000000000000000"),
        &cent,
        None,
        MultiDebtRule::CivilCode560,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "arithmetic overflow in subtract of `10000000000000000000000000000` and `0.01`"
    );
}

/// RULES.md §3 `us.reg_z.1026_53.deferred_interest`: "The issuer may follow
/// a consumer request instead. Secured balances may also follow a consumer
/// request." The request directs the excess over the minimum; the minimum
/// keeps its order.
#[test]
fn reg_z_follows_a_consumer_request_for_the_excess() {
    let mut promo = debt("promo", true, 0, "0.2699", d(6, 1), "500");
    promo.deferred_interest_expires_in_cycles = Some(6);
    let secured = debt("secured", true, 1, "0.0999", d(3, 1), "100");
    let debts = [
        debt("purchase", true, 0, "0.2499", d(6, 1), "500"),
        promo,
        secured,
    ];
    let rule = MultiDebtRule::RegZHighestApr { minimum: usd("50") };
    // No request: the minimum to the promo (0 % while deferred), the excess
    // 250 to the purchases (24.99 %).
    let a = allocate_across_debts(usd("300"), &debts, None, rule).unwrap();
    assert_eq!(show_multi(&a), ["promo 50", "purchase 250"]);
    // Asked for the promo: the excess goes there.
    let ask = |names: &[&str]| names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>();
    let a = allocate_across_debts(usd("300"), &debts, Some(&ask(&["promo"])), rule).unwrap();
    assert_eq!(show_multi(&a), ["promo 300"]);
    assert_eq!(a.rule, "us.reg_z.1026_53.excess_highest_apr");
    // The secured balance, then the promo, in the request's order; what is
    // left follows the APRs.
    let a =
        allocate_across_debts(usd("700"), &debts, Some(&ask(&["secured", "promo"])), rule).unwrap();
    assert_eq!(show_multi(&a), ["promo 500", "secured 100", "purchase 100"]);
    // A request for an ordinary balance is not the consumer's to make.
    let err =
        allocate_across_debts(usd("300"), &debts, Some(&ask(&["purchase"])), rule).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid `designation[0]` value `purchase`: under Reg Z a consumer's request may direct \
         the excess only to a deferred-interest or a secured balance"
    );
    let err = allocate_across_debts(usd("300"), &debts, Some(&ask(&["promo", "nope"])), rule)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid `designation[1]` value `nope`: no debt has this id"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn multi_debt_conserves(
        debts in prop::collection::vec((any::<bool>(), any::<bool>(), 0u32..3, 0i64..4, 0u32..3, 0i64..100_000, prop::option::of(0u32..5)), 0..6),
        cents in 1i64..500_000,
        reg_z in any::<bool>(),
        min_cents in 0i64..10_000,
    ) {
        let debts: Vec<Debt> = debts.into_iter().enumerate().map(|(i, (m, disp, sec, rate, mat, owed, def))| Debt {
            id: format!("d{i}"), matured: m, disputed: disp, security: sec,
            annual_rate: Decimal::new(rate, 1), maturity: d(1 + mat, 1),
            outstanding: Money::from_minor(owed, Currency::USD),
            deferred_interest_expires_in_cycles: def,
        }).collect();
        let payment = Money::from_minor(cents, Currency::USD);
        let rule = if reg_z {
            MultiDebtRule::RegZHighestApr { minimum: Money::from_minor(min_cents, Currency::USD) }
        } else {
            MultiDebtRule::CivilCode560
        };
        let a = allocate_across_debts(payment, &debts, None, rule).unwrap();
        let sum = Money::sum(Currency::USD, a.parts.iter().map(|(_, m)| m)).unwrap();
        prop_assert_eq!(sum.checked_add(a.unapplied).unwrap(), payment);
        let undisputed: Decimal = debts.iter().filter(|x| !x.disputed).map(|x| x.outstanding.amount()).sum();
        // Reg Z pays disputed balances last; Reg F never.
        let payable = if reg_z {
            debts.iter().map(|x| x.outstanding.amount()).sum()
        } else {
            undisputed
        };
        prop_assert_eq!(sum.amount(), payable.min(payment.amount()));
        let to_disputed: Decimal = a.parts.iter()
            .filter(|(id, _)| debts.iter().any(|x| &x.id == id && x.disputed))
            .map(|(_, m)| m.amount())
            .sum();
        // A disputed balance gets money only once every undisputed one is paid.
        prop_assert!(to_disputed.is_zero() || sum.amount() - to_disputed == undisputed);
        for (id, m) in &a.parts {
            let x = debts.iter().find(|x| &x.id == id).unwrap();
            prop_assert!(reg_z || !x.disputed);
            prop_assert!(m.is_positive() && m.amount() <= x.outstanding.amount());
        }
        for id in &a.skipped {
            let x = debts.iter().find(|x| &x.id == id).unwrap();
            prop_assert!(x.disputed && !a.parts.iter().any(|(p, _)| p == id));
        }
    }

    /// Any amounts, scales up to 28, either rule, any request: an answer
    /// conserves the payment to the last digit (nothing is rounded) and
    /// never pays a debt more than it owes; nothing panics.
    #[test]
    fn multi_debt_arbitrary_amounts_are_exact(
        debts in prop::collection::vec((any::<i64>(), 0u32..29, any::<bool>(), 0u32..3, prop::option::of(0u32..4), 0i64..5), 0..5),
        pay in any::<i64>(),
        pay_scale in 0u32..29,
        reg_z in any::<bool>(),
        min in any::<i64>(),
        min_scale in 0u32..29,
        ask in any::<u8>(),
    ) {
        let debts: Vec<Debt> = debts.into_iter().enumerate().map(|(i, (m, s, disp, sec, def, rate))| Debt {
            id: format!("d{i}"), matured: i % 2 == 0, disputed: disp, security: sec,
            annual_rate: Decimal::new(rate, 1), maturity: d(1 + (i as u32 % 3), 1),
            outstanding: Money::new(Decimal::new(m, s), Currency::USD),
            deferred_interest_expires_in_cycles: def,
        }).collect();
        let names: Vec<String> = debts.iter().enumerate().filter(|(i, _)| ask >> i & 1 == 1).map(|(_, x)| x.id.clone()).collect();
        let payment = Money::new(Decimal::new(pay, pay_scale), Currency::USD);
        let rule = if reg_z {
            MultiDebtRule::RegZHighestApr { minimum: Money::new(Decimal::new(min, min_scale), Currency::USD) }
        } else {
            MultiDebtRule::CivilCode560
        };
        if let Ok(a) = allocate_across_debts(payment, &debts, Some(&names), rule) {
            let out = a.parts.iter().map(|(_, m)| m.amount()).chain(std::iter::once(a.unapplied.amount()));
            prop_assert!(unaccounted(payment.amount(), out).is_zero());
            for (id, m) in &a.parts {
                let x = debts.iter().find(|x| &x.id == id).unwrap();
                prop_assert!(m.is_positive() && m.amount() <= x.outstanding.amount());
            }
        }
    }
}
