//! An independent day-by-day oracle for `arrears::accrual::accrue`.
//!
//! The model (`accrual_oracle/model.rs`) is written from the public docs
//! (the doc comments of `accrue`, `Accrual`, `AccrualReport`, `CapTerms`,
//! `AccrualPolicy` and its rules and caps, the allocation and loan modules)
//! and RULES.md §2–§3, not from the engine: it walks the loan one calendar
//! day at a time on integer minor units, with its own rounding, waterfall, fee
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
//! 6. Stage 4 plus stop rules (`accrual_oracle/stop.rs`): `at_dpd` (1–90,
//!    with no, a small or a large tolerance, and payments leaving an
//!    installment just under a large one so that the penalty lifts it over
//!    it), `at_charge_off` with a charge-off in the ledger (sometimes
//!    reversed, sometimes without the flag), the excess sometimes deferred.
//!    The stop is checked on each interval's first day and lifts when a
//!    payment brings the days past due back under `at_dpd`; while stopped
//!    nothing accrues, the allowance does not grow, nothing is released and
//!    the fee clocks keep time without charging.
//! 7. Stage 6 in USD and in custom currencies with 0 and 3 minor units
//!    (`Currency::new`), amounts drawn in minor units (the same draws as in
//!    CNY; `num.rs` works in the case's currency).
//! 8. Stage 7 with `Posting::Period` (`accrual_oracle/period.rs`): one
//!    rounded posting per installment, kind and interval between events,
//!    checked against the cap at the interval's close; no tolerance-crossing
//!    events.
//! 9. Stage 7 with the 30/360 family for the penalty (days counted from the
//!    installment's due date, 30E/360 ISDA without a termination date),
//!    daily or period posting, and annualised caps at a multiple of the
//!    1-year LPR read at the contract date (published table; past its
//!    valid-through date the same rows open-ended), with or without the
//!    `art28` rate hold (`rate_rule`: the penalty rate held to the cap
//!    rate, records citing it) (`accrual_oracle/conv.rs`).
//! 10. Stage 9 with a 30/360 count (Bond Basis, 30E/360) for the cap's
//!     allowance, in 60 % of the cases, counted from the contract date
//!     (`CapTerms`: `dc(contract, end) − dc(contract, start)` for each
//!     interval, so that where events fall changes nothing). The engine
//!     counted each interval on its own, `dc(start, end)`, until this
//!     stage found it (a window starting on a 31st added a day's growth).
//!
//! 11. Stage 4 plus 1–6 ledger entries (`accrual_oracle/extras.rs`):
//!     waivers (减免) of penalty, fee, interest or principal, on an
//!     installment or, for 30 %, oldest first over all installments (the
//!     `waived` columns and `Position::unapplied_waivers` compared),
//!     penalty and fee charges on an installment or, for 30 %, naming none
//!     (never cut, counted against the annualised cap and, a fee, the fee
//!     caps; met from a credit balance at once) and chargebacks on an
//!     installment dated before or after its due date. A charge after a waiver of its
//!     component reinstates it first (`Caps`: that part is not counted
//!     again; until this stage the engine took any charge up to what was
//!     waived anywhere in the loan as a reinstatement). A chargeback before
//!     the due date makes the installment overdue from the next day, for
//!     the allowance too, and that day ends an interval (`CapTerms`; until
//!     this stage the engine did not end one there, so the allowance missed
//!     the installment until the next event).
//! 12. Stage 11 widened (`accrual_oracle/wide.rs`): charges of principal
//!     and interest too (a base for 罚息 / 复利 and the allowance, counted
//!     against no cap), chargebacks naming no installment, and about a
//!     quarter of the entries reversed (on or after their date; reversed by
//!     `to − 1`, an entry never happened and is no event), each case with
//!     a subset, drawn from its own generator, of deferred excess (5), stop
//!     rules (6), currencies (7), period posting (8), 30/360, LPR caps and
//!     the art28 hold (9) and a 30/360 allowance (10). With a chargeback
//!     before a due date, the days past due for the stop count from its
//!     date (`InstallmentPosition::overdue_from`).
//!     A cut on an installment within the tolerance at the close of its
//!     interval is dropped at once, "never held" (`CapExcess::Deferred`),
//!     even when a charge or chargeback on the day that ends the interval
//!     lifts the installment over the tolerance (until this stage the
//!     engine held it and released it later).
//! 13. Stage 12 denser: 3–10 entries dated on payment days, due dates and
//!     the days after them or just before a due date, a third reversed
//!     (half of those on their own day), some as large as one to five
//!     installments; deferred excess in 60 % of the cases, stop rules in
//!     70 %. A charge or chargeback naming no installment goes, per
//!     `TxKind::Charge`, to "the oldest installment overdue on the value
//!     date", and an installment charged back before its due date is
//!     overdue (`Position::overdue`, `TxKind::Chargeback`); until this
//!     stage the engine passed it over and took the next one due.
//!
//! 14. Stage 4 with stage 9–10's 30/360 and LPR caps, plus draws from the
//!     case's own generator (`accrual_oracle/more.rs`, `alloc.rs`): any
//!     waterfall (the other presets, custom rule lists, horizontal or
//!     vertical, next / last first or reamortization, every `Overpayment`
//!     mode), Act/Act (ISDA) for the penalty and the allowance, a contract
//!     date up to 500 days before disbursement (LPR and 30/360 allowance
//!     read there), stated penalty rates (`PenaltyRate::Explicit`), markups
//!     in the `Misuse` band or `Unchecked`, no penalty rule, the loan's day
//!     count for the penalty (`day_count: None`), no `compound_rule`,
//!     interest-only and bullet loans, weekly / bi-weekly, interest by day
//!     count. Agrees on 5,000 release cases. Doc gaps decided here:
//!     - Act/Act daily records may run across a 1 January between two years
//!       with the same basis (`Accrual`: one `basis` a record); with
//!       `Posting::Period` the interval is "split at each 1 January"
//!       (`DayCount::ActActIsda`), one posting per year.
//!     - a record the cap's cut did not reach (the first part of an
//!       interval split at a 1 January) names no `capped_by` (`Accrual`:
//!       `amount` is `uncapped` cut by the cap in `capped_by`).
//!     - `Reamortization`'s "rounding remainder on the last": the in-advance
//!       installment due latest among those still owing.
//!     - a credit balance left by a waterfall without in-advance rules
//!       under `CreditBalance` is not applied to installments as they fall
//!       due (no doc says it is; `Position::credit`).
//!     - Act/Act with a deferred excess: the cut of an interval spanning
//!       1 January is held as one amount, released from the interval's
//!       first day (`Accrual::released_from`). Until this stage the engine
//!       held it as two, the second released from 1 January.
//! 15. Stage 12 with stage 14's draws. The 4 cases in 2,000 that first
//!     disagreed (seeds 15000158, 15000612, 15001179, 15001272) were one
//!     model misreading, a doc gap now closed in `TxKind::Chargeback`
//!     (`accrual_oracle/credit_cb.rs`): a chargeback before a due date
//!     that the credit balance meets in full leaves nothing charged back
//!     owing and makes no installment overdue (no `chargeback_on`, no event
//!     the next day, no allowance, days past due or stop from its date).
//!     Seed 15020810 then found a library bug, fixed
//!     (`accrual_oracle/ream_scale.rs`): a reamortizing waterfall split in
//!     thousandths of a yuan when a flat fee was written `1.900`.
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
//! Not covered: ledger entries recorded between a charge-off and its
//! undo (the ledger refuses them, and cases drop the undo), stage 14's
//! draws with the ledger entries and stop rules by default (stage 15),
//! `FeeBase::UnpaidMinimum` (a card base), due-date business-day
//! adjustment, the `us` / `uk` presets as such (their parts are drawn),
//! card loans (`tests/card_oracle.rs`).

