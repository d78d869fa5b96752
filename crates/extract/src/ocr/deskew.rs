//! Small rotations of a scanned page found and undone: the angle at which the rows of dark
//! pixels (text lines, table rules) are sharpest — the largest sum of squared row counts — is
//! searched within ±[`MAX_DEGREES`], coarse then fine, on a reduced copy of the page.

use super::image::Gray;

/// Rotations searched for, in degrees either way (a page fed askew; larger turns are no scan
/// defect this reader expects).
pub(crate) const MAX_DEGREES: f32 = 4.0;

/// Below this (degrees) a page is left as it is.
const NEGLIGIBLE: f32 = 0.1;

/// The page's skew in degrees (positive: lines fall to the right as displayed).
pub(crate) fn angle(page: &Gray) -> f32 {
    // Reduce so the page is about 1000 pixels wide, keeping the darkest pixel of each block so
    // thin rules survive.
    let f = (page.width / 1000).max(1);
    let (w, h) = (page.width / f, page.height / f);
    let mut dark: Vec<(f32, f32)> = Vec::new();
    for by in 0..h {
        for bx in 0..w {
            let mut min = 255u8;
            for y in by * f..(by + 1) * f {
                let row = &page.data[y * page.width + bx * f..y * page.width + (bx + 1) * f];
                min = min.min(row.iter().copied().min().unwrap_or(255));
            }
            if min < 128 {
                dark.push((bx as f32, by as f32));
            }
        }
    }
    if dark.len() < 50 {
        return 0.0;
    }
    let score = |degrees: f32| -> u64 {
        let t = degrees.to_radians().tan();
        let mut counts = vec![0u32; h + 2 * w + 2];
        let offset = w as f32 + 1.0;
        for &(x, y) in &dark {
            let row = (y - x * t + offset).round();
            if row >= 0.0 && (row as usize) < counts.len() {
                counts[row as usize] += 1;
            }
        }
        counts.iter().map(|&c| u64::from(c) * u64::from(c)).sum()
    };
    let search = |from: f32, to: f32, step: f32| -> f32 {
        let mut best = (0u64, 0.0f32);
        let mut a = from;
        while a <= to + step / 2.0 {
            let s = score(a);
            // Ties go to the smaller turn.
            if s > best.0 || (s == best.0 && a.abs() < best.1.abs()) {
                best = (s, a);
            }
            a += step;
        }
        best.1
    };
    let coarse = search(-MAX_DEGREES, MAX_DEGREES, 0.25);
    search(coarse - 0.25, coarse + 0.25, 0.05)
}

/// The page turned by `-degrees` about its centre (bilinear), or unchanged when the angle is
/// negligible.
pub(crate) fn straighten(page: Gray, degrees: f32) -> Gray {
    if degrees.abs() < NEGLIGIBLE {
        return page;
    }
    let (sin, cos) = degrees.to_radians().sin_cos();
    let (cx, cy) = (page.width as f32 / 2.0, page.height as f32 / 2.0);
    let mut out = Gray::white(page.width, page.height);
    for y in 0..page.height {
        let dy = y as f32 - cy;
        for x in 0..page.width {
            let dx = x as f32 - cx;
            // The source of (x, y): the page was turned by `degrees`, so look back along it.
            let sx = cx + dx * cos - dy * sin;
            let sy = cy + dx * sin + dy * cos;
            let (x0, y0) = (sx.floor(), sy.floor());
            let (fx, fy) = (sx - x0, sy - y0);
            let (ix, iy) = (x0 as isize, y0 as isize);
            let p = |dx: isize, dy: isize| f32::from(page.at(ix + dx, iy + dy));
            let top = p(0, 0) * (1.0 - fx) + p(1, 0) * fx;
            let bottom = p(0, 1) * (1.0 - fx) + p(1, 1) * fx;
            out.data[y * page.width + x] = (top * (1.0 - fy) + bottom * fy).round() as u8;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page of horizontal rules, turned by `degrees`.
    fn ruled(degrees: f32) -> Gray {
        let (w, h) = (1200, 1600);
        let mut g = Gray::white(w, h);
        let t = degrees.to_radians().tan();
        for line in 0..20 {
            let y0 = 200.0 + line as f32 * 60.0;
            for x in 100..1100 {
                let y = (y0 + (x as f32 - 600.0) * t).round() as usize;
                for dy in 0..3 {
                    g.data[(y + dy) * w + x] = 0;
                }
            }
        }
        g
    }

    #[test]
    fn the_skew_is_found_and_undone() {
        for degrees in [-1.5f32, 0.0, 0.8, 2.5] {
            let found = angle(&ruled(degrees));
            assert!((found - degrees).abs() <= 0.1, "{degrees}: found {found}");
        }
        let straight = straighten(ruled(1.5), angle(&ruled(1.5)));
        assert!(angle(&straight).abs() <= 0.1);
    }

    #[test]
    fn a_blank_page_is_not_turned() {
        assert_eq!(angle(&Gray::white(500, 700)), 0.0);
    }
}
