//! Fuzz target for the text path: any bytes → extract → parse → identities → cells.
//! None of these may panic, whatever the input.
#![no_main]

use gongkai_model::cells::{cells, key_template, keys};
use gongkai_model::{SourceId, check_identities};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = gongkai_extract::extract(data, "fuzz") else {
        return;
    };
    let (report, _diagnostics) = gongkai_parse::parse(&source, SourceId(0));
    let _ = check_identities(&report);
    let cells = cells(&report);
    let expected = keys(key_template(&report));
    assert!(
        cells.iter().map(|(k, _)| k).eq(expected.iter()),
        "cells() keys differ from keys(key_template(report))"
    );
});
