//! The replay's running state: one slot per installment, kept up to date on
//! every change ([`replay`](super::replay) runs a ledger through it).

use super::billing::Billing;
use super::*;

/// One installment's running state during a replay: its
/// [`InstallmentPosition`], whose `outstanding` (what is still owed) is kept
/// up to date on every change, so reading it is free. Its status is set at
/// the end, by [`Book::into_position`], which hands the slots over as they
/// are.
pub(crate) type Slot = InstallmentPosition;

impl InstallmentPosition {
    /// An installment's position from a replay's parts.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn from_replay(
        seq: u32,
        due_date: NaiveDate,
        due: Breakdown,
        paid: Breakdown,
        waived: Breakdown,
        outstanding: Breakdown,
        status: InstallmentStatus,
        paid_off_on: Option<NaiveDate>,
    ) -> Slot {
        Slot {
            seq,
            due_date,
            due,
            paid,
            waived,
            outstanding,
            status,
            paid_off_on,
            chargeback_on: None,
        }
    }

    fn start(o: &Obligation) -> Slot {
        let due = o.due;
        let zero = Breakdown::zero(due.currency());
        let mut open = due;
        for c in Component::ALL {
            // `max(0)`, without a comparison: a zero keeps its scale.
            let a = due.amount(c);
            if a.is_sign_negative() && !a.is_zero() {
                open.set(c, Decimal::ZERO);
            }
        }
        Slot::from_replay(
            o.seq,
            o.due_date,
            due,
            zero,
            zero,
            open,
            InstallmentStatus::NotDue,
            None,
        )
    }

    /// What is still owed of one component.
    #[inline]
    pub(crate) fn open(&self, c: Component) -> Decimal {
        self.outstanding.amount(c)
    }

    pub(crate) fn open_total(&self) -> Decimal {
        // Bounded by the validated amounts that make it up.
        Component::ALL
            .iter()
            .map(|c| self.open(*c))
            .fold(Decimal::ZERO, Decimal::saturating_add)
    }

    #[inline]
    pub(crate) fn settled(&self) -> bool {
        self.outstanding.is_zero()
    }

    /// Adds to what is due (a charge or an accrual).
    pub(crate) fn add_due(&mut self, c: Component, amount: Decimal) -> Result<()> {
        self.due.add(c, amount)?;
        self.outstanding.add(c, amount)
    }

    /// Records a payment of `amount` (at most what is open).
    pub(crate) fn add_paid(&mut self, c: Component, amount: Decimal) -> Result<()> {
        self.paid.add(c, amount)?;
        self.outstanding.add(c, -amount)
    }

    /// Records a waiver of `amount` (at most what is open).
    pub(crate) fn add_waived(&mut self, c: Component, amount: Decimal) -> Result<()> {
        self.waived.add(c, amount)?;
        self.outstanding.add(c, -amount)
    }

    /// After a change on `date`: when it was paid off, and a chargeback's
    /// early overdue date ends once the installment is settled (a charge
    /// posted later to it is not overdue before its due date).
    pub(crate) fn refresh(&mut self, date: NaiveDate) {
        if self.settled() {
            if self.paid_off_on.is_none() {
                self.paid_off_on = Some(date);
            }
            self.chargeback_on = None;
        } else {
            self.paid_off_on = None;
        }
    }
}

/// The running state of a replay: one [`Slot`] per obligation, a credit
/// balance and waivers that found nothing to waive. Shared by [`replay`] and
/// the accrual engine so that both treat charges and waivers alike.
#[derive(Debug, Clone)]
pub(crate) struct Book {
    pub(crate) currency: Currency,
    pub(crate) slots: Vec<Slot>,
    pub(crate) credit: Decimal,
    pub(crate) unapplied_waivers: Decimal,
    /// For a card account: each minimum's statement date, the billing
    /// cycles' charges and what the replay does when it issues a statement
    /// ([`Billing`]). A repayment pays only
    /// minimums issued before its date (one dated on a statement date is in
    /// that statement's closing balance, which its minimum was computed
    /// from), and what it pays beyond them reduces the revolving balance
    /// (kept as `credit`, never applied to a later minimum or charge).
    pub(super) card: Option<Billing>,
}

impl Book {
    pub(crate) fn new(currency: Currency, obligations: &[Obligation]) -> Result<Book> {
        let mut slots = Vec::with_capacity(obligations.len());
        for o in obligations {
            if o.due.currency() != currency {
                return Err(Error::CurrencyMismatch {
                    left: currency.to_string(),
                    right: o.due.currency().to_string(),
                });
            }
            slots.push(Slot::start(o));
        }
        Ok(Book {
            currency,
            slots,
            credit: Decimal::ZERO,
            unapplied_waivers: Decimal::ZERO,
            card: None,
        })
    }

