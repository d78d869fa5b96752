//! `gongkai ingest` killed with SIGKILL at several moments, then run again: nothing lost, no
//! duplicate, no half-stored document.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use gongkai_model::labels::Template;
use gongkai_store::cells::table_keys;

fn count(db: &Path) -> i64 {
    if !db.exists() {
        return 0;
    }
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("SELECT count(*) FROM documents", [], |r| r.get(0))
        .unwrap_or(0)
}

fn ingest(corpus: &Path, db: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["ingest", "--db"])
        .arg(db)
        .arg(corpus)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

#[test]
fn kill_9_during_ingest_loses_nothing_and_stores_no_half_document() {
    let dir = std::env::temp_dir().join(format!("gongkai-kill9-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let corpus = dir.join("corpus");
    let n = 1200u64;
    gongkai_store::synthetic::write_corpus(&corpus, 0..n, 2).unwrap();
    let db = dir.join("c.db");
    let mut seen = Vec::new();
    for ms in [120u64, 300, 600, 1000, 1600] {
        let mut child = ingest(&corpus, &db);
        std::thread::sleep(Duration::from_millis(ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        seen.push(count(&db));
    }
    assert!(
        seen.iter().any(|&c| c > 0 && c < n as i64),
        "no kill landed mid-way: {seen:?}"
    );
    assert!(
        seen.windows(2).all(|w| w[0] <= w[1]),
        "lost documents: {seen:?}"
    );
    let out = ingest(&corpus, &db).wait_with_output().unwrap();
    assert!(out.status.success());
    let summary = String::from_utf8_lossy(&out.stdout);
    let before = *seen.last().unwrap();
    assert!(
        summary.contains(&format!("新增 {}，", n as i64 - before)),
        "{summary} (stored before: {before})"
    );

    let conn = rusqlite::Connection::open(&db).unwrap();
    let q = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(q("SELECT count(*) FROM documents"), n as i64);
    assert_eq!(q("SELECT count(DISTINCT path) FROM documents"), n as i64);
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    // A document is stored with all its cells (one per key of a template) and all its findings,
    // or not at all.
    let half = q(&format!(
        "SELECT count(*) FROM documents d WHERE
           (SELECT count(*) FROM cells c WHERE c.document_id = d.id) NOT IN (0, {}, {})
           OR (d.status = 'report' AND d.packed IS NULL)
           OR d.errors + d.warnings + d.notes
              != (SELECT count(*) FROM findings f WHERE f.document_id = d.id)",
        table_keys(Template::Y2019).len(),
        table_keys(Template::Y2021).len()
    ));
    assert_eq!(half, 0, "half-stored documents");
    let _ = std::fs::remove_dir_all(&dir);
}
