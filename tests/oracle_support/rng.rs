//! The oracles' deterministic generator (splitmix64), shared by the
//! `tests/*_oracle.rs` files: a seed always gives the same case.

/// Deterministic RNG (splitmix64).
pub struct Rng(pub u64);

#[allow(dead_code)] // each oracle uses its own subset
impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `lo..=hi`; `lo` if `hi < lo`. A draw is taken whenever
    /// `hi >= lo` (so that the seeds the accrual and card oracles cite keep
    /// their cases).
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi < lo {
            return lo;
        }
        lo + (self.next() % ((hi - lo) as u64 + 1)) as i64
    }
    /// True with probability `pct` %.
    pub fn chance(&mut self, pct: u64) -> bool {
        self.next() % 100 < pct
    }
    /// True with probability `pct` % (the same draw as [`Rng::chance`]).
    pub fn pct(&mut self, pct: u64) -> bool {
        self.chance(pct)
    }
    /// One of `xs`, uniformly.
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[(self.next() % xs.len() as u64) as usize]
    }
}
