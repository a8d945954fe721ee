//! Rule references: the stable id, citation and status tag that every
//! accrual, decision and finding carries (DESIGN.md principle 4).

use serde::{Deserialize, Serialize};

pub use crate::delinquency::RuleStatus;
use crate::error::Validator;

/// Where a rule comes from: a stable id, a citation and a status tag.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleRef {
    /// Stable id, e.g. `cn.pboc_2003_251.overdue_markup`.
    pub id: String,
    /// The instrument and section, or why a default was chosen.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub citation: String,
    /// \[V\] / \[S\] / \[U\].
    pub status: RuleStatus,
}

impl RuleRef {
    /// A rule reference.
    pub fn new(id: &str, citation: &str, status: RuleStatus) -> RuleRef {
        RuleRef {
            id: id.to_owned(),
            citation: citation.to_owned(),
            status,
        }
    }

    /// Reports an empty id at `{path}.rule.id`.
    pub(crate) fn check(&self, path: &str, v: &mut Validator) {
        if self.id.trim().is_empty() {
            v.push(format!("{path}.rule.id"), "", "a rule needs a non-empty id");
        }
    }
}
