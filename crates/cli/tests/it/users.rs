//! `gongkai users` and `gongkai serve --db`: a user is added with the password on standard input
//! (never an argument), bad roles, unknown agencies and short passwords exit 2 with a Chinese
//! message, and the served ledger asks for sign-in.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use crate::server::{Server, get};

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("users-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("gongkai.db")
}

/// Runs `gongkai ARGS` with `stdin` on its standard input.
fn run(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn users_are_added_with_the_password_on_standard_input() {
    let db = scratch("add");
    let db = db.to_str().unwrap();
    let o = run(
        &[
            "ledger",
            "init",
            "qinghe",
            "青禾县市场监督管理局",
            "--db",
            db,
        ],
        "",
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = run(
        &[
            "users", "add", "李四", "--role", "handler", "--agency", "qinghe", "--db", db,
        ],
        "a-long-password\n",
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("已添加用户 李四（承办人，机关 qinghe）"));
    let o = run(&["users", "list", "--db", db], "");
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "李四\thandler\tqinghe\n"
    );
    // The password is stored only as an Argon2id hash.
    let bytes = std::fs::read(db).unwrap();
    assert!(!bytes.windows(15).any(|w| w == b"a-long-password"));
    for (args, stdin, want) in [
        (
            vec!["--role", "boss", "--agency", "qinghe"],
            "a-long-password\n",
            "没有角色 boss",
        ),
        (
            vec!["--role", "auditor", "--agency", "nowhere"],
            "a-long-password\n",
            "台账中没有机关 nowhere",
        ),
        (
            vec!["--role", "auditor", "--agency", "qinghe"],
            "short\n",
            "口令至少 10 个字符",
        ),
    ] {
        let mut all = vec!["users", "add", "王五"];
        all.extend(args);
        all.extend(["--db", db]);
        let o = run(&all, stdin);
        assert_eq!(o.status.code(), Some(2));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(want), "{err}");
    }
}

#[test]
fn the_served_ledger_asks_for_sign_in() {
    let db = scratch("serve");
    let db = db.to_str().unwrap();
    let server = Server::start(env!("CARGO_BIN_EXE_gongkai"), &["--db", db]).expect("serves");
    let (status, _) = get(&server.addr, "/ledger").unwrap();
    assert_eq!(status, 303);
    let (status, body) = get(&server.addr, "/login").unwrap();
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&body).contains("name=\"csrf\""));
    let (status, _) = get(&server.addr, "/api/ledger/requests").unwrap();
    assert_eq!(status, 401);
    assert!(std::path::Path::new(db).is_file(), "--db creates the file");
}

#[test]
fn with_ledger_url_the_agency_is_looked_up_where_the_ledger_lives() {
    let db = scratch("ledger-url");
    let ledger = db.with_file_name("ledger.db");
    let (db, ledger) = (db.to_str().unwrap(), ledger.to_str().unwrap());
    let o = run(
        &["ledger", "init", "baiyun", "白云县教育局", "--db", ledger],
        "",
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // The users' file has no ledger agencies: without --ledger-url the agency is unknown …
    let add = [
        "users",
        "add",
        "王五",
        "--role",
        "registrar",
        "--agency",
        "baiyun",
        "--db",
        db,
    ];
    let o = run(&add, "a-long-password\n");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("台账中没有机关 baiyun"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // … and with it, it is found in the ledger the server will use.
    let mut with_url = add.to_vec();
    with_url.extend(["--ledger-url", ledger]);
    let o = run(&with_url, "a-long-password\n");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = run(&["users", "list", "--db", db], "");
    assert!(String::from_utf8_lossy(&o.stdout).contains("王五\tregistrar\tbaiyun"));
}
