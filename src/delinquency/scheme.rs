//! Stage schemes: named, contiguous day ranges that turn a day count into an
//! overdue stage (collection bucket or regulatory class).
//!
//! A [`StageScheme`] is a validated list of [`StageRange`]s sorted by
//! `min_days`. Validation happens once, at construction (or deserialization);
//! after that [`StageScheme::classify`] is a branch-light binary search with no
//! allocation, so one scheme can classify millions of loans.
//!
//! The presets follow `RULES.md` §1 and carry the rule id, citation and status
//! tag ([`RuleStatus`]) of the row they come from. Presets are defaults: a
//! policy file may replace any of them with its own scheme.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

use crate::error::Error;

/// How well a rule (a preset, a limit, a default) is sourced.
///
/// These are the `[V]`, `[S]` and `[U]` tags of `RULES.md`, used crate-wide.
/// [`Display`](fmt::Display) prints the tag in brackets (`[V]`, `[S]`, `[U]`);
/// [`RuleStatus::tag`] gives the bare letter.
///
/// In serde documents the status is written as a snake-case name
/// (`"verified"`, `"secondary"`, `"unverified"`); the bare tags `"V"`, `"S"`
/// and `"U"` are accepted as aliases when reading.
///
/// The set is closed (it mirrors the tag table of `RULES.md`), so the enum is
/// exhaustive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleStatus {
    /// `[V]`: verified against the primary text (or, for `ref.fineract.*`,
    /// read in Fineract source). May be a constant; still cite the section.
    #[serde(alias = "V")]
    Verified,
    /// `[S]`: from secondary sources only, which agree. Must be a
    /// configurable default.
    #[serde(alias = "S")]
    Secondary,
    /// `[U]`: unverified, conflicting, from memory, or an implementation
    /// interpretation. Must be a configurable default and flagged in output.
    #[serde(alias = "U")]
    Unverified,
}

impl RuleStatus {
    /// The bare tag letter: `"V"`, `"S"` or `"U"`.
    ///
    /// # Example
    ///
    /// ```
    /// use arrears::delinquency::RuleStatus;
    ///
    /// assert_eq!(RuleStatus::Secondary.tag(), "S");
    /// assert_eq!(RuleStatus::Secondary.to_string(), "[S]");
    /// ```
    pub const fn tag(self) -> &'static str {
        match self {
            RuleStatus::Verified => "V",
            RuleStatus::Secondary => "S",
            RuleStatus::Unverified => "U",
        }
    }
}

impl fmt::Display for RuleStatus {
    /// Writes `[V]`, `[S]` or `[U]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}]", self.tag())
    }
}

/// Which day count a [`StageScheme`] classifies.
///
/// `RULES.md` §1.1: regulatory classes use raw days past due, while grace and
/// pause periods affect collection buckets only (interp. `[U]`). A scheme
/// records its basis so the caller feeds it the right number; the scheme
/// itself only sees a `u32`.
///
/// Serialized as `"raw"` or `"delinquent"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DpdBasis {
    /// Raw days past due (`ref.fineract.dpd`): business date minus the due
    /// date of the oldest unpaid overdue installment, floored at 0. Used by
    /// regulatory classifications.
    Raw,
    /// Delinquent days (`ref.fineract.grace`, `ref.fineract.pause`): raw days
    /// past due minus grace and paused days, floored at 0. Used by collection
    /// buckets.
    Delinquent,
}

/// One stage of a [`StageScheme`]: the days `min_days..=max_days`
/// (or `min_days..` when `max_days` is `None`).
///
/// A range on its own is not validated; a [`StageScheme`] checks its ranges
/// together (codes, order, overlaps, gaps).
///
/// In serde documents an open-ended range omits `max_days` (or sets it to
/// `null`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageRange {
    /// Stable machine code, unique within a scheme, e.g. `M1` or
    /// `special_mention`.
    pub code: String,
    /// Human label, e.g. `1-30 days` or `关注`.
    pub label: String,
    /// First day of the range (inclusive).
    pub min_days: u32,
    /// Last day of the range (inclusive); `None` means open-ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_days: Option<u32>,
}

impl StageRange {
    /// A bounded range covering `min_days..=max_days`.
    ///
    /// # Example
    ///
    /// ```
    /// use arrears::delinquency::StageRange;
    ///
    /// let m1 = StageRange::bounded("M1", "1-30 days", 1, 30);
    /// assert!(m1.contains(30));
    /// assert!(!m1.contains(31));
    /// ```
    #[must_use]
    pub fn bounded(
        code: impl Into<String>,
        label: impl Into<String>,
        min_days: u32,
        max_days: u32,
    ) -> Self {
        StageRange {
            code: code.into(),
            label: label.into(),
            min_days,
            max_days: Some(max_days),
        }
    }

