//! Policies in JSON: the same document as TOML, where a `null` member
//! means "absent" (what `policy show --json` writes for an option not set;
//! TOML has no null) and, over a preset, "remove the preset's key", as in
//! a JSON merge patch (RFC 7396).

use super::merge::{dotted, is_reserved, shared, Removal, Seg, REMOVED};
use super::{read_document, CollectionPolicy};
use crate::error::{Error, Result};

/// [`CollectionPolicy::from_json_str`].
pub(super) fn read(source_name: &str, text: &str) -> Result<CollectionPolicy> {
    let parse = |message: String| Error::Parse {
        source_name: source_name.to_owned(),
        message,
    };
    let mut value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| parse(e.to_string()))?;
    if !value.is_object() {
        return Err(parse(format!(
            "a policy is a JSON object, not `{}`",
            truncated(&value.to_string())
        )));
    }
    // Over a preset a null removes the preset's key: a marked table, which
    // the merge reads so (and checks, where the preset has no such key).
    // Without one, a null is dropped here, and checked the same way. In a
    // list it means nothing: an error, not an item dropped. `"extends":
    // null` is a document without `extends`.
    let extends = value.get("extends").is_some_and(|v| !v.is_null());
    let mut removals = Vec::new();
    absent_nulls(&mut value, &mut Vec::new(), extends, &mut removals)
        .map_err(|e| parse(e.to_string()))?;
    // Straight to a TOML table, not through TOML text (whose writer keeps
    // a copy of each table's path: for many deep tables, hundreds of bytes
    // per byte of the document), each JSON value freed once converted.
    let serde_json::Value::Object(object) = value else {
        return Err(parse("a policy is a JSON object".to_owned()));
    };
    let doc = table(object).map_err(|(path, why)| parse(format!("`{path}`: {why}")))?;
    read_document(source_name, doc, removals)
}

/// A value TOML cannot hold: its path (`accrual.caps.fees_per_loan`) and
/// why.
type NotToml = (String, String);

/// `object` as a TOML table, consumed member by member (its `null`s are
/// gone: see [`absent_nulls`]).
fn table(
    object: serde_json::Map<String, serde_json::Value>,
) -> std::result::Result<toml::Table, NotToml> {
    let mut t = toml::Table::new();
    for (k, v) in object {
        let v = to_toml(v).map_err(|(path, why)| (under(&k, &path), why))?;
        t.insert(k, v);
    }
    Ok(t)
}

/// `path` under the step `step` (a key or `[i]`).
fn under(step: &str, path: &str) -> String {
    let sep = if path.is_empty() || path.starts_with('[') {
        ""
    } else {
        "."
    };
    format!("{step}{sep}{path}")
}

/// `v` as a TOML value: a number as an integer if it is one within 64
/// signed bits, else as a float (as TOML's own reader of JSON would).
fn to_toml(v: serde_json::Value) -> std::result::Result<toml::Value, NotToml> {
    use serde_json::Value as J;
    let refuse = |why: String| Err((String::new(), why));
    Ok(match v {
        J::Null => return refuse("null is not a value here".to_owned()),
        J::Bool(b) => toml::Value::Boolean(b),
        J::Number(n) => match (n.as_i64(), n.is_u64(), n.as_f64()) {
            (Some(i), _, _) => toml::Value::Integer(i),
            (None, true, _) => {
                return refuse(format!("{n} is out of range (at most {})", i64::MAX))
            }
            (None, false, Some(f)) => toml::Value::Float(f),
            (None, false, None) => return refuse(format!("{n} is not a number TOML holds")),
        },
        J::String(s) => toml::Value::String(s),
        J::Array(a) => {
            let mut out = Vec::with_capacity(a.len());
            for (i, x) in a.into_iter().enumerate() {
                out.push(to_toml(x).map_err(|(path, why)| (under(&format!("[{i}]"), &path), why))?);
            }
            toml::Value::Array(out)
        }
        J::Object(o) => toml::Value::Table(table(o)?),
    })
}

/// At most 40 characters of `s`.
fn truncated(s: &str) -> String {
    match s.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

/// Why [`absent_nulls`] refused a document.
enum Refused {
    /// A `null` item of a list, at this path.
    NullItem(String),
    /// The reserved key, at this path.
    Reserved(String),
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::NullItem(p) => write!(f, "`{p}` is null: a list item must be a value"),
            Refused::Reserved(p) => write!(f, "`{}`: that key is reserved", p.escape_debug()),
        }
    }
}

