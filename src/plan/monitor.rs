//! Monitoring as of a date, from the ledger: promises to pay, plans on track
//! or in default, claw-back of waivers on default, and the re-aging limit.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::delinquency::RuleStatus;
use crate::error::{Error, Result, Validator};
use crate::loan::{Breakdown, Component, Ledger, Transaction, TxId, TxKind};
use crate::money::Money;

mod missed;

pub use missed::MissedCount;

/// How much slack a payment gets before it counts as short or late.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tolerance {
    /// A shortfall up to this amount still counts as paid.
    #[serde(with = "crate::money::serde_str")]
    pub amount: Decimal,
    /// Days after the due date a payment may arrive and still count.
    pub days: u32,
}

/// A promise to pay (PTP).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Promise {
    /// The amount promised.
    pub amount: Money,
    /// The date promised.
    pub date: NaiveDate,
    /// When the promise was made: payments from this day on count.
    pub made_on: NaiveDate,
    /// The day the promise was cancelled (withdrawn, or replaced by a
    /// plan), if it was: from then on it is neither kept nor broken.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancelled_on: Option<NaiveDate>,
}

/// Where a promise stands (RULES.md §4: pending, kept, broken, cancelled).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
#[non_exhaustive]
pub enum PromiseStatus {
    /// Not yet due (or within the day tolerance) and not yet fully paid.
    Pending {
        /// Paid so far.
        paid: Money,
    },
    /// Paid in full (within the amount tolerance) by the date plus the day
    /// tolerance. It stays kept if a payment that kept it is reversed
    /// later (a bounced payment re-opens the debt, not the promise).
    Kept {
        /// The day the promise became kept.
        on: NaiveDate,
        /// Paid towards it on that day.
        paid: Money,
    },
    /// The window passed without the promised amount: nothing, or only
    /// part of it, was paid (a partial payment does not keep a promise
    /// beyond the amount tolerance).
    Broken {
        /// Paid towards it.
        paid: Money,
        /// What was missing.
        short: Money,
    },
    /// Cancelled before it was kept or broken.
    Cancelled {
        /// The day it was cancelled.
        on: NaiveDate,
        /// Paid towards it by then.
        paid: Money,
    },
}

impl PromiseStatus {
    /// The kept rate of `statuses`: kept ÷ (kept + broken), pending and
    /// cancelled promises left out; `None` if none is kept or broken yet.
    pub fn kept_rate<'a>(statuses: impl IntoIterator<Item = &'a PromiseStatus>) -> Option<Decimal> {
        let (mut kept, mut decided) = (0u64, 0u64);
        for s in statuses {
            match s {
                PromiseStatus::Kept { .. } => {
                    kept += 1;
                    decided += 1;
                }
                PromiseStatus::Broken { .. } => decided += 1,
                PromiseStatus::Pending { .. } | PromiseStatus::Cancelled { .. } => {}
            }
        }
        (decided > 0).then(|| Decimal::from(kept) / Decimal::from(decided))
    }
}

/// The repayments recorded up to `as_of`, reversed or not, each with the
/// day its reversal takes effect (if on or before `as_of`), in value-date
/// order.
fn repayments_and_reversals(ledger: &Ledger, as_of: NaiveDate) -> Vec<Pay> {
    let txs = ledger.transactions();
    // Each payment's first reversal (in recording order) in effect by
    // `as_of`, looked up once: a scan per payment was quadratic.
    let mut reversed: std::collections::HashMap<&TxId, NaiveDate> =
        std::collections::HashMap::new();
    for r in txs.iter().filter(|r| r.value_date() <= as_of) {
        if let TxKind::Reversal { of } = r.kind() {
            reversed.entry(of).or_insert(r.value_date());
        }
    }
    let mut out: Vec<Pay> = txs
        .iter()
        .filter(|t| t.value_date() <= as_of)
        .filter_map(|t| match t.kind() {
            TxKind::Repayment { amount } => Some((
                t.value_date(),
                amount.amount(),
                reversed.get(t.id()).copied(),
            )),
            _ => None,
        })
        .collect();
    out.sort_by_key(|p| p.0);
    out
}

/// A repayment: its value date, amount and the day its reversal takes
/// effect, if it is reversed.
type Pay = (NaiveDate, Decimal, Option<NaiveDate>);

