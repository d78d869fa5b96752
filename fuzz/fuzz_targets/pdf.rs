//! Fuzz target for the PDF reader: the input is read as a PDF (a header is put in front when it
//! has none; seed the corpus with real PDFs), then parsed like any report.
#![no_main]

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if data.starts_with(b"%PDF-") {
        common::read(data);
    } else {
        let mut pdf = b"%PDF-1.7\n".to_vec();
        pdf.extend_from_slice(data);
        common::read(&pdf);
    }
});
