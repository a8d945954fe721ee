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

// -----------------------------------------------------------------------
// Day counts
// -----------------------------------------------------------------------

/// One date pair and its expected numerator days under every convention.
struct DayCountCase {
    name: &'static str,
    start: (i32, u32, u32),
    end: (i32, u32, u32),
    /// Actual days: the numerator of Act/360, Act/365F and Act/Act ISDA.
    actual: i64,
    bond_basis: i64,
    us: i64,
    e_360: i64,
    /// 30E/360 ISDA with `end` not the termination date.
    e_360_isda: i64,
}

// Source for every row: hand-derived from the definitions in RULES.md
// §2.7 (ISDA 2006 §4.16(f)–(h), SIA 30/360 US), then cross-checked
// against an independent implementation, QuantLib 1.44 (Python wheel):
// `Actual360().dayCount`, `Thirty360(BondBasis | USA | European | German)`.
// The dates are the classic 30/360 edge cases: the 31st, the 30th to the
// 31st, and February month ends in leap and non-leap years.
#[rustfmt::skip]
const DAY_COUNT_CASES: &[DayCountCase] = &[
    DayCountCase { name: "mid-month to mid-month", start: (2007, 1, 15), end: (2007, 1, 30), actual: 15, bond_basis: 15, us: 15, e_360: 15, e_360_isda: 15 },
    DayCountCase { name: "one month, 15th to 15th", start: (2007, 1, 15), end: (2007, 2, 15), actual: 31, bond_basis: 30, us: 30, e_360: 30, e_360_isda: 30 },
    DayCountCase { name: "six months, 15th to 15th", start: (2007, 1, 15), end: (2007, 7, 15), actual: 181, bond_basis: 180, us: 180, e_360: 180, e_360_isda: 180 },
    DayCountCase { name: "30th to 31st across a year end", start: (2007, 9, 30), end: (2008, 3, 31), actual: 183, bond_basis: 180, us: 180, e_360: 180, e_360_isda: 180 },
    DayCountCase { name: "30th to 31st, one month", start: (2007, 9, 30), end: (2007, 10, 31), actual: 31, bond_basis: 30, us: 30, e_360: 30, e_360_isda: 30 },
    DayCountCase { name: "30th to 30th, one year", start: (2007, 9, 30), end: (2008, 9, 30), actual: 366, bond_basis: 360, us: 360, e_360: 360, e_360_isda: 360 },
    DayCountCase { name: "15th to 31st: only 30E keeps D2 at 30", start: (2007, 1, 15), end: (2007, 1, 31), actual: 16, bond_basis: 16, us: 16, e_360: 15, e_360_isda: 15 },
    DayCountCase { name: "1st to 31st", start: (2007, 3, 1), end: (2007, 3, 31), actual: 30, bond_basis: 30, us: 30, e_360: 29, e_360_isda: 29 },
    DayCountCase { name: "31st to 31st", start: (2007, 1, 31), end: (2007, 3, 31), actual: 59, bond_basis: 60, us: 60, e_360: 60, e_360_isda: 60 },
    DayCountCase { name: "31st to 31st over a 30-day month", start: (2007, 5, 31), end: (2007, 8, 31), actual: 92, bond_basis: 90, us: 90, e_360: 90, e_360_isda: 90 },
    DayCountCase { name: "30th to 31st, April to May", start: (2007, 4, 30), end: (2007, 5, 31), actual: 31, bond_basis: 30, us: 30, e_360: 30, e_360_isda: 30 },
    DayCountCase { name: "31st to February end, non-leap", start: (2007, 1, 31), end: (2007, 2, 28), actual: 28, bond_basis: 28, us: 28, e_360: 28, e_360_isda: 30 },
    DayCountCase { name: "February end to 31st, non-leap", start: (2007, 2, 28), end: (2007, 3, 31), actual: 31, bond_basis: 33, us: 30, e_360: 32, e_360_isda: 30 },
    DayCountCase { name: "31st to February end, six months", start: (2006, 8, 31), end: (2007, 2, 28), actual: 181, bond_basis: 178, us: 178, e_360: 178, e_360_isda: 180 },
    DayCountCase { name: "February end to 31st, six months", start: (2007, 2, 28), end: (2007, 8, 31), actual: 184, bond_basis: 183, us: 180, e_360: 182, e_360_isda: 180 },
    DayCountCase { name: "mid-February to February end", start: (2007, 2, 14), end: (2007, 2, 28), actual: 14, bond_basis: 14, us: 14, e_360: 14, e_360_isda: 16 },
    DayCountCase { name: "February end to early March", start: (2007, 2, 28), end: (2007, 3, 5), actual: 5, bond_basis: 7, us: 5, e_360: 7, e_360_isda: 5 },
    DayCountCase { name: "31st to 28th of a 30-day month", start: (2007, 10, 31), end: (2007, 11, 28), actual: 28, bond_basis: 28, us: 28, e_360: 28, e_360_isda: 28 },
    DayCountCase { name: "into leap-year February end", start: (2007, 2, 26), end: (2008, 2, 29), actual: 368, bond_basis: 363, us: 363, e_360: 363, e_360_isda: 364 },
    DayCountCase { name: "31st to leap-year February end", start: (2007, 8, 31), end: (2008, 2, 29), actual: 182, bond_basis: 179, us: 179, e_360: 179, e_360_isda: 180 },
    DayCountCase { name: "leap-year February end to 30th", start: (2008, 2, 29), end: (2008, 3, 30), actual: 30, bond_basis: 31, us: 30, e_360: 31, e_360_isda: 30 },
    DayCountCase { name: "leap-year February end to 31st", start: (2008, 2, 29), end: (2008, 3, 31), actual: 31, bond_basis: 32, us: 30, e_360: 31, e_360_isda: 30 },
    DayCountCase { name: "leap-year February end to 31st, six months", start: (2008, 2, 29), end: (2008, 8, 31), actual: 184, bond_basis: 182, us: 180, e_360: 181, e_360_isda: 180 },
    DayCountCase { name: "leap-year February 28th is not a month end", start: (2008, 2, 28), end: (2008, 3, 31), actual: 32, bond_basis: 33, us: 33, e_360: 32, e_360_isda: 32 },
    DayCountCase { name: "31st to non-leap February end after a leap year", start: (2008, 8, 31), end: (2009, 2, 28), actual: 181, bond_basis: 178, us: 178, e_360: 178, e_360_isda: 180 },
    DayCountCase { name: "non-leap February end to 31st", start: (2009, 2, 28), end: (2009, 8, 31), actual: 184, bond_basis: 183, us: 180, e_360: 182, e_360_isda: 180 },
    DayCountCase { name: "both last of February, non-leap to non-leap", start: (2006, 2, 28), end: (2007, 2, 28), actual: 365, bond_basis: 360, us: 360, e_360: 360, e_360_isda: 360 },
    DayCountCase { name: "both last of February, non-leap to leap", start: (2007, 2, 28), end: (2008, 2, 29), actual: 366, bond_basis: 361, us: 360, e_360: 361, e_360_isda: 360 },
    DayCountCase { name: "both last of February, leap to non-leap", start: (2008, 2, 29), end: (2009, 2, 28), actual: 365, bond_basis: 359, us: 360, e_360: 359, e_360_isda: 360 },
    DayCountCase { name: "same date", start: (2007, 3, 31), end: (2007, 3, 31), actual: 0, bond_basis: 0, us: 0, e_360: 0, e_360_isda: 0 },
    DayCountCase { name: "RULES.md §2.7 penalty example, 45 days", start: (2026, 3, 1), end: (2026, 4, 15), actual: 45, bond_basis: 44, us: 44, e_360: 44, e_360_isda: 44 },
];

