//! Accrual tests. Expected figures are hand-computed in the comments
//! (amount × rate / 360 per day, rounded half-up, × days).

use super::*;
use crate::allocation::Waterfall;
use crate::calendar::DayCount;
use crate::delinquency::RuleStatus;
use crate::loan::{Component, Loan, LoanTerms, RepaymentMethod, Transaction};
use crate::money::{Currency, Money, Rate};
use chrono::NaiveDate;
use proptest::prelude::*;
use rust_decimal::Decimal;

fn d(m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, dd).unwrap()
}

/// The `cn` preset, its LPR table held at the last published 3.00 %
/// through 2027 (test data: the cases run in 2026, after the published
/// table's `valid_through`).
pub(crate) fn cn() -> AccrualPolicy {
    current(AccrualPolicy::cn())
}

/// `policy` with its LPR table held at the last published rate through
/// 2027, as [`cn`].
pub(crate) fn current(policy: AccrualPolicy) -> AccrualPolicy {
    let through = NaiveDate::from_ymd_opt(2027, 12, 31).unwrap();
    policy
        .with_lpr_table(LprTable::published().with_valid_through(through).unwrap())
        .unwrap()
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap()
}

fn money(s: &str, c: Currency) -> Money {
    Money::new(dec(s), c)
}

/// CNY 24,000 at 4.8 %, interest only, due 02-01 (interest 96.00) and 03-01
/// (interest 96.00 + principal 24,000).
fn loan_a() -> Loan {
    Loan::new(LoanTerms::new(
        "A",
        money("24000", Currency::CNY),
        d(1, 1),
        Rate::from_percent(dec("4.8")).unwrap(),
        RepaymentMethod::InterestOnly,
        2,
        d(2, 1),
    ))
    .unwrap()
}

/// `loan` with `txs` recorded in order.
pub(super) fn recorded(mut loan: Loan, txs: impl IntoIterator<Item = Transaction>) -> Loan {
    for tx in txs {
        loan.record(tx).unwrap();
    }
    loan
}

fn total(r: &AccrualReport, kind: AccrualKind) -> Decimal {
    r.total(kind).unwrap().amount()
}

#[test]
fn rules_example_penalty_201_60() {
    // RULES.md §2.7: 24,000 × 6.72 % / 360 × 45 = 201.60 (4.48 a day).
    let policy = current(AccrualPolicy::cn_with_markup(dec("0.4")).unwrap());
    let r = accrue(&loan_a(), d(3, 2), d(4, 16), &policy).unwrap();
    let pen: Vec<_> = r
        .records
        .iter()
        .filter(|x| x.kind == AccrualKind::PenaltyInterest)
        .collect();
    assert_eq!(pen.len(), 1);
    let rec = pen[0];
    assert_eq!(rec.installment, 2);
    assert_eq!(
        (rec.from, rec.to, rec.days, rec.basis),
        (d(3, 2), d(4, 16), 45, 360)
    );
    assert_eq!(rec.base, money("24000", Currency::CNY));
    assert_eq!(rec.rate, Some(dec("0.0672")));
    assert_eq!(rec.amount, money("201.60", Currency::CNY));
    assert_eq!(rec.rule, "cn.pboc_2003_251.overdue_markup");
    assert_eq!(rec.capped_by, None);
}

