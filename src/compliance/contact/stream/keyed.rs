//! The keyed-event path of the [`Auditor`]: [`Event`]s of an
//! [`AccountBook`], one 48-byte slot per account.

use chrono::{DateTime, Utc};

use super::super::book::{AccountBook, Event, PointCard, EVENT_DEBTS, POINT};
use super::super::check::{ContactChecker, Ctx};
use super::super::compact::{key, Parts};
use super::super::model::{Attempt, Channel, Outcome, Role, Zone};
use super::super::policy::{RecordingRule, ThirdPartyRules};
use super::super::screen::{self, DebtKey, View};
use super::super::slot::{Hot, KeyedAcct, INLINE_NAMES};
use super::super::verdict::Verdict;
use super::{exact, Auditor, Mode, Tally};
use crate::error::{Error, Result};

impl Auditor<'_> {
    pub(super) fn step_event(
        &mut self,
        e: &Event,
        book: &AccountBook<'_>,
        mode: Mode,
    ) -> Result<(Option<Verdict>, Tally)> {
        let now = key(e.at);
        self.check_order(e.at, now)?;
        let i = e.account as usize;
        if i >= book.cards.len() {
            return Err(Error::invalid(
                "event.account",
                e.account,
                "no such account",
            ));
        }
        if self.book != book.id {
            self.keyed.forget_cards();
            self.book = book.id;
        }
        if i >= self.keyed.len() {
            self.keyed.grow(book.cards.len());
        }
        let slot = &mut self.keyed[i];
        let card = match slot.card {
            Some(c) => c,
            None => *slot.card.insert(Hot::of(&book.cards[i])),
        };
        if e.party >= card.parties {
            return Err(Error::invalid("event.party", e.party, "no such party"));
        }
        if e.point >= card.points {
            return Err(Error::invalid(
                "event.point",
                e.point,
                "no such contact point",
            ));
        }
        if let Some(d) = e.debts().iter().find(|d| d.0 as usize >= book.debts.len()) {
            return Err(Error::invalid("event.debts", d.0, "no such debt"));
        }
        let role = if e.party == 0 {
            card.role0
        } else {
            book.roles[book.cards[i].party0 as usize + usize::from(e.party)]
        };
        let pc = if e.point == 0 {
            card.pc0
        } else {
            book.points[book.cards[i].point0 as usize + usize::from(e.point)]
        };
        let third = role.is_contact();
        let prior = if third {
            self.first_keyed.get(&(e.account, e.party)).copied()
        } else {
            None
        };
        let cut = self.cut(now, e.at);
        // `prior` only for the full path: the fast path's `Ev` need not
        // leave registers.
        let ev = Ev {
            e,
            book,
            mode,
            card,
            role,
            pc,
            prior: None,
        };
        let (v, t) = match self.fast_event(&ev, i, now, cut) {
            Some(r) => r,
            None => self.full_event(&Ev { prior, ..ev }, i, now, cut)?,
        };
        if third && prior.is_none() && communicates_event(e) {
            self.first_keyed.insert((e.account, e.party), e.at);
        }
        self.after(e.at, now, cut.0);
        Ok((v, t))
    }

    /// [`run_event`](Auditor::run_event) on account `i`'s state: it leaves
    /// the slot for the event and always goes back (also on error), inline
    /// if it fits. Out of line, so that its stack frame and spills stay out
    /// of the common event's path.
    #[inline(never)]
    fn full_event(
        &mut self,
        ev: &Ev<'_, '_>,
        i: usize,
        now: (i64, u32),
        cut: (i64, u32),
    ) -> Result<(Option<Verdict>, Tally)> {
        let mut held = self.keyed.take(i);
        let r = self.run_event(ev, held.acct(), now, cut);
        self.keyed.put(i, held);
        let (v, t) = r?;
        Ok((Some(v), t))
    }

    /// The common event, decided on the account's packed records in place:
    /// records that stay inline, whole seconds, no flags, and no rule but the
    /// windows and Reg F able to fire. The same verdict and counts as
    /// [`run_event`](Auditor::run_event) gives (the same screen on the same
    /// records); no verdict stands for an empty one (and, counting, for any).
    /// `None` where it cannot decide; then only the eviction (which
    /// `run_event` would make the same) has been done.
    fn fast_event(
        &mut self,
        ev: &Ev<'_, '_>,
        i: usize,
        now: (i64, u32),
        cut: (i64, u32),
    ) -> Option<(Option<Verdict>, Tally)> {
        let Ev {
            e,
            mode,
            card,
            role,
            ..
        } = *ev;
        let ck = self.checker;
        let raw = &ck.policy.raw;
        if now.1 != 0
            || cut.1 != 0
            || !card.no_flags()
            || !card.screen()
            || !raw.counters.is_empty()
            || raw.cn_daily.is_some()
            || !screen::eligible(ck, e.purpose, e.channel, role)
            || self.gate.maybe(e, role)
        {
            return None;
        }
        let slot = self.keyed.get_mut(i)?;
        slot.evict_inline(cut.0)?;
        let (party, point) = (u32::from(e.party), POINT | u32::from(e.point));
        let debts = e.debts();
        // Element by element (a loop over the debts compiles to a `memcpy`
        // call, `array::from_fn` to a call).
        let sym = |j: usize| debts.get(j).map_or(0, |d| d.0);
        let syms: [u32; EVENT_DEBTS] = [sym(0), sym(1), sym(2)];
        let debt_key = |j: usize| DebtKey {
            empty: false,
            bit: debts.get(j).map_or(0, |d| slot.debt_bit(d.0)),
        };
        let keys: [DebtKey; EVENT_DEBTS] = [debt_key(0), debt_key(1), debt_key(2)];
        let refs: [&u32; EVENT_DEBTS] = [&syms[0], &syms[1], &syms[2]];
        let pending = slot.prepare(&Parts {
            at: now,
            party: &party,
            point: &point,
            debts: &refs[..debts.len()],
            channel: e.channel,
            initiator: e.initiator,
            purpose: e.purpose,
            outcome: e.outcome,
        })?;
        let recs = slot.inline();
        // The inline records name the event's party and point (`prepare`
        // checked), by the ids they load with.
        let (party, point) = INLINE_NAMES;
        let view = ev.view(now, (Some(party), Some(point)), &keys[..debts.len()]);
        let tz = &mut self.tz;
        let wf = screen::windows(ck, &view, tz)?;
        let out = if mode == Mode::Count {
            let (blocks, warnings) = screen::reg_f_tally(ck, &view, recs, e.purpose, tz)?;
            let t = Tally {
                violations: wf.saturating_add(blocks),
                warnings,
            };
            (None, t)
        } else if screen::freq_maybe(ck, &view, recs, tz)? {
            return None;
        } else if wf == 0 {
            (None, Tally::default())
        } else {
            let v = screen::window_findings(ck, &view, tz, &mut self.wtext)?;
            let t = Tally::of(&v);
            (Some(v), t)
        };
        slot.commit(pending);
        Some(out)
    }

    /// The rules for one keyed event against its account's records `st`,
    /// then the event recorded.
    fn run_event(
        &mut self,
        ev: &Ev<'_, '_>,
        st: &mut KeyedAcct,
        now: (i64, u32),
        cut: (i64, u32),
    ) -> Result<(Verdict, Tally)> {
        let Ev {
            e,
            book,
            mode,
            card,
            role,
            prior,
            ..
        } = *ev;
        let ck = self.checker;
        st.evict(cut);
        let party_sym = u32::from(e.party);
        let point_sym = POINT | u32::from(e.point);
        let account = &book.accounts[e.account as usize];
        let name = |s: &u32| book.name(account, *s);
        let debt = |s: &u32| book.debts.get(*s as usize).cloned().unwrap_or_default();
        let fast =
            st.full.is_none() && card.screen() && screen::eligible(ck, e.purpose, e.channel, role);
        let mut out = None;
        if fast {
            let mut keys = [DebtKey {
                empty: false,
                bit: 0,
            }; EVENT_DEBTS];
            for (k, d) in keys.iter_mut().zip(e.debts()) {
                k.bit = st.debt_bit(&d.0);
            }
            let names = (st.name_id(&party_sym), st.name_id(&point_sym));
            let view = ev.view(now, names, &keys[..e.debts().len()]);
            if let (Some(wf), Some(fm)) = (
                screen::windows(ck, &view, &mut self.tz),
                screen::freq_maybe(ck, &view, st.recs.as_slice(), &mut self.tz),
            ) {
                let other_rules = !card.no_flags() || self.gate.maybe(e, role);
                let other = fm || other_rules;
                let wv = wf > 0 && mode == Mode::Verdict;
                // Counts only, and Reg F the only rule that can fire: counted
                // on the records, as the screen reads them.
                let raw = &ck.policy.raw;
                let counted = if mode == Mode::Count
                    && fm
                    && !other_rules
                    && raw.cn_daily.is_none()
                    && raw.counters.is_empty()
                {
                    screen::reg_f_tally(ck, &view, st.recs.as_slice(), e.purpose, &mut self.tz)
                } else {
                    None
                };
                // Window breaches alone: built from cached offsets and text.
                let fast_win = if wv && !other {
                    screen::window_findings(ck, &view, &mut self.tz, &mut self.wtext)
                } else {
                    None
                };
                if let Some(v) = fast_win {
                    let t = Tally::of(&v);
                    out = Some((v, t));
                } else if let Some((blocks, warnings)) = counted {
                    let t = Tally {
                        violations: wf.saturating_add(blocks),
                        warnings,
                    };
                    out = Some((Verdict::default(), t));
                } else if wv || other {
                    let (a, _) = e.to_attempt(book)?;
                    let point = &account.contact_points[usize::from(e.point)];
                    let cx = Ctx {
                        a: &a,
                        h: &[],
                        acct: account,
                        role,
                        point,
                        zones: std::borrow::Cow::Borrowed(ev.zones()),
                        prior_comm: prior,
                    };
                    out = Some(exact(
                        ck,
                        cx,
                        mode,
                        wf,
                        fm,
                        |v: &View<'_>| screen::freq_history(ck, v, st, &name, &debt),
                        &view,
                    ));
                } else {
                    let t = Tally {
                        violations: wf,
                        ..Tally::default()
                    };
                    out = Some((Verdict::default(), t));
                }
            }
        }
        let (v, t) = match out {
            Some(r) => r,
            None => {
                let (a, _) = e.to_attempt(book)?;
                let h = st.decode_all(&name, &debt);
                let v = ck.check_inner(&a, &h, account, prior)?;
                let t = Tally::of(&v);
                (v, t)
            }
        };
        let mut syms = [0u32; EVENT_DEBTS];
        for (s, d) in syms.iter_mut().zip(e.debts()) {
            *s = d.0;
        }
        let refs: [&u32; EVENT_DEBTS] = [&syms[0], &syms[1], &syms[2]];
        st.record(
            &Parts {
                at: now,
                party: &party_sym,
                point: &point_sym,
                debts: &refs[..e.debts().len()],
                channel: e.channel,
                initiator: e.initiator,
                purpose: e.purpose,
                outcome: e.outcome,
            },
            || {
                e.to_attempt(book)
                    .map(|(a, _)| a)
                    .unwrap_or_else(|_| Attempt::new(e.at, e.channel, "", "", &[], e.outcome))
            },
            name,
            debt,
        );
        Ok((v, t))
    }
}

