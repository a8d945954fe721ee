//! The nightly close allocates nothing per loan-day (ANCHORS.md target A5),
//! checked with a counting global allocator.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use arrears::accrual::{close_portfolio_sequential, AccrualPolicy, ClosePolicy, LoanDay, LprTable};
use arrears::delinquency::StageScheme;
use arrears::money::{Currency, Rate};
use chrono::NaiveDate;
use rust_decimal::Decimal;

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator unchanged; only counts calls.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn close_of_day_allocates_nothing_per_loan() {
    let d = |m, dd| NaiveDate::from_ymd_opt(2026, m, dd).unwrap();
    // The published LPR table ends 2025-08-20: held at its last rate
    // through 2026 (test data).
    let lpr = LprTable::published().with_valid_through(d(12, 31)).unwrap();
    let policy = AccrualPolicy::cn()
        .with_lpr_table(lpr)
        .unwrap()
        .with_late_fee(AccrualPolicy::us().late_fees()[0].clone());
    let close = ClosePolicy::new(
        &policy,
        Currency::CNY,
        arrears::calendar::DayCount::Act360,
        StageScheme::m0_m7(),
        3,
    )
    .unwrap();
    let mut loans: Vec<LoanDay> = (0..10_000i64)
        .map(|i| {
            LoanDay::new(
                &policy,
                Rate::from_percent(Decimal::from(6 + i % 10)).unwrap(),
                d(1, 1),
                if i % 4 == 0 {
                    None
                } else {
                    d(6, 1).checked_sub_days(chrono::Days::new((i % 180) as u64))
                },
                Decimal::new(100_000 + i * 37, 2),
                Decimal::new(i % 5_000, 2),
                Decimal::new(20_000, 2),
                Decimal::new(300_000 + i * 37, 2),
            )
            .unwrap()
        })
        .collect();
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    let mut day = d(6, 1);
    for _ in 0..30 {
        close_portfolio_sequential(&mut loans, &close, day).unwrap();
        day = day.succ_opt().unwrap();
    }
    let after = ALLOCATIONS.load(Ordering::Relaxed);
    assert_eq!(
        after - before,
        0,
        "300,000 loan-days allocated {} times",
        after - before
    );
}
