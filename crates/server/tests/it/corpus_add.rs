//! Adding a checked upload to the corpus (`POST /check` with the box 核对后加入语料库): the box
//! is offered only to a signed-in user whose role may add; anonymous users, read-only users and
//! forms without the session's CSRF token are refused before anything is stored; an allowed
//! role's upload is stored, audited, and listed on `/corpus`.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use gongkai_server::corpus_data::Corpus;
use gongkai_server::{AppState, accounts};
use gongkai_store::synthetic::{Kind, Layout, file};

use crate::Answer;
use crate::auth::{Client, send, setup, sign_in};
use crate::corpus::Store;

/// A state with accounts (every role in `qinghe`) and the synthetic corpus.
fn state(name: &str) -> (AppState, Store) {
    let store = Store::new(name);
    let (state, _db) = setup(name);
    (
        state.with_corpus(Corpus::open(&store.db).expect("the corpus opens")),
        store,
    )
}

/// A multipart body: the fields `(name, value)` then the file.
fn form(fields: &[(&str, &str)], file_name: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----gongkai-add-boundary-3b9Xq";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: text/plain\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Posts the upload form, with the session cookie when there is one.
async fn post_check(
    state: &AppState,
    cookie: Option<&str>,
    fields: &[(&str, &str)],
    name: &str,
) -> Answer {
    let report = file(7, Layout::Text, Kind::Clean);
    let (content_type, body) = form(fields, name, &report);
    let mut req = Request::post("/check").header("content-type", content_type);
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    send(state, req.body(Body::from(body)).unwrap()).await
}

/// The number of documents stored under `uploads/` in the corpus.
fn uploads(store: &Store) -> i64 {
    let conn = rusqlite::Connection::open(&store.db).unwrap();
    conn.query_row(
        "SELECT count(*) FROM documents WHERE path LIKE 'uploads/%'",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

#[tokio::test]
async fn the_box_is_offered_only_to_roles_that_may_add() {
    let (state, _store) = state("add-box");
    let anonymous = send(&state, Request::get("/").body(Body::empty()).unwrap()).await;
    assert_eq!(anonymous.status, StatusCode::OK);
    assert!(
        !anonymous.text.contains("name=\"add\""),
        "{}",
        anonymous.text
    );
    for (who, offered) in [
        ("registrar", true),
        ("handler", true),
        ("approver", true),
        ("auditor", false),
        ("read-only", false),
    ] {
        let c: Client = sign_in(&state, who).await;
        let page = c.get("/").await;
        assert_eq!(page.text.contains("name=\"add\""), offered, "{who}");
        assert_eq!(
            page.text
                .contains("<label for=\"add\">核对后加入语料库</label>"),
            offered,
            "{who}"
        );
        if offered {
            assert!(
                page.text.contains(&c.csrf),
                "{who}: the form carries the CSRF token"
            );
        }
    }
    // Without a corpus, nobody is offered the box.
    let (plain, _db) = setup("add-box-plain");
    let c = sign_in(&plain, "handler").await;
    assert!(!c.get("/").await.text.contains("name=\"add\""));
}

#[tokio::test]
async fn anonymous_read_only_and_forged_adds_are_refused_and_nothing_is_stored() {
    let (state, store) = state("add-refused");
    let a = post_check(&state, None, &[("add", "1")], "anon.txt").await;
    assert_eq!(a.status, StatusCode::FORBIDDEN, "{}", a.text);
    assert!(
        a.text.contains("只有登录用户才能把文件加入语料库"),
        "{}",
        a.text
    );

    let ro = sign_in(&state, "read-only").await;
    let a = post_check(
        &state,
        Some(&ro.cookie),
        &[("csrf", &ro.csrf), ("add", "1")],
        "ro.txt",
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN, "{}", a.text);
    assert!(a.text.contains("无权"), "{}", a.text);

    let auditor = sign_in(&state, "auditor").await;
    let a = post_check(
        &state,
        Some(&auditor.cookie),
        &[("csrf", &auditor.csrf), ("add", "1")],
        "au.txt",
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN, "{}", a.text);

    let handler = sign_in(&state, "handler").await;
    let a = post_check(
        &state,
        Some(&handler.cookie),
        &[("csrf", "forged"), ("add", "1")],
        "forged.txt",
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN, "{}", a.text);
    assert!(a.text.contains("CSRF"), "{}", a.text);

    // The box not ticked: a plain check, nothing stored.
    let a = post_check(
        &state,
        Some(&handler.cookie),
        &[("csrf", &handler.csrf)],
        "plain.txt",
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert!(!a.text.contains("id=\"added\""), "{}", a.text);

    assert_eq!(uploads(&store), 0);
    assert!(!store.dir.join("uploads").exists());
}

#[tokio::test]
async fn an_allowed_role_adds_the_upload_and_it_is_audited_and_listed() {
    let (state, store) = state("add-ok");
    let c = sign_in(&state, "registrar").await;
    let a = post_check(
        &state,
        Some(&c.cookie),
        &[("csrf", &c.csrf), ("add", "1")],
        "added-report.txt",
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert!(a.text.contains("这份文件已加入语料库"), "{}", a.text);
    assert_eq!(uploads(&store), 1);
    let at = a
        .text
        .find("href=\"/corpus/doc/")
        .expect("a link to the stored report")
        + 6;
    let href = a.text[at..].split('"').next().unwrap().to_string();

    let page = c.get(&href).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(page.text.contains("added-report.txt"), "{}", page.text);
    let summary = c.get("/corpus").await;
    assert!(
        summary.text.contains("added-report.txt"),
        "{}",
        summary.text
    );

    let log = accounts::audit_log(&state.web().unwrap().accounts(), "qinghe").unwrap();
    let line = log
        .iter()
        .find(|l| l.action == "corpus-add")
        .expect("the add is audited");
    assert_eq!(line.user, "registrar");
    assert!(line.ok);
    assert_eq!(format!("/{}", line.target), href);
    assert_eq!(line.detail, "added-report.txt");
}

#[test]
fn adding_an_upload_in_a_real_browser() {
    use crate::browser::start;
    use crate::browser::{chromium_args, fresh, save};
    use crate::browser_ledger::click;
    use crate::webdriver::Driver;

    let Some((chromium, chromedriver)) = crate::browser::browsers() else {
        return;
    };
    let (state, store) = state("add-browser");
    let base = start(state);
    let driver = Driver::start(&chromedriver).expect("chromedriver starts");
    let profile = fresh("add-profile");
    let s = driver
        .session(&chromium, &chromium_args(&profile), serde_json::json!({}))
        .expect("a browser session");
    crate::browser_ledger::sign_in(&s, &base, "handler");
    s.goto(&format!("{base}/")).unwrap();
    let report = store.dir.join("browser-added.txt");
    std::fs::write(&report, file(9, Layout::Text, Kind::Clean)).unwrap();
    let input = s.wait_for("#file", 30).expect("the file input");
    s.send_keys(&input, &report.to_string_lossy()).unwrap();
    click(&s, "#add");
    save(&s, "corpus-add-form.png");
    click(&s, "form.upload button");
    let note = s
        .wait_for("#added", 60)
        .expect("the result says it was added");
    assert!(
        s.text(&note).unwrap().contains("已加入语料库"),
        "{}",
        s.text(&note).unwrap()
    );
    save(&s, "corpus-add-result.png");
    click(&s, "#added a");
    s.wait_for("h1", 30).unwrap();
    assert!(
        s.url().unwrap().contains("/corpus/doc/"),
        "{}",
        s.url().unwrap()
    );
    assert_eq!(uploads(&store), 1);
}
