//! The web app's own tables, in the SQLite file given by `gongkai serve --db` beside the ledger's
//! `ledger_*` tables: users (Argon2id hashes), sessions (only a hash of each token is stored),
//! the audit log (append-only: triggers refuse `UPDATE` and `DELETE`) and the proposals that wait
//! for an approver. All tables are `web_*`, so one file can hold the ledger and the corpus too.
//!
//! Every function here is blocking (SQLite, Argon2): the handlers call them through
//! [`crate::AppState::blocking`].

use std::time::{SystemTime, UNIX_EPOCH};

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use gongkai_model::Text;
use rusqlite::{Connection, OptionalExtension, params};

use crate::auth::Role;

/// How long a session lasts after sign-in (8 hours: one working day).
pub const SESSION_SECONDS: i64 = 8 * 3600;

/// The versioned migrations of the web tables (`web_migrations` counts what was applied).
const MIGRATIONS: &[&str] = &[r"
CREATE TABLE web_users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    agency TEXT NOT NULL,
    hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE web_sessions (
    token_hash BLOB PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES web_users(id),
    csrf TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE TABLE web_audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user TEXT NOT NULL,
    agency TEXT,
    action TEXT NOT NULL,
    target TEXT,
    ok INTEGER NOT NULL,
    detail TEXT
);
CREATE TRIGGER web_audit_no_update BEFORE UPDATE ON web_audit
BEGIN SELECT RAISE(ABORT, 'web_audit is append-only'); END;
CREATE TRIGGER web_audit_no_delete BEFORE DELETE ON web_audit
BEGIN SELECT RAISE(ABORT, 'web_audit is append-only'); END;
CREATE TABLE web_proposals (
    id INTEGER PRIMARY KEY,
    agency TEXT NOT NULL,
    number TEXT NOT NULL,
    kind TEXT NOT NULL,
    date TEXT NOT NULL,
    outcome TEXT,
    reason TEXT NOT NULL,
    proposed_by TEXT NOT NULL,
    proposed_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    decided_by TEXT,
    decided_at TEXT
);
"];

/// A user as the app knows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Row id.
    pub id: i64,
    /// Sign-in name.
    pub name: String,
    /// What they may do.
    pub role: Role,
    /// The one agency whose ledger they work on (its code in `ledger_agencies`).
    pub agency: String,
}

/// A signed-in session, as read back for a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    /// Who.
    pub user: User,
    /// The CSRF token every form of this session carries.
    pub csrf: String,
    /// When it ends (Unix seconds).
    pub expires_at: i64,
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditLine {
    /// When (UTC, RFC 3339).
    pub at: String,
    /// Who (the name given at a failed sign-in).
    pub user: String,
    /// What: `sign-in`, `sign-out`, `add`, `record`, `propose`, `approve`, `reject`, `person`,
    /// `corpus-add` (an upload added to the corpus; target `corpus/doc/ID`, detail the file name).
    pub action: String,
    /// On what (a request number).
    pub target: String,
    /// Whether it succeeded.
    pub ok: bool,
    /// More.
    pub detail: String,
}

/// A change that waits for an approver: an extension or an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    /// Row id.
    pub id: i64,
    /// Request number.
    pub number: String,
    /// `extended` or `answered`.
    pub kind: String,
    /// The statutory date proposed (YYYY-MM-DD).
    pub date: String,
    /// The outcome of an answer (a row key of table 三).
    pub outcome: Option<String>,
    /// The proposer's reason.
    pub reason: String,
    /// Who proposed it.
    pub proposed_by: String,
    /// `pending`, `approved` or `rejected`.
    pub status: String,
}

/// A web-table error (the backend's message, technical).
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// SQLite failed.
    #[error("{0}")]
    Sql(#[from] rusqlite::Error),
    /// Something the user can fix, in both languages.
    #[error("{}", .0.en)]
    Invalid(Text),
}

/// Opens (creating when missing) the web tables in the SQLite file `path`.
pub fn open(path: &str) -> Result<Connection, AccountError> {
    let mut conn = Connection::open(path)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS web_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)",
    )?;
    let done: i64 = conn.query_row(
        "SELECT COALESCE(MAX(version), 0) FROM web_migrations",
        [],
        |r| r.get(0),
    )?;
    if done > MIGRATIONS.len() as i64 {
        return Err(AccountError::Invalid(Text::new(
            format!("数据库 {path} 由更新版本的 gongkai 创建，请升级"),
            format!("the database {path} was made by a newer gongkai: upgrade"),
        )));
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(done as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.execute(
            "INSERT INTO web_migrations (version, applied_at) VALUES (?1, ?2)",
            params![i as i64 + 1, gongkai_ledger::time::now()],
        )?;
        tx.commit()?;
    }
    Ok(conn)
}

