//! Stage 5: parties other than the debtor (third parties and emergency
//! contacts, the spouse, co-borrower and guarantor, the debtor's attorney),
//! timed in their own zones; the US location-information rules (1006.6(d),
//! 1006.10(b)/(c)) with the consumer's consent to a third party and the
//! attorney bar; the CN contact rules (when, purpose, suppression, phone-book
//! blast); the UK non-disclosure and identity rules. Generator and model.

use std::collections::BTreeSet;

use arrears::compliance::contact::{
    Account, Attempt, Channel, ConsentKind, ContactPoint, ContactPolicy, ContactRequest, Flag,
    FlagKind, Initiator, Outcome, Party, PointKind, Purpose, RawContactPolicy, RepeatReason, Role,
    ThirdPartyRules, ZoneSource,
};
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use super::gen::{debts, instant, zone, Case, Ext, Preset, Rng, DEBTS};
use super::model::{covers, zones, Ctx};

/// Parties besides the debtor: `t` (the one contacted, role drawn), `u`
/// (an emergency contact) and `v` (family), each with its own mobile
/// (`tp`, `up`, `vp`), and `a`, the debtor's attorney (giver of
/// `DirectContact`, owner of `ap`).
pub fn gen_case(seed: u64) -> Case {
    let mut r = Rng(seed);
    let preset = *r.pick(&[Preset::Us, Preset::Us, Preset::Cn, Preset::Uk]);
    let policy = match preset {
        Preset::Us => ContactPolicy::us(),
        Preset::Cn => ContactPolicy::cn(),
        Preset::Uk => ContactPolicy::uk(),
    };
    let mut roles = vec![
        Role::EmergencyContact,
        Role::EmergencyContact,
        Role::Family,
        Role::Employer,
        Role::Colleague,
        Role::OtherThirdParty,
        Role::DebtorAttorney,
        Role::CoBorrower,
        Role::Guarantor,
    ];
    if preset == Preset::Us {
        roles.push(Role::Spouse);
    }
    let role = *r.pick(&roles);
    let mut account = Account {
        id: "A1".into(),
        parties: vec![
            Party {
                id: "d".into(),
                role: Role::Debtor,
            },
            Party {
                id: "t".into(),
                role,
            },
            Party {
                id: "u".into(),
                role: Role::EmergencyContact,
            },
            Party {
                id: "v".into(),
                role: Role::Family,
            },
            Party {
                id: "a".into(),
                role: Role::DebtorAttorney,
            },
        ],
        ..Account::default()
    };
    for _ in 0..r.range(0, 1) {
        account.locations.push(zone(&mut r));
    }
    for (id, owner, n) in [
        ("m", "d", 1),
        ("tp", "t", 2),
        ("up", "u", 1),
        ("vp", "v", 1),
    ] {
        let zones = (0..r.range(0, n)).map(|_| zone(&mut r)).collect();
        account.contact_points.push(ContactPoint {
            id: id.into(),
            kind: PointKind::Mobile,
            zones,
            owner: Some(owner.into()),
        });
    }
    let known: Vec<Tz> = account
        .contact_points
        .iter()
        .filter(|p| p.id == "tp" || p.id == "m")
        .flat_map(|p| p.zones.iter())
        .chain(account.locations.iter())
        .map(|z| z.tz())
        .collect();
    let at = instant(&mut r, &known);
    let channel = *r.pick(&[
        Channel::Call,
        Channel::Call,
        Channel::Sms,
        Channel::Sms,
        Channel::Im,
        Channel::Voicemail,
    ]);
    let purpose = *r.pick(&[
        Purpose::LocationInformation,
        Purpose::LocationInformation,
        Purpose::PassMessage,
        Purpose::Collection,
    ]);
    let request = ContactRequest {
        party: "t".into(),
        channel,
        point: "tp".into(),
        debts: debts(&mut r),
        purpose,
    };
    let mut attempt = request.at(at);
    attempt.discloses_debt = r.pct(25);
    attempt.identity_verified = r.pct(50);
    if r.pct(15) {
        attempt.repeat_reason = Some(*r.pick(&[
            RepeatReason::RequestedByParty,
            RepeatReason::EarlierAnswerIncomplete,
        ]));
    }
    let mut history = Vec::new();
    for _ in 0..*r.pick(&[0i64, 0, 1, 1, 2, 3, 5]) {
        let (party, point) = *r.pick(&[("t", "tp"), ("t", "tp"), ("u", "up"), ("v", "vp")]);
        let hc = *r.pick(&[Channel::Call, Channel::Call, Channel::Sms, Channel::Im]);
        let outcome = match hc {
            Channel::Call => *r.pick(&[
                Outcome::NoAnswer,
                Outcome::NotConnected,
                Outcome::Conversation,
                Outcome::Conversation,
                Outcome::Voicemail {
                    limited_content: false,
                },
            ]),
            _ => Outcome::Delivered,
        };
        let hd: Vec<String> = if r.pct(50) {
            request.debts.clone()
        } else {
            debts(&mut r)
        };
        let hd: Vec<&str> = hd.iter().map(String::as_str).collect();
        let span = *r.pick(&[26 * 60, 3 * 24 * 60]);
        let back = r.range(1, span);
        let mut h = Attempt::new(at - Duration::minutes(back), hc, party, point, &hd, outcome);
        h.purpose = Purpose::LocationInformation;
        history.push(h);
    }
    history.sort_by_key(|h| h.at);
    let mut flag = |r: &mut Rng, kind: FlagKind, ends: u64| {
        let from = at - Duration::hours(r.range(-30, 60));
        let mut f = Flag::new(kind, from);
        if r.pct(ends) {
            f.until = Some(from + Duration::hours(r.range(1, 96)));
        }
        account.flags.push(f);
    };
    let some_debt = |r: &mut Rng| {
        if r.pct(40) {
            Some(r.pick(DEBTS).to_string())
        } else {
            None
        }
    };
    if r.pct(35) {
        let debt = some_debt(&mut r);
        let kind = ConsentKind::ThirdParty;
        let party = "t".into();
        flag(&mut r, FlagKind::Consent { kind, party, debt }, 40);
    }
    if r.pct(if preset == Preset::Cn { 60 } else { 20 }) {
        let kind = match r.range(0, 3) {
            0 | 1 => FlagKind::Unreachable,
            2 => FlagKind::Deceased,
            _ => FlagKind::Incapacitated,
        };
        flag(&mut r, kind, 40);
    }
    if r.pct(15) {
        let party = "t".into();
        flag(&mut r, FlagKind::Refused { party }, 0);
    }
    if r.pct(30) {
        let debt = some_debt(&mut r);
        flag(&mut r, FlagKind::Attorney { debt }, 40);
        if r.pct(40) {
            let debt = some_debt(&mut r);
            flag(&mut r, FlagKind::AttorneyUnresponsive { debt }, 40);
        }
        if r.pct(40) {
            let debt = some_debt(&mut r);
            let kind = ConsentKind::DirectContact;
            let party = "a".into();
            flag(&mut r, FlagKind::Consent { kind, party, debt }, 40);
        }
    }
    Case {
        seed,
        ext: Ext::Third,
        preset,
        policy,
        account,
        history,
        attempt,
        request,
        after: at,
    }
}

