//! Schedules: the reference table, published annuity figures, due dates
//! and business days, equal principal, powers beyond a decimal.

use super::*;

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
