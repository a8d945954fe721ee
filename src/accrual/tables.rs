//! Dated parameter tables: the 1-year LPR and the US card late-fee safe
//! harbor. Both are data, loadable from policy files; a date outside a
//! table's range is an error, never a silent default.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::delinquency::RuleStatus;
use crate::error::{Error, Result, Validator};
use crate::money::Rate;

/// One row of the LPR table: the rate in effect from `effective` until the
/// next row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LprRow {
    /// First day the rate applies.
    pub effective: NaiveDate,
    /// The 1-year LPR.
    pub rate: Rate,
    /// How well the row is sourced.
    pub status: RuleStatus,
}

/// The 1-year Loan Prime Rate (`cn.lpr_1y`), as dated changes, known
/// complete through an optional last date.
///
/// Each row applies from its `effective` date until the next row. The
/// table's range ends at [`valid_through`](LprTable::valid_through), the
/// last date its rows are known to be complete: a date after it is an error
/// (RULES.md §2.3: "a date outside its range is an error, never a silent
/// cap"), since the LPR may have changed since. A host keeps the table
/// current by adding rows, or by moving the date forward once it has
/// checked that the LPR did not change ([`LprTable::with_valid_through`]).
/// A table without the date (one built from rows alone, or written in a
/// file as a plain list of rows) is open-ended: its last row applies to
/// every later date, and keeping it current is the host's duty.
///
/// In a policy file the table is either a list of rows (open-ended) or
/// `{ rows = [...], valid_through = "2025-08-20" }`. In a file that extends
/// a preset, a table that gives `rows` replaces the preset's whole table,
/// its `valid_through` included (restate the date with the rows); one that
/// gives only `valid_through` keeps the preset's rows. A JSON `null` for
/// `valid_through` (over a preset, as a JSON merge patch: remove the key)
/// makes the table open-ended, as a plain list does: the host then answers
/// for keeping it current.
///
/// A table read from a policy file is checked with the rest of the policy
/// ([`AccrualPolicy::validate`](super::AccrualPolicy::validate), which
/// reports its problems with every other one); [`LprTable::new`] checks
/// one built in code.
///
/// ```
/// use arrears::accrual::LprTable;
/// use chrono::NaiveDate;
///
/// let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// let table = LprTable::published();
/// assert_eq!(table.valid_through(), Some(day(2025, 8, 20)));
/// assert_eq!(table.on(day(2025, 8, 20)).unwrap().rate.to_string(), "3% p.a.");
/// // After the last confirmed date the LPR is unknown: an error.
/// let err = table.on(day(2026, 3, 15)).unwrap_err();
/// assert!(err.to_string().contains("valid_through"));
/// // The host checked that the LPR has not changed since.
/// let current = table.with_valid_through(day(2026, 3, 31)).unwrap();
/// assert_eq!(current.on(day(2026, 3, 15)).unwrap().rate.to_string(), "3% p.a.");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LprTable {
    rows: Vec<LprRow>,
    valid_through: Option<NaiveDate>,
}

impl From<Vec<LprRow>> for LprTable {
    /// An open-ended table of `rows` (not checked: see [`LprTable::new`]).
    fn from(rows: Vec<LprRow>) -> Self {
        LprTable {
            rows,
            valid_through: None,
        }
    }
}

/// A table as written in a file: `{ rows, valid_through }` (the date may be
/// left out: then the table is open-ended, as a plain list of rows).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DatedTable {
    rows: Vec<LprRow>,
    #[serde(
        default,
        deserialize_with = "end_date",
        skip_serializing_if = "Option::is_none"
    )]
    valid_through: Option<NaiveDate>,
}

