//! A debtor represented by an attorney: the bar, the attorney's consent or
//! silence lifting it, which debts a lift covers, and when a bar clears.

use chrono::{DateTime, Utc};

use super::super::*;
use super::{account, call, check, utc};

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
