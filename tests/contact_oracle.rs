//! An independent oracle for `arrears::compliance::contact`:
//! `ContactChecker::check` (the set of blocking rule ids) and
//! `ContactChecker::next_permitted`.
//!
//! The model (`contact_oracle/model.rs`) is written from the public docs of
//! `compliance::contact` (rustdoc of `ContactChecker`, `ContactPolicy` and
//! its raw fields, `WindowRule`, `ZoneSource`, `ContactPoint`, `RegFFrequency`,
//! `CnDaily`, `Flag`/`FlagKind`, `Outcome`, `ContactRequest`,
//! `NextPermitted`; for stages 5–7 also `Role`, `ConsentKind`,
//! `ThirdPartyRules`, `FlagRules` and the contact entries of CHANGELOG.md)
//! and RULES.md §5–§8, §10 gap 12, not from the implementation. It reads the policy's data through `ContactPolicy::raw`
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
//! 5. Parties other than the debtor (`contact_oracle/third.rs`), `us`, `cn`
//!    and `uk`: the contacted party an emergency contact, family member,
//!    employer, colleague, other third party, spouse (US), co-borrower,
//!    guarantor or the debtor's attorney, on its own mobile with 0–2 zones
//!    of its own; calls, texts, IM and voicemail drops for location
//!    information, a message or collection, sometimes disclosing the debt,
//!    identity verified or not, a repeat reason or not; earlier contacts with
//!    it and with two other contacts (conversations, voicemails, texts, rings
//!    unanswered, busy) over the last 26 hours or 3 days; flags: the
//!    consumer's consent to that third party (`ConsentKind::ThirdParty`, by
//!    debt, with an end), the debtor unreachable, deceased or incapacitated,
//!    the contact's refusal, an attorney flag with `AttorneyUnresponsive` and
//!    `ConsentKind::DirectContact` lifts. Rules: the windows in the party's
//!    own zones, Reg F and CN limits per person, US 1006.6(d) (location
//!    information only), 1006.10(b) (no disclosure; once represented, only
//!    the attorney), 1006.10(c) (once only), the attorney bar on a consumer
//!    (spouse, co-borrower, guarantor), CN `cn.contacts.when` / `purpose` /
//!    `suppress` and the phone-book blast, UK non-disclosure and identity.
//! 6. The other account flags on a contact with the debtor
//!    (`contact_oracle/flags.rs`), over stage 4's cases without consent to
//!    other times (windows varied, history, cease / dispute / bankruptcy):
//!    attorney representation by debt with `DirectContact` and
//!    `AttorneyUnresponsive` lifts by debt, opt-outs by channel and/or point,
//!    designated inconvenient times (wrapping, in every candidate zone) and
//!    places, workplace prohibition (a `PointKind::Workplace` point, used in
//!    a fifth of the cases by call, letter or email), deceased, breathing
//!    space, and flags that must not block (time-barred, litigation,
//!    time-sensitive, prior abuse, unreachable, incapacitated).
//! 7. Frequency with misdirected numbers and history naming no debt
//!    (`contact_oracle/freq.rs`), over stage 3's cases: some earlier calls
//!    re-pointed to a number `x` (no owner, no zones) flagged `Misdirected`
//!    (from before the attempt, sometimes ending after it), some earlier
//!    entries naming no debt.
//!
//! Stages 5–7 draw their own features from their own seeds (stages 6 and 7
//! from a second generator on the stage-4 / stage-3 case), so stages 1–4
//! draw the same cases as before.
//!
//! Not modelled (not drawn): Reg F consent to extra calls
//! (`ConsentKind::ExtraCalls`), the reply-once exceptions
//! (`Purpose::ReplyToDebtor`, `reply_hours`) and other non-collection
//! purposes under the flags, party-initiated contacts under the flags of
//! stages 5–7, an attempt naming no debt, a `Misdirected` flag that starts
//! after `after`, generic counters, visits, recording, limited-content
//! text, the warnings (rebuttal flags, time-barred), the `Auditor`.
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
//! - Stage 5, third parties. A contact (`Role::is_contact`: emergency
//!   contact, family, employer, colleague, other third party) reached at a
//!   point with zones is timed in those zones only (its own location: the
//!   docs define windows by the consumer's location and say other owners'
//!   points say nothing about the debtor's); anyone else (spouse,
//!   co-borrower, guarantor, attorney) in the debtor's zones plus the
//!   dialled point's. The consumer for 1006.6 is the debtor, co-borrower,
//!   guarantor and spouse (RULES.md §8.1); the attorney bar applies to
//!   them, not to the attorney. US third-party rules apply to contacts only
//!   and are lifted, all of them, by the consumer's consent to that person
//!   covering the attempt's debts: 1006.6(d) (purpose other than location
//!   information), 1006.10(b) (disclosing the debt; an attorney flag not
//!   lifted by `AttorneyUnresponsive`, since 1006.10(b)(6) governs location
//!   communications and a consented contact is not one), 1006.10(c) (an
//!   earlier conversation, delivered message or voicemail left with that
//!   person, a ring unanswered or busy not counting; a repeat reason lifts
//!   it). CN: a contact without the debtor unreachable, deceased or
//!   incapacitated breaks `when`; a purpose other than location
//!   information or passing a message, or disclosing the debt, breaks
//!   `purpose`; a refusal in force, `suppress`; texts, IM or emails by the
//!   collector to `blast_contacts` distinct contacts within the 24 hours
//!   `(t − 24 h, t]` (this one included) make a blast. No CN or UK rule is
//!   lifted by `ConsentKind::ThirdParty` but the UK disclosure one. UK
//!   identity: a contact disclosing the debt without identity verified,
//!   whoever the party.
//! - Stage 6, flags (collector-initiated collection contacts with the
//!   debtor). Attorney: each represented debt the attempt is about (a flag
//!   on D concerns an attempt about D; one on no debt, each of the
//!   attempt's debts) must be lifted by a `DirectContact` consent from a
//!   party with the attorney's role or by `AttorneyUnresponsive`, on that
//!   debt or on every debt. An opt-out of calls covers voicemail drops, not
//!   the reverse; a flag naming a channel and a point needs both to match.
//!   A designated inconvenient time blocks a local time inside it in any
//!   candidate zone, on every channel. A designated place blocks its point;
//!   the workplace prohibition every workplace point; deceased every
//!   contact addressed to the debtor; breathing space every contact but a
//!   legally required notice.
//! - Stage 7, misdirected numbers: a call the collector placed to a point
//!   flagged `Misdirected` is not a call to its party (Reg F counts and
//!   quiet period, CN conversations) once the flag has started (`from` ≤
//!   the attempt), for calls placed before the flag's `until`, if any (the
//!   number was not the party's until then; learnt, the re-attribution
//!   reaches back). A call the person made from that number is still
//!   theirs: its conversation starts the quiet period. An earlier entry
//!   naming no debt counts toward every debt (CHANGELOG; RULES.md
//!   `us.reg_f.multi_debt` lets the collector pick one, with none recorded
//!   each is the conservative reading).
//!
//! Library bugs found (pinned in `contact_oracle/pinned.rs`):
//! - Fixed: `next_permitted` ignored a consent to other times that starts after
//!   `after`: `us`, debtor mobile in Europe/London, SMS asked at 22:30 BST
//!   2026-04-02, consent from 01:30 BST 2026-04-03 (open-ended). `check`
//!   passes at 00:30 UTC, but `next_permitted` answered 07:00 UTC (08:00
//!   BST), decided by `us.reg_f.time_window`; its doc promises the earliest
//!   minute at or after `after` at which `check` passes.
//! - Fixed (`phonebook_blast_ages_out_in_next_permitted`):
//!   `next_permitted` answered `Never` (`cn.phonebook_blast`) for a text to
//!   a third contact blocked as a phone-book blast, though `check` passes
//!   once the first of the earlier texts is 24 hours old: `cn`, debtor
//!   unreachable, texts to emergency contacts `u` at 10:00 and `v` at
//!   11:00 Beijing 2026-03-02, text to `t` asked at 12:00: blocked; `check`
//!   at 10:00 on 03-03 passes.
//!
//! Running: `cargo test --test contact_oracle`; more cases with
//! `ORACLE_CASES=20000 cargo test --release --test contact_oracle`.
//! `ORACLE_SEED=s` replays one case (in its stage), `ORACLE_DUMP=1` prints
//! each case with both verdicts. The pinned repros of library bugs it
//! found (fixed) are in `contact_oracle/pinned.rs`.

