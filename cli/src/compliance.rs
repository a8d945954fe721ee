//! The compliance subcommands: `contacts`, `next-contact` and `text`.

use std::io::Write;

use arrears::compliance::contact::{
    Account, Attempt, Auditor, Channel, ContactChecker, ContactRequest, NextPermitted, Purpose,
};
use arrears::compliance::language::{MessageFacts, Recipient, TextChecker};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::json;

use crate::input::{error_line, json_file, line_error, policy as load_policy, read};
use crate::Outcome;

type Res = Result<Outcome, String>;

/// Streams verdicts for a time-ordered contact log (JSON Lines of
/// `Attempt`s) against one account (parties, contact points, flags).
pub(crate) fn contacts(events: &str, account: &str, policy_spec: &str, json: bool) -> Res {
    let policy = load_policy(policy_spec)?;
    let account: Account = json_file(account)?;
    let checker = ContactChecker::new(policy.contact());
    let mut auditor = Auditor::new(&checker);
    let text = read(events)?;
    let (mut bad, mut findings) = (0usize, false);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for (i, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let n = i + 1;
        let verdict = serde_json::from_str::<Attempt>(line)
            .map_err(|e| line_error(n, &e))
            .and_then(|a| {
                auditor
                    .push(&a, &account)
                    .map(|v| (a, v))
                    .map_err(|e| format!("line {n}: {e}"))
            });
        match verdict {
            Ok((a, v)) => {
                findings |= !v.passes();
                if json {
                    let line = json!({ "line": n, "at": a.at, "party": a.party, "channel": a.channel, "passes": v.passes(), "verdict": v });
                    writeln!(out, "{line}").map_err(crate::write_failed)?;
                } else {
                    let status = if v.passes() { "ok" } else { "BLOCKED" };
                    writeln!(
                        out,
                        "line {n} {} {:?} to {}: {status}",
                        a.at, a.channel, a.party
                    )
                    .map_err(crate::write_failed)?;
                    for f in v.violations.iter().chain(&v.warnings) {
                        writeln!(
                            out,
                            "  {:?} `{}` ({}): {}",
                            f.severity, f.rule.id, f.rule.status, f.message
                        )
                        .map_err(crate::write_failed)?;
                    }
                }
            }
            Err(e) => {
                bad += 1;
                if json {
                    writeln!(out, "{}", error_line(n, line, &e)).map_err(crate::write_failed)?;
                }
                eprintln!("arrears: `{events}` {e}");
            }
        }
    }
    out.flush().map_err(crate::write_failed)?;
    if bad > 0 {
        return Err(format!(
            "`{events}`: {bad} bad line(s); the others were processed"
        ));
    }
    Ok(if findings {
        Outcome::Findings
    } else {
        Outcome::Clear
    })
}

/// The earliest time a contact would pass every rule.
#[allow(clippy::too_many_arguments)]
pub(crate) fn next_contact(
    events: &str,
    account: &str,
    party: &str,
    channel: &str,
    point: &str,
    debt: &[String],
    after: &str,
    policy_spec: &str,
    json: bool,
) -> Res {
    let policy = load_policy(policy_spec)?;
    let account: Account = json_file(account)?;
    let history: Vec<Attempt> = read(events)?
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|e| format!("`{events}` {}", line_error(i + 1, &e)))
        })
        .collect::<Result<_, _>>()?;
    let channel: Channel = serde_json::from_value(json!(channel))
        .map_err(|e| format!("`--channel` value `{channel}`: {e}"))?;
    let after: DateTime<Utc> = DateTime::parse_from_rfc3339(after)
        .map_err(|e| {
            format!("`--after` value `{after}`: {e} (expected RFC 3339, e.g. 2026-11-25T13:30:00Z)")
        })?
        .with_timezone(&Utc);
    let request = ContactRequest {
        party: party.to_owned(),
        channel,
        point: point.to_owned(),
        debts: debt.to_vec(),
        purpose: Purpose::Collection,
    };
    let checker = ContactChecker::new(policy.contact());
    // The request is made of the flags: name them, not the library's
    // fields.
    let next = checker
        .next_permitted(&request, after, &history, &account)
        .map_err(|e| {
            e.to_string()
                .replace("`attempt.party`", "`--party`")
                .replace("`attempt.point`", "`--point`")
                .replace("`attempt.channel`", "`--channel`")
        })?;
    if json {
        outln!(
            "{}",
            serde_json::to_string(&next).map_err(|e| e.to_string())?
        );
    } else {
        match &next {
            NextPermitted::At { at, decided_by } => outln!(
                "next permitted: {at} ({})",
                decided_by.as_ref().map_or_else(
                    || "no rule blocks it".to_owned(),
                    |r| format!("decided by `{}`", r.id)
                )
            ),
            NextPermitted::Never { rule } => outln!("never: `{}` ({})", rule.id, rule.status),
            _ => outln!("{next:?}"),
        }
    }
    Ok(match next {
        NextPermitted::Never { .. } => Outcome::Findings,
        _ => Outcome::Clear,
    })
}

