//! Collection-contact compliance.
//!
//! - [`contact`]: may a collector call, text, email, write or visit now, and
//!   if not, when? Contact windows in the debtor's local time (real DST),
//!   frequency limits (Reg F presumptions, China daily limits, configurable
//!   counters), consent and account flags, third parties and visits, plus a
//!   streaming auditor that replays a contact log.

pub mod contact;
