use super::*;
use crate::calendar::{BusinessDayConvention, DayCount, DueDateAdjustment, HolidayCalendar};
use crate::money::{Money, Rate};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap()
}

fn cny(s: &str) -> Money {
    Money::new(dec(s), Currency::CNY)
}

fn terms(principal: &str, pct: &str, method: RepaymentMethod, n: u32) -> LoanTerms {
    LoanTerms::new(
        "L-1",
        cny(principal),
        d(2026, 1, 10),
        Rate::from_percent(dec(pct)).unwrap(),
        method,
        n,
        d(2026, 2, 10),
    )
}

fn principal_sum(rows: &[Installment]) -> Decimal {
    rows.iter().map(|r| r.principal().amount()).sum()
}

/// Schedule figures. Independent sources:
/// - 5,307.27 and 6,861.11: the CNY 1,000,000 / 30-year / 4.9 % example that
///   Chinese bank mortgage calculators (e.g. 招商银行 and 中国银行 房贷计算器)
///   publish for 等额本息 and the first 等额本金 month.
/// - 1,199.10: the standard US $200,000 / 30-year / 6 % fixed mortgage
///   payment (any amortization calculator, e.g. the CFPB's or Excel
///   `PMT(0.005,360,-200000)` = 1199.1010503).
/// - 1,039.43 / 473.15 / last row: recomputed with Python `fractions`
///   (exact rational annuity formula, per-row half-up rounding), a separate
///   implementation from this crate's.
#[test]
fn schedule_table() {
    struct Case {
        name: &'static str,
        principal: &'static str,
        pct: &'static str,
        method: RepaymentMethod,
        n: u32,
        first: (&'static str, &'static str), // principal, interest of row 1
        last: (&'static str, &'static str),  // principal, interest of the last row
        total_interest: Option<&'static str>,
    }
    let cases = [
        Case {
            name: "annuity 1m 4.9% 30y",
            principal: "1000000",
            pct: "4.9",
            method: RepaymentMethod::EqualInstallment,
            n: 360,
            first: ("1223.94", "4083.33"),
            last: ("5283.62", "21.57"),
            total_interest: Some("910615.12"),
        },
        Case {
            name: "annuity 12k 7.2% 1y",
            principal: "12000",
            pct: "7.2",
            method: RepaymentMethod::EqualInstallment,
            n: 12,
            first: ("967.43", "72.00"),
            last: ("1033.22", "6.20"),
            total_interest: Some("473.15"),
        },
        Case {
            name: "equal principal 1m 4.9% 30y",
            principal: "1000000",
            pct: "4.9",
            method: RepaymentMethod::EqualPrincipal,
            n: 360,
            first: ("2777.78", "4083.33"),
            last: ("2776.98", "11.34"),
            total_interest: Some("737041.08"),
        },
        Case {
            name: "interest only 10k 12% 3m",
            principal: "10000",
            pct: "12",
            method: RepaymentMethod::InterestOnly,
            n: 3,
            first: ("0", "100.00"),
            last: ("10000", "100.00"),
            total_interest: Some("300.00"),
        },
        Case {
            name: "bullet 10k 12% 6m periodic",
            principal: "10000",
            pct: "12",
            method: RepaymentMethod::Bullet,
            n: 6,
            first: ("10000", "600.00"),
            last: ("10000", "600.00"),
            total_interest: Some("600.00"),
        },
        Case {
            name: "zero rate annuity",
            principal: "100",
            pct: "0",
            method: RepaymentMethod::EqualInstallment,
            n: 3,
            first: ("33.33", "0"),
            last: ("33.34", "0"),
            total_interest: Some("0"),
        },
    ];
    for c in cases {
        let rows = schedule(&terms(c.principal, c.pct, c.method, c.n)).unwrap();
        let first = &rows[0];
        let last = rows.last().unwrap();
        assert_eq!(
            first.principal().amount(),
            dec(c.first.0),
            "{}: first principal",
            c.name
        );
        assert_eq!(
            first.interest().amount(),
            dec(c.first.1),
            "{}: first interest",
            c.name
        );
        assert_eq!(
            last.principal().amount(),
            dec(c.last.0),
            "{}: last principal",
            c.name
        );
        assert_eq!(
            last.interest().amount(),
            dec(c.last.1),
            "{}: last interest",
            c.name
        );
        assert_eq!(
            principal_sum(&rows),
            dec(c.principal),
            "{}: principal column",
            c.name
        );
        assert!(last.closing_balance().is_zero(), "{}", c.name);
        if let Some(t) = c.total_interest {
            let total: Decimal = rows.iter().map(|r| r.interest().amount()).sum();
            assert_eq!(total, dec(t), "{}: total interest", c.name);
        }
    }
}

