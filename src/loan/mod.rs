//! Loans, their repayment schedules and ledgers, and what is owed on a date.
//!
//! A [`Loan`] is built from [`LoanTerms`]; its schedule is generated once
//! ([`schedule`]) and never changes. Money movements after disbursement are
//! [`Transaction`]s in the loan's [`Ledger`]. [`Loan::position`] replays the
//! ledger in value-date order against the schedule and returns a [`Position`]:
//! per installment and in total, what is due, paid, waived, outstanding and
//! overdue, by [`Component`].
//!
//! Revolving card accounts ([`CardAccount`]) share the same machinery: each
//! statement's minimum payment plays the part of an installment.
//!
//! ```
//! use arrears::loan::{Loan, LoanTerms, RepaymentMethod, Transaction};
//! use arrears::money::{Currency, Money, Rate};
//! use chrono::NaiveDate;
//! use rust_decimal::Decimal;
//!
//! let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
//! let terms = LoanTerms::new(
//!     "L-1",
//!     Money::new(Decimal::from(12_000), Currency::CNY),
//!     date(2026, 1, 15),
//!     Rate::from_percent(Decimal::new(72, 1))?,
//!     RepaymentMethod::EqualInstallment,
//!     12,
//!     date(2026, 2, 15),
//! );
//! let mut loan = Loan::new(terms)?;
//! let first = loan.schedule()[0].payment();
//! assert_eq!(first.to_string(), "1039.43 CNY");
//!
//! loan.record(Transaction::repayment("P1", date(2026, 2, 15), first))?;
//! let pos = loan.position(date(2026, 4, 1))?;
//! assert_eq!(pos.overdue().total()?.to_string(), "1039.43 CNY"); // March unpaid
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod card;
mod ledger;
mod position;
mod schedule;
mod terms;

pub use card::{CardAccount, MinimumPaymentRule, Statement};
pub use ledger::{Ledger, Transaction, TxId, TxKind};
pub(crate) use position::Book;
pub use position::{
    replay, Breakdown, Component, InstallmentPosition, InstallmentStatus, Obligation, Position,
};
pub use schedule::{schedule, Installment};
pub(crate) use terms::{add_months_clamped, fits_minor_unit};
pub use terms::{
    Frequency, InterestMethod, LoanId, LoanTerms, RepaymentMethod, MAX_PRINCIPAL, MAX_TERM,
};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::money::Currency;

/// A loan: its terms, the schedule generated from them, and its ledger.
///
/// Built with [`Loan::new`]; deserializing a loan validates it the same way
/// (`{ terms = {...}, transactions = [...] }`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "LoanData", into = "LoanData")]
pub struct Loan {
    terms: LoanTerms,
    schedule: Vec<Installment>,
    obligations: Vec<Obligation>,
    ledger: Ledger,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LoanData {
    terms: LoanTerms,
    #[serde(default)]
    transactions: Vec<Transaction>,
}

impl TryFrom<LoanData> for Loan {
    type Error = Error;
    fn try_from(data: LoanData) -> Result<Loan> {
        let mut loan = Loan::new(data.terms)?;
        for tx in data.transactions {
            loan.record(tx)?;
        }
        Ok(loan)
    }
}

impl From<Loan> for LoanData {
    fn from(loan: Loan) -> LoanData {
        LoanData {
            terms: loan.terms,
            transactions: loan.ledger.transactions().to_vec(),
        }
    }
}

impl Loan {
    /// Validates the terms and generates the schedule.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidField`] naming the first bad field (non-positive
    /// principal, zero term, first due date not after disbursement, ...);
    /// [`Error::DateOutOfRange`] if a due date falls outside the calendar;
    /// [`Error::Overflow`] for absurd amounts.
    pub fn new(terms: LoanTerms) -> Result<Loan> {
        terms.validate()?;
        let schedule = schedule(&terms)?;
        let obligations = schedule.iter().map(Installment::obligation).collect();
        let ledger = Ledger::new(terms.currency(), terms.disbursement_date());
        Ok(Loan {
            terms,
            schedule,
            obligations,
            ledger,
        })
    }

