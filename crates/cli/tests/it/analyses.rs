//! `stats`, `compare`, `card` and `outliers` as a user runs them (the README's walk-through): six
//! years of one body and ten peers (`sample-corpus/`, synthetic authoring files) ingested, the
//! statistics printed, two years compared, the card opened in headless Chromium without
//! JavaScript and its screenshot checked non-blank.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::gongkai;

const BODY: &str = "青禾县教育局";

/// A fresh folder under the target's temporary folder.
fn fresh(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("analyses-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    dir
}

/// `sample-corpus/`: six years of `BODY` (`qinghe/2019.toml` … `2024.toml`) and ten peers'
/// 2024 (`peers/peer0.toml` … `peer9.toml`), authoring files of the store's synthetic module —
/// checked here to be exactly its output, so the README's walk-through stays reproducible.
fn corpus() -> PathBuf {
    use gongkai_store::synthetic::{agency_year, authoring_toml};
    let dir = crate::root().join("sample-corpus");
    for year in 2019..=2024 {
        let file = dir.join("qinghe").join(format!("{year}.toml"));
        let want = authoring_toml(year as u64, BODY, year);
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            want,
            "{}",
            file.display()
        );
    }
    for i in 0..10u64 {
        let (name, _) = agency_year(12 * (i + 1) + 3);
        let file = dir.join("peers").join(format!("peer{i}.toml"));
        let want = authoring_toml(200 + i, &name, 2024);
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            want,
            "{}",
            file.display()
        );
    }
    dir
}

fn text(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn stats_compare_outliers_and_the_card_in_a_browser() {
    let dir = fresh("run");
    let reports = corpus();
    let db = dir.join("c.db");
    let (db_s, rep_s) = (db.to_str().unwrap(), reports.to_str().unwrap());
    let out = gongkai(&["ingest", rep_s, "--db", db_s]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let out = gongkai(&["stats", "--db", db_s, "--year", "2024"]);
    assert!(out.status.success());
    let t = text(&out);
    assert!(t.contains("同意公开率") && t.contains(BODY), "{t}");
    assert_eq!(t.lines().count(), 1 + 11 + 1, "{t}");
    let out = gongkai(&["stats", "--db", db_s, "--format", "json", "--agency", BODY]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["rows"].as_array().unwrap().len(), 6);
    assert_eq!(
        v["rows"][0]["received_change"]["why"]["reason"],
        "no-previous-year"
    );
    // --agency narrows the rows, not the peers: 2024 is ranked among the eleven bodies.
    assert_eq!(v["rows"][5]["peer"]["of"], 11, "{}", v["rows"][5]);
    assert_eq!(v["rows"][0]["peer"]["status"], "alone");
    let out = gongkai(&["--lang", "en", "stats", "--db", db_s, "--format", "tsv"]);
    assert_eq!(text(&out).lines().count(), 17);

    let out = gongkai(&[
        "compare",
        "--db",
        db_s,
        "--agency",
        BODY,
        "--years",
        "2023,2024",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text(&out).contains("结转核对"), "{}", text(&out));
    // Each differing cell with its name on the form (26 → 291 received in 2023 → 2024).
    assert!(
        text(&out).contains("表三 一、本年新收政府信息公开申请数量（总计）"),
        "{}",
        text(&out)
    );
    let a = reports.join("qinghe").join("2023.toml");
    let b = reports.join("qinghe").join("2024.toml");
    let out = gongkai(&[
        "--lang",
        "en",
        "compare",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["checks"].as_array().unwrap().len(), 9);
    let out = gongkai(&["compare", "--db", db_s, "--agency", BODY, "--years", "2023"]);
    assert_eq!(out.status.code(), Some(2));

    let out = gongkai(&["outliers", "--db", db_s]);
    assert!(out.status.success());
    assert!(text(&out).contains("处异常值"), "{}", text(&out));

    let card = dir.join("card.html");
    let out = gongkai(&[
        "card",
        "--db",
        db_s,
        "--agency",
        BODY,
        "-o",
        card.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = std::fs::read_to_string(&card).unwrap();
    assert!(page.contains("<svg") && page.contains("@page") && !page.contains("<script"));
    let out = gongkai(&["card", "--db", db_s, "--agency", "没有这个局"]);
    assert_eq!(out.status.code(), Some(2));
    screenshot(&card, &dir);
}

/// Renders `page` in headless Chromium, as an A4 page (794 × 1123 CSS pixels), writes the
/// screenshot to `target/screenshots/cards/` for review and checks it is not blank. Scripts are
/// off by the page's own Content-Security-Policy (`script-src` falls back to `'none'`):
/// Chromium's `--blink-settings=scriptEnabled=false` makes its `--screenshot` write nothing.
fn screenshot(page: &Path, dir: &Path) {
    let ok = Command::new("chromium")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !gongkai_testkit::require("chromium (apt-get install chromium)", ok) {
        return;
    }
    let html = std::fs::read_to_string(page).unwrap();
    assert!(
        html.contains("Content-Security-Policy") && html.contains("default-src 'none'"),
        "the card forbids scripts itself"
    );
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("..")
        .join("screenshots")
        .join("cards");
    std::fs::create_dir_all(&shots).unwrap();
    let png = shots.join("agency-card.png");
    let _ = std::fs::remove_file(&png);
    let status = Command::new("chromium")
        .args([
            "--headless",
            "--disable-gpu",
            "--no-sandbox",
            "--no-first-run",
            "--disable-background-networking",
            "--window-size=794,1123",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", page.canonicalize().unwrap().display()))
        .output()
        .expect("chromium runs");
    assert!(png.is_file(), "{}", String::from_utf8_lossy(&status.stderr));
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&png).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let bytes = &buf[..info.buffer_size()];
    let channels = info.color_type.samples();
    // Non-blank: a good share of pixels are not white (text, bars, lines).
    let ink = bytes
        .chunks(channels)
        .filter(|p| p.iter().take(3).any(|&c| c < 200))
        .count();
    let total = bytes.len() / channels;
    assert!(ink * 100 > total, "{ink} of {total} pixels inked");
    // The charts' colours are there: some blue of the bars.
    let blue = bytes
        .chunks(channels)
        .filter(|p| p.len() >= 3 && p[2] > 150 && p[0] < 60)
        .count();
    assert!(blue > 500, "{blue} blue pixels");
}
