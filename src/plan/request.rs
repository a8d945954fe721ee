//! What a debtor (or an adviser, or an agent) asks for, and what is known
//! about the debtor.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::loan::{Component, Frequency};
use crate::money::{Currency, Money, Rate};

/// A request for a repayment plan: one or more [`Term`]s in one currency.
///
/// Terms combine where the policy allows it (an installment plan with a
/// fee waiver and an interest freeze, say). A request holds at most one
/// *schedule* term ([`Term::Installments`], [`Term::ReAge`],
/// [`Term::Settlement`], [`Term::TokenPayments`], [`Term::PromiseToPay`]),
/// at most one of each other kind, and at most one waiver per component.
///
/// In files: `{ currency = "CNY", terms = [{ type = "installments", ... }],
/// scope = "outstanding", requirements = [] }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanRequest {
    /// The currency of every amount in the request.
    pub currency: Currency,
    /// The terms asked for.
    pub terms: Vec<Term>,
    /// Which balance an installment plan covers (default: everything
    /// outstanding).
    #[serde(default)]
    pub scope: Scope,
    /// Conditions the plan would impose on the debtor. A plan may never
    /// *require* any of them: each one present is a failing conduct rule
    /// (`uk.conc.7_3_10R`, `cn.cba2026.no_new_borrowing`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requirements: Vec<Requirement>,
}

impl PlanRequest {
    /// A request for `terms`, covering everything outstanding, with no
    /// requirements.
    pub fn new(currency: Currency, terms: Vec<Term>) -> PlanRequest {
        PlanRequest {
            currency,
            terms,
            scope: Scope::Outstanding,
            requirements: Vec::new(),
        }
    }

    /// Sets the scope.
    pub fn with_scope(mut self, scope: Scope) -> PlanRequest {
        self.scope = scope;
        self
    }

    /// Adds a requirement the plan would impose (always rejected; see
    /// [`Requirement`]).
    pub fn with_requirement(mut self, requirement: Requirement) -> PlanRequest {
        self.requirements.push(requirement);
        self
    }
}

/// Which balance an installment plan ([`Term::Installments`]) covers.
/// Settlements and re-aging always cover everything outstanding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Everything outstanding, due or not (the default).
    #[default]
    Outstanding,
    /// Only what is overdue (an arrears arrangement beside the contractual
    /// schedule).
    Overdue,
}

/// One term of a requested plan.
///
/// Serialized with a `type` tag in snake case, e.g.
/// `{ type = "settlement", amount = { amount = "8000", currency = "CNY" },
/// pay_by = "2026-08-01", installments = 1 }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Term {
    /// Pay the covered balance (less any waivers and the down payment) in
    /// `count` installments from `first_due` (分期).
    Installments {
        /// Number of installments (≥ 1).
        count: u32,
        /// How often (default monthly).
        #[serde(default = "monthly")]
        frequency: Frequency,
        /// First due date (not before the evaluation date).
        first_due: NaiveDate,
        /// Paid on the evaluation date, before the installments.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        down_payment: Option<Money>,
    },
    /// Re-age: spread everything outstanding over a fresh set of
    /// installments, each component kept apart (Fineract re-age).
    ReAge {
        /// Number of installments (≥ 1).
        count: u32,
        /// How often (default monthly).
        #[serde(default = "monthly")]
        frequency: Frequency,
        /// First due date (not before the evaluation date).
        first_due: NaiveDate,
    },
    /// Settle everything outstanding for less (a discount; 减免结清).
    Settlement {
        /// What the debtor pays in total.
        amount: Money,
        /// The (first) payment date; further installments follow monthly.
        pay_by: NaiveDate,
        /// Number of payments; 1 is a lump sum.
        #[serde(default = "one")]
        installments: u32,
    },
    /// Token payments for a period (`uk.conc.7_3_options`); the rest of the
    /// balance stays outstanding, to be reviewed at the end.
    TokenPayments {
        /// The monthly token amount.
        amount: Money,
        /// For how many months.
        months: u32,
        /// First due date (not before the evaluation date).
        first_due: NaiveDate,
    },
    /// A promise to pay `amount` on `date` (PTP).
    PromiseToPay {
        /// The amount promised.
        amount: Money,
        /// The date promised (not before the evaluation date).
        date: NaiveDate,
    },
    /// Defer payment (延期): by `days`, or `until` a date (exactly one of
    /// the two; `until` defers by the days from the evaluation date to it).
    /// With a schedule term every due date moves by that many days (and a
    /// first due date more than one period away counts as deferral too,
    /// against the same limit). Alone, it is a payment holiday: what is due
    /// by the evaluation date falls due at the end of the deferral, and
    /// each covered installment not yet due moves by as many days, keeping
    /// its amount; nothing is brought forward. The moved payments keep
    /// their totals, not their components: the covered balance's penalty,
    /// fee, interest and principal, in that order, fill the payments from
    /// the first (an installment of 80.00 interest and 2,000.00 principal can
    /// come back as 2,080.00 of principal, the first payment carrying the
    /// interest). Alone it agrees no new term, so `max_term_months` does not
    /// hold it (with a schedule term it does, as part of that schedule).
    /// Not with a promise to pay, which keeps its date.
    Deferral {
        /// Days to defer (≥ 1).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        days: Option<u32>,
        /// Date to defer to (after the evaluation date).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        until: Option<NaiveDate>,
    },
    /// Move monthly due dates to another day of the month (调整还款日),
    /// clamped to the month's last day. Alone, it is a payment holiday of
    /// no days: every payment moves on to the new day, and the whole move
    /// is held to `max_deferral_days`.
    DueDateChange {
        /// The day, 1..=31.
        day_of_month: u32,
    },
    /// Change the interest charged during the plan: a new annual rate, or
    /// `None` to freeze interest, for `months` months.
    RateChange {
        /// The new rate; `None` freezes interest.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        new_rate: Option<Rate>,
        /// For how many months (≥ 1).
        months: u32,
    },
    /// Waive part of one component: an `amount`, or a `percent` (0–100) of
    /// what is outstanding of it (exactly one of the two). Principal is
    /// waived only through a [`Term::Settlement`].
    Waiver {
        /// The component waived.
        component: Component,
        /// An amount.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        amount: Option<Money>,
        /// A percentage, `"25"` = 25 %.
        #[serde(
            default,
            with = "crate::money::serde_str::option",
            skip_serializing_if = "Option::is_none"
        )]
        percent: Option<Decimal>,
    },
    /// Refer the debtor to free debt advice (`uk.conc.7_3_options`).
    DebtAdviceReferral,
}

