//! Who may do what: roles, the permissions they grant, the signed-in [`Session`] extractor, the
//! CSRF check and the refusals ([`Denied`]).
//!
//! # How a route requires a role
//!
//! Take a [`Session`] as an argument (axum runs the extractor first: no valid session cookie →
//! a page route redirects to `/login`, an `/api/` route answers 401 JSON), then ask for the
//! permission the route needs before doing anything:
//!
//! ```text
//! async fn corpus_page(State(state): State<AppState>, session: Session) -> Response {
//!     if let Err(denied) = session.require(Permission::View) {
//!         return denied.into_response();
//!     }
//!     // … only this agency's data: session.user.agency …
//! }
//! ```
//!
//! A state-changing `POST` takes its form with a `csrf` field and calls
//! [`Session::check_csrf`] first (forms get the token from `session.csrf`; the JSON API takes it
//! in the `X-CSRF-Token` header). A new permission is a variant of [`Permission`] and a line in
//! [`Role::grants`]; the oneshot tests in `tests/it/auth.rs` try every role on every route.

use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::header::{COOKIE, LOCATION};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use gongkai_model::{Lang, Text};

use crate::AppState;
use crate::accounts::{self, User};
use crate::lang;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "gk_session";

/// The cookie of the sign-in form's CSRF token (before there is a session).
pub const PRE_COOKIE: &str = "gk_pre";

/// A user's role (one per user).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// 登记员: registers new requests; sees applicants' personal data.
    Registrar,
    /// 承办人: handles requests (补正, consultations) and proposes extensions and answers; sees
    /// applicants' personal data.
    Handler,
    /// 审批人: approves or rejects proposed extensions and answers.
    Approver,
    /// 审计员: reads every request's full history and the audit log.
    Auditor,
    /// 只读: sees the lists, the calendar and the year's report, masked.
    ReadOnly,
}

/// What a route needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// See the agency's requests (masked), what is due and the year's report.
    View,
    /// Register a new request.
    Register,
    /// Record a request's handling: 补正, consultations, withdrawals; propose an extension or an
    /// answer.
    Handle,
    /// Approve or reject a proposed extension or answer.
    Approve,
    /// Read each request's full history (every event with who, when and why).
    History,
    /// Read the audit log.
    Audit,
    /// Read an applicant's personal data (each read is logged).
    PersonalData,
    /// Add a checked upload to the corpus (`gongkai serve --db … --corpus …`: the upload form's
    /// box 核对后加入语料库). Granted to the roles that produce or approve reports — registrars,
    /// handlers, approvers — not to auditors or read-only users, who only read.
    AddToCorpus,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 5] = [
        Role::Registrar,
        Role::Handler,
        Role::Approver,
        Role::Auditor,
        Role::ReadOnly,
    ];

    /// The permissions this role grants.
    pub fn grants(self, p: Permission) -> bool {
        use Permission as P;
        match self {
            Role::Registrar => matches!(
                p,
                P::View | P::Register | P::History | P::PersonalData | P::AddToCorpus
            ),
            Role::Handler => matches!(
                p,
                P::View | P::Handle | P::History | P::PersonalData | P::AddToCorpus
            ),
            Role::Approver => matches!(p, P::View | P::Approve | P::History | P::AddToCorpus),
            Role::Auditor => matches!(p, P::View | P::History | P::Audit),
            Role::ReadOnly => matches!(p, P::View),
        }
    }

    /// The stored and command-line name.
    pub fn code(self) -> &'static str {
        match self {
            Role::Registrar => "registrar",
            Role::Handler => "handler",
            Role::Approver => "approver",
            Role::Auditor => "auditor",
            Role::ReadOnly => "read-only",
        }
    }

    /// The role named `code` (`read-only` or `readonly`).
    pub fn from_code(code: &str) -> Option<Role> {
        match code.trim() {
            "registrar" => Some(Role::Registrar),
            "handler" => Some(Role::Handler),
            "approver" => Some(Role::Approver),
            "auditor" => Some(Role::Auditor),
            "read-only" | "readonly" => Some(Role::ReadOnly),
            _ => None,
        }
    }

    /// Its name in both languages.
    pub fn text(self) -> Text {
        match self {
            Role::Registrar => Text::new("登记员", "registrar"),
            Role::Handler => Text::new("承办人", "handler"),
            Role::Approver => Text::new("审批人", "approver"),
            Role::Auditor => Text::new("审计员", "auditor"),
            Role::ReadOnly => Text::new("只读用户", "read-only"),
        }
    }
}

/// A signed-in user on this request.
#[derive(Debug, Clone)]
pub struct Session {
    /// Who (their agency is the only one they see).
    pub user: User,
    /// The token every form of this session carries (hidden field `csrf`).
    pub csrf: String,
    /// The cookie token (to end the session).
    pub token: String,
    /// The language of the request.
    pub lang: Lang,
    /// It came to `/api/`: refusals are JSON.
    pub api: bool,
    /// The path asked for (without the query), for the language switch.
    pub here: String,
}