    /// Adds a charge to installment `seq`, or by default to the oldest
    /// installment overdue on `date`, else the next one due, else the last;
    /// the credit balance, if any, pays it at once. On a card a charge is
    /// owed through the statement that bills it, not by itself
    /// ([`Billing`]): it adds nothing here.
    pub(crate) fn charge(
        &mut self,
        obligations: &[Obligation],
        date: NaiveDate,
        component: Component,
        amount: Decimal,
        installment: Option<u32>,
    ) -> Result<Option<usize>> {
        if self.card.is_some() {
            return Ok(None);
        }
        let Some(idx) = self.target(obligations, date, installment) else {
            return Ok(None);
        };
        self.slots[idx].add_due(component, amount)?;
        self.pay_from_credit(idx, component, amount)?;
        self.slots[idx].refresh(date);
        Ok(Some(idx))
    }

    /// Pays up to `amount` of `component` on slot `idx` from the credit
    /// balance: an overpaid account meets a later charge or chargeback from
    /// what it holds (`ref.fineract.dpd_scope`: an overpaid loan has no
    /// delinquency).
    /// Returns what it paid.
    fn pay_from_credit(
        &mut self,
        idx: usize,
        component: Component,
        amount: Decimal,
    ) -> Result<Decimal> {
        if self.card.is_some() {
            return Ok(Decimal::ZERO);
        }
        let take = self.credit.min(amount).min(self.slots[idx].open(component));
        if take > Decimal::ZERO {
            self.slots[idx].add_paid(component, take)?;
            self.credit -= take;
        }
        Ok(take)
    }

    /// Whether a chargeback dated `date` is owed by itself as of this book:
    /// always on a loan; on a card if a statement was issued before it (one
    /// on or before the first statement's date is in that statement's
    /// balance, named or not; see [`Book::chargeback`]).
    fn billed(&self, date: NaiveDate) -> bool {
        let Some(card) = &self.card else {
            return true;
        };
        !self.slots.is_empty() && card.issued.first().is_some_and(|d| *d < date)
    }

    /// The slot a charge targets: installment `seq`, else the oldest
    /// installment overdue on `date` (past its due date, or charged back
    /// before it: [`InstallmentPosition::overdue_from`]), else the next one
    /// due, else the last.
    fn target(
        &self,
        obligations: &[Obligation],
        date: NaiveDate,
        installment: Option<u32>,
    ) -> Option<usize> {
        let last = self.slots.len().checked_sub(1)?;
        // On a card (where only chargebacks come here), only the
        // statements issued before `date` can take it, as only they can
        // take a payment: one issued on `date` has the day's entries in its
        // balance, and a later one is not yet known.
        let issued = |i: usize| {
            self.card
                .as_ref()
                .map_or(true, |b| b.issued.get(i).is_some_and(|s| *s < date))
        };
        // A named statement takes it if it may (on a card: issued before
        // `date`).
        let named = installment
            .map(|seq| (seq as usize).saturating_sub(1).min(last))
            .filter(|i| issued(*i));
        Some(match named {
            Some(i) => i,
            None => obligations
                .iter()
                .zip(&self.slots)
                .enumerate()
                // Overdue as `Position::overdue` counts it: past its due
                // date, or charged back before it.
                .position(|(i, (_, s))| issued(i) && s.overdue_from() < date && !s.settled())
                .or_else(|| {
                    obligations
                        .iter()
                        .enumerate()
                        .position(|(i, o)| issued(i) && o.due_date >= date)
                })
                .or_else(|| (0..=last).rev().find(|&i| issued(i)))
                .unwrap_or(last),
        })
    }

