//! A round seal in a grey scan. In colour a red seal is told from the text by its hue
//! ([`super::image`]); scanned in grey, its ring, star and lettering are a middle grey that the
//! recogniser reads as strokes — a ring crossing a cell becomes `(` or `1` beside the number,
//! and the row no longer lines up with its columns. The seal is found by its shape: the page's
//! middle-grey marks that touch no black ink, and among them a ring of a seal's size (0.55 to
//! 1 inch in radius: official seals are 38–45 mm across) with blank paper just outside it.
//! Inside the ring every pixel lighter than the text's black is made white; black text printed
//! under the seal stays.

use super::clean;
use super::image::Gray;

/// Darker than this a pixel is text ink, never seal ink.
const BLACK: u8 = 75;

/// The band of greys a red seal scans to.
const SEAL_GREYS: std::ops::RangeInclusive<u8> = 80..=200;

/// The least share of a ring's circumference that must be seal grey.
const RING_COVER: f32 = 0.55;

/// At most as many seals are looked for on a page.
const MAX_SEALS: usize = 3;

/// A seal found: centre and radius of its ring in pixels, and its ink's grey.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Seal {
    pub x: f32,
    pub y: f32,
    pub radius: f32,
    pub grey: u8,
}

/// Finds the round seals of a grey page at `dpi` and whitens their ink; returns them.
pub(crate) fn whiten(page: &mut Gray, dpi: f32) -> Vec<Seal> {
    let mut found = Vec::new();
    for _ in 0..MAX_SEALS {
        let Some(seal) = find(page, dpi) else { break };
        erase(page, &seal, dpi);
        found.push(seal);
    }
    found
}

/// The seal grey marks of a page: middle grey, and no black within a stroke's edge (the grey
/// edge of a black stroke is no seal ink).
fn marks(page: &Gray, dpi: f32) -> Vec<bool> {
    let reach = ((dpi / 100.0).round() as usize).max(1);
    let mut black = Gray::white(page.width, page.height);
    for (b, &p) in black.data.iter_mut().zip(&page.data) {
        if p < BLACK {
            *b = 0;
        }
    }
    let near_black = clean::filter(
        &clean::filter(&black, reach, true, false),
        reach,
        false,
        false,
    );
    page.data
        .iter()
        .zip(&near_black.data)
        .map(|(&p, &n)| SEAL_GREYS.contains(&p) && n != 0)
        .collect()
}

/// The strongest ring of seal grey on the page, when it is one.
fn find(page: &Gray, dpi: f32) -> Option<Seal> {
    let marks = marks(page, dpi);
    // A coarse grid: a cell is on when enough of its pixels are marks.
    let c = ((dpi / 40.0).round() as usize).max(2);
    let (gw, gh) = (page.width.div_ceil(c), page.height.div_ceil(c));
    let mut count = vec![0u16; gw * gh];
    for y in 0..page.height {
        for x in 0..page.width {
            if marks[y * page.width + x] {
                count[(y / c) * gw + x / c] += 1;
            }
        }
    }
    let on: Vec<bool> = count.iter().map(|&n| usize::from(n) >= c).collect();
    let cells: Vec<(usize, usize)> = (0..gw * gh)
        .filter(|&i| on[i])
        .map(|i| (i % gw, i / gw))
        .collect();
    if cells.len() < 20 {
        return None;
    }
    let (r0, r1) = (
        (dpi * 0.55 / c as f32).floor() as usize,
        (dpi * 1.0 / c as f32).ceil() as usize,
    );
    let angles: Vec<(f32, f32)> = (0..64)
        .map(|k| {
            let t = k as f32 * std::f32::consts::TAU / 64.0;
            (t.cos(), t.sin())
        })
        .collect();
    // Each mark votes for the centres of the rings through it.
    let mut best: Option<(u32, usize, usize, usize)> = None;
    let mut votes = vec![0u16; gw * gh];
    for r in r0..=r1 {
        votes.iter_mut().for_each(|v| *v = 0);
        for &(x, y) in &cells {
            for &(cos, sin) in &angles {
                let cx = x as f32 - r as f32 * cos;
                let cy = y as f32 - r as f32 * sin;
                if cx >= 0.0 && cy >= 0.0 && (cx as usize) < gw && (cy as usize) < gh {
                    let v = &mut votes[cy as usize * gw + cx as usize];
                    *v = v.saturating_add(1);
                }
            }
        }
        for (i, &v) in votes.iter().enumerate() {
            if best.is_none_or(|b| u32::from(v) > b.0) {
                best = Some((u32::from(v), i % gw, i / gw, r));
            }
        }
    }
    let (_, cx, cy, r) = best?;
    // Refine around the coarse peak: the centre and radius whose circle is most covered.
    let near = |x: f32, y: f32| -> bool {
        let (gx, gy) = (x / c as f32, y / c as f32);
        if gx < 0.0 || gy < 0.0 {
            return false;
        }
        let (gx, gy) = (gx as usize, gy as usize);
        (gy.saturating_sub(1)..=(gy + 1).min(gh - 1))
            .any(|j| (gx.saturating_sub(1)..=(gx + 1).min(gw - 1)).any(|i| on[j * gw + i]))
    };
    let cover = |x: f32, y: f32, radius: f32| -> f32 {
        let n = 96;
        let hit = (0..n)
            .filter(|k| {
                let t = *k as f32 * std::f32::consts::TAU / n as f32;
                near(x + radius * t.cos(), y + radius * t.sin())
            })
            .count();
        hit as f32 / n as f32
    };
    let (x, y, radius) = (
        (cx as f32 + 0.5) * c as f32,
        (cy as f32 + 0.5) * c as f32,
        r as f32 * c as f32,
    );
    let ring = cover(x, y, radius);
    // Blank paper (for seal grey) just outside the ring: not a circle drawn through a page of
    // grey text.
    let outside = cover(x, y, radius + dpi * 0.12);
    if ring < RING_COVER || outside > ring / 2.0 {
        return None;
    }
    // The seal's grey: the median mark on the ring.
    let mut greys: Vec<u8> = Vec::new();
    for k in 0..360 {
        let t = k as f32 * std::f32::consts::TAU / 360.0;
        for dr in -(c as isize)..=(c as isize) {
            let rr = radius + dr as f32;
            let (px, py) = (x + rr * t.cos(), y + rr * t.sin());
            if px >= 0.0 && py >= 0.0 && (px as usize) < page.width && (py as usize) < page.height {
                let i = py as usize * page.width + px as usize;
                if marks[i] {
                    greys.push(page.data[i]);
                }
            }
        }
    }
    greys.sort_unstable();
    let grey = *greys.get(greys.len() / 2)?;
    Some(Seal { x, y, radius, grey })
}

