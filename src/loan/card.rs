//! Revolving card accounts (信用卡): statements with minimum payments.
//!
//! An account is overdue when a statement's minimum payment is not met by its
//! due date; days past due run from the oldest unmet minimum payment. Each
//! statement's minimum payment is an [`Obligation`] replayed against the
//! account's [`Ledger`] exactly like a loan installment, so positions,
//! delinquency and stage history work the same for cards and loans.
//!
//! Model: statements carry what is owed.
//!
//! - A statement's `minimum_due` is the amount *newly* required by that
//!   statement. Unpaid minimums of earlier statements stay on their own
//!   statements (as US statements show "past due amount" apart from the
//!   current payment due). A statement from
//!   [`CardAccount::add_statement_with_rule`] keeps the rule's minimum on
//!   the whole balance; the position takes off the fees, interest and
//!   penalty that earlier minimums still owe (the same money, not required
//!   twice) at the end of its date, from the ledger as known when the
//!   position is read: an entry recorded after the statement counts as if
//!   recorded before it. The rule's principal percentage is of the whole
//!   principal balance, past-due part included, as issuers compute it; its
//!   floor holds for what the statement newly requires; and the minimums
//!   together never require more than the statement's balance.
//! - A charge (a fee, interest, a 违约金 the host books) dated `d` is in the
//!   closing balance of the first statement dated on or after `d`, the
//!   statement that *bills* it, and so in whatever minimum that statement's
//!   issuer (or [`MinimumPaymentRule`]) derives from the balance. It is owed
//!   through that minimum and adds nothing by itself, whether it is
//!   recorded before or after the statement, and whichever statement it
//!   names. A late fee charged after a missed due date is thus owed with
//!   the next statement's minimum, as issuers bill it. A charge reversed
//!   after its statement was issued comes off that statement's minimum (and
//!   a later rule statement's whose balance carried it), as if it had never
//!   been there.
//! - A waiver first cancels charges of the same component in its own
//!   billing cycle (both are in one closing balance), whatever their order;
//!   what is left waives what the minimums of statements issued before its
//!   date still owe, oldest first. A waiver naming an issued statement
//!   waives that statement's minimum only, without cancelling charges.
//! - A repayment pays only minimums of statements issued before its date;
//!   what it pays beyond them reduces the revolving balance (the position's
//!   `credit`). A chargeback of a repayment takes back from that credit
//!   first and owes the rest again on a statement issued before its date
//!   (the one it names if issued before it, else the oldest overdue one,
//!   else the oldest not yet due, else the last, as
//!   [`TxKind::Charge`](super::TxKind::Charge) picks): it undoes a payment
//!   that paid an earlier minimum. (With due dates before the next
//!   statement, the statement not yet due is the last one.)
//!   Dated on or before the first statement, it is in that statement's
//!   balance, like a charge, and owes nothing more.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::ledger::{Ledger, Transaction, TxKind};
use super::position::{
    replay_card, Breakdown, Component, IssuedStatement, Obligation, Position, ReversedCharge,
};
use super::terms::LoanId;
use crate::error::{Error, Result};
use crate::money::{Currency, Money, Rate};

mod statement;

pub use statement::{MinimumPaymentRule, Statement};

/// A revolving card account: statements plus a ledger of payments and
/// charges. Deserializing one rebuilds it through [`CardAccount::new`],
/// [`CardAccount::add_statement`] and [`CardAccount::record`], with their
/// checks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, try_from = "CardData")]
pub struct CardAccount {
    id: LoanId,
    credit_limit: Money,
    opened: NaiveDate,
    rate: Rate,
    statements: Vec<Statement>,
    ledger: Ledger,
}

/// A card account as read, before it is checked.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CardData {
    id: LoanId,
    credit_limit: Money,
    opened: NaiveDate,
    rate: Rate,
    #[serde(default)]
    statements: Vec<Statement>,
    ledger: Ledger,
}

