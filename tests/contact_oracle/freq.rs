//! Stage 7: Reg F and CN frequency with misdirected numbers and history
//! naming no debt. Generator only: the model's frequency rules
//! (`model.rs`) leave out calls to a point flagged `Misdirected` while the
//! flag is in force at the attempt (re-attributed retroactively: not calls
//! to that person), and count an earlier entry naming no debt toward every
//! debt (a conversation naming none starts the quiet period for every debt).

use arrears::compliance::contact::{Channel, ContactPoint, Flag, FlagKind, PointKind};
use chrono::Duration;

use super::gen::{gen_case as base, Case, Preset, Rng, Scope};

/// A stage-3 case (frequency, no window variation), then, from a second
/// generator on the same seed: a mobile `x` (no owner, no zones) that some
/// earlier calls dialled, a `Misdirected` flag on it, and some earlier
/// entries stripped of their debts.
pub fn gen_case(seed: u64) -> Case {
    let mut c = base(
        seed,
        Scope {
            presets: &[Preset::Us, Preset::Us, Preset::Cn],
            vary_windows: false,
            history: true,
            consent: false,
            flags: false,
        },
    );
    let mut r = Rng(seed ^ 0xBB67_AE85_84CA_A73B);
    let at = c.attempt.at;
    c.account.contact_points.push(ContactPoint {
        id: "x".into(),
        kind: PointKind::Mobile,
        zones: vec![],
        owner: None,
    });
    let to_x = *r.pick(&[0u64, 30, 60, 90]);
    let no_debt = *r.pick(&[0u64, 0, 20, 50]);
    for h in &mut c.history {
        if h.channel.is_call() && r.pct(to_x) {
            h.point = "x".into();
        }
        if r.pct(no_debt) {
            h.debts.clear();
        }
    }
    if r.pct(70) {
        let from = at - Duration::hours(r.range(0, 72));
        let mut f = Flag::new(FlagKind::Misdirected { point: "x".into() }, from);
        if r.pct(20) {
            f.until = Some(at + Duration::hours(r.range(1, 48)));
        }
        c.account.flags.push(f);
    }
    if c.request.channel == Channel::Letter {
        c.request.channel = Channel::Call;
        c.attempt.channel = Channel::Call;
    }
    c
}
