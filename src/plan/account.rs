//! An accepted plan as an account of its own, so that positions, days past
//! due and stage history can be measured against the plan's schedule.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Plan;
use crate::error::{Error, Result};
use crate::loan::{replay, Account, Ledger, LoanId, Obligation, Position, Transaction};
use crate::money::Currency;

/// An accepted [`Plan`] tracked as an account: its installments (the down
/// payment, if any, first) are the obligations, and payments recorded from
/// the plan's start go to them oldest first. Measuring delinquency on this
/// account instead of the original loan is how a re-age resets the stage;
/// do so only when [`reage_refusals`](super::reage_refusals) allows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanAccount {
    id: LoanId,
    currency: Currency,
    obligations: Vec<Obligation>,
    ledger: Ledger,
}

impl PlanAccount {
    /// The account of `plan`, accepted on `start`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidField`] for a bad id, an empty plan, or an
    /// installment due before `start`.
    pub fn new(id: &str, plan: &Plan, start: NaiveDate) -> Result<Self> {
        let id = LoanId::new(id)?;
        if plan.schedule().is_empty() {
            return Err(Error::invalid(
                "plan.schedule",
                "[]",
                "an accepted plan needs installments",
            ));
        }
        let mut obligations = Vec::with_capacity(plan.schedule().len());
        for (i, inst) in plan.schedule().iter().enumerate() {
            if inst.due_date < start {
                return Err(Error::invalid(
                    format!("plan.schedule[{i}].due_date"),
                    inst.due_date,
                    format!("is before the plan's start `{start}`"),
                ));
            }
            obligations.push(Obligation {
                seq: u32::try_from(i + 1).unwrap_or(u32::MAX),
                due_date: inst.due_date,
                due: inst.amounts,
            });
        }
        Ok(PlanAccount {
            id,
            currency: plan.currency(),
            obligations,
            ledger: Ledger::new(plan.currency(), start),
        })
    }

    /// The id.
    pub fn id(&self) -> &LoanId {
        &self.id
    }

    /// The plan installments as obligations.
    pub fn obligations(&self) -> &[Obligation] {
        &self.obligations
    }

    /// The plan's ledger.
    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    /// Records a payment (or charge, waiver, reversal) against the plan.
    ///
    /// # Errors
    ///
    /// As [`Ledger::record`].
    pub fn record(&mut self, tx: Transaction) -> Result<()> {
        self.ledger.record(tx)
    }
}

impl Account for PlanAccount {
    fn position(&self, as_of: NaiveDate) -> Result<Position> {
        replay(self.currency, &self.obligations, &self.ledger, as_of)
    }

    fn event_dates(&self) -> Vec<NaiveDate> {
        let mut dates: Vec<NaiveDate> = self
            .ledger
            .transactions()
            .iter()
            .map(Transaction::value_date)
            .collect();
        dates.extend(
            self.obligations
                .iter()
                .filter_map(|o| o.due_date.succ_opt()),
        );
        dates.sort_unstable();
        dates.dedup();
        dates
    }
}