/// Whether the phone-book blast rule blocks the case's request at `after`.
pub fn blasts(c: &Case) -> bool {
    let ctx = Ctx::for_case(c);
    let mut out = BTreeSet::new();
    blast(&ctx, &c.request.at(c.after), &mut out);
    !out.is_empty()
}

/// The zones a contact with `party` at `point` is timed in (doc gap decided
/// in the header): a contact (`Role::is_contact`) reached at a point with
/// zones, in those zones only; anyone else, in the debtor's zones plus the
/// point's own.
pub fn zones_for(raw: &RawContactPolicy, acc: &Account, party: &str, point: &str) -> Vec<Tz> {
    let ZoneSource::DebtorLocations { fallback } = &raw.zones else {
        return zones(raw, acc);
    };
    let role = acc.party(party).map(|p| p.role);
    let pz: Vec<Tz> = acc
        .point(point)
        .map(|p| p.zones.iter().map(|z| z.tz()).collect())
        .unwrap_or_default();
    let mut out: Vec<Tz> = if role.is_some_and(|r| r.is_contact()) && !pz.is_empty() {
        pz
    } else {
        // The debtor's own zones (`zones` without its fallback), then the point's.
        let mut acc2 = acc.clone();
        acc2.locations.extend(
            acc.point(point)
                .map(|p| p.zones.clone())
                .unwrap_or_default(),
        );
        let mut raw2 = raw.clone();
        raw2.zones = ZoneSource::DebtorLocations {
            fallback: Vec::new(),
        };
        let mut zs = zones(&raw2, &acc2);
        if zs.is_empty() {
            zs = fallback.iter().map(|z| z.tz()).collect();
        }
        zs
    };
    out.sort_by_key(|z| z.name());
    out.dedup();
    out
}

