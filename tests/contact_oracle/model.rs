//! The model: what `ContactChecker::check` and `next_permitted` should say,
//! written from the public docs of `compliance::contact` and RULES.md §5–§7
//! (see the header of `contact_oracle.rs` for the readings chosen). It reads
//! the policy's data (`ContactPolicy::raw`), never the checker's code.

use std::collections::BTreeSet;

use arrears::compliance::contact::{
    Account, Attempt, Channel, ClosedDay, ConsentKind, ContactRequest, FlagKind, Initiator,
    Outcome, Purpose, RawContactPolicy, Role, ZoneSource,
};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Timelike, Utc, Weekday};
use chrono_tz::Tz;

use super::gen::{Case, Ext};
use super::{extras, flags, third, visits};

/// Local date and time of `t` in `z`.
pub fn local(t: DateTime<Utc>, z: Tz) -> (NaiveDate, NaiveTime) {
    let l = t.with_timezone(&z).naive_local();
    (l.date(), l.time())
}

/// The debtor's party id, if the account has one.
pub fn debtor(acc: &Account) -> Option<&str> {
    acc.parties
        .iter()
        .find(|p| p.role == Role::Debtor)
        .map(|p| p.id.as_str())
}

/// The zones whose local time a window reads, for `attempt`.
pub fn zones(raw: &RawContactPolicy, acc: &Account) -> Vec<Tz> {
    let mut out: Vec<Tz> = Vec::new();
    match &raw.zones {
        ZoneSource::Fixed(z) => out.push(z.tz()),
        ZoneSource::DebtorLocations { fallback } => {
            let d = debtor(acc);
            for z in &acc.locations {
                out.push(z.tz());
            }
            for p in &acc.contact_points {
                let mine = match &p.owner {
                    None => true,
                    Some(o) => Some(o.as_str()) == d,
                };
                if mine {
                    out.extend(p.zones.iter().map(|z| z.tz()));
                }
            }
            if out.is_empty() {
                out.extend(fallback.iter().map(|z| z.tz()));
            }
        }
        _ => panic!("unknown zone source"),
    }
    out.sort_by_key(|z| z.name());
    out.dedup();
    out
}

pub fn in_window(t: NaiveTime, start: NaiveTime, end: NaiveTime) -> bool {
    if start < end {
        start <= t && t < end
    } else {
        // Wraps past midnight.
        t >= start || t < end
    }
}

/// Whether a flag of `kind` given by `party` covers every debt in `debts`.
pub fn covers(flag_debt: &Option<String>, debts: &[String]) -> bool {
    match flag_debt {
        None => true,
        Some(d) => !debts.is_empty() && debts.iter().all(|x| x == d),
    }
}

/// Window findings.
fn windows(
    raw: &RawContactPolicy,
    acc: &Account,
    zs: &[Tz],
    a: &Attempt,
    out: &mut BTreeSet<String>,
) {
    let consent = raw.consent_lifts_windows.is_some() && acc.flags.iter().any(|f| {
        f.active_at(a.at)
            && matches!(&f.kind, FlagKind::Consent { kind: ConsentKind::OtherTimes, party, debt }
                    if *party == a.party && covers(debt, &a.debts))
    });
    if consent {
        return;
    }
    let by_debtor = a.initiator == Initiator::Party && Some(a.party.as_str()) == debtor(acc);
    for w in &raw.windows {
        if !w.channels.is_empty() && !w.channels.contains(&a.channel) {
            continue;
        }
        if w.skip_debtor_initiated && by_debtor {
            continue;
        }
        let bad = zs.iter().any(|&z| {
            let (d, t) = local(a.at, z);
            let closed = w.closed.iter().any(|c| match c {
                ClosedDay::Saturday => d.weekday() == Weekday::Sat,
                ClosedDay::Sunday => d.weekday() == Weekday::Sun,
                ClosedDay::Holiday => raw.holidays.contains(&d),
                _ => panic!("unknown closed day"),
            });
            closed || !in_window(t, w.start, w.end)
        });
        if bad {
            out.insert(w.rule.id.clone());
        }
    }
}

