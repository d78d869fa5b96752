//! The template's tables as grids of merged cells, built once from the model and written by the
//! HTML, DOCX and Markdown writers.
//!
//! The merge structure is the official one (spec/templates.md §2–3, checked against the blank
//! 2021 template): table 二 as sub-tables each headed by a full-width `第二十条第（X）项` row;
//! table 三 with the corner note over 3 columns × 3 header rows, 申请人情况 over 7 columns,
//! 自然人 and 总计 over 2 rows, 法人或其他组织 over 5 columns, and the row groups as merged label
//! cells; table 四 with its three header rows. Values are written as the report prints them:
//! nothing is recomputed, a blank stays blank.

use gongkai_model::labels::{
    self, ACTIVE_CONTENT_HEADER, APPLICANT_HEADER, APPLICANT_ORG_GROUP, ActiveRowSpec, Applicant,
    LITIGATION_HEADER, REQUEST_TABLE_NOTE, REVIEW_COLUMNS, RequestGroup, RequestRow, ReviewGroup,
    Template, active_rows, request_rows,
};
use gongkai_model::{ActiveTable, Cell, Report, Span, Unit, Value};

/// One table: column widths, rows of cells that may span rows and columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    /// Relative column widths (the writers scale them to the page).
    pub widths: Vec<u32>,
    /// The rows; each lists only the cells that start in it, left to right.
    pub rows: Vec<Vec<GridCell>>,
    /// How many leading rows are column headers (repeated on each printed page).
    pub header_rows: usize,
    /// Row indices where a new group of body rows starts (an HTML `<tbody>`).
    pub groups: Vec<usize>,
    /// A short accessible name for the table.
    pub caption: String,
}

/// One cell, placed at a column, possibly merged over several rows and columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridCell {
    /// The text as printed ("" for a blank cell).
    pub text: String,
    /// The first column it occupies.
    pub col: usize,
    /// Columns spanned (≥ 1).
    pub colspan: usize,
    /// Rows spanned (≥ 1).
    pub rowspan: usize,
    /// What the cell is, for markup and alignment.
    pub role: Role,
    /// For a value cell of a table the report has, where the document prints it (or, for a
    /// blank or missing value, where it was expected): findings about the cell point there.
    pub span: Option<Span>,
}

/// What a cell of a template table is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A printed note (the 勾稽关系 corner of table 三).
    Note,
    /// A header of the column(s) below it.
    ColumnHeader,
    /// A heading of the group of rows beside or below it (a `第二十条` row, a merged row label).
    RowGroup,
    /// The label of its row.
    RowHeader,
    /// A value.
    Value,
}

impl Grid {
    fn new(widths: Vec<u32>, caption: &str) -> Grid {
        Grid {
            widths,
            rows: Vec::new(),
            header_rows: 0,
            groups: vec![0],
            caption: caption.to_string(),
        }
    }

    /// The number of columns.
    pub fn columns(&self) -> usize {
        self.widths.len()
    }

    /// The grid as a dense matrix: each position holds the cell covering it and whether the
    /// position is that cell's top-left corner.
    pub fn dense(&self) -> Vec<Vec<Option<(&GridCell, bool)>>> {
        let mut out = vec![vec![None; self.columns()]; self.rows.len()];
        for (r, row) in self.rows.iter().enumerate() {
            for cell in row {
                for (dr, line) in out.iter_mut().skip(r).take(cell.rowspan).enumerate() {
                    for (dc, slot) in line
                        .iter_mut()
                        .skip(cell.col)
                        .take(cell.colspan)
                        .enumerate()
                    {
                        *slot = Some((cell, dr == 0 && dc == 0));
                    }
                }
            }
        }
        out
    }
}

fn cell(
    text: impl Into<String>,
    col: usize,
    colspan: usize,
    rowspan: usize,
    role: Role,
) -> GridCell {
    GridCell {
        text: text.into(),
        col,
        colspan,
        rowspan,
        role,
        span: None,
    }
}

