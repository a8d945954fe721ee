//! Reminder schedules: on which days around each due date a reminder goes
//! out, before the due date as well as after it (`industry.reminders` `[U]`,
//! RULES.md §1.2: D−3, D−1, D+1, D+3, D+7, D+30 is industry practice with no
//! source, so the schedule is data).
//!
//! [`StageScheme::reminders`](super::StageScheme::reminders) buckets an
//! account's delinquent days after the due date; a [`ReminderSchedule`]
//! lists, for a date, every installment a reminder is due for, including the
//! ones not yet due.
//!
//! ```
//! use arrears::delinquency::ReminderSchedule;
//! use arrears::loan::{Loan, LoanTerms, RepaymentMethod};
//! use arrears::money::{Currency, Money, Rate};
//! use chrono::NaiveDate;
//! use rust_decimal::Decimal;
//!
//! let d = |m, dd| NaiveDate::from_ymd_opt(2026, m, dd).unwrap();
//! let loan = Loan::new(LoanTerms::new(
//!     "R-1", Money::new(Decimal::from(1_200), Currency::CNY), d(1, 10),
//!     Rate::ZERO, RepaymentMethod::EqualPrincipal, 3, d(2, 10),
//! ))?;
//! let schedule = ReminderSchedule::industry();
//! // D−3 before the first due date.
//! let due = schedule.due(&loan.position(d(2, 7))?, Decimal::ZERO)?;
//! assert_eq!((due[0].installment, due[0].offset), (1, -3));
//! // Nothing on D−2.
//! assert!(schedule.due(&loan.position(d(2, 8))?, Decimal::ZERO)?.is_empty());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{DelinquencyOptions, RuleStatus};
use crate::error::{Error, Result, Validator};
use crate::loan::Position;
use crate::money::Money;

/// Longest distance from a due date a reminder may be set at: about ten
/// years.
pub const MAX_REMINDER_OFFSET: i32 = 3_660;

/// On which days relative to each due date a reminder goes out: `-3` is
/// three days before, `1` the day after. Validated serde data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, try_from = "RawSchedule", into = "RawSchedule")]
pub struct ReminderSchedule {
    id: String,
    citation: Option<String>,
    status: RuleStatus,
    offsets: Vec<i32>,
}

#[derive(Serialize, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a reminder schedule (id, status, offsets)"
)]
struct RawSchedule {
    id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    citation: Option<String>,
    status: RuleStatus,
    offsets: Vec<i32>,
}

impl TryFrom<RawSchedule> for ReminderSchedule {
    type Error = Error;
    fn try_from(r: RawSchedule) -> Result<Self> {
        let s = ReminderSchedule {
            id: r.id,
            citation: r.citation,
            status: r.status,
            offsets: r.offsets,
        };
        s.validate()?;
        Ok(s)
    }
}

impl From<ReminderSchedule> for RawSchedule {
    fn from(s: ReminderSchedule) -> Self {
        RawSchedule {
            id: s.id,
            citation: s.citation,
            status: s.status,
            offsets: s.offsets,
        }
    }
}

/// A reminder due on the position's date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reminder {
    /// Installment number (1-based).
    pub installment: u32,
    /// Its due date.
    pub due_date: NaiveDate,
    /// Days from the due date (`-3`: three days before).
    pub offset: i32,
    /// What the installment still owes.
    pub outstanding: Money,
}

impl ReminderSchedule {
    /// A schedule with the given offsets in days from each due date.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPolicy`] listing every problem: an empty id, no
    /// offsets, offsets not strictly increasing, an offset beyond
    /// ±[`MAX_REMINDER_OFFSET`].
    pub fn new(id: &str, status: RuleStatus, offsets: Vec<i32>) -> Result<Self> {
        let s = ReminderSchedule {
            id: id.to_owned(),
            citation: None,
            status,
            offsets,
        };
        s.validate()?;
        Ok(s)
    }

    /// The industry cadence D−3, D−1, D+1, D+3, D+7, D+30
    /// (`industry.reminders` `[U]`, RULES.md §1.2: no source).
    pub fn industry() -> Self {
        ReminderSchedule {
            id: "industry.reminders".to_owned(),
            citation: Some(
                "industry practice (D−3, D−1, D+1, D+3, D+7, D+30); no source".to_owned(),
            ),
            status: RuleStatus::Unverified,
            offsets: vec![-3, -1, 1, 3, 7, 30],
        }
    }