#[test]
fn annuity_payments_match_published_figures() {
    let rows = schedule(&terms(
        "1000000",
        "4.9",
        RepaymentMethod::EqualInstallment,
        360,
    ))
    .unwrap();
    assert!(rows[..359]
        .iter()
        .all(|r| r.payment().amount() == dec("5307.27")));
    let us = LoanTerms::new(
        "US-1",
        Money::new(dec("200000"), Currency::USD),
        d(2026, 1, 1),
        Rate::from_percent(dec("6")).unwrap(),
        RepaymentMethod::EqualInstallment,
        360,
        d(2026, 2, 1),
    );
    let rows = schedule(&us).unwrap();
    assert_eq!(rows[0].payment().amount(), dec("1199.10"));
    assert_eq!(rows[0].interest().amount(), dec("1000.00"));
}

#[test]
fn due_dates_come_from_the_anchor() {
    let t = LoanTerms::new(
        "L",
        cny("1200"),
        d(2023, 12, 31),
        Rate::ZERO,
        RepaymentMethod::EqualPrincipal,
        4,
        d(2024, 1, 31),
    );
    let dates: Vec<_> = schedule(&t)
        .unwrap()
        .iter()
        .map(Installment::due_date)
        .collect();
    // Clamped to month end, and back to the 31st after February.
    assert_eq!(
        dates,
        [
            d(2024, 1, 31),
            d(2024, 2, 29),
            d(2024, 3, 31),
            d(2024, 4, 30)
        ]
    );
    let weekly = t.clone().with_frequency(Frequency::BiWeekly);
    let dates: Vec<_> = schedule(&weekly)
        .unwrap()
        .iter()
        .map(Installment::due_date)
        .collect();
    assert_eq!(
        dates,
        [
            d(2024, 1, 31),
            d(2024, 2, 14),
            d(2024, 2, 28),
            d(2024, 3, 13)
        ]
    );
}

#[test]
fn due_dates_shift_to_business_days_but_interest_periods_do_not() {
    // 2026-05-10 is a Sunday, 2026-01-10 a Saturday.
    let t = terms("3000", "12", RepaymentMethod::EqualPrincipal, 4)
        .with_due_date_adjustment(DueDateAdjustment::new(
            BusinessDayConvention::Following,
            HolidayCalendar::weekends_only(),
        ))
        .with_interest_method(InterestMethod::DayCount)
        .with_day_count(DayCount::Act360);
    let rows = schedule(&t).unwrap();
    let dues: Vec<_> = rows.iter().map(Installment::due_date).collect();
    assert_eq!(
        dues,
        [
            d(2026, 2, 10),
            d(2026, 3, 10),
            d(2026, 4, 10),
            d(2026, 5, 11)
        ]
    );
    assert_eq!(rows[3].period_end(), d(2026, 5, 10));
    // 3000 × 12 % × 31 / 360 = 31.00 exactly (Jan 10 → Feb 10).
    assert_eq!(rows[0].interest().amount(), dec("31.00"));
    // 2250 × 12 % × 28 / 360 = 21.00 (Feb 10 → Mar 10).
    assert_eq!(rows[1].interest().amount(), dec("21.00"));
}

#[test]
fn bad_terms_are_named() {
    let cases: Vec<(LoanTerms, &str)> = vec![
        (terms("0", "5", RepaymentMethod::Bullet, 1), "invalid `loan.principal` value `0 CNY`: must be positive"),
        (terms("-5", "5", RepaymentMethod::Bullet, 1), "invalid `loan.principal` value `-5 CNY`: must be positive"),
        (terms("1.001", "5", RepaymentMethod::Bullet, 1), "invalid `loan.principal` value `1.001 CNY`: has more decimals than the currency's 2 minor-unit digits"),
        (terms("100", "5", RepaymentMethod::Bullet, 0), "invalid `loan.term` value `0`: must be between 1 and 1200 periods"),
        (
            LoanTerms::new("L", cny("100"), d(2026, 3, 1), Rate::ZERO, RepaymentMethod::Bullet, 1, d(2026, 2, 1)),
            "invalid `loan.first_due_date` value `2026-02-01`: must be after the disbursement date `2026-03-01`",
        ),
        (
            LoanTerms::new("", cny("100"), d(2026, 1, 1), Rate::ZERO, RepaymentMethod::Bullet, 1, d(2026, 2, 1)),
            "invalid `loan.id` value ``: must be 1 to 64 characters without control characters",
        ),
    ];
    for (t, msg) in cases {
        assert_eq!(Loan::new(t).unwrap_err().to_string(), msg);
    }
    // Trailing zeros are not extra decimals.
    let zeros = terms("1200.000", "0", RepaymentMethod::EqualPrincipal, 3);
    let rows = schedule(&zeros).unwrap();
    assert_eq!(rows[0].principal().amount(), dec("400.00"));
    let far = LoanTerms::new(
        "L",
        cny("100"),
        d(262_000, 1, 1),
        Rate::ZERO,
        RepaymentMethod::EqualPrincipal,
        1200,
        d(262_100, 1, 1),
    );
    assert!(matches!(Loan::new(far), Err(Error::DateOutOfRange { .. })));
}

