//! [`ContactChecker`]: compile a policy once, check contacts many times.
//! Time windows and account flags live here; frequency in `freq.rs`,
//! third parties, visits and recording in `parties.rs`.

use std::borrow::Cow;

use chrono::{DateTime, Duration, Utc};

use super::model::{
    Account, Attempt, Channel, ConsentKind, ContactPoint, FlagKind, Initiator, PointKind, Purpose,
    Role, Zone,
};
use super::policy::{ContactPolicy, ZoneSource};
use super::time::{in_range, is_closed, minus, next_open, range_end};
use super::verdict::{Clears, Verdict};
use super::{freq, parties};
use crate::error::{Error, Result};

/// A compiled contact policy. Immutable, `Send + Sync`; build once, check many.
///
/// # Example
///
/// ```
/// use arrears::compliance::contact::*;
/// use chrono::{TimeZone, Utc};
///
/// let checker = ContactChecker::new(&ContactPolicy::cn());
/// let account = Account {
///     id: "A1".into(),
///     parties: vec![Party { id: "debtor".into(), role: Role::Debtor }],
///     contact_points: vec![ContactPoint { id: "m".into(), kind: PointKind::Mobile, zones: vec![], owner: None }],
///     ..Account::default()
/// };
/// // 22:00 Beijing time = 14:00 UTC: blocked.
/// let at = Utc.with_ymd_and_hms(2026, 3, 2, 14, 0, 0).unwrap();
/// let call = Attempt::new(at, Channel::Call, "debtor", "m", &["D1"], Outcome::Planned);
/// let verdict = checker.check(&call, &[], &account)?;
/// assert_eq!(verdict.violated_ids(), ["cn.gbt45251.time_window"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct ContactChecker {
    pub(crate) policy: ContactPolicy,
    /// How far back any rule looks into the history (streaming horizon).
    pub(crate) horizon: Duration,
}

/// What one rule evaluation sees.
pub(crate) struct Ctx<'a> {
    pub(crate) a: &'a Attempt,
    pub(crate) h: &'a [Attempt],
    pub(crate) acct: &'a Account,
    pub(crate) role: Role,
    pub(crate) point: &'a ContactPoint,
    pub(crate) zones: Cow<'a, [Zone]>,
    /// First earlier communication with this party (US once-only rule).
    pub(crate) prior_comm: Option<DateTime<Utc>>,
}

impl ContactChecker {
    /// Compiles a (validated) policy.
    pub fn new(policy: &ContactPolicy) -> ContactChecker {
        let r = &policy.raw;
        let mut days: i64 = 2;
        if let Some(f) = &r.reg_f {
            let m = f
                .window_days
                .max(f.days_after_conversation)
                .max(f.consent_days);
            days = days.max(2 * i64::from(m) + 2);
        }
        let mut minutes: i64 = i64::from(r.flags.reply_hours) * 60 + 24 * 60;
        for c in &r.counters {
            minutes = minutes.max(i64::from(c.window_minutes));
        }
        let horizon = Duration::days(days).max(Duration::minutes(minutes + 1));
        ContactChecker {
            policy: policy.clone(),
            horizon,
        }
    }

    /// The policy.
    pub fn policy(&self) -> &ContactPolicy {
        &self.policy
    }

    /// Checks one contact (made or planned) against the earlier contacts on
    /// the account and the account's flags.
    ///
    /// Entries of `history` dated after `attempt` are ignored. History
    /// entries are trusted: only the attempt's references are checked.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidField`] for an attempt naming an unknown party
    /// (`attempt.party`) or contact point (`attempt.point`);
    /// [`Error::DateOutOfRange`] for an attempt, or an earlier history
    /// entry, dated outside the years 1–9999 (`attempt.at`,
    /// `history[i].at`).
    pub fn check(
        &self,
        attempt: &Attempt,
        history: &[Attempt],
        account: &Account,
    ) -> Result<Verdict> {
        for (i, c) in history.iter().enumerate() {
            if c.at <= attempt.at {
                super::time::check_instant(&format!("history[{i}].at"), c.at)?;
            }
        }
        let prior = first_comm(attempt, history);
        self.check_inner(attempt, history, account, prior)
    }

