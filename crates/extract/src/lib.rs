//! Reading documents: bytes in any supported format → a [`Source`] of normalised text with a
//! map back to the original. This crate never interprets report content.

mod builder;
mod doc;
mod docx;
mod grid;
mod html;
mod layout;
mod limits;
mod ocr;
mod ofd;
mod ole;
mod pdf;
pub mod sheet;
mod text;

pub use builder::Builder;
pub use gongkai_model::source::{Format, Origin, OriginMark, Source, Warning};
pub use limits::{
    Limit, MAX_COLSPAN, MAX_GRID_POSITIONS, MAX_HTML_DEPTH, MAX_IMAGE_PIXELS, MAX_INFLATED_TOTAL,
    MAX_OCR_SECONDS_PER_PAGE, MAX_PAGES, MAX_PART_SIZE, MAX_ROWSPAN, MAX_TABLE_COLUMNS,
    MAX_XML_DEPTH, MAX_ZIP_ENTRIES,
};
pub use pdf::PdfLimit;
pub use text::{detect as detect_encoding, read_text};

/// File extensions of the documents the readers take, for picking files out of a folder (the
/// format is then detected from the content, never from the name): text, Markdown, HTML, DOCX,
/// Word 97 `.doc`/WPS `.wps`, PDF, OFD, scanned images, and authoring files (`.toml`).
pub const REPORT_EXTENSIONS: &[&str] = &[
    "txt", "text", "md", "html", "htm", "shtml", "xhtml", "docx", "doc", "wps", "pdf", "ofd",
    "png", "jpg", "jpeg", "tif", "tiff", "toml",
];

/// Files larger than this are refused rather than read.
pub const MAX_FILE_SIZE: usize = 64 * 1024 * 1024;

/// Why a document could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.message(false))]
pub struct Error {
    /// What went wrong.
    pub kind: ErrorKind,
    /// Byte offset in the document where it went wrong, if known.
    pub position: Option<u64>,
}

/// What went wrong reading a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// The document is larger than [`MAX_FILE_SIZE`].
    TooLarge {
        /// Its size in bytes.
        size: usize,
    },
    /// A format this version cannot read yet (the name says which).
    Unsupported {
        /// The detected format, e.g. `PDF`.
        format: &'static str,
    },
    /// Binary data that is no known document format.
    Binary,
    /// An old binary Office or WPS file that is not read (an OLE compound file: `.xls`, `.ppt`,
    /// Word 6.0/95, older WPS formats).
    LegacyOffice {
        /// What it holds, e.g. `XLS`.
        format: &'static str,
    },
    /// A password-protected (encrypted) Office document or PDF.
    Encrypted,
    /// A ZIP archive that is not a Word document.
    NotDocx {
        /// What it is: `XLSX`, `PPTX`, `ODT`, … or `ZIP` for an archive of other files.
        format: &'static str,
    },
    /// A damaged or truncated file of a recognised format.
    Damaged {
        /// The format, e.g. `DOCX`.
        format: &'static str,
        /// What is wrong, as the reader found it (technical, in English).
        detail: String,
    },
    /// The document exceeds a limit set against hostile or runaway input.
    Limit {
        /// Which limit.
        limit: Limit,
    },
    /// A PDF without a text layer (a scan): it needs OCR first.
    NoTextLayer {
        /// Its number of pages.
        pages: u32,
        /// How many images its pages draw.
        images: u32,
    },
    /// A PDF whose text cannot be decoded (fonts without a Unicode map).
    UnmappedText {
        /// Its number of pages.
        pages: u32,
    },
    /// A PDF that exceeds a limit set against hostile or runaway input.
    PdfLimit {
        /// Which limit.
        limit: PdfLimit,
    },
    /// A scan (an image file, or a PDF or OFD without a text layer) that needs OCR, and the
    /// recogniser (Tesseract with its Chinese model) is not installed or failed.
    OcrUnavailable {
        /// Pages to recognise.
        pages: u32,
        /// What was found (technical, in English).
        detail: String,
    },
    /// A scan that was not read because OCR was turned off (`--no-ocr`).
    ScanNotRead {
        /// What it is: `PNG`, `JPEG`, `TIFF`, `OFD`.
        format: &'static str,
        /// Its number of pages.
        pages: u32,
    },
}

