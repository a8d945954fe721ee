//! Random cases: a plan schedule, a ledger, a policy and an as-of date,
//! all in integer minor units of CNY and day numbers, drawn from a seeded
//! splitmix64 so that a seed always gives the same case.

use arrears::loan::{Breakdown, Component, Ledger, Transaction};
use arrears::money::{Currency, Money};
use arrears::plan::{MissedCount, MonitorPolicy, Tolerance};
use chrono::{Duration, NaiveDate};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

pub use crate::rng::Rng;

/// What a stage draws (see the header of `plan_oracle.rs`).
#[derive(Clone, Copy, Default)]
pub struct Scope {
    /// Tolerance amounts, down payments, same-day installments,
    /// settlements, small last installments, payments before the start,
    /// over-payments.
    pub variety: bool,
    /// Reversals of payments (same day or later) and replacements.
    pub reversals: bool,
    /// Claw-back with waived amounts; charges, waivers and chargebacks in
    /// the ledger (chargebacks reversed or outside the plan's window, and
    /// sometimes one that makes the call an error).
    pub extras: bool,
    /// Many bounces near the deadlines, short grace, low thresholds.
    pub dense: bool,
    /// Good payers: mostly on time, higher thresholds, tiny settlements,
    /// bounces with replacements (on-track and completed plans).
    pub good: bool,
}

/// One ledger entry of a case.
#[derive(Clone, Debug)]
pub enum TxK {
    Pay(i64),
    /// Reversal of the entry at this index.
    Rev(usize),
    Chargeback(i64),
    Charge(i64),
    Waiver(i64),
}

#[derive(Clone, Debug)]
pub struct Tx {
    pub id: String,
    pub day: i64,
    pub kind: TxK,
}

#[derive(Clone, Debug)]
pub struct Pol {
    pub n: u32,
    pub tol: i64,
    pub days: i64,
    pub claw: bool,
    pub rule: String,
    pub inarrears: bool,
}

#[derive(Clone, Debug)]
pub struct Case {
    pub seed: u64,
    pub start: i64,
    /// (due day, amount in minor units), in order.
    pub sched: Vec<(i64, i64)>,
    /// In recording order; a reversal comes after what it reverses.
    pub txs: Vec<Tx>,
    pub as_of: i64,
    pub pol: Pol,
    /// Waived amounts by component, in `Component::ALL` order.
    pub waived: [i64; 4],
    pub opened: i64,
}

pub const COMPS: [Component; 4] = [
    Component::Penalty,
    Component::Fee,
    Component::Interest,
    Component::Principal,
];

pub fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, 1).unwrap()
}
pub fn date(day: i64) -> NaiveDate {
    epoch() + Duration::days(day)
}
pub fn day_of(d: NaiveDate) -> i64 {
    (d - epoch()).num_days()
}
pub fn money(minor: i64) -> Money {
    Money::from_minor(minor, Currency::CNY)
}
pub fn minor(m: Money) -> i64 {
    let v = m.amount() * Decimal::from(100);
    assert!(v.fract().is_zero(), "{m} is finer than a minor unit");
    v.to_i64().unwrap()
}

fn schedule(g: &mut Rng, s: Scope, start: i64) -> Vec<(i64, i64)> {
    if s.good && g.pct(10) {
        // A one-payment settlement, sometimes no larger than the tolerance.
        return vec![(start + g.range(0, 20), g.range(1, 3_000))];
    }
    let settlement = s.variety && g.pct(15);
    let n = if settlement {
        1
    } else if g.pct(20) {
        g.range(1, 4) as usize
    } else {
        g.range(1, 36) as usize
    };
    let base = g.range(1_000, 200_000);
    let mut due = start + g.range(if s.variety { 0 } else { 1 }, 40);
    let step = match g.range(0, 3) {
        0 => 7,
        1 => 14,
        2 => 30,
        _ => 0,
    };
    let mut out = Vec::new();
    let down = s.variety && n >= 2 && g.pct(30);
    for k in 0..n {
        let mut amt = if g.pct(70) {
            base
        } else {
            g.range(100, 250_000)
        };
        if down && k == 0 {
            due = start;
            amt = g.range(500, 300_000);
        } else if k > 0 {
            let gap = if step == 0 { g.range(1, 45) } else { step };
            // Same-day installments now and then.
            if !(s.variety && g.pct(8)) {
                due += gap;
            }
        }
        out.push((due, amt));
    }
    if s.variety && n >= 2 && g.pct(20) {
        // A small last installment, often no larger than the tolerance.
        out[n - 1].1 = g.range(1, 400);
    }
    out
}

