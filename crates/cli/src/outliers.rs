//! `gongkai outliers`: reports whose figures break sharply from the body's own series (a
//! ten-fold jump), refuse every request, or lose a review every year — with the cells involved.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use gongkai_model::Lang;
use gongkai_store::stats::{Filter, compute, observations};

/// Arguments of `gongkai outliers`.
#[derive(Args)]
pub struct OutliersArgs {
    /// The corpus database.
    #[arg(long, value_name = "FILE")]
    pub db: PathBuf,
    /// Only the register's bodies of this 行政区划代码.
    #[arg(long, value_name = "CODE")]
    pub region: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "terminal")]
    pub format: OutliersFormat,
}

/// How the outliers are printed.
#[derive(Clone, Copy, ValueEnum)]
pub enum OutliersFormat {
    /// One outlier a line with its cells.
    Terminal,
    /// JSON.
    Json,
}

/// `gongkai outliers`: exit 0 once printed, whatever was found; 2 when the database cannot be
/// read.
pub fn run(args: &OutliersArgs, lang: Lang, out: &mut dyn Write) -> u8 {
    let conn = match gongkai_store::schema::open_existing(&args.db) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{}", crate::corpus::error(&e, lang));
            return 2;
        }
    };
    let filter = Filter {
        region: args.region.clone(),
        ..Filter::default()
    };
    let obs = match observations(&conn, &filter) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{}", crate::corpus::error(&e, lang));
            return 2;
        }
    };
    let rows = compute(&obs, gongkai_store::stats::MIN_COUNT);
    let list = gongkai_store::outliers::outliers(&obs, &rows);
    let text = match args.format {
        OutliersFormat::Terminal => gongkai_store::outliers::terminal(&list, lang),
        OutliersFormat::Json => serde_json::to_string_pretty(&list).unwrap_or_default() + "\n",
    };
    let _ = out.write_all(text.as_bytes());
    0
}
