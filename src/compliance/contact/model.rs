//! The data a contact check needs: parties, contact points, attempts and
//! account flags.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

mod account;
pub use account::{Account, ConsentKind, Flag, FlagKind};

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
