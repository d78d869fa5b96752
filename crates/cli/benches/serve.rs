//! Load test of `gongkai serve` on loopback: many uploads of real-size reports sent at the same
//! moment, bounded in count and time. Prints the latency (p50, p90, p99, max), the throughput and
//! the server's peak memory; exits with 1 when an upload is lost, answered with a 5xx, or
//! answered differently from the same upload sent alone.
//!
//! `cargo bench -p gongkai --bench serve [-- --uploads 200 --seconds 300 --page --real --max-checks N]`
//! (`--page` posts to the result page `/check` instead of `/api/check`). The reports are synthetic
//! reports of realistic size in text, DOCX and PDF (`tests/it/load.rs`, the harness a test runs
//! with a few uploads); `--real` sends the real PDF and DOCX files of `../shared/corpus/real`.

// Shared with the tests, which use all of it; the bench does not need `get`.
#[allow(dead_code)]
#[path = "../tests/it/server.rs"]
mod server;

#[allow(dead_code)]
#[path = "../tests/it/load.rs"]
mod load;

use std::path::{Path, PathBuf};

use server::Server;

struct Options {
    uploads: usize,
    seconds: u64,
    page: bool,
    real: bool,
    max_checks: Option<String>,
}

fn options() -> Options {
    let mut o = Options {
        uploads: 200,
        seconds: 300,
        page: false,
        real: false,
        max_checks: None,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let next = args.get(i + 1).cloned();
        match args[i].as_str() {
            "--uploads" => {
                o.uploads = next.and_then(|v| v.parse().ok()).unwrap_or(o.uploads);
                i += 1;
            }
            "--seconds" => {
                o.seconds = next.and_then(|v| v.parse().ok()).unwrap_or(o.seconds);
                i += 1;
            }
            "--max-checks" => {
                o.max_checks = next;
                i += 1;
            }
            "--page" => o.page = true,
            "--real" => o.real = true,
            _ => {} // `--bench` and other harness flags
        }
        i += 1;
    }
    o.uploads = o.uploads.clamp(1, 2000);
    o
}

/// The real PDFs and DOCX files, or the examples.
fn real_reports() -> (Vec<(String, Vec<u8>)>, &'static str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let pick = |dir: PathBuf, exts: &[&str]| -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map(|d| d.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        files.retain(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| exts.contains(&e))
        });
        files.sort();
        files
            .into_iter()
            .filter_map(|p| {
                let name = p.file_name()?.to_str()?.to_string();
                Some((name, std::fs::read(&p).ok()?))
            })
            .collect()
    };
    let real = pick(root.join("../shared/corpus/real"), &["pdf", "docx"]);
    if real.is_empty() {
        (
            pick(root.join("examples"), &["txt", "md"]),
            "the bundled examples (../shared/corpus is not beside the repository)",
        )
    } else {
        (
            real,
            "the real PDF and DOCX reports of ../shared/corpus/real",
        )
    }
}

fn main() {
    let o = options();
    let (reports, which) = if o.real {
        real_reports()
    } else {
        (
            load::reports(30),
            "synthetic reports (text, DOCX, PDF with its seal image)",
        )
    };
    if reports.is_empty() {
        eprintln!("no reports to send");
        std::process::exit(2);
    }
    let mut extra = Vec::new();
    if let Some(n) = &o.max_checks {
        extra.extend(["--max-checks", n.as_str()]);
    }
    let server =
        Server::start(env!("CARGO_BIN_EXE_gongkai"), &extra).expect("gongkai serve starts");
    let path = if o.page { "/check" } else { "/api/check" };
    let files = reports.len();
    let sizes: Vec<usize> = reports.iter().map(|r| r.1.len()).collect();
    let out = load::run(&server, path, reports, o.uploads, o.seconds);
    let mb = |b: Option<u64>| {
        b.map_or("?".to_string(), |b| {
            format!("{:.0} MB", b as f64 / 1048576.0)
        })
    };
    println!(
        "gongkai serve load test: {} concurrent uploads to {path}",
        o.uploads
    );
    println!(
        "  reports: {files} files from {which}, {:.0} KB to {:.0} KB",
        sizes.iter().min().copied().unwrap_or(0) as f64 / 1024.0,
        sizes.iter().max().copied().unwrap_or(0) as f64 / 1024.0
    );
    println!(
        "  sent: {:.1} MB in total; all answered in {:.2} s ({:.1} uploads/s)",
        out.bytes as f64 / 1048576.0,
        out.wall.as_secs_f64(),
        out.latencies.len() as f64 / out.wall.as_secs_f64().max(1e-9)
    );
    println!(
        "  latency: p50 {:.0} ms, p90 {:.0} ms, p99 {:.0} ms, max {:.0} ms",
        out.at(0.50),
        out.at(0.90),
        out.at(0.99),
        out.at(1.0)
    );
    println!(
        "  server memory: {} after the lone uploads, peak {}",
        mb(out.memory.0),
        mb(out.memory.1)
    );
    println!(
        "  ok {}, failed {}, lost (no answer within {} s) {}",
        out.latencies.len(),
        out.failures.len(),
        o.seconds,
        out.lost
    );
    for f in out.failures.iter().take(10) {
        println!("  failure: {f}");
    }
    if !out.clean() {
        std::process::exit(1);
    }
}