#[test]
fn day_counts() {
    for case in DAY_COUNT_CASES {
        let (start, end) = (ymd(case.start), ymd(case.end));
        let expected = [
            (DayCount::Act360, case.actual),
            (DayCount::Act365Fixed, case.actual),
            (DayCount::ActActIsda, case.actual),
            (DayCount::Thirty360BondBasis, case.bond_basis),
            (DayCount::Thirty360Us, case.us),
            (DayCount::ThirtyE360, case.e_360),
            (DayCount::ThirtyE360Isda, case.e_360_isda),
        ];
        for (dc, days) in expected {
            assert_eq!(dc.day_count(start, end), days, "{}: {dc}", case.name);
            // Reversed periods are the negation.
            assert_eq!(
                dc.day_count(end, start),
                -days,
                "{} reversed: {dc}",
                case.name
            );
            // The parts carry the same numerator over the fixed basis.
            if let Some(basis) = dc.basis() {
                assert_eq!(
                    dc.parts(start, end).terms(),
                    [FractionTerm { days, basis }],
                    "{}: {dc}",
                    case.name
                );
            }
        }
    }
}

/// 30E/360 ISDA with the termination date given.
struct TerminationCase {
    name: &'static str,
    start: (i32, u32, u32),
    end: (i32, u32, u32),
    termination: (i32, u32, u32),
    days: i64,
}

// Source: hand-derived from ISDA 2006 §4.16(h) as stated in RULES.md
// §2.7; cross-checked against QuantLib 1.44 `Thirty360(German, termination)`.
#[rustfmt::skip]
const TERMINATION_CASES: &[TerminationCase] = &[
    TerminationCase { name: "final period ends on non-leap February end: D2 stays 28", start: (2008, 8, 31), end: (2009, 2, 28), termination: (2009, 2, 28), days: 178 },
    TerminationCase { name: "final period ends on leap February end: D2 stays 29", start: (2007, 8, 31), end: (2008, 2, 29), termination: (2008, 2, 29), days: 179 },
    TerminationCase { name: "both February ends, end is termination", start: (2008, 2, 29), end: (2009, 2, 28), termination: (2009, 2, 28), days: 358 },
    TerminationCase { name: "mid-February start, end is termination", start: (2007, 2, 14), end: (2007, 2, 28), termination: (2007, 2, 28), days: 14 },
    TerminationCase { name: "termination elsewhere: D2 becomes 30", start: (2008, 8, 31), end: (2009, 2, 28), termination: (2009, 8, 31), days: 180 },
    TerminationCase { name: "termination on a 31st outside February: still 30", start: (2008, 8, 31), end: (2009, 3, 31), termination: (2009, 3, 31), days: 210 },
];

#[test]
fn thirty_e_360_isda_termination() {
    for case in TERMINATION_CASES {
        let (start, end, termination) = (ymd(case.start), ymd(case.end), ymd(case.termination));
        let dc = DayCount::ThirtyE360Isda;
        assert_eq!(
            dc.day_count_with_termination(start, end, Some(termination)),
            case.days,
            "{}",
            case.name
        );
        assert_eq!(
            dc.day_count_with_termination(end, start, Some(termination)),
            -case.days,
            "{} reversed",
            case.name
        );
        assert_eq!(
            dc.parts_with_termination(start, end, Some(termination))
                .terms(),
            [FractionTerm {
                days: case.days,
                basis: 360
            }],
            "{}",
            case.name
        );
    }
    // Other conventions ignore the termination date.
    let (start, end) = (date(2008, 8, 31), date(2009, 2, 28));
    for &dc in DayCount::ALL {
        if dc != DayCount::ThirtyE360Isda {
            assert_eq!(
                dc.day_count_with_termination(start, end, Some(end)),
                dc.day_count(start, end),
                "{dc}"
            );
        }
    }
}

