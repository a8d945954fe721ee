//! What is owed as of a date, derived by replaying the ledger.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::ledger::{Ledger, TxKind};
use crate::error::{Error, Result};
use crate::money::{Currency, Money};

/// A component of what is owed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Component {
    /// Penalty interest (罚息, 复利).
    Penalty,
    /// Fees and charges (滞纳金, 违约金, late fees).
    Fee,
    /// Contractual interest.
    Interest,
    /// Principal.
    Principal,
}

impl Component {
    /// All components, in the order penalty, fee, interest, principal.
    pub const ALL: [Component; 4] = [
        Component::Penalty,
        Component::Fee,
        Component::Interest,
        Component::Principal,
    ];

    fn index(self) -> usize {
        match self {
            Component::Penalty => 0,
            Component::Fee => 1,
            Component::Interest => 2,
            Component::Principal => 3,
        }
    }

    /// The snake-case name (`penalty`, `fee`, `interest`, `principal`).
    pub fn as_str(self) -> &'static str {
        match self {
            Component::Penalty => "penalty",
            Component::Fee => "fee",
            Component::Interest => "interest",
            Component::Principal => "principal",
        }
    }
}

/// Amounts by [`Component`] in one currency.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Breakdown {
    currency: Currency,
    #[serde(with = "rust_decimal::serde::str")]
    penalty: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    fee: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    interest: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    principal: Decimal,
}

impl std::fmt::Debug for Breakdown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {{ penalty: {}, fee: {}, interest: {}, principal: {} }}",
            self.currency, self.penalty, self.fee, self.interest, self.principal
        )
    }
}

impl Breakdown {
    /// All zero.
    pub const fn zero(currency: Currency) -> Breakdown {
        Breakdown {
            currency,
            penalty: Decimal::ZERO,
            fee: Decimal::ZERO,
            interest: Decimal::ZERO,
            principal: Decimal::ZERO,
        }
    }

    /// The currency.
    pub fn currency(&self) -> Currency {
        self.currency
    }

    #[inline]
    fn slot(&mut self, c: Component) -> &mut Decimal {
        match c.index() {
            0 => &mut self.penalty,
            1 => &mut self.fee,
            2 => &mut self.interest,
            _ => &mut self.principal,
        }
    }

    /// The amount of one component.
    pub fn amount(&self, c: Component) -> Decimal {
        match c {
            Component::Penalty => self.penalty,
            Component::Fee => self.fee,
            Component::Interest => self.interest,
            Component::Principal => self.principal,
        }
    }

    /// The amount of one component as money.
    pub fn get(&self, c: Component) -> Money {
        Money::new(self.amount(c), self.currency)
    }

    /// Sets one component.
    pub fn set(&mut self, c: Component, amount: Decimal) {
        *self.slot(c) = amount;
    }

    /// Adds to one component.
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`].
    #[inline(always)]
    pub fn add(&mut self, c: Component, amount: Decimal) -> Result<()> {
        let slot = self.slot(c);
        *slot = slot
            .checked_add(amount)
            .ok_or_else(|| Error::overflow("add", *slot, amount))?;
        Ok(())
    }

    /// The sum of all components.
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`].
    pub fn total(&self) -> Result<Money> {
        let t = Component::ALL.iter().try_fold(Decimal::ZERO, |acc, c| {
            acc.checked_add(self.amount(*c))
                .ok_or_else(|| Error::overflow("add", acc, self.amount(*c)))
        })?;
        Ok(Money::new(t, self.currency))
    }

    /// Component-wise `self + other`.
    ///
    /// # Errors
    ///
    /// [`Error::CurrencyMismatch`] or [`Error::Overflow`].
    pub fn checked_add(&self, other: &Breakdown) -> Result<Breakdown> {
        if self.currency != other.currency {
            return Err(Error::CurrencyMismatch {
                left: self.currency.to_string(),
                right: other.currency.to_string(),
            });
        }
        let mut out = *self;
        for c in Component::ALL {
            let b = other.amount(c);
            if !b.is_zero() {
                out.add(c, b)?;
            }
        }
        Ok(out)
    }

    /// Component-wise `self − other`.
    ///
    /// # Errors
    ///
    /// [`Error::CurrencyMismatch`] or [`Error::Overflow`].
    pub fn checked_sub(&self, other: &Breakdown) -> Result<Breakdown> {
        self.combine(other, |a, b| a.checked_sub(b), "subtract")
    }

    fn combine(
        &self,
        other: &Breakdown,
        op: impl Fn(Decimal, Decimal) -> Option<Decimal>,
        name: &'static str,
    ) -> Result<Breakdown> {
        if self.currency != other.currency {
            return Err(Error::CurrencyMismatch {
                left: self.currency.to_string(),
                right: other.currency.to_string(),
            });
        }
        let mut out = *self;
        for c in Component::ALL {
            let v = op(self.amount(c), other.amount(c))
                .ok_or_else(|| Error::overflow(name, self.amount(c), other.amount(c)))?;
            out.set(c, v);
        }
        Ok(out)
    }

    /// True if every component is zero.
    pub fn is_zero(&self) -> bool {
        Component::ALL.iter().all(|c| self.amount(*c).is_zero())
    }
}

