//! The pages in a real browser: Debian's `chromium` driven through `chromedriver`, both started
//! by the test, against the app on a free loopback port. Upload a report with a broken identity
//! and read the finding on its cell; switch to English; the same with JavaScript disabled; an
//! oversized upload shows the 413 page and the server carries on. Screenshots of the main pages
//! are written to `target/screenshots/web/` for review.

use std::path::{Path, PathBuf};
use std::time::Duration;

use gongkai_server::{AppState, Limits};
use serde_json::json;

use crate::webdriver::{Driver, Session};
use crate::{require, root};

/// The first of `names` found on the `PATH`.
fn program(names: &[&str]) -> Option<String> {
    let path = std::env::var_os("PATH")?;
    names.iter().find_map(|n| {
        std::env::split_paths(&path)
            .map(|d| d.join(n))
            .find(|p| p.is_file())
            .map(|p| p.to_string_lossy().into_owned())
    })
}

/// Serves `state` on a free loopback port (in a thread that lives as long as the test binary);
/// the browser tests' one way to start a server.
pub fn start(state: AppState) -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let served = gongkai_server::serve("127.0.0.1:0", state, |addr| {
            let _ = tx.send(addr);
        });
        if let Err(e) = served {
            eprintln!("server stopped: {e}");
        }
    });
    let addr = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("the server binds");
    format!("http://{addr}")
}

/// Chromium and its driver, found on the `PATH`; `None` (the test says it is skipped, or fails
/// under `GONGKAI_REQUIRE_ALL=1`) when either is missing.
pub fn browsers() -> Option<(String, String)> {
    let found = program(&["chromium", "chromium-browser"]).zip(program(&["chromedriver"]));
    if found.is_none() {
        require(
            "chromium and chromium-driver (apt-get install chromium chromium-driver)",
            false,
        );
    }
    found
}

/// Where screenshots go: `target/screenshots/web/`.
pub fn shots() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("..")
        .join("screenshots")
        .join("web");
    std::fs::create_dir_all(&dir).expect("the screenshot folder can be made");
    dir
}

/// The flags Chromium runs with, and a fresh profile folder.
pub fn chromium_args(profile: &Path) -> Vec<String> {
    let mut args: Vec<String> = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,900",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.push(format!("--user-data-dir={}", profile.display()));
    args
}

