//! The subcommands.

use std::io::{IsTerminal, Write};

use arrears::accrual::{accrue as run_accrual, payoff, AccrualKind, AccrualReport};
use arrears::delinquency::{Delinquency, StageScheme};
use arrears::loan::{Breakdown, Component, Loan};
use arrears::plan::{evaluate, DebtorFacts, Decision, PlanRequest};
use arrears::policy::CollectionPolicy;
use arrears::scenario::Scenario;
use chrono::NaiveDate;
use rayon::prelude::*;
use serde_json::json;

use crate::input::{date, json_file, line_error, loan_error_line, policy as load_policy, read};
use crate::Outcome;

type Res = Result<Outcome, String>;

/// The day after `d`, the value of flag `--{flag}`.
fn day_after(flag: &str, d: NaiveDate) -> Result<NaiveDate, String> {
    d.succ_opt().ok_or_else(|| {
        format!("`--{flag}` value `{d}` is the last date there is: no day follows it")
    })
}

fn breakdown_line(b: &Breakdown) -> String {
    let total = b
        .total()
        .map(|t| t.to_string())
        .unwrap_or_else(|e| e.to_string());
    format!(
        "principal {}, interest {}, penalty {}, fee {} = {total}",
        b.amount(Component::Principal),
        b.amount(Component::Interest),
        b.amount(Component::Penalty),
        b.amount(Component::Fee)
    )
}

fn stage_code(scheme: Option<&StageScheme>, del: &Delinquency) -> Option<String> {
    scheme
        .and_then(|s| s.classify(del.days(s.basis())))
        .map(|r| r.code.clone())
}

pub(crate) fn policy_show(spec: &str, json: bool) -> Res {
    let policy = load_policy(spec)?;
    if json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&policy).map_err(|e| e.to_string())?
        );
    } else {
        out!("{}", policy.to_toml_string().map_err(|e| e.to_string())?);
    }
    Ok(Outcome::Clear)
}

pub(crate) fn policy_validate(file: &str) -> Res {
    let policy = load_policy(file)?;
    policy.validate().map_err(|e| format!("`{file}`: {e}"))?;
    outln!(
        "`{file}`: valid ({} policy, version {})",
        policy.jurisdiction(),
        policy.version()
    );
    for f in policy.findings() {
        outln!("  to review: {f}");
    }
    Ok(Outcome::Clear)
}

struct Measured {
    report: AccrualReport,
    del: Delinquency,
}

/// An accrual error in the CLI's words: one about the loan's terms (its
/// contract date past the LPR table's end, with the flag that confirms
/// the table) as it is, any other prefixed with `context` (if not empty).
fn accrual_error(e: arrears::Error, context: &str) -> String {
    match &e {
        arrears::Error::InvalidField { field, reason, .. } if field.starts_with("terms.") => {
            if reason.contains("valid_through") {
                format!("{e}; once checked, pass `--lpr-valid-through DATE`")
            } else {
                e.to_string()
            }
        }
        _ if context.is_empty() => e.to_string(),
        _ => format!("{context}: {e}"),
    }
}

fn measure(loan: &Loan, as_of: NaiveDate, policy: &CollectionPolicy) -> Result<Measured, String> {
    let start = loan.terms().disbursement_date().min(as_of);
    let report = run_accrual(loan, start, day_after("as-of", as_of)?, policy.accrual())
        .map_err(|e| accrual_error(e, &format!("`--as-of` value `{as_of}`")))?;
    let del = Delinquency::assess(&report.position, policy.delinquency());
    Ok(Measured { report, del })
}

