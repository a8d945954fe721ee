//! Repayment-plan negotiation: requests, a negotiation policy, and decisions
//! that explain themselves (RULES.md §4).
//!
//! A [`PlanRequest`] asks for one or more [`Term`]s (installments, re-aging,
//! a settlement, token payments, a promise to pay, a deferral, a due-date
//! change, a rate change, waivers, a debt-advice referral). [`evaluate`]
//! checks it against a [`NegotiationPolicy`] for an account's
//! [`Position`](crate::loan::Position) and the [`DebtorFacts`], and returns a
//! [`Decision`]:
//!
//! - [`Decision::Approved`]: the plan as asked, the approval level and every
//!   rule applied with its figures;
//! - [`Decision::CounterOffer`]: the plan inside the rules closest to what
//!   was asked (the installment count nearest the request that meets the
//!   count limit, the minimum installment and affordability; the largest
//!   waiver allowed; the lowest settlement allowed), with the reasons;
//! - [`Decision::Rejected`]: every failing rule, with its id, limit and
//!   actual value, and the forbearance options the policy offers instead.
//!
//! Every [`RuleOutcome`] carries a rule id, citation and
//! [`RuleStatus`](crate::delinquency::RuleStatus). A plan conserves money: its
//! schedule sums, component by component, to the covered balance less the
//! approved waivers. The engine never *requires* new borrowing, a sale of
//! the home or a lump sum ([`Requirement`]), and never counters an
//! installment plan with a lump sum.
//!
//! # Example
//!
//! RULES.md §4's illustration: at most 24 installments of at least 300, a
//! discount of at most 20 %; 36 installments on 10,000 are countered with 24.
//!
//! ```
//! use arrears::delinquency::RuleStatus;
//! use arrears::loan::{Frequency, Loan, LoanTerms, RepaymentMethod};
//! use arrears::money::{Currency, Money, Rate};
//! use arrears::plan::*;
//! use chrono::NaiveDate;
//! use rust_decimal::Decimal;
//!
//! let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
//! // A bullet loan of 10,000 at 0 % due 2026-01-15, unpaid on 2026-03-01.
//! let loan = Loan::new(LoanTerms::new("L", Money::new(Decimal::from(10_000), Currency::CNY),
//!     d(2025, 12, 15), Rate::ZERO, RepaymentMethod::Bullet, 1, d(2026, 1, 15)))?;
//! let as_of = d(2026, 3, 1);
//! let position = loan.position(as_of)?;
//!
//! let rule = |id: &str| RuleRef::new(id, "", RuleStatus::Unverified);
//! let policy = NegotiationPolicy::new("example", Currency::CNY).with_limits(Limits {
//!     max_installments: Some(CountLimit { value: 24, rule: rule("ex.max_installments") }),
//!     min_installment: Some(AmountLimit { amount: Decimal::from(300), rule: rule("ex.min") }),
//!     ..Limits::default()
//! })?;
//! let request = PlanRequest::new(Currency::CNY, vec![Term::Installments {
//!     count: 36, frequency: Frequency::Monthly, first_due: d(2026, 4, 1), down_payment: None,
//! }]);
//! let decision = evaluate(&request, &position, &DebtorFacts::default(), &policy, as_of)?;
//! let Decision::CounterOffer { plan, reasons, .. } = decision else { panic!() };
//! assert_eq!(plan.schedule().len(), 24);
//! assert_eq!(plan.schedule()[0].total()?.to_string(), "416.67 CNY");
//! assert_eq!(plan.schedule()[23].total()?.to_string(), "416.59 CNY");
//! assert_eq!(reasons[0].rule.id, "ex.max_installments");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod account;
mod checks;
mod count;
mod evaluate;
mod holiday;
mod input;
mod monitor;
mod policy;
mod presets;
mod request;
mod rules;
mod schedule;
mod terms;

