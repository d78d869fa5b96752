//! DOCX (Office Open XML WordprocessingML, as Word and WPS write it): the main part found through
//! the package relationships, paragraphs in order with text boxes and automatic numbering, tables
//! with `gridBefore`, `gridSpan` and `vMerge` resolved onto their grid (see [`crate::grid`]).
//!
//! The archive is read defensively: entry count, inflated size per part and in total are capped
//! (`take(CAP + 1)`, so an honest 1 GB entry stops at the cap), XML depth is capped and document
//! type declarations are refused.

mod body;
mod numbering;
mod xml;

use std::collections::HashMap;
use std::io::{Cursor, Read};

use zip::ZipArchive;
use zip::result::ZipError;

use self::body::Block;
use self::numbering::Numbering;
use self::xml::{Item, Ns, Xml};
use crate::builder::Builder;
use crate::grid::{self, Budget};
use crate::limits::{Limit, MAX_COLSPAN, MAX_INFLATED_TOTAL, MAX_PART_SIZE, MAX_ZIP_ENTRIES};
use crate::{Error, ErrorKind};
use gongkai_model::source::{Format, Origin, Source};

/// Reads a DOCX document (any ZIP archive arrives here; others are refused with what they are).
pub(crate) fn read(bytes: &[u8], name: &str) -> Result<Source, Error> {
    let mut out = Builder::new();
    let mut package = Package::open(bytes)?;
    let main = package.main_part(&mut out)?;
    let document = package
        .read_text(&main)?
        .ok_or_else(|| damaged(format!("missing part {main}")))?;
    let blocks = body::read(&document, &main)?;
    // The parts that only add numbering labels: a damaged one costs its labels, not the text.
    let relations = tolerate(package.relations(&main), &mut out)?.unwrap_or_default();
    let numbering_part =
        related(&relations, "/numbering").unwrap_or_else(|| sibling(&main, "numbering.xml"));
    let styles_part =
        related(&relations, "/styles").unwrap_or_else(|| sibling(&main, "styles.xml"));
    let mut numbering = Numbering::default();
    if let Some(Some(text)) = tolerate(package.read_text(&numbering_part), &mut out)? {
        tolerate(numbering.read_numbering(&text), &mut out)?;
    }
    if let Some(Some(text)) = tolerate(package.read_text(&styles_part), &mut out)? {
        tolerate(numbering.read_styles(&text), &mut out)?;
    }
    let mut writer = Writer {
        out,
        numbering,
        budget: Budget::default(),
    };
    writer.blocks(&blocks)?;
    Ok(writer.out.finish(name, Format::Docx))
}

/// `Ok(None)` with a warning when an optional part is damaged; other errors (limits) stand.
fn tolerate<T>(result: Result<T, Error>, out: &mut Builder) -> Result<Option<T>, Error> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(Error {
            kind: ErrorKind::Damaged { detail, .. },
            position,
        }) => {
            out.warn(
                position,
                format!("DOCX 的辅助部分已损坏（{detail}），已跳过；自动编号可能缺失"),
                format!("a secondary DOCX part is damaged ({detail}); skipped, automatic numbering may be missing"),
            );
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

fn damaged(detail: impl Into<String>) -> Error {
    Error::new(ErrorKind::Damaged {
        format: "DOCX",
        detail: detail.into(),
    })
}

fn limit(limit: Limit) -> Error {
    Error::new(ErrorKind::Limit { limit })
}

fn zip_error(e: ZipError) -> Error {
    match e {
        ZipError::UnsupportedArchive(m) if m == ZipError::PASSWORD_REQUIRED => {
            Error::new(ErrorKind::Encrypted)
        }
        ZipError::InvalidPassword => Error::new(ErrorKind::Encrypted),
        e => damaged(e.to_string()),
    }
}

/// The ZIP archive, with its entries indexed by lower-case name (part names are
/// case-insensitive) and the inflated bytes counted.
struct Package<'a> {
    archive: ZipArchive<Cursor<&'a [u8]>>,
    names: HashMap<String, usize>,
    inflated: u64,
}

