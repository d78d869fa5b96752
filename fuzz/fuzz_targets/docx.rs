//! Fuzz target for the DOCX reader: whole files (seeded with real and rendered DOCX), and the
//! input as `word/document.xml` inside an otherwise valid package, which reaches the XML,
//! numbering and table-grid code far more often than random ZIP bytes do.
#![no_main]

use std::io::Write;

#[path = "common.rs"]
mod common;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

fn package(document: &[u8]) -> Option<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("[Content_Types].xml", opts).ok()?;
    zip.write_all(CONTENT_TYPES.as_bytes()).ok()?;
    zip.start_file("_rels/.rels", opts).ok()?;
    zip.write_all(RELS.as_bytes()).ok()?;
    zip.start_file("word/document.xml", opts).ok()?;
    zip.write_all(document).ok()?;
    Some(zip.finish().ok()?.into_inner())
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if data.starts_with(b"PK") {
        common::read(data);
    } else if let Some(docx) = package(data) {
        common::read(&docx);
    }
});
