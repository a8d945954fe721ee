//! Runs the real `arrears` binary on the files in `examples/data/`.

use serde_json::json;
use std::process::{Command, Output};

fn data(name: &str) -> String {
    format!("{}/../examples/data/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Runs the binary; the commands that accrue get the `cn` LPR table
/// confirmed through 2026 (the sample loans are contracted in 2026, after
/// the published table's end).
fn run(args: &[&str]) -> Output {
    let mut all = args.to_vec();
    let policy = args
        .iter()
        .position(|a| *a == "--policy")
        .and_then(|i| args.get(i + 1));
    if ["position", "accrue", "plan", "close-of-day"].contains(&args[0])
        && !matches!(policy, Some(&"us" | &"uk"))
    {
        all.extend(["--lpr-valid-through", "2026-12-31"]);
    }
    run_as_is(&all)
}

fn run_as_is(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_arrears"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A directory of its own under the system's temporary directory, removed
/// with everything in it when dropped (a failing test leaves it for a look).
struct Scratch(std::path::PathBuf);

impl Scratch {
    fn new(tag: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("arrears-cli-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn join(&self, name: &str) -> std::path::PathBuf {
        self.0.join(name)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

#[test]
fn help_lists_every_subcommand() {
    let o = run(&["--help"]);
    assert!(o.status.success());
    for sub in [
        "policy",
        "position",
        "accrue",
        "plan",
        "close-of-day",
        "scenario",
    ] {
        assert!(stdout(&o).contains(sub), "{sub} missing from --help");
    }
}

#[test]
fn position_as_json() {
    let o = run(&[
        "position",
        "--loan",
        &data("loan.json"),
        "--as-of",
        "2026-11-25",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["loan"], "CN-CONSUMER-001");
    assert_eq!(v["days_past_due"], 133);
    assert_eq!(v["overdue_since"], "2026-07-15");
    assert_eq!(v["stage"], "M5");
    assert_eq!(v["regulatory_stage"], "doubtful");
}

/// `arrears accrue` on the sample loan for 2026-07-16..=2026-07-31, with
/// `extra` arguments.
fn accrue_july(extra: &[&str]) -> Output {
    let loan = data("loan.json");
    let mut args = vec![
        "accrue",
        "--loan",
        &loan,
        "--from",
        "2026-07-16",
        "--to",
        "2026-07-31",
    ];
    args.extend_from_slice(extra);
    run(&args)
}

#[test]
fn accrue_lists_records() {
    let o = accrue_july(&["--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let first: serde_json::Value =
        serde_json::from_str(stdout(&o).lines().next().unwrap()).unwrap();
    assert_eq!(first["kind"], "penalty_interest");
    // 9.6 % × 1.5 = 14.4 % is above 4 × LPR at formation (12 %): art28
    // holds the rate, and the record cites it.
    assert_eq!(first["rule"], "cn.spc_private_lending.art28");
    assert_eq!(first["rate"], "0.12");
    assert_eq!(first["from"], "2026-07-16");
}

/// The published LPR table ends 2025-08-20: under `cn` a loan contracted
/// in 2026 is refused until the table is confirmed, with the date given
/// (`--lpr-valid-through`) or in a policy file; a date before the table's
/// last row is refused too.
#[test]
fn a_contract_after_the_lpr_tables_end_needs_it_confirmed() {
    let args = [
        "accrue",
        "--loan",
        &data("loan.json"),
        "--from",
        "2026-07-16",
        "--to",
        "2026-07-31",
    ];
    let o = run_as_is(&args);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(
            "invalid `terms.contract_date` value `2026-03-15`: is after the LPR table's \
             `valid_through` `2025-08-20`"
        ),
        "{}",
        stderr(&o)
    );
    let mut early = args.to_vec();
    early.extend(["--lpr-valid-through", "2025-01-01"]);
    let o = run_as_is(&early);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(
            "`--lpr-valid-through` value `2025-01-01`: invalid policy: \
             `lpr.valid_through` = `2025-01-01`: is before the last row's `2025-05-20`"
        ),
        "{}",
        stderr(&o)
    );
    let lender = data("lender.toml");
    let mut confirmed = args.to_vec();
    confirmed.extend(["--policy", &lender]);
    let o = run_as_is(&confirmed);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // The text output names the cap's terms for the loan.
    assert!(
        stdout(&o).contains(
            "  cap cn.spc_private_lending.art29: 0.12 a year = 4 × LPR 0.03 (from 2025-05-20), \
             read at the contract date 2026-03-15; Act365Fixed on OutstandingPrincipal, excess \
             Waived"
        ),
        "{}",
        stdout(&o)
    );
    // The error says which flag confirms the table, and blames no `--as-of`.
    let o = run_as_is(&[
        "position",
        "--loan",
        &data("loan.json"),
        "--as-of",
        "2026-11-25",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("arrears: invalid `terms.contract_date` value `2026-03-15`")
            && stderr(&o).contains("; once checked, pass `--lpr-valid-through DATE`"),
        "{}",
        stderr(&o)
    );
    // The flag does not apply to scenario files (their own policy), nor to
    // a policy without an LPR table: both refused, not ignored.
    let o = run_as_is(&[
        "scenario",
        "run",
        &data("scenario.toml"),
        "--lpr-valid-through",
        "2026-12-31",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("`--lpr-valid-through` does not apply to `scenario run`"),
        "{}",
        stderr(&o)
    );
    let o = run_as_is(&["policy", "show", "us", "--lpr-valid-through", "2026-12-31"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("policy `us` has no LPR table"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn plan_counter_offer_exits_1() {
    let o = run(&[
        "plan",
        "--loan",
        &data("loan.json"),
        "--request",
        &data("request.json"),
        "--facts",
        &data("facts.json"),
        "--as-of",
        "2026-11-25",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["decision"], "counter_offer");
}

#[test]
fn close_of_day_streams_in_order_and_reports_bad_lines() {
    let o = run(&[
        "close-of-day",
        "--loans",
        &data("loans.jsonl"),
        "--as-of",
        "2026-10-04",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ids: Vec<_> = lines
        .iter()
        .map(|v| v["loan"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids, ["CN-CONSUMER-001", "CN-SME-777", "CN-BULLET-9"]);
    // The policy's reminder schedule (`industry.reminders`): D+3 after the
    // bullet's 2026-10-01 due date, with what it still owes.
    assert_eq!(lines[2]["notices"], json!(["reminder D+3 #1"]));
    assert_eq!(
        lines[2]["reminders"],
        json!([{"installment": 1, "due_date": "2026-10-01", "offset": 3,
                "outstanding": {"amount": "10109.86", "currency": "CNY"}}])
    );
    assert_eq!(lines[1]["notices"], json!([]));
    let dir = Scratch::new("close");
    let bad = dir.join("bad.jsonl");
    let good = std::fs::read_to_string(data("loans.jsonl")).unwrap();
    std::fs::write(&bad, format!("{good}{{\"terms\": 5}}\n")).unwrap();
    let o = run(&[
        "close-of-day",
        "--loans",
        bad.to_str().unwrap(),
        "--as-of",
        "2026-10-04",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(2));
    // One output line per input line: the bad one says what is wrong.
    let out: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(out.len(), 4);
    assert_eq!(out[3]["line"], 4);
    assert_eq!(out[3]["loan"], serde_json::Value::Null);
    let error = out[3]["error"].as_str().unwrap();
    assert!(
        error.starts_with("line 4 column 11: invalid type"),
        "{error}"
    );
    assert!(!error.contains("at line 1"), "{error}");
    assert!(stderr(&o).contains("line 4"), "{}", stderr(&o));
}

#[test]
fn text_jsonl_keeps_one_output_line_per_input_line() {
    let dir = Scratch::new("text");
    let path = dir.join("m.jsonl");
    std::fs::write(
        &path,
        "{\"id\":\"m1\",\"text\":\"您好，请按时还款\"}\n\
         {\"id\":\"m2\",\"txt\":\"x\"}\n\
         {\"id\":\"m3\",\"text\":\"不还就坐牢\"}\n",
    )
    .unwrap();
    let o = run(&[
        "text",
        "--jsonl",
        path.to_str().unwrap(),
        "--recipient",
        "debtor",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let out: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ids: Vec<&str> = out.iter().map(|v| v["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["m1", "m2", "m3"]);
    assert_eq!(out[1]["line"], 2);
    assert!(out[1]["error"]
        .as_str()
        .unwrap()
        .contains("unknown field `txt`"));
    assert_eq!(out[2]["compliant"], false);
}

#[test]
fn policies_show_and_validate() {
    let o = run(&["policy", "show", "cn"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("cn.pboc_2003_251.overdue_markup"));
    let o = run(&["policy", "validate", &data("lender.toml")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let dir = Scratch::new("policy");
    let bad = dir.join("bad.toml");
    std::fs::write(
        &bad,
        "extends = \"cn\"\n[delinquency]\ngrace_days = \"three\"\n",
    )
    .unwrap();
    let o = run(&["policy", "validate", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("bad.toml") && stderr(&o).contains("grace_days"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn scenarios_pass_and_fail_with_exit_codes() {
    let o = run(&["scenario", "run", &data("scenario.toml")]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("pass"));
    let dir = Scratch::new("scenario");
    let wrong = dir.join("wrong.toml");
    let text = std::fs::read_to_string(data("scenario.toml"))
        .unwrap()
        .replace("dpd = 73", "dpd = 70");
    std::fs::write(&wrong, text).unwrap();
    let o = run(&["scenario", "run", wrong.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("expected `70`, actual `73`"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn contacts_stream_verdicts() {
    let o = run(&[
        "contacts",
        "--events",
        &data("events.jsonl"),
        "--flags",
        &data("account.json"),
        "--policy",
        "us",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 9);
    assert_eq!(lines[6]["passes"], true);
    assert_eq!(lines[7]["passes"], false);
    assert_eq!(
        lines[7]["verdict"]["violations"][0]["rule"]["id"],
        "us.reg_f.call_frequency"
    );
}

#[test]
fn next_contact_after_a_conversation() {
    let o = run(&[
        "next-contact",
        "--events",
        &data("events.jsonl"),
        "--flags",
        &data("account.json"),
        "--party",
        "debtor",
        "--channel",
        "call",
        "--point",
        "mobile",
        "--after",
        "2026-11-26T04:00:00Z",
        "--policy",
        "us",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    // The conversation on 11-25 (local) starts a 7-day quiet period: 12-02 08:00 Chicago.
    assert_eq!(v["at"]["at"], "2026-12-02T14:00:00Z", "{v}");
    let o = run(&[
        "next-contact",
        "--events",
        &data("events.jsonl"),
        "--flags",
        &data("account.json"),
        "--party",
        "debtor",
        "--channel",
        "pigeon",
        "--point",
        "mobile",
        "--after",
        "2026-11-26T04:00:00Z",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--channel"), "{}", stderr(&o));
}

#[test]
fn text_machine_contract() {
    let o = run(&["text", "--json", "--jsonl", &data("messages.jsonl")]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ids: Vec<_> = lines.iter().map(|v| v["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["m1", "m2", "m3", "m4"]);
    assert_eq!(lines[0]["compliant"], true);
    assert_eq!(lines[1]["compliant"], false);
    let f = &lines[1]["findings"][2];
    assert_eq!(f["category"], "threat_arrest_or_criminal");
    assert_eq!(f["matched"], "坐*牢");
    let text = "再不還錢，警察明天就上門抓你去坐*牢！";
    let (s, e) = (
        f["start"].as_u64().unwrap() as usize,
        f["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[s..e], "坐*牢");
    assert_eq!(
        lines[2]["findings"][1]["category"],
        "third_party_disclosure"
    );
    assert_eq!(lines[3]["compliant"], true);
    let o = run(&["text", "--recipient", "debtor", "您好，请按时还款。"]);
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn accrue_under_a_deferred_cap_says_what_is_held() {
    let cn = std::fs::read_to_string(format!(
        "{}/../policies/cn.toml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let deferred = cn.replacen(
        "[accrual.caps.annualized]\n",
        "[accrual.caps.annualized]\nexcess = \"deferred\"\n",
        1,
    );
    assert_ne!(cn, deferred);
    let path = format!("{}/cn_deferred.toml", env!("CARGO_TARGET_TMPDIR"));
    std::fs::write(&path, deferred).unwrap();
    let o = accrue_july(&["--policy", &path]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // The 4 × LPR cap does not bind on this loan in July: nothing held.
    assert!(
        stdout(&o)
            .lines()
            .any(|l| l == "  held by the cap: principal 0, interest 0, penalty 0, fee 0 = 0 CNY"),
        "{}",
        stdout(&o)
    );
    // The preset waives cut parts: no such line.
    let o = accrue_july(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stdout(&o).contains("held by the cap"), "{}", stdout(&o));
}

#[path = "cli/review.rs"]
mod review;
