//! Values detached from their labels, as `pdftotext -raw` prints a ruled table: each number on a
//! line of its own, row by row or column by column, the labels elsewhere.

use gongkai_model::labels::{RequestRow, Template, request_rows};
use gongkai_model::{
    Cell, Diagnostic, Label, RequestRowData, RequestTable, Severity, SourceId, Span, Text, Value,
};

use super::Lines;
use super::labelled::mapping_unsure;
use crate::fit::{fit, to_array};
use crate::rows::Row;
use crate::token::Piece;

/// True when most value rows are single numbers without a label (at least two rows' worth).
pub(super) fn applies(lines: &Lines) -> bool {
    let Lines {
        rows, value_rows, ..
    } = lines;
    let singles = value_rows
        .iter()
        .filter(|&&i| rows[i].values().len() == 1 && rows[i].label_range().is_none())
        .count();
    let multi = value_rows
        .iter()
        .filter(|&&i| rows[i].filled_values() >= 3)
        .count();
    singles >= 14 && singles > 2 * multi
}

/// Values detached from their labels (`pdftotext -raw`): each number on a line of its own,
/// row-major (seven single lines in a row) or column-major (blocks of k lines, seven blocks
/// for k rows). Rows are then taken in template order, if their count fits exactly.
pub(super) fn read(
    lines: &Lines,
    span: Span,
    source: SourceId,
    diags: &mut Vec<Diagnostic>,
) -> RequestTable {
    let Lines {
        rows,
        matches,
        template,
        ..
    } = lines;
    // Blocks of consecutive single values, each with whether label text came right before it.
    let mut blocks: Vec<(Vec<Cell>, bool)> = Vec::new();
    let mut open = false;
    let mut after_text = false;
    for (k, r) in rows.iter().enumerate() {
        let is_single = r.values().len() == 1
            && r.label_range().is_none()
            && r.filled_values() == 1
            && !is_label_character(rows, k);
        if !is_single {
            open = false;
            after_text = r.filled_values() == 0 && r.label_range().is_some();
            if r.filled_values() >= 2 && r.label_range().is_none() {
                let (cells, _) = fit(r, r.values().len(), None, source);
                blocks.push((cells, false));
                blocks.push((Vec::new(), false)); // a full line is a block of its own
            }
            continue;
        }
        let (cells, _) = fit(r, 1, None, source);
        if !open || r.blank_before {
            blocks.push((Vec::new(), after_text && !r.blank_before));
        }
        if let Some(b) = blocks.last_mut() {
            b.0.extend(cells);
        }
        open = true;
        after_text = false;
    }
    blocks.retain(|b| !b.0.is_empty());
    let grid = blocks_to_rows(&blocks, 7);
    // The single 2019 （六） row appears in 2021 reports too: try both variants.
    let alternative: Vec<RequestRow> = if template.contains(&RequestRow::Other) {
        request_rows(Template::Y2021).map(|s| s.row).collect()
    } else {
        request_rows(Template::Y2019).map(|s| s.row).collect()
    };
    let order = if grid.len() == template.len() {
        template.to_vec()
    } else if grid.len() == alternative.len() {
        alternative
    } else {
        diags.push(Diagnostic::new(
            gongkai_model::Code::DetachedValues,
            Severity::Warning,
            Text::new(
                format!("表三的数字与标签分离（如 pdftotext -raw 输出），读出 {} 行，与模板的 {} 行不符，未读入", grid.len(), template.len()),
                format!("table 三's numbers are detached from their labels (as in pdftotext -raw output); {} rows read, the template has {}; not used", grid.len(), template.len()),
            ),
            Label::new(span, Text::new("表三", "table 三")),
        ));
        return RequestTable {
            span,
            rows: Vec::new(),
        };
    };
    // A cell counted once too often or too few shifts every cell after it into the wrong
    // column and row: the row totals (I2) then fail from there on. One failing row is the
    // report's own; two or more, and the rows from the first are not sure.
    let shifted_from = {
        let failing: Vec<usize> = grid
            .iter()
            .enumerate()
            .filter(|(_, cells)| row_total_fails(cells))
            .map(|(k, _)| k)
            .collect();
        if failing.len() >= 2 {
            // The rows just before that cannot be checked (a mark, a blank) may be shifted too.
            let mut from = failing[0];
            while from > 0 && !row_total_assessable(&grid[from - 1]) {
                from -= 1;
            }
            from
        } else {
            usize::MAX
        }
    };
    let mut guessed = Vec::new();
    let rows_out = order
        .iter()
        .zip(grid)
        .enumerate()
        .map(|(k, (&row, cells))| {
            let label = rows
                .iter()
                .zip(matches)
                .find(|(_, m)| m.leaf == Some(row))
                .and_then(|(r, _)| r.label_range())
                .map_or(Span::empty(source, cells[0].span.start as usize), |l| {
                    Span::new(source, l.start, l.end)
                });
            let unsure = k >= shifted_from;
            if unsure {
                let (start, end) = (cells[0].span.start, cells[cells.len() - 1].span.end);
                guessed.push((row, Span::new(source, start as usize, end as usize)));
            }
            RequestRowData {
                row,
                label,
                cells: to_array(cells, source, span.end as usize),
                uncertain: unsure,
            }
        })
        .collect();
    if !guessed.is_empty() {
        diags.push(mapping_unsure(&guessed));
    }
    RequestTable {
        span,
        rows: rows_out,
    }
}

