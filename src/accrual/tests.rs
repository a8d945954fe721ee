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

#[test]
fn us_late_fee_min_and_max() {
    // 250 installment: 5 % = 12.50, raised to the 15 minimum, on DPD 15.
    let r = accrue(&usd_loan("1000", 4), d(2, 1), d(3, 1), &AccrualPolicy::us()).unwrap();
    let fees: Vec<_> = r
        .records
        .iter()
        .filter(|x| x.kind == AccrualKind::LateFee)
        .collect();
    assert_eq!(fees.len(), 1);
    assert_eq!((fees[0].from, fees[0].installment), (d(2, 16), 1));
    assert_eq!(fees[0].amount, money("15.00", Currency::USD));
    assert_eq!(fees[0].base, money("250.00", Currency::USD));
    assert_eq!(fees[0].rule, "us.late_charge.installment");
    // The record carries its bounds (review finding: an auditor could not
    // recompute 15 from base 250 × rate 0.05 alone).
    let recompute = |f: &Accrual| {
        let raw = (f.base.amount() * f.rate.unwrap()).round_dp(2);
        let lo = f.fee_min.map_or(raw, |m| raw.max(m.amount()));
        f.fee_max.map_or(lo, |m| lo.min(m.amount()))
    };
    assert_eq!(
        (fees[0].fee_min, fees[0].fee_max),
        (
            Some(money("15", Currency::USD)),
            Some(money("30", Currency::USD))
        )
    );
    assert_eq!(recompute(fees[0]), fees[0].uncapped.amount());
    // 1,000 installment: 5 % = 50, cut to the 30 maximum.
    let r = accrue(&usd_loan("1000", 1), d(2, 1), d(3, 1), &AccrualPolicy::us()).unwrap();
    assert_eq!(total(&r, AccrualKind::LateFee), dec("30.00"));
    let fee = r
        .records
        .iter()
        .find(|x| x.kind == AccrualKind::LateFee)
        .unwrap();
    assert_eq!(recompute(fee), dec("30"));
    // Paid before DPD 15: no fee.
    let mut loan = usd_loan("1000", 4);
    loan.record(Transaction::repayment(
        "P",
        d(2, 15),
        money("250", Currency::USD),
    ))
    .unwrap();
    let r = accrue(&loan, d(2, 1), d(3, 1), &AccrualPolicy::us()).unwrap();
    assert_eq!(total(&r, AccrualKind::LateFee), dec("0"));
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

#[test]
fn recurring_fees_and_fee_caps() {
    let policy = AccrualPolicy::new("t")
        .with_late_fee(flat_fee(Recurrence::EveryDays { days: 30 }))
        .with_caps(Caps {
            fees_per_installment: Some(dec("25")),
            ..Caps::default()
        });
    let r = accrue(&usd_loan("1000", 1), d(2, 1), d(5, 10), &policy).unwrap();
    let fees: Vec<_> = r
        .records
        .iter()
        .map(|x| (x.from, x.amount.amount(), x.capped_by.as_deref()))
        .collect();
    let cap = Some("caps.fees_per_installment");
    assert_eq!(
        fees,
        [
            (d(2, 2), dec("10"), None),
            (d(3, 4), dec("10"), None),
            (d(4, 3), dec("5"), cap),
            (d(5, 3), dec("0"), cap),
        ]
    );
    let monthly = AccrualPolicy::new("t").with_late_fee(flat_fee(Recurrence::Monthly));
    let r = accrue(&usd_loan("1000", 1), d(2, 1), d(5, 1), &monthly).unwrap();
    let dates: Vec<_> = r.records.iter().map(|x| x.from).collect();
    assert_eq!(dates, [d(2, 2), d(3, 2), d(4, 2)]);
    let per_loan = AccrualPolicy::new("t")
        .with_late_fee(flat_fee(Recurrence::Once))
        .with_caps(Caps {
            fees_per_loan: Some(dec("15")),
            ..Caps::default()
        });
    let r = accrue(&usd_loan("1000", 2), d(2, 1), d(4, 1), &per_loan).unwrap();
    let amounts: Vec<_> = r.records.iter().map(|x| x.amount.amount()).collect();
    assert_eq!(amounts, [dec("10"), dec("5")]);
}

#[test]
fn fee_clocks_of_several_rules_and_installments() {
    // Four installments of USD 250 due 02-01, 03-01, 04-01, 05-01, no
    // interest. Rule A: 10 a month from the day after the due date; rule
    // B: 20 once, 10 days after it. Installment 1 is paid in full on 03-01
    // (250 + A on 02-02 + B on 02-11 = 280): its A clock (next 03-02) ends
    // without a fee. A charge on 04-20 goes to installment 2, the oldest
    // open one. The window ends before 05-11 (installment 4's B).
    let mut b = flat_fee(Recurrence::Once);
    b.rule = RuleRef::new("test.fee_b", "", RuleStatus::Unverified);
    b.after_days = 10;
    b.base = FeeBase::Flat { amount: dec("20") };
    let policy = AccrualPolicy::new("t")
        .with_late_fee(flat_fee(Recurrence::Monthly))
        .with_late_fee(b);
    let loan = recorded(
        usd_loan("1000", 4),
        [
            Transaction::repayment("P", d(3, 1), money("280", Currency::USD)),
            Transaction::charge("C", d(4, 20), Component::Fee, money("5", Currency::USD)),
        ],
    );
    let r = accrue(&loan, d(2, 1), d(5, 10), &policy).unwrap();
    let fees: Vec<_> = r
        .records
        .iter()
        .map(|x| (x.from, x.installment, x.rule.as_ref(), x.amount.amount()))
        .collect();
    let (a, b) = ("test.fee", "test.fee_b");
    assert_eq!(
        fees,
        [
            (d(2, 2), 1, a, dec("10")),
            (d(2, 11), 1, b, dec("20")),
            (d(3, 2), 2, a, dec("10")),
            (d(3, 11), 2, b, dec("20")),
            (d(4, 2), 2, a, dec("10")),
            (d(4, 2), 3, a, dec("10")),
            (d(4, 11), 3, b, dec("20")),
            (d(5, 2), 2, a, dec("10")),
            (d(5, 2), 3, a, dec("10")),
            (d(5, 2), 4, a, dec("10")),
        ]
    );
    let inst = r.position.installments();
    assert_eq!(inst[0].outstanding().total().unwrap().amount(), dec("0"));
    // Installment 2: 250 + 10 + 20 + 10 + 10 + the 5 charged.
    assert_eq!(inst[1].outstanding().total().unwrap().amount(), dec("305"));
}

/// Penalty interest at 36 % (the loan's day count) under an annualised cap
/// `rule` at `rate` (Act/365F).
fn penalty_36_capped(rule: &str, rate: CapRate) -> AccrualPolicy {
    AccrualPolicy::new("t")
        .with_penalty(PenaltyRule {
            rule: RuleRef::new("test.penalty", "", RuleStatus::Unverified),
            rate: PenaltyRate::Explicit {
                rate: Rate::from_percent(dec("36")).unwrap(),
            },
            day_count: None,
            compound: false,
            compound_rule: None,
        })
        .with_caps(Caps {
            annualized: Some(AnnualizedCap {
                rule: RuleRef::new(rule, "", RuleStatus::Secondary),
                rate,
                day_count: None,
                excess: CapExcess::Waived,
                base: CapBase::OutstandingPrincipal,
                rate_rule: None,
            }),
            ..Caps::default()
        })
}

/// CNY 10,000 from 2026-01-01, due in one payment at 0 % on `due`.
fn bullet_10k(id: &str, due: NaiveDate) -> Loan {
    Loan::new(LoanTerms::new(
        id,
        money("10000", Currency::CNY),
        d(1, 1),
        Rate::ZERO,
        RepaymentMethod::Bullet,
        1,
        due,
    ))
    .unwrap()
}

/// A 36 % penalty under the 2015 rule's 24 % cap.
fn capped_at_24() -> AccrualPolicy {
    penalty_36_capped(
        "cn.spc_private_lending.2015",
        CapRate::Fixed {
            rate: Rate::from_percent(dec("24")).unwrap(),
        },
    )
}

#[test]
fn annualized_cap_cuts_penalty() {
    // 10,000 overdue at 36 %: 10.00 a day, 300.00 over 30 days; a 24 % cap
    // allows 10,000 × 0.24 × 30 / 365 = 197.2602… → 197.26.
    let policy = capped_at_24();
    let loan = bullet_10k("D", d(2, 1));
    let r = accrue(&loan, d(2, 2), d(3, 4), &policy).unwrap();
    assert_eq!(r.records.len(), 1);
    assert_eq!(r.records[0].uncapped, money("300.00", Currency::CNY));
    assert_eq!(r.records[0].amount, money("197.26", Currency::CNY));
    assert_eq!(
        r.records[0].capped_by.as_deref(),
        Some("cn.spc_private_lending.2015")
    );
}

/// A fee posted to the ledger takes its place under the annualised cap and
/// the fee caps (review finding: it bypassed both). The case above with a
/// CNY 100 fee posted on 02-06: by then 4 days of penalty took 26.30
/// (4 × 6.5753…); the fee brings the total charged to 126.30, above the
/// allowance until day 20, and by day 30 the penalty has 197.26 − 100 =
/// 97.26 (it had 197.26).
#[test]
fn posted_charges_count_against_the_caps() {
    let mut policy = capped_at_24();
    let mut loan = bullet_10k("D", d(2, 1));
    loan.record(Transaction::charge(
        "F",
        d(2, 6),
        Component::Fee,
        money("100", Currency::CNY),
    ))
    .unwrap();
    let r = accrue(&loan, d(2, 2), d(3, 4), &policy).unwrap();
    assert_eq!(total(&r, AccrualKind::PenaltyInterest), dec("97.26"));
    let penalty = r.position.installments()[0].due().get(Component::Penalty);
    assert_eq!(penalty, money("97.26", Currency::CNY));
    // A flat 80 late fee on DPD 10 under a per-loan fee cap of 120: the
    // posted 100 leaves it 20.
    policy = policy.with_late_fee(LateFeeRule {
        after_days: 10,
        base: FeeBase::Flat { amount: dec("80") },
        ..flat_fee(Recurrence::Once)
    });
    let mut caps = policy.caps().clone();
    caps.annualized = None;
    caps.fees_per_loan = Some(dec("120"));
    policy = policy.with_caps(caps);
    let r = accrue(&loan, d(2, 2), d(3, 4), &policy).unwrap();
    let fees: Vec<_> = r
        .records
        .iter()
        .filter(|x| x.kind == AccrualKind::LateFee)
        .map(|x| {
            (
                x.from,
                x.uncapped.amount(),
                x.amount.amount(),
                x.capped_by.clone(),
            )
        })
        .collect();
    assert_eq!(
        fees,
        [(
            d(2, 11),
            dec("80"),
            dec("20"),
            Some(crate::rule::RuleId::new("caps.fees_per_loan"))
        )]
    );
}

/// [`CapBase`]: CNY 12,000 at 24 % 等额本金 over 12 months, formed and
/// disbursed 2025-06-01 (LPR 3.00 %, cap 12 %), penalty 36 % Act/360. #1
/// (1,000 principal, due 07-01) unpaid for 29 days draws 29 × 1.00 = 29.00.
/// On all unpaid principal the allowance is 12,000 × 0.12 × 29 / 365 =
/// 114.41 and nothing is cut; on the overdue principal it is
/// 1,000 × 0.12 × 29 / 365 = 9.534… → 9.53, which enforces `art28` (the
/// overdue rate at most 4 × LPR). Review finding: the base was fixed.
#[test]
fn cap_base_overdue_principal_enforces_the_overdue_rate() {
    let ymd = |m, dd| NaiveDate::from_ymd_opt(2025, m, dd).unwrap();
    let loan = Loan::new(LoanTerms::new(
        "E",
        money("12000", Currency::CNY),
        ymd(6, 1),
        Rate::from_percent(dec("24")).unwrap(),
        RepaymentMethod::EqualPrincipal,
        12,
        ymd(7, 1),
    ))
    .unwrap();
    let policy = |base| {
        let mut p = penalty_36_capped(
            "cn.spc_private_lending.art29",
            CapRate::LprMultiple {
                multiple: Decimal::from(4),
                table: LprTable::published(),
            },
        )
        .with_penalty(PenaltyRule {
            rule: RuleRef::new("test.penalty", "", RuleStatus::Unverified),
            rate: PenaltyRate::Explicit {
                rate: Rate::from_percent(dec("36")).unwrap(),
            },
            day_count: Some(DayCount::Act360),
            compound: false,
            compound_rule: None,
        });
        let mut caps = p.caps().clone();
        if let Some(c) = caps.annualized.as_mut() {
            c.base = base;
        }
        p = p.with_caps(caps);
        p
    };
    let run = |base| {
        let r = accrue(&loan, ymd(7, 2), ymd(7, 31), &policy(base)).unwrap();
        (
            total(&r, AccrualKind::PenaltyInterest),
            r.records.iter().any(|x| x.capped_by.is_some()),
        )
    };
    assert_eq!(run(CapBase::OutstandingPrincipal), (dec("29.00"), false));
    assert_eq!(run(CapBase::OverduePrincipal), (dec("9.53"), true));
    // The nightly batch reads the same base.
    let close = |base| {
        LoanDay::new(
            &policy(base),
            Rate::from_percent(dec("24")).unwrap(),
            ymd(6, 1),
            Some(ymd(7, 1)),
            dec("1000"),
            dec("240"),
            dec("1240"),
            dec("12000"),
        )
        .unwrap()
        .cap_daily
    };
    // 12,000 × 0.12 / 365 and 1,000 × 0.12 / 365, down at 10 places.
    assert_eq!(close(CapBase::OutstandingPrincipal), dec("3.9452054794"));
    assert_eq!(close(CapBase::OverduePrincipal), dec("0.3287671232"));
}

/// `cn.spc_private_lending.art25`/`art29` (RULES.md §2.3): 4 × the LPR in
/// effect at contract formation. A contract formed on 2021-12-25 (LPR 3.80 %
/// from 2021-12-20) and disbursed on 2022-01-25 (3.70 % from 2022-01-20):
/// the cap is 15.20 %, not 14.80 %. 10,000 overdue for 30 days at 36 %
/// (300.00 uncapped, Act/360) is cut to 10,000 × 0.152 × 30 / 365 =
/// 124.93 (by the disbursement date it would be 121.64).
#[test]
fn lpr_cap_reads_the_contract_date() {
    let ymd = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    let policy = penalty_36_capped(
        "cn.spc_private_lending.art29",
        CapRate::LprMultiple {
            multiple: dec("4"),
            table: LprTable::published(),
        },
    );
    let terms = LoanTerms::new(
        "LPR",
        money("10000", Currency::CNY),
        ymd(2022, 1, 25),
        Rate::ZERO,
        RepaymentMethod::Bullet,
        1,
        ymd(2022, 2, 25),
    );
    let capped = |terms: LoanTerms| {
        let r = accrue(
            &Loan::new(terms).unwrap(),
            ymd(2022, 2, 26),
            ymd(2022, 3, 28),
            &policy,
        )
        .unwrap();
        assert_eq!(r.records.len(), 1);
        assert_eq!(r.records[0].uncapped, money("300.00", Currency::CNY));
        // The report names the cap's terms: the LPR row read at the
        // contract date and the rate it gives, so the cut is recomputable.
        let cap = r.cap.clone().unwrap();
        assert_eq!(cap.rule, "cn.spc_private_lending.art29");
        assert_eq!(cap.multiple, Some(dec("4")));
        assert_eq!(
            cap.rate,
            cap.lpr.unwrap().rate.annual() * dec("4"),
            "rate = multiple × LPR"
        );
        (r.records[0].amount, cap.lpr.unwrap().effective, cap.rate)
    };
    // 10,000 × 15.2 % × 30 / 365 = 124.93 (rounded toward zero), and
    // 10,000 × 14.8 % × 30 / 365 = 121.64.
    assert_eq!(
        capped(terms.clone().with_contract_date(ymd(2021, 12, 25))),
        (
            money("124.93", Currency::CNY),
            ymd(2021, 12, 20),
            dec("0.152")
        )
    );
    assert_eq!(
        capped(terms.clone()),
        (
            money("121.64", Currency::CNY),
            ymd(2022, 1, 20),
            dec("0.148")
        )
    );
    // Without an annualised cap the report has no cap terms.
    let uncapped = cn().with_caps(Caps::default());
    let r = accrue(&loan_a(), d(3, 2), d(4, 16), &uncapped).unwrap();
    assert_eq!(r.cap, None);
    let r = accrue(&loan_a(), d(3, 2), d(4, 16), &cn()).unwrap();
    let cap = r.cap.unwrap();
    assert_eq!((cap.contract_date, cap.rate), (d(1, 1), dec("0.12")));
    assert_eq!(cap.lpr.unwrap().effective, ymd(2025, 5, 20));
    // A contract formed after the disbursement is an input error.
    assert_eq!(
        Loan::new(terms.with_contract_date(ymd(2022, 1, 26)))
            .unwrap_err()
            .to_string(),
        "invalid `loan.contract_date` value `2022-01-26`: must not be after the disbursement date `2022-01-25`"
    );
}

/// A chargeback (RULES.md `ref.fineract.chargeback`) is owed again as
/// principal; `accrue`'s position agrees with the loan's own replay,
/// chargeback date included.
#[test]
fn accrue_replays_chargebacks_like_the_loan() {
    let mut loan = loan_a();
    let interest = loan.schedule()[0].payment();
    loan.record(Transaction::repayment("P1", d(2, 1), interest))
        .unwrap();
    loan.record(Transaction::chargeback(
        "CB",
        d(2, 10),
        money("500", Currency::CNY),
        Some(2),
    ))
    .unwrap();
    let r = accrue(&loan, d(1, 1), d(2, 20), &cn()).unwrap();
    let own = loan.position(d(2, 19)).unwrap();
    assert_eq!(r.position, own);
    let second = &r.position.installments()[1];
    assert_eq!(second.chargeback_on(), Some(d(2, 10)));
    assert_eq!(
        second.outstanding().amount(Component::Principal),
        dec("24500")
    );
}

#[test]
fn accrual_stops_at_dpd() {
    let policy = cn().with_stop(StopRule {
        at_dpd: Some(10),
        at_charge_off: false,
    });
    let r = accrue(&loan_a(), d(3, 1), d(4, 1), &policy).unwrap();
    // #2 is overdue from 03-02 but #1 since 02-02: DPD reaches 10 on 02-12.
    assert_eq!(total(&r, AccrualKind::PenaltyInterest), dec("0"));
    let r = accrue(&loan_a(), d(2, 1), d(4, 1), &policy).unwrap();
    // Only #1's compound interest for DPD 1..=9: 9 × 0.02.
    assert_eq!(total(&r, AccrualKind::CompoundInterest), dec("0.18"));
}

/// A chargeback on an installment not yet due makes it overdue from the
/// chargeback's date (`ref.fineract.chargeback`), for the stop rule as for
/// the loan's own position (review finding: the stop read due dates only).
/// USD 1,000 at 0 % in 4 × 250; #1 paid; 100 of #3 (due 04-01) charged
/// back on 02-10: DPD 30 falls on 03-12. #2 (due 03-01) accrues
/// 250 × 0.36 / 360 = 0.25 a day for 03-02..=03-11: 2.50 (it was 7.25, to
/// 03-30).
#[test]
fn the_stop_counts_days_past_due_from_a_chargeback() {
    let loan = recorded(
        usd_loan("1000", 4),
        [
            Transaction::repayment("P1", d(2, 1), money("250", Currency::USD)),
            Transaction::chargeback("CB", d(2, 10), money("100", Currency::USD), Some(3)),
        ],
    );
    let policy = AccrualPolicy::new("t")
        .with_penalty(PenaltyRule {
            rule: RuleRef::new("test.penalty", "", RuleStatus::Unverified),
            rate: PenaltyRate::Explicit {
                rate: Rate::from_percent(dec("36")).unwrap(),
            },
            day_count: Some(DayCount::Act360),
            compound: false,
            compound_rule: None,
        })
        .with_stop(StopRule {
            at_dpd: Some(30),
            at_charge_off: false,
        });
    let oldest = loan.position(d(3, 12)).unwrap();
    assert_eq!(
        oldest
            .oldest_overdue(Decimal::ZERO)
            .map(|i| i.overdue_from()),
        Some(d(2, 10))
    );
    let r = accrue(&loan, d(2, 1), d(5, 1), &policy).unwrap();
    let penalty: Vec<_> = r
        .records
        .iter()
        .map(|x| (x.installment, x.from, x.to, x.amount.amount()))
        .collect();
    assert_eq!(penalty, [(2, d(3, 2), d(3, 12), dec("2.50"))]);
}

/// While accrual is stopped a recurring fee's clock keeps its schedule and
/// charges nothing, so the fee resumes when the stop lifts (review
/// finding: the clock died and #2 never drew a fee). USD 1,000 in 4 × 250,
/// a flat 10 every 5 days from DPD 1, a stop at DPD 20: #1 draws 02-02,
/// 02-07, 02-12, 02-17 (40), the stop holds from 02-21; 290 on 03-05 pays
/// #1 and its fees; #2 (due 03-01) is then the oldest, at DPD 4, and draws
/// 03-07, 03-12, 03-17 until its own DPD 20 on 03-21.
#[test]
fn fee_clocks_keep_time_through_a_stop() {
    let mut loan = usd_loan("1000", 4);
    loan.record(Transaction::repayment(
        "P",
        d(3, 5),
        money("290", Currency::USD),
    ))
    .unwrap();
    let policy = AccrualPolicy::new("t")
        .with_late_fee(flat_fee(Recurrence::EveryDays { days: 5 }))
        .with_stop(StopRule {
            at_dpd: Some(20),
            at_charge_off: false,
        });
    let r = accrue(&loan, d(2, 1), d(4, 1), &policy).unwrap();
    let fees: Vec<_> = r
        .records
        .iter()
        .map(|x| (x.installment, x.from, x.amount.amount()))
        .collect();
    let ten = dec("10");
    assert_eq!(
        fees,
        [
            (1, d(2, 2), ten),
            (1, d(2, 7), ten),
            (1, d(2, 12), ten),
            (1, d(2, 17), ten),
            (2, d(3, 7), ten),
            (2, d(3, 12), ten),
            (2, d(3, 17), ten)
        ]
    );
}

#[test]
fn accrual_stops_at_charge_off_and_daily_postings_split() {
    let mut loan = loan_a();
    loan.record(Transaction::new(
        "CO",
        d(3, 11),
        crate::loan::TxKind::ChargeOff,
    ))
    .unwrap();
    let policy = cn().with_stop(StopRule {
        at_dpd: None,
        at_charge_off: true,
    });
    let r = accrue(&loan, d(3, 2), d(4, 1), &policy).unwrap();
    // 03-02..=03-10 only: 9 × 4.80.
    assert_eq!(total(&r, AccrualKind::PenaltyInterest), dec("43.20"));
    let rec = r
        .records
        .iter()
        .find(|x| x.kind == AccrualKind::PenaltyInterest)
        .unwrap();
    let days = rec.daily_postings();
    assert_eq!(days.len(), 9);
    assert!(days
        .iter()
        .all(|x| x.amount == money("4.80", Currency::CNY) && x.days == 1));
    assert_eq!(days[8].from, d(3, 10));
}

#[test]
fn policy_validation_reports_everything() {
    let mut fee = flat_fee(Recurrence::EveryDays { days: 0 });
    fee.min = Some(dec("5"));
    fee.max = Some(dec("2"));
    fee.base = FeeBase::OverduePrincipal { rate: dec("1.5") };
    let policy = AccrualPolicy::new("bad")
        .with_penalty(PenaltyRule {
            rule: RuleRef::new("cn.pboc_2003_251.overdue_markup", "", RuleStatus::Secondary),
            rate: PenaltyRate::Markup {
                markup: dec("0.6"),
                band: MarkupBand::Overdue,
            },
            day_count: None,
            compound: false,
            compound_rule: None,
        })
        .with_late_fee(fee)
        .with_caps(Caps {
            fees_per_loan: Some(dec("-1")),
            ..Caps::default()
        });
    assert_eq!(
        policy.validate().unwrap_err().to_string(),
        "invalid policy: `penalty.rate.markup` = `0.6`: outside the overdue band `0.30`..=`0.50` \
         (`cn.pboc_2003_251.overdue_markup`); `late_fees[0].base.rate` = `1.5`: must be a fraction \
         between 0 and 1; `late_fees[0].recurrence.days` = `0`: must be at least 1; \
         `late_fees[0].min` = `5`: is above the maximum `2`; `caps.fees_per_loan` = `-1`: must not be negative"
    );
    assert!(AccrualPolicy::cn_with_markup(dec("0.29")).is_err());
    assert!(AccrualPolicy::cn_with_markup(dec("0.30")).is_ok());
    assert!(accrue(&loan_a(), d(3, 1), d(3, 1), &cn()).is_err());
}

#[test]
fn lpr_table_lookup_and_errors() {
    let t = LprTable::published();
    let ymd = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    // The published table ends where RULES.md §2.3 last confirms its last
    // value (3.00 % on 2025-08-20); a later date is an error, never the
    // last row applied silently.
    assert_eq!(t.valid_through(), Some(ymd(2025, 8, 20)));
    assert_eq!(t.on(ymd(2025, 8, 20)).unwrap().rate.annual(), dec("0.03"));
    assert_eq!(
        t.on(d(1, 1)).unwrap_err().to_string(),
        "invalid `lpr.date` value `2026-01-01`: is after the LPR table's `valid_through` \
         `2025-08-20`: the LPR may have changed since (add the rows published after it, or \
         move `valid_through` once checked)"
    );
    // The host checked: no change since.
    let current = t.clone().with_valid_through(d(12, 31)).unwrap();
    assert_eq!(current.on(d(12, 31)).unwrap().rate.annual(), dec("0.03"));
    assert!(current.on(ymd(2027, 1, 1)).is_err());
    assert_eq!(
        t.clone()
            .with_valid_through(ymd(2025, 5, 19))
            .unwrap_err()
            .to_string(),
        "invalid policy: `lpr.valid_through` = `2025-05-19`: is before the last row's `2025-05-20`"
    );
    // An open-ended table (rows alone) applies its last row onward.
    let open = LprTable::new(t.rows().to_vec()).unwrap();
    assert_eq!(open.valid_through(), None);
    assert_eq!(open.on(ymd(2030, 1, 1)).unwrap().rate.annual(), dec("0.03"));
    // A contract after the table's end: the accrual names the contract date.
    let err = accrue(&loan_a(), d(3, 2), d(4, 16), &AccrualPolicy::cn()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid `terms.contract_date` value `2026-01-01`: is after the LPR table's \
         `valid_through` `2025-08-20`: the LPR may have changed since (add the rows published \
         after it, or move `valid_through` once checked) (`caps.annualized.rate.table`)"
    );
    // Files: a list of rows is open-ended; `{ rows, valid_through }` is not.
    let json = serde_json::to_value(&t).unwrap();
    assert_eq!(json["valid_through"], "2025-08-20");
    assert_eq!(serde_json::from_value::<LprTable>(json).unwrap(), t);
    let rows = serde_json::to_value(&open).unwrap();
    assert!(rows.is_array());
    assert_eq!(
        serde_json::from_value::<LprTable>(rows.clone()).unwrap(),
        open
    );
    // A JSON `null` is no end (open-ended); a table is not a date.
    let null_end = serde_json::json!({ "rows": rows.clone(), "valid_through": null });
    assert_eq!(serde_json::from_value::<LprTable>(null_end).unwrap(), open);
    let e = toml::from_str::<toml::Table>(
        "[t]\nvalid_through = { anything = \"2026-11-20\" }\nrows = []\n",
    )
    .unwrap()["t"]
        .clone()
        .try_into::<LprTable>()
        .unwrap_err()
        .to_string();
    assert!(e.contains("`valid_through`: a table is not a date"), "{e}");
    let typo = serde_json::json!({ "rows": [], "valid_thru": "2026-01-01" });
    let e = serde_json::from_value::<LprTable>(typo)
        .unwrap_err()
        .to_string();
    assert!(e.contains("unknown field `valid_thru`"), "{e}");
    assert_eq!(
        t.on(ymd(2024, 10, 20)).unwrap().rate.annual(),
        dec("0.0335")
    );
    assert_eq!(t.on(ymd(2024, 10, 21)).unwrap().rate.annual(), dec("0.031"));
    assert_eq!(
        t.on(ymd(2019, 8, 19)).unwrap_err().to_string(),
        "invalid `lpr.date` value `2019-08-19`: is before the first LPR row `2019-08-20`"
    );
    let row = |y, r: &str| LprRow {
        effective: ymd(y, 1, 1),
        rate: Rate::from_fraction(dec(r)).unwrap(),
        status: RuleStatus::Unverified,
    };
    let err =
        LprTable::new(vec![row(2021, "0.04"), row(2020, "0.04"), row(2022, "0")]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid policy: `lpr[1].effective` = `2020-01-01`: must be after the previous row's `2021-01-01` \
         (rows sorted, no repeats); `lpr[2].rate` = `0`: an LPR of zero is a data error"
    );
    assert!(LprTable::new(vec![]).is_err());
    // A table taken from its rows unchecked still refuses to answer when
    // out of order.
    let unsorted = LprTable::from(vec![row(2021, "0.04"), row(2020, "0.05")]);
    assert!(unsorted.on(ymd(2022, 1, 1)).is_err());
    let sh = SafeHarborTable::published();
    assert_eq!(sh.on(ymd(2025, 6, 1)).unwrap().first, dec("30"));
    assert_eq!(sh.on(ymd(2019, 6, 1)).unwrap().repeat, dec("39"));
}

#[test]
fn presets_round_trip_through_json() {
    for p in [
        AccrualPolicy::cn(),
        AccrualPolicy::us(),
        AccrualPolicy::uk(),
    ] {
        p.validate().unwrap();
        let json = serde_json::to_string(&p).unwrap();
        let back: AccrualPolicy = serde_json::from_str(&json).unwrap();
        assert_eq!(back, p);
    }
    let bad = serde_json::to_string(&cn())
        .unwrap()
        .replace("\"markup\":\"0.5\"", "\"markup\":\"0.9\"");
    assert!(serde_json::from_str::<AccrualPolicy>(&bad).is_err());
    // A bad LPR row in the file is reported with the other problems, by its
    // path in the policy (review finding: it stopped the parse alone, as
    // `lpr[1]`).
    let worse = bad.replace("\"2019-09-20\"", "\"2019-01-20\"");
    let err = serde_json::from_str::<AccrualPolicy>(&worse)
        .unwrap_err()
        .to_string();
    assert!(err.contains("`penalty.rate.markup` = `0.9`"), "{err}");
    assert!(
        err.contains("`caps.annualized.rate.table[1].effective` = `2019-01-20`"),
        "{err}"
    );
    let unknown = r#"{"id":"x","surprise":1}"#;
    assert!(serde_json::from_str::<AccrualPolicy>(unknown).is_err());
    assert_eq!(cn().waterfall(), &Waterfall::cn_bank_contract());
}

#[test]
fn uk_default_charge_once_per_installment() {
    let loan = Loan::new(LoanTerms::new(
        "U",
        money("600", Currency::GBP),
        d(1, 1),
        Rate::ZERO,
        RepaymentMethod::EqualPrincipal,
        3,
        d(2, 1),
    ))
    .unwrap();
    let r = accrue(&loan, d(1, 1), d(4, 15), &AccrualPolicy::uk()).unwrap();
    let fees: Vec<_> = r
        .records
        .iter()
        .map(|x| (x.installment, x.from, x.amount.amount()))
        .collect();
    assert_eq!(
        fees,
        [
            (1, d(2, 2), dec("12")),
            (2, d(3, 2), dec("12")),
            (3, d(4, 2), dec("12"))
        ]
    );
}

fn mixed_policy() -> AccrualPolicy {
    cn().with_late_fee(flat_fee(Recurrence::EveryDays { days: 7 }))
        .with_caps(Caps::default())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn daily_posting_is_additive_over_splits(
        payments in prop::collection::vec((0u64..150, 1i64..3_000_000), 0..5),
        a in 0u64..60, split in 0u64..120, len in 1u64..150,
    ) {
        let mut loan = Loan::new(LoanTerms::new(
            "P", money("24000", Currency::CNY), d(1, 1), Rate::from_percent(dec("9.6")).unwrap(),
            RepaymentMethod::EqualInstallment, 6, d(2, 1),
        )).unwrap();
        for (i, (day, cents)) in payments.iter().enumerate() {
            loan.record(Transaction::repayment(&format!("P{i}"), d(1, 1) + chrono::Days::new(*day), Money::from_minor(*cents, Currency::CNY))).unwrap();
        }
        let policy = mixed_policy();
        let start = d(1, 15) + chrono::Days::new(a);
        let end = start + chrono::Days::new(len + 1);
        let mid = start + chrono::Days::new(1 + split % len);
        let whole = accrue(&loan, start, end, &policy).unwrap();
        let left = accrue(&loan, start, mid, &policy).unwrap();
        let right = accrue(&loan, mid, end, &policy).unwrap();
        for kind in [AccrualKind::PenaltyInterest, AccrualKind::CompoundInterest, AccrualKind::LateFee] {
            prop_assert_eq!(total(&whole, kind), total(&left, kind) + total(&right, kind), "{:?}", kind);
        }
        // Money conserved: every payment is allocated or credited.
        let paid: Decimal = payments.iter().filter(|(day, _)| d(1, 1) + chrono::Days::new(*day) < end)
            .map(|(_, c)| Decimal::new(*c, 2)).sum();
        prop_assert_eq!(whole.position.paid().total().unwrap().amount() + whole.position.credit().amount(), paid);
    }

    #[test]
    fn caps_are_never_exceeded(rate in 1u32..10_000, cap in 1u32..5_000, len in 1u64..400, principal in 1i64..100_000_000, deferred in any::<bool>()) {
        let cap_rate = Rate::from_bps(Decimal::from(cap)).unwrap();
        let policy = AccrualPolicy::new("t")
            .with_penalty(PenaltyRule {
                rule: RuleRef::new("p", "", RuleStatus::Unverified),
                rate: PenaltyRate::Explicit { rate: Rate::from_bps(Decimal::from(rate)).unwrap() },
                day_count: None,
                compound: false,
                compound_rule: None,
            })
            .with_late_fee(flat_fee(Recurrence::EveryDays { days: 3 }))
            .with_caps(Caps {
                annualized: Some(AnnualizedCap {
                    rule: RuleRef::new("cap", "", RuleStatus::Unverified),
                    rate: CapRate::Fixed { rate: cap_rate },
                    day_count: None,
                    excess: if deferred { CapExcess::Deferred } else { CapExcess::Waived },
                    base: CapBase::OutstandingPrincipal,
                    rate_rule: None,
                }),
                ..Caps::default()
            });
        let loan = Loan::new(LoanTerms::new("D", Money::from_minor(principal, Currency::CNY), d(1, 1), Rate::ZERO,
            RepaymentMethod::Bullet, 1, d(2, 1))).unwrap();
        let end = d(2, 2) + chrono::Days::new(len);
        let r = accrue(&loan, d(1, 1), end, &policy).unwrap();
        let charged: Decimal = r.records.iter().map(|x| x.amount.amount()).sum();
        let allowance = Decimal::new(principal, 2) * cap_rate.annual() * Decimal::from(len) / Decimal::from(365);
        prop_assert!(charged <= allowance, "{} > {}", charged, allowance);
        for x in &r.records {
            prop_assert!(x.amount.amount() >= Decimal::ZERO && x.amount.amount() <= x.uncapped.amount());
        }
        // Held cuts are conserved: with no payment nothing is dropped, so
        // what the cap cut off is what it released since plus what it holds.
        let cut: Decimal = r.records.iter().filter(|x| x.released_from.is_none())
            .map(|x| x.uncapped.amount() - x.amount.amount()).sum();
        let released: Decimal = r.records.iter().filter(|x| x.released_from.is_some())
            .map(|x| x.amount.amount()).sum();
        match r.held {
            Some(held) => prop_assert_eq!(cut, released + held.total().unwrap().amount()),
            None => prop_assert!(!deferred && released.is_zero()),
        }
    }
}

pub(super) fn arb_policy() -> impl Strategy<Value = AccrualPolicy> {
    (
        (
            any::<bool>(),
            -20_000i64..20_000,
            0u32..3,
            any::<bool>(),
            0usize..6,
        ),
        prop::collection::vec(
            (
                0u32..100,
                0u32..3,
                0u32..5,
                -1_000i64..100_000,
                any::<bool>(),
                any::<bool>(),
            ),
            0..3,
        ),
        (
            prop::option::of(-100i64..10_000),
            prop::option::of(-100i64..10_000),
            prop::option::of(0u32..10_000),
        ),
        (prop::option::of(0u32..400), any::<bool>(), 0u32..10),
    )
        .prop_map(|(pen, fees, caps, misc)| {
            let mut p = AccrualPolicy::new("arb");
            if pen.0 {
                let band = [
                    MarkupBand::Overdue,
                    MarkupBand::Misuse,
                    MarkupBand::Unchecked,
                ][pen.2 as usize];
                p = p.with_penalty(PenaltyRule {
                    rule: RuleRef::new("p", "", RuleStatus::Unverified),
                    rate: if pen.3 {
                        PenaltyRate::Markup {
                            markup: Decimal::new(pen.1, 4),
                            band,
                        }
                    } else {
                        PenaltyRate::Explicit {
                            rate: Rate::from_bps(Decimal::from(pen.1.unsigned_abs())).unwrap(),
                        }
                    },
                    // The 30/360 family gives some intervals no days.
                    day_count: [
                        None,
                        Some(DayCount::ActActIsda),
                        Some(DayCount::Thirty360BondBasis),
                        Some(DayCount::Thirty360Us),
                        Some(DayCount::ThirtyE360),
                        Some(DayCount::ThirtyE360Isda),
                    ][pen.4],
                    compound: pen.4 % 2 == 1,
                    compound_rule: None,
                });
            }
            for (after, rec, base, v, min, max) in fees {
                let value = Decimal::new(v, 4);
                p = p.with_late_fee(LateFeeRule {
                    rule: RuleRef::new("f", "", RuleStatus::Unverified),
                    after_days: after,
                    recurrence: [
                        Recurrence::Once,
                        Recurrence::EveryDays { days: after % 40 },
                        Recurrence::Monthly,
                    ][rec as usize],
                    base: match base {
                        0 => FeeBase::Flat { amount: value },
                        1 => FeeBase::Installment { rate: value },
                        2 => FeeBase::OverduePrincipal { rate: value },
                        3 => FeeBase::OverduePrincipalAndInterest { rate: value },
                        _ => FeeBase::UnpaidMinimum { rate: value },
                    },
                    min: min.then(|| value / Decimal::TWO),
                    max: max.then_some(value),
                    cost_basis: None,
                });
            }
            p = p.with_caps(Caps {
                fees_per_installment: caps.0.map(|x| Decimal::new(x, 0)),
                fees_per_loan: caps.1.map(|x| Decimal::new(x, 0)),
                annualized: caps.2.map(|bps| AnnualizedCap {
                    rule: RuleRef::new("c", "", RuleStatus::Unverified),
                    rate: CapRate::Fixed {
                        rate: Rate::from_bps(Decimal::from(bps)).unwrap(),
                    },
                    day_count: None,
                    rate_rule: None,
                    excess: if bps % 2 == 0 {
                        CapExcess::Deferred
                    } else {
                        CapExcess::Waived
                    },
                    base: if bps % 3 == 0 {
                        CapBase::OverduePrincipal
                    } else {
                        CapBase::OutstandingPrincipal
                    },
                }),
            });
            p.with_stop(StopRule {
                at_dpd: misc.0,
                at_charge_off: misc.1,
            })
            .with_posting(if misc.2 % 2 == 0 {
                Posting::Daily
            } else {
                Posting::Period
            })
            .with_tolerance(Decimal::from(misc.2))
        })
}

/// A CNY loan at 7.5 % in 1 to 29 equal installments from 2026-01-01,
/// with up to 5 repayments on random days of its first 900.
pub(super) fn arb_paid_loan() -> impl Strategy<Value = Loan> {
    (
        1i64..1_000_000_000,
        1u32..30,
        prop::collection::vec((0u64..900, 1i64..100_000_000), 0..6),
    )
        .prop_map(|(cents, n, payments)| {
            // At least 2.00 an installment: a schedule of nothing is refused.
            let cents = cents.max(200 * i64::from(n));
            let mut loan = Loan::new(LoanTerms::new(
                "N",
                Money::from_minor(cents, Currency::CNY),
                d(1, 1),
                Rate::from_percent(dec("7.5")).unwrap(),
                RepaymentMethod::EqualInstallment,
                n,
                d(2, 1),
            ))
            .unwrap();
            for (i, (day, c)) in payments.iter().enumerate() {
                loan.record(Transaction::repayment(
                    &format!("P{i}"),
                    d(1, 1) + chrono::Days::new(*day),
                    Money::from_minor(*c, Currency::CNY),
                ))
                .unwrap();
            }
            loan
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn accrual_never_panics(
        policy in arb_policy(),
        loan in arb_paid_loan(),
        from in 0u64..600, len in 1u64..600,
    ) {
        let start = d(1, 1) + chrono::Days::new(from);
        match accrue(&loan, start, start + chrono::Days::new(len), &policy) {
            Ok(r) => {
                for x in &r.records {
                    prop_assert!(x.amount.amount() >= Decimal::ZERO);
                    prop_assert!(x.amount.amount() <= x.uncapped.amount());
                }
            }
            Err(e) => prop_assert!(matches!(e, crate::Error::InvalidPolicy { .. }), "{e}"),
        }
        let _ = payoff(&loan, start, &policy);
    }
}

/// `loan_a` with all but CNY 9.00 of principal paid on 03-01, under a
/// 36.5 % Act/365 penalty (0.01 a day on 9.00: 9 × 0.365 / 365 = 0.009),
/// a tolerance of 10.00 and a stop at DPD 1.
fn within_tolerance() -> (Loan, AccrualPolicy) {
    let mut loan = loan_a();
    loan.record(Transaction::repayment(
        "P",
        d(3, 1),
        money("24183", Currency::CNY),
    ))
    .unwrap();
    let policy = AccrualPolicy::new("t")
        .with_penalty(PenaltyRule {
            rule: RuleRef::new("t.penalty", "", RuleStatus::Unverified),
            rate: PenaltyRate::Explicit {
                rate: Rate::from_percent(dec("36.5")).unwrap(),
            },
            day_count: Some(DayCount::Act365Fixed),
            compound: false,
            compound_rule: None,
        })
        .with_tolerance(dec("10"))
        .with_stop(StopRule {
            at_dpd: Some(1),
            at_charge_off: false,
        });
    (loan, policy)
}

#[test]
fn stop_at_dpd_takes_effect_the_day_the_penalty_passes_the_tolerance() {
    let (loan, policy) = within_tolerance();
    // 9.00 + 0.01 k > 10.00 first for k = 101: 03-02 + 101 days = 06-11,
    // when #2 is overdue since 03-01 (DPD 102 ≥ 1). 101 × 0.01 = 1.01;
    // before the fix the stop waited for the next event (the window's
    // end): 183 × 0.01 = 1.83.
    let r = accrue(&loan, d(1, 1), d(9, 1), &policy).unwrap();
    assert_eq!(total(&r, AccrualKind::PenaltyInterest), dec("1.01"));
    let rec = r
        .records
        .iter()
        .rfind(|x| x.kind == AccrualKind::PenaltyInterest)
        .unwrap();
    assert_eq!(
        (rec.to, rec.amount.amount()),
        (d(6, 11), dec("0.01") * Decimal::from(rec.days))
    );
    let owed = r.position.installments()[1].outstanding();
    assert_eq!(owed.amount(Component::Penalty), dec("1.01"));
    // The window's start changes nothing: 04-01..06-11 is 71 days.
    let later = accrue(&loan, d(4, 1), d(9, 1), &policy).unwrap();
    assert_eq!(total(&later, AccrualKind::PenaltyInterest), dec("0.71"));
    assert_eq!(later.position, r.position);
    // With period posting nothing is posted between events: the one
    // posting at the window's end is the whole 183 days.
    let period = policy.clone().with_posting(Posting::Period);
    let r = accrue(&loan, d(1, 1), d(9, 1), &period).unwrap();
    assert_eq!(total(&r, AccrualKind::PenaltyInterest), dec("1.65"));
}

mod deferred;
mod findings;
mod lpr;
mod payoff;

/// Review finding: `cn.spc_private_lending.art28` caps the agreed overdue
/// rate at 4 × LPR at formation. CNY 120,000 at 10 % 等额本金 over 12
/// months from 2026-01-01 (LPR 3.00 %, so 12 %): the agreed 15 % penalty
/// runs at 12 % on #1's 10,000 principal, 10,000 × 0.12 / 360 = 3.333… →
/// 3.33 a day, 27 days (02-02..=02-28) = 89.91 (it was 4.17 × 27 = 112.59).
#[test]
fn cn_penalty_rate_is_held_to_four_times_lpr() {
    let loan = Loan::new(LoanTerms::new(
        "H",
        money("120000", Currency::CNY),
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        Rate::from_percent(dec("10")).unwrap(),
        RepaymentMethod::EqualPrincipal,
        12,
        d(2, 1),
    ))
    .unwrap();
    let r = accrue(&loan, d(2, 2), d(3, 1), &cn()).unwrap();
    let pen: Vec<&Accrual> = r
        .records
        .iter()
        .filter(|x| x.kind == AccrualKind::PenaltyInterest)
        .collect();
    assert_eq!(pen.len(), 1);
    assert_eq!(pen[0].rate, Some(dec("0.12")));
    assert_eq!(pen[0].amount, money("89.91", Currency::CNY));
    assert_eq!(pen[0].rule, "cn.spc_private_lending.art28");
    // Without the rate rule, the agreed 15 % (only the total is capped).
    let mut policy = cn();
    let mut caps = policy.caps().clone();
    if let Some(c) = caps.annualized.as_mut() {
        c.rate_rule = None;
    }
    policy = policy.with_caps(caps);
    let r = accrue(&loan, d(2, 2), d(3, 1), &policy).unwrap();
    assert_eq!(total(&r, AccrualKind::PenaltyInterest), dec("112.59"));
}

/// Review finding: errors name the field the user set.
#[test]
fn rate_and_lpr_errors_name_the_users_fields() {
    // A 300 % markup on a 50 % loan: 200 % a year is out of range.
    let loan = Loan::new(LoanTerms::new(
        "M",
        money("1000", Currency::CNY),
        d(1, 1),
        Rate::from_percent(dec("50")).unwrap(),
        RepaymentMethod::Bullet,
        1,
        d(2, 1),
    ))
    .unwrap();
    let mut policy = cn().with_caps(Caps::default());
    let mut rule = policy.penalty().unwrap().clone();
    rule.rate = PenaltyRate::Markup {
        markup: dec("300"),
        band: MarkupBand::Unchecked,
    };
    policy = policy.with_penalty(rule);
    let err = accrue(&loan, d(2, 2), d(3, 1), &policy)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("invalid `penalty.rate.markup` value `300`"),
        "{err}"
    );
    // A contract before the first LPR row (2019-08-20).
    let old = Loan::new(LoanTerms::new(
        "O",
        money("1000", Currency::CNY),
        NaiveDate::from_ymd_opt(2019, 1, 1).unwrap(),
        Rate::from_percent(dec("5")).unwrap(),
        RepaymentMethod::Bullet,
        1,
        NaiveDate::from_ymd_opt(2019, 2, 1).unwrap(),
    ))
    .unwrap();
    let err = accrue(
        &old,
        NaiveDate::from_ymd_opt(2019, 2, 2).unwrap(),
        NaiveDate::from_ymd_opt(2019, 3, 1).unwrap(),
        &cn(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.starts_with("invalid `terms.contract_date` value `2019-01-01`"),
        "{err}"
    );
    assert!(err.contains("caps.annualized.rate.table"), "{err}");
}

/// A waiver keeps its relief while the annualised cap binds, and a
/// claw-back that reinstates what was waived counts once (review findings:
/// the claw-back was counted twice; releasing the waived room instead let
/// new penalty refill it). The case of `annualized_cap_cuts_penalty`
/// (10.00 a day against an allowance of 6.5753… a day, so the cap binds
/// from day 1) with 60.00 of penalty waived on 02-12: 30 days still allow
/// 197.26 in all, of which 60.00 is waived: 137.26 owed. Reinstating the
/// 60.00 on 02-20 (a plan's claw-back) brings it back to 197.26, without
/// cutting the penalty after it further.
#[test]
fn waivers_and_their_claw_back_under_a_binding_cap() {
    let policy = capped_at_24();
    let mut loan = bullet_10k("D", d(2, 1));
    loan.record(Transaction::waiver(
        "W",
        d(2, 12),
        Component::Penalty,
        money("60", Currency::CNY),
    ))
    .unwrap();
    let owed = |loan: &Loan| {
        let r = accrue(loan, d(2, 2), d(3, 4), &policy).unwrap();
        (
            total(&r, AccrualKind::PenaltyInterest),
            r.position.installments()[0]
                .outstanding()
                .get(Component::Penalty)
                .amount(),
        )
    };
    assert_eq!(owed(&loan), (dec("197.26"), dec("137.26")));
    loan.record(Transaction::charge(
        "CB",
        d(2, 20),
        Component::Penalty,
        money("60", Currency::CNY),
    ))
    .unwrap();
    assert_eq!(owed(&loan), (dec("197.26"), dec("197.26")));
    // A charge beyond what was waived counts as before: 40.00 more takes
    // 40.00 of the accruals' room.
    loan.record(Transaction::charge(
        "X",
        d(2, 20),
        Component::Penalty,
        money("40", Currency::CNY),
    ))
    .unwrap();
    assert_eq!(owed(&loan), (dec("157.26"), dec("197.26")));
}

/// Review finding: under 30/360 an unrelated event on a 31st changed the
/// penalty. CNY 10,000 due 03-01 at 36 %, 30/360 Bond Basis (10.00 a day);
/// [03-02, 04-02) is 30 days, 300.00, with or without a flat fee on its
/// 30th day overdue (03-31), and the record's days are those of its dates
/// counted from the installment's due date.
#[test]
fn thirty_360_days_do_not_depend_on_other_events() {
    let loan = bullet_10k("T", d(3, 1));
    let mut policy = penalty_36_capped(
        "x",
        CapRate::Fixed {
            rate: Rate::from_percent(dec("100")).unwrap(),
        },
    )
    .with_caps(Caps::default());
    let mut rule = policy.penalty().unwrap().clone();
    rule.day_count = Some(DayCount::Thirty360BondBasis);
    policy = policy.with_penalty(rule);
    let alone = accrue(&loan, d(3, 2), d(4, 2), &policy).unwrap();
    assert_eq!(total(&alone, AccrualKind::PenaltyInterest), dec("300.00"));
    let with_fee = policy.clone().with_late_fee(LateFeeRule {
        after_days: 30,
        base: FeeBase::Flat { amount: dec("5") },
        ..flat_fee(Recurrence::Once)
    });
    let r = accrue(&loan, d(3, 2), d(4, 2), &with_fee).unwrap();
    assert_eq!(total(&r, AccrualKind::PenaltyInterest), dec("300.00"));
    assert_eq!(total(&r, AccrualKind::LateFee), dec("5"));
    // Split at the 31st: 29 + 1 days (from the anchor 03-01: 30/360 counts
    // 03-01..03-31 as 30 and 03-01..04-02 as 31).
    let a = accrue(&loan, d(3, 2), d(3, 31), &policy).unwrap();
    let b = accrue(&loan, d(3, 31), d(4, 2), &policy).unwrap();
    assert_eq!(
        total(&a, AccrualKind::PenaltyInterest) + total(&b, AccrualKind::PenaltyInterest),
        dec("300.00")
    );
}

/// Diff review: the rules a policy adds are validated, with their paths.
#[test]
fn compound_and_rate_rules_need_ids() {
    let mut policy = cn();
    let mut caps = policy.caps().clone();
    if let Some(c) = caps.annualized.as_mut() {
        c.rate_rule = Some(RuleRef::new("  ", "", RuleStatus::Unverified));
    }
    let mut penalty = policy.penalty().unwrap().clone();
    penalty.compound_rule = Some(RuleRef::new("", "", RuleStatus::Unverified));
    policy = policy.with_caps(caps).with_penalty(penalty);
    let err = policy.validate().unwrap_err().to_string();
    assert!(err.contains("`penalty.compound_rule.id`"), "{err}");
    assert!(err.contains("`caps.annualized.rate_rule.id`"), "{err}");
}
