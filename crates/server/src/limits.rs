//! What the server accepts and how much work it takes on at once: upload size, checks running
//! at the same time, uploads held in memory, and how long each step may take.

use std::time::Duration;

/// The server's limits. Every upload is held in memory while it is checked (never written to
/// disk), so the memory the uploads can take is at most `uploads × max_upload`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// The largest request body accepted, in bytes (the file and the multipart framing).
    pub max_upload: u64,
    /// How many checks run at the same time (each on a thread of its own).
    pub checks: usize,
    /// How many uploads are received and held at the same time; later ones wait their turn.
    pub uploads: usize,
    /// How long a check may run before the request gets a "took too long" answer.
    pub check_time: Duration,
    /// How long a request may wait for its turn (an upload slot, then a check slot) before it
    /// gets a "busy" answer.
    pub queue_time: Duration,
    /// How long receiving one upload may take (a slow or stalled client is cut off).
    pub receive_time: Duration,
    /// How much of an oversized upload is read and thrown away before answering, so that the
    /// browser, still sending, reads the 413 page instead of a reset connection. Bigger
    /// uploads are answered at once and the connection closed.
    pub drain: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits::with_checks(default_checks())
    }
}

impl Limits {
    /// The default limits with `checks` checks at a time (and four uploads held per check).
    pub fn with_checks(checks: usize) -> Limits {
        let checks = checks.max(1);
        Limits {
            max_upload: 50 * MB,
            checks,
            uploads: 4 * checks,
            check_time: Duration::from_secs(60),
            queue_time: Duration::from_secs(120),
            receive_time: Duration::from_secs(300),
            drain: 200 * MB,
        }
    }
}

/// One checks slot per core.
pub fn default_checks() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

const KB: u64 = 1024;
const MB: u64 = 1024 * KB;
const GB: u64 = 1024 * MB;

/// Parses a size such as `50MB`, `512K`, `2 GB` or `1048576` (bytes); the units are binary
/// (1 KB = 1024 bytes) and case does not matter. `None` for anything else, zero included.
pub fn parse_size(text: &str) -> Option<u64> {
    let t = text.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(digits);
    let number: u64 = number.parse().ok()?;
    let factor = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "K" | "KB" | "KIB" => KB,
        "M" | "MB" | "MIB" => MB,
        "G" | "GB" | "GIB" => GB,
        _ => return None,
    };
    number.checked_mul(factor).filter(|&n| n > 0)
}

/// A size for people: `50 MB`, `512 KB`, `300 B` (whole units when exact, else one decimal).
pub fn format_size(bytes: u64) -> String {
    for (unit, name) in [(GB, "GB"), (MB, "MB"), (KB, "KB")] {
        if bytes >= unit {
            let tenths = bytes.saturating_mul(10) / unit;
            return if tenths.is_multiple_of(10) {
                format!("{} {name}", tenths / 10)
            } else {
                format!("{}.{} {name}", tenths / 10, tenths % 10)
            };
        }
    }
    format!("{bytes} B")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_binary_units() {
        assert_eq!(parse_size("50MB"), Some(50 * MB));
        assert_eq!(parse_size("50 mb"), Some(50 * MB));
        assert_eq!(parse_size("512K"), Some(512 * KB));
        assert_eq!(parse_size("2GiB"), Some(2 * GB));
        assert_eq!(parse_size("1048576"), Some(MB));
        assert_eq!(parse_size("MB"), None);
        assert_eq!(parse_size("5 TB"), None);
        assert_eq!(parse_size("0"), None);
        assert_eq!(parse_size("99999999999999999999GB"), None);
        assert_eq!(parse_size("20000000000GB"), None);
    }

    #[test]
    fn sizes_print_for_people() {
        assert_eq!(format_size(50 * MB), "50 MB");
        assert_eq!(format_size(1536 * KB), "1.5 MB");
        assert_eq!(format_size(300), "300 B");
        assert_eq!(format_size(GB), "1 GB");
    }

    #[test]
    fn uploads_held_scale_with_checks() {
        let l = Limits::with_checks(0);
        assert_eq!((l.checks, l.uploads), (1, 4));
        assert_eq!(Limits::with_checks(3).uploads, 12);
    }
}
