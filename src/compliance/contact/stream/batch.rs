//! [`Auditor::tally_events`] and [`Auditor::push_events`]: a slice of keyed
//! events run in blocks, each block's account slots read before its first
//! event runs, so that their cache misses overlap.
//!
//! Why: on a large book the slot table outgrows the caches (64 MB for the
//! issue's 1 M accounts), and one event at a time pays one slot miss after
//! the other. A plain load is all safe Rust has (prefetch instructions need
//! `unsafe` or a newer compiler), and a load that misses holds up the
//! instructions behind it; loading the slots of [`AHEAD`] events back to
//! back costs about one miss for the block instead of one per event.

use std::hint::black_box;
use std::iter::FusedIterator;

use super::super::book::{AccountBook, Event};
use super::super::verdict::Verdict;
use super::{Auditor, Tally};
use crate::error::Result;

/// Events whose slots a block reads before running them (the core keeps
/// about two dozen data-cache misses in flight; a slot can take two lines).
const AHEAD: usize = 16;

/// What both iterators share: the auditor, the book, the events and how
/// far the slots have been read.
#[derive(Debug)]
struct Blocks<'a, 'c, 'b> {
    auditor: &'a mut Auditor<'c>,
    book: &'a AccountBook<'b>,
    events: &'a [Event],
    /// The next event to run.
    next: usize,
    /// Events before this one have had their slots read.
    read: usize,
}

impl<'a, 'c, 'b> Blocks<'a, 'c, 'b> {
    fn new(auditor: &'a mut Auditor<'c>, events: &'a [Event], book: &'a AccountBook<'b>) -> Self {
        Blocks {
            auditor,
            book,
            events,
            next: 0,
            read: 0,
        }
    }

    /// The next event, its block's slots (and the cards of slots without
    /// one) read first if it starts a block.
    #[inline(always)]
    fn next_event(&mut self) -> Option<&'a Event> {
        let e = self.events.get(self.next)?;
        if self.next >= self.read {
            self.read_block();
        }
        self.next += 1;
        Some(e)
    }

    /// Reads the slots of the next [`AHEAD`] events (loads only: the
    /// auditor's state is not changed). A slot without a cached card has
    /// the book's card read too, at an index chosen without a branch, so
    /// that the loads after it need not wait for the slot.
    #[inline(always)]
    fn read_block(&mut self) {
        let end = self.next.saturating_add(AHEAD).min(self.events.len());
        let keyed = &self.auditor.keyed;
        let cards = &self.book.cards;
        let mut acc = 0u32;
        for e in self.events.get(self.next..end).unwrap_or(&[]) {
            let i = e.account as usize;
            let (x, cached) = keyed.touch(i);
            let j = if cached { 0 } else { i };
            acc ^= x ^ cards.get(j).map_or(0, |c| c.party0);
        }
        black_box(acc);
        self.read = end;
    }

    fn remaining(&self) -> usize {
        self.events.len().saturating_sub(self.next)
    }
}

/// The tallies of a slice of keyed events, in order: the iterator
/// [`Auditor::tally_events`] returns.
#[derive(Debug)]
#[must_use = "events are checked only as the iterator is advanced"]
pub struct TallyEvents<'a, 'c, 'b> {
    blocks: Blocks<'a, 'c, 'b>,
}

impl Iterator for TallyEvents<'_, '_, '_> {
    type Item = Result<Tally>;

    #[inline]
    fn next(&mut self) -> Option<Result<Tally>> {
        let e = self.blocks.next_event()?;
        Some(self.blocks.auditor.tally_event(e, self.blocks.book))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.blocks.remaining();
        (n, Some(n))
    }
}

impl ExactSizeIterator for TallyEvents<'_, '_, '_> {}
impl FusedIterator for TallyEvents<'_, '_, '_> {}

/// The verdicts of a slice of keyed events, in order: the iterator
/// [`Auditor::push_events`] returns.
#[derive(Debug)]
#[must_use = "events are checked only as the iterator is advanced"]
pub struct PushEvents<'a, 'c, 'b> {
    blocks: Blocks<'a, 'c, 'b>,
}

impl Iterator for PushEvents<'_, '_, '_> {
    type Item = Result<Verdict>;

    #[inline]
    fn next(&mut self) -> Option<Result<Verdict>> {
        let e = self.blocks.next_event()?;
        Some(self.blocks.auditor.push_event(e, self.blocks.book))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.blocks.remaining();
        (n, Some(n))
    }
}

impl ExactSizeIterator for PushEvents<'_, '_, '_> {}
impl FusedIterator for PushEvents<'_, '_, '_> {}

