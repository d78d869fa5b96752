//! Table rows out of text in every layout real reports come in: tab-separated rows, one cell per
//! line (Word copies), pipe tables, pandoc's simple and multiline tables (columns marked by a rule
//! of dashes), and columns aligned with spaces (`pdftotext -layout`/`-raw`).

use std::ops::Range;

use gongkai_model::Value;

use crate::token::{Piece, classify, is_page_footer, strip_artifacts};

/// One cell of a row: its byte range in the source text and what it holds.
#[derive(Debug, Clone)]
pub struct RowCell {
    /// Byte range of the cell text (trimmed).
    pub range: Range<usize>,
    /// Value or text.
    pub piece: Piece,
    /// Character column where the cell ends on its line (for space-aligned layouts).
    pub column: usize,
}

/// How a row was delimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// Cells separated by TAB or `|`, or one cell per line: empty cells are real, positions count.
    Delimited,
    /// Words separated by spaces: empty cells are invisible.
    Spaced,
    /// Cut at the columns of a pandoc table (Markdown or plain text of an HTML or DOCX table): an
    /// empty column is a blank cell. Pandoc drops the columns a merged cell spans, so a row's cells
    /// may start one column early and end before the table's last column: the row's values are
    /// found by where its filled cells are (see `fit`).
    Columns,
}

impl RowKind {
    /// Whether empty cells are visible (a row of blanks is a row).
    pub fn keeps_blanks(self) -> bool {
        self != RowKind::Spaced
    }
}

/// A table row candidate: a line, or a block of one-cell lines.
#[derive(Debug, Clone)]
pub struct Row {
    /// The cells in order.
    cells: Vec<RowCell>,
    /// Index of the first cell of the trailing run of values (see [`Row::value_start`]); kept
    /// up to date by [`Row::seal`], as it is asked for many times per row.
    value_start: usize,
    /// How many of the trailing values are not blank.
    filled: usize,
    /// How the cells were delimited.
    pub kind: RowKind,
    /// Byte range of the whole row.
    pub range: Range<usize>,
    /// True when a blank line comes right before this row.
    pub blank_before: bool,
}

impl Row {
    fn new(cells: Vec<RowCell>, kind: RowKind, range: Range<usize>, blank_before: bool) -> Row {
        let mut row = Row {
            cells,
            value_start: 0,
            filled: 0,
            kind,
            range,
            blank_before,
        };
        row.seal();
        row
    }

    /// Recomputes what is derived from the cells, after they changed.
    fn seal(&mut self) {
        let mut i = self.cells.len();
        while i > 0 && matches!(self.cells[i - 1].piece, Piece::Value(_)) {
            i -= 1;
        }
        self.value_start = i;
        self.filled = self.cells[i..]
            .iter()
            .filter(|c| !matches!(c.piece, Piece::Value(Value::Blank)))
            .count();
    }

    /// Every cell, in order.
    pub fn cells(&self) -> &[RowCell] {
        &self.cells
    }

    /// Index of the first cell of the trailing run of values (numbers, marks, blanks).
    pub fn value_start(&self) -> usize {
        self.value_start
    }

    /// The trailing values.
    pub fn values(&self) -> &[RowCell] {
        &self.cells[self.value_start..]
    }

    /// How many trailing values are numbers or marks (not blank).
    pub fn filled_values(&self) -> usize {
        self.filled
    }

    /// The text cells before the values.
    pub fn label_cells(&self) -> impl Iterator<Item = &RowCell> {
        self.cells[..self.value_start()]
            .iter()
            .filter(|c| c.piece == Piece::Text)
    }

    /// Byte range covering the label cells, if any.
    pub fn label_range(&self) -> Option<Range<usize>> {
        let mut it = self.label_cells();
        let first = it.next()?;
        let last = it.last().unwrap_or(first);
        Some(first.range.start..last.range.end)
    }

    /// The label text, normalised for matching, into `buf` (cleared first): one buffer serves
    /// every row of a table.
    pub fn label_into(&self, text: &str, buf: &mut String) {
        buf.clear();
        for c in self.label_cells() {
            gongkai_model::labels::push_normalized(buf, &text[c.range.clone()]);
        }
    }
}

