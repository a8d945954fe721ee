//! The delinquency stages (1–4): each function checks one case and returns
//! the disagreements, each a line naming the item and both answers.

use std::collections::BTreeMap;

use arrears::delinquency::{
    stage_history, stage_on, Delinquency, DpdBasis, ReminderSchedule, RuleStatus, StageRange,
    StageScheme,
};
use arrears::loan::Loan;
use chrono::{Duration, NaiveDate};
use rust_decimal::Decimal;

use super::gen::{options, Case};
use super::model::{self, Measure, Opts, Scheme};
use crate::rng::Rng;

pub fn lib_presets() -> Vec<StageScheme> {
    vec![
        StageScheme::m0_m7(),
        StageScheme::reminders(),
        StageScheme::cn_card_2011(),
        StageScheme::cn_risk_2023(),
        StageScheme::us_30_180(),
        StageScheme::fineract_default(),
    ]
}

fn opts_of(c: &Case) -> Opts {
    Opts {
        tolerance: c.tolerance,
        grace: c.grace,
        pauses: c.pauses.clone(),
    }
}

/// The presets' data against the model's (from their docs): id, basis,
/// codes and bounds, in order.
pub fn check_presets() -> Vec<String> {
    let mut out = Vec::new();
    for (lib, m) in lib_presets().iter().zip(model::presets()) {
        let ranges: Vec<(String, u32, Option<u32>)> = lib
            .ranges()
            .iter()
            .map(|r| (r.code.clone(), r.min_days, r.max_days))
            .collect();
        if lib.id() != m.id || lib.basis() != m.basis || ranges != m.ranges {
            out.push(format!(
                "preset {}: library {:?} {:?}, model {} {:?} {:?}",
                lib.id(),
                lib.basis(),
                ranges,
                m.id,
                m.basis,
                m.ranges
            ));
        }
    }
    out
}

/// A model scheme as the library builds it (`None` if refused).
fn lib_scheme(s: &Scheme) -> Option<StageScheme> {
    let ranges = s
        .ranges
        .iter()
        .map(|(c, lo, hi)| match hi {
            Some(h) => StageRange::bounded(c, c, *lo, *h),
            None => StageRange::open_ended(c, c, *lo),
        })
        .collect();
    StageScheme::new(&s.id, "oracle scheme", s.basis, ranges).ok()
}

/// A random scheme: contiguous ranges from a random first day, the last
/// open-ended or not; with `broken`, one defect (a gap, an overlap, a
/// repeated or empty code, an inverted range, an open range not last, an
/// empty id).
pub fn gen_scheme(rng: &mut Rng, broken: bool) -> Scheme {
    let n = rng.range(1, 6) as usize;
    let mut lo = if rng.chance(50) {
        0
    } else {
        rng.range(1, 40) as u32
    };
    let mut ranges = Vec::new();
    for k in 0..n {
        let hi = lo + rng.range(0, 60) as u32;
        let last = k + 1 == n;
        ranges.push((format!("s{k}"), lo, (!last || rng.chance(40)).then_some(hi)));
        lo = hi + 1;
    }
    let mut id = "oracle.scheme".to_string();
    if broken {
        let k = rng.range(0, n as i64 - 1) as usize;
        match rng.range(0, 6) {
            0 => ranges[k].1 += rng.range(1, 3) as u32, // gap (or inverted)
            1 if k > 0 => ranges[k].1 -= 1.min(ranges[k].1),
            2 if n > 1 => ranges[k].0 = ranges[(k + 1) % n].0.clone(),
            3 => ranges[k].0 = String::new(),
            4 if ranges[k].2.is_some() => {
                ranges[k].2 = Some(ranges[k].1.saturating_sub(rng.range(0, 2) as u32))
            }
            5 if k + 1 < n => ranges[k].2 = None,
            _ => id = String::new(),
        }
    }
    // Ranges may come in any order.
    for i in (1..ranges.len()).rev() {
        let j = rng.range(0, i as i64) as usize;
        ranges.swap(i, j);
    }
    let basis = if rng.chance(50) {
        DpdBasis::Raw
    } else {
        DpdBasis::Delinquent
    };
    Scheme { id, basis, ranges }
}

