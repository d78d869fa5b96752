//! The HTML pages: the upload form (`/`), the check result (`POST /check`), the messages for
//! failed requests, and 404. Every page works without JavaScript and is printable.

use askama::Template;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{CONNECTION, CONTENT_TYPE, HOST, LOCATION, RETRY_AFTER, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use gongkai_model::Lang;

use axum::response::IntoResponse;

use crate::accounts;
use crate::auth::{self, Permission, Session};
use crate::failure::Failure;
use crate::lang::{self, Chosen};
use crate::upload::{self, Upload};
use crate::view::{self, ResultView};
use crate::words::{self, Words};
use crate::{AppState, pipeline, run_check};

/// What every page has around its content.
pub struct Layout {
    /// The words of the page's language.
    pub w: &'static Words,
    /// The page's own title (the window title adds the site's name).
    pub title: String,
    /// The main navigation.
    pub nav: Vec<NavItem>,
    /// The link to the same page (or the upload page) in the other language.
    pub switch_href: String,
    /// Who is signed in, shown in the header with a sign-out button (`None` when nobody is, and
    /// on the ledger's pages, whose own bar shows it).
    pub signed_in: Option<SignedIn>,
}

/// The signed-in user as the header (or the ledger's bar) shows them.
pub struct SignedIn {
    /// Name, role and agency.
    pub who: String,
    /// The session's CSRF token, for the sign-out form.
    pub csrf: String,
    /// The button's text.
    pub sign_out: &'static str,
}

impl SignedIn {
    /// The user of `s`, in `lang`.
    pub fn of(s: &Session, lang: Lang) -> SignedIn {
        SignedIn {
            who: format!(
                "{} · {} · {}",
                s.user.name,
                s.user.role.text().get(lang),
                s.user.agency
            ),
            csrf: s.csrf.clone(),
            sign_out: match lang {
                Lang::Zh => "退出登录",
                Lang::En => "Sign out",
            },
        }
    }
}

/// A link of the main navigation.
pub struct NavItem {
    /// Where it leads.
    pub href: &'static str,
    /// Its text.
    pub label: &'static str,
    /// It is the page being shown.
    pub current: bool,
}

/// The sections of the site, for the navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// Checking a report (the upload page and its results).
    Check,
    /// The ledger's screens (signed in).
    Ledger,
    /// None of them (messages, 404).
    Other,
}

/// The main navigation. The corpus (语料库) and ledger (台账) links are always there: without a
/// corpus or a database their pages say how to serve one.
pub fn nav(lang: Lang, current: Section) -> Vec<NavItem> {
    let w = words::words(lang);
    vec![
        NavItem {
            href: "/",
            label: w.nav_check,
            current: current == Section::Check,
        },
        NavItem {
            href: "/#api",
            label: w.nav_api,
            current: false,
        },
        NavItem {
            href: "/corpus",
            label: crate::corpus_words::corpus_words(lang).nav,
            current: false,
        },
        NavItem {
            href: "/ledger",
            label: w.nav_ledger,
            current: current == Section::Ledger,
        },
    ]
}

impl Layout {
    /// The layout of a page titled `title` in `current`'s section.
    pub fn new(lang: Lang, title: &str, current: Section) -> Layout {
        let other = match lang {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        };
        Layout {
            w: words::words(lang),
            title: title.to_string(),
            nav: nav(lang, current),
            switch_href: format!("/?lang={}", words::code(other)),
            signed_in: None,
        }
    }

    /// The same layout showing who is signed in (in `lang`), when `session` is some.
    pub fn signed_in(mut self, lang: Lang, session: Option<&Session>) -> Layout {
        self.signed_in = session.map(|s| SignedIn::of(s, lang));
        self
    }
}

/// The upload form (on the upload page and under a result).
pub struct Form {
    /// Where it posts, with the page's language.
    pub action: String,
    /// The hint under the file input, with the size limit.
    pub hint: String,
    /// The session's CSRF token when the form has the box 核对后加入语料库: the server has a
    /// corpus and the signed-in user's role grants [`Permission::AddToCorpus`].
    pub add_csrf: Option<String>,
}

