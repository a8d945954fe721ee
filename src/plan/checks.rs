//! One function per limit: record the outcome and return the figure the
//! plan may use (the asked one, or the countered one).

use rust_decimal::Decimal;

use super::count::{below_min, empty_rows_finding, min_amount, unit_count, upper_by_min, TermCap};
use super::evaluate::{finding, Eval};
use super::policy::{CountLimit, InterestFloor, Limits, RuleRef};
use super::request::Term;
use super::schedule::{regular_and_last, Dates};
use super::Check;
use crate::delinquency::RuleStatus;
use crate::error::{Error, Result};
use crate::loan::{Breakdown, Component, MAX_TERM};
use crate::money::{mul_div_round, Money, Rate, Rounding};

pub(super) fn engine_rule(id: &str, citation: &str) -> RuleRef {
    RuleRef::new(id, citation, RuleStatus::Unverified)
}

pub(super) fn pct_of(
    amount: Decimal,
    percent: Decimal,
    dp: u32,
    rounding: Rounding,
) -> Result<Decimal> {
    mul_div_round(amount, percent, 100, dp, rounding)
}

/// A count limit (deferral days, promise days): the asked count, or the
/// limit if the asked count is above it.
pub(super) fn count_limit(
    ev: &mut Eval<'_>,
    limit: &Option<CountLimit>,
    check: Check,
    field: String,
    asked: u32,
    what: &str,
) -> u32 {
    let Some(l) = limit else { return asked };
    if asked <= l.value {
        ev.pass(finding(
            check,
            &l.rule,
            field,
            l.value,
            asked,
            format!("`{asked}` {what} are within the limit `{}`", l.value),
        ));
        asked
    } else {
        ev.counter(
            finding(
                check,
                &l.rule,
                field,
                l.value,
                asked,
                format!("`{asked}` {what} exceed the limit `{}`", l.value),
            ),
            l.value,
        );
        l.value
    }
}

/// A waiver: the amount approved and whether it was countered; `None` if
/// dropped.
#[allow(clippy::too_many_arguments)]
pub(super) fn waiver(
    ev: &mut Eval<'_>,
    limits: &Limits,
    i: usize,
    c: Component,
    amount: Option<Money>,
    percent: Option<Decimal>,
    base: &Breakdown,
) -> Result<Option<(Decimal, bool)>> {
    let field = format!("terms[{i}]");
    let bal = base.amount(c);
    let dp = ev.dp;
    let asked = match (amount, percent) {
        (Some(m), None) => {
            if m.is_negative() {
                return Err(Error::invalid(
                    format!("{field}.amount"),
                    m,
                    "must not be negative",
                ));
            }
            if m.amount() > bal {
                return Err(Error::invalid(
                    format!("{field}.amount"),
                    m,
                    format!("is more than the `{bal}` of {} owed", c.as_str()),
                ));
            }
            m.amount()
        }
        (None, Some(p)) => {
            if p < Decimal::ZERO || p > Decimal::ONE_HUNDRED {
                return Err(Error::invalid(
                    format!("{field}.percent"),
                    p,
                    "must be in 0..=100",
                ));
            }
            pct_of(bal, p, dp, Rounding::TowardZero)?
        }
        _ => {
            return Err(Error::invalid(
                field,
                "waiver",
                "give exactly one of `amount` and `percent`",
            ))
        }
    };
    let name = c.as_str();
    if c == Component::Principal {
        let r = engine_rule(
            "plan.principal_waiver",
            "principal is waived only through a settlement discount (engine rule)",
        );
        ev.counter(
            finding(
                Check::PrincipalWaiver,
                &r,
                field,
                "only in a settlement",
                asked,
                format!("a principal waiver of `{asked}` is allowed only as a settlement discount"),
            ),
            "waiver dropped",
        );
        return Ok(None);
    }
    let (r, p) = match limits.waiver_limit(c) {
        Some(w) => (w.rule.clone(), w.percent),
        None => (
            engine_rule(
                "plan.waiver_opt_in",
                "waivers are allowed only for components with a limit",
            ),
            Decimal::ZERO,
        ),
    };
    let cap = pct_of(bal, p, dp, Rounding::TowardZero)?;
    let limit = format!("{p}% of {bal} = {cap}");
    if asked <= cap {
        ev.pass(finding(
            Check::MaxWaiver,
            &r,
            field,
            limit,
            asked,
            format!("waiving `{asked}` of {name} is within `{p}`% of `{bal}`"),
        ));
        Ok(Some((asked, false)))
    } else {
        let msg = format!("waiving `{asked}` of {name} is above `{p}`% of `{bal}` (`{cap}`)");
        if cap > Decimal::ZERO {
            ev.counter(finding(Check::MaxWaiver, &r, field, limit, asked, msg), cap);
            Ok(Some((cap, true)))
        } else {
            ev.counter(
                finding(Check::MaxWaiver, &r, field, limit, asked, msg),
                "waiver dropped",
            );
            Ok(None)
        }
    }
}