/// The status of `promise` at the end of `as_of`, as a monitor run every
/// day would have marked it (RULES.md §4).
///
/// - Kept on the first day on which the payments made from `made_on` up
///   to that day, less those reversed by then, reach the promised amount
///   less the amount tolerance, if that day is within the date plus the day
///   tolerance. A reversal on a later day does not un-keep it: the bounced
///   payment re-opens the debt, not the promise.
/// - Broken once that window has passed without it being kept, whether
///   nothing or only part was paid.
/// - Cancelled from `cancelled_on` if not kept or broken before.
/// - Pending otherwise.
///
/// # Errors
///
/// [`Error::InvalidField`] if the promise is dated before it was made, is
/// cancelled before it was made, its amount is not positive or finer than
/// the minor unit, or in another currency than the ledger
/// (`ledger.currency`); if the tolerance is negative (`tolerance.amount`),
/// or its days take the window beyond the calendar (`tolerance.days`). A
/// tolerance of the whole promise or more still needs a payment of one
/// minor unit to keep it.
pub fn promise_status(
    promise: &Promise,
    ledger: &Ledger,
    as_of: NaiveDate,
    tolerance: Tolerance,
) -> Result<PromiseStatus> {
    if promise.date < promise.made_on {
        return Err(Error::invalid(
            "promise.date",
            promise.date,
            format!("is before the day it was made `{}`", promise.made_on),
        ));
    }
    if let Some(c) = promise.cancelled_on.filter(|c| *c < promise.made_on) {
        return Err(Error::invalid(
            "promise.cancelled_on",
            c,
            format!("is before the day it was made `{}`", promise.made_on),
        ));
    }
    if !promise.amount.is_positive() || !crate::loan::fits_minor_unit(promise.amount) {
        return Err(Error::invalid(
            "promise.amount",
            promise.amount,
            "must be positive, in whole minor units",
        ));
    }
    let currency = promise.amount.currency();
    if ledger.currency() != currency {
        return Err(Error::invalid(
            "ledger.currency",
            ledger.currency(),
            format!("the promise is in {currency}"),
        ));
    }
    if tolerance.amount < Decimal::ZERO {
        return Err(Error::invalid(
            "tolerance.amount",
            tolerance.amount,
            "must not be negative",
        ));
    }
    let deadline = promise
        .date
        .checked_add_days(chrono::Days::new(u64::from(tolerance.days)))
        .ok_or_else(|| {
            Error::invalid(
                "tolerance.days",
                tolerance.days,
                format!(
                    "takes the promise date {} beyond the calendar",
                    promise.date
                ),
            )
        })?;
    // The tolerance forgives a shortfall, not the whole promise: something
    // (a minor unit at least) must be paid to keep it.
    let needed = promise
        .amount
        .amount()
        .saturating_sub(tolerance.amount)
        .max(currency.minor_unit());
    // The monitor's verdicts can only change on the days payments arrive,
    // reversals take effect, the window closes or the promise is cancelled.
    let pays = repayments_and_reversals(ledger, as_of);
    let paid_on = |day: NaiveDate| {
        pays.iter()
            .filter(|(d, _, rev)| {
                *d >= promise.made_on && *d <= day && rev.map_or(true, |r| r > day)
            })
            .fold(Decimal::ZERO, |acc, (_, x, _)| acc.saturating_add(*x))
    };
    let cancelled = promise.cancelled_on.filter(|c| *c <= as_of);
    let last = deadline
        .min(as_of)
        .min(cancelled.map_or(as_of, |c| c.pred_opt().unwrap_or(c)));
    for &(day, _, _) in &pays {
        if day < promise.made_on || day > last {
            continue;
        }
        let paid = paid_on(day);
        if paid >= needed {
            return Ok(PromiseStatus::Kept {
                on: day,
                paid: Money::new(paid, currency),
            });
        }
    }
    if let Some(on) = cancelled.filter(|c| *c <= deadline) {
        return Ok(PromiseStatus::Cancelled {
            on,
            paid: Money::new(paid_on(on), currency),
        });
    }
    if as_of <= deadline {
        return Ok(PromiseStatus::Pending {
            paid: Money::new(paid_on(as_of), currency),
        });
    }
    let paid = paid_on(deadline);
    Ok(PromiseStatus::Broken {
        paid: Money::new(paid, currency),
        short: Money::new(
            promise
                .amount
                .amount()
                .saturating_sub(paid)
                .max(Decimal::ZERO),
            currency,
        ),
    })
}

