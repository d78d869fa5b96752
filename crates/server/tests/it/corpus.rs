//! The corpus screens through the router, over a synthetic store: the summary with each filter
//! and order, a report's page (read again, or from what was stored), two reports side by side,
//! the roll-up and its downloads, the language switch, and a server without a corpus.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use axum::http::StatusCode;
use gongkai_server::corpus_data::Corpus;
use gongkai_server::{AppState, Limits, app};
use gongkai_store::synthetic::{Kind, Layout, agency_year, file};

use crate::app::{assert_no_inline, assert_secure};
use crate::{Answer, get, send, send_to};

/// A temporary folder holding a synthetic corpus and its database, removed when dropped.
pub struct Store {
    /// The folder.
    pub dir: PathBuf,
    /// The database.
    pub db: PathBuf,
}

impl Drop for Store {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The synthetic report `n` (see `gongkai_store::synthetic`) one year later: the same body.
pub const NEXT_YEAR: u64 = 144;

/// The files of the test corpus: (path, report number, layout, kind).
pub const FILES: &[(&str, u64, Layout, Kind)] = &[
    ("2019/gov.txt", 0, Layout::Text, Kind::Clean),
    ("2019/gov-corrected.md", 0, Layout::Markdown, Kind::Clean),
    ("2019/market.txt", 1, Layout::Text, Kind::Clean),
    ("2019/health.html", 2, Layout::Html, Kind::Broken),
    ("2019/education.docx", 3, Layout::Docx, Kind::Clean),
    ("2019/notice.txt", 4, Layout::Text, Kind::NotAReport),
    ("2020/gov.txt", NEXT_YEAR, Layout::Text, Kind::Clean),
    (
        "2020/market.md",
        NEXT_YEAR + 1,
        Layout::Markdown,
        Kind::Clean,
    ),
];

impl Store {
    /// Writes the corpus of [`FILES`] and ingests it.
    pub fn new(name: &str) -> Store {
        static N: AtomicU32 = AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "gongkai-server-{name}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        for (path, n, layout, kind) in FILES {
            let p = dir.join("in").join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, file(*n, *layout, *kind)).unwrap();
        }
        let db = dir.join("corpus.db");
        gongkai_store::ingest(
            &db,
            &[dir.join("in")],
            &gongkai_store::Options::default(),
            &mut |_| {},
        )
        .unwrap();
        Store { dir, db }
    }

    /// A router serving this corpus.
    pub fn app(&self) -> axum::Router {
        app(AppState::new(Limits::default()).with_corpus(Corpus::open(&self.db).unwrap()))
    }

    /// The id of the document now at `path` (below `in/`).
    pub fn id(&self, path: &str) -> i64 {
        let conn = rusqlite::Connection::open(&self.db).unwrap();
        conn.query_row(
            "SELECT id FROM documents WHERE path = ?1 AND current = 1",
            [format!("in/{path}")],
            |r| r.get(0),
        )
        .unwrap()
    }

    /// Answers a GET.
    pub async fn get(&self, uri: &str) -> Answer {
        send_to(self.app(), get(uri)).await
    }
}

/// The summary table's body rows, as the paths they name, in order.
fn row_paths(html: &str) -> Vec<String> {
    let Some(body) = html.split("<tbody>").nth(1) else {
        return Vec::new();
    };
    let body = body.split("</tbody>").next().unwrap_or("");
    body.split("<tr")
        .skip(1)
        .filter_map(|row| {
            let th = row.split("<th scope=\"row\">").nth(1)?;
            let start = th.find("in/").or_else(|| th.find("uploads/"))?;
            let rest = &th[start..];
            let end = rest.find(['<', ' ']).unwrap_or(rest.len());
            Some(rest[..end].to_string())
        })
        .collect()
}

