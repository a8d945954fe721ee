//! Rule references: the stable id, citation and status tag that every
//! accrual, decision and finding carries, so that every result names the
//! rule behind it.

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
/// An id of up to [`RuleId::INLINE`] bytes (every id the presets use) is
/// held inline, so cloning or dropping it is a plain copy: no allocation
/// and no reference count, which matters to an engine that emits hundreds
/// of records a call. A longer id shares one allocation between its clones.
/// Either way it dereferences to `str`, compares with strings and
/// serialises as a plain string.
///
/// ```
/// use arrears::rule::RuleId;
///
/// let id = RuleId::new("cn.pboc_2003_251.overdue_markup");
/// assert_eq!(id, "cn.pboc_2003_251.overdue_markup");
/// assert!(id.starts_with("cn."));
/// assert_eq!(serde_json::to_string(&id).unwrap(), "\"cn.pboc_2003_251.overdue_markup\"");
///
/// let long = RuleId::new(&"x".repeat(100));
/// assert_eq!(long.len(), 100);
/// assert_eq!(long.clone(), long);
/// ```
#[derive(Clone)]
pub struct RuleId(Repr);

/// An id's storage: its bytes inline, or one shared allocation.
#[derive(Clone)]
enum Repr {
    Inline {
        len: u8,
        bytes: [u8; RuleId::INLINE],
    },
    Shared(Arc<str>),
}

impl RuleId {
    /// The longest id held inline, in bytes (longer ids share an
    /// allocation between clones).
    pub const INLINE: usize = 38;

    /// A rule id.
    pub fn new(id: &str) -> RuleId {
        match u8::try_from(id.len()) {
            Ok(len) if id.len() <= RuleId::INLINE => {
                let mut bytes = [0; RuleId::INLINE];
                bytes[..id.len()].copy_from_slice(id.as_bytes());
                RuleId(Repr::Inline { len, bytes })
            }
            _ => RuleId(Repr::Shared(Arc::from(id))),
        }
    }

    /// The id as a string slice.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            // The bytes are a whole `&str` copied in `new`: always UTF-8.
            Repr::Inline { .. } => std::str::from_utf8(self.bytes()).unwrap_or_default(),
            Repr::Shared(s) => s,
        }
    }

    /// The id's UTF-8 bytes, without re-checking them (what comparisons
    /// use).
    fn bytes(&self) -> &[u8] {
        match &self.0 {
            Repr::Inline { len, bytes } => bytes.get(..usize::from(*len)).unwrap_or_default(),
            Repr::Shared(s) => s.as_bytes(),
        }
    }
}

impl PartialEq for RuleId {
    fn eq(&self, other: &RuleId) -> bool {
        self.bytes() == other.bytes()
    }
}

impl Eq for RuleId {}

impl PartialOrd for RuleId {
    fn partial_cmp(&self, other: &RuleId) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for RuleId {
    /// The order of the strings (byte order, as for `str`).
    fn cmp(&self, other: &RuleId) -> std::cmp::Ordering {
        self.bytes().cmp(other.bytes())
    }
}

impl std::hash::Hash for RuleId {
    /// Hashes as the `str` it holds, as [`Borrow<str>`](std::borrow::Borrow) requires.
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl std::ops::Deref for RuleId {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for RuleId {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for RuleId {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Debug for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<&str> for RuleId {
    fn from(id: &str) -> RuleId {
        RuleId::new(id)
    }
}

impl From<String> for RuleId {
    fn from(id: String) -> RuleId {
        if id.len() <= RuleId::INLINE {
            RuleId::new(&id)
        } else {
            RuleId(Repr::Shared(Arc::from(id)))
        }
    }
}

impl PartialEq<str> for RuleId {
    fn eq(&self, other: &str) -> bool {
        self.bytes() == other.as_bytes()
    }
}

impl PartialEq<&str> for RuleId {
    fn eq(&self, other: &&str) -> bool {
        self.bytes() == other.as_bytes()
    }
}

impl PartialEq<String> for RuleId {
    fn eq(&self, other: &String) -> bool {
        self.bytes() == other.as_bytes()
    }
}

impl Serialize for RuleId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for RuleId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<RuleId, D::Error> {
        String::deserialize(d).map(RuleId::from)
    }
}

#[cfg(test)]
mod tests {
    use super::RuleId;
    use std::collections::{BTreeSet, HashSet};

    #[test]
    fn short_and_long_ids_behave_as_their_strings() {
        let at = "a".repeat(RuleId::INLINE);
        let over = "a".repeat(RuleId::INLINE + 1);
        // 12 CJK characters are 36 bytes (inline), 13 are 39 (shared).
        let (zh12, zh13) = ("坐".repeat(12), "坐".repeat(13));
        let ids = [
            "",
            "cn.pboc_2003_251.overdue_markup",
            &at,
            &over,
            &zh12,
            &zh13,
        ];
        for s in ids {
            let id = RuleId::new(s);
            assert_eq!(id.as_str(), s);
            assert_eq!(id, s);
            assert_eq!(id, s.to_owned());
            assert_eq!(RuleId::from(s.to_owned()), id);
            assert_eq!(id.clone(), id);
            assert_eq!(format!("{id}"), s);
            assert_eq!(format!("{id:?}"), format!("{s:?}"));
            let back: RuleId = serde_json::from_str(&serde_json::to_string(&id).unwrap()).unwrap();
            assert_eq!(back, id);
        }
        assert!(matches!(RuleId::new(&at).0, super::Repr::Inline { .. }));
        assert!(matches!(RuleId::new(&over).0, super::Repr::Shared(_)));
        assert!(matches!(RuleId::new(&zh12).0, super::Repr::Inline { .. }));
        assert!(matches!(RuleId::new(&zh13).0, super::Repr::Shared(_)));
        // A long id's clones share one allocation.
        let long = RuleId::new(&over);
        assert!(std::ptr::eq(long.as_str(), long.clone().as_str()));
    }

    #[test]
    fn ids_order_and_hash_as_strings() {
        let strs = ["b", "a", "ab", &"z".repeat(50), &"a".repeat(45), "坐牢"];
        let ids: BTreeSet<RuleId> = strs.iter().map(|s| RuleId::new(s)).collect();
        let sorted: BTreeSet<&str> = strs.iter().copied().collect();
        assert!(ids.iter().map(RuleId::as_str).eq(sorted.iter().copied()));
        // `Borrow<str>`: a set of ids is looked up by `&str`.
        let set: HashSet<RuleId> = strs.iter().map(|s| RuleId::new(s)).collect();
        for s in strs {
            assert!(set.contains(s), "{s}");
        }
        assert!(!set.contains("c"));
    }
}
