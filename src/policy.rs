//! `CollectionPolicy`: one document holding a lender's whole collection
//! policy — stage schemes, delinquency measurement, the reminder schedule,
//! accrual (with its payment waterfall), card accrual, negotiation, plan
//! monitoring and the contact rules — loadable from TOML or JSON, starting
//! from a preset with `extends = "cn"`.
//!
//! ```
//! use arrears::policy::CollectionPolicy;
//!
//! let text = r#"
//! extends = "cn"
//! version = "2026-11"
//!
//! [delinquency]
//! grace_days = 3
//! "#;
//! let policy = CollectionPolicy::from_toml_str("lender.toml", text)?;
//! assert_eq!(policy.jurisdiction(), "cn");
//! assert_eq!(policy.delinquency().grace_days(), 3);
//! assert_eq!(policy.accrual().id(), "cn");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use serde::{Deserialize, Serialize};

use crate::accrual::{AccrualPolicy, CardPolicy, LprTable};
use crate::compliance::contact::ContactPolicy;
use crate::compliance::language::LanguagePolicy;
use crate::delinquency::{DelinquencyOptions, ReminderSchedule, StageScheme};
use crate::error::{Error, Problem, Result};
use crate::money::Currency;
use crate::plan::{MonitorPolicy, NegotiationPolicy};

/// A lender's collection policy as one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CollectionPolicy {
    jurisdiction: String,
    version: String,
    /// Collection buckets (e.g. M0–M7).
    stages: StageScheme,
    /// Regulatory classes (e.g. 五级分类), if reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    regulatory_stages: Option<StageScheme>,
    #[serde(default)]
    delinquency: DelinquencyOptions,
    /// Reminders around each due date (RULES.md §1.2 `industry.reminders`
    /// by default).
    #[serde(default = "ReminderSchedule::industry")]
    reminders: ReminderSchedule,
    accrual: AccrualPolicy,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    card: Option<CardPolicy>,
    negotiation: NegotiationPolicy,
    monitor: MonitorPolicy,
    contact: ContactPolicy,
    #[serde(default)]
    language: LanguagePolicy,
}

/// The preset names [`CollectionPolicy::preset`] knows.
pub const PRESETS: [&str; 3] = ["cn", "us", "uk"];

impl CollectionPolicy {
    /// The `cn` preset: M0–M7 buckets with the 2011 card classes, the `cn`
    /// accrual, card, negotiation presets and standard plan monitoring.
    pub fn cn() -> Self {
        CollectionPolicy {
            jurisdiction: "cn".to_owned(),
            version: "preset".to_owned(),
            stages: StageScheme::m0_m7(),
            regulatory_stages: Some(StageScheme::cn_card_2011()),
            delinquency: DelinquencyOptions::default(),
            reminders: ReminderSchedule::industry(),
            accrual: AccrualPolicy::cn(),
            card: Some(CardPolicy::cn()),
            negotiation: NegotiationPolicy::cn(),
            monitor: MonitorPolicy::standard(),
            contact: ContactPolicy::cn(),
            language: LanguagePolicy::default(),
        }
    }

    /// The `us` preset: M0–M7 buckets with US 30–180 classes.
    pub fn us() -> Self {
        CollectionPolicy {
            jurisdiction: "us".to_owned(),
            version: "preset".to_owned(),
            stages: StageScheme::m0_m7(),
            regulatory_stages: Some(StageScheme::us_30_180()),
            delinquency: DelinquencyOptions::default(),
            reminders: ReminderSchedule::industry(),
            accrual: AccrualPolicy::us(),
            card: Some(CardPolicy::us()),
            negotiation: NegotiationPolicy::us(),
            monitor: MonitorPolicy::standard(),
            contact: ContactPolicy::us(),
            language: LanguagePolicy::default(),
        }
    }

