//! The ledger's schema and its versioned migrations. Every table is `ledger_*` (a database may
//! hold the corpus too), every row carries its agency, and the SQL is the subset SQLite and
//! PostgreSQL share; the two differences — an identity column and the triggers that make the
//! logs append-only — are spelt per dialect. A migration is applied once, in one transaction,
//! and recorded in `ledger_migrations`; the list only ever grows.

use crate::db::{Arg, Db, DbError};

/// The two SQL dialects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// SQLite (bundled, 3.45+).
    Sqlite,
    /// PostgreSQL 13+.
    Postgres,
}

/// One migration: its version, the shared SQL (`{ID}` is the identity primary key), and what
/// each dialect adds.
struct Migration {
    version: i64,
    shared: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

/// Every migration, oldest first. Never edit one that has shipped: add the next.
const MIGRATIONS: &[Migration] = &[Migration {
    version: 1,
    shared: "
CREATE TABLE ledger_agencies (
    id {ID},
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    retention_days BIGINT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
);
CREATE TABLE ledger_requests (
    id {ID},
    agency_id BIGINT NOT NULL REFERENCES ledger_agencies (id),
    number TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    UNIQUE (agency_id, number)
);
CREATE TABLE ledger_events (
    id {ID},
    agency_id BIGINT NOT NULL REFERENCES ledger_agencies (id),
    request_id BIGINT NOT NULL REFERENCES ledger_requests (id),
    seq BIGINT NOT NULL,
    kind TEXT NOT NULL,
    date TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    actor TEXT NOT NULL,
    reason TEXT NOT NULL,
    channel TEXT,
    applicant TEXT,
    content TEXT,
    outcome TEXT,
    party TEXT,
    case_no TEXT,
    case_kind TEXT,
    case_result TEXT,
    target BIGINT,
    UNIQUE (request_id, seq)
);
CREATE INDEX ledger_events_by_agency ON ledger_events (agency_id, request_id, seq);
CREATE TABLE ledger_applicants (
    request_id BIGINT PRIMARY KEY REFERENCES ledger_requests (id),
    agency_id BIGINT NOT NULL REFERENCES ledger_agencies (id),
    name TEXT NOT NULL,
    contact TEXT NOT NULL,
    address TEXT NOT NULL,
    masked_name TEXT NOT NULL,
    masked_contact TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL
);
CREATE TABLE ledger_personal_log (
    id {ID},
    agency_id BIGINT NOT NULL REFERENCES ledger_agencies (id),
    request_id BIGINT REFERENCES ledger_requests (id),
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    reason TEXT NOT NULL
);
CREATE INDEX ledger_personal_log_by_agency ON ledger_personal_log (agency_id, at);
CREATE TABLE ledger_register (
    id {ID},
    agency_id BIGINT NOT NULL REFERENCES ledger_agencies (id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    reference TEXT NOT NULL,
    start_date TEXT NOT NULL,
    published TEXT,
    end_date TEXT,
    count BIGINT NOT NULL,
    amount TEXT,
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    reason TEXT NOT NULL,
    ended_at TEXT,
    ended_by TEXT,
    voided_at TEXT,
    voided_by TEXT,
    void_reason TEXT
);
CREATE INDEX ledger_register_by_agency ON ledger_register (agency_id, kind);
CREATE TABLE ledger_years (
    agency_id BIGINT NOT NULL REFERENCES ledger_agencies (id),
    year BIGINT NOT NULL,
    published_at TEXT NOT NULL,
    published_by TEXT NOT NULL,
    cells TEXT NOT NULL,
    PRIMARY KEY (agency_id, year)
);
CREATE TABLE ledger_revisions (
    id {ID},
    agency_id BIGINT NOT NULL REFERENCES ledger_agencies (id),
    year BIGINT NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    reason TEXT NOT NULL,
    what TEXT NOT NULL,
    changes TEXT NOT NULL
);
CREATE TABLE ledger_templates (
    agency_id BIGINT NOT NULL REFERENCES ledger_agencies (id),
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (agency_id, kind)
);
",
    sqlite: "
CREATE TRIGGER ledger_events_no_update BEFORE UPDATE ON ledger_events
    BEGIN SELECT RAISE(ABORT, 'ledger_events is append-only'); END;
CREATE TRIGGER ledger_events_no_delete BEFORE DELETE ON ledger_events
    BEGIN SELECT RAISE(ABORT, 'ledger_events is append-only'); END;
CREATE TRIGGER ledger_personal_log_no_update BEFORE UPDATE ON ledger_personal_log
    BEGIN SELECT RAISE(ABORT, 'ledger_personal_log is append-only'); END;
CREATE TRIGGER ledger_personal_log_no_delete BEFORE DELETE ON ledger_personal_log
    BEGIN SELECT RAISE(ABORT, 'ledger_personal_log is append-only'); END;
CREATE TRIGGER ledger_revisions_no_update BEFORE UPDATE ON ledger_revisions
    BEGIN SELECT RAISE(ABORT, 'ledger_revisions is append-only'); END;
CREATE TRIGGER ledger_revisions_no_delete BEFORE DELETE ON ledger_revisions
    BEGIN SELECT RAISE(ABORT, 'ledger_revisions is append-only'); END;
",
    postgres: "
CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END
$$;
CREATE TRIGGER ledger_events_append_only BEFORE UPDATE OR DELETE ON ledger_events
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_personal_log_append_only BEFORE UPDATE OR DELETE ON ledger_personal_log
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_revisions_append_only BEFORE UPDATE OR DELETE ON ledger_revisions
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
",
}];

/// The schema version this build writes.
pub fn current_version() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

/// Applies the migrations the database lacks, each in its own transaction. On PostgreSQL an
/// advisory lock keeps two servers starting at once from migrating twice.
pub(crate) fn migrate(db: &mut Db) -> Result<(), DbError> {
    db.batch(
        "CREATE TABLE IF NOT EXISTS ledger_migrations (
            version BIGINT PRIMARY KEY,
            applied_at TEXT NOT NULL
        )",
    )?;
    for m in MIGRATIONS {
        db.tx(|db| {
            if db.dialect() == Dialect::Postgres {
                db.query("SELECT pg_advisory_xact_lock(7447001)::TEXT", &[])?;
            }
            let done = db.query(
                "SELECT version FROM ledger_migrations WHERE version = $1",
                &[Arg::Int(m.version)],
            )?;
            if !done.is_empty() {
                return Ok(());
            }
            let (id, extra) = match db.dialect() {
                Dialect::Sqlite => ("INTEGER PRIMARY KEY", m.sqlite),
                Dialect::Postgres => (
                    "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
                    m.postgres,
                ),
            };
            db.batch(&m.shared.replace("{ID}", id))?;
            db.batch(extra)?;
            db.exec(
                "INSERT INTO ledger_migrations (version, applied_at) VALUES ($1, $2)",
                &[Arg::Int(m.version), Arg::Text(crate::time::now())],
            )?;
            Ok::<_, DbError>(())
        })?;
    }
    let newest = db.query("SELECT MAX(version) FROM ledger_migrations", &[])?;
    let found = newest.first().and_then(|r| r.opt_int(0)).unwrap_or(0);
    if found > current_version() {
        return Err(DbError(format!(
            "the database has ledger schema version {found}, newer than this program's {}: use a newer gongkai",
            current_version()
        )));
    }
    Ok(())
}