pub use account::PlanAccount;
pub use evaluate::evaluate;
pub use monitor::{
    monitor_plan, promise_status, reage_refusals, MissedCount, MonitorPolicy, MonitoredInstallment,
    PlanReport, PlanStatus, Promise, PromiseStatus, ReAgeRefusal, Tolerance,
};
pub use policy::{
    Affordability, AmountLimit, ApprovalLimits, Band, ConductRule, CountLimit, DpdRange,
    Eligibility, FlagRule, IncomeBasis, InterestFloor, InterestRule, Limits, NegotiationPolicy,
    PercentLimit, ProductRule, RuleRef, TermRules, WaiverLimit,
};
pub use request::{
    AccountFlag, DebtorFacts, ForbearanceOption, PlanRequest, Requirement, Scope, Term, TermKind,
};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::loan::{Breakdown, Component};
use crate::money::{Currency, Money, Rate};

/// Which rule a [`RuleOutcome`] reports on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Check {
    /// Days past due within the eligible range.
    DaysPastDue,
    /// Product allowed.
    Product,
    /// Plans in the last 12 months.
    PlansLast12Months,
    /// Time since the last broken plan.
    BrokenPlan,
    /// A forbidden account flag.
    AccountFlag,
    /// A conduct guard-rail ([`Requirement`]).
    Conduct,
    /// Term kind offered.
    TermAllowed,
    /// Term kinds that may not be combined.
    TermCombination,
    /// Most installments.
    MaxInstallments,
    /// Longest plan, in months to the last due date.
    MaxTerm,
    /// Smallest installment.
    MinInstallment,
    /// Smallest down payment.
    MinDownPayment,
    /// Largest waiver of a component.
    MaxWaiver,
    /// Principal waived outside a settlement.
    PrincipalWaiver,
    /// Settlement floor (largest discount).
    SettlementFloor,
    /// Interest during the plan.
    Interest,
    /// Longest deferral.
    MaxDeferral,
    /// Longest token-payment period.
    TokenPayments,
    /// Latest promise-to-pay date.
    PromiseDate,
    /// Installment within the debtor's means.
    Affordability,
    /// Approval level by amount waived.
    Approval,
}

/// The result of one rule: which rule, the limit, the actual figure and,
/// in a counter-offer, the figure offered instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleOutcome {
    /// What was checked.
    pub check: Check,
    /// The rule: id, citation and status.
    pub rule: RuleRef,
    /// Where in the request (or facts) the figure comes from, e.g.
    /// `terms[0].count`.
    pub field: String,
    /// The limit, as text.
    pub limit: String,
    /// The actual figure, as text.
    pub actual: String,
    /// In a counter-offer, the figure offered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offered: Option<String>,
    /// What happened, naming the figures.
    pub message: String,
}

/// Who must approve a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ApprovalLevel {
    /// Within the agent's (or the system's) authority.
    Automatic,
    /// A supervisor.
    Supervisor,
    /// A credit committee.
    Committee,
}

/// Interest charged while a plan runs. The schedule spreads the covered
/// balance only; interest accruing under this treatment is added by the
/// accrual engine as it accrues.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum PlanInterest {
    /// The contract rate.
    Contract,
    /// A reduced rate for some months.
    Reduced {
        /// The annual rate.
        rate: Rate,
        /// For how many months.
        months: u32,
    },
    /// No interest for some months.
    Frozen {
        /// For how many months.
        months: u32,
    },
}

/// One payment of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanInstallment {
    /// 1-based sequence number; 0 is a down payment.
    pub seq: u32,
    /// When it falls due.
    pub due_date: NaiveDate,
    /// What it pays, by component.
    pub amounts: Breakdown,
}

