//! Word 97–2003 binary documents (`.doc`, and `.wps` as WPS Office and LibreOffice save it: the
//! same format in the same OLE container) → [`Source`], natively: the File Information Block
//! ([`fib`]), the piece table for the text ([`pieces`]), paragraph and character properties for
//! table marks, deleted and hidden text ([`props`]), and each table's rows placed on one grid
//! ([`tables`]). The layout is the DOCX reader's: paragraphs are lines, a table row is one line
//! of TAB-separated cells with merged cells as empty fields, a nested table follows its row.
//!
//! Read: the main text (headers, footers, footnotes, comments and text boxes are other stories
//! and are left out), field results (not their instructions), tracked deletions and hidden text
//! left out. Encrypted files are refused; Word 6/95 files (another layout) are refused with
//! what to do.

mod fib;
mod pieces;
mod props;
mod tables;

use std::io::{Cursor, Read};

use crate::builder::Builder;
use crate::grid::{self, Budget};
use crate::limits::{Limit, MAX_PART_SIZE};
use crate::{Error, ErrorKind};
use gongkai_model::source::{Format, Origin, Source};

use fib::FibError;
use pieces::{Clx, Piece};
use props::{Bins, CharProps, ParaProps};
use tables::RawRow;

/// The OLE container of a Word document.
pub(crate) type Container<'a> = cfb::CompoundFile<Cursor<&'a [u8]>>;

/// Reads the Word document in an OLE container that has a `WordDocument` stream.
pub(crate) fn read(file: &mut Container<'_>, name: &str) -> Result<Source, Error> {
    let stream =
        read_stream(file, "WordDocument")?.ok_or_else(|| damaged("no WordDocument stream"))?;
    let fib = fib::read(&stream).map_err(|e| match e {
        FibError::Damaged(detail) => damaged(detail),
        FibError::TooOld(_) => Error::new(ErrorKind::LegacyOffice {
            format: "Word 6.0/95",
        }),
    })?;
    if fib.encrypted {
        return Err(Error::new(ErrorKind::Encrypted));
    }
    let table_name = if fib.table_1 { "1Table" } else { "0Table" };
    let table =
        read_stream(file, table_name)?.ok_or_else(|| damaged(format!("no {table_name} stream")))?;
    let clx = fib::slice(&table, fib.clx)
        .ok_or_else(|| damaged("the piece table lies outside the table stream"))?;
    let clx = Clx::read(clx).map_err(damaged)?;
    let data = read_stream(file, "Data")?.unwrap_or_default();
    let paragraphs = props::paragraphs(
        &stream,
        fib::slice(&table, fib.bte_papx).unwrap_or(&[]),
        &data,
    );
    let characters = props::characters(&stream, fib::slice(&table, fib.bte_chpx).unwrap_or(&[]));
    let mut walker = Walker {
        paragraphs: &paragraphs,
        characters: &characters,
        prcs: &clx.prcs,
        data: &data,
        fields: Vec::new(),
        fields_beyond: 0,
        units: Vec::new(),
        writer: Writer::default(),
        error: None,
    };
    let complete = clx.each_char(&stream, fib.ccp_text, |unit, offset, piece| {
        walker.char(unit, offset, piece);
    });
    if let Some(e) = walker.error {
        return Err(e);
    }
    let mut writer = walker.finish()?;
    if !complete {
        writer.out.warn(
            None,
            "DOC 文件的正文不完整（片段表指向文件之外），只读取了前面部分",
            "the DOC text is incomplete (the piece table points outside the file); only its beginning was read",
        );
    }
    Ok(writer.out.finish(name, Format::Doc))
}

/// A stream of the container, at most [`MAX_PART_SIZE`] bytes; `None` when there is none.
fn read_stream(file: &mut Container<'_>, stream: &str) -> Result<Option<Vec<u8>>, Error> {
    if !file.is_stream(stream) {
        return Ok(None);
    }
    let mut bytes = Vec::new();
    file.open_stream(stream)
        .and_then(|s| s.take(MAX_PART_SIZE + 1).read_to_end(&mut bytes))
        .map_err(|e| damaged(format!("{stream}: {e}")))?;
    if bytes.len() as u64 > MAX_PART_SIZE {
        return Err(Error::new(ErrorKind::Limit {
            limit: Limit::PartSize {
                part: stream.to_string(),
            },
        }));
    }
    Ok(Some(bytes))
}

