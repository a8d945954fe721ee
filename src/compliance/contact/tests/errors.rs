//! Bad input, serde round trips, `Send + Sync`.

use super::super::*;
use super::{account, call, utc};
use crate::error::Error;

#[test]
fn bad_input_errors() {
    assert_eq!(
        Zone::new("America/Nowhere"),
        Err(Error::invalid(
            "zone",
            "America/Nowhere",
            "unknown IANA time zone"
        ))
    );
    let e = serde_json::from_str::<Zone>("\"Mars/Base\"").expect_err("bad zone");
    assert!(e.to_string().contains("`Mars/Base`"), "{e}");
    // Zero-length window and other problems, all at once.
    let mut raw = ContactPolicy::cn().raw().clone();
    raw.windows[0].end = raw.windows[0].start;
    if let Some(c) = raw.cn_daily.as_mut() {
        c.max_conversations = 0;
    }
    match ContactPolicy::new(raw) {
        Err(Error::InvalidPolicy { problems }) => {
            let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
            assert_eq!(paths, ["windows[0].end", "cn_daily.max_conversations"]);
            assert_eq!(
                problems[0].message,
                "window of zero length (starts at `08:00:00`)"
            );
        }
        other => panic!("{other:?}"),
    }
    // A consent that ends before it starts.
    let mut acct = account(&[], &[]);
    acct.flags.push(Flag {
        kind: FlagKind::Consent {
            kind: ConsentKind::ExtraCalls,
            party: "nobody".into(),
            debt: None,
        },
        from: utc(2026, 3, 2, 0, 0),
        until: Some(utc(2026, 3, 1, 0, 0)),
    });
    match acct.validate() {
        Err(Error::InvalidPolicy { problems }) => {
            assert_eq!(problems[0].path, "account.flags[0].until");
            assert_eq!(problems[1].path, "account.flags[0].party");
        }
        other => panic!("{other:?}"),
    }
    // A time-sensitive flag without its reason, prior abuse toward an
    // unknown party: both reported at once.
    let mut acct = account(&[], &[]);
    acct.flags.push(Flag::new(
        FlagKind::TimeSensitive {
            debt: None,
            reason: " ".into(),
        },
        utc(2026, 3, 1, 0, 0),
    ));
    acct.flags.push(Flag::new(
        FlagKind::PriorAbuse {
            party: "ghost".into(),
        },
        utc(2026, 3, 1, 0, 0),
    ));
    match acct.validate() {
        Err(Error::InvalidPolicy { problems }) => {
            let got: Vec<String> = problems.iter().map(ToString::to_string).collect();
            assert_eq!(
                got,
                [
                    "`account.flags[0].reason` = `\" \"`: say what is time-sensitive",
                    "`account.flags[1].party` = `ghost`: unknown party",
                ]
            );
        }
        other => panic!("{other:?}"),
    }
    // Unknown party reference.
    let acct = account(&[], &[]);
    let mut a = call(utc(2026, 3, 2, 3, 0), Outcome::Planned);
    a.party = "ghost".into();
    let e = ContactChecker::new(&ContactPolicy::cn())
        .check(&a, &[], &acct)
        .expect_err("unknown");
    assert_eq!(
        e.to_string(),
        "invalid `attempt.party` value `ghost`: unknown party"
    );
    // Streaming: an attempt dated before the history.
    let ck = ContactChecker::new(&ContactPolicy::cn());
    let mut au = Auditor::new(&ck);
    au.push(&call(utc(2026, 3, 2, 3, 0), Outcome::NoAnswer), &acct)
        .expect("first");
    let e = au
        .push(&call(utc(2026, 3, 2, 2, 0), Outcome::NoAnswer), &acct)
        .expect_err("late");
    assert!(
        e.to_string()
            .starts_with("invalid `attempt.at` value `2026-03-02 02:00:00 UTC`"),
        "{e}"
    );
}

#[test]
fn policy_serde_round_trip_and_validation() {
    for p in [
        ContactPolicy::cn(),
        ContactPolicy::us(),
        ContactPolicy::uk(),
    ] {
        let s = serde_json::to_string(&p).expect("ser");
        let back: ContactPolicy = serde_json::from_str(&s).expect("de");
        assert_eq!(back, p);
    }
    let mut v = serde_json::to_value(ContactPolicy::cn()).expect("ser");
    v["windows"][0]["end"] = serde_json::json!("08:00:00");
    let e = serde_json::from_value::<ContactPolicy>(v.clone()).expect_err("zero window");
    assert!(e.to_string().contains("window of zero length"), "{e}");
    v["bogus"] = serde_json::json!(1);
    assert!(serde_json::from_value::<ContactPolicy>(v).is_err());
}

#[test]
fn send_sync() {
    fn ok<T: Send + Sync>() {}
    ok::<ContactChecker>();
    ok::<ContactPolicy>();
    ok::<Verdict>();
    ok::<Account>();
    ok::<Auditor<'static>>();
    ok::<AccountBook<'static>>();
    ok::<Event>();
    ok::<Tally>();
    ok::<AuditorStats>();
}
