//! The random cases: a card account (statements, minimums, payments,
//! charges, reversals), a window and a card policy, drawn from one seed
//! (`build.rs` puts them in the library's types).

use arrears::money::{Currency, Rounding};
use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::more::custom_rows;
pub use crate::more::{describe, published_rows};
use crate::num::{add_months, day, plus, total, Parts, Rng, FEE, INT, PRI};

/// What a stage draws.
#[derive(Clone, Copy, Debug, Default)]
pub struct Scope {
    /// Policy variations beyond the two presets (bases, exclusions,
    /// grace exemption, rounding, 违约金 rates, floors and escalation).
    pub variety: bool,
    /// The US safe harbor (preset or custom tables) and USD.
    pub us: bool,
    /// Payments reversed (bounced).
    pub reversals: bool,
    /// Statement months skipped (a gap of two or three months).
    pub gaps: bool,
    /// Statements at month end (the 29th–31st, or the month's last day).
    pub month_end: bool,
    /// Windows that start or end on a statement, due or charge date (± 1).
    pub pinned: bool,
    /// Charges in the ledger (fees, interest, penalty, purchases), billed
    /// by the next statement, some reversed.
    pub charges: bool,
    /// Stage 8: statement days that drift within a month, due dates on or
    /// after the next statement date, currencies of 0, 3 or 4 minor units
    /// and a custom one (`more.rs`).
    pub drift: bool,
    /// Stage 9: minimums from a `MinimumPaymentRule` (presets or random),
    /// netted by the account; purchases reversed after a rule statement.
    pub rules: bool,
    /// Stage 10: waivers, chargebacks, a charge-off and charges naming a
    /// statement in the ledger.
    pub extras: bool,
}

/// A charge in the ledger: billed by the first statement dated on or after
/// it (its balance, and its minimum when that takes the component in
/// full, include it unless it was reversed by the statement date).
#[derive(Clone, Debug)]
pub struct OCharge {
    pub id: String,
    pub date: NaiveDate,
    pub comp: usize,
    pub amount: i128,
    pub reversed_on: Option<NaiveDate>,
    /// The statement (0-based) that bills it, if any.
    pub billed_by: Option<usize>,
    /// Whether that statement's minimum includes it.
    pub in_min: bool,
    /// The statement (1-based) the charge names, if any (stage 10).
    pub names: Option<u32>,
}

#[derive(Clone, Debug)]
pub struct OStmt {
    pub date: NaiveDate,
    pub due: NaiveDate,
    pub bal: Parts,
    pub min: Parts,
    /// The rule the account computes the minimum by (stage 9); `min` is
    /// then the rule's minimum on the drawn balance, for the generator only.
    pub rule: Option<crate::more::ORule>,
}

#[derive(Clone, Debug)]
pub struct OPay {
    pub id: String,
    pub date: NaiveDate,
    pub amount: i128,
    /// Value date of its reversal, if bounced.
    pub reversed_on: Option<NaiveDate>,
}

#[derive(Clone, Debug)]
pub struct OInterest {
    pub rule: String,
    pub basis: i128,
    /// Excluded components, in `COMPS` order.
    pub excluded: [bool; 4],
    pub exempt: bool,
}

#[derive(Clone, Debug)]
pub enum OLate {
    Pct {
        rule: String,
        rate: Decimal,
        esc_rate: Decimal,
        esc_after: u32,
        floor: i128,
    },
    /// Active rows: (effective, first, repeat) in minor units.
    Us {
        rule: String,
        rows: Vec<(NaiveDate, i128, i128)>,
        published: bool,
    },
}

#[derive(Clone, Debug)]
pub struct Case {
    pub seed: u64,
    pub cur: Currency,
    pub annual: Decimal,
    pub opened: NaiveDate,
    pub stmts: Vec<OStmt>,
    pub pays: Vec<OPay>,
    pub charges: Vec<OCharge>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub interest: Option<OInterest>,
    pub late: Option<OLate>,
    pub rounding: Rounding,
    /// Which preset the policy started from ("cn", "us", "custom").
    pub preset: &'static str,
    /// Waivers and chargebacks, in recording order (stage 10).
    pub extras: Vec<crate::more::OExtra>,
    /// A charge-off's date (stage 10).
    pub charge_off: Option<NaiveDate>,
}