    /// The `uk` preset: M0–M7 buckets, no regulatory classes; a plan
    /// installment that is made up no longer counts toward the plan's
    /// default ([`MonitorPolicy::uk`]).
    pub fn uk() -> Self {
        CollectionPolicy {
            jurisdiction: "uk".to_owned(),
            version: "preset".to_owned(),
            stages: StageScheme::m0_m7(),
            regulatory_stages: None,
            delinquency: DelinquencyOptions::default(),
            reminders: ReminderSchedule::industry(),
            accrual: AccrualPolicy::uk(),
            card: None,
            negotiation: NegotiationPolicy::uk(),
            monitor: MonitorPolicy::uk(),
            contact: ContactPolicy::uk(),
            language: LanguagePolicy::default(),
        }
    }

    /// A preset by name (`cn`, `us`, `uk`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidField`] for an unknown name.
    pub fn preset(name: &str) -> Result<Self> {
        match name {
            "cn" => Ok(CollectionPolicy::cn()),
            "us" => Ok(CollectionPolicy::us()),
            "uk" => Ok(CollectionPolicy::uk()),
            other => Err(Error::invalid(
                "extends",
                other,
                format!("unknown preset; expected one of {}", PRESETS.join(", ")),
            )),
        }
    }

    /// Reads a TOML document. A top-level `extends = "cn"` starts from that
    /// preset: tables in the document are merged into the preset's key by
    /// key, and any other value (including an array) replaces the preset's.
    /// An empty table resets that part to its defaults (`[accrual.caps]`
    /// removes the preset's caps, `[card]` or `[accrual.penalty]` the
    /// preset's card rules or penalty), and a table with another `type`
    /// (or another tag: `[contact.zones] fixed = "America/Chicago"`)
    /// replaces the preset's choice (`[accrual.penalty.rate] type =
    /// "explicit"`).
    /// Unknown fields are errors, and so is an empty table on a key that is
    /// no field where it stands (a misspelt `[card.late_charg]` would
    /// otherwise remove nothing, silently); money and rates are quoted
    /// strings; every part is validated as it is read.
    ///
    /// # Errors
    ///
    /// [`Error::Parse`] naming `source_name`, with the line and column of a
    /// syntax error, or the problem of every part that cannot be read (one
    /// line each: an unknown field, a wrong type or an invalid value, with
    /// its path from the document's root, such as ``in `accrual.caps` ``;
    /// within one part, the first problem), or, once every part reads, of
    /// every removal of a key that is no field; a reserved key (any key
    /// starting with U+0001);
    /// [`Error::InvalidField`] for an unknown preset.
    pub fn from_toml_str(source_name: &str, text: &str) -> Result<Self> {
        let doc: toml::Table = text.parse().map_err(|e: toml::de::Error| Error::Parse {
            source_name: source_name.to_owned(),
            message: e.to_string(),
        })?;
        if let Some(path) = merge::find_reserved(&doc) {
            return Err(Error::Parse {
                source_name: source_name.to_owned(),
                message: format!("`{}`: that key is reserved", path.escape_debug()),
            });
        }
        read_document(source_name, doc, Vec::new())
    }

    /// Reads a JSON document (same shape and rules as TOML, including
    /// `extends`). A `null` member means "absent": in a document that
    /// extends a preset it removes that key from the preset, as in a JSON
    /// merge patch (RFC 7396) and as an empty TOML table does
    /// (`"card": {"late_charge": null}` drops the preset's card late charge
    /// and keeps its interest; a `null` on a key of the choice a patch
    /// switches away from is a removal too); a `null` list item is an
    /// error, and so is a `null` member whose key is not a field where it
    /// stands (a misspelt `"late_charg": null` would otherwise remove
    /// nothing, silently), as with an empty TOML table.
    ///
    /// # Errors
    ///
    /// As [`CollectionPolicy::from_toml_str`], and [`Error::Parse`] for a
    /// document that is not an object, naming the path of a `null` list
    /// item or of a reserved key (any key starting with U+0001).
    pub fn from_json_str(source_name: &str, text: &str) -> Result<Self> {
        json::read(source_name, text)
    }

