//! Table rules in a scanned page: long thin runs of dark pixels, horizontal and vertical, found
//! on the straightened page and then erased, so that the recogniser reads the text of the cells
//! without taking borders for `1`, `|` or `一`. The rules go to the same grid building as a PDF's
//! (in pixels here; the caller converts them to points).

use super::image::Gray;
use crate::layout::Rule;
use crate::layout::grid::{find, union};

/// Darker than this a pixel is ink.
pub(crate) const INK: u8 = 140;

/// Darker than this a pixel can belong to a rule: a little lighter than [`INK`], because a thin
/// rule turned straight again is spread over two rows of grey (one of them at most half
/// light); not much lighter, because what is left of red seal ink after JPEG is a light grey
/// whose ring would make upright "rules" where it is steep.
const RULE_INK: u8 = 160;

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
/// most 1/30 inch thick (thinner than the bold strokes of a title; a straightened rule can
/// step by a row along its length, which the band of its runs absorbs).
pub(crate) fn find_and_erase(page: &mut Gray, dpi: f32) -> Vec<Rule> {
    let min_len = ((dpi * 0.25) as usize).max(20);
    let max_thick = ((dpi / 30.0).ceil() as usize).max(2);
    let gap = ((dpi / 150.0).round() as usize).max(1);
    let level = runs(page, min_len, max_thick, gap, true);
    let upright = runs(page, min_len, max_thick, gap, false);
    let found = in_tables(level, upright, dpi, max_thick + gap);
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

/// The rules that belong to a table: those at least an inch long, and the shorter ones that
/// meet one of those across (within `reach` pixels). The strokes of a large title's characters
/// (a 22-point `青` has level strokes a quarter inch long, as thick as a rule) are short, and the
/// strokes they meet are short too; a table's short rules (a cell's border under a merged cell,
/// the rules between the columns of a low header) end on the long rules around them.
fn in_tables(level: Vec<Found>, upright: Vec<Found>, dpi: f32, reach: usize) -> Vec<Found> {
    let long = (dpi as usize).max(20);
    let is_long = |f: &Found, horizontal: bool| {
        if horizontal {
            f.x1 - f.x0 >= long
        } else {
            f.y1 - f.y0 >= long
        }
    };
    // Whether a level rule `h` and an upright rule `v` meet or cross.
    let meet = |h: &Found, v: &Found| {
        v.x1 + reach >= h.x0 && v.x0 <= h.x1 + reach && h.y1 + reach >= v.y0 && h.y0 <= v.y1 + reach
    };
    let keep_level: Vec<bool> = level
        .iter()
        .map(|h| is_long(h, true) || upright.iter().any(|v| is_long(v, false) && meet(h, v)))
        .collect();
    let keep_upright: Vec<bool> = upright
        .iter()
        .map(|v| is_long(v, false) || level.iter().any(|h| is_long(h, true) && meet(h, v)))
        .collect();
    let mut found: Vec<Found> = level
        .into_iter()
        .zip(keep_level)
        .filter_map(|(f, k)| k.then_some(f))
        .collect();
    found.extend(
        upright
            .into_iter()
            .zip(keep_upright)
            .filter_map(|(f, k)| k.then_some(f)),
    );
    found
}

/// Long runs along rows (`horizontal`) or columns, bridged over gaps of `gap` pixels, kept
/// when their band of touching runs is thin. Runs of neighbouring lines that overlap or meet
/// end to end are one band: the rows of one thick rule, and the pieces of a rule that steps
/// from one row to the next (a page straightened by a small angle; its end pieces can be
/// short, so pieces down to a quarter of the least length count while the band is measured
/// whole).
fn runs(page: &Gray, min_len: usize, max_thick: usize, gap: usize, horizontal: bool) -> Vec<Found> {
    let (along, across) = if horizontal {
        (page.width, page.height)
    } else {
        (page.height, page.width)
    };
    let ink = |a: usize, c: usize| {
        let (x, y) = if horizontal { (a, c) } else { (c, a) };
        page.data[y * page.width + x] < RULE_INK
    };
    let piece = (min_len / 4).max(3);
    // Runs of each line (line, start, end), line by line, start by start.
    let mut all: Vec<(usize, usize, usize)> = Vec::new();
    // Where each line's runs begin in `all`.
    let mut first = Vec::with_capacity(across + 1);
    for c in 0..across {
        first.push(all.len());
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
            if end - start >= piece {
                all.push((c, start, end));
            }
        }
    }
    first.push(all.len());
    // Join runs of adjacent lines that overlap or meet (within `gap`) into bands.
    let mut parent: Vec<usize> = (0..all.len()).collect();
    for c in 1..across {
        let prev = first[c - 1]..first[c];
        let mut j = prev.start;
        for i in first[c]..first[c + 1] {
            let (_, s, e) = all[i];
            // Skip runs of the line above that end before this one begins.
            while j < prev.end && all[j].2 + gap < s {
                j += 1;
            }
            let mut k = j;
            while k < prev.end && all[k].1 <= e + gap {
                union(&mut parent, i, k);
                k += 1;
            }
        }
    }
    // first line, last line, start, end of each band, and its runs
    type Band = (usize, usize, usize, usize, Vec<usize>);
    let mut bands: std::collections::BTreeMap<usize, Band> = std::collections::BTreeMap::new();
    for (i, &(c, s, e)) in all.iter().enumerate() {
        let root = find(&mut parent, i);
        let b = bands.entry(root).or_insert((c, c, s, e, Vec::new()));
        b.0 = b.0.min(c);
        b.1 = b.1.max(c);
        b.2 = b.2.min(s);
        b.3 = b.3.max(e);
        b.4.push(i);
    }
    bands
        .into_values()
        .filter_map(|b| {
            if b.1 + 1 - b.0 <= max_thick {
                Some(b)
            } else {
                core(&all, &b.4, max_thick)
            }
        })
        .filter(|b| b.1 + 1 - b.0 <= max_thick && b.3 - b.2 >= min_len)
        .filter(|b| !curved(&all, b.2, b.3, &b.4, max_thick))
        .map(|(c0, c1, s, e, _)| {
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

/// The rule inside a band too thick to be one: a rule that touches a dark blot (a seal's ring
/// or star scanned in grey, a stamp, a signature) joins it in one band of runs. The rule is the
/// lines along which the band runs longest: a run of adjacent lines each covering at least a
/// quarter of the longest line's length (a straightened rule jogs over a few lines), no more
/// than `max_thick` of them, around the longest line; the blot's lines beside it are short.
/// `None` when the longest lines are not so grouped (a heavy block, a solid area).
fn core(
    all: &[(usize, usize, usize)],
    members: &[usize],
    max_thick: usize,
) -> Option<(usize, usize, usize, usize, Vec<usize>)> {
    let mut cover: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    for &i in members {
        let (c, s, e) = all[i];
        *cover.entry(c).or_default() += e - s;
    }
    let (&best, &longest) = cover
        .iter()
        .max_by_key(|&(c, l)| (*l, std::cmp::Reverse(*c)))?;
    let long = |c: usize| cover.get(&c).is_some_and(|&l| l * 4 >= longest);
    let mut c0 = best;
    while c0 > 0 && long(c0 - 1) {
        c0 -= 1;
    }
    let mut c1 = best;
    while long(c1 + 1) {
        c1 += 1;
    }
    if c1 + 1 - c0 > max_thick {
        return None;
    }
    let kept: Vec<usize> = members
        .iter()
        .copied()
        .filter(|&i| (c0..=c1).contains(&all[i].0))
        .collect();
    let start = kept.iter().map(|&i| all[i].1).min()?;
    let end = kept.iter().map(|&i| all[i].2).max()?;
    Some((c0, c1, start, end, kept))
}

/// Whether a band (runs `members` of `all`, from `start` to `end` along) bows: the middle of its
/// middle third lies off the line through the middles of its first and last thirds — the steep
/// part of a seal's ring, not a rule (a rule straightened again only jogs by a row either way).
fn curved(
    all: &[(usize, usize, usize)],
    start: usize,
    end: usize,
    members: &[usize],
    max_thick: usize,
) -> bool {
    let third = (end - start) / 3;
    let middle = |from: usize, to: usize| -> Option<f32> {
        let (mut sum, mut weight) = (0.0f32, 0.0f32);
        for &i in members {
            let (c, s, e) = all[i];
            let overlap = e.min(to).saturating_sub(s.max(from)) as f32;
            sum += c as f32 * overlap;
            weight += overlap;
        }
        (weight > 0.0).then(|| sum / weight)
    };
    let (Some(a), Some(m), Some(b)) = (
        middle(start, start + third),
        middle(start + third, end - third),
        middle(end - third, end),
    ) else {
        return false;
    };
    (m - (a + b) / 2.0).abs() > (max_thick as f32 / 4.0).max(1.0)
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

    #[test]
    fn the_strokes_of_a_large_title_are_no_rules() {
        // A 22-point character at 200 dpi, drawn as `青` is: three level strokes 52–64 pixels
        // long and 4 thick crossed by an upright one 62 long, all longer than a quarter inch.
        let mut g = Gray::white(400, 200);
        let mut fill = |x0: usize, y0: usize, x1: usize, y1: usize| {
            for y in y0..y1 {
                for x in x0..x1 {
                    g.data[y * 400 + x] = 20;
                }
            }
        };
        fill(100, 50, 164, 54);
        fill(106, 66, 158, 70);
        fill(100, 82, 164, 86);
        fill(130, 40, 134, 102);
        let before = g.data.clone();
        let rules = find_and_erase(&mut g, 200.0);
        assert!(rules.is_empty(), "{rules:?}");
        assert!(g.data == before);
    }

    #[test]
    fn a_rule_stepping_between_rows_is_one_rule_to_its_ends() {
        // A 1-pixel rule of a page turned and straightened again: it jogs between two rows
        // every 70 pixels, its end pieces are short, and its grey is light.
        let mut g = Gray::white(600, 100);
        for x in 40..560 {
            let y = 40 + (x + 50) / 70 % 2;
            g.data[y * 600 + x] = 150;
        }
        let rules = find_and_erase(&mut g, 150.0);
        assert_eq!(rules.len(), 1, "{rules:?}");
        assert_eq!((rules[0].x0, rules[0].x1), (40.0, 560.0));
        assert!(g.data.iter().all(|&p| p == 255));
    }

    #[test]
    fn rules_running_through_a_dark_grey_seal_are_still_rules() {
        // A red seal scanned in grey: a dark ring touching an upright rule and a filled disc
        // (its star) on a level rule; at 150 dpi.
        let mut g = Gray::white(400, 400);
        for y in 0..400 {
            for x in 0..400 {
                let d = ((x as f32 - 165.0).powi(2) + (y as f32 - 300.0).powi(2)).sqrt();
                if (d - 62.0).abs() < 2.5 || d < 25.0 {
                    g.data[y * 400 + x] = 88;
                }
            }
        }
        for y in 20..380 {
            g.data[y * 400 + 100] = 0;
            g.data[y * 400 + 101] = 0;
        }
        for x in 20..380 {
            g.data[300 * 400 + x] = 0;
            g.data[301 * 400 + x] = 0;
        }
        let rules = find_and_erase(&mut g, 150.0);
        let upright: Vec<_> = rules.iter().filter(|r| !r.is_horizontal()).collect();
        let level: Vec<_> = rules.iter().filter(|r| r.is_horizontal()).collect();
        assert_eq!(upright.len(), 1, "{rules:?}");
        assert!(upright[0].x0 >= 99.0 && upright[0].x1 <= 103.0, "{rules:?}");
        assert_eq!((upright[0].y0, upright[0].y1), (20.0, 380.0));
        assert_eq!(level.len(), 1, "{rules:?}");
        assert!(level[0].y0 >= 299.0 && level[0].y1 <= 303.0, "{rules:?}");
        assert_eq!((level[0].x0, level[0].x1), (20.0, 380.0));
    }

    #[test]
    fn a_seal_ring_and_specks_make_no_rules() {
        let mut g = Gray::white(400, 400);
        // A ring 12 pixels thick, and a speck every 97 pixels.
        for y in 0..400 {
            for x in 0..400 {
                let d = ((x as f32 - 200.0).powi(2) + (y as f32 - 200.0).powi(2)).sqrt();
                if (d - 120.0).abs() < 6.0 {
                    g.data[y * 400 + x] = 60;
                }
            }
        }
        for i in (0..400 * 400).step_by(97) {
            g.data[i] = 40;
        }
        assert!(find_and_erase(&mut g, 150.0).is_empty());
    }

    #[test]
    fn the_steep_side_of_a_thin_seal_ring_is_no_rule() {
        // A ring 3 pixels thick, radius 120, at 150 dpi: its left and right sides are nearly
        // upright for 70 pixels, longer than a rule's least length.
        let mut g = Gray::white(400, 400);
        for y in 0..400 {
            for x in 0..400 {
                let d = ((x as f32 - 200.0).powi(2) + (y as f32 - 200.0).powi(2)).sqrt();
                if (d - 120.0).abs() < 1.5 {
                    g.data[y * 400 + x] = 90;
                }
            }
        }
        // Broken up, as JPEG and noise leave it: every 11th pixel of each row is light.
        for (i, p) in g.data.iter_mut().enumerate() {
            if i % 11 == 0 {
                *p = 255;
            }
        }
        let rules = find_and_erase(&mut g, 150.0);
        assert!(rules.is_empty(), "{rules:?}");
    }
}
