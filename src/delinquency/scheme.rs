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

use std::collections::hash_map::{Entry, HashMap};
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

use crate::error::{Error, Validator};

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

    /// Collection buckets M0–M7 on delinquent days: `industry.buckets.m0_m7`
    /// `[U]` (`RULES.md` §1.2, industry convention with no regulatory source).
    ///
    /// M0 0, M1 1–30, M2 31–60, M3 61–90, M4 91–120, M5 121–150, M6 151–180,
    /// M7 181+ (equivalently `min(7, ceil(days / 30))`).
    #[must_use]
    pub fn m0_m7() -> Self {
        preset(
            "industry.buckets.m0_m7",
            "collection buckets M0-M7",
            DpdBasis::Delinquent,
            "industry convention (M0-M7 collection buckets); no regulatory source",
            RuleStatus::Unverified,
            vec![
                StageRange::bounded("M0", "0 days", 0, 0),
                StageRange::bounded("M1", "1-30 days", 1, 30),
                StageRange::bounded("M2", "31-60 days", 31, 60),
                StageRange::bounded("M3", "61-90 days", 61, 90),
                StageRange::bounded("M4", "91-120 days", 91, 120),
                StageRange::bounded("M5", "121-150 days", 121, 150),
                StageRange::bounded("M6", "151-180 days", 151, 180),
                StageRange::open_ended("M7", "181+ days", 181),
            ],
        )
    }

    /// Early-reminder cadence at 1, 3, 7 and 30 days overdue, on delinquent
    /// days: `industry.reminders` `[U]` (`RULES.md` §1.2, industry practice
    /// with no source).
    ///
    /// `current` 0, `D1` 1–2, `D3` 3–6, `D7` 7–29, `D30` 30+. Entering a stage
    /// is the day its reminder is due.
    #[must_use]
    pub fn reminders() -> Self {
        preset(
            "industry.reminders",
            "early-reminder cadence (D+1, D+3, D+7, D+30)",
            DpdBasis::Delinquent,
            "industry practice (reminders at 1, 3, 7 and 30 days overdue); no regulatory source",
            RuleStatus::Unverified,
            vec![
                StageRange::bounded("current", "not overdue", 0, 0),
                StageRange::bounded("D1", "1-2 days", 1, 2),
                StageRange::bounded("D3", "3-6 days", 3, 6),
                StageRange::bounded("D7", "7-29 days", 7, 29),
                StageRange::open_ended("D30", "30+ days", 30),
            ],
        )
    }

    /// Chinese credit-card five-class classification on raw days past due:
    /// `cn.card_rules_2011.art92` `[S]` (`RULES.md` §1.3).
    ///
    /// `normal` 正常 0, `special_mention` 关注 1–90, `substandard` 次级
    /// 91–120, `doubtful` 可疑 121–180, `loss` 损失 181+.
    ///
    /// `RULES.md` §1.3 asks, where this and
    /// [`cn_risk_2023`](Self::cn_risk_2023) both apply, to compute both and
    /// report the more severe class; both presets use the same codes in the
    /// same order, so compare [`index_of`](Self::index_of).
    #[must_use]
    pub fn cn_card_2011() -> Self {
        preset(
            "cn.card_rules_2011.art92",
            "credit-card five-class classification (2011)",
            DpdBasis::Raw,
            "《商业银行信用卡业务监督管理办法》(2011) 第九十二条",
            RuleStatus::Secondary,
            vec![
                StageRange::bounded("normal", "正常", 0, 0),
                StageRange::bounded("special_mention", "关注", 1, 90),
                StageRange::bounded("substandard", "次级", 91, 120),
                StageRange::bounded("doubtful", "可疑", 121, 180),
                StageRange::open_ended("loss", "损失", 181),
            ],
        )
    }

    /// Chinese minimum risk class of a financial asset by raw days past due:
    /// `cn.risk_class_2023.min_class` `[S]` (`RULES.md` §1.3; effective
    /// 2023-07-01).
    ///
    /// `normal` 正常 0, `special_mention` 关注 1–90, `substandard` 次级
    /// 91–270, `doubtful` 可疑 271–360, `loss` 损失 361+. These are minimum
    /// classes by days overdue only; the debtor-level contagion rules of the
    /// 2023 measures are not part of a day scheme.
    #[must_use]
    pub fn cn_risk_2023() -> Self {
        preset(
            "cn.risk_class_2023.min_class",
            "financial asset risk classification, minimum class by days overdue (2023)",
            DpdBasis::Raw,
            "《商业银行金融资产风险分类办法》(2023, effective 2023-07-01)",
            RuleStatus::Secondary,
            vec![
                StageRange::bounded("normal", "正常", 0, 0),
                StageRange::bounded("special_mention", "关注", 1, 90),
                StageRange::bounded("substandard", "次级", 91, 270),
                StageRange::bounded("doubtful", "可疑", 271, 360),
                StageRange::open_ended("loss", "损失", 361),
            ],
        )
    }

    /// US delinquency buckets 30/60/90/120/180 on raw days past due:
    /// `us.buckets.30_180` `[U]` (`RULES.md` §1.4, convention with no
    /// researched source).
    ///
    /// `current` 0–29, `dpd30` 30–59, `dpd60` 60–89, `dpd90` 90–119,
    /// `dpd120` 120–179, `dpd180` 180+.
    #[must_use]
    pub fn us_30_180() -> Self {
        preset(
            "us.buckets.30_180",
            "US delinquency buckets 30/60/90/120/180",
            DpdBasis::Raw,
            "US industry convention (30/60/90/120/180 days past due); no researched source",
            RuleStatus::Unverified,
            vec![
                StageRange::bounded("current", "0-29 days", 0, 29),
                StageRange::bounded("dpd30", "30-59 days", 30, 59),
                StageRange::bounded("dpd60", "60-89 days", 60, 89),
                StageRange::bounded("dpd90", "90-119 days", 90, 119),
                StageRange::bounded("dpd120", "120-179 days", 120, 179),
                StageRange::open_ended("dpd180", "180+ days", 180),
            ],
        )
    }

    /// Apache Fineract's default delinquency ranges (as used in its e2e
    /// tests) on delinquent days: `ref.fineract.ranges` `[V]` (`RULES.md`
    /// §1.1–1.2).
    ///
    /// 1–3, 4–30, 31–60, 61–90, 91–120, 121–150, 151–180, 181–240, 241+, with
    /// codes `dpd1_3`, `dpd4_30`, …, `dpd181_240`, `dpd241_plus`. The first
    /// range starts at day 1, so day 0 classifies as `None` (not delinquent).
    #[must_use]
    pub fn fineract_default() -> Self {
        preset(
            "ref.fineract.ranges",
            "Apache Fineract default delinquency ranges",
            DpdBasis::Delinquent,
            "Apache Fineract, fineract-loan delinquency module (delinquency range e2e defaults)",
            RuleStatus::Verified,
            vec![
                StageRange::bounded("dpd1_3", "1-3 days", 1, 3),
                StageRange::bounded("dpd4_30", "4-30 days", 4, 30),
                StageRange::bounded("dpd31_60", "31-60 days", 31, 60),
                StageRange::bounded("dpd61_90", "61-90 days", 61, 90),
                StageRange::bounded("dpd91_120", "91-120 days", 91, 120),
                StageRange::bounded("dpd121_150", "121-150 days", 121, 150),
                StageRange::bounded("dpd151_180", "151-180 days", 151, 180),
                StageRange::bounded("dpd181_240", "181-240 days", 181, 240),
                StageRange::open_ended("dpd241_plus", "241+ days", 241),
            ],
        )
    }
}

