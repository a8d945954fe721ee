use super::*;
use crate::loan::Breakdown;
use crate::money::{Currency, Money};
use proptest::prelude::*;
use rust_decimal::Decimal;
use Component::{Fee, Interest, Penalty, Principal};

fn d(m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, dd).unwrap()
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap()
}

fn usd(s: &str) -> Money {
    Money::new(dec(s), Currency::USD)
}

/// An installment owing `[penalty, fee, interest, principal]`.
fn rec(seq: u32, due: NaiveDate, owed: [&str; 4]) -> Receivable {
    let mut b = Breakdown::zero(Currency::USD);
    for (c, a) in Component::ALL.iter().zip(owed) {
        b.set(*c, dec(a));
    }
    Receivable {
        seq,
        due_date: due,
        outstanding: b,
    }
}

/// Parts as `"#seq due_type component amount"`.
fn show(a: &Allocation) -> Vec<String> {
    a.parts
        .iter()
        .map(|p| {
            format!(
                "#{} {} {} {}",
                p.seq,
                p.due_type,
                p.component.as_str(),
                p.amount.amount()
            )
        })
        .collect()
}

fn rules_for(groups: &[(DueType, [Component; 4])]) -> Vec<AllocationRule> {
    groups
        .iter()
        .flat_map(|(dt, cs)| cs.iter().map(|c| AllocationRule::new(*dt, *c)))
        .collect()
}

const PFIP: [Component; 4] = [Penalty, Fee, Interest, Principal];

/// Past-due and due rules only: future installments are left to the
/// overpayment mode.
fn no_advance(overpayment: Overpayment) -> Waterfall {
    let rules = rules_for(&[(DueType::PastDue, PFIP), (DueType::Due, PFIP)]);
    Waterfall::new(
        "test.no_advance",
        rules,
        Processing::Horizontal,
        FutureOrder::NextInstallment,
        overpayment,
    )
    .unwrap()
}

#[test]
fn rules_md_worked_example_both_ways() {
    // Source: RULES.md §3.1, advanced payment allocation example.
    let recs = [
        rec(1, d(1, 15), ["5", "0", "10", "90"]),
        rec(2, d(2, 15), ["0", "0", "10", "90"]),
    ];
    let h = Waterfall::mifos_standard();
    let a = allocate(usd("30"), d(3, 1), &recs, &h).unwrap();
    assert_eq!(
        show(&a),
        [
            "#1 past_due penalty 5",
            "#1 past_due interest 10",
            "#1 past_due principal 15"
        ]
    );
    assert_eq!(a.waterfall, "ref.fineract.mifos_standard");
    assert_eq!(a.status, RuleStatus::Verified);
    assert_eq!(a.applied, usd("30"));
    assert_eq!(a.overpayment, usd("0"));

    let v = h.with_processing(Processing::Vertical);
    let a = allocate(usd("30"), d(3, 1), &recs, &v).unwrap();
    assert_eq!(
        show(&a),
        [
            "#1 past_due penalty 5",
            "#1 past_due interest 10",
            "#2 past_due interest 10",
            "#1 past_due principal 5"
        ]
    );
}