    /// A repayment charged back on `date`: `amount` is owed again as
    /// principal on the target installment (as [`Book::charge`] picks it),
    /// less what the credit balance meets; if that installment is not yet
    /// due and still owes, it counts as overdue from `date`
    /// (`ref.fineract.chargeback`).
    pub(crate) fn chargeback(
        &mut self,
        obligations: &[Obligation],
        date: NaiveDate,
        amount: Decimal,
        installment: Option<u32>,
    ) -> Result<()> {
        // On a card, a chargeback dated on or before the first statement is
        // in its balance: it owes nothing by itself, and the bounced money
        // leaves the revolving credit it went to. One naming a statement
        // not issued before its date goes where an unnamed one would: the
        // payment it undoes paid an earlier minimum (`Book::target`).
        if !self.billed(date) {
            let back = self.credit.min(amount);
            self.credit -= back;
            return Ok(());
        }
        let Some(idx) = self.target(obligations, date, installment) else {
            return Ok(());
        };
        // On a card, what the bounced payment put in the revolving credit
        // (beyond the minimums) comes back out of it first; only the rest
        // is owed again (it was owing the same money twice).
        let owed = match self.card {
            Some(_) => {
                let back = self.credit.min(amount);
                self.credit -= back;
                amount - back
            }
            None => amount,
        };
        if owed.is_zero() {
            return Ok(());
        }
        self.slots[idx].add_due(Component::Principal, owed)?;
        let met = self.pay_from_credit(idx, Component::Principal, owed)?;
        // Overdue from its date (on a card the statement it goes on was
        // issued before it: `Book::target`).
        let slot = &mut self.slots[idx];
        slot.refresh(date);
        if slot.due_date > date && met < owed {
            slot.chargeback_on = Some(slot.chargeback_on.map_or(date, |c| c.min(date)));
        }
        Ok(())
    }

    /// Waives up to `amount` of `component` on installment `seq`, or oldest
    /// first; what finds nothing to waive is kept as unapplied. Returns what
    /// was waived. On a card a waiver first cancels charges of its own
    /// billing cycle (both are in the balance of the statement that bills
    /// them), then waives only minimums issued before its date ([`Billing`]).
    pub(crate) fn waive(
        &mut self,
        date: NaiveDate,
        component: Component,
        amount: Decimal,
        installment: Option<u32>,
    ) -> Result<Decimal> {
        let mut left = amount;
        // Statements whose minimums it may waive: on a card, those issued
        // before its date.
        let mut open_to = self.slots.len();
        if let Some(card) = &mut self.card {
            open_to = card.cycle(date);
            let named_earlier = installment.is_some_and(|seq| (seq as usize) <= open_to);
            if !named_earlier {
                left -= card.cancel(date, component, left);
            }
        }
        for (i, slot) in self.slots.iter_mut().enumerate().take(open_to) {
            if installment.is_some_and(|seq| i + 1 != seq as usize) {
                continue;
            }
            let take = slot.open(component).min(left);
            if !take.is_zero() {
                slot.add_waived(component, take)?;
                left -= take;
                slot.refresh(date);
            }
        }
        self.unapplied_waivers = self
            .unapplied_waivers
            .checked_add(left)
            .ok_or_else(|| Error::overflow("add", self.unapplied_waivers, left))?;
        Ok(amount - left)
    }

    /// Pays `amount` in the default order: installments due on or before
    /// `date` oldest first (penalty, fee, interest, principal), then later
    /// installments in order, then credit.
    pub(super) fn repay_default(
        &mut self,
        obligations: &[Obligation],
        date: NaiveDate,
        amount: Decimal,
    ) -> Result<()> {
        let mut left = amount;
        let issued = self.card.as_ref().map(|b| b.issued.as_slice());
        for pass in [true, false] {
            for (i, (o, slot)) in obligations.iter().zip(self.slots.iter_mut()).enumerate() {
                if (o.due_date <= date) != pass {
                    continue;
                }
                // A card minimum not yet issued cannot be paid in advance,
                // nor by a payment in its statement's closing balance.
                if issued.is_some_and(|d| d.get(i).is_some_and(|s| *s >= date)) {
                    continue;
                }
                let mut touched = false;
                for c in Component::ALL {
                    if left.is_zero() {
                        break;
                    }
                    let take = slot.open(c).min(left);
                    if !take.is_zero() {
                        slot.add_paid(c, take)?;
                        left -= take;
                        touched = true;
                    }
                }
                if touched {
                    slot.refresh(date);
                }
            }
        }
        self.add_credit(left)
    }

    pub(crate) fn add_credit(&mut self, amount: Decimal) -> Result<()> {
        self.credit = self
            .credit
            .checked_add(amount)
            .ok_or_else(|| Error::overflow("add", self.credit, amount))?;
        Ok(())
    }

