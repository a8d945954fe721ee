//! The stages' case generators, and the known library bugs kept out of
//! the default run.

use arrears::loan::Frequency;
use arrears::plan::{AccountFlag, ForbearanceOption, Requirement, TermKind};

use crate::gen::{add_days, add_months, gen_loan, Facts, Lim, Pol, Req, Sched, W};
use crate::model::period_after;
use crate::rng::Rng;
use crate::Case;

/// `Some(v)` with probability `pct` % (`v` is drawn first, always).
macro_rules! opt {
    ($g:expr, $pct:expr, $v:expr) => {{
        let v = $v;
        $g.chance($pct).then_some(v)
    }};
}

fn lim_installments(g: &mut Rng, tag: &str) -> Lim {
    let max_n = g.range(3, 60) as u32;
    let term = g.range(6, 60) as u32;
    let min = g.range(1, 40) * 5000;
    Lim {
        max_n: opt!(g, 50, (max_n, format!("t.{tag}.max_n"))),
        max_term: opt!(g, 40, (term, format!("t.{tag}.max_term"))),
        min_inst: opt!(g, 50, (min, format!("t.{tag}.min"))),
        ..Lim::default()
    }
}

fn base_facts(g: &mut Rng) -> Facts {
    Facts {
        dpd: opt!(g, 30, g.range(0, 400) as u32),
        income: opt!(g, 40, g.range(10, 3000) * 1000),
        expenses: opt!(g, 30, g.range(0, 1000) * 1000),
        ..Facts::default()
    }
}

fn base_policy(g: &mut Rng, allowed: Vec<TermKind>) -> Pol {
    let mut p = Pol {
        lim: lim_installments(g, "d"),
        allowed,
        forbearance: vec![
            ForbearanceOption::TermExtension,
            ForbearanceOption::DebtAdviceReferral,
        ],
        ..Pol::default()
    };
    if g.chance(30) {
        let lo = g.range(0, 120) as u32;
        p.dpd = Some((lo, opt!(g, 50, lo + g.range(0, 300) as u32)));
    }
    for b in 0..g.range(0, 2) {
        let lo = g.range(0, 200) as u32;
        let hi = opt!(g, 50, lo + g.range(0, 200) as u32);
        p.bands
            .push((lo, hi, lim_installments(g, &format!("b{b}"))));
    }
    if g.chance(40) {
        p.afford = Some((g.range(10, 100) as u32, g.chance(50)));
    }
    if g.chance(50) {
        let sup = g.range(0, 5000) * 100;
        p.approval = Some((opt!(g, 70, sup), opt!(g, 50, sup + g.range(0, 20000) * 100)));
    }
    p
}

fn installments(g: &mut Rng, as_of: chrono::NaiveDate, weekly_ok: bool) -> Sched {
    let freq = if weekly_ok && g.chance(25) {
        *g.pick(&[Frequency::Weekly, Frequency::BiWeekly])
    } else {
        Frequency::Monthly
    };
    let one = period_after(as_of, freq, 1);
    let span = (one - as_of).num_days();
    Sched::Inst {
        n: g.range(1, 80) as u32,
        freq,
        first: add_days(as_of, g.range(0, span)),
        reage: false,
        down: None,
    }
}

fn req(sched: Sched) -> Req {
    Req {
        sched,
        deferral: None,
        waivers: Vec::new(),
        overdue_scope: false,
        requirements: Vec::new(),
        referral: false,
        rate: None,
        dom: None,
    }
}

pub fn gen_installments(g: &mut Rng, seed: u64) -> Option<Case> {
    let loan = gen_loan(g);
    let mut pol = base_policy(g, vec![TermKind::Installments]);
    let facts = base_facts(g);
    let weekly = pol.afford.is_none() || facts.income.is_none();
    if !weekly {
        pol.afford = pol.afford.filter(|_| true);
    }
    let mut r = req(installments(g, loan.as_of, weekly));
    r.overdue_scope = g.chance(25);
    pol.allowed.push(TermKind::ReAge);
    if g.chance(40) {
        pol.lim.min_down = Some((*g.pick(&[0, 5, 10, 20, 30]), "t.d.down".into()));
    }
    let a = crate::gen::acct(&loan.position());
    let base: i64 = if r.overdue_scope {
        a.overdue
    } else {
        a.outstanding
    }
    .iter()
    .sum();
    if let Sched::Inst { reage, down, .. } = &mut r.sched {
        if g.chance(20) {
            *reage = true;
        } else if g.chance(40) && base > 2 {
            *down = Some(g.range(1, base / 2));
        }
    }
    Some(Case {
        seed,
        loan,
        facts,
        pol,
        req: r,
    })
}

