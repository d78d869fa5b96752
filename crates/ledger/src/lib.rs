//! The agency ledger of 政府信息公开申请: every request from receipt to answer as an append-only
//! log of events, its due dates from the statutory clock (Chinese working days with the State
//! Council's 调休), the register behind table 二, and the year's report counted from them.
//!
//! - [`date`], [`calendar`], [`channel`], [`clock`], [`reasoning`]: the statutory clock.
//! - [`outcome`]: outcomes, applicants and case results in the words of tables 三 and 四.
//! - [`event`], [`state`]: the events of a request and the state they fold into.
//! - [`db`], [`schema`]: one store over SQLite or PostgreSQL, with versioned migrations.
//! - [`ledger`]: an agency's ledger — requests, events, lists of what is due.
//! - [`register`]: 规章, 规范性文件, items, decisions and fees for table 二.
//! - [`report`]: the year's `Report`, drill-down to what each cell counts, publishing and revisions.
//! - [`privacy`]: applicants' personal data, masked, logged when read, purged after retention.
//! - [`import`]: the 台账 an agency already keeps, as rows of strings, validated whole.
//! - [`letters`]: the notices the law requires, from templates an agency can edit.
//!
//! The crate knows no file format and no HTTP: the CLI and the web server read files and speak to
//! users; they share this library.

pub mod calendar;
pub mod channel;
pub mod clock;
pub mod date;
pub mod db;
pub mod error;
pub mod event;
pub mod import;
pub mod ledger;
pub mod letters;
pub mod outcome;
pub mod privacy;
pub mod reasoning;
pub mod register;
pub mod report;
pub mod schema;
pub mod state;
pub mod time;

pub use calendar::{Calendar, CalendarError, DayKind, Holiday, HolidayName, MissingYear};
pub use channel::Channel;
pub use clock::{Case, ClockError, Consultation, Correction, Schedule, schedule};
pub use date::{Date, DateError, Weekday};
pub use db::{Db, DbError};
pub use error::LedgerError;
pub use event::{Actor, Event, EventKind, Kind};
pub use ledger::{Agency, Ledger, ListFilter, ListItem, NewRequest, Recorded, RequestView};
pub use privacy::{MaskedPerson, Person};
pub use report::{CellRef, Drill, Member, YearReport};
pub use state::{RequestState, Stage};
