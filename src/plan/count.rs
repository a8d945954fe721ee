//! The installment count and the term limit: how many payments a plan
//! may have (the count limit, the term from the evaluation date, the
//! smallest installment, affordability, and at least one minor unit each),
//! and the counter-offer when the count asked breaks any of them.

use chrono::NaiveDate;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::checks::engine_rule;
use super::evaluate::{finding, Eval, Finding};
use super::policy::RuleRef;
use super::policy::{CountLimit, Limits};
use super::schedule::{largest, regular_and_last, Dates};
use super::Check;
use crate::error::{Error, Result};
use crate::loan::{add_months_clamped, MAX_TERM};
use crate::money::{mul_div_round, Money, Rounding};

/// Most installments the minimum installment allows for `rest` (at least 1).
/// The most installments of at least one minor unit `amount` makes (0.10
/// is not twelve payments, eleven of them 0.00); at least 1.
pub(super) fn unit_count(amount: Decimal, dp: u32) -> u32 {
    // Trailing zeros are no places (0.100 GBP is 10 pence): the input
    // checks refuse any other amount with more places than the currency.
    crate::money::minor_units(amount.normalize(), dp)
        .and_then(|u| u32::try_from(u).ok())
        .unwrap_or(u32::MAX)
        .max(1)
}

/// The rule no installment below one minor unit breaks (an engine rule:
/// a payment of nothing is no payment).
static POSITIVE: std::sync::LazyLock<RuleRef> = std::sync::LazyLock::new(|| {
    engine_rule(
        "plan.installment_positive",
        "every installment is at least one minor unit",
    )
});

/// `n` payments of `amount` on `field` leave some at 0.00: at most `units`.
pub(super) fn empty_rows_finding(
    field: String,
    amount: Decimal,
    units: u32,
    n: u32,
) -> Finding<'static> {
    finding(
        Check::MinInstallment,
        &POSITIVE,
        field,
        units,
        n,
        format!("`{amount}` cannot be paid in `{n}` installments of at least one minor unit"),
    )
}

pub(super) fn upper_by_min(limits: &Limits, rest: Decimal) -> u32 {
    match &limits.min_installment {
        Some(l) if l.amount > Decimal::ZERO => rest
            .checked_div(l.amount)
            .and_then(|q| q.floor().to_u32())
            .unwrap_or(MAX_TERM)
            .clamp(1, MAX_TERM),
        _ => MAX_TERM,
    }
}

pub(super) fn below_min(limits: &Limits, rest: Decimal, n: u32) -> bool {
    limits.min_installment.as_ref().is_some_and(|l| {
        n > 1
            && l.amount
                .checked_mul(Decimal::from(n))
                .map_or(true, |need| rest < need)
    })
}

/// The smallest installment the policy allows (zero if none): the floor of
/// [`regular_and_last`]'s last amount.
pub(super) fn min_amount(limits: &Limits) -> Decimal {
    limits
        .min_installment
        .as_ref()
        .map_or(Decimal::ZERO, |l| l.amount.max(Decimal::ZERO))
}

/// The longest plan: the last day a plan's last payment may fall due, if
/// the policy limits the term.
pub(super) struct TermCap<'l> {
    limit: &'l CountLimit,
    end: NaiveDate,
}

