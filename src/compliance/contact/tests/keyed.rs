//! Keyed events on dense logs (many calls a day, to few parties): the
//! counted Reg F path of `tally_event` and the inline/boxed slot moves give
//! what one-by-one `check` gives.

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
