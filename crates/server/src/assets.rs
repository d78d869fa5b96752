//! The static files, compiled into the binary: the one style sheet (no style is inline, so the
//! content security policy needs no `'unsafe-inline'`) and the icon. The pages use no script.

use axum::body::Body;
use axum::http::HeaderValue;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::Response;

/// The style sheet of every page: screen, print, and the report's table layout.
pub const CSS: &str = include_str!("../static/gongkai.css");

/// The site's icon.
pub const ICON: &str = include_str!("../static/icon.svg");

/// `GET /static/gongkai.css`.
pub async fn css() -> Response {
    file(CSS, "text/css; charset=utf-8")
}

/// `GET /static/icon.svg`.
pub async fn icon() -> Response {
    file(ICON, "image/svg+xml")
}

fn file(body: &'static str, mime: &'static str) -> Response {
    let mut res = Response::new(Body::from(body));
    let h = res.headers_mut();
    h.insert(CONTENT_TYPE, HeaderValue::from_static(mime));
    // Not fingerprinted: a day's caching, and a new version is picked up the day after.
    h.insert(
        CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=86400"),
    );
    res
}
