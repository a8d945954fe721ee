//! Contact frequency: Reg F's seven calls in seven days (debts named or
//! not, consent, the quiet period after a conversation, rebuttal flags)
//! and the CN daily limits.

use super::*;

/// RULES.md §6.1 `us.reg_f.multi_debt`: a call or conversation that names no
/// debt counts toward at least one debt (the collector's pick); with no pick
/// recorded, toward each. So it can neither start a separate count nor
/// escape the quiet period after a conversation.
#[test]
fn reg_f_calls_naming_no_debt_count_toward_the_debts() {
    let p = ContactPolicy::us();
    let acct = account(&["America/New_York"], &[]);
    let bare = |at, o| Attempt::new(at, Channel::Call, "d", "m", &[], o);
    // A conversation that named no debt on Wed 03-11, a call about D1 on
    // Thu 03-12: within 7 days after the conversation.
    let h = vec![bare(utc(2026, 3, 11, 15, 0), Outcome::Conversation)];
    let v = check(
        &p,
        &call(utc(2026, 3, 12, 15, 0), Outcome::NoAnswer),
        &h,
        &acct,
    );
    assert_eq!(v.violated_ids(), ["us.reg_f.call_frequency"]);
    assert_eq!(
        v.violations[0].message,
        "presumed violation: call to this person about debt `D1` within 7 days after the conversation on 2026-03-11 (day 1); first permitted day is 2026-03-18"
    );
    // Four unanswered calls about D1 and three naming no debt in one week:
    // the eighth call (naming none) is over seven for D1.
    let mut week: Vec<Attempt> = (2..=5)
        .map(|d| call(utc(2026, 3, d, 15, 0), Outcome::NoAnswer))
        .collect();
    week.extend((2..=4).map(|d| bare(utc(2026, 3, d, 16, 0), Outcome::NoAnswer)));
    let v = check(
        &p,
        &bare(utc(2026, 3, 6, 15, 0), Outcome::NoAnswer),
        &week,
        &acct,
    );
    assert_eq!(v.violated_ids(), ["us.reg_f.call_frequency"]);
    // Seven in all passes.
    week.pop();
    assert!(check(
        &p,
        &bare(utc(2026, 3, 6, 15, 0), Outcome::NoAnswer),
        &week,
        &acct
    )
    .passes());
}

/// Source: RULES.md §6.1 illustrative example (Reg F 1006.14(b)(2)).
fn seven_calls() -> Vec<Attempt> {
    // 15:00 UTC = 10:00/11:00 New York.
    [(2, 2), (3, 1), (5, 2), (6, 1), (7, 1)]
        .iter()
        .flat_map(|(d, n)| {
            (0..*n).map(move |i| call(utc(2026, 3, *d, 15, 10 * i), Outcome::NoAnswer))
        })
        .collect()
}

#[test]
fn reg_f_seven_in_seven() {
    let p = ContactPolicy::us();
    let acct = account(&["America/New_York"], &[]);
    let mut h = seven_calls();
    // Busy signals are not counted.
    h.push(call(utc(2026, 3, 8, 13, 0), Outcome::NotConnected));
    h.push(call(utc(2026, 3, 8, 13, 1), Outcome::NotConnected));
    let v = check(
        &p,
        &call(utc(2026, 3, 8, 15, 0), Outcome::NoAnswer),
        &h,
        &acct,
    );
    assert_eq!(v.violated_ids(), ["us.reg_f.call_frequency"]);
    assert_eq!(
        v.violations[0].message,
        "presumed violation: 8th call to this person about debt `D1` within 2026-03-02..2026-03-08; limit is 7"
    );
    assert_eq!(v.violations[0].events.len(), 7);
    assert_eq!(v.violations[0].clears, Clears::At(utc(2026, 3, 9, 4, 0)));
    // Made on Monday 03-09 instead: 6 in 03-03..03-09 including it.
    assert!(check(
        &p,
        &call(utc(2026, 3, 9, 15, 0), Outcome::NoAnswer),
        &h,
        &acct
    )
    .passes());
    // A busy signal on 03-08 is not a counted call.
    assert!(check(
        &p,
        &call(utc(2026, 3, 8, 15, 0), Outcome::NotConnected),
        &h,
        &acct
    )
    .passes());
    // Another debt has its own count.
    let other = Attempt::new(
        utc(2026, 3, 8, 15, 0),
        Channel::Call,
        "d",
        "m",
        &["D2"],
        Outcome::NoAnswer,
    );
    assert!(check(&p, &other, &h, &acct).passes());
    // Calls to the consumer's attorney are excluded.
    let mut att = call(utc(2026, 3, 8, 15, 0), Outcome::NoAnswer);
    att.party = "att".into();
    let hatt: Vec<Attempt> = h
        .iter()
        .cloned()
        .map(|mut c| {
            c.party = "att".into();
            c
        })
        .collect();
    assert!(check(&p, &att, &hatt, &acct).passes());
    // Misdirected number: those calls were not calls to this person.
    let mut mis = acct.clone();
    mis.flags.push(Flag::new(
        FlagKind::Misdirected { point: "m".into() },
        utc(2026, 3, 8, 0, 0),
    ));
    let mut to_m2 = call(utc(2026, 3, 8, 15, 0), Outcome::NoAnswer);
    to_m2.point = "m2".into();
    assert!(check(&p, &to_m2, &h, &mis).passes());
}

