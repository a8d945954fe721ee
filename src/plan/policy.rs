//! `NegotiationPolicy`: what a lender may agree to, as validated data.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::request::{ForbearanceOption, TermKind};
pub use super::rules::*;
use crate::delinquency::RuleStatus;
use crate::error::{Error, Result, Validator};
use crate::money::Currency;

/// What a lender may agree to: eligibility, limits (with DPD / product /
/// balance bands), affordability, approval levels, conduct guard-rails and
/// the forbearance options offered.
///
/// Built from a preset ([`cn`](Self::cn), [`us`](Self::us),
/// [`uk`](Self::uk)), with [`NegotiationPolicy::new`] and the `with_*`
/// methods, or from a file; all go through the same validation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawPolicy")]
pub struct NegotiationPolicy {
    pub(super) id: String,
    pub(super) currency: Currency,
    pub(super) eligibility: Eligibility,
    pub(super) limits: Limits,
    pub(super) bands: Vec<Band>,
    pub(super) affordability: Option<Affordability>,
    pub(super) approval: Option<ApprovalLimits>,
    pub(super) terms: TermRules,
    pub(super) conduct: Vec<ConductRule>,
    pub(super) forbearance: Vec<ForbearanceOption>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPolicy {
    id: String,
    currency: Currency,
    #[serde(default)]
    eligibility: Eligibility,
    #[serde(default)]
    limits: Limits,
    #[serde(default)]
    bands: Vec<Band>,
    #[serde(default)]
    affordability: Option<Affordability>,
    #[serde(default)]
    approval: Option<ApprovalLimits>,
    terms: TermRules,
    #[serde(default)]
    conduct: Vec<ConductRule>,
    #[serde(default)]
    forbearance: Vec<ForbearanceOption>,
}

impl TryFrom<RawPolicy> for NegotiationPolicy {
    type Error = Error;
    fn try_from(r: RawPolicy) -> Result<NegotiationPolicy> {
        let p = NegotiationPolicy {
            id: r.id,
            currency: r.currency,
            eligibility: r.eligibility,
            limits: r.limits,
            bands: r.bands,
            affordability: r.affordability,
            approval: r.approval,
            terms: r.terms,
            conduct: r.conduct,
            forbearance: r.forbearance,
        };
        p.validate()?;
        Ok(p)
    }
}

impl NegotiationPolicy {
    /// A policy in `currency` that offers installments only, with no
    /// limits; add them with the `with_*` methods.
    pub fn new(id: &str, currency: Currency) -> NegotiationPolicy {
        NegotiationPolicy {
            id: id.to_owned(),
            currency,
            eligibility: Eligibility::default(),
            limits: Limits::default(),
            bands: Vec::new(),
            affordability: None,
            approval: None,
            terms: TermRules {
                allowed: vec![TermKind::Installments],
                incompatible: Vec::new(),
                rule: RuleRef::new("plan.terms", "", RuleStatus::Unverified),
            },
            conduct: Vec::new(),
            forbearance: Vec::new(),
        }
    }

    /// Sets the eligibility rules.
    ///
    /// # Errors
    ///
    /// See [`validate`](Self::validate).
    pub fn with_eligibility(mut self, eligibility: Eligibility) -> Result<Self> {
        self.eligibility = eligibility;
        self.validated()
    }

    /// Sets the default limits.
    ///
    /// # Errors
    ///
    /// See [`validate`](Self::validate).
    pub fn with_limits(mut self, limits: Limits) -> Result<Self> {
        self.limits = limits;
        self.validated()
    }

    /// Adds a band (later bands override earlier ones where both match).
    ///
    /// # Errors
    ///
    /// See [`validate`](Self::validate).
    pub fn with_band(mut self, band: Band) -> Result<Self> {
        self.bands.push(band);
        self.validated()
    }

    /// Sets the affordability rule.
    ///
    /// # Errors
    ///
    /// See [`validate`](Self::validate).
    pub fn with_affordability(mut self, affordability: Affordability) -> Result<Self> {
        self.affordability = Some(affordability);
        self.validated()
    }

    /// Sets the approval thresholds.
    ///
    /// # Errors
    ///
    /// See [`validate`](Self::validate).
    pub fn with_approval(mut self, approval: ApprovalLimits) -> Result<Self> {
        self.approval = Some(approval);
        self.validated()
    }

    /// Sets the term kinds offered and the incompatible pairs.
    ///
    /// # Errors
    ///
    /// See [`validate`](Self::validate).
    pub fn with_terms(mut self, terms: TermRules) -> Result<Self> {
        self.terms = terms;
        self.validated()
    }

    /// Adds a conduct rule.
    ///
    /// # Errors
    ///
    /// See [`validate`](Self::validate).
    pub fn with_conduct(mut self, rule: ConductRule) -> Result<Self> {
        self.conduct.push(rule);
        self.validated()
    }

    /// Sets the forbearance options offered.
    ///
    /// # Errors
    ///
    /// See [`validate`](Self::validate).
    pub fn with_forbearance(mut self, options: Vec<ForbearanceOption>) -> Result<Self> {
        self.forbearance = options;
        self.validated()
    }

    fn validated(self) -> Result<Self> {
        self.validate()?;
        Ok(self)
    }

