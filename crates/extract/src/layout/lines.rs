//! Lines of text rebuilt from glyph positions: duplicate glyphs of fake bold dropped, glyphs
//! grouped by baseline, and each line written either compactly (a table cell) or with its
//! horizontal gaps kept as runs of spaces (`pdftotext -layout` style, so columns stay aligned).

use super::Glyph;

/// Glyphs sharing a baseline, left to right.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    /// The glyphs, sorted by `x0`.
    pub glyphs: Vec<Glyph>,
    /// Baseline of the first glyph (lines are sorted by it).
    pub base: f32,
    /// Largest font size on the line.
    pub size: f32,
}

impl Line {
    /// Left edge.
    pub fn x0(&self) -> f32 {
        self.glyphs.first().map_or(0.0, |g| g.x0)
    }

    /// Top edge (from the largest glyph).
    pub fn top(&self) -> f32 {
        self.base - self.size * ASCENT
    }

    /// Bottom edge.
    pub fn bottom(&self) -> f32 {
        self.base + self.size * (1.0 - ASCENT)
    }

    /// Vertical centre.
    pub fn middle(&self) -> f32 {
        (self.top() + self.bottom()) / 2.0
    }

    /// The text with single spaces where a space was drawn, between Latin words, and at gaps of
    /// a column or more; Chinese is written without spaces (justified gaps are dropped).
    pub fn compact(&self) -> String {
        let mut out = String::new();
        let mut prev: Option<&Glyph> = None;
        for g in &self.glyphs {
            if let Some(p) = prev
                && (g.space_before
                    || g.x0 - p.x1 > COLUMN_GAP * g.size
                    || (p.ch.is_ascii() && g.ch.is_ascii() && g.x0 - p.x1 > word_gap(p, g)))
            {
                out.push(' ');
            }
            out.push(g.ch);
            prev = Some(g);
        }
        out
    }

    /// The text with its words at the character columns their positions give (`left` is the
    /// page's left text edge, `unit` the width of one column in points): the line's indent, and
    /// each gap of a column or more (a table without borders), are runs of spaces that align
    /// with the other lines; a gap between words within a sentence is one space.
    pub fn layout(&self, left: f32, unit: f32) -> String {
        let mut out = String::new();
        let mut column = 0usize;
        let mut prev: Option<&Glyph> = None;
        for g in &self.glyphs {
            let gap = prev.map_or(f32::INFINITY, |p| g.x0 - p.x1);
            if prev.is_none() || gap > COLUMN_GAP * g.size {
                let target = ((g.x0 - left) / unit).round().max(0.0) as usize;
                let spaces = target
                    .saturating_sub(column)
                    .max(usize::from(prev.is_some()));
                out.extend(std::iter::repeat_n(' ', spaces));
                column += spaces;
            } else if let Some(p) = prev
                && (g.space_before || gap > word_gap(p, g))
            {
                out.push(' ');
                column += 1;
            }
            out.push(g.ch);
            column += 1;
            prev = Some(g);
        }
        out
    }
}

/// Share of the font size above the baseline.
const ASCENT: f32 = 0.85;
/// A horizontal gap wider than this share of the font size separates columns.
const COLUMN_GAP: f32 = 0.8;

/// The horizontal gap that separates words: a space is about a quarter of an em, while
/// justified Chinese text spreads its glyphs by up to a third of one. Between Chinese and
/// digits a quarter em is either a typed space or the spacing WPS and Word add (`2022 年`):
/// both are written as a space, as `pdftotext` does.
fn word_gap(a: &Glyph, b: &Glyph) -> f32 {
    let size = a.size.min(b.size);
    if a.ch.is_ascii() || b.ch.is_ascii() {
        0.15 * size
    } else {
        0.45 * size
    }
}

