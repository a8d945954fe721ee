//! The model of `evaluate`, from its docs (see the module doc of
//! `tests/plan_eval_oracle.rs`), on minor units and day numbers.

use arrears::plan::{ApprovalLevel, Check, PlanInterest, TermKind};
use chrono::{Datelike, NaiveDate};

use crate::gen::{add_days, add_months, pct_rate, Acct, Facts, Pol, Req, Sched, C4, W};
pub use crate::gen::{on_after, period_after};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Approved,
    Counter,
    Rejected,
}

/// What the model expects.
#[derive(Debug, Clone)]
pub struct Out {
    pub kind: Kind,
    pub schedule: Vec<(NaiveDate, C4)>,
    pub covered: C4,
    pub waived: C4,
    pub approval: ApprovalLevel,
    /// Counter reasons or rejection failures that must be there (`None`:
    /// any rule id).
    pub must: Vec<(Check, Option<String>)>,
    /// Further checks a rejection may list (limits that bind with those).
    pub may: Vec<Check>,
    pub interest: PlanInterest,
    /// A path of the model where the library is known to differ.
    pub note: Option<&'static str>,
}

fn sum(c: &C4) -> i64 {
    c.iter().sum()
}

/// `total / n` half-up, the last taking the remainder; rounded down when
/// that leaves the last below `min`.
pub fn split(total: i64, n: u32, min: Option<i64>) -> Vec<i64> {
    let n = n as i64;
    let mut a = (2 * total + n) / (2 * n);
    let mut last = total - (n - 1) * a;
    if min.is_some_and(|m| last < m) || last <= 0 {
        a = total / n;
        last = total - (n - 1) * a;
    }
    let mut v = vec![a; (n - 1) as usize];
    v.push(last);
    v
}

/// The largest payment of [`split`].
pub fn split_max(total: i64, n: u32, min: Option<i64>) -> i64 {
    let n = n as i64;
    let mut a = (2 * total + n) / (2 * n);
    let mut last = total - (n - 1) * a;
    if min.is_some_and(|m| last < m) || last <= 0 {
        a = total / n;
        last = total - (n - 1) * a;
    }
    a.max(last)
}

/// Fills payments of `totals` from `comps` in component order.
pub fn fill(comps: C4, totals: &[i64]) -> Vec<C4> {
    let mut left = comps;
    totals
        .iter()
        .map(|&t| {
            let mut row = [0; 4];
            let mut need = t;
            for c in 0..4 {
                let take = need.min(left[c]);
                row[c] = take;
                left[c] -= take;
                need -= take;
            }
            row
        })
        .collect()
}

pub fn dpd(a: &Acct, f: &Facts) -> u32 {
    if let Some(d) = f.dpd {
        return d;
    }
    a.insts
        .iter()
        .find(|(due, out)| *due < a.as_of && sum(out) > 0)
        .map_or(0, |(due, _)| (a.as_of - *due).num_days() as u32)
}

fn approval(p: &Pol, waived: i64) -> ApprovalLevel {
    match p.approval {
        Some((_, Some(c))) if waived > c => ApprovalLevel::Committee,
        Some((Some(s), _)) if waived > s => ApprovalLevel::Supervisor,
        _ => ApprovalLevel::Automatic,
    }
}

fn id(l: &Option<(impl Copy, String)>) -> Option<String> {
    l.as_ref().map(|x| x.1.clone())
}

