//! Payment allocation: which part of a payment pays what.
//!
//! A [`Waterfall`] is an allocation order held as data: a list of
//! [`AllocationRule`]s (due type × component), a [`Processing`] type, a
//! [`FutureOrder`] for installments not yet due and an [`Overpayment`] mode
//! for money left over. [`allocate`] applies one payment to the outstanding
//! [`Receivable`]s of one debt; [`allocate_across_debts`] splits one payment
//! over several debts (`cn.civil_code.art560`, `us.reg_z.1026_53.*`,
//! `us.reg_f.1006_30c`).
//!
//! Every result names the waterfall (or rule) id it followed, and the
//! [`RuleStatus`] of that rule, so a figure can be traced to `RULES.md` §3.
//!
//! # Example
//!
//! `RULES.md` §3.1's illustration: two past-due installments, a payment of
//! 30, processed horizontally and vertically.
//!
//! ```
//! use arrears::allocation::{allocate, Processing, Receivable, Waterfall};
//! use arrears::loan::{Breakdown, Component};
//! use arrears::money::{Currency, Money};
//! use chrono::NaiveDate;
//! use rust_decimal::Decimal;
//!
//! let d = |m, dd| NaiveDate::from_ymd_opt(2026, m, dd).unwrap();
//! let owed = |penalty: i64, interest: i64, principal: i64| {
//!     let mut b = Breakdown::zero(Currency::USD);
//!     b.set(Component::Penalty, Decimal::from(penalty));
//!     b.set(Component::Interest, Decimal::from(interest));
//!     b.set(Component::Principal, Decimal::from(principal));
//!     b
//! };
//! let receivables = [
//!     Receivable { seq: 1, due_date: d(1, 15), outstanding: owed(5, 10, 90) },
//!     Receivable { seq: 2, due_date: d(2, 15), outstanding: owed(0, 10, 90) },
//! ];
//! let payment = Money::new(Decimal::from(30), Currency::USD);
//! let paid = |w: &Waterfall| -> Result<Vec<String>, arrears::Error> {
//!     Ok(allocate(payment, d(3, 1), &receivables, w)?
//!         .parts
//!         .iter()
//!         .map(|p| format!("#{} {} {}", p.seq, p.component.as_str(), p.amount.amount()))
//!         .collect())
//! };
//!
//! let horizontal = Waterfall::mifos_standard();
//! assert_eq!(paid(&horizontal)?, ["#1 penalty 5", "#1 interest 10", "#1 principal 15"]);
//!
//! let vertical = horizontal.clone().with_processing(Processing::Vertical);
//! assert_eq!(paid(&vertical)?,
//!     ["#1 penalty 5", "#1 interest 10", "#2 interest 10", "#1 principal 5"]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::delinquency::RuleStatus;
use crate::error::{Error, Result, Validator};
use crate::loan::Component;
use crate::money::Currency;

mod multi;
mod presets;
mod single;

pub use multi::{allocate_across_debts, Debt, MultiDebtAllocation, MultiDebtRule};
pub use single::{allocate, Allocation, AllocationPart, Receivable};
pub(crate) use single::{allocate_into, AllocBuf};

/// Where an installment's due date falls relative to the payment's value
/// date (`ref.fineract.advanced_allocation`, `RULES.md` §3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DueType {
    /// Due date before the value date.
    PastDue,
    /// Due date on the value date.
    Due,
    /// Due date after the value date.
    InAdvance,
}

impl DueType {
    /// All due types: past due, due, in advance.
    pub const ALL: [DueType; 3] = [DueType::PastDue, DueType::Due, DueType::InAdvance];

    /// Classifies an installment due on `due_date` for a payment valued on
    /// `value_date`: before → [`PastDue`](DueType::PastDue), the same day →
    /// [`Due`](DueType::Due), after → [`InAdvance`](DueType::InAdvance).
    pub fn classify(due_date: NaiveDate, value_date: NaiveDate) -> DueType {
        match due_date.cmp(&value_date) {
            std::cmp::Ordering::Less => DueType::PastDue,
            std::cmp::Ordering::Equal => DueType::Due,
            std::cmp::Ordering::Greater => DueType::InAdvance,
        }
    }