#[test]
fn reg_f_consent_window_and_early_end() {
    let p = ContactPolicy::us();
    let mut acct = account(&["America/New_York"], &[]);
    acct.flags.push(Flag::new(
        FlagKind::Consent {
            kind: ConsentKind::ExtraCalls,
            party: "d".into(),
            debt: Some("D1".into()),
        },
        utc(2026, 3, 2, 14, 0),
    ));
    let h = seven_calls();
    assert!(check(
        &p,
        &call(utc(2026, 3, 8, 15, 0), Outcome::NoAnswer),
        &h,
        &acct
    )
    .passes());
    // Day 8 after consent (03-09) is outside it: counted normally (1 call, fine).
    assert!(check(
        &p,
        &call(utc(2026, 3, 9, 15, 0), Outcome::NoAnswer),
        &h,
        &acct
    )
    .passes());
    // A conversation ends the consent early: calls after it count.
    let mut h2 = h.clone();
    h2.insert(0, call(utc(2026, 3, 2, 14, 30), Outcome::Conversation));
    let v = check(
        &p,
        &call(utc(2026, 3, 10, 15, 0), Outcome::NoAnswer),
        &h2,
        &acct,
    );
    assert!(v.passes(), "{v:?}");
    let v = check(
        &p,
        &call(utc(2026, 3, 8, 15, 0), Outcome::NoAnswer),
        &h2,
        &acct,
    );
    assert_eq!(
        v.violated_ids(),
        ["us.reg_f.call_frequency", "us.reg_f.call_frequency"]
    );
}

/// Source: RULES.md §6.1: conversation Wed 2026-03-11 (day 1) blocks calls
/// through Tue 03-17; Wed 03-18 is the first compliant day.
#[test]
fn reg_f_after_conversation_day_7_vs_day_8() {
    let p = ContactPolicy::us();
    let acct = account(&["America/New_York"], &[]);
    let h = vec![call(utc(2026, 3, 11, 15, 0), Outcome::Conversation)];
    let v = check(
        &p,
        &call(utc(2026, 3, 11, 18, 0), Outcome::NoAnswer),
        &h,
        &acct,
    );
    assert_eq!(v.violated_ids(), ["us.reg_f.call_frequency"]);
    let v = check(
        &p,
        &call(utc(2026, 3, 17, 20, 0), Outcome::NoAnswer),
        &h,
        &acct,
    );
    assert_eq!(
        v.violations[0].message,
        "presumed violation: call to this person about debt `D1` within 7 days after the conversation on 2026-03-11 (day 1); first permitted day is 2026-03-18"
    );
    assert!(check(
        &p,
        &call(utc(2026, 3, 18, 13, 0), Outcome::NoAnswer),
        &h,
        &acct
    )
    .passes());
    // Texts are not calls.
    let sms = Attempt::new(
        utc(2026, 3, 12, 15, 0),
        Channel::Sms,
        "d",
        "m",
        &["D1"],
        Outcome::Delivered,
    );
    assert!(check(&p, &sms, &h, &acct).passes());
    // A consumer-initiated conversation also starts the period.
    let mut inbound = call(utc(2026, 3, 11, 15, 0), Outcome::Conversation);
    inbound.initiator = Initiator::Party;
    let v = check(
        &p,
        &call(utc(2026, 3, 12, 15, 0), Outcome::NoAnswer),
        &[inbound],
        &acct,
    );
    assert_eq!(v.violated_ids(), ["us.reg_f.call_frequency"]);
    // next_permitted: 2026-03-18 08:00 EDT.
    let req = ContactRequest {
        party: "d".into(),
        channel: Channel::Call,
        point: "m".into(),
        debts: vec!["D1".into()],
        purpose: Purpose::Collection,
    };
    let n = ContactChecker::new(&p)
        .next_permitted(&req, utc(2026, 3, 12, 0, 0), &h, &acct)
        .expect("ok");
    match n {
        NextPermitted::At { at, decided_by } => {
            assert_eq!(at, utc(2026, 3, 18, 12, 0));
            assert_eq!(
                decided_by.map(|r| r.id),
                Some("us.reg_f.time_window".to_owned())
            );
        }
        NextPermitted::Never { .. } => panic!("never"),
    }
}

