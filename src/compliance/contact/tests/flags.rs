//! Account flags, replies, third parties, visits, recording and counters.

use chrono::{DateTime, Duration, NaiveTime, Utc};

use super::super::*;
use super::{account, call, check, utc};

#[test]
fn flags_table() {
    let us = ContactPolicy::us();
    let uk = ContactPolicy::uk();
    let at = utc(2026, 3, 4, 15, 0);
    let from = utc(2026, 3, 1, 0, 0);
    let base = account(&["America/New_York"], &[]);
    let sms = |purpose: Purpose| {
        let mut a = Attempt::new(at, Channel::Sms, "d", "m", &["D1"], Outcome::Delivered);
        a.purpose = purpose;
        a
    };
    let cases: Vec<(&str, &ContactPolicy, FlagKind, Attempt, Vec<&str>)> = vec![
        (
            "cease",
            &us,
            FlagKind::Cease,
            call(at, Outcome::Planned),
            vec!["us.reg_f.cease"],
        ),
        (
            "cease termination ok",
            &us,
            FlagKind::Cease,
            sms(Purpose::CeaseTermination),
            vec![],
        ),
        (
            "cease remedy ok",
            &us,
            FlagKind::Cease,
            sms(Purpose::RemedyNotice),
            vec![],
        ),
        (
            "attorney",
            &us,
            FlagKind::Attorney {
                debt: Some("D1".into()),
            },
            call(at, Outcome::Planned),
            vec!["us.reg_f.attorney"],
        ),
        (
            "attorney other debt",
            &us,
            FlagKind::Attorney {
                debt: Some("D9".into()),
            },
            call(at, Outcome::Planned),
            vec![],
        ),
        (
            "opt-out sms",
            &us,
            FlagKind::OptOut {
                channel: Some(Channel::Sms),
                point: None,
            },
            sms(Purpose::Collection),
            vec!["us.reg_f.medium_opt_out"],
        ),
        (
            "opt-out sms, call ok",
            &us,
            FlagKind::OptOut {
                channel: Some(Channel::Sms),
                point: None,
            },
            call(at, Outcome::Planned),
            vec![],
        ),
        (
            "opt-out number",
            &us,
            FlagKind::OptOut {
                channel: None,
                point: Some("m".into()),
            },
            call(at, Outcome::Planned),
            vec!["us.reg_f.medium_opt_out"],
        ),
        (
            "opt-out legal notice",
            &us,
            FlagKind::OptOut {
                channel: Some(Channel::Sms),
                point: None,
            },
            sms(Purpose::LegallyRequiredNotice),
            vec![],
        ),
        (
            "dispute",
            &us,
            FlagKind::Dispute { debt: None },
            call(at, Outcome::Planned),
            vec!["us.fdcpa.dispute"],
        ),
        (
            "bankruptcy",
            &us,
            FlagKind::Bankruptcy,
            call(at, Outcome::Planned),
            vec!["us.bankruptcy.stay"],
        ),
        (
            "deceased",
            &us,
            FlagKind::Deceased,
            call(at, Outcome::Planned),
            vec!["us.reg_f.deceased"],
        ),
        (
            "breathing space",
            &uk,
            FlagKind::BreathingSpace,
            call(at, Outcome::Planned),
            vec!["uk.breathing_space"],
        ),
        (
            "inconvenient place",
            &us,
            FlagKind::InconvenientPlace { point: "m".into() },
            call(at, Outcome::Planned),
            vec!["us.reg_f.inconvenient"],
        ),
        (
            "inconvenient time",
            &us,
            FlagKind::InconvenientTime {
                start: NaiveTime::from_hms_opt(10, 0, 0).expect("t"),
                end: NaiveTime::from_hms_opt(12, 0, 0).expect("t"),
            },
            call(at, Outcome::Planned),
            vec!["us.reg_f.inconvenient"],
        ),
    ];
    for (name, p, kind, a, want) in cases {
        let mut acct = base.clone();
        acct.flags.push(Flag::new(kind, from));
        let v = check(p, &a, &[], &acct);
        assert_eq!(v.violated_ids(), want, "{name}");
    }
    // Workplace.
    let mut acct = base.clone();
    acct.flags
        .push(Flag::new(FlagKind::WorkplaceProhibited, from));
    let mut w = call(at, Outcome::Planned);
    w.point = "work".into();
    assert_eq!(
        check(&us, &w, &[], &acct).violated_ids(),
        ["us.reg_f.workplace"]
    );
    // Time-barred is a warning.
    let mut acct = base.clone();
    acct.flags
        .push(Flag::new(FlagKind::TimeBarred { debt: "D1".into() }, from));
    let v = check(&us, &call(at, Outcome::Planned), &[], &acct);
    assert!(v.passes());
    assert_eq!(v.warning_ids(), ["us.reg_f.time_barred"]);
}

