//! Annual interest rates ([`Rate`]) and the day bases daily rates are
//! quoted against ([`DayBasis`]).

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Number of days in the year that a daily rate is quoted against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayBasis {
    /// 360 days (Chinese bank practice: 日利率 = 年利率 / 360).
    Days360,
    /// 365 days (card display: annualised rate = daily × 365).
    Days365,
}

impl DayBasis {
    /// The number of days.
    pub fn days(self) -> u32 {
        match self {
            DayBasis::Days360 => 360,
            DayBasis::Days365 => 365,
        }
    }
}

/// An annual interest rate, held as an exact decimal fraction (`0.18` =
/// 18 % a year).
///
/// Built from a percentage, basis points, a fraction or a daily rate with its
/// day basis. Conversions *to* an annual rate are exact (multiplication).
/// Conversions *from* an annual rate to a daily rate divide by 360 or 365 and
/// are exact only when the quotient is a finite decimal (0.18 / 360 =
/// 0.0005); otherwise [`Rate::daily`] rounds at `Decimal`'s 28 significant
/// digits. Accrual avoids that rounding by multiplying by the annual rate and
/// dividing by the day basis last (see [`mul_div_round`](super::mul_div_round)).
///
/// In files a rate is a quoted annual fraction: `"0.18"`.
///
/// # Example
///
/// ```
/// use arrears::money::{DayBasis, Rate};
/// use rust_decimal::Decimal;
///
/// // 万分之五 a day on a 360-day basis is 18 % a year.
/// let r = Rate::from_daily(Decimal::new(5, 4), DayBasis::Days360)?;
/// assert_eq!(r.annual(), Decimal::new(18, 2));
/// assert_eq!(r, Rate::from_percent(Decimal::from(18))?);
/// assert_eq!(r.daily(DayBasis::Days360), Decimal::new(5, 4));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "RateRepr", into = "RateRepr")]
pub struct Rate {
    annual: Decimal,
}

#[derive(Serialize, Deserialize)]
#[serde(transparent)]
struct RateRepr(#[serde(with = "crate::money::serde_str")] Decimal);

impl TryFrom<RateRepr> for Rate {
    type Error = Error;
    fn try_from(r: RateRepr) -> Result<Rate> {
        Rate::from_fraction(r.0)
    }
}

impl From<Rate> for RateRepr {
    fn from(r: Rate) -> RateRepr {
        RateRepr(r.annual)
    }
}

/// A rate error in the caller's unit: the value as given (`20000%`, not
/// the fraction `200` it became).
fn in_unit(e: Error, given: Decimal, unit: &str) -> Error {
    match e {
        Error::InvalidField { field, reason, .. } => Error::InvalidField {
            field,
            value: format!("{given}{unit}"),
            reason,
        },
        other => other,
    }
}

/// Largest annual rate accepted (10,000 % a year): anything above is a
/// data-entry error, not a price.
pub const MAX_ANNUAL_RATE: Decimal = Decimal::from_parts(100, 0, 0, false, 0);

impl Rate {
    /// Zero interest.
    pub const ZERO: Rate = Rate {
        annual: Decimal::ZERO,
    };

    /// An annual rate as a fraction (`0.18` = 18 %).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidField`] if negative or above [`MAX_ANNUAL_RATE`].
    pub fn from_fraction(annual: Decimal) -> Result<Rate> {
        if annual.is_sign_negative() && !annual.is_zero() {
            return Err(Error::invalid("rate", annual, "must not be negative"));
        }
        if annual > MAX_ANNUAL_RATE {
            return Err(Error::invalid(
                "rate",
                annual,
                format!("above the maximum annual fraction `{MAX_ANNUAL_RATE}`"),
            ));
        }
        Ok(Rate {
            annual: annual.normalize(),
        })
    }

    /// An annual rate in percent (`18` = 18 %): exact when the fraction
    /// fits 28 decimal places, else rounded there.
    ///
    /// # Errors
    ///
    /// As [`Rate::from_fraction`]; [`Error::InvalidField`] `rate` for a
    /// rate that is not zero but rounds to zero (below 1e-26 %).
    pub fn from_percent(percent: Decimal) -> Result<Rate> {
        Rate::from_fraction(exact_div(percent, 100)?).map_err(|e| in_unit(e, percent, "%"))
    }

    /// An annual rate in basis points (`1800` = 18 %), as
    /// [`Rate::from_percent`].
    ///
    /// # Errors
    ///
    /// As [`Rate::from_percent`].
    pub fn from_bps(bps: Decimal) -> Result<Rate> {
        Rate::from_fraction(exact_div(bps, 10_000)?).map_err(|e| in_unit(e, bps, " bp"))
    }

    /// A daily rate (a fraction per day: 万分之五 = `0.0005`) on a day basis;
    /// the annual rate is `daily × basis`, exactly.
    ///
    /// # Errors
    ///
    /// As [`Rate::from_fraction`].
    pub fn from_daily(daily: Decimal, basis: DayBasis) -> Result<Rate> {
        let f = daily
            .checked_mul(Decimal::from(basis.days()))
            .ok_or_else(|| Error::overflow("multiply", daily, basis.days()))?;
        Rate::from_fraction(f)
    }

    /// The annual fraction.
    pub const fn annual(&self) -> Decimal {
        self.annual
    }

    /// The annual rate in percent.
    pub fn percent(&self) -> Decimal {
        // Cannot overflow: annual <= 100.
        (self.annual * Decimal::ONE_HUNDRED).normalize()
    }

    /// The daily rate on `basis`: exact when `annual / basis` is a finite
    /// decimal, otherwise rounded at 28 significant digits.
    pub fn daily(&self, basis: DayBasis) -> Decimal {
        // Cannot fail: the divisor is 360 or 365.
        (self.annual / Decimal::from(basis.days())).normalize()
    }

    /// The periodic rate for `periods_per_year` equal periods (`annual / 12`
    /// for monthly), rounded at 28 significant digits when not finite.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidField`] if `periods_per_year` is zero.
    pub fn periodic(&self, periods_per_year: u32) -> Result<Decimal> {
        if periods_per_year == 0 {
            return Err(Error::invalid("periods_per_year", 0, "must be positive"));
        }
        Ok(self.annual / Decimal::from(periods_per_year))
    }

    /// `self × (1 + markup)`, e.g. a 罚息 rate 40 % above the contract rate.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidField`] if the markup is below −100 % or the result is
    /// out of range.
    pub fn marked_up(&self, markup: Decimal) -> Result<Rate> {
        if markup < Decimal::NEGATIVE_ONE {
            return Err(Error::invalid(
                "markup",
                markup,
                "must not be below -1 (−100 %)",
            ));
        }
        let factor = Decimal::ONE
            .checked_add(markup)
            .ok_or_else(|| Error::overflow("add", 1, markup))?;
        let annual = self
            .annual
            .checked_mul(factor)
            .ok_or_else(|| Error::overflow("multiply", self.annual, factor))?;
        Rate::from_fraction(annual)
    }
}

impl fmt::Debug for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}% p.a.", self.percent())
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}% p.a.", self.percent())
    }
}

/// `x / d` (a power of ten), refused if a rate that is not zero rounds to
/// zero (it was silently a zero rate).
fn exact_div(x: Decimal, d: i64) -> Result<Decimal> {
    let q = x
        .checked_div(Decimal::from(d))
        .ok_or_else(|| Error::overflow("divide", x, d))?;
    if q.is_zero() && !x.is_zero() {
        return Err(Error::invalid(
            "rate",
            x,
            format!("divided by {d} it rounds to zero at 28 decimal places"),
        ));
    }
    Ok(q)
}
