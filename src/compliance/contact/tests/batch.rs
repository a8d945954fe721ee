//! `tally_events` and `push_events` (blocks whose slots are read ahead)
//! against one `tally_event` / `push_event` call per event: the same
//! tallies, verdicts and errors, and the same auditor state, on random
//! logs over many accounts, with events out of order, unknown indexes, and
//! iterators dropped part way.

use chrono::Duration;
use proptest::prelude::*;

use super::super::book::DebtId;
use super::super::*;
use super::props::{outcome, policy};
use super::{account, utc};

/// (minutes after the previous event, or before it if `back`; account;
/// party; point; channel; outcome; debts; inbound; back).
type Raw = (u16, u8, u8, u8, u8, u8, u8, bool, bool);

/// Accounts of the random logs: a few zone layouts, repeated.
const ACCOUNTS: usize = 40;

fn accounts() -> Vec<Account> {
    let layouts: [(&[&str], &[&str]); 4] = [
        (&["America/New_York"], &[]),
        (&["America/Phoenix"], &["America/New_York"]),
        (&["America/Chicago", "America/Los_Angeles"], &[]),
        (&[], &["Pacific/Honolulu"]),
    ];
    (0..ACCOUNTS)
        .map(|i| {
            let (loc, pz) = layouts[i % layouts.len()];
            let mut a = account(loc, pz);
            a.id = format!("A{i}");
            a
        })
        .collect()
}

fn events(book: &mut AccountBook<'_>, raw: &[Raw]) -> Vec<Event> {
    let d = [
        book.debt("D1").expect("debt"),
        book.debt("D2").expect("debt"),
        book.debt("D3").expect("debt"),
    ];
    let unknown = DebtId(99);
    let mut at = utc(2026, 3, 6, 0, 0);
    raw.iter()
        .map(|&(min, acct, party, point, ch, o, ds, inbound, back)| {
            let step = Duration::minutes(i64::from(min % 720));
            at = if back && min % 4 == 0 {
                at - step
            } else {
                at + step
            };
            // Mostly a few busy accounts (several events per block), some
            // past the book's end.
            let account = match acct % 8 {
                0..=4 => u32::from(acct % 6),
                5 | 6 => u32::from(acct) % ACCOUNTS as u32,
                _ => ACCOUNTS as u32 + u32::from(acct % 3) * u32::from(ch % 2),
            };
            let debts: &[DebtId] = match ds % 7 {
                0 | 1 => &d[..1],
                2 => &d[1..2],
                3 => &d[..2],
                4 => &[],
                5 => &d[2..],
                _ if ds % 5 == 0 => std::slice::from_ref(&unknown),
                _ => &d[..1],
            };
            let channel = match ch % 6 {
                0 => Channel::Sms,
                1 => Channel::Email,
                _ => Channel::Call,
            };
            let mut e = Event::new(
                at,
                account,
                party % 8,
                point % 6,
                debts,
                channel,
                outcome(o),
            )
            .expect("event");
            if inbound {
                e.initiator = Initiator::Party;
            }
            if ch % 11 == 3 {
                e.purpose = Purpose::LegallyRequiredNotice;
            }
            e
        })
        .collect()
}

fn raw_strategy() -> impl Strategy<Value = Vec<Raw>> {
    prop::collection::vec(
        (
            0u16..240,
            any::<u8>(),
            any::<u8>(),
            any::<u8>(),
            any::<u8>(),
            any::<u8>(),
            any::<u8>(),
            any::<bool>(),
            any::<bool>(),
        ),
        0..160,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn tally_events_equals_one_by_one(raw in raw_strategy(), pol in any::<u8>(), cuts in prop::collection::vec((0usize..40, 0usize..40), 0..6)) {
        let ck = ContactChecker::new(&policy(pol));
        let accts = accounts();
        let mut book = AccountBook::new(&ck, &accts).expect("book");
        let evs = events(&mut book, &raw);
        let mut one = Auditor::new(&ck);
        let want: Vec<Result<Tally, crate::Error>> = evs.iter().map(|e| one.tally_event(e, &book)).collect();
        // Whole slice at once.
        let mut all = Auditor::new(&ck);
        let got: Vec<_> = all.tally_events(&evs, &book).collect();
        prop_assert_eq!(&got, &want);
        prop_assert_eq!(all.stats(), one.stats());
        // In pieces, each iterator dropped after `take` items and the rest
        // of its piece run one by one.
        let mut parts = Auditor::new(&ck);
        let mut got = Vec::new();
        let mut rest = &evs[..];
        let mut cuts = cuts.into_iter();
        while !rest.is_empty() {
            let (len, take) = cuts.next().unwrap_or((rest.len(), rest.len()));
            let (piece, tail) = rest.split_at(len.min(rest.len()));
            got.extend(parts.tally_events(piece, &book).take(take));
            for e in piece.iter().skip(take) {
                got.push(parts.tally_event(e, &book));
            }
            rest = tail;
        }
        prop_assert_eq!(&got, &want);
        prop_assert_eq!(parts.stats(), one.stats());
        prop_assert_eq!(parts.held_attempts(), one.held_attempts());
    }

    #[test]
    fn push_events_equals_one_by_one(raw in raw_strategy(), pol in any::<u8>(), take in 0usize..200) {
        let ck = ContactChecker::new(&policy(pol));
        let accts = accounts();
        let mut book = AccountBook::new(&ck, &accts).expect("book");
        let evs = events(&mut book, &raw);
        let mut one = Auditor::new(&ck);
        let want: Vec<Result<Verdict, crate::Error>> = evs.iter().map(|e| one.push_event(e, &book)).collect();
        let mut batch = Auditor::new(&ck);
        let it = batch.push_events(&evs, &book);
        prop_assert_eq!(it.len(), evs.len());
        let mut got: Vec<_> = it.take(take).collect();
        for e in evs.iter().skip(take) {
            got.push(batch.push_event(e, &book));
        }
        prop_assert_eq!(&got, &want);
        prop_assert_eq!(batch.stats(), one.stats());
    }
}

/// A log longer than a block, on one account and on many: the tallies of
/// the batch are those of one call per event, and a log with errors in it
/// keeps going past them.
#[test]
fn batch_over_blocks_with_errors() {
    let ck = ContactChecker::new(&ContactPolicy::us());
    let accts = accounts();
    let mut book = AccountBook::new(&ck, &accts).expect("book");
    let d1 = book.debt("D1").expect("debt");
    let start = utc(2026, 3, 2, 15, 0);
    let mut evs: Vec<Event> = (0..100u32)
        .map(|i| {
            let at = start + Duration::minutes(i64::from(i) * 97);
            Event::new(at, i % 3, 0, 0, &[d1], Channel::Call, Outcome::NoAnswer).expect("event")
        })
        .collect();
    // An unknown account, an unknown party, and one out of order.
    evs[17].account = 1_000;
    evs[40].party = 200;
    evs[63].at = start;
    let mut one = Auditor::new(&ck);
    let want: Vec<_> = evs.iter().map(|e| one.tally_event(e, &book)).collect();
    let mut batch = Auditor::new(&ck);
    let got: Vec<_> = batch.tally_events(&evs, &book).collect();
    assert_eq!(got, want);
    assert_eq!(got.iter().filter(|r| r.is_err()).count(), 3);
    assert!(got[17]
        .as_ref()
        .is_err_and(|e| e.to_string().contains("event.account")));
    assert!(got.iter().flatten().any(|t| !t.passes()));
    assert_eq!(batch.stats(), one.stats());
}
