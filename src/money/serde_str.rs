//! Decimals in files: quoted strings, read exactly.
//!
//! `rust_decimal::serde::str` writes a string but reads whatever the format
//! hands it: a TOML float reached it as an `f64` and lost digits
//! (`tolerance = 12345678901234567.89` was read as `12345678901234568`),
//! and `"1e3"` or a 29th decimal place was accepted and rounded. This reads
//! only a string of plain decimal syntax (`-`, digits, `.`, digits), with
//! [`Decimal::from_str_exact`]: no float, no exponent, no `+`, no `_`, no
//! rounding. Written as `rust_decimal` writes it.

use std::fmt;

use rust_decimal::Decimal;
use serde::de::{self, Visitor};
use serde::{Deserializer, Serializer};

/// What a decimal field accepts.
const EXPECTING: &str = "a decimal number as a quoted string, e.g. \"12.50\"";

pub(crate) fn serialize<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&d.to_string())
}

pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    d.deserialize_str(Exact)
}

/// Reads a string, exactly.
struct Exact;

impl Visitor<'_> for Exact {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(EXPECTING)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
        crate::money::parse_decimal(v).map_err(|e| {
            E::custom(format_args!(
                "`{v}` is not an exact decimal ({e}); {EXPECTING}"
            ))
        })
    }
}

/// `Option<Decimal>` the same way (`None` when absent or null).
pub(crate) mod option {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_some(&d.to_string()),
            None => s.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Decimal>, D::Error> {
        d.deserialize_option(Maybe)
    }

    struct Maybe;

    impl<'de> Visitor<'de> for Maybe {
        type Value = Option<Decimal>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(EXPECTING)
        }

        fn visit_none<E: de::Error>(self) -> Result<Option<Decimal>, E> {
            Ok(None)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Option<Decimal>, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<Decimal>, D::Error> {
            super::deserialize(d).map(Some)
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<Decimal>, E> {
            Exact.visit_str(v).map(Some)
        }
    }
}
