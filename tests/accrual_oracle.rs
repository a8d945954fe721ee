//! An independent day-by-day oracle for `arrears::accrual::accrue`.
//!
//! The model (`accrual_oracle/model.rs`) is written from the public docs
//! (the doc comments of `accrue`, `Accrual`, `AccrualReport`, `CapTerms`,
//! `AccrualPolicy` and its rules and caps, the allocation and loan modules)
//! and RULES.md §2–§3, not from the engine: it walks the loan one calendar
//! day at a time on integer cents, with its own rounding, waterfall, fee
//! calendar, fee caps and annualised-cap allowance, and reads nothing from
//! the library but the loan's schedule and the report it checks. Random
//! cases (`accrual_oracle/case.rs`) are compared record by record, and
//! position by position (`accrual_oracle/compare.rs`).
//!
//! Stages, each a test over its own seeds:
//! 1. CNY, 等额本息 / 等额本金 over 3–24 months, the `cn` penalty (contract
//!    rate × 1.5, 复利), Act/360, half-up, daily posting, no fees, no cap;
//!    0–14 repayments (exact, partial, over-payments), about 20 % reversed.
//! 2. Stage 1 plus 0–2 late-fee rules (flat, % installment, % overdue
//!    principal, % overdue principal and interest; once, every N days,
//!    monthly; min / max; after 0–30 days) and fee caps per installment and
//!    per loan.
//! 3. Stage 2 plus a markup of 0.30–0.50, 复利 on or off, Act/365F, the four
//!    rounding modes, four waterfall presets, windows starting after
//!    disbursement.
//! 4. Stage 3 plus a tolerance and an annualised cap (fixed 5–36 %, excess
//!    waived, outstanding or overdue principal base), compared exactly, cuts
//!    and `capped_by` included.
//! 5. Stage 4 with the annualised cap always set and its excess
//!    `CapExcess::Deferred` (`accrual_oracle/held.rs`): cuts held in order,
//!    released at each interval's close before its own interest, dropped
//!    once the installment owes no more than the tolerance (after each
//!    day's payments, and at once for a cut on such an installment; a
//!    dropped fee stops counting against the fee caps); release records,
//!    `released_from` and `AccrualReport::held` compared exactly.
//!
//! Fee dates split intervals as `CapTerms` says: every fee date still
//! scheduled for an installment from the oldest not paid off, whatever the
//! tolerance; a date on which the installment owes no more than the
//! tolerance stops that fee (`Recurrence`: "charged again while the
//! installment stays overdue").
//!
//! Running more cases (release, the default count is for CI's debug build):
//! `ORACLE_CASES=5000 cargo test --release --test accrual_oracle -- --nocapture`.
//! A failure prints the case's seed; `ORACLE_SEED=s` replays that one case
//! (in the stage its seed belongs to: stage k's seeds are k × 10^6 + i).
//! The generator is a seeded splitmix64, so a seed always gives the same case.
//!
//! Debugging: `ORACLE_DUMP=1` prints the library's records and the model's
//! fees, releases and held amounts; `ORACLE_FROM_DISB=1` starts every
//! window at disbursement (a different case when the window did not).
//!
//! Not covered: `Posting::Period`, stop rules (DPD, charge-off),
//! LPR-multiple caps and the `art28` rate hold,
//! charges, waivers and chargebacks in the ledger, vertical or reamortizing
//! waterfalls, currencies other than CNY, 30/360 day counts.

#[path = "accrual_oracle/case.rs"]
mod case;
#[path = "accrual_oracle/compare.rs"]
mod compare;
#[path = "accrual_oracle/held.rs"]
mod held;
#[path = "accrual_oracle/model.rs"]
mod model;
#[path = "accrual_oracle/num.rs"]
mod num;

use std::collections::BTreeMap;

use arrears::accrual::accrue;

use case::{build_loan, build_policy, describe, gen_case, Scope};
use compare::{compare, kind_name};
use model::run_model;

/// Cases per stage unless `ORACLE_CASES` says otherwise: sized so that the
/// whole file stays well within a minute in a debug build.
const DEFAULT_CASES: u64 = 300;

