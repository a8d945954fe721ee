//! Running a scenario: the loans built, the events applied in date order,
//! and every expectation checked.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{expect_section, Outcome, Report, Scenario};
use crate::accrual::{accrue, payoff, AccrualKind};
use crate::compliance::contact::{
    Account as ContactAccount, Attempt, ContactChecker, NextPermitted,
};
use crate::compliance::language::TextChecker;
use crate::delinquency::Delinquency;
use crate::error::{Error, Result};
use crate::loan::Loan;
use crate::plan::{evaluate, Decision};
use crate::policy::CollectionPolicy;

impl Scenario {
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
