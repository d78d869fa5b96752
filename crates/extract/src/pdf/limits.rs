//! Safety limits for hostile PDFs, and the stream check that enforces the decompressed-size limit
//! before the PDF library inflates anything (it inflates without a bound).

use std::io::Read;

use memchr::memmem;

/// Pages read at most: annual reports have a few dozen.
pub(crate) const MAX_PAGES: usize = 500;
/// Objects in the cross-reference table at most.
pub(crate) const MAX_OBJECTS: usize = 500_000;
/// Decompressed size of one stream at most (content, font, object stream…; images excluded:
/// they are never decoded).
pub(crate) const MAX_STREAM_BYTES: u64 = 64 * 1024 * 1024;
/// Decompressed size of all streams together at most.
pub(crate) const MAX_TOTAL_BYTES: u64 = 256 * 1024 * 1024;
/// Glyphs kept from one page at most (a dense page draws a few thousand); the rest of the page
/// is not read.
pub(crate) const MAX_GLYPHS_PER_PAGE: usize = 100_000;
/// Drawing calls on one page at most (report pages make under a thousand): bounds forms that
/// draw each other exponentially often. The rest of the page is not read.
pub(crate) const MAX_CALLS_PER_PAGE: usize = 100_000;
/// Drawing calls in the whole document at most.
pub(crate) const MAX_CALLS: usize = 2_000_000;

/// A safety limit that a document exceeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// More than [`MAX_PAGES`] pages.
    Pages,
    /// More than [`MAX_OBJECTS`] objects.
    Objects,
    /// A stream, or all streams together, inflating beyond [`MAX_STREAM_BYTES`] or
    /// [`MAX_TOTAL_BYTES`].
    StreamSize,
    /// More than [`MAX_GLYPHS_PER_PAGE`] glyphs on a page.
    Glyphs,
    /// More than [`MAX_CALLS_PER_PAGE`] drawing operations on a page, or [`MAX_CALLS`] in the
    /// document.
    Operations,
}

impl Limit {
    /// What was too large, and the limit, in Chinese.
    pub fn zh(self) -> String {
        match self {
            Limit::Pages => format!("页数超过 {MAX_PAGES} 页"),
            Limit::Objects => format!("对象数超过 {MAX_OBJECTS} 个"),
            Limit::StreamSize => format!(
                "数据流解压后超过 {} MB（单个）或 {} MB（合计）",
                MAX_STREAM_BYTES >> 20,
                MAX_TOTAL_BYTES >> 20
            ),
            Limit::Glyphs => format!("单页字符数超过 {MAX_GLYPHS_PER_PAGE} 个"),
            Limit::Operations => {
                format!("绘制操作超过 {MAX_CALLS_PER_PAGE} 次（单页）或 {MAX_CALLS} 次（全文）")
            }
        }
    }

    /// What was too large, and the limit, in English.
    pub fn en(self) -> String {
        match self {
            Limit::Pages => format!("more than {MAX_PAGES} pages"),
            Limit::Objects => format!("more than {MAX_OBJECTS} objects"),
            Limit::StreamSize => format!(
                "a stream inflates beyond {} MB (or all streams beyond {} MB)",
                MAX_STREAM_BYTES >> 20,
                MAX_TOTAL_BYTES >> 20
            ),
            Limit::Glyphs => format!("more than {MAX_GLYPHS_PER_PAGE} glyphs on a page"),
            Limit::Operations => format!(
                "more than {MAX_CALLS_PER_PAGE} drawing operations on a page (or {MAX_CALLS} in all)"
            ),
        }
    }
}

/// Inflates (counting, not keeping) every non-image stream of the file and fails when one, or
/// all together, exceed the limits. Works on the raw bytes, so object streams are covered too.
/// Streams of encrypted files do not inflate here (their bytes are encrypted) and pass.
pub(crate) fn check_streams(bytes: &[u8]) -> Result<(), Limit> {
    check_streams_within(bytes, MAX_STREAM_BYTES, MAX_TOTAL_BYTES)
}

/// [`check_streams`] with the limits as parameters.
fn check_streams_within(bytes: &[u8], per_stream: u64, all: u64) -> Result<(), Limit> {
    // Searchers built once: they run over the whole file.
    let (stream, endstream) = (
        memmem::Finder::new(b"stream"),
        memmem::Finder::new(b"endstream"),
    );
    let mut total = 0u64;
    let mut at = 0;
    while let Some(found) = stream.find(&bytes[at..]) {
        let keyword = at + found;
        at = keyword + b"stream".len();
        if keyword > 0 && bytes[keyword - 1] == b'd' {
            continue; // `endstream`
        }
        let Some(start) = data_start(bytes, at) else {
            continue;
        };
        let dict = dictionary_before(bytes, keyword);
        if dict.is_empty() || is_image(dict) {
            continue;
        }
        let end = endstream
            .find(&bytes[start..])
            .map_or(bytes.len(), |e| start + e);
        let size = decoded_size(dict, &bytes[start..end], per_stream + 1);
        total += size;
        if size > per_stream || total > all {
            return Err(Limit::StreamSize);
        }
        at = end.max(at);
    }
    Ok(())
}

