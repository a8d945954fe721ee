//! China's credit-card pricing regimes by date (RULES.md §2.2), as data,
//! and the check of a card account and its policy against them.
//!
//! See [`CardRegimes`].

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{CardLateCharge, CardPolicy};
use crate::delinquency::RuleStatus;
use crate::error::{Error, Problem, Result, Validator};
use crate::loan::{CardAccount, Component};
use crate::money::DayBasis;
use crate::rule::RuleRef;

/// What late charge a regime allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum RegimeLateCharge {
    /// 滞纳金: at most `rate` × the unpaid part of the minimum payment, with
    /// no floor and no escalation (《银行卡业务管理办法》 Art. 23: 5 %).
    PercentOfUnpaidMinimum {
        /// Fraction of the unpaid minimum (`0.05` = 5 %).
        #[serde(with = "crate::money::serde_str")]
        rate: Decimal,
    },
    /// 违约金 only as the card agreement sets it (银发〔2016〕111号): no
    /// national amount to check against.
    Contractual,
}

/// One pricing regime, in force from `effective` until the next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardRegime {
    /// First statement date the regime governs.
    pub effective: NaiveDate,
    /// The instrument (id, citation, status).
    pub rule: RuleRef,
    /// Lowest daily overdraft rate allowed, as a fraction (`0.00035`).
    #[serde(default, with = "crate::money::serde_str::option")]
    pub daily_floor: Option<Decimal>,
    /// Highest daily overdraft rate allowed, as a fraction (`0.0005`).
    #[serde(default, with = "crate::money::serde_str::option")]
    pub daily_cap: Option<Decimal>,
    /// The late charge allowed.
    pub late_charge: RegimeLateCharge,
    /// Whether fees (违约金, annual, cash-withdrawal and FX fees, booked as
    /// [`Component::Fee`]) must bear no interest.
    pub fees_interest_free: bool,
}

/// China's card pricing regimes, oldest first.
///
/// | from | daily rate | late charge | fees bear interest |
/// |---|---|---|---|
/// | 1999-03-01 | 0.05 % exactly | 滞纳金: 5 % of the unpaid minimum | yes |
/// | 2017-01-01 | 0.035 %–0.05 % | 违约金 by agreement | no |
/// | 2021-01-01 | free | 违约金 by agreement | no |
///
/// The check reads the card's contract rate on the policy's day basis and
/// the policy's late charge and interest base, and names each statement
/// period that breaks the regime in force on its statement date. A host
/// re-deriving an old account (a 2018 statement in litigation, say) runs it
/// beside [`accrue_card`](super::accrue_card).
///
/// ```
/// use arrears::accrual::{CardPolicy, CardRegimes};
/// use arrears::loan::{Breakdown, CardAccount, Component, Statement};
/// use arrears::money::{Currency, DayBasis, Money, Rate};
/// use chrono::NaiveDate;
/// use rust_decimal::Decimal;
///
/// let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// // 0.06 % a day: above the 0.05 % cap of 2017–2020.
/// let rate = Rate::from_daily(Decimal::new(6, 4), DayBasis::Days365)?;
/// let limit = Money::new(Decimal::from(5000), Currency::CNY);
/// let mut card = CardAccount::new("K", limit, day(2017, 3, 1), rate)?;
/// let mut balance = Breakdown::zero(Currency::CNY);
/// balance.set(Component::Principal, Decimal::from(1000));
/// let mut minimum = Breakdown::zero(Currency::CNY);
/// minimum.set(Component::Principal, Decimal::from(100));
/// card.add_statement(Statement::new(day(2018, 5, 5), day(2018, 5, 30), balance, minimum)?)?;
///
/// let findings = CardRegimes::cn().findings(&card, &CardPolicy::cn())?;
/// assert_eq!(findings.len(), 1);
/// assert_eq!(findings[0].path, "card.rate");
/// assert_eq!(findings[0].value, "0.0006/day");
/// assert!(findings[0].message.contains("cn.card.pricing_2017 [S]"));
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<CardRegime>", into = "Vec<CardRegime>")]
pub struct CardRegimes {
    regimes: Vec<CardRegime>,
}

impl TryFrom<Vec<CardRegime>> for CardRegimes {
    type Error = Error;
    fn try_from(regimes: Vec<CardRegime>) -> Result<Self> {
        CardRegimes::new(regimes)
    }
}

impl From<CardRegimes> for Vec<CardRegime> {
    fn from(t: CardRegimes) -> Self {
        t.regimes
    }
}

