//! The check result as a page: the report in the national template with each finding on its
//! cell (matched by span: a finding's place is the span of the cell it is about), the findings
//! beside their table, the others above, the identities, and the downloads.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use askama::Template;
use base64::Engine as _;
use gongkai_model::{Diagnostic, Lang, Outcome, Severity, Span};
use gongkai_render::diagnostics::{describe_origin, line_col};
use gongkai_render::grid::{Grid, GridCell, Role};
use gongkai_render::html::{Annotate, CellLink, CellMark};

use crate::pipeline::{self, Checked};
use crate::words::{self, Words};

/// One finding as the page shows it.
#[derive(Debug, Clone)]
pub struct FindingView {
    /// Its number on the page (1-based, in the order `gongkai check` prints findings).
    pub n: usize,
    /// `error`, `warning` or `note` (a CSS class).
    pub class: &'static str,
    /// The level in words.
    pub level: &'static str,
    /// The rule's name.
    pub code: String,
    /// The rule's short code (may be empty).
    pub short_code: &'static str,
    /// What is wrong.
    pub message: String,
    /// Where it is in the original document (line and column, page, table cell).
    pub place: String,
    /// The line of text it is on, with the place marked.
    pub snippet: Option<Snippet>,
    /// The other cells involved, each with its place.
    pub operands: Vec<String>,
    /// What to do.
    pub help: Option<String>,
}

/// A line of the document with a stretch marked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// Text before the mark.
    pub before: String,
    /// The marked text.
    pub marked: String,
    /// Text after the mark.
    pub after: String,
}

/// One finding in a list, with the id of the cell it is marked on.
#[derive(Template)]
#[template(path = "finding.html")]
pub struct FindingItem<'a> {
    /// The finding.
    pub f: &'a FindingView,
    /// The cell's id, when the finding is on a cell of the page.
    pub cell: Option<&'a str>,
    /// The words.
    pub w: &'static Words,
}

/// A download of the upload, re-rendered, as a `data:` link: the upload itself is never kept,
/// so everything the result offers travels with the page.
#[derive(Debug, Clone)]
pub struct Download {
    /// What it is.
    pub label: &'static str,
    /// The file name to save it under.
    pub file: String,
    /// The `data:` URI, or `None` when it is too large to put in a page.
    pub href: Option<String>,
    /// Its size for people.
    pub size: String,
}

/// One identity's results over the whole report.
#[derive(Debug, Clone)]
pub struct IdentityView {
    /// `I1` … `I4`.
    pub name: &'static str,
    /// What it says (the rule's summary).
    pub summary: &'static str,
    /// Places where it holds.
    pub holds: usize,
    /// Places where it fails.
    pub fails: usize,
    /// Places where an operand has no number.
    pub not_assessable: usize,
}

/// One place where an identity fails.
#[derive(Debug, Clone)]
pub struct MismatchView {
    /// `I3 · 自然人：17 ≠ 19（相差 -2）`.
    pub text: String,
    /// The id of its finding on the page.
    pub target: Option<String>,
}

/// Downloads larger than this (as base64) are not put in the page.
pub const MAX_INLINE: usize = 8 * 1024 * 1024;

/// Everything the result page shows of a checked upload.
pub struct ResultView {
    /// Labelled facts: file, format, template, agency, year, date.
    pub facts: Vec<(&'static str, String)>,
    /// What the reader noticed without stopping (e.g. bytes that could not be decoded).
    pub warnings: Vec<String>,
    /// Counts in words.
    pub summary: String,
    /// `error`, `warning`, `note` or `clean`: the worst level found.
    pub summary_class: &'static str,
    /// The downloads.
    pub downloads: Vec<Download>,
    /// I1–I4.
    pub identities: Vec<IdentityView>,
    /// Where they fail.
    pub mismatches: Vec<MismatchView>,
    /// The findings on no cell, rendered.
    pub general: String,
    /// The report in the template with its findings, rendered.
    pub article: String,
}

/// Builds the result of a checked upload in `lang`.
pub fn result(checked: &Checked, lang: Lang) -> ResultView {
    let w = words::words(lang);
    let l = &checked.loaded;
    let findings: Vec<FindingView> = checked
        .findings
        .iter()
        .enumerate()
        .map(|(i, d)| finding_view(i + 1, d, checked, lang))
        .collect();
    let marks = Marks::new(&checked.findings, &findings, lang);
    let article = gongkai_render::html::article(&gongkai_render::page::page(&l.report), 3, &marks);
    let placed = marks.placed.into_inner();
    let mut general = String::new();
    for f in findings.iter().filter(|f| !placed.contains_key(&f.n)) {
        general.push_str(&item(f, None, w));
    }
    let count = |s: Severity| checked.findings.iter().filter(|d| d.severity == s).count();
    let (errors, warnings, notes) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Note),
    );
    let summary_class = checked
        .findings
        .iter()
        .map(|d| d.severity)
        .max()
        .map_or("clean", words::severity_class);
    let (identities, mismatches) = identities(checked, lang);
    ResultView {
        facts: facts(checked, lang),
        warnings: l
            .source
            .warnings
            .iter()
            .map(|w| {
                if lang == Lang::En {
                    w.en.clone()
                } else {
                    w.zh.clone()
                }
            })
            .collect(),
        summary: words::summary(lang, errors, warnings, notes),
        summary_class,
        downloads: downloads(checked, lang),
        identities,
        mismatches,
        general,
        article,
    }
}

