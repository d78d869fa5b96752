//! The encoding of a page: its BOM, else UTF-8 when the bytes are valid UTF-8, else its
//! `<meta charset>`, else detection.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};
use memchr::memmem;

/// Decodes the page: the text, the encoding, and where undecodable bytes start, if any.
pub(super) fn decode(bytes: &[u8]) -> (String, &'static Encoding, Option<usize>) {
    let (encoding, bom) = match Encoding::for_bom(bytes) {
        Some((enc, len)) => (enc, len),
        None => (sniff_encoding(bytes), 0),
    };
    let body = &bytes[bom..];
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    let bad_at = had_errors.then(|| match std::str::from_utf8(body) {
        Err(e) if encoding == UTF_8 => bom + e.valid_up_to(),
        _ => bom,
    });
    (text.into_owned(), encoding, bad_at)
}

/// The encoding of a page without a BOM: UTF-8 when the bytes are valid UTF-8 (whatever the page
/// claims), else its `<meta charset>`, else detection.
fn sniff_encoding(bytes: &[u8]) -> &'static Encoding {
    match std::str::from_utf8(bytes) {
        Ok(_) => return UTF_8,
        // A page cut off inside a character is still UTF-8.
        Err(e) if e.error_len().is_none() && e.valid_up_to() > 0 => return UTF_8,
        Err(_) => {}
    }
    match meta_charset(&bytes[..bytes.len().min(1024)]) {
        Some(enc) if enc != UTF_8 && enc != UTF_16LE && enc != UTF_16BE => enc,
        _ => crate::text::detect(bytes).0,
    }
}

/// The encoding named by a `<meta charset=…>` or `<meta http-equiv … content="…; charset=…">`.
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = memmem::find(&lower[from..], b"<meta") {
        let start = from + at;
        let end = memchr::memchr(b'>', &lower[start..]).map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = memmem::find(tag, b"charset") {
            let rest = &tag[c + b"charset".len()..];
            let rest = rest.trim_ascii_start();
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = rest.trim_ascii_start();
                let rest = rest
                    .strip_prefix(b"\"")
                    .or_else(|| rest.strip_prefix(b"'"))
                    .unwrap_or(rest);
                let label_end = rest
                    .iter()
                    .position(|&b| {
                        b.is_ascii_whitespace() || matches!(b, b'"' | b'\'' | b';' | b'/' | b'>')
                    })
                    .unwrap_or(rest.len());
                if let Some(enc) = Encoding::for_label(&rest[..label_end]) {
                    return Some(enc);
                }
            }
        }
        from = end.max(start + 1);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_charset_in_both_forms() {
        let gbk = encoding_rs::GBK;
        assert_eq!(meta_charset(br#"<meta charset="gb2312">"#), Some(gbk));
        assert_eq!(meta_charset(b"<META CHARSET=GBK>"), Some(gbk));
        assert_eq!(
            meta_charset(
                br#"<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />"#
            ),
            Some(gbk)
        );
        assert_eq!(meta_charset(br#"<meta name="x" content="y">"#), None);
    }
}
