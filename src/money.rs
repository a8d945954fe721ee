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

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

mod currency;
pub(crate) mod serde_str;

pub use currency::{Currency, MAX_MINOR_UNITS};

mod rounding;
use rounding::exact_at;
pub(crate) use rounding::{
    cmp_dec, minor_units, mul_div_round_units, parse_decimal, POW10, POW10_I64,
};
pub use rounding::{mul_div_round, Rounding};

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
