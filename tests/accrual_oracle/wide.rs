//! Stage 12: the ledger entries of stage 11 widened, and combined with the
//! other stages' features.
//!
//! - Charges of any component: principal and interest too. From the docs
//!   (`TxKind::Charge`, `Caps`, `CapBase`, `Position`): a charge adds to its
//!   installment's due; a principal charge raises the base of its 罚息 (once
//!   past due) and of the annualised cap's allowance (all unpaid principal,
//!   or the overdue installments'), an interest charge the base of its
//!   复利; neither counts against any cap (`Caps` counts "a posted penalty
//!   or fee"), nor reinstates a waiver for the caps (nothing to count).
//! - Chargebacks naming no installment: "as a `TxKind::Charge` picks it",
//!   the oldest installment overdue on the value date (`Position::overdue`:
//!   past its due date, or charged back before it), else the next one due,
//!   else the last; on an installment not yet due it makes it overdue from
//!   its date, as a named one does.
//! - Reversals (`Transaction::reversal`) of waivers, charges and
//!   chargebacks, dated on or after the entry (`Ledger::record` refuses
//!   earlier). `accrue`: "the ledger is taken as known at the end of
//!   `to − 1`: a transaction reversed by then never happened", and
//!   `Ledger::effective(to − 1)` leaves out both the reversal and what it
//!   reverses. So an entry reversed on or before `to − 1` is no event and
//!   changes nothing on any day, before or after the reversal's date (the
//!   window is replayed from disbursement under that ledger); one reversed
//!   later stands in full, and the reversal is no event either.
//! - Each case draws, from its own generator, a subset of the other
//!   stages' features: deferred excess (5), stop rules (6), currencies
//!   (7), period posting (8), 30/360 penalties, LPR caps and the art28 hold
//!   (9), a 30/360 allowance (10).
//!
//! Stage 13 (`dense`) draws 3–10 entries near events and on payment days.
//!
//! Doc gaps decided here:
//! - the days past due with a chargeback before a due date (stop rule
//!   `at_dpd`): `Position::oldest_overdue` takes the installment overdue the
//!   longest, counted from `InstallmentPosition::overdue_from` (the
//!   chargeback's date), so the days past due on day `d` are `d −` that
//!   date, the stop is checked on that count, and the day it reaches
//!   `at_dpd` is an event (`accrue`: "the day a stop rule takes effect").
//! - "the oldest installment overdue on the value date" (`TxKind::Charge`,
//!   for a charge or chargeback naming none) is the first in schedule
//!   order that `Position::overdue` counts on that date (past its due date,
//!   or charged back before it, and still owing). The engine counted only
//!   due dates there until stage 13 found it (fixed; `Model::cb_target`
//!   counts the cases where the two readings differ).
//! - a cut "on an installment already within" the tolerance
//!   (`CapExcess::Deferred`) is judged on the installment at the close of
//!   the interval it is cut from (its last day), before the transactions of
//!   the event day that ends it. The engine judged it after them, so a
//!   charge or chargeback that lifted the installment over the tolerance on
//!   that day kept the cut held, until stage 12 found it (fixed;
//!   `Model::lifted` counts the cases).
//! - a chargeback before a due date makes the installment overdue from
//!   its date only if the credit balance does not meet all of it (stage
//!   15, `credit_cb.rs`): one met in full at once leaves nothing charged
//!   back owing (`TxKind::Chargeback` says only that the amount "is owed
//!   again"), so it sets no `chargeback_on` and ends no interval.
//! - a charge-off's undo is dropped from a case when a ledger entry or its
//!   reversal falls between the two (`Ledger::record` refuses the undo of a
//!   charge-off that monetary transactions followed; a reversal is taken as
//!   such a transaction too, to stay clear of the question).

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;

use crate::case::{build_loan, Case, Scope};
use crate::extras::{draw_near_due, due_dates, Extra, XKind};
use crate::num::{Rng, FEE, INT, PEN, PRI};

/// Stage 12's scope for one case: the ledger, widened, plus a subset of
/// the other stages' features drawn from the case's own generator.
pub fn mix_scope(seed: u64, scope: Scope) -> Scope {
    if !scope.mix {
        return scope;
    }
    let mut g = Rng(seed ^ 0x12_5C0E_F00D);
    // Stage 13 (`dense`) leans on the features that interact most.
    let p = |plain: u64, dense: u64| if scope.dense { dense } else { plain };
    let conv = g.chance(p(35, 30));
    Scope {
        deferred: g.chance(p(30, 60)),
        stops: g.chance(p(45, 70)),
        currencies: g.chance(p(40, 30)),
        period: g.chance(p(25, 25)),
        conv,
        cap_dc: conv && g.chance(60),
        ..scope
    }
}