pub(crate) fn position(loan_path: &str, as_of: &str, policy_spec: &str, json: bool) -> Res {
    let loan: Loan = json_file(loan_path)?;
    let as_of = date("as-of", as_of)?;
    let policy = load_policy(policy_spec)?;
    let m = measure(&loan, as_of, &policy)?;
    let quote = payoff(&loan, as_of, policy.accrual())
        .map_err(|e| accrual_error(e, &format!("`--as-of` value `{as_of}`")))?;
    let total = |k| {
        m.report
            .total(k)
            .map(|t| t.amount())
            .map_err(|e| e.to_string())
    };
    let pos = &m.report.position;
    if json {
        let out = json!({
            "loan": loan.id().as_str(),
            "as_of": as_of,
            "days_past_due": m.del.days_past_due(),
            "delinquent_days": m.del.delinquent_days(),
            "overdue_since": m.del.overdue_since(),
            "stage": stage_code(Some(policy.stages()), &m.del),
            "regulatory_stage": stage_code(policy.regulatory_stages(), &m.del),
            "overdue": pos.overdue(),
            "outstanding": pos.outstanding(),
            "accrued": {
                "penalty_interest": total(AccrualKind::PenaltyInterest)?.to_string(),
                "compound_interest": total(AccrualKind::CompoundInterest)?.to_string(),
                "late_fee": total(AccrualKind::LateFee)?.to_string(),
            },
            "payoff": quote,
        });
        outln!("{out}");
    } else {
        outln!(
            "loan {} at the end of {as_of} (policy {})",
            loan.id(),
            policy.jurisdiction()
        );
        outln!(
            "  days past due {} (overdue since {}), stage {}, regulatory {}",
            m.del.days_past_due(),
            m.del
                .overdue_since()
                .map_or_else(|| "-".to_owned(), |d| d.to_string()),
            stage_code(Some(policy.stages()), &m.del).unwrap_or_else(|| "-".into()),
            stage_code(policy.regulatory_stages(), &m.del).unwrap_or_else(|| "-".into())
        );
        outln!("  overdue      {}", breakdown_line(pos.overdue()));
        outln!("  outstanding  {}", breakdown_line(pos.outstanding()));
        outln!(
            "  accrued since disbursement: penalty interest {}, compound interest {}, late fees {}",
            total(AccrualKind::PenaltyInterest)?,
            total(AccrualKind::CompoundInterest)?,
            total(AccrualKind::LateFee)?
        );
        outln!(
            "  payoff by a payment on {as_of}: {}",
            breakdown_line(&quote.by_component)
        );
        outln!(
            "  (a payment on the day comes before that day's charges; interest of the current \
             period is accrued to the day, unearned interest is not owed)"
        );
    }
    Ok(Outcome::Clear)
}

pub(crate) fn accrue(loan_path: &str, from: &str, to: &str, policy_spec: &str, json: bool) -> Res {
    let loan: Loan = json_file(loan_path)?;
    let from = date("from", from)?;
    let to = date("to", to)?;
    if to < from {
        return Err(format!("`--to` value `{to}` is before `--from` `{from}`"));
    }
    let policy = load_policy(policy_spec)?;
    let report = run_accrual(&loan, from, day_after("to", to)?, policy.accrual())
        .map_err(|e| accrual_error(e, &format!("`--from` `{from}` to `--to` `{to}`")))?;
    if json {
        for r in &report.records {
            outln!("{}", serde_json::to_string(r).map_err(|e| e.to_string())?);
        }
    } else {
        outln!(
            "accruals of {} for {from}..={to} (policy {})",
            loan.id(),
            policy.jurisdiction()
        );
        for r in &report.records {
            outln!(
                "  {:?} #{} {}..{} base {} rate {} days {}/{} = {}{}{}  [{}]",
                r.kind,
                r.installment,
                r.from,
                r.to,
                r.base,
                r.rate.map_or_else(|| "-".to_owned(), |x| x.to_string()),
                r.days,
                r.basis,
                r.amount,
                r.released_from.map_or_else(String::new, |d| format!(
                    " (held by the cap since {d}, released)"
                )),
                r.capped_by
                    .as_ref()
                    .map_or_else(String::new, |c| format!(" (capped by {c})")),
                r.rule
            );
        }
        if let Some(cap) = &report.cap {
            let lpr = cap.lpr.map_or_else(String::new, |row| {
                format!(
                    " = {} × LPR {} (from {})",
                    cap.multiple.unwrap_or_default(),
                    row.rate.annual(),
                    row.effective
                )
            });
            outln!(
                "  cap {}: {} a year{lpr}, read at the contract date {}; {:?} on {:?}, excess {:?}",
                cap.rule,
                cap.rate,
                cap.contract_date,
                cap.day_count,
                cap.base,
                cap.excess
            );
        }
        if let Some(held) = &report.held {
            outln!("  held by the cap: {}", breakdown_line(held));
        }
        for kind in [
            AccrualKind::PenaltyInterest,
            AccrualKind::CompoundInterest,
            AccrualKind::LateFee,
        ] {
            outln!(
                "  total {kind:?}: {}",
                report.total(kind).map_err(|e| e.to_string())?
            );
        }
    }
    Ok(Outcome::Clear)
}

