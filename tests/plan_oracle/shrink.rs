//! Reduces a disagreeing case (`ORACLE_SHRINK=1`): drops ledger entries,
//! trailing installments and days while the disagreement stays.

use crate::gen::{Case, TxK};

/// The case without entry `i` (and the reversals of it).
fn without(c: &Case, i: usize) -> Case {
    let mut keep: Vec<usize> = Vec::new();
    for (j, t) in c.txs.iter().enumerate() {
        let gone = j == i || matches!(t.kind, TxK::Rev(k) if k == i);
        if !gone {
            keep.push(j);
        }
    }
    let mut out = c.clone();
    out.txs = keep
        .iter()
        .map(|&j| {
            let mut t = c.txs[j].clone();
            if let TxK::Rev(k) = t.kind {
                t.kind = TxK::Rev(keep.iter().position(|&x| x == k).unwrap());
            }
            t
        })
        .collect();
    out
}

/// Shrinks `c` while `bad` holds.
pub fn shrink(mut c: Case, bad: &dyn Fn(&Case) -> bool) -> Case {
    loop {
        let mut changed = false;
        for i in (0..c.txs.len()).rev() {
            if i < c.txs.len() {
                let t = without(&c, i);
                if bad(&t) {
                    c = t;
                    changed = true;
                }
            }
        }
        while c.sched.len() > 1 {
            let mut t = c.clone();
            t.sched.pop();
            if bad(&t) {
                c = t;
                changed = true;
            } else {
                break;
            }
        }
        for k in 0..c.sched.len() {
            if c.sched.len() > 1 && k < c.sched.len() {
                let mut t = c.clone();
                t.sched.remove(k);
                if bad(&t) {
                    c = t;
                    changed = true;
                }
            }
        }
        while c.as_of > c.start {
            let mut t = c.clone();
            t.as_of -= 1;
            if bad(&t) {
                c = t;
                changed = true;
            } else {
                break;
            }
        }
        if !changed {
            return c;
        }
    }
}
