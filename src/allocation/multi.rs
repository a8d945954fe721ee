//! One payment over several debts: `cn.civil_code.art560`,
//! `us.reg_z.1026_53.*` and `us.reg_f.1006_30c`.

use std::cmp::Ordering;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{exact_add as add, exact_sub as sub, in_currency};
use crate::delinquency::RuleStatus;
use crate::error::{Error, Result};
use crate::money::Money;

/// One debt (or one card balance) competing for a payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Debt {
    /// Unique id, reported back in [`MultiDebtAllocation::parts`].
    pub id: String,
    /// True if the debt has fallen due.
    pub matured: bool,
    /// True if the debtor disputes it. Under
    /// [`MultiDebtRule::CivilCode560`] nothing is ever applied to it
    /// (`us.reg_f.1006_30c`, a collector's rule); under
    /// [`MultiDebtRule::RegZHighestApr`] it is paid last, once every
    /// undisputed balance is paid in full (`us.reg_z.1026_53.disputed`, an
    /// issuer's rule for disputed card balances).
    pub disputed: bool,
    /// How well secured the debt is; higher is more secured, 0 unsecured.
    /// Under Reg Z a secured balance (above 0) is one a consumer may ask the
    /// excess to go to.
    pub security: u32,
    /// Annual rate (APR for card balances), as a fraction (`"0.2499"`): the
    /// proxy for how burdensome the debt is.
    #[serde(with = "crate::money::serde_str")]
    pub annual_rate: Decimal,
    /// Maturity date.
    pub maturity: NaiveDate,
    /// What is owed; must not be negative.
    pub outstanding: Money,
    /// For a deferred-interest card balance: the number of billing cycles
    /// until the deferral expires, counting the current one (`Some(1)` =
    /// expires at the end of this cycle). `None` for ordinary balances;
    /// `Some(0)`, a deferral that has expired, is one too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deferred_interest_expires_in_cycles: Option<u32>,
}

/// How [`allocate_across_debts`] orders debts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum MultiDebtRule {
    /// `cn.civil_code.art560` (民法典 第五百六十条) `[V]`, with "more
    /// burdensome" read as "higher `annual_rate`" (interp. `[U]`): the
    /// debtor's designation first, then matured before unmatured, least
    /// security first, higher rate first, earliest maturity first, and pro
    /// rata by outstanding among debts equal on all of these. The same order
    /// is used among unmatured debts (interp. `[U]`).
    CivilCode560,
    /// `us.reg_z.1026_53.excess_highest_apr` `[V]` for card balances. The
    /// first `minimum` of the payment (the required minimum payment, whose
    /// allocation 1026.53 leaves to the issuer) goes **lowest APR first**;
    /// the excess goes **highest APR first**. A deferred-interest balance
    /// ranks as 0 % APR, except when its deferral expires within two cycles
    /// (`deferred_interest_expires_in_cycles` ≤ 2), when the excess goes to
    /// it first (`us.reg_z.1026_53.deferred_interest`). Equal APRs: earliest
    /// maturity, then input order. A designation is the consumer's request
    /// for the excess, which the issuer may follow (the same rule): it may
    /// name deferred-interest balances (a deferral not yet expired) and
    /// secured ones (`security` above 0), and the excess goes to them first,
    /// in its order, then as above.
    RegZHighestApr {
        /// The required minimum payment.
        minimum: Money,
    },
}

/// The result of [`allocate_across_debts`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MultiDebtAllocation {
    /// `(debt id, amount)`, one entry per debt paid, in the order each debt
    /// was first paid; zero amounts omitted.
    pub parts: Vec<(String, Money)>,
    /// What was not applied: money no debt could take.
    pub unapplied: Money,
    /// Ids of disputed debts that received nothing (`us.reg_f.1006_30c`;
    /// under Reg Z, those the payment did not reach).
    pub skipped: Vec<String>,
    /// The rule id followed (`cn.civil_code.art560` or
    /// `us.reg_z.1026_53.excess_highest_apr`).
    pub rule: String,
    /// Its status: `[U]` for `cn.civil_code.art560` (the burden proxy is an
    /// interpretation), `[V]` for Reg Z.
    pub status: RuleStatus,
}