#[test]
fn each_preset_has_its_id_status_and_order() {
    // One past-due and one in-advance installment owing 1, 2, 3, 4 of
    // penalty, fee, interest, principal; the payment covers both exactly.
    let recs = [
        rec(1, d(1, 15), ["1", "2", "3", "4"]),
        rec(2, d(4, 15), ["1", "2", "3", "4"]),
    ];
    type Case = (
        Waterfall,
        &'static str,
        RuleStatus,
        [Component; 4],
        [Component; 4],
    );
    let table: [Case; 7] = [
        (Waterfall::civil_code_561(), "cn.civil_code.art561", RuleStatus::Unverified,
            [Fee, Penalty, Interest, Principal], [Fee, Penalty, Interest, Principal]),
        (Waterfall::cn_bank_contract(), "cn.bank.contract_order", RuleStatus::Unverified,
            [Fee, Penalty, Interest, Principal], [Fee, Penalty, Interest, Principal]),
        (Waterfall::mifos_standard(), "ref.fineract.mifos_standard", RuleStatus::Verified,
            PFIP, PFIP),
        (Waterfall::principal_interest_penalties_fees(),
            "ref.fineract.principal_interest_penalties_fees", RuleStatus::Verified,
            [Principal, Interest, Penalty, Fee], [Principal, Interest, Penalty, Fee]),
        (Waterfall::interest_principal_penalties_fees(),
            "ref.fineract.interest_principal_penalties_fees", RuleStatus::Verified,
            [Interest, Principal, Penalty, Fee], [Interest, Principal, Penalty, Fee]),
        (Waterfall::due_penalty_fee_interest_principal_in_advance_principal_penalty_fee_interest(),
            "ref.fineract.due_penalty_fee_interest_principal_in_advance_principal_penalty_fee_interest",
            RuleStatus::Verified, PFIP, [Principal, Penalty, Fee, Interest]),
        (Waterfall::due_penalty_interest_principal_fee_in_advance_penalty_interest_principal_fee(),
            "ref.fineract.due_penalty_interest_principal_fee_in_advance_penalty_interest_principal_fee",
            RuleStatus::Verified,
            [Penalty, Interest, Principal, Fee], [Penalty, Interest, Principal, Fee]),
    ];
    for (w, id, status, past, adv) in table {
        assert_eq!(w.id(), id);
        assert_eq!(w.status(), status, "{id}");
        assert!(w.citation().is_some(), "{id}");
        assert_eq!(w.rules().len(), 12, "{id}");
        let a = allocate(usd("20"), d(3, 1), &recs, &w).unwrap();
        let amount = |c: Component| Component::ALL.iter().position(|x| *x == c).unwrap() + 1;
        let mut want: Vec<String> = past
            .iter()
            .map(|c| format!("#1 past_due {} {}", c.as_str(), amount(*c)))
            .collect();
        want.extend(
            adv.iter()
                .map(|c| format!("#2 in_advance {} {}", c.as_str(), amount(*c))),
        );
        assert_eq!(show(&a), want, "{id}");
        assert_eq!(a.waterfall, id);
        assert_eq!(a.overpayment, usd("0"));
    }
    assert_eq!(Waterfall::presets().len(), 8);
}

/// RULES.md §3.1 `rbi-india-strategy`: "overdue/due fee and interest, then
/// principal". Hand-worked: #1 past due owes penalty 5, fee 2, interest 10,
/// principal 100; #2 due owes fee 3, interest 10, principal 100; #3 in
/// advance owes interest 10, principal 100. 150 pays every charge and all
/// interest of #1 and #2 (5 + 2 + 10 + 3 + 10 = 30), then #1's principal
/// (100), then 20 of #2's; #3 takes nothing. 260 leaves 30 as credit.
#[test]
fn rbi_india_pays_charges_and_interest_before_principal() {
    let w = Waterfall::rbi_india();
    assert_eq!(w.id(), "ref.fineract.rbi_india");
    assert_eq!(w.status(), RuleStatus::Unverified);
    assert_eq!(w.processing(), Processing::Vertical);
    assert!(Waterfall::presets().contains(&w));
    let recs = [
        rec(1, d(2, 15), ["5", "2", "10", "100"]),
        rec(2, d(3, 1), ["0", "3", "10", "100"]),
        rec(3, d(4, 1), ["0", "0", "10", "100"]),
    ];
    let a = allocate(usd("150"), d(3, 1), &recs, &w).unwrap();
    assert_eq!(
        show(&a),
        [
            "#1 past_due penalty 5",
            "#1 past_due fee 2",
            "#1 past_due interest 10",
            "#2 due fee 3",
            "#2 due interest 10",
            "#1 past_due principal 100",
            "#2 due principal 20",
        ]
    );
    let a = allocate(usd("260"), d(3, 1), &recs, &w).unwrap();
    assert_eq!(a.applied, usd("230"));
    assert_eq!(a.overpayment, usd("30"));
}

#[test]
fn due_type_boundaries() {
    let v = d(3, 15);
    assert_eq!(DueType::classify(d(3, 14), v), DueType::PastDue);
    assert_eq!(DueType::classify(d(3, 15), v), DueType::Due);
    assert_eq!(DueType::classify(d(3, 16), v), DueType::InAdvance);
    // Through `allocate`: past due, then due, then in advance, regardless of
    // input order.
    let recs = [
        rec(3, d(3, 16), ["0", "0", "0", "10"]),
        rec(2, d(3, 15), ["0", "0", "0", "10"]),
        rec(1, d(3, 14), ["0", "0", "0", "10"]),
    ];
    let a = allocate(usd("25"), v, &recs, &Waterfall::mifos_standard()).unwrap();
    assert_eq!(
        show(&a),
        [
            "#1 past_due principal 10",
            "#2 due principal 10",
            "#3 in_advance principal 5"
        ]
    );
}

