//! Positioned text → the layout contract: the glyphs and ruling lines of pages (read from a PDF's
//! content, an OFD's page objects, or recognised in a scan) become text lines and ruled tables.
//! Ruled tables become one line per row with TAB-separated cells, merged cells as empty fields,
//! exactly like text copied out of Word; all other text becomes lines whose horizontal gaps are
//! runs of spaces, as `pdftotext -layout` writes them. Repeated page headers and footers (page
//! numbers) are dropped and a table that continues on the next page is joined to its first part
//! (on a scanned page, without the header rows it repeats there).
//!
//! Coordinates are points on the page as displayed, origin at the top left, `y` downwards.

pub(crate) mod grid;
mod lines;
mod rows;

use std::collections::{BTreeMap, BTreeSet};

use crate::builder::Builder;
use gongkai_model::source::Origin;

use lines::Line;
use rows::Field;

/// One glyph as drawn: its character and its box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Glyph {
    /// The character (a glyph mapped to several characters is split into several glyphs).
    pub ch: char,
    /// Left edge.
    pub x0: f32,
    /// Right edge (left edge plus advance).
    pub x1: f32,
    /// Baseline.
    pub base: f32,
    /// Font size in points, from the full text matrix (WPS sets `Tf 319` and scales down).
    pub size: f32,
    /// Whether a space glyph was drawn right before this one: a word break whatever the gap.
    pub space_before: bool,
    /// How sure the reader is of the character, 0–100: 100 for a text layer, the recogniser's
    /// confidence for a scan.
    pub confidence: u8,
}

/// A thin horizontal or vertical stroke or filled rectangle: a table border.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rule {
    /// Left edge.
    pub x0: f32,
    /// Top edge.
    pub y0: f32,
    /// Right edge.
    pub x1: f32,
    /// Bottom edge.
    pub y1: f32,
}

impl Rule {
    /// Whether the rule runs horizontally.
    pub fn is_horizontal(&self) -> bool {
        self.x1 - self.x0 >= self.y1 - self.y0
    }

    /// A filled box as a border: thin and long enough (WPS draws borders as thin filled
    /// rectangles), else `None` (a shape, an underline dot, a glyph part).
    pub fn from_box(x0: f64, y0: f64, x1: f64, y1: f64) -> Option<Rule> {
        let (w, h) = ((x1 - x0).abs(), (y1 - y0).abs());
        let thin = w.min(h) <= MAX_RULE_WIDTH;
        let long = w.max(h) >= MIN_RULE_LENGTH;
        (thin && long && [x0, y0, x1, y1].iter().all(|v| v.is_finite())).then_some(Rule {
            x0: x0.min(x1) as f32,
            y0: y0.min(y1) as f32,
            x1: x0.max(x1) as f32,
            y1: y0.max(y1) as f32,
        })
    }

    /// A stroked straight segment from `a` to `b`, `half` its half width, as a border when it
    /// is horizontal or vertical.
    pub fn from_segment(a: (f64, f64), b: (f64, f64), half: f64) -> Option<Rule> {
        if (a.1 - b.1).abs() < 0.5 {
            let y = (a.1 + b.1) / 2.0;
            Rule::from_box(a.0.min(b.0), y - half, a.0.max(b.0), y + half)
        } else if (a.0 - b.0).abs() < 0.5 {
            let x = (a.0 + b.0) / 2.0;
            Rule::from_box(x - half, a.1.min(b.1), x + half, a.1.max(b.1))
        } else {
            None
        }
    }
}

/// Wider than this (points) a filled rectangle is a shape, not a border.
const MAX_RULE_WIDTH: f64 = 3.0;
/// Shorter than this (points) a line is an underline dot or a glyph part, not a border.
const MIN_RULE_LENGTH: f64 = 4.0;

/// One page laid out: text lines and tables, top to bottom.
pub(crate) struct Page {
    width: f32,
    height: f32,
    blocks: Vec<Block>,
}

enum Block {
    Line(Line),
    /// A ruled table: its top edge and its rows.
    Table(f32, Vec<Vec<Field>>),
}

impl Block {
    fn top(&self) -> f32 {
        match self {
            Block::Line(l) => l.top(),
            Block::Table(top, _) => *top,
        }
    }
}

