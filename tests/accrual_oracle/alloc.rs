//! Waterfalls: the four presets of stages 3–13 (`waterfall_of`), and
//! stage 14's any waterfall, allocated from the `allocation` module's docs
//! (`Processing`, `FutureOrder`, `Overpayment`, `allocate`):
//!
//! - installments are classified against the payment's date (before: past
//!   due, on it: due, after: in advance); past-due and due ones are taken
//!   oldest first, in-advance ones next first, last first, or, under
//!   `Reamortization`, by an even split per in-advance rule;
//! - `Horizontal`: rules grouped by due type, groups in the order their due
//!   type first appears in the list; each installment of a group gets all
//!   of the group's rules, in list order, before the next one;
//! - `Vertical`: each rule in list order sweeps every installment of its
//!   due type;
//! - `Reamortization` (either processing): for each in-advance rule, what
//!   is left is split evenly in minor units over the in-advance
//!   installments still owing that component, the remainder on the last
//!   (latest due); what one cannot take is split again over those still
//!   owing; what none can take passes to the next rule;
//! - without in-advance rules, the surplus prepays principal of in-advance
//!   installments, next first (`PrepayNext`) or last first (`ReduceTerm`),
//!   or stays as credit (`CreditBalance`); with them it stays as credit.

use arrears::allocation::{
    AllocationRule, DueType, FutureOrder, Overpayment, Processing, Waterfall,
};
use arrears::loan::Component;
use chrono::NaiveDate;

use crate::model::MInst;
use crate::num::{cidx, Rng, FEE, INT, PEN, PRI};

pub fn waterfall_of(w: u8) -> (Waterfall, [usize; 4]) {
    match w {
        0 => (Waterfall::cn_bank_contract(), [FEE, PEN, INT, PRI]),
        1 => (Waterfall::mifos_standard(), [PEN, FEE, INT, PRI]),
        2 => (
            Waterfall::principal_interest_penalties_fees(),
            [PRI, INT, PEN, FEE],
        ),
        _ => (
            Waterfall::interest_principal_penalties_fees(),
            [INT, PRI, PEN, FEE],
        ),
    }
}

/// Stage 14's waterfall: `None` (the case's preset) for a fifth of the
/// cases, another preset (sometimes modified) or a custom one.
pub fn draw_waterfall(g: &mut Rng) -> Option<Waterfall> {
    use Component::*;
    let pick = g.range(0, 9);
    if pick < 2 {
        return None;
    }
    let mut w = if pick < 5 {
        match g.range(0, 3) {
            0 => Waterfall::civil_code_561(),
            1 => Waterfall::due_penalty_fee_interest_principal_in_advance_principal_penalty_fee_interest(),
            2 => Waterfall::due_penalty_interest_principal_fee_in_advance_penalty_interest_principal_fee(),
            _ => Waterfall::rbi_india(),
        }
    } else {
        let perm = |g: &mut Rng| {
            let mut v = vec![Penalty, Fee, Interest, Principal];
            for i in (1..4).rev() {
                v.swap(i, g.range(0, i as i64) as usize);
            }
            v
        };
        let past = perm(g);
        let due = if g.chance(50) { past.clone() } else { perm(g) };
        let mut groups = vec![(DueType::PastDue, past), (DueType::Due, due)];
        if g.chance(60) {
            groups.push((DueType::InAdvance, perm(g)));
        }
        if g.chance(20) {
            groups.swap(0, 1);
        }
        let mut rules: Vec<AllocationRule> = groups
            .iter()
            .flat_map(|(dt, cs)| cs.iter().map(|c| AllocationRule::new(*dt, *c)))
            .collect();
        if g.chance(30) {
            for i in (1..rules.len()).rev() {
                rules.swap(i, g.range(0, i as i64) as usize);
            }
        }
        Waterfall::new(
            "oracle.waterfall",
            rules,
            Processing::Horizontal,
            FutureOrder::NextInstallment,
            Overpayment::CreditBalance,
        )
        .unwrap()
    };
    if pick >= 4 {
        w = w
            .with_processing(if g.chance(50) {
                Processing::Vertical
            } else {
                Processing::Horizontal
            })
            .with_future_order(match g.range(0, 2) {
                0 => FutureOrder::NextInstallment,
                1 => FutureOrder::LastInstallment,
                _ => FutureOrder::Reamortization,
            })
            .with_overpayment(match g.range(0, 2) {
                0 => Overpayment::CreditBalance,
                1 => Overpayment::PrepayNext,
                _ => Overpayment::ReduceTerm,
            });
    }
    Some(w)
}

