//! Runs: daily postings carried forward in one step, the bookkeeping shared
//! by the general engine and the fixed-point replay.
//!
//! Between two transactions an overdue installment's bases do not change,
//! so with daily posting its penalty and compound interest grow by the same
//! daily amount on every interval, and each interval only extends the same
//! record. A loan deep in arrears has many such installments, and the
//! intervals are cut by events of other installments (another due date, a
//! fee date), so posting every installment on every interval made the
//! replay cost grow with intervals × overdue installments.
//!
//! Once an interval has been accrued the ordinary way and every piece it
//! posted could continue unchanged (one day-count piece, no cap cut, a
//! non-negative amount, a base above the tolerance), those pieces become
//! runs. Each later interval with the same single basis then costs one cap
//! check for all runs together (the amounts are non-negative, so they all
//! fit one after another iff their sum fits) plus the ordinary work for
//! installments that fell overdue since; the runs themselves are posted to
//! the book and their records only when something reads them: a
//! transaction, a fee on that installment's unpaid minimum, a stop, an
//! interval that cannot continue them, the end of the replay.
//!
//! Nothing else reads a run's installment meanwhile: its base exceeds the
//! tolerance and no amount owed is negative, so it is open and overdue
//! whatever its unposted penalty, for the stop rule and the cap alike. The
//! results are identical to posting every interval, to the serialized byte;
//! the tests compare both.
//!
//! This module holds the runs' state; each engine posts a run to its own
//! book and records, in its own arithmetic ([`Amount`]).

use chrono::NaiveDate;
use rust_decimal::Decimal;

/// The arithmetic the runs need of an amount.
pub(super) trait Amount: Copy + Default {
    /// `self + o`, if it fits.
    fn plus(self, o: Self) -> Option<Self>;
    /// `self × days`, if it fits.
    fn times(self, days: i64) -> Option<Self>;
}

impl Amount for Decimal {
    #[inline]
    fn plus(self, o: Decimal) -> Option<Decimal> {
        self.checked_add(o)
    }

    #[inline]
    fn times(self, days: i64) -> Option<Decimal> {
        self.checked_mul(Decimal::from(days))
    }
}

/// One installment and kind whose daily amount is carried forward.
#[derive(Debug, Clone, Copy)]
struct Run<A> {
    /// Installment index.
    i: usize,
    per_day: A,
    /// [`Runs::days`] when the run was last posted.
    posted_at: i64,
    /// [`Runs::moves`] when the run was last posted.
    posted_moves: u64,
    /// Index of its record, if records are kept.
    rec: Option<usize>,
}

/// What a run accrued since it was last posted.
#[derive(Debug, Clone, Copy)]
pub(super) struct Due<A> {
    /// Installment index.
    pub(super) i: usize,
    /// Index of its record, if records are kept.
    pub(super) rec: Option<usize>,
    pub(super) per_day: A,
    pub(super) days: i64,
    /// The end of the last interval accrued.
    pub(super) to: NaiveDate,
}

/// The runs and what they share.
#[derive(Debug, Default)]
pub(super) struct Runs<A> {
    list: Vec<Run<A>>,
    /// The end of the last interval the runs accrued over; `None` when
    /// there are no runs to continue.
    to: Option<NaiveDate>,
    /// Installments below this index are covered: each either has its runs
    /// or had nothing to accrue when the runs were set up (and still has
    /// nothing, as only transactions change bases).
    pub(super) upto: usize,
    /// The day-count basis of the runs' pieces.
    basis: Option<u32>,
    /// Whether the runs keep records.
    keep: bool,
    /// Piece days accrued by runs so far (a counter: a run's days are the
    /// difference since it was last posted).
    days: i64,
    /// Intervals accrued by runs so far: a 30/360 interval may have no
    /// days, and still moves a run's record to its end.
    moves: u64,
    /// The sum of the runs' daily amounts.
    per_day: A,
}

impl<A: Amount> Runs<A> {
    /// No runs, with room for `n` (one per installment and kind: they
    /// never need more).
    pub(super) fn with_capacity(n: usize) -> Runs<A> {
        Runs {
            list: Vec::with_capacity(n),
            to: None,
            upto: 0,
            basis: None,
            keep: false,
            days: 0,
            moves: 0,
            per_day: A::default(),
        }
    }

    /// Whether the runs ended at `start`, keeping records as `keep` says.
    #[inline]
    pub(super) fn ended_at(&self, start: NaiveDate, keep: bool) -> bool {
        self.to == Some(start) && self.keep == keep
    }

    /// What all runs accrue over one piece of `days` at `basis`: `Some(None)`
    /// when there are no runs, `None` when they cannot continue over it.
    #[inline]
    pub(super) fn total(&self, days: i64, basis: u32) -> Option<Option<A>> {
        if self.basis.is_some_and(|b| b != basis) {
            return None;
        }
        if self.list.is_empty() {
            return Some(None);
        }
        self.per_day.times(days).map(Some)
    }

    /// The runs accrued `days` more, to `end`; `false` if the count would
    /// overflow (nothing changes then).
    #[inline]
    pub(super) fn advance(&mut self, days: i64, end: NaiveDate) -> bool {
        let Some(n) = self.days.checked_add(days) else {
            return false;
        };
        self.days = n;
        self.moves = self.moves.wrapping_add(1);
        self.to = Some(end);
        true
    }

    /// Starts a run of installment `i` at `per_day` (record `rec`); `false`
    /// if the runs' total would overflow.
    pub(super) fn start(&mut self, i: usize, rec: Option<usize>, per_day: A) -> bool {
        let Some(sum) = self.per_day.plus(per_day) else {
            return false;
        };
        self.per_day = sum;
        self.list.push(Run {
            i,
            per_day,
            posted_at: self.days,
            posted_moves: self.moves,
            rec,
        });
        true
    }

    /// After an interval whose every piece became a run: the runs go on from
    /// `end`, covering installments below `upto`; `basis` is the
    /// interval's one piece's, if it had one.
    pub(super) fn go_on(&mut self, end: NaiveDate, upto: usize, keep: bool, basis: Option<u32>) {
        self.to = Some(end);
        self.upto = upto;
        self.keep = keep;
        self.basis = if self.list.is_empty() { None } else { basis };
    }

    /// How many runs there are.
    #[inline]
    pub(super) fn len(&self) -> usize {
        self.list.len()
    }

    /// The installment of run `r`.
    #[inline]
    pub(super) fn installment(&self, r: usize) -> Option<usize> {
        self.list.get(r).map(|run| run.i)
    }

    /// What run `r` accrued since it was last posted, if it accrued over
    /// any interval since (perhaps of no days); the caller posts it and
    /// then calls [`Runs::posted`].
    #[inline]
    pub(super) fn due(&self, r: usize) -> Option<Due<A>> {
        let (to, run) = (self.to?, self.list.get(r)?);
        let days = self.days - run.posted_at;
        (self.moves != run.posted_moves).then_some(Due {
            i: run.i,
            rec: run.rec,
            per_day: run.per_day,
            days,
            to,
        })
    }

    /// Run `r` is posted up to now.
    #[inline]
    pub(super) fn posted(&mut self, r: usize) {
        if let Some(run) = self.list.get_mut(r) {
            run.posted_at = self.days;
            run.posted_moves = self.moves;
        }
    }

    /// Ends every run (after they are posted).
    pub(super) fn end(&mut self) {
        self.list.clear();
        self.to = None;
        self.basis = None;
        self.per_day = A::default();
    }
}