    /// The snake-case name (`past_due`, `due`, `in_advance`).
    pub const fn as_str(self) -> &'static str {
        match self {
            DueType::PastDue => "past_due",
            DueType::Due => "due",
            DueType::InAdvance => "in_advance",
        }
    }

    const fn index(self) -> usize {
        match self {
            DueType::PastDue => 0,
            DueType::Due => 1,
            DueType::InAdvance => 2,
        }
    }
}

impl fmt::Display for DueType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One step of a waterfall: pay `component` of installments of `due_type`.
///
/// Displayed in Fineract's style, lowercased: `past_due_interest`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllocationRule {
    /// Which installments.
    pub due_type: DueType,
    /// Which component of them.
    pub component: Component,
}

impl AllocationRule {
    /// A rule.
    pub const fn new(due_type: DueType, component: Component) -> AllocationRule {
        AllocationRule {
            due_type,
            component,
        }
    }
}

impl fmt::Display for AllocationRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}_{}", self.due_type, self.component.as_str())
    }
}

/// How the rules of a [`Waterfall`] walk the installments
/// (`ref.fineract.advanced_allocation`, read from Fineract's
/// `AdvancedPaymentScheduleTransactionProcessor`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Processing {
    /// Installment by installment (Fineract's default). The rules are grouped
    /// by due type, groups taken in the order their due type first appears
    /// in the rule list; within a group the first installment gets all of the
    /// group's component rules, in list order, before the next installment
    /// gets anything.
    Horizontal,
    /// Component by component: each rule, in list order, sweeps every
    /// installment of its due type (oldest first) before the next rule
    /// starts.
    Vertical,
}

/// The order in which in-advance (future) installments are paid.
///
/// Past-due and due installments are always paid oldest first (due date,
/// then `seq`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FutureOrder {
    /// Next installment first (earliest due date first).
    NextInstallment,
    /// Last installment first (latest due date first): shortens the term.
    LastInstallment,
    /// For each in-advance rule, the money left is split evenly over the
    /// future installments that still owe that component, in minor units,
    /// with the rounding remainder on the last. An installment never takes
    /// more than it owes: what it cannot take is split again, evenly, over
    /// those that still owe (repeatedly), and money that no future
    /// installment can take for this component passes on to the next rule.
    /// The processing type makes no difference for the in-advance group.
    Reamortization,
}

/// What happens to money left after every rule of the waterfall.
///
/// Rules for in-advance installments are optional (see [`Waterfall::new`]):
/// a waterfall without them never pays a future installment through its
/// rules, and this mode decides whether the surplus prepays. When the
/// waterfall has in-advance rules they have already paid every future
/// installment in full before any money is left, so all three modes leave
/// the surplus as credit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Overpayment {
    /// Keep the surplus as a credit balance
    /// ([`Allocation::overpayment`]).
    CreditBalance,
    /// Prepay the principal of in-advance installments, next installment
    /// first, then keep what is still left as credit. Future interest, fees
    /// and penalties are not prepaid.
    PrepayNext,
    /// Prepay the principal of in-advance installments, last installment
    /// first (shortening the term), then keep what is still left as credit.
    ReduceTerm,
}

/// A payment allocation order, as validated data.
///
/// # Validity
///
/// [`Waterfall::new`] (and deserialization) check that:
///
/// - the id is not empty;
/// - no `(due_type, component)` rule appears twice;
/// - every component appears for [`DueType::PastDue`] and for
///   [`DueType::Due`], and, if any in-advance rule is given, for
///   [`DueType::InAdvance`] too. A waterfall without in-advance rules leaves
///   future installments to the [`Overpayment`] mode.
///
/// Hence, once a group of installments has been walked, every installment in
/// it is paid in full or the payment is spent.
///
/// # Serde
///
/// `{ id, citation?, status?, rules, processing, future_order, overpayment }`;
/// unknown fields are rejected, `status` defaults to `unverified`, and a
/// document goes through the same validation as [`Waterfall::new`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawWaterfall")]
pub struct Waterfall {
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    citation: Option<String>,
    status: RuleStatus,
    rules: Vec<AllocationRule>,
    processing: Processing,
    future_order: FutureOrder,
    overpayment: Overpayment,
}

/// The unvalidated shape of a [`Waterfall`] in a serde document.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWaterfall {
    id: String,
    #[serde(default)]
    citation: Option<String>,
    #[serde(default = "default_status")]
    status: RuleStatus,
    rules: Vec<AllocationRule>,
    processing: Processing,
    future_order: FutureOrder,
    overpayment: Overpayment,
}

