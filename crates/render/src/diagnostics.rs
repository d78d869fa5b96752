//! Diagnostics for people and programs: compiler-style terminal text with the source line and
//! the cell underlined (CJK-width aware), one stable JSON type, and TSV lines.

use gongkai_model::{Applicability, Code, Diagnostic, Label, Lang, Severity, Span};
use gongkai_model::{Origin, Source};
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

/// What the renderer needs to know about the document a span points into.
#[derive(Debug, Clone, Copy)]
pub struct SourceView<'a> {
    /// The file name to show.
    pub name: &'a str,
    /// The text spans index into.
    pub text: &'a str,
    /// The extracted document, to say where a span came from (page, table cell) when it was read
    /// from HTML, DOCX or PDF.
    pub source: Option<&'a Source>,
}

/// Where in the original document a place is, in words (`第 3 页`, `Word 表格 2 第 5 行第 3 列`);
/// `None` for plain text, where line and column already say it.
pub fn describe_origin(origin: &Origin, lang: Lang) -> Option<String> {
    let zh = lang == Lang::Zh;
    Some(match *origin {
        Origin::Byte { .. } => return None,
        Origin::HtmlBlock { line, .. } if zh => format!("网页源文件第 {line} 行"),
        Origin::HtmlBlock { line, .. } => format!("HTML line {line}"),
        Origin::HtmlCell { table, row, col } if zh => {
            format!("网页表格 {table} 第 {row} 行第 {col} 列")
        }
        Origin::HtmlCell { table, row, col } => {
            format!("HTML table {table}, row {row}, column {col}")
        }
        Origin::DocxParagraph { index } if zh => format!("Word 第 {index} 段"),
        Origin::DocxParagraph { index } => format!("Word paragraph {index}"),
        Origin::DocxCell { table, row, col } if zh => {
            format!("Word 表格 {table} 第 {row} 行第 {col} 列")
        }
        Origin::DocxCell { table, row, col } => {
            format!("Word table {table}, row {row}, column {col}")
        }
        Origin::DocParagraph { index } if zh => format!("Word 第 {index} 段"),
        Origin::DocParagraph { index } => format!("Word paragraph {index}"),
        Origin::DocCell { table, row, col } if zh => {
            format!("Word 表格 {table} 第 {row} 行第 {col} 列")
        }
        Origin::DocCell { table, row, col } => {
            format!("Word table {table}, row {row}, column {col}")
        }
        Origin::OfdPage { page, .. } if zh => format!("OFD 第 {page} 页"),
        Origin::OfdPage { page, .. } => format!("OFD page {page}"),
        Origin::OcrBox {
            page,
            x,
            y,
            confidence,
            ..
        } if zh => format!("扫描件第 {page} 页（{x}, {y} 像素处，识别置信度 {confidence}%）"),
        Origin::OcrBox {
            page,
            x,
            y,
            confidence,
            ..
        } => {
            format!("scanned page {page} (at pixel {x}, {y}; recognition confidence {confidence}%)")
        }
        Origin::PdfPage { page, .. } if zh => format!("第 {page} 页"),
        Origin::PdfPage { page, .. } => format!("page {page}"),
    })
}

/// A place in a document, resolved for display.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Place {
    /// The file.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Byte offsets into the decoded text.
    pub start: u32,
    /// End byte offset (exclusive).
    pub end: u32,
    /// What this place is (e.g. "（七）总计 · 自然人 = 17").
    pub label: String,
    /// Where it is in the original document when that was HTML, DOCX or PDF (page, table cell).
    pub origin: Option<Origin>,
}