/// The longest grace period a plan installment may have: a year.
const MAX_GRACE_DAYS: u32 = 366;

/// How plans are monitored and what a default triggers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    deny_unknown_fields,
    try_from = "RawMonitorPolicy",
    into = "RawMonitorPolicy"
)]
pub struct MonitorPolicy {
    missed_for_default: u32,
    missed_count: MissedCount,
    tolerance: Tolerance,
    clawback_on_default: bool,
    clawback_rule: String,
    reage_max_per_12_months: u32,
    reage_min_consecutive_payments: u32,
    status: RuleStatus,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMonitorPolicy {
    missed_for_default: u32,
    #[serde(default)]
    missed_count: MissedCount,
    #[serde(default)]
    tolerance: Tolerance,
    clawback_on_default: bool,
    clawback_rule: String,
    reage_max_per_12_months: u32,
    reage_min_consecutive_payments: u32,
    status: RuleStatus,
}

impl TryFrom<RawMonitorPolicy> for MonitorPolicy {
    type Error = Error;
    fn try_from(r: RawMonitorPolicy) -> Result<Self> {
        MonitorPolicy::new(
            r.missed_for_default,
            r.tolerance,
            r.clawback_on_default,
            &r.clawback_rule,
            r.reage_max_per_12_months,
            r.reage_min_consecutive_payments,
        )
        .map(|p| MonitorPolicy {
            status: r.status,
            missed_count: r.missed_count,
            ..p
        })
    }
}

impl From<MonitorPolicy> for RawMonitorPolicy {
    fn from(p: MonitorPolicy) -> Self {
        RawMonitorPolicy {
            missed_for_default: p.missed_for_default,
            missed_count: p.missed_count,
            tolerance: p.tolerance,
            clawback_on_default: p.clawback_on_default,
            clawback_rule: p.clawback_rule,
            reage_max_per_12_months: p.reage_max_per_12_months,
            reage_min_consecutive_payments: p.reage_min_consecutive_payments,
            status: p.status,
        }
    }
}

impl MonitorPolicy {
    /// A monitoring policy (industry conventions, RULES.md §4 \[U\]).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPolicy`] listing every problem: zero missed
    /// installments for default, a negative tolerance or one of more than
    /// 366 days, an empty claw-back rule id when claw-back is on.
    pub fn new(
        missed_for_default: u32,
        tolerance: Tolerance,
        clawback_on_default: bool,
        clawback_rule: &str,
        reage_max_per_12_months: u32,
        reage_min_consecutive_payments: u32,
    ) -> Result<Self> {
        let mut v = Validator::default();
        if missed_for_default == 0 {
            v.push("missed_for_default", 0, "must be at least 1");
        }
        if tolerance.amount < Decimal::ZERO {
            v.push("tolerance.amount", tolerance.amount, "must not be negative");
        }
        if tolerance.days > MAX_GRACE_DAYS {
            v.push(
                "tolerance.days",
                tolerance.days,
                format!("must be at most {MAX_GRACE_DAYS} (a year)"),
            );
        }
        if clawback_on_default && clawback_rule.trim().is_empty() {
            v.push("clawback_rule", "", "a claw-back needs a rule id");
        }
        v.finish()?;
        Ok(MonitorPolicy {
            missed_for_default,
            missed_count: MissedCount::Total,
            tolerance,
            clawback_on_default,
            clawback_rule: clawback_rule.to_owned(),
            reage_max_per_12_months,
            reage_min_consecutive_payments,
            status: RuleStatus::Unverified,
        })
    }