fn monthly() -> Frequency {
    Frequency::Monthly
}

fn one() -> u32 {
    1
}

impl Term {
    /// The kind of term, as policies name it.
    pub fn kind(&self) -> TermKind {
        match self {
            Term::Installments { .. } => TermKind::Installments,
            Term::ReAge { .. } => TermKind::ReAge,
            Term::Settlement { .. } => TermKind::Settlement,
            Term::TokenPayments { .. } => TermKind::TokenPayments,
            Term::PromiseToPay { .. } => TermKind::PromiseToPay,
            Term::Deferral { .. } => TermKind::Deferral,
            Term::DueDateChange { .. } => TermKind::DueDateChange,
            Term::RateChange { .. } => TermKind::RateChange,
            Term::Waiver { .. } => TermKind::Waiver,
            Term::DebtAdviceReferral => TermKind::DebtAdviceReferral,
        }
    }
}

/// The kinds of [`Term`], for policies that allow or combine them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TermKind {
    /// [`Term::Installments`].
    Installments,
    /// [`Term::ReAge`].
    ReAge,
    /// [`Term::Settlement`].
    Settlement,
    /// [`Term::TokenPayments`].
    TokenPayments,
    /// [`Term::PromiseToPay`].
    PromiseToPay,
    /// [`Term::Deferral`].
    Deferral,
    /// [`Term::DueDateChange`].
    DueDateChange,
    /// [`Term::RateChange`].
    RateChange,
    /// [`Term::Waiver`].
    Waiver,
    /// [`Term::DebtAdviceReferral`].
    DebtAdviceReferral,
}

impl TermKind {
    /// Every kind.
    pub const ALL: [TermKind; 10] = [
        TermKind::Installments,
        TermKind::ReAge,
        TermKind::Settlement,
        TermKind::TokenPayments,
        TermKind::PromiseToPay,
        TermKind::Deferral,
        TermKind::DueDateChange,
        TermKind::RateChange,
        TermKind::Waiver,
        TermKind::DebtAdviceReferral,
    ];

    /// The snake-case name.
    pub const fn as_str(self) -> &'static str {
        match self {
            TermKind::Installments => "installments",
            TermKind::ReAge => "re_age",
            TermKind::Settlement => "settlement",
            TermKind::TokenPayments => "token_payments",
            TermKind::PromiseToPay => "promise_to_pay",
            TermKind::Deferral => "deferral",
            TermKind::DueDateChange => "due_date_change",
            TermKind::RateChange => "rate_change",
            TermKind::Waiver => "waiver",
            TermKind::DebtAdviceReferral => "debt_advice_referral",
        }
    }

    /// True for the kinds that produce a payment schedule (at most one per
    /// request).
    pub const fn is_schedule(self) -> bool {
        matches!(
            self,
            TermKind::Installments
                | TermKind::ReAge
                | TermKind::Settlement
                | TermKind::TokenPayments
                | TermKind::PromiseToPay
        )
    }
}

impl std::fmt::Display for TermKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Something a plan would require of the debtor that no plan may require
/// (RULES.md §4, engine guard-rails): each is always rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Requirement {
    /// Raise funds by new borrowing or by increasing existing borrowing
    /// (`uk.conc.7_3_10R`, `cn.cba2026.no_new_borrowing`).
    NewBorrowing,
    /// Raise funds by selling the home or other property
    /// (`uk.conc.7_3_10R`).
    SaleOfHome,
    /// Pay in one or very few, or unreasonably large, payments
    /// (`uk.conc.7_3_10R`). A debtor may still *offer* a lump sum
    /// ([`Term::Settlement`]); the creditor may not demand one.
    LumpSum,
}

