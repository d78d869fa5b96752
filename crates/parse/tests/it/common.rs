//! Shared helpers: loading the sample reports and running the whole pipeline on bytes.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use gongkai_model::cells::{cells, key_template, keys};
use gongkai_model::{SourceId, check_identities};
use proptest::test_runner::Config;

/// How a sample report is encoded on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enc {
    Utf8,
    Utf16LeBom,
    Gbk,
}

/// One report read from disk.
#[derive(Debug)]
pub struct Sample {
    /// Path relative to the repo root, for messages.
    pub name: String,
    /// Whether it is one of the repo's own `examples/`.
    pub example: bool,
    /// The file as stored.
    pub bytes: Vec<u8>,
    /// Its encoding.
    pub enc: Enc,
    /// The decoded text.
    pub text: String,
}

/// The repo root (two levels above this crate's manifest).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("crate is at crates/parse")
        .to_path_buf()
}

/// Property-test configuration: 64 cases unless `PROPTEST_CASES` says otherwise; failures are
/// not persisted to files in the source tree.
pub fn config() -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(64);
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

/// Every sample report: `examples/*.{txt,md}` (not README.md) and, when present,
/// `../shared/corpus/{seeds,real}/*.txt`, sorted by name within each directory.
pub fn samples() -> &'static [Sample] {
    static SAMPLES: OnceLock<Vec<Sample>> = OnceLock::new();
    SAMPLES.get_or_init(|| {
        let root = repo_root();
        let mut out = Vec::new();
        let dirs: [(PathBuf, &str, bool, &[&str]); 3] = [
            (root.join("examples"), "examples", true, &["txt", "md"]),
            (
                root.join("../shared/corpus/seeds"),
                "../shared/corpus/seeds",
                false,
                &["txt"],
            ),
            (
                root.join("../shared/corpus/real"),
                "../shared/corpus/real",
                false,
                &["txt"],
            ),
        ];
        for (dir, label, example, exts) in dirs {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            let mut paths: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.extension()
                        .and_then(|e| e.to_str())
                        .is_some_and(|e| exts.contains(&e))
                        && p.file_name().is_some_and(|n| n != "README.md")
                })
                .collect();
            paths.sort();
            for path in paths {
                let Ok(bytes) = std::fs::read(&path) else {
                    continue;
                };
                let file = path.file_name().unwrap().to_string_lossy();
                let (enc, text) = decode(&bytes);
                out.push(Sample {
                    name: format!("{label}/{file}"),
                    example,
                    bytes,
                    enc,
                    text,
                });
            }
        }
        assert!(
            out.iter().any(|s| s.example),
            "no example reports found under {}",
            root.join("examples").display()
        );
        out
    })
}

/// The encoding of a sample file (it is one of three) and its text, decoded independently of
/// the library under test.
fn decode(bytes: &[u8]) -> (Enc, String) {
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        let (text, _) = encoding_rs::UTF_16LE.decode_without_bom_handling(rest);
        return (Enc::Utf16LeBom, text.into_owned());
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (Enc::Utf8, s.to_string()),
        Err(_) => {
            let (text, _) = encoding_rs::GBK.decode_without_bom_handling(bytes);
            (Enc::Gbk, text.into_owned())
        }
    }
}

/// `text` encoded as `enc`; `None` when it holds a character the encoding cannot represent.
pub fn encode(text: &str, enc: Enc) -> Option<Vec<u8>> {
    match enc {
        Enc::Utf8 => Some(text.as_bytes().to_vec()),
        Enc::Utf16LeBom => {
            let mut out = vec![0xFF, 0xFE];
            out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            Some(out)
        }
        Enc::Gbk => {
            let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
            (!unmappable).then(|| bytes.into_owned())
        }
    }
}

/// Runs the whole pipeline on `bytes` and checks what must hold for any input: the keys of
/// `cells()` are exactly `keys(key_template(report))`, in order. Returns the cells (`None` when
/// `extract` refused the input). Any panic inside the library propagates to the caller.
pub fn run(bytes: &[u8]) -> Option<Vec<(String, String)>> {
    let source = gongkai_extract::extract(bytes, "test").ok()?;
    let (report, _diagnostics) = gongkai_parse::parse(&source, SourceId(0));
    // I1 and I3 for each of the seven columns and I2 for each row of table 三, I4 for each group
    // of table 四: never more, never fewer, whatever the input.
    let expected = report.requests.as_ref().map_or(0, |t| 2 * 7 + t.rows.len())
        + report.reviews.as_ref().map_or(0, |_| 3);
    assert_eq!(check_identities(&report).len(), expected);
    let cells = cells(&report);
    let expected = keys(key_template(&report));
    let got: Vec<&str> = cells.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        got,
        expected,
        "cells() keys differ from keys({:?})",
        key_template(&report)
    );
    Some(cells)
}

/// Splits `text` into lines, each keeping its line break.
pub fn lines(text: &str) -> Vec<String> {
    text.split_inclusive('\n').map(str::to_string).collect()
}
