//! Fuzz target for the OFD reader: whole packages (seed with OFD files, e.g. from PyPI `easyofd`),
//! and otherwise the input as the one page's `Content.xml` inside a valid package, which reaches
//! the text-object, `DeltaX` and path code far more often than random ZIP bytes do.
#![no_main]

use std::io::Write;

#[path = "common.rs"]
mod common;

const OFD: &str = r#"<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#;
const DOCUMENT: &str = r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>"#;

fn package(page: &[u8]) -> Option<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("OFD.xml", opts).ok()?;
    zip.write_all(OFD.as_bytes()).ok()?;
    zip.start_file("Doc_0/Document.xml", opts).ok()?;
    zip.write_all(DOCUMENT.as_bytes()).ok()?;
    zip.start_file("Doc_0/Pages/Page_0/Content.xml", opts).ok()?;
    zip.write_all(page).ok()?;
    Some(zip.finish().ok()?.into_inner())
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if data.starts_with(b"PK") {
        common::read(data);
    } else if let Some(ofd) = package(data) {
        common::read(&ofd);
    }
});
