//! The crate's one error type.
//!
//! Errors are for misconfiguration and bad input (a negative principal, a
//! policy window that ends before it starts, two currencies in one sum).
//! Findings about the data itself (a loan is 45 days late, a call is out of
//! hours) are returned values, never errors.

use std::fmt;

/// Everything that can go wrong in `arrears`.
///
/// Every variant names the field (or operation) and the offending value, so a
/// message can be shown to the person who supplied the input. Messages are
/// lowercase without a final period.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A field holds a value outside what it accepts.
    #[error("invalid `{field}` value `{value}`: {reason}")]
    InvalidField {
        /// Path of the field, e.g. `loan.principal` or `scheme.ranges[2].max`.
        field: String,
        /// The offending value, as text.
        value: String,
        /// What is wrong with it, naming the limit.
        reason: String,
    },
    /// Two amounts in different currencies were combined.
    #[error("currency mismatch: `{left}` and `{right}` cannot be combined")]
    CurrencyMismatch {
        /// Currency code of the left operand.
        left: String,
        /// Currency code of the right operand.
        right: String,
    },
    /// A checked arithmetic operation overflowed (or divided by zero).
    #[error("arithmetic overflow in {operation} of `{left}` and `{right}`")]
    Overflow {
        /// The operation, e.g. `add` or `multiply`.
        operation: &'static str,
        /// Left operand, as text.
        left: String,
        /// Right operand, as text.
        right: String,
    },
    /// A date computation left the supported calendar range.
    #[error("date out of range in `{field}`: `{value}`")]
    DateOutOfRange {
        /// The field or computation, e.g. `loan.due_date[360]`.
        field: String,
        /// The base value that could not be shifted.
        value: String,
    },
    /// A transaction refers to another transaction that does not exist.
    #[error("`{field}` refers to unknown transaction `{id}`")]
    UnknownTransaction {
        /// The field holding the reference.
        field: String,
        /// The unknown transaction id.
        id: String,
    },
    /// A document (policy or scenario file) could not be read: a syntax
    /// error, an unknown field, a wrong type, or a value its type refuses.
    #[error("cannot parse `{source_name}`: {message}")]
    Parse {
        /// The file name or a description such as `policy (toml)`.
        source_name: String,
        /// The parser's message, with line and column or path where known.
        message: String,
    },
    /// A policy (or other configuration) failed validation; every problem is
    /// listed, not only the first.
    #[error("invalid policy: {}", Problems(problems))]
    InvalidPolicy {
        /// All problems found, in document order.
        problems: Vec<Problem>,
    },
}

impl Error {
    /// Shorthand for [`Error::InvalidField`].
    pub fn invalid(
        field: impl Into<String>,
        value: impl fmt::Display,
        reason: impl Into<String>,
    ) -> Self {
        Error::InvalidField {
            field: field.into(),
            value: value.to_string(),
            reason: reason.into(),
        }
    }

    /// Shorthand for [`Error::Overflow`]. Cold and out of line: it sits on
    /// the error path of hot arithmetic.
    #[cold]
    #[inline(never)]
    pub fn overflow(
        operation: &'static str,
        left: impl fmt::Display,
        right: impl fmt::Display,
    ) -> Self {
        Error::Overflow {
            operation,
            left: left.to_string(),
            right: right.to_string(),
        }
    }

    /// Shorthand for [`Error::DateOutOfRange`].
    pub fn date_out_of_range(field: impl Into<String>, value: impl fmt::Display) -> Self {
        Error::DateOutOfRange {
            field: field.into(),
            value: value.to_string(),
        }
    }
}

/// One problem found while validating a policy or configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where in the document, e.g. `ranges[1].max`.
    pub path: String,
    /// The offending value, as text.
    pub value: String,
    /// What is wrong, naming the limit.
    pub message: String,
}

impl Problem {
    /// Creates a problem.
    pub fn new(
        path: impl Into<String>,
        value: impl fmt::Display,
        message: impl Into<String>,
    ) -> Self {
        Problem {
            path: path.into(),
            value: value.to_string(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` = `{}`: {}", self.path, self.value, self.message)
    }
}

struct Problems<'a>(&'a [Problem]);

impl fmt::Display for Problems<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

/// Collects validation problems and turns them into one [`Error`].
#[derive(Debug, Default)]
pub(crate) struct Validator {
    problems: Vec<Problem>,
}

impl Validator {
    pub(crate) fn push(
        &mut self,
        path: impl Into<String>,
        value: impl fmt::Display,
        message: impl Into<String>,
    ) {
        self.problems.push(Problem::new(path, value, message));
    }

    pub(crate) fn finish(self) -> Result<(), Error> {
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(Error::InvalidPolicy {
                problems: self.problems,
            })
        }
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