impl Page {
    /// Lays out a page `width` × `height` points from what it draws (fake-bold duplicates of
    /// glyphs are dropped here).
    pub fn new(width: f32, height: f32, mut glyphs: Vec<Glyph>, rules: &[Rule]) -> Page {
        lines::dedup(&mut glyphs);
        let tables = grid::tables(rules);
        let mut inside: Vec<Vec<Vec<Glyph>>> = tables
            .iter()
            .map(|t| vec![Vec::new(); t.cells.len()])
            .collect();
        let mut outside = Vec::new();
        for g in glyphs {
            let (x, y) = ((g.x0 + g.x1) / 2.0, g.base - g.size * 0.35);
            match tables
                .iter()
                .enumerate()
                .find_map(|(i, t)| Some((i, t.locate(x, y)?)))
            {
                Some((t, cell)) => inside[t][cell].push(g),
                None => outside.push(g),
            }
        }
        let mut blocks: Vec<Block> = lines::lines(outside).into_iter().map(Block::Line).collect();
        for (table, cells) in tables.iter().zip(inside) {
            let rows = rows::rows(table, cells);
            // A ruled frame without text (a box, a signature line) is no table.
            if !rows.is_empty() {
                blocks.push(Block::Table(table.top(), rows));
            }
        }
        blocks.sort_by(|a, b| a.top().total_cmp(&b.top()));
        Page {
            width,
            height,
            blocks,
        }
    }
}

/// Drops page numbers and the lines that repeat at the top or bottom of most pages. Only the
/// outermost two lines at each end of a page, inside its top or bottom margin, are candidates:
/// a row of values near the bottom of a page is not a page number. A bare number (`3`) counts
/// as a page number only when the numbers of several pages follow the page order.
fn drop_running_lines(pages: &mut [Page]) {
    let key = |l: &Line| -> String {
        l.glyphs
            .iter()
            .map(|g| if g.ch.is_ascii_digit() { '#' } else { g.ch })
            .collect()
    };
    let candidates: Vec<Vec<usize>> = pages.iter().map(margin_lines).collect();
    let line = |p: &Page, i: usize| match &p.blocks[i] {
        Block::Line(l) => Some(l.clone()),
        Block::Table(..) => None,
    };
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut offsets: BTreeMap<i64, usize> = BTreeMap::new();
    for (n, (p, idx)) in pages.iter().zip(&candidates).enumerate() {
        let lines: Vec<Line> = idx.iter().filter_map(|&i| line(p, i)).collect();
        // A bare number is judged by the page order below, not by repeating.
        let keys: BTreeSet<String> = lines
            .iter()
            .filter(|l| !matches!(page_number(&l.compact()), Some(PageNumber::Bare(_))))
            .map(key)
            .collect();
        for k in keys {
            *counts.entry(k).or_default() += 1;
        }
        let bare: BTreeSet<i64> = lines
            .iter()
            .filter(|l| placed_like_a_page_number(p.width, l))
            .filter_map(|l| match page_number(&l.compact()) {
                Some(PageNumber::Bare(v)) => Some(v - n as i64),
                _ => None,
            })
            .collect();
        for o in bare {
            *offsets.entry(o).or_default() += 1;
        }
    }
    let n = pages.len();
    counts.retain(|_, c| n >= 2 && *c * 2 > n);
    let offset = offsets
        .iter()
        .filter(|&(_, &c)| c >= 2)
        .max_by_key(|&(_, &c)| c)
        .map(|(&o, _)| o);
    for (number, (p, idx)) in pages.iter_mut().zip(candidates).enumerate() {
        let width = p.width;
        let mut i = 0;
        p.blocks.retain(|b| {
            i += 1;
            let Block::Line(l) = b else { return true };
            if !idx.contains(&(i - 1)) {
                return true;
            }
            let drop = match page_number(&l.compact()) {
                Some(PageNumber::Marked) => true,
                Some(PageNumber::Bare(v)) => {
                    offset == Some(v - number as i64) && placed_like_a_page_number(width, l)
                }
                None => counts.contains_key(&key(l)),
            };
            !drop
        });
    }
}

/// Centred, or at the outer edge: where page numbers are printed (values sit in columns).
fn placed_like_a_page_number(width: f32, l: &Line) -> bool {
    let x1 = l.glyphs.last().map_or(0.0, |g| g.x1);
    let centre = (l.x0() + x1) / 2.0;
    (centre - width / 2.0).abs() < width * 0.1 || x1 > width * 0.85
}

/// The indices of the first two and last two blocks of a page that are lines in its top or
/// bottom margin (stopping at the first block that is not).
fn margin_lines(p: &Page) -> Vec<usize> {
    let in_top = |b: &Block| matches!(b, Block::Line(l) if l.bottom() < p.height * 0.12);
    let in_bottom = |b: &Block| matches!(b, Block::Line(l) if l.top() > p.height * 0.86);
    let n = p.blocks.len();
    let mut out: Vec<usize> = (0..n.min(2))
        .take_while(|&i| in_top(&p.blocks[i]))
        .collect();
    out.extend(
        (n.saturating_sub(2)..n)
            .rev()
            .take_while(|&i| in_bottom(&p.blocks[i])),
    );
    out
}

