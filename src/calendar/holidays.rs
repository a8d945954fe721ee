//! Holiday calendars and business-day conventions.

use std::collections::BTreeSet;
use std::fmt;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use super::daycount::actual_days;
use crate::error::{Error, Result, Validator};

// ---------------------------------------------------------------------------
// Holiday calendars
// ---------------------------------------------------------------------------

/// How many days past a date [`BusinessDayConvention::adjust`] and
/// [`HolidayCalendar::add_business_days`] look for a business day before
/// giving up with an error.
pub const MAX_BUSINESS_DAY_SEARCH: u32 = 366;

/// Which dates are business days: a weekend, a list of holidays, and a list
/// of make-up working days that override the weekend (China's 调休, when a
/// Saturday or Sunday is worked to bridge a holiday).
///
/// A date is a business day when it is a listed working day, or when it is
/// neither a holiday nor a weekend day.
///
/// Construction validates, and reading a calendar from a file goes through
/// the same validation ([`HolidayCalendar::new`]). In files:
///
/// ```json
/// {
///   "name": "example",
///   "weekend": ["Sat", "Sun"],
///   "holidays": ["2025-10-01", "2025-10-02"],
///   "working_days": ["2025-09-28"]
/// }
/// ```
///
/// `holidays` and `working_days` may be omitted (empty). Weekdays are read
/// as short or long English names (`"Sat"`, `"Saturday"`) and written short.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "HolidayCalendarRepr", into = "HolidayCalendarRepr")]
pub struct HolidayCalendar {
    name: String,
    /// Sorted Monday first, no duplicates, at most six days.
    weekend: Vec<Weekday>,
    holidays: BTreeSet<NaiveDate>,
    working_days: BTreeSet<NaiveDate>,
}

impl HolidayCalendar {
    /// A calendar named `weekends` whose only non-business days are
    /// Saturday and Sunday.
    pub fn weekends_only() -> Self {
        HolidayCalendar {
            name: "weekends".to_owned(),
            weekend: vec![Weekday::Sat, Weekday::Sun],
            holidays: BTreeSet::new(),
            working_days: BTreeSet::new(),
        }
    }