    /// An open-ended range covering `min_days..`.
    ///
    /// # Example
    ///
    /// ```
    /// use arrears::delinquency::StageRange;
    ///
    /// let m7 = StageRange::open_ended("M7", "181+ days", 181);
    /// assert!(m7.contains(u32::MAX));
    /// assert!(!m7.contains(180));
    /// ```
    #[must_use]
    pub fn open_ended(code: impl Into<String>, label: impl Into<String>, min_days: u32) -> Self {
        StageRange {
            code: code.into(),
            label: label.into(),
            min_days,
            max_days: None,
        }
    }

    /// Whether `days` lies in this range (both ends inclusive).
    pub fn contains(&self, days: u32) -> bool {
        days >= self.min_days && self.max_days.map_or(true, |max| days <= max)
    }
}

/// A validated set of overdue stages.
///
/// Invariants, checked by [`StageScheme::new`] and by deserialization:
///
/// - the id is not empty and there is at least one range;
/// - codes are non-empty and unique;
/// - ranges are sorted by `min_days`, each has `max_days >= min_days`, and
///   they neither overlap nor leave gaps between one another;
/// - at most one range is open-ended, and it is the last.
///
/// Days **below the first range's `min_days`** are allowed and mean "not in
/// any stage" (for example Fineract-style ranges that start at day 1, where
/// day 0 is not delinquent): [`classify`](StageScheme::classify) returns
/// `None` for them. Likewise, if no range is open-ended, days above the last
/// `max_days` classify as `None`.
///
/// Stages are ordered by severity: a higher index in
/// [`ranges`](StageScheme::ranges) is more severe.
///
/// # Serde
///
/// Serialized as `{ id, name, basis, citation?, status, ranges }`. Unknown
/// fields are rejected, `citation` may be omitted, and `status` defaults to
/// `unverified` when omitted (a hand-written scheme is an interpretation until
/// someone cites it). Ranges may appear in any order. Deserialization runs
/// the same validation as [`StageScheme::new`], so a bad file fails with
/// [`Error::InvalidPolicy`] listing every problem.
///
/// # Example
///
/// ```
/// use arrears::delinquency::{DpdBasis, RuleStatus, StageRange, StageScheme};
///
/// let scheme = StageScheme::new(
///     "lender.buckets",
///     "Lender buckets",
///     DpdBasis::Delinquent,
///     vec![
///         StageRange::open_ended("late", "31+ days", 31),
///         StageRange::bounded("early", "1-30 days", 1, 30),
///     ],
/// )?
/// .with_citation("internal collection manual, ch. 2")
/// .with_status(RuleStatus::Unverified);
///
/// assert_eq!(scheme.classify(0), None); // below the first range: not delinquent
/// assert_eq!(scheme.classify(45).map(|r| r.code.as_str()), Some("late"));
/// assert_eq!(scheme.index_of(7), Some(0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StageScheme {
    id: String,
    name: String,
    basis: DpdBasis,
    #[serde(skip_serializing_if = "Option::is_none")]
    citation: Option<String>,
    status: RuleStatus,
    ranges: Vec<StageRange>,
}

/// The unvalidated shape of a [`StageScheme`] in a serde document.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStageScheme {
    id: String,
    name: String,
    basis: DpdBasis,
    #[serde(default)]
    citation: Option<String>,
    #[serde(default = "default_status")]
    status: RuleStatus,
    ranges: Vec<StageRange>,
}

fn default_status() -> RuleStatus {
    RuleStatus::Unverified
}

impl<'de> Deserialize<'de> for StageScheme {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = RawStageScheme::deserialize(deserializer)?;
        let scheme = StageScheme::new(raw.id, raw.name, raw.basis, raw.ranges)
            .map_err(serde::de::Error::custom)?;
        Ok(StageScheme {
            citation: raw.citation,
            status: raw.status,
            ..scheme
        })
    }
}