#[path = "accrual_oracle/alloc.rs"]
mod alloc;
#[path = "accrual_oracle/case.rs"]
mod case;
#[path = "accrual_oracle/compare.rs"]
mod compare;
#[path = "accrual_oracle/conv.rs"]
mod conv;
#[path = "accrual_oracle/credit_cb.rs"]
mod credit_cb;
#[path = "accrual_oracle/extras.rs"]
mod extras;
#[path = "accrual_oracle/held.rs"]
mod held;
#[path = "accrual_oracle/model.rs"]
mod model;
#[path = "accrual_oracle/more.rs"]
mod more;
#[path = "accrual_oracle/num.rs"]
mod num;
#[path = "accrual_oracle/period.rs"]
mod period;
#[path = "accrual_oracle/ream_scale.rs"]
mod ream_scale;
#[path = "oracle_support/rng.rs"]
mod rng;
#[path = "oracle_support/run.rs"]
mod run;
#[path = "accrual_oracle/stop.rs"]
mod stop;
#[path = "accrual_oracle/wide.rs"]
mod wide;

use std::collections::BTreeMap;

use arrears::accrual::accrue;

use case::{build_loan, build_policy, describe, gen_case, Scope};
use compare::{compare, kind_name};
use model::run_model;

/// Cases per stage unless `ORACLE_CASES` says otherwise: sized so that the
/// whole file stays well within a minute in a debug build.
const DEFAULT_CASES: u64 = 300;

