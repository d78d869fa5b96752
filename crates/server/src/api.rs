//! The anonymous JSON API: `POST /api/check` returns exactly what `gongkai check --format json`
//! prints for the uploaded file, `POST /api/extract` what `gongkai extract --format json` prints.
//! No sign-in and no CSRF token: they change nothing. `?lang=en` for English messages.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;

use crate::failure::Failure;
use crate::upload::{self, Upload};
use crate::{AppState, lang, pipeline, run_check};

/// `POST /api/check` (multipart field `file`): the findings as a JSON array. A file that cannot
/// be read gives one `unreadable-file` finding, as on the command line.
pub async fn check(State(state): State<AppState>, req: Request) -> Response {
    let lang = lang::choose(req.uri().query(), req.headers()).lang;
    respond(&state, req, move |state, upload| {
        let body = match pipeline::load(&upload.bytes, &upload.name) {
            Ok(loaded) => {
                let checked = pipeline::check(loaded, state.config());
                pipeline::findings_json(&pipeline::findings(&checked, lang))
            }
            Err(error) => pipeline::unreadable_json(&upload.name, &error, lang),
        };
        (StatusCode::OK, body)
    })
    .await
}

/// `POST /api/extract` (multipart field `file`): the model as JSON; a file that cannot be read
/// gets HTTP 422 and `{"error": "unreadable-file", "message": {"zh": …, "en": …}}`.
pub async fn extract(State(state): State<AppState>, req: Request) -> Response {
    respond(&state, req, |state, upload| {
        match pipeline::load(&upload.bytes, &upload.name) {
            Ok(loaded) => {
                let checked = pipeline::check(loaded, state.config());
                (StatusCode::OK, pipeline::model_json(&checked))
            }
            Err(error) => {
                let json = serde_json::json!({ "error": error.code, "message": error.message });
                let mut text = serde_json::to_string_pretty(&json).unwrap_or_default();
                text.push('\n');
                (StatusCode::UNPROCESSABLE_ENTITY, text)
            }
        }
    })
    .await
}

/// Receives the upload, runs `work` on a blocking thread within the limits, answers JSON.
async fn respond(
    state: &AppState,
    req: Request,
    work: impl FnOnce(&AppState, &Upload) -> (StatusCode, String) + Send + 'static,
) -> Response {
    let upload = match upload::receive(state, req).await {
        Ok(u) => u,
        Err(f) => return failure(&f),
    };
    let shared = state.clone();
    match run_check(state, move || work(&shared, &upload)).await {
        Ok((status, body)) => json(status, body),
        Err(f) => failure(&f),
    }
}

/// A failed API request as JSON, with its status.
pub fn failure(f: &Failure) -> Response {
    let mut res = json(f.status(), f.json());
    crate::pages::decorate(f, res.headers_mut());
    res
}

/// A JSON response.
pub fn json(status: StatusCode, body: String) -> Response {
    let mut res = Response::new(Body::from(body));
    *res.status_mut() = status;
    res.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    res
}
