//! The two stores the ledger's suite runs against: SQLite in a fresh file, and PostgreSQL in a
//! fresh schema of the server named by `GONGKAI_TEST_POSTGRES` (CI starts one; without it the
//! PostgreSQL half says `skipped:`, and fails under `GONGKAI_REQUIRE_ALL=1`).

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

use gongkai_ledger::Db;

/// A database for one test, removed afterwards.
pub struct TestDb {
    /// The connection.
    pub db: Db,
    /// What to open again (the file, or the URL with the schema).
    pub target: String,
    cleanup: Cleanup,
}

enum Cleanup {
    File(PathBuf),
    Schema { url: String, schema: String },
}

static NEXT: AtomicU32 = AtomicU32::new(0);

fn unique(name: &str) -> String {
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!("{name}_{}_{n}_{nanos}", std::process::id())
}

/// A fresh temporary path (nothing created).
pub fn temp_path(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("gongkai-ledger-{}", unique(name)))
}

/// A fresh SQLite ledger in a temporary file.
pub fn sqlite(name: &str) -> TestDb {
    let path = temp_path(name).with_extension("db");
    let target = path.display().to_string();
    TestDb {
        db: Db::open(&target).expect("a new SQLite ledger opens"),
        target,
        cleanup: Cleanup::File(path),
    }
}

/// The PostgreSQL server's URL, when the environment names one (else `skipped:`).
pub fn postgres_url() -> Option<String> {
    let url = std::env::var("GONGKAI_TEST_POSTGRES").ok();
    gongkai_testkit::require(
        "PostgreSQL (GONGKAI_TEST_POSTGRES=postgres://…, started by .ci/run)",
        url.is_some(),
    )
    .then(|| url.unwrap_or_default())
}

/// A fresh PostgreSQL ledger in its own schema, or `None` (skipped) without a server.
pub fn postgres(name: &str) -> Option<TestDb> {
    let url = postgres_url()?;
    let schema = unique(&format!("t_{name}")).to_lowercase();
    let mut admin = postgres::Client::connect(&url, postgres::NoTls)
        .expect("the PostgreSQL server named by GONGKAI_TEST_POSTGRES answers");
    admin
        .batch_execute(&format!("CREATE SCHEMA {schema}"))
        .expect("a schema can be created");
    let sep = if url.contains('?') { '&' } else { '?' };
    let target = format!("{url}{sep}options=-csearch_path%3D{schema}");
    Some(TestDb {
        db: Db::open(&target).expect("a new PostgreSQL ledger opens"),
        target,
        cleanup: Cleanup::Schema { url, schema },
    })
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::File(p) => {
                for ext in ["", "-wal", "-shm"] {
                    let mut s = p.clone().into_os_string();
                    s.push(ext);
                    let _ = std::fs::remove_file(s);
                }
            }
            Cleanup::Schema { url, schema } => {
                if let Ok(mut c) = postgres::Client::connect(url, postgres::NoTls) {
                    let _ = c.batch_execute(&format!("DROP SCHEMA {schema} CASCADE"));
                }
            }
        }
    }
}

/// Runs a scenario `fn(&mut TestDb)` against both stores: `mod NAME { fn sqlite(); fn postgres(); }`.
#[macro_export]
macro_rules! both {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[test]
                fn sqlite() {
                    let mut t = $crate::backends::sqlite(stringify!($name));
                    super::$name(&mut t);
                }

                #[test]
                fn postgres() {
                    if let Some(mut t) = $crate::backends::postgres(stringify!($name)) {
                        super::$name(&mut t);
                    }
                }
            }
        )*
    };
}