/// Act/Act ISDA: the split at 1 January.
struct ActActCase {
    name: &'static str,
    start: (i32, u32, u32),
    end: (i32, u32, u32),
    non_leap: i64,
    leap: i64,
    /// The exact fraction at Decimal's 28 decimal places (Python
    /// `decimal`, 80 digits, quantized half-even).
    fraction: &'static str,
}

#[rustfmt::skip]
const ACT_ACT_CASES: &[ActActCase] = &[
    // Source: ISDA, "EMU and market conventions: recent developments"
    // (1998), Actual/Actual (ISDA) example: 61/365 + 121/366 =
    // 0.49772438057. Also checked by hand and against QuantLib 1.44
    // `ActualActual(ISDA)`.
    ActActCase { name: "ISDA EMU paper: 2003-11-01 to 2004-05-01", start: (2003, 11, 1), end: (2004, 5, 1), non_leap: 61, leap: 121, fraction: "0.4977243805674077401003069092" },
    // The rest: hand-derived from the definition (RULES.md §2.7), and
    // cross-checked against QuantLib 1.44 `ActualActual(ISDA)` (to 11
    // places) where QuantLib's date range (1901–2199) allows.
    ActActCase { name: "within a non-leap year", start: (1999, 2, 1), end: (1999, 7, 1), non_leap: 150, leap: 0, fraction: "0.4109589041095890410958904110" },
    ActActCase { name: "one year ending in a leap year", start: (1999, 7, 1), end: (2000, 7, 1), non_leap: 184, leap: 182, fraction: "1.0013773486039374204656037129" },
    ActActCase { name: "across a year end, both non-leap", start: (2002, 8, 15), end: (2003, 7, 15), non_leap: 334, leap: 0, fraction: "0.9150684931506849315068493151" },
    ActActCase { name: "into a leap year by 14 days", start: (2003, 7, 15), end: (2004, 1, 15), non_leap: 170, leap: 14, fraction: "0.5040047907777528258103151433" },
    ActActCase { name: "into 2000 (leap by the 400 rule)", start: (1999, 7, 30), end: (2000, 1, 30), non_leap: 155, leap: 29, fraction: "0.5038925069241709708810539711" },
    ActActCase { name: "within a leap year", start: (2000, 1, 30), end: (2000, 6, 30), non_leap: 0, leap: 152, fraction: "0.4153005464480874316939890710" },
    ActActCase { name: "over 29 February", start: (2004, 2, 28), end: (2004, 3, 1), non_leap: 0, leap: 2, fraction: "0.0054644808743169398907103825" },
    ActActCase { name: "a whole leap year is exactly 1", start: (2004, 1, 1), end: (2005, 1, 1), non_leap: 0, leap: 366, fraction: "1" },
    ActActCase { name: "a whole non-leap year is exactly 1", start: (2005, 1, 1), end: (2006, 1, 1), non_leap: 365, leap: 0, fraction: "1" },
    ActActCase { name: "1900 is not a leap year", start: (1899, 12, 31), end: (1901, 1, 2), non_leap: 367, leap: 0, fraction: "1.0054794520547945205479452055" },
    ActActCase { name: "2000 is a leap year", start: (1999, 12, 31), end: (2001, 1, 1), non_leap: 1, leap: 366, fraction: "1.0027397260273972602739726027" },
    ActActCase { name: "eight years with two leap years is exactly 8", start: (2001, 1, 1), end: (2009, 1, 1), non_leap: 2190, leap: 732, fraction: "8" },
    ActActCase { name: "reversed period is negative", start: (2004, 5, 1), end: (2003, 11, 1), non_leap: -61, leap: -121, fraction: "-0.4977243805674077401003069092" },
    ActActCase { name: "empty period", start: (2004, 5, 1), end: (2004, 5, 1), non_leap: 0, leap: 0, fraction: "0" },
];

#[test]
fn act_act_isda() {
    for case in ACT_ACT_CASES {
        let (start, end) = (ymd(case.start), ymd(case.end));
        let parts = DayCount::ActActIsda.parts(start, end);
        assert_eq!(
            parts.terms(),
            [
                FractionTerm {
                    days: case.non_leap,
                    basis: 365
                },
                FractionTerm {
                    days: case.leap,
                    basis: 366
                }
            ],
            "{}",
            case.name
        );
        assert_eq!(
            DayCount::ActActIsda.day_count(start, end),
            case.non_leap + case.leap,
            "{}",
            case.name
        );
        let fraction = DayCount::ActActIsda
            .year_fraction(start, end)
            .expect("in range");
        assert_eq!(fraction, dec(case.fraction), "{}", case.name);
    }
    // The ISDA EMU paper's printed value, to 11 places.
    let fraction = DayCount::ActActIsda
        .year_fraction(date(2003, 11, 1), date(2004, 5, 1))
        .expect("in range");
    assert_eq!(fraction.round_dp(11), dec("0.49772438057"));
}

/// Exact `year_fraction` values: exact when finite, otherwise rounded once
/// at 28 decimal places.
struct YearFractionCase {
    name: &'static str,
    convention: DayCount,
    start: (i32, u32, u32),
    end: (i32, u32, u32),
    /// Expected value (Python `decimal`, 80 digits, quantized to 28
    /// places half-even).
    fraction: &'static str,
}

