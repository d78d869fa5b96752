//! `gongkai serve`: the web app — check a report in the browser, and the anonymous JSON API
//! (`crates/server`). Prints the address it listens on, then serves until stopped.

use std::io::Write;
use std::time::Duration;

use clap::Args;
use gongkai_model::Lang;
use gongkai_server::{AppState, Limits, format_size, parse_size};

/// Arguments of `gongkai serve`.
#[derive(Args)]
pub struct ServeArgs {
    /// The address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: String,
    /// The largest upload accepted: bytes, or a number with KB, MB or GB (1 KB = 1024 bytes).
    #[arg(long, value_name = "SIZE", default_value = "50MB")]
    pub max_upload: String,
    /// How many checks run at the same time (default: one per core); further uploads wait.
    #[arg(long, value_name = "N")]
    pub max_checks: Option<usize>,
    /// How many seconds one check may take.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub timeout: u64,
    /// A corpus database made by `gongkai ingest` to browse at /corpus (summary, reports,
    /// comparisons, roll-up).
    #[arg(long, value_name = "FILE")]
    pub corpus: Option<std::path::PathBuf>,
}

/// `gongkai serve`: 0 when stopped cleanly, 2 when it cannot serve.
pub fn run(args: &ServeArgs, lang: Lang, out: &mut dyn Write) -> u8 {
    let en = lang == Lang::En;
    let Some(max_upload) = parse_size(&args.max_upload) else {
        eprintln!(
            "{}",
            if en {
                format!(
                    "error: --max-upload {}: not a size (e.g. 50MB, 512KB, 1GB)",
                    args.max_upload
                )
            } else {
                format!(
                    "错误：--max-upload {}：不是有效的大小（例如 50MB、512KB、1GB）",
                    args.max_upload
                )
            }
        );
        return 2;
    };
    let mut limits = Limits::with_checks(
        args.max_checks
            .unwrap_or_else(gongkai_server::limits::default_checks),
    );
    limits.max_upload = max_upload;
    limits.check_time = Duration::from_secs(args.timeout.max(1));
    let (size, checks, seconds) = (
        format_size(limits.max_upload),
        limits.checks,
        limits.check_time.as_secs(),
    );
    let mut state = AppState::new(limits);
    if let Some(path) = &args.corpus {
        match gongkai_server::corpus_data::Corpus::open(path) {
            Ok(corpus) => state = state.with_corpus(corpus),
            Err(e) => {
                eprintln!(
                    "{}",
                    if en {
                        format!("error: --corpus: {}", e.english())
                    } else {
                        format!("错误：--corpus：{e}")
                    }
                );
                return 2;
            }
        }
    }
    let served = gongkai_server::serve(&args.addr, state, |addr| {
        let _ = writeln!(
            out,
            "{}",
            if en {
                format!(
                    "gongkai serve: http://{addr}/ (uploads up to {size}, {checks} checks at a time, {seconds} s each; Ctrl-C stops)"
                )
            } else {
                format!(
                    "gongkai serve：http://{addr}/（上传不超过 {size}，同时核对 {checks} 份，每份不超过 {seconds} 秒；按 Ctrl-C 停止）"
                )
            }
        );
        let _ = out.flush();
    });
    match served {
        Ok(()) => 0,
        Err(e) => {
            eprintln!(
                "{}",
                if en {
                    format!("error: cannot serve on {}: {e}", args.addr)
                } else {
                    format!(
                        "错误：无法在 {} 上提供服务：{}",
                        args.addr,
                        crate::i18n::io_error(&e, lang)
                    )
                }
            );
            2
        }
    }
}
