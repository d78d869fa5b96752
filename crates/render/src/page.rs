//! What a rendered report shows, in order, independent of the output format: the title, the six
//! sections with their narrative and tables, the signature and the date.

use gongkai_model::cells::key_template;
use gongkai_model::labels::{self, SectionKind, Template};
use gongkai_model::{Report, Section, Span};

use crate::grid::{self, Grid};
use crate::narrative::{self, Narrative, TableKind};

/// A report laid out for writing.
#[derive(Debug, Clone)]
pub struct Page {
    /// The template the tables follow.
    pub template: Template,
    /// The title, as one or two lines (agency, then year and the rest).
    pub title: Vec<String>,
    /// The sections in order.
    pub sections: Vec<PageSection>,
    /// The signature (the issuing agency), one entry a line.
    pub signature: Vec<String>,
    /// The date under the signature, as printed.
    pub date: Option<String>,
}

/// One section.
#[derive(Debug, Clone)]
pub struct PageSection {
    /// The heading with its numbering.
    pub heading: String,
    /// Paragraphs before the table.
    pub before: Vec<Paragraph>,
    /// The section's table: several sub-tables for table 二, else one.
    pub tables: Vec<Grid>,
    /// Paragraphs after the table.
    pub after: Vec<Paragraph>,
}

/// One paragraph of narrative, with its run-in heading (`（一）主动公开。`) set apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// A second-level heading leading the paragraph, or the whole paragraph when it is only a
    /// heading; empty when the paragraph has none.
    pub lead: String,
    /// The rest of the paragraph.
    pub text: String,
}

impl Paragraph {
    /// Splits off a leading `（一）…。` heading of at most 30 characters.
    pub fn new(text: &str) -> Paragraph {
        let plain = Paragraph {
            lead: String::new(),
            text: text.to_string(),
        };
        let Some(rest) = text.strip_prefix('（') else {
            return plain;
        };
        let numerals = rest
            .chars()
            .take_while(|c| "一二三四五六七八九十".contains(*c));
        let n = numerals.map(char::len_utf8).sum::<usize>();
        if n == 0 || !rest[n..].starts_with('）') {
            return plain;
        }
        let end = match text.find('。') {
            Some(i) => i + '。'.len_utf8(),
            None => text.len(),
        };
        if text[..end].chars().count() > 30 {
            return plain;
        }
        Paragraph {
            lead: text[..end].to_string(),
            text: text[end..].to_string(),
        }
    }

    /// The whole paragraph.
    pub fn full(&self) -> String {
        format!("{}{}", self.lead, self.text)
    }
}

/// Lays out a report.
pub fn page(report: &Report) -> Page {
    let template = key_template(report);
    let (signature, cut) = signature(report);
    let date = report
        .meta
        .published
        .as_ref()
        .map(|d| labels::date_label(d.value.year, d.value.month, d.value.day));
    let sections = match template {
        Template::Pre2019 => report
            .sections
            .iter()
            .map(|s| {
                let n = narrative::narrative(s, None, cut);
                section(s.heading.value.clone(), n, Vec::new())
            })
            .collect(),
        _ => SectionKind::ALL
            .into_iter()
            .map(|kind| template_section(report, template, kind, cut))
            .collect(),
    };
    Page {
        template,
        title: title(report),
        sections,
        signature,
        date,
    }
}

fn section(heading: String, n: Narrative, tables: Vec<Grid>) -> PageSection {
    let para = |v: Vec<String>| v.iter().map(|p| Paragraph::new(p)).collect();
    PageSection {
        heading,
        before: para(n.before),
        tables,
        after: para(n.after),
    }
}

fn template_section(
    report: &Report,
    template: Template,
    kind: SectionKind,
    cut: Option<usize>,
) -> PageSection {
    let caption = kind
        .heading()
        .split_once('、')
        .map_or(kind.heading(), |(_, rest)| rest);
    let (table, tables) = match kind {
        SectionKind::Active => (
            report.active.as_ref().map(|t| (TableKind::Active, t.span)),
            grid::active(report, template, caption),
        ),
        SectionKind::Requests => (
            report
                .requests
                .as_ref()
                .map(|t| (TableKind::Requests, t.span)),
            vec![grid::requests(report, template, caption)],
        ),
        SectionKind::Reviews => (
            report
                .reviews
                .as_ref()
                .map(|t| (TableKind::Reviews, t.span)),
            vec![grid::reviews(report, caption)],
        ),
        _ => (None, Vec::new()),
    };
    let n = match report.sections.iter().find(|s| s.kind == kind) {
        Some(s) => {
            // A table the parser did not find still has its lines in the body.
            let kind = table.map(|t| t.0).or(match kind {
                SectionKind::Active => Some(TableKind::Active),
                SectionKind::Requests => Some(TableKind::Requests),
                SectionKind::Reviews => Some(TableKind::Reviews),
                _ => None,
            });
            let span = table.map_or(Span::default(), |t| t.1);
            narrative::narrative(s, kind.map(|k| (k, span)), cut)
        }
        None => Narrative::default(),
    };
    section(kind.heading().to_string(), n, tables)
}

