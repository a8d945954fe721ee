//! `AccrualPolicy`: what a loan in arrears accrues, as validated data.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::tables::LprTable;
use crate::allocation::Waterfall;
use crate::calendar::DayCount;
use crate::delinquency::RuleStatus;
use crate::error::{Error, Problem, Result, Validator};
use crate::money::{Rate, Rounding};

pub use crate::rule::RuleRef;

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
        #[serde(with = "rust_decimal::serde::str")]
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
        #[serde(with = "rust_decimal::serde::str")]
        amount: Decimal,
    },
    /// A fraction of the installment as scheduled (principal + interest).
    Installment {
        /// The fraction (`0.05` = 5 %).
        #[serde(with = "rust_decimal::serde::str")]
        rate: Decimal,
    },
    /// A fraction of the installment's overdue principal.
    OverduePrincipal {
        /// The fraction.
        #[serde(with = "rust_decimal::serde::str")]
        rate: Decimal,
    },
    /// A fraction of the installment's overdue principal and interest.
    OverduePrincipalAndInterest {
        /// The fraction.
        #[serde(with = "rust_decimal::serde::str")]
        rate: Decimal,
    },
    /// A fraction of the unpaid part of the minimum payment (cards: 违约金
    /// per RULES.md §2.2, 滞纳金 before 2017).
    UnpaidMinimum {
        /// The fraction.
        #[serde(with = "rust_decimal::serde::str")]
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
        with = "rust_decimal::serde::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub min: Option<Decimal>,
    /// Maximum per fee (e.g. a UK cost-based maximum).
    #[serde(
        default,
        with = "rust_decimal::serde::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub max: Option<Decimal>,
    /// Where the firm documents that the fee covers no more than its
    /// reasonable costs (a cost study's reference), for regimes that require
    /// one ([`AccrualPolicy::requires_cost_basis`]; UK CONC 7.7.5R).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_basis: Option<String>,
}

/// How the all-in annualised cost cap is set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum CapRate {
    /// A fixed annual rate (24 %, 36 %).
    Fixed {
        /// The rate.
        rate: Rate,
    },
    /// A multiple of the 1-year LPR in effect at contract formation
    /// ([`LoanTerms::contract_date`](crate::loan::LoanTerms::contract_date),
    /// the disbursement date unless set; `cn.spc_private_lending.art29`:
    /// 4 × LPR). Not modelled: `art31`, for contracts formed before
    /// 2020-08-20 (the 2015 rule up to 2020-08-19, then 4 × the LPR at the
    /// time of suit, which the library does not know): such a contract gets
    /// the LPR at formation (from 2019-08-20; earlier dates are an error);
    /// give it a [`CapRate::Fixed`] rate instead.
    LprMultiple {
        /// The multiple (4).
        #[serde(with = "rust_decimal::serde::str")]
        multiple: Decimal,
        /// The LPR table.
        table: LprTable,
    },
}

/// A cap on overdue interest + 违约金 + fees together (RULES.md §2.3): the
/// allowance grows, on every day on which some installment is overdue, by
/// the cap rate on a principal base ([`CapBase`]: by default all unpaid
/// principal, an interp. \[U\] of `cn.spc_private_lending.art29`; or only
/// the overdue principal), and each penalty, compound or fee amount is cut
/// to the room left. What
/// becomes of the part cut off is [`CapExcess`]: waived (the default), or
/// held and charged as the allowance grows. Under the default, a fee that
/// falls due before any allowance has grown (on the first overdue day) is
/// cut to zero and, if it does not recur, never charged; under
/// [`CapExcess::Deferred`] it is charged once enough days have passed.
/// An agreed overdue rate above the cap rate (`art28`) is held to the cap
/// rate when [`rate_rule`](AnnualizedCap::rate_rule) is set (as in the
/// `cn` preset), whatever the base. Without it, under the default base
/// such a rate is not cut while the allowance on the whole principal
/// covers it; on [`CapBase::OverduePrincipal`] the penalty on the overdue
/// principal can never outgrow the cap rate on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnnualizedCap {
    /// Rule reference.
    pub rule: RuleRef,
    /// The rate.
    pub rate: CapRate,
    /// Day count for the cap allowance (Act/365F when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day_count: Option<DayCount>,
    /// What becomes of the part of a charge the cap cuts off.
    #[serde(default, skip_serializing_if = "CapExcess::is_waived")]
    pub excess: CapExcess,
    /// The principal the allowance grows on.
    #[serde(default, skip_serializing_if = "CapBase::is_outstanding")]
    pub base: CapBase,
    /// When set (`cn.spc_private_lending.art28` in the `cn` preset: "the
    /// agreed overdue rate is capped at 4 × LPR at formation"), an agreed
    /// penalty rate above the cap rate is held to the cap rate, and penalty
    /// and compound-interest records at the held rate cite this rule (their
    /// `rate` is the held rate). When absent, the penalty runs at the
    /// agreed rate and only the total is capped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_rule: Option<RuleRef>,
}

