//! Table 四 (政府信息公开行政复议、行政诉讼情况): fifteen numbers after the headers.

use std::ops::Range;

use gongkai_model::{Cell, Diagnostic, Label, ReviewTable, Severity, SourceId, Span, Text, Value};

use crate::fit::{fit, to_array};
use crate::norm::{Normalized, ambiguous_split, first_run};
use crate::rows::rows;
use crate::runs::summing_splits;

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
        return crawled(text, region, source, diags, false);
    }
    let rows = rows(text, region.clone());
    // Fifteen empty fields in a row of their own: a blank table 四 (e.g. the template itself).
    let blank = |r: &crate::rows::Row| {
        r.kind.keeps_blanks() && r.label_range().is_none() && r.values().len() == 15
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
        // A short crawled line (a small table 四 run together with its heading) holds no row
        // of values but one run of all fifteen cells.
        return crawled(text, region, source, diags, true);
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
/// Crawled text: the fifteen cells run together after the header's last word. With
/// `only_full_runs`, a run of fewer than fifteen digits is not taken for the table.
fn crawled(
    text: &str,
    region: Range<usize>,
    source: SourceId,
    diags: &mut Vec<Diagnostic>,
    only_full_runs: bool,
) -> Option<ReviewTable> {
    let span = Span::new(source, region.start, region.end);
    let norm = Normalized::new(text, region.clone());
    let after = ["总计", "审结", "合计"]
        .iter()
        .filter_map(|w| norm.text.rfind(w).map(|i| i + w.len()))
        .max()?;
    let run = first_run(&norm.text[after..])?;
    let run = after + run.start..after + run.end;
    let digits = norm.text[run.clone()]
        .bytes()
        .filter(u8::is_ascii_digit)
        .count();
    if only_full_runs && digits < 15 {
        return None;
    }
    let src = norm.source_range(run.clone());
    let fitting = summing_splits(&norm.text[run.clone()], 5, 3).unwrap_or_default();
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

#[cfg(test)]
mod tests {
    use gongkai_model::{SourceId, Value};

    use super::*;

    const HEADER: &str = "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计";

    fn read(text: &str) -> (Option<ReviewTable>, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let table = parse(text, 0..text.len(), SourceId(0), &mut diags);
        (table, diags)
    }

    #[test]
    fn a_short_crawled_line_is_read_as_one_run() {
        // Short of the long-line mark, but the fifteen cells run together after the header.
        let text = format!("{HEADER}001010041500088\n");
        assert!(!crate::outline::is_long_line(&text, 0));
        let (table, diags) = read(&text);
        let values: Vec<Value> = table
            .unwrap()
            .cells
            .iter()
            .map(|c| c.value.clone())
            .collect();
        let want = [0, 0, 1, 0, 1, 0, 0, 4, 1, 5, 0, 0, 0, 8, 8];
        assert_eq!(values, want.map(Value::Count).to_vec());
        assert!(diags.is_empty(), "{diags:?}");
    }

    #[test]
    fn a_short_run_without_value_rows_is_no_table() {
        let (table, diags) = read(&format!("{HEADER}\n本年度共3件。\n"));
        assert!(table.is_none());
        assert!(diags.is_empty(), "{diags:?}");
    }
}
