//! `evaluate`: a request, a position, the debtor's facts and a policy in; a
//! decision out.

use std::fmt::Display;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::policy::{Limits, NegotiationPolicy, RuleRef};
use super::request::{DebtorFacts, PlanRequest, Scope, Term, TermKind};
use super::terms::{self, Built};
use super::{ApprovalLevel, Check, Decision, RuleOutcome};
use crate::delinquency::{Delinquency, DelinquencyOptions, RuleStatus};
use crate::error::{Error, Result};
use crate::loan::{Breakdown, Position};
use crate::money::{Currency, Money, Rate};

/// Evaluates a plan request against a policy, for the account whose
/// position is `position`, as of `as_of` (the negotiation date).
///
/// # Days past due
///
/// `facts.days_past_due` when given; otherwise measured as of `as_of` from
/// the oldest installment of `position` that is unpaid and due before the
/// position's date (raw DPD, no grace or tolerance: the same figure as
/// [`Delinquency::assess`] with [`DelinquencyOptions::default`] when the
/// position is taken on `as_of`). DPD chooses the eligibility outcome and
/// the [`Band`](super::Band)s whose limits apply.
///
/// # What is covered
///
/// Installments cover the request's [`Scope`] (everything outstanding by
/// default); re-aging and settlements cover everything outstanding; token
/// payments and promises cover what they pay. Waivers come off the covered
/// balance first; a settlement discount is taken from penalty, fee,
/// interest and principal in that order, and each installment pays
/// penalty, fee, interest and principal in that order, so the components
/// stay apart and each sums exactly. Installments are `total / n` rounded
/// half-up to the minor unit, the last taking the remainder; if that would
/// leave the last below the minimum installment, `total / n` is rounded
/// down instead, so that no installment is below the minimum whenever the
/// balance allows it.
///
/// # Counter-offers
///
/// A failing limit that can be met by changing a figure is countered: the
/// installment count nearest the request that meets the count limit, the
/// term limit (the last payment within `max_term_months` of `as_of`), the
/// minimum installment (`n × min ≤ balance`, except a single installment)
/// and affordability (the fewest installments that fit); the lowest
/// settlement and the largest waiver, deferral, rate cut or token period
/// allowed; the latest first due date the deferral limit allows (a first
/// payment more than one period after `as_of` defers by the days beyond
/// it), or fewer deferral days when no first due date is early enough; a
/// payment holiday moved on to a new day of the month is held to the limit
/// by its whole move; a required minimum down payment; a term kind that is not offered
/// (or not combinable) is dropped, and so is a rate change that is not
/// below [`DebtorFacts::contract_rate`] (or when that is unknown).
/// Eligibility and conduct failures cannot be countered, nor can a plan
/// that fits no count: the request is then rejected, listing every
/// failure. Settlements are the debtor's offer and are not checked for
/// affordability. The engine never proposes a lump sum in place of
/// installments: a request for several payments that only one would fit is
/// rejected.
///
/// # Errors
///
/// Bad input, each naming the field and value: [`Error::CurrencyMismatch`]
/// if the request's currency is not the position's; [`Error::InvalidField`]
/// for a request in another currency than the policy, an amount in another
/// currency than the request, no terms, two schedule terms (or two of one
/// kind, or two waivers of one component, or a waiver beside a settlement),
/// a zero count or months, a first due date (or settlement, promise or
/// deferral date) before `as_of`, a waiver above 100 % or above what is
/// owed, a settlement or promise larger than the balance, a down payment
/// not below the balance, a day of month outside 1..=31, a due-date change
/// on a weekly schedule, a deferral or due-date change beside a promise to
/// pay, an amount with more decimal places than the currency's minor unit,
/// a position dated after `as_of`, nothing owed, or a request scoped to
/// the overdue balance ([`Scope::Overdue`]) when nothing is overdue.
/// [`Error::Overflow`] and [`Error::DateOutOfRange`] on absurd figures.
pub fn evaluate(
    request: &PlanRequest,
    position: &Position,
    facts: &DebtorFacts,
    policy: &NegotiationPolicy,
    as_of: NaiveDate,
) -> Result<Decision> {
    let currency = super::input::check_currencies(request, position, facts, policy)?;
    if position.as_of() > as_of {
        return Err(Error::invalid(
            "position.as_of",
            position.as_of(),
            format!("is after the evaluation date `{as_of}`"),
        ));
    }
    super::input::check_structure(&request.terms)?;
    let outstanding = *position.outstanding();
    let total = outstanding.total()?;
    if !total.is_positive() {
        return Err(Error::invalid(
            "position.outstanding",
            total,
            "nothing is owed, so there is nothing to negotiate",
        ));
    }
    let dpd = facts.days_past_due.unwrap_or_else(|| {
        let since = position
            .oldest_overdue(Decimal::ZERO)
            .map(|i| i.overdue_from());
        Delinquency::from_overdue_since(since, as_of, &DelinquencyOptions::default())
            .days_past_due()
    });
    let limits = policy.limits_for(dpd, facts.product.as_deref(), total.amount());
    let mut ev = Eval {
        policy,
        limits,
        as_of,
        currency,
        dp: crate::plan::schedule::dp_for(currency, total.amount()),
        contract_rate: facts.contract_rate,
        applied: Vec::new(),
        failed: Vec::new(),
    };
    ev.eligibility(request, facts, dpd, as_of);
    let keep = ev.term_kinds(&request.terms);
    let (base, overdue_only) = match (request.scope, schedule_kind(&request.terms)) {
        (_, Some(TermKind::ReAge | TermKind::Settlement)) | (Scope::Outstanding, _) => {
            (outstanding, false)
        }
        (Scope::Overdue, _) => (*position.overdue(), true),
    };
    if overdue_only && !base.total()?.is_positive() {
        return Err(Error::invalid(
            "request.scope",
            "overdue",
            format!(
                "nothing is overdue as of `{}`, so there is nothing to cover",
                position.as_of()
            ),
        ));
    }
    let cap = affordability_cap(policy, facts, ev.dp)?;
    // A deferral alone moves the covered installments (all of them when
    // everything outstanding is covered; the overdue balance as one).
    let dues = if base == outstanding {
        position
            .installments()
            .iter()
            .map(|i| Ok((i.due_date(), i.outstanding().total()?.amount())))
            .filter(|r| !matches!(r, Ok((_, a)) if a.is_zero()))
            .collect::<Result<Vec<_>>>()?
    } else {
        Vec::new()
    };
    let built = terms::build(&mut ev, &request.terms, &keep, &base, cap, &dues)?;
    ev.finish(built)
}

