//! Policies in JSON: the same document as TOML, where a `null` member
//! means "absent" (what `policy show --json` writes for an option not set;
//! TOML has no null) and, over a preset, "remove the preset's key", as in
//! a JSON merge patch (RFC 7396).

use super::merge::{dotted, is_reserved, Removal, Seg, REMOVED};
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
    let as_toml = toml::Value::try_from(value).map_err(|e| parse(e.to_string()))?;
    let text = toml::to_string(&as_toml).map_err(|e| parse(e.to_string()))?;
    let doc: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| parse(e.to_string()))?;
    read_document(source_name, doc, removals)
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
            for k in nulls {
                if as_removal {
                    let mut removed = serde_json::Map::new();
                    removed.insert(REMOVED.to_owned(), serde_json::Value::Bool(true));
                    m.insert(k, serde_json::Value::Object(removed));
                } else {
                    m.remove(&k);
                    if !(top && k == "extends") {
                        removals.push(Removal {
                            parent: at.clone(),
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
