//! `ingest`: files in, documents out. Workers on every core read, hash, extract, parse and check;
//! one writer (the calling thread) stores each document with its cells and findings in the same
//! transaction as its row — several documents a transaction, never part of one — so a process
//! killed at any moment leaves whole documents only, and a re-run takes up where it stopped.
//!
//! A file is known by its content hash and path: the same path with the same content is
//! unchanged and skipped; the same path with new content is changed (the old row stays, no longer
//! `current`); the same content at another path is a copy (`duplicate_of`), stored without being
//! read again.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use gongkai_check::Config;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;

use crate::Error;
use crate::agency::{Register, agency_key, group};
use crate::manifest::Fetched;
use crate::process::{Processed, process};
use crate::status::Status;
use crate::walk::{self, Job, Skipped};

/// The content hash of a file: BLAKE3, 32 bytes.
pub type Hash = [u8; 32];

/// The content hash of `bytes`.
pub fn hash(bytes: &[u8]) -> Hash {
    *blake3::hash(bytes).as_bytes()
}

/// How to ingest.
#[derive(Clone)]
pub struct Options {
    /// Worker threads (0: one per core).
    pub threads: usize,
    /// Rule levels for `check`.
    pub config: Config,
    /// Most documents committed together.
    pub batch: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            threads: 0,
            config: Config::default(),
            batch: 256,
        }
    }
}

/// Where an ingest is, for a progress bar.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    /// Files dealt with (stored or found unchanged).
    pub done: u64,
    /// Files to deal with.
    pub total: u64,
}

/// What an ingest did.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Summary {
    /// Files found to ingest.
    pub files: u64,
    /// New paths stored.
    pub added: u64,
    /// Known paths with new content, stored as new documents.
    pub changed: u64,
    /// Known paths with the same content: nothing to do.
    pub unchanged: u64,
    /// Of the stored ones, copies of a file stored before (not read again).
    pub copies: u64,
    /// Stored documents by status: report, not a report, unreadable, damaged.
    pub reports: u64,
    /// See `reports`.
    pub not_reports: u64,
    /// See `reports`.
    pub unreadable: u64,
    /// See `reports`.
    pub damaged: u64,
    /// Files not taken (images, spreadsheets, other types…), with the reason.
    pub skipped: Vec<Skipped>,
    /// Inputs that do not exist.
    pub missing: Vec<PathBuf>,
    /// Files that could not be read from disk (not stored): path and the OS's message.
    pub read_errors: Vec<(String, String)>,
}

impl Summary {
    /// True when something given could not be stored (a missing input, a disk read error).
    pub fn incomplete(&self) -> bool {
        !self.missing.is_empty() || !self.read_errors.is_empty()
    }
}

/// What a worker hands the writer.
enum Done {
    /// Same path, same content as stored.
    Unchanged,
    /// Read and, unless a copy of stored content, processed.
    Read {
        job: Job,
        hash: Hash,
        size: u64,
        processed: Option<Box<Processed>>,
    },
    /// The bytes could not be read.
    Failed { path: String, error: String },
}

