//! One file through the pipeline: read → extract → parse → check, into what the store keeps.
//! The store reads no format itself: it calls `gongkai_extract`, `gongkai_parse`,
//! `gongkai_model::check_identities`, `gongkai_check` and the authoring reader.

use gongkai_check::{Config, Context};
use gongkai_model::cells::key_template;
use gongkai_model::labels::Template;
use gongkai_model::{Date, Diagnostic, Format, Origin, Report, Severity, Source, SourceId, Text};

use crate::cells::{StoredCell, report_cells};
use crate::status::{Status, UNREADABLE_FILE, classify};

/// Everything the store keeps about one file's content.
#[derive(Debug, Clone)]
pub struct Processed {
    /// `text`, `html`, `docx`, `pdf` or `toml`; `None` when unreadable.
    pub format: Option<&'static str>,
    /// The text encoding, for text and HTML.
    pub encoding: Option<&'static str>,
    /// Pages read, for PDF.
    pub pages: Option<u32>,
    /// What the file is.
    pub status: Status,
    /// Why it could not be read (unreadable files).
    pub error: Option<Text>,
    /// The title as printed.
    pub title: Option<String>,
    /// The issuing body as named in the title.
    pub agency: Option<String>,
    /// The year covered.
    pub year: Option<i32>,
    /// The template detected (`None` when nothing tells).
    pub template: Option<Template>,
    /// The report's own date (落款日期).
    pub published: Option<Date>,
    /// The table cells with their page (for reports and damaged files; empty otherwise).
    pub cells: Vec<(StoredCell, Option<u32>)>,
    /// The template whose keys `cells` follows.
    pub cell_template: Template,
    /// Every finding, in the order `check` gives them.
    pub findings: Vec<StoredFinding>,
}

/// One finding with its place resolved for display.
#[derive(Debug, Clone)]
pub struct StoredFinding {
    /// The rule name, e.g. `request-flow-mismatch`.
    pub code: String,
    /// Its level.
    pub severity: Severity,
    /// What is wrong, in both languages.
    pub message: Text,
    /// What to do, in both languages.
    pub help: Option<Text>,
    /// Byte range in the decoded text.
    pub span: (u32, u32),
    /// 1-based line and column of the start (not for unreadable files).
    pub line_col: Option<(u32, u32)>,
    /// PDF page of the start.
    pub page: Option<u32>,
}

impl Processed {
    /// Findings by level: errors, warnings, notes.
    pub fn counts(&self) -> [u32; 3] {
        let mut c = [0u32; 3];
        for f in &self.findings {
            match f.severity {
                Severity::Error => c[0] += 1,
                Severity::Warning => c[1] += 1,
                Severity::Note => c[2] += 1,
            }
        }
        c
    }
}

/// Reads, extracts, parses and checks one file's bytes. Never fails: a file that cannot be
/// read is [`Status::Unreadable`] with the reason.
pub fn process(name: &str, bytes: &[u8], config: &Config) -> Processed {
    let loaded = match read_authoring(name, bytes) {
        Some(r) => r.map(|(source, report, diags)| (source, report, diags, "toml")),
        None => gongkai_extract::extract(bytes, name)
            .map(|source| {
                let (report, diags) = gongkai_parse::parse(&source, SourceId(0));
                let format = format_name(&source.format);
                (source, report, diags, format)
            })
            .map_err(|e| {
                let pos = e.position;
                let at = |en: bool| match (pos, en) {
                    (Some(p), false) => format!("（第 {p} 字节）"),
                    (Some(p), true) => format!(" (at byte {p})"),
                    (None, _) => String::new(),
                };
                Text::new(
                    format!("{}{}", e.message(false), at(false)),
                    format!("{}{}", e.message(true), at(true)),
                )
            }),
    };
    match loaded {
        Ok((source, report, diags, format)) => checked(source, report, &diags, format, config),
        Err(message) => unreadable(message),
    }
}

/// A file read and parsed: its text, the report and the parser's findings.
type Loaded = (Source, Report, Vec<Diagnostic>);

/// Reads an authoring file when `name` is one (`.toml`); `None` for anything else. The one
/// place that knows where the authoring reader lives (today `gongkai_render::authoring`).
fn read_authoring(name: &str, bytes: &[u8]) -> Option<Result<Loaded, Text>> {
    if !name.to_ascii_lowercase().ends_with(".toml") {
        return None;
    }
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Some(Err(Text::new(
            "填报文件须为 UTF-8 编码",
            "an authoring file must be UTF-8",
        )));
    };
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let source = Source::from_text(name, text);
    Some(match gongkai_render::authoring::parse(text, SourceId(0)) {
        Ok((report, diags)) => Ok((source, report, diags)),
        Err(e) => {
            let (line, col) = source.line_col(e.span.map_or(0, |s| s.start));
            Err(Text::new(
                format!("第 {line} 行第 {col} 列：TOML 格式错误：{}", e.message),
                format!("{line}:{col}: not valid TOML: {}", e.message),
            ))
        }
    })
}

