//! Load test of `gongkai serve` on loopback: many uploads of real-size reports sent at the same
//! moment, bounded in count and time. Prints the latency (p50, p90, p99, max), the throughput and
//! the server's peak memory; exits with 1 when an upload is lost, answered with a 5xx, or
//! answered differently from the same upload sent alone.
//!
//! `cargo bench -p gongkai --bench serve [-- --uploads 200 --seconds 300 --page --max-checks N]`
//! (`--page` posts to the result page `/check` instead of `/api/check`). The reports are the real
//! PDF and DOCX files of `../shared/corpus/real` when present, else the bundled examples.

// Shared with the tests, which use all of it; the bench does not need `get`.
#[allow(dead_code)]
#[path = "../tests/it/server.rs"]
mod server;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Barrier, mpsc};
use std::time::{Duration, Instant};

use server::{Server, post_file};

struct Options {
    uploads: usize,
    seconds: u64,
    page: bool,
    max_checks: Option<String>,
}

fn options() -> Options {
    let mut o = Options {
        uploads: 200,
        seconds: 300,
        page: false,
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
            _ => {} // `--bench` and other harness flags
        }
        i += 1;
    }
    o.uploads = o.uploads.clamp(1, 2000);
    o
}

/// The reports to upload: the real PDFs and DOCX files, or the examples.
fn reports() -> (Vec<(String, Vec<u8>)>, &'static str) {
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
    let (reports, which) = reports();
    let mut extra = Vec::new();
    if let Some(n) = &o.max_checks {
        extra.extend(["--max-checks", n.as_str()]);
    }
    let server =
        Server::start(env!("CARGO_BIN_EXE_gongkai"), &extra).expect("gongkai serve starts");
    let path = if o.page { "/check" } else { "/api/check" };
    // Each report alone first: the answer every concurrent upload of it must match.
    let expected: Vec<Vec<u8>> = reports
        .iter()
        .map(|(name, bytes)| {
            let (status, body) = post_file(&server.addr, path, name, bytes).expect("a lone upload");
            assert_eq!(status, 200, "{name} alone");
            body
        })
        .collect();
    let baseline = server.peak_memory();
    let bytes_total: usize = (0..o.uploads)
        .map(|i| reports[i % reports.len()].1.len())
        .sum();
    let reports = Arc::new(reports);
    let expected = Arc::new(expected);
    let start = Arc::new(Barrier::new(o.uploads + 1));
    let (tx, rx) = mpsc::channel();
    for i in 0..o.uploads {
        let (reports, expected, start, tx) =
            (reports.clone(), expected.clone(), start.clone(), tx.clone());
        let addr = server.addr.clone();
        std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                let k = i % reports.len();
                let (name, bytes) = &reports[k];
                start.wait();
                let t = Instant::now();
                let answer = post_file(&addr, path, name, bytes);
                let elapsed = t.elapsed();
                let outcome = match answer {
                    Ok((200, body)) if body == expected[k] => Ok(elapsed),
                    Ok((200, _)) => Err(format!("{name}: answer differs from the lone upload")),
                    Ok((status, _)) => Err(format!("{name}: HTTP {status}")),
                    Err(e) => Err(format!("{name}: {e}")),
                };
                let _ = tx.send(outcome);
            })
            .expect("a client thread");
    }
    drop(tx);
    start.wait();
    let began = Instant::now();
    let deadline = began + Duration::from_secs(o.seconds);
    let mut latencies = Vec::new();
    let mut failures = Vec::new();
    while latencies.len() + failures.len() < o.uploads {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(Ok(l)) => latencies.push(l),
            Ok(Err(e)) => failures.push(e),
            Err(_) => break,
        }
    }
    let wall = began.elapsed();
    let lost = o.uploads - latencies.len() - failures.len();
    latencies.sort();
    let at = |q: f64| {
        latencies
            .get(((latencies.len() as f64 * q).ceil() as usize).saturating_sub(1))
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    let mb = |b: Option<u64>| {
        b.map_or("?".to_string(), |b| {
            format!("{:.0} MB", b as f64 / 1048576.0)
        })
    };
    println!(
        "gongkai serve load test: {} concurrent uploads to {path}",
        o.uploads
    );
    println!("  reports: {} files from {which}", reports.len());
    println!(
        "  sent: {:.1} MB in total; all answered in {:.2} s ({:.1} uploads/s)",
        bytes_total as f64 / 1048576.0,
        wall.as_secs_f64(),
        latencies.len() as f64 / wall.as_secs_f64()
    );
    println!(
        "  latency: p50 {:.0} ms, p90 {:.0} ms, p99 {:.0} ms, max {:.0} ms",
        at(0.50),
        at(0.90),
        at(0.99),
        at(1.0)
    );
    println!(
        "  server memory: {} after the lone uploads, peak {}",
        mb(baseline),
        mb(server.peak_memory())
    );
    println!(
        "  ok {}, failed {}, lost (no answer within {} s) {lost}",
        latencies.len(),
        failures.len(),
        o.seconds
    );
    for f in failures.iter().take(10) {
        println!("  failure: {f}");
    }
    if !failures.is_empty() || lost > 0 {
        std::process::exit(1);
    }
}