impl StageScheme {
    /// Builds a scheme from ranges in any order, sorting them by `min_days`.
    ///
    /// The new scheme has no citation and status [`RuleStatus::Unverified`];
    /// set them with [`with_citation`](Self::with_citation) and
    /// [`with_status`](Self::with_status).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPolicy`] listing **every** problem, in document order
    /// (paths use the index the range had in `ranges`, e.g.
    /// `ranges[2].max_days`):
    ///
    /// - `id` is empty;
    /// - `ranges` is empty;
    /// - a `code` is empty, or repeats an earlier code;
    /// - a `max_days` is less than its `min_days`;
    /// - two ranges overlap (both codes and the shared days are named);
    /// - consecutive ranges leave a gap (the missing days are named, e.g.
    ///   ``days 31..=34 are not covered between `M1` and `M2` ``);
    /// - more than one range is open-ended, or the open-ended range is not
    ///   the last.
    ///
    /// Days below the first `min_days` are not a gap: they mean "not in any
    /// stage".
    ///
    /// # Example
    ///
    /// ```
    /// use arrears::delinquency::{DpdBasis, StageRange, StageScheme};
    /// use arrears::Error;
    ///
    /// let err = StageScheme::new(
    ///     "lender.buckets",
    ///     "Lender buckets",
    ///     DpdBasis::Delinquent,
    ///     vec![
    ///         StageRange::bounded("early", "1-30 days", 1, 30),
    ///         StageRange::open_ended("late", "35+ days", 35),
    ///     ],
    /// )
    /// .unwrap_err();
    /// assert!(matches!(err, Error::InvalidPolicy { .. }));
    /// assert_eq!(
    ///     err.to_string(),
    ///     "invalid policy: `ranges[1].min_days` = `35`: \
    ///      days 31..=34 are not covered between `early` and `late`"
    /// );
    /// ```
    pub fn new(
        id: impl Into<String>,
        name: impl Into<String>,
        basis: DpdBasis,
        ranges: Vec<StageRange>,
    ) -> Result<Self, Error> {
        let id = id.into();
        validate(&id, &ranges)?;
        let mut ranges = ranges;
        ranges.sort_by_key(|r| r.min_days);
        Ok(StageScheme {
            id,
            name: name.into(),
            basis,
            citation: None,
            status: RuleStatus::Unverified,
            ranges,
        })
    }

    /// Sets the citation (the primary instrument and section, or a note that
    /// there is none).
    #[must_use]
    pub fn with_citation(mut self, citation: impl Into<String>) -> Self {
        self.citation = Some(citation.into());
        self
    }

    /// Sets the sourcing status of the scheme.
    #[must_use]
    pub fn with_status(mut self, status: RuleStatus) -> Self {
        self.status = status;
        self
    }

    /// Stable rule id, e.g. `industry.buckets.m0_m7`.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Human-readable name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Which day count this scheme expects.
    pub fn basis(&self) -> DpdBasis {
        self.basis
    }

    /// Where the scheme comes from, if recorded.
    pub fn citation(&self) -> Option<&str> {
        self.citation.as_deref()
    }

    /// How well the scheme is sourced.
    pub fn status(&self) -> RuleStatus {
        self.status
    }

    /// The ranges, sorted by `min_days` (least to most severe), contiguous.
    pub fn ranges(&self) -> &[StageRange] {
        &self.ranges
    }

    /// The range containing `days`, or `None` if `days` is below the first
    /// range (not in any stage) or above a bounded last range.
    ///
    /// Runs in `O(log n)` without allocating. Feed it the day count named by
    /// [`basis`](Self::basis).
    ///
    /// # Example
    ///
    /// ```
    /// use arrears::delinquency::StageScheme;
    ///
    /// let buckets = StageScheme::m0_m7();
    /// assert_eq!(buckets.classify(31).map(|r| r.code.as_str()), Some("M2"));
    ///
    /// let fineract = StageScheme::fineract_default();
    /// assert_eq!(fineract.classify(0), None);
    /// ```
    #[inline]
    pub fn classify(&self, days: u32) -> Option<&StageRange> {
        self.index_of(days).and_then(|i| self.ranges.get(i))
    }

    /// The position in [`ranges`](Self::ranges) of the range containing
    /// `days` (a higher index is a more severe stage), or `None` as for
    /// [`classify`](Self::classify).
    ///
    /// # Example
    ///
    /// ```
    /// use arrears::delinquency::StageScheme;
    ///
    /// let card = StageScheme::cn_card_2011();
    /// assert!(card.index_of(181) > card.index_of(120));
    /// ```
    #[inline]
    pub fn index_of(&self, days: u32) -> Option<usize> {
        // Ranges are sorted and contiguous: the last range starting at or
        // before `days` is the only candidate, and only the last range of the
        // scheme can end before `days`.
        let idx = self
            .ranges
            .partition_point(|r| r.min_days <= days)
            .checked_sub(1)?;
        match self.ranges.get(idx)?.max_days {
            Some(max) if days > max => None,
            _ => Some(idx),
        }
    }
}

mod presets;
mod validate;

use validate::validate;

#[cfg(test)]
mod tests;
