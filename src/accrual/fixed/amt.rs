//! [`Amt`]: an exact decimal held as a 64-bit mantissa and a scale, with
//! `rust_decimal`'s rules for the scale of a result, so that the fixed-point
//! replay hands back the very `Decimal`s the general engine would.
//!
//! Every operation is checked: `None` when a result does not fit 64 bits,
//! and the replay then gives way to the general engine, which has 96.

use std::cmp::Ordering;

use rust_decimal::Decimal;

use crate::money::{POW10 as POW10_128, POW10_I64 as POW10};

/// `m × 10^-s`, `s ≤ 28`; the default is `Decimal::ZERO`.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) struct Amt {
    pub(super) m: i64,
    pub(super) s: u32,
}

impl Amt {
    /// `Decimal::ZERO` (scale 0).
    pub(super) const ZERO: Amt = Amt { m: 0, s: 0 };

    /// A zero with scale `s`.
    #[inline]
    pub(super) fn zero(s: u32) -> Amt {
        Amt { m: 0, s }
    }

    /// `d`, if its mantissa fits 64 bits. A negative zero is refused: it
    /// has no twin here.
    #[inline]
    pub(super) fn from_dec(d: Decimal) -> Option<Amt> {
        // The serialized form: flags (scale in bits 16..24, sign in bit
        // 31), then the 96-bit magnitude, low word first.
        let b = d.serialize();
        let word = |k: usize| u32::from_le_bytes([b[k], b[k + 1], b[k + 2], b[k + 3]]);
        if word(12) != 0 {
            return None;
        }
        let magnitude = i64::try_from((u64::from(word(8)) << 32) | u64::from(word(4))).ok()?;
        let negative = word(0) >> 31 != 0;
        if negative && magnitude == 0 {
            return None;
        }
        Some(Amt {
            m: if negative { -magnitude } else { magnitude },
            s: d.scale(),
        })
    }

    /// The same value and scale as a `Decimal`.
    #[inline]
    pub(super) fn to_dec(self) -> Decimal {
        // `s ≤ 28` by construction: every scale comes from a `Decimal` or
        // is the larger of two such.
        Decimal::try_new(self.m, self.s).unwrap_or_default()
    }

    #[inline]
    pub(super) fn is_zero(self) -> bool {
        self.m == 0
    }

    #[inline]
    pub(super) fn is_negative(self) -> bool {
        self.m < 0
    }

    /// The mantissa at scale `s ≥ self.s`.
    #[inline]
    pub(super) fn at(self, s: u32) -> Option<i64> {
        let f = *POW10.get(s.checked_sub(self.s)? as usize)?;
        self.m.checked_mul(f)
    }

    /// The amount in `10^-dp` units, if it has at most `dp` places.
    #[inline]
    pub(super) fn units(self, dp: u32) -> Option<i64> {
        if self.s == dp {
            return Some(self.m);
        }
        self.at(dp)
    }

    /// `self + o` at the larger scale, as `Decimal` adds: a zero operand
    /// gives the other one back as it is, scale included.
    #[inline]
    pub(super) fn add(self, o: Amt) -> Option<Amt> {
        if self.m == 0 {
            return Some(o);
        }
        if o.m == 0 {
            return Some(self);
        }
        if self.s == o.s {
            return Some(Amt {
                m: self.m.checked_add(o.m)?,
                s: self.s,
            });
        }
        let s = self.s.max(o.s);
        Some(Amt {
            m: self.at(s)?.checked_add(o.at(s)?)?,
            s,
        })
    }

    /// `self − o` at the larger scale.
    #[inline]
    pub(super) fn sub(self, o: Amt) -> Option<Amt> {
        self.add(Amt {
            m: o.m.checked_neg()?,
            s: o.s,
        })
    }

    /// `self × n`, the scale kept, as `Decimal` multiplies: a zero product
    /// is `Decimal::ZERO` (scale 0).
    #[inline]
    pub(super) fn mul_int(self, n: i64) -> Option<Amt> {
        if self.m == 0 || n == 0 {
            return Some(Amt::ZERO);
        }
        Some(Amt {
            m: self.m.checked_mul(n)?,
            s: self.s,
        })
    }

    /// Numeric order (scales aside), as `Decimal`'s.
    #[inline]
    pub(super) fn cmp_value(self, o: Amt) -> Ordering {
        if self.s == o.s {
            return self.m.cmp(&o.m);
        }
        if let (Some(x), Some(y)) = (self.at(self.s.max(o.s)), o.at(self.s.max(o.s))) {
            return x.cmp(&y);
        }
        let s = self.s.max(o.s);
        let up = |a: Amt| {
            POW10_128
                .get((s - a.s) as usize)
                .and_then(|f| i128::from(a.m).checked_mul(*f))
        };
        match (up(self), up(o)) {
            (Some(x), Some(y)) => x.cmp(&y),
            _ => self.to_dec().cmp(&o.to_dec()),
        }
    }

    /// `Decimal::max`: `self` unless it is less.
    #[inline]
    pub(super) fn max_dec(self, o: Amt) -> Amt {
        if self.cmp_value(o).is_lt() {
            o
        } else {
            self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn dec(m: i64, s: u32) -> Decimal {
        Decimal::new(m, s)
    }

    proptest! {
        /// Sums, differences, products and comparisons have the value and
        /// the scale `Decimal` gives them.
        #[test]
        fn mirrors_decimal(a in prop_oneof![Just(0i64), -10_000_000_000i64..10_000_000_000], sa in 0u32..7,
                           b in prop_oneof![Just(0i64), -10_000_000_000i64..10_000_000_000], sb in 0u32..7,
                           n in prop_oneof![Just(0i64), -4000i64..4000]) {
            let (x, y) = (Amt { m: a, s: sa }, Amt { m: b, s: sb });
            let (dx, dy) = (dec(a, sa), dec(b, sb));
            let same = |r: Option<Amt>, d: Decimal| {
                let r = r.map(Amt::to_dec);
                prop_assert_eq!(r.map(|r| (r.mantissa(), r.scale())), Some((d.mantissa(), d.scale())));
                Ok(())
            };
            let back = Amt::from_dec(dx).map(|a| (a.m, a.s));
            prop_assert_eq!(back, Some((a, sa)));
            same(x.add(y), dx + dy)?;
            same(x.sub(y), dx - dy)?;
            same(x.mul_int(n), dx * Decimal::from(n))?;
            prop_assert_eq!(x.cmp_value(y), dx.cmp(&dy));
            let m = x.max_dec(y).to_dec();
            let dm = dx.max(dy);
            prop_assert_eq!((m.mantissa(), m.scale()), (dm.mantissa(), dm.scale()));
        }
    }
}
