//! The database schema and its versioned migrations: `PRAGMA user_version` counts the migrations
//! applied; each runs once, in its own transaction, in order. A migration is never edited once
//! released: a change is a new migration appended to [`MIGRATIONS`].

use rusqlite::{Connection, params};

use crate::Error;

/// The migrations, in order. Index `i` brings the schema from version `i` to `i + 1`.
/// ARCHITECTURE.md describes every table and column.
pub const MIGRATIONS: &[&str] = &[
    // 1: the corpus.
    r#"
    CREATE TABLE runs (
        id          INTEGER PRIMARY KEY,
        started     INTEGER NOT NULL,
        finished    INTEGER,
        added       INTEGER NOT NULL DEFAULT 0,
        changed     INTEGER NOT NULL DEFAULT 0,
        unchanged   INTEGER NOT NULL DEFAULT 0,
        skipped     INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE agencies (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL,
        credit_code TEXT UNIQUE,
        region_code TEXT,
        parent      TEXT,
        parent_id   INTEGER REFERENCES agencies(id),
        kind        TEXT CHECK (kind IN ('government', 'department'))
    );
    CREATE INDEX agencies_name ON agencies(name);
    CREATE INDEX agencies_region ON agencies(region_code);
    CREATE TABLE agency_aliases (
        alias       TEXT NOT NULL,
        agency_id   INTEGER NOT NULL REFERENCES agencies(id),
        PRIMARY KEY (alias, agency_id)
    ) WITHOUT ROWID;
    CREATE TABLE documents (
        id           INTEGER PRIMARY KEY,
        path         TEXT NOT NULL,
        hash         BLOB NOT NULL,
        size         INTEGER NOT NULL,
        format       TEXT,
        encoding     TEXT,
        pages        INTEGER,
        status       TEXT NOT NULL
                     CHECK (status IN ('report', 'not-a-report', 'unreadable', 'damaged')),
        error_zh     TEXT,
        error_en     TEXT,
        title        TEXT,
        agency       TEXT,
        agency_key   TEXT,
        agency_id    INTEGER REFERENCES agencies(id),
        agency_group TEXT,
        year         INTEGER,
        template     TEXT,
        published    TEXT,
        source_url   TEXT,
        fetched      TEXT,
        errors       INTEGER NOT NULL DEFAULT 0,
        warnings     INTEGER NOT NULL DEFAULT 0,
        notes        INTEGER NOT NULL DEFAULT 0,
        duplicate_of INTEGER REFERENCES documents(id),
        current      INTEGER NOT NULL DEFAULT 1,
        version      INTEGER,
        latest       INTEGER NOT NULL DEFAULT 0,
        packed       BLOB,
        run_id       INTEGER NOT NULL REFERENCES runs(id),
        UNIQUE (path, hash)
    );
    CREATE INDEX documents_hash ON documents(hash);
    CREATE INDEX documents_group ON documents(agency_group, year);
    CREATE INDEX documents_agency ON documents(agency_id, year);
    CREATE INDEX documents_latest ON documents(year) WHERE latest = 1;
    CREATE TABLE cell_keys (
        id          INTEGER PRIMARY KEY,
        key         TEXT NOT NULL UNIQUE
    );
    CREATE TABLE cells (
        document_id INTEGER NOT NULL REFERENCES documents(id),
        key_id      INTEGER NOT NULL REFERENCES cell_keys(id),
        kind        TEXT NOT NULL
                    CHECK (kind IN ('count', 'amount', 'mark', 'blank', 'unresolved', 'missing')),
        count       INTEGER,
        amount      TEXT,
        unit        TEXT,
        mark        TEXT,
        span_start  INTEGER NOT NULL,
        span_end    INTEGER NOT NULL,
        page        INTEGER,
        PRIMARY KEY (document_id, key_id)
    ) WITHOUT ROWID;
    CREATE TABLE findings (
        document_id INTEGER NOT NULL REFERENCES documents(id),
        seq         INTEGER NOT NULL,
        code        TEXT NOT NULL,
        severity    TEXT NOT NULL CHECK (severity IN ('error', 'warning', 'note')),
        message_zh  TEXT NOT NULL,
        message_en  TEXT NOT NULL,
        help_zh     TEXT,
        help_en     TEXT,
        span_start  INTEGER NOT NULL,
        span_end    INTEGER NOT NULL,
        line        INTEGER,
        col         INTEGER,
        page        INTEGER,
        PRIMARY KEY (document_id, seq)
    ) WITHOUT ROWID;
    CREATE TABLE skipped (
        path        TEXT PRIMARY KEY,
        reason      TEXT NOT NULL,
        run_id      INTEGER NOT NULL REFERENCES runs(id)
    ) WITHOUT ROWID;
    CREATE VIEW cell_values AS
        SELECT c.document_id, k.key, c.kind, c.count, c.amount, c.unit, c.mark,
               c.span_start, c.span_end, c.page
        FROM cells c JOIN cell_keys k ON k.id = c.key_id;
    "#,
];

/// The schema version this build writes.
pub const VERSION: u32 = MIGRATIONS.len() as u32;

/// Opens (creating when absent) the database at `path` in WAL mode and brings its schema up to
/// date.
///
/// Crash safety: WAL with `synchronous = NORMAL`. A transaction is committed once its pages are
/// in the WAL file, which survives the process being killed (the OS holds the write); only a
/// power loss or OS crash can lose the last few commits, never corrupt the file, and a re-run
/// ingests what was lost. `FULL` would add an fsync per commit for a guarantee that resumable
/// ingest does not need.
pub fn open(path: &std::path::Path) -> Result<Connection, Error> {
    let conn = Connection::open(path).map_err(|e| Error::open(path, e))?;
    configure(&conn).map_err(|e| Error::open(path, e))?;
    migrate(&conn).map_err(|e| match e {
        Error::Sql(e) => Error::open(path, e),
        other => other,
    })?;
    Ok(conn)
}

/// Opens an existing database (never creates one): for the commands that read the corpus.
pub fn open_existing(path: &std::path::Path) -> Result<Connection, Error> {
    if !path.is_file() {
        return Err(Error::NoDatabase(path.to_path_buf()));
    }
    open(path)
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    // Foreign keys are declared (they document the schema) but not enforced: the one writer
    // keeps them, and checking two of them for each of a report's ~200 cells costs a tenth of
    // ingest.
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    conn.pragma_update(None, "cache_size", -64_000)?;
    Ok(())
}

/// Applies the migrations the database has not seen yet, then makes sure every canonical key
/// has its id in `cell_keys`.
pub fn migrate(conn: &Connection) -> Result<(), Error> {
    let have: u32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if have > VERSION {
        return Err(Error::NewerSchema {
            found: have,
            known: VERSION,
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(have as usize) {
        let tx = conn.unchecked_transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i as u32 + 1)?;
        tx.commit()?;
    }
    let tx = conn.unchecked_transaction()?;
    {
        let mut insert = tx.prepare_cached("INSERT OR IGNORE INTO cell_keys(key) VALUES (?1)")?;
        for key in crate::cells::all_keys() {
            insert.execute(params![key])?;
        }
    }
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrates_a_new_database_and_refuses_a_newer_one() {
        let conn = Connection::open_in_memory().unwrap();
        migrate(&conn).unwrap();
        let v: u32 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, VERSION);
        // Running again changes nothing.
        migrate(&conn).unwrap();
        let keys: i64 = conn
            .query_row("SELECT count(*) FROM cell_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!(keys as usize, crate::cells::all_keys().len());
        conn.pragma_update(None, "user_version", VERSION + 1)
            .unwrap();
        assert!(matches!(
            migrate(&conn),
            Err(Error::NewerSchema { found, .. }) if found == VERSION + 1
        ));
    }
}
