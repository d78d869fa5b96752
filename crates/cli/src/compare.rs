//! `gongkai compare`: two reports cell by cell with the carry-over checks — two files, or two
//! years of one body from a corpus database.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use gongkai_model::Lang;
use gongkai_store::compare;

/// Arguments of `gongkai compare`.
#[derive(Args)]
pub struct CompareArgs {
    /// Two report files: the earlier year first (instead of --db).
    #[arg(value_name = "FILE", num_args = 2, required_unless_present = "db")]
    pub files: Vec<PathBuf>,
    /// Compare two years of one body in this corpus database.
    #[arg(long, value_name = "FILE", conflicts_with = "files", requires_all = ["agency", "years"])]
    pub db: Option<PathBuf>,
    /// With --db: the body (its name as reported, the register's name or credit code).
    #[arg(long, requires = "db")]
    pub agency: Option<String>,
    /// With --db: the two years, earlier first (2023,2024).
    #[arg(long, value_name = "Y1,Y2", requires = "db")]
    pub years: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "terminal")]
    pub format: CompareFormat,
    /// Output file (default: standard output).
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
}

/// How the comparison is printed.
#[derive(Clone, Copy, ValueEnum)]
pub enum CompareFormat {
    /// The checks and the differing cells, for people.
    Terminal,
    /// JSON: every cell of both reports and every check.
    Json,
    /// One printable HTML page.
    Html,
}

fn refuse(zh: &str, en: &str, lang: Lang) -> u8 {
    match lang {
        Lang::Zh => eprintln!("错误：{zh}"),
        Lang::En => eprintln!("error: {en}"),
    }
    2
}

/// `gongkai compare`: exit 0 once printed (broken carry-overs are findings, shown), 2 when a
/// report cannot be read.
pub fn run(args: &CompareArgs, lang: Lang, out: &mut dyn Write) -> u8 {
    let pair = if let Some(db) = &args.db {
        let years = args.years.as_deref().unwrap_or_default();
        let parsed: Vec<i32> = years
            .split(',')
            .filter_map(|y| y.trim().parse().ok())
            .collect();
        let &[y1, y2] = parsed.as_slice() else {
            return refuse(
                &format!("--years 应为两个年度，如 2023,2024（收到“{years}”）"),
                &format!("--years takes two years, e.g. 2023,2024 (got “{years}”)"),
                lang,
            );
        };
        let conn = match gongkai_store::schema::open_existing(db) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("{}", crate::corpus::error(&e, lang));
                return 2;
            }
        };
        match compare::years_from_db(&conn, args.agency.as_deref().unwrap_or_default(), (y1, y2)) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("{}", crate::corpus::error(&e, lang));
                return 2;
            }
        }
    } else {
        let mut sides = Vec::new();
        for f in &args.files {
            let (mut inputs, not_used) =
                gongkai_store::rollup::inputs_from_files(std::slice::from_ref(f), None);
            if let Some((path, why)) = not_used.first() {
                return refuse(
                    &format!("{path}：{}", why.zh),
                    &format!("{path}: {}", why.en),
                    lang,
                );
            }
            if inputs.len() != 1 {
                return refuse(
                    &format!("{}：应为一份报告文件", f.display()),
                    &format!("{}: expected one report file", f.display()),
                    lang,
                );
            }
            sides.push(inputs.remove(0));
        }
        let b = sides.pop();
        match (sides.pop(), b) {
            (Some(a), Some(b)) => (a, b),
            _ => return refuse("需要两份报告", "two reports are needed", lang),
        }
    };
    let c = compare::compare(&pair.0, &pair.1);
    let text = match args.format {
        CompareFormat::Terminal => compare::terminal(&c, lang),
        CompareFormat::Json => serde_json::to_string_pretty(&c).unwrap_or_default() + "\n",
        CompareFormat::Html => compare::html(&c),
    };
    crate::output::write(&text, args.output.as_deref(), lang, out)
}