/// Splits one payment over several debts of one currency.
///
/// Under [`MultiDebtRule::CivilCode560`] disputed debts never receive
/// anything, even when designated (Reg F 1006.30(c) is the stricter rule);
/// under [`MultiDebtRule::RegZHighestApr`] they are paid last, after every
/// undisputed balance, in the excess order (Reg Z 1026.53: the disputed
/// portion gets money last). Disputed debts that received nothing are
/// listed in [`skipped`](MultiDebtAllocation::skipped). Under
/// [`MultiDebtRule::CivilCode560`] the debts named in `designation` are paid
/// first, in that order, each in full before the next, and the rest follow
/// the default order; under [`MultiDebtRule::RegZHighestApr`] a designation
/// is the consumer's request for the excess over the minimum, which may
/// name only deferred-interest and secured balances. Whatever no undisputed
/// debt can take is returned as [`unapplied`](MultiDebtAllocation::unapplied),
/// so `sum(parts) + unapplied == payment` exactly: nothing is rounded.
///
/// # Errors
///
/// - [`Error::InvalidField`] `payment` if it is not positive, `minimum` if
///   negative or in another currency, `debts[i].id` if an id is empty or
///   repeated, `debts[i].outstanding` if negative or in another currency,
///   `debts[i].annual_rate` if negative, `designation[i]` if it names no
///   debt or, under Reg Z, a balance neither deferred-interest nor secured;
/// - [`Error::Overflow`] if a sum or difference has more digits than a
///   `Decimal` holds (it would have to be rounded).
pub fn allocate_across_debts(
    payment: Money,
    debts: &[Debt],
    designation: Option<&[String]>,
    rule: MultiDebtRule,
) -> Result<MultiDebtAllocation> {
    if !payment.is_positive() {
        return Err(Error::invalid(
            "payment",
            payment,
            "payment must be positive",
        ));
    }
    let cur = payment.currency();
    for (i, d) in debts.iter().enumerate() {
        if d.id.trim().is_empty() {
            return Err(Error::invalid(
                format!("debts[{i}].id"),
                &d.id,
                "debt id must not be empty",
            ));
        }
        if let Some(j) = debts[..i].iter().position(|e| e.id == d.id) {
            return Err(Error::invalid(
                format!("debts[{i}].id"),
                &d.id,
                format!("duplicate debt id, already used by `debts[{j}]`"),
            ));
        }
        in_currency(
            || format!("debts[{i}].outstanding"),
            d.outstanding.currency(),
            cur,
        )?;
        if d.outstanding.is_negative() {
            return Err(Error::invalid(
                format!("debts[{i}].outstanding"),
                d.outstanding,
                "outstanding amount must not be negative",
            ));
        }
        // It orders the debts (the burden under Art. 560, the APR under
        // Reg Z): a negative rate would rank a debt below every real one.
        if d.annual_rate.is_sign_negative() && !d.annual_rate.is_zero() {
            return Err(Error::invalid(
                format!("debts[{i}].annual_rate"),
                d.annual_rate,
                "annual rate must not be negative",
            ));
        }
    }
    let designation = designation.unwrap_or(&[]);
    let mut order: Vec<usize> = Vec::with_capacity(debts.len());
    let mut out = Out {
        debts,
        owed: debts.iter().map(|d| d.outstanding.amount().abs()).collect(),
        left: payment.amount(),
        parts: Vec::new(),
    };
    let (id, status) = match rule {
        MultiDebtRule::CivilCode560 => {
            for (i, name) in designation.iter().enumerate() {
                match debts.iter().position(|d| &d.id == name) {
                    Some(k) => {
                        if !order.contains(&k) {
                            order.push(k);
                        }
                    }
                    None => {
                        return Err(Error::invalid(
                            format!("designation[{i}]"),
                            name,
                            "no debt has this id",
                        ))
                    }
                }
            }
            for k in &order {
                out.fill(*k)?;
            }
            let mut rest: Vec<usize> = (0..debts.len()).filter(|k| !order.contains(k)).collect();
            rest.sort_by(|a, b| art560_key(&debts[*a], &debts[*b]));
            let mut start = 0;
            while start < rest.len() {
                let tie = rest[start..]
                    .iter()
                    .take_while(|k| art560_key(&debts[rest[start]], &debts[**k]).is_eq())
                    .count();
                out.pro_rata(&rest[start..start + tie])?;
                start += tie;
            }
            ("cn.civil_code.art560", RuleStatus::Unverified)
        }
        MultiDebtRule::RegZHighestApr { minimum } => {
            // `us.reg_z.1026_53.deferred_interest`: the issuer may follow
            // the consumer's request for the excess, to a deferred-interest
            // or a secured balance.
            let mut requested: Vec<usize> = Vec::with_capacity(designation.len());
            for (i, name) in designation.iter().enumerate() {
                let Some(k) = debts.iter().position(|d| &d.id == name) else {
                    return Err(Error::invalid(
                        format!("designation[{i}]"),
                        name,
                        "no debt has this id",
                    ));
                };
                if !requestable(&debts[k]) {
                    return Err(Error::invalid(
                        format!("designation[{i}]"),
                        name,
                        "under Reg Z a consumer's request may direct the excess only to a \
                         deferred-interest or a secured balance",
                    ));
                }
                if !requested.contains(&k) {
                    requested.push(k);
                }
            }
            in_currency(|| "minimum".to_owned(), minimum.currency(), cur)?;
            if minimum.is_negative() {
                return Err(Error::invalid(
                    "minimum",
                    minimum,
                    "minimum payment must not be negative",
                ));
            }
            order.extend(0..debts.len());
            // The minimum: lowest effective APR first.
            order.sort_by(|a, b| {
                apr_for_minimum(&debts[*a])
                    .cmp(&apr_for_minimum(&debts[*b]))
                    .then(debts[*a].maturity.cmp(&debts[*b].maturity))
            });
            let excess = sub(out.left, minimum.amount())?.max(Decimal::ZERO);
            // Hold the excess back while the minimum is applied.
            out.left = sub(out.left, excess)?;
            for k in &order {
                out.fill(*k)?;
            }
            out.left = add(out.left, excess)?;
            // The consumer's request, in its order.
            for k in &requested {
                out.fill(*k)?;
            }
            // The excess: highest rank first.
            order.sort_by(|a, b| {
                excess_rank(&debts[*b])
                    .cmp(&excess_rank(&debts[*a]))
                    .then(debts[*a].maturity.cmp(&debts[*b].maturity))
                    .then(a.cmp(b))
            });
            for k in &order {
                out.fill(*k)?;
            }
            // `us.reg_z.1026_53.disputed`: the disputed balances last.
            for k in &order {
                out.fill_disputed(*k)?;
            }
            ("us.reg_z.1026_53.excess_highest_apr", RuleStatus::Verified)
        }
    };
    let skipped = debts
        .iter()
        .enumerate()
        .filter(|(k, d)| d.disputed && !out.parts.iter().any(|(j, _)| j == k))
        .map(|(_, d)| d.id.clone())
        .collect();
    Ok(MultiDebtAllocation {
        parts: out
            .parts
            .into_iter()
            .map(|(k, a)| (debts[k].id.clone(), Money::new(a, cur)))
            .collect(),
        unapplied: Money::new(out.left, cur),
        skipped,
        rule: id.to_owned(),
        status,
    })
}

