//! Findings of the review of the contact-compliance checker (2026-11-27),
//! kept as tests. Local times are worked out in the comments.

use arrears::compliance::contact::*;
use chrono::{DateTime, NaiveTime, TimeZone, Utc};

fn utc(y: i32, m: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, mi, 0).unwrap()
}

fn pt(id: &str, kind: PointKind, zones: &[&str], owner: Option<&str>) -> ContactPoint {
    ContactPoint {
        id: id.into(),
        kind,
        zones: zones.iter().map(|z| Zone::new(z).unwrap()).collect(),
        owner: owner.map(Into::into),
    }
}

fn acct(points: Vec<ContactPoint>, locations: &[&str]) -> Account {
    Account {
        id: "A".into(),
        parties: vec![
            Party {
                id: "d".into(),
                role: Role::Debtor,
            },
            Party {
                id: "ec".into(),
                role: Role::EmergencyContact,
            },
        ],
        contact_points: points,
        locations: locations.iter().map(|z| Zone::new(z).unwrap()).collect(),
        flags: vec![],
    }
}

fn call(at: DateTime<Utc>, party: &str, point: &str, outcome: Outcome) -> Attempt {
    Attempt::new(at, Channel::Call, party, point, &["D1"], outcome)
}

/// A flag: the consumer called `start..end` (hours, minutes) inconvenient,
/// known from `from`.
fn inconvenient(start: (u32, u32), end: (u32, u32), from: DateTime<Utc>) -> Flag {
    let hm = |(h, m)| NaiveTime::from_hms_opt(h, m, 0).unwrap();
    Flag::new(
        FlagKind::InconvenientTime {
            start: hm(start),
            end: hm(end),
        },
        from,
    )
}

fn us() -> ContactChecker {
    ContactChecker::new(&ContactPolicy::us())
}

/// 1: a point whose owner is not given may be the debtor's, so its zone
/// is a candidate location. 13:30 UTC in January is 08:30 in New York but
/// 05:30 in Los Angeles.
#[test]
fn an_unowned_phone_s_zone_counts() {
    let a = acct(
        vec![
            pt("mob", PointKind::Mobile, &["America/Los_Angeles"], None),
            pt("home", PointKind::Landline, &["America/New_York"], None),
        ],
        &[],
    );
    let v = us()
        .check(
            &call(utc(2026, 1, 14, 13, 30), "d", "home", Outcome::Planned),
            &[],
            &a,
        )
        .unwrap();
    assert_eq!(v.violated_ids(), ["us.reg_f.time_window"]);
    // 16:00 UTC: 11:00 in New York, 08:00 in Los Angeles.
    let v = us()
        .check(
            &call(utc(2026, 1, 14, 16, 0), "d", "home", Outcome::Planned),
            &[],
            &a,
        )
        .unwrap();
    assert!(v.passes(), "{:?}", v.violated_ids());
    // An emergency contact's phone, so marked, says nothing about the debtor.
    let mut a = a;
    a.contact_points[0].owner = Some("ec".into());
    let v = us()
        .check(
            &call(utc(2026, 1, 14, 13, 30), "d", "home", Outcome::Planned),
            &[],
            &a,
        )
        .unwrap();
    assert!(v.passes(), "{:?}", v.violated_ids());
}

