//! Placing a row's values into the template's columns.

use gongkai_model::{Cell, SourceId, Span, Value};

use crate::rows::{Row, RowCell, RowKind};
use crate::token::Piece;

/// How well a row's values fit the column count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// One value per column.
    Exact,
    /// Fewer values than columns, placed by their positions under the columns of full rows.
    Aligned,
    /// Fewer values than columns and no positions to place them by: taken from the left, the
    /// missing cells are [`Value::Missing`]; which column each value belongs to is uncertain.
    Short,
    /// More values than columns: the extra ones were left out.
    Long,
}

/// The row's values placed into `n` columns.
///
/// Delimited rows keep positions (an empty field is a blank cell); leading (then trailing) empty
/// fields beyond `n` are shifted merged label cells and are dropped first. Rows cut at a pandoc
/// table's columns take the `n` columns that end at their last filled one. Spaced rows have no visible
/// blanks: a full row maps one to one, a short row is placed by `columns` (the character
/// columns where each column's values end, learnt from full rows) when known, else from the left.
pub fn fit(row: &Row, n: usize, columns: Option<&[usize]>, source: SourceId) -> (Vec<Cell>, Fit) {
    let mut vals: &[RowCell] = row.values();
    if row.kind == RowKind::Columns && vals.len() > n {
        // Pandoc dropped the columns merged cells span: blank columns may lead (a label's span)
        // and trail (columns the row does not reach). The last filled cell ends the row (a
        // row's total is filled whenever any of its parts is), unless fewer than `n` columns
        // come before it.
        let end = vals
            .iter()
            .rposition(|c| !is_blank(Some(c)))
            .map_or(n, |last| (last + 1).max(n));
        if vals[..end - n].iter().all(|c| is_blank(Some(c))) {
            vals = &vals[end - n..end];
        }
    }
    if row.kind == RowKind::Delimited {
        while vals.len() > n && is_blank(vals.first()) {
            vals = &vals[1..];
        }
        while vals.len() > n && is_blank(vals.last()) {
            vals = &vals[..vals.len() - 1];
        }
    }
    let end = Span::empty(source, row.range.end);
    let to_cell = |c: &RowCell| Cell {
        value: match &c.piece {
            Piece::Value(v) => v.clone(),
            Piece::Text => Value::Missing,
        },
        span: Span::new(source, c.range.start, c.range.end),
    };
    if vals.len() > n {
        let take = &vals[vals.len() - n..];
        return (take.iter().map(to_cell).collect(), Fit::Long);
    }
    if vals.len() == n {
        return (vals.iter().map(to_cell).collect(), Fit::Exact);
    }
    let mut cells = vec![Cell::missing(end); n];
    let mut how = Fit::Short;
    match columns.filter(|c| c.len() == n && row.kind == RowKind::Spaced) {
        Some(cols) => {
            how = Fit::Aligned;
            let mut next = 0;
            for v in vals {
                let best = (next..n)
                    .min_by_key(|&k| cols[k].abs_diff(v.column))
                    .unwrap_or(n - 1);
                // Keep order: never place before an earlier value.
                let slot = best.max(next).min(n - 1);
                cells[slot] = to_cell(v);
                next = slot + 1;
                if next >= n {
                    break;
                }
            }
        }
        None => {
            for (k, v) in vals.iter().enumerate() {
                cells[k] = to_cell(v);
            }
        }
    }
    (cells, how)
}

fn is_blank(c: Option<&RowCell>) -> bool {
    matches!(c.map(|c| &c.piece), Some(Piece::Value(Value::Blank)))
}

/// The character column where each of `n` columns ends, learnt from the spaced rows that print
/// exactly `n` values (the median of each column).
pub fn learn_columns<'a>(rows: impl Iterator<Item = &'a Row>, n: usize) -> Option<Vec<usize>> {
    let mut per: Vec<Vec<usize>> = vec![Vec::new(); n];
    for r in rows.filter(|r| r.kind == RowKind::Spaced) {
        let v = r.values();
        if v.len() == n {
            for (k, c) in v.iter().enumerate() {
                per[k].push(c.column);
            }
        }
    }
    if per[0].len() < 2 {
        return None;
    }
    Some(
        per.into_iter()
            .map(|mut v| {
                v.sort_unstable();
                v[v.len() / 2]
            })
            .collect(),
    )
}

/// `cells` as a fixed-size row, [`Value::Missing`] (expected at `at`) where there are fewer.
pub fn to_array<const N: usize>(cells: Vec<Cell>, source: SourceId, at: usize) -> [Cell; N] {
    let mut it = cells.into_iter();
    std::array::from_fn(|_| {
        it.next()
            .unwrap_or_else(|| Cell::missing(Span::empty(source, at)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rows::rows;

    /// The values `fit` places for a pandoc table's one row of `cells` (columns six wide; the
    /// label's two wide characters push the later cells right within their columns).
    fn fitted(cells: &[&str], n: usize) -> (Vec<String>, Fit) {
        let mut rule = String::from("  ");
        let mut line = String::from("  ");
        for c in cells {
            rule.push_str("------ ");
            line.push_str(&format!("{c:<6} "));
        }
        let text = format!("{rule}\n{}\n", line.trim_end());
        let r = rows(&text, 0..text.len());
        let (cells, how) = fit(&r[0], n, None, SourceId(0));
        let shown = cells
            .iter()
            .map(|c| text[c.span.start as usize..c.span.end as usize].to_string())
            .collect();
        (shown, how)
    }

    #[test]
    fn pandoc_rows_end_at_their_last_filled_column() {
        // A merged label's spanned column leads, a column the row does not reach trails.
        let (v, how) = fitted(&["规章", "", "1", "", "2", "3", ""], 4);
        assert_eq!(v, vec!["1", "", "2", "3"]);
        assert_eq!(how, Fit::Exact);
        // Blank parts before the total stay where they are.
        let (v, _) = fitted(&["规章", "", "", "4", "", "4", "", ""], 4);
        assert_eq!(v, vec!["", "4", "", "4"]);
        // A row of blanks: the first columns.
        let (v, _) = fitted(&["规章", "", "", "", "", ""], 3);
        assert_eq!(v, vec!["", "", ""]);
        // More filled columns than the row has: the last ones, as for other rows.
        let (_, how) = fitted(&["规章", "1", "2", "3"], 2);
        assert_eq!(how, Fit::Long);
    }
}