/// The principal on which the annualised cap's allowance grows.
///
/// `cn.spc_private_lending.art28` caps the agreed overdue rate at 4 × LPR
/// and `art29` the total of overdue interest, 违约金 and fees "above
/// 4 × LPR"; neither names the amount the rate applies to (RULES.md §2.3).
/// Reading it as all unpaid principal (the default, interp. \[U\]) gives
/// an installment loan a much larger allowance than reading it as the
/// overdue principal, the amount penalty interest itself runs on, which is
/// the stricter reading of `art29` (and, without
/// [`AnnualizedCap::rate_rule`], the only way the total enforces `art28`
/// on the penalty rate).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CapBase {
    /// All principal not yet repaid, due or not (the default).
    #[default]
    OutstandingPrincipal,
    /// The principal of the installments overdue (with
    /// [`LoanDay`](super::LoanDay): its `overdue_principal`). While only
    /// interest is overdue (an interest-only loan before maturity) the
    /// allowance does not grow, and compound interest and fees are cut
    /// (or held, under [`CapExcess::Deferred`]).
    OverduePrincipal,
}

impl CapBase {
    /// Whether this is [`CapBase::OutstandingPrincipal`].
    pub fn is_outstanding(&self) -> bool {
        *self == CapBase::OutstandingPrincipal
    }
}

/// What becomes of the part of a charge that the annualised cap cuts off.
///
/// `cn.spc_private_lending.art29` limits the *total* of overdue interest,
/// 违约金 and fees: what it does not support at one date may be supported
/// later, once more days have passed. [`Waived`](Self::Waived) never
/// charges the cut part (the conservative reading, and the default);
/// [`Deferred`](Self::Deferred) holds it and charges it as the allowance
/// grows, so that, while nothing is paid, the total charged at the end of
/// each interval between events is the lesser of the charges and the
/// allowance (to the cent the cap's room is rounded down to).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CapExcess {
    /// The cut part is never charged.
    #[default]
    Waived,
    /// The cut part is held, in the order of the cuts, and charged to its
    /// installment and component as soon as the allowance has room for it:
    /// in each
    /// later interval between events (the engine's unit, as for every
    /// charge), with the allowance that interval adds, before that
    /// interval's own charges. A held amount is dropped (never charged)
    /// once its installment owes no more than the policy's tolerance (paid
    /// up), and nothing is released while accrual is stopped. A held fee
    /// counts against the per-installment and per-loan fee caps from the
    /// day it was charged. Each release is a record of the original kind
    /// and rule, dated over the interval, with `released_from` set to the
    /// date of the charge it was cut from. The nightly close
    /// ([`ClosePolicy`](super::ClosePolicy)) holds the same amounts as two
    /// totals per loan.
    Deferred,
}

impl CapExcess {
    /// Whether this is [`CapExcess::Waived`].
    pub fn is_waived(&self) -> bool {
        *self == CapExcess::Waived
    }
}

/// Caps on what accrues.
///
/// Penalties and fees posted to the ledger ([`TxKind::Charge`](crate::loan::TxKind::Charge))
/// count against them as the engine's own charges do (a posted fee
/// against the fee caps, a posted penalty or fee against the annualised
/// cap), but are never cut: what the engine charges after them gets less
/// room.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Caps {
    /// Total late fees per installment.
    #[serde(
        default,
        with = "rust_decimal::serde::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub fees_per_installment: Option<Decimal>,
    /// Total late fees over the loan's life.
    #[serde(
        default,
        with = "rust_decimal::serde::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub fees_per_loan: Option<Decimal>,
    /// All-in annualised cost cap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annualized: Option<AnnualizedCap>,
}

