//! The rules accrual records cite, with their citations and status tags
//! (RULES.md: every `Accrual` carries the status of the rule it explains).

use super::card::{CardLateCharge, CardPolicy};
use super::engine::Accrual;
use super::policy::AccrualPolicy;
use crate::rule::{RuleId, RuleRef, RuleStatus};

/// Ids the engines cite that no policy field holds, with their references.
fn built_in(id: &str) -> Option<RuleRef> {
    let (citation, status) = match id {
        "caps.fees_per_installment" => (
            "the policy's own limit on late fees per installment (not a regulation)",
            RuleStatus::Unverified,
        ),
        "caps.fees_per_loan" => (
            "the policy's own limit on late fees per loan (not a regulation)",
            RuleStatus::Unverified,
        ),
        "us.reg_z.fee_le_violation_amount" => (
            "12 CFR 1026.52(b)(2)(i): a late fee is at most the required minimum periodic payment",
            RuleStatus::Verified,
        ),
        _ => return None,
    };
    Some(RuleRef::new(id, citation, status))
}

/// Every rule `records` cite (`rule` and `capped_by`), once each, in the
/// order first cited, looked up in `known` and then among the engines' own
/// ids; an id found nowhere is listed unverified with an empty citation.
pub(super) fn cited<'a>(
    records: impl Iterator<Item = &'a Accrual>,
    known: &[&RuleRef],
) -> Vec<RuleRef> {
    let mut out: Vec<RuleRef> = Vec::new();
    // Ids compare by their bytes, without re-checking them as `str`.
    let mut seen: Vec<&RuleId> = Vec::new();
    let ids = records.flat_map(|r| std::iter::once(&r.rule).chain(r.capped_by.as_ref()));
    for rid in ids {
        if seen.contains(&rid) {
            continue;
        }
        seen.push(rid);
        let id = rid.as_str();
        if out.iter().any(|r| r.id == id) {
            continue;
        }
        let rule = known
            .iter()
            .find(|r| r.id == id)
            .map(|r| (*r).clone())
            .or_else(|| built_in(id))
            .unwrap_or_else(|| RuleRef::new(id, "", RuleStatus::Unverified));
        out.push(rule);
    }
    out
}

impl AccrualPolicy {
    /// The rules `records` (from [`accrue`](super::accrue) under this
    /// policy) cite, with citation and status tag, once each in the order
    /// first cited; what [`AccrualReport::rules`](super::AccrualReport)
    /// holds.
    pub fn cited_rules(&self, records: &[Accrual]) -> Vec<RuleRef> {
        self.cited_rules_of(records.iter())
    }

    /// [`cited_rules`](Self::cited_rules) of any sequence of records.
    pub(super) fn cited_rules_of<'a>(
        &self,
        records: impl Iterator<Item = &'a Accrual>,
    ) -> Vec<RuleRef> {
        let mut known: Vec<&RuleRef> = Vec::new();
        if let Some(p) = self.penalty() {
            known.push(&p.rule);
            known.extend(p.compound_rule.as_ref());
        }
        if let Some(c) = &self.caps().annualized {
            known.push(&c.rule);
            known.extend(c.rate_rule.as_ref());
        }
        known.extend(self.late_fees().iter().map(|f| &f.rule));
        cited(records, &known)
    }
}

impl CardPolicy {
    /// The rules `records` (from [`accrue_card`](super::accrue_card) under
    /// this policy) cite, with citation and status tag, once each in the
    /// order first cited.
    pub fn cited_rules(&self, records: &[Accrual]) -> Vec<RuleRef> {
        let mut known: Vec<&RuleRef> = Vec::new();
        known.extend(self.interest.as_ref().map(|i| &i.rule));
        if let Some(c) = &self.late_charge {
            known.push(match c {
                CardLateCharge::PercentOfUnpaidMinimum { rule, .. } => rule,
                CardLateCharge::UsSafeHarbor { rule, .. } => rule,
            });
        }
        cited(records.iter(), &known)
    }
}