#[test]
fn one_reply_and_one_confirmation() {
    let us = ContactPolicy::us();
    let mut acct = account(&["America/New_York"], &[]);
    acct.flags.push(Flag::new(
        FlagKind::Attorney { debt: None },
        utc(2026, 3, 1, 0, 0),
    ));
    acct.flags.push(Flag::new(
        FlagKind::OptOut {
            channel: Some(Channel::Sms),
            point: None,
        },
        utc(2026, 3, 4, 14, 0),
    ));
    // The consumer emails; the collector may reply once by email.
    let mut inbound = Attempt::new(
        utc(2026, 3, 4, 15, 0),
        Channel::Email,
        "d",
        "mail",
        &["D1"],
        Outcome::Delivered,
    );
    inbound.initiator = Initiator::Party;
    let mut reply = inbound.clone();
    reply.at = utc(2026, 3, 4, 16, 0);
    reply.initiator = Initiator::Collector;
    reply.purpose = Purpose::ReplyToDebtor;
    assert!(check(&us, &reply, std::slice::from_ref(&inbound), &acct).passes());
    let mut reply2 = reply.clone();
    reply2.at = utc(2026, 3, 4, 17, 0);
    let v = check(&us, &reply2, &[inbound, reply], &acct);
    assert_eq!(v.violated_ids(), ["us.reg_f.attorney"]);
    // One confirmation of the electronic opt-out, nothing more.
    let mut acct2 = account(&["America/New_York"], &[]);
    acct2.flags.push(Flag::new(
        FlagKind::OptOut {
            channel: Some(Channel::Sms),
            point: None,
        },
        utc(2026, 3, 4, 14, 0),
    ));
    let mut conf = Attempt::new(
        utc(2026, 3, 4, 14, 5),
        Channel::Sms,
        "d",
        "m",
        &[],
        Outcome::Delivered,
    );
    conf.purpose = Purpose::OptOutConfirmation;
    assert!(check(&us, &conf, &[], &acct2).passes());
    let mut conf2 = conf.clone();
    conf2.at = utc(2026, 3, 4, 15, 0);
    assert_eq!(
        check(&us, &conf2, &[conf], &acct2).violated_ids(),
        ["us.reg_f.medium_opt_out"]
    );
}

#[test]
fn cease_has_no_next_permitted() {
    let p = ContactPolicy::us();
    let mut acct = account(&["America/New_York"], &[]);
    acct.flags
        .push(Flag::new(FlagKind::Cease, utc(2026, 3, 1, 0, 0)));
    let req = ContactRequest {
        party: "d".into(),
        channel: Channel::Call,
        point: "m".into(),
        debts: vec![],
        purpose: Purpose::Collection,
    };
    let n = ContactChecker::new(&p)
        .next_permitted(&req, utc(2026, 3, 2, 0, 0), &[], &acct)
        .expect("ok");
    assert!(
        matches!(n, NextPermitted::Never { ref rule } if rule.id == "us.reg_f.cease"),
        "{n:?}"
    );
}

