//! `Posting::Period` in the model (`Posting`'s and `Accrual`'s docs): one
//! rounded posting per interval between events, `round(base × rate × days
//! / basis)`, instead of a rounded amount per day. Within an interval an
//! installment's base for a kind is constant (balances only change at
//! events), so the interval's days collapse into one amount, put on its
//! last day (the comparison sums a record's days); the annualised cap then
//! checks it at the interval's close as it does the daily amounts.

use arrears::money::Rounding;
use rust_decimal::Decimal;

use crate::model::MAcc;
use crate::num::div_round;

/// Replaces the daily amounts pending for each installment and kind by one
/// posting for the interval.
pub fn post_period(
    pending: &[[Vec<usize>; 2]],
    accs: &mut [MAcc],
    rate: Decimal,
    basis: i128,
    mode: Rounding,
) {
    let (m, s) = (rate.mantissa(), rate.scale());
    for days in pending.iter().flatten() {
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