/// The title as one or two lines: the agency on the first when the title starts with it and
/// the year follows.
fn title(report: &Report) -> Vec<String> {
    let meta = &report.meta;
    let agency = meta.agency.as_ref().map(|a| a.value.as_str());
    let year = meta.year.as_ref().map(|y| y.value);
    let title = match (&meta.title, agency, year) {
        (Some(t), _, _) => t.value.clone(),
        (None, Some(a), Some(y)) => labels::report_title(a, y),
        (None, None, Some(y)) => labels::report_title("", y),
        (None, Some(a), None) => format!("{a}{}", labels::REPORT_TITLE_SUFFIX),
        (None, None, None) => labels::REPORT_TITLE_SUFFIX
            .trim_start_matches('年')
            .to_string(),
    };
    if let Some(a) = agency.filter(|a| !a.is_empty())
        && let Some(rest) = title.strip_prefix(a)
        && rest.starts_with(|c: char| c.is_ascii_digit())
    {
        return vec![a.to_string(), rest.to_string()];
    }
    vec![title]
}

/// The signature lines and where the signature block starts in the text: the lines just above
/// the date when the date closes the last section, else the agency from the title.
fn signature(report: &Report) -> (Vec<String>, Option<usize>) {
    let agency = || {
        report
            .meta
            .agency
            .as_ref()
            .map(|a| vec![a.value.clone()])
            .unwrap_or_default()
    };
    let dated = report.meta.published.as_ref().and_then(|d| {
        let at = d.span.start as usize;
        containing(&report.sections, at).map(|s| (s, at))
    });
    let Some((last, at)) = dated else {
        return (agency(), undated_signature(report));
    };
    let base = last.body.span.start as usize;
    let body = &last.body.value;
    let Some(head) = body.get(..at - base) else {
        return (agency(), None);
    };
    // The date line may begin with the signature itself.
    let line_start = head.rfind('\n').map_or(0, |i| i + 1);
    let mut cut = line_start;
    let mut lines: Vec<String> = Vec::new();
    let same_line = &head[line_start..];
    // Crawled text runs the last sentence, the signature and the date together.
    if let Some(i) = same_line.rfind(['。', '；', '！', '？']) {
        let at = line_start + i + '。'.len_utf8();
        let rest = head[at..].trim();
        let sig = if rest.is_empty() {
            agency()
        } else {
            vec![rest.to_string()]
        };
        return (sig, Some(base + at));
    }
    if !same_line.trim().is_empty() {
        lines.push(same_line.trim().to_string());
    }
    for line in head[..line_start].split_inclusive('\n').rev() {
        let t = line.trim();
        if t.is_empty() || narrative::is_page_number(t) {
            cut -= line.len();
            continue;
        }
        let short = t.chars().count() <= 30;
        let sentence = t.ends_with(['。', '！', '？', '；', '：', '.', ';', ':']);
        if !short || sentence || lines.len() >= 2 {
            break;
        }
        lines.insert(0, t.to_string());
        cut -= line.len();
    }
    let cut = base + cut.min(head.len());
    if lines.is_empty() {
        return (agency(), Some(cut));
    }
    (lines, Some(cut))
}

/// Where the signature starts when the report prints no date: a last line of the last section
/// that is the agency's name.
fn undated_signature(report: &Report) -> Option<usize> {
    let agency = report.meta.agency.as_ref()?.value.as_str();
    let last = report
        .sections
        .iter()
        .filter(|s| narrative::is_positioned(s))
        .max_by_key(|s| s.body.span.start)?;
    let body = last.body.value.trim_end();
    let start = body.rfind('\n').map_or(0, |i| i + 1);
    (body[start..].trim() == agency).then(|| last.body.span.start as usize + start)
}

fn containing(sections: &[Section], at: usize) -> Option<&Section> {
    sections
        .iter()
        .filter(|s| narrative::is_positioned(s))
        .find(|s| {
            let start = s.body.span.start as usize;
            at >= start && at <= start + s.body.value.len()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_in_headings() {
        let p = Paragraph::new("（一）主动公开。2020年，市政府主动公开政府信息8736条。");
        assert_eq!(p.lead, "（一）主动公开。");
        assert_eq!(p.text, "2020年，市政府主动公开政府信息8736条。");
        let h = Paragraph::new("（二）2025年工作中存在的主要问题");
        assert_eq!(
            (h.lead.as_str(), h.text.as_str()),
            ("（二）2025年工作中存在的主要问题", "")
        );
        let plain = Paragraph::new("（本列数据）说明");
        assert!(plain.lead.is_empty());
    }
}
