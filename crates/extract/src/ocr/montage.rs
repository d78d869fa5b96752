//! One sheet per page for the recogniser: the page with its tables blanked out on top, then
//! every table cell cut out and stacked below, one under the other with white space between.
//! Tesseract reads text in a ruled grid poorly (a cell's lone `0` is often skipped, columns run
//! together); a cell on its own line of a uniform block it reads well, and one run per page
//! loads the model once. Each word found is then put back where its cell is on the page.

use super::image::Gray;
use super::rules::INK;
use super::tesseract::Word;
use crate::layout::grid::Table;

/// The sheet and where each stacked cell came from.
pub(crate) struct Montage {
    pub image: Gray,
    /// Height of the page part at the top (0 for a sheet of cells only).
    page_height: usize,
    /// Stacked cells, top to bottom.
    slots: Vec<Slot>,
    /// White space around each cell, in pixels.
    pad: usize,
    /// How many times the cells are enlarged on the sheet.
    scale: usize,
}

/// A table cell cut out of the page.
#[derive(Debug, Clone)]
pub(crate) struct Crop {
    /// Which table (index) and which of its cells.
    pub table: usize,
    pub cell: usize,
    /// Where the cut begins on the page.
    pub page_x: usize,
    pub page_y: usize,
    pub image: Gray,
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    top: usize,
    height: usize,
    page_x: usize,
    page_y: usize,
}

/// The cells of `tables` (points) that hold ink, cut out of a straightened `page` (rules already
/// erased), and the page with the tables blanked out.
pub(crate) fn cut_cells(page: &Gray, tables: &[Table], dpi: f32) -> (Gray, Vec<Crop>) {
    let px = |v: f32| ((v * dpi / 72.0).round().max(0.0) as usize).min(usize::MAX / 2);
    let inset = ((dpi / 100.0).ceil() as usize).max(2);
    let mut top = page.clone();
    let mut crops = Vec::new();
    for (ti, t) in tables.iter().enumerate() {
        let (x0, x1) = (
            px(t.xs[0]).min(page.width),
            px(t.xs[t.xs.len() - 1]).min(page.width),
        );
        let (y0, y1) = (
            px(t.ys[0]).min(page.height),
            px(t.ys[t.ys.len() - 1]).min(page.height),
        );
        for (ci, cell) in t.cells.iter().enumerate() {
            let cx0 = (px(t.xs[cell.c0]) + inset).min(page.width);
            let cx1 = px(t.xs[cell.c1]).saturating_sub(inset).min(page.width);
            let cy0 = (px(t.ys[cell.r0]) + inset).min(page.height);
            let cy1 = px(t.ys[cell.r1]).saturating_sub(inset).min(page.height);
            if cx1 <= cx0 || cy1 <= cy0 {
                continue;
            }
            let image = cut(page, cx0, cy0, cx1, cy1);
            if image.data.iter().any(|&p| p < INK) {
                crops.push(Crop {
                    table: ti,
                    cell: ci,
                    page_x: cx0,
                    page_y: cy0,
                    image,
                });
            }
        }
        for y in y0..y1 {
            top.data[y * page.width + x0..y * page.width + x1.max(x0)].fill(255);
        }
    }
    (top, crops)
}

impl Montage {
    /// A sheet: `top` (the page, tables blanked; or none), then `crops` stacked below it,
    /// each enlarged `scale` times (small digits read better larger).
    pub fn new(top: Option<&Gray>, crops: &[&Crop], dpi: f32, scale: usize) -> Montage {
        let scale = scale.max(1);
        let scaled: Vec<Crop> = crops
            .iter()
            .map(|c| Crop {
                image: enlarge(&c.image, scale),
                ..(*c).clone()
            })
            .collect();
        let crops: Vec<&Crop> = scaled.iter().collect();
        let pad = ((dpi * scale as f32 / 10.0) as usize).max(8);
        let page_width = top.map_or(0, |t| t.width);
        let page_height = top.map_or(0, |t| t.height);
        let width = crops
            .iter()
            .map(|c| c.image.width + 2 * pad)
            .max()
            .unwrap_or(0)
            .max(page_width)
            .max(1);
        let height = page_height + crops.iter().map(|c| c.image.height + pad).sum::<usize>() + pad;
        let mut image = Gray::white(width, height);
        if let Some(top) = top {
            for y in 0..top.height {
                image.data[y * width..y * width + top.width]
                    .copy_from_slice(&top.data[y * top.width..(y + 1) * top.width]);
            }
        }
        let mut slots = Vec::with_capacity(crops.len());
        let mut at = page_height + pad;
        for crop in crops {
            let c = &crop.image;
            for row in 0..c.height {
                let dst = (at + row) * width + pad;
                image.data[dst..dst + c.width]
                    .copy_from_slice(&c.data[row * c.width..(row + 1) * c.width]);
            }
            slots.push(Slot {
                top: at,
                height: c.height,
                page_x: crop.page_x,
                page_y: crop.page_y,
            });
            at += c.height + pad;
        }
        Montage {
            image,
            page_height,
            slots,
            pad,
            scale,
        }
    }