impl<'a> Package<'a> {
    fn open(bytes: &'a [u8]) -> Result<Package<'a>, Error> {
        let archive = ZipArchive::new(Cursor::new(bytes)).map_err(zip_error)?;
        if archive.len() > MAX_ZIP_ENTRIES {
            return Err(limit(Limit::ZipEntries {
                count: archive.len(),
            }));
        }
        let mut names = HashMap::new();
        for i in 0..archive.len() {
            if let Some(Ok(name)) = archive.name_for_index(i) {
                names.insert(name.trim_start_matches('/').to_ascii_lowercase(), i);
            }
        }
        Ok(Package {
            archive,
            names,
            inflated: 0,
        })
    }

    fn has(&self, part: &str) -> bool {
        self.names.contains_key(&part.to_ascii_lowercase())
    }

    /// The inflated bytes of `part`, or `None` when the archive has no such entry.
    fn read(&mut self, part: &str) -> Result<Option<Vec<u8>>, Error> {
        let Some(&index) = self.names.get(&part.to_ascii_lowercase()) else {
            return Ok(None);
        };
        let too_large = || {
            limit(Limit::PartSize {
                part: part.to_string(),
            })
        };
        let entry = self.archive.by_index(index).map_err(zip_error)?;
        if entry.size() > MAX_PART_SIZE {
            return Err(too_large());
        }
        let mut bytes = Vec::new();
        // The declared size can lie: stop one byte past the cap whatever it says.
        entry
            .take(MAX_PART_SIZE + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| damaged(format!("{part}: {e}")))?;
        if bytes.len() as u64 > MAX_PART_SIZE {
            return Err(too_large());
        }
        self.inflated += bytes.len() as u64;
        if self.inflated > MAX_INFLATED_TOTAL {
            return Err(limit(Limit::InflatedTotal));
        }
        Ok(Some(bytes))
    }

    /// `part` as text (XML parts are UTF-8, or UTF-16 with a BOM).
    fn read_text(&mut self, part: &str) -> Result<Option<String>, Error> {
        let Some(bytes) = self.read(part)? else {
            return Ok(None);
        };
        if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(&bytes) {
            let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom..]);
            if had_errors {
                return Err(damaged(format!("{part}: not valid {}", encoding.name())));
            }
            return Ok(Some(text.into_owned()));
        }
        String::from_utf8(bytes)
            .map(Some)
            .map_err(|e| damaged(format!("{part}: not valid UTF-8 ({e})")))
    }

    /// The relationships of `part`: (type, target part name), external targets left out.
    fn relations(&mut self, part: &str) -> Result<Vec<(String, String)>, Error> {
        let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
        let rels = if dir.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{dir}/_rels/{file}.rels")
        };
        let Some(text) = self.read_text(&rels)? else {
            return Ok(Vec::new());
        };
        let mut xml = Xml::new(&text, &rels);
        let mut out = Vec::new();
        loop {
            match xml.next()? {
                Item::Start(tag) if tag.ns == Ns::Rels && tag.local() == "Relationship" => {
                    let external =
                        xml.attr(&tag, Ns::None, "TargetMode").as_deref() == Some("External");
                    if let (false, Some(kind), Some(target)) = (
                        external,
                        xml.attr(&tag, Ns::None, "Type"),
                        xml.attr(&tag, Ns::None, "Target"),
                    ) {
                        out.push((kind, resolve(dir, &target)));
                    }
                }
                Item::Eof => return Ok(out),
                _ => {}
            }
        }
    }

    /// The main document part, or what the archive is when it is no Word document.
    fn main_part(&mut self, out: &mut Builder) -> Result<String, Error> {
        let relations = tolerate(self.relations(""), out)?.unwrap_or_default();
        if let Some(main) = related(&relations, "/officeDocument") {
            let lower = main.to_ascii_lowercase();
            let other = [("xl/", "XLSX"), ("ppt/", "PPTX"), ("visio/", "VSDX")]
                .iter()
                .find(|(dir, _)| lower.starts_with(dir));
            if let Some((_, format)) = other {
                return Err(Error::new(ErrorKind::NotDocx { format }));
            }
            if self.has(&main) {
                return Ok(main);
            }
        }
        if self.has("word/document.xml") {
            return Ok("word/document.xml".to_string());
        }
        if let Some(mimetype) = self.read("mimetype")? {
            let mimetype = String::from_utf8_lossy(&mimetype);
            let format = match mimetype.trim() {
                "application/vnd.oasis.opendocument.text" => "ODT",
                "application/vnd.oasis.opendocument.spreadsheet" => "ODS",
                "application/epub+zip" => "EPUB",
                _ => "ZIP",
            };
            return Err(Error::new(ErrorKind::NotDocx { format }));
        }
        let format = if self.has("xl/workbook.xml") {
            "XLSX"
        } else if self.has("ppt/presentation.xml") {
            "PPTX"
        } else {
            "ZIP"
        };
        Err(Error::new(ErrorKind::NotDocx { format }))
    }
}

