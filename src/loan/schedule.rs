//! Schedule generation: 等额本息, 等额本金, interest-only and bullet.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::position::{Breakdown, Component, Obligation};
use super::terms::{InterestMethod, LoanTerms, RepaymentMethod};
use crate::error::{Error, Result};
use crate::money::{mul_div_round, Money};

/// One row of a contractual schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Installment {
    seq: u32,
    period_start: NaiveDate,
    period_end: NaiveDate,
    due_date: NaiveDate,
    opening_balance: Money,
    principal: Money,
    interest: Money,
    closing_balance: Money,
}

impl Installment {
    /// 1-based position in the schedule.
    pub fn seq(&self) -> u32 {
        self.seq
    }
    /// Start of the interest period (the disbursement date for the first
    /// installment, else the previous unadjusted due date).
    pub fn period_start(&self) -> NaiveDate {
        self.period_start
    }
    /// End of the interest period: the unadjusted due date.
    pub fn period_end(&self) -> NaiveDate {
        self.period_end
    }
    /// The due date after any business-day adjustment.
    pub fn due_date(&self) -> NaiveDate {
        self.due_date
    }
    /// Principal outstanding before this installment.
    pub fn opening_balance(&self) -> Money {
        self.opening_balance
    }
    /// Principal repaid by this installment.
    pub fn principal(&self) -> Money {
        self.principal
    }
    /// Interest charged by this installment.
    pub fn interest(&self) -> Money {
        self.interest
    }
    /// Principal outstanding after this installment.
    pub fn closing_balance(&self) -> Money {
        self.closing_balance
    }
    /// Principal + interest. Cannot overflow: both are bounded by the
    /// validated principal and rate.
    pub fn payment(&self) -> Money {
        Money::new(
            self.principal
                .amount()
                .saturating_add(self.interest.amount()),
            self.principal.currency(),
        )
    }

    /// The installment as an obligation for position replay.
    pub fn obligation(&self) -> Obligation {
        let c = self.principal.currency();
        let mut due = Breakdown::zero(c);
        due.set(Component::Principal, self.principal.amount());
        due.set(Component::Interest, self.interest.amount());
        Obligation {
            seq: self.seq,
            due_date: self.due_date,
            due,
        }
    }
}

