//! Rounding and the exact integer arithmetic under it: [`Rounding`],
//! [`mul_div_round`] and the minor-unit paths the engines share.

use std::cmp::Ordering;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// How to round a value to a number of decimal places.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Rounding {
    /// 四舍五入: halves round away from zero (2.345 → 2.35, −2.345 → −2.35).
    /// The default, as in Chinese banking practice.
    #[default]
    HalfUp,
    /// Banker's rounding: halves round to the even digit (2.345 → 2.34).
    HalfEven,
    /// Truncate (2.349 → 2.34).
    TowardZero,
    /// Any remainder rounds away from zero (2.341 → 2.35).
    AwayFromZero,
}

impl Rounding {
    fn strategy(self) -> RoundingStrategy {
        match self {
            Rounding::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            Rounding::HalfEven => RoundingStrategy::MidpointNearestEven,
            Rounding::TowardZero => RoundingStrategy::ToZero,
            Rounding::AwayFromZero => RoundingStrategy::AwayFromZero,
        }
    }

    /// Rounds `value` to `dp` decimal places in this mode.
    pub fn round(self, value: Decimal, dp: u32) -> Decimal {
        value.round_dp_with_strategy(dp, self.strategy())
    }

    /// Divides `num` by `den` (both integers, `den > 0`) and rounds the
    /// quotient to an integer in this mode.
    pub(crate) fn div_round_int(self, num: i128, den: i128) -> i128 {
        // 64-bit division is several times cheaper than 128-bit; most money
        // products fit.
        if let (Ok(n), Ok(d)) = (i64::try_from(num), i64::try_from(den)) {
            return i128::from(self.div_round_i64(n, d));
        }
        let (q, r) = (num / den, num % den);
        if r == 0 {
            return q;
        }
        let sign = if num < 0 { -1 } else { 1 };
        let bump = self.bumps(
            q % 2 != 0,
            r.unsigned_abs().saturating_mul(2),
            den.unsigned_abs(),
        );
        q + if bump { sign } else { 0 }
    }

    /// Whether a truncated quotient (odd or not) with a non-zero remainder
    /// (given as twice its magnitude) moves one unit away from zero.
    #[inline]
    fn bumps(self, odd: bool, twice_remainder: u128, den: u128) -> bool {
        match self {
            Rounding::TowardZero => false,
            Rounding::AwayFromZero => true,
            Rounding::HalfUp => twice_remainder >= den,
            Rounding::HalfEven => twice_remainder > den || (twice_remainder == den && odd),
        }
    }
}

impl Rounding {
    #[inline]
    fn div_round_i64(self, num: i64, den: i64) -> i64 {
        let (q, r) = (num / den, num % den);
        if r == 0 {
            return q;
        }
        let sign = if num < 0 { -1 } else { 1 };
        let twice = u128::from(r.unsigned_abs()) * 2;
        q + if self.bumps(q % 2 != 0, twice, u128::from(den.unsigned_abs())) {
            sign
        } else {
            0
        }
    }
}

/// `d` as a whole number of `10^-dp` units, if it has at most `dp`
/// decimals (`30` and `30.00` are both 3,000 cents); the integer fast path
/// of running sums over money.
#[inline]
pub(crate) fn minor_units(d: Decimal, dp: u32) -> Option<i128> {
    let scale = d.scale();
    if scale == dp {
        return Some(d.mantissa());
    }
    let f = POW10.get(usize::try_from(dp.checked_sub(scale)?).ok()?)?;
    d.mantissa().checked_mul(*f)
}

/// Computes `a × b / den`, rounded to `dp` places with `rounding`, doing the
/// division last so that the only rounding is the final one.
///
/// Uses 128-bit integer arithmetic on the mantissas (trailing zeros
/// dropped if need be) when they fit: the product of two mantissas within
/// 128 bits, and the two scales together at most 28 places beyond `dp`.
/// That covers amounts times rates as this crate holds them. Otherwise it
/// falls back to `Decimal` arithmetic, which rounds the product and the
/// quotient at 28 significant digits before the final rounding.
///
/// # Errors
///
/// [`Error::InvalidField`] if `den <= 0`; [`Error::Overflow`] if the result
/// does not fit in a `Decimal`.
pub fn mul_div_round(
    a: Decimal,
    b: Decimal,
    den: i64,
    dp: u32,
    rounding: Rounding,
) -> Result<Decimal> {
    if den <= 0 {
        return Err(Error::invalid("denominator", den, "must be positive"));
    }
    if let Some(v) = mul_div_round_i128(a, b, den, dp, rounding) {
        return Ok(v);
    }
    // Trailing zeros can carry the scales past the integer path: the same
    // values without them (0.500 × a 28-place rate rounded twice below,
    // and differently from 0.50).
    let (na, nb) = (a.normalize(), b.normalize());
    if (na.scale(), nb.scale()) != (a.scale(), b.scale()) {
        if let Some(v) = mul_div_round_i128(na, nb, den, dp, rounding) {
            return Ok(v);
        }
    }
    let prod = a
        .checked_mul(b)
        .ok_or_else(|| Error::overflow("multiply", a, b))?;
    let q = prod
        .checked_div(Decimal::from(den))
        .ok_or_else(|| Error::overflow("divide", prod, den))?;
    Ok(rounding.round(q, dp))
}