fn damaged(detail: impl Into<String>) -> Error {
    Error::new(ErrorKind::Damaged {
        format: "DOC",
        detail: detail.into(),
    })
}

/// Fields nested deeper than this are read as plain text.
const MAX_FIELD_DEPTH: usize = 64;

/// Walks the characters of the main text: fields, special characters, paragraph and cell marks.
struct Walker<'a> {
    paragraphs: &'a Bins<ParaProps>,
    characters: &'a Bins<CharProps>,
    prcs: &'a [Vec<u8>],
    /// The `Data` stream (large paragraph properties).
    data: &'a [u8],
    /// Open fields, innermost last: `true` while in its instructions (before its separator).
    fields: Vec<bool>,
    /// Fields opened beyond [`MAX_FIELD_DEPTH`], still to be closed.
    fields_beyond: usize,
    /// The visible UTF-16 units of the paragraph so far.
    units: Vec<u16>,
    writer: Writer,
    /// The first error (a limit), after which the rest is skipped.
    error: Option<Error>,
}

/// Where a paragraph mark puts its paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    /// A paragraph (in the body or inside a cell).
    Paragraph,
    /// The last paragraph of a cell.
    Cell,
    /// The mark that ends a table row.
    Row,
}

impl Walker<'_> {
    fn char(&mut self, unit: u16, offset: u32, piece: &Piece) {
        if self.error.is_some() {
            return;
        }
        match unit {
            0x13 => {
                if self.fields.len() < MAX_FIELD_DEPTH {
                    self.fields.push(true);
                } else {
                    self.fields_beyond += 1;
                }
                return;
            }
            0x14 => {
                if self.fields_beyond == 0
                    && let Some(top) = self.fields.last_mut()
                {
                    *top = false;
                }
                return;
            }
            0x15 => {
                if self.fields_beyond > 0 {
                    self.fields_beyond -= 1;
                } else {
                    self.fields.pop();
                }
                return;
            }
            0x0D | 0x07 => {
                if let Err(e) = self.mark(unit, offset, piece) {
                    self.error = Some(e);
                }
                return;
            }
            _ => {}
        }
        if self.fields.iter().any(|&instructions| instructions) {
            return;
        }
        let c = self.characters.at(offset);
        if c.deleted || c.hidden {
            return;
        }
        match unit {
            // Line, page, section and column breaks.
            0x0B | 0x0C | 0x0E => self.units.push(u16::from(b'\n')),
            0x09 => self.units.push(u16::from(b' ')),
            // Non-breaking hyphen; the optional hyphen is not printed.
            0x1E => self.units.push(u16::from(b'-')),
            // Anchors of pictures, drawings, footnote and comment references.
            0x00..=0x1F => {}
            _ => self.units.push(unit),
        }
    }

    /// A paragraph mark (`0x0D`) or a cell or row mark (`0x07`) at byte `offset`.
    fn mark(&mut self, unit: u16, offset: u32, piece: &Piece) -> Result<(), Error> {
        let mut p = self.paragraphs.at(offset);
        // A fast-saved piece may carry its own paragraph properties.
        if piece.prm & 1 == 1
            && let Some(grpprl) = self.prcs.get(usize::from(piece.prm >> 1))
        {
            props::apply_paragraph(&mut p, grpprl, self.data);
        }
        let level = if p.itap > 0 {
            p.itap
        } else {
            u32::from(p.in_table || unit == 0x07)
        };
        let mark = match unit {
            0x07 if p.ttp && level <= 1 => Mark::Row,
            0x07 => Mark::Cell,
            _ if level >= 2 && p.inner_ttp => Mark::Row,
            _ if level >= 2 && p.inner_cell => Mark::Cell,
            _ => Mark::Paragraph,
        };
        let text = String::from_utf16_lossy(&self.units);
        self.units.clear();
        self.writer
            .paragraph(&text, level as usize, mark, p.bounds)
            .map_err(|limit| Error::new(ErrorKind::Limit { limit }))
    }

    fn finish(mut self) -> Result<Writer, Error> {
        if !self.units.is_empty() {
            let text = String::from_utf16_lossy(&self.units);
            self.writer
                .paragraph(&text, 0, Mark::Paragraph, None)
                .map_err(|limit| Error::new(ErrorKind::Limit { limit }))?;
        }
        self.writer
            .close_to(0)
            .map_err(|limit| Error::new(ErrorKind::Limit { limit }))?;
        Ok(self.writer)
    }
}