#[test]
fn ties_on_due_date_go_by_seq() {
    let recs = [
        rec(7, d(1, 1), ["0", "0", "0", "10"]),
        rec(4, d(1, 1), ["0", "0", "0", "10"]),
    ];
    let a = allocate(usd("15"), d(2, 1), &recs, &Waterfall::mifos_standard()).unwrap();
    assert_eq!(
        show(&a),
        ["#4 past_due principal 10", "#7 past_due principal 5"]
    );
}

#[test]
fn future_orders() {
    let recs = [
        rec(1, d(4, 1), ["0", "0", "0", "100"]),
        rec(2, d(5, 1), ["0", "0", "0", "100"]),
        rec(3, d(6, 1), ["0", "0", "0", "5"]),
    ];
    let w = Waterfall::mifos_standard();
    let run = |order: FutureOrder, pay: &str| {
        let w = w.clone().with_future_order(order);
        show(&allocate(usd(pay), d(3, 1), &recs, &w).unwrap())
    };
    assert_eq!(
        run(FutureOrder::NextInstallment, "150"),
        ["#1 in_advance principal 100", "#2 in_advance principal 50"]
    );
    assert_eq!(
        run(FutureOrder::LastInstallment, "150"),
        [
            "#3 in_advance principal 5",
            "#2 in_advance principal 100",
            "#1 in_advance principal 45"
        ]
    );
    // 100.01 / 3 = 33.33, 33.33 and 33.35 on the last; #3 takes only 5, so
    // the 28.35 left is split again over #1 and #2: 14.17 and 14.18.
    assert_eq!(
        run(FutureOrder::Reamortization, "100.01"),
        [
            "#1 in_advance principal 47.50",
            "#2 in_advance principal 47.51",
            "#3 in_advance principal 5"
        ]
    );
    // Less than one cent per installment: the remainder lands on the last.
    assert_eq!(
        run(FutureOrder::Reamortization, "0.02"),
        ["#3 in_advance principal 0.02"]
    );
    // More than everything: each is paid in full, the rest is credit.
    let w = w.clone().with_future_order(FutureOrder::Reamortization);
    let a = allocate(usd("300"), d(3, 1), &recs, &w).unwrap();
    assert_eq!(a.applied, usd("205"));
    assert_eq!(a.overpayment, usd("95"));
}

#[test]
fn overpayment_modes() {
    let recs = [
        rec(1, d(2, 1), ["0", "0", "10", "90"]),
        rec(2, d(4, 1), ["0", "0", "10", "90"]),
        rec(3, d(5, 1), ["0", "0", "0", "90"]),
    ];
    let run = |mode| allocate(usd("200"), d(3, 1), &recs, &no_advance(mode)).unwrap();

    let a = run(Overpayment::CreditBalance);
    assert_eq!(
        show(&a),
        ["#1 past_due interest 10", "#1 past_due principal 90"]
    );
    assert_eq!((a.applied, a.overpayment), (usd("100"), usd("100")));

    let a = run(Overpayment::PrepayNext);
    assert_eq!(
        show(&a)[2..],
        ["#2 in_advance principal 90", "#3 in_advance principal 10"]
    );
    assert_eq!((a.applied, a.overpayment), (usd("200"), usd("0")));

    let a = run(Overpayment::ReduceTerm);
    assert_eq!(
        show(&a)[2..],
        ["#3 in_advance principal 90", "#2 in_advance principal 10"]
    );

    // Future interest is never prepaid: the rest stays credit.
    let a = allocate(
        usd("400"),
        d(3, 1),
        &recs,
        &no_advance(Overpayment::PrepayNext),
    )
    .unwrap();
    assert_eq!((a.applied, a.overpayment), (usd("280"), usd("120")));

    // With in-advance rules everything is paid first; the rest is credit.
    let w = Waterfall::mifos_standard().with_overpayment(Overpayment::ReduceTerm);
    let a = allocate(usd("400"), d(3, 1), &recs, &w).unwrap();
    assert_eq!((a.applied, a.overpayment), (usd("290"), usd("110")));
}

#[test]
fn nothing_owed_is_all_credit() {
    let a = allocate(usd("12.34"), d(3, 1), &[], &Waterfall::civil_code_561()).unwrap();
    assert!(a.parts.is_empty());
    assert_eq!((a.applied, a.overpayment), (usd("0"), usd("12.34")));
}

