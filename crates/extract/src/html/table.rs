//! Data tables: `rowspan` and `colspan` resolved by the HTML table algorithm, cells on one line,
//! nested tables as rows of their own after their row.

use markup5ever_rcdom::{Handle, NodeData};

use super::Reader;
use super::inline::Inline;
use super::node::{attr, children, is_block, is_dropped, tag};
use super::sink::key;
use crate::grid::{Budget, Row, Table};
use crate::limits::{Limit, MAX_COLSPAN, MAX_HTML_DEPTH, MAX_ROWSPAN};
use crate::{Error, ErrorKind};
use gongkai_model::source::Origin;

impl Reader {
    /// A data table, with `rowspan` and `colspan` resolved by the HTML table algorithm: a cell
    /// takes the first grid position not covered by a span from the rows above.
    pub(super) fn table(&mut self, node: &Handle, depth: usize) -> Result<Table, Error> {
        let number = self.tables.get(&key(node)).copied().unwrap_or(0);
        let mut table = Table::default();
        // Rows still covered below a cell with `rowspan`, per grid column.
        let mut covered: Vec<u32> = Vec::new();
        for (r, tr) in rows_of(node).iter().enumerate() {
            let r = r as u32 + 1;
            let tds = cells_of(tr);
            if tds.is_empty() {
                covered.iter_mut().for_each(|n| *n = n.saturating_sub(1));
                continue;
            }
            let above: Vec<bool> = covered.iter().map(|&n| n > 0).collect();
            let mut texts: Vec<Option<String>> = Vec::new();
            let mut nested = Vec::new();
            let mut col = 0usize;
            for td in &tds {
                while above.get(col).copied().unwrap_or(false) {
                    col += 1;
                }
                let colspan = span(td, "colspan", MAX_COLSPAN) as usize;
                let rowspan = span(td, "rowspan", MAX_ROWSPAN);
                let end = col + colspan;
                Budget::check_width(end).map_err(limit)?;
                let mut inline = Inline::default();
                self.cell_text(td, &mut inline, &mut nested, depth + 1, false)?;
                if texts.len() < end {
                    texts.resize(end, None);
                }
                if covered.len() < end {
                    covered.resize(end, 0);
                }
                texts[col] = Some(inline.take());
                // Counted with this row: a `rowspan` of 1 covers nothing below.
                for n in &mut covered[col..end] {
                    *n = (*n).max(rowspan);
                }
                col = end;
            }
            let width = texts
                .len()
                .max(above.iter().rposition(|&a| a).map_or(0, |p| p + 1));
            self.budget.charge(width).map_err(limit)?;
            let cells = (0..width)
                .map(|c| {
                    let text = texts.get(c).cloned().flatten().unwrap_or_default();
                    let origin = Origin::HtmlCell {
                        table: number,
                        row: r,
                        col: c as u32 + 1,
                    };
                    (text, origin)
                })
                .collect();
            covered.iter_mut().for_each(|n| *n = n.saturating_sub(1));
            table.rows.push(Row { cells, nested });
        }
        Ok(table)
    }

    /// The text of a cell on one line: line breaks and paragraphs become spaces; nested tables
    /// become their own rows after the row (or inline text when `flatten`).
    pub(super) fn cell_text(
        &mut self,
        node: &Handle,
        inline: &mut Inline,
        nested: &mut Vec<Table>,
        depth: usize,
        flatten: bool,
    ) -> Result<(), Error> {
        if depth > MAX_HTML_DEPTH {
            return Err(Error::new(ErrorKind::Limit {
                limit: Limit::HtmlDepth,
            }));
        }
        for child in children(node) {
            match &child.data {
                NodeData::Text { contents } => inline.push(&contents.borrow()),
                NodeData::Element { .. } if is_dropped(&child) => {}
                NodeData::Element { .. } => {
                    let name = tag(&child).unwrap_or("");
                    if name == "table" && !flatten {
                        inline.gap();
                        let table = self.table(&child, depth + 1)?;
                        nested.push(table);
                        inline.gap();
                    } else if name == "br" || is_block(name) {
                        inline.gap();
                        self.cell_text(&child, inline, nested, depth + 1, flatten)?;
                        inline.gap();
                    } else {
                        self.cell_text(&child, inline, nested, depth + 1, flatten)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }
}

fn limit(limit: Limit) -> Error {
    Error::new(ErrorKind::Limit { limit })
}

/// The rows of a table itself (not of tables nested in it).
pub(super) fn rows_of(table: &Handle) -> Vec<Handle> {
    let mut rows = Vec::new();
    for child in children(table) {
        match tag(&child) {
            Some("tr") => rows.push(child),
            Some("thead" | "tbody" | "tfoot") => rows.extend(
                children(&child)
                    .into_iter()
                    .filter(|c| tag(c) == Some("tr")),
            ),
            _ => {}
        }
    }
    rows
}

pub(super) fn cells_of(tr: &Handle) -> Vec<Handle> {
    children(tr)
        .into_iter()
        .filter(|c| matches!(tag(c), Some("td" | "th")))
        .collect()
}

/// A `rowspan` or `colspan`, clamped to `1..=max` (`0` and garbage count as 1).
fn span(td: &Handle, name: &str, max: u32) -> u32 {
    attr(td, name)
        .and_then(|v| {
            let digits: String = v.trim().chars().take_while(char::is_ascii_digit).collect();
            digits.parse::<u64>().ok()
        })
        .map_or(1, |n| n.clamp(1, u64::from(max)) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::node::find_element;
    use crate::html::sink::parse;

    #[test]
    fn spans_are_read_leniently() {
        let dom =
            parse(r#"<table><tr><td colspan=" 3px" rowspan="0">x</td></tr></table>"#).unwrap();
        let td = find_element(&dom.document, "td").unwrap();
        assert_eq!(span(&td, "colspan", MAX_COLSPAN), 3);
        assert_eq!(span(&td, "rowspan", MAX_ROWSPAN), 1);
    }
}
