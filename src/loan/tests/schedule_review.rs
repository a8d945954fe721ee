//! Schedule cases from the review of the calendar and schedules
//! (2026-11-28), each with its figures worked independently.

use super::*;
use crate::calendar::DayCount;
use crate::loan::Frequency;
use crate::loan::InterestMethod;

/// `principal` CNY at `percent` % a year over `term` monthly periods from
/// 2026-01-10, the first due 2026-02-10.
fn terms(principal: i64, percent: Decimal, term: u32) -> LoanTerms {
    terms_from(principal, percent, term, d(2026, 2, 10))
}

fn terms_from(principal: i64, percent: Decimal, term: u32, first: NaiveDate) -> LoanTerms {
    LoanTerms::new(
        "S",
        Money::new(Decimal::from(principal), Currency::CNY),
        d(2026, 1, 10),
        Rate::from_percent(percent).unwrap(),
        RepaymentMethod::EqualInstallment,
        term,
        first,
    )
}

/// 等额本息 with day-count interest sized its payment on the periodic rate
/// and charged actual days: CNY 1,000,000 at 4.9 % over 360 months on
/// Act/360 paid 5,307.27 a month and 40,826.25 at the end. The payment now
/// brings the balance to zero over the schedule's own periods: P / Σ Dₖ =
/// 5,350.1717… → 5,350.17, and the last row 5,351.63 (the rows' rounded
/// interest). Python with `fractions` (the exact sum of discount factors
/// over the 360 actual periods) and `decimal` (each row's interest rounded
/// half-up: #1 1,000,000 × 0.049 × 31 / 360 = 4,219.44).
#[test]
fn equal_installments_on_a_day_count_are_equal() {
    let t =
        terms(1_000_000, Decimal::new(49, 1), 360).with_interest_method(InterestMethod::DayCount);
    let rows = schedule(&t).unwrap();
    let pay = |k: usize| rows[k].payment().amount();
    assert_eq!(pay(0), dec("5350.17"));
    assert_eq!(rows[0].interest().amount(), dec("4219.44"));
    assert_eq!(rows[0].principal().amount(), dec("1130.73"));
    assert!(rows[..359].iter().all(|r| r.payment().amount() == pay(0)));
    assert_eq!(pay(359), dec("5351.63"));
    let total: Decimal = rows.iter().map(|r| r.principal().amount()).sum();
    assert_eq!(total, Decimal::from(1_000_000));
}

