//! `Source`: the normalised text of one document and a map back to where each part came from.

use serde::Serialize;

/// The normalised text of one document, ready for parsing.
///
/// Layout contract for the parser: paragraphs are lines; a table read from a structured format
/// (HTML, DOCX, DOC, PDF, OFD, scans) is written one row per line with its cells separated by TAB, so merged
/// cells appear as empty fields exactly as in text copied out of Word. Plain-text input is kept
/// as it is (only the encoding is decoded), whatever its layout.
#[derive(Debug, Clone, Serialize)]
pub struct Source {
    /// A display name (the file path, or `-` for standard input).
    pub name: String,
    /// The format that was read and how.
    pub format: Format,
    /// The text. Every span of the model is a byte range in it.
    pub text: String,
    /// Checkpoints mapping text offsets back to the original document, sorted by `offset`.
    pub origins: Vec<OriginMark>,
    /// Things noticed while reading that did not stop it (e.g. undecodable bytes).
    pub warnings: Vec<Warning>,
    /// What is missing when the file is damaged or cut short: what could be read is in `text`,
    /// but the document is incomplete (`damaged-file`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub damage: Option<Warning>,
}

/// The document format, with what was detected about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Format {
    /// Plain text in the named encoding (`UTF-8`, `UTF-16LE`, `GBK`, …).
    Text {
        /// The encoding's WHATWG name.
        encoding: &'static str,
        /// Whether a byte-order mark was present.
        bom: bool,
    },
    /// An HTML page decoded from the named encoding (BOM, valid UTF-8, `<meta charset>`, or
    /// detection, in that order).
    Html {
        /// The encoding's WHATWG name.
        encoding: &'static str,
    },
    /// A Word document (Office Open XML WordprocessingML, as Word and WPS write it).
    Docx,
    /// A PDF's text layer, rebuilt from glyph positions and ruling lines.
    Pdf {
        /// Number of pages read.
        pages: u32,
    },
    /// A Word 97–2003 binary document (`.doc`, and `.wps` as WPS Office saves it): the text of
    /// its piece table, tables rebuilt from cell and row marks.
    Doc,
    /// An OFD document (GB/T 33190-2016): its text objects rebuilt into lines and ruled tables
    /// like a PDF's text layer.
    Ofd {
        /// Number of pages read.
        pages: u32,
    },
    /// A scan read by optical character recognition (Tesseract): image files, or the page
    /// images of a PDF or OFD without a text layer.
    Scan {
        /// What the pages came in: `PDF`, `OFD`, `PNG`, `JPEG` or `TIFF`.
        container: &'static str,
        /// Number of pages read.
        pages: u32,
        /// Pages of a mixed document that had a text layer and were read from it.
        text_pages: u32,
    },
}

/// Where a stretch of text starts in the original document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct OriginMark {
    /// Byte offset in `Source::text` from which this origin applies.
    pub offset: u32,
    /// The place in the original document.
    pub origin: Origin,
}

/// A place in an original document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Origin {
    /// A byte offset in the original file.
    Byte {
        /// The offset.
        offset: u64,
    },
    /// A paragraph of an HTML page (a block element, or one `<br>`-separated line of one).
    HtmlBlock {
        /// 1-based position of the paragraph among those read from the page.
        index: u32,
        /// 1-based line of the original file where its element's start tag ends (0: unknown).
        line: u32,
    },
    /// A cell of an HTML table. All numbers are 1-based.
    HtmlCell {
        /// Position of the `<table>` among all tables of the page, in document order (nested
        /// and layout tables count too).
        table: u32,
        /// Row of the table's grid (rows of nested tables are not counted).
        row: u32,
        /// Column of the table's grid, after resolving `rowspan` and `colspan`.
        col: u32,
    },
    /// A paragraph of a DOCX document.
    DocxParagraph {
        /// 1-based position of the paragraph among all `w:p` elements of the main document part,
        /// in document order (paragraphs in tables and text boxes count too).
        index: u32,
    },
    /// A cell of a DOCX table. All numbers are 1-based.
    DocxCell {
        /// Position of the `w:tbl` among all tables of the main document part, in document order
        /// (nested tables count too).
        table: u32,
        /// Row of the table (`w:tr`).
        row: u32,
        /// Column of the table's grid, after resolving `gridBefore`, `gridSpan` and `vMerge`.
        col: u32,
    },
    /// A paragraph of a Word binary (`.doc`/`.wps`) document.
    DocParagraph {
        /// 1-based position of the paragraph among all paragraphs of the main text, in order
        /// (paragraphs in table cells count too).
        index: u32,
    },
    /// A cell of a Word binary (`.doc`/`.wps`) table. All numbers are 1-based.
    DocCell {
        /// Position of the table among all tables of the main text, in order (nested tables
        /// count too).
        table: u32,
        /// Row of the table.
        row: u32,
        /// Column of the table's grid (every cell boundary of the table's rows).
        col: u32,
    },
    /// A place on an OFD page: where a line of text starts, or the top left corner of a table
    /// cell, in millimetres (OFD's unit) from the top left corner of the page.
    OfdPage {
        /// 1-based page number.
        page: u32,
        /// Millimetres from the left edge.
        x: i32,
        /// Millimetres from the top edge.
        y: i32,
    },
    /// A line or table cell recognised in a scanned page: its box in pixels of the page image
    /// as recognised (straightened), and the recogniser's confidence in its digits (in all its
    /// characters when it has none), 0–100.
    OcrBox {
        /// 1-based page number.
        page: u32,
        /// Pixels from the left edge.
        x: u32,
        /// Pixels from the top edge.
        y: u32,
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
        /// Confidence, 0–100.
        confidence: u8,
    },
    /// A place on a PDF page: where a line of text starts, or the top left corner of a table
    /// cell. `x` and `y` are in points (1/72 inch) from the top left corner of the page as
    /// displayed (crop box and rotation applied).
    PdfPage {
        /// 1-based page number.
        page: u32,
        /// Points from the left edge.
        x: i32,
        /// Points from the top edge.
        y: i32,
    },
}

