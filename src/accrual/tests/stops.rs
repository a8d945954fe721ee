//! Where accrual stops: at a DPD (chargebacks counted, the tolerance
//! crossed), at charge-off, and fee clocks that keep time through a stop.

use super::*;

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
