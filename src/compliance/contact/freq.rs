//! Frequency rules: the Reg F presumptions, China's daily limits and
//! generic rolling counters.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::check::{debt_note, ContactChecker, Ctx};
use super::model::{Attempt, ConsentKind, FlagKind, Outcome, Purpose};
use super::policy::{CounterCounts, CounterScope, RegFFrequency};
use super::time::{add_days, date_in, midnight, minus, plus, sub_days};
use super::verdict::{Clears, Verdict};

pub(crate) fn check(ck: &ContactChecker, cx: &Ctx<'_>, v: &mut Verdict) {
    let r = &ck.policy.raw;
    if let Some(rf) = &r.reg_f {
        reg_f(rf, cx, v);
    }
    if let Some(c) = &r.cn_daily {
        cn_daily(c, cx, v);
    }
    for c in &r.counters {
        counter(c, cx, v);
    }
}

fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

fn misdirected(cx: &Ctx<'_>, point: &str) -> bool {
    cx.acct
        .flags
        .iter()
        .any(|f| matches!(&f.kind, FlagKind::Misdirected { point: p } if p == point))
}

fn about(c: &Attempt, debt: &str) -> bool {
    if debt.is_empty() {
        c.debts.is_empty()
    } else {
        c.debts.iter().any(|d| d == debt)
    }
}

/// Whether the call `c` (to the attempt's party) falls in a consent window
/// for `debt`, judged in zone `z`.
fn within_consent(
    rf: &RegFFrequency,
    cx: &Ctx<'_>,
    c: &Attempt,
    debt: &str,
    z: super::model::Zone,
) -> bool {
    cx.acct.flags.iter().any(|f| {
        let FlagKind::Consent {
            kind: ConsentKind::ExtraCalls,
            party,
            debt: fd,
        } = &f.kind
        else {
            return false;
        };
        if *party != c.party || fd.as_ref().is_some_and(|d| d != debt) {
            return false;
        }
        if c.at < f.from || f.until.is_some_and(|u| c.at >= u) {
            return false;
        }
        let cd = date_in(c.at, z);
        let k = date_in(f.from, z);
        let last = add_days(k, rf.consent_days.saturating_sub(1)).unwrap_or(NaiveDate::MAX);
        if cd < k || cd > last {
            return false;
        }
        // A conversation about the debt ends the consent early; one that
        // names no debt is about every debt.
        !cx.h.iter().any(|x| {
            x.party == c.party
                && x.channel.is_call()
                && x.outcome == Outcome::Conversation
                && attributed_to(x, debt)
                && x.at >= f.from
                && x.at < c.at
        })
    })
}

/// Outcomes that Reg F lets the collector attribute to one debt only: an
/// unanswered call or a limited-content voicemail (cmt 14(b)(4)-1).
pub(crate) fn single_debt(o: Outcome) -> bool {
    matches!(
        o,
        Outcome::NoAnswer
            | Outcome::Voicemail {
                limited_content: true
            }
    )
}

/// Whether call `c` counts toward `debt` (`us.reg_f.multi_debt`): an
/// unanswered call or limited-content voicemail about several debts counts
/// toward the first listed (the collector's recorded choice); anything else
/// toward each debt it is about. A call that names no debt counts toward
/// every debt: RULES.md §6.1 has it count toward at least one, the
/// collector's pick, and with no pick recorded the conservative reading is
/// each of them.
fn counts_toward(c: &Attempt, debt: &str) -> bool {
    if single_debt(c.outcome) && c.debts.len() > 1 {
        return c.debts.first().is_some_and(|d| d == debt);
    }
    attributed_to(c, debt)
}

/// [`about`], with a call that names no debt about every debt.
fn attributed_to(c: &Attempt, debt: &str) -> bool {
    c.debts.is_empty() || about(c, debt)
}

fn calls<'a>(cx: &'a Ctx<'_>, debt: &'a str) -> impl Iterator<Item = &'a Attempt> + 'a {
    let a = cx.a;
    cx.h.iter().filter(move |c| {
        c.at <= a.at
            && c.party == a.party
            && c.by_collector()
            && c.channel.is_call()
            && c.outcome.is_connected()
            && counts_toward(c, debt)
            && !misdirected(cx, &c.point)
    })
}