impl<'c> Auditor<'c> {
    /// [`tally_event`](Auditor::tally_event) over `events` in order, as an
    /// iterator: the same tallies and errors, and the same auditor state
    /// after each event, as one call per event. Faster on large books: the
    /// events run in blocks of 16, and a block's account slots are read
    /// before its first event runs, so that their cache misses overlap
    /// instead of following one another.
    ///
    /// Events are checked as the iterator is advanced: events not reached
    /// when it is dropped are not checked (nor recorded). An event that
    /// fails (out of order, an unknown index) is not recorded, and the
    /// events after it still run, as one-by-one calls would.
    ///
    /// # Example
    ///
    /// ```
    /// use arrears::compliance::contact::*;
    /// use chrono::{Duration, TimeZone, Utc};
    ///
    /// let checker = ContactChecker::new(&ContactPolicy::us());
    /// let accounts = vec![Account {
    ///     id: "A1".into(),
    ///     parties: vec![Party { id: "d".into(), role: Role::Debtor }],
    ///     contact_points: vec![ContactPoint { id: "m".into(), kind: PointKind::Mobile,
    ///         zones: vec![Zone::new("America/Chicago")?], owner: None }],
    ///     ..Account::default()
    /// }];
    /// let mut book = AccountBook::new(&checker, &accounts)?;
    /// let d1 = book.debt("D1")?;
    /// // Eight unanswered calls, hourly from 10:00 in Chicago.
    /// let first = Utc.with_ymd_and_hms(2026, 3, 2, 16, 0, 0).unwrap();
    /// let events = (0..8)
    ///     .map(|i| Event::new(first + Duration::hours(i), 0, 0, 0, &[d1], Channel::Call, Outcome::NoAnswer))
    ///     .collect::<Result<Vec<_>, _>>()?;
    /// let mut auditor = Auditor::new(&checker);
    /// let blocked: Vec<bool> = auditor
    ///     .tally_events(&events, &book)
    ///     .map(|t| t.map(|t| !t.passes()))
    ///     .collect::<Result<_, _>>()?;
    /// // The eighth call within seven days breaks Reg F.
    /// assert_eq!(blocked, [false, false, false, false, false, false, false, true]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn tally_events<'a, 'b>(
        &'a mut self,
        events: &'a [Event],
        book: &'a AccountBook<'b>,
    ) -> TallyEvents<'a, 'c, 'b> {
        TallyEvents {
            blocks: Blocks::new(self, events, book),
        }
    }

    /// [`push_event`](Auditor::push_event) over `events` in order, as an
    /// iterator: the same verdicts, errors and auditor state as one call
    /// per event, with the block reads of
    /// [`tally_events`](Auditor::tally_events).
    ///
    /// # Example
    ///
    /// ```
    /// use arrears::compliance::contact::*;
    /// use chrono::{TimeZone, Utc};
    ///
    /// let checker = ContactChecker::new(&ContactPolicy::us());
    /// let accounts = vec![Account {
    ///     id: "A1".into(),
    ///     parties: vec![Party { id: "d".into(), role: Role::Debtor }],
    ///     contact_points: vec![ContactPoint { id: "m".into(), kind: PointKind::Mobile,
    ///         zones: vec![Zone::new("America/Chicago")?], owner: None }],
    ///     ..Account::default()
    /// }];
    /// let mut book = AccountBook::new(&checker, &accounts)?;
    /// let d1 = book.debt("D1")?;
    /// // 10:00, then 22:30 in Chicago.
    /// let events = [
    ///     Event::new(Utc.with_ymd_and_hms(2026, 3, 2, 16, 0, 0).unwrap(), 0, 0, 0, &[d1], Channel::Call, Outcome::NoAnswer)?,
    ///     Event::new(Utc.with_ymd_and_hms(2026, 3, 3, 4, 30, 0).unwrap(), 0, 0, 0, &[d1], Channel::Call, Outcome::NoAnswer)?,
    /// ];
    /// let mut auditor = Auditor::new(&checker);
    /// let verdicts = auditor.push_events(&events, &book).collect::<Result<Vec<_>, _>>()?;
    /// assert!(verdicts[0].passes());
    /// assert_eq!(verdicts[1].violated_ids(), ["us.reg_f.time_window"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn push_events<'a, 'b>(
        &'a mut self,
        events: &'a [Event],
        book: &'a AccountBook<'b>,
    ) -> PushEvents<'a, 'c, 'b> {
        PushEvents {
            blocks: Blocks::new(self, events, book),
        }
    }
}
