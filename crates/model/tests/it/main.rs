//! Integration tests of the report model: the identities, the cells form, label normalisation
//! and value formatting, on reports built in code.

mod cells;
mod identity;
mod labels;
mod report;
mod value;

/// Whether a test can use what it needs (`ok`); says `skipped: <what>` when it cannot, and
/// fails instead when `GONGKAI_REQUIRE_ALL=1` (CI) says everything must be there.
pub fn require(what: &str, ok: bool) -> bool {
    if !ok {
        assert!(
            std::env::var("GONGKAI_REQUIRE_ALL").as_deref() != Ok("1"),
            "GONGKAI_REQUIRE_ALL=1 but {what} is missing"
        );
        eprintln!("skipped: {what} is missing");
    }
    ok
}
