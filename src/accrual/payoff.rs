//! Payoff quotes: what closes a loan on a date, and the transactions that
//! close it.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use super::engine::accrue;
use super::policy::AccrualPolicy;
use crate::allocation::DueType;
use crate::error::{Error, Result};
use crate::loan::{Breakdown, Component, Loan, Position, Transaction, TxId, TxKind};
use crate::money::Money;

/// The rule id of the waivers [`Payoff::transactions`] makes: interest
/// scheduled on installments not yet due that the payoff does not ask for.
pub const UNEARNED_INTEREST_RULE: &str = "payoff.unearned_interest";

/// What a payment value-dated `as_of` must be to close the loan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payoff {
    /// The value date of the payment.
    pub as_of: NaiveDate,
    /// Owed by component: everything fallen due by `as_of` (with the
    /// penalties and fees charged before it), all principal not yet due,
    /// the penalties and fees charged before `as_of` to installments not
    /// yet due (a fee charged early, or naming a later installment),
    /// contractual interest accrued in the current period and interest
    /// charged to installments not yet due, less interest already paid on
    /// those installments.
    pub by_component: Breakdown,
    /// The part of `by_component.interest` on installments not yet due.
    pub accrued_interest: Money,
    /// Credit balance held for the debtor (already subtracted from `total`).
    pub credit: Money,
    /// Amount to pay: what is owed less the credit, rounded up to the
    /// currency's minor unit (never negative).
    pub total: Money,
    /// Per installment not yet due (by number), the interest the book holds
    /// on it that the quote does not ask for: the schedule's interest of
    /// later periods and of the current period's days still to come. It is
    /// waived when the loan is paid off ([`Payoff::transactions`]).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub unearned_interest: BTreeMap<u32, Money>,
}

