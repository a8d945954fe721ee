//! Stages 8–10: what the generator adds to a case, from a generator of
//! its own (the cases of stages 1–7 stay the same): drifting statement
//! days, long grace periods and other currencies (8), minimums from a
//! `MinimumPaymentRule` (9), waivers, chargebacks, a charge-off and
//! charges naming a statement (10).

use arrears::money::Currency;
use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::case::{Case, OLate, OStmt};
use crate::num::{day, plus, total, Rng, FEE, PRI};

/// A `MinimumPaymentRule` as data.
#[derive(Clone, Debug)]
pub struct ORule {
    /// `Some("cn")` / `Some("us")`: `cn_typical()` / `us_typical()`.
    pub preset: Option<&'static str>,
    pub pct: Decimal,
    pub include: bool,
    /// In whole currency units (`floor` is a plain decimal, the account's
    /// currency applies).
    pub floor: Decimal,
}

/// A waiver or chargeback, in recording order after every other entry.
#[derive(Clone, Debug)]
pub enum OExtra {
    Waiver {
        id: String,
        date: NaiveDate,
        comp: usize,
        amount: i128,
        /// The statement it names (1-based), if any.
        names: Option<u32>,
    },
    Chargeback {
        id: String,
        date: NaiveDate,
        amount: i128,
        names: Option<u32>,
    },
}

/// Stage 8: statement days drift (−4..=+4 days, order kept) and grace
/// periods that reach to or past the next statement date.
pub fn drift(rng: &mut Rng, stmts: &mut [OStmt], opened: NaiveDate) {
    let drift = rng.pct(60);
    let long = rng.pct(50);
    let mut prev: Option<NaiveDate> = None;
    for s in stmts.iter_mut() {
        let grace = (s.due - s.date).num_days();
        if drift {
            let d = plus(s.date, rng.range(-4, 4));
            let lo = prev.map_or(opened, |p| plus(p, 1));
            s.date = d.max(lo);
        }
        s.due = plus(s.date, grace);
        prev = Some(s.date);
    }
    if long {
        for k in 0..stmts.len() {
            let next = stmts.get(k + 1).map(|n| n.date);
            let s = &mut stmts[k];
            s.due = match next {
                // On the next statement date, or up to 12 days past it.
                Some(n) if rng.pct(70) => plus(n, rng.range(0, 12)),
                _ => plus(s.date, rng.range(25, 50)),
            };
        }
    }
}

/// Stage 9: every statement, or some, takes its minimum from a rule.
pub fn rules(rng: &mut Rng, stmts: &mut [OStmt], us: bool) {
    let all = rng.pct(50);
    let shared = draw_rule(rng, us);
    for s in stmts.iter_mut() {
        if all || rng.pct(60) {
            let r = if rng.pct(70) {
                shared.clone()
            } else {
                draw_rule(rng, us)
            };
            // What the generator's payments aim at; the model recomputes.
            s.min = rule_minimum(&r, &s.bal, 2);
            s.rule = Some(r);
        }
    }
}

fn draw_rule(rng: &mut Rng, us: bool) -> ORule {
    match rng.range(0, 5) {
        0 => preset_rule("cn"),
        1 => preset_rule("us"),
        _ => {
            let (p1, p2, f1, f2) = (
                rng.range(1, 9999),
                rng.range(1, 999),
                rng.range(1, 999),
                rng.range(1, 3000),
            );
            ORule {
                preset: None,
                pct: *rng.pick(&[
                    Decimal::ZERO,
                    Decimal::new(1, 2),
                    Decimal::new(2, 2),
                    Decimal::new(5, 2),
                    Decimal::new(1, 1),
                    Decimal::ONE,
                    Decimal::new(p1, 4),
                    Decimal::new(p2, 5),
                ]),
                include: rng.pct(70),
                floor: *rng.pick(&[
                    Decimal::ZERO,
                    Decimal::ZERO,
                    Decimal::from(25),
                    Decimal::new(f1, 2),
                    Decimal::from(if us { 35 } else { 100 }),
                    Decimal::from(f2),
                ]),
            }
        }
    }
}

