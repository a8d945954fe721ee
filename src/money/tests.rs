use super::*;
use proptest::prelude::*;

fn d(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap()
}

fn cny(s: &str) -> Money {
    Money::new(d(s), Currency::CNY)
}

#[test]
fn currency_codes_and_validation() {
    assert_eq!(Currency::from_code("JPY").unwrap().minor_units(), 0);
    assert_eq!(Currency::from_code("TWD").unwrap().minor_unit(), d("0.01"));
    assert_eq!(Currency::new("XTS", 3).unwrap().minor_unit(), d("0.001"));
    let err = Currency::new("us", 2).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid `currency.code` value `us`: expected three upper-case ASCII letters (ISO 4217)"
    );
    assert!(Currency::new("XTS", 9).is_err());
    assert!(Currency::from_code("XTS").is_err());
}

#[test]
fn currency_serde() {
    assert_eq!(serde_json::to_string(&Currency::CNY).unwrap(), "\"CNY\"");
    let xts = Currency::new("XTS", 3).unwrap();
    let json = serde_json::to_string(&xts).unwrap();
    assert_eq!(json, r#"{"code":"XTS","minor_units":3}"#);
    assert_eq!(serde_json::from_str::<Currency>(&json).unwrap(), xts);
    assert!(serde_json::from_str::<Currency>("\"ZZZ\"").is_err());
    let m: Money = serde_json::from_str(r#"{"amount":"1234.56","currency":"CNY"}"#).unwrap();
    assert_eq!(m, cny("1234.56"));
    assert_eq!(
        serde_json::to_string(&m).unwrap(),
        r#"{"amount":"1234.56","currency":"CNY"}"#
    );
    assert!(serde_json::from_str::<Money>(r#"{"amount":"1","currency":"CNY","x":1}"#).is_err());
}

#[test]
fn checked_arithmetic() {
    assert_eq!(cny("0.10").checked_add(cny("0.20")).unwrap(), cny("0.30"));
    assert_eq!(cny("1").checked_sub(cny("1.01")).unwrap(), cny("-0.01"));
    let err = cny("1")
        .checked_add(Money::new(Decimal::ONE, Currency::USD))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "currency mismatch: `CNY` and `USD` cannot be combined"
    );
    let max = Money::new(Decimal::MAX, Currency::CNY);
    assert!(matches!(
        max.checked_add(cny("1")),
        Err(Error::Overflow { .. })
    ));
    assert!(matches!(
        max.checked_mul(d("2")),
        Err(Error::Overflow { .. })
    ));
    assert_eq!(cny("3").checked_min(cny("2")).unwrap(), cny("2"));
    assert_eq!(cny("3").checked_max(cny("2")).unwrap(), cny("3"));
    assert_eq!(
        Money::sum(Currency::CNY, &[cny("1.10"), cny("2.20")]).unwrap(),
        cny("3.30")
    );
}

#[test]
fn rounding_modes() {
    // (value, mode, expected at 2 dp)
    let table = [
        ("2.345", Rounding::HalfUp, "2.35"),
        ("-2.345", Rounding::HalfUp, "-2.35"),
        ("2.345", Rounding::HalfEven, "2.34"),
        ("2.355", Rounding::HalfEven, "2.36"),
        ("2.349", Rounding::TowardZero, "2.34"),
        ("-2.349", Rounding::TowardZero, "-2.34"),
        ("2.341", Rounding::AwayFromZero, "2.35"),
        ("-2.341", Rounding::AwayFromZero, "-2.35"),
    ];
    for (v, mode, want) in table {
        assert_eq!(cny(v).round(mode).amount(), d(want), "{v} {mode:?}");
    }
    assert_eq!(
        Money::new(d("1234.5"), Currency::JPY)
            .round(Rounding::HalfUp)
            .amount(),
        d("1235")
    );
}

#[test]
fn mul_div_matches_decimal_and_rounds_once() {
    // RULES.md §2.7 illustration: 24,000 × 6.72 % × 45 / 360 = 201.60.
    let got = mul_div_round(d("24000"), d("3.024"), 360, 2, Rounding::HalfUp).unwrap();
    assert_eq!(got, d("201.60"));
    // 1000 × 0.05 / 12 = 4.1666.. → 4.17 half-up, 4.16 toward zero.
    assert_eq!(
        mul_div_round(d("1000"), d("0.05"), 12, 2, Rounding::HalfUp).unwrap(),
        d("4.17")
    );
    assert_eq!(
        mul_div_round(d("1000"), d("0.05"), 12, 2, Rounding::TowardZero).unwrap(),
        d("4.16")
    );
    // Exact halves: 0.125 → half-even 0.12, half-up 0.13; negative mirrors.
    assert_eq!(
        mul_div_round(d("0.25"), d("1"), 2, 2, Rounding::HalfEven).unwrap(),
        d("0.12")
    );
    assert_eq!(
        mul_div_round(d("0.25"), d("1"), 2, 2, Rounding::HalfUp).unwrap(),
        d("0.13")
    );
    assert_eq!(
        mul_div_round(d("-0.25"), d("1"), 2, 2, Rounding::HalfUp).unwrap(),
        d("-0.13")
    );
    assert_eq!(
        mul_div_round(d("0.35"), d("1"), 2, 2, Rounding::HalfEven).unwrap(),
        d("0.18")
    );
    assert!(mul_div_round(d("1"), d("1"), 0, 2, Rounding::HalfUp).is_err());
    // Large operands take the Decimal fallback without panicking.
    assert!(mul_div_round(Decimal::MAX, Decimal::MAX, 7, 2, Rounding::HalfUp).is_err());
    assert_eq!(
        mul_div_round(Decimal::MAX, d("1"), 1, 0, Rounding::HalfUp).unwrap(),
        Decimal::MAX
    );
}

#[test]
fn allocate_and_split() {
    let parts = cny("100").split(3).unwrap();
    assert_eq!(parts, vec![cny("33.34"), cny("33.33"), cny("33.33")]);
    let parts = cny("-0.05").split(2).unwrap();
    assert_eq!(parts, vec![cny("-0.03"), cny("-0.02")]);
    let parts = cny("10")
        .allocate(&[d("0"), d("1"), d("1"), d("1")])
        .unwrap();
    assert_eq!(parts, vec![cny("0"), cny("3.34"), cny("3.33"), cny("3.33")]);
    // Amounts finer than the minor unit are split at their own scale.
    let parts = cny("0.001").split(2).unwrap();
    assert_eq!(parts, vec![cny("0.001"), cny("0.000")]);
    assert!(cny("1").split(0).is_err());
    assert!(cny("1").allocate(&[]).is_err());
    assert!(cny("1").allocate(&[d("0")]).is_err());
    assert_eq!(
        cny("1")
            .allocate(&[d("-1"), d("2")])
            .unwrap_err()
            .to_string(),
        "invalid `ratios[0]` value `-1`: must not be negative"
    );
}

#[test]
fn rates() {
    let r = Rate::from_daily(d("0.0005"), DayBasis::Days365).unwrap();
    assert_eq!(r.annual(), d("0.1825"));
    assert_eq!(r.percent(), d("18.25"));
    assert_eq!(Rate::from_bps(d("480")).unwrap().annual(), d("0.048"));
    let p = Rate::from_percent(d("4.8"))
        .unwrap()
        .marked_up(d("0.4"))
        .unwrap();
    assert_eq!(p.annual(), d("0.0672"));
    assert!(Rate::from_fraction(d("-0.01")).is_err());
    assert!(Rate::from_fraction(d("100.01")).is_err());
    assert_eq!(
        Rate::from_fraction(d("0.05"))
            .unwrap()
            .periodic(12)
            .unwrap()
            .round_dp(10),
        d("0.0041666667")
    );
    assert_eq!(serde_json::to_string(&r).unwrap(), "\"0.1825\"");
    assert_eq!(serde_json::from_str::<Rate>("\"0.1825\"").unwrap(), r);
    assert!(serde_json::from_str::<Rate>("\"-1\"").is_err());
}

fn arb_money() -> impl Strategy<Value = Money> {
    (any::<i64>(), 0u32..6).prop_map(|(m, s)| Money::new(Decimal::new(m, s), Currency::CNY))
}

proptest! {
    #[test]
    fn allocate_conserves(m in arb_money(), ratios in prop::collection::vec(0u32..1000, 1..12)) {
        let ratios: Vec<Decimal> = ratios.into_iter().map(Decimal::from).collect();
        match m.allocate(&ratios) {
            Ok(parts) => {
                prop_assert_eq!(parts.len(), ratios.len());
                let total = Money::sum(Currency::CNY, &parts).unwrap();
                prop_assert_eq!(total.amount(), m.amount());
                for (p, r) in parts.iter().zip(&ratios) {
                    if r.is_zero() { prop_assert!(p.is_zero()); }
                    prop_assert!(!(m.is_positive() && p.is_negative()));
                }
            }
            Err(_) => prop_assert!(ratios.iter().all(|r| r.is_zero())),
        }
    }

    #[test]
    fn split_conserves_and_is_fair(m in arb_money(), n in 1usize..50) {
        let parts = m.split(n).unwrap();
        prop_assert_eq!(Money::sum(Currency::CNY, &parts).unwrap().amount(), m.amount());
        let unit = Decimal::new(1, m.amount().scale().max(2));
        let max = parts.iter().map(|p| p.amount().abs()).max().unwrap();
        let min = parts.iter().map(|p| p.amount().abs()).min().unwrap();
        prop_assert!(max - min <= unit);
    }

    #[test]
    fn mul_div_agrees_with_decimal(a in -1_000_000_000i64..1_000_000_000, b in 0i64..1_000_000, s in 0u32..8, den in 1i64..1000) {
        let a = Decimal::new(a, 2);
        let b = Decimal::new(b, s);
        for mode in [Rounding::HalfUp, Rounding::HalfEven, Rounding::TowardZero, Rounding::AwayFromZero] {
            let fast = mul_div_round(a, b, den, 2, mode).unwrap();
            let slow = mode.round((a * b) / Decimal::from(den), 2);
            prop_assert_eq!(fast, slow);
        }
    }

    /// `mul_div_round_units` with its 64-bit path gives the 128-bit path's
    /// quotient: mantissas up to and past 64 bits, any scales, signs and
    /// rounding modes.
    #[test]
    fn mul_div_64_bit_path_agrees_with_128(
        a in prop_oneof![-1_000_000_000_000i128..1_000_000_000_000, any::<i64>().prop_map(i128::from), any::<i128>()],
        b in prop_oneof![0i128..1_000_000_000, any::<i64>().prop_map(i128::from)],
        (sa, sb, dp) in (0u32..20, 0u32..29, 0u32..5),
        den in prop_oneof![1i64..1000, 1i64..i64::MAX],
        mode in 0usize..4,
    ) {
        let mode = [Rounding::HalfUp, Rounding::HalfEven, Rounding::TowardZero, Rounding::AwayFromZero][mode];
        let path = |try_64| crate::money::rounding::units_path((a, sa), (b, sb), den, dp, mode, try_64);
        prop_assert_eq!(path(true), path(false));
    }

    #[test]
    fn cmp_dec_agrees_with_decimal(
        a in (any::<u32>(), any::<u32>(), any::<u32>(), any::<bool>(), 0u32..29),
        b in (any::<u32>(), 0u32..3, any::<bool>(), 0u32..29),
    ) {
        // Full 96-bit mantissas against short ones, any scales and signs,
        // zeros of every scale and sign included.
        let pick = |k: u32, v: u32| if a.0 % k == 0 { 0 } else { v };
        let x = Decimal::from_parts(pick(5, a.1), pick(2, a.2), pick(3, a.2 / 3), a.3, a.4);
        let y = Decimal::from_parts(b.0 / (b.1 + 1), 0, 0, b.2, b.3);
        for (p, q) in [(x, y), (y, x), (x, x), (y, y)] {
            prop_assert_eq!(crate::money::cmp_dec(p, q), p.cmp(&q));
        }
    }

    #[test]
    fn constructors_never_panic(code in ".{0,5}", mu in any::<u8>(), lo in any::<u32>(), mid in any::<u32>(), hi in any::<u32>(), scale in any::<u32>()) {
        let _ = Currency::new(&code, mu);
        let _ = Currency::from_code(&code);
        let dec = Decimal::from_parts(lo, mid, hi, false, scale % 29);
        let _ = Rate::from_fraction(dec);
        let _ = Rate::from_percent(dec);
        let _ = Rate::from_bps(dec);
        let _ = Rate::from_daily(dec, DayBasis::Days360);
        let m = Money::new(dec, Currency::CNY);
        let _ = m.checked_add(m);
        let _ = m.checked_mul(dec);
        let _ = m.mul_div(dec, 360, Rounding::HalfUp);
        let _ = m.split(7);
        let _ = m.round(Rounding::HalfEven);
    }
}

/// From a review of the money primitives (2026-11-27), each kept as the
/// case that showed it. References: Python `decimal` and `fractions`.
#[test]
fn review_cases_for_the_money_primitives() {
    // 0.500 × 0.0099999999999999999999999999 = 0.00499999999999999999999999995
    // exactly: 0.00 half-up, written with or without the trailing zero (it
    // was 0.01 with it: the product was rounded before the division).
    let b = d("0.0099999999999999999999999999");
    for a in ["0.50", "0.500", "0.5000000"] {
        assert_eq!(
            mul_div_round(d(a), b, 1, 2, Rounding::HalfUp).unwrap(),
            d("0.00"),
            "{a}"
        );
    }
    assert_eq!(
        cny("0.500").mul_div(b, 1, Rounding::HalfUp).unwrap(),
        cny("0.00")
    );
    // 2e-28 in three parts: the exact shares are 2/3 of a unit each, so 0,
    // 0, 0 and two units handed out in order; they were 1e-28 each (3e-28).
    let parts = Money::new(Decimal::new(2, 28), Currency::CNY)
        .allocate(&[Decimal::ONE; 3])
        .unwrap();
    let units: Vec<Decimal> = parts.iter().map(|p| p.amount()).collect();
    assert_eq!(
        units,
        [Decimal::new(1, 28), Decimal::new(1, 28), Decimal::ZERO]
    );
    let m = Money::new(d("0.0009469849249449216638338425"), Currency::CNY);
    let ratios = [680, 705, 620, 105, 350].map(Decimal::from);
    let parts = m.allocate(&ratios).unwrap();
    assert_eq!(Money::sum(Currency::CNY, &parts).unwrap(), m);
    // A built-in code is its ISO 4217 currency.
    assert_eq!(
        Currency::new("JPY", 2).unwrap_err().to_string(),
        "invalid `currency.minor_units` value `2`: `JPY` has 0 minor-unit digits (ISO 4217)"
    );
    assert!(Currency::new("CNY", 0).is_err());
    assert_eq!(Currency::new("CNY", 2).unwrap(), Currency::CNY);
    // Rates: exact or refused, and a markup below −100 % refused even on a
    // zero rate (it passed as −0).
    assert!(Rate::from_percent(d("0.0000000000000000000000000001")).is_err());
    assert!(Rate::from_bps(d("0.0000000000000000000000000123")).is_err());
    assert_eq!(Rate::from_percent(d("18")).unwrap().annual(), d("0.18"));
    assert_eq!(Rate::from_bps(d("1800")).unwrap().annual(), d("0.18"));
    // A computed percentage past 28 places is rounded there, as before.
    let third = d("20").checked_div(d("3")).unwrap();
    assert!(Rate::from_percent(third).is_ok());
    assert_eq!(
        Rate::ZERO.marked_up(d("-5")).unwrap_err().to_string(),
        "invalid `markup` value `-5`: must not be below -1 (−100 %)"
    );
    assert_eq!(
        Rate::from_percent(d("18"))
            .unwrap()
            .marked_up(d("-1"))
            .unwrap(),
        Rate::ZERO
    );
}

proptest! {
    /// `Money::allocate` conserves any amount a `Decimal` holds, at any
    /// scale up to 28, and never hands a zero ratio anything.
    #[test]
    fn allocate_conserves_any_decimal(m in any::<i64>(), s in 0u32..29, ratios in prop::collection::vec(0u32..1000, 1..6)) {
        let money = Money::new(Decimal::new(m, s), Currency::CNY);
        let ratios: Vec<Decimal> = ratios.into_iter().map(Decimal::from).collect();
        if let Ok(parts) = money.allocate(&ratios) {
            prop_assert_eq!(Money::sum(Currency::CNY, &parts).unwrap(), money);
            for (p, r) in parts.iter().zip(&ratios) {
                prop_assert!(!r.is_zero() || p.is_zero());
                prop_assert!(p.amount().abs() <= money.amount().abs());
            }
        }
    }
}

/// From a review of money and payoff (2026-11-28): sums near a `Decimal`'s
/// limits dropped decimals instead of failing; `split` could allocate
/// without bound; loose number syntax was read; currency and rate errors
/// named the wrong thing.
#[test]
fn review_money_edges() {
    // `Decimal::MAX + 0.49` was `Ok(MAX)`: 0.49 lost.
    let max = Money::new(Decimal::MAX, Currency::CNY);
    assert!(matches!(
        max.checked_add(cny("0.49")),
        Err(Error::Overflow { .. })
    ));
    assert!(matches!(
        (-max).checked_sub(cny("0.49")),
        Err(Error::Overflow { .. })
    ));
    // Exact sums are untouched, near the limit too.
    assert_eq!(
        Money::new(Decimal::MAX - Decimal::ONE, Currency::CNY)
            .checked_add(cny("1"))
            .unwrap(),
        max
    );
    assert_eq!(cny("0.10").checked_add(cny("0.205")).unwrap(), cny("0.305"));
    // `split(usize::MAX)` panicked; `split(1 << 40)` aborted the process.
    assert_eq!(
        cny("1").split(usize::MAX).unwrap_err().to_string(),
        format!("invalid `n` value `{}`: at most 1000000 parts", usize::MAX)
    );
    assert_eq!(cny("1").split(Money::MAX_PARTS).unwrap().len(), 1_000_000);
    // Plain decimals only.
    for bad in [
        "1_000", "1__0", "+1", ".5", "5.", "-", "", "1e3", " 1", "1 ", "--1",
    ] {
        assert!(
            Money::parse("amount", bad, Currency::CNY).is_err(),
            "`{bad}` was read"
        );
        let json = format!("{{\"amount\": \"{bad}\", \"currency\": \"CNY\"}}");
        assert!(
            serde_json::from_str::<Money>(&json).is_err(),
            "`{bad}` was read"
        );
    }
    for good in ["0", "-0", "0.000", "-12.50", "1000"] {
        assert!(
            Money::parse("amount", good, Currency::CNY).is_ok(),
            "{good}"
        );
    }
    assert_eq!(
        Money::parse("amount", "+1", Currency::CNY)
            .unwrap_err()
            .to_string(),
        "invalid `amount` value `+1`: not a decimal amount: expected digits with an optional `-` \
         and `.` (e.g. `-12.50`)"
    );
    // Currencies in files: a code not built in says how to write one; a
    // count of minor units out of range is named; two custom currencies of
    // one code are told apart.
    let kwd = serde_json::from_str::<Currency>("\"KWD\"")
        .unwrap_err()
        .to_string();
    assert!(
        kwd.contains(r#"{ code = "XTS", minor_units = 2 }"#),
        "{kwd}"
    );
    let wide = serde_json::from_str::<Currency>(r#"{"code": "XTS", "minor_units": 300}"#)
        .unwrap_err()
        .to_string();
    assert!(
        wide.contains("invalid `currency.minor_units` value `300`"),
        "{wide}"
    );
    let three = Money::new(Decimal::ONE, Currency::new("XTS", 3).unwrap());
    let two = Money::new(Decimal::ONE, Currency::new("XTS", 2).unwrap());
    assert_eq!(
        three.checked_add(two).unwrap_err().to_string(),
        "currency mismatch: `XTS (3 minor-unit digits)` and `XTS (2 minor-unit digits)` cannot be \
         combined"
    );
    // A rate error gives the value as the caller wrote it.
    assert_eq!(
        Rate::from_percent(Decimal::from(20_000))
            .unwrap_err()
            .to_string(),
        "invalid `rate` value `20000%`: above the maximum annual fraction `100`"
    );
    assert_eq!(
        Rate::from_bps(Decimal::from(-5)).unwrap_err().to_string(),
        "invalid `rate` value `-5 bp`: must not be negative"
    );
}