impl Payoff {
    /// The transactions that close the loan under `policy` (the quote's),
    /// to record in this order: one waiver of interest
    /// ([`UNEARNED_INTEREST_RULE`]) per installment with unearned interest,
    /// ids `{id}.w{installment}`, then the repayment of
    /// [`total`](Payoff::total) with id `id` (none if the total is zero),
    /// all value-dated `as_of`. Recorded on the loan the quote was made for,
    /// with no other transaction after them, they leave nothing owed.
    ///
    /// ```
    /// # use arrears::accrual::{accrue, payoff, AccrualPolicy, LprTable};
    /// # use arrears::loan::{Loan, LoanTerms, RepaymentMethod};
    /// # use arrears::money::{Currency, Money, Rate};
    /// # use chrono::NaiveDate;
    /// # use rust_decimal::Decimal;
    /// # fn main() -> Result<(), arrears::Error> {
    /// let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
    /// let mut loan = Loan::new(LoanTerms::new(
    ///     "L1",
    ///     Money::new(Decimal::from(12_000), Currency::CNY),
    ///     d(1, 10),
    ///     Rate::from_percent(Decimal::from(12))?,
    ///     RepaymentMethod::EqualPrincipal,
    ///     12,
    ///     d(2, 10),
    /// ))?;
    /// // `cn`, its LPR table (published to 2025-08-20) checked through 2026.
    /// let lpr = LprTable::published().with_valid_through(d(12, 31))?;
    /// let policy = AccrualPolicy::cn().with_lpr_table(lpr)?;
    /// let quote = payoff(&loan, d(3, 1), &policy)?;
    /// for tx in quote.transactions("PAYOFF", &policy)? {
    ///     loan.record(tx)?;
    /// }
    /// assert!(payoff(&loan, d(3, 2), &policy)?.total.is_zero());
    /// // Under the policy (its penalties included) nothing is owed or left over.
    /// let after = accrue(&loan, d(3, 1), d(3, 2), &policy)?.position;
    /// assert!(after.outstanding().total()?.is_zero() && after.credit().is_zero());
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::InvalidField`] naming
    /// - `id` if it, or a waiver id made from it, is not a valid
    ///   transaction id;
    /// - `credit` if the loan holds a credit balance beside what is owed
    ///   (the ledger applies credit only to charges and chargebacks posted
    ///   after it, so a payment of the quote net of it could leave the rest
    ///   open); refund it or take it back out of the ledger first;
    /// - `waterfall` if the policy's waterfall does not take principal and
    ///   interest in advance: a repayment could not pay the installments
    ///   not yet due.
    pub fn transactions(&self, id: &str, policy: &AccrualPolicy) -> Result<Vec<Transaction>> {
        TxId::new(id)?;
        // A loan paid off and overpaid owes nothing: its credit is a
        // refund, not in the way of a payment.
        if self.credit.is_positive() && self.total.is_positive() {
            return Err(Error::invalid(
                "credit",
                self.credit,
                "a credit balance sits beside what is owed: refund it or take it out first",
            ));
        }
        let takes = |c: Component| {
            policy
                .waterfall()
                .rules()
                .iter()
                .any(|r| r.due_type == DueType::InAdvance && r.component == c)
        };
        if !(takes(Component::Principal) && takes(Component::Interest)) {
            return Err(Error::invalid(
                "waterfall",
                policy.waterfall().id(),
                "does not take principal and interest in advance: a repayment cannot pay off the installments not yet due",
            ));
        }
        if let Some(seq) = self.unearned_interest.keys().next_back() {
            TxId::new(format!("{id}.w{seq}")).map_err(|_| {
                Error::invalid("id", id, "too long for the waiver ids made from it")
            })?;
        }
        let mut txs: Vec<Transaction> = self
            .unearned_interest
            .iter()
            .filter(|(_, m)| m.is_positive())
            .map(|(seq, m)| {
                Transaction::new(
                    &format!("{id}.w{seq}"),
                    self.as_of,
                    TxKind::Waiver {
                        component: Component::Interest,
                        amount: *m,
                        installment: Some(*seq),
                        rule: Some(UNEARNED_INTEREST_RULE.to_owned()),
                    },
                )
            })
            .collect();
        if self.total.is_positive() {
            txs.push(Transaction::repayment(id, self.as_of, self.total));
        }
        Ok(txs)
    }
}

/// Quotes the payoff: what a payment value-dated `as_of` must be to close
/// the loan.
///
/// The engine applies a day's transactions before that day's charges, so
/// the quote counts every transaction dated up to `as_of` and the
/// penalties and fees charged before `as_of` (under `policy`, see
/// [`accrue`]), not those that would fall on `as_of` (the payment prevents
/// them). Contractual interest of the current period accrues on the
/// principal not yet due from the period's start to `as_of` (actual days,
/// the loan's day count, `as_of` itself not included), at most the
/// schedule's interest for the period; interest charged to installments
/// not yet due is owed too; interest already paid or waived on
/// installments not yet due is deducted from what is owed on them (not
/// refunded beyond it). The rest of the schedule's interest on
/// installments not yet due is not owed:
/// [`unearned_interest`](Payoff::unearned_interest) lists it and
/// [`Payoff::transactions`] waives it. What an annualised cap holds under
/// [`CapExcess::Deferred`](super::CapExcess::Deferred) is not owed either:
/// paying the quote pays every installment up, which drops it.
///
/// The current period's interest is computed on the principal not yet due
/// at the end of `as_of` for the whole period: principal prepaid within
/// the period earns no interest for the days before its prepayment.
///
/// # Errors
///
/// [`Error::InvalidField`] naming `as_of` if it is before the
/// disbursement date; [`Error::DateOutOfRange`] naming it if it is the
/// last representable date; otherwise as [`accrue`].
pub fn payoff(loan: &Loan, as_of: NaiveDate, policy: &AccrualPolicy) -> Result<Payoff> {
    let disbursed = loan.terms().disbursement_date();
    if as_of < disbursed {
        return Err(Error::invalid(
            "as_of",
            as_of,
            format!("is before the disbursement date `{disbursed}`"),
        ));
    }
    let end = as_of
        .succ_opt()
        .ok_or_else(|| Error::date_out_of_range("as_of", as_of))?;
    // The day `as_of` alone: its records are what the engine charges after
    // that day's transactions, which a payment on the day prevents.
    let report = accrue(loan, as_of, end, policy)?;
    let currency = loan.currency();
    let mut day_charges: BTreeMap<u32, Breakdown> = BTreeMap::new();
    for r in &report.records {
        day_charges
            .entry(r.installment)
            .or_insert_with(|| Breakdown::zero(currency))
            .add(r.component, r.amount.amount())?;
    }
    let pos = &report.position;
    let mut owed = Breakdown::zero(currency);
    let mut accrued = Decimal::ZERO;
    let mut unearned = BTreeMap::new();
    let mut current_found = false;
    for (inst, row) in pos.installments().iter().zip(loan.schedule()) {
        let outstanding = match day_charges.get(&inst.seq()) {
            Some(charged) => inst.outstanding().checked_sub(charged)?,
            None => *inst.outstanding(),
        };
        if inst.due_date() <= as_of {
            owed = owed.checked_add(&outstanding)?;
            continue;
        }
        for c in [Component::Principal, Component::Penalty, Component::Fee] {
            owed.add(c, outstanding.amount(c))?;
        }
        let scheduled = row.interest().amount();
        let earned = if current_found {
            Decimal::ZERO
        } else {
            current_found = true;
            current_interest(loan, pos, as_of, row.period_start(), policy)?.min(scheduled)
        };
        // Interest charged beyond the schedule is owed as charged.
        let charged = inst
            .due()
            .amount(Component::Interest)
            .checked_sub(scheduled)
            .ok_or_else(|| {
                Error::overflow(
                    "subtract",
                    inst.due().amount(Component::Interest),
                    scheduled,
                )
            })?
            .max(Decimal::ZERO);
        let settled = inst
            .paid()
            .amount(Component::Interest)
            .checked_add(inst.waived().amount(Component::Interest))
            .ok_or_else(|| {
                Error::overflow(
                    "add",
                    inst.paid().amount(Component::Interest),
                    inst.waived().amount(Component::Interest),
                )
            })?;
        let open = outstanding.amount(Component::Interest);
        let wanted = earned
            .checked_add(charged)
            .and_then(|w| w.checked_sub(settled))
            .ok_or_else(|| Error::overflow("add", earned, charged))?
            .max(Decimal::ZERO)
            .min(open);
        owed.add(Component::Interest, wanted)?;
        accrued = accrued
            .checked_add(wanted)
            .ok_or_else(|| Error::overflow("add", accrued, wanted))?;
        let rest = open
            .checked_sub(wanted)
            .ok_or_else(|| Error::overflow("subtract", open, wanted))?;
        if rest > Decimal::ZERO {
            unearned.insert(inst.seq(), Money::new(rest, currency));
        }
    }
    let gross = owed.total()?;
    let total = gross.checked_sub(pos.credit())?;
    // Payable in the currency's minor units: a fee bound configured with
    // more places can leave the exact amount between two of them.
    let total = if total.is_negative() {
        Money::zero(currency)
    } else {
        Money::new(
            total.amount().round_dp_with_strategy(
                currency.minor_units(),
                RoundingStrategy::ToPositiveInfinity,
            ),
            currency,
        )
    };
    Ok(Payoff {
        as_of,
        by_component: owed,
        accrued_interest: Money::new(accrued, currency),
        credit: pos.credit(),
        total,
        unearned_interest: unearned,
    })
}

/// Contractual interest of the current period, from `period_start` to
/// `as_of`, on the principal not yet due, rounded by the policy.
fn current_interest(
    loan: &Loan,
    pos: &Position,
    as_of: NaiveDate,
    period_start: NaiveDate,
    policy: &AccrualPolicy,
) -> Result<Decimal> {
    if as_of <= period_start {
        return Ok(Decimal::ZERO);
    }
    let balance: Decimal = pos
        .installments()
        .iter()
        .filter(|i| i.due_date() > as_of)
        .map(|i| i.outstanding().amount(Component::Principal))
        .fold(Decimal::ZERO, Decimal::saturating_add);
    let raw = loan.terms().day_count().accrue(
        balance,
        loan.terms().rate().annual(),
        period_start,
        as_of,
    )?;
    Ok(policy.rounding().round(raw, loan.currency().minor_units()))
}