/// The Argon2id parameters (RFC 9106's second recommendation, OWASP's minimum: 19 MiB, 2 passes).
pub fn hasher() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::default())
}

/// Hashes `password` with a fresh random salt into a PHC string (`$argon2id$v=19$…`).
pub fn hash_password(password: &str) -> Result<String, AccountError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| {
        AccountError::Invalid(Text::new(
            format!("无法取得随机数：{e}"),
            format!("no random numbers: {e}"),
        ))
    })?;
    hasher()
        .hash_password_with_salt(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| {
            AccountError::Invalid(Text::new(
                format!("无法计算口令散列：{e}"),
                format!("cannot hash the password: {e}"),
            ))
        })
}

/// Whether `password` matches the PHC string `hash` (a malformed hash never matches).
pub fn verify_password(password: &str, hash: &str) -> bool {
    hasher().verify_password(password.as_bytes(), hash).is_ok()
}

/// A random token: 32 bytes from the operating system, as 64 hex digits.
pub fn token() -> String {
    let mut bytes = [0u8; 32];
    // Without the system's random source no token can be safe: an empty token matches no cookie.
    if getrandom::fill(&mut bytes).is_err() {
        return String::new();
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Adds a user. The password must be at least 10 characters; the name is unique.
pub fn add_user(
    conn: &Connection,
    name: &str,
    role: Role,
    agency: &str,
    password: &str,
) -> Result<User, AccountError> {
    let name = name.trim();
    if name.is_empty() || name.chars().any(char::is_control) {
        return Err(AccountError::Invalid(Text::new(
            "用户名不能为空",
            "the user name must not be empty",
        )));
    }
    if password.chars().count() < 10 {
        return Err(AccountError::Invalid(Text::new(
            "口令至少 10 个字符",
            "the password needs at least 10 characters",
        )));
    }
    let taken: Option<i64> = conn
        .query_row("SELECT id FROM web_users WHERE name = ?1", [name], |r| {
            r.get(0)
        })
        .optional()?;
    if taken.is_some() {
        return Err(AccountError::Invalid(Text::new(
            format!("用户 {name} 已存在"),
            format!("the user {name} exists already"),
        )));
    }
    let hash = hash_password(password)?;
    conn.execute(
        "INSERT INTO web_users (name, role, agency, hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![name, role.code(), agency, hash, gongkai_ledger::time::now()],
    )?;
    Ok(User {
        id: conn.last_insert_rowid(),
        name: name.to_string(),
        role,
        agency: agency.to_string(),
    })
}

/// Checks a sign-in: the user when the name exists, is enabled and the password matches. A wrong
/// name still costs one hash, so timing does not tell which names exist.
pub fn sign_in(
    conn: &Connection,
    name: &str,
    password: &str,
) -> Result<Option<User>, AccountError> {
    let row: Option<(i64, String, String, String)> = conn
        .query_row(
            "SELECT id, role, agency, hash FROM web_users WHERE name = ?1 AND disabled = 0",
            [name.trim()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let Some((id, role, agency, hash)) = row else {
        let _ = verify_password(password, dummy_hash());
        return Ok(None);
    };
    let Some(role) = Role::from_code(&role) else {
        return Ok(None);
    };
    if !verify_password(password, &hash) {
        return Ok(None);
    }
    Ok(Some(User {
        id,
        name: name.trim().to_string(),
        role,
        agency,
    }))
}

/// Failed sign-ins of one name within [`LOCK_WINDOW_SECS`] after which its further attempts are
/// refused until the window has passed.
pub const LOCK_AFTER: i64 = 5;

/// The window of [`LOCK_AFTER`], in seconds (15 minutes).
pub const LOCK_WINDOW_SECS: u64 = 15 * 60;

/// Whether sign-ins as `name` are refused for now: [`LOCK_AFTER`] failed attempts (read from the
/// audit log, attempts refused while locked not counted) within the last [`LOCK_WINDOW_SECS`].
pub fn locked(conn: &Connection, name: &str) -> Result<bool, AccountError> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let since = gongkai_ledger::time::stamp(now.saturating_sub(LOCK_WINDOW_SECS));
    let failed: i64 = conn.query_row(
        "SELECT count(*) FROM web_audit WHERE action = 'sign-in' AND ok = 0 AND user = ?1
         AND at >= ?2 AND COALESCE(detail, '') <> 'locked'",
        params![name.trim(), since],
        |r| r.get(0),
    )?;
    Ok(failed >= LOCK_AFTER)
}

/// Refuses an attempt while locked at the cost of a real one (a hash is still computed, so the
/// answer's time does not tell a locked name from a wrong password).
pub fn refuse_locked(password: &str) {
    let _ = verify_password(password, dummy_hash());
}

/// The agency of the user named `name`, if there is one (for the audit line of a failed sign-in).
pub fn agency_of(conn: &Connection, name: &str) -> Result<Option<String>, AccountError> {
    Ok(conn
        .query_row(
            "SELECT agency FROM web_users WHERE name = ?1",
            [name.trim()],
            |r| r.get(0),
        )
        .optional()?)
}

/// A hash of a random password nobody knows, for timing-equal refusals of unknown names.
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password(&token()).unwrap_or_default())
}

/// Starts a session for `user`: returns the cookie token (only its hash is stored).
pub fn start_session(conn: &Connection, user: &User) -> Result<String, AccountError> {
    let token = token();
    let now = unix_now();
    conn.execute(
        "DELETE FROM web_sessions WHERE expires_at <= ?1",
        params![now],
    )?;
    conn.execute(
        "INSERT INTO web_sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            token_hash(&token).to_vec(),
            user.id,
            crate::accounts::token(),
            now,
            now + SESSION_SECONDS
        ],
    )?;
    Ok(token)
}

