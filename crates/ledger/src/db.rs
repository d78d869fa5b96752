//! The store under the ledger: one [`Db`] over SQLite (one file, WAL) or PostgreSQL (a server
//! for many agencies), the same schema in the SQL both understand, versioned migrations.
//!
//! The rest of the crate speaks SQL through four calls — [`Db::exec`], [`Db::query`],
//! [`Db::insert`] and [`Db::tx`] — with `$1, $2, …` placeholders (rewritten to SQLite's `?1`),
//! integers as `BIGINT`, dates as `YYYY-MM-DD` text (which sorts as dates do) and amounts as exact
//! decimal text. No `SUM` (PostgreSQL returns `NUMERIC` for it): sums are done in Rust.

use std::time::Duration;

use crate::schema::{self, Dialect};

/// A connection to the ledger's database.
pub struct Db {
    conn: Conn,
    /// Where it is, as given (a path, or the URL without its password).
    target: String,
}

enum Conn {
    Sqlite(rusqlite::Connection),
    Postgres(Box<postgres::Client>),
}

/// A value bound to a placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Arg {
    /// An integer.
    Int(i64),
    /// Text.
    Text(String),
    /// An integer or NULL.
    OptInt(Option<i64>),
    /// Text or NULL.
    OptText(Option<String>),
}

/// A value read from a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Val {
    Int(i64),
    Text(String),
    Null,
}

/// One row of a result.
#[derive(Debug, Clone)]
pub(crate) struct Row(Vec<Val>);

/// A database error: the backend's own message (technical, in English).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DbError(pub String);

impl From<rusqlite::Error> for DbError {
    fn from(e: rusqlite::Error) -> DbError {
        DbError(e.to_string())
    }
}

impl From<postgres::Error> for DbError {
    fn from(e: postgres::Error) -> DbError {
        // The server's message when there is one ("duplicate key value …"), else the client's.
        match e.as_db_error() {
            Some(db) => DbError(format!("{}: {}", db.code().code(), db.message())),
            None => DbError(e.to_string()),
        }
    }
}

impl Db {
    /// Opens the ledger at `target`: a `postgres://` or `postgresql://` URL, or a file path for
    /// SQLite (created when missing). Migrations are applied.
    pub fn open(target: &str) -> Result<Db, DbError> {
        let mut db = if is_postgres_url(target) {
            Db::open_postgres(target)?
        } else {
            Db::open_sqlite(target)?
        };
        schema::migrate(&mut db)?;
        Ok(db)
    }

    fn open_sqlite(path: &str) -> Result<Db, DbError> {
        let conn = rusqlite::Connection::open(path)?;
        // WAL: readers never block the writer. FULL: COMMIT returns only once the WAL is synced,
        // so a committed event survives a killed process and a power cut alike (these are
        // legal records; a day's writes are few).
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(Duration::from_secs(10))?;
        Ok(Db {
            conn: Conn::Sqlite(conn),
            target: path.to_string(),
        })
    }

    fn open_postgres(url: &str) -> Result<Db, DbError> {
        let client = postgres::Client::connect(url, postgres::NoTls)?;
        Ok(Db {
            conn: Conn::Postgres(Box::new(client)),
            target: redact(url),
        })
    }

    /// Where the database is (a PostgreSQL URL without its password).
    pub fn target(&self) -> &str {
        &self.target
    }

    /// Which SQL dialect the connection speaks.
    pub(crate) fn dialect(&self) -> Dialect {
        match self.conn {
            Conn::Sqlite(_) => Dialect::Sqlite,
            Conn::Postgres(_) => Dialect::Postgres,
        }
    }

