//! Writing an authoring file: an empty one to fill in, or a report as one.

use std::fmt::Write as _;

use gongkai_model::labels::{
    self, APPLICANT_ORG_GROUP, Applicant, ColumnKind, LITIGATION_HEADER, REVIEW_COLUMNS,
    RequestGroup, ReviewGroup, SectionKind, Template, active_rows, request_rows,
};
use gongkai_model::{Meta, Report, SourceId, Span, Spanned, Unit, Value};
use gongkai_render::page;
// Aligned by terminal width, as the comments were always aligned.
use unicode_width::UnicodeWidthStr;

/// An empty authoring file for `template`, with the agency and year filled in when given.
pub fn skeleton(template: Template, agency: Option<&str>, year: Option<i32>) -> String {
    let none = Span::default();
    let report = Report {
        source: SourceId(0),
        meta: Meta {
            title: None,
            agency: agency.map(|a| Spanned::new(a.to_string(), none)),
            year: year.map(|y| Spanned::new(y, none)),
            published: None,
        },
        template: Some(template),
        sections: Vec::new(),
        active: None,
        requests: None,
        reviews: None,
    };
    to_toml(&report)
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

/// The report as an authoring file: its meta data, its narrative (tables and signature taken
/// out of the section text) and its cells as printed.
pub fn to_toml(report: &Report) -> String {
    let template = match gongkai_model::cells::key_template(report) {
        Template::Pre2019 => Template::Y2021,
        t => t,
    };
    let mut out = header(template);
    meta(&mut out, report, template);
    sections(&mut out, report, template);
    out.push_str("\n[cells]\n");
    let mut lines = Lines::default();
    active_cells(&mut lines, report, template);
    request_cells(&mut lines, report, template);
    review_cells(&mut lines, report);
    lines.write(&mut out);
    out
}

fn header(template: Template) -> String {
    let notice = match template {
        Template::Y2019 => "国办公开办函〔2019〕60号，2019、2020 年度报告用",
        _ => "国办公开办函〔2021〕30号，2021 年度起的报告用",
    };
    format!(
        "# 政府信息公开工作年度报告 · 填报文件（模板 {}：{notice}）\n\
# Government information disclosure annual report: authoring file ({} template).\n\
#\n\
# 填写方法：\n\
#   - 数字直接填写，如 13；减少填负数，如 -3；金额可带小数，如 126.35，也可写成 \"382.5万元\"。\n\
#   - 空白单元格填 \"\"。空白不是 0：报告中印 0 的格子请填 0。\n\
#   - 报告中印的记号（\"/\"、\"—\"、\"无\" 等）加引号原样填写。\n\
#   - 合计、总计按报告实际填写，本工具不代为计算，只核对勾稽关系。\n\
#   - 各部分正文写在 ''' 与 ''' 之间，一段一行。\n\
#   - 核对：gongkai check 本文件.toml\n\
#   - 生成：gongkai render --to docx -o 报告.docx 本文件.toml（另有 html、md）\n",
        template.code(),
        template.code()
    )
}

fn meta(out: &mut String, report: &Report, template: Template) {
    let m = &report.meta;
    let string = |v: Option<&str>| toml_string(v.unwrap_or(""));
    let year = m
        .year
        .as_ref()
        .map_or("\"\"".to_string(), |y| y.value.to_string());
    let published = m
        .published
        .as_ref()
        .map_or(String::new(), |d| d.value.to_string());
    let mut lines = Lines::default();
    lines.comment("");
    lines.key(
        "template",
        toml_string(template.code()),
        "模板：2021 或 2019（2019、2020 年度报告用 2019）",
    );
    lines.key(
        "agency",
        string(m.agency.as_ref().map(|a| a.value.as_str())),
        "机关名称，用于标题和落款",
    );
    lines.key("year", year, "报告年度，如 2024");
    lines.key(
        "published",
        toml_string(&published),
        "落款日期 YYYY-MM-DD，如 2025-01-20；留空则不印日期",
    );
    lines.key(
        "title",
        string(m.title.as_ref().map(|t| t.value.as_str())),
        "标题；留空则为 机关名称＋年度＋年政府信息公开工作年度报告",
    );
    out.push_str("\n[meta]");
    lines.write(out);
}

fn sections(out: &mut String, report: &Report, template: Template) {
    out.push_str("\n[sections]\n");
    let layout = page::page(report);
    for kind in SectionKind::ALL {
        let text = match report.template {
            Some(Template::Pre2019) => None,
            _ => layout
                .sections
                .iter()
                .find(|s| s.heading == kind.heading())
                .filter(|_| report.sections.iter().any(|s| s.kind == kind)),
        }
        .map(|s| {
            s.before
                .iter()
                .chain(&s.after)
                .map(page::Paragraph::full)
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default();
        let hint = match kind {
            SectionKind::Active | SectionKind::Requests | SectionKind::Reviews => {
                "（正文；表格由下方 [cells] 生成）"
            }
            SectionKind::Other if template == Template::Y2021 => {
                "（正文；收取信息处理费情况在此报告）"
            }
            _ => "（正文）",
        };
        let _ = writeln!(out, "# {}{hint}", kind.heading());
        let _ = writeln!(out, "{} = {}\n", section_key(kind), multiline(&text));
    }
}

/// The TOML key of a section: its serde name.
pub(crate) fn section_key(kind: SectionKind) -> &'static str {
    match kind {
        SectionKind::Overview => "overview",
        SectionKind::Active => "active",
        SectionKind::Requests => "requests",
        SectionKind::Reviews => "reviews",
        SectionKind::Problems => "problems",
        SectionKind::Other => "other",
    }
}

/// Key lines with their comments aligned.
#[derive(Default)]
struct Lines {
    /// (`key = value` or a whole comment line, trailing comment or None for a comment line).
    items: Vec<(String, Option<String>)>,
}

impl Lines {
    fn comment(&mut self, text: &str) {
        let line = if text.is_empty() {
            String::new()
        } else {
            format!("# {text}")
        };
        self.items.push((line, None));
    }

    fn key(&mut self, key: &str, value: String, comment: &str) {
        let key = if key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            key.to_string()
        } else {
            toml_string(key)
        };
        self.items
            .push((format!("{key} = {value}"), Some(comment.to_string())));
    }

    fn write(&self, out: &mut String) {
        let width = self
            .items
            .iter()
            .filter(|(_, c)| c.is_some())
            .map(|(l, _)| l.width())
            .max()
            .unwrap_or(0);
        for (line, comment) in &self.items {
            out.push_str(line);
            if let Some(c) = comment {
                out.push_str(&" ".repeat(width - line.width() + 2));
                out.push_str("# ");
                out.push_str(c);
            }
            out.push('\n');
        }
    }
}

fn active_cells(lines: &mut Lines, report: &Report, template: Template) {
    let table = report.active.as_ref();
    lines.comment(SectionKind::Active.heading());
    let mut item = "";
    for spec in active_rows(template) {
        if spec.item != item {
            item = spec.item;
            lines.comment("");
            lines.comment(&labels::active_item_heading(item));
        }
        let row = table.and_then(|t| t.row(spec.row));
        let header_unit = table.and_then(|t| t.amount_unit.as_ref()).map(|u| u.value);
        for (i, (col, label, kind)) in spec.columns.iter().enumerate() {
            let value = row.and_then(|r| r.cells.get(i)).map(|c| &c.value);
            // The 2021 fee is in 万元 by the template; a report that states 元 in the header
            // has its unit carried into the cell, the one place the authoring file has for it.
            let in_yuan = *kind == ColumnKind::Amount
                && template == Template::Y2021
                && header_unit == Some(Unit::Yuan);
            let text = match value {
                Some(Value::Count(n)) if in_yuan => {
                    toml_string(&format!("{n}{}", Unit::Yuan.label()))
                }
                Some(Value::Amount { number, unit: None }) if in_yuan => {
                    toml_string(&format!("{number}{}", Unit::Yuan.label()))
                }
                v => toml_value(v),
            };
            lines.key(
                &format!("active.{}.{col}", spec.key),
                text,
                &format!("{} · {label}", spec.label),
            );
        }
        if template == Template::Y2019 && spec.key == "procurement" {
            let unit = table
                .and_then(|t| t.amount_unit.as_ref())
                .map_or("", |u| u.value.label());
            lines.key(
                "active.procurement.amount_unit",
                toml_string(unit),
                "采购总金额的单位：万元、元，或留空（不注明）",
            );
        }
    }
}

fn request_cells(lines: &mut Lines, report: &Report, template: Template) {
    let table = report.requests.as_ref();
    lines.comment("");
    lines.comment(SectionKind::Requests.heading());
    for spec in request_rows(template) {
        let path = match spec.group {
            None => spec.label.to_string(),
            Some(RequestGroup::Outcomes) => {
                format!("{} · {}", RequestGroup::Outcomes.label(), spec.label)
            }
            Some(g) => format!(
                "{} · {} · {}",
                RequestGroup::Outcomes.label(),
                g.label(),
                spec.label
            ),
        };
        lines.comment("");
        lines.comment(&path);
        let row = table.and_then(|t| t.row(spec.row));
        for a in Applicant::ALL {
            let label = match a {
                Applicant::Natural | Applicant::Total => a.label().to_string(),
                _ => format!("{APPLICANT_ORG_GROUP} · {}", a.label()),
            };
            lines.key(
                &format!("requests.{}.{}", spec.key, a.key()),
                toml_value(row.map(|r| &r.cells[a as usize].value)),
                &label,
            );
        }
    }
}

fn review_cells(lines: &mut Lines, report: &Report) {
    lines.comment("");
    lines.comment(SectionKind::Reviews.heading());
    for (g, group) in ReviewGroup::ALL.into_iter().enumerate() {
        lines.comment("");
        match group {
            ReviewGroup::Review => lines.comment(group.label()),
            _ => lines.comment(&format!("{LITIGATION_HEADER} · {}", group.label())),
        }
        for (i, (col, label)) in REVIEW_COLUMNS.iter().enumerate() {
            let value = report.reviews.as_ref().map(|t| &t.cells[g * 5 + i].value);
            lines.key(&format!("{}.{col}", group.key()), toml_value(value), label);
        }
    }
}

/// A cell value in TOML: counts and unit-less amounts bare, everything else a string.
fn toml_value(value: Option<&Value>) -> String {
    match value {
        Some(Value::Count(n)) => n.to_string(),
        Some(Value::Amount { number, unit: None }) => number.to_string(),
        Some(v @ (Value::Amount { .. } | Value::Mark(_))) => {
            toml_string(&gongkai_render::grid::value_text(v))
        }
        _ => "\"\"".to_string(),
    }
}

/// `s` as a TOML basic string (quoted, with escapes).
pub fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A multi-line TOML string: literal (`'''`, no escapes) when the text allows, else basic.
fn multiline(text: &str) -> String {
    let literal_ok = !text.contains("'''")
        && !text.ends_with('\'')
        && !text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t');
    if literal_ok {
        return format!("'''\n{text}\n'''");
    }
    let body = toml_string(text);
    format!("\"\"\"\n{}\n\"\"\"", &body[1..body.len() - 1])
}
