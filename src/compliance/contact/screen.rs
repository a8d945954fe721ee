//! The auditor's fast screen: decides from compact records and cached zone
//! offsets whether a rule can produce a finding, so that clean events cost a
//! few comparisons and no allocation. Whatever the screen flags is re-run by
//! the exact rule code, so verdicts stay identical to
//! [`ContactChecker::check`](super::ContactChecker::check).

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};

use super::check::ContactChecker;
use super::compact::{key, Acct, Rec, RecRead, Sym, NOT_MULTI, O_NO_ANSWER, O_VOICEMAIL_LIMITED};
use super::freq;
use super::model::{Attempt, Channel, Flag, FlagKind, Initiator, Outcome, Purpose, Role, Zone};
use super::policy::ThirdPartyRules;
use super::time::{in_range, is_closed, minus};
use super::tzcache::TzCache;

mod text;

pub(crate) use text::{window_findings, WindowText};

const DAY: i64 = 86_400;
/// `NaiveDate::num_days_from_ce` of 1970-01-01.
const EPOCH_CE: i64 = 719_163;

/// Whether the account's flags let the screen be used: none that the screen
/// does not model (consent and misdirected-number flags; with Reg F, the
/// dispute, refusal, litigation, time-sensitive and prior-abuse flags that
/// are rebuttal factors).
pub(crate) fn flags_ok(ck: &ContactChecker, flags: &[Flag]) -> bool {
    let reg_f = ck.policy.raw.reg_f.is_some();
    !flags.iter().any(|f| match f.kind {
        FlagKind::Consent { .. } | FlagKind::Misdirected { .. } => true,
        FlagKind::Dispute { .. }
        | FlagKind::Refused { .. }
        | FlagKind::Litigation { .. }
        | FlagKind::TimeSensitive { .. }
        | FlagKind::PriorAbuse { .. } => reg_f,
        _ => false,
    })
}

/// Whether the screen may be used for an attempt (flags aside): not a reply
/// or opt-out confirmation (they read the history), not a China
/// phone-book-blast check.
pub(crate) fn eligible(
    ck: &ContactChecker,
    purpose: Purpose,
    channel: Channel,
    role: Role,
) -> bool {
    if matches!(
        purpose,
        Purpose::ReplyToDebtor | Purpose::OptOutConfirmation
    ) {
        return false;
    }
    let cn_contact = matches!(ck.policy.raw.third_party, Some(ThirdPartyRules::Cn { .. }))
        && (role.is_contact() || role == Role::Spouse)
        && matches!(channel, Channel::Sms | Channel::Im);
    !cn_contact
}

/// Local day number (days since 1970-01-01) of Unix second `secs` in `z`.
#[inline(always)]
fn day(tz: &mut TzCache, z: Zone, secs: i64) -> Option<i64> {
    local_day(tz, z, secs).map(|(d, _)| d)
}

/// Whether the instant `secs` falls on a day in `lo..=hi` in any of
/// `zones` (Reg F's seven days hold each call that falls on one of them in
/// any candidate zone, RULES.md §10 gap 12, as the exact rule counts).
fn on_a_day_in(tz: &mut TzCache, zones: &[Zone], secs: i64, (lo, hi): (i64, i64)) -> Option<bool> {
    for z in zones {
        let d = day(tz, *z, secs)?;
        if d >= lo && d <= hi {
            return Some(true);
        }
    }
    Some(false)
}

/// [`day`] and the UTC offset (seconds) it was taken at.
#[inline(always)]
fn local_day(tz: &mut TzCache, z: Zone, secs: i64) -> Option<(i64, i32)> {
    let off = tz.offset(z, secs)?;
    Some(((secs + i64::from(off)).div_euclid(DAY), off))
}

