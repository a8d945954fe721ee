//! Integer money, rounding, dates and the seeded generator. Amounts are
//! i128 minor units of the case's currency; the model rounds them itself,
//! never through the library.

use arrears::loan::{Breakdown, Component};
use arrears::money::{Currency, Money, Rounding};
use chrono::{Days, Months, NaiveDate};
use rust_decimal::Decimal;

/// Component index in the waterfall order of the docs (penalty, fee,
/// interest, principal).
pub const COMPS: [Component; 4] = [
    Component::Penalty,
    Component::Fee,
    Component::Interest,
    Component::Principal,
];
pub const FEE: usize = 1;
pub const INT: usize = 2;
pub const PRI: usize = 3;

/// Amounts by component, in `COMPS` order.
pub type Parts = [i128; 4];

pub fn total(p: &Parts) -> i128 {
    p.iter().sum()
}

/// Applies `amount` to `owed` penalty, fee, interest, then principal;
/// returns what each component took and what is left of `amount`.
pub fn waterfall(owed: &Parts, amount: i128) -> (Parts, i128) {
    let mut left = amount;
    let mut took = [0; 4];
    for (t, o) in took.iter_mut().zip(owed) {
        let x = left.min(*o).max(0);
        *t = x;
        left -= x;
    }
    (took, left)
}

pub use crate::rng::Rng;

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}
pub fn plus(d: NaiveDate, n: i64) -> NaiveDate {
    if n >= 0 {
        d + Days::new(n as u64)
    } else {
        d - Days::new((-n) as u64)
    }
}
pub fn add_months(d: NaiveDate, n: u32) -> NaiveDate {
    d.checked_add_months(Months::new(n)).unwrap()
}

/// A decimal amount in whole minor units of `cur`.
pub fn minor(d: Decimal, cur: Currency) -> i128 {
    let x = d * Decimal::from(10i64.pow(cur.minor_units()));
    assert_eq!(x, x.trunc(), "not whole minor units: {d}");
    x.mantissa() / 10i128.pow(x.scale())
}
pub fn to_dec(m: i128, cur: Currency) -> Decimal {
    Decimal::from_i128_with_scale(m, cur.minor_units())
}
pub fn to_money(m: i128, cur: Currency) -> Money {
    Money::new(to_dec(m, cur), cur)
}
pub fn money_minor(m: Money) -> i128 {
    minor(m.amount(), m.currency())
}
pub fn breakdown(p: &Parts, cur: Currency) -> Breakdown {
    let mut b = Breakdown::zero(cur);
    for (c, v) in COMPS.iter().zip(p) {
        b.set(*c, to_dec(*v, cur));
    }
    b
}
pub fn parts_of(b: &Breakdown) -> Parts {
    let cur = b.currency();
    COMPS.map(|c| minor(b.amount(c), cur))
}

/// `num / den` (den > 0) rounded to an integer in `mode`, exactly.
pub fn div_round(num: i128, den: i128, mode: Rounding) -> i128 {
    assert!(den > 0);
    let q = num.div_euclid(den);
    let r = num.rem_euclid(den);
    if r == 0 {
        return q;
    }
    // q < num/den < q + 1.
    let neg = num < 0;
    let up = match mode {
        Rounding::HalfUp => {
            if 2 * r == den {
                !neg
            } else {
                2 * r > den
            }
        }
        Rounding::HalfEven => {
            if 2 * r == den {
                q.rem_euclid(2) == 1
            } else {
                2 * r > den
            }
        }
        Rounding::TowardZero => neg,
        Rounding::AwayFromZero => !neg,
        _ => unreachable!("a rounding mode the oracle does not know"),
    };
    if up {
        q + 1
    } else {
        q
    }
}

/// A decimal as `(mantissa, 10^scale)`.
pub fn frac(d: Decimal) -> (i128, i128) {
    (d.mantissa(), 10i128.pow(d.scale()))
}

/// `round(base × rate)` in minor units (rate a fraction).
pub fn mul_rate(base: i128, rate: Decimal, mode: Rounding) -> i128 {
    let (n, d) = frac(rate);
    div_round(base * n, d, mode)
}

/// `round(base × annual / basis)` in minor units: the daily amount.
pub fn per_day(base: i128, annual: Decimal, basis: i128, mode: Rounding) -> i128 {
    let (n, d) = frac(annual);
    div_round(base * n, d * basis, mode)
}