/// What [`Auditor::run_event`] needs of a keyed event besides its records.
#[derive(Clone, Copy)]
struct Ev<'e, 'b> {
    e: &'e Event,
    book: &'e AccountBook<'b>,
    mode: Mode,
    card: Hot,
    role: Role,
    pc: PointCard,
    prior: Option<DateTime<Utc>>,
}

impl<'e> Ev<'e, '_> {
    /// The zones the event is judged in: its contact point's set for a
    /// third party, the consumer's otherwise.
    #[inline(always)]
    fn zones(&self) -> &'e [Zone] {
        let set = if self.role.is_contact() {
            self.pc.contact
        } else {
            self.pc.consumer
        };
        &self.book.zone_sets[set as usize]
    }

    /// The screen's view of the event at `now`, with its party and point
    /// (`names`) and its debts as the records being screened name them.
    #[inline(always)]
    fn view<'k>(
        &self,
        now: (i64, u32),
        (party, point): (Option<u8>, Option<u8>),
        debts: &'k [DebtKey],
    ) -> View<'k>
    where
        'e: 'k,
    {
        View {
            at: self.e.at,
            now,
            channel: self.e.channel,
            initiator: self.e.initiator,
            outcome: self.e.outcome,
            role: self.role,
            zones: self.zones(),
            party,
            point,
            debts,
        }
    }
}

