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
//!   current payment due), so nothing is counted twice.
//! - A charge (a fee, interest, a 违约金 the host books) dated `d` is in the
//!   closing balance of the first statement dated on or after `d`, the
//!   statement that *bills* it, and so in whatever minimum that statement's
//!   issuer (or [`MinimumPaymentRule`]) derives from the balance. It is owed
//!   through that minimum and adds nothing by itself, whether it is
//!   recorded before or after the statement, and whichever statement it
//!   names. A late fee charged after a missed due date is thus owed with
//!   the next statement's minimum, as issuers bill it.
//! - A waiver first cancels charges of the same component in its own
//!   billing cycle (both are in one closing balance); what is left waives
//!   what the minimums of statements issued before its date still owe (the
//!   statement it names, else oldest first).
//! - A repayment pays only minimums of statements issued before its date;
//!   what it pays beyond them reduces the revolving balance (the position's
//!   `credit`). A chargeback of a repayment takes back from that credit
//!   first and owes the rest again on a statement issued by its date.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::ledger::{Ledger, Transaction, TxKind};
use super::position::{replay_card, Breakdown, Component, Obligation, Position};
use super::terms::LoanId;
use crate::error::{Error, Result};
use crate::money::{Currency, Money, Rate, Rounding};

/// How a statement's minimum payment is computed (as data).
///
/// minimum = `percent_of_principal` × principal balance, plus the interest,
/// fee and penalty balances in full when `include_interest_and_fees`, raised
/// to `floor`, and never more than the statement balance. Rounded up to the
/// minor unit.
///
/// Read from a file, it is checked as [`MinimumPaymentRule::new`] checks it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, try_from = "MinimumPaymentRuleData")]
pub struct MinimumPaymentRule {
    #[serde(with = "crate::money::serde_str")]
    percent_of_principal: Decimal,
    include_interest_and_fees: bool,
    #[serde(with = "crate::money::serde_str")]
    floor: Decimal,
}

/// [`MinimumPaymentRule`] as read, before its checks.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MinimumPaymentRuleData {
    #[serde(with = "crate::money::serde_str")]
    percent_of_principal: Decimal,
    include_interest_and_fees: bool,
    #[serde(with = "crate::money::serde_str")]
    floor: Decimal,
}

impl TryFrom<MinimumPaymentRuleData> for MinimumPaymentRule {
    type Error = Error;
    fn try_from(d: MinimumPaymentRuleData) -> Result<MinimumPaymentRule> {
        MinimumPaymentRule::new(d.percent_of_principal, d.include_interest_and_fees, d.floor)
    }
}

impl MinimumPaymentRule {
    /// A rule; `percent_of_principal` is a fraction (`0.10` = 10 %).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidField`] if the fraction is outside 0..=1 or the floor
    /// is negative.
    pub fn new(
        percent_of_principal: Decimal,
        include_interest_and_fees: bool,
        floor: Decimal,
    ) -> Result<Self> {
        if percent_of_principal < Decimal::ZERO || percent_of_principal > Decimal::ONE {
            return Err(Error::invalid(
                "minimum_payment.percent_of_principal",
                percent_of_principal,
                "must be a fraction between 0 and 1",
            ));
        }
        if floor < Decimal::ZERO {
            return Err(Error::invalid(
                "minimum_payment.floor",
                floor,
                "must not be negative",
            ));
        }
        Ok(MinimumPaymentRule {
            percent_of_principal,
            include_interest_and_fees,
            floor,
        })
    }

    /// Common Chinese issuer practice \[U\]: 10 % of the principal (spending)
    /// balance plus all interest, fees and 违约金; no floor.
    pub fn cn_typical() -> Self {
        MinimumPaymentRule {
            percent_of_principal: Decimal::new(10, 2),
            include_interest_and_fees: true,
            floor: Decimal::ZERO,
        }
    }

    /// Common US issuer practice \[U\]: 1 % of the principal balance plus
    /// interest and fees, at least 25 (currency units).
    pub fn us_typical() -> Self {
        MinimumPaymentRule {
            percent_of_principal: Decimal::new(1, 2),
            include_interest_and_fees: true,
            floor: Decimal::from(25),
        }
    }

    /// The minimum payment for a statement balance, by component.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidField`] if a balance component is negative;
    /// [`Error::Overflow`].
    pub fn minimum(&self, balance: &Breakdown) -> Result<Breakdown> {
        let c = balance.currency();
        for comp in Component::ALL {
            if balance.amount(comp) < Decimal::ZERO {
                return Err(Error::invalid(
                    format!("statement.balance.{}", comp.as_str()),
                    balance.amount(comp),
                    "must not be negative",
                ));
            }
        }
        let mut min = Breakdown::zero(c);
        if self.include_interest_and_fees {
            for comp in [Component::Penalty, Component::Fee, Component::Interest] {
                min.set(comp, balance.amount(comp));
            }
        }
        let p = balance.amount(Component::Principal);
        let share = p
            .checked_mul(self.percent_of_principal)
            .ok_or_else(|| Error::overflow("multiply", p, self.percent_of_principal))?;
        min.set(
            Component::Principal,
            Rounding::AwayFromZero.round(share, c.minor_units()).min(p),
        );
        let total = min.total()?.amount();
        if total < self.floor {
            // Raise the principal part toward the floor, within the balance.
            let extra = (self.floor.saturating_sub(total))
                .min(p.saturating_sub(min.amount(Component::Principal)));
            min.add(Component::Principal, extra)?;
            // If principal is exhausted, take the remaining interest-like parts.
            let mut short = self.floor.saturating_sub(min.total()?.amount());
            for comp in [Component::Penalty, Component::Fee, Component::Interest] {
                let room = balance.amount(comp).saturating_sub(min.amount(comp));
                let add = room.min(short).max(Decimal::ZERO);
                min.add(comp, add)?;
                short = short.saturating_sub(add);
            }
        }
        Ok(min)
    }
}

