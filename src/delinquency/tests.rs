use super::*;
use crate::loan::{Component, Loan, LoanTerms, RepaymentMethod, Transaction};
use crate::money::{Currency, Money, Rate};
use proptest::prelude::*;

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}

fn cny(s: &str) -> Money {
    Money::new(Decimal::from_str_exact(s).unwrap(), Currency::CNY)
}

/// Installments of 1,000 due Tue 2026-02-10 and Tue 2026-03-10 (and 04-10),
/// no interest.
fn loan() -> Loan {
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

#[test]
fn rules_example_dpd_grace_pause() {
    // RULES.md §1 illustration, recomputed by hand: overdue-since 2026-02-10,
    // business date 2026-04-01 → DPD 50; grace 3 and a 5-day pause → 42.
    let opts = DelinquencyOptions::default()
        .with_grace_days(3)
        .with_pause(d(2026, 3, 1), d(2026, 3, 5))
        .unwrap();
    let pos = loan().position(d(2026, 4, 1)).unwrap();
    let del = Delinquency::assess(&pos, &opts);
    assert_eq!(del.overdue_since(), Some(d(2026, 2, 10)));
    assert_eq!(del.days_past_due(), 50);
    assert_eq!(del.paused_days(), 5);
    assert_eq!(del.delinquent_days(), 42);
    let table = [
        (StageScheme::m0_m7(), "M2"),
        (StageScheme::cn_card_2011(), "special_mention"),
        (StageScheme::cn_risk_2023(), "special_mention"),
        (StageScheme::us_30_180(), "dpd30"),
        (StageScheme::reminders(), "D30"),
    ];
    for (scheme, code) in table {
        let got = scheme
            .classify(del.days(scheme.basis()))
            .map(|r| r.code.clone());
        assert_eq!(got.as_deref(), Some(code), "{}", scheme.id());
    }
}

#[test]
fn dpd_boundaries() {
    let opts = DelinquencyOptions::default();
    let l = loan();
    let dpd = |as_of| Delinquency::assess(&l.position(as_of).unwrap(), &opts).days_past_due();
    assert_eq!(dpd(d(2026, 2, 9)), 0);
    assert_eq!(dpd(d(2026, 2, 10)), 0); // due date itself
    assert_eq!(dpd(d(2026, 2, 11)), 1);
    assert_eq!(dpd(d(2026, 3, 11)), 29); // still from the oldest (02-10)
}

#[test]
fn tolerance_ignores_small_shortfalls() {
    let mut l = loan();
    l.record(Transaction::repayment("P1", d(2026, 2, 10), cny("999.50")))
        .unwrap();
    let pos = l.position(d(2026, 2, 20)).unwrap();
    let strict = Delinquency::assess(&pos, &DelinquencyOptions::default());
    assert_eq!(strict.days_past_due(), 10);
    let lenient = DelinquencyOptions::default()
        .with_tolerance(Decimal::ONE)
        .unwrap();
    assert_eq!(Delinquency::assess(&pos, &lenient).days_past_due(), 0);
    assert_eq!(Delinquency::assess(&pos, &lenient).overdue_since(), None);
}

#[test]
fn options_report_every_problem() {
    let err = DelinquencyOptions::new(
        Decimal::NEGATIVE_ONE,
        0,
        vec![
            Pause {
                start: d(2026, 3, 5),
                end: d(2026, 3, 1),
            },
            Pause {
                start: d(2026, 4, 1),
                end: d(2026, 4, 10),
            },
            Pause {
                start: d(2026, 4, 10),
                end: d(2026, 4, 12),
            },
        ],
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid policy: `tolerance` = `-1`: must not be negative; \
         `pauses[0].end` = `2026-03-01`: is before the start `2026-03-05`; \
         `pauses` = `2026-04-01..=2026-04-10 and 2026-04-10..=2026-04-12`: pause periods must not overlap"
    );
    let json = r#"{"tolerance":"-1","grace_days":0,"pauses":[]}"#;
    assert!(serde_json::from_str::<DelinquencyOptions>(json).is_err());
    let ok: DelinquencyOptions = serde_json::from_str(r#"{"grace_days":3}"#).unwrap();
    assert_eq!(ok.grace_days(), 3);
}

#[test]
fn history_shows_entry_escalation_and_cure() {
    let mut l = loan();
    // A fee that nobody pays keeps #1 open until the cure on 05-20.
    l.record(Transaction::charge(
        "F1",
        d(2026, 2, 15),
        Component::Fee,
        cny("20"),
    ))
    .unwrap();
    l.record(Transaction::repayment("P1", d(2026, 5, 20), cny("3020")))
        .unwrap();
    let h = stage_history(
        &l,
        &StageScheme::us_30_180(),
        &DelinquencyOptions::default(),
        d(2026, 2, 1),
        d(2026, 6, 30),
    )
    .unwrap();
    assert_eq!(h.initial.as_deref(), Some("current"));
    let got: Vec<_> = h
        .transitions
        .iter()
        .map(|t| {
            (
                t.date,
                t.from.clone().unwrap(),
                t.to.clone().unwrap(),
                t.days,
            )
        })
        .collect();
    let s = |x: &str| x.to_string();
    assert_eq!(
        got,
        [
            (d(2026, 3, 12), s("current"), s("dpd30"), 30),
            (d(2026, 4, 11), s("dpd30"), s("dpd60"), 60),
            (d(2026, 5, 11), s("dpd60"), s("dpd90"), 90),
            (d(2026, 5, 20), s("dpd90"), s("current"), 0),
        ]
    );
}

#[test]
fn history_with_fineract_scheme_enters_from_none_and_pauses_hold() {
    let l = loan();
    let opts = DelinquencyOptions::default()
        .with_pause(d(2026, 2, 12), d(2026, 2, 20))
        .unwrap();
    let h = stage_history(
        &l,
        &StageScheme::fineract_default(),
        &opts,
        d(2026, 2, 1),
        d(2026, 2, 28),
    )
    .unwrap();
    assert_eq!(h.initial, None);
    let got: Vec<_> = h
        .transitions
        .iter()
        .map(|t| (t.date, t.to.clone(), t.days))
        .collect();
    // Day 1 on 02-11; paused 02-12..=02-20; 4 delinquent days on 02-23.
    assert_eq!(
        got,
        [
            (d(2026, 2, 11), Some("dpd1_3".to_string()), 1),
            (d(2026, 2, 23), Some("dpd4_30".to_string()), 4),
        ]
    );
    assert!(stage_history(
        &l,
        &StageScheme::m0_m7(),
        &opts,
        d(2026, 3, 1),
        d(2026, 2, 1)
    )
    .is_err());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn dpd_is_monotone_while_nothing_is_paid(a in 0u64..400, b in 0u64..400, grace in 0u32..10) {
        let l = loan();
        let opts = DelinquencyOptions::default().with_grace_days(grace);
        let (a, b) = (a.min(b), a.max(b));
        let at = |x: u64| Delinquency::assess(&l.position(d(2026, 1, 10) + chrono::Days::new(x)).unwrap(), &opts);
        prop_assert!(at(a).days_past_due() <= at(b).days_past_due());
        prop_assert!(at(a).delinquent_days() <= at(b).delinquent_days());
    }

    #[test]
    fn history_agrees_with_daily_classification(pay_day in 0u64..200, cents in 1i64..400_000) {
        let mut l = loan();
        let start = d(2026, 1, 10);
        l.record(Transaction::repayment("P", start + chrono::Days::new(pay_day), Money::from_minor(cents, Currency::CNY))).unwrap();
        let opts = DelinquencyOptions::default();
        history_is_daily(&l, &opts, start, start + chrono::Days::new(220), |day| day)?;
    }
}

/// `stage_history` of `l` under M0–M7 over `start..=end` agrees day by day
/// with each day classified by `assess` as of `measured(day)`.
fn history_is_daily(
    l: &Loan,
    opts: &DelinquencyOptions,
    start: NaiveDate,
    end: NaiveDate,
    measured: impl Fn(NaiveDate) -> NaiveDate,
) -> Result<(), TestCaseError> {
    let scheme = StageScheme::m0_m7();
    let h = stage_history(l, &scheme, opts, start, end).unwrap();
    let mut stage = h.initial.clone();
    let mut transitions = h.transitions.iter().peekable();
    let mut day = start;
    while day <= end {
        if let Some(t) = transitions.next_if(|t| t.date == day) {
            stage = t.to.clone();
        }
        let del = Delinquency::assess(&l.position(measured(day)).unwrap(), opts);
        let daily = scheme
            .classify(del.days(scheme.basis()))
            .map(|r| r.code.clone());
        prop_assert_eq!(&daily, &stage, "{}", day);
        day = day.succ_opt().unwrap();
    }
    Ok(())
}

/// A review: a second pause that starts the day after the first ends held
/// the stage of the first pause's last day, worked out afresh (M2 on 03-23,
/// inside the second pause); back-to-back pauses hold as one, and a payment
/// during the first shows only after the second. And `stage_on` holds the
/// stage on a pause's first day, where a single `assess` measures that day
/// (DPD 31 on 03-13: M2).
#[test]
fn back_to_back_pauses_hold_as_one() {
    let l = loan();
    let scheme = StageScheme::m0_m7();
    let merged = DelinquencyOptions::default()
        .with_pause(d(2026, 3, 13), d(2026, 4, 1))
        .unwrap();
    let split = DelinquencyOptions::default()
        .with_pause(d(2026, 3, 13), d(2026, 3, 22))
        .unwrap()
        .with_pause(d(2026, 3, 23), d(2026, 4, 1))
        .unwrap();
    let steps = |l: &Loan, o: &DelinquencyOptions| {
        stage_history(l, &scheme, o, d(2026, 3, 1), d(2026, 4, 30))
            .unwrap()
            .transitions
            .iter()
            .map(|t| (t.date, t.to.clone().unwrap(), t.days))
            .collect::<Vec<_>>()
    };
    // 04-02: DPD 51, 20 days paused: 31 delinquent days.
    let m2 = (d(2026, 4, 2), "M2".to_owned(), 31);
    assert_eq!(steps(&l, &merged), std::slice::from_ref(&m2));
    assert_eq!(steps(&l, &split), [m2]);
    assert_eq!(split.held_from(d(2026, 3, 23)), Some(d(2026, 3, 12)));
    assert_eq!(split.held_from(d(2026, 3, 12)), None);
    // The two installments due paid on 03-20, inside the first pause: M0
    // from 04-02, and M1 again when the third (due 04-10) falls overdue.
    let mut paid = loan();
    paid.record(Transaction::repayment("P", d(2026, 3, 20), cny("2000")))
        .unwrap();
    let cure = (d(2026, 4, 2), "M0".to_owned(), 0);
    let third = (d(2026, 4, 11), "M1".to_owned(), 1);
    assert_eq!(steps(&paid, &split), [cure, third]);
    // One day inside a pause.
    let one = DelinquencyOptions::default()
        .with_pause(d(2026, 3, 13), d(2026, 3, 22))
        .unwrap();
    let del = Delinquency::assess(&l.position(d(2026, 3, 13)).unwrap(), &one);
    assert_eq!(del.delinquent_days(), 31);
    let on = |day| stage_on(&l, &scheme, &one, day).unwrap();
    assert_eq!(on(d(2026, 3, 13)).as_deref(), Some("M1"));
    assert_eq!(on(d(2026, 3, 22)).as_deref(), Some("M1"));
    assert_eq!(on(d(2026, 3, 23)).as_deref(), Some("M2"));
    // Regulatory classes count raw days: pauses hold nothing.
    let cn = StageScheme::cn_card_2011();
    assert_eq!(
        stage_on(&l, &cn, &split, d(2026, 5, 12)).unwrap(),
        stage_on(&l, &cn, &DelinquencyOptions::default(), d(2026, 5, 12)).unwrap()
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// With pauses (two, back to back or apart) and a payment, the history
    /// agrees day by day with each day classified as itself, or, inside a
    /// pause, as the last day before it in no pause; `stage_on` agrees.
    #[test]
    fn history_agrees_with_daily_classification_through_pauses(
        pay_day in 0u64..200,
        cents in 1i64..400_000,
        p1 in 1u64..150,
        len1 in 0u64..30,
        gap in 1u64..20,
        len2 in 0u64..30,
        adjacent in any::<bool>(),
    ) {
        let mut l = loan();
        let start = d(2026, 1, 10);
        let day_n = |n: u64| start + chrono::Days::new(n);
        l.record(Transaction::repayment("P", day_n(pay_day), Money::from_minor(cents, Currency::CNY))).unwrap();
        let a_end = p1 + len1;
        let b_start = if adjacent { a_end + 1 } else { a_end + gap + 1 };
        let opts = DelinquencyOptions::default()
            .with_pause(day_n(p1), day_n(a_end)).unwrap()
            .with_pause(day_n(b_start), day_n(b_start + len2)).unwrap();
        // The last day before `day` in no pause (by walking back).
        let walk_back = |mut at: NaiveDate| {
            while opts.pauses().iter().any(|p| p.start <= at && at <= p.end) {
                at = at.pred_opt().unwrap();
            }
            at
        };
        history_is_daily(&l, &opts, start, day_n(220), walk_back)?;
        let scheme = StageScheme::m0_m7();
        prop_assert_eq!(stage_on(&l, &scheme, &opts, day_n(b_start)).unwrap(), {
            let at = opts.held_from(day_n(b_start)).unwrap();
            let del = Delinquency::assess(&l.position(at).unwrap(), &opts);
            scheme.classify(del.days(scheme.basis())).map(|r| r.code.clone())
        });
    }
}

/// RULES.md §1.1 `ref.fineract.chargeback`: a chargeback posted against a
/// not-yet-due installment makes it delinquent from the chargeback date.
/// #1 (due 02-10) paid; 100 charged back onto #3 (due 04-10) on 03-01: on
/// 03-05 the account is 4 days past due, overdue since 03-01.
#[test]
fn chargeback_on_a_future_installment_is_overdue_from_its_date() {
    let mut l = loan();
    l.record(Transaction::repayment("P1", d(2026, 2, 10), cny("1000")))
        .unwrap();
    l.record(Transaction::chargeback(
        "CB1",
        d(2026, 3, 1),
        cny("100"),
        Some(3),
    ))
    .unwrap();
    let opts = DelinquencyOptions::default();
    let p = l.position(d(2026, 3, 5)).unwrap();
    let third = &p.installments()[2];
    assert_eq!(third.chargeback_on(), Some(d(2026, 3, 1)));
    assert_eq!(third.overdue_from(), d(2026, 3, 1));
    assert_eq!(third.status(), crate::loan::InstallmentStatus::Overdue);
    assert_eq!(
        third.outstanding().amount(Component::Principal),
        Decimal::from(1100)
    );
    assert_eq!(p.overdue().total().unwrap(), cny("1100"));
    let del = Delinquency::assess(&p, &opts);
    assert_eq!(del.overdue_since(), Some(d(2026, 3, 1)));
    assert_eq!(del.days_past_due(), 4);
    // The day of the chargeback itself: due, not yet overdue (DPD 0).
    let on_day = Delinquency::assess(&l.position(d(2026, 3, 1)).unwrap(), &opts);
    assert_eq!(on_day.days_past_due(), 0);
    // Once #2 falls due unpaid on 03-10, the chargeback (03-01) is still the
    // older: 11 days on 03-12.
    let later = Delinquency::assess(&l.position(d(2026, 3, 12)).unwrap(), &opts);
    assert_eq!(
        (later.overdue_since(), later.days_past_due()),
        (Some(d(2026, 3, 1)), 11)
    );
    // Stage history enters M1 on 03-02.
    let h = stage_history(
        &l,
        &StageScheme::m0_m7(),
        &opts,
        d(2026, 2, 11),
        d(2026, 3, 5),
    )
    .unwrap();
    assert_eq!(
        h.transitions
            .iter()
            .map(|t| (t.date, t.to.clone()))
            .collect::<Vec<_>>(),
        [(d(2026, 3, 2), Some("M1".to_string()))]
    );
    // A chargeback onto an installment already overdue changes nothing of
    // the dates: #2 (due 03-10) charged back on 03-20 is overdue from 03-10.
    let mut m = loan();
    m.record(Transaction::repayment("P1", d(2026, 2, 10), cny("1000")))
        .unwrap();
    m.record(Transaction::chargeback(
        "CB2",
        d(2026, 3, 20),
        cny("50"),
        Some(2),
    ))
    .unwrap();
    let p = m.position(d(2026, 3, 25)).unwrap();
    assert_eq!(p.installments()[1].chargeback_on(), None);
    assert_eq!(Delinquency::assess(&p, &opts).days_past_due(), 15);
    // In files: `{ type = "chargeback", amount = …, installment = 3 }`.
    let json = serde_json::to_string(l.ledger().transactions().last().unwrap()).unwrap();
    assert!(json.contains(r#""type":"chargeback""#), "{json}");
}

/// A stage history sees both changes when a bounded last range is entered
/// and left within one segment (found by a review: with a single range
/// 1..=30 on the delinquent basis and 3 days of grace, a bullet loan due
/// 2026-02-01 and never paid enters `early` on 02-05 (1 day past the grace)
/// and leaves it on 03-07 (31 days); the history reported neither).
#[test]
fn stage_history_enters_and_leaves_a_bounded_last_range() {
    let scheme = StageScheme::new(
        "s",
        "s",
        DpdBasis::Delinquent,
        vec![StageRange::bounded("early", "1-30", 1, 30)],
    )
    .unwrap();
    let loan = Loan::new(LoanTerms::new(
        "L",
        cny("1000.00"),
        d(2026, 1, 1),
        Rate::ZERO,
        RepaymentMethod::Bullet,
        1,
        d(2026, 2, 1),
    ))
    .unwrap();
    let opts = DelinquencyOptions::default().with_grace_days(3);
    let h = stage_history(&loan, &scheme, &opts, d(2026, 1, 1), d(2026, 4, 1)).unwrap();
    let got: Vec<_> = h
        .transitions
        .iter()
        .map(|t| (t.date, t.to.clone(), t.days))
        .collect();
    assert_eq!(
        got,
        [
            (d(2026, 2, 5), Some("early".to_owned()), 1),
            (d(2026, 3, 7), None, 31)
        ]
    );
}

/// Every overlapping pair of pauses is reported, not only neighbours in
/// start order (found by a review).
#[test]
fn every_overlapping_pause_pair_is_reported() {
    let p = |a: u32, b: u32| Pause {
        start: d(2026, 1, a),
        end: d(2026, 1, b),
    };
    let Err(crate::error::Error::InvalidPolicy { problems }) =
        DelinquencyOptions::new(Decimal::ZERO, 0, vec![p(1, 31), p(5, 6), p(10, 12)])
    else {
        panic!("overlaps accepted")
    };
    let pairs: Vec<&str> = problems.iter().map(|p| p.value.as_str()).collect();
    assert_eq!(
        pairs,
        [
            "2026-01-01..=2026-01-31 and 2026-01-05..=2026-01-06",
            "2026-01-01..=2026-01-31 and 2026-01-10..=2026-01-12"
        ]
    );
}
