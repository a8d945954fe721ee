//! The re-aging limit: how often a re-age may reset an account's stage.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::MonitorPolicy;
use crate::delinquency::RuleStatus;

/// Why a re-age was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReAgeRefusal {
    /// Rule id.
    pub rule: String,
    /// Its status tag (the policy's: industry practice, `[U]` in the
    /// presets; `unverified` when read from a refusal written without it).
    #[serde(default = "unverified")]
    pub status: RuleStatus,
    /// The limit.
    pub limit: u32,
    /// The actual figure.
    pub actual: u32,
    /// Message naming the figures.
    pub message: String,
}

/// Whether a re-age may reset the account's stage on `as_of`: at most
/// `reage_max_per_12_months` re-ages in the 12 months before, and at least
/// `reage_min_consecutive_payments` consecutive qualifying payments first.
/// Returns every refusal, empty when allowed.
pub fn reage_refusals(
    previous_reages: &[NaiveDate],
    consecutive_payments: u32,
    as_of: NaiveDate,
    policy: &MonitorPolicy,
) -> Vec<ReAgeRefusal> {
    let mut out = Vec::new();
    // Twelve calendar months back (2024-03-01 → 2023-03-01, exclusive), not
    // 365 days, which across a 29 February drops a re-age 12 months old
    // less a day.
    let window_start = as_of
        .checked_sub_months(chrono::Months::new(12))
        .unwrap_or(NaiveDate::MIN);
    let recent = u32::try_from(
        previous_reages
            .iter()
            .filter(|d| **d > window_start && **d <= as_of)
            .count(),
    )
    .unwrap_or(u32::MAX);
    if recent >= policy.reage_max_per_12_months {
        out.push(ReAgeRefusal {
            rule: "plan.reage.frequency".to_owned(),
            status: policy.status,
            limit: policy.reage_max_per_12_months,
            actual: recent,
            message: format!(
                "{recent} re-age(s) in the 12 months to {as_of}; at most {} allowed",
                policy.reage_max_per_12_months
            ),
        });
    }
    if consecutive_payments < policy.reage_min_consecutive_payments {
        out.push(ReAgeRefusal {
            rule: "plan.reage.payments".to_owned(),
            status: policy.status,
            limit: policy.reage_min_consecutive_payments,
            actual: consecutive_payments,
            message: format!(
                "{consecutive_payments} consecutive payment(s); {} needed before a re-age",
                policy.reage_min_consecutive_payments
            ),
        });
    }
    out
}

/// The status a refusal read without one has.
fn unverified() -> RuleStatus {
    RuleStatus::Unverified
}
