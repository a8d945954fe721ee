//! Rule references: the stable id, citation and status tag that every
//! accrual, decision and finding carries (DESIGN.md principle 4).

use std::fmt;
use std::sync::Arc;

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
        // Formatted only for a report: a valid policy allocates nothing.
        if self.id.trim().is_empty() {
            self.check_field(&format!("{path}.rule"), v);
        }
    }

    /// Checks the reference held by the field at `path` itself (its id is
    /// `{path}.id`).
    pub(crate) fn check_field(&self, path: &str, v: &mut Validator) {
        if self.id.trim().is_empty() {
            v.push(format!("{path}.id"), "", "a rule needs a non-empty id");
        }
    }
}

/// The id of the rule that produced a result, as carried by high-volume
/// results such as [`Accrual`](crate::accrual::Accrual) records.
///
/// Cloning shares one allocation, so an engine that emits thousands of
/// records under the same rule allocates its id once. It dereferences to
/// `str`, compares with strings and serialises as a plain string.
///
/// ```
/// use arrears::rule::RuleId;
///
/// let id = RuleId::new("cn.pboc_2003_251.overdue_markup");
/// assert_eq!(id, "cn.pboc_2003_251.overdue_markup");
/// assert!(id.starts_with("cn."));
/// assert_eq!(serde_json::to_string(&id).unwrap(), "\"cn.pboc_2003_251.overdue_markup\"");
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RuleId(Arc<str>);

impl RuleId {
    /// A rule id.
    pub fn new(id: &str) -> RuleId {
        RuleId(Arc::from(id))
    }

    /// The id as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `self` is the very same shared string as `other` (a pointer
    /// comparison: ids cloned from one another are).
    pub(crate) fn shares(&self, other: &RuleId) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for RuleId {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for RuleId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for RuleId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for RuleId {
    fn from(id: &str) -> RuleId {
        RuleId::new(id)
    }
}

impl From<String> for RuleId {
    fn from(id: String) -> RuleId {
        RuleId(Arc::from(id))
    }
}

impl PartialEq<str> for RuleId {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for RuleId {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for RuleId {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl Serialize for RuleId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for RuleId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<RuleId, D::Error> {
        String::deserialize(d).map(RuleId::from)
    }
}
