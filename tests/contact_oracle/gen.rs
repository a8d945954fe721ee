//! Random cases: a policy (a preset, sometimes varied), an account with a
//! debtor, contact points and zones, a history and a planned attempt,
//! drawn from a seeded splitmix64 so that a seed always gives the same case.

use arrears::compliance::contact::{
    Account, Attempt, Channel, ClosedDay, ConsentKind, ContactPoint, ContactPolicy, ContactRequest,
    Flag, FlagKind, Initiator, Outcome, Party, PointKind, Purpose, Role, Zone, ZoneSource,
};
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

pub use crate::rng::Rng;

/// Which extra part of the model a case needs (stages 5 and 6 draw
/// features the base model does not read).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Ext {
    /// Stages 1-4.
    Base,
    /// Stage 5: third parties (`third.rs`).
    Third,
    /// Stage 6: the other account flags (`flags.rs`).
    Flags,
    /// Stage 9: visits, over stage 6's flags (`visits.rs`).
    Visits,
}

/// Which preset.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Preset {
    Us,
    Cn,
    Uk,
}

/// What a stage draws (see the header of `contact_oracle.rs`).
#[derive(Clone, Copy)]
pub struct Scope {
    pub presets: &'static [Preset],
    /// Window variations: other hours, wrapping windows, channel subsets,
    /// closed days and holidays, other fallback zones, a second window.
    pub vary_windows: bool,
    /// A history of calls and messages (frequency rules).
    pub history: bool,
    /// Consent to other times, debtor-initiated attempts.
    pub consent: bool,
    /// Cease, dispute and bankruptcy flags.
    pub flags: bool,
}

pub const ZONES: &[&str] = &[
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "Europe/London",
    "Asia/Shanghai",
    "Australia/Sydney",
];

/// DST transition dates (2026) to draw near.
const EDGES: &[(i32, u32, u32)] = &[
    (2026, 3, 8),
    (2026, 11, 1),
    (2026, 3, 29),
    (2026, 10, 25),
    (2026, 4, 5),
    (2026, 10, 4),
    (2026, 1, 1),
    (2026, 6, 15),
];

pub struct Case {
    pub seed: u64,
    /// Which stage's extra rules the model applies.
    pub ext: Ext,
    pub preset: Preset,
    pub policy: ContactPolicy,
    pub account: Account,
    pub history: Vec<Attempt>,
    pub attempt: Attempt,
    pub request: ContactRequest,
    pub after: DateTime<Utc>,
}

pub fn zone(r: &mut Rng) -> Zone {
    let name: &str = ZONES[r.range(0, ZONES.len() as i64 - 1) as usize];
    Zone::new(name).unwrap()
}

fn hm(h: i64, m: i64) -> NaiveTime {
    NaiveTime::from_hms_opt(h as u32, m as u32, 0).unwrap()
}

/// An instant near a DST edge or anywhere in 2026, often close to a local
/// hour boundary in one of `zs`.
pub fn instant(r: &mut Rng, zs: &[Tz]) -> DateTime<Utc> {
    let (y, m, d) = *r.pick(EDGES);
    let base = NaiveDate::from_ymd_opt(y, m, d).unwrap() + Duration::days(r.range(-3, 3));
    let day = if r.pct(20) {
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + Duration::days(r.range(0, 364))
    } else {
        base
    };
    let z = if zs.is_empty() || r.pct(10) {
        chrono_tz::UTC
    } else {
        *r.pick(zs)
    };
    let time = if r.pct(60) {
        let h = *r.pick(&[7i64, 8, 9, 20, 21, 22, 23, 0, 1, 2]);
        let m = *r.pick(&[0i64, 0, 1, 59, 58, 30]);
        hm(h, m)
    } else {
        hm(r.range(0, 23), r.range(0, 59))
    };
    let mut at = z
        .from_local_datetime(&day.and_time(time))
        .earliest()
        .unwrap_or_else(|| Utc.from_utc_datetime(&day.and_time(time)).with_timezone(&z))
        .with_timezone(&Utc);
    if r.pct(10) {
        at += Duration::seconds(r.range(1, 59));
    }
    at
}