// Source: hand-derived from the definitions (RULES.md §2.7); the day
// counts are rows of DAY_COUNT_CASES.
#[rustfmt::skip]
const YEAR_FRACTION_CASES: &[YearFractionCase] = &[
    YearFractionCase { name: "Act/360 45 days is 0.125 exactly", convention: DayCount::Act360, start: (2026, 3, 1), end: (2026, 4, 15), fraction: "0.125" },
    YearFractionCase { name: "Act/360 one day is rounded once", convention: DayCount::Act360, start: (2026, 3, 1), end: (2026, 3, 2), fraction: "0.0027777777777777777777777778" },
    YearFractionCase { name: "Act/365F 73 days is 0.2 exactly", convention: DayCount::Act365Fixed, start: (2026, 1, 1), end: (2026, 3, 15), fraction: "0.2" },
    YearFractionCase { name: "Act/365F one day", convention: DayCount::Act365Fixed, start: (2026, 1, 1), end: (2026, 1, 2), fraction: "0.0027397260273972602739726027" },
    YearFractionCase { name: "Act/365F a leap year is more than 1", convention: DayCount::Act365Fixed, start: (2024, 1, 1), end: (2025, 1, 1), fraction: "1.0027397260273972602739726027" },
    YearFractionCase { name: "Act/365F reversed is negative", convention: DayCount::Act365Fixed, start: (2026, 3, 15), end: (2026, 1, 1), fraction: "-0.2" },
    YearFractionCase { name: "30/360 Bond Basis 15 days", convention: DayCount::Thirty360BondBasis, start: (2007, 1, 15), end: (2007, 1, 30), fraction: "0.0416666666666666666666666667" },
    YearFractionCase { name: "30/360 US both February ends is one year", convention: DayCount::Thirty360Us, start: (2008, 2, 29), end: (2009, 2, 28), fraction: "1" },
    YearFractionCase { name: "30E/360 31st to February end", convention: DayCount::ThirtyE360, start: (2006, 8, 31), end: (2007, 2, 28), fraction: "0.4944444444444444444444444444" },
    YearFractionCase { name: "30E/360 ISDA 31st to February end is half a year", convention: DayCount::ThirtyE360Isda, start: (2006, 8, 31), end: (2007, 2, 28), fraction: "0.5" },
];

#[test]
fn year_fractions() {
    for case in YEAR_FRACTION_CASES {
        let got = case
            .convention
            .year_fraction(ymd(case.start), ymd(case.end))
            .expect("in range");
        assert_eq!(got, dec(case.fraction), "{}", case.name);
        // Exact digits, not only the same value.
        assert_eq!(got.normalize().to_string(), case.fraction, "{}", case.name);
    }
}

// -----------------------------------------------------------------------
// Accrual
// -----------------------------------------------------------------------

struct AccrueCase {
    name: &'static str,
    convention: DayCount,
    amount: &'static str,
    rate: &'static str,
    start: (i32, u32, u32),
    end: (i32, u32, u32),
    expected: &'static str,
}

#[rustfmt::skip]
const ACCRUE_CASES: &[AccrueCase] = &[
    // Source: RULES.md §2.7 worked example: 24,000 × 0.0672 / 360 × 45 = 201.60.
    AccrueCase { name: "RULES.md penalty example", convention: DayCount::Act360, amount: "24000", rate: "0.0672", start: (2026, 3, 1), end: (2026, 4, 15), expected: "201.6" },
    // The rest: hand-derived.
    AccrueCase { name: "division last keeps 1/360 exact", convention: DayCount::Act360, amount: "360", rate: "1", start: (2026, 3, 1), end: (2026, 3, 2), expected: "1" },
    AccrueCase { name: "Act/365F 73 days at 5 %", convention: DayCount::Act365Fixed, amount: "10000", rate: "0.05", start: (2026, 1, 1), end: (2026, 3, 15), expected: "100" },
    AccrueCase { name: "Act/365F one day on 365.00", convention: DayCount::Act365Fixed, amount: "365.00", rate: "0.1", start: (2026, 1, 1), end: (2026, 1, 2), expected: "0.1" },
    AccrueCase { name: "Act/Act ISDA whole leap year", convention: DayCount::ActActIsda, amount: "1000", rate: "0.05", start: (2024, 1, 1), end: (2025, 1, 1), expected: "50" },
    AccrueCase { name: "Act/Act ISDA 1 + 1 days over a year end on 133,590", convention: DayCount::ActActIsda, amount: "133590", rate: "1", start: (2003, 12, 31), end: (2004, 1, 2), expected: "731" },
    AccrueCase { name: "30/360 Bond Basis one month at 6 %", convention: DayCount::Thirty360BondBasis, amount: "1000", rate: "0.06", start: (2007, 1, 31), end: (2007, 2, 28), expected: "4.6666666666666666666666666667" },
    AccrueCase { name: "30E/360 ISDA half year at 6 %", convention: DayCount::ThirtyE360Isda, amount: "1000", rate: "0.06", start: (2006, 8, 31), end: (2007, 2, 28), expected: "30" },
    AccrueCase { name: "reversed period is negative", convention: DayCount::Act360, amount: "24000", rate: "0.0672", start: (2026, 4, 15), end: (2026, 3, 1), expected: "-201.6" },
    AccrueCase { name: "zero amount", convention: DayCount::Act360, amount: "0", rate: "0.0672", start: (2026, 3, 1), end: (2026, 4, 15), expected: "0" },
    AccrueCase { name: "empty period", convention: DayCount::ActActIsda, amount: "24000", rate: "0.0672", start: (2026, 3, 1), end: (2026, 3, 1), expected: "0" },
];