/// Whether `z` has a local midnight starting day `d` (days since
/// 1970-01-01; [`time::midnight`](super::time::midnight) finds an instant):
/// at once where the cached span last answered says the offset `hint` holds
/// at the instant it would give, else asked of chrono-tz. `None` out of the
/// calendar's range. Out of line: it runs only for a quiet-period hit, and
/// inlined, its set-up would be hoisted into [`reg_f_tally`]'s record loop.
#[inline(never)]
fn midnight_placed(tz: &TzCache, z: Zone, d: i64, hint: i32) -> Option<bool> {
    let date = NaiveDate::from_num_days_from_ce_opt(i32::try_from(d.checked_add(EPOCH_CE)?).ok()?)?;
    let at = d
        .checked_mul(DAY)
        .and_then(|m| m.checked_sub(i64::from(hint)));
    if at.is_some_and(|t| tz.offset_hot(z, t) == Some(hint)) {
        return Some(true);
    }
    Some(super::time::midnight(z, date).is_some())
}

/// Most debts a [`View`] names (the attempt API screens up to eight).
const MAX_VIEW_DEBTS: usize = 8;

/// How many window rules the attempt breaks (exact), or `None` if the
/// screen cannot tell (out of range, leap second).
#[inline(always)]
pub(crate) fn windows(ck: &ContactChecker, a: &View<'_>, tz: &mut TzCache) -> Option<u32> {
    let zones = a.zones;
    let r = &ck.policy.raw;
    let (secs, nanos) = a.now;
    if nanos >= 1_000_000_000 {
        return None;
    }
    let mut fails = 0;
    for w in &r.windows {
        if !w.channels.is_empty() && !w.channels.contains(&a.channel) {
            continue;
        }
        if w.skip_debtor_initiated && a.initiator == Initiator::Party {
            continue;
        }
        for z in zones {
            let l = secs + i64::from(tz.offset(*z, secs)?);
            if !w.closed.is_empty() {
                let days = i32::try_from(l.div_euclid(DAY) + EPOCH_CE).ok()?;
                let d = NaiveDate::from_num_days_from_ce_opt(days)?;
                if is_closed(w, d, &r.holidays) {
                    fails += 1;
                    break;
                }
            }
            let tod = u32::try_from(l.rem_euclid(DAY)).ok()?;
            let t = NaiveTime::from_num_seconds_from_midnight_opt(tod, nanos)?;
            if !in_range(t, w.start, w.end) {
                fails += 1;
                break;
            }
        }
    }
    Some(fails)
}

/// A debt of the checked attempt as the screen sees it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DebtKey {
    /// The name is empty (`about` then means "names no debt").
    pub(crate) empty: bool,
    /// Its bit in the account's debt table (0 if no record names it).
    pub(crate) bit: u32,
}

/// The key of an attempt that names no debt.
static UNATTRIBUTED: [DebtKey; 1] = [DebtKey {
    empty: true,
    bit: 0,
}];

/// The debts a placed call counts toward (Reg F multi-debt attribution):
/// the unattributed key when it names none, the first one when it is
/// unanswered or a limited-content voicemail, else all of them.
fn counted_debts<'a>(a: &View<'a>) -> &'a [DebtKey] {
    if a.debts.is_empty() {
        &UNATTRIBUTED
    } else if freq::single_debt(a.outcome) {
        &a.debts[..1]
    } else {
        a.debts
    }
}

/// What the screen sees of the checked attempt: ids, not strings.
pub(crate) struct View<'a> {
    pub(crate) at: DateTime<Utc>,
    /// `(seconds, nanos)` of `at` ([`key`]).
    pub(crate) now: (i64, u32),
    pub(crate) channel: Channel,
    pub(crate) initiator: Initiator,
    pub(crate) outcome: Outcome,
    pub(crate) role: Role,
    pub(crate) zones: &'a [Zone],
    /// The attempt's party and point as compact ids (if the history names them).
    pub(crate) party: Option<u8>,
    pub(crate) point: Option<u8>,
    /// The attempt's debts, in order.
    pub(crate) debts: &'a [DebtKey],
}

