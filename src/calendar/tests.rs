use std::str::FromStr;

use proptest::prelude::*;

use super::daycount::is_leap_year;
use super::*;
use crate::error::Error;
use chrono::{Datelike, NaiveDate, Weekday};
use rust_decimal::Decimal;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

fn ymd((y, m, d): (i32, u32, u32)) -> NaiveDate {
    date(y, m, d)
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).expect("valid test decimal")
}

#[test]
fn public_types_are_send_and_sync() {
    fn assert_send_sync<T: Send + Sync + 'static>() {}
    assert_send_sync::<DayCount>();
    assert_send_sync::<FractionTerm>();
    assert_send_sync::<YearFraction>();
    assert_send_sync::<HolidayCalendar>();
    assert_send_sync::<BusinessDayConvention>();
    assert_send_sync::<DueDateAdjustment>();
}

// -----------------------------------------------------------------------
// Properties
// -----------------------------------------------------------------------

fn any_date() -> impl Strategy<Value = NaiveDate> {
    let (min, max) = (
        NaiveDate::MIN.num_days_from_ce(),
        NaiveDate::MAX.num_days_from_ce(),
    );
    (min..=max).prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).expect("in range"))
}

/// Dates in years -1000..=3000, where a year-by-year reference loop is
/// cheap.
fn near_date() -> impl Strategy<Value = NaiveDate> {
    let (min, max) = (
        date(-1000, 1, 1).num_days_from_ce(),
        date(3000, 12, 31).num_days_from_ce(),
    );
    (min..=max).prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).expect("in range"))
}

fn any_decimal() -> impl Strategy<Value = Decimal> {
    (
        any::<u32>(),
        any::<u32>(),
        any::<u32>(),
        any::<bool>(),
        0_u32..=28,
    )
        .prop_map(|(lo, mid, hi, negative, scale)| {
            Decimal::from_parts(lo, mid, hi, negative, scale)
        })
}

fn any_day_count() -> impl Strategy<Value = DayCount> {
    proptest::sample::select(DayCount::ALL)
}

/// Act/Act ISDA split by walking year by year.
fn act_act_reference(start: NaiveDate, end: NaiveDate) -> (i64, i64) {
    let (mut non_leap, mut leap) = (0, 0);
    let mut from = start;
    while from < end {
        let next_year = date(from.year() + 1, 1, 1);
        let to = next_year.min(end);
        let days = (to - from).num_days();
        if is_leap_year(from.year()) {
            leap += days;
        } else {
            non_leap += days;
        }
        from = to;
    }
    (non_leap, leap)
}

