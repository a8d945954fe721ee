//! Properties of single-debt allocation: money conserved to the last digit,
//! no part negative, every input refused or allocated without a panic.

use super::*;

fn arb_component() -> impl Strategy<Value = Component> {
    prop::sample::select(Component::ALL.to_vec())
}

fn arb_waterfall() -> impl Strategy<Value = Waterfall> {
    (
        prop::sample::select(Waterfall::presets()),
        any::<bool>(),
        0..3usize,
        0..3usize,
    )
        .prop_map(|(w, vertical, f, o)| {
            w.with_processing(if vertical {
                Processing::Vertical
            } else {
                Processing::Horizontal
            })
            .with_future_order(
                [
                    FutureOrder::NextInstallment,
                    FutureOrder::LastInstallment,
                    FutureOrder::Reamortization,
                ][f],
            )
            .with_overpayment(
                [
                    Overpayment::CreditBalance,
                    Overpayment::PrepayNext,
                    Overpayment::ReduceTerm,
                ][o],
            )
        })
}

fn arb_receivables() -> impl Strategy<Value = Vec<Receivable>> {
    prop::collection::vec(
        (
            0u32..6,
            0u32..40,
            prop::array::uniform4(0i64..50_000),
            0u32..4,
        ),
        0..8,
    )
    .prop_map(|v| {
        v.into_iter()
            .map(|(seq, day, owed, scale)| {
                let mut b = Breakdown::zero(Currency::USD);
                for (c, m) in Component::ALL.iter().zip(owed) {
                    b.set(*c, Decimal::new(m, scale));
                }
                Receivable {
                    seq,
                    due_date: d(1, 1) + chrono::Days::new(day.into()),
                    outstanding: b,
                }
            })
            .collect()
    })
}

