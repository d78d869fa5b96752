//! Tables read from structured documents, with their merged cells resolved onto a grid: each row
//! is written as one line of TAB-separated cells, a merge as empty fields, and a table nested in a
//! row follows that row — the layout of text copied out of Word.

use crate::builder::Builder;
use crate::limits::{Limit, MAX_GRID_POSITIONS, MAX_TABLE_COLUMNS};
use gongkai_model::source::Origin;

/// A table whose merged cells are resolved onto its grid.
#[derive(Debug, Default)]
pub(crate) struct Table {
    pub rows: Vec<Row>,
}

/// One row: a text per grid position (empty where a merge covers it), and the tables nested in
/// its cells.
#[derive(Debug, Default)]
pub(crate) struct Row {
    pub cells: Vec<(String, Origin)>,
    pub nested: Vec<Table>,
}

impl Table {
    /// Writes the rows, each nested table right after the row that holds it.
    pub fn write(&self, out: &mut Builder) {
        for row in &self.rows {
            out.row(
                row.cells
                    .iter()
                    .map(|(text, origin)| (text.as_str(), *origin)),
            );
            for table in &row.nested {
                table.write(out);
            }
        }
    }
}

/// Counts the grid positions of one document against [`MAX_GRID_POSITIONS`]: fillers for merges
/// cost memory and output too, and spans multiply them.
#[derive(Debug, Default)]
pub(crate) struct Budget {
    used: usize,
}

impl Budget {
    /// Checks a row being filled is not wider than [`MAX_TABLE_COLUMNS`] (before allocating it).
    pub fn check_width(width: usize) -> Result<(), Limit> {
        if width > MAX_TABLE_COLUMNS {
            return Err(Limit::TableSize);
        }
        Ok(())
    }

    /// Charges a finished row `width` positions wide.
    pub fn charge(&mut self, width: usize) -> Result<(), Limit> {
        self.used = self.used.saturating_add(width);
        if width > MAX_TABLE_COLUMNS || self.used > MAX_GRID_POSITIONS {
            return Err(Limit::TableSize);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_model::source::Format;

    #[test]
    fn nested_tables_follow_their_row() {
        let o = Origin::Byte { offset: 0 };
        let cell = |s: &str| (s.to_string(), o);
        let inner = Table {
            rows: vec![Row {
                cells: vec![cell("a"), cell("1")],
                nested: vec![],
            }],
        };
        let outer = Table {
            rows: vec![
                Row {
                    cells: vec![cell("x"), cell("")],
                    nested: vec![inner],
                },
                Row {
                    cells: vec![cell("y"), cell("2")],
                    nested: vec![],
                },
            ],
        };
        let mut b = Builder::new();
        outer.write(&mut b);
        assert_eq!(b.finish("t", Format::Docx).text, "x\t\na\t1\ny\t2\n");
    }

    #[test]
    fn the_budget_refuses_huge_grids() {
        let mut budget = Budget::default();
        assert!(budget.charge(MAX_TABLE_COLUMNS).is_ok());
        assert_eq!(budget.charge(MAX_TABLE_COLUMNS + 1), Err(Limit::TableSize));
        let mut budget = Budget::default();
        for _ in 0..MAX_GRID_POSITIONS / 1000 {
            assert!(budget.charge(1000).is_ok());
        }
        assert_eq!(budget.charge(1), Err(Limit::TableSize));
    }
}