#[test]
fn allocate_errors() {
    let w = Waterfall::mifos_standard();
    let recs = [rec(1, d(1, 1), ["0", "0", "0", "10"])];
    let msg = |p: Money, r: &[Receivable]| allocate(p, d(2, 1), r, &w).unwrap_err().to_string();
    assert_eq!(
        msg(usd("0"), &recs),
        "invalid `payment` value `0 USD`: payment must be positive"
    );
    assert_eq!(
        msg(usd("-1"), &recs),
        "invalid `payment` value `-1 USD`: payment must be positive"
    );
    assert_eq!(
        msg(Money::new(Decimal::ONE, Currency::CNY), &recs),
        "invalid `receivables[0].outstanding` value `USD`: not the payment's currency CNY"
    );
    let bad = [recs[0], rec(2, d(1, 2), ["0", "0", "-0.01", "0"])];
    assert_eq!(
        msg(usd("1"), &bad),
        "invalid `receivables[1].outstanding.interest` value `-0.01`: \
         outstanding amount must not be negative"
    );
}

#[test]
fn validation_lists_every_problem() {
    let mut rules = rules_for(&[(DueType::PastDue, PFIP)]);
    rules.push(AllocationRule::new(DueType::PastDue, Interest));
    rules.push(AllocationRule::new(DueType::Due, Penalty));
    rules.push(AllocationRule::new(DueType::Due, Fee));
    rules.push(AllocationRule::new(DueType::InAdvance, Principal));
    let err = Waterfall::new(
        " ",
        rules,
        Processing::Vertical,
        FutureOrder::NextInstallment,
        Overpayment::CreditBalance,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid policy: `id` = ` `: waterfall id must not be empty; \
         `rules[4]` = `past_due_interest`: duplicate rule `past_due_interest`, already at `rules[2]`; \
         `rules` = `8 rules`: missing rules `due_interest`, `due_principal`, `in_advance_penalty`, \
         `in_advance_fee`, `in_advance_interest`: every component must appear for `past_due` and \
         `due`, and for `in_advance` if any `in_advance` rule is given"
    );
    assert!(matches!(err, Error::InvalidPolicy { ref problems } if problems.len() == 3));
}

#[test]
fn serde_round_trip_of_every_preset() {
    for w in Waterfall::presets() {
        let json = serde_json::to_string(&w).unwrap();
        let back: Waterfall = serde_json::from_str(&json).unwrap();
        assert_eq!(back, w, "{json}");
    }
    let json = serde_json::to_value(Waterfall::cn_bank_contract()).unwrap();
    assert_eq!(json["status"], "unverified");
    assert_eq!(
        json["rules"][0],
        serde_json::json!({"due_type": "past_due", "component": "fee"})
    );
    assert_eq!(json["processing"], "horizontal");
    assert_eq!(json["future_order"], "next_installment");
    assert_eq!(json["overpayment"], "credit_balance");
}

#[test]
fn bad_waterfall_fails_to_deserialize() {
    let doc = r#"{"id": "x", "rules": [{"due_type": "due", "component": "fee"}],
        "processing": "vertical", "future_order": "reamortization", "overpayment": "reduce_term"}"#;
    let err = serde_json::from_str::<Waterfall>(doc)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("invalid policy: `rules` = `1 rules`: missing rules `past_due_penalty`"),
        "{err}"
    );
    let unknown = r#"{"id": "x", "rules": [], "processing": "vertical",
        "future_order": "reamortization", "overpayment": "reduce_term", "extra": 1}"#;
    assert!(serde_json::from_str::<Waterfall>(unknown)
        .unwrap_err()
        .to_string()
        .contains("unknown field"));
    // A minimal valid document: status defaults to unverified.
    let rules = serde_json::to_string(&rules_for(&[
        (DueType::PastDue, PFIP),
        (DueType::Due, PFIP),
    ]))
    .unwrap();
    let ok = format!(
        r#"{{"id": "x", "rules": {rules}, "processing": "vertical",
        "future_order": "last_installment", "overpayment": "prepay_next"}}"#
    );
    let w: Waterfall = serde_json::from_str(&ok).unwrap();
    assert_eq!(w.status(), RuleStatus::Unverified);
    assert_eq!(w.overpayment(), Overpayment::PrepayNext);
}

#[test]
fn public_types_are_send_sync() {
    fn check<T: Send + Sync>() {}
    check::<Waterfall>();
    check::<Allocation>();
    check::<MultiDebtAllocation>();
    check::<Debt>();
}

/// `applied − Σ parts`, one exact subtraction at a time: zero iff the
/// parts sum to what was applied (a subtraction `Decimal` would round
/// fails the test).
fn unaccounted(applied: Decimal, parts: impl Iterator<Item = Decimal>) -> Decimal {
    parts.fold(applied, |r, p| {
        crate::allocation::exact_sub(r, p).expect("exact")
    })
}

mod multi;
mod props;
