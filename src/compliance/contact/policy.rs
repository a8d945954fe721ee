//! [`ContactPolicy`]: windows, frequency limits, flag, third-party and visit
//! rules as validated serde data, with `cn`, `us` and `uk` presets.

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use super::model::{Channel, Role, Zone};
use crate::error::{Error, Result, Validator};
use crate::rule::RuleRef;

/// Where a window's local time is read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum ZoneSource {
    /// One fixed zone (CN: Asia/Shanghai).
    Fixed(Zone),
    /// Every zone the collector knows for the debtor (account locations plus
    /// the contact point's zones); a time must be allowed in all of them. With
    /// none known, `fallback` is used (US: interp. \[U\]).
    DebtorLocations {
        /// Zones used when none is known.
        fallback: Vec<Zone>,
    },
}

/// Days on which a window is closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ClosedDay {
    /// Saturdays.
    Saturday,
    /// Sundays.
    Sunday,
    /// Dates in [`RawContactPolicy::holidays`].
    Holiday,
}

/// An allowed local time-of-day window `[start, end)` for some channels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WindowRule {
    /// The rule.
    pub rule: RuleRef,
    /// Channels covered; empty = all.
    #[serde(default)]
    pub channels: Vec<Channel>,
    /// Opens (local, inclusive).
    pub start: NaiveTime,
    /// Closes (local, exclusive); may wrap past midnight.
    pub end: NaiveTime,
    /// Days on which no contact is allowed at all.
    #[serde(default)]
    pub closed: Vec<ClosedDay>,
    /// Whether the debtor-initiated reply exception applies.
    #[serde(default)]
    pub skip_debtor_initiated: bool,
}

/// Reg F 1006.14(b) telephone-call presumptions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegFFrequency {
    /// `us.reg_f.call_frequency`.
    pub rule: RuleRef,
    /// More than this many calls in `window_days` is a presumed violation (7).
    pub max_calls: u32,
    /// The rolling window in calendar days, day 1 = today (7).
    pub window_days: u32,
    /// No calls within this many days after a conversation, day 1 = the
    /// conversation date (7).
    pub days_after_conversation: u32,
    /// Consent covers this many days, day 1 = the day consent is received (7).
    pub consent_days: u32,
    /// Parties whose calls are not counted (the consumer's attorney).
    pub excluded_roles: Vec<Role>,
    /// Rebuttal flags (rapid succession, concentration) as warnings.
    pub rebuttal: RuleRef,
    /// Two calls to one number within this many minutes: rapid succession (5).
    pub rapid_minutes: u32,
    /// This many calls to a person in one local day: concentration (7).
    pub concentration_per_day: u32,
}

/// China daily limits (GB/T 45251, CBA 2026).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CnDaily {
    /// `cn.gbt45251.effective_conversations`.
    pub conversations_rule: RuleRef,
    /// Effective collector-initiated conversations per debtor per day (3).
    pub max_conversations: u32,
    /// `cn.cba2026.unanswered_dials`.
    pub dials_rule: RuleRef,
    /// Unanswered dials per contact number per day (6).
    pub max_unanswered_dials: u32,
    /// The zone whose calendar date is the "day" (Asia/Shanghai).
    pub zone: Zone,
}

/// What a generic counter counts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CounterScope {
    /// All contacts on the account.
    Account,
    /// Per party.
    Party,
    /// Per party × debt.
    PartyDebt,
    /// Per contact point.
    ContactPoint,
}

/// Which attempts a counter counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CounterCounts {
    /// Every collector-initiated attempt.
    Attempts,
    /// Connected attempts.
    Connected,
    /// Conversations.
    Conversations,
}

/// A generic "at most `limit` per rolling `window_minutes`" counter (state
/// and lender overlays, UK attempt rules).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Counter {
    /// The rule.
    pub rule: RuleRef,
    /// At most this many (the attempt checked included).
    pub limit: u32,
    /// Rolling window `(t − window, t]` in minutes.
    pub window_minutes: u32,
    /// Counted per.
    pub scope: CounterScope,
    /// Channels counted; empty = all.
    #[serde(default)]
    pub channels: Vec<Channel>,
    /// What counts.
    pub counts: CounterCounts,
}

