//! The library bug the auditor stage (10) found, fixed, pinned as a minimal
//! repro; and the shrinker that found it (`ORACLE_MINIMIZE=seed`).

use arrears::compliance::contact::DebtId;
use arrears::compliance::contact::{
    Account, AccountBook, Attempt, Auditor, Channel, ContactChecker, ContactPoint, ContactPolicy,
    Event, Outcome, Party, PointKind, Role, Tally, Verdict, Zone,
};
use chrono::{TimeZone, Utc};

/// A debtor located in Chicago and in Shanghai (`Account::locations`), with
/// a mobile `m` of no zone of its own.
fn chicago_and_shanghai() -> Account {
    Account {
        id: "A1".into(),
        parties: vec![Party {
            id: "d".into(),
            role: Role::Debtor,
        }],
        contact_points: vec![ContactPoint {
            id: "m".into(),
            kind: PointKind::Mobile,
            zones: vec![],
            owner: Some("d".into()),
        }],
        locations: vec![
            Zone::new("America/Chicago").unwrap(),
            Zone::new("Asia/Shanghai").unwrap(),
        ],
        ..Account::default()
    }
}

/// The auditor missed a Reg F prong-A finding that rests on the
/// cross-zone dates (RULES.md §10 gap 12): `us`, debtor in Chicago and
/// Shanghai, seven unanswered calls about D1, the first at 03:04 UTC
/// 2026-10-19 (22:04 on 10-18 in Chicago, 11:04 on 10-19 in Shanghai), the
/// others on 10-21..10-25 at 14:00 UTC; an eighth at 01:00 UTC 10-26
/// (20:00 on 10-25 in Chicago). `check` finds `us.reg_f.call_frequency`
/// ("8th call to this person about debt `D1` within
/// 2026-10-19..2026-10-25; limit is 7"); the auditor, by every path
/// (`push`, `tally`, `push_event`, `tally_event`, `tally_events`), found
/// nothing: its screen counted each call on its day in the zone at hand
/// only. In longer logs (stage 10) `push` could agree while `tally_event`
/// counted fewer `call_frequency` findings than `check` returns. Found by
/// stage 10 (log seed 10000192, shrunk); fixed 2026-11-28.
#[test]
fn auditor_counts_cross_zone_reg_f_call() {
    let checker = ContactChecker::new(&ContactPolicy::us());
    let accounts = vec![chicago_and_shanghai()];
    let mut book = AccountBook::new(&checker, &accounts).unwrap();
    let d1 = book.debt("D1").unwrap();
    let call = |t| Event::new(t, 0, 0, 0, &[d1], Channel::Call, Outcome::NoAnswer).unwrap();
    let mut events = vec![call(Utc.with_ymd_and_hms(2026, 10, 19, 3, 4, 0).unwrap())];
    for d in 21..=25 {
        events.push(call(Utc.with_ymd_and_hms(2026, 10, d, 14, 0, 0).unwrap()));
    }
    events.push(call(Utc.with_ymd_and_hms(2026, 10, 25, 16, 0, 0).unwrap()));
    events.push(call(Utc.with_ymd_and_hms(2026, 10, 26, 1, 0, 0).unwrap()));
    let n = events.len() - 1;
    let history: Vec<Attempt> = events[..n]
        .iter()
        .map(|e| e.to_attempt(&book).unwrap().0)
        .collect();
    let (last, acc) = events[n].to_attempt(&book).unwrap();
    let v = checker.check(&last, &history, acc).unwrap();
    let mut a = Auditor::new(&checker);
    let t: Vec<Tally> = events
        .iter()
        .map(|e| a.tally_event(e, &book).unwrap())
        .collect();
    let mut p = Auditor::new(&checker);
    let pv: Vec<Verdict> = events
        .iter()
        .map(|e| p.push_event(e, &book).unwrap())
        .collect();
    let mut b = Auditor::new(&checker);
    let bt: Vec<Tally> = b.tally_events(&events, &book).map(|t| t.unwrap()).collect();
    let mut q = Auditor::new(&checker);
    let mut ta = Auditor::new(&checker);
    let mut qv = Vec::new();
    let mut tv = Vec::new();
    for e in &events {
        let (x, acc) = e.to_attempt(&book).unwrap();
        qv.push(q.push(&x, acc).unwrap());
        tv.push(ta.tally(&x, acc).unwrap());
    }
    eprintln!(
        "check {:?}; push {:?}; tally {:?}; push_event {:?}; tally_event {:?}; tally_events {:?}",
        v.violated_ids(),
        qv[n].violated_ids(),
        tv[n],
        pv[n].violated_ids(),
        t[n],
        bt[n]
    );
    assert_eq!(v.violated_ids(), ["us.reg_f.call_frequency"]);
    assert_eq!(qv[n], v);
    assert_eq!(tv[n], Tally::of(&v));
    assert_eq!(pv[n], v);
    assert_eq!(t[n], Tally::of(&v));
    assert_eq!(bt[n], Tally::of(&v));
}