/// Rates and terms that validation accepts but whose `(1 + r)^n` is beyond
/// a `Decimal` failed with an overflow naming no field; there the payment
/// is P·r to full precision. Python `decimal` (50 digits): 1,000,000 at
/// 400 % over 360 months: r = 1/3, f = 9.5e44, P·r / (1 − 1/f) =
/// 333,333.33; 10,000 at 100 % over 1,200 months: f = 5.2e41, 833.33.
#[test]
fn an_annuity_beyond_a_decimal_power_is_p_times_r() {
    let rows = schedule(&terms(1_000_000, Decimal::from(400), 360)).unwrap();
    assert_eq!(rows[0].payment().amount(), dec("333333.33"));
    let rows = schedule(&terms(10_000, Decimal::from(100), 1200)).unwrap();
    assert_eq!(rows[0].payment().amount(), dec("833.33"));
    let total: Decimal = rows.iter().map(|r| r.principal().amount()).sum();
    assert_eq!(total, Decimal::from(10_000));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// 等额本息 on any day count and any first period: every payment but the
    /// last is the level, or the row's interest where that is more (a long
    /// period that owes more than the level pays its interest only); the
    /// last differs from the level by no more than the rows' rounding, and
    /// the principal sums to the loan's.
    #[test]
    fn day_count_equal_installments_end_near_the_level(
        principal in 1_000i64..10_000_000,
        rate_bp in 0i64..3_600,
        term in 1u32..480,
        dc in 0usize..7,
        weekly in any::<bool>(),
        first_days in 5u64..90,
    ) {
        let day_count = DayCount::ALL[dc];
        let rate = Decimal::new(rate_bp, 2);
        let first = d(2026, 1, 10) + chrono::Days::new(first_days);
        let t = terms_from(principal, rate, term, first);
        let t = if weekly { t.with_frequency(Frequency::Weekly) } else { t }
            .with_interest_method(InterestMethod::DayCount)
            .with_day_count(day_count);
        let rows = schedule(&t).unwrap();
        let last = rows[rows.len() - 1].payment().amount();
        let body = &rows[..rows.len() - 1];
        let level = body.iter().map(|r| r.payment().amount()).min().unwrap_or(last);
        // A long period early on can owe more interest than the level pays
        // (31 days of a loan whose level barely covers its interest): that
        // row pays its interest only.
        for r in body {
            prop_assert!(
                r.payment().amount() == level
                    || (r.principal().is_zero() && r.interest().amount() > level),
                "#{} pays {} (level {})", r.seq(), r.payment().amount(), level
            );
        }
        // Each row's rounding (payment and interest, a minor unit at most)
        // leaves the balance short by that much, growing at the period's
        // rate to the end: at most 0.01 × n × (1 + r)^n, r the longest
        // period's rate (9 days of 360 for a 30/360 week, 31 for a month).
        let days = if weekly { 9 } else { 31 };
        let r = rate / Decimal::from(100) * Decimal::from(days) / Decimal::from(360);
        let growth = (0..term).fold(Decimal::ONE, |g, _| g * (Decimal::ONE + r));
        let bound = Decimal::new(1, 2) * Decimal::from(term) * growth;
        prop_assert!((last - level).abs() <= bound, "level {} last {} bound {}", level, last, bound);
        let total: Decimal = rows.iter().map(|r| r.principal().amount()).sum();
        prop_assert_eq!(total, Decimal::from(principal));
    }
}

/// A due date past chrono's calendar named `due_date[7]` and the first due
/// date as its value, which read as if due date 7 were that date.
#[test]
fn a_due_date_past_the_calendar_names_the_loan_field_and_its_periods() {
    let first = NaiveDate::from_ymd_opt(262_142, 7, 31).unwrap();
    let e = schedule(&terms_from(1_000, Decimal::from(5), 12, first)).unwrap_err();
    assert_eq!(
        e.to_string(),
        Error::date_out_of_range("loan.due_date[7]", "+262142-07-31 + 6 months").to_string()
    );
    assert!(e.to_string().contains("loan.due_date[7]"), "{e}");
}

/// Under a preceding convention two due dates may land on one day too; one
/// moved onto the disbursement date is still refused, naming it. (A due
/// date moved before the previous one, the check's other half, cannot
/// come of a monotone adjustment; it stays as a guard.)
#[test]
fn preceding_due_dates_may_share_a_day_but_not_the_disbursement() {
    use crate::calendar::{BusinessDayConvention, DueDateAdjustment, HolidayCalendar};
    use chrono::Weekday;
    // Weekly from Wed 2025-09-17; 24 September to 1 October closed: under
    // preceding, 24 Sep and 1 Oct both go back to Tue 23 Sep, 1 Oct
    // landing on the previous due date.
    let calendar = HolidayCalendar::new(
        "x",
        [Weekday::Sat, Weekday::Sun],
        (24..=30).map(|dd| d(2025, 9, dd)).chain([d(2025, 10, 1)]),
        [],
    )
    .unwrap();
    let weekly = |first| {
        LoanTerms::new(
            "P",
            Money::new(Decimal::from(1_000), Currency::CNY),
            d(2025, 9, 10),
            Rate::ZERO,
            RepaymentMethod::EqualInstallment,
            4,
            first,
        )
        .with_frequency(Frequency::Weekly)
        .with_due_date_adjustment(DueDateAdjustment::new(
            BusinessDayConvention::Preceding,
            calendar.clone(),
        ))
    };
    // Two dates on one day are allowed (both 23 Sep); none goes back past
    // the one before it here.
    let rows = schedule(&weekly(d(2025, 9, 17))).unwrap();
    assert_eq!(rows[1].due_date(), d(2025, 9, 23));
    assert_eq!(rows[2].due_date(), d(2025, 9, 23));
    // A first due date that goes back onto the disbursement date.
    let shifted = LoanTerms::new(
        "P",
        Money::new(Decimal::from(1_000), Currency::CNY),
        d(2025, 9, 23),
        Rate::ZERO,
        RepaymentMethod::EqualInstallment,
        4,
        d(2025, 9, 24),
    )
    .with_frequency(Frequency::Weekly)
    .with_due_date_adjustment(DueDateAdjustment::new(
        BusinessDayConvention::Preceding,
        calendar,
    ));
    let e = schedule(&shifted).unwrap_err().to_string();
    assert!(
        e.contains("loan.due_date[1]") && e.contains("the disbursement date"),
        "{e}"
    );
}

