//! A vector whose first few elements live inline: the scan's hits and the
//! working lists of their resolution, so that checking a short message
//! with a few hits allocates nothing.

/// Up to `N` elements inline, the rest (and the first `N`, once it
/// spills) on the heap.
#[derive(Debug, Clone)]
pub(super) struct Small<T: Copy, const N: usize> {
    inline: [T; N],
    len: usize,
    spill: Vec<T>,
}

impl<T: Copy, const N: usize> Small<T, N> {
    /// Empty; `fill` stands in the unused inline slots.
    pub(super) fn new(fill: T) -> Small<T, N> {
        Small {
            inline: [fill; N],
            len: 0,
            spill: Vec::new(),
        }
    }

    /// Appends `x`.
    #[inline]
    pub(super) fn push(&mut self, x: T) {
        if self.spill.is_empty() {
            if let Some(slot) = self.inline.get_mut(self.len) {
                *slot = x;
                self.len += 1;
                return;
            }
            self.spill.reserve(4 * N.max(1));
            self.spill.extend_from_slice(&self.inline);
        }
        self.spill.push(x);
    }

    /// The elements, in the order pushed.
    #[inline]
    pub(super) fn as_slice(&self) -> &[T] {
        if self.spill.is_empty() {
            self.inline.get(..self.len).unwrap_or_default()
        } else {
            &self.spill
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Small;

    #[test]
    fn keeps_order_across_the_spill() {
        let mut s: Small<u32, 3> = Small::new(0);
        assert!(s.as_slice().is_empty());
        for x in 1..=3 {
            s.push(x);
        }
        assert_eq!(s.as_slice(), [1, 2, 3]);
        for x in 4..=10 {
            s.push(x);
        }
        assert_eq!(s.as_slice(), (1..=10).collect::<Vec<_>>());
        let mut z: Small<u8, 0> = Small::new(0);
        z.push(7);
        assert_eq!(z.as_slice(), [7]);
    }
}
