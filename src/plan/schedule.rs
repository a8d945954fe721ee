//! Exact plan schedules: amounts that keep every minor unit, due dates from
//! an anchor, and components kept apart.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::PlanInstallment;
use crate::error::{Error, Result};
use crate::loan::{Breakdown, Component, Frequency};
use crate::money::{mul_div_round, Currency, Rounding};

/// Decimal places to keep: the currency's minor unit, or finer if the
/// amount has more places (so that no unit is ever lost).
pub(super) fn dp_for(currency: Currency, amount: Decimal) -> u32 {
    currency.minor_units().max(amount.scale())
}

/// `n` payment amounts summing exactly to `total`: the first `n − 1` are
/// `total / n` rounded half-up, the last takes the remainder. If rounding up
/// would leave the last below `min` (the policy's smallest installment, and
/// at least one minor unit: tiny totals would otherwise leave it 0.00 or
/// negative), the regular amount is rounded down instead and the last
/// takes the larger remainder, so no amount is below `min` whenever
/// `total ≥ n × min`.
pub(super) fn regular_and_last(
    total: Decimal,
    n: u32,
    dp: u32,
    min: Decimal,
) -> Result<(Decimal, Decimal)> {
    if n == 0 {
        return Err(Error::invalid("count", 0, "must be at least 1"));
    }
    // No payment below one minor unit either (0.30 in 11: 10 × 0.03 left
    // the last 0.00).
    let min = min.max(Decimal::new(1, dp.min(28)));
    let last_of = |regular: Decimal| -> Result<Decimal> {
        let rest = regular
            .checked_mul(Decimal::from(n - 1))
            .ok_or_else(|| Error::overflow("multiply", regular, n - 1))?;
        total
            .checked_sub(rest)
            .ok_or_else(|| Error::overflow("subtract", total, rest))
    };
    let regular = mul_div_round(total, Decimal::ONE, i64::from(n), dp, Rounding::HalfUp)?;
    let last = last_of(regular)?;
    // Rounding down helps only if the total can give every payment `min`.
    let can_meet = min
        .checked_mul(Decimal::from(n))
        .is_some_and(|need| total >= need);
    if last >= Decimal::ZERO && (last >= min || n == 1 || !can_meet) {
        return Ok((regular, last));
    }
    let regular = mul_div_round(total, Decimal::ONE, i64::from(n), dp, Rounding::TowardZero)?;
    Ok((regular, last_of(regular)?))
}

/// The largest of the `n` amounts [`regular_and_last`] gives.
pub(super) fn largest(total: Decimal, n: u32, dp: u32, min: Decimal) -> Result<Decimal> {
    let (r, l) = regular_and_last(total, n, dp, min)?;
    Ok(r.max(l))
}

fn month_day(months: i64, day: u32) -> Option<NaiveDate> {
    let year = i32::try_from(months.div_euclid(12)).ok()?;
    let month = u32::try_from(months.rem_euclid(12)).ok()? + 1;
    let last = match month {
        4 | 6 | 9 | 11 => 30,
        2 if NaiveDate::from_ymd_opt(year, 2, 29).is_some() => 29,
        2 => 28,
        _ => 31,
    };
    NaiveDate::from_ymd_opt(year, month, day.min(last))
}

/// The latest date on or before `cap` whose day of the month is `day`
/// (clamped to the month's end, as due dates are).
pub(super) fn last_on_day(cap: NaiveDate, day: u32) -> Option<NaiveDate> {
    let months = i64::from(cap.year()) * 12 + i64::from(cap.month0());
    let here = month_day(months, day)?;
    if here <= cap {
        Some(here)
    } else {
        month_day(months - 1, day)
    }
}

/// How due dates are generated.
#[derive(Debug, Clone, Copy)]
pub(super) struct Dates {
    pub(super) first: NaiveDate,
    pub(super) frequency: Frequency,
    /// Days every date moves (a deferral).
    pub(super) shift_days: u32,
    /// A new day of the month (monthly schedules only): the first due date
    /// becomes the first day with that number on or after the (shifted)
    /// first due date, never an earlier one.
    pub(super) day_of_month: Option<u32>,
}