/// The result for a file that could not be read: its name and one error.
pub fn unreadable(name: &str, lang: Lang) -> ResultView {
    let w = words::words(lang);
    ResultView {
        facts: vec![(w.fact_file, name.to_string())],
        warnings: Vec::new(),
        summary: words::summary(lang, 1, 0, 0),
        summary_class: "error",
        downloads: Vec::new(),
        identities: Vec::new(),
        mismatches: Vec::new(),
        general: String::new(),
        article: String::new(),
    }
}

/// File, format, template, agency, year, date.
fn facts(checked: &Checked, lang: Lang) -> Vec<(&'static str, String)> {
    let w = words::words(lang);
    let l = &checked.loaded;
    let meta = &l.report.meta;
    let or_unknown = |v: Option<String>| v.unwrap_or_else(|| w.unknown.to_string());
    vec![
        (w.fact_file, l.source.name.clone()),
        (w.fact_format, words::format_name(&l.source.format, lang)),
        (
            w.fact_template,
            words::template_name(l.report.template, lang),
        ),
        (
            w.fact_agency,
            or_unknown(meta.agency.as_ref().map(|a| a.value.clone())),
        ),
        (
            w.fact_year,
            or_unknown(meta.year.as_ref().map(|y| y.value.to_string())),
        ),
        (
            w.fact_date,
            or_unknown(meta.published.as_ref().map(|d| {
                let d = d.value;
                format!("{}-{:02}-{:02}", d.year, d.month, d.day)
            })),
        ),
    ]
}

/// One finding for the page: its place in the original, the line it is on, its operands.
fn finding_view(n: usize, d: &Diagnostic, checked: &Checked, lang: Lang) -> FindingView {
    let source = &checked.loaded.source;
    let place = |span: Span| -> String {
        let origin = source
            .origin(span.start as usize)
            .and_then(|o| describe_origin(&o, lang));
        match origin {
            Some(o) => o,
            None => {
                let (line, column) = line_col(&source.text, span.start as usize);
                words::line_column(lang, line, column)
            }
        }
    };
    FindingView {
        n,
        class: words::severity_class(d.severity),
        level: d.severity.label(lang),
        code: d.code.to_string(),
        short_code: pipeline::short_code(d.code),
        message: d.message.get(lang).to_string(),
        place: place(d.primary.span),
        snippet: snippet(&source.text, d.primary.span),
        operands: d
            .secondary
            .iter()
            .map(|s| {
                let label = s.text.get(lang);
                match lang {
                    Lang::Zh => format!("{label}（{}）", place(s.span)),
                    Lang::En => format!("{label} ({})", place(s.span)),
                }
            })
            .collect(),
        help: d.help.as_ref().map(|h| h.get(lang).to_string()),
    }
}

/// Characters of context kept on each side of a marked stretch.
const CONTEXT: usize = 40;

/// The line `span` starts on, with the span (up to the end of the line) marked and at most
/// `CONTEXT` characters on either side; `None` for an empty line.
pub fn snippet(text: &str, span: Span) -> Option<Snippet> {
    let mut start = (span.start as usize).min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let mut end = (span.end as usize).clamp(start, line_end);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before: Vec<char> = text[line_start..start].chars().collect();
    let before: String = before[before.len().saturating_sub(CONTEXT)..]
        .iter()
        .collect();
    let after: String = text[end..line_end].chars().take(CONTEXT).collect();
    let marked = text[start..end].to_string();
    let s = Snippet {
        before: before.trim_start().to_string(),
        marked,
        after: after.trim_end().to_string(),
    };
    (!(s.before.is_empty() && s.marked.is_empty() && s.after.is_empty())).then_some(s)
}

/// Renders one finding as a list item.
fn item(f: &FindingView, cell: Option<&str>, w: &'static Words) -> String {
    FindingItem { f, cell, w }.render().unwrap_or_default()
}

/// The findings by the spans of the cells they are about (primary) and involve (secondary).
struct Marks<'a> {
    findings: &'a [FindingView],
    severities: Vec<Severity>,
    primary: BTreeMap<(u32, u32), Vec<usize>>,
    secondary: BTreeMap<(u32, u32), Vec<usize>>,
    /// Finding number → id of the first cell marked with it.
    placed: RefCell<BTreeMap<usize, String>>,
    lang: Lang,
    w: &'static Words,
}

