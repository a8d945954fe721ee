//! A character-wise double-array Aho–Corasick automaton over the checker's
//! dense code alphabet, for large lexicons.
//!
//! The checker renumbers the characters of its terms into a small, dense
//! alphabet and its normalisation table yields that code for each
//! character of the text (see the checker's `Codes`). This automaton takes
//! the code as it is: a transition from state `s` on code `c` is the slot
//! `base(s) + c`, valid when that slot's `check` is `s`, so each character
//! costs one probe (plus one more for each failure link followed), with no
//! character-to-code table and no UTF-8 decoding in between.
//!
//! Each state is one 16-byte [`Unit`] (`base`, `check`, failure link and
//! output head), so a transition and the output test after it read one
//! cache line. The outputs form chains through the dictionary-suffix links:
//! a state that ends a term heads an entry holding the term's value and
//! linking to the chain of its failure state, so every term ending at a
//! state is reported longest first, one entry per distinct term.
//!
//! Codes of `DIRECT` and above (characters outside the Basic Multilingual
//! Plane, which keep their own code point) are looked up in a small sorted
//! table first; they are rare, and the look-up is off the hot path.
//!
//! The build sorts the terms, makes a trie, places it breadth first (each
//! state's children at the first base whose slots are free, found through
//! a union-find "next free slot" forest, at most `MAX_TRIES` bases a
//! state), then sets failure links and output chains breadth first. A
//! checker with 60,000 user terms builds with 24 % fewer instructions than
//! it did with daachorse.
//!
//! Tried and dropped (callgrind, 2 MiB of mixed text, sparse 60k lexicon):
//! 8-byte units with the failure link and output head in a parallel array
//! (more L1 misses: most failure links are followed right after the probe
//! that read the unit); codes numbered by frequency in the terms (no fewer
//! misses); a copy of the current unit kept in the scan state (3 % more
//! instructions); probing the state, its failure state and the root at once
//! and selecting the first transition by masks instead of branching
//! (callgrind's branch model counts half of all characters mispredicted at
//! the transition test, but the selects lengthen the state's dependency
//! chain to three loads: about 10 % slower, old and new alternated 8 times,
//! sparse 60k, 2026-11-26); the same select only from the root and the
//! states failing to it, beside a small table of the root's transitions
//! (2026-11-27: 4.8 % more instructions, 12 % fewer mispredicted branches
//! in callgrind's model, but no gain in wall time: one set of 16
//! alternations had its best quarter 15–20 % faster, a second set of 8 its
//! medians 3–6 % slower, the dense lexicon within noise); in the
//! normaliser, decoding one to three UTF-8 bytes without a branch on the
//! length (callgrind counted that branch as the scan's most mispredicted:
//! the hardware's predictor does far better; 25 % slower on 200-byte
//! messages, 2026-11-27); 8-byte slots (base and check) with two flags in
//! `base` (the failure link is the root; the state has outputs), the
//! failure links and output heads in parallel arrays read only when a flag
//! says so (2026-11-27, old and new alternated 5 times on 8 MiB, sparse
//! 60k: 142.1 against 142.3 MiB/s, messages 1.5 % faster: not worth a
//! second layout); and scanning two halves of the text in one loop, two
//! automaton states in flight (no faster on 4 M random codes: the walk is
//! not limited by memory latency that two chains could overlap).

use crate::error::Error;

/// Codes below this are used as they are; larger ones go through the table
/// of wide codes.
const DIRECT: u32 = 0x1_0000;

/// `check` of a free slot (never a state number: the array is shorter).
const FREE: u32 = u32::MAX;

/// The root state (slot 0).
const ROOT: u32 = 0;

/// Placement tries per state before a state's children go past the end of
/// the array (keeps the build linear whatever the lexicon).
const MAX_TRIES: usize = 32;

/// One state of the double array.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Unit {
    /// The children on code `c` sit at `base + c`.
    base: u32,
    /// The parent state of the state in this slot, or [`FREE`].
    check: u32,
    /// Failure link: the state of the longest proper suffix that is a
    /// prefix of some term.
    fail: u32,
    /// Head of this state's output chain in `outs` (0: no output).
    out: u32,
}

const FREE_UNIT: Unit = Unit {
    base: 0,
    check: FREE,
    fail: ROOT,
    out: 0,
};

/// One entry of an output chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Out {
    /// The term's value.
    value: u32,
    /// The next entry (a shorter term ending at the same place), 0 at the
    /// end of the chain.
    next: u32,
}

