//! The data a contact check needs: parties, contact points, attempts and
//! account flags.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result, Validator};

/// An IANA time zone (with its real DST rules), written in files as its name.
///
/// # Example
///
/// ```
/// use arrears::compliance::contact::Zone;
///
/// let z = Zone::new("America/Phoenix")?;
/// assert_eq!(z.to_string(), "America/Phoenix");
/// assert!(Zone::new("Mars/Olympus").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Zone(pub(crate) chrono_tz::Tz);

impl Zone {
    /// Looks a zone up by its IANA name.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidField`] on field `zone` naming the unknown name.
    pub fn new(name: &str) -> Result<Zone> {
        chrono_tz::Tz::from_str(name)
            .map(Zone)
            .map_err(|_| Error::invalid("zone", name, "unknown IANA time zone"))
    }

    /// `Asia/Shanghai`.
    pub const SHANGHAI: Zone = Zone(chrono_tz::Asia::Shanghai);
    /// `America/New_York`.
    pub const NEW_YORK: Zone = Zone(chrono_tz::America::New_York);
    /// `America/Los_Angeles`.
    pub const LOS_ANGELES: Zone = Zone(chrono_tz::America::Los_Angeles);
    /// `Europe/London`.
    pub const LONDON: Zone = Zone(chrono_tz::Europe::London);

    /// The chrono-tz zone.
    pub fn tz(self) -> chrono_tz::Tz {
        self.0
    }
}

impl TryFrom<String> for Zone {
    type Error = Error;
    fn try_from(s: String) -> Result<Zone> {
        Zone::new(&s)
    }
}

impl From<Zone> for String {
    fn from(z: Zone) -> String {
        z.0.name().to_owned()
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.name())
    }
}

/// Who a party is to the debt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Role {
    /// The debtor (the consumer).
    Debtor,
    /// A co-borrower or joint obligor.
    CoBorrower,
    /// A guarantor (担保人).
    Guarantor,
    /// The debtor's spouse.
    Spouse,
    /// An emergency contact (紧急联系人).
    EmergencyContact,
    /// Another family member.
    Family,
    /// The debtor's employer.
    Employer,
    /// A colleague.
    Colleague,
    /// Any other third party (e.g. a phone-book entry).
    OtherThirdParty,
    /// The debtor's attorney.
    DebtorAttorney,
}

impl Role {
    /// The role in words ("guarantor", "debtor's attorney").
    pub(crate) fn name(self) -> &'static str {
        match self {
            Role::Debtor => "debtor",
            Role::CoBorrower => "co-borrower",
            Role::Guarantor => "guarantor",
            Role::Spouse => "spouse",
            Role::EmergencyContact => "emergency contact",
            Role::Family => "family member",
            Role::Employer => "employer",
            Role::Colleague => "colleague",
            Role::OtherThirdParty => "third party",
            Role::DebtorAttorney => "debtor's attorney",
        }
    }

    /// Whether the party is obligated on the debt or is the consumer
    /// (debtor, co-borrower, guarantor).
    pub fn is_obligor(self) -> bool {
        matches!(self, Role::Debtor | Role::CoBorrower | Role::Guarantor)
    }

    /// Whether the role is a contact who owes nothing (emergency contact,
    /// family, employer, colleague, other third party).
    pub fn is_contact(self) -> bool {
        matches!(
            self,
            Role::EmergencyContact
                | Role::Family
                | Role::Employer
                | Role::Colleague
                | Role::OtherThirdParty
        )
    }
}

/// A person the collector may contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Party {
    /// Reference used by attempts and flags.
    pub id: String,
    /// Who the party is.
    pub role: Role,
}

/// What kind of contact point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PointKind {
    /// A mobile phone (not tied to a place).
    Mobile,
    /// A landline tied to a place (home).
    Landline,
    /// An email address.
    Email,
    /// A postal address (a place).
    Postal,
    /// A workplace (phone, address or visit).
    Workplace,
    /// An IM or app account.
    Im,
}

/// A phone number, address or account, with the time zones it implies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactPoint {
    /// Reference used by attempts and flags.
    pub id: String,
    /// What kind of point.
    pub kind: PointKind,
    /// Time zones this point suggests (area code, address); may be empty.
    #[serde(default)]
    pub zones: Vec<Zone>,
    /// The party whose point this is, if known (a [`Party::id`]). The
    /// zones of every point the debtor owns are candidate locations of the
    /// debtor, whichever point is used (Reg F cmt 6(b)(1)(i)-2: the mailing
    /// address, *each* phone's area code); other owners' points say nothing
    /// about the debtor's location. A point without an owner may be the
    /// debtor's, so its zones count too (the conservative reading): give
    /// the owner of a third party's point.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
}

/// How the contact is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Channel {
    /// A telephone call.
    Call,
    /// A text message.
    Sms,
    /// An email.
    Email,
    /// A letter.
    Letter,
    /// A field visit (上门).
    Visit,
    /// An IM or in-app message.
    Im,
    /// A (ringless) voicemail drop: a placed call under Reg F.
    Voicemail,
}

impl Channel {
    /// Calls and voicemail drops (placed telephone calls).
    pub fn is_call(self) -> bool {
        matches!(self, Channel::Call | Channel::Voicemail)
    }