#[tokio::test]
async fn the_summary_lists_every_file_with_links_and_is_accessible() {
    let s = Store::new("summary");
    let a = s.get("/corpus").await;
    assert_eq!(a.status, StatusCode::OK);
    assert_secure(&a);
    assert_no_inline(&a.text);
    assert!(a.text.contains("<html lang=\"zh-CN\">"));
    assert!(a.text.contains("语料库：报告汇总表"));
    let mut expected: Vec<String> = FILES.iter().map(|f| format!("in/{}", f.0)).collect();
    expected.sort();
    assert_eq!(row_paths(&a.text), expected);
    let gov = s.id("2019/gov.txt");
    assert!(
        a.text
            .contains(&format!("href=\"/corpus/doc/{gov}?lang=zh\""))
    );
    // Every form field has its label; the sorted column says so to screen readers.
    for id in ["q", "year", "status", "late", "errors", "missing"] {
        assert!(a.text.contains(&format!("<label for=\"{id}\">")), "{id}");
    }
    assert!(a.text.contains("aria-sort=\"ascending\""));
    assert!(a.text.contains("非报告"), "the notice's status in words");
    assert!(a.text.contains("共 8 个文件，显示 8 个"));
}

#[tokio::test]
async fn the_summary_filters_by_query_parameters() {
    let s = Store::new("filters");
    // Late: departments dated after 31 January (the synthetic dates run January to March).
    let late = s.get("/corpus?late=1").await;
    let rows = row_paths(&late.text);
    assert!(!rows.is_empty() && rows.len() < FILES.len(), "{rows:?}");
    let body = late.text.split("<tbody>").nth(1).unwrap();
    assert_eq!(
        body.matches("<td class=\"timeliness\">逾期</td>").count(),
        rows.len()
    );
    assert!(
        late.text
            .contains("name=\"late\" type=\"checkbox\" value=\"1\" checked")
    );
    // Errors: the broken report, and the notice (not a report is an error).
    let errors = s.get("/corpus?errors=1").await;
    assert_eq!(
        row_paths(&errors.text),
        ["in/2019/health.html", "in/2019/notice.txt"]
    );
    // Status, year and text.
    let notices = s.get("/corpus?status=not-a-report").await;
    assert_eq!(row_paths(&notices.text), ["in/2019/notice.txt"]);
    let y2020 = s.get("/corpus?year=2020").await;
    assert_eq!(
        row_paths(&y2020.text),
        ["in/2020/gov.txt", "in/2020/market.md"]
    );
    let (agency, _) = agency_year(3);
    let q = s
        .get(&format!(
            "/corpus?q={}",
            gongkai_server::corpus::encode(&agency)
        ))
        .await;
    assert_eq!(row_paths(&q.text), ["in/2019/education.docx"]);
    // Nothing matches: said in words.
    let none = s.get("/corpus?q=nothing-like-this").await;
    assert!(none.text.contains("没有符合条件的文件。"));
    // An unknown status or a bad year is ignored, not an error.
    let odd = s.get("/corpus?status=odd&year=x&sort=nonsense").await;
    assert_eq!(odd.status, StatusCode::OK);
    assert_eq!(row_paths(&odd.text).len(), FILES.len());
}

#[tokio::test]
async fn the_summary_sorts_by_a_column_and_reverses() {
    let s = Store::new("sort");
    let a = s.get("/corpus?sort=errors&desc=1").await;
    let rows = row_paths(&a.text);
    assert_eq!(rows[0], "in/2019/health.html");
    assert!(a.text.contains("aria-sort=\"descending\""));
    // The header of the sorted column reverses it; the filters are kept in its link.
    let b = s.get("/corpus?sort=year&late=1").await;
    assert!(
        b.text
            .contains("href=\"/corpus?late=1&#38;sort=year&#38;desc=1&#38;lang=zh\""),
        "{}",
        b.text
    );
    let years = s.get("/corpus?sort=year&desc=1").await;
    assert!(row_paths(&years.text)[0].starts_with("in/2020/"));
}

