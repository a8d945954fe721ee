//! One payment over the installments of one debt.

use std::ops::Range;

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use super::{
    cidx, exact_add as add, exact_sub as sub, in_currency, DueType, FutureOrder, Overpayment,
    Processing, Waterfall,
};
use crate::delinquency::RuleStatus;
use crate::error::{Error, Result};
use crate::loan::{Breakdown, Component};
use crate::money::{Currency, Money};

/// What one installment still owes: the input of [`allocate`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Receivable {
    /// Installment number, reported back in [`AllocationPart::seq`].
    pub seq: u32,
    /// Due date, classified against the payment's value date with
    /// [`DueType::classify`].
    pub due_date: NaiveDate,
    /// Outstanding amounts by component; none may be negative.
    pub outstanding: Breakdown,
}

/// One amount applied to one component of one installment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllocationPart {
    /// The installment's [`Receivable::seq`].
    pub seq: u32,
    /// The installment's due type on the value date.
    pub due_type: DueType,
    /// The component paid.
    pub component: Component,
    /// The amount, always positive.
    pub amount: Money,
}

/// The result of [`allocate`].
///
/// Conservation: the parts sum to [`applied`](Allocation::applied), and
/// `applied + overpayment` is exactly the payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Allocation {
    /// The parts, in the order applied; zero parts are omitted.
    pub parts: Vec<AllocationPart>,
    /// The sum of the parts.
    pub applied: Money,
    /// What is left after everything: the credit balance.
    pub overpayment: Money,
    /// The id of the waterfall followed.
    pub waterfall: String,
    /// The status tag of that waterfall.
    pub status: RuleStatus,
}

/// Working copy of one receivable.
struct Slot {
    seq: u32,
    due_date: NaiveDate,
    input: usize,
    owed: [Decimal; 4],
    /// Paid in the current reamortization step.
    scratch: Decimal,
}

struct Run<'a> {
    slots: &'a mut Vec<Slot>,
    left: Decimal,
    currency: Currency,
    parts: &'a mut Vec<AllocationPart>,
    waterfall: &'a Waterfall,
    groups: [Range<usize>; 3],
}

/// Reusable working memory for [`allocate_into`]: callers that allocate
/// many payments (the accrual engine) keep one and avoid two heap
/// allocations per payment.
#[derive(Default)]
pub(crate) struct AllocBuf {
    slots: Vec<Slot>,
    /// The parts of the last allocation, in the order applied.
    pub(crate) parts: Vec<AllocationPart>,
}

/// Applies `payment`, valued on `value_date`, to `receivables` (any order)
/// following `waterfall`.
///
/// Installments are classified with [`DueType::classify`] and ordered by due
/// date, then `seq`, then input position. Past-due and due installments are
/// paid oldest first; in-advance ones by the waterfall's [`FutureOrder`].
/// The rules are walked per [`Processing`]; then the surplus is handled per
/// [`Overpayment`]. Each part is the smaller of what is left of the payment
/// and what the installment owes for that component, so nothing is paid
/// twice and nothing goes negative. Amounts are exact: no rounding happens
/// except in [`FutureOrder::Reamortization`]'s even split, which keeps every
/// minor unit.
///
/// Cost: one working copy of the receivables and one `Vec` of parts.
///
/// # Errors
///
/// - [`Error::InvalidField`] `payment` if the payment is not positive;
/// - [`Error::InvalidField`] `receivables[i].outstanding` if it is in
///   another currency than the payment;
/// - [`Error::InvalidField`] `receivables[i].outstanding.<component>` if a
///   component is negative;
/// - [`Error::Overflow`] if a difference has more digits than a `Decimal`
///   holds (a payment of 10^28 against an owed 0.01, or amounts with 28
///   decimal places): it would have to be rounded, and the parts must sum
///   to what was applied exactly.
///
/// # Example
///
/// See the [module docs](crate::allocation).
pub fn allocate(
    payment: Money,
    value_date: NaiveDate,
    receivables: &[Receivable],
    waterfall: &Waterfall,
) -> Result<Allocation> {
    let mut buf = AllocBuf::default();
    let overpayment = allocate_into(payment, value_date, receivables, waterfall, &mut buf)?;
    let applied = sub(payment.amount(), overpayment.amount())?;
    Ok(Allocation {
        parts: buf.parts,
        applied: Money::new(applied, payment.currency()),
        overpayment,
        waterfall: waterfall.id().to_owned(),
        status: waterfall.status(),
    })
}

