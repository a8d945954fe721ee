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
//! Doc gaps decided here:
//! - the days past due with a chargeback before a due date (stop rule
//!   `at_dpd`): `Position::oldest_overdue` takes the installment overdue the
//!   longest, counted from `InstallmentPosition::overdue_from` (the
//!   chargeback's date), so the days past due on day `d` are `d −` that
//!   date, the stop is checked on that count, and the day it reaches
//!   `at_dpd` is an event (`accrue`: "the day a stop rule takes effect").
//! - a charge-off's undo is dropped from a case when a ledger entry or its
//!   reversal falls between the two (`Ledger::record` refuses the undo of a
//!   charge-off that monetary transactions followed; a reversal is taken as
//!   such a transaction too, to stay clear of the question).

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;

use crate::case::{build_loan, Case, Scope};
use crate::extras::{Extra, XKind};
use crate::num::{Rng, FEE, INT, PEN, PRI};

/// Stage 12's scope for one case: the ledger, widened, plus a subset of
/// the other stages' features drawn from the case's own generator.
pub fn mix_scope(seed: u64, scope: Scope) -> Scope {
    let mut g = Rng(seed ^ 0x12_5C0E_F00D);
    let conv = g.chance(35);
    Scope {
        deferred: g.chance(30),
        stops: g.chance(45),
        currencies: g.chance(40),
        period: g.chance(25),
        conv,
        cap_dc: conv && g.chance(60),
        ..scope
    }
}

/// Draws 1–7 waivers, charges (of any component) and chargebacks (named or
/// not), about a quarter of them reversed.
pub fn gen_wide(c: &mut Case) {
    let mut g = Rng(c.seed ^ 0x00A1_DE12);
    let scale = 10i64.pow(c.currency.minor_units());
    let dues: Vec<NaiveDate> = build_loan(c)
        .schedule()
        .iter()
        .map(|s| s.due_date())
        .collect();
    let n = g.range(1, 7);
    for k in 0..n {
        let inst = g.range(1, i64::from(c.term)) as u32;
        let due = dues[inst as usize - 1];
        let lo = c.disb + Days::new(1);
        let mut day = if g.chance(65) {
            due + Days::new(g.range(1, 90) as u64)
        } else {
            due - Days::new(g.range(0, 25) as u64)
        };
        if day < lo {
            day = lo;
        }
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
    // The ledger refuses the undo of a charge-off across a later entry.
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