impl PlanInstallment {
    /// The installment's total.
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`].
    pub fn total(&self) -> Result<Money> {
        self.amounts.total()
    }
}

/// An approved (or offered) plan.
///
/// Invariant, checked on deserialization: for every component, the
/// schedule's amounts plus the waived amount equal the covered amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "PlanData", into = "PlanData")]
pub struct Plan {
    terms: Vec<Term>,
    covered: Breakdown,
    waived: Breakdown,
    schedule: Vec<PlanInstallment>,
    interest: PlanInterest,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanData {
    terms: Vec<Term>,
    covered: Breakdown,
    waived: Breakdown,
    schedule: Vec<PlanInstallment>,
    interest: PlanInterest,
}

impl TryFrom<PlanData> for Plan {
    type Error = Error;
    fn try_from(d: PlanData) -> Result<Plan> {
        let plan = Plan {
            terms: d.terms,
            covered: d.covered,
            waived: d.waived,
            schedule: d.schedule,
            interest: d.interest,
        };
        plan.check_conservation()?;
        Ok(plan)
    }
}

impl From<Plan> for PlanData {
    fn from(p: Plan) -> PlanData {
        PlanData {
            terms: p.terms,
            covered: p.covered,
            waived: p.waived,
            schedule: p.schedule,
            interest: p.interest,
        }
    }
}

impl Plan {
    /// The terms as approved or offered.
    pub fn terms(&self) -> &[Term] {
        &self.terms
    }
    /// The currency.
    pub fn currency(&self) -> Currency {
        self.covered.currency()
    }
    /// What the plan deals with, by component (scheduled plus waived).
    pub fn covered(&self) -> &Breakdown {
        &self.covered
    }
    /// What is waived, by component (waivers and settlement discount).
    pub fn waived(&self) -> &Breakdown {
        &self.waived
    }
    /// The payments, in order; a down payment comes first with `seq` 0.
    pub fn schedule(&self) -> &[PlanInstallment] {
        &self.schedule
    }
    /// Interest while the plan runs.
    pub fn interest(&self) -> PlanInterest {
        self.interest
    }

    /// The schedule's total, by component.
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`] or [`Error::CurrencyMismatch`].
    pub fn scheduled(&self) -> Result<Breakdown> {
        self.schedule
            .iter()
            .try_fold(Breakdown::zero(self.currency()), |acc, i| {
                acc.checked_add(&i.amounts)
            })
    }

    /// Checks that the schedule plus waivers equal the covered balance,
    /// component by component.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidField`] naming the first component that does not
    /// balance; [`Error::Overflow`] or [`Error::CurrencyMismatch`].
    pub fn check_conservation(&self) -> Result<()> {
        let total = self.scheduled()?.checked_add(&self.waived)?;
        for c in Component::ALL {
            if total.amount(c) != self.covered.amount(c) {
                return Err(Error::invalid(
                    format!("plan.schedule.{}", c.as_str()),
                    total.amount(c),
                    format!(
                        "scheduled plus waived must equal the covered `{}`",
                        self.covered.amount(c)
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// The outcome of negotiating a [`PlanRequest`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "decision", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Decision {
    /// The plan as asked.
    Approved {
        /// The plan.
        plan: Plan,
        /// Who must approve it.
        approval_level: ApprovalLevel,
        /// Every rule checked, with its figures.
        rules_applied: Vec<RuleOutcome>,
    },
    /// A plan inside the rules, as close as possible to the request.
    CounterOffer {
        /// The plan offered.
        plan: Plan,
        /// Who must approve it.
        approval_level: ApprovalLevel,
        /// The rules that the request broke, each with the figure offered.
        reasons: Vec<RuleOutcome>,
        /// The rules the offer meets.
        rules_applied: Vec<RuleOutcome>,
    },
    /// No plan can be agreed.
    Rejected {
        /// Every failing rule.
        failures: Vec<RuleOutcome>,
        /// Forbearance options the policy offers instead.
        forbearance: Vec<ForbearanceOption>,
    },
}

impl Decision {
    /// The plan, unless rejected.
    pub fn plan(&self) -> Option<&Plan> {
        match self {
            Decision::Approved { plan, .. } | Decision::CounterOffer { plan, .. } => Some(plan),
            Decision::Rejected { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests;
