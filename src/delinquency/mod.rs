//! Overdue stages: days past due, stage schemes and stage history.
//!
//! - [`Delinquency`] measures how late an account is as of a date: days past
//!   due from the oldest installment not fully paid whose due date is before
//!   the date (RULES.md `ref.fineract.dpd`), and delinquent days after grace
//!   and pause periods (`ref.fineract.grace`, `ref.fineract.pause`).
//! - [`StageScheme`] maps days to named stages (M0–M7, reminder stages,
//!   五级分类, US 30/60/90/120/180); schemes are validated serde data.
//! - [`stage_history`] replays an account over a date range and lists every
//!   stage transition, so a payment that cures the account shows its date;
//!   [`stage_on`] is the stage of one day. Both hold a stage on delinquent
//!   days through a pause, which a single [`Delinquency`] of a day inside
//!   it cannot know ([`DelinquencyOptions::held_from`]).
//! - [`ReminderSchedule`] lists the reminders due on a date, before and
//!   after each due date (D−3, D−1, D+1, D+3, D+7, D+30 by default).
//!
//! ```
//! use arrears::delinquency::{Delinquency, DelinquencyOptions, StageScheme};
//! use chrono::NaiveDate;
//!
//! let d = |m, dd| NaiveDate::from_ymd_opt(2026, m, dd).unwrap();
//! // Oldest unpaid installment due 2026-02-10; business date 2026-04-01.
//! let opts = DelinquencyOptions::default().with_grace_days(3);
//! let del = Delinquency::from_overdue_since(Some(d(2, 10)), d(4, 1), &opts);
//! assert_eq!(del.days_past_due(), 50);
//! assert_eq!(del.delinquent_days(), 47);
//! let scheme = StageScheme::m0_m7();
//! assert_eq!(scheme.classify(del.days(scheme.basis())).map(|r| r.code.as_str()), Some("M2"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod history;
mod reminders;
mod scheme;

pub use history::{stage_history, stage_on, StageHistory, Transition};
pub use reminders::{Reminder, ReminderSchedule, MAX_REMINDER_OFFSET};
pub use scheme::*;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result, Validator};
use crate::loan::Position;

/// A period during which delinquency does not age (both dates inclusive),
/// e.g. a payment holiday or a disaster moratorium (`ref.fineract.pause`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pause {
    /// First paused day.
    pub start: NaiveDate,
    /// Last paused day (inclusive).
    pub end: NaiveDate,
}

impl Pause {
    /// Number of paused days within `first..=last`.
    fn days_within(&self, first: NaiveDate, last: NaiveDate) -> u32 {
        let a = self.start.max(first);
        let b = self.end.min(last);
        if b < a {
            0
        } else {
            u32::try_from((b - a).num_days() + 1).unwrap_or(u32::MAX)
        }
    }
}

/// How days past due are measured for an account or product.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, try_from = "RawOptions")]
pub struct DelinquencyOptions {
    /// An installment whose outstanding total is at or below this amount
    /// does not count as unpaid (overdue tolerance; default zero).
    #[serde(with = "crate::money::serde_str")]
    tolerance: Decimal,
    /// Days subtracted from DPD before bucketing (`ref.fineract.grace`;
    /// loan level only).
    grace_days: u32,
    /// Pause periods, sorted, not overlapping.
    pauses: Vec<Pause>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOptions {
    #[serde(default, with = "crate::money::serde_str::option")]
    tolerance: Option<Decimal>,
    #[serde(default)]
    grace_days: u32,
    #[serde(default)]
    pauses: Vec<Pause>,
}

impl TryFrom<RawOptions> for DelinquencyOptions {
    type Error = Error;
    fn try_from(r: RawOptions) -> Result<Self> {
        DelinquencyOptions::new(r.tolerance.unwrap_or_default(), r.grace_days, r.pauses)
    }
}

impl DelinquencyOptions {
    /// Validated options; pauses are sorted by start.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPolicy`] listing every problem: a negative tolerance,
    /// a pause that ends before it starts, overlapping pauses.
    pub fn new(tolerance: Decimal, grace_days: u32, mut pauses: Vec<Pause>) -> Result<Self> {
        let mut v = Validator::default();
        if tolerance < Decimal::ZERO {
            v.push("tolerance", tolerance, "must not be negative");
        }
        for (i, p) in pauses.iter().enumerate() {
            if p.end < p.start {
                v.push(
                    format!("pauses[{i}].end"),
                    p.end,
                    format!("is before the start `{}`", p.start),
                );
            }
        }
        pauses.sort_by_key(|p| p.start);
        // Every overlapping pair: each pause against all earlier ones that
        // reach it (sorted by start, those are a run before it).
        let mut reach: Option<NaiveDate> = None;
        for (j, b) in pauses.iter().enumerate() {
            let overlaps = reach.is_some_and(|r| b.start <= r);
            reach = Some(reach.map_or(b.end, |r| r.max(b.end)));
            if !overlaps {
                continue;
            }
            for a in pauses[..j].iter().filter(|a| b.start <= a.end) {
                v.push(
                    "pauses",
                    format!("{}..={} and {}..={}", a.start, a.end, b.start, b.end),
                    "pause periods must not overlap",
                );
            }
        }
        v.finish()?;
        Ok(DelinquencyOptions {
            tolerance,
            grace_days,
            pauses,
        })
    }

    /// Sets the grace days.
    pub fn with_grace_days(mut self, days: u32) -> Self {
        self.grace_days = days;
        self
    }

    /// Sets the overdue tolerance.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPolicy`] if negative.
    pub fn with_tolerance(self, tolerance: Decimal) -> Result<Self> {
        DelinquencyOptions::new(tolerance, self.grace_days, self.pauses)
    }

