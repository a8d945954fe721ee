//! Findings of the review of the delinquency and calendar code
//! (2026-11-27), kept as tests. Figures are checked by hand in the
//! comments.

use arrears::calendar::DayCount;
use arrears::delinquency::*;
use arrears::loan::*;
use arrears::money::*;
use chrono::NaiveDate;
use rust_decimal::Decimal;

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}

fn cny(s: &str) -> Money {
    Money::new(Decimal::from_str_exact(s).unwrap(), Currency::CNY)
}

/// Three installments of CNY 1,000, due 2026-02-10, 03-10 and 04-10.
fn loan3() -> Loan {
    Loan::new(LoanTerms::new(
        "L",
        cny("3000"),
        d(2026, 1, 10),
        Rate::ZERO,
        RepaymentMethod::EqualPrincipal,
        3,
        d(2026, 2, 10),
    ))
    .unwrap()
}

/// The stage history of `l` under `scheme` over `from..=to`.
fn history(
    l: &Loan,
    scheme: StageScheme,
    opts: &DelinquencyOptions,
    (from, to): (NaiveDate, NaiveDate),
) -> StageHistory {
    stage_history(l, &scheme, opts, from, to).unwrap()
}

fn steps(h: &StageHistory) -> Vec<(NaiveDate, String, String, u32)> {
    h.transitions
        .iter()
        .map(|t| {
            (
                t.date,
                t.from.clone().unwrap_or_default(),
                t.to.clone().unwrap_or_default(),
                t.days,
            )
        })
        .collect()
}

/// F1: a chargeback makes an installment not yet due overdue from its date
/// only until the installment is settled; a fee posted to it later is not
/// overdue before its due date.
#[test]
fn a_cured_chargeback_leaves_no_early_overdue_date() {
    let mut l = loan3();
    l.record(Transaction::repayment("P1", d(2026, 2, 10), cny("1000")))
        .unwrap();
    l.record(Transaction::chargeback(
        "CB",
        d(2026, 2, 20),
        cny("100"),
        Some(2),
    ))
    .unwrap();
    let opts = DelinquencyOptions::default();
    // Charged back and not yet repaid: overdue from 02-20 (2 days on 02-22).
    let on_22 = Delinquency::assess(&l.position(d(2026, 2, 22)).unwrap(), &opts);
    assert_eq!(
        (on_22.days_past_due(), on_22.overdue_since()),
        (2, Some(d(2026, 2, 20)))
    );
    // #2 paid in full (1,000 + 100) on 02-25.
    l.record(Transaction::repayment("P2", d(2026, 2, 25), cny("1100")))
        .unwrap();
    assert_eq!(
        Delinquency::assess(&l.position(d(2026, 3, 1)).unwrap(), &opts).days_past_due(),
        0
    );
    // A fee of 03-01 lands on #2, due 03-10: nothing is overdue on 03-05.
    l.record(Transaction::charge(
        "F1",
        d(2026, 3, 1),
        Component::Fee,
        cny("5"),
    ))
    .unwrap();
    let p = l.position(d(2026, 3, 5)).unwrap();
    assert_eq!(p.installments()[1].chargeback_on(), None);
    let del = Delinquency::assess(&p, &opts);
    assert_eq!((del.days_past_due(), del.overdue_since()), (0, None));
    // Unpaid past its due date, the fee is overdue from 03-10.
    let del = Delinquency::assess(&l.position(d(2026, 3, 12)).unwrap(), &opts);
    assert_eq!(
        (del.days_past_due(), del.overdue_since()),
        (2, Some(d(2026, 3, 10)))
    );
}