    /// Default: two missed plan installments (5 days' grace) default the
    /// plan, waivers are clawed back (`plan.clawback`), re-aging at most once
    /// in 12 months after 3 consecutive payments (common practice \[U\]).
    pub fn standard() -> Self {
        MonitorPolicy {
            missed_for_default: 2,
            missed_count: MissedCount::Total,
            tolerance: Tolerance {
                amount: Decimal::ZERO,
                days: 5,
            },
            clawback_on_default: true,
            clawback_rule: "plan.clawback".to_owned(),
            reage_max_per_12_months: 1,
            reage_min_consecutive_payments: 3,
            status: RuleStatus::Unverified,
        }
    }

    /// [`standard`](Self::standard), but a missed installment that is made
    /// up no longer counts ([`MissedCount::InArrears`]): the `uk` preset,
    /// after CONC 7.3.3G (occasional missed payments made up within the
    /// term).
    pub fn uk() -> Self {
        MonitorPolicy::standard().with_missed_count(MissedCount::InArrears)
    }

    /// Sets which missed installments count toward the default.
    pub fn with_missed_count(mut self, count: MissedCount) -> Self {
        self.missed_count = count;
        self
    }

    /// Missed plan installments that default the plan.
    pub fn missed_for_default(&self) -> u32 {
        self.missed_for_default
    }

    /// Which missed installments count toward the default.
    pub fn missed_count(&self) -> MissedCount {
        self.missed_count
    }
    /// Tolerance per plan installment.
    pub fn tolerance(&self) -> Tolerance {
        self.tolerance
    }
    /// Whether waived amounts are reinstated on default.
    pub fn clawback_on_default(&self) -> bool {
        self.clawback_on_default
    }
    /// The rule id claw-back charges carry.
    pub fn clawback_rule(&self) -> &str {
        &self.clawback_rule
    }
    /// Re-ages allowed in any 12 months.
    pub fn reage_max_per_12_months(&self) -> u32 {
        self.reage_max_per_12_months
    }
    /// Consecutive qualifying payments needed before a re-age.
    pub fn reage_min_consecutive_payments(&self) -> u32 {
        self.reage_min_consecutive_payments
    }
    /// How well the policy's conventions are sourced (industry practice:
    /// \[U\] in the presets).
    pub fn status(&self) -> RuleStatus {
        self.status
    }
    /// Checks the policy as [`MonitorPolicy::new`] does (a policy is
    /// checked when built or read; this reports the same problems again,
    /// for a host that validates a whole bundle).
    ///
    /// # Errors
    ///
    /// As [`MonitorPolicy::new`].
    pub fn validate(&self) -> Result<()> {
        MonitorPolicy::new(
            self.missed_for_default,
            self.tolerance,
            self.clawback_on_default,
            &self.clawback_rule,
            self.reage_max_per_12_months,
            self.reage_min_consecutive_payments,
        )
        .map(|_| ())
    }
}

/// One plan installment as monitored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonitoredInstallment {
    /// 1-based number.
    pub seq: u32,
    /// Due date.
    pub due_date: NaiveDate,
    /// Amount due.
    pub amount: Money,
    /// Paid towards it (payments oldest installment first).
    pub paid: Money,
    /// Day it was fully paid (within tolerance), if it was.
    pub paid_on: Option<NaiveDate>,
    /// True if its deadline passed without full payment: its grace end,
    /// or the grace days a reversal that reopened it gave it
    /// ([`monitor_plan`]).
    pub missed: bool,
}

/// Where a plan stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
#[non_exhaustive]
pub enum PlanStatus {
    /// Not in default: fewer missed installments than the default count,
    /// or, under [`MissedCount::InArrears`], never that many unpaid at once
    /// (`missed` counts made-up ones too, so it may be larger).
    OnTrack {
        /// Installments missed so far, made up or not.
        missed: u32,
    },
    /// Defaulted: on the first day the missed installments that count
    /// ([`MissedCount`]) reached the policy's number, or the plan ran out
    /// with its last installment unpaid by its deadline, whatever the
    /// count ([`monitor_plan`]): the day after a grace period ended, or
    /// after the grace days a reversal gave a reopened installment.
    Defaulted {
        /// Default date.
        on: NaiveDate,
        /// Installments missed by the report's date, made up or not.
        missed: u32,
    },
    /// Every installment paid.
    Completed {
        /// Day the last was paid.
        on: NaiveDate,
    },
}

