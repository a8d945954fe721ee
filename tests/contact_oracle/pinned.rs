//! Minimal repros of disagreements where the model was judged right (both
//! since fixed in the library), and a predicate naming such cases for the
//! statistics.

use arrears::compliance::contact::{
    Account, Channel, ConsentKind, ContactChecker, ContactPoint, ContactPolicy, ContactRequest,
    Flag, FlagKind, NextPermitted, Party, PointKind, Purpose, Role, Zone,
};
use chrono::{TimeZone, Utc};

use super::gen::Case;

/// Whether a generated case has a consent to other times starting after
/// `after`, which `next_permitted` ignored until this oracle found it
/// (`consent_starting_later_lifts_window_in_next_permitted`).
pub fn consent_starts_later(c: &Case) -> bool {
    c.account.flags.iter().any(|f| {
        matches!(
            f.kind,
            FlagKind::Consent {
                kind: ConsentKind::OtherTimes,
                ..
            }
        ) && f.from > c.after
    })
}

fn debtor_account(zone: &str) -> Account {
    Account {
        id: "A1".into(),
        parties: vec![Party {
            id: "d".into(),
            role: Role::Debtor,
        }],
        contact_points: vec![ContactPoint {
            id: "m".into(),
            kind: PointKind::Mobile,
            zones: vec![Zone::new(zone).unwrap()],
            owner: Some("d".into()),
        }],
        ..Account::default()
    }
}

/// A consent to other times that starts after `after`: `check` passes at
/// its start, so `next_permitted` must answer that minute.
#[test]
fn consent_starting_later_lifts_window_in_next_permitted() {
    let mut acc = debtor_account("Europe/London");
    let from = Utc.with_ymd_and_hms(2026, 4, 3, 0, 30, 0).unwrap(); // 01:30 BST
    acc.flags.push(Flag::new(
        FlagKind::Consent {
            kind: ConsentKind::OtherTimes,
            party: "d".into(),
            debt: None,
        },
        from,
    ));
    let checker = ContactChecker::new(&ContactPolicy::us());
    let req = ContactRequest {
        party: "d".into(),
        channel: Channel::Sms,
        point: "m".into(),
        debts: vec!["D1".into()],
        purpose: Purpose::Collection,
    };
    let after = Utc.with_ymd_and_hms(2026, 4, 2, 21, 30, 0).unwrap(); // 22:30 BST
    let v = checker.check(&req.at(from), &[], &acc).unwrap();
    eprintln!("check at consent start: {:?}", v.violated_ids());
    let n = checker.next_permitted(&req, after, &[], &acc).unwrap();
    eprintln!("next: {n:?}");
    assert!(v.passes());
    assert!(
        matches!(n, NextPermitted::At { at, .. } if at == from),
        "{n:?}"
    );
}

/// CN account with three emergency contacts (`u`, `v`, `t`, mobiles `up`,
/// `vp`, `tp`, no zones), the debtor recorded unreachable.
fn cn_contacts() -> Account {
    let mut acc = debtor_account("Asia/Shanghai");
    for id in ["t", "u", "v"] {
        acc.parties.push(Party {
            id: id.into(),
            role: Role::EmergencyContact,
        });
        acc.contact_points.push(ContactPoint {
            id: format!("{id}p"),
            kind: PointKind::Mobile,
            zones: vec![],
            owner: Some(id.into()),
        });
    }
    let t0 = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
    acc.flags.push(Flag::new(FlagKind::Unreachable, t0));
    acc
}

/// A phone-book blast ages out: two texts to contacts at 10:00 and 11:00
/// Beijing, a third contact asked at 12:00 is blocked (three distinct
/// contacts in 24 hours), but the next day at 10:00 the first text is 24
/// hours old and `check` passes; `next_permitted` answered `Never`.
#[test]
fn phonebook_blast_ages_out_in_next_permitted() {
    let acc = cn_contacts();
    let at = |d, h| Utc.with_ymd_and_hms(2026, 3, d, h, 0, 0).unwrap();
    let sms = |t, party: &str| {
        let mut a = arrears::compliance::contact::Attempt::new(
            t,
            Channel::Sms,
            party,
            &format!("{party}p"),
            &["D1"],
            arrears::compliance::contact::Outcome::Delivered,
        );
        a.purpose = Purpose::LocationInformation;
        a
    };
    let history = vec![sms(at(2, 2), "u"), sms(at(2, 3), "v")];
    let req = ContactRequest {
        party: "t".into(),
        channel: Channel::Sms,
        point: "tp".into(),
        debts: vec!["D1".into()],
        purpose: Purpose::LocationInformation,
    };
    let checker = ContactChecker::new(&ContactPolicy::cn());
    let now = checker.check(&req.at(at(2, 4)), &history, &acc).unwrap();
    let later = checker.check(&req.at(at(3, 3)), &history, &acc).unwrap();
    let n = checker
        .next_permitted(&req, at(2, 4), &history, &acc)
        .unwrap();
    eprintln!(
        "now {:?}, next day 11:00 {:?}, next {n:?}",
        now.violated_ids(),
        later.violated_ids()
    );
    assert_eq!(now.violated_ids(), ["cn.phonebook_blast"]);
    assert!(later.passes());
    assert!(
        matches!(n, NextPermitted::At { at: t, .. } if t <= at(3, 3)),
        "{n:?}"
    );
}
