//! The account a contact is about: its flags (consents, disputes,
//! representation, cease requests and the rest) and what they cover.

use chrono::{DateTime, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Channel, ContactPoint, Party, Role, Zone};
use crate::error::{Result, Validator};

/// Which consent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ConsentKind {
    /// Consent, given directly to the collector, to calls beyond the
    /// frequency presumptions (Reg F 1006.14(b)(3)(i)).
    ExtraCalls,
    /// Consent to contact at otherwise inconvenient times (Reg F
    /// 1006.6(b)(4); CN 22:00–08:00 lifted by recorded consent).
    OtherTimes,
    /// The consumer's prior consent, given directly to the collector, to
    /// communicate with this third party about the debt (Reg F
    /// 1006.6(d)(1), RULES.md §8.1 `us.reg_f.1006_6d`); the flag's `party`
    /// is the third party.
    ThirdParty,
    /// The consumer's attorney consents to the collector communicating with
    /// the consumer directly (Reg F 1006.6(b)(2), RULES.md §7
    /// `us.reg_f.attorney`): it lifts the attorney flag for the debts it
    /// covers (every debt if it names none; a contact about several debts
    /// needs each represented one lifted). Given by the attorney: the flag's
    /// `party` must have the role [`Role::DebtorAttorney`]. Flags do not tie
    /// a consent to one representation: end it (`until`) when the
    /// representation it answered ends.
    DirectContact,
}

/// An account flag. Each is in force from [`Flag::from`] until
/// [`Flag::until`] (exclusive), if set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum FlagKind {
    /// A cease-communication (or refusal-to-pay) notice, received at `from`.
    Cease,
    /// The debtor is represented by an attorney for `debt` (all debts if none).
    Attorney {
        /// The debt, or all.
        #[serde(default)]
        debt: Option<String>,
    },
    /// Do not use this channel and/or this contact point.
    OptOut {
        /// The channel, or any.
        #[serde(default)]
        channel: Option<Channel>,
        /// The contact point, or any.
        #[serde(default)]
        point: Option<String>,
    },
    /// Consumer-designated inconvenient local time of day, `[start, end)`.
    InconvenientTime {
        /// Start (local).
        start: NaiveTime,
        /// End (local), exclusive; may wrap past midnight.
        end: NaiveTime,
    },
    /// A contact point tied to a place the consumer designated inconvenient.
    InconvenientPlace {
        /// The contact point.
        point: String,
    },
    /// The employer prohibits contact at the workplace.
    WorkplaceProhibited,
    /// A consent given by `party`.
    Consent {
        /// Which consent.
        kind: ConsentKind,
        /// Who gave it.
        party: String,
        /// The debt, or all.
        #[serde(default)]
        debt: Option<String>,
    },
    /// A dispute is pending on `debt` (all if none).
    Dispute {
        /// The debt, or all.
        #[serde(default)]
        debt: Option<String>,
    },
    /// A breathing-space moratorium.
    BreathingSpace,
    /// Bankruptcy (automatic stay).
    Bankruptcy,
    /// The debtor is deceased.
    Deceased,
    /// The debtor lacks (full) civil capacity.
    Incapacitated,
    /// `debt` is time-barred.
    TimeBarred {
        /// The debt.
        debt: String,
    },
    /// The debtor cannot be reached (CN contact rule).
    Unreachable,
    /// `party` refused or asked not to be contacted.
    Refused {
        /// Who refused.
        party: String,
    },
    /// The number or address `point` turned out not to be the party's:
    /// calls to it are not calls to that person (re-attributed retroactively).
    Misdirected {
        /// The contact point.
        point: String,
    },
    /// Litigation on `debt` (all debts if none) is active. A call about it
    /// is "tied to active litigation", a factor that can rebut a presumed
    /// Reg F call-frequency violation (a warning, never a block).
    Litigation {
        /// The debt, or all.
        #[serde(default)]
        debt: Option<String>,
    },
    /// Time-sensitive information outside the collector's control about
    /// `debt` (all debts if none): a court deadline, a limitation period
    /// about to run. A factor that can rebut a presumed Reg F call-frequency
    /// violation. A deadline the collector set itself (a "one-time
    /// discount") does not qualify: do not record it here.
    TimeSensitive {
        /// The debt, or all.
        #[serde(default)]
        debt: Option<String>,
        /// What is time-sensitive (shown in the warning; must not be empty).
        reason: String,
    },
    /// The collector has engaged in abusive conduct toward `party` before
    /// (a complaint upheld, an internal finding). A factor that can rebut a
    /// presumed Reg F call-frequency compliance.
    PriorAbuse {
        /// Toward whom.
        party: String,
    },
    /// The consumer's attorney has failed to respond within a reasonable
    /// period of time to a communication from the collector about `debt`
    /// (all debts if none) (Reg F 1006.6(b)(2) and 1006.10(b)(6), RULES.md
    /// §7 `us.reg_f.attorney`). While it is in force, the attorney flag no
    /// longer bars communicating with the consumer, nor seeking location
    /// information from third parties. The rule does not say how long the
    /// period is: set `from` where your own policy says it lapsed, and
    /// `until` when the attorney responds (or a new representation
    /// starts: flags do not tie it to one). It covers its own debt only,
    /// as [`ConsentKind::DirectContact`] does.
    AttorneyUnresponsive {
        /// The debt, or all.
        #[serde(default)]
        debt: Option<String>,
    },
}