/// Draws the case's ledger entries: stage 11's, or the widened ones.
pub fn gen_ledger(c: &mut Case, scope: Scope) {
    if scope.wide {
        gen_wide(c, scope.dense);
    } else {
        crate::extras::gen_extras(c);
    }
}

/// Draws 1–7 waivers, charges (of any component) and chargebacks (named or
/// not), about a quarter of them reversed; `dense` (stage 13): 3–10, dated
/// on the case's payment days, due dates and the days after, or just before
/// a due date, some large, a third reversed, often on their own day.
fn gen_wide(c: &mut Case, dense: bool) {
    if dense {
        return gen_dense(c);
    }
    let mut g = Rng(c.seed ^ 0x00A1_DE12);
    let scale = 10i64.pow(c.currency.minor_units());
    let dues = due_dates(c);
    let n = g.range(1, 7);
    for k in 0..n {
        let (inst, day) = draw_near_due(&mut g, &dues, c.disb, 65);
        let kind = match g.range(0, 9) {
            0..=3 => XKind::Waiver,
            4..=6 => XKind::Charge,
            _ => XKind::Chargeback,
        };
        let comp = match kind {
            XKind::Chargeback => PRI,
            _ => match g.range(0, 5) {
                0 | 1 => PEN,
                2 => FEE,
                3 => INT,
                _ => PRI,
            },
        };
        let minor = match comp {
            PRI | INT => g.range(1, 60_000),
            _ => g.range(1, 8_000),
        };
        let inst = if g.chance(30) { 0 } else { inst };
        let rev = g.chance(25).then(|| day + Days::new(g.range(0, 60) as u64));
        c.extras.push(Extra {
            id: format!("X{k}"),
            day,
            kind,
            comp,
            amount: Decimal::from(minor) / Decimal::from(scale),
            inst,
            rev,
        });
    }
    no_undo_across(c);
}

fn gen_dense(c: &mut Case) {
    let mut g = Rng(c.seed ^ 0x0D3E_5E13);
    let scale = 10i64.pow(c.currency.minor_units());
    let sched: Vec<(NaiveDate, i64)> = build_loan(c)
        .schedule()
        .iter()
        .map(|s| {
            let p = s.payment().amount() * Decimal::from(scale);
            (
                s.due_date(),
                i64::try_from(p.trunc().mantissa()).unwrap_or(1),
            )
        })
        .collect();
    let n = g.range(3, 10);
    for k in 0..n {
        let inst = g.range(1, sched.len() as i64) as u32;
        let (due, payment) = sched[inst as usize - 1];
        let lo = c.disb + Days::new(1);
        let day = match g.range(0, 9) {
            0..=2 if !c.pays.is_empty() => c.pays[g.range(0, c.pays.len() as i64 - 1) as usize].1,
            0..=3 => due,
            4 | 5 => due + Days::new(1),
            6 | 7 => due - Days::new(g.range(1, 25) as u64),
            _ => due + Days::new(g.range(2, 60) as u64),
        }
        .max(lo);
        let kind = match g.range(0, 9) {
            0..=2 => XKind::Waiver,
            3..=5 => XKind::Charge,
            _ => XKind::Chargeback,
        };
        let comp = match kind {
            XKind::Chargeback => PRI,
            _ => [PEN, FEE, INT, PRI][g.range(0, 3) as usize],
        };
        let minor = match g.range(0, 3) {
            0 => payment.max(1),
            1 => (payment * g.range(2, 5)).max(1),
            _ if comp == PEN || comp == FEE => g.range(1, 3_000),
            _ => g.range(1, 30_000),
        };
        let inst = if g.chance(35) { 0 } else { inst };
        let rev = g.chance(33).then(|| {
            let d = if g.chance(50) { 0 } else { g.range(1, 30) };
            day + Days::new(d as u64)
        });
        c.extras.push(Extra {
            id: format!("X{k}"),
            day,
            kind,
            comp,
            amount: Decimal::from(minor) / Decimal::from(scale),
            inst,
            rev,
        });
    }
    no_undo_across(c);
}

/// The ledger refuses the undo of a charge-off across a later entry.
fn no_undo_across(c: &mut Case) {
    if let Some((d, Some(r))) = c.charge_off {
        let across = |x: NaiveDate| x >= d && x <= r;
        if c.extras
            .iter()
            .any(|e| across(e.day) || e.rev.is_some_and(across))
        {
            c.charge_off = Some((d, None));
        }
    }
}

/// A name for the statistics of the widened entries.
pub fn stat_names(e: &Extra) -> Vec<&'static str> {
    let mut v = Vec::new();
    if e.rev.is_some() {
        v.push("ledger entries reversed");
    }
    if e.kind == XKind::Charge && (e.comp == PRI || e.comp == INT) {
        v.push("ledger charges of principal or interest");
    }
    if e.kind == XKind::Chargeback && e.inst == 0 {
        v.push("ledger chargebacks naming none");
    }
    v
}
