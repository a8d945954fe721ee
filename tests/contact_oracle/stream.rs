//! Stage 10: the streaming auditor (`compliance::contact::stream`).
//!
//! Reference: the library's own `ContactChecker::check`, called for each
//! event against the earlier events of its account (a differential test of
//! the two library paths: the `Auditor` doc promises "exactly the verdict
//! `ContactChecker::check` gives for the same attempt against the whole
//! earlier log of its account"), plus the model (`model::check`) on the
//! event that was the drawn case's attempt, against the same earlier log.
//!
//! A log: one policy (a preset, not varied), one to four accounts, each
//! drawn by one of the other stages' generators (stages 4–9) on that
//! preset, its history and attempt, plus earlier calls and texts to the
//! debtor 10–40 days back and later events up to 30 days on (any party and
//! point of the account, drawn outcomes). The accounts' events are merged
//! in time order; sometimes an event dated before the last one pushed is
//! tried (it must fail and not be recorded).
//!
//! Checked per event: `Auditor::push` (the whole `Verdict`, messages
//! included) and `Auditor::tally` (`Tally::of` the checker's verdict); the
//! keyed input (`AccountBook`, `Event`): `Event::to_attempt` gives the
//! attempt back, `push_event` and `tally_event` as above, and
//! `push_events` / `tally_events` over the whole log equal to the calls one
//! by one. At the end, `AuditorStats`: `accounts` and `attempts` equal
//! `active_accounts()` and `held_attempts()`; the attempts held are no more
//! than those of each account inside the horizon of its last event (the
//! `Auditor` doc: "twice the longest Reg F period plus two days, or the
//! longest counter or reply window", plus a day of slack, see [`stats`]);
//! `keys` no more than the distinct (account, party, debt) keys among
//! those.

use std::collections::{BTreeMap, BTreeSet};

use arrears::compliance::contact::{
    Account, AccountBook, Attempt, Auditor, Channel, ContactChecker, ContactPolicy, DebtId, Event,
    Initiator, Outcome, PointKind, Tally, Verdict,
};
use chrono::{DateTime, Duration, Utc};

use super::gen::{gen_case as base, outcome, Case, Preset, Rng, Scope};
use super::model::{self, Ctx};

pub struct Log {
    pub seed: u64,
    pub preset: Preset,
    pub policy: ContactPolicy,
    pub accounts: Vec<Account>,
    /// (account index, attempt), in time order.
    pub events: Vec<(usize, Attempt)>,
    /// Per account: the drawn case (its `history` replaced by the log
    /// before its attempt) and the index of its attempt in `events`.
    pub cases: Vec<(Case, usize)>,
    /// Index of an event before which an out-of-order event is tried.
    pub bad_at: Option<usize>,
}

fn preset_policy(p: Preset) -> ContactPolicy {
    match p {
        Preset::Us => ContactPolicy::us(),
        Preset::Cn => ContactPolicy::cn(),
        Preset::Uk => ContactPolicy::uk(),
    }
}

/// A case of one of stages 4–9 on `preset`'s unvaried policy.
fn case_on(r: &mut Rng, preset: Preset, policy: &ContactPolicy) -> Case {
    for _ in 0..40 {
        let s = r.next() % 1_000_000;
        let c = match r.range(0, 4) {
            0 => super::third::gen_case(s),
            1 => super::flags::gen_case(s),
            2 => super::extras::gen_case(s),
            3 => super::visits::gen_case(s),
            _ => break,
        };
        if c.preset == preset && c.policy == *policy {
            return c;
        }
    }
    let presets: &'static [Preset] = match preset {
        Preset::Us => &[Preset::Us],
        Preset::Cn => &[Preset::Cn],
        Preset::Uk => &[Preset::Uk],
    };
    base(
        r.next() % 1_000_000,
        Scope {
            presets,
            vary_windows: false,
            history: true,
            consent: true,
            flags: true,
        },
    )
}