/// The monitor's report on a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanReport {
    /// Status.
    pub status: PlanStatus,
    /// Installment by installment.
    pub installments: Vec<MonitoredInstallment>,
    /// Ledger entries reinstating waived amounts, when the plan defaulted and
    /// the policy claws back (one charge per component, dated the default
    /// day, carrying the claw-back rule id).
    pub clawback: Vec<Transaction>,
}

/// Monitors a plan with `schedule` (due date and amount of each plan
/// installment, in order) that started on `start`, from the repayments in
/// `ledger` up to the end of `as_of`. Payments from `start` on go to plan
/// installments oldest first. `waived` is what the plan forgave; on default
/// it is reinstated if the policy says so, as charges with ids
/// `{plan_id}-CB-{component}`.
///
/// The default is what a monitor run every day would have marked: on each
/// day, from the payments in effect that day (a payment reversed later
/// counts until its reversal takes effect), the plan defaults when the
/// missed installments that count ([`MissedCount`]) reach the policy's
/// number, or when it has run out unpaid, whatever the count: its last
/// installment not paid by its deadline (a one-payment settlement not
/// paid, or paid late, defaults). An installment's deadline is its grace
/// end; an installment a reversal reopens (one paid within its grace
/// period whose payment bounced, or paid by its deadline and left unpaid
/// when another installment's payment bounced and the oldest-first
/// allocation took its payment back) is due again with the grace days from
/// the reversal, and counts as missed only if not paid by then. A reversal that reopens nothing
/// moves nothing, and a miss already made stays made. A default stays:
/// later payments do not undo it, and a reversal does not move it back in
/// time. The tolerance covers a shortfall on an installment something was
/// paid towards; a last installment no larger than it counts as paid once
/// the one before it is (a plan of one installment needs a payment).
///
/// # Errors
///
/// [`Error::InvalidField`] for an empty schedule, a schedule out of date
/// order (two installments may share a date, as a down payment and a first
/// installment due on the evaluation date do), amounts in another currency
/// than the ledger's (`ledger.currency`, `waived.currency`), not positive or
/// finer than the minor unit, a `plan_id` that would make claw-back ids no
/// ledger accepts, or a grace period beyond the calendar
/// (`tolerance.days`).
pub fn monitor_plan(
    plan_id: &str,
    schedule: &[(NaiveDate, Money)],
    waived: &Breakdown,
    start: NaiveDate,
    ledger: &Ledger,
    as_of: NaiveDate,
    policy: &MonitorPolicy,
) -> Result<PlanReport> {
    let Some(first) = schedule.first() else {
        return Err(Error::invalid(
            "schedule",
            "[]",
            "a plan needs at least one installment",
        ));
    };
    let currency = first.1.currency();
    if ledger.currency() != currency {
        return Err(Error::invalid(
            "ledger.currency",
            ledger.currency(),
            format!("the plan's schedule is in {currency}"),
        ));
    }
    if waived.currency() != currency && !waived.is_zero() {
        return Err(Error::invalid(
            "waived.currency",
            waived.currency(),
            format!("the plan's schedule is in {currency}"),
        ));
    }
    for (i, (date, amount)) in schedule.iter().enumerate() {
        if amount.currency() != currency
            || !amount.is_positive()
            || !crate::loan::fits_minor_unit(*amount)
        {
            return Err(Error::invalid(
                format!("schedule[{i}].amount"),
                amount,
                "must be positive, in one currency, in whole minor units",
            ));
        }
        // A down payment and the first installment may share a date.
        if i > 0 && *date < schedule[i - 1].0 {
            return Err(Error::invalid(
                format!("schedule[{i}].due_date"),
                date,
                "due dates must not decrease",
            ));
        }
    }
    if policy.clawback_on_default {
        let ids = std::iter::once(plan_id.to_owned())
            .chain(Component::ALL.into_iter().map(|c| clawback_id(plan_id, c)));
        for id in ids {
            TxId::new(id).map_err(|e| {
                Error::invalid(
                    "plan_id",
                    plan_id,
                    format!("gives claw-back ids no ledger accepts: {e}"),
                )
            })?;
        }
    }
    let tol = policy.tolerance;
    let mut graces = Vec::with_capacity(schedule.len());
    for (due, _) in schedule {
        graces.push(due.checked_add_days(chrono::Days::new(u64::from(tol.days))).ok_or_else(
            || {
                Error::invalid(
                    "tolerance.days",
                    tol.days,
                    format!("takes the grace period of the installment due {due} beyond the calendar"),
                )
            },
        )?);
    }
    let pays = repayments_and_reversals(ledger, as_of);
    let (left, paid_on) = allocate(schedule, start, &pays, as_of, tol.amount);
    let deadlines = Deadlines::new(schedule, start, &pays, &graces, tol)
        .through(as_of)
        .to_vec();
    let mut installments = Vec::with_capacity(schedule.len());
    let mut missed = 0u32;
    for (i, (due, amount)) in schedule.iter().enumerate() {
        let late = paid_on[i].map_or(true, |d| d > deadlines[i]);
        let is_missed = late && as_of > deadlines[i];
        missed += u32::from(is_missed);
        installments.push(MonitoredInstallment {
            seq: u32::try_from(i + 1).unwrap_or(u32::MAX),
            due_date: *due,
            amount: *amount,
            paid: Money::new(amount.amount() - left[i], currency),
            paid_on: paid_on[i],
            missed: is_missed,
        });
    }
    let default_on = default_day(schedule, start, &pays, as_of, &graces, policy);
    let status = match (default_on, paid_on.last().copied().flatten()) {
        (Some(on), _) => PlanStatus::Defaulted { on, missed },
        (None, Some(on)) => PlanStatus::Completed { on },
        (None, None) => PlanStatus::OnTrack { missed },
    };
    let mut clawback = Vec::new();
    if let (PlanStatus::Defaulted { on, .. }, true) = (&status, policy.clawback_on_default) {
        for c in Component::ALL {
            let amount = waived.amount(c);
            if amount > Decimal::ZERO {
                clawback.push(Transaction::new(
                    &clawback_id(plan_id, c),
                    *on,
                    TxKind::Charge {
                        component: c,
                        amount: Money::new(amount, currency),
                        installment: None,
                        rule: Some(policy.clawback_rule.clone()),
                    },
                ));
            }
        }
    }
    Ok(PlanReport {
        status,
        installments,
        clawback,
    })
}

