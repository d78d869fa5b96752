//! `gongkai check`, `gongkai rules`, `gongkai explain`: the rule set on files and folders.

use std::io::Write;
use std::path::{Path, PathBuf};

use gongkai_check::{Config, Context, RULES, rule};
use gongkai_model::{Diagnostic, Lang, Severity, SourceId, Span, Text};
use gongkai_render::diagnostics::{Finding, SourceView, finding, push_tsv_line_of, terminal};

use crate::commands::{Loaded, load_with_id};

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
    /// Rewrite label typos in text reports.
    pub fix_labels: bool,
    /// With `fix_labels`: show the changes, write nothing.
    pub dry_run: bool,
    /// How documents are read (`--no-ocr`).
    pub options: gongkai_extract::Options,
}

/// File extensions taken from a folder (format is then detected from the content).
const REPORT_EXTENSIONS: &[&str] = &[
    "txt", "text", "md", "html", "htm", "shtml", "docx", "pdf", "toml", "doc", "wps", "ofd", "png",
    "jpg", "jpeg", "tif", "tiff",
];

/// Expands folders into the report files below them, sorted; files are kept as given.
pub fn expand(paths: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for p in paths {
        let path = Path::new(p);
        if p != "-" && path.is_dir() {
            let mut found = Vec::new();
            walk(path, &mut found, 0);
            found.sort();
            out.extend(found.into_iter().map(|f| f.to_string_lossy().into_owned()));
        } else {
            out.push(p.clone());
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        let name = e.file_name();
        let name = name.to_string_lossy();
        let lower = name.to_ascii_lowercase();
        if name.starts_with('.')
            || lower.ends_with(".cells.tsv")
            || lower == "gongkai.toml"
            || lower.starts_with("readme")
        {
            continue;
        }
        if p.is_dir() {
            if depth < 16 {
                walk(&p, out, depth + 1);
            }
        } else if p
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| REPORT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        {
            out.push(p);
        }
    }
}

/// Runs `f` for every index below `n` on all cores (workers take the next index as they free up,
/// so a few large files do not hold up the rest); the results keep index order.
fn par_map<T: Send>(n: usize, f: impl Fn(usize) -> T + Sync) -> Vec<Option<T>> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |w| w.get())
        .min(n.max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let slots: Vec<std::sync::Mutex<Option<T>>> =
        (0..n).map(|_| std::sync::Mutex::new(None)).collect();
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(slot) = slots.get(i) else { break };
                    let result = f(i);
                    if let Ok(mut slot) = slot.lock() {
                        *slot = Some(result);
                    }
                }
            });
        }
    });
    slots
        .into_iter()
        .map(|m| m.into_inner().ok().flatten())
        .collect()
}

