//! Card statements and the rule that computes a minimum payment.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::loan::{Breakdown, Component};
use crate::money::Rounding;

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

    /// The share of the principal balance required.
    pub fn percent_of_principal(&self) -> Decimal {
        self.percent_of_principal
    }
    /// Whether interest, fees and penalty are required in full.
    pub fn includes_interest_and_fees(&self) -> bool {
        self.include_interest_and_fees
    }
    /// The least amount required (within the balance).
    pub fn floor(&self) -> Decimal {
        self.floor
    }

    /// The floor in a currency of `minor_units` places: rounded up to its
    /// minor unit, as every minimum is (a floor of 6.67 on a yen card
    /// requires ¥7).
    pub(crate) fn floor_in(&self, minor_units: u32) -> Decimal {
        Rounding::AwayFromZero.round(self.floor, minor_units)
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
        let floor = self.floor_in(c.minor_units());
        if total < floor {
            // Raise the principal part toward the floor, within the balance.
            let extra = (floor.saturating_sub(total))
                .min(p.saturating_sub(min.amount(Component::Principal)));
            min.add(Component::Principal, extra)?;
            // If principal is exhausted, take the remaining interest-like parts.
            let mut short = floor.saturating_sub(min.total()?.amount());
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
    pub(super) statement_date: NaiveDate,
    pub(super) due_date: NaiveDate,
    pub(super) balance: Breakdown,
    pub(super) minimum_due: Breakdown,
    /// The rule the minimum comes from, if any (see [`Statement::rule`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) rule: Option<MinimumPaymentRule>,
}

/// A statement as read, before it is checked.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StatementData {
    statement_date: NaiveDate,
    due_date: NaiveDate,
    balance: Breakdown,
    minimum_due: Breakdown,
    #[serde(default)]
    rule: Option<MinimumPaymentRule>,
}

impl TryFrom<StatementData> for Statement {
    type Error = Error;
    fn try_from(d: StatementData) -> Result<Statement> {
        let mut s = Statement::new(d.statement_date, d.due_date, d.balance, d.minimum_due)?;
        if let Some(rule) = d.rule {
            let computed = rule.minimum(&s.balance)?;
            if computed != s.minimum_due {
                return Err(Error::invalid(
                    "statement.minimum_due",
                    format!("{:?}", s.minimum_due),
                    format!("is not what its rule gives on the balance, {computed:?}"),
                ));
            }
            s.rule = Some(rule);
        }
        Ok(s)
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
            rule: None,
        })
    }

    /// A statement whose minimum payment is computed by `rule` on the whole
    /// balance, earlier unpaid minimums included; it keeps the rule, which
    /// an account applies again when it issues it ([`Statement::rule`]), as
    /// for [`CardAccount::add_statement_with_rule`](super::CardAccount::add_statement_with_rule).
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
        let mut statement = Statement::new(statement_date, due_date, balance, min)?;
        statement.rule = Some(rule.clone());
        Ok(statement)
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
    /// Minimum payment newly required by this statement; for a statement
    /// made by [`CardAccount::add_statement_with_rule`](super::CardAccount::add_statement_with_rule), the rule's minimum
    /// on the whole balance, of which the account's position requires what
    /// the earlier minimums unpaid on the statement date leave (see
    /// [`Statement::rule`]).
    pub fn minimum_due(&self) -> &Breakdown {
        &self.minimum_due
    }
    /// The rule of a statement from [`Statement::with_rule`]. The account
    /// applies it again when it issues the statement, at the end of its
    /// date, from the ledger as then known: on the balance without the
    /// charges reversed since; less the fees, interest and penalty earlier
    /// minimums still owe (the rule takes them in full: not required twice;
    /// principal is not netted, the past-due amount adding to the current
    /// minimum as issuers compute it); raised again to the rule's floor;
    /// and so that the minimums together require no more than the balance
    /// (see [`CardAccount::add_statement_with_rule`](super::CardAccount::add_statement_with_rule)).
    pub fn rule(&self) -> Option<&MinimumPaymentRule> {
        self.rule.as_ref()
    }
}
