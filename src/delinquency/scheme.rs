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
mod tests;
