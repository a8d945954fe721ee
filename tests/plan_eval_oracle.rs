//! An independent differential oracle for `arrears::plan::evaluate`
//! (repayment-plan negotiation).
//!
//! The model (`plan_eval_oracle/model.rs`) is written from the public docs
//! only: the rustdoc of `evaluate` (days past due, what is covered, the
//! rounding of installments, counter-offers), of `NegotiationPolicy`,
//! `Limits`, `Band`, `Eligibility`, `Affordability`, `ApprovalLimits`,
//! `TermRules`, `ConductRule`, `PlanRequest`, `Term`, `Scope`,
//! `DebtorFacts`, `Decision`, `Plan` and `RuleOutcome`, CHANGELOG.md's
//! negotiation entries and RULES.md §4 (repayment plans and forbearance).
//! It never reads `src/plan/*` function bodies. Inputs are built with the
//! public API: a loan with repayments and penalty/fee charges read through
//! `Loan::position`, a policy made with `NegotiationPolicy::new` and its
//! `with_*` builders (every rule id is the oracle's own, `t.*`, so the
//! rule each outcome cites is checked), facts and a request.
//!
//! The model works on minor units: DPD from the oldest installment unpaid
//! and due before `as_of` (or the facts' figure); limits = defaults
//! overlaid by every matching DPD band in order; installments `total / n`
//! half-up with the remainder last, rounded down when the last would be
//! below the minimum; each payment fills penalty, fee, interest, principal
//! in that order; a settlement discount comes off penalty, fee, interest,
//! principal in that order; approval by the total waived.
//!
//! Compared: the decision kind; for a plan, every payment's date and
//! components, the covered and waived breakdowns and the approval level;
//! for a counter-offer, the reasons (check and rule id, as a multiset);
//! for a rejection, that every failure the model expects is listed and
//! nothing outside the failing or binding limits is.
//!
//! Stages (stage k's seeds are k × 10^6 + i; `ORACLE_CASES`,
//! `ORACLE_SEED`; 1,000 cases a stage by default, about 1 s in debug):
//! 1. installment plans: eligibility by DPD range, DPD bands, count, term,
//!    minimum-installment and affordability limits, weekly / fortnightly /
//!    monthly, scope outstanding or overdue; counters to the nearest count.
//! 2. waivers (amount or percent, limited per component, opt-in) with
//!    installments, and settlements (floor from `max_discount`, lump sum or
//!    several payments), approval levels.
//! 3. deferrals: installments with a first due date beyond one period and/or
//!    deferral days (or `until`), the latest first due date allowed or
//!    fewer days; payment holidays (a deferral alone).
//! 4. token payments (period limit, term limit) and promises to pay
//!    (latest date).
//! 5. mixed requests: stage 1–3 requests with eligibility failures (DPD,
//!    plans in 12 months, broken-plan cooldown, forbidden flags), conduct
//!    requirements and term kinds not offered (dropped).
//!
//! Stage 1 also asks re-aging and down payments (with `min_down_payment`);
//! stage 2 rate changes against an interest rule and the contract rate;
//! stage 3 due-date changes. Not covered: `DpdRange`-free product and
//! balance bands, weekly affordability, token payments with deferrals or
//! affordability, `rules_applied` of approvals, rule-outcome figures
//! (`limit`, `actual`, `offered`, `message`).
//!
//! Doc gaps, decided here by following the library (the docs allow both):
//! 1. A waiver given as a percent is `percent × outstanding` rounded
//!    *down* to the minor unit (25 % of 0.01-odd amounts: 167,346.5 fen
//!    gives 1,673.46), and the largest waiver allowed likewise.
//! 2. `max_plans_12_months` — see bug 1.
//! 3. `min_down_payment` is required even when the request offers no down
//!    payment (countered with the minimum, paid on `as_of`, seq 0); a
//!    re-age has none. RULES.md §4 says the engine must never *require* a
//!    lump sum; a required down payment is one, yet `evaluate`'s doc lists
//!    "a required minimum down payment" as a counter.
//! 4. The count limit (`max_installments`) also holds a settlement's
//!    payments ("whatever their frequency"), countered to the limit.
//! 5. A rate change countered up to the interest floor that is then not
//!    below the contract rate is dropped (`plan.rate_change_lowers`), beside
//!    the floor's own outcome.
//! 6. Deferral with a due-date change: the first payment is moved on to
//!    the new day; the deferral counted is the deferral days plus the days
//!    that moved date, less the deferral days, falls beyond one period
//!    after `as_of` (the CHANGELOG's "90 days and the 1st from 2026-02-01
//!    reach 06-01, 92 days after one period"). Later payments are monthly
//!    on that day. A counter keeps the most deferral days (≥ 1 when a
//!    deferral was asked, at most the limit), then the latest first due
//!    date not after the one asked. In a payment holiday, payments moved
//!    onto one date are merged, and every payment's move (what is due now
//!    counted from `as_of`) is held to the limit.
//! 7. Reasons are compared as sets: the library reports one rule once per
//!    figure (`MaxDeferral` for the days and for the first due date).
//!
//! Library bugs found (`plan_eval_oracle/pinned.rs` has minimal
//! reproductions, run in every test run; all fixed 2026-11-28 and drawn by
//! default):
//! 1. `Eligibility::max_plans_12_months` said "most plans agreed in the
//!    last 12 months, this one excluded", but a debtor with exactly the
//!    limit of earlier plans (1 and 1; or 0 and 0) was rejected: the
//!    library counts this one too, as the presets mean it (`cn`: 1, one
//!    plan a year). The docs were wrong and now say "this one included";
//!    the model follows them.
//! 2. `Scope::Overdue` with nothing overdue: one installment was approved
//!    as a single payment of 0.00 (CHANGELOG: "every installment is at
//!    least one minor unit"; "nothing owed" is an input error). Now an
//!    error naming `request.scope`.
//! 3. A payment holiday with a due-date change when nothing is due on
//!    `as_of`: the move was measured from `as_of` to the new day although
//!    no payment falls there; a due-date change moving every payment 2
//!    days (26th → 28th) was rejected against a 14-day limit ("actual" 25),
//!    and with deferral days a needless `MaxDeferral` counter was reported.
//!    Now `as_of` counts only when something is due by it.
//! 4. Installments with deferral days above the limit and a due-date
//!    change, where only fewer days *and* an earlier first due date fit:
//!    rejected, where the doc counters "the latest first due date the
//!    deferral limit allows ..., or fewer deferral days when no first due
//!    date is early enough" (5 of 20,000 stage-3 cases). Now countered
//!    with the evaluation date as the first due date and the most days
//!    that fit from it.

