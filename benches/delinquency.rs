//! DPD + stage classification over 1,000,000 loans, against a bare loop that
//! computes `as_of − overdue_since` and the M-bucket formula of RULES.md §1.2.

use arrears::delinquency::{Delinquency, DelinquencyOptions, StageScheme};
use arrears::loan::{Loan, LoanTerms, RepaymentMethod, Transaction};
use arrears::money::{Currency, Money, Rate};
use chrono::NaiveDate;
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use rust_decimal::Decimal;

const N: usize = 1_000_000;

fn portfolio(as_of: NaiveDate) -> Vec<Option<NaiveDate>> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..N)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // 60 % current, the rest 1..=400 days late.
            if x % 10 < 6 {
                None
            } else {
                as_of.checked_sub_days(chrono::Days::new(1 + (x >> 8) % 400))
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let loans = portfolio(as_of);
    let m = StageScheme::m0_m7();
    let us = StageScheme::us_30_180();
    let opts = DelinquencyOptions::default().with_grace_days(3);

    let mut g = c.benchmark_group("delinquency");
    g.sample_size(20);
    g.bench_function("dpd_and_two_schemes/1m", |b| {
        b.iter(|| {
            let mut acc = 0usize;
            for since in black_box(&loans) {
                let del = Delinquency::from_overdue_since(*since, as_of, &opts);
                acc += m.index_of(del.days(m.basis())).unwrap_or(0);
                acc += us.index_of(del.days(us.basis())).unwrap_or(0);
            }
            acc
        })
    });
    g.bench_function("baseline_kernel/dpd_bucket/1m", |b| {
        b.iter(|| {
            let mut acc = 0usize;
            for since in black_box(&loans) {
                let dpd = since.map_or(0, |s| (as_of - s).num_days().max(0) as u32);
                let bucket = if dpd == 0 { 0 } else { dpd.div_ceil(30).min(7) };
                acc += bucket as usize;
            }
            acc
        })
    });
    g.finish();

    // Per-loan cost of the full path: replay a 12-installment loan with five
    // payments, then assess and classify.
    let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    let mut loan = Loan::new(LoanTerms::new(
        "L",
        Money::new(Decimal::from(12_000), Currency::CNY),
        d(2026, 1, 10),
        Rate::from_percent(Decimal::from(12)).unwrap(),
        RepaymentMethod::EqualInstallment,
        12,
        d(2026, 2, 10),
    ))
    .unwrap();
    for k in 0..5u32 {
        let date = d(2026, 2 + k, 12);
        loan.record(Transaction::repayment(
            &format!("P{k}"),
            date,
            Money::new(Decimal::from(1_066), Currency::CNY),
        ))
        .unwrap();
    }
    let mut g = c.benchmark_group("delinquency");
    g.bench_function("replay_assess_classify/12x5", |b| {
        b.iter(|| {
            let pos = loan.position(black_box(as_of)).unwrap();
            let del = Delinquency::assess(&pos, &opts);
            m.index_of(del.days(m.basis()))
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