fn policy(g: &mut Rng, s: Scope) -> Pol {
    let tol = if !s.variety || g.pct(35) {
        0
    } else {
        match g.range(0, 2) {
            0 => g.range(1, 100),
            1 => g.range(100, 500),
            _ => g.range(1, 5_000),
        }
    };
    let days = if s.dense {
        g.range(0, 6)
    } else {
        match g.range(0, 9) {
            0 => 0,
            9 => 30,
            _ => g.range(1, 15),
        }
    };
    Pol {
        n: if s.good {
            g.range(2, 6) as u32
        } else if s.dense {
            g.range(1, 3) as u32
        } else {
            g.range(1, 4) as u32
        },
        tol,
        days,
        claw: s.extras && g.pct(60),
        rule: if g.pct(50) {
            "plan.clawback".into()
        } else {
            "house.reinstate".into()
        },
        inarrears: g.pct(50),
    }
}

/// Payments installment by installment: on time, late, partial, over,
/// skipped, doubled; then reversals and replacements.
fn ledger(g: &mut Rng, s: Scope, c: &mut Case) {
    let days = c.pol.days;
    let mut pays: Vec<(i64, i64)> = Vec::new();
    if s.variety && g.pct(25) {
        pays.push((c.start - g.range(1, 20), g.range(100, 100_000)));
    }
    let skip_all_after = if g.pct(if s.good { 8 } else { 25 }) {
        g.range(0, c.sched.len() as i64)
    } else {
        i64::MAX
    };
    for (k, &(due, amt)) in c.sched.iter().enumerate() {
        if k as i64 >= skip_all_after {
            break;
        }
        let draw = if s.good && g.pct(70) {
            g.range(0, 5)
        } else {
            g.range(0, 9)
        };
        let when = match draw {
            0..=3 => due - g.range(0, 5),
            4 | 5 => due + g.range(0, days),
            6 => due + days + g.range(0, 2),
            7 => due + days + g.range(1, 40),
            _ => continue, // skipped
        };
        let when = when.max(c.start - if s.variety { 3 } else { 0 });
        let tol = c.pol.tol;
        let a = match g.range(0, 9) {
            0 if s.variety => amt + g.range(1, amt),
            1 if tol > 0 => (amt - g.range(0, tol + 2)).max(1),
            2 => (amt - g.range(1, amt.max(2) - 1)).max(1),
            3 if s.variety => 2 * amt,
            _ => amt,
        };
        pays.push((when, a));
        if g.pct(10) {
            pays.push((when + g.range(0, 20), g.range(1, amt)));
        }
    }
    if s.dense {
        for _ in 0..g.range(0, 4) {
            let (due, amt) = c.sched[g.range(0, c.sched.len() as i64 - 1) as usize];
            pays.push((due + g.range(-3, days + 3), amt));
        }
    }
    pays.sort_by_key(|p| p.0);
    let mut txs: Vec<Tx> = Vec::new();
    let mut id = 0;
    let mut next_id = |p: &str| {
        id += 1;
        format!("{p}{id}")
    };
    for (day, a) in pays {
        txs.push(Tx {
            id: next_id("P"),
            day,
            kind: TxK::Pay(a),
        });
    }
    if s.reversals {
        let pct = if s.dense { 45 } else { 20 };
        let n = txs.len();
        for i in 0..n {
            if !g.pct(pct) {
                continue;
            }
            let p = txs[i].day;
            let r = match g.range(0, 5) {
                0 => p,
                1 => p + g.range(1, 3),
                2 => p + g.range(1, days + 10),
                _ => p + g.range(1, 60),
            };
            txs.push(Tx {
                id: next_id("R"),
                day: r,
                kind: TxK::Rev(i),
            });
            if g.pct(50) {
                let TxK::Pay(a) = txs[i].kind else {
                    unreachable!()
                };
                let a = if g.pct(70) { a } else { g.range(1, a) };
                let d = r + match g.range(0, 3) {
                    0 => 0,
                    1 => g.range(1, days.max(1)),
                    _ => g.range(1, days + 20),
                };
                txs.push(Tx {
                    id: next_id("P"),
                    day: d,
                    kind: TxK::Pay(a),
                });
            }
        }
    }
    if s.extras {
        extras(g, c, &mut txs, &mut next_id);
    }
    c.txs = txs;
}

