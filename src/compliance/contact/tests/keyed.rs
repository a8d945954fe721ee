//! Keyed events on dense logs (many calls a day, to few parties): the
//! counted Reg F path of `tally_event` and the inline/boxed slot moves give
//! what one-by-one `check` gives; the party-rule gate and the order check
//! of the keyed path at their edges.

use chrono::Duration;
use proptest::prelude::*;

use super::super::*;
use super::{account, utc};

type Raw = (u32, u8, u8, u8, u8, u8, bool);

fn outcome(i: u8) -> Outcome {
    match i % 7 {
        0 => Outcome::NotConnected,
        1 => Outcome::NoAnswer,
        2 => Outcome::Voicemail {
            limited_content: true,
        },
        3 => Outcome::Voicemail {
            limited_content: false,
        },
        4 | 5 => Outcome::Conversation,
        _ => Outcome::Delivered,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    #[test]
    fn dense_keyed_equals_check(
        raw in prop::collection::vec((0u32..4 * 1440, any::<u8>(), any::<u8>(), any::<u8>(), any::<u8>(), any::<u8>(), any::<bool>()), 0..90),
        pol in 0u8..3,
        spread in any::<bool>(),
        wide in any::<bool>(),
    ) {
        let base = utc(2026, 3, 6, 0, 0);
        let ck = ContactChecker::new(&match pol {
            0 => ContactPolicy::us(),
            1 => ContactPolicy::cn(),
            _ => ContactPolicy::uk(),
        });
        let accts = vec![
            account(&["America/New_York"], &[]),
            account(&["America/Phoenix"], &["America/New_York"]),
        ];
        let mut book = AccountBook::new(&ck, &accts).expect("book");
        let d = [book.debt("D1").expect("debt"), book.debt("D2").expect("debt"), book.debt("D3").expect("debt")];
        let mut raw: Vec<Raw> = raw;
        raw.sort_by_key(|r| r.0);
        let mut per: Vec<Vec<Attempt>> = vec![Vec::new(); accts.len()];
        let mut tally = Auditor::new(&ck);
        let mut push = Auditor::new(&ck);
        for (i, &(min, p, pt, ch, o, ds, inbound)) in raw.iter().enumerate() {
            let k = usize::from(spread && p % 2 == 1);
            let debts: &[DebtId] = match ds % 6 {
                0 | 1 => &d[..1],
                2 => &d[1..2],
                3 => &d[..2],
                4 => &[],
                _ => &d[2..],
            };
            let channel = if ch % 5 == 0 { Channel::Sms } else { Channel::Call };
            let at = base
                + Duration::minutes(i64::from(min) * if wide { 3 } else { 1 })
                + Duration::seconds(i64::from(min % 3));
            let mut e = Event::new(at, k as u32, p % 3, pt % 2, debts, channel, outcome(o)).expect("event");
            if inbound {
                e.initiator = Initiator::Party;
            }
            if ch % 7 == 1 {
                e.purpose = Purpose::LegallyRequiredNotice;
            }
            let (a, acct) = e.to_attempt(&book).expect("attempt");
            let one = ck.check(&a, &per[k], acct).expect("check");
            let t = tally.tally_event(&e, &book).expect("tally_event");
            prop_assert_eq!(Tally::of(&one), t, "tally of event {}", i);
            let v = push.push_event(&e, &book).expect("push_event");
            prop_assert_eq!(&one, &v, "event {}", i);
            per[k].push(a);
        }
    }
}

/// The quiet period after a conversation, at its edges, through the
/// counted Reg F path of `tally_event`: day 7 (the conversation date is
/// day 1) is still quiet, day 8 is not, whatever the hour (RULES.md §6.1
/// `us.reg_f.call_frequency` (B)).
#[test]
fn quiet_period_edges_keyed() {
    let ck = ContactChecker::new(&ContactPolicy::us());
    let accts = vec![account(&["America/New_York"], &[])];
    let mut book = AccountBook::new(&ck, &accts).expect("book");
    let d1 = book.debt("D1").expect("debt");
    // Conversation on Monday 2026-03-02, 10:00 New York (15:00 UTC).
    let conv = utc(2026, 3, 2, 15, 0);
    // (call time UTC, blocked by the quiet period?) — 13:00 UTC is 08:00 or
    // 09:00 New York (DST starts 2026-03-08), 00:30 UTC the evening before.
    let cases = [
        (utc(2026, 3, 8, 13, 0), true),  // day 7, morning
        (utc(2026, 3, 9, 0, 30), true),  // day 7, 20:30 New York
        (utc(2026, 3, 9, 13, 0), false), // day 8, 09:00 New York
        (utc(2026, 3, 3, 14, 0), true),  // day 2
    ];
    for (at, blocked) in cases {
        let mut tally = Auditor::new(&ck);
        let first =
            Event::new(conv, 0, 0, 0, &[d1], Channel::Call, Outcome::Conversation).expect("event");
        let t = tally.tally_event(&first, &book).expect("conversation");
        assert_eq!(t.violations, 0);
        let e = Event::new(at, 0, 0, 0, &[d1], Channel::Call, Outcome::NoAnswer).expect("event");
        let (a, acct) = e.to_attempt(&book).expect("attempt");
        let (c, _) = first.to_attempt(&book).expect("attempt");
        let one = ck.check(&a, &[c], acct).expect("check");
        assert_eq!(
            one.violated_ids().contains(&"us.reg_f.call_frequency"),
            blocked,
            "check at {at}"
        );
        assert_eq!(
            tally.tally_event(&e, &book).expect("tally"),
            Tally::of(&one),
            "tally at {at}"
        );
    }
}

/// Two debts whose quiet periods end a day apart: a conversation about
/// both on day 8 of the first and day 7 of the second breaks only the
/// second (the counted path sees both debts, as `check` does).
#[test]
fn quiet_periods_of_two_debts_keyed() {
    let ck = ContactChecker::new(&ContactPolicy::us());
    let accts = vec![account(&["America/New_York"], &[])];
    let mut book = AccountBook::new(&ck, &accts).expect("book");
    let d1 = book.debt("D1").expect("debt");
    let d2 = book.debt("D2").expect("debt");
    let log = [
        (utc(2026, 3, 2, 15, 0), vec![d1]),
        (utc(2026, 3, 3, 15, 0), vec![d2]),
        (utc(2026, 3, 9, 13, 0), vec![d1, d2]),
    ];
    let mut tally = Auditor::new(&ck);
    let mut h = Vec::new();
    for (at, debts) in log {
        let e =
            Event::new(at, 0, 0, 0, &debts, Channel::Call, Outcome::Conversation).expect("event");
        let (a, acct) = e.to_attempt(&book).expect("attempt");
        let one = ck.check(&a, &h, acct).expect("check");
        assert_eq!(
            tally.tally_event(&e, &book).expect("tally"),
            Tally::of(&one),
            "at {at}"
        );
        h.push(a);
        if at == utc(2026, 3, 9, 13, 0) {
            let msgs: Vec<&str> = one.violations.iter().map(|f| f.message.as_str()).collect();
            assert_eq!(msgs.len(), 1, "{msgs:?}");
            assert!(msgs[0].contains("`D2`"), "{msgs:?}");
        }
    }
}

/// A spouse is a third party under the China rules: a keyed call to one
/// leaves the common path (the party-rule gate) and gives what `check`
/// gives, the contacts rule included.
#[test]
fn cn_spouse_call_keyed() {
    let ck = ContactChecker::new(&ContactPolicy::cn());
    let mut acct = account(&[], &[]);
    acct.parties.push(Party {
        id: "sp".into(),
        role: Role::Spouse,
    });
    let sp = u8::try_from(acct.parties.len() - 1).expect("index");
    let accts = vec![acct];
    let mut book = AccountBook::new(&ck, &accts).expect("book");
    let d1 = book.debt("D1").expect("debt");
    // 10:00 in Shanghai, inside the contact window; the debtor is reachable.
    let e = Event::new(
        utc(2026, 3, 2, 2, 0),
        0,
        sp,
        0,
        &[d1],
        Channel::Call,
        Outcome::Conversation,
    )
    .expect("event");
    let (a, acct) = e.to_attempt(&book).expect("attempt");
    let one = ck.check(&a, &[], acct).expect("check");
    assert!(
        one.violated_ids().contains(&"cn.contacts.when"),
        "{:?}",
        one.violated_ids()
    );
    assert_eq!(Auditor::new(&ck).push_event(&e, &book).expect("push"), one);
    assert_eq!(
        Auditor::new(&ck).tally_event(&e, &book).expect("tally"),
        Tally::of(&one)
    );
}

/// The streaming order check to the nanosecond, on keyed events and
/// attempts alike: the same instant may repeat, one nanosecond earlier may
/// not, and the error names the field and the value.
#[test]
fn keyed_order_check_to_the_nanosecond() {
    let ck = ContactChecker::new(&ContactPolicy::us());
    let accts = vec![account(&["America/New_York"], &[])];
    let mut book = AccountBook::new(&ck, &accts).expect("book");
    let d1 = book.debt("D1").expect("debt");
    let t = utc(2026, 3, 2, 15, 0) + Duration::nanoseconds(500);
    let ev = |at| Event::new(at, 0, 0, 0, &[d1], Channel::Call, Outcome::NoAnswer).expect("event");
    let mut au = Auditor::new(&ck);
    au.tally_event(&ev(t), &book).expect("first");
    au.push_event(&ev(t), &book).expect("same instant");
    let e = au
        .tally_event(&ev(t - Duration::nanoseconds(1)), &book)
        .expect_err("a nanosecond earlier");
    assert!(
        e.to_string()
            .starts_with("invalid `attempt.at` value `2026-03-02 15:00:00.000000499 UTC`"),
        "{e}"
    );
    // The attempt API shares the watermark.
    let (a, acct) = ev(t - Duration::nanoseconds(1))
        .to_attempt(&book)
        .expect("attempt");
    assert!(au.push(&a, acct).is_err());
    let (a, acct) = ev(t).to_attempt(&book).expect("attempt");
    au.push(&a, acct).expect("same instant again");
}
