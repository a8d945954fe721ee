//! The fixed-point replay: the accrual engine's common case on 64-bit
//! integers.
//!
//! [`accrue`](super::accrue) first tries this replay. It covers loans whose
//! ledger holds only repayments, reversals and charge-offs, under a
//! waterfall the direct payment path handles ([`fastpay`](super::fastpay)),
//! with every amount's mantissa within 64 bits and every amount the cap or
//! the position totals read at most the currency's places (a flat fee or a
//! fee bound with more places makes it give way); it holds each amount as
//! an [`Amt`]
//! (mantissa and scale, with `Decimal`'s rules for the scale of a result)
//! and walks the same events in the same order as the general engine, doing
//! the same operations on the same values. So its report is the general
//! engine's to the serialized byte, every scale included; the property
//! tests compare the two on random loans, ledgers and policies.
//!
//! It shares with the general engine what does not depend on the number
//! type: the fee clocks ([`clocks`](super::clocks)), the runs' bookkeeping
//! ([`runs`](super::runs)), the cap's binding cut, the day-count pieces and
//! the policy set-up. The event loop, the interval's postings, the fee
//! charge and the book are written twice, once per number type, function
//! for function under the same names (`Engine::accrue_interval` here is
//! `Replay::accrue_interval`, and so on); the property tests hold the two
//! to the same results. One engine generic over the number type is the
//! way to write them once.
//!
//! It walks events one of two ways. The interval loop (`Replay::run`)
//! accrues every interval between events, as the general engine does. The
//! event replay ([`lean`]) covers the common case (daily postings on a
//! one-piece Act day count, every record kept, no tolerance or DPD stop):
//! it keeps one accrual per installment and kind and posts it only when
//! something reads it, so an event costs what changes at it, not what is
//! overdue.
//!
//! Whatever it does not cover (a charge or waiver, a waterfall the direct
//! path cannot take, a stop at a DPD under a positive tolerance with daily
//! postings, a mantissa beyond 64 bits, a negative amount, any
//! error) makes it give way: it returns `None`, having changed nothing, and
//! the general engine runs. The rare step, a cap that binds, reuses the
//! general engine's `Decimal` code and converts exactly.

use chrono::NaiveDate;
use rust_decimal::Decimal;

mod amt;
mod book;
mod cap;
mod fees;
mod interval;
mod lean;
mod records;
mod runs;

use amt::Amt;
use book::FixedBook;
use cap::FixedCap;

use super::clocks::FeeClocks;
use super::engine::{annual_cap, matured_first, penalty_terms, AccrualKind, AccrualReport};
use super::fastpay::Plan;
use super::policy::{AccrualPolicy, Posting};
use crate::calendar::DayCount;
use crate::loan::{Breakdown, Component, Loan, Obligation, TxKind};
use crate::money::mul_div_round_units;
use crate::rule::RuleId;

/// `None`: give way to the general engine.
type Fx<T> = Option<T>;

/// [`accrue`](super::accrue) on integers, if this replay covers the case
/// (see the module docs); `None` otherwise. `policy` is valid and
/// `from < to`.
pub(super) fn accrue(
    loan: &Loan,
    from: NaiveDate,
    to: NaiveDate,
    policy: &AccrualPolicy,
) -> Option<AccrualReport> {
    // The stop at a DPD under a tolerance, with daily postings, cuts
    // intervals where the penalty lifts an installment above the tolerance
    // (`Engine::tolerance_crossing`); the general engine does that.
    if policy.stop().at_dpd.is_some()
        && policy.tolerance() > Decimal::ZERO
        && policy.posting() == Posting::Daily
        && policy.penalty().is_some()
    {
        return None;
    }
    let plan = Plan::new(policy.waterfall(), loan.obligations())?;
    let mut r = Replay::new(loan, policy, from, plan)?;
    r.run(to)?;
    // The allowance held back must still fit where the general engine's
    // holds it.
    if let Some(cap) = &mut r.cap {
        cap.flush()?;
    }
    let last_day = to.pred_opt().unwrap_or(to);
    let (records, firsts) = r.records()?;
    // The rules cited are those of the first record of each class and cap
    // (`cited_rules` keeps the order first cited).
    let rules = policy.cited_rules_of(firsts.iter().filter_map(|&n| records.get(n)));
    let position = r.book.into_position(loan, last_day)?;
    // Nothing is held: a deferred cut gives way (`Replay::apply_cap`).
    let held = r.defer.then(|| Breakdown::zero(loan.currency()));
    Some(AccrualReport {
        from,
        to,
        rules,
        records,
        position,
        held,
        cap: None,
    })
}

/// `b − a` in days (cheaper than chrono's `Duration`).
#[inline]
fn days_between(a: NaiveDate, b: NaiveDate) -> i64 {
    use chrono::Datelike;
    i64::from(b.num_days_from_ce()) - i64::from(a.num_days_from_ce())
}