fn overdue_loan() -> Loan {
    // 3 × 1000 principal, no interest, due 02-10, 03-10, 04-10.
    Loan::new(terms("3000", "0", RepaymentMethod::EqualPrincipal, 3)).unwrap()
}

#[test]
fn position_replays_payments_oldest_first() {
    let mut loan = overdue_loan();
    loan.record(Transaction::charge(
        "F1",
        d(2026, 2, 20),
        Component::Fee,
        cny("50"),
    ))
    .unwrap();
    loan.record(Transaction::repayment("P1", d(2026, 3, 1), cny("300")))
        .unwrap();
    let pos = loan.position(d(2026, 3, 15)).unwrap();
    let i1 = &pos.installments()[0];
    // The fee went on the overdue first installment and was paid first.
    assert_eq!(i1.due().get(Component::Fee), cny("50"));
    assert_eq!(i1.paid().get(Component::Fee), cny("50"));
    assert_eq!(i1.paid().get(Component::Principal), cny("250"));
    assert_eq!(i1.outstanding().get(Component::Principal), cny("750"));
    assert_eq!(i1.status(), InstallmentStatus::Overdue);
    assert_eq!(pos.installments()[1].status(), InstallmentStatus::Overdue);
    assert_eq!(pos.installments()[2].status(), InstallmentStatus::NotDue);
    assert_eq!(pos.overdue().total().unwrap(), cny("1750"));
    assert_eq!(pos.due().total().unwrap(), cny("2050"));
    assert_eq!(pos.outstanding().total().unwrap(), cny("2750"));
    assert_eq!(
        pos.oldest_overdue(Decimal::ZERO).map(|i| i.due_date()),
        Some(d(2026, 2, 10))
    );
    // On a due date the installment is Due, not overdue.
    let pos = loan.position(d(2026, 3, 10)).unwrap();
    assert_eq!(pos.installments()[1].status(), InstallmentStatus::Due);
}

#[test]
fn backdated_payment_and_reversal_rerun_the_replay() {
    let mut loan = overdue_loan();
    loan.record(Transaction::repayment("P2", d(2026, 3, 12), cny("1000")))
        .unwrap();
    // Before the backdated payment is known: first installment paid on 03-12.
    let pos = loan.position(d(2026, 3, 31)).unwrap();
    assert_eq!(pos.installments()[0].paid_off_on(), Some(d(2026, 3, 12)));
    // Backdate a payment to 02-10: it pays #1 on time, P2 then pays #2.
    loan.record(Transaction::repayment("P1", d(2026, 2, 10), cny("1000")))
        .unwrap();
    let pos = loan.position(d(2026, 3, 31)).unwrap();
    assert_eq!(pos.installments()[0].paid_off_on(), Some(d(2026, 2, 10)));
    assert_eq!(pos.installments()[1].paid_off_on(), Some(d(2026, 3, 12)));
    assert!(pos.overdue().is_zero());
    // The on-time payment bounces on 04-02: from then on it never happened.
    loan.record(Transaction::reversal("R1", d(2026, 4, 2), "P1"))
        .unwrap();
    let before = loan.position(d(2026, 4, 1)).unwrap();
    assert!(before.overdue().is_zero());
    let after = loan.position(d(2026, 4, 2)).unwrap();
    assert_eq!(after.installments()[0].paid_off_on(), Some(d(2026, 3, 12)));
    assert_eq!(after.overdue().total().unwrap(), cny("1000"));
}

/// RULES.md §4: a charge-off is undone only if no monetary transaction
/// followed it (one that was itself reversed does not count).
#[test]
fn a_charge_off_is_reversed_only_before_later_money() {
    let charge_off = |id: &str, day| Transaction::new(id, day, TxKind::ChargeOff);
    let mut loan = overdue_loan();
    loan.record(charge_off("CO", d(2026, 3, 1))).unwrap();
    loan.record(Transaction::repayment("P", d(2026, 3, 5), cny("100")))
        .unwrap();
    let err = loan
        .record(Transaction::reversal("R", d(2026, 3, 10), "CO"))
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidField { field, value, .. }
            if field == "transactions[R].of" && value == "CO"),
        "{err}"
    );
    assert!(err.to_string().contains("`P` on 2026-03-05"), "{err}");
    // The payment bounced, but only after the date of the undo: still in
    // effect then.
    let mut late = loan.clone();
    late.record(Transaction::reversal("RP", d(2026, 3, 20), "P"))
        .unwrap();
    assert!(late
        .record(Transaction::reversal("R", d(2026, 3, 10), "CO"))
        .is_err());
    // The payment bounced before it: the charge-off can be undone.
    loan.record(Transaction::reversal("RP", d(2026, 3, 6), "P"))
        .unwrap();
    loan.record(Transaction::reversal("R", d(2026, 3, 10), "CO"))
        .unwrap();
    // A payment before the charge-off does not block it.
    let mut loan = overdue_loan();
    loan.record(Transaction::repayment("P", d(2026, 2, 20), cny("100")))
        .unwrap();
    loan.record(charge_off("CO", d(2026, 3, 1))).unwrap();
    loan.record(Transaction::reversal("R", d(2026, 3, 2), "CO"))
        .unwrap();
}

