//! Limited-content voicemail, recording retention, UK identity, Reg F
//! multi-debt attribution and rebuttal factors, third parties timed in their
//! own zone, visit hours: exact rule ids and messages.

use chrono::Duration;

use super::super::*;
use super::{account, call, check, utc, z};
use crate::rule::{RuleRef, RuleStatus};

fn voicemail(text: Option<&str>, party: &str) -> Attempt {
    // 15:00 UTC = 10:00 in New York (March, before DST).
    let mut a = Attempt::new(
        utc(2026, 3, 2, 15, 0),
        Channel::Call,
        party,
        "m",
        &["D1"],
        Outcome::Voicemail {
            limited_content: true,
        },
    );
    a.text = text.map(str::to_owned);
    a
}

/// Source: RULES.md §8.1 `us.reg_f.lcm` (12 CFR 1006.2(j)); the content is
/// judged by `compliance::language::classify_voicemail`.
#[test]
fn limited_content_voicemail() {
    let p = ContactPolicy::us();
    let acct = account(&["America/New_York"], &[]);
    type Case<'a> = (
        &'a str,
        Option<&'a str>,
        &'a str,
        &'a [&'a str],
        Option<&'a str>,
    );
    let cases: &[Case<'_>] = &[
        ("no text: not checked", None, "d", &[], None),
        (
            "business, name, reply request and number only",
            Some("Hi, this is Jane Doe from Acme Services. Please call me back at 555-201-3344. Thank you."),
            "d",
            &[],
            None,
        ),
        (
            "no business name",
            Some("Hi, this is Jane Doe. Please call me back at 555-201-3344. Thank you."),
            "d",
            &["us.reg_f.lcm"],
            Some("voicemail marked limited-content is not one: missing a business name"),
        ),
        (
            "mentions the account",
            Some("Hi, this is Jane Doe about your overdue account. Call 555-201-3344."),
            "d",
            &["us.reg_f.lcm"],
            Some("voicemail marked limited-content is not one: missing a business name, a request to reply; 1 sentence(s) outside the allowed items"),
        ),
        (
            "no phone number",
            Some("Hi, this is Jane Doe from Acme Services. Please call me back."),
            "d",
            &["us.reg_f.lcm"],
            Some("voicemail marked limited-content is not one: missing a telephone number"),
        ),
    ];
    for (name, text, party, ids, msg) in cases {
        let v = check(&p, &voicemail(*text, party), &[], &acct);
        assert_eq!(v.violated_ids(), *ids, "{name}");
        if let Some(m) = msg {
            assert_eq!(v.violations[0].message, *m, "{name}");
        }
    }
    // Left for a third party: never a limited-content message.
    let mut a = voicemail(None, "e");
    a.purpose = Purpose::LocationInformation;
    let v = check(&p, &a, &[], &acct);
    assert_eq!(v.violated_ids(), ["us.reg_f.lcm"]);
    assert_eq!(
        v.violations[0].message,
        "a voicemail left for an emergency contact is never a limited-content message"
    );
    // Not marked limited-content: no content check.
    let mut a = voicemail(Some("Pay your overdue account now."), "d");
    a.outcome = Outcome::Voicemail {
        limited_content: false,
    };
    assert!(check(&p, &a, &[], &acct).passes());
}

/// Source: RULES.md §8.2 `cn.card_rules_2011.art68`: record calls, keep ≥ 2 years.
#[test]
fn recording_retention() {
    let p = ContactPolicy::cn();
    let acct = account(&[], &[]);
    // 02:00 UTC = 10:00 in Beijing.
    let mut a = call(utc(2026, 3, 2, 2, 0), Outcome::Conversation);
    for (days, ids) in [
        (None, &[][..]),
        // Two years from 2026-03-02 take in 2028-02-29: 731 days (the
        // review of 2026-11-27; the preset said 730).
        (Some(730), &["cn.card_rules_2011.art68"][..]),
        (Some(731), &[][..]),
        (Some(365), &["cn.card_rules_2011.art68"][..]),
    ] {
        a.retention_days = days;
        let v = check(&p, &a, &[], &acct);
        assert_eq!(v.violated_ids(), ids, "{days:?}");
    }
    a.retention_days = Some(365);
    assert_eq!(
        check(&p, &a, &[], &acct).violations[0].message,
        "recording kept 365 days; recordings must be kept 731 days"
    );
    a.recorded = false;
    assert_eq!(
        check(&p, &a, &[], &acct).violations[0].message,
        "calls not recorded; recordings must be kept 731 days"
    );
}