/// The first byte of stream data after the `stream` keyword and its end of line.
fn data_start(bytes: &[u8], after_keyword: usize) -> Option<usize> {
    match bytes.get(after_keyword..after_keyword + 2)? {
        [b'\r', b'\n'] => Some(after_keyword + 2),
        [b'\n', _] | [b'\r', _] => Some(after_keyword + 1),
        _ => None,
    }
}

/// The text between the object header and the `stream` keyword (at most 4 KiB of it), when it
/// ends with a dictionary.
fn dictionary_before(bytes: &[u8], keyword: usize) -> &[u8] {
    let head = &bytes[keyword.saturating_sub(4096)..keyword];
    let trimmed = head.trim_ascii_end();
    if !trimmed.ends_with(b">>") {
        return &[];
    }
    let from = memmem::rfind(trimmed, b"obj").map_or(0, |p| p + 3);
    &trimmed[from..]
}

/// `/Subtype /Image`: images are decoded only when drawn, and the reader never asks.
fn is_image(dict: &[u8]) -> bool {
    let mut rest = dict;
    while let Some(p) = memmem::find(rest, b"/Subtype") {
        let after = rest[p + b"/Subtype".len()..].trim_ascii_start();
        if after.starts_with(b"/Image") {
            return true;
        }
        rest = &rest[p + 1..];
    }
    false
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Filter {
    Flate,
    Lzw,
    RunLength,
    AsciiHex,
    Ascii85,
}

/// The filters named in a stream dictionary, in order.
fn filters(dict: &[u8]) -> Vec<Filter> {
    const NAMES: &[(&[u8], Filter)] = &[
        (b"/FlateDecode", Filter::Flate),
        (b"/LZWDecode", Filter::Lzw),
        (b"/RunLengthDecode", Filter::RunLength),
        (b"/ASCIIHexDecode", Filter::AsciiHex),
        (b"/ASCII85Decode", Filter::Ascii85),
    ];
    let mut found: Vec<(usize, Filter)> = Vec::new();
    for &(name, filter) in NAMES {
        let mut from = 0;
        while let Some(p) = memmem::find(&dict[from..], name) {
            found.push((from + p, filter));
            from += p + name.len();
        }
    }
    found.sort_by_key(|&(p, _)| p);
    found.into_iter().map(|(_, f)| f).collect()
}

/// The decoded size of stream data, counted up to `cap` (larger results mean "over").
fn decoded_size(dict: &[u8], data: &[u8], cap: u64) -> u64 {
    let mut chain = filters(dict);
    if chain.is_empty() && looks_like_zlib(data) {
        // `/Filter 5 0 R`: the name is elsewhere; sniff the zlib header instead.
        chain.push(Filter::Flate);
    }
    let mut owned: Vec<u8>;
    let mut data = data;
    for (i, filter) in chain.iter().enumerate() {
        let last = i + 1 == chain.len();
        match filter {
            Filter::AsciiHex | Filter::Ascii85 if !last => {
                owned = if *filter == Filter::AsciiHex {
                    ascii_hex(data)
                } else {
                    ascii85(data)
                };
                data = &owned;
                continue;
            }
            Filter::AsciiHex | Filter::Ascii85 => return data.len() as u64,
            Filter::Flate => return inflated_size(data, cap),
            Filter::Lzw => return lzw_size(data, cap),
            Filter::RunLength => return run_length_size(data, cap),
        }
    }
    data.len() as u64
}

fn looks_like_zlib(data: &[u8]) -> bool {
    matches!(data, [cmf, flg, ..] if cmf & 0x0F == 8 && (u16::from(*cmf) << 8 | u16::from(*flg)) % 31 == 0)
}

/// Inflated size (zlib, else raw deflate), counted without keeping the output.
fn inflated_size(data: &[u8], cap: u64) -> u64 {
    let zlib = count(flate2::read::ZlibDecoder::new(data), cap);
    if zlib > 0 {
        return zlib;
    }
    count(flate2::read::DeflateDecoder::new(data), cap)
}

/// Bytes a reader yields before it ends, fails or passes `cap`.
fn count(mut reader: impl Read, cap: u64) -> u64 {
    let mut buf = [0u8; 16 * 1024];
    let mut total = 0u64;
    while total <= cap {
        match reader.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => total += n as u64,
        }
    }
    total
}

/// Decoded size of LZW data (PDF variant: MSB first, 9–12 bit codes, early change), tracking
/// only the length of each table entry.
fn lzw_size(data: &[u8], cap: u64) -> u64 {
    let mut lens = vec![1u32; 4096];
    let (mut next, mut width) = (258usize, 9u32);
    let mut prev: Option<usize> = None;
    let (mut acc, mut bits) = (0u32, 0u32);
    let mut total = 0u64;
    let mut bytes = data.iter();
    loop {
        while bits < width {
            let Some(&b) = bytes.next() else {
                return total;
            };
            acc = (acc << 8) | u32::from(b);
            bits += 8;
        }
        let code = ((acc >> (bits - width)) & ((1 << width) - 1)) as usize;
        bits -= width;
        acc &= (1 << bits) - 1;
        match code {
            256 => {
                (next, width, prev) = (258, 9, None);
                continue;
            }
            257 => return total,
            _ => {}
        }
        let len = match (code < next, prev) {
            (true, _) => lens[code],
            (false, Some(p)) if code == next => lens[p] + 1,
            _ => return total,
        };
        total += u64::from(len);
        if total > cap {
            return total;
        }
        if let Some(p) = prev
            && next < 4096
        {
            lens[next] = lens[p] + 1;
            next += 1;
        }
        prev = Some(code);
        if next + 1 >= 1 << width && width < 12 {
            width += 1;
        }
    }
}

