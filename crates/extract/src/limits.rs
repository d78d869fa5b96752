//! Limits on what a document may demand from the readers. Each protects against hostile or
//! runaway input (zip bombs, entity expansion, endless nesting, giant tables); exceeding one is a
//! clear error, never a panic or unbounded memory.

/// Largest size of one ZIP part once inflated.
pub const MAX_PART_SIZE: u64 = 64 * 1024 * 1024;

/// Largest size of all the ZIP parts read from one document, once inflated.
pub const MAX_INFLATED_TOTAL: u64 = 256 * 1024 * 1024;

/// Most entries a ZIP archive may list.
pub const MAX_ZIP_ENTRIES: usize = 10_000;

/// Deepest XML element nesting read in a DOCX part.
pub const MAX_XML_DEPTH: usize = 256;

/// Deepest element nesting read in an HTML page.
pub const MAX_HTML_DEPTH: usize = 1024;

/// Widest table grid, in columns (spans are clamped first: see [`MAX_COLSPAN`]).
pub const MAX_TABLE_COLUMNS: usize = 1024;

/// Most table grid positions (rows × columns, merged positions included) in one document.
pub const MAX_GRID_POSITIONS: usize = 4_000_000;

/// Widest span of one cell (`colspan`, `gridSpan`, `gridBefore`); wider spans are clamped.
pub const MAX_COLSPAN: u32 = 64;

/// Tallest span of one cell (`rowspan`); taller spans are clamped.
pub const MAX_ROWSPAN: u32 = 1000;

/// Most pages read from an OFD document or a scan (annual reports have a few dozen).
pub const MAX_PAGES: usize = 500;

/// Most pixels of one page image decoded for OCR (a 600 dpi A3 page has about 70 million).
pub const MAX_IMAGE_PIXELS: usize = 100_000_000;

/// Longest time the recogniser may spend on one page, in seconds (a page takes a few).
pub const MAX_OCR_SECONDS_PER_PAGE: u64 = 120;

/// Which limit a document exceeded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Limit {
    /// A ZIP part inflates beyond [`MAX_PART_SIZE`].
    PartSize {
        /// The part's name in the archive.
        part: String,
    },
    /// The parts read inflate beyond [`MAX_INFLATED_TOTAL`] together.
    InflatedTotal,
    /// The ZIP archive lists more than [`MAX_ZIP_ENTRIES`] entries.
    ZipEntries {
        /// How many it lists.
        count: usize,
    },
    /// An XML part nests elements deeper than [`MAX_XML_DEPTH`].
    XmlDepth {
        /// The part's name in the archive.
        part: String,
    },
    /// An XML part declares a document type (DTD, entities): refused, never expanded.
    XmlDoctype {
        /// The part's name in the archive.
        part: String,
    },
    /// An HTML page nests elements deeper than [`MAX_HTML_DEPTH`].
    HtmlDepth,
    /// Tables wider than [`MAX_TABLE_COLUMNS`] or larger than [`MAX_GRID_POSITIONS`] in all.
    TableSize,
    /// More than [`MAX_PAGES`] pages (OFD, scans).
    Pages {
        /// How many the document has.
        count: usize,
    },
    /// A page image of more than [`MAX_IMAGE_PIXELS`] pixels.
    ImagePixels {
        /// Its width in pixels.
        width: usize,
        /// Its height in pixels.
        height: usize,
    },
    /// Recognising a page took longer than [`MAX_OCR_SECONDS_PER_PAGE`].
    OcrTime {
        /// The 1-based page.
        page: usize,
    },
}

impl Limit {
    /// What was exceeded, in Chinese, or in English when `en`.
    pub fn message(&self, en: bool) -> String {
        const MIB: u64 = 1024 * 1024;
        match (self, en) {
            (Limit::PartSize { part }, false) => {
                format!("压缩包中的 {part} 解压后超过 {} MiB", MAX_PART_SIZE / MIB)
            }
            (Limit::PartSize { part }, true) => {
                format!("part {part} inflates beyond {} MiB", MAX_PART_SIZE / MIB)
            }
            (Limit::InflatedTotal, false) => {
                format!("压缩包解压后总计超过 {} MiB", MAX_INFLATED_TOTAL / MIB)
            }
            (Limit::InflatedTotal, true) => {
                format!(
                    "the archive inflates beyond {} MiB",
                    MAX_INFLATED_TOTAL / MIB
                )
            }
            (Limit::ZipEntries { count }, false) => {
                format!("压缩包含 {count} 个文件，超过 {MAX_ZIP_ENTRIES} 个")
            }
            (Limit::ZipEntries { count }, true) => {
                format!("the archive lists {count} entries, more than {MAX_ZIP_ENTRIES}")
            }
            (Limit::XmlDepth { part }, false) => {
                format!("{part} 的 XML 元素嵌套超过 {MAX_XML_DEPTH} 层")
            }
            (Limit::XmlDepth { part }, true) => {
                format!("{part} nests XML elements deeper than {MAX_XML_DEPTH}")
            }
            (Limit::XmlDoctype { part }, false) => {
                format!("{part} 含 DTD 或实体声明（可用于实体膨胀攻击，Word 从不写入）")
            }
            (Limit::XmlDoctype { part }, true) => format!(
                "{part} declares a DTD or entities (usable for entity expansion; Word never writes one)"
            ),
            (Limit::HtmlDepth, false) => format!("网页元素嵌套超过 {MAX_HTML_DEPTH} 层"),
            (Limit::HtmlDepth, true) => {
                format!("the page nests elements deeper than {MAX_HTML_DEPTH}")
            }
            (Limit::TableSize, false) => format!(
                "表格过大（超过 {MAX_TABLE_COLUMNS} 列，或合计超过 {MAX_GRID_POSITIONS} 个单元格）"
            ),
            (Limit::TableSize, true) => format!(
                "tables too large (over {MAX_TABLE_COLUMNS} columns, or over {MAX_GRID_POSITIONS} cells in all)"
            ),
            (Limit::Pages { count }, false) => format!("共 {count} 页，超过 {MAX_PAGES} 页"),
            (Limit::Pages { count }, true) => {
                format!("{count} pages, more than {MAX_PAGES}")
            }
            (Limit::ImagePixels { width, height }, false) => format!(
                "页面图像 {width}×{height} 像素，超过 {} 万像素",
                MAX_IMAGE_PIXELS / 10_000
            ),
            (Limit::ImagePixels { width, height }, true) => format!(
                "a page image of {width}×{height} pixels, more than {} million",
                MAX_IMAGE_PIXELS / 1_000_000
            ),
            (Limit::OcrTime { page }, false) => {
                format!("第 {page} 页的文字识别超过 {MAX_OCR_SECONDS_PER_PAGE} 秒")
            }
            (Limit::OcrTime { page }, true) => {
                format!("recognising page {page} took more than {MAX_OCR_SECONDS_PER_PAGE} s")
            }
        }
    }
}
