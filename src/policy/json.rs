//! Policies in JSON: the same document as TOML, where a `null` member
//! means "absent" (what `policy show --json` writes for an option not set;
//! TOML has no null) and, over a preset, "remove the preset's key".

use super::{CollectionPolicy, REMOVED};
use crate::error::{Error, Result};

/// What a `null` member is replaced with to learn whether its key is a
/// field: a string no field reads as a known value, so an unknown key
/// fails as one (`unknown field`) and a known key does not.
const PROBE: &str = "\u{1}probe";

/// [`CollectionPolicy::from_json_str`]. A `null` member whose key is not a
/// field where it stands (`"late_charg": null`) is an error naming its
/// path, as a misspelt key with a value is: dropping it would hide the
/// typo.
pub(super) fn read(source_name: &str, text: &str) -> Result<CollectionPolicy> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| Error::Parse {
        source_name: source_name.to_owned(),
        message: e.to_string(),
    })?;
    let mut nulls = Vec::new();
    let policy = read_value(source_name, value.clone(), Some(&mut nulls))?;
    if nulls.is_empty() {
        return Ok(policy);
    }
    // A key the policy writes back where it stands is a field (every
    // option `policy show --json` writes as null is); only the others are
    // probed, one full read each.
    let shown = serde_json::to_value(&policy).unwrap_or_default();
    for (pointer, path, key) in nulls {
        if shown.pointer(&pointer).is_some() {
            continue;
        }
        let mut probe = value.clone();
        if let Some(slot) = probe.pointer_mut(&pointer) {
            *slot = serde_json::Value::String(PROBE.to_owned());
        }
        let Err(e) = read_value(source_name, probe, None) else {
            continue;
        };
        let text = e.to_string();
        let unknown = format!("unknown field `{key}`");
        if let Some(line) = text.lines().find(|l| l.contains(&unknown)) {
            let prefix = format!("cannot parse `{source_name}`: ");
            let line = line.trim();
            return Err(Error::Parse {
                source_name: source_name.to_owned(),
                message: format!(
                    "`{path}` is null, and `{key}` is not a field there: {}",
                    line.strip_prefix(&prefix).unwrap_or(line)
                ),
            });
        }
    }
    Ok(policy)
}

/// A `null` member: its JSON pointer, its dotted path and its key.
type Null = (String, String, String);

/// The policy in `value`, with its `null` members read as absent; each
/// member's location is pushed on `nulls` (when given).
fn read_value(
    source_name: &str,
    mut value: serde_json::Value,
    nulls: Option<&mut Vec<Null>>,
) -> Result<CollectionPolicy> {
    // Over a preset a null removes the preset's key: a marked table, which
    // `merge` reads so. In a list it means nothing: an error, not an item
    // dropped. `"extends": null` is a document without `extends`.
    let extends = value.get("extends").is_some_and(|v| !v.is_null());
    let mut found = Vec::new();
    let mut at = Location::default();
    absent_nulls(&mut value, &mut at, extends, &mut found).map_err(|path| Error::Parse {
        source_name: source_name.to_owned(),
        message: format!("`{path}` is null: a list item must be a value"),
    })?;
    if let Some(nulls) = nulls {
        // `extends` is read before the document.
        nulls.extend(found.into_iter().filter(|n| n.0 != "/extends"));
    }
    let as_toml = toml::Value::try_from(value).map_err(|e| Error::Parse {
        source_name: source_name.to_owned(),
        message: e.to_string(),
    })?;
    let text = toml::to_string(&as_toml).map_err(|e| Error::Parse {
        source_name: source_name.to_owned(),
        message: e.to_string(),
    })?;
    CollectionPolicy::from_toml_str(source_name, &text)
}

/// Where [`absent_nulls`] is: a JSON pointer and a dotted path.
#[derive(Default)]
struct Location {
    pointer: String,
    path: String,
}

/// Removes every `null` member of the objects in `v`, at any depth, or
/// with `as_removal` makes it a [`REMOVED`] table, and pushes where each
/// was on `found`; a `null` item of an array is an error naming its path
/// (`at` is the location of `v`).
fn absent_nulls(
    v: &mut serde_json::Value,
    at: &mut Location,
    as_removal: bool,
    found: &mut Vec<Null>,
) -> std::result::Result<(), String> {
    let (pointer_len, path_len) = (at.pointer.len(), at.path.len());
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m.iter() {
                if x.is_null() {
                    found.push((
                        format!("{}/{}", at.pointer, k.replace('~', "~0").replace('/', "~1")),
                        if at.path.is_empty() {
                            k.clone()
                        } else {
                            format!("{}.{k}", at.path)
                        },
                        k.clone(),
                    ));
                }
            }
            if as_removal {
                for x in m.values_mut().filter(|x| x.is_null()) {
                    let mut removed = serde_json::Map::new();
                    removed.insert(REMOVED.to_owned(), serde_json::Value::Bool(true));
                    *x = serde_json::Value::Object(removed);
                }
            } else {
                m.retain(|_, x| !x.is_null());
            }
            for (k, x) in m.iter_mut() {
                at.pointer.push('/');
                at.pointer
                    .push_str(&k.replace('~', "~0").replace('/', "~1"));
                if !at.path.is_empty() {
                    at.path.push('.');
                }
                at.path.push_str(k);
                absent_nulls(x, at, as_removal, found)?;
                at.pointer.truncate(pointer_len);
                at.path.truncate(path_len);
            }
        }
        serde_json::Value::Array(a) => {
            for (i, x) in a.iter_mut().enumerate() {
                at.pointer.push_str(&format!("/{i}"));
                at.path.push_str(&format!("[{i}]"));
                if x.is_null() {
                    return Err(at.path.clone());
                }
                absent_nulls(x, at, as_removal, found)?;
                at.pointer.truncate(pointer_len);
                at.path.truncate(path_len);
            }
        }
        _ => {}
    }
    Ok(())
}
