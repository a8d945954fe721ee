//! The tour's three sample accounts.

use super::*;

/// CNY 24,000 over 12 months at 9.6 % a year, 等额本息. Pays April to June,
/// misses every installment from July, pays part of what is overdue in
/// October.
pub(super) fn consumer_loan() -> Res<Loan> {
    let terms = LoanTerms::new(
        "CN-CONSUMER-001",
        money("24000", Currency::CNY)?,
        date(2026, 3, 15)?,
        Rate::from_percent(Decimal::new(96, 1))?,
        RepaymentMethod::EqualInstallment,
        12,
        date(2026, 4, 15)?,
    );
    let mut loan = Loan::new(terms)?;
    let payment = loan.schedule()[0].payment();
    for (i, (m, d)) in [(4, 15), (5, 14), (6, 15)].into_iter().enumerate() {
        loan.record(Transaction::repayment(
            &format!("P{}", i + 1),
            date(2026, m, d)?,
            payment,
        ))?;
    }
    loan.record(Transaction::repayment(
        "P4",
        date(2026, 10, 8)?,
        money("2000", Currency::CNY)?,
    ))?;
    Ok(loan)
}

/// A USD card with a $5,000 limit at 24.99 % APR; statements on the 5th, due
/// on the 30th; the holder pays the first minimum, then nothing.
pub(super) fn card_account() -> Res<CardAccount> {
    let mut card = CardAccount::new(
        "US-CARD-042",
        money("5000", Currency::USD)?,
        date(2026, 1, 20)?,
        Rate::from_percent(Decimal::new(2499, 2))?,
    )?;
    let rule = MinimumPaymentRule::us_typical();
    let balances = [
        ("3200", "0"),
        ("3230", "66.10"),
        ("3230", "134.90"),
        ("3230", "205.00"),
        ("3230", "276.00"),
    ];
    for (i, (p, int)) in balances.iter().enumerate() {
        let mut b = Breakdown::zero(Currency::USD);
        b.set(Component::Principal, Decimal::from_str_exact(p)?);
        b.set(Component::Interest, Decimal::from_str_exact(int)?);
        let month = 5 + u32::try_from(i)?;
        card.add_statement_with_rule(date(2026, month, 5)?, date(2026, month, 30)?, b, &rule)?;
        if i == 0 {
            card.record(Transaction::repayment(
                "C1",
                date(2026, 5, 28)?,
                money("32.00", Currency::USD)?,
            ))?;
        }
    }
    Ok(card)
}

/// CNY 60,000 over 24 months at 3.6 % a year (a daily rate of 万分之一 on a
/// 360-day basis), 等额本金, always paid on the due date.
pub(super) fn current_loan() -> Res<Loan> {
    let terms = LoanTerms::new(
        "CN-SME-777",
        money("60000", Currency::CNY)?,
        date(2026, 1, 20)?,
        Rate::from_daily(Decimal::new(1, 4), DayBasis::Days360)?,
        RepaymentMethod::EqualPrincipal,
        24,
        date(2026, 2, 20)?,
    );
    let mut loan = Loan::new(terms)?;
    let rows: Vec<_> = loan
        .schedule()
        .iter()
        .map(|r| (r.due_date(), r.payment()))
        .collect();
    for (i, (due, pay)) in rows.into_iter().enumerate() {
        if due <= date(2026, 11, 25)? {
            loan.record(Transaction::repayment(&format!("S{i}"), due, pay))?;
        }
    }
    Ok(loan)
}