fn default_status() -> RuleStatus {
    RuleStatus::Unverified
}

impl TryFrom<RawWaterfall> for Waterfall {
    type Error = Error;

    fn try_from(raw: RawWaterfall) -> Result<Waterfall> {
        let w = Waterfall::new(
            raw.id,
            raw.rules,
            raw.processing,
            raw.future_order,
            raw.overpayment,
        )?;
        Ok(Waterfall {
            citation: raw.citation,
            status: raw.status,
            ..w
        })
    }
}

impl Waterfall {
    /// Builds a waterfall, with no citation and status
    /// [`RuleStatus::Unverified`] (set them with
    /// [`with_citation`](Self::with_citation) and
    /// [`with_status`](Self::with_status)).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPolicy`] listing every problem at once:
    ///
    /// - `id` is empty (path `id`);
    /// - a rule repeats an earlier one (path `rules[i]`, naming the earlier
    ///   index);
    /// - components are missing for a due type that must be complete (path
    ///   `rules`, naming every missing pair, e.g. `` `due_fee`, `due_principal` ``).
    ///
    /// # Example
    ///
    /// ```
    /// use arrears::allocation::{AllocationRule, DueType, FutureOrder, Overpayment,
    ///     Processing, Waterfall};
    /// use arrears::loan::Component;
    ///
    /// let rules = vec![AllocationRule::new(DueType::PastDue, Component::Interest)];
    /// let err = Waterfall::new("w", rules, Processing::Horizontal,
    ///     FutureOrder::NextInstallment, Overpayment::CreditBalance).unwrap_err();
    /// assert!(err.to_string().contains("`past_due_penalty`"));
    /// ```
    pub fn new(
        id: impl Into<String>,
        rules: Vec<AllocationRule>,
        processing: Processing,
        future_order: FutureOrder,
        overpayment: Overpayment,
    ) -> Result<Waterfall> {
        let id = id.into();
        validate(&id, &rules)?;
        Ok(Waterfall {
            id,
            citation: None,
            status: RuleStatus::Unverified,
            rules,
            processing,
            future_order,
            overpayment,
        })
    }

    /// Sets the citation.
    pub fn with_citation(mut self, citation: impl Into<String>) -> Waterfall {
        self.citation = Some(citation.into());
        self
    }

    /// Sets the status tag.
    pub fn with_status(mut self, status: RuleStatus) -> Waterfall {
        self.status = status;
        self
    }

    /// Sets the processing type (the rules stay valid).
    pub fn with_processing(mut self, processing: Processing) -> Waterfall {
        self.processing = processing;
        self
    }

    /// Sets the order of future installments.
    pub fn with_future_order(mut self, future_order: FutureOrder) -> Waterfall {
        self.future_order = future_order;
        self
    }

    /// Sets the overpayment mode.
    pub fn with_overpayment(mut self, overpayment: Overpayment) -> Waterfall {
        self.overpayment = overpayment;
        self
    }

    /// The stable id, e.g. `cn.civil_code.art561`.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The citation, if any.
    pub fn citation(&self) -> Option<&str> {
        self.citation.as_deref()
    }

    /// The status tag of the source.
    pub fn status(&self) -> RuleStatus {
        self.status
    }

    /// The rules, in order.
    pub fn rules(&self) -> &[AllocationRule] {
        &self.rules
    }

    /// The processing type.
    pub fn processing(&self) -> Processing {
        self.processing
    }

    /// The order of future installments.
    pub fn future_order(&self) -> FutureOrder {
        self.future_order
    }

    /// The overpayment mode.
    pub fn overpayment(&self) -> Overpayment {
        self.overpayment
    }

