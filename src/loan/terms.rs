//! Loan terms: the contract a schedule is generated from.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::{DayCount, DueDateAdjustment};
use crate::error::{Error, Result};
use crate::money::{Currency, Money, Rate, Rounding};

/// A loan identifier: non-empty, at most 64 characters, no control
/// characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LoanId(String);

impl LoanId {
    /// Validates an id.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidField`] if empty, longer than 64 characters, or
    /// containing control characters.
    pub fn new(id: impl Into<String>) -> Result<LoanId> {
        check_id("loan.id", id.into()).map(LoanId)
    }

    /// The id text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for LoanId {
    type Error = Error;
    fn try_from(s: String) -> Result<LoanId> {
        LoanId::new(s)
    }
}

impl From<LoanId> for String {
    fn from(id: LoanId) -> String {
        id.0
    }
}

impl fmt::Display for LoanId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Checks an identifier (loan, transaction): 1 to 64 characters, no
/// control characters.
pub(crate) fn check_id(field: &str, id: String) -> Result<String> {
    if id.is_empty() || id.chars().count() > 64 || id.chars().any(char::is_control) {
        return Err(Error::invalid(
            field,
            id.escape_debug(),
            "must be 1 to 64 characters without control characters",
        ));
    }
    Ok(id)
}

/// True if `amount` is a whole number of its currency's minor units
/// (trailing zeros do not count: `100.000 CNY` fits).
pub(crate) fn fits_minor_unit(amount: Money) -> bool {
    amount.amount().normalize().scale() <= amount.currency().minor_units()
}

/// How principal and interest are repaid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RepaymentMethod {
    /// 等额本息: equal installments (annuity); the last installment absorbs
    /// the rounding residue.
    EqualInstallment,
    /// 等额本金: equal principal each period plus interest on the balance;
    /// the last installment absorbs the rounding residue of the principal
    /// (the share is rounded down instead when, rounded up, the earlier
    /// shares would leave the last rows without principal).
    EqualPrincipal,
    /// Interest each period, all principal with the last installment
    /// (balloon).
    InterestOnly,
    /// One installment at maturity (the `term`-th due date) with all
    /// principal and interest.
    Bullet,
}

/// How often installments fall due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Frequency {
    /// Monthly: the n-th due date is the first due date plus n months,
    /// clamped to the month's last day (a 31 January anchor gives 28 or 29
    /// February, then 31 March: the anchor, not the previous date, decides).
    Monthly,
    /// Every 14 days from the first due date.
    BiWeekly,
    /// Every 7 days from the first due date.
    Weekly,
}

impl Frequency {
    /// Periods per year used for the periodic rate: 12, 26 or 52.
    pub fn periods_per_year(self) -> u32 {
        match self {
            Frequency::Monthly => 12,
            Frequency::BiWeekly => 26,
            Frequency::Weekly => 52,
        }
    }

    /// The unadjusted n-th due date (n = 0 is `first`).
    ///
    /// # Errors
    ///
    /// [`Error::DateOutOfRange`] past chrono's calendar, naming
    /// `loan.due_date[n + 1]` and the date it would be (`first` plus the
    /// periods), e.g. `+262142-07-31 + 6 months`.
    pub fn nth_due(self, first: NaiveDate, n: u32) -> Result<NaiveDate> {
        let out = || {
            let periods = match self {
                Frequency::Monthly => format!("{n} months"),
                Frequency::BiWeekly => format!("{n} × 14 days"),
                Frequency::Weekly => format!("{n} × 7 days"),
            };
            Error::date_out_of_range(
                format!("loan.due_date[{}]", u64::from(n) + 1),
                format!("{first} + {periods}"),
            )
        };
        match self {
            Frequency::Monthly => add_months_clamped(first, n).ok_or_else(out),
            Frequency::BiWeekly => first
                .checked_add_days(chrono::Days::new(u64::from(n) * 14))
                .ok_or_else(out),
            Frequency::Weekly => first
                .checked_add_days(chrono::Days::new(u64::from(n) * 7))
                .ok_or_else(out),
        }
    }
}

