//! Validation of a stage scheme's ranges: every problem at once, in
//! document order.

use std::collections::hash_map::{Entry, HashMap};

use super::StageRange;
use crate::error::{Error, Validator};

/// Which field of a range a problem is about; orders problems within a range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Field {
    Code,
    MinDays,
    MaxDays,
}

impl Field {
    fn name(self) -> &'static str {
        match self {
            Field::Code => "code",
            Field::MinDays => "min_days",
            Field::MaxDays => "max_days",
        }
    }
}

/// A problem about `ranges[index].field`, before it is put in document order.
struct Found {
    index: usize,
    field: Field,
    value: String,
    message: String,
}

/// Writes `day 7` or `days 7..=9`.
fn day_span(first: u32, last: u32) -> String {
    if first == last {
        format!("day {first}")
    } else {
        format!("days {first}..={last}")
    }
}

fn max_text(max: Option<u32>) -> String {
    max.map_or_else(|| "none".to_owned(), |m| m.to_string())
}

/// Checks everything [`StageScheme::new`] promises; see its `# Errors`.
pub(super) fn validate(id: &str, ranges: &[StageRange]) -> Result<(), Error> {
    let mut v = Validator::default();
    if id.trim().is_empty() {
        v.push("id", id, "scheme id must not be empty");
    }
    if ranges.is_empty() {
        v.push("ranges", "[]", "at least one range is required");
        return v.finish();
    }

    let mut found: Vec<Found> = Vec::new();
    let mut push = |index: usize, field: Field, value: String, message: String| {
        found.push(Found {
            index,
            field,
            value,
            message,
        });
    };

    // Per-range checks, in document order.
    let mut first_use: HashMap<&str, usize> = HashMap::with_capacity(ranges.len());
    for (i, r) in ranges.iter().enumerate() {
        if r.code.trim().is_empty() {
            push(
                i,
                Field::Code,
                r.code.clone(),
                "range code must not be empty".to_owned(),
            );
        } else {
            match first_use.entry(r.code.as_str()) {
                Entry::Occupied(e) => push(
                    i,
                    Field::Code,
                    r.code.clone(),
                    format!(
                        "duplicate code `{}`, already used by `ranges[{}]`",
                        r.code,
                        e.get()
                    ),
                ),
                Entry::Vacant(e) => {
                    e.insert(i);
                }
            }
        }
        if let Some(max) = r.max_days {
            if max < r.min_days {
                push(
                    i,
                    Field::MaxDays,
                    max.to_string(),
                    format!("max_days must not be less than min_days `{}`", r.min_days),
                );
            }
        }
    }

    // Sweep the well-formed ranges in order of `min_days`, tracking how far
    // the ranges seen so far reach and which range reaches furthest.
    let mut sorted: Vec<(usize, &StageRange)> = ranges
        .iter()
        .enumerate()
        .filter(|(_, r)| r.max_days.map_or(true, |max| max >= r.min_days))
        .collect();
    sorted.sort_by_key(|&(i, r)| (r.min_days, i));
    let mut iter = sorted.into_iter();
    if let Some(first) = iter.next() {
        // `None` = an open-ended range has been seen.
        let mut reach: Option<u32> = first.1.max_days;
        let mut owner = first;
        let mut reported_not_last = false;
        for (i, r) in iter {
            match reach {
                None => {
                    if r.max_days.is_none() {
                        push(
                            i,
                            Field::MaxDays,
                            max_text(None),
                            format!(
                                "more than one open-ended range: `{}` and `{}` both have no max_days",
                                owner.1.code, r.code
                            ),
                        );
                    } else if !reported_not_last {
                        reported_not_last = true;
                        push(
                            owner.0,
                            Field::MaxDays,
                            max_text(None),
                            format!(
                                "open-ended range `{}` must be the last, but `{}` starts at day {}",
                                owner.1.code, r.code, r.min_days
                            ),
                        );
                    }
                }
                Some(end) => {
                    if r.min_days <= end {
                        let last = r.max_days.map_or(end, |max| max.min(end));
                        push(
                            i,
                            Field::MinDays,
                            r.min_days.to_string(),
                            format!(
                                "range `{}` overlaps `{}` on {}",
                                r.code,
                                owner.1.code,
                                day_span(r.min_days, last)
                            ),
                        );
                    } else if r.min_days - end > 1 {
                        // end < r.min_days - 1, so neither bound overflows.
                        let span = day_span(end + 1, r.min_days - 1);
                        let verb = if end + 1 == r.min_days - 1 {
                            "is"
                        } else {
                            "are"
                        };
                        push(
                            i,
                            Field::MinDays,
                            r.min_days.to_string(),
                            format!(
                                "{span} {verb} not covered between `{}` and `{}`",
                                owner.1.code, r.code
                            ),
                        );
                    }
                    match r.max_days {
                        None => {
                            reach = None;
                            owner = (i, r);
                        }
                        Some(max) if max > end => {
                            reach = Some(max);
                            owner = (i, r);
                        }
                        Some(_) => {}
                    }
                }
            }
        }
    }

    found.sort_by_key(|f| (f.index, f.field));
    for f in found {
        v.push(
            format!("ranges[{}].{}", f.index, f.field.name()),
            f.value,
            f.message,
        );
    }
    v.finish()
}