#[test]
fn third_parties_us() {
    let p = ContactPolicy::us();
    let acct = account(&["America/New_York"], &[]);
    let at = utc(2026, 3, 4, 15, 0);
    let mut loc = Attempt::new(at, Channel::Call, "e", "m2", &[], Outcome::Conversation);
    loc.purpose = Purpose::LocationInformation;
    assert!(check(&p, &loc, &[], &acct).passes());
    let mut collect = loc.clone();
    collect.purpose = Purpose::Collection;
    collect.discloses_debt = true;
    assert_eq!(
        check(&p, &collect, &[], &acct).violated_ids(),
        ["us.reg_f.1006_6d", "us.reg_f.1006_10b"]
    );
    let mut again = loc.clone();
    again.at = at + Duration::days(30);
    let v = check(&p, &again, std::slice::from_ref(&loc), &acct);
    assert_eq!(v.violated_ids(), ["us.reg_f.1006_10c"]);
    assert_eq!(
        v.violations[0].message,
        "second communication with this emergency contact; the first was at 2026-03-04 15:00 UTC"
    );
    again.repeat_reason = Some(RepeatReason::RequestedByParty);
    assert!(check(&p, &again, std::slice::from_ref(&loc), &acct).passes());
    // Guarantors are consumers, not third parties.
    let g = Attempt::new(at, Channel::Call, "g", "m2", &["D1"], Outcome::Conversation);
    assert!(check(&p, &g, &[], &acct).passes());
    // RULES.md §8.1 `us.reg_f.1006_10b` (1006.10(b)(6)): once the consumer is
    // known to be represented, even a first location call goes to the
    // attorney only.
    let mut represented = acct.clone();
    represented.flags.push(Flag::new(
        FlagKind::Attorney { debt: None },
        utc(2026, 3, 1, 12, 0),
    ));
    // RULES.md §8.1 `us.reg_f.1006_6d`: with the consumer's prior consent
    // given to the collector, a communication with that third party about
    // the debt is allowed.
    let mut consented = acct.clone();
    consented.flags.push(Flag::new(
        FlagKind::Consent {
            kind: ConsentKind::ThirdParty,
            party: "e".into(),
            debt: None,
        },
        utc(2026, 3, 1, 12, 0),
    ));
    assert!(check(&p, &collect, &[], &consented).passes());
    // Consent for another person does not count.
    let mut other = collect.clone();
    other.party = "f1".into();
    assert_eq!(
        check(&p, &other, &[], &consented).violated_ids(),
        ["us.reg_f.1006_6d", "us.reg_f.1006_10b"]
    );
    let v = check(&p, &loc, &[], &represented);
    assert_eq!(v.violated_ids(), ["us.reg_f.1006_10b"]);
    assert_eq!(
        v.violations[0].message,
        "the consumer is represented by an attorney since 2026-03-01 12:00 UTC: ask the attorney, not an emergency contact, for location information"
    );
}

/// RULES.md §7 `us.reg_f.attorney` (Reg F 1006.6(b)(2)): the representation
/// bars contact with the consumer unless the attorney consents to direct
/// contact or fails to respond within a reasonable time; only the second
/// lifts the bar on seeking location information from third parties
/// (1006.10(b)(6), RULES.md §8.1 `us.reg_f.1006_10b`).
#[test]
fn attorney_consent_and_silence_lift_the_representation() {
    let us = ContactPolicy::us();
    let at = utc(2026, 3, 4, 15, 0);
    let mut acct = account(&["America/New_York"], &[]);
    acct.flags.push(Flag::new(
        FlagKind::Attorney {
            debt: Some("D1".into()),
        },
        utc(2026, 3, 1, 0, 0),
    ));
    let planned = call(at, Outcome::Planned);
    let with = |kind: FlagKind, from: DateTime<Utc>, until: Option<DateTime<Utc>>| {
        let mut a = acct.clone();
        let mut f = Flag::new(kind, from);
        f.until = until;
        a.flags.push(f);
        a
    };
    let consent = |party: &str, debt: &str| FlagKind::Consent {
        kind: ConsentKind::DirectContact,
        party: party.into(),
        debt: Some(debt.into()),
    };
    let silent = FlagKind::AttorneyUnresponsive { debt: None };
    let day = |d: u32| utc(2026, 3, d, 0, 0);
    type Case = (&'static str, Account, Vec<&'static str>);
    let cases: Vec<Case> = vec![
        ("represented", acct.clone(), vec!["us.reg_f.attorney"]),
        (
            "the attorney consents",
            with(consent("att", "D1"), day(2), None),
            vec![],
        ),
        (
            "the consent covers another debt",
            with(consent("att", "D9"), day(2), None),
            vec!["us.reg_f.attorney"],
        ),
        (
            "the debtor cannot consent for the attorney",
            with(consent("d", "D1"), day(2), None),
            vec!["us.reg_f.attorney"],
        ),
        (
            "the attorney failed to respond",
            with(silent.clone(), day(3), None),
            vec![],
        ),
        (
            "the period has not lapsed yet",
            with(silent.clone(), day(5), None),
            vec!["us.reg_f.attorney"],
        ),
        (
            "the attorney responded since",
            with(silent.clone(), day(2), Some(day(4))),
            vec!["us.reg_f.attorney"],
        ),
        (
            "silence on another debt",
            with(
                FlagKind::AttorneyUnresponsive {
                    debt: Some("D9".into()),
                },
                day(2),
                None,
            ),
            vec!["us.reg_f.attorney"],
        ),
    ];
    for (name, a, want) in &cases {
        let v = check(&us, &planned, &[], a);
        assert_eq!(v.violated_ids(), *want, "{name}");
    }
    // The debtor's consent is also an account error, named.
    let err = with(consent("d", "D1"), day(2), None)
        .validate()
        .expect_err("not the attorney's");
    let text = err.to_string();
    assert!(text.contains("account.flags[1].party"), "{text}");
    assert!(
        text.contains(
            "consent to direct contact is the consumer's attorney's to give, not the debtor's"
        ),
        "{text}"
    );
    assert!(with(consent("att", "D1"), day(2), None).validate().is_ok());
    // As written in an account file.
    let json = serde_json::to_string(&[consent("att", "D1"), silent.clone()]).expect("json");
    assert_eq!(
        json,
        r#"[{"consent":{"kind":"direct_contact","party":"att","debt":"D1"}},{"attorney_unresponsive":{"debt":null}}]"#
    );
    let back: Vec<FlagKind> = serde_json::from_str(&json).expect("parse");
    assert_eq!(back, [consent("att", "D1"), silent.clone()]);

    // Location information from a third party: the attorney's consent to
    // contact the consumer does not lift 1006.10(b)(6); silence does.
    let mut loc = Attempt::new(at, Channel::Call, "e", "m2", &[], Outcome::Conversation);
    loc.purpose = Purpose::LocationInformation;
    let consented = with(consent("att", "D1"), day(2), None);
    let mut all = consented.clone();
    if let Some(f) = all.flags.first_mut() {
        f.kind = FlagKind::Attorney { debt: None };
    }
    assert_eq!(
        check(&us, &loc, &[], &all).violated_ids(),
        ["us.reg_f.1006_10b"]
    );
    let mut silent_all = all.clone();
    silent_all.flags.push(Flag::new(silent, day(3)));
    assert!(check(&us, &loc, &[], &silent_all).passes());
}