    /// The policy as a TOML document.
    ///
    /// # Errors
    ///
    /// [`Error::Parse`] if a value cannot be written as TOML (not expected).
    pub fn to_toml_string(&self) -> Result<String> {
        toml::to_string_pretty(self).map_err(|e| Error::Parse {
            source_name: "policy".to_owned(),
            message: e.to_string(),
        })
    }

    /// Checks every part and reports every problem at once, each path
    /// prefixed with its part (`accrual.penalty.rate.markup`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPolicy`].
    pub fn validate(&self) -> Result<()> {
        let mut problems = Vec::new();
        let mut part = |prefix: &str, r: Result<()>| match r {
            Ok(()) => {}
            Err(Error::InvalidPolicy { problems: ps }) => {
                problems.extend(ps.into_iter().map(|p| Problem {
                    path: format!("{prefix}.{}", p.path),
                    ..p
                }))
            }
            Err(other) => problems.push(Problem::new(prefix, "", other.to_string())),
        };
        if self.jurisdiction.trim().is_empty() {
            part(
                "jurisdiction",
                Err(Error::InvalidPolicy {
                    problems: vec![Problem::new("value", "", "must not be empty")],
                }),
            );
        }
        part("reminders", self.reminders.validate());
        part("accrual", self.accrual.validate());
        if let Some(card) = &self.card {
            part("card", card.validate());
        }
        part("negotiation", self.negotiation.validate());
        part("language", self.language.validate());
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::InvalidPolicy { problems })
        }
    }

    /// What a reviewer should act on without the policy being invalid, with
    /// paths from the document's root (see [`AccrualPolicy::findings`]: a UK
    /// late fee without a cost basis).
    pub fn findings(&self) -> Vec<Problem> {
        self.accrual
            .findings()
            .into_iter()
            .map(|p| Problem {
                path: format!("accrual.{}", p.path),
                ..p
            })
            .collect()
    }

    /// Jurisdiction tag.
    pub fn jurisdiction(&self) -> &str {
        &self.jurisdiction
    }
    /// Version label.
    pub fn version(&self) -> &str {
        &self.version
    }
    /// Collection buckets.
    pub fn stages(&self) -> &StageScheme {
        &self.stages
    }
    /// Regulatory classes, if any.
    pub fn regulatory_stages(&self) -> Option<&StageScheme> {
        self.regulatory_stages.as_ref()
    }
    /// Delinquency measurement.
    pub fn delinquency(&self) -> &DelinquencyOptions {
        &self.delinquency
    }
    /// The reminder schedule around each due date (by default
    /// [`ReminderSchedule::industry`]: D−3, D−1, D+1, D+3, D+7, D+30).
    pub fn reminders(&self) -> &ReminderSchedule {
        &self.reminders
    }
    /// The policy with another reminder schedule (a schedule is valid by
    /// construction).
    pub fn with_reminders(mut self, schedule: ReminderSchedule) -> Self {
        self.reminders = schedule;
        self
    }
    /// Accrual (and its payment waterfall).
    pub fn accrual(&self) -> &AccrualPolicy {
        &self.accrual
    }
    /// The policy with its accrual's LPR table replaced
    /// ([`AccrualPolicy::with_lpr_table`]).
    ///
    /// # Errors
    ///
    /// As [`AccrualPolicy::with_lpr_table`]: the accrual has no cap at a
    /// multiple of the LPR.
    pub fn with_lpr_table(mut self, table: LprTable) -> Result<Self> {
        self.accrual = self.accrual.with_lpr_table(table)?;
        Ok(self)
    }
    /// Card accrual, if any.
    pub fn card(&self) -> Option<&CardPolicy> {
        self.card.as_ref()
    }
    /// Negotiation.
    pub fn negotiation(&self) -> &NegotiationPolicy {
        &self.negotiation
    }
    /// Plan and promise monitoring.
    pub fn monitor(&self) -> &MonitorPolicy {
        &self.monitor
    }
    /// Contact rules.
    pub fn contact(&self) -> &ContactPolicy {
        &self.contact
    }
    /// Language rules (built-in lexicons plus the lender's additions).
    pub fn language(&self) -> &LanguagePolicy {
        &self.language
    }
    /// The negotiation policy's currency.
    pub fn currency(&self) -> Currency {
        self.negotiation.currency()
    }
}

