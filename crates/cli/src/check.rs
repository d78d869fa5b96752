//! `gongkai check`: the rule set on files and folders, on all cores, in a stable order.

use std::io::Write;
use std::path::PathBuf;

use gongkai_check::{Config, rule_of};
use gongkai_model::{Diagnostic, Lang, Severity, SourceId, Span};
use gongkai_render::diagnostics::{Finding, SourceView, finding, push_tsv_line_of, terminal};

use crate::commands::{LoadError, Loaded, load_with_id};
use crate::fix::{Fixed, fix_file};
use crate::pool::par_map;
use crate::walk::expand;

/// How findings are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// Compiler-style text for people.
    Terminal,
    /// One JSON array of findings.
    Json,
    /// One finding a line.
    Tsv,
}

/// Everything `gongkai check` is asked to do.
pub struct CheckArgs {
    /// Files and folders.
    pub paths: Vec<String>,
    /// Output format.
    pub output: Output,
    /// Findings at or above this level make the exit code 1.
    pub deny: Severity,
    /// `CODE=LEVEL` settings from the command line.
    pub levels: Vec<String>,
    /// A `gongkai.toml` to read (default: `./gongkai.toml` when it exists).
    pub config: Option<PathBuf>,
    /// Apply the safe fixes, showing the diff first.
    pub fix: bool,
    /// With `fix`: show the diff, write nothing.
    pub dry_run: bool,
    /// How documents are read (`--no-ocr`).
    pub options: gongkai_extract::Options,
}

/// Loads every file on all cores; results keep the order of `files`.
fn load_all(
    files: &[String],
    lang: Lang,
    options: &gongkai_extract::Options,
) -> Vec<Result<Loaded, LoadError>> {
    par_map(files.len(), |i| {
        load_with_id(&files[i], lang, SourceId(i as u32), options)
    })
    .into_iter()
    .map(|r| {
        r.unwrap_or_else(|| {
            Err(LoadError {
                code: gongkai_model::Code::UnreadableFile,
                message: gongkai_model::Text::new(
                    "内部错误：文件未处理",
                    "internal error: file not processed",
                ),
            })
        })
    })
    .collect()
}

/// The name without the higher-level places in front (淮安市洪泽区人民政府 → 洪泽区人民政府): reports
/// of one agency share this key, so finding last year's report is a lookup, not a scan.
fn agency_key(name: &str) -> String {
    let mut n: &str = name;
    while let Some(i) = n.find(['省', '市', '州', '盟']) {
        let rest = &n[i + '市'.len_utf8()..];
        if rest.chars().count() < 4 {
            break;
        }
        n = rest;
    }
    n.chars().filter(|c| !c.is_whitespace()).collect()
}

/// For each loaded report, the index of the same agency's report for the year before, if any.
fn previous_years(all: &[Result<Loaded, LoadError>]) -> Vec<Option<usize>> {
    let mut index: std::collections::BTreeMap<(String, i32), Vec<usize>> =
        std::collections::BTreeMap::new();
    for (i, d) in all.iter().enumerate() {
        if let Ok(d) = d
            && let (Some(a), Some(y)) = (&d.report.meta.agency, &d.report.meta.year)
        {
            index
                .entry((agency_key(&a.value), y.value))
                .or_default()
                .push(i);
        }
    }
    all.iter()
        .map(|d| {
            let d = d.as_ref().ok()?;
            let (a, y) = (d.report.meta.agency.as_ref()?, d.report.meta.year.as_ref()?);
            index
                .get(&(agency_key(&a.value), y.value - 1))?
                .iter()
                .copied()
                .find(|&j| {
                    all[j]
                        .as_ref()
                        .ok()
                        .and_then(|o| o.report.meta.agency.as_ref())
                        .is_some_and(|b| gongkai_check::same_agency(&a.value, &b.value))
                })
        })
        .collect()
}

/// For each loaded report, last year's report of the same agency (see [`previous_years`]); the
/// run-together digits last year's report decides are split first, oldest year first, so a
/// report split with its predecessor's help can help its successor.
pub(crate) fn with_previous_years(docs: &mut [Result<Loaded, LoadError>]) -> Vec<Option<usize>> {
    let previous = previous_years(docs);
    let year = |d: &Result<Loaded, LoadError>| {
        d.as_ref()
            .ok()
            .and_then(|d| d.report.meta.year.as_ref())
            .map(|y| y.value)
    };
    let mut order: Vec<usize> = (0..docs.len()).filter(|&i| previous[i].is_some()).collect();
    order.sort_by_key(|&i| (year(&docs[i]), i));
    for i in order {
        let Some(last) = previous[i]
            .and_then(|j| docs[j].as_ref().ok())
            .map(|d| d.report.clone())
        else {
            continue;
        };
        if let Ok(doc) = &mut docs[i] {
            gongkai_load::resolve_with_previous(doc, &last);
        }
    }
    previous
}