/// One card statement. Deserializing one checks it as [`Statement::new`]
/// does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, try_from = "StatementData")]
pub struct Statement {
    statement_date: NaiveDate,
    due_date: NaiveDate,
    balance: Breakdown,
    minimum_due: Breakdown,
}

/// A statement as read, before it is checked.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StatementData {
    statement_date: NaiveDate,
    due_date: NaiveDate,
    balance: Breakdown,
    minimum_due: Breakdown,
}

impl TryFrom<StatementData> for Statement {
    type Error = Error;
    fn try_from(d: StatementData) -> Result<Statement> {
        Statement::new(d.statement_date, d.due_date, d.balance, d.minimum_due)
    }
}

impl Statement {
    /// A statement with an explicit minimum payment (newly required by this
    /// statement; see the module docs).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidField`] if the due date is not after the statement
    /// date, an amount is negative, the minimum exceeds the balance in a
    /// component, or currencies differ.
    pub fn new(
        statement_date: NaiveDate,
        due_date: NaiveDate,
        balance: Breakdown,
        minimum_due: Breakdown,
    ) -> Result<Self> {
        if due_date <= statement_date {
            return Err(Error::invalid(
                "statement.due_date",
                due_date,
                format!("must be after the statement date `{statement_date}`"),
            ));
        }
        if balance.currency() != minimum_due.currency() {
            return Err(Error::CurrencyMismatch {
                left: balance.currency().to_string(),
                right: minimum_due.currency().to_string(),
            });
        }
        for c in Component::ALL {
            if balance.amount(c) < Decimal::ZERO || minimum_due.amount(c) < Decimal::ZERO {
                return Err(Error::invalid(
                    format!("statement.{}", c.as_str()),
                    balance.amount(c).min(minimum_due.amount(c)),
                    "must not be negative",
                ));
            }
            if minimum_due.amount(c) > balance.amount(c) {
                return Err(Error::invalid(
                    format!("statement.minimum_due.{}", c.as_str()),
                    minimum_due.amount(c),
                    format!("exceeds the statement balance `{}`", balance.amount(c)),
                ));
            }
        }
        Ok(Statement {
            statement_date,
            due_date,
            balance,
            minimum_due,
        })
    }

    /// A statement whose minimum payment is computed by `rule`.
    ///
    /// # Errors
    ///
    /// As [`Statement::new`] and [`MinimumPaymentRule::minimum`].
    pub fn with_rule(
        statement_date: NaiveDate,
        due_date: NaiveDate,
        balance: Breakdown,
        rule: &MinimumPaymentRule,
    ) -> Result<Self> {
        let min = rule.minimum(&balance)?;
        Statement::new(statement_date, due_date, balance, min)
    }

    /// Statement (closing) date.
    pub fn statement_date(&self) -> NaiveDate {
        self.statement_date
    }
    /// Payment due date.
    pub fn due_date(&self) -> NaiveDate {
        self.due_date
    }
    /// Closing balance by component.
    pub fn balance(&self) -> &Breakdown {
        &self.balance
    }
    /// Minimum payment newly required by this statement.
    pub fn minimum_due(&self) -> &Breakdown {
        &self.minimum_due
    }
}

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
    /// on the closing balance, less the minimums of earlier statements still
    /// unpaid on the statement date (they stay due on their own statements),
    /// floored at zero per component. `balance` is the closing balance with
    /// the charges this statement bills (see the module docs); charges never
    /// change the unpaid minimums, so recording them before or after this
    /// call gives the same minimum.
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
        let full = rule.minimum(&balance)?;
        let unpaid = *self.position(statement_date)?.outstanding();
        let mut new = full;
        for c in Component::ALL {
            new.set(
                c,
                (full
                    .amount(c)
                    .saturating_sub(unpaid.amount(c).min(full.amount(c))))
                .max(Decimal::ZERO),
            );
        }
        self.add_statement(Statement::new(statement_date, due_date, balance, new)?)
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
    pub(crate) fn position_of(&self, known: &[&Transaction], as_of: NaiveDate) -> Result<Position> {
        let issued = self
            .statements
            .iter()
            .take_while(|s| s.statement_date <= as_of)
            .map(|s| s.statement_date)
            .collect();
        replay_card(
            self.currency(),
            &self.obligations(as_of),
            issued,
            known,
            as_of,
        )
    }

    /// Current balance as of `as_of`: the last statement's closing balance,
    /// plus charges and chargebacks and minus repayments and waivers with a
    /// later value date; a transaction in the closing balance and reversed
    /// since is taken back out (a payment that bounced after the statement
    /// is owed again). Zero before the first statement.
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
