//! `AccrualPolicy`: what a loan in arrears accrues, as validated data.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::accrual::tables::LprTable;
use crate::allocation::Waterfall;
use crate::error::{Error, Problem, Result, Validator};
use crate::money::{Currency, Rounding};

pub use crate::rule::RuleRef;

mod caps;
mod presets;
mod rules;

pub use caps::{AnnualizedCap, CapBase, CapExcess, CapRate, Caps};
pub use rules::{FeeBase, LateFeeRule, MarkupBand, PenaltyRate, PenaltyRule, Recurrence};

/// How accrued amounts are rounded and posted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Posting {
    /// Each day's amount is rounded and posted (so accruing [a, c) equals
    /// accruing [a, b) then [b, c) to the cent).
    #[default]
    Daily,
    /// One rounded posting per interval between events, and one record per
    /// interval (fewer roundings; not additive over arbitrary splits).
    Period,
}

/// When accrual stops.
///
/// While stopped, nothing accrues and no fee is charged, but late-fee
/// clocks keep their schedule (a fee date that passes while stopped is
/// not charged later), and a held cap excess is not released. The day a
/// stop takes effect, and a charge-off's date, start a new interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StopRule {
    /// Stop all accrual while days past due are at or above this value
    /// (e.g. 90 for non-accrual status, or the charge-off day count). It is
    /// checked at the start of each interval between events, so a payment
    /// that brings the days past due back under it lets accrual resume.
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
    #[serde(default, with = "crate::money::serde_str")]
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
    /// Replaces the LPR table of the annualised cap (a
    /// [`CapRate::LprMultiple`] rate), e.g. with the current rows, or with
    /// the published table's
    /// [`valid_through`](crate::accrual::LprTable::valid_through) moved
    /// forward once the host has checked that the LPR has not changed.
    ///
    /// ```
    /// use arrears::accrual::{AccrualPolicy, LprTable};
    /// use chrono::NaiveDate;
    ///
    /// let through = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    /// let table = LprTable::published().with_valid_through(through).unwrap();
    /// let policy = AccrualPolicy::cn().with_lpr_table(table).unwrap();
    /// assert!(policy.validate().is_ok());
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::InvalidField`] naming `caps.annualized` if the policy has
    /// no annualised cap, or `caps.annualized.rate` if its cap rate is
    /// fixed.
    pub fn with_lpr_table(mut self, table: LprTable) -> Result<Self> {
        match self.caps.annualized.as_mut().map(|c| &mut c.rate) {
            Some(CapRate::LprMultiple { table: t, .. }) => {
                *t = table;
                Ok(self)
            }
            Some(CapRate::Fixed { rate }) => Err(Error::invalid(
                "caps.annualized.rate",
                rate.annual(),
                "is a fixed rate: the policy has no LPR table to replace",
            )),
            None => Err(Error::invalid(
                "caps.annualized",
                "none",
                "the policy has no annualised cap, so no LPR table to replace",
            )),
        }
    }
    /// The LPR table of the annualised cap, if its rate is a multiple of
    /// the LPR.
    pub fn lpr_table(&self) -> Option<&LprTable> {
        match self.caps.annualized.as_ref().map(|c| &c.rate) {
            Some(CapRate::LprMultiple { table, .. }) => Some(table),
            _ => None,
        }
    }
    /// Checks the policy's amounts against a loan's currency: late-fee
    /// minimums and maximums and the fee caps must be whole minor units of
    /// `currency` (a fee held to a maximum of 20.005 on a USD loan would be
    /// charged as 20.005, which no payment settles). [`accrue`](super::accrue),
    /// [`payoff`](super::payoff) and [`ClosePolicy::new`](super::ClosePolicy::new)
    /// check it.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPolicy`] listing every amount finer than the minor
    /// unit, by field.
    pub fn check_currency(&self, currency: Currency) -> Result<()> {
        let mut v = Validator::default();
        let mut check = |path: String, x: Option<Decimal>| {
            if let Some(x) = x.filter(|x| x.normalize().scale() > currency.minor_units()) {
                v.push(
                    path,
                    x,
                    format!(
                        "is finer than the minor unit of the loan's {currency} ({})",
                        currency.minor_unit()
                    ),
                );
            }
        };
        for (i, f) in self.late_fees.iter().enumerate() {
            check(format!("late_fees[{i}].min"), f.min);
            check(format!("late_fees[{i}].max"), f.max);
        }
        check(
            "caps.fees_per_installment".to_owned(),
            self.caps.fees_per_installment,
        );
        check("caps.fees_per_loan".to_owned(), self.caps.fees_per_loan);
        v.finish()
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
    /// Sets the overdue tolerance: an installment owing no more than this
    /// is not overdue for the days past due, the stop at a DPD
    /// ([`StopRule::at_dpd`](super::StopRule::at_dpd)) and late fees (none
    /// is charged on it). Money still accrues on what it owes: 罚息 on its
    /// past-due principal and compound interest on its past-due interest,
    /// whatever the tolerance, and the annualised cap's allowance grows on
    /// each day something is past due and unpaid
    /// ([`CapTerms`](super::CapTerms)). The tolerance is about whom to
    /// chase, not what is owed.
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
    /// What a reviewer should act on without the policy being invalid: a
    /// rate above 1 (100 %) where a fraction is expected (likely a percent:
    /// `"18"` reads as 1,800 % a year); under
    /// [`requires_cost_basis`](Self::requires_cost_basis), each late
    /// fee with no cost basis (`uk.conc.7_7_5R`: "a charge without one is a
    /// finding"; a charge of £12 or less needs one too, the OFT threshold
    /// being no safe harbor). Empty when there is nothing to review.
    pub fn findings(&self) -> Vec<Problem> {
        let mut out = self.percent_slips();
        if !self.requires_cost_basis {
            return out;
        }
        out.extend(
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
                }),
        );
        out
    }

    /// Annual rates above 1 (100 %): valid, and likely a percent written
    /// where a fraction was meant (`"18"` for 18 % reads as 1,800 % a
    /// year). Fee fractions above 1 are invalid already.
    fn percent_slips(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        let mut check = |path: String, x: Decimal| {
            if x > Decimal::ONE {
                out.push(Problem::new(
                    path,
                    x,
                    "above 1 (100 %): rates are fractions, so this reads as more than 100 % \
                     (a percent written as a fraction?)",
                ));
            }
        };
        match self.penalty.as_ref().map(|p| &p.rate) {
            Some(PenaltyRate::Explicit { rate }) => {
                check("penalty.rate.rate".to_owned(), rate.annual());
            }
            // A banded markup is held to its band already.
            Some(PenaltyRate::Markup {
                markup,
                band: MarkupBand::Unchecked,
            }) => check("penalty.rate.markup".to_owned(), *markup),
            _ => {}
        }
        if let Some(CapRate::Fixed { rate }) = self.caps.annualized.as_ref().map(|c| &c.rate) {
            check("caps.annualized.rate.rate".to_owned(), rate.annual());
        }
        out
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
}