/// A lift covers its own debt only (every debt if it names none): a
/// contact about several debts, or about none (every debt), stays barred
/// while one represented debt is not lifted; and a lift dated later is when
/// the bar may clear (`next_permitted`).
#[test]
fn attorney_lifts_cover_their_own_debts() {
    let us = ContactPolicy::us();
    let at = utc(2026, 3, 10, 15, 0);
    let day = |d: u32| utc(2026, 3, d, 0, 0);
    let attorney = |debt: Option<&str>| {
        Flag::new(
            FlagKind::Attorney {
                debt: debt.map(Into::into),
            },
            day(1),
        )
    };
    let consent = |debt: Option<&str>| {
        Flag::new(
            FlagKind::Consent {
                kind: ConsentKind::DirectContact,
                party: "att".into(),
                debt: debt.map(Into::into),
            },
            day(2),
        )
    };
    let silent = |debt: Option<&str>| {
        Flag::new(
            FlagKind::AttorneyUnresponsive {
                debt: debt.map(Into::into),
            },
            day(2),
        )
    };
    let acct = |flags: Vec<Flag>| {
        let mut a = account(&["America/New_York"], &[]);
        a.flags = flags;
        a
    };
    let about = |debts: &[&str]| Attempt::new(at, Channel::Call, "d", "m", debts, Outcome::Planned);
    let barred = vec!["us.reg_f.attorney"];
    type Case = (
        &'static str,
        Vec<Flag>,
        &'static [&'static str],
        Vec<&'static str>,
    );
    let cases: Vec<Case> = vec![
        (
            "consent on D1, call on D1",
            vec![attorney(None), consent(Some("D1"))],
            &["D1"],
            vec![],
        ),
        (
            "consent on D1, call on D1 and D2",
            vec![attorney(None), consent(Some("D1"))],
            &["D1", "D2"],
            barred.clone(),
        ),
        (
            "consent on D1, call on every debt",
            vec![attorney(None), consent(Some("D1"))],
            &[],
            barred.clone(),
        ),
        (
            "consent on every debt, call on every debt",
            vec![attorney(None), consent(None)],
            &[],
            vec![],
        ),
        (
            "silence on D1, call on D1 and D2",
            vec![attorney(None), silent(Some("D1"))],
            &["D1", "D2"],
            barred.clone(),
        ),
        (
            "silence on D1 and on D2, call on both",
            vec![attorney(None), silent(Some("D1")), silent(Some("D2"))],
            &["D1", "D2"],
            vec![],
        ),
        (
            "silence on D1 and on D2, call on every debt",
            vec![attorney(None), silent(Some("D1")), silent(Some("D2"))],
            &[],
            barred.clone(),
        ),
        (
            "represented on D1 only, call on every debt, consent on D1",
            vec![attorney(Some("D1")), consent(Some("D1"))],
            &[],
            vec![],
        ),
        (
            "two representations, consent on one",
            vec![
                attorney(Some("D1")),
                attorney(Some("D2")),
                consent(Some("D1")),
            ],
            &["D1", "D2"],
            barred.clone(),
        ),
    ];
    for (name, flags, debts, want) in cases {
        let v = check(&us, &about(debts), &[], &acct(flags));
        assert_eq!(v.violated_ids(), want, "{name}");
    }
    // Location information: silence on D1 does not lift a representation
    // on every debt for a call about every debt.
    let mut loc = Attempt::new(at, Channel::Call, "e", "m2", &[], Outcome::Conversation);
    loc.purpose = Purpose::LocationInformation;
    let partly = acct(vec![attorney(None), silent(Some("D1"))]);
    assert_eq!(
        check(&us, &loc, &[], &partly).violated_ids(),
        ["us.reg_f.1006_10b"]
    );
    loc.debts = vec!["D1".into()];
    assert!(check(&us, &loc, &[], &partly).passes());

    // A lift starting later is when the bar may clear.
    let lift_at = utc(2026, 3, 12, 15, 0);
    let later = |mut f: Flag| {
        f.from = lift_at;
        f
    };
    let mut until_25 = attorney(None);
    until_25.until = Some(day(25));
    let request = |party: &str, point: &str, purpose: Purpose| ContactRequest {
        party: party.into(),
        channel: Channel::Call,
        point: point.into(),
        debts: vec![],
        purpose,
    };
    let ck = ContactChecker::new(&us);
    for (name, flags, req, rule) in [
        (
            "silence from the 12th, representation without end",
            vec![attorney(None), later(silent(None))],
            request("d", "m", Purpose::Collection),
            "us.reg_f.attorney",
        ),
        (
            "consent from the 12th, representation until the 25th",
            vec![until_25.clone(), later(consent(None))],
            request("d", "m", Purpose::Collection),
            "us.reg_f.attorney",
        ),
        (
            "location information, silence from the 12th",
            vec![attorney(None), later(silent(None))],
            request("e", "m2", Purpose::LocationInformation),
            "us.reg_f.1006_10b",
        ),
    ] {
        let a = acct(flags);
        let blocked = ck.check(&req.at(at), &[], &a).expect("check");
        assert_eq!(
            blocked.violations.first().map(|f| f.clears),
            Some(Clears::At(lift_at)),
            "{name}"
        );
        let n = ck.next_permitted(&req, at, &[], &a).expect("next");
        assert!(
            matches!(&n, NextPermitted::At { at: t, decided_by: Some(r) } if *t == lift_at && r.id == rule),
            "{name}: {n:?}"
        );
    }
}

