//! Overdue stages.