    /// The terms.
    pub fn terms(&self) -> &LoanTerms {
        &self.terms
    }

    /// The loan id.
    pub fn id(&self) -> &LoanId {
        self.terms.id()
    }

    /// The loan's currency.
    pub fn currency(&self) -> Currency {
        self.terms.currency()
    }

    /// The contractual schedule.
    pub fn schedule(&self) -> &[Installment] {
        &self.schedule
    }

    /// The schedule as obligations (what [`replay`] consumes).
    pub fn obligations(&self) -> &[Obligation] {
        &self.obligations
    }

    /// The ledger.
    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    /// Records a transaction. Entries may be backdated: positions are always
    /// derived by replaying the ledger in value-date order.
    ///
    /// # Errors
    ///
    /// See [`Ledger::record`]; also [`Error::InvalidField`] if the
    /// transaction names an installment the schedule does not have.
    pub fn record(&mut self, tx: Transaction) -> Result<()> {
        check_installment_ref(&tx, self.obligations.len())?;
        self.ledger.record(tx)
    }

    /// What is owed as of the end of `as_of` (transactions with value date on
    /// or before `as_of` count).
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`] on absurd amounts.
    pub fn position(&self, as_of: NaiveDate) -> Result<Position> {
        replay(self.currency(), &self.obligations, &self.ledger, as_of)
    }

    /// Dates on which the position can change: value dates of transactions
    /// and the day after each due date.
    pub fn event_dates(&self) -> Vec<NaiveDate> {
        event_dates(&self.obligations, &self.ledger)
    }
}

/// Anything whose position can be replayed as of a date: a [`Loan`] or a
/// [`CardAccount`]. Delinquency and stage history work on any account.
pub trait Account {
    /// What is owed as of the end of `as_of`.
    ///
    /// # Errors
    ///
    /// Replay errors (overflow).
    fn position(&self, as_of: NaiveDate) -> Result<Position>;

    /// Sorted dates on which the position can change.
    fn event_dates(&self) -> Vec<NaiveDate>;
}

impl Account for Loan {
    fn position(&self, as_of: NaiveDate) -> Result<Position> {
        Loan::position(self, as_of)
    }
    fn event_dates(&self) -> Vec<NaiveDate> {
        Loan::event_dates(self)
    }
}

impl Account for CardAccount {
    fn position(&self, as_of: NaiveDate) -> Result<Position> {
        CardAccount::position(self, as_of)
    }
    fn event_dates(&self) -> Vec<NaiveDate> {
        CardAccount::event_dates(self)
    }
}

pub(crate) fn check_installment_ref(tx: &Transaction, count: usize) -> Result<()> {
    if let Some(seq) = tx.kind().installment() {
        if seq == 0 || seq as usize > count {
            return Err(Error::invalid(
                format!("transactions[{}].installment", tx.id()),
                seq,
                format!("no such installment; the schedule has 1..={count}"),
            ));
        }
    }
    Ok(())
}

pub(crate) fn event_dates(obligations: &[Obligation], ledger: &Ledger) -> Vec<NaiveDate> {
    let mut dates: Vec<NaiveDate> = ledger
        .transactions()
        .iter()
        .map(Transaction::value_date)
        .collect();
    dates.extend(obligations.iter().filter_map(|o| o.due_date.succ_opt()));
    // A chargeback makes an installment not yet due overdue the next day.
    dates.extend(
        ledger
            .transactions()
            .iter()
            .filter(|t| matches!(t.kind(), TxKind::Chargeback { .. }))
            .filter_map(|t| t.value_date().succ_opt()),
    );
    dates.sort_unstable();
    dates.dedup();
    dates
}

#[cfg(test)]
mod tests;