/// Something that falls due on a date: an installment of a loan, or the
/// minimum payment of a card statement. The input of [`replay`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Obligation {
    /// 1-based sequence number.
    pub seq: u32,
    /// When it falls due.
    pub due_date: NaiveDate,
    /// What falls due, by component.
    pub due: Breakdown,
}

/// Where an installment stands as of a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InstallmentStatus {
    /// Nothing outstanding.
    Paid,
    /// Due after the as-of date.
    NotDue,
    /// Due on the as-of date and not yet paid (not overdue until tomorrow).
    Due,
    /// Due before the as-of date and not fully paid.
    Overdue,
}

/// One installment in a [`Position`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstallmentPosition {
    seq: u32,
    due_date: NaiveDate,
    due: Breakdown,
    paid: Breakdown,
    waived: Breakdown,
    outstanding: Breakdown,
    status: InstallmentStatus,
    paid_off_on: Option<NaiveDate>,
}

impl InstallmentPosition {
    /// 1-based sequence number.
    pub fn seq(&self) -> u32 {
        self.seq
    }
    /// Due date.
    pub fn due_date(&self) -> NaiveDate {
        self.due_date
    }
    /// Scheduled amounts plus charges posted to this installment.
    pub fn due(&self) -> &Breakdown {
        &self.due
    }
    /// Paid so far.
    pub fn paid(&self) -> &Breakdown {
        &self.paid
    }
    /// Waived so far.
    pub fn waived(&self) -> &Breakdown {
        &self.waived
    }
    /// Due − paid − waived (never negative).
    pub fn outstanding(&self) -> &Breakdown {
        &self.outstanding
    }
    /// Status as of the position's date.
    pub fn status(&self) -> InstallmentStatus {
        self.status
    }
    /// The value date on which the installment was last fully settled, if it
    /// is settled.
    pub fn paid_off_on(&self) -> Option<NaiveDate> {
        self.paid_off_on
    }
}

/// What is owed as of a date, per installment and in total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    as_of: NaiveDate,
    installments: Vec<InstallmentPosition>,
    due: Breakdown,
    paid: Breakdown,
    waived: Breakdown,
    outstanding: Breakdown,
    overdue: Breakdown,
    credit: Money,
    unapplied_waivers: Money,
}

impl Position {
    /// The date (end of day) the position is taken at.
    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }
    /// The installments, in schedule order.
    pub fn installments(&self) -> &[InstallmentPosition] {
        &self.installments
    }
    /// Total that has fallen due (due date on or before `as_of`), including
    /// charges.
    pub fn due(&self) -> &Breakdown {
        &self.due
    }
    /// Total paid (to any installment, including in advance).
    pub fn paid(&self) -> &Breakdown {
        &self.paid
    }
    /// Total waived.
    pub fn waived(&self) -> &Breakdown {
        &self.waived
    }
    /// Total outstanding over the whole schedule, due or not.
    pub fn outstanding(&self) -> &Breakdown {
        &self.outstanding
    }
    /// Outstanding on installments due before `as_of`.
    pub fn overdue(&self) -> &Breakdown {
        &self.overdue
    }
    /// Money paid beyond everything scheduled (a credit balance).
    pub fn credit(&self) -> Money {
        self.credit
    }
    /// Waivers that found nothing left to waive.
    pub fn unapplied_waivers(&self) -> Money {
        self.unapplied_waivers
    }
    /// The oldest installment due before `as_of` whose outstanding total is
    /// above `tolerance` (RULES.md `ref.fineract.dpd`).
    pub fn oldest_overdue(&self, tolerance: Decimal) -> Option<&InstallmentPosition> {
        self.installments.iter().find(|i| {
            i.due_date < self.as_of
                && i.outstanding
                    .total()
                    .map(|t| t.amount() > tolerance)
                    .unwrap_or(true)
        })
    }
}

/// One installment's running state during a replay: its
/// [`InstallmentPosition`], whose `outstanding` (what is still owed) is kept
/// up to date on every change, so reading it is free. Its status is set at
/// the end, by [`Book::into_position`], which hands the slots over as they
/// are.
pub(crate) type Slot = InstallmentPosition;

impl InstallmentPosition {
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
        Slot {
            seq: o.seq,
            due_date: o.due_date,
            due,
            paid: zero,
            waived: zero,
            outstanding: open,
            status: InstallmentStatus::NotDue,
            paid_off_on: None,
        }
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

