//! Plan negotiation: 100,000 mixed requests against the `cn` preset
//! (approved 60-installment plans, counter-offers, settlements, waivers,
//! promises, deferrals, re-aging, rejections), and one 60-installment
//! approval on its own. Target: ≤ 20 µs per decision.

use arrears::loan::{
    Component, Frequency, Loan, LoanTerms, Position, RepaymentMethod, Transaction,
};
use arrears::money::{Currency, Money, Rate};
use arrears::plan::{evaluate, AccountFlag, DebtorFacts, NegotiationPolicy, PlanRequest, Term};
use chrono::NaiveDate;
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use rust_decimal::Decimal;

const N: usize = 100_000;

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}

fn cny(x: i64) -> Money {
    Money::new(Decimal::from(x), Currency::CNY)
}

/// A 12-month loan with fees and penalties, three installments paid.
fn position(principal: i64, as_of: NaiveDate) -> Position {
    let mut loan = Loan::new(LoanTerms::new(
        "L",
        cny(principal),
        d(2025, 6, 10),
        Rate::from_percent(Decimal::from(12)).unwrap(),
        RepaymentMethod::EqualInstallment,
        12,
        d(2025, 7, 10),
    ))
    .unwrap();
    let pay = loan.schedule()[0].payment();
    for k in 0..3u32 {
        loan.record(Transaction::repayment(
            &format!("P{k}"),
            d(2025, 7 + k, 10),
            pay,
        ))
        .unwrap();
    }
    loan.record(Transaction::charge(
        "F",
        d(2025, 11, 20),
        Component::Fee,
        cny(50),
    ))
    .unwrap();
    loan.record(Transaction::charge(
        "X",
        d(2026, 1, 5),
        Component::Penalty,
        cny(120),
    ))
    .unwrap();
    loan.position(as_of).unwrap()
}

fn requests(as_of: NaiveDate) -> Vec<(PlanRequest, usize, DebtorFacts)> {
    let first = d(2026, 3, 10);
    let inst = |count| Term::Installments {
        count,
        frequency: Frequency::Monthly,
        first_due: first,
        down_payment: None,
    };
    let kinds: Vec<(Vec<Term>, DebtorFacts)> = vec![
        (vec![inst(60)], DebtorFacts::default()),
        (vec![inst(72)], DebtorFacts::default()),
        (
            vec![inst(12)],
            DebtorFacts {
                monthly_income: Some(cny(3000)),
                ..DebtorFacts::default()
            },
        ),
        (
            vec![
                Term::Waiver {
                    component: Component::Penalty,
                    amount: None,
                    percent: Some(Decimal::ONE_HUNDRED),
                },
                Term::Waiver {
                    component: Component::Interest,
                    amount: None,
                    percent: Some(Decimal::from(80)),
                },
                inst(24),
                Term::RateChange {
                    new_rate: None,
                    months: 24,
                },
            ],
            DebtorFacts::default(),
        ),
        (
            vec![Term::Settlement {
                amount: cny(20_000),
                pay_by: d(2026, 3, 20),
                installments: 3,
            }],
            DebtorFacts::default(),
        ),
        (
            vec![Term::PromiseToPay {
                amount: cny(2_000),
                date: d(2026, 3, 30),
            }],
            DebtorFacts::default(),
        ),
        (
            vec![Term::Deferral {
                days: Some(60),
                until: None,
            }],
            DebtorFacts::default(),
        ),
        (
            vec![
                Term::ReAge {
                    count: 36,
                    frequency: Frequency::Monthly,
                    first_due: first,
                },
                Term::DueDateChange { day_of_month: 28 },
            ],
            DebtorFacts::default(),
        ),
        (
            vec![inst(24)],
            DebtorFacts {
                flags: vec![AccountFlag::Dispute],
                ..DebtorFacts::default()
            },
        ),
    ];
    let _ = as_of;
    (0..N)
        .map(|i| {
            let (terms, facts) = kinds[i % kinds.len()].clone();
            (PlanRequest::new(Currency::CNY, terms), i % 3, facts)
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let as_of = d(2026, 2, 25);
    let positions = [
        position(36_000, as_of),
        position(120_000, as_of),
        position(8_000, as_of),
    ];
    let policy = NegotiationPolicy::cn();
    let reqs = requests(as_of);

    let mut g = c.benchmark_group("plan");
    g.sample_size(10);
    g.throughput(Throughput::Elements(N as u64));
    g.bench_function("evaluate/mixed_cn/100k", |b| {
        b.iter(|| {
            let mut plans = 0usize;
            for (req, p, facts) in black_box(&reqs) {
                let dec = evaluate(req, &positions[*p], facts, &policy, as_of).unwrap();
                plans += dec.plan().map_or(0, |p| p.schedule().len());
            }
            plans
        })
    });
    g.finish();

    let mut g = c.benchmark_group("plan");
    let req = &reqs[0];
    g.bench_function("evaluate/installments_60_approved/1", |b| {
        b.iter(|| evaluate(black_box(&req.0), &positions[0], &req.2, &policy, as_of).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