fn extras(g: &mut Rng, c: &Case, txs: &mut Vec<Tx>, next_id: &mut impl FnMut(&str) -> String) {
    for _ in 0..g.range(0, 3) {
        let day = g.range(c.start - 10, c.as_of + 10);
        let kind = if g.pct(50) {
            TxK::Charge(g.range(1, 10_000))
        } else {
            TxK::Waiver(g.range(1, 10_000))
        };
        txs.push(Tx {
            id: next_id("X"),
            day,
            kind,
        });
    }
    if g.pct(25) {
        // A chargeback: before the start, after the as-of date, reversed,
        // or (rarely) in effect inside the window, which is an error.
        let which = g.range(0, 9);
        let day = match which {
            0..=2 => c.start - g.range(1, 10),
            3..=5 => c.as_of + g.range(1, 10),
            _ => g.range(c.start, c.as_of),
        };
        txs.push(Tx {
            id: next_id("C"),
            day,
            kind: TxK::Chargeback(g.range(100, 10_000)),
        });
        if (6..=8).contains(&which) {
            let i = txs.len() - 1;
            let r = if which == 8 {
                c.as_of + g.range(1, 5)
            } else {
                g.range(day, c.as_of)
            };
            txs.push(Tx {
                id: next_id("R"),
                day: r,
                kind: TxK::Rev(i),
            });
        }
    }
}

pub fn gen_case(seed: u64, s: Scope) -> Case {
    let mut g = Rng(seed.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ 0x9A11_0AC1);
    let start = g.range(0, 400);
    let pol = policy(&mut g, s);
    let sched = schedule(&mut g, s, start);
    let last = sched.last().unwrap().0 + pol.days;
    let as_of = match g.range(0, 3) {
        0 => g.range(start, last + 60),
        1 => last + g.range(-10, 10),
        _ => last + g.range(10, 90),
    }
    .max(start);
    let mut waived = [0; 4];
    if s.extras {
        for w in waived.iter_mut() {
            if g.pct(50) {
                *w = g.range(1, 100_000);
            }
        }
    }
    let mut c = Case {
        seed,
        start,
        sched,
        txs: Vec::new(),
        as_of,
        pol,
        waived,
        opened: start - 40,
    };
    ledger(&mut g, s, &mut c);
    c
}

pub fn build_ledger(c: &Case) -> Ledger {
    let mut l = Ledger::new(Currency::CNY, date(c.opened));
    for t in &c.txs {
        let d = date(t.day);
        let tx = match t.kind {
            TxK::Pay(a) => Transaction::repayment(&t.id, d, money(a)),
            TxK::Rev(i) => Transaction::reversal(&t.id, d, &c.txs[i].id),
            TxK::Chargeback(a) => Transaction::chargeback(&t.id, d, money(a), None),
            TxK::Charge(a) => Transaction::charge(&t.id, d, Component::Fee, money(a)),
            TxK::Waiver(a) => Transaction::waiver(&t.id, d, Component::Interest, money(a)),
        };
        l.record(tx)
            .unwrap_or_else(|e| panic!("seed {}: {e}", c.seed));
    }
    l
}

pub fn build_policy(c: &Case) -> MonitorPolicy {
    let p = &c.pol;
    MonitorPolicy::new(
        p.n,
        Tolerance {
            amount: Decimal::new(p.tol, 2),
            days: p.days as u32,
        },
        p.claw,
        &p.rule,
        1,
        3,
    )
    .unwrap()
    .with_missed_count(if p.inarrears {
        MissedCount::InArrears
    } else {
        MissedCount::Total
    })
}

pub fn build_schedule(c: &Case) -> Vec<(NaiveDate, Money)> {
    c.sched.iter().map(|&(d, a)| (date(d), money(a))).collect()
}

pub fn build_waived(c: &Case) -> Breakdown {
    let mut b = Breakdown::zero(Currency::CNY);
    for (k, comp) in COMPS.iter().enumerate() {
        b.set(*comp, Decimal::new(c.waived[k], 2));
    }
    b
}

/// A one-line description of the case, for failures.
pub fn describe(c: &Case) -> String {
    let sched: Vec<String> = c
        .sched
        .iter()
        .map(|&(d, a)| format!("{} {}", date(d), money(a).amount()))
        .collect();
    let txs: Vec<String> = c
        .txs
        .iter()
        .map(|t| match t.kind {
            TxK::Pay(a) => format!("{} pay {} {}", t.id, date(t.day), money(a).amount()),
            TxK::Rev(i) => format!("{} rev {} of {}", t.id, date(t.day), c.txs[i].id),
            TxK::Chargeback(a) => format!("{} cb {} {}", t.id, date(t.day), money(a).amount()),
            TxK::Charge(a) => format!("{} chg {} {}", t.id, date(t.day), money(a).amount()),
            TxK::Waiver(a) => format!("{} wv {} {}", t.id, date(t.day), money(a).amount()),
        })
        .collect();
    format!(
        "seed {} start {} as_of {} policy {:?} waived {:?}\n  schedule [{}]\n  ledger [{}]",
        c.seed,
        date(c.start),
        date(c.as_of),
        c.pol,
        c.waived,
        sched.join(", "),
        txs.join(", ")
    )
}
