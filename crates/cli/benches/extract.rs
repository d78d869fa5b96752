//! Throughput of the text path: extract + parse + check_identities (+ the cells TSV), one thread.
//!
//! `cargo bench -p gongkai --bench extract [-- --secs S] [-- --no-rules] [-- --no-cells] [-- FILTER]`
//!
//! Loads every `.txt`/`.md` report of `examples/` and, when present, of
//! `../shared/corpus/seeds` and `../shared/corpus/real` into memory once, then runs the whole
//! pipeline over them pass after pass for about `S` seconds (default 3), timing each report.
//! Per category and overall it prints reports/s, MB/s and µs per report, computed from each
//! report's median time (so one slow outlier run does not skew it), the median wall time of a
//! whole pass, and the slowest report (its median and its worst single run). Then it times the
//! rule set of `gongkai check` on each (parsed) report and prints what it adds to the pipeline.

/// The allocator of the `gongkai` binary, so that the figures are the command's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use gongkai_model::{SourceId, check_identities};

struct Doc {
    category: &'static str,
    name: String,
    bytes: Vec<u8>,
    /// One duration per timed run.
    runs: Vec<Duration>,
}

/// The whole pipeline on one document; returns something derived from every stage. With
/// `cells`, the cells are also printed (into memory) as `gongkai extract` prints them.
fn pipeline(bytes: &[u8], cells: bool) -> usize {
    let Ok(source) = gongkai_extract::extract(bytes, "bench") else {
        return 0;
    };
    let (report, diagnostics) = gongkai_parse::parse(&source, SourceId(0));
    let checks = check_identities(&report);
    let printed = if cells {
        gongkai_render::cells_tsv(&report).len()
    } else {
        0
    };
    black_box(&report);
    diagnostics.len() + checks.len() + printed
}

fn load(root: &Path, filter: Option<&str>) -> Vec<Doc> {
    let dirs: [(&'static str, PathBuf); 3] = [
        ("examples", root.join("examples")),
        ("seeds", root.join("../shared/corpus/seeds")),
        ("real", root.join("../shared/corpus/real")),
    ];
    let mut docs = Vec::new();
    for (category, dir) in dirs {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            eprintln!("({} absent: skipped)", dir.display());
            continue;
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                matches!(p.extension().and_then(|e| e.to_str()), Some("txt" | "md"))
                    && p.file_name().is_some_and(|n| n != "README.md")
            })
            .collect();
        paths.sort();
        for path in paths {
            let name = format!("{category}/{}", path.file_name().unwrap().to_string_lossy());
            if filter.is_some_and(|f| !name.contains(f)) {
                continue;
            }
            let bytes = std::fs::read(&path).expect("read report");
            docs.push(Doc {
                category,
                name,
                bytes,
                runs: Vec::new(),
            });
        }
    }
    docs
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort_unstable();
    match v.len() {
        0 => Duration::ZERO,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2,
    }
}

fn row(label: &str, docs: &[&Doc], medians: &[Duration]) {
    let n = docs.len();
    let bytes: usize = docs.iter().map(|d| d.bytes.len()).sum();
    let total: Duration = medians.iter().sum();
    let secs = total.as_secs_f64().max(1e-12);
    println!(
        "{label:<10} {n:>5} {kb:>9.1} {rps:>12.0} {mbs:>9.2} {us:>10.1}",
        kb = bytes as f64 / n.max(1) as f64 / 1024.0,
        rps = n as f64 / secs,
        mbs = bytes as f64 / secs / 1e6,
        us = secs * 1e6 / n.max(1) as f64,
    );
}

