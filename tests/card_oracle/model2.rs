//! The model's replay of the minimums with everything the ledger can
//! hold (payments, waivers, chargebacks), the minimums a rule statement
//! gets when the account issues it, `CardAccount::balance` and the rules
//! a set of records cites: the `loan::card` module docs, `TxKind`,
//! `CardAccount::balance`, `Statement::rule`, `MinimumPaymentRule`,
//! `CardPolicy::cited_rules`, read as the header of `card_oracle.rs` says.

use arrears::accrual::{Accrual, CardLateCharge, CardPolicy};
use chrono::NaiveDate;

use crate::case::{Case, OPay, OStmt};
use crate::model::MPos;
use crate::more::{floor_minor, raise, rule_minimum, OExtra};
use crate::num::{plus, total, waterfall, Parts, PRI};

thread_local! {
    /// Set when a replay meets finding 6 (`repro2.rs`).
    pub static WAIVER_DIFFERS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The charges in effect as known at the end of `known` (a reversal dated
/// on or before it removes the charge).
fn charge_live(c: &Case, i: usize, known: NaiveDate) -> bool {
    let ch = &c.charges[i];
    ch.date <= known && ch.reversed_on.map_or(true, |r| r > known)
}

/// The position of the minimums of `stmts` (those issued on or before
/// `as_of`) at the end of `as_of`, from the payments `pays` and the case's
/// waivers and chargebacks, with the ledger as known at the end of
/// `known` (the charges a waiver can cancel).
pub fn position_full(
    c: &Case,
    stmts: &[OStmt],
    pays: &[&OPay],
    known: NaiveDate,
    as_of: NaiveDate,
) -> MPos {
    let issued: Vec<&OStmt> = stmts.iter().filter(|s| s.date <= as_of).collect();
    let n = issued.len();
    let mut due: Vec<Parts> = issued.iter().map(|s| s.min).collect();
    let mut paid = vec![[0i128; 4]; n];
    let mut waived = vec![[0i128; 4]; n];
    let mut cb_on: Vec<Option<NaiveDate>> = vec![None; n];
    let mut credit = 0i128;
    let mut unapplied = 0i128;
    // Charges cancelled so far, by (billing statement, component).
    let mut cancelled: Vec<(Option<usize>, usize, i128)> = vec![];
    let out = |due: &[Parts], paid: &[Parts], waived: &[Parts], i: usize| -> Parts {
        let mut o = [0; 4];
        for k in 0..4 {
            o[k] = (due[i][k] - paid[i][k] - waived[i][k]).max(0);
        }
        o
    };
    // Value-date order; ties keep recording order (payments were recorded
    // before the waivers and chargebacks).
    let mut evs: Vec<(NaiveDate, usize, usize)> = vec![];
    for (i, p) in pays.iter().enumerate() {
        if p.date <= as_of {
            evs.push((p.date, 0, i));
        }
    }
    for (i, e) in c.extras.iter().enumerate() {
        let d = match e {
            OExtra::Waiver { date, .. } | OExtra::Chargeback { date, .. } => *date,
        };
        if d <= as_of {
            evs.push((d, 1, i));
        }
    }
    evs.sort();
    for (d, kind, i) in evs {
        let before: Vec<usize> = (0..n).filter(|&k| issued[k].date < d).collect();
        if kind == 0 {
            let mut left = pays[i].amount;
            for &k in &before {
                if left == 0 {
                    break;
                }
                let (took, rest) = waterfall(&out(&due, &paid, &waived, k), left);
                for (x, t) in took.iter().enumerate() {
                    paid[k][x] += t;
                }
                left = rest;
                if total(&out(&due, &paid, &waived, k)) == 0 {
                    cb_on[k] = None;
                }
            }
            credit += left;
            continue;
        }
        match &c.extras[i] {
            OExtra::Waiver {
                comp,
                amount,
                names,
                ..
            } => {
                let named = names
                    .map(|j| j as usize - 1)
                    .filter(|j| *j < n && issued[*j].date < d);
                if let Some(j) = named {
                    let x = (*amount).min(out(&due, &paid, &waived, j)[*comp]);
                    waived[j][*comp] += x;
                    unapplied += amount - x;
                    continue;
                }
                // First the charges of its own billing cycle.
                let cycle = c.stmts.iter().position(|s| s.date >= d);
                let pool: i128 = (0..c.charges.len())
                    .filter(|&k| {
                        let ch = &c.charges[k];
                        ch.comp == *comp && ch.billed_by == cycle && charge_live(c, k, known)
                    })
                    .map(|k| c.charges[k].amount)
                    .sum();
                let used: i128 = cancelled
                    .iter()
                    .filter(|(y, x, _)| *y == cycle && x == comp)
                    .map(|t| t.2)
                    .sum();
                let cancel = (*amount).min(pool - used).max(0);
                // Finding 6: the library cancels only the charges dated on
                // or before the position's date.
                let pool_then: i128 = (0..c.charges.len())
                    .filter(|&k| {
                        let ch = &c.charges[k];
                        ch.comp == *comp
                            && ch.billed_by == cycle
                            && charge_live(c, k, known)
                            && ch.date <= as_of
                    })
                    .map(|k| c.charges[k].amount)
                    .sum();
                if cancel > (pool_then - used).max(0) {
                    WAIVER_DIFFERS.with(|f| f.set(true));
                }
                cancelled.push((cycle, *comp, cancel));
                let mut left = amount - cancel;
                for &k in &before {
                    let x = left.min(out(&due, &paid, &waived, k)[*comp]);
                    waived[k][*comp] += x;
                    left -= x;
                }
                unapplied += left;
            }
            OExtra::Chargeback { amount, names, .. } => {
                // It takes back from the credit first; dated on or before the
                // first statement, the rest is in its balance and owes
                // nothing more.
                let take = credit.min(*amount);
                credit -= take;
                let rest = amount - take;
                if rest == 0 || d <= c.stmts[0].date || before.is_empty() {
                    continue;
                }
                let named = names
                    .map(|j| j as usize - 1)
                    .filter(|j| *j < n && issued[*j].date < d);
                let overdue = before.iter().copied().find(|&k| {
                    total(&out(&due, &paid, &waived, k)) > 0
                        && (issued[k].due < d || cb_on[k].is_some_and(|x| x <= d))
                });
                // Else the oldest not yet due, else the last (`loan::card`,
                // as `TxKind::Charge` picks: finding 5 settled the docs).
                let last = *before.last().unwrap();
                let next_due = before.iter().copied().find(|&k| issued[k].due >= d);
                let k = named.or(overdue).or(next_due).unwrap_or(last);
                due[k][PRI] += rest;
                if d < issued[k].due && cb_on[k].is_none() {
                    cb_on[k] = Some(d);
                }
            }
        }
    }
    MPos {
        out: (0..n).map(|k| out(&due, &paid, &waived, k)).collect(),
        paid,
        credit,
        unapplied,
    }
}

/// The minimums of the rule statements as the account issues them, at
/// the end of their dates, from the ledger as known at the end of `known`
/// (`Statement::rule`): the rule on the balance (without the charges
/// reversed since: `known_statements`), less what the earlier minimums
/// still owe of fees, interest and penalty (floored at zero), raised again
/// to the floor, then cut so that the minimums together require no more
/// than the balance. Doc gaps decided here: the raise goes to principal
/// first (then penalty, fee, interest) within each component's balance,
/// after netting within what the balance holds beyond what the earlier
/// minimums owe of it (not required twice);
/// the cut is on the total, principal first, then interest, fee, penalty.
///
/// Returns, per statement, whether the docs leave the minimum's split by
/// component open (a floor raised beyond the principal balance, or a cut
/// to the balance): its position is then compared in total only.
pub fn settle_minimums(
    c: &Case,
    stmts: &mut [OStmt],
    pays: &[&OPay],
    known: NaiveDate,
) -> Vec<bool> {
    let mu = c.cur.minor_units();
    let mut open = vec![false; stmts.len()];
    for k in 0..stmts.len() {
        let Some(r) = stmts[k].rule.clone() else {
            continue;
        };
        let bal = stmts[k].bal;
        let mut m = rule_minimum(&r, &bal, mu);
        let spilled = |m: &[i128; 4]| m[PRI] == bal[PRI] && total(m) == floor_minor(&r, mu);
        open[k] |= spilled(&m) && !r.include;
        let pos = position_full(c, &stmts[..k], pays, known, stmts[k].date);
        let mut owed = [0i128; 4];
        for o in &pos.out {
            for x in 0..4 {
                owed[x] += o[x];
            }
        }
        for x in 0..PRI {
            m[x] = (m[x] - owed[x]).max(0);
        }
        let before = m;
        // Raised again within what the balance holds beyond the earlier
        // minimums (fees, interest, penalty: not required twice).
        let mut room = bal;
        for x in 0..PRI {
            room[x] = (bal[x] - owed[x]).max(0);
        }
        raise(&mut m, &room, floor_minor(&r, mu));
        open[k] |= (0..PRI).any(|x| m[x] != before[x]);
        let mut excess = total(&m) + total(&owed) - total(&bal);
        open[k] |= excess > 0;
        for x in [PRI, 2, 1, 0] {
            let cut = excess.min(m[x]).max(0);
            m[x] -= cut;
            excess -= cut;
        }
        stmts[k].min = m;
    }
    open
}

/// `CardAccount::balance(as_of)` by its docs: the last statement's closing
/// balance, plus charges and chargebacks and minus repayments and waivers
/// (what they waived) with a later value date; a transaction in the
/// closing balance reversed since is taken back out (a bounced payment is
/// owed again). Zero before the first statement.
pub fn balance(c: &Case, pays: &[&OPay], pos_waived: i128, as_of: NaiveDate) -> i128 {
    let Some(last) = c.stmts.iter().rev().find(|s| s.date <= as_of) else {
        return 0;
    };
    let after = |d: NaiveDate| d > last.date && d <= as_of;
    let mut b = total(&last.bal);
    for ch in &c.charges {
        let live = ch.reversed_on.map_or(true, |r| r > as_of);
        if after(ch.date) && live {
            b += ch.amount;
        }
        if ch.date <= last.date && ch.reversed_on.is_some_and(after) {
            b -= ch.amount;
        }
    }
    for p in pays {
        if after(p.date) {
            b -= p.amount;
        }
    }
    for p in &c.pays {
        if p.date <= last.date && p.reversed_on.is_some_and(after) {
            b += p.amount;
        }
    }
    for e in &c.extras {
        if let OExtra::Chargeback { date, amount, .. } = e {
            if after(*date) {
                b += amount;
            }
        }
    }
    b - pos_waived
}

/// What the waivers dated after the last statement on or before `as_of`
/// waived (cancelling charges included), from a replay up to `as_of`.
pub fn waived_after_last(c: &Case, stmts: &[OStmt], pays: &[&OPay], as_of: NaiveDate) -> i128 {
    let Some(last) = c.stmts.iter().rev().find(|s| s.date <= as_of) else {
        return 0;
    };
    let known = plus(c.to, -1);
    let total_w = |upto: NaiveDate| {
        let w: i128 = c
            .extras
            .iter()
            .filter_map(|e| match e {
                OExtra::Waiver { date, amount, .. } if *date <= upto => Some(*amount),
                _ => None,
            })
            .sum();
        w - position_full(c, stmts, pays, known, upto).unapplied
    };
    total_w(as_of) - total_w(last.date)
}

/// The rule ids `records` cite, once each in the order first cited (`rule`
/// then `capped_by`), and problems with the library's `cited_rules`.
pub fn check_cited(policy: &CardPolicy, records: &[Accrual], problems: &mut Vec<String>) {
    let mut want: Vec<String> = vec![];
    for r in records {
        for id in std::iter::once(r.rule.as_str()).chain(r.capped_by.as_ref().map(|x| x.as_str())) {
            if !want.iter().any(|w| w == id) {
                want.push(id.to_string());
            }
        }
    }
    let got = policy.cited_rules(records);
    let ids: Vec<String> = got.iter().map(|r| r.id.clone()).collect();
    if ids != want {
        problems.push(format!("cited_rules {ids:?}, records cite {want:?}"));
    }
    let mut own = vec![];
    if let Some(i) = &policy.interest {
        own.push(i.rule.clone());
    }
    match &policy.late_charge {
        Some(CardLateCharge::PercentOfUnpaidMinimum { rule, .. }) => own.push(rule.clone()),
        Some(CardLateCharge::UsSafeHarbor { rule, .. }) => own.push(rule.clone()),
        _ => {}
    }
    for g in &got {
        if let Some(o) = own.iter().find(|o| o.id == g.id) {
            if o != g {
                problems.push(format!("cited_rules {g:?}, the policy's {o:?}"));
            }
        } else if g.citation.is_empty() {
            problems.push(format!("cited_rules: engine id {} without citation", g.id));
        }
    }
}

/// A rule statement keeps the rule's minimum on its whole balance
/// (`Statement::minimum_due`, `Statement::rule`), which is
/// `MinimumPaymentRule::minimum` by its docs.
pub fn check_rules(c: &Case, card: &arrears::loan::CardAccount, problems: &mut Vec<String>) {
    for (k, (s, st)) in c.stmts.iter().zip(card.statements()).enumerate() {
        let Some(r) = &s.rule else { continue };
        let want = rule_minimum(r, &s.bal, c.cur.minor_units());
        let got = crate::num::parts_of(st.minimum_due());
        let lib = crate::build::min_rule(r);
        let direct = lib
            .minimum(&crate::num::breakdown(&s.bal, c.cur))
            .map(|b| crate::num::parts_of(&b));
        if got != want || direct.as_ref().ok() != Some(&want) || st.rule() != Some(&lib) {
            problems.push(format!(
                "statement #{} rule {r:?} on {:?}: minimum_due {got:?}, minimum() {direct:?}, model {want:?}",
                k + 1,
                s.bal
            ));
        }
    }
}

/// The payments for card interest: the effective payments, and each
/// chargeback as a payment taken back on its date (doc gap decided here:
/// "a repayment charged back", so what it takes back was not paid, from
/// its date; it has no link to one payment).
pub fn interest_flows(c: &Case, pays: &[&OPay]) -> Vec<(NaiveDate, i128)> {
    let mut v: Vec<(NaiveDate, i128)> = pays.iter().map(|p| (p.date, p.amount)).collect();
    for e in &c.extras {
        if let OExtra::Chargeback { date, amount, .. } = e {
            v.push((*date, -amount));
        }
    }
    v
}

/// Doc gap left open: how a closing balance holds a waiver dated on or
/// before its statement (all of it, or what it waived as then known).
/// `CardAccount::balance` is compared only without one.
pub fn waiver_in_closing_balance(c: &Case) -> bool {
    let known = plus(c.to, -1);
    let Some(last) = c.stmts.iter().rev().find(|s| s.date <= known) else {
        return false;
    };
    c.extras
        .iter()
        .any(|e| matches!(e, OExtra::Waiver { date, .. } if *date <= last.date))
}
