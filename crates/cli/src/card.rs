//! `gongkai card`: one self-contained HTML page of a body or a region, with SVG charts.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use gongkai_model::Lang;

/// Arguments of `gongkai card`.
#[derive(Args)]
pub struct CardArgs {
    /// The corpus database.
    #[arg(long, value_name = "FILE")]
    pub db: PathBuf,
    /// The body (its name as reported, the register's name or credit code).
    #[arg(long, required_unless_present = "region", conflicts_with = "region")]
    pub agency: Option<String>,
    /// A 行政区划代码 of the register (320800: all of 3208xx).
    #[arg(long, value_name = "CODE")]
    pub region: Option<String>,
    /// The minimum of closed requests for a body to be ranked among its peers.
    #[arg(long, default_value_t = gongkai_store::stats::MIN_COUNT)]
    pub min_count: i64,
    /// Output file (default: standard output).
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
}

/// `gongkai card`: exit 0 once written, 2 when the database cannot be read or has no report
/// of the body or region.
pub fn run(args: &CardArgs, lang: Lang, out: &mut dyn Write) -> u8 {
    let conn = match gongkai_store::schema::open_existing(&args.db) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{}", crate::corpus::error(&e, lang));
            return 2;
        }
    };
    let min = args.min_count.max(1);
    let page = match (&args.agency, &args.region) {
        (Some(a), _) => gongkai_store::card::agency_card(&conn, a, min),
        (None, Some(r)) => gongkai_store::card::region_card(&conn, r, min),
        (None, None) => return 2,
    };
    match page {
        Ok(p) => crate::output::write(&p, args.output.as_deref(), lang, out),
        Err(e) => {
            eprintln!("{}", crate::corpus::error(&e, lang));
            2
        }
    }
}