/// The id of the claw-back charge of component `c`.
fn clawback_id(plan_id: &str, c: Component) -> String {
    format!("{plan_id}-CB-{}", c.as_str())
}

/// The payments in effect at the end of `day` (made by then and not
/// reversed by then) from `start` on, allocated to the plan's installments
/// oldest first: what is left of each, and the day each was paid (within
/// `tolerance`).
fn allocate(
    schedule: &[(NaiveDate, Money)],
    start: NaiveDate,
    pays: &[Pay],
    day: NaiveDate,
    tolerance: Decimal,
) -> (Vec<Decimal>, Vec<Option<NaiveDate>>) {
    let a = allocation(schedule, start, pays, day, day, tolerance);
    (a.left, a.paid_on)
}

/// An allocation of the payments to the plan's installments.
struct Allocation {
    /// What is left of each installment.
    left: Vec<Decimal>,
    /// The day each was paid (within the tolerance), if it was.
    paid_on: Vec<Option<NaiveDate>>,
    /// The payments (indices into the payments, first and last: payments
    /// fill installments in order, so an installment's are a run) that
    /// paid something towards each.
    paid_by: Vec<Option<(usize, usize)>>,
}

/// The payments made by `day`, with the reversals in effect by
/// `reversed_by`, allocated as [`allocate`] does, with the payments behind
/// each installment.
fn allocation(
    schedule: &[(NaiveDate, Money)],
    start: NaiveDate,
    pays: &[Pay],
    day: NaiveDate,
    reversed_by: NaiveDate,
    tolerance: Decimal,
) -> Allocation {
    let mut left: Vec<Decimal> = schedule.iter().map(|(_, m)| m.amount()).collect();
    let mut paid_on: Vec<Option<NaiveDate>> = vec![None; schedule.len()];
    let mut paid_by: Vec<Option<(usize, usize)>> = vec![None; schedule.len()];
    let mut next = 0usize;
    let in_effect = pays.iter().enumerate().filter(|(_, (date, _, reversed))| {
        *date >= start && *date <= day && reversed.map_or(true, |r| r > reversed_by)
    });
    for (j, &(date, amount, _)) in in_effect {
        let mut money = amount;
        while next < left.len() && !money.is_zero() {
            let take = left[next].min(money);
            if !take.is_zero() {
                paid_by[next] = Some(paid_by[next].map_or((j, j), |(first, _)| (first, j)));
            }
            left[next] -= take;
            money -= take;
            if left[next] <= tolerance {
                paid_on[next] = Some(date);
                next += 1;
            }
        }
        // A last installment no larger than the tolerance is paid as soon
        // as the one before it is (its whole amount is a shortfall the
        // tolerance covers): a last row of 0.50 under a 1.00 tolerance.
        // Any other installment needs something paid towards it: a
        // tolerance above the installments would otherwise complete the
        // plan for one minor unit.
        if next > 0 && next + 1 == left.len() && left[next] <= tolerance {
            paid_on[next] = Some(date);
            next += 1;
        }
        if next >= left.len() {
            break;
        }
    }
    Allocation {
        left,
        paid_on,
        paid_by,
    }
}

