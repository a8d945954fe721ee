//! Day-count conventions and exact year fractions.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result, Validator};

// ---------------------------------------------------------------------------
// Day counts
// ---------------------------------------------------------------------------

/// A day-count convention: how the time between two dates becomes a fraction
/// of a year.
///
/// Definitions follow ISDA 2006 §4.16 as digested in `RULES.md` §2.7. Dates
/// are `start` (D1) and `end` (D2); actual days count `start` and exclude
/// `end`.
///
/// | Variant | Market name | Fraction |
/// |---------|-------------|----------|
/// | [`Act360`](DayCount::Act360) | Act/360 | actual days / 360 |
/// | [`Act365Fixed`](DayCount::Act365Fixed) | Act/365F | actual days / 365 |
/// | [`ActActIsda`](DayCount::ActActIsda) | Act/Act ISDA | days in non-leap years / 365 + days in leap years / 366 |
/// | [`Thirty360BondBasis`](DayCount::Thirty360BondBasis) | 30/360 Bond Basis | N / 360, ISDA 4.16(f) |
/// | [`Thirty360Us`](DayCount::Thirty360Us) | 30/360 US | N / 360, SIA end-of-month rules |
/// | [`ThirtyE360`](DayCount::ThirtyE360) | 30E/360 | N / 360, ISDA 4.16(g) |
/// | [`ThirtyE360Isda`](DayCount::ThirtyE360Isda) | 30E/360 ISDA | N / 360, ISDA 4.16(h) |
///
/// where N = 360 × (Y2 − Y1) + 30 × (M2 − M1) + (D2 − D1) after each
/// convention's day adjustments.
///
/// # Reversed periods
///
/// Every method is antisymmetric: for `start > end` it returns the negation
/// of the same call with the dates swapped (so `parts`, `year_fraction` and
/// `accrue` are negative). The 30/360 adjustments are therefore always made
/// with D1 the earlier and D2 the later date, and the 30E/360 ISDA
/// termination exception applies to the later date.
///
/// In files a day count is written in snake case: `"act_360"`,
/// `"act_365_fixed"`, `"act_act_isda"`, `"thirty_360_bond_basis"`,
/// `"thirty_360_us"`, `"thirty_e_360"`, `"thirty_e_360_isda"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DayCount {
    /// Actual/360: actual days over 360 (the usual convention for CN
    /// penalty interest).
    #[serde(rename = "act_360")]
    Act360,
    /// Actual/365 Fixed: actual days over 365, leap years included.
    #[serde(rename = "act_365_fixed")]
    Act365Fixed,
    /// Actual/Actual (ISDA): the period is split at each 1 January; days
    /// falling in non-leap years count over 365, days in leap years over 366.
    #[serde(rename = "act_act_isda")]
    ActActIsda,
    /// 30/360 Bond Basis (ISDA 2006 §4.16(f)): D1 = 31 becomes 30; D2 = 31
    /// becomes 30 when D1 (after adjustment) is 30.
    #[serde(rename = "thirty_360_bond_basis")]
    Thirty360BondBasis,
    /// 30/360 US (SIA, end-of-month): if D1 and D2 are both the last day of
    /// February, D2 becomes 30; if D1 is the last day of February, D1 becomes
    /// 30; then the Bond Basis rules.
    #[serde(rename = "thirty_360_us")]
    Thirty360Us,
    /// 30E/360, Eurobond basis (ISDA 2006 §4.16(g)): a 31st becomes 30 for
    /// both dates, unconditionally.
    #[serde(rename = "thirty_e_360")]
    ThirtyE360,
    /// 30E/360 ISDA (ISDA 2006 §4.16(h)): a date on the last day of its month
    /// becomes 30, except D2 when it is the termination date and falls in
    /// February (see [`DayCount::day_count_with_termination`]).
    #[serde(rename = "thirty_e_360_isda")]
    ThirtyE360Isda,
}

