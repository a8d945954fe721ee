//! Card accounts (信用卡): interest on statement balances not paid in full,
//! and late charges for missed minimum payments — China's 违约金 (a
//! percentage of the unpaid minimum with a floor and an escalated rate) or
//! the US Reg Z safe harbor (first or repeat amount, never above the minimum
//! payment due, one fee per missed payment).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::engine::{Accrual, AccrualKind};
use super::policy::{Posting, RuleRef};
use super::tables::SafeHarborTable;
use crate::delinquency::RuleStatus;
use crate::error::{Error, Result, Validator};
use crate::loan::{add_months_clamped, Breakdown, CardAccount, Component, Transaction, TxKind};
use crate::money::{mul_div_round, DayBasis, Money, Rounding};
use crate::rule::RuleId;

mod regime;
pub use regime::{CardRegime, CardRegimes, RegimeLateCharge};

/// Interest on a statement balance that is not paid in full by its due date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardInterest {
    /// Rule reference.
    pub rule: RuleRef,
    /// Day basis of the card's daily rate (万分之五 × 365 = 18.25 %).
    pub basis: DayBasis,
    /// Balance components that bear no interest. In China no interest
    /// accrues on 违约金, annual fees, cash-withdrawal or FX fees since
    /// 2017 (RULES.md §2.2), all booked as [`Component::Fee`]. Empty (the
    /// default): the whole unpaid balance bears interest.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub excluded: Vec<Component>,
    /// Whether the part of the statement balance repaid by the due date
    /// bears no interest at all, from the statement date on (12 CFR
    /// 1026.54(a)(1)(ii): no finance charge from the loss of a grace period
    /// on a portion repaid before it expired); otherwise (the default) a
    /// repayment reduces the base from its value date.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub grace_repaid_exempt: bool,
}

impl CardInterest {
    /// The part of `balance` that bears interest once `paid` has been
    /// applied to it as the account's replay applies a repayment: penalty,
    /// fee, interest, then principal.
    fn base(&self, balance: &Breakdown, paid: Decimal) -> Decimal {
        let mut left = paid.max(Decimal::ZERO);
        let mut base = Decimal::ZERO;
        for c in Component::ALL {
            let owed = balance.amount(c).max(Decimal::ZERO);
            let take = left.min(owed);
            left = left.saturating_sub(take);
            if !self.excluded.contains(&c) {
                base = base.saturating_add(owed.saturating_sub(take));
            }
        }
        base
    }
}

/// The late charge for a missed minimum payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum CardLateCharge {
    /// 违约金 (RULES.md §2.2): `rate` × the unpaid minimum, `escalated_rate`
    /// from the `escalate_after`-th consecutive miss, at least `floor`.
    PercentOfUnpaidMinimum {
        /// Rule reference.
        rule: RuleRef,
        /// Fraction of the unpaid minimum (`0.05` = 5 %).
        #[serde(with = "crate::money::serde_str")]
        rate: Decimal,
        /// Fraction after consecutive misses.
        #[serde(with = "crate::money::serde_str")]
        escalated_rate: Decimal,
        /// Consecutive misses (counting this one) from which the escalated
        /// rate applies (0 = never).
        escalate_after: u32,
        /// Minimum charge.
        #[serde(with = "crate::money::serde_str")]
        floor: Decimal,
    },
    /// Reg Z 1026.52(b): the safe-harbor amount in effect on the due date,
    /// the repeat amount for a violation within the six billing cycles
    /// after one charged the first-violation amount (a repeat fee starts no
    /// window of its own, and a fee of 0.00, whether the first-violation
    /// amount is 0.00 or the required payment was, imposes no fee and starts
    /// none) (`us.reg_z.safe_harbor`), never more than the required minimum
    /// periodic payment (`us.reg_z.fee_le_violation_amount`: every minimum
    /// owed when the statement was issued, as the periodic statement
    /// required it, Reg Z 1026.7(b)(11); a payment charged back after the
    /// statement owes its amount again but does not raise what the
    /// statement required), one fee per missed payment
    /// (`us.reg_z.one_fee_per_event`).
    UsSafeHarbor {
        /// Rule reference.
        rule: RuleRef,
        /// The dated amounts.
        table: SafeHarborTable,
    },
}

