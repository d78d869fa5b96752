//! `gongkai rollup`: the 汇总 report of many reports (files or the corpus database), through the
//! renderers; `--compare` checks a published 汇总 report against the sum of its parts.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use gongkai_model::{Lang, Outcome, check_identities};
use gongkai_store::rollup::{self, Rolled, Rollup, Scope};

/// Arguments of `gongkai rollup`.
#[derive(Args)]
pub struct RollupArgs {
    /// Report files, folders and ZIP archives to roll up (instead of --db).
    #[arg(value_name = "PATH", required_unless_present = "db")]
    pub paths: Vec<PathBuf>,
    /// Roll up the reports of this corpus database (the newest version of each body and year).
    #[arg(long, value_name = "FILE", conflicts_with = "paths")]
    pub db: Option<PathBuf>,
    /// With --db: the bodies under this one in the register (credit code or name).
    #[arg(long, value_name = "CODE", requires = "db", conflicts_with = "region")]
    pub parent: Option<String>,
    /// With --db: the bodies of this 行政区划代码 in the register (320800: all of 3208xx).
    #[arg(long, value_name = "CODE", requires = "db")]
    pub region: Option<String>,
    /// Only reports covering this year.
    #[arg(long)]
    pub year: Option<i32>,
    /// The roll-up's name: the body publishing it (e.g. 青禾县人民政府).
    #[arg(long, required_unless_present = "compare")]
    pub name: Option<String>,
    /// Output format.
    #[arg(long, value_enum, required_unless_present = "compare")]
    pub to: Option<RollupFormat>,
    /// Output file (default: standard output).
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// A published 汇总 report to check against the sum of its parts, cell by cell.
    #[arg(long, value_name = "PARENT")]
    pub compare: Option<PathBuf>,
}

/// What `rollup` writes.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RollupFormat {
    /// The canonical cells TSV (uncertain cells empty).
    Cells,
    /// JSON: every cell with its kind (uncertain: partial sum and inputs), the inputs, warnings.
    Json,
    /// An authoring file to complete with the narrative sections and render.
    Toml,
    /// Word document in the national template.
    Docx,
    /// One printable HTML page.
    Html,
    /// Markdown with pipe tables.
    Md,
}

/// `gongkai rollup`: exit 0 once the output is written, whatever the findings (on standard
/// error); 2 when it could not be (no inputs, different templates, unreadable database).
pub fn run(args: &RollupArgs, lang: Lang, out: &mut dyn Write) -> u8 {
    let en = lang == Lang::En;
    let say = |zh: String, en_text: String| eprintln!("{}", if en { en_text } else { zh });
    let name = args.name.clone().unwrap_or_else(|| "汇总".to_string());
    let rolled = if let Some(db) = &args.db {
        let conn = match gongkai_store::schema::open_existing(db) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("{}", crate::corpus::error(&e, lang));
                return 2;
            }
        };
        let scope = Scope {
            parent: args.parent.clone(),
            region: args.region.clone(),
            year: args.year,
        };
        rollup::rollup_from_db(&conn, &scope, &name)
    } else {
        let (inputs, not_used) = rollup::inputs_from_files(&args.paths, args.year);
        for (path, why) in &not_used {
            say(
                format!("提示：{path}：{}，未计入汇总", why.zh),
                format!("note: {path}: {}, not rolled up", why.en),
            );
        }
        rollup::rollup(&name, &inputs)
    };
    let rolled = match rolled {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{}", crate::corpus::error(&e, lang));
            return 2;
        }
    };
    report_findings(&rolled, lang);
    if let Some(parent) = &args.compare {
        return compare(&rolled, parent, lang, out);
    }
    let Some(format) = args.to else {
        return 2;
    };
    let report = rolled.report();
    let bytes: Vec<u8> = match format {
        RollupFormat::Cells => gongkai_render::cells_tsv(&report).into_bytes(),
        RollupFormat::Json => {
            #[derive(serde::Serialize)]
            struct Json<'a> {
                rollup: &'a Rollup,
                identities: Vec<gongkai_model::IdentityCheck>,
            }
            let value = Json {
                rollup: &rolled,
                identities: check_identities(&report),
            };
            let mut s = serde_json::to_string_pretty(&value).unwrap_or_default();
            s.push('\n');
            s.into_bytes()
        }
        RollupFormat::Toml => rolled.authoring_file().into_bytes(),
        RollupFormat::Docx => gongkai_render::docx(&report),
        RollupFormat::Html => gongkai_render::html(&report).into_bytes(),
        RollupFormat::Md => gongkai_render::markdown(&report).into_bytes(),
    };
    match &args.output {
        Some(path) => {
            if let Err(e) = std::fs::write(path, &bytes) {
                say(
                    format!(
                        "错误：无法写入 {}：{}",
                        path.display(),
                        crate::i18n::io_error(&e, lang)
                    ),
                    format!("error: cannot write {}: {e}", path.display()),
                );
                return 2;
            }
        }
        None => {
            if format == RollupFormat::Docx && std::io::stdout().is_terminal() {
                say(
                    "错误：DOCX 不能写到终端，请用 -o 文件".to_string(),
                    "error: DOCX is not written to a terminal; use -o FILE".to_string(),
                );
                return 2;
            }
            let _ = out.write_all(&bytes);
        }
    }
    0
}

