//! The ledger: dated transactions after disbursement.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::position::Component;
use crate::error::{Error, Result};
use crate::money::{Currency, Money};

/// A transaction identifier: non-empty, at most 64 characters, no control
/// characters; unique within a ledger.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TxId(String);

impl TxId {
    /// Validates an id.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidField`] if empty, longer than 64 characters or
    /// containing control characters.
    pub fn new(id: impl Into<String>) -> Result<TxId> {
        super::terms::check_id("transaction.id", id.into()).map(TxId)
    }

    /// The id text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for TxId {
    type Error = Error;
    fn try_from(s: String) -> Result<TxId> {
        TxId::new(s)
    }
}

impl From<TxId> for String {
    fn from(id: TxId) -> String {
        id.0
    }
}

impl fmt::Display for TxId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a transaction does.
///
/// In files: `{ type = "repayment", amount = { amount = "100.00", currency = "CNY" } }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum TxKind {
    /// The loan was paid out. Informational: the schedule comes from the
    /// terms.
    Disbursement {
        /// Amount paid out.
        amount: Money,
    },
    /// The debtor paid.
    Repayment {
        /// Amount paid (positive).
        amount: Money,
    },
    /// An amount was charged to an installment: a late fee, posted penalty
    /// interest, a chargeback.
    Charge {
        /// Which component it increases.
        component: Component,
        /// Amount (positive).
        amount: Money,
        /// Target installment (1-based); if absent, the oldest installment
        /// overdue on the value date (past its due date, or charged back
        /// before it: [`InstallmentPosition::overdue_from`](super::InstallmentPosition::overdue_from)),
        /// else the next one due, else the last.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        installment: Option<u32>,
        /// The rule that produced the charge, e.g. `cn.pboc_2003_251.overdue_markup`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        rule: Option<String>,
    },
    /// A repayment charged back (a payment the debtor's bank took back, as
    /// Fineract's chargeback): `amount` is owed again as principal on
    /// installment `installment` (if absent, as a [`TxKind::Charge`] picks
    /// it). The credit balance meets it at once, as far as it goes; if part
    /// of it is left owing on an installment not yet due on the value date,
    /// that installment counts as overdue from that date (RULES.md
    /// `ref.fineract.chargeback`). One met in full makes nothing overdue
    /// (no [`chargeback_on`](super::InstallmentPosition::chargeback_on), and
    /// no event of [`accrue`](crate::accrual::accrue)).
    Chargeback {
        /// Amount charged back (positive).
        amount: Money,
        /// Target installment (1-based).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        installment: Option<u32>,
    },
    /// An amount owed was forgiven (减免).
    Waiver {
        /// Which component it reduces.
        component: Component,
        /// Amount (positive).
        amount: Money,
        /// Target installment (1-based); if absent, oldest first.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        installment: Option<u32>,
        /// The rule or decision that granted it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        rule: Option<String>,
    },
    /// An earlier transaction is cancelled (a bounced payment, a charge
    /// booked in error). From the reversal's value date on, the ledger is
    /// replayed as if the reversed transaction had never happened.
    Reversal {
        /// The transaction reversed.
        of: TxId,
    },
    /// The loan was charged off (moved out of performing assets). Moves no
    /// money; an accrual policy may stop accruing from this date
    /// ([`StopRule::at_charge_off`](crate::accrual::StopRule)).
    ChargeOff,
}

impl TxKind {
    /// The amount moved, if any.
    pub fn amount(&self) -> Option<Money> {
        match self {
            TxKind::Disbursement { amount }
            | TxKind::Repayment { amount }
            | TxKind::Charge { amount, .. }
            | TxKind::Chargeback { amount, .. }
            | TxKind::Waiver { amount, .. } => Some(*amount),
            TxKind::Reversal { .. } | TxKind::ChargeOff => None,
        }
    }

    /// A repayment, charge, chargeback or waiver: money that, following a
    /// charge-off, bars its undo (RULES.md §4).
    pub(crate) fn is_monetary(&self) -> bool {
        matches!(
            self,
            TxKind::Repayment { .. }
                | TxKind::Charge { .. }
                | TxKind::Chargeback { .. }
                | TxKind::Waiver { .. }
        )
    }

    /// The installment a charge, chargeback or waiver targets, if given.
    pub fn installment(&self) -> Option<u32> {
        match self {
            TxKind::Charge { installment, .. }
            | TxKind::Chargeback { installment, .. }
            | TxKind::Waiver { installment, .. } => *installment,
            _ => None,
        }
    }
}

/// A dated ledger entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transaction {
    id: TxId,
    value_date: NaiveDate,
    kind: TxKind,
}

impl Transaction {
    /// A transaction; the id is validated when it is recorded.
    pub fn new(id: &str, value_date: NaiveDate, kind: TxKind) -> Transaction {
        Transaction {
            id: TxId(id.to_owned()),
            value_date,
            kind,
        }
    }