/// True when a row of seven cells has a total (the last) that is not the sum of the six
/// applicant columns; false when a cell has no number.
fn row_total_fails(cells: &[Cell]) -> bool {
    let counts: Option<Vec<i64>> = cells.iter().map(|c| c.value.count()).collect();
    match counts.as_deref() {
        Some([six @ .., total]) if six.len() == 6 => six.iter().sum::<i64>() != *total,
        _ => false,
    }
}

/// True when every cell of a row has a number (I2 can be checked).
fn row_total_assessable(cells: &[Cell]) -> bool {
    cells.iter().all(|c| c.value.count().is_some())
}

/// True when row `k` is a mark between two lines of label text: a character of a group label
/// printed one a line (`、` of 三、本年度办理结果, `无` of 无法提供), not a cell.
fn is_label_character(rows: &[Row], k: usize) -> bool {
    let text_only = |r: &Row| r.filled_values() == 0 && r.label_range().is_some();
    let is_mark = rows[k]
        .values()
        .iter()
        .all(|c| matches!(c.piece, Piece::Value(Value::Mark(_))));
    is_mark && k > 0 && rows.get(k + 1).is_some_and(text_only) && text_only(&rows[k - 1])
}

/// Turns blocks of values into rows of `n`: single values accumulate row by row; `n`
/// consecutive blocks of the same size k > 1 are k rows printed column by column, unless label
/// text comes between them (then each block is a row of its own, its label before it).
fn blocks_to_rows(blocks: &[(Vec<Cell>, bool)], n: usize) -> Vec<Vec<Cell>> {
    let mut out = Vec::new();
    let mut acc: Vec<Cell> = Vec::new();
    let mut i = 0;
    while i < blocks.len() {
        let k = blocks[i].0.len();
        if k > 1
            && acc.is_empty()
            && i + n <= blocks.len()
            && blocks[i..i + n].iter().all(|b| b.0.len() == k)
            && blocks[i + 1..i + n].iter().all(|b| !b.1)
        {
            let group = &blocks[i..i + n];
            out.extend((0..k).map(|r| group.iter().map(|b| b.0[r].clone()).collect::<Vec<_>>()));
            i += n;
            continue;
        }
        for c in &blocks[i].0 {
            acc.push(c.clone());
            if acc.len() == n {
                out.push(std::mem::take(&mut acc));
            }
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use gongkai_model::labels::RequestRow::*;
    use gongkai_model::{SourceId, Value};

    use super::*;
    use crate::requests::tests::{codes, counts, read};

    /// The value of row `r`, column `c` in the synthetic tables: distinct for every applicant
    /// cell, the total (column 6) their sum.
    fn value(r: usize, c: usize) -> i64 {
        if c == 6 {
            (0..6).map(|c| value(r, c)).sum()
        } else {
            (r * 10 + c) as i64
        }
    }

    /// `pdftotext -raw` of a table 三 with `rows` rows: a few labels, then every number on a
    /// line of its own, row by row (or, with `by_column`, column by column in blocks).
    fn raw(rows: usize, by_column: bool) -> String {
        let mut text = String::from("一、本年新收政府信息公开申请数量\n（七）总计\n");
        if by_column {
            for c in 0..7 {
                text.push('\n');
                for r in 0..rows {
                    text.push_str(&format!("{}\n", value(r, c)));
                }
            }
        } else {
            for r in 0..rows {
                for c in 0..7 {
                    text.push_str(&format!("{}\n", value(r, c)));
                }
            }
        }
        text
    }

    fn expected(r: usize) -> Vec<Option<i64>> {
        (0..7).map(|c| Some(value(r, c))).collect()
    }

    #[test]
    fn numbers_row_by_row_are_the_template_rows_in_order() {
        let text = raw(23, false);
        let lines = Lines::new(&text, 0..text.len()).unwrap();
        assert!(applies(&lines));
        let (table, diags) = read(&text);
        let table = table.unwrap();
        let rows = counts(&table);
        assert_eq!(rows.len(), 23);
        assert_eq!(rows[0], (Received, expected(0)));
        assert_eq!(rows[20], (Other, expected(20)));
        assert_eq!(rows[22], (CarriedForward, expected(22)));
        assert!(diags.is_empty(), "{:?}", codes(&diags));
        // Labels printed apart still give the rows their label spans.
        assert_eq!(
            &text[table.rows[0].label.range()],
            "一、本年新收政府信息公开申请数量"
        );
        assert_eq!(&text[table.rows[21].label.range()], "（七）总计");
        assert!(table.rows[1].label.is_empty());
    }

    #[test]
    fn numbers_column_by_column_are_read_across() {
        let text = raw(25, true);
        let (table, diags) = read(&text);
        let rows = counts(&table.unwrap());
        // 25 rows: the 2021 template, although no 2021 label is printed.
        assert_eq!(rows.len(), 25);
        assert_eq!(rows[1], (CarriedOver, expected(1)));
        assert_eq!(rows[22], (OtherOther, expected(22)));
        assert!(diags.is_empty(), "{:?}", codes(&diags));
    }

    #[test]
    fn a_count_that_fits_neither_template_is_reported_not_guessed() {
        let text = raw(20, false);
        let (table, diags) = read(&text);
        assert!(table.unwrap().rows.is_empty());
        assert_eq!(codes(&diags), ["detached-values"]);
    }

    #[test]
    fn a_cell_too_many_flags_the_rows_after_it() {
        // An extra mark among the numbers of row 3: every cell after it moves one place on.
        let text = raw(23, false);
        let at = text.match_indices('\n').nth(2 + 3 * 7 + 2).unwrap().0;
        let text = format!("{}\n—{}", &text[..at], &text[at..]);
        let (table, diags) = read(&text);
        let table = table.unwrap();
        assert_eq!(codes(&diags), ["row-mapping-unsure"]);
        for (k, r) in table.rows.iter().enumerate() {
            assert_eq!(r.uncertain, k >= 3, "{k}");
            if !r.uncertain {
                assert_eq!(counts(&table)[k].1, expected(k));
            }
        }
    }

    #[test]
    fn one_row_that_does_not_add_up_is_the_reports_own() {
        let text = raw(23, false).replacen("\n21\n", "\n22\n", 1);
        let (table, diags) = read(&text);
        assert!(table.unwrap().rows.iter().all(|r| !r.uncertain));
        assert!(diags.is_empty(), "{:?}", codes(&diags));
    }

    #[test]
    fn labelled_rows_are_not_detached() {
        let text = "一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n".repeat(20);
        let lines = Lines::new(&text, 0..text.len()).unwrap();
        assert!(!applies(&lines));
    }

    #[test]
    fn blocks_become_rows() {
        let cell = |n: i64| Cell {
            value: Value::Count(n),
            span: Span::empty(SourceId(0), 0),
        };
        let block = |ns: &[i64]| (ns.iter().map(|&n| cell(n)).collect::<Vec<_>>(), false);
        let n = |rows: Vec<Vec<Cell>>| -> Vec<Vec<i64>> {
            rows.iter()
                .map(|r| r.iter().filter_map(|c| c.value.count()).collect())
                .collect()
        };
        // Single values accumulate row by row.
        let singles: Vec<(Vec<Cell>, bool)> = (1..=6).map(|i| block(&[i])).collect();
        assert_eq!(n(blocks_to_rows(&singles, 3)), [[1, 2, 3], [4, 5, 6]]);
        // Three blocks of two are two rows printed column by column.
        let columns = [block(&[1, 4]), block(&[2, 5]), block(&[3, 6])];
        assert_eq!(n(blocks_to_rows(&columns, 3)), [[1, 2, 3], [4, 5, 6]]);
        // Blocks of three with labels between them are rows, each after its label.
        let labelled = [
            block(&[1, 2, 3]),
            (block(&[4, 5, 6]).0, true),
            (block(&[7, 8, 9]).0, true),
        ];
        assert_eq!(
            n(blocks_to_rows(&labelled, 3)),
            [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
        );
        // A partial row is dropped.
        assert_eq!(
            n(blocks_to_rows(&[block(&[1]), block(&[2])], 3)),
            Vec::<Vec<i64>>::new()
        );
    }
}