/// Whether keyed `tally_event` disagrees with `check` on the last of
/// `events` (all of account 0 of `accounts`).
fn tally_differs(policy: &ContactPolicy, acc: &Account, events: &[Attempt]) -> bool {
    let checker = ContactChecker::new(policy);
    let accounts = vec![acc.clone()];
    let mut book = AccountBook::new(&checker, &accounts).expect("book");
    let mut a = Auditor::new(&checker);
    let mut last = None;
    for (k, e) in events.iter().enumerate() {
        let debts: Vec<DebtId> = e.debts.iter().map(|d| book.debt(d).unwrap()).collect();
        let ev = super::stream::event_of(e, acc, 0, &debts);
        let t = a.tally_event(&ev, &book);
        if k + 1 == events.len() {
            last = Some(t);
        }
    }
    let want = checker.check(events.last().unwrap(), &events[..events.len() - 1], acc);
    if std::env::var("ORACLE_MINIMIZE_SHOW").is_ok() {
        eprintln!("  tally_event {last:?}");
    }
    match (last, want) {
        (Some(Ok(t)), Ok(v)) => t != Tally::of(&v),
        _ => false,
    }
}

/// Shrinks a log whose keyed tally disagrees to a small repro: one
/// account, the events before the first disagreeing one dropped while it
/// still disagrees, then the zones and flags.
pub fn minimize(seed: u64) {
    let l = super::stream::gen_log(seed);
    for i in 0..l.accounts.len() {
        let mut acc = l.accounts[i].clone();
        let mine: Vec<Attempt> = l
            .events
            .iter()
            .filter(|(j, _)| *j == i)
            .map(|(_, a)| a.clone())
            .collect();
        let Some(end) = (1..=mine.len()).find(|&n| tally_differs(&l.policy, &acc, &mine[..n]))
        else {
            continue;
        };
        let mut ev: Vec<Attempt> = mine[..end].to_vec();
        let mut k = 0;
        while k + 1 < ev.len() {
            let mut t = ev.clone();
            t.remove(k);
            if tally_differs(&l.policy, &acc, &t) {
                ev = t;
            } else {
                k += 1;
            }
        }
        let mut k = 0;
        while k < acc.flags.len() {
            let mut t = acc.clone();
            t.flags.remove(k);
            if tally_differs(&l.policy, &t, &ev) {
                acc = t;
            } else {
                k += 1;
            }
        }
        acc.locations.retain(|_| true);
        for p in 0..acc.contact_points.len() {
            let mut z = 0;
            while z < acc.contact_points[p].zones.len() {
                let mut t = acc.clone();
                t.contact_points[p].zones.remove(z);
                if tally_differs(&l.policy, &t, &ev) {
                    acc = t;
                } else {
                    z += 1;
                }
            }
        }
        let mut z = 0;
        while z < acc.locations.len() {
            let mut t = acc.clone();
            t.locations.remove(z);
            if tally_differs(&l.policy, &t, &ev) {
                acc = t;
            } else {
                z += 1;
            }
        }
        eprintln!("minimal (account {i}): {acc:?}");
        let checker = ContactChecker::new(&l.policy);
        for e in &ev {
            eprintln!(
                "  {} {:?} {:?} {} {} {:?} {:?}",
                e.at, e.channel, e.initiator, e.party, e.point, e.debts, e.outcome
            );
        }
        std::env::set_var("ORACLE_MINIMIZE_SHOW", "1");
        tally_differs(&l.policy, &acc, &ev);
        std::env::remove_var("ORACLE_MINIMIZE_SHOW");
        let v = checker
            .check(ev.last().unwrap(), &ev[..ev.len() - 1], &acc)
            .unwrap();
        for f in &v.violations {
            eprintln!("  check: {} {}", f.rule.id, f.message);
        }
    }
}
