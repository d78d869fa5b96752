//! The corpus: many reports ingested into one SQLite database (WAL), with their cells and
//! findings; the supervisor's summary; the Parquet and CSV export; the 汇总 roll-up.
//!
//! The store reads no format itself: every file goes through `gongkai_extract`,
//! `gongkai_parse`, `gongkai_model::check_identities` and `gongkai_check` ([`process`]).
//! ARCHITECTURE.md describes the schema, table by table.

pub mod agency;
pub mod card;
pub mod cells;
pub mod compare;
pub mod export;
pub mod ingest;
pub mod manifest;
pub mod outliers;
pub mod process;
pub mod rollup;
pub mod schema;
pub mod stats;
pub mod status;
pub mod summary;
pub mod synthetic;
pub mod versions;
pub mod walk;

use std::path::{Path, PathBuf};

pub use ingest::{Options, Progress, Summary, ingest};
pub use status::{Status, classify};

/// Why a store operation could not run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database could not be opened or created.
    #[error("无法打开数据库 {path}：{source}")]
    Open {
        /// The database file.
        path: PathBuf,
        /// SQLite's reason.
        source: rusqlite::Error,
    },
    /// A command that reads the corpus was given a database that does not exist.
    #[error("数据库 {0} 不存在（先运行 gongkai ingest）")]
    NoDatabase(PathBuf),
    /// The database was written by a newer gongkai.
    #[error("数据库结构版本 {found} 比本程序支持的 {known} 新，请升级 gongkai")]
    NewerSchema {
        /// The version found.
        found: u32,
        /// The newest this build knows.
        known: u32,
    },
    /// SQLite failed.
    #[error("数据库错误：{0}")]
    Sql(#[from] rusqlite::Error),
    /// A file could not be written or read.
    #[error("{path}：{source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The OS's reason.
        source: std::io::Error,
    },
    /// The Parquet writer failed.
    #[error("Parquet 写入错误：{0}")]
    Parquet(#[from] parquet::errors::ParquetError),
    /// A request that cannot be met, with the reason in both languages.
    #[error("{}", .0.zh)]
    Refused(gongkai_model::Text),
    /// A broken invariant of this program.
    #[error("内部错误：{0}")]
    Internal(String),
}

impl Error {
    fn open(path: &Path, source: rusqlite::Error) -> Error {
        Error::Open {
            path: path.to_path_buf(),
            source,
        }
    }

    /// An I/O error on `path`.
    pub fn io(path: &Path, source: std::io::Error) -> Error {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    /// The message in English.
    pub fn english(&self) -> String {
        match self {
            Error::Open { path, source } => {
                format!("cannot open the database {}: {source}", path.display())
            }
            Error::NoDatabase(p) => format!(
                "the database {} does not exist (run gongkai ingest first)",
                p.display()
            ),
            Error::NewerSchema { found, known } => format!(
                "the database has schema version {found}, newer than {known}: upgrade gongkai"
            ),
            Error::Sql(e) => format!("database error: {e}"),
            Error::Io { path, source } => format!("{}: {source}", path.display()),
            Error::Parquet(e) => format!("Parquet writer error: {e}"),
            Error::Refused(t) => t.en.to_string(),
            Error::Internal(s) => format!("internal error: {s}"),
        }
    }

    /// The message in `lang`.
    pub fn message(&self, lang: gongkai_model::Lang) -> String {
        match lang {
            gongkai_model::Lang::Zh => self.to_string(),
            gongkai_model::Lang::En => self.english(),
        }
    }
}
