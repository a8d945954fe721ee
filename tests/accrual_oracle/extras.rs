//! The ledger beyond repayments' dates: how a repayment is allocated, and
//! stage 11's waivers (减免), penalty / fee charges and chargebacks.
//!
//! From the docs (`TxKind::Waiver`, `TxKind::Charge`, `Caps`, `CapTerms`,
//! `Position`):
//! - a waiver of a component on an installment forgives up to what that
//!   component still owes there (`waived` column, outstanding = due − paid
//!   − waived); the rest finds nothing to waive and is reported in
//!   `Position::unapplied_waivers`. A waiver of principal or interest
//!   lowers the base of later 罚息 / 复利 (and of the annualised cap's
//!   allowance); a waiver of penalty or fee lowers no base.
//! - a penalty or fee charge adds to the installment's due; it is never cut,
//!   and counts against the annualised cap (both) and the fee caps (a fee)
//!   "as the engine's own charges do" (`Caps`), except the part that
//!   reinstates what was waived of its component on its installment (not
//!   yet reinstated), which was counted when first charged.
//! - both are transactions, so events of the replay (`accrue`), applied
//!   after the day's repayments (recorded later: ties keep recording order).
//!
//! Doc gaps decided here (see the report): a waived penalty or fee still
//! counts against the caps (they bound what is charged, and a waiver
//! forgives what was charged).

use arrears::loan::{Loan, Transaction, TxKind};
use arrears::money::Money;
use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;

use crate::case::{build_loan, Case};
use crate::model::MInst;
use crate::num::{cents, Rng, COMPS, FEE, INT, PEN, PRI};

/// What a ledger entry of stage 11 is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum XKind {
    Waiver,
    Charge,
    /// A repayment charged back: owed again as principal.
    Chargeback,
}

/// A waiver, a charge or a chargeback on installment `inst` (1-based) of
/// component index `comp`.
#[derive(Clone, Debug)]
pub struct Extra {
    pub id: String,
    pub day: NaiveDate,
    pub kind: XKind,
    pub comp: usize,
    pub amount: Decimal,
    /// 0: naming no installment (a waiver: oldest first; a charge: the
    /// oldest installment overdue, else the next one due, else the last).
    pub inst: u32,
    /// The date of its reversal, if it is reversed (stage 12, `wide.rs`).
    pub rev: Option<NaiveDate>,
}

/// The entries in effect for a window ending at `c.to` (`accrue`: the
/// ledger as known at the end of `to − 1`; one reversed by then never
/// happened).
pub fn live(c: &Case) -> impl Iterator<Item = &Extra> {
    let last = c.to.pred_opt().unwrap();
    c.extras
        .iter()
        .filter(move |e| !e.rev.is_some_and(|r| r <= last))
}

/// The case's due dates, in schedule order.
pub fn due_dates(c: &Case) -> Vec<NaiveDate> {
    build_loan(c)
        .schedule()
        .iter()
        .map(|s| s.due_date())
        .collect()
}

/// An installment (1-based) and a day for an entry on it: with `after_pct`
/// % chance 1–90 days after its due date, else 0–25 days before, never
/// before the day after disbursement `disb`.
pub fn draw_near_due(
    g: &mut Rng,
    dues: &[NaiveDate],
    disb: NaiveDate,
    after_pct: u64,
) -> (u32, NaiveDate) {
    let inst = g.range(1, dues.len() as i64) as u32;
    let due = dues[inst as usize - 1];
    let day = if g.chance(after_pct) {
        due + Days::new(g.range(1, 90) as u64)
    } else {
        due - Days::new(g.range(0, 25) as u64)
    };
    (inst, day.max(disb + Days::new(1)))
}