    /// The components an in-advance allocation fills installment by
    /// installment, earliest first, if it does: horizontal processing with
    /// [`FutureOrder::NextInstallment`], or no in-advance rules and an
    /// overpayment mode that prepays the next installments (principal) or
    /// touches none (no component). Then a payment of `x` never reaches
    /// past the shortest prefix of in-advance installments whose outstanding
    /// amounts of these components sum to `x` or more, and the rest need not
    /// be looked at. `None` if the order can reach any installment.
    pub(crate) fn in_advance_prefix(&self) -> Option<[bool; 4]> {
        let mut mask = [false; 4];
        for r in self
            .rules
            .iter()
            .filter(|r| r.due_type == DueType::InAdvance)
        {
            mask[cidx(r.component)] = true;
        }
        if mask.iter().any(|m| *m) {
            let ordered = self.processing == Processing::Horizontal
                || self
                    .rules
                    .iter()
                    .filter(|r| r.due_type == DueType::InAdvance)
                    .count()
                    == 1;
            return (ordered && self.future_order == FutureOrder::NextInstallment).then_some(mask);
        }
        match self.overpayment {
            Overpayment::CreditBalance => Some(mask),
            Overpayment::PrepayNext => {
                mask[cidx(Component::Principal)] = true;
                Some(mask)
            }
            Overpayment::ReduceTerm => None,
        }
    }
}

/// Index of a component in a `[_; 4]` array, in [`Component::ALL`] order.
const fn cidx(c: Component) -> usize {
    match c {
        Component::Penalty => 0,
        Component::Fee => 1,
        Component::Interest => 2,
        Component::Principal => 3,
    }
}

/// Checks everything [`Waterfall::new`] promises; see its `# Errors`.
fn validate(id: &str, rules: &[AllocationRule]) -> Result<()> {
    let mut v = Validator::default();
    if id.trim().is_empty() {
        v.push("id", id, "waterfall id must not be empty");
    }
    // first[due_type][component] = index of the first rule with that pair.
    let mut first = [[None::<usize>; 4]; 3];
    for (i, r) in rules.iter().enumerate() {
        let slot = &mut first[r.due_type.index()][cidx(r.component)];
        match slot {
            Some(j) => v.push(
                format!("rules[{i}]"),
                r,
                format!("duplicate rule `{r}`, already at `rules[{j}]`"),
            ),
            None => *slot = Some(i),
        }
    }
    let mut missing = String::new();
    for dt in DueType::ALL {
        let row = &first[dt.index()];
        if dt == DueType::InAdvance && row.iter().all(Option::is_none) {
            continue;
        }
        for c in Component::ALL {
            if row[cidx(c)].is_none() {
                if !missing.is_empty() {
                    missing.push_str(", ");
                }
                missing.push_str(&format!("`{}`", AllocationRule::new(dt, c)));
            }
        }
    }
    if !missing.is_empty() {
        v.push(
            "rules",
            format!("{} rules", rules.len()),
            format!(
                "missing rules {missing}: every component must appear for `past_due` and `due`, \
                 and for `in_advance` if any `in_advance` rule is given"
            ),
        );
    }
    v.finish()
}

/// `a + b`, exactly; [`Error::Overflow`] if `Decimal` cannot hold it.
///
/// `Decimal` rounds a sum whose digits do not fit its 96-bit mantissa at
/// the operands' larger scale (`1e28 − 0.01` is `1e28`), and an allocation
/// never rounds: its parts sum to what was applied, to the last digit. A
/// sum it rounded has a smaller scale than the larger operand's (a zero
/// operand gives the other back, exactly).
pub(crate) fn exact_add(a: Decimal, b: Decimal) -> Result<Decimal> {
    a.checked_add(b)
        .filter(|r| a.is_zero() || b.is_zero() || r.scale() == a.scale().max(b.scale()))
        .ok_or_else(|| Error::overflow("add", a, b))
}

/// `a − b`, exactly; [`Error::Overflow`] if `Decimal` cannot hold it (see
/// [`exact_add`]).
pub(crate) fn exact_sub(a: Decimal, b: Decimal) -> Result<Decimal> {
    a.checked_sub(b)
        .filter(|r| a.is_zero() || b.is_zero() || r.scale() == a.scale().max(b.scale()))
        .ok_or_else(|| Error::overflow("subtract", a, b))
}

/// Refuses the input at `field` if its currency, `found`, is not the
/// payment's, `currency`; the error names the field and the currency.
pub(crate) fn in_currency(
    field: impl FnOnce() -> String,
    found: Currency,
    currency: Currency,
) -> Result<()> {
    if found == currency {
        return Ok(());
    }
    Err(Error::invalid(
        field(),
        found.code(),
        format!("not the payment's currency {}", currency.code()),
    ))
}

#[cfg(test)]
mod tests;