#[test]
fn overpayment_goes_ahead_then_to_credit_and_waivers_are_bounded() {
    let mut loan = overdue_loan();
    loan.record(Transaction::repayment("P1", d(2026, 2, 1), cny("3500")))
        .unwrap();
    let pos = loan.position(d(2026, 2, 1)).unwrap();
    assert!(pos.outstanding().is_zero());
    assert_eq!(pos.credit(), cny("500"));
    let mut loan = overdue_loan();
    loan.record(Transaction::charge(
        "F1",
        d(2026, 3, 1),
        Component::Fee,
        cny("30"),
    ))
    .unwrap();
    loan.record(Transaction::waiver(
        "W1",
        d(2026, 3, 2),
        Component::Fee,
        cny("40"),
    ))
    .unwrap();
    let pos = loan.position(d(2026, 3, 2)).unwrap();
    assert_eq!(pos.waived().get(Component::Fee), cny("30"));
    assert_eq!(pos.unapplied_waivers(), cny("10"));
}

#[test]
fn bad_transactions_are_named() {
    let mut loan = overdue_loan();
    let usd = Money::new(dec("10"), Currency::USD);
    let cases = [
        (Transaction::repayment("P", d(2026, 3, 1), cny("-1")), "invalid `transactions[P].amount` value `-1 CNY`: must be positive"),
        (Transaction::repayment("P", d(2026, 3, 1), cny("0")), "invalid `transactions[P].amount` value `0 CNY`: must be positive"),
        (Transaction::repayment("P", d(2026, 3, 1), usd), "invalid `transactions[P].amount` value `10 USD`: currency differs from the account's `CNY`"),
        (Transaction::repayment("P", d(2025, 3, 1), cny("1")), "invalid `transactions[P].value_date` value `2025-03-01`: is before the account opened on `2026-01-10`"),
        (Transaction::repayment("P", d(2026, 3, 1), cny("0.001")), "invalid `transactions[P].amount` value `0.001 CNY`: has more decimals than the currency's 2 minor-unit digits"),
        (Transaction::reversal("R", d(2026, 3, 1), "NOPE"), "`transactions[R].of` refers to unknown transaction `NOPE`"),
        (
            Transaction::new("C", d(2026, 3, 1), TxKind::Charge { component: Component::Fee, amount: cny("1"), installment: Some(4), rule: None }),
            "invalid `transactions[C].installment` value `4`: no such installment; the schedule has 1..=3",
        ),
    ];
    for (tx, msg) in cases {
        assert_eq!(loan.record(tx).unwrap_err().to_string(), msg);
    }
    loan.record(Transaction::repayment("P", d(2026, 3, 1), cny("1")))
        .unwrap();
    assert!(loan
        .record(Transaction::repayment("P", d(2026, 3, 1), cny("1")))
        .is_err());
    assert!(loan
        .record(Transaction::reversal("R", d(2026, 2, 1), "P"))
        .is_err());
    loan.record(Transaction::reversal("R", d(2026, 3, 2), "P"))
        .unwrap();
    assert!(loan
        .record(Transaction::reversal("R2", d(2026, 3, 2), "P"))
        .is_err());
    assert!(loan
        .record(Transaction::reversal("R3", d(2026, 3, 2), "R"))
        .is_err());
}

#[test]
fn loan_serde_round_trip_validates() {
    let mut loan = overdue_loan();
    loan.record(Transaction::repayment("P1", d(2026, 2, 10), cny("1000")))
        .unwrap();
    let json = serde_json::to_string(&loan).unwrap();
    let back: Loan = serde_json::from_str(&json).unwrap();
    assert_eq!(back, loan);
    let bad = json.replace("\"term\":3", "\"term\":0");
    let err = serde_json::from_str::<Loan>(&bad).unwrap_err().to_string();
    assert!(err.contains("invalid `loan.term` value `0`"), "{err}");
}