    /// Adds a pause period.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPolicy`] if it is inverted or overlaps another.
    pub fn with_pause(mut self, start: NaiveDate, end: NaiveDate) -> Result<Self> {
        self.pauses.push(Pause { start, end });
        DelinquencyOptions::new(self.tolerance, self.grace_days, self.pauses)
    }

    /// The overdue tolerance.
    pub fn tolerance(&self) -> Decimal {
        self.tolerance
    }
    /// Grace days.
    pub fn grace_days(&self) -> u32 {
        self.grace_days
    }
    /// Pause periods, sorted.
    pub fn pauses(&self) -> &[Pause] {
        &self.pauses
    }

    /// For a day inside a pause, the day whose stage it holds under a
    /// scheme on delinquent days (`ref.fineract.pause`: no reclassification
    /// while a pause is active): the day before the pause began, or before
    /// the first of a run of back-to-back pauses (one that starts the day
    /// after another ends extends it). `None` outside every pause.
    ///
    /// ```
    /// use arrears::delinquency::DelinquencyOptions;
    /// use chrono::NaiveDate;
    ///
    /// let d = |m, dd| NaiveDate::from_ymd_opt(2026, m, dd).unwrap();
    /// let opts = DelinquencyOptions::default()
    ///     .with_pause(d(3, 13), d(3, 22))?
    ///     .with_pause(d(3, 23), d(4, 1))?;
    /// assert_eq!(opts.held_from(d(3, 30)), Some(d(3, 12)));
    /// assert_eq!(opts.held_from(d(4, 2)), None);
    /// # Ok::<(), arrears::Error>(())
    /// ```
    pub fn held_from(&self, day: NaiveDate) -> Option<NaiveDate> {
        let mut i = self
            .pauses
            .iter()
            .position(|p| p.start <= day && day <= p.end)?;
        while i > 0 && self.pauses[i - 1].end.succ_opt() == Some(self.pauses[i].start) {
            i -= 1;
        }
        let start = self.pauses[i].start;
        Some(start.pred_opt().unwrap_or(start))
    }
}

/// How late an account is as of a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Delinquency {
    as_of: NaiveDate,
    overdue_since: Option<NaiveDate>,
    days_past_due: u32,
    paused_days: u32,
    delinquent_days: u32,
}

impl Delinquency {
    /// Measures an account's position (`ref.fineract.dpd`): the oldest
    /// installment due before the position's date whose outstanding total
    /// exceeds the tolerance sets *overdue-since* (or one charged back
    /// before its due date, from the chargeback date,
    /// `ref.fineract.chargeback`).
    ///
    /// On a day inside a pause this is the measure of that day, not the
    /// stage the pause holds: a stage on delinquent days does not change
    /// while a pause is active, so classify the day
    /// [`DelinquencyOptions::held_from`] names instead, or use
    /// [`stage_on`] or [`stage_history`], which do.
    pub fn assess(position: &Position, options: &DelinquencyOptions) -> Delinquency {
        let since = position
            .oldest_overdue(options.tolerance)
            .map(|i| i.overdue_from());
        Delinquency::from_overdue_since(since, position.as_of(), options)
    }

    /// The kernel: DPD = `as_of − overdue_since` (0 on the due date itself,
    /// 1 the next day; 0 when nothing is overdue). Paused days are the
    /// paused days among `overdue_since + 1 ..= as_of − 1`, those of the
    /// overdue period before the business date (`ref.fineract.pause`: the
    /// first day of a pause is not yet paused on that day); delinquent
    /// days = DPD − grace − paused, floored at 0.
    #[inline]
    pub fn from_overdue_since(
        overdue_since: Option<NaiveDate>,
        as_of: NaiveDate,
        options: &DelinquencyOptions,
    ) -> Delinquency {
        let days_past_due = match overdue_since {
            Some(since) if since < as_of => {
                u32::try_from((as_of - since).num_days()).unwrap_or(u32::MAX)
            }
            _ => 0,
        };
        let paused_days = match overdue_since {
            Some(since) if days_past_due > 0 && !options.pauses.is_empty() => {
                let first = since.succ_opt().unwrap_or(since);
                // DPD > 0: `as_of` is after `since`, so it has a day before.
                let last = as_of.pred_opt().unwrap_or(as_of);
                options
                    .pauses
                    .iter()
                    .map(|p| p.days_within(first, last))
                    .fold(0u32, u32::saturating_add)
            }
            _ => 0,
        };
        let delinquent_days = days_past_due
            .saturating_sub(options.grace_days)
            .saturating_sub(paused_days);
        Delinquency {
            as_of,
            overdue_since: if days_past_due > 0 {
                overdue_since
            } else {
                None
            },
            days_past_due,
            paused_days,
            delinquent_days,
        }
    }

    /// The date measured at.
    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }
    /// Due date of the oldest unpaid installment, if any is overdue.
    pub fn overdue_since(&self) -> Option<NaiveDate> {
        self.overdue_since
    }
    /// Raw days past due.
    pub fn days_past_due(&self) -> u32 {
        self.days_past_due
    }
    /// Paused days counted.
    pub fn paused_days(&self) -> u32 {
        self.paused_days
    }
    /// Days past due after grace and pauses.
    pub fn delinquent_days(&self) -> u32 {
        self.delinquent_days
    }
    /// The days a scheme with `basis` classifies.
    pub fn days(&self, basis: DpdBasis) -> u32 {
        match basis {
            DpdBasis::Raw => self.days_past_due,
            DpdBasis::Delinquent => self.delinquent_days,
        }
    }
    /// True if anything is overdue.
    pub fn is_delinquent(&self) -> bool {
        self.days_past_due > 0
    }
}

#[cfg(test)]
mod tests;
