//! Exact money: [`Currency`], [`Money`], [`Rate`] and [`Rounding`].
//!
//! Amounts are [`rust_decimal::Decimal`] tagged with their currency. All
//! arithmetic is checked: overflow and currency mismatch are [`Error`]s,
//! never panics, and nothing is ever converted through `f64`.
//!
//! ```
//! use arrears::money::{Currency, Money, Rate, Rounding};
//! use rust_decimal::Decimal;
//!
//! // 45 days of 罚息 at 6.72 % a year (Act/360) on CNY 24,000 overdue principal.
//! let overdue = Money::new(Decimal::from(24_000), Currency::CNY);
//! let rate = Rate::from_percent(Decimal::new(672, 2))?;
//! let penalty = overdue.mul_div(rate.annual() * Decimal::from(45), 360, Rounding::HalfUp)?;
//! assert_eq!(penalty.to_string(), "201.60 CNY");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::cmp::Ordering;
use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

mod currency;
pub(crate) mod serde_str;

pub use currency::{Currency, MAX_MINOR_UNITS};

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
fn exact_at(r: Decimal, a: Decimal, b: Decimal) -> bool {
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

/// An exact amount of money in one currency.
///
/// Fields are private; build with [`Money::new`] (any decimal amount) or
/// [`Money::from_minor`] (an integer number of minor units). Arithmetic is
/// checked and refuses to mix currencies.
///
/// In files: `{ amount = "1234.56", currency = "CNY" }` (the amount is a
/// quoted string so that no float ever touches it).
///
/// # Example
///
/// ```
/// use arrears::money::{Currency, Money};
/// use rust_decimal::Decimal;
///
/// let a = Money::new(Decimal::new(100_00, 2), Currency::CNY);
/// let b = Money::new(Decimal::new(33_33, 2), Currency::CNY);
/// assert_eq!(a.checked_sub(b)?.to_string(), "66.67 CNY");
///
/// let usd = Money::new(Decimal::ONE, Currency::USD);
/// assert!(a.checked_add(usd).is_err()); // currency mismatch
///
/// let parts = a.split(3)?;
/// assert_eq!(parts.iter().map(|m| m.amount().to_string()).collect::<Vec<_>>(),
///            ["33.34", "33.33", "33.33"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Money {
    #[serde(with = "crate::money::serde_str")]
    amount: Decimal,
    currency: Currency,
}

impl Money {
    /// An amount in a currency. Any decimal is accepted; round it with
    /// [`Money::round`] when it must be a whole number of minor units.
    pub const fn new(amount: Decimal, currency: Currency) -> Money {
        Money { amount, currency }
    }

    /// Zero in `currency`.
    pub const fn zero(currency: Currency) -> Money {
        Money::new(Decimal::ZERO, currency)
    }

    /// The most parts [`split`](Money::split) makes.
    pub const MAX_PARTS: usize = 1_000_000;

    /// An integer number of minor units (`from_minor(12345, CNY)` = 123.45 CNY).
    pub fn from_minor(minor: i64, currency: Currency) -> Money {
        Money::new(Decimal::new(minor, currency.minor_units()), currency)
    }

    /// Parses a decimal string (`"1234.56"`) as an amount in `currency`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidField`] naming `field` if the text is not a plain
    /// decimal: an optional `-`, digits, and optionally `.` and digits (no
    /// `+`, exponent, `_` separators, or bare `.5` / `5.`).
    pub fn parse(field: &str, text: &str, currency: Currency) -> Result<Money> {
        parse_decimal(text)
            .map(|d| Money::new(d, currency))
            .map_err(|e| Error::invalid(field, text, format!("not a decimal amount: {e}")))
    }

    /// The amount.
    pub const fn amount(&self) -> Decimal {
        self.amount
    }

    /// The currency.
    pub const fn currency(&self) -> Currency {
        self.currency
    }

    /// True if the amount is zero.
    pub fn is_zero(&self) -> bool {
        self.amount.is_zero()
    }

    /// True if the amount is below zero.
    pub fn is_negative(&self) -> bool {
        self.amount.is_sign_negative() && !self.amount.is_zero()
    }

    /// True if the amount is above zero.
    pub fn is_positive(&self) -> bool {
        self.amount.is_sign_positive() && !self.amount.is_zero()
    }

    fn same_currency(&self, other: &Money) -> Result<()> {
        if self.currency == other.currency {
            Ok(())
        } else {
            // Two custom currencies may share a code with different
            // minor units: then the message says so.
            let name = |c: Currency| {
                if self.currency.code() == other.currency.code() {
                    format!("{} ({} minor-unit digits)", c.code(), c.minor_units())
                } else {
                    c.code().to_owned()
                }
            };
            Err(Error::CurrencyMismatch {
                left: name(self.currency),
                right: name(other.currency),
            })
        }
    }

