//! Crawl manifests: a `manifest.csv` beside downloaded files tells where each came from.
//!
//! The format (README, "抓取清单"): UTF-8 CSV with a header row naming at least `path` and `url`,
//! optionally `fetched` (the download date, `YYYY-MM-DD` or any ISO 8601 date-time, stored as
//! written). `path` is relative to the manifest's folder, `/`-separated. Other columns are
//! ignored; a malformed row is ignored, never fatal.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

/// The manifest's file name.
pub const FILE_NAME: &str = "manifest.csv";

/// Where a file was fetched from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fetched {
    /// The URL it was downloaded from.
    pub url: String,
    /// When, as the manifest writes it.
    pub date: Option<String>,
}

/// The entries of the manifest at `path`, by relative path; empty when there is none.
pub fn read(path: &Path) -> BTreeMap<String, Fetched> {
    match std::fs::read(path) {
        Ok(bytes) => parse(&bytes),
        Err(_) => BTreeMap::new(),
    }
}

/// The entries of a manifest's bytes.
pub fn parse(bytes: &[u8]) -> BTreeMap<String, Fetched> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let Ok(header) = reader.headers().cloned() else {
        return BTreeMap::new();
    };
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let (Some(path_col), Some(url_col)) = (col("path"), col("url")) else {
        return BTreeMap::new();
    };
    let date_col = col("fetched");
    let mut out = BTreeMap::new();
    for record in reader.records().flatten() {
        let (Some(p), Some(url)) = (record.get(path_col), record.get(url_col)) else {
            continue;
        };
        let p = p.trim().trim_start_matches("./").replace('\\', "/");
        if p.is_empty() {
            continue;
        }
        let date = date_col
            .and_then(|c| record.get(c))
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(str::to_string);
        out.insert(
            p,
            Fetched {
                url: url.trim().to_string(),
                date,
            },
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_paths_urls_and_dates() {
        let m = parse(
            "\u{FEFF}path,url,fetched,title\n\
             a.pdf,https://example.invalid/a.pdf,2025-02-01,x\n\
             ./sub/b.html,\"https://example.invalid/b?x=1,2\",,\n\
             ,https://example.invalid/none,,\n\
             short\n"
                .as_bytes(),
        );
        assert_eq!(m.len(), 2);
        assert_eq!(m["a.pdf"].date.as_deref(), Some("2025-02-01"));
        assert_eq!(m["sub/b.html"].url, "https://example.invalid/b?x=1,2");
        assert_eq!(m["sub/b.html"].date, None);
        assert!(parse(b"file,link\nx,y\n").is_empty());
    }
}
