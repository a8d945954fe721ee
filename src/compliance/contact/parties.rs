//! Third parties (US location information, CN contacts), visits and
//! recording.

use chrono::{DateTime, Duration, Utc};

use super::check::{
    attorney_clears, attorney_lifted, communicates, consent, covers, is_consent, lift_starts,
    ContactChecker, Ctx,
};
use super::model::{Channel, ConsentKind, FlagKind, Outcome, Purpose, Role};
use super::policy::ThirdPartyRules;
use super::verdict::{Clears, Verdict};

/// The role's name with its indefinite article ("a guarantor", "an
/// emergency contact").
fn a_role(r: Role) -> String {
    let who = r.name();
    let article = if who.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {who}")
}

pub(crate) fn check(ck: &ContactChecker, cx: &Ctx<'_>, v: &mut Verdict) {
    let r = &ck.policy.raw;
    let a = cx.a;
    if a.by_collector() {
        match &r.third_party {
            Some(ThirdPartyRules::Us {
                purpose,
                disclosure,
                once,
            }) if cx.role.is_contact() && !consent(cx, ConsentKind::ThirdParty) => {
                // With the consumer's consent given directly to the collector
                // (1006.6(d)(1)), none of the third-party limits applies.
                let who = cx.role.name();
                let a_who = a_role(cx.role);
                // All of it lifts when the consumer's consent starts.
                let consented = lift_starts(cx, |k| is_consent(cx, k, ConsentKind::ThirdParty));
                if a.purpose != Purpose::LocationInformation {
                    v.block(
                        purpose,
                        format!(
                            "communication with {a_who} must be limited to location information"
                        ),
                        vec![],
                        consented,
                    );
                }
                if a.discloses_debt {
                    v.block(
                        disclosure,
                        format!("a location communication with {a_who} must not state that the consumer owes a debt"),
                        vec![],
                        consented,
                    );
                }
                // 1006.10(b)(6): once the consumer is known to be represented
                // for the debt, location communications go to the attorney.
                // Unless the attorney failed to respond within a reasonable
                // time.
                let represented = cx
                    .acct
                    .flags
                    .iter()
                    .filter(|f| f.active_at(a.at))
                    .find(|f| {
                        matches!(&f.kind, FlagKind::Attorney { debt }
                        if covers(debt.as_ref(), a) && !attorney_lifted(cx, false, debt.as_ref()))
                    });
                if let Some(f) = represented {
                    v.block(
                        disclosure,
                        format!(
                            "the consumer is represented by an attorney since {}: ask the attorney, not {a_who}, for location information",
                            f.from.format("%Y-%m-%d %H:%M UTC")
                        ),
                        vec![f.from],
                        attorney_clears(cx, false, f.until).or_earlier(consented),
                    );
                }
                // A second attempt is blocked when it may communicate: a
                // planned one (it may connect) or one that did; a logged
                // ring-no-answer conveyed nothing, as the first would not
                // have counted either.
                let may_communicate = a.outcome == Outcome::Planned || communicates(a);
                if let Some(first) = cx.prior_comm.filter(|_| may_communicate) {
                    if a.repeat_reason.is_none() {
                        v.block(
                            once,
                            format!(
                                "second communication with this {who}; the first was at {}",
                                first.format("%Y-%m-%d %H:%M UTC")
                            ),
                            vec![first],
                            consented,
                        );
                    }
                }
            }
            Some(ThirdPartyRules::Cn {
                when,
                purpose,
                suppress,
                blast,
                blast_contacts,
            }) if cx.role.is_contact() || cx.role == Role::Spouse => {
                let who = cx.role.name();
                let a_who = a_role(cx.role);
                let reason = cx.acct.active(a.at).any(|f| {
                    matches!(
                        f,
                        FlagKind::Unreachable | FlagKind::Deceased | FlagKind::Incapacitated
                    )
                });
                if !reason {
                    // Until one of those is recorded.
                    let recorded = lift_starts(cx, |f| {
                        matches!(
                            f,
                            FlagKind::Unreachable | FlagKind::Deceased | FlagKind::Incapacitated
                        )
                    });
                    v.block(
                        when,
                        format!("{a_who} may be contacted only when the debtor is unreachable, deceased or lacks capacity"),
                        vec![],
                        recorded,
                    );
                }
                if !matches!(
                    a.purpose,
                    Purpose::LocationInformation | Purpose::PassMessage
                ) {
                    v.block(
                        purpose,
                        format!("{a_who} may be asked only for contact details or to pass on a message, never to pay"),
                        vec![],
                        Clears::Never,
                    );
                }
                if a.discloses_debt {
                    v.block(
                        purpose,
                        format!("the debt must not be disclosed to {a_who}"),
                        vec![],
                        Clears::Never,
                    );
                }
                let refused: Vec<DateTime<Utc>> = cx
                    .acct
                    .flags
                    .iter()
                    .filter(|f| {
                        f.from <= a.at
                            && matches!(&f.kind, FlagKind::Refused { party } if *party == a.party)
                    })
                    .map(|f| f.from)
                    .collect();
                if let Some(t) = refused.first() {
                    v.block(
                        suppress,
                        format!(
                            "this {who} refused further contact at {}; suppressed permanently",
                            t.format("%Y-%m-%d %H:%M UTC")
                        ),
                        refused.clone(),
                        Clears::Never,
                    );
                }
                if matches!(a.channel, Channel::Sms | Channel::Im) {
                    let from = super::time::minus(a.at, Duration::hours(24));
                    let mut seen: Vec<&str> = vec![a.party.as_str()];
                    let mut ev = Vec::new();
                    // Each other contact's last message in the window.
                    let mut last: Vec<DateTime<Utc>> = Vec::new();
                    for c in cx.h.iter().filter(|c| {
                        c.at > from
                            && c.at <= a.at
                            && c.by_collector()
                            && matches!(c.channel, Channel::Sms | Channel::Im)
                    }) {
                        let is_contact = cx
                            .acct
                            .party(&c.party)
                            .is_some_and(|p| p.role.is_contact() || p.role == Role::Spouse);
                        if !is_contact || c.party == a.party {
                            continue;
                        }
                        match seen.iter().position(|s| *s == c.party.as_str()) {
                            Some(k) => last[k - 1] = last[k - 1].max(c.at),
                            None => {
                                seen.push(c.party.as_str());
                                ev.push(c.at);
                                last.push(c.at);
                            }
                        }
                    }
                    if seen.len() >= *blast_contacts as usize {
                        // It clears once enough of the others' last
                        // messages are 24 hours old that this one makes no
                        // blast: at most `blast_contacts − 2` others left.
                        last.sort_unstable_by(|x, y| y.cmp(x));
                        let keep = (*blast_contacts as usize).saturating_sub(2);
                        let clears = match last.get(keep) {
                            Some(t) => Clears::At(super::time::plus(*t, Duration::hours(24))),
                            None => Clears::Never,
                        };
                        v.block(
                            blast,
                            format!(
                                "messages to {} distinct contacts within 24 hours (phone-book blast); limit is {}",
                                seen.len(),
                                blast_contacts.saturating_sub(1)
                            ),
                            ev,
                            clears,
                        );
                    }
                }
            }
            Some(ThirdPartyRules::Uk { disclosure })
                if cx.role.is_contact()
                    && a.discloses_debt
                    && !consent(cx, ConsentKind::ThirdParty) =>
            {
                v.block(
                    disclosure,
                    format!("the debt must not be disclosed to {}", a_role(cx.role)),
                    vec![],
                    lift_starts(cx, |k| is_consent(cx, k, ConsentKind::ThirdParty)),
                );
            }
            _ => {}
        }
    }
    if let (Some(vr), Channel::Visit, Outcome::Visit(f)) = (&r.visits, a.channel, a.outcome) {
        let mut problems = Vec::new();
        if f.collectors < vr.min_collectors {
            problems.push(format!(
                "{} collector(s) present; at least {} required",
                f.collectors, vr.min_collectors
            ));
        }
        if vr.id_required && !f.id_shown {
            problems.push("identification not shown".to_owned());
        }
        if vr.appointment_required && !f.appointment {
            problems.push("no appointment".to_owned());
        }
        if f.entered && !f.consent_to_enter {
            problems.push("premises entered without consent".to_owned());
        }
        if !problems.is_empty() {
            v.block(
                &vr.rule,
                format!("visit: {}", problems.join("; ")),
                vec![],
                Clears::Unknown,
            );
        }
    }
    if let Some(rec) = &r.recording {
        if rec.channels.contains(&a.channel) && a.outcome == Outcome::Conversation {
            if !a.recorded {
                v.block(
                    &rec.rule,
                    format!(
                        "{} not recorded; recordings must be kept {} days",
                        super::check::channel_name(a.channel),
                        rec.retention_days
                    ),
                    vec![],
                    Clears::Unknown,
                );
            } else if let Some(d) = a.retention_days.filter(|d| *d < rec.retention_days) {
                v.block(
                    &rec.rule,
                    format!(
                        "recording kept {d} days; recordings must be kept {} days",
                        rec.retention_days
                    ),
                    vec![],
                    Clears::Unknown,
                );
            }
        }
    }
    if let (
        Some(rule),
        Outcome::Voicemail {
            limited_content: true,
        },
    ) = (&r.limited_content, a.outcome)
    {
        if a.by_collector() {
            limited_content(rule, cx, v);
        }
    }
    if let Some(rule) = &r.identity {
        if a.by_collector() && a.discloses_debt && !a.identity_verified {
            v.block(
                rule,
                "the debt was discussed before the person's identity was verified".to_owned(),
                vec![],
                Clears::Unknown,
            );
        }
    }
}