/// Ingests `inputs` into the database at `db` (created when absent).
pub fn ingest(
    db: &Path,
    inputs: &[PathBuf],
    options: &Options,
    progress: &mut dyn FnMut(Progress),
) -> Result<Summary, Error> {
    let mut conn = crate::schema::open(db)?;
    let base = db
        .canonicalize()
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .unwrap_or_else(|| PathBuf::from("."));
    let found = walk::find(inputs, &base);
    let mut summary = Summary {
        files: found.jobs.len() as u64,
        skipped: found.skipped,
        missing: found.missing,
        ..Summary::default()
    };
    let run = start_run(&conn, &summary.skipped)?;
    let mut writer = Writer::new(&conn, run)?;
    let known_paths: HashMap<String, Hash> = writer
        .paths
        .iter()
        .map(|(p, (_, h))| (p.clone(), *h))
        .collect();
    let known_hashes: std::collections::HashSet<Hash> = writer.hashes.keys().copied().collect();
    let jobs = found.jobs;
    let threads = match options.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    }
    .min(jobs.len().max(1));
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::sync_channel::<Done>(threads * 8);
    let total = jobs.len() as u64;
    let result = std::thread::scope(|s| {
        for _ in 0..threads {
            let tx = tx.clone();
            let (jobs, next, known_paths, known_hashes) =
                (&jobs, &next, &known_paths, &known_hashes);
            let config = &options.config;
            s.spawn(move || {
                let mut archive = None;
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(job) = jobs.get(i) else { break };
                    let done = work(job, &mut archive, known_paths, known_hashes, config);
                    if tx.send(done).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        writer.run(
            &mut conn,
            rx,
            options.batch.max(1),
            total,
            &mut summary,
            progress,
        )
    });
    result?;
    finish_run(&conn, run, &summary)?;
    Ok(summary)
}

fn work(
    job: &Job,
    archive: &mut Option<(PathBuf, zip::ZipArchive<std::io::BufReader<std::fs::File>>)>,
    known_paths: &HashMap<String, Hash>,
    known_hashes: &std::collections::HashSet<Hash>,
    config: &Config,
) -> Done {
    let bytes = match walk::read(&job.location, archive) {
        Ok(b) => b,
        Err(e) => {
            return Done::Failed {
                path: job.path.clone(),
                error: e.to_string(),
            };
        }
    };
    let h = hash(&bytes);
    if known_paths.get(&job.path) == Some(&h) {
        return Done::Unchanged;
    }
    let processed = (!known_hashes.contains(&h)).then(|| {
        let name = job.path.rsplit("!/").next().unwrap_or(&job.path);
        Box::new(process(name, &bytes, config))
    });
    Done::Read {
        job: job.clone(),
        hash: h,
        size: bytes.len() as u64,
        processed,
    }
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

fn start_run(conn: &Connection, skipped: &[Skipped]) -> Result<i64, Error> {
    let tx = conn.unchecked_transaction()?;
    tx.execute(
        "INSERT INTO runs(started, skipped) VALUES (?1, ?2)",
        params![now(), skipped.len() as i64],
    )?;
    let run = tx.last_insert_rowid();
    {
        let mut insert =
            tx.prepare("INSERT OR REPLACE INTO skipped(path, reason, run_id) VALUES (?1, ?2, ?3)")?;
        for s in skipped {
            insert.execute(params![s.path, s.reason.as_str(), run])?;
        }
    }
    tx.commit()?;
    Ok(run)
}

fn finish_run(conn: &Connection, run: i64, s: &Summary) -> Result<(), Error> {
    conn.execute(
        "UPDATE runs SET finished = ?2, added = ?3, changed = ?4, unchanged = ?5 WHERE id = ?1",
        params![
            run,
            now(),
            s.added as i64,
            s.changed as i64,
            s.unchanged as i64
        ],
    )?;
    Ok(())
}

/// The single writer: knows every stored path and content, and stores documents.
struct Writer {
    run: i64,
    /// Current document of each path: id and hash.
    paths: HashMap<String, (i64, Hash)>,
    /// The first document of each content (copies point to it).
    hashes: HashMap<Hash, i64>,
    register: Register,
}

impl Writer {
    fn new(conn: &Connection, run: i64) -> Result<Writer, Error> {
        let mut paths = HashMap::new();
        let mut hashes = HashMap::new();
        let mut stmt = conn
            .prepare("SELECT id, path, hash, current, duplicate_of FROM documents ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Vec<u8>>(2)?,
                r.get::<_, bool>(3)?,
                r.get::<_, Option<i64>>(4)?,
            ))
        })?;
        for row in rows {
            let (id, path, h, current, dup) = row?;
            let Ok(h) = Hash::try_from(h.as_slice()) else {
                continue;
            };
            if current {
                paths.insert(path, (id, h));
            }
            if dup.is_none() {
                hashes.entry(h).or_insert(id);
            }
        }
        Ok(Writer {
            run,
            paths,
            hashes,
            register: Register::load(conn)?,
        })
    }

    fn run(
        &mut self,
        conn: &mut Connection,
        rx: mpsc::Receiver<Done>,
        batch: usize,
        total: u64,
        summary: &mut Summary,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<(), Error> {
        let mut done = 0u64;
        let mut open = true;
        while open {
            let tx = conn.transaction()?;
            let started = Instant::now();
            let mut n = 0;
            while n < batch && started.elapsed() < Duration::from_millis(500) {
                match rx.recv_timeout(Duration::from_millis(100)) {
                    Ok(d) => {
                        self.store(&tx, d, summary)?;
                        n += 1;
                        done += 1;
                        progress(Progress { done, total });
                    }
                    Err(mpsc::RecvTimeoutError::Timeout) => {}
                    Err(mpsc::RecvTimeoutError::Disconnected) => {
                        open = false;
                        break;
                    }
                }
            }
            tx.commit()?;
        }
        Ok(())
    }

    fn store(&mut self, tx: &Transaction, done: Done, s: &mut Summary) -> Result<(), Error> {
        let (job, h, size, processed) = match done {
            Done::Unchanged => {
                s.unchanged += 1;
                return Ok(());
            }
            Done::Failed { path, error } => {
                s.read_errors.push((path, error));
                return Ok(());
            }
            Done::Read {
                job,
                hash,
                size,
                processed,
            } => (job, hash, size, processed),
        };
        let previous = self.paths.get(&job.path).copied();
        if previous.is_some_and(|(_, ph)| ph == h) {
            s.unchanged += 1; // the same file given twice in one run
            return Ok(());
        }
        let id = match (self.hashes.get(&h).copied(), processed) {
            (Some(original), _) => {
                let status = store_copy(tx, &job, original, self.run)?;
                s.copies += 1;
                count_status(s, status);
                tx.last_insert_rowid()
            }
            (None, Some(p)) => {
                let id = self.store_new(tx, &job, &h, size, &p)?;
                count_status(s, p.status);
                self.hashes.insert(h, id);
                id
            }
            (None, None) => {
                // A worker saw this content as stored; the writer's view is the truth, and it
                // holds every content stored before the run started: cannot happen.
                return Err(Error::Internal("content known to a worker only".into()));
            }
        };
        if let Some((old, _)) = previous {
            tx.execute("UPDATE documents SET current = 0 WHERE id = ?1", [old])?;
            s.changed += 1;
        } else {
            s.added += 1;
        }
        self.paths.insert(job.path, (id, h));
        Ok(())
    }

    fn store_new(
        &self,
        tx: &Transaction,
        job: &Job,
        h: &Hash,
        size: u64,
        p: &Processed,
    ) -> Result<i64, Error> {
        let key = p.agency.as_deref().map(agency_key);
        let agency_id = p
            .agency
            .as_deref()
            .and_then(|a| self.register.find(a))
            .map(|m| self.register.agencies[m.index()].id);
        let group = group(agency_id, p.agency.as_deref());
        let [errors, warnings, notes] = p.counts();
        let (url, fetched) = match &job.fetched {
            Some(Fetched { url, date }) => (Some(url.as_str()), date.as_deref()),
            None => (None, None),
        };
        let packed = (!p.cells.is_empty()).then(|| {
            let cells: Vec<_> = p.cells.iter().map(|(c, _)| c.clone()).collect();
            crate::cells::pack(&cells)
        });
        let template = p.template.map(|t| t.code());
        tx.prepare_cached(
            "INSERT INTO documents(path, hash, size, format, encoding, pages, status, error_zh,
                error_en, title, agency, agency_key, agency_id, agency_group, year, template,
                published, source_url, fetched, errors, warnings, notes, packed, run_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                ?18, ?19, ?20, ?21, ?22, ?23, ?24)",
        )?
        .execute(params![
            job.path,
            &h[..],
            size as i64,
            p.format,
            p.encoding,
            p.pages,
            p.status.as_str(),
            p.error.as_ref().map(|e| e.zh.as_ref()),
            p.error.as_ref().map(|e| e.en.as_ref()),
            p.title,
            p.agency,
            key,
            agency_id,
            group,
            p.year,
            template,
            p.published.map(|d| d.to_string()),
            url,
            fetched,
            errors,
            warnings,
            notes,
            packed,
            self.run,
        ])?;
        let id = tx.last_insert_rowid();
        insert_cells(tx, id, &p.cells)?;
        let mut finding = tx.prepare_cached(
            "INSERT INTO findings(document_id, seq, code, severity, message_zh, message_en,
                help_zh, help_en, span_start, span_end, line, col, page)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        )?;
        for (seq, f) in p.findings.iter().enumerate() {
            finding.execute(params![
                id,
                seq as i64,
                f.code,
                severity_name(f.severity),
                f.message.zh.as_ref(),
                f.message.en.as_ref(),
                f.help.as_ref().map(|h| h.zh.as_ref()),
                f.help.as_ref().map(|h| h.en.as_ref()),
                f.span.0,
                f.span.1,
                f.line_col.map(|l| l.0),
                f.line_col.map(|l| l.1),
                f.page,
            ])?;
        }
        if p.status == Status::Report
            && let (Some(g), Some(y)) = (&group, p.year)
        {
            crate::versions::refresh(tx, g, i64::from(y))?;
        }
        Ok(id)
    }
}