#[test]
fn card_minimum_payments_and_position() {
    let bal = |p: &str, i: &str, f: &str| {
        let mut b = Breakdown::zero(Currency::CNY);
        b.set(Component::Principal, dec(p));
        b.set(Component::Interest, dec(i));
        b.set(Component::Fee, dec(f));
        b
    };
    let rule = MinimumPaymentRule::cn_typical();
    // 10 % of 10,000 spending + 120 interest + 0 fees = 1,120.
    let min = rule.minimum(&bal("10000", "120", "0")).unwrap();
    assert_eq!(min.total().unwrap(), cny("1120"));
    let us = MinimumPaymentRule::us_typical();
    // 1 % of 800 = 8 + 5 interest = 13, raised to the 25 floor.
    let min = us.minimum(&bal("800", "5", "0")).unwrap();
    assert_eq!(min.total().unwrap(), cny("25"));
    assert_eq!(min.get(Component::Principal), cny("20"));
    // Never above the balance.
    assert_eq!(
        us.minimum(&bal("10", "1", "0")).unwrap().total().unwrap(),
        cny("11")
    );

    let mut card = CardAccount::new(
        "C-1",
        cny("50000"),
        d(2025, 12, 1),
        Rate::from_daily(dec("0.0005"), crate::money::DayBasis::Days365).unwrap(),
    )
    .unwrap();
    card.add_statement(
        Statement::with_rule(d(2026, 1, 5), d(2026, 1, 25), bal("10000", "0", "0"), &rule).unwrap(),
    )
    .unwrap();
    card.add_statement(
        Statement::with_rule(
            d(2026, 2, 5),
            d(2026, 2, 25),
            bal("10000", "150", "0"),
            &rule,
        )
        .unwrap(),
    )
    .unwrap();
    card.record(Transaction::repayment("P1", d(2026, 1, 20), cny("600")))
        .unwrap();
    let pos = card.position(d(2026, 3, 1)).unwrap();
    // Minimum 1,000 of January: 600 paid, 400 unmet; DPD runs from 01-25.
    assert_eq!(
        pos.oldest_overdue(Decimal::ZERO).map(|i| i.due_date()),
        Some(d(2026, 1, 25))
    );
    assert_eq!(pos.overdue().total().unwrap(), cny("1550"));
    assert_eq!(card.balance(d(2026, 3, 1)).unwrap(), cny("10150"));
    card.record(Transaction::repayment("P2", d(2026, 3, 2), cny("2000")))
        .unwrap();
    let pos = card.position(d(2026, 3, 2)).unwrap();
    assert!(pos.overdue().is_zero());
    assert_eq!(pos.credit(), cny("450"));
    assert_eq!(card.balance(d(2026, 3, 2)).unwrap(), cny("8150"));
    assert!(Statement::new(
        d(2026, 1, 5),
        d(2026, 1, 5),
        bal("1", "0", "0"),
        bal("1", "0", "0")
    )
    .is_err());
    assert!(card
        .add_statement(
            Statement::with_rule(d(2026, 2, 1), d(2026, 2, 25), bal("1", "0", "0"), &rule).unwrap()
        )
        .is_err());
}