impl View<'_> {
    fn by_collector(&self) -> bool {
        self.initiator == Initiator::Collector
    }
}

fn about(r: &impl RecRead, d: DebtKey) -> bool {
    if d.empty {
        r.debts() == 0
    } else {
        r.debts() & d.bit != 0
    }
}

/// `freq::counts_toward` on a record.
fn counts_toward(r: &impl RecRead, d: DebtKey) -> bool {
    let first = r.first();
    if first != NOT_MULTI && (r.outcome() == O_NO_ANSWER || r.outcome() == O_VOICEMAIL_LIMITED) {
        return d.bit == 1 << first;
    }
    about(r, d)
}

/// Whether a frequency rule may produce a finding (conservative: `true`
/// means "run the exact rule"); `None` if the screen cannot tell. `recs`:
/// the account's records, in time order.
pub(crate) fn freq_maybe<R: RecRead>(
    ck: &ContactChecker,
    p: &View<'_>,
    recs: &[R],
    tz: &mut TzCache,
) -> Option<bool> {
    let r = &ck.policy.raw;
    let a = p;
    if !r.counters.is_empty() {
        return Some(true);
    }
    let now = a.now;
    let secs = now.0;
    let same_party = |x: &R| Some(x.party()) == p.party;
    if let Some(rf) = &r.reg_f {
        if a.by_collector()
            && a.channel.is_call()
            && a.outcome.is_connected()
            && !rf.excluded_roles.contains(&p.role)
        {
            // A call that names no debt counts toward every debt
            // (`freq::counts_toward`): the exact rule decides.
            if a.debts.is_empty()
                || recs
                    .iter()
                    .any(|x| same_party(x) && x.is_call() && x.debts() == 0)
            {
                return Some(true);
            }
            let debts = counted_debts(a);
            let back = i64::from(rf.window_days.saturating_sub(1));
            let quiet = i64::from(rf.days_after_conversation);
            for z in p.zones {
                let da = day(tz, *z, secs)?;
                for &debt in debts {
                    let mut n: u64 = 1;
                    for x in recs.iter().filter(|x| same_party(x)) {
                        if !x.is_call() {
                            continue;
                        }
                        if x.by_collector() && x.connected() && counts_toward(x, debt) {
                            let dx = day(tz, *z, x.secs())?;
                            // On one of the days in any zone, as the exact
                            // rule counts.
                            if dx >= da - back && dx <= da
                                || p.zones.len() > 1
                                    && on_a_day_in(tz, p.zones, x.secs(), (da - back, da))?
                            {
                                n += 1;
                            }
                        }
                        if x.conversation()
                            && about(x, debt)
                            && x.key() < now
                            && da < day(tz, *z, x.secs())? + quiet
                        {
                            return Some(true);
                        }
                    }
                    if n > u64::from(rf.max_calls) {
                        return Some(true);
                    }
                }
            }
            if a.outcome.is_unanswered() {
                let from = cut_from(a.now, a.at, Duration::minutes(i64::from(rf.rapid_minutes)));
                if recs.iter().any(|x| {
                    Some(x.point()) == p.point
                        && x.key() >= from
                        && x.by_collector()
                        && x.is_call()
                        && x.unanswered()
                }) {
                    return Some(true);
                }
            }
            if let Some(z) = p.zones.first() {
                let da = day(tz, *z, secs)?;
                let mut n: u64 = 1;
                for x in recs.iter().filter(|x| same_party(x)) {
                    if x.by_collector() && x.is_call() && day(tz, *z, x.secs())? == da {
                        n += 1;
                    }
                }
                if n >= u64::from(rf.concentration_per_day) {
                    return Some(true);
                }
            }
        }
    }
    if let Some(c) = &r.cn_daily {
        if a.by_collector() && a.channel.is_call() {
            let da = day(tz, c.zone, secs)?;
            let planned = a.outcome == Outcome::Planned;
            let mut conv: u64 = 1;
            let mut dials: u64 = 1;
            for x in recs {
                if !(x.by_collector() && x.is_call()) {
                    continue;
                }
                if same_party(x) && x.conversation() && day(tz, c.zone, x.secs())? == da {
                    conv += 1;
                }
                if Some(x.point()) == p.point && x.unanswered() && day(tz, c.zone, x.secs())? == da
                {
                    dials += 1;
                }
            }
            if (planned || a.outcome == Outcome::Conversation)
                && conv > u64::from(c.max_conversations)
            {
                return Some(true);
            }
            if (planned || a.outcome.is_unanswered()) && dials > u64::from(c.max_unanswered_dials) {
                return Some(true);
            }
        }
    }
    Some(false)
}

