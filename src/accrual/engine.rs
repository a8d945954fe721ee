//! The accrual engine: replays a loan's ledger by events and accrues penalty
//! interest, compound interest and late fees between them, within the caps.

use chrono::NaiveDate;
use rust_decimal::Decimal;

mod fees;
mod held;
mod lazy;
mod payments;
mod posting;
mod report;
mod stop;
mod terms;

pub use report::{Accrual, AccrualKind, AccrualReport, CapTerms};
use terms::cap_terms;
pub(super) use terms::{annual_cap, cap_rate, matured_first, penalty_terms};

use super::cap::AnnualCap;
use super::clocks::FeeClocks;
use super::fastpay::{self, Plan};
use super::pieces::{anchored_days, is_thirty, push_pieces};
use super::policy::{AccrualPolicy, FeeBase, LateFeeRule, Posting};
use crate::allocation::{allocate_into, AllocBuf, Receivable};
use crate::calendar::DayCount;
use crate::error::{Error, Result};
use crate::loan::{Book, Breakdown, Component, Loan, Obligation, TxKind};
use crate::money::{cmp_dec, mul_div_round, Money};
use crate::rule::RuleId;

/// Accrues penalty interest, compound interest and late fees on `loan` for
/// the days `from..to` (half-open), under `policy`.
///
/// The ledger is replayed from disbursement by events (transactions, the day
/// after each due date, the day after a chargeback that made an installment
/// overdue before its due date, fee dates, the stop date, `from`, `to`), never day by
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
/// as accruing `[a, b)` and `[b, c)`, to the cent, for any `b`, while no
/// cap binds and the ledger as known at `b − 1` is the
/// one known at `c − 1` for the days before `b`. A reversal or a backdated
/// transaction recorded later changes what `[a, b)` should have accrued,
/// and no record of `[b, c)` carries the difference (its position does):
/// re-accrue from the earliest day it touches and book the difference.
///
/// A day count of the 30/360 family is not additive (the 30th to the 31st
/// is no day, the 31st to the 1st one, or the other way round, depending on
/// where a count starts): an installment's days are counted from its due
/// date, `dc(due, to) − dc(due, from)` for a record `[from, to)`, so that no
/// cut (a fee date, another installment falling due, the window's start)
/// changes them.
///
/// Because `from` is one of the events, the window's start can change
/// amounts where cutting an interval in two does: with
/// [`Posting::Period`] (each posting is rounded), or an annualised cap that
/// binds (the allowance grows interval by interval).
/// There the position at `to` may differ by rounding from that of a window
/// that starts elsewhere; start windows at the disbursement date, or on the
/// same dates, when positions are compared. With daily posting, an Act day
/// count and no cap cut, the position does not depend on `from` (the
/// `accrue_paths` fuzz target checks it).
///
/// A chargeback against an installment not yet due makes the installment
/// overdue from the chargeback's date for the days past due, the stop rule,
/// the annualised cap's allowance and the position
/// (`ref.fineract.chargeback`), but its
/// 罚息, compound interest and late fees run from its due date: RULES.md
/// does not say whether their base would then be the charged-back amount or
/// the whole installment (which is not yet due).
///
/// The stop rule [`StopRule::at_dpd`](super::StopRule::at_dpd) is checked
/// on the first day of each interval. An installment whose outstanding total
/// is within the policy's tolerance is not overdue for the stop (nor for the
/// days past due and late fees), while 罚息 and compound interest still
/// accrue on it ([`AccrualPolicy::with_tolerance`]); with daily postings the
/// penalty accruing on it can lift it above the tolerance on any day, so
/// that day is an event too and the stop takes effect on it, as in a
/// day-by-day replay (with period postings nothing is posted between
/// events).
///
/// Cost: the common case (a ledger of repayments, reversals and
/// charge-offs, a waterfall that pays installments in order, amounts within
/// 64 bits) is replayed on integers with the same operations and the same
/// result, scales included; anything else goes through `Decimal`
/// arithmetic.
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
    accrue_with(loan, from, to, policy, Paths::default())
}