/// The live session of a cookie token, if any.
pub fn session(conn: &Connection, token: &str) -> Result<Option<SessionRow>, AccountError> {
    if token.len() != 64 {
        return Ok(None);
    }
    let row = conn
        .query_row(
            "SELECT u.id, u.name, u.role, u.agency, s.csrf, s.expires_at
             FROM web_sessions s JOIN web_users u ON u.id = s.user_id
             WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND u.disabled = 0",
            params![token_hash(token).to_vec(), unix_now()],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, i64>(5)?,
                ))
            },
        )
        .optional()?;
    Ok(row.and_then(|(id, name, role, agency, csrf, expires_at)| {
        Some(SessionRow {
            user: User {
                id,
                name,
                role: Role::from_code(&role)?,
                agency,
            },
            csrf,
            expires_at,
        })
    }))
}

/// Ends the session of a cookie token.
pub fn end_session(conn: &Connection, token: &str) -> Result<(), AccountError> {
    conn.execute(
        "DELETE FROM web_sessions WHERE token_hash = ?1",
        params![token_hash(token).to_vec()],
    )?;
    Ok(())
}

/// Appends a line to the audit log.
pub fn audit(
    conn: &Connection,
    user: &str,
    agency: Option<&str>,
    action: &str,
    target: &str,
    ok: bool,
    detail: &str,
) -> Result<(), AccountError> {
    conn.execute(
        "INSERT INTO web_audit (at, user, agency, action, target, ok, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            gongkai_ledger::time::now(),
            user,
            agency,
            action,
            target,
            ok,
            detail
        ],
    )?;
    Ok(())
}

