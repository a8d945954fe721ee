//! Caps on what accrues: per fee, per installment, per loan, and the all-in
//! annualised cost cap (RULES.md §2.3).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::RuleRef;
use crate::accrual::tables::LprTable;
use crate::calendar::DayCount;
use crate::money::Rate;

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
        #[serde(with = "crate::money::serde_str")]
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
    /// [`LoanDay`](crate::accrual::LoanDay): its `overdue_principal`): past
    /// their due date or, after a chargeback before it, from the day after
    /// the chargeback, as [`Position::overdue`](crate::loan::Position::overdue)
    /// counts them. While only
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
    /// up): checked after each day's payments, before that day's fees, and
    /// at once for an amount cut on an installment already within it,
    /// which is never held (judged when the interval it is cut from
    /// closes, before the transactions of the day that ends it: a charge
    /// or chargeback that lifts the installment over the tolerance that
    /// day does not make it held). Nothing is released while accrual is stopped.
    /// A held fee counts against the per-installment and per-loan fee caps
    /// from the day it was charged until it is dropped. A fee cut on an
    /// interval's first day is released from that interval on (its check
    /// read the allowance through the day before). Each release is a record of the original kind
    /// and rule, dated over the interval, with `released_from` set to the
    /// date of the charge it was cut from. The nightly close
    /// ([`ClosePolicy`](crate::accrual::ClosePolicy)) holds the same amounts as two
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
///
/// A waiver ([`TxKind::Waiver`](crate::loan::TxKind::Waiver)) gives no room
/// back: what was charged was charged, and the debtor keeps the relief
/// while a cap binds. So the part of a later charge that reinstates a
/// waiver was counted when first charged and does not count again: a
/// charge naming an installment reinstates, first, what was waived of its
/// component on that installment; one naming none (as a plan's claw-back,
/// [`PlanReport::clawback`](crate::plan::PlanReport::clawback), does)
/// what was waived of it anywhere in the loan, oldest installment first.
/// A waived amount is reinstated at most once; the rest of the charge
/// counts. (A fee charged on installment 2 after one was waived on
/// installment 1 is a new fee, and counts in full.)
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Caps {
    /// Total late fees per installment.
    #[serde(
        default,
        with = "crate::money::serde_str::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub fees_per_installment: Option<Decimal>,
    /// Total late fees over the loan's life. Fees falling due on one day
    /// are charged oldest installment first, and one installment's in the
    /// order of the policy's fee rules, so that is the order in which they
    /// take what is left under this cap (and under `fees_per_installment`).
    #[serde(
        default,
        with = "crate::money::serde_str::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub fees_per_loan: Option<Decimal>,
    /// All-in annualised cost cap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annualized: Option<AnnualizedCap>,
}