/// A random event of account `acc` at `at`: a party and one of its points
/// (or an unowned one), a channel that suits the point.
fn event(r: &mut Rng, acc: &Account, at: DateTime<Utc>, debtor_only: bool) -> Attempt {
    let party = if debtor_only {
        "d".to_string()
    } else {
        r.pick(&acc.parties).id.clone()
    };
    let points: Vec<_> = acc
        .contact_points
        .iter()
        .filter(|p| p.owner.as_deref().map_or(true, |o| o == party))
        .collect();
    let p = if points.is_empty() {
        r.pick(&acc.contact_points)
    } else {
        *r.pick(&points)
    };
    let channel = match p.kind {
        PointKind::Email => Channel::Email,
        PointKind::Postal => *r.pick(&[Channel::Letter, Channel::Visit]),
        PointKind::Workplace => *r.pick(&[Channel::Call, Channel::Letter, Channel::Visit]),
        PointKind::Im => Channel::Im,
        _ if debtor_only => *r.pick(&[Channel::Call, Channel::Call, Channel::Sms]),
        _ => *r.pick(&[
            Channel::Call,
            Channel::Call,
            Channel::Call,
            Channel::Sms,
            Channel::Voicemail,
            Channel::Im,
        ]),
    };
    let out = if channel == Channel::Visit {
        Outcome::Visit(arrears::compliance::contact::VisitFacts {
            collectors: *r.pick(&[1, 2, 2]),
            id_shown: r.pct(80),
            appointment: r.pct(50),
            entered: false,
            consent_to_enter: false,
        })
    } else {
        outcome(r, channel)
    };
    let debts = super::gen::debts(r);
    let debts: Vec<&str> = debts.iter().map(String::as_str).collect();
    let mut a = Attempt::new(at, channel, &party, &p.id, &debts, out);
    if !debtor_only && r.pct(8) {
        a.initiator = Initiator::Party;
    }
    a
}

pub fn gen_log(seed: u64) -> Log {
    let mut r = Rng(seed);
    let preset = *r.pick(&[Preset::Us, Preset::Us, Preset::Cn, Preset::Uk]);
    let policy = preset_policy(preset);
    let n = r.range(1, 4) as usize;
    let mut accounts = Vec::new();
    let mut per: Vec<(Case, Vec<Attempt>)> = Vec::new();
    for i in 0..n {
        let mut c = case_on(&mut r, preset, &policy);
        c.account.id = format!("A{i}");
        let at = c.attempt.at;
        let mut log: Vec<Attempt> = Vec::new();
        for _ in 0..r.range(0, 6) {
            let t = at - Duration::minutes(r.range(10 * 24 * 60, 40 * 24 * 60));
            log.push(event(&mut r, &c.account, t, true));
        }
        log.extend(c.history.iter().cloned());
        log.sort_by_key(|h| h.at);
        log.push(c.attempt.clone());
        for _ in 0..*r.pick(&[0i64, 3, 8, 15]) {
            let t = at + Duration::minutes(r.range(0, 30 * 24 * 60));
            let mut e = event(&mut r, &c.account, t, false);
            if r.pct(10) {
                e.at += Duration::seconds(r.range(1, 59));
            }
            log.push(e);
        }
        log.sort_by_key(|h| h.at);
        accounts.push(c.account.clone());
        per.push((c, log));
    }
    let mut events: Vec<(usize, Attempt)> = per
        .iter()
        .enumerate()
        .flat_map(|(i, (_, l))| l.iter().map(move |a| (i, a.clone())))
        .collect();
    events.sort_by_key(|(_, a)| a.at);
    let mut cases = Vec::new();
    for (i, (mut c, _)) in per.into_iter().enumerate() {
        let k = events
            .iter()
            .position(|(j, a)| *j == i && *a == c.attempt)
            .expect("the case's attempt is in the log");
        c.history = events[..k]
            .iter()
            .filter(|(j, _)| *j == i)
            .map(|(_, a)| a.clone())
            .collect();
        cases.push((c, k));
    }
    let bad_at = if r.pct(20) && events.len() > 2 {
        Some(r.range(1, events.len() as i64 - 1) as usize)
    } else {
        None
    };
    Log {
        seed,
        preset,
        policy,
        accounts,
        events,
        cases,
        bad_at,
    }
}

fn same(
    what: &str,
    k: usize,
    got: &Result<Verdict, String>,
    want: &Result<Verdict, String>,
) -> Option<String> {
    (got != want).then(|| format!("event {k}: {what}: auditor {got:?}, check {want:?}"))
}

