//! `arrears`: loans in arrears and their collection.
#![forbid(unsafe_code)]
#![warn(missing_docs, missing_debug_implementations, unreachable_pub)]
#![doc(test(attr(deny(warnings))))]

pub mod calendar;
pub mod delinquency;
pub mod error;
pub mod loan;
pub mod money;

pub use error::{Error, Problem, Result};
