//! Markdown: headings, paragraphs and pipe tables (merged cells left empty), a layout the parser
//! reads back exactly.

use crate::grid::Grid;
use crate::page::{Page, Paragraph};

/// Writes a laid-out report as Markdown.
pub fn write(page: &Page) -> String {
    let mut out = format!("# {}\n\n", page.title.concat());
    for s in &page.sections {
        out.push_str(&format!("## {}\n\n", s.heading));
        paragraphs(&mut out, &s.before);
        for g in &s.tables {
            table(&mut out, g);
        }
        paragraphs(&mut out, &s.after);
    }
    for line in page.signature.iter().chain(&page.date) {
        out.push_str(line);
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

fn paragraphs(out: &mut String, ps: &[Paragraph]) {
    for p in ps {
        out.push_str(&p.full());
        out.push_str("\n\n");
    }
}

/// A pipe table: the grid's first row is the Markdown header row; a merged cell's text is in
/// its top-left position and the positions it covers are empty.
fn table(out: &mut String, g: &Grid) {
    for (r, row) in g.dense().iter().enumerate() {
        out.push('|');
        for slot in row {
            let text = match slot {
                Some((cell, true)) => escape(&cell.text),
                _ => String::new(),
            };
            if text.is_empty() {
                out.push_str(" |");
            } else {
                out.push_str(&format!(" {text} |"));
            }
        }
        out.push('\n');
        if r == 0 {
            out.push('|');
            out.push_str(&"---|".repeat(g.columns()));
            out.push('\n');
        }
    }
    out.push('\n');
}

fn escape(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r', '\t'], " ")
}
