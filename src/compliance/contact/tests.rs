//! Table-driven tests: exact rule ids and timestamps, DST edges, Reg F
//! examples (RULES.md §6.1), CN limits, flags, third parties, errors.

use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};

use super::*;

mod attorney;
mod batch;
mod errors;
mod flags;
mod frequency;
mod gaps;
mod guardrails;
mod keyed;
mod props;
mod third_parties;

pub(super) fn utc(y: i32, m: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, mi, 0)
        .single()
        .expect("valid test date")
}

pub(super) fn z(n: &str) -> Zone {
    Zone::new(n).expect("zone")
}

pub(super) fn account(locations: &[&str], point_zones: &[&str]) -> Account {
    let pz: Vec<Zone> = point_zones.iter().map(|n| z(n)).collect();
    Account {
        id: "A1".into(),
        parties: vec![
            Party {
                id: "d".into(),
                role: Role::Debtor,
            },
            Party {
                id: "g".into(),
                role: Role::Guarantor,
            },
            Party {
                id: "e".into(),
                role: Role::EmergencyContact,
            },
            Party {
                id: "f1".into(),
                role: Role::Family,
            },
            Party {
                id: "f2".into(),
                role: Role::Family,
            },
            Party {
                id: "f3".into(),
                role: Role::Family,
            },
            Party {
                id: "att".into(),
                role: Role::DebtorAttorney,
            },
        ],
        contact_points: vec![
            ContactPoint {
                id: "m".into(),
                kind: PointKind::Mobile,
                zones: pz.clone(),
                owner: None,
            },
            ContactPoint {
                id: "m2".into(),
                kind: PointKind::Mobile,
                zones: pz,
                owner: None,
            },
            ContactPoint {
                id: "mail".into(),
                kind: PointKind::Email,
                zones: vec![],
                owner: None,
            },
            ContactPoint {
                id: "work".into(),
                kind: PointKind::Workplace,
                zones: vec![],
                owner: None,
            },
            ContactPoint {
                id: "home".into(),
                kind: PointKind::Postal,
                zones: vec![],
                owner: None,
            },
        ],
        locations: locations.iter().map(|n| z(n)).collect(),
        flags: vec![],
    }
}

pub(super) fn call(at: DateTime<Utc>, outcome: Outcome) -> Attempt {
    Attempt::new(at, Channel::Call, "d", "m", &["D1"], outcome)
}

pub(super) fn check(p: &ContactPolicy, a: &Attempt, h: &[Attempt], acct: &Account) -> Verdict {
    ContactChecker::new(p).check(a, h, acct).expect("check")
}

