//! gongkai's web app: check a report in the browser (`/`, `/check`) and the anonymous JSON API
//! (`/api/check`, `/api/extract`). Routes, templates and limits only: reading, parsing,
//! checking and rendering are library calls (`pipeline`), as in the command line.
//!
//! [`app`] builds the router from an [`AppState`]; it is tested with `tower::ServiceExt::oneshot`
//! without a socket, and served by [`serve`] (`gongkai serve`).

pub mod accounts;
pub mod api;
pub mod assets;
pub mod auth;
pub mod corpus;
pub mod corpus_data;
pub mod corpus_words;
pub mod failure;
pub mod headers;
pub mod lang;
pub mod ledger;
pub mod ledger_api;
pub mod limits;
pub mod pages;
pub mod pipeline;
pub mod signin;
pub mod upload;
pub mod view;
pub mod words;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use tokio::sync::Semaphore;

use crate::failure::Failure;
pub use crate::limits::{Limits, format_size, parse_size};

/// What every request shares: the limits and the slots that enforce them, the rule levels, and —
/// with `gongkai serve --db` — the database ([`Web`]: users, sessions, audit log, the ledger).
/// Routes that need a signed-in user take an [`auth::Session`] (see [`auth`]); without a
/// database they answer 404.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
    /// The corpus database the corpus screens read (`gongkai serve --corpus FILE`).
    corpus: Option<Arc<corpus_data::Corpus>>,
}

struct Inner {
    limits: Limits,
    /// One permit per upload held in memory.
    uploads: Arc<Semaphore>,
    /// One permit per check running.
    checks: Arc<Semaphore>,
    /// Rule levels (the defaults, as `gongkai check` without a `gongkai.toml`).
    config: gongkai_check::Config,
    /// The database, when served with `--db`.
    web: Option<Arc<Web>>,
}

/// The database behind sign-in and the ledger: the web tables ([`accounts`]) in the SQLite file
/// of `--db`, and the ledger (the same file, or PostgreSQL with `--ledger-url`). Both are
/// blocking: use them on a blocking thread ([`AppState::blocking`]). When both are needed, lock
/// `accounts` first.
pub struct Web {
    accounts: Mutex<rusqlite::Connection>,
    ledger: Mutex<gongkai_ledger::Db>,
    /// Mark cookies `Secure` (served behind HTTPS).
    pub secure_cookies: bool,
}

impl Web {
    /// Opens (creating when missing) the web tables in the SQLite file `db`, and the ledger at
    /// `ledger` (a file path or a PostgreSQL URL; `None`: the same file).
    pub fn open(db: &str, ledger: Option<&str>) -> Result<Web, gongkai_model::Text> {
        let accounts = accounts::open(db).map_err(|e| match e {
            accounts::AccountError::Invalid(t) => t,
            other => gongkai_model::Text::new(
                format!("无法打开数据库 {db}：{other}"),
                format!("cannot open the database {db}: {other}"),
            ),
        })?;
        let target = ledger.unwrap_or(db);
        let ledger = gongkai_ledger::Db::open(target).map_err(|e| {
            gongkai_model::Text::new(
                format!("无法打开台账 {target}：{e}"),
                format!("cannot open the ledger {target}: {e}"),
            )
        })?;
        Ok(Web {
            accounts: Mutex::new(accounts),
            ledger: Mutex::new(ledger),
            secure_cookies: false,
        })
    }

