//! End-to-end tests of the `gongkai` binary: the bundled examples, the shared corpus when it is
//! beside the repository, and the command-line contract (stdin, batches, exit codes).

mod analyses;
mod check;
mod corpus;
mod deadline;
mod examples;
mod formats;
mod honesty;
mod ingest;
mod layout_sources;
mod layouts;
mod ledger;
mod load;
mod published;
mod render;
mod serve;
mod server;
mod usage;
mod users;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs the binary with `args` in the repository root.
pub fn gongkai(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("the binary runs")
}

/// Parses `key<TAB>value` lines (the header line is skipped).
pub fn read_cells(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with("key\t"))
        .map(|l| {
            let (k, v) = l.split_once('\t').unwrap_or((l, ""));
            (k.to_string(), v.to_string())
        })
        .collect()
}

/// Report files with a `.cells.tsv` beside them, sorted.
pub fn scored_reports(dir: &Path, exts: &[&str]) -> Vec<(PathBuf, PathBuf)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<(PathBuf, PathBuf)> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| exts.iter().any(|x| e == *x)))
        .filter_map(|p| {
            let stem = p.file_stem()?.to_str()?.to_string();
            let truth = p.with_file_name(format!("{stem}.cells.tsv"));
            truth.exists().then_some((p, truth))
        })
        .collect();
    out.sort();
    out
}

/// How many expected cells the extractor gets right for one report: (right, total, wrong keys).
pub fn score(report: &Path, truth: &Path) -> (usize, usize, Vec<String>) {
    let out = gongkai(&["extract", "--format", "cells", report.to_str().unwrap()]);
    let got: std::collections::HashMap<String, String> =
        read_cells(&String::from_utf8_lossy(&out.stdout))
            .into_iter()
            .collect();
    let want = read_cells(&std::fs::read_to_string(truth).unwrap());
    let wrong: Vec<String> = want
        .iter()
        .filter(|(k, v)| got.get(k) != Some(v))
        .map(|(k, v)| format!("{k}: expected {v:?}, got {:?}", got.get(k)))
        .collect();
    (want.len() - wrong.len(), want.len(), wrong)
}

pub use gongkai_testkit::require;

/// Whether `program` runs (found on the PATH).
pub fn has_program(program: &str) -> bool {
    gongkai_testkit::has_program(program, "--version")
}
