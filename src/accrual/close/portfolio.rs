//! Closing a day over a whole portfolio, in parallel chunks with the
//! `rayon` feature.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{add, close_day, ClosePolicy, DayOutcome, LoanDay};
use crate::error::{Error, Result};

/// Totals of one close over a portfolio.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CloseSummary {
    /// Loans processed.
    pub loans: u64,
    /// Loans with anything overdue.
    pub delinquent: u64,
    /// Penalty and compound interest accrued.
    pub penalty: Decimal,
    /// Late fees charged.
    pub fees: Decimal,
    /// Loans whose charges the cap cut.
    pub capped: u64,
    /// Loans whose stage changed.
    pub stage_changes: u64,
    /// Loans already closed for the day, left as they were (not counted
    /// in the figures above).
    #[serde(default)]
    pub already_closed: u64,
}

impl CloseSummary {
    fn record(&mut self, o: &DayOutcome, delinquent: bool) -> Result<()> {
        if o.already_closed {
            self.already_closed += 1;
            return Ok(());
        }
        self.loans += 1;
        self.delinquent += u64::from(delinquent);
        self.penalty = add(self.penalty, o.penalty)?;
        self.fees = add(self.fees, o.fee)?;
        self.capped += u64::from(o.capped);
        self.stage_changes += u64::from(o.stage_changed);
        Ok(())
    }

    #[cfg_attr(not(feature = "rayon"), allow(dead_code))]
    fn merge(mut self, other: CloseSummary) -> Result<CloseSummary> {
        self.loans += other.loans;
        self.delinquent += other.delinquent;
        self.penalty = add(self.penalty, other.penalty)?;
        self.fees = add(self.fees, other.fees)?;
        self.capped += other.capped;
        self.stage_changes += other.stage_changes;
        self.already_closed += other.already_closed;
        Ok(self)
    }
}

/// Closes `day` for `states`, the first of which is loan `first` of the
/// portfolio; an error names the loan (`states[i]`).
fn close_chunk(
    states: &mut [LoanDay],
    first: usize,
    policy: &ClosePolicy,
    day: NaiveDate,
) -> Result<CloseSummary> {
    let mut s = CloseSummary::default();
    for (i, st) in states.iter_mut().enumerate() {
        match close_day(st, policy, day) {
            Ok(o) => s
                .record(&o, st.overdue_since.is_some())
                .map_err(|e| failed(first + i, day, e))?,
            Err(e) => return Err(failed(first + i, day, e)),
        }
    }
    Ok(s)
}

/// The error of loan `i` of a portfolio, naming it.
#[cold]
fn failed(i: usize, day: NaiveDate, e: Error) -> Error {
    Error::invalid(format!("states[{i}]"), day, e.to_string())
}

/// Closes `day` for every loan. With the `rayon` feature the loans are
/// processed in parallel chunks; the states and the summary are identical
/// either way (decimal sums are exact, so their order does not matter).
///
/// # Errors
///
/// [`Error::InvalidField`] `states[i]` naming a loan that could not be
/// closed (an overflow on absurd amounts), with the cause. That loan's
/// state is left as it was; the others are each closed for the day or left
/// as they were (which ones depends on the order of work, and with `rayon`
/// on the threads). Closing the day again, once the loan is mended, closes
/// the rest: a state closed for the day is not closed twice. (Should the
/// summary's sums overflow, the loan named is closed but its figures are in
/// no summary: only with amounts near `Decimal`'s limit.)
pub fn close_portfolio(
    states: &mut [LoanDay],
    policy: &ClosePolicy,
    day: NaiveDate,
) -> Result<CloseSummary> {
    #[cfg(feature = "rayon")]
    {
        use rayon::prelude::*;
        const CHUNK: usize = 16 * 1024;
        states
            .par_chunks_mut(CHUNK)
            .enumerate()
            .map(|(k, chunk)| close_chunk(chunk, k * CHUNK, policy, day))
            .try_reduce(CloseSummary::default, CloseSummary::merge)
    }
    #[cfg(not(feature = "rayon"))]
    {
        close_chunk(states, 0, policy, day)
    }
}

/// Closes `day` for every loan on the current thread (the sequential
/// baseline of [`close_portfolio`]).
///
/// # Errors
///
/// As [`close_portfolio`]: the loans before the one named are closed.
pub fn close_portfolio_sequential(
    states: &mut [LoanDay],
    policy: &ClosePolicy,
    day: NaiveDate,
) -> Result<CloseSummary> {
    close_chunk(states, 0, policy, day)
}
