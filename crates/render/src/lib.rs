//! Writing reports out: the national template as DOCX, HTML and Markdown, the canonical cells
//! TSV and JSON, and findings for the terminal and JSON (`diagnostics`).
//!
//! Every writer works from the same layout ([`page::Page`], [`grid::Grid`]): the template's
//! headings and merged cells, the report's own narrative and values. Nothing is recomputed and
//! nothing is judged here: a total is printed as the report states it, a blank stays blank.

pub mod docx;
pub mod grid;
pub mod html;
pub mod letter;
pub mod markdown;
pub mod narrative;
pub mod page;

pub mod diagnostics;
pub mod diff;

use gongkai_model::Source;
use gongkai_model::cells::CellText;
use gongkai_model::{Diagnostic, IdentityCheck, Report};
use serde::Serialize;

/// The report as a DOCX document in the national template.
pub fn docx(report: &Report) -> Vec<u8> {
    docx::write(&page::page(report))
}

/// The report as one self-contained, printable HTML page in the national template.
pub fn html(report: &Report) -> String {
    html::write(&page::page(report))
}

/// The report as Markdown with pipe tables, which `gongkai extract` reads back.
pub fn markdown(report: &Report) -> String {
    markdown::write(&page::page(report))
}

/// The canonical cells TSV of spec/cells.md: a `key<TAB>value` header, one cell a line.
pub fn cells_tsv(report: &Report) -> String {
    let mut out = String::with_capacity(8 * 1024);
    out.push_str("key\tvalue\n");
    push_cells_tsv(&mut out, "", report);
    out
}

/// Appends the cells of `report` to `out`, one `prefix key<TAB>value` line each (no header):
/// `prefix` is empty for one report, `path<TAB>` when several are printed together.
pub fn push_cells_tsv(out: &mut String, prefix: &str, report: &Report) {
    use std::fmt::Write as _;
    gongkai_model::cells::visit_cells(report, |k, v| {
        out.push_str(prefix);
        out.push_str(k);
        out.push('\t');
        match v {
            // Tabs and line breaks inside a value would break the TSV: they become spaces.
            CellText::Str(s) => out.extend(s.chars().map(|c| match c {
                '\t' | '\n' | '\r' => ' ',
                c => c,
            })),
            CellText::Int(n) => push_int(out, n),
            v => {
                let _ = write!(out, "{v}");
            }
        }
        out.push('\n');
    });
}

/// Appends `n` in decimal: most cells are counts, and this is several times cheaper than the
/// formatting machinery.
fn push_int(out: &mut String, n: i64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut m = n.unsigned_abs();
    loop {
        at -= 1;
        digits[at] = b'0' + (m % 10) as u8;
        m /= 10;
        if m == 0 {
            break;
        }
    }
    if n < 0 {
        out.push('-');
    }
    out.extend(digits[at..].iter().map(|&d| char::from(d)));
}

/// Everything about one document, for `--format json`.
#[derive(Debug, Serialize)]
pub struct Document<'a> {
    /// The file name as given.
    pub file: &'a str,
    /// How the document was read (format, encoding).
    pub format: &'a gongkai_model::Format,
    /// The report model with spans (byte offsets into `text`).
    pub report: &'a Report,
    /// The canonical cells, in spec order.
    pub cells: Vec<Cell>,
    /// What the parser noticed.
    pub diagnostics: &'a [Diagnostic],
    /// I1–I4 at every column, row and group.
    pub identities: &'a [IdentityCheck],
    /// The decoded text the spans point into.
    pub text: &'a str,
}

/// One canonical cell.
#[derive(Debug, Serialize)]
pub struct Cell {
    /// The key of spec/cells.md.
    pub key: String,
    /// The value as spec/cells.md writes it.
    pub value: String,
}

/// The whole model of one document as JSON.
pub fn json(
    source: &Source,
    report: &Report,
    diagnostics: &[Diagnostic],
    identities: &[IdentityCheck],
) -> serde_json::Value {
    let doc = Document {
        file: &source.name,
        format: &source.format,
        report,
        cells: gongkai_model::cells::cells(report)
            .into_iter()
            .map(|(key, value)| Cell { key, value })
            .collect(),
        diagnostics,
        identities,
        text: &source.text,
    };
    serde_json::to_value(&doc).unwrap_or(serde_json::Value::Null)
}
