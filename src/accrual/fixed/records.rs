//! The replay's records as the report's [`Accrual`]s.

use super::{Amt, Cut, Fx, Rec, Replay};
use crate::accrual::engine::{Accrual, AccrualKind};
use crate::calendar::DayCount;
use crate::loan::Component;
use crate::money::Money;
use crate::rule::RuleId;

impl Replay<'_> {
    /// The records as [`Accrual`]s, and the records that first cite each
    /// rule (their index), in order: the rules the report cites are those
    /// of these.
    pub(super) fn records(&self) -> Fx<(Vec<Accrual>, Vec<usize>)> {
        let currency = self.loan.currency();
        let money = |a: Amt| Money::new(a.to_dec(), currency);
        let (posting, rounding) = (self.policy.posting(), self.policy.rounding());
        // What every record of a class shares: penalty, compound interest,
        // then each late fee rule. (kind, component, rule, day count,
        // fee minimum, fee maximum.)
        type Class = (
            AccrualKind,
            Component,
            RuleId,
            Option<DayCount>,
            Option<Money>,
            Option<Money>,
        );
        let dc = Some(self.penalty_dc);
        let mut classes: Vec<Class> = vec![
            (
                AccrualKind::PenaltyInterest,
                Component::Penalty,
                self.penalty_rule.clone(),
                dc,
                None,
                None,
            ),
            (
                AccrualKind::CompoundInterest,
                Component::Penalty,
                self.compound_rule.clone(),
                dc,
                None,
                None,
            ),
        ];
        classes.extend(self.policy.late_fees().iter().map(|f| {
            (
                AccrualKind::LateFee,
                Component::Fee,
                RuleId::new(&f.rule.id),
                None,
                f.min.map(|m| Money::new(m, currency)),
                f.max.map(|m| Money::new(m, currency)),
            )
        }));
        let class = |r: &Rec| match r.kind {
            AccrualKind::LateFee => 2 + r.fee,
            AccrualKind::CompoundInterest => 1,
            _ => 0,
        };
        // Every fee record names a rule of the policy, and only a replay
        // under an annualised cap cuts by it.
        if self.records.iter().any(|r| class(r) >= classes.len()) {
            return None;
        }
        let annual = self.cap.as_ref().map(|c| c.id().clone());
        let fee_caps = [
            RuleId::new("caps.fees_per_installment"),
            RuleId::new("caps.fees_per_loan"),
        ];
        let cut_by = |cut: Option<Cut>| -> Fx<Option<RuleId>> {
            Some(match cut {
                None => None,
                Some(Cut::FeesPerInstallment) => Some(fee_caps[0].clone()),
                Some(Cut::FeesPerLoan) => Some(fee_caps[1].clone()),
                Some(Cut::Annual) => Some(annual.clone()?),
            })
        };
        if self.records.iter().any(|r| cut_by(r.capped_by).is_none()) {
            return None;
        }
        // The first record of each class and cap, in order.
        let mut firsts = Vec::new();
        let mut seen: Vec<(usize, Option<Cut>)> = Vec::new();
        for (n, r) in self.records.iter().enumerate() {
            let key = (class(r), r.capped_by);
            if !seen.iter().any(|s| s.0 == key.0 && s.1 == key.1) {
                seen.push(key);
                firsts.push(n);
            }
        }
        let obligations = self.obligations;
        // Built in place (an exact-size iterator): no record is moved twice.
        let records = self
            .records
            .iter()
            .map(|r| {
                let (kind, component, rule, day_count, fee_min, fee_max) = &classes[class(r)];
                Accrual {
                    kind: *kind,
                    component: *component,
                    installment: obligations.get(r.i).map_or(0, |o| o.seq),
                    from: r.from,
                    to: r.to,
                    base: money(r.base),
                    rate: r.rate,
                    days: r.days,
                    basis: r.basis,
                    day_count: *day_count,
                    posting,
                    rounding,
                    uncapped: money(r.uncapped),
                    amount: money(r.amount),
                    rule: rule.clone(),
                    capped_by: cut_by(r.capped_by).flatten(),
                    fee_min: *fee_min,
                    fee_max: *fee_max,
                    released_from: None,
                }
            })
            .collect();
        Some((records, firsts))
    }
}
