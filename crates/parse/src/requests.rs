//! Table 三 (收到和处理政府信息公开申请情况): rows found by their labels and aligned with the
//! template in order, whatever the layout. Each layout has its own module: `labelled.rs` reads
//! rows that carry their values (TAB-separated, one cell per line, pipe tables, `pdftotext
//! -layout` columns), placed on the template's rows by the dynamic programme of `align.rs`;
//! `detached.rs` reads values printed apart from their labels (`pdftotext -raw`); `crawled.rs`
//! reads labels and digits run together on long lines (crawled web text). Labels wrapped past
//! recognition are read a second time rejoined (`joined.rs`), and candidate placements are
//! checked against the identities (`settle.rs`).

mod align;
mod crawled;
mod detached;
mod joined;
mod labelled;
mod settle;

use std::ops::Range;

use gongkai_model::labels::{RequestRow, Template, request_rows};
use gongkai_model::{Diagnostic, RequestTable, SourceId, Span};

use crate::matcher::{RequestMatch, match_request};
use crate::rows::{Row, rows};

/// Reads table 三 from `region`.
pub fn parse(
    text: &str,
    region: Range<usize>,
    source: SourceId,
    diags: &mut Vec<Diagnostic>,
) -> Option<RequestTable> {
    let span = Span::new(source, region.start, region.end);
    if crawled::is_run_together(text, &region) {
        return crawled::read(text, region, source, diags);
    }
    let lines = Lines::new(text, region)?;
    if detached::applies(&lines) {
        return Some(detached::read(&lines, span, source, diags));
    }
    Some(labelled::read(text, &lines, span, source, diags))
}

/// The rows of a table 三 region with their own labels matched: what the row layouts share.
struct Lines {
    /// Every row of the region.
    rows: Vec<Row>,
    /// What each row's own label names (by index into `rows`).
    matches: Vec<RequestMatch>,
    /// The rows that carry values, in order (indices into `rows`).
    value_rows: Vec<usize>,
    /// The template's rows, in the variant the labels name.
    template: Vec<RequestRow>,
}

impl Lines {
    /// The rows of `region`; `None` when no row carries values.
    fn new(text: &str, region: Range<usize>) -> Option<Lines> {
        let rows = rows(text, region);
        // Each row's label is normalised into one buffer and matched; only its length is kept.
        let mut label = String::new();
        let (matches, label_chars): (Vec<RequestMatch>, Vec<usize>) = rows
            .iter()
            .map(|r| {
                r.label_into(text, &mut label);
                (match_request(&label), label.chars().count())
            })
            .unzip();
        let variant = if matches.iter().any(|m| {
            matches!(
                m.leaf,
                Some(RequestRow::OtherNoCorrection | RequestRow::OtherNoFee)
            )
        }) {
            Template::Y2021
        } else {
            Template::Y2019
        };
        let template: Vec<RequestRow> = request_rows(variant).map(|s| s.row).collect();
        // A labelled row of empty cells (a blank table, e.g. the template itself) is a row too.
        let blank_row = |i: usize| {
            matches[i].leaf.is_some() && rows[i].kind.keeps_blanks() && rows[i].values().len() >= 7
        };
        let value_rows: Vec<usize> = (0..rows.len())
            .filter(|&i| {
                (rows[i].filled_values() > 0 && !is_narrative(label_chars[i], &matches[i]))
                    || blank_row(i)
            })
            .collect();
        if value_rows.is_empty() {
            return None;
        }
        Some(Lines {
            rows,
            matches,
            value_rows,
            template,
        })
    }
}

/// A long sentence that happens to end in a number is not a table row (`label_chars`: the
/// length of its normalised label in characters).
fn is_narrative(label_chars: usize, m: &RequestMatch) -> bool {
    m.leaf.is_none() && label_chars > 40
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use gongkai_model::Cell;

    /// Reads `text` as a whole table 三 region.
    pub(crate) fn read(text: &str) -> (Option<RequestTable>, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let table = parse(text, 0..text.len(), SourceId(0), &mut diags);
        (table, diags)
    }

    /// The rows of a table with their counts (`None` for a cell without one).
    pub(crate) fn counts(table: &RequestTable) -> Vec<(RequestRow, Vec<Option<i64>>)> {
        table
            .rows
            .iter()
            .map(|r| {
                (
                    r.row,
                    r.cells.iter().map(|c: &Cell| c.value.count()).collect(),
                )
            })
            .collect()
    }

    /// The diagnostic codes, in order.
    pub(crate) fn codes(diags: &[Diagnostic]) -> Vec<&str> {
        diags.iter().map(|d| d.code.as_str()).collect()
    }

    #[test]
    fn a_region_without_values_is_no_table() {
        let (table, diags) =
            read("一、本年新收政府信息公开申请数量\n二、上年结转政府信息公开申请数量\n");
        assert!(table.is_none());
        assert!(diags.is_empty());
    }

    #[test]
    fn a_long_sentence_ending_in_a_number_is_not_a_row() {
        let text = "本机关全年共收到各类来信来访和咨询电话，经认真梳理后均已按照有关规定妥善办理完毕，合计\t12\n";
        let lines = Lines::new(text, 0..text.len());
        assert!(lines.is_none());
    }

    #[test]
    fn the_2021_rows_choose_the_2021_template() {
        let text = "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\t0\t0\t0\t0\t0\t0\t0\n";
        let lines = Lines::new(text, 0..text.len()).unwrap();
        assert_eq!(lines.template.len(), 25);
        assert!(lines.template.contains(&RequestRow::OtherNoFee));
        let text = "（一）予以公开\t1\t0\t0\t0\t0\t0\t1\n";
        let lines = Lines::new(text, 0..text.len()).unwrap();
        assert_eq!(lines.template.len(), 23);
        assert!(lines.template.contains(&RequestRow::Other));
    }
}
