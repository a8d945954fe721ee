//! The fixed-point replay's book: what each installment owes and has paid,
//! as [`Amt`]s, and the direct payment path on them.

use chrono::NaiveDate;

use super::{Amt, Fx};
use crate::accrual::fastpay::{group, Plan};
use crate::allocation::DueType;
use rust_decimal::Decimal;

use crate::loan::{
    Breakdown, Component, InstallmentPosition, InstallmentStatus, Loan, Obligation, Position,
};
use crate::money::Money;

/// One installment, as the general engine's slot.
#[derive(Debug, Clone)]
pub(super) struct FixedSlot {
    due: [Amt; 4],
    paid: [Amt; 4],
    outstanding: [Amt; 4],
    paid_off_on: Option<NaiveDate>,
}

impl FixedSlot {
    #[inline]
    pub(super) fn due(&self, c: Component) -> Amt {
        self.due[c.index()]
    }

    #[inline]
    pub(super) fn open(&self, c: Component) -> Amt {
        self.outstanding[c.index()]
    }

    /// The sum of what is open, from a zero of scale 0 in component order
    /// (so it has the scale the general engine's sum has).
    #[inline]
    pub(super) fn open_total(&self) -> Fx<Amt> {
        let o = &self.outstanding;
        Amt::ZERO.add(o[0])?.add(o[1])?.add(o[2])?.add(o[3])
    }

    #[inline]
    pub(super) fn settled(&self) -> bool {
        self.outstanding.iter().all(|a| a.is_zero())
    }

    #[inline]
    pub(super) fn add_due(&mut self, c: Component, amount: Amt) -> Fx<()> {
        let k = c.index();
        self.due[k] = self.due[k].add(amount)?;
        self.outstanding[k] = self.outstanding[k].add(amount)?;
        Some(())
    }

    #[inline]
    fn add_paid(&mut self, c: Component, amount: Amt) -> Fx<()> {
        let k = c.index();
        self.paid[k] = self.paid[k].add(amount)?;
        self.outstanding[k] = self.outstanding[k].sub(amount)?;
        Some(())
    }

    #[inline]
    pub(super) fn refresh(&mut self, date: NaiveDate) {
        if self.settled() {
            if self.paid_off_on.is_none() {
                self.paid_off_on = Some(date);
            }
        } else {
            self.paid_off_on = None;
        }
    }
}

/// The slots, the credit balance and the payment plan.
pub(super) struct FixedBook {
    pub(super) slots: Vec<FixedSlot>,
    pub(super) credit: Amt,
    plan: Plan,
}

impl FixedBook {
    /// The book of `loan` before any transaction; `None` if an amount does
    /// not fit or is in another currency.
    pub(super) fn new(loan: &Loan, plan: Plan) -> Fx<FixedBook> {
        let mut slots = Vec::with_capacity(loan.obligations().len());
        for o in loan.obligations() {
            if o.due.currency() != loan.currency() {
                return None;
            }
            let mut due = [Amt::ZERO; 4];
            let mut open = [Amt::ZERO; 4];
            for c in Component::ALL {
                let a = Amt::from_dec(o.due.amount(c))?;
                due[c.index()] = a;
                // `max(0)` keeping a zero's scale, as the general book.
                open[c.index()] = if a.is_negative() { Amt::ZERO } else { a };
            }
            slots.push(FixedSlot {
                due,
                paid: [Amt::ZERO; 4],
                outstanding: open,
                paid_off_on: None,
            });
        }
        Some(FixedBook {
            slots,
            credit: Amt::ZERO,
            plan,
        })
    }

