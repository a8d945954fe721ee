//! Comparison of the library's report with the model: each record against
//! its own fields (the `Accrual` doc's formulas), each record against the
//! model's days it covers (amount, uncapped, base, `capped_by`), the sums
//! by kind and installment, the position per installment and component,
//! the totals and the credit.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use arrears::accrual::{Accrual, AccrualKind, AccrualReport, Posting};
use chrono::NaiveDate;

use crate::case::{Case, CAP_RULE, RATE_RULE};
use crate::conv;
use crate::model::{MAcc, Model};
use crate::num::{
    cents, cidx, daily_amount, div_round, frac_amount, money_cents, round_cents, to_money, COMPS,
};

pub fn kind_name(k: AccrualKind) -> &'static str {
    match k {
        AccrualKind::PenaltyInterest => "penalty",
        AccrualKind::CompoundInterest => "compound",
        AccrualKind::LateFee => "fee",
        _ => "other",
    }
}

/// Checks one record against its own fields (Accrual's doc) and returns
/// problems.
fn self_check(r: &Accrual, c: &Case, m: &Model, out: &mut Vec<String>) {
    let prate = m.penalty_rate;
    let mode = c.rounding;
    if r.released_from.is_some() {
        // A release (`Accrual::released_from`'s doc).
        if r.uncapped != r.base || r.days != 0 || r.basis != 0 || r.rate.is_some() {
            out.push(format!(
                "release {:?} #{} {}..{}: base {} uncapped {} days {} basis {} rate {:?}",
                r.kind, r.installment, r.from, r.to, r.base, r.uncapped, r.days, r.basis, r.rate
            ));
        }
        let (am, un) = (r.amount.amount(), r.uncapped.amount());
        if am > un || (r.capped_by.is_some() != (am < un)) {
            out.push(format!(
                "release {:?} #{} {}..{}: amount {} of {} capped_by {:?}",
                r.kind, r.installment, r.from, r.to, r.amount, r.uncapped, r.capped_by
            ));
        }
        return;
    }
    if r.rounding != mode {
        out.push(format!(
            "record rounding {:?} != policy {:?}",
            r.rounding, mode
        ));
    }
    match r.kind {
        AccrualKind::PenaltyInterest | AccrualKind::CompoundInterest => {
            let basis = r.basis as i128;
            if r.rate != Some(prate) {
                out.push(format!("record rate {:?} != {prate}", r.rate));
            }
            // The installment's days, counted from its due date (30/360).
            let due = m.insts[r.installment as usize - 1].due_date;
            let days = conv::days(c.day_count, due, r.from, r.to);
            if r.days != days {
                out.push(format!(
                    "record {:?} #{} {}..{} days {} != {days} ({:?} from {due})",
                    r.kind, r.installment, r.from, r.to, r.days, c.day_count
                ));
            }
            // Act/Act (ISDA): a record lies in one year, over its basis.
            let expect_basis = crate::more::basis(c.day_count, r.from) as u32;
            let last = r.to.pred_opt().unwrap();
            if crate::more::basis(c.day_count, last) != i128::from(expect_basis) {
                out.push(format!("record {}..{} spans two bases", r.from, r.to));
            }
            if r.day_count != Some(c.day_count) {
                out.push(format!("record day count {:?}", r.day_count));
            }
            let rule = match (m.rate_held, r.kind) {
                (true, _) => RATE_RULE,
                (false, AccrualKind::PenaltyInterest) => "oracle.penalty",
                (false, _) => crate::more::compound_rule_id(c),
            };
            if r.rule.as_str() != rule {
                out.push(format!(
                    "record {:?} #{} {}..{} cites {} not {rule}",
                    r.kind, r.installment, r.from, r.to, r.rule
                ));
            }
            if r.basis != expect_basis {
                out.push(format!("record basis {}", r.basis));
            }
            let u = match r.posting {
                Posting::Daily => {
                    daily_amount(money_cents(r.base), r.rate.unwrap(), basis, mode) * r.days as i128
                }
                Posting::Period => div_round(
                    money_cents(r.base) * r.rate.unwrap().mantissa() * r.days as i128,
                    10i128.pow(r.rate.unwrap().scale()) * basis,
                    mode,
                ),
            };
            if u != money_cents(r.uncapped) {
                out.push(format!(
                    "record {:?} #{} {}..{} uncapped {} != recomputed {}",
                    r.kind,
                    r.installment,
                    r.from,
                    r.to,
                    r.uncapped,
                    to_money(u)
                ));
            }
        }
        AccrualKind::LateFee => {
            if r.days != 0 {
                out.push(format!("fee record days {}", r.days));
            }
            let mut u = match r.rate {
                None => round_cents(r.base.amount(), mode),
                Some(rt) => frac_amount(money_cents(r.base), rt, mode),
            };
            if let Some(m) = r.fee_min {
                u = u.max(money_cents(m));
            }
            if let Some(m) = r.fee_max {
                u = u.min(money_cents(m));
            }
            if u != money_cents(r.uncapped) {
                out.push(format!(
                    "fee record #{} {} uncapped {} != recomputed {}",
                    r.installment,
                    r.from,
                    r.uncapped,
                    to_money(u)
                ));
            }
        }
        _ => out.push(format!("unexpected record kind {:?}", r.kind)),
    }
    if r.capped_by.is_none() && r.amount != r.uncapped {
        out.push(format!(
            "record amount {} != uncapped {} without cap",
            r.amount, r.uncapped
        ));
    }
    if r.from < c.from || r.to > c.to || r.from >= r.to && r.kind != AccrualKind::LateFee {
        out.push(format!(
            "record {}..{} outside window {}..{}",
            r.from, r.to, c.from, c.to
        ));
    }
}

