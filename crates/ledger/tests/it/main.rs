//! Integration tests of the ledger: the store on SQLite and PostgreSQL (`store`, `backends`), and of the clock: hand-worked due dates around every year's holidays, 补正 and
//! consultation cases, property tests, and the calendar cross-checked against two published
//! packages (PyPI `chinesecalendar`, npm `chinese-days`).

mod backends;
mod cases;
mod crosscheck;
mod holidays;
mod import;
mod properties;
mod report_props;
mod store;

use gongkai_ledger::{Calendar, Case, Date, Schedule, schedule};

pub use gongkai_testkit::require;

/// The compiled-in calendar.
pub fn cal() -> &'static Calendar {
    Calendar::builtin().expect("the calendar data files are consistent")
}

/// A date from `YYYY-MM-DD`.
pub fn d(text: &str) -> Date {
    Date::parse(text).unwrap()
}

/// The schedule of a request received on `received` with nothing else.
pub fn plain(received: &str) -> Schedule {
    schedule(cal(), &Case::new(d(received))).unwrap()
}