/// Warnings, the inputs that were blank where others were not, uncertain cells and the
/// roll-up's own identities, on standard error.
fn report_findings(r: &Rollup, lang: Lang) {
    let en = lang == Lang::En;
    for w in &r.warnings {
        eprintln!("{}{}", if en { "warning: " } else { "警告：" }, w.get(lang));
    }
    let mut blank: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
    let mut uncertain = Vec::new();
    for c in &r.cells {
        for i in &c.blank_inputs {
            blank.entry(i).or_default().push(c.key);
        }
        if matches!(c.value, Rolled::Uncertain { .. }) {
            uncertain.push(c.key);
        }
    }
    for (input, keys) in &blank {
        if en {
            eprintln!(
                "note: {input}: {} cells blank, counted as 0: {}",
                keys.len(),
                keys.join(" ")
            );
        } else {
            eprintln!(
                "提示：{input}：{} 个单元格空白，按 0 计入：{}",
                keys.len(),
                keys.join(" ")
            );
        }
    }
    if !uncertain.is_empty() {
        if en {
            eprintln!(
                "warning: {} cells uncertain (an input has a mark, unresolved digits or no table there), left empty: {}",
                uncertain.len(),
                uncertain.join(" ")
            );
        } else {
            eprintln!(
                "警告：{} 个单元格不确定（某份报告此处为记号、无法拆分的数字或缺表），留空：{}",
                uncertain.len(),
                uncertain.join(" ")
            );
        }
    }
    for check in check_identities(&r.report()) {
        if let Outcome::Mismatch { lhs, rhs, .. } = check.outcome {
            eprintln!(
                "{}{:?} {}: {lhs} ≠ {rhs}",
                if en { "error: " } else { "错误：" },
                check.identity,
                check.scope.get(lang)
            );
        }
    }
    if en {
        eprintln!("{} reports rolled up", r.inputs.len());
    } else {
        eprintln!("共汇总 {} 份报告", r.inputs.len());
    }
}

/// `--compare`: the cells where the published roll-up differs from the sum, as TSV.
fn compare(r: &Rollup, parent: &std::path::Path, lang: Lang, out: &mut dyn Write) -> u8 {
    let (mut inputs, not_used) = rollup::inputs_from_files(&[parent.to_path_buf()], None);
    let Some(published) = inputs.pop() else {
        let why = not_used
            .first()
            .map(|(_, w)| w.get(lang).to_string())
            .unwrap_or_default();
        eprintln!(
            "{}",
            if lang == Lang::En {
                format!("error: {}: {why}", parent.display())
            } else {
                format!("错误：{}：{why}", parent.display())
            }
        );
        return 2;
    };
    match rollup::compare(r, &published) {
        Ok(diffs) => {
            let _ = writeln!(out, "key\tpublished\tsum\tdifference");
            for d in &diffs {
                let _ = writeln!(
                    out,
                    "{}\t{}\t{}\t{}",
                    d.key,
                    d.published,
                    d.sum,
                    d.difference.as_deref().unwrap_or("")
                );
            }
            if lang == Lang::En {
                eprintln!(
                    "{}: {} cells differ from the sum of {} reports",
                    parent.display(),
                    diffs.len(),
                    r.inputs.len()
                );
            } else {
                eprintln!(
                    "{}：{} 个单元格与 {} 份报告之和不同",
                    parent.display(),
                    diffs.len(),
                    r.inputs.len()
                );
            }
            0
        }
        Err(e) => {
            eprintln!("{}", crate::corpus::error(&e, lang));
            2
        }
    }
}
