//! Stage 9: in-person visits (`Channel::Visit`, `Outcome::Visit`), with the
//! policy's visit rules (`VisitRules`) and everything else a contact with
//! the debtor meets: the windows (a window naming channels covers a visit
//! only if it names `Visit`; the presets' windows name none, so cover it:
//! RULES.md §5 "covers phone, visits and any other collection"), and stage
//! 6's flags (an opt-out of visits or of the point visited, a designated
//! inconvenient place or time, the workplace prohibition, the attorney,
//! cease, dispute, bankruptcy, deceased, breathing space). Generator and
//! model.
//!
//! Reading of `VisitRules` (its field docs): a visit that took place
//! (`Outcome::Visit(facts)`) breaks the rule if fewer than `min_collectors`
//! were present, if identification is required and not every collector
//! showed it, or if an appointment is required and there was none. A
//! planned visit (`Outcome::Planned`, as `next_permitted` asks) has no facts
//! yet: the rule cannot judge it and does not block it. Entering without
//! the occupant's consent is not one of the rule's fields: see
//! [`ENTRY_BLOCKS`]. A visit is not a telephone call: it counts toward no
//! Reg F or CN daily limit (earlier visits in the history neither).

use std::collections::BTreeSet;

use arrears::compliance::contact::{
    Attempt, Channel, ContactPoint, ContactPolicy, Flag, FlagKind, Outcome, PointKind, VisitFacts,
    VisitRules,
};
use chrono::Duration;

use super::flags::gen_case as base;
use super::gen::{zone, Case, Ext, Preset, Rng};
use super::model::Ctx;

/// Whether the model holds an entry without the occupant's consent
/// (`VisitFacts::entered && !consent_to_enter`) to break the visit rule.
/// `VisitRules` has no field for it and its docs do not say so (a doc
/// gap); `VisitFacts` records both facts, and RULES.md §9.2 (CBA 2026,
/// "entering homes or the debtor's office area without consent") and §9.3
/// (UK, "entry without consent") forbid it. The library blocks it under
/// the visit rule, whatever the rule's fields; the model follows.
pub const ENTRY_BLOCKS: bool = true;

fn facts(r: &mut Rng) -> VisitFacts {
    let entered = r.pct(30);
    VisitFacts {
        collectors: *r.pick(&[0u32, 1, 1, 2, 2, 2, 3]),
        id_shown: r.pct(75),
        appointment: r.pct(50),
        entered,
        consent_to_enter: entered && r.pct(60) || r.pct(10),
    }
}

/// A stage-6 case (windows varied, history, every account flag), then, from
/// a third generator on the same seed: a postal address `p` of the debtor
/// (0–1 zones), the attempt made a visit to `p`, the landline's place `h`
/// or the workplace `w`, its facts drawn (or planned), the visit rules
/// varied (`cn`: other minimums, ID or appointment required, none; `us` and
/// `uk`: sometimes rules of their own), earlier visits in the history, and
/// sometimes an opt-out of visits or a designated inconvenient place `p`.
pub fn gen_case(seed: u64) -> Case {
    let mut c = base(seed);
    c.ext = Ext::Visits;
    let mut r = Rng(seed ^ 0xA54F_F53A_5F1D_36F1);
    let at = c.attempt.at;
    let zones = (0..r.range(0, 1)).map(|_| zone(&mut r)).collect();
    c.account.contact_points.push(ContactPoint {
        id: "p".into(),
        kind: PointKind::Postal,
        zones,
        owner: Some("d".into()),
    });
    let point = *r.pick(&["p", "p", "h", "w"]);
    c.request.channel = Channel::Visit;
    c.request.point = point.into();
    c.attempt.channel = Channel::Visit;
    c.attempt.point = point.into();
    if r.pct(75) {
        c.attempt.outcome = Outcome::Visit(facts(&mut r));
    }
    let mut raw = c.policy.raw().clone();
    match (c.preset, r.range(0, 3)) {
        (Preset::Cn, 0) => raw.visits = None,
        (Preset::Cn, 1) | (_, 0) => {
            let mut rule = raw.windows[0].rule.clone();
            if c.preset != Preset::Cn {
                rule.id = "oracle.visit".into();
            }
            raw.visits = Some(VisitRules {
                rule: raw.visits.as_ref().map_or(rule, |v| v.rule.clone()),
                min_collectors: r.range(1, 3) as u32,
                id_required: r.pct(50),
                appointment_required: r.pct(50),
            });
        }
        _ => {}
    }
    c.policy = ContactPolicy::new(raw).expect("valid visit rules");
    for _ in 0..*r.pick(&[0i64, 0, 1, 3]) {
        let back = r.range(1, 3 * 24 * 60);
        let hp = *r.pick(&["p", "h"]);
        let h = Attempt::new(
            at - Duration::minutes(back),
            Channel::Visit,
            "d",
            hp,
            &["D1"],
            Outcome::Visit(facts(&mut r)),
        );
        c.history.push(h);
    }
    c.history.sort_by_key(|h| h.at);
    let mut add = |kind: FlagKind, r: &mut Rng| {
        let from = at - Duration::hours(r.range(-30, 60));
        let mut f = Flag::new(kind, from);
        if r.pct(40) {
            f.until = Some(from + Duration::hours(r.range(1, 96)));
        }
        c.account.flags.push(f);
    };
    if r.pct(20) {
        let point = if r.pct(50) {
            Some(r.pick(&["p", "h", "w"]).to_string())
        } else {
            None
        };
        add(
            FlagKind::OptOut {
                channel: Some(Channel::Visit),
                point,
            },
            &mut r,
        );
    }
    if r.pct(15) {
        add(FlagKind::InconvenientPlace { point: "p".into() }, &mut r);
    }
    c
}

/// The visit rule, for a visit that took place.
pub fn check(c: &Ctx, a: &Attempt, out: &mut BTreeSet<String>) {
    super::flags::check(c, a, out);
    let Some(v) = &c.raw.visits else { return };
    if a.channel != Channel::Visit {
        return;
    }
    let Outcome::Visit(f) = a.outcome else { return };
    if f.collectors < v.min_collectors
        || (v.id_required && !f.id_shown)
        || (v.appointment_required && !f.appointment)
        || (ENTRY_BLOCKS && f.entered && !f.consent_to_enter)
    {
        out.insert(v.rule.id.clone());
    }
}
