//! The interval loop's postings: each interval between events accrued as
//! the general engine's `Engine::accrue_interval` does, with the runs of
//! daily postings carried forward ([`runs`](super::runs)).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{days_between, Amt, Fx, Rec, Replay};
use crate::accrual::engine::AccrualKind;
use crate::accrual::pieces::{anchored_days, is_thirty, push_pieces};
use crate::accrual::policy::Posting;
use crate::loan::Component;

impl Replay<'_> {
    pub(super) fn accrue_interval(
        &mut self,
        start: NaiveDate,
        end: NaiveDate,
        runs_ok: bool,
    ) -> Fx<()> {
        if self.stopped(start)? {
            return self.settle_runs();
        }
        let keep = start >= self.keep_from;
        let actual = days_between(start, end);
        self.grow_cap(start, end, actual)?;
        let Some(rate) = self.penalty_rate else {
            return Some(());
        };
        let first = if self.continue_runs(start, end, actual, keep)? {
            self.runs.upto
        } else {
            self.settle_runs()?;
            self.first_open
        };
        let posting = self.policy.posting();
        // Whether every piece posted below can go on as a run.
        // A 30/360 installment counts its days from its own anchor: no
        // runs shared across installments.
        let mut all = runs_ok && posting == Posting::Daily && !is_thirty(self.penalty_dc);
        let mut i = first;
        while i < self.obligations.len() && self.obligations[i].due_date < start {
            for (kind, base) in self.bases(i) {
                if base.is_zero() {
                    continue;
                }
                if self.pieces.is_empty() {
                    push_pieces(self.penalty_dc, start, end, actual, &mut self.pieces);
                }
                let k = 2 * i + usize::from(kind != AccrualKind::PenaltyInterest);
                // The last piece's daily amount, amount and cut, for a run.
                let mut posted = None;
                let mut per_day = Amt::ZERO;
                for p in 0..self.pieces.len() {
                    let (s, e, days, basis) = self.pieces[p];
                    let days =
                        anchored_days(self.penalty_dc, self.obligations[i].due_date, s, e, days);
                    let uncapped = match posting {
                        Posting::Daily => {
                            per_day = self.day_amount(k, base, rate, basis)?;
                            per_day.mul_int(days)?
                        }
                        Posting::Period => {
                            let r = rate.checked_mul(Decimal::from(days))?;
                            self.mul_div_round(base, r, i64::from(basis))?
                        }
                    };
                    let (amount, capped_by) = self.apply_cap(uncapped)?;
                    if amount.is_negative() {
                        return None;
                    }
                    posted = Some((amount, capped_by.is_some()));
                    self.book.slots[i].add_due(Component::Penalty, amount)?;
                    if keep {
                        if capped_by.is_none()
                            && self.extend_last(k, (s, e, days, basis), base, uncapped, amount)?
                        {
                            continue;
                        }
                        self.last_rec[k] = self.records.len();
                        self.records.push(Rec {
                            kind,
                            i,
                            from: s,
                            to: e,
                            base,
                            rate: Some(rate),
                            days,
                            basis,
                            uncapped,
                            amount,
                            fee: 0,
                            capped_by,
                        });
                    }
                }
                if all {
                    all = match posted {
                        Some(posted) if self.pieces.len() == 1 => {
                            self.start_run((i, k), base, per_day, posted, keep)
                        }
                        _ => false,
                    };
                }
            }
            i += 1;
        }
        self.close_interval(end, i, keep, all)
    }

    /// Installment `i`'s penalty base (its open principal) and compound
    /// base (its open interest, if the policy compounds; else zero), with
    /// their kinds.
    pub(super) fn bases(&self, i: usize) -> [(AccrualKind, Amt); 2] {
        let slot = &self.book.slots[i];
        let interest = if self.compound {
            slot.open(Component::Interest)
        } else {
            Amt::ZERO
        };
        [
            (
                AccrualKind::PenaltyInterest,
                slot.open(Component::Principal),
            ),
            (AccrualKind::CompoundInterest, interest),
        ]
    }

    /// The daily amount of installment and kind `k`, kept while its base and
    /// basis stay the same.
    fn day_amount(&mut self, k: usize, base: Amt, rate: Decimal, basis: u32) -> Fx<Amt> {
        if let Some((b, bs, amount)) = self.day_amounts[k] {
            if bs == basis && b == base {
                return Some(amount);
            }
        }
        let amount = self.mul_div_round(base, rate, i64::from(basis))?;
        self.day_amounts[k] = Some((base, basis, amount));
        Some(amount)
    }

    /// [`Posting::Daily`]: a piece that continues the last record of its
    /// installment and kind on the same base and basis extends it.
    fn extend_last(
        &mut self,
        k: usize,
        (s, e, days, basis): (NaiveDate, NaiveDate, i64, u32),
        base: Amt,
        uncapped: Amt,
        amount: Amt,
    ) -> Fx<bool> {
        if self.policy.posting() != Posting::Daily {
            return Some(false);
        }
        let Some(r) = self.records.get_mut(self.last_rec[k]) else {
            return Some(false);
        };
        if r.to != s
            || r.basis != basis
            || r.capped_by.is_some()
            || (r.base != base && !r.base.cmp_value(base).is_eq())
        {
            return Some(false);
        }
        r.uncapped = r.uncapped.add(uncapped)?;
        r.amount = r.amount.add(amount)?;
        r.days = r.days.checked_add(days)?;
        r.to = e;
        Some(true)
    }
}
