//! The rows of a ruled table as Word copies them: one row per grid row, a merged cell's text in
//! its first row and first column, an empty field for each further row it covers. A grid row
//! whose cells hold several lines of values side by side (a table drawn without its inner
//! horizontal borders) is split into one row per line, so that `0` over `3` never reads `03`.

use super::Glyph;
use super::grid::Table;
use super::lines::{self, Line};

/// One field of a table row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Field {
    /// The cell's text on one line (empty for a merged continuation).
    pub text: String,
    /// Left edge of the cell.
    pub x: f32,
    /// Top edge of the cell.
    pub y: f32,
    /// The glyphs of the text (none for a merged continuation).
    pub glyphs: Vec<Glyph>,
}

/// The rows of `table`, given the glyphs inside each of its cells. Rows without any text are
/// left out.
pub(crate) fn rows(table: &Table, glyphs: Vec<Vec<Glyph>>) -> Vec<Vec<Field>> {
    let cell_lines: Vec<Vec<Line>> = glyphs.into_iter().map(lines::lines).collect();
    let mut done = vec![false; table.cells.len()];
    let mut out = Vec::new();
    for r in 0..table.rows() {
        let mut fields: Vec<usize> = Vec::new();
        for c in 0..table.columns() {
            let k = table.cell_at(r, c);
            if fields.last() != Some(&k) {
                fields.push(k);
            }
        }
        let single = |k: usize| table.cells[k].r0 == r && table.cells[k].r1 == r + 1;
        let bands = bands(
            fields
                .iter()
                .filter(|&&k| single(k))
                .map(|&k| &cell_lines[k]),
        );
        for band in 0..bands.len() {
            let mut row = Vec::with_capacity(fields.len());
            for &k in &fields {
                let cell = table.cells[k];
                let mine: Vec<Line> = if bands.len() > 1 && single(k) {
                    cell_lines[k]
                        .iter()
                        .filter(|l| band_of(&bands, l.middle()) == band)
                        .cloned()
                        .collect()
                } else if !done[k] && band == 0 {
                    cell_lines[k].clone()
                } else {
                    Vec::new()
                };
                let text = lines::join_cell(&mine);
                let glyphs: Vec<Glyph> = mine.into_iter().flat_map(|l| l.glyphs).collect();
                row.push(Field {
                    text,
                    x: table.xs[cell.c0],
                    y: table.ys[cell.r0],
                    glyphs,
                });
            }
            if row.iter().any(|f| !f.text.trim().is_empty()) {
                out.push(row);
            }
        }
        for &k in &fields {
            done[k] = true;
        }
    }
    out
}

/// The vertical bands (centres) of the text lines of a grid row: one band, unless at least two
/// cells hold lines in several bands and some of those lines are numbers.
fn bands<'a>(cells: impl Iterator<Item = &'a Vec<Line>>) -> Vec<f32> {
    let cells: Vec<&Vec<Line>> = cells.collect();
    let mut middles: Vec<(f32, f32)> = cells
        .iter()
        .flat_map(|ls| ls.iter().map(|l| (l.middle(), l.size)))
        .collect();
    middles.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut centres: Vec<f32> = Vec::new();
    let mut last = f32::NEG_INFINITY;
    for (m, size) in middles {
        if m - last > 0.5 * size {
            centres.push(m);
        }
        last = m;
    }
    if centres.len() < 2 {
        return vec![0.0];
    }
    let stacked: Vec<&&Vec<Line>> = cells
        .iter()
        .filter(|ls| {
            let mut seen: Vec<usize> = ls.iter().map(|l| band_of(&centres, l.middle())).collect();
            seen.dedup();
            seen.len() >= 2
        })
        .collect();
    let numeric = stacked
        .iter()
        .any(|ls| ls.iter().any(|l| is_number(&l.compact())));
    if stacked.len() >= 2 && numeric {
        centres
    } else {
        vec![0.0]
    }
}

/// The band nearest to `y`.
fn band_of(centres: &[f32], y: f32) -> usize {
    let mut best = 0;
    for (i, c) in centres.iter().enumerate() {
        if (c - y).abs() < (centres[best] - y).abs() {
            best = i;
        }
    }
    best
}

/// A count or amount as printed: digits with separators, a sign or a percent.
fn is_number(s: &str) -> bool {
    let s = s.trim();
    s.chars().any(|c| c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '%' | '-' | '+' | ' '))
}

#[cfg(test)]
mod tests {
    use super::super::Rule;
    use super::super::grid;
    use super::*;

    fn glyphs(s: &str, mut x: f32, base: f32) -> Vec<Glyph> {
        s.chars()
            .map(|ch| {
                let w = if ch.is_ascii() { 5.0 } else { 10.0 };
                let g = Glyph {
                    ch,
                    x0: x,
                    x1: x + w,
                    base,
                    size: 10.0,
                    space_before: false,
                    confidence: 100,
                };
                x += w;
                g
            })
            .collect()
    }

    fn rule(x0: f32, y0: f32, x1: f32, y1: f32) -> Rule {
        Rule { x0, y0, x1, y1 }
    }

    /// Two columns, two grid rows; the second row has no inner border between its lines.
    fn table() -> Table {
        let rules = [
            rule(0.0, 0.0, 200.0, 0.5),
            rule(0.0, 20.0, 200.0, 20.5),
            rule(0.0, 60.0, 200.0, 60.5),
            rule(0.0, 0.0, 0.5, 60.0),
            rule(100.0, 0.0, 100.5, 60.0),
            rule(200.0, 0.0, 200.5, 60.0),
        ];
        grid::tables(&rules).remove(0)
    }

    fn texts(rows: &[Vec<Field>]) -> Vec<Vec<&str>> {
        rows.iter()
            .map(|r| r.iter().map(|f| f.text.as_str()).collect())
            .collect()
    }

    fn fill(t: &Table, gs: Vec<Glyph>) -> Vec<Vec<Glyph>> {
        let mut cells = vec![Vec::new(); t.cells.len()];
        for g in gs {
            let k = t.locate((g.x0 + g.x1) / 2.0, g.base - 4.0).unwrap();
            cells[k].push(g);
        }
        cells
    }

    #[test]
    fn stacked_values_without_borders_become_rows() {
        let t = table();
        let mut gs = glyphs("信息内容", 5.0, 15.0);
        gs.extend(glyphs("件数", 105.0, 15.0));
        gs.extend(glyphs("规章", 5.0, 35.0));
        gs.extend(glyphs("0", 105.0, 35.0));
        gs.extend(glyphs("行政规范性文件", 5.0, 52.0));
        gs.extend(glyphs("3", 105.0, 52.0));
        let rows = rows(&t, fill(&t, gs));
        assert_eq!(
            texts(&rows),
            vec![
                vec!["信息内容", "件数"],
                vec!["规章", "0"],
                vec!["行政规范性文件", "3"]
            ]
        );
    }

    #[test]
    fn a_wrapped_label_stays_in_its_cell() {
        let t = table();
        let mut gs = glyphs("（二）部分公开", 5.0, 35.0);
        gs.extend(glyphs("（区分处理的）", 5.0, 52.0));
        gs.extend(glyphs("9", 105.0, 43.0));
        let rows = rows(&t, fill(&t, gs));
        assert_eq!(
            texts(&rows),
            vec![vec!["（二）部分公开（区分处理的）", "9"]]
        );
    }
}