impl CardRegimes {
    /// A table of regimes.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPolicy`] listing every problem: no regime, dates not
    /// strictly increasing, a rate outside 0..1, a floor above its cap, an
    /// empty rule id.
    pub fn new(regimes: Vec<CardRegime>) -> Result<Self> {
        let mut v = Validator::default();
        if regimes.is_empty() {
            v.push("regimes", "[]", "the table needs at least one regime");
        }
        for (i, w) in regimes.windows(2).enumerate() {
            if w[1].effective <= w[0].effective {
                v.push(
                    format!("regimes[{}].effective", i + 1),
                    w[1].effective,
                    format!("must be after the previous regime's `{}`", w[0].effective),
                );
            }
        }
        for (i, r) in regimes.iter().enumerate() {
            r.rule.check(&format!("regimes[{i}]"), &mut v);
            let rate = match r.late_charge {
                RegimeLateCharge::PercentOfUnpaidMinimum { rate } => Some(rate),
                RegimeLateCharge::Contractual => None,
            };
            for (field, x) in [
                ("daily_floor", r.daily_floor),
                ("daily_cap", r.daily_cap),
                ("late_charge.rate", rate),
            ] {
                if let Some(x) = x.filter(|x| *x < Decimal::ZERO || *x > Decimal::ONE) {
                    v.push(
                        format!("regimes[{i}].{field}"),
                        x,
                        "must be a fraction between 0 and 1",
                    );
                }
            }
            if let (Some(lo), Some(hi)) = (r.daily_floor, r.daily_cap) {
                if lo > hi {
                    v.push(
                        format!("regimes[{i}].daily_floor"),
                        lo,
                        format!("is above the cap `{hi}`"),
                    );
                }
            }
        }
        v.finish()?;
        Ok(CardRegimes { regimes })
    }

