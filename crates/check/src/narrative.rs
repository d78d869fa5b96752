//! Numbers the narrative states: "受理政府信息公开申请 21 件".

/// Text with its whitespace removed (pdftotext breaks lines inside words: `受理政府\n信息公开申请
/// 17 件`), and where each run of kept text came from.
pub struct Squeezed {
    /// The text without whitespace.
    pub text: String,
    /// For each run of kept text: its offset in `text` and in the source, in order. A map per run
    /// rather than per byte: runs are long, and this is built for every report checked.
    runs: Vec<(u32, u32)>,
    /// The source's length (where an offset past the end maps to).
    source_len: usize,
}

/// Whether an ASCII byte is whitespace that squeezing drops.
fn ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C)
}

/// The first byte at or after `i` below 0x21 (ASCII whitespace among them), or the end. Most of
/// a report is CJK text, whose bytes are all 0x80 or above: 32 bytes are tested at a time (four
/// words whose tests the compiler runs side by side), then the word holding the byte is found.
fn next_low_byte(b: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The high bit of each byte below 0x21 (bytes of 0x80 and above are masked out by !w).
    let low = |w: u64| w.wrapping_sub(ONES * 0x21) & !w & HIGH;
    let word = |j: usize| -> u64 {
        let mut w = [0u8; 8];
        w.copy_from_slice(&b[j..j + 8]);
        u64::from_le_bytes(w)
    };
    while i + 32 <= b.len() {
        let (w0, w1, w2, w3) = (word(i), word(i + 8), word(i + 16), word(i + 24));
        if low(w0) | low(w1) | low(w2) | low(w3) != 0 {
            break;
        }
        i += 32;
    }
    while i + 8 <= b.len() {
        let l = low(word(i));
        if l != 0 {
            return i + (l.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while b.get(i).is_some_and(|&c| c >= 0x21) {
        i += 1;
    }
    i
}

/// Where the next `c` is at or after `from`, or `usize::MAX`.
fn next_char(text: &str, from: usize, c: char) -> usize {
    text.get(from..)
        .and_then(|t| t.find(c))
        .map_or(usize::MAX, |i| from + i)
}

/// The whitespace characters squeezing drops (ASCII whitespace, U+3000, U+00A0), in order, as
/// (offset, length). ASCII whitespace is found eight bytes at a time and the two wide spaces with
/// a search (most reports have none), so the text is not looked at byte by byte.
struct Spaces<'a> {
    text: &'a str,
    /// Where to look for the next ASCII whitespace.
    at: usize,
    /// The next U+3000 and U+00A0 (`usize::MAX` when there are no more).
    ideographic: usize,
    no_break: usize,
}

const IDEOGRAPHIC: char = '\u{3000}';
const NO_BREAK: char = '\u{a0}';

impl<'a> Spaces<'a> {
    fn new(text: &'a str) -> Self {
        // `contains` of a string is a SIMD search; `find` of a char is not, and most texts have
        // neither space at all.
        let first = |c: char| {
            if text.contains(c.encode_utf8(&mut [0; 4]) as &str) {
                next_char(text, 0, c)
            } else {
                usize::MAX
            }
        };
        Spaces {
            text,
            at: 0,
            ideographic: first(IDEOGRAPHIC),
            no_break: first(NO_BREAK),
        }
    }
}

impl Iterator for Spaces<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        let b = self.text.as_bytes();
        loop {
            let ascii = next_low_byte(b, self.at);
            let wide = self.ideographic.min(self.no_break);
            let (at, len) = if wide < ascii {
                if wide == self.ideographic {
                    let len = IDEOGRAPHIC.len_utf8();
                    self.ideographic = next_char(self.text, wide + len, IDEOGRAPHIC);
                    (wide, len)
                } else {
                    let len = NO_BREAK.len_utf8();
                    self.no_break = next_char(self.text, wide + len, NO_BREAK);
                    (wide, len)
                }
            } else if ascii < b.len() {
                if !ascii_space(b[ascii]) {
                    // A control character: kept.
                    self.at = ascii + 1;
                    continue;
                }
                (ascii, 1)
            } else {
                return None;
            };
            self.at = at + len;
            return Some((at, len));
        }
    }
}

impl Squeezed {
    /// Squeezes `text`.
    pub fn new(text: &str) -> Self {
        // The kept runs between dropped spaces are copied as `str` slices (they start and end at
        // character boundaries), so the result needs no UTF-8 revalidation.
        let mut out = String::with_capacity(text.len());
        let mut runs = Vec::new();
        let mut kept_from = 0;
        let spaces = Spaces::new(text);
        if spaces.ideographic == usize::MAX && spaces.no_break == usize::MAX {
            // Only ASCII whitespace (most reports): runs of it are skipped in one go.
            let b = text.as_bytes();
            let mut i = 0;
            loop {
                i = next_low_byte(b, i);
                let Some(&c) = b.get(i) else { break };
                if !ascii_space(c) {
                    i += 1;
                    continue;
                }
                push_run(&mut out, &mut runs, text, kept_from..i);
                i += 1;
                while b.get(i).is_some_and(|&c| ascii_space(c)) {
                    i += 1;
                }
                kept_from = i;
            }
        } else {
            for (at, len) in spaces {
                push_run(&mut out, &mut runs, text, kept_from..at);
                kept_from = at + len;
            }
        }
        push_run(&mut out, &mut runs, text, kept_from..text.len());
        Squeezed {
            text: out,
            runs,
            source_len: text.len(),
        }
    }

    /// The source offset of squeezed offset `at` (the source's end past the squeezed end).
    fn source_at(&self, at: usize) -> usize {
        if at >= self.text.len() {
            return self.source_len;
        }
        let run = self.runs.partition_point(|&(s, _)| s as usize <= at);
        match run.checked_sub(1).and_then(|r| self.runs.get(r)) {
            Some(&(s, src)) => src as usize + (at - s as usize),
            None => self.source_len,
        }
    }