impl<'a> Marks<'a> {
    fn new(diags: &[Diagnostic], findings: &'a [FindingView], lang: Lang) -> Marks<'a> {
        let mut primary: BTreeMap<(u32, u32), Vec<usize>> = BTreeMap::new();
        let mut secondary: BTreeMap<(u32, u32), Vec<usize>> = BTreeMap::new();
        for (i, d) in diags.iter().enumerate() {
            primary
                .entry((d.primary.span.start, d.primary.span.end))
                .or_default()
                .push(i);
            for s in &d.secondary {
                let v = secondary.entry((s.span.start, s.span.end)).or_default();
                if !v.contains(&i) {
                    v.push(i);
                }
            }
        }
        Marks {
            findings,
            severities: diags.iter().map(|d| d.severity).collect(),
            primary,
            secondary,
            placed: RefCell::new(BTreeMap::new()),
            lang,
            w: words::words(lang),
        }
    }

    fn key(cell: &GridCell) -> Option<(u32, u32)> {
        (cell.role == Role::Value)
            .then_some(cell.span)
            .flatten()
            .map(|s| (s.start, s.end))
    }
}

impl Annotate for Marks<'_> {
    fn mark(&self, cell: &GridCell) -> Option<CellMark> {
        let key = Self::key(cell)?;
        let on = self.primary.get(&key).map_or(&[][..], Vec::as_slice);
        let near = self.secondary.get(&key).map_or(&[][..], Vec::as_slice);
        if on.is_empty() && near.is_empty() {
            return None;
        }
        let mut mark = CellMark::default();
        if let Some(worst) = on.iter().map(|&i| self.severities[i]).max() {
            mark.classes.push("finding".to_string());
            mark.classes.push(words::severity_class(worst).to_string());
        }
        if near.iter().any(|i| !on.contains(i)) {
            mark.classes.push("operand".to_string());
        }
        let mut placed = self.placed.borrow_mut();
        if let Some(&first) = on.first() {
            let id = format!("cell-{}", self.findings[first].n);
            if !placed.values().any(|v| *v == id) {
                mark.id = Some(id.clone());
            }
            for &i in on {
                placed
                    .entry(self.findings[i].n)
                    .or_insert_with(|| id.clone());
            }
        }
        let mut seen = BTreeSet::new();
        let mut titles = Vec::new();
        for &i in on.iter().chain(near) {
            if seen.insert(i) {
                let f = &self.findings[i];
                mark.described_by.push(format!("f-{}", f.n));
                let sep = if self.lang == Lang::En { ": " } else { "：" };
                titles.push(format!("{} {}{sep}{}", f.n, f.level, f.message));
            }
        }
        mark.title = Some(titles.join("\n"));
        mark.links = on
            .iter()
            .map(|&i| {
                let n = self.findings[i].n;
                CellLink {
                    target: format!("f-{n}"),
                    text: n.to_string(),
                    label: Some(format!("{} {n}", self.w.finding)),
                }
            })
            .collect();
        Some(mark)
    }

    fn after_table(&self, grid: &Grid) -> String {
        let mut here = BTreeSet::new();
        for cell in grid.rows.iter().flatten() {
            if let Some(on) = Self::key(cell).and_then(|k| self.primary.get(&k)) {
                here.extend(on.iter().copied());
            }
        }
        if here.is_empty() {
            return String::new();
        }
        let placed = self.placed.borrow();
        // The report is Chinese; the findings are in the page's language.
        let mut out = format!(
            "<aside class=\"findings\" lang=\"{}\" aria-label=\"{}\">\n<ul>\n",
            self.w.html_lang,
            gongkai_render::html::escape(self.w.table_findings)
        );
        for i in here {
            let f = &self.findings[i];
            out.push_str(&item(f, placed.get(&f.n).map(String::as_str), self.w));
        }
        out.push_str("</ul>\n</aside>\n");
        out
    }
}

