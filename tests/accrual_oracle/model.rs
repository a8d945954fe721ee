//! The day-by-day model: walks every calendar day from disbursement to
//! `to − 1` on integer cents, with its own waterfall, late-fee calendar, fee
//! caps and annualised-cap allowance. It reads the loan's schedule only.
//!
//! Day `d` is processed as:
//! 1. the day's effective repayments, in date then ledger order, allocated
//!    horizontally (past due oldest first, then due, then in advance next
//!    first, each installment by the waterfall's component order); what is
//!    left is credit;
//! 2. the late fees falling due on `d` (oldest installment first, rules in
//!    policy order within one), for installments still overdue (owing more
//!    than the tolerance) after the payments (else that fee's clock
//!    stops); each is cut by the fee caps, then by the annualised cap's
//!    room through `d − 1` (under `Deferred`, held payments are dropped
//!    first for installments paid up);
//! 3. the annualised cap's allowance grows, if some installment is past due
//!    with anything unpaid, by base principal × rate / 365 (exact);
//! 4. for each past-due installment, ascending (whatever the tolerance): its
//!    罚息 on its outstanding principal, then its 复利 on its outstanding
//!    contractual interest, each round(base × rate / basis), held until the
//!    interval closes.
//!
//! An interval closes on the day before an event (`is_event`, as the engine
//! splits them; see the entry file on fee dates): under
//! `CapExcess::Deferred` what is held is released first (`held.rs`); then
//! each installment's held 罚息 and then 复利, oldest installment first,
//! takes what the annualised cap's room through the interval's last day
//! leaves. A cut leaves the room rounded toward zero to the cent; the cut
//! part is never charged (`CapExcess::Waived`) or held (`Deferred`).

use arrears::accrual::{AccrualKind, Posting};
use arrears::loan::Loan;
use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;

use crate::case::{waterfall_of, Case, OBase, ORec};
use crate::conv::{self, cap_rate};
use crate::held::Deferred;
use crate::num::{
    add_months_clamped, cents, daily_amount, frac_amount, money_cents, round_cents, FEE, INT, PEN,
    PRI,
};
use crate::period::post_period;
use crate::stop::Stop;

/// One installment's state, in cents, by component index.
#[derive(Clone, Debug)]
pub struct MInst {
    pub seq: u32,
    pub due_date: NaiveDate,
    /// Scheduled principal + interest.
    pub sched: i128,
    pub due: [i128; 4],
    pub paid: [i128; 4],
    /// Waived by waivers in the ledger (`extras.rs`).
    pub waived: [i128; 4],
    /// Of `waived`, what later charges of the component reinstated
    /// (`Caps`: not counted against the caps again; `extras.rs`).
    pub reinstated: [i128; 4],
    /// `InstallmentPosition::chargeback_on` (`extras.rs`).
    pub cb_on: Option<NaiveDate>,
    /// The day after a chargeback that made this installment overdue
    /// before its due date: an event (`CapTerms`), as the day after a due
    /// date is.
    pub cb_event: Option<NaiveDate>,
    /// Late fees charged so far (after every cap; under `Deferred`, the
    /// held part too).
    pub fees_charged: i128,
    /// Per fee rule, its clock: the next date, the first date and the count
    /// of charges so far; `None` once stopped (`Recurrence`: charged again
    /// "while the installment stays overdue", so a date on which it owes no
    /// more than the tolerance stops the clock).
    pub clocks: Vec<Option<(NaiveDate, NaiveDate, u32)>>,
}

impl MInst {
    pub fn out(&self, c: usize) -> i128 {
        self.due[c] - self.paid[c] - self.waived[c]
    }
    pub fn out_total(&self) -> i128 {
        (0..4).map(|c| self.out(c)).sum()
    }
}

/// One day's accrual of one kind on one installment (one fee for fees).
#[derive(Clone, Debug)]
pub struct MAcc {
    pub kind: AccrualKind,
    pub inst: u32,
    pub day: NaiveDate,
    /// The fee rule's index in the policy, for a fee.
    pub fee_rule: usize,
    pub base: i128,
    /// Before every cap.
    pub uncapped: i128,
    /// After every cap.
    pub amount: i128,
    /// A fee cap (per installment or per loan) cut it.
    pub fee_cap_cut: bool,
    /// The annualised cap cut it.
    pub annual_cut: bool,
    /// The day's weight under the penalty day count (1 for Act; 0–3 for
    /// the 30/360 family, `conv.rs`); 0 for a fee.
    pub days: i128,
}