/// Rules driven by account flags; `None` = not enforced.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlagRules {
    /// Cease communication (only the three allowed messages).
    #[serde(default)]
    pub cease: Option<RuleRef>,
    /// Attorney representation.
    #[serde(default)]
    pub attorney: Option<RuleRef>,
    /// Medium opt-outs.
    #[serde(default)]
    pub opt_out: Option<RuleRef>,
    /// Consumer-designated inconvenient times and places.
    #[serde(default)]
    pub inconvenient: Option<RuleRef>,
    /// Workplace prohibitions.
    #[serde(default)]
    pub workplace: Option<RuleRef>,
    /// Dispute pending: no collection of that debt.
    #[serde(default)]
    pub dispute: Option<RuleRef>,
    /// Breathing space: no contact but legally required notices.
    #[serde(default)]
    pub breathing_space: Option<RuleRef>,
    /// Bankruptcy: no collection.
    #[serde(default)]
    pub bankruptcy: Option<RuleRef>,
    /// Deceased: no contact addressed to the debtor.
    #[serde(default)]
    pub deceased: Option<RuleRef>,
    /// Time-barred: a warning on collection.
    #[serde(default)]
    pub time_barred: Option<RuleRef>,
    /// Hours within which the one reply to a party-initiated contact may be
    /// sent despite a flag (designated inconvenient time or place, attorney,
    /// opt-out, workplace). It never lifts a contact window: only recorded
    /// consent does (RULES.md §5).
    pub reply_hours: u32,
}

/// Which third-party regime applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum ThirdPartyRules {
    /// US: location information only, no mention of the debt, once only.
    Us {
        /// `us.reg_f.1006_6d`.
        purpose: RuleRef,
        /// `us.reg_f.1006_10b`.
        disclosure: RuleRef,
        /// `us.reg_f.1006_10c`.
        once: RuleRef,
    },
    /// China: contacts only when the debtor is unreachable, only for
    /// contact details or a message, permanent suppression, no phone-book blasts.
    Cn {
        /// `cn.contacts.when`.
        when: RuleRef,
        /// `cn.contacts.purpose`.
        purpose: RuleRef,
        /// `cn.contacts.suppress`.
        suppress: RuleRef,
        /// `cn.phonebook_blast`.
        blast: RuleRef,
        /// Distinct contacts messaged within 24 hours that make a blast (3, \[U\]).
        blast_contacts: u32,
    },
    /// UK: do not disclose the debt to a third party (FCA CONC 7.9,
    /// RULES.md §8.3).
    Uk {
        /// `uk.conc.7_9.third_party`.
        disclosure: RuleRef,
    },
}

/// Visit rules: a visit ([`Channel::Visit`](super::Channel::Visit) with
/// [`Outcome::Visit`](super::Outcome::Visit)) breaks `rule` if fewer than
/// `min_collectors` were present, if identification was required and not
/// shown, if an appointment was required and there was none, and always if
/// the collectors entered the premises without the occupant's consent
/// (RULES.md §9.2 and §9.3 forbid entry without consent whatever else the
/// policy asks).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VisitRules {
    /// The rule.
    pub rule: RuleRef,
    /// Collectors present, at least.
    pub min_collectors: u32,
    /// Identification must be shown.
    pub id_required: bool,
    /// An appointment is required.
    pub appointment_required: bool,
}

/// Recording requirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordingRule {
    /// The rule.
    pub rule: RuleRef,
    /// Channels that must be recorded when connected.
    pub channels: Vec<Channel>,
    /// Minimum retention in days (731 for CN: two years that take in a
    /// 29 February): an attempt whose
    /// [`retention_days`](super::Attempt::retention_days) is shorter breaks the rule.
    pub retention_days: u32,
}