/// One finding as `--format json` prints it. Field names are stable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The file the finding is about.
    pub file: String,
    /// The rule's kebab-case name, e.g. `request-flow-mismatch`.
    pub code: Code,
    /// The rule's short code, e.g. `I001` (empty when unknown).
    pub short_code: String,
    /// `error`, `warning` or `note`.
    pub severity: Severity,
    /// The message in the chosen language.
    pub message: String,
    /// The place the finding is about.
    pub primary: Place,
    /// Other places involved (e.g. the other operands of an identity).
    pub secondary: Vec<Place>,
    /// What to do, if anything.
    pub help: Option<String>,
    /// The edits that would correct it, when the finding knows them (`check --fix`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<FindingFix>,
}

/// A fix as `--format json` prints it: byte ranges of the decoded text and their replacements.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FindingFix {
    /// What the fix does, in the chosen language.
    pub message: String,
    /// `safe` (applied by `check --fix`), `unsafe` or `display_only`.
    pub applicability: Applicability,
    /// The edits.
    pub edits: Vec<FindingEdit>,
}

/// One edit of a [`FindingFix`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FindingEdit {
    /// Byte offset where the replaced text starts.
    pub start: u32,
    /// Byte offset where it ends.
    pub end: u32,
    /// The replacement.
    pub replacement: String,
}

/// 1-based line and character column of byte offset `at`.
pub fn line_col(text: &str, at: usize) -> (usize, usize) {
    gongkai_model::source::line_col(text, at)
}

fn place<'a>(label: &Label, views: &dyn Fn(Span) -> Option<SourceView<'a>>, lang: Lang) -> Place {
    let view = views(label.span);
    let (line, column) = view.map_or((0, 0), |v| line_col(v.text, label.span.start as usize));
    Place {
        file: view.map_or_else(String::new, |v| v.name.to_string()),
        line,
        column,
        start: label.span.start,
        end: label.span.end,
        label: label.text.get(lang).to_string(),
        origin: view
            .and_then(|v| v.source)
            .and_then(|s| s.origin(label.span.start as usize))
            .filter(|o| !matches!(o, Origin::Byte { .. })),
    }
}

/// The finding of `d` for JSON and TSV.
pub fn finding<'a>(
    d: &Diagnostic,
    short_code: &str,
    views: &dyn Fn(Span) -> Option<SourceView<'a>>,
    lang: Lang,
) -> Finding {
    let primary = place(&d.primary, views, lang);
    Finding {
        file: primary.file.clone(),
        code: d.code,
        short_code: short_code.to_string(),
        severity: d.severity,
        message: d.message.get(lang).to_string(),
        secondary: d.secondary.iter().map(|l| place(l, views, lang)).collect(),
        primary,
        help: d.help.as_ref().map(|h| h.get(lang).to_string()),
        fix: d.fix.as_ref().map(|f| FindingFix {
            message: f.message.get(lang).to_string(),
            applicability: f.applicability,
            edits: f
                .edits
                .iter()
                .map(|e| FindingEdit {
                    start: e.span.start,
                    end: e.span.end,
                    replacement: e.replacement.clone(),
                })
                .collect(),
        }),
    }
}

/// The header row of the TSV of findings.
pub const TSV_HEADER: &str = "file\tline\tcolumn\tseverity\tcode\tshort_code\tmessage";

/// One TSV line of a diagnostic appended to `out` (with no line break), resolving only its
/// primary place (the line does not show the others): a batch writes its lines into one
/// buffer, without building a [`Finding`] for each.
pub fn push_tsv_line_of<'a>(
    out: &mut String,
    d: &Diagnostic,
    short_code: &str,
    views: &dyn Fn(Span) -> Option<SourceView<'a>>,
    lang: Lang,
) {
    use std::fmt::Write as _;
    let view = views(d.primary.span);
    let (line, column) = view.map_or((0, 0), |v| line_col(v.text, d.primary.span.start as usize));
    // Fields: file, line, column, level, code, short code, message. Tabs and line breaks inside
    // the file name and the message become spaces, so a finding is always one line.
    let clean = |out: &mut String, s: &str| {
        for (i, part) in s.split(['\t', '\n', '\r']).enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(part);
        }
    };
    clean(out, view.map_or("", |v| v.name));
    // The level is data here (`error`, `warning`, `note`), whatever the language: TSV is read by
    // programs; the message is in the chosen language.
    let (level, code) = (d.severity.as_str(), &d.code);
    // Writing to a `String` cannot fail.
    let _ = write!(out, "\t{line}\t{column}\t{level}\t{code}\t{short_code}\t");
    clean(out, d.message.get(lang));
}