    /// Builds a calendar from its name, weekend days, holidays and make-up
    /// working days.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPolicy`] listing every problem found:
    ///
    /// - `calendar.name` is empty or blank;
    /// - `calendar.weekend` lists a day twice, or all seven days (a calendar
    ///   must have at least one business day in a week);
    /// - a date in `calendar.working_days` is also a holiday;
    /// - a date in `calendar.working_days` is not a weekend day (so it is a
    ///   working day already, which usually means a wrong date).
    ///
    /// A holiday that falls on a weekend is allowed.
    ///
    /// # Example
    ///
    /// ```
    /// use arrears::calendar::HolidayCalendar;
    /// use chrono::{NaiveDate, Weekday};
    ///
    /// let holiday = NaiveDate::from_ymd_opt(2025, 10, 1).ok_or("bad date")?;
    /// let make_up = NaiveDate::from_ymd_opt(2025, 9, 28).ok_or("bad date")?; // a Sunday
    /// let cal = HolidayCalendar::new("example", [Weekday::Sat, Weekday::Sun], [holiday], [make_up])?;
    /// assert!(!cal.is_business_day(holiday));
    /// assert!(cal.is_business_day(make_up));
    ///
    /// let err = HolidayCalendar::new("bad", [Weekday::Sat, Weekday::Sun], [make_up], [make_up])
    ///     .unwrap_err();
    /// assert!(err.to_string().contains("cannot be both a holiday and a working day"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(
        name: impl Into<String>,
        weekend: impl IntoIterator<Item = Weekday>,
        holidays: impl IntoIterator<Item = NaiveDate>,
        working_days: impl IntoIterator<Item = NaiveDate>,
    ) -> Result<Self> {
        let name = name.into();
        let listed: Vec<Weekday> = weekend.into_iter().collect();
        let holidays: BTreeSet<NaiveDate> = holidays.into_iter().collect();
        let working_days: BTreeSet<NaiveDate> = working_days.into_iter().collect();

        let mut validator = Validator::default();
        if name.trim().is_empty() {
            validator.push("calendar.name", &name, "must not be empty");
        }
        let mut weekend: Vec<Weekday> = Vec::with_capacity(listed.len());
        for day in &listed {
            if weekend.contains(day) {
                validator.push("calendar.weekend", day, "is listed more than once");
            } else {
                weekend.push(*day);
            }
        }
        weekend.sort_by_key(|day| day.num_days_from_monday());
        if weekend.len() >= 7 {
            let all = weekend
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            validator.push(
                "calendar.weekend",
                all,
                "covers all seven days of the week; a calendar needs at least one business weekday",
            );
        }
        for date in &working_days {
            if holidays.contains(date) {
                validator.push(
                    "calendar.working_days",
                    date,
                    "is also listed in `calendar.holidays`; a date cannot be both a holiday and a working day",
                );
            }
            if !weekend.contains(&date.weekday()) {
                validator.push(
                    "calendar.working_days",
                    date,
                    format!(
                        "falls on `{}`, which is not a weekend day, so it is a working day already",
                        date.weekday()
                    ),
                );
            }
        }
        validator.finish()?;
        Ok(HolidayCalendar {
            name,
            weekend,
            holidays,
            working_days,
        })
    }

    /// The calendar's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The weekend days, Monday first.
    pub fn weekend(&self) -> &[Weekday] {
        &self.weekend
    }

    /// The holidays.
    pub fn holidays(&self) -> &BTreeSet<NaiveDate> {
        &self.holidays
    }

    /// The make-up working days that override the weekend.
    pub fn working_days(&self) -> &BTreeSet<NaiveDate> {
        &self.working_days
    }

    /// Whether `date` is a business day: a listed working day, or neither a
    /// holiday nor a weekend day.
    pub fn is_business_day(&self, date: NaiveDate) -> bool {
        if self.working_days.contains(&date) {
            return true;
        }
        !self.holidays.contains(&date) && !self.weekend.contains(&date.weekday())
    }

    /// The date `n` business days after `date` (before it when `n` is
    /// negative). `date` itself is not counted, and need not be a business
    /// day; `n = 0` returns `date` unchanged.
    ///
    /// # Errors
    ///
    /// - [`Error::DateOutOfRange`] if the result would fall outside chrono's
    ///   date range;
    /// - [`Error::InvalidField`] naming the date from which no business day
    ///   was found within [`MAX_BUSINESS_DAY_SEARCH`] days (a holiday list
    ///   covering more than a year).
    ///
    /// # Example
    ///
    /// ```
    /// use arrears::calendar::HolidayCalendar;
    /// use chrono::NaiveDate;
    ///
    /// let cal = HolidayCalendar::weekends_only();
    /// let friday = NaiveDate::from_ymd_opt(2026, 5, 29).ok_or("bad date")?;
    /// let tuesday = NaiveDate::from_ymd_opt(2026, 6, 2).ok_or("bad date")?;
    /// assert_eq!(cal.add_business_days(friday, 2)?, tuesday);
    /// assert_eq!(cal.add_business_days(tuesday, -2)?, friday);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_business_days(&self, date: NaiveDate, n: i64) -> Result<NaiveDate> {
        let forward = n > 0;
        let mut remaining = n.unsigned_abs();
        let out_of_range = || Error::date_out_of_range(format!("add_business_days({n})"), date);
        // Each business day is at least one calendar day, so a count beyond
        // the calendar days left in chrono's range cannot succeed; failing
        // early keeps huge `n` from looping.
        let room = if forward {
            actual_days(date, NaiveDate::MAX)
        } else {
            actual_days(NaiveDate::MIN, date)
        };
        if remaining > room.unsigned_abs() {
            return Err(out_of_range());
        }
        let mut day = date;
        while remaining > 0 {
            day = step(day, forward).ok_or_else(out_of_range)?;
            day = self.nearest_business_day(day, forward)?;
            remaining -= 1;
        }
        Ok(day)
    }

    /// The first business day on or after `date` (`forward`), or the last
    /// on or before it, looking at most [`MAX_BUSINESS_DAY_SEARCH`] days away.
    fn nearest_business_day(&self, date: NaiveDate, forward: bool) -> Result<NaiveDate> {
        let mut day = date;
        let mut offset = 0;
        loop {
            if self.is_business_day(day) {
                return Ok(day);
            }
            if offset == MAX_BUSINESS_DAY_SEARCH {
                let direction = if forward { "after" } else { "before" };
                return Err(Error::invalid(
                    "date",
                    date,
                    format!(
                        "no business day on or within {MAX_BUSINESS_DAY_SEARCH} days {direction} it in calendar `{}`",
                        self.name
                    ),
                ));
            }
            day = step(day, forward).ok_or_else(|| {
                let field = if forward {
                    "following business day"
                } else {
                    "preceding business day"
                };
                Error::date_out_of_range(field, date)
            })?;
            offset += 1;
        }
    }

    /// Like [`HolidayCalendar::nearest_business_day`], but only within
    /// `date`'s month; `None` if there is no such business day.
    fn nearest_business_day_in_month(&self, date: NaiveDate, forward: bool) -> Option<NaiveDate> {
        let mut day = date;
        loop {
            if self.is_business_day(day) {
                return Some(day);
            }
            day = step(day, forward).filter(|next| next.month() == date.month())?;
        }
    }
}