/// Random schemes (valid and broken): acceptance, then `classify` and
/// `index_of` on random days.
pub fn check_schemes(rng: &mut Rng, days: &[u32]) -> Vec<String> {
    let mut out = Vec::new();
    let broken = rng.chance(40);
    let s = gen_scheme(rng, broken);
    let valid = model::scheme_valid(&s.id, &s.ranges);
    let lib = lib_scheme(&s);
    if lib.is_some() != valid {
        out.push(format!(
            "StageScheme::new({:?}, {:?}): library ok={}, model ok={valid}",
            s.id,
            s.ranges,
            lib.is_some()
        ));
    }
    if let (Some(lib), true) = (lib, valid) {
        let mut sorted = s.ranges.clone();
        sorted.sort_by_key(|r| r.1);
        for &d in days.iter().chain(&[0, 1, u32::MAX]) {
            let want = s.classify(d);
            let got = lib.classify(d).map(|r| r.code.as_str());
            let want_ix = want.and_then(|w| sorted.iter().position(|r| r.0 == w));
            if got != want || lib.index_of(d) != want_ix {
                out.push(format!(
                    "classify({d}) in {:?}: library {got:?} / {:?}, model {want:?} / {want_ix:?}",
                    sorted,
                    lib.index_of(d)
                ));
            }
        }
    }
    out
}

fn cmp_measure(label: &str, lib: &Delinquency, m: &Measure) -> Option<String> {
    let got = (
        lib.overdue_since(),
        lib.days_past_due(),
        lib.paused_days(),
        lib.delinquent_days(),
        lib.days(DpdBasis::Raw),
        lib.days(DpdBasis::Delinquent),
        lib.is_delinquent(),
    );
    let want = (
        m.overdue_since,
        m.dpd,
        m.paused,
        m.delinquent,
        m.dpd,
        m.delinquent,
        m.overdue_since.is_some(),
    );
    (got != want).then(|| {
        format!(
            "{label}: (since, dpd, paused, delinquent, raw, delinquent, is_delinquent) library {got:?}, model {want:?}"
        )
    })
}

/// Stages 1 and 2: `Delinquency::assess` and `from_overdue_since` on the
/// case's day, every preset classifying it, and random schemes.
pub fn check_assess(c: &Case) -> Vec<String> {
    let mut out = Vec::new();
    let o = opts_of(c);
    let opts = options(c);
    let pos = match c.loan.position(c.as_of) {
        Ok(p) => p,
        Err(e) => return vec![format!("position: {e}")],
    };
    let lib = Delinquency::assess(&pos, &opts);
    let m = model::measure(&pos, &o);
    if lib.as_of() != c.as_of {
        out.push(format!("as_of: library {}", lib.as_of()));
    }
    out.extend(cmp_measure("assess", &lib, &m));
    for (ls, ms) in lib_presets().iter().zip(model::presets()) {
        for basis in [DpdBasis::Raw, DpdBasis::Delinquent] {
            let got = ls.classify(lib.days(basis)).map(|r| r.code.as_str());
            let want = ms.classify(m.days(basis));
            if got != want {
                out.push(format!(
                    "{} on {basis:?} days: library {got:?}, model {want:?}",
                    ls.id()
                ));
            }
        }
    }
    // The kernel on a random overdue-since date.
    let mut rng = Rng(c.seed ^ 0x5eed);
    let since = (!rng.chance(10)).then(|| c.as_of - Duration::days(rng.range(-5, 400)));
    let lib = Delinquency::from_overdue_since(since, c.as_of, &opts);
    out.extend(cmp_measure(
        &format!("from_overdue_since({since:?})"),
        &lib,
        &model::kernel(since, c.as_of, &o),
    ));
    // held_from on days around the pauses.
    for p in &c.pauses {
        for d in [p.0 - Duration::days(1), p.0, p.1, p.1 + Duration::days(1)] {
            if opts.held_from(d) != o.held_from(d) {
                out.push(format!(
                    "held_from({d}): library {:?}, model {:?}",
                    opts.held_from(d),
                    o.held_from(d)
                ));
            }
        }
    }
    out.extend(check_schemes(&mut rng, &[m.dpd, m.delinquent]));
    out.extend(check_options(&mut rng, c.as_of));
    out
}