/// Decoded size of run-length data.
fn run_length_size(data: &[u8], cap: u64) -> u64 {
    let mut total = 0u64;
    let mut i = 0;
    while i < data.len() && total <= cap {
        let n = data[i] as usize;
        match n {
            0..=127 => {
                total += n as u64 + 1;
                i += n + 2;
            }
            128 => break,
            _ => {
                total += 257 - n as u64;
                i += 2;
            }
        }
    }
    total
}

fn ascii_hex(data: &[u8]) -> Vec<u8> {
    let digits: Vec<u8> = data
        .iter()
        .take_while(|&&b| b != b'>')
        .filter_map(|&b| (b as char).to_digit(16).map(|d| d as u8))
        .collect();
    digits
        .chunks(2)
        .map(|p| p[0] << 4 | p.get(1).copied().unwrap_or(0))
        .collect()
}

fn ascii85(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() / 5 * 4);
    let mut group = [0u8; 5];
    let mut n = 0;
    for &b in data {
        match b {
            b'~' => break,
            b'z' if n == 0 => out.extend_from_slice(&[0; 4]),
            b'!'..=b'u' => {
                group[n] = b - b'!';
                n += 1;
                if n == 5 {
                    out.extend_from_slice(&base85(&group).to_be_bytes());
                    n = 0;
                }
            }
            _ => {}
        }
    }
    if n > 1 {
        group[n..].fill(84);
        out.extend_from_slice(&base85(&group).to_be_bytes()[..n - 1]);
    }
    out
}

fn base85(group: &[u8; 5]) -> u32 {
    group.iter().fold(0u32, |acc, &d| {
        acc.wrapping_mul(85).wrapping_add(u32::from(d))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn stream_object(dict: &str, data: &[u8]) -> Vec<u8> {
        let mut v = format!("1 0 obj\n{dict}\nstream\n").into_bytes();
        v.extend_from_slice(data);
        v.extend_from_slice(b"\nendstream\nendobj\n");
        v
    }

    const CAP: u64 = 1 << 20;

    fn check(file: &[u8]) -> Result<(), Limit> {
        check_streams_within(file, CAP, 4 * CAP)
    }

    #[test]
    fn a_flate_bomb_is_refused_and_an_image_is_not_inflated() {
        let bomb = zlib(&vec![b' '; CAP as usize + 1024]);
        let file = stream_object("<< /Length 9 /Filter /FlateDecode >>", &bomb);
        assert_eq!(check(&file), Err(Limit::StreamSize));
        let image = stream_object("<< /Subtype /Image /Filter /FlateDecode >>", &bomb);
        assert_eq!(check(&image), Ok(()));
        let sniffed = stream_object("<< /Filter 7 0 R >>", &bomb);
        assert_eq!(check(&sniffed), Err(Limit::StreamSize));
        let small = stream_object("<< /Filter /FlateDecode >>", &zlib(b"BT ET"));
        assert_eq!(check(&small), Ok(()));
        // Many streams under the limit each, over it together.
        let part = zlib(&vec![b' '; CAP as usize - 1]);
        let many: Vec<u8> = (0..5)
            .flat_map(|_| stream_object("<< /Filter /FlateDecode >>", &part))
            .collect();
        assert_eq!(check(&many), Err(Limit::StreamSize));
        // Hex-encoded deflate is unwrapped first.
        let hex: String = bomb.iter().map(|b| format!("{b:02x}")).collect();
        let wrapped = stream_object(
            "<< /Filter [/ASCIIHexDecode /FlateDecode] >>",
            hex.as_bytes(),
        );
        assert_eq!(check(&wrapped), Err(Limit::StreamSize));
    }

    #[test]
    fn other_filters_are_counted() {
        assert_eq!(run_length_size(&[129, b'x', 1, b'a', b'b', 128], 1000), 130);
        assert_eq!(ascii_hex(b"48 65 6C6C 6F>"), b"Hello");
        assert_eq!(ascii85(b"87cURD]i,\"Ebo80~>"), b"Hello World!");
        // 9-bit codes: 'A' 'B' then code 258 ("AB"), then EOD.
        let codes = [65u32, 66, 258, 257];
        let mut bits = 0u64;
        for c in codes {
            bits = (bits << 9) | u64::from(c);
        }
        let bytes = (bits << (64 - 36)).to_be_bytes();
        assert_eq!(lzw_size(&bytes[..5], 1000), 4);
    }
}
