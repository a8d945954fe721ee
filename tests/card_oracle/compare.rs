//! Record-by-record and position comparison.

use arrears::accrual::{Accrual, AccrualKind, Posting};
use arrears::loan::{Component, Position};
use arrears::money::DayBasis;

use crate::case::Case;
use crate::model::{MRec, Model};
use crate::num::{money_minor, parts_of, per_day, total};

fn key(r: &MRec) -> (u32, &'static str, chrono::NaiveDate) {
    (r.inst, r.kind, r.from)
}

/// The library's record in the model's terms, or a problem with the
/// fields the model does not carry (component, posting, rounding, …).
fn convert(c: &Case, a: &Accrual, problems: &mut Vec<String>) -> MRec {
    let kind = match a.kind {
        AccrualKind::CardInterest => "interest",
        AccrualKind::LateFee => "late",
        k => {
            problems.push(format!("unexpected kind {k:?}"));
            "?"
        }
    };
    let want_comp = if kind == "interest" {
        Component::Interest
    } else {
        Component::Fee
    };
    if a.component != want_comp {
        problems.push(format!(
            "{kind} #{} component {:?}",
            a.installment, a.component
        ));
    }
    if a.posting != Posting::Daily || a.rounding != c.rounding {
        problems.push(format!(
            "{kind} #{} posting {:?} rounding {:?}",
            a.installment, a.posting, a.rounding
        ));
    }
    if a.released_from.is_some() || a.fee_max.is_some() {
        problems.push(format!(
            "{kind} #{} released_from / fee_max set",
            a.installment
        ));
    }
    // Doc gap: `day_count` "the day count used, for interest"; card
    // interest is Act/basis, which `days` and `basis` already say. Not checked.
    let _ = DayBasis::Days365;
    MRec {
        kind,
        inst: a.installment,
        from: a.from,
        to: a.to,
        base: money_minor(a.base),
        rate: a.rate,
        days: a.days,
        basis: a.basis,
        uncapped: money_minor(a.uncapped),
        amount: money_minor(a.amount),
        rule: a.rule.as_str().to_string(),
        capped_by: a.capped_by.as_ref().map(|r| r.as_str().to_string()),
        fee_min: a.fee_min.map(money_minor),
    }
}

/// Merges records of one statement that follow each other with the same
/// base (daily posting is additive, so a split where nothing changes is no
/// difference in what is owed). Returns how many merges it made.
pub fn merge(recs: &mut Vec<MRec>) -> usize {
    recs.sort_by(|a, b| key(a).cmp(&key(b)));
    let mut out: Vec<MRec> = Vec::new();
    let mut merges = 0;
    for r in recs.drain(..) {
        if let Some(l) = out.last_mut() {
            if l.kind == "interest"
                && r.kind == "interest"
                && l.inst == r.inst
                && l.to == r.from
                && l.base == r.base
                && l.rate == r.rate
                && l.basis == r.basis
            {
                l.to = r.to;
                l.days += r.days;
                l.amount += r.amount;
                l.uncapped += r.uncapped;
                merges += 1;
                continue;
            }
        }
        out.push(r);
    }
    *recs = out;
    merges
}

pub struct Outcome {
    pub problems: Vec<String>,
    pub lib_splits: usize,
}

pub fn compare(c: &Case, lib: &[Accrual], pos: &Position, m: &Model) -> Outcome {
    let mut problems = Vec::new();
    let mut got: Vec<MRec> = lib.iter().map(|a| convert(c, a, &mut problems)).collect();
    // Each record recomputes from its own figures (`Accrual`'s docs).
    for r in &got {
        if r.kind == "interest" {
            let rate = r.rate.unwrap_or_default();
            let want =
                per_day(r.base, rate, i128::from(r.basis.max(1)), c.rounding) * r.days as i128;
            if r.uncapped != want || (r.to - r.from).num_days() != r.days {
                problems.push(format!(
                    "interest #{} {}: not round(base × rate / basis) × days",
                    r.inst, r.from
                ));
            }
        }
    }
    let lib_splits = merge(&mut got);
    let mut want = m.recs.clone();
    merge(&mut want);
    let mut i = 0;
    let mut j = 0;
    while i < got.len() || j < want.len() {
        match (got.get(i), want.get(j)) {
            (Some(g), Some(w)) if key(g) == key(w) => {
                if g != w {
                    problems.push(format!("differs:\n      lib   {g:?}\n      model {w:?}"));
                }
                i += 1;
                j += 1;
            }
            (Some(g), Some(w)) if key(g) < key(w) => {
                problems.push(format!("lib only: {g:?}"));
                i += 1;
            }
            (Some(g), None) => {
                problems.push(format!("lib only: {g:?}"));
                i += 1;
            }
            (_, Some(w)) => {
                problems.push(format!("model only: {w:?}"));
                j += 1;
            }
            (None, None) => unreachable!(),
        }
    }
    // The position of the minimums at the end of the window's last day.
    let insts = pos.installments();
    if insts.len() != m.pos.out.len() {
        problems.push(format!(
            "position: {} installments, model {}",
            insts.len(),
            m.pos.out.len()
        ));
    } else {
        for (k, ip) in insts.iter().enumerate() {
            let (o, p) = (parts_of(ip.outstanding()), parts_of(ip.paid()));
            let differs = if m.totals_only.get(k).copied().unwrap_or(false) {
                total(&o) != total(&m.pos.out[k]) || total(&p) != total(&m.pos.paid[k])
            } else {
                o != m.pos.out[k] || p != m.pos.paid[k]
            };
            if differs {
                problems.push(format!(
                    "position #{}: outstanding {o:?} paid {p:?}, model {:?} {:?}",
                    k + 1,
                    m.pos.out[k],
                    m.pos.paid[k]
                ));
            }
        }
    }
    if money_minor(pos.credit()) != m.pos.credit {
        problems.push(format!(
            "position credit {}, model {}",
            pos.credit(),
            m.pos.credit
        ));
    }
    if money_minor(pos.unapplied_waivers()) != m.pos.unapplied {
        problems.push(format!(
            "position unapplied waivers {}, model {}",
            pos.unapplied_waivers(),
            m.pos.unapplied
        ));
    }
    Outcome {
        problems,
        lib_splits,
    }
}