fn arb_terms() -> impl Strategy<Value = LoanTerms> {
    (
        1i64..10_000_000_000,
        0u32..5000,
        prop_oneof![
            Just(RepaymentMethod::EqualInstallment),
            Just(RepaymentMethod::EqualPrincipal),
            Just(RepaymentMethod::InterestOnly),
            Just(RepaymentMethod::Bullet)
        ],
        1u32..400,
        prop_oneof![
            Just(Frequency::Monthly),
            Just(Frequency::BiWeekly),
            Just(Frequency::Weekly)
        ],
        prop_oneof![
            Just(InterestMethod::Periodic),
            Just(InterestMethod::DayCount)
        ],
        1u32..60,
    )
        .prop_map(|(cents, bps, method, n, freq, im, gap)| {
            LoanTerms::new(
                "P",
                Money::from_minor(cents, Currency::CNY),
                d(2026, 1, 31),
                Rate::from_bps(Decimal::from(bps)).unwrap(),
                method,
                n,
                d(2026, 1, 31) + chrono::Days::new(u64::from(gap)),
            )
            .with_frequency(freq)
            .with_interest_method(im)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn principal_column_sums_to_principal(t in arb_terms()) {
        let rows = schedule(&t).unwrap();
        prop_assert_eq!(principal_sum(&rows), t.principal().amount());
        for r in &rows {
            prop_assert!(r.principal().amount() >= Decimal::ZERO);
            prop_assert!(r.interest().amount() >= Decimal::ZERO);
            prop_assert!(r.closing_balance().amount() >= Decimal::ZERO);
        }
        for w in rows.windows(2) {
            prop_assert!(w[0].due_date() < w[1].due_date());
        }
    }

    #[test]
    fn positions_never_negative_and_money_is_conserved(
        payments in prop::collection::vec((0u64..200, 1i64..500_000), 0..12),
        charges in prop::collection::vec((0u64..200, 1i64..10_000), 0..5),
        reverse in prop::collection::vec(any::<bool>(), 12),
        as_of in 0u64..240,
    ) {
        let mut loan = Loan::new(terms("3000", "12", RepaymentMethod::EqualInstallment, 6)).unwrap();
        let start = d(2026, 1, 10);
        for (i, (day, cents)) in payments.iter().enumerate() {
            loan.record(Transaction::repayment(&format!("P{i}"), start + chrono::Days::new(*day), Money::from_minor(*cents, Currency::CNY))).unwrap();
        }
        for (i, (day, cents)) in charges.iter().enumerate() {
            loan.record(Transaction::charge(&format!("C{i}"), start + chrono::Days::new(*day), Component::Fee, Money::from_minor(*cents, Currency::CNY))).unwrap();
        }
        for (i, (day, _)) in payments.iter().enumerate() {
            if reverse[i] {
                loan.record(Transaction::reversal(&format!("R{i}"), start + chrono::Days::new(day + 3), &format!("P{i}"))).unwrap();
            }
        }
        let as_of = start + chrono::Days::new(as_of);
        let pos = loan.position(as_of).unwrap();
        for i in pos.installments() {
            for c in Component::ALL {
                prop_assert!(i.outstanding().amount(c) >= Decimal::ZERO);
            }
        }
        // Every effective payment is either allocated or held as credit.
        let paid_in: Decimal = loan.ledger().effective(as_of).iter()
            .filter_map(|t| match t.kind() { TxKind::Repayment { amount } => Some(amount.amount()), _ => None })
            .sum();
        prop_assert_eq!(pos.paid().total().unwrap().amount() + pos.credit().amount(), paid_in);
    }

    #[test]
    fn constructors_never_panic(
        cents in any::<i64>(), bps in any::<u32>(), n in any::<u32>(), y in -300_000i32..300_000, gap in any::<u32>(), m in 0usize..4, f in 0usize..3,
    ) {
        let Some(start) = NaiveDate::from_ymd_opt(y, 1, 1) else { return Ok(()) };
        let first = start.checked_add_days(chrono::Days::new(u64::from(gap % 100_000))).unwrap_or(start);
        let Ok(rate) = Rate::from_bps(Decimal::from(bps)) else { return Ok(()) };
        let method = [RepaymentMethod::EqualInstallment, RepaymentMethod::EqualPrincipal, RepaymentMethod::InterestOnly, RepaymentMethod::Bullet][m];
        let freq = [Frequency::Monthly, Frequency::BiWeekly, Frequency::Weekly][f];
        let t = LoanTerms::new("X", Money::from_minor(cents, Currency::CNY), start, rate, method, n % 1300, first).with_frequency(freq);
        let _ = Loan::new(t.clone());
        let _ = Loan::new(t.with_interest_method(InterestMethod::DayCount));
    }
}

fn usd(s: &str) -> Money {
    Money::new(dec(s), Currency::USD)
}

fn principal_only(currency: Currency, amount: &str) -> Breakdown {
    let mut b = Breakdown::zero(currency);
    b.set(Component::Principal, dec(amount));
    b
}

/// Adds a statement dated `day`, due 24 days on, of `bal` principal with a
/// stated minimum of `min`.
fn stated(card: &mut CardAccount, day: NaiveDate, bal: &str, min: &str) {
    let (bal, min) = (
        principal_only(Currency::USD, bal),
        principal_only(Currency::USD, min),
    );
    let statement = Statement::new(day, day + chrono::Days::new(24), bal, min).unwrap();
    card.add_statement(statement).unwrap();
}

/// A USD card opened 2026-01-01 with statement 1: 2026-02-01, balance
/// 1,000.00, minimum 100.00, due 02-25.
fn usd_card() -> CardAccount {
    let mut card = CardAccount::new("C1", usd("5000.00"), d(2026, 1, 1), Rate::ZERO).unwrap();
    stated(&mut card, d(2026, 2, 1), "1000.00", "100.00");
    card
}

/// A card payment pays only the minimums of statements issued by its date
/// (found by a review): statement 1 (1,000.00, minimum 100.00, due 02-25)
/// paid in full on 02-20; statement 2 of 03-01 (500.00 of new purchases,
/// minimum 50.00, due 03-25) never paid. On 04-10 it is 16 days past due
/// (04-10 − 03-25) with 50.00 overdue; the 900.00 paid beyond statement
/// 1's minimum reduced the balance, it did not prepay statement 2.
#[test]
fn a_card_payment_does_not_prepay_a_later_statement() {
    let mut card = usd_card();
    card.record(Transaction::repayment("P1", d(2026, 2, 20), usd("1000.00")))
        .unwrap();
    stated(&mut card, d(2026, 3, 1), "500.00", "50.00");
    let pos = card.position(d(2026, 4, 10)).unwrap();
    let del = crate::delinquency::Delinquency::assess(
        &pos,
        &crate::delinquency::DelinquencyOptions::default(),
    );
    assert_eq!(del.days_past_due(), 16);
    assert_eq!(pos.overdue().total().unwrap(), usd("50.00"));
    assert_eq!(pos.credit(), usd("900.00"));
    // Paid after statement 2 was issued, a payment does pay its minimum.
    card.record(Transaction::repayment("P2", d(2026, 3, 2), usd("50.00")))
        .unwrap();
    let pos = card.position(d(2026, 4, 10)).unwrap();
    assert!(pos.overdue().is_zero());
}

/// An overpaid loan meets a later fee or chargeback from its credit (found
/// by a review; `ref.fineract.dpd_scope`: an overpaid loan has no
/// delinquency): CNY 3,000 等额本金 ×3 repaid with 3,500 on 01-20; a 20.00
/// fee on 03-10 leaves credit 480.00 and nothing overdue (it showed 88 days
/// past due); a 100.00 chargeback instead leaves credit 400.00.
#[test]
fn credit_pays_a_later_fee_or_chargeback() {
    let overpaid = || {
        let mut loan = Loan::new(LoanTerms::new(
            "L",
            cny("3000.00"),
            d(2026, 1, 1),
            Rate::ZERO,
            RepaymentMethod::EqualPrincipal,
            3,
            d(2026, 2, 1),
        ))
        .unwrap();
        loan.record(Transaction::repayment("P1", d(2026, 1, 20), cny("3500.00")))
            .unwrap();
        loan
    };
    let mut loan = overpaid();
    loan.record(Transaction::charge(
        "F1",
        d(2026, 3, 10),
        Component::Fee,
        cny("20.00"),
    ))
    .unwrap();
    let pos = loan.position(d(2026, 4, 30)).unwrap();
    assert_eq!(pos.credit(), cny("480.00"));
    assert!(pos.overdue().is_zero());
    assert!(pos.outstanding().is_zero());

    let mut loan = overpaid();
    loan.record(Transaction::chargeback(
        "CB",
        d(2026, 2, 10),
        cny("100.00"),
        None,
    ))
    .unwrap();
    let pos = loan.position(d(2026, 3, 15)).unwrap();
    assert_eq!(pos.credit(), cny("400.00"));
    assert!(pos.overdue().is_zero());

    // A chargeback above the credit leaves the rest owed, overdue from its
    // date on an installment not yet due.
    let mut loan = overpaid();
    loan.record(Transaction::chargeback(
        "CB",
        d(2026, 2, 10),
        cny("700.00"),
        Some(3),
    ))
    .unwrap();
    let pos = loan.position(d(2026, 3, 15)).unwrap();
    assert!(pos.credit().is_zero());
    assert_eq!(pos.overdue().total().unwrap(), cny("200.00"));
}

/// The schedule of `principal` at 0 %, 等额本金 over 360 months from
/// 2024-01-15.
fn equal_principal_360(principal: Money) -> Vec<Installment> {
    let t = LoanTerms::new(
        "E",
        principal,
        d(2024, 1, 15),
        Rate::ZERO,
        RepaymentMethod::EqualPrincipal,
        360,
        d(2024, 2, 15),
    );
    schedule(&t).unwrap()
}

/// 等额本金 never leaves principal-free rows (found by a review): CNY 100.00
/// over 360 months is 0.2777… a month; rounded up to 0.28 it ran out at
/// #358 (0.04, then 0.00, 0.00). Rounded down: 359 × 0.27 = 96.93 and a
/// last row of 3.07.
#[test]
fn equal_principal_has_no_empty_rows() {
    let rows = equal_principal_360(cny("100.00"));
    assert!(rows[..359].iter().all(|r| r.principal() == cny("0.27")));
    assert_eq!(rows[359].principal(), cny("3.07"));
    // Where rounding up leaves the last row its share, it is still used:
    // 1,000 / 3 = 333.33 × 2 and 333.34.
    let t = terms("1000", "0", RepaymentMethod::EqualPrincipal, 3);
    let rows = schedule(&t).unwrap();
    assert_eq!(rows[0].principal(), cny("333.33"));
    assert_eq!(rows[2].principal(), cny("333.34"));
}

/// A business-day adjustment that moves a due date to or before the
/// disbursement is refused (found by a review: disbursed Saturday
/// 2026-01-03, first due Sunday 01-04 moved back to Friday 01-02 made the
/// loan a day past due on the day it was paid out).
#[test]
fn an_adjusted_due_date_never_precedes_the_disbursement() {
    let t = LoanTerms::new(
        "L",
        cny("1000.00"),
        d(2026, 1, 3),
        Rate::ZERO,
        RepaymentMethod::EqualPrincipal,
        4,
        d(2026, 1, 4),
    )
    .with_frequency(Frequency::Weekly)
    .with_due_date_adjustment(DueDateAdjustment::new(
        BusinessDayConvention::Preceding,
        HolidayCalendar::weekends_only(),
    ));
    let err = Loan::new(t).unwrap_err();
    assert!(
        matches!(&err, Error::InvalidField { field, value, .. } if field == "loan.due_date[1]" && value == "2026-01-02"),
        "{err:?}"
    );
}

/// A card account read from a document is rebuilt through its constructors
/// (found by a review: a statement due before its date, a payment in EUR on
/// a USD card, a duplicate id and a negative payment were all taken).
#[test]
fn a_card_document_is_checked() {
    let mut card = usd_card();
    card.record(Transaction::repayment("P1", d(2026, 2, 20), usd("100.00")))
        .unwrap();
    let json = serde_json::to_string(&card).unwrap();
    let back: CardAccount = serde_json::from_str(&json).unwrap();
    assert_eq!(back, card);
    for (from, to, expect) in [
        (
            r#""due_date":"2026-02-25""#,
            r#""due_date":"2026-01-15""#,
            "statement.due_date",
        ),
        (
            r#""currency":"USD"}}}"#,
            r#""currency":"EUR"}}}"#,
            "transactions[P1].amount",
        ),
        (
            r#""amount":"100.00""#,
            r#""amount":"-100.00""#,
            "transactions[P1].amount",
        ),
    ] {
        let bad = json.replacen(from, to, 1);
        assert_ne!(bad, json, "{from}");
        let err = serde_json::from_str::<CardAccount>(&bad)
            .unwrap_err()
            .to_string();
        assert!(err.contains(expect), "{from}: {err}");
    }
}

/// A card chargeback goes on a statement issued by its date, so a payment
/// the next day clears it and a later look back sees the same history (a
/// review of the issued-minimums change: replayed after statement 2, a
/// 35.00 chargeback of 02-26 went on statement 2, which the 02-27 payment
/// could not reach, and showed 16 days past due on 04-10). A fee of 02-26
/// is billed by statement 2 and owes nothing by itself: the 02-27 payment
/// is beyond the minimums (`credit`), at both dates.
#[test]
fn a_card_chargeback_goes_on_an_issued_statement() {
    for chargeback in [false, true] {
        let mut card = usd_card();
        card.record(Transaction::repayment("P1", d(2026, 2, 20), usd("100.00")))
            .unwrap();
        let tx = if chargeback {
            Transaction::chargeback("CB", d(2026, 2, 26), usd("35.00"), None)
        } else {
            Transaction::charge("F1", d(2026, 2, 26), Component::Fee, usd("35.00"))
        };
        card.record(tx).unwrap();
        card.record(Transaction::repayment("P2", d(2026, 2, 27), usd("35.00")))
            .unwrap();
        stated(&mut card, d(2026, 3, 1), "935.00", "50.00");
        card.record(Transaction::repayment("P3", d(2026, 3, 20), usd("50.00")))
            .unwrap();
        let credit = if chargeback { "0.00" } else { "35.00" };
        for at in [d(2026, 2, 28), d(2026, 4, 10)] {
            let pos = card.position(at).unwrap();
            assert!(pos.outstanding().is_zero(), "{chargeback} {at}");
            assert_eq!(pos.credit(), usd(credit), "{chargeback} {at}");
        }
    }
}

/// 等额本金 with an exact multiple: CNY 359.00 over 360 months rounds to
/// 1.00 a month, which would leave the last row 0.00; rounded down, 359 ×
/// 0.99 = 355.41 and a last row of 3.59.
#[test]
fn equal_principal_exact_multiple_keeps_the_last_row() {
    let rows = equal_principal_360(cny("359.00"));
    assert_eq!(rows[0].principal(), cny("0.99"));
    assert_eq!(rows[359].principal(), cny("3.59"));
}

/// An annuity factor too large for `Decimal`, (1 + 1/12)^1200 ≈ 5e41
/// beyond its 7.9e28, once failed (naming the exponent left over by the
/// squaring loop, `1`, then the whole term): there 1/f is below a
/// `Decimal`'s last digit and the payment is P·r, 10^15 / 12 =
/// 83,333,333,333,333.33.
#[test]
fn annuity_beyond_a_decimal_power_schedules() {
    let terms = LoanTerms::new(
        "BIG",
        Money::new(Decimal::from(MAX_PRINCIPAL), Currency::CNY),
        d(2026, 1, 10),
        Rate::from_fraction(Decimal::ONE).unwrap(),
        RepaymentMethod::EqualInstallment,
        1200,
        d(2026, 2, 10),
    );
    let loan = Loan::new(terms).unwrap();
    let rows = loan.schedule();
    assert_eq!(rows[0].payment(), cny("83333333333333.33"));
    let total: Decimal = rows.iter().map(|r| r.principal().amount()).sum();
    assert_eq!(total, Decimal::from(MAX_PRINCIPAL));
}

mod card_order;
mod review;
mod schedule_review;