/// How accrued amounts are rounded and posted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Posting {
    /// Each day's amount is rounded and posted (so accruing [a, c) equals
    /// accruing [a, b) then [b, c) to the cent).
    #[default]
    Daily,
    /// One rounded posting per interval between events (fewer roundings;
    /// not additive over arbitrary splits).
    Period,
}

/// When accrual stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StopRule {
    /// Stop all accrual once days past due reach this value (e.g. 90 for
    /// non-accrual status, or the charge-off day count).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_dpd: Option<u32>,
    /// Stop all accrual from the value date of a charge-off entry in the
    /// ledger.
    #[serde(default)]
    pub at_charge_off: bool,
}

/// What a loan in arrears accrues: penalty interest, late fees and caps.
///
/// Build one with a preset ([`AccrualPolicy::cn`], [`AccrualPolicy::us`],
/// [`AccrualPolicy::uk`]) or from a file; both go through
/// [`AccrualPolicy::validate`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, try_from = "RawPolicy", into = "RawPolicy")]
pub struct AccrualPolicy {
    id: String,
    penalty: Option<PenaltyRule>,
    late_fees: Vec<LateFeeRule>,
    caps: Caps,
    stop: StopRule,
    rounding: Rounding,
    posting: Posting,
    tolerance: Decimal,
    waterfall: Waterfall,
    requires_cost_basis: bool,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPolicy {
    id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    penalty: Option<PenaltyRule>,
    #[serde(default)]
    late_fees: Vec<LateFeeRule>,
    #[serde(default)]
    caps: Caps,
    #[serde(default)]
    stop: StopRule,
    #[serde(default)]
    rounding: Rounding,
    #[serde(default)]
    posting: Posting,
    #[serde(default, with = "rust_decimal::serde::str")]
    tolerance: Decimal,
    #[serde(default = "Waterfall::mifos_standard")]
    waterfall: Waterfall,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    requires_cost_basis: bool,
}

impl TryFrom<RawPolicy> for AccrualPolicy {
    type Error = Error;
    fn try_from(r: RawPolicy) -> Result<Self> {
        let p = AccrualPolicy {
            id: r.id,
            penalty: r.penalty,
            late_fees: r.late_fees,
            caps: r.caps,
            stop: r.stop,
            rounding: r.rounding,
            posting: r.posting,
            tolerance: r.tolerance,
            waterfall: r.waterfall,
            requires_cost_basis: r.requires_cost_basis,
        };
        p.validate()?;
        Ok(p)
    }
}

impl From<AccrualPolicy> for RawPolicy {
    fn from(p: AccrualPolicy) -> Self {
        RawPolicy {
            id: p.id,
            penalty: p.penalty,
            late_fees: p.late_fees,
            caps: p.caps,
            stop: p.stop,
            rounding: p.rounding,
            posting: p.posting,
            tolerance: p.tolerance,
            waterfall: p.waterfall,
            requires_cost_basis: p.requires_cost_basis,
        }
    }
}

fn non_negative(v: &mut Validator, path: &str, value: Option<Decimal>) {
    if let Some(x) = value {
        if x < Decimal::ZERO {
            v.push(path, x, "must not be negative");
        }
    }
}

impl AccrualPolicy {
    /// A policy with no penalty, fees or caps; add them with the `with_*`
    /// methods.
    pub fn new(id: &str) -> Self {
        AccrualPolicy {
            id: id.to_owned(),
            penalty: None,
            late_fees: Vec::new(),
            caps: Caps::default(),
            stop: StopRule::default(),
            rounding: Rounding::HalfUp,
            posting: Posting::Daily,
            tolerance: Decimal::ZERO,
            waterfall: Waterfall::mifos_standard(),
            requires_cost_basis: false,
        }
    }