    /// Checks every field and reports every problem at once.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPolicy`].
    pub fn validate(&self) -> Result<()> {
        let mut v = Validator::default();
        if self.id.trim().is_empty() {
            v.push("id", &self.id, "a schedule needs a non-empty id");
        }
        if self.offsets.is_empty() {
            v.push("offsets", "[]", "a schedule needs at least one offset");
        }
        for (i, &o) in self.offsets.iter().enumerate() {
            if o.unsigned_abs() > MAX_REMINDER_OFFSET.unsigned_abs() {
                v.push(
                    format!("offsets[{i}]"),
                    o,
                    format!("must be within ±{MAX_REMINDER_OFFSET} days of the due date"),
                );
            }
            if let Some(&prev) = i.checked_sub(1).and_then(|j| self.offsets.get(j)) {
                if o <= prev {
                    v.push(
                        format!("offsets[{i}]"),
                        o,
                        format!("must be after the previous offset `{prev}` (sorted, no repeats)"),
                    );
                }
            }
        }
        v.finish()
    }

    /// The id.
    pub fn id(&self) -> &str {
        &self.id
    }
    /// The status tag.
    pub fn status(&self) -> RuleStatus {
        self.status
    }
    /// The offsets in days from each due date, ascending.
    pub fn offsets(&self) -> &[i32] {
        &self.offsets
    }

    /// The reminders due on the position's date
    /// ([`Position::as_of`]): one for each installment whose due date is an
    /// offset of the schedule away from that date and that still owes more
    /// than `tolerance` (an installment paid in advance gets no reminder
    /// before its due date, a paid one none after it). In installment
    /// order.
    ///
    /// Offsets count calendar days from each installment's own due date:
    /// grace days and pauses do not move them (a reminder is a courtesy
    /// notice about a date). [`StageScheme::reminders`](super::StageScheme::reminders),
    /// which cites the same industry practice, counts delinquent days on
    /// the account instead (after grace, held through pauses): with 3 days'
    /// grace its `D1` starts on the 4th day after the due date, where this
    /// schedule's D+1 is the day after it.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidField`] if `tolerance` is negative;
    /// [`Error::Overflow`] on absurd amounts.
    pub fn due(&self, position: &Position, tolerance: Decimal) -> Result<Vec<Reminder>> {
        if tolerance < Decimal::ZERO {
            return Err(Error::invalid(
                "tolerance",
                tolerance,
                "must not be negative",
            ));
        }
        let on = position.as_of();
        let mut out = Vec::new();
        for inst in position.installments() {
            let offset = (on - inst.due_date()).num_days();
            let Ok(offset) = i32::try_from(offset) else {
                continue;
            };
            if self.offsets.binary_search(&offset).is_err() {
                continue;
            }
            let outstanding = inst.outstanding().total()?;
            if outstanding.amount() <= tolerance {
                continue;
            }
            out.push(Reminder {
                installment: inst.seq(),
                due_date: inst.due_date(),
                offset,
                outstanding,
            });
        }
        Ok(out)
    }

    /// [`due`](Self::due) under an account's delinquency options: the
    /// options' tolerance, and nothing on a day within one of their pauses
    /// (a payment holiday or a moratorium sends no reminders; one that
    /// would have fallen in it is not sent later).
    ///
    /// # Errors
    ///
    /// As [`due`](Self::due).
    pub fn due_under(
        &self,
        position: &Position,
        options: &DelinquencyOptions,
    ) -> Result<Vec<Reminder>> {
        if options.held_from(position.as_of()).is_some() {
            return Ok(Vec::new());
        }
        self.due(position, options.tolerance())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loan::{Loan, LoanTerms, RepaymentMethod, Transaction};
    use crate::money::{Currency, Rate};

    fn d(m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, dd).unwrap()
    }

    /// Three installments of CNY 400 due 02-10, 03-10, 04-10.
    fn loan() -> Loan {
        Loan::new(LoanTerms::new(
            "R",
            Money::new(Decimal::from(1_200), Currency::CNY),
            d(1, 10),
            Rate::ZERO,
            RepaymentMethod::EqualPrincipal,
            3,
            d(2, 10),
        ))
        .unwrap()
    }

    /// RULES.md §1.2: D−3, D−1, D+1, D+3, D+7, D+30.
    #[test]
    fn industry_cadence_around_each_due_date() {
        let mut l = loan();
        let s = ReminderSchedule::industry();
        let on = |l: &Loan, day| -> Vec<(u32, i32)> {
            s.due(&l.position(day).unwrap(), Decimal::ZERO)
                .unwrap()
                .iter()
                .map(|r| (r.installment, r.offset))
                .collect()
        };
        assert_eq!(on(&l, d(2, 7)), [(1, -3)]);
        assert_eq!(on(&l, d(2, 9)), [(1, -1)]);
        assert_eq!(on(&l, d(2, 10)), []);
        assert_eq!(on(&l, d(2, 11)), [(1, 1)]);
        assert_eq!(on(&l, d(2, 17)), [(1, 7)]);
        // 03-07 is D−3 of #2 and D+25 of #1; 03-12 is D+30 of #1 and D+2 of #2.
        assert_eq!(on(&l, d(3, 7)), [(2, -3)]);
        assert_eq!(on(&l, d(3, 12)), [(1, 30)]);
        // Paid: no reminder after; paid in advance: none before.
        l.record(Transaction::repayment(
            "P1",
            d(2, 12),
            Money::new(Decimal::from(400), Currency::CNY),
        ))
        .unwrap();
        assert_eq!(on(&l, d(2, 13)), []);
        l.record(Transaction::repayment(
            "P2",
            d(3, 1),
            Money::new(Decimal::from(400), Currency::CNY),
        ))
        .unwrap();
        assert_eq!(on(&l, d(3, 7)), []);
        // Within the tolerance, nothing either.
        let r = s
            .due(&l.position(d(4, 7)).unwrap(), Decimal::from(400))
            .unwrap();
        assert!(r.is_empty());
        let r = s.due(&l.position(d(4, 7)).unwrap(), Decimal::ZERO).unwrap();
        assert_eq!(
            r,
            [Reminder {
                installment: 3,
                due_date: d(4, 10),
                offset: -3,
                outstanding: Money::new(Decimal::from(400), Currency::CNY),
            }]
        );
    }

