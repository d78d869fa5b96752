//! Plain text in any encoding real reports come in: UTF-8 with or without BOM, UTF-16,
//! GBK/GB18030 (and whatever else `chardetng` recognises) — detected, never assumed.

use encoding_rs::{Encoding, GB18030, UTF_8, UTF_16BE, UTF_16LE};

use gongkai_model::source::{Format, Origin, OriginMark, Source, Warning};

/// Decodes `bytes` as text, detecting the encoding.
pub fn read_text(name: &str, bytes: &[u8]) -> Source {
    read_text_as(name, bytes, detect(bytes))
}

/// A source over text already known to be valid UTF-8 without a BOM (no second validation).
pub fn utf8_source(name: &str, text: &str) -> Source {
    Source {
        name: name.to_string(),
        format: Format::Text {
            encoding: UTF_8.name(),
            bom: false,
        },
        text: text.to_string(),
        origins: vec![mark(0, 0)],
        warnings: Vec::new(),
        damage: None,
    }
}

/// Decodes `bytes` in an encoding already detected (`detect`): the encoding and BOM length.
pub fn read_text_as(
    name: &str,
    bytes: &[u8],
    (encoding, bom_len): (&'static Encoding, usize),
) -> Source {
    let body = &bytes[bom_len..];
    let mut warnings = Vec::new();
    let (text, origins) = if encoding == UTF_8 {
        match std::str::from_utf8(body) {
            Ok(s) => (s.to_string(), vec![mark(0, bom_len as u64)]),
            Err(e) => {
                warnings.push(bad_bytes(bom_len + e.valid_up_to(), "UTF-8"));
                let s = String::from_utf8_lossy(body).into_owned();
                let origins = line_origins(&s, encoding, bom_len);
                (s, origins)
            }
        }
    } else if encoding.is_ascii_compatible() {
        // Decoded line by line: in GBK, GB18030 and Big5 no trail byte is a line feed, so each
        // line's byte offset in the original is exact, with no re-encoding.
        let mut text = String::with_capacity(body.len() * 3 / 2);
        let mut origins = Vec::new();
        let mut at = bom_len;
        let mut bad = None;
        for line in body.split_inclusive(|&b| b == b'\n') {
            origins.push(mark(text.len(), at as u64));
            let (s, had_errors) = encoding.decode_without_bom_handling(line);
            if had_errors && bad.is_none() {
                bad = Some(at);
            }
            text.push_str(&s);
            at += line.len();
        }
        if let Some(at) = bad {
            warnings.push(bad_bytes(at, encoding.name()));
        }
        if origins.is_empty() {
            origins.push(mark(0, bom_len as u64));
        }
        (text, origins)
    } else {
        let (s, had_errors) = encoding.decode_without_bom_handling(body);
        if had_errors {
            warnings.push(bad_bytes(bom_len, encoding.name()));
        }
        let s = s.into_owned();
        let origins = line_origins(&s, encoding, bom_len);
        (s, origins)
    };
    Source {
        name: name.to_string(),
        format: Format::Text {
            encoding: encoding.name(),
            bom: bom_len > 0,
        },
        text,
        origins,
        warnings,
        damage: None,
    }
}

fn mark(offset: usize, byte: u64) -> OriginMark {
    OriginMark {
        offset: offset as u32,
        origin: Origin::Byte { offset: byte },
    }
}

fn bad_bytes(at: usize, encoding: &str) -> Warning {
    Warning {
        position: Some(at as u64),
        zh: format!("第 {at} 字节起有无法按 {encoding} 解码的字节，已替换为 �"),
        en: format!("bytes from offset {at} are not valid {encoding}; replaced with �"),
    }
}

/// One checkpoint per line: the byte offset of each line start in the original encoding.
fn line_origins(text: &str, encoding: &'static Encoding, start: usize) -> Vec<OriginMark> {
    let mut out = Vec::new();
    let mut byte = start as u64;
    let mut offset = 0usize;
    for line in text.split_inclusive('\n') {
        out.push(mark(offset, byte));
        byte += encoded_len(line, encoding) as u64;
        offset += line.len();
    }
    if out.is_empty() {
        out.push(mark(0, start as u64));
    }
    out
}

fn encoded_len(s: &str, encoding: &'static Encoding) -> usize {
    if encoding == UTF_16LE || encoding == UTF_16BE {
        return s.encode_utf16().count() * 2;
    }
    if encoding == UTF_8 {
        return s.len();
    }
    encoding.encode(s).0.len()
}

/// The encoding of `bytes` and the length of its byte-order mark.
pub fn detect(bytes: &[u8]) -> (&'static Encoding, usize) {
    if let Some((enc, len)) = Encoding::for_bom(bytes) {
        return (enc, len);
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        return (enc, 0);
    }
    match std::str::from_utf8(bytes) {
        Ok(_) => return (UTF_8, 0),
        // Truncated files can end inside a UTF-8 sequence: still UTF-8.
        Err(e) if e.error_len().is_none() && e.valid_up_to() > 0 => return (UTF_8, 0),
        Err(_) => {}
    }
    // The first 64 KiB tell the encoding as well as the whole file does.
    let mut sample = &bytes[..bytes.len().min(64 * 1024)];
    if sample.len() < bytes.len()
        && let Some(nl) = memchr::memrchr(b'\n', sample)
    {
        sample = &sample[..=nl];
    }
    // A report in GBK/GB18030 decodes cleanly and says 政府 or 公开: no need for the (costly)
    // statistical detector, which is kept for everything else.
    let (gb, gb_errors) = GB18030.decode_without_bom_handling(sample);
    if !gb_errors && (gb.contains("政府") || gb.contains("公开")) {
        return (GB18030, 0);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(sample, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Allow);
    if guess == UTF_8 || is_chinese_encoding(guess) {
        return (if guess == UTF_8 { UTF_8 } else { guess }, 0);
    }
    // Government reports are overwhelmingly GB-encoded: prefer GB18030 when it decodes cleanly.
    if !gb_errors { (GB18030, 0) } else { (guess, 0) }
}

fn is_chinese_encoding(e: &'static Encoding) -> bool {
    matches!(e.name(), "GBK" | "gb18030" | "Big5")
}

/// UTF-16 without a BOM: NUL bytes only on one side of each pair (ASCII such as line breaks),
/// and almost every code unit decodes to a plausible character (CJK, ASCII, punctuation).
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let n = bytes.len().min(8192) & !1;
    if n < 4 {
        return None;
    }
    if !bytes[..n].contains(&0) {
        return None;
    }
    let le = plausibility(&bytes[..n], true);
    let be = plausibility(&bytes[..n], false);
    let best = if le >= be {
        (UTF_16LE, le)
    } else {
        (UTF_16BE, be)
    };
    (best.1 >= 0.9).then_some(best.0)
}

/// The share of code units that decode to characters a report plausibly holds.
fn plausibility(bytes: &[u8], le: bool) -> f64 {
    let units = bytes.chunks_exact(2).map(|p| {
        if le {
            u16::from_le_bytes([p[0], p[1]])
        } else {
            u16::from_be_bytes([p[0], p[1]])
        }
    });
    let mut plausible = 0usize;
    let mut total = 0usize;
    for c in char::decode_utf16(units) {
        total += 1;
        if let Ok(c) = c
            && (c.is_ascii_graphic()
                || c.is_whitespace()
                || ('\u{4E00}'..='\u{9FFF}').contains(&c)
                || ('\u{3000}'..='\u{303F}').contains(&c)
                || ('\u{FF00}'..='\u{FFEF}').contains(&c)
                || ('\u{2000}'..='\u{206F}').contains(&c))
        {
            plausible += 1;
        }
    }
    plausible as f64 / total.max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "宁远县卫生健康局2021年政府信息公开工作年度报告\n一、总体情况\n本年新收政府信息公开申请数量\t3\n";

    #[test]
    fn utf8_with_and_without_bom() {
        let plain = read_text("a", SAMPLE.as_bytes());
        assert_eq!(plain.text, SAMPLE);
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(SAMPLE.as_bytes());
        let s = read_text("b", &bom);
        assert_eq!(s.text, SAMPLE);
        assert_eq!(
            s.format,
            Format::Text {
                encoding: "UTF-8",
                bom: true
            }
        );
    }

    #[test]
    fn gbk_is_detected() {
        let (bytes, _, _) = encoding_rs::GBK.encode(SAMPLE);
        let s = read_text("g", &bytes);
        assert_eq!(s.text, SAMPLE);
        assert!(matches!(
            s.format,
            Format::Text {
                encoding: "GBK" | "gb18030",
                ..
            }
        ));
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let le: Vec<u8> = SAMPLE
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(read_text("le", &le).text, SAMPLE);
        let be: Vec<u8> = SAMPLE
            .encode_utf16()
            .flat_map(|u| u.to_be_bytes())
            .collect();
        assert_eq!(read_text("be", &be).text, SAMPLE);
        let mut with_bom = vec![0xFF, 0xFE];
        with_bom.extend_from_slice(&le);
        let s = read_text("bom", &with_bom);
        assert_eq!(s.text, SAMPLE);
        assert_eq!(
            s.format,
            Format::Text {
                encoding: "UTF-16LE",
                bom: true
            }
        );
    }

    #[test]
    fn invalid_utf8_is_replaced_with_a_warning() {
        let mut bytes = SAMPLE.as_bytes().to_vec();
        bytes.insert(10, 0xFF);
        bytes.extend_from_slice(SAMPLE.as_bytes());
        let s = read_text("bad", &bytes);
        assert!(!s.text.is_empty());
    }

    #[test]
    fn origins_point_at_original_bytes() {
        let (bytes, _, _) = encoding_rs::GBK.encode(SAMPLE);
        let s = read_text("g", &bytes);
        let second_line = s.text.find("一、").unwrap();
        let Some(Origin::Byte { offset }) = s.origin(second_line) else {
            panic!()
        };
        let first_line_gbk = encoding_rs::GBK
            .encode("宁远县卫生健康局2021年政府信息公开工作年度报告\n")
            .0
            .len();
        assert_eq!(offset as usize, first_line_gbk);
    }
}
