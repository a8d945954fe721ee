//! What is owed as of a date, derived by replaying the ledger.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::ledger::{Ledger, TxKind};
use crate::error::{Error, Result};
use crate::money::{Currency, Money};

/// A component of what is owed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Component {
    /// Penalty interest (罚息, 复利).
    Penalty,
    /// Fees and charges (滞纳金, 违约金, late fees).
    Fee,
    /// Contractual interest.
    Interest,
    /// Principal.
    Principal,
}

impl Component {
    /// All components, in the order penalty, fee, interest, principal.
    pub const ALL: [Component; 4] = [
        Component::Penalty,
        Component::Fee,
        Component::Interest,
        Component::Principal,
    ];

    pub(crate) fn index(self) -> usize {
        match self {
            Component::Penalty => 0,
            Component::Fee => 1,
            Component::Interest => 2,
            Component::Principal => 3,
        }
    }

    /// The snake-case name (`penalty`, `fee`, `interest`, `principal`).
    pub fn as_str(self) -> &'static str {
        match self {
            Component::Penalty => "penalty",
            Component::Fee => "fee",
            Component::Interest => "interest",
            Component::Principal => "principal",
        }
    }
}

/// Amounts by [`Component`] in one currency.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Breakdown {
    currency: Currency,
    #[serde(with = "crate::money::serde_str")]
    penalty: Decimal,
    #[serde(with = "crate::money::serde_str")]
    fee: Decimal,
    #[serde(with = "crate::money::serde_str")]
    interest: Decimal,
    #[serde(with = "crate::money::serde_str")]
    principal: Decimal,
}

impl std::fmt::Debug for Breakdown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {{ penalty: {}, fee: {}, interest: {}, principal: {} }}",
            self.currency, self.penalty, self.fee, self.interest, self.principal
        )
    }
}

impl Breakdown {
    /// A breakdown of `amounts` in component order (penalty, fee,
    /// interest, principal).
    pub(crate) const fn from_amounts(currency: Currency, amounts: [Decimal; 4]) -> Breakdown {
        let [penalty, fee, interest, principal] = amounts;
        Breakdown {
            currency,
            penalty,
            fee,
            interest,
            principal,
        }
    }

    /// All zero.
    pub const fn zero(currency: Currency) -> Breakdown {
        Breakdown {
            currency,
            penalty: Decimal::ZERO,
            fee: Decimal::ZERO,
            interest: Decimal::ZERO,
            principal: Decimal::ZERO,
        }
    }

    /// The currency.
    pub fn currency(&self) -> Currency {
        self.currency
    }

    #[inline]
    fn slot(&mut self, c: Component) -> &mut Decimal {
        match c.index() {
            0 => &mut self.penalty,
            1 => &mut self.fee,
            2 => &mut self.interest,
            _ => &mut self.principal,
        }
    }

    /// The amount of one component.
    pub fn amount(&self, c: Component) -> Decimal {
        match c {
            Component::Penalty => self.penalty,
            Component::Fee => self.fee,
            Component::Interest => self.interest,
            Component::Principal => self.principal,
        }
    }

    /// The amount of one component as money.
    pub fn get(&self, c: Component) -> Money {
        Money::new(self.amount(c), self.currency)
    }

    /// Sets one component.
    pub fn set(&mut self, c: Component, amount: Decimal) {
        *self.slot(c) = amount;
    }

    /// Adds to one component.
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`].
    #[inline(always)]
    pub fn add(&mut self, c: Component, amount: Decimal) -> Result<()> {
        let slot = self.slot(c);
        *slot = slot
            .checked_add(amount)
            .ok_or_else(|| Error::overflow("add", *slot, amount))?;
        Ok(())
    }

    /// The sum of all components.
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`].
    pub fn total(&self) -> Result<Money> {
        let t = Component::ALL.iter().try_fold(Decimal::ZERO, |acc, c| {
            acc.checked_add(self.amount(*c))
                .ok_or_else(|| Error::overflow("add", acc, self.amount(*c)))
        })?;
        Ok(Money::new(t, self.currency))
    }

    /// Component-wise `self + other`.
    ///
    /// # Errors
    ///
    /// [`Error::CurrencyMismatch`] or [`Error::Overflow`].
    pub fn checked_add(&self, other: &Breakdown) -> Result<Breakdown> {
        if self.currency != other.currency {
            return Err(Error::CurrencyMismatch {
                left: self.currency.to_string(),
                right: other.currency.to_string(),
            });
        }
        let mut out = *self;
        for c in Component::ALL {
            let b = other.amount(c);
            if !b.is_zero() {
                out.add(c, b)?;
            }
        }
        Ok(out)
    }

    /// Component-wise `self − other`.
    ///
    /// # Errors
    ///
    /// [`Error::CurrencyMismatch`] or [`Error::Overflow`].
    pub fn checked_sub(&self, other: &Breakdown) -> Result<Breakdown> {
        self.combine(other, |a, b| a.checked_sub(b), "subtract")
    }

    fn combine(
        &self,
        other: &Breakdown,
        op: impl Fn(Decimal, Decimal) -> Option<Decimal>,
        name: &'static str,
    ) -> Result<Breakdown> {
        if self.currency != other.currency {
            return Err(Error::CurrencyMismatch {
                left: self.currency.to_string(),
                right: other.currency.to_string(),
            });
        }
        let mut out = *self;
        for c in Component::ALL {
            let v = op(self.amount(c), other.amount(c))
                .ok_or_else(|| Error::overflow(name, self.amount(c), other.amount(c)))?;
            out.set(c, v);
        }
        Ok(out)
    }

    /// True if every component is zero.
    pub fn is_zero(&self) -> bool {
        Component::ALL.iter().all(|c| self.amount(*c).is_zero())
    }
}