impl Default for HolidayCalendar {
    /// [`HolidayCalendar::weekends_only`].
    fn default() -> Self {
        HolidayCalendar::weekends_only()
    }
}

fn step(date: NaiveDate, forward: bool) -> Option<NaiveDate> {
    if forward {
        date.succ_opt()
    } else {
        date.pred_opt()
    }
}

/// The file form of a [`HolidayCalendar`].
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct HolidayCalendarRepr {
    name: String,
    weekend: Vec<Weekday>,
    #[serde(default)]
    holidays: BTreeSet<NaiveDate>,
    #[serde(default)]
    working_days: BTreeSet<NaiveDate>,
}

impl From<HolidayCalendar> for HolidayCalendarRepr {
    fn from(calendar: HolidayCalendar) -> Self {
        HolidayCalendarRepr {
            name: calendar.name,
            weekend: calendar.weekend,
            holidays: calendar.holidays,
            working_days: calendar.working_days,
        }
    }
}

impl TryFrom<HolidayCalendarRepr> for HolidayCalendar {
    type Error = Error;

    fn try_from(repr: HolidayCalendarRepr) -> Result<Self> {
        HolidayCalendar::new(repr.name, repr.weekend, repr.holidays, repr.working_days)
    }
}

// ---------------------------------------------------------------------------
// Business-day conventions
// ---------------------------------------------------------------------------

/// How a date that is not a business day is moved.
///
/// In files: `"unadjusted"`, `"following"`, `"modified_following"`,
/// `"preceding"`, `"modified_preceding"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum BusinessDayConvention {
    /// The date is kept as it is.
    Unadjusted,
    /// The first business day on or after the date.
    Following,
    /// The first business day on or after the date, unless that is in the
    /// next month; then the last business day before the date.
    ModifiedFollowing,
    /// The last business day on or before the date.
    Preceding,
    /// The last business day on or before the date, unless that is in the
    /// previous month; then the first business day after the date.
    ModifiedPreceding,
}