pub fn run(a: &Acct, f: &Facts, p: &Pol, r: &Req) -> Out {
    let as_of = a.as_of;
    let dpd = dpd(a, f);
    let mut lim = p.lim.clone();
    for (lo, hi, l) in &p.bands {
        if dpd >= *lo && hi.map_or(true, |h| dpd <= h) {
            lim = lim.overlay(l);
        }
    }
    // Eligibility and conduct: cannot be countered.
    let mut fatal: Vec<(Check, Option<String>)> = Vec::new();
    if let Some((lo, hi)) = p.dpd {
        if dpd < lo || hi.is_some_and(|h| dpd > h) {
            fatal.push((Check::DaysPastDue, Some("t.dpd".into())));
        }
    }
    // "Most plans agreed in any 12 months, this one included": refused
    // when the earlier plans already reach the limit.
    if p.max_plans.is_some_and(|m| f.plans >= m) {
        fatal.push((Check::PlansLast12Months, Some("t.plans".into())));
    }
    if let (Some(c), Some(b)) = (p.cooldown, f.broken_days_ago) {
        if b < c {
            fatal.push((Check::BrokenPlan, Some("t.broken".into())));
        }
    }
    for fl in &f.flags {
        if p.flags.contains(fl) {
            fatal.push((Check::AccountFlag, Some(format!("t.flag.{}", fl.as_str()))));
        }
    }
    for q in &r.requirements {
        let rid = p
            .conduct
            .contains(q)
            .then(|| format!("t.conduct.{}", q.as_str()));
        fatal.push((Check::Conduct, rid));
    }
    let mut reasons: Vec<(Check, Option<String>)> = Vec::new();
    let mut note = None;
    let mut may: Vec<Check> = Vec::new();
    // Term kinds not offered are dropped.
    let mut deferral = r.deferral.map(|d| d.0);
    if deferral.is_some() && !p.allowed.contains(&TermKind::Deferral) {
        reasons.push((Check::TermAllowed, Some("t.terms".into())));
        deferral = None;
    }
    let mut dom = r.dom;
    if dom.is_some() && !p.allowed.contains(&TermKind::DueDateChange) {
        reasons.push((Check::TermAllowed, Some("t.terms".into())));
        dom = None;
    }
    // A date moved on to the day of the month (clamped to its last day).
    let mv = |x: NaiveDate| dom.map_or(x, |m| on_after(x, m));
    let mut waivers = r.waivers.clone();
    if !waivers.is_empty() && !p.allowed.contains(&TermKind::Waiver) {
        for _ in &waivers {
            reasons.push((Check::TermAllowed, Some("t.terms".into())));
        }
        waivers.clear();
    }
    if r.referral && !p.allowed.contains(&TermKind::DebtAdviceReferral) {
        reasons.push((Check::TermAllowed, Some("t.terms".into())));
    }
    let covered = match (&r.sched, r.overdue_scope) {
        (Sched::Inst { reage: false, .. }, true) => a.overdue,
        _ => a.outstanding,
    };
    // Waivers: limit percent of what is outstanding of the component.
    let mut waived = [0i64; 4];
    for (c, w) in &waivers {
        let asked = match w {
            W::Amount(x) => *x,
            // Rounded down (doc gap 1 in the module doc).
            W::Pct(pc) => a.outstanding[*c] * *pc as i64 / 100,
        };
        let allowed = lim.waiver[*c]
            .as_ref()
            .map_or(0, |(pc, _)| a.outstanding[*c] * *pc as i64 / 100);
        if asked > allowed {
            reasons.push((Check::MaxWaiver, id(&lim.waiver[*c])));
            waived[*c] = allowed;
        } else {
            waived[*c] = asked;
        }
    }
    let net: C4 = [0, 1, 2, 3].map(|c| covered[c] - waived[c]);
    let total = sum(&net);
    let sched: Vec<(NaiveDate, C4)>;
    let mut covered_out = covered;
    let mut failed_fit = false;
    let term_end = lim.max_term.as_ref().map(|(m, _)| add_months(as_of, *m));
    match &r.sched {
        Sched::Inst {
            n,
            freq,
            first,
            down,
            reage,
        } => {
            let n = *n;
            let mut down = *down;
            // A re-age has no down payment: the minimum holds installments.
            if let (Some((pc, rid)), false) = (&lim.min_down, *reage) {
                let need = (total * *pc as i64 + 99) / 100;
                if down.unwrap_or(0) < need {
                    reasons.push((Check::MinDownPayment, Some(rid.clone())));
                    down = Some(need);
                }
            }
            let dp = down.unwrap_or(0);
            let full = total;
            let total = total - dp;
            let mut d = deferral.unwrap_or(0);
            let mut first = *first;
            let one = period_after(as_of, *freq, 1);
            // Deferral: the deferral days, plus the days the first payment
            // (moved on to the new day of the month, less the deferral
            // days) falls beyond one period after `as_of`.
            let total_def = |fd: NaiveDate, d: u32| -> i64 {
                let x = add_days(mv(add_days(fd, d as i64)), -(d as i64));
                d as i64 + (x - one).num_days().max(0)
            };
            if let Some((m, rid)) = &lim.max_deferral {
                let m = *m;
                if total_def(first, d) > m as i64 {
                    reasons.push((Check::MaxDeferral, Some(rid.clone())));
                    // The most deferral days (at most the limit), then the
                    // latest first due date not after the one asked.
                    let mut found = None;
                    // A deferral asked is countered with at least one day.
                    let lo = u32::from(deferral.is_some());
                    'days: for dd in (lo..=d.min(m)).rev() {
                        let mut fd = first;
                        while fd >= as_of {
                            if total_def(fd, dd) <= m as i64 {
                                found = Some((fd, dd));
                                break 'days;
                            }
                            fd = add_days(fd, -1);
                        }
                    }
                    match found {
                        Some((fd, dd)) => {
                            if dd < d.min(m) && fd < first {
                                note = Some("deferral: fewer days and an earlier first due");
                            }
                            first = fd;
                            d = dd;
                        }
                        None => failed_fit = true,
                    }
                }
            }
            let cap = p.afford.and_then(|(pc, disp)| {
                let inc = f.income?;
                let basis = if disp {
                    inc - f.expenses.unwrap_or(0)
                } else {
                    inc
                };
                Some((basis * pc as i64, 100i64)) // cap = basis*pc/100
            });
            let min = lim.min_inst.as_ref().map(|x| x.0);
            let dates = |k: u32| -> Vec<NaiveDate> {
                (0..k)
                    .map(|i| match dom {
                        // Monthly from the first payment moved on to the day.
                        Some(m) => {
                            let f0 = mv(add_days(first, d as i64));
                            on_after(add_months(f0.with_day(1).unwrap(), i), m)
                        }
                        None => add_days(period_after(first, *freq, i), d as i64),
                    })
                    .collect()
            };
            let fails = |k: u32| -> Vec<(Check, Option<String>)> {
                let mut v = Vec::new();
                if lim.max_n.as_ref().is_some_and(|(m, _)| k > *m) {
                    v.push((Check::MaxInstallments, id(&lim.max_n)));
                }
                if total < k as i64 {
                    v.push((
                        Check::MinInstallment,
                        Some("plan.installment_positive".into()),
                    ));
                }
                if let Some(end) = term_end {
                    let last = match dom {
                        Some(m) => {
                            let f0 = mv(add_days(first, d as i64));
                            on_after(add_months(f0.with_day(1).unwrap(), k - 1), m)
                        }
                        None => add_days(period_after(first, *freq, k - 1), d as i64),
                    };
                    if last > end {
                        v.push((Check::MaxTerm, id(&lim.max_term)));
                    }
                }
                if let Some(m) = min {
                    if k > 1 && k as i64 * m > total {
                        v.push((Check::MinInstallment, id(&lim.min_inst)));
                    }
                }
                if let Some((num, den)) = cap {
                    let mx = split_max(total, k, min);
                    if mx * den > num {
                        v.push((Check::Affordability, Some("t.afford".into())));
                    }
                }
                v
            };
            let asked = fails(n);
            let mut chosen = n;
            if !asked.is_empty() {
                reasons.extend(asked.iter().cloned());
                let upper = lim.max_n.as_ref().map_or(2000, |x| x.0).min(2000);
                let mut best: Option<u32> = None;
                for k in 1..=upper {
                    if fails(k).is_empty() {
                        let better = match best {
                            None => true,
                            Some(b) => (k as i64 - n as i64).abs() < (b as i64 - n as i64).abs(),
                        };
                        if better {
                            best = Some(k);
                        }
                    }
                }
                match best {
                    Some(k) if !(k == 1 && n > 1) => chosen = k,
                    _ => {
                        failed_fit = true;
                        for c in [
                            Check::MaxInstallments,
                            Check::MaxTerm,
                            Check::MinInstallment,
                            Check::Affordability,
                        ] {
                            may.push(c);
                        }
                    }
                }
            }
            let mut totals = split(total, chosen, min);
            let mut ds = dates(chosen);
            if dp > 0 {
                totals.insert(0, dp);
                ds.insert(0, as_of);
            }
            debug_assert_eq!(totals.iter().sum::<i64>(), full);
            let rows = fill(net, &totals);
            sched = ds.into_iter().zip(rows).collect();
        }
        Sched::Settle { amount, pay_by, k } => {
            let t = sum(&a.outstanding);
            let floor = match &lim.max_discount {
                Some((pc, _)) => (t * (100 - *pc as i64) + 99) / 100,
                None => t,
            };
            let mut amt = *amount;
            if amt < floor {
                reasons.push((Check::SettlementFloor, id(&lim.max_discount)));
                amt = floor;
            }
            let mut disc = t - amt;
            for (w, o) in waived.iter_mut().zip(a.outstanding) {
                let x = disc.min(o);
                *w = x;
                disc -= x;
            }
            let left: C4 = [0, 1, 2, 3].map(|c| a.outstanding[c] - waived[c]);
            // The count limit holds settlement payments too ("whatever
            // their frequency"); never countered with a lump sum.
            let mut k = *k;
            if let Some((m, rid)) = &lim.max_n {
                if k > *m {
                    reasons.push((Check::MaxInstallments, Some(rid.clone())));
                    if *m == 1 {
                        failed_fit = true;
                    }
                    k = *m;
                }
            }
            let totals = split(amt, k, None);
            let rows = fill(left, &totals);
            sched = (0..k).map(|i| add_months(*pay_by, i)).zip(rows).collect();
        }
        Sched::Token {
            amount,
            months,
            first,
        } => {
            let mut m = *months;
            if let Some(tm) = p.token_max {
                if m > tm {
                    reasons.push((Check::TokenPayments, None));
                    m = tm;
                }
            }
            if let Some(end) = term_end {
                if add_months(*first, m - 1) > end {
                    reasons.push((Check::MaxTerm, id(&lim.max_term)));
                    while m > 0 && add_months(*first, m - 1) > end {
                        m -= 1;
                    }
                    if m == 0 {
                        failed_fit = true;
                        m = 1;
                    }
                }
            }
            let totals = vec![*amount; m as usize];
            let rows = fill(a.outstanding, &totals);
            covered_out = [0, 1, 2, 3].map(|c| rows.iter().map(|r| r[c]).sum());
            sched = (0..m).map(|i| add_months(*first, i)).zip(rows).collect();
        }
        Sched::Promise { amount, date } => {
            let mut dt = *date;
            if let Some((mx, rid)) = &lim.max_promise {
                let last = add_days(as_of, *mx as i64);
                if dt > last {
                    reasons.push((Check::PromiseDate, Some(rid.clone())));
                    dt = last;
                }
            }
            let rows = fill(a.outstanding, &[*amount]);
            covered_out = rows[0];
            sched = vec![(dt, rows[0])];
        }
        Sched::None if deferral.is_none() && dom.is_none() => {
            // Only a referral is left: a plan with no payments, or nothing
            // agreed at all.
            sched = Vec::new();
            covered_out = [0; 4];
            if !(r.referral && p.allowed.contains(&TermKind::DebtAdviceReferral)) {
                failed_fit = true;
            }
        }
        Sched::None => {
            // A payment holiday: (original date, amount) of each payment,
            // what is due now at `as_of`; the move of each is held.
            let mut orig: Vec<(NaiveDate, i64)> = Vec::new();
            let due_now: i64 = a
                .insts
                .iter()
                .filter(|(dd, _)| *dd <= as_of)
                .map(|(_, o)| sum(o))
                .sum();
            if due_now > 0 {
                orig.push((as_of, due_now));
            }
            for (dd, o) in a.insts.iter().filter(|(dd, _)| *dd > as_of) {
                if sum(o) > 0 {
                    orig.push((*dd, sum(o)));
                }
            }
            let moved = |d: u32| -> Vec<(NaiveDate, i64)> {
                orig.iter()
                    .map(|(x, t)| (mv(add_days(*x, d as i64)), *t))
                    .collect()
            };
            let measure = |d: u32| -> i64 {
                orig.iter()
                    .map(|(x, _)| (mv(add_days(*x, d as i64)) - *x).num_days())
                    .max()
                    .unwrap_or(0)
            };
            let mut d = deferral.unwrap_or(0);
            if let Some((m, rid)) = &lim.max_deferral {
                if measure(d) > *m as i64 {
                    reasons.push((Check::MaxDeferral, Some(rid.clone())));
                    let lo = i64::from(deferral.is_some());
                    let mut dd = d.min(*m) as i64;
                    while dd >= lo && measure(dd as u32) > *m as i64 {
                        dd -= 1;
                    }
                    if dd < lo {
                        failed_fit = true;
                        dd = 0;
                    }
                    d = dd as u32;
                }
            }
            // Payments moved on to one date are one payment.
            let mut pays: Vec<(NaiveDate, i64)> = Vec::new();
            for (x, t) in moved(d) {
                match pays.last_mut() {
                    Some(l) if l.0 == x => l.1 += t,
                    _ => pays.push((x, t)),
                }
            }
            let totals: Vec<i64> = pays.iter().map(|x| x.1).collect();
            let rows = fill(net, &totals);
            sched = pays.iter().map(|x| x.0).zip(rows).collect();
        }
    }
    let mut interest = PlanInterest::Contract;
    if let Some((rate, months)) = r.rate {
        let lowers = rate.is_none() || f.contract_rate.is_some_and(|c| rate.unwrap() < c);
        if !p.allowed.contains(&TermKind::RateChange) {
            reasons.push((Check::TermAllowed, Some("t.terms".into())));
        } else if !lowers {
            reasons.push((Check::Interest, Some("plan.rate_change_lowers".into())));
        } else {
            let (mut rate, mut months, mut keep) = (rate, months, true);
            if let Some(((floor, maxm), rid)) = &lim.interest {
                let mut bad = false;
                match floor {
                    None => {
                        bad = true;
                        keep = false;
                    }
                    Some(None) => {}
                    Some(Some(fl)) => match rate {
                        None if *fl == 0 => {}
                        Some(x) if x >= *fl => {}
                        _ => {
                            bad = true;
                            rate = Some(*fl);
                        }
                    },
                }
                if keep && maxm.is_some_and(|m| months > m) {
                    bad = true;
                    months = maxm.unwrap();
                }
                if bad {
                    reasons.push((Check::Interest, Some(rid.clone())));
                }
            }
            // A floor above the contract rate leaves no rate to agree.
            if keep && rate.is_some_and(|x| f.contract_rate.map_or(true, |c| x >= c)) {
                reasons.push((Check::Interest, Some("plan.rate_change_lowers".into())));
                keep = false;
            }
            if keep {
                interest = match rate {
                    None => PlanInterest::Frozen { months },
                    Some(x) => PlanInterest::Reduced {
                        rate: pct_rate(x),
                        months,
                    },
                };
            }
        }
    }
    let w: i64 = sum(&waived);
    if !fatal.is_empty() || failed_fit {
        let mut must = fatal;
        if failed_fit {
            must.extend(reasons.iter().cloned());
        } else {
            may.extend(reasons.iter().map(|x| x.0));
        }
        return Out {
            kind: Kind::Rejected,
            schedule: Vec::new(),
            covered: covered_out,
            waived,
            approval: ApprovalLevel::Automatic,
            must,
            may,
            interest,
            note,
        };
    }
    Out {
        kind: if reasons.is_empty() {
            Kind::Approved
        } else {
            Kind::Counter
        },
        schedule: sched,
        covered: covered_out,
        waived,
        approval: approval(p, w),
        must: reasons,
        may,
        interest,
        note,
    }
}