/// One line of `text --jsonl`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TextLine {
    id: String,
    text: String,
    #[serde(default)]
    recipient: Option<Recipient>,
    #[serde(default)]
    facts: Option<MessageFacts>,
}

fn check_one(
    checker: &TextChecker,
    id: &str,
    text: &str,
    facts: &MessageFacts,
) -> serde_json::Value {
    let findings: Vec<_> = checker
        .check(text, facts)
        .iter()
        .map(|f| {
            json!({
                "category": f.category.as_str(),
                "severity": f.severity,
                "rule": f.rule.id,
                "start": f.span.start,
                "end": f.span.end,
                "matched": f.span.slice(text).unwrap_or_default(),
            })
        })
        .collect();
    json!({ "id": id, "compliant": checker.is_compliant(text, facts), "findings": findings })
}

/// Checks one text, or a JSON Lines file of texts (the machine contract:
/// one output object per input line, same order; a line that cannot be
/// read gives `{"line", "id", "error"}`).
pub(crate) fn text(
    text: Option<&str>,
    jsonl: Option<&str>,
    recipient: Option<&str>,
    facts: Option<&str>,
    policy_spec: &str,
    json: bool,
) -> Res {
    let policy = load_policy(policy_spec)?;
    let checker = TextChecker::new(policy.language()).map_err(|e| e.to_string())?;
    let mut base: MessageFacts = match facts {
        Some(f) => json_file(f)?,
        None => MessageFacts::default(),
    };
    if let Some(r) = recipient {
        base.recipient = serde_json::from_value(json!(r))
            .map_err(|e| format!("`--recipient` value `{r}`: {e}"))?;
    }
    match (text, jsonl) {
        (Some(t), None) => {
            let v = check_one(&checker, "-", t, &base);
            if json {
                outln!("{v}");
            } else {
                outln!(
                    "{}",
                    if v["compliant"] == true {
                        "compliant"
                    } else {
                        "NOT compliant"
                    }
                );
                for f in v["findings"].as_array().into_iter().flatten() {
                    outln!(
                        "  {} {} `{}` at bytes {}..{} (rule `{}`)",
                        f["category"].as_str().unwrap_or("-"),
                        f["severity"].as_str().unwrap_or("-"),
                        f["matched"].as_str().unwrap_or(""),
                        f["start"],
                        f["end"],
                        f["rule"].as_str().unwrap_or("-")
                    );
                }
            }
            Ok(if v["compliant"] == true {
                Outcome::Clear
            } else {
                Outcome::Findings
            })
        }
        (None, Some(path)) => {
            let content = read(path)?;
            let (mut bad, mut findings) = (0usize, false);
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            for (i, line) in content
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
            {
                match serde_json::from_str::<TextLine>(line) {
                    Ok(l) => {
                        let mut facts = l.facts.unwrap_or_else(|| base.clone());
                        if let Some(r) = l.recipient {
                            facts.recipient = r;
                        }
                        let v = check_one(&checker, &l.id, &l.text, &facts);
                        findings |= v["compliant"] != true;
                        writeln!(out, "{v}").map_err(crate::write_failed)?;
                    }
                    Err(e) => {
                        bad += 1;
                        let e = line_error(i + 1, &e);
                        writeln!(out, "{}", error_line(i + 1, line, &e))
                            .map_err(crate::write_failed)?;
                        eprintln!("arrears: `{path}` {e}");
                    }
                }
            }
            out.flush().map_err(crate::write_failed)?;
            if bad > 0 {
                return Err(format!(
                    "`{path}`: {bad} bad line(s); the others were processed"
                ));
            }
            Ok(if findings {
                Outcome::Findings
            } else {
                Outcome::Clear
            })
        }
        _ => Err("give either a TEXT argument or `--jsonl FILE`".to_owned()),
    }
}
