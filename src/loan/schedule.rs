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
///   if any. Interest periods use the unadjusted dates.
/// - 等额本息: the payment is `P·r / (1 − (1 + r)^−n)` with `r = annual /
///   periods per year`, rounded to the minor unit in the terms' rounding;
///   each row's interest is rounded, principal = payment − interest, and
///   the last row takes whatever principal remains (absorbing the residue).
/// - 等额本金: principal `P / n` rounded, the last row takes the remainder.
/// - The principal column always sums exactly to the loan's principal.
///
/// # Errors
///
/// [`Error::InvalidField`] if the terms are invalid,
/// [`Error::DateOutOfRange`] or [`Error::Overflow`] on extreme inputs.
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
    let interest_for = |balance: Decimal, start: NaiveDate, end: NaiveDate| -> Result<Decimal> {
        match terms.interest_method() {
            InterestMethod::Periodic => mul_div_round(balance, period_rate, ppy, dp, rounding),
            InterestMethod::DayCount => {
                let raw = terms.day_count().accrue(balance, annual, start, end)?;
                Ok(rounding.round(raw, dp))
            }
        }
    };

    let level_payment = match terms.method() {
        RepaymentMethod::EqualInstallment => {
            Some(annuity_payment(principal, annual, ppy, n, dp, terms)?)
        }
        _ => None,
    };
    let level_principal = match terms.method() {
        RepaymentMethod::EqualPrincipal => Some(
            rounding.round(
                principal
                    .checked_div(Decimal::from(n))
                    .ok_or_else(|| Error::overflow("divide", principal, n))?,
                dp,
            ),
        ),
        _ => None,
    };

    let mut rows = Vec::with_capacity(n as usize);
    let mut balance = principal;
    let mut start = terms.disbursement_date();
    for k in 0..n {
        let end = match terms.method() {
            RepaymentMethod::Bullet => terms
                .frequency()
                .nth_due(terms.first_due_date(), terms.term() - 1)?,
            _ => terms.frequency().nth_due(terms.first_due_date(), k)?,
        };
        let due_date = match terms.due_date_adjustment() {
            Some(adj) => adj.adjust(end)?,
            None => end,
        };
        let interest = interest_for(balance, start, end)?;
        let last = k + 1 == n;
        let prin = if last {
            balance
        } else {
            match terms.method() {
                RepaymentMethod::EqualInstallment => {
                    let pay = level_payment.unwrap_or(Decimal::ZERO);
                    let p = pay.checked_sub(interest).unwrap_or(Decimal::ZERO);
                    p.max(Decimal::ZERO).min(balance)
                }
                RepaymentMethod::EqualPrincipal => {
                    level_principal.unwrap_or(Decimal::ZERO).min(balance)
                }
                RepaymentMethod::InterestOnly | RepaymentMethod::Bullet => Decimal::ZERO,
            }
        };
        let closing = balance
            .checked_sub(prin)
            .ok_or_else(|| Error::overflow("subtract", balance, prin))?;
        rows.push(Installment {
            seq: k + 1,
            period_start: start,
            period_end: end,
            due_date,
            opening_balance: Money::new(balance, currency),
            principal: Money::new(prin, currency),
            interest: Money::new(interest, currency),
            closing_balance: Money::new(closing, currency),
        });
        balance = closing;
        start = end;
    }
    Ok(rows)
}

/// The level payment of an annuity: `P·r·f / (f − 1)` with `f = (1 + r)^n`,
/// rounded to `dp` places in the terms' rounding mode.
fn annuity_payment(
    p: Decimal,
    annual: Decimal,
    ppy: i64,
    n: u32,
    dp: u32,
    terms: &LoanTerms,
) -> Result<Decimal> {
    let rounding = terms.rounding();
    if annual.is_zero() {
        let q = p
            .checked_div(Decimal::from(n))
            .ok_or_else(|| Error::overflow("divide", p, n))?;
        return Ok(rounding.round(q, dp));
    }
    let r = annual
        .checked_div(Decimal::from(ppy))
        .ok_or_else(|| Error::overflow("divide", annual, ppy))?;
    let base = Decimal::ONE
        .checked_add(r)
        .ok_or_else(|| Error::overflow("add", 1, r))?;
    let f = checked_powu(base, n)?;
    let denom = f
        .checked_sub(Decimal::ONE)
        .ok_or_else(|| Error::overflow("subtract", f, 1))?;
    // Compute P·r·f / (f − 1) as P·r / (1 − 1/f) when f is huge, to keep the
    // numerator in range; both forms are exact to 28 digits.
    let pay = p
        .checked_mul(r)
        .and_then(|x| x.checked_mul(f))
        .and_then(|x| x.checked_div(denom))
        .or_else(|| {
            let inv = Decimal::ONE.checked_div(f)?;
            let one_minus = Decimal::ONE.checked_sub(inv)?;
            p.checked_mul(r)?.checked_div(one_minus)
        })
        .ok_or_else(|| Error::overflow("annuity payment", p, annual))?;
    Ok(rounding.round(pay, dp))
}

/// `base^n` by repeated squaring with checked multiplication.
fn checked_powu(base: Decimal, mut n: u32) -> Result<Decimal> {
    let mut result = Decimal::ONE;
    let mut b = base;
    while n > 0 {
        if n & 1 == 1 {
            result = result
                .checked_mul(b)
                .ok_or_else(|| Error::overflow("power", base, n))?;
        }
        n >>= 1;
        if n > 0 {
            b = b
                .checked_mul(b)
                .ok_or_else(|| Error::overflow("power", base, n))?;
        }
    }
    Ok(result)
}
