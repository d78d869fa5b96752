//! Fuzz target for the scan path without the recogniser: the input as an image file (a PNG
//! signature put in front when it has no PNG, JPEG or TIFF one; seed with small page images), read
//! with OCR turned off, so the PNG, JPEG and TIFF decoders and the pixel limit are exercised
//! without running Tesseract.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let known = data.starts_with(b"\x89PNG") || data.starts_with(b"\xFF\xD8\xFF")
        || data.starts_with(b"II*\0") || data.starts_with(b"MM\0*");
    let bytes = if known {
        data.to_vec()
    } else {
        let mut b = b"\x89PNG\r\n\x1a\n".to_vec();
        b.extend_from_slice(data);
        b
    };
    let options = gongkai_extract::Options { ocr: false };
    let _ = gongkai_extract::extract_with(&bytes, "fuzz", &options);
});