/// [`allocate`] into reusable buffers: the parts are left in `buf.parts`
/// and the overpayment is returned.
pub(crate) fn allocate_into(
    payment: Money,
    value_date: NaiveDate,
    receivables: &[Receivable],
    waterfall: &Waterfall,
    buf: &mut AllocBuf,
) -> Result<Money> {
    if !payment.is_positive() {
        return Err(Error::invalid(
            "payment",
            payment,
            "payment must be positive",
        ));
    }
    let currency = payment.currency();
    let slots = &mut buf.slots;
    slots.clear();
    buf.parts.clear();
    slots.reserve(receivables.len());
    for (i, r) in receivables.iter().enumerate() {
        in_currency(
            || format!("receivables[{i}].outstanding"),
            r.outstanding.currency(),
            currency,
        )?;
        let mut owed = [Decimal::ZERO; 4];
        for c in Component::ALL {
            let a = r.outstanding.amount(c);
            if a.is_sign_negative() && !a.is_zero() {
                return Err(Error::invalid(
                    format!("receivables[{i}].outstanding.{}", c.as_str()),
                    a,
                    "outstanding amount must not be negative",
                ));
            }
            // Normalise -0 to 0.
            owed[cidx(c)] = a.abs();
        }
        slots.push(Slot {
            seq: r.seq,
            due_date: r.due_date,
            input: i,
            owed,
            scratch: Decimal::ZERO,
        });
    }
    let key = |s: &Slot| (s.due_date, s.seq, s.input);
    if !slots.windows(2).all(|w| key(&w[0]) <= key(&w[1])) {
        slots.sort_unstable_by_key(key);
    }
    let past_end = slots.partition_point(|s| s.due_date < value_date);
    let due_end = slots.partition_point(|s| s.due_date <= value_date);
    let n = slots.len();
    let mut run = Run {
        slots,
        left: payment.amount(),
        currency,
        parts: &mut buf.parts,
        waterfall,
        groups: [0..past_end, past_end..due_end, due_end..n],
    };
    match waterfall.processing() {
        Processing::Horizontal => run.horizontal()?,
        Processing::Vertical => run.vertical()?,
    }
    run.overpay()?;
    Ok(Money::new(run.left, currency))
}

