//! Table rules in a scanned page: long thin runs of dark pixels, horizontal and vertical, found
//! on the straightened page and then erased, so that the recogniser reads the text of the cells
//! without taking borders for `1`, `|` or `一`. The rules go to the same grid building as a PDF's
//! (in pixels here; the caller converts them to points).

use super::image::Gray;
use crate::layout::Rule;

/// Darker than this a pixel is ink.
pub(crate) const INK: u8 = 140;

/// A rule found: where it runs, in pixels (`x1`, `y1` exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Found {
    pub x0: usize,
    pub y0: usize,
    pub x1: usize,
    pub y1: usize,
}

/// Finds the horizontal and vertical rules of a page at `dpi` and erases them from it. A rule
/// is at least a quarter inch long (longer than the strokes of text at reading sizes) and at
/// most 1/40 inch thick (thinner than the bold strokes of a title).
pub(crate) fn find_and_erase(page: &mut Gray, dpi: f32) -> Vec<Rule> {
    let min_len = ((dpi * 0.25) as usize).max(20);
    let max_thick = ((dpi / 40.0).ceil() as usize).max(2);
    let gap = ((dpi / 150.0).round() as usize).max(1);
    let mut found = runs(page, min_len, max_thick, gap, true);
    found.extend(runs(page, min_len, max_thick, gap, false));
    for f in &found {
        // Erase with a pixel of margin: anti-aliased edges would read as a faint line.
        for y in f.y0.saturating_sub(1)..(f.y1 + 1).min(page.height) {
            for x in f.x0.saturating_sub(1)..(f.x1 + 1).min(page.width) {
                page.data[y * page.width + x] = 255;
            }
        }
    }
    found
        .iter()
        .map(|f| Rule {
            x0: f.x0 as f32,
            y0: f.y0 as f32,
            x1: f.x1 as f32,
            y1: f.y1 as f32,
        })
        .collect()
}

/// Long runs along rows (`horizontal`) or columns, bridged over gaps of `gap` pixels, kept
/// when their band of touching runs is thin; neighbouring rows of one thick rule are one rule.
fn runs(page: &Gray, min_len: usize, max_thick: usize, gap: usize, horizontal: bool) -> Vec<Found> {
    let (along, across) = if horizontal {
        (page.width, page.height)
    } else {
        (page.height, page.width)
    };
    let ink = |a: usize, c: usize| {
        let (x, y) = if horizontal { (a, c) } else { (c, a) };
        page.data[y * page.width + x] < INK
    };
    // Runs of each line (row or column): (line, start, end).
    let mut all: Vec<(usize, usize, usize)> = Vec::new();
    for c in 0..across {
        let mut a = 0;
        while a < along {
            if !ink(a, c) {
                a += 1;
                continue;
            }
            let start = a;
            let mut end = a;
            let mut blank = 0;
            while a < along && blank <= gap {
                if ink(a, c) {
                    end = a + 1;
                    blank = 0;
                } else {
                    blank += 1;
                }
                a += 1;
            }
            if end - start >= min_len {
                all.push((c, start, end));
            }
        }
    }
    // Group runs of adjacent lines that overlap into bands.
    let mut bands: Vec<(usize, usize, usize, usize)> = Vec::new(); // first line, last line, start, end
    for (c, s, e) in all {
        match bands
            .iter_mut()
            .rev()
            .find(|b| b.1 + 1 == c && s < b.3 && e > b.2)
        {
            Some(b) => {
                b.1 = c;
                b.2 = b.2.min(s);
                b.3 = b.3.max(e);
            }
            None => bands.push((c, c, s, e)),
        }
    }
    bands
        .into_iter()
        .filter(|b| b.1 + 1 - b.0 <= max_thick)
        .map(|(c0, c1, s, e)| {
            if horizontal {
                Found {
                    x0: s,
                    y0: c0,
                    x1: e,
                    y1: c1 + 1,
                }
            } else {
                Found {
                    x0: c0,
                    y0: s,
                    x1: c1 + 1,
                    y1: e,
                }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_grid_is_found_and_erased_and_text_strokes_stay() {
        let mut g = Gray::white(600, 400);
        let mut fill = |x0: usize, y0: usize, x1: usize, y1: usize| {
            for y in y0..y1 {
                for x in x0..x1 {
                    g.data[y * 600 + x] = 0;
                }
            }
        };
        // Three horizontal and three vertical 2-pixel rules: a 2 × 2 table.
        for y in [50, 150, 250] {
            fill(50, y, 550, y + 2);
        }
        for x in [50, 300, 548] {
            fill(x, 50, x + 2, 252);
        }
        // A "一" 40 pixels long and a thick title stroke 120 long, 12 thick.
        fill(100, 80, 140, 83);
        fill(100, 300, 220, 312);
        let rules = find_and_erase(&mut g, 300.0);
        assert_eq!(rules.iter().filter(|r| r.is_horizontal()).count(), 3);
        assert_eq!(rules.iter().filter(|r| !r.is_horizontal()).count(), 3);
        assert_eq!(g.data[150 * 600 + 200], 255);
        assert_eq!(g.data[81 * 600 + 120], 0);
        assert_eq!(g.data[305 * 600 + 150], 0);
    }
}
