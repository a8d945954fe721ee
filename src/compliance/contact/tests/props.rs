//! Properties: streaming = one-by-one `check`; `next_permitted` returns a
//! passing minute and no earlier minute passes; nothing panics.

use chrono::{DateTime, Duration, Utc};
use proptest::prelude::*;

use super::super::*;
use super::{account, utc};

const PARTIES: [&str; 5] = ["d", "g", "e", "f1", "att"];
const POINTS: [&str; 3] = ["m", "m2", "work"];
const CHANNELS: [Channel; 7] = [
    Channel::Call,
    Channel::Call,
    Channel::Sms,
    Channel::Email,
    Channel::Im,
    Channel::Voicemail,
    Channel::Visit,
];
const PURPOSES: [Purpose; 4] = [
    Purpose::Collection,
    Purpose::Collection,
    Purpose::LocationInformation,
    Purpose::ReplyToDebtor,
];

/// An outcome of every kind, from a random byte (shared with `batch`).
pub(super) fn outcome(i: u8) -> Outcome {
    match i % 6 {
        0 => Outcome::NotConnected,
        1 => Outcome::NoAnswer,
        2 => Outcome::Voicemail {
            limited_content: true,
        },
        3 | 4 => Outcome::Conversation,
        _ => Outcome::Delivered,
    }
}

type Raw = (u32, u8, u8, u8, u8, u8, u8, bool);

fn attempts(base: DateTime<Utc>, raw: &[Raw]) -> Vec<Attempt> {
    let mut v: Vec<Attempt> = raw
        .iter()
        .map(|&(min, p, pt, ch, pu, o, d, inbound)| {
            let debts: &[&str] = match d % 3 {
                0 => &["D1"],
                1 => &["D2"],
                _ => &["D1", "D2"],
            };
            let mut a = Attempt::new(
                base + Duration::minutes(i64::from(min)),
                CHANNELS[usize::from(ch) % CHANNELS.len()],
                PARTIES[usize::from(p) % PARTIES.len()],
                POINTS[usize::from(pt) % POINTS.len()],
                debts,
                outcome(o),
            );
            a.purpose = PURPOSES[usize::from(pu) % PURPOSES.len()];
            if inbound {
                a.initiator = Initiator::Party;
            }
            a
        })
        .collect();
    v.sort_by_key(|a| a.at);
    v
}

fn flags(sel: u16, base: DateTime<Utc>) -> Vec<Flag> {
    let all = [
        FlagKind::Consent {
            kind: ConsentKind::ExtraCalls,
            party: "d".into(),
            debt: None,
        },
        FlagKind::Unreachable,
        FlagKind::OptOut {
            channel: Some(Channel::Sms),
            point: None,
        },
        FlagKind::Refused { party: "e".into() },
        FlagKind::Misdirected { point: "m2".into() },
        FlagKind::Attorney {
            debt: Some("D2".into()),
        },
        FlagKind::Litigation {
            debt: Some("D1".into()),
        },
        FlagKind::PriorAbuse { party: "d".into() },
        FlagKind::AttorneyUnresponsive {
            debt: Some("D2".into()),
        },
        FlagKind::Consent {
            kind: ConsentKind::DirectContact,
            party: "att".into(),
            debt: None,
        },
    ];
    all.into_iter()
        .enumerate()
        .filter(|(i, _)| sel & (1 << i) != 0)
        .map(|(i, k)| Flag {
            kind: k,
            from: base + Duration::hours(30 * (i % 8) as i64),
            until: (i % 2 == 0).then(|| base + Duration::days(9)),
        })
        .collect()
}

/// One of the three presets, from a random byte (shared with `batch`).
pub(super) fn policy(i: u8) -> ContactPolicy {
    match i % 3 {
        0 => ContactPolicy::us(),
        1 => ContactPolicy::cn(),
        _ => ContactPolicy::uk(),
    }
}