/// `date + n months`, clamped to the last day of the target month (the same
/// result as chrono's `checked_add_months`, computed directly from the
/// year, month and day, which is several times faster).
pub(crate) fn add_months_clamped(date: NaiveDate, n: u32) -> Option<NaiveDate> {
    use chrono::Datelike;
    let months = i64::from(date.year()) * 12 + i64::from(date.month0()) + i64::from(n);
    let year = i32::try_from(months.div_euclid(12)).ok()?;
    let month = u32::try_from(months.rem_euclid(12)).ok()? + 1;
    let last = match month {
        4 | 6 | 9 | 11 => 30,
        2 if NaiveDate::from_ymd_opt(year, 2, 29).is_some() => 29,
        2 => 28,
        _ => 31,
    };
    NaiveDate::from_ymd_opt(year, month, date.day().min(last))
}

/// How each installment's interest is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum InterestMethod {
    /// Balance × annual rate / periods per year (月利率 = 年利率 / 12), the
    /// same for every period; a short or long first period is not
    /// adjusted. The usual Chinese consumer-loan and mortgage convention.
    #[default]
    Periodic,
    /// Balance × annual rate × the loan's day-count fraction between the
    /// unadjusted period dates (disbursement to first due date for the first
    /// period).
    DayCount,
}

/// The contract a loan's schedule is generated from.
///
/// [`LoanTerms::new`] takes the common fields and defaults the rest
/// (monthly, Act/360, periodic interest, half-up rounding, no business-day
/// adjustment); set the others with the `with_*` methods.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoanTerms {
    id: LoanId,
    principal: Money,
    disbursement_date: NaiveDate,
    rate: Rate,
    #[serde(default = "default_day_count")]
    day_count: DayCount,
    method: RepaymentMethod,
    term: u32,
    first_due_date: NaiveDate,
    #[serde(default = "default_frequency")]
    frequency: Frequency,
    #[serde(default)]
    interest_method: InterestMethod,
    #[serde(default)]
    rounding: Rounding,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    due_date_adjustment: Option<DueDateAdjustment>,
    /// The day the contract was formed, if before the disbursement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    contract_date: Option<NaiveDate>,
}

fn default_day_count() -> DayCount {
    DayCount::Act360
}

fn default_frequency() -> Frequency {
    Frequency::Monthly
}

/// Longest term accepted: 1,200 periods (100 years monthly).
pub const MAX_TERM: u32 = 1200;

impl LoanTerms {
    /// Terms with the common fields; validation happens in
    /// [`Loan::new`](super::Loan::new). An invalid id is kept as given and
    /// reported there.
    pub fn new(
        id: &str,
        principal: Money,
        disbursement_date: NaiveDate,
        rate: Rate,
        method: RepaymentMethod,
        term: u32,
        first_due_date: NaiveDate,
    ) -> LoanTerms {
        LoanTerms {
            id: LoanId(id.to_owned()),
            principal,
            disbursement_date,
            rate,
            day_count: default_day_count(),
            method,
            term,
            first_due_date,
            frequency: Frequency::Monthly,
            interest_method: InterestMethod::Periodic,
            rounding: Rounding::HalfUp,
            due_date_adjustment: None,
            contract_date: None,
        }
    }

    /// Sets the day the contract was formed (default: the disbursement
    /// date). Rate caps tied to the contract's formation read it, e.g. 4 ×
    /// the 1-year LPR in effect at contract formation
    /// (`cn.spc_private_lending.art25`, RULES.md §2.3).
    pub fn with_contract_date(mut self, contract_date: NaiveDate) -> Self {
        self.contract_date = Some(contract_date);
        self
    }

    /// Sets the day count (default Act/360).
    pub fn with_day_count(mut self, day_count: DayCount) -> Self {
        self.day_count = day_count;
        self
    }

    /// Sets the frequency (default monthly).
    pub fn with_frequency(mut self, frequency: Frequency) -> Self {
        self.frequency = frequency;
        self
    }

    /// Sets the interest method (default periodic).
    pub fn with_interest_method(mut self, method: InterestMethod) -> Self {
        self.interest_method = method;
        self
    }

    /// Sets the rounding of schedule amounts (default half-up).
    pub fn with_rounding(mut self, rounding: Rounding) -> Self {
        self.rounding = rounding;
        self
    }

