//! Checking each term against the limits, countering what can be
//! countered, and building the plan.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::checks::{
    count_limit, down_payment as down_payment_check, installment_count, rate_change,
    settlement_count, settlement_floor, waiver,
};
use super::evaluate::{finding, less, Eval};
use super::request::Term;
use super::schedule::{equal_payments, spread, take, Dates};
use super::{Check, Plan, PlanInstallment, PlanInterest};
use crate::error::{Error, Result};
use crate::loan::{Breakdown, Frequency, MAX_TERM};
use crate::money::Money;

/// A plan that could be built (possibly with countered terms).
pub(super) struct Built {
    pub(super) plan: Plan,
}

fn not_before(field: String, date: NaiveDate, as_of: NaiveDate) -> Result<()> {
    if date < as_of {
        return Err(Error::invalid(
            field,
            date,
            format!("is before the evaluation date `{as_of}`"),
        ));
    }
    Ok(())
}

fn positive(field: String, m: &Money) -> Result<Decimal> {
    if !m.is_positive() {
        return Err(Error::invalid(field, m, "must be positive"));
    }
    Ok(m.amount())
}

fn not_above(field: String, amount: Decimal, balance: Decimal, what: &str) -> Result<()> {
    if amount > balance {
        return Err(Error::invalid(
            field,
            amount,
            format!("is larger than the {what} `{balance}`"),
        ));
    }
    Ok(())
}