pub(crate) fn plan(
    loan_path: &str,
    request: &str,
    facts: Option<&str>,
    as_of: &str,
    policy_spec: &str,
    json: bool,
) -> Res {
    let loan: Loan = json_file(loan_path)?;
    let request: PlanRequest = json_file(request)?;
    let facts: DebtorFacts = match facts {
        Some(f) => json_file(f)?,
        None => DebtorFacts::default(),
    };
    let as_of = date("as-of", as_of)?;
    let policy = load_policy(policy_spec)?;
    let m = measure(&loan, as_of, &policy)?;
    let decision = evaluate(
        &request,
        &m.report.position,
        &facts,
        policy.negotiation(),
        as_of,
    )
    .map_err(|e| e.to_string())?;
    if json {
        outln!(
            "{}",
            serde_json::to_string(&decision).map_err(|e| e.to_string())?
        );
    } else {
        let (kind, outcomes) = match &decision {
            Decision::Approved { rules_applied, .. } => ("approved", rules_applied),
            Decision::CounterOffer { reasons, .. } => ("counter-offer", reasons),
            Decision::Rejected { failures, .. } => ("rejected", failures),
            _ => ("decided", &Vec::new()),
        };
        outln!("plan request on {} at {as_of}: {kind}", loan.id());
        for o in outcomes {
            outln!("  - {} ({}): {}", o.rule.id, o.rule.status, o.message);
        }
        if let Some(plan) = decision.plan() {
            outln!("  schedule: {} installments", plan.schedule().len());
            for i in plan.schedule().iter().take(3) {
                outln!(
                    "    #{} {} {}",
                    i.seq,
                    i.due_date,
                    i.total().map_err(|e| e.to_string())?
                );
            }
            outln!("  waived: {}", breakdown_line(plan.waived()));
        }
    }
    Ok(match decision {
        Decision::Approved { .. } => Outcome::Clear,
        _ => Outcome::Findings,
    })
}

/// One loan's nightly result.
fn close_one(
    line: usize,
    text: &str,
    as_of: NaiveDate,
    policy: &CollectionPolicy,
) -> Result<serde_json::Value, String> {
    let loan: Loan = serde_json::from_str(text).map_err(|e| line_error(line, &e))?;
    let today = run_accrual(&loan, as_of, day_after("as-of", as_of)?, policy.accrual())
        .map_err(|e| format!("line {line}: {}", accrual_error(e, "")))?;
    let del = Delinquency::assess(&today.position, policy.delinquency());
    // Notices: the policy's reminders due today, around each due date
    // (`D-3 #2`: three days before installment 2's due date), for
    // installments owing more than the delinquency tolerance; none in a
    // pause (a payment holiday, a moratorium).
    let reminders = policy
        .reminders()
        .due_under(&today.position, policy.delinquency())
        .map_err(|e| format!("line {line}: {e}"))?;
    let notices: Vec<String> = reminders
        .iter()
        .map(|r| format!("reminder D{:+} #{}", r.offset, r.installment))
        .collect();
    let total = |k| {
        today
            .total(k)
            .map(|t| t.amount().to_string())
            .map_err(|e| e.to_string())
    };
    Ok(json!({
        "line": line,
        "loan": loan.id().as_str(),
        "as_of": as_of,
        "days_past_due": del.days_past_due(),
        "stage": stage_code(Some(policy.stages()), &del),
        "regulatory_stage": stage_code(policy.regulatory_stages(), &del),
        "accrued_today": {
            "penalty_interest": total(AccrualKind::PenaltyInterest)?,
            "compound_interest": total(AccrualKind::CompoundInterest)?,
            "late_fee": total(AccrualKind::LateFee)?,
        },
        "notices": notices,
        "reminders": reminders,
    }))
}