/// Each installment's deadline: its grace end, moved by a reversal that
/// reopened it to the reversal's day plus the grace days, if later. A
/// reversal reopens an installment that, at the end of the day before it,
/// was paid in time and that the reversal leaves unpaid or paid later
/// (payments made on the reversal's day are left out of both views: a
/// payment made and reversed on one day was never seen paid). In time is
/// within its own grace period if one of the payments that paid it is
/// bounced, and by its deadline if only another installment's bounced and
/// the allocation takes its payments back. So a miss already made
/// stays made, and a payment made late and bounced puts nothing off.
/// Reversals are applied in day order, once each, as the monitor's days
/// reach them.
struct Deadlines<'a> {
    schedule: &'a [(NaiveDate, Money)],
    start: NaiveDate,
    pays: &'a [Pay],
    tolerance: Tolerance,
    graces: Vec<NaiveDate>,
    /// The reversal days not applied yet, latest first.
    pending: Vec<NaiveDate>,
    by: Vec<NaiveDate>,
}

impl<'a> Deadlines<'a> {
    fn new(
        schedule: &'a [(NaiveDate, Money)],
        start: NaiveDate,
        pays: &'a [Pay],
        graces: &[NaiveDate],
        tolerance: Tolerance,
    ) -> Self {
        let mut pending: Vec<NaiveDate> = pays.iter().filter_map(|p| p.2).collect();
        pending.sort_unstable_by(|a, b| b.cmp(a));
        pending.dedup();
        Deadlines {
            schedule,
            start,
            pays,
            tolerance,
            graces: graces.to_vec(),
            pending,
            by: graces.to_vec(),
        }
    }

    /// The deadlines with every reversal up to `day` applied.
    fn through(&mut self, day: NaiveDate) -> &[NaiveDate] {
        while let Some(&r) = self.pending.last().filter(|r| **r <= day) {
            self.pending.pop();
            let Some(before) = r.pred_opt() else {
                continue;
            };
            // The payments made by the day before, with the reversals in
            // effect then and with the reversal's day's.
            let view = |reversed_by| {
                allocation(
                    self.schedule,
                    self.start,
                    self.pays,
                    before,
                    reversed_by,
                    self.tolerance.amount,
                )
            };
            let (was, now) = (view(before), view(r).paid_on);
            let until = r
                .checked_add_days(chrono::Days::new(u64::from(self.tolerance.days)))
                .unwrap_or(NaiveDate::MAX);
            for (k, by) in self.by.iter_mut().enumerate() {
                // One of its own payments bounced: in time if it was paid
                // within its own grace period (a payment made late and
                // bounced puts nothing off). Only another's bounced, the
                // allocation taking its payments back: in time if paid by
                // its deadline.
                let own = was.paid_by[k].is_some_and(|(first, last)| {
                    self.pays[first..=last].iter().any(|p| p.2 == Some(r))
                });
                let limit = if own { self.graces[k] } else { *by };
                let in_time = was.paid_on[k].is_some_and(|p| p <= limit);
                if in_time && was.paid_on[k] != now[k] {
                    *by = (*by).max(until);
                }
            }
        }
        &self.by
    }
}