#[path = "oracle_support/rng.rs"]
mod rng;
#[path = "oracle_support/run.rs"]
mod run;
mod contact_oracle {
    pub mod flags;
    pub mod freq;
    pub mod gen;
    pub mod model;
    pub mod pinned;
    pub mod third;
}

use std::collections::{BTreeMap, BTreeSet};

use arrears::compliance::contact::{ContactChecker, NextPermitted};
use contact_oracle::gen::{describe, gen_case, Case, Preset, Scope};
use contact_oracle::model::{self, Ctx};

/// Cases per stage (1–4; stages 5–7 give their own, smaller where a case
/// costs more) unless `ORACLE_CASES` says otherwise: sized so that the
/// whole file stays within about 20 s in a debug build.
const DEFAULT_CASES: u64 = 150;

/// Days the model's `next_permitted` walk looks ahead before it gives up
/// (a library answer past it is only checked to pass the model's check).
const HORIZON_DAYS: i64 = 40;

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
    run_gen(label, base_seed, DEFAULT_CASES, |s| gen_case(s, scope));
}

/// Runs `default` cases (or `ORACLE_CASES`) drawn by `gen` from `base_seed`.
fn run_gen(label: &str, base_seed: u64, default: u64, gen: impl Fn(u64) -> Case) {
    let (n, base_seed) = run::seeds(base_seed, default);
    let dump = std::env::var("ORACLE_DUMP").is_ok();
    let mut tally = run::Tally::new(label);
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
        tally.check(|| describe(&c), &p);
    }
    tally.finish(n, &stats);
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
    run_gen("stage5", 5_000_000, 200, contact_oracle::third::gen_case);
}

#[test]
fn stage6_flags() {
    run_gen("stage6", 6_000_000, 40, contact_oracle::flags::gen_case);
}

#[test]
fn stage7_misdirected_no_debt() {
    run_gen("stage7", 7_000_000, 15, contact_oracle::freq::gen_case);
}
