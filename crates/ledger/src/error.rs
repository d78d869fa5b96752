//! What can go wrong using the ledger, with a message in both languages for each.

use gongkai_model::Text;

use crate::clock::ClockError;
use crate::db::DbError;

/// An error of a ledger operation. Nothing was written when one is returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message().zh)]
pub enum LedgerError {
    /// The database failed (the backend's own message).
    Database(#[from] DbError),
    /// No agency with this code.
    UnknownAgency(String),
    /// An agency with this code exists already.
    DuplicateAgency(String),
    /// No request with this number in the agency's ledger.
    UnknownRequest(String),
    /// A request with this number exists already.
    DuplicateRequest(String),
    /// An event that does not fit the request's log.
    Refused {
        /// The request.
        number: String,
        /// What is wrong.
        message: Text,
    },
    /// The clock cannot count the request's dates.
    Clock {
        /// The request.
        number: String,
        /// Why.
        error: ClockError,
    },
    /// The change alters the report of a published year and no reason was given.
    Locked {
        /// The year.
        year: i32,
        /// The cells it would change, `key: before → after`.
        changes: Vec<String>,
    },
    /// The year was published already.
    AlreadyPublished(i32),
    /// Anything else the caller asked for that cannot be done, said in both languages.
    Invalid(Text),
}

impl LedgerError {
    /// What went wrong, in both languages.
    pub fn message(&self) -> Text {
        match self {
            LedgerError::Database(e) => Text::new(
                format!("数据库错误：{}", e.0),
                format!("database error: {}", e.0),
            ),
            LedgerError::UnknownAgency(c) => Text::new(
                format!("台账中没有机关“{c}”（用 gongkai ledger agency add 添加）"),
                format!("no agency \"{c}\" in the ledger (add it with gongkai ledger agency add)"),
            ),
            LedgerError::DuplicateAgency(c) => Text::new(
                format!("机关“{c}”已经存在"),
                format!("agency \"{c}\" exists already"),
            ),
            LedgerError::UnknownRequest(n) => Text::new(
                format!("台账中没有编号为 {n} 的申请"),
                format!("no request numbered {n} in the ledger"),
            ),
            LedgerError::DuplicateRequest(n) => Text::new(
                format!("编号 {n} 的申请已经登记"),
                format!("a request numbered {n} is already recorded"),
            ),
            LedgerError::Refused { number, message } => Text::new(
                format!("申请 {number}：{}", message.zh),
                format!("request {number}: {}", message.en),
            ),
            LedgerError::Clock { number, error } => {
                let m = error.message();
                Text::new(
                    format!("申请 {number}：{}", m.zh),
                    format!("request {number}: {}", m.en),
                )
            }
            LedgerError::Locked { year, changes } => Text::new(
                format!(
                    "{year} 年度报告已经发布，这一改动会改变其中的数字（{}）；请写明理由（--reason），改动将记入修订记录",
                    changes.join("；")
                ),
                format!(
                    "the {year} report is published and this change alters its numbers ({}); give a reason (--reason) and it goes into the revision log",
                    changes.join("; ")
                ),
            ),
            LedgerError::AlreadyPublished(y) => Text::new(
                format!("{y} 年度已经发布"),
                format!("the year {y} is already published"),
            ),
            LedgerError::Invalid(t) => t.clone(),
        }
    }
}
