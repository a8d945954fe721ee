//! Stage 8: Reg F consent to extra calls (`ConsentKind::ExtraCalls`,
//! 1006.14(b)(3)(i), RULES.md §6.1 `us.reg_f.call_frequency.excluded` and
//! `us.reg_f.consent_expiry`). Generator, and the consent window the
//! model's Reg F rule (`model.rs`) asks about.
//!
//! Reading: a call placed to a person while a consent to extra calls given
//! by that person is in force (`from` ≤ the call < `until`), on a local
//! date no later than day `consent_days` counting the date the consent was
//! received as day 1, and before any telephone conversation with that
//! person about the debt since the consent was received, is excluded from
//! the frequencies for that debt: it is not counted in prong A and, as the
//! attempt checked, breaks neither prong. A consent covers its own debt, or
//! every debt if it names none; a conversation naming no debt ends it for
//! every debt (CHANGELOG). Dates are read zone by zone: a call judged in one
//! candidate zone is within the consent if it is on those dates in that
//! zone. CN daily limits are not frequency presumptions of Reg F: the
//! consent does not lift them.

use std::collections::BTreeSet;

use arrears::compliance::contact::{Channel, ConsentKind, Flag, FlagKind, Initiator, Party, Role};
use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::gen::{gen_case as base, outcome, Case, Preset, Rng, Scope, DEBTS};
use super::model::{self, misdirected, Ctx};

/// Whether a call to `party` at `t` (local date `day` in candidate zone
/// `zi`), about `debt`, is placed within a consent to extra calls, on the
/// dates of that zone.
pub fn within_consent(
    c: &Ctx,
    t: DateTime<Utc>,
    day: NaiveDate,
    party: &str,
    debt: &str,
    zi: usize,
    consent_days: u32,
) -> bool {
    c.acc.flags.iter().zip(&c.fdates).any(|(f, fd)| {
        let FlagKind::Consent {
            kind: ConsentKind::ExtraCalls,
            party: giver,
            debt: on,
        } = &f.kind
        else {
            return false;
        };
        if giver != party || on.as_ref().is_some_and(|d| d != debt) || !f.active_at(t) {
            return false;
        }
        if day > fd[zi] + Duration::days(consent_days as i64 - 1) {
            return false;
        }
        // A telephone conversation with that person about the debt since
        // the consent was received ends it.
        !c.convs.iter().map(|&i| &c.history[i]).any(|h| {
            h.party == party
                && (h.debts.is_empty() || h.debts.iter().any(|d| d == debt))
                && f.from <= h.at
                && h.at < t
                && !misdirected(c.acc, h, t)
        })
    })
}

/// A stage-3 case (frequency; `us` thrice as often as `cn`), then, from a
/// second generator on the same seed: denser calls, one to three consents
/// to extra calls (mostly the debtor's, some by a family member `o`; on
/// every debt, the attempt's first or another; received from a day after
/// the attempt to 8 days before it; some ending), and sometimes an outcome for the attempt
/// (an audited call rather than a planned one).
pub fn gen_case(seed: u64) -> Case {
    let mut c = base(
        seed,
        Scope {
            presets: &[Preset::Us, Preset::Us, Preset::Us, Preset::Cn],
            vary_windows: false,
            history: true,
            consent: false,
            flags: false,
        },
    );
    let mut r = Rng(seed ^ 0x3C6E_F372_FE94_F82B);
    let at = c.attempt.at;
    c.account.parties.push(Party {
        id: "o".into(),
        role: Role::Family,
    });
    if c.request.channel.is_electronic() || c.request.channel == Channel::Letter {
        c.request.channel = Channel::Call;
        c.attempt.channel = Channel::Call;
        if c.request.point == "e" {
            c.request.point = "m".into();
            c.attempt.point = "m".into();
        }
    }
    // More calls to the debtor over the last 9 days (prong A needs 8).
    for _ in 0..*r.pick(&[0i64, 4, 8, 12]) {
        let back = r.range(1, 9 * 24 * 60);
        let hc = *r.pick(&[Channel::Call, Channel::Call, Channel::Voicemail]);
        let hd = if r.pct(60) {
            c.request.debts.clone()
        } else {
            super::gen::debts(&mut r)
        };
        let hd: Vec<&str> = hd.iter().map(String::as_str).collect();
        let mut h = arrears::compliance::contact::Attempt::new(
            at - Duration::minutes(back),
            hc,
            "d",
            &c.request.point,
            &hd,
            outcome(&mut r, hc),
        );
        if r.pct(5) {
            h.initiator = Initiator::Party;
        }
        c.history.push(h);
    }
    c.history.sort_by_key(|h| h.at);
    for _ in 0..r.range(1, 3) {
        let from = at - Duration::minutes(r.range(-24 * 60, 8 * 24 * 60));
        let party = if r.pct(85) { "d" } else { "o" };
        let debt = match r.range(0, 4) {
            0 => Some(r.pick(DEBTS).to_string()),
            1 => c.request.debts.first().cloned(),
            _ => None,
        };
        let mut f = Flag::new(
            FlagKind::Consent {
                kind: ConsentKind::ExtraCalls,
                party: party.into(),
                debt,
            },
            from,
        );
        if r.pct(30) {
            f.until = Some(from + Duration::hours(r.range(1, 200)));
        }
        c.account.flags.push(f);
    }
    if r.pct(30) {
        c.attempt.outcome = outcome(&mut r, c.attempt.channel);
    }
    c
}

/// Whether the case's consents to extra calls change the model's verdict
/// on its attempt (for the statistics).
pub fn consent_lifts(c: &Case, ctx: &Ctx, want: &BTreeSet<String>) -> bool {
    let extra = |f: &Flag| {
        matches!(
            f.kind,
            FlagKind::Consent {
                kind: ConsentKind::ExtraCalls,
                ..
            }
        )
    };
    if !c.account.flags.iter().any(extra) {
        return false;
    }
    let mut acc = c.account.clone();
    acc.flags.retain(|f| !extra(f));
    let bare = Ctx::with_zones(ctx.raw, &acc, &c.history, ctx.zs.clone(), c.ext);
    model::check(&bare, &c.attempt) != *want
}