/// A flag with its effective period `[from, until)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Flag {
    /// What the flag says.
    pub kind: FlagKind,
    /// In force from (for a cease: when it was received).
    pub from: DateTime<Utc>,
    /// In force until (exclusive), if it ends.
    #[serde(default)]
    pub until: Option<DateTime<Utc>>,
}

impl Flag {
    /// A flag in force from `from`, open-ended.
    pub fn new(kind: FlagKind, from: DateTime<Utc>) -> Flag {
        Flag {
            kind,
            from,
            until: None,
        }
    }

    /// Whether in force at `t`.
    pub fn active_at(&self, t: DateTime<Utc>) -> bool {
        self.from <= t && self.until.map_or(true, |u| t < u)
    }
}

/// One account: its parties, contact points, known debtor locations and flags.
///
/// This is the `flags` argument of [`ContactChecker::check`](crate::compliance::contact::ContactChecker::check).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Account {
    /// Account id (key for the streaming auditor).
    pub id: String,
    /// Parties.
    #[serde(default)]
    pub parties: Vec<Party>,
    /// Contact points.
    #[serde(default)]
    pub contact_points: Vec<ContactPoint>,
    /// Zones of the debtor's known locations (mailing address, current location).
    #[serde(default)]
    pub locations: Vec<Zone>,
    /// Flags.
    #[serde(default)]
    pub flags: Vec<Flag>,
}

impl Account {
    /// Checks that party and contact-point ids are unique, that flags end
    /// after they start, refer to known parties and points, and say what
    /// they cover (an opt-out names a channel or a point; a designated
    /// inconvenient time is not of zero length), that a consent to direct
    /// contact is the consumer's attorney's, and that contact points'
    /// owners are known parties.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPolicy`](crate::error::Error::InvalidPolicy) listing every problem.
    pub fn validate(&self) -> Result<()> {
        let mut v = Validator::default();
        for (i, p) in self.parties.iter().enumerate() {
            if let Some(j) = self.parties[..i].iter().position(|q| q.id == p.id) {
                v.push(
                    format!("account.parties[{i}].id"),
                    &p.id,
                    format!("duplicate id, already at `account.parties[{j}]`"),
                );
            }
        }
        for (i, p) in self.contact_points.iter().enumerate() {
            if let Some(j) = self.contact_points[..i].iter().position(|q| q.id == p.id) {
                v.push(
                    format!("account.contact_points[{i}].id"),
                    &p.id,
                    format!("duplicate id, already at `account.contact_points[{j}]`"),
                );
            }
        }
        for (i, p) in self.contact_points.iter().enumerate() {
            if let Some(o) = &p.owner {
                if self.party(o).is_none() {
                    v.push(
                        format!("account.contact_points[{i}].owner"),
                        o,
                        "unknown party",
                    );
                }
            }
        }
        for (i, f) in self.flags.iter().enumerate() {
            if let Some(u) = f.until {
                if u <= f.from {
                    v.push(
                        format!("account.flags[{i}].until"),
                        u,
                        format!("flag ends before it starts at `{}`", f.from),
                    );
                }
            }
            let (party, point) = match &f.kind {
                FlagKind::Consent { party, .. }
                | FlagKind::Refused { party }
                | FlagKind::PriorAbuse { party } => (Some(party), None),
                FlagKind::OptOut { point, .. } => (None, point.as_ref()),
                FlagKind::InconvenientPlace { point } | FlagKind::Misdirected { point } => {
                    (None, Some(point))
                }
                _ => (None, None),
            };
            match &f.kind {
                FlagKind::OptOut {
                    channel: None,
                    point: None,
                } => v.push(
                    format!("account.flags[{i}]"),
                    "opt_out",
                    "an opt-out names the channel or the contact point it covers",
                ),
                FlagKind::InconvenientTime { start, end } if start == end => v.push(
                    format!("account.flags[{i}].end"),
                    end,
                    format!("designated time of zero length (starts at `{start}`)"),
                ),
                _ => {}
            }
            if let FlagKind::Consent {
                kind: ConsentKind::DirectContact,
                party,
                ..
            } = &f.kind
            {
                if let Some(role) = self.party(party).map(|p| p.role) {
                    if role != Role::DebtorAttorney {
                        v.push(
                            format!("account.flags[{i}].party"),
                            party,
                            format!("consent to direct contact is the consumer's attorney's to give, not the {}'s", role.name()),
                        );
                    }
                }
            }
            if let FlagKind::TimeSensitive { reason, .. } = &f.kind {
                if reason.trim().is_empty() {
                    v.push(
                        format!("account.flags[{i}].reason"),
                        format!("{reason:?}"),
                        "say what is time-sensitive",
                    );
                }
            }
            if let Some(p) = party {
                if self.party(p).is_none() {
                    v.push(format!("account.flags[{i}].party"), p, "unknown party");
                }
            }
            if let Some(p) = point {
                if self.point(p).is_none() {
                    v.push(
                        format!("account.flags[{i}].point"),
                        p,
                        "unknown contact point",
                    );
                }
            }
        }
        v.finish()
    }

    /// The party with this id.
    pub fn party(&self, id: &str) -> Option<&Party> {
        self.parties.iter().find(|p| p.id == id)
    }

    /// The contact point with this id.
    pub fn point(&self, id: &str) -> Option<&ContactPoint> {
        self.contact_points.iter().find(|p| p.id == id)
    }

    pub(crate) fn active(&self, t: DateTime<Utc>) -> impl Iterator<Item = &FlagKind> {
        self.flags
            .iter()
            .filter(move |f| f.active_at(t))
            .map(|f| &f.kind)
    }
}
