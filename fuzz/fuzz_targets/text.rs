//! Fuzz target for the text path: any bytes → extract → parse → identities → cells.
//! None of these may panic, whatever the input.
#![no_main]

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::read(data));
