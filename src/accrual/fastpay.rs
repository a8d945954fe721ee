//! A direct path for the common waterfalls: a payment paid straight into the
//! book's slots, without building [`Receivable`](crate::allocation::Receivable)s.
//!
//! It applies when the waterfall walks the installments strictly in order:
//! horizontal processing, due-type groups first appearing in the order past
//! due, due, in advance, future installments next-first (or no in-advance
//! rules) and the surplus left as credit. Then
//! [`allocate`](crate::allocation::allocate) pays installment after
//! installment, oldest first, each the components of its group's rules in
//! list order, each part the smaller of what is left and what is owed, and
//! stops when nothing is left; this does the same, on the same amounts, so
//! the parts, their order and every figure are identical. The engine uses it
//! only when that identity is plain: obligations numbered 1, 2, ... in due
//! date order, nothing owed negative, a positive payment in the book's
//! currency; the general path handles everything else.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::allocation::{exact_sub, DueType, FutureOrder, Overpayment, Processing, Waterfall};
use crate::error::{Error, Result};
use crate::loan::{Book, Component, Obligation};

/// The components to pay per due type (past due, due, in advance), in rule
/// order.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Plan {
    groups: [([Component; 4], usize); 3],
}

impl Plan {
    /// The plan of `waterfall`, if it walks installments strictly in order
    /// (see the module docs), and `obligations` are numbered 1, 2, ... in due
    /// date order.
    pub(crate) fn new(waterfall: &Waterfall, obligations: &[Obligation]) -> Option<Plan> {
        let numbered = obligations.iter().enumerate().all(|(i, o)| {
            usize::try_from(o.seq).is_ok_and(|s| s == i + 1)
                && (i == 0 || obligations[i - 1].due_date <= o.due_date)
        });
        if !numbered
            || waterfall.processing() != Processing::Horizontal
            || waterfall.overpayment() != Overpayment::CreditBalance
        {
            return None;
        }
        let mut groups = [([Component::Principal; 4], 0usize); 3];
        let mut last_group = 0;
        for r in waterfall.rules() {
            let g = group(r.due_type);
            let (comps, len) = &mut groups[g];
            if *len == 0 {
                // Groups are taken in the order of their first rule.
                if g < last_group {
                    return None;
                }
                last_group = g;
            }
            *comps.get_mut(*len)? = r.component;
            *len += 1;
        }
        if groups[2].1 > 0 && waterfall.future_order() != FutureOrder::NextInstallment {
            return None;
        }
        Some(Plan { groups })
    }

    pub(super) fn components(&self, g: usize) -> &[Component] {
        let (comps, len) = &self.groups[g];
        &comps[..*len]
    }
}

pub(super) fn group(dt: DueType) -> usize {
    match dt {
        DueType::PastDue => 0,
        DueType::Due => 1,
        DueType::InAdvance => 2,
    }
}

/// Pays `amount`, valued on `date`, into the slots of `book` from index
/// `from` on, following `plan`; subtracts the principal paid from
/// `principal`. Returns what is left (the overpayment), with the scale
/// [`allocate`](crate::allocation::allocate) gives it.
///
/// # Errors
///
/// [`Error::Overflow`] (not expected: only differences of non-negative
/// amounts are taken).
pub(crate) fn pay(
    book: &mut Book,
    obligations: &[Obligation],
    from: usize,
    plan: &Plan,
    amount: Decimal,
    date: NaiveDate,
    principal: &mut Decimal,
) -> Result<Decimal> {
    let mut left = amount;
    for (o, slot) in obligations.iter().zip(book.slots.iter_mut()).skip(from) {
        let g = group(DueType::classify(o.due_date, date));
        let comps = plan.components(g);
        if g == 2 && comps.is_empty() {
            break;
        }
        for &c in comps {
            if left.is_zero() {
                return Ok(left);
            }
            let owed = slot.open(c);
            if owed.is_zero() {
                continue;
            }
            // As `allocate`: what is used up leaves a zero of its own scale.
            // At one scale the difference is exact, and its sign is the
            // comparison.
            let rest = if owed.scale() == left.scale() {
                left.checked_sub(owed)
            } else {
                None
            };
            let paid = if let Some(rest) = rest {
                if rest.is_sign_negative() && !rest.is_zero() {
                    let zero = Decimal::new(0, left.scale());
                    std::mem::replace(&mut left, zero)
                } else {
                    left = rest;
                    owed
                }
            } else if owed <= left {
                left = exact_sub(left, owed)?;
                owed
            } else {
                // As `allocate`, which keeps `owed − left` and refuses it
                // if it would have to be rounded.
                exact_sub(owed, left)?;
                let zero = Decimal::new(0, left.scale());
                std::mem::replace(&mut left, zero)
            };
            slot.add_paid(c, paid)?;
            slot.refresh(date);
            if c == Component::Principal {
                *principal = principal
                    .checked_sub(paid)
                    .ok_or_else(|| Error::overflow("subtract", *principal, paid))?;
            }
        }
    }
    Ok(left)
}

#[cfg(test)]
mod tests;