impl Dates {
    /// The `k`-th due date (0-based), from the anchor (never from the
    /// previous date, so month ends do not drift), then moved by the
    /// deferral: each date moves by `shift_days` (01-31, 02-28 and 03-31
    /// deferred 90 days fall on 05-01, 05-29 and 06-29). With a new day of
    /// the month, the first date is the first such day on or after the
    /// shifted anchor and the others follow it month by month.
    pub(super) fn nth(&self, k: u32) -> Result<NaiveDate> {
        let out =
            || Error::date_out_of_range(format!("plan.due_date[{}]", u64::from(k) + 1), self.first);
        let first = self
            .first
            .checked_add_days(chrono::Days::new(u64::from(self.shift_days)))
            .ok_or_else(out)?;
        match (self.frequency, self.day_of_month) {
            (Frequency::Monthly, Some(day)) => {
                let base = i64::from(first.year()) * 12 + i64::from(first.month0());
                let anchor = month_day(base, day).ok_or_else(out)?;
                let base = if anchor < first { base + 1 } else { base };
                month_day(base + i64::from(k), day).ok_or_else(out)
            }
            (f, _) => f
                .nth_due(self.first, k)?
                .checked_add_days(chrono::Days::new(u64::from(self.shift_days)))
                .ok_or_else(out),
        }
    }
}

/// Takes `amount` from `from`, component by component in [`Component::ALL`]
/// order (penalty, fee, interest, principal), and returns what was taken.
/// `from` keeps the rest.
///
/// # Errors
///
/// [`Error::InvalidField`] if `amount` is more than `from` holds.
pub(super) fn take(from: &mut Breakdown, amount: Decimal) -> Result<Breakdown> {
    let mut taken = Breakdown::zero(from.currency());
    let mut left = amount;
    for c in Component::ALL {
        if left <= Decimal::ZERO {
            break;
        }
        let have = from.amount(c);
        let t = have.min(left);
        if t > Decimal::ZERO {
            taken.set(c, t);
            from.set(c, have - t);
            left -= t;
        }
    }
    if left > Decimal::ZERO {
        return Err(Error::invalid(
            "plan.amount",
            amount,
            format!("is more than the balance by `{left}`"),
        ));
    }
    Ok(taken)
}

/// A schedule paying exactly `balance`: `amounts` (which must sum to its
/// total) on `dates`, each installment taking penalty, fee, interest and
/// principal in that order, so components stay apart and each sums to
/// what it was.
pub(super) fn spread(
    balance: &Breakdown,
    payments: impl IntoIterator<Item = (u32, NaiveDate, Decimal)>,
) -> Result<Vec<PlanInstallment>> {
    let mut left = *balance;
    let mut out = Vec::new();
    for (seq, due_date, amount) in payments {
        let amounts = take(&mut left, amount)?;
        out.push(PlanInstallment {
            seq,
            due_date,
            amounts,
        });
    }
    if !left.is_zero() {
        return Err(Error::invalid(
            "plan.schedule",
            left.total()?,
            "the schedule leaves part of the balance unpaid",
        ));
    }
    Ok(out)
}

/// `count` near-equal installments of `total` on `dates` from seq 1 (see
/// [`regular_and_last`] for `min`).
pub(super) fn equal_payments(
    total: Decimal,
    count: u32,
    (dp, min): (u32, Decimal),
    dates: &Dates,
) -> Result<Vec<(u32, NaiveDate, Decimal)>> {
    let (regular, last) = regular_and_last(total, count, dp, min)?;
    let mut v = Vec::with_capacity(count as usize);
    for k in 0..count {
        let amount = if k + 1 == count { last } else { regular };
        v.push((k + 1, dates.nth(k)?, amount));
    }
    Ok(v)
}
