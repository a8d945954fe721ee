//! The parts of a negotiation policy: rule references, limits, bands,
//! eligibility, affordability, approval, term and conduct rules.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::request::{AccountFlag, Requirement, TermKind};
use crate::error::Validator;
use crate::loan::{Component, MAX_TERM};
use crate::money::Rate;

pub use crate::rule::RuleRef;

/// A count limit (installments, days, plans) with its rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountLimit {
    /// The limit.
    pub value: u32,
    /// Its rule.
    pub rule: RuleRef,
}

/// An amount in the policy's currency with its rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AmountLimit {
    /// The amount, e.g. `"300"`.
    #[serde(with = "crate::money::serde_str")]
    pub amount: Decimal,
    /// Its rule.
    pub rule: RuleRef,
}

/// A percentage (0–100, `"20"` = 20 %) with its rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PercentLimit {
    /// The percentage.
    #[serde(with = "crate::money::serde_str")]
    pub percent: Decimal,
    /// Its rule.
    pub rule: RuleRef,
}

/// The largest waiver of one component, as a percentage of what is
/// outstanding of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaiverLimit {
    /// The component (never principal: principal is waived only through a
    /// settlement discount).
    pub component: Component,
    /// The percentage (0–100).
    #[serde(with = "crate::money::serde_str")]
    pub percent: Decimal,
    /// Its rule.
    pub rule: RuleRef,
}

/// The lowest interest a plan may charge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "snake_case",
    deny_unknown_fields,
    from = "InterestFloorRepr"
)]
#[non_exhaustive]
pub enum InterestFloor {
    /// The contract rate: no rate change.
    Contract,
    /// A reduced rate, not below `rate`.
    Reduced {
        /// The lowest annual rate.
        rate: Rate,
    },
    /// Interest may be frozen.
    Frozen,
}

/// [`InterestFloor`] as read: every variant a struct, so that an unknown
/// key (`type = "frozen"` with `rate = "0.02"`) is an error.
#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
enum InterestFloorRepr {
    Contract {},
    Reduced { rate: Rate },
    Frozen {},
}

impl From<InterestFloorRepr> for InterestFloor {
    fn from(r: InterestFloorRepr) -> InterestFloor {
        match r {
            InterestFloorRepr::Contract {} => InterestFloor::Contract,
            InterestFloorRepr::Reduced { rate } => InterestFloor::Reduced { rate },
            InterestFloorRepr::Frozen {} => InterestFloor::Frozen,
        }
    }
}

/// Interest during a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InterestRule {
    /// The lowest interest allowed.
    pub floor: InterestFloor,
    /// The longest rate change, in months.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_months: Option<u32>,
    /// Its rule.
    pub rule: RuleRef,
}

/// Negotiation limits. Absent limits do not constrain, except waivers and
/// settlement discounts, which are opt-in: a component without a
/// [`WaiverLimit`] cannot be waived, and without `max_discount` no
/// settlement below the balance is allowed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// Most installments in a plan, whatever their frequency (an operator's
    /// limit; the legal limit on a plan's length is `max_term_months`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_installments: Option<CountLimit>,
    /// Longest plan, in months from the evaluation date to the last due
    /// date of its schedule (installments, re-aging, settlement and token
    /// payments), a deferral and due-date change with them included (cn:
    /// 60, `cn.card_rules_2011.art70`, 个性化分期 ≤ 5 年); they are countered
    /// with the most that end in time. A payment holiday (a deferral or a
    /// due-date change alone) agrees no new term: it moves the loan's own
    /// schedule and is held to `max_deferral_days` only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_term_months: Option<CountLimit>,
    /// Smallest installment (the last may be smaller if it is the only one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_installment: Option<AmountLimit>,
    /// Smallest down payment, as a percentage (below 100) of the balance
    /// the installments schedule: the covered balance less any waivers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_down_payment: Option<PercentLimit>,
    /// Largest waiver per component.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub max_waiver: Vec<WaiverLimit>,
    /// Largest settlement discount, as a percentage of the outstanding
    /// balance (below 100): the settlement floor is `100 − max_discount` %.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_discount: Option<PercentLimit>,
    /// Interest during the plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interest: Option<InterestRule>,
    /// Longest deferral, in days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_deferral_days: Option<CountLimit>,
    /// Latest promise-to-pay date, in days after the evaluation date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_promise_days: Option<CountLimit>,
}

