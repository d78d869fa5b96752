//! The corpus screens (语料库) over a store database made by `gongkai ingest`: the supervisor's
//! summary table (`/corpus`: sortable and filterable by query parameters — late, errors, status,
//! year, text, the register's bodies with no report), a document's page (`/corpus/doc/{id}`:
//! the report in the template with its findings, status, versions, source), two reports side by
//! side (`/corpus/compare?id=A&id=B`) and the roll-up (`/corpus/rollup`, with its downloads).
//! Every page works without JavaScript; every read runs on a blocking thread.

use std::fmt::Write as _;
use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use axum::routing::get;
use gongkai_model::labels::Template as ReportTemplate;
use gongkai_model::{Lang, Value};
use gongkai_render::grid::{Grid, GridCell};
use gongkai_render::html::{Annotate, CellMark};
use gongkai_store::rollup::{Rolled, Rollup, Scope};
use gongkai_store::summary::{self, Timeliness};

use crate::AppState;
use crate::corpus_data::{self, Corpus, Doc};
use crate::corpus_words::{CorpusWords, corpus_words};
use crate::lang::{self, Chosen};
use crate::pages::{Layout, NavItem, Section, html};
use crate::view::ResultView;
use crate::words::{self, Words};

/// The corpus routes, merged into [`crate::app`].
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/corpus", get(summary_page))
        .route("/corpus/doc/{id}", get(document_page))
        .route("/corpus/compare", get(compare_page))
        .route("/corpus/rollup", get(rollup_page))
        .route("/corpus/rollup/download", get(rollup_download))
        .route("/corpus/card", get(card_page))
}

/// The query string as pairs, in order (keys may repeat).
type Params = Query<Vec<(String, String)>>;

fn param<'a>(params: &'a [(String, String)], key: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, v)| k == key && !v.trim().is_empty())
        .map(|(_, v)| v.trim())
}

fn flag(params: &[(String, String)], key: &str) -> bool {
    param(params, key).is_some_and(|v| v != "0")
}

/// Percent-encodes a query value (everything but unreserved characters).
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A query string from pairs (values encoded).
fn query(pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The page chrome for a corpus page: the navigation with the corpus current, and the language
/// switch leading to the same page in the other language.
fn layout(lang: Lang, title: &str, path: &str, params: &[(String, String)]) -> Layout {
    let other = match lang {
        Lang::Zh => Lang::En,
        Lang::En => Lang::Zh,
    };
    let mut kept: Vec<(&str, String)> = params
        .iter()
        .filter(|(k, _)| k != "lang")
        .map(|(k, v)| (k.as_str(), v.clone()))
        .collect();
    kept.push(("lang", words::code(other).to_string()));
    Layout {
        w: words::words(lang),
        title: title.to_string(),
        nav: nav(lang),
        switch_href: format!("{path}?{}", query(&kept)),
        signed_in: None,
    }
}

/// The main navigation with the corpus link current.
fn nav(lang: Lang) -> Vec<NavItem> {
    let mut items = crate::pages::nav(lang, Section::Other);
    for item in &mut items {
        item.current = item.href == "/corpus";
    }
    items
}

/// The corpus of the state, or the page saying there is none.
fn corpus_of(state: &AppState, lang: Lang) -> Result<Arc<Corpus>, Response> {
    state
        .corpus()
        .ok_or_else(|| message(lang, StatusCode::NOT_FOUND, corpus_words(lang).no_corpus))
}

/// Runs a read on a blocking thread; a database error is a page that says so.
async fn read<T: Send + 'static>(
    corpus: Arc<Corpus>,
    lang: Lang,
    f: impl FnOnce(&Corpus) -> Result<T, gongkai_store::Error> + Send + 'static,
) -> Result<T, Response> {
    let job = tokio::task::spawn_blocking(move || f(&corpus));
    match job.await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(message(
            lang,
            StatusCode::INTERNAL_SERVER_ERROR,
            &format!("{}：{}", corpus_words(lang).db_error, e.message(lang)),
        )),
        Err(_) => Err(crate::pages::failure(
            &crate::failure::Failure::Internal,
            lang,
        )),
    }
}

/// A page with one message.
fn message(lang: Lang, status: StatusCode, text: &str) -> Response {
    let w = words::words(lang);
    let page = crate::pages::MessagePage {
        layout: layout(lang, corpus_words(lang).nav, "/corpus", &[]),
        w,
        message: text.to_string(),
        also: None,
        back: format!("/corpus?lang={}", words::code(lang)),
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

fn chosen(params: &[(String, String)], headers: &HeaderMap) -> Chosen {
    let q = params
        .iter()
        .find(|(k, _)| k == "lang")
        .map(|(_, v)| format!("lang={v}"));
    lang::choose(q.as_deref(), headers)
}

fn status_label(status: &str, lang: Lang) -> String {
    match gongkai_store::Status::parse(status) {
        Some(s) if lang == Lang::Zh => s.label_zh().to_string(),
        Some(s) => s.as_str().to_string(),
        None => status.to_string(),
    }
}

fn late_class(t: Timeliness) -> &'static str {
    match t {
        Timeliness::Late => "late",
        Timeliness::OnTime => "on-time",
        Timeliness::CannotDecide => "undecided",
        Timeliness::NotApplicable => "",
    }
}

// ---------------------------------------------------------------------------------------------
// The summary
// ---------------------------------------------------------------------------------------------

/// A sortable column of the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    File,
    Status,
    Agency,
    Year,
    Template,
    Published,
    Late,
    Errors,
    Warnings,
    Notes,
}

