//! Day counts: the reference tables (days, termination dates, Act/Act,
//! year fractions, accrual), names and serde.

use super::*;

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