fn vary(r: &mut Rng, p: &ContactPolicy, preset: Preset) -> ContactPolicy {
    let mut raw = p.raw().clone();
    let w = &mut raw.windows[0];
    if r.pct(50) {
        let s = r.range(5, 11);
        let e = if r.pct(25) {
            r.range(0, 3)
        } else {
            r.range(17, 23)
        };
        w.start = hm(s, *r.pick(&[0, 30]));
        w.end = hm(e, *r.pick(&[0, 30]));
        if r.pct(15) {
            // Wraps past midnight.
            w.start = hm(r.range(18, 22), 0);
            w.end = hm(r.range(1, 6), 0);
        }
    }
    if r.pct(40) {
        let all = [
            Channel::Call,
            Channel::Sms,
            Channel::Email,
            Channel::Voicemail,
            Channel::Letter,
        ];
        w.channels = all.iter().copied().filter(|_| r.pct(50)).collect();
    }
    if r.pct(50) {
        for c in [ClosedDay::Saturday, ClosedDay::Sunday, ClosedDay::Holiday] {
            if r.pct(40) {
                w.closed.push(c);
            }
        }
        for _ in 0..r.range(0, 4) {
            let (y, m, d) = *r.pick(EDGES);
            raw.holidays
                .push(NaiveDate::from_ymd_opt(y, m, d).unwrap() + Duration::days(r.range(-2, 2)));
        }
    }
    if r.pct(25) {
        let mut w2 = raw.windows[0].clone();
        w2.rule.id = "oracle.second_window".into();
        w2.start = hm(r.range(6, 10), 0);
        w2.end = hm(r.range(18, 22), 0);
        w2.closed.clear();
        w2.channels = vec![*r.pick(&[Channel::Call, Channel::Sms, Channel::Voicemail])];
        raw.windows.push(w2);
    }
    if preset == Preset::Us && r.pct(30) {
        raw.zones = ZoneSource::DebtorLocations {
            fallback: (0..r.range(1, 3)).map(|_| zone(r)).collect(),
        };
    }
    if preset != Preset::Us && r.pct(20) {
        raw.zones = ZoneSource::Fixed(zone(r));
    }
    ContactPolicy::new(raw).expect("valid variation")
}

pub const DEBTS: &[&str] = &["D1", "D2", "D3"];

pub fn debts(r: &mut Rng) -> Vec<String> {
    let n = *r.pick(&[1usize, 1, 1, 2, 3]);
    let mut out: Vec<String> = Vec::new();
    while out.len() < n {
        let d = r.pick(DEBTS).to_string();
        if !out.contains(&d) {
            out.push(d);
        }
    }
    out
}

pub fn outcome(r: &mut Rng, channel: Channel) -> Outcome {
    match channel {
        Channel::Call => *r.pick(&[
            Outcome::NoAnswer,
            Outcome::NoAnswer,
            Outcome::NotConnected,
            Outcome::Conversation,
            Outcome::Voicemail {
                limited_content: true,
            },
            Outcome::Voicemail {
                limited_content: false,
            },
        ]),
        Channel::Voicemail => Outcome::Voicemail {
            limited_content: r.pct(50),
        },
        _ => Outcome::Delivered,
    }
}