/// Something that falls due on a date: an installment of a loan, or the
/// minimum payment of a card statement. The input of [`replay`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Obligation {
    /// 1-based sequence number.
    pub seq: u32,
    /// When it falls due.
    pub due_date: NaiveDate,
    /// What falls due, by component.
    pub due: Breakdown,
}

/// Where an installment stands as of a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InstallmentStatus {
    /// Nothing outstanding.
    Paid,
    /// Due after the as-of date.
    NotDue,
    /// Due on the as-of date and not yet paid (not overdue until tomorrow).
    Due,
    /// Due before the as-of date and not fully paid.
    Overdue,
}

/// One installment in a [`Position`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstallmentPosition {
    seq: u32,
    due_date: NaiveDate,
    due: Breakdown,
    paid: Breakdown,
    waived: Breakdown,
    outstanding: Breakdown,
    status: InstallmentStatus,
    paid_off_on: Option<NaiveDate>,
    /// The first chargeback posted to it before its due date, until it is
    /// next settled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    chargeback_on: Option<NaiveDate>,
}

impl InstallmentPosition {
    /// 1-based sequence number.
    pub fn seq(&self) -> u32 {
        self.seq
    }
    /// Due date.
    pub fn due_date(&self) -> NaiveDate {
        self.due_date
    }
    /// The value date of the first chargeback posted to it before its due
    /// date, if any ([`TxKind::Chargeback`](super::TxKind::Chargeback)),
    /// until the installment is next settled: a charge posted after that is
    /// overdue from its due date only.
    pub fn chargeback_on(&self) -> Option<NaiveDate> {
        self.chargeback_on
    }
    /// The day from which it counts as overdue when unpaid: its due date, or
    /// an earlier chargeback's value date (`ref.fineract.chargeback`: a
    /// chargeback against an installment not yet due makes it delinquent
    /// from the chargeback date).
    pub fn overdue_from(&self) -> NaiveDate {
        self.chargeback_on
            .map_or(self.due_date, |c| c.min(self.due_date))
    }
    /// Scheduled amounts plus charges posted to this installment.
    pub fn due(&self) -> &Breakdown {
        &self.due
    }
    /// Paid so far.
    pub fn paid(&self) -> &Breakdown {
        &self.paid
    }
    /// Waived so far.
    pub fn waived(&self) -> &Breakdown {
        &self.waived
    }
    /// Due − paid − waived (never negative).
    pub fn outstanding(&self) -> &Breakdown {
        &self.outstanding
    }
    /// Status as of the position's date.
    pub fn status(&self) -> InstallmentStatus {
        self.status
    }
    /// The value date on which the installment was last fully settled, if it
    /// is settled.
    pub fn paid_off_on(&self) -> Option<NaiveDate> {
        self.paid_off_on
    }
}

/// What is owed as of a date, per installment and in total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    as_of: NaiveDate,
    installments: Vec<InstallmentPosition>,
    due: Breakdown,
    paid: Breakdown,
    waived: Breakdown,
    outstanding: Breakdown,
    overdue: Breakdown,
    credit: Money,
    unapplied_waivers: Money,
}

impl Position {
    /// The date (end of day) the position is taken at.
    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }
    /// The installments, in schedule order.
    pub fn installments(&self) -> &[InstallmentPosition] {
        &self.installments
    }
    /// Total that has fallen due (due date on or before `as_of`), including
    /// charges.
    pub fn due(&self) -> &Breakdown {
        &self.due
    }
    /// Total paid (to any installment, including in advance).
    pub fn paid(&self) -> &Breakdown {
        &self.paid
    }
    /// Total waived.
    pub fn waived(&self) -> &Breakdown {
        &self.waived
    }
    /// Total outstanding over the whole schedule, due or not.
    pub fn outstanding(&self) -> &Breakdown {
        &self.outstanding
    }
    /// Outstanding on installments overdue as of `as_of`: due before it, or
    /// charged back before it while not yet due
    /// ([`InstallmentPosition::overdue_from`]).
    pub fn overdue(&self) -> &Breakdown {
        &self.overdue
    }
    /// Money paid beyond everything scheduled (a credit balance).
    pub fn credit(&self) -> Money {
        self.credit
    }
    /// Waivers that found nothing left to waive.
    pub fn unapplied_waivers(&self) -> Money {
        self.unapplied_waivers
    }
    /// The installment overdue the longest whose outstanding total is above
    /// `tolerance` (RULES.md `ref.fineract.dpd`): the oldest one due before
    /// `as_of`, or one charged back before its due date if that was earlier
    /// (`ref.fineract.chargeback`; see
    /// [`InstallmentPosition::overdue_from`]). Ties go to the earlier
    /// installment.
    pub fn oldest_overdue(&self, tolerance: Decimal) -> Option<&InstallmentPosition> {
        self.installments
            .iter()
            .filter(|i| {
                i.overdue_from() < self.as_of
                    && i.outstanding
                        .total()
                        .map(|t| t.amount() > tolerance)
                        .unwrap_or(true)
            })
            .min_by_key(|i| i.overdue_from())
    }
}

mod billing;
mod book;
mod replay;

pub(crate) use billing::{IssuedStatement, ReversedCharge};
pub(crate) use book::Book;
pub use replay::replay;
pub(crate) use replay::replay_card;
