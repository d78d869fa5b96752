//! The rows of a Word binary table placed on one grid. A `.doc` table has no grid of its own:
//! each row lists its cells' boundaries (`sprmTDefTable`), so the grid is every boundary of the
//! table, and a cell wider than one grid column is followed by empty fields — the layout the
//! DOCX reader gives for `gridSpan`, and text copied out of Word.

use crate::grid::{self, Budget};
use crate::limits::{Limit, MAX_COLSPAN, MAX_TABLE_COLUMNS};
use gongkai_model::source::Origin;

/// A row as read: its cells' texts, their boundaries when the row defines them, and the tables
/// nested in its cells.
#[derive(Debug, Default)]
pub(crate) struct RawRow {
    pub cells: Vec<String>,
    pub bounds: Option<Vec<i16>>,
    pub nested: Vec<grid::Table>,
}

/// Boundaries closer than this (twips, 1/20 point) are one grid line: writers round each row's
/// widths on their own.
const SNAP: i32 = 20;

/// Places the rows of table `number` on their grid.
pub(crate) fn grid(
    number: u32,
    rows: Vec<RawRow>,
    budget: &mut Budget,
) -> Result<grid::Table, Limit> {
    let usable = |row: &RawRow| -> Option<Vec<i32>> {
        let b = row.bounds.as_ref()?;
        let b: Vec<i32> = b.iter().map(|&x| i32::from(x)).collect();
        (b.len() == row.cells.len() + 1 && b.windows(2).all(|w| w[0] <= w[1])).then_some(b)
    };
    let mut lines: Vec<i32> = rows.iter().filter_map(usable).flatten().collect();
    lines.sort_unstable();
    let mut grid_lines: Vec<i32> = Vec::new();
    for x in lines {
        match grid_lines.last() {
            Some(&last) if x - last <= SNAP => {}
            _ => grid_lines.push(x),
        }
        if grid_lines.len() > MAX_TABLE_COLUMNS + 1 {
            return Err(Limit::TableSize);
        }
    }
    let column = |x: i32| -> usize {
        let i = grid_lines.partition_point(|&g| g <= x + SNAP);
        i.saturating_sub(1)
    };
    let mut table = grid::Table::default();
    for (r, row) in rows.into_iter().enumerate() {
        let mut cells: Vec<(String, Origin)> = Vec::with_capacity(row.cells.len());
        let origin = |col: usize| Origin::DocCell {
            table: number,
            row: r as u32 + 1,
            col: col as u32 + 1,
        };
        let bounds = usable(&row);
        let before = bounds.as_ref().map_or(0, |b| column(b[0]));
        for _ in 0..before.min(MAX_COLSPAN as usize) {
            cells.push((String::new(), origin(cells.len())));
        }
        for (i, text) in row.cells.into_iter().enumerate() {
            let span = bounds
                .as_ref()
                .map_or(1, |b| column(b[i + 1]).saturating_sub(column(b[i])));
            cells.push((text, origin(cells.len())));
            for _ in 1..span.clamp(1, MAX_COLSPAN as usize) {
                cells.push((String::new(), origin(cells.len())));
            }
            Budget::check_width(cells.len())?;
        }
        budget.charge(cells.len())?;
        table.rows.push(grid::Row {
            cells,
            nested: row.nested,
        });
    }
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builder::Builder;
    use gongkai_model::source::Format;

    fn row(cells: &[&str], bounds: &[i16]) -> RawRow {
        RawRow {
            cells: cells.iter().map(|s| s.to_string()).collect(),
            bounds: Some(bounds.to_vec()),
            nested: Vec::new(),
        }
    }

    fn text(table: &grid::Table) -> String {
        let mut b = Builder::new();
        table.write(&mut b);
        b.finish("t", Format::Doc).text
    }

    #[test]
    fn wide_cells_are_followed_by_empty_fields() {
        let rows = vec![
            row(&["信息内容", "本年度"], &[0, 2000, 6000]),
            row(&["", "新制作", "废止"], &[0, 2000, 4003, 6000]),
            row(&["规章", "3", "1"], &[0, 2000, 3998, 6001]),
        ];
        let t = grid(1, rows, &mut Budget::default()).unwrap();
        assert_eq!(text(&t), "信息内容\t本年度\t\n\t新制作\t废止\n规章\t3\t1\n");
        assert_eq!(
            t.rows[1].cells[2].1,
            Origin::DocCell {
                table: 1,
                row: 2,
                col: 3
            }
        );
    }

    #[test]
    fn rows_without_usable_bounds_keep_their_cells() {
        let mut odd = row(&["a", "b"], &[0, 100]);
        odd.bounds = Some(vec![500, 100, 0]);
        let t = grid(1, vec![odd, row(&["c"], &[])], &mut Budget::default()).unwrap();
        assert_eq!(text(&t), "a\tb\nc\n");
    }

    #[test]
    fn a_row_starting_right_of_the_table_edge_has_leading_fields() {
        let rows = vec![row(&["a", "b"], &[0, 100, 200]), row(&["c"], &[100, 200])];
        let t = grid(1, rows, &mut Budget::default()).unwrap();
        assert_eq!(text(&t), "a\tb\n\tc\n");
    }
}