/// Art. 560 default order: matured first, least security, highest rate,
/// earliest maturity. `Equal` means "pro rata together".
fn art560_key(a: &Debt, b: &Debt) -> Ordering {
    b.matured
        .cmp(&a.matured)
        .then(a.security.cmp(&b.security))
        .then(b.annual_rate.cmp(&a.annual_rate))
        .then(a.maturity.cmp(&b.maturity))
}

/// Deferred-interest balances rank as 0 % for the minimum.
fn apr_for_minimum(d: &Debt) -> Decimal {
    match d.deferred_interest_expires_in_cycles {
        Some(n) if n > 0 => Decimal::ZERO,
        _ => d.annual_rate,
    }
}

/// Whether a consumer may ask for the excess to go to `d` first: a
/// deferred-interest balance whose deferral has not expired, or a secured
/// balance (`us.reg_z.1026_53.deferred_interest`).
fn requestable(d: &Debt) -> bool {
    d.security > 0 || d.deferred_interest_expires_in_cycles.is_some_and(|n| n > 0)
}

/// Rank for the excess: (expiring deferred balance first, APR).
fn excess_rank(d: &Debt) -> (bool, Decimal) {
    match d.deferred_interest_expires_in_cycles {
        Some(0) | None => (false, d.annual_rate),
        Some(n) if n <= 2 => (true, d.annual_rate),
        Some(_) => (false, Decimal::ZERO),
    }
}