/// The disagreements for one log.
pub fn problems(l: &Log) -> Vec<String> {
    let mut out = Vec::new();
    let checker = ContactChecker::new(&l.policy);
    let mut pusher = Auditor::new(&checker);
    let mut tallier = Auditor::new(&checker);
    let mut hist: Vec<Vec<Attempt>> = vec![Vec::new(); l.accounts.len()];
    let mut wants: Vec<Result<Verdict, String>> = Vec::new();
    for (k, (i, a)) in l.events.iter().enumerate() {
        let acc = &l.accounts[*i];
        if l.bad_at == Some(k) {
            let mut early = a.clone();
            early.at = l.events[k - 1].1.at - Duration::seconds(1);
            if pusher.push(&early, acc).is_ok() || tallier.tally(&early, acc).is_ok() {
                out.push(format!(
                    "event {k}: an attempt dated before the last one passed"
                ));
            }
        }
        let want = checker.check(a, &hist[*i], acc).map_err(|e| e.to_string());
        let got = pusher.push(a, acc).map_err(|e| e.to_string());
        let t = tallier.tally(a, acc).map_err(|e| e.to_string());
        let tw = want.as_ref().map(Tally::of).map_err(Clone::clone);
        out.extend(same("push", k, &got, &want));
        if t != tw {
            out.push(format!("event {k}: tally {t:?}, check {tw:?}"));
        }
        if want.is_ok() {
            hist[*i].push(a.clone());
        }
        wants.push(want);
    }
    for (c, k) in &l.cases {
        let ctx = Ctx::for_case(c);
        let m = model::check(&ctx, &l.events[*k].1);
        if let Ok(v) = &wants[*k] {
            let got: BTreeSet<String> = v.violated_ids().into_iter().map(String::from).collect();
            if got != m {
                out.push(format!(
                    "event {k} (case {}): check {got:?}, model {m:?}",
                    c.seed
                ));
            }
        }
    }
    stats(l, &pusher, &mut out);
    keyed(l, &checker, &wants, &mut out);
    out
}

/// The horizon the `Auditor` doc gives, for this policy: "twice the
/// longest Reg F period plus two days, or the longest counter or reply
/// window", read as the longest of the three, the first two days without
/// Reg F (what the library keeps for `cn` and `uk`: 24 hours, the reply
/// window alone, is too short for it).
fn horizon(p: &ContactPolicy) -> Duration {
    let raw = p.raw();
    let longest = raw.reg_f.as_ref().map_or(0, |rf| {
        rf.window_days.max(rf.days_after_conversation) as i64
    });
    let mut h = Duration::days(2 * longest + 2).max(Duration::hours(raw.flags.reply_hours as i64));
    for c in &raw.counters {
        h = h.max(Duration::minutes(c.window_minutes as i64));
    }
    h
}

fn stats(l: &Log, a: &Auditor, out: &mut Vec<String>) {
    let s = a.stats();
    if s.accounts != a.active_accounts() || s.attempts != a.held_attempts() {
        out.push(format!(
            "stats {s:?}: active_accounts {}, held_attempts {}",
            a.active_accounts(),
            a.held_attempts()
        ));
    }
    // A day of slack: the library holds, without Reg F (`cn`, `uk`), an
    // attempt up to about three days old (a doc gap: the doc gives no
    // horizon without Reg F; two days is read from "plus two days").
    let h = horizon(&l.policy) + Duration::days(1);
    let mut inside = 0;
    let mut keys: BTreeSet<(usize, String, String)> = BTreeSet::new();
    for i in 0..l.accounts.len() {
        let mine: Vec<&Attempt> = l
            .events
            .iter()
            .filter(|(j, _)| *j == i)
            .map(|(_, a)| a)
            .collect();
        let Some(last) = mine.last().map(|a| a.at) else {
            continue;
        };
        for e in mine.iter().filter(|e| e.at >= last - h) {
            inside += 1;
            for d in &e.debts {
                keys.insert((i, e.party.clone(), d.clone()));
            }
        }
    }
    if s.attempts > inside || s.keys > keys.len() || s.accounts > l.accounts.len() {
        out.push(format!(
            "stats {s:?}: {inside} attempts and {} (account, party, debt) keys inside the horizon ({h}) of {} accounts",
            keys.len(),
            l.accounts.len()
        ));
    }
}