/// Differences `Decimal` would round are refused: the parts of an
/// allocation sum to what it applied, to the last digit (a review found
/// 0.02 created from nothing at 10^28).
#[test]
fn amounts_decimal_cannot_hold_exactly_are_refused() {
    let w = Waterfall::mifos_standard();
    let cents = [
        rec(1, d(1, 15), ["0", "0", "0", "0.01"]),
        rec(2, d(1, 16), ["0", "0", "0", "0.01"]),
    ];
    let err = allocate(usd("10000000000000000000000000000"), d(3, 1), &cents, &w).unwrap_err();
    assert_eq!(
        err.to_string(),
        "arithmetic overflow in subtract of `10000000000000000000000000000` and `0.01`"
    );
    // A sub-cent owed amount at 28 places against an ordinary payment.
    let tiny = [rec(
        1,
        d(1, 15),
        ["0", "0", "0", "0.0000000000000000000000000001"],
    )];
    let err = allocate(usd("1000000.00"), d(3, 1), &tiny, &w).unwrap_err();
    assert_eq!(
        err.to_string(),
        "arithmetic overflow in subtract of `1000000.00` and `0.0000000000000000000000000001`"
    );
    // At 27 places it fits, and is exact.
    let fine = [rec(
        1,
        d(1, 15),
        ["0", "0", "0", "0.000000000000000000000000001"],
    )];
    let a = allocate(usd("10.00"), d(3, 1), &fine, &w).unwrap();
    assert_eq!(
        a.parts[0].amount.amount().to_string(),
        "0.000000000000000000000000001"
    );
    assert_eq!(
        a.overpayment.amount().to_string(),
        "9.999999999999999999999999999"
    );
    assert_eq!(
        a.applied.amount().to_string(),
        "0.000000000000000000000000001"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn allocation_conserves_and_caps(
        recs in arb_receivables(),
        w in arb_waterfall().boxed(),
        cents in 1i64..300_000,
        scale in 2u32..4,
        day in 0u64..40,
        no_adv in any::<bool>(),
    ) {
        let w = if no_adv { no_advance(w.overpayment()) } else { w };
        let payment = Money::new(Decimal::new(cents, scale), Currency::USD);
        let a = allocate(payment, d(1, 1) + chrono::Days::new(day), &recs, &w).unwrap();
        let sum = Money::sum(Currency::USD, a.parts.iter().map(|p| &p.amount)).unwrap();
        prop_assert_eq!(sum, a.applied);
        prop_assert_eq!(a.applied.checked_add(a.overpayment).unwrap(), payment);
        prop_assert!(!a.overpayment.is_negative());
        // Per (seq, due date) receivable and component: paid ≤ owed. Parts
        // do not name the receivable's index, so compare per seq totals.
        for c in Component::ALL {
            for seq in 0..6 {
                let owed: Decimal = recs.iter().filter(|r| r.seq == seq).map(|r| r.outstanding.amount(c)).sum();
                let paid: Decimal = a.parts.iter().filter(|p| p.seq == seq && p.component == c).map(|p| p.amount.amount()).sum();
                prop_assert!(paid <= owed, "seq {} {:?}: paid {} owed {}", seq, c, paid, owed);
            }
        }
        prop_assert!(a.parts.iter().all(|p| p.amount.is_positive()));
        // Money is only left over when everything reachable is paid (all
        // of it, when the waterfall reaches in-advance installments).
        let total: Decimal = recs.iter().map(|r| r.outstanding.total().unwrap().amount()).sum();
        if w.rules().iter().any(|r| r.due_type == DueType::InAdvance) {
            prop_assert_eq!(a.applied.amount(), total.min(payment.amount()));
        }
    }

    /// When `Waterfall::in_advance_prefix` says so, allocating over the
    /// shortest prefix of in-advance installments whose masked outstanding
    /// reaches the payment (what the accrual engine passes) gives the same
    /// parts as allocating over all of them.
    #[test]
    fn in_advance_prefix_is_enough(
        recs in arb_receivables(),
        w in arb_waterfall().boxed(),
        cents in 1i64..300_000,
        day in 0u64..40,
        no_adv in any::<bool>(),
    ) {
        let w = if no_adv { no_advance(w.overpayment()) } else { w };
        let Some(mask) = w.in_advance_prefix() else { return Ok(()) };
        let mut recs = recs;
        recs.sort_by_key(|r| (r.due_date, r.seq));
        let date = d(1, 1) + chrono::Days::new(day);
        let payment = Money::new(Decimal::new(cents, 2), Currency::USD);
        let mut reach = Decimal::ZERO;
        let mut prefix = Vec::new();
        for r in &recs {
            if r.due_date > date {
                if reach >= payment.amount() {
                    break;
                }
                for (k, c) in Component::ALL.into_iter().enumerate() {
                    if mask[k] {
                        reach += r.outstanding.amount(c);
                    }
                }
            }
            prefix.push(*r);
        }
        let all = allocate(payment, date, &recs, &w).unwrap();
        let some = allocate(payment, date, &prefix, &w).unwrap();
        prop_assert_eq!(all, some);
    }

    #[test]
    fn arbitrary_inputs_never_panic(
        owed in prop::collection::vec((any::<i64>(), 0u32..29, arb_component(), any::<u32>(), -400i64..400), 0..6),
        pay in any::<i64>(),
        pay_scale in 0u32..29,
        w in arb_waterfall().boxed(),
    ) {
        let recs: Vec<Receivable> = owed
            .into_iter()
            .map(|(m, s, c, seq, day)| {
                let mut b = Breakdown::zero(Currency::USD);
                b.set(c, Decimal::new(m, s));
                Receivable { seq, due_date: d(6, 1) + chrono::TimeDelta::days(day), outstanding: b }
            })
            .collect();
        let payment = Money::new(Decimal::new(pay, pay_scale), Currency::USD);
        if let Ok(a) = allocate(payment, d(6, 1), &recs, &w) {
            prop_assert_eq!(a.applied.checked_add(a.overpayment).unwrap(), payment);
            // Exactly: the parts are what was applied.
            prop_assert!(unaccounted(a.applied.amount(), a.parts.iter().map(|p| p.amount.amount())).is_zero());
            prop_assert!(a.parts.iter().all(|p| p.amount.is_positive()));
        }
    }
}