pub struct Model {
    pub insts: Vec<MInst>,
    /// Under `CapExcess::Deferred`: the releases and what is still held.
    pub deferred: Option<Deferred>,
    pub credit: i128,
    pub accs: Vec<MAcc>,
    pub penalty_rate: Decimal,
    /// The penalty rate is held to the cap rate (art28).
    pub rate_held: bool,
    /// Days on which accrual was stopped (a stop rule).
    pub stopped_days: u64,
    /// Events that only a tolerance crossing made (`stop.rs`).
    pub crossings: u64,
    /// Waivers' parts that found nothing to waive.
    pub unapplied: i128,
    /// The situations of stages 12-13's findings (`wide.rs`, fixed): a cut
    /// dropped at once at a close on an installment that the day's entries
    /// then lift over the tolerance; an entry naming no installment sent
    /// to one overdue only by a chargeback.
    pub lifted: bool,
    pub cb_target: bool,
}

/// The annualised cap's running state: the allowance as an exact fraction
/// `num / den` cents, and what has been charged against it.
struct Allowance {
    num: i128,
    den: i128,
    rate_mantissa: i128,
    charged: i128,
}

impl Allowance {
    /// Cuts `amount` to the room left (rounded toward zero to the cent) and
    /// books what it lets through; returns it.
    fn take(&mut self, amount: i128) -> i128 {
        let room = (self.num / self.den - self.charged).max(0);
        let through = amount.min(room);
        self.charged += through;
        through
    }
}

/// The clock's date after a charge on `last`, the `count`-th since `first`.
fn next_fee_date(rec: &ORec, last: NaiveDate, first: NaiveDate, count: u32) -> Option<NaiveDate> {
    match rec {
        ORec::Once => None,
        ORec::Every(n) => Some(last + Days::new(u64::from(*n))),
        ORec::Monthly => Some(add_months_clamped(first, count)),
    }
}

/// Whether `day` starts a new interval of the engine's replay (`accrue`'s
/// doc: transactions, the day after each due date, fee dates, `from`):
/// a payment, an installment's first past-due day, `from`, or the date of
/// a running fee clock of an installment from the first one not paid off
/// on (whether or not it owes more than the tolerance: see the report, a
/// doc gap aligned on the engine). The annualised cap checks the interest
/// of an interval's days against the allowance through its last day,
/// installment by installment, 罚息 then 复利.
fn is_event(c: &Case, insts: &[MInst], pays: &[(NaiveDate, usize, i128)], day: NaiveDate) -> bool {
    if day == c.from || pays.iter().any(|p| p.0 == day) {
        return true;
    }
    let first_open = insts
        .iter()
        .position(|i| i.out_total() > 0)
        .unwrap_or(insts.len());
    insts.iter().enumerate().any(|(k, i)| {
        i.due_date + Days::new(1) == day
            || i.cb_event == Some(day)
            || (k >= first_open && i.clocks.iter().any(|x| x.is_some_and(|x| x.0 == day)))
    })
}

/// Closes the interval `[from, to)`: under `CapExcess::Deferred`, what is
/// held is released first (`held.rs`); then each installment's pending 罚息
/// then 复利, ascending, takes what the allowance (through the interval's
/// last day) leaves; the cut comes off the interval's last days, and is held
/// under `Deferred` (dated at the piece's first day).
#[allow(clippy::too_many_arguments)]
fn flush(
    pending: &mut [[Vec<usize>; 2]],
    accs: &mut [MAcc],
    insts: &mut [MInst],
    mut cap: Option<&mut Allowance>,
    mut def: Option<&mut Deferred>,
    tol: i128,
    from: NaiveDate,
    to: NaiveDate,
    stopped: bool,
) -> Vec<usize> {
    if let (Some(d), Some(a)) = (def.as_mut(), cap.as_mut()) {
        if from < to && !stopped {
            d.release(insts, tol, from, to, |x| a.take(x));
        }
    }
    for (k, kinds) in pending.iter_mut().enumerate() {
        for days in kinds.iter_mut() {
            let total: i128 = days.iter().map(|&x| accs[x].uncapped).sum();
            let mut left = cap.as_mut().map_or(total, |a| a.take(total));
            let cut = left < total;
            insts[k].due[PEN] += left;
            if let (Some(d), Some(&first)) = (def.as_mut(), days.first()) {
                d.hold(accs[first].kind, k, total - left, accs[first].day);
            }
            for &x in days.iter() {
                let a = &mut accs[x];
                a.amount = a.uncapped.min(left);
                left -= a.amount;
                a.annual_cut = cut;
            }
            days.clear();
        }
    }
    // Held on an installment that owes no more than the tolerance: dropped
    // at once.
    def.map_or(vec![], |d| d.drop_paid_up(insts, tol))
}