fn reg_f(rf: &RegFFrequency, cx: &Ctx<'_>, v: &mut Verdict) {
    let a = cx.a;
    if !a.by_collector() || !a.channel.is_call() || !a.outcome.is_connected() {
        return;
    }
    if rf.excluded_roles.contains(&cx.role) || misdirected(cx, &a.point) {
        return;
    }
    // A call that names no debt counts toward each debt the history names
    // (see `counts_toward`), or toward "no debt" if it names none.
    let named: Vec<String>;
    let debts: &[String] = if a.debts.is_empty() {
        // The debts named to this person before the attempt, within the
        // longest look-back of the rule (and a day for the zones), so that
        // neither later entries nor older ones outside the streaming
        // horizon change the verdict.
        let back = rf
            .window_days
            .max(rf.days_after_conversation)
            .max(rf.consent_days);
        let from = minus(a.at, Duration::days(i64::from(back) + 1));
        let mut n: Vec<String> =
            cx.h.iter()
                .filter(|c| c.party == a.party && c.at <= a.at && c.at >= from)
                .flat_map(|c| c.debts.iter().cloned())
                .collect();
        n.sort_unstable();
        n.dedup();
        if n.is_empty() {
            n.push(String::new());
        }
        named = n;
        &named
    } else if single_debt(a.outcome) {
        &a.debts[..1]
    } else {
        &a.debts
    };
    let blocks_before = v.violations.len();
    let max = rf.max_calls as usize;
    let label = |debt: &str| {
        if debt.is_empty() {
            "no debt".to_owned()
        } else {
            format!("debt `{debt}`")
        }
    };
    // The attempt's local date in each candidate zone, computed once.
    let das: Vec<NaiveDate> = cx.zones.iter().map(|z| date_in(a.at, *z)).collect();
    for debt in debts {
        let debt = debt.as_str();
        // Prong A: for the seven days ending on the attempt's date in each
        // zone, a call counts if it falls on one of them in any candidate
        // zone (gap 12: a call counts on every date it falls on).
        let mut worst: Option<(usize, NaiveDate, NaiveDate, Vec<DateTime<Utc>>)> = None;
        let mut clear_a: Option<DateTime<Utc>> = None;
        // Prong B: (conversation date, its time, when the quiet period ends).
        let mut hit: Option<(NaiveDate, DateTime<Utc>, DateTime<Utc>)> = None;
        for (z, da) in cx.zones.iter().zip(das.iter().copied()) {
            if within_consent(rf, cx, a, debt, *z) {
                continue;
            }
            let first = sub_days(da, rf.window_days.saturating_sub(1));
            let in_window = |c: &&Attempt| {
                cx.zones.iter().any(|z2| {
                    let d = date_in(c.at, *z2);
                    d >= first && d <= da
                }) && !within_consent(rf, cx, c, debt, *z)
            };
            let n = calls(cx, debt).filter(in_window).count() + 1;
            if n > max {
                let mut times: Vec<DateTime<Utc>> =
                    calls(cx, debt).filter(in_window).map(|c| c.at).collect();
                times.sort_unstable();
                // The max-th most recent counted call decides when it clears:
                // it counts until the period has passed its latest date.
                let pivot = times.len().saturating_sub(max);
                let dm = times.get(pivot).map_or(da, |t| {
                    cx.zones
                        .iter()
                        .map(|z2| date_in(*t, *z2))
                        .max()
                        .unwrap_or(da)
                });
                if let Some(m) = add_days(dm, rf.window_days).and_then(|d| midnight(*z, d)) {
                    clear_a = Some(clear_a.map_or(m, |c| c.max(m)));
                }
                if worst.as_ref().map_or(true, |w| n > w.0) {
                    worst = Some((n, first, da, times));
                }
            }
            // Conversations (collector-placed, or consumer-initiated) start
            // the quiet period.
            for c in cx.h.iter().filter(|c| {
                c.at < a.at
                    && c.party == a.party
                    && c.channel.is_call()
                    && c.outcome == Outcome::Conversation
                    && attributed_to(c, debt)
                    && (!c.by_collector() || !misdirected(cx, &c.point))
            }) {
                let dv = date_in(c.at, *z);
                let end = add_days(dv, rf.days_after_conversation).unwrap_or(NaiveDate::MAX);
                if da < end {
                    if let Some(m) = midnight(*z, end) {
                        if hit.map_or(true, |h| m > h.2) {
                            hit = Some((dv, c.at, m));
                        }
                    }
                }
            }
        }
        if let Some((n, first, last, times)) = worst {
            v.block(
                &rf.rule,
                format!(
                    "presumed violation: {} call to this person about {} within {first}..{last}; limit is {}",
                    ordinal(n),
                    label(debt),
                    rf.max_calls
                ),
                times,
                clear_a.map_or(Clears::Never, Clears::At),
            );
        }
        if let Some((dv, at, clear)) = hit {
            let first_ok = add_days(dv, rf.days_after_conversation).unwrap_or(NaiveDate::MAX);
            v.block(
                &rf.rule,
                format!(
                    "presumed violation: call to this person about {} within {} days after the conversation on {dv} (day 1); first permitted day is {first_ok}",
                    label(debt),
                    rf.days_after_conversation
                ),
                vec![at],
                Clears::At(clear),
            );
        }
    }
    // Rebuttal flags (output, not verdicts).
    rebuttal_factors(rf, cx, v, v.violations.len() > blocks_before);
    if a.outcome.is_unanswered() {
        let from = minus(a.at, Duration::minutes(i64::from(rf.rapid_minutes)));
        let rapid: Vec<DateTime<Utc>> =
            cx.h.iter()
                .filter(|c| {
                    c.at >= from
                        && c.at <= a.at
                        && c.point == a.point
                        && c.by_collector()
                        && c.channel.is_call()
                        && c.outcome.is_unanswered()
                })
                .map(|c| c.at)
                .collect();
        if !rapid.is_empty() {
            v.warn(
                &rf.rebuttal,
                format!(
                    "rapid succession: {} unanswered calls to `{}` within {} minutes",
                    rapid.len() + 1,
                    a.point,
                    rf.rapid_minutes
                ),
                rapid,
            );
        }
    }
    if let Some(z) = cx.zones.first() {
        let da = das[0];
        let same_day: Vec<DateTime<Utc>> =
            cx.h.iter()
                .filter(|c| {
                    c.at <= a.at
                        && c.party == a.party
                        && c.by_collector()
                        && c.channel.is_call()
                        && date_in(c.at, *z) == da
                })
                .map(|c| c.at)
                .collect();
        let n = same_day.len() + 1;
        if n >= rf.concentration_per_day as usize {
            v.warn(
                &rf.rebuttal,
                format!(
                    "concentration: {n} calls to this person on {da} (`{z}`); flag is {}",
                    rf.concentration_per_day
                ),
                same_day,
            );
        }
    }
}