#[test]
fn accrue() {
    for case in ACCRUE_CASES {
        let got = case
            .convention
            .accrue(
                dec(case.amount),
                dec(case.rate),
                ymd(case.start),
                ymd(case.end),
            )
            .expect("no overflow");
        assert_eq!(got, dec(case.expected), "{}", case.name);
    }
}

#[test]
fn accrue_act_act_matches_both_parts() {
    // 100,000 × (61/365 + 121/366): 16,712.328767... + 33,060.109289...
    // Hand-derived; the 20-place value from Python `decimal`.
    let got = DayCount::ActActIsda
        .accrue(
            dec("1000000"),
            dec("0.1"),
            date(2003, 11, 1),
            date(2004, 5, 1),
        )
        .expect("no overflow");
    assert_eq!(got.round_dp(20), dec("49772.43805674077401003069"));
    assert_eq!(got.round_dp(2), dec("49772.44"));
}

#[test]
fn accrue_overflow_is_an_error() {
    let err = DayCount::Act360
        .accrue(
            Decimal::MAX,
            Decimal::TWO,
            date(2026, 1, 1),
            date(2026, 1, 2),
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "arithmetic overflow in multiply of `79228162514264337593543950335` and `2`"
    );
    let err = DayCount::ActActIsda
        .accrue(
            Decimal::MAX,
            Decimal::ONE,
            date(2026, 1, 1),
            date(2026, 1, 2),
        )
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Overflow {
                operation: "multiply",
                ..
            }
        ),
        "{err}"
    );
}

// -----------------------------------------------------------------------
// Names, display and serde
// -----------------------------------------------------------------------

#[test]
fn day_count_names() {
    let cases = [
        (DayCount::Act360, "Act/360", "act_360", Some(360)),
        (
            DayCount::Act365Fixed,
            "Act/365F",
            "act_365_fixed",
            Some(365),
        ),
        (DayCount::ActActIsda, "Act/Act ISDA", "act_act_isda", None),
        (
            DayCount::Thirty360BondBasis,
            "30/360 Bond Basis",
            "thirty_360_bond_basis",
            Some(360),
        ),
        (
            DayCount::Thirty360Us,
            "30/360 US",
            "thirty_360_us",
            Some(360),
        ),
        (DayCount::ThirtyE360, "30E/360", "thirty_e_360", Some(360)),
        (
            DayCount::ThirtyE360Isda,
            "30E/360 ISDA",
            "thirty_e_360_isda",
            Some(360),
        ),
    ];
    assert_eq!(cases.len(), DayCount::ALL.len());
    for (dc, display, serde_name, basis) in cases {
        assert_eq!(dc.to_string(), display);
        assert_eq!(dc.basis(), basis, "{dc}");
        let json = serde_json::to_string(&dc).expect("serializes");
        assert_eq!(json, format!("\"{serde_name}\""));
        let back: DayCount = serde_json::from_str(&json).expect("deserializes");
        assert_eq!(back, dc);
    }
    assert!(serde_json::from_str::<DayCount>("\"act360\"").is_err());
}

#[test]
fn business_day_convention_names() {
    let cases = [
        (
            BusinessDayConvention::Unadjusted,
            "Unadjusted",
            "unadjusted",
        ),
        (BusinessDayConvention::Following, "Following", "following"),
        (
            BusinessDayConvention::ModifiedFollowing,
            "Modified Following",
            "modified_following",
        ),
        (BusinessDayConvention::Preceding, "Preceding", "preceding"),
        (
            BusinessDayConvention::ModifiedPreceding,
            "Modified Preceding",
            "modified_preceding",
        ),
    ];
    for (convention, display, serde_name) in cases {
        assert_eq!(convention.to_string(), display);
        let json = serde_json::to_string(&convention).expect("serializes");
        assert_eq!(json, format!("\"{serde_name}\""));
        let back: BusinessDayConvention = serde_json::from_str(&json).expect("deserializes");
        assert_eq!(back, convention);
    }
}