/// 2: the reply to a consumer's contact at a time they called inconvenient
/// must come within that stretch of it, not the next day's.
#[test]
fn the_reply_exception_ends_with_that_inconvenient_stretch() {
    let mut a = acct(
        vec![pt("m", PointKind::Mobile, &["America/New_York"], Some("d"))],
        &["America/New_York"],
    );
    a.flags
        .push(inconvenient((12, 0), (13, 30), utc(2026, 1, 5, 15, 0)));
    // The consumer texts at 12:10 EST (17:10 UTC) on Monday.
    let mut inbound = Attempt::new(
        utc(2026, 1, 12, 17, 10),
        Channel::Sms,
        "d",
        "m",
        &["D1"],
        Outcome::Delivered,
    );
    inbound.initiator = Initiator::Party;
    let reply_at = |at| {
        let mut r = Attempt::new(at, Channel::Sms, "d", "m", &["D1"], Outcome::Delivered);
        r.purpose = Purpose::ReplyToDebtor;
        r
    };
    // 12:40 EST the same day: within that stretch.
    let v = us()
        .check(&reply_at(utc(2026, 1, 12, 17, 40)), &[inbound.clone()], &a)
        .unwrap();
    assert!(v.passes(), "{:?}", v.violated_ids());
    // 12:05 EST on Tuesday, 23 h 55 min later: the next stretch.
    let v = us()
        .check(&reply_at(utc(2026, 1, 13, 17, 5)), &[inbound], &a)
        .unwrap();
    assert_eq!(v.violated_ids(), ["us.reg_f.inconvenient"]);
}

/// 5: a second location call to a third party that rang unanswered
/// conveyed nothing: no second communication (a planned one still is
/// blocked, as it may connect).
#[test]
fn an_unanswered_second_location_call_is_no_second_communication() {
    let a = acct(
        vec![pt(
            "e",
            PointKind::Mobile,
            &["America/New_York"],
            Some("ec"),
        )],
        &["America/New_York"],
    );
    let mut first = call(utc(2026, 1, 14, 15, 0), "ec", "e", Outcome::Conversation);
    first.purpose = Purpose::LocationInformation;
    first.debts = vec![];
    let mut second = first.clone();
    second.at = utc(2026, 1, 22, 15, 0);
    second.outcome = Outcome::NoAnswer;
    let v = us().check(&second, &[first.clone()], &a).unwrap();
    assert!(v.passes(), "{:?}", v.violated_ids());
    second.outcome = Outcome::Planned;
    let v = us().check(&second, &[first.clone()], &a).unwrap();
    assert_eq!(v.violated_ids(), ["us.reg_f.1006_10c"]);
    second.outcome = Outcome::Conversation;
    let v = us().check(&second, &[first], &a).unwrap();
    assert_eq!(v.violated_ids(), ["us.reg_f.1006_10c"]);
}

/// 6: validation errors name the fields of the file format.
#[test]
fn validation_names_the_file_s_fields() {
    let mut cn = ContactPolicy::cn().raw().clone();
    if let Some(c) = &mut cn.cn_daily {
        c.conversations_rule.id = String::new();
        c.dials_rule.id = String::new();
    }
    let err = ContactPolicy::new(cn).unwrap_err().to_string();
    for path in ["cn_daily.conversations_rule.id", "cn_daily.dials_rule.id"] {
        assert!(err.contains(&format!("`{path}`")), "{path}: {err}");
    }
    let mut us = ContactPolicy::us().raw().clone();
    if let Some(r) = &mut us.reg_f {
        r.rebuttal.id = String::new();
    }
    let err = ContactPolicy::new(us).unwrap_err().to_string();
    assert!(err.contains("`reg_f.rebuttal.id`"), "{err}");
}

/// 7: the CN preset keeps recordings two years, 731 days when they take in
/// a 29 February, and asks no appointment for a visit (RULES.md §9.2: two
/// collectors showing ID).
#[test]
fn cn_visits_and_recordings_follow_the_rules() {
    let cn = ContactChecker::new(&ContactPolicy::cn());
    let a = acct(
        vec![pt("home", PointKind::Postal, &["Asia/Shanghai"], Some("d"))],
        &[],
    );
    // 02:00 UTC is 10:00 in Beijing.
    let visit = Attempt::new(
        utc(2026, 1, 14, 2, 0),
        Channel::Visit,
        "d",
        "home",
        &["D1"],
        Outcome::Visit(VisitFacts {
            collectors: 2,
            id_shown: true,
            appointment: false,
            entered: false,
            consent_to_enter: false,
        }),
    );
    let v = cn.check(&visit, &[], &a).unwrap();
    assert!(v.passes(), "{:?}", v.violated_ids());
    let mut one = visit.clone();
    one.outcome = Outcome::Visit(VisitFacts {
        collectors: 1,
        id_shown: true,
        appointment: false,
        entered: false,
        consent_to_enter: false,
    });
    assert_eq!(
        cn.check(&one, &[], &a).unwrap().violated_ids(),
        ["cn.gbt45251.visit"]
    );
    assert_eq!(
        ContactPolicy::cn()
            .raw()
            .recording
            .as_ref()
            .map(|r| r.retention_days),
        Some(731)
    );
}