fn format_name(format: &Format) -> &'static str {
    match format {
        Format::Text { .. } => "text",
        Format::Html { .. } => "html",
        Format::Docx => "docx",
        Format::Pdf { .. } => "pdf",
    }
}

fn checked(
    source: Source,
    report: Report,
    parse_diags: &[Diagnostic],
    format: &'static str,
    config: &Config,
) -> Processed {
    let identities = gongkai_model::check_identities(&report);
    let ctx = Context {
        report: &report,
        text: &source.text,
        parse_diagnostics: parse_diags,
        identities: &identities,
        previous: None,
    };
    let diags = gongkai_check::check(&ctx, config);
    let status = classify(true, &diags);
    let cell_template = key_template(&report);
    let page = |at: u32| match source.origin(at as usize) {
        Some(Origin::PdfPage { page, .. }) => Some(page),
        _ => None,
    };
    let cells = match status {
        Status::Report | Status::Damaged => report_cells(&report, cell_template)
            .into_iter()
            .map(|c| {
                let p = page(c.span.start);
                (c, p)
            })
            .collect(),
        Status::NotAReport | Status::Unreadable => Vec::new(),
    };
    let findings = diags
        .iter()
        .map(|d| {
            let s = d.primary.span;
            let (line, col) = source.line_col(s.start as usize);
            StoredFinding {
                code: d.code.clone(),
                severity: d.severity,
                message: d.message.clone(),
                help: d.help.clone(),
                span: (s.start, s.end),
                line_col: Some((line as u32, col as u32)),
                page: page(s.start),
            }
        })
        .collect();
    let (encoding, pages) = match &source.format {
        Format::Text { encoding, .. } | Format::Html { encoding } => (Some(*encoding), None),
        Format::Pdf { pages } => (None, Some(*pages)),
        Format::Docx => (None, None),
    };
    let meta = &report.meta;
    Processed {
        format: Some(format),
        encoding,
        pages,
        status,
        error: None,
        title: meta.title.as_ref().map(|t| t.value.clone()),
        agency: meta.agency.as_ref().map(|a| a.value.clone()),
        year: meta.year.as_ref().map(|y| y.value),
        template: report.template,
        published: meta.published.as_ref().map(|d| d.value),
        cells,
        cell_template,
        findings,
    }
}

fn unreadable(message: Text) -> Processed {
    let finding = StoredFinding {
        code: UNREADABLE_FILE.to_string(),
        severity: Severity::Error,
        message: message.clone(),
        help: None,
        span: (0, 0),
        line_col: None,
        page: None,
    };
    Processed {
        format: None,
        encoding: None,
        pages: None,
        status: Status::Unreadable,
        error: Some(message),
        title: None,
        agency: None,
        year: None,
        template: None,
        published: None,
        cells: Vec::new(),
        cell_template: Template::Y2021,
        findings: vec![finding],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_is_stored_with_its_cells_and_findings() {
        let text = crate::synthetic::report_markdown(3, Template::Y2021);
        let p = process("r.md", text.as_bytes(), &Config::default());
        assert_eq!(p.status, Status::Report);
        assert_eq!(p.format, Some("text"));
        assert_eq!(p.template, Some(Template::Y2021));
        assert_eq!(
            p.cells.len(),
            crate::cells::table_keys(Template::Y2021).len()
        );
        assert!(p.agency.is_some() && p.year.is_some());
        assert_eq!(p.counts()[0], 0, "{:?}", p.findings);
    }

    #[test]
    fn an_unreadable_file_is_stored_with_the_reason() {
        let p = process(
            "x.bin",
            &[0u8, 159, 146, 150, 0, 1, 2, 3],
            &Config::default(),
        );
        assert_eq!(p.status, Status::Unreadable);
        assert!(p.error.is_some());
        assert_eq!(p.findings.len(), 1);
        assert_eq!(p.findings[0].code, UNREADABLE_FILE);
        assert!(p.cells.is_empty());
    }

    #[test]
    fn a_broken_authoring_file_is_unreadable() {
        let p = process("a.toml", b"[meta\n", &Config::default());
        assert_eq!(p.status, Status::Unreadable);
        assert!(p.error.unwrap().zh.contains("TOML"));
    }
}