    pub(crate) fn check_inner(
        &self,
        a: &Attempt,
        h: &[Attempt],
        acct: &Account,
        prior_comm: Option<DateTime<Utc>>,
    ) -> Result<Verdict> {
        super::time::check_instant("attempt.at", a.at)?;
        let party = acct
            .party(&a.party)
            .ok_or_else(|| Error::invalid("attempt.party", &a.party, "unknown party"))?;
        let point = acct
            .point(&a.point)
            .ok_or_else(|| Error::invalid("attempt.point", &a.point, "unknown contact point"))?;
        let zones = self.zones_for(acct, point, party.role);
        let cx = Ctx {
            a,
            h,
            acct,
            role: party.role,
            point,
            zones,
            prior_comm,
        };
        let mut v = Verdict::default();
        self.windows(&cx, &mut v);
        self.flags(&cx, &mut v);
        freq::check(self, &cx, &mut v);
        parties::check(self, &cx, &mut v);
        Ok(v)
    }

    /// The zones whose local time judges a contact with a party of `role`
    /// at `point`. Under [`ZoneSource::DebtorLocations`], a third party
    /// (contact role) reached at a point with known zones is timed in those
    /// zones only, its own location; otherwise the debtor's locations, the
    /// point's zones and the zones of every point the debtor owns
    /// ([`ContactPoint::owner`]: each of the consumer's phones suggests a
    /// location, cmt 6(b)(1)(i)-2). RULES.md §5 defines only the consumer's
    /// location; timing a third party without zones of its own like the
    /// consumer is interp. \[U\].
    pub(crate) fn zones_for<'a>(
        &'a self,
        acct: &'a Account,
        point: &'a ContactPoint,
        role: Role,
    ) -> Cow<'a, [Zone]> {
        match &self.policy.raw.zones {
            ZoneSource::Fixed(z) => Cow::Borrowed(std::slice::from_ref(z)),
            ZoneSource::DebtorLocations { .. } if role.is_contact() && !point.zones.is_empty() => {
                Cow::Borrowed(&point.zones)
            }
            ZoneSource::DebtorLocations { fallback } => {
                // The debtor's other points with zones of their own (not a
                // co-borrower's, guarantor's or attorney's: another person,
                // another location). A point whose owner is not given may
                // be the debtor's: its zones count (the conservative
                // reading).
                let consumer_owned = |p: &&'a ContactPoint| {
                    !p.zones.is_empty()
                        && p.id != point.id
                        && p.owner.as_deref().map_or(true, |o| {
                            acct.party(o)
                                .is_some_and(|party| party.role == Role::Debtor)
                        })
                };
                let mut owned = acct.contact_points.iter().filter(consumer_owned).peekable();
                if point.zones.is_empty() && owned.peek().is_none() {
                    if acct.locations.is_empty() {
                        return Cow::Borrowed(fallback);
                    }
                    if acct.locations.len() == 1 {
                        return Cow::Borrowed(&acct.locations);
                    }
                }
                let mut zs: Vec<Zone> = Vec::new();
                let others = owned.flat_map(|p| p.zones.iter());
                for z in acct
                    .locations
                    .iter()
                    .chain(point.zones.iter())
                    .chain(others)
                {
                    if !zs.contains(z) {
                        zs.push(*z);
                    }
                }
                if zs.is_empty() {
                    Cow::Borrowed(fallback)
                } else {
                    Cow::Owned(zs)
                }
            }
        }
    }

    pub(crate) fn windows(&self, cx: &Ctx<'_>, v: &mut Verdict) {
        let r = &self.policy.raw;
        let a = cx.a;
        // Only recorded consent lifts a contact window. The one reply to a
        // party-initiated contact (Reg F cmt 6(b)(1)-2) is an exception to
        // the times and places the consumer designated inconvenient
        // (`flags`), not to the 08:00–21:00 rule, and China's 22:00–08:00
        // blackout has no such exception (RULES.md §5).
        if r.consent_lifts_windows.is_some() && consent(cx, ConsentKind::OtherTimes) {
            return;
        }
        for w in &r.windows {
            if !w.channels.is_empty() && !w.channels.contains(&a.channel) {
                continue;
            }
            if w.skip_debtor_initiated && a.initiator == Initiator::Party {
                continue;
            }
            let mut msgs = Vec::new();
            let mut clears: Option<DateTime<Utc>> = None;
            for z in cx.zones.iter() {
                let local = a.at.with_timezone(&z.0);
                let d = local.date_naive();
                let t = local.time();
                if is_closed(w, d, &r.holidays) {
                    msgs.push(format!(
                        "contact on {} {d} in `{z}` falls on a closed day",
                        local.format("%A").to_string().to_lowercase()
                    ));
                } else if !in_range(t, w.start, w.end) {
                    msgs.push(format!(
                        "contact at `{}` is outside the permitted window `{}–{}` in `{z}`",
                        hhmm(t),
                        hhmm(w.start),
                        hhmm(w.end)
                    ));
                } else {
                    continue;
                }
                if let Some(o) = next_open(w, *z, a.at, &r.holidays) {
                    clears = Some(clears.map_or(o, |c| c.max(o)));
                }
            }
            if !msgs.is_empty() {
                let c = clears.map_or(Clears::Never, Clears::At);
                v.block(&w.rule, msgs.join("; "), vec![], c);
            }
        }
    }

    pub(crate) fn flags(&self, cx: &Ctx<'_>, v: &mut Verdict) {
        let fr = &self.policy.raw.flags;
        let a = cx.a;
        if !a.by_collector() {
            return;
        }
        let inbound = reply_to(cx, fr.reply_hours);
        let reply = inbound.is_some();
        for f in cx.acct.flags.iter().filter(|f| f.active_at(a.at)) {
            let until = f.until.map_or(Clears::Never, Clears::At);
            let since = f.from.format("%Y-%m-%d %H:%M UTC");
            match &f.kind {
                FlagKind::Cease => {
                    // 1006.6(c) bars communication with the consumer
                    // (1006.6(a): spouse included), not with their attorney
                    // or a third party, whose own rules apply.
                    if let Some(rule) = &fr.cease {
                        if consumer(cx.role)
                            && !matches!(
                                a.purpose,
                                Purpose::CeaseTermination | Purpose::RemedyNotice
                            )
                        {
                            v.block(
                                rule,
                                format!("communication after a cease notice received at {since}; only termination and remedy notices are allowed"),
                                vec![f.from],
                                until,
                            );
                        }
                    }
                }
                FlagKind::Attorney { debt } => {
                    if let Some(rule) = &fr.attorney {
                        if consumer(cx.role)
                            && covers(debt.as_ref(), a)
                            && !reply
                            && !attorney_lifted(cx, true, debt.as_ref())
                        {
                            v.block(
                                rule,
                                format!("the consumer is represented by an attorney{} since {since}; contact the attorney", debt_note(debt.as_deref())),
                                vec![f.from],
                                attorney_clears(cx, true, f.until),
                            );
                        }
                    }
                }
                FlagKind::OptOut { channel, point } => {
                    let Some(rule) = &fr.opt_out else { continue };
                    // A ringless voicemail is a placed call: an opt-out of
                    // calls covers it (`us.reg_f.what_is_a_call`); an
                    // opt-out of voicemail drops covers only them.
                    let hits = (channel.is_some() || point.is_some())
                        && channel.map_or(true, |c| {
                            c == a.channel || (c == Channel::Call && a.channel.is_call())
                        })
                        && point.as_ref().map_or(true, |p| *p == a.point);
                    if !hits || reply || a.purpose == Purpose::LegallyRequiredNotice {
                        continue;
                    }
                    if a.purpose == Purpose::OptOutConfirmation
                        && a.channel.is_electronic()
                        && minus(a.at, Duration::hours(i64::from(fr.reply_hours))) <= f.from
                        && !cx.h.iter().any(|c| {
                            c.at >= f.from
                                && c.at <= a.at
                                && c.by_collector()
                                && c.purpose == Purpose::OptOutConfirmation
                                && c.channel == a.channel
                        })
                    {
                        continue;
                    }
                    let what = match (channel, point) {
                        (Some(c), Some(p)) => format!("{} to `{p}`", channel_name(*c)),
                        (Some(c), None) => channel_name(*c).to_owned(),
                        (None, Some(p)) => format!("contact point `{p}`"),
                        (None, None) => String::new(),
                    };
                    v.block(
                        rule,
                        format!("the person opted out of {what} at {since}"),
                        vec![f.from],
                        until,
                    );
                }
                FlagKind::InconvenientTime { start, end } => {
                    let Some(rule) = &fr.inconvenient else {
                        continue;
                    };
                    // The reply exception holds only if the person's own
                    // contact came at such a time, and only within that
                    // stretch of it (cmt 6(b)(1)-2: "within that contact"):
                    // a reply the next day, in the next stretch, is not.
                    let at_such_time = |t: DateTime<Utc>| {
                        cx.zones.iter().any(|z| {
                            in_range(t.with_timezone(&z.0).time(), *start, *end)
                                && range_end(*z, t, *end).is_some_and(|e| a.at < e)
                        })
                    };
                    if inbound.is_some_and(at_such_time) || consent(cx, ConsentKind::OtherTimes) {
                        continue;
                    }
                    let mut clears: Option<DateTime<Utc>> = None;
                    let mut zs = Vec::new();
                    for z in cx.zones.iter() {
                        let t = a.at.with_timezone(&z.0).time();
                        if in_range(t, *start, *end) {
                            zs.push(z.to_string());
                            if let Some(e) = range_end(*z, a.at, *end) {
                                clears = Some(clears.map_or(e, |c| c.max(e)));
                            }
                        }
                    }
                    if !zs.is_empty() {
                        v.block(
                            rule,
                            format!(
                                "the consumer designated `{}–{}` as inconvenient (in `{}`)",
                                start.format("%H:%M"),
                                end.format("%H:%M"),
                                zs.join("`, `")
                            ),
                            vec![f.from],
                            clears.map_or(Clears::Never, Clears::At),
                        );
                    }
                }
                FlagKind::InconvenientPlace { point } => {
                    if let Some(rule) = &fr.inconvenient {
                        if *point == a.point && !reply {
                            v.block(rule, format!("the consumer designated the place of `{point}` as inconvenient"), vec![f.from], until);
                        }
                    }
                }
                FlagKind::WorkplaceProhibited => {
                    if let Some(rule) = &fr.workplace {
                        // No reply exception: the employer's prohibition is
                        // not the consumer's to lift (`us.reg_f.workplace`).
                        if cx.point.kind == PointKind::Workplace {
                            v.block(rule, format!("the employer prohibits contact at the workplace (known since {since})"), vec![f.from], until);
                        }
                    }
                }
                FlagKind::Dispute { debt } => {
                    if let Some(rule) = &fr.dispute {
                        // A contact that names no debt is about every debt.
                        if covers(debt.as_ref(), a) && a.purpose == Purpose::Collection {
                            v.block(rule, format!("a dispute{} is pending since {since}; no collection until it is resolved", debt_note(debt.as_deref())), vec![f.from], until);
                        }
                    }
                }
                FlagKind::BreathingSpace => {
                    if let Some(rule) = &fr.breathing_space {
                        if a.purpose != Purpose::LegallyRequiredNotice {
                            v.block(
                                rule,
                                format!("a breathing-space moratorium is in force since {since}"),
                                vec![f.from],
                                until,
                            );
                        }
                    }
                }
                FlagKind::Bankruptcy => {
                    if let Some(rule) = &fr.bankruptcy {
                        if a.purpose == Purpose::Collection {
                            v.block(
                                rule,
                                format!("bankruptcy since {since}: no collection"),
                                vec![f.from],
                                until,
                            );
                        }
                    }
                }
                FlagKind::Deceased => {
                    if let Some(rule) = &fr.deceased {
                        if cx.role == Role::Debtor {
                            v.block(
                                rule,
                                format!(
                                    "the debtor is deceased (since {since}); contact the estate"
                                ),
                                vec![f.from],
                                until,
                            );
                        }
                    }
                }
                FlagKind::TimeBarred { debt } => {
                    if let Some(rule) = &fr.time_barred {
                        if a.purpose == Purpose::Collection && a.debts.contains(debt) {
                            v.warn(
                                rule,
                                format!(
                                    "debt `{debt}` is time-barred: do not sue or threaten to sue"
                                ),
                                vec![f.from],
                            );
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

/// `HH:MM` without chrono's format machinery (hot in audits).
fn hhmm(t: chrono::NaiveTime) -> String {
    use chrono::Timelike;
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// `` on debt `D1` `` (nothing when a flag covers every debt).
pub(super) fn debt_note(d: Option<&str>) -> String {
    d.map(|d| format!(" on debt `{d}`")).unwrap_or_default()
}

pub(crate) fn channel_name(c: Channel) -> &'static str {
    match c {
        Channel::Call => "calls",
        Channel::Sms => "sms",
        Channel::Email => "email",
        Channel::Letter => "letters",
        Channel::Visit => "visits",
        Channel::Im => "im messages",
        Channel::Voicemail => "voicemail",
    }
}

/// The consumer for 1006.6: debtor, co-borrower, guarantor, spouse.
pub(crate) fn consumer(r: Role) -> bool {
    r.is_obligor() || r == Role::Spouse
}

/// Whether a consent of `kind` by this party, covering every debt of the
/// contact, is in force.
pub(crate) fn consent(cx: &Ctx<'_>, kind: ConsentKind) -> bool {
    cx.acct.active(cx.a.at).any(|f| is_consent(cx, f, kind))
}

/// Whether a flag about `debt` (all debts if none) covers this attempt's
/// debts (a contact that names no debt is about every debt).
pub(crate) fn covers(debt: Option<&String>, a: &Attempt) -> bool {
    debt.map_or(true, |d| a.debts.is_empty() || a.debts.contains(d))
}

/// Whether an attorney's representation for `represented` (every debt if
/// none) no longer bars this attempt (Reg F 1006.6(b)(2)): each represented
/// debt the attempt is about is lifted, by the attorney's consent to direct
/// contact or by their failure to respond within a reasonable time. A lift
/// covers its own debt, or every debt if it names none; an attempt that
/// names no debt is about every debt. `direct` is false for a contact with a
/// third party (1006.10(b)(6)), which only the second lifts.
pub(crate) fn attorney_lifted(cx: &Ctx<'_>, direct: bool, represented: Option<&String>) -> bool {
    let lifts: Vec<Option<&String>> = cx
        .acct
        .active(cx.a.at)
        .filter_map(|k| lift_of(cx, k, direct))
        .collect();
    if lifts.iter().any(Option::is_none) {
        return true;
    }
    let lifted = |d: &String| lifts.contains(&Some(d));
    match represented {
        Some(d) => lifted(d),
        None => !cx.a.debts.is_empty() && cx.a.debts.iter().all(lifted),
    }
}

/// When a bar from an attorney flag ending at `until` may clear, at the
/// earliest: the flag's end, or the start of a later lift (the contact is
/// checked again then).
pub(crate) fn attorney_clears(cx: &Ctx<'_>, direct: bool, until: Option<DateTime<Utc>>) -> Clears {
    until
        .map_or(Clears::Never, Clears::At)
        .or_earlier(lift_starts(cx, |k| lift_of(cx, k, direct).is_some()))
}

/// The earliest start, after this attempt, of a flag `lifts` accepts: when
/// a bar such flags lift may clear, at the earliest ([`Clears::Never`] if
/// there is none).
pub(crate) fn lift_starts(cx: &Ctx<'_>, lifts: impl Fn(&FlagKind) -> bool) -> Clears {
    cx.acct
        .flags
        .iter()
        .filter(|f| f.from > cx.a.at && lifts(&f.kind))
        .map(|f| f.from)
        .min()
        .map_or(Clears::Never, Clears::At)
}

/// Whether `k` is a consent of `kind` by this contact's party covering all
/// its debts ([`consent`] asks whether one is in force). A consent, like any
/// lift, covers its own debt, or every debt if it names none: one on a
/// single debt does not cover a contact about another debt too, nor one
/// that names no debt (about every debt).
pub(crate) fn is_consent(cx: &Ctx<'_>, k: &FlagKind, kind: ConsentKind) -> bool {
    matches!(k, FlagKind::Consent { kind: c, party, debt }
        if *c == kind && *party == cx.a.party && lifts_all(debt.as_ref(), cx.a))
}

/// Whether a lift on `debt` (every debt if none) covers every debt of this
/// attempt (every debt if it names none).
fn lifts_all(debt: Option<&String>, a: &Attempt) -> bool {
    debt.map_or(true, |d| {
        !a.debts.is_empty() && a.debts.iter().all(|x| x == d)
    })
}

/// The debt `k` lifts an attorney's representation on (`None`: every debt),
/// if it is a lift that applies to this contact: the attorney's failure to
/// respond, or (for a direct contact) a consent given by a party with the
/// role of the consumer's attorney.
fn lift_of<'a>(cx: &Ctx<'a>, k: &'a FlagKind, direct: bool) -> Option<Option<&'a String>> {
    match k {
        FlagKind::AttorneyUnresponsive { debt } => Some(debt.as_ref()),
        FlagKind::Consent {
            kind: ConsentKind::DirectContact,
            party,
            debt,
        } if direct
            && cx
                .acct
                .party(party)
                .is_some_and(|p| p.role == Role::DebtorAttorney) =>
        {
            Some(debt.as_ref())
        }
        _ => None,
    }
}

/// The one reply to a contact the person initiated within `reply_hours`,
/// through the same medium to the same contact point: when the person's
/// contact was, if the reply is allowed.
pub(crate) fn reply_to(cx: &Ctx<'_>, reply_hours: u32) -> Option<DateTime<Utc>> {
    let a = cx.a;
    if a.purpose != Purpose::ReplyToDebtor || !a.by_collector() {
        return None;
    }
    let from = minus(a.at, Duration::hours(i64::from(reply_hours)));
    // The reply goes back where the contact came from: the same person,
    // medium and contact point (RULES.md §5, cmt 6(b)(1)-2: "once through
    // the same medium, within that contact").
    let inbound =
        cx.h.iter()
            .filter(|c| {
                c.initiator == Initiator::Party
                    && c.party == a.party
                    && same_medium(c.channel, a.channel)
                    && c.point == a.point
                    && c.at >= from
                    && c.at <= a.at
            })
            .map(|c| c.at)
            .max()?;
    let replied = cx.h.iter().any(|c| {
        c.by_collector()
            && c.purpose == Purpose::ReplyToDebtor
            && c.party == a.party
            && c.at >= inbound
            && c.at <= a.at
    });
    (!replied).then_some(inbound)
}

/// Whether two channels are one medium: a call and a ringless voicemail
/// drop are both placed calls (`us.reg_f.what_is_a_call`).
pub(crate) fn same_medium(a: Channel, b: Channel) -> bool {
    a == b || (a.is_call() && b.is_call())
}

/// Whether `c` communicated with its party (for the once-only rule).
pub(crate) fn communicates(c: &Attempt) -> bool {
    c.by_collector()
        && !matches!(
            c.outcome,
            super::model::Outcome::NotConnected
                | super::model::Outcome::NoAnswer
                | super::model::Outcome::Planned
        )
}

fn first_comm(a: &Attempt, h: &[Attempt]) -> Option<DateTime<Utc>> {
    h.iter()
        .filter(|c| c.party == a.party && c.at <= a.at && communicates(c))
        .map(|c| c.at)
        .min()
}
