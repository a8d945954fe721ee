//! The model: the docs of `accrue_card` read day by day, on integer minor
//! units. It sees the case (statements, payments, reversals, window,
//! policy), never the library's account or records.

use chrono::NaiveDate;

use crate::case::{Case, OLate, OPay, OStmt};
use crate::num::{mul_rate, per_day, plus, total, waterfall, Parts};

/// One expected record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MRec {
    /// "interest" or "late".
    pub kind: &'static str,
    pub inst: u32,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub base: i128,
    pub rate: Option<rust_decimal::Decimal>,
    pub days: i64,
    pub basis: u32,
    pub uncapped: i128,
    pub amount: i128,
    pub rule: String,
    pub capped_by: Option<String>,
    pub fee_min: Option<i128>,
}

/// The position of the minimums at the end of a day.
#[derive(Clone, Debug, Default)]
pub struct MPos {
    pub out: Vec<Parts>,
    pub paid: Vec<Parts>,
    pub credit: i128,
    /// Waivers that found nothing to waive.
    pub unapplied: i128,
}

pub struct Model {
    pub recs: Vec<MRec>,
    pub pos: MPos,
    /// Statements missed at their due date (a late charge or not).
    pub misses: usize,
    pub repeats: usize,
    pub cut_to_minimum: usize,
    pub escalated: usize,
    /// `CardAccount::balance` at the end of the window's last day.
    pub balance: i128,
    /// A waiver meets finding 6 on some day the model replays.
    pub waiver_differs: bool,
    /// Statements whose minimum the docs split by component no further
    /// (`settle_minimums`): positions compared in total.
    pub totals_only: Vec<bool>,
}

/// The payments in effect as known at the end of `known` (a reversal dated
/// on or before it removes the payment altogether, `Ledger::effective`).
pub fn effective(pays: &[OPay], known: NaiveDate) -> Vec<&OPay> {
    pays.iter()
        .filter(|p| p.reversed_on.map_or(true, |r| r > known))
        .collect()
}

/// Minimums at the end of `as_of`: a payment pays only the minimums of
/// statements issued before its value date, oldest first, each penalty,
/// fee, interest, principal; the rest is credit (waivers and chargebacks:
/// `model2.rs`).
pub fn position(c: &Case, stmts: &[OStmt], pays: &[&OPay], as_of: NaiveDate) -> MPos {
    crate::model2::position_full(c, stmts, pays, plus(c.to, -1), as_of)
}

fn unpaid_through(c: &Case, stmts: &[OStmt], pays: &[&OPay], as_of: NaiveDate, k: usize) -> i128 {
    let pos = position(c, stmts, pays, as_of);
    pos.out.iter().take(k + 1).map(total).sum()
}

/// The statements as known at the end of `known`: a charge reversed on or
/// before it and after the statement that billed it comes off that
/// statement's balance, and off its minimum when the minimum took it
/// ("as if it had never been there", `loan::card`).
pub fn known_statements(c: &Case, known: NaiveDate) -> Vec<OStmt> {
    let mut out = c.stmts.clone();
    for ch in &c.charges {
        let (Some(k), Some(r)) = (ch.billed_by, ch.reversed_on) else {
            continue;
        };
        if r <= known && r > out[k].date {
            out[k].bal[ch.comp] -= ch.amount;
            if ch.in_min {
                out[k].min[ch.comp] -= ch.amount;
            }
        }
    }
    out
}

