//! gongkai's web app: check a report in the browser (`/`, `/check`) and the anonymous JSON API
//! (`/api/check`, `/api/extract`). Routes, templates and limits only: reading, parsing,
//! checking and rendering are library calls (`pipeline`), as in the command line.
//!
//! [`app`] builds the router from an [`AppState`]; it is tested with `tower::ServiceExt::oneshot`
//! without a socket, and served by [`serve`] (`gongkai serve`).

pub mod api;
pub mod assets;
pub mod corpus;
pub mod corpus_data;
pub mod corpus_words;
pub mod failure;
pub mod headers;
pub mod lang;
pub mod limits;
pub mod pages;
pub mod pipeline;
pub mod upload;
pub mod view;
pub mod words;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use tokio::sync::Semaphore;

use crate::failure::Failure;
pub use crate::limits::{Limits, format_size, parse_size};

/// What every request shares: the limits and the slots that enforce them, and the rule
/// levels. The corpus store and the ledger join here as optional fields when those crates exist;
/// their routes are merged into [`app`] and their links added to [`pages::nav`] only when set.
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
            }),
            corpus: None,
        }
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
