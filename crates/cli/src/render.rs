//! `gongkai render` (a report or an authoring file in the national template: DOCX, HTML,
//! Markdown, JSON, cells) and `gongkai new` (the authoring file to fill in).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use gongkai_authoring as authoring;
use gongkai_model::labels::Template;
use gongkai_model::{IdentityCheck, Lang, Severity, check_identities};
use gongkai_render::diagnostics::{SourceView, terminal};

use crate::commands::{Loaded, load};

/// Arguments of `gongkai render`.
#[derive(Args)]
pub struct RenderArgs {
    /// Output format.
    #[arg(long, value_enum)]
    pub to: RenderFormat,
    /// Output file (default: standard output).
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Render even when identities I1–I4 do not hold or the file has errors (they are printed).
    #[arg(long)]
    pub force: bool,
    /// Do not recognise scans (image files, PDF or OFD pages without a text layer) with OCR.
    #[arg(long)]
    pub no_ocr: bool,
    /// A report in any readable format, or an authoring file (`.toml`); `-` reads standard input.
    #[arg(value_name = "FILE")]
    pub file: String,
}

/// What `render` writes.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RenderFormat {
    /// Word document in the national template.
    Docx,
    /// One self-contained printable HTML page.
    Html,
    /// Markdown with pipe tables.
    Md,
    /// The whole model as JSON (as `extract --format json`).
    Json,
    /// The canonical cells TSV.
    Cells,
    /// An authoring file holding the report, to edit and render again.
    Toml,
}

/// Arguments of `gongkai new`.
#[derive(Args)]
pub struct NewArgs {
    /// The national template: 2021 (国办公开办函〔2021〕30号) or 2019 (〔2019〕60号).
    #[arg(long, value_enum, default_value = "2021")]
    pub template: TemplateArg,
    /// The agency's name, for the title and the signature.
    #[arg(long)]
    pub agency: Option<String>,
    /// The year the report covers.
    #[arg(long)]
    pub year: Option<i32>,
}

/// A template on the command line.
#[derive(Clone, Copy, ValueEnum)]
pub enum TemplateArg {
    /// 国办公开办函〔2021〕30号, from the 2021 reports on.
    #[value(name = "2021")]
    Y2021,
    /// 国办公开办函〔2019〕60号, for the 2019 and 2020 reports.
    #[value(name = "2019")]
    Y2019,
}

/// `gongkai new`: prints an empty authoring file.
pub fn new(args: &NewArgs, out: &mut dyn Write) -> u8 {
    let template = match args.template {
        TemplateArg::Y2021 => Template::Y2021,
        TemplateArg::Y2019 => Template::Y2019,
    };
    let text = authoring::skeleton(template, args.agency.as_deref(), args.year);
    let _ = out.write_all(text.as_bytes());
    0
}

/// `gongkai render`: exit 0 when written, 1 when refused for errors, 2 when the input could
/// not be read or the output not written.
pub fn render(args: &RenderArgs, lang: Lang, out: &mut dyn Write) -> u8 {
    let en = lang == Lang::En;
    let path = args.file.as_str();
    let options = gongkai_extract::Options { ocr: !args.no_ocr };
    let doc = match load(path, lang, &options) {
        Ok(doc) => doc,
        Err(e) => {
            eprintln!("{}", e.message.get(lang));
            return 2;
        }
    };
    for w in &doc.source.warnings {
        eprintln!("{path}: {}", if en { &w.en } else { &w.zh });
    }
    let ids = check_identities(&doc.report);
    let errors = report_findings(&doc, &ids, lang);
    if errors > 0 {
        if !args.force {
            eprintln!(
                "{}",
                if en {
                    format!(
                        "{path}: not rendered: {errors} errors above; correct them, or add --force to render anyway"
                    )
                } else {
                    format!(
                        "{path}：有 {errors} 处错误（见上），未生成；请改正，或加 --force 仍然生成"
                    )
                }
            );
            return 1;
        }
        eprintln!(
            "{}",
            if en {
                format!("{path}: rendering anyway (--force) despite {errors} errors")
            } else {
                format!("{path}：有 {errors} 处错误，按 --force 仍然生成")
            }
        );
    }
    if args.to == RenderFormat::Toml
        && gongkai_model::cells::key_template(&doc.report) == Template::Pre2019
    {
        eprintln!(
            "{}",
            if en {
                format!(
                    "note: {path} is a pre-2019 report with no template tables; the authoring file follows the 2021 template, tables blank"
                )
            } else {
                format!(
                    "提示：{path} 是 2019 年以前的旧式报告，没有国家模板表格；填报文件按 2021 模板生成，表格为空"
                )
            }
        );
    }
    let bytes = match args.to {
        RenderFormat::Docx => gongkai_render::docx(&doc.report),
        RenderFormat::Html => gongkai_render::html(&doc.report).into_bytes(),
        RenderFormat::Md => gongkai_render::markdown(&doc.report).into_bytes(),
        RenderFormat::Cells => gongkai_render::cells_tsv(&doc.report).into_bytes(),
        RenderFormat::Toml => authoring::to_toml(&doc.report).into_bytes(),
        RenderFormat::Json => {
            let value = gongkai_render::json(&doc.source, &doc.report, &doc.diagnostics, &ids);
            let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
            text.push('\n');
            text.into_bytes()
        }
    };
    write_output(args, &bytes, lang, out)
}

/// Prints the file's findings (the rule set, as `gongkai check` finds them, notes left out) to
/// standard error; returns how many are errors.
fn report_findings(doc: &Loaded, ids: &[IdentityCheck], lang: Lang) -> usize {
    let ctx = gongkai_check::Context {
        report: &doc.report,
        text: &doc.source.text,
        parse_diagnostics: &doc.diagnostics,
        identities: ids,
        previous: None,
    };
    let views = |_: gongkai_model::Span| {
        Some(SourceView {
            name: &doc.source.name,
            text: &doc.source.text,
            source: Some(&doc.source),
        })
    };
    let mut errors = 0;
    for d in gongkai_check::check(&ctx, &gongkai_check::Config::default()) {
        if d.severity == Severity::Note {
            continue;
        }
        errors += usize::from(d.severity == Severity::Error);
        let short = gongkai_check::rule_of(d.code).map_or("", |r| r.short);
        eprintln!("{}", terminal(&d, short, &views, lang));
    }
    errors
}

fn write_output(args: &RenderArgs, bytes: &[u8], lang: Lang, out: &mut dyn Write) -> u8 {
    let en = lang == Lang::En;
    match &args.output {
        Some(p) => match std::fs::write(p, bytes) {
            Ok(()) => 0,
            Err(e) => {
                let p = p.display();
                eprintln!(
                    "{}",
                    if en {
                        format!("error: cannot write {p}: {e}")
                    } else {
                        format!("错误：无法写入 {p}：{}", crate::i18n::io_error(&e, lang))
                    }
                );
                2
            }
        },
        None if args.to == RenderFormat::Docx && std::io::stdout().is_terminal() => {
            eprintln!(
                "{}",
                if en {
                    "error: a DOCX file is binary; name the output with -o FILE.docx"
                } else {
                    "错误：DOCX 是二进制文件，请用 -o 文件名.docx 指定输出文件"
                }
            );
            2
        }
        None => match out.write_all(bytes) {
            Ok(()) => 0,
            Err(_) => 2,
        },
    }
}
