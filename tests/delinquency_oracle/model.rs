//! The model, written from the docs of `arrears::delinquency` (module,
//! `Delinquency`, `DelinquencyOptions`, `Pause`, `DpdBasis`, `StageScheme`,
//! `StageRange`, the presets, `stage_history`, `stage_on`,
//! `ReminderSchedule`) and RULES.md §1.1–§1.4. It reads a position's
//! installments (due date, chargeback date, outstanding) as input and
//! decides everything else itself.

use arrears::delinquency::DpdBasis;
use arrears::loan::Position;
use chrono::{Duration, NaiveDate};
use rust_decimal::Decimal;

/// The model's measure of a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Measure {
    pub overdue_since: Option<NaiveDate>,
    pub dpd: u32,
    pub paused: u32,
    pub delinquent: u32,
}

impl Measure {
    pub fn days(&self, basis: DpdBasis) -> u32 {
        match basis {
            DpdBasis::Raw => self.dpd,
            _ => self.delinquent,
        }
    }
}

/// Options as the model holds them.
#[derive(Debug, Clone)]
pub struct Opts {
    pub tolerance: Decimal,
    pub grace: u32,
    pub pauses: Vec<(NaiveDate, NaiveDate)>,
}

impl Opts {
    pub fn paused(&self, day: NaiveDate) -> bool {
        self.pauses.iter().any(|&(s, e)| s <= day && day <= e)
    }

    /// `held_from`: for a paused day, the day before the first pause of its
    /// run of back-to-back pauses (one starting the day after another ends
    /// extends it).
    pub fn held_from(&self, day: NaiveDate) -> Option<NaiveDate> {
        let &(mut start, _) = self.pauses.iter().find(|&&(s, e)| s <= day && day <= e)?;
        while let Some(&(s, _)) = self
            .pauses
            .iter()
            .find(|&&(_, e)| e + Duration::days(1) == start)
        {
            start = s;
        }
        Some(start - Duration::days(1))
    }
}

/// The day an installment counts as overdue from: its due date, or the
/// date of a chargeback posted before it (`ref.fineract.chargeback`).
fn overdue_from(due: NaiveDate, chargeback: Option<NaiveDate>) -> NaiveDate {
    match chargeback {
        Some(c) if c < due => c,
        _ => due,
    }
}

/// RULES.md `ref.fineract.dpd`: overdue-since is the date of the oldest
/// installment due before the business date (or charged back before it)
/// whose outstanding total is above the tolerance.
pub fn overdue_since(pos: &Position, tolerance: Decimal) -> Option<NaiveDate> {
    pos.installments()
        .iter()
        .filter(|i| {
            let owed = i
                .outstanding()
                .total()
                .map(|m| m.amount())
                .unwrap_or_default();
            owed > tolerance
        })
        .map(|i| overdue_from(i.due_date(), i.chargeback_on()))
        .filter(|&d| d < pos.as_of())
        .min()
}

/// The kernel: DPD = as_of − since; paused days among since+1 ..= as_of−1;
/// delinquent = DPD − grace − paused, floored at 0.
pub fn kernel(since: Option<NaiveDate>, as_of: NaiveDate, o: &Opts) -> Measure {
    let dpd = match since {
        Some(s) if s < as_of => (as_of - s).num_days() as u32,
        _ => 0,
    };
    let mut paused = 0u32;
    if let Some(s) = since {
        let mut d = s + Duration::days(1);
        while d < as_of {
            if o.paused(d) {
                paused += 1;
            }
            d += Duration::days(1);
        }
    }
    let delinquent = dpd.saturating_sub(o.grace).saturating_sub(paused);
    Measure {
        overdue_since: since.filter(|&s| s < as_of),
        dpd,
        paused,
        delinquent,
    }
}

pub fn measure(pos: &Position, o: &Opts) -> Measure {
    kernel(overdue_since(pos, o.tolerance), pos.as_of(), o)
}

/// A scheme as the model holds it.
#[derive(Debug, Clone)]
pub struct Scheme {
    pub id: String,
    pub basis: DpdBasis,
    pub ranges: Vec<(String, u32, Option<u32>)>,
}

impl Scheme {
    /// RULES.md `ref.fineract.ranges`: sort by min, the first range with
    /// min ≤ d ≤ max, or the open-ended one with min ≤ d.
    pub fn classify(&self, d: u32) -> Option<&str> {
        let mut rs: Vec<&(String, u32, Option<u32>)> = self.ranges.iter().collect();
        rs.sort_by_key(|r| r.1);
        rs.into_iter()
            .find(|(_, lo, hi)| *lo <= d && hi.map_or(true, |h| d <= h))
            .map(|r| r.0.as_str())
    }
}

fn b(code: &str, lo: u32, hi: u32) -> (String, u32, Option<u32>) {
    (code.to_string(), lo, Some(hi))
}

fn open(code: &str, lo: u32) -> (String, u32, Option<u32>) {
    (code.to_string(), lo, None)
}

