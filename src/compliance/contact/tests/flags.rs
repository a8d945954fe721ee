//! Account flags, replies, visits, recording and counters (third parties
//! and attorneys have their own files).

use chrono::NaiveTime;

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