/// A voicemail marked limited-content: never one when left for a third
/// party; otherwise its text (if given) must hold only the allowed items,
/// as judged by [`classify_voicemail`](crate::compliance::language::classify_voicemail).
fn limited_content(rule: &crate::rule::RuleRef, cx: &Ctx<'_>, v: &mut Verdict) {
    if cx.role.is_contact() {
        v.block(
            rule,
            format!(
                "a voicemail left for {} is never a limited-content message",
                a_role(cx.role)
            ),
            vec![],
            Clears::Unknown,
        );
        return;
    }
    let Some(text) = &cx.a.text else { return };
    let va = crate::compliance::language::classify_voicemail(text);
    if va.limited_content {
        return;
    }
    let mut missing = Vec::new();
    if !va.has_business_name {
        missing.push("a business name");
    }
    if !va.has_person_name {
        missing.push("a person's name");
    }
    if !va.has_reply_request {
        missing.push("a request to reply");
    }
    if !va.has_phone {
        missing.push("a telephone number");
    }
    let mut parts = Vec::new();
    if !missing.is_empty() {
        parts.push(format!("missing {}", missing.join(", ")));
    }
    if !va.extra.is_empty() {
        parts.push(format!(
            "{} sentence(s) outside the allowed items",
            va.extra.len()
        ));
    }
    v.block(
        rule,
        format!(
            "voicemail marked limited-content is not one: {}",
            parts.join("; ")
        ),
        vec![],
        Clears::Unknown,
    );
}
