//! Fuzz target for the Word binary reader (`.doc`/`.wps`): whole OLE files (seed with `.doc`
//! files LibreOffice saves from `gongkai render --to docx` output), and otherwise the input split
//! at the first `1Table` into the `WordDocument` and `1Table` streams of a valid container — which
//! reaches the FIB, piece table and property pages far more often than mutated containers do.
#![no_main]

use std::io::{Cursor, Write};

#[path = "common.rs"]
mod common;

const MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

fn container(data: &[u8]) -> Option<Vec<u8>> {
    let split = data.windows(6).position(|w| w == b"1Table");
    let (word, table) = match split {
        Some(at) => (&data[..at], &data[at + 6..]),
        None => (data, &[][..]),
    };
    let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).ok()?;
    file.create_stream("WordDocument").ok()?.write_all(word).ok()?;
    file.create_stream("1Table").ok()?.write_all(table).ok()?;
    file.create_stream("Data").ok()?.write_all(table).ok()?;
    file.flush().ok()?;
    Some(file.into_inner().into_inner())
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if data.starts_with(MAGIC) {
        common::read(data);
    } else if let Some(doc) = container(data) {
        common::read(&doc);
    }
});
