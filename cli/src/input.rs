//! Reading inputs: every error names the file, and the line and column
//! where the parser knows them.

use arrears::policy::{CollectionPolicy, PRESETS};
use chrono::NaiveDate;
use serde::de::DeserializeOwned;

/// Reads a whole file.
pub(crate) fn read(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read `{path}`: {e}"))
}

/// Parses a JSON file into `T`.
pub(crate) fn json_file<T: DeserializeOwned>(path: &str) -> Result<T, String> {
    let text = read(path)?;
    serde_json::from_str(&text).map_err(|e| {
        // serde_json knows no place for an error raised while a value is
        // checked (it says line 0): then the message names the field.
        if e.line() == 0 {
            format!("`{path}`: {e}")
        } else {
            format!("`{path}` line {} column {}: {e}", e.line(), e.column())
        }
    })
}

/// A date argument.
pub(crate) fn date(field: &str, text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|e| format!("`--{field}` value `{text}`: {e} (expected YYYY-MM-DD)"))
}

/// A preset name or a policy file (.toml or .json).
pub(crate) fn policy(spec: &str) -> Result<CollectionPolicy, String> {
    if PRESETS.contains(&spec) {
        return CollectionPolicy::preset(spec).map_err(|e| e.to_string());
    }
    let text = read(spec)?;
    let parsed = if spec.ends_with(".json") {
        CollectionPolicy::from_json_str(spec, &text)
    } else {
        CollectionPolicy::from_toml_str(spec, &text)
    };
    parsed.map_err(|e| e.to_string())
}
