//! Which seeds an oracle stage runs, shared by the four oracles.

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