/// Loads every file on all cores; results keep the order of `files`.
fn load_all(
    files: &[String],
    lang: Lang,
    options: &gongkai_extract::Options,
) -> Vec<Result<Loaded, String>> {
    par_map(files.len(), |i| {
        load_with_id(&files[i], lang, SourceId(i as u32), options)
    })
    .into_iter()
    .map(|r| r.unwrap_or_else(|| Err("内部错误：文件未处理".to_string())))
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
fn previous_years(all: &[Result<Loaded, String>]) -> Vec<Option<usize>> {
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

/// `gongkai check`.
pub fn check(args: &CheckArgs, lang: Lang, out: &mut dyn Write) -> u8 {
    let en = lang == Lang::En;
    let mut config = Config::default();
    let config_path = args
        .config
        .clone()
        .or_else(|| Some(PathBuf::from("gongkai.toml")).filter(|p| p.exists()));
    if let Some(path) = &config_path {
        let loaded = std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|t| config.load_toml(&t).map_err(|e| e.0));
        if let Err(e) = loaded {
            eprintln!(
                "{}",
                if en {
                    format!("error: {}: {e}", path.display())
                } else {
                    format!("错误：{}：{e}", path.display())
                }
            );
            return 2;
        }
    }
    for pair in &args.levels {
        if let Err(e) = config.set_pair(pair) {
            eprintln!(
                "{}",
                if en {
                    format!("error: {e}")
                } else {
                    format!("错误：{e}")
                }
            );
            return 2;
        }
    }
    let files = expand(&args.paths);
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
    let docs = load_all(&files, lang, &args.options);
    let previous = previous_years(&docs);
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
    let checked = par_map(docs.len(), |i| {
        let Ok(doc) = &docs[i] else {
            return Checked::default();
        };
        let identities = gongkai_model::check_identities(&doc.report);
        let ctx = Context {
            report: &doc.report,
            text: &doc.source.text,
            parse_diagnostics: &doc.diagnostics,
            identities: &identities,
            previous: previous[i]
                .and_then(|j| docs[j].as_ref().ok())
                .map(|p| &p.report),
        };
        let diags = gongkai_check::check(&ctx, &config);
        render(&diags, args.output, &views, lang)
    });
    let mut counts = [0usize; 3];
    let mut unreadable = 0;
    let mut findings: Vec<Finding> = Vec::new();
    for ((path, doc), done) in files.iter().zip(&docs).zip(checked) {
        let doc = match doc {
            Ok(d) => d,
            Err(msg) => {
                unreadable += 1;
                eprintln!("{msg}");
                if args.output == Output::Json {
                    findings.push(unreadable_finding(path, msg));
                }
                continue;
            }
        };
        // Rewriting files stays serial and in order: its diff comes before the file's findings.
        if args.fix_labels {
            fix_labels(doc, args.dry_run, lang, out);
        }
        let Some(done) = done else {
            // A worker that panicked has already aborted the run; this cannot be reached.
            continue;
        };
        for (total, n) in counts.iter_mut().zip(done.counts) {
            *total += n;
        }
        let _ = out.write_all(done.text.as_bytes());
        findings.extend(done.findings);
    }
    if args.output == Output::Json {
        let _ = serde_json::to_writer_pretty(&mut *out, &findings);
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
    if args.output == Output::Terminal {
        let _ = writeln!(out, "{summary}");
    } else {
        eprintln!("{summary}");
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
        let short = rule(&d.code).map_or("", |r| r.code);
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

fn unreadable_finding(path: &str, msg: &str) -> Finding {
    let d = Diagnostic::new(
        "unreadable-file",
        Severity::Error,
        Text::new(msg.to_string(), msg.to_string()),
        gongkai_model::Label::new(Span::default(), Text::new("", "")),
    );
    let mut f = finding(&d, "", &|_| None, Lang::Zh);
    f.file = path.to_string();
    f.primary.file = path.to_string();
    f
}

/// Rewrites label typos in a UTF-8 text report (never a number), showing the diff first.
fn fix_labels(doc: &Loaded, dry_run: bool, lang: Lang, out: &mut dyn Write) {
    let en = lang == Lang::En;
    let typos = gongkai_check::rules::label_typo::typos(&doc.report, &doc.source.text);
    if typos.is_empty() {
        return;
    }
    let name = &doc.source.name;
    let is_utf8_text = matches!(
        doc.source.format,
        gongkai_model::Format::Text {
            encoding: "UTF-8",
            ..
        }
    );
    if !is_utf8_text || name == "-" {
        let _ = writeln!(
            out,
            "{}",
            if en {
                format!("{name}: labels not rewritten: only UTF-8 text files can be fixed in place")
            } else {
                format!("{name}：未改写标签：只能就地改正 UTF-8 文本文件")
            }
        );
        return;
    }
    let text = &doc.source.text;
    let mut fixed = String::with_capacity(text.len());
    let mut at = 0;
    let mut spans: Vec<_> = typos.iter().collect();
    spans.sort_by_key(|t| t.span.start);
    for t in &spans {
        fixed.push_str(&text[at..t.span.start as usize]);
        fixed.push_str(&t.template);
        at = t.span.end as usize;
    }
    fixed.push_str(&text[at..]);
    let _ = writeln!(out, "--- {name}\n+++ {name}");
    for (i, (a, b)) in text.lines().zip(fixed.lines()).enumerate() {
        if a != b {
            let _ = writeln!(out, "@@ {} @@\n-{a}\n+{b}", i + 1);
        }
    }
    if dry_run {
        return;
    }
    let mut bytes = Vec::new();
    if matches!(
        doc.source.format,
        gongkai_model::Format::Text { bom: true, .. }
    ) {
        bytes.extend_from_slice(b"\xEF\xBB\xBF");
    }
    bytes.extend_from_slice(fixed.as_bytes());
    match std::fs::write(name, bytes) {
        Ok(()) => {
            let _ = writeln!(
                out,
                "{}",
                if en {
                    format!("{name}: {} labels corrected", typos.len())
                } else {
                    format!("{name}：已改正 {} 处标签", typos.len())
                }
            );
        }
        Err(e) => eprintln!(
            "{}",
            if en {
                format!("error: cannot write {name}: {e}")
            } else {
                format!("错误：无法写入 {name}：{}", crate::i18n::io_error(&e, lang))
            }
        ),
    }
}

/// `gongkai rules`.
pub fn rules(lang: Lang, out: &mut dyn Write) -> u8 {
    for r in RULES {
        let summary = if lang == Lang::En {
            r.summary.1
        } else {
            r.summary.0
        };
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{summary}",
            r.code,
            r.name,
            r.severity.label(lang)
        );
    }
    0
}

/// `gongkai explain CODE`.
pub fn explain(code: &str, lang: Lang, out: &mut dyn Write) -> u8 {
    let Some(r) = rule(code) else {
        eprintln!(
            "{}",
            if lang == Lang::En {
                format!("error: no rule “{code}”; `gongkai rules` lists them")
            } else {
                format!("错误：没有规则“{code}”；`gongkai rules` 列出全部规则")
            }
        );
        return 2;
    };
    let (summary, doc) = if lang == Lang::En {
        (r.summary.1, r.doc.1)
    } else {
        (r.summary.0, r.doc.0)
    };
    let level = if lang == Lang::En {
        "default level"
    } else {
        "默认级别"
    };
    let _ = writeln!(
        out,
        "# {} {}\n\n{summary}\n\n{level}: {}\n\n{doc}",
        r.code,
        r.name,
        r.severity.label(lang)
    );
    0
}
