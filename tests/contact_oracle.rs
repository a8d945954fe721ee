//! An independent oracle for `arrears::compliance::contact`:
//! `ContactChecker::check` (the set of blocking rule ids) and
//! `ContactChecker::next_permitted`.
//!
//! The model (`contact_oracle/model.rs`) is written from the public docs of
//! `compliance::contact` (rustdoc of `ContactChecker`, `ContactPolicy` and
//! its raw fields, `WindowRule`, `ZoneSource`, `ContactPoint`, `RegFFrequency`,
//! `CnDaily`, `Flag`/`FlagKind`, `Outcome`, `ContactRequest`,
//! `NextPermitted`) and RULES.md §5–§7, §10 gap 12, not from the
//! implementation. It reads the policy's data through `ContactPolicy::raw`
//! (the presets' hours, zones and limits are data) and uses chrono-tz only
//! to convert instants to local date and time; windows, counts and the
//! next permitted minute are its own (a plain minute-by-minute walk).
//!
//! Stages, each a test over its own seeds:
//! 1. Time windows, `us` preset: debtor locations and the zones of the
//!    debtor's (or unowned) contact points, the contiguous-US fallback
//!    when none is known; instants drawn near local 08:00 / 21:00 / 22:00
//!    and near the 2026 DST transitions of the US, the UK and Sydney;
//!    every channel; `next_permitted` from the attempt's instant (some
//!    with seconds).
//! 2. Stage 1 over `us`, `cn` and `uk`, the windows varied: other hours,
//!    windows that wrap past midnight, channel subsets, closed Saturdays,
//!    Sundays and holidays, a second window rule, other fallback or fixed
//!    zones.
//! 3. Reg F frequency (`us`): 0–20 earlier calls, voicemail drops and
//!    texts to the debtor over the last 3 or 10 days, on one to three
//!    debts, outcomes from busy to conversation, some debtor-initiated;
//!    7-in-7 (prong A) and the 7 days after a conversation (prong B), in
//!    every candidate zone; plus CN daily limits (`cn`: conversations per
//!    debtor, unanswered dials per number, Shanghai dates).
//! 4. Stage 3 with the windows varied, consent to other times (lifting the
//!    windows, by debt, with an end), debtor-initiated attempts, and cease,
//!    dispute and bankruptcy flags (open-ended ones make `Never`).
//!
//! Not modelled (not drawn): third parties and emergency contacts, the
//! attorney, opt-out, inconvenient-time/place, workplace and deceased
//! flags, Reg F consent to extra calls, misdirected numbers, generic
//! counters, visits, recording, limited-content text, identity, the
//! warnings (rebuttal flags, time-barred), the `Auditor`.
//!
//! Doc gaps decided here:
//! - A window's closed days are read on the local date of the instant in
//!   each candidate zone (for a wrapping window too).
//! - `skip_debtor_initiated`: a contact the debtor initiated is not held
//!   to the window; a consent to other times lifts every window for the
//!   party who gave it, for an attempt whose debts it all covers (a consent
//!   naming a debt does not cover an attempt naming none).
//! - Reg F attribution: a no-answer call and a limited-content voicemail
//!   count toward the attempt's first debt only; every other connected
//!   call (a conversation, a voicemail that is not limited-content, a
//!   voicemail drop delivered) toward each debt it names. Prong B is read
//!   zone by zone (the docs' cross-zone sentence speaks of the seven days
//!   ending on the attempt's date, i.e. prong A's count, and RULES.md gap 12
//!   of "7-in-7 counts"): a call is blocked if, in one candidate zone, its
//!   local date is within the 7 days starting on the conversation's local
//!   date in that same zone. A consumer-initiated call is not placed (not checked,
//!   not counted), but its conversation starts prong B.
//! - CN: both daily limits count placed telephone calls
//!   (`Channel::is_call`: calls and ringless voicemail drops), collector-
//!   initiated, on the `CnDaily::zone` date. "Per debtor per day" counts
//!   those with a conversation to that party; unanswered dials are those
//!   to that point with `Outcome::is_unanswered` (busy included); a
//!   planned one counts as both (`ContactRequest::at`).
//! - Cease blocks every collector-initiated contact but the two notices
//!   after a cease; dispute and bankruptcy block collector-initiated
//!   `Purpose::Collection`. A contact the debtor initiated is not blocked
//!   by these flags (the flags bar the collector's communications).
//! - `NextPermitted::At::decided_by` is checked to be `None` exactly when
//!   the first whole minute at or after `after` passes, and otherwise a
//!   rule that blocks the minute before `at`.
//!
//! Library bug found (pinned in `contact_oracle/pinned.rs`; fixed: the
//! search now stops at every flag's start and end on its way):
//! - `next_permitted` ignored a consent to other times that starts after
//!   `after`: `us`, debtor mobile in Europe/London, SMS asked at 22:30 BST
//!   2026-04-02, consent from 01:30 BST 2026-04-03 (open-ended). `check`
//!   passes at 00:30 UTC, but `next_permitted` answered 07:00 UTC (08:00
//!   BST), decided by `us.reg_f.time_window`; its doc promises the earliest
//!   minute at or after `after` at which `check` passes.
//!
//! Running: `cargo test --test contact_oracle`; more cases with
//! `ORACLE_CASES=20000 cargo test --release --test contact_oracle`.
//! `ORACLE_SEED=s` replays one case (in its stage), `ORACLE_DUMP=1` prints
//! each case with both verdicts. The pinned repros of library bugs it
//! found (fixed) are in `contact_oracle/pinned.rs`.

