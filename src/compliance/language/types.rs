//! Categories, severities, facts and findings.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::rule::{RuleId, RuleRef};

/// What kind of problem a finding is.
///
/// The snake-case names (`threat_violence`, …) are used in lexicon files,
/// policies and serialised findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Category {
    /// Threats of violence to the person, family or property (H-VIOLENCE;
    /// 刑法 §293-1; CBA 2026 prohibition 2).
    ThreatViolence,
    /// Threats of arrest, jail or a criminal record, or accusing the debtor of
    /// a crime (F-ARREST, F-CRIME; CBA prohibition 3; 恶意透支 gate).
    ThreatArrestOrCriminal,
    /// Impersonating police, courts or attorneys, fake legal process, or
    /// legal consequences that are not lawful or not intended (F-GOV,
    /// F-ATTORNEY, F-LEGALPROCESS, F-THREAT, TB-SUIT; CBA prohibitions 1, 3).
    FalseLegalOrAuthority,
    /// Insults, profanity, abuse (H-OBSCENE; 辱骂).
    InsultOrProfanity,
    /// Harassment: repeated or menacing contact, visits, stalking (1692d;
    /// CBA prohibitions 2, 7).
    Harassment,
    /// Exposing the debtor: contacting the phonebook, public posting,
    /// telling the employer (爆通讯录, 曝光; PIPL Art. 25; H-LIST).
    PrivacyExposure,
    /// Telling someone other than the debtor about the debt (1006.6(d),
    /// 1006.10(b); cn.contacts.purpose; CONC 7.9).
    ThirdPartyDisclosure,
    /// Misleading statements: fake blacklists, inflated amounts, false
    /// urgency (F-AMOUNT; CBA prohibition 3).
    Deceptive,
    /// Pressure to borrow elsewhere or use illegal funding to pay (CBA
    /// prohibition 4; CONC 7.3.10R).
    PressureToBorrow,
    /// A required disclosure is missing (mini-Miranda, collector identity).
    MissingDisclosure,
}

impl Category {
    /// Every category, in declaration order.
    pub const ALL: [Category; 10] = [
        Category::ThreatViolence,
        Category::ThreatArrestOrCriminal,
        Category::FalseLegalOrAuthority,
        Category::InsultOrProfanity,
        Category::Harassment,
        Category::PrivacyExposure,
        Category::ThirdPartyDisclosure,
        Category::Deceptive,
        Category::PressureToBorrow,
        Category::MissingDisclosure,
    ];

    /// The snake-case identifier, e.g. `threat_violence`.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::ThreatViolence => "threat_violence",
            Category::ThreatArrestOrCriminal => "threat_arrest_or_criminal",
            Category::FalseLegalOrAuthority => "false_legal_or_authority",
            Category::InsultOrProfanity => "insult_or_profanity",
            Category::Harassment => "harassment",
            Category::PrivacyExposure => "privacy_exposure",
            Category::ThirdPartyDisclosure => "third_party_disclosure",
            Category::Deceptive => "deceptive",
            Category::PressureToBorrow => "pressure_to_borrow",
            Category::MissingDisclosure => "missing_disclosure",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth a look; often fine in context.
    Low,
    /// Likely a breach of conduct rules.
    Medium,
    /// A breach.
    High,
    /// A breach that is never lawful for a collector (threats, arrest,
    /// impersonation, exposure).
    Critical,
}