    /// Whether this is PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        self.dialect() == Dialect::Postgres
    }

    /// Runs statements without parameters (a migration).
    pub(crate) fn batch(&mut self, sql: &str) -> Result<(), DbError> {
        match &mut self.conn {
            Conn::Sqlite(c) => c.execute_batch(sql)?,
            Conn::Postgres(c) => c.batch_execute(sql)?,
        }
        Ok(())
    }

    /// Runs one statement; returns the rows it changed.
    pub(crate) fn exec(&mut self, sql: &str, args: &[Arg]) -> Result<u64, DbError> {
        match &mut self.conn {
            Conn::Sqlite(c) => {
                let mut st = c.prepare_cached(&sqlite_sql(sql))?;
                Ok(st.execute(rusqlite::params_from_iter(args.iter().map(sqlite_arg)))? as u64)
            }
            Conn::Postgres(c) => {
                let params = pg_params(args);
                let refs: Vec<&(dyn postgres::types::ToSql + Sync)> =
                    params.iter().map(|p| p.as_ref()).collect();
                Ok(c.execute(sql, &refs)?)
            }
        }
    }

    /// Runs an `INSERT … RETURNING id`; returns the id.
    pub(crate) fn insert(&mut self, sql: &str, args: &[Arg]) -> Result<i64, DbError> {
        let rows = self.query(sql, args)?;
        rows.first()
            .map(|r| r.int(0))
            .ok_or_else(|| DbError("INSERT returned no id".into()))
    }

    /// Runs a query; returns its rows.
    pub(crate) fn query(&mut self, sql: &str, args: &[Arg]) -> Result<Vec<Row>, DbError> {
        match &mut self.conn {
            Conn::Sqlite(c) => {
                let mut st = c.prepare_cached(&sqlite_sql(sql))?;
                let n = st.column_count();
                let mut rows = st.query(rusqlite::params_from_iter(args.iter().map(sqlite_arg)))?;
                let mut out = Vec::new();
                while let Some(r) = rows.next()? {
                    let mut vals = Vec::with_capacity(n);
                    for i in 0..n {
                        vals.push(match r.get_ref(i)? {
                            rusqlite::types::ValueRef::Integer(v) => Val::Int(v),
                            rusqlite::types::ValueRef::Text(t) => {
                                Val::Text(String::from_utf8_lossy(t).into_owned())
                            }
                            rusqlite::types::ValueRef::Null => Val::Null,
                            other => {
                                return Err(DbError(format!(
                                    "unexpected SQLite value {:?} in column {i}",
                                    other.data_type()
                                )));
                            }
                        });
                    }
                    out.push(Row(vals));
                }
                Ok(out)
            }
            Conn::Postgres(c) => {
                let params = pg_params(args);
                let refs: Vec<&(dyn postgres::types::ToSql + Sync)> =
                    params.iter().map(|p| p.as_ref()).collect();
                let rows = c.query(sql, &refs)?;
                rows.iter().map(pg_row).collect()
            }
        }
    }

    /// Runs a query and calls `f` with each row, borrowed: nothing is copied out of a row that
    /// `f` does not keep (the report reads hundreds of thousands of events this way).
    pub(crate) fn for_each(
        &mut self,
        sql: &str,
        args: &[Arg],
        f: &mut dyn FnMut(&Cols<'_>) -> Result<(), DbError>,
    ) -> Result<(), DbError> {
        match &mut self.conn {
            Conn::Sqlite(c) => {
                let mut st = c.prepare_cached(&sqlite_sql(sql))?;
                let mut rows = st.query(rusqlite::params_from_iter(args.iter().map(sqlite_arg)))?;
                while let Some(r) = rows.next()? {
                    f(&Cols::Sqlite(r))?;
                }
            }
            Conn::Postgres(c) => {
                let params = pg_params(args);
                let refs: Vec<&(dyn postgres::types::ToSql + Sync)> =
                    params.iter().map(|p| p.as_ref()).collect();
                for r in c.query(sql, &refs)? {
                    f(&Cols::Postgres(&r))?;
                }
            }
        }
        Ok(())
    }

    /// Runs `f` in one transaction: committed when it returns `Ok`, rolled back otherwise.
    /// SQLite takes the write lock at the start (`BEGIN IMMEDIATE`), so two writers queue
    /// instead of failing half-way.
    pub(crate) fn tx<T, E: From<DbError>>(
        &mut self,
        f: impl FnOnce(&mut Db) -> Result<T, E>,
    ) -> Result<T, E> {
        let begin = match self.dialect() {
            Dialect::Sqlite => "BEGIN IMMEDIATE",
            Dialect::Postgres => "BEGIN",
        };
        self.batch(begin)?;
        match f(self) {
            Ok(v) => {
                self.batch("COMMIT")?;
                Ok(v)
            }
            Err(e) => {
                // A failed rollback leaves nothing more to undo: the error that matters is `e`.
                let _ = self.batch("ROLLBACK");
                Err(e)
            }
        }
    }
}

/// A row being read by [`Db::for_each`], its values borrowed.
pub(crate) enum Cols<'r> {
    Sqlite(&'r rusqlite::Row<'r>),
    Postgres(&'r postgres::Row),
}

impl Cols<'_> {
    /// An integer column (`None` for NULL).
    pub(crate) fn int(&self, i: usize) -> Option<i64> {
        match self {
            Cols::Sqlite(r) => match r.get_ref(i) {
                Ok(rusqlite::types::ValueRef::Integer(v)) => Some(v),
                _ => None,
            },
            Cols::Postgres(r) => r.try_get::<_, Option<i64>>(i).ok().flatten(),
        }
    }

    /// A text column, borrowed (`None` for NULL).
    pub(crate) fn str(&self, i: usize) -> Option<&str> {
        match self {
            Cols::Sqlite(r) => match r.get_ref(i) {
                Ok(rusqlite::types::ValueRef::Text(t)) => std::str::from_utf8(t).ok(),
                _ => None,
            },
            Cols::Postgres(r) => r.try_get::<_, Option<&str>>(i).ok().flatten(),
        }
    }
}

