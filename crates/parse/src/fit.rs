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
/// fields beyond `n` are shifted merged label cells and are dropped first. Spaced rows have no visible
/// blanks: a full row maps one to one, a short row is placed by `columns` (the character
/// columns where each column's values end, learnt from full rows) when known, else from the left.
pub fn fit(row: &Row, n: usize, columns: Option<&[usize]>, source: SourceId) -> (Vec<Cell>, Fit) {
    let mut vals: &[RowCell] = row.values();
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