/// The debts an earlier Reg F call counts toward.
fn attributed(h: &Attempt) -> Vec<String> {
    match h.outcome {
        Outcome::NoAnswer
        | Outcome::Voicemail {
            limited_content: true,
        } => h.debts.iter().take(1).cloned().collect(),
        _ => h.debts.clone(),
    }
}

fn dates(t: DateTime<Utc>, zs: &[Tz]) -> Vec<NaiveDate> {
    zs.iter().map(|&z| local(t, z).0).collect()
}

/// What does not change with the attempt's time: the candidate zones and
/// the local dates of each history entry in them (and in the CN zone).
pub struct Ctx<'a> {
    pub raw: &'a RawContactPolicy,
    pub acc: &'a Account,
    pub history: &'a [Attempt],
    pub ext: Ext,
    pub zs: Vec<Tz>,
    hdates: Vec<Vec<NaiveDate>>,
    hcn: Vec<NaiveDate>,
    /// The local date of each flag's `from` in each candidate zone.
    pub fdates: Vec<Vec<NaiveDate>>,
    /// The history's telephone conversations (indexes).
    pub convs: Vec<usize>,
}

impl<'a> Ctx<'a> {
    /// The context of a generated case: stage 5 times a contact in the
    /// zones of the party reached (`third::zones_for`).
    pub fn for_case(c: &'a Case) -> Ctx<'a> {
        let raw = c.policy.raw();
        let zs = match c.ext {
            Ext::Third => third::zones_for(raw, &c.account, &c.request.party, &c.request.point),
            _ => zones(raw, &c.account),
        };
        Ctx::with_zones(raw, &c.account, &c.history, zs, c.ext)
    }

    pub fn with_zones(
        raw: &'a RawContactPolicy,
        acc: &'a Account,
        history: &'a [Attempt],
        zs: Vec<Tz>,
        ext: Ext,
    ) -> Ctx<'a> {
        let hdates = history.iter().map(|h| dates(h.at, &zs)).collect();
        let hcn = match &raw.cn_daily {
            Some(cn) => history
                .iter()
                .map(|h| local(h.at, cn.zone.tz()).0)
                .collect(),
            None => Vec::new(),
        };
        let fdates = acc.flags.iter().map(|f| dates(f.from, &zs)).collect();
        let convs = (0..history.len())
            .filter(|&i| {
                history[i].channel == Channel::Call && history[i].outcome == Outcome::Conversation
            })
            .collect();
        Ctx {
            raw,
            acc,
            history,
            ext,
            zs,
            hdates,
            hcn,
            fdates,
            convs,
        }
    }
}

/// Whether `h` was placed to a point known at `t` not to have been its
/// party's when dialled (`FlagKind::Misdirected`: known from `from`, the
/// point not the party's until `until`, re-attributed retroactively): not a
/// call to that person (RULES.md §6.1 `us.reg_f.misdirected`). A call the
/// person made from that point is still theirs.
pub fn misdirected(acc: &Account, h: &Attempt, t: DateTime<Utc>) -> bool {
    h.initiator == Initiator::Collector
        && acc.flags.iter().any(|f| {
            f.from <= t
                && f.until.map_or(true, |u| h.at < u)
                && matches!(&f.kind, FlagKind::Misdirected { point } if *point == h.point)
        })
}

