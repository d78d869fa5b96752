//! `gongkai ledger` as a new user runs it: the bundled GBK 台账 imported, what is due listed,
//! a 补正告知书 and the year's report written as DOCX, a cell drilled down to its requests — and
//! the ledger killed with SIGKILL in the middle of writes, losing no committed event.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use crate::{read_cells, root};

/// A fresh folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("gongkai-cli-ledger-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `gongkai ledger ARGS --db DB` as the clerk 王登记.
fn ledger(db: &PathBuf, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .arg("ledger")
        .args(args)
        .arg("--db")
        .arg(db)
        .env("GONGKAI_ACTOR", "王登记")
        .env_remove("GONGKAI_AGENCY")
        .env_remove("GONGKAI_LEDGER_DB")
        .current_dir(root())
        .output()
        .expect("the binary runs")
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn a_year_of_requests_from_the_taizhang_to_the_report() {
    let dir = scratch("year");
    let db = dir.join("台账.db");
    let o = ledger(&db, &["init", "qinghe-amr", "青禾县市场监督管理局"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let o = ledger(&db, &["import", "examples/ledger/qinghe-2024.csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(out(&o).contains("导入 200 件申请"), "{}", out(&o));
    assert!(out(&o).contains("CSV (GBK)"));
    assert!(
        err(&o).contains("晚于答复期限"),
        "late answers are warnings: {}",
        err(&o)
    );
    // Importing it again adds nothing and names each row.
    let again = ledger(&db, &["import", "examples/ledger/qinghe-2024.csv"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        err(&again).contains("第 3 行“编号”列：编号 2023-188 已在台账中"),
        "{}",
        err(&again)
    );
    assert!(err(&again).contains("未导入任何内容"));

    let due = ledger(&db, &["list", "--due-within", "5", "--today", "2024-12-31"]);
    assert_eq!(due.status.code(), Some(0), "{}", err(&due));
    let due_text = out(&due);
    let lines: Vec<&str> = due_text.lines().skip(1).collect();
    assert!(lines.len() >= 2, "{}", out(&due));
    assert!(lines[0].contains("已逾期"), "overdue first: {}", out(&due));
    assert!(
        !out(&due).contains("13"),
        "phone numbers are masked: {}",
        out(&due)
    );

    let number = lines
        .last()
        .unwrap()
        .split('\t')
        .next()
        .unwrap()
        .to_string();
    let o = ledger(
        &db,
        &[
            "event",
            &number,
            "补正告知",
            "--date",
            "2024-12-31",
            "--reason",
            "申请内容不明确",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let letter = dir.join("补正告知书.docx");
    let o = ledger(
        &db,
        &[
            "letter",
            &number,
            "correction",
            "-o",
            letter.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let bytes = std::fs::read(&letter).unwrap();
    let source = gongkai_extract::extract(&bytes, "补正告知书.docx").unwrap();
    assert!(source.text.contains("补正告知书"));
    assert!(source.text.contains("2024年12月31日"));
    let log = ledger(&db, &["access-log"]);
    assert!(
        out(&log).contains("\tread\t") && out(&log).contains("制作补正告知书"),
        "{}",
        out(&log)
    );

    let show = ledger(&db, &["show", &number]);
    assert!(out(&show).contains("等待补正"), "{}", out(&show));
    assert!(
        out(&show).contains("补正告知期限"),
        "the clock's reasoning: {}",
        out(&show)
    );

    let report = dir.join("年报.docx");
    let o = ledger(
        &db,
        &[
            "report",
            "--year",
            "2024",
            "--to",
            "docx",
            "-o",
            report.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    // The DOCX reads back to the same cells as the ledger's own cells.
    let cells = read_cells(&out(&ledger(
        &db,
        &["report", "--year", "2024", "--to", "cells"],
    )));
    let docx = crate::gongkai(&["extract", report.to_str().unwrap()]);
    let read_back = read_cells(&out(&docx));
    for (k, v) in &cells {
        if k.starts_with("requests.") || k.starts_with("review") || k.starts_with("litigation") {
            let got = read_back
                .iter()
                .find(|(x, _)| x == k)
                .map(|(_, v)| v.as_str());
            assert_eq!(got, Some(v.as_str()), "{k}");
        }
    }
    let get = |k: &str| {
        cells
            .iter()
            .find(|(x, _)| x == k)
            .unwrap()
            .1
            .parse::<i64>()
            .unwrap()
    };
    assert_eq!(get("requests.received.total"), 197);
    assert_eq!(
        get("requests.carried_over.total") + get("requests.received.total"),
        get("requests.total.total") + get("requests.carried_forward.total")
    );
    let drill = ledger(&db, &["cell", "--year", "2024", "requests.granted.natural"]);
    let listed = out(&drill).lines().count() - 1;
    assert_eq!(
        listed as i64,
        get("requests.granted.natural"),
        "{}",
        out(&drill)
    );
    let toml = ledger(&db, &["report", "--year", "2024", "--to", "toml"]);
    assert!(out(&toml).contains("[sections]"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn errors_name_what_is_wrong_in_the_users_language() {
    let dir = scratch("errors");
    let db = dir.join("l.db");
    let o = ledger(&db, &["list"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("台账中还没有机关"), "{}", err(&o));
    ledger(&db, &["init", "a", "甲机关"]);
    let o = ledger(
        &db,
        &[
            "add",
            "1",
            "--received",
            "2024-02-30",
            "--channel",
            "网络",
            "--applicant",
            "自然人",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("--received"), "{}", err(&o));
    let o = ledger(
        &db,
        &[
            "add",
            "1",
            "--received",
            "2024-03-01",
            "--channel",
            "网络",
            "--applicant",
            "自然人",
        ],
    );
    assert!(out(&o).contains("答复期限 2024-03-29"), "{}", out(&o));
    let o = ledger(
        &db,
        &[
            "event",
            "1",
            "答复",
            "--date",
            "2024-03-05",
            "--outcome",
            "不予公开",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("属于国家秘密"), "{}", err(&o));
    let o = ledger(
        &db,
        &[
            "--lang",
            "en",
            "event",
            "1",
            "收到补正",
            "--date",
            "2024-03-05",
        ],
    );
    assert!(
        err(&o).contains("no correction was requested"),
        "{}",
        err(&o)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every request the ledger lists (closed ones too).
fn numbers(db: &PathBuf) -> Vec<String> {
    let o = ledger(db, &["list", "--all", "--format", "json"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "the ledger opens after a kill: {}",
        err(&o)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|i| i["number"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn kill_9_during_writes_loses_no_committed_event() {
    let dir = scratch("kill");
    let db = dir.join("l.db");
    let wal = dir.join("l.db-wal");
    ledger(&db, &["init", "a", "甲机关"]);
    // A big import: one transaction, larger than SQLite's page cache, so its pages spill into
    // the WAL while it runs — a kill then lands in the middle of writing.
    const ROWS: usize = 10_000;
    let mut csv = String::from("编号,收到日期,申请方式,申请人类型,申请内容,答复日期,办理结果\n");
    for i in 0..ROWS {
        csv.push_str(&format!(
            "B{i:05},2024-03-01,网络,自然人,某项目的批复和附件{i},2024-03-05,予以公开\n"
        ));
    }
    let big = dir.join("big.csv");
    std::fs::write(&big, csv).unwrap();
    let mut committed: Vec<String> = Vec::new();
    let mut mid_write_kills = 0;
    for round in 0..5u64 {
        // Requests added one by one, each reported only once committed.
        for i in 0..3 {
            let n = format!("R{round}-{i}");
            let o = ledger(
                &db,
                &[
                    "add",
                    &n,
                    "--received",
                    "2024-03-01",
                    "--channel",
                    "网络",
                    "--applicant",
                    "自然人",
                ],
            );
            assert_eq!(o.status.code(), Some(0), "{}", err(&o));
            committed.push(n);
        }
        let before = std::fs::metadata(&wal).map_or(0, |m| m.len());
        let mut child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
            .args(["ledger", "import"])
            .arg(&big)
            .arg("--db")
            .arg(&db)
            .current_dir(root())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let last = round == 4;
        if !last {
            // SIGKILL (no cleanup runs) once the transaction has written 128 KiB more each round.
            let grown = 128 * 1024 * (round + 1);
            let start = std::time::Instant::now();
            loop {
                let now = std::fs::metadata(&wal).map_or(0, |m| m.len());
                if now >= before + grown || child.try_wait().unwrap().is_some() {
                    break;
                }
                assert!(
                    start.elapsed() < Duration::from_secs(120),
                    "the import never wrote"
                );
                std::thread::sleep(Duration::from_millis(2));
            }
            let running = child.try_wait().unwrap().is_none();
            let _ = child.kill();
            mid_write_kills += usize::from(running);
        }
        let status = child.wait().unwrap();
        let have = numbers(&db);
        for n in &committed {
            assert!(
                have.contains(n),
                "round {round}: committed request {n} lost"
            );
        }
        let imported = have.iter().filter(|n| n.starts_with('B')).count();
        if last {
            assert!(status.success());
            assert_eq!(imported, ROWS, "the last import runs to its end");
        } else {
            assert!(
                imported == 0 || imported == ROWS,
                "round {round}: half an import ({imported} rows)"
            );
            if imported == ROWS {
                break;
            }
        }
        assert_eq!(rusqlite_check(&db), "ok");
    }
    assert!(
        mid_write_kills >= 3,
        "only {mid_write_kills} kills landed while writing"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// SQLite's own integrity check of the file.
fn rusqlite_check(db: &PathBuf) -> String {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0))
        .unwrap()
}