/// A contact policy. Built by [`ContactPolicy::cn`], [`ContactPolicy::us`],
/// [`ContactPolicy::uk`] or from a file; always validated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawContactPolicy", into = "RawContactPolicy")]
pub struct ContactPolicy {
    pub(crate) raw: RawContactPolicy,
}

/// The fields of a [`ContactPolicy`], before validation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawContactPolicy {
    /// Where windows read local time.
    pub zones: ZoneSource,
    /// Allowed windows.
    #[serde(default)]
    pub windows: Vec<WindowRule>,
    /// Public holidays (local dates) for [`ClosedDay::Holiday`].
    #[serde(default)]
    pub holidays: Vec<NaiveDate>,
    /// Consent to other times lifts the windows (rule cited).
    #[serde(default)]
    pub consent_lifts_windows: Option<RuleRef>,
    /// Reg F presumptions.
    #[serde(default)]
    pub reg_f: Option<RegFFrequency>,
    /// China daily limits.
    #[serde(default)]
    pub cn_daily: Option<CnDaily>,
    /// Generic counters.
    #[serde(default)]
    pub counters: Vec<Counter>,
    /// Flag rules.
    pub flags: FlagRules,
    /// Third-party rules.
    #[serde(default)]
    pub third_party: Option<ThirdPartyRules>,
    /// Visit rules.
    #[serde(default)]
    pub visits: Option<VisitRules>,
    /// Recording requirement.
    #[serde(default)]
    pub recording: Option<RecordingRule>,
    /// Limited-content voicemail (Reg F 1006.2(j)): never for a third party;
    /// its text, when the attempt carries it, holds only the allowed items.
    #[serde(default)]
    pub limited_content: Option<RuleRef>,
    /// Identity verified before the debt is discussed (UK CONC 7.9).
    #[serde(default)]
    pub identity: Option<RuleRef>,
}

impl TryFrom<RawContactPolicy> for ContactPolicy {
    type Error = Error;
    fn try_from(raw: RawContactPolicy) -> Result<ContactPolicy> {
        ContactPolicy::new(raw)
    }
}

impl From<ContactPolicy> for RawContactPolicy {
    fn from(p: ContactPolicy) -> RawContactPolicy {
        p.raw
    }
}

fn pos(v: &mut Validator, path: String, n: u32, max: u32) {
    if n == 0 || n > max {
        v.push(path, n, format!("must be between 1 and {max}"));
    }
}