/// Builds the source: paragraphs as lines, tables (nested ones inside their cells' rows) as
/// grids once they close.
#[derive(Default)]
struct Writer {
    out: Builder,
    /// The open tables, outermost first.
    open: Vec<OpenTable>,
    /// Tables opened so far (numbers tables in order).
    tables: u32,
    /// Paragraph marks so far (numbers paragraphs in order).
    paragraphs: u32,
    budget: Budget,
}

/// A table being read.
#[derive(Default)]
struct OpenTable {
    number: u32,
    rows: Vec<RawRow>,
    /// The finished cells of the current row.
    cells: Vec<String>,
    /// The text of the current cell so far.
    cell: String,
    /// Tables nested in the current row's cells.
    nested: Vec<grid::Table>,
}

impl Writer {
    /// One paragraph at table depth `level` (0: the body), ended by `mark`; `bounds` are the
    /// cell boundaries a row mark defines.
    fn paragraph(
        &mut self,
        text: &str,
        level: usize,
        mark: Mark,
        bounds: Option<Vec<i16>>,
    ) -> Result<(), Limit> {
        self.paragraphs += 1;
        self.close_to(level)?;
        while self.open.len() < level {
            self.tables += 1;
            self.open.push(OpenTable {
                number: self.tables,
                ..OpenTable::default()
            });
        }
        let Some(table) = self.open.last_mut() else {
            let origin = Origin::DocParagraph {
                index: self.paragraphs,
            };
            for line in text.split('\n') {
                self.out.paragraph(line, origin);
            }
            return Ok(());
        };
        // A cell's paragraphs are joined by spaces, as the DOCX reader joins them.
        let text = text.trim();
        if !text.is_empty() {
            if !table.cell.is_empty() {
                table.cell.push(' ');
            }
            table.cell.push_str(text);
        }
        match mark {
            Mark::Paragraph => {}
            Mark::Cell => table.cells.push(std::mem::take(&mut table.cell)),
            Mark::Row => {
                if !table.cell.is_empty() {
                    table.cells.push(std::mem::take(&mut table.cell));
                }
                table.rows.push(RawRow {
                    cells: std::mem::take(&mut table.cells),
                    bounds,
                    nested: std::mem::take(&mut table.nested),
                });
            }
        }
        Ok(())
    }

    /// Closes the tables deeper than `level`: a nested table goes to its parent's row, an
    /// outermost one is written.
    fn close_to(&mut self, level: usize) -> Result<(), Limit> {
        while self.open.len() > level {
            let Some(mut open) = self.open.pop() else {
                break;
            };
            // Cells after the last row mark (a cut-short table) still form a row.
            if !open.cell.is_empty() {
                open.cells.push(std::mem::take(&mut open.cell));
            }
            if !open.cells.is_empty() || !open.nested.is_empty() {
                open.rows.push(RawRow {
                    cells: open.cells,
                    bounds: None,
                    nested: open.nested,
                });
            }
            let table = tables::grid(open.number, open.rows, &mut self.budget)?;
            match self.open.last_mut() {
                Some(parent) => parent.nested.push(table),
                None => {
                    table.write(&mut self.out);
                    self.out.blank_line();
                }
            }
        }
        Ok(())
    }
}
