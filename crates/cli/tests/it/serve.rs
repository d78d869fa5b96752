//! `gongkai serve`: the API answers exactly what `gongkai check --format json` and
//! `gongkai extract --format json` print for the same file; bad settings exit with 2.

use std::path::Path;
use std::process::Command;

use crate::root;
use crate::server::{Server, get, post_file};

/// What `gongkai ARGS… NAME` prints, run in the file's folder (so the file names agree).
fn cli(args: &[&str], file: &Path) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .arg(file.file_name().unwrap())
        .current_dir(file.parent().unwrap())
        .output()
        .expect("the binary runs");
    out.stdout
}

#[test]
fn the_api_answers_exactly_what_the_command_line_prints() {
    let server = Server::start(env!("CARGO_BIN_EXE_gongkai"), &[]).expect("gongkai serve starts");
    let (status, page) = get(&server.addr, "/").unwrap();
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&page).contains("<form"));
    let mut files: Vec<_> = [
        "error-outcome-total.txt",
        "error-blank-and-marks.txt",
        "2021-gbk.txt",
        "2021-utf16.txt",
        "2019-crawled.txt",
        "2021-markdown.md",
    ]
    .iter()
    .map(|n| root().join("examples").join(n))
    .collect();
    let corpus = root().join("../shared/corpus/real");
    for n in ["hongze-2023.pdf", "blank-template-2021.docx"] {
        if corpus.join(n).is_file() {
            files.push(corpus.join(n));
        } else {
            eprintln!("skipped: ../shared/corpus/real/{n} not available");
        }
    }
    for file in files {
        let name = file.file_name().unwrap().to_str().unwrap();
        let bytes = std::fs::read(&file).unwrap();
        for (path, args) in [
            ("/api/check", &["check", "--format", "json"][..]),
            (
                "/api/check?lang=en",
                &["--lang", "en", "check", "--format", "json"][..],
            ),
            ("/api/extract", &["extract", "--format", "json"][..]),
        ] {
            let (status, body) = post_file(&server.addr, path, name, &bytes).unwrap();
            assert_eq!(status, 200, "{path} {name}");
            let want = cli(args, &file);
            assert!(
                body == want,
                "{path} {name}: the API differs from `gongkai {}`",
                args.join(" ")
            );
        }
    }
    // Uploads are dropped when answered: a few reports keep the server small.
    if let Some(peak) = server.peak_memory() {
        assert!(peak < 512 << 20, "{peak}");
    }
}

#[test]
fn bad_settings_exit_with_2() {
    let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["serve", "--max-upload", "5TB"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("--max-upload 5TB：不是有效的大小"), "{err}");
    let taken = Server::start(env!("CARGO_BIN_EXE_gongkai"), &[]).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["--lang", "en", "serve", "--addr", &taken.addr])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("error: cannot serve on"), "{err}");
}

#[test]
fn a_corpus_that_does_not_exist_exits_with_2_and_an_existing_one_is_served() {
    let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["serve", "--corpus", "no-such-corpus.db"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("--corpus") && err.contains("no-such-corpus.db 不存在"),
        "{err}"
    );
    let dir = std::env::temp_dir().join(format!("gongkai-serve-corpus-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("a.txt"),
        gongkai_store::synthetic::file(
            0,
            gongkai_store::synthetic::Layout::Text,
            gongkai_store::synthetic::Kind::Clean,
        ),
    )
    .unwrap();
    let db = dir.join("c.db");
    let ingested = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["ingest", "--db"])
        .arg(&db)
        .arg(dir.join("a.txt"))
        .output()
        .unwrap();
    assert_eq!(ingested.status.code(), Some(0));
    let db = db.to_string_lossy().into_owned();
    let server = Server::start(env!("CARGO_BIN_EXE_gongkai"), &["--corpus", &db]).unwrap();
    let (status, page) = get(&server.addr, "/corpus").unwrap();
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&page).contains("a.txt"));
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_corpus_without_accounts_is_not_served_beyond_this_machine() {
    let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["serve", "--addr", "0.0.0.0:0", "--corpus", "any.db"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("不带 --db 的 --corpus") && err.contains("0.0.0.0:0"),
        "{err}"
    );
}
