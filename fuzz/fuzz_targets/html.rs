//! Fuzz target for the HTML reader: the input is read as a web page (an HTML prologue is put in
//! front when the input has none), then parsed like any report.
#![no_main]

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if data.starts_with(b"<") {
        common::read(data);
    } else {
        let mut page = b"<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>".to_vec();
        page.extend_from_slice(data);
        common::read(&page);
    }
});
