//! Third parties (emergency contacts, family, employers) in the US, the UK
//! and China.

use chrono::Duration;

use super::super::*;
use super::{account, check, utc};

#[test]
fn third_parties_us() {
    let p = ContactPolicy::us();
    let acct = account(&["America/New_York"], &[]);
    let at = utc(2026, 3, 4, 15, 0);
    let mut loc = Attempt::new(at, Channel::Call, "e", "m2", &[], Outcome::Conversation);
    loc.purpose = Purpose::LocationInformation;
    assert!(check(&p, &loc, &[], &acct).passes());
    let mut collect = loc.clone();
    collect.purpose = Purpose::Collection;
    collect.discloses_debt = true;
    assert_eq!(
        check(&p, &collect, &[], &acct).violated_ids(),
        ["us.reg_f.1006_6d", "us.reg_f.1006_10b"]
    );
    let mut again = loc.clone();
    again.at = at + Duration::days(30);
    let v = check(&p, &again, std::slice::from_ref(&loc), &acct);
    assert_eq!(v.violated_ids(), ["us.reg_f.1006_10c"]);
    assert_eq!(
        v.violations[0].message,
        "second communication with this emergency contact; the first was at 2026-03-04 15:00 UTC"
    );
    again.repeat_reason = Some(RepeatReason::RequestedByParty);
    assert!(check(&p, &again, std::slice::from_ref(&loc), &acct).passes());
    // Guarantors are consumers, not third parties.
    let g = Attempt::new(at, Channel::Call, "g", "m2", &["D1"], Outcome::Conversation);
    assert!(check(&p, &g, &[], &acct).passes());
    // RULES.md §8.1 `us.reg_f.1006_10b` (1006.10(b)(6)): once the consumer is
    // known to be represented, even a first location call goes to the
    // attorney only.
    let mut represented = acct.clone();
    represented.flags.push(Flag::new(
        FlagKind::Attorney { debt: None },
        utc(2026, 3, 1, 12, 0),
    ));
    // RULES.md §8.1 `us.reg_f.1006_6d`: with the consumer's prior consent
    // given to the collector, a communication with that third party about
    // the debt is allowed.
    let mut consented = acct.clone();
    consented.flags.push(Flag::new(
        FlagKind::Consent {
            kind: ConsentKind::ThirdParty,
            party: "e".into(),
            debt: None,
        },
        utc(2026, 3, 1, 12, 0),
    ));
    assert!(check(&p, &collect, &[], &consented).passes());
    // Consent for another person does not count.
    let mut other = collect.clone();
    other.party = "f1".into();
    assert_eq!(
        check(&p, &other, &[], &consented).violated_ids(),
        ["us.reg_f.1006_6d", "us.reg_f.1006_10b"]
    );
    let v = check(&p, &loc, &[], &represented);
    assert_eq!(v.violated_ids(), ["us.reg_f.1006_10b"]);
    assert_eq!(
        v.violations[0].message,
        "the consumer is represented by an attorney since 2026-03-01 12:00 UTC: ask the attorney, not an emergency contact, for location information"
    );
}

/// RULES.md §8.3 `uk.conc.7_9.third_party`: the debt is never disclosed to
/// a third party, identity check or not.
#[test]
fn third_parties_uk() {
    let p = ContactPolicy::uk();
    let acct = account(&["Europe/London"], &[]);
    let mut a = Attempt::new(
        utc(2026, 3, 4, 12, 0),
        Channel::Call,
        "f1",
        "m2",
        &["D1"],
        Outcome::Conversation,
    );
    a.identity_verified = true;
    assert!(check(&p, &a, &[], &acct).passes());
    a.discloses_debt = true;
    let v = check(&p, &a, &[], &acct);
    assert_eq!(v.violated_ids(), ["uk.conc.7_9.third_party"]);
    assert_eq!(
        v.violations[0].message,
        "the debt must not be disclosed to a family member"
    );
}

#[test]
fn third_parties_cn() {
    let p = ContactPolicy::cn();
    let mut acct = account(&[], &[]);
    let at = utc(2026, 3, 4, 3, 0);
    let mut ask = Attempt::new(at, Channel::Call, "e", "m2", &[], Outcome::Conversation);
    ask.purpose = Purpose::PassMessage;
    assert_eq!(
        check(&p, &ask, &[], &acct).violated_ids(),
        ["cn.contacts.when"]
    );
    acct.flags
        .push(Flag::new(FlagKind::Unreachable, utc(2026, 3, 1, 0, 0)));
    assert!(check(&p, &ask, &[], &acct).passes());
    let mut collect = ask.clone();
    collect.purpose = Purpose::Collection;
    assert_eq!(
        check(&p, &collect, &[], &acct).violated_ids(),
        ["cn.contacts.purpose"]
    );
    acct.flags.push(Flag::new(
        FlagKind::Refused { party: "e".into() },
        utc(2026, 3, 2, 0, 0),
    ));
    assert_eq!(
        check(&p, &ask, &[], &acct).violated_ids(),
        ["cn.contacts.suppress"]
    );
    // Phone-book blast: the third distinct contact messaged within 24 hours.
    let sms = |party: &str, m: u32| {
        let mut a = Attempt::new(
            utc(2026, 3, 4, 3, m),
            Channel::Sms,
            party,
            "m2",
            &[],
            Outcome::Delivered,
        );
        a.purpose = Purpose::PassMessage;
        a
    };
    let h = vec![sms("f1", 0), sms("f2", 1)];
    assert_eq!(
        check(&p, &sms("f3", 2), &h, &acct).violated_ids(),
        ["cn.phonebook_blast"]
    );
    // Guarantor: collection per contract is fine.
    let g = Attempt::new(at, Channel::Call, "g", "m2", &["D1"], Outcome::Conversation);
    assert!(check(&p, &g, &[], &acct).passes());
}
