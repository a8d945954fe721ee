//! [`ContactChecker::next_permitted`]: the earliest instant a planned
//! contact would pass every time, frequency and flag rule.

use chrono::{DateTime, Duration, DurationRound, Utc};
use serde::{Deserialize, Serialize};

use super::check::ContactChecker;
use super::model::{Account, Attempt, Channel, Initiator, Outcome, Purpose};
use super::verdict::Clears;
use crate::error::{Error, Result};
use crate::rule::RuleRef;

/// A planned contact, for [`ContactChecker::next_permitted`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactRequest {
    /// The party id.
    pub party: String,
    /// The channel.
    pub channel: Channel,
    /// The contact point id.
    pub point: String,
    /// The debts it is about.
    #[serde(default)]
    pub debts: Vec<String>,
    /// Why.
    pub purpose: Purpose,
}

impl ContactRequest {
    /// The planned attempt at `at` (collector-initiated, outcome
    /// [`Outcome::Planned`], which counts as connected, as a conversation and
    /// as an unanswered dial: the worst case).
    pub fn at(&self, at: DateTime<Utc>) -> Attempt {
        Attempt {
            at,
            channel: self.channel,
            party: self.party.clone(),
            point: self.point.clone(),
            debts: self.debts.clone(),
            initiator: Initiator::Collector,
            purpose: self.purpose,
            outcome: Outcome::Planned,
            discloses_debt: false,
            recorded: true,
            repeat_reason: None,
            text: None,
            retention_days: None,
            identity_verified: false,
        }
    }
}

/// The answer of [`ContactChecker::next_permitted`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum NextPermitted {
    /// The contact passes at `at` (whole minute); `decided_by` is the last
    /// rule that pushed it later, if any.
    At {
        /// The earliest passing minute.
        at: DateTime<Utc>,
        /// The rule that decided it (none if `after` itself passes).
        decided_by: Option<RuleRef>,
    },
    /// The contact never passes on this data (e.g. a cease).
    Never {
        /// The rule that forbids it.
        rule: RuleRef,
    },
}

/// Iteration bound for the search (each step jumps to a rule boundary).
const MAX_STEPS: usize = 5_000;

impl ContactChecker {
    /// The earliest whole minute at or after `after` at which `request`
    /// passes [`check`](ContactChecker::check), assuming no other contact is
    /// made meanwhile (the account's flags, with their dates, included: a
    /// consent that begins later lifts what it covers from its start); or
    /// [`NextPermitted::Never`] with the deciding rule.
    ///
    /// # Errors
    ///
    /// As [`check`](ContactChecker::check) (unknown party or contact point);
    /// [`Error::DateOutOfRange`] if the search leaves chrono's range.
    pub fn next_permitted(
        &self,
        request: &ContactRequest,
        after: DateTime<Utc>,
        history: &[Attempt],
        account: &Account,
    ) -> Result<NextPermitted> {
        let mut t = ceil_minute(after)?;
        let mut decided_by = None;
        for _ in 0..MAX_STEPS {
            let v = self.check(&request.at(t), history, account)?;
            if v.passes() {
                return Ok(NextPermitted::At { at: t, decided_by });
            }
            let mut next: Option<(DateTime<Utc>, &RuleRef)> = None;
            for f in &v.violations {
                match f.clears {
                    Clears::Never => {
                        return Ok(NextPermitted::Never {
                            rule: f.rule.clone(),
                        })
                    }
                    Clears::At(c) if c > t && next.map_or(true, |(n, _)| c > n) => {
                        next = Some((c, &f.rule));
                    }
                    _ => {}
                }
            }
            match next {
                Some((c, rule)) => {
                    decided_by = Some(rule.clone());
                    // A flag starting or ending before then (a consent to
                    // other times that begins, say) may let it pass sooner:
                    // look there first.
                    let c = account
                        .flags
                        .iter()
                        .flat_map(|f| [Some(f.from), f.until])
                        .flatten()
                        .filter(|b| *b > t && *b < c)
                        .min()
                        .unwrap_or(c);
                    t = ceil_minute(c)?;
                }
                None => {
                    if let Some(f) = v.violations.first() {
                        decided_by = Some(f.rule.clone());
                    }
                    t = t
                        .checked_add_signed(Duration::minutes(1))
                        .ok_or_else(|| Error::date_out_of_range("next_permitted.after", t))?;
                }
            }
        }
        match v_first_rule(self, request, t, history, account)? {
            Some(rule) => Ok(NextPermitted::Never { rule }),
            None => Ok(NextPermitted::At { at: t, decided_by }),
        }
    }
}

fn v_first_rule(
    ck: &ContactChecker,
    request: &ContactRequest,
    t: DateTime<Utc>,
    history: &[Attempt],
    account: &Account,
) -> Result<Option<RuleRef>> {
    let v = ck.check(&request.at(t), history, account)?;
    Ok(v.violations.first().map(|f| f.rule.clone()))
}

fn ceil_minute(t: DateTime<Utc>) -> Result<DateTime<Utc>> {
    let floor = t
        .duration_trunc(Duration::minutes(1))
        .map_err(|_| Error::date_out_of_range("next_permitted.after", t))?;
    if floor == t {
        Ok(t)
    } else {
        floor
            .checked_add_signed(Duration::minutes(1))
            .ok_or_else(|| Error::date_out_of_range("next_permitted.after", t))
    }
}