/// The policy in `doc` (a TOML or JSON document), with `removals` already
/// made (a JSON document's nulls without `extends`): merged over its
/// preset, read part by part, every removal the preset had nothing for
/// checked once the rest reads (a misspelt key removes nothing: it is a
/// problem), and validated.
fn read_document(
    source_name: &str,
    mut doc: toml::Table,
    mut removals: Vec<merge::Removal>,
) -> Result<CollectionPolicy> {
    let parse = |message: String| Error::Parse {
        source_name: source_name.to_owned(),
        message,
    };
    let merged = match doc.remove("extends") {
        Some(toml::Value::String(name)) => {
            let base = CollectionPolicy::preset(&name)?;
            let mut base = toml::Table::try_from(&base).map_err(|e| parse(e.to_string()))?;
            merge::merge(&mut base, doc, &mut Vec::new(), &mut removals);
            base
        }
        Some(other) => return Err(Error::invalid("extends", other, "must be a preset name")),
        None => doc,
    };
    // The removals are checked once the rest reads (a document that does
    // not is refused anyway, and its keys as written are no guide to how
    // many places there are to probe).
    let kept = (!removals.is_empty()).then(|| merged.clone());
    let problems = match (read_parts(merged), kept) {
        (Ok(policy), kept) => {
            let problems = kept.map_or_else(Vec::new, |doc| merge::check_removals(&doc, &removals));
            if problems.is_empty() {
                policy.validate()?;
                return Ok(policy);
            }
            problems
        }
        (Err(problems), _) => problems,
    };
    Err(parse(match problems.as_slice() {
        [one] => one.clone(),
        all => format!("{} problems:\n  {}", all.len(), all.join("\n  ")),
    }))
}

/// The document's parts, each still a TOML value: read one by one, so that
/// a bad part does not hide the next one's problems.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Parts {
    jurisdiction: Option<String>,
    version: Option<String>,
    stages: Option<toml::Value>,
    regulatory_stages: Option<toml::Value>,
    delinquency: Option<toml::Value>,
    reminders: Option<toml::Value>,
    accrual: Option<toml::Value>,
    card: Option<toml::Value>,
    negotiation: Option<toml::Value>,
    monitor: Option<toml::Value>,
    contact: Option<toml::Value>,
    language: Option<toml::Value>,
}