/// When a lexicon entry is a finding, given the [`MessageFacts`].
///
/// A consequence that can be lawful passes when the facts make it true; a
/// claim that is never lawful for a collector is `always` a finding. An
/// unknown fact (`None`) is read conservatively: the entry is a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Gate {
    /// Never lawful for a collector: always a finding.
    #[default]
    Always,
    /// Lawful only when a lawsuit is intended and the debt is not
    /// time-barred (F-THREAT, TB-SUIT), or one has been filed on a debt
    /// not known to be time-barred (then the words describe it).
    UnlessLawsuitLawful,
    /// Enforcement of a claim (garnishment, levy, seizure, frozen accounts,
    /// bailiffs, 强制执行, 失信被执行人, consumption and travel bans): lawful
    /// to mention only once a judgment (award, payment order) exists; an
    /// intended suit does not make "we will garnish your wages" true
    /// (F-ARREST: lawful and intended). Conditional wording ("if the court
    /// enters judgment, we may seek garnishment") is for the lexicon's
    /// allowed phrases.
    UnlessEnforcementLawful,
    /// A statement that legal proceedings have begun (a suit filed, a case
    /// accepted, a summons issued, a hearing date set): true only when a
    /// lawsuit or arbitration has been filed (or a judgment obtained).
    /// An intent to sue does not make it true.
    UnlessLawsuitFiled,
    /// A statement that a judgment, award or payment order exists: true
    /// only when one has been obtained.
    UnlessJudgment,
    /// Lawful only when the lender reports to the credit bureau (征信).
    UnlessReportsToBureau,
    /// Lawful only when a referral to a collection agency exists or is
    /// intended.
    UnlessAgencyReferral,
    /// Lawful only when the sender is an attorney (F-ATTORNEY): "I am an
    /// attorney", a law firm's letterhead, 律师函.
    UnlessAttorney,
    /// Naming the creditor's own attorneys ("our attorneys", 我们的律师,
    /// 律师已介入): true when an attorney has been retained on the debt
    /// ([`MessageFacts::attorney_retained`]) or the sender is one
    /// (F-ATTORNEY; RULES.md §9.4 "when no attorney is involved").
    UnlessAttorneyRetained,
    /// Repossession or foreclosure: lawful when the creditor has a present
    /// right to possession of the collateral and intends to take it
    /// ([`MessageFacts::repossession_lawful`]; U-REPO, 12 CFR 1006.22(e):
    /// self-help needs no suit), or when a lawful suit would take it.
    UnlessRepossessionLawful,
    /// Lawful only when the malicious-overdraft facts (刑法 §196) are met.
    UnlessMaliciousOverdraft,
    /// A finding only when the recipient is not the debtor (or unknown):
    /// debt words and amounts told to a third party (see
    /// [`MessageFacts::to_third_party`]).
    ThirdPartyOnly,
    /// A claim that the recipient is liable for someone else's debt (连带责任,
    /// "you are liable for his debt"): true only of a guarantor or joint
    /// obligor (cn.gbt45251.who), a finding for anyone else.
    UnlessGuarantor,
}

impl Gate {
    /// Whether an entry with this gate is a finding under `facts`.
    #[inline]
    pub fn fires(self, facts: &MessageFacts) -> bool {
        let not_true = |f: Option<bool>| f != Some(true);
        match self {
            Gate::Always => true,
            Gate::UnlessLawsuitLawful => !suit_lawful(facts),
            Gate::UnlessEnforcementLawful => not_true(facts.judgment_obtained),
            Gate::UnlessLawsuitFiled => {
                not_true(facts.lawsuit_filed) && not_true(facts.judgment_obtained)
            }
            Gate::UnlessJudgment => not_true(facts.judgment_obtained),
            Gate::UnlessReportsToBureau => not_true(facts.lender_reports_to_credit_bureau),
            Gate::UnlessAgencyReferral => not_true(facts.agency_referral_exists),
            Gate::UnlessAttorney => not_true(facts.sender_is_attorney),
            Gate::UnlessAttorneyRetained => {
                not_true(facts.sender_is_attorney) && not_true(facts.attorney_retained)
            }
            Gate::UnlessRepossessionLawful => {
                not_true(facts.repossession_lawful) && !suit_lawful(facts)
            }
            Gate::UnlessMaliciousOverdraft => not_true(facts.malicious_overdraft_facts_met),
            Gate::ThirdPartyOnly => facts.to_third_party(),
            Gate::UnlessGuarantor => facts.recipient != Recipient::Guarantor,
        }
    }
}

/// A lawsuit is intended and the debt is not time-barred, or one has been
/// filed on a debt not known to be time-barred (suing or threatening to sue
/// on a time-barred debt is itself a breach, TB-SUIT: a filed suit does not
/// make "we will sue you for the full balance" lawful then).
fn suit_lawful(facts: &MessageFacts) -> bool {
    let barred = facts.debt_time_barred == Some(true);
    (facts.lawsuit_filed == Some(true) && !barred)
        || (facts.lawsuit_intended == Some(true) && facts.debt_time_barred == Some(false))
}

/// Who receives the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Recipient {
    /// The debtor (borrower, cardholder).
    Debtor,
    /// Treated as the consumer (US spouse, guardian, executor; 1006.6(a)).
    /// A US notion: under the Chinese or UK jurisdiction the recipient is
    /// read as a third party ([`MessageFacts::to_third_party`]).
    ConsumerEquivalent,
    /// The debtor's attorney.
    DebtorAttorney,
    /// A guarantor or joint obligor (may be collected from within the
    /// contract, cn.gbt45251.who).
    Guarantor,
    /// An emergency contact (紧急联系人).
    EmergencyContact,
    /// Any other third party (family, friends, employer, phonebook entry).
    ThirdParty,
    /// Not known: read as a third party.
    #[default]
    Unknown,
}