/// F2: no reclassification while a pause is active: a reversal inside the
/// pause moves the stage only when the pause is over.
#[test]
fn a_pause_holds_the_stage_when_a_payment_is_reversed() {
    let mut l = loan3();
    l.record(Transaction::repayment("P1", d(2026, 2, 10), cny("1000")))
        .unwrap();
    l.record(Transaction::reversal("R1", d(2026, 3, 25), "P1"))
        .unwrap();
    let opts = DelinquencyOptions::default()
        .with_pause(d(2026, 3, 20), d(2026, 4, 30))
        .unwrap();
    let h = history(
        &l,
        StageScheme::m0_m7(),
        &opts,
        (d(2026, 3, 1), d(2026, 5, 5)),
    );
    // 03-11: #2 one day late, M1. 03-25: the reversal makes #1 (02-10) the
    // oldest unpaid, held at M1 while paused. 05-01: DPD 18 + 31 + 30 + 1 =
    // 80, paused 12 + 30 = 42 days (03-20..04-30), delinquent 38: M2.
    assert_eq!(
        steps(&h),
        [
            (d(2026, 3, 11), "M0".into(), "M1".into(), 1),
            (d(2026, 5, 1), "M1".into(), "M2".into(), 38),
        ]
    );
    assert_eq!(h.initial.as_deref(), Some("M0"));
}

/// F2, the other way: a repayment inside the pause cures only after it.
#[test]
fn a_pause_holds_the_stage_when_the_arrears_are_paid() {
    let mut l = loan3();
    l.record(Transaction::repayment("P", d(2026, 4, 5), cny("2000")))
        .unwrap();
    let opts = DelinquencyOptions::default()
        .with_pause(d(2026, 3, 25), d(2026, 4, 30))
        .unwrap();
    let h = history(
        &l,
        StageScheme::m0_m7(),
        &opts,
        (d(2026, 3, 20), d(2026, 5, 5)),
    );
    // 03-20: DPD 38 (from 02-10), M2, held through 04-30. 05-01: #3 (due
    // 04-10) is the oldest unpaid, DPD 21, paused 20 (04-11..04-30),
    // delinquent 1: M1.
    assert_eq!(h.initial.as_deref(), Some("M2"));
    assert_eq!(steps(&h), [(d(2026, 5, 1), "M2".into(), "M1".into(), 1)]);
    // A range that starts inside the pause starts at the held stage.
    let h = history(
        &l,
        StageScheme::m0_m7(),
        &opts,
        (d(2026, 4, 10), d(2026, 4, 30)),
    );
    assert_eq!((h.initial.as_deref(), h.transitions.len()), (Some("M2"), 0));
    // Regulatory classes on raw DPD ignore the pause: 2026-04-05 cures.
    let h = history(
        &l,
        StageScheme::cn_card_2011(),
        &opts,
        (d(2026, 3, 20), d(2026, 4, 30)),
    );
    assert!(
        h.transitions.iter().any(|t| t.date == d(2026, 4, 5)),
        "{:?}",
        h.transitions
    );
}

/// F3: paused days are those before the business date.
#[test]
fn paused_days_are_those_before_the_business_date() {
    let opts = DelinquencyOptions::default()
        .with_pause(d(2026, 3, 1), d(2026, 3, 5))
        .unwrap();
    let since = Some(d(2026, 2, 10));
    // 03-01: DPD 18 + 1 = 19, no pause day before it.
    let first = Delinquency::from_overdue_since(since, d(2026, 3, 1), &opts);
    assert_eq!(
        (
            first.days_past_due(),
            first.paused_days(),
            first.delinquent_days()
        ),
        (19, 0, 19)
    );
    // 03-06: DPD 24, the five days 03-01..03-05 paused: still 19.
    let after = Delinquency::from_overdue_since(since, d(2026, 3, 6), &opts);
    assert_eq!(
        (
            after.days_past_due(),
            after.paused_days(),
            after.delinquent_days()
        ),
        (24, 5, 19)
    );
    let next = Delinquency::from_overdue_since(since, d(2026, 3, 7), &opts);
    assert_eq!(next.delinquent_days(), 20);
}