/// The day the plan defaults, if on or before `as_of`, as a monitor run
/// every day marks it: the first day on which, from the payments in effect
/// that day, the missed installments that count reach the policy's number,
/// or the plan has run out unpaid: its last installment not paid by its
/// deadline. An installment is missed when its deadline passes without it
/// paid: its grace end, or, for one a reversal reopened, the reversal's
/// day plus the grace days, if later (the debtor gets the same days to pay
/// again as for an installment; a reversal that reopens nothing moves
/// nothing). The verdict can only change on the day after a grace period
/// ends, on a reversal's day and on the day after a reversal's grace period
/// ends.
fn default_day(
    schedule: &[(NaiveDate, Money)],
    start: NaiveDate,
    pays: &[Pay],
    as_of: NaiveDate,
    graces: &[NaiveDate],
    policy: &MonitorPolicy,
) -> Option<NaiveDate> {
    let grace = chrono::Days::new(u64::from(policy.tolerance.days));
    let reversals: Vec<NaiveDate> = pays.iter().filter_map(|p| p.2).collect();
    let mut days: Vec<NaiveDate> = graces.iter().filter_map(|g| g.succ_opt()).collect();
    days.extend(reversals.iter().copied());
    days.extend(
        reversals
            .iter()
            .filter_map(|r| r.checked_add_days(grace)?.succ_opt()),
    );
    days.retain(|d| *d <= as_of);
    days.sort_unstable();
    days.dedup();
    let mut deadlines = Deadlines::new(schedule, start, pays, graces, policy.tolerance);
    days.into_iter().find(|&day| {
        let (_, paid_on) = allocate(schedule, start, pays, day, policy.tolerance.amount);
        let by = deadlines.through(day);
        let view: Vec<(NaiveDate, Option<NaiveDate>)> =
            by.iter().copied().zip(paid_on.iter().copied()).collect();
        let run_out = view
            .last()
            .is_some_and(|(end, paid)| *end < day && paid.map_or(true, |p| p > *end));
        run_out || missed::count_on(policy.missed_count, &view, day) >= policy.missed_for_default
    })
}

/// Why a re-age was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReAgeRefusal {
    /// Rule id.
    pub rule: String,
    /// The limit.
    pub limit: u32,
    /// The actual figure.
    pub actual: u32,
    /// Message naming the figures.
    pub message: String,
}

/// Whether a re-age may reset the account's stage on `as_of`: at most
/// `reage_max_per_12_months` re-ages in the 12 months before, and at least
/// `reage_min_consecutive_payments` consecutive qualifying payments first.
/// Returns every refusal, empty when allowed.
pub fn reage_refusals(
    previous_reages: &[NaiveDate],
    consecutive_payments: u32,
    as_of: NaiveDate,
    policy: &MonitorPolicy,
) -> Vec<ReAgeRefusal> {
    let mut out = Vec::new();
    // Twelve calendar months back (2024-03-01 → 2023-03-01, exclusive), not
    // 365 days, which across a 29 February drops a re-age 12 months old
    // less a day.
    let window_start = as_of
        .checked_sub_months(chrono::Months::new(12))
        .unwrap_or(NaiveDate::MIN);
    let recent = u32::try_from(
        previous_reages
            .iter()
            .filter(|d| **d > window_start && **d <= as_of)
            .count(),
    )
    .unwrap_or(u32::MAX);
    if recent >= policy.reage_max_per_12_months {
        out.push(ReAgeRefusal {
            rule: "plan.reage.frequency".to_owned(),
            limit: policy.reage_max_per_12_months,
            actual: recent,
            message: format!(
                "{recent} re-age(s) in the 12 months to {as_of}; at most {} allowed",
                policy.reage_max_per_12_months
            ),
        });
    }
    if consecutive_payments < policy.reage_min_consecutive_payments {
        out.push(ReAgeRefusal {
            rule: "plan.reage.payments".to_owned(),
            limit: policy.reage_min_consecutive_payments,
            actual: consecutive_payments,
            message: format!(
                "{consecutive_payments} consecutive payment(s); {} needed before a re-age",
                policy.reage_min_consecutive_payments
            ),
        });
    }
    out
}

#[cfg(test)]
mod tests;
