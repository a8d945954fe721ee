//! Checking each term against the limits, countering what can be
//! countered, and building the plan.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::checks::{
    count_limit, down_payment as down_payment_check, rate_change, settlement_count,
    settlement_floor, waiver,
};
use super::count::{installment_count, min_amount, term_count};
use super::evaluate::{finding, less, Eval, Finding};
use super::holiday::{holiday_limit, holiday_payments};
use super::policy::{Limits, RuleRef};
use super::request::Term;
use super::rules::CountLimit;
use super::schedule::{equal_payments, last_on_day, spread, take, Dates};
use super::{Check, Plan, PlanInstallment, PlanInterest};
use crate::delinquency::RuleStatus;
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
/// plan; `None` if no term is left to offer. `dues` are the covered
/// installments' due dates and outstanding totals, oldest first (empty when
/// only the overdue balance is covered): a deferral alone moves them.
pub(super) fn build(
    ev: &mut Eval<'_>,
    terms: &[Term],
    keep: &[bool],
    base: &Breakdown,
    cap: Option<Money>,
    dues: &[(NaiveDate, Decimal)],
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
    // The schedule's deferral term, and fewer days for it if the first due
    // date needs them (see `first_due_limit`).
    let mut defer_slot: Option<usize> = None;
    let mut new_shift: Option<u32> = None;
    let mut day_of_month = None;
    let has_schedule = adj.iter().flatten().any(|t| t.kind().is_schedule());
    let mut holiday: Option<(usize, u32)> = None;
    // A payment holiday with a new day of the month defers each payment
    // further than its days: the limit counts the whole move.
    let new_day = adj.iter().flatten().find_map(|t| match t {
        Term::DueDateChange { day_of_month } => Some(*day_of_month),
        _ => None,
    });
    let adj_has_deferral = adj
        .iter()
        .flatten()
        .any(|t| matches!(t, Term::Deferral { .. }));
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
                let d = match new_day.filter(|_| !has_schedule) {
                    Some(day) => holiday_limit(ev, &limits, i, asked, dues, day)?,
                    None => count_limit(
                        ev,
                        &limits.max_deferral_days,
                        Check::MaxDeferral,
                        format!("terms[{i}].days"),
                        asked,
                        "deferral days",
                    ),
                };
                if d != asked {
                    *slot = Some(Term::Deferral {
                        days: Some(d),
                        until: None,
                    });
                }
                if has_schedule {
                    shift_days = d;
                    defer_slot = Some(i);
                } else {
                    // Checked: an absurd deferral is an error, not an empty plan.
                    as_of
                        .checked_add_days(chrono::Days::new(u64::from(d)))
                        .ok_or_else(|| {
                            Error::date_out_of_range(format!("terms[{i}].days"), as_of)
                        })?;
                    holiday = Some((i, d));
                }
            }
            Some(Term::DueDateChange { day_of_month: d }) => {
                day_of_month = Some(d);
                // On its own, a new day of the month moves every payment
                // on to it: a holiday of no days, held to the deferral
                // limit by the whole move (approved as it stood, it escaped
                // it).
                if !has_schedule && !adj_has_deferral {
                    holiday_limit(ev, &limits, i, 0, dues, d)?;
                    holiday = Some((i, 0));
                }
            }
            _ => {}
        }
    }

    let after_waivers = less(base, &waived)?;
    let mut covered = *base;
    let mut schedule: Vec<PlanInstallment> = Vec::new();
    for (i, slot) in adj.iter_mut().enumerate() {
        let Some(t) = slot.clone() else { continue };
        let dates = |first: NaiveDate, frequency: Frequency, shift_days: u32| Dates {
            first,
            frequency,
            shift_days,
            day_of_month,
        };
        let min = min_amount(&limits);
        match t {
            Term::Installments {
                count,
                frequency,
                first_due,
                down_payment,
            } => {
                not_before(format!("terms[{i}].first_due"), first_due, as_of)?;
                // A first due date no limit allows rejects the plan, after
                // the other rules are checked (every failure is reported).
                let on = dates(first_due, frequency, shift_days);
                let limited = first_due_limit(ev, &limits, i, "first_due", on)?;
                let (first, shift) = limited.unwrap_or((first_due, shift_days));
                new_shift = new_shift.or((shift != shift_days).then_some(shift));
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
                let on = dates(first, frequency, shift);
                let Some(n) = installment_count(ev, &limits, i, count, rest, &on, cap)? else {
                    return Ok(None);
                };
                if limited.is_none() {
                    return Ok(None);
                }
                if n != count || down != asked_down || first != first_due {
                    *slot = Some(Term::Installments {
                        count: n,
                        frequency,
                        first_due: first,
                        down_payment: (!down.is_zero()).then(|| Money::new(down, ev.currency)),
                    });
                }
                let mut payments = Vec::with_capacity(n as usize + 1);
                if !down.is_zero() {
                    payments.push((0, as_of, down));
                }
                payments.extend(equal_payments(rest, n, (dp, min), &on)?);
                schedule = spread(&after_waivers, payments)?;
            }
            Term::ReAge {
                count,
                frequency,
                first_due,
            } => {
                not_before(format!("terms[{i}].first_due"), first_due, as_of)?;
                let on = dates(first_due, frequency, shift_days);
                let limited = first_due_limit(ev, &limits, i, "first_due", on)?;
                let (first, shift) = limited.unwrap_or((first_due, shift_days));
                new_shift = new_shift.or((shift != shift_days).then_some(shift));
                let b = after_waivers.total()?.amount();
                let on = dates(first, frequency, shift);
                let Some(n) = installment_count(ev, &limits, i, count, b, &on, cap)? else {
                    return Ok(None);
                };
                if limited.is_none() {
                    return Ok(None);
                }
                if n != count || first != first_due {
                    *slot = Some(Term::ReAge {
                        count: n,
                        frequency,
                        first_due: first,
                    });
                }
                schedule = spread(&after_waivers, equal_payments(b, n, (dp, min), &on)?)?;
            }
            Term::Settlement {
                amount,
                pay_by,
                installments,
            } => {
                not_before(format!("terms[{i}].pay_by"), pay_by, as_of)?;
                let on = dates(pay_by, Frequency::Monthly, shift_days);
                let limited = first_due_limit(ev, &limits, i, "pay_by", on)?;
                let (first, shift) = limited.unwrap_or((pay_by, shift_days));
                new_shift = new_shift.or((shift != shift_days).then_some(shift));
                let asked = positive(format!("terms[{i}].amount"), &amount)?;
                let total = base.total()?.amount();
                not_above(format!("terms[{i}].amount"), asked, total, "balance")?;
                let a = settlement_floor(ev, &limits, i, asked, total)?;
                let on = dates(first, Frequency::Monthly, shift);
                let Some(n) = settlement_count(ev, &limits, i, installments, a, &on)? else {
                    return Ok(None);
                };
                if limited.is_none() {
                    return Ok(None);
                }
                if a != asked || n != installments || first != pay_by {
                    *slot = Some(Term::Settlement {
                        amount: Money::new(a, ev.currency),
                        pay_by: first,
                        installments: n,
                    });
                }
                let mut left = *base;
                waived = take(&mut left, total - a)?;
                schedule = spread(&left, equal_payments(a, n, (dp, min), &on)?)?;
            }
            Term::TokenPayments {
                amount,
                months,
                first_due,
            } => {
                not_before(format!("terms[{i}].first_due"), first_due, as_of)?;
                let on = dates(first_due, Frequency::Monthly, shift_days);
                let Some((first, shift)) = first_due_limit(ev, &limits, i, "first_due", on)? else {
                    return Ok(None);
                };
                new_shift = new_shift.or((shift != shift_days).then_some(shift));
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
                let m = if months > max {
                    ev.counter(
                        finding(
                            Check::TokenPayments,
                            &TOKEN_MONTHS,
                            format!("terms[{i}].months"),
                            max,
                            months,
                            format!(
                                "token payments for `{months}` months exceed the `{max}` offered"
                            ),
                        ),
                        max,
                    );
                    max
                } else {
                    months
                };
                let d = dates(first, Frequency::Monthly, shift);
                let Some(m) = term_count(ev, &limits, i, "months", &d, m)? else {
                    return Ok(None);
                };
                if m != months || first != first_due {
                    *slot = Some(Term::TokenPayments {
                        amount,
                        months: m,
                        first_due: first,
                    });
                }
                let total = per * Decimal::from(m);
                let mut left = after_waivers;
                let paid = take(&mut left, total)?;
                covered = paid.checked_add(&waived)?;
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
                // A promise keeps its own date: a deferral or due-date
                // change cannot come with it (`check_structure`).
                schedule = spread(&paid, [(1, date, a)])?;
            }
            _ => {}
        }
    }
    if let (Some(days), Some(k)) = (new_shift, defer_slot) {
        if let Some(slot) = adj.get_mut(k) {
            *slot = Some(Term::Deferral {
                days: Some(days),
                until: None,
            });
        }
    }
    let has_schedule = adj.iter().flatten().any(|t| t.kind().is_schedule());
    if !has_schedule {
        match holiday {
            Some((i, days)) if !after_waivers.is_zero() => {
                let target = after_waivers.total()?.amount();
                let payments = holiday_payments(dues, as_of, (i, days), day_of_month, target)?;
                schedule = spread(&after_waivers, payments)?;
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

/// The rule of the token-payment period: the length is the policy's
/// (`ForbearanceOption::TokenPayments::max_months`), what it stands for is
/// `uk.conc.7_3_options` ("accepting token payments for a reasonable
/// period").
static TOKEN_MONTHS: std::sync::LazyLock<RuleRef> = std::sync::LazyLock::new(|| {
    RuleRef::new(
        "plan.token_payments.max_months",
        "the policy's `token_payments.max_months`: token payments for a reasonable period \
         (uk.conc.7_3_options)",
        RuleStatus::Unverified,
    )
});

/// The first due date of a schedule term, checked as a deferral: a first
/// payment later than one period after the evaluation date defers payment
/// by the days beyond that period, the deferral term's `shift_days` and a
/// new day of the month included, against `max_deferral_days` (so that
/// neither a far first due date nor a due-date change can get round the
/// deferral limit). Returns the first due date and the deferral days:
/// those asked, or the latest first due date whose first payment the limit
/// allows; if even the evaluation date is too late with the deferral's
/// days, the first due date asked with the most deferral days the limit
/// allows, or else the evaluation date with the most deferral days the
/// limit allows from it; `None` if nothing does (the plan is rejected).
fn first_due_limit(
    ev: &mut Eval<'_>,
    limits: &Limits,
    i: usize,
    name: &str,
    on: Dates,
) -> Result<Option<(NaiveDate, u32)>> {
    let first = on.first;
    let keep = Some((first, on.shift_days));
    let Some(l) = &limits.max_deferral_days else {
        return Ok(keep);
    };
    let as_of = ev.as_of;
    let field = format!("terms[{i}].{name}");
    let usual = on.frequency.nth_due(as_of, 1)?;
    let effective = on.nth(0)?;
    let total = u32::try_from((effective - usual).num_days()).unwrap_or(0);
    // Within the deferral term's own days (checked with the term): nothing
    // more to say.
    if total <= on.shift_days {
        return Ok(keep);
    }
    let what = format!(
        "the first payment falls due on `{effective}`, `{total}` days after one period from \
         `{as_of}` (`{usual}`)"
    );
    let f = |message| deferral_finding(l, &field, total, message);
    if total <= l.value {
        ev.pass(f(format!(
            "{what}: within the limit `{}` deferral days",
            l.value
        )));
        return Ok(keep);
    }
    let out = || Error::date_out_of_range(field.clone(), usual);
    let cap = usual
        .checked_add_days(chrono::Days::new(u64::from(l.value)))
        .ok_or_else(out)?;
    // The latest first payment the limit allows falls on the new day of
    // the month, if there is one (monthly schedules only).
    let latest = match (on.frequency, on.day_of_month) {
        (Frequency::Monthly, Some(day)) => last_on_day(cap, day).ok_or_else(out)?,
        _ => cap,
    };
    let offered = latest
        .checked_sub_days(chrono::Days::new(u64::from(on.shift_days)))
        .filter(|d| *d >= as_of);
    let msg = format!("{what}: above the limit `{}` deferral days", l.value);
    if let Some(d) = offered {
        ev.counter(f(msg), d);
        return Ok(Some((d, on.shift_days)));
    }
    // Fewer deferral days from the first due date asked; failing that, from
    // the earliest one, the evaluation date.
    let fits = |first: NaiveDate, days: u32| -> bool {
        Dates {
            first,
            shift_days: days,
            ..on
        }
        .nth(0)
        .is_ok_and(|e| (e - usual).num_days() <= i64::from(l.value))
    };
    for from in std::iter::once(first).chain((first != as_of).then_some(as_of)) {
        if let Some(days) = (1..on.shift_days).rev().find(|&days| fits(from, days)) {
            let offer = if from == first {
                format!("{days} deferral days")
            } else {
                format!("first due `{from}` and {days} deferral days")
            };
            ev.counter(f(msg), offer);
            return Ok(Some((from, days)));
        }
    }
    ev.fail(f(msg));
    Ok(None)
}

/// A finding of the deferral limit `l` on `field`.
pub(super) fn deferral_finding<'r>(
    l: &'r CountLimit,
    field: &str,
    actual: impl std::fmt::Display,
    message: String,
) -> Finding<'r> {
    finding(Check::MaxDeferral, &l.rule, field, l.value, actual, message)
}