    /// Shifts due dates that fall on non-business days.
    pub fn with_due_date_adjustment(mut self, adjustment: DueDateAdjustment) -> Self {
        self.due_date_adjustment = Some(adjustment);
        self
    }

    /// Checks every field.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidField`] for the first bad field.
    pub fn validate(&self) -> Result<()> {
        LoanId::new(self.id.0.clone())?;
        if !self.principal.is_positive() {
            return Err(Error::invalid(
                "loan.principal",
                self.principal,
                "must be positive",
            ));
        }
        if !fits_minor_unit(self.principal) {
            return Err(Error::invalid(
                "loan.principal",
                self.principal,
                format!(
                    "has more decimals than the currency's {} minor-unit digits",
                    self.principal.currency().minor_units()
                ),
            ));
        }
        if self.principal.amount() > Decimal::from(MAX_PRINCIPAL) {
            return Err(Error::invalid(
                "loan.principal",
                self.principal,
                format!("above the supported maximum `{MAX_PRINCIPAL}`"),
            ));
        }
        if self.term == 0 || self.term > MAX_TERM {
            return Err(Error::invalid(
                "loan.term",
                self.term,
                format!("must be between 1 and {MAX_TERM} periods"),
            ));
        }
        if let Some(c) = self.contract_date.filter(|c| *c > self.disbursement_date) {
            return Err(Error::invalid(
                "loan.contract_date",
                c,
                format!(
                    "must not be after the disbursement date `{}`",
                    self.disbursement_date
                ),
            ));
        }
        if self.first_due_date <= self.disbursement_date {
            return Err(Error::invalid(
                "loan.first_due_date",
                self.first_due_date,
                format!(
                    "must be after the disbursement date `{}`",
                    self.disbursement_date
                ),
            ));
        }
        Ok(())
    }

    /// The id.
    pub fn id(&self) -> &LoanId {
        &self.id
    }
    /// The principal lent.
    pub fn principal(&self) -> Money {
        self.principal
    }
    /// The currency (the principal's).
    pub fn currency(&self) -> Currency {
        self.principal.currency()
    }
    /// Disbursement date.
    pub fn disbursement_date(&self) -> NaiveDate {
        self.disbursement_date
    }
    /// The day the contract was formed: as set by
    /// [`with_contract_date`](Self::with_contract_date), else the
    /// disbursement date.
    pub fn contract_date(&self) -> NaiveDate {
        self.contract_date.unwrap_or(self.disbursement_date)
    }
    /// Contract rate.
    pub fn rate(&self) -> Rate {
        self.rate
    }
    /// Day count for interest.
    pub fn day_count(&self) -> DayCount {
        self.day_count
    }
    /// Repayment method.
    pub fn method(&self) -> RepaymentMethod {
        self.method
    }
    /// Number of periods.
    pub fn term(&self) -> u32 {
        self.term
    }
    /// First due date (the anchor of every later due date).
    pub fn first_due_date(&self) -> NaiveDate {
        self.first_due_date
    }
    /// Installment frequency.
    pub fn frequency(&self) -> Frequency {
        self.frequency
    }
    /// Interest method.
    pub fn interest_method(&self) -> InterestMethod {
        self.interest_method
    }
    /// Rounding of schedule amounts.
    pub fn rounding(&self) -> Rounding {
        self.rounding
    }
    /// Business-day adjustment of due dates, if any.
    pub fn due_date_adjustment(&self) -> Option<&DueDateAdjustment> {
        self.due_date_adjustment.as_ref()
    }
}

use rust_decimal::Decimal;

/// Largest principal accepted (10^15 units), far above any real loan and far
/// below where `Decimal` arithmetic could overflow over a 100-year schedule.
pub const MAX_PRINCIPAL: i64 = 1_000_000_000_000_000;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn add_months_matches_chrono(days in -100_000_000i64..100_000_000, n in 0u32..100_000) {
            let Some(date) = NaiveDate::from_num_days_from_ce_opt(i32::try_from(days).unwrap_or(1)) else {
                return Ok(());
            };
            prop_assert_eq!(add_months_clamped(date, n), date.checked_add_months(chrono::Months::new(n)));
        }
    }
}