/// Whether the plan rate `x` is below the contract rate (forbearance lowers
/// interest); if not, or if the contract rate is unknown, records the
/// term as dropped.
fn lowers(ev: &mut Eval<'_>, field: &str, x: Rate) -> bool {
    let pct = |r: Rate| format!("{}%", r.percent());
    let (limit, msg) = match ev.contract_rate {
        Some(c) if x < c => return true,
        Some(c) => (
            format!("below {}", pct(c)),
            format!(
                "interest `{}` is not below the contract rate `{}`",
                pct(x),
                pct(c)
            ),
        ),
        None => (
            "below the contract rate".to_owned(),
            format!(
                "the contract rate is unknown (`facts.contract_rate`), so interest `{}` \
                 cannot be shown to be a reduction",
                pct(x)
            ),
        ),
    };
    ev.counter(
        finding(Check::Interest, &RATE_LOWERS, field, limit, pct(x), msg),
        "term dropped",
    );
    false
}

static RATE_LOWERS: std::sync::LazyLock<RuleRef> = std::sync::LazyLock::new(|| {
    engine_rule(
        "plan.rate_change_lowers",
        "a plan's rate change may only reduce interest (uk.conc.7_3_options: suspending, \
         reducing, waiving or cancelling interest)",
    )
});

/// A rate change: the term as it may be agreed, `None` if dropped.
pub(super) fn rate_change(
    ev: &mut Eval<'_>,
    limits: &Limits,
    i: usize,
    new_rate: Option<Rate>,
    months: u32,
) -> Option<Term> {
    let show =
        |x: Option<Rate>| x.map_or_else(|| "frozen".to_owned(), |r| format!("{}%", r.percent()));
    let field = format!("terms[{i}].new_rate");
    if new_rate.is_some_and(|x| !lowers(ev, &field, x)) {
        return None;
    }
    let Some(r) = &limits.interest else {
        return Some(Term::RateChange { new_rate, months });
    };
    let mut new_rate = new_rate;
    match r.floor {
        InterestFloor::Contract => {
            ev.counter(
                finding(
                    Check::Interest,
                    &r.rule,
                    field,
                    "contract rate",
                    show(new_rate),
                    "the policy keeps the contract rate during a plan".to_owned(),
                ),
                "term dropped",
            );
            return None;
        }
        InterestFloor::Reduced { rate: floor } => {
            // A freeze is a rate of zero: below any positive floor, and
            // what a floor of zero allows (countering it with 0 % offered
            // the very freeze it refused).
            if new_rate.map_or(floor > Rate::ZERO, |x| x < floor) {
                let msg = format!(
                    "interest `{}` is below the lowest rate `{}`",
                    show(new_rate),
                    show(Some(floor))
                );
                ev.counter(
                    finding(
                        Check::Interest,
                        &r.rule,
                        field.clone(),
                        show(Some(floor)),
                        show(new_rate),
                        msg,
                    ),
                    show(Some(floor)),
                );
                if !lowers(ev, &field, floor) {
                    return None;
                }
                new_rate = Some(floor);
            } else {
                ev.pass(finding(
                    Check::Interest,
                    &r.rule,
                    field,
                    show(Some(floor)),
                    show(new_rate),
                    format!(
                        "interest `{}` is not below `{}`",
                        show(new_rate),
                        show(Some(floor))
                    ),
                ));
            }
        }
        InterestFloor::Frozen => {
            ev.pass(finding(
                Check::Interest,
                &r.rule,
                field,
                "frozen",
                show(new_rate),
                format!("interest `{}` is allowed; it may be frozen", show(new_rate)),
            ));
        }
    }
    let months = match r.max_months {
        Some(m) if months > m => {
            ev.counter(
                finding(
                    Check::Interest,
                    &r.rule,
                    format!("terms[{i}].months"),
                    m,
                    months,
                    format!("a rate change for `{months}` months exceeds `{m}`"),
                ),
                m,
            );
            m
        }
        _ => months,
    };
    Some(Term::RateChange { new_rate, months })
}

