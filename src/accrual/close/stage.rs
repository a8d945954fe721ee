//! The nightly close's stage of a loan on a day, and the pauses that hold
//! it.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{ClosePolicy, LoanDay};
use crate::delinquency::{Delinquency, DelinquencyOptions, DpdBasis, Pause};
use crate::error::Result;

impl ClosePolicy {
    /// Holds stages through `pauses` (`ref.fineract.pause`), as
    /// [`stage_history`](crate::delinquency::stage_history) and
    /// [`stage_on`](crate::delinquency::stage_on) do with the same pauses
    /// in their [`DelinquencyOptions`]: paused days before the day are
    /// taken off its days past due with the grace days, and a day inside a
    /// pause (or a run of back-to-back pauses) keeps the stage of the day
    /// before it began. Under a scheme on raw days past due pauses change
    /// nothing. Without this, the close knows no pauses.
    ///
    /// ```
    /// use arrears::accrual::{close_day, AccrualPolicy, ClosePolicy, LoanDay, LprTable};
    /// use arrears::calendar::DayCount;
    /// use arrears::delinquency::{Pause, StageScheme};
    /// use arrears::money::{Currency, Rate};
    /// use chrono::NaiveDate;
    /// use rust_decimal::Decimal;
    ///
    /// let d = |m, dd| NaiveDate::from_ymd_opt(2026, m, dd).unwrap();
    /// // `cn`, its LPR table (published to 2025-08-20) checked through 2026.
    /// let lpr = LprTable::published().with_valid_through(d(12, 31))?;
    /// let policy = AccrualPolicy::cn().with_lpr_table(lpr)?;
    /// let close = ClosePolicy::new(&policy, Currency::CNY, DayCount::Act360,
    ///     StageScheme::m0_m7(), 0)?
    ///     .with_pauses(&[Pause { start: d(3, 13), end: d(3, 22) }])?;
    /// let (p, i) = (Decimal::from(1_000), Decimal::ZERO);
    /// let mut state = LoanDay::new(&policy, Rate::ZERO, d(1, 10), Some(d(2, 10)), p, i, p, p)?;
    /// close_day(&mut state, &close, d(3, 12))?; // DPD 30: M1
    /// let out = close_day(&mut state, &close, d(3, 13))?; // DPD 31, paused: M1
    /// assert!(!out.stage_changed);
    /// assert_eq!(state.stage, Some(1));
    /// # Ok::<(), arrears::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPolicy`](crate::Error::InvalidPolicy) if a pause
    /// ends before it starts or two overlap.
    pub fn with_pauses(mut self, pauses: &[Pause]) -> Result<Self> {
        let options = DelinquencyOptions::new(Decimal::ZERO, self.grace, pauses.to_vec())?;
        self.pauses =
            (self.scheme.basis() == DpdBasis::Delinquent && !pauses.is_empty()).then_some(options);
        Ok(self)
    }

    /// The stage on `day` of the loan in `state` (`dpd` days past due on
    /// `day`).
    ///
    /// Inside a pause, a state closed on or after the day before it began
    /// keeps its stage, whatever its overdue-since date has become since (a
    /// payment or a reversal during the pause shows once it ends); a state
    /// with no such close is measured as of that day, from its overdue-since
    /// date.
    #[inline]
    pub(super) fn stage(&self, state: &LoanDay, dpd: i64, day: NaiveDate) -> Option<u16> {
        let since = state.overdue_since;
        let days = match &self.pauses {
            Some(options) => {
                let held = options.held_from(day);
                if let Some(before) = held {
                    if state.closed.is_some_and(|c| c >= before) {
                        return state.stage;
                    }
                }
                if since.is_none() {
                    return self.current_stage;
                }
                Delinquency::from_overdue_since(since, held.unwrap_or(day), options)
                    .delinquent_days()
            }
            _ if dpd <= 0 => return self.current_stage,
            _ => u32::try_from(dpd).ok()?.saturating_sub(self.grace),
        };
        self.scheme
            .index_of(days)
            .and_then(|i| u16::try_from(i).ok())
    }
}
