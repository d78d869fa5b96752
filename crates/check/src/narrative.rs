//! Numbers the narrative states: "受理政府信息公开申请 21 件".

/// Text with its whitespace removed (pdftotext breaks lines inside words: `受理政府\n信息公开申请
/// 17 件`), and the source offset of each byte.
pub struct Squeezed {
    /// The text without whitespace.
    pub text: String,
    map: Vec<u32>,
}

impl Squeezed {
    /// Squeezes `text`.
    pub fn new(text: &str) -> Self {
        // Byte by byte: ASCII whitespace, U+3000 and U+00A0 are dropped, every other byte kept,
        // so whole characters are kept and the result stays valid UTF-8.
        let b = text.as_bytes();
        let mut out = Vec::with_capacity(b.len());
        let mut map = Vec::with_capacity(b.len() + 1);
        let mut i = 0;
        while i < b.len() {
            let skip = match b[i] {
                b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C => 1,
                0xE3 if b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0x80) => 3,
                0xC2 if b.get(i + 1) == Some(&0xA0) => 2,
                _ => 0,
            };
            if skip > 0 {
                i += skip;
                continue;
            }
            out.push(b[i]);
            map.push(i as u32);
            i += 1;
        }
        map.push(text.len() as u32);
        let text = String::from_utf8(out).unwrap_or_default();
        Squeezed { text, map }
    }

    /// The source range of a squeezed range.
    pub fn source(&self, r: std::ops::Range<usize>) -> std::ops::Range<usize> {
        let start = self.map[r.start.min(self.map.len() - 1)] as usize;
        let last = self.map[r.end.saturating_sub(1).min(self.map.len() - 1)] as usize;
        let end = if r.end > r.start { last + 1 } else { start };
        start..end.max(start)
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
    }
}
