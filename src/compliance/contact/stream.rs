//! [`Auditor`]: replay a time-ordered contact log, emitting verdicts as it
//! goes, with memory bounded by the rolling windows.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::check::{communicates, ContactChecker};
use super::model::{Account, Attempt};
use super::verdict::Verdict;
use crate::error::{Error, Result};

/// Per-account state: the attempts still inside the horizon.
#[derive(Debug, Default)]
struct State {
    recent: Vec<Attempt>,
    last: Option<DateTime<Utc>>,
}

/// A streaming auditor over a time-ordered log of many accounts.
///
/// [`Auditor::push`] gives exactly the verdict [`ContactChecker::check`]
/// gives for the same attempt against the whole earlier log of its account.
/// Memory: per active account, the attempts within the checker's horizon
/// (twice the longest Reg F period plus two days, or the longest counter or
/// reply window); idle accounts are swept. The Reg F once-only third-party
/// rule needs one timestamp per (account, third party) contacted, kept for
/// the life of the auditor.
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
///     parties: vec![Party { id: "d".into(), role: Role::Debtor }],
///     contact_points: vec![ContactPoint { id: "m".into(), kind: PointKind::Mobile, zones: vec![] }],
///     ..Account::default()
/// };
/// let mut auditor = Auditor::new(&checker);
/// let at = Utc.with_ymd_and_hms(2026, 3, 2, 2, 0, 0).unwrap(); // 10:00 in Beijing
/// let v = auditor.push(&Attempt::new(at, Channel::Call, "d", "m", &[], Outcome::Conversation), &account)?;
/// assert!(v.passes());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Auditor<'c> {
    checker: &'c ContactChecker,
    accounts: HashMap<String, State>,
    first_comm: HashMap<(String, String), DateTime<Utc>>,
    watermark: Option<DateTime<Utc>>,
    pushes: u64,
}

impl<'c> Auditor<'c> {
    /// An empty auditor.
    pub fn new(checker: &'c ContactChecker) -> Auditor<'c> {
        Auditor {
            checker,
            accounts: HashMap::new(),
            first_comm: HashMap::new(),
            watermark: None,
            pushes: 0,
        }
    }

    /// Checks `attempt` against the earlier log of `account` and records it.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidField`] on `attempt.at` if the attempt is dated before
    /// the latest attempt already pushed (the log must be time-ordered); the
    /// errors of [`ContactChecker::check`]. A rejected attempt is not recorded.
    pub fn push(&mut self, attempt: &Attempt, account: &Account) -> Result<Verdict> {
        if let Some(w) = self.watermark {
            if attempt.at < w {
                return Err(Error::invalid(
                    "attempt.at",
                    attempt.at,
                    format!(
                        "attempt is dated before the history it is checked against (latest `{w}`)"
                    ),
                ));
            }
        }
        let horizon = self.checker.horizon;
        let third = account
            .party(&attempt.party)
            .is_some_and(|p| p.role.is_contact());
        let prior = if third {
            self.first_comm
                .get(&(account.id.clone(), attempt.party.clone()))
                .copied()
        } else {
            None
        };
        let cut = super::time::minus(attempt.at, horizon);
        let state = match self.accounts.get_mut(&account.id) {
            Some(s) => s,
            None => self.accounts.entry(account.id.clone()).or_default(),
        };
        if state.recent.first().is_some_and(|c| c.at < cut) {
            state.recent.retain(|c| c.at >= cut);
        }
        let v = self
            .checker
            .check_inner(attempt, &state.recent, account, prior)?;
        state.recent.push(attempt.clone());
        state.last = Some(attempt.at);
        if third && prior.is_none() && communicates(attempt) {
            self.first_comm
                .insert((account.id.clone(), attempt.party.clone()), attempt.at);
        }
        self.watermark = Some(attempt.at);
        self.pushes = self.pushes.wrapping_add(1);
        if self.pushes % (1 << 16) == 0 {
            self.accounts
                .retain(|_, s| s.last.is_some_and(|l| l >= cut));
        }
        Ok(v)
    }

    /// Accounts with attempts inside the horizon (or not yet swept).
    pub fn active_accounts(&self) -> usize {
        self.accounts.len()
    }

    /// Attempts currently held.
    pub fn held_attempts(&self) -> usize {
        self.accounts.values().map(|s| s.recent.len()).sum()
    }
}
