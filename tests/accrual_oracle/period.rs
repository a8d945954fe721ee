//! `Posting::Period` in the model (`Posting`'s and `Accrual`'s docs): one
//! rounded posting per interval between events, `round(base × rate × days
//! / basis)`, instead of a rounded amount per day. Within an interval an
//! installment's base for a kind is constant (balances only change at
//! events), so the interval's days collapse into one amount, put on its
//! last day (the comparison sums a record's days); the annualised cap then
//! checks it at the interval's close as it does the daily amounts.

use arrears::calendar::DayCount;
use arrears::money::Rounding;
use chrono::Datelike;
use rust_decimal::Decimal;

use crate::model::MAcc;
use crate::num::div_round;

/// Replaces the daily amounts pending for each installment and kind by one
/// posting for the interval.
pub fn post_period(
    pending: &[[Vec<usize>; 2]],
    accs: &mut [MAcc],
    rate: Decimal,
    dc: DayCount,
    mode: Rounding,
) {
    let (m, s) = (rate.mantissa(), rate.scale());
    // Act/Act (ISDA): "the period is split at each 1 January"
    // (`DayCount::ActActIsda`): one posting per part in one year, over its
    // year's basis.
    let split = dc == DayCount::ActActIsda;
    let mut parts: Vec<&[usize]> = Vec::new();
    for days in pending.iter().flatten() {
        let mut rest = &days[..];
        while let Some(&x) = rest.first() {
            let y = accs[x].day.year();
            let n = rest
                .iter()
                .take_while(|&&z| !split || accs[z].day.year() == y)
                .count();
            parts.push(&rest[..n]);
            rest = &rest[n..];
        }
    }
    for days in parts {
        let basis = crate::more::basis(dc, accs[days[0]].day);
        let (Some(&first), Some(&last)) = (days.first(), days.last()) else {
            continue;
        };
        let base = accs[first].base;
        assert!(
            days.iter().all(|&x| accs[x].base == base),
            "a base changed inside an interval"
        );
        let n: i128 = days.iter().map(|&x| accs[x].days).sum();
        let total = div_round(base * m * n, 10i128.pow(s) * basis, mode);
        for &x in days {
            accs[x].uncapped = 0;
            accs[x].amount = 0;
        }
        accs[last].uncapped = total;
        accs[last].amount = total;
    }
}