/// A fresh, empty folder under the target's temporary folder.
pub fn fresh(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("browser-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    dir
}

pub fn save(session: &Session, name: &str) {
    let png = session.screenshot().expect("a screenshot");
    assert!(png.starts_with(b"\x89PNG"), "{name} is a PNG");
    std::fs::write(shots().join(name), png).expect("the screenshot is written");
}

/// Uploads `file` with the form of the current page and waits for the result.
fn upload(s: &Session, file: &Path, wait_for: &str) {
    let input = s.find("#file").expect("the file input");
    let file = file.canonicalize().expect("the file exists");
    s.send_keys(&input, &file.to_string_lossy())
        .expect("the file is chosen");
    let button = s.find("form.upload button").expect("the button");
    s.click(&button).expect("the form is sent");
    s.wait_for(wait_for, 60).expect("the answer page");
}

#[test]
fn the_check_page_in_a_real_browser() {
    let Some((chromium, chromedriver)) = crate::browser::browsers() else {
        return;
    };
    let limits = Limits {
        max_upload: 1024 * 1024,
        ..Limits::default()
    };
    let base = start(AppState::new(limits));
    let driver = Driver::start(&chromedriver).expect("chromedriver starts");
    let report = root().join("examples/error-outcome-total.txt");
    let downloads = fresh("downloads");
    let profile = fresh("profile");
    {
        let prefs = json!({
            "download.default_directory": downloads.to_string_lossy(),
            "download.prompt_for_download": false
        });
        let s = driver
            .session(&chromium, &chromium_args(&profile), prefs)
            .expect("a browser session");
        chinese_first(&s, &base, &report, &downloads);
        english(&s, &base, &report);
        too_large(&s, &base);
        pdf(&s, &base);
    }
    let profile = fresh("profile-nojs");
    let prefs = json!({ "profile.managed_default_content_settings.javascript": 2 });
    let s = driver
        .session(&chromium, &chromium_args(&profile), prefs)
        .expect("a browser session without JavaScript");
    without_javascript(&s, &base, &report);
}

/// The upload page in Chinese; the broken total is marked on its cell with its finding; the
/// cell's number leads to the finding; a download saves the cells.
fn chinese_first(s: &Session, base: &str, report: &Path, downloads: &Path) {
    s.goto(&format!("{base}/")).unwrap();
    let html = s.find("html").unwrap();
    assert_eq!(s.attr(&html, "lang").unwrap(), "zh-CN");
    let label = s.find("label[for=file]").unwrap();
    assert_eq!(s.text(&label).unwrap(), "报告文件");
    save(s, "index.png");
    upload(s, report, "#cell-1");
    assert!(s.url().unwrap().ends_with("/check?lang=zh"));
    let cell = s.find("#cell-1").unwrap();
    assert_eq!(s.attr(&cell, "class").unwrap(), "finding error");
    assert!(s.text(&cell).unwrap().starts_with("16"));
    let message = s.find("#f-1 .message").unwrap();
    assert!(
        s.text(&message)
            .unwrap()
            .contains("总计为 16，六类申请人之和为 18")
    );
    let place = s.find("#f-1 .place").unwrap();
    assert!(s.text(&place).unwrap().contains("第 29 行第 32 列"));
    // The identities table says I3 fails once.
    let rows = s.find_all(".identities tbody tr.fails").unwrap();
    assert_eq!(rows.len(), 2);
    save(s, "result.png");
    let pdf = s.print().expect("the page prints");
    assert!(pdf.starts_with(b"%PDF"));
    std::fs::write(shots().join("result-print.pdf"), pdf).unwrap();
    // The number in the cell is a link to the finding.
    let mark = s.find("#cell-1 a.mark").unwrap();
    s.click(&mark).unwrap();
    assert!(s.url().unwrap().ends_with("#f-1"), "{}", s.url().unwrap());
    // A download (a data: link) saves exactly the cells of the command line.
    let link = s
        .find("a[download='error-outcome-total.cells.tsv']")
        .unwrap();
    s.click(&link).unwrap();
    let saved = downloads.join("error-outcome-total.cells.tsv");
    let mut waited = 0;
    while !saved.is_file() && waited < 100 {
        std::thread::sleep(Duration::from_millis(100));
        waited += 1;
    }
    let got = std::fs::read_to_string(&saved).expect("the download is saved");
    let want =
        std::fs::read_to_string(root().join("examples/error-outcome-total.cells.tsv")).unwrap();
    assert_eq!(got, want);
}

/// The language link switches to English, which the next pages keep.
fn english(s: &Session, base: &str, report: &Path) {
    s.goto(&format!("{base}/")).unwrap();
    let switch = s.find("a.lang-switch").unwrap();
    assert_eq!(s.text(&switch).unwrap(), "English");
    s.click(&switch).unwrap();
    let label = s.wait_for("label[for=file]", 30).unwrap();
    assert_eq!(s.text(&label).unwrap(), "Report file");
    s.goto(&format!("{base}/")).unwrap();
    let html = s.find("html").unwrap();
    assert_eq!(s.attr(&html, "lang").unwrap(), "en", "the choice is kept");
    save(s, "index-en.png");
    upload(s, report, "#cell-1");
    let message = s.find("#f-1 .message").unwrap();
    let text = s.text(&message).unwrap();
    assert!(text.contains("sum to 18"), "{text}");
    let place = s.find("#f-1 .place").unwrap();
    assert!(s.text(&place).unwrap().contains("line 29, column 32"));
    save(s, "result-en.png");
    s.goto(&format!("{base}/?lang=zh")).unwrap();
}

/// An upload over the limit gets the 413 page, and the server goes on serving.
fn too_large(s: &Session, base: &str) {
    let dir = fresh("big");
    let big = dir.join("太大的报告.txt");
    std::fs::write(&big, "一".repeat(1024 * 1024)).unwrap();
    s.goto(&format!("{base}/")).unwrap();
    upload(s, &big, "p.message[role=alert]");
    let h1 = s.find("h1").unwrap();
    assert_eq!(s.text(&h1).unwrap(), "文件太大");
    let message = s.find("p.message").unwrap();
    assert!(s.text(&message).unwrap().contains("超过 1 MB 的上限"));
    save(s, "too-large.png");
    s.goto(&format!("{base}/")).unwrap();
    let label = s.find("label[for=file]").unwrap();
    assert_eq!(s.text(&label).unwrap(), "报告文件");
}

/// A real PDF report (from `../shared/corpus`, when it is beside the repository): the broken
/// total of table 四 is marked on its cell, and its place is the PDF's page.
fn pdf(s: &Session, base: &str) {
    let pdf = root().join("../shared/corpus/real/hongze-2023.pdf");
    if !require("../shared/corpus/real/hongze-2023.pdf", pdf.is_file()) {
        return;
    }
    s.goto(&format!("{base}/")).unwrap();
    upload(s, &pdf, ".summary");
    let marked = s.find_all("td.finding.error").unwrap();
    assert_eq!(marked.len(), 2, "the two broken totals of table 四");
    let places = s.find_all("aside.findings li.error .place").unwrap();
    assert!(!places.is_empty());
    for p in places {
        let text = s.text(&p).unwrap();
        assert!(text.starts_with("第 ") && text.contains(" 页"), "{text}");
    }
    save(s, "result-pdf.png");
}

/// With JavaScript off (checked on a page of its own), everything works the same.
fn without_javascript(s: &Session, base: &str, report: &Path) {
    s.goto("data:text/html,<title>js</title><noscript><p id=off>off</p></noscript>")
        .unwrap();
    assert!(s.find("#off").is_ok(), "JavaScript is disabled");
    s.goto(&format!("{base}/")).unwrap();
    upload(s, report, "#cell-1");
    let cell = s.find("#cell-1").unwrap();
    assert_eq!(s.attr(&cell, "class").unwrap(), "finding error");
    let link = s.find("a[download='error-outcome-total.docx']").unwrap();
    assert!(
        s.attr(&link, "href")
            .unwrap()
            .starts_with("data:application/vnd.openxmlformats")
    );
    save(s, "result-nojs.png");
}