    /// The web tables (a poisoned lock is taken over: SQLite rolled back what a panic left).
    pub fn accounts(&self) -> MutexGuard<'_, rusqlite::Connection> {
        self.accounts.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The ledger.
    pub fn ledger(&self) -> MutexGuard<'_, gongkai_ledger::Db> {
        self.ledger.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl AppState {
    /// A state with these limits and the default rule levels.
    pub fn new(limits: Limits) -> AppState {
        AppState {
            inner: Arc::new(Inner {
                uploads: Arc::new(Semaphore::new(limits.uploads.max(1))),
                checks: Arc::new(Semaphore::new(limits.checks.max(1))),
                limits,
                config: gongkai_check::Config::default(),
                web: None,
            }),
            corpus: None,
        }
    }

    /// A state with these limits and a database (sign-in and the ledger).
    pub fn with_web(limits: Limits, web: Web) -> AppState {
        AppState {
            inner: Arc::new(Inner {
                uploads: Arc::new(Semaphore::new(limits.uploads.max(1))),
                checks: Arc::new(Semaphore::new(limits.checks.max(1))),
                limits,
                config: gongkai_check::Config::default(),
                web: Some(Arc::new(web)),
            }),
            corpus: None,
        }
    }

    /// The database, when there is one.
    pub fn web(&self) -> Option<Arc<Web>> {
        self.inner.web.clone()
    }

    /// Runs blocking database work on a blocking thread; `None` without a database or when the
    /// work panicked.
    pub async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Web) -> T + Send + 'static,
    ) -> Option<T> {
        let web = self.web()?;
        tokio::task::spawn_blocking(move || work(&web)).await.ok()
    }

    /// The same state serving the corpus screens over `corpus`.
    pub fn with_corpus(mut self, corpus: corpus_data::Corpus) -> AppState {
        self.corpus = Some(Arc::new(corpus));
        self
    }

    /// The corpus, when the server has one.
    pub fn corpus(&self) -> Option<Arc<corpus_data::Corpus>> {
        self.corpus.clone()
    }

    /// The limits.
    pub fn limits(&self) -> &Limits {
        &self.inner.limits
    }

    /// The rule levels.
    pub fn config(&self) -> &gongkai_check::Config {
        &self.inner.config
    }

    fn upload_slots(&self) -> Arc<Semaphore> {
        self.inner.uploads.clone()
    }
}

/// The whole app: pages, API, static files, security headers on every response.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/", get(pages::index))
        .route("/check", post(pages::check).get(pages::to_index))
        .route("/api/check", post(api::check))
        .route("/api/extract", post(api::extract))
        .route("/static/gongkai.css", get(assets::css))
        .route("/static/icon.svg", get(assets::icon))
        .route("/login", get(signin::form).post(signin::submit))
        .route("/logout", post(signin::sign_out))
        .route("/ledger", get(ledger::due))
        .route(
            "/ledger/new",
            get(ledger::new_form).post(ledger::new_submit),
        )
        .route("/ledger/r/{number}", get(ledger::request))
        .route("/ledger/r/{number}/event", post(ledger::record))
        .route("/ledger/r/{number}/propose", post(ledger::propose))
        .route("/ledger/r/{number}/person", post(ledger::person))
        .route("/ledger/proposals/{id}", post(ledger::decide))
        .route("/ledger/report", get(ledger::report))
        .route("/ledger/cell", get(ledger::cell))
        .route("/ledger/audit", get(ledger::audit))
        .route("/api/ledger/session", get(ledger_api::session))
        .route(
            "/api/ledger/requests",
            get(ledger_api::list).post(ledger_api::add),
        )
        .route("/api/ledger/requests/{number}", get(ledger_api::show))
        .route(
            "/api/ledger/requests/{number}/events",
            post(ledger_api::record),
        )
        .route(
            "/api/ledger/requests/{number}/proposals",
            post(ledger_api::propose),
        )
        .route("/api/ledger/proposals/{id}", post(ledger_api::decide))
        .route("/api/ledger/report", get(ledger_api::report))
        .route("/api/ledger/cell", get(ledger_api::cell))
        .merge(corpus::routes())
        .fallback(pages::not_found)
        // Upload sizes are counted by `upload::receive`, which can answer 413 gracefully.
        .layer(DefaultBodyLimit::disable())
        .layer(axum::middleware::from_fn(headers::security))
        .with_state(state)
}

/// Runs `work` (CPU-heavy: reading, parsing, checking, rendering) on a blocking thread once a
/// check slot is free, within the time limit. The slot stays taken until `work` really ends,
/// even when the request has already been answered "too slow", so no more than
/// `Limits::checks` checks ever run at once.
pub async fn run_check<T: Send + 'static>(
    state: &AppState,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Failure> {
    let limits = state.limits();
    let permit = tokio::time::timeout(
        limits.queue_time,
        state.inner.checks.clone().acquire_owned(),
    )
    .await
    .map_err(|_| Failure::Busy)?
    .map_err(|_| Failure::Busy)?;
    let job = tokio::task::spawn_blocking(move || {
        let _slot = permit;
        work()
    });
    match tokio::time::timeout(limits.check_time, job).await {
        Err(_) => Err(Failure::TooSlow(limits.check_time.as_secs())),
        Ok(Err(_panicked)) => Err(Failure::Internal),
        Ok(Ok(value)) => Ok(value),
    }
}

/// Serves the app on `addr` until the process ends; `bound` is called with the address actually
/// bound (useful with port 0) before the first request is accepted.
pub fn serve(addr: &str, state: AppState, bound: impl FnOnce(SocketAddr)) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        bound(listener.local_addr()?);
        axum::serve(listener, app(state)).await
    })
}