fn due_type(i: &MInst, day: NaiveDate) -> DueType {
    DueType::classify(i.due_date, day)
}

/// The installments of due type `dt`, in the order the waterfall pays them
/// (not for `Reamortization`).
fn order(insts: &[MInst], dt: DueType, day: NaiveDate, w: &Waterfall) -> Vec<usize> {
    let mut v: Vec<usize> = (0..insts.len())
        .filter(|&k| due_type(&insts[k], day) == dt)
        .collect();
    if dt == DueType::InAdvance && w.future_order() == FutureOrder::LastInstallment {
        v.reverse();
    }
    v
}

fn pay(i: &mut MInst, comp: usize, left: &mut i128) {
    let take = (*left).min(i.out(comp)).max(0);
    i.paid[comp] += take;
    *left -= take;
}

/// `FutureOrder::Reamortization` of component `comp`.
fn reamortize(insts: &mut [MInst], day: NaiveDate, comp: usize, left: &mut i128) {
    loop {
        let owing: Vec<usize> = (0..insts.len())
            .filter(|&k| due_type(&insts[k], day) == DueType::InAdvance && insts[k].out(comp) > 0)
            .collect();
        if owing.is_empty() || *left == 0 {
            return;
        }
        let n = owing.len() as i128;
        let (share, rem) = (*left / n, *left % n);
        let mut pot = *left;
        for (j, &k) in owing.iter().enumerate() {
            let mut give = share + if j + 1 == owing.len() { rem } else { 0 };
            let before = give;
            pay(&mut insts[k], comp, &mut give);
            pot -= before - give;
        }
        *left = pot;
    }
}

fn run_rule(
    insts: &mut [MInst],
    day: NaiveDate,
    w: &Waterfall,
    r: &AllocationRule,
    left: &mut i128,
) {
    let comp = cidx(r.component);
    if r.due_type == DueType::InAdvance && w.future_order() == FutureOrder::Reamortization {
        return reamortize(insts, day, comp, left);
    }
    for k in order(insts, r.due_type, day, w) {
        pay(&mut insts[k], comp, left);
    }
}

/// Allocates `amount` minor units on `day` by `w`; returns what is left (credit).
pub fn allocate(insts: &mut [MInst], w: &Waterfall, day: NaiveDate, amount: i128) -> i128 {
    let mut left = amount;
    let rules = w.rules();
    match w.processing() {
        Processing::Vertical => {
            for r in rules {
                run_rule(insts, day, w, r, &mut left);
            }
        }
        Processing::Horizontal => {
            let mut groups: Vec<DueType> = Vec::new();
            for r in rules {
                if !groups.contains(&r.due_type) {
                    groups.push(r.due_type);
                }
            }
            for dt in groups {
                let group: Vec<&AllocationRule> =
                    rules.iter().filter(|r| r.due_type == dt).collect();
                if dt == DueType::InAdvance && w.future_order() == FutureOrder::Reamortization {
                    for r in group {
                        run_rule(insts, day, w, r, &mut left);
                    }
                    continue;
                }
                for k in order(insts, dt, day, w) {
                    for r in &group {
                        pay(&mut insts[k], cidx(r.component), &mut left);
                    }
                }
            }
        }
    }
    if !rules.iter().any(|r| r.due_type == DueType::InAdvance) {
        let mut fut: Vec<usize> = (0..insts.len())
            .filter(|&k| due_type(&insts[k], day) == DueType::InAdvance)
            .collect();
        match w.overpayment() {
            Overpayment::CreditBalance => fut.clear(),
            Overpayment::PrepayNext => {}
            Overpayment::ReduceTerm => fut.reverse(),
        }
        for k in fut {
            pay(&mut insts[k], PRI, &mut left);
        }
    }
    left
}