    /// A repayment.
    pub fn repayment(id: &str, value_date: NaiveDate, amount: Money) -> Transaction {
        Transaction::new(id, value_date, TxKind::Repayment { amount })
    }

    /// A charge to `component` (to the default installment).
    pub fn charge(
        id: &str,
        value_date: NaiveDate,
        component: Component,
        amount: Money,
    ) -> Transaction {
        Transaction::new(
            id,
            value_date,
            TxKind::Charge {
                component,
                amount,
                installment: None,
                rule: None,
            },
        )
    }

    /// A repayment charged back: `amount` owed again as principal on
    /// installment `installment` (1-based; `None`: as a charge picks it).
    pub fn chargeback(
        id: &str,
        value_date: NaiveDate,
        amount: Money,
        installment: Option<u32>,
    ) -> Transaction {
        Transaction::new(
            id,
            value_date,
            TxKind::Chargeback {
                amount,
                installment,
            },
        )
    }

    /// A waiver of `component` (oldest installments first).
    pub fn waiver(
        id: &str,
        value_date: NaiveDate,
        component: Component,
        amount: Money,
    ) -> Transaction {
        Transaction::new(
            id,
            value_date,
            TxKind::Waiver {
                component,
                amount,
                installment: None,
                rule: None,
            },
        )
    }

    /// A reversal of transaction `of`.
    pub fn reversal(id: &str, value_date: NaiveDate, of: &str) -> Transaction {
        Transaction::new(
            id,
            value_date,
            TxKind::Reversal {
                of: TxId(of.to_owned()),
            },
        )
    }

    /// The id.
    pub fn id(&self) -> &TxId {
        &self.id
    }
    /// The value date.
    pub fn value_date(&self) -> NaiveDate {
        self.value_date
    }
    /// What it does.
    pub fn kind(&self) -> &TxKind {
        &self.kind
    }
}

/// The transactions of one loan or card account, in the order recorded.
///
/// Deserializing a ledger records its transactions one by one, with the
/// checks of [`Ledger::record`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, try_from = "LedgerData")]
pub struct Ledger {
    currency: Currency,
    opened: NaiveDate,
    transactions: Vec<Transaction>,
}

/// A ledger as read, before its transactions are checked.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LedgerData {
    currency: Currency,
    opened: NaiveDate,
    #[serde(default)]
    transactions: Vec<Transaction>,
}

impl TryFrom<LedgerData> for Ledger {
    type Error = Error;
    fn try_from(data: LedgerData) -> Result<Ledger> {
        let mut ledger = Ledger::new(data.currency, data.opened);
        for tx in data.transactions {
            ledger.record(tx)?;
        }
        Ok(ledger)
    }
}

impl Ledger {
    /// An empty ledger for an account in `currency` opened on `opened` (no
    /// transaction may be dated earlier).
    pub fn new(currency: Currency, opened: NaiveDate) -> Ledger {
        Ledger {
            currency,
            opened,
            transactions: Vec::new(),
        }
    }

    /// The currency.
    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// The day the account opened: no transaction is dated earlier.
    pub fn opened(&self) -> NaiveDate {
        self.opened
    }

    /// The transactions in the order recorded.
    pub fn transactions(&self) -> &[Transaction] {
        &self.transactions
    }

    /// Finds a transaction by id.
    pub fn get(&self, id: &str) -> Option<&Transaction> {
        self.transactions.iter().find(|t| t.id.as_str() == id)
    }

