//! End-to-end tests of the corpus store: ingest, resume, copies and versions, archives and
//! manifests, statuses, summary, export and roll-up, on synthetic corpora written to a
//! temporary folder.

mod export;
mod ingest;
mod rollup;
mod stats;
mod summary;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

/// A fresh temporary folder, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    /// A new empty folder named after the test.
    pub fn new(name: &str) -> TempDir {
        static N: AtomicU32 = AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "gongkai-store-{name}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    /// A path inside.
    pub fn join(&self, p: &str) -> PathBuf {
        self.0.join(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Ingests `inputs` into `db` with the default options.
pub fn ingest(db: &Path, inputs: &[PathBuf]) -> gongkai_store::Summary {
    gongkai_store::ingest(db, inputs, &gongkai_store::Options::default(), &mut |_| {}).unwrap()
}

/// One value of a query.
pub fn one<T: rusqlite::types::FromSql>(db: &Path, sql: &str) -> T {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

pub use gongkai_testkit::require;