fn cases() -> u64 {
    std::env::var("ORACLE_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_CASES)
}

fn run_many(label: &str, base_seed: u64, scope: Scope) {
    let seed = std::env::var("ORACLE_SEED")
        .ok()
        .and_then(|s| s.parse::<u64>().ok());
    let (n, base_seed) = match seed {
        Some(s) if s / 1_000_000 == base_seed / 1_000_000 => (1, s),
        Some(_) => (0, base_seed),
        None => (cases(), base_seed),
    };
    let mut fails = 0;
    let mut shown = 0;
    let mut stats: BTreeMap<&'static str, u64> = BTreeMap::new();
    for k in 0..n {
        let mut c = gen_case(base_seed + k, scope);
        if std::env::var("ORACLE_FROM_DISB").is_ok() {
            // Debugging: the whole life of the loan in the report.
            c.from = c.disb;
        }
        let loan = build_loan(&c);
        let policy = build_policy(&c);
        let rep = match accrue(&loan, c.from, c.to, &policy) {
            Ok(r) => r,
            Err(e) => {
                fails += 1;
                if shown < 5 {
                    shown += 1;
                    eprintln!("[{label}] ERROR {e}\n  {}", describe(&c));
                }
                continue;
            }
        };
        let m = run_model(&c, &loan);
        for r in &rep.records {
            *stats.entry(kind_name(r.kind)).or_default() += 1;
            if r.capped_by.is_some() {
                *stats.entry("records capped").or_default() += 1;
            }
        }
        if m.accs.iter().any(|a| a.annual_cut) {
            *stats
                .entry("cases where the annualised cap cuts")
                .or_default() += 1;
        }
        if m.credit > 0 {
            *stats.entry("cases with credit").or_default() += 1;
        }
        if !c.revs.is_empty() {
            *stats.entry("cases with reversals").or_default() += 1;
        }
        if std::env::var("ORACLE_DUMP").is_ok() {
            for r in &rep.records {
                eprintln!(
                    "  lib {:?} #{} {}..{} base {} amount {}/{} capped_by {:?} released_from {:?}",
                    r.kind,
                    r.installment,
                    r.from,
                    r.to,
                    r.base,
                    r.amount,
                    r.uncapped,
                    r.capped_by,
                    r.released_from
                );
            }
            for a in m
                .accs
                .iter()
                .filter(|a| a.kind == arrears::accrual::AccrualKind::LateFee)
            {
                eprintln!(
                    "  model fee #{} {} {}/{}",
                    a.inst, a.day, a.amount, a.uncapped
                );
            }
            for r in m.deferred.iter().flat_map(|d| &d.rels) {
                eprintln!("  model release {r:?}");
            }
            for h in m.deferred.iter().flat_map(|d| &d.queue) {
                eprintln!(
                    "  model held {h:?} (installment owes {})",
                    m.insts[h.idx].out_total()
                );
            }
        }
        let problems = compare(&c, &rep, &m);
        if !problems.is_empty() {
            fails += 1;
            if shown < 5 {
                shown += 1;
                eprintln!("[{label}] MISMATCH {}", describe(&c));
                for p in problems.iter().take(12) {
                    eprintln!("    {p}");
                }
            }
        }
    }
    eprintln!("[{label}] {} of {n} cases agree; {stats:?}", n - fails);
    assert_eq!(fails, 0, "[{label}] {fails} of {n} cases disagree");
}

#[test]
fn stage1_cn_daily_no_fees_no_cap() {
    let scope = Scope {
        fees: false,
        window: false,
        variety: false,
        cap_tol: false,
        ..Scope::default()
    };
    run_many("stage1", 1_000_000, scope);
}

#[test]
fn stage2_late_fees() {
    let scope = Scope {
        fees: true,
        window: false,
        variety: false,
        cap_tol: false,
        ..Scope::default()
    };
    run_many("stage2", 2_000_000, scope);
}

#[test]
fn stage3_variety_and_windows() {
    let scope = Scope {
        fees: true,
        window: true,
        variety: true,
        cap_tol: false,
        ..Scope::default()
    };
    run_many("stage3", 3_000_000, scope);
}

#[test]
fn stage4_tolerance_and_annualised_cap() {
    let scope = Scope {
        fees: true,
        window: true,
        variety: true,
        cap_tol: true,
        ..Scope::default()
    };
    run_many("stage4", 4_000_000, scope);
}

#[test]
fn stage5_deferred_cap_excess() {
    let scope = Scope {
        fees: true,
        window: true,
        variety: true,
        cap_tol: true,
        deferred: true,
    };
    run_many("stage5", 5_000_000, scope);
}