/// A configured amount as an [`Amt`]: `None` if not set, `Some(None)` if
/// beyond 64 bits (the replay gives way if it is ever read).
type Bound = Option<Fx<Amt>>;

/// A record while the replay runs: [`Accrual`] with its amounts as [`Amt`].
#[derive(Debug, Clone)]
struct Rec {
    kind: AccrualKind,
    /// Installment index.
    i: usize,
    from: NaiveDate,
    to: NaiveDate,
    base: Amt,
    rate: Option<Decimal>,
    days: i64,
    basis: u32,
    uncapped: Amt,
    amount: Amt,
    /// Late fee rule index, for a late fee.
    fee: usize,
    capped_by: Option<Cut>,
}

/// The cap that cut a record while the replay runs (the report names its
/// rule): kept to a byte so that records stay small to move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cut {
    /// `caps.fees_per_installment`.
    FeesPerInstallment,
    /// `caps.fees_per_loan`.
    FeesPerLoan,
    /// The annualised cap (its rule's id).
    Annual,
}

struct Replay<'a> {
    loan: &'a Loan,
    policy: &'a AccrualPolicy,
    obligations: &'a [Obligation],
    book: FixedBook,
    dp: u32,
    keep_from: NaiveDate,
    penalty_rate: Option<Decimal>,
    /// What penalty and compound-interest records cite.
    penalty_rule: RuleId,
    compound_rule: RuleId,
    compound: bool,
    penalty_dc: DayCount,
    cap: Option<FixedCap>,
    tolerance: Amt,
    fees_total: Amt,
    fees_by_installment: Vec<Amt>,
    /// When each installment's late fees fall due.
    clocks: FeeClocks,
    fee_memo: Option<(Amt, Decimal, Amt)>,
    /// Each late fee rule's minimum and maximum, and the fee caps,
    /// converted once.
    fee_bounds: Vec<(Bound, Bound)>,
    fee_caps: (Bound, Bound),
    records: Vec<Rec>,
    /// Per installment and kind (penalty, compound): the index of the last
    /// record, `usize::MAX` for none, and the last daily amount with its
    /// base and basis.
    last_rec: Vec<usize>,
    day_amounts: Vec<Option<(Amt, u32, Amt)>>,
    pieces: Vec<(NaiveDate, NaiveDate, i64, u32)>,
    cursor: NaiveDate,
    charged_off: bool,
    first_open: usize,
    overdue_i: usize,
    principal_outstanding: Amt,
    matured_first: bool,
    advance_prefix: bool,
    runs: runs::Runs,
    /// The policy defers cap cuts (see `apply_cap`).
    defer: bool,
    /// The cap's allowance grows on the overdue principal.
    cap_on_overdue: bool,
    /// A cap cut gives way (the event replay would make it elsewhere).
    cuts_give_way: bool,
    /// The event replay's accruals ([`lean`]).
    lean: lean::Accruals,
}