/// A third-party bar that a flag lifts clears when such a flag starts
/// later: the consumer's consent to the collector communicating with that
/// person (US, RULES.md §8.1 `us.reg_f.1006_6d`), or (CN) the debtor
/// recorded as unreachable.
#[test]
fn third_party_bars_clear_when_their_lift_starts() {
    let ck_us = ContactChecker::new(&ContactPolicy::us());
    let ck_cn = ContactChecker::new(&ContactPolicy::cn());
    let request = |purpose: Purpose| ContactRequest {
        party: "e".into(),
        channel: Channel::Call,
        point: "m2".into(),
        debts: vec![],
        purpose,
    };
    let consent = FlagKind::Consent {
        kind: ConsentKind::ThirdParty,
        party: "e".into(),
        debt: None,
    };
    for (name, ck, zones, after, lift, kind, req, rule) in [
        (
            "us, collecting through an emergency contact",
            &ck_us,
            &["America/New_York"][..],
            utc(2026, 3, 10, 15, 0),
            utc(2026, 3, 12, 15, 0),
            consent.clone(),
            request(Purpose::Collection),
            "us.reg_f.1006_6d",
        ),
        (
            "cn, an emergency contact while the debtor is reachable",
            &ck_cn,
            &[][..],
            utc(2026, 3, 10, 4, 0),
            utc(2026, 3, 12, 4, 0),
            FlagKind::Unreachable,
            request(Purpose::LocationInformation),
            "cn.contacts.when",
        ),
    ] {
        let mut acct = account(zones, &[]);
        let none = ck.next_permitted(&req, after, &[], &acct).expect("next");
        assert!(
            matches!(&none, NextPermitted::Never { rule: r } if r.id == rule),
            "{name}: {none:?}"
        );
        acct.flags.push(Flag::new(kind, lift));
        let v = ck.check(&req.at(after), &[], &acct).expect("check");
        assert_eq!(v.violated_ids(), [rule], "{name}");
        assert_eq!(v.violations[0].clears, Clears::At(lift), "{name}");
        let n = ck.next_permitted(&req, after, &[], &acct).expect("next");
        assert!(
            matches!(&n, NextPermitted::At { at, .. } if *at == lift),
            "{name}: {n:?}"
        );
    }
}