pub fn run_model(c: &Case, loan: &Loan) -> Model {
    let mode = c.rounding;
    // The penalty's basis on a day (Act/Act: 365 or 366, `more.rs`).
    let basis = |d: NaiveDate| crate::more::basis(c.day_count, d);
    let agreed = crate::more::agreed_rate(c);
    let cap_r = cap_rate(c);
    let rate_held = c.rate_hold && cap_r.is_some_and(|r| r < agreed);
    let prate = if rate_held { cap_r.unwrap() } else { agreed };
    let tol = cents(c.tolerance);
    let order = waterfall_of(c.waterfall).1;
    let mut insts: Vec<MInst> = loan
        .schedule()
        .iter()
        .map(|s| {
            let p = money_cents(s.principal());
            let i = money_cents(s.interest());
            MInst {
                seq: s.seq(),
                due_date: s.due_date(),
                sched: p + i,
                due: [0, 0, i, p],
                paid: [0; 4],
                waived: [0; 4],
                reinstated: [0; 4],
                cb_on: None,
                cb_event: None,
                fees_charged: 0,
                clocks: c
                    .fees
                    .iter()
                    .map(|f| {
                        let first = s.due_date() + Days::new(u64::from(f.after_days.max(1)));
                        Some((first, first, 0))
                    })
                    .collect(),
            }
        })
        .collect();
    assert!(insts.windows(2).all(|w| w[0].due_date < w[1].due_date));
    // Effective payments: a reversal dated on or before to − 1 removes its target.
    let last = c.to.pred_opt().unwrap();
    let reversed: Vec<&str> = c
        .revs
        .iter()
        .filter(|(_, d, _)| *d <= last)
        .map(|(_, _, of)| of.as_str())
        .collect();
    let mut pays: Vec<(NaiveDate, usize, i128)> = c
        .pays
        .iter()
        .enumerate()
        .filter(|(_, (id, _, _))| !reversed.contains(&id.as_str()))
        .map(|(k, (_, d, a))| (*d, k, cents(*a)))
        .collect();
    pays.sort();
    // The cap rate r = m / 10^s a year on Act/365F: a day adds base × m / (10^s × 365)
    // (30/360: × the day's weight over 360, `conv::cap_weight`).
    let cap_basis = conv::cap_basis(c.cap_dc);
    let mut cap = cap_r.map(|r| Allowance {
        num: 0,
        den: 10i128.pow(r.scale()) * cap_basis,
        rate_mantissa: r.mantissa(),
        charged: 0,
    });
    let overdue_base = matches!(c.cap, Some((_, true)));
    let mut credit: i128 = 0;
    let mut accs: Vec<MAcc> = Vec::new();
    let mut day = c.disb;
    let mut pending: Vec<[Vec<usize>; 2]> = vec![[Vec::new(), Vec::new()]; insts.len()];
    let mut def = c.deferred.then(Deferred::default);
    let mut start = day;
    // Where a 30/360 cap count starts (`CapTerms`).
    let contract = loan.terms().contract_date();
    let period = c.posting == Posting::Period;
    let mut stop = Stop::new(c, tol, last, !period);
    let mut stopped_days = 0;
    let mut crossings = 0;
    let mut unapplied = 0;
    let (mut dropped, mut lifted, mut cb_target) = (vec![], false, false);
    loop {
        // The window's end closes the last interval.
        let last = day >= c.to;
        let event = last || {
            let pend: Vec<i128> = pending
                .iter()
                .map(|k| k.iter().flatten().map(|&x| accs[x].uncapped).sum())
                .collect();
            let plain =
                is_event(c, &insts, &pays, day) || crate::extras::live(c).any(|e| e.day == day);
            crossings += u64::from(!plain && stop.crossing(&insts, &pend, start));
            plain || stop.is_event(&insts, &pend, start, day)
        };
        if event {
            if period {
                post_period(&pending, &mut accs, prate, c.day_count, mode);
            }
            dropped = flush(
                &mut pending,
                &mut accs,
                &mut insts,
                cap.as_mut(),
                def.as_mut(),
                tol,
                start,
                day,
                stop.stopped,
            );
            start = day;
        }
        if last {
            break;
        }
        // (1) payments
        for (_, _, amt) in pays.iter().filter(|(d, _, _)| *d == day) {
            credit += match &c.x14.waterfall {
                Some(w) => crate::alloc::allocate(&mut insts, w, day, *amt),
                None => crate::extras::allocate(&mut insts, &order, day, *amt),
            };
        }
        let charged = cap.as_mut().map(|a| &mut a.charged);
        let cbt = &mut cb_target;
        crate::extras::apply_day(
            c,
            day,
            &mut insts,
            &mut credit,
            &mut unapplied,
            charged,
            cbt,
        );
        lifted |= dropped.drain(..).any(|k| insts[k].out_total() > tol);
        if let Some(d) = def.as_mut() {
            d.drop_paid_up(&mut insts, tol);
        }
        if event {
            stop.check(&insts, day);
        }
        let stopped = stop.stopped;
        stopped_days += u64::from(stopped);
        // (2) late fees, checked against the allowance through day − 1
        let mut fees_loan: i128 = insts.iter().map(|i| i.fees_charged).sum();
        for (k, inst) in insts.iter_mut().enumerate() {
            for (fi, f) in c.fees.iter().enumerate() {
                let Some((next, first, count)) = inst.clocks[fi] else {
                    continue;
                };
                if next != day {
                    continue;
                }
                if inst.out_total() <= tol {
                    inst.clocks[fi] = None;
                    continue;
                }
                inst.clocks[fi] =
                    next_fee_date(&f.rec, day, first, count + 1).map(|d| (d, first, count + 1));
                if stopped {
                    continue;
                }
                let (base, raw) = match &f.base {
                    OBase::Flat(a) => (0, round_cents(*a, mode)),
                    OBase::Installment(r) => (inst.sched, frac_amount(inst.sched, *r, mode)),
                    OBase::OverduePrincipal(r) => {
                        let b = inst.out(PRI);
                        (b, frac_amount(b, *r, mode))
                    }
                    OBase::OverduePI(r) => {
                        let b = inst.out(PRI) + inst.out(INT);
                        (b, frac_amount(b, *r, mode))
                    }
                };
                let mut uncapped = raw;
                if let Some(m) = f.min {
                    uncapped = uncapped.max(cents(m));
                }
                if let Some(m) = f.max {
                    uncapped = uncapped.min(cents(m));
                }
                let mut amt = uncapped;
                if let Some(cap) = c.fees_per_installment {
                    amt = amt.min((cents(cap) - inst.fees_charged).max(0));
                }
                if let Some(cap) = c.fees_per_loan {
                    amt = amt.min((cents(cap) - fees_loan).max(0));
                }
                let fee_cap_cut = amt < uncapped;
                let before = amt;
                if let Some(a) = cap.as_mut() {
                    amt = a.take(amt);
                }
                inst.due[FEE] += amt;
                // A held fee counts against the fee caps from its date.
                let counted = if def.is_some() { before } else { amt };
                inst.fees_charged += counted;
                fees_loan += counted;
                if let Some(d) = def.as_mut() {
                    d.hold(AccrualKind::LateFee, k, before - amt, day);
                }
                accs.push(MAcc {
                    kind: AccrualKind::LateFee,
                    inst: inst.seq,
                    day,
                    fee_rule: fi,
                    base,
                    uncapped,
                    amount: amt,
                    fee_cap_cut,
                    annual_cut: amt < before,
                    days: 0,
                });
            }
        }
        // (3) the allowance grows for the day
        if let Some(a) = cap.as_mut().filter(|_| !stopped) {
            if insts.iter().any(|i| crate::extras::is_overdue(i, day)) {
                let base: i128 = insts
                    .iter()
                    .map(|i| crate::extras::cap_base(i, day, overdue_base))
                    .sum();
                a.num += base * a.rate_mantissa * conv::cap_weight(c.cap_dc, contract, day);
            }
        }
        // (4) 罚息 then 复利, posted when the interval closes
        let accruing = insts.iter().enumerate().filter(|(_, i)| i.due_date < day);
        for (k, inst) in accruing.filter(|_| !stopped) {
            let kinds = [
                (AccrualKind::PenaltyInterest, inst.out(PRI)),
                (
                    AccrualKind::CompoundInterest,
                    if c.compound { inst.out(INT) } else { 0 },
                ),
            ];
            for (j, (kind, b)) in kinds.into_iter().enumerate() {
                if b <= 0 {
                    continue;
                }
                let w = i128::from(conv::days(
                    c.day_count,
                    inst.due_date,
                    day,
                    day.succ_opt().unwrap(),
                ));
                assert!(w >= 0, "a negative day weight");
                let uncapped = daily_amount(b, prate, basis(day), mode) * w;
                pending[k][j].push(accs.len());
                accs.push(MAcc {
                    kind,
                    inst: inst.seq,
                    day,
                    fee_rule: 0,
                    base: b,
                    uncapped,
                    amount: uncapped,
                    fee_cap_cut: false,
                    annual_cut: false,
                    days: w,
                });
            }
        }
        day = day.succ_opt().unwrap();
    }
    Model {
        insts,
        deferred: def,
        credit,
        accs,
        penalty_rate: prate,
        rate_held,
        stopped_days,
        crossings,
        unapplied,
        lifted,
        cb_target,
    }
}