/// `DelinquencyOptions::new` and its builders: refused for a negative
/// tolerance, an inverted pause or overlapping pauses (both ends
/// inclusive, so back to back is no overlap); pauses come back sorted.
fn check_options(rng: &mut Rng, near: NaiveDate) -> Vec<String> {
    let mut out = Vec::new();
    let n = rng.range(0, 3);
    let mut ps: Vec<(NaiveDate, NaiveDate)> = (0..n)
        .map(|_| {
            let s = near + Duration::days(rng.range(-30, 30));
            (s, s + Duration::days(rng.range(-2, 12)))
        })
        .collect();
    ps.dedup();
    let tol = Decimal::new(rng.range(-3, 500), 2);
    let inverted = ps.iter().any(|p| p.1 < p.0);
    let mut sorted = ps.clone();
    sorted.sort();
    let overlap = sorted.windows(2).any(|w| w[1].0 <= w[0].1)
        || ps.iter().enumerate().any(|(i, a)| {
            ps.iter()
                .skip(i + 1)
                .any(|b| a.0 <= b.1.max(b.0) && b.0 <= a.1.max(a.0))
        });
    let want_ok = tol >= Decimal::ZERO && !inverted && !overlap;
    let pauses = ps
        .iter()
        .map(|&(start, end)| arrears::delinquency::Pause { start, end })
        .collect();
    let got = arrears::delinquency::DelinquencyOptions::new(tol, 2, pauses);
    match &got {
        Ok(o) => {
            let back: Vec<_> = o.pauses().iter().map(|p| (p.start, p.end)).collect();
            if !want_ok || back != sorted || o.tolerance() != tol || o.grace_days() != 2 {
                out.push(format!(
                    "DelinquencyOptions::new({tol}, {ps:?}): library {back:?}, model ok={want_ok} {sorted:?}"
                ));
            }
        }
        Err(_) if want_ok => out.push(format!(
            "DelinquencyOptions::new({tol}, {ps:?}): library refused, model ok"
        )),
        Err(_) => {}
    }
    // The builders, one pause at a time.
    let mut b = arrears::delinquency::DelinquencyOptions::default().with_tolerance(tol);
    for &(s, e) in &ps {
        b = b.and_then(|o| o.with_pause(s, e));
    }
    if b.is_ok() != want_ok {
        out.push(format!(
            "with_tolerance({tol}).with_pause({ps:?}): library ok={}, model ok={want_ok}",
            b.is_ok()
        ));
    }
    out
}

/// The model's measure of each day, memoised.
pub struct Days<'a> {
    loan: &'a Loan,
    o: Opts,
    cache: BTreeMap<NaiveDate, Measure>,
}

impl<'a> Days<'a> {
    pub fn new(loan: &'a Loan, o: Opts) -> Self {
        Days {
            loan,
            o,
            cache: BTreeMap::new(),
        }
    }
    pub fn at(&mut self, d: NaiveDate) -> Measure {
        if let Some(m) = self.cache.get(&d) {
            return *m;
        }
        let m = match self.loan.position(d) {
            Ok(p) => model::measure(&p, &self.o),
            Err(_) => model::kernel(None, d, &self.o),
        };
        self.cache.insert(d, m);
        m
    }
}

/// Stage 2: `stage_on` on the case's day (and the days around its
/// pauses) under every preset.
pub fn check_stage_on(c: &Case) -> Vec<String> {
    let mut out = Vec::new();
    let o = opts_of(c);
    let opts = options(c);
    let mut days = Days::new(&c.loan, o.clone());
    let mut probe = vec![c.as_of];
    for p in &c.pauses {
        probe.extend([p.0, p.0 + Duration::days(1), p.1, p.1 + Duration::days(1)]);
    }
    for (ls, ms) in lib_presets().iter().zip(model::presets()) {
        for &d in &probe {
            let got = match stage_on(&c.loan, ls, &opts, d) {
                Ok(s) => s,
                Err(e) => {
                    out.push(format!("stage_on {} {d}: error {e}", ls.id()));
                    continue;
                }
            };
            let (want, _) = model::stage_of(&ms, &o, d, &mut |x| days.at(x));
            if got.as_deref() != want {
                out.push(format!(
                    "stage_on({}, {d}): library {got:?}, model {want:?} (measure {:?})",
                    ls.id(),
                    days.at(d)
                ));
            }
        }
    }
    out
}