/// Generates the contractual schedule for `terms`.
///
/// - The n-th due date is computed from the first due date (never from the
///   previous due date), then shifted by the terms' business-day adjustment
///   if any. Interest periods use the unadjusted dates. Two installments
///   may fall due on one day (a following convention across a closure
///   longer than a period); an adjustment that moves a due date before the
///   previous one, or onto or before the disbursement, is an error.
/// - 等额本息: the payment is `P·r / (1 − (1 + r)^−n)` with `r = annual /
///   periods per year` under [`InterestMethod::Periodic`]; under
///   [`InterestMethod::DayCount`] it is the payment that brings the balance
///   to zero over the schedule's own periods and day count, `P / Σₖ Dₖ`
///   with `Dₖ = Π_{j≤k} 1 / (1 + annual × yfⱼ)` (the periodic formula there
///   left the last row to make up the days the periods differ by: CNY
///   1,000,000 at 4.9 % over 30 years on Act/360 paid 5,307.27 a month and
///   40,826.25 at the end). It is rounded to the minor unit in the terms'
///   rounding (rounded down instead if that would pay the loan off before
///   its last row); each row's interest is rounded, principal = payment −
///   interest, and the last row takes whatever principal remains (absorbing
///   the residue). A row whose interest is more than the payment (under a
///   day count, a long first period, or a long period of a long loan at a
///   high rate) pays its interest only, and the level is solved over the
///   other rows; if rounding would still pay the loan off early, the
///   payment is the largest that does not.
/// - 等额本金: principal `P / n` rounded, the last row takes the remainder.
/// - The principal column always sums exactly to the loan's principal.
///
/// # Errors
///
/// [`Error::InvalidField`] if the terms are invalid, or (naming
/// `terms.term`) if an installment would ask for nothing: a principal of
/// less than one minor unit per installment (CNY 0.05 over 12 months), or
/// interest-only rows at 0 % (a [`RepaymentMethod::Bullet`] asks for
/// nothing before maturity); [`Error::DateOutOfRange`] or
/// [`Error::Overflow`] on extreme inputs.
///
/// # Example
///
/// ```
/// use arrears::loan::{schedule, LoanTerms, RepaymentMethod};
/// use arrears::money::{Currency, Money, Rate};
/// use chrono::NaiveDate;
/// use rust_decimal::Decimal;
///
/// // CNY 1,000,000 over 30 years at 4.9 %: the widely quoted 5,307.27 a month.
/// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
/// let terms = LoanTerms::new("M-1", Money::new(Decimal::from(1_000_000), Currency::CNY),
///     d(2026, 1, 10), Rate::from_percent(Decimal::new(49, 1))?,
///     RepaymentMethod::EqualInstallment, 360, d(2026, 2, 10));
/// let rows = schedule(&terms)?;
/// assert_eq!(rows[0].payment().amount(), Decimal::new(5307_27, 2));
/// assert_eq!(rows[359].due_date(), d(2056, 1, 10));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn schedule(terms: &LoanTerms) -> Result<Vec<Installment>> {
    let rows = rows(terms)?;
    // An installment of nothing is no installment: it is "paid" on its due
    // date, so it counts in no stage and no plan could be made of it.
    if let Some(empty) = rows.iter().find(|r| r.payment().amount().is_zero()) {
        return Err(Error::invalid(
            "terms.term",
            terms.term(),
            format!(
                "gives installment {} (due {}) nothing to pay: each installment needs at least \
                 one minor unit (principal {} over {} installments{})",
                empty.seq(),
                empty.due_date(),
                terms.principal(),
                rows.len(),
                if terms.rate().annual().is_zero() {
                    " at 0 %"
                } else {
                    ""
                }
            ),
        ));
    }
    Ok(rows)
}