/// `a.cmp(&b)`, cheaper: the mantissas compared as integers at the larger
/// scale (exact, as both are integers over a power of ten), `Decimal`'s own
/// comparison when that does not fit.
#[inline]
pub(crate) fn cmp_dec(a: Decimal, b: Decimal) -> Ordering {
    let (sa, sb) = (a.scale(), b.scale());
    let (ma, mb) = (a.mantissa(), b.mantissa());
    let up = |m: i128, by: u32| POW10.get(by as usize).and_then(|p| m.checked_mul(*p));
    let common = match sa.cmp(&sb) {
        Ordering::Equal => Some((ma, mb)),
        Ordering::Less => up(ma, sb - sa).map(|x| (x, mb)),
        Ordering::Greater => up(mb, sa - sb).map(|y| (ma, y)),
    };
    match common {
        Some((x, y)) => x.cmp(&y),
        None => a.cmp(&b),
    }
}

/// `10^k` for `k` in `0..=28` (every `Decimal` scale).
pub(crate) const POW10: [i128; 29] = {
    let mut t = [1i128; 29];
    let mut i = 1;
    while i < 29 {
        t[i] = t[i - 1] * 10;
        i += 1;
    }
    t
};

/// `10^k` for `k` in `0..=18` (all that fit 64 bits).
pub(crate) const POW10_I64: [i64; 19] = {
    let mut t = [1i64; 19];
    let mut i = 1;
    while i < 19 {
        t[i] = t[i - 1] * 10;
        i += 1;
    }
    t
};

#[inline]
fn mul_div_round_i128(
    a: Decimal,
    b: Decimal,
    den: i64,
    dp: u32,
    rounding: Rounding,
) -> Option<Decimal> {
    let q = mul_div_round_units(
        (a.mantissa(), a.scale()),
        (b.mantissa(), b.scale()),
        den,
        dp,
        rounding,
    )?;
    Decimal::try_from_i128_with_scale(q, dp).ok()
}

/// [`mul_div_round`]'s integer path on mantissas and scales: `a × b / den`
/// rounded to `dp` places, as a number of `10^-dp` units; `None` if an
/// intermediate does not fit 128 bits (or a scale is beyond 28).
#[inline]
pub(crate) fn mul_div_round_units(
    a: (i128, u32),
    b: (i128, u32),
    den: i64,
    dp: u32,
    rounding: Rounding,
) -> Option<i128> {
    units_path(a, b, den, dp, rounding, true)
}

/// Reads a plain decimal exactly: an optional `-`, digits, and optionally
/// `.` and digits. `rust_decimal` alone also takes `+1`, `1_000` (and
/// `1__0` as 10), `.5` and `5.`, none of which a money file should hold.
pub(crate) fn parse_decimal(text: &str) -> std::result::Result<Decimal, String> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let plain = |d: &str| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit());
    if !plain(int) || !frac.map_or(true, plain) {
        return Err("expected digits with an optional `-` and `.` (e.g. `-12.50`)".to_owned());
    }
    Decimal::from_str_exact(text).map_err(|e| e.to_string())
}

/// True if `a` and `b` are both exact at `r`'s scale, so that their sum or
/// difference `r` is exact: `Decimal` addition lowers the scale, rounding,
/// when the exact result needs more than 96 bits.
pub(super) fn exact_at(r: Decimal, a: Decimal, b: Decimal) -> bool {
    let s = r.scale();
    let fits = |x: Decimal| x.scale() <= s || x.round_dp(s) == x;
    fits(a) && fits(b)
}

/// [`mul_div_round_units`], trying 64 bits first if `try_64`: most money
/// products fit, and there multiplying and dividing cost a fraction of
/// 128-bit arithmetic; the quotient is the same integer (the tests compare
/// the two).
#[inline]
pub(crate) fn units_path(
    (am, a_scale): (i128, u32),
    (bm, b_scale): (i128, u32),
    den: i64,
    dp: u32,
    rounding: Rounding,
    try_64: bool,
) -> Option<i128> {
    let scale = a_scale + b_scale;
    if try_64 {
        let narrow = || -> Option<i64> {
            let prod = i64::try_from(am)
                .ok()?
                .checked_mul(i64::try_from(bm).ok()?)?;
            if den <= 0 {
                return None;
            }
            let (num, den) = if scale >= dp {
                (
                    prod,
                    den.checked_mul(*POW10_I64.get((scale - dp) as usize)?)?,
                )
            } else {
                (
                    prod.checked_mul(*POW10_I64.get((dp - scale) as usize)?)?,
                    den,
                )
            };
            Some(rounding.div_round_i64(num, den))
        };
        if let Some(q) = narrow() {
            return Some(i128::from(q));
        }
    }
    let prod = am.checked_mul(bm)?;
    let (num, den) = if scale >= dp {
        let f = *POW10.get((scale - dp) as usize)?;
        (prod, i128::from(den).checked_mul(f)?)
    } else {
        let f = *POW10.get((dp - scale) as usize)?;
        (prod.checked_mul(f)?, i128::from(den))
    };
    Some(rounding.div_round_int(num, den))
}
