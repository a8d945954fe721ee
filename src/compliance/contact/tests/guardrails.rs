//! What a session review of the contact checker found (2026-11-27), each
//! with the exact rule ids RULES.md §5–§7 require. Fixture: the `us` preset,
//! debtor `d` in New York with mobile `m`, landline `home`, workplace
//! `work`, emails `mail` and `mail2`; the checked instant is 2026-03-04
//! 19:00 UTC (14:00 EST, a Wednesday), inside every window.

use chrono::{DateTime, NaiveTime, TimeZone, Utc};

use super::super::*;
use crate::error::Error;
use crate::rule::{RuleRef, RuleStatus};

fn utc(y: i32, m: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, mi, 0).single().unwrap()
}

fn pt(id: &str, kind: PointKind, owner: &str) -> ContactPoint {
    ContactPoint {
        id: id.into(),
        kind,
        zones: vec![],
        owner: Some(owner.to_owned()),
    }
}

fn acct() -> Account {
    Account {
        id: "A1".into(),
        parties: vec![
            Party {
                id: "d".into(),
                role: Role::Debtor,
            },
            Party {
                id: "e".into(),
                role: Role::EmergencyContact,
            },
        ],
        contact_points: vec![
            pt("m", PointKind::Mobile, "d"),
            pt("home", PointKind::Landline, "d"),
            pt("work", PointKind::Workplace, "d"),
            pt("mail", PointKind::Email, "d"),
            pt("mail2", PointKind::Email, "d"),
            pt("em", PointKind::Mobile, "e"),
        ],
        locations: vec![Zone::new("America/New_York").unwrap()],
        flags: vec![],
    }
}

fn noon() -> DateTime<Utc> {
    utc(2026, 3, 4, 19, 0)
}

fn since() -> DateTime<Utc> {
    utc(2026, 3, 1, 15, 0)
}

fn us() -> ContactChecker {
    ContactChecker::new(&ContactPolicy::us())
}

/// An opt-out of calls covers ringless voicemail drops, which are placed
/// calls (`us.reg_f.what_is_a_call`).
#[test]
fn an_opt_out_of_calls_covers_voicemail_drops() {
    let mut a = acct();
    a.flags.push(Flag::new(
        FlagKind::OptOut {
            channel: Some(Channel::Call),
            point: None,
        },
        since(),
    ));
    for ch in [Channel::Call, Channel::Voicemail] {
        let c = Attempt::new(noon(), ch, "d", "m", &["D1"], Outcome::Planned);
        let v = us().check(&c, &[], &a).unwrap();
        assert_eq!(v.violated_ids(), ["us.reg_f.medium_opt_out"], "{ch:?}");
    }
    let sms = Attempt::new(noon(), Channel::Sms, "d", "m", &["D1"], Outcome::Planned);
    assert!(us().check(&sms, &[], &a).unwrap().passes());
}

/// A dispute blocks a collection contact that names no debt, as the
/// attorney flag does (a contact naming no debt is about every debt).
#[test]
fn a_dispute_blocks_a_contact_naming_no_debt() {
    let mut a = acct();
    a.flags.push(Flag::new(
        FlagKind::Dispute {
            debt: Some("D1".into()),
        },
        since(),
    ));
    let c = Attempt::new(noon(), Channel::Call, "d", "m", &[], Outcome::Planned);
    assert_eq!(
        us().check(&c, &[], &a).unwrap().violated_ids(),
        ["us.fdcpa.dispute"]
    );
    let other = Attempt::new(noon(), Channel::Call, "d", "m", &["D2"], Outcome::Planned);
    assert!(us().check(&other, &[], &a).unwrap().passes());
}

