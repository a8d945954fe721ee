//! `arrears`: loans in arrears and their collection, with exact money.
//!
//! Typed loans and card accounts with their schedules and ledgers, what is
//! owed and overdue on any date, days past due and overdue stages — all in
//! exact decimal money, deterministic, with every figure traceable to the
//! rule that produced it.
//!
//! # Quick example
//!
//! ```
//! use arrears::delinquency::{Delinquency, DelinquencyOptions, StageScheme};
//! use arrears::loan::{Loan, LoanTerms, RepaymentMethod, Transaction};
//! use arrears::money::{Currency, Money, Rate};
//! use chrono::NaiveDate;
//! use rust_decimal::Decimal;
//!
//! let d = |m, dd| NaiveDate::from_ymd_opt(2026, m, dd).unwrap();
//! // CNY 24,000 over 12 months at 9.6 % a year, 等额本息.
//! let terms = LoanTerms::new("CN-001", Money::new(Decimal::from(24_000), Currency::CNY),
//!     d(3, 15), Rate::from_percent(Decimal::new(96, 1))?,
//!     RepaymentMethod::EqualInstallment, 12, d(4, 15));
//! let mut loan = Loan::new(terms)?;
//! assert_eq!(loan.schedule()[0].payment().to_string(), "2105.52 CNY");
//!
//! // The debtor pays April, then stops.
//! loan.record(Transaction::repayment("P1", d(4, 15), loan.schedule()[0].payment()))?;
//! let position = loan.position(d(7, 1))?;
//! assert_eq!(position.overdue().total()?.to_string(), "4211.04 CNY");
//!
//! let late = Delinquency::assess(&position, &DelinquencyOptions::default());
//! assert_eq!(late.days_past_due(), 47); // since 2026-05-15
//! let scheme = StageScheme::m0_m7();
//! let bucket = scheme.classify(late.delinquent_days()).unwrap();
//! assert_eq!(bucket.code, "M2");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Overview
//!
//! - [`money`]: [`Currency`](money::Currency), [`Money`](money::Money)
//!   (checked arithmetic, no implicit currency mixing), [`Rate`](money::Rate)
//!   (annual, percent, basis points, 万分之N daily), [`Rounding`](money::Rounding),
//!   allocation that keeps every minor unit.
//! - [`calendar`]: day counts (Act/360, Act/365F, Act/Act ISDA, the 30/360
//!   family) with exact fractions; holiday calendars with make-up working
//!   days (调休); business-day conventions.
//! - [`loan`]: [`Loan`](loan::Loan) with schedules (等额本息, 等额本金,
//!   interest-only, bullet), a ledger with backdating and reversals,
//!   [`Position`](loan::Position) by installment and component; revolving
//!   [`CardAccount`](loan::CardAccount)s with statement minimum payments.
//! - [`accrual`]: penalty interest (罚息, 复利), late fees and caps (including
//!   4 × LPR), event-driven [`accrue`](accrual::accrue) with auditable
//!   records, [`payoff`](accrual::payoff) quotes, card interest and late
//!   charges, and an allocation-free nightly batch.
//! - [`allocation`]: payment waterfalls as data and multi-debt allocation
//!   (民法典 Art. 560/561, Fineract, Reg Z 1026.53, Reg F 1006.30(c)).
//! - [`plan`]: repayment-plan negotiation (分期, 延期, 减免, settlements,
//!   promises to pay) with approvals, counter-offers and reasoned
//!   rejections, and monitoring of promises and plans with claw-back.
//! - [`policy`]: the whole collection policy as one TOML/JSON document,
//!   starting from a preset (`extends = "cn"`).
//! - [`compliance`]: may a collector call, text, email, write or visit now,
//!   and if not, when? Contact windows in the debtor's local time with real
//!   DST, Reg F call presumptions, China's daily limits, configurable
//!   counters, cease / attorney / opt-out / dispute flags, third parties and
//!   visits, and a streaming auditor for contact logs;
//!   [`TextChecker`](compliance::language::TextChecker) for forbidden
//!   collection language (threats, insults, false legal claims,
//!   impersonation, exposure, pressure to borrow) with fact gates and
//!   evasion-proof normalisation, third-party disclosure, required
//!   disclosures (mini-Miranda, collector identity), limited-content
//!   voicemails, and PII masking with a redacting
//!   [`Personal`](compliance::language::Personal) wrapper.
//! - [`delinquency`]: days past due (grace, tolerance, pauses), stage
//!   schemes (M0–M7, 1/3/7/30-day reminders, 五级分类 2011 and 2023, US
//!   30–180, Fineract's defaults) and stage history with cure dates.
//!
//! # Cookbook
//!
//! **Penalty interest on overdue principal for 45 days (Act/360).**
//!
//! ```
//! use arrears::calendar::DayCount;
//! use arrears::money::{Rate, Rounding};
//! use chrono::NaiveDate;
//! use rust_decimal::Decimal;
//!
//! let penalty_rate = Rate::from_percent(Decimal::new(48, 1))?.marked_up(Decimal::new(4, 1))?; // 4.8 % × 1.4
//! let from = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
//! let to = NaiveDate::from_ymd_opt(2026, 4, 15).unwrap();
//! let raw = DayCount::Act360.accrue(Decimal::from(24_000), penalty_rate.annual(), from, to)?;
//! assert_eq!(Rounding::HalfUp.round(raw, 2), Decimal::new(201_60, 2));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! **Which stage was a loan in, and when was it cured?** See
//! [`delinquency::stage_history`].
//!
//! **What does a loan 45 days late owe, and where does a payment go?** See
//! [`accrual::accrue`], [`accrual::payoff`] and [`allocation::allocate`].
//!
//! # Principles
//!
//! Pure and deterministic (time is always an argument), exact money (no
//! `f64` anywhere), checked arithmetic (overflow is an [`Error`], never a
//! panic), policies as validated serde data, and errors that name the field
//! and the value.
//!
//! # Crate features
//!
//! - `rayon`: parallel portfolio batches in [`accrual::close_portfolio`];
//!   results are identical without it.
#![forbid(unsafe_code)]
#![warn(missing_docs, missing_debug_implementations, unreachable_pub)]
#![doc(test(attr(deny(warnings))))]

pub mod accrual;
pub mod allocation;
pub mod calendar;
pub mod compliance;
pub mod delinquency;
pub mod error;
pub mod loan;
pub mod money;
pub mod plan;
pub mod policy;
pub mod rule;
pub mod scenario;

pub use error::{Error, Problem, Result};

/// The README's examples, compiled and run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