#[tokio::test]
async fn missing_agencies_come_from_the_register() {
    let s = Store::new("missing");
    // Without a register, or without a year, the page says what is needed.
    let a = s.get("/corpus?missing=1").await;
    assert!(a.text.contains("请先选择年度"));
    let a = s.get("/corpus?missing=1&year=2019").await;
    assert!(a.text.contains("还没有导入机关名册"));
    let (gov, _) = agency_year(0);
    let (absent, _) = agency_year(7);
    let register = format!("name,credit_code,kind\n{gov},C0,government\n{absent},C7,department\n");
    let agencies = gongkai_store::agency::parse_register(register.as_bytes()).unwrap();
    let mut conn = gongkai_store::schema::open_existing(&s.db).unwrap();
    gongkai_store::agency::import(&mut conn, &agencies).unwrap();
    drop(conn);
    let a = s.get("/corpus?missing=1&year=2019").await;
    assert!(a.text.contains("名册中没有报告的机关"));
    assert!(
        a.text.contains(&format!("<li>{absent}（C7）</li>")),
        "{}",
        a.text
    );
    // The government has two reports that year (the corrected one too).
    assert!(a.text.contains("名册中有多份报告的机关"));
}

#[tokio::test]
async fn a_report_page_shows_the_report_in_the_template_with_its_findings() {
    let s = Store::new("report");
    let id = s.id("2019/health.html");
    let a = s.get(&format!("/corpus/doc/{id}")).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_no_inline(&a.text);
    let (agency, _) = agency_year(2);
    assert!(a.text.contains(&format!("<h1>报告：{agency} · 2019</h1>")));
    assert!(a.text.contains("<article class=\"report\""), "read again");
    // The broken total carries its finding on its cell.
    assert!(a.text.contains("class=\"finding error"), "{}", a.text);
    assert!(a.text.contains("in/2019/health.html"));
    assert!(a.text.contains("按时") || a.text.contains("逾期"));
    // Versions: the government's corrected report is its second version, and each links to
    // the comparison; last year's report is linked from the next year's.
    let gov = s.id("2019/gov.txt");
    let corrected = s.id("2019/gov-corrected.md");
    let v = s.get(&format!("/corpus/doc/{corrected}")).await;
    assert!(v.text.contains("同一机关同一年度的各版本"));
    assert!(
        v.text
            .contains(&format!("/corpus/compare?id={gov}&#38;id={corrected}"))
    );
    let next = s.id("2020/gov.txt");
    let n = s.get(&format!("/corpus/doc/{next}")).await;
    assert!(n.text.contains("与上一年度报告对比"), "{}", n.text);
    // English.
    let en = s.get(&format!("/corpus/doc/{id}?lang=en")).await;
    assert!(en.text.contains("<html lang=\"en\">"));
    assert!(
        en.text
            .contains(&format!("<h1>Report: {agency} · 2019</h1>"))
    );
    // No such document.
    let none = s.get("/corpus/doc/999999").await;
    assert_eq!(none.status, StatusCode::NOT_FOUND);
    assert!(none.text.contains("语料库中没有这份文件。"));
}

#[tokio::test]
async fn a_report_whose_file_is_gone_shows_what_was_stored() {
    let s = Store::new("gone");
    let id = s.id("2019/health.html");
    std::fs::remove_file(s.dir.join("in/2019/health.html")).unwrap();
    let a = s.get(&format!("/corpus/doc/{id}")).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.text.contains("原文件已不在入库时的位置"));
    assert!(a.text.contains("<code>requests.total.total</code>"));
    assert!(a.text.contains("class=\"finding error\""));
    // Changed content at the same place is not shown as the stored report.
    let gov = s.id("2019/gov.txt");
    std::fs::write(s.dir.join("in/2019/gov.txt"), "something else").unwrap();
    let b = s.get(&format!("/corpus/doc/{gov}")).await;
    assert!(b.text.contains("原位置的文件内容已经改变"));
}

