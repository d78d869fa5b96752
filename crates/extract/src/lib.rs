//! Reading documents: bytes in any supported format → a [`Source`] of normalised text with a
//! map back to the original. This crate never interprets report content.

mod builder;
mod source;
mod text;

pub use builder::Builder;
pub use source::{Format, Origin, OriginMark, Source, Warning};
pub use text::{detect as detect_encoding, read_text};

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
}

impl Error {
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
                "不是文本文件，也不是可识别的文档格式（HTML、DOCX、PDF）".to_string()
            }
            (ErrorKind::Binary, true) => {
                "not a text file nor a recognised document format (HTML, DOCX, PDF)".to_string()
            }
        }
    }
}

/// Reads a document of any supported format, detected from its content (not its name).
/// `name` is only used for display.
pub fn extract(bytes: &[u8], name: &str) -> Result<Source, Error> {
    if bytes.len() > MAX_FILE_SIZE {
        return Err(Error {
            kind: ErrorKind::TooLarge { size: bytes.len() },
            position: None,
        });
    }
    if let Some(format) = sniff_binary(bytes) {
        return Err(Error {
            kind: ErrorKind::Unsupported { format },
            position: Some(0),
        });
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

/// Formats recognised by their magic bytes.
fn sniff_binary(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"%PDF-", "PDF"),
        (b"PK\x03\x04", "ZIP/DOCX"),
        (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "DOC/WPS/XLS (OLE)"),
        (b"{\\rtf", "RTF"),
        (b"\x89PNG", "PNG"),
        (b"\xFF\xD8\xFF", "JPEG"),
    ];
    let head = &bytes[..bytes.len().min(1024)];
    MAGIC
        .iter()
        .find(|(magic, _)| head.starts_with(magic) || (magic == b"%PDF-" && find(head, magic)))
        .map(|(_, f)| *f)
}

fn find(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// The offset of the first NUL or run of control bytes that no text file holds.
fn binary_position(bytes: &[u8]) -> Option<usize> {
    let head = &bytes[..bytes.len().min(8192)];
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C))
        .count();
    if controls * 10 > head.len().max(1) {
        return head
            .iter()
            .position(|&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C));
    }
    None
}