/// I1–I4 counted over the report, and where they fail (linked to their findings).
fn identities(checked: &Checked, lang: Lang) -> (Vec<IdentityView>, Vec<MismatchView>) {
    use gongkai_model::Identity;
    let mut views = Vec::new();
    let mut mismatches = Vec::new();
    for id in [Identity::I1, Identity::I2, Identity::I3, Identity::I4] {
        let checks: Vec<_> = checked
            .identities
            .iter()
            .filter(|c| c.identity == id)
            .collect();
        if checks.is_empty() {
            continue;
        }
        let rule = gongkai_check::rule_of(id.code());
        let count = |f: fn(&Outcome) -> bool| checks.iter().filter(|c| f(&c.outcome)).count();
        views.push(IdentityView {
            name: identity_name(id),
            summary: rule.map_or("", |r| {
                if lang == Lang::En {
                    r.summary.1
                } else {
                    r.summary.0
                }
            }),
            holds: count(|o| matches!(o, Outcome::Holds)),
            fails: count(|o| matches!(o, Outcome::Mismatch { .. })),
            not_assessable: count(|o| matches!(o, Outcome::NotAssessable)),
        });
        for c in &checks {
            let Outcome::Mismatch {
                lhs,
                rhs,
                difference,
            } = c.outcome
            else {
                continue;
            };
            let spans: Vec<Span> = c.lhs.iter().chain(&c.rhs).map(|o| o.span).collect();
            let target = checked
                .findings
                .iter()
                .position(|d| d.code == id.code() && spans.contains(&d.primary.span))
                .map(|i| format!("f-{}", i + 1));
            let scope = format!("{} · {}", identity_name(id), c.scope.get(lang));
            mismatches.push(MismatchView {
                text: words::mismatch(lang, &scope, lhs, rhs, difference),
                target,
            });
        }
    }
    (views, mismatches)
}

fn identity_name(id: gongkai_model::Identity) -> &'static str {
    use gongkai_model::Identity;
    match id {
        Identity::I1 => "I1",
        Identity::I2 => "I2",
        Identity::I3 => "I3",
        Identity::I4 => "I4",
    }
}

/// The upload re-rendered: DOCX, HTML, cells TSV, the model JSON and the findings JSON, each
/// byte for byte what the command line writes for the same file.
fn downloads(checked: &Checked, lang: Lang) -> Vec<Download> {
    let w = words::words(lang);
    let l = &checked.loaded;
    let stem = stem(&l.source.name);
    let files: [(&str, &str, Vec<u8>); 5] = [
        (
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            gongkai_render::docx(&l.report),
        ),
        (
            "html",
            "text/html;charset=utf-8",
            gongkai_render::html(&l.report).into_bytes(),
        ),
        (
            "cells.tsv",
            "text/tab-separated-values;charset=utf-8",
            gongkai_render::cells_tsv(&l.report).into_bytes(),
        ),
        (
            "json",
            "application/json",
            pipeline::model_json(checked).into_bytes(),
        ),
        (
            "check.json",
            "application/json",
            pipeline::findings_json(&pipeline::findings(checked, lang)).into_bytes(),
        ),
    ];
    files
        .into_iter()
        .zip(w.download_labels)
        .map(|((ext, mime, bytes), label)| {
            let size = crate::limits::format_size(bytes.len() as u64);
            let href = (bytes.len() / 3 * 4 <= MAX_INLINE).then(|| {
                format!(
                    "data:{mime};base64,{}",
                    base64::engine::general_purpose::STANDARD.encode(&bytes)
                )
            });
            Download {
                label,
                file: format!("{stem}.{ext}"),
                href,
                size,
            }
        })
        .collect()
}

/// The name without its extension (`报告.pdf` → `报告`), or `report`.
fn stem(name: &str) -> &str {
    let stem = match name.rfind('.') {
        Some(i) if i > 0 => &name[..i],
        _ => name,
    };
    if stem.is_empty() { "report" } else { stem }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_model::SourceId;

    #[test]
    fn snippets_mark_the_span_within_its_line() {
        let text = "第一行\n（七）总计\t17\t5\n末行";
        let at = text.find("17").unwrap();
        let s = snippet(text, Span::new(SourceId(0), at, at + 2)).unwrap();
        assert_eq!(
            s,
            Snippet {
                before: "（七）总计\t".to_string(),
                marked: "17".to_string(),
                after: "\t5".to_string()
            }
        );
        // A span running past the line is cut at the line's end.
        let s = snippet(text, Span::new(SourceId(0), at, text.len())).unwrap();
        assert_eq!(s.marked, "17\t5");
        assert_eq!(snippet("a\n\nb", Span::new(SourceId(0), 2, 2)), None);
        // Offsets inside a character or past the end do not panic.
        assert!(snippet(text, Span::new(SourceId(0), 1, 999)).is_some());
    }

    #[test]
    fn long_lines_keep_some_context() {
        let text = format!("{}X{}", "前".repeat(100), "后".repeat(100));
        let at = text.find('X').unwrap();
        let s = snippet(&text, Span::new(SourceId(0), at, at + 1)).unwrap();
        assert_eq!(s.before.chars().count(), CONTEXT);
        assert_eq!(s.after.chars().count(), CONTEXT);
    }

    #[test]
    fn stems_drop_one_extension() {
        assert_eq!(stem("报告.pdf"), "报告");
        assert_eq!(stem("a.b.txt"), "a.b");
        assert_eq!(stem(".hidden"), ".hidden");
        assert_eq!(stem(""), "report");
    }
}
