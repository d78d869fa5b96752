//! What every target does with a document once it is bytes: the whole read path, no panic.

use gongkai_model::cells::{cells, key_template, keys};
use gongkai_model::{SourceId, check_identities};

/// extract → parse → identities → cells; `cells()` must list exactly the template's keys.
pub fn read(data: &[u8]) {
    // OCR off: fuzzed scans would run Tesseract (slow); the image target covers the decoders.
    let options = gongkai_extract::Options { ocr: false };
    let Ok(source) = gongkai_extract::extract_with(data, "fuzz", &options) else {
        return;
    };
    let (report, _diagnostics) = gongkai_parse::parse(&source, SourceId(0));
    let _ = check_identities(&report);
    let cells = cells(&report);
    let expected = keys(key_template(&report));
    assert!(cells.iter().map(|(k, _)| k).eq(expected.iter()), "cells() keys differ from keys(key_template(report))");
}
