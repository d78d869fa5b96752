//! The corpus bench: N synthetic reports (default 100,000) in every layout `render` writes — text
//! with TABs, Markdown, HTML, DOCX — some broken, some no report, written once to a folder; then,
//! in the same run, `gongkai check` and `gongkai ingest` on the same files (the release binary,
//! all cores), a second ingest (nothing new), and the roll-up. Prints reports/s, peak memory and
//! the projection for 1,000,000 reports on 2 cores.
//!
//! `cargo build --release -p gongkai && cargo bench -p gongkai-store --bench ingest -- [N]
//! [--dir DIR] [--bin PATH]`

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use gongkai_store::rollup::{Scope, inputs_from_db, rollup, rollup_from_db};

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let mut n: u64 = 100_000;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut dir: Option<PathBuf> = None;
    let mut bin = root.join("target/release/gongkai");
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--dir" => dir = it.next().map(PathBuf::from),
            "--bin" => bin = it.next().map(PathBuf::from).unwrap_or(bin),
            s => n = s.parse().unwrap_or(n),
        }
    }
    if !bin.is_file() {
        eprintln!(
            "no release binary at {}: run `cargo build --release -p gongkai` first (or --bin PATH)",
            bin.display()
        );
        std::process::exit(2);
    }
    let dir = dir.unwrap_or_else(|| root.join(format!("target/bench-corpus-{n}")));
    let corpus = dir.join("corpus");
    let done = dir.join(".complete");
    if !done.exists() {
        let t = Instant::now();
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        gongkai_store::synthetic::write_corpus(&corpus, 0..n, threads).expect("corpus written");
        std::fs::write(&done, n.to_string()).expect("marker written");
        println!("generated {n} files in {:.1} s", t.elapsed().as_secs_f64());
    }
    let bytes = folder_size(&corpus);
    println!(
        "corpus: {n} files, {:.0} MB (txt, md, html, docx in turn; ~1 in 53 broken, ~1 in 97 no report)",
        bytes as f64 / 1e6
    );
    let corpus_arg = corpus.to_string_lossy().to_string();

    let check = run(&bin, &["check", "--format", "tsv", &corpus_arg]);
    report("gongkai check", n, &check);

    let db = dir.join("bench.db");
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", db.display()));
    }
    let db_arg = db.to_string_lossy().to_string();
    let ingest = run(&bin, &["ingest", "--db", &db_arg, &corpus_arg]);
    report("gongkai ingest", n, &ingest);
    println!(
        "database: {:.0} MB; ingest / check = {:.2}",
        std::fs::metadata(&db).map_or(0, |m| m.len()) as f64 / 1e6,
        ingest.wall.as_secs_f64() / check.wall.as_secs_f64()
    );
    let again = run(&bin, &["ingest", "--db", &db_arg, &corpus_arg]);
    report("gongkai ingest again (nothing new)", n, &again);

    // The roll-up: one year from the database, streamed; then 100,000 inputs of one template
    // summed in memory (the 2021-template reports of 2021–2024, repeated to 100,000).
    let conn = gongkai_store::schema::open_existing(&db).expect("database");
    let t = Instant::now();
    let scope = Scope {
        year: Some(2023),
        ..Scope::default()
    };
    let r = rollup_from_db(&conn, &scope, "全部").expect("rollup");
    println!(
        "roll-up of the {} reports of 2023 from the database (read, decode, sum): {:.0} ms",
        r.inputs.len(),
        t.elapsed().as_secs_f64() * 1e3
    );
    let base: Vec<_> = inputs_from_db(&conn, &Scope::default())
        .expect("inputs")
        .into_iter()
        .filter(|i| i.template == gongkai_model::labels::Template::Y2021)
        .collect();
    let mut inputs = Vec::with_capacity(100_000);
    while inputs.len() < 100_000 && !base.is_empty() {
        inputs.extend(base.iter().take(100_000 - inputs.len()).cloned());
    }
    let t = Instant::now();
    let r = rollup("全部", &inputs).expect("rollup");
    println!(
        "roll-up sum of {} reports in memory: {:.0} ms",
        r.inputs.len(),
        t.elapsed().as_secs_f64() * 1e3
    );
    let cli = run(
        &bin,
        &[
            "rollup", "--db", &db_arg, "--year", "2023", "--name", "全部", "--to", "json",
        ],
    );
    println!(
        "gongkai rollup --db --year 2023 --to json (whole command): {:.2} s, peak {:.0} MB",
        cli.wall.as_secs_f64(),
        cli.peak_kb as f64 / 1024.0
    );

    let rate = n as f64 / ingest.wall.as_secs_f64();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "projection: 1,000,000 reports at {rate:.0} reports/s on {cores} cores = {:.1} min (goal: < 10 min on 2 cores)",
        1e6 / rate / 60.0
    );
}

struct Run {
    wall: Duration,
    peak_kb: u64,
    ok: bool,
}

/// Runs the binary, output discarded, polling its peak resident memory (VmHWM).
fn run(bin: &Path, args: &[&str]) -> Run {
    let t = Instant::now();
    let mut child = Command::new(bin)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary runs");
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0;
    let status = loop {
        if let Ok(s) = std::fs::read_to_string(&status_file)
            && let Some(kb) = s
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        {
            peak_kb = peak_kb.max(kb);
        }
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(_) => break child.wait().expect("wait"),
        }
    };
    Run {
        wall: t.elapsed(),
        peak_kb,
        ok: status.code().is_some_and(|c| c <= 1),
    }
}

fn report(what: &str, n: u64, r: &Run) {
    println!(
        "{what}: {:.1} s, {:.0} reports/s, peak {:.0} MB{}",
        r.wall.as_secs_f64(),
        n as f64 / r.wall.as_secs_f64(),
        r.peak_kb as f64 / 1024.0,
        if r.ok { "" } else { " (exit code > 1)" }
    );
}

fn folder_size(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}