/// A value cell showing `value` (absent when the report lacks the table or the row).
fn value_cell(value: Option<&Cell>, col: usize) -> GridCell {
    GridCell {
        span: value.map(|c| c.span),
        ..cell(text_of(value), col, 1, 1, Role::Value)
    }
}

/// The text of a value cell as the report prints it: counts and amounts as printed (an amount
/// keeps the unit printed in its cell), marks verbatim, anything else blank.
pub fn value_text(value: &Value) -> String {
    match value {
        Value::Count(n) => n.to_string(),
        Value::Amount { number, unit } => match unit {
            Some(u) => format!("{number}{}", u.label()),
            None => number.to_string(),
        },
        Value::Mark(m) => m.clone(),
        Value::Blank | Value::Unresolved | Value::Missing => String::new(),
    }
}

fn text_of(cell: Option<&Cell>) -> String {
    cell.map(|c| value_text(&c.value)).unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Table 二
// ---------------------------------------------------------------------------------------------

/// Table 二 as its sub-tables, one grid per `第二十条` item, each with its own column count.
pub fn active(report: &Report, template: Template, caption: &str) -> Vec<Grid> {
    let table = report.active.as_ref();
    let specs = active_rows(template);
    let mut out = Vec::new();
    let mut i = 0;
    while i < specs.len() {
        let item = specs[i].item;
        let group: Vec<&ActiveRowSpec> = specs[i..].iter().take_while(|s| s.item == item).collect();
        i += group.len();
        let columns = group[0].columns;
        let n = columns.len() + 1;
        let mut widths = vec![30];
        widths.extend(std::iter::repeat_n(
            70 / columns.len() as u32,
            columns.len(),
        ));
        let mut grid = Grid::new(widths, caption);
        grid.rows.push(vec![cell(
            labels::active_item_heading(item),
            0,
            n,
            1,
            Role::RowGroup,
        )]);
        let mut header = vec![cell(ACTIVE_CONTENT_HEADER, 0, 1, 1, Role::ColumnHeader)];
        for (c, (_, label, kind)) in columns.iter().enumerate() {
            let label = match kind {
                labels::ColumnKind::Amount => amount_header(label, template, table),
                _ => label.to_string(),
            };
            header.push(cell(label, c + 1, 1, 1, Role::ColumnHeader));
        }
        grid.rows.push(header);
        for spec in group {
            let row = table.and_then(|t| t.row(spec.row));
            let mut cells = vec![cell(spec.label, 0, 1, 1, Role::RowHeader)];
            for c in 0..columns.len() {
                cells.push(value_cell(row.and_then(|r| r.cells.get(c)), c + 1));
            }
            grid.rows.push(cells);
        }
        out.push(grid);
    }
    out
}

/// The amount column's header: the template's label, with the unit the report states in its
/// header when that differs from the template's (2019 prints none; 2021 prints 万元).
fn amount_header(label: &str, template: Template, table: Option<&ActiveTable>) -> String {
    let unit = table.and_then(|t| t.amount_unit.as_ref()).map(|u| u.value);
    match (template, unit) {
        (Template::Y2021, Some(Unit::Yuan)) => {
            label.replace(Unit::WanYuan.label(), Unit::Yuan.label())
        }
        (Template::Y2019, Some(u)) => format!("{label}（{}）", u.label()),
        _ => label.to_string(),
    }
}

/// The sub-tables of table 二 as the document shows them: stacked into one table, as in the
/// blank 2021 template (a one-value sub-table's value cell spans the remaining columns), or
/// apart when a sub-table has two or more values but fewer columns than the widest (the 2019
/// （八） and （九）): copied as text, a spanned cell beside several values would leave an empty
/// field that no reader can place.
pub fn stacked(grids: &[Grid]) -> Vec<Grid> {
    let n = grids.iter().map(Grid::columns).max().unwrap_or(0);
    if grids.iter().all(|g| g.columns() == n || g.columns() <= 2) {
        stack(grids).into_iter().collect()
    } else {
        grids.to_vec()
    }
}

/// The sub-tables stacked into one table of the widest column count: a narrower sub-table's
/// last column spans the remaining columns.
pub fn stack(grids: &[Grid]) -> Option<Grid> {
    if let [one] = grids {
        return Some(one.clone());
    }
    let first = grids.first()?;
    let n = grids.iter().map(Grid::columns).max()?;
    let widest = grids.iter().find(|g| g.columns() == n)?;
    let mut out = Grid::new(widest.widths.clone(), &first.caption);
    out.groups.clear();
    for g in grids {
        out.groups.push(out.rows.len());
        let extra = n - g.columns();
        for row in &g.rows {
            out.rows.push(
                row.iter()
                    .map(|c| {
                        let mut c = c.clone();
                        if c.col + c.colspan == g.columns() {
                            c.colspan += extra;
                        }
                        c
                    })
                    .collect(),
            );
        }
    }
    Some(out)
}

// ---------------------------------------------------------------------------------------------
// Table 三
// ---------------------------------------------------------------------------------------------

/// Table 三: three label columns and seven applicant columns, three header rows.
pub fn requests(report: &Report, template: Template, caption: &str) -> Grid {
    let mut widths = vec![80, 96, 340];
    widths.extend([72; 7]);
    let mut grid = Grid::new(widths, caption);
    grid.rows.push(vec![
        cell(REQUEST_TABLE_NOTE, 0, 3, 3, Role::Note),
        cell(APPLICANT_HEADER, 3, 7, 1, Role::ColumnHeader),
    ]);
    grid.rows.push(vec![
        cell(Applicant::Natural.label(), 3, 1, 2, Role::ColumnHeader),
        cell(APPLICANT_ORG_GROUP, 4, 5, 1, Role::ColumnHeader),
        cell(Applicant::Total.label(), 9, 1, 2, Role::ColumnHeader),
    ]);
    grid.rows.push(
        Applicant::ALL[1..6]
            .iter()
            .enumerate()
            .map(|(i, a)| cell(a.label(), 4 + i, 1, 1, Role::ColumnHeader))
            .collect(),
    );
    grid.header_rows = 3;
    grid.groups = vec![3];
    let specs: Vec<_> = request_rows(template).collect();
    let table = report.requests.as_ref();
    for (i, spec) in specs.iter().enumerate() {
        let mut row = Vec::new();
        // A merged label starts at the first row of its group and spans the group's rows.
        let within = |row: RequestRow, g: RequestGroup| match g {
            RequestGroup::Outcomes => row.spec().group.is_some(),
            _ => row.spec().group == Some(g),
        };
        let starts = |g| i == 0 || !within(specs[i - 1].row, g);
        let span = |g| specs[i..].iter().take_while(|s| within(s.row, g)).count();
        match spec.group {
            None => row.push(cell(spec.label, 0, 3, 1, Role::RowHeader)),
            Some(RequestGroup::Outcomes) => {
                if starts(RequestGroup::Outcomes) {
                    let n = span(RequestGroup::Outcomes);
                    row.push(cell(
                        RequestGroup::Outcomes.label(),
                        0,
                        1,
                        n,
                        Role::RowGroup,
                    ));
                }
                row.push(cell(spec.label, 1, 2, 1, Role::RowHeader));
            }
            Some(g) => {
                if starts(g) {
                    row.push(cell(g.label(), 1, 1, span(g), Role::RowGroup));
                }
                row.push(cell(spec.label, 2, 1, 1, Role::RowHeader));
            }
        }
        let data = table.and_then(|t| t.row(spec.row));
        for a in Applicant::ALL {
            row.push(value_cell(
                data.map(|d| &d.cells[a as usize]),
                3 + a as usize,
            ));
        }
        grid.rows.push(row);
    }
    grid
}

// ---------------------------------------------------------------------------------------------
// Table 四
// ---------------------------------------------------------------------------------------------

/// Table 四: 15 columns in three groups, three header rows and one row of values.
pub fn reviews(report: &Report, caption: &str) -> Grid {
    let mut grid = Grid::new(vec![1; 15], caption);
    let [review, direct, after] = ReviewGroup::ALL;
    grid.rows.push(vec![
        cell(review.label(), 0, 5, 1, Role::ColumnHeader),
        cell(LITIGATION_HEADER, 5, 10, 1, Role::ColumnHeader),
    ]);
    let mut second: Vec<GridCell> = REVIEW_COLUMNS
        .iter()
        .enumerate()
        .map(|(i, (_, label))| cell(*label, i, 1, 2, Role::ColumnHeader))
        .collect();
    second.push(cell(direct.label(), 5, 5, 1, Role::ColumnHeader));
    second.push(cell(after.label(), 10, 5, 1, Role::ColumnHeader));
    grid.rows.push(second);
    grid.rows.push(
        (5..15)
            .map(|c| cell(REVIEW_COLUMNS[c % 5].1, c, 1, 1, Role::ColumnHeader))
            .collect(),
    );
    grid.header_rows = 3;
    grid.groups = vec![3];
    let table = report.reviews.as_ref();
    grid.rows.push(
        (0..15)
            .map(|c| value_cell(table.map(|t| &t.cells[c]), c))
            .collect(),
    );
    grid
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_model::{Meta, SourceId};

    fn empty(template: Template) -> Report {
        Report {
            source: SourceId(0),
            meta: Meta::default(),
            template: Some(template),
            sections: Vec::new(),
            active: None,
            requests: None,
            reviews: None,
        }
    }

    /// Every position of the grid is covered by exactly one cell.
    fn assert_tiles(g: &Grid) {
        let mut seen = vec![vec![0; g.columns()]; g.rows.len()];
        for (r, row) in g.rows.iter().enumerate() {
            for c in row {
                for line in seen.iter_mut().skip(r).take(c.rowspan) {
                    for slot in line.iter_mut().skip(c.col).take(c.colspan) {
                        *slot += 1;
                    }
                }
                assert!(r + c.rowspan <= g.rows.len() && c.col + c.colspan <= g.columns());
            }
        }
        assert!(seen.iter().flatten().all(|&n| n == 1), "{seen:?}");
    }

    #[test]
    fn request_table_has_the_template_merges() {
        for (t, rows, outcomes) in [(Template::Y2021, 25, 22), (Template::Y2019, 23, 20)] {
            let g = requests(&empty(t), t, "");
            assert_eq!(g.rows.len(), 3 + rows);
            assert_tiles(&g);
            assert_eq!((g.rows[0][0].colspan, g.rows[0][0].rowspan), (3, 3));
            assert_eq!(g.rows[0][1].colspan, 7);
            let outcome = &g.rows[5][0];
            assert_eq!(outcome.text, RequestGroup::Outcomes.label());
            assert_eq!(outcome.rowspan, outcomes);
            let denied = &g.rows[7][0];
            assert_eq!(
                (denied.text.as_str(), denied.rowspan),
                ("（三）不予公开", 8)
            );
        }
    }

    #[test]
    fn review_and_active_tables_tile() {
        let g = reviews(&empty(Template::Y2021), "");
        assert_tiles(&g);
        assert_eq!(g.rows[1][0].rowspan, 2);
        for t in [Template::Y2019, Template::Y2021] {
            let subs = active(&empty(t), t, "");
            subs.iter().for_each(assert_tiles);
            let all = stack(&subs).unwrap();
            assert_tiles(&all);
            assert_eq!(all.columns(), 4);
            let shown = stacked(&subs);
            assert_eq!(shown.len(), if t == Template::Y2021 { 1 } else { 5 });
        }
    }
}