#[path = "plan_eval_oracle/compare.rs"]
mod compare;
#[path = "plan_eval_oracle/gen.rs"]
mod gen;
#[path = "plan_eval_oracle/model.rs"]
mod model;
#[path = "plan_eval_oracle/pinned.rs"]
mod pinned;
#[path = "oracle_support/rng.rs"]
mod rng;
#[path = "oracle_support/run.rs"]
mod run;
#[path = "plan_eval_oracle/stages.rs"]
mod stages;

use std::collections::BTreeMap;

use arrears::plan::evaluate;

use gen::{acct, Facts, LoanSpec, Pol, Req};
use rng::Rng;

/// One case: the account, the facts, the policy and the request.
pub struct Case {
    pub seed: u64,
    pub loan: LoanSpec,
    pub facts: Facts,
    pub pol: Pol,
    pub req: Req,
}

fn describe(c: &Case) -> String {
    format!(
        "seed {}\n  loan {:?}\n  facts {:?}\n  policy {:?}\n  request {:?}",
        c.seed, c.loan, c.facts, c.pol, c.req
    )
}

/// Runs stage `stage` with `gen` making the cases.
fn stage(stage: u64, label: &str, default: u64, gen: fn(&mut Rng, u64) -> Option<Case>) {
    let (n, first) = run::seeds(stage * 1_000_000, default);
    let mut tally = run::Tally::new(label);
    let mut stats: BTreeMap<String, u64> = BTreeMap::new();
    let mut ran = 0;
    for seed in first..first + n {
        let mut g = Rng(seed);
        let Some(c) = gen(&mut g, seed) else {
            *stats.entry("skipped".into()).or_default() += 1;
            continue;
        };
        let position = c.loan.position();
        let a = acct(&position);
        if a.outstanding.iter().sum::<i64>() == 0 {
            *stats.entry("nothing owed".into()).or_default() += 1;
            continue;
        }
        // `evaluate`'s errors: "a request scoped to the overdue balance
        // (`Scope::Overdue`) when nothing is overdue" (scope covers
        // installment plans; settlements and re-aging cover everything).
        let scoped = !matches!(
            c.req.sched,
            gen::Sched::Settle { .. } | gen::Sched::Inst { reage: true, .. }
        );
        if c.req.overdue_scope && scoped && a.overdue.iter().sum::<i64>() == 0 {
            let r = evaluate(
                &c.req.build(a.as_of),
                &position,
                &c.facts.build(a.as_of),
                &c.pol.build(),
                a.as_of,
            );
            *stats.entry("refused: nothing overdue".into()).or_default() += 1;
            ran += 1;
            if !matches!(&r, Err(e) if e.to_string().contains("request.scope")) {
                tally.fail("NOT REFUSED (nothing overdue)", || describe(&c), &[]);
            }
            continue;
        }
        let m = model::run(&a, &c.facts, &c.pol, &c.req);
        // Cases of the path where the library was wrong (bug 4), counted to
        // show they are drawn.
        if let Some(b) = m.note {
            *stats.entry(b.to_owned()).or_default() += 1;
        }
        ran += 1;
        let req = c.req.build(a.as_of);
        let facts = c.facts.build(a.as_of);
        let pol = c.pol.build();
        match evaluate(&req, &position, &facts, &pol, a.as_of) {
            Ok(d) => {
                *stats.entry(format!("{:?}", m.kind)).or_default() += 1;
                let probs = compare::compare(&d, &m);
                tally.check(|| describe(&c), &probs);
            }
            Err(e) => {
                tally.fail(&format!("ERROR {e}"), || describe(&c), &[]);
            }
        }
    }
    tally.finish(ran, &stats);
}

#[test]
fn stage1_installments() {
    stage(1, "installments", 1000, stages::gen_installments);
}

#[test]
fn stage2_waivers_settlements() {
    stage(2, "waivers+settlements", 1000, stages::gen_waivers);
}

#[test]
fn stage3_deferrals() {
    stage(3, "deferrals", 1000, stages::gen_deferrals);
}

#[test]
fn stage4_tokens_promises() {
    stage(4, "tokens+promises", 1000, stages::gen_tokens);
}

#[test]
fn stage5_mixed_rejections() {
    stage(5, "mixed", 1000, stages::gen_mixed);
}