/// The automaton.
#[derive(Debug, Clone)]
pub(super) struct DoubleArray {
    units: Box<[Unit]>,
    /// Output entries; entry 0 is unused (0 ends a chain).
    outs: Box<[Out]>,
    /// Codes of [`DIRECT`] and above that occur in the terms, sorted; the
    /// automaton knows the one at index `i` as `DIRECT + i`.
    wide: Box<[u32]>,
}

/// A trie node while building.
#[derive(Debug, Clone, Copy)]
struct Node {
    label: u32,
    first_child: u32,
    last_child: u32,
    next_sibling: u32,
    /// The value of the term ending here, if one does.
    value: Option<u32>,
}

/// "No node" in the trie links (node 0 is the root, never a child).
const NIL: u32 = 0;

impl DoubleArray {
    /// Builds the automaton for `terms`: each term is a string of codes
    /// (each `char` stands for its code point), with its value.
    ///
    /// # Errors
    ///
    /// An empty or repeated term, or an automaton too large for 32-bit
    /// state numbers.
    pub(super) fn build(terms: &[(&str, u32)]) -> Result<DoubleArray, Error> {
        let mut wide: Vec<u32> = terms
            .iter()
            .flat_map(|(t, _)| t.chars().map(u32::from))
            .filter(|&c| c >= DIRECT)
            .collect();
        wide.sort_unstable();
        wide.dedup();
        let code = |c: char| -> u32 {
            let c = u32::from(c);
            if c < DIRECT {
                c
            } else {
                // Present by construction.
                DIRECT + wide.partition_point(|&w| w < c) as u32
            }
        };

        // All terms in codes, one flat buffer, then sorted.
        let mut flat: Vec<u32> = Vec::with_capacity(terms.iter().map(|(t, _)| t.len()).sum());
        let mut spans: Vec<(u32, u32, u32)> = Vec::with_capacity(terms.len());
        for (t, v) in terms {
            let s = flat.len() as u32;
            flat.extend(t.chars().map(code));
            spans.push((s, flat.len() as u32, *v));
        }
        let slice = |&(s, e, _): &(u32, u32, u32)| flat.get(s as usize..e as usize).unwrap_or(&[]);
        spans.sort_unstable_by(|a, b| slice(a).cmp(slice(b)));

        let nodes = trie(&spans, &flat)?;
        let (mut units, order, values) = place(&nodes)?;
        link(&mut units, &order);
        let outs = outputs(&mut units, &order, &values);
        Ok(DoubleArray {
            units: units.into_boxed_slice(),
            outs: outs.into_boxed_slice(),
            wide: wide.into_boxed_slice(),
        })
    }

    /// Heap bytes.
    pub(super) fn heap_bytes(&self) -> usize {
        std::mem::size_of_val::<[Unit]>(&self.units)
            + std::mem::size_of_val::<[Out]>(&self.outs)
            + std::mem::size_of_val::<[u32]>(&self.wide)
    }

    /// The automaton's code for a wide code, if some term has it.
    #[cold]
    #[inline(never)]
    fn wide_code(&self, c: u32) -> Option<u32> {
        self.wide.binary_search(&c).ok().map(|i| DIRECT + i as u32)
    }
}

/// The trie of the sorted terms (`spans` index `flat`): node 0 is the root,
/// children are linked in increasing code order.
fn trie(spans: &[(u32, u32, u32)], flat: &[u32]) -> Result<Vec<Node>, Error> {
    let node = |label| Node {
        label,
        first_child: NIL,
        last_child: NIL,
        next_sibling: NIL,
        value: None,
    };
    let mut nodes: Vec<Node> = Vec::with_capacity(flat.len() + 1);
    nodes.push(node(0));
    // The nodes on the path of the previous term; `path[0]` is the root.
    let mut path: Vec<u32> = vec![ROOT];
    let mut prev: &[u32] = &[];
    for &(s, e, v) in spans {
        let term = flat.get(s as usize..e as usize).unwrap_or(&[]);
        if term.is_empty() {
            return Err(automaton_error("an empty term"));
        }
        let lcp = term.iter().zip(prev).take_while(|(a, b)| a == b).count();
        if lcp == term.len() && lcp == prev.len() {
            return Err(automaton_error("a repeated term"));
        }
        path.truncate(lcp + 1);
        for &c in term.get(lcp..).unwrap_or(&[]) {
            let parent = *path.last().unwrap_or(&ROOT);
            let id = u32::try_from(nodes.len()).map_err(|_| automaton_error("too many states"))?;
            nodes.push(node(c));
            // Sorted terms: the new child's code is above its siblings'.
            if let Some(p) = nodes.get_mut(parent as usize) {
                let last = p.last_child;
                p.last_child = id;
                if last == NIL {
                    p.first_child = id;
                } else if let Some(l) = nodes.get_mut(last as usize) {
                    l.next_sibling = id;
                }
            }
            path.push(id);
        }
        if let Some(n) = path.last().and_then(|&i| nodes.get_mut(i as usize)) {
            n.value = Some(v);
        }
        prev = term;
    }
    Ok(nodes)
}