/// Drops the second drawing of a glyph at the same place (WPS fakes bold by filling, then
/// stroking the same text), keeping drawing order otherwise.
pub(crate) fn dedup(glyphs: &mut Vec<Glyph>) {
    let mut order: Vec<usize> = (0..glyphs.len()).collect();
    order.sort_by(|&a, &b| glyphs[a].x0.total_cmp(&glyphs[b].x0));
    let mut dup = vec![false; glyphs.len()];
    for (i, &a) in order.iter().enumerate() {
        if dup[a] {
            continue;
        }
        let g = glyphs[a];
        let near = 0.2 * g.size;
        for &b in &order[i + 1..] {
            let h = glyphs[b];
            if h.x0 - g.x0 > near {
                break;
            }
            if !dup[b] && h.ch == g.ch && (h.base - g.base).abs() < near {
                dup[b] = true;
            }
        }
    }
    let mut i = 0;
    glyphs.retain(|_| {
        i += 1;
        !dup[i - 1]
    });
}

/// Groups glyphs into lines: a glyph joins a line when its vertical centre lies within the
/// line's band. Lines come out top to bottom, glyphs left to right.
pub(crate) fn lines(mut glyphs: Vec<Glyph>) -> Vec<Line> {
    glyphs.sort_by(|a, b| middle(a).total_cmp(&middle(b)).then(a.x0.total_cmp(&b.x0)));
    let mut out: Vec<Line> = Vec::new();
    let mut band = f32::NEG_INFINITY;
    for g in glyphs {
        match out.last_mut() {
            Some(line) if middle(&g) - band <= 0.4 * g.size.min(line.size) => {
                line.size = line.size.max(g.size);
                line.glyphs.push(g);
            }
            _ => {
                band = middle(&g);
                out.push(Line {
                    base: g.base,
                    size: g.size,
                    glyphs: vec![g],
                });
            }
        }
    }
    for line in &mut out {
        line.glyphs.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        line.base = line.glyphs.iter().map(|g| g.base).fold(f32::MIN, f32::max);
    }
    out
}

fn middle(g: &Glyph) -> f32 {
    g.base - g.size * (ASCENT - 0.5)
}

/// Joins the lines of one table cell into one string: Chinese lines run on, Latin words that
/// were wrapped get a space.
pub(crate) fn join_cell(lines: &[Line]) -> String {
    let mut out = String::new();
    for line in lines {
        let text = line.compact();
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        if let (Some(a), Some(b)) = (out.chars().last(), text.chars().next())
            && a.is_ascii_alphanumeric()
            && b.is_ascii_alphanumeric()
        {
            out.push(' ');
        }
        out.push_str(text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyph(ch: char, x0: f32, base: f32) -> Glyph {
        let w = if ch.is_ascii() { 6.0 } else { 12.0 };
        Glyph {
            ch,
            x0,
            x1: x0 + w,
            base,
            size: 12.0,
            space_before: false,
            confidence: 100,
        }
    }

    fn word(s: &str, mut x: f32, base: f32) -> Vec<Glyph> {
        s.chars()
            .map(|c| {
                let g = glyph(c, x, base);
                x = g.x1;
                g
            })
            .collect()
    }

    #[test]
    fn fake_bold_duplicates_are_dropped() {
        let mut g = word("规章", 10.0, 100.0);
        g.extend(word("规章", 10.2, 100.1));
        g.extend(word("规", 10.0, 140.0));
        dedup(&mut g);
        assert_eq!(g.len(), 3);
    }

    #[test]
    fn lines_group_by_baseline_and_keep_columns() {
        let mut g = word("规章", 10.0, 100.0);
        g.extend(word("12", 130.0, 100.5));
        g.extend(word("行政许可", 10.0, 120.0));
        g.extend(word("3", 136.0, 120.0));
        let lines = lines(g);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].compact(), "规章 12");
        let a = lines[0].layout(10.0, 6.0);
        let b = lines[1].layout(10.0, 6.0);
        assert_eq!(a.find("12").map(|i| a[..i].chars().count() + 2), Some(22));
        assert_eq!(b.find('3').map(|i| b[..i].chars().count() + 1), Some(22));
    }

    #[test]
    fn one_character_per_line_joins_into_one_label() {
        let g: Vec<Glyph> = "三、本年度"
            .chars()
            .enumerate()
            .map(|(i, c)| glyph(c, 10.0, 100.0 + 12.0 * i as f32))
            .collect();
        let l = lines(g);
        assert_eq!(l.len(), 5);
        assert_eq!(join_cell(&l), "三、本年度");
    }
}