/// Reads `valid_through`, naming the field and the text in an error: a
/// date string, a TOML date literal, or `null` (none: open-ended).
fn end_date<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<NaiveDate>, D::Error> {
    use serde::de::Error as _;
    /// The key under which the `toml` crate hands over a date literal.
    const TOML_DATETIME: &str = "$__toml_private_datetime";
    struct Visit;
    impl<'de> serde::de::Visitor<'de> for Visit {
        type Value = Option<NaiveDate>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a date `YYYY-MM-DD` for `valid_through`")
        }
        fn visit_str<E: serde::de::Error>(
            self,
            text: &str,
        ) -> std::result::Result<Option<NaiveDate>, E> {
            NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map(Some)
                .map_err(|e| {
                    E::custom(format!(
                        "`valid_through` value `{text}`: {e} (expected YYYY-MM-DD)"
                    ))
                })
        }
        fn visit_unit<E: serde::de::Error>(self) -> std::result::Result<Option<NaiveDate>, E> {
            Ok(None)
        }
        fn visit_none<E: serde::de::Error>(self) -> std::result::Result<Option<NaiveDate>, E> {
            Ok(None)
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> std::result::Result<Option<NaiveDate>, A::Error> {
            // A TOML date literal arrives as a one-entry map under the
            // `toml` crate's own key; any other table is not a date.
            match map.next_key::<String>()? {
                Some(key) if key == TOML_DATETIME => {
                    let text: String = map.next_value()?;
                    self.visit_str(&text)
                }
                _ => Err(A::Error::custom(
                    "`valid_through`: a table is not a date (expected YYYY-MM-DD)",
                )),
            }
        }
    }
    d.deserialize_any(Visit)
}

impl Serialize for LprTable {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self.valid_through {
            None => self.rows.serialize(s),
            Some(end) => DatedTable {
                rows: self.rows.clone(),
                valid_through: Some(end),
            }
            .serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for LprTable {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = LprTable;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of LPR rows, or a table `{ rows, valid_through }`")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                seq: A,
            ) -> std::result::Result<LprTable, A::Error> {
                let rows = Vec::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))?;
                Ok(LprTable::from(rows))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> std::result::Result<LprTable, A::Error> {
                let t = DatedTable::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(LprTable {
                    rows: t.rows,
                    valid_through: t.valid_through,
                })
            }
        }
        d.deserialize_any(Visit)
    }
}

impl LprTable {
    /// An open-ended table; rows must be in strictly increasing date order.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPolicy`] listing every problem: an empty table, rows
    /// out of order or with a repeated date, a zero rate.
    pub fn new(rows: Vec<LprRow>) -> Result<Self> {
        let table = LprTable::from(rows);
        let mut v = Validator::default();
        table.check("lpr", &mut v);
        v.finish()?;
        Ok(table)
    }

    /// The table, known complete through `date`: a date after it is an
    /// error in [`on`](LprTable::on).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPolicy`] listing every problem of the table (as
    /// [`LprTable::new`]), and `lpr.valid_through` if `date` is before the
    /// last row.
    pub fn with_valid_through(self, date: NaiveDate) -> Result<Self> {
        let table = LprTable {
            valid_through: Some(date),
            ..self
        };
        let mut v = Validator::default();
        table.check("lpr", &mut v);
        v.finish()?;
        Ok(table)
    }

    /// The last date the table is known complete through, if it has one.
    pub fn valid_through(&self) -> Option<NaiveDate> {
        self.valid_through
    }

    /// Adds the table's problems to `v`, under `path`: an empty table, rows
    /// out of order or with a repeated date, a zero rate, a `valid_through`
    /// before the last row.
    pub(crate) fn check(&self, path: &str, v: &mut Validator) {
        let rows = &self.rows;
        if rows.is_empty() {
            v.push(path, "[]", "the table needs at least one row");
        }
        for (i, w) in rows.windows(2).enumerate() {
            if w[1].effective <= w[0].effective {
                v.push(
                    format!("{path}[{}].effective", i + 1),
                    w[1].effective,
                    format!(
                        "must be after the previous row's `{}` (rows sorted, no repeats)",
                        w[0].effective
                    ),
                );
            }
        }
        for (i, r) in rows.iter().enumerate() {
            if r.rate.annual().is_zero() {
                v.push(
                    format!("{path}[{i}].rate"),
                    r.rate.annual(),
                    "an LPR of zero is a data error",
                );
            }
        }
        if let (Some(end), Some(last)) = (self.valid_through, rows.last()) {
            if end < last.effective {
                v.push(
                    format!("{path}.valid_through"),
                    end,
                    format!("is before the last row's `{}`", last.effective),
                );
            }
        }
    }