/// How to read documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Recognise the text of scans (image files, PDF and OFD pages without a text layer) with
    /// Tesseract. Pages with a text layer are never recognised.
    pub ocr: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { ocr: true }
    }
}

/// How to install the recogniser, in Chinese and English.
const INSTALL_ZH: &str = "请安装 Tesseract 及其简体中文模型（Debian/Ubuntu：apt-get install tesseract-ocr tesseract-ocr-chi-sim），或加 --no-ocr 跳过扫描件";
const INSTALL_EN: &str = "install Tesseract with its simplified Chinese model (Debian/Ubuntu: apt-get install tesseract-ocr tesseract-ocr-chi-sim), or pass --no-ocr to skip scans";

impl Error {
    /// An error of `kind` with no known position.
    pub fn new(kind: ErrorKind) -> Error {
        Error {
            kind,
            position: None,
        }
    }

    /// The message in Chinese, or in English when `en`.
    pub fn message(&self, en: bool) -> String {
        match (&self.kind, en) {
            (ErrorKind::TooLarge { size }, false) => format!(
                "文件过大（{size} 字节，上限 {MAX_FILE_SIZE} 字节），未读取；请确认这是一份年度报告"
            ),
            (ErrorKind::TooLarge { size }, true) => format!(
                "file too large ({size} bytes, limit {MAX_FILE_SIZE}); not read — is it an annual report?"
            ),
            (ErrorKind::Unsupported { format }, false) => {
                format!("暂不支持读取 {format} 文件；请先转换为文本（如 pdftotext -layout）再读取")
            }
            (ErrorKind::Unsupported { format }, true) => format!(
                "{format} files are not supported yet; convert to text first (e.g. pdftotext -layout)"
            ),
            (ErrorKind::Binary, false) => {
                "不是文本文件，也不是可识别的文档格式（HTML、DOCX、DOC、WPS、PDF、OFD、PNG、JPEG、TIFF）"
                    .to_string()
            }
            (ErrorKind::Binary, true) => {
                "not a text file nor a recognised document format (HTML, DOCX, DOC, WPS, PDF, OFD, PNG, JPEG, TIFF)"
                    .to_string()
            }
            (ErrorKind::LegacyOffice { format }, false) => format!(
                "这是旧版 Office/WPS 二进制文件（{format}），无法直接读取；请用 Word 或 WPS 打开，另存为 DOCX 或 PDF 后再读取"
            ),
            (ErrorKind::LegacyOffice { format }, true) => format!(
                "an old binary Office/WPS file ({format}) cannot be read directly; open it in Word or WPS, save it as DOCX or PDF and read that"
            ),
            (ErrorKind::Encrypted, false) => {
                "文档已加密（设有打开密码），无法读取；请取消密码，另存为 DOCX 或 PDF 后再读取"
                    .to_string()
            }
            (ErrorKind::Encrypted, true) => {
                "the document is encrypted (password-protected); remove the password, save it as DOCX or PDF and read that"
                    .to_string()
            }
            (ErrorKind::NotDocx { format }, false) => format!(
                "这是 {format} 文件（ZIP 压缩包），不是 Word 文档（DOCX），未读取；请提供报告的 DOCX、PDF、网页或文本"
            ),
            (ErrorKind::NotDocx { format }, true) => format!(
                "a {format} file (a ZIP archive), not a Word document (DOCX); not read — provide the report as DOCX, PDF, HTML or text"
            ),
            (ErrorKind::Damaged { format, detail }, false) => format!(
                "{format} 文件已损坏或不完整（{detail}），无法读取；请重新下载，或用制作它的软件重新保存后再读取"
            ),
            (ErrorKind::Damaged { format, detail }, true) => format!(
                "damaged or incomplete {format} file ({detail}); download it again, or re-save it in the program that made it"
            ),
            (ErrorKind::Limit { limit }, false) => {
                format!("{}，超出读取上限，未读取（防范恶意文件）", limit.message(false))
            }
            (ErrorKind::Limit { limit }, true) => format!(
                "{}: over a reading limit, not read (a guard against hostile files)",
                limit.message(true)
            ),
            (ErrorKind::NoTextLayer { pages, images }, false) => format!(
                "该 PDF 没有文字层（可能是扫描件；共 {pages} 页，{images} 幅图像），需要先做 OCR 识别"
            ),
            (ErrorKind::NoTextLayer { pages, images }, true) => format!(
                "this PDF has no text layer (probably a scan: {pages} pages, {images} images); it needs OCR first"
            ),
            (ErrorKind::UnmappedText { pages }, false) => format!(
                "该 PDF（{pages} 页）的文字无法解码（字体缺少 Unicode 映射），需要先做 OCR 识别，或从原文档重新导出 PDF"
            ),
            (ErrorKind::UnmappedText { pages }, true) => format!(
                "the text of this PDF ({pages} pages) cannot be decoded (fonts without a Unicode map); it needs OCR, or a PDF exported again from the original"
            ),
            (ErrorKind::PdfLimit { limit }, false) => {
                format!("PDF {}，超出读取上限，未读取（防范恶意文件）", limit.zh())
            }
            (ErrorKind::PdfLimit { limit }, true) => format!(
                "PDF with {}: over a reading limit, not read (a guard against hostile files)",
                limit.en()
            ),
            (ErrorKind::OcrUnavailable { pages, detail }, false) => format!(
                "这是扫描件（共 {pages} 页，没有文字层），需要文字识别（OCR），但无法运行 Tesseract（{detail}）；{INSTALL_ZH}"
            ),
            (ErrorKind::OcrUnavailable { pages, detail }, true) => format!(
                "this is a scan ({pages} pages without a text layer) and needs OCR, but Tesseract cannot run ({detail}); {INSTALL_EN}"
            ),
            (ErrorKind::ScanNotRead { format, pages }, false) => format!(
                "这是扫描件（{format}，共 {pages} 页，没有文字层），已按 --no-ocr 跳过文字识别，未读取"
            ),
            (ErrorKind::ScanNotRead { format, pages }, true) => format!(
                "a scan ({format}, {pages} pages without a text layer); not read, as --no-ocr turns recognition off"
            ),
        }
    }
}

