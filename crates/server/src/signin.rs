//! Sign-in and sign-out: `GET /login` (the form, with a CSRF token kept in a short-lived cookie
//! until there is a session), `POST /login` (Argon2id check on a blocking thread; success and
//! failure both go to the audit log; success sets the session cookie — HttpOnly,
//! SameSite=Strict — and returns to the page asked for), `POST /logout` (ends the session).

use askama::Template;
use axum::Form;
use axum::body::Body;
use axum::extract::{FromRequest, Query, Request, State};
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use gongkai_model::Lang;
use serde::Deserialize;

use crate::accounts::{self, SESSION_SECONDS};
use crate::auth::{self, Denied, PRE_COOKIE, SESSION_COOKIE, Session};
use crate::lang::{self, Chosen};
use crate::pages::{Layout, Section, html};
use crate::{AppState, words};

/// The sign-in page.
#[derive(Template)]
#[template(path = "login.html")]
pub struct LoginPage {
    /// Around the content.
    pub layout: Layout,
    /// Where the form posts.
    pub action: String,
    /// The form's CSRF token (also in the `gk_pre` cookie).
    pub csrf: String,
    /// Where to go after signing in.
    pub next: String,
    /// The name typed before (after a failure).
    pub name: String,
    /// Why the last attempt failed.
    pub error: Option<String>,
    /// Label of the name field.
    pub name_label: &'static str,
    /// Label of the password field.
    pub password_label: &'static str,
    /// The button.
    pub button: &'static str,
    /// How to get an account.
    pub hint: &'static str,
}

/// `?next=` of the sign-in page.
#[derive(Deserialize, Default)]
pub struct NextQuery {
    /// The page to return to.
    #[serde(default)]
    pub next: String,
}

/// The sign-in form's fields.
#[derive(Deserialize)]
pub struct SignInForm {
    /// The CSRF token.
    #[serde(default)]
    pub csrf: String,
    /// The page to return to.
    #[serde(default)]
    pub next: String,
    /// The user name.
    #[serde(default)]
    pub name: String,
    /// The password.
    #[serde(default)]
    pub password: String,
}

/// A form that carries only its CSRF token (sign-out).
#[derive(Deserialize)]
pub struct CsrfForm {
    /// The CSRF token.
    #[serde(default)]
    pub csrf: String,
}