/// The presets as their docs state them.
pub fn preset_rule(which: &'static str) -> ORule {
    match which {
        "cn" => ORule {
            preset: Some("cn"),
            pct: Decimal::new(1, 1),
            include: true,
            floor: Decimal::ZERO,
        },
        _ => ORule {
            preset: Some("us"),
            pct: Decimal::new(1, 2),
            include: true,
            floor: Decimal::from(25),
        },
    }
}

/// `MinimumPaymentRule::minimum` as its docs say: `pct` × principal
/// rounded up to the minor unit, plus interest, fee and penalty in full
/// when the rule includes them, raised to the floor, never more than the
/// balance. Doc gap decided here: the raise goes to principal first, then
/// penalty, fee, interest (the waterfall), each up to its balance.
pub fn rule_minimum(r: &ORule, bal: &[i128; 4], minor_units: u32) -> [i128; 4] {
    let mut m = [0; 4];
    let (n, d) = crate::num::frac(r.pct);
    m[PRI] = (bal[PRI] * n + d - 1).div_euclid(d);
    if r.include {
        m[..PRI].copy_from_slice(&bal[..PRI]);
    }
    raise(&mut m, bal, floor_minor(r, minor_units));
    m
}

/// The rule's floor in minor units (rounded up if finer: doc gap, never
/// drawn).
pub fn floor_minor(r: &ORule, minor_units: u32) -> i128 {
    let (n, d) = crate::num::frac(r.floor * Decimal::from(10i64.pow(minor_units)));
    (n + d - 1).div_euclid(d)
}

/// Raises `m` to `floor` in total, principal first, then penalty, fee,
/// interest, each within `cap`.
pub fn raise(m: &mut [i128; 4], cap: &[i128; 4], floor: i128) {
    let mut need = floor - total(m);
    for c in [PRI, 0, FEE, 2] {
        if need <= 0 {
            break;
        }
        let x = need.min(cap[c] - m[c]).max(0);
        m[c] += x;
        need -= x;
    }
}

/// Stage 10: 1–4 waivers and chargebacks, charges naming a statement, a
/// charge-off now and then.
pub fn extras(rng: &mut Rng, c: &mut Case) {
    let end = plus(c.stmts.iter().map(|s| s.due).max().unwrap(), 30);
    let span = (end - c.opened).num_days();
    let n = c.stmts.len() as i64;
    for ch in c.charges.iter_mut() {
        if rng.pct(40) {
            ch.names = Some(rng.range(1, n) as u32);
        }
    }
    let mut cancelled = vec![[0i128; 4]; c.stmts.len()];
    for i in 0..rng.range(1, 4) {
        let date = plus(c.opened, rng.range(0, span));
        let names = rng
            .pct(30)
            .then(|| rng.range(1, n) as u32)
            // Only a statement issued before the date (doc: "an issued
            // statement"; on its own date it is not yet issued).
            .filter(|j| c.stmts[*j as usize - 1].date < date);
        let amount = match rng.range(0, 3) {
            0 => rng.range(1, 999) as i128,
            1 => rng.range(1, 30_000) as i128,
            _ => c
                .pays
                .get(rng.range(0, 9) as usize)
                .map_or(5_000, |p| p.amount),
        };
        if rng.pct(50) {
            let comp = *rng.pick(&[0, FEE, FEE, 2, PRI]);
            // Its billing cycle's charges of the component: cancelled
            // first, so a host's closing balance is net of what it
            // cancels. Doc gap: a waiver in a closing balance whose
            // charge is reversed after the statement; not drawn.
            let cycle = c.stmts.iter().position(|s| s.date >= date);
            let mine = |ch: &&crate::case::OCharge| ch.comp == comp && ch.billed_by == cycle;
            let reversed_after = c.charges.iter().filter(mine).any(|ch| {
                ch.reversed_on
                    .is_some_and(|r| cycle.map_or(true, |k| r > c.stmts[k].date))
            });
            if reversed_after {
                continue;
            }
            if let Some(k) = cycle {
                let pool: i128 = c
                    .charges
                    .iter()
                    .filter(mine)
                    .filter(|ch| ch.reversed_on.is_none())
                    .map(|ch| ch.amount)
                    .sum::<i128>()
                    - cancelled[k][comp];
                let x = amount.min(pool).max(0).min(c.stmts[k].bal[comp]);
                cancelled[k][comp] += x;
                c.stmts[k].bal[comp] -= x;
                c.stmts[k].min[comp] = c.stmts[k].min[comp].min(c.stmts[k].bal[comp]);
            }
            c.extras.push(OExtra::Waiver {
                id: format!("w{i}"),
                date,
                comp,
                amount,
                names,
            });
        } else {
            // Dated on or before the first statement: in its balance,
            // like a charge ("owes nothing more"); later, a host puts it
            // in the next statement's balance (the revolving balance).
            if let Some(k) = c.stmts.iter().position(|s| s.date >= date) {
                c.stmts[k].bal[PRI] += amount;
            }
            c.extras.push(OExtra::Chargeback {
                id: format!("b{i}"),
                date,
                amount,
                names,
            });
        }
    }
    if rng.pct(30) {
        c.charge_off = Some(plus(c.opened, rng.range(0, span)));
    }
}