proptest! {
    #[test]
    fn day_counts_never_panic(
        dc in any_day_count(),
        start in any_date(),
        end in any_date(),
        termination in proptest::option::of(any_date()),
        amount in any_decimal(),
        rate in any_decimal(),
    ) {
        let days = dc.day_count_with_termination(start, end, termination);
        prop_assert_eq!(dc.day_count_with_termination(end, start, termination), -days);
        prop_assert_eq!(dc.day_count(start, end), -dc.day_count(end, start));
        let parts = dc.parts_with_termination(start, end, termination);
        let sum: i64 = parts.terms().iter().map(|t| t.days).sum();
        prop_assert_eq!(sum, days);
        prop_assert!(dc.year_fraction(start, end).is_ok());
        let _ = dc.accrue(amount, rate, start, end);
        let _ = parts.accrue(amount, rate);
        let _ = parts.to_string();
    }

    #[test]
    fn act_day_counts_are_actual_days(dc in any_day_count(), start in any_date(), end in any_date()) {
        let actual = (end - start).num_days();
        match dc {
            DayCount::Act360 | DayCount::Act365Fixed | DayCount::ActActIsda => {
                prop_assert_eq!(dc.day_count(start, end), actual);
            }
            _ => {}
        }
    }

    #[test]
    fn act_conventions_are_additive(a in any_date(), b in any_date(), c in any_date()) {
        for dc in [DayCount::Act360, DayCount::Act365Fixed, DayCount::ActActIsda] {
            let (ab, bc, ac) = (dc.parts(a, b), dc.parts(b, c), dc.parts(a, c));
            prop_assert_eq!(ab.terms().len(), ac.terms().len());
            for ((x, y), z) in ab.terms().iter().zip(bc.terms()).zip(ac.terms()) {
                prop_assert_eq!(x.basis, z.basis);
                prop_assert_eq!(y.basis, z.basis);
                prop_assert_eq!(x.days + y.days, z.days, "{}", dc);
            }
        }
    }

    #[test]
    fn act_accrual_is_additive_when_exact(
        a in any_date(),
        b in any_date(),
        c in any_date(),
        cents in -1_000_000_000_i64..1_000_000_000,
        rate_bp in 0_i64..100_000,
    ) {
        // An amount that is a whole multiple of the basis (in cents) makes
        // every partial accrual exact, so the parts add up exactly.
        for (dc, basis) in [(DayCount::Act360, 360), (DayCount::Act365Fixed, 365)] {
            let amount = Decimal::new(cents * basis, 2);
            let rate = Decimal::new(rate_bp, 4);
            let ab = dc.accrue(amount, rate, a, b).expect("fits");
            let bc = dc.accrue(amount, rate, b, c).expect("fits");
            let ac = dc.accrue(amount, rate, a, c).expect("fits");
            prop_assert_eq!(ab + bc, ac, "{}", dc);
        }
    }

    #[test]
    fn act_act_split_matches_year_by_year(a in near_date(), b in near_date()) {
        let (start, end) = if a <= b { (a, b) } else { (b, a) };
        let (non_leap, leap) = act_act_reference(start, end);
        let parts = DayCount::ActActIsda.parts(start, end);
        prop_assert_eq!(
            parts.terms(),
            [FractionTerm { days: non_leap, basis: 365 }, FractionTerm { days: leap, basis: 366 }]
        );
    }

    #[test]
    fn adjustment_lands_on_a_business_day(day in near_date(), pick in 0_usize..5, fixture in any::<bool>()) {
        let conventions = [
            BusinessDayConvention::Unadjusted,
            BusinessDayConvention::Following,
            BusinessDayConvention::ModifiedFollowing,
            BusinessDayConvention::Preceding,
            BusinessDayConvention::ModifiedPreceding,
        ];
        let convention = conventions[pick];
        let cal = if fixture { tiaoxiu() } else { HolidayCalendar::weekends_only() };
        let adjusted = convention.adjust(day, &cal).expect("a business day nearby");
        match convention {
            BusinessDayConvention::Unadjusted => prop_assert_eq!(adjusted, day),
            BusinessDayConvention::Following => prop_assert!(adjusted >= day),
            BusinessDayConvention::Preceding => prop_assert!(adjusted <= day),
            _ => prop_assert_eq!(adjusted.month(), day.month()),
        }
        if convention != BusinessDayConvention::Unadjusted {
            prop_assert!(cal.is_business_day(adjusted));
            if cal.is_business_day(day) {
                prop_assert_eq!(adjusted, day);
            }
        }
    }

    #[test]
    fn add_business_days_round_trips(day in near_date(), n in -60_i64..60, fixture in any::<bool>()) {
        let cal = if fixture { tiaoxiu() } else { HolidayCalendar::weekends_only() };
        let start = BusinessDayConvention::Following.adjust(day, &cal).expect("nearby");
        let moved = cal.add_business_days(start, n).expect("in range");
        prop_assert!(cal.is_business_day(moved));
        let between = if n >= 0 {
            start.iter_days().skip(1).take_while(|d| *d <= moved).filter(|d| cal.is_business_day(*d)).count()
        } else {
            moved.iter_days().take_while(|d| *d < start).filter(|d| cal.is_business_day(*d)).count()
        };
        prop_assert_eq!(i64::try_from(between).expect("small"), n.abs());
        prop_assert_eq!(cal.add_business_days(moved, -n), Ok(start));
    }
}

mod business;
mod day_count;

use business::tiaoxiu;
