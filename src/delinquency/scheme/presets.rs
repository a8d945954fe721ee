//! The built-in stage schemes of `RULES.md` §1, each with its rule id,
//! citation and status tag.

use super::{DpdBasis, RuleStatus, StageRange, StageScheme};

impl StageScheme {
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
    /// is the day its reminder is due. The reminders before a due date
    /// (D−3, D−1) are in [`ReminderSchedule`](super::super::ReminderSchedule).
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
