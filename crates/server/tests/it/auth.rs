//! Sign-in, sessions, CSRF, roles and agency isolation through the router (`oneshot`, no
//! socket): every role on every ledger route, a request's whole life through the JSON API, and
//! the audit log.

use std::path::PathBuf;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use gongkai_server::accounts;
use gongkai_server::auth::Role;
use gongkai_server::{AppState, Limits, Web, app};

use crate::{Answer, send_to};

/// The password of every test user (never a real one).
pub const PASSWORD: &str = "test-password-1";

/// A fresh database with agencies `qinghe` and `baiyun`, and one user per role in `qinghe`
/// (named after the role) plus `baiyun-handler`. Returns the state and the file.
pub fn setup(name: &str) -> (AppState, PathBuf) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("auth-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let db = dir.join("gongkai.db");
    let path = db.to_string_lossy().into_owned();
    let web = Web::open(&path, None).expect("the database opens");
    {
        let mut ledger = web.ledger();
        let admin = gongkai_ledger::Actor::new("admin");
        ledger
            .add_agency(&admin, "qinghe", "青禾县市场监督管理局")
            .expect("agency");
        ledger
            .add_agency(&admin, "baiyun", "白云县市场监督管理局")
            .expect("agency");
    }
    {
        let conn = web.accounts();
        for role in Role::ALL {
            accounts::add_user(&conn, role.code(), role, "qinghe", PASSWORD).expect("user");
        }
        accounts::add_user(&conn, "baiyun-handler", Role::Handler, "baiyun", PASSWORD)
            .expect("user");
    }
    (AppState::with_web(Limits::default(), web), db)
}

/// A signed-in browser-like client: its session cookie and CSRF token.
pub struct Client {
    /// The app's state (each request builds the router afresh over it).
    pub state: AppState,
    /// `gk_session=…`.
    pub cookie: String,
    /// The session's CSRF token.
    pub csrf: String,
}

/// The value of the hidden `csrf` field of a page.
pub fn csrf_of(html: &str) -> String {
    let at = html
        .find("name=\"csrf\" value=\"")
        .expect("the page has a CSRF field")
        + 19;
    html[at..].split('"').next().unwrap_or("").to_string()
}

/// The `name=value` of a `Set-Cookie` header named `name`.
fn set_cookie(a: &Answer, name: &str) -> Option<String> {
    a.headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(|v| v.split(';').next().unwrap_or("").to_string())
}

/// Sends a request to the app over `state`.
pub async fn send(state: &AppState, req: Request<Body>) -> Answer {
    send_to(app(state.clone()), req).await
}

/// Signs in as `name` through the form; panics when it fails.
pub async fn sign_in(state: &AppState, name: &str) -> Client {
    let form = send(state, Request::get("/login").body(Body::empty()).unwrap()).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text);
    let pre = set_cookie(&form, "gk_pre").expect("the form sets its CSRF cookie");
    let token = csrf_of(&form.text);
    let body = format!("csrf={token}&next=%2Fledger&name={name}&password={PASSWORD}");
    let a = send(
        state,
        Request::post("/login")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", pre)
            .body(Body::from(body))
            .unwrap(),
    )
    .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.text);
    assert_eq!(a.header("location"), "/ledger");
    let cookie = set_cookie(&a, "gk_session").expect("a session cookie");
    let raw = a
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("gk_session="))
        .unwrap_or("")
        .to_string();
    assert!(
        raw.contains("HttpOnly") && raw.contains("SameSite=Strict"),
        "{raw}"
    );
    let who = send(
        state,
        Request::get("/api/ledger/session")
            .header("cookie", &cookie)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    let v: serde_json::Value = serde_json::from_str(&who.text).expect("JSON");
    Client {
        state: state.clone(),
        cookie,
        csrf: v["csrf"].as_str().unwrap_or("").to_string(),
    }
}