    /// The published table from RULES.md §2.3, 2019-08-20 to 2025-05-20,
    /// with each row's status, valid through 2025-08-20 (the last date
    /// RULES.md confirms its last value, 3.00 %, on). A date after that is
    /// an error until the host adds the rows published since, or moves
    /// the date with [`LprTable::with_valid_through`].
    pub fn published() -> Self {
        let row = |y, m, d, bp: i64, status| LprRow {
            effective: NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN),
            rate: Rate::from_fraction(Decimal::new(bp, 4)).unwrap_or(Rate::ZERO),
            status,
        };
        use RuleStatus::{Secondary as S, Unverified as U};
        LprTable {
            rows: vec![
                row(2019, 8, 20, 425, S),
                row(2019, 9, 20, 420, U),
                row(2019, 11, 20, 415, U),
                row(2020, 2, 20, 405, U),
                row(2020, 4, 20, 385, S),
                row(2021, 12, 20, 380, S),
                row(2022, 1, 20, 370, S),
                row(2022, 8, 22, 365, S),
                row(2023, 6, 20, 355, U),
                row(2023, 8, 21, 345, S),
                row(2024, 7, 22, 335, U),
                row(2024, 10, 21, 310, S),
                row(2025, 5, 20, 300, U),
            ],
            valid_through: NaiveDate::from_ymd_opt(2025, 8, 20),
        }
    }

    /// The rows.
    pub fn rows(&self) -> &[LprRow] {
        &self.rows
    }

    /// The row in effect on `date`: the latest row with `effective <= date`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidField`] if `date` is before the first row or after
    /// [`valid_through`](LprTable::valid_through), or if the rows are out
    /// of order (a table read without its policy's validation).
    pub fn on(&self, date: NaiveDate) -> Result<&LprRow> {
        if let Some(w) = self
            .rows
            .windows(2)
            .find(|w| w[1].effective <= w[0].effective)
        {
            return Err(Error::invalid(
                "lpr.effective",
                w[1].effective,
                format!(
                    "must be after the previous row's `{}`: the table is out of order (validate the policy)",
                    w[0].effective
                ),
            ));
        }
        if let Some(end) = self.valid_through.filter(|end| date > *end) {
            return Err(Error::invalid(
                "lpr.date",
                date,
                format!(
                    "is after the LPR table's `valid_through` `{end}`: the LPR may have changed since (add the rows published after it, or move `valid_through` once checked)"
                ),
            ));
        }
        let i = self.rows.partition_point(|r| r.effective <= date);
        if i == 0 {
            return Err(Error::invalid(
                "lpr.date",
                date,
                format!(
                    "is before the first LPR row `{}`",
                    self.rows.first().map_or(NaiveDate::MIN, |r| r.effective)
                ),
            ));
        }
        Ok(&self.rows[i - 1])
    }
}

/// One row of the US safe-harbor table (`us.reg_z.safe_harbor`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SafeHarborRow {
    /// First day the amounts apply.
    pub effective: NaiveDate,
    /// First violation.
    #[serde(with = "crate::money::serde_str")]
    pub first: Decimal,
    /// Same violation type within the next six billing cycles.
    #[serde(with = "crate::money::serde_str")]
    pub repeat: Decimal,
    /// Whether the row is in force (the vacated 2024 rule is kept, inactive).
    pub active: bool,
    /// How well the row is sourced.
    pub status: RuleStatus,
    /// The issuers the row applies to: every issuer (the default), or one
    /// tier of the vacated 2024 rule. Only rows for every issuer may be
    /// active (the table gives one row per date).
    #[serde(default, skip_serializing_if = "IssuerScope::is_all")]
    pub issuers: IssuerScope,
}

/// Which card issuers a safe-harbor row applies to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IssuerScope {
    /// Every issuer.
    #[default]
    All,
    /// Larger issuers: one million or more open accounts (the 2024 rule's
    /// \$8 late fee).
    Larger,
    /// Smaller issuers (fewer than one million open accounts); under the
    /// 2024 rule their late fees, and every issuer's other penalty fees,
    /// kept the indexed safe harbor (\$32 / \$43).
    Smaller,
}

impl IssuerScope {
    /// Whether the row applies to every issuer.
    pub fn is_all(&self) -> bool {
        *self == IssuerScope::All
    }
}

/// Reg Z 1026.52(b)(1)(ii) safe-harbor penalty-fee amounts by date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<SafeHarborRow>", into = "Vec<SafeHarborRow>")]
pub struct SafeHarborTable {
    rows: Vec<SafeHarborRow>,
}