impl Recipient {
    /// True for emergency contacts, other third parties and unknown
    /// recipients, whatever the jurisdiction ([`MessageFacts::to_third_party`]
    /// also reads a consumer equivalent outside the US as a third party).
    pub fn is_third_party_or_unknown(self) -> bool {
        matches!(
            self,
            Recipient::EmergencyContact | Recipient::ThirdParty | Recipient::Unknown
        )
    }
}

/// Whose rules apply to required disclosures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Jurisdiction {
    /// Mainland China.
    Cn,
    /// United States (FDCPA / Regulation F).
    Us,
    /// United Kingdom (FCA CONC 7).
    Uk,
}

/// How the message is delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Channel {
    /// A live call (the text is a transcript).
    Call,
    /// A voicemail left on an answering machine.
    Voicemail,
    /// SMS or text message.
    Sms,
    /// Email.
    Email,
    /// Instant messaging or in-app message.
    InstantMessage,
    /// A letter.
    Letter,
}

/// The facts a message is judged against.
///
/// Every `Option<bool>` is a fact that may be unknown; unknown facts are read
/// conservatively (the statement that depends on them is a finding).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MessageFacts {
    /// Who receives the message. Default: unknown (read as a third party).
    pub recipient: Recipient,
    /// A lawsuit is actually intended.
    pub lawsuit_intended: Option<bool>,
    /// A lawsuit or arbitration on this debt has been filed (立案): what
    /// makes "we have filed", "your case number", 已立案 or 传票已送达 true.
    pub lawsuit_filed: Option<bool>,
    /// A judgment, arbitral award or payment order (支付令) enforceable
    /// against the debtor exists: what makes "a judgment was entered" true
    /// and enforcement (garnishment, 强制执行) lawful to mention.
    pub judgment_obtained: Option<bool>,
    /// The debt is time-barred.
    pub debt_time_barred: Option<bool>,
    /// The lender reports to the credit bureau (征信).
    pub lender_reports_to_credit_bureau: Option<bool>,
    /// A referral to a collection agency exists or is intended. An agency
    /// writing on an account referred to it sets this too: its own name
    /// ("XYZ Collection Agency", 某某资产管理公司) is then no false referral.
    pub agency_referral_exists: Option<bool>,
    /// The sender is an attorney.
    pub sender_is_attorney: Option<bool>,
    /// An attorney has been retained on this debt (the account was referred
    /// to counsel): what makes "our attorneys" or 我们的律师 true when the
    /// sender is not one. Claims to be an attorney still need
    /// [`sender_is_attorney`](Self::sender_is_attorney).
    pub attorney_retained: Option<bool>,
    /// The creditor has a present right to possession of the collateral
    /// (an enforceable security interest in default) and intends to take
    /// it: what makes "we will repossess the car" lawful without a suit
    /// (U-REPO, 12 CFR 1006.22(e)).
    pub repossession_lawful: Option<bool>,
    /// The malicious-overdraft facts (刑法 §196) are recorded as met.
    pub malicious_overdraft_facts_met: Option<bool>,
    /// This is the initial communication with the consumer (mini-Miranda).
    pub initial_communication: Option<bool>,
    /// Whose disclosure rules apply; `None` skips the required-disclosure
    /// checks.
    pub jurisdiction: Option<Jurisdiction>,
    /// How the message is delivered. With the US jurisdiction, an email,
    /// SMS or instant message must offer a way to opt out (12 CFR 1006.6(e)).
    pub channel: Option<Channel>,
    /// The sender's institution name, which a Chinese message must state
    /// (cn.cba2026.prohibition_1).
    pub sender_institution: Option<String>,
}

impl MessageFacts {
    /// Facts for a message to the debtor, all else unknown.
    pub fn to_debtor() -> MessageFacts {
        MessageFacts {
            recipient: Recipient::Debtor,
            ..MessageFacts::default()
        }
    }

    /// Whether the message goes to someone the debt must not be told to: an
    /// emergency contact, another third party, an unknown recipient, or a
    /// [`Recipient::ConsumerEquivalent`] under the Chinese or UK rules (a
    /// spouse is the consumer only under 12 CFR 1006.6(a); in China and
    /// the UK a spouse is a third party, cn.contacts.purpose, CONC 7.9).
    /// With no jurisdiction, the caller's US notion is taken as meant.
    pub fn to_third_party(&self) -> bool {
        self.recipient.is_third_party_or_unknown()
            || (self.recipient == Recipient::ConsumerEquivalent
                && matches!(
                    self.jurisdiction,
                    Some(Jurisdiction::Cn) | Some(Jurisdiction::Uk)
                ))
    }
}

