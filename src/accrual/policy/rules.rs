//! The rules a policy charges by: penalty interest (罚息) and its markup
//! band, and late fees (their trigger, recurrence, base and bounds).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::RuleRef;
use crate::calendar::DayCount;
use crate::error::{Error, Result};
use crate::money::Rate;

/// The band a penalty markup must fall in (RULES.md §2.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum MarkupBand {
    /// Overdue bank loan: markup in 30 %–50 % (`cn.pboc_2003_251.overdue_markup`).
    Overdue,
    /// Misuse of funds: markup in 50 %–100 % (`cn.pboc_2003_251.misuse_markup`).
    Misuse,
    /// No band (non-bank lenders, other jurisdictions).
    Unchecked,
}

impl MarkupBand {
    /// The inclusive band, if any.
    pub fn range(self) -> Option<(Decimal, Decimal)> {
        match self {
            MarkupBand::Overdue => Some((Decimal::new(30, 2), Decimal::new(50, 2))),
            MarkupBand::Misuse => Some((Decimal::new(50, 2), Decimal::ONE)),
            MarkupBand::Unchecked => None,
        }
    }
}

/// How the penalty rate is set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum PenaltyRate {
    /// A stated annual penalty rate.
    Explicit {
        /// The rate.
        rate: Rate,
    },
    /// Contract rate × (1 + markup).
    Markup {
        /// The markup as a fraction (`0.5` = 50 %).
        #[serde(with = "crate::money::serde_str")]
        markup: Decimal,
        /// The band the markup must fall in.
        band: MarkupBand,
    },
}

/// Penalty interest (罚息) on overdue principal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PenaltyRule {
    /// Rule reference.
    pub rule: RuleRef,
    /// The rate.
    pub rate: PenaltyRate,
    /// Day count; the loan's when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day_count: Option<DayCount>,
    /// Also charge interest on overdue contractual interest at the penalty
    /// rate (复利, `cn.pboc_2003_251.compound`).
    #[serde(default)]
    pub compound: bool,
    /// The rule compound-interest records cite (`cn.pboc_2003_251.compound`
    /// \[U\] in the `cn` preset); `rule` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compound_rule: Option<RuleRef>,
}

impl PenaltyRule {
    /// The id compound-interest records cite: `compound_rule`'s, else
    /// `rule`'s.
    pub fn compound_rule_id(&self) -> &str {
        self.compound_rule
            .as_ref()
            .unwrap_or(&self.rule)
            .id
            .as_str()
    }

    /// The annual penalty rate for a loan at `contract`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidField`] if the result is out of range.
    pub fn annual_rate(&self, contract: Rate) -> Result<Rate> {
        match &self.rate {
            PenaltyRate::Explicit { rate } => Ok(*rate),
            PenaltyRate::Markup { markup, .. } => {
                contract.marked_up(*markup).map_err(|e| match e {
                    Error::InvalidField { reason, .. } => Error::invalid(
                        "penalty.rate.markup",
                        markup,
                        format!("the contract rate {contract} marked up is out of range: {reason}"),
                    ),
                    other => other,
                })
            }
        }
    }
}

/// When a late fee is charged again while the installment stays overdue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "snake_case",
    deny_unknown_fields,
    from = "RecurrenceRepr"
)]
pub enum Recurrence {
    /// Once per installment.
    Once,
    /// Every `days` days after the first charge.
    EveryDays {
        /// The interval in days (≥ 1).
        days: u32,
    },
    /// On the same day of each following month (clamped to month end).
    Monthly,
}

/// [`Recurrence`] as read: every variant a struct, so that an unknown key
/// (`type = "once"` with `days = 3`) is an error, as serde does not check
/// the keys of a unit variant.
#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
enum RecurrenceRepr {
    Once {},
    EveryDays { days: u32 },
    Monthly {},
}

impl From<RecurrenceRepr> for Recurrence {
    fn from(r: RecurrenceRepr) -> Recurrence {
        match r {
            RecurrenceRepr::Once {} => Recurrence::Once,
            RecurrenceRepr::EveryDays { days } => Recurrence::EveryDays { days },
            RecurrenceRepr::Monthly {} => Recurrence::Monthly,
        }
    }
}

/// What a late fee is computed on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum FeeBase {
    /// A flat amount in the loan's currency, rounded to the currency's
    /// minor units by the policy's rounding when charged (`12.345` charges
    /// CNY 12.35 half-up).
    Flat {
        /// The amount.
        #[serde(with = "crate::money::serde_str")]
        amount: Decimal,
    },
    /// A fraction of the installment as scheduled (principal + interest).
    Installment {
        /// The fraction (`0.05` = 5 %).
        #[serde(with = "crate::money::serde_str")]
        rate: Decimal,
    },
    /// A fraction of the installment's overdue principal.
    OverduePrincipal {
        /// The fraction.
        #[serde(with = "crate::money::serde_str")]
        rate: Decimal,
    },
    /// A fraction of the installment's overdue principal and interest.
    OverduePrincipalAndInterest {
        /// The fraction.
        #[serde(with = "crate::money::serde_str")]
        rate: Decimal,
    },
    /// A fraction of the unpaid part of the minimum payment (cards: 违约金
    /// per RULES.md §2.2, 滞纳金 before 2017).
    UnpaidMinimum {
        /// The fraction.
        #[serde(with = "crate::money::serde_str")]
        rate: Decimal,
    },
}

impl FeeBase {
    /// Whether the base includes the penalty owed (a % of the unpaid
    /// minimum): then penalty carried forward unposted must be posted
    /// before the fee is computed.
    pub(crate) fn reads_penalty(&self) -> bool {
        matches!(self, FeeBase::UnpaidMinimum { .. })
    }
}

/// A late fee (滞纳金 / 违约金 / late charge).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LateFeeRule {
    /// Rule reference.
    pub rule: RuleRef,
    /// Days past due at which the fee is first charged (grace included;
    /// 0 is read as 1: a fee is never charged on the due date).
    pub after_days: u32,
    /// Repetition while overdue.
    pub recurrence: Recurrence,
    /// What it is computed on.
    pub base: FeeBase,
    /// Minimum per fee (a floor, e.g. a 违约金 floor).
    #[serde(
        default,
        with = "crate::money::serde_str::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub min: Option<Decimal>,
    /// Maximum per fee (e.g. a UK cost-based maximum).
    #[serde(
        default,
        with = "crate::money::serde_str::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub max: Option<Decimal>,
    /// Where the firm documents that the fee covers no more than its
    /// reasonable costs (a cost study's reference), for regimes that require
    /// one ([`AccrualPolicy::requires_cost_basis`]; UK CONC 7.7.5R).
    ///
    /// [`AccrualPolicy::requires_cost_basis`]: super::AccrualPolicy::requires_cost_basis
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_basis: Option<String>,
}