#[test]
fn cn_preset_penalty_and_compound() {
    // Markup 50 % → 7.2 %: 24,000 × 0.072 / 360 = 4.80 a day on principal;
    // 96 × 0.072 / 360 = 0.0192 → 0.02 a day on each overdue interest.
    let r = accrue(&loan_a(), d(2, 1), d(4, 1), &cn()).unwrap();
    assert_eq!(total(&r, AccrualKind::PenaltyInterest), dec("144.00")); // 30 days
                                                                        // #1: 28 days in Feb + 30 in March; #2: 30 days in March.
    assert_eq!(total(&r, AccrualKind::CompoundInterest), dec("1.76"));
    let first = r
        .records
        .iter()
        .find(|x| x.kind == AccrualKind::CompoundInterest)
        .unwrap();
    // #2 falling due on 03-02 does not change #1's base, so #1's record runs
    // on: 58 days × 0.02 = 1.16.
    assert_eq!(
        (first.installment, first.from, first.to, first.days),
        (1, d(2, 2), d(4, 1), 58)
    );
    assert_eq!(first.amount, money("1.16", Currency::CNY));
    // 复利 cites its own rule (RULES §2.1, [U]), 罚息 the markup rule; the
    // report lists each with its citation and status tag.
    assert_eq!(first.rule, "cn.pboc_2003_251.compound");
    let cited: Vec<(&str, crate::rule::RuleStatus)> =
        r.rules.iter().map(|x| (x.id.as_str(), x.status)).collect();
    assert_eq!(
        cited,
        [
            // #1's interest is overdue from 02-02, its principal from 03-02.
            (
                "cn.pboc_2003_251.compound",
                crate::rule::RuleStatus::Unverified
            ),
            (
                "cn.pboc_2003_251.overdue_markup",
                crate::rule::RuleStatus::Secondary
            )
        ]
    );
    assert!(r.rules[1].citation.contains("银发〔2003〕251号"));
    assert!(r
        .records
        .iter()
        .filter(|x| x.kind == AccrualKind::PenaltyInterest)
        .all(|x| x.rule == "cn.pboc_2003_251.overdue_markup"));
    let general = crate::accrual::engine::accrue_with(
        &loan_a(),
        d(2, 1),
        d(4, 1),
        &cn(),
        crate::accrual::engine::Paths {
            direct_pay: false,
            runs: false,
            fixed: false,
        },
    )
    .unwrap();
    assert_eq!(general, r);
}

#[test]
fn payments_are_allocated_by_the_policy_waterfall_during_accrual() {
    let mut loan = loan_a();
    loan.record(Transaction::repayment(
        "P1",
        d(3, 15),
        money("100", Currency::CNY),
    ))
    .unwrap();
    let r = accrue(&loan, d(2, 1), d(4, 1), &cn()).unwrap();
    // On 03-15 #1 owes penalty 0.56 + 13 × 0.02 = 0.82 and interest 96; #2
    // owes penalty 13 × 4.80 + 13 × 0.02 = 62.66. Fee → penalty → interest
    // → principal, horizontally: #1 takes 96.82, #2's penalty 3.18.
    let pos = &r.position;
    assert!(pos.installments()[0].outstanding().is_zero());
    assert_eq!(
        pos.installments()[1].paid().get(Component::Penalty),
        money("3.18", Currency::CNY)
    );
    // Then 17 more days on #2: 81.60 + 0.34. Penalty owed 62.66 − 3.18 + 81.94.
    assert_eq!(
        pos.installments()[1].outstanding().get(Component::Penalty),
        money("141.42", Currency::CNY)
    );
    assert_eq!(total(&r, AccrualKind::PenaltyInterest), dec("144.00"));
    assert_eq!(total(&r, AccrualKind::CompoundInterest), dec("1.42"));
    // The payoff for a payment on 03-31: 24,000 + 96 + 141.42, less 03-31's
    // own penalty on #2 (4.80 + 0.02), which the payment prevents.
    let p = payoff(&loan, d(3, 31), &cn()).unwrap();
    assert_eq!(p.total, money("24232.60", Currency::CNY));
    assert_eq!(p.accrued_interest, money("0", Currency::CNY));
}

#[test]
fn backdated_payment_and_reversal_change_accrual() {
    let mut loan = loan_a();
    let policy = cn();
    let before = accrue(&loan, d(3, 2), d(4, 1), &policy).unwrap();
    loan.record(Transaction::repayment(
        "P1",
        d(3, 1),
        money("24192", Currency::CNY),
    ))
    .unwrap();
    let paid = accrue(&loan, d(3, 2), d(4, 1), &policy).unwrap();
    assert_eq!(total(&before, AccrualKind::PenaltyInterest), dec("144.00"));
    assert_eq!(total(&paid, AccrualKind::PenaltyInterest), dec("0"));
    // The payment bounces on 03-10: as known on 03-31 it never happened.
    loan.record(Transaction::reversal("R1", d(3, 10), "P1"))
        .unwrap();
    let bounced = accrue(&loan, d(3, 2), d(4, 1), &policy).unwrap();
    assert_eq!(total(&bounced, AccrualKind::PenaltyInterest), dec("144.00"));
}

