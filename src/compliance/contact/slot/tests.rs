//! Slot layout and inline/boxed round trips.

use super::*;
use crate::compliance::contact::compact::Parts;
use crate::compliance::contact::model::{Attempt, Channel, Initiator, Outcome, Purpose};
use chrono::{TimeZone, Utc};

#[test]
fn three_quarters_of_a_cache_line() {
    assert_eq!(std::mem::size_of::<Rec>(), 16);
    assert_eq!(std::mem::size_of::<Packed>(), 6);
    assert_eq!(std::mem::size_of::<Slot>(), 48);
    assert_eq!(std::mem::size_of::<Option<Hot>>(), 12);
}

fn push(h: &mut Held, secs: i64, party: u32, point: u32, debts: &[u32]) {
    let refs: Vec<&u32> = debts.iter().collect();
    let at = Utc.timestamp_opt(1_780_000_000 + secs, 0).unwrap();
    h.acct().record(
        &Parts {
            at: (at.timestamp(), 0),
            party: &party,
            point: &(POINT | point),
            debts: &refs,
            channel: Channel::Call,
            initiator: Initiator::Collector,
            purpose: Purpose::Collection,
            outcome: Outcome::NoAnswer,
        },
        || Attempt::new(at, Channel::Call, "", "", &[], Outcome::NoAnswer),
        |s| s.to_string(),
        |s| s.to_string(),
    );
}

const CHANNELS: [Channel; 7] = [
    Channel::Call,
    Channel::Sms,
    Channel::Email,
    Channel::Letter,
    Channel::Visit,
    Channel::Im,
    Channel::Voicemail,
];

const PURPOSES: [Purpose; 8] = [
    Purpose::Collection,
    Purpose::LocationInformation,
    Purpose::PassMessage,
    Purpose::ReplyToDebtor,
    Purpose::LegallyRequiredNotice,
    Purpose::CeaseTermination,
    Purpose::RemedyNotice,
    Purpose::OptOutConfirmation,
];

#[test]
fn packed_records_round_trip() {
    for (i, (&channel, &purpose)) in CHANNELS.iter().cycle().zip(&PURPOSES).enumerate() {
        for outcome in 0..8u8 {
            for first in [0, 1, NOT_MULTI] {
                let r = Rec {
                    rel: u32::MAX - outcome as u32,
                    nanos: 0,
                    mask: outcome % 4,
                    first,
                    party: (i * 37) as u8,
                    point: 255 - outcome,
                    channel,
                    initiator: if outcome % 2 == 0 {
                        Initiator::Collector
                    } else {
                        Initiator::Party
                    },
                    purpose,
                    outcome,
                };
                let back = unpack(pack(&r).expect("fits"), r.party, r.point);
                assert_eq!(format!("{back:?}"), format!("{r:?}"));
            }
        }
    }
    let sub = Rec {
        nanos: 1,
        ..Rec::default()
    };
    assert!(pack(&sub).is_none());
}

#[test]
fn inline_and_boxed_round_trip() {
    let name = |s: &u32| s.to_string();
    let mut t = Slots::default();
    t.grow(2);
    let idle = |t: &Slots, cut: i64| t[1].idle(cut, |k| t.big.get(k)?.as_deref());
    let mut h = t.take(1);
    push(&mut h, 0, 0, 1, &[7]);
    push(&mut h, 10, 0, 1, &[9, 7]);
    let want = h.acct().decode_all(&name, &name);
    t.put(1, h);
    assert!(!t[1].boxed());
    assert_eq!(t.held(), 2);
    assert!(idle(&t, 1_780_000_011) && !idle(&t, 1_780_000_010));
    let mut h = t.take(1);
    assert_eq!(h.acct().decode_all(&name, &name), want);
    // A third record and a second party: boxed.
    push(&mut h, 20, 2, 1, &[7]);
    let want = h.acct().decode_all(&name, &name);
    t.put(1, h);
    assert!(t[1].boxed());
    assert_eq!(t.held(), 3);
    assert_eq!(t.active(), 1);
    assert!(idle(&t, 1_780_000_021) && !idle(&t, 1_780_000_020));
    let mut h = t.take(1);
    assert_eq!(h.acct().decode_all(&name, &name), want);
    t.put(1, h);
    // Five records of one party: boxed (four fit inline).
    let mut h = t.take(0);
    for i in 0..5 {
        push(&mut h, 30 + i, 0, 1, &[7]);
    }
    t.put(0, h);
    assert!(t[0].boxed());
    assert_eq!((t.held(), t.big.iter().flatten().count()), (8, 2));
    // Evicted down to nothing: inline again, the box freed.
    let mut h = t.take(1);
    h.acct().evict((1_780_000_100, 0));
    t.put(1, h);
    assert!(!t[1].boxed());
    assert_eq!(t.held(), 5);
    assert_eq!(t.big.iter().flatten().count(), 1);
    // A sweep clears the idle box.
    t.sweep(1_780_000_035);
    assert_eq!(t.held(), 0);
    assert_eq!(t.big.iter().flatten().count(), 0);
    assert_eq!(t.free.len(), 2);
}