/// Draws 1–6 waivers, charges and chargebacks from the case's own generator (so that
/// the main one, and stages 1–10, draw the same numbers as before).
pub fn gen_extras(c: &mut Case) {
    let mut g = Rng(c.seed ^ 0xE7A5_11ED);
    let scale = 10i64.pow(c.currency.minor_units());
    let dues = due_dates(c);
    let n = g.range(1, 6);
    for k in 0..n {
        let (inst, day) = draw_near_due(&mut g, &dues, c.disb, 70);
        let kind = match g.range(0, 9) {
            0..=4 => XKind::Waiver,
            5..=7 => XKind::Charge,
            _ => XKind::Chargeback,
        };
        let comp = if kind == XKind::Chargeback {
            PRI
        } else if kind == XKind::Waiver {
            match g.range(0, 5) {
                0 | 1 => PEN,
                2 => FEE,
                3 | 4 => INT,
                _ => PRI,
            }
        } else if g.chance(50) {
            PEN
        } else {
            FEE
        };
        let minor = match comp {
            PRI | INT => g.range(1, 60_000),
            _ => g.range(1, 8_000),
        };
        // A waiver naming no installment: "oldest first" (`TxKind::Waiver`);
        // a charge naming none goes where `Transaction::charge` puts it.
        let inst = if kind != XKind::Chargeback && g.chance(30) {
            0
        } else {
            inst
        };
        c.extras.push(Extra {
            id: format!("X{k}"),
            day,
            kind,
            comp,
            amount: Decimal::from(minor) / Decimal::from(scale),
            inst,
            rev: None,
        });
    }
}

/// Records the case's waivers and charges (after its repayments).
pub fn record_extras(c: &Case, loan: &mut Loan) {
    for e in &c.extras {
        let component = COMPS[e.comp];
        let amount = Money::new(e.amount, c.currency);
        let installment = (e.inst > 0).then_some(e.inst);
        let kind = match e.kind {
            XKind::Waiver => TxKind::Waiver {
                component,
                amount,
                installment,
                rule: None,
            },
            XKind::Charge => TxKind::Charge {
                component,
                amount,
                installment,
                rule: None,
            },
            XKind::Chargeback => TxKind::Chargeback {
                amount,
                installment,
            },
        };
        loan.record(Transaction::new(&e.id, e.day, kind)).unwrap();
    }
    for (k, e) in c.extras.iter().enumerate() {
        if let Some(r) = e.rev {
            loan.record(Transaction::reversal(&format!("V{k}"), r, &e.id))
                .unwrap();
        }
    }
}

/// Allocates one payment of `amount` cents on `day`; returns what is left.
pub fn allocate(insts: &mut [MInst], order: &[usize; 4], day: NaiveDate, amount: i128) -> i128 {
    let mut left = amount;
    // The schedule is in due-date order: past due oldest first, then due,
    // then in advance next first.
    for group in 0..3 {
        for inst in insts.iter_mut() {
            let g = match inst.due_date.cmp(&day) {
                std::cmp::Ordering::Less => 0,
                std::cmp::Ordering::Equal => 1,
                std::cmp::Ordering::Greater => 2,
            };
            if g != group {
                continue;
            }
            for &comp in order {
                let take = left.min(inst.out(comp));
                if take > 0 {
                    inst.paid[comp] += take;
                    left -= take;
                }
            }
        }
    }
    left
}

/// Applies the day's waivers, charges and chargebacks (after its
/// repayments), in recording order; `charged` is what the annualised cap
/// has let through so far, if there is one.
pub fn apply_day(
    c: &Case,
    day: NaiveDate,
    insts: &mut [MInst],
    credit: &mut i128,
    unapplied: &mut i128,
    mut charged: Option<&mut i128>,
    cb_target: &mut bool,
) {
    // Settled after the day's payments and after each entry
    // (`InstallmentPosition::chargeback_on`: "until next settled").
    settle(insts);
    for e in live(c).filter(|e| e.day == day) {
        let (left, posted) = apply(e, insts, credit, cb_target);
        *unapplied += left;
        if let Some(x) = charged.as_mut() {
            **x += posted;
        }
        settle(insts);
    }
}