    /// `self + other`, exactly.
    ///
    /// # Errors
    ///
    /// [`Error::CurrencyMismatch`], or [`Error::Overflow`] if the sum may
    /// not fit a `Decimal` exactly (near its limits a `Decimal` sum drops
    /// decimals: `Decimal::MAX + 0.49` would be `Decimal::MAX`). The check
    /// is conservative: within a unit of the largest `Decimal`, a sum whose
    /// decimals cancel (`…033.5 + 0.5`) is refused too.
    pub fn checked_add(self, other: Money) -> Result<Money> {
        self.same_currency(&other)?;
        self.amount
            .checked_add(other.amount)
            .filter(|r| exact_at(*r, self.amount, other.amount))
            .map(|a| Money::new(a, self.currency))
            .ok_or_else(|| Error::overflow("add", self, other))
    }

    /// `self − other`, exactly.
    ///
    /// # Errors
    ///
    /// [`Error::CurrencyMismatch`], or [`Error::Overflow`] if the difference
    /// does not fit a `Decimal` exactly.
    pub fn checked_sub(self, other: Money) -> Result<Money> {
        self.same_currency(&other)?;
        self.amount
            .checked_sub(other.amount)
            .filter(|r| exact_at(*r, self.amount, other.amount))
            .map(|a| Money::new(a, self.currency))
            .ok_or_else(|| Error::overflow("subtract", self, other))
    }