/// Below this confidence (0–100) a number read by OCR is uncertain: it is reported, never
/// silently trusted.
pub const OCR_CONFIDENT: u8 = 80;

impl Origin {
    /// The recogniser's confidence, for a place read by OCR.
    pub fn ocr_confidence(&self) -> Option<u8> {
        match *self {
            Origin::OcrBox { confidence, .. } => Some(confidence),
            _ => None,
        }
    }
}

/// Something noticed while reading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// Byte offset in the original file, if known.
    pub position: Option<u64>,
    /// Chinese message.
    pub zh: String,
    /// English message.
    pub en: String,
}

impl Source {
    /// A source over plain UTF-8 text, e.g. for tests (`name` is for display only).
    pub fn from_text(name: &str, text: &str) -> Source {
        Source {
            name: name.to_string(),
            format: Format::Text {
                encoding: "UTF-8",
                bom: false,
            },
            text: text.to_string(),
            origins: vec![OriginMark {
                offset: 0,
                origin: Origin::Byte { offset: 0 },
            }],
            warnings: Vec::new(),
            damage: None,
        }
    }

    /// A source over `text` as if a scan's page `page` had been recognised into it, every
    /// character with `confidence` (for tests and examples of what OCR gives).
    pub fn recognised_text(name: &str, text: &str, page: u32, confidence: u8) -> Source {
        let mut source = Source::from_text(name, text);
        source.origins = vec![OriginMark {
            offset: 0,
            origin: Origin::OcrBox {
                page,
                x: 0,
                y: 0,
                width: 10,
                height: 10,
                confidence,
            },
        }];
        source
    }

    /// Whether any of the text was recognised on a scan.
    pub fn has_recognised_text(&self) -> bool {
        self.origins
            .iter()
            .any(|m| matches!(m.origin, Origin::OcrBox { .. }))
    }

    /// Whether the text at offset `at` was recognised on a scan.
    pub fn is_recognised_at(&self, at: usize) -> bool {
        matches!(self.origin(at), Some(Origin::OcrBox { .. }))
    }

    /// The original place of text offset `at` (the nearest checkpoint before it, adjusted).
    pub fn origin(&self, at: usize) -> Option<Origin> {
        let i = self.origins.partition_point(|m| m.offset as usize <= at);
        let mark = self.origins.get(i.checked_sub(1)?)?;
        Some(match mark.origin {
            Origin::Byte { offset } => {
                let within = self.text.get(mark.offset as usize..at).map_or(0, str::len);
                match self.format {
                    Format::Text {
                        encoding: "UTF-8", ..
                    } => Origin::Byte {
                        offset: offset + within as u64,
                    },
                    _ => Origin::Byte { offset },
                }
            }
            // Structured origins name a whole paragraph or cell: the same for every offset in it.
            other => other,
        })
    }

    /// 1-based line and column (in characters) of text offset `at`.
    pub fn line_col(&self, at: usize) -> (usize, usize) {
        line_col(&self.text, at)
    }
}

/// 1-based line and column (in characters) of byte offset `at` of `text` (an offset inside a
/// character counts as that character's start; one past the end is the end). Counted afresh each
/// time with SIMD searches (a few hundred nanoseconds for a report): no cache to keep.
pub fn line_col(text: &str, at: usize) -> (usize, usize) {
    let at = text.floor_char_boundary(at);
    let before = &text.as_bytes()[..at];
    let line = 1 + memchr::memchr_iter(b'\n', before).count();
    let start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
    (line, text[start..at].chars().count() + 1)
}