impl Client {
    /// A GET.
    pub async fn get(&self, uri: &str) -> Answer {
        send(
            &self.state,
            Request::get(uri)
                .header("cookie", &self.cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }

    /// A form POST with the session's CSRF token added.
    pub async fn post_form(&self, uri: &str, fields: &str) -> Answer {
        let body = format!("csrf={}&{fields}", self.csrf);
        send(
            &self.state,
            Request::post(uri)
                .header("cookie", &self.cookie)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .unwrap(),
        )
        .await
    }

    /// A JSON POST with the CSRF header.
    pub async fn post_json(&self, uri: &str, json: serde_json::Value) -> Answer {
        send(
            &self.state,
            Request::post(uri)
                .header("cookie", &self.cookie)
                .header("x-csrf-token", &self.csrf)
                .header("content-type", "application/json")
                .body(Body::from(json.to_string()))
                .unwrap(),
        )
        .await
    }
}

/// Registers request `number` received 2024-03-05 from a natural person named 张三.
async fn register(c: &Client, number: &str) {
    let a = c
        .post_json(
            "/api/ledger/requests",
            serde_json::json!({
                "number": number, "received": "2024-03-05", "channel": "网络",
                "applicant": "natural", "content": "2023年食品抽检结果",
                "name": "张三", "contact": "13812345678", "address": "青禾县东街1号",
            }),
        )
        .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.text);
}

#[tokio::test]
async fn anonymous_users_are_sent_to_sign_in_and_the_check_stays_open() {
    let (state, _) = setup("anonymous");
    let a = send(&state, Request::get("/ledger").body(Body::empty()).unwrap()).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER);
    assert_eq!(a.header("location"), "/login?next=/ledger");
    let a = send(
        &state,
        Request::get("/api/ledger/requests")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    assert!(a.text.contains("\"sign-in\""), "{}", a.text);
    let a = send(&state, Request::get("/").body(Body::empty()).unwrap()).await;
    assert_eq!(a.status, StatusCode::OK);
    // Without a database there is no sign-in and no ledger.
    let bare = AppState::new(Limits::default());
    let a = send(&bare, Request::get("/ledger").body(Body::empty()).unwrap()).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    let a = send(&bare, Request::get("/login").body(Body::empty()).unwrap()).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn sign_ins_are_audited_and_a_wrong_password_is_refused() {
    let (state, _) = setup("signin");
    let form = send(&state, Request::get("/login").body(Body::empty()).unwrap()).await;
    let pre = set_cookie(&form, "gk_pre").unwrap();
    let token = csrf_of(&form.text);
    let post = |body: String, cookie: String| {
        Request::post("/login")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", cookie)
            .body(Body::from(body))
            .unwrap()
    };
    let bad = send(
        &state,
        post(
            format!("csrf={token}&name=handler&password=nope-nope-nope"),
            pre.clone(),
        ),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNAUTHORIZED);
    assert!(bad.text.contains("用户名或口令不对"), "{}", bad.text);
    assert!(set_cookie(&bad, "gk_session").is_none());
    // Without the form's token (a cross-site post) nothing is checked at all.
    let forged = send(
        &state,
        post(
            format!("csrf=&name=handler&password={PASSWORD}"),
            String::new(),
        ),
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let auditor = sign_in(&state, "auditor").await;
    let log = auditor.get("/ledger/audit").await;
    assert_eq!(log.status, StatusCode::OK);
    assert!(
        log.text
            .contains("<td>handler</td><td>sign-in</td><td></td><td>失败</td>"),
        "{}",
        log.text
    );
    assert!(
        log.text
            .contains("<td>auditor</td><td>sign-in</td><td></td><td>成功</td>"),
        "{}",
        log.text
    );
    // Sign-out ends the session.
    let out = auditor.post_form("/logout", "").await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(auditor.get("/ledger").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn five_failed_sign_ins_lock_the_name_for_a_while() {
    let (state, _) = setup("lockout");
    let form = send(&state, Request::get("/login").body(Body::empty()).unwrap()).await;
    let pre = set_cookie(&form, "gk_pre").unwrap();
    let token = csrf_of(&form.text);
    let attempt = |password: &str| {
        Request::post("/login")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", pre.clone())
            .body(Body::from(format!(
                "csrf={token}&name=handler&password={password}"
            )))
            .unwrap()
    };
    for _ in 0..accounts::LOCK_AFTER {
        let bad = send(&state, attempt("nope-nope-nope")).await;
        assert!(bad.text.contains("用户名或口令不对"), "{}", bad.text);
    }
    // Now even the right password is refused, without a session, and the refusal is audited.
    let locked = send(&state, attempt(PASSWORD)).await;
    assert_eq!(locked.status, StatusCode::UNAUTHORIZED);
    assert!(locked.text.contains("登录失败次数过多"), "{}", locked.text);
    assert!(set_cookie(&locked, "gk_session").is_none());
    let web = state.web().unwrap();
    let refused: i64 = web
        .accounts()
        .query_row(
            "SELECT count(*) FROM web_audit WHERE user = 'handler' AND detail = 'locked'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(refused, 1);
    // Another name is not locked.
    let other = sign_in(&state, "approver").await;
    assert_eq!(other.get("/ledger").await.status, StatusCode::OK);
}

/// Every state-changing or role-bound route, with the permission it needs: (method, uri, body,
/// roles allowed).
fn routes() -> Vec<(&'static str, &'static str, &'static str, &'static [Role])> {
    use Role::*;
    vec![
        (
            "GET",
            "/ledger",
            "",
            &[Registrar, Handler, Approver, Auditor, ReadOnly],
        ),
        (
            "GET",
            "/ledger/report?year=2024",
            "",
            &[Registrar, Handler, Approver, Auditor, ReadOnly],
        ),
        (
            "GET",
            "/ledger/r/Q-1",
            "",
            &[Registrar, Handler, Approver, Auditor, ReadOnly],
        ),
        ("GET", "/ledger/new", "", &[Registrar]),
        ("POST", "/ledger/new", "number=&received=x", &[Registrar]),
        (
            "POST",
            "/ledger/r/Q-1/event",
            "kind=nothing&date=2024-03-06",
            &[Handler],
        ),
        (
            "POST",
            "/ledger/r/Q-1/propose",
            "kind=nothing&date=2024-03-06",
            &[Handler],
        ),
        (
            "POST",
            "/ledger/r/Q-1/person",
            "reason=test",
            &[Registrar, Handler],
        ),
        (
            "POST",
            "/ledger/proposals/999",
            "decision=approve",
            &[Approver],
        ),
        ("GET", "/ledger/audit", "", &[Auditor]),
        (
            "GET",
            "/api/ledger/requests",
            "",
            &[Registrar, Handler, Approver, Auditor, ReadOnly],
        ),
        ("POST", "/api/ledger/requests", "{}", &[Registrar]),
        ("POST", "/api/ledger/requests/Q-1/events", "{}", &[Handler]),
        (
            "POST",
            "/api/ledger/requests/Q-1/proposals",
            "{}",
            &[Handler],
        ),
        ("POST", "/api/ledger/proposals/999", "{}", &[Approver]),
    ]
}

#[tokio::test]
async fn every_role_is_refused_every_route_it_may_not_use() {
    let (state, _) = setup("roles");
    let registrar = sign_in(&state, "registrar").await;
    register(&registrar, "Q-1").await;
    for role in Role::ALL {
        let c = sign_in(&state, role.code()).await;
        for (method, uri, body, allowed) in routes() {
            let a = match (method, uri.starts_with("/api/")) {
                ("GET", _) => c.get(uri).await,
                (_, true) => c.post_json(uri, serde_json::from_str(body).unwrap()).await,
                _ => c.post_form(uri, body).await,
            };
            if allowed.contains(&role) {
                assert_ne!(
                    a.status,
                    StatusCode::FORBIDDEN,
                    "{} {method} {uri}: {}",
                    role.code(),
                    a.text
                );
                assert!(
                    !a.status.is_server_error(),
                    "{} {method} {uri}: {}",
                    role.code(),
                    a.text
                );
            } else {
                assert_eq!(
                    a.status,
                    StatusCode::FORBIDDEN,
                    "{} {method} {uri}: {}",
                    role.code(),
                    a.text
                );
            }
        }
    }
}

#[tokio::test]
async fn a_post_without_the_sessions_csrf_token_is_refused() {
    let (state, _) = setup("csrf");
    let mut c = sign_in(&state, "registrar").await;
    c.csrf = "0".repeat(64);
    let a = c
        .post_form(
            "/ledger/new",
            "number=Q-9&received=2024-03-05&channel=网络&applicant=natural&content=x",
        )
        .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    assert!(a.text.contains("CSRF"), "{}", a.text);
    let a = c
        .post_json("/api/ledger/requests", serde_json::json!({"number": "Q-9"}))
        .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    assert!(a.text.contains("\"csrf\""), "{}", a.text);
    let list = c.get("/api/ledger/requests").await;
    assert_eq!(list.text.trim(), "[]");
}

#[tokio::test]
async fn another_agencys_requests_are_not_visible() {
    let (state, _) = setup("agencies");
    let registrar = sign_in(&state, "registrar").await;
    register(&registrar, "Q-1").await;
    let other = sign_in(&state, "baiyun-handler").await;
    assert_eq!(
        other.get("/ledger/r/Q-1").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        other.get("/api/ledger/requests/Q-1").await.status,
        StatusCode::NOT_FOUND
    );
    assert!(!other.get("/ledger").await.text.contains("Q-1"));
    let a = other
        .post_json(
            "/api/ledger/requests/Q-1/events",
            serde_json::json!({"kind": "correction_requested", "date": "2024-03-06"}),
        )
        .await;
    assert_eq!(a.status, StatusCode::NOT_FOUND, "{}", a.text);
    let cell = other
        .get("/api/ledger/cell?year=2024&key=requests.new.natural")
        .await;
    assert!(!cell.text.contains("Q-1"), "{}", cell.text);
}

#[tokio::test]
async fn a_request_lives_to_the_report_and_only_an_approver_approves() {
    let (state, _) = setup("life");
    let registrar = sign_in(&state, "registrar").await;
    register(&registrar, "Q-1").await;
    let handler = sign_in(&state, "handler").await;
    let a = handler
        .post_json("/api/ledger/requests/Q-1/events", serde_json::json!({"kind": "correction_requested", "date": "2024-03-06", "reason": "内容不明确"}))
        .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.text);
    let a = handler
        .post_json(
            "/api/ledger/requests/Q-1/events",
            serde_json::json!({"kind": "correction_received", "date": "2024-03-08"}),
        )
        .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.text);
    let a = handler
        .post_json("/api/ledger/requests/Q-1/proposals", serde_json::json!({"kind": "answered", "date": "2024-03-20", "outcome": "granted", "reason": "已查到"}))
        .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.text);
    let id = serde_json::from_str::<serde_json::Value>(&a.text).unwrap()["id"]
        .as_i64()
        .unwrap();
    // The handler cannot approve their own proposal; nothing is answered yet.
    let a = handler
        .post_json(
            &format!("/api/ledger/proposals/{id}"),
            serde_json::json!({"decision": "approve"}),
        )
        .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    let report = handler.get("/api/ledger/report?year=2024").await;
    assert!(
        report.text.contains("\"requests.granted.natural\": \"0\""),
        "{}",
        report.text
    );
    let approver = sign_in(&state, "approver").await;
    let a = approver
        .post_form(&format!("/ledger/proposals/{id}"), "decision=approve")
        .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.text);
    assert_eq!(a.header("location"), "/ledger/r/Q-1?note=approved");
    let report = approver.get("/api/ledger/report?year=2024").await;
    assert!(
        report.text.contains("\"requests.granted.natural\": \"1\""),
        "{}",
        report.text
    );
    let page = approver.get("/ledger/report?year=2024").await;
    assert!(
        page.text
            .contains("href=\"/ledger/cell?year=2024&#38;key=requests.granted.natural\""),
        "{}",
        page.text
    );
    let cell = approver
        .get("/ledger/cell?year=2024&key=requests.granted.natural")
        .await;
    assert!(
        cell.text.contains("href=\"/ledger/r/Q-1\""),
        "{}",
        cell.text
    );
    // The history names the approver as the actor and the proposer in the reason.
    let show = approver.get("/api/ledger/requests/Q-1").await;
    let v: serde_json::Value = serde_json::from_str(&show.text).unwrap();
    let last = v["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["kind"], "answered");
    assert_eq!(last["actor"], "approver");
    assert!(
        last["reason"].as_str().unwrap().contains("handler 提出"),
        "{last}"
    );
    assert_eq!(v["outcome"], "granted");
    // Read-only users see no history; nobody sees the name unmasked without asking.
    let ro = sign_in(&state, "read-only").await;
    let show = ro.get("/api/ledger/requests/Q-1").await;
    assert!(!show.text.contains("\"events\""), "{}", show.text);
    assert!(
        !show.text.contains("张三") && !show.text.contains("13812345678"),
        "{}",
        show.text
    );
    assert!(!ro.get("/ledger").await.text.contains("张三"));
}

#[tokio::test]
async fn personal_data_is_shown_only_on_request_and_the_read_is_logged() {
    let (state, _) = setup("person");
    let registrar = sign_in(&state, "registrar").await;
    register(&registrar, "Q-1").await;
    let handler = sign_in(&state, "handler").await;
    let page = handler.get("/ledger/r/Q-1").await;
    assert!(!page.text.contains("张三"), "{}", page.text);
    assert!(page.text.contains("张*"), "{}", page.text);
    let shown = handler
        .post_form("/ledger/r/Q-1/person", "reason=电话告知补正")
        .await;
    assert_eq!(shown.status, StatusCode::OK, "{}", shown.text);
    assert!(
        shown.text.contains("张三") && shown.text.contains("13812345678"),
        "{}",
        shown.text
    );
    let approver = sign_in(&state, "approver").await;
    let a = approver.post_form("/ledger/r/Q-1/person", "reason=x").await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    let auditor = sign_in(&state, "auditor").await;
    let log = auditor.get("/ledger/audit").await;
    assert!(
        log.text.contains(
            "<td>handler</td><td>person</td><td>Q-1</td><td>成功</td><td>电话告知补正</td>"
        ),
        "{}",
        log.text
    );
}

#[tokio::test]
async fn the_ledger_speaks_english_on_the_switch_and_keeps_it() {
    let (state, _) = setup("english");
    let c = sign_in(&state, "registrar").await;
    let a = c.get("/ledger/new?lang=en").await;
    assert!(a.text.contains("<html lang=\"en\">"), "{}", a.text);
    assert!(
        a.text.contains("New request") && a.text.contains("Sign out"),
        "{}",
        a.text
    );
    assert!(
        a.text.contains("href=\"/ledger/new?lang=zh\""),
        "the switch stays on the page"
    );
    assert!(
        a.header("set-cookie").starts_with("lang=en"),
        "{}",
        a.header("set-cookie")
    );
    let zh = c.get("/ledger").await;
    assert!(zh.text.contains("待办日历"), "{}", zh.text);
}

#[tokio::test]
async fn handlers_record_steps_with_the_forms_and_a_rejected_extension_is_not_recorded() {
    let (state, _) = setup("forms");
    let registrar = sign_in(&state, "registrar").await;
    let a = registrar
        .post_form(
            "/ledger/new",
            "number=Q-2&received=2024%E5%B9%B43%E6%9C%885%E6%97%A5&channel=%E9%82%AE%E5%AF%84&applicant=commercial&content=x",
        )
        .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.text);
    assert_eq!(a.header("location"), "/ledger/r/Q-2?note=recorded");
    // A bad date is a clear error on the form, nothing is recorded.
    let a = registrar
        .post_form(
            "/ledger/new",
            "number=Q-3&received=2024-13-01&channel=%E7%BD%91%E7%BB%9C&applicant=natural&content=x",
        )
        .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.text.contains("收到日期"), "{}", a.text);
    let handler = sign_in(&state, "handler").await;
    let page = handler.get("/ledger/r/Q-2").await;
    assert!(
        page.text.contains("id=\"event\"") && page.text.contains("id=\"propose\""),
        "{}",
        page.text
    );
    let a = handler
        .post_form(
            "/ledger/r/Q-2/event",
            "kind=consultation_sent&date=2024-03-07&party=%E7%94%B2%E5%85%AC%E5%8F%B8&reason=",
        )
        .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.text);
    let a = handler
        .post_form(
            "/ledger/r/Q-2/propose",
            "kind=extended&date=2024-03-25&outcome=&reason=%E5%BE%85%E6%84%8F%E8%A7%81",
        )
        .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.text);
    let approver = sign_in(&state, "approver").await;
    let page = approver.get("/ledger/r/Q-2").await;
    assert!(
        page.text.contains("延期答复") && page.text.contains("value=\"approve\""),
        "{}",
        page.text
    );
    assert!(
        !page.text.contains("id=\"propose\""),
        "an approver gets no handler forms"
    );
    let v: serde_json::Value =
        serde_json::from_str(&approver.get("/api/ledger/requests/Q-2").await.text).unwrap();
    let id = v["proposals"][0]["id"].as_i64().unwrap();
    let a = approver
        .post_form(&format!("/ledger/proposals/{id}"), "decision=reject")
        .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER);
    let v: serde_json::Value =
        serde_json::from_str(&approver.get("/api/ledger/requests/Q-2").await.text).unwrap();
    assert_eq!(v["proposals"][0]["status"], "rejected");
    let kinds: Vec<&str> = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["received", "consultation_sent"]);
    // A decided proposal cannot be decided again.
    let a = approver
        .post_form(&format!("/ledger/proposals/{id}"), "decision=approve")
        .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_main_navigation_leads_to_the_ledger_and_marks_it_there() {
    let (state, _) = setup("nav");
    let home = send(&state, Request::get("/").body(Body::empty()).unwrap()).await;
    assert!(
        home.text.contains("<a href=\"/ledger\">台账</a>"),
        "{}",
        home.text
    );
    let c = sign_in(&state, "read-only").await;
    let due = c.get("/ledger").await;
    assert_eq!(due.status, StatusCode::OK);
    assert!(
        due.text
            .contains("<a href=\"/ledger\" aria-current=\"page\">台账</a>"),
        "{}",
        due.text
    );
}