#[test]
fn year_fraction_display_and_serde() {
    let parts = DayCount::ActActIsda.parts(date(2003, 11, 1), date(2004, 5, 1));
    assert_eq!(parts.to_string(), "61/365 + 121/366");
    let json = serde_json::to_string(&parts).expect("serializes");
    assert_eq!(
        json,
        r#"{"terms":[{"days":61,"basis":365},{"days":121,"basis":366}]}"#
    );
    let back: YearFraction = serde_json::from_str(&json).expect("deserializes");
    assert_eq!(back, parts);

    let single = DayCount::Act360.parts(date(2026, 4, 15), date(2026, 3, 1));
    assert_eq!(single.to_string(), "-45/360");
    let back: YearFraction =
        serde_json::from_str(&serde_json::to_string(&single).expect("serializes"))
            .expect("deserializes");
    assert_eq!(back, single);

    let err = serde_json::from_str::<YearFraction>(r#"{"terms":[]}"#).unwrap_err();
    assert!(
        err.to_string()
            .contains("`year_fraction.terms` = `0`: must hold one or two terms"),
        "{err}"
    );
    let err =
        serde_json::from_str::<YearFraction>(r#"{"terms":[{"days":1,"basis":0}]}"#).unwrap_err();
    assert!(
        err.to_string()
            .contains("`year_fraction.terms[0].basis` = `0`: must be greater than zero"),
        "{err}"
    );
    assert!(serde_json::from_str::<YearFraction>(
        r#"{"terms":[{"days":1,"basis":360}],"extra":1}"#
    )
    .is_err());
    // Extreme terms read from a file still fit in a Decimal fraction, and
    // accruing on them overflows into an error, not a panic.
    let extreme: YearFraction = serde_json::from_str(&format!(
        r#"{{"terms":[{{"days":{max},"basis":{basis}}},{{"days":{max},"basis":{basis}}}]}}"#,
        max = i64::MAX,
        basis = u32::MAX
    ))
    .expect("deserializes");
    assert!(extreme.to_decimal().is_ok());
    assert!(matches!(
        extreme.accrue(Decimal::from(1000), Decimal::ONE),
        Err(Error::Overflow { .. })
    ));
}

// -----------------------------------------------------------------------
// Holiday calendars and business-day conventions
// -----------------------------------------------------------------------

/// A test fixture with a 调休 arrangement: holidays 2025-10-01..=08 and
/// make-up working days on Sunday 2025-09-28 and Saturday 2025-10-11.
/// Built for the tests, not a preset of any official calendar.
fn tiaoxiu() -> HolidayCalendar {
    let holidays = (1..=8).map(|d| date(2025, 10, d));
    let working_days = [date(2025, 9, 28), date(2025, 10, 11)];
    HolidayCalendar::new(
        "tiaoxiu fixture",
        [Weekday::Sat, Weekday::Sun],
        holidays,
        working_days,
    )
    .expect("valid fixture")
}

#[derive(Clone, Copy)]
enum Cal {
    Weekends,
    Tiaoxiu,
}

impl Cal {
    fn build(self) -> HolidayCalendar {
        match self {
            Cal::Weekends => HolidayCalendar::weekends_only(),
            Cal::Tiaoxiu => tiaoxiu(),
        }
    }
}

struct AdjustCase {
    name: &'static str,
    convention: BusinessDayConvention,
    calendar: Cal,
    date: (i32, u32, u32),
    expected: (i32, u32, u32),
}

// Source: hand-derived from the convention definitions; weekdays checked
// by hand (2026-05-30 and 2025-10-11 are Saturdays, 2025-09-28 a Sunday,
// 2025-10-01 a Wednesday).
#[rustfmt::skip]
const ADJUST_CASES: &[AdjustCase] = &[
    AdjustCase { name: "business day is unchanged", convention: BusinessDayConvention::Following, calendar: Cal::Weekends, date: (2026, 5, 29), expected: (2026, 5, 29) },
    AdjustCase { name: "unadjusted keeps a Saturday", convention: BusinessDayConvention::Unadjusted, calendar: Cal::Weekends, date: (2026, 5, 30), expected: (2026, 5, 30) },
    AdjustCase { name: "following over a weekend", convention: BusinessDayConvention::Following, calendar: Cal::Weekends, date: (2026, 5, 16), expected: (2026, 5, 18) },
    AdjustCase { name: "following crosses the month end", convention: BusinessDayConvention::Following, calendar: Cal::Weekends, date: (2026, 5, 30), expected: (2026, 6, 1) },
    AdjustCase { name: "modified following mid-month acts as following", convention: BusinessDayConvention::ModifiedFollowing, calendar: Cal::Weekends, date: (2026, 5, 16), expected: (2026, 5, 18) },
    AdjustCase { name: "modified following at month end, Saturday 30th", convention: BusinessDayConvention::ModifiedFollowing, calendar: Cal::Weekends, date: (2026, 5, 30), expected: (2026, 5, 29) },
    AdjustCase { name: "modified following at month end, Sunday 31st", convention: BusinessDayConvention::ModifiedFollowing, calendar: Cal::Weekends, date: (2026, 5, 31), expected: (2026, 5, 29) },
    AdjustCase { name: "preceding over a weekend", convention: BusinessDayConvention::Preceding, calendar: Cal::Weekends, date: (2026, 5, 31), expected: (2026, 5, 29) },
    AdjustCase { name: "preceding crosses the month start", convention: BusinessDayConvention::Preceding, calendar: Cal::Weekends, date: (2026, 8, 1), expected: (2026, 7, 31) },
    AdjustCase { name: "modified preceding at month start acts as following", convention: BusinessDayConvention::ModifiedPreceding, calendar: Cal::Weekends, date: (2026, 8, 1), expected: (2026, 8, 3) },
    AdjustCase { name: "modified preceding mid-month acts as preceding", convention: BusinessDayConvention::ModifiedPreceding, calendar: Cal::Weekends, date: (2026, 5, 17), expected: (2026, 5, 15) },
    AdjustCase { name: "following over a holiday block", convention: BusinessDayConvention::Following, calendar: Cal::Tiaoxiu, date: (2025, 10, 1), expected: (2025, 10, 9) },
    AdjustCase { name: "preceding over a holiday block into the previous month", convention: BusinessDayConvention::Preceding, calendar: Cal::Tiaoxiu, date: (2025, 10, 5), expected: (2025, 9, 30) },
    AdjustCase { name: "modified preceding over a holiday block stays in the month", convention: BusinessDayConvention::ModifiedPreceding, calendar: Cal::Tiaoxiu, date: (2025, 10, 5), expected: (2025, 10, 9) },
    AdjustCase { name: "tiaoxiu working Sunday is a business day", convention: BusinessDayConvention::Following, calendar: Cal::Tiaoxiu, date: (2025, 9, 28), expected: (2025, 9, 28) },
    AdjustCase { name: "the same Sunday without tiaoxiu rolls", convention: BusinessDayConvention::Following, calendar: Cal::Weekends, date: (2025, 9, 28), expected: (2025, 9, 29) },
    AdjustCase { name: "tiaoxiu working Saturday is a business day", convention: BusinessDayConvention::Preceding, calendar: Cal::Tiaoxiu, date: (2025, 10, 11), expected: (2025, 10, 11) },
    AdjustCase { name: "Sunday after the working Saturday goes back to it", convention: BusinessDayConvention::Preceding, calendar: Cal::Tiaoxiu, date: (2025, 10, 12), expected: (2025, 10, 11) },
    AdjustCase { name: "the same Saturday without tiaoxiu rolls back", convention: BusinessDayConvention::Preceding, calendar: Cal::Weekends, date: (2025, 10, 11), expected: (2025, 10, 10) },
];

#[test]
fn business_day_adjustment() {
    for case in ADJUST_CASES {
        let calendar = case.calendar.build();
        let got = case.convention.adjust(ymd(case.date), &calendar);
        assert_eq!(got, Ok(ymd(case.expected)), "{}", case.name);
        let pairing = DueDateAdjustment::new(case.convention, calendar);
        assert_eq!(
            pairing.adjust(ymd(case.date)),
            Ok(ymd(case.expected)),
            "{}",
            case.name
        );
    }
}

struct AddCase {
    name: &'static str,
    calendar: Cal,
    date: (i32, u32, u32),
    n: i64,
    expected: (i32, u32, u32),
}

// Source: hand-derived.
#[rustfmt::skip]
const ADD_CASES: &[AddCase] = &[
    AddCase { name: "zero keeps the date, even a Saturday", calendar: Cal::Weekends, date: (2026, 5, 30), n: 0, expected: (2026, 5, 30) },
    AddCase { name: "Friday + 1 is Monday", calendar: Cal::Weekends, date: (2026, 5, 29), n: 1, expected: (2026, 6, 1) },
    AddCase { name: "Friday + 2 is Tuesday", calendar: Cal::Weekends, date: (2026, 5, 29), n: 2, expected: (2026, 6, 2) },
    AddCase { name: "Saturday + 1 is Monday", calendar: Cal::Weekends, date: (2026, 5, 30), n: 1, expected: (2026, 6, 1) },
    AddCase { name: "Monday - 1 is Friday", calendar: Cal::Weekends, date: (2026, 6, 1), n: -1, expected: (2026, 5, 29) },
    AddCase { name: "ten business days is two weeks", calendar: Cal::Weekends, date: (2026, 5, 4), n: 10, expected: (2026, 5, 18) },
    AddCase { name: "Friday + 1 is the working Sunday", calendar: Cal::Tiaoxiu, date: (2025, 9, 26), n: 1, expected: (2025, 9, 28) },
    AddCase { name: "over the holiday block", calendar: Cal::Tiaoxiu, date: (2025, 9, 30), n: 1, expected: (2025, 10, 9) },
    AddCase { name: "back over the holiday block", calendar: Cal::Tiaoxiu, date: (2025, 10, 9), n: -1, expected: (2025, 9, 30) },
    AddCase { name: "Friday + 1 is the working Saturday", calendar: Cal::Tiaoxiu, date: (2025, 10, 10), n: 1, expected: (2025, 10, 11) },
];

#[test]
fn add_business_days() {
    for case in ADD_CASES {
        let got = case
            .calendar
            .build()
            .add_business_days(ymd(case.date), case.n);
        assert_eq!(got, Ok(ymd(case.expected)), "{}", case.name);
    }
}

#[test]
fn add_business_days_out_of_range() {
    let cal = HolidayCalendar::weekends_only();
    let err = cal
        .add_business_days(date(2026, 1, 1), i64::MAX)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "date out of range in `add_business_days({})`: `2026-01-01`",
            i64::MAX
        )
    );
    assert!(matches!(
        cal.add_business_days(date(2026, 1, 1), i64::MIN),
        Err(Error::DateOutOfRange { .. })
    ));
    assert!(matches!(
        cal.add_business_days(NaiveDate::MAX, 1),
        Err(Error::DateOutOfRange { .. })
    ));
    assert!(matches!(
        cal.add_business_days(NaiveDate::MIN, -1),
        Err(Error::DateOutOfRange { .. })
    ));
}