pub fn gen_case(seed: u64, s: Scope) -> Case {
    let mut r = Rng(seed);
    let preset = *r.pick(s.presets);
    let base = match preset {
        Preset::Us => ContactPolicy::us(),
        Preset::Cn => ContactPolicy::cn(),
        Preset::Uk => ContactPolicy::uk(),
    };
    let policy = if s.vary_windows && r.pct(70) {
        vary(&mut r, &base, preset)
    } else {
        base
    };
    let mut account = Account {
        id: "A1".into(),
        parties: vec![Party {
            id: "d".into(),
            role: Role::Debtor,
        }],
        ..Account::default()
    };
    for _ in 0..r.range(0, 2) {
        account.locations.push(zone(&mut r));
    }
    let pz = |r: &mut Rng, n: i64| (0..r.range(0, n)).map(|_| zone(r)).collect::<Vec<_>>();
    for (id, kind) in [
        ("m", PointKind::Mobile),
        ("h", PointKind::Landline),
        ("e", PointKind::Email),
    ] {
        let zones = pz(&mut r, 2);
        let owner = if r.pct(70) {
            Some("d".to_string())
        } else {
            None
        };
        account.contact_points.push(ContactPoint {
            id: id.into(),
            kind,
            zones,
            owner,
        });
    }
    let known: Vec<Tz> = account
        .locations
        .iter()
        .chain(account.contact_points.iter().flat_map(|p| p.zones.iter()))
        .map(|z| z.tz())
        .collect();
    let at = instant(&mut r, &known);
    let channel = *r.pick(&[
        Channel::Call,
        Channel::Call,
        Channel::Call,
        Channel::Voicemail,
        Channel::Sms,
        Channel::Email,
        Channel::Letter,
    ]);
    let point = match channel {
        Channel::Email => "e",
        Channel::Letter => "h",
        _ => *r.pick(&["m", "m", "h"]),
    };
    let request = ContactRequest {
        party: "d".into(),
        channel,
        point: point.into(),
        debts: debts(&mut r),
        purpose: Purpose::Collection,
    };
    let mut attempt = request.at(at);
    if s.consent && r.pct(20) {
        attempt.initiator = Initiator::Party;
    }
    let mut history = Vec::new();
    if s.history {
        let n = *r.pick(&[0i64, 3, 6, 8, 10, 14, 20]);
        let dense = r.pct(50);
        for _ in 0..n {
            let back = if dense {
                r.range(1, 3 * 24 * 60)
            } else {
                r.range(1, 10 * 24 * 60)
            };
            let hc = *r.pick(&[
                Channel::Call,
                Channel::Call,
                Channel::Call,
                Channel::Voicemail,
                Channel::Sms,
            ]);
            let hp = if hc == Channel::Call && r.pct(70) {
                point
            } else {
                *r.pick(&["m", "h"])
            };
            let hd: Vec<String> = if r.pct(50) {
                request.debts.clone()
            } else {
                debts(&mut r)
            };
            let hd: Vec<&str> = hd.iter().map(String::as_str).collect();
            let mut h = Attempt::new(
                at - Duration::minutes(back),
                hc,
                "d",
                hp,
                &hd,
                outcome(&mut r, hc),
            );
            if r.pct(10) {
                h.initiator = Initiator::Party;
            }
            history.push(h);
        }
        history.sort_by_key(|h| h.at);
    }
    if s.consent && r.pct(30) {
        let from = at - Duration::hours(r.range(-30, 72));
        let mut f = Flag::new(
            FlagKind::Consent {
                kind: ConsentKind::OtherTimes,
                party: "d".into(),
                debt: if r.pct(30) {
                    Some(r.pick(DEBTS).to_string())
                } else {
                    None
                },
            },
            from,
        );
        if r.pct(40) {
            f.until = Some(from + Duration::hours(r.range(1, 96)));
        }
        account.flags.push(f);
    }
    if s.flags && r.pct(40) {
        let from = at - Duration::hours(r.range(-48, 48));
        let kind = match r.range(0, 2) {
            0 => FlagKind::Cease,
            1 => FlagKind::Dispute {
                debt: if r.pct(50) {
                    Some(r.pick(DEBTS).to_string())
                } else {
                    None
                },
            },
            _ => FlagKind::Bankruptcy,
        };
        let mut f = Flag::new(kind, from);
        if r.pct(50) {
            f.until = Some(from + Duration::hours(r.range(1, 96)));
        }
        account.flags.push(f);
    }
    let after = at;
    Case {
        seed,
        ext: Ext::Base,
        preset,
        policy,
        account,
        history,
        attempt,
        request,
        after,
    }
}

pub fn describe(c: &Case) -> String {
    let mut s = format!(
        "seed {} preset {:?}\n  attempt {} {:?} {:?} point {} debts {:?} {:?}\n  account locations {:?} points {:?}\n  flags {:?}\n",
        c.seed,
        c.preset,
        c.attempt.at,
        c.attempt.channel,
        c.attempt.initiator,
        c.attempt.point,
        c.attempt.debts,
        c.attempt.outcome,
        c.account.locations,
        c.account
            .contact_points
            .iter()
            .map(|p| (p.id.as_str(), p.owner.as_deref(), &p.zones))
            .collect::<Vec<_>>(),
        c.account.flags
    );
    s += &format!(
        "  parties {:?} purpose {:?} discloses {} identity {} repeat {:?}\n",
        c.account
            .parties
            .iter()
            .map(|p| (p.id.as_str(), p.role))
            .collect::<Vec<_>>(),
        c.attempt.purpose,
        c.attempt.discloses_debt,
        c.attempt.identity_verified,
        c.attempt.repeat_reason
    );
    let raw = c.policy.raw();
    s += &format!(
        "  zones {:?} windows {:?} holidays {:?}\n",
        raw.zones,
        raw.windows
            .iter()
            .map(|w| (&w.rule.id, &w.channels, w.start, w.end, &w.closed))
            .collect::<Vec<_>>(),
        raw.holidays
    );
    for h in &c.history {
        s += &format!(
            "  h {} {:?} {:?} {} {} {:?} {:?}\n",
            h.at, h.channel, h.initiator, h.party, h.point, h.debts, h.outcome
        );
    }
    s
}
