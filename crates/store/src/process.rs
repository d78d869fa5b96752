//! One file through the pipeline: read → extract → parse → check, into what the store keeps.
//! The store reads no format itself: it loads and checks through `gongkai_load`, as the command
//! line and the web server do.

use gongkai_check::Config;
use gongkai_load::{LoadError, Loaded};
use gongkai_model::cells::key_template;
use gongkai_model::labels::Template;
use gongkai_model::{Date, Format, Origin, Severity, SourceId, Text};

use crate::cells::{StoredCell, report_cells};
use crate::status::{Status, classify};

/// Everything the store keeps about one file's content.
#[derive(Debug, Clone)]
pub struct Processed {
    /// `text`, `html`, `docx`, `doc`, `pdf`, `ofd`, `scan` or `toml`; `None` when unreadable.
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
    match gongkai_load::load(bytes, name, SourceId(0)) {
        Ok(loaded) => {
            let format = if gongkai_load::is_authoring(name, bytes) {
                "toml"
            } else {
                format_name(&loaded.source.format)
            };
            checked(loaded, format, config)
        }
        Err(e) => unreadable(&e),
    }
}

fn format_name(format: &Format) -> &'static str {
    match format {
        Format::Text { .. } => "text",
        Format::Html { .. } => "html",
        Format::Docx => "docx",
        Format::Pdf { .. } => "pdf",
        Format::Doc => "doc",
        Format::Ofd { .. } => "ofd",
        Format::Scan { .. } => "scan",
    }
}

fn checked(loaded: Loaded, format: &'static str, config: &Config) -> Processed {
    let (_, diags) = gongkai_load::check(&loaded, None, config);
    let Loaded { source, report, .. } = loaded;
    let status = classify(&diags);
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
                code: d.code.to_string(),
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
        Format::Pdf { pages } | Format::Ofd { pages } | Format::Scan { pages, .. } => {
            (None, Some(*pages))
        }
        Format::Docx | Format::Doc => (None, None),
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

/// A file that could not be read at all: unreadable, or damaged when it is a broken file of a
/// known format; its one finding is the one `check` prints.
fn unreadable(e: &LoadError) -> Processed {
    let d = e.diagnostic();
    let message = e.message.clone();
    let finding = StoredFinding {
        code: d.code.to_string(),
        severity: d.severity,
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
        status: classify(std::slice::from_ref(&d)),
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
        assert_eq!(p.findings[0].code, "unreadable-file");
        assert!(p.cells.is_empty());
    }

    #[test]
    fn a_broken_authoring_file_is_unreadable() {
        let p = process("a.toml", b"[meta\n", &Config::default());
        assert_eq!(p.status, Status::Unreadable);
        assert!(p.error.unwrap().zh.contains("TOML"));
    }
}