/// The rule levels of `--config FILE` (else `./gongkai.toml` when there is one) and of the
/// `--level` pairs; on error, the message is printed and the exit code returned.
pub fn load_config(config: Option<&PathBuf>, levels: &[String], lang: Lang) -> Result<Config, u8> {
    let en = lang == Lang::En;
    let mut loaded = Config::default();
    let config_path = config
        .cloned()
        .or_else(|| Some(PathBuf::from("gongkai.toml")).filter(|p| p.exists()));
    if let Some(path) = &config_path {
        let shown = path.display();
        let text = std::fs::read_to_string(path).map_err(|e| {
            eprintln!(
                "{}",
                if en {
                    format!("error: cannot read {shown}: {e}")
                } else {
                    format!(
                        "错误：无法读取 {shown}：{}",
                        crate::i18n::io_error(&e, lang)
                    )
                }
            );
            2
        })?;
        loaded.load_toml(&text).map_err(|e| {
            eprintln!(
                "{}",
                if en {
                    format!("error: {shown}: {}", e.message(lang))
                } else {
                    format!("错误：{shown}：{}", e.message(lang))
                }
            );
            2
        })?;
    }
    for pair in levels {
        loaded.set_pair(pair).map_err(|e| {
            let prefix = if en {
                "error: --level "
            } else {
                "错误：--level "
            };
            eprintln!("{prefix}{}", e.message(lang));
            2
        })?;
    }
    Ok(loaded)
}

/// The rule set's findings for every loaded file, on all cores.
fn findings(
    docs: &[Result<Loaded, LoadError>],
    previous: &[Option<usize>],
    config: &Config,
) -> Vec<Option<Vec<Diagnostic>>> {
    par_map(docs.len(), |i| {
        let Ok(doc) = &docs[i] else {
            return Vec::new();
        };
        let last_year = previous[i]
            .and_then(|j| docs[j].as_ref().ok())
            .map(|p| &p.report);
        gongkai_load::check(doc, last_year, config).1
    })
}