/// Reg F 1006.14(b) prongs A and B for a placed call. An earlier entry
/// naming no debt counts toward every debt.
fn reg_f(c: &Ctx, a: &Attempt, out: &mut BTreeSet<String>) {
    let (raw, acc, zs) = (c.raw, c.acc, &c.zs[..]);
    let Some(rf) = &raw.reg_f else { return };
    if !a.channel.is_call() || a.initiator != Initiator::Collector {
        return;
    }
    let role = acc.party(&a.party).map(|p| p.role);
    if role.is_some_and(|r| rf.excluded_roles.contains(&r)) {
        return;
    }
    // A call that does not connect is excluded from the frequencies
    // (RULES.md §6.1 `us.reg_f.call_frequency.excluded` (ii)): placing it
    // breaks neither prong (only audited calls have such an outcome).
    if !a.outcome.is_connected() {
        return;
    }
    let span = rf.window_days as i64 - 1;
    let after = rf.days_after_conversation as i64 - 1;
    let mine = dates(a.at, zs);
    let earlier: Vec<(&Attempt, &Vec<NaiveDate>)> = c
        .history
        .iter()
        .zip(&c.hdates)
        .filter(|(h, _)| h.at <= a.at && h.party == a.party && !misdirected(c.acc, h, a.at))
        .collect();
    let consented = |t: DateTime<Utc>, day: NaiveDate, debt: &str, zi: usize| {
        extras::within_consent(c, t, day, &a.party, debt, zi, rf.consent_days)
    };
    // The attempt is a call about the debts it is attributed to: an
    // unanswered call or a limited-content voicemail about several debts
    // about its first one only (as the earlier calls are counted).
    for debt in &attributed(a) {
        // Prong A: the earlier connected calls the collector placed that
        // count toward `debt`, with their local dates in every zone.
        let counted: Vec<(&Attempt, &Vec<NaiveDate>)> = earlier
            .iter()
            .filter(|(h, _)| {
                h.channel.is_call()
                    && h.initiator == Initiator::Collector
                    && h.outcome.is_connected()
                    && (h.debts.is_empty() || attributed(h).contains(debt))
            })
            .copied()
            .collect();
        let self_counts = a.outcome.is_connected();
        // Zone by zone: a call placed within a consent to extra calls
        // (judged on that zone's dates) is not counted, and the attempt
        // itself, placed within one, breaks neither prong.
        let hit = mine.iter().enumerate().any(|(zi, &d)| {
            if consented(a.at, d, debt, zi) {
                return false;
            }
            let lo = d - Duration::days(span);
            let n = counted
                .iter()
                .filter(|(h, hd)| {
                    hd.iter().any(|&x| lo <= x && x <= d) && !consented(h.at, hd[zi], debt, zi)
                })
                .count()
                + usize::from(self_counts);
            let a_hit = n > rf.max_calls as usize;
            // Prong B.
            let b_hit = earlier.iter().any(|(h, hd)| {
                h.channel == Channel::Call
                    && h.outcome == Outcome::Conversation
                    && h.at < a.at
                    && (h.debts.is_empty() || h.debts.contains(debt))
                    && hd[zi] <= d
                    && d <= hd[zi] + Duration::days(after)
            });
            a_hit || b_hit
        });
        if hit {
            out.insert(rf.rule.id.clone());
        }
    }
}

/// China daily limits.
fn cn_daily(c: &Ctx, a: &Attempt, out: &mut BTreeSet<String>) {
    let Some(cn) = &c.raw.cn_daily else { return };
    if !a.channel.is_call() || a.initiator != Initiator::Collector {
        return;
    }
    let z = cn.zone.tz();
    let day = local(a.at, z).0;
    let same: Vec<&Attempt> = c
        .history
        .iter()
        .zip(&c.hcn)
        .filter(|(h, d)| {
            h.at <= a.at && h.channel.is_call() && h.initiator == Initiator::Collector && **d == day
        })
        .map(|(h, _)| h)
        .collect();
    let planned = a.outcome == Outcome::Planned;
    if planned || a.outcome == Outcome::Conversation {
        let n = same
            .iter()
            .filter(|h| {
                h.party == a.party
                    && h.outcome == Outcome::Conversation
                    && !misdirected(c.acc, h, a.at)
            })
            .count()
            + 1;
        if n > cn.max_conversations as usize {
            out.insert(cn.conversations_rule.id.clone());
        }
    }
    if planned || a.outcome.is_unanswered() {
        let n = same
            .iter()
            .filter(|h| h.point == a.point && h.outcome.is_unanswered())
            .count()
            + 1;
        if n > cn.max_unanswered_dials as usize {
            out.insert(cn.dials_rule.id.clone());
        }
    }
}