impl Session {
    /// `Ok` when the user's role grants `p`, else the refusal to answer with (403).
    pub fn require(&self, p: Permission) -> Result<(), Denied> {
        require(self, p)
    }

    /// `Ok` when `token` (the form's `csrf` field or the `X-CSRF-Token` header) is this session's.
    pub fn check_csrf(&self, token: &str) -> Result<(), Denied> {
        if accounts::same_secret(token, &self.csrf) {
            Ok(())
        } else {
            Err(Denied::Csrf {
                lang: self.lang,
                api: self.api,
            })
        }
    }

    /// What every state-changing request checks first: the session's CSRF `token`, then that the
    /// role grants `p`.
    pub fn allow_change(&self, token: &str, p: Permission) -> Result<(), Denied> {
        self.check_csrf(token).and_then(|()| self.require(p))
    }
}

/// `Ok` when `session`'s role grants `p`.
pub fn require(session: &Session, p: Permission) -> Result<(), Denied> {
    if session.user.role.grants(p) {
        Ok(())
    } else {
        Err(Denied::Forbidden {
            lang: session.lang,
            api: session.api,
            role: session.user.role,
        })
    }
}

/// Why a request is refused.
#[derive(Debug, Clone)]
pub enum Denied {
    /// No valid session: sign in (page: 303 to `/login?next=…`; API: 401).
    SignIn {
        /// The language.
        lang: Lang,
        /// From `/api/`.
        api: bool,
        /// The page to come back to.
        next: String,
    },
    /// Signed in, but the role does not allow it (403).
    Forbidden {
        /// The language.
        lang: Lang,
        /// From `/api/`.
        api: bool,
        /// The user's role.
        role: Role,
    },
    /// A state-changing request without this session's CSRF token (403).
    Csrf {
        /// The language.
        lang: Lang,
        /// From `/api/`.
        api: bool,
    },
    /// The server runs without `--db`: there is nothing to sign in to (404).
    NoDatabase {
        /// The language.
        lang: Lang,
        /// From `/api/`.
        api: bool,
    },
    /// The database failed (500; the details are not shown).
    Internal {
        /// The language.
        lang: Lang,
        /// From `/api/`.
        api: bool,
    },
}

impl Denied {
    /// The message in both languages.
    pub fn message(&self) -> Text {
        match self {
            Denied::SignIn { .. } => Text::new("请先登录。", "Please sign in first."),
            Denied::Forbidden { role, .. } => {
                let r = role.text();
                Text::new(
                    format!("您的角色（{}）无权执行此操作。", r.zh),
                    format!("Your role ({}) does not allow this.", r.en),
                )
            }
            Denied::Csrf { .. } => Text::new(
                "表单已过期或不是从本站提交的（缺少 CSRF 令牌）：请返回、刷新页面后重试。",
                "The form has expired or was not sent from this site (no CSRF token): go back, reload the page and try again.",
            ),
            Denied::NoDatabase { .. } => Text::new(
                "本服务未启用台账和登录：请用 gongkai serve --db 文件 启动。",
                "The ledger and sign-in are not enabled here: start with gongkai serve --db FILE.",
            ),
            Denied::Internal { .. } => Text::new(
                "数据库出错，请稍后重试。",
                "The database failed; try again later.",
            ),
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            Denied::SignIn { .. } => StatusCode::UNAUTHORIZED,
            Denied::Forbidden { .. } | Denied::Csrf { .. } => StatusCode::FORBIDDEN,
            Denied::NoDatabase { .. } => StatusCode::NOT_FOUND,
            Denied::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            Denied::SignIn { .. } => "sign-in",
            Denied::Forbidden { .. } => "forbidden",
            Denied::Csrf { .. } => "csrf",
            Denied::NoDatabase { .. } => "no-database",
            Denied::Internal { .. } => "internal",
        }
    }

    fn lang_api(&self) -> (Lang, bool) {
        match *self {
            Denied::SignIn { lang, api, .. }
            | Denied::Forbidden { lang, api, .. }
            | Denied::Csrf { lang, api }
            | Denied::NoDatabase { lang, api }
            | Denied::Internal { lang, api } => (lang, api),
        }
    }
}

