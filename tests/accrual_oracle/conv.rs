//! Stage 9's conventions, from RULES.md §2.7 and §2.3 and the docs of
//! `accrue`, `Accrual::days`, `CapRate` and `AnnualizedCap`: the 30/360
//! family of day counts for the penalty, counted from the installment's
//! due date (`dc(due, to) − dc(due, from)` for `[from, to)`, so a day `d`
//! weighs `dc(due, d + 1) − dc(due, d)`: 0 on a 31st, up to 3 at the end
//! of February), and an annualised cap at a multiple of the 1-year LPR in
//! effect on the contract date (the disbursement date here), the latest row
//! with `effective <= date`; with `rate_rule` set, an agreed penalty rate
//! above the cap rate is held to it (`cn.spc_private_lending.art28`).

use arrears::accrual::LprTable;
use arrears::calendar::DayCount;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::case::Case;

fn last_of_month(d: NaiveDate) -> bool {
    d.succ_opt().is_some_and(|n| n.month() != d.month())
}
fn last_of_feb(d: NaiveDate) -> bool {
    d.month() == 2 && last_of_month(d)
}

/// The 30/360 day count from `d1` to `d2` (RULES.md §2.7); 30E/360 ISDA
/// without a termination date (no D2 exception).
pub fn thirty_360(dc: DayCount, d1: NaiveDate, d2: NaiveDate) -> i64 {
    let (mut a, mut b) = (i64::from(d1.day()), i64::from(d2.day()));
    match dc {
        DayCount::Thirty360BondBasis | DayCount::Thirty360Us => {
            if dc == DayCount::Thirty360Us {
                if last_of_feb(d1) && last_of_feb(d2) {
                    b = 30;
                }
                if last_of_feb(d1) {
                    a = 30;
                }
            }
            if a == 31 {
                a = 30;
            }
            if b == 31 && a >= 30 {
                b = 30;
            }
        }
        DayCount::ThirtyE360 => {
            a = a.min(30);
            b = b.min(30);
        }
        DayCount::ThirtyE360Isda => {
            if last_of_month(d1) {
                a = 30;
            }
            if last_of_month(d2) {
                b = 30;
            }
        }
        _ => unreachable!("not a 30/360 count: {dc:?}"),
    }
    360 * i64::from(d2.year() - d1.year())
        + 30 * (i64::from(d2.month()) - i64::from(d1.month()))
        + (b - a)
}

pub fn is_thirty(dc: DayCount) -> bool {
    matches!(
        dc,
        DayCount::Thirty360BondBasis
            | DayCount::Thirty360Us
            | DayCount::ThirtyE360
            | DayCount::ThirtyE360Isda
    )
}

/// The day-count days of `[from, to)` for an installment due on `due`.
pub fn days(dc: DayCount, due: NaiveDate, from: NaiveDate, to: NaiveDate) -> i64 {
    if is_thirty(dc) {
        thirty_360(dc, due, to) - thirty_360(dc, due, from)
    } else {
        (to - from).num_days()
    }
}

/// The annual cap rate: fixed, or the multiple × the LPR on the contract date.
pub fn cap_rate(c: &Case) -> Option<Decimal> {
    let (bps, _) = c.cap?;
    Some(match c.lpr_multiple {
        None => Decimal::from(bps) / Decimal::from(10_000),
        Some(m) => {
            let table = LprTable::published();
            let row = table
                .rows()
                .iter()
                .rev()
                .find(|r| r.effective <= crate::more::contract(c))
                .expect("a contract date before the table");
            m * row.rate.annual()
        }
    })
}

/// The allowance's denominator (`cap_weight` is over it): 365 (Act/365F,
/// the default), 360 (30/360), 365 × 366 (Act/Act ISDA).
pub fn cap_basis(dc: Option<DayCount>) -> i128 {
    match dc {
        None | Some(DayCount::Act365Fixed) => 365,
        Some(DayCount::ActActIsda) => 365 * 366,
        Some(_) => 360,
    }
}

/// The weight of `day` in the allowance's growth under the cap's day count:
/// 1 a day on Act/365F; on a 30/360 count, counted from the contract date
/// (`CapTerms`), `dc(contract, day + 1) − dc(contract, day)`, so that the
/// allowance does not depend on where events cut it.
pub fn cap_weight(dc: Option<DayCount>, contract: NaiveDate, day: NaiveDate) -> i128 {
    let Some(dc) = dc else {
        return 1;
    };
    if dc == DayCount::ActActIsda {
        // Over a basis of 365 × 366: a day of a leap year weighs 365.
        return if crate::more::leap(day) { 365 } else { 366 };
    }
    let next = day.succ_opt().unwrap();
    i128::from(thirty_360(dc, contract, next) - thirty_360(dc, contract, day))
}