/// Splits `range` of `text` into rows.
pub fn rows(text: &str, range: Range<usize>) -> Vec<Row> {
    let mut out = Vec::new();
    // Words of a spaced row are gathered here, then copied into a row of the exact size.
    let mut words: Vec<RowCell> = Vec::new();
    let mut block: Option<Row> = None;
    let mut blank_before = false;
    let mut in_cell_block = false;
    // The display columns where the cells of the pandoc table being read start.
    let mut table: Option<Vec<usize>> = rule_before(text, range.start);
    let mut pos = range.start;
    while pos < range.end {
        let line_end =
            memchr::memchr(b'\n', &text.as_bytes()[pos..range.end]).map_or(range.end, |i| pos + i);
        let line = &text[pos..line_end];
        let start = pos;
        pos = line_end + 1;
        let trimmed = line.trim_end_matches(['\r', ' ', '\u{3000}']);
        if is_blank(trimmed) && !trimmed.starts_with('\t') {
            flush(&mut block, &mut out);
            in_cell_block = false;
            blank_before = true;
            continue;
        }
        if let Some(starts) = column_rule(trimmed) {
            // A rule under a header opens the table; the same rule again closes a table
            // without a header.
            flush(&mut block, &mut out);
            in_cell_block = false;
            table = if table.as_ref() == Some(&starts) {
                None
            } else {
                Some(starts)
            };
            continue;
        }
        if table.is_some() && (is_dash_line(trimmed) || !trimmed.starts_with(' ')) {
            // The closing rule of a multiline table, or text after a table.
            table = None;
            if is_dash_line(trimmed) {
                continue;
            }
        }
        if is_page_footer(trimmed) {
            continue;
        }
        let tabs = memchr::memchr_iter(b'\t', trimmed.as_bytes()).count();
        let one_cell = trimmed.starts_with('\t') && tabs == 1;
        if one_cell {
            let b = block.get_or_insert_with(|| {
                Row::new(
                    Vec::with_capacity(8),
                    RowKind::Delimited,
                    start..start,
                    std::mem::take(&mut blank_before),
                )
            });
            let cell_start = start + 1;
            b.cells
                .push(cell(text, cell_start..start + trimmed.len(), 0));
            b.range.end = start + trimmed.len();
            in_cell_block = true;
            continue;
        }
        if in_cell_block && tabs == 0 {
            // A cell broken over lines (`本年新\n制作数量`): extend the last cell.
            if let Some(b) = block.as_mut()
                && let Some(last) = b.cells.last_mut()
            {
                let end = start + trimmed.len();
                *last = cell(text, last.range.start..end, 0);
                b.range.end = end;
                continue;
            }
        }
        flush(&mut block, &mut out);
        in_cell_block = false;
        let before = std::mem::take(&mut blank_before);
        let row = if let Some(starts) = table.as_deref().filter(|_| tabs == 0) {
            split_columns(text, start, trimmed, starts)
        } else if tabs > 0 {
            split_delimited(text, start, trimmed, b'\t')
        } else if is_pipe_row(trimmed) {
            match split_pipe(text, start, trimmed) {
                Some(r) => r,
                None => continue,
            }
        } else {
            split_spaced(text, start, trimmed, &mut words)
        };
        out.push(Row {
            blank_before: before,
            ..row
        });
    }
    flush(&mut block, &mut out);
    out
}

/// True when a line holds nothing but whitespace and conversion artifacts.
fn is_blank(line: &str) -> bool {
    // Layout text indents with runs of spaces: skipped as bytes first.
    let line = line.trim_start_matches(' ');
    // Most lines open with a character that is neither: decided without `strip_artifacts`.
    match line.chars().next() {
        None => true,
        Some(c) if c.is_whitespace() || matches!(c, '[' | '&' | '\u{200B}' | '\u{FEFF}') => {
            strip_artifacts(line).is_empty()
        }
        Some(_) => false,
    }
}