    /// SMS, email and IM.
    pub fn is_electronic(self) -> bool {
        matches!(self, Channel::Sms | Channel::Email | Channel::Im)
    }
}

/// Who started the contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Initiator {
    /// The collector placed or sent it.
    Collector,
    /// The person contacted the collector.
    Party,
}

/// Why the contact is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Purpose {
    /// Collecting the debt.
    Collection,
    /// Obtaining location information (US) or the debtor's contact details (CN).
    LocationInformation,
    /// Asking a contact to pass a message to the debtor (CN).
    PassMessage,
    /// The one reply to a contact the person initiated.
    ReplyToDebtor,
    /// A communication required by law.
    LegallyRequiredNotice,
    /// After a cease: saying collection efforts are being terminated.
    CeaseTermination,
    /// After a cease: a remedy may be, or a specific remedy will be, invoked.
    RemedyNotice,
    /// The one confirmation of an electronic opt-out.
    OptOutConfirmation,
}

/// Facts recorded about a visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VisitFacts {
    /// Collectors present.
    pub collectors: u32,
    /// Whether every collector showed identification.
    pub id_shown: bool,
    /// Whether the visit was by appointment.
    pub appointment: bool,
    /// Whether the collectors entered the premises.
    pub entered: bool,
    /// Whether the occupant consented to entry.
    pub consent_to_enter: bool,
}

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Outcome {
    /// Busy signal or number not in service: not connected.
    NotConnected,
    /// Rang without answer.
    NoAnswer,
    /// Reached voicemail; `limited_content` for a Reg F limited-content message.
    Voicemail {
        /// Whether the message was a limited-content message.
        limited_content: bool,
    },
    /// A conversation took place.
    Conversation,
    /// A message or letter was delivered (or sent).
    Delivered,
    /// A visit took place.
    Visit(VisitFacts),
    /// Not yet made (a planned contact, as in [`next_permitted`](super::ContactChecker::next_permitted)).
    Planned,
}

impl Outcome {
    /// Reg F "connected": everything but a busy signal or a dead number.
    pub fn is_connected(self) -> bool {
        !matches!(self, Outcome::NotConnected)
    }

    /// Whether the attempt reached nobody (not connected, no answer, voicemail).
    pub fn is_unanswered(self) -> bool {
        matches!(
            self,
            Outcome::NotConnected | Outcome::NoAnswer | Outcome::Voicemail { .. }
        )
    }
}

/// Why a repeated contact with a third party is allowed (Reg F 1006.10(c)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RepeatReason {
    /// The third party asked to be contacted again.
    RequestedByParty,
    /// The earlier answer was believed wrong or incomplete and the person now
    /// has correct or complete information.
    EarlierAnswerIncomplete,
}

/// One contact attempt (made or planned).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attempt {
    /// When it was placed or sent (send time for electronic messages).
    pub at: DateTime<Utc>,
    /// How.
    pub channel: Channel,
    /// The party id (must be in [`Account::parties`]).
    pub party: String,
    /// The contact point id (must be in [`Account::contact_points`]).
    pub point: String,
    /// The debt(s) the attempt is about or attributed to.
    #[serde(default)]
    pub debts: Vec<String>,
    /// Who initiated it.
    pub initiator: Initiator,
    /// Why.
    pub purpose: Purpose,
    /// What happened.
    pub outcome: Outcome,
    /// Whether the content disclosed the debt (existence, amount, arrears).
    #[serde(default)]
    pub discloses_debt: bool,
    /// Whether the call was recorded.
    #[serde(default)]
    pub recorded: bool,
    /// Why a repeated third-party contact is allowed, if it is.
    #[serde(default)]
    pub repeat_reason: Option<RepeatReason>,
    /// Message text, if any (for a voicemail marked limited-content, the
    /// message left: its content is checked).
    #[serde(default)]
    pub text: Option<String>,
    /// Days the recording of this attempt will be kept, if known (checked
    /// against [`RecordingRule::retention_days`](super::RecordingRule::retention_days)).
    #[serde(default)]
    pub retention_days: Option<u32>,
    /// Whether the person's identity was verified before the debt was
    /// discussed (UK CONC 7.9).
    #[serde(default)]
    pub identity_verified: bool,
}

impl Attempt {
    /// A collector-initiated collection attempt with a given outcome.
    pub fn new(
        at: DateTime<Utc>,
        channel: Channel,
        party: &str,
        point: &str,
        debts: &[&str],
        outcome: Outcome,
    ) -> Attempt {
        Attempt {
            at,
            channel,
            party: party.to_owned(),
            point: point.to_owned(),
            debts: debts.iter().map(|d| (*d).to_owned()).collect(),
            initiator: Initiator::Collector,
            purpose: Purpose::Collection,
            outcome,
            discloses_debt: false,
            recorded: true,
            repeat_reason: None,
            text: None,
            retention_days: None,
            identity_verified: false,
        }
    }

    pub(crate) fn by_collector(&self) -> bool {
        self.initiator == Initiator::Collector
    }
}

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
/// This is the `flags` argument of [`ContactChecker::check`](super::ContactChecker::check).
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
    /// [`Error::InvalidPolicy`] listing every problem.
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
