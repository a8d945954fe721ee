//! Slot layout and inline/boxed round trips.

use super::*;
use crate::compliance::contact::compact::Parts;
use crate::compliance::contact::model::{Attempt, Channel, Initiator, Outcome, Purpose};
use chrono::{TimeZone, Utc};

#[test]
fn one_cache_line() {
    assert_eq!(std::mem::size_of::<Rec>(), 16);
    assert_eq!(std::mem::size_of::<Slot>(), 64);
    assert_eq!(std::mem::align_of::<Slot>(), 64);
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
                let back = unpack(pack(&r).expect("fits"));
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
    let mut s = Slot::default();
    let mut h = s.take();
    push(&mut h, 0, 0, 1, &[7]);
    push(&mut h, 10, 0, 1, &[9, 7]);
    let want = h.acct().decode_all(&name, &name);
    s.put(h);
    assert!(s.big.is_none());
    assert_eq!(s.len(), 2);
    assert!(s.idle(1_780_000_011) && !s.idle(1_780_000_010));
    let mut h = s.take();
    assert_eq!(h.acct().decode_all(&name, &name), want);
    // A third record and a second party: boxed.
    push(&mut h, 20, 2, 1, &[7]);
    s.put(h);
    assert!(s.big.is_some());
    assert_eq!(s.len(), 3);
    assert!(s.idle(1_780_000_021) && !s.idle(1_780_000_020));
    // Evicted down to nothing: inline again.
    let mut h = s.take();
    h.acct().evict((1_780_000_100, 0));
    s.put(h);
    assert!(s.big.is_none());
    assert_eq!(s.len(), 0);
}