/// The schedule's rows, some possibly of nothing.
fn rows(terms: &LoanTerms) -> Result<Vec<Installment>> {
    terms.validate()?;
    let currency = terms.currency();
    let dp = currency.minor_units();
    let rounding = terms.rounding();
    let principal = terms.principal().amount();
    let annual = terms.rate().annual();
    let ppy = i64::from(terms.frequency().periods_per_year());
    let n = match terms.method() {
        RepaymentMethod::Bullet => 1,
        _ => terms.term(),
    };

    // The rate for one interest period (the whole term for a bullet).
    let periods = match terms.method() {
        RepaymentMethod::Bullet => terms.term(),
        _ => 1,
    };
    let period_rate = annual
        .checked_mul(Decimal::from(periods))
        .ok_or_else(|| Error::overflow("multiply", annual, periods))?;
    // The loop runs on integer minor units (i128), which is several times
    // faster than Decimal arithmetic; every value is converted back exactly.
    let rate_mantissa = period_rate.mantissa();
    let rate_den = POW10_I128
        .get(period_rate.scale() as usize)
        .and_then(|p| p.checked_mul(i128::from(ppy)));
    // `last`: `end` is the maturity, the termination date 30E/360 ISDA
    // keeps at the end of February.
    let interest_for =
        |balance: i128, start: NaiveDate, end: NaiveDate, last: bool| -> Result<i128> {
            match terms.interest_method() {
                InterestMethod::Periodic => {
                    if let (Some(num), Some(den)) = (balance.checked_mul(rate_mantissa), rate_den) {
                        return Ok(rounding.div_round_int(num, den));
                    }
                    let bal = from_minor(balance, dp)?;
                    to_minor(mul_div_round(bal, period_rate, ppy, dp, rounding)?, dp)
                }
                InterestMethod::DayCount => {
                    let raw = terms
                        .day_count()
                        .parts_with_termination(start, end, last.then_some(end))
                        .accrue(from_minor(balance, dp)?, annual)?;
                    to_minor(rounding.round(raw, dp), dp)
                }
            }
        };

    // The exact annuity payment, unrounded (等额本息 only).
    let annuity = match (terms.method(), terms.interest_method()) {
        (RepaymentMethod::EqualInstallment, InterestMethod::Periodic) => {
            Some(annuity_payment(principal, annual, ppy, n)?)
        }
        (RepaymentMethod::EqualInstallment, InterestMethod::DayCount) => {
            Some(day_count_annuity(terms, principal, annual, n)?)
        }
        _ => None,
    };
    let level_payment = match annuity {
        Some(pay) => to_minor(rounding.round(pay, dp), dp)?,
        None => 0,
    };
    let level_principal = match terms.method() {
        RepaymentMethod::EqualPrincipal => {
            let share = principal
                .checked_div(Decimal::from(n))
                .ok_or_else(|| Error::overflow("divide", principal, n))?;
            let level = to_minor(rounding.round(share, dp), dp)?;
            // Rounded up, n − 1 shares may reach the principal and leave
            // the last rows with nothing (CNY 100 over 360 months: 0.28 a
            // month ran out at #358; CNY 359 over 360: 1.00 a month left
            // the last 0.00); then the share is rounded down and the last
            // row takes the larger remainder.
            let total = to_minor(principal, dp)?;
            if n > 1
                && level
                    .checked_mul(i128::from(n - 1))
                    .map_or(true, |x| x >= total)
            {
                to_minor(share.trunc_with_scale(dp), dp)?
            } else {
                level
            }
        }
        _ => 0,
    };

    let rows_for =
        |level_payment: i128| -> Result<Vec<Installment>> {
            let mut rows = Vec::with_capacity(n as usize);
            let mut balance = to_minor(principal, dp)?;
            let mut start = terms.disbursement_date();
            for k in 0..n {
                let end = match terms.method() {
                    RepaymentMethod::Bullet => terms
                        .frequency()
                        .nth_due(terms.first_due_date(), terms.term() - 1)?,
                    _ => terms.frequency().nth_due(terms.first_due_date(), k)?,
                };
                let due_date =
                    match terms.due_date_adjustment() {
                        Some(adj) => {
                            let adjusted = adj.adjust(end)?;
                            // A preceding convention can move a date back onto or
                            // past the disbursement, or past the previous due
                            // date. Two due dates on one day are what a following
                            // convention gives across a long closure (two weekly
                            // dates of National Day both roll to the day after).
                            let previous = rows.last().map(|r: &Installment| r.due_date());
                            let floor = previous.unwrap_or(terms.disbursement_date());
                            if adjusted < floor || (adjusted == floor && previous.is_none()) {
                                return Err(Error::invalid(
                                    format!("loan.due_date[{}]", u64::from(k) + 1),
                                    adjusted,
                                    format!(
                            "the business-day adjustment of `{end}` falls {} `{floor}`, {}",
                            if previous.is_none() { "on or before" } else { "before" },
                            if previous.is_none() {
                                "the disbursement date"
                            } else {
                                "the previous due date"
                            }
                        ),
                                ));
                            }
                            adjusted
                        }
                        None => end,
                    };
                let interest = interest_for(balance, start, end, k + 1 == n)?;
                let prin = if k + 1 == n {
                    balance
                } else {
                    match terms.method() {
                        RepaymentMethod::EqualInstallment => {
                            (level_payment - interest).clamp(0, balance)
                        }
                        RepaymentMethod::EqualPrincipal => level_principal.min(balance),
                        RepaymentMethod::InterestOnly | RepaymentMethod::Bullet => 0,
                    }
                };
                if interest.unsigned_abs() > MAX_96 {
                    return Err(Error::overflow(
                        "interest",
                        from_minor(balance, dp)?,
                        period_rate,
                    ));
                }
                let closing = balance - prin;
                // 0 <= closing, prin <= balance <= principal and |interest| <= MAX_96:
                // all fit a Decimal mantissa.
                let money = |m: i128| Money::new(decimal_from_minor(m, dp), currency);
                rows.push(Installment {
                    seq: k + 1,
                    period_start: start,
                    period_end: end,
                    due_date,
                    opening_balance: money(balance),
                    principal: money(prin),
                    interest: money(interest),
                    closing_balance: money(closing),
                });
                balance = closing;
                start = end;
            }
            Ok(rows)
        };
    let rows = rows_for(level_payment)?;
    // 等额本息 as 等额本金 above: a payment rounded up may pay the loan off
    // before its last row (CNY 100 at 0 % over 360 months: 0.28 a month,
    // #359 and #360 nothing); then it is rounded down and the last row takes
    // the larger remainder.
    let ran_out = |rows: &[Installment]| {
        rows.iter()
            .rev()
            .skip(1)
            .any(|r| r.closing_balance().is_zero())
    };
    let Some(pay) = annuity.filter(|_| ran_out(&rows)) else {
        return Ok(rows);
    };
    let mut hi = to_minor(pay.trunc_with_scale(dp), dp)?;
    let rows = rows_for(hi)?;
    if !ran_out(&rows) {
        return Ok(rows);
    }
    // Day-count interest: a long period early on can owe more than the
    // level pays, and pays its interest only, so that even the rounded-down
    // payment pays the loan off early. The largest payment that does not,
    // by bisection (a payment of 0 never does; the balances only fall as
    // the payment rises).
    let mut lo = 0;
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if ran_out(&rows_for(mid)?) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    rows_for(lo)
}

