//! [`LoanDay`]: the compact state the nightly batch keeps per loan.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::accrual::engine::cap_rate;
use crate::accrual::policy::{AccrualPolicy, CapBase};
use crate::error::{Error, Result};
use crate::money::{Rate, Rounding};

/// The compact state of one loan for the nightly batch.
///
/// Make one with [`LoanDay::new`] from the loan's balances; when money
/// moves, make a new one from the new balances and carry over what the old
/// one has counted with [`LoanDay::continuing`] (the fee and cap totals run
/// for the loan's whole life).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoanDay {
    /// Due date of the oldest unpaid installment, if any is overdue.
    pub overdue_since: Option<NaiveDate>,
    /// Overdue principal (the penalty base).
    pub overdue_principal: Decimal,
    /// Overdue contractual interest (the 复利 base).
    pub overdue_interest: Decimal,
    /// The overdue installment as scheduled (a fee base).
    pub installment: Decimal,
    /// Annual penalty rate for this loan.
    pub penalty_rate: Decimal,
    /// The annualised cap's daily allowance for this loan (rounded down at
    /// 10 decimal places), zero without a cap.
    pub cap_daily: Decimal,
    /// Penalty and compound interest accrued and not paid: what the close
    /// adds to the overdue balances for a fee on the unpaid minimum and for
    /// the tolerance. Zero in a new state; the host sets it when it makes a
    /// state from balances that owe some.
    pub penalty: Decimal,
    /// Late fees charged and not paid, as `penalty` is.
    pub fees: Decimal,
    /// Late fees charged over the loan's life (what a per-loan fee cap
    /// counts), paid or not.
    #[serde(default)]
    pub fees_charged: Decimal,
    /// Cap allowance accumulated so far.
    pub cap_allowance: Decimal,
    /// Charges counted against the cap so far.
    pub cap_used: Decimal,
    /// Under [`CapExcess::Deferred`](crate::accrual::CapExcess::Deferred):
    /// penalty and compound interest the cap cut off and still holds (zero
    /// otherwise). The host clears it, with the rest of the state, when the
    /// loan is paid up.
    #[serde(default)]
    pub cap_held_penalty: Decimal,
    /// Under [`CapExcess::Deferred`](crate::accrual::CapExcess::Deferred):
    /// late fees the cap cut off and still holds.
    #[serde(default)]
    pub cap_held_fees: Decimal,
    /// Index in the close policy's stage scheme of the loan's days past due
    /// at the last close; `None` before the first close, and when the
    /// scheme has no range for the days (a scheme starting at day 1 for a
    /// loan not overdue, or past a bounded last range).
    #[serde(default)]
    pub stage: Option<u16>,
    /// The last day closed, if any: closing this state again for that day
    /// or an earlier one changes nothing, so a day can be closed again
    /// after an error (see [`close_portfolio`](crate::accrual::close_portfolio)).
    #[serde(default)]
    pub closed: Option<NaiveDate>,
}

