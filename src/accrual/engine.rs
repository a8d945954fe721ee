//! The accrual engine: replays a loan's ledger by events and accrues penalty
//! interest, compound interest and late fees between them, within the caps.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::fastpay::{self, Plan};
use super::pieces::pieces;
use super::policy::{AccrualPolicy, CapRate, FeeBase, LateFeeRule, Posting, Recurrence};
use crate::allocation::{allocate_into, AllocBuf, DueType, Receivable};
use crate::calendar::DayCount;
use crate::error::{Error, Result};
use crate::loan::{
    add_months_clamped, Book, Breakdown, Component, Loan, Obligation, Position, TxKind,
};
use crate::money::{cmp_dec, minor_units, mul_div_round, Money, Rounding};
use crate::rule::RuleId;

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
/// - Late fees: `uncapped = clamp(round(base × rate), min, max)` (or the
///   flat amount); `days` is 0.
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
    #[serde(with = "rust_decimal::serde::str_option")]
    pub rate: Option<Decimal>,
    /// Day-count numerator.
    pub days: i64,
    /// Day-count denominator (360, 365 or 366; 0 for fees).
    pub basis: u32,
    /// The day count used, for interest.
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

/// The result of [`accrue`].
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
}

impl AccrualReport {
    /// Sum of the records of one kind.
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`].
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

/// Accrues penalty interest, compound interest and late fees on `loan` for
/// the days `from..to` (half-open), under `policy`.
///
/// The ledger is replayed from disbursement by events (transactions, the day
/// after each due date, fee dates, the stop date, `from`, `to`), never day by
/// day: between events balances are constant, so each interval is one
/// computation. Accruals are posted as they arise, and payments are allocated
/// by the policy's waterfall, so a payment pays accrued penalties per the
/// waterfall, and a backdated payment or a reversal changes everything after
/// it. The ledger is taken as known at the end of `to − 1`: a transaction
/// reversed by then never happened.
///
/// With [`Posting::Daily`], one record covers the whole run of days on which
/// an installment's base for that kind stays the same: events that do not
/// touch it (another installment falling due, a fee) do not split it.
///
/// With [`Posting::Daily`], accruing `[a, c)` gives the same records' total
/// as accruing `[a, b)` and `[b, c)`, to the cent, for any `b` (while no cap
/// binds).
///
/// # Errors
///
/// [`Error::InvalidField`] if `to <= from`; [`Error::InvalidPolicy`] if the
/// policy is invalid; LPR lookups outside the table; [`Error::Overflow`].
pub fn accrue(
    loan: &Loan,
    from: NaiveDate,
    to: NaiveDate,
    policy: &AccrualPolicy,
) -> Result<AccrualReport> {
    accrue_with(loan, from, to, policy, true)
}

/// [`accrue`], with the direct payment path ([`fastpay`]) allowed or not:
/// the results are identical, and the tests check it.
pub(crate) fn accrue_with(
    loan: &Loan,
    from: NaiveDate,
    to: NaiveDate,
    policy: &AccrualPolicy,
    direct_pay: bool,
) -> Result<AccrualReport> {
    if to <= from {
        return Err(Error::invalid(
            "to",
            to,
            format!("must be after `from` = `{from}`"),
        ));
    }
    policy.validate()?;
    let mut engine = Engine::new(loan, policy, from)?;
    if !direct_pay {
        engine.fast = None;
    }
    engine.run(to)?;
    let last_day = to.pred_opt().unwrap_or(to);
    let position = engine.book.into_position(loan.obligations(), last_day)?;
    Ok(AccrualReport {
        from,
        to,
        records: engine.records,
        position,
    })
}

pub(crate) struct Engine<'a> {
    loan: &'a Loan,
    policy: &'a AccrualPolicy,
    obligations: &'a [Obligation],
    pub(crate) book: Book,
    dp: u32,
    keep_from: NaiveDate,
    penalty_rate: Option<Decimal>,
    penalty_dc: DayCount,
    cap: Option<(Decimal, DayCount, RuleId)>,
    /// The cap allowance so far is `cap rate × cap_days / CAP_DENOM`:
    /// `cap_days` sums principal × days × (`CAP_DENOM` / basis), exactly.
    cap_days: Decimal,
    /// `cap rate × cap_days`, and `floor(that × 10^dp)` as an integer,
    /// while known.
    cap_limit: Option<(Decimal, Option<i128>)>,
    /// The last `floor(cap rate × cap_days × 10^dp)` computed, divided by
    /// `CAP_DENOM` (rounding down): a lower bound of the minor units the
    /// current allowance holds, as the allowance only grows (`None` once it
    /// might not: a negative rate or addition). What fits under it fits.
    cap_floor: Option<i128>,
    /// What the cap has let through: minor units, plus amounts with more
    /// decimals (rare: a fee minimum or maximum can have them).
    cap_used_units: i128,
    cap_used_rest: Decimal,
    /// Rule ids, shared by the records: penalty, each late fee, the fee
    /// caps per installment and per loan.
    penalty_rule: RuleId,
    fee_rules: Vec<RuleId>,
    fee_caps: [RuleId; 2],
    fees_total: Decimal,
    fees_by_installment: Vec<Decimal>,
    /// Next fee date per (installment, fee rule), and the first date (the
    /// anchor of monthly recurrence) and count so far.
    fee_next: Vec<Option<(NaiveDate, NaiveDate, u32)>>,
    pub(crate) records: Vec<Accrual>,
    cursor: NaiveDate,
    charged_off: bool,
    /// Installments before this index are settled.
    first_open: usize,
    /// Installments before this index have started their fee clocks.
    overdue_i: usize,
    /// Unpaid principal over all installments.
    principal_outstanding: Decimal,
    /// The waterfall takes in-advance components only after every past-due
    /// and due one, so matured installments can be allocated first.
    matured_first: bool,
    /// [`Waterfall::in_advance_prefix`](crate::allocation::Waterfall).
    advance_prefix: Option<[bool; 4]>,
    /// Index in `records` of the last record per installment and kind
    /// (penalty, compound); `usize::MAX` for none.
    last_rec: Vec<usize>,
    /// Per installment and kind as `last_rec`: the last daily amount
    /// computed, with its base and day-count basis.
    day_amounts: Vec<Option<(Decimal, u32, Decimal)>>,
    /// The last percentage fee computed: base, rate and `round(base × rate)`
    /// (an installment's fee is the same every month).
    fee_memo: Option<(Decimal, Decimal, Decimal)>,
    /// The day-count pieces of the interval being accrued.
    pieces_buf: Vec<(NaiveDate, NaiveDate, i64, u32)>,
    /// Reused by every payment.
    recv: Vec<Receivable>,
    alloc: AllocBuf,
    /// The direct payment path, when the waterfall and the schedule allow
    /// it ([`fastpay`](super::fastpay)).
    fast: Option<Plan>,
    /// No amount owed can be negative: nothing negative was ever added to
    /// what is due. The direct payment path relies on it.
    nonneg: bool,
}

impl<'a> Engine<'a> {
    pub(crate) fn new(
        loan: &'a Loan,
        policy: &'a AccrualPolicy,
        keep_from: NaiveDate,
    ) -> Result<Self> {
        let terms = loan.terms();
        let penalty_rate = match policy.penalty() {
            Some(p) => Some(p.annual_rate(terms.rate())?.annual()),
            None => None,
        };
        let penalty_dc = policy
            .penalty()
            .and_then(|p| p.day_count)
            .unwrap_or(terms.day_count());
        let cap = match &policy.caps().annualized {
            Some(c) => {
                let rate = match &c.rate {
                    CapRate::Fixed { rate } => rate.annual(),
                    CapRate::LprMultiple { multiple, table } => {
                        let lpr = table.on(terms.disbursement_date())?.rate.annual();
                        lpr.checked_mul(*multiple)
                            .ok_or_else(|| Error::overflow("multiply", lpr, multiple))?
                    }
                };
                Some((
                    rate,
                    c.day_count.unwrap_or(DayCount::Act365Fixed),
                    RuleId::new(&c.rule.id),
                ))
            }
            None => None,
        };
        let n = loan.obligations().len();
        Ok(Engine {
            loan,
            policy,
            obligations: loan.obligations(),
            book: Book::new(loan.currency(), loan.obligations())?,
            dp: loan.currency().minor_units(),
            keep_from,
            penalty_rate,
            penalty_dc,
            cap,
            cap_days: Decimal::ZERO,
            cap_limit: None,
            cap_floor: None,
            cap_used_units: 0,
            cap_used_rest: Decimal::ZERO,
            penalty_rule: RuleId::new(policy.penalty().map_or("", |p| p.rule.id.as_str())),
            fee_rules: policy
                .late_fees()
                .iter()
                .map(|f| RuleId::new(&f.rule.id))
                .collect(),
            fee_caps: [
                RuleId::new("caps.fees_per_installment"),
                RuleId::new("caps.fees_per_loan"),
            ],
            fees_total: Decimal::ZERO,
            fees_by_installment: vec![Decimal::ZERO; n],
            fee_next: vec![None; n * policy.late_fees().len()],
            records: Vec::new(),
            cursor: terms.disbursement_date(),
            charged_off: false,
            first_open: 0,
            overdue_i: 0,
            principal_outstanding: terms.principal().amount(),
            matured_first: {
                let rules = policy.waterfall().rules();
                let first_advance = rules.iter().position(|r| r.due_type == DueType::InAdvance);
                let last_matured = rules.iter().rposition(|r| r.due_type != DueType::InAdvance);
                match (first_advance, last_matured) {
                    (Some(a), Some(m)) => a > m,
                    _ => true,
                }
            },
            advance_prefix: policy.waterfall().in_advance_prefix(),
            last_rec: vec![usize::MAX; 2 * n],
            day_amounts: vec![None; 2 * n],
            pieces_buf: Vec::new(),
            fee_memo: None,
            recv: Vec::new(),
            alloc: AllocBuf::default(),
            fast: Plan::new(policy.waterfall(), loan.obligations()),
            nonneg: true,
        })
    }

    fn money(&self, d: Decimal) -> Money {
        Money::new(d, self.loan.currency())
    }

    /// Replays and accrues up to (not including) `to`.
    pub(crate) fn run(&mut self, to: NaiveDate) -> Result<()> {
        let last_day = to.pred_opt().unwrap_or(to);
        let txs = self.loan.ledger().effective(last_day);
        let mut tx_i = 0;
        let mut due_i = 0;
        let start = self.cursor;
        // Transactions dated on the start day.
        while tx_i < txs.len() && txs[tx_i].value_date() <= start {
            self.apply_tx(txs[tx_i])?;
            tx_i += 1;
        }
        while self.cursor < to {
            while due_i < self.obligations.len() && self.obligations[due_i].due_date < self.cursor {
                due_i += 1;
            }
            let mut next = to;
            if let Some(t) = txs.get(tx_i) {
                next = next.min(t.value_date());
            }
            if let Some(o) = self.obligations.get(due_i) {
                if let Some(d) = o.due_date.succ_opt() {
                    next = next.min(d);
                }
            }
            let nf = self.policy.late_fees().len();
            for (d, _, _) in self.fee_next
                [self.first_open.min(self.overdue_i) * nf..self.overdue_i * nf]
                .iter()
                .flatten()
            {
                if *d > self.cursor {
                    next = next.min(*d);
                }
            }
            if self.keep_from > self.cursor {
                next = next.min(self.keep_from);
            }
            if let Some(stop) = self.stop_date() {
                if stop > self.cursor {
                    next = next.min(stop);
                }
            }
            if next <= self.cursor {
                next = self
                    .cursor
                    .succ_opt()
                    .ok_or_else(|| Error::date_out_of_range("accrual", self.cursor))?;
            }
            self.accrue_interval(self.cursor, next)?;
            self.cursor = next;
            if next >= to {
                break;
            }
            // Installments falling overdue today start their fee clocks.
            while self.overdue_i < self.obligations.len()
                && self.obligations[self.overdue_i].due_date < next
            {
                let i = self.overdue_i;
                self.overdue_i += 1;
                let o = &self.obligations[i];
                if o.due_date.succ_opt() == Some(next) {
                    for (j, fee) in self.policy.late_fees().iter().enumerate() {
                        let first = o
                            .due_date
                            .checked_add_days(chrono::Days::new(u64::from(fee.after_days.max(1))))
                            .ok_or_else(|| Error::date_out_of_range("late_fee.date", o.due_date))?;
                        self.fee_next[i * self.policy.late_fees().len() + j] =
                            Some((first, first, 0));
                    }
                }
            }
            while tx_i < txs.len() && txs[tx_i].value_date() <= next {
                self.apply_tx(txs[tx_i])?;
                tx_i += 1;
            }
            self.fire_fees(next)?;
        }
        Ok(())
    }

    fn overdue_since(&self, day: NaiveDate) -> Option<NaiveDate> {
        let tol = self.policy.tolerance();
        self.obligations[self.first_open..]
            .iter()
            .zip(&self.book.slots[self.first_open..])
            .take_while(|(o, _)| o.due_date < day)
            .find(|(_, s)| s.open_total() > tol)
            .map(|(o, _)| o.due_date)
    }

    /// The first day on which accrual is stopped by `stop.at_dpd`, for the
    /// current overdue-since date.
    fn stop_date(&self) -> Option<NaiveDate> {
        let at = self.policy.stop().at_dpd?;
        let since = self.overdue_since(self.cursor.succ_opt()?)?;
        since.checked_add_days(chrono::Days::new(u64::from(at)))
    }

    fn stopped(&self, day: NaiveDate) -> bool {
        if self.charged_off && self.policy.stop().at_charge_off {
            return true;
        }
        let Some(at) = self.policy.stop().at_dpd else {
            return false;
        };
        self.overdue_since(day)
            .is_some_and(|since| (day - since).num_days() >= i64::from(at))
    }

    fn advance_first_open(&mut self) {
        while self.first_open < self.book.slots.len() && self.book.slots[self.first_open].settled()
        {
            self.first_open += 1;
        }
    }

    /// Fills `self.recv` with what the open installments owe: only the
    /// matured ones if `matured`; else every open one, or, when the
    /// waterfall fills future installments in order, only as many as
    /// `left` can reach.
    fn receivables(&mut self, date: NaiveDate, matured: bool, left: Decimal) {
        let prefix = if matured { None } else { self.advance_prefix };
        let mut reach = Decimal::ZERO;
        self.recv.clear();
        for (o, s) in self.obligations[self.first_open..]
            .iter()
            .zip(&self.book.slots[self.first_open..])
        {
            if matured && o.due_date > date {
                break;
            }
            if let Some(mask) = prefix {
                if o.due_date > date {
                    if reach >= left {
                        break;
                    }
                    for (k, c) in Component::ALL.into_iter().enumerate() {
                        if mask[k] {
                            reach = reach.saturating_add(s.open(c));
                        }
                    }
                }
            }
            let mut out = Breakdown::zero(self.book.currency);
            for c in Component::ALL {
                out.set(c, s.open(c));
            }
            self.recv.push(Receivable {
                seq: o.seq,
                due_date: o.due_date,
                outstanding: out,
            });
        }
    }

    fn pay(&mut self, amount: Money, date: NaiveDate, matured: bool) -> Result<Money> {
        if let Some(plan) = &self.fast {
            if !matured
                && self.nonneg
                && amount.is_positive()
                && amount.currency() == self.book.currency
            {
                let left = fastpay::pay(
                    &mut self.book,
                    self.obligations,
                    self.first_open,
                    plan,
                    amount.amount(),
                    date,
                    &mut self.principal_outstanding,
                )?;
                return Ok(self.money(left));
            }
        }
        self.receivables(date, matured, amount.amount());
        let overpayment = allocate_into(
            amount,
            date,
            &self.recv,
            self.policy.waterfall(),
            &mut self.alloc,
        )?;
        for k in 0..self.alloc.parts.len() {
            let part = self.alloc.parts[k];
            let idx = self.index_of(part.seq);
            let a = part.amount.amount();
            self.book.slots[idx].add_paid(part.component, a)?;
            self.book.slots[idx].refresh(date);
            if part.component == Component::Principal {
                self.principal_outstanding = self
                    .principal_outstanding
                    .checked_sub(a)
                    .ok_or_else(|| Error::overflow("subtract", self.principal_outstanding, a))?;
            }
        }
        Ok(overpayment)
    }

    fn total_principal(&self) -> Decimal {
        self.book
            .slots
            .iter()
            .map(|s| s.open(Component::Principal))
            .fold(Decimal::ZERO, Decimal::saturating_add)
    }

    fn apply_tx(&mut self, tx: &crate::loan::Transaction) -> Result<()> {
        let date = tx.value_date();
        match tx.kind() {
            TxKind::Repayment { amount } => {
                let has_future = self.obligations[self.first_open..]
                    .iter()
                    .any(|o| o.due_date > date);
                // With a bounded in-advance reach one pass over the matured
                // installments and the reachable future ones is as cheap.
                let two_step = self.matured_first && has_future && self.advance_prefix.is_none();
                let mut left = *amount;
                if !two_step
                    || self.obligations[self.first_open..]
                        .iter()
                        .any(|o| o.due_date <= date)
                {
                    // Matured installments first; only what is left looks at
                    // the future ones (the same result as one pass, cheaper).
                    left = self.pay(left, date, two_step)?;
                }
                if left.is_positive() && two_step {
                    self.advance_first_open();
                    left = self.pay(left, date, false)?;
                }
                self.book.add_credit(left.amount())?;
                self.advance_first_open();
            }
            TxKind::Charge {
                component,
                amount,
                installment,
                ..
            } => {
                self.nonneg &= amount.is_positive();
                self.book.charge(
                    self.obligations,
                    date,
                    *component,
                    amount.amount(),
                    *installment,
                )?;
                self.first_open = 0;
                self.advance_first_open();
                self.principal_outstanding = self.total_principal();
            }
            TxKind::Waiver {
                component,
                amount,
                installment,
                ..
            } => {
                self.nonneg &= amount.is_positive();
                self.book
                    .waive(date, *component, amount.amount(), *installment)?;
                self.advance_first_open();
                self.principal_outstanding = self.total_principal();
            }
            TxKind::ChargeOff => self.charged_off = true,
            _ => {}
        }
        Ok(())
    }

    fn index_of(&self, seq: u32) -> usize {
        // Schedules number installments 1, 2, ...: try the direct slot first.
        let direct = (seq as usize).wrapping_sub(1);
        if self.obligations.get(direct).is_some_and(|o| o.seq == seq) {
            return direct;
        }
        self.obligations
            .iter()
            .position(|o| o.seq == seq)
            .unwrap_or(0)
    }

    /// Cuts `amount` to what the annualised cap still allows, and books it.
    ///
    /// The allowance is held as an exact fraction (see `cap_days`), so the
    /// common case, `used + amount ≤ allowance`, is one multiplication and
    /// one comparison; only a binding cap divides, and the room it leaves
    /// is rounded toward zero to the minor unit.
    fn apply_cap(&mut self, amount: Decimal) -> Result<(Decimal, Option<RuleId>)> {
        let Some((rate, _, id)) = &self.cap else {
            return Ok((amount, None));
        };
        // Fast path: whole minor units under an earlier threshold.
        if let (Some(floor), true) = (self.cap_floor, self.cap_used_rest.is_zero()) {
            if let Some(used) = minor_units(amount, self.dp)
                .and_then(|units| self.cap_used_units.checked_add(units))
                // `used × CAP_DENOM ≤ threshold` iff `used ≤ floor`.
                .filter(|u| *u <= floor)
            {
                self.cap_used_units = used;
                return Ok((amount, None));
            }
        }
        let (limit, threshold) = match self.cap_limit {
            Some(l) => l,
            None => {
                let l = rate
                    .checked_mul(self.cap_days)
                    .ok_or_else(|| Error::overflow("multiply", rate, self.cap_days))?;
                // In minor units: used + amount fits iff its units times
                // CAP_DENOM are at most floor(limit × 10^dp).
                let t = Decimal::from(10u64.pow(self.dp))
                    .checked_mul(l)
                    .map(|x| x.floor())
                    .filter(|x| x.scale() == 0)
                    .map(|x| x.mantissa());
                self.cap_limit = Some((l, t));
                if !rate.is_sign_negative() {
                    self.cap_floor = t.map(|t| t.div_euclid(i128::from(CAP_DENOM)));
                }
                (l, t)
            }
        };
        // Fast path: whole minor units, integer arithmetic.
        if let (Some(t), true) = (threshold, self.cap_used_rest.is_zero()) {
            if let Some(units) = minor_units(amount, self.dp) {
                let used = self.cap_used_units.checked_add(units);
                if let Some(used) =
                    used.filter(|u| u.checked_mul(i128::from(CAP_DENOM)).is_some_and(|x| x <= t))
                {
                    self.cap_used_units = used;
                    return Ok((amount, None));
                }
            }
        }
        let used = Decimal::try_from_i128_with_scale(self.cap_used_units, self.dp)
            .ok()
            .and_then(|u| u.checked_add(self.cap_used_rest))
            .ok_or_else(|| Error::overflow("add", self.cap_used_units, self.cap_used_rest))?;
        let denom = Decimal::from(CAP_DENOM);
        let fits = used
            .checked_add(amount)
            .and_then(|x| x.checked_mul(denom))
            .is_some_and(|x| x <= limit);
        let (taken, by) = if fits {
            (amount, None)
        } else {
            let allowance = limit
                .checked_div(denom)
                .ok_or_else(|| Error::overflow("divide", limit, CAP_DENOM))?;
            let room = Rounding::TowardZero
                .round(allowance.saturating_sub(used).max(Decimal::ZERO), self.dp);
            (room.min(amount), (room < amount).then(|| id.clone()))
        };
        if let Some(units) = minor_units(taken, self.dp) {
            self.cap_used_units = self
                .cap_used_units
                .checked_add(units)
                .ok_or_else(|| Error::overflow("add", self.cap_used_units, taken))?;
        } else {
            self.cap_used_rest = self
                .cap_used_rest
                .checked_add(taken)
                .ok_or_else(|| Error::overflow("add", self.cap_used_rest, taken))?;
        }
        Ok((taken, by))
    }

    fn accrue_interval(&mut self, start: NaiveDate, end: NaiveDate) -> Result<()> {
        if self.stopped(start) {
            return Ok(());
        }
        let keep = start >= self.keep_from;
        let actual = (end - start).num_days();
        // Cap allowance: the cap rate on the unpaid principal, for every day
        // on which something is overdue (interp. [U] of Art. 29: the 4 × LPR
        // ceiling is read as an annual rate on the principal still owed).
        if let Some((_, cap_dc, _)) = &self.cap {
            let cap_dc = *cap_dc;
            let any_overdue = self.obligations[self.first_open..]
                .iter()
                .zip(&self.book.slots[self.first_open..])
                .take_while(|(o, _)| o.due_date < start)
                .any(|(_, s)| !s.settled());
            if any_overdue && !self.principal_outstanding.is_zero() {
                for (_, _, days, basis) in pieces(cap_dc, start, end, actual) {
                    let weight = days
                        .checked_mul(CAP_DENOM / i64::from(basis.max(1)))
                        .ok_or_else(|| Error::overflow("multiply", days, CAP_DENOM))?;
                    let add = self
                        .principal_outstanding
                        .checked_mul(Decimal::from(weight))
                        .ok_or_else(|| {
                            Error::overflow("cap allowance", self.principal_outstanding, weight)
                        })?;
                    self.cap_days = self
                        .cap_days
                        .checked_add(add)
                        .ok_or_else(|| Error::overflow("add", self.cap_days, add))?;
                    self.cap_limit = None;
                    if add.is_sign_negative() {
                        self.cap_floor = None;
                    }
                }
            }
        }
        let Some(rate) = self.penalty_rate else {
            return Ok(());
        };
        let compound = match self.policy.penalty() {
            Some(p) => p.compound,
            None => return Ok(()),
        };
        self.pieces_buf.clear();
        for i in self.first_open..self.obligations.len() {
            if self.obligations[i].due_date >= start {
                break;
            }
            let slot = &self.book.slots[i];
            let principal = slot.open(Component::Principal);
            let interest = slot.open(Component::Interest);
            let mut bases = [
                (AccrualKind::PenaltyInterest, principal),
                (AccrualKind::CompoundInterest, Decimal::ZERO),
            ];
            if compound {
                bases[1].1 = interest;
            }
            for (kind, base) in bases {
                if base.is_zero() {
                    continue;
                }
                if self.pieces_buf.is_empty() {
                    self.pieces_buf
                        .extend(pieces(self.penalty_dc, start, end, actual));
                }
                let k = 2 * i + usize::from(kind != AccrualKind::PenaltyInterest);
                for p in 0..self.pieces_buf.len() {
                    let (s, e, days, basis) = self.pieces_buf[p];
                    let uncapped = match self.policy.posting() {
                        Posting::Daily => self
                            .day_amount(k, base, rate, basis)?
                            .checked_mul(Decimal::from(days))
                            .ok_or_else(|| Error::overflow("multiply", base, days))?,
                        Posting::Period => {
                            let r = rate
                                .checked_mul(Decimal::from(days))
                                .ok_or_else(|| Error::overflow("multiply", rate, days))?;
                            mul_div_round(
                                base,
                                r,
                                i64::from(basis),
                                self.dp,
                                self.policy.rounding(),
                            )?
                        }
                    };
                    let (amount, capped_by) = self.apply_cap(uncapped)?;
                    self.nonneg &= !amount.is_sign_negative();
                    self.book.slots[i].add_due(Component::Penalty, amount)?;
                    if keep {
                        if capped_by.is_none()
                            && self.extend_last(
                                i,
                                kind,
                                (s, e, days, basis),
                                base,
                                uncapped,
                                amount,
                            )?
                        {
                            continue;
                        }
                        self.last_rec[k] = self.records.len();
                        self.records.push(Accrual {
                            kind,
                            component: Component::Penalty,
                            installment: self.obligations[i].seq,
                            from: s,
                            to: e,
                            base: self.money(base),
                            rate: Some(rate),
                            days,
                            basis,
                            day_count: Some(self.penalty_dc),
                            posting: self.policy.posting(),
                            rounding: self.policy.rounding(),
                            uncapped: self.money(uncapped),
                            amount: self.money(amount),
                            rule: self.penalty_rule.clone(),
                            capped_by,
                        });
                    }
                }
            }
        }
        Ok(())
    }

    /// `round(base × rate / basis)`, the daily amount of [`Posting::Daily`],
    /// kept per installment and kind (`k`, as `last_rec`) while the base and
    /// basis stay the same.
    fn day_amount(
        &mut self,
        k: usize,
        base: Decimal,
        rate: Decimal,
        basis: u32,
    ) -> Result<Decimal> {
        if let Some((b, bs, amount)) = self.day_amounts[k] {
            if bs == basis && b.scale() == base.scale() && b.mantissa() == base.mantissa() {
                return Ok(amount);
            }
        }
        let amount = mul_div_round(
            base,
            rate,
            i64::from(basis),
            self.dp,
            self.policy.rounding(),
        )?;
        self.day_amounts[k] = Some((base, basis, amount));
        Ok(amount)
    }

    /// `round(base × rate)`, from `fee_memo` when base and rate are the same
    /// (to the bit).
    fn fee_amount(&mut self, base: Decimal, rate: Decimal) -> Result<Decimal> {
        if let Some((b, r, amount)) = self.fee_memo {
            if b.serialize() == base.serialize() && r.serialize() == rate.serialize() {
                return Ok(amount);
            }
        }
        let amount = mul_div_round(base, rate, 1, self.dp, self.policy.rounding())?;
        self.fee_memo = Some((base, rate, amount));
        Ok(amount)
    }

    /// With daily posting, a piece that continues the last record of the
    /// same installment and kind on the same base, rate and basis, neither
    /// cut by a cap, extends that record instead of starting one: the
    /// record's days are still `[from, to)` at one per-day amount, so it
    /// recomputes exactly. Returns whether it did.
    fn extend_last(
        &mut self,
        i: usize,
        kind: AccrualKind,
        (s, e, days, basis): (NaiveDate, NaiveDate, i64, u32),
        base: Decimal,
        uncapped: Decimal,
        amount: Decimal,
    ) -> Result<bool> {
        if self.policy.posting() != Posting::Daily {
            return Ok(false);
        }
        let ix = self.last_rec[2 * i + usize::from(kind != AccrualKind::PenaltyInterest)];
        let Some(r) = self.records.get_mut(ix) else {
            return Ok(false);
        };
        if r.to != s || r.basis != basis || r.capped_by.is_some() || r.base.amount() != base {
            return Ok(false);
        }
        let sum = |a: Money, b: Decimal| {
            a.amount()
                .checked_add(b)
                .map(|x| Money::new(x, a.currency()))
                .ok_or_else(|| Error::overflow("add", a, b))
        };
        r.uncapped = sum(r.uncapped, uncapped)?;
        r.amount = sum(r.amount, amount)?;
        r.days = r
            .days
            .checked_add(days)
            .ok_or_else(|| Error::overflow("add", r.days, days))?;
        r.to = e;
        Ok(true)
    }

    fn fire_fees(&mut self, day: NaiveDate) -> Result<()> {
        let nf = self.policy.late_fees().len();
        if nf == 0 || self.stopped(day) {
            return Ok(());
        }
        for i in self.first_open..self.overdue_i {
            for j in 0..nf {
                let k = i * nf + j;
                let Some((next, anchor, count)) = self.fee_next[k] else {
                    continue;
                };
                if next != day {
                    continue;
                }
                let fee = &self.policy.late_fees()[j];
                let slot = &self.book.slots[i];
                if cmp_dec(slot.open_total(), self.policy.tolerance()).is_le() {
                    self.fee_next[k] = None;
                    continue;
                }
                self.fee_next[k] =
                    next_fee_date(fee, next, anchor, count + 1).map(|d| (d, anchor, count + 1));
                self.charge_fee(i, j, fee, day)?;
            }
        }
        Ok(())
    }

    fn charge_fee(&mut self, i: usize, j: usize, fee: &LateFeeRule, day: NaiveDate) -> Result<()> {
        let slot = &self.book.slots[i];
        let o = &self.obligations[i];
        let (base, rate) = match &fee.base {
            FeeBase::Flat { amount } => (*amount, None),
            FeeBase::Installment { rate } => (
                o.due
                    .amount(Component::Principal)
                    .saturating_add(o.due.amount(Component::Interest)),
                Some(*rate),
            ),
            FeeBase::OverduePrincipal { rate } => (slot.open(Component::Principal), Some(*rate)),
            FeeBase::OverduePrincipalAndInterest { rate } => (
                slot.open(Component::Principal)
                    .saturating_add(slot.open(Component::Interest)),
                Some(*rate),
            ),
            FeeBase::UnpaidMinimum { rate } => (slot.open_total(), Some(*rate)),
        };
        let mut uncapped = match rate {
            Some(r) => self.fee_amount(base, r)?,
            None => base,
        };
        if let Some(min) = fee.min {
            // `Decimal::max`: the first unless it is less.
            if cmp_dec(uncapped, min).is_lt() {
                uncapped = min;
            }
        }
        if let Some(max) = fee.max {
            // `Decimal::min`: the first unless it is greater.
            if cmp_dec(uncapped, max).is_gt() {
                uncapped = max;
            }
        }
        let mut amount = uncapped;
        let mut capped_by = None;
        let caps = self.policy.caps();
        if let Some(limit) = caps.fees_per_installment {
            let room = (limit.saturating_sub(self.fees_by_installment[i])).max(Decimal::ZERO);
            if amount > room {
                amount = room;
                capped_by = Some(self.fee_caps[0].clone());
            }
        }
        if let Some(limit) = caps.fees_per_loan {
            let room = (limit.saturating_sub(self.fees_total)).max(Decimal::ZERO);
            if amount > room {
                amount = room;
                capped_by = Some(self.fee_caps[1].clone());
            }
        }
        let (amount, by) = self.apply_cap(amount)?;
        if by.is_some() {
            capped_by = by;
        }
        self.fees_by_installment[i] = self.fees_by_installment[i].saturating_add(amount);
        self.fees_total = self.fees_total.saturating_add(amount);
        self.nonneg &= !amount.is_sign_negative();
        self.book.slots[i].add_due(Component::Fee, amount)?;
        self.book.slots[i].refresh(day);
        if day >= self.keep_from {
            self.records.push(Accrual {
                kind: AccrualKind::LateFee,
                component: Component::Fee,
                installment: self.obligations[i].seq,
                from: day,
                to: day.succ_opt().unwrap_or(day),
                base: self.money(base),
                rate,
                days: 0,
                basis: 0,
                day_count: None,
                posting: self.policy.posting(),
                rounding: self.policy.rounding(),
                uncapped: self.money(uncapped),
                amount: self.money(amount),
                rule: self.fee_rules[j].clone(),
                capped_by,
            });
        }
        Ok(())
    }
}

/// A common multiple of every day-count basis (360, 365, 366), so that the
/// cap allowance is an exact fraction with this denominator.
const CAP_DENOM: i64 = 360 * 4453;

fn next_fee_date(
    fee: &LateFeeRule,
    last: NaiveDate,
    anchor: NaiveDate,
    count: u32,
) -> Option<NaiveDate> {
    match fee.recurrence {
        Recurrence::Once => None,
        Recurrence::EveryDays { days } => {
            last.checked_add_days(chrono::Days::new(u64::from(days.max(1))))
        }
        Recurrence::Monthly => add_months_clamped(anchor, count),
    }
}