const POW10_I128: [i128; 29] = {
    let mut t = [1i128; 29];
    let mut i = 1;
    while i < 29 {
        t[i] = t[i - 1] * 10;
        i += 1;
    }
    t
};

/// `d` as an integer number of units of `10^-dp`; `d` must have at most `dp`
/// decimals (true for validated principals and values rounded to `dp`).
fn to_minor(d: Decimal, dp: u32) -> Result<i128> {
    let d = if d.scale() > dp { d.normalize() } else { d };
    let scale = d.scale();
    if scale > dp {
        return Err(Error::invalid(
            "amount",
            d,
            format!("has more than {dp} decimals"),
        ));
    }
    POW10_I128
        .get((dp - scale) as usize)
        .and_then(|f| d.mantissa().checked_mul(*f))
        .ok_or_else(|| Error::overflow("rescale", d, dp))
}

/// Largest mantissa a `Decimal` holds (2^96 − 1).
const MAX_96: u128 = (1u128 << 96) - 1;

/// `m × 10^-dp` for `|m| <= MAX_96` (checked by the caller), without a
/// fallible path; larger values saturate (never reached).
#[inline]
fn decimal_from_minor(m: i128, dp: u32) -> Decimal {
    let u = m.unsigned_abs().min(MAX_96);
    Decimal::from_parts(u as u32, (u >> 32) as u32, (u >> 64) as u32, m < 0, dp)
}

fn from_minor(m: i128, dp: u32) -> Result<Decimal> {
    Decimal::try_from_i128_with_scale(m, dp).map_err(|_| Error::overflow("rescale", m, dp))
}