fn main() {
    let mut secs = 3.0f64;
    let mut filter = None;
    let mut rules = true;
    let mut cells = true;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--bench" => {}
            "--no-rules" => rules = false,
            "--no-cells" => cells = false,
            "--secs" => {
                secs = args
                    .next()
                    .and_then(|s| s.parse().ok())
                    .expect("--secs takes a number")
            }
            _ if a.starts_with('-') => {}
            _ => filter = Some(a),
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("crate is at crates/cli")
        .to_path_buf();
    let mut docs = load(&root, filter.as_deref());
    if docs.is_empty() {
        eprintln!("no reports found");
        return;
    }

    // Warm-up: one pass, untimed.
    let mut sink = 0usize;
    for d in &docs {
        sink += pipeline(&d.bytes, cells);
    }

    let budget = Duration::from_secs_f64(secs);
    let start = Instant::now();
    let mut passes = Vec::new();
    while start.elapsed() < budget || passes.len() < 3 {
        let pass = Instant::now();
        for d in docs.iter_mut() {
            let t = Instant::now();
            sink += pipeline(black_box(&d.bytes), cells);
            d.runs.push(t.elapsed());
        }
        passes.push(pass.elapsed());
    }
    let n_passes = passes.len();
    let pass_median = median(&mut passes);
    black_box(sink);

    let medians: Vec<Duration> = docs.iter_mut().map(|d| median(&mut d.runs)).collect();
    let total_bytes: usize = docs.iter().map(|d| d.bytes.len()).sum();

    println!(
        "gongkai text path (extract + parse + check_identities{}), 1 thread, \
         {n_passes} passes over {} reports in {:.1} s",
        if cells { " + cells TSV" } else { "" },
        docs.len(),
        start.elapsed().as_secs_f64()
    );
    println!("per-report medians summed:");
    println!(
        "{:<10} {:>5} {:>9} {:>12} {:>9} {:>10}",
        "category", "files", "avg KB", "reports/s", "MB/s", "µs/report"
    );
    for category in ["examples", "seeds", "real"] {
        let idx: Vec<usize> = (0..docs.len())
            .filter(|&i| docs[i].category == category)
            .collect();
        if idx.is_empty() {
            continue;
        }
        let ds: Vec<&Doc> = idx.iter().map(|&i| &docs[i]).collect();
        let ms: Vec<Duration> = idx.iter().map(|&i| medians[i]).collect();
        row(category, &ds, &ms);
    }
    let all: Vec<&Doc> = docs.iter().collect();
    row("overall", &all, &medians);

    let ps = pass_median.as_secs_f64();
    println!(
        "median pass: {:.3} ms → {:.0} reports/s, {:.2} MB/s, {:.1} µs/report",
        ps * 1e3,
        docs.len() as f64 / ps,
        total_bytes as f64 / ps / 1e6,
        ps * 1e6 / docs.len() as f64
    );

    let slowest = (0..docs.len()).max_by_key(|&i| medians[i]).unwrap();
    let worst_run = docs[slowest].runs.iter().max().copied().unwrap_or_default();
    println!(
        "slowest report: {} ({:.1} KB): median {:.1} µs, worst run {:.1} µs",
        docs[slowest].name,
        docs[slowest].bytes.len() as f64 / 1024.0,
        medians[slowest].as_secs_f64() * 1e6,
        worst_run.as_secs_f64() * 1e6
    );
    if std::env::var_os("GONGKAI_BENCH_VERBOSE").is_some() {
        println!("per report (median µs, KB):");
        for (d, m) in docs.iter().zip(&medians) {
            println!(
                "  {:>10.1} {:>7.1}  {}",
                m.as_secs_f64() * 1e6,
                d.bytes.len() as f64 / 1024.0,
                d.name
            );
        }
    }
    if rules {
        rule_set(&docs, &medians, budget);
    }
}

/// A report read and parsed once, for timing the rules alone.
struct Parsed {
    source: gongkai_extract::Source,
    report: gongkai_model::Report,
    diagnostics: Vec<gongkai_model::Diagnostic>,
    identities: Vec<gongkai_model::IdentityCheck>,
}

impl Parsed {
    fn context(&self) -> gongkai_check::Context<'_> {
        gongkai_check::Context {
            report: &self.report,
            text: &self.source.text,
            parse_diagnostics: &self.diagnostics,
            identities: &self.identities,
            previous: None,
        }
    }
}

/// The rule set (`gongkai_check::check`, every rule at its default level) on each report, parsed
/// beforehand, timed the same way: what `gongkai check` adds per report to reading it.
fn rule_set(docs: &[Doc], pipeline: &[Duration], budget: Duration) {
    let config = gongkai_check::Config::default();
    let parsed: Vec<Parsed> = docs
        .iter()
        .filter_map(|d| {
            let source = gongkai_extract::extract(&d.bytes, "bench").ok()?;
            let (report, diagnostics) = gongkai_parse::parse(&source, SourceId(0));
            let identities = check_identities(&report);
            Some(Parsed {
                source,
                report,
                diagnostics,
                identities,
            })
        })
        .collect();
    if parsed.is_empty() {
        return;
    }
    let mut runs: Vec<Vec<Duration>> = vec![Vec::new(); parsed.len()];
    let start = Instant::now();
    let mut sink = 0;
    while start.elapsed() < budget || runs[0].len() < 3 {
        for (p, runs) in parsed.iter().zip(runs.iter_mut()) {
            let ctx = p.context();
            let t = Instant::now();
            sink += gongkai_check::check(black_box(&ctx), &config).len();
            runs.push(t.elapsed());
        }
    }
    black_box(sink);
    if std::env::var_os("GONGKAI_BENCH_VERBOSE").is_some() {
        println!("per rule (µs per report, one pass):");
        for rule in gongkai_check::RULES {
            let t = Instant::now();
            for _ in 0..20 {
                for p in &parsed {
                    black_box(gongkai_check::run(rule, black_box(&p.context())));
                }
            }
            let us = t.elapsed().as_secs_f64() * 1e6 / (20 * parsed.len()) as f64;
            println!("  {us:>8.2}  {}", rule.name());
        }
    }
    let rules: Duration = runs.iter_mut().map(|r| median(r)).sum();
    let read: Duration = pipeline.iter().sum();
    println!(
        "rule set: {:.1} µs/report on top of the pipeline's {:.1} µs: +{:.0}%",
        rules.as_secs_f64() * 1e6 / parsed.len().max(1) as f64,
        read.as_secs_f64() * 1e6 / pipeline.len().max(1) as f64,
        100.0 * rules.as_secs_f64() / read.as_secs_f64().max(1e-12)
    );
}
