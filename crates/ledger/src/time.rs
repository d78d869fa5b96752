//! The recording time of a write and "today" for what is due — the only two places the ledger
//! asks the system clock. Everything else takes dates as arguments.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::date::Date;

/// Now, in UTC, as RFC 3339 to the second (`2024-03-05T08:01:02Z`): sorts as time does.
pub fn now() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    stamp(secs)
}

/// The RFC 3339 UTC time of `secs` since the Unix epoch.
pub fn stamp(secs: u64) -> String {
    let days = i32::try_from(secs / 86_400).unwrap_or(i32::MAX);
    let rest = secs % 86_400;
    let date = Date::from_days(days);
    format!(
        "{date}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// Today in China (UTC+8, no daylight saving): the day the statutory clock speaks of.
pub fn today_in_china() -> Date {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Date::from_days(i32::try_from((secs + 8 * 3600) / 86_400).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_are_rfc3339_utc() {
        assert_eq!(stamp(0), "1970-01-01T00:00:00Z");
        assert_eq!(stamp(1_709_625_662), "2024-03-05T08:01:02Z");
        assert!(today_in_china().year() >= 2024);
        assert!(now().ends_with('Z'));
    }
}
