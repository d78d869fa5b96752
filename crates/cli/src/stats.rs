//! `gongkai stats`: the assessor's statistics of a corpus database, per body and year, with the
//! peer rank on the 同意公开率 (formulas in the README, "统计").

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use gongkai_model::Lang;
use gongkai_store::stats::{self, Filter};

/// Arguments of `gongkai stats`.
#[derive(Args)]
pub struct StatsArgs {
    /// The corpus database.
    #[arg(long, value_name = "FILE")]
    pub db: PathBuf,
    /// Only this year (the year before is still read for the change).
    #[arg(long)]
    pub year: Option<i32>,
    /// Only the register's bodies of this 行政区划代码 (320800: all of 3208xx); peers are ranked within it.
    #[arg(long, value_name = "CODE")]
    pub region: Option<String>,
    /// Only this body (its name or credit code).
    #[arg(long)]
    pub agency: Option<String>,
    /// The minimum of closed requests for a body to be ranked among its peers.
    #[arg(long, default_value_t = stats::MIN_COUNT)]
    pub min_count: i64,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: StatsFormat,
}

/// How the statistics are printed.
#[derive(Clone, Copy, ValueEnum)]
pub enum StatsFormat {
    /// An aligned table for people.
    Table,
    /// Tab-separated, every statistic (each reason's share included).
    Tsv,
    /// JSON: every statistic with its operands, interval and why not assessable.
    Json,
}

/// `gongkai stats`: exit 0 once printed, 2 when the database cannot be read.
pub fn run(args: &StatsArgs, lang: Lang, out: &mut dyn Write) -> u8 {
    let conn = match gongkai_store::schema::open_existing(&args.db) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{}", crate::corpus::error(&e, lang));
            return 2;
        }
    };
    let filter = Filter {
        year: args.year,
        region: args.region.clone(),
        agency: args.agency.clone(),
    };
    let result = match stats::stats(&conn, &filter, args.min_count.max(1)) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{}", crate::corpus::error(&e, lang));
            return 2;
        }
    };
    let text = match args.format {
        StatsFormat::Table => stats::table(&result, lang),
        StatsFormat::Tsv => stats::tsv(&result),
        StatsFormat::Json => serde_json::to_string_pretty(&result).unwrap_or_default() + "\n",
    };
    let _ = out.write_all(text.as_bytes());
    0
}
