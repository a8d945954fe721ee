//! Accrual records and the report [`accrue`](super::accrue) returns.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::accrual::policy::{CapBase, CapExcess, Posting};
use crate::accrual::tables::LprRow;
use crate::calendar::DayCount;
use crate::error::Result;
use crate::loan::{Breakdown, Component, Position};
use crate::money::{Money, Rounding};
use crate::rule::{RuleId, RuleRef};

/// What an accrual record is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum AccrualKind {
    /// 罚息 on overdue principal.
    PenaltyInterest,
    /// 复利: interest on overdue contractual interest at the penalty rate.
    CompoundInterest,
    /// A late fee (滞纳金 / 违约金 / late charge).
    LateFee,
    /// Card interest on a statement balance not paid in full.
    CardInterest,
}

/// One accrual, with every figure needed to recompute it.
///
/// - Interest with [`Posting::Daily`]: `uncapped = round(base × rate /
///   basis) × days`.
/// - Interest with [`Posting::Period`]: `uncapped = round(base × rate ×
///   days / basis)`.
/// - Late fees: `uncapped = clamp(round(base × rate), fee_min, fee_max)`
///   (a flat fee: `clamp(round(base), fee_min, fee_max)`, `base` being the
///   flat amount and `rate` none); `days` is 0.
///
/// `amount` is `uncapped` cut by the cap named in `capped_by`, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Accrual {
    /// Kind.
    pub kind: AccrualKind,
    /// The component it increases.
    pub component: Component,
    /// Installment it is posted to.
    pub installment: u32,
    /// First day accrued (the charge date for a fee).
    pub from: NaiveDate,
    /// Day after the last day accrued (exclusive).
    pub to: NaiveDate,
    /// The amount it is computed on.
    pub base: Money,
    /// Annual rate for interest; fee fraction for percentage fees.
    #[serde(with = "crate::money::serde_str::option")]
    pub rate: Option<Decimal>,
    /// Day-count numerator: the days of `from..to` under `day_count` (for
    /// the 30/360 family, counted from the installment's due date: `dc(due,
    /// to) − dc(due, from)`, which is additive).
    pub days: i64,
    /// Day-count denominator (360, 365 or 366; 0 for fees).
    pub basis: u32,
    /// The day count used, for a loan's interest. `None` for fees and for
    /// card interest, which counts actual days over a fixed basis
    /// ([`DayBasis`](crate::money::DayBasis)): `days` and `basis` say it.
    pub day_count: Option<DayCount>,
    /// Posting granularity used.
    pub posting: Posting,
    /// Rounding used.
    pub rounding: Rounding,
    /// Amount before caps.
    pub uncapped: Money,
    /// Amount accrued.
    pub amount: Money,
    /// The rule that produced it.
    pub rule: RuleId,
    /// The cap that cut it, if any.
    pub capped_by: Option<RuleId>,
    /// For a late fee: the lower bound its amount is held to before caps
    /// (the rule's `min`, or a card 违约金's floor), if any, so that
    /// `uncapped` can be recomputed from the record alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee_min: Option<Money>,
    /// For a late fee: the upper bound its amount is held to before caps
    /// (the rule's `max`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee_max: Option<Money>,
    /// For an amount the annualised cap held back and charges now
    /// ([`CapExcess::Deferred`](crate::accrual::CapExcess::Deferred)): the
    /// date of the charge it was cut from (for interest, the first day of
    /// the interval whose amount was cut). Such a record has `base` = the
    /// amount still held before it, `uncapped` = `base`, `amount` = what the
    /// cap's room lets through now, `days` and `basis` 0, no rate or day
    /// count, and `capped_by` set if part of it stays held.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub released_from: Option<NaiveDate>,
}

impl Accrual {
    /// The record as one posting per day, for lenders that book daily: an
    /// interest record with [`Posting::Daily`] and no cap cut becomes `days`
    /// records of one day each (same base, rate and per-day amount); any
    /// other record is returned as is.
    pub fn daily_postings(&self) -> Vec<Accrual> {
        let n = u64::try_from(self.days).unwrap_or(0);
        if self.posting != Posting::Daily
            || self.capped_by.is_some()
            || n <= 1
            || self.to - self.from != chrono::Duration::days(self.days)
        {
            return vec![self.clone()];
        }
        let per_day = self.amount.amount() / Decimal::from(self.days);
        (0..n)
            .filter_map(|k| {
                let from = self.from.checked_add_days(chrono::Days::new(k))?;
                let mut r = self.clone();
                r.from = from;
                r.to = from.succ_opt()?;
                r.days = 1;
                r.uncapped = Money::new(per_day, self.amount.currency());
                r.amount = r.uncapped;
                Some(r)
            })
            .collect()
    }
}