    /// The regimes of RULES.md §2.2, each \[S\]: 《银行卡业务管理办法》
    /// (1999) Arts. 22–23, 银发〔2016〕111号 and 银发〔2020〕327号. The 1999
    /// measures took effect on 1999-03-01.
    pub fn cn() -> Self {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN);
        let s = RuleStatus::Secondary;
        CardRegimes {
            regimes: vec![
                CardRegime {
                    effective: day(1999, 3, 1),
                    rule: RuleRef::new(
                        "cn.card.pricing_1999",
                        "《银行卡业务管理办法》(1999) Arts. 22–23",
                        s,
                    ),
                    daily_floor: Some(Decimal::new(5, 4)),
                    daily_cap: Some(Decimal::new(5, 4)),
                    late_charge: RegimeLateCharge::PercentOfUnpaidMinimum {
                        rate: Decimal::new(5, 2),
                    },
                    fees_interest_free: false,
                },
                CardRegime {
                    effective: day(2017, 1, 1),
                    rule: RuleRef::new("cn.card.pricing_2017", "银发〔2016〕111号", s),
                    daily_floor: Some(Decimal::new(35, 5)),
                    daily_cap: Some(Decimal::new(5, 4)),
                    late_charge: RegimeLateCharge::Contractual,
                    fees_interest_free: true,
                },
                CardRegime {
                    effective: day(2021, 1, 1),
                    rule: RuleRef::new("cn.card.pricing_2021", "银发〔2020〕327号", s),
                    daily_floor: None,
                    daily_cap: None,
                    late_charge: RegimeLateCharge::Contractual,
                    fees_interest_free: true,
                },
            ],
        }
    }

    /// The regimes, oldest first.
    pub fn regimes(&self) -> &[CardRegime] {
        &self.regimes
    }

    /// The regime in force on `date`, if the table reaches back that far.
    pub fn on(&self, date: NaiveDate) -> Option<&CardRegime> {
        self.regimes.iter().rev().find(|r| r.effective <= date)
    }

    /// Where `card` and `policy` break the regime in force on each
    /// statement date: one problem per regime and breach, at the first
    /// statement the regime governs, in statement order. Paths name the
    /// field at fault (`card.…` or `policy.…`); each message starts with
    /// the statement (`on the statement of 2018-05-05 (statements[3])`)
    /// and names the regime with its status tag and citation.
    ///
    /// - `card.rate`: the card's daily rate (its annual rate over the
    ///   policy's interest day basis) below the regime's floor or above its
    ///   cap. The comparison is exact: the annual rate against the bound
    ///   times the days of the basis. A policy that charges no interest is
    ///   not checked.
    /// - `policy.late_charge…`: under a 滞纳金 regime, a charge that can
    ///   exceed its percentage (a higher rate or escalated rate, or any
    ///   floor), or a charge of another kind.
    /// - `policy.interest.excluded`: interest charged on fees where the
    ///   regime forbids it.
    /// - `card.statements[i].statement_date`: a statement dated before the
    ///   first regime (the table does not reach it), once.
    ///
    /// A card without statements has nothing to check.
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`] if a bound times the basis overflows.
    pub fn findings(&self, card: &CardAccount, policy: &CardPolicy) -> Result<Vec<Problem>> {
        let mut out = Vec::new();
        let mut seen: Option<usize> = None;
        let mut before = false;
        for (k, st) in card.statements().iter().enumerate() {
            let date = st.statement_date();
            let Some(i) = self.regimes.iter().rposition(|r| r.effective <= date) else {
                if !before {
                    before = true;
                    out.push(Problem::new(
                        format!("card.statements[{k}].statement_date"),
                        date,
                        format!(
                            "is before the first card pricing regime `{}`",
                            self.regimes.first().map_or(NaiveDate::MIN, |r| r.effective)
                        ),
                    ));
                }
                continue;
            };
            if seen == Some(i) {
                continue;
            }
            seen = Some(i);
            let Some(r) = self.regimes.get(i) else {
                continue;
            };
            let on = format!("on the statement of {date} (statements[{k}])");
            let regime = format!(
                "{} {} ({}), in force from {}",
                r.rule.id, r.rule.status, r.rule.citation, r.effective
            );
            if let Some(ci) = &policy.interest {
                rate_findings(r, card, ci.basis, (&on, &regime), &mut out)?;
                if r.fees_interest_free && !ci.excluded.contains(&Component::Fee) {
                    out.push(Problem::new(
                        "policy.interest.excluded",
                        "fee",
                        format!("{on}: fees are not excluded, but bear no interest under {regime}"),
                    ));
                }
            }
            late_charge_findings(r, policy, (&on, &regime), &mut out);
        }
        Ok(out)
    }
}

/// The card's rate as written in a finding: the daily rate when the annual
/// rate divides exactly by the basis, else the annual rate.
fn rate_text(annual: Decimal, basis: DayBasis) -> String {
    let days = Decimal::from(basis.days());
    match annual.checked_div(days) {
        Some(daily) if daily.checked_mul(days) == Some(annual) => {
            format!("{}/day", daily.normalize())
        }
        _ => format!("{} a year on {} days", annual.normalize(), basis.days()),
    }
}

/// The card's rate against the regime's band.
fn rate_findings(
    r: &CardRegime,
    card: &CardAccount,
    basis: DayBasis,
    (on, regime): (&str, &str),
    out: &mut Vec<Problem>,
) -> Result<()> {
    let annual = card.rate().annual();
    let days = Decimal::from(basis.days());
    let scaled = |x: Decimal| {
        x.checked_mul(days)
            .ok_or_else(|| Error::overflow("multiply", x, days))
    };
    for (bound, above) in [(r.daily_cap, true), (r.daily_floor, false)] {
        let Some(bound) = bound else {
            continue;
        };
        let limit = scaled(bound)?;
        if (above && annual > limit) || (!above && annual < limit) {
            out.push(Problem::new(
                "card.rate",
                rate_text(annual, basis),
                format!(
                    "{on}: {} the daily {} {bound} ({} a year on {} days) of {regime}",
                    if above { "above" } else { "below" },
                    if above { "cap" } else { "floor" },
                    limit.normalize(),
                    basis.days(),
                ),
            ));
        }
    }
    Ok(())
}

/// The policy's late charge against a 滞纳金 regime.
fn late_charge_findings(
    r: &CardRegime,
    policy: &CardPolicy,
    (on, regime): (&str, &str),
    out: &mut Vec<Problem>,
) {
    let RegimeLateCharge::PercentOfUnpaidMinimum { rate: allowed } = r.late_charge else {
        return;
    };
    let limit =
        format!("滞纳金 is at most {allowed} of the unpaid minimum, with no floor, under {regime}");
    match &policy.late_charge {
        None => {}
        Some(CardLateCharge::PercentOfUnpaidMinimum {
            rate,
            escalated_rate,
            escalate_after,
            floor,
            ..
        }) => {
            if *rate > allowed {
                out.push(Problem::new(
                    "policy.late_charge.rate",
                    rate,
                    format!("{on}: above the limit: {limit}"),
                ));
            }
            if *escalate_after > 0 && *escalated_rate > allowed {
                out.push(Problem::new(
                    "policy.late_charge.escalated_rate",
                    escalated_rate,
                    format!("{on}: above the limit: {limit}"),
                ));
            }
            if *floor > Decimal::ZERO {
                out.push(Problem::new(
                    "policy.late_charge.floor",
                    floor,
                    format!("{on}: can charge more than the percentage: {limit}"),
                ));
            }
        }
        Some(CardLateCharge::UsSafeHarbor { .. }) => out.push(Problem::new(
            "policy.late_charge",
            "us_safe_harbor",
            format!("{on}: not the regime's charge: {limit}"),
        )),
    }
}

#[cfg(test)]
mod tests;