impl<'l> TermCap<'l> {
    pub(super) fn of(limits: &'l Limits, as_of: NaiveDate) -> Result<Option<TermCap<'l>>> {
        let Some(limit) = &limits.max_term_months else {
            return Ok(None);
        };
        let end = add_months_clamped(as_of, limit.value)
            .ok_or_else(|| Error::date_out_of_range("limits.max_term_months", as_of))?;
        Ok(Some(TermCap { limit, end }))
    }

    /// Whether `n` payments on `dates` end after the term (a date past the
    /// calendar does too).
    pub(super) fn over(&self, dates: &Dates, n: u32) -> bool {
        n > 0 && dates.nth(n - 1).map_or(true, |last| last > self.end)
    }

    /// The most payments on `dates` that end within the term (0 if even
    /// the first is too late).
    pub(super) fn most(&self, dates: &Dates) -> u32 {
        let (mut lo, mut hi) = (0, MAX_TERM);
        while lo < hi {
            let mid = lo + (hi - lo).div_ceil(2);
            if self.over(dates, mid) {
                hi = mid - 1;
            } else {
                lo = mid;
            }
        }
        lo
    }

    /// Records whether `n` payments on `dates` end within the term.
    pub(super) fn report(
        &self,
        ev: &mut Eval<'_>,
        field: &str,
        dates: &Dates,
        n: u32,
        fewest_affordable: bool,
        offered: &Option<String>,
    ) {
        let last = n
            .checked_sub(1)
            .and_then(|k| dates.nth(k).ok())
            .map_or_else(|| "beyond the calendar".to_owned(), |d| d.to_string());
        let months = self.limit.value;
        let limit = format!("{months} months (last due by {})", self.end);
        let failed = self.over(dates, n);
        let msg = if fewest_affordable {
            format!(
                "the fewest affordable installments, `{n}`, end `{last}`, more than `{months}` months away (after `{}`)",
                self.end
            )
        } else if failed {
            format!(
                "the last payment, due `{last}`, is more than `{months}` months away (after `{}`)",
                self.end
            )
        } else {
            format!(
                "the last payment, due `{last}`, is within `{months}` months (by `{}`)",
                self.end
            )
        };
        let f = finding(Check::MaxTerm, &self.limit.rule, field, limit, last, msg);
        match (failed, offered) {
            (false, _) => ev.pass(f),
            (true, Some(o)) => ev.counter(f, o),
            (true, None) => ev.fail(f),
        }
    }
}

/// The most of `n` payments on `dates` the term limit allows, with the
/// outcome recorded on `terms[i].{name}`; `None` if not even one fits.
pub(super) fn term_count(
    ev: &mut Eval<'_>,
    limits: &Limits,
    i: usize,
    name: &str,
    dates: &Dates,
    n: u32,
) -> Result<Option<u32>> {
    let Some(t) = TermCap::of(limits, ev.as_of)? else {
        return Ok(Some(n));
    };
    let offer = if t.over(dates, n) {
        Some(t.most(dates)).filter(|&m| m > 0)
    } else {
        Some(n)
    };
    let offered = offer.filter(|&m| m != n).map(|m| m.to_string());
    t.report(ev, &format!("terms[{i}].{name}"), dates, n, false, &offered);
    Ok(offer)
}

/// The installment count, checked against the count limit, the term limit,
/// the minimum installment and affordability; countered to the nearest
/// count that meets all four, or `None` if no count does. A request for
/// several installments is never countered with one: that would be a lump
/// sum (RULES.md §4 guard-rails), so it is rejected instead.
#[allow(clippy::too_many_arguments)]
pub(super) fn installment_count(
    ev: &mut Eval<'_>,
    limits: &Limits,
    i: usize,
    count: u32,
    rest: Decimal,
    dates: &Dates,
    cap: Option<Money>,
) -> Result<Option<u32>> {
    let (dp, min) = (ev.dp, min_amount(limits));
    let ppy = Decimal::from(dates.frequency.periods_per_year());
    let term = TermCap::of(limits, ev.as_of)?;
    let monthly = |n: u32| -> Result<Decimal> {
        mul_div_round(largest(rest, n, dp, min)?, ppy, 12, dp, Rounding::HalfUp)
    };
    let unaffordable = |n: u32| -> Result<bool> {
        let Some(c) = cap else { return Ok(false) };
        let a = largest(rest, n, dp, min)?.checked_mul(ppy);
        let b = c.amount().checked_mul(Decimal::from(12));
        Ok(match (a, b) {
            (Some(a), Some(b)) => a > b,
            _ => true,
        })
    };
    let over_max = |n: u32| {
        limits
            .max_installments
            .as_ref()
            .is_some_and(|l| n > l.value)
    };
    let over_term = |n: u32| term.as_ref().is_some_and(|t| t.over(dates, n));
    let units = unit_count(rest, dp);
    let empty_rows = |n: u32| n > units;
    let fails = |n: u32| -> Result<bool> {
        Ok(over_max(n)
            || over_term(n)
            || below_min(limits, rest, n)
            || empty_rows(n)
            || unaffordable(n)?)
    };

    let mut offer = Some(count);
    // The fewest affordable installments, when more than any other limit
    // allows: the limits bind together, and each that does is a failure.
    let mut needed = None;
    if fails(count)? {
        let upper = limits
            .max_installments
            .as_ref()
            .map_or(MAX_TERM, |l| l.value)
            .min(upper_by_min(limits, rest))
            .min(units)
            .min(term.as_ref().map_or(MAX_TERM, |t| t.most(dates)));
        let lower = match cap {
            None => Some(1),
            Some(_) if rest.is_zero() => Some(1),
            Some(c) if !c.is_positive() => None,
            Some(c) => {
                let est = rest
                    .checked_mul(ppy)
                    .and_then(|x| x.checked_div(c.amount().checked_mul(Decimal::from(12))?))
                    .and_then(|x| x.ceil().to_u32())
                    .unwrap_or(u32::MAX)
                    .clamp(1, upper.saturating_add(1));
                let mut n = est;
                for _ in 0..4 {
                    if n > 1 && !unaffordable(n - 1)? {
                        n -= 1;
                    }
                }
                while n <= upper && unaffordable(n)? {
                    n += 1;
                }
                Some(n)
            }
        };
        offer = match lower {
            Some(l) if l <= upper => Some(count.clamp(l, upper)),
            _ => None,
        };
        needed = lower.filter(|&l| l > upper);
        if let Some(n) = offer {
            if fails(n)? {
                // Affordability is not quite monotone in the count for tiny
                // balances (17.70 in 60 is 59 × 0.29 and 0.59, above a 0.50
                // cap, where 59 and 61 fit): the nearest count that meets
                // every limit, the larger first on a tie.
                offer = None;
                let floor = if count > 1 { 2 } else { 1 };
                for step in 1..=upper {
                    let near = [count.checked_add(step), count.checked_sub(step)];
                    let mut found = None;
                    for m in near.into_iter().flatten() {
                        if (floor..=upper).contains(&m) && !fails(m)? {
                            found = Some(m);
                            break;
                        }
                    }
                    if found.is_some() {
                        offer = found;
                        break;
                    }
                }
            }
            if offer == Some(1) && count > 1 {
                offer = None;
            }
        }
    }
    let (regular, _) = regular_and_last(rest, count, dp, min)?;
    let offered = match offer {
        Some(n) => Some(format!(
            "{n} installments of {}",
            regular_and_last(rest, n, dp, min)?.0
        )),
        None => None,
    };
    let field = format!("terms[{i}].count");
    let report = |ev: &mut Eval<'_>, failed: bool, f| match (failed, &offered) {
        (false, _) => ev.pass(f),
        (true, Some(o)) => ev.counter(f, o),
        (true, None) => ev.fail(f),
    };
    if let Some(l) = &limits.max_installments {
        let jointly = needed.filter(|&m| !over_max(count) && over_max(m));
        let failed = over_max(count) || jointly.is_some();
        let msg = if let Some(m) = jointly {
            format!(
                "`{count}` installments are within the limit `{}`, but the fewest affordable, `{m}`, exceed it",
                l.value
            )
        } else if failed {
            format!("`{count}` installments exceed the limit `{}`", l.value)
        } else {
            format!("`{count}` installments are within the limit `{}`", l.value)
        };
        report(
            ev,
            failed,
            finding(
                Check::MaxInstallments,
                &l.rule,
                field.clone(),
                l.value,
                count,
                msg,
            ),
        );
    }
    if let Some(t) = &term {
        // Against the fewest affordable count where that is what binds.
        let jointly = needed.filter(|&m| !t.over(dates, count) && t.over(dates, m));
        t.report(
            ev,
            &field,
            dates,
            jointly.unwrap_or(count),
            jointly.is_some(),
            &offered,
        );
    }
    if empty_rows(count) {
        report(
            ev,
            true,
            empty_rows_finding(field.clone(), rest, units, count),
        );
    }
    if let Some(l) = &limits.min_installment {
        let jointly =
            needed.filter(|&m| !below_min(limits, rest, count) && below_min(limits, rest, m));
        let failed = below_min(limits, rest, count) || jointly.is_some();
        let msg = if let Some(m) = jointly {
            format!(
                "installments of `{regular}` are at least the minimum `{}`, but the fewest affordable, `{m}`, would be below it",
                l.amount
            )
        } else if failed {
            format!(
                "installments of `{regular}` are below the minimum `{}`",
                l.amount
            )
        } else {
            format!(
                "installments of `{regular}` are at least the minimum `{}`",
                l.amount
            )
        };
        report(
            ev,
            failed,
            finding(
                Check::MinInstallment,
                &l.rule,
                field.clone(),
                l.amount,
                regular,
                msg,
            ),
        );
    }
    if let (Some(a), Some(c)) = (ev.policy.affordability.as_ref(), cap) {
        let failed = unaffordable(count)?;
        let m = monthly(count)?;
        let msg = if failed {
            format!(
                "`{m}` a month is above `{c}`, `{}`% of declared means",
                a.percent
            )
        } else {
            format!(
                "`{m}` a month is within `{c}`, `{}`% of declared means",
                a.percent
            )
        };
        let rule = a.rule.clone();
        report(
            ev,
            failed,
            finding(
                Check::Affordability,
                &rule,
                field.clone(),
                c.amount(),
                m,
                msg,
            ),
        );
    }
    Ok(offer)
}
