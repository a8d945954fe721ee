//! What a policy comes to for one loan before the replay starts: the
//! penalty's rate, rules and day count, the annualised cap's rate (a fixed
//! rate, or a multiple of the LPR at the contract date) and its terms as
//! the report shows them, and where the waterfall takes in-advance
//! components.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::CapTerms;
use crate::accrual::cap::AnnualCap;
use crate::accrual::policy::{AccrualPolicy, AnnualizedCap, CapRate};
use crate::allocation::DueType;
use crate::calendar::DayCount;
use crate::error::{Error, Result};
use crate::loan::Loan;
use crate::rule::RuleId;

/// The annualised cap's terms for `loan`, if the policy has a cap.
pub(super) fn cap_terms(loan: &Loan, policy: &AccrualPolicy) -> Result<Option<CapTerms>> {
    let Some(c) = &policy.caps().annualized else {
        return Ok(None);
    };
    let contract_date = loan.terms().contract_date();
    let rate = cap_rate(c, contract_date)?;
    let (multiple, lpr) = match &c.rate {
        CapRate::Fixed { .. } => (None, None),
        // `cap_rate` has read the row: the lookup succeeds.
        CapRate::LprMultiple { multiple, table } => {
            (Some(*multiple), table.on(contract_date).ok().copied())
        }
    };
    Ok(Some(CapTerms {
        rule: RuleId::new(&c.rule.id),
        rate,
        contract_date,
        multiple,
        lpr,
        day_count: c.day_count.unwrap_or(DayCount::Act365Fixed),
        base: c.base,
        excess: c.excess,
    }))
}

/// The penalty as a loan gets it: the annual rate (if the policy has a
/// penalty), the day count, and the rules its records cite.
pub(in crate::accrual) struct PenaltyTerms {
    pub(in crate::accrual) rate: Option<Decimal>,
    pub(in crate::accrual) day_count: DayCount,
    /// What penalty records cite.
    pub(in crate::accrual) rule: RuleId,
    /// What compound-interest records cite.
    pub(in crate::accrual) compound_rule: RuleId,
}

/// The penalty's terms for `loan`. Under an annualised cap with a
/// [`rate_rule`](super::AnnualizedCap::rate_rule) (`art28`), an agreed rate
/// above the cap rate is held to it, and the records cite that rule.
pub(in crate::accrual) fn penalty_terms(
    loan: &Loan,
    policy: &AccrualPolicy,
) -> Result<PenaltyTerms> {
    let terms = loan.terms();
    let penalty = policy.penalty();
    let mut rate = match penalty {
        Some(p) => Some(p.annual_rate(terms.rate())?.annual()),
        None => None,
    };
    let mut rule = RuleId::new(penalty.map_or("", |p| p.rule.id.as_str()));
    let mut compound_rule = RuleId::new(penalty.map_or("", |p| p.compound_rule_id()));
    if let (Some(r), Some(cap)) = (rate, &policy.caps().annualized) {
        if let Some(held) = &cap.rate_rule {
            let limit = cap_rate(cap, terms.contract_date())?;
            if r > limit {
                rate = Some(limit);
                rule = RuleId::new(&held.id);
                compound_rule = rule.clone();
            }
        }
    }
    Ok(PenaltyTerms {
        rate,
        day_count: penalty
            .and_then(|p| p.day_count)
            .unwrap_or(terms.day_count()),
        rule,
        compound_rule,
    })
}

/// The annualised cap's rate for a contract made on `contract_date`.
pub(in crate::accrual) fn cap_rate(
    cap: &AnnualizedCap,
    contract_date: NaiveDate,
) -> Result<Decimal> {
    match &cap.rate {
        CapRate::Fixed { rate } => Ok(rate.annual()),
        CapRate::LprMultiple { multiple, table } => {
            // 4 × the LPR "in effect at contract formation"
            // (`cn.spc_private_lending.art25`/`art29`).
            let lpr = table
                .on(contract_date)
                .map_err(|e| match e {
                    Error::InvalidField { field, reason, .. } if field == "lpr.date" => {
                        let hint = if table.valid_through().is_some_and(|end| contract_date > end) {
                            ""
                        } else {
                            "; a contract before the LPR needs a fixed cap rate"
                        };
                        Error::invalid(
                            "terms.contract_date",
                            contract_date,
                            format!("{reason} (`caps.annualized.rate.table`{hint})"),
                        )
                    }
                    other => other,
                })?
                .rate
                .annual();
            lpr.checked_mul(*multiple)
                .ok_or_else(|| Error::overflow("multiply", lpr, multiple))
        }
    }
}

/// The annualised cost cap's running state, if the policy has one.
pub(in crate::accrual) fn annual_cap(
    loan: &Loan,
    policy: &AccrualPolicy,
) -> Result<Option<AnnualCap>> {
    let Some(c) = &policy.caps().annualized else {
        return Ok(None);
    };
    let contract_date = loan.terms().contract_date();
    Ok(Some(AnnualCap::new(
        cap_rate(c, contract_date)?,
        c.day_count.unwrap_or(DayCount::Act365Fixed),
        contract_date,
        RuleId::new(&c.rule.id),
        loan.currency().minor_units(),
    )))
}

/// Whether the waterfall takes in-advance components only after every
/// past-due and due one.
pub(in crate::accrual) fn matured_first(policy: &AccrualPolicy) -> bool {
    let rules = policy.waterfall().rules();
    let first_advance = rules.iter().position(|r| r.due_type == DueType::InAdvance);
    let last_matured = rules.iter().rposition(|r| r.due_type != DueType::InAdvance);
    match (first_advance, last_matured) {
        (Some(a), Some(m)) => a > m,
        _ => true,
    }
}
