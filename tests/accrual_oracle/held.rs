//! `CapExcess::Deferred` in the model, from its doc: what the annualised cap
//! cuts is held, in the order of the cuts, and released to its installment
//! and component at the close of each later interval, with the allowance
//! through the interval's last day, before that interval's own charges. A
//! held amount is dropped once its installment owes no more than the
//! tolerance. Each release is a record of the original kind, dated over the
//! interval, with `released_from` the date of the charge it was cut from.

use arrears::accrual::AccrualKind;
use chrono::NaiveDate;

use crate::model::MInst;
use crate::num::{FEE, PEN};

/// One amount held back, in the order of the cuts.
#[derive(Clone, Debug)]
pub struct Held {
    pub kind: AccrualKind,
    /// Index of the installment in the schedule.
    pub idx: usize,
    pub amount: i128,
    /// The date of the charge it was cut from.
    pub date: NaiveDate,
}

/// One release: what a record with `released_from` should say.
#[derive(Clone, Debug)]
pub struct MRel {
    pub kind: AccrualKind,
    pub inst: u32,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Held before the release.
    pub base: i128,
    pub amount: i128,
    /// Part of it stays held.
    pub still_held: bool,
    pub released_from: NaiveDate,
}

#[derive(Default)]
pub struct Deferred {
    pub queue: Vec<Held>,
    pub rels: Vec<MRel>,
}

impl Deferred {
    pub fn hold(&mut self, kind: AccrualKind, idx: usize, amount: i128, date: NaiveDate) {
        if amount > 0 {
            self.queue.push(Held {
                kind,
                idx,
                amount,
                date,
            });
        }
    }

    /// Drops what is held on installments owing no more than `tol`: at once
    /// (after each day's payments, before its fees), and a dropped fee no
    /// longer counts against the fee caps (it is never charged). Returns
    /// the installments it dropped something on.
    pub fn drop_paid_up(&mut self, insts: &mut [MInst], tol: i128) -> Vec<usize> {
        let mut dropped = vec![];
        for h in &self.queue {
            if insts[h.idx].out_total() <= tol {
                dropped.push(h.idx);
                if h.kind == AccrualKind::LateFee {
                    insts[h.idx].fees_charged -= h.amount;
                }
            }
        }
        self.queue.retain(|h| insts[h.idx].out_total() > tol);
        dropped
    }

    /// Drops what is held on installments paid up (owing no more than `tol`),
    /// then releases what `take` lets through, in the order of the cuts,
    /// posting it; the interval is `[from, to)`.
    pub fn release(
        &mut self,
        insts: &mut [MInst],
        tol: i128,
        from: NaiveDate,
        to: NaiveDate,
        mut take: impl FnMut(i128) -> i128,
    ) {
        self.drop_paid_up(insts, tol);
        for h in self.queue.iter_mut() {
            let through = take(h.amount);
            if through == 0 {
                continue;
            }
            let comp = if h.kind == AccrualKind::LateFee {
                FEE
            } else {
                PEN
            };
            insts[h.idx].due[comp] += through;
            self.rels.push(MRel {
                kind: h.kind,
                inst: insts[h.idx].seq,
                from,
                to,
                base: h.amount,
                amount: through,
                still_held: through < h.amount,
                released_from: h.date,
            });
            h.amount -= through;
        }
        self.queue.retain(|h| h.amount > 0);
    }

    /// What is still held: (penalty and compound, fees).
    pub fn held(&self) -> (i128, i128) {
        let fee = self
            .queue
            .iter()
            .filter(|h| h.kind == AccrualKind::LateFee)
            .map(|h| h.amount)
            .sum::<i128>();
        let all = self.queue.iter().map(|h| h.amount).sum::<i128>();
        (all - fee, fee)
    }
}