/// The keyed path: events of an `AccountBook`, one by one and in batches.
fn keyed(
    l: &Log,
    checker: &ContactChecker,
    wants: &[Result<Verdict, String>],
    out: &mut Vec<String>,
) {
    let mut book = AccountBook::new(checker, &l.accounts).expect("book");
    let mut ids: BTreeMap<String, DebtId> = BTreeMap::new();
    for d in super::gen::DEBTS {
        ids.insert(d.to_string(), book.debt(d).expect("debt"));
    }
    let mut events = Vec::new();
    for (k, (i, a)) in l.events.iter().enumerate() {
        let acc = &l.accounts[*i];
        let debts: Vec<DebtId> = a.debts.iter().map(|d| ids[d]).collect();
        let e = event_of(a, acc, *i as u32, &debts);
        match e.to_attempt(&book) {
            Ok((back, acc2)) if back == *a && acc2 == acc => {}
            x => out.push(format!("event {k}: to_attempt {x:?}, want {a:?}")),
        }
        events.push(e);
    }
    let mut pusher = Auditor::new(checker);
    let mut tallier = Auditor::new(checker);
    let mut one_push = Vec::new();
    let mut one_tally = Vec::new();
    for (k, e) in events.iter().enumerate() {
        let got = pusher.push_event(e, &book).map_err(|e| e.to_string());
        let t = tallier.tally_event(e, &book).map_err(|e| e.to_string());
        let tw = wants[k].as_ref().map(Tally::of).map_err(Clone::clone);
        if got != wants[k] {
            out.extend(same("push_event", k, &got, &wants[k]));
        } else if t != tw {
            let ids = wants[k]
                .as_ref()
                .map(|v| (v.violated_ids(), v.warning_ids()));
            out.push(format!(
                "event {k}: tally_event {t:?}, check {tw:?} {ids:?}"
            ));
        }
        one_push.push(got);
        one_tally.push(t);
    }
    let mut bp = Auditor::new(checker);
    let batch: Vec<_> = bp
        .push_events(&events, &book)
        .map(|v| v.map_err(|e| e.to_string()))
        .collect();
    if batch != one_push {
        out.push("push_events differs from push_event one by one".into());
    }
    let mut bt = Auditor::new(checker);
    let batch: Vec<_> = bt
        .tally_events(&events, &book)
        .map(|v| v.map_err(|e| e.to_string()))
        .collect();
    if batch != one_tally {
        out.push("tally_events differs from tally_event one by one".into());
    }
    if bp.held_attempts() != pusher.held_attempts() || bt.held_attempts() != tallier.held_attempts()
    {
        out.push(format!(
            "held attempts: push_events {} / push_event {}, tally_events {} / tally_event {}",
            bp.held_attempts(),
            pusher.held_attempts(),
            bt.held_attempts(),
            tallier.held_attempts()
        ));
    }
}

/// The keyed event of attempt `a` on account `acc` (number `account` in
/// the book), about `debts` (the book's ids of `a.debts`).
pub fn event_of(a: &Attempt, acc: &Account, account: u32, debts: &[DebtId]) -> Event {
    let mut e = Event::new(a.at, account, 0, 0, debts, a.channel, a.outcome).expect("event");
    e.party = acc.parties.iter().position(|p| p.id == a.party).unwrap() as u8;
    e.point = acc
        .contact_points
        .iter()
        .position(|p| p.id == a.point)
        .unwrap() as u8;
    e.initiator = a.initiator;
    e.purpose = a.purpose;
    e.discloses_debt = a.discloses_debt;
    e.recorded = a.recorded;
    e.retention_days = a.retention_days;
    e.identity_verified = a.identity_verified;
    e.repeat_reason = a.repeat_reason;
    e
}

pub fn describe(l: &Log) -> String {
    let mut s = format!(
        "log seed {} preset {:?}, {} accounts\n",
        l.seed,
        l.preset,
        l.accounts.len()
    );
    for a in &l.accounts {
        s += &format!(
            "  account {} parties {:?}\n    points {:?}\n    locations {:?}\n    flags {:?}\n",
            a.id,
            a.parties
                .iter()
                .map(|p| (p.id.as_str(), p.role))
                .collect::<Vec<_>>(),
            a.contact_points
                .iter()
                .map(|p| (p.id.as_str(), p.kind, p.owner.as_deref(), &p.zones))
                .collect::<Vec<_>>(),
            a.locations,
            a.flags
        );
    }
    for (c, k) in &l.cases {
        s += &format!("  case seed {} ({:?}) is event {k}\n", c.seed, c.ext);
    }
    for (k, (i, a)) in l.events.iter().enumerate() {
        s += &format!(
            "  {k}: A{i} {} {:?} {:?} {} {} {:?} {:?} {:?} disc {} id {} rep {:?}\n",
            a.at,
            a.channel,
            a.initiator,
            a.party,
            a.point,
            a.debts,
            a.outcome,
            a.purpose,
            a.discloses_debt,
            a.identity_verified,
            a.repeat_reason
        );
    }
    s
}
