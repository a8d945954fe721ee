//! Field-by-field comparison of a `PlanReport` with the model.

use arrears::loan::TxKind;
use arrears::plan::{PlanReport, PlanStatus};

use crate::gen::{date, day_of, minor, Case, COMPS};
use crate::model::{Out, Status};

pub fn lib_status(s: &PlanStatus) -> Status {
    match *s {
        PlanStatus::OnTrack { missed } => Status::OnTrack { missed },
        PlanStatus::Defaulted { on, missed } => Status::Defaulted {
            on: day_of(on),
            missed,
        },
        PlanStatus::Completed { on } => Status::Completed { on: day_of(on) },
        _ => panic!("unknown status {s:?}"),
    }
}

pub fn show(s: &Status) -> String {
    match *s {
        Status::OnTrack { missed } => format!("OnTrack {{ missed: {missed} }}"),
        Status::Defaulted { on, missed } => {
            format!("Defaulted {{ on: {}, missed: {missed} }}", date(on))
        }
        Status::Completed { on } => format!("Completed {{ on: {} }}", date(on)),
    }
}

/// Every difference between the report and the model, as lines.
pub fn compare(c: &Case, plan_id: &str, rep: &PlanReport, m: &Out) -> Vec<String> {
    let mut p = Vec::new();
    let ls = lib_status(&rep.status);
    if ls != m.status {
        p.push(format!(
            "status: library {} model {}",
            show(&ls),
            show(&m.status)
        ));
    }
    if rep.installments.len() != c.sched.len() {
        p.push(format!(
            "installments: library {} model {}",
            rep.installments.len(),
            c.sched.len()
        ));
    }
    for (k, i) in rep.installments.iter().enumerate().take(c.sched.len()) {
        let (due, amt) = c.sched[k];
        let lp = i.paid_on.map(day_of);
        let mut diffs = Vec::new();
        if i.seq != k as u32 + 1 {
            diffs.push(format!("seq {}", i.seq));
        }
        if day_of(i.due_date) != due || minor(i.amount) != amt {
            diffs.push(format!("due {} amount {}", i.due_date, i.amount));
        }
        if minor(i.paid) != m.fin.paid[k] {
            diffs.push(format!("paid {} model {}", minor(i.paid), m.fin.paid[k]));
        }
        if lp != m.fin.paid_on[k] {
            diffs.push(format!(
                "paid_on {:?} model {:?}",
                i.paid_on,
                m.fin.paid_on[k].map(date)
            ));
        }
        if i.missed != m.missed[k] {
            diffs.push(format!(
                "missed {} model {} (model deadline {})",
                i.missed,
                m.missed[k],
                date(m.deadline[k])
            ));
        }
        if !diffs.is_empty() {
            p.push(format!("installment {}: {}", k + 1, diffs.join("; ")));
        }
    }
    // Claw-back: one charge per waived component, dated the default day.
    let mut want: Vec<String> = Vec::new();
    if let (Status::Defaulted { on, .. }, true) = (&m.status, c.pol.claw) {
        for (k, comp) in COMPS.iter().enumerate() {
            if c.waived[k] > 0 {
                want.push(format!(
                    "{plan_id}-CB-{} {} {:?} {} {}",
                    comp.as_str(),
                    date(*on),
                    comp,
                    c.waived[k],
                    c.pol.rule
                ));
            }
        }
    }
    let mut got: Vec<String> = rep
        .clawback
        .iter()
        .map(|t| match t.kind() {
            TxKind::Charge {
                component,
                amount,
                rule,
                ..
            } => format!(
                "{} {} {:?} {} {}",
                t.id(),
                t.value_date(),
                component,
                minor(*amount),
                rule.as_deref().unwrap_or("<none>")
            ),
            k => format!("{} {} {k:?}", t.id(), t.value_date()),
        })
        .collect();
    want.sort();
    got.sort();
    if want != got {
        p.push(format!("clawback: library {got:?} model {want:?}"));
    }
    let mut rules: Vec<&str> = rep.rules.iter().map(|r| r.id.as_str()).collect();
    rules.sort_unstable();
    let mut want_rules = vec!["plan.default"];
    if !rep.clawback.is_empty() {
        want_rules.push(c.pol.rule.as_str());
    }
    want_rules.sort_unstable();
    if rules != want_rules {
        p.push(format!("rules: library {rules:?} model {want_rules:?}"));
    }
    p
}