#[test]
fn windows_table() {
    let cn = ContactPolicy::cn();
    let us = ContactPolicy::us();
    let ny = account(&["America/New_York"], &[]);
    let phx = account(&["America/Phoenix"], &[]);
    let phx_la = account(&["America/Phoenix"], &["America/Los_Angeles"]);
    let unknown = account(&[], &[]);
    let cnacct = account(&[], &[]);
    type Case<'a> = (
        &'a str,
        &'a ContactPolicy,
        &'a Account,
        DateTime<Utc>,
        Option<&'a str>,
    );
    let cases: &[Case<'_>] = &[
        // CN 22:00–08:00 blackout, Asia/Shanghai = UTC+8.
        ("cn 21:59", &cn, &cnacct, utc(2026, 3, 2, 13, 59), None),
        (
            "cn 22:00",
            &cn,
            &cnacct,
            utc(2026, 3, 2, 14, 0),
            Some("cn.gbt45251.time_window"),
        ),
        (
            "cn 07:59",
            &cn,
            &cnacct,
            utc(2026, 3, 2, 23, 59),
            Some("cn.gbt45251.time_window"),
        ),
        ("cn 08:00", &cn, &cnacct, utc(2026, 3, 3, 0, 0), None),
        // New York spring forward 2026-03-08 (EDT, UTC−4).
        (
            "ny 03-07 07:30 est",
            &us,
            &ny,
            utc(2026, 3, 7, 12, 30),
            Some("us.reg_f.time_window"),
        ),
        ("ny 03-07 08:00 est", &us, &ny, utc(2026, 3, 7, 13, 0), None),
        (
            "ny 03-08 07:59 edt",
            &us,
            &ny,
            utc(2026, 3, 8, 11, 59),
            Some("us.reg_f.time_window"),
        ),
        ("ny 03-08 08:00 edt", &us, &ny, utc(2026, 3, 8, 12, 0), None),
        ("ny 03-08 20:59 edt", &us, &ny, utc(2026, 3, 9, 0, 59), None),
        (
            "ny 03-08 21:00 edt",
            &us,
            &ny,
            utc(2026, 3, 9, 1, 0),
            Some("us.reg_f.time_window"),
        ),
        // New York fall back 2026-11-01 (EST, UTC−5).
        (
            "ny 11-01 07:30 est",
            &us,
            &ny,
            utc(2026, 11, 1, 12, 30),
            Some("us.reg_f.time_window"),
        ),
        (
            "ny 11-01 08:00 est",
            &us,
            &ny,
            utc(2026, 11, 1, 13, 0),
            None,
        ),
        (
            "ny 11-01 20:59 est",
            &us,
            &ny,
            utc(2026, 11, 2, 1, 59),
            None,
        ),
        (
            "ny 11-01 21:00 est",
            &us,
            &ny,
            utc(2026, 11, 2, 2, 0),
            Some("us.reg_f.time_window"),
        ),
        // Phoenix: no DST, UTC−7 all year.
        (
            "phx jan 07:59",
            &us,
            &phx,
            utc(2026, 1, 15, 14, 59),
            Some("us.reg_f.time_window"),
        ),
        ("phx jan 08:00", &us, &phx, utc(2026, 1, 15, 15, 0), None),
        ("phx jul 08:00", &us, &phx, utc(2026, 7, 15, 15, 0), None),
        // Phoenix ∩ Los Angeles: January narrows to 09:00–21:00 Phoenix.
        (
            "phx+la jan 08:30 phx",
            &us,
            &phx_la,
            utc(2026, 1, 15, 15, 30),
            Some("us.reg_f.time_window"),
        ),
        (
            "phx+la jan 09:00 phx",
            &us,
            &phx_la,
            utc(2026, 1, 15, 16, 0),
            None,
        ),
        (
            "phx+la jul 08:00",
            &us,
            &phx_la,
            utc(2026, 7, 15, 15, 0),
            None,
        ),
        (
            "phx+la jul 20:59",
            &us,
            &phx_la,
            utc(2026, 7, 16, 3, 59),
            None,
        ),
        (
            "phx+la jul 21:00",
            &us,
            &phx_la,
            utc(2026, 7, 16, 4, 0),
            Some("us.reg_f.time_window"),
        ),
        // Unknown location: 08:00 Pacific .. 21:00 Eastern.
        (
            "unknown 08:00 eastern",
            &us,
            &unknown,
            utc(2026, 1, 15, 13, 0),
            Some("us.reg_f.time_window"),
        ),
        (
            "unknown 08:00 pacific",
            &us,
            &unknown,
            utc(2026, 1, 15, 16, 0),
            None,
        ),
        (
            "unknown 20:59 eastern",
            &us,
            &unknown,
            utc(2026, 1, 16, 1, 59),
            None,
        ),
        (
            "unknown 21:00 eastern",
            &us,
            &unknown,
            utc(2026, 1, 16, 2, 0),
            Some("us.reg_f.time_window"),
        ),
    ];
    for (name, p, acct, at, want) in cases {
        let v = check(p, &call(*at, Outcome::Planned), &[], acct);
        let got = v.violated_ids();
        match want {
            None => assert!(got.is_empty(), "{name}: {got:?}"),
            Some(id) => assert_eq!(got, [*id], "{name}"),
        }
    }
}

#[test]
fn window_message_names_figures() {
    let v = check(
        &ContactPolicy::us(),
        &call(utc(2026, 3, 9, 2, 5), Outcome::Planned),
        &[],
        &account(&["America/Chicago"], &[]),
    );
    assert_eq!(
        v.violations[0].message,
        "contact at `21:05` is outside the permitted window `08:00–21:00` in `America/Chicago`"
    );
    assert_eq!(
        v.violations[0].rule.status,
        crate::rule::RuleStatus::Verified
    );
}