/// The annualised cap a report's cuts were computed under, with what it
/// comes to for this loan: its rule, the annual rate (for a multiple of the
/// LPR, the multiple and the LPR row read at the contract date), the day
/// count, the base and what becomes of the excess
/// ([`AnnualizedCap`](crate::accrual::AnnualizedCap)).
///
/// With the loan's schedule and ledger, these let an auditor rebuild the
/// allowance; the report does not carry the allowance itself. The allowance
/// grows exactly (no rounding) on each day some installment is overdue
/// with anything unpaid (past its due date or, after a chargeback before
/// it, from the day after the chargeback) and accrual has not stopped, by
/// the base principal
/// (as it stands after that day's payments) × `rate` / basis under
/// `day_count`, from the first
/// overdue day, not from the report's `from`. A 30/360-family count runs
/// from the contract date: an interval `[s, e)` counts `dc(contract, e) −
/// dc(contract, s)` days, so that where events fall does not change the
/// allowance. The policy's tolerance does
/// not apply here: an installment within it still accrues 罚息, and the
/// allowance grows with it
/// ([`AccrualPolicy::with_tolerance`](crate::accrual::AccrualPolicy::with_tolerance)).
/// Every penalty, compound interest and late-fee amount counts against it,
/// and so does a penalty or fee charge in the ledger. A fee is checked
/// against the allowance through the day before it is charged. Interest is
/// checked interval by interval, between two events of the replay (a
/// transaction, the day after a due date, the day after a chargeback that
/// made an installment overdue before its due date, the window's `from`,
/// the day a stop rule takes effect, and the
/// date of every late fee still scheduled for an installment from the
/// oldest one not paid off on, whether or not it is charged: one on an
/// installment owing no more than the tolerance is not, and stops that
/// fee): each
/// installment in turn, oldest first, has the interval's 罚息 and then its
/// compound interest checked against the allowance through the interval's
/// last day (a record merged over several intervals is taken piece by
/// piece). A cut leaves what is left, rounded toward zero to the minor
/// unit, so when the cap binds, how a cut falls between installments and
/// between 罚息 and 复利 follows where the events fall. So an auditor replaying the loan day by day must apply each
/// cut as it comes: what a cut keeps off the books is not paid later, and
/// so moves where later payments go, what stays outstanding and so the
/// base principal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CapTerms {
    /// The cap's rule: what a record it cuts names in `capped_by`.
    pub rule: RuleId,
    /// The annual cap rate for this loan (for a multiple of the LPR:
    /// `multiple × lpr.rate`).
    #[serde(with = "crate::money::serde_str")]
    pub rate: Decimal,
    /// The date the rate is read at: the loan's contract date.
    pub contract_date: NaiveDate,
    /// For a multiple of the LPR: the multiple.
    #[serde(
        default,
        with = "crate::money::serde_str::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub multiple: Option<Decimal>,
    /// For a multiple of the LPR: the table's row in effect on the
    /// contract date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lpr: Option<LprRow>,
    /// The day count the allowance grows by.
    pub day_count: DayCount,
    /// The principal the rate applies to.
    pub base: CapBase,
    /// What becomes of the part cut off.
    pub excess: CapExcess,
}

/// The result of [`accrue`](super::accrue).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccrualReport {
    /// First day of the window.
    pub from: NaiveDate,
    /// Day after the window (exclusive).
    pub to: NaiveDate,
    /// Records whose days fall in the window, in date order.
    pub records: Vec<Accrual>,
    /// The position at the end of the window's last day, with every accrual
    /// since disbursement posted and every payment allocated by the policy's
    /// waterfall.
    pub position: Position,
    /// Under [`CapExcess::Deferred`](crate::accrual::CapExcess::Deferred):
    /// what the annualised cap still holds back at the end of the window,
    /// by component (penalty and compound interest under `penalty`, late
    /// fees under `fee`), not yet charged (so not in `position`, nor owed);
    /// `None` under the default
    /// [`CapExcess::Waived`](crate::accrual::CapExcess::Waived).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub held: Option<Breakdown>,
    /// Every rule the records cite (`rule` and `capped_by`), once each in
    /// the order first cited, with its citation and status tag
    /// ([`AccrualPolicy::cited_rules`](crate::accrual::AccrualPolicy::cited_rules)).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<RuleRef>,
    /// The annualised cap the records were cut by, with its rate for this
    /// loan (and the LPR row it was read from), if the policy has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<CapTerms>,
}

impl AccrualReport {
    /// Sum of the records of one kind.
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`](crate::error::Error::Overflow).
    pub fn total(&self, kind: AccrualKind) -> Result<Money> {
        Money::sum(
            self.position.credit().currency(),
            self.records
                .iter()
                .filter(|r| r.kind == kind)
                .map(|r| &r.amount),
        )
    }
}
