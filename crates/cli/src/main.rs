//! `gongkai`: read, check and render China's government information disclosure annual reports.

use std::io::{Read, Write};

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use gongkai_model::{Lang, Severity};

/// A report is parsed into hundreds of small allocations; mimalloc serves them markedly faster
/// than the system allocator (ARCHITECTURE.md, "Speed").
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "gongkai",
    version,
    about = "Read, check and render China's government information disclosure annual reports"
)]
struct Cli {
    /// Message language: zh (default) or en.
    #[arg(long, global = true, value_enum, default_value = "zh")]
    lang: LangArg,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    Zh,
    En,
}

#[derive(Subcommand)]
enum Command {
    /// Extract the numbers of reports (cells TSV or the whole model as JSON).
    Extract {
        /// Output format.
        #[arg(long, value_enum, default_value = "cells")]
        format: ExtractFormat,
        /// Do not recognise scans (image files, PDF or OFD pages without a text layer) with OCR.
        #[arg(long)]
        no_ocr: bool,
        /// Report files; `-` reads standard input.
        #[arg(required = true)]
        files: Vec<String>,
    },
    /// Check reports against the rule set (files or folders).
    Check {
        /// Report files or folders; `-` reads standard input.
        #[arg(required = true)]
        paths: Vec<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "terminal")]
        format: CheckFormat,
        /// Exit with 1 when there are findings at or above this level.
        #[arg(long, value_enum, default_value = "error")]
        deny: DenyLevel,
        /// Set a rule's level: CODE=error|warning|note|off (repeatable; CODE may be `all`).
        #[arg(long = "level", value_name = "CODE=LEVEL")]
        levels: Vec<String>,
        /// Rule levels from this file (default: ./gongkai.toml when present).
        #[arg(long)]
        config: Option<std::path::PathBuf>,
        /// Apply the safe fixes (label typos; never a number) to UTF-8 text reports and authoring
        /// files, printing a unified diff first; the fixed files are then checked again.
        #[arg(long)]
        fix: bool,
        /// With --fix: only print the diff, write nothing.
        #[arg(long, requires = "fix")]
        dry_run: bool,
        /// Do not recognise scans (image files, PDF or OFD pages without a text layer) with OCR.
        #[arg(long)]
        no_ocr: bool,
    },
    /// Render a report or an authoring file in the national template (DOCX, HTML, Markdown, JSON, cells).
    Render(render::RenderArgs),
    /// Print an authoring file (TOML) to fill in: `gongkai new --template 2021 > report.toml`.
    New(render::NewArgs),
    /// Due dates of a disclosure request in working days with 调休, explained day by day.
    Deadline(deadline::DeadlineArgs),
    /// The agency ledger: requests from receipt to answer, what is due, letters, the year's report.
    Ledger(ledger::LedgerArgs),
    /// List every rule with its code, level and summary.
    Rules,
    /// Print a rule's documentation.
    Explain {
        /// The rule's name (request-flow-mismatch) or short code (I001).
        code: String,
    },
    /// Serve the web app: check reports in the browser, and the JSON API.
    Serve(serve::ServeArgs),
    /// The web app's users: add one (the password is read from standard input), list them.
    Users(users::UsersArgs),
    /// Store files, folders and ZIP archives in a corpus database (resumable, all cores).
    Ingest(ingest::IngestArgs),
    /// One row per file of a corpus database: status, agency, year, timeliness, findings.
    Summary(summary::SummaryArgs),
    /// Export a corpus database to Parquet or CSV (reports, cells, findings, documents).
    Export(export::ExportArgs),
    /// The 汇总 roll-up of many reports in the template (files or a corpus database).
    Rollup(rollup::RollupArgs),
    /// The register of bodies a corpus is matched against: import, unmatched.
    Agencies(agencies::AgenciesArgs),
    /// Per body and year: received, closed, granted rate with its interval, reasons, reviews, suits, peer rank.
    Stats(stats::StatsArgs),
    /// Compare two reports cell by cell with the carry-over checks (files, or two years from a database).
    Compare(compare::CompareArgs),
    /// One HTML page of a body or a region with SVG charts (printable, no JavaScript).
    Card(card::CardArgs),
    /// Reports whose figures break sharply from the body's series (ten-fold jumps, all refused, reviews lost every year).
    Outliers(outliers::OutliersArgs),
}