/// `gongkai check`.
pub fn check(args: &CheckArgs, lang: Lang, out: &mut dyn Write) -> u8 {
    let en = lang == Lang::En;
    let config = match load_config(args.config.as_ref(), &args.levels, lang) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let expanded = expand(&args.paths);
    let files = expanded.files;
    if files.is_empty() {
        eprintln!(
            "{}",
            if en {
                "error: no report files found"
            } else {
                "错误：没有找到报告文件"
            }
        );
        return 2;
    }
    let mut docs = load_all(&files, lang, &args.options);
    if args.fix {
        // The fixes are written first (each diff before anything else is printed), then the
        // fixed files are read again, so the findings below are those of what is now on disk.
        let previous = with_previous_years(&mut docs);
        let found = findings(&docs, &previous, &config);
        for (i, diags) in found.iter().enumerate() {
            let (Ok(doc), Some(diags)) = (&docs[i], diags) else {
                continue;
            };
            let fixed = if args.output == Output::Terminal {
                fix_file(doc, diags, args.dry_run, lang, out)
            } else {
                fix_file(doc, diags, args.dry_run, lang, &mut std::io::stderr())
            };
            if let Fixed::Applied = fixed {
                docs[i] = load_with_id(&files[i], lang, SourceId(i as u32), &args.options);
            }
        }
    }
    let previous = with_previous_years(&mut docs);
    let views = |span: Span| {
        docs.get(span.source.0 as usize)
            .and_then(|d| d.as_ref().ok())
            .map(|d| SourceView {
                name: &d.source.name,
                text: &d.source.text,
                source: Some(&d.source),
            })
    };
    // The rules and the rendering run on all cores, each file into its own buffer; the buffers
    // are then printed in file order, so the output does not depend on the scheduling.
    let found = findings(&docs, &previous, &config);
    let checked = par_map(docs.len(), |i| match &found[i] {
        Some(diags) if docs[i].is_ok() => render(diags, args.output, &views, lang),
        _ => Checked::default(),
    });
    if args.output == Output::Tsv {
        let _ = writeln!(out, "{}", gongkai_render::diagnostics::TSV_HEADER);
    }
    let mut counts = [0usize; 3];
    let mut unreadable = 0;
    let mut json: Vec<Finding> = Vec::new();
    for ((path, doc), done) in files.iter().zip(&docs).zip(checked) {
        if let Err(e) = doc {
            unreadable += 1;
            eprintln!("{}", e.message.get(lang));
            let d = e.diagnostic();
            let short = rule_of(d.code).map_or("", |r| r.short);
            match args.output {
                Output::Json => {
                    let mut f = finding(&d, short, &|_| None, lang);
                    f.file = path.clone();
                    f.primary.file = path.clone();
                    json.push(f);
                }
                Output::Tsv => {
                    let view = |_: Span| {
                        Some(SourceView {
                            name: path,
                            text: "",
                            source: None,
                        })
                    };
                    let mut line = String::new();
                    push_tsv_line_of(&mut line, &d, short, &view, lang);
                    let _ = writeln!(out, "{line}");
                }
                Output::Terminal => {}
            }
            continue;
        }
        let Some(done) = done else {
            // A worker that panicked has already aborted the run; this cannot be reached.
            continue;
        };
        for (total, n) in counts.iter_mut().zip(done.counts) {
            *total += n;
        }
        let _ = out.write_all(done.text.as_bytes());
        json.extend(done.findings);
    }
    if args.output == Output::Json {
        let _ = serde_json::to_writer_pretty(&mut *out, &json);
        let _ = writeln!(out);
    }
    let [notes, warnings, errors] = counts;
    let summary = if en {
        format!(
            "{} files checked: {errors} errors, {warnings} warnings, {notes} notes; {unreadable} could not be read",
            files.len()
        )
    } else {
        format!(
            "共检查 {} 个文件：错误 {errors} 个，警告 {warnings} 个，提示 {notes} 个；无法读取 {unreadable} 个",
            files.len()
        )
    };
    // Files of the folders that were not read are listed before the summary, never dropped.
    let mut skipped = String::new();
    for s in &expanded.skipped {
        let reason = skip_reason(s.reason, lang);
        skipped.push_str(&if en {
            format!("skipped: {} ({reason})\n", s.path)
        } else {
            format!("跳过：{}（{reason}）\n", s.path)
        });
    }
    let summary = match expanded.skipped.len() {
        0 => summary,
        n if en => format!("{summary}; {n} other files of the folders skipped"),
        n => format!("{summary}；跳过目录中的其他文件 {n} 个"),
    };
    if args.output == Output::Terminal {
        let _ = writeln!(out, "{skipped}{summary}");
    } else {
        eprintln!("{skipped}{summary}");
    }
    let denied = match args.deny {
        Severity::Error => errors,
        Severity::Warning => errors + warnings,
        Severity::Note => errors + warnings + notes,
    };
    if unreadable > 0 {
        2
    } else if denied > 0 {
        1
    } else {
        0
    }
}

/// Why a file of a folder was skipped, for people.
fn skip_reason(reason: crate::walk::SkipReason, lang: Lang) -> &'static str {
    use crate::walk::SkipReason as R;
    match reason {
        R::NotAReportType => crate::i18n::tr(
            lang,
            "不是报告的文件类型：图片、表格、压缩包等",
            "not a report file type (image, spreadsheet, archive …)",
        ),
        R::SymlinkLoop => crate::i18n::tr(
            lang,
            "符号链接指回上级目录，已读过",
            "a symlink back into a folder already read",
        ),
        R::Unlisted => crate::i18n::tr(
            lang,
            "无法列出（权限或失效的链接）",
            "cannot be listed (permissions or a dangling link)",
        ),
        R::TooDeep => crate::i18n::tr(
            lang,
            "目录层级过深，未读取",
            "folders nested too deep, not read",
        ),
    }
}

/// One file's findings, rendered.
#[derive(Default)]
struct Checked {
    /// Findings by severity (note, warning, error).
    counts: [usize; 3],
    /// Terminal text or TSV lines.
    text: String,
    /// JSON findings.
    findings: Vec<Finding>,
}

/// Renders one file's findings in the chosen format.
fn render<'a>(
    diags: &[Diagnostic],
    output: Output,
    views: &dyn Fn(Span) -> Option<SourceView<'a>>,
    lang: Lang,
) -> Checked {
    let mut done = Checked::default();
    for d in diags {
        done.counts[d.severity as usize] += 1;
        let short = rule_of(d.code).map_or("", |r| r.short);
        match output {
            Output::Terminal => {
                done.text.push_str(&terminal(d, short, views, lang));
                done.text.push('\n');
            }
            Output::Json => done.findings.push(finding(d, short, views, lang)),
            Output::Tsv => {
                push_tsv_line_of(&mut done.text, d, short, views, lang);
                done.text.push('\n');
            }
        }
    }
    done
}