    /// `self × factor`, not rounded to the minor unit: exact while the
    /// product has at most 28 decimal places and fits 96 bits, otherwise
    /// rounded to what a `Decimal` holds (28 significant digits).
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`].
    pub fn checked_mul(self, factor: Decimal) -> Result<Money> {
        self.amount
            .checked_mul(factor)
            .map(|a| Money::new(a, self.currency))
            .ok_or_else(|| Error::overflow("multiply", self, factor))
    }

    /// `self × factor / den`, rounded once to the currency's minor unit.
    /// The division is done last, so `1000 × 0.18 × 45 / 360` has no
    /// intermediate rounding (within the limits of [`mul_div_round`]'s
    /// integer path; beyond them a product past 28 significant digits is
    /// rounded first).
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`], or [`Error::InvalidField`] if `den <= 0`.
    pub fn mul_div(self, factor: Decimal, den: i64, rounding: Rounding) -> Result<Money> {
        mul_div_round(
            self.amount,
            factor,
            den,
            self.currency.minor_units(),
            rounding,
        )
        .map(|a| Money::new(a, self.currency))
    }

    /// The absolute amount.
    pub fn abs(self) -> Money {
        Money::new(self.amount.abs(), self.currency)
    }

    /// Compares two amounts of the same currency.
    ///
    /// # Errors
    ///
    /// [`Error::CurrencyMismatch`].
    pub fn checked_cmp(&self, other: &Money) -> Result<Ordering> {
        self.same_currency(other)?;
        Ok(self.amount.cmp(&other.amount))
    }

    /// The smaller of two amounts of the same currency.
    ///
    /// # Errors
    ///
    /// [`Error::CurrencyMismatch`].
    pub fn checked_min(self, other: Money) -> Result<Money> {
        Ok(if self.checked_cmp(&other)? == Ordering::Greater {
            other
        } else {
            self
        })
    }

    /// The larger of two amounts of the same currency.
    ///
    /// # Errors
    ///
    /// [`Error::CurrencyMismatch`].
    pub fn checked_max(self, other: Money) -> Result<Money> {
        Ok(if self.checked_cmp(&other)? == Ordering::Less {
            other
        } else {
            self
        })
    }

    /// Rounds to the currency's minor unit.
    pub fn round(self, rounding: Rounding) -> Money {
        self.round_dp(self.currency.minor_units(), rounding)
    }

    /// Rounds to `dp` decimal places.
    pub fn round_dp(self, dp: u32, rounding: Rounding) -> Money {
        Money::new(rounding.round(self.amount, dp), self.currency)
    }

    /// Sums amounts of one currency; an empty list sums to zero in
    /// `currency`.
    ///
    /// # Errors
    ///
    /// [`Error::CurrencyMismatch`] or [`Error::Overflow`].
    pub fn sum<'a>(
        currency: Currency,
        items: impl IntoIterator<Item = &'a Money>,
    ) -> Result<Money> {
        items
            .into_iter()
            .try_fold(Money::zero(currency), |acc, m| acc.checked_add(*m))
    }

    /// Splits the amount in proportion to `ratios`, keeping every minor unit:
    /// each part is first rounded toward zero, then the leftover units are
    /// handed out one at a time to the parts in order. The parts always sum
    /// exactly to `self`.
    ///
    /// The unit is the currency's minor unit, or finer if the amount itself
    /// has more decimal places.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidField`] if `ratios` is empty, a ratio is negative, or
    /// all ratios are zero; [`Error::Overflow`] on overflow.
    ///
    /// # Example
    ///
    /// ```
    /// use arrears::money::{Currency, Money};
    /// use rust_decimal::Decimal;
    ///
    /// let m = Money::new(Decimal::new(10_00, 2), Currency::CNY);
    /// let parts = m.allocate(&[Decimal::from(1), Decimal::from(2)])?;
    /// assert_eq!(parts[0].amount(), Decimal::new(3_34, 2));
    /// assert_eq!(parts[1].amount(), Decimal::new(6_66, 2));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn allocate(self, ratios: &[Decimal]) -> Result<Vec<Money>> {
        if ratios.is_empty() {
            return Err(Error::invalid(
                "ratios",
                "[]",
                "at least one ratio is needed",
            ));
        }
        let mut total = Decimal::ZERO;
        for (i, r) in ratios.iter().enumerate() {
            if r.is_sign_negative() && !r.is_zero() {
                return Err(Error::invalid(
                    format!("ratios[{i}]"),
                    r,
                    "must not be negative",
                ));
            }
            total = total
                .checked_add(*r)
                .ok_or_else(|| Error::overflow("add", total, r))?;
        }
        if total.is_zero() {
            return Err(Error::invalid("ratios", "0", "ratios must not all be zero"));
        }
        let dp = self.currency.minor_units().max(self.amount.scale());
        let unit = Decimal::new(1, dp);
        let magnitude = self.amount.abs();
        let mut parts = Vec::with_capacity(ratios.len());
        let mut given = Decimal::ZERO;
        for r in ratios {
            let share = magnitude
                .checked_mul(*r)
                .and_then(|x| x.checked_div(total))
                .ok_or_else(|| Error::overflow("allocate", magnitude, r))?;
            let share = Rounding::TowardZero.round(share, dp);
            given = given
                .checked_add(share)
                .ok_or_else(|| Error::overflow("add", given, share))?;
            parts.push(share);
        }
        let mut left = magnitude
            .checked_sub(given)
            .ok_or_else(|| Error::overflow("subtract", magnitude, given))?;
        // A share past a `Decimal`'s 28 digits is rounded, sometimes up, and
        // the parts then exceed the amount (2e-28 in three: 1e-28 each):
        // take the units back, last parts first.
        while left.is_sign_negative() && !left.is_zero() {
            let before = left;
            for part in parts.iter_mut().rev() {
                if !left.is_sign_negative() || left.is_zero() {
                    break;
                }
                if *part >= unit {
                    *part = part
                        .checked_sub(unit)
                        .ok_or_else(|| Error::overflow("subtract", *part, unit))?;
                    left = left
                        .checked_add(unit)
                        .ok_or_else(|| Error::overflow("add", left, unit))?;
                }
            }
            if left == before {
                break;
            }
        }
        // Hand out the remainder one unit at a time to parts with a non-zero
        // ratio, in order. At most `ratios.len()` units are left over.
        while left >= unit {
            let before = left;
            for (part, r) in parts.iter_mut().zip(ratios) {
                if left < unit {
                    break;
                }
                if r.is_zero() {
                    continue;
                }
                *part = part
                    .checked_add(unit)
                    .ok_or_else(|| Error::overflow("add", *part, unit))?;
                left -= unit;
            }
            if left == before {
                break;
            }
        }
        let negative = self.amount.is_sign_negative();
        Ok(parts
            .into_iter()
            .map(|p| Money::new(if negative { -p } else { p }, self.currency))
            .collect())
    }

    /// Splits into `n` near-equal parts (earlier parts take the leftover
    /// minor units). The parts always sum exactly to `self`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidField`] if `n` is 0 or above [`Money::MAX_PARTS`]
    /// (a million: a larger split would only allocate).
    pub fn split(self, n: usize) -> Result<Vec<Money>> {
        if n == 0 {
            return Err(Error::invalid("n", 0, "cannot split into zero parts"));
        }
        if n > Money::MAX_PARTS {
            return Err(Error::invalid(
                "n",
                n,
                format!("at most {} parts", Money::MAX_PARTS),
            ));
        }
        self.allocate(&vec![Decimal::ONE; n])
    }
}

/// Negation never overflows (`Decimal` is sign-magnitude), so this operator
/// cannot panic.
impl std::ops::Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money::new(-self.amount, self.currency)
    }
}

impl fmt::Debug for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount, self.currency)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount, self.currency)
    }
}

mod rate;

pub use rate::{DayBasis, Rate, MAX_ANNUAL_RATE};

#[cfg(test)]
mod tests;