/// Checks every kept term, counters what can be countered and builds the
/// plan; `None` if no term is left to offer.
pub(super) fn build(
    ev: &mut Eval<'_>,
    terms: &[Term],
    keep: &[bool],
    base: &Breakdown,
    cap: Option<Money>,
) -> Result<Option<Built>> {
    let limits = std::mem::take(&mut ev.limits);
    let mut adj: Vec<Option<Term>> = terms
        .iter()
        .zip(keep)
        .map(|(t, k)| k.then(|| t.clone()))
        .collect();
    let (as_of, dp) = (ev.as_of, ev.dp);

    // Waivers first: they reduce what the schedule pays.
    let mut waived = Breakdown::zero(ev.currency);
    for (i, slot) in adj.iter_mut().enumerate() {
        if let Some(Term::Waiver {
            component,
            amount,
            percent,
        }) = slot.clone()
        {
            *slot = match waiver(ev, &limits, i, component, amount, percent, base)? {
                Some((a, countered)) => {
                    waived.set(component, a);
                    Some(if countered {
                        Term::Waiver {
                            component,
                            amount: Some(Money::new(a, ev.currency)),
                            percent: None,
                        }
                    } else {
                        Term::Waiver {
                            component,
                            amount,
                            percent,
                        }
                    })
                }
                None => None,
            };
        }
    }

    // Modifiers.
    let mut interest = PlanInterest::Contract;
    let mut shift_days = 0u32;
    let mut day_of_month = None;
    let has_schedule = adj.iter().flatten().any(|t| t.kind().is_schedule());
    let mut holiday = None;
    for (i, slot) in adj.iter_mut().enumerate() {
        match slot.clone() {
            Some(Term::RateChange { new_rate, months }) => {
                *slot = rate_change(ev, &limits, i, new_rate, months);
                if let Some(Term::RateChange { new_rate, months }) = *slot {
                    interest = match new_rate {
                        Some(rate) => PlanInterest::Reduced { rate, months },
                        None => PlanInterest::Frozen { months },
                    };
                }
            }
            Some(Term::Deferral { days, until }) => {
                let asked = match (days, until) {
                    (Some(0), None) => {
                        return Err(Error::invalid(
                            format!("terms[{i}].days"),
                            0,
                            "must be at least 1",
                        ))
                    }
                    (Some(d), None) => d,
                    (None, Some(u)) if u > as_of => {
                        u32::try_from((u - as_of).num_days()).unwrap_or(u32::MAX)
                    }
                    (None, Some(u)) => {
                        return Err(Error::invalid(
                            format!("terms[{i}].until"),
                            u,
                            format!("must be after the evaluation date `{as_of}`"),
                        ))
                    }
                    _ => {
                        return Err(Error::invalid(
                            format!("terms[{i}]"),
                            "deferral",
                            "give exactly one of `days` and `until`",
                        ))
                    }
                };
                let d = count_limit(
                    ev,
                    &limits.max_deferral_days,
                    Check::MaxDeferral,
                    format!("terms[{i}].days"),
                    asked,
                    "deferral days",
                );
                if d != asked {
                    *slot = Some(Term::Deferral {
                        days: Some(d),
                        until: None,
                    });
                }
                if has_schedule {
                    shift_days = d;
                } else {
                    holiday = as_of.checked_add_days(chrono::Days::new(u64::from(d)));
                }
            }
            Some(Term::DueDateChange { day_of_month: d }) => day_of_month = Some(d),
            _ => {}
        }
    }

    let after_waivers = less(base, &waived)?;
    let mut covered = *base;
    let mut schedule: Vec<PlanInstallment> = Vec::new();
    for (i, slot) in adj.iter_mut().enumerate() {
        let Some(t) = slot.clone() else { continue };
        let dates = |first: NaiveDate, frequency: Frequency| Dates {
            first,
            frequency,
            shift_days,
            day_of_month,
            not_before: as_of,
        };
        match t {
            Term::Installments {
                count,
                frequency,
                first_due,
                down_payment,
            } => {
                not_before(format!("terms[{i}].first_due"), first_due, as_of)?;
                let b = after_waivers.total()?.amount();
                let asked_down = match &down_payment {
                    Some(m) => {
                        let d = positive(format!("terms[{i}].down_payment"), m)?;
                        if d >= b {
                            return Err(Error::invalid(
                                format!("terms[{i}].down_payment"),
                                d,
                                format!("must be below the balance to schedule `{b}`"),
                            ));
                        }
                        d
                    }
                    None => Decimal::ZERO,
                };
                let down = down_payment_check(ev, &limits, i, asked_down, b)?;
                let rest = b - down;
                let Some(n) = installment_count(ev, &limits, i, count, rest, frequency, cap)?
                else {
                    return Ok(None);
                };
                if n != count || down != asked_down {
                    *slot = Some(Term::Installments {
                        count: n,
                        frequency,
                        first_due,
                        down_payment: (!down.is_zero()).then(|| Money::new(down, ev.currency)),
                    });
                }
                let mut payments = Vec::with_capacity(n as usize + 1);
                if !down.is_zero() {
                    payments.push((0, as_of, down));
                }
                payments.extend(equal_payments(rest, n, dp, &dates(first_due, frequency))?);
                schedule = spread(&after_waivers, payments)?;
            }
            Term::ReAge {
                count,
                frequency,
                first_due,
            } => {
                not_before(format!("terms[{i}].first_due"), first_due, as_of)?;
                let b = after_waivers.total()?.amount();
                let Some(n) = installment_count(ev, &limits, i, count, b, frequency, cap)? else {
                    return Ok(None);
                };
                if n != count {
                    *slot = Some(Term::ReAge {
                        count: n,
                        frequency,
                        first_due,
                    });
                }
                schedule = spread(
                    &after_waivers,
                    equal_payments(b, n, dp, &dates(first_due, frequency))?,
                )?;
            }
            Term::Settlement {
                amount,
                pay_by,
                installments,
            } => {
                not_before(format!("terms[{i}].pay_by"), pay_by, as_of)?;
                let asked = positive(format!("terms[{i}].amount"), &amount)?;
                let total = base.total()?.amount();
                not_above(format!("terms[{i}].amount"), asked, total, "balance")?;
                let a = settlement_floor(ev, &limits, i, asked, total)?;
                let n = settlement_count(ev, &limits, i, installments, a)?;
                if a != asked || n != installments {
                    *slot = Some(Term::Settlement {
                        amount: Money::new(a, ev.currency),
                        pay_by,
                        installments: n,
                    });
                }
                let mut left = *base;
                waived = take(&mut left, total - a)?;
                schedule = spread(
                    &left,
                    equal_payments(a, n, dp, &dates(pay_by, Frequency::Monthly))?,
                )?;
            }
            Term::TokenPayments {
                amount,
                months,
                first_due,
            } => {
                not_before(format!("terms[{i}].first_due"), first_due, as_of)?;
                let per = positive(format!("terms[{i}].amount"), &amount)?;
                let all = per
                    .checked_mul(Decimal::from(months))
                    .ok_or_else(|| Error::overflow("multiply", per, months))?;
                not_above(
                    format!("terms[{i}].amount"),
                    all,
                    after_waivers.total()?.amount(),
                    "balance to schedule",
                )?;
                let max = ev.policy.max_token_months().unwrap_or(MAX_TERM);
                let terms_rule = ev.policy.terms.rule.clone();
                let m = if months > max {
                    ev.counter(
                        finding(
                            Check::TokenPayments,
                            &terms_rule,
                            format!("terms[{i}].months"),
                            max,
                            months,
                            format!(
                                "token payments for `{months}` months exceed the `{max}` offered"
                            ),
                        ),
                        max,
                    );
                    *slot = Some(Term::TokenPayments {
                        amount,
                        months: max,
                        first_due,
                    });
                    max
                } else {
                    months
                };
                let total = per * Decimal::from(m);
                let mut left = after_waivers;
                let paid = take(&mut left, total)?;
                covered = paid.checked_add(&waived)?;
                let d = dates(first_due, Frequency::Monthly);
                let payments = (0..m)
                    .map(|k| Ok((k + 1, d.nth(k)?, per)))
                    .collect::<Result<Vec<_>>>()?;
                schedule = spread(&paid, payments)?;
            }
            Term::PromiseToPay { amount, date } => {
                not_before(format!("terms[{i}].date"), date, as_of)?;
                let a = positive(format!("terms[{i}].amount"), &amount)?;
                not_above(
                    format!("terms[{i}].amount"),
                    a,
                    after_waivers.total()?.amount(),
                    "balance to schedule",
                )?;
                let asked = u32::try_from((date - as_of).num_days()).unwrap_or(u32::MAX);
                let days = count_limit(
                    ev,
                    &limits.max_promise_days,
                    Check::PromiseDate,
                    format!("terms[{i}].date"),
                    asked,
                    "days to the promise",
                );
                let date = if days != asked {
                    let d = as_of
                        .checked_add_days(chrono::Days::new(u64::from(days)))
                        .ok_or_else(|| {
                            Error::date_out_of_range(format!("terms[{i}].date"), as_of)
                        })?;
                    *slot = Some(Term::PromiseToPay { amount, date: d });
                    d
                } else {
                    date
                };
                let mut left = after_waivers;
                let paid = take(&mut left, a)?;
                covered = paid.checked_add(&waived)?;
                let due = dates(date, Frequency::Monthly).nth(0)?;
                schedule = spread(&paid, [(1, due, a)])?;
            }
            _ => {}
        }
    }
    let has_schedule = adj.iter().flatten().any(|t| t.kind().is_schedule());
    if !has_schedule {
        match holiday {
            Some(due) if !after_waivers.is_zero() => {
                schedule = spread(&after_waivers, [(1, due, after_waivers.total()?.amount())])?;
            }
            _ => covered = waived,
        }
    }
    let terms: Vec<Term> = adj.into_iter().flatten().collect();
    if terms.is_empty() {
        return Ok(None);
    }
    Ok(Some(Built {
        plan: Plan {
            terms,
            covered,
            waived,
            schedule,
            interest,
        },
    }))
}
