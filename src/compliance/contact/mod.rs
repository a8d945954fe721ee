//! May I contact this person now, and if not, when? And which past contacts
//! broke which rule?
//!
//! - Data: [`Account`] (parties, [`ContactPoint`]s with their [`Zone`]s,
//!   [`Flag`]s with effective periods) and [`Attempt`]s (channel, party,
//!   point, debts, initiator, purpose, outcome).
//! - Rules: [`ContactPolicy`] (serde data, validated, presets
//!   [`ContactPolicy::cn`], [`ContactPolicy::us`], [`ContactPolicy::uk`]).
//! - [`ContactChecker::check`] returns a [`Verdict`] whose [`Finding`]s carry
//!   the rule id, citation and \[V\]/\[S\]/\[U\] status, the severity, a
//!   message naming the figures and the events that count.
//! - [`ContactChecker::next_permitted`] finds the earliest passing minute.
//! - [`Auditor`] replays a time-ordered log with bounded memory and gives
//!   the same verdicts as `check` ([`Auditor::push`]), or only their counts
//!   ([`Auditor::tally`]). For large logs, compile the accounts once into an
//!   [`AccountBook`] and push keyed [`Event`]s ([`Auditor::push_event`],
//!   [`Auditor::tally_event`]): a clean event touches no string and
//!   allocates nothing. [`Auditor::tally_events`] and
//!   [`Auditor::push_events`] run a slice of events in blocks whose account
//!   slots are read ahead (faster on books larger than the caches).
//!
//! Windows are half-open `[start, end)` in local time with real DST
//! (chrono-tz); electronic messages are judged at their send time
//! ([`Attempt::at`]). Under Reg F, a call counts on every local date it
//! falls on across the candidate zones: seven days ending on the attempt's
//! date in one zone hold each call that falls on one of them in any zone
//! (RULES.md §10 gap 12, interp. \[U\]).

mod book;
mod check;
mod compact;
mod freq;
mod model;
mod next;
mod parties;
mod policy;
mod presets;
mod screen;
mod slot;
mod small;
mod stream;
mod time;
mod tzcache;
mod verdict;

pub use book::{AccountBook, DebtId, Event, EVENT_DEBTS};
pub use check::ContactChecker;
pub use model::{
    Account, Attempt, Channel, ConsentKind, ContactPoint, Flag, FlagKind, Initiator, Outcome,
    Party, PointKind, Purpose, RepeatReason, Role, VisitFacts, Zone,
};
pub use next::{ContactRequest, NextPermitted};
pub use policy::{
    ClosedDay, CnDaily, ContactPolicy, Counter, CounterCounts, CounterScope, FlagRules,
    RawContactPolicy, RecordingRule, RegFFrequency, ThirdPartyRules, VisitRules, WindowRule,
    ZoneSource,
};
pub use stream::{Auditor, AuditorStats, PushEvents, Tally, TallyEvents};
pub use verdict::{Clears, Finding, Severity, Verdict};

#[cfg(test)]
mod tests;