impl DayCount {
    /// Every convention, in declaration order.
    pub const ALL: &'static [DayCount] = &[
        DayCount::Act360,
        DayCount::Act365Fixed,
        DayCount::ActActIsda,
        DayCount::Thirty360BondBasis,
        DayCount::Thirty360Us,
        DayCount::ThirtyE360,
        DayCount::ThirtyE360Isda,
    ];

    /// The numerator days from `start` to `end`: actual days for the Act
    /// conventions (Act/Act ISDA included), the adjusted N for the 30/360
    /// family.
    ///
    /// For [`ThirtyE360Isda`](DayCount::ThirtyE360Isda) `end` is treated as
    /// **not** being the termination date, so a February month-end `end`
    /// becomes 30; use [`DayCount::day_count_with_termination`] for the final
    /// period of a schedule.
    ///
    /// Negative when `start > end` (see [Reversed periods](DayCount#reversed-periods)).
    /// Never panics: every date chrono can represent gives a count that fits
    /// easily in an `i64`.
    ///
    /// # Example
    ///
    /// ```
    /// use arrears::calendar::DayCount;
    /// use chrono::NaiveDate;
    ///
    /// let start = NaiveDate::from_ymd_opt(2007, 2, 28).ok_or("bad date")?;
    /// let end = NaiveDate::from_ymd_opt(2007, 3, 31).ok_or("bad date")?;
    /// assert_eq!(DayCount::Act360.day_count(start, end), 31);
    /// assert_eq!(DayCount::Thirty360BondBasis.day_count(start, end), 33);
    /// assert_eq!(DayCount::ThirtyE360.day_count(start, end), 32);
    /// assert_eq!(DayCount::ThirtyE360Isda.day_count(start, end), 30);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn day_count(self, start: NaiveDate, end: NaiveDate) -> i64 {
        self.day_count_with_termination(start, end, None)
    }

    /// Like [`DayCount::day_count`], naming the termination (final maturity)
    /// date of the schedule, which only 30E/360 ISDA uses: when the later of
    /// the two dates equals `termination` and is the last day of February, it
    /// is not changed to 30. Other conventions ignore `termination`.
    ///
    /// # Example
    ///
    /// ```
    /// use arrears::calendar::DayCount;
    /// use chrono::NaiveDate;
    ///
    /// let start = NaiveDate::from_ymd_opt(2008, 8, 31).ok_or("bad date")?;
    /// let end = NaiveDate::from_ymd_opt(2009, 2, 28).ok_or("bad date")?;
    /// let dc = DayCount::ThirtyE360Isda;
    /// assert_eq!(dc.day_count_with_termination(start, end, None), 180);
    /// assert_eq!(dc.day_count_with_termination(start, end, Some(end)), 178);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn day_count_with_termination(
        self,
        start: NaiveDate,
        end: NaiveDate,
        termination: Option<NaiveDate>,
    ) -> i64 {
        if start > end {
            return -self.day_count_with_termination(end, start, termination);
        }
        let (mut d1, mut d2) = (start.day(), end.day());
        match self {
            DayCount::Act360 | DayCount::Act365Fixed | DayCount::ActActIsda => {
                return actual_days(start, end);
            }
            DayCount::Thirty360BondBasis => {
                if d1 == 31 {
                    d1 = 30;
                }
                if d2 == 31 && d1 == 30 {
                    d2 = 30;
                }
            }
            DayCount::Thirty360Us => {
                let feb1 = is_last_of_february(start);
                let feb2 = is_last_of_february(end);
                if feb1 && feb2 {
                    d2 = 30;
                }
                if feb1 {
                    d1 = 30;
                }
                if d2 == 31 && d1 >= 30 {
                    d2 = 30;
                }
                if d1 == 31 {
                    d1 = 30;
                }
            }
            DayCount::ThirtyE360 => {
                d1 = d1.min(30);
                d2 = d2.min(30);
            }
            DayCount::ThirtyE360Isda => {
                if is_month_end(start) {
                    d1 = 30;
                }
                let termination_in_february = end.month() == 2 && termination == Some(end);
                if is_month_end(end) && !termination_in_february {
                    d2 = 30;
                }
            }
        }
        thirty_360_days(start, d1, end, d2)
    }

    /// The year fraction from `start` to `end` as a [`Decimal`].
    ///
    /// The fraction is computed as one division of exact integers (for
    /// Act/Act ISDA, `(d365 × 366 + d366 × 365) / 133 590`), so it is exact
    /// whenever the true value is a finite decimal that fits (45/360 =
    /// `0.125`) and otherwise rounded once to [`Decimal`]'s precision: 28
    /// decimal places, or 28–29 significant digits for fractions of about 7.9
    /// years or more (1/360 = `0.0027777777777777777777777778`). To accrue interest use
    /// [`DayCount::accrue`], which divides last and so does not carry this
    /// rounding into the amount.
    ///
    /// Negative when `start > end` (see [Reversed periods](DayCount#reversed-periods)).
    /// 30E/360 ISDA treats `end` as not the termination date; for the final
    /// period use [`DayCount::parts_with_termination`] and
    /// [`YearFraction::to_decimal`].
    ///
    /// # Errors
    ///
    /// None in practice (see [`YearFraction::to_decimal`]); the `Result`
    /// guards the checked arithmetic and keeps the signature uniform with
    /// [`DayCount::accrue`].
    ///
    /// # Example
    ///
    /// ```
    /// use arrears::calendar::DayCount;
    /// use chrono::NaiveDate;
    /// use rust_decimal::Decimal;
    ///
    /// let start = NaiveDate::from_ymd_opt(2026, 1, 1).ok_or("bad date")?;
    /// let end = NaiveDate::from_ymd_opt(2026, 3, 15).ok_or("bad date")?;
    /// // 73 days / 365 = 0.2 exactly.
    /// assert_eq!(DayCount::Act365Fixed.year_fraction(start, end)?, Decimal::new(2, 1));
    /// assert_eq!(DayCount::Act365Fixed.year_fraction(end, start)?, Decimal::new(-2, 1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn year_fraction(self, start: NaiveDate, end: NaiveDate) -> Result<Decimal> {
        self.parts(start, end).to_decimal()
    }

    /// Interest on `amount` at `annual_rate` (a fraction: `0.0672` for
    /// 6.72 %) from `start` to `end`, unrounded.
    ///
    /// Computed as `amount × annual_rate × numerator / denominator` with the
    /// division last, where `numerator / denominator` is the exact rational
    /// year fraction ([`YearFraction`]): `days / 360` for Act/360 and the
    /// 30/360 family, `days / 365` for Act/365F, and for Act/Act ISDA
    /// `(d365 × 366 + d366 × 365) / (365 × 366)`, which equals
    /// `amount × rate × d365 / 365 + amount × rate × d366 / 366` but is
    /// rounded once instead of twice. The result is therefore exact whenever
    /// the true value is a finite decimal that [`Decimal`] can hold
    /// (24,000 × 0.0672 × 45 / 360 = `201.6`), and otherwise rounded once, in
    /// the final division, to [`Decimal`]'s precision (`amount × annual_rate`
    /// itself is only rounded if it needs more than 28 decimal places).
    /// Rounding to the currency's minor unit is the caller's (the posting
    /// policy's) job.
    ///
    /// Because Act/360 and Act/365F numerators add up exactly, accruing
    /// `a..b` then `b..c` equals accruing `a..c` whenever both parts are
    /// exact.
    ///
    /// Negative when `start > end`. 30E/360 ISDA treats `end` as not the
    /// termination date; for the final period use
    /// [`DayCount::parts_with_termination`] and [`YearFraction::accrue`].
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`] when an intermediate product exceeds [`Decimal`]'s
    /// range (about 7.9 × 10²⁸).
    ///
    /// # Example
    ///
    /// ```
    /// use arrears::calendar::DayCount;
    /// use chrono::NaiveDate;
    /// use rust_decimal::Decimal;
    ///
    /// let start = NaiveDate::from_ymd_opt(2026, 3, 1).ok_or("bad date")?;
    /// let end = NaiveDate::from_ymd_opt(2026, 4, 15).ok_or("bad date")?;
    /// let interest = DayCount::Act360.accrue(Decimal::from(24_000), Decimal::new(672, 4), start, end)?;
    /// assert_eq!(interest, Decimal::new(20160, 2));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn accrue(
        self,
        amount: Decimal,
        annual_rate: Decimal,
        start: NaiveDate,
        end: NaiveDate,
    ) -> Result<Decimal> {
        self.parts(start, end).accrue(amount, annual_rate)
    }

    /// The year fraction from `start` to `end` as a sum of `days / basis`
    /// terms, without allocating.
    ///
    /// Act/360, Act/365F and the 30/360 family give one term (`45/360`);
    /// Act/Act ISDA always gives two, days in non-leap years over 365 then
    /// days in leap years over 366 (`61/365 + 121/366`), zero terms included,
    /// and the two day counts add up to the actual days.
    ///
    /// Negative terms when `start > end`. 30E/360 ISDA treats `end` as not
    /// the termination date (see [`DayCount::parts_with_termination`]).
    ///
    /// # Example
    ///
    /// ```
    /// use arrears::calendar::{DayCount, FractionTerm};
    /// use chrono::NaiveDate;
    ///
    /// let start = NaiveDate::from_ymd_opt(2003, 11, 1).ok_or("bad date")?;
    /// let end = NaiveDate::from_ymd_opt(2004, 5, 1).ok_or("bad date")?;
    /// let parts = DayCount::ActActIsda.parts(start, end);
    /// assert_eq!(
    ///     parts.terms(),
    ///     [FractionTerm { days: 61, basis: 365 }, FractionTerm { days: 121, basis: 366 }]
    /// );
    /// assert_eq!(parts.to_string(), "61/365 + 121/366");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parts(self, start: NaiveDate, end: NaiveDate) -> YearFraction {
        self.parts_with_termination(start, end, None)
    }

    /// Like [`DayCount::parts`], naming the schedule's termination date for
    /// 30E/360 ISDA (see [`DayCount::day_count_with_termination`]); other
    /// conventions ignore `termination`.
    pub fn parts_with_termination(
        self,
        start: NaiveDate,
        end: NaiveDate,
        termination: Option<NaiveDate>,
    ) -> YearFraction {
        let basis = match self {
            DayCount::ActActIsda => {
                let (non_leap, leap) = act_act_split(start, end);
                return YearFraction::two(
                    FractionTerm {
                        days: non_leap,
                        basis: 365,
                    },
                    FractionTerm {
                        days: leap,
                        basis: 366,
                    },
                );
            }
            DayCount::Act365Fixed => 365,
            DayCount::Act360
            | DayCount::Thirty360BondBasis
            | DayCount::Thirty360Us
            | DayCount::ThirtyE360
            | DayCount::ThirtyE360Isda => 360,
        };
        YearFraction::one(FractionTerm {
            days: self.day_count_with_termination(start, end, termination),
            basis,
        })
    }

    /// The fixed denominator of the fraction: `Some(360)` for Act/360 and the
    /// 30/360 family, `Some(365)` for Act/365F, and `None` for Act/Act ISDA,
    /// whose denominator is 365 or 366 depending on the year each day falls
    /// in (see [`DayCount::parts`]).
    pub fn basis(self) -> Option<u32> {
        match self {
            DayCount::Act360
            | DayCount::Thirty360BondBasis
            | DayCount::Thirty360Us
            | DayCount::ThirtyE360
            | DayCount::ThirtyE360Isda => Some(360),
            DayCount::Act365Fixed => Some(365),
            DayCount::ActActIsda => None,
        }
    }

    /// The market name: `Act/360`, `Act/365F`, `Act/Act ISDA`,
    /// `30/360 Bond Basis`, `30/360 US`, `30E/360`, `30E/360 ISDA`.
    pub fn name(self) -> &'static str {
        match self {
            DayCount::Act360 => "Act/360",
            DayCount::Act365Fixed => "Act/365F",
            DayCount::ActActIsda => "Act/Act ISDA",
            DayCount::Thirty360BondBasis => "30/360 Bond Basis",
            DayCount::Thirty360Us => "30/360 US",
            DayCount::ThirtyE360 => "30E/360",
            DayCount::ThirtyE360Isda => "30E/360 ISDA",
        }
    }
}

