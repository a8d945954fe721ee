//! Day counts, holiday calendars and business-day adjustment.
//!
//! - [`DayCount`] turns two dates into a year fraction (Act/360, Act/365F,
//!   Act/Act ISDA and the 30/360 family, as defined in ISDA 2006 §4.16) and
//!   accrues interest with it as exactly as [`Decimal`](rust_decimal::Decimal) allows.
//!   [`DayCount::parts`] shows the fraction as a sum of `days / basis` terms
//!   ([`YearFraction`]), so an auditor can re-derive every figure.
//! - [`HolidayCalendar`] says which dates are business days: a weekend,
//!   holidays, and make-up working days (China's 调休) that override the
//!   weekend.
//! - [`BusinessDayConvention`] moves a date that is not a business day
//!   (Following, Modified Following, Preceding, ...), and
//!   [`DueDateAdjustment`] pairs a convention with a calendar for a loan's
//!   due dates.
//!
//! ```
//! use arrears::calendar::{BusinessDayConvention, DayCount, HolidayCalendar};
//! use chrono::NaiveDate;
//! use rust_decimal::Decimal;
//!
//! // 45 days of 罚息 at 6.72 % a year on CNY 24,000 (Act/360): exactly 201.60.
//! let start = NaiveDate::from_ymd_opt(2026, 3, 1).ok_or("bad date")?;
//! let end = NaiveDate::from_ymd_opt(2026, 4, 15).ok_or("bad date")?;
//! let rate = Decimal::new(672, 4);
//! let interest = DayCount::Act360.accrue(Decimal::from(24_000), rate, start, end)?;
//! assert_eq!(interest, Decimal::new(20160, 2));
//! assert_eq!(DayCount::Act360.parts(start, end).to_string(), "45/360");
//!
//! // A due date on Saturday 30 May 2026 would roll into June, so Modified
//! // Following moves it back to Friday 29 May.
//! let due = NaiveDate::from_ymd_opt(2026, 5, 30).ok_or("bad date")?;
//! let weekends = HolidayCalendar::weekends_only();
//! let adjusted = BusinessDayConvention::ModifiedFollowing.adjust(due, &weekends)?;
//! assert_eq!(adjusted, NaiveDate::from_ymd_opt(2026, 5, 29).ok_or("bad date")?);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod daycount;
mod holidays;

pub use daycount::*;
pub use holidays::*;

#[cfg(test)]
mod tests;