/// The target of the first relationship whose type ends with `suffix`.
fn related(relations: &[(String, String)], suffix: &str) -> Option<String> {
    relations
        .iter()
        .find(|(kind, _)| kind.ends_with(suffix))
        .map(|(_, target)| target.clone())
}

fn sibling(part: &str, file: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/{file}"),
        None => file.to_string(),
    }
}

/// A relationship target as a part name: absolute (`/word/x.xml`) or relative to `dir`.
fn resolve(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let joined;
    let path = match target.strip_prefix('/') {
        Some(absolute) => absolute,
        None => {
            joined = format!("{dir}/{target}");
            &joined
        }
    };
    for piece in path.split('/') {
        match piece {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// Writes the blocks: paragraphs with their numbering labels, tables as grids.
struct Writer {
    out: Builder,
    numbering: Numbering,
    budget: Budget,
}

impl Writer {
    fn blocks(&mut self, blocks: &[Block]) -> Result<(), Error> {
        for block in blocks {
            match block {
                Block::Paragraph(p) => {
                    let text = self.paragraph_text(p);
                    let origin = Origin::DocxParagraph { index: p.index };
                    for line in text.split('\n') {
                        self.out.paragraph(line, origin);
                    }
                    self.blocks(&p.text_boxes)?;
                }
                Block::Table(t) => {
                    let table = self.table(t)?;
                    table.write(&mut self.out);
                    self.out.blank_line();
                }
            }
        }
        Ok(())
    }

    /// The paragraph's text with its numbering label in front.
    fn paragraph_text(&mut self, p: &body::Paragraph) -> String {
        match self.numbering.label(p.numbering, p.style.as_deref()) {
            Some(label) => label + &p.text,
            None => p.text.clone(),
        }
    }

    /// Places the cells on the grid: `gridBefore` empty positions, then each cell at its column
    /// with `gridSpan - 1` empty positions after it; a cell continuing a vertical merge is empty.
    fn table(&mut self, table: &body::Table) -> Result<grid::Table, Error> {
        let mut out = grid::Table::default();
        for row in table.rows.iter().filter(|r| !r.deleted) {
            let mut cells = Vec::new();
            let mut nested = Vec::new();
            let origin = |col: usize| Origin::DocxCell {
                table: table.number,
                row: row.index,
                col: col as u32 + 1,
            };
            for _ in 0..row.grid_before.min(MAX_COLSPAN) {
                cells.push((String::new(), origin(cells.len())));
            }
            for cell in &row.cells {
                let text = self.cell_text(&cell.blocks, &mut nested)?;
                let text = if cell.continues && text.trim().is_empty() {
                    String::new()
                } else {
                    text
                };
                cells.push((text, origin(cells.len())));
                for _ in 1..cell.span.clamp(1, MAX_COLSPAN) {
                    cells.push((String::new(), origin(cells.len())));
                }
                Budget::check_width(cells.len()).map_err(limit)?;
            }
            self.budget.charge(cells.len()).map_err(limit)?;
            out.rows.push(grid::Row { cells, nested });
        }
        Ok(out)
    }

    /// A cell's paragraphs joined by spaces; its nested tables go to `nested`, written after
    /// the row.
    fn cell_text(
        &mut self,
        blocks: &[Block],
        nested: &mut Vec<grid::Table>,
    ) -> Result<String, Error> {
        let mut text = String::new();
        for block in blocks {
            match block {
                Block::Paragraph(p) => {
                    let line = self.paragraph_text(p);
                    if !line.trim().is_empty() {
                        if !text.is_empty() {
                            text.push(' ');
                        }
                        text.push_str(line.trim());
                    }
                    let boxed = self.cell_text(&p.text_boxes, nested)?;
                    if !boxed.is_empty() {
                        if !text.is_empty() {
                            text.push(' ');
                        }
                        text.push_str(&boxed);
                    }
                }
                Block::Table(t) => nested.push(self.table(t)?),
            }
        }
        Ok(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_to_part_names() {
        assert_eq!(resolve("word", "numbering.xml"), "word/numbering.xml");
        assert_eq!(resolve("word", "/word/styles.xml"), "word/styles.xml");
        assert_eq!(resolve("word/sub", "../media/x.png"), "word/media/x.png");
        assert_eq!(resolve("", "word/document.xml"), "word/document.xml");
    }
}

#[cfg(test)]
mod bomb_tests {
    use super::*;
    use std::io::Write;

    const DOCUMENT: &str = "word/document.xml";

    /// A DOCX whose document part is `size` zeros, deflated (1 MiB becomes 1 KB).
    fn zeros_docx(size: usize) -> Vec<u8> {
        let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        writer.start_file("_rels/.rels", options).unwrap();
        writer.write_all(rels.as_bytes()).unwrap();
        writer.start_file(DOCUMENT, options).unwrap();
        writer.write_all(&vec![0u8; size]).unwrap();
        writer.finish().unwrap().into_inner()
    }

    /// Rewrites the uncompressed size the archive declares for the document part, in its local
    /// header and its central directory entry.
    fn declare_size(bytes: &mut [u8], size: u32) {
        let name = DOCUMENT.as_bytes();
        for at in 0..bytes.len().saturating_sub(46 + name.len()) {
            let (field, name_at) = match &bytes[at..at + 4] {
                b"PK\x03\x04" => (at + 22, at + 30),
                b"PK\x01\x02" => (at + 24, at + 46),
                _ => continue,
            };
            if bytes[name_at..].starts_with(name) {
                bytes[field..field + 4].copy_from_slice(&size.to_le_bytes());
            }
        }
    }

    #[test]
    fn a_zip_bomb_is_refused_before_inflating() {
        // The archive declares a 1 GiB part: refused at once from the declared size.
        let mut bytes = zeros_docx(1 << 20);
        declare_size(&mut bytes, 1 << 30);
        let started = std::time::Instant::now();
        let err = read(&bytes, "bomb.docx").unwrap_err();
        assert_eq!(
            err.kind,
            ErrorKind::Limit {
                limit: Limit::PartSize {
                    part: DOCUMENT.to_string()
                }
            }
        );
        assert!(started.elapsed().as_millis() < 1000);
        assert!(err.message(false).contains("解压后超过 64 MiB"));
    }

    #[test]
    fn a_part_larger_than_it_declares_is_refused() {
        // The archive understates the part: inflating stops where the declaration ends.
        let mut bytes = zeros_docx(1 << 20);
        declare_size(&mut bytes, 1000);
        let err = read(&bytes, "liar.docx").unwrap_err();
        assert!(matches!(err.kind, ErrorKind::Damaged { .. }), "{err:?}");
    }
}
