//! Integer money helpers and the seeded RNG: amounts are i128 minor units
//! of the case's currency (`set_currency`, per thread: each test runs its
//! cases on one thread), rounded here, never by the library. The helpers
//! keep their "cents" names; with CNY or USD they are cents.

use std::cell::Cell;

use arrears::loan::Component;
use arrears::money::{Currency, Money, Rounding};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

/// Component index, in `Component::ALL` order (penalty, fee, interest, principal).
pub const PEN: usize = 0;
pub const FEE: usize = 1;
pub const INT: usize = 2;
pub const PRI: usize = 3;
pub const COMPS: [Component; 4] = [
    Component::Penalty,
    Component::Fee,
    Component::Interest,
    Component::Principal,
];
pub fn cidx(c: Component) -> usize {
    COMPS.iter().position(|x| *x == c).unwrap()
}

thread_local! {
    static CURRENCY: Cell<Currency> = const { Cell::new(Currency::CNY) };
}

/// Sets the currency the helpers below work in (for this thread).
pub fn set_currency(c: Currency) {
    CURRENCY.with(|x| x.set(c));
}
/// The currency the helpers work in.
pub fn currency() -> Currency {
    CURRENCY.with(Cell::get)
}
/// Its minor units.
pub fn dp() -> u32 {
    currency().minor_units()
}

/// A decimal amount in whole minor units.
pub fn cents(d: Decimal) -> i128 {
    let x = d * Decimal::from(10i64.pow(dp()));
    assert_eq!(x, x.trunc(), "not whole minor units: {d}");
    x.mantissa() / 10i128.pow(x.scale())
}
pub fn money_cents(m: Money) -> i128 {
    cents(m.amount())
}
pub fn to_money(c: i128) -> Money {
    Money::new(Decimal::new(c as i64, dp()), currency())
}
pub fn dec(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap()
}

/// round(num / den) to an integer, `num >= 0`, `den > 0`.
pub fn div_round(num: i128, den: i128, mode: Rounding) -> i128 {
    assert!(num >= 0 && den > 0);
    let q = num / den;
    let r = num % den;
    if r == 0 {
        return q;
    }
    let up = match mode {
        Rounding::HalfUp => 2 * r >= den,
        Rounding::HalfEven => 2 * r > den || (2 * r == den && q % 2 == 1),
        Rounding::TowardZero => false,
        Rounding::AwayFromZero => true,
        _ => unreachable!(),
    };
    q + i128::from(up)
}

/// round(base_cents × rate / basis) in cents.
pub fn daily_amount(base: i128, rate: Decimal, basis: i128, mode: Rounding) -> i128 {
    let (m, s) = (rate.mantissa(), rate.scale());
    div_round(base * m, 10i128.pow(s) * basis, mode)
}
/// round(base_cents × rate) in cents.
pub fn frac_amount(base: i128, rate: Decimal, mode: Rounding) -> i128 {
    let (m, s) = (rate.mantissa(), rate.scale());
    div_round(base * m, 10i128.pow(s), mode)
}
/// A decimal amount (flat fee, `x >= 0`) rounded to minor units.
pub fn round_cents(x: Decimal, mode: Rounding) -> i128 {
    let (m, s, d) = (x.mantissa(), x.scale(), dp());
    if s <= d {
        m * 10i128.pow(d - s)
    } else {
        div_round(m, 10i128.pow(s - d), mode)
    }
}

pub fn add_months_clamped(d: NaiveDate, k: u32) -> NaiveDate {
    let total = d.year() * 12 + d.month0() as i32 + k as i32;
    let (y, m0) = (total.div_euclid(12), total.rem_euclid(12) as u32);
    let mut day = d.day();
    loop {
        if let Some(x) = NaiveDate::from_ymd_opt(y, m0 + 1, day) {
            return x;
        }
        day -= 1;
    }
}

pub use crate::rng::Rng;