struct Out<'a> {
    debts: &'a [Debt],
    owed: Vec<Decimal>,
    left: Decimal,
    /// (debt index, amount), merged per debt.
    parts: Vec<(usize, Decimal)>,
}

impl Out<'_> {
    fn give(&mut self, k: usize, amount: Decimal) -> Result<()> {
        if amount.is_zero() {
            return Ok(());
        }
        self.owed[k] = sub(self.owed[k], amount)?;
        self.left = sub(self.left, amount)?;
        match self.parts.iter_mut().find(|(j, _)| *j == k) {
            Some((_, a)) => *a = add(*a, amount)?,
            None => self.parts.push((k, amount)),
        }
        Ok(())
    }

    fn payable(&self, k: usize) -> Decimal {
        if self.debts[k].disputed {
            Decimal::ZERO
        } else {
            self.owed[k]
        }
    }

    /// Pays debt `k` as fully as the money left allows.
    fn fill(&mut self, k: usize) -> Result<()> {
        let amount = self.payable(k).min(self.left);
        self.give(k, amount)
    }

    /// Pays disputed debt `k` as fully as the money left allows (Reg Z:
    /// last, after every undisputed balance).
    fn fill_disputed(&mut self, k: usize) -> Result<()> {
        if !self.debts[k].disputed {
            return Ok(());
        }
        let amount = self.owed[k].min(self.left);
        self.give(k, amount)
    }

    /// Pays a tie group pro rata by what each owes, keeping every minor
    /// unit; a debt never gets more than it owes.
    fn pro_rata(&mut self, group: &[usize]) -> Result<()> {
        let total = group
            .iter()
            .try_fold(Decimal::ZERO, |acc, k| add(acc, self.payable(*k)))?;
        if total.is_zero() || self.left.is_zero() {
            return Ok(());
        }
        if total <= self.left || group.len() == 1 {
            for k in group {
                self.fill(*k)?;
            }
            return Ok(());
        }
        let ratios: Vec<Decimal> = group.iter().map(|k| self.payable(*k)).collect();
        let cur = self.debts[group[0]].outstanding.currency();
        let shares = Money::new(self.left, cur).allocate(&ratios)?;
        for (k, share) in group.iter().zip(shares) {
            let amount = share.amount().min(self.payable(*k));
            self.give(*k, amount)?;
        }
        // Rounding at a finer scale than the shares can leave a unit over:
        // it goes to the group's debts in order.
        for k in group {
            self.fill(*k)?;
        }
        Ok(())
    }
}