/// The records the frequency rules can read for this attempt (its party or
/// its contact point; all of them when generic counters are configured).
pub(crate) fn freq_records<'s, S, const N: usize>(
    ck: &ContactChecker,
    p: &View<'_>,
    st: &'s Acct<S, N>,
) -> impl Iterator<Item = &'s Rec> + 's {
    let all = !ck.policy.raw.counters.is_empty();
    let (party, point) = (p.party, p.point);
    st.recs
        .as_slice()
        .iter()
        .filter(move |x| all || Some(x.party) == party || Some(x.point) == point)
}

/// The held attempts the frequency and party rules must see for `p`,
/// decoded back to [`Attempt`]s: the history handed to the exact rules when
/// the screen flags a possible frequency finding.
pub(crate) fn freq_history<S: Sym + Default, const N: usize>(
    ck: &ContactChecker,
    p: &View<'_>,
    st: &Acct<S, N>,
    name: &impl Fn(&S) -> String,
    debt: &impl Fn(&S) -> String,
) -> Vec<Attempt> {
    freq_records(ck, p, st)
        .map(|r| st.decode(r, name, debt))
        .collect()
}

/// `(seconds, nanos)` of `t − d`, saturating, for a `t` whose
/// `(seconds, nanos)` are `now` ([`key`]).
#[inline]
pub(crate) fn cut_from(now: (i64, u32), t: DateTime<Utc>, d: Duration) -> (i64, u32) {
    if d.subsec_nanos() == 0 {
        if let Some(c) = cut_secs(now, d.num_seconds()) {
            return c;
        }
    }
    key(minus(t, d))
}

/// [`cut_from`] for a span of `ds` whole seconds in integer arithmetic
/// (what chrono gives, for whole seconds, no leap second, far from
/// chrono's limits); `None` elsewhere (then ask [`cut_from`]).
#[inline(always)]
pub(crate) fn cut_secs(now: (i64, u32), ds: i64) -> Option<(i64, u32)> {
    let (secs, nanos) = now;
    let fast = nanos < 1_000_000_000
        && (0..=FAST_SPAN).contains(&ds)
        && (-FAST_SPAN..=FAST_SPAN).contains(&secs);
    fast.then(|| (secs - ds, nanos))
}

/// Instants and spans (seconds) within which [`cut_from`] needs no chrono
/// arithmetic: about ±3,000 years around 1970, well inside chrono's range.
const FAST_SPAN: i64 = 100_000_000_000;