/// Reads a document of any supported format, detected from its content (not its name), with
/// the default [`Options`] (scans recognised when Tesseract is installed). `name` is only used
/// for display.
pub fn extract(bytes: &[u8], name: &str) -> Result<Source, Error> {
    extract_with(bytes, name, &Options::default())
}

/// Reads a document of any supported format, detected from its content, as `options` say.
pub fn extract_with(bytes: &[u8], name: &str, options: &Options) -> Result<Source, Error> {
    if bytes.len() > MAX_FILE_SIZE {
        return Err(Error {
            kind: ErrorKind::TooLarge { size: bytes.len() },
            position: None,
        });
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        if ofd::is_ofd(bytes) {
            return ofd::read(bytes, name, options);
        }
        return docx::read(bytes, name);
    }
    if bytes.starts_with(ole::MAGIC) {
        return ole::read(bytes, name);
    }
    if let Some(kind) = ocr::image::sniff(bytes) {
        return ocr::read_image(bytes, name, kind, options.ocr);
    }
    if let Some(format) = sniff_binary(bytes) {
        if format == "PDF" {
            return read_pdf(bytes, name, options);
        }
        return Err(Error {
            kind: ErrorKind::Unsupported { format },
            position: Some(0),
        });
    }
    if html::looks_like_html(bytes) {
        return html::read(bytes, name);
    }
    // Most reports are UTF-8 without a BOM: validated once, no detection needed. (Text with NUL
    // bytes may be UTF-16 that happens to be valid UTF-8: that goes through detection.)
    if let Ok(s) = simdutf8::basic::from_utf8(bytes)
        && !s.starts_with('\u{FEFF}')
        && !bytes[..bytes.len().min(4096)].contains(&0)
    {
        if let Some(at) = binary_position(bytes) {
            return Err(Error {
                kind: ErrorKind::Binary,
                position: Some(at as u64),
            });
        }
        return Ok(text::utf8_source(name, s));
    }
    let detected = text::detect(bytes);
    let encoding = detected.0;
    let is_utf16 = encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE;
    if !is_utf16 && let Some(at) = binary_position(bytes) {
        return Err(Error {
            kind: ErrorKind::Binary,
            position: Some(at as u64),
        });
    }
    Ok(text::read_text_as(name, bytes, detected))
}