impl BusinessDayConvention {
    /// Moves `date` to a business day of `calendar` by this convention. A
    /// business day is returned unchanged.
    ///
    /// # Errors
    ///
    /// - [`Error::InvalidField`] naming the date when no business day lies
    ///   within [`MAX_BUSINESS_DAY_SEARCH`] days in the direction searched
    ///   (only possible with a holiday list covering more than a year);
    /// - [`Error::DateOutOfRange`] when the search leaves chrono's range.
    ///
    /// # Example
    ///
    /// ```
    /// use arrears::calendar::{BusinessDayConvention, HolidayCalendar};
    /// use chrono::NaiveDate;
    ///
    /// let cal = HolidayCalendar::weekends_only();
    /// let saturday = NaiveDate::from_ymd_opt(2026, 5, 30).ok_or("bad date")?;
    /// let monday = NaiveDate::from_ymd_opt(2026, 6, 1).ok_or("bad date")?;
    /// let friday = NaiveDate::from_ymd_opt(2026, 5, 29).ok_or("bad date")?;
    /// assert_eq!(BusinessDayConvention::Following.adjust(saturday, &cal)?, monday);
    /// assert_eq!(BusinessDayConvention::ModifiedFollowing.adjust(saturday, &cal)?, friday);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn adjust(self, date: NaiveDate, calendar: &HolidayCalendar) -> Result<NaiveDate> {
        match self {
            BusinessDayConvention::Unadjusted => Ok(date),
            BusinessDayConvention::Following => calendar.nearest_business_day(date, true),
            BusinessDayConvention::Preceding => calendar.nearest_business_day(date, false),
            BusinessDayConvention::ModifiedFollowing => {
                match calendar.nearest_business_day_in_month(date, true) {
                    Some(day) => Ok(day),
                    None => calendar.nearest_business_day(date, false),
                }
            }
            BusinessDayConvention::ModifiedPreceding => {
                match calendar.nearest_business_day_in_month(date, false) {
                    Some(day) => Ok(day),
                    None => calendar.nearest_business_day(date, true),
                }
            }
        }
    }

    /// The market name: `Unadjusted`, `Following`, `Modified Following`,
    /// `Preceding`, `Modified Preceding`.
    pub fn name(self) -> &'static str {
        match self {
            BusinessDayConvention::Unadjusted => "Unadjusted",
            BusinessDayConvention::Following => "Following",
            BusinessDayConvention::ModifiedFollowing => "Modified Following",
            BusinessDayConvention::Preceding => "Preceding",
            BusinessDayConvention::ModifiedPreceding => "Modified Preceding",
        }
    }
}

impl fmt::Display for BusinessDayConvention {
    /// Writes the market name (see [`BusinessDayConvention::name`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How a loan's due dates are moved off non-business days: a convention and
/// the calendar it uses.
///
/// The default is [`BusinessDayConvention::Unadjusted`] (dates never move)
/// with [`HolidayCalendar::weekends_only`].
///
/// In files:
///
/// ```json
/// { "convention": "following", "calendar": { "name": "weekends", "weekend": ["Sat", "Sun"] } }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DueDateAdjustment {
    /// How a due date that is not a business day is moved.
    pub convention: BusinessDayConvention,
    /// Which dates are business days.
    pub calendar: HolidayCalendar,
}

impl DueDateAdjustment {
    /// Pairs a convention with a calendar.
    pub fn new(convention: BusinessDayConvention, calendar: HolidayCalendar) -> Self {
        DueDateAdjustment {
            convention,
            calendar,
        }
    }

    /// Moves `date` by the convention on the calendar (see
    /// [`BusinessDayConvention::adjust`]).
    ///
    /// # Errors
    ///
    /// As [`BusinessDayConvention::adjust`].
    pub fn adjust(&self, date: NaiveDate) -> Result<NaiveDate> {
        self.convention.adjust(date, &self.calendar)
    }
}

impl Default for DueDateAdjustment {
    /// [`BusinessDayConvention::Unadjusted`] with
    /// [`HolidayCalendar::weekends_only`].
    fn default() -> Self {
        DueDateAdjustment::new(
            BusinessDayConvention::Unadjusted,
            HolidayCalendar::weekends_only(),
        )
    }
}
