//! Numbers the narrative states: "受理政府信息公开申请 21 件".

/// Text with its whitespace removed (pdftotext breaks lines inside words: `受理政府\n信息公开申请
/// 17 件`), and where each run of kept text came from.
pub struct Squeezed {
    /// The text without whitespace.
    pub text: String,
    /// For each run of kept text: its offset in `text` and in the source, in order (a map per
    /// run rather than per byte).
    runs: Vec<(u32, u32)>,
    /// The source's length (where an offset past the end maps to).
    source_len: usize,
}

/// Whether squeezing drops `c`: ASCII whitespace, U+3000 and U+00A0.
fn squeezed_out(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{3000}' | '\u{a0}'
    )
}

impl Squeezed {
    /// Squeezes `text`. (The narrative rule squeezes only the short windows before each 件, so
    /// a plain character loop is enough.)
    pub fn new(text: &str) -> Self {
        // The kept runs between dropped spaces are copied as `str` slices (they start and end at
        // character boundaries), so the result needs no UTF-8 revalidation.
        let mut out = String::with_capacity(text.len());
        let mut runs = Vec::new();
        let mut kept_from = 0;
        for (at, c) in text.char_indices() {
            if squeezed_out(c) {
                push_run(&mut out, &mut runs, text, kept_from..at);
                kept_from = at + c.len_utf8();
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
    let s = &text[r.clone()];
    if !s.is_empty() {
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
