//! Differential: `accrue` with every shortcut (direct payment path, runs of
//! daily postings, fixed-point replay) against the plain engine with none,
//! on loans, ledgers and policies drawn from the bytes. The two must agree
//! to the serialized byte, or fail alike.
#![no_main]

use arrears::accrual::__fuzz::accrue_paths;
use arrears::accrual::{
    AccrualPolicy, AccrualReport, AnnualizedCap, CapBase, CapExcess, CapRate, Caps, FeeBase, LateFeeRule, MarkupBand,
    PenaltyRate, PenaltyRule, Posting, Recurrence, RuleRef, StopRule,
};
use arrears::allocation::Waterfall;
use arrears::calendar::DayCount;
use arrears::delinquency::RuleStatus;
use arrears::loan::{Component, Loan, LoanTerms, RepaymentMethod, Transaction, TxKind};
use arrears::money::{Currency, Money, Rate, Rounding};
use chrono::{Days, NaiveDate};
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;

fn pick<T: Clone>(u: &mut Unstructured, xs: &[T]) -> Result<T> {
    Ok(xs[u.choose_index(xs.len())?].clone())
}

fn day_count(u: &mut Unstructured) -> Result<Option<DayCount>> {
    pick(
        u,
        &[
            None,
            Some(DayCount::Act360),
            Some(DayCount::Act365Fixed),
            Some(DayCount::ActActIsda),
            Some(DayCount::Thirty360BondBasis),
            Some(DayCount::Thirty360Us),
        ],
    )
}

fn rule(id: &str) -> RuleRef {
    RuleRef::new(id, "", RuleStatus::Unverified)
}

fn loan(u: &mut Unstructured, start: NaiveDate) -> Result<Option<Loan>> {
    let currency = pick(
        u,
        &[
            Currency::CNY,
            Currency::USD,
            Currency::JPY,
            Currency::new("KWD", 3).unwrap(),
        ],
    )?;
    let cents = u.int_in_range(1i64..=50_000_000_000)?;
    let rate = Decimal::new(u.int_in_range(0i64..=360)?, 1);
    let method = pick(
        u,
        &[
            RepaymentMethod::EqualInstallment,
            RepaymentMethod::EqualPrincipal,
            RepaymentMethod::InterestOnly,
        ],
    )?;
    let n = u.int_in_range(1u32..=48)?;
    let first = start + Days::new(u.int_in_range(1u64..=60)?);
    let Ok(rate) = Rate::from_percent(rate) else {
        return Ok(None);
    };
    let Ok(mut loan) = Loan::new(LoanTerms::new(
        "F",
        Money::from_minor(cents, currency),
        start,
        rate,
        method,
        n,
        first,
    )) else {
        return Ok(None);
    };
    let txs = u.int_in_range(0usize..=30)?;
    for i in 0..txs {
        let date = start + Days::new(u.int_in_range(0u64..=1_600)?);
        let kind = u.int_in_range(0u8..=12)?;
        let amount = if u.ratio(1u8, 5)? {
            Money::new(Decimal::from(u.int_in_range(1i64..=1_000_000)?), currency)
        } else {
            Money::from_minor(u.int_in_range(1i64..=5_000_000_000)?, currency)
        };
        let id = format!("T{i}");
        let tx = match kind {
            0..=6 => Transaction::repayment(&id, date, amount),
            7 => Transaction::new(&id, date, TxKind::ChargeOff),
            // Charges, waivers and chargebacks take the general engine (the
            // fixed replay gives way), with its direct payment path and runs.
            8..=10 => {
                let component = pick(u, &Component::ALL)?;
                let small = Money::from_minor(u.int_in_range(1i64..=5_000_000)?, currency);
                let n = u32::try_from(loan.obligations().len()).unwrap_or(1).max(1);
                match kind {
                    8 => Transaction::charge(&id, date, component, small),
                    9 => Transaction::waiver(&id, date, component, small),
                    _ => {
                        let target = if u.ratio(1u8, 2)? {
                            None
                        } else {
                            Some(u.int_in_range(1u32..=n)?)
                        };
                        Transaction::chargeback(&id, date, small, target)
                    }
                }
            }
            _ => {
                let target = u.int_in_range(0..=i.max(1) - 1)?;
                Transaction::reversal(&id, date, &format!("T{target}"))
            }
        };
        // Refused transactions (a reversal of a later one ...) are skipped.
        let _ = loan.record(tx);
    }
    Ok(Some(loan))
}