    #[test]
    fn schedules_validate_and_round_trip() {
        let err = ReminderSchedule::new("", RuleStatus::Unverified, vec![3, 1, 1, 9_999])
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "invalid policy: `id` = ``: a schedule needs a non-empty id; \
             `offsets[1]` = `1`: must be after the previous offset `3` (sorted, no repeats); \
             `offsets[2]` = `1`: must be after the previous offset `1` (sorted, no repeats); \
             `offsets[3]` = `9999`: must be within ±3660 days of the due date"
        );
        assert!(ReminderSchedule::new("x", RuleStatus::Unverified, vec![]).is_err());
        let s = ReminderSchedule::industry();
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(serde_json::from_str::<ReminderSchedule>(&json).unwrap(), s);
        let bad = json.replace("[-3,-1,1,3,7,30]", "[1,1]");
        assert!(serde_json::from_str::<ReminderSchedule>(&bad).is_err());
    }

    /// A review: the CLI sent the schedule's reminders through a payment
    /// holiday. `due_under` sends none on a paused day (and does not send
    /// them later), with the options' tolerance.
    #[test]
    fn no_reminders_in_a_pause() {
        let l = loan();
        let s = ReminderSchedule::industry();
        let paused = DelinquencyOptions::default()
            .with_pause(d(2, 1), d(2, 28))
            .unwrap();
        // D+1 of the 02-10 installment falls in the pause: nothing.
        assert!(s
            .due_under(&l.position(d(2, 11)).unwrap(), &paused)
            .unwrap()
            .is_empty());
        assert!(s
            .due_under(&l.position(d(2, 7)).unwrap(), &paused)
            .unwrap()
            .is_empty());
        // D+30 (03-12) is after it.
        let r = s
            .due_under(&l.position(d(3, 12)).unwrap(), &paused)
            .unwrap();
        assert_eq!((r[0].installment, r[0].offset), (1, 30));
        // Without the pause, the same as `due` with a zero tolerance.
        let none = DelinquencyOptions::default();
        let p = l.position(d(2, 11)).unwrap();
        assert_eq!(
            s.due_under(&p, &none).unwrap(),
            s.due(&p, Decimal::ZERO).unwrap()
        );
        // The options' tolerance: 400 owed, a tolerance of 400 sends none.
        let lenient = DelinquencyOptions::new(Decimal::from(400), 0, Vec::new()).unwrap();
        assert!(s.due_under(&p, &lenient).unwrap().is_empty());
    }

    /// A review: a blank id was shown as empty, and a list where a
    /// schedule goes named an internal type.
    #[test]
    fn schedule_errors_show_what_was_written() {
        let err = ReminderSchedule::new("  ", RuleStatus::Unverified, vec![1])
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "invalid policy: `id` = `  `: a schedule needs a non-empty id"
        );
        let err = serde_json::from_str::<ReminderSchedule>("[]")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("a reminder schedule (id, status, offsets)"),
            "{err}"
        );
        assert!(!err.contains("RawSchedule"), "{err}");
    }

    /// A negative tolerance sent a reminder for a paid installment (found
    /// by a review): it is refused, naming the field.
    #[test]
    fn a_negative_tolerance_is_refused() {
        let mut l = loan();
        l.record(Transaction::repayment(
            "P1",
            d(2, 10),
            Money::new(Decimal::from(400), Currency::CNY),
        ))
        .unwrap();
        let position = l.position(d(2, 11)).unwrap();
        let schedule = ReminderSchedule::industry();
        assert!(schedule.due(&position, Decimal::ZERO).unwrap().is_empty());
        assert_eq!(
            schedule
                .due(&position, Decimal::NEGATIVE_ONE)
                .unwrap_err()
                .to_string(),
            "invalid `tolerance` value `-1`: must not be negative"
        );
    }
}