impl Form {
    fn new(lang: Lang, state: &AppState, session: Option<&Session>) -> Form {
        Form {
            action: format!("/check?lang={}", words::code(lang)),
            hint: words::file_hint(lang, state.limits().max_upload),
            add_csrf: session
                .filter(|s| state.corpus().is_some() && s.user.role.grants(Permission::AddToCorpus))
                .map(|s| s.csrf.clone()),
        }
    }
}

/// What became of an upload the user asked to add to the corpus.
pub enum Added {
    /// Stored: the document's id in the corpus.
    Stored(i64),
    /// Not stored: why.
    Failed(String),
}

/// `/`: the upload form and the API notes.
#[derive(Template)]
#[template(path = "index.html")]
pub struct IndexPage {
    /// Around the content.
    pub layout: Layout,
    /// The words.
    pub w: &'static Words,
    /// The form.
    pub form: Form,
    /// `http://host` for the curl examples.
    pub base: String,
    /// The limits in words.
    pub limits: String,
}

/// `POST /check`: the result.
#[derive(Template)]
#[template(path = "result.html")]
pub struct ResultPage {
    /// Around the content.
    pub layout: Layout,
    /// The words.
    pub w: &'static Words,
    /// The result.
    pub r: ResultView,
    /// The message when the file could not be read.
    pub unreadable: Option<String>,
    /// The form for the next report.
    pub form: Form,
    /// What became of the upload when it was to be added to the corpus.
    pub added: Option<Added>,
}

/// A failed request, or 404.
#[derive(Template)]
#[template(path = "message.html")]
pub struct MessagePage {
    /// Around the content.
    pub layout: Layout,
    /// The words.
    pub w: &'static Words,
    /// What happened and what to do.
    pub message: String,
    /// The same in the other language (its `lang` code and text), for a reader who has not
    /// switched yet.
    pub also: Option<(&'static str, String)>,
    /// The link back.
    pub back: String,
}

/// `GET /`.
pub async fn index(State(state): State<AppState>, req: Request) -> Response {
    let (mut parts, _body) = req.into_parts();
    let session = auth::optional_session(&mut parts, &state).await;
    let req = Request::from_parts(parts, Body::empty());
    let chosen = lang::choose(req.uri().query(), req.headers());
    let lang = chosen.lang;
    let w = words::words(lang);
    let limits = state.limits();
    let page = IndexPage {
        layout: Layout::new(lang, w.index_title, Section::Check).signed_in(lang, session.as_ref()),
        w,
        form: Form::new(lang, &state, session.as_ref()),
        base: base_url(req.headers()),
        limits: words::limits_note(
            lang,
            limits.max_upload,
            limits.checks,
            limits.check_time.as_secs(),
        ),
    };
    html(StatusCode::OK, page.render(), chosen)
}

/// `GET /check` (a result page reloaded, or a bookmark): back to the form.
pub async fn to_index() -> Response {
    let mut res = Response::new(Body::empty());
    *res.status_mut() = StatusCode::SEE_OTHER;
    res.headers_mut()
        .insert(LOCATION, HeaderValue::from_static("/"));
    res
}

/// `POST /check`: receives the file, checks it on a blocking thread, shows the result. With the
/// box 核对后加入语料库 ticked, the upload is also added to the corpus — only for a signed-in user
/// whose role grants [`Permission::AddToCorpus`], with the session's CSRF token, on a server
/// with a corpus; anything else is refused before the check, and nothing is stored.
pub async fn check(State(state): State<AppState>, req: Request) -> Response {
    let chosen = lang::choose(req.uri().query(), req.headers());
    let lang = chosen.lang;
    let (mut parts, body) = req.into_parts();
    let session = auth::optional_session(&mut parts, &state).await;
    let req = Request::from_parts(parts, body);
    let upload = match upload::receive(&state, req).await {
        Ok(u) => u,
        Err(f) => return failure(&f, lang),
    };
    let adder = if upload.fields.add {
        match may_add(&state, session.as_ref(), &upload.fields.csrf, lang) {
            Ok(s) => Some(s.clone()),
            Err(refused) => return refused,
        }
    } else {
        None
    };
    let shared = state.clone();
    let page = run_check(&state, move || {
        result_page(&shared, upload, lang, session.as_ref(), adder.as_ref())
    })
    .await;
    match page {
        Ok(page) => html(StatusCode::OK, page, chosen),
        Err(f) => failure(&f, lang),
    }
}

/// The refusal of an add to the corpus, or the session allowed to add.
fn may_add<'a>(
    state: &AppState,
    session: Option<&'a Session>,
    csrf: &str,
    lang: Lang,
) -> Result<&'a Session, Response> {
    if state.corpus().is_none() {
        return Err(message(
            StatusCode::NOT_FOUND,
            lang,
            &gongkai_model::Text::new(
                "本服务没有语料库，不能加入：请用 gongkai serve --db 文件 --corpus 文件 启动。文件未保存。",
                "This server has no corpus to add to: start it with gongkai serve --db FILE --corpus FILE. The file was not stored.",
            ),
        ));
    }
    let Some(s) = session else {
        return Err(message(
            StatusCode::FORBIDDEN,
            lang,
            &gongkai_model::Text::new(
                "只有登录用户才能把文件加入语料库：请先登录。文件未保存。",
                "Only a signed-in user can add a file to the corpus: please sign in first. The file was not stored.",
            ),
        ));
    };
    s.allow_change(csrf, Permission::AddToCorpus)
        .map_err(IntoResponse::into_response)?;
    Ok(s)
}

