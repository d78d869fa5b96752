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
    source_len: u32,
}

/// Bytes that may start whitespace to drop: ASCII whitespace, and the lead bytes of U+3000
/// (E3 80 80) and U+00A0 (C2 A0). Everything else is kept without a closer look.
const MAY_DROP: [bool; 256] = {
    let mut t = [false; 256];
    t[b' ' as usize] = true;
    t[b'\t' as usize] = true;
    t[b'\n' as usize] = true;
    t[b'\r' as usize] = true;
    t[0x0B] = true;
    t[0x0C] = true;
    t[0xE3] = true;
    t[0xC2] = true;
    t
};

impl Squeezed {
    /// Squeezes `text`.
    pub fn new(text: &str) -> Self {
        // ASCII whitespace, U+3000 and U+00A0 are dropped; the kept runs between them are copied
        // as `str` slices (they start and end at character boundaries), so the result needs no
        // UTF-8 revalidation.
        let b = text.as_bytes();
        let mut out = String::with_capacity(b.len());
        let mut runs = Vec::new();
        let mut kept_from = 0;
        let mut i = 0;
        while let Some(j) = b[i..].iter().position(|&c| MAY_DROP[c as usize]) {
            i += j;
            let drop = match b[i] {
                0xE3 if b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0x80) => 3,
                0xC2 if b.get(i + 1) == Some(&0xA0) => 2,
                0xE3 | 0xC2 => 0,
                _ => 1,
            };
            if drop == 0 {
                i += 1;
                continue;
            }
            push_run(&mut out, &mut runs, text, kept_from..i);
            i += drop;
            kept_from = i;
        }
        push_run(&mut out, &mut runs, text, kept_from..b.len());
        Squeezed {
            text: out,
            runs,
            source_len: text.len() as u32,
        }
    }

    /// The source offset of squeezed offset `at` (the source's end past the squeezed end).
    fn source_at(&self, at: usize) -> usize {
        if at >= self.text.len() {
            return self.source_len as usize;
        }
        let run = self.runs.partition_point(|&(s, _)| s as usize <= at);
        match run.checked_sub(1).and_then(|r| self.runs.get(r)) {
            Some(&(s, src)) => src as usize + (at - s as usize),
            None => self.source_len as usize,
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
    }
}