const TAB: &str = "    ";
const MAX_SNIPPET: usize = 100;
const MAX_SNIPPETS: usize = 3;

/// Display width of text as a terminal shows it (East Asian wide and full-width characters
/// count two, quotes and dashes one), with a TAB shown as four spaces.
fn width(s: &str) -> usize {
    // A TAB is one column in `width`; it is shown as `TAB`.
    let tabs = memchr::memchr_iter(b'\t', s.as_bytes()).count();
    s.width() + tabs * (TAB.len() - 1)
}

/// A marked span: where, `^` or `-`, and its label.
type Mark<'a> = (Span, char, &'a str);

/// One source line with several marked spans (`^` primary, `-` secondary), each with its label
/// on a line of its own. Long lines (crawled text) are cut to a window around the marks.
fn snippet(out: &mut String, view: SourceView<'_>, marks: &[Mark], gutter: usize) {
    let text = view.text;
    let Some(&(first, _, _)) = marks.first() else {
        return;
    };
    let start = text.floor_char_boundary(first.start as usize);
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let (line_no, _) = line_col(text, start);
    let lo = marks
        .iter()
        .map(|m| text.floor_char_boundary(m.0.start as usize))
        .min()
        .unwrap_or(start)
        .max(line_start);
    let hi = marks
        .iter()
        .map(|m| text.floor_char_boundary(m.0.end as usize))
        .max()
        .unwrap_or(start)
        .clamp(lo, line_end);
    // The window: from a little before the first mark to a little after the last.
    let mut from = line_start;
    while width(&text[from..lo]) > MAX_SNIPPET / 3 {
        from = text.floor_char_boundary(from + (lo - from) / 2 + 1);
    }
    let mut to = line_end;
    while width(&text[hi..to]) > MAX_SNIPPET / 3 {
        to = text.floor_char_boundary(hi + (to - hi) / 2);
    }
    let prefix = if from > line_start { "…" } else { "" };
    let suffix = if to < line_end { "…" } else { "" };
    let show = |s: &str| s.replace('\t', TAB).replace('\r', "");
    let pad = " ".repeat(gutter);
    out.push_str(&format!(
        "{:>gutter$} | {prefix}{}{suffix}\n",
        line_no,
        show(&text[from..to])
    ));
    for &(span, mark, label) in marks {
        let s = text
            .floor_char_boundary(span.start as usize)
            .clamp(from, to);
        let e = text.floor_char_boundary(span.end as usize).clamp(s, to);
        let lead = width(prefix) + width(&text[from..s]);
        let n = width(&text[s..e]).max(1);
        out.push_str(&format!(
            "{pad} | {}{} {label}\n",
            " ".repeat(lead),
            mark.to_string().repeat(n)
        ));
    }
}

