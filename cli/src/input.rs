//! Reading inputs: every error names the file, and the line and column
//! where the parser knows them.

use arrears::policy::{CollectionPolicy, PRESETS};
use std::sync::OnceLock;

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
        let message = without_place(&e);
        if e.line() == 0 {
            format!("`{path}`: {message}")
        } else {
            format!(
                "`{path}` line {} column {}: {message}",
                e.line(),
                e.column()
            )
        }
    })
}

/// A serde_json error's message without its own " at line … column …",
/// which the caller gives in its own words.
fn without_place(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) if text[i..].contains(" column ") => text[..i].to_owned(),
        _ => text,
    }
}

/// Where and what: a JSON Lines parse error of line `n`, without serde's
/// own "at line 1 column …" (each line is parsed on its own), and without a
/// column when serde knows none (an error raised while a value is checked).
pub(crate) fn line_error(n: usize, e: &serde_json::Error) -> String {
    let message = without_place(e);
    if e.line() == 0 || e.column() == 0 {
        format!("line {n}: {message}")
    } else {
        format!("line {n} column {}: {message}", e.column())
    }
}

/// The JSON Lines output for an input line that cannot be processed: its
/// line number, its `id` if the line is an object that has one, and the
/// error, so that output lines stay one per input line.
pub(crate) fn error_line(n: usize, line: &str, error: &str) -> serde_json::Value {
    keyed_error_line(n, line, error, "id", "/id")
}

/// [`error_line`] for a loan: keyed `loan` like the good lines, with the
/// loan's id from `terms.id` if the line has one.
pub(crate) fn loan_error_line(n: usize, line: &str, error: &str) -> serde_json::Value {
    keyed_error_line(n, line, error, "loan", "/terms/id")
}

/// `{"line": n, key: the value at `pointer` in the line (or null), "error"}`.
fn keyed_error_line(
    n: usize,
    line: &str,
    error: &str,
    key: &str,
    pointer: &str,
) -> serde_json::Value {
    let id = serde_json::from_str::<serde_json::Value>(line)
        .ok()
        .and_then(|v| v.pointer(pointer).cloned())
        .unwrap_or(serde_json::Value::Null);
    let mut out = serde_json::json!({ "line": n, "error": error });
    out[key] = id;
    out
}

/// A date argument.
pub(crate) fn date(field: &str, text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|e| format!("`--{field}` value `{text}`: {e} (expected YYYY-MM-DD)"))
}

/// The date given with `--lpr-valid-through`, if any: set once, before
/// the command runs.
pub(crate) static LPR_VALID_THROUGH: OnceLock<NaiveDate> = OnceLock::new();

/// A preset name or a policy file (.toml or .json), with its LPR table's
/// `valid_through` moved to the `--lpr-valid-through` date if one was
/// given (an error if the policy has no LPR table).
pub(crate) fn policy(spec: &str) -> Result<CollectionPolicy, String> {
    let policy = policy_as_written(spec)?;
    let Some(through) = LPR_VALID_THROUGH.get() else {
        return Ok(policy);
    };
    let Some(table) = policy.accrual().lpr_table() else {
        return Err(format!(
            "`--lpr-valid-through` value `{through}`: policy `{spec}` has no LPR table (its \
             annualised cap, if any, is not a multiple of the LPR)"
        ));
    };
    let table = table
        .clone()
        .with_valid_through(*through)
        .map_err(|e| format!("`--lpr-valid-through` value `{through}`: {e}"))?;
    policy.with_lpr_table(table).map_err(|e| e.to_string())
}

fn policy_as_written(spec: &str) -> Result<CollectionPolicy, String> {
    if PRESETS.contains(&spec) {
        return CollectionPolicy::preset(spec).map_err(|e| e.to_string());
    }
    let text = std::fs::read_to_string(spec).map_err(|e| {
        format!(
            "`--policy` value `{spec}` is neither a preset ({}) nor a readable file: {e}",
            PRESETS.join(", ")
        )
    })?;
    let parsed = if spec.ends_with(".json") {
        CollectionPolicy::from_json_str(spec, &text)
    } else {
        CollectionPolicy::from_toml_str(spec, &text)
    };
    parsed.map_err(|e| e.to_string())
}
