//! Stage 6: the other account flags, on a contact with the debtor: attorney
//! representation (with `ConsentKind::DirectContact` and
//! `FlagKind::AttorneyUnresponsive`), opt-outs by channel and/or point,
//! designated inconvenient times and places, workplace prohibition,
//! deceased, breathing space, and the flags that only warn (time-barred,
//! litigation, time-sensitive, prior abuse, unreachable). Generator and
//! model.

use std::collections::BTreeSet;

use arrears::compliance::contact::{
    Attempt, Channel, ConsentKind, ContactPoint, Flag, FlagKind, Initiator, Party, PointKind,
    Purpose, Role,
};
use chrono::{Duration, NaiveTime};

use super::gen::{gen_case as base, Case, Ext, Preset, Rng, Scope, DEBTS};
use super::model::{self, in_window, local, Ctx};
use super::third::attorney_bars;

/// A stage-4-like case (windows varied, history, cease, dispute and
/// bankruptcy flags; no consent to other times, no debtor-initiated
/// contact), then, from a second generator on the same seed, a workplace
/// point `w`, the attorney `a`, the flags of this stage, and sometimes the
/// workplace as the point used.
pub fn gen_case(seed: u64) -> Case {
    let mut c = base(
        seed,
        Scope {
            presets: &[Preset::Us, Preset::Us, Preset::Uk, Preset::Cn],
            vary_windows: true,
            history: true,
            consent: false,
            flags: true,
        },
    );
    c.ext = Ext::Flags;
    let mut r = Rng(seed ^ 0x6A09_E667_F3BC_C908);
    let at = c.attempt.at;
    c.account.parties.push(Party {
        id: "a".into(),
        role: Role::DebtorAttorney,
    });
    c.account.contact_points.push(ContactPoint {
        id: "w".into(),
        kind: PointKind::Workplace,
        zones: vec![],
        owner: Some("d".into()),
    });
    if r.pct(20) {
        let ch = *r.pick(&[Channel::Call, Channel::Letter, Channel::Email]);
        c.request.point = "w".into();
        c.request.channel = ch;
        c.attempt.point = "w".into();
        c.attempt.channel = ch;
    }
    let some_debt = |r: &mut Rng| {
        if r.pct(40) {
            Some(r.pick(DEBTS).to_string())
        } else {
            None
        }
    };
    let mut kinds: Vec<FlagKind> = Vec::new();
    if r.pct(30) {
        kinds.push(FlagKind::Attorney {
            debt: some_debt(&mut r),
        });
        if r.pct(40) {
            kinds.push(FlagKind::Consent {
                kind: ConsentKind::DirectContact,
                party: "a".into(),
                debt: some_debt(&mut r),
            });
        }
        if r.pct(30) {
            kinds.push(FlagKind::AttorneyUnresponsive {
                debt: some_debt(&mut r),
            });
        }
    }
    if r.pct(30) {
        let channel = *r.pick(&[
            Some(Channel::Call),
            Some(Channel::Voicemail),
            Some(Channel::Sms),
            Some(Channel::Email),
            Some(Channel::Letter),
            None,
        ]);
        let point = if channel.is_none() || r.pct(40) {
            Some(r.pick(&["m", "h", "e", "w"]).to_string())
        } else {
            None
        };
        kinds.push(FlagKind::OptOut { channel, point });
    }
    if r.pct(30) {
        let h = r.range(0, 23) as u32;
        let m = *r.pick(&[0u32, 30]);
        let start = NaiveTime::from_hms_opt(h, m, 0).unwrap();
        let end = start + Duration::minutes(30 * r.range(1, 12));
        kinds.push(FlagKind::InconvenientTime { start, end });
    }
    if r.pct(20) {
        kinds.push(FlagKind::InconvenientPlace {
            point: r.pick(&["h", "w"]).to_string(),
        });
    }
    if r.pct(20) {
        kinds.push(FlagKind::WorkplaceProhibited);
    }
    for (pct, k) in [
        (10, FlagKind::Deceased),
        (15, FlagKind::BreathingSpace),
        (
            10,
            FlagKind::TimeBarred {
                debt: r.pick(DEBTS).to_string(),
            },
        ),
        (5, FlagKind::Litigation { debt: None }),
        (
            5,
            FlagKind::TimeSensitive {
                debt: None,
                reason: "court deadline".into(),
            },
        ),
        (5, FlagKind::PriorAbuse { party: "d".into() }),
        (5, FlagKind::Unreachable),
        (5, FlagKind::Incapacitated),
    ] {
        if r.pct(pct) {
            kinds.push(k);
        }
    }
    for kind in kinds {
        let from = at - Duration::hours(r.range(-30, 60));
        let mut f = Flag::new(kind, from);
        if r.pct(40) {
            f.until = Some(from + Duration::hours(r.range(1, 96)));
        }
        c.account.flags.push(f);
    }
    c
}