/// Flag rules the generator draws (cease, dispute, bankruptcy), for a
/// collection attempt addressed to the debtor. Returns whether a flag
/// blocks for good (an open-ended flag).
pub fn flags(raw: &RawContactPolicy, acc: &Account, a: &Attempt, out: &mut BTreeSet<String>) {
    if a.initiator != Initiator::Collector {
        return;
    }
    for f in acc.flags.iter().filter(|f| f.active_at(a.at)) {
        match &f.kind {
            FlagKind::Cease => {
                if let Some(r) = &raw.flags.cease {
                    if !matches!(a.purpose, Purpose::CeaseTermination | Purpose::RemedyNotice) {
                        out.insert(r.id.clone());
                    }
                }
            }
            FlagKind::Dispute { debt } => {
                if let Some(r) = &raw.flags.dispute {
                    let hit = match debt {
                        None => true,
                        Some(d) => a.debts.contains(d),
                    };
                    if hit && a.purpose == Purpose::Collection {
                        out.insert(r.id.clone());
                    }
                }
            }
            FlagKind::Bankruptcy => {
                if let Some(r) = &raw.flags.bankruptcy {
                    if a.purpose == Purpose::Collection {
                        out.insert(r.id.clone());
                    }
                }
            }
            _ => {}
        }
    }
}

/// Whether an open-ended flag in force blocks `a` (and every later minute).
fn forever(c: &Ctx, a: &Attempt) -> bool {
    match c.ext {
        Ext::Base => {}
        Ext::Third => return third::forever(c, a),
        Ext::Flags | Ext::Visits => return flags::forever(c, a),
    }
    let mut acc = c.acc.clone();
    acc.flags.retain(|f| f.until.is_none());
    let mut out = BTreeSet::new();
    flags(c.raw, &acc, a, &mut out);
    !out.is_empty()
}

/// Whether an open-ended flag blocks `req` from `after` on.
pub fn never(c: &Ctx, req: &ContactRequest, after: DateTime<Utc>) -> bool {
    forever(c, &req.at(after))
}

/// The ids of the blocking findings the model expects.
pub fn check(c: &Ctx, a: &Attempt) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    windows(c.raw, c.acc, &c.zs, a, &mut out);
    reg_f(c, a, &mut out);
    cn_daily(c, a, &mut out);
    flags(c.raw, c.acc, a, &mut out);
    match c.ext {
        Ext::Base => {}
        Ext::Third => third::check(c, a, &mut out),
        Ext::Flags => flags::check(c, a, &mut out),
        Ext::Visits => visits::check(c, a, &mut out),
    }
    out
}

/// The model's `next_permitted`: `Some((minute, ids blocking the minute
/// before))`, or `None` for never (no passing minute within `horizon_days`,
/// the generator keeping every block shorter than that unless a flag never
/// ends).
pub type Next = Option<(DateTime<Utc>, BTreeSet<String>)>;

pub fn next_permitted(
    c: &Ctx,
    req: &ContactRequest,
    after: DateTime<Utc>,
    horizon_days: i64,
) -> Next {
    let mut t = after.with_second(0).unwrap().with_nanosecond(0).unwrap();
    if t < after {
        t += Duration::minutes(1);
    }
    let end = t + Duration::days(horizon_days);
    let mut prev: BTreeSet<String> = BTreeSet::new();
    while t < end {
        let a = req.at(t);
        let v = check(c, &a);
        if forever(c, &a) {
            return None;
        }
        if v.is_empty() {
            return Some((t, prev));
        }
        prev = v;
        t += Duration::minutes(1);
    }
    None
}
