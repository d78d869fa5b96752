//! Security headers on every response: a content security policy that allows only this site's own
//! files (no inline script or style, no framing), no MIME sniffing, no referrer, and no caching of
//! pages that show an upload.

use axum::extract::Request;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// The content security policy. Scripts and styles come only from this site's files (`'self'`;
/// never `'unsafe-inline'`), nothing may frame the pages, forms post only here.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The policy of the agency and region cards (`/corpus/card`): the store writes them as one
/// self-contained page with inline SVG and its style inline, so that the same file can be saved
/// and printed. Stricter than [`CSP`] everywhere else: nothing may load at all and no script
/// runs; only the inline style is allowed.
pub const CARD_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; \
     form-action 'none'; frame-ancestors 'none'";

/// Adds the security headers; a handler's own `Cache-Control` (the static files') and
/// Content-Security-Policy (only the cards': [`CARD_CSP`]) are kept.
pub async fn security(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    if h.get(CONTENT_SECURITY_POLICY).and_then(|v| v.to_str().ok()) != Some(CARD_CSP) {
        h.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    }
    h.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
    );
    if !h.contains_key(CACHE_CONTROL) {
        h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}
