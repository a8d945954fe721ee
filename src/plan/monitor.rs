//! Monitoring as of a date, from the ledger: promises to pay, plans on track
//! or in default, claw-back of waivers on default, and the re-aging limit.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::delinquency::RuleStatus;
use crate::error::{Error, Result, Validator};
use crate::loan::{Breakdown, Component, Ledger, Transaction, TxId, TxKind};
use crate::money::Money;
use crate::rule::RuleRef;

mod deadlines;
mod missed;
mod promise;
mod reage;

use deadlines::{allocate, default_day, Deadlines};
pub use missed::MissedCount;
pub use promise::{promise_status, Promise, PromiseStatus};
pub use reage::{reage_refusals, ReAgeRefusal};

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

/// Refuses a ledger with a chargeback dated `from..=to` and not reversed
/// by `as_of`: it says an amount is owed again, not which payment was
/// taken back, so what it leaves paid of a plan installment or a promise
/// is unknown. (A bounced payment is recorded as a [`TxKind::Reversal`]
/// of it.)
fn refuse_chargebacks(
    ledger: &Ledger,
    from: NaiveDate,
    to: NaiveDate,
    as_of: NaiveDate,
) -> Result<()> {
    let txs = ledger.transactions();
    let reversed: std::collections::HashSet<&TxId> = txs
        .iter()
        .filter(|r| r.value_date() <= as_of)
        .filter_map(|r| match r.kind() {
            TxKind::Reversal { of } => Some(of),
            _ => None,
        })
        .collect();
    let found = txs.iter().find(|t| {
        matches!(t.kind(), TxKind::Chargeback { .. })
            && t.value_date() >= from
            && t.value_date() <= to
            && !reversed.contains(t.id())
    });
    match found {
        Some(t) => Err(Error::invalid(
            "ledger",
            t.id(),
            format!(
                "holds a chargeback on {}: the monitor cannot tell which payment it took back; \
                 record a bounced payment as a reversal of it",
                t.value_date()
            ),
        )),
        None => Ok(()),
    }
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
    /// The default terms as the rule a [`PlanReport`] cites:
    /// `plan.default`, with the figures in its citation.
    pub fn default_rule(&self) -> RuleRef {
        let counted = match self.missed_count {
            MissedCount::Total => "made up or not",
            MissedCount::InArrears => "not made up",
        };
        let (n, days) = (self.missed_for_default, self.tolerance.days);
        let plural = if n == 1 { "" } else { "s" };
        let grace = if days == 1 {
            "1 day's grace".to_owned()
        } else {
            format!("{days} days' grace")
        };
        let shortfall = if self.tolerance.amount.is_zero() {
            "no shortfall".to_owned()
        } else {
            format!(
                "a shortfall of up to {} (in the plan's currency)",
                self.tolerance.amount
            )
        };
        RuleRef::new(
            "plan.default",
            &format!(
                "default after {n} missed plan installment{plural} ({counted}), or the last \
                 unpaid by its deadline; {grace} and {shortfall} per installment (industry \
                 convention, RULES.md §4)"
            ),
            self.status,
        )
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
    /// or the grace days a reversal of a payment made in time that
    /// reopened it gave it ([`monitor_plan`]).
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
    /// The conventions the status rests on, each with its status tag
    /// (RULES.md §4: industry conventions, `[U]` in the presets, flagged in
    /// output): `plan.default` (the policy's default terms) always, and the
    /// claw-back rule when there are claw-back entries.
    #[serde(default)]
    pub rules: Vec<RuleRef>,
}

/// Monitors a plan with `schedule` (due date and amount of each plan
/// installment, in order) that started on `start`, from the repayments in
/// `ledger` up to the end of `as_of`. Payments from `start` on go to plan
/// installments oldest first; one paid to within the tolerance counts as
/// paid, so the next payment goes to the installment after it (its
/// shortfall is not owed). `waived` is what the plan forgave; on default
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
/// end. A reversal day that bounces a payment made in time (within the
/// grace period of the oldest installment it paid towards when made; a
/// payment that paid nothing, before the start or after the plan looked
/// complete, was not) gives each
/// installment it reopens (paid by its deadline, and left unpaid or paid
/// later than it was before the reversal, by its own payment's bounce or because the oldest-first
/// allocation took its payment back for an older one) the grace days
/// again from the reversal: it counts as missed only if not paid by then.
/// The bounce of a payment made late, a replacement after the grace
/// period included, gives no time, so bouncing and paying again cannot put
/// a default off for ever. A reversal that reopens nothing moves nothing,
/// and a miss already made stays made. Under [`MissedCount::InArrears`]
/// the count is taken at the start of each day. A default stays:
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
/// ledger accepts, a grace period beyond the calendar
/// (`tolerance.days`), or a chargeback in the ledger dated from `start` to
/// `as_of` and not reversed by then (`ledger`, naming it: it does not say
/// which payment was taken back; record a bounced payment as a
/// [`TxKind::Reversal`] of it).
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
    refuse_chargebacks(ledger, start, as_of, as_of)?;
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
    let mut rules = vec![policy.default_rule()];
    if !clawback.is_empty() {
        rules.push(RuleRef::new(
            &policy.clawback_rule,
            "waived amounts reinstated on the plan's default (industry convention, RULES.md §4)",
            policy.status,
        ));
    }
    Ok(PlanReport {
        status,
        installments,
        clawback,
        rules,
    })
}

/// The id of the claw-back charge of component `c`.
fn clawback_id(plan_id: &str, c: Component) -> String {
    format!("{plan_id}-CB-{}", c.as_str())
}

#[cfg(test)]
mod tests;
