//! A payment holiday (a deferral with no schedule term, RULES.md §4), and
//! a due-date change on its own: the deferral limit on how far the
//! payments move, and the moved payments. A holiday keeps the loan's own
//! schedule, moved: it agrees no new term, so `max_term_months` (the length
//! of a 个性化分期 agreement) does not hold it.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::evaluate::Eval;
use super::policy::Limits;
use super::schedule::Dates;
use super::terms::deferral_finding;
use crate::error::{Error, Result};
use crate::loan::Frequency;

/// The deferral days of a payment holiday with a new day of the month,
/// checked against `max_deferral_days` by the furthest any payment moves
/// (the days, then on to the new day: 90 days from 2026-03-01 is 05-30,
/// and the 29th after it 06-29, 120 days). Returns the days asked, or the
/// most whose moves the limit allows (the counter-offer); the days asked
/// if none does (the rule fails).
pub(super) fn holiday_limit(
    ev: &mut Eval<'_>,
    limits: &Limits,
    i: usize,
    asked: u32,
    dues: &[(NaiveDate, Decimal)],
    day: u32,
) -> Result<u32> {
    let Some(l) = &limits.max_deferral_days else {
        return Ok(asked);
    };
    let as_of = ev.as_of;
    let field = format!("terms[{i}].days");
    // The furthest move of any payment (what is due by `as_of` moves from
    // it; with no installment listed, the one payment falls on `as_of`). A
    // date with no payment on it does not count: the evaluation date only
    // when something is due by it.
    let furthest = |days: u32| -> Result<i64> {
        let starts = dues.iter().map(|(d, _)| (*d).max(as_of));
        let mut most = 0;
        for from in starts.chain(dues.is_empty().then_some(as_of)) {
            let to = holiday_date(from, days, Some(day))
                .ok_or_else(|| Error::date_out_of_range(field.clone(), from))?;
            most = most.max((to - from).num_days());
        }
        Ok(most)
    };
    let actual = furthest(asked)?;
    let what = format!(
        "`{asked}` deferral days and the move to day `{day}` of the month defer a payment \
         `{actual}` days"
    );
    let f = |message| deferral_finding(l, &field, actual, message);
    if actual <= i64::from(l.value) {
        ev.pass(f(format!("{what}: within the limit `{}`", l.value)));
        return Ok(asked);
    }
    let msg = format!("{what}: above the limit `{}`", l.value);
    for days in (1..=asked.min(l.value)).rev() {
        if furthest(days)? <= i64::from(l.value) {
            ev.counter(f(msg), days);
            return Ok(days);
        }
    }
    ev.fail(f(msg));
    Ok(asked)
}

/// Where a payment due `from` falls after a holiday of `days`, moved on to
/// `day_of_month` if given; `None` past the calendar.
fn holiday_date(from: NaiveDate, days: u32, day_of_month: Option<u32>) -> Option<NaiveDate> {
    Dates {
        first: from,
        frequency: Frequency::Monthly,
        shift_days: days,
        day_of_month,
    }
    .nth(0)
    .ok()
}

/// A deferral alone (a payment holiday, RULES.md §4): what is due by the
/// evaluation date falls due `days` after it, and each covered installment
/// not yet due moves `days` later (then on to the new day of the month, if
/// the request changes it), keeping its amount, so nothing falls due
/// during the holiday and nothing is brought forward. Installments falling
/// on one date make one payment. The payments sum to `target` (the covered
/// balance less waivers): waivers come off the earliest payments.
pub(super) fn holiday_payments(
    dues: &[(NaiveDate, Decimal)],
    as_of: NaiveDate,
    (i, days): (usize, u32),
    day_of_month: Option<u32>,
    target: Decimal,
) -> Result<Vec<(u32, NaiveDate, Decimal)>> {
    // A due-date change moves each date on to the new day of the month.
    let moved = |d: NaiveDate| {
        holiday_date(d.max(as_of), days, day_of_month)
            .ok_or_else(|| Error::date_out_of_range(format!("terms[{i}].days"), d))
    };
    let mut payments: Vec<(NaiveDate, Decimal)> = Vec::new();
    for &(due, amount) in dues {
        let date = moved(due)?;
        match payments.last_mut() {
            Some((d, a)) if *d == date => {
                *a = a
                    .checked_add(amount)
                    .ok_or_else(|| Error::overflow("add", *a, amount))?
            }
            _ => payments.push((date, amount)),
        }
    }
    if payments.is_empty() {
        payments.push((moved(as_of)?, Decimal::ZERO));
    }
    let sum = payments
        .iter()
        .try_fold(Decimal::ZERO, |s, (_, a)| s.checked_add(*a))
        .ok_or_else(|| Error::overflow("add", "holiday payments", payments.len()))?;
    if sum < target {
        payments[0].1 += target - sum;
    } else {
        let mut excess = sum - target;
        for (_, a) in payments.iter_mut() {
            let cut = excess.min(*a);
            *a -= cut;
            excess -= cut;
        }
    }
    Ok(payments
        .into_iter()
        .filter(|(_, a)| !a.is_zero())
        .zip(1..)
        .map(|((d, a), seq)| (seq, d, a))
        .collect())
}