/// The state of one evaluation: effective limits and the outcomes so far.
pub(super) struct Eval<'a> {
    pub(super) policy: &'a NegotiationPolicy,
    pub(super) limits: Limits,
    pub(super) as_of: NaiveDate,
    pub(super) currency: Currency,
    pub(super) dp: u32,
    /// The account's contract rate, if known (`DebtorFacts::contract_rate`).
    pub(super) contract_rate: Option<Rate>,
    applied: Vec<RuleOutcome>,
    /// Failures, each with whether it was countered.
    failed: Vec<(RuleOutcome, bool)>,
}

/// A failure to report: `offered` is `Some` when it was countered.
pub(super) struct Finding<'r> {
    pub(super) check: Check,
    pub(super) rule: &'r RuleRef,
    pub(super) field: String,
    pub(super) limit: String,
    pub(super) actual: String,
    pub(super) message: String,
}

impl Finding<'_> {
    fn into_outcome(self, offered: Option<String>) -> RuleOutcome {
        RuleOutcome {
            check: self.check,
            rule: self.rule.clone(),
            field: self.field,
            limit: self.limit,
            actual: self.actual,
            offered,
            message: self.message,
        }
    }
}

/// Builds a [`Finding`].
pub(super) fn finding<'r>(
    check: Check,
    rule: &'r RuleRef,
    field: impl Into<String>,
    limit: impl Display,
    actual: impl Display,
    message: String,
) -> Finding<'r> {
    Finding {
        check,
        rule,
        field: field.into(),
        limit: limit.to_string(),
        actual: actual.to_string(),
        message,
    }
}