fn policy(u: &mut Unstructured) -> Result<AccrualPolicy> {
    let mut p = pick(
        u,
        &[
            AccrualPolicy::cn(),
            AccrualPolicy::us(),
            AccrualPolicy::uk(),
            AccrualPolicy::new("x"),
        ],
    )?;
    if u.arbitrary()? {
        p = p.with_waterfall(pick(u, &Waterfall::presets())?);
    }
    p = p
        .with_rounding(pick(
            u,
            &[
                Rounding::HalfUp,
                Rounding::HalfEven,
                Rounding::TowardZero,
                Rounding::AwayFromZero,
            ],
        )?)
        .with_posting(pick(u, &[Posting::Daily, Posting::Daily, Posting::Period])?)
        .with_tolerance(Decimal::new(u.int_in_range(0i64..=200)?, 2));
    if u.ratio(1u8, 3)? {
        p = p.with_stop(StopRule {
            at_dpd: if u.arbitrary()? {
                Some(u.int_in_range(1u32..=400)?)
            } else {
                None
            },
            at_charge_off: u.arbitrary()?,
        });
    }
    if u.arbitrary()? {
        let rate = if u.arbitrary()? {
            PenaltyRate::Markup {
                markup: Decimal::new(u.int_in_range(30i64..=50)?, 2),
                band: MarkupBand::Overdue,
            }
        } else {
            let bps = Decimal::new(u.int_in_range(1i64..=100_000)?, u.int_in_range(0u32..=4)?);
            match Rate::from_bps(bps) {
                Ok(rate) => PenaltyRate::Explicit { rate },
                Err(_) => return Ok(p),
            }
        };
        p = p.with_penalty(PenaltyRule {
            rule: rule("p"),
            rate,
            day_count: day_count(u)?,
            compound: u.arbitrary()?,
            compound_rule: None,
        });
    }
    for j in 0..u.int_in_range(0u8..=2)? {
        let amount = |u: &mut Unstructured| -> Result<Decimal> {
            Ok(Decimal::new(
                u.int_in_range(0i64..=50_000)?,
                u.int_in_range(0u32..=2)?,
            ))
        };
        let rate = Decimal::new(u.int_in_range(0i64..=2_000)?, 4);
        let base = match u.int_in_range(0u8..=4)? {
            0 => FeeBase::Flat { amount: amount(u)? },
            1 => FeeBase::Installment { rate },
            2 => FeeBase::OverduePrincipal { rate },
            3 => FeeBase::OverduePrincipalAndInterest { rate },
            _ => FeeBase::UnpaidMinimum { rate },
        };
        let min = if u.arbitrary()? {
            Some(amount(u)?)
        } else {
            None
        };
        let max = if u.arbitrary()? {
            Some(amount(u)?)
        } else {
            None
        };
        p = p.with_late_fee(LateFeeRule {
            rule: rule(&format!("f{j}")),
            after_days: u.int_in_range(0u32..=40)?,
            recurrence: match u.int_in_range(0u8..=2)? {
                0 => Recurrence::Once,
                1 => Recurrence::EveryDays {
                    days: u.int_in_range(1u32..=45)?,
                },
                _ => Recurrence::Monthly,
            },
            base,
            min,
            max,
            cost_basis: None,
        });
    }
    if u.arbitrary()? {
        let mut caps: Caps = p.caps().clone();
        if u.arbitrary()? {
            caps.fees_per_installment = Some(Decimal::new(u.int_in_range(0i64..=20_000)?, 2));
        }
        if u.arbitrary()? {
            caps.fees_per_loan = Some(Decimal::new(u.int_in_range(0i64..=200_000)?, 2));
        }
        if u.arbitrary()? {
            let bps = Decimal::from(u.int_in_range(0i64..=4_000)?);
            if let Ok(rate) = Rate::from_bps(bps) {
                caps.annualized = Some(AnnualizedCap {
                    rule: rule("c"),
                    rate: CapRate::Fixed { rate },
                    day_count: day_count(u)?,
                    rate_rule: None,
                    excess: if u.arbitrary()? {
                        CapExcess::Deferred
                    } else {
                        CapExcess::Waived
                    },
                    base: if u.arbitrary()? {
                        CapBase::OverduePrincipal
                    } else {
                        CapBase::OutstandingPrincipal
                    },
                });
            }
        }
        p = p.with_caps(caps);
    }
    Ok(p)
}