/// The audit log of an agency (sign-in failures of unknown names have no agency and are listed
/// for every agency's auditor only by the command line), newest first.
pub fn audit_log(conn: &Connection, agency: &str) -> Result<Vec<AuditLine>, AccountError> {
    let mut st = conn.prepare(
        "SELECT at, user, action, COALESCE(target, ''), ok, COALESCE(detail, '')
         FROM web_audit WHERE agency = ?1 ORDER BY id DESC LIMIT 500",
    )?;
    let rows = st.query_map([agency], |r| {
        Ok(AuditLine {
            at: r.get(0)?,
            user: r.get(1)?,
            action: r.get(2)?,
            target: r.get(3)?,
            ok: r.get(4)?,
            detail: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Records a proposal waiting for approval; returns its id.
pub fn propose(conn: &Connection, agency: &str, p: &Proposal) -> Result<i64, AccountError> {
    conn.execute(
        "INSERT INTO web_proposals (agency, number, kind, date, outcome, reason, proposed_by, proposed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            agency,
            p.number,
            p.kind,
            p.date,
            p.outcome,
            p.reason,
            p.proposed_by,
            gongkai_ledger::time::now()
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// The proposals of an agency: pending ones first, then the rest newest first. With `number`,
/// only that request's.
pub fn proposals(
    conn: &Connection,
    agency: &str,
    number: Option<&str>,
) -> Result<Vec<Proposal>, AccountError> {
    let mut st = conn.prepare(
        "SELECT id, number, kind, date, outcome, reason, proposed_by, status FROM web_proposals
         WHERE agency = ?1 AND (?2 IS NULL OR number = ?2)
         ORDER BY status <> 'pending', id DESC",
    )?;
    let rows = st.query_map(params![agency, number], |r| {
        Ok(Proposal {
            id: r.get(0)?,
            number: r.get(1)?,
            kind: r.get(2)?,
            date: r.get(3)?,
            outcome: r.get(4)?,
            reason: r.get(5)?,
            proposed_by: r.get(6)?,
            status: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// One pending proposal of an agency.
pub fn pending(conn: &Connection, agency: &str, id: i64) -> Result<Option<Proposal>, AccountError> {
    Ok(proposals(conn, agency, None)?
        .into_iter()
        .find(|p| p.id == id && p.status == "pending"))
}

/// Marks a pending proposal approved or rejected.
pub fn decide(
    conn: &Connection,
    agency: &str,
    id: i64,
    approved: bool,
    by: &str,
) -> Result<bool, AccountError> {
    let n = conn.execute(
        "UPDATE web_proposals SET status = ?1, decided_by = ?2, decided_at = ?3
         WHERE id = ?4 AND agency = ?5 AND status = 'pending'",
        params![
            if approved { "approved" } else { "rejected" },
            by,
            gongkai_ledger::time::now(),
            id,
            agency
        ],
    )?;
    Ok(n == 1)
}

/// The stored form of a session token.
fn token_hash(token: &str) -> [u8; 32] {
    *blake3::hash(token.as_bytes()).as_bytes()
}

/// Seconds since the Unix epoch.
pub fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Compares two secrets in time independent of where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && !a.is_empty()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn users_sign_in_with_their_password_only() {
        let conn = open(":memory:").unwrap();
        let u = add_user(&conn, "li", Role::Handler, "qinghe", "correct horse").unwrap();
        assert_eq!(u.role, Role::Handler);
        assert!(add_user(&conn, "li", Role::Handler, "qinghe", "correct horse").is_err());
        assert!(add_user(&conn, "wang", Role::Handler, "qinghe", "short").is_err());
        assert_eq!(
            sign_in(&conn, "li", "correct horse")
                .unwrap()
                .map(|u| u.name),
            Some("li".to_string())
        );
        assert_eq!(sign_in(&conn, "li", "wrong horse").unwrap(), None);
        assert_eq!(sign_in(&conn, "nobody", "correct horse").unwrap(), None);
        let hash: String = conn
            .query_row("SELECT hash FROM web_users", [], |r| r.get(0))
            .unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(!hash.contains("correct horse"));
    }

    #[test]
    fn sessions_are_found_by_token_and_end() {
        let conn = open(":memory:").unwrap();
        let u = add_user(&conn, "li", Role::Auditor, "qinghe", "correct horse").unwrap();
        let t = start_session(&conn, &u).unwrap();
        assert_eq!(t.len(), 64);
        let s = session(&conn, &t).unwrap().unwrap();
        assert_eq!(s.user, u);
        assert_eq!(s.csrf.len(), 64);
        assert_eq!(session(&conn, &token()).unwrap(), None);
        end_session(&conn, &t).unwrap();
        assert_eq!(session(&conn, &t).unwrap(), None);
        // An expired session is not found.
        let t = start_session(&conn, &u).unwrap();
        conn.execute("UPDATE web_sessions SET expires_at = 1", [])
            .unwrap();
        assert_eq!(session(&conn, &t).unwrap(), None);
    }

    #[test]
    fn the_audit_log_is_append_only() {
        let conn = open(":memory:").unwrap();
        audit(&conn, "li", Some("qinghe"), "sign-in", "", false, "").unwrap();
        assert_eq!(audit_log(&conn, "qinghe").unwrap().len(), 1);
        assert!(conn.execute("DELETE FROM web_audit", []).is_err());
        assert!(conn.execute("UPDATE web_audit SET ok = 1", []).is_err());
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("", ""));
        assert!(!same_secret("ab", "abc"));
    }
}