impl Eval<'_> {
    /// A rule that passed.
    pub(super) fn pass(&mut self, f: Finding<'_>) {
        self.applied.push(f.into_outcome(None));
    }
    /// A rule that failed and was countered with `offered`.
    pub(super) fn counter(&mut self, f: Finding<'_>, offered: impl Display) {
        self.failed
            .push((f.into_outcome(Some(offered.to_string())), true));
    }
    /// A rule that failed and cannot be countered.
    pub(super) fn fail(&mut self, f: Finding<'_>) {
        self.failed.push((f.into_outcome(None), false));
    }
    /// Turns every countered failure into a hard one (nothing is left to
    /// offer).
    pub(super) fn harden(&mut self) {
        for (o, countered) in &mut self.failed {
            *countered = false;
            o.offered = None;
        }
    }

    fn eligibility(
        &mut self,
        request: &PlanRequest,
        facts: &DebtorFacts,
        dpd: u32,
        as_of: NaiveDate,
    ) {
        let policy = self.policy;
        let e = &policy.eligibility;
        if let Some(r) = &e.dpd {
            let limit = match r.max {
                Some(max) => format!("{}..={max}", r.min),
                None => format!("{}..", r.min),
            };
            let ok = dpd >= r.min && r.max.map_or(true, |m| dpd <= m);
            let msg = if ok {
                format!("days past due `{dpd}` are within `{limit}`")
            } else {
                format!("days past due `{dpd}` are outside the eligible range `{limit}`")
            };
            self.record(
                ok,
                finding(
                    Check::DaysPastDue,
                    &r.rule,
                    "facts.days_past_due",
                    &limit,
                    dpd,
                    msg,
                ),
            );
        }
        if let Some(p) = e.products.as_ref().filter(|p| !p.allowed.is_empty()) {
            let product = facts.product.as_deref().unwrap_or("");
            let ok = p.allowed.iter().any(|a| a == product);
            let limit = p.allowed.join(", ");
            let msg = if ok {
                format!("product `{product}` may have a plan")
            } else {
                format!("product `{product}` is not among `{limit}`")
            };
            self.record(
                ok,
                finding(
                    Check::Product,
                    &p.rule,
                    "facts.product",
                    &limit,
                    product,
                    msg,
                ),
            );
        }
        if let Some(l) = &e.max_plans_12_months {
            let n = facts.plans_last_12_months;
            let ok = n < l.value;
            let msg = if ok {
                format!(
                    "`{n}` plans in the last 12 months, below the limit `{}`",
                    l.value
                )
            } else {
                format!(
                    "`{n}` plans in the last 12 months reach the limit `{}`",
                    l.value
                )
            };
            self.record(
                ok,
                finding(
                    Check::PlansLast12Months,
                    &l.rule,
                    "facts.plans_last_12_months",
                    l.value,
                    n,
                    msg,
                ),
            );
        }
        if let (Some(l), Some(broken)) = (&e.broken_plan_cooldown_days, facts.last_broken_plan) {
            let days = (as_of - broken).num_days();
            let ok = days >= i64::from(l.value);
            let msg = if ok {
                format!(
                    "last plan broken `{broken}`, `{days}` days ago; `{}` required",
                    l.value
                )
            } else {
                format!(
                    "last plan broken `{broken}`, only `{days}` days ago; `{}` required",
                    l.value
                )
            };
            self.record(
                ok,
                finding(
                    Check::BrokenPlan,
                    &l.rule,
                    "facts.last_broken_plan",
                    l.value,
                    days,
                    msg,
                ),
            );
        }
        for f in &e.forbidden_flags {
            if facts.flags.contains(&f.flag) {
                let flag = f.flag.as_str();
                self.fail(finding(
                    Check::AccountFlag,
                    &f.rule,
                    "facts.flags",
                    format!("not {flag}"),
                    flag,
                    format!("the account is flagged `{flag}`, which bars a plan"),
                ));
            }
        }
        for (i, req) in request.requirements.iter().enumerate() {
            let rule = policy
                .conduct
                .iter()
                .find(|c| c.forbids == *req)
                .map_or(&*NEVER_REQUIRE, |c| &c.rule);
            let name = req.as_str();
            self.fail(finding(
                Check::Conduct,
                rule,
                format!("requirements[{i}]"),
                "never required",
                name,
                format!("a plan may never require `{name}`"),
            ));
        }
    }

    fn record(&mut self, ok: bool, f: Finding<'_>) {
        if ok {
            self.pass(f)
        } else {
            self.fail(f)
        }
    }

    /// Which terms survive the offered kinds and combinations (`false` =
    /// dropped, countered).
    fn term_kinds(&mut self, terms: &[Term]) -> Vec<bool> {
        let rules = &self.policy.terms;
        let mut keep = vec![true; terms.len()];
        for (i, t) in terms.iter().enumerate() {
            let kind = t.kind();
            if !rules.allowed.contains(&kind) {
                keep[i] = false;
                self.counter(
                    finding(
                        Check::TermAllowed,
                        &rules.rule,
                        format!("terms[{i}]"),
                        "offered kinds",
                        kind,
                        format!(
                            "term `{kind}` is not offered by policy `{}`",
                            self.policy.id
                        ),
                    ),
                    "term dropped",
                );
            }
        }
        for j in 0..terms.len() {
            for i in 0..j {
                let (a, b) = (terms[i].kind(), terms[j].kind());
                let clash = rules
                    .incompatible
                    .iter()
                    .any(|[x, y]| (*x == a && *y == b) || (*x == b && *y == a));
                if clash && keep[i] && keep[j] {
                    keep[j] = false;
                    self.counter(
                        finding(
                            Check::TermCombination,
                            &rules.rule,
                            format!("terms[{j}]"),
                            format!("not with {a}"),
                            b,
                            format!("term `{b}` cannot be combined with `{a}` (`terms[{i}]`)"),
                        ),
                        "term dropped",
                    );
                }
            }
        }
        keep
    }

    fn finish(mut self, built: Option<Built>) -> Result<Decision> {
        let Some(built) = built else {
            self.harden();
            return Ok(self.rejected());
        };
        if self.failed.iter().any(|(_, countered)| !countered) {
            self.harden();
            return Ok(self.rejected());
        }
        let waived = built.plan.waived().total()?;
        let level = self.approval(waived);
        if self.failed.is_empty() {
            Ok(Decision::Approved {
                plan: built.plan,
                approval_level: level,
                rules_applied: self.applied,
            })
        } else {
            Ok(Decision::CounterOffer {
                plan: built.plan,
                approval_level: level,
                reasons: self.failed.into_iter().map(|(o, _)| o).collect(),
                rules_applied: self.applied,
            })
        }
    }

    fn rejected(self) -> Decision {
        Decision::Rejected {
            failures: self.failed.into_iter().map(|(o, _)| o).collect(),
            forbearance: self.policy.forbearance.clone(),
        }
    }

    fn approval(&mut self, waived: Money) -> ApprovalLevel {
        let Some(a) = &self.policy.approval else {
            return ApprovalLevel::Automatic;
        };
        let w = waived.amount();
        let level = if a.committee_above.is_some_and(|c| w > c) {
            ApprovalLevel::Committee
        } else if a.supervisor_above.is_some_and(|s| w > s) {
            ApprovalLevel::Supervisor
        } else {
            ApprovalLevel::Automatic
        };
        let show = |x: Option<Decimal>| x.map_or_else(|| "none".to_owned(), |x| x.to_string());
        let limit = format!(
            "supervisor above {}, committee above {}",
            show(a.supervisor_above),
            show(a.committee_above)
        );
        let name = match level {
            ApprovalLevel::Automatic => "automatic",
            ApprovalLevel::Supervisor => "supervisor",
            ApprovalLevel::Committee => "committee",
        };
        let msg = format!("`{waived}` waived: approval `{name}`");
        self.applied.push(RuleOutcome {
            check: Check::Approval,
            rule: a.rule.clone(),
            field: "plan.waived".to_owned(),
            limit,
            actual: w.to_string(),
            offered: None,
            message: msg,
        });
        level
    }
}

