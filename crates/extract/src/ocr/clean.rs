//! The paper made white again before anything is measured on a page: a grey seal (a red seal
//! scanned in grey, or a stamp's shadow) darkens the paper under the text, and the recogniser's
//! own thresholding then reads its ring as strokes; dust and toner specks read as dots and
//! commas. The paper's local level is estimated by a grey closing (a maximum then a minimum
//! over a window wider than a text stroke), and each pixel is divided by it, so ink keeps its
//! darkness while a tinted background turns white, and the paper's grain (anything lighter than
//! [`WHITE`]) white too; then single dark pixels with white all around are removed.

use super::image::Gray;

/// A background darker than this is ink (a large black area, a heavy stroke), not tinted
/// paper: it is left as it is.
const PAPER_FLOOR: u8 = 100;

/// Lighter than this a neighbour counts as white paper around a speck.
const WHITE: u8 = 200;

/// Darker than this a pixel can be a speck.
const SPECK: u8 = 128;

/// Whitens tinted paper and removes isolated specks of a page at `dpi`.
pub(crate) fn paper(page: &mut Gray, dpi: f32) {
    // A window wider than the strokes of body text and headings (about 1/25 inch).
    let radius = ((dpi / 50.0).round() as usize).max(2);
    let background = closing(page, radius);
    for (p, &b) in page.data.iter_mut().zip(&background.data) {
        if (PAPER_FLOOR..255).contains(&b) {
            *p = ((u32::from(*p) * 255 + u32::from(b) / 2) / u32::from(b)).min(255) as u8;
        }
        // The grain of the paper (scanner noise) is paper: left grey, it makes a small sheet's
        // threshold fall inside it, and a lone digit drowns in dots.
        if *p > WHITE {
            *p = 255;
        }
    }
    despeckle(page);
}

/// Grey closing with a square window of `2 * radius + 1`: dark details narrower than the
/// window disappear, larger dark areas keep their level.
fn closing(page: &Gray, radius: usize) -> Gray {
    let dilated = filter(&filter(page, radius, true, true), radius, false, true);
    filter(&filter(&dilated, radius, true, false), radius, false, false)
}

/// A running maximum (`max`) or minimum along rows (`horizontal`) or columns; outside the
/// image nothing is taken.
pub(super) fn filter(page: &Gray, radius: usize, horizontal: bool, max: bool) -> Gray {
    let (w, h) = (page.width, page.height);
    let mut out = Gray::white(w, h);
    let (lines, len) = if horizontal { (h, w) } else { (w, h) };
    let index = |line: usize, i: usize| {
        if horizontal {
            line * w + i
        } else {
            i * w + line
        }
    };
    for line in 0..lines {
        for i in 0..len {
            let (from, to) = (i.saturating_sub(radius), (i + radius + 1).min(len));
            let mut v = if max { 0u8 } else { 255u8 };
            for j in from..to {
                let p = page.data[index(line, j)];
                v = if max { v.max(p) } else { v.min(p) };
            }
            out.data[index(line, i)] = v;
        }
    }
    out
}

/// Dark pixels whose eight neighbours are all white paper become white.
fn despeckle(page: &mut Gray) {
    let (w, h) = (page.width, page.height);
    if w < 3 || h < 3 {
        return;
    }
    let mut specks = Vec::new();
    for y in 1..h - 1 {
        for x in 1..w - 1 {
            if page.data[y * w + x] >= SPECK {
                continue;
            }
            let alone = (y - 1..=y + 1).all(|ny| {
                (x - 1..=x + 1).all(|nx| (nx == x && ny == y) || page.data[ny * w + nx] > WHITE)
            });
            if alone {
                specks.push(y * w + x);
            }
        }
    }
    for i in specks {
        page.data[i] = 255;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_grey_seal_turns_white_and_the_text_on_it_stays() {
        let mut g = Gray::white(200, 100);
        // A grey disc area (the seal) from x = 100, with a text stroke across it and paper.
        for y in 0..100 {
            for x in 100..200 {
                g.data[y * 200 + x] = 150;
            }
        }
        for x in 20..180 {
            for y in 50..52 {
                g.data[y * 200 + x] = 0;
            }
        }
        // A heavy black block (a filled box) keeps its level.
        for y in 10..30 {
            for x in 20..60 {
                g.data[y * 200 + x] = 10;
            }
        }
        // A speck on the paper, and its grain.
        g.data[80 * 200 + 40] = 40;
        g.data[90 * 200 + 40] = 225;
        paper(&mut g, 150.0);
        assert_eq!(g.data[20 * 200 + 150], 255, "seal paper");
        assert_eq!(g.data[50 * 200 + 150], 0, "stroke over the seal");
        assert_eq!(g.data[50 * 200 + 50], 0, "stroke on paper");
        assert_eq!(g.data[20 * 200 + 40], 10, "black block");
        assert_eq!(g.data[80 * 200 + 40], 255, "speck");
        assert_eq!(g.data[90 * 200 + 40], 255, "grain");
    }
}