fn flush(block: &mut Option<Row>, out: &mut Vec<Row>) {
    if let Some(mut b) = block.take() {
        b.seal();
        out.push(b);
    }
}

fn cell(text: &str, range: Range<usize>, column: usize) -> RowCell {
    let raw = &text[range.clone()];
    let trimmed = raw.trim();
    // Where the trimmed text starts inside `raw` (it is a subslice of it); a blank cell is
    // placed at its end, as `trim_start` would.
    let lead = if trimmed.is_empty() {
        raw.len()
    } else {
        trimmed.as_ptr() as usize - raw.as_ptr() as usize
    };
    let start = range.start + lead;
    RowCell {
        range: start..start + trimmed.len(),
        piece: classify(trimmed),
        column,
    }
}

/// A cell whose text holds no whitespace (a word of a spaced row): nothing to trim.
fn word(text: &str, range: Range<usize>, column: usize) -> RowCell {
    RowCell {
        piece: classify(&text[range.clone()]),
        range,
        column,
    }
}

/// Adds a word to a spaced row; a currency unit set apart from its amount (`382.5 万元`, as
/// text positioned glyph by glyph comes out) belongs to the amount's cell.
fn push_word(cells: &mut Vec<RowCell>, text: &str, range: Range<usize>, column: usize) {
    if matches!(&text[range.clone()], "万元" | "元")
        && let Some(last) = cells.last_mut()
        && text[last.range.clone()]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
    {
        let merged = last.range.start..range.end;
        *last = RowCell {
            piece: classify(&text[merged.clone()]),
            range: merged,
            column,
        };
        return;
    }
    cells.push(word(text, range, column));
}

/// Fields separated by the ASCII byte `delim` (TAB or `|`).
fn split_delimited(text: &str, start: usize, line: &str, delim: u8) -> Row {
    let mut cells = Vec::with_capacity(memchr::memchr_iter(delim, line.as_bytes()).count() + 1);
    let mut at = start;
    // A byte loop: fields are short, and a `memchr` call per field costs more than it saves.
    for field in line.as_bytes().split(|&b| b == delim) {
        cells.push(cell(text, at..at + field.len(), 0));
        at += field.len() + 1;
    }
    Row::new(cells, RowKind::Delimited, start..start + line.len(), false)
}

fn is_pipe_row(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('|') && t.matches('|').count() >= 2
}

/// A Markdown or pipe-delimited row; `None` for a `|---|---|` separator row.
fn split_pipe(text: &str, start: usize, line: &str) -> Option<Row> {
    let lead = line.len() - line.trim_start().len();
    let body = line.trim();
    let inner_start = start + lead + 1;
    let inner = body[1..].strip_suffix('|').unwrap_or(&body[1..]);
    if inner
        .chars()
        .all(|c| matches!(c, '-' | ':' | '|' | ' ' | '\t'))
    {
        return None;
    }
    Some(split_delimited(text, inner_start, inner, b'|'))
}

/// Words separated by whitespace; each word remembers the character column where it ends.
fn split_spaced(text: &str, start: usize, line: &str, cells: &mut Vec<RowCell>) -> Row {
    cells.clear();
    let mut word_start: Option<usize> = None;
    let bytes = line.as_bytes();
    let (mut i, mut column) = (0, 0);
    // Walked byte by byte: most characters are ASCII or ideographs, told apart from
    // whitespace by their first byte; only the rare others are decoded. Layout text pads its
    // columns with long runs of spaces, skipped at once.
    while i < bytes.len() {
        let b = bytes[i];
        let (space, len) = if b == b' ' {
            (true, bytes[i..].iter().take_while(|&&b| b == b' ').count())
        } else {
            char_space(line, i, b)
        };
        if space {
            if let Some(ws) = word_start.take() {
                push_word(cells, text, start + ws..start + i, column);
            }
            column += if b == b' ' { len } else { 1 };
        } else {
            if word_start.is_none() {
                word_start = Some(i);
            }
            column += 1;
        }
        i += len;
    }
    // The end of the line ends the last word.
    if let Some(ws) = word_start {
        push_word(cells, text, start + ws..start + bytes.len(), column);
    }
    // Moved into a vector of the exact size; the buffer keeps its capacity for the next line.
    let mut exact = Vec::with_capacity(cells.len());
    exact.append(cells);
    Row::new(exact, RowKind::Spaced, start..start + line.len(), false)
}