fn active(acc: &Account, t: DateTime<Utc>) -> impl Iterator<Item = &FlagKind> {
    acc.flags
        .iter()
        .filter(move |f| f.active_at(t))
        .map(|f| &f.kind)
}

fn consent(acc: &Account, a: &Attempt, want: ConsentKind) -> bool {
    active(acc, a.at).any(|k| {
        matches!(k, FlagKind::Consent { kind, party, debt }
            if *kind == want && *party == a.party && covers(debt, &a.debts))
    })
}

/// Whether an attorney flag bars `a` (Reg F 1006.6(b)(2), 1006.10(b)(6)):
/// each represented debt the attempt is about must be lifted, by the
/// attorney's failure to respond or (`direct`, a contact with the consumer)
/// by the attorney's consent to direct contact. A flag on debt D concerns an
/// attempt about D or about no debt (every debt); a lift on D lifts D only.
pub fn attorney_bars(acc: &Account, a: &Attempt, direct: bool) -> bool {
    // `None`: every debt.
    let mut represented: Vec<Option<String>> = Vec::new();
    for k in active(acc, a.at) {
        if let FlagKind::Attorney { debt } = k {
            match debt {
                Some(d) if a.debts.is_empty() || a.debts.contains(d) => {
                    represented.push(Some(d.clone()))
                }
                Some(_) => {}
                None if a.debts.is_empty() => represented.push(None),
                None => represented.extend(a.debts.iter().cloned().map(Some)),
            }
        }
    }
    let lifts: Vec<&Option<String>> = active(acc, a.at)
        .filter_map(|k| match k {
            FlagKind::AttorneyUnresponsive { debt } => Some(debt),
            FlagKind::Consent {
                kind: ConsentKind::DirectContact,
                party,
                debt,
            } if direct
                && acc
                    .party(party)
                    .is_some_and(|p| p.role == Role::DebtorAttorney) =>
            {
                Some(debt)
            }
            _ => None,
        })
        .collect();
    represented.iter().any(|r| {
        !lifts
            .iter()
            .any(|l| l.is_none() || (r.is_some() && *l == r))
    })
}

/// The consumer for 1006.6 (RULES.md §8.1 `us.reg_f.consumer_def`).
pub fn is_consumer(role: Role) -> bool {
    role.is_obligor() || role == Role::Spouse
}

/// Whether an earlier entry communicated with its party (1006.10(c)): a
/// conversation, a message delivered or left (a voicemail left for a third
/// party is never limited-content); not a busy signal or a ring unanswered.
fn communicated(h: &Attempt) -> bool {
    matches!(
        h.outcome,
        Outcome::Conversation | Outcome::Delivered | Outcome::Voicemail { .. } | Outcome::Visit(_)
    )
}