/// Rebuttal factors other than rapid succession and concentration
/// (`us.reg_f.rebuttal_flags`): a call required by law, answering the
/// consumer's request, tied to active litigation or carrying time-sensitive
/// information outside the collector's control can rebut a presumed
/// violation; a prior stop request, refusal, pending dispute or prior
/// abusive conduct can rebut a presumed compliance.
fn rebuttal_factors(rf: &RegFFrequency, cx: &Ctx<'_>, v: &mut Verdict, violated: bool) {
    let a = cx.a;
    let mut ev = Vec::new();
    let mut what = Vec::new();
    if violated {
        match a.purpose {
            Purpose::LegallyRequiredNotice => what.push("the call is required by law".to_owned()),
            Purpose::ReplyToDebtor => {
                what.push("the call responds to the consumer's request".to_owned());
            }
            _ => {}
        }
    }
    let on = |debt: &Option<String>| debt.as_ref().map_or(true, |d| about(a, d));
    for f in cx.acct.flags.iter().filter(|f| f.active_at(a.at)) {
        let factor = match (&f.kind, violated) {
            (FlagKind::Litigation { debt }, true) if on(debt) => format!(
                "the call is tied to active litigation{}",
                debt_note(debt.as_deref())
            ),
            (FlagKind::TimeSensitive { debt, reason }, true) if on(debt) => format!(
                "time-sensitive information outside the collector's control{} ({reason})",
                debt_note(debt.as_deref())
            ),
            (FlagKind::Refused { party }, false) if *party == a.party => {
                "a prior stop request or refusal".to_owned()
            }
            (FlagKind::Dispute { debt }, false) if on(debt) => {
                format!("a dispute{}", debt_note(debt.as_deref()))
            }
            (FlagKind::PriorAbuse { party }, false) if *party == a.party => {
                "prior abusive conduct toward this person".to_owned()
            }
            _ => continue,
        };
        what.push(factor);
        ev.push(f.from);
    }
    if what.is_empty() {
        return;
    }
    let presumed = if violated { "violation" } else { "compliance" };
    let factors = if what.len() == 1 {
        "a factor that can"
    } else {
        "factors that can"
    };
    v.warn(
        &rf.rebuttal,
        format!(
            "{}: {factors} rebut the presumed {presumed}",
            what.join(", ")
        ),
        ev,
    );
}

