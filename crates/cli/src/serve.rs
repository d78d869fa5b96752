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
    /// The SQLite file for sign-in and the ledger (created when missing); without it only the
    /// anonymous check pages and API are served.
    #[arg(long, value_name = "FILE")]
    pub db: Option<String>,
    /// The ledger on PostgreSQL (postgres://…) instead of the --db file (users stay in the file).
    #[arg(long, value_name = "URL", requires = "db")]
    pub ledger_url: Option<String>,
    /// Mark the session cookie Secure (when served behind HTTPS).
    #[arg(long)]
    pub secure_cookies: bool,
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
    if args.corpus.is_some() && args.db.is_none() && !is_loopback(&args.addr) {
        eprintln!(
            "{}",
            if en {
                format!(
                    "error: --corpus without --db has no sign-in, so it is served on a loopback address only (127.0.0.1, ::1, localhost), not {}; add --db FILE and users (gongkai users add) to serve it to others",
                    args.addr
                )
            } else {
                format!(
                    "错误：不带 --db 的 --corpus 没有登录，只能在本机地址（127.0.0.1、::1、localhost）上提供，不能用 {}；要让他人访问，请加 --db 文件并用 gongkai users add 添加用户",
                    args.addr
                )
            }
        );
        return 2;
    }
    let mut state = match &args.db {
        None => AppState::new(limits),
        Some(db) => match gongkai_server::Web::open(db, args.ledger_url.as_deref()) {
            Ok(mut web) => {
                web.secure_cookies = args.secure_cookies;
                AppState::with_web(limits, web)
            }
            Err(message) => {
                eprintln!(
                    "{}{}",
                    if en { "error: " } else { "错误：" },
                    message.get(lang)
                );
                return 2;
            }
        },
    };
    let with_ledger = args.db.is_some();
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
        if with_ledger {
            let _ = writeln!(
                out,
                "{}",
                if en {
                    format!(
                        "the ledger: http://{addr}/ledger (sign in with a user of gongkai users add)"
                    )
                } else {
                    format!("台账：http://{addr}/ledger（用 gongkai users add 创建的用户登录）")
                }
            );
        }
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

/// Whether `addr` (`host:port`) listens on this machine only.
fn is_loopback(addr: &str) -> bool {
    if let Ok(socket) = addr.parse::<std::net::SocketAddr>() {
        return socket.ip().is_loopback();
    }
    addr.rsplit_once(':')
        .is_some_and(|(host, _)| host.eq_ignore_ascii_case("localhost"))
}

#[cfg(test)]
mod tests {
    use super::is_loopback;

    #[test]
    fn loopback_addresses() {
        assert!(is_loopback("127.0.0.1:8080"));
        assert!(is_loopback("[::1]:0"));
        assert!(is_loopback("localhost:8080"));
        assert!(!is_loopback("0.0.0.0:8080"));
        assert!(!is_loopback("192.168.1.5:80"));
        assert!(!is_loopback("example.org:80"));
    }
}
