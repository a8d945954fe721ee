//! A day of planned contacts through the contact checker.

use super::*;

/// A day of planned contacts: a call at 21:30 in Chicago, an eighth call in
/// seven days, and a call to an emergency contact while the debtor answers.
pub(super) fn contact_section() -> Res<()> {
    use arrears::compliance::contact::{
        Account as ContactAccount, Attempt, Channel, ContactChecker, ContactPoint, ContactPolicy,
        ContactRequest, NextPermitted, Outcome, Party, PointKind, Purpose, Role, Zone,
    };
    use chrono::{TimeZone, Utc};

    let utc = |y, m, d, h, mi| {
        Utc.with_ymd_and_hms(y, m, d, h, mi, 0)
            .single()
            .ok_or("bad time")
    };
    let account = |id: &str, zone: &str| -> Res<ContactAccount> {
        let z = Zone::new(zone)?;
        Ok(ContactAccount {
            id: id.to_owned(),
            parties: vec![
                Party {
                    id: "debtor".into(),
                    role: Role::Debtor,
                },
                Party {
                    id: "sister".into(),
                    role: Role::EmergencyContact,
                },
            ],
            contact_points: vec![
                ContactPoint {
                    id: "mobile".into(),
                    kind: PointKind::Mobile,
                    zones: vec![z],
                    owner: Some("debtor".into()),
                },
                ContactPoint {
                    id: "sister-mobile".into(),
                    kind: PointKind::Mobile,
                    zones: vec![z],
                    owner: Some("sister".into()),
                },
            ],
            locations: vec![z],
            flags: vec![],
        })
    };
    let us = ContactPolicy::us();
    let cn = ContactPolicy::cn();
    let us_checker = ContactChecker::new(&us);
    let cn_checker = ContactChecker::new(&cn);
    let card = account("US-CARD-042", "America/Chicago")?;
    let loan = account("CN-CONSUMER-001", "Asia/Shanghai")?;

    println!("\nPlanned contacts on 2026-11-25:");
    let show = |label: &str, verdict: &arrears::compliance::contact::Verdict| {
        if verdict.passes() {
            println!("  {label}: allowed");
        }
        for f in &verdict.violations {
            println!(
                "  {label}: BLOCKED by `{}` ({}): {}",
                f.rule.id, f.rule.status, f.message
            );
        }
    };
    let next = |checker: &ContactChecker,
                acct: &ContactAccount,
                history: &[Attempt],
                party: &str,
                point: &str,
                after|
     -> Res<String> {
        let request = ContactRequest {
            party: party.into(),
            channel: Channel::Call,
            point: point.into(),
            debts: vec!["D1".into()],
            purpose: Purpose::Collection,
        };
        Ok(
            match checker.next_permitted(&request, after, history, acct)? {
                NextPermitted::At { at, decided_by } => format!(
                    "next permitted {at} ({})",
                    decided_by.map_or_else(|| "no rule".to_owned(), |r| r.id)
                ),
                NextPermitted::Never { rule } => format!("never ({})", rule.id),
                _ => "unknown".to_owned(),
            },
        )
    };

    // 1. 21:30 in Chicago (03:30 UTC the next day): after the 21:00 end of the US window.
    let late = utc(2026, 11, 26, 3, 30)?;
    let a = Attempt::new(
        late,
        Channel::Call,
        "debtor",
        "mobile",
        &["D1"],
        Outcome::Planned,
    );
    show(
        "US card, call at 21:30 America/Chicago",
        &us_checker.check(&a, &[], &card)?,
    );
    println!(
        "    {}",
        next(&us_checker, &card, &[], "debtor", "mobile", late)?
    );

    // 2. Seven unanswered calls already placed in the last seven days.
    let history: Vec<Attempt> = (0..7)
        .map(|k| {
            utc(2026, 11, 19 + k, 16, 0).map(|t| {
                Attempt::new(
                    t,
                    Channel::Call,
                    "debtor",
                    "mobile",
                    &["D1"],
                    Outcome::NoAnswer,
                )
            })
        })
        .collect::<Result<_, _>>()?;
    let eighth = utc(2026, 11, 25, 17, 0)?;
    let a = Attempt::new(
        eighth,
        Channel::Call,
        "debtor",
        "mobile",
        &["D1"],
        Outcome::Planned,
    );
    show(
        "US card, eighth call in seven days",
        &us_checker.check(&a, &history, &card)?,
    );
    println!(
        "    {}",
        next(&us_checker, &card, &history, "debtor", "mobile", eighth)?
    );

    // 3. The CN debtor answered this morning; a call to the emergency contact follows.
    let answered = vec![Attempt::new(
        utc(2026, 11, 25, 1, 30)?,
        Channel::Call,
        "debtor",
        "mobile",
        &["D1"],
        Outcome::Conversation,
    )];
    let to_sister = Attempt::new(
        utc(2026, 11, 25, 3, 0)?,
        Channel::Call,
        "sister",
        "sister-mobile",
        &["D1"],
        Outcome::Planned,
    );
    show(
        "CN loan, call to the emergency contact",
        &cn_checker.check(&to_sister, &answered, &loan)?,
    );
    println!(
        "    {}",
        next(
            &cn_checker,
            &loan,
            &answered,
            "sister",
            "sister-mobile",
            utc(2026, 11, 25, 3, 0)?
        )?
    );
    Ok(())
}
