//! Collection-contact compliance.
//!
//! - [`contact`]: may a collector call, text, email, write or visit now, and
//!   if not, when? Contact windows in the debtor's local time (real DST),
//!   frequency limits (Reg F presumptions, China daily limits, configurable
//!   counters), consent and account flags, third parties and visits, plus a
//!   streaming auditor that replays a contact log.
//! - [`language`]: what a message or call transcript says — forbidden
//!   language (threats, insults, false legal claims, impersonation,
//!   exposure, pressure to borrow), required disclosures, disclosure of the
//!   debt to third parties, and masking of personal data.

pub mod contact;
pub mod language;