fn cn_daily(c: &super::policy::CnDaily, cx: &Ctx<'_>, v: &mut Verdict) {
    let a = cx.a;
    if !a.by_collector() || !a.channel.is_call() {
        return;
    }
    let da = date_in(a.at, c.zone);
    let next = add_days(da, 1)
        .and_then(|d| midnight(c.zone, d))
        .map_or(Clears::Never, Clears::At);
    let same_day = |x: &&Attempt| {
        x.at <= a.at && x.by_collector() && x.channel.is_call() && date_in(x.at, c.zone) == da
    };
    if matches!(a.outcome, Outcome::Conversation | Outcome::Planned) {
        let ev: Vec<DateTime<Utc>> =
            cx.h.iter()
                .filter(|x| same_day(x) && x.party == a.party && x.outcome == Outcome::Conversation)
                .map(|x| x.at)
                .collect();
        let n = ev.len() + 1;
        if n > c.max_conversations as usize {
            v.block(
                &c.conversations_rule,
                format!(
                    "{} effective conversation with this person on {da} (`{}`); limit is {}",
                    ordinal(n),
                    c.zone,
                    c.max_conversations
                ),
                ev,
                next,
            );
        }
    }
    if a.outcome.is_unanswered() || a.outcome == Outcome::Planned {
        let ev: Vec<DateTime<Utc>> =
            cx.h.iter()
                .filter(|x| same_day(x) && x.point == a.point && x.outcome.is_unanswered())
                .map(|x| x.at)
                .collect();
        let n = ev.len() + 1;
        if n > c.max_unanswered_dials as usize {
            v.block(
                &c.dials_rule,
                format!(
                    "{} unanswered dial to number `{}` on {da} (`{}`); limit is {}",
                    ordinal(n),
                    a.point,
                    c.zone,
                    c.max_unanswered_dials
                ),
                ev,
                next,
            );
        }
    }
}

fn counts(k: CounterCounts, o: Outcome) -> bool {
    match k {
        CounterCounts::Attempts => true,
        CounterCounts::Connected => o.is_connected(),
        CounterCounts::Conversations => matches!(o, Outcome::Conversation | Outcome::Planned),
    }
}

fn counter(c: &super::policy::Counter, cx: &Ctx<'_>, v: &mut Verdict) {
    let a = cx.a;
    let matches = |x: &Attempt| {
        x.by_collector() && (c.channels.is_empty() || c.channels.contains(&x.channel))
    };
    if !matches(a) || !counts(c.counts, a.outcome) {
        return;
    }
    let w = Duration::minutes(i64::from(c.window_minutes));
    let from = minus(a.at, w);
    let same_scope = |x: &Attempt| match c.scope {
        CounterScope::Account => true,
        CounterScope::Party => x.party == a.party,
        // An attempt that names no debt is about every debt (as for Reg F,
        // `attributed_to`), on either side.
        CounterScope::PartyDebt => {
            x.party == a.party
                && (x.debts.is_empty()
                    || a.debts.is_empty()
                    || x.debts.iter().any(|d| a.debts.contains(d)))
        }
        CounterScope::ContactPoint => x.point == a.point,
    };
    let mut ev: Vec<DateTime<Utc>> =
        cx.h.iter()
            .filter(|x| {
                x.at > from
                    && x.at <= a.at
                    && matches(x)
                    && same_scope(x)
                    && x.outcome != Outcome::Planned
                    && counts(c.counts, x.outcome)
            })
            .map(|x| x.at)
            .collect();
    let n = ev.len() + 1;
    let limit = c.limit as usize;
    if n > limit {
        ev.sort_unstable();
        let pivot = ev.len().saturating_sub(limit);
        let clears = ev
            .get(pivot)
            .map_or(Clears::Never, |t| Clears::At(plus(*t, w)));
        v.block(
            &c.rule,
            format!(
                "{} contact within {} minutes ({}..{}); limit is {}",
                ordinal(n),
                c.window_minutes,
                from.format("%Y-%m-%d %H:%M"),
                a.at.format("%Y-%m-%d %H:%M"),
                c.limit
            ),
            ev,
            clears,
        );
    }
}
