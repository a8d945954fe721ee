//! Forbidden language, required disclosures, third-party disclosure and
//! personal data in collection messages and call transcripts.
//!
//! Collectors must use 文明用语: no threats, insults, false legal claims,
//! impersonation of police or courts, exposure to the debtor's contacts, or
//! pressure to borrow elsewhere; and nothing about the debt may reach an
//! emergency contact or any other third party. [`TextChecker`] checks a text
//! before it is sent (or after, in an audit) and returns one [`Finding`] per
//! problem with the byte [`Span`] in the original text, the normalised term,
//! the [`Category`], [`Severity`], the lexicon entry id, the rule (id,
//! citation, `[V]`/`[S]`/`[U]` status) and a message.
//!
//! # Quick example
//!
//! ```
//! use arrears::compliance::language::{
//!     Category, LanguagePolicy, MessageFacts, Recipient, TextChecker,
//! };
//!
//! let checker = TextChecker::new(&LanguagePolicy::default())?;
//!
//! // Evasion: traditional characters, full-width letters, noise.
//! let text = "再不還錢就等著坐-牢，我們會 Ｊ.Ａ.Ｉ.Ｌ 你";
//! let findings = checker.check(text, &MessageFacts::to_debtor());
//! let spans: Vec<&str> = findings.iter().filter_map(|f| f.span.slice(text)).collect();
//! assert_eq!(spans, ["坐-牢", "Ｊ.Ａ.Ｉ.Ｌ"]);
//!
//! // A truthful lawsuit mention passes when the facts make it lawful.
//! let facts = MessageFacts {
//!     lawsuit_intended: Some(true),
//!     debt_time_barred: Some(false),
//!     ..MessageFacts::to_debtor()
//! };
//! assert!(checker.is_compliant("如仍未还款，我司将依法提起诉讼。", &facts));
//!
//! // Nothing about the debt may reach an emergency contact.
//! let contact = MessageFacts { recipient: Recipient::EmergencyContact, ..MessageFacts::default() };
//! let f = checker.check("请转告他尽快处理逾期欠款1,200元", &contact);
//! assert!(f.iter().all(|f| f.category == Category::ThirdPartyDisclosure));
//! assert!(checker.is_compliant("您好，麻烦请李先生方便时回电，谢谢。", &contact));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # How it works
//!
//! - **Lexicons are data**: `lexicons/zh.toml` and `lexicons/en.toml`
//!   (hundreds of entries each; zh-Hant through normalisation), parsed when
//!   the checker is built. A [`LanguagePolicy`] adds entries and
//!   co-occurrence rules, removes entries by id and allows phrases.
//! - **Fact gates** ([`Gate`]): a consequence that can be lawful (a lawsuit
//!   that is intended and not time-barred, or enforcement once a judgment
//!   exists; credit reporting by a lender that reports; referral to an
//!   agency that exists; a letter from an actual attorney, or "our
//!   attorneys" once counsel is retained on the debt; repossession with a
//!   present right to possession and an intent; card-fraud
//!   prosecution when the §196 facts are met) and a statement of fact that
//!   can be true (a suit filed, a summons issued, a hearing date set, 已立案,
//!   传票已送达: only once filed; "a judgment was entered", 判决已生效: only
//!   once obtained) pass only when the [`MessageFacts`] say so; unknown facts
//!   fire. An intent to sue does not make "we have filed" true. Claims that
//!   are never lawful for a collector (arrest, jail, impersonation, threats
//!   to family, exposure) always fire.
//! - **Negation** ([`NegationRule`], lexicon data): a cue shortly before a
//!   statement that can be lawful, in the same clause ("we will not sue
//!   you", 我司不会向您的通讯录联系人透露), takes it back, unless a break
//!   between them says something else is denied ("we will not hesitate to
//!   sue you") or a contrast ends the denial ("but", 但, 否则). Threats, insults and harassment are never taken back.
//! - **Normalisation** ([`Normalizer`]): NFKC, case folding, traditional →
//!   simplified, noise skipping (spaces, punctuation, symbols, zero-width,
//!   emoji; weapon and death symbols such as 🔪 are kept: a lexicon threat
//!   term each), folding of repeated characters and digit/letter look-alikes
//!   (`k1ll`, `j@il`, `4rrest`, and digits spelled out between noise such as
//!   `j.4.i.l`; amounts and phone numbers stay digits). It is fused into the
//!   Aho–Corasick automaton: one table load per character (mapped character
//!   and flags), no normalised copy of the text, original offsets kept in a
//!   small ring and read only when a pattern matches. Latin terms match only
//!   on word boundaries. The automaton is aho-corasick's DFA (fed the UTF-8
//!   bytes of each normalised character) for lexicons up to 32 KiB of
//!   distinct terms, the built-in ones included, and beyond, where a DFA's
//!   table would outgrow the caches, a character-wise double array that
//!   takes the normalisation table's character codes directly, one probe
//!   per character (both give the same findings; a property test compares
//!   them).
//! - **Cost**: nothing is allocated for a message without a hit, hits that
//!   the facts gate off are dropped inside the scan, and the work after the
//!   scan is proportional to the number of hits (see `benches/language.rs`
//!   for figures against a bare automaton in the same run).
//! - **Third parties**: when the recipient is not the debtor (or unknown),
//!   debt words, amounts with a currency (in digits, Chinese numerals or
//!   English words: "five hundred dollars", "ten grand") and requests to
//!   pay on the debtor's behalf are findings.
//! - **Required content** (when [`MessageFacts::jurisdiction`] is set): the
//!   US mini-Miranda (initial) or "from a debt collector" (later), in the
//!   message's language, unless the voicemail is a limited-content message
//!   ([`classify_voicemail`]); a US email, text or instant message must offer
//!   a way to opt out of electronic messages (12 CFR 1006.6(e), any
//!   recipient); in China the collector and institution must be identified.
//!   The UK rules (CONC 7.9) name conduct to avoid but no statement a message
//!   must contain, so `uk` adds no required-content check.
//! - **UK premium-rate numbers**: under `uk`, a number to call on 09 or
//!   0871–0873 (`0906 123 4567`, `+44 (0)906 123 4567`) is a `deceptive`
//!   finding (`uk.premium_rate_number`, CONC 7.9's premium-rate numbers for
//!   customers to call), besides the lexicon's words for them.
//! - **Personal data**: [`find_pii`], [`mask_pii`] and the redacting
//!   [`Personal`] wrapper.

mod amount_words;
mod checker;
mod dart;
mod disclosure;
mod lexicon;
mod matcher;
mod normalize;
mod pii;
mod premium;
mod scan;
mod small;
mod spurious;
mod turns;
mod types;
mod voicemail;

pub use checker::TextChecker;
pub use disclosure::amounts;
pub use lexicon::{
    BuiltinLexicon, LanguagePolicy, Lexicon, LexiconEntry, NearRule, NegationRule, BUILTIN_EN,
    BUILTIN_ZH, MAX_TERM_CHARS,
};
pub use normalize::{NormChar, Normalizer};
pub use pii::{find_pii, mask_pii, Exposed, Personal, PiiKind, PiiMatch};
pub use types::{
    Category, Channel, Finding, Gate, Jurisdiction, MessageFacts, Recipient, Severity, Span,
};
pub use voicemail::{classify_voicemail, VoicemailAssessment};

#[cfg(test)]
mod tests;