/// Makes the seal's ink white: inside its ring (and the ring itself), every pixel lighter than
/// a little darker than the seal's grey, never black text.
fn erase(page: &mut Gray, seal: &Seal, dpi: f32) {
    let reach = seal.radius + dpi * 0.06;
    let level = seal.grey.saturating_sub(35).max(BLACK);
    let (x0, x1) = (
        (seal.x - reach).max(0.0) as usize,
        ((seal.x + reach).ceil() as usize).min(page.width),
    );
    let (y0, y1) = (
        (seal.y - reach).max(0.0) as usize,
        ((seal.y + reach).ceil() as usize).min(page.height),
    );
    for y in y0..y1 {
        for x in x0..x1 {
            let (dx, dy) = (x as f32 - seal.x, y as f32 - seal.y);
            if dx * dx + dy * dy <= reach * reach {
                let p = &mut page.data[y * page.width + x];
                if *p >= level {
                    *p = 255;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page at 150 dpi with black text strokes, and (when `grey` is given) a seal of that
    /// grey: a ring 0.8 inch in radius and a star, multiplied over the text.
    fn page(grey: Option<u8>) -> Gray {
        let (w, h) = (900, 900);
        let mut g = Gray::white(w, h);
        // Text: short black strokes on lines 30 pixels apart.
        for line in 0..25 {
            let y = 60 + line * 30;
            for x in (80..820).step_by(20) {
                for yy in y..y + 12 {
                    for xx in x..x + 3 {
                        g.data[yy * w + xx] = 20;
                    }
                }
            }
        }
        if let Some(grey) = grey {
            let (cx, cy, r) = (450.0f32, 450.0f32, 120.0f32);
            for y in 0..h {
                for x in 0..w {
                    let d = ((x as f32 - cx).powi(2) + (y as f32 - cy).powi(2)).sqrt();
                    if (d - r).abs() < 2.5 || d < r / 3.0 {
                        let p = &mut g.data[y * w + x];
                        *p = (u16::from(*p) * u16::from(grey) / 255) as u8;
                    }
                }
            }
        }
        g
    }

    #[test]
    fn a_grey_seal_is_found_and_whitened_and_the_text_under_it_stays() {
        let mut g = page(Some(120));
        let text = page(None);
        let seals = whiten(&mut g, 150.0);
        assert_eq!(seals.len(), 1, "{seals:?}");
        let s = seals[0];
        assert!(
            (s.x - 450.0).abs() < 8.0 && (s.y - 450.0).abs() < 8.0,
            "{s:?}"
        );
        assert!((s.radius - 120.0).abs() < 8.0, "{s:?}");
        // Seal ink gone, black strokes (a little darker where the seal lay over them) kept.
        for (i, (&p, &t)) in g.data.iter().zip(&text.data).enumerate() {
            if t == 255 {
                assert_eq!(p, 255, "seal ink left at {}", i);
            } else {
                assert!(p < BLACK, "text lost at {}", i);
            }
        }
    }

    #[test]
    fn a_page_of_light_grey_text_has_no_seal() {
        // Text printed light (a pale scan): every stroke is seal grey, but no ring stands
        // apart from blank paper.
        let mut g = page(None);
        for p in g.data.iter_mut() {
            if *p < 255 {
                *p = 130;
            }
        }
        let before = g.data.clone();
        assert!(whiten(&mut g, 150.0).is_empty());
        assert!(g.data == before);
    }

    #[test]
    fn black_text_alone_has_no_seal() {
        let mut g = page(None);
        assert!(whiten(&mut g, 150.0).is_empty());
    }
}