impl LoanDay {
    /// State for a loan with `overdue_principal` and `overdue_interest`
    /// overdue since `overdue_since`, whose overdue installment was
    /// `installment`, under `policy`, for a contract at `contract_rate`
    /// made on `contract_date` with `outstanding_principal` unpaid. The
    /// annualised cap's daily allowance grows on `outstanding_principal`,
    /// or on `overdue_principal` under
    /// [`CapBase::OverduePrincipal`](crate::accrual::CapBase::OverduePrincipal).
    /// Nothing has accrued yet: when either balance changes, make a new
    /// state and carry the totals over with [`LoanDay::continuing`].
    ///
    /// # Errors
    ///
    /// [`Error::InvalidField`] naming a negative amount (by its argument's
    /// name); LPR lookups outside the table; [`Error::Overflow`].
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        policy: &AccrualPolicy,
        contract_rate: Rate,
        contract_date: NaiveDate,
        overdue_since: Option<NaiveDate>,
        overdue_principal: Decimal,
        overdue_interest: Decimal,
        installment: Decimal,
        outstanding_principal: Decimal,
    ) -> Result<LoanDay> {
        for (name, amount) in [
            ("overdue_principal", overdue_principal),
            ("overdue_interest", overdue_interest),
            ("installment", installment),
            ("outstanding_principal", outstanding_principal),
        ] {
            if amount.is_sign_negative() && !amount.is_zero() {
                return Err(Error::invalid(name, amount, "must not be negative"));
            }
        }
        let mut penalty_rate = match policy.penalty() {
            Some(p) => p.annual_rate(contract_rate)?.annual(),
            None => Decimal::ZERO,
        };
        let cap_daily = match &policy.caps().annualized {
            Some(cap) => {
                let rate = cap_rate(cap, contract_date)?;
                if cap.rate_rule.is_some() {
                    // `art28`: the agreed rate held to the cap rate.
                    penalty_rate = penalty_rate.min(rate);
                }
                let basis = cap.day_count.and_then(|d| d.basis()).unwrap_or(365);
                // Rounded down at 10 decimal places: additions of one scale are
                // cheap, and the allowance is never overstated.
                let base = match cap.base {
                    CapBase::OutstandingPrincipal => outstanding_principal,
                    CapBase::OverduePrincipal => overdue_principal,
                };
                let daily = base
                    .checked_mul(rate)
                    .and_then(|x| x.checked_div(Decimal::from(basis)))
                    .ok_or_else(|| Error::overflow("cap allowance", base, rate))?;
                let mut daily = Rounding::TowardZero.round(daily, 10);
                daily.rescale(10);
                daily
            }
            None => Decimal::ZERO,
        };
        Ok(LoanDay {
            overdue_since,
            overdue_principal,
            overdue_interest,
            installment,
            penalty_rate,
            cap_daily,
            penalty: Decimal::ZERO,
            fees: Decimal::ZERO,
            fees_charged: Decimal::ZERO,
            cap_allowance: Decimal::new(0, 10),
            cap_used: Decimal::ZERO,
            cap_held_penalty: Decimal::ZERO,
            cap_held_fees: Decimal::ZERO,
            stage: None,
            closed: None,
        })
    }

    /// This (new) state, continuing `earlier`: the balances (unpaid
    /// penalty and fees included), rates and daily cap allowance are this
    /// state's; what `earlier` has counted (fees charged over the loan's
    /// life, the cap's allowance and use, what the cap holds, the stage and
    /// the last day closed) carries over. A per-loan fee cap and the
    /// annualised cap then count the loan's whole life, as
    /// [`accrue`](crate::accrual::accrue) does, not just the days since the
    /// balances last changed. Set the held amounts after it if the engine
    /// says otherwise (see [`ClosePolicy::new`](crate::accrual::ClosePolicy::new)).
    ///
    /// ```
    /// # use arrears::accrual::{AccrualPolicy, LoanDay, LprTable};
    /// # use arrears::money::Rate;
    /// # use chrono::NaiveDate;
    /// # use rust_decimal::Decimal;
    /// # let through = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
    /// # let lpr = LprTable::published().with_valid_through(through)?;
    /// # let policy = AccrualPolicy::cn().with_lpr_table(lpr)?;
    /// # let rate = Rate::from_percent(Decimal::from(8))?;
    /// # let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// # let mut state = LoanDay::new(&policy, rate, day, None, Decimal::ZERO,
    /// #     Decimal::ZERO, Decimal::ZERO, Decimal::from(10_000))?;
    /// # state.fees_charged = Decimal::from(30);
    /// // A payment: the new balances, the old totals.
    /// let paid = LoanDay::new(&policy, rate, day, None, Decimal::ZERO,
    ///     Decimal::ZERO, Decimal::ZERO, Decimal::from(9_000))?;
    /// state = paid.continuing(&state);
    /// assert_eq!(state.fees_charged, Decimal::from(30));
    /// assert!(state.fees.is_zero()); // paid
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn continuing(self, earlier: &LoanDay) -> LoanDay {
        LoanDay {
            fees_charged: earlier.fees_charged,
            cap_allowance: earlier.cap_allowance,
            cap_used: earlier.cap_used,
            cap_held_penalty: earlier.cap_held_penalty,
            cap_held_fees: earlier.cap_held_fees,
            stage: earlier.stage,
            closed: earlier.closed,
            ..self
        }
    }
}
