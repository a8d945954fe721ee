//! [`Small`]: a vector that keeps a few items inline, for the streaming
//! auditor's per-account records and symbol tables.

/// A vector that keeps up to `N` items inline (no allocation, no pointer to
/// chase) and moves to the heap beyond.
#[derive(Debug, Clone)]
pub(crate) enum Small<T, const N: usize, H = Vec<T>> {
    /// Up to `N` items; the first `.0` are live.
    Inline(u8, [T; N]),
    /// More than `N` items (or once grown): a `Vec`, or a boxed one where
    /// that keeps the enum smaller ([`Syms`]).
    Heap(H),
}

/// Up to two symbols inline; the spilled form is boxed (16 bytes instead
/// of 32 for `u32` symbols; symbol tables spill rarely and are read off the
/// hot path).
#[allow(clippy::box_collection)]
pub(crate) type Syms<S> = Small<S, 2, Box<Vec<S>>>;

impl<T: Default, const N: usize, H> Default for Small<T, N, H> {
    fn default() -> Self {
        Small::Inline(0, std::array::from_fn(|_| T::default()))
    }
}

impl<T: Default, const N: usize, H: AsRef<Vec<T>> + AsMut<Vec<T>> + From<Vec<T>>> Small<T, N, H> {
    #[inline]
    pub(crate) fn as_slice(&self) -> &[T] {
        match self {
            Small::Inline(n, a) => &a[..usize::from(*n)],
            Small::Heap(v) => v.as_ref(),
        }
    }

    pub(crate) fn as_mut_slice(&mut self) -> &mut [T] {
        match self {
            Small::Inline(n, a) => &mut a[..usize::from(*n)],
            Small::Heap(v) => v.as_mut(),
        }
    }

    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.as_slice().len()
    }

    pub(crate) fn push(&mut self, t: T) {
        match self {
            Small::Inline(n, a) if usize::from(*n) < N => {
                a[usize::from(*n)] = t;
                *n += 1;
            }
            Small::Inline(n, a) => {
                let mut v = Vec::with_capacity(2 * N);
                v.extend(a.iter_mut().take(usize::from(*n)).map(std::mem::take));
                v.push(t);
                *self = Small::Heap(H::from(v));
            }
            Small::Heap(v) => v.as_mut().push(t),
        }
    }

    /// Removes the first `k` items.
    pub(crate) fn drain_front(&mut self, k: usize) {
        match self {
            Small::Inline(n, a) => {
                let len = usize::from(*n);
                let k = k.min(len);
                a[..len].rotate_left(k);
                *n = u8::try_from(len - k).unwrap_or(0);
            }
            // Once spilled, stay on the heap (no allocation churn while the
            // account stays busy); `clear` returns it inline.
            Small::Heap(v) => {
                let v = v.as_mut();
                v.drain(..k.min(v.len()));
            }
        }
    }

    pub(crate) fn clear(&mut self) {
        *self = Small::default();
    }

    /// Heap bytes owned.
    pub(crate) fn heap_bytes(&self) -> usize {
        match self {
            Small::Inline(..) => 0,
            Small::Heap(v) => {
                // A boxed `Vec` header lives on the heap too.
                let vec = std::mem::size_of::<Vec<T>>();
                let header = if std::mem::size_of::<H>() < vec {
                    vec
                } else {
                    0
                };
                v.as_ref().capacity() * std::mem::size_of::<T>() + header
            }
        }
    }

    /// Takes the items out, leaving it empty.
    pub(crate) fn take(&mut self) -> Vec<T> {
        let mut out = Vec::with_capacity(self.len());
        match self {
            Small::Inline(n, a) => {
                out.extend(a.iter_mut().take(usize::from(*n)).map(std::mem::take));
            }
            Small::Heap(v) => out.append(v.as_mut()),
        }
        self.clear();
        out
    }
}