pub fn run_model(c: &Case) -> Model {
    crate::model2::WAIVER_DIFFERS.with(|f| f.set(false));
    let known = plus(c.to, -1);
    let pays = effective(&c.pays, known);
    let mut stmts = known_statements(c, known);
    let totals_only = crate::model2::settle_minimums(c, &mut stmts, &pays, known);
    let mut recs = Vec::new();
    // Interest.
    let flows = crate::model2::interest_flows(c, &pays);
    if let Some(pi) = &c.interest {
        for (k, s) in stmts.iter().enumerate() {
            let next = stmts.get(k + 1).map(|n| n.date);
            let bal = total(&s.bal);
            let by_due: i128 = flows
                .iter()
                .filter(|p| p.0 > s.date && p.0 <= s.due)
                .map(|p| p.1)
                .sum();
            if bal == 0 || by_due >= bal || c.to <= s.due {
                continue;
            }
            let start = if c.from <= s.due {
                s.date
            } else {
                c.from.max(s.date)
            };
            let end = next.map_or(c.to, |n| n.min(c.to));
            let mut cur: Option<MRec> = None;
            let mut d = start;
            while d < end {
                let paid: i128 = flows
                    .iter()
                    .filter(|p| p.0 > s.date && (p.0 <= d || (pi.exempt && p.0 <= s.due)))
                    .map(|p| p.1)
                    .sum::<i128>()
                    .max(0);
                let (took, _) = waterfall(&s.bal, paid);
                let base: i128 = (0..4)
                    .filter(|&i| !pi.excluded[i])
                    .map(|i| s.bal[i] - took[i])
                    .sum();
                match cur.as_mut() {
                    Some(r) if r.base == base => {
                        r.to = plus(d, 1);
                        r.days += 1;
                    }
                    _ => {
                        if let Some(r) = cur.take() {
                            recs.push(r);
                        }
                        cur = Some(MRec {
                            kind: "interest",
                            inst: k as u32 + 1,
                            from: d,
                            to: plus(d, 1),
                            base,
                            rate: Some(c.annual),
                            days: 1,
                            basis: pi.basis as u32,
                            uncapped: 0,
                            amount: 0,
                            rule: pi.rule.clone(),
                            capped_by: None,
                            fee_min: None,
                        });
                    }
                }
                d = plus(d, 1);
            }
            recs.extend(cur);
        }
        for r in recs.iter_mut() {
            let pd = per_day(r.base, c.annual, r.basis as i128, c.rounding);
            r.amount = pd * r.days as i128;
            r.uncapped = r.amount;
        }
        recs.retain(|r| r.base != 0);
    }
    // Late charges.
    let mut misses = 0;
    let mut repeats = 0;
    let mut cut_to_minimum = 0;
    let mut escalated = 0;
    let mut consecutive = 0u32;
    // Statement dates of the first-tier (A) fees charged so far.
    let mut fee_dates: Vec<NaiveDate> = Vec::new();
    let mut first_tier;
    for (k, s) in stmts.iter().enumerate() {
        let unpaid = unpaid_through(c, &stmts, &pays, s.due, k);
        if unpaid == 0 {
            consecutive = 0;
            continue;
        }
        consecutive += 1;
        misses += 1;
        let on = plus(s.due, 1);
        let Some(late) = &c.late else { continue };
        first_tier = false;
        let rec = match late {
            OLate::Pct {
                rule,
                rate,
                esc_rate,
                esc_after,
                floor,
            } => {
                let r = if *esc_after > 0 && consecutive >= *esc_after {
                    *esc_rate
                } else {
                    *rate
                };
                let amount = mul_rate(unpaid, r, c.rounding).max(*floor);
                MRec {
                    kind: "late",
                    inst: k as u32 + 1,
                    from: on,
                    to: plus(on, 1),
                    base: unpaid,
                    rate: Some(r),
                    days: 0,
                    basis: 0,
                    uncapped: amount,
                    amount,
                    rule: rule.clone(),
                    capped_by: None,
                    fee_min: Some(*floor),
                }
            }
            OLate::Us { rule, rows, .. } => {
                let row = rows.iter().rev().find(|r| r.0 <= s.due).expect("no row");
                // Six billing cycles counted by statement dates, month by
                // month: statement months at most six apart.
                // Reg Z 1026.2(a)(4): a cycle may vary by four days from the
                // regular statement day, at either end (doc gap decided
                // here, see the header).
                let repeat = fee_dates
                    .iter()
                    .any(|f| s.date <= plus(crate::num::add_months(*f, 6), 8));
                first_tier = !repeat;
                let amt = if repeat { row.2 } else { row.1 };
                // The required payment: every minimum owed at the end of
                // the statement date.
                let required = unpaid_through(c, &stmts, &pays, s.date, k);
                let amount = amt.min(required);
                if amount < amt {
                    cut_to_minimum += 1;
                }
                repeats += usize::from(repeat);
                MRec {
                    kind: "late",
                    inst: k as u32 + 1,
                    from: on,
                    to: plus(on, 1),
                    base: amt,
                    rate: None,
                    days: 0,
                    basis: 0,
                    uncapped: amt,
                    amount,
                    rule: rule.clone(),
                    capped_by: (amount < amt)
                        .then(|| "us.reg_z.fee_le_violation_amount".to_string()),
                    fee_min: None,
                }
            }
        };
        if let OLate::Pct { esc_after, .. } = late {
            escalated += usize::from(*esc_after > 0 && consecutive >= *esc_after);
        }
        // Reg Z 1026.52(b)(1)(ii)(B), RULES.md §2.5 ("within the next 6
        // billing cycles after the first"): the window is anchored at a
        // first-tier fee; a repeat fee does not start one of its own.
        if rec.amount > 0 && first_tier {
            fee_dates.push(s.date);
        }
        if c.from <= on && on < c.to {
            recs.push(rec);
        }
    }
    let waived = crate::model2::waived_after_last(c, &stmts, &pays, known);
    Model {
        waiver_differs: crate::model2::WAIVER_DIFFERS.with(|f| f.get()),
        totals_only,
        balance: crate::model2::balance(c, &pays, waived, known),
        recs,
        pos: position(c, &stmts, &pays, known),
        misses,
        repeats,
        cut_to_minimum,
        escalated,
    }
}
