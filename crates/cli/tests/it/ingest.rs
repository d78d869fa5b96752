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

/// The corpus commands as a user runs them on the bundled examples: ingest, summary, export,
/// agencies, roll-up; and their exit codes.
#[test]
fn corpus_commands_on_the_examples() {
    let dir = std::env::temp_dir().join(format!("gongkai-corpus-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("c.db");
    let db = db.to_str().unwrap();
    let examples = crate::root().join("examples");
    let examples = examples.to_str().unwrap();
    let run = |args: &[&str]| crate::gongkai(args);

    let out = run(&["ingest", "--db", db, examples]);
    assert_eq!(out.status.code(), Some(0));
    let line = String::from_utf8_lossy(&out.stdout);
    assert!(line.contains("跳过"), "{line}");
    assert!(
        line.contains(".cells.tsv"),
        "skipped files are listed: {line}"
    );
    let again = run(&["--lang", "en", "ingest", "--db", db, examples]);
    assert!(String::from_utf8_lossy(&again.stdout).contains("0 new, 0 changed"));

    let summary = run(&["summary", "--db", db, "--format", "tsv"]);
    assert_eq!(summary.status.code(), Some(0));
    let text = String::from_utf8_lossy(&summary.stdout);
    let rows: Vec<&str> = text.lines().skip(1).collect();
    let mut sorted = rows.clone();
    sorted.sort();
    assert_eq!(rows, sorted, "sorted by path");
    assert!(
        rows.iter()
            .any(|r| r.contains("2021-tabbed.txt\treport\t青禾县市场监督管理局\t2022"))
    );

    let out_dir = dir.join("csv");
    let export = run(&[
        "export",
        "--db",
        db,
        "--to",
        "csv",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(export.status.code(), Some(0));
    for t in ["reports", "cells", "findings", "documents"] {
        assert!(out_dir.join(format!("{t}.csv")).is_file(), "{t}");
    }

    let register = dir.join("register.csv");
    std::fs::write(
        &register,
        "name,credit_code,kind\n青禾县市场监督管理局,X1,department\n望川县人民政府,X2,government\n",
    )
    .unwrap();
    let import = run(&["agencies", "import", register.to_str().unwrap(), "--db", db]);
    assert_eq!(import.status.code(), Some(0));
    let unmatched = run(&["agencies", "unmatched", "--db", db]);
    let text = String::from_utf8_lossy(&unmatched.stdout);
    assert!(
        text.contains("梧桐县教育局") && !text.contains("青禾县市场监督管理局"),
        "{text}"
    );

    // 2019 and 2021 templates together are refused; one year rolls up.
    let refused = run(&["rollup", "--db", db, "--name", "全部", "--to", "cells"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("模板不同"));
    let toml = run(&[
        "rollup", "--db", db, "--year", "2022", "--name", "全县", "--to", "toml",
    ]);
    assert_eq!(toml.status.code(), Some(0));
    let text = String::from_utf8_lossy(&toml.stdout);
    assert!(text.contains("[cells]") && text.contains("全县"), "{text}");
    let missing = run(&["summary", "--db", dir.join("none.db").to_str().unwrap()]);
    assert_eq!(missing.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}