/// A per-person-and-debt counter counts attempts that name no debt.
#[test]
fn a_party_debt_counter_counts_attempts_naming_no_debt() {
    let mut raw = ContactPolicy::uk().raw().clone();
    raw.counters.push(Counter {
        rule: RuleRef::new("lender.two_per_day", "overlay", RuleStatus::Unverified),
        limit: 2,
        window_minutes: 1_440,
        scope: CounterScope::PartyDebt,
        channels: vec![Channel::Call],
        counts: CounterCounts::Attempts,
    });
    let ck = ContactChecker::new(&ContactPolicy::new(raw).unwrap());
    let mut a = acct();
    a.locations = vec![Zone::new("Europe/London").unwrap()];
    let call = |h: u32, debts: &[&str]| {
        Attempt::new(
            utc(2026, 3, 4, h, 0),
            Channel::Call,
            "d",
            "m",
            debts,
            Outcome::NoAnswer,
        )
    };
    for third in [call(12, &[]), call(12, &["D1"])] {
        let v = ck
            .check(&third, &[call(10, &[]), call(11, &[])], &a)
            .unwrap();
        assert_eq!(v.violated_ids(), ["lender.two_per_day"]);
    }
    // Calls about another named debt still do not count.
    let v = ck
        .check(
            &call(12, &["D1"]),
            &[call(10, &["D2"]), call(11, &["D2"])],
            &a,
        )
        .unwrap();
    assert!(v.passes());
}

/// Every rule of a policy needs an id: flag, consent and third-party rules
/// too, all reported at once.
#[test]
fn every_contact_rule_needs_an_id() {
    let mut raw = ContactPolicy::us().raw().clone();
    raw.flags.cease = Some(RuleRef::new("", "", RuleStatus::Verified));
    raw.consent_lifts_windows = Some(RuleRef::new(" ", "", RuleStatus::Verified));
    raw.third_party = Some(ThirdPartyRules::Us {
        purpose: RuleRef::new("", "", RuleStatus::Verified),
        disclosure: RuleRef::new("us.x", "", RuleStatus::Verified),
        once: RuleRef::new("", "", RuleStatus::Verified),
    });
    let Err(Error::InvalidPolicy { problems }) = ContactPolicy::new(raw) else {
        panic!("empty rule ids accepted")
    };
    let fields: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        fields,
        [
            "flags.cease.id",
            "consent_lifts_windows.id",
            "third_party.us.purpose.id",
            "third_party.us.once.id"
        ]
    );
}

/// An account's problems, all at once: duplicate ids, an opt-out that
/// covers nothing, a designated time of zero length (which used to block
/// every minute of the day).
#[test]
fn account_validation_reports_duplicates_and_empty_flags() {
    let mut a = acct();
    a.parties.push(Party {
        id: "d".into(),
        role: Role::OtherThirdParty,
    });
    a.contact_points.push(pt("m", PointKind::Workplace, "d"));
    a.flags.push(Flag::new(
        FlagKind::OptOut {
            channel: None,
            point: None,
        },
        since(),
    ));
    let nine = NaiveTime::from_hms_opt(9, 0, 0).unwrap();
    a.flags.push(Flag::new(
        FlagKind::InconvenientTime {
            start: nine,
            end: nine,
        },
        since(),
    ));
    let Err(Error::InvalidPolicy { problems }) = a.validate() else {
        panic!("accepted")
    };
    let fields: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        fields,
        [
            "account.parties[2].id",
            "account.contact_points[6].id",
            "account.flags[0]",
            "account.flags[1].end"
        ]
    );
}