/// Source: RULES.md §8.3 `uk.conc.7_9.identity`.
#[test]
fn uk_identity_before_discussing_the_debt() {
    let p = ContactPolicy::uk();
    let acct = account(&[], &[]);
    let mut a = call(utc(2026, 3, 2, 10, 0), Outcome::Conversation);
    assert!(check(&p, &a, &[], &acct).passes());
    a.discloses_debt = true;
    let v = check(&p, &a, &[], &acct);
    assert_eq!(v.violated_ids(), ["uk.conc.7_9.identity"]);
    assert_eq!(
        v.violations[0].message,
        "the debt was discussed before the person's identity was verified"
    );
    a.identity_verified = true;
    assert!(check(&p, &a, &[], &acct).passes());
}

fn seven(outcome: Outcome, debts: &[&str]) -> Vec<Attempt> {
    (0..7)
        .map(|i| {
            Attempt::new(
                utc(2026, 3, 2, 15, 0) + Duration::days(i),
                Channel::Call,
                "d",
                "m",
                debts,
                outcome,
            )
        })
        .collect()
}

/// Source: RULES.md §6.1 `us.reg_f.multi_debt` (cmt 14(b)(4)-1/-2).
#[test]
fn reg_f_multi_debt_attribution() {
    let p = ContactPolicy::us();
    let acct = account(&["America/New_York"], &[]);
    let at = utc(2026, 3, 8, 17, 0);
    let lcm = Outcome::Voicemail {
        limited_content: true,
    };
    let full_vm = Outcome::Voicemail {
        limited_content: false,
    };
    type Case<'a> = (&'a str, Outcome, &'a [&'a str], &'a str, &'a [&'a str]);
    let cases: &[Case<'_>] = &[
        // Unanswered calls about D1 and D2 count toward D1 (listed first) only.
        (
            "unanswered, 8th about D1",
            Outcome::NoAnswer,
            &["D1", "D2"],
            "D1",
            &["us.reg_f.call_frequency"],
        ),
        (
            "unanswered, 1st about D2",
            Outcome::NoAnswer,
            &["D1", "D2"],
            "D2",
            &[],
        ),
        (
            "lcm, 1st about D1 when D2 listed first",
            lcm,
            &["D2", "D1"],
            "D1",
            &[],
        ),
        // A voicemail with content counts toward each debt discussed.
        (
            "full voicemail, 8th about D2",
            full_vm,
            &["D1", "D2"],
            "D2",
            &["us.reg_f.call_frequency"],
        ),
    ];
    for (name, outcome, debts, next, ids) in cases {
        let h = seven(*outcome, debts);
        let a = Attempt::new(at, Channel::Call, "d", "m", &[next], Outcome::NoAnswer);
        let v = check(&p, &a, &h, &acct);
        assert_eq!(v.violated_ids(), *ids, "{name}");
    }
    // The checked call itself: unanswered about D2 and D1 counts toward D2 only.
    let h = seven(Outcome::NoAnswer, &["D1"]);
    let a = Attempt::new(
        at,
        Channel::Call,
        "d",
        "m",
        &["D2", "D1"],
        Outcome::NoAnswer,
    );
    assert!(check(&p, &a, &h, &acct).passes());
    let a = Attempt::new(
        at,
        Channel::Call,
        "d",
        "m",
        &["D1", "D2"],
        Outcome::NoAnswer,
    );
    assert_eq!(
        check(&p, &a, &h, &acct).violated_ids(),
        ["us.reg_f.call_frequency"]
    );
}