/// 3: a designated inconvenient time ending in the repeated hour of the
/// end of summer time ends in the second pass when the contact is in it:
/// 2026-11-01 06:15 UTC is 01:15 EST (the second 01:00–02:00); 01:30 EST
/// is 06:30 UTC that day, not the next.
#[test]
fn next_permitted_in_the_repeated_hour() {
    let mut raw = ContactPolicy::us().raw().clone();
    raw.windows[0].channels = vec![Channel::Call, Channel::Voicemail, Channel::Visit];
    let ck = ContactChecker::new(&ContactPolicy::new(raw).unwrap());
    let mut a = acct(
        vec![pt("em", PointKind::Email, &["America/New_York"], Some("d"))],
        &["America/New_York"],
    );
    a.flags
        .push(inconvenient((0, 30), (1, 30), utc(2026, 10, 1, 0, 0)));
    let req = ContactRequest {
        party: "d".into(),
        channel: Channel::Email,
        point: "em".into(),
        debts: vec!["D1".into()],
        purpose: Purpose::Collection,
    };
    assert!(ck
        .check(&req.at(utc(2026, 11, 1, 6, 30)), &[], &a)
        .unwrap()
        .passes());
    let NextPermitted::At { at, .. } = ck
        .next_permitted(&req, utc(2026, 11, 1, 6, 15), &[], &a)
        .unwrap()
    else {
        panic!("never")
    };
    assert_eq!(at, utc(2026, 11, 1, 6, 30));
}

/// 4: with candidate zones far apart, a call counts on every date it falls
/// on (RULES.md §10 gap 12). Seven calls at 23:00 UTC, 02-02..02-08, are at
/// 18:00 in New York on 02-02..02-08 and 09:00 in Guam on 02-03..02-09; the
/// attempt at 23:00 UTC on 02-09 is 02-09 in New York: 02-03..02-09 holds
/// call 1 (02-03 in Guam), calls 2–7 and the attempt, 8 > 7.
#[test]
fn seven_in_seven_counts_a_call_on_every_date_it_falls_on() {
    let a = acct(
        vec![pt("m", PointKind::Mobile, &["America/New_York"], Some("d"))],
        &["Pacific/Guam"],
    );
    let history: Vec<Attempt> = (2..=8)
        .map(|d| call(utc(2026, 2, d, 23, 0), "d", "m", Outcome::NoAnswer))
        .collect();
    let v = us()
        .check(
            &call(utc(2026, 2, 9, 23, 0), "d", "m", Outcome::Planned),
            &history,
            &a,
        )
        .unwrap();
    assert_eq!(v.violated_ids(), ["us.reg_f.call_frequency"]);
    // One zone only: the seven days 02-03..02-09 hold calls 2–7 and the
    // attempt, seven.
    let one = acct(
        vec![pt("m", PointKind::Mobile, &["America/New_York"], Some("d"))],
        &["America/New_York"],
    );
    let v = us()
        .check(
            &call(utc(2026, 2, 9, 23, 0), "d", "m", Outcome::Planned),
            &history,
            &one,
        )
        .unwrap();
    assert!(v.passes(), "{:?}", v.violated_ids());
}
