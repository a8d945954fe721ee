//! An accepted plan as an account of its own, so that positions, days past
//! due and stage history can be measured against the plan's schedule.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Plan;
use crate::error::{Error, Result};
use crate::loan::{replay, Account, Component, Ledger, LoanId, Obligation, Position, Transaction};
use crate::money::Currency;

/// An accepted [`Plan`] tracked as an account: its installments (the down
/// payment, if any, first) are the obligations, and payments recorded from
/// the plan's start go to them oldest first. Measuring delinquency on this
/// account instead of the original loan is how a re-age resets the stage;
/// do so only when [`reage_refusals`](super::reage_refusals) allows it.
///
/// Deserializing an account checks it as [`PlanAccount::new`] does: at least
/// one installment, numbered from 1 in order, in the account's currency,
/// each asking for something, in whole minor units and nothing negative,
/// none due before the ledger opened, and a ledger in the same currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "PlanAccountData")]
pub struct PlanAccount {
    id: LoanId,
    currency: Currency,
    obligations: Vec<Obligation>,
    ledger: Ledger,
}

/// A plan account as read, before it is checked.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanAccountData {
    id: LoanId,
    currency: Currency,
    obligations: Vec<Obligation>,
    ledger: Ledger,
}

impl TryFrom<PlanAccountData> for PlanAccount {
    type Error = Error;
    fn try_from(d: PlanAccountData) -> Result<PlanAccount> {
        if d.obligations.is_empty() {
            return Err(Error::invalid(
                "obligations",
                "[]",
                "an accepted plan needs installments",
            ));
        }
        if d.ledger.currency() != d.currency {
            return Err(Error::invalid(
                "ledger.currency",
                d.ledger.currency(),
                format!("the account is in `{}`", d.currency),
            ));
        }
        let start = d.ledger.opened();
        for (i, o) in d.obligations.iter().enumerate() {
            let field = |f: &str| format!("obligations[{i}].{f}");
            if usize::try_from(o.seq).ok() != Some(i + 1) {
                return Err(Error::invalid(
                    field("seq"),
                    o.seq,
                    format!("must be {}", i + 1),
                ));
            }
            if o.due.currency() != d.currency {
                return Err(Error::invalid(
                    field("due"),
                    o.due.currency(),
                    format!("the account is in `{}`", d.currency),
                ));
            }
            if let Some(c) = Component::ALL.into_iter().find(|&c| {
                let a = o.due.amount(c);
                a < rust_decimal::Decimal::ZERO
                    || !crate::loan::fits_minor_unit(crate::money::Money::new(a, d.currency))
            }) {
                return Err(Error::invalid(
                    field(&format!("due.{}", c.as_str())),
                    o.due.amount(c),
                    "must not be negative, in whole minor units",
                ));
            }
            if o.due.is_zero() {
                return Err(Error::invalid(
                    field("due"),
                    "0",
                    "an installment must ask for something",
                ));
            }
            if o.due_date < start {
                return Err(Error::invalid(
                    field("due_date"),
                    o.due_date,
                    format!("is before the plan's start `{start}`"),
                ));
            }
            if i > 0 && o.due_date < d.obligations[i - 1].due_date {
                return Err(Error::invalid(
                    field("due_date"),
                    o.due_date,
                    "installments must be in due-date order",
                ));
            }
        }
        Ok(PlanAccount {
            id: d.id,
            currency: d.currency,
            obligations: d.obligations,
            ledger: d.ledger,
        })
    }
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