#[test]
fn ireland_style_closed_days_and_holidays() {
    let mut raw = ContactPolicy::uk().raw().clone();
    raw.zones = ZoneSource::Fixed(z("Europe/Dublin"));
    raw.windows[0].start = NaiveTime::from_hms_opt(9, 0, 0).expect("t");
    raw.windows[0].closed = vec![ClosedDay::Sunday, ClosedDay::Holiday];
    raw.holidays = vec![chrono::NaiveDate::from_ymd_opt(2026, 3, 17).expect("d")];
    let p = ContactPolicy::new(raw).expect("valid");
    let acct = account(&[], &[]);
    let cases = [
        ("mon 10:00", utc(2026, 3, 16, 10, 0), true),
        ("mon 08:59", utc(2026, 3, 16, 8, 59), false),
        ("st patrick's day", utc(2026, 3, 17, 12, 0), false),
        ("sunday", utc(2026, 3, 15, 12, 0), false),
    ];
    for (name, at, ok) in cases {
        assert_eq!(
            check(&p, &call(at, Outcome::Planned), &[], &acct).passes(),
            ok,
            "{name}"
        );
    }
    // Next permitted after Sunday noon is Monday 09:00 Dublin (UTC+0 in March).
    let req = ContactRequest {
        party: "d".into(),
        channel: Channel::Call,
        point: "m".into(),
        debts: vec!["D1".into()],
        purpose: Purpose::Collection,
    };
    let n = ContactChecker::new(&p)
        .next_permitted(&req, utc(2026, 3, 15, 12, 0), &[], &acct)
        .expect("ok");
    assert!(
        matches!(n, NextPermitted::At { at, .. } if at == utc(2026, 3, 16, 9, 0)),
        "{n:?}"
    );
}

#[test]
fn consent_and_party_initiated_lift_windows() {
    let p = ContactPolicy::cn();
    let mut acct = account(&[], &[]);
    let late = utc(2026, 3, 2, 15, 0); // 23:00 Beijing
    let mut inbound = call(late, Outcome::Conversation);
    inbound.initiator = Initiator::Party;
    assert!(check(&p, &inbound, &[], &acct).passes());
    // The collector's reply half an hour later is collection at 23:30:
    // China's blackout has no reply exception, only consent (RULES.md §5).
    let mut reply = call(late + Duration::minutes(30), Outcome::Conversation);
    reply.purpose = Purpose::ReplyToDebtor;
    assert_eq!(
        check(&p, &reply, std::slice::from_ref(&inbound), &acct).violated_ids(),
        ["cn.gbt45251.time_window"]
    );
    // Nor has the US 08:00–21:00 rule: the reply once is an exception to
    // the times the consumer designated inconvenient (cmt 6(b)(1)-2).
    let us = ContactPolicy::us();
    let ny = account(&["America/New_York"], &[]);
    let email = |at| Attempt::new(at, Channel::Email, "d", "mail", &["D1"], Outcome::Delivered);
    let mut evening = email(utc(2026, 3, 3, 1, 10)); // 20:10 New York
    evening.initiator = Initiator::Party;
    let mut us_reply = email(utc(2026, 3, 3, 2, 20)); // 21:20
    us_reply.purpose = Purpose::ReplyToDebtor;
    assert_eq!(
        check(&us, &us_reply, std::slice::from_ref(&evening), &ny).violated_ids(),
        ["us.reg_f.time_window"]
    );
    acct.flags.push(Flag {
        kind: FlagKind::Consent {
            kind: ConsentKind::OtherTimes,
            party: "d".into(),
            debt: None,
        },
        from: utc(2026, 3, 1, 0, 0),
        until: Some(utc(2026, 3, 3, 0, 0)),
    });
    assert!(check(&p, &call(late, Outcome::Planned), &[], &acct).passes());
    assert!(!check(
        &p,
        &call(late + Duration::days(1), Outcome::Planned),
        &[],
        &acct
    )
    .passes());
}

#[test]
fn print_attempt_json_for_docs() {
    let a = Attempt::new(
        utc(2026, 11, 19, 16, 0),
        Channel::Call,
        "debtor",
        "mobile",
        &["D1"],
        Outcome::NoAnswer,
    );
    println!("{}", serde_json::to_string(&a).unwrap());
}