#[path = "oracle_support/rng.rs"]
mod rng;
mod contact_oracle {
    pub mod flags;
    pub mod gen;
    pub mod model;
    pub mod pinned;
    pub mod third;
}

use std::collections::{BTreeMap, BTreeSet};

use arrears::compliance::contact::{ContactChecker, NextPermitted};
use contact_oracle::gen::{describe, gen_case, Case, Preset, Scope};
use contact_oracle::model::{self, Ctx};

/// Cases per stage unless `ORACLE_CASES` says otherwise: sized so that the
/// whole file stays within about 15 s in a debug build.
const DEFAULT_CASES: u64 = 150;

/// Days the model's `next_permitted` walk looks ahead before it gives up
/// (a library answer past it is only checked to pass the model's check).
const HORIZON_DAYS: i64 = 40;

fn cases() -> u64 {
    std::env::var("ORACLE_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_CASES)
}

/// The disagreements between the model and the library for one case.
pub fn problems(c: &Case) -> Vec<String> {
    let mut out = Vec::new();
    let checker = ContactChecker::new(&c.policy);
    let ctx = Ctx::for_case(c);
    let v = checker
        .check(&c.attempt, &c.history, &c.account)
        .expect("check");
    let got: BTreeSet<String> = v.violated_ids().into_iter().map(String::from).collect();
    let want = model::check(&ctx, &c.attempt);
    if got != want {
        out.push(format!("check: library {got:?}, model {want:?}"));
    }
    let n = checker
        .next_permitted(&c.request, c.after, &c.history, &c.account)
        .expect("next_permitted");
    let m = model::next_permitted(&ctx, &c.request, c.after, HORIZON_DAYS);
    match (&n, &m) {
        (NextPermitted::Never { .. }, None) => {}
        // Past the model's horizon (windows whose intersection over the
        // zones stays empty for months): the minute must at least pass the
        // model's check.
        (NextPermitted::At { at, .. }, None)
            if !model::never(&ctx, &c.request, c.after)
                && *at >= c.after + chrono::Duration::days(HORIZON_DAYS)
                && model::check(&ctx, &c.request.at(*at)).is_empty() => {}
        (NextPermitted::At { at, decided_by }, Some((mt, prev))) => {
            if at != mt {
                out.push(format!(
                    "next: library {at}, model {mt} (blocked before: {prev:?})"
                ));
            } else {
                match decided_by {
                    None if !prev.is_empty() => {
                        out.push(format!("next: decided_by none, model blocked by {prev:?}"))
                    }
                    Some(r) if !prev.contains(&r.id) => out.push(format!(
                        "next: decided_by {}, model blocked by {prev:?}",
                        r.id
                    )),
                    _ => {}
                }
            }
        }
        (n, m) => out.push(format!("next: library {n:?}, model {m:?}")),
    }
    out
}

fn run_many(label: &str, base_seed: u64, scope: Scope) {
    run_gen(label, base_seed, |s| gen_case(s, scope));
}

fn run_gen(label: &str, base_seed: u64, gen: impl Fn(u64) -> Case) {
    let seed = std::env::var("ORACLE_SEED")
        .ok()
        .and_then(|s| s.parse::<u64>().ok());
    let (n, base_seed) = match seed {
        Some(s) if s / 1_000_000 == base_seed / 1_000_000 => (1, s),
        Some(_) => (0, base_seed),
        None => (cases(), base_seed),
    };
    let dump = std::env::var("ORACLE_DUMP").is_ok();
    let mut fails = 0;
    let mut shown = 0;
    let mut stats: BTreeMap<String, u64> = BTreeMap::new();
    for k in 0..n {
        let c = gen(base_seed + k);
        if contact_oracle::pinned::consent_starts_later(&c) {
            *stats
                .entry("cases with a consent starting after `after`".into())
                .or_default() += 1;
        }
        if c.ext == contact_oracle::gen::Ext::Third && contact_oracle::third::blasts(&c) {
            *stats
                .entry("cases with a phone-book blast at `after`".into())
                .or_default() += 1;
        }
        let ctx = Ctx::for_case(&c);
        let want = model::check(&ctx, &c.attempt);
        let key = if want.is_empty() {
            "allowed".to_string()
        } else {
            want.iter().cloned().collect::<Vec<_>>().join("+")
        };
        *stats.entry(key).or_default() += 1;
        let p = problems(&c);
        if dump {
            eprintln!("{}  -> {:?}", describe(&c), p);
        }
        if !p.is_empty() {
            fails += 1;
            if shown < 5 {
                shown += 1;
                eprintln!("[{label}] MISMATCH {}", describe(&c));
                for x in &p {
                    eprintln!("    {x}");
                }
            }
        }
    }
    eprintln!("[{label}] {n} cases, {fails} disagreeing; {stats:?}");
    assert_eq!(fails, 0, "[{label}] {fails} of {n} cases disagree");
}

#[test]
fn stage1_us_windows() {
    run_many(
        "stage1",
        1_000_000,
        Scope {
            presets: &[Preset::Us],
            vary_windows: false,
            history: false,
            consent: false,
            flags: false,
        },
    );
}

#[test]
fn stage2_windows_varied() {
    run_many(
        "stage2",
        2_000_000,
        Scope {
            presets: &[Preset::Us, Preset::Cn, Preset::Uk],
            vary_windows: true,
            history: false,
            consent: false,
            flags: false,
        },
    );
}

#[test]
fn stage3_frequency() {
    run_many(
        "stage3",
        3_000_000,
        Scope {
            presets: &[Preset::Us, Preset::Us, Preset::Cn],
            vary_windows: false,
            history: true,
            consent: false,
            flags: false,
        },
    );
}

#[test]
fn stage4_consent_flags() {
    run_many(
        "stage4",
        4_000_000,
        Scope {
            presets: &[Preset::Us, Preset::Us, Preset::Cn, Preset::Uk],
            vary_windows: true,
            history: true,
            consent: true,
            flags: true,
        },
    );
}

#[test]
fn stage5_third_parties() {
    run_gen("stage5", 5_000_000, contact_oracle::third::gen_case);
}

#[test]
fn stage6_flags() {
    run_gen("stage6", 6_000_000, contact_oracle::flags::gen_case);
}
