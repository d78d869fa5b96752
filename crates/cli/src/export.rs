//! `gongkai export`: the corpus as Parquet or CSV tables (`reports`, `cells`, `findings`,
//! `documents`), optionally partitioned by year.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use gongkai_model::Lang;
use gongkai_store::export::Format;

/// Arguments of `gongkai export`.
#[derive(Args)]
pub struct ExportArgs {
    /// The corpus database.
    #[arg(long, value_name = "FILE")]
    pub db: PathBuf,
    /// Output format.
    #[arg(long, value_enum)]
    pub to: ExportFormat,
    /// Partition the tables by year: DIR/reports/year=2024/part-0.parquet.
    #[arg(long, value_enum)]
    pub partition: Option<Partition>,
    /// Output folder (created when absent).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
}

/// What `export` writes.
#[derive(Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    /// Apache Parquet (DuckDB, pandas, Spark, Trino).
    Parquet,
    /// CSV with a header row.
    Csv,
}

/// How the tables are partitioned.
#[derive(Clone, Copy, ValueEnum)]
pub enum Partition {
    /// One folder per year covered (Hive style: year=2024).
    Year,
}

/// `gongkai export`: exit 0 once written, 2 when it could not be.
pub fn run(args: &ExportArgs, lang: Lang, out: &mut dyn Write) -> u8 {
    let conn = match gongkai_store::schema::open_existing(&args.db) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{}", crate::corpus::error(&e, lang));
            return 2;
        }
    };
    let format = match args.to {
        ExportFormat::Parquet => Format::Parquet,
        ExportFormat::Csv => Format::Csv,
    };
    match gongkai_store::export::export(&conn, &args.dir, format, args.partition.is_some()) {
        Ok(written) => {
            for (table, rows) in &written.rows {
                let _ = if lang == Lang::En {
                    writeln!(out, "{table}\t{rows} rows")
                } else {
                    writeln!(out, "{table}\t{rows} 行")
                };
            }
            for f in &written.files {
                let _ = writeln!(out, "{}", f.display());
            }
            0
        }
        Err(e) => {
            eprintln!("{}", crate::corpus::error(&e, lang));
            2
        }
    }
}
