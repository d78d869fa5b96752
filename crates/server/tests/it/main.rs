//! Tests of the web app: the router driven with `tower::ServiceExt::oneshot` (no socket), and the
//! pages in a real headless Chromium (`browser`, skipped when Chromium is missing).

mod app;
mod auth;
mod browser;
mod browser_ledger;
mod corpus;
mod corpus_add;
mod corpus_browser;
mod limits;
mod webdriver;

use std::path::PathBuf;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use gongkai_server::{AppState, Limits, app};
use tower::ServiceExt;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A file of `examples/`.
pub fn example(name: &str) -> Vec<u8> {
    std::fs::read(root().join("examples").join(name)).expect("the example exists")
}

/// A `multipart/form-data` body with one file field named `field`: (content type, body).
pub fn multipart(field: &str, file_name: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----gongkai-test-boundary-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// A response, read whole.
pub struct Answer {
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The body as text (lossy).
    pub text: String,
}

impl Answer {
    /// A header's value, or "".
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

/// Sends one request to a fresh app with `limits`.
pub async fn send(limits: Limits, req: Request<Body>) -> Answer {
    send_to(app(AppState::new(limits)), req).await
}

/// Sends one request to `router`.
pub async fn send_to(router: axum::Router, req: Request<Body>) -> Answer {
    let res = router.oneshot(req).await.expect("the router answers");
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .expect("the body is read");
    Answer {
        status,
        headers,
        text: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// A POST of `bytes` as the multipart field `file` named `file_name` to `uri`, with its
/// `Content-Length`.
pub fn upload(uri: &str, file_name: &str, bytes: &[u8]) -> Request<Body> {
    let (content_type, body) = multipart("file", file_name, bytes);
    Request::post(uri)
        .header("content-type", content_type)
        .header("content-length", body.len())
        .body(Body::from(body))
        .expect("a valid request")
}

/// A GET of `uri`.
pub fn get(uri: &str) -> Request<Body> {
    Request::get(uri)
        .body(Body::empty())
        .expect("a valid request")
}

pub use gongkai_testkit::require;