impl Row {
    /// An integer column (0 for NULL).
    pub(crate) fn int(&self, i: usize) -> i64 {
        match &self.0[i] {
            Val::Int(v) => *v,
            Val::Text(t) => t.parse().unwrap_or(0),
            Val::Null => 0,
        }
    }

    /// An integer column or `None`.
    pub(crate) fn opt_int(&self, i: usize) -> Option<i64> {
        match &self.0[i] {
            Val::Int(v) => Some(*v),
            _ => None,
        }
    }

    /// A text column ("" for NULL).
    pub(crate) fn text(&self, i: usize) -> String {
        self.opt_text(i).unwrap_or_default()
    }

    /// A text column or `None`.
    pub(crate) fn opt_text(&self, i: usize) -> Option<String> {
        match &self.0[i] {
            Val::Text(t) => Some(t.clone()),
            Val::Int(v) => Some(v.to_string()),
            Val::Null => None,
        }
    }

    /// A text column, borrowed ("" for NULL or an integer).
    pub(crate) fn str(&self, i: usize) -> &str {
        match &self.0[i] {
            Val::Text(t) => t,
            _ => "",
        }
    }
}

/// Whether `target` names a PostgreSQL server.
pub fn is_postgres_url(target: &str) -> bool {
    target.starts_with("postgres://") || target.starts_with("postgresql://")
}

/// The URL without its password (for messages).
fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    match rest.split_once('@') {
        Some((user, host)) => {
            let user = user.split_once(':').map_or(user, |(u, _)| u);
            format!("{scheme}://{user}:***@{host}")
        }
        None => url.to_string(),
    }
}

/// `$1` → `?1`: SQLite's numbered placeholders bind by number, as PostgreSQL's do.
fn sqlite_sql(sql: &str) -> String {
    sql.replace('$', "?")
}

fn sqlite_arg(a: &Arg) -> rusqlite::types::Value {
    use rusqlite::types::Value;
    match a {
        Arg::Int(v) | Arg::OptInt(Some(v)) => Value::Integer(*v),
        Arg::Text(t) | Arg::OptText(Some(t)) => Value::Text(t.clone()),
        Arg::OptInt(None) | Arg::OptText(None) => Value::Null,
    }
}

fn pg_params(args: &[Arg]) -> Vec<Box<dyn postgres::types::ToSql + Sync>> {
    args.iter()
        .map(|a| -> Box<dyn postgres::types::ToSql + Sync> {
            match a {
                Arg::Int(v) => Box::new(*v),
                Arg::Text(t) => Box::new(t.clone()),
                Arg::OptInt(v) => Box::new(*v),
                Arg::OptText(t) => Box::new(t.clone()),
            }
        })
        .collect()
}

fn pg_row(r: &postgres::Row) -> Result<Row, DbError> {
    use postgres::types::Type;
    let mut vals = Vec::with_capacity(r.len());
    for (i, col) in r.columns().iter().enumerate() {
        let t = col.type_();
        let v = if *t == Type::INT8 {
            r.try_get::<_, Option<i64>>(i)?.map(Val::Int)
        } else if *t == Type::INT4 {
            r.try_get::<_, Option<i32>>(i)?.map(|v| Val::Int(v.into()))
        } else if *t == Type::TEXT || *t == Type::VARCHAR || *t == Type::NAME {
            r.try_get::<_, Option<String>>(i)?.map(Val::Text)
        } else {
            return Err(DbError(format!(
                "unexpected PostgreSQL type {t} in column {i}"
            )));
        };
        vals.push(v.unwrap_or(Val::Null));
    }
    Ok(Row(vals))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_placeholders() {
        assert!(is_postgres_url("postgres://u:p@localhost:5433/db"));
        assert!(!is_postgres_url("台账.db"));
        assert_eq!(
            redact("postgres://u:secret@localhost/db"),
            "postgres://u:***@localhost/db"
        );
        assert_eq!(redact("postgres://localhost/db"), "postgres://localhost/db");
        assert_eq!(sqlite_sql("a = $1 AND b = $12"), "a = ?1 AND b = ?12");
    }

    #[test]
    fn sqlite_round_trips_values() {
        let mut db = Db::open(":memory:").unwrap();
        let rows = db
            .query(
                "SELECT $1, $2, $3",
                &[Arg::Int(7), Arg::Text("文".into()), Arg::OptText(None)],
            )
            .unwrap();
        assert_eq!(rows[0].int(0), 7);
        assert_eq!(rows[0].text(1), "文");
        assert_eq!(rows[0].opt_text(2), None);
    }
}
