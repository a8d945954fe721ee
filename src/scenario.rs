//! Scenario files: a policy, loans, a timeline of events and expectations
//! checked at given dates — for test suites that validate a collection
//! policy without writing Rust.
//!
//! ```
//! use arrears::scenario::Scenario;
//!
//! let text = r#"
//! name = "one missed installment reaches M1"
//!
//! ## The `cn` preset, its LPR table (which ends 2025-08-20) confirmed
//! ## through 2026.
//! [policy]
//! extends = "cn"
//! [policy.accrual.caps.annualized.rate.table]
//! valid_through = "2026-12-31"
//!
//! [[loans]]
//! id = "L1"
//! principal = { amount = "3000", currency = "CNY" }
//! disbursement_date = "2026-01-10"
//! rate = "0"
//! method = "equal_principal"
//! term = 3
//! first_due_date = "2026-02-10"
//!
//! [[events]]
//! loan = "L1"
//! tx = { id = "P1", value_date = "2026-02-10", kind = { type = "repayment", amount = { amount = "1000", currency = "CNY" } } }
//!
//! [[expect]]
//! loan = "L1"
//! date = "2026-03-20"
//! dpd = 10
//! stage = "M1"
//! overdue = "1000"
//! "#;
//! let report = Scenario::from_toml_str("doc.toml", text)?.run()?;
//! assert!(report.passed(), "{report}");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::compliance::contact::{Account as ContactAccount, Attempt, ContactRequest};
use crate::compliance::language::MessageFacts;
use crate::error::{Error, Result};
use crate::loan::{LoanTerms, Transaction};
use crate::plan::{DebtorFacts, PlanRequest};
use crate::policy::CollectionPolicy;

/// Which policy a scenario runs under: a preset name, or an inline policy
/// document (which may itself start with `extends = "cn"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PolicySource {
    /// A preset name (`cn`, `us`, `uk`).
    Preset(String),
    /// An inline policy document.
    Inline(toml::Table),
}

/// A transaction on one of the scenario's loans.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// The loan id.
    pub loan: String,
    /// The transaction (the library's serde type).
    pub tx: Transaction,
}

/// A plan request made on a date, whose decision expectations can check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// A label expectations refer to.
    pub label: String,
    /// The loan id.
    pub loan: String,
    /// When it is made.
    pub date: NaiveDate,
    /// The request (the library's serde type).
    pub request: PlanRequest,
    /// What the debtor declared.
    #[serde(default)]
    pub facts: DebtorFacts,
}

/// Figures checked for one loan at the end of one date. Every field is
/// optional; amounts are quoted decimals in the loan's currency.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    /// The loan id.
    pub loan: String,
    /// The date (end of day).
    pub date: NaiveDate,
    /// Days past due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpd: Option<u32>,
    /// Collection stage code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<String>,
    /// Regulatory class code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regulatory_stage: Option<String>,
    /// Total overdue (with accrued penalties and fees).
    #[serde(
        default,
        with = "crate::money::serde_str::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub overdue: Option<Decimal>,
    /// Total outstanding.
    #[serde(
        default,
        with = "crate::money::serde_str::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub outstanding: Option<Decimal>,
    /// Penalty and compound interest accrued since disbursement.
    #[serde(
        default,
        with = "crate::money::serde_str::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub penalty_accrued: Option<Decimal>,
    /// Late fees accrued since disbursement.
    #[serde(
        default,
        with = "crate::money::serde_str::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub fees_accrued: Option<Decimal>,
    /// Payoff amount: what a payment value-dated `date` must be to close
    /// the loan ([`payoff`](crate::accrual::payoff); it comes before that day's charges, which the
    /// other figures include).
    #[serde(
        default,
        with = "crate::money::serde_str::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub payoff: Option<Decimal>,
    /// Decision expected for the request with this label: `label:kind`
    /// (`approved`, `counter_offer`, `rejected`), optionally `:N` plan
    /// installments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<String>,
}

/// A contact attempt on one of the scenario's contact accounts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioAttempt {
    /// A label expectations refer to.
    pub label: String,
    /// The contact account id.
    pub account: String,
    /// The attempt (the library's serde type).
    pub attempt: Attempt,
}

/// A message to check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioMessage {
    /// A label expectations refer to.
    pub label: String,
    /// The text.
    pub text: String,
    /// The facts (recipient, lawsuit intended, ...).
    #[serde(default)]
    pub facts: MessageFacts,
}

/// The verdict expected for a contact attempt (checked against the
/// attempts on the same account before it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactExpectation {
    /// The attempt's label.
    pub attempt: String,
    /// Rule ids of the violations, in any order (empty: the attempt passes).
    pub violations: Vec<String>,
}

/// What a message check should find.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MessageExpectation {
    /// The message's label.
    pub message: String,
    /// Whether it is compliant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compliant: Option<bool>,
    /// Categories of the findings (distinct, any order).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub categories: Option<Vec<String>>,
}

/// The next permitted time expected for a contact, after all attempts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NextExpectation {
    /// The contact account id.
    pub account: String,
    /// The contact wanted (party, channel, point, debts, purpose).
    pub request: ContactRequest,
    /// From when.
    pub after: DateTime<Utc>,
    /// The expected time, or `never`.
    pub expected: String,
}

