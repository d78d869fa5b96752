//! Numbers the narrative states: "受理政府信息公开申请 21 件".

/// A number stated in the text after a keyword: its value and byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stated {
    /// The number.
    pub value: i64,
    /// Byte range of the digits in the text.
    pub range: std::ops::Range<usize>,
    /// Byte range of the keyword.
    pub keyword: std::ops::Range<usize>,
}

/// Text with its whitespace removed (pdftotext breaks lines inside words: `受理政府\n信息公开申请
/// 17 件`), and the source offset of each byte.
pub struct Squeezed {
    /// The text without whitespace.
    pub text: String,
    map: Vec<usize>,
}

impl Squeezed {
    /// Squeezes `text`.
    pub fn new(text: &str) -> Self {
        let mut out = String::with_capacity(text.len());
        let mut map = Vec::with_capacity(text.len() + 1);
        for (i, c) in text.char_indices() {
            if !c.is_whitespace() {
                out.push(c);
                map.extend((0..c.len_utf8()).map(|k| i + k));
            }
        }
        map.push(text.len());
        Squeezed { text: out, map }
    }

    /// The source range of a squeezed range.
    pub fn source(&self, r: std::ops::Range<usize>) -> std::ops::Range<usize> {
        let start = self.map[r.start.min(self.map.len() - 1)];
        let last = self.map[r.end.saturating_sub(1).min(self.map.len() - 1)];
        let end = if r.end > r.start { last + 1 } else { start };
        start..end.max(start)
    }
}

/// Every `keyword … N 件` in `text[range]`: the first number within `window` characters after the
/// keyword, when it is followed by 件 and nothing before it ends the clause.
pub fn stated(
    text: &str,
    range: std::ops::Range<usize>,
    keyword: &str,
    window: usize,
) -> Vec<Stated> {
    let hay = &text[range.clone()];
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = hay[from..].find(keyword) {
        let k = from + i;
        from = k + keyword.len();
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
        let Some(s) = start else { continue };
        let digits: String = after[s..]
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == ',')
            .collect();
        let end = s + digits.len();
        let rest = after[end..].trim_start();
        if !rest.starts_with('件') {
            continue;
        }
        if let Ok(value) = digits.replace(',', "").parse::<i64>() {
            let base = range.start + from;
            out.push(Stated {
                value,
                range: base + s..base + end,
                keyword: range.start + k..range.start + k + keyword.len(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_after_keywords() {
        let t = "全市共受理政府信息公开申请 3119 件，答复 3050 件。政府信息公开行政复议 351\n件";
        let s = stated(t, 0..t.len(), "受理政府信息公开申请", 8);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].value, 3119);
        // pdftotext wraps lines between a number and its unit.
        assert_eq!(stated(t, 0..t.len(), "行政复议", 8)[0].value, 351);
        let t = "新收政府信息公开申请25件，上年结转7件";
        assert_eq!(stated(t, 0..t.len(), "上年结转", 4)[0].value, 7);
    }
}