/// What a card account accrues.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardPolicy {
    /// Policy id.
    pub id: String,
    /// Interest on balances not paid in full, if charged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interest: Option<CardInterest>,
    /// Late charge, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub late_charge: Option<CardLateCharge>,
    /// Rounding.
    #[serde(default)]
    pub rounding: Rounding,
}

impl CardPolicy {
    /// China card preset: interest at the card's daily rate on a 365-day
    /// basis (`cn.card.annualize` \[S\]) and a 违约金 of 5 % of the unpaid
    /// minimum, at least CNY 10: an illustrative issuer tariff, \[U\]
    /// (RULES.md §2.2 gives no regulatory default: since 银发〔2016〕111号
    /// the card agreement sets it). No escalation by default.
    pub fn cn() -> Self {
        CardPolicy {
            id: "cn.card".to_owned(),
            interest: Some(CardInterest {
                rule: RuleRef::new(
                    "cn.card.interest",
                    "银发〔2016〕111号; 银发〔2020〕327号",
                    RuleStatus::Secondary,
                ),
                basis: DayBasis::Days365,
                excluded: vec![Component::Fee],
                grace_repaid_exempt: false,
            }),
            late_charge: Some(CardLateCharge::PercentOfUnpaidMinimum {
                rule: RuleRef::new(
                    "cn.card.late_charge",
                    "illustrative issuer tariff; no regulatory default (银发〔2016〕111号 leaves 违约金 to the card agreement)",
                    RuleStatus::Unverified,
                ),
                rate: Decimal::new(5, 2),
                escalated_rate: Decimal::new(5, 2),
                escalate_after: 0,
                floor: Decimal::from(10),
            }),
            rounding: Rounding::HalfUp,
        }
    }

    /// US card preset: interest at the APR on a 365-day basis and the Reg Z
    /// safe-harbor late fee ($30 / $41 since 2022 \[U\]; the vacated 2024
    /// rule kept inactive). The rule's text is verified, the operative
    /// amounts are not, so its status is \[U\] (RULES.md §2.5, §10 item 7).
    pub fn us() -> Self {
        CardPolicy {
            id: "us.card".to_owned(),
            interest: Some(CardInterest {
                rule: RuleRef::new(
                    "us.card.interest",
                    "cardholder agreement; Reg Z 1026.54(a)(1)(ii)",
                    RuleStatus::Unverified,
                ),
                basis: DayBasis::Days365,
                excluded: Vec::new(),
                grace_repaid_exempt: true,
            }),
            late_charge: Some(CardLateCharge::UsSafeHarbor {
                rule: RuleRef::new(
                    "us.reg_z.safe_harbor",
                    "12 CFR 1026.52(b)(1)(ii) [V]; amounts since 2022 [U]",
                    RuleStatus::Unverified,
                ),
                table: SafeHarborTable::published(),
            }),
            rounding: Rounding::HalfUp,
        }
    }

    /// Checks every field.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPolicy`] listing every problem.
    pub fn validate(&self) -> Result<()> {
        let mut v = Validator::default();
        if self.id.trim().is_empty() {
            v.push("id", "", "a policy needs a non-empty id");
        }
        if let Some(ci) = &self.interest {
            ci.rule.check("interest", &mut v);
            for (k, c) in ci.excluded.iter().enumerate() {
                if ci.excluded.get(..k).is_some_and(|seen| seen.contains(c)) {
                    v.push("interest.excluded", c.as_str(), "is listed twice");
                }
            }
            if Component::ALL.iter().all(|c| ci.excluded.contains(c)) {
                v.push(
                    "interest.excluded",
                    "penalty, fee, interest, principal",
                    "excludes every component; leave `interest` out to charge none",
                );
            }
        }
        match &self.late_charge {
            Some(CardLateCharge::PercentOfUnpaidMinimum { rule, .. })
            | Some(CardLateCharge::UsSafeHarbor { rule, .. }) => rule.check("late_charge", &mut v),
            None => {}
        }
        if let Some(CardLateCharge::PercentOfUnpaidMinimum {
            rate,
            escalated_rate,
            floor,
            ..
        }) = &self.late_charge
        {
            for (path, x) in [
                ("late_charge.rate", rate),
                ("late_charge.escalated_rate", escalated_rate),
            ] {
                if *x < Decimal::ZERO || *x > Decimal::ONE {
                    v.push(path, x, "must be a fraction between 0 and 1");
                }
            }
            if *floor < Decimal::ZERO {
                v.push("late_charge.floor", floor, "must not be negative");
            }
        }
        v.finish()
    }
}