/// Adds the upload to the corpus for `s` and writes the audit line (blocking).
fn add_to_corpus(state: &AppState, upload: &Upload, s: &Session) -> Added {
    let Some(corpus) = state.corpus() else {
        return Added::Failed(String::new());
    };
    let result = corpus.add(&upload.name, &upload.bytes);
    if let Some(web) = state.web() {
        let (target, detail) = match &result {
            Ok(id) => (format!("corpus/doc/{id}"), upload.name.clone()),
            Err(e) => (String::new(), format!("{}: {e}", upload.name)),
        };
        let _ = accounts::audit(
            &web.accounts(),
            &s.user.name,
            Some(&s.user.agency),
            "corpus-add",
            &target,
            result.is_ok(),
            &detail,
        );
    }
    match result {
        Ok(id) => Added::Stored(id),
        Err(e) => Added::Failed(e.to_string()),
    }
}

/// Reads, checks and lays out an upload (CPU work: runs on a blocking thread), adding it to the
/// corpus first when `adder` may. The upload and its slot are dropped when this returns.
fn result_page(
    state: &AppState,
    upload: Upload,
    lang: Lang,
    session: Option<&Session>,
    adder: Option<&Session>,
) -> askama::Result<String> {
    let w = words::words(lang);
    let added = adder.map(|s| add_to_corpus(state, &upload, s));
    let (r, unreadable) = match pipeline::load(&upload.bytes, &upload.name) {
        Ok(loaded) => {
            let checked = pipeline::check(loaded, state.config());
            (view::result(&checked, lang), None)
        }
        Err(error) => (
            view::unreadable(&upload.name, lang),
            Some(error.message.get(lang).to_string()),
        ),
    };
    drop(upload);
    ResultPage {
        layout: Layout::new(lang, w.result_title, Section::Check).signed_in(lang, session),
        w,
        r,
        unreadable,
        form: Form::new(lang, state, session),
        added,
    }
    .render()
}