/// One loan of a scenario: an id and its terms (the `LoanTerms` fields).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ScenarioLoan(pub LoanTerms);

/// A scenario document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// What it shows.
    pub name: String,
    /// The policy.
    pub policy: PolicySource,
    /// The loans.
    #[serde(default)]
    pub loans: Vec<ScenarioLoan>,
    /// Transactions, in any order (value dates decide).
    #[serde(default)]
    pub events: Vec<Event>,
    /// Plan requests.
    #[serde(default)]
    pub requests: Vec<Request>,
    /// Expectations.
    #[serde(default)]
    pub expect: Vec<Expectation>,
    /// Contact accounts (parties, contact points with zones, flags).
    #[serde(default)]
    pub contact_accounts: Vec<ContactAccount>,
    /// Contact attempts, in time order.
    #[serde(default)]
    pub attempts: Vec<ScenarioAttempt>,
    /// Messages to check.
    #[serde(default)]
    pub messages: Vec<ScenarioMessage>,
    /// Expected contact verdicts.
    #[serde(default)]
    pub expect_contacts: Vec<ContactExpectation>,
    /// Expected message findings.
    #[serde(default)]
    pub expect_messages: Vec<MessageExpectation>,
    /// Expected next permitted contact times.
    #[serde(default)]
    pub expect_next: Vec<NextExpectation>,
}

/// One checked figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// The section of the file the expectation is in: `expect`,
    /// `expect_contacts`, `expect_next` or `expect_messages`.
    #[serde(default = "expect_section")]
    pub section: String,
    /// Index of the expectation in its section.
    pub expectation: usize,
    /// Loan id.
    pub loan: String,
    /// Date (none for message checks).
    pub date: Option<NaiveDate>,
    /// Which figure.
    pub field: String,
    /// Expected value.
    pub expected: String,
    /// Actual value.
    pub actual: String,
    /// Whether they agree.
    pub passed: bool,
}

fn expect_section() -> String {
    "expect".to_owned()
}

/// The result of [`Scenario::run`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// Scenario name.
    pub name: String,
    /// Every checked figure.
    pub outcomes: Vec<Outcome>,
}

impl Report {
    /// True if every expectation passed.
    pub fn passed(&self) -> bool {
        self.outcomes.iter().all(|o| o.passed)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "scenario `{}`: {}",
            self.name,
            if self.passed() { "pass" } else { "FAIL" }
        )?;
        for o in &self.outcomes {
            writeln!(
                f,
                "  [{}] {}[{}] {} {} {}: expected `{}`, actual `{}`",
                if o.passed { "ok" } else { "FAIL" },
                o.section,
                o.expectation,
                o.loan,
                o.date.map_or_else(|| "-".to_owned(), |d| d.to_string()),
                o.field,
                o.expected,
                o.actual
            )?;
        }
        Ok(())
    }
}

/// That no key repeats in `keys` (the items of list `field`): an error
/// names the second item and the first.
fn unique<'a>(field: &str, keys: impl Iterator<Item = &'a str>) -> Result<()> {
    let keys: Vec<&str> = keys.collect();
    for (j, k) in keys.iter().enumerate() {
        if let Some(i) = keys[..j].iter().position(|x| x == k) {
            return Err(Error::invalid(
                format!("{field}[{j}]"),
                k,
                format!("repeats `{field}[{i}]`: each must be unique, or only the first is used"),
            ));
        }
    }
    Ok(())
}

impl Scenario {
    /// Loan ids, request and attempt labels and contact account ids name
    /// one item each.
    fn check_unique(&self) -> Result<()> {
        unique("loans", self.loans.iter().map(|l| l.0.id().as_str()))?;
        unique("requests", self.requests.iter().map(|r| r.label.as_str()))?;
        unique("attempts", self.attempts.iter().map(|a| a.label.as_str()))?;
        unique(
            "contact_accounts",
            self.contact_accounts.iter().map(|a| a.id.as_str()),
        )
    }

    /// Reads a scenario from TOML.
    ///
    /// # Errors
    ///
    /// [`Error::Parse`] naming `source_name` with line and column.
    pub fn from_toml_str(source_name: &str, text: &str) -> Result<Scenario> {
        toml::from_str(text).map_err(|e: toml::de::Error| Error::Parse {
            source_name: source_name.to_owned(),
            message: e.to_string(),
        })
    }

    fn policy(&self) -> Result<CollectionPolicy> {
        match &self.policy {
            PolicySource::Preset(name) => CollectionPolicy::preset(name).map_err(|_| {
                Error::invalid(
                    "policy",
                    name,
                    format!(
                        "unknown preset; expected one of {}",
                        crate::policy::PRESETS.join(", ")
                    ),
                )
            }),
            PolicySource::Inline(table) => {
                let text = toml::to_string(table).map_err(|e| Error::Parse {
                    source_name: format!("scenario `{}` policy", self.name),
                    message: e.to_string(),
                })?;
                CollectionPolicy::from_toml_str(&format!("scenario `{}` policy", self.name), &text)
            }
        }
    }
}

mod run;