impl<'a> Replay<'a> {
    fn new(
        loan: &'a Loan,
        policy: &'a AccrualPolicy,
        keep_from: NaiveDate,
        plan: Plan,
    ) -> Fx<Replay<'a>> {
        let pt = penalty_terms(loan, policy).ok()?;
        let cap = match annual_cap(loan, policy).ok()? {
            Some(c) => Some(FixedCap::new(&c)?),
            None => None,
        };
        let n = loan.obligations().len();
        let nf = policy.late_fees().len();
        Some(Replay {
            loan,
            policy,
            obligations: loan.obligations(),
            book: FixedBook::new(loan, plan)?,
            dp: loan.currency().minor_units(),
            keep_from,
            penalty_rate: pt.rate,
            penalty_rule: pt.rule,
            compound_rule: pt.compound_rule,
            compound: policy.penalty().is_some_and(|p| p.compound),
            penalty_dc: pt.day_count,
            cap,
            tolerance: Amt::from_dec(policy.tolerance())?,
            fees_total: Amt::ZERO,
            fees_by_installment: vec![Amt::ZERO; n],
            clocks: FeeClocks::new(n, nf)?,
            fee_memo: None,
            fee_bounds: policy
                .late_fees()
                .iter()
                .map(|f| (f.min.map(Amt::from_dec), f.max.map(Amt::from_dec)))
                .collect(),
            fee_caps: (
                policy.caps().fees_per_installment.map(Amt::from_dec),
                policy.caps().fees_per_loan.map(Amt::from_dec),
            ),
            // About one record per installment and kind, and late fees.
            records: Vec::with_capacity(n.saturating_mul(2 + nf).saturating_add(8)),
            // The interval loop's own state, sized when it runs.
            last_rec: Vec::new(),
            day_amounts: Vec::new(),
            pieces: Vec::new(),
            cursor: loan.terms().disbursement_date(),
            charged_off: false,
            first_open: 0,
            overdue_i: 0,
            principal_outstanding: Amt::from_dec(loan.terms().principal().amount())?,
            matured_first: matured_first(policy),
            advance_prefix: policy.waterfall().in_advance_prefix().is_some(),
            runs: runs::Runs::with_capacity(0),
            defer: policy.defers_cap_cuts(),
            cap_on_overdue: policy.caps_on_overdue(),
            cuts_give_way: false,
            lean: lean::Accruals::default(),
        })
    }

    /// Replays and accrues up to (not including) `to`: the general engine's
    /// loop, event for event.
    fn run(&mut self, to: NaiveDate) -> Fx<()> {
        let last_day = to.pred_opt().unwrap_or(to);
        let txs = self.loan.ledger().effective(last_day);
        let covered = txs.iter().all(|t| {
            matches!(
                t.kind(),
                TxKind::Repayment { .. }
                    | TxKind::ChargeOff
                    | TxKind::Disbursement { .. }
                    | TxKind::Reversal { .. }
            )
        });
        if !covered {
            return None;
        }
        let mut tx_i = 0;
        let mut due_i = 0;
        let start = self.cursor;
        while tx_i < txs.len() && txs[tx_i].value_date() <= start {
            self.apply_tx(txs[tx_i].kind(), txs[tx_i].value_date())?;
            tx_i += 1;
        }
        if self.lean_covers(&txs) {
            return self.run_lean(to, &txs, tx_i);
        }
        let n = self.obligations.len();
        self.last_rec = vec![usize::MAX; 2 * n];
        self.day_amounts = vec![None; 2 * n];
        self.runs = runs::Runs::with_capacity(2 * n);
        while self.cursor < to {
            while due_i < self.obligations.len() && self.obligations[due_i].due_date < self.cursor {
                due_i += 1;
            }
            let mut next = to;
            if let Some(t) = txs.get(tx_i) {
                next = next.min(t.value_date());
            }
            if let Some(d) = self
                .obligations
                .get(due_i)
                .and_then(|o| o.due_date.succ_opt())
            {
                next = next.min(d);
            }
            let from = self.first_open.min(self.overdue_i);
            if let Some(d) = self.clocks.earliest(self.cursor, from) {
                next = next.min(d);
            }
            if self.keep_from > self.cursor {
                next = next.min(self.keep_from);
            }
            if let Some(stop) = self.stop_date()? {
                if stop > self.cursor {
                    next = next.min(stop);
                }
            }
            if next <= self.cursor {
                next = self.cursor.succ_opt()?;
            }
            // Runs that a transaction at `next` would post at once are not
            // worth starting.
            let runs_ok = next < to && txs.get(tx_i).map_or(true, |t| t.value_date() > next);
            self.accrue_interval(self.cursor, next, runs_ok)?;
            self.cursor = next;
            if next >= to {
                break;
            }
            while self.overdue_i < self.obligations.len()
                && self.obligations[self.overdue_i].due_date < next
            {
                let i = self.overdue_i;
                self.overdue_i += 1;
                let o = &self.obligations[i];
                if o.due_date.succ_opt() == Some(next) {
                    self.clocks.start(i, o.due_date, self.policy.late_fees())?;
                }
            }
            while tx_i < txs.len() && txs[tx_i].value_date() <= next {
                self.apply_tx(txs[tx_i].kind(), txs[tx_i].value_date())?;
                tx_i += 1;
            }
            self.fire_fees(next)?;
        }
        self.settle_runs()
    }

    /// The due date of the oldest installment due before `day` that owes
    /// more than the tolerance (`Engine::overdue_since`); `Some(None)` if
    /// there is none; `None` to give way (an open total beyond 64 bits).
    fn overdue_since(&self, day: NaiveDate) -> Fx<Option<NaiveDate>> {
        let tol = self.tolerance;
        for (o, s) in self.obligations[self.first_open..]
            .iter()
            .zip(&self.book.slots[self.first_open..])
        {
            if o.due_date >= day {
                break;
            }
            if s.open_total()?.cmp_value(tol).is_gt() {
                return Some(Some(o.due_date));
            }
        }
        Some(None)
    }

    /// `Engine::stop_date`.
    fn stop_date(&self) -> Fx<Option<NaiveDate>> {
        let (Some(at), Some(day)) = (self.policy.stop().at_dpd, self.cursor.succ_opt()) else {
            return Some(None);
        };
        let since = self.overdue_since(day)?;
        Some(since.and_then(|s| s.checked_add_days(chrono::Days::new(u64::from(at)))))
    }

    /// `Engine::stopped`.
    fn stopped(&self, day: NaiveDate) -> Fx<bool> {
        if self.charged_off && self.policy.stop().at_charge_off {
            return Some(true);
        }
        let Some(at) = self.policy.stop().at_dpd else {
            return Some(false);
        };
        Some(
            self.overdue_since(day)?
                .is_some_and(|since| days_between(since, day) >= i64::from(at)),
        )
    }

    fn advance_first_open(&mut self) {
        while self
            .book
            .slots
            .get(self.first_open)
            .is_some_and(|s| s.settled())
        {
            self.first_open += 1;
        }
    }

    /// The annualised cap's cut of `amount`. A cut whose rest the policy
    /// defers ([`CapExcess::Deferred`](super::CapExcess::Deferred)) gives
    /// way: the general engine holds and releases it.
    fn apply_cap(&mut self, amount: Amt) -> Fx<(Amt, Option<Cut>)> {
        match &mut self.cap {
            Some(cap) => {
                let (taken, cut) = cap.take(amount)?;
                if cut && (self.defer || self.cuts_give_way) {
                    return None;
                }
                Some((taken, cut.then_some(Cut::Annual)))
            }
            None => Some((amount, None)),
        }
    }

    /// `round(base × rate / den)` to the currency's places.
    fn mul_div_round(&self, base: Amt, rate: Decimal, den: i64) -> Fx<Amt> {
        if den <= 0 {
            return None;
        }
        let q = mul_div_round_units(
            (i128::from(base.m), base.s),
            (rate.mantissa(), rate.scale()),
            den,
            self.dp,
            self.policy.rounding(),
        )?;
        Some(Amt {
            m: i64::try_from(q).ok()?,
            s: self.dp,
        })
    }

    /// Grows the cap's allowance over `[start, end)` (`actual` days), on
    /// what is owed as of `start`, while anything is overdue.
    fn grow_cap(&mut self, start: NaiveDate, end: NaiveDate, actual: i64) -> Fx<()> {
        if self.cap.is_none() {
            return Some(());
        }
        // The oldest installment that owes (due dates ascend: `Plan::new`
        // checks; it is nearly always `first_open`): something is overdue
        // iff it is.
        let mut oldest = self.first_open;
        while self.book.slots.get(oldest).is_some_and(|s| s.settled()) {
            oldest += 1;
        }
        let any_overdue = self
            .obligations
            .get(oldest)
            .is_some_and(|o| o.due_date < start);
        let principal = if self.cap_on_overdue {
            self.obligations[self.first_open..]
                .iter()
                .zip(&self.book.slots[self.first_open..])
                .take_while(|(o, _)| o.due_date < start)
                .try_fold(Amt::ZERO, |a, (_, s)| a.add(s.open(Component::Principal)))?
        } else {
            self.principal_outstanding
        };
        if let (true, Some(cap)) = (any_overdue && !principal.is_zero(), &mut self.cap) {
            cap.grow(principal, start, end, actual)?;
        }
        Some(())
    }

    fn apply_tx(&mut self, kind: &TxKind, date: NaiveDate) -> Fx<()> {
        // Everything below reads or changes what is owed.
        self.settle_runs()?;
        match kind {
            TxKind::Repayment { amount } => {
                if amount.currency() != self.loan.currency() || !amount.is_positive() {
                    return None;
                }
                // Due dates ascend (`Plan::new` checks): the last is the
                // latest, the first the earliest.
                let rest = &self.obligations[self.first_open..];
                let has_future = rest.last().is_some_and(|o| o.due_date > date);
                let two_step = self.matured_first && has_future && !self.advance_prefix;
                let mut left = Amt::from_dec(amount.amount())?;
                if !two_step || rest.first().is_some_and(|o| o.due_date <= date) {
                    left = self.pay(left, date, two_step)?;
                }
                if !left.is_zero() && !left.is_negative() && two_step {
                    self.advance_first_open();
                    left = self.pay(left, date, false)?;
                }
                self.book.credit = self.book.credit.add(left)?;
                self.advance_first_open();
            }
            TxKind::ChargeOff => self.charged_off = true,
            TxKind::Disbursement { .. } | TxKind::Reversal { .. } => {}
            _ => return None,
        }
        Some(())
    }

    /// Pays `amount` from the first open installment on (only those due by
    /// `date` if `matured`); returns what is left.
    fn pay(&mut self, amount: Amt, date: NaiveDate, matured: bool) -> Fx<Amt> {
        let mut principal = self.principal_outstanding;
        let left = self.book.pay(
            self.obligations,
            self.first_open,
            amount,
            date,
            matured,
            &mut principal,
        )?;
        self.principal_outstanding = principal;
        Some(left)
    }
}

#[cfg(test)]
mod tests;
