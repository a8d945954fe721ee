//! Compares a library `Decision` with the model's `Out`.

use arrears::plan::{Check, Decision};

use crate::gen::{c4, C4};
use crate::model::{Kind, Out};

fn fmt_sched(s: &[(chrono::NaiveDate, C4)]) -> String {
    let v: Vec<String> = s.iter().map(|(d, c)| format!("{d} {c:?}")).collect();
    if v.len() > 6 {
        format!(
            "{} rows: {} .. {}",
            v.len(),
            v[..3].join("; "),
            v[v.len() - 2..].join("; ")
        )
    } else {
        v.join("; ")
    }
}

fn ids(v: &[arrears::plan::RuleOutcome]) -> Vec<(Check, String)> {
    v.iter().map(|o| (o.check, o.rule.id.to_string())).collect()
}

/// The differences, empty when they agree.
pub fn compare(lib: &Decision, m: &Out) -> Vec<String> {
    let mut p = Vec::new();
    let kind = match lib {
        Decision::Approved { .. } => Kind::Approved,
        Decision::CounterOffer { .. } => Kind::Counter,
        Decision::Rejected { .. } => Kind::Rejected,
        _ => unreachable!("unknown decision"),
    };
    let (lib_reasons, lib_level) = match lib {
        Decision::Approved { approval_level, .. } => (Vec::new(), Some(*approval_level)),
        Decision::CounterOffer {
            reasons,
            approval_level,
            ..
        } => (ids(reasons), Some(*approval_level)),
        Decision::Rejected { failures, .. } => (ids(failures), None),
        _ => unreachable!(),
    };
    if kind != m.kind {
        p.push(format!("decision: library {kind:?}, model {:?}", m.kind));
        p.push(format!("library reasons {lib_reasons:?}"));
        p.push(format!("model reasons {:?}", m.must));
        if let Some(plan) = lib.plan() {
            let s: Vec<(chrono::NaiveDate, C4)> = plan
                .schedule()
                .iter()
                .map(|i| (i.due_date, c4(&i.amounts)))
                .collect();
            p.push(format!("library schedule {}", fmt_sched(&s)));
        }
        p.push(format!("model schedule {}", fmt_sched(&m.schedule)));
        return p;
    }
    // Reasons / failures: the model's must all be there (rule id when
    // known); a rejection may list more of `may`; a counter no more.
    // Compared as sets: one rule may be reported once per figure.
    let mut left = lib_reasons.clone();
    left.dedup();
    left.sort_by_key(|x| format!("{x:?}"));
    left.dedup();
    for (c, id) in &m.must {
        let pos = left
            .iter()
            .position(|(lc, lid)| lc == c && id.as_ref().map_or(true, |i| i == lid));
        match pos {
            Some(i) => {
                left.remove(i);
            }
            None if lib_reasons
                .iter()
                .any(|(lc, lid)| lc == c && id.as_ref().map_or(true, |i| i == lid)) => {}
            None => p.push(format!(
                "missing reason {c:?} {id:?}; library {lib_reasons:?}"
            )),
        }
    }
    for (c, id) in &left {
        let ok =
            kind == Kind::Rejected && (m.may.contains(c) || m.must.iter().any(|(mc, _)| mc == c));
        if !ok {
            p.push(format!("extra reason {c:?} {id}; model {:?}", m.must));
        }
    }
    if let Some(plan) = lib.plan() {
        let s: Vec<(chrono::NaiveDate, C4)> = plan
            .schedule()
            .iter()
            .map(|i| (i.due_date, c4(&i.amounts)))
            .collect();
        if s != m.schedule {
            p.push(format!("schedule: library {}", fmt_sched(&s)));
            p.push(format!("schedule: model   {}", fmt_sched(&m.schedule)));
            if let Some(i) = s.iter().zip(&m.schedule).position(|(a, b)| a != b) {
                p.push(format!(
                    "first difference row {i}: {:?} vs {:?}",
                    s[i], m.schedule[i]
                ));
            }
        }
        if c4(plan.covered()) != m.covered {
            p.push(format!(
                "covered: library {:?}, model {:?}",
                c4(plan.covered()),
                m.covered
            ));
        }
        if c4(plan.waived()) != m.waived {
            p.push(format!(
                "waived: library {:?}, model {:?}",
                c4(plan.waived()),
                m.waived
            ));
        }
        if plan.interest() != m.interest {
            p.push(format!(
                "interest: library {:?}, model {:?}",
                plan.interest(),
                m.interest
            ));
        }
        if lib_level != Some(m.approval) {
            p.push(format!(
                "approval: library {lib_level:?}, model {:?}",
                m.approval
            ));
        }
    }
    p
}
