//! Currencies: ISO 4217 codes with their minor units ([`Currency`]).

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// An ISO 4217 currency: a three-letter code and the number of minor-unit
/// digits (2 for CNY and USD, 0 for JPY).
///
/// The common currencies are constants ([`Currency::CNY`], [`Currency::USD`],
/// ...) and are found by [`Currency::from_code`]; any other currency can be
/// built with [`Currency::new`], which validates the code.
///
/// In files a built-in currency is written as its code (`"CNY"`); a custom
/// one as `{ code = "XTS", minor_units = 2 }`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency {
    code: [u8; 3],
    minor_units: u8,
}

/// Largest number of minor-unit digits accepted by [`Currency::new`].
pub const MAX_MINOR_UNITS: u8 = 8;

impl Currency {
    /// Chinese yuan renminbi.
    pub const CNY: Currency = Currency::constant(*b"CNY", 2);
    /// US dollar.
    pub const USD: Currency = Currency::constant(*b"USD", 2);
    /// Pound sterling.
    pub const GBP: Currency = Currency::constant(*b"GBP", 2);
    /// Euro.
    pub const EUR: Currency = Currency::constant(*b"EUR", 2);
    /// Hong Kong dollar.
    pub const HKD: Currency = Currency::constant(*b"HKD", 2);
    /// New Taiwan dollar (ISO 4217 lists two minor digits).
    pub const TWD: Currency = Currency::constant(*b"TWD", 2);
    /// Japanese yen (no minor unit).
    pub const JPY: Currency = Currency::constant(*b"JPY", 0);
    /// Macanese pataca.
    pub const MOP: Currency = Currency::constant(*b"MOP", 2);
    /// Singapore dollar.
    pub const SGD: Currency = Currency::constant(*b"SGD", 2);
    /// South Korean won (no minor unit).
    pub const KRW: Currency = Currency::constant(*b"KRW", 0);
    /// Australian dollar.
    pub const AUD: Currency = Currency::constant(*b"AUD", 2);
    /// Canadian dollar.
    pub const CAD: Currency = Currency::constant(*b"CAD", 2);
    /// Swiss franc.
    pub const CHF: Currency = Currency::constant(*b"CHF", 2);

    const BUILT_IN: [Currency; 13] = [
        Currency::CNY,
        Currency::USD,
        Currency::GBP,
        Currency::EUR,
        Currency::HKD,
        Currency::TWD,
        Currency::JPY,
        Currency::MOP,
        Currency::SGD,
        Currency::KRW,
        Currency::AUD,
        Currency::CAD,
        Currency::CHF,
    ];

    const fn constant(code: [u8; 3], minor_units: u8) -> Currency {
        Currency { code, minor_units }
    }

    /// Builds a currency from a three-letter upper-case code and its number
    /// of minor-unit digits.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidField`] if the code is not three ASCII upper-case
    /// letters, `minor_units` exceeds [`MAX_MINOR_UNITS`], or the code is a
    /// built-in currency's with other minor units (`JPY` with 2).
    ///
    /// # Example
    ///
    /// ```
    /// use arrears::money::Currency;
    /// let xts = Currency::new("XTS", 2)?;
    /// assert_eq!(xts.code(), "XTS");
    /// assert!(Currency::new("usd", 2).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(code: &str, minor_units: u8) -> Result<Currency> {
        let bytes = code.as_bytes();
        if bytes.len() != 3 || !bytes.iter().all(u8::is_ascii_uppercase) {
            return Err(Error::invalid(
                "currency.code",
                code,
                "expected three upper-case ASCII letters (ISO 4217)",
            ));
        }
        if minor_units > MAX_MINOR_UNITS {
            return Err(Error::invalid(
                "currency.minor_units",
                minor_units,
                format!("at most {MAX_MINOR_UNITS} minor-unit digits are supported"),
            ));
        }
        let code = [bytes[0], bytes[1], bytes[2]];
        // A built-in code means its ISO 4217 currency: a second "JPY" with
        // two minor units would be a different currency of the same name.
        if let Some(known) = Currency::BUILT_IN.iter().find(|c| c.code == code) {
            if known.minor_units != minor_units {
                return Err(Error::invalid(
                    "currency.minor_units",
                    minor_units,
                    format!(
                        "`{}` has {} minor-unit digits (ISO 4217)",
                        known.code(),
                        known.minor_units
                    ),
                ));
            }
        }
        Ok(Currency { code, minor_units })
    }

    /// Looks up a built-in currency by code.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidField`] if the code is not built in (use
    /// [`Currency::new`] for other currencies).
    pub fn from_code(code: &str) -> Result<Currency> {
        Currency::BUILT_IN
            .iter()
            .copied()
            .find(|c| c.code() == code)
            .ok_or_else(|| {
                Error::invalid(
                    "currency",
                    code,
                    "not a built-in currency: in a file write `{ code = \"XTS\", minor_units = 2 }` \
                     with the code and its minor-unit digits; in code use \
                     `Currency::new(code, minor_units)`",
                )
            })
    }

    /// The three-letter code.
    pub fn code(&self) -> &str {
        // The code is validated ASCII at construction.
        std::str::from_utf8(&self.code).unwrap_or("???")
    }

    /// Number of minor-unit digits (2 for CNY: fen; 0 for JPY).
    pub fn minor_units(&self) -> u32 {
        u32::from(self.minor_units)
    }

    /// The smallest unit as a decimal (`0.01` for CNY, `1` for JPY).
    pub fn minor_unit(&self) -> Decimal {
        Decimal::new(1, self.minor_units())
    }

    fn is_built_in(&self) -> bool {
        Currency::BUILT_IN.contains(self)
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Currency {
    type Err = Error;
    fn from_str(s: &str) -> Result<Currency> {
        Currency::from_code(s)
    }
}

#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum CurrencyRepr {
    Code(String),
    Custom(CustomCurrency),
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CustomCurrency {
    code: String,
    /// Read wide, so that an out-of-range count is named by
    /// [`Currency::new`] rather than lost in the untagged choice.
    minor_units: u64,
}

impl Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        if self.is_built_in() {
            s.serialize_str(self.code())
        } else {
            CurrencyRepr::Custom(CustomCurrency {
                code: self.code().to_owned(),
                minor_units: u64::from(self.minor_units),
            })
            .serialize(s)
        }
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        match CurrencyRepr::deserialize(d)? {
            CurrencyRepr::Code(code) => Currency::from_code(&code),
            CurrencyRepr::Custom(c) => match u8::try_from(c.minor_units) {
                Ok(units) => Currency::new(&c.code, units),
                Err(_) => Err(Error::invalid(
                    "currency.minor_units",
                    c.minor_units,
                    format!("at most {MAX_MINOR_UNITS} minor-unit digits are supported"),
                )),
            },
        }
        .map_err(serde::de::Error::custom)
    }
}