#[test]
fn payoff_before_maturity_includes_accrued_interest() {
    // CNY 12,000 等额本金 over 12 months at 12 %: 1,000 principal a month,
    // #1 interest 120. Nothing paid; payoff on 03-01.
    let loan = Loan::new(LoanTerms::new(
        "B",
        money("12000", Currency::CNY),
        d(1, 10),
        Rate::from_percent(dec("12")).unwrap(),
        RepaymentMethod::EqualPrincipal,
        12,
        d(2, 10),
    ))
    .unwrap();
    let p = payoff(&loan, d(3, 1), &cn()).unwrap();
    // #1 overdue 18 days before the payment (02-11..=02-28). The agreed
    // 12 % × 1.5 = 18 % is above 4 × LPR at formation (4 × 3.00 % = 12 %),
    // so art28 holds it to 12 %: 1,000 × 0.12/360 = 0.333… → 0.33 a day
    // → 5.94; compound 120 × 0.12/360 = 0.04 a day → 0.72.
    assert_eq!(
        p.by_component.get(Component::Penalty),
        money("6.66", Currency::CNY)
    );
    // Current period 02-10..03-01 (19 days): 11,000 × 12 % × 19 / 360 = 69.666… → 69.67.
    assert_eq!(p.accrued_interest, money("69.67", Currency::CNY));
    assert_eq!(
        p.by_component.get(Component::Interest),
        money("189.67", Currency::CNY)
    );
    assert_eq!(
        p.by_component.get(Component::Principal),
        money("12000", Currency::CNY)
    );
    assert_eq!(p.total, money("12196.33", Currency::CNY));
}

fn usd_loan(principal: &str, n: u32) -> Loan {
    Loan::new(LoanTerms::new(
        "C",
        money(principal, Currency::USD),
        d(1, 1),
        Rate::ZERO,
        RepaymentMethod::EqualPrincipal,
        n,
        d(2, 1),
    ))
    .unwrap()
}

/// 罚息 at `pct` % (on `day_count`, the loan's if `None`) under an
/// annualised cap `rule` at `rate` on all outstanding principal (Act/365F),
/// its excess as `excess`.
fn penalty_capped(
    pct: &str,
    day_count: Option<DayCount>,
    rule: &str,
    rate: CapRate,
    excess: CapExcess,
) -> AccrualPolicy {
    AccrualPolicy::new("t")
        .with_penalty(PenaltyRule {
            rule: RuleRef::new("test.penalty", "", RuleStatus::Unverified),
            rate: PenaltyRate::Explicit {
                rate: Rate::from_percent(dec(pct)).unwrap(),
            },
            day_count,
            compound: false,
            compound_rule: None,
        })
        .with_caps(Caps {
            annualized: Some(AnnualizedCap {
                rule: RuleRef::new(rule, "", RuleStatus::Secondary),
                rate,
                day_count: None,
                excess,
                base: CapBase::OutstandingPrincipal,
                rate_rule: None,
            }),
            ..Caps::default()
        })
}

fn flat_fee(recurrence: Recurrence) -> LateFeeRule {
    LateFeeRule {
        rule: RuleRef::new("test.fee", "", RuleStatus::Unverified),
        after_days: 1,
        recurrence,
        base: FeeBase::Flat { amount: dec("10") },
        min: None,
        max: None,
        cost_basis: None,
    }
}

mod caps;
mod deferred;
mod fees;
mod findings;
mod lpr;
mod payoff;
mod props;
mod stops;
mod validation;

pub(in crate::accrual) use props::{arb_paid_loan, arb_policy};