fn raw_strategy(n: usize) -> impl Strategy<Value = Vec<Raw>> {
    prop::collection::vec(
        (
            0u32..20 * 1440,
            any::<u8>(),
            any::<u8>(),
            any::<u8>(),
            any::<u8>(),
            any::<u8>(),
            any::<u8>(),
            any::<bool>(),
        ),
        0..n,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    #[test]
    fn streaming_equals_check(raw in raw_strategy(80), sel in any::<u16>(), pol in any::<u8>(), multi in any::<bool>()) {
        let base = utc(2026, 3, 1, 0, 0);
        let log = attempts(base, &raw);
        let mut acct = if multi { account(&["America/Phoenix"], &["America/New_York"]) } else { account(&["America/New_York"], &[]) };
        acct.flags = flags(sel, base);
        let ck = ContactChecker::new(&policy(pol));
        let mut au = Auditor::new(&ck);
        let mut counted = Auditor::new(&ck);
        for (i, a) in log.iter().enumerate() {
            let one = ck.check(a, &log[..i], &acct).expect("check");
            let streamed = au.push(a, &acct).expect("push");
            let tally = counted.tally(a, &acct).expect("tally");
            prop_assert_eq!(Tally::of(&one), tally, "tally of attempt {}", i);
            prop_assert_eq!(one, streamed, "attempt {}", i);
        }
    }

    /// Several accounts interleaved, many debts (past the compact form's 32),
    /// and a checker with a generic counter: still identical to `check`.
    #[test]
    fn streaming_equals_check_many_accounts(raw in raw_strategy(120), debts in prop::collection::vec(0u8..40, 120), pol in any::<u8>(), counter in any::<bool>()) {
        let base = utc(2026, 10, 20, 0, 0);
        let mut log = attempts(base, &raw);
        for (a, d) in log.iter_mut().zip(debts.iter().cycle()) {
            if d % 5 != 0 {
                a.debts = vec![format!("D{d}")];
            }
        }
        let accts: Vec<Account> = (0..3)
            .map(|i| {
                let mut acct = if i == 1 { account(&["America/Phoenix"], &["America/New_York"]) } else { account(&["Europe/London"], &[]) };
                acct.id = format!("A{i}");
                acct
            })
            .collect();
        let mut p = policy(pol);
        if counter {
            let mut raw = p.raw().clone();
            raw.counters.push(Counter {
                rule: crate::rule::RuleRef::new("test.counter", "test", crate::rule::RuleStatus::Unverified),
                limit: 2,
                window_minutes: 180,
                scope: CounterScope::Party,
                channels: vec![],
                counts: CounterCounts::Attempts,
            });
            p = ContactPolicy::new(raw).expect("policy");
        }
        let ck = ContactChecker::new(&p);
        let mut au = Auditor::new(&ck);
        let mut counted = Auditor::new(&ck);
        let mut keyed = Auditor::new(&ck);
        let mut keyed_counted = Auditor::new(&ck);
        let mut book = AccountBook::new(&ck, &accts).expect("book");
        let key = |i: usize| (i * 7 + usize::from(raw[i % raw.len().max(1)].1)) % accts.len();
        let events: Vec<Event> = log
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let acct = &accts[key(i)];
                let ids: Vec<DebtId> = a.debts.iter().map(|d| book.debt(d).expect("debt")).collect();
                let party = acct.parties.iter().position(|p| p.id == a.party).expect("party");
                let point = acct.contact_points.iter().position(|p| p.id == a.point).expect("point");
                let mut e = Event::new(a.at, key(i) as u32, party as u8, point as u8, &ids, a.channel, a.outcome).expect("event");
                e.initiator = a.initiator;
                e.purpose = a.purpose;
                e.recorded = a.recorded;
                e
            })
            .collect();
        let mut per: Vec<Vec<Attempt>> = vec![Vec::new(); accts.len()];
        for (i, a) in log.iter().enumerate() {
            let k = key(i);
            let one = ck.check(a, &per[k], &accts[k]).expect("check");
            let streamed = au.push(a, &accts[k]).expect("push");
            let tally = counted.tally(a, &accts[k]).expect("tally");
            prop_assert_eq!(Tally::of(&one), tally, "tally of attempt {}", i);
            prop_assert_eq!(&one, &streamed, "attempt {}", i);
            let ev = keyed.push_event(&events[i], &book).expect("push_event");
            prop_assert_eq!(&one, &ev, "event {}", i);
            let t = keyed_counted.tally_event(&events[i], &book).expect("tally_event");
            prop_assert_eq!(Tally::of(&one), t, "tally of event {}", i);
            per[k].push(a.clone());
        }
    }

    #[test]
    fn next_permitted_is_earliest(raw in raw_strategy(40), sel in any::<u16>(), pol in any::<u8>(), after in 0u32..25 * 1440, who in 0usize..3, ch in 0usize..3) {
        let base = utc(2026, 3, 1, 0, 0);
        let log = attempts(base, &raw);
        let mut acct = account(&["America/New_York"], &[]);
        acct.flags = flags(sel & !0b1000, base);
        let ck = ContactChecker::new(&policy(pol));
        let req = ContactRequest {
            party: ["d", "g", "e"][who].into(),
            channel: [Channel::Call, Channel::Sms, Channel::Email][ch],
            point: "m".into(),
            // About D1, D2 (the attorney flag's debt) or every debt.
            debts: match after % 3 {
                0 => vec!["D1".into()],
                1 => vec!["D2".into()],
                _ => vec![],
            },
            purpose: if who == 2 { Purpose::LocationInformation } else { Purpose::Collection },
        };
        let after = base + Duration::minutes(i64::from(after)) + Duration::seconds(17);
        match ck.next_permitted(&req, after, &log, &acct).expect("next") {
            NextPermitted::At { at, .. } => {
                prop_assert!(at >= after && at - after < Duration::days(60));
                prop_assert!(ck.check(&req.at(at), &log, &acct).expect("check").passes());
                let mut t = at - Duration::minutes(1);
                let mut n = 0;
                while t >= after && n < 12_000 {
                    prop_assert!(!ck.check(&req.at(t), &log, &acct).expect("check").passes(), "earlier minute {} passes", t);
                    t -= Duration::minutes(1);
                    n += 1;
                }
            }
            NextPermitted::Never { .. } => {
                // No instant of the next 60 days passes (a spot check
                // every 13 minutes, from `after` on).
                let mut t = after;
                while t < after + Duration::days(60) {
                    prop_assert!(!ck.check(&req.at(t), &log, &acct).expect("check").passes(), "never, but {} passes", t);
                    t += Duration::minutes(13);
                }
            }
        }
    }

    #[test]
    fn nothing_panics(secs in any::<i64>(), raw in raw_strategy(10), sel in any::<u16>(), pol in any::<u8>(), party in "[a-z]{0,3}") {
        let at = DateTime::<Utc>::from_timestamp(secs % 8_000_000_000_000, 0).unwrap_or(DateTime::<Utc>::MIN_UTC);
        let base = at;
        let log = attempts(utc(2026, 3, 1, 0, 0), &raw);
        let mut acct = account(&[], &["Asia/Kolkata"]);
        acct.flags = flags(sel, base);
        let ck = ContactChecker::new(&policy(pol));
        let mut a = Attempt::new(at, Channel::Call, "d", "m", &["D1"], Outcome::Planned);
        if party.len() == 1 { a.party = party.clone(); }
        let _ = ck.check(&a, &log, &acct);
        let req = ContactRequest { party: "d".into(), channel: Channel::Call, point: "m".into(), debts: vec![], purpose: Purpose::Collection };
        let _ = ck.next_permitted(&req, at, &log, &acct);
        let mut au = Auditor::new(&ck);
        let _ = au.push(&a, &acct);
        let _ = au.push(&a, &acct);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, .. ProptestConfig::default() })]

    /// Keyed events sparse enough that an account's records mostly stay in
    /// its inline slot (the packed fast path), mostly one party and point,
    /// across a DST change: identical to `check`, verdicts and counts.
    #[test]
    fn keyed_inline_equals_check(raw in prop::collection::vec((0u32..12 * 1440, 0u8..16, any::<u8>(), any::<u8>(), any::<u8>(), any::<bool>(), 0u16..1000), 0..36), sel in any::<u16>(), pol in any::<u8>(), multi in any::<bool>()) {
        let base = utc(2026, 9, 20, 0, 0);
        let mut acct = if multi { account(&["America/Phoenix"], &["America/New_York"]) } else { account(&["America/New_York"], &[]) };
        if sel % 4 == 0 {
            acct.flags = flags(sel, base);
        }
        // Mostly the US preset (Reg F on the fast path), now and then another.
        let ck = ContactChecker::new(&if pol % 4 == 0 { policy(pol / 4) } else { ContactPolicy::us() });
        let mut book = AccountBook::new(&ck, std::slice::from_ref(&acct)).expect("book");
        let debt_sets: [&[&str]; 5] = [&["D1"], &["D2"], &["D1", "D2"], &["D3"], &["D2", "D1"]];
        // Gaps: a few minutes (rapid dials), up to twelve days, or past the
        // horizon (the account empties and comes back inline).
        let mut min = 0i64;
        let mut log: Vec<(Attempt, Event)> = raw
            .iter()
            .map(|&(gap, who, ch, o, d, inbound, ms)| {
                min += i64::from(match gap % 11 {
                    0 => 20 * 1440,
                    1 | 4 | 7 => gap % 10,
                    _ => gap,
                });
                // Mostly the debtor on the first point; now and then another.
                let (p, pt) = match who {
                    0 => (1, 0),
                    1 => (0, 1),
                    2 => (2, 2),
                    _ => (0, 0),
                };
                // Now and then a sub-second instant.
                let ms = if ms % 7 == 0 { i64::from(ms) } else { 0 };
                let at = base + Duration::minutes(min) + Duration::milliseconds(ms);
                let channel = if ch % 4 == 0 { CHANNELS[usize::from(ch) % CHANNELS.len()] } else { Channel::Call };
                let debts = debt_sets[usize::from(d) % debt_sets.len()];
                let mut a = Attempt::new(at, channel, PARTIES[p], POINTS[pt], debts, outcome(o));
                if d % 5 == 0 {
                    a.purpose = PURPOSES[usize::from(d / 8) % PURPOSES.len()];
                }
                a.recorded = d % 2 == 0;
                if inbound && ch % 3 == 0 {
                    a.initiator = Initiator::Party;
                }
                let ids: Vec<DebtId> = debts.iter().map(|x| book.debt(x).expect("debt")).collect();
                // The event names the point by its index in the account.
                let pi = acct.contact_points.iter().position(|c| c.id == POINTS[pt]).expect("point");
                let mut e = Event::new(at, 0, p as u8, pi as u8, &ids, a.channel, a.outcome).expect("event");
                e.initiator = a.initiator;
                e.purpose = a.purpose;
                e.recorded = a.recorded;
                (a, e)
            })
            .collect();
        log.sort_by_key(|(a, _)| a.at);
        let mut keyed = Auditor::new(&ck);
        let mut counted = Auditor::new(&ck);
        let mut history: Vec<Attempt> = Vec::new();
        for (i, (a, e)) in log.iter().enumerate() {
            let one = ck.check(a, &history, &acct).expect("check");
            let ev = keyed.push_event(e, &book).expect("push_event");
            prop_assert_eq!(&one, &ev, "event {}", i);
            let t = counted.tally_event(e, &book).expect("tally_event");
            prop_assert_eq!(Tally::of(&one), t, "tally of event {}", i);
            history.push(a.clone());
        }
    }
}