impl TryFrom<CardData> for CardAccount {
    type Error = Error;
    fn try_from(d: CardData) -> Result<CardAccount> {
        let mut card = CardAccount::new(d.id.as_str(), d.credit_limit, d.opened, d.rate)?;
        for s in d.statements {
            card.add_statement(s)?;
        }
        if d.ledger.currency() != card.currency() || d.ledger.opened() != d.opened {
            return Err(Error::invalid(
                "ledger",
                format!("{} from {}", d.ledger.currency(), d.ledger.opened()),
                format!(
                    "the account is in `{}` from `{}`",
                    card.currency(),
                    d.opened
                ),
            ));
        }
        for tx in d.ledger.transactions() {
            card.record(tx.clone())?;
        }
        Ok(card)
    }
}

impl CardAccount {
    /// A new account with no statements.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidField`] for a bad id or a negative credit limit.
    pub fn new(id: &str, credit_limit: Money, opened: NaiveDate, rate: Rate) -> Result<Self> {
        let id = LoanId::new(id)?;
        if credit_limit.is_negative() {
            return Err(Error::invalid(
                "card.credit_limit",
                credit_limit,
                "must not be negative",
            ));
        }
        Ok(CardAccount {
            id,
            credit_limit,
            opened,
            rate,
            statements: Vec::new(),
            ledger: Ledger::new(credit_limit.currency(), opened),
        })
    }

    /// The id.
    pub fn id(&self) -> &LoanId {
        &self.id
    }
    /// The currency.
    pub fn currency(&self) -> Currency {
        self.credit_limit.currency()
    }
    /// The credit limit.
    pub fn credit_limit(&self) -> Money {
        self.credit_limit
    }
    /// The contract rate (e.g. 万分之五 a day = 18.25 % on a 365-day basis).
    pub fn rate(&self) -> Rate {
        self.rate
    }
    /// The statements, oldest first.
    pub fn statements(&self) -> &[Statement] {
        &self.statements
    }
    /// The ledger.
    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    /// Adds the next statement.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidField`] if it is dated before the account opened or
    /// not after the previous statement; [`Error::CurrencyMismatch`].
    pub fn add_statement(&mut self, statement: Statement) -> Result<()> {
        if statement.balance.currency() != self.currency() {
            return Err(Error::CurrencyMismatch {
                left: self.currency().to_string(),
                right: statement.balance.currency().to_string(),
            });
        }
        let floor = self.statements.last().map(|s| s.statement_date);
        if statement.statement_date < self.opened
            || floor.is_some_and(|f| statement.statement_date <= f)
        {
            return Err(Error::invalid(
                format!("statements[{}].statement_date", self.statements.len()),
                statement.statement_date,
                "must be on or after the opening date and after the previous statement",
            ));
        }
        self.statements.push(statement);
        Ok(())
    }

    /// Adds the next statement with its minimum payment computed by `rule`
    /// on the closing balance: the rule's principal percentage of the whole
    /// balance, and the fees, interest and penalty it takes in full less
    /// what earlier minimums still owe of them at the end of the statement
    /// date (the same money; floored at zero). Earlier unpaid minimums stay
    /// due on their own statements, as issuers add the past-due amount to
    /// the current minimum. `balance` is the closing balance with the
    /// charges this statement bills (see the module docs). The same as
    /// adding [`Statement::with_rule`].
    ///
    /// The statement keeps the rule's minimum on the whole balance
    /// ([`Statement::rule`]); the account's position takes the
    /// unpaid minimums off from the ledger as known when it is read, so a
    /// payment, charge or chargeback dated before the statement and recorded
    /// after this call counts as if recorded before it.
    ///
    /// # Errors
    ///
    /// As [`CardAccount::add_statement`] and [`MinimumPaymentRule::minimum`].
    pub fn add_statement_with_rule(
        &mut self,
        statement_date: NaiveDate,
        due_date: NaiveDate,
        balance: Breakdown,
        rule: &MinimumPaymentRule,
    ) -> Result<()> {
        self.add_statement(Statement::with_rule(
            statement_date,
            due_date,
            balance,
            rule,
        )?)
    }

    /// Records a payment, charge, waiver or reversal.
    ///
    /// # Errors
    ///
    /// See [`Ledger::record`].
    pub fn record(&mut self, tx: Transaction) -> Result<()> {
        super::check_installment_ref(&tx, self.statements.len())?;
        self.ledger.record(tx)
    }