fn pick(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

fn page(lang: Lang, csrf: &str, next: &str, name: &str, error: Option<String>) -> LoginPage {
    LoginPage {
        layout: Layout::new(lang, pick(lang, "登录", "Sign in"), Section::Other),
        action: format!("/login?lang={}", words::code(lang)),
        csrf: csrf.to_string(),
        next: auth::safe_next(next),
        name: name.to_string(),
        error,
        name_label: pick(lang, "用户名", "User name"),
        password_label: pick(lang, "口令", "Password"),
        button: pick(lang, "登录", "Sign in"),
        hint: pick(
            lang,
            "账号由管理员用 gongkai users add 创建。",
            "Accounts are created by the administrator with gongkai users add.",
        ),
    }
}

/// `GET /login`.
pub async fn form(State(state): State<AppState>, req: Request) -> Response {
    let chosen = lang::choose(req.uri().query(), req.headers());
    if state.web().is_none() {
        return Denied::NoDatabase {
            lang: chosen.lang,
            api: false,
        }
        .into_response();
    }
    let next = req.uri().query().and_then(next_of).unwrap_or_default();
    let csrf = accounts::token();
    let mut res = html(
        StatusCode::OK,
        page(chosen.lang, &csrf, &next, "", None).render(),
        chosen,
    );
    set_cookie(
        &mut res,
        &auth::session_cookie(PRE_COOKIE, &csrf, 3600, secure(&state)),
    );
    res
}

/// `next=` from a query string.
fn next_of(query: &str) -> Option<String> {
    Query::<NextQuery>::try_from_uri(&format!("/?{query}").parse().ok()?)
        .ok()
        .map(|q| q.0.next)
}

/// `POST /login`.
pub async fn submit(State(state): State<AppState>, req: Request) -> Response {
    let chosen = lang::choose(req.uri().query(), req.headers());
    let lang = chosen.lang;
    if state.web().is_none() {
        return Denied::NoDatabase { lang, api: false }.into_response();
    }
    let pre = auth::cookie(req.headers(), PRE_COOKIE).unwrap_or_default();
    let Ok(Form(f)) = Form::<SignInForm>::from_request(req, &state).await else {
        return Denied::Csrf { lang, api: false }.into_response();
    };
    if !accounts::same_secret(&f.csrf, &pre) {
        return Denied::Csrf { lang, api: false }.into_response();
    }
    let (name, password) = (f.name.clone(), f.password.clone());
    let outcome = state
        .blocking(move |web| -> Result<Attempt, accounts::AccountError> {
            let conn = web.accounts();
            if accounts::locked(&conn, &name)? {
                accounts::refuse_locked(&password);
                let agency = accounts::agency_of(&conn, &name)?;
                accounts::audit(
                    &conn,
                    name.trim(),
                    agency.as_deref(),
                    "sign-in",
                    "",
                    false,
                    "locked",
                )?;
                return Ok(Attempt::Locked);
            }
            let user = accounts::sign_in(&conn, &name, &password)?;
            match user {
                Some(user) => {
                    let token = accounts::start_session(&conn, &user)?;
                    accounts::audit(
                        &conn,
                        &user.name,
                        Some(&user.agency),
                        "sign-in",
                        "",
                        true,
                        "",
                    )?;
                    Ok(Attempt::Signed(token))
                }
                None => {
                    let agency = accounts::agency_of(&conn, &name)?;
                    accounts::audit(
                        &conn,
                        name.trim(),
                        agency.as_deref(),
                        "sign-in",
                        "",
                        false,
                        "",
                    )?;
                    Ok(Attempt::Refused)
                }
            }
        })
        .await;
    match outcome {
        Some(Ok(Attempt::Signed(token))) => {
            let mut res = Response::new(Body::empty());
            *res.status_mut() = StatusCode::SEE_OTHER;
            if let Ok(v) = HeaderValue::from_str(&auth::safe_next(&f.next)) {
                res.headers_mut().insert(LOCATION, v);
            }
            set_cookie(
                &mut res,
                &auth::session_cookie(SESSION_COOKIE, &token, SESSION_SECONDS, secure(&state)),
            );
            set_cookie(
                &mut res,
                &auth::session_cookie(PRE_COOKIE, "", 0, secure(&state)),
            );
            res
        }
        Some(Ok(refused)) => {
            let csrf = accounts::token();
            let error = if matches!(refused, Attempt::Locked) {
                pick(
                    lang,
                    "这个用户名连续登录失败次数过多，请 15 分钟后再试。",
                    "Too many failed sign-ins for this user name; try again in 15 minutes.",
                )
            } else {
                pick(lang, "用户名或口令不对。", "Wrong user name or password.")
            };
            let mut res = html(
                StatusCode::UNAUTHORIZED,
                page(lang, &csrf, &f.next, &f.name, Some(error.to_string())).render(),
                Chosen {
                    lang,
                    from_query: false,
                },
            );
            set_cookie(
                &mut res,
                &auth::session_cookie(PRE_COOKIE, &csrf, 3600, secure(&state)),
            );
            res
        }
        _ => Denied::Internal { lang, api: false }.into_response(),
    }
}

/// How a sign-in attempt ended.
enum Attempt {
    /// Signed in: the new session's token.
    Signed(String),
    /// A wrong name or password.
    Refused,
    /// Refused unchecked: too many failures for the name lately ([`accounts::locked`]).
    Locked,
}

/// `POST /logout` (with the session's CSRF token).
pub async fn sign_out(
    State(state): State<AppState>,
    session: Session,
    Form(f): Form<CsrfForm>,
) -> Response {
    if let Err(d) = session.check_csrf(&f.csrf) {
        return d.into_response();
    }
    let (token, user, agency) = (
        session.token.clone(),
        session.user.name.clone(),
        session.user.agency.clone(),
    );
    let _ = state
        .blocking(move |web| {
            let conn = web.accounts();
            accounts::end_session(&conn, &token)?;
            accounts::audit(&conn, &user, Some(&agency), "sign-out", "", true, "")
        })
        .await;
    let mut res = Response::new(Body::empty());
    *res.status_mut() = StatusCode::SEE_OTHER;
    res.headers_mut()
        .insert(LOCATION, HeaderValue::from_static("/login"));
    set_cookie(
        &mut res,
        &auth::session_cookie(SESSION_COOKIE, "", 0, secure(&state)),
    );
    res
}

fn secure(state: &AppState) -> bool {
    state.web().is_some_and(|w| w.secure_cookies)
}

/// Appends a `Set-Cookie` header.
pub fn set_cookie(res: &mut Response, value: &str) {
    if let Ok(v) = HeaderValue::from_str(value) {
        res.headers_mut().append(SET_COOKIE, v);
    }
}