/// A byte range in the original text, `start..end`, on `char` boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// The slice of `text` this span covers (`None` if out of range).
    pub fn slice<'a>(&self, text: &'a str) -> Option<&'a str> {
        text.get(self.start..self.end)
    }
}

/// One problem found in a message.
///
/// Everything but the span is shared with the compiled lexicon entry:
/// [`RuleId`] is a string held inline when short (or one `Arc<str>` per
/// entry, made when the [`TextChecker`](super::TextChecker) is built) that
/// dereferences to `str`, compares with `&str` and `String` and serialises
/// as a plain string, and the rule is one `Arc<RuleRef>` per distinct rule.
/// Making a finding is a few copies and reference-count increments; cloning
/// one is the same. The
/// JSON/TOML form is that of plain strings and a plain rule object.
///
/// ```
/// use arrears::compliance::language::{LanguagePolicy, MessageFacts, TextChecker};
///
/// let checker = TextChecker::new(&LanguagePolicy::default())?;
/// let f = &checker.check("再不还钱就等着坐牢", &MessageFacts::to_debtor())[0];
/// assert_eq!(f.matched, "坐牢");
/// assert_eq!(f.entry, "zh.threat_arrest_or_criminal.坐牢");
/// assert!(f.message.ends_with(": `坐牢`"));
/// let again = &checker.check("坐牢", &MessageFacts::to_debtor())[0];
/// assert!(std::sync::Arc::ptr_eq(&f.rule, &again.rule));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    /// Where in the original text (bytes).
    pub span: Span,
    /// The term that matched, as written in the lexicon (for a
    /// co-occurrence rule: the two normalised terms, `left … right`; for an
    /// amount told to a third party: the amount as written in the text; for
    /// required content that is missing: what was expected). A shared
    /// string.
    pub matched: RuleId,
    /// The category.
    pub category: Category,
    /// The severity.
    pub severity: Severity,
    /// The lexicon entry (or check) id, e.g. `zh.threat_arrest_or_criminal.坐牢`.
    /// A shared string.
    pub entry: RuleId,
    /// The rule broken, with citation and status tag (shared by every
    /// finding under the same rule).
    #[serde(with = "shared_rule")]
    pub rule: Arc<RuleRef>,
    /// A lowercase explanation. A shared string.
    pub message: RuleId,
}

/// The parts of a finding that every hit of one built-in check shares (its
/// id, rule, category, severity and message), made once per process; each
/// hit adds its span and the text it matched.
pub(super) struct SharedFinding {
    entry: RuleId,
    rule: Arc<RuleRef>,
    category: Category,
    severity: Severity,
    message: RuleId,
}

impl SharedFinding {
    /// The shared parts.
    pub(super) fn new(
        entry: &str,
        rule: RuleRef,
        (category, severity): (Category, Severity),
        message: &str,
    ) -> SharedFinding {
        SharedFinding {
            entry: RuleId::new(entry),
            rule: Arc::new(rule),
            category,
            severity,
            message: RuleId::new(message),
        }
    }

    /// The finding at `span` of `text`, matching the text there (the one
    /// per-finding allocation; the rest is shared).
    pub(super) fn at(&self, text: &str, span: Span) -> Finding {
        Finding {
            span,
            matched: RuleId::new(text.get(span.start..span.end).unwrap_or_default()),
            category: self.category,
            severity: self.severity,
            entry: self.entry.clone(),
            rule: Arc::clone(&self.rule),
            message: self.message.clone(),
        }
    }
}

/// Serialises an `Arc<RuleRef>` as the plain rule object (without needing
/// serde's `rc` feature).
mod shared_rule {
    use std::sync::Arc;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::rule::RuleRef;

    pub(super) fn serialize<S: Serializer>(r: &Arc<RuleRef>, s: S) -> Result<S::Ok, S::Error> {
        RuleRef::serialize(r, s)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Arc<RuleRef>, D::Error> {
        RuleRef::deserialize(d).map(Arc::new)
    }
}

/// Whether `c` is a Han character: the CJK Unified Ideographs, Extension A
/// and the compatibility ideographs (what the Chinese checks count as
/// Chinese text).
pub(super) fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}')
}