impl fmt::Display for DayCount {
    /// Writes the market name (see [`DayCount::name`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One `days / basis` term of a [`YearFraction`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FractionTerm {
    /// The numerator: actual days, or the 30/360 N. Negative for a reversed
    /// period.
    pub days: i64,
    /// The denominator: 360, 365 or 366.
    pub basis: u32,
}

impl fmt::Display for FractionTerm {
    /// Writes `days/basis`, e.g. `61/365`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.days, self.basis)
    }
}

/// A year fraction written as a sum of one or two `days / basis` terms, as
/// returned by [`DayCount::parts`]: the exact rational behind
/// [`DayCount::year_fraction`] and [`DayCount::accrue`], for audit output.
///
/// Displays as `45/360` or `61/365 + 121/366`. In files it is
/// `{ "terms": [{ "days": 61, "basis": 365 }, { "days": 121, "basis": 366 }] }`;
/// reading one checks that it has one or two terms and no zero basis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "YearFractionRepr", into = "YearFractionRepr")]
pub struct YearFraction {
    /// Only the first `len` terms are meaningful; unused slots hold
    /// `UNUSED_TERM` so that derived equality is sound.
    terms: [FractionTerm; 2],
    len: usize,
}

const UNUSED_TERM: FractionTerm = FractionTerm { days: 0, basis: 1 };