    pub(crate) fn refresh(&mut self, date: NaiveDate) {
        if self.settled() {
            if self.paid_off_on.is_none() {
                self.paid_off_on = Some(date);
            }
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
        })
    }

    /// Adds a charge to installment `seq`, or by default to the oldest
    /// installment overdue on `date`, else the next one due, else the last.
    pub(crate) fn charge(
        &mut self,
        obligations: &[Obligation],
        date: NaiveDate,
        component: Component,
        amount: Decimal,
        installment: Option<u32>,
    ) -> Result<()> {
        if self.slots.is_empty() {
            return Ok(());
        }
        let last = self.slots.len() - 1;
        let idx = match installment {
            Some(seq) => (seq as usize).saturating_sub(1).min(last),
            None => obligations
                .iter()
                .zip(&self.slots)
                .position(|(o, s)| o.due_date < date && !s.settled())
                .or_else(|| obligations.iter().position(|o| o.due_date >= date))
                .unwrap_or(last),
        };
        self.slots[idx].add_due(component, amount)?;
        self.slots[idx].refresh(date);
        Ok(())
    }

    /// Waives up to `amount` of `component` on installment `seq`, or oldest
    /// first; what finds nothing to waive is kept as unapplied.
    pub(crate) fn waive(
        &mut self,
        date: NaiveDate,
        component: Component,
        amount: Decimal,
        installment: Option<u32>,
    ) -> Result<()> {
        let mut left = amount;
        for (i, slot) in self.slots.iter_mut().enumerate() {
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
        Ok(())
    }

    /// Pays `amount` in the default order: installments due on or before
    /// `date` oldest first (penalty, fee, interest, principal), then later
    /// installments in order, then credit.
    fn repay_default(
        &mut self,
        obligations: &[Obligation],
        date: NaiveDate,
        amount: Decimal,
    ) -> Result<()> {
        let mut left = amount;
        for pass in [true, false] {
            for (o, slot) in obligations.iter().zip(self.slots.iter_mut()) {
                if (o.due_date <= date) != pass {
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
            slot.status = if slot.settled() {
                InstallmentStatus::Paid
            } else if o.due_date > as_of {
                InstallmentStatus::NotDue
            } else if o.due_date == as_of {
                InstallmentStatus::Due
            } else {
                InstallmentStatus::Overdue
            };
            if o.due_date <= as_of {
                Sum::add_all(&mut sums[0], &slot.due);
            }
            Sum::add_all(&mut sums[1], &slot.paid);
            Sum::add_all(&mut sums[2], &slot.waived);
            Sum::add_all(&mut sums[3], &slot.outstanding);
            if o.due_date < as_of {
                Sum::add_all(&mut sums[4], &slot.outstanding);
            }
        }
        let mut totals = [Breakdown::zero(currency); 5];
        for (t, row) in totals.iter_mut().zip(&sums) {
            for (c, sum) in Component::ALL.into_iter().zip(row) {
                t.set(c, sum.total()?);
            }
        }
        let [due, paid, waived, outstanding, overdue] = totals;
        Ok(Position {
            as_of,
            installments,
            due,
            paid,
            waived,
            outstanding,
            overdue,
            credit: Money::new(self.credit, currency),
            unapplied_waivers: Money::new(self.unapplied_waivers, currency),
        })
    }
}

/// Replays `ledger` against `obligations` up to the end of `as_of` and
/// returns the position.
///
/// Transactions are applied in value-date order (ties in recording order);
/// reversed transactions are left out entirely, so a backdated entry or a
/// reversal re-runs everything after it. Repayments go to installments due on
/// or before the value date, oldest first, each taking penalty, fee,
/// interest, principal in that order; what is left goes to later
/// installments in order, then to a credit balance. Configurable waterfalls
/// ([`crate::allocation`]) and accrued penalties and fees are applied by
/// [`crate::accrual::accrue`], which replays the same ledger.
///
/// # Errors
///
/// [`Error::Overflow`] on absurd amounts; [`Error::CurrencyMismatch`] if an
/// obligation is in another currency than `currency`.
pub fn replay(
    currency: Currency,
    obligations: &[Obligation],
    ledger: &Ledger,
    as_of: NaiveDate,
) -> Result<Position> {
    let mut book = Book::new(currency, obligations)?;
    for tx in ledger.effective(as_of) {
        let date = tx.value_date();
        match tx.kind() {
            TxKind::Disbursement { .. } | TxKind::Reversal { .. } | TxKind::ChargeOff => {}
            TxKind::Repayment { amount } => {
                book.repay_default(obligations, date, amount.amount())?
            }
            TxKind::Charge {
                component,
                amount,
                installment,
                ..
            } => book.charge(obligations, date, *component, amount.amount(), *installment)?,
            TxKind::Waiver {
                component,
                amount,
                installment,
                ..
            } => book.waive(date, *component, amount.amount(), *installment)?,
        }
    }
    book.into_position(obligations, as_of)
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