#[test]
fn adjust_at_the_end_of_chrono_range() {
    let cal = HolidayCalendar::new(
        "edges",
        [Weekday::Sat, Weekday::Sun],
        [NaiveDate::MAX, NaiveDate::MIN],
        [],
    )
    .expect("valid");
    let err = BusinessDayConvention::Following
        .adjust(NaiveDate::MAX, &cal)
        .unwrap_err();
    assert_eq!(
        err,
        Error::date_out_of_range("following business day", NaiveDate::MAX)
    );
    let err = BusinessDayConvention::Preceding
        .adjust(NaiveDate::MIN, &cal)
        .unwrap_err();
    assert_eq!(
        err,
        Error::date_out_of_range("preceding business day", NaiveDate::MIN)
    );
    // Modified Following at the very end goes back instead.
    let back = BusinessDayConvention::ModifiedFollowing.adjust(NaiveDate::MAX, &cal);
    assert!(matches!(back, Ok(day) if day < NaiveDate::MAX && cal.is_business_day(day)));
}

#[test]
fn no_business_day_within_search_limit() {
    // Every day from 2026-01-01 to 2027-01-31 is a holiday.
    let start = date(2026, 1, 1);
    let holidays = start.iter_days().take_while(|d| *d <= date(2027, 1, 31));
    let cal = HolidayCalendar::new("closed", [Weekday::Sun], holidays, []).expect("valid");
    let err = BusinessDayConvention::Following
        .adjust(start, &cal)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid `date` value `2026-01-01`: no business day on or within 366 days after it in calendar `closed`"
    );
    let err = BusinessDayConvention::Preceding
        .adjust(date(2027, 1, 31), &cal)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid `date` value `2027-01-31`: no business day on or within 366 days before it in calendar `closed`"
    );
    // Searching the other way finds one at once.
    assert_eq!(
        BusinessDayConvention::Preceding.adjust(start, &cal),
        Ok(date(2025, 12, 31))
    );
    assert!(cal.add_business_days(date(2025, 12, 31), 1).is_err());
}

