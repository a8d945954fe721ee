//! What a check returns: findings with their rule, severity, message and the
//! events that count.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::rule::RuleRef;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Severity {
    /// The contact must not be made (or, in an audit, broke the rule).
    Block,
    /// A warning or an output flag (e.g. Reg F rebuttal factors).
    Warn,
}

/// When the rule that blocked a contact stops blocking it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Clears {
    /// Not before this instant (a lower bound).
    At(DateTime<Utc>),
    /// Not while the account data stays as it is (e.g. a cease).
    Never,
    /// Unknown (warnings).
    Unknown,
}

impl Clears {
    /// The earlier of two lower bounds (`Never` gives way to an instant).
    pub(crate) fn or_earlier(self, other: Clears) -> Clears {
        match (self, other) {
            (Clears::At(a), Clears::At(b)) => Clears::At(a.min(b)),
            (Clears::At(t), Clears::Never) | (Clears::Never, Clears::At(t)) => Clears::At(t),
            (Clears::Unknown, _) | (_, Clears::Unknown) => Clears::Unknown,
            (Clears::Never, Clears::Never) => Clears::Never,
        }
    }
}

/// One finding about a contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    /// The rule, with citation and \[V\]/\[S\]/\[U\] status.
    pub rule: RuleRef,
    /// Block or warn.
    pub severity: Severity,
    /// Lowercase message naming the figures.
    pub message: String,
    /// Times of the earlier events that count toward the finding.
    pub events: Vec<DateTime<Utc>>,
    /// When the blocking condition clears.
    pub clears: Clears,
}

/// The result of checking one contact.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Verdict {
    /// Blocking findings, in rule-evaluation order.
    pub violations: Vec<Finding>,
    /// Warnings and output flags.
    pub warnings: Vec<Finding>,
}

impl Verdict {
    /// Whether the contact passes (no blocking finding).
    pub fn passes(&self) -> bool {
        self.violations.is_empty()
    }

    /// Ids of the violated rules, in order.
    pub fn violated_ids(&self) -> Vec<&str> {
        self.violations.iter().map(|f| f.rule.id.as_str()).collect()
    }

    /// Ids of the warnings, in order.
    pub fn warning_ids(&self) -> Vec<&str> {
        self.warnings.iter().map(|f| f.rule.id.as_str()).collect()
    }

    pub(crate) fn block(
        &mut self,
        rule: &RuleRef,
        message: String,
        events: Vec<DateTime<Utc>>,
        clears: Clears,
    ) {
        self.violations.push(Finding {
            rule: rule.clone(),
            severity: Severity::Block,
            message,
            events,
            clears,
        });
    }

    pub(crate) fn warn(&mut self, rule: &RuleRef, message: String, events: Vec<DateTime<Utc>>) {
        self.warnings.push(Finding {
            rule: rule.clone(),
            severity: Severity::Warn,
            message,
            events,
            clears: Clears::Unknown,
        });
    }
}