impl Limits {
    /// `self` with every limit that `other` sets replaced by `other`'s
    /// (waiver limits are replaced per component).
    pub fn overlaid(&self, other: &Limits) -> Limits {
        fn pick<T: Clone>(a: &Option<T>, b: &Option<T>) -> Option<T> {
            b.clone().or_else(|| a.clone())
        }
        let mut max_waiver: Vec<WaiverLimit> = self
            .max_waiver
            .iter()
            .filter(|w| !other.max_waiver.iter().any(|o| o.component == w.component))
            .cloned()
            .collect();
        max_waiver.extend(other.max_waiver.iter().cloned());
        max_waiver.sort_by_key(|w| w.component);
        Limits {
            max_installments: pick(&self.max_installments, &other.max_installments),
            max_term_months: pick(&self.max_term_months, &other.max_term_months),
            min_installment: pick(&self.min_installment, &other.min_installment),
            min_down_payment: pick(&self.min_down_payment, &other.min_down_payment),
            max_waiver,
            max_discount: pick(&self.max_discount, &other.max_discount),
            interest: pick(&self.interest, &other.interest),
            max_deferral_days: pick(&self.max_deferral_days, &other.max_deferral_days),
            max_promise_days: pick(&self.max_promise_days, &other.max_promise_days),
        }
    }

    /// The waiver limit for `component`, if any.
    pub fn waiver_limit(&self, component: Component) -> Option<&WaiverLimit> {
        self.max_waiver.iter().find(|w| w.component == component)
    }

    pub(super) fn check(&self, path: &str, v: &mut Validator) {
        if let Some(l) = &self.max_installments {
            l.rule.check(&format!("{path}.max_installments"), v);
            if l.value == 0 || l.value > MAX_TERM {
                v.push(
                    format!("{path}.max_installments.value"),
                    l.value,
                    format!("must be in 1..={MAX_TERM}"),
                );
            }
        }
        if let Some(l) = &self.max_term_months {
            l.rule.check(&format!("{path}.max_term_months"), v);
            if l.value == 0 || l.value > MAX_TERM {
                v.push(
                    format!("{path}.max_term_months.value"),
                    l.value,
                    format!("must be in 1..={MAX_TERM}"),
                );
            }
        }
        if let Some(l) = &self.min_installment {
            l.rule.check(&format!("{path}.min_installment"), v);
            if l.amount < Decimal::ZERO {
                v.push(
                    format!("{path}.min_installment.amount"),
                    l.amount,
                    "must not be negative",
                );
            }
        }
        for (name, l) in [
            ("min_down_payment", &self.min_down_payment),
            ("max_discount", &self.max_discount),
        ] {
            if let Some(l) = l {
                l.rule.check(&format!("{path}.{name}"), v);
                if l.percent < Decimal::ZERO || l.percent >= Decimal::ONE_HUNDRED {
                    v.push(
                        format!("{path}.{name}.percent"),
                        l.percent,
                        "must be at least 0 and below 100",
                    );
                }
            }
        }
        for (i, w) in self.max_waiver.iter().enumerate() {
            let p = format!("{path}.max_waiver[{i}]");
            w.rule.check(&p, v);
            if w.percent < Decimal::ZERO || w.percent > Decimal::ONE_HUNDRED {
                v.push(format!("{p}.percent"), w.percent, "must be in 0..=100");
            }
            if w.component == Component::Principal {
                v.push(
                    format!("{p}.component"),
                    "principal",
                    "principal is waived only through a settlement discount (`max_discount`)",
                );
            }
            if let Some(j) = self.max_waiver[..i]
                .iter()
                .position(|o| o.component == w.component)
            {
                v.push(
                    format!("{p}.component"),
                    w.component.as_str(),
                    format!("duplicate component, already at `{path}.max_waiver[{j}]`"),
                );
            }
        }
        if let Some(r) = &self.interest {
            r.rule.check(&format!("{path}.interest"), v);
            if r.max_months == Some(0) {
                v.push(
                    format!("{path}.interest.max_months"),
                    0,
                    "must be at least 1",
                );
            }
        }
        for (name, l) in [
            ("max_deferral_days", &self.max_deferral_days),
            ("max_promise_days", &self.max_promise_days),
        ] {
            if let Some(l) = l {
                l.rule.check(&format!("{path}.{name}"), v);
                if l.value == 0 {
                    v.push(format!("{path}.{name}.value"), 0, "must be at least 1");
                }
            }
        }
    }
}