const COLUMNS: [(Column, &str); 10] = [
    (Column::File, "file"),
    (Column::Status, "status"),
    (Column::Agency, "agency"),
    (Column::Year, "year"),
    (Column::Template, "template"),
    (Column::Published, "published"),
    (Column::Late, "late"),
    (Column::Errors, "errors"),
    (Column::Warnings, "warnings"),
    (Column::Notes, "notes"),
];

/// The summary's filters and order, read from the query.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Text the file or agency contains.
    pub q: String,
    /// The year.
    pub year: Option<i32>,
    /// The status (`report`, `not-a-report`, `unreadable`, `damaged`).
    pub status: Option<String>,
    /// Late reports only.
    pub late: bool,
    /// Files with errors only.
    pub errors: bool,
    /// List the register's bodies with no report for the year.
    pub missing: bool,
    /// The sort column's name.
    pub sort: String,
    /// Reverse order.
    pub desc: bool,
}

impl Filters {
    /// Reads the filters from the query pairs.
    pub fn from_params(params: &[(String, String)]) -> Filters {
        let sort = param(params, "sort")
            .filter(|s| COLUMNS.iter().any(|(_, n)| n == s))
            .unwrap_or("file")
            .to_string();
        Filters {
            q: param(params, "q").unwrap_or("").to_string(),
            year: param(params, "year").and_then(|y| y.parse().ok()),
            status: param(params, "status")
                .filter(|s| gongkai_store::Status::parse(s).is_some())
                .map(str::to_string),
            late: flag(params, "late"),
            errors: flag(params, "errors"),
            missing: flag(params, "missing"),
            sort,
            desc: flag(params, "desc"),
        }
    }

    fn pairs(&self, lang: Lang) -> Vec<(&'static str, String)> {
        vec![
            ("q", self.q.clone()),
            ("year", self.year.map(|y| y.to_string()).unwrap_or_default()),
            ("status", self.status.clone().unwrap_or_default()),
            ("late", if self.late { "1" } else { "" }.to_string()),
            ("errors", if self.errors { "1" } else { "" }.to_string()),
            ("missing", if self.missing { "1" } else { "" }.to_string()),
            ("sort", self.sort.clone()),
            ("desc", if self.desc { "1" } else { "" }.to_string()),
            ("lang", words::code(lang).to_string()),
        ]
    }

    fn keeps(&self, row: &summary::Row) -> bool {
        let q = self.q.to_lowercase();
        (q.is_empty()
            || row.file.to_lowercase().contains(&q)
            || row
                .agency
                .as_deref()
                .is_some_and(|a| a.to_lowercase().contains(&q)))
            && self.year.is_none_or(|y| row.year == Some(y))
            && self
                .status
                .as_deref()
                .is_none_or(|s| row.status.as_str() == s)
            && (!self.late || row.timeliness == Timeliness::Late)
            && (!self.errors || row.errors > 0)
    }

    fn column(&self) -> Column {
        COLUMNS
            .iter()
            .find(|(_, n)| *n == self.sort)
            .map_or(Column::File, |(c, _)| *c)
    }
}

/// Sorts rows by a column (the file name breaks ties, so the order is always the same).
fn sort_rows(rows: &mut [summary::Row], column: Column, desc: bool) {
    let late_rank = |t: Timeliness| match t {
        Timeliness::Late => 0,
        Timeliness::CannotDecide => 1,
        Timeliness::OnTime => 2,
        Timeliness::NotApplicable => 3,
    };
    rows.sort_by(|a, b| {
        let o = match column {
            Column::File => std::cmp::Ordering::Equal,
            Column::Status => a.status.as_str().cmp(b.status.as_str()),
            Column::Agency => a.agency.cmp(&b.agency),
            Column::Year => a.year.cmp(&b.year),
            Column::Template => a.template.cmp(&b.template),
            Column::Published => a.published.cmp(&b.published),
            Column::Late => late_rank(a.timeliness).cmp(&late_rank(b.timeliness)),
            Column::Errors => a.errors.cmp(&b.errors),
            Column::Warnings => a.warnings.cmp(&b.warnings),
            Column::Notes => a.notes.cmp(&b.notes),
        };
        let o = o.then_with(|| a.file.cmp(&b.file));
        if desc { o.reverse() } else { o }
    });
}

/// A column header: its text, the link that sorts by it, its `aria-sort`.
pub struct HeaderView {
    /// The text.
    pub label: &'static str,
    /// Sorts by this column (reversed when it is already the sort column).
    pub href: String,
    /// `ascending`, `descending` or `none`.
    pub sort: &'static str,
    /// A numeric column (right-aligned).
    pub numeric: bool,
}

/// One row of the summary table.
pub struct RowView {
    /// The document's page, when the path has a current document.
    pub href: Option<String>,
    /// The document id (the compare checkbox's value).
    pub id: Option<i64>,
    /// The stored path.
    pub file: String,
    /// Copy of, older version…
    pub note: String,
    /// Status in words.
    pub status: String,
    /// `report`, `not-a-report`… (a CSS class).
    pub status_class: String,
    /// The agency.
    pub agency: String,
    /// The year.
    pub year: String,
    /// The template.
    pub template: String,
    /// 落款日期.
    pub published: String,
    /// Late, on time… in words.
    pub late: &'static str,
    /// A CSS class for it.
    pub late_class: &'static str,
    /// Finding counts.
    pub errors: u32,
    /// See `errors`.
    pub warnings: u32,
    /// See `errors`.
    pub notes: u32,
}