/// What one waiver or charge does to the model: returns the part of a
/// waiver that found nothing to waive, and (for a charge) the amount to
/// book against the annualised cap. A charge is met from the credit
/// balance at once, as far as it goes (doc gap: aligned on the engine,
/// RULES.md `ref.fineract.dpd_scope`: an overpaid loan owes nothing).
/// `cb_target` is set when an entry naming no installment goes elsewhere
/// than it would if only due dates made an installment overdue (`wide.rs`:
/// the engine's reading until stage 13).
pub fn apply(
    e: &Extra,
    insts: &mut [MInst],
    credit: &mut i128,
    cb_target: &mut bool,
) -> (i128, i128) {
    let a = cents(e.amount);
    if e.kind == XKind::Waiver && e.inst == 0 {
        let mut left = a;
        for inst in insts.iter_mut() {
            let t = left.min(inst.out(e.comp)).max(0);
            inst.waived[e.comp] += t;
            left -= t;
        }
        return (left, 0);
    }
    let i = match e.inst {
        0 => {
            let i = target(insts, e.day);
            *cb_target |= i != target_by_due_dates(insts, e.day);
            i
        }
        n => n as usize - 1,
    };
    let inst = &mut insts[i];
    if e.kind == XKind::Waiver {
        let t = a.min(inst.out(e.comp)).max(0);
        inst.waived[e.comp] += t;
        (a - t, 0)
    } else {
        inst.due[e.comp] += a;
        let met = (*credit).min(a);
        inst.paid[e.comp] += met;
        *credit -= met;
        // Overdue from its date only if part of the amount charged back is
        // left owing: one the credit balance meets at once is owed by no
        // one (`TxKind::Chargeback`: "`amount` is owed again"; doc gap, the
        // engine's reading, see stage 15 in the header).
        let early = e.kind == XKind::Chargeback && e.day < inst.due_date && met < a;
        if early && *inst.cb_on.get_or_insert(e.day) == e.day {
            inst.cb_event = Some(e.day + Days::new(1));
        }
        // `Caps`: a posted penalty or fee counts against the caps; a
        // charge of principal or interest against none.
        if e.kind != XKind::Charge || (e.comp != PEN && e.comp != FEE) {
            return (0, 0);
        }
        // `Caps`: the part of a charge that reinstates what was waived of
        // its component (on its installment; naming none, anywhere in the
        // loan, oldest first) was counted when first charged.
        let range = match e.inst {
            0 => 0..insts.len(),
            _ => i..i + 1,
        };
        let mut counted = a;
        for inst in &mut insts[range] {
            let back = counted
                .min(inst.waived[e.comp] - inst.reinstated[e.comp])
                .max(0);
            inst.reinstated[e.comp] += back;
            counted -= back;
        }
        if e.comp == FEE {
            insts[i].fees_charged += counted;
        }
        (0, counted)
    }
}

/// Where a charge or chargeback naming no installment goes
/// (`TxKind::Charge`): the oldest installment overdue on `day`
/// (`Position::overdue`: past its due date, or charged back before it,
/// and still owing), else the next one due, else the last.
fn target(insts: &[MInst], day: NaiveDate) -> usize {
    insts
        .iter()
        .position(|i| is_overdue(i, day))
        .or_else(|| insts.iter().position(|i| i.due_date >= day))
        .unwrap_or(insts.len() - 1)
}

/// The engine's old choice (stage 13's finding): the oldest installment
/// past its due date that still owes, else the next one due, else the last.
fn target_by_due_dates(insts: &[MInst], day: NaiveDate) -> usize {
    insts
        .iter()
        .position(|i| i.due_date < day && i.out_total() > 0)
        .or_else(|| insts.iter().position(|i| i.due_date >= day))
        .unwrap_or(insts.len() - 1)
}

/// A name for the statistics.
pub fn kind_name(k: XKind) -> &'static str {
    match k {
        XKind::Waiver => "ledger waivers",
        XKind::Charge => "ledger charges",
        XKind::Chargeback => "ledger chargebacks",
    }
}

/// An installment that owes nothing is settled: a chargeback before its
/// due date no longer makes it overdue (`InstallmentPosition::chargeback_on`).
pub fn settle(insts: &mut [MInst]) {
    for i in insts.iter_mut().filter(|i| i.out_total() == 0) {
        i.cb_on = None;
    }
}

/// Whether an installment is overdue on `day` (`Position::overdue`): it
/// owes something and is past its due date, or a chargeback before its
/// due date made it overdue from the day after.
pub fn is_overdue(i: &MInst, day: NaiveDate) -> bool {
    i.out_total() > 0 && (i.due_date < day || i.cb_on.is_some_and(|d| d < day))
}

/// What an installment adds to the annualised cap's base on `day`: its
/// unpaid principal, under `CapBase::OverduePrincipal` only once overdue:
/// past its due date, or from the day after a chargeback before its due
/// date, as `Position::overdue` counts it (the first chargeback, until the
/// installment is next settled: `InstallmentPosition::chargeback_on`).
/// Until this stage the engine did not end an interval on the day after
/// such a chargeback, so the allowance missed the installment until the
/// next event.
pub fn cap_base(i: &MInst, day: NaiveDate, overdue_only: bool) -> i128 {
    if is_overdue(i, day) || !overdue_only {
        i.out(PRI)
    } else {
        0
    }
}