/// Limits that replace the defaults for accounts in a band of days past
/// due (and, optionally, of a product or from a balance up).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// Lowest days past due (inclusive).
    pub min_dpd: u32,
    /// Highest days past due (inclusive); open-ended when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_dpd: Option<u32>,
    /// Only for this product.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    /// Only from this outstanding balance up.
    #[serde(
        default,
        with = "crate::money::serde_str::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub min_balance: Option<Decimal>,
    /// The limits that apply in the band.
    pub limits: Limits,
}

impl Band {
    /// True if the band applies.
    pub fn matches(&self, dpd: u32, product: Option<&str>, balance: Decimal) -> bool {
        dpd >= self.min_dpd
            && self.max_dpd.map_or(true, |m| dpd <= m)
            && self.product.as_deref().map_or(true, |p| product == Some(p))
            && self.min_balance.map_or(true, |m| balance >= m)
    }
}

/// Days-past-due range in which plans are offered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DpdRange {
    /// Lowest (inclusive).
    pub min: u32,
    /// Highest (inclusive); open-ended when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<u32>,
    /// Its rule.
    pub rule: RuleRef,
}

/// Product types that may have a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductRule {
    /// Allowed product names.
    pub allowed: Vec<String>,
    /// Its rule.
    pub rule: RuleRef,
}

/// An account flag that bars a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlagRule {
    /// The flag.
    pub flag: AccountFlag,
    /// Its rule.
    pub rule: RuleRef,
}

/// Who may have a plan at all. These failures cannot be countered.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Eligibility {
    /// Days past due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpd: Option<DpdRange>,
    /// Products.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub products: Option<ProductRule>,
    /// Most plans agreed in any 12 months, this one included: the request
    /// is refused when the plans agreed in the 12 months before it
    /// ([`DebtorFacts::plans_last_12_months`](super::DebtorFacts::plans_last_12_months))
    /// already reach the limit (1: no second plan within a year; 0: no plan
    /// at all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_plans_12_months: Option<CountLimit>,
    /// Days that must pass after a broken plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub broken_plan_cooldown_days: Option<CountLimit>,
    /// Flags that bar a plan.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forbidden_flags: Vec<FlagRule>,
}

/// What the debtor's payment is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum IncomeBasis {
    /// Declared monthly income.
    Income,
    /// Income less declared expenses (income alone when no expenses are
    /// declared).
    Disposable,
}

/// Affordability: an installment, as a monthly amount, at most `percent` of
/// the basis. Checked only when the debtor declares an income.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Affordability {
    /// The share (above 0, at most 100).
    #[serde(with = "crate::money::serde_str")]
    pub percent: Decimal,
    /// Of what.
    pub basis: IncomeBasis,
    /// Its rule.
    pub rule: RuleRef,
}

/// Who approves a plan, by the total waived (waivers and settlement
/// discount), in the policy's currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApprovalLimits {
    /// Above this a supervisor approves.
    #[serde(
        default,
        with = "crate::money::serde_str::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub supervisor_above: Option<Decimal>,
    /// Above this a committee approves.
    #[serde(
        default,
        with = "crate::money::serde_str::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub committee_above: Option<Decimal>,
    /// Its rule.
    pub rule: RuleRef,
}

/// Which term kinds are offered, and which may not be combined.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermRules {
    /// Kinds offered.
    pub allowed: Vec<TermKind>,
    /// Pairs that may not appear in one request.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub incompatible: Vec<[TermKind; 2]>,
    /// Its rule.
    pub rule: RuleRef,
}

/// A conduct guard-rail: the rule cited when a request carries a
/// [`Requirement`]. Requirements are rejected whether or not a rule names
/// them; this only chooses the citation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConductRule {
    /// The requirement.
    pub forbids: Requirement,
    /// Its rule.
    pub rule: RuleRef,
}