impl TryFrom<Vec<SafeHarborRow>> for SafeHarborTable {
    type Error = Error;
    fn try_from(rows: Vec<SafeHarborRow>) -> Result<Self> {
        SafeHarborTable::new(rows)
    }
}

impl From<SafeHarborTable> for Vec<SafeHarborRow> {
    fn from(t: SafeHarborTable) -> Self {
        t.rows
    }
}

impl SafeHarborTable {
    /// A table; active rows must be in strictly increasing date order.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPolicy`] listing every problem: no active row, rows
    /// out of order, negative amounts, a repeat amount below the first, an
    /// active row for one tier of issuers only.
    pub fn new(rows: Vec<SafeHarborRow>) -> Result<Self> {
        let mut v = Validator::default();
        if !rows.iter().any(|r| r.active) {
            v.push(
                "safe_harbor",
                rows.len(),
                "the table needs at least one active row",
            );
        }
        let active: Vec<(usize, &SafeHarborRow)> =
            rows.iter().enumerate().filter(|(_, r)| r.active).collect();
        for w in active.windows(2) {
            if w[1].1.effective <= w[0].1.effective {
                v.push(
                    format!("safe_harbor[{}].effective", w[1].0),
                    w[1].1.effective,
                    format!(
                        "must be after the previous active row's `{}`",
                        w[0].1.effective
                    ),
                );
            }
        }
        for (i, r) in rows.iter().enumerate() {
            if r.active && !r.issuers.is_all() {
                v.push(
                    format!("safe_harbor[{i}].issuers"),
                    format!("{:?}", r.issuers).to_lowercase(),
                    "an active row must apply to every issuer (`all`): the table gives one row per date",
                );
            }
            if r.first < Decimal::ZERO || r.repeat < Decimal::ZERO {
                v.push(
                    format!("safe_harbor[{i}]"),
                    r.first.min(r.repeat),
                    "amounts must not be negative",
                );
            }
            if r.repeat < r.first {
                v.push(
                    format!("safe_harbor[{i}].repeat"),
                    r.repeat,
                    format!("is below the first-violation amount `{}`", r.first),
                );
            }
        }
        v.finish()?;
        Ok(SafeHarborTable { rows })
    }

    /// The table of RULES.md §2.5: active rows to 2013 through 2022 ($30 /
    /// $41), and the vacated 2024 Late Fee Rule kept as two inactive rows,
    /// one per tier: \$8 for larger issuers, \$32 / \$43 for smaller ones.
    /// Which figures the CFPB treats as operative after the 2025 vacatur,
    /// and any later CPI adjustment, is unverified.
    pub fn published() -> Self {
        let scoped = |y, m, d, first: i64, repeat: i64, active, status, issuers| SafeHarborRow {
            effective: NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN),
            first: Decimal::from(first),
            repeat: Decimal::from(repeat),
            active,
            status,
            issuers,
        };
        let row = |y, m, d, first, repeat, active, status| {
            scoped(y, m, d, first, repeat, active, status, IssuerScope::All)
        };
        use RuleStatus::{Secondary as S, Unverified as U, Verified as V};
        SafeHarborTable {
            rows: vec![
                row(2010, 8, 22, 25, 35, true, V),
                row(2014, 1, 1, 26, 37, true, V),
                row(2015, 1, 1, 27, 38, true, V),
                row(2016, 1, 1, 27, 37, true, V),
                row(2016, 6, 27, 27, 38, true, V),
                row(2019, 1, 1, 28, 39, true, V),
                row(2020, 1, 1, 29, 40, true, V),
                row(2022, 1, 1, 30, 41, true, U),
                scoped(2024, 5, 14, 8, 8, false, S, IssuerScope::Larger),
                scoped(2024, 5, 14, 32, 43, false, S, IssuerScope::Smaller),
            ],
        }
    }

    /// The rows.
    pub fn rows(&self) -> &[SafeHarborRow] {
        &self.rows
    }

    /// The active row in effect on `date`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidField`] if `date` is before the first active row.
    pub fn on(&self, date: NaiveDate) -> Result<&SafeHarborRow> {
        self.rows
            .iter()
            .rev()
            .find(|r| r.active && r.effective <= date)
            .ok_or_else(|| {
                Error::invalid(
                    "safe_harbor.date",
                    date,
                    "is before the first active safe-harbor row",
                )
            })
    }
}