/// What `capped_by` should say: the annualised cap if it cut, another cap
/// (a fee cap, whose id the policy does not set) if only that cut, else none.
fn check_capped_by(r: &Accrual, annual: bool, fee_cap: bool, out: &mut Vec<String>) {
    let got = r.capped_by.as_ref().map(|x| x.as_str());
    let ok = match (annual, fee_cap) {
        (true, _) => got == Some(CAP_RULE),
        (false, true) => got.is_some_and(|x| x != CAP_RULE),
        (false, false) => got.is_none(),
    };
    if !ok {
        out.push(format!(
            "{} #{} {}..{} capped_by {got:?}, model: annualised cut {annual}, fee cap cut {fee_cap}",
            kind_name(r.kind),
            r.installment,
            r.from,
            r.to
        ));
    }
}

/// Each record against the model's accruals on the days it covers.
fn check_records(c: &Case, rep: &AccrualReport, m: &Model, out: &mut Vec<String>) {
    let by_day: HashMap<(&'static str, u32, NaiveDate, usize), &MAcc> = m
        .accs
        .iter()
        .map(|a| ((kind_name(a.kind), a.inst, a.day, a.fee_rule), a))
        .collect();
    for r in rep.records.iter().filter(|r| r.released_from.is_none()) {
        let head = format!(
            "{} #{} {}..{}",
            kind_name(r.kind),
            r.installment,
            r.from,
            r.to
        );
        if r.kind == AccrualKind::LateFee {
            let fi = (0..c.fees.len()).find(|fi| r.rule.as_str() == format!("oracle.fee{fi}"));
            let a = fi.and_then(|fi| by_day.get(&("fee", r.installment, r.from, fi)));
            match a {
                None => out.push(format!(
                    "{head} ({}): the model charges no such fee",
                    r.rule
                )),
                Some(a) => {
                    let (am, un) = (money_cents(r.amount), money_cents(r.uncapped));
                    if (am, un) != (a.amount, a.uncapped) {
                        out.push(format!(
                            "{head}: amount/uncapped {}/{} model {}/{}",
                            r.amount,
                            r.uncapped,
                            to_money(a.amount),
                            to_money(a.uncapped)
                        ));
                    }
                    check_capped_by(r, a.annual_cut, a.fee_cap_cut, out);
                }
            }
            continue;
        }
        let (mut amount, mut uncapped, mut annual) = (0, 0, false);
        let mut d = r.from;
        while d < r.to {
            match by_day.get(&(kind_name(r.kind), r.installment, d, 0)) {
                Some(a) if a.base == money_cents(r.base) => {
                    amount += a.amount;
                    uncapped += a.uncapped;
                    annual |= a.annual_cut;
                }
                Some(a) => {
                    out.push(format!(
                        "{head} on {d}: record base {} model base {}",
                        r.base,
                        to_money(a.base)
                    ));
                    return;
                }
                None => {
                    out.push(format!(
                        "{head} on {d}: record (base {}) but the model accrues nothing",
                        r.base
                    ));
                    return;
                }
            }
            d = d.succ_opt().unwrap();
        }
        if (amount, uncapped) != (money_cents(r.amount), money_cents(r.uncapped)) {
            out.push(format!(
                "{head}: amount/uncapped {}/{} model {}/{}",
                r.amount,
                r.uncapped,
                to_money(amount),
                to_money(uncapped)
            ));
        }
        // `Accrual`: `amount` is `uncapped` cut by the cap in `capped_by`,
        // so a record the cut did not reach (the first piece of an
        // interval split at a change of Act/Act basis) names none.
        check_capped_by(r, annual && amount < uncapped, false, out);
    }
    // Sums by (kind, installment) over the window: nothing the model charges is missing.
    let mut lib: BTreeMap<(&'static str, u32), i128> = BTreeMap::new();
    let mut mine: BTreeMap<(&'static str, u32), i128> = BTreeMap::new();
    for r in &rep.records {
        *lib.entry((kind_name(r.kind), r.installment)).or_default() += money_cents(r.amount);
    }
    for a in m.accs.iter().filter(|a| a.day >= c.from && a.day < c.to) {
        *mine.entry((kind_name(a.kind), a.inst)).or_default() += a.amount;
    }
    for a in m.deferred.iter().flat_map(|d| &d.rels) {
        if a.from >= c.from {
            *mine.entry((kind_name(a.kind), a.inst)).or_default() += a.amount;
        }
    }
    lib.retain(|_, v| *v != 0);
    mine.retain(|_, v| *v != 0);
    for k in lib.keys().chain(mine.keys()).collect::<BTreeSet<_>>() {
        let (a, b) = (
            lib.get(k).copied().unwrap_or(0),
            mine.get(k).copied().unwrap_or(0),
        );
        if a != b {
            out.push(format!(
                "records {} #{}: library {} model {}",
                k.0,
                k.1,
                to_money(a),
                to_money(b)
            ));
        }
    }
}

pub fn compare(c: &Case, rep: &AccrualReport, m: &Model) -> Vec<String> {
    let mut out = Vec::new();
    for r in &rep.records {
        self_check(r, c, m, &mut out);
    }
    check_records(c, rep, m, &mut out);
    check_deferred(c, rep, m, &mut out);
    // position
    let pos = &rep.position;
    let as_of = c.to.pred_opt().unwrap();
    if pos.as_of() != as_of {
        out.push(format!("position as_of {} != {}", pos.as_of(), as_of));
    }
    for (k, ip) in pos.installments().iter().enumerate() {
        let mi = &m.insts[k];
        for (ci, comp) in COMPS.iter().enumerate() {
            let (ld, lp, lo) = (
                cents(ip.due().amount(*comp)),
                cents(ip.paid().amount(*comp)),
                cents(ip.outstanding().amount(*comp)),
            );
            if (ld, lp, lo) != (mi.due[ci], mi.paid[ci], mi.out(ci)) {
                out.push(format!(
                    "position #{} {}: library due/paid/out {}/{}/{} model {}/{}/{}",
                    ip.seq(),
                    comp.as_str(),
                    to_money(ld),
                    to_money(lp),
                    to_money(lo),
                    to_money(mi.due[ci]),
                    to_money(mi.paid[ci]),
                    to_money(mi.out(ci))
                ));
            }
        }
    }
    for comp in COMPS {
        let ci = cidx(comp);
        let due: i128 = m
            .insts
            .iter()
            .filter(|i| i.due_date <= as_of)
            .map(|i| i.due[ci])
            .sum();
        let paid: i128 = m.insts.iter().map(|i| i.paid[ci]).sum();
        let outs: i128 = m.insts.iter().map(|i| i.out(ci)).sum();
        let l = (
            cents(pos.due().amount(comp)),
            cents(pos.paid().amount(comp)),
            cents(pos.outstanding().amount(comp)),
        );
        if l != (due, paid, outs) {
            out.push(format!(
                "position total {}: library due/paid/out {}/{}/{} model {}/{}/{}",
                comp.as_str(),
                to_money(l.0),
                to_money(l.1),
                to_money(l.2),
                to_money(due),
                to_money(paid),
                to_money(outs)
            ));
        }
    }
    for (k, ip) in pos.installments().iter().enumerate() {
        for (ci, comp) in COMPS.iter().enumerate() {
            let lw = cents(ip.waived().amount(*comp));
            if lw != m.insts[k].waived[ci] {
                out.push(format!(
                    "position #{} {} waived: library {} model {}",
                    k + 1,
                    comp.as_str(),
                    to_money(lw),
                    to_money(m.insts[k].waived[ci])
                ));
            }
        }
    }
    if money_cents(pos.unapplied_waivers()) != m.unapplied {
        out.push(format!(
            "unapplied waivers library {} model {}",
            pos.unapplied_waivers(),
            to_money(m.unapplied)
        ));
    }
    if money_cents(pos.credit()) != m.credit {
        out.push(format!(
            "credit library {} model {}",
            pos.credit(),
            to_money(m.credit)
        ));
    }
    out
}

type RelKey = (
    &'static str,
    u32,
    NaiveDate,
    NaiveDate,
    NaiveDate,
    i128,
    i128,
    bool,
);

/// Under `CapExcess::Deferred`: the release records, as a multiset, and
/// `held` against the model's.
fn check_deferred(c: &Case, rep: &AccrualReport, m: &Model, out: &mut Vec<String>) {
    let mut lib: Vec<RelKey> = rep
        .records
        .iter()
        .filter_map(|r| {
            let rf = r.released_from?;
            Some((
                kind_name(r.kind),
                r.installment,
                r.from,
                r.to,
                rf,
                money_cents(r.base),
                money_cents(r.amount),
                r.capped_by.as_ref().map(|x| x.as_str()) == Some(CAP_RULE),
            ))
        })
        .collect();
    let Some(d) = &m.deferred else {
        if !lib.is_empty() || rep.held.is_some() {
            out.push("releases or `held` under a waived excess".to_owned());
        }
        return;
    };
    let mut mine: Vec<RelKey> = d
        .rels
        .iter()
        .filter(|a| a.from >= c.from)
        .map(|a| {
            let k = kind_name(a.kind);
            (
                k,
                a.inst,
                a.from,
                a.to,
                a.released_from,
                a.base,
                a.amount,
                a.still_held,
            )
        })
        .collect();
    lib.sort();
    mine.sort();
    if lib != mine {
        let only = |a: &[RelKey], b: &[RelKey]| -> Vec<RelKey> {
            a.iter().filter(|x| !b.contains(x)).cloned().collect()
        };
        out.push(format!(
            "releases (kind, inst, from, to, released_from, base, amount, still held): \
             library only {:?}; model only {:?}",
            only(&lib, &mine),
            only(&mine, &lib)
        ));
    }
    let (pen, fee) = d.held();
    let got = rep.held.as_ref().map(|b| {
        (
            cents(b.amount(arrears::loan::Component::Penalty)),
            cents(b.amount(arrears::loan::Component::Fee)),
        )
    });
    if got != Some((pen, fee)) {
        out.push(format!(
            "held (penalty, fee) library {got:?} model {:?}",
            (pen, fee)
        ));
    }
}