/// The counts `freq::check` reports for an attempt on an account with no
/// flags, when the only frequency rule is Reg F (no China daily limits, no
/// generic counters): what [`freq_maybe`] screens, counted to the end
/// instead of stopping at the first possible finding. `None` if the screen
/// cannot tell (out of range; a quiet period ending on a day whose local
/// midnight the rule cannot place).
#[inline(always)]
pub(crate) fn reg_f_tally<R: RecRead>(
    ck: &ContactChecker,
    p: &View<'_>,
    recs: &[R],
    purpose: Purpose,
    tz: &mut TzCache,
) -> Option<(u32, u32)> {
    let r = &ck.policy.raw;
    let Some(rf) = &r.reg_f else {
        return Some((0, 0));
    };
    let a = p;
    if !(a.by_collector()
        && a.channel.is_call()
        && a.outcome.is_connected()
        && !rf.excluded_roles.contains(&p.role))
    {
        return Some((0, 0));
    }
    let now = a.now;
    let secs = now.0;
    let same_party = |x: &R| Some(x.party()) == p.party;
    // A call that names no debt counts toward every debt
    // (`freq::counts_toward`): left to the exact rule.
    if a.debts.is_empty()
        || recs
            .iter()
            .any(|x| same_party(x) && x.is_call() && x.debts() == 0)
    {
        return None;
    }
    let debts = counted_debts(a);
    let back = i64::from(rf.window_days.saturating_sub(1));
    let quiet = i64::from(rf.days_after_conversation);
    // Per counted debt: over the limit in some zone; a quiet period hit.
    // One pass per zone over the records, each record's local day taken
    // once (debts and zones visit the records in the same order as one
    // loop per debt would, so the same checks run).
    let mut over = [false; MAX_VIEW_DEBTS];
    let mut hit = [false; MAX_VIEW_DEBTS];
    let mut calls = [0u64; MAX_VIEW_DEBTS];
    if debts.len() > MAX_VIEW_DEBTS {
        return None;
    }
    let mut same_day: u64 = 1;
    for (zi, z) in p.zones.iter().enumerate() {
        let (da, off) = local_day(tz, *z, secs)?;
        calls.fill(1);
        for x in recs.iter().filter(|x| same_party(x) && x.is_call()) {
            let dx = day(tz, *z, x.secs())?;
            same_day += u64::from(zi == 0 && x.by_collector() && dx == da);
            // On one of the seven days in any zone, as the exact rule
            // counts (with one zone, its own day).
            let counted = x.by_collector()
                && x.connected()
                && (dx >= da - back && dx <= da
                    || p.zones.len() > 1 && on_a_day_in(tz, p.zones, x.secs(), (da - back, da))?);
            for (j, &debt) in debts.iter().enumerate() {
                if counted && counts_toward(x, debt) {
                    calls[j] += 1;
                }
                if !hit[j] && x.conversation() && about(x, debt) && x.key() < now && da < dx + quiet
                {
                    // The rule blocks only if it can place the midnight
                    // ending the quiet period.
                    hit[j] = midnight_placed(tz, *z, dx.checked_add(quiet)?, off)?;
                }
            }
        }
        for (o, n) in over.iter_mut().zip(&calls).take(debts.len()) {
            *o |= *n > u64::from(rf.max_calls);
        }
    }
    let (mut blocks, mut warns) = (0u32, 0u32);
    for (o, h) in over.iter().zip(&hit).take(debts.len()) {
        blocks += u32::from(*o) + u32::from(*h);
    }
    if blocks > 0
        && matches!(
            purpose,
            Purpose::LegallyRequiredNotice | Purpose::ReplyToDebtor
        )
    {
        warns += 1;
    }
    if a.outcome.is_unanswered() {
        // The rapid-dial start only once an unanswered dial at the point is
        // held (a plain loop: the iterator adapters compiled to calls).
        let mut from = None;
        for x in recs {
            if Some(x.point()) == p.point && x.by_collector() && x.is_call() && x.unanswered() {
                let from = match from {
                    Some(f) => f,
                    None => {
                        let d = Duration::try_minutes(i64::from(rf.rapid_minutes))?;
                        *from.insert(cut_from(a.now, a.at, d))
                    }
                };
                if x.key() >= from && x.key() <= now {
                    warns += 1;
                    break;
                }
            }
        }
    }
    if !p.zones.is_empty() {
        warns += u32::from(same_day >= u64::from(rf.concentration_per_day));
    }
    Some((blocks, warns))
}