/// `/corpus`.
#[derive(Template)]
#[template(path = "corpus_summary.html")]
pub struct SummaryPage {
    /// Around the content.
    pub layout: Layout,
    /// The words.
    pub w: &'static Words,
    /// The corpus words.
    pub c: &'static CorpusWords,
    /// The filters as given.
    pub f: Filters,
    /// The years with reports, and whether each is chosen.
    pub years: Vec<(i32, bool)>,
    /// Statuses: value and words.
    pub statuses: Vec<(&'static str, String)>,
    /// The page's language code.
    pub lang: &'static str,
    /// The column headers.
    pub headers: Vec<HeaderView>,
    /// The rows kept.
    pub rows: Vec<RowView>,
    /// "12 of 40 files; 3 late; 5 with errors".
    pub totals: String,
    /// With `missing`: a note instead of the list (no year, no register).
    pub missing_note: Option<&'static str>,
    /// With `missing` and a year: the bodies with no report.
    pub missing: Vec<String>,
    /// With `missing` and a year: the bodies with several reports, and their files.
    pub several: Vec<(String, String)>,
    /// Files ingest did not take, and why.
    pub skipped: Vec<(String, String)>,
}

/// `GET /corpus`: the supervisor's summary table.
pub async fn summary_page(
    reader: crate::auth::CorpusReader,
    State(state): State<AppState>,
    Query(params): Params,
    headers: HeaderMap,
) -> Response {
    let chosen = chosen(&params, &headers);
    let lang = chosen.lang;
    let corpus = match corpus_of(&state, lang) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let f = Filters::from_params(&params);
    let year = f.year;
    let want_missing = f.missing && year.is_some();
    let data = read(corpus, lang, move |c| {
        c.read(|conn| {
            let register = gongkai_store::agency::Register::load(conn)?;
            let expect = match (want_missing, year) {
                (true, Some(y)) if !register.is_empty() => Some((register.agencies.as_slice(), y)),
                _ => None,
            };
            let report = summary::summary(conn, expect)?;
            let ids = corpus_data::current_ids(conn)?;
            let years = corpus_data::years(conn)?;
            Ok((report, ids, years, register.is_empty()))
        })
    })
    .await;
    let (report, ids, years, no_register) = match data {
        Ok(d) => d,
        Err(r) => return r,
    };
    let c = corpus_words(lang);
    let all = report.rows.len();
    let mut rows: Vec<summary::Row> = report.rows.into_iter().filter(|r| f.keeps(r)).collect();
    sort_rows(&mut rows, f.column(), f.desc);
    let late = rows
        .iter()
        .filter(|r| r.timeliness == Timeliness::Late)
        .count();
    let with_errors = rows.iter().filter(|r| r.errors > 0).count();
    let totals = match lang {
        Lang::Zh => format!(
            "共 {all} 个文件，显示 {} 个；其中逾期 {late} 份，有错误的 {with_errors} 份。",
            rows.len()
        ),
        Lang::En => format!(
            "{} of {all} files shown; {late} late, {with_errors} with errors.",
            rows.len()
        ),
    };
    let headers = COLUMNS
        .iter()
        .zip(c.columns)
        .map(|((col, name), label)| {
            let current = *col == f.column();
            let mut g = f.clone();
            g.sort = name.to_string();
            g.desc = current && !f.desc;
            HeaderView {
                label,
                href: format!("/corpus?{}", query(&g.pairs(lang))),
                sort: match (current, f.desc) {
                    (false, _) => "none",
                    (true, false) => "ascending",
                    (true, true) => "descending",
                },
                numeric: matches!(col, Column::Errors | Column::Warnings | Column::Notes),
            }
        })
        .collect();
    let rows = rows
        .into_iter()
        .map(|r| {
            let id = ids.get(&r.file).copied();
            let note = match (&r.copy_of, r.version.is_some() && !r.latest) {
                (Some(orig), _) => format!("{}{orig}", c.copy_of),
                (None, true) => c.older.to_string(),
                _ => String::new(),
            };
            RowView {
                href: id.map(|id| format!("/corpus/doc/{id}?lang={}", words::code(lang))),
                id,
                file: r.file,
                note,
                status: status_label(r.status.as_str(), lang),
                status_class: r.status.as_str().to_string(),
                agency: r.agency.unwrap_or_default(),
                year: r.year.map(|y| y.to_string()).unwrap_or_default(),
                template: r.template.unwrap_or_default(),
                published: r.published.unwrap_or_default(),
                late: r.timeliness.label(lang),
                late_class: late_class(r.timeliness),
                errors: r.errors,
                warnings: r.warnings,
                notes: r.notes,
            }
        })
        .collect();
    let missing_note = match (f.missing, year, no_register) {
        (false, _, _) => None,
        (true, None, _) => Some(c.missing_needs_year),
        (true, Some(_), true) => Some(c.no_register),
        (true, Some(_), false) if report.missing.as_ref().is_some_and(Vec::is_empty) => {
            Some(c.none_missing)
        }
        _ => None,
    };
    let missing = report
        .missing
        .unwrap_or_default()
        .into_iter()
        .map(|e| match e.credit_code {
            Some(code) => format!("{}（{code}）", e.agency),
            None => e.agency,
        })
        .collect();
    let several = report
        .more_than_one
        .unwrap_or_default()
        .into_iter()
        .map(|e| (e.agency, e.files.join("；")))
        .collect();
    let statuses = ["report", "not-a-report", "unreadable", "damaged"]
        .into_iter()
        .map(|s| (s, status_label(s, lang)))
        .collect();
    let page = SummaryPage {
        layout: layout(lang, c.summary_title, "/corpus", &params)
            .signed_in(lang, reader.session.as_ref()),
        w: words::words(lang),
        c,
        years: years.iter().map(|&y| (y, f.year == Some(y))).collect(),
        f,
        statuses,
        lang: words::code(lang),
        headers,
        rows,
        totals,
        missing_note,
        missing,
        several,
        skipped: report.skipped,
    };
    html(StatusCode::OK, page.render(), chosen)
}

// ---------------------------------------------------------------------------------------------
// A document's page
// ---------------------------------------------------------------------------------------------

/// A link to another version.
pub struct VersionView {
    /// Its page.
    pub href: String,
    /// Its path and what it is.
    pub text: String,
    /// The compare link with the page's document, when both are reports.
    pub compare: Option<String>,
    /// It is the page's document.
    pub this: bool,
}

/// A stored finding for the page.
pub struct StoredFindingView {
    /// `error`, `warning`, `note`.
    pub class: String,
    /// The level in words.
    pub level: &'static str,
    /// The rule's name.
    pub code: String,
    /// The message.
    pub message: String,
    /// Where (line, column, page).
    pub place: String,
    /// What to do.
    pub help: Option<String>,
}

/// `/corpus/doc/{id}`.
#[derive(Template)]
#[template(path = "corpus_report.html")]
pub struct ReportPage {
    /// Around the content.
    pub layout: Layout,
    /// The words.
    pub w: &'static Words,
    /// The corpus words.
    pub c: &'static CorpusWords,
    /// The language code.
    pub lang: &'static str,
    /// The heading.
    pub title: String,
    /// Labelled facts.
    pub facts: Vec<(&'static str, String)>,
    /// Why it could not be read.
    pub error: Option<String>,
    /// Summary of the findings, and its class.
    pub summary: (String, &'static str),
    /// Versions of the same body and year, and older contents of the path.
    pub versions: Vec<VersionView>,
    /// Compare with last year's report.
    pub last_year: Option<String>,
    /// The body's card (`/corpus/card`), when the report names its body.
    pub card: Option<String>,
    /// The file read again: the check page's view (report in the template, findings on cells).
    pub r: Option<ResultView>,
    /// Why the file was not read again.
    pub stored_note: Option<&'static str>,
    /// The stored findings (when the file was not read again).
    pub findings: Vec<StoredFindingView>,
    /// The stored cells: key, value, kind (when the file was not read again).
    pub cells: Vec<(String, String, String)>,
}

/// What the document page reads, on the blocking thread.
struct DocData {
    doc: Doc,
    timeliness: Timeliness,
    original_path: Option<String>,
    versions: Vec<Doc>,
    last_year: Option<i64>,
    checked: Result<crate::pipeline::Checked, &'static str>,
    findings: Vec<corpus_data::StoredFinding>,
    values: Option<(ReportTemplate, Vec<Value>)>,
}

/// `GET /corpus/doc/{id}`: a document's page.
pub async fn document_page(
    reader: crate::auth::CorpusReader,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(params): Params,
    headers: HeaderMap,
) -> Response {
    let chosen = chosen(&params, &headers);
    let lang = chosen.lang;
    let corpus = match corpus_of(&state, lang) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let config = state.config().clone();
    let data = read(corpus, lang, move |corpus| {
        let found = corpus.read(|conn| {
            let Some(doc) = corpus_data::document(conn, id)? else {
                return Ok(None);
            };
            let reading = corpus_data::reading(conn, &doc)?;
            let original_path = (reading.id != doc.id).then(|| reading.path.clone());
            Ok(Some((
                doc.clone(),
                corpus_data::doc_timeliness(conn, &reading)?,
                original_path,
                corpus_data::versions(conn, &reading)?,
                corpus_data::last_year(conn, &reading)?,
                corpus_data::findings(conn, reading.id)?,
                reading,
            )))
        })?;
        let Some((doc, timeliness, original_path, versions, last_year, findings, reading)) = found
        else {
            return Ok(None);
        };
        // The file read again outside the lock: the same view as the check page when its
        // content is still what was stored.
        let checked = match corpus.file_of(&doc.path).map(std::fs::read) {
            Some(Ok(bytes)) if gongkai_store::ingest::hash(&bytes)[..] == doc.hash[..] => {
                let name = doc.path.rsplit('/').next().unwrap_or(&doc.path).to_string();
                match crate::pipeline::load(&bytes, &name) {
                    Ok(loaded) => Ok(crate::pipeline::check(loaded, &config)),
                    Err(_) => Err(""),
                }
            }
            Some(Ok(_)) => Err(corpus_words(lang).file_changed),
            _ => Err(corpus_words(lang).file_gone),
        };
        let values = corpus_data::values(&reading);
        Ok(Some(DocData {
            doc,
            timeliness,
            original_path,
            versions,
            last_year,
            checked,
            findings,
            values,
        }))
    })
    .await;
    let data = match data {
        Ok(Some(d)) => d,
        Ok(None) => return message(lang, StatusCode::NOT_FOUND, corpus_words(lang).no_document),
        Err(r) => return r,
    };
    let mut page = report_page(data, lang, &params);
    page.layout = page.layout.signed_in(lang, reader.session.as_ref());
    html(StatusCode::OK, page.render(), chosen)
}

fn report_page(d: DocData, lang: Lang, params: &[(String, String)]) -> ReportPage {
    let c = corpus_words(lang);
    let w = words::words(lang);
    let code = words::code(lang);
    let doc = &d.doc;
    let or_unknown = |v: Option<String>| v.unwrap_or_else(|| w.unknown.to_string());
    let version = doc.version.map(|v| {
        let counted = if doc.latest { c.counted } else { c.not_counted };
        match lang {
            Lang::Zh => format!("第 {v} 版，{counted}"),
            Lang::En => format!("version {v}, {counted}"),
        }
    });
    let mut facts = vec![
        (w.fact_file, doc.path.clone()),
        (c.facts[0], status_label(&doc.status, lang)),
        (w.fact_agency, or_unknown(doc.agency.clone())),
        (w.fact_year, or_unknown(doc.year.map(|y| y.to_string()))),
        (w.fact_template, or_unknown(doc.template.clone())),
        (w.fact_date, or_unknown(doc.published.clone())),
    ];
    if d.timeliness != Timeliness::NotApplicable {
        facts.push((c.facts[1], d.timeliness.label(lang).to_string()));
    }
    if let Some(v) = version {
        facts.push((c.facts[2], v));
    }
    if let Some(f) = &doc.format {
        facts.push((w.fact_format, f.clone()));
    }
    facts.push((c.facts[3], crate::limits::format_size(doc.size as u64)));
    if let Some(orig) = &d.original_path {
        facts.push((c.facts[6], format!("{}{orig}", c.copy_of)));
    }
    if let Some(url) = &doc.source_url {
        facts.push((c.facts[4], url.clone()));
    }
    if let Some(date) = &doc.fetched {
        facts.push((c.facts[5], date.clone()));
    }
    let error = match lang {
        Lang::Zh => doc.error.0.clone(),
        Lang::En => doc.error.1.clone().or_else(|| doc.error.0.clone()),
    };
    let [errors, warnings, notes] = doc.counts;
    let class = if errors > 0 {
        "error"
    } else if warnings > 0 {
        "warning"
    } else if notes > 0 {
        "note"
    } else {
        "clean"
    };
    let summary = (
        words::summary(lang, errors as usize, warnings as usize, notes as usize),
        class,
    );
    let is_report = doc.status == "report";
    let versions: Vec<VersionView> = d
        .versions
        .iter()
        .map(|v| {
            let mut text = v.path.clone();
            if let Some(n) = v.version {
                let _ = match lang {
                    Lang::Zh => write!(text, "（第 {n} 版"),
                    Lang::En => write!(text, " (version {n}"),
                };
                let _ = match (lang, v.latest) {
                    (Lang::Zh, true) => write!(text, "，计入）"),
                    (Lang::Zh, false) => write!(text, "）"),
                    (Lang::En, true) => write!(text, ", counted)"),
                    (Lang::En, false) => write!(text, ")"),
                };
            }
            if let Some(p) = &v.published {
                let _ = write!(text, " {p}");
            }
            VersionView {
                href: format!("/corpus/doc/{}?lang={code}", v.id),
                text,
                compare: (is_report && v.status == "report" && v.id != doc.id)
                    .then(|| format!("/corpus/compare?id={}&id={}&lang={code}", v.id, doc.id)),
                this: v.id == doc.id || Some(v.id) == doc.duplicate_of,
            }
        })
        .collect();
    let versions = if versions.len() > 1 {
        versions
    } else {
        Vec::new()
    };
    let last_year = d
        .last_year
        .filter(|_| is_report)
        .map(|prev| format!("/corpus/compare?id={prev}&id={}&lang={code}", doc.id));
    let card = doc
        .agency
        .as_ref()
        .filter(|_| is_report)
        .map(|a| format!("/corpus/card?agency={}", encode(a)));
    let (r, stored_note) = match &d.checked {
        Ok(checked) => (Some(crate::view::result(checked, lang)), None),
        Err(note) => (None, (!note.is_empty()).then_some(*note)),
    };
    let (findings, cells) = if r.is_some() {
        (Vec::new(), Vec::new())
    } else {
        (
            d.findings.iter().map(|f| stored_finding(f, lang)).collect(),
            stored_cells(d.values.as_ref()),
        )
    };
    let title = match &doc.agency {
        Some(a) => match doc.year {
            Some(y) => format!("{a} · {y}"),
            None => a.clone(),
        },
        None => doc.path.clone(),
    };
    let title = match lang {
        Lang::Zh => format!("{}：{title}", c.report_title),
        Lang::En => format!("{}: {title}", c.report_title),
    };
    ReportPage {
        layout: layout(lang, &title, &format!("/corpus/doc/{}", doc.id), params),
        w,
        c,
        lang: code,
        title,
        facts,
        error,
        summary,
        versions,
        last_year,
        card,
        r,
        stored_note,
        findings,
        cells,
    }
}

fn stored_finding(f: &corpus_data::StoredFinding, lang: Lang) -> StoredFindingView {
    let severity = match f.severity.as_str() {
        "error" => gongkai_model::Severity::Error,
        "warning" => gongkai_model::Severity::Warning,
        _ => gongkai_model::Severity::Note,
    };
    let mut place = match f.line_col {
        Some((l, c)) => words::line_column(lang, l as usize, c as usize),
        None => String::new(),
    };
    if let Some(p) = f.page {
        if !place.is_empty() {
            place.push_str(" · ");
        }
        let _ = match lang {
            Lang::Zh => write!(place, "第 {p} 页"),
            Lang::En => write!(place, "page {p}"),
        };
    }
    let pick = |zh: &Option<String>, en: &Option<String>| match lang {
        Lang::Zh => zh.clone(),
        Lang::En => en.clone().or_else(|| zh.clone()),
    };
    StoredFindingView {
        class: words::severity_class(severity).to_string(),
        level: severity.label(lang),
        code: f.code.clone(),
        message: match lang {
            Lang::Zh => f.message.0.clone(),
            Lang::En => f.message.1.clone(),
        },
        place,
        help: pick(&f.help.0, &f.help.1),
    }
}

fn kind_text(v: &Value) -> &'static str {
    gongkai_store::cells::kind_name(v)
}

fn value_text(v: &Value) -> String {
    match v {
        Value::Amount {
            number,
            unit: Some(u),
        } => format!("{number} {}", u.label()),
        other => gongkai_model::cells::CellText::of(other).to_string(),
    }
}

fn stored_cells(values: Option<&(ReportTemplate, Vec<Value>)>) -> Vec<(String, String, String)> {
    let Some((template, values)) = values else {
        return Vec::new();
    };
    gongkai_store::cells::table_keys(*template)
        .iter()
        .zip(values)
        .map(|(k, v)| (k.to_string(), value_text(v), kind_text(v).to_string()))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Two reports side by side
// ---------------------------------------------------------------------------------------------

/// One cell of the comparison.
pub struct CompareRow {
    /// The canonical key.
    pub key: &'static str,
    /// The left report's value.
    pub a: String,
    /// The right report's value.
    pub b: String,
    /// Right minus left, when both are numbers.
    pub difference: String,
    /// The values differ.
    pub differs: bool,
}

/// One side of the comparison.
pub struct Side {
    /// Its page.
    pub href: String,
    /// Agency · year.
    pub title: String,
    /// Its path.
    pub path: String,
}

/// `/corpus/compare`.
#[derive(Template)]
#[template(path = "corpus_compare.html")]
pub struct ComparePage {
    /// Around the content.
    pub layout: Layout,
    /// The words.
    pub w: &'static Words,
    /// The corpus words.
    pub c: &'static CorpusWords,
    /// The language code.
    pub lang: &'static str,
    /// The two sides.
    pub sides: Vec<Side>,
    /// Why there is no table.
    pub note: Option<&'static str>,
    /// The cells.
    pub rows: Vec<CompareRow>,
    /// "12 个单元格不同".
    pub differ: String,
    /// The link showing only the cells that differ, or all of them.
    pub toggle: (String, &'static str),
}

/// The difference `b − a` of two values, when both are counts or amounts in the same unit.
pub fn difference(a: &Value, b: &Value) -> Option<String> {
    match (a, b) {
        (Value::Count(x), Value::Count(y)) => y.checked_sub(*x).map(|d| format!("{d:+}")),
        (
            Value::Amount {
                number: x,
                unit: ux,
            },
            Value::Amount {
                number: y,
                unit: uy,
            },
        ) if ux == uy => {
            let negated = gongkai_model::Decimal {
                mantissa: x.mantissa.checked_neg()?,
                scale: x.scale,
            };
            let d = gongkai_store::rollup::add(*y, negated)?;
            Some(if d.mantissa > 0 {
                format!("+{d}")
            } else {
                d.to_string()
            })
        }
        _ => None,
    }
}

/// `GET /corpus/compare?id=A&id=B[&diff=1]`: two reports cell by cell.
pub async fn compare_page(
    reader: crate::auth::CorpusReader,
    State(state): State<AppState>,
    Query(params): Params,
    headers: HeaderMap,
) -> Response {
    let chosen = chosen(&params, &headers);
    let lang = chosen.lang;
    let corpus = match corpus_of(&state, lang) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let ids: Vec<i64> = params
        .iter()
        .filter(|(k, _)| k == "id")
        .filter_map(|(_, v)| v.trim().parse().ok())
        .take(2)
        .collect();
    let c = corpus_words(lang);
    let only_different = flag(&params, "diff");
    let wanted = ids.clone();
    let docs = read(corpus, lang, move |corpus| {
        corpus.read(|conn| {
            let mut out = Vec::new();
            for id in wanted {
                if let Some(doc) = corpus_data::document(conn, id)? {
                    out.push(corpus_data::reading(conn, &doc)?.clone_with_id(doc.id));
                }
            }
            Ok(out)
        })
    })
    .await;
    let docs = match docs {
        Ok(d) => d,
        Err(r) => return r,
    };
    let code = words::code(lang);
    let sides = docs
        .iter()
        .map(|d| Side {
            href: format!("/corpus/doc/{}?lang={code}", d.id),
            title: match (&d.agency, d.year) {
                (Some(a), Some(y)) => format!("{a} · {y}"),
                (Some(a), None) => a.clone(),
                _ => d.path.clone(),
            },
            path: d.path.clone(),
        })
        .collect();
    let values: Vec<_> = docs.iter().filter_map(corpus_data::values).collect();
    let (note, rows) = match values.as_slice() {
        [(ta, a), (tb, b)] if ta == tb => {
            let rows = gongkai_store::cells::table_keys(*ta)
                .iter()
                .zip(a.iter().zip(b))
                .map(|(key, (x, y))| CompareRow {
                    key,
                    a: value_text(x),
                    b: value_text(y),
                    difference: difference(x, y).unwrap_or_default(),
                    differs: x != y,
                })
                .collect::<Vec<_>>();
            (None, rows)
        }
        [_, _] => (Some(c.compare_templates), Vec::new()),
        _ => (Some(c.compare_needs_two), Vec::new()),
    };
    let n = rows.iter().filter(|r| r.differs).count();
    let differ = match lang {
        Lang::Zh => format!("{n} {}", c.differ),
        Lang::En => format!("{n} {}", c.differ),
    };
    let rows = if only_different {
        rows.into_iter().filter(|r| r.differs).collect()
    } else {
        rows
    };
    let mut pairs: Vec<(&str, String)> = ids.iter().map(|i| ("id", i.to_string())).collect();
    pairs.push(("lang", code.to_string()));
    let toggle = if only_different {
        (format!("/corpus/compare?{}", query(&pairs)), c.any)
    } else {
        pairs.push(("diff", "1".to_string()));
        (
            format!("/corpus/compare?{}", query(&pairs)),
            c.only_different,
        )
    };
    let page = ComparePage {
        layout: layout(lang, c.compare_title, "/corpus/compare", &params)
            .signed_in(lang, reader.session.as_ref()),
        w: words::words(lang),
        c,
        lang: code,
        sides,
        note,
        rows,
        differ,
        toggle,
    };
    html(StatusCode::OK, page.render(), chosen)
}

impl Doc {
    /// This reading under another document's id (a copy shows its original's cells).
    fn clone_with_id(&self, id: i64) -> Doc {
        let mut d = self.clone();
        d.id = id;
        d
    }
}

// ---------------------------------------------------------------------------------------------
// The roll-up
// ---------------------------------------------------------------------------------------------

/// The roll-up's scope and name from the query.
fn rollup_scope(params: &[(String, String)], lang: Lang) -> (Scope, String) {
    let scope = Scope {
        parent: param(params, "parent").map(str::to_string),
        region: param(params, "region").map(str::to_string),
        year: param(params, "year").and_then(|y| y.parse().ok()),
    };
    let name = param(params, "name")
        .unwrap_or(corpus_words(lang).rollup_default_name)
        .to_string();
    (scope, name)
}

fn scope_pairs(scope: &Scope, name: &str) -> Vec<(&'static str, String)> {
    vec![
        ("name", name.to_string()),
        (
            "year",
            scope.year.map(|y| y.to_string()).unwrap_or_default(),
        ),
        ("parent", scope.parent.clone().unwrap_or_default()),
        ("region", scope.region.clone().unwrap_or_default()),
    ]
}

/// Marks nothing: the roll-up has no findings on its cells.
struct NoMarks;

impl Annotate for NoMarks {
    fn mark(&self, _cell: &GridCell) -> Option<CellMark> {
        None
    }
    fn after_table(&self, _grid: &Grid) -> String {
        String::new()
    }
}

/// A roll-up download link.
pub struct DownloadView {
    /// Where.
    pub href: String,
    /// What.
    pub label: &'static str,
}

/// `/corpus/rollup`.
#[derive(Template)]
#[template(path = "corpus_rollup.html")]
pub struct RollupPage {
    /// Around the content.
    pub layout: Layout,
    /// The words.
    pub w: &'static Words,
    /// The corpus words.
    pub c: &'static CorpusWords,
    /// The language code.
    pub lang: &'static str,
    /// The roll-up's name as given.
    pub name: String,
    /// The year as given.
    pub year: Option<i32>,
    /// The parent as given.
    pub parent: String,
    /// The region as given.
    pub region: String,
    /// The years with reports, and whether each is chosen.
    pub years: Vec<(i32, bool)>,
    /// Why there is no roll-up.
    pub refused: Option<String>,
    /// Warnings of the roll-up (different years…).
    pub warnings: Vec<String>,
    /// The inputs: name and its page.
    pub inputs: Vec<(String, String)>,
    /// Uncertain cells: key, partial sum, the inputs without a number.
    pub uncertain: Vec<(String, String, String)>,
    /// The downloads.
    pub downloads: Vec<DownloadView>,
    /// The roll-up in the template.
    pub article: String,
    /// Identities of the roll-up that fail, in words.
    pub mismatches: Vec<String>,
}

/// `GET /corpus/rollup`: the form and, once asked, the roll-up.
pub async fn rollup_page(
    reader: crate::auth::CorpusReader,
    State(state): State<AppState>,
    Query(params): Params,
    headers: HeaderMap,
) -> Response {
    let chosen = chosen(&params, &headers);
    let lang = chosen.lang;
    let corpus = match corpus_of(&state, lang) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let (scope, name) = rollup_scope(&params, lang);
    let asked = param(&params, "go").is_some() || scope.year.is_some();
    let s = scope.clone();
    let n = name.clone();
    let data = read(corpus, lang, move |corpus| {
        corpus.read(|conn| {
            let years = corpus_data::years(conn)?;
            let ids = corpus_data::current_ids(conn)?;
            let rolled = asked.then(|| gongkai_store::rollup::rollup_from_db(conn, &s, &n));
            Ok((years, ids, rolled))
        })
    })
    .await;
    let (years, ids, rolled) = match data {
        Ok(d) => d,
        Err(r) => return r,
    };
    let c = corpus_words(lang);
    let code = words::code(lang);
    let mut page = RollupPage {
        layout: layout(lang, c.rollup_title, "/corpus/rollup", &params)
            .signed_in(lang, reader.session.as_ref()),
        w: words::words(lang),
        c,
        lang: code,
        name: name.clone(),
        year: scope.year,
        parent: scope.parent.clone().unwrap_or_default(),
        region: scope.region.clone().unwrap_or_default(),
        years: years.iter().map(|&y| (y, scope.year == Some(y))).collect(),
        refused: None,
        warnings: Vec::new(),
        inputs: Vec::new(),
        uncertain: Vec::new(),
        downloads: Vec::new(),
        article: String::new(),
        mismatches: Vec::new(),
    };
    match rolled {
        None => {}
        Some(Err(e)) => page.refused = Some(e.message(lang)),
        Some(Ok(rollup)) => fill_rollup(&mut page, &rollup, &scope, &name, &ids, lang),
    }
    html(StatusCode::OK, page.render(), chosen)
}

fn fill_rollup(
    page: &mut RollupPage,
    rollup: &Rollup,
    scope: &Scope,
    name: &str,
    ids: &std::collections::BTreeMap<String, i64>,
    lang: Lang,
) {
    let code = words::code(lang);
    page.warnings = rollup
        .warnings
        .iter()
        .map(|t| t.get(lang).to_string())
        .collect();
    page.inputs = rollup
        .inputs
        .iter()
        .map(|(n, path)| {
            let href = ids
                .get(path)
                .map(|id| format!("/corpus/doc/{id}?lang={code}"))
                .unwrap_or_default();
            (format!("{n}（{path}）"), href)
        })
        .collect();
    page.uncertain = rollup
        .cells
        .iter()
        .filter_map(|cell| match &cell.value {
            Rolled::Uncertain { partial, inputs } => Some((
                cell.key.to_string(),
                partial.clone(),
                inputs
                    .iter()
                    .map(|i| format!("{} {}", i.input, i.holds))
                    .collect::<Vec<_>>()
                    .join("；"),
            )),
            _ => None,
        })
        .collect();
    let base = query(&scope_pairs(scope, name));
    page.downloads = ["toml", "docx", "json"]
        .into_iter()
        .zip(page.c.rollup_downloads)
        .map(|(format, label)| DownloadView {
            href: format!("/corpus/rollup/download?{base}&format={format}"),
            label,
        })
        .collect();
    let report = rollup.report();
    page.article = gongkai_render::html::article(&gongkai_render::page::page(&report), 3, &NoMarks);
    page.mismatches = gongkai_model::check_identities(&report)
        .iter()
        .filter_map(|check| match check.outcome {
            gongkai_model::Outcome::Mismatch { lhs, rhs, .. } => Some(format!(
                "{:?} · {}：{lhs} ≠ {rhs}",
                check.identity,
                check.scope.get(lang)
            )),
            _ => None,
        })
        .collect();
}

/// `GET /corpus/rollup/download?…&format=toml|docx|json`: the roll-up as a file.
pub async fn rollup_download(
    _reader: crate::auth::CorpusReader,
    State(state): State<AppState>,
    Query(params): Params,
    headers: HeaderMap,
) -> Response {
    let lang = chosen(&params, &headers).lang;
    let corpus = match corpus_of(&state, lang) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let (scope, name) = rollup_scope(&params, lang);
    let format = param(&params, "format").unwrap_or("toml").to_string();
    let n = name.clone();
    let rolled = read(corpus, lang, move |corpus| {
        corpus.read(|conn| gongkai_store::rollup::rollup_from_db(conn, &scope, &n))
    })
    .await;
    let rollup = match rolled {
        Ok(r) => r,
        Err(r) => return r,
    };
    let (bytes, content_type, ext) = match format.as_str() {
        "docx" => (
            gongkai_render::docx(&rollup.report()),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
        ),
        "json" => {
            let mut text = serde_json::to_string_pretty(&rollup).unwrap_or_default();
            text.push('\n');
            (text.into_bytes(), "application/json", "json")
        }
        _ => (
            rollup.authoring_file().into_bytes(),
            "application/toml; charset=utf-8",
            "toml",
        ),
    };
    let file = match rollup.year {
        Some(y) => format!("rollup-{y}.{ext}"),
        None => format!("rollup.{ext}"),
    };
    let mut res = Response::new(Body::from(bytes));
    let h = res.headers_mut();
    h.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{file}\"")) {
        h.insert(CONTENT_DISPOSITION, v);
    }
    res
}

/// `GET /corpus/card?agency=NAME` or `?region=CODE`: the store's agency or region card (series
/// over the years, outcome shares, reviews and litigation, peer position with its interval), the
/// page `gongkai card` writes, served with [`crate::headers::CARD_CSP`].
pub async fn card_page(
    _reader: crate::auth::CorpusReader,
    State(state): State<AppState>,
    Query(params): Params,
    headers: HeaderMap,
) -> Response {
    let lang = chosen(&params, &headers).lang;
    let corpus = match corpus_of(&state, lang) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let agency = param(&params, "agency").map(str::to_string);
    let region = param(&params, "region").map(str::to_string);
    if agency.is_none() && region.is_none() {
        return message(
            lang,
            StatusCode::BAD_REQUEST,
            if lang == Lang::En {
                "Name a body (?agency=) or a region code (?region=)."
            } else {
                "请指定机关（?agency=）或行政区划代码（?region=）。"
            },
        );
    }
    let job = tokio::task::spawn_blocking(move || {
        corpus.read(|conn| {
            let min = gongkai_store::stats::MIN_COUNT;
            match (&agency, &region) {
                (Some(a), _) => gongkai_store::card::agency_card(conn, a, min),
                (None, Some(r)) => gongkai_store::card::region_card(conn, r, min),
                (None, None) => unreachable!("checked above"),
            }
        })
    });
    match job.await {
        Ok(Ok(page)) => {
            let mut res = axum::response::IntoResponse::into_response(axum::response::Html(page));
            res.headers_mut().insert(
                axum::http::header::CONTENT_SECURITY_POLICY,
                axum::http::HeaderValue::from_static(crate::headers::CARD_CSP),
            );
            res
        }
        Ok(Err(gongkai_store::Error::Refused(why))) => {
            message(lang, StatusCode::NOT_FOUND, why.get(lang))
        }
        Ok(Err(e)) => message(
            lang,
            StatusCode::INTERNAL_SERVER_ERROR,
            &format!("{}：{}", corpus_words(lang).db_error, e.message(lang)),
        ),
        Err(_) => crate::pages::failure(&crate::failure::Failure::Internal, lang),
    }
}
