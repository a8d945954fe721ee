//! Loans.
