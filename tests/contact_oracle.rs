//! An independent oracle for `arrears::compliance::contact`:
//! `ContactChecker::check` (the set of blocking rule ids) and
//! `ContactChecker::next_permitted`.
//!
//! The model (`contact_oracle/model.rs`) is written from the public docs of
//! `compliance::contact` (rustdoc of `ContactChecker`, `ContactPolicy` and
//! its raw fields, `WindowRule`, `ZoneSource`, `ContactPoint`, `RegFFrequency`,
//! `CnDaily`, `Flag`/`FlagKind`, `Outcome`, `ContactRequest`,
//! `NextPermitted`; for stages 5–7 also `Role`, `ConsentKind`,
//! `ThirdPartyRules`, `FlagRules` and the contact entries of CHANGELOG.md;
//! for stages 8–10 also `RegFFrequency::consent_days`, `VisitRules`,
//! `VisitFacts`, `Channel::Visit`, `Auditor`, `AuditorStats`, `Tally`,
//! `AccountBook`, `Event` and the module doc)
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
//! 8. Consent to extra calls (`contact_oracle/extras.rs`), over stage 3's
//!    cases (`us` thrice as often as `cn`) made calls, with more calls to
//!    the debtor over 9 days: one to three `ConsentKind::ExtraCalls` flags
//!    (mostly the debtor's, some by a family member; on every debt or one;
//!    received up to 8 days before the attempt or a day after it; some
//!    ending), and in 30 % of the cases an outcome for the attempt (an
//!    audited call: busy, no answer, voicemail, conversation).
//! 9. Visits (`contact_oracle/visits.rs`), over stage 6's cases: the
//!    attempt a visit (`Channel::Visit`) to a postal address, the home
//!    landline's place or the workplace, `Outcome::Visit(facts)` (drawn
//!    collectors, ID, appointment, entry and consent to it) or planned; the
//!    visit rules varied (`cn`'s minimums, ID or appointment required, or
//!    none; `us` and `uk` with rules of their own), earlier visits in the
//!    history, opt-outs of visits and an inconvenient postal address.
//! 10. The streaming auditor (`contact_oracle/stream.rs`): logs of one to
//!     four accounts on one preset, each drawn by stages 4–9's generators,
//!     with calls and texts 10–40 days before and up to 30 days of events
//!     after (any party and point of the account); `Auditor::push`,
//!     `tally`, the keyed `push_event`, `tally_event`, `push_events`,
//!     `tally_events` against `ContactChecker::check` on each event with the
//!     earlier events of its account (a differential test of two library
//!     paths, the whole `Verdict` compared), the model on the drawn case's
//!     attempt, out-of-order events refused and not recorded, and
//!     `AuditorStats` bounds.
//!
//! Stages 5–10 draw their own features from their own seeds (stages 6–9
//! from a second generator on an earlier stage's case), so stages 1–4
//! draw the same cases as before.
//!
//! Not modelled (not drawn): the reply-once exceptions
//! (`Purpose::ReplyToDebtor`, `reply_hours`) and other non-collection
//! purposes under the flags, party-initiated contacts under the flags of
//! stages 5–7, an attempt naming no debt, a `Misdirected` flag that starts
//! after `after`, generic counters, recording (visits neither), limited-
//! content text, the warnings (rebuttal flags, time-barred; stage 10
//! compares them between the library's paths only), consent to extra
//! calls given by a third party, visits to parties other than the debtor.
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
//! - Stage 8, consent to extra calls (`ConsentKind::ExtraCalls`, RULES.md
//!   §6.1 `call_frequency.excluded` (i) and `consent_expiry`): a call
//!   placed to the person who gave it, while it is in force (`from` ≤ the
//!   call < `until`), on a local date within `consent_days` counting the
//!   day it was received as day 1, and before any telephone conversation
//!   with that person about the debt since it was received (one naming no
//!   debt ends it for every debt), is excluded from the frequencies for
//!   the debts the consent covers (its own, or all): not counted in prong
//!   A, and the attempt placed within it breaks neither prong; the
//!   conversation that ends it starts prong B. Its dates are read zone by
//!   zone, with the prong's zone. It does not lift CN daily limits, nor a
//!   consent by someone else. Found with it (the model was wrong, the
//!   earlier stages never drew an outcome for the attempt): an attempt
//!   that did not connect (busy, dead number) is excluded and breaks no
//!   Reg F prong (`call_frequency.excluded` (ii)); an attempt that is an
//!   unanswered call or a limited-content voicemail about several debts is
//!   a call about its first debt only, as earlier ones are counted
//!   (`us.reg_f.multi_debt`).
//! - Stage 9, visits. A visit is a contact like any other for the windows
//!   (those naming no channel, or `Visit`) and the flags (an opt-out of
//!   `Visit` or of the point, a designated place, the workplace...); not a
//!   call (no Reg F or CN count). `VisitRules`: a visit that took place
//!   breaks the rule with fewer than `min_collectors`, without ID when
//!   `id_required`, without appointment when `appointment_required`; a
//!   planned visit has no facts and is not judged. Doc gap: the library
//!   also breaks the rule for an entry without the occupant's consent
//!   (`VisitFacts::entered && !consent_to_enter`), whatever the rule's
//!   fields; `VisitRules` does not say so (RULES.md §9.2 CBA item 7 and
//!   §9.3 forbid such entry): the model follows (`visits::ENTRY_BLOCKS`).
//! - Stage 10, the auditor's memory: the doc's horizon ("twice the longest
//!   Reg F period plus two days, or the longest counter or reply window")
//!   does not say what it is without Reg F; read as two days (`cn`, `uk`),
//!   the library holds attempts up to about a day older, so the bound has
//!   a day of slack.
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
//! Library bug found by stage 10 (fixed 2026-11-28; the repro in
//! `contact_oracle/stream_bugs.rs` runs in every test run):
//! - The auditor missed Reg F prong-A findings that rest on the cross-zone
//!   dates (mod doc: "seven days ending on the attempt's date in one zone
//!   hold each call that falls on one of them in any zone", RULES.md §10
//!   gap 12), where `check` finds them: `us`, debtor located in
//!   America/Chicago and Asia/Shanghai, unanswered calls about D1 at 03:04
//!   UTC 2026-10-19 (10-18 in Chicago, 10-19 in Shanghai), 14:00 UTC on
//!   10-21..10-25 and 16:00 UTC 10-25, an eighth at 01:00 UTC 10-26:
//!   `check` says `us.reg_f.call_frequency` ("8th call ... within
//!   2026-10-19..2026-10-25"), every auditor path (`push`, `tally`,
//!   `push_event`, `tally_event`, `tally_events`) said nothing. In longer
//!   logs `push` could agree while `tally_event` counted fewer
//!   `call_frequency` findings than `check` returns (the `Auditor` doc:
//!   "exactly the verdict `ContactChecker::check` gives"; `Tally`: "how
//!   many findings `ContactChecker::check` would return"). The auditor's
//!   screen counted each call on its day in the zone at hand only; it now
//!   counts it on its day in any candidate zone, as `check` does. 20,000
//!   logs (962,509 events) agree.
//!
//! Running: `cargo test --test contact_oracle`; more cases with
//! `ORACLE_CASES=20000 cargo test --release --test contact_oracle`.
//! `ORACLE_SEED=s` replays one case (in its stage), `ORACLE_DUMP=1` prints
//! each case with both verdicts. The pinned repros of library bugs it
//! found (fixed) are in `contact_oracle/pinned.rs` and
//! `contact_oracle/stream_bugs.rs`. `ORACLE_MINIMIZE=s` shrinks a stage-10
//! log whose keyed tally disagrees with `check` and prints it.

