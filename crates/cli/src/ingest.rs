//! `gongkai ingest`: files, folders and ZIP archives into the corpus database, with a progress
//! bar on a terminal and a summary line at the end.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::Args;
use gongkai_model::Lang;
use gongkai_store::{Options, Progress, Summary};

/// Arguments of `gongkai ingest`.
#[derive(Args)]
pub struct IngestArgs {
    /// Report files, folders (read recursively) and ZIP archives.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// The corpus database (created when absent).
    #[arg(long, value_name = "FILE")]
    pub db: PathBuf,
    /// Rule levels from this file (as `gongkai check --config`; default: ./gongkai.toml when present).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
}

/// `gongkai ingest`: exit 0 once everything readable is stored, 2 when it could not run (the
/// database, a path that does not exist, a file that could not be read from disk).
pub fn run(args: &IngestArgs, lang: Lang, out: &mut dyn Write) -> u8 {
    let en = lang == Lang::En;
    let config = match crate::check::load_config(args.config.as_ref(), &[], lang) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let options = Options {
        threads: args.threads,
        config,
        ..Options::default()
    };
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(0);
        let template = if en {
            "{bar:40} {pos}/{len} files  {rate}  ETA {eta}"
        } else {
            "{bar:40} {pos}/{len} 个文件  {rate}  剩余 {eta}"
        };
        if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
            let rate = |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{:.0}/s", state.per_sec());
            };
            bar.set_style(style.with_key("rate", rate));
        }
        bar
    });
    let mut on_progress = |p: Progress| {
        if let Some(bar) = &bar {
            bar.set_length(p.total);
            bar.set_position(p.done);
        }
    };
    let result = gongkai_store::ingest(&args.db, &args.paths, &options, &mut on_progress);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let summary = match result {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{}", crate::corpus::error(&e, lang));
            return 2;
        }
    };
    print_summary(&summary, lang, out);
    if summary.incomplete() { 2 } else { 0 }
}

fn print_summary(s: &Summary, lang: Lang, out: &mut dyn Write) {
    let en = lang == Lang::En;
    for p in &s.missing {
        eprintln!(
            "{}",
            if en {
                format!("error: {} does not exist", p.display())
            } else {
                format!("错误：{} 不存在", p.display())
            }
        );
    }
    for (path, e) in &s.read_errors {
        eprintln!(
            "{}",
            if en {
                format!("error: cannot read {path}: {e}")
            } else {
                format!("错误：无法读取 {path}：{e}")
            }
        );
    }
    let line = if en {
        format!(
            "{} files: {} new, {} changed, {} unchanged (not read again); stored: {} reports, {} not reports, {} damaged, {} unreadable ({} copies of files already stored); {} skipped",
            s.files,
            s.added,
            s.changed,
            s.unchanged,
            s.reports,
            s.not_reports,
            s.damaged,
            s.unreadable,
            s.copies,
            s.skipped.len()
        )
    } else {
        format!(
            "共 {} 个文件：新增 {}，已更改 {}，未变 {}（未重读）；入库：报告 {}，非报告 {}，文件损坏 {}，无法读取 {}（其中与已入库文件相同的副本 {}）；跳过 {}",
            s.files,
            s.added,
            s.changed,
            s.unchanged,
            s.reports,
            s.not_reports,
            s.damaged,
            s.unreadable,
            s.copies,
            s.skipped.len()
        )
    };
    let _ = writeln!(out, "{line}");
    if !s.skipped.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            if en {
                "skipped (not a report format):"
            } else {
                "跳过的文件（不是报告格式）："
            }
        );
        for k in &s.skipped {
            let (zh, en_reason) = k.reason.text();
            let _ = writeln!(out, "  {}\t{}", k.path, if en { en_reason } else { zh });
        }
    }
}