impl Run<'_> {
    fn done(&self) -> bool {
        self.left.is_zero()
    }

    /// Pays as much of component `c` of slot `i` as is left and owed.
    fn pay(&mut self, i: usize, dt: DueType, c: Component) -> Result<()> {
        let Some(slot) = self.slots.get_mut(i) else {
            return Ok(());
        };
        let owed = slot.owed[cidx(c)];
        if owed.is_zero() || self.left.is_zero() {
            return Ok(());
        }
        // One comparison and one subtraction; what is used up becomes a
        // zero of its own scale, as `x − x` would.
        let amount = if owed <= self.left {
            self.left = sub(self.left, owed)?;
            slot.owed[cidx(c)] = Decimal::new(0, owed.scale());
            owed
        } else {
            let amount = self.left;
            slot.owed[cidx(c)] = sub(owed, amount)?;
            self.left = Decimal::new(0, amount.scale());
            amount
        };
        self.parts.push(AllocationPart {
            seq: slot.seq,
            due_type: dt,
            component: c,
            amount: Money::new(amount, self.currency),
        });
        Ok(())
    }

    /// Walks the installments of one rule's group, in group order.
    fn sweep(&mut self, dt: DueType, c: Component) -> Result<()> {
        let range = self.groups[dt.index()].clone();
        match (dt, self.waterfall.future_order()) {
            (DueType::InAdvance, FutureOrder::Reamortization) => self.reamortize(range, c)?,
            (DueType::InAdvance, FutureOrder::LastInstallment) => {
                for i in range.rev() {
                    if self.done() {
                        break;
                    }
                    self.pay(i, dt, c)?;
                }
            }
            _ => {
                for i in range {
                    if self.done() {
                        break;
                    }
                    self.pay(i, dt, c)?;
                }
            }
        }
        Ok(())
    }

    fn vertical(&mut self) -> Result<()> {
        let w = self.waterfall;
        for rule in w.rules() {
            if self.done() {
                break;
            }
            self.sweep(rule.due_type, rule.component)?;
        }
        Ok(())
    }

    fn horizontal(&mut self) -> Result<()> {
        let w = self.waterfall;
        // Due-type groups in the order of their first rule.
        let mut seen = [false; 3];
        for first in w.rules() {
            let dt = first.due_type;
            if std::mem::replace(&mut seen[dt.index()], true) {
                continue;
            }
            let group = w.rules().iter().filter(|r| r.due_type == dt);
            let range = self.groups[dt.index()].clone();
            match (dt, w.future_order()) {
                (DueType::InAdvance, FutureOrder::Reamortization) => {
                    for r in group {
                        if self.done() {
                            break;
                        }
                        self.reamortize(range.clone(), r.component)?;
                    }
                }
                (DueType::InAdvance, FutureOrder::LastInstallment) => {
                    for i in range.rev() {
                        if self.done() {
                            break;
                        }
                        self.installment(i, dt, group.clone())?;
                    }
                }
                _ => {
                    for i in range {
                        if self.done() {
                            break;
                        }
                        self.installment(i, dt, group.clone())?;
                    }
                }
            }
            if self.done() {
                break;
            }
        }
        Ok(())
    }

    /// All of a group's rules on one installment.
    fn installment<'r>(
        &mut self,
        i: usize,
        dt: DueType,
        rules: impl Iterator<Item = &'r super::AllocationRule>,
    ) -> Result<()> {
        for r in rules {
            if self.done() {
                break;
            }
            self.pay(i, dt, r.component)?;
        }
        Ok(())
    }

    /// [`FutureOrder::Reamortization`] of component `c` over `range`.
    fn reamortize(&mut self, range: Range<usize>, c: Component) -> Result<()> {
        let k = cidx(c);
        let Some(slots) = self.slots.get_mut(range) else {
            return Ok(());
        };
        // The split unit: the currency's minor unit, or finer if an amount
        // has more (significant) decimal places, so every share and cap is
        // a whole number of units and each round either spends everything
        // or pays off at least one installment. Trailing zeros do not count
        // (a fee of `1.900` is 1.90: the shares stay in cents).
        let dp = slots.iter().map(|s| s.owed[k].normalize().scale()).fold(
            self.currency
                .minor_units()
                .max(self.left.normalize().scale()),
            u32::max,
        );
        let mut left = self.left;
        loop {
            let open = slots.iter().filter(|s| !s.owed[k].is_zero()).count();
            if open == 0 || left.is_zero() {
                break;
            }
            let n = Decimal::from(open as u64);
            let share = left
                .checked_div(n)
                .ok_or_else(|| Error::overflow("divide", left, n))?
                .round_dp_with_strategy(dp, RoundingStrategy::ToZero);
            let others = share
                .checked_mul(Decimal::from(open as u64 - 1))
                .ok_or_else(|| Error::overflow("multiply", share, open - 1))?;
            let last_share = sub(left, others)?;
            let mut seen = 0;
            let mut spent = Decimal::ZERO;
            for s in slots.iter_mut().filter(|s| !s.owed[k].is_zero()) {
                seen += 1;
                let offer = if seen == open { last_share } else { share };
                let take = offer.min(s.owed[k]);
                s.owed[k] = sub(s.owed[k], take)?;
                s.scratch = add(s.scratch, take)?;
                spent = add(spent, take)?;
            }
            left = sub(left, spent)?;
        }
        self.left = left;
        for s in slots.iter_mut() {
            if !s.scratch.is_zero() {
                self.parts.push(AllocationPart {
                    seq: s.seq,
                    due_type: DueType::InAdvance,
                    component: c,
                    amount: Money::new(s.scratch, self.currency),
                });
                s.scratch = Decimal::ZERO;
            }
        }
        Ok(())
    }

    /// The [`Overpayment`] step.
    fn overpay(&mut self) -> Result<()> {
        if self.done() {
            return Ok(());
        }
        let range = self.groups[DueType::InAdvance.index()].clone();
        let dt = DueType::InAdvance;
        match self.waterfall.overpayment() {
            Overpayment::CreditBalance => {}
            Overpayment::PrepayNext => {
                for i in range {
                    self.pay(i, dt, Component::Principal)?;
                }
            }
            Overpayment::ReduceTerm => {
                for i in range.rev() {
                    self.pay(i, dt, Component::Principal)?;
                }
            }
        }
        Ok(())
    }
}
