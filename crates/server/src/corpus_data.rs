//! What the corpus screens read from the store's database (`gongkai_store`): one document with
//! its versions, findings and cells, the ids of the summary's rows, the years. Reads only; the
//! summary itself and the roll-up are the store's own functions.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use gongkai_model::labels::Template;
use gongkai_model::{Date, Value};
use gongkai_store::Error;
use gongkai_store::agency::Register;
use gongkai_store::summary::{Timeliness, deadline, timeliness};
use rusqlite::{Connection, OptionalExtension, params};

/// The corpus database the server reads: its path and one connection (reads are short; they
/// take turns on it).
pub struct Corpus {
    path: PathBuf,
    conn: Mutex<Connection>,
    /// Adds to the corpus take turns (one ingest at a time).
    adding: Mutex<()>,
}

impl Corpus {
    /// Opens an existing corpus database (made by `gongkai ingest`).
    pub fn open(path: &Path) -> Result<Corpus, Error> {
        let conn = gongkai_store::schema::open_existing(path)?;
        Ok(Corpus {
            path: path.to_path_buf(),
            conn: Mutex::new(conn),
            adding: Mutex::new(()),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` on the connection (blocking: call it from a blocking thread).
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T, Error>) -> Result<T, Error> {
        // A panic while holding the lock leaves the connection usable: SQLite rolls back.
        let conn = self
            .conn
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&conn)
    }

    /// Where a stored path is on disk: relative paths are below the database's folder; archive
    /// members (`a.zip!/b.pdf`) are not read again.
    pub fn file_of(&self, stored: &str) -> Option<PathBuf> {
        if stored.contains("!/") {
            return None;
        }
        let p = Path::new(stored);
        if p.is_absolute() {
            return Some(p.to_path_buf());
        }
        let base = self
            .path
            .canonicalize()
            .ok()
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .unwrap_or_else(|| PathBuf::from("."));
        Some(base.join(p))
    }
}

/// One stored document.
#[derive(Debug, Clone)]
pub struct Doc {
    /// Its row id.
    pub id: i64,
    /// The path as stored.
    pub path: String,
    /// BLAKE3 of its bytes.
    pub hash: Vec<u8>,
    /// Bytes.
    pub size: i64,
    /// `text`, `docx`, `pdf`…
    pub format: Option<String>,
    /// `report`, `not-a-report`, `unreadable`, `damaged`.
    pub status: String,
    /// Why it could not be read (Chinese, English).
    pub error: (Option<String>, Option<String>),
    /// The agency as printed.
    pub agency: Option<String>,
    /// The register's body.
    pub agency_id: Option<i64>,
    /// What its versions are counted in.
    pub group: Option<String>,
    /// The year covered.
    pub year: Option<i32>,
    /// `2019`, `2021`, `pre2019`.
    pub template: Option<String>,
    /// 落款日期.
    pub published: Option<String>,
    /// From a crawl manifest.
    pub source_url: Option<String>,
    /// See `source_url`.
    pub fetched: Option<String>,
    /// Finding counts.
    pub counts: [u32; 3],
    /// The document this one is a copy of.
    pub duplicate_of: Option<i64>,
    /// The content now at this path.
    pub current: bool,
    /// Its version among the body's reports of the year.
    pub version: Option<u32>,
    /// The newest version (counted).
    pub latest: bool,
    /// The packed cell values.
    pub packed: Option<Vec<u8>>,
}

const DOC_COLUMNS: &str = "id, path, hash, size, format, status, error_zh, error_en, agency,
    agency_id, agency_group, year, template, published, source_url, fetched, errors, warnings,
    notes, duplicate_of, current, version, latest, packed";

fn doc_row(r: &rusqlite::Row) -> rusqlite::Result<Doc> {
    Ok(Doc {
        id: r.get(0)?,
        path: r.get(1)?,
        hash: r.get(2)?,
        size: r.get(3)?,
        format: r.get(4)?,
        status: r.get(5)?,
        error: (r.get(6)?, r.get(7)?),
        agency: r.get(8)?,
        agency_id: r.get(9)?,
        group: r.get(10)?,
        year: r.get(11)?,
        template: r.get(12)?,
        published: r.get(13)?,
        source_url: r.get(14)?,
        fetched: r.get(15)?,
        counts: [r.get(16)?, r.get(17)?, r.get(18)?],
        duplicate_of: r.get(19)?,
        current: r.get(20)?,
        version: r.get(21)?,
        latest: r.get::<_, Option<bool>>(22)?.unwrap_or(false),
        packed: r.get(23)?,
    })
}

/// The document with this id.
pub fn document(conn: &Connection, id: i64) -> Result<Option<Doc>, Error> {
    Ok(conn
        .query_row(
            &format!("SELECT {DOC_COLUMNS} FROM documents WHERE id = ?1"),
            [id],
            doc_row,
        )
        .optional()?)
}

/// The document whose reading `doc` shares: itself, or the original it is a copy of.
pub fn reading(conn: &Connection, doc: &Doc) -> Result<Doc, Error> {
    match doc.duplicate_of {
        Some(original) => Ok(document(conn, original)?.unwrap_or_else(|| doc.clone())),
        None => Ok(doc.clone()),
    }
}

/// The reports of the same body and year (its versions), and the older contents of the same
/// path, oldest first.
pub fn versions(conn: &Connection, doc: &Doc) -> Result<Vec<Doc>, Error> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {DOC_COLUMNS} FROM documents
         WHERE (agency_group = ?1 AND year = ?2 AND status = 'report' AND duplicate_of IS NULL)
            OR path = ?3
         ORDER BY coalesce(version, 0), id"
    ))?;
    let rows = stmt.query_map(params![doc.group, doc.year, doc.path], doc_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The newest report of the same body for the year before.
pub fn last_year(conn: &Connection, doc: &Doc) -> Result<Option<i64>, Error> {
    let (Some(group), Some(year)) = (&doc.group, doc.year) else {
        return Ok(None);
    };
    Ok(conn
        .query_row(
            "SELECT id FROM documents WHERE agency_group = ?1 AND year = ?2
               AND status = 'report' AND latest = 1 ORDER BY id DESC LIMIT 1",
            params![group, year - 1],
            |r| r.get(0),
        )
        .optional()?)
}

/// One stored finding.
#[derive(Debug, Clone)]
pub struct StoredFinding {
    /// The rule's name.
    pub code: String,
    /// `error`, `warning`, `note`.
    pub severity: String,
    /// The message (Chinese, English).
    pub message: (String, String),
    /// The help (Chinese, English).
    pub help: (Option<String>, Option<String>),
    /// Line and column, when known.
    pub line_col: Option<(i64, i64)>,
    /// The page, when known.
    pub page: Option<i64>,
}

/// The findings of a document, in the order stored.
pub fn findings(conn: &Connection, id: i64) -> Result<Vec<StoredFinding>, Error> {
    let mut stmt = conn.prepare(
        "SELECT code, severity, message_zh, message_en, help_zh, help_en, line, col, page
         FROM findings WHERE document_id = ?1 ORDER BY seq",
    )?;
    let rows = stmt.query_map([id], |r| {
        let line: Option<i64> = r.get(6)?;
        let col: Option<i64> = r.get(7)?;
        Ok(StoredFinding {
            code: r.get(0)?,
            severity: r.get(1)?,
            message: (r.get(2)?, r.get(3)?),
            help: (r.get(4)?, r.get(5)?),
            line_col: line.zip(col),
            page: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The template and the table values (in `gongkai_store::cells::table_keys` order) of a report.
pub fn values(doc: &Doc) -> Option<(Template, Vec<Value>)> {
    let template = match doc.template.as_deref() {
        Some("2019") => Template::Y2019,
        Some("2021") => Template::Y2021,
        _ => return None,
    };
    let values = gongkai_store::cells::unpack(doc.packed.as_deref()?)?;
    Some((template, values))
}

/// The ids of the documents now at each path (what the summary's rows link to).
pub fn current_ids(conn: &Connection) -> Result<BTreeMap<String, i64>, Error> {
    let mut stmt = conn.prepare("SELECT path, id FROM documents WHERE current = 1")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The years the corpus has reports for, newest first.
pub fn years(conn: &Connection) -> Result<Vec<i32>, Error> {
    let mut stmt = conn.prepare(
        "SELECT DISTINCT year FROM documents WHERE year IS NOT NULL AND status = 'report'
         ORDER BY year DESC",
    )?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A report's timeliness under 第四十九条, as the summary judges it.
pub fn doc_timeliness(conn: &Connection, doc: &Doc) -> Result<Timeliness, Error> {
    if doc.status != "report" {
        return Ok(Timeliness::NotApplicable);
    }
    let kind = match doc.agency_id {
        Some(id) => Register::load(conn)?
            .agencies
            .iter()
            .find(|a| a.id == id)
            .and_then(|a| a.kind),
        None => None,
    };
    let limit = match (&doc.agency, doc.year) {
        (Some(a), Some(y)) => deadline(a, y, kind),
        _ => None,
    };
    let date = doc.published.as_deref().and_then(parse_date);
    Ok(timeliness(date, limit))
}

fn parse_date(s: &str) -> Option<Date> {
    let mut it = s.split('-');
    let y = it.next()?.parse().ok()?;
    let m = it.next()?.parse().ok()?;
    let d = it.next()?.parse().ok()?;
    Date::new(y, m, d)
}

/// The folder beside the database where uploads added to the corpus are kept.
pub const UPLOADS: &str = "uploads";

/// A file name safe to write: the last path component, no control characters or separators,
/// not hidden, at most 120 characters; `upload` when nothing is left.
pub fn safe_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, ':' | '*' | '?' | '"' | '<' | '>' | '|'))
        .take(120)
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_string();
    if cleaned.is_empty() {
        "upload".to_string()
    } else {
        cleaned
    }
}

impl Corpus {
    /// Adds an upload to the corpus: its bytes are written under `uploads/` beside the database
    /// (in a folder named after the content hash, so two uploads never overwrite each other) and
    /// ingested like any file. Returns the id of the document now at that path. Adds take turns.
    pub fn add(&self, name: &str, bytes: &[u8]) -> Result<i64, Error> {
        let _turn = self
            .adding
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let hash = gongkai_store::ingest::hash(bytes);
        let hex: String = hash[..8].iter().map(|b| format!("{b:02x}")).collect();
        let base = self
            .path
            .canonicalize()
            .ok()
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .unwrap_or_else(|| PathBuf::from("."));
        let dir = base.join(UPLOADS).join(hex);
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        let file = dir.join(safe_name(name));
        std::fs::write(&file, bytes).map_err(|e| Error::io(&file, e))?;
        let options = gongkai_store::Options {
            threads: 1,
            ..gongkai_store::Options::default()
        };
        gongkai_store::ingest(
            &self.path,
            std::slice::from_ref(&file),
            &options,
            &mut |_| {},
        )?;
        let stored = gongkai_store::walk::stored_path(&file, &base);
        self.read(|conn| {
            conn.query_row(
                "SELECT id FROM documents WHERE path = ?1 AND current = 1",
                [&stored],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| Error::Internal(format!("{stored}: not stored")))
        })
    }
}