    /// Sets penalty interest.
    pub fn with_penalty(mut self, penalty: PenaltyRule) -> Self {
        self.penalty = Some(penalty);
        self
    }
    /// Adds a late-fee rule.
    pub fn with_late_fee(mut self, fee: LateFeeRule) -> Self {
        self.late_fees.push(fee);
        self
    }
    /// Requires every late fee to name its [`cost_basis`](LateFeeRule::cost_basis)
    /// (UK CONC 7.7.5R: charges in arrears no higher than the firm's
    /// reasonable costs, RULES.md §2.6); [`findings`](Self::findings) lists
    /// the fees without one.
    pub fn with_required_cost_basis(mut self, required: bool) -> Self {
        self.requires_cost_basis = required;
        self
    }
    /// Sets the caps.
    pub fn with_caps(mut self, caps: Caps) -> Self {
        self.caps = caps;
        self
    }
    /// Sets the stop rule.
    pub fn with_stop(mut self, stop: StopRule) -> Self {
        self.stop = stop;
        self
    }
    /// Sets rounding.
    pub fn with_rounding(mut self, rounding: Rounding) -> Self {
        self.rounding = rounding;
        self
    }
    /// Sets posting granularity.
    pub fn with_posting(mut self, posting: Posting) -> Self {
        self.posting = posting;
        self
    }
    /// Sets the overdue tolerance (an installment owing no more than this
    /// triggers no late fee).
    pub fn with_tolerance(mut self, tolerance: Decimal) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Sets the waterfall that allocates payments during accrual (default:
    /// Fineract's penalty, fee, interest, principal).
    pub fn with_waterfall(mut self, waterfall: Waterfall) -> Self {
        self.waterfall = waterfall;
        self
    }
    /// The waterfall.
    pub fn waterfall(&self) -> &Waterfall {
        &self.waterfall
    }

    /// The id.
    pub fn id(&self) -> &str {
        &self.id
    }
    /// Penalty interest, if any.
    pub fn penalty(&self) -> Option<&PenaltyRule> {
        self.penalty.as_ref()
    }
    /// Late-fee rules.
    pub fn late_fees(&self) -> &[LateFeeRule] {
        &self.late_fees
    }
    /// Whether every late fee must name its cost basis.
    pub fn requires_cost_basis(&self) -> bool {
        self.requires_cost_basis
    }
    /// What a reviewer should act on without the policy being invalid:
    /// under [`requires_cost_basis`](Self::requires_cost_basis), each late
    /// fee with no cost basis (`uk.conc.7_7_5R`: "a charge without one is a
    /// finding"; a charge of £12 or less needs one too, the OFT threshold
    /// being no safe harbor). Empty when there is nothing to review.
    pub fn findings(&self) -> Vec<Problem> {
        if !self.requires_cost_basis {
            return Vec::new();
        }
        self.late_fees
            .iter()
            .enumerate()
            .filter(|(_, f)| {
                f.cost_basis
                    .as_deref()
                    .map_or(true, |b| b.trim().is_empty())
            })
            .map(|(i, f)| {
                Problem::new(
                    format!("late_fees[{i}].cost_basis"),
                    &f.rule.id,
                    "no cost basis: a charge in arrears must be no higher than the firm's \
                     reasonable costs (uk.conc.7_7_5R), a charge of 12 or less included \
                     (uk.oft_2006.12gbp)",
                )
            })
            .collect()
    }
    /// Caps.
    pub fn caps(&self) -> &Caps {
        &self.caps
    }
    /// Whether an annualised cap holds what it cuts off
    /// ([`CapExcess::Deferred`]).
    pub(crate) fn defers_cap_cuts(&self) -> bool {
        self.caps
            .annualized
            .as_ref()
            .is_some_and(|c| c.excess == CapExcess::Deferred)
    }
    /// Whether an annualised cap grows on the overdue principal
    /// ([`CapBase::OverduePrincipal`]).
    pub(crate) fn caps_on_overdue(&self) -> bool {
        self.caps
            .annualized
            .as_ref()
            .is_some_and(|c| c.base == CapBase::OverduePrincipal)
    }
    /// Stop rule.
    pub fn stop(&self) -> StopRule {
        self.stop
    }
    /// Rounding mode.
    pub fn rounding(&self) -> Rounding {
        self.rounding
    }
    /// Posting granularity.
    pub fn posting(&self) -> Posting {
        self.posting
    }
    /// Overdue tolerance.
    pub fn tolerance(&self) -> Decimal {
        self.tolerance
    }

    /// Checks the whole policy and reports every problem at once.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPolicy`]: a markup outside its band, a negative cap,
    /// fee minimum or maximum, a minimum above the maximum, a fee rate
    /// outside 0..=1, a zero recurrence interval, a missing rule id.
    pub fn validate(&self) -> Result<()> {
        let mut v = Validator::default();
        if self.id.trim().is_empty() {
            v.push("id", "", "a policy needs a non-empty id");
        }
        if let Some(p) = &self.penalty {
            p.rule.check("penalty", &mut v);
            if let Some(r) = &p.compound_rule {
                r.check_field("penalty.compound_rule", &mut v);
            }
            if let PenaltyRate::Markup { markup, band } = &p.rate {
                if let Some((lo, hi)) = band.range() {
                    if *markup < lo || *markup > hi {
                        v.push(
                            "penalty.rate.markup",
                            markup,
                            format!(
                                "outside the {band:?} band `{lo}`..=`{hi}` (`{}`)",
                                p.rule.id
                            )
                            .to_lowercase(),
                        );
                    }
                } else if *markup < Decimal::NEGATIVE_ONE {
                    v.push("penalty.rate.markup", markup, "must not be below -1");
                }
            }
        }
        for (i, f) in self.late_fees.iter().enumerate() {
            // Paths are formatted only for a report: validating a valid
            // policy (as every `accrue` does) allocates nothing.
            let path = |field: &str| format!("late_fees[{i}].{field}");
            if f.rule.id.trim().is_empty() {
                f.rule.check(&format!("late_fees[{i}]"), &mut v);
            }
            match &f.base {
                FeeBase::Flat { amount } => {
                    if *amount < Decimal::ZERO {
                        non_negative(&mut v, &path("base.amount"), Some(*amount));
                    }
                }
                FeeBase::Installment { rate }
                | FeeBase::OverduePrincipal { rate }
                | FeeBase::OverduePrincipalAndInterest { rate }
                | FeeBase::UnpaidMinimum { rate } => {
                    if *rate < Decimal::ZERO || *rate > Decimal::ONE {
                        v.push(
                            path("base.rate"),
                            rate,
                            "must be a fraction between 0 and 1",
                        );
                    }
                }
            }
            if let Recurrence::EveryDays { days: 0 } = f.recurrence {
                v.push(path("recurrence.days"), 0, "must be at least 1");
            }
            for (field, value) in [("min", f.min), ("max", f.max)] {
                if value.is_some_and(|x| x < Decimal::ZERO) {
                    non_negative(&mut v, &path(field), value);
                }
            }
            if let (Some(lo), Some(hi)) = (f.min, f.max) {
                if lo > hi {
                    v.push(path("min"), lo, format!("is above the maximum `{hi}`"));
                }
            }
        }
        non_negative(
            &mut v,
            "caps.fees_per_installment",
            self.caps.fees_per_installment,
        );
        non_negative(&mut v, "caps.fees_per_loan", self.caps.fees_per_loan);
        if let Some(cap) = &self.caps.annualized {
            cap.rule.check("caps.annualized", &mut v);
            if let Some(r) = &cap.rate_rule {
                r.check_field("caps.annualized.rate_rule", &mut v);
            }
            if let CapRate::LprMultiple { multiple, table } = &cap.rate {
                if *multiple <= Decimal::ZERO {
                    v.push(
                        "caps.annualized.rate.multiple",
                        multiple,
                        "must be positive",
                    );
                }
                table.check("caps.annualized.rate.table", &mut v);
            }
        }
        if self.tolerance < Decimal::ZERO {
            v.push("tolerance", self.tolerance, "must not be negative");
        }
        v.finish()
    }

    /// China bank-loan preset: 罚息 at the contract rate + 50 % (the top of
    /// the 30 %–50 % band, `cn.pboc_2003_251.overdue_markup` \[S\]), held to
    /// 4 × LPR at formation (`cn.spc_private_lending.art28`, whose text is
    /// \[V\]; that it binds banks is \[U\], as for `art29`; the preset
    /// takes the stricter rule where two conflict: a 12 % loan's 18 % runs
    /// at 12 % when the LPR is 3.00 %), with
    /// compounding on overdue interest (`cn.pboc_2003_251.compound` \[U\]),
    /// Act/360 (`cn.bank.day_basis` \[S\]), no separate late fee, and the
    /// 4 × LPR all-in cap (`cn.spc_private_lending.art29`, whose text is
    /// \[V\]; whether it binds banks is \[U\], so the preset's rule is
    /// tagged \[U\]). Half-up daily postings; payments go fee →
    /// penalty → interest → principal (`cn.bank.contract_order` \[U\]).
    pub fn cn() -> Self {
        AccrualPolicy::new("cn")
            .with_waterfall(Waterfall::cn_bank_contract())
            .with_penalty(PenaltyRule {
                rule: RuleRef::new(
                    "cn.pboc_2003_251.overdue_markup",
                    "中国人民银行 银发〔2003〕251号",
                    RuleStatus::Secondary,
                ),
                rate: PenaltyRate::Markup {
                    markup: Decimal::new(5, 1),
                    band: MarkupBand::Overdue,
                },
                day_count: Some(DayCount::Act360),
                compound: true,
                compound_rule: Some(RuleRef::new(
                    "cn.pboc_2003_251.compound",
                    "中国人民银行 银发〔2003〕251号 (复利 on overdue interest)",
                    RuleStatus::Unverified,
                )),
            })
            .with_caps(Caps {
                fees_per_installment: None,
                fees_per_loan: None,
                annualized: Some(AnnualizedCap {
                    rule: RuleRef::new(
                        "cn.spc_private_lending.art29",
                        "最高人民法院 民间借贷司法解释 (2020) 第二十九条; applied to banks: interp. [U]",
                        RuleStatus::Unverified,
                    ),
                    rate: CapRate::LprMultiple {
                        multiple: Decimal::from(4),
                        table: LprTable::published(),
                    },
                    day_count: Some(DayCount::Act365Fixed),
                    excess: CapExcess::Waived,
                    base: CapBase::OutstandingPrincipal,
                    rate_rule: Some(RuleRef::new(
                        "cn.spc_private_lending.art28",
                        "最高人民法院 民间借贷司法解释 (2020) 第二十八条: agreed overdue rate ≤ 4 × LPR at formation; applied to banks: interp. [U]",
                        RuleStatus::Unverified,
                    )),
                }),
            })
    }

    /// The [`AccrualPolicy::cn`] preset with another penalty markup.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPolicy`] if the markup is outside the 30 %–50 % band.
    pub fn cn_with_markup(markup: Decimal) -> Result<Self> {
        let mut p = AccrualPolicy::cn();
        if let Some(pen) = &mut p.penalty {
            pen.rate = PenaltyRate::Markup {
                markup,
                band: MarkupBand::Overdue,
            };
        }
        p.validate()?;
        Ok(p)
    }

    /// US installment-loan preset \[U\]: no penalty rate; a late charge of
    /// 5 % of the installment, at least 15 and at most 30 currency units,
    /// once per installment, charged on the 15th day past due (an
    /// installment due 02-10 is charged on 02-25: the grace period counts
    /// from the due date; common state-law shape; no federal source). Card penalty fees follow Reg Z
    /// (`us.reg_z.safe_harbor`) through the card accrual.
    pub fn us() -> Self {
        AccrualPolicy::new("us").with_late_fee(LateFeeRule {
            rule: RuleRef::new(
                "us.late_charge.installment",
                "state law; no federal source",
                RuleStatus::Unverified,
            ),
            after_days: 15,
            recurrence: Recurrence::Once,
            base: FeeBase::Installment {
                rate: Decimal::new(5, 2),
            },
            min: Some(Decimal::from(15)),
            max: Some(Decimal::from(30)),
            cost_basis: None,
        })
    }

    /// UK preset: a default charge of £12, once per missed installment
    /// from the first day overdue; no penalty rate. £12 is the OFT's 2006
    /// unfairness threshold (`uk.oft_2006.12gbp` \[S\]), a presumption and
    /// not a safe harbor: CONC 7.7.5R \[V\] limits the charge to the firm's
    /// reasonable costs, so the preset requires a cost basis and
    /// [`findings`](Self::findings) lists the fee until the lender names its
    /// own (`cost_basis`).
    pub fn uk() -> Self {
        AccrualPolicy::new("uk")
            .with_late_fee(LateFeeRule {
                rule: RuleRef::new(
                    "uk.conc.7_7_5R",
                    "FCA CONC 7.7.5R [V]; the £12 amount: the OFT (2006) threshold, uk.oft_2006.12gbp [S], no safe harbor",
                    RuleStatus::Verified,
                ),
                after_days: 1,
                recurrence: Recurrence::Once,
                base: FeeBase::Flat {
                    amount: Decimal::from(12),
                },
                min: None,
                max: Some(Decimal::from(12)),
                cost_basis: None,
            })
            .with_required_cost_basis(true)
    }
}