/// A consent on one debt lifts a bar for a contact about that debt only:
/// not for one about two debts, nor one naming none (every debt).
#[test]
fn a_consent_covers_its_own_debt_only() {
    let us = ContactPolicy::us();
    let at = utc(2026, 3, 4, 15, 0);
    let mut acct = account(&["America/New_York"], &[]);
    acct.flags.push(Flag::new(
        FlagKind::Consent {
            kind: ConsentKind::ThirdParty,
            party: "e".into(),
            debt: Some("D1".into()),
        },
        utc(2026, 3, 1, 0, 0),
    ));
    let about =
        |debts: &[&str]| Attempt::new(at, Channel::Call, "e", "m2", debts, Outcome::Planned);
    assert!(check(&us, &about(&["D1"]), &[], &acct).passes());
    for debts in [&["D1", "D2"][..], &[][..]] {
        assert_eq!(
            check(&us, &about(debts), &[], &acct).violated_ids(),
            ["us.reg_f.1006_6d"],
            "{debts:?}"
        );
    }
}

/// RULES.md §8.3 `uk.conc.7_9.third_party`: the debt is never disclosed to
/// a third party, identity check or not.
#[test]
fn third_parties_uk() {
    let p = ContactPolicy::uk();
    let acct = account(&["Europe/London"], &[]);
    let mut a = Attempt::new(
        utc(2026, 3, 4, 12, 0),
        Channel::Call,
        "f1",
        "m2",
        &["D1"],
        Outcome::Conversation,
    );
    a.identity_verified = true;
    assert!(check(&p, &a, &[], &acct).passes());
    a.discloses_debt = true;
    let v = check(&p, &a, &[], &acct);
    assert_eq!(v.violated_ids(), ["uk.conc.7_9.third_party"]);
    assert_eq!(
        v.violations[0].message,
        "the debt must not be disclosed to a family member"
    );
}

#[test]
fn third_parties_cn() {
    let p = ContactPolicy::cn();
    let mut acct = account(&[], &[]);
    let at = utc(2026, 3, 4, 3, 0);
    let mut ask = Attempt::new(at, Channel::Call, "e", "m2", &[], Outcome::Conversation);
    ask.purpose = Purpose::PassMessage;
    assert_eq!(
        check(&p, &ask, &[], &acct).violated_ids(),
        ["cn.contacts.when"]
    );
    acct.flags
        .push(Flag::new(FlagKind::Unreachable, utc(2026, 3, 1, 0, 0)));
    assert!(check(&p, &ask, &[], &acct).passes());
    let mut collect = ask.clone();
    collect.purpose = Purpose::Collection;
    assert_eq!(
        check(&p, &collect, &[], &acct).violated_ids(),
        ["cn.contacts.purpose"]
    );
    acct.flags.push(Flag::new(
        FlagKind::Refused { party: "e".into() },
        utc(2026, 3, 2, 0, 0),
    ));
    assert_eq!(
        check(&p, &ask, &[], &acct).violated_ids(),
        ["cn.contacts.suppress"]
    );
    // Phone-book blast: the third distinct contact messaged within 24 hours.
    let sms = |party: &str, m: u32| {
        let mut a = Attempt::new(
            utc(2026, 3, 4, 3, m),
            Channel::Sms,
            party,
            "m2",
            &[],
            Outcome::Delivered,
        );
        a.purpose = Purpose::PassMessage;
        a
    };
    let h = vec![sms("f1", 0), sms("f2", 1)];
    assert_eq!(
        check(&p, &sms("f3", 2), &h, &acct).violated_ids(),
        ["cn.phonebook_blast"]
    );
    // Guarantor: collection per contract is fine.
    let g = Attempt::new(at, Channel::Call, "g", "m2", &["D1"], Outcome::Conversation);
    assert!(check(&p, &g, &[], &acct).passes());
}