/// A review of the day-count payment: a first period of 75 days owes more
/// interest than the level pays, so that row pays its interest only, and
/// the level was solved as if it added the difference to the balance: rows
/// 2–119 paid 2,816.00 and the last 2,184.70. Solved over rows 2..n (row 1
/// paying its interest, 3,159.25), the level is 2,812.14 and the last row
/// 2,811.57 (the reviewer's Python amortisation with `fractions`).
#[test]
fn a_long_first_period_pays_its_interest_and_the_rest_is_level() {
    let t = LoanTerms::new(
        "S",
        Money::new(Decimal::from(250_000), Currency::CNY),
        d(2026, 1, 15),
        Rate::from_percent(dec("6.15")).unwrap(),
        RepaymentMethod::EqualInstallment,
        120,
        d(2026, 3, 31),
    )
    .with_interest_method(InterestMethod::DayCount)
    .with_day_count(DayCount::Act365Fixed);
    let rows = schedule(&t).unwrap();
    assert_eq!(rows[0].interest().amount(), dec("3159.25"));
    assert!(rows[0].principal().is_zero());
    assert!(rows[1..119]
        .iter()
        .all(|r| r.payment().amount() == dec("2812.14")));
    assert_eq!(rows[119].payment().amount(), dec("2811.57"));
}

/// Round 2 of the review of the fixes: at 36 % over 480 months with a
/// 90-day first period the level and its interest-only rows took 12
/// rounds to agree, and after 8 the bisection gave 2,924.84 with a last
/// row of 57.86; the reviewer's exact-fraction amortisation gives a level
/// of 2,924.59 and a last row of 2,967.07.
#[test]
fn a_long_high_rate_loan_finds_its_level() {
    let t = LoanTerms::new(
        "S",
        Money::new(Decimal::from(100_000), Currency::CNY),
        d(2026, 1, 10),
        Rate::from_percent(Decimal::from(36)).unwrap(),
        RepaymentMethod::EqualInstallment,
        480,
        d(2026, 4, 10),
    )
    .with_interest_method(InterestMethod::DayCount);
    let rows = schedule(&t).unwrap();
    let level = rows
        .iter()
        .filter(|r| !r.principal().is_zero())
        .map(|r| r.payment().amount())
        .min()
        .unwrap();
    assert_eq!(level, dec("2924.59"));
    assert_eq!(rows[479].payment().amount(), dec("2967.07"));
}