/// Accrues card interest and late charges on `card` for `from..to`.
///
/// - Interest: for each statement whose balance is not paid in full by its
///   due date, interest at the card's rate accrues on the unpaid part of
///   that balance from the statement date until the next statement (whose
///   balance is expected to include it), split at payment dates. The grace period's interest is only known to
///   be owed once the due date has passed unpaid: the window that holds the
///   due date reports it in full (its records may start before `from`), a
///   window that ends on or before the due date reports none of it, and
///   later days go to the window that holds them, so consecutive windows
///   add up to one. A payment
///   goes to penalty, fee, interest, then principal (as the account's
///   replay applies it), and the components the policy excludes
///   ([`CardInterest::excluded`]: fees under the `cn` preset) bear no
///   interest. One record per interval (daily posting:
///   `round(base × rate / basis) × days`).
/// - The ledger is read as known at the end of `to − 1`, for interest and
///   late charges alike: a payment reversed by then was never made, and a
///   charge reversed by then was never in the statement that billed it
///   (nor in a later one whose balance carried it), as
///   [`CardAccount::position`] replays them. So a statement paid in full
///   but for a fee reversed after its due date kept its grace period, and
///   a minimum met but for such a fee was not missed. (A [`TxKind::Waiver`]
///   gives relief from its own date instead.) Such a reversal, recorded
///   after a window was accrued, changes what that window should have
///   accrued: re-accrue from the statement and book the difference.
/// - Late charges: one per statement at whose due date a minimum payment
///   (its own or an older one: the account's replay pays the oldest
///   first) is still unpaid, charged the day after. The 违约金 base is all
///   that is unpaid; the Reg Z fee is capped at the required payment (every
///   minimum owed when the statement was issued: a payment charged back
///   after the statement is owed again, but does not raise what the
///   statement required). The six cycles of a "repeat" are counted by
///   statement dates, month by month, from a first-violation fee above
///   0.00.
///
/// Records are returned, not posted: the host books them (e.g. as charges).
///
/// # Errors
///
/// [`Error::InvalidField`] if `to <= from`, or if the late charge's floor
/// is finer than the card's minor unit (`late_charge.floor`);
/// [`Error::InvalidPolicy`]; safe-harbor lookups outside the table;
/// [`Error::Overflow`].
pub fn accrue_card(
    card: &CardAccount,
    from: NaiveDate,
    to: NaiveDate,
    policy: &CardPolicy,
) -> Result<Vec<Accrual>> {
    if to <= from {
        return Err(Error::invalid(
            "to",
            to,
            format!("must be after `from` = `{from}`"),
        ));
    }
    policy.validate()?;
    let currency = card.currency();
    let dp = currency.minor_units();
    // A floor finer than the card's minor unit would be charged as is
    // (10.005 CNY), as `AccrualPolicy::check_currency` refuses for loans.
    if let Some(CardLateCharge::PercentOfUnpaidMinimum { floor, .. }) = &policy.late_charge {
        if floor.normalize().scale() > dp {
            return Err(Error::invalid(
                "late_charge.floor",
                floor,
                format!(
                    "is finer than the minor unit of the card's {currency} ({})",
                    currency.minor_unit()
                ),
            ));
        }
    }
    let money = |d: Decimal| Money::new(d, currency);
    let last_day = to.pred_opt().unwrap_or(to);
    let payments: Vec<(NaiveDate, Decimal)> = card
        .ledger()
        .effective(last_day)
        .iter()
        .filter_map(|t| match t.kind() {
            TxKind::Repayment { amount } => Some((t.value_date(), amount.amount())),
            // A payment charged back (it bounced) counts against what was
            // paid from the chargeback's own date: one after the due date
            // leaves the grace period as it was (a reversal of the
            // payment, by contrast, removes it as if never made).
            TxKind::Chargeback { amount, .. } => Some((t.value_date(), -amount.amount())),
            _ => None,
        })
        .collect();
    let paid_between = |a: NaiveDate, b: NaiveDate| -> Decimal {
        payments
            .iter()
            .filter(|(d, _)| *d > a && *d <= b)
            .map(|(_, x)| *x)
            .fold(Decimal::ZERO, Decimal::saturating_add)
    };
    let statements = card.statements();
    let mut out = Vec::new();

    if let Some(ci) = &policy.interest {
        let rate = card.rate().annual();
        let basis = ci.basis.days();
        for (i, st) in statements.iter().enumerate() {
            // Whether the statement was paid in full by its due date is
            // known once the window reaches the due date.
            if to <= st.due_date() {
                continue;
            }
            // The balance without the charges it billed that were reversed
            // by the end of the window: a reversed charge was never there
            // (as a reversed payment was never made, and as the position
            // read at the end of the window replays the statement).
            let revised = card.balance_revised(i, last_day)?;
            let balance = revised.total()?.amount();
            if paid_between(st.statement_date(), st.due_date()) >= balance {
                continue;
            }
            // The grace period's interest is owed from the day after the
            // due date: it is reported, whole, by the window holding the due
            // date; later days by the window holding them.
            let Some(grace_lost) = st.due_date().succ_opt() else {
                continue;
            };
            let reports_grace = from <= st.due_date();
            let end = statements
                .get(i + 1)
                .map_or(to, |n| n.statement_date())
                .min(to);
            // Interval starts: the statement date and each payment date.
            let mut cuts: Vec<NaiveDate> = payments
                .iter()
                .map(|(d, _)| *d)
                .filter(|d| *d > st.statement_date() && *d < end)
                .collect();
            cuts.insert(0, st.statement_date());
            cuts.dedup();
            for (k, &a) in cuts.iter().enumerate() {
                let b = cuts.get(k + 1).copied().unwrap_or(end);
                // A window that reports the grace period starts on or
                // before the due date: nothing after the grace period lies
                // before its `from`.
                let (a, b) = if reports_grace {
                    (a, b.min(to))
                } else if b <= grace_lost {
                    continue;
                } else {
                    (a.max(from), b.min(to))
                };
                if a >= b {
                    continue;
                }
                // A payment reduces the base from its value date on, or,
                // repaid within the grace period under 1026.54, from the
                // statement date.
                let paid_to = if ci.grace_repaid_exempt {
                    a.max(st.due_date())
                } else {
                    a
                };
                let base = ci.base(&revised, paid_between(st.statement_date(), paid_to));
                if base.is_zero() {
                    continue;
                }
                let days = (b - a).num_days();
                let per_day = mul_div_round(base, rate, i64::from(basis), dp, policy.rounding)?;
                let amount = per_day
                    .checked_mul(Decimal::from(days))
                    .ok_or_else(|| Error::overflow("multiply", per_day, days))?;
                out.push(Accrual {
                    kind: AccrualKind::CardInterest,
                    component: Component::Interest,
                    installment: u32::try_from(i + 1).unwrap_or(u32::MAX),
                    from: a,
                    to: b,
                    base: money(base),
                    rate: Some(rate),
                    days,
                    basis,
                    day_count: None,
                    posting: Posting::Daily,
                    rounding: policy.rounding,
                    uncapped: money(amount),
                    amount: money(amount),
                    rule: RuleId::new(&ci.rule.id),
                    capped_by: None,
                    fee_min: None,
                    fee_max: None,
                    released_from: None,
                });
            }
        }
    }

    if let Some(charge) = &policy.late_charge {
        let known = card.ledger().effective(last_day);
        let mut consecutive = 0u32;
        // Statement dates of the cycles charged the first-violation amount:
        // a repeat is a violation within the six billing cycles after one
        // of those (Reg Z 1026.52(b)(1)(ii)(B)), so a repeat fee does not
        // start a window of its own. Cycles are monthly and counted by
        // date, not by statements (none is issued for a cycle with no
        // balance).
        let mut first_fee_cycles: Vec<NaiveDate> = Vec::new();
        for (i, st) in statements.iter().enumerate() {
            let Some(day) = st.due_date().succ_opt() else {
                continue;
            };
            if day >= to {
                // Statements are in date order: no later fee is in the window.
                break;
            }
            // What the account's replay (older minimums first) leaves of
            // the minimums of this statement and those before it: the
            // required payment when the statement is issued, and what is
            // still unpaid at the end of its due date.
            let minimum = owed_minimums(card, &known, i, st.statement_date(), last_day)?;
            let unpaid = owed_minimums(card, &known, i, st.due_date(), last_day)?;
            if unpaid.is_zero() {
                consecutive = 0;
                continue;
            }
            consecutive += 1;
            let (rule, base, rate, uncapped, amount, capped_by, floor) = match charge {
                CardLateCharge::PercentOfUnpaidMinimum {
                    rule,
                    rate,
                    escalated_rate,
                    escalate_after,
                    floor,
                } => {
                    let r = if *escalate_after > 0 && consecutive >= *escalate_after {
                        *escalated_rate
                    } else {
                        *rate
                    };
                    let mut fee = mul_div_round(unpaid, r, 1, dp, policy.rounding)?.max(*floor);
                    // A floor of fewer places (10) is shown at the
                    // currency's (10.00), as any other fee is.
                    if fee.scale() < dp {
                        fee.rescale(dp);
                    }
                    (rule, unpaid, Some(r), fee, fee, None, Some(*floor))
                }
                CardLateCharge::UsSafeHarbor { rule, table } => {
                    let at = st.statement_date();
                    // Within the next six monthly cycles: the sixth closes
                    // six months on, give or take the four days a cycle's
                    // closing date may vary (Reg Z 1026.2(a)(4)), at both
                    // ends: the first violation's cycle may have closed
                    // four days early and the sixth four days late. So a
                    // cycle closing on 28 February is followed, six cycles
                    // on, by one closing on 31 August, and a seventh
                    // closing a day early (a month later) is not a repeat.
                    let repeat = first_fee_cycles.iter().any(|&c| {
                        c < at
                            && add_months_clamped(c, 6)
                                .and_then(|e| e.checked_add_days(chrono::Days::new(8)))
                                .is_some_and(|end| at <= end)
                    });
                    // Only a fee imposed starts a window: a first-violation
                    // amount of 0.00 (an issuer waiving first late fees)
                    // imposes none, nor does a fee cut to 0.00 by a
                    // required payment of zero (a statement that required
                    // nothing, owed again through a later chargeback).
                    // Before the table's first row the amount is not
                    // known, and a fee is taken as imposed.
                    let imposed = !minimum.is_zero()
                        && table.on(st.due_date()).map_or(true, |r| !r.first.is_zero());
                    if !repeat && imposed {
                        first_fee_cycles.push(at);
                    }
                    // Earlier statements only decide first or repeat: their
                    // amounts (a history before the first safe-harbor row
                    // included) are not needed.
                    if day < from || day >= to {
                        continue;
                    }
                    let row = table.on(st.due_date())?;
                    let fee = if repeat { row.repeat } else { row.first };
                    // Never more than the minimum payment due: the whole
                    // required payment (past-due minimums included).
                    let (amount, by) = if fee > minimum {
                        (minimum, Some("us.reg_z.fee_le_violation_amount".to_owned()))
                    } else {
                        (fee, None)
                    };
                    // The record's base is the table's amount (first or
                    // repeat), so `uncapped` is its base, as for a flat fee.
                    (rule, fee, None, fee, amount, by, None)
                }
            };
            if day < from || day >= to {
                continue;
            }
            out.push(Accrual {
                kind: AccrualKind::LateFee,
                component: Component::Fee,
                installment: u32::try_from(i + 1).unwrap_or(u32::MAX),
                from: day,
                to: day.succ_opt().unwrap_or(day),
                base: money(base),
                rate,
                days: 0,
                basis: 0,
                day_count: None,
                posting: Posting::Daily,
                rounding: policy.rounding,
                uncapped: money(uncapped),
                amount: money(amount),
                rule: RuleId::new(&rule.id),
                capped_by: capped_by.map(RuleId::from),
                fee_min: floor.map(money),
                fee_max: None,
                released_from: None,
            });
        }
    }
    out.sort_by_key(|r| (r.from, r.installment));
    Ok(out)
}

/// The minimums of statements `0..=i` still owed at the end of `as_of`,
/// as the account's replay applies the transactions `known` (as known at
/// the end of the window: a payment reversed since counts as never made)
/// oldest minimum first, with the minimums revised by the charges reversed
/// up to `revised_by`.
fn owed_minimums(
    card: &CardAccount,
    known: &[&Transaction],
    i: usize,
    as_of: NaiveDate,
    revised_by: NaiveDate,
) -> Result<Decimal> {
    let pos = card.position_revised(known, as_of, revised_by)?;
    let mut owed = Decimal::ZERO;
    for inst in pos.installments().iter().take(i + 1) {
        let o = inst.outstanding().total()?.amount();
        owed = owed
            .checked_add(o)
            .ok_or_else(|| Error::overflow("add", owed, o))?;
    }
    Ok(owed)
}

#[cfg(test)]
mod tests;