/// Builds a preset from ranges already sorted and valid (the tests check every
/// preset against [`StageScheme::new`]).
fn preset(
    id: &str,
    name: &str,
    basis: DpdBasis,
    citation: &str,
    status: RuleStatus,
    ranges: Vec<StageRange>,
) -> StageScheme {
    StageScheme {
        id: id.to_owned(),
        name: name.to_owned(),
        basis,
        citation: Some(citation.to_owned()),
        status,
        ranges,
    }
}

/// Which field of a range a problem is about; orders problems within a range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Field {
    Code,
    MinDays,
    MaxDays,
}

impl Field {
    fn name(self) -> &'static str {
        match self {
            Field::Code => "code",
            Field::MinDays => "min_days",
            Field::MaxDays => "max_days",
        }
    }
}

/// A problem about `ranges[index].field`, before it is put in document order.
struct Found {
    index: usize,
    field: Field,
    value: String,
    message: String,
}

/// Writes `day 7` or `days 7..=9`.
fn day_span(first: u32, last: u32) -> String {
    if first == last {
        format!("day {first}")
    } else {
        format!("days {first}..={last}")
    }
}

fn max_text(max: Option<u32>) -> String {
    max.map_or_else(|| "none".to_owned(), |m| m.to_string())
}

/// Checks everything [`StageScheme::new`] promises; see its `# Errors`.
fn validate(id: &str, ranges: &[StageRange]) -> Result<(), Error> {
    let mut v = Validator::default();
    if id.trim().is_empty() {
        v.push("id", id, "scheme id must not be empty");
    }
    if ranges.is_empty() {
        v.push("ranges", "[]", "at least one range is required");
        return v.finish();
    }

    let mut found: Vec<Found> = Vec::new();
    let mut push = |index: usize, field: Field, value: String, message: String| {
        found.push(Found {
            index,
            field,
            value,
            message,
        });
    };

    // Per-range checks, in document order.
    let mut first_use: HashMap<&str, usize> = HashMap::with_capacity(ranges.len());
    for (i, r) in ranges.iter().enumerate() {
        if r.code.trim().is_empty() {
            push(
                i,
                Field::Code,
                r.code.clone(),
                "range code must not be empty".to_owned(),
            );
        } else {
            match first_use.entry(r.code.as_str()) {
                Entry::Occupied(e) => push(
                    i,
                    Field::Code,
                    r.code.clone(),
                    format!(
                        "duplicate code `{}`, already used by `ranges[{}]`",
                        r.code,
                        e.get()
                    ),
                ),
                Entry::Vacant(e) => {
                    e.insert(i);
                }
            }
        }
        if let Some(max) = r.max_days {
            if max < r.min_days {
                push(
                    i,
                    Field::MaxDays,
                    max.to_string(),
                    format!("max_days must not be less than min_days `{}`", r.min_days),
                );
            }
        }
    }

    // Sweep the well-formed ranges in order of `min_days`, tracking how far
    // the ranges seen so far reach and which range reaches furthest.
    let mut sorted: Vec<(usize, &StageRange)> = ranges
        .iter()
        .enumerate()
        .filter(|(_, r)| r.max_days.map_or(true, |max| max >= r.min_days))
        .collect();
    sorted.sort_by_key(|&(i, r)| (r.min_days, i));
    let mut iter = sorted.into_iter();
    if let Some(first) = iter.next() {
        // `None` = an open-ended range has been seen.
        let mut reach: Option<u32> = first.1.max_days;
        let mut owner = first;
        let mut reported_not_last = false;
        for (i, r) in iter {
            match reach {
                None => {
                    if r.max_days.is_none() {
                        push(
                            i,
                            Field::MaxDays,
                            max_text(None),
                            format!(
                                "more than one open-ended range: `{}` and `{}` both have no max_days",
                                owner.1.code, r.code
                            ),
                        );
                    } else if !reported_not_last {
                        reported_not_last = true;
                        push(
                            owner.0,
                            Field::MaxDays,
                            max_text(None),
                            format!(
                                "open-ended range `{}` must be the last, but `{}` starts at day {}",
                                owner.1.code, r.code, r.min_days
                            ),
                        );
                    }
                }
                Some(end) => {
                    if r.min_days <= end {
                        let last = r.max_days.map_or(end, |max| max.min(end));
                        push(
                            i,
                            Field::MinDays,
                            r.min_days.to_string(),
                            format!(
                                "range `{}` overlaps `{}` on {}",
                                r.code,
                                owner.1.code,
                                day_span(r.min_days, last)
                            ),
                        );
                    } else if r.min_days - end > 1 {
                        // end < r.min_days - 1, so neither bound overflows.
                        let span = day_span(end + 1, r.min_days - 1);
                        let verb = if end + 1 == r.min_days - 1 {
                            "is"
                        } else {
                            "are"
                        };
                        push(
                            i,
                            Field::MinDays,
                            r.min_days.to_string(),
                            format!(
                                "{span} {verb} not covered between `{}` and `{}`",
                                owner.1.code, r.code
                            ),
                        );
                    }
                    match r.max_days {
                        None => {
                            reach = None;
                            owner = (i, r);
                        }
                        Some(max) if max > end => {
                            reach = Some(max);
                            owner = (i, r);
                        }
                        Some(_) => {}
                    }
                }
            }
        }
    }

    found.sort_by_key(|f| (f.index, f.field));
    for f in found {
        v.push(
            format!("ranges[{}].{}", f.index, f.field.name()),
            f.value,
            f.message,
        );
    }
    v.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Problem;
    use proptest::prelude::*;

    fn code(scheme: &StageScheme, days: u32) -> Option<&str> {
        scheme.classify(days).map(|r| r.code.as_str())
    }

    fn presets() -> Vec<StageScheme> {
        vec![
            StageScheme::m0_m7(),
            StageScheme::reminders(),
            StageScheme::cn_card_2011(),
            StageScheme::cn_risk_2023(),
            StageScheme::us_30_180(),
            StageScheme::fineract_default(),
        ]
    }

    /// One expected problem: (path, value, message).
    type Row = (String, String, String);

    fn problems(err: Error) -> Vec<Row> {
        match err {
            Error::InvalidPolicy { problems } => problems
                .into_iter()
                .map(|p: Problem| (p.path, p.value, p.message))
                .collect(),
            other => panic!("expected InvalidPolicy, got {other:?}"),
        }
    }

    fn p(path: &str, value: &str, message: &str) -> Row {
        (path.to_owned(), value.to_owned(), message.to_owned())
    }

    fn b(code: &str, min: u32, max: u32) -> StageRange {
        StageRange::bounded(code, code, min, max)
    }

    fn o(code: &str, min: u32) -> StageRange {
        StageRange::open_ended(code, code, min)
    }

    /// Every boundary of every preset (RULES.md §1.2–1.4), plus the common
    /// probe days 0, 1, 30, 31, …, 361 and `u32::MAX` for each.
    #[test]
    fn preset_boundaries() {
        let m = StageScheme::m0_m7();
        let r = StageScheme::reminders();
        let card = StageScheme::cn_card_2011();
        let risk = StageScheme::cn_risk_2023();
        let us = StageScheme::us_30_180();
        let f = StageScheme::fineract_default();
        let max = u32::MAX;
        #[rustfmt::skip]
        let table: &[(&str, &StageScheme, u32, Option<&str>)] = &[
            // Source: RULES.md §1.2 industry.buckets.m0_m7 [U]
            ("m0_m7", &m, 0, Some("M0")),
            ("m0_m7", &m, 1, Some("M1")),
            ("m0_m7", &m, 30, Some("M1")),
            ("m0_m7", &m, 31, Some("M2")),
            ("m0_m7", &m, 60, Some("M2")),
            ("m0_m7", &m, 61, Some("M3")),
            ("m0_m7", &m, 90, Some("M3")),
            ("m0_m7", &m, 91, Some("M4")),
            ("m0_m7", &m, 120, Some("M4")),
            ("m0_m7", &m, 121, Some("M5")),
            ("m0_m7", &m, 150, Some("M5")),
            ("m0_m7", &m, 151, Some("M6")),
            ("m0_m7", &m, 180, Some("M6")),
            ("m0_m7", &m, 181, Some("M7")),
            ("m0_m7", &m, 270, Some("M7")),
            ("m0_m7", &m, 271, Some("M7")),
            ("m0_m7", &m, 360, Some("M7")),
            ("m0_m7", &m, 361, Some("M7")),
            ("m0_m7", &m, max, Some("M7")),
            // Source: RULES.md §1.2 industry.reminders [U]
            ("reminders", &r, 0, Some("current")),
            ("reminders", &r, 1, Some("D1")),
            ("reminders", &r, 2, Some("D1")),
            ("reminders", &r, 3, Some("D3")),
            ("reminders", &r, 6, Some("D3")),
            ("reminders", &r, 7, Some("D7")),
            ("reminders", &r, 29, Some("D7")),
            ("reminders", &r, 30, Some("D30")),
            ("reminders", &r, 31, Some("D30")),
            ("reminders", &r, 60, Some("D30")),
            ("reminders", &r, 61, Some("D30")),
            ("reminders", &r, 90, Some("D30")),
            ("reminders", &r, 91, Some("D30")),
            ("reminders", &r, 120, Some("D30")),
            ("reminders", &r, 121, Some("D30")),
            ("reminders", &r, 150, Some("D30")),
            ("reminders", &r, 151, Some("D30")),
            ("reminders", &r, 180, Some("D30")),
            ("reminders", &r, 181, Some("D30")),
            ("reminders", &r, 270, Some("D30")),
            ("reminders", &r, 271, Some("D30")),
            ("reminders", &r, 360, Some("D30")),
            ("reminders", &r, 361, Some("D30")),
            ("reminders", &r, max, Some("D30")),
            // Source: RULES.md §1.3 cn.card_rules_2011.art92 [S]
            ("card", &card, 0, Some("normal")),
            ("card", &card, 1, Some("special_mention")),
            ("card", &card, 30, Some("special_mention")),
            ("card", &card, 31, Some("special_mention")),
            ("card", &card, 60, Some("special_mention")),
            ("card", &card, 61, Some("special_mention")),
            ("card", &card, 90, Some("special_mention")),
            ("card", &card, 91, Some("substandard")),
            ("card", &card, 120, Some("substandard")),
            ("card", &card, 121, Some("doubtful")),
            ("card", &card, 150, Some("doubtful")),
            ("card", &card, 151, Some("doubtful")),
            ("card", &card, 180, Some("doubtful")),
            ("card", &card, 181, Some("loss")),
            ("card", &card, 270, Some("loss")),
            ("card", &card, 271, Some("loss")),
            ("card", &card, 360, Some("loss")),
            ("card", &card, 361, Some("loss")),
            ("card", &card, max, Some("loss")),
            // Source: RULES.md §1.3 cn.risk_class_2023.min_class [S]
            ("risk", &risk, 0, Some("normal")),
            ("risk", &risk, 1, Some("special_mention")),
            ("risk", &risk, 30, Some("special_mention")),
            ("risk", &risk, 31, Some("special_mention")),
            ("risk", &risk, 60, Some("special_mention")),
            ("risk", &risk, 61, Some("special_mention")),
            ("risk", &risk, 90, Some("special_mention")),
            ("risk", &risk, 91, Some("substandard")),
            ("risk", &risk, 120, Some("substandard")),
            ("risk", &risk, 121, Some("substandard")),
            ("risk", &risk, 150, Some("substandard")),
            ("risk", &risk, 151, Some("substandard")),
            ("risk", &risk, 180, Some("substandard")),
            ("risk", &risk, 181, Some("substandard")),
            ("risk", &risk, 270, Some("substandard")),
            ("risk", &risk, 271, Some("doubtful")),
            ("risk", &risk, 360, Some("doubtful")),
            ("risk", &risk, 361, Some("loss")),
            ("risk", &risk, max, Some("loss")),
            // Source: RULES.md §1.4 us.buckets.30_180 [U]
            ("us", &us, 0, Some("current")),
            ("us", &us, 1, Some("current")),
            ("us", &us, 29, Some("current")),
            ("us", &us, 30, Some("dpd30")),
            ("us", &us, 31, Some("dpd30")),
            ("us", &us, 59, Some("dpd30")),
            ("us", &us, 60, Some("dpd60")),
            ("us", &us, 61, Some("dpd60")),
            ("us", &us, 89, Some("dpd60")),
            ("us", &us, 90, Some("dpd90")),
            ("us", &us, 91, Some("dpd90")),
            ("us", &us, 119, Some("dpd90")),
            ("us", &us, 120, Some("dpd120")),
            ("us", &us, 121, Some("dpd120")),
            ("us", &us, 150, Some("dpd120")),
            ("us", &us, 151, Some("dpd120")),
            ("us", &us, 179, Some("dpd120")),
            ("us", &us, 180, Some("dpd180")),
            ("us", &us, 181, Some("dpd180")),
            ("us", &us, 270, Some("dpd180")),
            ("us", &us, 271, Some("dpd180")),
            ("us", &us, 360, Some("dpd180")),
            ("us", &us, 361, Some("dpd180")),
            ("us", &us, max, Some("dpd180")),
            // Source: RULES.md §1.2 (Fineract e2e defaults), ref.fineract.ranges [V]
            ("fineract", &f, 0, None),
            ("fineract", &f, 1, Some("dpd1_3")),
            ("fineract", &f, 3, Some("dpd1_3")),
            ("fineract", &f, 4, Some("dpd4_30")),
            ("fineract", &f, 30, Some("dpd4_30")),
            ("fineract", &f, 31, Some("dpd31_60")),
            ("fineract", &f, 60, Some("dpd31_60")),
            ("fineract", &f, 61, Some("dpd61_90")),
            ("fineract", &f, 90, Some("dpd61_90")),
            ("fineract", &f, 91, Some("dpd91_120")),
            ("fineract", &f, 120, Some("dpd91_120")),
            ("fineract", &f, 121, Some("dpd121_150")),
            ("fineract", &f, 150, Some("dpd121_150")),
            ("fineract", &f, 151, Some("dpd151_180")),
            ("fineract", &f, 180, Some("dpd151_180")),
            ("fineract", &f, 181, Some("dpd181_240")),
            ("fineract", &f, 240, Some("dpd181_240")),
            ("fineract", &f, 241, Some("dpd241_plus")),
            ("fineract", &f, 270, Some("dpd241_plus")),
            ("fineract", &f, 271, Some("dpd241_plus")),
            ("fineract", &f, 360, Some("dpd241_plus")),
            ("fineract", &f, 361, Some("dpd241_plus")),
            ("fineract", &f, max, Some("dpd241_plus")),
        ];
        for &(name, scheme, days, expected) in table {
            assert_eq!(code(scheme, days), expected, "{name} at day {days}");
            let via_index = scheme
                .index_of(days)
                .map(|i| scheme.ranges()[i].code.as_str());
            assert_eq!(via_index, expected, "{name} index_of at day {days}");
        }
    }

    /// RULES.md §1.2: `bucket = 0 if dpd == 0 else min(7, ceil(dpd / 30))`.
    #[test]
    fn m0_m7_matches_formula() {
        let m = StageScheme::m0_m7();
        for dpd in 0..=400u32 {
            let bucket = if dpd == 0 { 0 } else { dpd.div_ceil(30).min(7) };
            assert_eq!(m.index_of(dpd), Some(bucket as usize), "dpd {dpd}");
            assert_eq!(code(&m, dpd), Some(format!("M{bucket}").as_str()));
        }
    }

    /// RULES.md §1.3 example: DPD 50 is 关注 in both CN schemes.
    #[test]
    fn cn_example_dpd_50() {
        let card = StageScheme::cn_card_2011();
        let risk = StageScheme::cn_risk_2023();
        assert_eq!(card.classify(50).map(|r| r.label.as_str()), Some("关注"));
        assert_eq!(risk.classify(50).map(|r| r.label.as_str()), Some("关注"));
        // The two presets share codes in the same order (severity by index).
        let codes = |s: &StageScheme| -> Vec<String> {
            s.ranges().iter().map(|r| r.code.clone()).collect()
        };
        assert_eq!(codes(&card), codes(&risk));
    }

    #[test]
    fn preset_metadata() {
        #[rustfmt::skip]
        let table: &[(StageScheme, &str, DpdBasis, RuleStatus, usize)] = &[
            (StageScheme::m0_m7(), "industry.buckets.m0_m7", DpdBasis::Delinquent, RuleStatus::Unverified, 8),
            (StageScheme::reminders(), "industry.reminders", DpdBasis::Delinquent, RuleStatus::Unverified, 5),
            (StageScheme::cn_card_2011(), "cn.card_rules_2011.art92", DpdBasis::Raw, RuleStatus::Secondary, 5),
            (StageScheme::cn_risk_2023(), "cn.risk_class_2023.min_class", DpdBasis::Raw, RuleStatus::Secondary, 5),
            (StageScheme::us_30_180(), "us.buckets.30_180", DpdBasis::Raw, RuleStatus::Unverified, 6),
            (StageScheme::fineract_default(), "ref.fineract.ranges", DpdBasis::Delinquent, RuleStatus::Verified, 9),
        ];
        for (scheme, id, basis, status, len) in table {
            assert_eq!(scheme.id(), *id);
            assert_eq!(scheme.basis(), *basis, "{id}");
            assert_eq!(scheme.status(), *status, "{id}");
            assert_eq!(scheme.ranges().len(), *len, "{id}");
            assert!(!scheme.name().is_empty(), "{id}");
            assert!(scheme.citation().is_some_and(|c| !c.is_empty()), "{id}");
        }
        assert_eq!(
            StageScheme::cn_card_2011()
                .ranges()
                .iter()
                .map(|r| r.label.as_str())
                .collect::<Vec<_>>(),
            ["正常", "关注", "次级", "可疑", "损失"]
        );
    }

    /// Presets bypass validation; make sure they would pass it.
    #[test]
    fn presets_are_valid() {
        for scheme in presets() {
            let mut reversed = scheme.ranges().to_vec();
            reversed.reverse();
            let rebuilt = StageScheme::new(scheme.id(), scheme.name(), scheme.basis(), reversed)
                .unwrap_or_else(|e| panic!("{}: {e}", scheme.id()));
            let rebuilt = rebuilt
                .with_citation(scheme.citation().unwrap_or_default())
                .with_status(scheme.status());
            assert_eq!(rebuilt, scheme);
        }
    }

    #[test]
    fn new_sorts_and_defaults() {
        let s = StageScheme::new(
            "x",
            "X",
            DpdBasis::Raw,
            vec![o("c", 20), b("a", 5, 9), b("b", 10, 19)],
        )
        .unwrap();
        let codes: Vec<&str> = s.ranges().iter().map(|r| r.code.as_str()).collect();
        assert_eq!(codes, ["a", "b", "c"]);
        assert_eq!(s.status(), RuleStatus::Unverified);
        assert_eq!(s.citation(), None);
        assert_eq!(code(&s, 4), None);
        assert_eq!(code(&s, 5), Some("a"));
        assert_eq!(code(&s, 19), Some("b"));
        assert_eq!(code(&s, 20), Some("c"));
    }

    #[test]
    fn bounded_last_range_leaves_days_above_unclassified() {
        let s =
            StageScheme::new("x", "X", DpdBasis::Raw, vec![b("a", 0, 9), b("b", 10, 19)]).unwrap();
        assert_eq!(s.index_of(19), Some(1));
        assert_eq!(s.index_of(20), None);
        assert_eq!(s.index_of(u32::MAX), None);
        let full = StageScheme::new("x", "X", DpdBasis::Raw, vec![b("all", 0, u32::MAX)]).unwrap();
        assert_eq!(code(&full, u32::MAX), Some("all"));
    }

    #[test]
    fn all_problems_reported_together() {
        let err = StageScheme::new(
            "",
            "bad",
            DpdBasis::Delinquent,
            vec![
                b("M0", 0, 0),
                b("M1", 1, 30),
                b("M2", 25, 60),
                b("M3", 65, 90),
                b("M2", 91, 120),
                b("M5", 150, 140),
                b("", 121, 180),
                o("M7", 181),
                o("M8", 200),
            ],
        )
        .unwrap_err();
        assert_eq!(
            problems(err.clone()),
            [
                p("id", "", "scheme id must not be empty"),
                p(
                    "ranges[2].min_days",
                    "25",
                    "range `M2` overlaps `M1` on days 25..=30"
                ),
                p(
                    "ranges[3].min_days",
                    "65",
                    "days 61..=64 are not covered between `M2` and `M3`"
                ),
                p(
                    "ranges[4].code",
                    "M2",
                    "duplicate code `M2`, already used by `ranges[2]`"
                ),
                p(
                    "ranges[5].max_days",
                    "140",
                    "max_days must not be less than min_days `150`"
                ),
                p("ranges[6].code", "", "range code must not be empty"),
                p(
                    "ranges[8].max_days",
                    "none",
                    "more than one open-ended range: `M7` and `M8` both have no max_days"
                ),
            ]
        );
        assert_eq!(
            err.to_string(),
            "invalid policy: `id` = ``: scheme id must not be empty; \
             `ranges[2].min_days` = `25`: range `M2` overlaps `M1` on days 25..=30; \
             `ranges[3].min_days` = `65`: days 61..=64 are not covered between `M2` and `M3`; \
             `ranges[4].code` = `M2`: duplicate code `M2`, already used by `ranges[2]`; \
             `ranges[5].max_days` = `140`: max_days must not be less than min_days `150`; \
             `ranges[6].code` = ``: range code must not be empty; \
             `ranges[8].max_days` = `none`: more than one open-ended range: `M7` and `M8` both have no max_days"
        );
    }

    #[test]
    fn validation_cases() {
        #[rustfmt::skip]
        let table: Vec<(&str, Vec<StageRange>, Vec<Row>)> = vec![
            ("no ranges", vec![], vec![
                p("ranges", "[]", "at least one range is required"),
            ]),
            ("open-ended not last, document order reversed", vec![b("b", 200, 300), o("a", 100)], vec![
                p("ranges[1].max_days", "none", "open-ended range `a` must be the last, but `b` starts at day 200"),
            ]),
            ("open-ended not last is reported once", vec![o("a", 10), b("b", 20, 30), b("c", 31, 40)], vec![
                p("ranges[0].max_days", "none", "open-ended range `a` must be the last, but `b` starts at day 20"),
            ]),
            ("open-ended overlapping a bounded range before it", vec![b("a", 0, 10), o("b", 5)], vec![
                p("ranges[1].min_days", "5", "range `b` overlaps `a` on days 5..=10"),
            ]),
            ("single-day gap and overlap", vec![b("a", 0, 10), b("b", 12, 20), b("c", 20, 30)], vec![
                p("ranges[1].min_days", "12", "day 11 is not covered between `a` and `b`"),
                p("ranges[2].min_days", "20", "range `c` overlaps `b` on day 20"),
            ]),
            ("nested range overlaps the range reaching furthest", vec![b("a", 0, 100), b("b", 10, 20), b("c", 30, 40)], vec![
                p("ranges[1].min_days", "10", "range `b` overlaps `a` on days 10..=20"),
                p("ranges[2].min_days", "30", "range `c` overlaps `a` on days 30..=40"),
            ]),
            ("same min", vec![b("a", 5, 9), b("b", 5, 9)], vec![
                p("ranges[1].min_days", "5", "range `b` overlaps `a` on days 5..=9"),
            ]),
            ("max at u32::MAX then another range", vec![b("a", 0, u32::MAX), o("b", u32::MAX)], vec![
                p("ranges[1].min_days", "4294967295", "range `b` overlaps `a` on day 4294967295"),
            ]),
            ("whitespace id and code", vec![b(" ", 0, 1)], vec![
                p("ranges[0].code", " ", "range code must not be empty"),
            ]),
            ("max < min is left out of the sweep", vec![b("a", 0, 9), b("b", 10, 5), b("c", 10, 20)], vec![
                p("ranges[1].max_days", "5", "max_days must not be less than min_days `10`"),
            ]),
        ];
        for (name, ranges, expected) in table {
            let id = if name == "whitespace id and code" {
                "  "
            } else {
                "x"
            };
            let err = StageScheme::new(id, "X", DpdBasis::Raw, ranges).unwrap_err();
            let mut expected = expected;
            if id.trim().is_empty() {
                expected.insert(0, p("id", id, "scheme id must not be empty"));
            }
            assert_eq!(problems(err), expected, "{name}");
        }
    }

    #[test]
    fn serde_round_trip_presets() {
        for scheme in presets() {
            let json = serde_json::to_string(&scheme).unwrap();
            let back: StageScheme = serde_json::from_str(&json).unwrap();
            assert_eq!(back, scheme, "{}", scheme.id());
        }
    }

    #[test]
    fn serde_shape() {
        let json = serde_json::to_value(StageScheme::reminders()).unwrap();
        assert_eq!(json["id"], "industry.reminders");
        assert_eq!(json["basis"], "delinquent");
        assert_eq!(json["status"], "unverified");
        assert_eq!(
            json["ranges"][4],
            serde_json::json!({"code": "D30", "label": "30+ days", "min_days": 30})
        );
        assert_eq!(
            json["ranges"][1],
            serde_json::json!({"code": "D1", "label": "1-2 days", "min_days": 1, "max_days": 2})
        );
    }

    #[test]
    fn serde_defaults_aliases_and_order() {
        let s: StageScheme = serde_json::from_str(
            r#"{"id": "x", "name": "X", "basis": "raw", "ranges": [
                {"code": "late", "label": "31+", "min_days": 31, "max_days": null},
                {"code": "early", "label": "1-30", "min_days": 1, "max_days": 30}
            ]}"#,
        )
        .unwrap();
        assert_eq!(s.status(), RuleStatus::Unverified);
        assert_eq!(s.citation(), None);
        assert_eq!(code(&s, 31), Some("late"));
        assert_eq!(s.ranges()[0].code, "early");

        for (text, status) in [
            ("\"V\"", RuleStatus::Verified),
            ("\"S\"", RuleStatus::Secondary),
            ("\"U\"", RuleStatus::Unverified),
            ("\"verified\"", RuleStatus::Verified),
            ("\"secondary\"", RuleStatus::Secondary),
            ("\"unverified\"", RuleStatus::Unverified),
        ] {
            assert_eq!(
                serde_json::from_str::<RuleStatus>(text).unwrap(),
                status,
                "{text}"
            );
        }
    }

    #[test]
    fn deserializing_invalid_scheme_fails_validation() {
        let err = serde_json::from_str::<StageScheme>(
            r#"{"id": "x", "name": "X", "basis": "delinquent", "status": "U", "ranges": [
                {"code": "M1", "label": "1-30", "min_days": 1, "max_days": 30},
                {"code": "M2", "label": "35-60", "min_days": 35, "max_days": 60},
                {"code": "M1", "label": "50+", "min_days": 50}
            ]}"#,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid policy: \
             `ranges[1].min_days` = `35`: days 31..=34 are not covered between `M1` and `M2`; \
             `ranges[2].code` = `M1`: duplicate code `M1`, already used by `ranges[0]`; \
             `ranges[2].min_days` = `50`: range `M1` overlaps `M2` on days 50..=60"
        );
    }

    #[test]
    fn deserializing_rejects_unknown_fields() {
        let scheme_err = serde_json::from_str::<StageScheme>(
            r#"{"id": "x", "name": "X", "basis": "raw", "extra": 1, "ranges": []}"#,
        )
        .unwrap_err();
        assert!(scheme_err.to_string().contains("unknown field `extra`"));
        let range_err = serde_json::from_str::<StageRange>(
            r#"{"code": "a", "label": "a", "min_days": 0, "max": 3}"#,
        )
        .unwrap_err();
        assert!(range_err.to_string().contains("unknown field `max`"));
        let basis_err = serde_json::from_str::<DpdBasis>(r#""cycles""#).unwrap_err();
        assert!(basis_err.to_string().contains("unknown variant `cycles`"));
    }

    #[test]
    fn rule_status_display() {
        assert_eq!(RuleStatus::Verified.to_string(), "[V]");
        assert_eq!(RuleStatus::Secondary.to_string(), "[S]");
        assert_eq!(RuleStatus::Unverified.to_string(), "[U]");
        assert_eq!(
            serde_json::to_string(&RuleStatus::Secondary).unwrap(),
            "\"secondary\""
        );
    }

    #[test]
    fn public_types_are_send_sync() {
        fn check<T: Send + Sync + 'static>() {}
        check::<StageScheme>();
        check::<StageRange>();
        check::<DpdBasis>();
        check::<RuleStatus>();
    }

    fn arb_range() -> impl Strategy<Value = StageRange> {
        (
            prop::sample::select(vec!["a", "b", "c", "d", "", " "]),
            prop_oneof![0..60u32, Just(u32::MAX), Just(u32::MAX - 1)],
            prop::option::of(prop_oneof![0..60u32, Just(u32::MAX)]),
        )
            .prop_map(|(code, min, max)| StageRange {
                code: code.to_owned(),
                label: String::new(),
                min_days: min,
                max_days: max,
            })
    }

    /// Contiguous ranges from a start and widths, optionally open-ended at
    /// the end, then shuffled.
    fn arb_valid_ranges() -> impl Strategy<Value = Vec<StageRange>> {
        (
            0..50u32,
            prop::collection::vec(1..20u32, 1..8),
            any::<bool>(),
        )
            .prop_flat_map(|(start, widths, open)| {
                let mut ranges = Vec::new();
                let mut min = start;
                let count = widths.len();
                for (i, w) in widths.into_iter().enumerate() {
                    let code = format!("s{i}");
                    if open && i + 1 == count {
                        ranges.push(StageRange::open_ended(code.clone(), code, min));
                    } else {
                        ranges.push(StageRange::bounded(code.clone(), code, min, min + w - 1));
                    }
                    min += w;
                }
                Just(ranges).prop_shuffle()
            })
    }

    fn check_classify(scheme: &StageScheme, days: u32) -> Result<(), TestCaseError> {
        let containing: Vec<&StageRange> = scheme
            .ranges()
            .iter()
            .filter(|r| r.contains(days))
            .collect();
        prop_assert!(containing.len() <= 1, "day {} in several ranges", days);
        prop_assert_eq!(scheme.classify(days), containing.first().copied());
        let first_min = scheme.ranges()[0].min_days;
        if days < first_min {
            prop_assert_eq!(scheme.classify(days), None);
        }
        let last = &scheme.ranges()[scheme.ranges().len() - 1];
        if days >= first_min && last.max_days.is_none() {
            prop_assert!(scheme.classify(days).is_some(), "day {} unclassified", days);
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn new_never_panics(ranges in prop::collection::vec(arb_range(), 0..8), days in any::<u32>()) {
            match StageScheme::new("p", "P", DpdBasis::Raw, ranges) {
                Ok(scheme) => {
                    check_classify(&scheme, days)?;
                    for d in [0, 1, 30, 59, 60, 61, u32::MAX - 1, u32::MAX] {
                        check_classify(&scheme, d)?;
                    }
                }
                Err(Error::InvalidPolicy { problems }) => prop_assert!(!problems.is_empty()),
                Err(other) => prop_assert!(false, "unexpected error {:?}", other),
            }
        }

        #[test]
        fn valid_schemes_classify_uniquely(ranges in arb_valid_ranges(), days in 0..250u32) {
            let scheme = StageScheme::new("p", "P", DpdBasis::Delinquent, ranges);
            prop_assert!(scheme.is_ok(), "{:?}", scheme);
            let scheme = scheme.unwrap();
            prop_assert!(scheme.ranges().windows(2).all(|w| w[0].min_days < w[1].min_days));
            check_classify(&scheme, days)?;
            check_classify(&scheme, u32::MAX)?;
            for r in scheme.ranges() {
                check_classify(&scheme, r.min_days)?;
                check_classify(&scheme, r.min_days.saturating_sub(1))?;
                if let Some(max) = r.max_days {
                    check_classify(&scheme, max)?;
                    check_classify(&scheme, max.saturating_add(1))?;
                }
            }
            // Round trip through serde keeps the scheme.
            let json = serde_json::to_string(&scheme).unwrap();
            let back: StageScheme = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(back, scheme);
        }
    }
}