/// The finding as compiler-style terminal text.
pub fn terminal<'a>(
    d: &Diagnostic,
    short_code: &str,
    views: &dyn Fn(Span) -> Option<SourceView<'a>>,
    lang: Lang,
) -> String {
    let mut out = String::new();
    let sep = if lang == Lang::Zh { "：" } else { ": " };
    let code = if short_code.is_empty() {
        d.code.to_string()
    } else {
        format!("{short_code} {}", d.code)
    };
    out.push_str(&format!(
        "{}[{code}]{sep}{}\n",
        d.severity.label(lang),
        d.message.get(lang)
    ));
    let shown: Vec<(&Label, char)> = std::iter::once((&d.primary, '^'))
        .chain(d.secondary.iter().take(MAX_SNIPPETS).map(|l| (l, '-')))
        .collect();
    // Group the marks by file and line, in order of first appearance.
    let mut groups: Vec<((u32, usize), Vec<Mark>)> = Vec::new();
    for (l, mark) in &shown {
        let Some(v) = views(l.span) else { continue };
        let key = (l.span.source.0, line_col(v.text, l.span.start as usize).0);
        let entry = (l.span, *mark, l.text.get(lang));
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, g)) => g.push(entry),
            None => groups.push((key, vec![entry])),
        }
    }
    let gutter = groups
        .iter()
        .map(|((_, line), _)| line.to_string().len())
        .max()
        .unwrap_or(1);
    let pad = " ".repeat(gutter);
    let primary = views(d.primary.span);
    match primary {
        Some(v) => {
            let (line, col) = line_col(v.text, d.primary.span.start as usize);
            let at = v
                .source
                .and_then(|s| s.origin(d.primary.span.start as usize))
                .and_then(|o| describe_origin(&o, lang))
                .map(|o| {
                    if lang == Lang::Zh {
                        format!("（{o}）")
                    } else {
                        format!(" ({o})")
                    }
                })
                .unwrap_or_default();
            out.push_str(&format!("{pad}--> {}:{line}:{col}{at}\n{pad} |\n", v.name));
        }
        None => out.push_str(&format!("{pad}--> ?\n")),
    }
    for (_, marks) in &groups {
        let Some(v) = views(marks[0].0) else { continue };
        if primary.is_none_or(|p| p.name != v.name) {
            let (line, col) = line_col(v.text, marks[0].0.start as usize);
            out.push_str(&format!("{pad}::: {}:{line}:{col}\n", v.name));
        }
        snippet(&mut out, v, marks, gutter);
    }
    if d.secondary.len() > MAX_SNIPPETS {
        let rest: Vec<&str> = d.secondary[MAX_SNIPPETS..]
            .iter()
            .map(|l| l.text.get(lang))
            .collect();
        let (word, joiner) = if lang == Lang::Zh {
            ("其余", "；")
        } else {
            ("others", "; ")
        };
        out.push_str(&format!("{pad} = {word}{sep}{}\n", rest.join(joiner)));
    }
    if let Some(h) = &d.help {
        let word = if lang == Lang::Zh { "帮助" } else { "help" };
        out.push_str(&format!("{pad} = {word}{sep}{}\n", h.get(lang)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_model::{SourceId, Text};

    #[test]
    fn underlines_cjk_cells_by_display_width() {
        let text = "标题\n（七）总计\t17\t5\n";
        let at = text.find("17").unwrap();
        let d = Diagnostic::new(
            gongkai_model::Code::RequestOutcomeTotalMismatch,
            Severity::Error,
            Text::new("不成立", "fails"),
            Label::new(
                Span::new(SourceId(0), at, at + 2),
                Text::new("总计 = 17", "total = 17"),
            ),
        );
        let view = |_: Span| {
            Some(SourceView {
                name: "a.txt",
                text,
                source: None,
            })
        };
        let out = terminal(&d, "I003", &view, Lang::Zh);
        assert!(out.contains("--> a.txt:2:7"), "{out}");
        let lines: Vec<&str> = out.lines().collect();
        let src = lines.iter().position(|l| l.contains("（七）总计")).unwrap();
        let caret = lines[src + 1].find('^').unwrap();
        let cell = lines[src].find("17").unwrap();
        let width = |s: &str| s.width();
        assert_eq!(width(&lines[src + 1][..caret]), width(&lines[src][..cell]));
    }

    #[test]
    fn terminal_width_counts_wide_characters_twice_and_tabs_as_shown() {
        assert_eq!(width("（七）总计"), 10);
        assert_eq!(width("“总计”—…"), 8);
        assert_eq!(width("a\tb"), 2 + TAB.len());
        assert_eq!(width("e\u{301}\u{200B}"), 1);
    }
}