/// F4: under 30E/360 ISDA the last period keeps a February maturity as the
/// termination date: 2027-01-30 to 2027-02-28 is 28 days, so 36,000 × 12 %
/// × 28 / 360 = 336.00, not 360.00.
#[test]
fn thirty_e_360_isda_keeps_a_february_maturity() {
    let terms = LoanTerms::new(
        "E",
        cny("36000"),
        d(2026, 8, 31),
        Rate::from_percent(Decimal::from(12)).unwrap(),
        RepaymentMethod::InterestOnly,
        6,
        d(2026, 9, 30),
    )
    .with_day_count(DayCount::ThirtyE360Isda)
    .with_interest_method(InterestMethod::DayCount);
    let rows = schedule(&terms).unwrap();
    let last = rows.last().unwrap();
    assert_eq!(last.period_end(), d(2027, 2, 28));
    assert_eq!(last.interest(), cny("336.00"));
    // An earlier period ending on the 28th of February would count 30.
    assert_eq!(rows[1].interest(), cny("360.00"));
}

/// F5: an offset of `i32::MIN` is refused, not negated.
#[test]
fn a_reminder_offset_of_i32_min_is_refused() {
    let err = ReminderSchedule::new("x", RuleStatus::Unverified, vec![i32::MIN]).unwrap_err();
    assert!(err.to_string().contains("-2147483648"), "{err}");
    let json = r#"{"id":"x","status":"unverified","offsets":[-2147483648]}"#;
    assert!(serde_json::from_str::<ReminderSchedule>(json).is_err());
}

mod held {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

        /// Day by day: outside a pause the history's stage is the day's own
        /// classification; inside it, the classification of the day before
        /// the pause began (a collection scheme, on delinquent days).
        #[test]
        fn history_holds_the_stage_through_a_pause(
            pay_day in 0u64..200,
            cents in 1i64..300_000,
            reverse_day in proptest::option::of(0u64..60),
            pause_start in 1u64..200,
            pause_len in 0u64..40,
        ) {
            let mut l = loan3();
            let start = d(2026, 1, 10);
            let at = |x: u64| start + chrono::Days::new(x);
            l.record(Transaction::repayment("P", at(pay_day), Money::from_minor(cents, Currency::CNY))).unwrap();
            if let Some(r) = reverse_day {
                l.record(Transaction::reversal("R", at(pay_day + r), "P")).unwrap();
            }
            let (ps, pe) = (at(pause_start), at(pause_start + pause_len));
            let opts = DelinquencyOptions::default().with_pause(ps, pe).unwrap();
            let scheme = StageScheme::m0_m7();
            let end = at(260);
            let h = stage_history(&l, &scheme, &opts, start, end).unwrap();
            let daily = |day: NaiveDate| {
                let del = Delinquency::assess(&l.position(day).unwrap(), &opts);
                scheme.classify(del.days(scheme.basis())).map(|r| r.code.clone())
            };
            let held = daily(ps.pred_opt().unwrap());
            let mut stage = h.initial.clone();
            let mut transitions = h.transitions.iter().peekable();
            let mut day = start;
            while day <= end {
                if let Some(t) = transitions.next_if(|t| t.date == day) {
                    prop_assert_ne!(&t.from, &t.to);
                    stage = t.to.clone();
                }
                let want = if ps <= day && day <= pe { held.clone() } else { daily(day) };
                prop_assert_eq!(&want, &stage, "{}", day);
                day = day.succ_opt().unwrap();
            }
            prop_assert!(transitions.next().is_none());
        }
    }
}

/// A pause that begins with the loan holds the stage of a loan with nothing
/// overdue (the day before it, the loan did not exist).
#[test]
fn a_pause_from_the_disbursement_holds_nothing_overdue() {
    let l = loan3();
    let opts = DelinquencyOptions::default()
        .with_pause(d(2026, 1, 10), d(2026, 2, 20))
        .unwrap();
    let h = history(
        &l,
        StageScheme::m0_m7(),
        &opts,
        (d(2026, 1, 10), d(2026, 2, 28)),
    );
    // Held at M0 to 02-20; 02-21: DPD 11 (from 02-10), paused 10 (02-11..02-20
    // before the day), delinquent 1: M1.
    assert_eq!(h.initial.as_deref(), Some("M0"));
    assert_eq!(steps(&h), [(d(2026, 2, 21), "M0".into(), "M1".into(), 1)]);
}