/// The level payment of an annuity, `P·r·f / (f − 1)` with `f = (1 + r)^n`
/// (`P / n` at a zero rate), unrounded.
fn annuity_payment(p: Decimal, annual: Decimal, ppy: i64, n: u32) -> Result<Decimal> {
    if annual.is_zero() {
        return p
            .checked_div(Decimal::from(n))
            .ok_or_else(|| Error::overflow("divide", p, n));
    }
    let r = annual
        .checked_div(Decimal::from(ppy))
        .ok_or_else(|| Error::overflow("divide", annual, ppy))?;
    // P·r·f / (f − 1) = P·r + P / h, with h = ((1 + r)^n − 1) / r = n +
    // C(n, 2)·r + … built as itself: near n for a small rate, so it keeps
    // 28 significant digits where 1 + r and (1 + r)^n − 1, held to 28
    // decimal places, lose the small rate's own digits (at r = 1e-16 on a
    // principal of 1e15 that moved the payment by cents).
    let pr = p
        .checked_mul(r)
        .ok_or_else(|| Error::overflow("multiply", p, r))?;
    if let Some(pay) = annuity_factor(r, n).and_then(|h| pr.checked_add(p.checked_div(h)?)) {
        return Ok(pay);
    }
    // h too large for a `Decimal`: P·r / (1 − 1/f), f = (1 + r)^n.
    let base = Decimal::ONE
        .checked_add(r)
        .ok_or_else(|| Error::overflow("add", 1, r))?;
    // f beyond a `Decimal` (above 7.9e28): 1/f is below its last digit,
    // and the payment is P·r to full precision (400 % over 360 months).
    let Some(f) = checked_powu(base, n) else {
        return Ok(pr);
    };
    Decimal::ONE
        .checked_div(f)
        .and_then(|inv| Decimal::ONE.checked_sub(inv))
        .and_then(|one_minus| pr.checked_div(one_minus))
        .ok_or_else(|| Error::overflow("annuity payment", p, annual))
}

