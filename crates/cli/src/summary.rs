//! `gongkai summary`: one row per file of the corpus, and against a register the bodies with no
//! report or more than one.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use gongkai_model::Lang;

/// Arguments of `gongkai summary`.
#[derive(Args)]
pub struct SummaryArgs {
    /// The corpus database.
    #[arg(long, value_name = "FILE")]
    pub db: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: SummaryFormat,
    /// A register (CSV) of the bodies expected to report: list those with no report or more than one.
    #[arg(long, value_name = "REGISTER", requires = "year")]
    pub expect: Option<PathBuf>,
    /// The year the reports cover (with --expect).
    #[arg(long)]
    pub year: Option<i32>,
}

/// How the summary is printed.
#[derive(Clone, Copy, ValueEnum)]
pub enum SummaryFormat {
    /// An aligned table for people.
    Table,
    /// Tab-separated, one row per file.
    Tsv,
    /// JSON.
    Json,
}

/// `gongkai summary`: exit 0 once printed, 2 when the database or register cannot be read.
pub fn run(args: &SummaryArgs, lang: Lang, out: &mut dyn Write) -> u8 {
    let expected = match &args.expect {
        Some(path) => match gongkai_store::agency::read_register(path) {
            Ok(a) => Some(a),
            Err(e) => {
                let msg = if lang == Lang::En {
                    format!("error: {}", e.en)
                } else {
                    format!("错误：{}", e.zh)
                };
                eprintln!("{msg}");
                return 2;
            }
        },
        None => None,
    };
    let conn = match gongkai_store::schema::open_existing(&args.db) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{}", crate::corpus::error(&e, lang));
            return 2;
        }
    };
    let expect = expected.as_deref().zip(args.year);
    let report = match gongkai_store::summary::summary(&conn, expect) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{}", crate::corpus::error(&e, lang));
            return 2;
        }
    };
    let text = match args.format {
        SummaryFormat::Table => gongkai_store::summary::table(&report, lang),
        SummaryFormat::Tsv => gongkai_store::summary::tsv(&report),
        SummaryFormat::Json => serde_json::to_string_pretty(&report).unwrap_or_default() + "\n",
    };
    let _ = out.write_all(text.as_bytes());
    0
}