/// Cells inserted by one statement: binding many rows at once makes a report's ~200 cells a
/// dozen statement steps rather than 200.
const CELLS_PER_INSERT: usize = 25;

fn insert_sql(rows: usize) -> String {
    let mut sql = String::from(
        "INSERT INTO cells(document_id, key_id, kind, count, amount, unit, mark, span_start,
            span_end, page) VALUES ",
    );
    for r in 0..rows {
        if r > 0 {
            sql.push(',');
        }
        sql.push_str("(?,?,?,?,?,?,?,?,?,?)");
    }
    sql
}

fn insert_cells(
    tx: &Transaction,
    id: i64,
    cells: &[(crate::cells::StoredCell, Option<u32>)],
) -> Result<(), Error> {
    let keys = key_ids(tx)?;
    for chunk in cells.chunks(CELLS_PER_INSERT) {
        let mut stmt = tx.prepare_cached(&insert_sql(chunk.len()))?;
        let mut at = 1;
        let mut bind = |stmt: &mut rusqlite::CachedStatement, v: &dyn rusqlite::ToSql| {
            let r = stmt.raw_bind_parameter(at, v);
            at += 1;
            r
        };
        for (c, page) in chunk {
            let key_id = keys.get(c.key).copied();
            let (count, amount, unit, mark) = match &c.value {
                gongkai_model::Value::Count(n) => (Some(*n), None, None, None),
                gongkai_model::Value::Amount { number, unit } => (
                    None,
                    Some(number.to_string()),
                    unit.map(|u| u.label()),
                    None,
                ),
                gongkai_model::Value::Mark(m) => (None, None, None, Some(m.as_str())),
                _ => (None, None, None, None),
            };
            bind(&mut stmt, &id)?;
            bind(&mut stmt, &key_id)?;
            bind(&mut stmt, &crate::cells::kind_name(&c.value))?;
            bind(&mut stmt, &count)?;
            bind(&mut stmt, &amount)?;
            bind(&mut stmt, &unit)?;
            bind(&mut stmt, &mark)?;
            bind(&mut stmt, &c.span.start)?;
            bind(&mut stmt, &c.span.end)?;
            bind(&mut stmt, page)?;
        }
        stmt.raw_execute()?;
    }
    Ok(())
}