/// Source: RULES.md §6.1 `us.reg_f.rebuttal_flags`.
#[test]
fn reg_f_rebuttal_factors() {
    let p = ContactPolicy::us();
    let mut acct = account(&["America/New_York"], &[]);
    // A call required by law that is presumed a violation.
    let h = seven(Outcome::NoAnswer, &["D1"]);
    let mut a = call(utc(2026, 3, 8, 17, 0), Outcome::NoAnswer);
    a.purpose = Purpose::LegallyRequiredNotice;
    let v = check(&p, &a, &h, &acct);
    assert_eq!(v.violated_ids(), ["us.reg_f.call_frequency"]);
    assert_eq!(v.warning_ids(), ["us.reg_f.rebuttal_flags"]);
    assert_eq!(
        v.warnings[0].message,
        "the call is required by law: a factor that can rebut the presumed violation"
    );
    // A pending dispute on a call presumed compliant.
    acct.flags.push(Flag::new(
        FlagKind::Dispute {
            debt: Some("D1".into()),
        },
        utc(2026, 3, 1, 0, 0),
    ));
    let v = check(&p, &a, &[], &acct);
    assert!(v.passes());
    assert_eq!(v.warning_ids(), ["us.reg_f.rebuttal_flags"]);
    assert_eq!(
        v.warnings[0].message,
        "a dispute on debt `D1`: a factor that can rebut the presumed compliance"
    );
    // Active litigation and a court deadline on D1 (the call is about D1):
    // factors against the presumed violation, listed together.
    let mut acct = account(&["America/New_York"], &[]);
    acct.flags.push(Flag::new(
        FlagKind::Litigation {
            debt: Some("D1".into()),
        },
        utc(2026, 2, 1, 0, 0),
    ));
    acct.flags.push(Flag::new(
        FlagKind::TimeSensitive {
            debt: None,
            reason: "hearing on 2026-03-10".into(),
        },
        utc(2026, 3, 1, 0, 0),
    ));
    let a = call(utc(2026, 3, 8, 17, 0), Outcome::NoAnswer);
    let v = check(&p, &a, &h, &acct);
    assert_eq!(v.violated_ids(), ["us.reg_f.call_frequency"]);
    assert_eq!(v.warning_ids(), ["us.reg_f.rebuttal_flags"]);
    assert_eq!(
        v.warnings[0].message,
        "the call is tied to active litigation on debt `D1`, time-sensitive information \
         outside the collector's control (hearing on 2026-03-10): factors that can rebut \
         the presumed violation"
    );
    assert_eq!(
        v.warnings[0].events,
        [utc(2026, 2, 1, 0, 0), utc(2026, 3, 1, 0, 0)]
    );
    // The same flags say nothing when the call is presumed compliant, and
    // litigation on another debt is not tied to this call.
    assert!(check(&p, &a, &[], &acct).warnings.is_empty());
    acct.flags.remove(1);
    acct.flags[0].kind = FlagKind::Litigation {
        debt: Some("D2".into()),
    };
    assert!(check(&p, &a, &h, &acct).warnings.is_empty());
    // Prior abusive conduct toward the person: a factor against the
    // presumed compliance of an otherwise clean call.
    let mut acct = account(&["America/New_York"], &[]);
    acct.flags.push(Flag::new(
        FlagKind::PriorAbuse { party: "d".into() },
        utc(2026, 1, 15, 0, 0),
    ));
    let v = check(&p, &a, &[], &acct);
    assert!(v.passes());
    assert_eq!(
        v.warnings[0].message,
        "prior abusive conduct toward this person: a factor that can rebut the presumed compliance"
    );
    // Concentration: the 7th call to the person in one local day.
    let acct = account(&["America/New_York"], &[]);
    let h: Vec<Attempt> = (0..6)
        .map(|i| {
            call(
                utc(2026, 3, 2, 14, 0) + Duration::minutes(30 * i),
                Outcome::NotConnected,
            )
        })
        .collect();
    let v = check(
        &p,
        &call(utc(2026, 3, 2, 18, 0), Outcome::NotConnected),
        &h,
        &acct,
    );
    assert!(
        v.warnings.is_empty(),
        "not connected: not a placed call that counts"
    );
    let v = check(
        &p,
        &call(utc(2026, 3, 2, 18, 0), Outcome::Conversation),
        &h,
        &acct,
    );
    assert_eq!(v.warning_ids(), ["us.reg_f.rebuttal_flags"]);
    assert_eq!(
        v.warnings[0].message,
        "concentration: 7 calls to this person on 2026-03-02 (`America/New_York`); flag is 7"
    );
}