/// The display columns where each column starts, when `line` is the rule of dashes under a pandoc
/// table's header (`  -----  ------ ---`): at least two runs of three or more dashes, nothing else.
fn column_rule(line: &str) -> Option<Vec<usize>> {
    let body = line.trim_start_matches(' ');
    if !body.starts_with("---") || !body.bytes().all(|b| b == b'-' || b == b' ') {
        return None;
    }
    let mut starts = Vec::new();
    let mut at = line.len() - body.len();
    for run in body.split(' ') {
        if !run.is_empty() {
            if run.len() < 3 {
                return None;
            }
            starts.push(at);
        }
        at += run.len() + 1;
    }
    (starts.len() >= 2).then_some(starts)
}

/// The columns of a pandoc table whose rule comes right before `at` (a region that starts at a
/// table's first row), over blank lines.
fn rule_before(text: &str, at: usize) -> Option<Vec<usize>> {
    text[..at]
        .lines()
        .rev()
        .map(|l| l.trim_end_matches(['\r', ' ']))
        .find(|l| !l.is_empty())
        .and_then(column_rule)
}

/// A line of one run of dashes: the top or bottom border of a pandoc multiline table.
fn is_dash_line(line: &str) -> bool {
    let body = line.trim_start_matches(' ');
    body.len() >= 3 && body.bytes().all(|b| b == b'-')
}

/// How many columns a character takes in a monospaced rendering (pandoc's measure): two for the
/// wide and full-width characters of East Asian scripts, one for the rest.
fn display_width(c: char) -> usize {
    match c as u32 {
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD => 2,
        _ => 1,
    }
}

/// A line of a pandoc table cut at its columns (`starts`, display columns): each word goes to the
/// column it starts in, the words of one column make one cell, a column without words is a blank
/// cell (placed where the column starts, or at the end of the line).
fn split_columns(text: &str, start: usize, line: &str, starts: &[usize]) -> Row {
    let mut cells: Vec<Option<Range<usize>>> = vec![None; starts.len()];
    // Byte offset where each column starts on this line (the line's end when it is shorter).
    let mut at = vec![line.len(); starts.len()];
    let mut column = 0;
    let mut word: Option<(usize, usize)> = None; // (byte start, column index)
    let column_of = |display: usize| starts.iter().rposition(|&s| s <= display).unwrap_or(0);
    let mut next = 0;
    for (i, c) in line.char_indices() {
        while next < starts.len() && starts[next] <= column {
            at[next] = i;
            next += 1;
        }
        if c.is_whitespace() {
            if let Some((ws, k)) = word.take() {
                extend(&mut cells[k], ws..i);
            }
        } else if word.is_none() {
            word = Some((i, column_of(column)));
        }
        column += display_width(c);
    }
    if let Some((ws, k)) = word {
        extend(&mut cells[k], ws..line.len());
    }
    let cells = cells
        .into_iter()
        .zip(at)
        .enumerate()
        .map(|(k, (r, at))| {
            let r = r.unwrap_or(at..at);
            cell(text, start + r.start..start + r.end, k)
        })
        .collect();
    Row::new(cells, RowKind::Columns, start..start + line.len(), false)
}

/// Widens the range of a cell's words to take in one more word.
fn extend(cell: &mut Option<Range<usize>>, word: Range<usize>) {
    *cell = Some(match cell.take() {
        Some(r) => r.start..word.end,
        None => word,
    });
}