impl YearFraction {
    fn one(term: FractionTerm) -> Self {
        YearFraction {
            terms: [term, UNUSED_TERM],
            len: 1,
        }
    }

    fn two(first: FractionTerm, second: FractionTerm) -> Self {
        YearFraction {
            terms: [first, second],
            len: 2,
        }
    }

    /// The terms (one or two), in order.
    pub fn terms(&self) -> &[FractionTerm] {
        &self.terms[..self.len]
    }

    /// The fraction as a [`Decimal`], rounded once at 28 decimal places
    /// unless it is exact (see [`DayCount::year_fraction`]).
    ///
    /// # Errors
    ///
    /// None in practice: the numerator and denominator of any one- or
    /// two-term fraction fit in a [`Decimal`]. The `Result` guards the checked
    /// arithmetic ([`Error::Overflow`]).
    pub fn to_decimal(&self) -> Result<Decimal> {
        let (numerator, denominator) = self.rational()?;
        div(numerator, denominator)
    }

    /// `amount × annual_rate × fraction`, unrounded, with the division last
    /// (see [`DayCount::accrue`]).
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`] when an intermediate product exceeds [`Decimal`]'s
    /// range.
    pub fn accrue(&self, amount: Decimal, annual_rate: Decimal) -> Result<Decimal> {
        let (numerator, denominator) = self.rational()?;
        let per_year = mul(amount, annual_rate)?;
        div(mul(per_year, numerator)?, denominator)
    }

    /// The fraction as one exact rational `numerator / denominator`.
    fn rational(&self) -> Result<(Decimal, Decimal)> {
        let [a, b] = self.terms;
        if self.len == 1 {
            return Ok((Decimal::from(a.days), Decimal::from(a.basis)));
        }
        let left = mul(Decimal::from(a.days), Decimal::from(b.basis))?;
        let right = mul(Decimal::from(b.days), Decimal::from(a.basis))?;
        let numerator = add(left, right)?;
        let denominator = mul(Decimal::from(a.basis), Decimal::from(b.basis))?;
        Ok((numerator, denominator))
    }
}

impl fmt::Display for YearFraction {
    /// Writes the terms joined by ` + `, e.g. `61/365 + 121/366`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, term) in self.terms().iter().enumerate() {
            if i > 0 {
                f.write_str(" + ")?;
            }
            write!(f, "{term}")?;
        }
        Ok(())
    }
}

/// The file form of a [`YearFraction`].
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct YearFractionRepr {
    terms: Vec<FractionTerm>,
}

impl From<YearFraction> for YearFractionRepr {
    fn from(fraction: YearFraction) -> Self {
        YearFractionRepr {
            terms: fraction.terms().to_vec(),
        }
    }
}

impl TryFrom<YearFractionRepr> for YearFraction {
    type Error = Error;

    fn try_from(repr: YearFractionRepr) -> Result<Self> {
        let mut validator = Validator::default();
        let len = repr.terms.len();
        if !(1..=2).contains(&len) {
            validator.push("year_fraction.terms", len, "must hold one or two terms");
        }
        for (i, term) in repr.terms.iter().enumerate() {
            if term.basis == 0 {
                validator.push(
                    format!("year_fraction.terms[{i}].basis"),
                    term.basis,
                    "must be greater than zero",
                );
            }
        }
        validator.finish()?;
        let mut terms = [UNUSED_TERM; 2];
        for (slot, term) in terms.iter_mut().zip(&repr.terms) {
            *slot = *term;
        }
        Ok(YearFraction { terms, len })
    }
}

fn mul(left: Decimal, right: Decimal) -> Result<Decimal> {
    left.checked_mul(right)
        .ok_or_else(|| Error::overflow("multiply", left, right))
}

fn div(left: Decimal, right: Decimal) -> Result<Decimal> {
    left.checked_div(right)
        .ok_or_else(|| Error::overflow("divide", left, right))
}

fn add(left: Decimal, right: Decimal) -> Result<Decimal> {
    left.checked_add(right)
        .ok_or_else(|| Error::overflow("add", left, right))
}

/// Actual days from `start` to `end` (negative if reversed). chrono's whole
/// range spans about 1.9 × 10⁸ days, so this cannot overflow.
pub(super) fn actual_days(start: NaiveDate, end: NaiveDate) -> i64 {
    end.signed_duration_since(start).num_days()
}

/// N = 360 (Y2 − Y1) + 30 (M2 − M1) + (D2 − D1), with adjusted days. Years
/// are within ±262 144, so this is far from overflowing `i64`.
fn thirty_360_days(start: NaiveDate, d1: u32, end: NaiveDate, d2: u32) -> i64 {
    let years = i64::from(end.year()) - i64::from(start.year());
    let months = i64::from(end.month()) - i64::from(start.month());
    let days = i64::from(d2) - i64::from(d1);
    360 * years + 30 * months + days
}

pub(super) fn is_leap_year(year: i32) -> bool {
    year.rem_euclid(4) == 0 && (year.rem_euclid(100) != 0 || year.rem_euclid(400) == 0)
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 31,
    }
}

fn is_month_end(date: NaiveDate) -> bool {
    date.day() == days_in_month(date.year(), date.month())
}

fn is_last_of_february(date: NaiveDate) -> bool {
    date.month() == 2 && is_month_end(date)
}

/// Leap years in the proleptic Gregorian calendar from an arbitrary origin
/// up to and including `year`; differences count leap years in a range
/// `(a, b]`, for negative years too.
fn leap_years_through(year: i64) -> i64 {
    year.div_euclid(4) - year.div_euclid(100) + year.div_euclid(400)
}

/// Splits `start..end` into (days in non-leap years, days in leap years),
/// both negated for a reversed period. Closed form, so it costs the same for
/// a day and for a millennium. Every quantity is bounded by chrono's range
/// (about 1.9 × 10⁸ days), far from `i64`'s limits.
fn act_act_split(start: NaiveDate, end: NaiveDate) -> (i64, i64) {
    if start > end {
        let (non_leap, leap) = act_act_split(end, start);
        return (-non_leap, -leap);
    }
    let (y1, y2) = (start.year(), end.year());
    if y1 == y2 {
        let days = actual_days(start, end);
        return if is_leap_year(y1) {
            (0, days)
        } else {
            (days, 0)
        };
    }
    let mut non_leap = 0_i64;
    let mut leap = 0_i64;
    // From `start` to 1 January of the next year.
    let first_year_days = if is_leap_year(y1) { 366 } else { 365 };
    let first = first_year_days - i64::from(start.ordinal0());
    // From 1 January of `end`'s year to `end`.
    let last = i64::from(end.ordinal0());
    for (year, days) in [(y1, first), (y2, last)] {
        if is_leap_year(year) {
            leap += days;
        } else {
            non_leap += days;
        }
    }
    // Whole years strictly between.
    let (y1, y2) = (i64::from(y1), i64::from(y2));
    let whole_years = y2 - y1 - 1;
    let leap_years = leap_years_through(y2 - 1) - leap_years_through(y1);
    leap += 366 * leap_years;
    non_leap += 365 * (whole_years - leap_years);
    (non_leap, leap)
}