/// The used slots, as a union-find "next free slot" forest: `next[i]` is
/// `i` for a free slot and points further right for a used one, with path
/// compression, so that finding the first free slot after a full region
/// costs next to nothing.
struct Used {
    next: Vec<u32>,
}

impl Used {
    fn is_used(&self, i: u32) -> bool {
        self.next.get(i as usize).is_some_and(|&n| n != i)
    }

    /// Marks slot `i` used.
    fn set(&mut self, i: u32) {
        let len = self.next.len();
        if i as usize >= len {
            self.next.extend(len as u32..=i);
        }
        if let Some(n) = self.next.get_mut(i as usize) {
            *n = i.saturating_add(1);
        }
    }

    /// The first free slot at or after `i`.
    fn next_free(&mut self, i: u32) -> u32 {
        let mut r = i;
        while let Some(&n) = self.next.get(r as usize) {
            if n == r {
                break;
            }
            r = n;
        }
        // Path compression.
        let mut j = i;
        while j != r {
            match self.next.get_mut(j as usize) {
                Some(n) => {
                    j = std::mem::replace(n, r);
                }
                None => break,
            }
        }
        r
    }

    /// One past the last slot ever used.
    fn end(&self) -> u32 {
        self.next.len() as u32
    }
}

/// Places the trie in a double array, breadth first. Returns the units
/// (`base` and `check` set), the states in breadth-first order with their
/// parent and code, and the value of each state that ends a term.
#[allow(clippy::type_complexity)]
fn place(nodes: &[Node]) -> Result<(Vec<Unit>, Vec<(u32, u32, u32)>, Vec<(u32, u32)>), Error> {
    let too_big = || automaton_error("too many states for the double array");
    let mut units: Vec<Unit> = vec![FREE_UNIT; nodes.len().max(256)];
    let mut used = Used {
        next: Vec::with_capacity(units.len()),
    };
    used.set(ROOT);
    if let Some(r) = units.get_mut(ROOT as usize) {
        r.check = ROOT;
    }
    // (state, parent, code), breadth first; the root first.
    let mut order: Vec<(u32, u32, u32)> = Vec::with_capacity(nodes.len());
    order.push((ROOT, ROOT, 0));
    let mut trie_of: Vec<u32> = vec![ROOT];
    let mut values: Vec<(u32, u32)> = Vec::new();
    let mut labels: Vec<(u32, u32)> = Vec::new();
    let mut i = 0;
    while let (Some(&(s, _, _)), Some(&n)) = (order.get(i), trie_of.get(i)) {
        i += 1;
        let Some(node) = nodes.get(n as usize) else {
            continue;
        };
        if let Some(v) = node.value {
            values.push((s, v));
        }
        labels.clear();
        let mut c = node.first_child;
        while let Some(ch) = nodes.get(c as usize).filter(|_| c != NIL) {
            labels.push((ch.label, c));
            c = ch.next_sibling;
        }
        let (Some(&(lo, _)), Some(&(hi, _))) = (labels.first(), labels.last()) else {
            continue;
        };
        // Try each free slot for the smallest code, in order.
        let mut f = used.next_free(lo);
        let mut tries = 0;
        let base = loop {
            let b = f - lo;
            if labels
                .iter()
                .all(|&(l, _)| b.checked_add(l).is_some_and(|t| !used.is_used(t)))
            {
                break b;
            }
            tries += 1;
            if tries >= MAX_TRIES {
                // Past every used slot.
                break used.end().max(lo) - lo;
            }
            f = used.next_free(f.saturating_add(1));
        };
        base.checked_add(hi)
            .filter(|&t| t < FREE)
            .ok_or_else(too_big)?;
        if let Some(u) = units.get_mut(s as usize) {
            u.base = base;
        }
        for &(l, child) in &labels {
            let t = base + l;
            if t as usize >= units.len() {
                let len = (t as usize + 1).max(units.len() + units.len() / 2);
                units.resize(len, FREE_UNIT);
            }
            used.set(t);
            if let Some(u) = units.get_mut(t as usize) {
                u.check = s;
            }
            order.push((t, s, l));
            trie_of.push(child);
        }
    }
    // Drop the free tail.
    let len = order
        .iter()
        .map(|&(s, _, _)| s as usize + 1)
        .max()
        .unwrap_or(1);
    units.truncate(len);
    units.shrink_to_fit();
    Ok((units, order, values))
}