/// Third parties are timed in their own zone when their contact point has
/// one (interp. [U]; RULES.md §5 defines the consumer's location only).
#[test]
fn third_party_timed_in_own_zone() {
    let p = ContactPolicy::us();
    let mut acct = account(&["America/New_York"], &[]);
    acct.contact_points.push(ContactPoint {
        id: "ep".into(),
        kind: PointKind::Mobile,
        zones: vec![z("America/Los_Angeles")],
        owner: None,
    });
    let mut a = Attempt::new(
        utc(2026, 3, 3, 2, 30), // 21:30 New York, 18:30 Los Angeles
        Channel::Call,
        "e",
        "ep",
        &[],
        Outcome::Conversation,
    );
    a.purpose = Purpose::LocationInformation;
    assert!(check(&p, &a, &[], &acct).passes());
    a.at = utc(2026, 3, 2, 14, 30); // 09:30 New York, 06:30 Los Angeles
    let v = check(&p, &a, &[], &acct);
    assert_eq!(v.violated_ids(), ["us.reg_f.time_window"]);
    assert_eq!(
        v.violations[0].message,
        "contact at `06:30` is outside the permitted window `08:00–21:00` in `America/Los_Angeles`"
    );
    // The debtor at the same point is timed in every zone known for them.
    a.party = "d".into();
    a.purpose = Purpose::Collection;
    let v = check(&p, &a, &[], &acct);
    assert_eq!(v.violated_ids(), ["us.reg_f.time_window"]);
    assert!(v.violations[0].message.contains("`America/Los_Angeles`"));
}

/// Visit hours are window rules limited to the visit channel; the CN
/// 22:00–08:00 blackout covers visits (RULES.md §5).
#[test]
fn visit_hours() {
    let facts = VisitFacts {
        collectors: 2,
        id_shown: true,
        appointment: true,
        entered: false,
        consent_to_enter: false,
    };
    let visit = |at| {
        Attempt::new(
            at,
            Channel::Visit,
            "d",
            "home",
            &["D1"],
            Outcome::Visit(facts),
        )
    };
    let acct = account(&[], &[]);
    let cn = ContactPolicy::cn();
    assert!(check(&cn, &visit(utc(2026, 3, 2, 2, 0)), &[], &acct).passes());
    assert_eq!(
        check(&cn, &visit(utc(2026, 3, 2, 14, 30)), &[], &acct).violated_ids(),
        ["cn.gbt45251.time_window"]
    );
    let mut raw = ContactPolicy::uk().raw().clone();
    raw.windows.push(WindowRule {
        rule: RuleRef::new(
            "lender.visit_hours",
            "lender policy: visits 09:00-20:00",
            RuleStatus::Unverified,
        ),
        channels: vec![Channel::Visit],
        start: chrono::NaiveTime::from_hms_opt(9, 0, 0).expect("time"),
        end: chrono::NaiveTime::from_hms_opt(20, 0, 0).expect("time"),
        closed: vec![ClosedDay::Sunday],
        skip_debtor_initiated: true,
    });
    let uk = ContactPolicy::new(raw).expect("policy");
    let at = utc(2026, 3, 2, 20, 30); // Monday 20:30 London
    assert_eq!(
        check(&uk, &visit(at), &[], &acct).violated_ids(),
        ["lender.visit_hours"]
    );
    assert!(check(&uk, &call(at, Outcome::Conversation), &[], &acct).passes());
    assert_eq!(
        check(&uk, &visit(utc(2026, 3, 1, 11, 0)), &[], &acct).violated_ids(),
        ["lender.visit_hours"],
        "sunday"
    );
}

