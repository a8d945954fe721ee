//! Which seeds an oracle stage runs, and its tally, shared by the
//! `tests/*_oracle.rs` files.

/// The seeds of the stage whose seeds start at `base` (stage k's are
/// `k × 10^6 + i`), as `(count, first)`: with `ORACLE_SEED=s`, that one
/// seed if it is of this stage, else none; otherwise `ORACLE_CASES` (or
/// `default`) seeds from `base`.
pub fn seeds(base: u64, default: u64) -> (u64, u64) {
    let seed = std::env::var("ORACLE_SEED")
        .ok()
        .and_then(|s| s.parse::<u64>().ok());
    match seed {
        Some(s) if s / 1_000_000 == base / 1_000_000 => (1, s),
        Some(_) => (0, base),
        None => {
            let n = std::env::var("ORACLE_CASES")
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or(default);
            (n, base)
        }
    }
}

/// A stage's count of the cases that disagree, the first five shown on
/// standard error with what differs (12 lines at most each).
pub struct Tally {
    label: String,
    fails: u64,
    shown: u32,
}

impl Tally {
    /// An empty tally for the stage `label`.
    pub fn new(label: &str) -> Tally {
        Tally {
            label: label.to_owned(),
            fails: 0,
            shown: 0,
        }
    }

    /// One case that disagrees: `what` (`MISMATCH`, `ERROR …`), the case
    /// as `describe` gives it and the `problems`. Returns whether it was
    /// shown (one of the first five).
    pub fn fail(
        &mut self,
        what: &str,
        describe: impl FnOnce() -> String,
        problems: &[String],
    ) -> bool {
        self.fails += 1;
        if self.shown >= 5 {
            return false;
        }
        self.shown += 1;
        eprintln!("[{}] {what} {}", self.label, describe());
        for p in problems.iter().take(12) {
            eprintln!("    {p}");
        }
        true
    }

    /// A case compared: it disagrees if `problems` is not empty. Returns
    /// whether it was shown.
    pub fn check(&mut self, describe: impl FnOnce() -> String, problems: &[String]) -> bool {
        !problems.is_empty() && self.fail("MISMATCH", describe, problems)
    }

    /// Prints how many of the `n` cases agree, with the stage's `stats`,
    /// and fails the test if any disagreed.
    pub fn finish(self, n: u64, stats: &impl std::fmt::Debug) {
        let (label, fails) = (self.label, self.fails);
        eprintln!("[{label}] {} of {n} cases agree; {stats:?}", n - fails);
        assert_eq!(fails, 0, "[{label}] {fails} of {n} cases disagree");
    }
}