/// Stage 8: a currency of 0, 3 or 4 minor units, or a custom one, for a
/// case whose policy names no dollar amounts (no safe harbor). Amounts
/// stay the same numbers of minor units.
pub fn currency(rng: &mut Rng, c: &mut Case) {
    if c.preset == "us" || matches!(c.late, Some(OLate::Us { .. })) || rng.pct(30) {
        return;
    }
    let cur = match rng.range(0, 4) {
        0 => Currency::JPY,
        1 => Currency::KRW,
        2 => Currency::new("BHD", 3).unwrap(),
        3 => Currency::new("XTS", 2).unwrap(),
        _ => Currency::new("XTF", 4).unwrap(),
    };
    if c.preset == "cn" {
        // The preset's floor is CNY 10 as a plain 10: ten units of any
        // currency.
        if let Some(OLate::Pct { floor, .. }) = c.late.as_mut() {
            *floor = 10 * 10i128.pow(cur.minor_units());
        }
    }
    c.cur = cur;
}

/// RULES.md §2.5's active rows, in cents (the first row's start, 2010-08-22,
/// is the CARD Act's; RULES.md prints "to 2013-12-31").
pub fn published_rows() -> Vec<(NaiveDate, i128, i128)> {
    vec![
        (day(2010, 8, 22), 2500, 3500),
        (day(2014, 1, 1), 2600, 3700),
        (day(2015, 1, 1), 2700, 3800),
        (day(2016, 1, 1), 2700, 3700),
        (day(2016, 6, 27), 2700, 3800),
        (day(2019, 1, 1), 2800, 3900),
        (day(2020, 1, 1), 2900, 4000),
        (day(2022, 1, 1), 3000, 4100),
    ]
}

pub fn custom_rows(rng: &mut Rng) -> Vec<(NaiveDate, i128, i128)> {
    let mut rows = vec![];
    let mut d = day(2013, 1, 1);
    for _ in 0..rng.range(1, 6) {
        // A first amount of 0.00 (the first late fee waived): no fee
        // imposed, no repeat window (finding 1, `repro.rs`).
        let first = if rng.pct(15) {
            0
        } else {
            rng.range(1, 6000) as i128
        };
        rows.push((d, first, first + rng.range(0, 3000) as i128));
        d = plus(d, rng.range(30, 900));
    }
    rows
}

pub fn describe(c: &Case) -> String {
    let mut s = format!(
        "seed {} {:?} rate {} opened {} window {}..{} preset {} rounding {:?}\n    interest {:?}\n    late {:?}",
        c.seed, c.cur, c.annual, c.opened, c.from, c.to, c.preset, c.rounding, c.interest, c.late
    );
    for (i, st) in c.stmts.iter().enumerate() {
        s += &format!(
            "\n    #{} {} due {} bal {:?} min {:?}",
            i + 1,
            st.date,
            st.due,
            st.bal,
            st.min
        );
    }
    for p in &c.pays {
        s += &format!(
            "\n    pay {} {} {} rev {:?}",
            p.id, p.date, p.amount, p.reversed_on
        );
    }
    for ch in &c.charges {
        s += &format!("\n    charge {ch:?}");
    }
    for (i, st) in c.stmts.iter().enumerate() {
        if let Some(r) = &st.rule {
            s += &format!("\n    #{} rule {r:?}", i + 1);
        }
    }
    for e in &c.extras {
        s += &format!("\n    {e:?}");
    }
    if let Some(d) = c.charge_off {
        s += &format!("\n    charge-off {d}");
    }
    s
}
