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

use crate::accrual::{accrue, payoff, AccrualKind};
use crate::compliance::contact::{
    Account as ContactAccount, Attempt, ContactChecker, ContactRequest, NextPermitted,
};
use crate::compliance::language::{MessageFacts, TextChecker};
use crate::delinquency::Delinquency;
use crate::error::{Error, Result};
use crate::loan::{Loan, LoanTerms, Transaction};
use crate::plan::{evaluate, DebtorFacts, Decision, PlanRequest};
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
    /// the loan ([`payoff`]; it comes before that day's charges, which the
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

    /// Builds the loans, applies the events and checks every expectation.
    ///
    /// # Errors
    ///
    /// Bad loans, events or policies ([`Error::InvalidField`] naming the
    /// loan), an event or expectation for an unknown loan, and library
    /// errors. Expectations that fail are not errors: they are in the
    /// report.
    pub fn run(&self) -> Result<Report> {
        self.check_unique()?;
        let policy = self.policy()?;
        let mut loans: Vec<Loan> = Vec::with_capacity(self.loans.len());
        for l in &self.loans {
            loans.push(Loan::new(l.0.clone())?);
        }
        let find = |loans: &[Loan], id: &str, field: &str| -> Result<usize> {
            loans
                .iter()
                .position(|l| l.id().as_str() == id)
                .ok_or_else(|| Error::invalid(field, id, "no loan with this id in the scenario"))
        };
        for (i, e) in self.events.iter().enumerate() {
            let idx = find(&loans, &e.loan, &format!("events[{i}].loan"))?;
            loans[idx].record(e.tx.clone())?;
        }
        for (i, r) in self.requests.iter().enumerate() {
            find(&loans, &r.loan, &format!("requests[{i}].loan"))?;
        }
        let mut outcomes = Vec::new();
        for (n, x) in self.expect.iter().enumerate() {
            let before = outcomes.len();
            let loan = &loans[find(&loans, &x.loan, &format!("expect[{n}].loan"))?];
            let start = loan.terms().disbursement_date();
            let end = x
                .date
                .succ_opt()
                .ok_or_else(|| Error::date_out_of_range("expect.date", x.date))?;
            let report = accrue(loan, start.min(x.date), end, policy.accrual())?;
            let pos = &report.position;
            let del = Delinquency::assess(pos, policy.delinquency());
            // Inside a pause, a stage on delinquent days is the one of the
            // day before the pause (`stage_history`'s): measured there.
            let held = match policy.delinquency().held_from(x.date) {
                Some(before) => {
                    let end = before
                        .succ_opt()
                        .ok_or_else(|| Error::date_out_of_range("expect.date", before))?;
                    let report = accrue(loan, start.min(before), end, policy.accrual())?;
                    Some(Delinquency::assess(&report.position, policy.delinquency()))
                }
                None => None,
            };
            let mut check = |field: &str, expected: String, actual: String| {
                outcomes.push(Outcome {
                    section: expect_section(),
                    expectation: n,
                    loan: x.loan.clone(),
                    date: Some(x.date),
                    field: field.to_owned(),
                    passed: expected == actual,
                    expected,
                    actual,
                });
            };
            let code = |scheme: Option<&crate::delinquency::StageScheme>| {
                scheme
                    .and_then(|s| {
                        let del = match held {
                            Some(h) if s.basis() == crate::delinquency::DpdBasis::Delinquent => h,
                            _ => del,
                        };
                        s.classify(del.days(s.basis()))
                    })
                    .map_or_else(|| "-".to_owned(), |r| r.code.clone())
            };
            let amount = |d: Decimal| d.normalize().to_string();
            if let Some(v) = x.dpd {
                check("dpd", v.to_string(), del.days_past_due().to_string());
            }
            if let Some(v) = &x.stage {
                check("stage", v.clone(), code(Some(policy.stages())));
            }
            if let Some(v) = &x.regulatory_stage {
                check(
                    "regulatory_stage",
                    v.clone(),
                    code(policy.regulatory_stages()),
                );
            }
            if let Some(v) = x.overdue {
                check(
                    "overdue",
                    amount(v),
                    amount(pos.overdue().total()?.amount()),
                );
            }
            if let Some(v) = x.outstanding {
                check(
                    "outstanding",
                    amount(v),
                    amount(pos.outstanding().total()?.amount()),
                );
            }
            if let Some(v) = x.penalty_accrued {
                let p = report
                    .total(AccrualKind::PenaltyInterest)?
                    .checked_add(report.total(AccrualKind::CompoundInterest)?)?;
                check("penalty_accrued", amount(v), amount(p.amount()));
            }
            if let Some(v) = x.fees_accrued {
                check(
                    "fees_accrued",
                    amount(v),
                    amount(report.total(AccrualKind::LateFee)?.amount()),
                );
            }
            if let Some(v) = x.payoff {
                check(
                    "payoff",
                    amount(v),
                    amount(payoff(loan, x.date, policy.accrual())?.total.amount()),
                );
            }
            if let Some(v) = &x.decision {
                let mut parts = v.splitn(3, ':');
                let label = parts.next().unwrap_or_default();
                let req = self
                    .requests
                    .iter()
                    .find(|r| r.label == label)
                    .ok_or_else(|| {
                        Error::invalid(
                            format!("expect[{n}].decision"),
                            v,
                            "no request with this label",
                        )
                    })?;
                // The decision is on the request's loan, which the
                // expectation must name.
                if req.loan != x.loan {
                    return Err(Error::invalid(
                        format!("expect[{n}].loan"),
                        &x.loan,
                        format!("request `{label}` is on loan `{}`", req.loan),
                    ));
                }
                let at = req.date.succ_opt().unwrap_or(req.date);
                let position = accrue(loan, start.min(req.date), at, policy.accrual())?.position;
                let decision = evaluate(
                    &req.request,
                    &position,
                    &req.facts,
                    policy.negotiation(),
                    req.date,
                )?;
                let (kind, count) = match &decision {
                    Decision::Approved { plan, .. } => ("approved", Some(plan.schedule().len())),
                    Decision::CounterOffer { plan, .. } => {
                        ("counter_offer", Some(plan.schedule().len()))
                    }
                    _ => ("rejected", None),
                };
                let actual = match (parts.next(), parts.next(), count) {
                    (Some(_), Some(_), Some(c)) => format!("{label}:{kind}:{c}"),
                    _ => format!("{label}:{kind}"),
                };
                check("decision", v.clone(), actual);
            }
            if outcomes.len() == before {
                return Err(Error::invalid(
                    format!("expect[{n}]"),
                    &x.loan,
                    "checks no figure: name at least one of dpd, stage, regulatory_stage, \
                     overdue, outstanding, penalty_accrued, fees_accrued, payoff, decision",
                ));
            }
        }
        self.check_compliance(&policy, &mut outcomes)?;
        Ok(Report {
            name: self.name.clone(),
            outcomes,
        })
    }

    fn check_compliance(
        &self,
        policy: &CollectionPolicy,
        outcomes: &mut Vec<Outcome>,
    ) -> Result<()> {
        let account = |id: &str, field: String| -> Result<&ContactAccount> {
            self.contact_accounts
                .iter()
                .find(|a| a.id == id)
                .ok_or_else(|| {
                    Error::invalid(field, id, "no contact account with this id in the scenario")
                })
        };
        let mut push = |(section, n): (&str, usize),
                        who: &str,
                        date: Option<NaiveDate>,
                        field: &str,
                        expected: String,
                        actual: String| {
            outcomes.push(Outcome {
                section: section.to_owned(),
                expectation: n,
                loan: who.to_owned(),
                date,
                field: field.to_owned(),
                passed: expected == actual,
                expected,
                actual,
            });
        };
        if !self.expect_contacts.is_empty() || !self.expect_next.is_empty() {
            let checker = ContactChecker::new(policy.contact());
            for (n, x) in self.expect_contacts.iter().enumerate() {
                let field = format!("expect_contacts[{n}].attempt");
                let i = self
                    .attempts
                    .iter()
                    .position(|a| a.label == x.attempt)
                    .ok_or_else(|| {
                        Error::invalid(&field, &x.attempt, "no attempt with this label")
                    })?;
                let a = &self.attempts[i];
                let acct = account(&a.account, field)?;
                let history: Vec<Attempt> = self.attempts[..i]
                    .iter()
                    .filter(|h| h.account == a.account)
                    .map(|h| h.attempt.clone())
                    .collect();
                let verdict = checker.check(&a.attempt, &history, acct)?;
                let mut actual: Vec<String> = verdict
                    .violations
                    .iter()
                    .map(|f| f.rule.id.clone())
                    .collect();
                actual.sort();
                actual.dedup();
                let mut expected = x.violations.clone();
                expected.sort();
                expected.dedup();
                push(
                    ("expect_contacts", n),
                    &a.label,
                    Some(a.attempt.at.date_naive()),
                    "violations",
                    expected.join(","),
                    actual.join(","),
                );
            }
            for (n, x) in self.expect_next.iter().enumerate() {
                let acct = account(&x.account, format!("expect_next[{n}].account"))?;
                let history: Vec<Attempt> = self
                    .attempts
                    .iter()
                    .filter(|h| h.account == x.account)
                    .map(|h| h.attempt.clone())
                    .collect();
                let actual = match checker.next_permitted(&x.request, x.after, &history, acct)? {
                    NextPermitted::At { at, .. } => {
                        at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                    }
                    NextPermitted::Never { .. } => "never".to_owned(),
                };
                push(
                    ("expect_next", n),
                    &x.account,
                    Some(x.after.date_naive()),
                    "next_permitted",
                    x.expected.clone(),
                    actual,
                );
            }
        }
        if !self.expect_messages.is_empty() {
            let checker = TextChecker::new(policy.language())?;
            for (n, x) in self.expect_messages.iter().enumerate() {
                let m = self
                    .messages
                    .iter()
                    .find(|m| m.label == x.message)
                    .ok_or_else(|| {
                        Error::invalid(
                            format!("expect_messages[{n}].message"),
                            &x.message,
                            "no message with this label",
                        )
                    })?;
                if x.compliant.is_none() && x.categories.is_none() {
                    return Err(Error::invalid(
                        format!("expect_messages[{n}]"),
                        &x.message,
                        "checks nothing: name `compliant` or `categories`",
                    ));
                }
                let findings = checker.check(&m.text, &m.facts);
                let day = None;
                if let Some(c) = x.compliant {
                    push(
                        ("expect_messages", n),
                        &m.label,
                        day,
                        "compliant",
                        c.to_string(),
                        checker.is_compliant(&m.text, &m.facts).to_string(),
                    );
                }
                if let Some(cats) = &x.categories {
                    let mut expected = cats.clone();
                    expected.sort();
                    expected.dedup();
                    let mut actual: Vec<String> = findings
                        .iter()
                        .map(|f| f.category.as_str().to_owned())
                        .collect();
                    actual.sort();
                    actual.dedup();
                    push(
                        ("expect_messages", n),
                        &m.label,
                        day,
                        "categories",
                        expected.join(","),
                        actual.join(","),
                    );
                }
            }
        }
        Ok(())
    }
}
