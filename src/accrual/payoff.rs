//! Payoff quotes: what closes a loan on a date.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::engine::accrue;
use super::policy::AccrualPolicy;
use crate::error::{Error, Result};
use crate::loan::{Breakdown, Component, Loan};
use crate::money::Money;

/// What the debtor must pay to close the loan at the end of a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payoff {
    /// The date.
    pub as_of: NaiveDate,
    /// Owed by component: everything fallen due (with posted penalties and
    /// fees), all principal not yet due, and contractual interest accrued in
    /// the current period but not yet due.
    pub by_component: Breakdown,
    /// The part of `by_component.interest` accrued but not yet due.
    pub accrued_interest: Money,
    /// Credit balance held for the debtor (already subtracted from `total`).
    pub credit: Money,
    /// Amount to pay (never negative).
    pub total: Money,
}

/// Quotes the payoff amount at the end of `as_of`.
///
/// Penalties and fees are accrued through `as_of` under `policy` (see
/// [`accrue`]); contractual interest of the current period accrues on the
/// principal not yet due from the period's start to `as_of` (actual days,
/// the loan's day count), less any interest already paid on that
/// installment. Interest of later periods is not owed. What an annualised
/// cap holds under [`CapExcess::Deferred`](super::CapExcess::Deferred) is
/// not owed either: paying the quote pays every installment up, which drops
/// it.
///
/// # Errors
///
/// As [`accrue`].
pub fn payoff(loan: &Loan, as_of: NaiveDate, policy: &AccrualPolicy) -> Result<Payoff> {
    let start = loan.terms().disbursement_date();
    let end = as_of
        .succ_opt()
        .ok_or_else(|| Error::date_out_of_range("as_of", as_of))?;
    let from = if start < end { start } else { as_of };
    let report = accrue(loan, from, end.max(from.succ_opt().unwrap_or(end)), policy)?;
    let pos = &report.position;
    let currency = loan.currency();
    let mut owed = Breakdown::zero(currency);
    let mut accrued = Decimal::ZERO;
    let mut current_found = false;
    for (inst, row) in pos.installments().iter().zip(loan.schedule()) {
        if inst.due_date() <= as_of {
            owed = owed.checked_add(inst.outstanding())?;
            continue;
        }
        owed.add(
            Component::Principal,
            inst.outstanding().amount(Component::Principal),
        )?;
        if !current_found {
            current_found = true;
            let balance: Decimal = pos
                .installments()
                .iter()
                .filter(|i| i.due_date() > as_of)
                .map(|i| i.outstanding().amount(Component::Principal))
                .fold(Decimal::ZERO, Decimal::saturating_add);
            let period_start = row.period_start();
            if as_of > period_start {
                let raw = loan.terms().day_count().accrue(
                    balance,
                    loan.terms().rate().annual(),
                    period_start,
                    as_of,
                )?;
                let interest = policy.rounding().round(raw, currency.minor_units());
                let due_interest = inst.due().amount(Component::Interest);
                let interest = interest.min(due_interest);
                let paid = inst
                    .paid()
                    .amount(Component::Interest)
                    .saturating_add(inst.waived().amount(Component::Interest));
                accrued = (interest.saturating_sub(paid)).max(Decimal::ZERO);
                owed.add(Component::Interest, accrued)?;
            }
        }
        // Penalties or fees posted to a future installment are owed too.
        for c in [Component::Penalty, Component::Fee] {
            owed.add(c, inst.outstanding().amount(c))?;
        }
    }
    let gross = owed.total()?;
    let total = gross.checked_sub(pos.credit())?;
    let total = if total.is_negative() {
        Money::zero(currency)
    } else {
        total
    };
    Ok(Payoff {
        as_of,
        by_component: owed,
        accrued_interest: Money::new(accrued, currency),
        credit: pos.credit(),
        total,
    })
}