fn amount(rng: &mut Rng, hi: i64) -> i128 {
    match rng.range(0, 9) {
        0 => rng.range(1, 999) as i128,
        1..=6 => rng.range(100, hi) as i128,
        _ => rng.range(1, 200) as i128 * 100,
    }
}

pub fn gen_case(seed: u64, scope: Scope) -> Case {
    let mut rng = Rng(seed);
    let us = scope.us && rng.pct(60);
    let cur = if us || (scope.us && rng.pct(30)) {
        Currency::USD
    } else {
        Currency::CNY
    };
    let annual = match rng.range(0, 5) {
        0 => Decimal::new(1825, 4),  // 万分之五 × 365
        1 => Decimal::new(1800, 4),  // 万分之五 × 360
        2 => Decimal::new(12775, 5), // 万分之三点五 × 365
        3 => Decimal::new(2499, 4),
        4 => Decimal::new(rng.range(1, 3650), 4),
        _ => Decimal::new(rng.range(1, 99_999), 6),
    };
    let y = rng.range(2014, 2025) as i32;
    let opened = day(y, rng.range(1, 12) as u32, rng.range(1, 28) as u32);
    let sday = if scope.month_end && rng.pct(70) {
        rng.range(29, 31) as u32
    } else {
        rng.range(1, 28) as u32
    };
    let n = rng.range(1, 8) as u32;
    let grace = rng.range(10, 25);
    let mut stmts: Vec<OStmt> = Vec::new();
    let mut month = 1;
    let first = add_months(day(opened.year_(), opened.month_(), 1), 0);
    for _ in 0..n {
        let date = add_months(first, month);
        let date = (0..4)
            .find_map(|k| NaiveDate::from_ymd_opt(date.year_(), date.month_(), sday - k))
            .unwrap();
        let due = plus(date, grace);
        let mut bal = [0; 4];
        bal[PRI] = if rng.pct(5) {
            0
        } else {
            amount(&mut rng, 2_000_000)
        };
        if rng.pct(40) {
            bal[FEE] = rng.range(1, 10_000) as i128;
        }
        if rng.pct(30) {
            bal[INT] = rng.range(1, 30_000) as i128;
        }
        if rng.pct(10) {
            bal[0] = rng.range(1, 5_000) as i128;
        }
        let mut min = [0; 4];
        match rng.range(0, 5) {
            0 => {}
            1 => min[PRI] = bal[PRI].min(rng.range(1, 50_000) as i128),
            _ => {
                min = bal;
                min[PRI] = (bal[PRI] / 10).max(bal[PRI].min(if us { 2_500 } else { 0 }));
            }
        }
        stmts.push(OStmt {
            date,
            due,
            bal,
            min,
            rule: None,
        });
        month += if scope.gaps && rng.pct(15) {
            rng.range(2, 3) as u32
        } else {
            1
        };
    }
    // Stages 8 and 9 draw from a generator of their own, so that the
    // cases of the earlier stages stay the same.
    let mut more = Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B);
    if scope.drift {
        crate::more::drift(&mut more, &mut stmts, opened);
    }
    if scope.rules {
        crate::more::rules(&mut more, &mut stmts, us);
    }
    // Payments: per statement a behaviour, then a few at random.
    let mut pays = Vec::new();
    let push = |pays: &mut Vec<OPay>, date: NaiveDate, amount: i128| {
        if amount > 0 {
            let id = format!("p{}", pays.len());
            pays.push(OPay {
                id,
                date,
                amount,
                reversed_on: None,
            });
        }
    };
    for s in &stmts {
        let g = (s.due - s.date).num_days();
        let in_grace = |rng: &mut Rng| plus(s.date, rng.range(1, g));
        match rng.range(0, 9) {
            0 | 1 => {
                let d = in_grace(&mut rng);
                push(&mut pays, d, total(&s.bal));
            }
            2 => {
                let a = total(&s.bal) / 2;
                let d = in_grace(&mut rng);
                push(&mut pays, d, a);
                let d = in_grace(&mut rng);
                push(&mut pays, d, total(&s.bal) - a);
            }
            3 | 4 => {
                let d = in_grace(&mut rng);
                push(&mut pays, d, total(&s.min));
            }
            5 => {
                let d = in_grace(&mut rng);
                push(&mut pays, d, total(&s.min) / 2);
            }
            6 => {
                let d = plus(s.due, rng.range(1, 20));
                push(&mut pays, d, total(&s.min));
            }
            7 => {
                let d = if rng.pct(50) { s.date } else { s.due };
                push(&mut pays, d, total(&s.min).max(1));
            }
            _ => {}
        }
    }
    let last = stmts.iter().map(|s| s.due).max().unwrap();
    for _ in 0..rng.range(0, 3) {
        let d = plus(opened, rng.range(0, (plus(last, 30) - opened).num_days()));
        let a = amount(&mut rng, 500_000);
        push(&mut pays, d, a);
    }
    pays.sort_by_key(|p| p.date);
    for (i, p) in pays.iter_mut().enumerate() {
        p.id = format!("p{i}");
    }
    if scope.reversals {
        for p in pays.iter_mut() {
            if rng.pct(20) {
                p.reversed_on = Some(plus(p.date, rng.range(0, 40)));
            }
        }
    }
    let charges = if scope.charges {
        gen_charges(&mut rng, &mut stmts, opened, scope.rules)
    } else {
        vec![]
    };
    // The window.
    let span = (plus(last, 60) - opened).num_days();
    let key = |rng: &mut Rng| {
        let s = &stmts[rng.range(0, stmts.len() as i64 - 1) as usize];
        let d = *rng.pick(&[s.date, s.due, plus(s.due, 1), plus(s.due, 2)]);
        plus(d, rng.range(-1, 1))
    };
    let (from, to) = if scope.pinned && rng.pct(60) {
        let a = key(&mut rng);
        let b = if rng.pct(50) {
            key(&mut rng)
        } else {
            plus(a, rng.range(1, 45))
        };
        let (a, b) = (a.min(b).max(opened), a.max(b));
        (a, if b > a { b } else { plus(a, 1) })
    } else if rng.pct(25) {
        (opened, plus(last, rng.range(1, 60)))
    } else {
        let a = rng.range(0, span - 1);
        let w = *rng.pick(&[5, 30, 90, 400]);
        let b = rng.range(a + 1, span.min(a + w));
        (plus(opened, a), plus(opened, b))
    };
    if scope.pinned && scope.reversals && !pays.is_empty() && rng.pct(30) {
        // A reversal on the window's last day or the day after.
        let i = rng.range(0, pays.len() as i64 - 1) as usize;
        if pays[i].date < plus(to, -1) {
            pays[i].reversed_on = Some(plus(to, rng.range(-1, 0)));
        }
    }
    // The policy.
    let mut interest;
    let mut late;
    let mut rounding = Rounding::HalfUp;
    let preset;
    if us {
        preset = "us";
        interest = Some(OInterest {
            rule: "us.card.interest".into(),
            basis: 365,
            excluded: [false; 4],
            exempt: true,
        });
        late = Some(OLate::Us {
            rule: "us.reg_z.safe_harbor".into(),
            rows: published_rows(),
            published: true,
        });
    } else {
        preset = "cn";
        interest = Some(OInterest {
            rule: "cn.card.interest".into(),
            basis: 365,
            excluded: [false, true, false, false],
            exempt: false,
        });
        late = Some(OLate::Pct {
            rule: "cn.card.late_charge".into(),
            rate: Decimal::new(5, 2),
            esc_rate: Decimal::new(5, 2),
            esc_after: 0,
            floor: 10 * 10i128.pow(cur.minor_units()),
        });
    }
    let mut preset = preset;
    if scope.variety && rng.pct(70) {
        preset = "custom";
        if let Some(i) = interest.as_mut() {
            i.basis = *rng.pick(&[360, 365]);
            for e in i.excluded.iter_mut() {
                *e = rng.pct(25);
            }
            // Excluding every component is refused (`validate`): keep one.
            if i.excluded.iter().all(|e| *e) {
                i.excluded[rng.range(0, 3) as usize] = false;
            }
            i.exempt = rng.pct(50);
        }
        if rng.pct(10) {
            interest = None;
        }
        rounding = *rng.pick(&[
            Rounding::HalfUp,
            Rounding::HalfEven,
            Rounding::TowardZero,
            Rounding::AwayFromZero,
        ]);
        late = match rng.range(0, 9) {
            0 => None,
            1..=5 if !us => {
                let rate = Decimal::new(rng.range(1, 150), 3);
                Some(OLate::Pct {
                    rule: "oracle.late".into(),
                    rate,
                    esc_rate: rate + Decimal::new(rng.range(0, 50), 3),
                    esc_after: *rng.pick(&[0, 1, 2, 2, 3, 4]),
                    floor: *rng.pick(&[0, 1, 500, 1000, 2000, 10_000]),
                })
            }
            _ if scope.us => Some(OLate::Us {
                rule: "oracle.reg_z".into(),
                rows: if rng.pct(50) {
                    published_rows()
                } else {
                    custom_rows(&mut rng)
                },
                published: false,
            }),
            _ => late,
        };
    }
    let mut case = Case {
        seed,
        cur,
        annual,
        opened,
        stmts,
        pays,
        charges,
        from,
        to,
        interest,
        late,
        rounding,
        preset,
        extras: vec![],
        charge_off: None,
    };
    if scope.extras {
        crate::more::extras(&mut more, &mut case);
    }
    if scope.drift {
        crate::more::currency(&mut more, &mut case);
    }
    case
}