pub(crate) fn close_of_day(path: &str, as_of: &str, policy_spec: &str, json: bool) -> Res {
    let as_of = date("as-of", as_of)?;
    let policy = load_policy(policy_spec)?;
    let text = read(path)?;
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .filter(|(_, l)| !l.trim().is_empty())
        .collect();
    let progress = std::io::stderr().is_terminal() && lines.len() >= 100_000;
    let mut bad = 0usize;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let chunk = 50_000;
    for (c, part) in lines.chunks(chunk).enumerate() {
        let results: Vec<Result<serde_json::Value, String>> = part
            .par_iter()
            .map(|(n, l)| close_one(*n, l, as_of, &policy))
            .collect();
        for ((n, l), r) in part.iter().zip(results) {
            match r {
                Ok(v) if json => writeln!(out, "{v}").map_err(crate::write_failed)?,
                Ok(v) => {
                    let notices: Vec<&str> = v["notices"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|x| x.as_str())
                        .collect();
                    writeln!(
                        out,
                        "{:<20} dpd {:>4}  {:<4} {:<16} penalty {:>8} fee {:>8} {}",
                        v["loan"].as_str().unwrap_or("-"),
                        v["days_past_due"].as_i64().unwrap_or(0),
                        v["stage"].as_str().unwrap_or("-"),
                        v["regulatory_stage"].as_str().unwrap_or("-"),
                        v["accrued_today"]["penalty_interest"]
                            .as_str()
                            .unwrap_or("-"),
                        v["accrued_today"]["late_fee"].as_str().unwrap_or("-"),
                        notices.join(", ")
                    )
                    .map_err(crate::write_failed)?
                }
                Err(e) => {
                    bad += 1;
                    if json {
                        writeln!(out, "{}", loan_error_line(*n, l, &e))
                            .map_err(crate::write_failed)?;
                    }
                    eprintln!("arrears: `{path}` {e}");
                }
            }
        }
        if progress {
            eprint!(
                "\r{}/{} loans",
                ((c + 1) * chunk).min(lines.len()),
                lines.len()
            );
        }
    }
    if progress {
        eprintln!();
    }
    out.flush().map_err(crate::write_failed)?;
    if bad > 0 {
        return Err(format!(
            "`{path}`: {bad} bad line(s); the others were processed"
        ));
    }
    Ok(Outcome::Clear)
}

/// Runs every file, reporting a file that cannot be read, parsed or run on
/// standard error and going on with the others; such a file makes the exit
/// code 2 at the end.
pub(crate) fn scenario_run(files: &[String], json: bool) -> Res {
    let mut failed = false;
    let mut bad = 0;
    for f in files {
        let report = match read(f).and_then(|text| {
            // A parse error names the file; a run error is given it.
            Scenario::from_toml_str(f, &text)
                .map_err(|e| e.to_string())?
                .run()
                .map_err(|e| format!("`{f}`: {e}"))
        }) {
            Ok(report) => report,
            Err(e) => {
                bad += 1;
                eprintln!("arrears: {e}");
                continue;
            }
        };
        failed |= !report.passed();
        if json {
            outln!(
                "{}",
                json!({ "file": f, "passed": report.passed(), "report": report })
            );
        } else {
            out!("{report}");
        }
    }
    if bad > 0 {
        return Err(format!(
            "{bad} of {} scenario file(s) could not be run; the others were",
            files.len()
        ));
    }
    Ok(if failed {
        Outcome::Findings
    } else {
        Outcome::Clear
    })
}
