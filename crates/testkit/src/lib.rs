//! Test support shared by the workspace's test suites: a test that needs something this machine
//! may lack (../shared, LibreOffice, PostgreSQL, Chromium, Tesseract, a PyPI or npm package …)
//! says `skipped: …` when it cannot run — and fails instead under `GONGKAI_REQUIRE_ALL=1`, which
//! CI sets after installing everything. A skipped test never passes silently.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Whether everything a test may need must be there (CI).
pub fn require_all() -> bool {
    std::env::var_os("GONGKAI_REQUIRE_ALL").is_some_and(|v| v == "1")
}

/// Whether a test may use what it needs (`ok`). When not, it prints `skipped: <what> …` and the
/// caller returns without asserting; under `GONGKAI_REQUIRE_ALL=1` it panics instead.
pub fn require(what: &str, ok: bool) -> bool {
    if ok {
        return true;
    }
    assert!(
        !require_all(),
        "{what} is required (GONGKAI_REQUIRE_ALL=1) but not available"
    );
    eprintln!("skipped: {what} is not available");
    false
}

/// Whether `program` can be run (found on the PATH and answering `arg`, e.g. `--version`).
pub fn has_program(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success() || !o.stdout.is_empty() || !o.stderr.is_empty())
}

/// The repository root (the workspace's own folder).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `../shared` beside the repository, when it is there (else `skipped: …`, or a failure under
/// `GONGKAI_REQUIRE_ALL=1`).
pub fn shared() -> Option<PathBuf> {
    let dir = repo_root().join("../shared");
    require("../shared (the shared corpus and specs)", dir.is_dir()).then_some(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_there_is_never_skipped() {
        assert!(require("a thing that is there", true));
        assert!(repo_root().join("Cargo.toml").is_file());
    }

    #[test]
    fn what_is_missing_is_skipped_or_fails_under_require_all() {
        let missing = std::panic::catch_unwind(|| require("a thing that is missing", false));
        match missing {
            Ok(ran) => {
                assert!(!require_all());
                assert!(!ran);
            }
            Err(_) => assert!(require_all()),
        }
        assert!(!has_program("gongkai-no-such-program", "--version"));
    }
}
