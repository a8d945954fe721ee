//! Input checks that turn bad requests into typed errors.

use super::policy::NegotiationPolicy;
use super::request::{DebtorFacts, PlanRequest, Term, TermKind};
use crate::error::{Error, Result};
use crate::loan::{Frequency, Position, MAX_TERM};
use crate::money::{Currency, Money};

pub(super) fn check_currencies(
    request: &PlanRequest,
    position: &Position,
    facts: &DebtorFacts,
    policy: &NegotiationPolicy,
) -> Result<Currency> {
    let currency = request.currency;
    let pos = position.outstanding().currency();
    if currency != pos {
        return Err(Error::CurrencyMismatch {
            left: currency.to_string(),
            right: pos.to_string(),
        });
    }
    if currency != policy.currency {
        return Err(Error::invalid(
            "request.currency",
            currency,
            format!("policy `{}` is in `{}`", policy.id, policy.currency),
        ));
    }
    let money = |field: String, m: &Money| -> Result<()> {
        if m.currency() != currency {
            return Err(Error::invalid(
                field,
                m,
                format!("must be in `{currency}`, the request's currency"),
            ));
        }
        Ok(())
    };
    for (field, m) in [
        ("facts.monthly_income", &facts.monthly_income),
        ("facts.monthly_expenses", &facts.monthly_expenses),
    ] {
        if let Some(m) = m {
            money(field.to_owned(), m)?;
        }
    }
    for (i, t) in request.terms.iter().enumerate() {
        let (m, name) = match t {
            Term::Installments { down_payment, .. } => (down_payment.as_ref(), "down_payment"),
            Term::Settlement { amount, .. }
            | Term::TokenPayments { amount, .. }
            | Term::PromiseToPay { amount, .. } => (Some(amount), "amount"),
            Term::Waiver { amount, .. } => (amount.as_ref(), "amount"),
            _ => (None, ""),
        };
        if let Some(m) = m {
            let field = format!("terms[{i}].{name}");
            money(field.clone(), m)?;
            // A plan amount finer than the minor unit could not be paid.
            let places = currency.minor_units();
            if m.amount().normalize().scale() > places {
                return Err(Error::invalid(
                    field,
                    m,
                    format!("has more decimal places than `{currency}`'s {places}"),
                ));
            }
        }
    }
    Ok(currency)
}

/// Shape errors: no terms, two schedule terms, duplicate kinds or waivers,
/// a waiver beside a settlement, counts and dates that cannot be.
pub(super) fn check_structure(terms: &[Term]) -> Result<()> {
    if terms.is_empty() {
        return Err(Error::invalid(
            "request.terms",
            "[]",
            "a request needs at least one term",
        ));
    }
    for (j, t) in terms.iter().enumerate() {
        let k = t.kind();
        for (i, s) in terms[..j].iter().enumerate() {
            let clash = match (s, t) {
                (Term::Waiver { component: a, .. }, Term::Waiver { component: b, .. }) => a == b,
                (Term::Waiver { .. }, _) | (_, Term::Waiver { .. }) => {
                    matches!(s.kind(), TermKind::Settlement) || k == TermKind::Settlement
                }
                _ => s.kind() == k || (s.kind().is_schedule() && k.is_schedule()),
            };
            if clash {
                return Err(Error::invalid(
                    format!("terms[{j}]"),
                    k,
                    format!(
                        "conflicts with `terms[{i}]` (`{}`): one schedule term, one term of each \
                         kind, one waiver per component, no waiver beside a settlement",
                        s.kind()
                    ),
                ));
            }
        }
        let positive = |field: &str, n: u32, max: u32| -> Result<()> {
            if n == 0 || n > max {
                return Err(Error::invalid(
                    format!("terms[{j}].{field}"),
                    n,
                    format!("must be in 1..={max}"),
                ));
            }
            Ok(())
        };
        match t {
            Term::Installments { count, .. } | Term::ReAge { count, .. } => {
                positive("count", *count, MAX_TERM)?
            }
            Term::Settlement { installments, .. } => {
                positive("installments", *installments, MAX_TERM)?
            }
            Term::TokenPayments { months, .. } => positive("months", *months, MAX_TERM)?,
            Term::RateChange { months, .. } => positive("months", *months, MAX_TERM)?,
            Term::DueDateChange { day_of_month } => positive("day_of_month", *day_of_month, 31)?,
            _ => {}
        }
        if matches!(t, Term::DueDateChange { .. } | Term::Deferral { .. })
            && terms.iter().any(|s| matches!(s, Term::PromiseToPay { .. }))
        {
            return Err(Error::invalid(
                format!("terms[{j}]"),
                k,
                "a promise to pay keeps the date promised: it takes no deferral or due-date change",
            ));
        }
        if let Term::DueDateChange { .. } = t {
            let weekly = terms.iter().any(|s| {
                matches!(
                    s,
                    Term::Installments { frequency, .. } | Term::ReAge { frequency, .. }
                        if *frequency != Frequency::Monthly
                )
            });
            if weekly {
                return Err(Error::invalid(
                    format!("terms[{j}]"),
                    k,
                    "a due-date change needs a monthly schedule",
                ));
            }
        }
    }
    Ok(())
}