fn case(u: &mut Unstructured) -> Result<()> {
    let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let Some(loan) = loan(u, start)? else {
        return Ok(());
    };
    let policy = policy(u)?;
    // Half the windows from before the disbursement (every record kept):
    // the fixed replay's event loop runs only there.
    let from = if u.arbitrary::<bool>()? {
        start - Days::new(u.int_in_range(0u64..=30)?)
    } else {
        start + Days::new(u.int_in_range(0u64..=1_200)?)
    };
    let to = from + Days::new(u.int_in_range(1u64..=1_200)?);
    let debug = std::env::var_os("ACCRUE_PATHS_DEBUG").is_some();
    if debug {
        // Crash triage: `ACCRUE_PATHS_DEBUG=1 cargo fuzz run accrue_paths ARTIFACT`.
        eprintln!("loan {loan:#?}\npolicy {policy:#?}\nfrom {from} to {to}");
    }
    let t0 = std::time::Instant::now();
    let all = accrue_paths(&loan, from, to, &policy, [true, true, true]);
    let t1 = std::time::Instant::now();
    let plain = accrue_paths(&loan, from, to, &policy, [false, false, false]);
    if debug {
        // Slow-unit triage: which engine took the time.
        eprintln!("shortcuts {:?}, plain engine {:?}", t1 - t0, t1.elapsed());
    }
    match (&all, &plain) {
        (Ok(a), Ok(b)) => {
            let (ja, jb) = (
                serde_json::to_string(a).unwrap(),
                serde_json::to_string(b).unwrap(),
            );
            assert_eq!(ja, jb, "shortcuts and plain engine disagree");
            // The window's start is an interval boundary, so where splitting
            // an interval changes nothing (daily posting, an additive day
            // count, no cap cut) a later start ends in the same position.
            let mid = from + Days::new(u.int_in_range(0u64..=(to - from).num_days() as u64 - 1)?);
            let additive = !matches!(
                policy
                    .penalty()
                    .and_then(|p| p.day_count)
                    .unwrap_or(loan.terms().day_count()),
                DayCount::Thirty360BondBasis
                    | DayCount::Thirty360Us
                    | DayCount::ThirtyE360
                    | DayCount::ThirtyE360Isda
            );
            let uncut = |r: &AccrualReport| r.records.iter().all(|x| x.capped_by.is_none());
            let neutral = policy.posting() == Posting::Daily && additive && uncut(a);
            if let Ok(m) = accrue_paths(&loan, mid, to, &policy, [true, true, true])
                .map_err(|_| ())
                .and_then(|m| if neutral && uncut(&m) { Ok(m) } else { Err(()) })
            {
                assert_eq!(
                    serde_json::to_string(&m.position).unwrap(),
                    serde_json::to_string(&a.position).unwrap(),
                    "the position depends on the window's start ({mid})"
                );
            }
        }
        // Both fail (an overflow may be reported by another operation).
        (Err(_), Err(_)) => {}
        _ => panic!("one path failed: shortcuts {all:?}, plain {plain:?}"),
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = case(&mut Unstructured::new(data));
});