/// Stage 3: `stage_history` over `as_of..=to` under every preset and a
/// random valid scheme, against the day-by-day model.
pub fn check_history(c: &Case) -> Vec<String> {
    let mut out = Vec::new();
    let o = opts_of(c);
    let opts = options(c);
    let mut days = Days::new(&c.loan, o.clone());
    let mut rng = Rng(c.seed ^ 0x4157);
    let mut schemes: Vec<(StageScheme, Scheme)> =
        lib_presets().into_iter().zip(model::presets()).collect();
    let custom = gen_scheme(&mut rng, false);
    if let Some(l) = lib_scheme(&custom) {
        schemes.push((l, custom));
    }
    for (ls, ms) in &schemes {
        let lib = match stage_history(&c.loan, ls, &opts, c.as_of, c.to) {
            Ok(h) => h,
            Err(e) => {
                out.push(format!("stage_history {}: error {e}", ls.id()));
                continue;
            }
        };
        let mut want = Vec::new();
        let (initial, _) = model::stage_of(ms, &o, c.as_of, &mut |x| days.at(x));
        let mut prev = initial.map(str::to_string);
        let mut d = c.as_of + Duration::days(1);
        while d <= c.to {
            let (s, n) = model::stage_of(ms, &o, d, &mut |x| days.at(x));
            let s = s.map(str::to_string);
            if s != prev {
                want.push((d, prev.clone(), s.clone(), n));
                prev = s;
            }
            d += Duration::days(1);
        }
        let got: Vec<_> = lib
            .transitions
            .iter()
            .map(|t| (t.date, t.from.clone(), t.to.clone(), t.days))
            .collect();
        if lib.scheme != ms.id || lib.initial.as_deref() != initial || got != want {
            out.push(format!(
                "stage_history({}): library initial {:?} {got:?}, model initial {initial:?} {want:?}",
                ms.id, lib.initial
            ));
        }
    }
    out
}

/// Stage 4: `ReminderSchedule::due` and `due_under` on the case's day, the
/// industry schedule and random ones (and `new`'s checks).
pub fn check_reminders(c: &Case) -> Vec<String> {
    let mut out = Vec::new();
    let mut rng = Rng(c.seed ^ 0x7e3);
    let o = opts_of(c);
    let opts = options(c);
    let industry = ReminderSchedule::industry();
    let want_ind = [-3, -1, 1, 3, 7, 30];
    if industry.offsets() != want_ind || industry.id() != "industry.reminders" {
        out.push(format!(
            "industry: library {} {:?}",
            industry.id(),
            industry.offsets()
        ));
    }
    // A random schedule, sometimes invalid.
    let n = rng.range(0, 6);
    let mut offs: Vec<i32> = (0..n).map(|_| rng.range(-40, 40) as i32).collect();
    if rng.chance(80) {
        offs.sort_unstable();
        offs.dedup();
    }
    if rng.chance(5) {
        offs.push(*rng.pick(&[3_660, 3_661, -3_661, i32::MIN, i32::MAX]));
    }
    let id = match rng.range(0, 39) {
        0 => "",
        1 => "  ",
        _ => "oracle.reminders",
    };
    let built = ReminderSchedule::new(id, RuleStatus::Unverified, offs.clone());
    if built.is_ok() != model::schedule_valid(id, &offs) {
        out.push(format!(
            "ReminderSchedule::new({id:?}, {offs:?}): library ok={}, model ok={}",
            built.is_ok(),
            model::schedule_valid(id, &offs)
        ));
    }
    let pos = match c.loan.position(c.as_of) {
        Ok(p) => p,
        Err(e) => return vec![format!("position: {e}")],
    };
    let mut scheds = vec![industry];
    scheds.extend(built.ok());
    for s in &scheds {
        let tol = if rng.chance(30) {
            Decimal::ZERO
        } else {
            c.tolerance
        };
        let got = s.due(&pos, tol).map(|v| {
            v.iter()
                .map(|r| (r.installment, r.due_date, r.offset, r.outstanding.amount()))
                .collect::<Vec<_>>()
        });
        let want = model::reminders(&pos, s.offsets(), tol);
        if got.as_ref().ok() != Some(&want) {
            out.push(format!(
                "due({:?}, tol {tol}): library {got:?}, model {want:?}",
                s.offsets()
            ));
        }
        let got = s.due_under(&pos, &opts).map(|v| {
            v.iter()
                .map(|r| (r.installment, r.due_date, r.offset, r.outstanding.amount()))
                .collect::<Vec<_>>()
        });
        let want = if o.paused(c.as_of) {
            Vec::new()
        } else {
            model::reminders(&pos, s.offsets(), c.tolerance)
        };
        if got.as_ref().ok() != Some(&want) {
            out.push(format!(
                "due_under({:?}): library {got:?}, model {want:?}",
                s.offsets()
            ));
        }
        if s.due(&pos, Decimal::NEGATIVE_ONE).is_ok() {
            out.push("due with a negative tolerance: accepted".into());
        }
    }
    out
}