#[tokio::test]
async fn the_check_pages_show_who_is_signed_in_and_sign_out() {
    let (state, _db) = setup("header");
    let anonymous = send(&state, Request::get("/").body(Body::empty()).unwrap()).await;
    assert_eq!(anonymous.status, StatusCode::OK);
    assert!(
        !anonymous.text.contains("action=\"/logout\""),
        "{}",
        anonymous.text
    );
    let handler = sign_in(&state, "handler").await;
    let page = handler.get("/").await;
    assert_eq!(page.status, StatusCode::OK);
    let header = &page.text[..page.text.find("</header>").expect("a header")];
    assert!(header.contains("action=\"/logout\""), "{header}");
    assert!(
        header.contains("handler · ") && header.contains(" · qinghe"),
        "{header}"
    );
    assert!(header.contains("退出登录"), "{header}");
    assert_eq!(csrf_of(header), handler.csrf);
    let english = handler.get("/?lang=en").await;
    assert!(english.text.contains("Sign out"), "{}", english.text);
    // The ledger's pages keep their own bar: the header does not repeat it.
    let ledger = handler.get("/ledger").await;
    let header = &ledger.text[..ledger.text.find("</header>").expect("a header")];
    assert!(!header.contains("action=\"/logout\""), "{header}");
    assert!(
        ledger.text.contains("action=\"/logout\""),
        "{}",
        ledger.text
    );
}