impl ContactPolicy {
    /// Validates and builds a policy.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPolicy`] listing every problem: a window of zero
    /// length, zero or absurd limits and windows, empty rule ids, an empty
    /// fallback zone list.
    pub fn new(raw: RawContactPolicy) -> Result<ContactPolicy> {
        let mut v = Validator::default();
        if let ZoneSource::DebtorLocations { fallback } = &raw.zones {
            if fallback.is_empty() {
                v.push(
                    "zones.debtor_locations.fallback",
                    "[]",
                    "needs at least one zone",
                );
            }
        }
        for (i, w) in raw.windows.iter().enumerate() {
            w.rule.check(&format!("windows[{i}]"), &mut v);
            if w.start == w.end {
                v.push(
                    format!("windows[{i}].end"),
                    w.end,
                    format!("window of zero length (starts at `{}`)", w.start),
                );
            }
        }
        if let Some(r) = &raw.reg_f {
            r.rule.check("reg_f", &mut v);
            r.rebuttal.check_field("reg_f.rebuttal", &mut v);
            pos(&mut v, "reg_f.max_calls".into(), r.max_calls, 10_000);
            pos(&mut v, "reg_f.window_days".into(), r.window_days, 366);
            pos(
                &mut v,
                "reg_f.days_after_conversation".into(),
                r.days_after_conversation,
                366,
            );
            pos(&mut v, "reg_f.consent_days".into(), r.consent_days, 366);
            pos(&mut v, "reg_f.rapid_minutes".into(), r.rapid_minutes, 1_440);
            pos(
                &mut v,
                "reg_f.concentration_per_day".into(),
                r.concentration_per_day,
                10_000,
            );
        }
        if let Some(c) = &raw.cn_daily {
            c.conversations_rule
                .check_field("cn_daily.conversations_rule", &mut v);
            c.dials_rule.check_field("cn_daily.dials_rule", &mut v);
            pos(
                &mut v,
                "cn_daily.max_conversations".into(),
                c.max_conversations,
                10_000,
            );
            pos(
                &mut v,
                "cn_daily.max_unanswered_dials".into(),
                c.max_unanswered_dials,
                10_000,
            );
        }
        for (i, c) in raw.counters.iter().enumerate() {
            c.rule.check(&format!("counters[{i}]"), &mut v);
            pos(&mut v, format!("counters[{i}].limit"), c.limit, 10_000);
            pos(
                &mut v,
                format!("counters[{i}].window_minutes"),
                c.window_minutes,
                366 * 1_440,
            );
        }
        let f = &raw.flags;
        for (name, r) in [
            ("cease", &f.cease),
            ("attorney", &f.attorney),
            ("opt_out", &f.opt_out),
            ("inconvenient", &f.inconvenient),
            ("workplace", &f.workplace),
            ("dispute", &f.dispute),
            ("breathing_space", &f.breathing_space),
            ("bankruptcy", &f.bankruptcy),
            ("deceased", &f.deceased),
            ("time_barred", &f.time_barred),
        ] {
            if let Some(r) = r {
                rule_id(&mut v, &format!("flags.{name}"), r);
            }
        }
        if let Some(r) = &raw.consent_lifts_windows {
            rule_id(&mut v, "consent_lifts_windows", r);
        }
        match &raw.third_party {
            Some(ThirdPartyRules::Us {
                purpose,
                disclosure,
                once,
            }) => {
                for (name, r) in [
                    ("purpose", purpose),
                    ("disclosure", disclosure),
                    ("once", once),
                ] {
                    rule_id(&mut v, &format!("third_party.us.{name}"), r);
                }
            }
            Some(ThirdPartyRules::Cn {
                when,
                purpose,
                suppress,
                blast,
                ..
            }) => {
                for (name, r) in [
                    ("when", when),
                    ("purpose", purpose),
                    ("suppress", suppress),
                    ("blast", blast),
                ] {
                    rule_id(&mut v, &format!("third_party.cn.{name}"), r);
                }
            }
            Some(ThirdPartyRules::Uk { disclosure }) => {
                rule_id(&mut v, "third_party.uk.disclosure", disclosure);
            }
            None => {}
        }
        if raw.flags.reply_hours > 24 * 366 {
            v.push(
                "flags.reply_hours",
                raw.flags.reply_hours,
                "must be at most 8784",
            );
        }
        if let Some(ThirdPartyRules::Cn { blast_contacts, .. }) = &raw.third_party {
            pos(
                &mut v,
                "third_party.cn.blast_contacts".into(),
                *blast_contacts,
                10_000,
            );
        }
        if let Some(vr) = &raw.visits {
            vr.rule.check("visits", &mut v);
        }
        if let Some(r) = &raw.recording {
            r.rule.check("recording", &mut v);
        }
        if let Some(r) = &raw.limited_content {
            r.check_field("limited_content", &mut v);
        }
        if let Some(r) = &raw.identity {
            r.check_field("identity", &mut v);
        }
        v.finish()?;
        Ok(ContactPolicy { raw })
    }

    /// The validated fields.
    pub fn raw(&self) -> &RawContactPolicy {
        &self.raw
    }
}

/// Reports an empty id of the rule at `path` (a field that is a rule).
fn rule_id(v: &mut Validator, path: &str, r: &RuleRef) {
    if r.id.trim().is_empty() {
        v.push(format!("{path}.id"), "", "a rule needs a non-empty id");
    }
}

pub(crate) fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN)
}
