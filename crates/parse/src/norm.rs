//! Normalised text with a map back to source offsets, for searching labels in run-together text.

use std::ops::Range;

use gongkai_model::labels::normalize_char;
use gongkai_model::{Cell, Diagnostic, Label, Severity, SourceId, Span, Text};

use crate::runs::Split;

/// A normalised copy of a stretch of source text.
pub struct Normalized {
    /// The normalised text (see `normalize_char`), except that spaces are kept as ' ' so that
    /// run-together cells keep their boundaries.
    pub text: String,
    /// For each byte of `text`, the source offset of the character it came from; one extra entry
    /// for the end.
    map: Vec<usize>,
}

impl Normalized {
    /// Normalises `range` of `source`.
    pub fn new(source: &str, range: Range<usize>) -> Self {
        let mut text = String::with_capacity(range.len());
        let mut map = Vec::with_capacity(range.len() + 1);
        for (i, c) in source[range.clone()].char_indices() {
            let at = range.start + i;
            let n = if c.is_whitespace() {
                Some(' ')
            } else {
                normalize_char(c)
            };
            if let Some(n) = n {
                if n == ' ' && text.ends_with(' ') {
                    continue;
                }
                let before = text.len();
                text.push(n);
                map.extend(std::iter::repeat_n(at, text.len() - before));
            }
        }
        map.push(range.end);
        Normalized { text, map }
    }

    /// The source offset of normalised byte `i`.
    pub fn source(&self, i: usize) -> usize {
        self.map[i.min(self.map.len() - 1)]
    }

    /// The source range of normalised range `r`.
    pub fn source_range(&self, r: Range<usize>) -> Range<usize> {
        let start = self.source(r.start);
        let end = if r.end == 0 {
            start
        } else {
            self.end_of(r.end - 1)
        };
        start..end.max(start)
    }

    /// The source offset just past the character at normalised byte `i`.
    fn end_of(&self, i: usize) -> usize {
        let start = self.source(i);
        let mut j = i + 1;
        while j < self.map.len() - 1 && self.map[j] == start {
            j += 1;
        }
        if j >= self.map.len() - 1 {
            return *self.map.last().unwrap_or(&start);
        }
        self.map[j]
    }
}

/// The first stretch of run-together cell text in `s` (digits, spaces, signs, decimal points,
/// and a trailing 元/万元), as a byte range of `s`, trimmed of spaces.
pub fn first_run(s: &str) -> Option<Range<usize>> {
    let b = s.as_bytes();
    let start = b.iter().position(|c| c.is_ascii_digit())?;
    let mut start = start;
    if start > 0 && matches!(b[start - 1], b'-' | b'+') {
        start -= 1;
    }
    let mut end = start;
    while end < b.len()
        && (b[end].is_ascii_digit() || matches!(b[end], b' ' | b'.' | b'-' | b'+' | b','))
    {
        end += 1;
    }
    // `…00000005.属于三类…`: a number never ends with '.', so the digit before a '.' that is
    // not followed by a digit is the numbering of the next label.
    if end > start
        && b[end - 1] == b'.'
        && !b.get(end).is_some_and(u8::is_ascii_digit)
        && end - start >= 2
        && b[end - 2].is_ascii_digit()
    {
        end -= 2;
        return Some(start..start + s[start..end].trim_end().len());
    }
    let rest = &s[end..];
    if rest.starts_with("万元") {
        end += "万元".len();
    } else if rest.starts_with('元') {
        end += '元'.len_utf8();
    }
    let run = &s[start..end];
    let trimmed = run.trim_end_matches([' ', '.', ',']);
    Some(start..start + trimmed.len())
}

impl Normalized {
    /// The cells of a chosen split of the run at `run` (normalised range), spanned in the source.
    pub fn split_cells(&self, run: &Range<usize>, split: &Split, source: SourceId) -> Vec<Cell> {
        split
            .iter()
            .map(|(v, r)| {
                let s = self.source_range(run.start + r.start..run.start + r.end);
                Cell {
                    value: v.clone(),
                    span: Span::new(source, s.start, s.end),
                }
            })
            .collect()
    }
}

/// The finding for digits that run together and do not split in exactly one way. `what` says
/// which row or table, `(zh, en)`; `text` is the source text, `src` the run's source range.
pub fn ambiguous_split(
    text: &str,
    src: Range<usize>,
    source: SourceId,
    what: (&str, &str),
    splits: usize,
) -> Diagnostic {
    let run = &text[src.clone()];
    let (zh, en) = match splits {
        0 => (
            "没有一种拆法符合列数和勾稽关系".to_string(),
            "no split fits the columns and the identities".to_string(),
        ),
        n => (
            format!("可拆分为 {n} 种，无法确定"),
            format!("it splits {n} ways"),
        ),
    };
    Diagnostic::new(
        gongkai_model::Code::AmbiguousSplit,
        Severity::Warning,
        Text::new(
            format!("{}的数字连在一起（{run}），{zh}，未读入", what.0),
            format!(
                "{}: the digits run together ({run}); {en}; left unresolved",
                what.1
            ),
        ),
        Label::new(
            Span::new(source, src.start, src.end),
            Text::new("连在一起的数字", "digits run together"),
        ),
    )
    .with_help(Text::new(
        "请对照原始网页或文件核对",
        "check it against the original page or file",
    ))
}