impl Requirement {
    /// The snake-case name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Requirement::NewBorrowing => "new_borrowing",
            Requirement::SaleOfHome => "sale_of_home",
            Requirement::LumpSum => "lump_sum",
        }
    }
}

/// A flag on the account or the debtor that can bar a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum AccountFlag {
    /// The debt is disputed.
    Dispute,
    /// The debtor is bankrupt or in an insolvency procedure.
    Bankruptcy,
    /// The debtor has died.
    Deceased,
    /// Suspected or confirmed fraud.
    Fraud,
    /// The debt is in litigation.
    Litigation,
    /// A UK breathing-space moratorium is active (`uk.breathing_space`).
    BreathingSpace,
    /// The debtor is known to be vulnerable.
    Vulnerable,
}

impl AccountFlag {
    /// The snake-case name.
    pub const fn as_str(self) -> &'static str {
        match self {
            AccountFlag::Dispute => "dispute",
            AccountFlag::Bankruptcy => "bankruptcy",
            AccountFlag::Deceased => "deceased",
            AccountFlag::Fraud => "fraud",
            AccountFlag::Litigation => "litigation",
            AccountFlag::BreathingSpace => "breathing_space",
            AccountFlag::Vulnerable => "vulnerable",
        }
    }
}

/// The forbearance options of `uk.conc.7_3_options` (RULES.md §4 hook).
/// A policy lists those it offers; a rejection lists them as alternatives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "snake_case",
    deny_unknown_fields,
    from = "ForbearanceRepr"
)]
#[non_exhaustive]
pub enum ForbearanceOption {
    /// A longer repayment period.
    TermExtension,
    /// Suspend interest.
    InterestFreeze,
    /// Reduce interest.
    InterestReduction,
    /// Waive or cancel charges.
    ChargeWaiver,
    /// Accept token payments for a reasonable period.
    TokenPayments {
        /// The longest period, in months.
        max_months: u32,
    },
    /// Defer the arrears.
    ArrearsDeferral,
    /// A payment holiday.
    PaymentHoliday,
    /// Add the arrears to the balance.
    Capitalisation,
    /// Refer to free debt advice.
    DebtAdviceReferral,
}

/// [`ForbearanceOption`] as read: every variant a struct, so that an
/// unknown key (`type = "interest_freeze"` with `max_months = 6`) is an
/// error.
#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
enum ForbearanceRepr {
    TermExtension {},
    InterestFreeze {},
    InterestReduction {},
    ChargeWaiver {},
    TokenPayments { max_months: u32 },
    ArrearsDeferral {},
    PaymentHoliday {},
    Capitalisation {},
    DebtAdviceReferral {},
}

impl From<ForbearanceRepr> for ForbearanceOption {
    fn from(r: ForbearanceRepr) -> ForbearanceOption {
        match r {
            ForbearanceRepr::TermExtension {} => ForbearanceOption::TermExtension,
            ForbearanceRepr::InterestFreeze {} => ForbearanceOption::InterestFreeze,
            ForbearanceRepr::InterestReduction {} => ForbearanceOption::InterestReduction,
            ForbearanceRepr::ChargeWaiver {} => ForbearanceOption::ChargeWaiver,
            ForbearanceRepr::TokenPayments { max_months } => {
                ForbearanceOption::TokenPayments { max_months }
            }
            ForbearanceRepr::ArrearsDeferral {} => ForbearanceOption::ArrearsDeferral,
            ForbearanceRepr::PaymentHoliday {} => ForbearanceOption::PaymentHoliday,
            ForbearanceRepr::Capitalisation {} => ForbearanceOption::Capitalisation,
            ForbearanceRepr::DebtAdviceReferral {} => ForbearanceOption::DebtAdviceReferral,
        }
    }
}

/// What is known about the debtor and the account, beyond the position.
///
/// Every field is optional or defaults to "nothing known".
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DebtorFacts {
    /// Declared monthly income.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monthly_income: Option<Money>,
    /// Declared monthly essential expenses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monthly_expenses: Option<Money>,
    /// Flags on the account or the debtor.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<AccountFlag>,
    /// Plans agreed in the 12 months before the evaluation date.
    #[serde(default)]
    pub plans_last_12_months: u32,
    /// When the debtor last broke a plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_broken_plan: Option<NaiveDate>,
    /// The product type, e.g. `credit_card`, `consumer_loan`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    /// Days past due, when the host measures them itself; otherwise they
    /// are measured from the position (see [`evaluate`](super::evaluate)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days_past_due: Option<u32>,
    /// The account's contract rate. A [`Term::RateChange`] to a rate must
    /// be below it to be agreed (forbearance lowers interest); without it a
    /// new rate cannot be shown to be a reduction and the term is dropped
    /// (a freeze needs no contract rate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract_rate: Option<Rate>,
}
