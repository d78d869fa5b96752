//! Integration tests of `gongkai_extract`: synthetic HTML pages, DOCX documents and PDFs (built
//! here, in code) read into the text layout the parser expects, with their provenance, and hostile
//! files refused with clear errors.

mod doc;
mod docx;
mod html;
mod ofd;
mod pdf;
mod sheet;
mod wordml;

use gongkai_extract::{Origin, Source};

/// The origin of the first occurrence of `needle` in the source text.
pub fn origin_of(source: &Source, needle: &str) -> Origin {
    let at = source
        .text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} in {:?}", source.text));
    source.origin(at).expect("an origin")
}