#[tokio::test]
async fn two_reports_are_compared_cell_by_cell() {
    let s = Store::new("compare");
    let (a, b) = (s.id("2019/gov.txt"), s.id("2020/gov.txt"));
    let page = s.get(&format!("/corpus/compare?id={a}&id={b}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_no_inline(&page.text);
    assert!(page.text.contains("两份报告对比"));
    let differs = page.text.matches("<tr class=\"differs\">").count();
    assert!(differs > 0, "two years of synthetic numbers differ");
    assert!(page.text.contains(&format!("{differs} 个单元格不同")));
    // A difference is right minus left, signed.
    assert!(page.text.contains("<td class=\"num\">+") || page.text.contains("<td class=\"num\">-"));
    let only = s
        .get(&format!("/corpus/compare?id={a}&id={b}&diff=1"))
        .await;
    assert_eq!(only.text.matches("<tr").count() - 1, differs);
    // One report, or different templates: said so.
    let one = s.get(&format!("/corpus/compare?id={a}")).await;
    assert!(one.text.contains("请选择两份报告"));
    let notice = s.id("2019/notice.txt");
    let mixed = s.get(&format!("/corpus/compare?id={a}&id={notice}")).await;
    assert!(mixed.text.contains("请选择两份报告") || mixed.text.contains("不同的模板"));
}

#[tokio::test]
async fn the_rollup_is_shown_in_the_template_and_downloads() {
    let s = Store::new("rollup");
    let form = s.get("/corpus/rollup").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        !form.text.contains("<article"),
        "nothing rolled up before asking"
    );
    let a = s
        .get("/corpus/rollup?year=2019&name=%E9%9D%92%E7%A6%BE%E5%8E%BF")
        .await;
    assert_eq!(a.status, StatusCode::OK);
    assert_no_inline(&a.text);
    assert!(a.text.contains("<article class=\"report\""));
    assert!(a.text.contains("参与汇总的报告（4）"), "{}", a.text);
    let toml = s
        .get("/corpus/rollup/download?year=2019&name=%E9%9D%92%E7%A6%BE%E5%8E%BF&format=toml")
        .await;
    assert_eq!(toml.status, StatusCode::OK);
    assert!(
        toml.header("content-disposition")
            .contains("rollup-2019.toml")
    );
    assert!(toml.text.contains("agency = \"青禾县\""), "{}", toml.text);
    assert!(toml.text.contains("[cells]"));
    let docx = send_to(
        s.app(),
        get("/corpus/rollup/download?year=2019&format=docx"),
    )
    .await;
    assert!(docx.text.starts_with("PK"));
    let json = s.get("/corpus/rollup/download?year=2019&format=json").await;
    let v: serde_json::Value = serde_json::from_str(&json.text).unwrap();
    assert_eq!(v["year"], 2019);
    // Inputs of two templates are refused with a clear message.
    let mixed = s.get("/corpus/rollup?go=1").await;
    assert_eq!(mixed.status, StatusCode::OK);
}

#[tokio::test]
async fn english_is_a_switch_on_every_corpus_page() {
    let s = Store::new("english");
    let a = s.get("/corpus?late=1&lang=en").await;
    assert!(a.text.contains("<html lang=\"en\">"));
    assert!(a.text.contains("Corpus: summary of the reports"));
    assert!(a.header("set-cookie").starts_with("lang=en"));
    // The switch leads to the same page, filters kept, in Chinese.
    assert!(
        a.text.contains("href=\"/corpus?late=1&#38;lang=zh\""),
        "{}",
        a.text
    );
}

#[tokio::test]
async fn without_a_corpus_the_pages_say_how_to_serve_one() {
    let a = send(Limits::default(), get("/corpus")).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert!(a.text.contains("gongkai serve --corpus"));
    let b = send(Limits::default(), get("/corpus/doc/1?lang=en")).await;
    assert!(b.text.contains("This server has no corpus"));
}

#[tokio::test]
async fn an_upload_added_to_the_corpus_is_kept_and_shown() {
    let s = Store::new("add");
    let corpus = Corpus::open(&s.db).unwrap();
    let bytes = file(5, Layout::Text, Kind::Clean);
    let id = corpus.add("../../etc/年报.txt", &bytes).unwrap();
    // Kept under uploads/ beside the database, whatever the name said.
    let kept: Vec<_> = walk(&s.dir.join(gongkai_server::corpus_data::UPLOADS));
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(kept[0].ends_with("年报.txt"));
    assert_eq!(std::fs::read(&kept[0]).unwrap(), bytes);
    // The same upload again changes nothing.
    assert_eq!(corpus.add("年报.txt", &bytes).unwrap(), id);
    let router = app(AppState::new(Limits::default()).with_corpus(corpus));
    let page = send_to(router, get(&format!("/corpus/doc/{id}"))).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("<article class=\"report\""));
    let summary = s.get("/corpus").await;
    assert_eq!(row_paths(&summary.text).len(), FILES.len() + 1);
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[tokio::test]
async fn with_accounts_every_corpus_route_needs_a_signed_in_user() {
    let s = Store::new("guarded");
    let (state, _) = crate::auth::setup("corpus-guard");
    let state = state.with_corpus(Corpus::open(&s.db).unwrap());
    let gov = s.id(FILES[0].0);
    let routes = [
        "/corpus".to_string(),
        format!("/corpus/doc/{gov}"),
        format!("/corpus/compare?id={gov}&id={gov}"),
        "/corpus/rollup?year=2020&name=x".to_string(),
        "/corpus/rollup/download?year=2020&name=x&as=json".to_string(),
        "/corpus/card?agency=x".to_string(),
    ];
    for uri in &routes {
        let a = crate::auth::send(&state, get(uri)).await;
        assert_eq!(a.status, StatusCode::SEE_OTHER, "{uri} without a session");
        assert!(
            a.header("location").starts_with("/login?next=/corpus"),
            "{uri}: {}",
            a.header("location")
        );
    }
    // Any role reads the corpus once signed in (published reports, one deployment).
    let c = crate::auth::sign_in(&state, "read-only").await;
    let a = crate::auth::send(
        &state,
        axum::http::Request::get("/corpus")
            .header("cookie", &c.cookie)
            .body(axum::body::Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert!(a.text.contains(&format!("/corpus/doc/{gov}")), "{}", a.text);
}

#[tokio::test]
async fn the_agency_card_is_served_with_its_own_strict_policy() {
    let s = Store::new("card");
    let (gov, _) = agency_year(0);
    let a = s
        .get(&format!(
            "/corpus/card?agency={}",
            gongkai_server::corpus::encode(&gov)
        ))
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert!(
        a.text.contains(&gov) && a.text.contains("<svg"),
        "{}",
        a.text
    );
    assert!(!a.text.contains("<script"), "{}", a.text);
    assert_eq!(
        a.header("content-security-policy"),
        gongkai_server::headers::CARD_CSP
    );
    // Every other page keeps the site's policy.
    assert_eq!(
        s.get("/corpus").await.header("content-security-policy"),
        gongkai_server::headers::CSP
    );
    let none = s.get("/corpus/card?agency=nobody-at-all").await;
    assert_eq!(none.status, StatusCode::NOT_FOUND, "{}", none.text);
    assert!(none.text.contains("nobody-at-all"), "{}", none.text);
    let bare = s.get("/corpus/card").await;
    assert_eq!(bare.status, StatusCode::BAD_REQUEST);
    // A report's page links to its body's card.
    let page = s.get(&format!("/corpus/doc/{}", s.id(FILES[0].0))).await;
    assert!(
        page.text.contains(&format!(
            "href=\"/corpus/card?agency={}\"",
            gongkai_server::corpus::encode(&gov)
        )),
        "{}",
        page.text
    );
}