/// The level payment that brings the balance to zero over the schedule's
/// own periods under the terms' day count (等额本息 with day-count
/// interest), unrounded: `P / Σₖ Dₖ` with the discount factors `Dₖ = Π_{j≤k}
/// 1 / (1 + annual × yfⱼ)`, `yfⱼ` the year fraction of period j (from the
/// disbursement or the previous unadjusted due date to the unadjusted due
/// date). Discount factors only shrink, so no rate or term overflows; at a
/// zero rate it is `P / n`.
///
/// A row whose interest is more than the payment pays its interest only
/// (the schedule never adds to the balance): a long first period, or long
/// periods early in a long loan at a high rate. Such rows leave the balance
/// as it was and take no part in the level, so the sum runs over the other
/// rows only; which rows they are depends on the level, so the two are
/// worked out in turn until they agree (a few rounds for usual loans, a
/// dozen at 36 % over 40 years; at most one a row).
fn day_count_annuity(terms: &LoanTerms, p: Decimal, annual: Decimal, n: u32) -> Result<Decimal> {
    let overflow = |op: &'static str| Error::overflow(op, p, annual);
    // Each period's rate, `annual × yf`, the division last (dividing the
    // rate by the basis first cut it at 28 places and moved an exact
    // half-cent level below its tie: 100.50 at 12 % over 2 months on
    // 30/360 is 51.005 → 51.01, not 51.00).
    let mut rates = Vec::with_capacity(n as usize);
    let mut start = terms.disbursement_date();
    for k in 0..n {
        let end = terms.frequency().nth_due(terms.first_due_date(), k)?;
        rates.push(
            terms
                .day_count()
                .parts_with_termination(start, end, (k + 1 == n).then_some(end))
                .accrue(Decimal::ONE, annual)?,
        );
        start = end;
    }
    let last = rates.len().saturating_sub(1);
    // The level with the rows in `only` paying their interest only.
    let level = |only: &[bool]| -> Result<Decimal> {
        // `P × Π g / Σₖ Π_{j>k} g` (gₖ = 1 + rateₖ), by products from the
        // last row back: no division a row. Products beyond a `Decimal`
        // (high rates, long terms) take the discount factors instead.
        let (mut after, mut sum) = (Decimal::ONE, Decimal::ZERO);
        let backward = rates
            .iter()
            .zip(only)
            .rev()
            .filter(|(_, o)| !**o)
            .try_for_each(|(rate, _)| {
                sum = sum.checked_add(after)?;
                after = Decimal::ONE
                    .checked_add(*rate)
                    .and_then(|g| after.checked_mul(g))?;
                Some(())
            });
        if backward.is_some() {
            if let Some(pay) = p.checked_mul(after).and_then(|x| x.checked_div(sum)) {
                return Ok(pay);
            }
        }
        let (mut discount, mut sum) = (Decimal::ONE, Decimal::ZERO);
        for (rate, _) in rates.iter().zip(only).filter(|(_, o)| !**o) {
            discount = Decimal::ONE
                .checked_add(*rate)
                .and_then(|g| discount.checked_div(g))
                .ok_or_else(|| overflow("discount"))?;
            sum = sum.checked_add(discount).ok_or_else(|| overflow("add"))?;
        }
        p.checked_div(sum)
            .ok_or_else(|| overflow("annuity payment"))
    };
    // The rows that pay their interest only under `pay` (never the last,
    // which takes what remains).
    let interest_only = |pay: Decimal| -> Result<Vec<bool>> {
        let mut balance = p;
        let mut only = vec![false; rates.len()];
        for (k, rate) in rates.iter().enumerate().take(last) {
            // A trial level that pays the balance off early leaves no row
            // to pay interest only (and must not run the balance down
            // until it overflows: 400 % over 360 months).
            if balance <= Decimal::ZERO {
                break;
            }
            let interest = balance
                .checked_mul(*rate)
                .ok_or_else(|| overflow("interest"))?;
            if interest >= pay {
                only[k] = true;
            } else {
                balance = balance
                    .checked_add(interest)
                    .and_then(|b| b.checked_sub(pay))
                    .ok_or_else(|| overflow("balance"))?;
            }
        }
        Ok(only)
    };
    let mut only = vec![false; rates.len()];
    let mut pay = level(&only)?;
    // No row can pay its interest only if none could on the whole
    // principal (balances only fall while every row amortises): the usual
    // case, settled without going through the rows.
    let highest = rates.iter().take(last).max().copied().unwrap_or_default();
    if p.checked_mul(highest).is_some_and(|most| most < pay) {
        return Ok(pay);
    }
    // Each round only adds rows (the level falls as rows leave it; a review
    // saw 12 rounds at 36 % over 480 months, and up to 87 at higher rates):
    // at most one round a row.
    for _ in 0..rates.len() {
        let next = interest_only(pay)?;
        if next == only {
            break;
        }
        only = next;
        pay = level(&only)?;
    }
    Ok(pay)
}

/// `((1 + r)^n − 1) / r` (the annuity factor: `n` at a zero rate) by
/// repeated squaring on itself: the factors `h₁`, `h₂` of two exponents
/// combine into `h₁ + h₂ + r·h₁·h₂`. `None` on overflow or a zero result.
fn annuity_factor(r: Decimal, n: u32) -> Option<Decimal> {
    let times = |a: Decimal, b: Decimal| {
        a.checked_add(b)?
            .checked_add(r.checked_mul(a)?.checked_mul(b)?)
    };
    let mut acc = Decimal::ZERO;
    let mut base = Decimal::ONE;
    let mut k = n;
    while k > 0 {
        if k & 1 == 1 {
            acc = times(acc, base)?;
        }
        k >>= 1;
        if k > 0 {
            base = times(base, base)?;
        }
    }
    (!acc.is_zero()).then_some(acc)
}

/// `base^n` by repeated squaring with checked multiplication; `None` on
/// overflow.
fn checked_powu(base: Decimal, exponent: u32) -> Option<Decimal> {
    let mut result = Decimal::ONE;
    let mut b = base;
    let mut n = exponent;
    while n > 0 {
        if n & 1 == 1 {
            result = result.checked_mul(b)?;
        }
        n >>= 1;
        if n > 0 {
            b = b.checked_mul(b)?;
        }
    }
    Some(result)
}
