//! Schedule generation: 360-period 等额本息 and 等额本金, against the bare
//! `rust_decimal` kernel of `../shared/perf/ANCHORS.md` §3 (appendix), run in
//! the same process so the ratio cancels machine noise.

use arrears::loan::{schedule, LoanTerms, RepaymentMethod};
use arrears::money::{Currency, Money, Rate, Rounding};
use chrono::NaiveDate;
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use rust_decimal::prelude::MathematicalOps;
use rust_decimal::{Decimal, RoundingStrategy};

fn terms(method: RepaymentMethod) -> LoanTerms {
    let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    LoanTerms::new(
        "B",
        Money::new(Decimal::from(200_000), Currency::CNY),
        d(2026, 1, 10),
        Rate::from_percent(Decimal::new(49, 1)).unwrap(),
        method,
        360,
        d(2026, 2, 10),
    )
    .with_rounding(Rounding::HalfEven)
}

#[allow(dead_code)]
struct Row {
    k: u32,
    payment: Decimal,
    interest: Decimal,
    principal: Decimal,
    balance: Decimal,
}

/// The anchor kernel, verbatim in substance (ANCHORS.md appendix).
fn baseline_annuity(p: Decimal, annual: Decimal, n: u32) -> Vec<Row> {
    let r = annual / Decimal::from(12);
    let f = (Decimal::ONE + r).powu(u64::from(n));
    let pmt = (p * r * f / (f - Decimal::ONE))
        .round_dp_with_strategy(2, RoundingStrategy::MidpointNearestEven);
    let mut bal = p;
    let mut rows = Vec::with_capacity(n as usize);
    for k in 1..=n {
        let i = (bal * r).round_dp_with_strategy(2, RoundingStrategy::MidpointNearestEven);
        let pr = if k == n { bal } else { pmt - i };
        bal -= pr;
        rows.push(Row {
            k,
            payment: pr + i,
            interest: i,
            principal: pr,
            balance: bal,
        });
    }
    rows
}

fn bench(c: &mut Criterion) {
    let annuity = terms(RepaymentMethod::EqualInstallment);
    let equal_principal = terms(RepaymentMethod::EqualPrincipal);
    // Same output as the baseline for this loan (both half-even per row).
    let ours = schedule(&annuity).unwrap();
    let base = baseline_annuity(Decimal::from(200_000), Decimal::new(49, 3), 360);
    assert_eq!(ours[0].payment().amount(), base[0].payment);
    assert_eq!(ours[359].payment().amount(), base[359].payment);

    let mut g = c.benchmark_group("schedule");
    g.bench_function("annuity/360", |b| {
        b.iter(|| schedule(black_box(&annuity)).unwrap())
    });
    g.bench_function("equal_principal/360", |b| {
        b.iter(|| schedule(black_box(&equal_principal)).unwrap())
    });
    g.bench_function("baseline_kernel/annuity/360", |b| {
        b.iter(|| {
            baseline_annuity(
                black_box(Decimal::from(200_000)),
                black_box(Decimal::new(49, 3)),
                360,
            )
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
