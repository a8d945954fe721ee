use arrears::accrual::{accrue, AccrualPolicy};
use arrears::loan::{Loan, LoanTerms, RepaymentMethod, Transaction};
use arrears::money::{Currency, Money, Rate};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::hint::black_box;
fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}

fn ten_year_loan() -> Loan {
    let mut loan = Loan::new(LoanTerms::new(
        "TEN",
        Money::new(Decimal::from(120_000), Currency::CNY),
        d(2019, 9, 10),
        Rate::from_percent(Decimal::new(72, 1)).unwrap(),
        RepaymentMethod::EqualInstallment,
        120,
        d(2019, 10, 10),
    ))
    .unwrap();
    let pay = loan.schedule()[0].payment();
    let dues: Vec<NaiveDate> = loan.schedule().iter().map(|r| r.due_date()).collect();
    for (k, due) in dues
        .iter()
        .enumerate()
        .take(100)
        .filter(|(k, _)| k % 2 == 0)
    {
        // Every other installment paid, one in five of those 20 days late.
        let late = if k % 10 == 0 { 20 } else { 0 };
        let date = due.checked_add_days(chrono::Days::new(late)).unwrap();
        loan.record(Transaction::repayment(
            &format!("P{k}"),
            date,
            pay.checked_mul(Decimal::TWO).unwrap(),
        ))
        .unwrap();
    }
    assert_eq!(loan.ledger().transactions().len(), 50);
    loan
}

fn main() {
    let mut policy = AccrualPolicy::cn().with_late_fee(AccrualPolicy::us().late_fees()[0].clone());
    let v = std::env::var("V").unwrap_or_default();
    if v.contains("nocap") {
        policy = policy.with_caps(arrears::accrual::Caps::default());
    }
    if v.contains("nofee") {
        let mut q = AccrualPolicy::cn();
        if v.contains("nocap") {
            q = q.with_caps(arrears::accrual::Caps::default());
        }
        policy = q;
    }
    if v.contains("nostop") {
        policy = policy.with_stop(arrears::accrual::StopRule::default());
    }
    let loan = ten_year_loan();
    let n: usize = std::env::var("N")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1000);
    let end = if std::env::var("FULL").is_ok_and(|v| v == "1") {
        d(2029, 9, 11)
    } else {
        d(2026, 1, 11)
    };
    if std::env::var("KINDS").is_ok() {
        let r = accrue(&loan, d(2019, 9, 10), end, &policy).unwrap();
        for a in &r.records {
            println!(
                "{:?} {} {} {} {} {} {:?}",
                a.kind,
                a.installment,
                a.from,
                a.to,
                a.days,
                a.amount.amount(),
                a.capped_by
            );
        }
        return;
    }
    if std::env::var("POS").is_ok() {
        let r = accrue(&loan, d(2019, 9, 10), end, &policy).unwrap();
        for p in r.position.installments() {
            println!(
                "{} {:?} {:?} {:?}",
                p.seq(),
                p.due_date(),
                p.status(),
                p.outstanding()
            );
        }
        println!("credit {:?}", r.position.credit());
        return;
    }
    let t = std::time::Instant::now();
    let mut recs = 0;
    for _ in 0..n {
        let r = accrue(black_box(&loan), d(2019, 9, 10), end, &policy).unwrap();
        recs += r.records.len();
        if std::env::var("CAPS").is_ok() {
            eprintln!(
                "capped {}",
                r.records.iter().filter(|a| a.capped_by.is_some()).count()
            );
        }
    }
    let el = t.elapsed();
    println!(
        "{} records/call, {:.2} us/call",
        recs / n,
        el.as_secs_f64() * 1e6 / n as f64
    );
}