/// Reads a PDF, saying when it is cut short. A PDF ends with `%%EOF` (possibly followed by a
/// little junk); without it the file was truncated, typically by an interrupted download. hayro
/// recovers what it can of such a file: the text read is kept, and the source says it is damaged.
/// When nothing can be read of it, the error is that it is damaged — not that it is a scan.
fn read_pdf(bytes: &[u8], name: &str, options: &Options) -> Result<Source, Error> {
    let tail = &bytes[bytes.len().saturating_sub(2048)..];
    let cut_short = memchr::memmem::rfind(tail, b"%%EOF").is_none();
    let damage = || Warning {
        position: Some(bytes.len() as u64),
        zh: format!(
            "PDF 文件不完整：在第 {} 字节处中断，缺少文件结尾（%%EOF），之后的页面和字体都缺失；只读出了中断之前的部分，请重新下载完整的文件",
            bytes.len()
        ),
        en: format!(
            "the PDF is incomplete: it stops at byte {} without its end (%%EOF), so later pages and fonts are missing; only what comes before was read — download the whole file again",
            bytes.len()
        ),
    };
    match pdf::read(bytes, name, options) {
        Ok(mut source) => {
            if cut_short {
                source.damage = Some(damage());
            }
            Ok(source)
        }
        Err(_) if cut_short => Err(Error {
            kind: ErrorKind::Damaged {
                format: "PDF",
                detail: "cut short: no %%EOF at the end, no page could be read".to_string(),
            },
            position: Some(bytes.len() as u64),
        }),
        Err(e) => Err(e),
    }
}

/// Formats recognised by their magic bytes.
fn sniff_binary(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[(b"%PDF-", "PDF"), (b"{\\rtf", "RTF")];
    let head = &bytes[..bytes.len().min(1024)];
    MAGIC
        .iter()
        .find(|(magic, _)| head.starts_with(magic) || (magic == b"%PDF-" && find(head, magic)))
        .map(|(_, f)| *f)
}

fn find(hay: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(hay, needle).is_some()
}

/// The offset of the first NUL or run of control bytes that no text file holds.
fn binary_position(bytes: &[u8]) -> Option<usize> {
    let head = &bytes[..bytes.len().min(8192)];
    // Counted in chunks with byte-wide sums, which the compiler vectorises.
    let controls: usize = head
        .chunks(255)
        .map(|c| {
            let n = c
                .iter()
                .fold(0u8, |n, &b| n + u8::from(is_binary_control(b)));
            usize::from(n)
        })
        .sum();
    if controls * 10 > head.len().max(1) {
        return head.iter().position(|&b| is_binary_control(b));
    }
    None
}

/// A control byte no text file holds (TAB, LF, CR and form feed are text). Written without
/// branches (`&`, not `&&`) so that it vectorises.
fn is_binary_control(b: u8) -> bool {
    (b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r') & (b != 0x0C)
}