/// The presets, from their docs and RULES.md §1.2–§1.4 (Fineract's codes
/// beyond the three the doc names follow its `dpd{min}_{max}` pattern).
pub fn presets() -> Vec<Scheme> {
    let s = |id: &str, basis, ranges| Scheme {
        id: id.to_string(),
        basis,
        ranges,
    };
    vec![
        s(
            "industry.buckets.m0_m7",
            DpdBasis::Delinquent,
            vec![
                b("M0", 0, 0),
                b("M1", 1, 30),
                b("M2", 31, 60),
                b("M3", 61, 90),
                b("M4", 91, 120),
                b("M5", 121, 150),
                b("M6", 151, 180),
                open("M7", 181),
            ],
        ),
        s(
            "industry.reminders",
            DpdBasis::Delinquent,
            vec![
                b("current", 0, 0),
                b("D1", 1, 2),
                b("D3", 3, 6),
                b("D7", 7, 29),
                open("D30", 30),
            ],
        ),
        s(
            "cn.card_rules_2011.art92",
            DpdBasis::Raw,
            vec![
                b("normal", 0, 0),
                b("special_mention", 1, 90),
                b("substandard", 91, 120),
                b("doubtful", 121, 180),
                open("loss", 181),
            ],
        ),
        s(
            "cn.risk_class_2023.min_class",
            DpdBasis::Raw,
            vec![
                b("normal", 0, 0),
                b("special_mention", 1, 90),
                b("substandard", 91, 270),
                b("doubtful", 271, 360),
                open("loss", 361),
            ],
        ),
        s(
            "us.buckets.30_180",
            DpdBasis::Raw,
            vec![
                b("current", 0, 29),
                b("dpd30", 30, 59),
                b("dpd60", 60, 89),
                b("dpd90", 90, 119),
                b("dpd120", 120, 179),
                open("dpd180", 180),
            ],
        ),
        s(
            "ref.fineract.ranges",
            DpdBasis::Delinquent,
            vec![
                b("dpd1_3", 1, 3),
                b("dpd4_30", 4, 30),
                b("dpd31_60", 31, 60),
                b("dpd61_90", 61, 90),
                b("dpd91_120", 91, 120),
                b("dpd121_150", 121, 150),
                b("dpd151_180", 151, 180),
                b("dpd181_240", 181, 240),
                open("dpd241_plus", 241),
            ],
        ),
    ]
}

/// Whether `StageScheme::new` should accept these ranges (its docs'
/// invariants; ranges in any order).
pub fn scheme_valid(id: &str, ranges: &[(String, u32, Option<u32>)]) -> bool {
    if id.is_empty() || ranges.is_empty() {
        return false;
    }
    let mut codes = std::collections::BTreeSet::new();
    for (c, lo, hi) in ranges {
        if c.is_empty() || !codes.insert(c.clone()) || hi.is_some_and(|h| h < *lo) {
            return false;
        }
    }
    let mut rs: Vec<&(String, u32, Option<u32>)> = ranges.iter().collect();
    rs.sort_by_key(|r| r.1);
    for w in rs.windows(2) {
        match w[0].2 {
            None => return false, // open-ended, not the last
            Some(h) if u64::from(h) + 1 != u64::from(w[1].1) => return false, // gap or overlap
            Some(_) => {}
        }
    }
    true
}

/// `stage_on` by the docs: under a scheme on delinquent days a paused day
/// takes the stage of `held_from`; otherwise the day's own measure.
/// `pos_at` gives the end-of-day position of a date.
pub fn stage_of<'a>(
    scheme: &'a Scheme,
    o: &Opts,
    day: NaiveDate,
    measure_at: &mut impl FnMut(NaiveDate) -> Measure,
) -> (Option<&'a str>, u32) {
    let own = measure_at(day);
    let days = own.days(scheme.basis);
    if scheme.basis == DpdBasis::Delinquent {
        if let Some(h) = o.held_from(day) {
            return (scheme.classify(measure_at(h).delinquent), days);
        }
    }
    (scheme.classify(days), days)
}

/// A model reminder: (installment, due date, offset, outstanding total).
pub type Rem = (u32, NaiveDate, i32, Decimal);

/// `ReminderSchedule::due`: each installment whose due date is an offset
/// away from the position's date and that still owes more than the
/// tolerance, in installment order.
pub fn reminders(pos: &Position, offsets: &[i32], tolerance: Decimal) -> Vec<Rem> {
    let mut out = Vec::new();
    for i in pos.installments() {
        let off = (pos.as_of() - i.due_date()).num_days();
        let owed = i
            .outstanding()
            .total()
            .map(|m| m.amount())
            .unwrap_or_default();
        if offsets.iter().any(|&o| i64::from(o) == off) && owed > tolerance {
            out.push((i.seq(), i.due_date(), off as i32, owed));
        }
    }
    out
}

/// `ReminderSchedule::new`'s checks: id not blank, offsets not empty,
/// strictly increasing, each within ±3,660.
pub fn schedule_valid(id: &str, offsets: &[i32]) -> bool {
    !id.trim().is_empty()
        && !offsets.is_empty()
        && offsets.windows(2).all(|w| w[0] < w[1])
        && offsets.iter().all(|o| o.unsigned_abs() <= 3_660)
}
