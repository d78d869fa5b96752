//! OLE compound files (`.doc`, `.wps`, `.xls`, `.ppt`, and encrypted DOCX): recognised only to
//! say clearly what they are and what to do with them.

use crate::{Error, ErrorKind};

/// The signature of an OLE compound file.
pub(crate) const MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// The error for an OLE file: encrypted Office documents (an `EncryptedPackage` stream, which is
/// how Word and WPS save a DOCX with an opening password) apart from the old binary formats.
pub(crate) fn refusal(bytes: &[u8]) -> Error {
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

    fn ole_with(stream: &str) -> Vec<u8> {
        let mut bytes = MAGIC.to_vec();
        bytes.resize(512, 0);
        bytes.extend(stream.encode_utf16().flat_map(u16::to_le_bytes));
        bytes.resize(1024, 0);
        bytes
    }

    #[test]
    fn encrypted_packages_and_old_formats_are_told_apart() {
        assert_eq!(
            refusal(&ole_with("EncryptedPackage")).kind,
            ErrorKind::Encrypted
        );
        assert_eq!(
            refusal(&ole_with("WordDocument")).kind,
            ErrorKind::LegacyOffice { format: "DOC/WPS" }
        );
        assert_eq!(
            refusal(&ole_with("Workbook")).kind,
            ErrorKind::LegacyOffice { format: "XLS" }
        );
        let message = refusal(&ole_with("WordDocument")).message(false);
        assert!(message.contains("另存为 DOCX 或 PDF"), "{message}");
    }
}