/// Removes every `null` member of the objects in `v` (at path `at`), at
/// any depth, pushing each on `removals`, or with `as_removal` makes it a
/// [`REMOVED`] table for the merge; refuses a `null` item of an array and
/// the reserved key.
fn absent_nulls(
    v: &mut serde_json::Value,
    at: &mut Vec<Seg>,
    as_removal: bool,
    removals: &mut Vec<Removal>,
) -> std::result::Result<(), Refused> {
    match v {
        serde_json::Value::Object(m) => {
            if let Some(k) = m.keys().find(|k| is_reserved(k)) {
                at.push(Seg::Key(k.clone()));
                return Err(Refused::Reserved(dotted(at)));
            }
            let nulls: Vec<String> = m
                .iter()
                .filter(|(_, x)| x.is_null())
                .map(|(k, _)| k.clone())
                .collect();
            for (k, x) in m.iter_mut() {
                if x.is_null() {
                    continue;
                }
                at.push(Seg::Key(k.clone()));
                absent_nulls(x, at, as_removal, removals)?;
                at.pop();
            }
            // `extends` is read before the document.
            let top = at.is_empty();
            let mut here = None;
            for k in nulls {
                if as_removal {
                    let mut removed = serde_json::Map::new();
                    removed.insert(REMOVED.to_owned(), serde_json::Value::Bool(true));
                    m.insert(k, serde_json::Value::Object(removed));
                } else {
                    m.remove(&k);
                    if !(top && k == "extends") {
                        removals.push(Removal {
                            parent: shared(&mut here, at),
                            key: k,
                        });
                    }
                }
            }
        }
        serde_json::Value::Array(a) => {
            for (i, x) in a.iter_mut().enumerate() {
                at.push(Seg::Index(i));
                if x.is_null() {
                    return Err(Refused::NullItem(dotted(at)));
                }
                absent_nulls(x, at, as_removal, removals)?;
                at.pop();
            }
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The removals made in one table share one copy of its path: a deep
    /// table with many nulls holds the path once, not once per null.
    #[test]
    fn removals_in_one_table_share_its_path() {
        let mut inner = serde_json::Map::new();
        for i in 0..100 {
            inner.insert(format!("k{i}"), serde_json::Value::Null);
        }
        let mut v = serde_json::Value::Object(inner);
        for level in 0..40 {
            let mut m = serde_json::Map::new();
            m.insert(format!("l{level}"), v);
            v = serde_json::Value::Object(m);
        }
        let mut removals = Vec::new();
        absent_nulls(&mut v, &mut Vec::new(), false, &mut removals).ok();
        assert_eq!(removals.len(), 100);
        assert_eq!(removals[0].parent.len(), 40);
        assert!(removals
            .iter()
            .all(|r| std::rc::Rc::ptr_eq(&r.parent, &removals[0].parent)));
    }

    /// A number beyond 64 signed bits is refused with its path; the rest
    /// convert as they are.
    #[test]
    fn numbers_convert_or_are_refused_by_path() {
        let err = CollectionPolicy::from_json_str(
            "p.json",
            r#"{"extends": "cn", "accrual": {"late_fees": [{"x": [1, 18446744073709551615]}]}}"#,
        )
        .unwrap_err()
        .to_string();
        assert_eq!(
            err,
            "cannot parse `p.json`: `accrual.late_fees[0].x[1]`: 18446744073709551615 is out of \
             range (at most 9223372036854775807)"
        );
        let object =
            serde_json::json!({"a": [1, -2, 2.5, true, "s"], "b": {"c": 9223372036854775807_i64}});
        let serde_json::Value::Object(o) = object else {
            unreachable!()
        };
        let t = table(o).unwrap();
        assert_eq!(
            t["a"],
            toml::Value::Array(vec![
                toml::Value::Integer(1),
                toml::Value::Integer(-2),
                toml::Value::Float(2.5),
                toml::Value::Boolean(true),
                toml::Value::String("s".to_owned()),
            ])
        );
        assert_eq!(t["b"]["c"], toml::Value::Integer(i64::MAX));
    }
}