    /// Records a transaction after checking it.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidField`] naming `transactions[ID].field` for: a bad or
    /// duplicate id, a value date before the account opened, an amount that
    /// is not positive, in another currency, or finer than the minor unit;
    /// [`Error::UnknownTransaction`] for a reversal of an unknown
    /// transaction; [`Error::InvalidField`] for a reversal of a reversal, of
    /// an already reversed transaction, or dated before what it reverses; for
    /// the undo (reversal) of a charge-off that a monetary transaction in
    /// effect followed on or before the undo's date, and for a monetary
    /// transaction dated between a charge-off and its undo (RULES.md §4: the
    /// same rule, whichever is recorded first).
    pub fn record(&mut self, tx: Transaction) -> Result<()> {
        let id = TxId::new(tx.id.0.clone())?;
        let field = |f: &str| format!("transactions[{id}].{f}");
        if self.get(id.as_str()).is_some() {
            return Err(Error::invalid(field("id"), &id, "duplicate transaction id"));
        }
        if tx.value_date < self.opened {
            return Err(Error::invalid(
                field("value_date"),
                tx.value_date,
                format!("is before the account opened on `{}`", self.opened),
            ));
        }
        if let Some(amount) = tx.kind.amount() {
            if amount.currency() != self.currency {
                return Err(Error::invalid(
                    field("amount"),
                    amount,
                    format!("currency differs from the account's `{}`", self.currency),
                ));
            }
            if !amount.is_positive() {
                return Err(Error::invalid(field("amount"), amount, "must be positive"));
            }
            if !super::terms::fits_minor_unit(amount) {
                return Err(Error::invalid(
                    field("amount"),
                    amount,
                    format!(
                        "has more decimals than the currency's {} minor-unit digits",
                        self.currency.minor_units()
                    ),
                ));
            }
            if amount.amount() > rust_decimal::Decimal::from(super::terms::MAX_PRINCIPAL) {
                return Err(Error::invalid(
                    field("amount"),
                    amount,
                    "above the supported maximum",
                ));
            }
        }
        // The same rule from the other side: money dated between a
        // charge-off and its undo (recorded after both) would have barred
        // the undo, whichever was recorded first.
        if tx.kind.is_monetary() {
            for undo in &self.transactions {
                let TxKind::Reversal { of } = &undo.kind else {
                    continue;
                };
                let Some(c) = self.get(of.as_str()) else {
                    continue;
                };
                // Recorded after both: on the charge-off's day it follows
                // the charge-off; on the undo's day it follows the undo.
                if matches!(c.kind, TxKind::ChargeOff)
                    && c.value_date <= tx.value_date
                    && tx.value_date < undo.value_date
                {
                    return Err(Error::invalid(
                        field("value_date"),
                        tx.value_date,
                        format!(
                            "falls between the charge-off `{}` on {} and its undo `{}` on {}: \
                             a charge-off is undone only if no monetary transaction followed it",
                            c.id, c.value_date, undo.id, undo.value_date
                        ),
                    ));
                }
            }
        }
        if let TxKind::Reversal { of } = &tx.kind {
            let target = self
                .get(of.as_str())
                .ok_or_else(|| Error::UnknownTransaction {
                    field: field("of"),
                    id: of.to_string(),
                })?;
            if matches!(target.kind, TxKind::Reversal { .. }) {
                return Err(Error::invalid(
                    field("of"),
                    of,
                    "a reversal cannot be reversed",
                ));
            }
            if tx.value_date < target.value_date {
                return Err(Error::invalid(
                    field("value_date"),
                    tx.value_date,
                    format!(
                        "is before the reversed transaction's value date `{}`",
                        target.value_date
                    ),
                ));
            }
            // RULES.md §4: a charge-off is undone only if no monetary
            // transaction (still in effect) followed it.
            if matches!(target.kind, TxKind::ChargeOff) {
                // Reversed by the charge-off's reversal date: no longer in
                // effect when the charge-off is undone.
                let reversed = |t: &Transaction| {
                    self.transactions.iter().any(|r| {
                        r.value_date <= tx.value_date
                            && matches!(&r.kind, TxKind::Reversal { of: o } if o.as_str() == t.id.as_str())
                    })
                };
                let at = self
                    .transactions
                    .iter()
                    .position(|t| std::ptr::eq(t, target))
                    .unwrap_or(0);
                // Between the charge-off and its undo: money after the
                // undo's date follows a charge-off no longer in effect.
                let later = self.transactions.iter().enumerate().find(|(k, t)| {
                    (t.value_date > target.value_date
                        || (t.value_date == target.value_date && *k > at))
                        && t.value_date <= tx.value_date
                        && t.kind.is_monetary()
                        && !reversed(t)
                });
                if let Some((_, later)) = later {
                    return Err(Error::invalid(
                        field("of"),
                        of,
                        format!(
                            "a charge-off cannot be reversed after a later monetary transaction (`{}` on {})",
                            later.id, later.value_date
                        ),
                    ));
                }
            }
            let already = self
                .transactions
                .iter()
                .any(|t| matches!(&t.kind, TxKind::Reversal { of: o } if o == of));
            if already {
                return Err(Error::invalid(
                    field("of"),
                    of,
                    "transaction is already reversed",
                ));
            }
        }
        self.transactions.push(Transaction { id, ..tx });
        Ok(())
    }

    /// The transactions in effect at the end of `as_of`, in value-date order
    /// (ties keep recording order): reversals and the transactions they
    /// reverse (if the reversal is dated on or before `as_of`) are left out.
    pub fn effective(&self, as_of: NaiveDate) -> Vec<&Transaction> {
        let reversed: Vec<&TxId> = self
            .transactions
            .iter()
            .filter(|t| t.value_date <= as_of)
            .filter_map(|t| match &t.kind {
                TxKind::Reversal { of } => Some(of),
                _ => None,
            })
            .collect();
        let mut out: Vec<&Transaction> = self
            .transactions
            .iter()
            .filter(|t| t.value_date <= as_of)
            .filter(|t| !matches!(t.kind, TxKind::Reversal { .. }))
            .filter(|t| !reversed.contains(&&t.id))
            .collect();
        out.sort_by_key(|t| t.value_date);
        out
    }
}
