//! Rows that carry their own values, in any delimited or column layout: each value row is
//! placed on a template row (`align.rs`), its values fitted into the seven columns; rows that
//! print too few or too many numbers, an extra subtotal column, and rows that fit no template
//! row are reported.

use gongkai_model::labels::RequestRow;
use gongkai_model::{
    Diagnostic, Label, RequestRowData, RequestTable, Severity, SourceId, Span, Text,
};

use super::Lines;
use super::align::align;
use crate::fit::{Fit, fit, learn_columns, to_array};
use crate::matcher::RequestMatch;
use crate::rows::Row;

/// Reads the table from its labelled rows.
pub(super) fn read(
    text: &str,
    lines: &Lines,
    span: Span,
    source: SourceId,
    diags: &mut Vec<Diagnostic>,
) -> RequestTable {
    let Lines {
        rows,
        matches,
        value_rows,
        template,
    } = lines;
    let assigned = align(rows, matches, value_rows, template);
    let width = column_count(rows, &assigned);
    if width == 8 {
        diags.push(Diagnostic::new(
            "request-subtotal-column",
            Severity::Note,
            Text::new(
                "表三多印了一列“法人或其他组织”小计（模板没有这一列），已略去",
                "table 三 prints an extra 法人或其他组织 subtotal column (not in the template); it was left out",
            ),
            Label::new(span, Text::new("表三", "table 三")),
        ));
    }
    let columns = learn_columns(assigned.iter().map(|&(_, i)| &rows[i]), width);
    let mut out = Vec::new();
    for &(row, i) in &assigned {
        let r = &rows[i];
        let (mut cells, how) = fit(r, width, columns.as_deref(), source);
        if width == 8 {
            cells.remove(1);
        }
        let label = r
            .label_range()
            .map_or(Span::empty(source, r.range.start), |l| {
                Span::new(source, l.start, l.end)
            });
        if matches!(how, Fit::Short | Fit::Long) {
            diags.push(short_row(row, label, r, how, source));
        }
        out.push(RequestRowData {
            row,
            label,
            cells: to_array(cells, source, r.range.end),
            uncertain: matches!(how, Fit::Short | Fit::Long),
        });
    }
    unassigned_rows(rows, matches, value_rows, &assigned, text, source, diags);
    RequestTable { span, rows: out }
}

/// The number of value columns: 7, or 8 when most rows print a 法人或其他组织 subtotal.
fn column_count(rows: &[Row], assigned: &[(RequestRow, usize)]) -> usize {
    let eight = assigned
        .iter()
        .filter(|&&(_, i)| rows[i].filled_values() == 8)
        .count();
    if eight * 2 > assigned.len() && eight >= 3 {
        8
    } else {
        7
    }
}

fn short_row(row: RequestRow, label: Span, r: &Row, how: Fit, source: SourceId) -> Diagnostic {
    let name = row.spec().label;
    let (zh, en) = match how {
        Fit::Short => (
            format!("“{name}”一行印出的数字少于 7 列，缺的单元格未读出"),
            format!(
                "row “{name}” prints fewer numbers than its 7 columns; the missing cells were not read"
            ),
        ),
        _ => (
            format!("“{name}”一行印出的数字多于 7 列，多余的未读"),
            format!(
                "row “{name}” prints more numbers than its 7 columns; the extra ones were left out"
            ),
        ),
    };
    Diagnostic::new(
        "short-row",
        Severity::Warning,
        Text::new(zh, en),
        Label::new(label, Text::new(name, name)),
    )
    .with_secondary(Label::new(
        Span::new(source, r.range.start, r.range.end),
        Text::new("这一行", "this row"),
    ))
}

fn unassigned_rows(
    rows: &[Row],
    matches: &[RequestMatch],
    value_rows: &[usize],
    assigned: &[(RequestRow, usize)],
    text: &str,
    source: SourceId,
    diags: &mut Vec<Diagnostic>,
) {
    for &i in value_rows {
        if assigned.iter().any(|&(_, a)| a == i) {
            continue;
        }
        let r = &rows[i];
        let what = if matches[i].group.is_some() && matches[i].leaf.is_none() {
            (
                "分组小计行（模板无此行），其数字未计入",
                "a group subtotal row (not in the template); its numbers were not used",
            )
        } else {
            (
                "无法对应到模板中的行，其数字未读入",
                "could not be matched to a template row; its numbers were not used",
            )
        };
        let label = text[r.range.clone()].trim();
        let short: String = label.chars().take(30).collect();
        diags.push(Diagnostic::new(
            "unmatched-row",
            Severity::Warning,
            Text::new(
                format!("表三中的“{short}”{}", what.0),
                format!("table 三 row “{short}”: {}", what.1),
            ),
            Label::new(
                Span::new(source, r.range.start, r.range.end),
                Text::new("这一行", "this row"),
            ),
        ));
    }
}