    /// The final position as of `as_of`.
    pub(crate) fn into_position(
        self,
        obligations: &[Obligation],
        as_of: NaiveDate,
    ) -> Result<Position> {
        let currency = self.currency;
        // due, paid, waived, outstanding, overdue; by component.
        let mut sums = [[Sum::new(currency.minor_units()); 4]; 5];
        let mut installments = self.slots;
        installments.truncate(obligations.len());
        for (o, slot) in obligations.iter().zip(installments.iter_mut()) {
            slot.status = InstallmentStatus::of(slot.settled(), slot.overdue_from(), as_of);
            if o.due_date <= as_of {
                Sum::add_all(&mut sums[0], &slot.due);
            }
            Sum::add_all(&mut sums[1], &slot.paid);
            Sum::add_all(&mut sums[2], &slot.waived);
            Sum::add_all(&mut sums[3], &slot.outstanding);
            if slot.overdue_from() < as_of {
                Sum::add_all(&mut sums[4], &slot.outstanding);
            }
        }
        let mut totals = [Breakdown::zero(currency); 5];
        for (t, row) in totals.iter_mut().zip(&sums) {
            for (c, sum) in Component::ALL.into_iter().zip(row) {
                t.set(c, sum.total()?);
            }
        }
        Ok(Position::from_replay(
            as_of,
            installments,
            totals,
            Money::new(self.credit, currency),
            Money::new(self.unapplied_waivers, currency),
        ))
    }
}

impl InstallmentStatus {
    /// The status of an installment due on `due_date`, as of `as_of`.
    pub(crate) fn of(settled: bool, due_date: NaiveDate, as_of: NaiveDate) -> InstallmentStatus {
        if settled {
            InstallmentStatus::Paid
        } else if due_date > as_of {
            InstallmentStatus::NotDue
        } else if due_date == as_of {
            InstallmentStatus::Due
        } else {
            InstallmentStatus::Overdue
        }
    }
}

impl Position {
    /// A position from a replay's parts: the installments, the totals
    /// (due, paid, waived, outstanding, overdue), the credit balance and
    /// the waivers that found nothing to waive.
    pub(crate) fn from_replay(
        as_of: NaiveDate,
        installments: Vec<InstallmentPosition>,
        [due, paid, waived, outstanding, overdue]: [Breakdown; 5],
        credit: Money,
        unapplied_waivers: Money,
    ) -> Position {
        Position {
            as_of,
            installments,
            due,
            paid,
            waived,
            outstanding,
            overdue,
            credit,
            unapplied_waivers,
        }
    }
}

/// An exact running sum: amounts at the usual scale add as integers (about
/// a nanosecond each), others as `Decimal`.
#[derive(Debug, Clone, Copy)]
struct Sum {
    scale: u32,
    /// The largest scale added: the scale a plain `Decimal` sum would have.
    max_scale: u32,
    /// Addends with at most `scale` decimals, in units of `10^-scale`.
    units: i128,
    /// The other addends.
    rest: Decimal,
    /// `units` or `rest` overflowed.
    overflow: bool,
}

impl Sum {
    fn new(scale: u32) -> Sum {
        Sum {
            scale,
            max_scale: 0,
            units: 0,
            rest: Decimal::ZERO,
            overflow: false,
        }
    }

    /// Adds each component of `b` to the sum of that component.
    #[inline(always)]
    fn add_all(sums: &mut [Sum; 4], b: &Breakdown) {
        sums[0].add(b.penalty);
        sums[1].add(b.fee);
        sums[2].add(b.interest);
        sums[3].add(b.principal);
    }

    #[inline(always)]
    fn add(&mut self, d: Decimal) {
        let scale = d.scale();
        self.max_scale = self.max_scale.max(scale);
        if scale == self.scale {
            // The usual case; a zero adds nothing.
            match self.units.checked_add(d.mantissa()) {
                Some(u) => self.units = u,
                None => self.overflow = true,
            }
            return;
        }
        if d.is_zero() {
            return;
        }
        let units = if scale == self.scale {
            Some(d.mantissa())
        } else {
            crate::money::minor_units(d, self.scale)
        };
        if let Some(units) = units {
            match self.units.checked_add(units) {
                Some(u) => self.units = u,
                None => self.overflow = true,
            }
        } else {
            match self.rest.checked_add(d) {
                Some(r) => self.rest = r,
                None => self.overflow = true,
            }
        }
    }

    fn total(&self) -> Result<Decimal> {
        let mut t = Decimal::try_from_i128_with_scale(self.units, self.scale)
            .ok()
            .filter(|_| !self.overflow)
            .and_then(|u| u.checked_add(self.rest))
            .ok_or_else(|| Error::overflow("add", self.units, self.rest))?;
        // Exact: every addend had a scale of at most `max_scale`.
        t.rescale(self.max_scale);
        Ok(t)
    }
}