    /// The source range of a squeezed range.
    pub fn source(&self, r: std::ops::Range<usize>) -> std::ops::Range<usize> {
        let start = self.source_at(r.start);
        let last = self.source_at(r.end.saturating_sub(1));
        let end = if r.end > r.start { last + 1 } else { start };
        start..end.max(start)
    }
}

/// Appends the kept source run `r` to the squeezed text.
fn push_run(out: &mut String, runs: &mut Vec<(u32, u32)>, text: &str, r: std::ops::Range<usize>) {
    // Runs start and end next to dropped whitespace or at the ends, all character boundaries.
    if let Some(s) = text.get(r.clone())
        && !s.is_empty()
    {
        runs.push((out.len() as u32, r.start as u32));
        out.push_str(s);
    }
}

/// The number stated right after a keyword ending at `from`: the first digits within `window`
/// characters, before anything that ends the clause, and followed by 件. Its value and range.
pub fn number_after(
    hay: &str,
    from: usize,
    window: usize,
) -> Option<(i64, std::ops::Range<usize>)> {
    let after = &hay[from..];
    let mut start = None;
    for (seen, (j, c)) in after.char_indices().enumerate() {
        if seen > window || matches!(c, '。' | '；' | '：' | '\n' | '（' | '(') {
            break;
        }
        if c.is_ascii_digit() {
            start = Some(j);
            break;
        }
    }
    let s = start?;
    let len = after[s..]
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b',')
        .count();
    let end = s + len;
    if !after[end..].trim_start().starts_with('件') {
        return None;
    }
    let value = after[s..end].replace(',', "").parse::<i64>().ok()?;
    Some((value, from + s..from + end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn after(t: &str, kw: &str) -> Option<i64> {
        number_after(t, t.find(kw)? + kw.len(), 8).map(|(v, _)| v)
    }

    #[test]
    fn numbers_after_keywords() {
        let t = "全市共受理政府信息公开申请 3119 件，答复 3050 件。政府信息公开行政复议 351\n件";
        assert_eq!(after(t, "受理政府信息公开申请"), Some(3119));
        // pdftotext wraps lines between a number and its unit.
        assert_eq!(after(t, "行政复议"), Some(351));
        assert_eq!(
            after("新收政府信息公开申请25件，上年结转7件", "上年结转"),
            Some(7)
        );
        assert_eq!(after("未发生行政复议。共 3 件", "行政复议"), None);
        assert_eq!(after("行政复议 3 次", "行政复议"), None);
    }

    #[test]
    fn squeezed_maps_back_to_the_source() {
        let t = "受理政府\n信息公开申请 17 件";
        let sq = Squeezed::new(t);
        let i = sq.text.find("17").unwrap();
        assert_eq!(&t[sq.source(i..i + 2)], "17");
        assert_eq!(sq.text, "受理政府信息公开申请17件");
    }

    #[test]
    fn squeezed_matches_a_char_by_char_squeeze() {
        // Random mixes of whitespace, wide spaces, characters sharing their lead bytes and
        // control characters, against the obvious character-by-character version.
        let pieces = [
            " ", "\t", "\n", "\r", "\u{b}", "\u{c}", "\u{3000}", "\u{a0}", "\u{1}", "、", "¢",
            "申请", "17", "件", "a",
        ];
        let mut seed = 7u64;
        for _ in 0..300 {
            let mut t = String::new();
            for _ in 0..(seed % 40) {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                t.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            let kept: Vec<(usize, char)> = t
                .char_indices()
                .filter(|&(_, c)| {
                    !matches!(
                        c,
                        ' ' | '\t' | '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{3000}' | '\u{a0}'
                    )
                })
                .collect();
            let sq = Squeezed::new(&t);
            assert_eq!(
                sq.text,
                kept.iter().map(|&(_, c)| c).collect::<String>(),
                "{t:?}"
            );
            for ((i, c), &(at, _)) in sq.text.char_indices().zip(&kept) {
                assert_eq!(
                    sq.source(i..i + c.len_utf8()),
                    at..at + c.len_utf8(),
                    "{t:?} at {i}"
                );
            }
        }
    }

    #[test]
    fn squeezed_drops_only_whitespace() {
        // U+3000 and U+00A0 are dropped; other characters sharing their lead bytes are kept.
        let t = "\u{3000}甲\u{a0}、¢ 乙\t\r\n丙\u{b}\u{c}丁 ";
        let sq = Squeezed::new(t);
        assert_eq!(sq.text, "甲、¢乙丙丁");
        // Every squeezed byte maps back to the same byte of the source.
        for (i, _) in sq.text.char_indices() {
            let r = sq.source(i..i + 1);
            assert_eq!(t.as_bytes()[r.start], sq.text.as_bytes()[i]);
        }
        assert_eq!(sq.source(sq.text.len()..sq.text.len()), t.len()..t.len());
        assert_eq!(Squeezed::new("").text, "");
        assert_eq!(Squeezed::new(" \n").source(0..0), 2..2);
        // Control characters other than whitespace are kept; long stretches are scanned in words.
        let t = format!(
            "{}\u{1}受理 \u{3000}\u{a0}\u{3000}申请{}",
            "甲".repeat(9),
            " 乙".repeat(9)
        );
        let sq = Squeezed::new(&t);
        assert_eq!(
            sq.text,
            format!("{}\u{1}受理申请{}", "甲".repeat(9), "乙".repeat(9))
        );
        let i = sq.text.find("申请").unwrap();
        assert_eq!(&t[sq.source(i..i + "申请".len())], "申请");
    }
}