/// What a line alone in a page margin says about being a page number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PageNumber {
    /// Marked as one: `-3-`, `— 3 —`, `第 3 页`, `第3页 共5页`, `共5页 第3页`, `3/5`.
    Marked,
    /// A bare number, which may also be a value.
    Bare(i64),
}

fn page_number(text: &str) -> Option<PageNumber> {
    let s: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let number = |t: &str| (1..=4).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit());
    let dashes: &[char] = &['-', '—', '–', '－', '_', '·', '•'];
    let inner = s.trim_matches(dashes);
    if number(inner) {
        return Some(if inner.len() == s.len() {
            PageNumber::Bare(inner.parse().ok()?)
        } else {
            PageNumber::Marked
        });
    }
    if let Some((a, b)) = s.split_once('/') {
        return (number(a) && number(b)).then_some(PageNumber::Marked);
    }
    // 第N页, 共M页, in either order, at least one of them.
    let mut rest = s.as_str();
    while !rest.is_empty() {
        let after = rest
            .strip_prefix('第')
            .or_else(|| rest.strip_prefix('共'))?;
        let end = after.find('页')?;
        if !number(&after[..end]) {
            return None;
        }
        rest = &after[end + '页'.len_utf8()..];
    }
    (!s.is_empty()).then_some(PageNumber::Marked)
}

/// A written line or table cell, for the reader to name as an [`Origin`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Place {
    /// 1-based page number.
    pub page: u32,
    /// Where the line starts, or the cell's top left corner (points from the page's top left).
    pub x: f32,
    /// See `x`.
    pub y: f32,
    /// The box of its glyphs `[x0, y0, x1, y1]` (points; the place itself when it has none).
    pub bbox: [f32; 4],
    /// The lowest confidence of its digits (of all its glyphs when it has no digit).
    pub confidence: u8,
}

impl Place {
    fn new(page: u32, x: f32, y: f32, glyphs: &[Glyph]) -> Place {
        let mut bbox = [x, y, x, y];
        if let Some(first) = glyphs.first() {
            bbox = [first.x0, first.base, first.x1, first.base];
        }
        for g in glyphs {
            bbox = [
                bbox[0].min(g.x0),
                bbox[1].min(g.base - g.size * 0.85),
                bbox[2].max(g.x1),
                bbox[3].max(g.base + g.size * 0.15),
            ];
        }
        let confidence = glyphs
            .iter()
            .filter(|g| g.ch.is_ascii_digit())
            .map(|g| g.confidence)
            .min()
            .or_else(|| glyphs.iter().map(|g| g.confidence).min())
            .unwrap_or(100);
        Place {
            page,
            x,
            y,
            bbox,
            confidence,
        }
    }
}

/// Writes the pages: running headers and page numbers dropped, lines as text, tables as
/// TAB-separated rows; a table that ends one page and starts the next is written as one.
/// `origin` names each line's and cell's [`Place`].
pub(crate) fn write(mut pages: Vec<Page>, b: &mut Builder, origin: impl Fn(&Place) -> Origin) {
    drop_running_lines(&mut pages);
    let pages = &pages[..];
    let (left, unit) = metrics(pages);
    let mut after_table = false;
    // The first rows of the last table begun, to know them again where a scan repeats them.
    let mut head: Vec<String> = Vec::new();
    for (n, page) in pages.iter().enumerate() {
        let number = n as u32 + 1;
        let scanned = recognised(page);
        let mut prev_line: Option<&Line> = None;
        for (i, block) in page.blocks.iter().enumerate() {
            match block {
                Block::Line(l) => {
                    if after_table {
                        b.blank_line();
                        after_table = false;
                    } else if let Some(p) = prev_line
                        && l.top() - p.bottom() > 1.2 * l.size.max(p.size)
                    {
                        b.blank_line();
                    }
                    b.paragraph(
                        &l.layout(left, unit),
                        origin(&Place::new(number, l.x0(), l.top(), &l.glyphs)),
                    );
                    prev_line = Some(l);
                }
                Block::Table(_, rows) => {
                    // Continuation: the previous page ended with a table and this one starts
                    // with one. Otherwise a table is its own block.
                    let continues = after_table && i == 0;
                    if !continues {
                        b.blank_line();
                        head = rows.iter().take(HEAD_ROWS).map(|r| row_text(r)).collect();
                    }
                    // The header rows a continued table repeats on a scanned page are left out:
                    // recognised again they read a little differently, and a reader would take
                    // the second header, misread less, for the table's start.
                    let mut skip = 0;
                    if continues && scanned {
                        while skip < rows.len().min(head.len())
                            && !rows[skip].iter().any(|f| is_number(&f.text))
                            && similar(&row_text(&rows[skip]), &head[skip])
                        {
                            skip += 1;
                        }
                    }
                    for row in &rows[skip..] {
                        b.row(row.iter().map(|f| {
                            (
                                f.text.as_str(),
                                origin(&Place::new(number, f.x, f.y, &f.glyphs)),
                            )
                        }));
                    }
                    after_table = true;
                    prev_line = None;
                }
            }
        }
    }
    b.blank_line();
}