/// The rules of this stage that do not move with the clock: all but the
/// phone-book blast (a 24-hour count).
fn fixed(c: &Ctx, a: &Attempt, out: &mut BTreeSet<String>) {
    let (raw, acc) = (c.raw, c.acc);
    if a.initiator != Initiator::Collector {
        return;
    }
    let Some(role) = acc.party(&a.party).map(|p| p.role) else {
        return;
    };
    if let Some(r) = &raw.flags.attorney {
        if is_consumer(role) && attorney_bars(acc, a, true) {
            out.insert(r.id.clone());
        }
    }
    if let Some(r) = &raw.identity {
        if a.discloses_debt && !a.identity_verified {
            out.insert(r.id.clone());
        }
    }
    if !role.is_contact() {
        return;
    }
    let consented = consent(acc, a, ConsentKind::ThirdParty);
    match &raw.third_party {
        // With the consumer's consent none applies; 1006.10(b)(6) (only the
        // attorney, once represented) governs location communications, and
        // a consented contact (1006.6(d)(1)) is not one.
        Some(ThirdPartyRules::Us {
            purpose,
            disclosure,
            once,
        }) if !consented => {
            if a.purpose != Purpose::LocationInformation {
                out.insert(purpose.id.clone());
            }
            if a.discloses_debt {
                out.insert(disclosure.id.clone());
            }
            let before = c
                .history
                .iter()
                .any(|h| h.at < a.at && h.party == a.party && communicated(h));
            if before && a.repeat_reason.is_none() {
                out.insert(once.id.clone());
            }
            if raw.flags.attorney.is_some() && attorney_bars(acc, a, false) {
                out.insert(disclosure.id.clone());
            }
        }
        Some(ThirdPartyRules::Cn {
            when,
            purpose,
            suppress,
            ..
        }) => {
            let may = active(acc, a.at).any(|k| {
                matches!(
                    k,
                    FlagKind::Unreachable | FlagKind::Deceased | FlagKind::Incapacitated
                )
            });
            if !may {
                out.insert(when.id.clone());
            }
            let ok = matches!(
                a.purpose,
                Purpose::LocationInformation | Purpose::PassMessage
            );
            if !ok || a.discloses_debt {
                out.insert(purpose.id.clone());
            }
            let refused = active(acc, a.at)
                .any(|k| matches!(k, FlagKind::Refused { party } if *party == a.party));
            if refused {
                out.insert(suppress.id.clone());
            }
        }
        Some(ThirdPartyRules::Uk { disclosure }) if a.discloses_debt && !consented => {
            out.insert(disclosure.id.clone());
        }
        _ => {}
    }
}

/// CN phone-book blast: electronic messages to distinct contacts within the
/// 24 hours up to the attempt (the attempt included) reaching
/// `blast_contacts`.
fn blast(c: &Ctx, a: &Attempt, out: &mut BTreeSet<String>) {
    let Some(ThirdPartyRules::Cn {
        blast,
        blast_contacts,
        ..
    }) = &c.raw.third_party
    else {
        return;
    };
    let contact = |p: &str| c.acc.party(p).is_some_and(|p| p.role.is_contact());
    if a.initiator != Initiator::Collector || !a.channel.is_electronic() || !contact(&a.party) {
        return;
    }
    let mut who: BTreeSet<&str> = BTreeSet::new();
    who.insert(&a.party);
    for h in c.history {
        if h.at <= a.at
            && h.at > a.at - Duration::hours(24)
            && h.channel.is_electronic()
            && h.initiator == Initiator::Collector
            && contact(&h.party)
        {
            who.insert(&h.party);
        }
    }
    if who.len() >= *blast_contacts as usize {
        out.insert(blast.id.clone());
    }
}

pub fn check(c: &Ctx, a: &Attempt, out: &mut BTreeSet<String>) {
    fixed(c, a, out);
    blast(c, a, out);
}

/// Whether `a` stays blocked for good: a clock-independent rule blocks it and
/// no flag starts or ends later.
pub fn forever(c: &Ctx, a: &Attempt) -> bool {
    let mut out = BTreeSet::new();
    fixed(c, a, &mut out);
    !out.is_empty()
        && !c
            .acc
            .flags
            .iter()
            .any(|f| f.from > a.at || f.until.is_some_and(|u| u > a.at))
}