/// 1–5 charges; a reversal after the billing statement only of a charge
/// its minimum takes in full (fees, interest, penalty: "comes off that
/// statement's minimum"); purchases are never reversed after it.
fn gen_charges(rng: &mut Rng, stmts: &mut [OStmt], opened: NaiveDate, rules: bool) -> Vec<OCharge> {
    let last = stmts.last().unwrap().date;
    let mut out = vec![];
    for i in 0..rng.range(1, 5) {
        let date = plus(opened, rng.range(0, (plus(last, 20) - opened).num_days()));
        let comp = *rng.pick(&[0, FEE, FEE, FEE, INT, PRI]);
        let amount = rng.range(1, 20_000) as i128;
        let billed_by = stmts.iter().position(|s| s.date >= date);
        let next = billed_by.and_then(|k| stmts.get(k + 1)).map(|s| s.date);
        let mut reversed_on = rng.pct(50).then(|| plus(date, rng.range(0, 60)));
        let mut in_min = false;
        if let Some(k) = billed_by {
            let s = &mut stmts[k];
            let in_full = comp != PRI && s.min[comp] == s.bal[comp];
            if s.rule.is_none() && reversed_on.is_some_and(|r| r > s.date) && !in_full {
                reversed_on = None;
            }
            // Stage 9: a charge reversed after its statement is reversed
            // before the next one, which so never carried it (what a later
            // rule statement "carried" is left open by the docs).
            if rules && reversed_on.is_some_and(|r| next.is_some_and(|n| r >= n)) {
                reversed_on = None;
            }
            if reversed_on.map_or(true, |r| r > s.date) {
                s.bal[comp] += amount;
                if in_full && s.rule.is_none() {
                    s.min[comp] += amount;
                    in_min = true;
                }
            }
        }
        out.push(OCharge {
            id: format!("c{i}"),
            date,
            comp,
            amount,
            reversed_on,
            billed_by,
            in_min,
            names: None,
        });
    }
    out
}

trait Ymd {
    fn year_(&self) -> i32;
    fn month_(&self) -> u32;
}
impl Ymd for NaiveDate {
    fn year_(&self) -> i32 {
        chrono::Datelike::year(self)
    }
    fn month_(&self) -> u32 {
        chrono::Datelike::month(self)
    }
}