    /// The direct payment path ([`fastpay::pay`](crate::accrual::fastpay)):
    /// pays `amount` from installment `from` on, only those due by `date` if
    /// `matured`; returns what is left, with the scale the general path
    /// gives it.
    pub(super) fn pay(
        &mut self,
        obligations: &[Obligation],
        from: usize,
        amount: Amt,
        date: NaiveDate,
        matured: bool,
        principal: &mut Amt,
    ) -> Fx<Amt> {
        let mut left = amount;
        let n = obligations.len().min(self.slots.len());
        for (o, slot) in obligations[from.min(n)..n]
            .iter()
            .zip(&mut self.slots[from.min(n)..n])
        {
            if matured && o.due_date > date {
                break;
            }
            let g = group(DueType::classify(o.due_date, date));
            let comps = self.plan.components(g);
            if g == 2 && comps.is_empty() {
                break;
            }
            // Its paid-off date is set once, after its components (a
            // payment only lowers what is open, so the last state decides).
            let mut touched = false;
            for &c in comps {
                if left.is_zero() {
                    break;
                }
                let owed = slot.open(c);
                if owed.is_zero() {
                    continue;
                }
                let paid = if owed.cmp_value(left).is_le() {
                    left = left.sub(owed)?;
                    owed
                } else {
                    let zero = Amt::zero(left.s);
                    std::mem::replace(&mut left, zero)
                };
                slot.add_paid(c, paid)?;
                touched = true;
                if c == Component::Principal {
                    *principal = principal.sub(paid)?;
                }
            }
            if touched {
                slot.refresh(date);
            }
            if left.is_zero() {
                return Some(left);
            }
        }
        Some(left)
    }

    /// The final position as of `as_of`: the general book's, amount for
    /// amount and scale for scale (its totals have the largest scale of
    /// their addends, zeros included).
    pub(super) fn into_position(self, loan: &Loan, as_of: NaiveDate) -> Fx<Position> {
        let currency = loan.currency();
        let dp = currency.minor_units();
        let zero = Breakdown::zero(currency);
        let breakdown = |a: &[Amt; 4]| {
            Breakdown::from_amounts(
                currency,
                [a[0].to_dec(), a[1].to_dec(), a[2].to_dec(), a[3].to_dec()],
            )
        };
        // due, paid, outstanding, overdue; by component. (Nothing is
        // waived: that total is zeros of scale 0, as the general book's.)
        let mut sums = [[Total::default(); 4]; 4];
        let mut installments = Vec::with_capacity(self.slots.len());
        for (o, s) in loan.obligations().iter().zip(&self.slots) {
            let [due, paid, open, late] = &mut sums;
            if o.due_date <= as_of {
                Total::add_all(due, &s.due, dp)?;
            }
            Total::add_all(paid, &s.paid, dp)?;
            Total::add_all(open, &s.outstanding, dp)?;
            if o.due_date < as_of {
                Total::add_all(late, &s.outstanding, dp)?;
            }
            installments.push(InstallmentPosition::from_replay(
                o.seq,
                o.due_date,
                breakdown(&s.due),
                breakdown(&s.paid),
                zero,
                breakdown(&s.outstanding),
                InstallmentStatus::of(s.settled(), o.due_date, as_of),
                s.paid_off_on,
            ));
        }
        let total = |row: &[Total; 4]| -> Fx<Breakdown> {
            let [p, f, i, pr] = row;
            Some(Breakdown::from_amounts(
                currency,
                [p.total(dp)?, f.total(dp)?, i.total(dp)?, pr.total(dp)?],
            ))
        };
        let [due, paid, open, late] = &sums;
        Some(Position::from_replay(
            as_of,
            installments,
            [total(due)?, total(paid)?, zero, total(open)?, total(late)?],
            Money::new(self.credit.to_dec(), currency),
            Money::new(Decimal::ZERO, currency),
        ))
    }
}

/// A running total of amounts with at most `dp` places, in `10^-dp` units,
/// and the scales added (bit `s` for scale `s`: every scale is at most 28).
#[derive(Debug, Default, Clone, Copy)]
struct Total {
    units: i128,
    scales: u32,
}

impl Total {
    #[inline]
    fn add_all(row: &mut [Total; 4], a: &[Amt; 4], dp: u32) -> Fx<()> {
        for (t, a) in row.iter_mut().zip(a) {
            t.scales |= 1 << (a.s & 31);
            // The usual case: an amount at the currency's places (a zero
            // adds nothing, whatever its scale). A sum of 64-bit amounts,
            // one per installment, cannot leave 128 bits.
            let units = if a.s == dp || a.m == 0 {
                a.m
            } else {
                a.at(dp)?
            };
            t.units = t.units.wrapping_add(i128::from(units));
        }
        Some(())
    }

    fn total(&self, dp: u32) -> Fx<Decimal> {
        let mut t = Decimal::try_from_i128_with_scale(self.units, dp).ok()?;
        // The largest scale added (0 if none).
        t.rescale(31u32.saturating_sub(self.scales.leading_zeros()));
        Some(t)
    }
}
