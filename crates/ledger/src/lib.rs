//! The agency ledger of 政府信息公开申请. For now its base: the statutory clock, counted in Chinese
//! working days with the State Council's yearly 放假安排 and their 调休 weekends.
//!
//! - [`date`]: a civil date as a day number, and the ways people write one.
//! - [`calendar`]: the working-day calendar from the data files compiled in (one a year).
//! - [`channel`]: how a request came in, and which day 第三十一条 takes as its receipt.
//! - [`clock`]: the due dates of a request from its facts (补正, extension, consultations).
//! - [`reasoning`]: the day-by-day explanation of a schedule, in Chinese or English.
//!
//! No IO, no database, no HTTP: pure functions over dates.

pub mod calendar;
pub mod channel;
pub mod clock;
pub mod date;
pub mod reasoning;

pub use calendar::{Calendar, CalendarError, DayKind, Holiday, HolidayName, MissingYear};
pub use channel::Channel;
pub use clock::{Case, ClockError, Consultation, Correction, Schedule, schedule};
pub use date::{Date, DateError, Weekday};