/// The reply exception covers the contact point the person used, and not
/// the employer's prohibition: a reply by call to the designated
/// inconvenient landline, to the workplace or by email to the opted-out
/// address is blocked when the person called from the mobile and emailed
/// from `mail`; replies to `m` and `mail` pass.
#[test]
fn a_reply_goes_back_where_the_contact_came_from() {
    let mut a = acct();
    a.flags.push(Flag::new(
        FlagKind::InconvenientPlace {
            point: "home".into(),
        },
        since(),
    ));
    a.flags
        .push(Flag::new(FlagKind::WorkplaceProhibited, since()));
    a.flags.push(Flag::new(
        FlagKind::OptOut {
            channel: None,
            point: Some("mail2".into()),
        },
        since(),
    ));
    a.flags.push(Flag::new(
        FlagKind::OptOut {
            channel: None,
            point: Some("mail".into()),
        },
        since(),
    ));
    let inbound = |ch: Channel, point: &str| {
        let mut c = Attempt::new(
            utc(2026, 3, 4, 18, 0),
            ch,
            "d",
            point,
            &["D1"],
            Outcome::Voicemail {
                limited_content: false,
            },
        );
        c.initiator = Initiator::Party;
        c
    };
    let h = vec![inbound(Channel::Call, "m"), inbound(Channel::Email, "mail")];
    let reply = |point: &str, ch: Channel| {
        let mut r = Attempt::new(noon(), ch, "d", point, &["D1"], Outcome::Planned);
        r.purpose = Purpose::ReplyToDebtor;
        let v = us().check(&r, &h, &a).unwrap();
        v.violated_ids()
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(reply("home", Channel::Call), ["us.reg_f.inconvenient"]);
    assert_eq!(reply("work", Channel::Call), ["us.reg_f.workplace"]);
    assert_eq!(reply("mail2", Channel::Email), ["us.reg_f.medium_opt_out"]);
    assert!(reply("mail", Channel::Email).is_empty());
    assert!(reply("m", Channel::Call).is_empty());
}

/// A call that names no debt is checked against the debts named before it
/// within the rule's look-back: a later entry, or one older than the
/// streaming horizon, changes nothing, and the auditor agrees with `check`.
#[test]
fn debts_named_later_or_long_ago_do_not_change_a_verdict() {
    let a = acct();
    let conv = Attempt::new(
        utc(2026, 3, 2, 15, 0),
        Channel::Call,
        "d",
        "m",
        &[],
        Outcome::Conversation,
    );
    let c = Attempt::new(noon(), Channel::Call, "d", "m", &[], Outcome::Planned);
    let later = Attempt::new(
        utc(2026, 3, 20, 15, 0),
        Channel::Call,
        "d",
        "m",
        &["D7", "D8"],
        Outcome::Conversation,
    );
    let alone = us().check(&c, std::slice::from_ref(&conv), &a).unwrap();
    assert_eq!(alone.violated_ids(), ["us.reg_f.call_frequency"]);
    assert!(alone.violations[0].message.contains("about no debt"));
    assert_eq!(us().check(&c, &[conv, later], &a).unwrap(), alone);

    let ck = us();
    let log = [
        Attempt::new(
            utc(2026, 2, 2, 15, 0),
            Channel::Call,
            "d",
            "m",
            &["OLD"],
            Outcome::Conversation,
        ),
        Attempt::new(
            utc(2026, 3, 2, 15, 0),
            Channel::Call,
            "d",
            "m",
            &["D1"],
            Outcome::NoAnswer,
        ),
        Attempt::new(
            utc(2026, 3, 3, 15, 0),
            Channel::Call,
            "d",
            "m",
            &[],
            Outcome::Conversation,
        ),
        Attempt::new(
            utc(2026, 3, 4, 15, 0),
            Channel::Call,
            "d",
            "m",
            &[],
            Outcome::NoAnswer,
        ),
    ];
    let mut au = Auditor::new(&ck);
    for (i, at) in log.iter().enumerate() {
        let pushed = au.push(at, &a).unwrap();
        assert_eq!(pushed, ck.check(at, &log[..i], &a).unwrap(), "attempt {i}");
    }
}

/// A conversation that names no debt ends a consent to more calls, as one
/// about the debt does (`us.reg_f.consent_expiry`): the next day's call
/// falls in the 7 days after a conversation.
#[test]
fn a_conversation_naming_no_debt_ends_a_consent() {
    let mut a = acct();
    a.flags.push(Flag::new(
        FlagKind::Consent {
            kind: ConsentKind::ExtraCalls,
            party: "d".into(),
            debt: None,
        },
        utc(2026, 3, 2, 15, 0),
    ));
    let conv = |debts: &[&str]| {
        Attempt::new(
            utc(2026, 3, 3, 15, 0),
            Channel::Call,
            "d",
            "m",
            debts,
            Outcome::Conversation,
        )
    };
    let c = Attempt::new(noon(), Channel::Call, "d", "m", &["D1"], Outcome::Planned);
    for debts in [&["D1"][..], &[][..]] {
        let v = us().check(&c, &[conv(debts)], &a).unwrap();
        assert_eq!(v.violated_ids(), ["us.reg_f.call_frequency"], "{debts:?}");
    }
}

/// An instant outside the years 1–9999 is an error naming the field, not a
/// panic (a JSON log line can carry chrono's last instant).
#[test]
fn instants_out_of_range_are_errors() {
    let j = r#"{"at":"+262142-12-31T23:59:59Z","channel":"call","party":"d","point":"m","debts":["D1"],"initiator":"collector","purpose":"collection","outcome":"planned"}"#;
    let far: Attempt = serde_json::from_str(j).unwrap();
    for p in [
        ContactPolicy::us(),
        ContactPolicy::cn(),
        ContactPolicy::uk(),
    ] {
        let ck = ContactChecker::new(&p);
        for t in [DateTime::<Utc>::MAX_UTC, DateTime::<Utc>::MIN_UTC, far.at] {
            let c = Attempt {
                at: t,
                ..far.clone()
            };
            let err = ck.check(&c, &[], &acct()).unwrap_err();
            assert!(
                matches!(&err, Error::DateOutOfRange { field, .. } if field == "attempt.at"),
                "{err:?}"
            );
            let ok = Attempt {
                at: noon(),
                ..far.clone()
            };
            if t > noon() {
                let later = ck.check(&ok, std::slice::from_ref(&c), &acct());
                assert!(later.is_ok(), "a later history entry is ignored: {later:?}");
            }
            let early = Attempt {
                at: DateTime::<Utc>::MIN_UTC,
                ..far.clone()
            };
            let err = ck.check(&ok, &[early], &acct()).unwrap_err();
            assert!(
                matches!(&err, Error::DateOutOfRange { field, .. } if field == "history[0].at"),
                "{err:?}"
            );
            let mut au = Auditor::new(&ck);
            assert!(au.push(&c, &acct()).is_err());
            let req = ContactRequest {
                party: "d".into(),
                channel: Channel::Call,
                point: "m".into(),
                debts: vec![],
                purpose: Purpose::Collection,
            };
            assert!(ck.next_permitted(&req, t, &[], &acct()).is_err());
        }
    }
}

/// The reply exception to a designated inconvenient time holds only if the
/// person's own contact came at such a time (cmt 6(b)(1)-2): with 12:00–15:00
/// designated, a call-back at 14:00 to a call the person made at 10:00 is
/// blocked; to one made at 13:00 it is allowed.
#[test]
fn a_reply_at_an_inconvenient_time_needs_a_contact_at_such_a_time() {
    let mut a = acct();
    a.flags.push(Flag::new(
        FlagKind::InconvenientTime {
            start: NaiveTime::from_hms_opt(12, 0, 0).unwrap(),
            end: NaiveTime::from_hms_opt(15, 0, 0).unwrap(),
        },
        since(),
    ));
    let reply_after = |hour_utc: u32| {
        let mut inbound = Attempt::new(
            utc(2026, 3, 4, hour_utc, 0),
            Channel::Call,
            "d",
            "m",
            &["D1"],
            Outcome::Voicemail {
                limited_content: false,
            },
        );
        inbound.initiator = Initiator::Party;
        let mut r = Attempt::new(noon(), Channel::Call, "d", "m", &["D1"], Outcome::Planned);
        r.purpose = Purpose::ReplyToDebtor;
        let v = us().check(&r, &[inbound], &a).unwrap();
        v.violated_ids()
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
    };
    // 15:00 UTC is 10:00 in New York; 18:00 UTC is 13:00.
    assert_eq!(reply_after(15), ["us.reg_f.inconvenient"]);
    assert!(reply_after(18).is_empty());
}

/// An opt-out of voicemail drops covers only them, while an opt-out of
/// calls covers both (a review of the medium change).
#[test]
fn a_voicemail_opt_out_leaves_calls_open() {
    let mut a = acct();
    a.flags.push(Flag::new(
        FlagKind::OptOut {
            channel: Some(Channel::Voicemail),
            point: None,
        },
        since(),
    ));
    let call = Attempt::new(noon(), Channel::Call, "d", "m", &["D1"], Outcome::Planned);
    assert!(us().check(&call, &[], &a).unwrap().passes());
    let drop = Attempt::new(
        noon(),
        Channel::Voicemail,
        "d",
        "m",
        &["D1"],
        Outcome::Planned,
    );
    assert_eq!(
        us().check(&drop, &[], &a).unwrap().violated_ids(),
        ["us.reg_f.medium_opt_out"]
    );
}