#[path = "oracle_support/rng.rs"]
mod rng;
#[path = "oracle_support/run.rs"]
mod run;
mod contact_oracle {
    pub mod extras;
    pub mod flags;
    pub mod freq;
    pub mod gen;
    pub mod model;
    pub mod pinned;
    pub mod stream;
    pub mod stream_bugs;
    pub mod third;
    pub mod visits;
}

use std::collections::{BTreeMap, BTreeSet};

use arrears::compliance::contact::{ContactChecker, NextPermitted};
use contact_oracle::gen::{describe, gen_case, Case, Preset, Scope};
use contact_oracle::model::{self, Ctx};

/// Cases per stage (1–4; stages 5–10 give their own, smaller where a case
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
        if contact_oracle::extras::consent_lifts(&c, &ctx, &want) {
            *stats
                .entry("cases where a consent to extra calls lifts Reg F".into())
                .or_default() += 1;
        }
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

#[test]
fn stage8_consent_to_extra_calls() {
    run_gen("stage8", 8_000_000, 30, contact_oracle::extras::gen_case);
}

#[test]
fn stage9_visits() {
    run_gen("stage9", 9_000_000, 100, contact_oracle::visits::gen_case);
}

#[test]
fn stage10_auditor() {
    use contact_oracle::stream::{describe, gen_log, problems};
    let (n, base_seed) = run::seeds(10_000_000, 60);
    let dump = std::env::var("ORACLE_DUMP").is_ok();
    let (mut fails, mut shown, mut events) = (0, 0, 0);
    let mut kinds: BTreeMap<String, u64> = BTreeMap::new();
    for k in 0..n {
        let l = gen_log(base_seed + k);
        events += l.events.len();
        let p = problems(&l);
        for x in &p {
            let kind = x.split(':').nth(1).unwrap_or(x).trim();
            let kind = kind.split(' ').next().unwrap_or(kind);
            *kinds.entry(format!("{:?} {kind}", l.preset)).or_default() += 1;
        }
        if dump {
            eprintln!("{}  -> {:?}", describe(&l), p);
        }
        if !p.is_empty() {
            fails += 1;
            if shown < 3 {
                shown += 1;
                eprintln!("[stage10] MISMATCH {}", describe(&l));
                for x in p.iter().take(10) {
                    eprintln!("    {x}");
                }
            }
        }
    }
    eprintln!("[stage10] {n} logs ({events} events), {fails} disagreeing; problems {kinds:?}");
    assert_eq!(fails, 0, "[stage10] {fails} of {n} logs disagree");
}

/// `ORACLE_MINIMIZE=seed`: shrink a stage-10 log whose keyed tally
/// disagrees with `check` and print it.
#[test]
fn stage10_minimize() {
    if let Some(s) = std::env::var("ORACLE_MINIMIZE")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        contact_oracle::stream_bugs::minimize(s);
    }
}
