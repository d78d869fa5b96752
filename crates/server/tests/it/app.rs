//! The pages and the API through the router: forms, languages, the result page with findings
//! on their cells, the downloads, the JSON of the command line, unreadable files, 404.

use axum::http::StatusCode;
use base64::Engine as _;
use gongkai_server::Limits;

use crate::{example, get, send, upload};

/// Headers every response carries.
pub(crate) fn assert_secure(a: &crate::Answer) {
    let csp = a.header("content-security-policy");
    assert!(csp.contains("default-src 'self'"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(a.header("x-content-type-options"), "nosniff");
    assert_eq!(a.header("referrer-policy"), "no-referrer");
    assert_eq!(a.header("x-frame-options"), "DENY");
}

/// Nothing a strict CSP would block: no inline script, no style element or attribute.
pub(crate) fn assert_no_inline(html: &str) {
    assert!(!html.contains("<script"), "a page has a script");
    assert!(!html.contains("<style"), "a page has a style element");
    assert!(!html.contains(" style="), "a page has a style attribute");
    let handler = html.match_indices(" on").any(|(i, _)| {
        let rest = &html[i + 3..];
        let name = rest.len()
            - rest
                .trim_start_matches(|c: char| c.is_ascii_lowercase())
                .len();
        name > 0 && rest[name..].starts_with('=')
    });
    assert!(!handler, "a page has an event handler attribute");
}

#[tokio::test]
async fn the_upload_page_is_chinese_first_and_accessible() {
    let a = send(Limits::default(), get("/")).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_secure(&a);
    assert_no_inline(&a.text);
    assert!(a.header("content-type").starts_with("text/html"));
    assert_eq!(a.header("cache-control"), "no-store");
    assert!(a.text.contains("<html lang=\"zh-CN\">"));
    assert!(a.text.contains("enctype=\"multipart/form-data\""));
    assert!(a.text.contains("<label for=\"file\">报告文件</label>"));
    assert!(a.text.contains("id=\"file\" name=\"file\" type=\"file\""));
    assert!(a.text.contains("不超过 50 MB"));
    assert!(a.text.contains("href=\"/?lang=en\""));
    assert!(a.text.contains("/api/check"));
    assert!(a.header("set-cookie").is_empty());
}

#[tokio::test]
async fn english_is_a_switch_and_is_remembered() {
    let a = send(Limits::default(), get("/?lang=en")).await;
    assert!(a.text.contains("<html lang=\"en\">"), "{}", a.text);
    assert!(a.text.contains("Report file"));
    assert!(a.text.contains("action=\"/check?lang=en\""));
    assert!(a.header("set-cookie").starts_with("lang=en;"));
    let req = axum::http::Request::get("/")
        .header("cookie", "theme=x; lang=en")
        .body(axum::body::Body::empty())
        .unwrap();
    let a = send(Limits::default(), req).await;
    assert!(a.text.contains("<html lang=\"en\">"));
    let back = send(Limits::default(), get("/?lang=zh")).await;
    assert!(back.text.contains("<html lang=\"zh-CN\">"));
    assert!(back.header("set-cookie").starts_with("lang=zh;"));
}

#[tokio::test]
async fn the_result_marks_the_broken_cell() {
    let report = example("error-outcome-total.txt");
    let a = send(
        Limits::default(),
        upload("/check", "error-outcome-total.txt", &report),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    assert_secure(&a);
    assert_no_inline(&a.text);
    let t = &a.text;
    // Finding 1 (I2 on the row （一）予以公开) is on the cell holding the stated total 16.
    let cell = t
        .find("id=\"cell-1\"")
        .expect("the cell of finding 1 is marked");
    let td = &t[t[..cell].rfind("<td").unwrap()..];
    let td = &td[..td.find("</td>").unwrap()];
    assert!(td.contains("class=\"finding error\""), "{td}");
    assert!(td.contains(">16<a class=\"mark\" href=\"#f-1\""), "{td}");
    assert!(td.contains("aria-describedby=\"f-1\""), "{td}");
    // The finding itself, beside the table, links back to the cell and names the line.
    let item = &t[t.find("id=\"f-1\"").unwrap()..];
    let item = &item[..item.find("</li>").unwrap()];
    assert!(item.contains("总计为 16，六类申请人之和为 18"), "{item}");
    assert!(item.contains("href=\"#cell-1\""), "{item}");
    assert!(item.contains("第 29 行第 32 列"), "{item}");
    assert!(item.contains("<mark>16</mark>"), "{item}");
    // The other operands of I2 are framed.
    assert!(t.matches("class=\"operand\"").count() >= 6);
    // The identities: I2 and I3 fail once each, with links to their findings.
    assert!(t.contains("I2 · （一）予以公开：16 ≠ 18（相差 -2）"), "{t}");
    assert!(t.contains("<a href=\"#f-2\">I3 · 自然人：17 ≠ 19（相差 -2）</a>"));
    assert!(t.contains("错误 2 个，警告 0 个，提示 0 个。"));
    // Every column width class of the tables is defined by the style sheet.
    let css = send(Limits::default(), get("/static/gongkai.css")).await;
    for part in t.split("<col class=\"").skip(1) {
        let class = &part[..part.find('"').unwrap()];
        assert!(css.text.contains(&format!(".{class} {{")), "{class}");
    }
}

#[tokio::test]
async fn the_result_is_in_english_when_asked() {
    let report = example("error-outcome-total.txt");
    let a = send(
        Limits::default(),
        upload("/check?lang=en", "error-outcome-total.txt", &report),
    )
    .await;
    assert!(a.text.contains("<html lang=\"en\">"));
    assert!(a.text.contains("line 29, column 32"), "{}", a.text);
    assert!(a.text.contains("2 errors, 0 warnings, 0 notes."));
}

/// The `data:` link of a download on the page, decoded.
fn download(page: &str, file: &str) -> Vec<u8> {
    let at = page
        .find(&format!("download=\"{file}\""))
        .expect("the download is offered");
    let start = page[..at].rfind("href=\"data:").unwrap() + "href=\"".len();
    let uri = &page[start..at];
    let uri = &uri[..uri.find('"').unwrap()];
    let b64 = &uri[uri.find(";base64,").unwrap() + ";base64,".len()..];
    base64::engine::general_purpose::STANDARD
        .decode(b64)
        .unwrap()
}

#[tokio::test]
async fn the_downloads_are_the_command_line_outputs() {
    let report = example("error-outcome-total.txt");
    let a = send(
        Limits::default(),
        upload("/check", "error-outcome-total.txt", &report),
    )
    .await;
    let cells = download(&a.text, "error-outcome-total.cells.tsv");
    let truth = example("error-outcome-total.cells.tsv");
    assert_eq!(
        String::from_utf8(cells).unwrap(),
        String::from_utf8(truth).unwrap()
    );
    let docx = download(&a.text, "error-outcome-total.docx");
    assert!(docx.starts_with(b"PK\x03\x04"));
    let html = String::from_utf8(download(&a.text, "error-outcome-total.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("澄溪区卫生健康委员会"));
    let model: serde_json::Value =
        serde_json::from_slice(&download(&a.text, "error-outcome-total.json")).unwrap();
    assert_eq!(model["file"], "error-outcome-total.txt");
    let findings: serde_json::Value =
        serde_json::from_slice(&download(&a.text, "error-outcome-total.check.json")).unwrap();
    assert_eq!(findings.as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn the_check_api_returns_the_findings_array() {
    let report = example("error-outcome-total.txt");
    let a = send(
        Limits::default(),
        upload("/api/check", "error-outcome-total.txt", &report),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    assert_secure(&a);
    assert!(a.header("content-type").starts_with("application/json"));
    assert!(a.text.starts_with("[\n") && a.text.ends_with("]\n"));
    let v: serde_json::Value = serde_json::from_str(&a.text).unwrap();
    let codes: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "request-row-total-mismatch",
            "request-outcome-total-mismatch"
        ]
    );
    assert_eq!(v[0]["file"], "error-outcome-total.txt");
    assert_eq!(v[0]["primary"]["line"], 29);
    assert!(v[0]["message"].as_str().unwrap().contains("总计为 16"));
    let en = send(
        Limits::default(),
        upload("/api/check?lang=en", "error-outcome-total.txt", &report),
    )
    .await;
    let v: serde_json::Value = serde_json::from_str(&en.text).unwrap();
    assert!(
        v[0]["message"].as_str().unwrap().contains("sum to 18"),
        "{}",
        en.text
    );
}

#[tokio::test]
async fn the_extract_api_returns_the_model() {
    let report = example("2021-tabbed.txt");
    let a = send(
        Limits::default(),
        upload("/api/extract", "2021-tabbed.txt", &report),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&a.text).unwrap();
    let truth = String::from_utf8(example("2021-tabbed.cells.tsv")).unwrap();
    let want: Vec<(String, String)> = truth
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once('\t'))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let got: Vec<(String, String)> = v["cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["key"].as_str().unwrap().to_string(),
                c["value"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(got, want);
    assert_eq!(v["report"]["template"], "2021");
}

#[tokio::test]
async fn an_unreadable_file_is_a_finding_not_a_crash() {
    let ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 an old Word file";
    let page = send(Limits::default(), upload("/check", "旧文件.doc", ole)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("无法读取这个文件"), "{}", page.text);
    assert!(page.text.contains("错误：旧文件.doc"));
    assert!(page.text.contains("错误 1 个"));
    let api = send(Limits::default(), upload("/api/check", "旧文件.doc", ole)).await;
    assert_eq!(api.status, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&api.text).unwrap();
    assert_eq!(v[0]["code"], "unreadable-file");
    assert_eq!(v[0]["file"], "旧文件.doc");
    let model = send(Limits::default(), upload("/api/extract", "旧文件.doc", ole)).await;
    assert_eq!(model.status, StatusCode::UNPROCESSABLE_ENTITY);
    let v: serde_json::Value = serde_json::from_str(&model.text).unwrap();
    assert_eq!(v["error"], "unreadable-file");
    assert!(v["message"]["en"].as_str().unwrap().starts_with("error:"));
    // Random bytes and an empty file are read or refused, never a 500.
    let noise: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    for bytes in [&noise[..], b""] {
        let a = send(Limits::default(), upload("/check", "x.pdf", bytes)).await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    }
}

#[tokio::test]
async fn what_the_reader_noticed_is_shown() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(example("2021-tabbed.txt"));
    bytes.extend(b"\n\xFF\xFE\n");
    let a = send(Limits::default(), upload("/check", "bad-bytes.txt", &bytes)).await;
    assert_eq!(a.status, StatusCode::OK);
    let notes = &a.text[a
        .text
        .find("class=\"reading-notes\"")
        .expect("the notes are shown")..];
    assert!(notes.contains("读取时注意到"), "{notes}");
    assert!(notes.contains("UTF-8"), "{notes}");
}

#[tokio::test]
async fn an_authoring_file_is_checked_like_on_the_command_line() {
    let toml = gongkai_authoring::skeleton(
        gongkai_model::labels::Template::Y2021,
        Some("青禾县市场监督管理局"),
        Some(2024),
    );
    let a = send(
        Limits::default(),
        upload("/api/check", "年报.toml", toml.as_bytes()),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&a.text).unwrap();
    assert!(v.as_array().is_some(), "{}", a.text);
    assert!(
        v.as_array()
            .unwrap()
            .iter()
            .all(|f| f["file"] == "年报.toml")
    );
}

#[tokio::test]
async fn requests_without_a_file_are_told_so() {
    let (ct, body) = crate::multipart("other", "a.txt", b"x");
    let req = axum::http::Request::post("/check")
        .header("content-type", ct)
        .body(axum::body::Body::from(body))
        .unwrap();
    let a = send(Limits::default(), req).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.text.contains("没有收到文件"));
    // A form submitted with no file chosen: an empty part with an empty name.
    let a = send(Limits::default(), upload("/check", "", b"")).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    let req = axum::http::Request::post("/api/check")
        .header("content-type", "text/plain")
        .body(axum::body::Body::from("hello"))
        .unwrap();
    let a = send(Limits::default(), req).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    let v: serde_json::Value = serde_json::from_str(&a.text).unwrap();
    assert_eq!(v["error"], "malformed-upload");
}

#[tokio::test]
async fn unknown_addresses_get_404_with_the_headers() {
    let a = send(Limits::default(), get("/nowhere")).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert_secure(&a);
    assert!(a.text.contains("找不到这个页面"));
    let a = send(Limits::default(), get("/api/nowhere")).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&a.text).unwrap()["error"],
        "not-found"
    );
    let a = send(Limits::default(), get("/check")).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER);
    assert_eq!(a.header("location"), "/");
    let a = send(Limits::default(), get("/static/gongkai.css")).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_secure(&a);
    assert!(a.header("content-type").starts_with("text/css"));
    assert!(a.header("cache-control").contains("max-age"));
}