/// The ids of the canonical keys (read once per process).
fn key_ids(conn: &Connection) -> Result<&'static HashMap<String, i64>, Error> {
    static IDS: std::sync::OnceLock<HashMap<String, i64>> = std::sync::OnceLock::new();
    if let Some(ids) = IDS.get() {
        return Ok(ids);
    }
    let ids: HashMap<String, i64> = conn
        .prepare("SELECT key, id FROM cell_keys")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    Ok(IDS.get_or_init(|| ids))
}

/// The stored name of a level.
pub fn severity_name(s: gongkai_model::Severity) -> &'static str {
    match s {
        gongkai_model::Severity::Error => "error",
        gongkai_model::Severity::Warning => "warning",
        gongkai_model::Severity::Note => "note",
    }
}

fn count_status(s: &mut Summary, status: Status) {
    match status {
        Status::Report => s.reports += 1,
        Status::NotAReport => s.not_reports += 1,
        Status::Unreadable => s.unreadable += 1,
        Status::Damaged => s.damaged += 1,
    }
}

/// Stores a copy of stored content at a new path: the original's reading, no cells of its own.
fn store_copy(tx: &Transaction, job: &Job, original: i64, run: i64) -> Result<Status, Error> {
    let (url, fetched) = match &job.fetched {
        Some(f) => (Some(f.url.as_str()), f.date.as_deref()),
        None => (None, None),
    };
    tx.prepare_cached(
        "INSERT INTO documents(path, hash, size, format, encoding, pages, status, error_zh,
            error_en, title, agency, agency_key, agency_id, agency_group, year, template,
            published, source_url, fetched, errors, warnings, notes, duplicate_of, run_id)
         SELECT ?1, hash, size, format, encoding, pages, status, error_zh, error_en, title,
            agency, agency_key, agency_id, agency_group, year, template, published,
            coalesce(?2, source_url), coalesce(?3, fetched), errors, warnings, notes, id, ?4
         FROM documents WHERE id = ?5",
    )?
    .execute(params![job.path, url, fetched, run, original])?;
    let status: Option<String> = tx
        .query_row(
            "SELECT status FROM documents WHERE id = ?1",
            [original],
            |r| r.get(0),
        )
        .optional()?;
    Ok(status
        .as_deref()
        .and_then(Status::parse)
        .unwrap_or(Status::Report))
}