#[test]
fn reg_f_rebuttal_flags() {
    let p = ContactPolicy::us();
    let acct = account(&["America/New_York"], &[]);
    let h = vec![call(utc(2026, 3, 2, 15, 0), Outcome::NoAnswer)];
    let v = check(
        &p,
        &call(utc(2026, 3, 2, 15, 4), Outcome::NoAnswer),
        &h,
        &acct,
    );
    assert!(v.passes());
    assert_eq!(v.warning_ids(), ["us.reg_f.rebuttal_flags"]);
    assert_eq!(
        v.warnings[0].message,
        "rapid succession: 2 unanswered calls to `m` within 5 minutes"
    );
}

#[test]
fn cn_daily_limits() {
    let p = ContactPolicy::cn();
    let acct = account(&[], &[]);
    // 10:00.. Beijing on 2026-03-02 = 02:00 UTC.
    let convs: Vec<Attempt> = (0..3)
        .map(|i| call(utc(2026, 3, 2, 2, i), Outcome::Conversation))
        .collect();
    let v = check(
        &p,
        &call(utc(2026, 3, 2, 5, 0), Outcome::Conversation),
        &convs,
        &acct,
    );
    assert_eq!(v.violated_ids(), ["cn.gbt45251.effective_conversations"]);
    assert_eq!(
        v.violations[0].message,
        "4th effective conversation with this person on 2026-03-02 (`Asia/Shanghai`); limit is 3"
    );
    // An unanswered dial is not a conversation.
    assert!(check(
        &p,
        &call(utc(2026, 3, 2, 5, 0), Outcome::NoAnswer),
        &convs,
        &acct
    )
    .passes());
    // Next day (Beijing) resets: 16:00 UTC = 00:00 Beijing is in the blackout, 00:00 UTC = 08:00.
    assert!(check(
        &p,
        &call(utc(2026, 3, 3, 0, 0), Outcome::Conversation),
        &convs,
        &acct
    )
    .passes());
    let dials: Vec<Attempt> = (0..6)
        .map(|i| call(utc(2026, 3, 2, 2, i), Outcome::NoAnswer))
        .collect();
    let v = check(
        &p,
        &call(utc(2026, 3, 2, 3, 0), Outcome::NoAnswer),
        &dials,
        &acct,
    );
    assert_eq!(v.violated_ids(), ["cn.cba2026.unanswered_dials"]);
    assert_eq!(
        v.violations[0].message,
        "7th unanswered dial to number `m` on 2026-03-02 (`Asia/Shanghai`); limit is 6"
    );
    let mut other = call(utc(2026, 3, 2, 3, 0), Outcome::NoAnswer);
    other.point = "m2".into();
    assert!(check(&p, &other, &dials, &acct).passes());
    let req = ContactRequest {
        party: "d".into(),
        channel: Channel::Call,
        point: "m".into(),
        debts: vec![],
        purpose: Purpose::Collection,
    };
    let n = ContactChecker::new(&p)
        .next_permitted(&req, utc(2026, 3, 2, 3, 0), &convs, &acct)
        .expect("ok");
    assert!(
        matches!(n, NextPermitted::At { at, .. } if at == utc(2026, 3, 3, 0, 0)),
        "{n:?}"
    );
}
