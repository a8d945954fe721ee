//! [`Slots`]: the keyed auditor's account table, one [`Slot`] per book
//! account by number, and beside it the boxed accounts that outgrew their
//! slot (a boxed slot holds its box's index, so the slot needs no pointer).

use super::{Held, KeyedAcct, Slot};

/// The keyed auditor's account table (see the module doc).
#[derive(Debug, Default)]
pub(crate) struct Slots {
    pub(super) slots: Vec<Slot>,
    /// The boxed accounts; `None` where free.
    pub(super) big: Vec<Option<Box<KeyedAcct>>>,
    /// Free indexes of `big`.
    pub(super) free: Vec<u32>,
}

impl Slots {
    /// Slots held (one per book account seen).
    pub(crate) fn len(&self) -> usize {
        self.slots.len()
    }

    /// At least `n` slots.
    pub(crate) fn grow(&mut self, n: usize) {
        if n > self.slots.len() {
            self.slots.resize_with(n, Slot::default);
        }
    }

    /// Drops every cached card (another book).
    pub(crate) fn forget_cards(&mut self) {
        for s in &mut self.slots {
            s.card = None;
        }
    }

    /// Slot `i`.
    #[inline(always)]
    pub(crate) fn get_mut(&mut self, i: usize) -> Option<&mut Slot> {
        self.slots.get_mut(i)
    }

    /// Reads slot `i`'s first and last words (both cache lines of a slot
    /// that straddles two) and says whether its account card is cached: a
    /// batch reads the slots of its next events this way before it runs
    /// them, so that their cache misses overlap. `(0, true)` past the end.
    #[inline(always)]
    pub(crate) fn touch(&self, i: usize) -> (u32, bool) {
        self.slots.get(i).map_or((0, true), |s| {
            (u32::from(s.n) ^ s.debts[1], s.card.is_some())
        })
    }

    /// The box of slot `s`, if boxed.
    fn boxed(&self, s: &Slot) -> Option<&KeyedAcct> {
        s.big_index().and_then(|k| self.big.get(k)?.as_deref())
    }

    /// Takes account `i`'s state out for one event (no allocation); give it
    /// back with [`put`](Slots::put).
    pub(crate) fn take(&mut self, i: usize) -> Held {
        let Some(s) = self.slots.get(i) else {
            return Held::Inline(KeyedAcct::default());
        };
        match s.big_index() {
            None => Held::Inline(s.load()),
            Some(k) => match self.big.get_mut(k).and_then(Option::take) {
                Some(b) => {
                    // The slot keeps its mark until `put`.
                    self.free.extend(u32::try_from(k).ok());
                    Held::Big(b)
                }
                // A boxed slot always has its box: not reached.
                None => Held::Inline(KeyedAcct::default()),
            },
        }
    }

    /// Puts account `i`'s state back after the event: inline if it fits,
    /// boxed if not.
    pub(crate) fn put(&mut self, i: usize, h: Held) {
        let Some(s) = self.slots.get_mut(i) else {
            return;
        };
        let b = match h {
            Held::Inline(a) => {
                if s.store(&a) {
                    return;
                }
                Box::new(a)
            }
            Held::Big(b) => {
                if s.store(&b) {
                    return;
                }
                b
            }
        };
        let k = match self.free.pop() {
            Some(k) => k,
            None => {
                self.big.push(None);
                // At most one box per account, and accounts are `u32`s.
                u32::try_from(self.big.len() - 1).unwrap_or(u32::MAX)
            }
        };
        s.mark_big(&b, k);
        if let Some(e) = self.big.get_mut(k as usize) {
            *e = Some(b);
        }
    }

    /// Clears the accounts whose records all date before `cut` (Unix
    /// seconds).
    pub(crate) fn sweep(&mut self, cut: i64) {
        let Slots { slots, big, free } = self;
        for s in slots.iter_mut() {
            if !s.idle(cut, |k| big.get(k)?.as_deref()) {
                continue;
            }
            if let Some(k) = s.big_index() {
                if let Some(e) = big.get_mut(k) {
                    *e = None;
                }
                free.extend(u32::try_from(k).ok());
            }
            s.clear();
        }
    }

    /// Records held by slot `s`.
    fn len_of(&self, s: &Slot) -> usize {
        match s.big_index() {
            Some(_) => self.boxed(s).map_or(0, KeyedAcct::len),
            None => usize::from(s.n),
        }
    }

    /// Accounts holding records.
    pub(crate) fn active(&self) -> usize {
        self.slots.iter().filter(|s| self.len_of(s) > 0).count()
    }

    /// Records held.
    pub(crate) fn held(&self) -> usize {
        self.slots.iter().map(|s| self.len_of(s)).sum()
    }

    /// Distinct (account, party, debt) keys among the records.
    pub(crate) fn keys(&self) -> usize {
        self.slots
            .iter()
            .map(|s| match s.big_index() {
                Some(_) => self.boxed(s).map_or(0, KeyedAcct::keys),
                None => s.load().keys(),
            })
            .sum()
    }

    /// Bytes owned: the slots and box indexes (capacity), and each box with
    /// its heap (capacity-based).
    pub(crate) fn bytes(&self) -> usize {
        let boxes: usize = self
            .big
            .iter()
            .flatten()
            .map(|b| std::mem::size_of::<KeyedAcct>() + b.heap_bytes())
            .sum();
        self.slots.capacity() * std::mem::size_of::<Slot>()
            + self.big.capacity() * std::mem::size_of::<Option<Box<KeyedAcct>>>()
            + self.free.capacity() * std::mem::size_of::<u32>()
            + boxes
    }
}

impl std::ops::Index<usize> for Slots {
    type Output = Slot;
    fn index(&self, i: usize) -> &Slot {
        &self.slots[i]
    }
}

impl std::ops::IndexMut<usize> for Slots {
    fn index_mut(&mut self, i: usize) -> &mut Slot {
        &mut self.slots[i]
    }
}