/// One auditor fed from two books: the cached account cards follow the book
/// (here, point 1 exists only in the second book; zones differ).
#[test]
fn keyed_auditor_follows_the_book() {
    let ck = ContactChecker::new(&ContactPolicy::us());
    let mut small = account(&["America/New_York"], &[]);
    small.contact_points.truncate(1);
    let a1 = [small];
    let a2 = [account(&["America/Los_Angeles"], &[])];
    let mut b1 = AccountBook::new(&ck, &a1).expect("book");
    let mut b2 = AccountBook::new(&ck, &a2).expect("book");
    let d1 = b1.debt("D1").expect("debt");
    let d2 = b2.debt("D1").expect("debt");
    let mut au = Auditor::new(&ck);
    // 01:30 UTC: 20:30 in New York, 17:30 in Los Angeles.
    let e = Event::new(
        utc(2026, 3, 3, 1, 30),
        0,
        0,
        1,
        &[d1],
        Channel::Call,
        Outcome::NoAnswer,
    )
    .expect("event");
    assert!(
        au.push_event(&e, &b1).is_err(),
        "no point 1 in the first book"
    );
    let e = Event::new(
        utc(2026, 3, 3, 1, 30),
        0,
        0,
        0,
        &[d1],
        Channel::Call,
        Outcome::NoAnswer,
    )
    .expect("event");
    assert!(au.push_event(&e, &b1).expect("push").passes());
    // 05:30 UTC: 00:30 in New York, 21:30 in Los Angeles.
    let e = Event::new(
        utc(2026, 3, 3, 5, 30),
        0,
        0,
        1,
        &[d2],
        Channel::Call,
        Outcome::NoAnswer,
    )
    .expect("event");
    let v = au.push_event(&e, &b2).expect("push");
    let (a, acct) = e.to_attempt(&b2).expect("attempt");
    let (h, _) = Event::new(
        utc(2026, 3, 3, 1, 30),
        0,
        0,
        0,
        &[d2],
        Channel::Call,
        Outcome::NoAnswer,
    )
    .expect("event")
    .to_attempt(&b2)
    .expect("attempt");
    assert_eq!(v, ck.check(&a, &[h], acct).expect("check"));
    assert!(v.violations[0].message.contains("`21:30`"), "{v:?}");
}

/// RULES.md §5's example (cmt 6(b)(1)(i)-2): the mailing address in
/// America/Phoenix (no DST), the consumer's mobile with a Los Angeles area
/// code. A call to the home landline (Phoenix) is judged in both zones once
/// the mobile is known to be the consumer's ([`ContactPoint::owner`]).
#[test]
fn every_phone_of_the_consumer_counts() {
    let p = ContactPolicy::us();
    let mut acct = account(&["America/Phoenix"], &[]);
    acct.contact_points.push(ContactPoint {
        id: "home".into(),
        kind: PointKind::Landline,
        zones: vec![z("America/Phoenix")],
        owner: Some("d".into()),
    });
    acct.contact_points.push(ContactPoint {
        id: "cell".into(),
        kind: PointKind::Mobile,
        zones: vec![z("America/Los_Angeles")],
        owner: Some("d".into()),
    });
    let at_home = |at| {
        Attempt::new(
            at,
            Channel::Call,
            "d",
            "home",
            &["D1"],
            Outcome::Conversation,
        )
    };
    // January: 15:30 UTC = 08:30 Phoenix (UTC−7) = 07:30 Los Angeles (UTC−8).
    let v = check(&p, &at_home(utc(2026, 1, 13, 15, 30)), &[], &acct);
    assert_eq!(v.violated_ids(), ["us.reg_f.time_window"]);
    assert_eq!(
        v.violations[0].message,
        "contact at `07:30` is outside the permitted window `08:00–21:00` in `America/Los_Angeles`"
    );
    // 16:00 UTC: 09:00 Phoenix, 08:00 Los Angeles.
    assert!(check(&p, &at_home(utc(2026, 1, 13, 16, 0)), &[], &acct).passes());
    // July: both zones are UTC−7, so 08:30 is 08:30 in both.
    assert!(check(&p, &at_home(utc(2026, 7, 14, 15, 30)), &[], &acct).passes());
    // A mobile owned by a third party, or by the debtor's attorney, says
    // nothing about the consumer.
    for other in ["e", "att"] {
        acct.contact_points.last_mut().unwrap().owner = Some(other.into());
        assert!(check(&p, &at_home(utc(2026, 1, 13, 15, 30)), &[], &acct).passes());
    }
    // Without an owner the mobile may be the debtor's: its zone counts
    // (the review of 2026-11-27; it was left out, the permissive reading).
    acct.contact_points.last_mut().unwrap().owner = None;
    assert_eq!(
        check(&p, &at_home(utc(2026, 1, 13, 15, 30)), &[], &acct).violated_ids(),
        ["us.reg_f.time_window"]
    );
    // An owner must be a known party.
    acct.contact_points.last_mut().unwrap().owner = Some("nobody".into());
    let err = acct.validate().unwrap_err().to_string();
    assert!(err.contains("account.contact_points[6].owner"), "{err}");
    assert!(err.contains("nobody"), "{err}");
}
