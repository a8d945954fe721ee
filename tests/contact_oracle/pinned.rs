//! Minimal repros of disagreements where the model was judged right (the
//! library has since been fixed), and a predicate naming such cases for
//! the statistics.

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
