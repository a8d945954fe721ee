//! `arrears`: the command-line face of the `arrears` library.
//!
//! Exit codes: 0 all clear; 1 findings (a rejected or countered plan,
//! failed scenario expectations, compliance findings); 2 bad input (a file
//! that cannot be read, parsed or validated — the message names the file,
//! line and field).

/// `print!` to standard output; a reader that has gone (`arrears … | head`)
/// ends the program quietly, where `print!` panics.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::emit(format_args!($($arg)*))
    };
}

/// `println!` to standard output, as [`out!`].
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::emit(format_args!("{}\n", format_args!($($arg)*)))
    };
}

mod commands;
mod compliance;
mod input;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Loans in arrears: positions, accrual, plans, scenarios, the nightly
/// batch, contact compliance and message checks, from the command line.
#[derive(Debug, Parser)]
#[command(
    name = "arrears",
    version,
    about,
    long_about = None,
    after_help = "Exit codes: 0 all clear; 1 findings (a rejected or countered plan, failed \
scenario expectations, blocked contacts, non-compliant messages); 2 bad input (the message names \
the file, line and field)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Move the `--policy` LPR table's `valid_through` to DATE (YYYY-MM-DD):
    /// you have checked that the 1-year LPR has not changed since the
    /// table's last row. The published table ends 2025-08-20, and a
    /// contract after a table's end is an error. Not for `scenario run`
    /// (a scenario file carries its own policy), nor for a policy without
    /// an LPR table.
    #[arg(long, global = true, value_name = "DATE")]
    lpr_valid_through: Option<String>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Show or validate a collection policy.
    Policy {
        #[command(subcommand)]
        action: PolicyAction,
    },
    /// Position, days past due, stages, accruals and payoff of a loan on a date.
    Position {
        /// The loan (JSON: `{ "terms": {...}, "transactions": [...] }`).
        #[arg(long)]
        loan: String,
        /// The date (YYYY-MM-DD, end of day).
        #[arg(long)]
        as_of: String,
        /// A preset name (cn, us, uk) or a policy file (.toml or .json).
        #[arg(long, default_value = "cn")]
        policy: String,
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
    },
    /// Accrual records of a loan for the days FROM..=TO.
    Accrue {
        /// The loan file.
        #[arg(long)]
        loan: String,
        /// First day.
        #[arg(long)]
        from: String,
        /// Last day (inclusive).
        #[arg(long)]
        to: String,
        /// A preset name or a policy file.
        #[arg(long, default_value = "cn")]
        policy: String,
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
    },
    /// Decide a repayment-plan request (exit 0 approved, 1 countered or rejected).
    Plan {
        /// The loan file.
        #[arg(long)]
        loan: String,
        /// The request (JSON `PlanRequest`).
        #[arg(long)]
        request: String,
        /// What the debtor declared (JSON `DebtorFacts`).
        #[arg(long)]
        facts: Option<String>,
        /// The date of the request.
        #[arg(long)]
        as_of: String,
        /// A preset name or a policy file.
        #[arg(long, default_value = "cn")]
        policy: String,
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
    },
    /// The nightly batch: stage, accruals and notices due for every loan
    /// in a JSON Lines file, in parallel, in input order. The notices are
    /// the reminders the policy's schedule (`[reminders]`; by default
    /// D-3, D-1, D+1, D+3, D+7, D+30) sends that day, none within a
    /// `[delinquency] pauses` period.
    CloseOfDay {
        /// Loans, one JSON object a line.
        #[arg(long)]
        loans: String,
        /// The day being closed.
        #[arg(long)]
        as_of: String,
        /// A preset name or a policy file.
        #[arg(long, default_value = "cn")]
        policy: String,
        /// JSON Lines output.
        #[arg(long)]
        json: bool,
    },
    /// Stream verdicts for a time-ordered contact log (JSON Lines of attempts).
    Contacts {
        /// The contact log, one attempt a line.
        #[arg(long)]
        events: String,
        /// The account: parties, contact points with time zones, locations and flags (JSON).
        #[arg(long, visible_alias = "account")]
        flags: String,
        /// A preset name or a policy file.
        #[arg(long, default_value = "cn")]
        policy: String,
        /// JSON Lines output.
        #[arg(long)]
        json: bool,
    },
    /// The earliest time a contact would pass every time, frequency and flag rule.
    NextContact {
        /// The contact log so far (JSON Lines of attempts).
        #[arg(long)]
        events: String,
        /// The account: parties, contact points with time zones, locations and flags (JSON).
        #[arg(long, visible_alias = "account")]
        flags: String,
        /// The party id.
        #[arg(long)]
        party: String,
        /// call, sms, email, letter, visit, im or voicemail.
        #[arg(long)]
        channel: String,
        /// The contact point id.
        #[arg(long)]
        point: String,
        /// The debt(s) concerned.
        #[arg(long, default_value = "D1")]
        debt: Vec<String>,
        /// From when (RFC 3339, e.g. 2026-11-25T13:30:00Z).
        #[arg(long)]
        after: String,
        /// A preset name or a policy file.
        #[arg(long, default_value = "cn")]
        policy: String,
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
    },
    /// Check a message or transcript for forbidden language and disclosures.
    Text {
        /// The text to check.
        text: Option<String>,
        /// A JSON Lines file of `{"id", "text", "recipient"?, "facts"?}` objects.
        #[arg(long)]
        jsonl: Option<String>,
        /// debtor, third_party, emergency_contact, unknown, ...
        #[arg(long)]
        recipient: Option<String>,
        /// Facts (JSON `MessageFacts`).
        #[arg(long)]
        facts: Option<String>,
        /// A preset name or a policy file.
        #[arg(long, default_value = "cn")]
        policy: String,
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
    },
    /// Run scenario files.
    Scenario {
        #[command(subcommand)]
        action: ScenarioAction,
    },
}