fn run_many(label: &str, base_seed: u64, scope: Scope) {
    let (n, base_seed) = run::seeds(base_seed, DEFAULT_CASES);
    let mut tally = run::Tally::new(label);
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
                tally.fail(&format!("ERROR {e}\n "), || describe(&c), &[]);
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
        if m.stopped_days > 0 {
            *stats.entry("cases stopped some day").or_default() += 1;
        }
        if conv::is_thirty(c.day_count) {
            *stats.entry("cases on 30/360").or_default() += 1;
        }
        if c.cap.is_some() && c.lpr_multiple.is_some() {
            *stats.entry("cases with an LPR cap").or_default() += 1;
        }
        if m.rate_held {
            *stats.entry("cases with the rate held").or_default() += 1;
        }
        if m.crossings > 0 {
            *stats
                .entry("cases with a tolerance-crossing event")
                .or_default() += 1;
        }
        if m.credit > 0 {
            *stats.entry("cases with credit").or_default() += 1;
        }
        for e in &c.extras {
            *stats.entry(extras::kind_name(e.kind)).or_default() += 1;
            for s in wide::stat_names(e) {
                *stats.entry(s).or_default() += 1;
            }
        }
        if m.insts.iter().any(|i| i.reinstated.iter().any(|r| *r > 0)) {
            *stats
                .entry("cases with a charge reinstating a waiver")
                .or_default() += 1;
        }
        if m.unapplied > 0 {
            *stats.entry("cases with unapplied waivers").or_default() += 1;
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
        // Two situations stages 12-13 found the engine wrong in (`wide.rs`),
        // counted to show they are drawn.
        if m.lifted {
            *stats
                .entry("cases with a cut dropped though its day lifts the installment")
                .or_default() += 1;
        }
        if m.cb_target {
            *stats
                .entry("cases with an entry sent to one overdue by a chargeback")
                .or_default() += 1;
        }
        tally.check(|| describe(&c), &problems);
    }
    tally.finish(n, &stats);
}

/// What stage `k` draws (see the header): stages 1–4 add to each other;
/// 5 and 11 are stage 4 with one more thing; 6–10 add stop rules, then
/// currencies, then period posting (8) or 30/360 and LPR caps (9, and
/// 10 with a 30/360 cap allowance); 12 is 11 widened, with a subset of
/// 5–10's features drawn per case, 13 the same denser.
fn scope_of(k: u64) -> Scope {
    Scope {
        fees: k >= 2,
        window: k >= 3,
        variety: k >= 3,
        cap_tol: k >= 4,
        deferred: k == 5,
        stops: (6..=10).contains(&k),
        currencies: (7..=10).contains(&k),
        period: k == 8,
        conv: (9..=10).contains(&k) || k == 14,
        cap_dc: k == 10 || k == 14,
        ledger: (11..=13).contains(&k) || k == 15,
        wide: (12..=13).contains(&k) || k == 15,
        mix: (12..=13).contains(&k) || k == 15,
        dense: k == 13,
        s14: k >= 14,
    }
}

/// Runs stage `k` over its seeds (`k × 10^6 + i`).
fn stage(k: u64) {
    run_many(&format!("stage{k}"), k * 1_000_000, scope_of(k));
}

#[test]
fn stage1_cn_daily_no_fees_no_cap() {
    stage(1);
}

#[test]
fn stage2_late_fees() {
    stage(2);
}

#[test]
fn stage3_variety_and_windows() {
    stage(3);
}

#[test]
fn stage4_tolerance_and_annualised_cap() {
    stage(4);
}

#[test]
fn stage5_deferred_cap_excess() {
    stage(5);
}

#[test]
fn stage6_stop_rules() {
    stage(6);
}

#[test]
fn stage7_currencies() {
    stage(7);
}

#[test]
fn stage8_period_posting() {
    stage(8);
}

#[test]
fn stage9_thirty_360_and_lpr_caps() {
    stage(9);
}

/// Stage 9 with a 30/360 day count for the annualised cap's allowance.
#[test]
fn stage10_thirty_360_cap_allowance() {
    stage(10);
}

/// Stage 4 with waivers and penalty / fee charges in the ledger.
#[test]
fn stage11_waivers_and_charges() {
    stage(11);
}

/// Stage 11 widened (charges of any component, chargebacks naming none,
/// reversals) with a per-case subset of stages 5–10's features.
#[test]
fn stage12_ledger_mixed() {
    stage(12);
}

/// Stage 12 with denser entries near events, leaning on deferred excess
/// and stop rules.
#[test]
fn stage13_dense_ledger() {
    stage(13);
}

/// Stage 4 with 30/360 and LPR caps (9, 10) and stage 14's draws: any
/// waterfall, Act/Act (ISDA), a contract date before disbursement, stated
/// and unbanded penalty rates, no penalty, other loan shapes.
#[test]
fn stage14_waterfalls_act_act_contract_dates_rates() {
    stage(14);
}

/// Stage 12 (ledger entries, a per-case subset of stages 5–10) with stage
/// 14's draws.
#[test]
fn stage15_ledger_mixed_with_stage14() {
    stage(15);
}