/// The next state from `s` on code `c` without failure links.
fn child(units: &[Unit], s: u32, c: u32) -> Option<u32> {
    let t = units.get(s as usize)?.base.checked_add(c)?;
    (units.get(t as usize)?.check == s && t != ROOT).then_some(t)
}

/// Sets the failure links, breadth first.
fn link(units: &mut [Unit], order: &[(u32, u32, u32)]) {
    for &(t, parent, c) in order.iter().skip(1) {
        let mut fail = ROOT;
        if parent != ROOT {
            let mut f = units.get(parent as usize).map_or(ROOT, |u| u.fail);
            loop {
                if let Some(n) = child(units, f, c) {
                    fail = n;
                    break;
                }
                if f == ROOT {
                    break;
                }
                f = units.get(f as usize).map_or(ROOT, |u| u.fail);
            }
        }
        if let Some(u) = units.get_mut(t as usize) {
            u.fail = fail;
        }
    }
}

/// Builds the output chains, breadth first (a failure state is shallower,
/// so its chain is ready).
fn outputs(units: &mut [Unit], order: &[(u32, u32, u32)], values: &[(u32, u32)]) -> Vec<Out> {
    let mut outs = Vec::with_capacity(values.len() + 1);
    outs.push(Out { value: 0, next: 0 });
    // `values` is in breadth-first order too.
    let mut vals = values.iter().peekable();
    for &(t, _, _) in order {
        let fail = units.get(t as usize).map_or(ROOT, |u| u.fail);
        let mut head = if t == ROOT {
            0
        } else {
            units.get(fail as usize).map_or(0, |u| u.out)
        };
        if let Some(&&(_, v)) = vals.peek().filter(|&&&(s, _)| s == t) {
            vals.next();
            outs.push(Out {
                value: v,
                next: head,
            });
            head = (outs.len() - 1) as u32;
        }
        if let Some(u) = units.get_mut(t as usize) {
            u.out = head;
        }
    }
    outs
}

fn automaton_error(e: &str) -> Error {
    Error::invalid("language.lexicon", "automaton", e.to_string())
}

/// The automaton's state while a text is scanned.
#[derive(Debug, Clone, Copy)]
pub(super) struct DoubleArrayStep<'a> {
    m: &'a DoubleArray,
    s: u32,
    /// The output head of state `s`, read with its transition.
    out: u32,
}

impl<'a> DoubleArrayStep<'a> {
    /// At the root.
    pub(super) fn new(m: &'a DoubleArray) -> DoubleArrayStep<'a> {
        DoubleArrayStep { m, s: ROOT, out: 0 }
    }
}

impl<'a> super::matcher::Step<'a> for DoubleArrayStep<'a> {
    type Hits = Hits<'a>;

    #[inline(always)]
    fn consume(&mut self, code: u32) {
        let c = if code < DIRECT {
            code
        } else if let Some(c) = self.m.wide_code(code) {
            c
        } else {
            self.s = ROOT;
            self.out = 0;
            return;
        };
        let units = &*self.m.units;
        let mut s = self.s;
        while let Some(u) = units.get(s as usize) {
            let t = u.base.wrapping_add(c);
            if let Some(n) = units.get(t as usize).filter(|n| n.check == s) {
                self.s = t;
                self.out = n.out;
                return;
            }
            if s == ROOT {
                break;
            }
            s = u.fail;
        }
        // The root ends no term.
        self.s = ROOT;
        self.out = 0;
    }

    #[inline(always)]
    fn reset(&mut self) {
        self.s = ROOT;
        self.out = 0;
    }

    #[inline(always)]
    fn matched(&self) -> bool {
        self.out != 0
    }

    #[inline(always)]
    fn hits(&self) -> Hits<'a> {
        let m: &'a DoubleArray = self.m;
        Hits {
            outs: &m.outs,
            i: self.out,
        }
    }
}

/// The terms ending at a state, longest first.
#[derive(Debug, Clone)]
pub(super) struct Hits<'a> {
    outs: &'a [Out],
    i: u32,
}

impl Iterator for Hits<'_> {
    type Item = u32;

    #[inline(always)]
    fn next(&mut self) -> Option<u32> {
        if self.i == 0 {
            return None;
        }
        let o = self.outs.get(self.i as usize)?;
        self.i = o.next;
        Some(o.value)
    }
}

#[cfg(test)]
mod tests;