    /// The id, e.g. `cn`.
    pub fn id(&self) -> &str {
        &self.id
    }
    /// The currency of every amount in the policy.
    pub fn currency(&self) -> Currency {
        self.currency
    }
    /// Eligibility rules.
    pub fn eligibility(&self) -> &Eligibility {
        &self.eligibility
    }
    /// Default limits.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }
    /// Bands.
    pub fn bands(&self) -> &[Band] {
        &self.bands
    }
    /// Affordability rule.
    pub fn affordability(&self) -> Option<&Affordability> {
        self.affordability.as_ref()
    }
    /// Approval thresholds.
    pub fn approval(&self) -> Option<&ApprovalLimits> {
        self.approval.as_ref()
    }
    /// Term kinds and combinations.
    pub fn terms(&self) -> &TermRules {
        &self.terms
    }
    /// Conduct rules.
    pub fn conduct(&self) -> &[ConductRule] {
        &self.conduct
    }
    /// Forbearance options offered.
    pub fn forbearance(&self) -> &[ForbearanceOption] {
        &self.forbearance
    }

    /// The limits for an account: the defaults, overlaid by every matching
    /// band in order.
    pub fn limits_for(&self, dpd: u32, product: Option<&str>, balance: Decimal) -> Limits {
        self.bands
            .iter()
            .filter(|b| b.matches(dpd, product, balance))
            .fold(self.limits.clone(), |acc, b| acc.overlaid(&b.limits))
    }

    /// The longest token-payment period offered, if token payments are.
    pub fn max_token_months(&self) -> Option<u32> {
        self.forbearance.iter().find_map(|o| match o {
            ForbearanceOption::TokenPayments { max_months } => Some(*max_months),
            _ => None,
        })
    }

    /// Checks the policy.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPolicy`] listing every problem, with paths such as
    /// `limits.max_installments.value`: an empty id or rule id; a minimum
    /// above its maximum (`eligibility.dpd`, `bands[i]`, `approval`); a
    /// percentage out of range; a zero count; a principal or duplicate
    /// waiver limit; a term kind both allowed and paired with itself; token
    /// payments allowed without the `token_payments` forbearance option.
    pub fn validate(&self) -> Result<()> {
        let mut v = Validator::default();
        if self.id.trim().is_empty() {
            v.push("id", &self.id, "policy id must not be empty");
        }
        let e = &self.eligibility;
        if let Some(r) = &e.dpd {
            r.rule.check("eligibility.dpd", &mut v);
            if let Some(max) = r.max.filter(|m| *m < r.min) {
                v.push(
                    "eligibility.dpd.max",
                    max,
                    format!("is below the minimum `{}`", r.min),
                );
            }
        }
        if let Some(p) = &e.products {
            p.rule.check("eligibility.products", &mut v);
            for (i, s) in p.allowed.iter().enumerate() {
                if s.trim().is_empty() {
                    v.push(
                        format!("eligibility.products.allowed[{i}]"),
                        s,
                        "must not be empty",
                    );
                }
            }
        }
        if let Some(l) = &e.max_plans_12_months {
            l.rule.check("eligibility.max_plans_12_months", &mut v);
        }
        if let Some(l) = &e.broken_plan_cooldown_days {
            l.rule
                .check("eligibility.broken_plan_cooldown_days", &mut v);
        }
        for (i, f) in e.forbidden_flags.iter().enumerate() {
            f.rule
                .check(&format!("eligibility.forbidden_flags[{i}]"), &mut v);
        }
        self.limits.check("limits", &mut v);
        for (i, b) in self.bands.iter().enumerate() {
            let p = format!("bands[{i}]");
            if let Some(max) = b.max_dpd.filter(|m| *m < b.min_dpd) {
                v.push(
                    format!("{p}.max_dpd"),
                    max,
                    format!("is below `{p}.min_dpd` `{}`", b.min_dpd),
                );
            }
            if let Some(m) = b.min_balance.filter(|m| *m < Decimal::ZERO) {
                v.push(format!("{p}.min_balance"), m, "must not be negative");
            }
            b.limits.check(&format!("{p}.limits"), &mut v);
        }
        if let Some(a) = &self.affordability {
            a.rule.check("affordability", &mut v);
            if a.percent <= Decimal::ZERO || a.percent > Decimal::ONE_HUNDRED {
                v.push(
                    "affordability.percent",
                    a.percent,
                    "must be above 0 and at most 100",
                );
            }
        }
        if let Some(a) = &self.approval {
            a.rule.check("approval", &mut v);
            for (name, x) in [
                ("supervisor_above", a.supervisor_above),
                ("committee_above", a.committee_above),
            ] {
                if let Some(x) = x.filter(|x| *x < Decimal::ZERO) {
                    v.push(format!("approval.{name}"), x, "must not be negative");
                }
            }
            if let (Some(s), Some(c)) = (a.supervisor_above, a.committee_above) {
                if s > c {
                    v.push(
                        "approval.supervisor_above",
                        s,
                        format!("is above `approval.committee_above` `{c}`"),
                    );
                }
            }
        }
        self.terms.rule.check("terms", &mut v);
        for (i, [a, b]) in self.terms.incompatible.iter().enumerate() {
            if a == b {
                v.push(
                    format!("terms.incompatible[{i}]"),
                    a,
                    "a kind cannot be incompatible with itself",
                );
            }
        }
        for (i, c) in self.conduct.iter().enumerate() {
            c.rule.check(&format!("conduct[{i}]"), &mut v);
        }
        for (i, o) in self.forbearance.iter().enumerate() {
            if matches!(o, ForbearanceOption::TokenPayments { max_months: 0 }) {
                v.push(
                    format!("forbearance[{i}].max_months"),
                    0,
                    "must be at least 1",
                );
            }
        }
        if self.terms.allowed.contains(&TermKind::TokenPayments)
            && self.max_token_months().is_none()
        {
            v.push(
                "terms.allowed",
                "token_payments",
                "token payments need the `token_payments` forbearance option, which sets `max_months`",
            );
        }
        v.finish()
    }
}
