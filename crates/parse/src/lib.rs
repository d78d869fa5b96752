//! From a [`Source`] to a [`Report`]: template detection, label matching, table reading.
//! Parsing never fails: it returns what it could read and diagnostics for the rest.

mod active;
mod evidence;
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
mod split_choice;
mod token;

pub use runs::{Split, splits};
pub use split_choice::resolve_with_previous;

use gongkai_model::Source;
use gongkai_model::labels::{PRE2019_MARKERS, RequestRow, Template};
use gongkai_model::{
    Diagnostic, Label, Report, RequestTable, Section, Severity, SourceId, Span, Spanned, Text,
};

/// Parses one source into a report plus diagnostics. A source the reader found damaged gets a
/// `damaged-file` finding naming what is missing; what could be read is parsed as usual.
pub fn parse(source: &Source, id: SourceId) -> (Report, Vec<Diagnostic>) {
    let (mut report, mut diags) = parse_text(&source.text, id);
    if let Some(damage) = &source.damage {
        // A damaged file that shows too little to be recognised is not called "no report": the
        // missing part may be what would have shown it.
        if report.template.is_none() {
            diags.retain(|d| d.code != gongkai_model::Code::NotAReport);
        }
        let message = Text::new(damage.zh.clone(), damage.en.clone());
        diags.insert(
            0,
            Diagnostic::new(
                gongkai_model::Code::DamagedFile,
                Severity::Error,
                message.clone(),
                Label::new(Span::new(id, 0, 0), message),
            )
            .with_help(Text::new(
                "重新下载或向发布机关索取完整的文件",
                "download the file again, or ask the agency for the whole file",
            )),
        );
    }
    // Numbers of a scan that could not be placed in their columns are not taken as read, and
    // numbers a scan gave with a low confidence are findings, never silently trusted.
    let unplaced = ocr::unplaced_cells(source, &mut report, &diags);
    diags.extend(unplaced);
    diags.extend(ocr::uncertain_readings(source, &report));
    (report, diags)
}

/// Parses normalised text (as in `Source::text`) into a report plus diagnostics.
pub fn parse_text(text: &str, id: SourceId) -> (Report, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut meta = meta::meta(text, id);
    evidence::fill_meta(text, &mut meta, id);
    let headings = outline::headings(text);
    let regions = outline::regions(text, &headings);
    let mut requests = regions
        .requests
        .clone()
        .and_then(|r| requests::parse(text, r, id, &mut diags))
        .filter(|t| !t.rows.is_empty() || !diags.is_empty());
    let mut reviews = regions
        .reviews
        .clone()
        .and_then(|r| reviews::parse(text, r, id, &mut diags));
    let year = meta.year.as_ref().map(|y| y.value);
    let shape = regions.active.as_ref().and_then(|r| active::shape(text, r));
    let table_words = shape.is_some()
        || requests.as_ref().is_some_and(|t| !t.rows.is_empty())
        || REVIEW_HEADER_WORDS.iter().all(|w| text.contains(w));
    let evidence = evidence::gather(text, &meta, &headings, table_words);
    // A pre-2019 report ends with the old statistics table (指标名称 / 计量单位 …), whose rows
    // can look like table 三's: it is no template table.
    let old_table = shape.is_none()
        && !REQUEST_HEADER_WORDS.iter().any(|w| text.contains(w))
        && (evidence.old_outline || year.is_some_and(|y| y < 2019))
        && evidence::old_statistics_table(text);
    if old_table {
        // What reading those rows as table 三 or 四 noticed is moot.
        requests = None;
        reviews = None;
        diags.clear();
    }
    let template = if !evidence.is_report() {
        diags.push(not_a_report(text, id, &evidence));
        None
    } else if old_table {
        Some(Template::Pre2019)
    } else {
        decide_template(
            text,
            shape,
            requests.as_ref(),
            reviews.is_some(),
            year,
            evidence::cited_template(text),
        )
    };
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
            gongkai_model::Code::OldLabelIn2021Table,
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

/// Header words of table 四 (all of them occur in it).
const REVIEW_HEADER_WORDS: &[&str] = &["结果维持", "结果纠正", "尚未审结"];

/// Header words of table 三 that the old pre-2019 statistics table never has.
const REQUEST_HEADER_WORDS: &[&str] = &["申请人情况", "自然人", "商业企业"];

/// The finding for a text that is no report, saying what little was found.
fn not_a_report(text: &str, id: SourceId, e: &evidence::Evidence) -> Diagnostic {
    let mut found_zh = Vec::new();
    let mut found_en = Vec::new();
    if e.title {
        found_zh.push("年度报告标题");
        found_en.push("an annual-report title");
    }
    if e.sections >= 2 || e.old_outline {
        found_zh.push("部分标题");
        found_en.push("section headings");
    } else if e.sections == 1 {
        // One numbered heading is not yet the evidence of headings (a page of a report, an
        // article with a 一、).
        found_zh.push("一个部分标题（需要两个以上）");
        found_en.push("one section heading (two are needed)");
    }
    if e.table {
        found_zh.push("模板表格");
        found_en.push("template table words");
    }
    if e.period {
        found_zh.push("统计期限");
        found_en.push("the statistics period");
    }
    let (zh, en) = if text.trim().is_empty() {
        (
            "文件是空的，不是政府信息公开工作年度报告".to_string(),
            "the file is empty: no annual report".to_string(),
        )
    } else if found_zh.is_empty() {
        (
            "这不是政府信息公开工作年度报告：没有找到年度报告的标题、六个部分的标题、模板表格或统计期限".to_string(),
            "this is no government information disclosure annual report: no report title, section headings, template table or statistics period was found".to_string(),
        )
    } else {
        (
            format!(
                "这不是政府信息公开工作年度报告：只找到{}（至少需要标题、部分标题、模板表格、统计期限中的两种）",
                found_zh.join("、")
            ),
            format!(
                "this is no government information disclosure annual report: only {} was found (a report shows at least two of: its title, its section headings, a template table, the statistics period)",
                found_en.join(", ")
            ),
        )
    };
    let first_line = text.find('\n').unwrap_or(text.len()).min(200);
    let mut end = first_line;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    Diagnostic::new(
        gongkai_model::Code::NotAReport,
        Severity::Error,
        Text::new(zh, en),
        Label::new(
            Span::new(id, 0, end),
            Text::new("文件开头", "the start of the file"),
        ),
    )
    .with_help(Text::new(
        "核对文件是否下载完整、是否为年度报告本身（而非栏目页、登录页或附件说明）；若报告以图片发布，需要能检索的版本",
        "check that the file was downloaded whole and is the report itself (not a listing, a login page or a note about an attachment); a report published as images needs a searchable version",
    ))
}

/// The template, most reliable evidence first: table 二's column words, table 三's （六） rows,
/// then the year, then the 国办公开办函 the report cites; a report with none of the tables is
/// pre-2019 when its outline or year says so.
fn decide_template(
    text: &str,
    shape: Option<Template>,
    requests: Option<&RequestTable>,
    has_reviews: bool,
    year: Option<i32>,
    cited: Option<Template>,
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
        None => cited,
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
    out
}