/// What [`PartyGate::maybe`] reads of the policy, taken once per auditor
/// (so that an event reads a few flags, not the policy's rule options).
#[derive(Debug, Clone, Copy)]
pub(super) struct PartyGate<'c> {
    /// Third-party rules configured; `Some(true)` where a spouse counts as
    /// a third party too (China).
    third: Option<bool>,
    visits: bool,
    recording: Option<&'c RecordingRule>,
    limited_content: bool,
    identity: bool,
}

impl<'c> PartyGate<'c> {
    /// The gate of `ck`'s policy.
    pub(super) fn of(ck: &'c ContactChecker) -> PartyGate<'c> {
        let r = &ck.policy.raw;
        PartyGate {
            third: match &r.third_party {
                Some(ThirdPartyRules::Us { .. } | ThirdPartyRules::Uk { .. }) => Some(false),
                Some(ThirdPartyRules::Cn { .. }) => Some(true),
                _ => None,
            },
            visits: r.visits.is_some(),
            recording: r.recording.as_ref(),
            limited_content: r.limited_content.is_some(),
            identity: r.identity.is_some(),
        }
    }

    /// Whether the third-party, visit, recording, limited-content or
    /// identity rules can fire for an event.
    #[inline(always)]
    fn maybe(&self, e: &Event, role: Role) -> bool {
        if e.by_collector() {
            let third = if role.is_contact() {
                // An event carries no text: only the third-party case of
                // the limited-content rule can fire.
                self.third.is_some()
                    || (self.limited_content
                        && e.outcome
                            == Outcome::Voicemail {
                                limited_content: true,
                            })
            } else {
                self.third == Some(true) && role == Role::Spouse
            };
            if third || (self.identity && e.discloses_debt && !e.identity_verified) {
                return true;
            }
        }
        (self.visits && e.channel == Channel::Visit)
            || self.recording.is_some_and(|rec| {
                rec.channels.contains(&e.channel)
                    && e.outcome == Outcome::Conversation
                    && (!e.recorded || e.retention_days.is_some_and(|d| d < rec.retention_days))
            })
    }
}

/// `check::communicates` for an event.
fn communicates_event(e: &Event) -> bool {
    e.by_collector()
        && !matches!(
            e.outcome,
            Outcome::NotConnected | Outcome::NoAnswer | Outcome::Planned
        )
}