// -----------------------------------------------------------------------
// Calendar validation and serde
// -----------------------------------------------------------------------

#[test]
fn calendar_with_seven_weekend_days_is_rejected() {
    let all = [
        Weekday::Sun,
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
    ];
    let err = HolidayCalendar::new("never", all, [], []).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid policy: `calendar.weekend` = `Mon, Tue, Wed, Thu, Fri, Sat, Sun`: covers all seven days of the week; a calendar needs at least one business weekday"
    );
}

#[test]
fn date_both_holiday_and_working_day_is_rejected() {
    let sunday = date(2025, 9, 28);
    let err =
        HolidayCalendar::new("both", [Weekday::Sat, Weekday::Sun], [sunday], [sunday]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid policy: `calendar.working_days` = `2025-09-28`: is also listed in `calendar.holidays`; a date cannot be both a holiday and a working day"
    );
}

#[test]
fn calendar_reports_every_problem() {
    let tuesday = date(2025, 9, 30);
    let err = HolidayCalendar::new(
        " ",
        [Weekday::Sat, Weekday::Sun, Weekday::Sat],
        [tuesday],
        [tuesday],
    )
    .unwrap_err();
    let Error::InvalidPolicy { problems } = err else {
        panic!("expected InvalidPolicy, got {err:?}");
    };
    let paths: Vec<(&str, &str)> = problems
        .iter()
        .map(|p| (p.path.as_str(), p.value.as_str()))
        .collect();
    assert_eq!(
        paths,
        [
            ("calendar.name", " "),
            ("calendar.weekend", "Sat"),
            ("calendar.working_days", "2025-09-30"),
            ("calendar.working_days", "2025-09-30"),
        ]
    );
    assert_eq!(
        problems[3].message,
        "falls on `Tue`, which is not a weekend day, so it is a working day already"
    );
}

#[test]
fn calendar_accessors_and_normalised_weekend() {
    let cal = HolidayCalendar::new("x", [Weekday::Sun, Weekday::Fri], [date(2026, 1, 1)], [])
        .expect("valid");
    assert_eq!(cal.name(), "x");
    assert_eq!(cal.weekend(), [Weekday::Fri, Weekday::Sun]);
    assert_eq!(cal.holidays().len(), 1);
    assert!(cal.working_days().is_empty());
    assert_eq!(HolidayCalendar::default(), HolidayCalendar::weekends_only());
    // A holiday on a weekend day is allowed.
    assert!(
        HolidayCalendar::new("x", [Weekday::Sat, Weekday::Sun], [date(2026, 5, 30)], []).is_ok()
    );
}

#[test]
fn calendar_serde() {
    let cal = tiaoxiu();
    let json = serde_json::to_string(&cal).expect("serializes");
    assert_eq!(
        json,
        r#"{"name":"tiaoxiu fixture","weekend":["Sat","Sun"],"holidays":["2025-10-01","2025-10-02","2025-10-03","2025-10-04","2025-10-05","2025-10-06","2025-10-07","2025-10-08"],"working_days":["2025-09-28","2025-10-11"]}"#
    );
    let back: HolidayCalendar = serde_json::from_str(&json).expect("deserializes");
    assert_eq!(back, cal);

    // Optional lists, long weekday names.
    let minimal: HolidayCalendar =
        serde_json::from_str(r#"{"name":"weekends","weekend":["Saturday","Sunday"]}"#)
            .expect("deserializes");
    assert_eq!(minimal, HolidayCalendar::weekends_only());

    // Reading validates like `new`.
    let err = serde_json::from_str::<HolidayCalendar>(
        r#"{"name":"both","weekend":["Sat","Sun"],"holidays":["2025-09-28"],"working_days":["2025-09-28"]}"#,
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("a date cannot be both a holiday and a working day"),
        "{err}"
    );
    assert!(serde_json::from_str::<HolidayCalendar>(
        r#"{"name":"x","weekend":["Sat"],"extra":true}"#
    )
    .is_err());
}

#[test]
fn due_date_adjustment_serde() {
    let adjustment = DueDateAdjustment::new(
        BusinessDayConvention::ModifiedFollowing,
        HolidayCalendar::weekends_only(),
    );
    let json = serde_json::to_string(&adjustment).expect("serializes");
    assert_eq!(
        json,
        r#"{"convention":"modified_following","calendar":{"name":"weekends","weekend":["Sat","Sun"],"holidays":[],"working_days":[]}}"#
    );
    let back: DueDateAdjustment = serde_json::from_str(&json).expect("deserializes");
    assert_eq!(back, adjustment);
    assert_eq!(back.adjust(date(2026, 5, 30)), Ok(date(2026, 5, 29)));
    assert!(serde_json::from_str::<DueDateAdjustment>(
        r#"{"convention":"following","calendar":{"name":"w","weekend":["Sat"]},"extra":1}"#
    )
    .is_err());
    let default = DueDateAdjustment::default();
    assert_eq!(default.convention, BusinessDayConvention::Unadjusted);
    assert_eq!(default.adjust(date(2026, 5, 30)), Ok(date(2026, 5, 30)));
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