/// The engine's shortcuts, each with results identical to going without it
/// (the tests check it).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Paths {
    /// The direct payment path ([`fastpay`]).
    pub(crate) direct_pay: bool,
    /// Runs of daily postings carried forward ([`lazy`]).
    pub(crate) runs: bool,
    /// The fixed-point replay ([`fixed`](super::fixed)), where it applies.
    pub(crate) fixed: bool,
}

impl Default for Paths {
    fn default() -> Paths {
        Paths {
            direct_pay: true,
            runs: true,
            fixed: true,
        }
    }
}

/// [`accrue`], with the engine's shortcuts on or off.
pub(crate) fn accrue_with(
    loan: &Loan,
    from: NaiveDate,
    to: NaiveDate,
    policy: &AccrualPolicy,
    paths: Paths,
) -> Result<AccrualReport> {
    if to <= from {
        return Err(Error::invalid(
            "to",
            to,
            format!("must be after `from` = `{from}`"),
        ));
    }
    policy.validate()?;
    policy.check_currency(loan.currency())?;
    let cap = cap_terms(loan, policy)?;
    if paths.fixed {
        if let Some(mut report) = super::fixed::accrue(loan, from, to, policy) {
            report.cap = cap;
            return Ok(report);
        }
    }
    let mut engine = Engine::new(loan, policy, from)?;
    if !paths.direct_pay {
        engine.fast = None;
    }
    engine.lazy = paths.runs;
    engine.run(to)?;
    let last_day = to.pred_opt().unwrap_or(to);
    let held = engine.held_total()?;
    let position = engine.book.into_position(loan.obligations(), last_day)?;
    let rules = policy.cited_rules(&engine.records);
    Ok(AccrualReport {
        from,
        to,
        records: engine.records,
        position,
        held,
        rules,
        cap,
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
    /// The annualised cost cap, if the policy has one.
    cap: Option<AnnualCap>,
    /// Rule ids, shared by the records: penalty, each late fee, the fee
    /// caps per installment and per loan.
    penalty_rule: RuleId,
    /// What compound-interest records cite.
    compound_rule: RuleId,
    fee_rules: Vec<RuleId>,
    fee_caps: [RuleId; 2],
    fees_total: Decimal,
    /// Per installment, how much of its waived penalty and fees (in that
    /// order) later charges have reinstated (`count_posted`).
    reinstated: Vec<[Decimal; 2]>,
    fees_by_installment: Vec<Decimal>,
    /// When each installment's late fees fall due.
    clocks: FeeClocks,
    pub(crate) records: Vec<Accrual>,
    cursor: NaiveDate,
    charged_off: bool,
    /// The cap's allowance grows on the overdue principal
    /// ([`CapBase::OverduePrincipal`](super::CapBase::OverduePrincipal)).
    cap_on_overdue: bool,
    /// A chargeback has made an installment not yet due overdue from its
    /// date (`ref.fineract.chargeback`): "overdue" then reads each
    /// installment's [`overdue_from`](crate::loan::InstallmentPosition::overdue_from).
    chargebacks: bool,
    /// The day after the last chargeback that made an installment not yet
    /// due overdue: from it that installment counts as overdue (for the
    /// annualised cap's allowance), so an interval ends there.
    charged_back_from: Option<NaiveDate>,
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
    /// what is due. The direct payment path and the runs rely on it.
    nonneg: bool,
    /// Whether daily postings may be carried forward as runs ([`lazy`]).
    lazy: bool,
    runs: lazy::Runs,
    /// [`CapExcess::Deferred`](super::CapExcess::Deferred): cap cuts are
    /// held in `held`, in the order of the cuts.
    defer: bool,
    held: std::collections::VecDeque<held::Held>,
    /// What is owed may have fallen to the tolerance since the held
    /// amounts were last checked (`drop_paid_up`): a transaction, or a hold
    /// on an installment that owes no more.
    held_dirty: bool,
}

impl<'a> Engine<'a> {
    pub(crate) fn new(
        loan: &'a Loan,
        policy: &'a AccrualPolicy,
        keep_from: NaiveDate,
    ) -> Result<Self> {
        let terms = loan.terms();
        let pt = penalty_terms(loan, policy)?;
        let cap = annual_cap(loan, policy)?;
        let n = loan.obligations().len();
        Ok(Engine {
            loan,
            policy,
            obligations: loan.obligations(),
            book: Book::new(loan.currency(), loan.obligations())?,
            dp: loan.currency().minor_units(),
            keep_from,
            penalty_rate: pt.rate,
            penalty_dc: pt.day_count,
            cap,
            penalty_rule: pt.rule,
            compound_rule: pt.compound_rule,
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
            reinstated: vec![[Decimal::ZERO; 2]; n],
            fees_by_installment: vec![Decimal::ZERO; n],
            clocks: FeeClocks::new(n, policy.late_fees().len())
                .ok_or_else(|| Error::overflow("multiply", n, policy.late_fees().len()))?,
            records: Vec::new(),
            cursor: terms.disbursement_date(),
            charged_off: false,
            cap_on_overdue: policy.caps_on_overdue(),
            chargebacks: false,
            charged_back_from: None,
            first_open: 0,
            overdue_i: 0,
            principal_outstanding: terms.principal().amount(),
            matured_first: matured_first(policy),
            advance_prefix: policy.waterfall().in_advance_prefix(),
            last_rec: vec![usize::MAX; 2 * n],
            day_amounts: vec![None; 2 * n],
            pieces_buf: Vec::new(),
            fee_memo: None,
            recv: Vec::new(),
            alloc: AllocBuf::default(),
            fast: Plan::new(policy.waterfall(), loan.obligations()),
            nonneg: true,
            lazy: true,
            runs: lazy::Runs::with_capacity(2 * n),
            defer: policy.defers_cap_cuts(),
            held: std::collections::VecDeque::new(),
            held_dirty: true,
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
            // Fee clocks of installments from the first open one on.
            let from = self.first_open.min(self.overdue_i);
            if let Some(d) = self.clocks.earliest(self.cursor, from) {
                next = next.min(d);
            }
            if self.keep_from > self.cursor {
                next = next.min(self.keep_from);
            }
            if let Some(d) = self.charged_back_from.filter(|d| *d > self.cursor) {
                next = next.min(d);
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
            if let Some(cross) = self.tolerance_crossing(next)? {
                next = cross;
            }
            // Runs that a transaction at `next` would post at once are not
            // worth starting.
            let runs_ok = next < to && txs.get(tx_i).map_or(true, |t| t.value_date() > next);
            self.accrue_interval(self.cursor, next, runs_ok)?;
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
                    self.clocks
                        .start(i, o.due_date, self.policy.late_fees())
                        .ok_or_else(|| Error::date_out_of_range("late_fee.date", o.due_date))?;
                }
            }
            // A cut on an installment within the tolerance at the close of
            // its interval is never held (`CapExcess::Deferred`): drop it
            // before the day's transactions, which may lift the installment
            // over the tolerance.
            if self.held_dirty && txs.get(tx_i).is_some_and(|t| t.value_date() <= next) {
                self.settle_runs()?;
                self.drop_paid_up();
            }
            while tx_i < txs.len() && txs[tx_i].value_date() <= next {
                self.apply_tx(txs[tx_i])?;
                tx_i += 1;
            }
            self.drop_paid_up();
            self.fire_fees(next)?;
        }
        self.settle_runs()?;
        self.drop_paid_up();
        Ok(())
    }

    fn advance_first_open(&mut self) {
        while self.first_open < self.book.slots.len() && self.book.slots[self.first_open].settled()
        {
            self.first_open += 1;
        }
    }

    /// Cuts `amount` to what the annualised cap still allows, and books it
    /// (see [`AnnualCap::take`]).
    fn apply_cap(&mut self, amount: Decimal) -> Result<(Decimal, Option<RuleId>)> {
        match &mut self.cap {
            Some(cap) => cap.take(amount),
            None => Ok((amount, None)),
        }
    }

    fn accrue_interval(&mut self, start: NaiveDate, end: NaiveDate, runs_ok: bool) -> Result<()> {
        if self.stopped(start) {
            return self.settle_runs();
        }
        let keep = start >= self.keep_from;
        let actual = (end - start).num_days();
        // Cap allowance: the cap rate on the unpaid principal (or, on
        // `CapBase::OverduePrincipal`, the overdue principal), for every day
        // on which something is overdue (interp. [U] of Art. 29).
        if self.cap.is_some() {
            let any_overdue = self.overdue_slots(start).any(|s| !s.settled());
            let principal = if self.cap_on_overdue {
                self.overdue_slots(start)
                    .map(|s| s.open(Component::Principal))
                    .try_fold(Decimal::ZERO, |a, p| a.checked_add(p))
                    .ok_or_else(|| Error::overflow("add", "overdue principal", start))?
            } else {
                self.principal_outstanding
            };
            if let (true, Some(cap)) = (any_overdue && !principal.is_zero(), &mut self.cap) {
                cap.grow(principal, start, end, actual)?;
            }
            self.release_held((start, end), keep)?;
        }
        let Some(rate) = self.penalty_rate else {
            return Ok(());
        };
        let compound = match self.policy.penalty() {
            Some(p) => p.compound,
            None => return Ok(()),
        };
        let first = if self.continue_runs(start, end, actual, keep)? {
            self.runs.upto
        } else {
            self.settle_runs()?;
            self.first_open
        };
        // Whether every piece posted below can go on as a run.
        // A 30/360 installment counts its days from its own anchor: no
        // runs shared across installments.
        let mut all = runs_ok
            && self.lazy
            && self.policy.posting() == Posting::Daily
            && !is_thirty(self.penalty_dc);
        let mut i = first;
        while i < self.obligations.len() {
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
                    push_pieces(self.penalty_dc, start, end, actual, &mut self.pieces_buf);
                }
                let k = 2 * i + usize::from(kind != AccrualKind::PenaltyInterest);
                // The last piece's daily amount, amount and cut, for a run.
                let mut posted = None;
                let mut per_day = Decimal::ZERO;
                for p in 0..self.pieces_buf.len() {
                    let (s, e, days, basis) = self.pieces_buf[p];
                    let days =
                        anchored_days(self.penalty_dc, self.obligations[i].due_date, s, e, days);
                    let uncapped = match self.policy.posting() {
                        Posting::Daily => {
                            per_day = self.day_amount(k, base, rate, basis)?;
                            per_day
                                .checked_mul(Decimal::from(days))
                                .ok_or_else(|| Error::overflow("multiply", base, days))?
                        }
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
                    let rule = match kind {
                        AccrualKind::CompoundInterest => &self.compound_rule,
                        _ => &self.penalty_rule,
                    }
                    .clone();
                    if capped_by.is_some() {
                        // Released from the cut interval's first day, all
                        // its pieces (Act/Act splits at 1 January) as one.
                        self.hold((i, kind, &rule), start, uncapped, amount)?;
                    }
                    posted = Some((amount, capped_by.is_some()));
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
                            rule,
                            capped_by,
                            fee_min: None,
                            fee_max: None,
                            released_from: None,
                        });
                    }
                }
                if all {
                    all = match posted {
                        Some(posted) if self.pieces_buf.len() == 1 => {
                            self.start_run((i, k), base, per_day, posted, keep)
                        }
                        _ => false,
                    };
                }
            }
            i += 1;
        }
        self.close_interval(end, i, keep, all)
    }
}