impl IntoResponse for Denied {
    fn into_response(self) -> Response {
        let (lang, api) = self.lang_api();
        let message = self.message();
        if api {
            let json = serde_json::json!({ "error": self.code(), "message": message });
            let mut text = serde_json::to_string_pretty(&json).unwrap_or_default();
            text.push('\n');
            return crate::api::json(self.status(), text);
        }
        if let Denied::SignIn { next, .. } = &self {
            let mut res = Response::new(axum::body::Body::empty());
            *res.status_mut() = StatusCode::SEE_OTHER;
            let to = format!("/login?next={}", encode_component(next));
            if let Ok(v) = axum::http::HeaderValue::from_str(&to) {
                res.headers_mut().insert(LOCATION, v);
            }
            return res;
        }
        crate::pages::message(self.status(), lang, &message)
    }
}

impl FromRequestParts<AppState> for Session {
    type Rejection = Denied;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Session, Denied> {
        let lang = lang::choose(parts.uri.query(), &parts.headers).lang;
        let api = parts.uri.path().starts_with("/api/");
        let Some(web) = state.web() else {
            return Err(Denied::NoDatabase { lang, api });
        };
        let next = parts
            .uri
            .path_and_query()
            .map_or("/", |p| p.as_str())
            .to_string();
        let Some(token) = cookie(&parts.headers, SESSION_COOKIE) else {
            return Err(Denied::SignIn { lang, api, next });
        };
        let t = token.clone();
        let found = tokio::task::spawn_blocking(move || accounts::session(&web.accounts(), &t))
            .await
            .map_err(|_| Denied::Internal { lang, api })?
            .map_err(|_| Denied::Internal { lang, api })?;
        match found {
            Some(row) => Ok(Session {
                user: row.user,
                csrf: row.csrf,
                token,
                lang,
                api,
                here: parts.uri.path().to_string(),
            }),
            None => Err(Denied::SignIn { lang, api, next }),
        }
    }
}

/// The signed-in user of a request that does not require one (the upload page and `POST /check`):
/// `None` without a database, without a session cookie or with an expired one.
pub async fn optional_session(parts: &mut Parts, state: &AppState) -> Option<Session> {
    if state.web().is_none() || cookie(&parts.headers, SESSION_COOKIE).is_none() {
        return None;
    }
    Session::from_request_parts(parts, state).await.ok()
}

/// The value of cookie `name` in the request's headers.
pub fn cookie(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// The `Set-Cookie` value of a session (or, with `max_age` 0, its removal): not readable by
/// scripts, sent only by this site's own pages (SameSite=Strict), `Secure` behind HTTPS.
pub fn session_cookie(name: &str, token: &str, max_age: i64, secure: bool) -> String {
    format!(
        "{name}={token}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Strict{}",
        if secure { "; Secure" } else { "" }
    )
}

/// Percent-encodes a query value (everything but unreserved ASCII).
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A local path to return to after sign-in: only `/…` paths of this site (never `//host`), else `/ledger`.
pub fn safe_next(next: &str) -> String {
    if next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.contains("://")
    {
        next.to_string()
    } else {
        "/ledger".to_string()
    }
}

/// Leave to read the corpus screens. With a database (`gongkai serve --db`) that is a signed-in
/// user whose role grants [`Permission::View`] (every role does: the corpus holds published
/// reports, shared by the whole deployment); without one there are no accounts, and `gongkai
/// serve` serves a corpus without a database only on a loopback address (one person's machine).
/// Every corpus route takes one, as every ledger route takes a [`Session`].
pub struct CorpusReader {
    /// The signed-in reader, when the server has accounts.
    pub session: Option<Session>,
}

impl FromRequestParts<AppState> for CorpusReader {
    type Rejection = Denied;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<CorpusReader, Denied> {
        if state.web().is_none() {
            return Ok(CorpusReader { session: None });
        }
        let session = Session::from_request_parts(parts, state).await?;
        session.require(Permission::View)?;
        Ok(CorpusReader {
            session: Some(session),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_grant_only_their_permissions() {
        assert!(Role::Handler.grants(Permission::Handle));
        assert!(!Role::Handler.grants(Permission::Approve));
        assert!(Role::Approver.grants(Permission::Approve));
        assert!(!Role::ReadOnly.grants(Permission::History));
        assert!(!Role::Auditor.grants(Permission::PersonalData));
        assert!(Role::Registrar.grants(Permission::AddToCorpus));
        assert!(Role::Handler.grants(Permission::AddToCorpus));
        assert!(Role::Approver.grants(Permission::AddToCorpus));
        assert!(!Role::Auditor.grants(Permission::AddToCorpus));
        assert!(!Role::ReadOnly.grants(Permission::AddToCorpus));
        for r in Role::ALL {
            assert!(r.grants(Permission::View));
            assert_eq!(Role::from_code(r.code()), Some(r));
        }
    }

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next("/ledger/r/1"), "/ledger/r/1");
        assert_eq!(safe_next("//evil.example/"), "/ledger");
        assert_eq!(safe_next("https://evil.example/"), "/ledger");
        assert_eq!(encode_component("/a?b=c&d"), "/a%3Fb%3Dc%26d");
    }
}
