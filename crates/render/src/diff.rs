//! A unified diff of a document before and after its fixes, as `patch` reads it
//! (three lines of context, `--- NAME` / `+++ NAME` headers: `patch -p0` or `patch FILE`).

use similar::TextDiff;

/// The unified diff turning `old` into `new`, both named `name`; empty when they are equal.
pub fn unified(name: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    let diff = TextDiff::from_lines(old, new);
    let mut out = diff
        .unified_diff()
        .context_radius(3)
        .header(name, name)
        .to_string();
    // `similar` ends a last line that has no newline without one: say so, as diff(1) does,
    // so that `patch` reads the hunk to its end.
    if !out.ends_with('\n') {
        out.push_str("\n\\ No newline at end of file\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hunks_with_context_and_headers() {
        let old: String = (1..=10).map(|i| format!("行{i}\n")).collect();
        let new = old.replace("行5\n", "行五\n");
        let d = unified("r.txt", &old, &new);
        assert!(
            d.starts_with("--- r.txt\n+++ r.txt\n@@ -2,7 +2,7 @@\n"),
            "{d}"
        );
        assert!(d.contains("\n-行5\n+行五\n"), "{d}");
        assert_eq!(unified("r.txt", &old, &old), "");
    }
}
