//! From a [`Source`] to a [`Report`]: template detection, label matching, table reading.
//! Parsing never fails: it returns what it could read and diagnostics for the rest.

mod active;
mod fit;
mod matcher;
mod meta;
mod norm;
mod ocr;
mod outline;
mod requests;
mod reviews;
mod rows;
mod runs;
mod token;

pub use runs::{Split, splits};

use gongkai_model::Source;
use gongkai_model::labels::{PRE2019_MARKERS, RequestRow, SectionKind, Template};
use gongkai_model::{
    Diagnostic, Label, Report, RequestTable, Section, Severity, SourceId, Span, Spanned, Text,
};

/// Parses one source into a report plus diagnostics.
pub fn parse(source: &Source, id: SourceId) -> (Report, Vec<Diagnostic>) {
    let (report, mut diags) = parse_text(&source.text, id);
    // Numbers a scan gave with a low confidence are findings, never silently trusted.
    diags.extend(ocr::uncertain_readings(source, &report));
    (report, diags)
}

/// Parses normalised text (as in `Source::text`) into a report plus diagnostics.
pub fn parse_text(text: &str, id: SourceId) -> (Report, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let meta = meta::meta(text, id);
    let headings = outline::headings(text);
    let regions = outline::regions(text, &headings);
    let requests = regions
        .requests
        .clone()
        .and_then(|r| requests::parse(text, r, id, &mut diags))
        .filter(|t| !t.rows.is_empty() || !diags.is_empty());
    let reviews = regions
        .reviews
        .clone()
        .and_then(|r| reviews::parse(text, r, id, &mut diags));
    let year = meta.year.as_ref().map(|y| y.value);
    let shape = regions.active.as_ref().and_then(|r| active::shape(text, r));
    let template = decide_template(text, shape, requests.as_ref(), reviews.is_some(), year);
    let active = match (&regions.active, template) {
        (Some(r), Some(t @ (Template::Y2019 | Template::Y2021))) => {
            active::parse(text, r.clone(), shape.unwrap_or(t), id, &mut diags)
        }
        _ => None,
    };
    if template == Some(Template::Y2021)
        && let Some(t) = &requests
        && let Some(r) = t.row(RequestRow::Other)
    {
        diags.push(Diagnostic::new(
            "old-label-in-2021-table",
            Severity::Warning,
            Text::new(
                "2021 年模板的表三把“（六）其他处理”印成一行（2019 年模板的写法），其三个子项无法读出",
                "table 三 prints （六）其他处理 as one row (the 2019 layout) in a 2021 report; its three sub-rows cannot be read",
            ),
            Label::new(r.label, Text::new("（六）其他处理", "（六）其他处理")),
        ));
    }
    let sections = sections(text, &headings, id);
    let report = Report {
        source: id,
        meta,
        template,
        sections,
        active,
        requests,
        reviews,
    };
    (report, diags)
}

/// The template, most reliable evidence first: table 二's column words, table 三's （六） rows,
/// then the year; a report with none of the tables is pre-2019 when its outline or year says so.
fn decide_template(
    text: &str,
    shape: Option<Template>,
    requests: Option<&RequestTable>,
    has_reviews: bool,
    year: Option<i32>,
) -> Option<Template> {
    if let Some(t) = shape {
        return Some(t);
    }
    if let Some(t) = requests {
        if t.rows.iter().any(|r| {
            matches!(
                r.row,
                RequestRow::OtherNoCorrection | RequestRow::OtherNoFee | RequestRow::OtherOther
            )
        }) {
            return Some(Template::Y2021);
        }
        if !t.rows.is_empty() {
            return Some(match year {
                Some(y) if y >= 2021 => Template::Y2021,
                _ => Template::Y2019,
            });
        }
    }
    let pre2019_outline = PRE2019_MARKERS.iter().filter(|m| text.contains(*m)).count() >= 2;
    if requests.is_none() && !has_reviews && (pre2019_outline || year.is_some_and(|y| y < 2019)) {
        return Some(Template::Pre2019);
    }
    match year {
        Some(y) if y < 2019 => Some(Template::Pre2019),
        Some(y) if y < 2021 => Some(Template::Y2019),
        Some(_) => Some(Template::Y2021),
        None => None,
    }
}

fn sections(text: &str, headings: &[outline::Heading], id: SourceId) -> Vec<Section> {
    let mut out = Vec::new();
    for (i, h) in headings.iter().enumerate() {
        let end = headings.get(i + 1).map_or(text.len(), |n| n.range.start);
        let body_start = h.range.end.min(end);
        let body = text[body_start..end].trim();
        let lead = text[body_start..end].len() - text[body_start..end].trim_start().len();
        out.push(Section {
            kind: h.kind,
            heading: Spanned::new(
                text[h.range.clone()].trim().to_string(),
                Span::new(id, h.range.start, h.range.end),
            ),
            body: Spanned::new(
                body.to_string(),
                Span::new(id, body_start + lead, body_start + lead + body.len()),
            ),
        });
    }
    let _ = SectionKind::ALL;
    out
}
