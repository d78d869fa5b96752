//! Integration tests of the whole text path (extract → parse → identities → cells).
//!
//! - `robustness`: property tests that no input, random or derived from a real report, panics,
//!   and that `cells()` always lists exactly its template's keys in order.
//! - `encodings`: a report re-encoded as GBK or UTF-16LE (with BOM) reads to the same cells.
//!
//! Reports come from `examples/` and, when the shared corpus is checked out beside the repo,
//! from `../shared/corpus/{seeds,real}` (a test that needs them says `skipped:` when they are
//! absent, and fails instead under `GONGKAI_REQUIRE_ALL=1`). Case counts are modest
//! by default; set `PROPTEST_CASES=N` for a deeper run.

mod common;
mod encodings;
mod honesty;
mod robustness;