#[derive(Debug, Subcommand)]
enum PolicyAction {
    /// Print a preset or a policy file as TOML (or JSON).
    Show {
        /// A preset name or a file.
        policy: String,
        /// JSON instead of TOML.
        #[arg(long)]
        json: bool,
    },
    /// Check a policy file and report every problem.
    Validate {
        /// The file.
        file: String,
    },
}

#[derive(Debug, Subcommand)]
enum ScenarioAction {
    /// Run scenario files and report each expectation.
    Run {
        /// Scenario files (TOML).
        #[arg(required = true)]
        files: Vec<String>,
        /// JSON Lines output, one report a file.
        #[arg(long)]
        json: bool,
    },
}

/// How a command ended.
pub(crate) enum Outcome {
    /// Nothing to report.
    Clear,
    /// Findings, failed expectations, or a plan not approved.
    Findings,
}

/// Writes to standard output (see [`out!`]).
pub(crate) fn emit(args: std::fmt::Arguments) {
    use std::io::Write;
    if let Err(e) = std::io::stdout().lock().write_fmt(args) {
        let message = write_failed(e);
        eprintln!("arrears: {message}");
        std::process::exit(2);
    }
}

/// The message for output that could not be written; a reader that has
/// gone (a closed pipe) ends the program quietly, with success: the output
/// it wanted was written.
pub(crate) fn write_failed(e: std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    format!("cannot write the output: {e}")
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if cli.lpr_valid_through.is_some() && matches!(cli.command, Command::Scenario { .. }) {
        eprintln!(
            "arrears: `--lpr-valid-through` does not apply to `scenario run`: a scenario file \
             carries its own policy (set `[policy.accrual.caps.annualized.rate.table] \
             valid_through` in it)"
        );
        return ExitCode::from(2);
    }
    if let Some(text) = &cli.lpr_valid_through {
        match input::date("lpr-valid-through", text) {
            Ok(date) => {
                let _ = input::LPR_VALID_THROUGH.set(date);
            }
            Err(e) => {
                eprintln!("arrears: {e}");
                return ExitCode::from(2);
            }
        }
    }
    let result = match cli.command {
        Command::Policy { action } => match action {
            PolicyAction::Show { policy, json } => commands::policy_show(&policy, json),
            PolicyAction::Validate { file } => commands::policy_validate(&file),
        },
        Command::Position {
            loan,
            as_of,
            policy,
            json,
        } => commands::position(&loan, &as_of, &policy, json),
        Command::Accrue {
            loan,
            from,
            to,
            policy,
            json,
        } => commands::accrue(&loan, &from, &to, &policy, json),
        Command::Plan {
            loan,
            request,
            facts,
            as_of,
            policy,
            json,
        } => commands::plan(&loan, &request, facts.as_deref(), &as_of, &policy, json),
        Command::CloseOfDay {
            loans,
            as_of,
            policy,
            json,
        } => commands::close_of_day(&loans, &as_of, &policy, json),
        Command::Contacts {
            events,
            flags,
            policy,
            json,
        } => compliance::contacts(&events, &flags, &policy, json),
        Command::NextContact {
            events,
            flags,
            party,
            channel,
            point,
            debt,
            after,
            policy,
            json,
        } => compliance::next_contact(
            &events, &flags, &party, &channel, &point, &debt, &after, &policy, json,
        ),
        Command::Text {
            text,
            jsonl,
            recipient,
            facts,
            policy,
            json,
        } => compliance::text(
            text.as_deref(),
            jsonl.as_deref(),
            recipient.as_deref(),
            facts.as_deref(),
            &policy,
            json,
        ),
        Command::Scenario {
            action: ScenarioAction::Run { files, json },
        } => commands::scenario_run(&files, json),
    };
    match result {
        Ok(Outcome::Clear) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Err(message) => {
            eprintln!("arrears: {message}");
            ExitCode::from(2)
        }
    }
}