#[derive(Clone, Copy, ValueEnum)]
enum CheckFormat {
    Terminal,
    Json,
    Tsv,
}

#[derive(Clone, Copy, ValueEnum)]
enum DenyLevel {
    Error,
    Warning,
    Note,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExtractFormat {
    Cells,
    Json,
}

mod agencies;
mod card;
mod check;
mod commands;
mod compare;
mod corpus;
mod deadline;
mod export;
mod fix;
mod i18n;
mod ingest;
mod ledger;
mod outliers;
mod output;
mod pool;
mod render;
mod rollup;
mod rules;
mod serve;
mod stats;
mod summary;
mod users;
mod walk;

fn main() -> ExitCode {
    let args = i18n::rewrite_help_subcommand(std::env::args_os().collect());
    let lang = i18n::lang_from_args(&args);
    let matches = match i18n::localize(Cli::command(), lang).try_get_matches_from(args) {
        Ok(m) => m,
        Err(e) => return ExitCode::from(i18n::report_clap_error(&e, lang)),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => return ExitCode::from(i18n::report_clap_error(&e, lang)),
    };
    let lang = match cli.lang {
        LangArg::Zh => Lang::Zh,
        LangArg::En => Lang::En,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let code = match cli.command {
        Command::Extract {
            format,
            no_ocr,
            files,
        } => commands::extract(
            &files,
            matches!(format, ExtractFormat::Json),
            &gongkai_extract::Options { ocr: !no_ocr },
            lang,
            &mut out,
        ),
        Command::Render(args) => render::render(&args, lang, &mut out),
        Command::New(args) => render::new(&args, &mut out),
        Command::Check {
            paths,
            format,
            deny,
            levels,
            config,
            fix,
            dry_run,
            no_ocr,
        } => {
            let args = check::CheckArgs {
                paths,
                output: match format {
                    CheckFormat::Terminal => check::Output::Terminal,
                    CheckFormat::Json => check::Output::Json,
                    CheckFormat::Tsv => check::Output::Tsv,
                },
                deny: match deny {
                    DenyLevel::Error => Severity::Error,
                    DenyLevel::Warning => Severity::Warning,
                    DenyLevel::Note => Severity::Note,
                },
                levels,
                config,
                fix,
                dry_run,
                options: gongkai_extract::Options { ocr: !no_ocr },
            };
            check::check(&args, lang, &mut out)
        }
        Command::Deadline(args) => deadline::run(&args, lang, &mut out),
        Command::Ledger(args) => ledger::run(&args, lang, &mut out),
        Command::Rules => rules::rules(lang, &mut out),
        Command::Explain { code } => rules::explain(&code, lang, &mut out),
        Command::Serve(args) => serve::run(&args, lang, &mut out),
        Command::Users(args) => users::run(&args, lang, &mut out),
        Command::Ingest(args) => ingest::run(&args, lang, &mut out),
        Command::Summary(args) => summary::run(&args, lang, &mut out),
        Command::Export(args) => export::run(&args, lang, &mut out),
        Command::Rollup(args) => rollup::run(&args, lang, &mut out),
        Command::Agencies(args) => agencies::run(&args, lang, &mut out),
        Command::Stats(args) => stats::run(&args, lang, &mut out),
        Command::Compare(args) => compare::run(&args, lang, &mut out),
        Command::Card(args) => card::run(&args, lang, &mut out),
        Command::Outliers(args) => outliers::run(&args, lang, &mut out),
    };
    let _ = out.flush();
    ExitCode::from(code)
}

/// Reads a file, or standard input for `-`.
fn read_input(path: &str) -> std::io::Result<Vec<u8>> {
    if path == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf)?;
        Ok(buf)
    } else {
        std::fs::read(path)
    }
}