/// The down payment: the asked one, or the policy minimum.
pub(super) fn down_payment(
    ev: &mut Eval<'_>,
    limits: &Limits,
    i: usize,
    asked: Decimal,
    balance: Decimal,
) -> Result<Decimal> {
    let Some(l) = &limits.min_down_payment else {
        return Ok(asked);
    };
    let min = pct_of(balance, l.percent, ev.dp, Rounding::AwayFromZero)?;
    let field = format!("terms[{i}].down_payment");
    let limit = format!("{}% of {balance} = {min}", l.percent);
    if asked >= min {
        ev.pass(finding(
            Check::MinDownPayment,
            &l.rule,
            field,
            limit,
            asked,
            format!("down payment `{asked}` is at least `{min}`"),
        ));
        Ok(asked)
    } else {
        ev.counter(
            finding(
                Check::MinDownPayment,
                &l.rule,
                field,
                limit,
                asked,
                format!(
                    "down payment `{asked}` is below `{}`% of `{balance}` (`{min}`)",
                    l.percent
                ),
            ),
            min,
        );
        Ok(min)
    }
}

/// The settlement amount: the asked one, or the floor.
pub(super) fn settlement_floor(
    ev: &mut Eval<'_>,
    limits: &Limits,
    i: usize,
    asked: Decimal,
    total: Decimal,
) -> Result<Decimal> {
    let (r, disc) = match &limits.max_discount {
        Some(l) => (l.rule.clone(), l.percent),
        None => (
            engine_rule(
                "plan.discount_opt_in",
                "no settlement discount without `max_discount`",
            ),
            Decimal::ZERO,
        ),
    };
    let floor = pct_of(
        total,
        Decimal::ONE_HUNDRED - disc,
        ev.dp,
        Rounding::AwayFromZero,
    )?;
    let asked_pct = (total - asked)
        .checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|x| x.checked_div(total))
        .map_or(Decimal::ZERO, |x| x.round_dp(2).normalize());
    let field = format!("terms[{i}].amount");
    let limit = format!("{floor} ({disc}% discount)");
    if asked >= floor {
        ev.pass(finding(
            Check::SettlementFloor,
            &r,
            field,
            limit,
            asked,
            format!(
                "settlement `{asked}` (`{asked_pct}`% discount) is at least the floor `{floor}`"
            ),
        ));
        Ok(asked)
    } else {
        ev.counter(
            finding(Check::SettlementFloor, &r, field, limit, asked,
                format!("settlement `{asked}` is a `{asked_pct}`% discount, above the largest `{disc}`%; the floor is `{floor}`")),
            floor,
        );
        Ok(floor)
    }
}

/// The number of settlement payments: within the count limit, the term
/// limit and the minimum installment (no affordability: a settlement is the
/// debtor's offer); `None` if no count fits, or if the only count that fits
/// is one payment for a settlement asked in several (a lump sum the engine
/// may not require, RULES.md §4 guard-rails).
pub(super) fn settlement_count(
    ev: &mut Eval<'_>,
    limits: &Limits,
    i: usize,
    n: u32,
    amount: Decimal,
    dates: &Dates,
) -> Result<Option<u32>> {
    let term = TermCap::of(limits, ev.as_of)?;
    let units = unit_count(amount, ev.dp);
    let upper = limits
        .max_installments
        .as_ref()
        .map_or(MAX_TERM, |l| l.value)
        .min(upper_by_min(limits, amount))
        .min(units)
        .min(term.as_ref().map_or(MAX_TERM, |t| t.most(dates)));
    let offer = Some(n.min(upper)).filter(|&o| o > 0 && (o > 1 || n == 1));
    let offered = offer.map(|o| o.to_string());
    let field = format!("terms[{i}].installments");
    let report = |ev: &mut Eval<'_>, failed: bool, f| match (failed, &offered) {
        (false, _) => ev.pass(f),
        (true, Some(o)) => ev.counter(f, o),
        (true, None) => ev.fail(f),
    };
    if let Some(l) = &limits.max_installments {
        let f = finding(
            Check::MaxInstallments,
            &l.rule,
            field.clone(),
            l.value,
            n,
            format!("`{n}` settlement payments against the limit `{}`", l.value),
        );
        report(ev, n > l.value, f);
    }
    if let Some(t) = &term {
        t.report(ev, &field, dates, n, false, &offered);
    }
    if n > units {
        report(
            ev,
            true,
            empty_rows_finding(field.clone(), amount, units, n),
        );
    }
    if let Some(l) = &limits.min_installment {
        let (regular, _) = regular_and_last(amount, n, ev.dp, min_amount(limits))?;
        let f = finding(
            Check::MinInstallment,
            &l.rule,
            field.clone(),
            l.amount,
            regular,
            format!(
                "settlement payments of `{regular}` against the minimum `{}`",
                l.amount
            ),
        );
        report(ev, below_min(limits, amount, n), f);
    }
    Ok(offer)
}
