//! Cases found by reviews of the binary, each kept as the case that
//! showed it.

use super::*;

/// A review: `scenario run` stopped at the first file it could not parse
/// and never ran the others; now it runs them and exits 2 at the end.
#[test]
fn scenario_run_goes_on_past_a_bad_file() {
    let dir = Scratch::new("bad-file");
    let bad = dir.join("bad.toml");
    std::fs::write(&bad, "name = 1\n").unwrap();
    let o = run(&[
        "scenario",
        "run",
        bad.to_str().unwrap(),
        &data("scenario.toml"),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("pass"), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("1 of 2 scenario file(s) could not be run"),
        "{}",
        stderr(&o)
    );
}

/// A review: a date with no day after it named no flag, and a closed pipe
/// made the binary panic with a backtrace.
#[test]
fn the_last_date_names_its_flag_and_a_closed_pipe_is_quiet() {
    let o = run(&[
        "accrue",
        "--loan",
        &data("loan.json"),
        "--from",
        "2026-01-01",
        "--to",
        "+262142-12-31",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("`--to` value `+262142-12-31`"),
        "{}",
        stderr(&o)
    );
    // 20,000 verdicts are far more than a pipe holds: the reader takes one
    // line and goes.
    let dir = Scratch::new("pipe");
    let path = dir.join("many.jsonl");
    let line = "{\"id\":\"m\",\"text\":\"您好，请按时还款\"}\n";
    std::fs::write(&path, line.repeat(20_000)).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_arrears"))
        .args(["text", "--jsonl", path.to_str().unwrap()])
        .args(["--recipient", "debtor"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    std::io::BufRead::read_line(&mut out, &mut first).unwrap();
    assert!(first.starts_with('{'), "{first}");
    drop(out);
    let o = child.wait_with_output().unwrap();
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// The notices follow the policy's reminder schedule, before the due date
/// as well as after it: the industry cadence's D−3 for CN-SME-777 (first
/// due 2026-10-20), and a lender's file that sends only D−1.
#[test]
fn close_of_day_reminders_follow_the_policys_schedule() {
    let close = |as_of: &str, policy: &str| -> Vec<serde_json::Value> {
        let o = run(&[
            "close-of-day",
            "--loans",
            &data("loans.jsonl"),
            "--as-of",
            as_of,
            "--json",
            "--policy",
            policy,
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        stdout(&o)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let lines = close("2026-10-17", "cn");
    assert_eq!(lines[1]["loan"], "CN-SME-777");
    assert_eq!(lines[1]["notices"], json!(["reminder D-3 #1"]));
    // 60,000 / 24 = 2,500 principal + 60,000 × 3.6 % × 30 / 360 = 180
    // interest (2026-09-20 to 10-20).
    assert_eq!(lines[1]["reminders"][0]["outstanding"]["amount"], "2680.00");
    let dir = Scratch::new("reminders");
    let file = dir.join("lender.toml");
    std::fs::write(
        &file,
        "extends = \"cn\"\nversion = \"r\"\n\
         [accrual.caps.annualized.rate.table]\nvalid_through = \"2026-12-31\"\n\
         [reminders]\noffsets = [-1]\n",
    )
    .unwrap();
    let file = file.to_str().unwrap();
    assert_eq!(close("2026-10-17", file)[1]["notices"], json!([]));
    assert_eq!(
        close("2026-10-19", file)[1]["notices"],
        json!(["reminder D-1 #1"])
    );
    // A review: reminders went out through a payment holiday. None in a
    // pause, and none sent later for it.
    let paused = dir.join("paused.toml");
    std::fs::write(
        &paused,
        "extends = \"cn\"\nversion = \"p\"\n\
         [accrual.caps.annualized.rate.table]\nvalid_through = \"2026-12-31\"\n\
         [delinquency]\npauses = [{ start = \"2026-09-15\", end = \"2026-10-05\" }]\n",
    )
    .unwrap();
    let paused = paused.to_str().unwrap();
    // CN-BULLET-9 falls due 10-01: D+3 (10-04) is in the pause, D+7 not.
    assert_eq!(close("2026-10-04", paused)[2]["notices"], json!([]));
    assert_eq!(
        close("2026-10-08", paused)[2]["notices"],
        json!(["reminder D+7 #1"])
    );
}