pub fn gen_waivers(g: &mut Rng, seed: u64) -> Option<Case> {
    let loan = gen_loan(g);
    let mut pol = base_policy(
        g,
        vec![
            TermKind::Installments,
            TermKind::Waiver,
            TermKind::Settlement,
        ],
    );
    pol.afford = None;
    let sup = g.range(0, 500) * 100;
    pol.approval = Some((opt!(g, 80, sup), opt!(g, 60, sup + g.range(0, 3000) * 100)));
    for c in 0..3 {
        if g.chance(60) {
            pol.lim.waiver[c] = Some((*g.pick(&[10, 20, 25, 50, 100]), format!("t.d.waiver{c}")));
        }
    }
    if g.chance(70) {
        pol.lim.max_discount = Some((*g.pick(&[10, 20, 30, 40, 50]), "t.d.discount".into()));
    }
    if g.chance(30) {
        let lo = g.range(0, 200) as u32;
        let l = Lim {
            max_discount: Some((*g.pick(&[30, 50, 60]), "t.b9.discount".into())),
            ..Lim::default()
        };
        pol.bands.push((lo, None, l));
    }
    let facts = Facts {
        dpd: opt!(g, 30, g.range(0, 400) as u32),
        contract_rate: opt!(g, 70, *g.pick(&[0, 4, 6, 12, 24])),
        ..Facts::default()
    };
    let a = crate::gen::acct(&loan.position());
    let total: i64 = a.outstanding.iter().sum();
    if total < 100 {
        return None;
    }
    let r = if g.chance(50) {
        let mut r = req(installments(g, loan.as_of, true));
        for c in 0..3 {
            if a.outstanding[c] > 0 && g.chance(50) {
                let w = if g.chance(50) {
                    W::Pct(*g.pick(&[10, 20, 25, 50, 75, 100]))
                } else {
                    W::Amount(g.range(1, a.outstanding[c]))
                };
                r.waivers.push((c, w));
            }
        }
        if g.chance(40) {
            pol.allowed.push(TermKind::RateChange);
        }
        if g.chance(50) {
            let rate = opt!(g, 70, *g.pick(&[0, 2, 4, 6, 12, 24]));
            r.rate = Some((rate, g.range(1, 36) as u32));
        }
        if g.chance(70) {
            let floor = match g.range(0, 2) {
                0 => None,
                1 => Some(None),
                _ => Some(Some(*g.pick(&[0, 3, 5]))),
            };
            let months = opt!(g, 50, g.range(3, 24) as u32);
            pol.lim.interest = Some(((floor, months), "t.d.interest".into()));
        }
        r
    } else {
        let pct = g.range(30, 100);
        let amount = (total * pct / 100).max(1);
        req(Sched::Settle {
            amount,
            pay_by: add_days(loan.as_of, g.range(0, 60)),
            k: if g.chance(60) {
                1
            } else {
                g.range(2, 4) as u32
            },
        })
    };
    if matches!(r.sched, Sched::Settle { k, .. } if k > 1) {
        pol.lim.min_inst = None;
        pol.lim.max_term = None;
        for b in &mut pol.bands {
            b.2.min_inst = None;
            b.2.max_term = None;
        }
    }
    Some(Case {
        seed,
        loan,
        facts,
        pol,
        req: r,
    })
}