/// Header rows of a table looked for again at the top of its continuation.
const HEAD_ROWS: usize = 4;

/// Whether the page was recognised from an image (its glyphs carry a recogniser's confidence).
fn recognised(page: &Page) -> bool {
    page.blocks.iter().any(|b| match b {
        Block::Line(l) => l.glyphs.iter().any(|g| g.confidence < 100),
        Block::Table(_, rows) => rows
            .iter()
            .flatten()
            .any(|f| f.glyphs.iter().any(|g| g.confidence < 100)),
    })
}

/// The text of a table row, its cells run together.
fn row_text(row: &[Field]) -> String {
    row.iter().map(|f| f.text.as_str()).collect()
}

/// A cell text that is a number.
fn is_number(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || ".,-%".contains(c))
}

/// Whether two recognitions of a row are the same row: at least four in five of the
/// characters of the longer are found in the other.
fn similar(a: &str, b: &str) -> bool {
    let mut counts: std::collections::HashMap<char, i32> = std::collections::HashMap::new();
    let a: Vec<char> = a.chars().filter(|c| !c.is_whitespace()).collect();
    let b: Vec<char> = b.chars().filter(|c| !c.is_whitespace()).collect();
    for &c in &a {
        *counts.entry(c).or_default() += 1;
    }
    let mut common = 0;
    for c in &b {
        if let Some(n) = counts.get_mut(c)
            && *n > 0
        {
            *n -= 1;
            common += 1;
        }
    }
    let longer = a.len().max(b.len());
    longer > 0 && common * 5 >= longer * 4
}

/// The left text edge of the document and the width of one layout column: half the most
/// common font size (a Chinese glyph takes two columns, a digit one).
fn metrics(pages: &[Page]) -> (f32, f32) {
    let mut left = f32::MAX;
    let mut sizes: Vec<u32> = Vec::new();
    for p in pages {
        for b in &p.blocks {
            if let Block::Line(l) = b {
                left = left.min(l.x0());
                sizes.extend(l.glyphs.iter().map(|g| g.size.round() as u32));
            }
        }
    }
    sizes.sort_unstable();
    let mut best = (0usize, 12u32);
    let mut i = 0;
    while i < sizes.len() {
        let j = sizes[i..]
            .iter()
            .position(|&s| s != sizes[i])
            .map_or(sizes.len(), |k| i + k);
        if j - i > best.0 {
            best = (j - i, sizes[i]);
        }
        i = j;
    }
    let left = if left == f32::MAX { 0.0 } else { left };
    (left, (best.1 as f32 / 2.0).max(1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers() {
        for s in [
            "-3-",
            "— 3 —",
            "- 12 -",
            "第 3 页",
            "第3页 共5页",
            "共5页第3页",
            "3/5",
        ] {
            assert_eq!(page_number(s), Some(PageNumber::Marked), "{s}");
        }
        assert_eq!(page_number(" 12 "), Some(PageNumber::Bare(12)));
        for s in [
            "0 0 0 0 0 0 0",
            "规章 3",
            "",
            "一、总体情况",
            "3/",
            "第页",
            "12345",
        ] {
            assert_eq!(page_number(s), None, "{s}");
        }
    }

    #[test]
    fn a_header_recognised_twice_is_the_same_row_and_values_are_not_headers() {
        assert!(similar(
            "(本列数据的勾稽关系为:第一项加第二项之和)申请人情况",
            "(本列数据的色稽关系为;第一项加第二项之和)申人请情况"
        ));
        assert!(!similar("商业企业科研机构其他", "本年度办理结果予以公开"));
        assert!(!similar("", ""));
        assert!(is_number("25") && is_number(" 1,286 ") && !is_number("总计") && !is_number(""));
    }
}