#[test]
fn visits_and_recording_cn() {
    let p = ContactPolicy::cn();
    let acct = account(&[], &[]);
    let at = utc(2026, 3, 4, 3, 0);
    let visit = |facts: VisitFacts| {
        let mut a = Attempt::new(
            at,
            Channel::Visit,
            "d",
            "home",
            &["D1"],
            Outcome::Visit(facts),
        );
        a.recorded = false;
        a
    };
    let good = VisitFacts {
        collectors: 2,
        id_shown: true,
        appointment: true,
        entered: false,
        consent_to_enter: false,
    };
    assert!(check(&p, &visit(good), &[], &acct).passes());
    let bad = VisitFacts {
        collectors: 1,
        id_shown: false,
        appointment: true,
        entered: true,
        consent_to_enter: false,
    };
    let v = check(&p, &visit(bad), &[], &acct);
    assert_eq!(v.violated_ids(), ["cn.gbt45251.visit"]);
    assert_eq!(
        v.violations[0].message,
        "visit: 1 collector(s) present; at least 2 required; identification not shown; premises entered without consent"
    );
    let mut c = call(at, Outcome::Conversation);
    c.recorded = false;
    assert_eq!(
        check(&p, &c, &[], &acct).violated_ids(),
        ["cn.card_rules_2011.art68"]
    );
}

#[test]
fn generic_counter() {
    let mut raw = ContactPolicy::uk().raw().clone();
    raw.counters.push(Counter {
        rule: crate::rule::RuleRef::new(
            "lender.calls_per_day",
            "lender overlay",
            crate::rule::RuleStatus::Unverified,
        ),
        limit: 2,
        window_minutes: 1_440,
        scope: CounterScope::ContactPoint,
        channels: vec![Channel::Call],
        counts: CounterCounts::Attempts,
    });
    let p = ContactPolicy::new(raw).expect("valid");
    let acct = account(&[], &[]);
    let h = vec![
        call(utc(2026, 3, 4, 10, 0), Outcome::NoAnswer),
        call(utc(2026, 3, 4, 11, 0), Outcome::NoAnswer),
    ];
    let v = check(
        &p,
        &call(utc(2026, 3, 4, 12, 0), Outcome::NoAnswer),
        &h,
        &acct,
    );
    assert_eq!(v.violated_ids(), ["lender.calls_per_day"]);
    assert_eq!(v.violations[0].clears, Clears::At(utc(2026, 3, 5, 10, 0)));
    assert!(check(
        &p,
        &call(utc(2026, 3, 5, 10, 0), Outcome::NoAnswer),
        &h,
        &acct
    )
    .passes());
}

#[test]
fn cease_bars_the_consumer_not_their_attorney() {
    // 12 CFR 1006.6(c): after a cease notice the collector may not
    // communicate with the consumer (1006.6(a): the spouse too); the
    // consumer's attorney is not the consumer.
    let p = ContactPolicy::us();
    let mut acct = account(&["America/New_York"], &[]);
    acct.flags
        .push(Flag::new(FlagKind::Cease, utc(2026, 3, 1, 0, 0)));
    let at = utc(2026, 3, 4, 15, 0);
    let to = |party: &str| Attempt::new(at, Channel::Call, party, "m", &["D1"], Outcome::Planned);
    assert_eq!(
        check(&p, &to("d"), &[], &acct).violated_ids(),
        ["us.reg_f.cease"]
    );
    assert_eq!(
        check(&p, &to("g"), &[], &acct).violated_ids(),
        ["us.reg_f.cease"]
    );
    assert!(check(&p, &to("att"), &[], &acct).violated_ids().is_empty());
}