static NEVER_REQUIRE: std::sync::LazyLock<RuleRef> = std::sync::LazyLock::new(|| {
    RuleRef::new(
        "plan.never_require",
        "engine guard-rail (RULES.md §4): a plan may never require new borrowing, a sale or a lump sum",
        RuleStatus::Unverified,
    )
});

fn schedule_kind(terms: &[Term]) -> Option<TermKind> {
    terms.iter().map(Term::kind).find(|k| k.is_schedule())
}

/// The monthly amount an installment may take, if the debtor declared an
/// income and the policy has an affordability rule.
fn affordability_cap(
    policy: &NegotiationPolicy,
    facts: &DebtorFacts,
    dp: u32,
) -> Result<Option<Money>> {
    let (Some(rule), Some(income)) = (&policy.affordability, facts.monthly_income) else {
        return Ok(None);
    };
    let base = match (rule.basis, facts.monthly_expenses) {
        (super::IncomeBasis::Disposable, Some(exp)) => income.checked_sub(exp)?,
        _ => income,
    };
    let cap = crate::money::mul_div_round(
        base.amount().max(Decimal::ZERO),
        rule.percent,
        100,
        dp,
        crate::money::Rounding::TowardZero,
    )?;
    Ok(Some(Money::new(cap, income.currency())))
}

/// `balance − waived`, component by component.
pub(super) fn less(balance: &Breakdown, waived: &Breakdown) -> Result<Breakdown> {
    balance.checked_sub(waived)
}