/// The page of a failed request, with its status.
pub fn failure(f: &Failure, lang: Lang) -> Response {
    let other = match lang {
        Lang::Zh => Lang::En,
        Lang::En => Lang::Zh,
    };
    let message = f.message();
    let page = MessagePage {
        layout: Layout::new(lang, f.title(lang), Section::Other),
        w: words::words(lang),
        message: message.get(lang).to_string(),
        also: Some((
            words::words(other).html_lang,
            format!("{} — {}", f.title(other), message.get(other)),
        )),
        back: format!("/?lang={}", words::code(lang)),
    };
    let mut res = html(
        f.status(),
        page.render(),
        Chosen {
            lang,
            from_query: false,
        },
    );
    decorate(f, res.headers_mut());
    res
}

/// Headers a failure needs: `Retry-After` when busy, `Connection: close` after an upload that
/// was not read to its end.
pub fn decorate(f: &Failure, headers: &mut HeaderMap) {
    match f {
        Failure::Busy => {
            headers.insert(RETRY_AFTER, HeaderValue::from_static("10"));
        }
        Failure::TooLarge(_) | Failure::SlowUpload | Failure::Malformed => {
            headers.insert(CONNECTION, HeaderValue::from_static("close"));
        }
        _ => {}
    }
}

/// Anything else: 404 (JSON under `/api/`).
pub async fn not_found(req: Request) -> Response {
    let chosen = lang::choose(req.uri().query(), req.headers());
    let lang = chosen.lang;
    if req.uri().path().starts_with("/api/") {
        let body = gongkai_model::Text::new(
            "没有这个接口：请用 POST /api/check 或 POST /api/extract。",
            "No such endpoint: use POST /api/check or POST /api/extract.",
        );
        let json = serde_json::json!({ "error": "not-found", "message": body });
        let mut text = serde_json::to_string_pretty(&json).unwrap_or_default();
        text.push('\n');
        return crate::api::json(StatusCode::NOT_FOUND, text);
    }
    let w = words::words(lang);
    let page = MessagePage {
        layout: Layout::new(lang, w.not_found, Section::Other),
        w,
        message: w.not_found_text.to_string(),
        also: None,
        back: format!("/?lang={}", words::code(lang)),
    };
    html(StatusCode::NOT_FOUND, page.render(), chosen)
}

/// A page with one message (a refusal, a failure), in `lang` with the other language below.
pub fn message(status: StatusCode, lang: Lang, message: &gongkai_model::Text) -> Response {
    let other = match lang {
        Lang::Zh => Lang::En,
        Lang::En => Lang::Zh,
    };
    let w = words::words(lang);
    let page = MessagePage {
        layout: Layout::new(lang, w.site, Section::Other),
        w,
        message: message.get(lang).to_string(),
        also: Some((
            words::words(other).html_lang,
            message.get(other).to_string(),
        )),
        back: format!("/?lang={}", words::code(lang)),
    };
    html(
        status,
        page.render(),
        Chosen {
            lang,
            from_query: false,
        },
    )
}

/// An HTML response; a language named in the query is remembered in a cookie.
pub fn html(status: StatusCode, page: askama::Result<String>, chosen: Chosen) -> Response {
    let (status, body) = match page {
        Ok(body) => (status, body),
        // Templates are checked when the crate is built; rendering can only fail on a `Display`
        // error, which would be a bug.
        Err(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "<!DOCTYPE html><title>500</title><p>内部错误 / internal error</p>".to_string(),
        ),
    };
    let mut res = Response::new(Body::from(body));
    *res.status_mut() = status;
    let h = res.headers_mut();
    h.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    if chosen.from_query
        && let Ok(v) = HeaderValue::from_str(&lang::cookie(chosen.lang))
    {
        h.insert(SET_COOKIE, v);
    }
    res
}

/// `http://host` from the request's `Host` header (only when it looks like a host name or an
/// address), for the curl examples.
fn base_url(headers: &HeaderMap) -> String {
    let host = headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.len() <= 255
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or("127.0.0.1:8080");
    format!("http://{host}")
}
