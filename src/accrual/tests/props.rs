//! Property tests: additivity over splits, caps never exceeded, no panic on
//! any policy or ledger; the strategies other modules draw from.

use super::*;

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

pub(in crate::accrual) fn arb_policy() -> impl Strategy<Value = AccrualPolicy> {
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
pub(in crate::accrual) fn arb_paid_loan() -> impl Strategy<Value = Loan> {
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