/// Whether an opt-out of `ch` covers an attempt by `used`: an opt-out of
/// calls covers voicemail drops (placed calls), not the other way round.
fn medium(ch: Channel, used: Channel) -> bool {
    ch == used || (ch == Channel::Call && used == Channel::Voicemail)
}

/// The flag rules of this stage that do not move with the clock.
fn fixed(c: &Ctx, a: &Attempt, out: &mut BTreeSet<String>) {
    let (raw, acc) = (c.raw, c.acc);
    if a.initiator != Initiator::Collector {
        return;
    }
    let role = acc.party(&a.party).map(|p| p.role);
    let kind = acc.point(&a.point).map(|p| p.kind);
    let f = &raw.flags;
    if let Some(r) = &f.attorney {
        if role.is_some_and(super::third::is_consumer) && attorney_bars(acc, a, true) {
            out.insert(r.id.clone());
        }
    }
    for k in acc
        .flags
        .iter()
        .filter(|x| x.active_at(a.at))
        .map(|x| &x.kind)
    {
        let (rule, hit) = match k {
            FlagKind::OptOut { channel, point } => (
                &f.opt_out,
                channel.map_or(true, |ch| medium(ch, a.channel))
                    && point.as_ref().map_or(true, |p| *p == a.point),
            ),
            FlagKind::InconvenientPlace { point } => (&f.inconvenient, *point == a.point),
            FlagKind::WorkplaceProhibited => (&f.workplace, kind == Some(PointKind::Workplace)),
            FlagKind::Deceased => (&f.deceased, role == Some(Role::Debtor)),
            FlagKind::BreathingSpace => (
                &f.breathing_space,
                a.purpose != Purpose::LegallyRequiredNotice,
            ),
            _ => (&None, false),
        };
        if let (Some(r), true) = (rule, hit) {
            out.insert(r.id.clone());
        }
    }
}

/// A designated inconvenient time blocks a local time inside it in any
/// candidate zone.
fn times(c: &Ctx, a: &Attempt, out: &mut BTreeSet<String>) {
    let Some(r) = &c.raw.flags.inconvenient else {
        return;
    };
    if a.initiator != Initiator::Collector {
        return;
    }
    for k in c
        .acc
        .flags
        .iter()
        .filter(|x| x.active_at(a.at))
        .map(|x| &x.kind)
    {
        if let FlagKind::InconvenientTime { start, end } = k {
            if c.zs
                .iter()
                .any(|&z| in_window(local(a.at, z).1, *start, *end))
            {
                out.insert(r.id.clone());
            }
        }
    }
}

pub fn check(c: &Ctx, a: &Attempt, out: &mut BTreeSet<String>) {
    fixed(c, a, out);
    times(c, a, out);
}

/// Whether `a` stays blocked for good: a clock-independent flag rule (of
/// this stage, or cease, dispute and bankruptcy) blocks it and no flag
/// starts or ends later.
pub fn forever(c: &Ctx, a: &Attempt) -> bool {
    let mut out = BTreeSet::new();
    fixed(c, a, &mut out);
    model::flags(c.raw, c.acc, a, &mut out);
    !out.is_empty()
        && !c
            .acc
            .flags
            .iter()
            .any(|f| f.from > a.at || f.until.is_some_and(|u| u > a.at))
}