/// Whether the character starting at byte `i` of `line` (whose first byte is `b`) is
/// whitespace (as `char::is_whitespace`), and its length in bytes.
fn char_space(line: &str, i: usize, b: u8) -> (bool, usize) {
    match b {
        b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r' => (true, 1),
        0x00..=0x7F => (false, 1),
        // U+4000..U+FFFF and the supplementary planes hold no whitespace.
        0xE4..=0xEF => (false, 3),
        0xF0..=0xF7 => (false, 4),
        _ => {
            let c = line[i..].chars().next().unwrap_or(' ');
            (c.is_whitespace(), c.len_utf8())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<Vec<String>> {
        rows(text, 0..text.len())
            .iter()
            .map(|r| {
                r.values()
                    .iter()
                    .map(|c| text[c.range.clone()].to_string())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn tab_rows_keep_blank_cells() {
        let t = "规章\t0\t\t\n行政许可\t168\t66\t234\n";
        assert_eq!(values(t), vec![vec!["0", "", ""], vec!["168", "66", "234"]]);
    }

    #[test]
    fn one_cell_per_line_blocks() {
        let t = "\t规章\n\t0\n\t\n\t3\n\n\t本年新\n制作数量\n\t对外\n";
        let r = rows(t, 0..t.len());
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].values().len(), 3);
        assert_eq!(r[1].cells.len(), 2);
        assert_eq!(&t[r[1].cells[0].range.clone()], "本年新\n制作数量");
    }

    #[test]
    fn a_unit_set_apart_from_its_amount_is_in_its_cell() {
        let text = "政府集中采购       57       382.5 万元\n";
        let found = rows(text, 0..text.len());
        let cells = found[0].cells();
        assert_eq!(cells.len(), 3);
        assert_eq!(&text[cells[2].range.clone()], "382.5 万元");
        assert!(matches!(
            cells[2].piece,
            Piece::Value(Value::Amount { unit: Some(_), .. })
        ));
        // A unit word after a label is a word.
        let text = "单位 万元\n";
        assert_eq!(rows(text, 0..text.len())[0].cells().len(), 2);
    }

    #[test]
    fn spaced_rows_and_footers() {
        let t = "一、本年新收政府信息公开申请数量     21    0  0\n   -3-\n(七)总计  5\n";
        let r = rows(t, 0..t.len());
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].values().len(), 3);
        let mut label = String::new();
        r[0].label_into(t, &mut label);
        assert_eq!(label, "一.本年新收政府信息公开申请数量");
    }

    #[test]
    fn pandoc_tables_keep_blank_columns() {
        // A multiline table as pandoc writes an HTML table: blank cells stay empty columns, wide
        // characters take two display columns.
        let t = "  ---------- ------ ------ ------\n  规章                 5      12\n\n  许可       3\n  ---------- ------ ------ ------\n规章 5 12\n";
        let r = rows(t, 0..t.len());
        assert_eq!(r[0].kind, RowKind::Columns);
        assert_eq!(values(t)[0], vec!["", "5", "12"]);
        assert_eq!(values(t)[1], vec!["3", "", ""]);
        // After the closing rule, text is spaced again.
        assert_eq!(r[2].kind, RowKind::Spaced);
        assert_eq!(values(t)[2], vec!["5", "12"]);
    }

    #[test]
    fn a_region_that_starts_under_the_rule_is_a_pandoc_table() {
        let t = "  -------- ----- -----\n\n  规章           7\n";
        let at = t.find("  规章").unwrap();
        let r = rows(t, at..t.len());
        assert_eq!(r[0].kind, RowKind::Columns);
        assert_eq!(r[0].values().len(), 2);
        assert_eq!(&t[r[0].values()[1].range.clone()], "7");
    }

    #[test]
    fn dashes_that_are_no_column_rule() {
        assert_eq!(column_rule("  -- --"), None);
        assert_eq!(column_rule("  ----------"), None);
        assert_eq!(column_rule("  ---- x ----"), None);
        assert_eq!(column_rule("  ---- -----"), Some(vec![2, 7]));
    }

    #[test]
    fn pipe_rows() {
        let t = "| 信息内容 | 本年制发件数 |\n|---|---|\n| 规章 | 2 |\n";
        let r = rows(t, 0..t.len());
        assert_eq!(r.len(), 2);
        assert_eq!(r[1].values().len(), 1);
    }
}