    /// Minimum payments of the statements issued on or before `as_of`, as
    /// obligations.
    pub fn obligations(&self, as_of: NaiveDate) -> Vec<Obligation> {
        self.statements
            .iter()
            .enumerate()
            .take_while(|(_, s)| s.statement_date <= as_of)
            .map(|(i, s)| Obligation {
                seq: u32::try_from(i + 1).unwrap_or(u32::MAX),
                due_date: s.due_date,
                due: s.minimum_due,
            })
            .collect()
    }

    /// Position of the minimum payments as of `as_of`: each statement's
    /// minimum is an installment; `credit` is what was paid beyond the
    /// minimums (it reduces the revolving balance, see
    /// [`CardAccount::balance`]).
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`].
    pub fn position(&self, as_of: NaiveDate) -> Result<Position> {
        self.position_of(&self.ledger.effective(as_of), as_of)
    }

    /// [`CardAccount::position`] from the transactions `known` (in
    /// value-date order, possibly as known at a later date). A repayment
    /// pays only the minimums of statements issued before its value date (a
    /// statement closes with the day's entries in its balance, so a payment
    /// on its date lowered the balance its minimum was computed from); what
    /// it pays beyond them reduces the revolving balance and is kept as
    /// `credit`, never applied to a later statement's minimum.
    ///
    /// A charge reversed after the statement that billed it was issued was
    /// in that statement's minimum: from the reversal's date on, the
    /// statement is replayed without it, as if it had never held it (a
    /// payment that paid it paid the rest of the minimum, or went to the
    /// revolving balance); a charge reversed before is simply not in the
    /// balance.
    pub(crate) fn position_of(&self, known: &[&Transaction], as_of: NaiveDate) -> Result<Position> {
        self.position_revised(known, as_of, as_of)
    }

    /// [`CardAccount::position_of`] with the minimums revised by the
    /// charges reversed up to `revised_by` (a later date: what a minimum
    /// required once revised, e.g. by its due date).
    pub(crate) fn position_revised(
        &self,
        known: &[&Transaction],
        as_of: NaiveDate,
        revised_by: NaiveDate,
    ) -> Result<Position> {
        let statements: Vec<IssuedStatement> = self
            .statements
            .iter()
            .take_while(|s| s.statement_date <= as_of)
            .map(|s| IssuedStatement {
                date: s.statement_date,
                balance: s.balance,
                rule: s.rule.clone(),
            })
            .collect();
        let reversed = self.reversed_billed_charges(&statements, revised_by);
        // Charges reversed only after `as_of` were in effect on it, though
        // `known` (as known later) leaves them out: their cycles billed them.
        let mut all = known.to_vec();
        let before = all.len();
        for rev in self.ledger.transactions() {
            let TxKind::Reversal { of } = rev.kind() else {
                continue;
            };
            let Some(tx) = self.ledger.get(of.as_str()) else {
                continue;
            };
            if rev.value_date() > as_of
                && matches!(tx.kind(), TxKind::Charge { .. })
                && tx.value_date() <= as_of
                && !known.iter().any(|k| k.id() == tx.id())
            {
                all.push(tx);
            }
        }
        if all.len() > before {
            all.sort_by_key(|t| t.value_date());
        }
        let cycle_end = self
            .statements
            .iter()
            .map(|s| s.statement_date)
            .find(|d| *d > as_of);
        replay_card(
            self.currency(),
            &self.obligations(as_of),
            statements,
            reversed,
            &all,
            as_of,
            cycle_end,
        )
    }

    /// The charges reversed, each with its reversal's date: (reversal
    /// date, charge date, component, amount).
    fn reversed_charges(
        &self,
    ) -> impl Iterator<Item = (NaiveDate, NaiveDate, Component, Decimal)> + '_ {
        self.ledger.transactions().iter().filter_map(|rev| {
            let TxKind::Reversal { of } = rev.kind() else {
                return None;
            };
            let charge = self.ledger.get(of.as_str())?;
            let TxKind::Charge {
                component, amount, ..
            } = charge.kind()
            else {
                return None;
            };
            Some((
                rev.value_date(),
                charge.value_date(),
                *component,
                amount.amount(),
            ))
        })
    }

    /// The reversals dated up to `as_of` of charges billed by one of the
    /// `statements` issued before the reversal.
    fn reversed_billed_charges(
        &self,
        statements: &[IssuedStatement],
        as_of: NaiveDate,
    ) -> Vec<ReversedCharge> {
        self.reversed_charges()
            .filter(|(date, ..)| *date <= as_of)
            .filter_map(|(date, charged, component, amount)| {
                let k = statements.partition_point(|s| s.date < charged);
                statements
                    .get(k)
                    .is_some_and(|s| s.date < date)
                    .then_some(ReversedCharge {
                        statement: k,
                        component,
                        amount,
                        date,
                    })
            })
            .collect()
    }

    /// Statement `k`'s closing balance without the charges it billed that
    /// were reversed after it, up to `by` (zero if there is no statement
    /// `k`).
    pub(crate) fn balance_revised(&self, k: usize, by: NaiveDate) -> Result<Breakdown> {
        let Some(st) = self.statements.get(k) else {
            return Ok(Breakdown::zero(self.currency()));
        };
        let cycle_start = k.checked_sub(1).map(|j| self.statements[j].statement_date);
        let mut balance = st.balance;
        for (date, charged, component, amount) in self.reversed_charges() {
            let billed = charged <= st.statement_date && cycle_start.map_or(true, |c| charged > c);
            if billed && date > st.statement_date && date <= by {
                let left = balance.amount(component).saturating_sub(amount);
                balance.set(component, left.max(Decimal::ZERO));
            }
        }
        Ok(balance)
    }

    /// Current balance as of `as_of`: the last statement's closing balance,
    /// plus charges and chargebacks and minus repayments and waivers with a
    /// later value date (a waiver for what it waived: the part that found
    /// nothing to waive, [`Position::unapplied_waivers`], takes nothing
    /// off); a transaction in the closing balance and reversed since is
    /// taken back out (a payment that bounced after the statement is owed
    /// again). Zero before the first statement.
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`].
    pub fn balance(&self, as_of: NaiveDate) -> Result<Money> {
        let Some(last) = self
            .statements
            .iter()
            .rev()
            .find(|s| s.statement_date <= as_of)
        else {
            return Ok(Money::zero(self.currency()));
        };
        let mut bal = last.balance.total()?;
        // What a transaction adds to the balance, `undo` taking it back.
        let apply = |bal: Money, tx: &Transaction, undo: bool| -> Result<Money> {
            let (amount, adds) = match tx.kind() {
                TxKind::Charge { amount, .. } | TxKind::Chargeback { amount, .. } => {
                    (*amount, true)
                }
                TxKind::Repayment { amount } | TxKind::Waiver { amount, .. } => (*amount, false),
                _ => return Ok(bal),
            };
            if adds != undo {
                bal.checked_add(amount)
            } else {
                bal.checked_sub(amount)
            }
        };
        let now = self.ledger.effective(as_of);
        // In the closing balance, and reversed since (a payment that
        // bounced after the statement is owed again).
        for tx in self.ledger.effective(last.statement_date) {
            if !now.iter().any(|t| t.id() == tx.id()) {
                bal = apply(bal, tx, true)?;
            }
        }
        for tx in now {
            if tx.value_date() > last.statement_date {
                bal = apply(bal, tx, false)?;
            }
        }
        let waivers = self
            .ledger
            .transactions()
            .iter()
            .any(|t| matches!(t.kind(), TxKind::Waiver { .. }));
        if waivers {
            // A waiver takes off only what it found to waive. Above, each
            // waiver since the statement came off whole, and one reversed
            // since went back on whole: the change in what the position
            // leaves unapplied, either way, puts that right (a waiver of
            // 40.00 of a 20.00 fee, reversed after the statement, puts back
            // the 20.00 it waived, not 40.00).
            let unapplied = self
                .position(as_of)?
                .unapplied_waivers()
                .checked_sub(self.position(last.statement_date)?.unapplied_waivers())?;
            bal = bal.checked_add(unapplied)?;
        }
        Ok(bal)
    }

    /// Dates on which the position can change.
    pub fn event_dates(&self) -> Vec<NaiveDate> {
        let mut d = super::event_dates(&self.obligations(NaiveDate::MAX), &self.ledger);
        d.extend(self.statements.iter().map(|s| s.statement_date));
        d.sort_unstable();
        d.dedup();
        d
    }
}