    /// A word found on the sheet, moved to where it is on the page, with the index of the
    /// stacked cell it was in (`None`: the page part). `None` when it lies between cells.
    pub fn place(&self, w: &Word) -> Option<(Word, Option<usize>)> {
        let middle = w.y + w.height / 2;
        if middle < self.page_height {
            return Some((w.clone(), None));
        }
        let i = self
            .slots
            .partition_point(|s| s.top + s.height + self.pad / 2 <= middle);
        let slot = self.slots.get(i)?;
        if middle + self.pad / 2 < slot.top {
            return None;
        }
        let k = self.scale;
        Some((
            Word {
                x: slot.page_x + w.x.saturating_sub(self.pad) / k,
                y: slot.page_y + w.y.saturating_sub(slot.top) / k,
                width: w.width / k,
                height: w.height / k,
                ..w.clone()
            },
            Some(i),
        ))
    }
}

/// An image enlarged `k` times (each pixel a `k` × `k` block).
fn enlarge(image: &Gray, k: usize) -> Gray {
    if k == 1 {
        return image.clone();
    }
    let mut out = Gray::white(image.width * k, image.height * k);
    for y in 0..out.height {
        for x in 0..out.width {
            out.data[y * out.width + x] = image.data[(y / k) * image.width + x / k];
        }
    }
    out
}

/// The part `x0..x1` × `y0..y1` of an image.
fn cut(page: &Gray, x0: usize, y0: usize, x1: usize, y1: usize) -> Gray {
    let mut out = Gray::white(x1 - x0, y1 - y0);
    for y in y0..y1 {
        out.data[(y - y0) * out.width..(y - y0 + 1) * out.width]
            .copy_from_slice(&page.data[y * page.width + x0..y * page.width + x1]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Rule;
    use crate::layout::grid;

    #[test]
    fn cells_are_stacked_below_the_page_and_words_go_back() {
        // A 2 × 1 table at 72 dpi (points = pixels): cells 100 wide, 40 high.
        let rules = [
            Rule {
                x0: 10.0,
                y0: 10.0,
                x1: 210.0,
                y1: 11.0,
            },
            Rule {
                x0: 10.0,
                y0: 50.0,
                x1: 210.0,
                y1: 51.0,
            },
            Rule {
                x0: 10.0,
                y0: 10.0,
                x1: 11.0,
                y1: 51.0,
            },
            Rule {
                x0: 110.0,
                y0: 10.0,
                x1: 111.0,
                y1: 51.0,
            },
            Rule {
                x0: 209.0,
                y0: 10.0,
                x1: 210.0,
                y1: 51.0,
            },
        ];
        let tables = grid::tables(&rules);
        let mut page = Gray::white(300, 100);
        // Ink in the second cell and outside the table.
        page.data[30 * 300 + 150] = 0;
        page.data[80 * 300 + 20] = 0;
        let (top, crops) = cut_cells(&page, &tables, 72.0);
        assert_eq!(crops.len(), 1);
        let m = Montage::new(Some(&top), &crops.iter().collect::<Vec<_>>(), 72.0, 1);
        // The table is blanked on the page part; text outside it stays.
        assert_eq!(m.image.data[30 * m.image.width + 150], 255);
        assert_eq!(m.image.data[80 * m.image.width + 20], 0);
        let slot = m.slots[0];
        let word = Word {
            text: "3".to_string(),
            x: m.pad + 38,
            y: slot.top + 18,
            width: 5,
            height: 8,
            confidence: 90.0,
        };
        let (back, index) = m.place(&word).unwrap();
        assert_eq!(index, Some(0));
        assert_eq!((back.x, back.y), (slot.page_x + 38, slot.page_y + 18));
        assert!(back.x > 110 && back.x < 210 && back.y > 10 && back.y < 50);
    }
}
