//! OLE compound files: Word 97–2003 documents (`.doc`, and `.wps` as WPS Office saves it) are
//! read ([`crate::doc`]); encrypted Office documents, spreadsheets, presentations and older
//! WPS formats are recognised only to say clearly what they are and what to do with them.

use std::io::Cursor;

use crate::{Error, ErrorKind, Source, doc};

/// The signature of an OLE compound file.
pub(crate) const MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// Reads an OLE file: a Word document, or the error that says what it is.
pub(crate) fn read(bytes: &[u8], name: &str) -> Result<Source, Error> {
    let Ok(mut file) = cfb::CompoundFile::open(Cursor::new(bytes)) else {
        // The container is damaged: say what it seems to hold.
        return Err(match refusal(bytes) {
            Error {
                kind: ErrorKind::LegacyOffice { format: "DOC/WPS" },
                ..
            } => Error {
                kind: ErrorKind::Damaged {
                    format: "DOC",
                    detail: "the OLE container is damaged".to_string(),
                },
                position: Some(0),
            },
            other => other,
        });
    };
    // An encrypted DOCX has a WordDocument-less container with an EncryptedPackage stream.
    if file.is_stream("EncryptedPackage") {
        return Err(Error {
            kind: ErrorKind::Encrypted,
            position: Some(0),
        });
    }
    if file.is_stream("WordDocument") {
        return doc::read(&mut file, name);
    }
    Err(refusal(bytes))
}

/// The error for an OLE file that is not read: encrypted Office documents (an
/// `EncryptedPackage` stream, which is how Word and WPS save a DOCX with an opening password)
/// apart from the other binary formats.
fn refusal(bytes: &[u8]) -> Error {
    // Stream names live in directory sectors anywhere in the file, as UTF-16LE.
    let has = |name: &str| {
        let needle: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        memchr::memmem::find(bytes, &needle).is_some()
    };
    let kind = if has("EncryptedPackage") {
        ErrorKind::Encrypted
    } else {
        let format = if has("WordDocument") {
            "DOC/WPS"
        } else if has("WpsContent") {
            "WPS"
        } else if has("Workbook") || has("Book") {
            "XLS"
        } else if has("PowerPoint Document") {
            "PPT"
        } else {
            "OLE"
        };
        ErrorKind::LegacyOffice { format }
    };
    Error {
        kind,
        position: Some(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn ole_with(stream: &str) -> Vec<u8> {
        let mut bytes = MAGIC.to_vec();
        bytes.resize(512, 0);
        bytes.extend(stream.encode_utf16().flat_map(u16::to_le_bytes));
        bytes.resize(1024, 0);
        bytes
    }

    /// A valid container holding one stream.
    fn container(stream: &str, data: &[u8]) -> Vec<u8> {
        let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        file.create_stream(stream).unwrap().write_all(data).unwrap();
        file.flush().unwrap();
        file.into_inner().into_inner()
    }

    #[test]
    fn encrypted_packages_and_other_formats_are_told_apart() {
        assert_eq!(
            refusal(&ole_with("EncryptedPackage")).kind,
            ErrorKind::Encrypted
        );
        assert_eq!(
            refusal(&ole_with("Workbook")).kind,
            ErrorKind::LegacyOffice { format: "XLS" }
        );
        let message = refusal(&ole_with("Workbook")).message(false);
        assert!(message.contains("另存为 DOCX 或 PDF"), "{message}");
        let err = read(&container("EncryptedPackage", b"x"), "a.docx").unwrap_err();
        assert_eq!(err.kind, ErrorKind::Encrypted);
        let err = read(&container("Workbook", b"x"), "a.xls").unwrap_err();
        assert_eq!(err.kind, ErrorKind::LegacyOffice { format: "XLS" });
    }

    #[test]
    fn word_documents_are_read_and_broken_ones_are_damaged() {
        // A damaged container whose directory names a Word document.
        let err = read(&ole_with("WordDocument"), "a.doc").unwrap_err();
        assert!(
            matches!(err.kind, ErrorKind::Damaged { format: "DOC", .. }),
            "{err:?}"
        );
        // A valid container whose WordDocument stream is no FIB.
        let err = read(&container("WordDocument", b"not a fib"), "a.doc").unwrap_err();
        assert!(
            matches!(err.kind, ErrorKind::Damaged { format: "DOC", .. }),
            "{err:?}"
        );
    }
}