pub fn gen_deferrals(g: &mut Rng, seed: u64) -> Option<Case> {
    let loan = gen_loan(g);
    let mut pol = base_policy(g, vec![TermKind::Installments, TermKind::Deferral]);
    pol.afford = None;
    pol.lim.max_deferral = opt!(g, 85, (g.range(10, 120) as u32, "t.d.deferral".into()));
    let facts = Facts {
        dpd: opt!(g, 30, g.range(0, 400) as u32),
        ..Facts::default()
    };
    let as_of = loan.as_of;
    let mut r = if g.chance(30) {
        // A payment holiday.
        let mut r = req(Sched::None);
        r.deferral = Some((g.range(1, 150) as u32, g.chance(30)));
        r
    } else {
        let mut s = installments(g, as_of, true);
        let beyond = g.chance(50);
        if let Sched::Inst { first, freq, .. } = &mut s {
            if beyond {
                *first = add_days(period_after(as_of, *freq, 1), g.range(1, 150));
            }
        }
        let mut r = req(s);
        if !beyond || g.chance(40) {
            r.deferral = Some((g.range(1, 150) as u32, g.chance(30)));
        }
        r
    };
    r.overdue_scope = false;
    let monthly = !matches!(r.sched, Sched::Inst { freq, .. } if freq != Frequency::Monthly);
    if monthly && g.chance(35) {
        r.dom = Some(g.range(1, 31) as u32);
        if g.chance(30) {
            r.deferral = None;
        }
        if g.chance(85) {
            pol.allowed.push(TermKind::DueDateChange);
        }
    }
    Some(Case {
        seed,
        loan,
        facts,
        pol,
        req: r,
    })
}

pub fn gen_tokens(g: &mut Rng, seed: u64) -> Option<Case> {
    let loan = gen_loan(g);
    let a = crate::gen::acct(&loan.position());
    let total: i64 = a.outstanding.iter().sum();
    if total < 1000 {
        return None;
    }
    let as_of = loan.as_of;
    let mut pol = Pol {
        allowed: vec![TermKind::TokenPayments, TermKind::PromiseToPay],
        token_max: Some(g.range(1, 24) as u32),
        forbearance: vec![ForbearanceOption::DebtAdviceReferral],
        ..Pol::default()
    };
    pol.lim.max_promise = opt!(g, 80, (g.range(1, 60) as u32, "t.d.promise".into()));
    pol.lim.max_term = opt!(g, 30, (g.range(1, 24) as u32, "t.d.max_term".into()));
    let facts = Facts::default();
    let r = if g.chance(50) {
        let months = g.range(1, 36);
        let amount = g.range(1, (total / months / 3).max(1));
        let first = add_days(as_of, g.range(0, (add_months(as_of, 1) - as_of).num_days()));
        req(Sched::Token {
            amount,
            months: months as u32,
            first,
        })
    } else {
        req(Sched::Promise {
            amount: g.range(1, total),
            date: add_days(as_of, g.range(0, 90)),
        })
    };
    Some(Case {
        seed,
        loan,
        facts,
        pol,
        req: r,
    })
}

pub fn gen_mixed(g: &mut Rng, seed: u64) -> Option<Case> {
    let sub = g.range(0, 2);
    let mut c = match sub {
        0 => gen_installments(g, seed)?,
        1 => gen_waivers(g, seed)?,
        _ => gen_deferrals(g, seed)?,
    };
    let all = [
        AccountFlag::Dispute,
        AccountFlag::Bankruptcy,
        AccountFlag::Deceased,
        AccountFlag::Fraud,
        AccountFlag::Vulnerable,
    ];
    for f in all {
        if g.chance(25) {
            c.pol.flags.push(f);
        }
        if g.chance(15) {
            c.facts.flags.push(f);
        }
    }
    if g.chance(40) {
        c.pol.max_plans = Some(g.range(0, 2) as u32);
        c.facts.plans = g.range(0, 3) as u32;
    }
    if g.chance(40) {
        c.pol.cooldown = Some(g.range(30, 365) as u32);
        c.facts.broken_days_ago = opt!(g, 70, g.range(0, 500) as u32);
    }
    for q in [
        Requirement::NewBorrowing,
        Requirement::SaleOfHome,
        Requirement::LumpSum,
    ] {
        if g.chance(10) {
            c.req.requirements.push(q);
        }
        if g.chance(50) {
            c.pol.conduct.push(q);
        }
    }
    if g.chance(30) {
        c.req.referral = true;
        if g.chance(50) {
            c.pol.allowed.push(TermKind::DebtAdviceReferral);
        }
    }
    if g.chance(20) {
        c.pol
            .allowed
            .retain(|k| *k != TermKind::Waiver && *k != TermKind::Deferral);
    }
    Some(c)
}
