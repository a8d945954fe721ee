//! [`replay`]: a ledger run through the [`Book`], for loans and card
//! accounts.

use super::billing::{Billing, IssuedStatement, ReversedCharge};
use super::book::Book;
use super::*;
use crate::loan::Transaction;

/// Replays `ledger` against `obligations` up to the end of `as_of` and
/// returns the position.
///
/// Transactions are applied in value-date order (ties in recording order);
/// reversed transactions are left out entirely, so a backdated entry or a
/// reversal re-runs everything after it. Repayments go to installments due on
/// or before the value date, oldest first, each taking penalty, fee,
/// interest, principal in that order; what is left goes to later
/// installments in order, then to a credit balance, which pays any charge
/// or chargeback posted later (an overpaid loan is not delinquent,
/// `ref.fineract.dpd_scope`). Configurable waterfalls
/// ([`crate::allocation`]) and accrued penalties and fees are applied by
/// [`crate::accrual::accrue`], which replays the same ledger.
///
/// # Errors
///
/// [`Error::Overflow`] on absurd amounts; [`Error::CurrencyMismatch`] if an
/// obligation is in another currency than `currency`.
pub fn replay(
    currency: Currency,
    obligations: &[Obligation],
    ledger: &Ledger,
    as_of: NaiveDate,
) -> Result<Position> {
    replay_known(currency, obligations, &ledger.effective(as_of), as_of)
}

/// [`replay`] of the transactions `known` (in value-date order, as
/// [`Ledger::effective`] gives them, possibly as known at a later date)
/// dated up to `as_of`.
pub(crate) fn replay_known(
    currency: Currency,
    obligations: &[Obligation],
    known: &[&Transaction],
    as_of: NaiveDate,
) -> Result<Position> {
    replay_with(Book::new(currency, obligations)?, obligations, known, as_of)
}

/// [`replay_known`] for a card account, whose minimums the `statements`
/// issued, less the `reversed` charges they held (see [`Billing`]).
pub(crate) fn replay_card(
    currency: Currency,
    obligations: &[Obligation],
    statements: Vec<IssuedStatement>,
    reversed: Vec<ReversedCharge>,
    known: &[&Transaction],
    as_of: NaiveDate,
    cycle_end: Option<NaiveDate>,
) -> Result<Position> {
    let mut book = Book::new(currency, obligations)?;
    // The charges of the billing cycle open on `as_of` that `known` (as
    // known later) dates after it, to its end (`cycle_end`, the next
    // statement's date; none: open-ended): a waiver of the cycle cancels
    // them whatever their order (see `loan::card`), though they are not
    // replayed.
    let pool: Vec<&Transaction> = known
        .iter()
        .copied()
        .take_while(|t| cycle_end.map_or(true, |e| t.value_date() <= e))
        .filter(|t| t.value_date() <= as_of || matches!(t.kind(), TxKind::Charge { .. }))
        .collect();
    let known: Vec<&Transaction> = known
        .iter()
        .copied()
        .take_while(|t| t.value_date() <= as_of)
        .collect();
    book.card = Some(Billing::new(statements, reversed, &pool)?);
    replay_with(book, obligations, &known, as_of)
}

fn replay_with(
    mut book: Book,
    obligations: &[Obligation],
    known: &[&Transaction],
    as_of: NaiveDate,
) -> Result<Position> {
    for tx in known.iter().take_while(|t| t.value_date() <= as_of) {
        let date = tx.value_date();
        if let Some(card) = &mut book.card {
            card.issue_before(date, &mut book.slots)?;
        }
        match tx.kind() {
            TxKind::Disbursement { .. } | TxKind::Reversal { .. } | TxKind::ChargeOff => {}
            TxKind::Repayment { amount } => {
                book.repay_default(obligations, date, amount.amount())?
            }
            TxKind::Charge {
                component,
                amount,
                installment,
                ..
            } => {
                book.charge(obligations, date, *component, amount.amount(), *installment)?;
            }
            TxKind::Chargeback {
                amount,
                installment,
            } => book.chargeback(obligations, date, amount.amount(), *installment)?,
            TxKind::Waiver {
                component,
                amount,
                installment,
                ..
            } => {
                book.waive(date, *component, amount.amount(), *installment)?;
            }
        }
    }
    if let Some(card) = &mut book.card {
        card.issue_before(NaiveDate::MAX, &mut book.slots)?;
    }
    book.into_position(obligations, as_of)
}
