//! Accrual: penalty interest (罚息, 复利), late fees and caps, and payoff
//! quotes.
//!
//! An [`AccrualPolicy`] says what a loan in arrears accrues; [`accrue`]
//! replays the loan's ledger by events and returns one [`Accrual`] record per
//! interval and installment, each carrying its base, rate, days, day-count
//! basis, rounding, rule id and the cap that cut it, so that an auditor can
//! recompute it. [`payoff`] says what closes the loan on a date.
//!
//! ```
//! use arrears::accrual::{accrue, AccrualKind, AccrualPolicy, LprTable};
//! use arrears::loan::{Loan, LoanTerms, RepaymentMethod};
//! use arrears::money::{Currency, Money, Rate};
//! use chrono::NaiveDate;
//! use rust_decimal::Decimal;
//!
//! let d = |m, dd| NaiveDate::from_ymd_opt(2026, m, dd).unwrap();
//! // One installment of CNY 24,000 principal due 2026-03-01 at 4.8 %.
//! let loan = Loan::new(LoanTerms::new("L", Money::new(Decimal::from(24_000), Currency::CNY),
//!     d(1, 1), Rate::from_percent(Decimal::new(48, 1))?, RepaymentMethod::InterestOnly, 2, d(2, 1)))?;
//! // 罚息 at the contract rate + 40 % for the 45 days 2026-03-02..=2026-04-15, Act/360.
//! // The 4 × LPR cap needs the LPR at the contract date: the published
//! // table ends 2025-08-20, so the host confirms it through 2026-01-01.
//! let lpr = LprTable::published().with_valid_through(d(1, 1))?;
//! let policy = AccrualPolicy::cn_with_markup(Decimal::new(4, 1))?.with_lpr_table(lpr)?;
//! let report = accrue(&loan, d(3, 2), d(4, 16), &policy)?;
//! assert_eq!(report.total(AccrualKind::PenaltyInterest)?.to_string(), "201.60 CNY");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod cap;
mod card;
mod cited;
mod clocks;
mod close;
mod engine;
mod fastpay;
mod fixed;
mod payoff;
mod pieces;
mod policy;
mod runs;
mod tables;

pub use card::{
    accrue_card, CardInterest, CardLateCharge, CardPolicy, CardRegime, CardRegimes,
    RegimeLateCharge,
};
pub use close::{
    close_day, close_portfolio, close_portfolio_sequential, ClosePolicy, CloseSummary, DayOutcome,
    LoanDay,
};
pub use engine::{accrue, Accrual, AccrualKind, AccrualReport, CapTerms};
pub use payoff::{payoff, Payoff, UNEARNED_INTEREST_RULE};
pub use policy::{
    AccrualPolicy, AnnualizedCap, CapBase, CapExcess, CapRate, Caps, FeeBase, LateFeeRule,
    MarkupBand, PenaltyRate, PenaltyRule, Posting, Recurrence, RuleRef, StopRule,
};
pub use tables::{IssuerScope, LprRow, LprTable, SafeHarborRow, SafeHarborTable};

/// Not part of the API: the engine's shortcuts switched off one by one,
/// for the differential fuzz target (`fuzz/fuzz_targets/accrue_paths.rs`).
/// Only with the `fuzzing` feature; no stability promise.
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod __fuzz {
    use super::engine::{accrue_with, Paths};
    use super::{AccrualPolicy, AccrualReport};
    use crate::error::Result;
    use crate::loan::Loan;
    use chrono::NaiveDate;

    /// [`accrue`](super::accrue) with the direct payment path, the runs of
    /// daily postings and the fixed-point replay each on or off.
    pub fn accrue_paths(
        loan: &Loan,
        from: NaiveDate,
        to: NaiveDate,
        policy: &AccrualPolicy,
        [direct_pay, runs, fixed]: [bool; 3],
    ) -> Result<AccrualReport> {
        accrue_with(
            loan,
            from,
            to,
            policy,
            Paths {
                direct_pay,
                runs,
                fixed,
            },
        )
    }
}

#[cfg(test)]
mod tests;
