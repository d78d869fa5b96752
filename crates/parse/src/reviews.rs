//! Table 四 (政府信息公开行政复议、行政诉讼情况): fifteen numbers after the headers.

use std::ops::Range;

use gongkai_model::labels::ColumnKind;
use gongkai_model::{Cell, Diagnostic, Label, ReviewTable, Severity, SourceId, Span, Text, Value};

use crate::fit::{fit, to_array};
use crate::norm::{Normalized, ambiguous_split, first_run};
use crate::rows::rows;
use crate::runs::splits;

/// Header words of table 四; a value row may carry only these as its label.
const HEADER_WORDS: &[&str] = &[
    "行政复议",
    "行政诉讼",
    "未经复议直接起诉",
    "复议后起诉",
    "结果维持",
    "结果纠正",
    "其他结果",
    "尚未审结",
    "总计",
    "合计",
    "数量",
    "件数",
    "案件数",
];

/// Reads table 四 from `region`.
pub fn parse(
    text: &str,
    region: Range<usize>,
    source: SourceId,
    diags: &mut Vec<Diagnostic>,
) -> Option<ReviewTable> {
    let span = Span::new(source, region.start, region.end);
    if crate::outline::is_long_line(text, region.start) {
        return crawled(text, region, source, diags);
    }
    let rows = rows(text, region.clone());
    // Fifteen empty fields in a row of their own: a blank table 四 (e.g. the template itself).
    let blank = |r: &crate::rows::Row| {
        r.kind == crate::rows::RowKind::Delimited
            && r.label_range().is_none()
            && r.values().len() == 15
    };
    let mut label = String::new();
    let value_rows: Vec<_> = rows
        .iter()
        .filter(|r| r.filled_values() > 0 || blank(r))
        .filter(|r| {
            r.label_into(text, &mut label);
            label.chars().count() <= 4 || HEADER_WORDS.iter().any(|w| label.contains(w))
        })
        .collect();
    if value_rows.is_empty() {
        return None;
    }
    let full = value_rows
        .iter()
        .find(|r| r.filled_values() == 15)
        .or_else(|| value_rows.iter().find(|r| blank(r)));
    let cells: Vec<Cell> = match full {
        Some(r) => fit(r, 15, None, source).0,
        None => value_rows
            .iter()
            .flat_map(|r| {
                let n = r.values().len();
                fit(r, n, None, source).0
            })
            .collect(),
    };
    if cells.len() != 15 {
        diags.push(Diagnostic::new(
            gongkai_model::Code::ReviewCellCount,
            Severity::Warning,
            Text::new(
                format!("表四应有 15 个数字，读出 {} 个；按顺序对应，缺的未读出，多的未用", cells.len()),
                format!("table 四 should hold 15 numbers, {} were read; taken in order, missing ones left unread, extra ones unused", cells.len()),
            ),
            Label::new(span, Text::new("表四", "table 四")),
        ));
    }
    Some(ReviewTable {
        span,
        cells: to_array(cells, source, region.end),
    })
}

/// Crawled text: the run of digits after the last header word, split into 15 cells so that each
/// group's 总计 is the sum of its four results (I4).
fn crawled(
    text: &str,
    region: Range<usize>,
    source: SourceId,
    diags: &mut Vec<Diagnostic>,
) -> Option<ReviewTable> {
    let span = Span::new(source, region.start, region.end);
    let norm = Normalized::new(text, region.clone());
    let after = ["总计", "审结", "合计"]
        .iter()
        .filter_map(|w| norm.text.rfind(w).map(|i| i + w.len()))
        .max()?;
    let run = first_run(&norm.text[after..])?;
    let run = after + run.start..after + run.end;
    let src = norm.source_range(run.clone());
    let all = splits(&norm.text[run.clone()], &[ColumnKind::Count; 15]).unwrap_or_default();
    let fitting: Vec<_> = all
        .into_iter()
        .filter(|s| {
            let v: Vec<i64> = s.iter().filter_map(|(v, _)| v.count()).collect();
            v.len() == 15 && (0..3).all(|g| v[g * 5..g * 5 + 4].iter().sum::<i64>() == v[g * 5 + 4])
        })
        .collect();
    let cells = if fitting.len() == 1 {
        norm.split_cells(&run, &fitting[0], source)
    } else {
        diags.push(ambiguous_split(
            text,
            src.clone(),
            source,
            ("表四", "table 四"),
            fitting.len(),
        ));
        (0..15)
            .map(|_| Cell {
                value: Value::Unresolved,
                span: Span::new(source, src.start, src.end),
            })
            .collect()
    };
    Some(ReviewTable {
        span,
        cells: to_array(cells, source, region.end),
    })
}