/// The policy in `doc`, or every problem: an unknown top-level key (alone:
/// serde stops there), else every missing part, then each bad part in the
/// order of the policy's parts (stages, regulatory stages, delinquency,
/// reminders, accrual, card, negotiation, monitor, contact, language), each naming its
/// path from the document's root.
fn read_parts(doc: toml::Table) -> std::result::Result<CollectionPolicy, Vec<String>> {
    let parts: Parts = toml::Value::Table(doc)
        .try_into()
        .map_err(|e: toml::de::Error| vec![e.to_string().trim_end().replace('\n', " ")])?;
    let mut problems = Vec::new();
    let mut required = |name: &str, v: Option<toml::Value>| {
        if v.is_none() {
            problems.push(format!("missing part `{name}`"));
        }
        v
    };
    let jurisdiction = required("jurisdiction", parts.jurisdiction.map(toml::Value::String));
    let version = required("version", parts.version.map(toml::Value::String));
    let stages_v = required("stages", parts.stages);
    let accrual_v = required("accrual", parts.accrual);
    let negotiation_v = required("negotiation", parts.negotiation);
    let monitor_v = required("monitor", parts.monitor);
    let contact_v = required("contact", parts.contact);
    let ps = &mut problems;
    let stages = stages_v.and_then(|v| read_part("stages", v, ps));
    let regulatory_stages = parts
        .regulatory_stages
        .map(|v| read_part("regulatory_stages", v, ps));
    let delinquency = parts.delinquency.map(|v| read_part("delinquency", v, ps));
    // An empty table resets the part to its default, as elsewhere.
    let reminders = parts
        .reminders
        .filter(|v| !matches!(v, toml::Value::Table(t) if t.is_empty()))
        .map(|v| read_part("reminders", v, ps));
    let accrual = accrual_v.and_then(|v| read_part("accrual", v, ps));
    let card = parts.card.map(|v| read_part("card", v, ps));
    let negotiation = negotiation_v.and_then(|v| read_part("negotiation", v, ps));
    let monitor = monitor_v.and_then(|v| read_part("monitor", v, ps));
    let contact = contact_v.and_then(|v| read_part("contact", v, ps));
    let language = parts.language.map(|v| read_part("language", v, ps));
    // The card and language parts (and the jurisdiction) check themselves
    // only when the whole policy is validated: with other problems, theirs
    // join them here (a policy without others has them from `validate`,
    // every one at once).
    if !problems.is_empty() {
        if let Some(toml::Value::String(j)) = &jurisdiction {
            if j.trim().is_empty() {
                problems.push("`jurisdiction.value` = ``: must not be empty".to_owned());
            }
        }
        let checked = [
            (
                "card",
                card.as_ref()
                    .and_then(Option::as_ref)
                    .map(CardPolicy::validate),
            ),
            (
                "language",
                language
                    .as_ref()
                    .and_then(Option::as_ref)
                    .map(LanguagePolicy::validate),
            ),
        ];
        for (name, result) in checked {
            match result {
                Some(Err(Error::InvalidPolicy { problems: ps })) => problems.extend(
                    ps.iter()
                        .map(|p| format!("`{name}.{}` = `{}`: {}", p.path, p.value, p.message)),
                ),
                Some(Err(other)) => problems.push(format!("in `{name}`: {other}")),
                _ => {}
            }
        }
    }
    let text = |v: Option<toml::Value>| match v {
        Some(toml::Value::String(s)) => Some(s),
        _ => None,
    };
    let (jurisdiction, version) = (text(jurisdiction), text(version));
    /// An absent part is `None`, a bad one `Some(None)`.
    fn optional<T>(p: Option<Option<T>>) -> std::result::Result<Option<T>, ()> {
        match p {
            Some(None) => Err(()),
            p => Ok(p.flatten()),
        }
    }
    let build = || -> std::result::Result<CollectionPolicy, ()> {
        Ok(CollectionPolicy {
            jurisdiction: jurisdiction.ok_or(())?,
            version: version.ok_or(())?,
            stages: stages.ok_or(())?,
            regulatory_stages: optional(regulatory_stages)?,
            delinquency: optional(delinquency)?.unwrap_or_default(),
            reminders: optional(reminders)?.unwrap_or_else(ReminderSchedule::industry),
            accrual: accrual.ok_or(())?,
            card: optional(card)?,
            negotiation: negotiation.ok_or(())?,
            monitor: monitor.ok_or(())?,
            contact: contact.ok_or(())?,
            language: optional(language)?.unwrap_or_default(),
        })
    };
    build().map_err(|()| problems)
}

/// One part of the document, or its problem (pushed on `problems`, one
/// line, its path from the document's root: toml's ``in `penalty.rate` ``
/// becomes ``in `accrual.penalty.rate`: …``).
fn read_part<T: serde::de::DeserializeOwned>(
    name: &str,
    value: toml::Value,
    problems: &mut Vec<String>,
) -> Option<T> {
    match value.try_into() {
        Ok(part) => Some(part),
        Err(e) => {
            let e: toml::de::Error = e;
            let text = e.to_string();
            let (message, path) = match text.trim_end().rsplit_once("\nin `") {
                Some((message, path)) => {
                    (message, format!("{name}.{}", path.trim_end_matches('`')))
                }
                None => (text.trim_end(), name.to_owned()),
            };
            problems.push(format!("in `{path}`: {}", message.replace('\n', " ")));
            None
        }
    }
}

mod json;
mod merge;
#[cfg(test)]
mod tests;