/// Round 3 of the review of the fixes: at 200 % and 400 % over 360 months
/// and 200 % or 100 % over 480 (Act/360, CNY 10,000) a trial level ran the
/// balance below zero until it overflowed, so the schedule was an error;
/// the exact levels exist (the reviewer's fractions: 3,111.70 at 400 % over
/// 360 months, 1,557.38 at 200 % over 480: every amortising row but the
/// last pays it, the first 320 and 417 rows paying their interest only).
/// And dividing the rate by the
/// basis first moved an exact half-cent level below its tie: 100.50 at 12 %
/// over 2 months on 30/360 is 100.50 × 1.01² / 2.01 = 51.005 → 51.01 a row
/// (it gave 51.00 and 51.02).
#[test]
fn high_rates_schedule_and_a_tie_rounds_as_the_exact_level() {
    for (pct, n, level) in [
        (400, 360, Some("3111.70")),
        (200, 480, Some("1557.38")),
        (200, 360, None),
        (100, 480, None),
    ] {
        let t = terms(10_000, Decimal::from(pct), n).with_interest_method(InterestMethod::DayCount);
        let rows = schedule(&t).unwrap_or_else(|e| panic!("{pct} % over {n}: {e}"));
        if let Some(level) = level {
            let body = &rows[..rows.len() - 1];
            let amortising: Vec<Decimal> = body
                .iter()
                .filter(|r| !r.principal().is_zero())
                .map(|r| r.payment().amount())
                .collect();
            assert!(
                amortising.iter().all(|a| *a == dec(level)),
                "{pct} % over {n}"
            );
        }
    }
    let t = LoanTerms::new(
        "T",
        Money::new(dec("100.50"), Currency::CNY),
        d(2026, 1, 10),
        Rate::from_percent(Decimal::from(12)).unwrap(),
        RepaymentMethod::EqualInstallment,
        2,
        d(2026, 2, 10),
    )
    .with_interest_method(InterestMethod::DayCount)
    .with_day_count(DayCount::Thirty360BondBasis);
    let pays: Vec<Decimal> = schedule(&t)
        .unwrap()
        .iter()
        .map(|r| r.payment().amount())
        .collect();
    assert_eq!(pays, vec![dec("51.01"), dec("51.01")]);
}

/// A schedule whose installment would ask for nothing is refused, naming
/// the term: CNY 0.05 over 12 months gave seven rows of 0.00, "paid" on
/// their due dates (left alone by the review; fixed since). CNY 0.12 over
/// 12 is twelve rows of 0.01; interest-only at 0 % asks for nothing before
/// maturity, which is a bullet's shape.
#[test]
fn installments_of_nothing_are_refused() {
    let small = |cents: i64, method: RepaymentMethod, percent: i64| {
        schedule(&LoanTerms::new(
            "S",
            Money::from_minor(cents, Currency::CNY),
            d(2026, 1, 10),
            Rate::from_percent(Decimal::from(percent)).unwrap(),
            method,
            12,
            d(2026, 2, 10),
        ))
    };
    // At 0 %, installment 1 asks for nothing: the message names the term.
    let refused = |cents: i64, method: RepaymentMethod, principal: &str| {
        assert_eq!(
            small(cents, method, 0).unwrap_err().to_string(),
            format!(
                "invalid `terms.term` value `12`: gives installment 1 (due 2026-02-10) nothing \
                 to pay: each installment needs at least one minor unit (principal {principal} \
                 CNY over 12 installments at 0 %)"
            )
        );
    };
    refused(5, RepaymentMethod::EqualPrincipal, "0.05");
    refused(100_000, RepaymentMethod::InterestOnly, "1000.00");
    let rows = small(12, RepaymentMethod::EqualPrincipal, 0).unwrap();
    assert!(rows
        .iter()
        .all(|r| r.payment() == Money::from_minor(1, Currency::CNY)));
    assert!(small(5, RepaymentMethod::EqualInstallment, 0).is_err());
    assert!(small(5, RepaymentMethod::EqualInstallment, 12).is_err());
    // A bullet at 0 % is one installment of the principal.
    assert_eq!(small(5, RepaymentMethod::Bullet, 0).unwrap().len(), 1);
    // `Loan::new` refuses the same terms.
    assert!(Loan::new(LoanTerms::new(
        "S",
        Money::from_minor(5, Currency::CNY),
        d(2026, 1, 10),
        Rate::ZERO,
        RepaymentMethod::EqualPrincipal,
        12,
        d(2026, 2, 10),
    ))
    .is_err());
}
