//! Scans → [`Source`] by optical character recognition: page images (PNG, JPEG, TIFF files, or
//! the page images of a PDF or OFD without a text layer) are turned grey with red seal ink
//! removed ([`image`]), the paper under a grey seal whitened and specks removed ([`clean`]),
//! straightened ([`deskew`]), their table rules found and erased
//! ([`rules`]), and read by Tesseract ([`tesseract`]); the words become glyphs and the rules
//! ruling lines for the same layout as a PDF's text layer ([`crate::layout`]), so tables come
//! out as TAB-separated rows. Every line and cell maps back to its page, its box in pixels and
//! the recogniser's confidence ([`Origin::OcrBox`]); the parser flags numbers read with low
//! confidence.

mod clean;
mod deskew;
pub(crate) mod image;
mod montage;
mod rules;
mod seal;
mod tesseract;

use std::time::Duration;

use crate::builder::Builder;
use crate::layout::{self, Glyph, Page, Place, Rule, grid};
use crate::limits::{MAX_OCR_SECONDS_PER_PAGE, MAX_PAGES};
use crate::{Error, ErrorKind};
use gongkai_model::source::{Format, Origin, Source};

pub(crate) use image::{Gray, PageImage};
use tesseract::{Mode, OcrError};

/// A page read by OCR, in points (as the layout wants it), with its resolution.
pub(crate) struct Recognised {
    pub width: f32,
    pub height: f32,
    pub glyphs: Vec<Glyph>,
    pub rules: Vec<Rule>,
    pub dpi: f32,
}

impl Recognised {
    /// The page laid out.
    pub fn page(self) -> Page {
        Page::new(self.width, self.height, self.glyphs, &self.rules)
    }
}

/// The error for a scan that cannot be recognised here: Tesseract is missing, or it failed.
pub(crate) fn unavailable(pages: u32, detail: String) -> Error {
    Error::new(ErrorKind::OcrUnavailable { pages, detail })
}

/// Whether the recogniser can run; the error says why not.
pub(crate) fn check_available(pages: u32) -> Result<(), Error> {
    tesseract::available().map_err(|e| match e {
        OcrError::Unavailable(d) | OcrError::Failed(d) => unavailable(pages, d),
        OcrError::Timeout => unavailable(pages, "timeout".to_string()),
    })
}

/// Reads image files (PNG, JPEG, TIFF).
pub(crate) fn read_image(
    bytes: &[u8],
    name: &str,
    kind: &'static str,
    ocr: bool,
) -> Result<Source, Error> {
    let images = image::decode(bytes).map_err(|e| image_error(kind, e))?;
    let count = images.len() as u32;
    if !ocr {
        return Err(Error::new(ErrorKind::ScanNotRead {
            format: kind,
            pages: count,
        }));
    }
    check_available(count)?;
    let pages = recognise(images)?;
    let mut b = Builder::new();
    let dpis: Vec<Option<f32>> = pages.iter().map(|p| Some(p.dpi)).collect();
    layout::write(
        pages.into_iter().map(Recognised::page).collect(),
        &mut b,
        |place| origin(place, dpis[place.page as usize - 1].unwrap_or(72.0)),
    );
    Ok(b.finish(
        name,
        Format::Scan {
            container: kind,
            pages: count,
            text_pages: 0,
        },
    ))
}

/// The error for an image that cannot be decoded.
pub(crate) fn image_error(kind: &'static str, e: image::ImageError) -> Error {
    match e {
        image::ImageError::Damaged(detail) => Error::new(ErrorKind::Damaged {
            format: kind,
            detail,
        }),
        image::ImageError::TooLarge { width, height } => Error::new(ErrorKind::Limit {
            limit: crate::Limit::ImagePixels { width, height },
        }),
    }
}

/// Recognises page images, several at a time (one Tesseract process a core).
pub(crate) fn recognise(images: Vec<PageImage>) -> Result<Vec<Recognised>, Error> {
    let n = images.len();
    if n > MAX_PAGES {
        return Err(Error::new(ErrorKind::Limit {
            limit: crate::Limit::Pages { count: n },
        }));
    }
    let workers = std::thread::available_parallelism()
        .map_or(1, |w| w.get())
        .min(n.max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let slots: Vec<std::sync::Mutex<Option<Result<Recognised, OcrError>>>> =
        (0..n).map(|_| std::sync::Mutex::new(None)).collect();
    let images: Vec<std::sync::Mutex<Option<PageImage>>> = images
        .into_iter()
        .map(|i| std::sync::Mutex::new(Some(i)))
        .collect();
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(slot) = slots.get(i) else { break };
                    let image = images[i].lock().ok().and_then(|mut g| g.take());
                    let Some(image) = image else { continue };
                    let result = page(image);
                    if let Ok(mut slot) = slot.lock() {
                        *slot = Some(result);
                    }
                }
            });
        }
    });
    let mut out = Vec::with_capacity(n);
    for (i, slot) in slots.into_iter().enumerate() {
        match slot.into_inner().ok().flatten() {
            Some(Ok(r)) => out.push(r),
            Some(Err(OcrError::Timeout)) => {
                return Err(Error::new(ErrorKind::Limit {
                    limit: crate::Limit::OcrTime { page: i + 1 },
                }));
            }
            Some(Err(OcrError::Unavailable(d) | OcrError::Failed(d))) => {
                return Err(unavailable(n as u32, format!("page {}: {d}", i + 1)));
            }
            None => return Err(unavailable(n as u32, format!("page {} not read", i + 1))),
        }
    }
    Ok(out)
}

/// The resolution pages are reduced towards.
const TARGET_DPI: f32 = 150.0;

/// Resolution of a page image whose file does not say: as if it were A4 (portrait or
/// landscape), which is what reports are printed on.
fn assumed_dpi(gray: &Gray) -> f32 {
    let inches = if gray.width <= gray.height {
        8.27
    } else {
        11.69
    };
    (gray.width as f32 / inches).clamp(72.0, 600.0)
}

/// One page: paper whitened, straightened, rules found and erased, words recognised.
fn page(image: PageImage) -> Result<Recognised, OcrError> {
    let dpi = image
        .dpi
        .filter(|d| (50.0..=2400.0).contains(d))
        .unwrap_or_else(|| assumed_dpi(&image.gray));
    // Tesseract reads best at 150–300 dpi; finer scans are reduced (faster, and large titles
    // fall into the sizes it knows).
    let (mut gray, dpi) = match (dpi / TARGET_DPI).round() as usize {
        k if k >= 2 => (image.gray.reduce(k), dpi / k as f32),
        _ => (image.gray, dpi),
    };
    seal::whiten(&mut gray, dpi);
    clean::paper(&mut gray, dpi);
    let angle = deskew::angle(&gray);
    let mut gray = deskew::straighten(gray, angle);
    let s = 72.0 / dpi;
    let rules: Vec<Rule> = rules::find_and_erase(&mut gray, dpi)
        .iter()
        .map(|r| Rule {
            x0: r.x0 * s,
            y0: r.y0 * s,
            x1: r.x1 * s,
            y1: r.y1 * s,
        })
        .collect();
    let tables = grid::tables(&rules);
    let (top, crops) = montage::cut_cells(&gray, &tables, dpi);
    let timeout = Duration::from_secs(MAX_OCR_SECONDS_PER_PAGE);
    let sheet = montage::Montage::new(Some(&top), &crops.iter().collect::<Vec<_>>(), dpi, 1);
    let mut words: Vec<(tesseract::Word, Option<usize>)> =
        tesseract::recognise(&sheet.image, dpi, Mode::Text, timeout)?
            .iter()
            .filter_map(|w| sheet.place(w))
            .collect();
    second_pass(&mut words, &crops, &tables, dpi, timeout);
    let mut glyphs = Vec::new();
    for (w, _) in &words {
        glyphs.extend(word_glyphs(w, s));
    }
    Ok(Recognised {
        width: gray.width as f32 * s,
        height: gray.height as f32 * s,
        glyphs,
        rules,
        dpi,
    })
}

/// Confidence given to a number read again by the second pass: it was misread once, so it is
/// reported as uncertain whatever the second reading's confidence.
const SECOND_PASS: u8 = 60;

/// The least confidence of a second reading that replaces a first reading of two characters
/// (which may be a label); one character or none is always replaced.
const SECOND_PASS_MIN: f32 = 75.0;

/// At most as many cells of a page are read one by one after the sheets.
const MAX_ALONE: usize = 8;

/// A cell text that is a number as printed (digits with separators, a sign or a percent).
fn is_number(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_digit())
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || ".,-+%".contains(c))
}

/// Reads again, digits only, the short cells of tables with numbers whose first reading is no
/// number: a lone `2` read as `又`, or not at all, is a number the Chinese model missed. A
/// confident new reading replaces the old one, with a low confidence (so it is flagged); a
/// label forced into digits reads with low confidence and is kept.
fn second_pass(
    words: &mut Vec<(tesseract::Word, Option<usize>)>,
    crops: &[montage::Crop],
    tables: &[grid::Table],
    dpi: f32,
    timeout: Duration,
) {
    let mut texts: Vec<String> = vec![String::new(); crops.len()];
    for (w, slot) in words.iter() {
        if let Some(i) = slot {
            texts[*i].push_str(&w.text);
        }
    }
    // Tables with numbers: at least one cell read as a number (the sub-tables of table 二 hold
    // one or two).
    let mut numbers = vec![0usize; tables.len()];
    for (c, t) in crops.iter().zip(&texts) {
        numbers[c.table] += usize::from(is_number(t));
    }
    // A cell of the first column one row high whose row holds at least three numbers besides
    // it: a table with no label column (table 四), whose first value is a number too.
    let in_number_row = |i: usize| {
        let c = &crops[i];
        let cell = tables[c.table].cells[c.cell];
        cell.r1 == cell.r0 + 1
            && crops
                .iter()
                .zip(&texts)
                .filter(|(o, t)| {
                    let other = tables[o.table].cells[o.cell];
                    o.table == c.table && other.r0 == cell.r0 && other.c0 > 0 && is_number(t)
                })
                .count()
                >= 3
    };
    // A short reading (a character or two, or nothing) of a single-column cell (one character
    // or nothing over several columns), away from the label column, in such a table is read
    // again.
    let again: Vec<usize> = (0..crops.len())
        .filter(|&i| !is_number(&texts[i]) && texts[i].chars().count() <= 2)
        .filter(|&i| {
            let c = &crops[i];
            let cell = tables[c.table].cells[c.cell];
            // A cell over several columns (a sub-table's only value column) only when its
            // reading is a single character: its header cells read longer.
            let single = cell.c1 == cell.c0 + 1 || texts[i].chars().count() <= 1;
            numbers[c.table] >= 1 && single && (cell.c0 > 0 || in_number_row(i))
        })
        .collect();
    let mut replaced: Vec<(tesseract::Word, Option<usize>)> = Vec::new();
    let mut left = again;
    // Twice as large first (a lone digit at 150 dpi is smaller than the recogniser likes), then
    // as it is for the cells still unread: each size reads digits the other misses.
    for scale in [2, 1] {
        if left.is_empty() {
            break;
        }
        let chosen: Vec<&montage::Crop> = left.iter().map(|&i| &crops[i]).collect();
        let sheet = montage::Montage::new(None, &chosen, dpi, scale);
        let found = tesseract::recognise(&sheet.image, dpi * scale as f32, Mode::Digits, timeout);
        let Ok(found) = found else { break };
        let mut done = std::collections::BTreeSet::new();
        for w in &found {
            // A forced reading of a label is no number: only confident readings replace.
            if let Some((mut w, Some(k))) = sheet.place(w)
                && is_number(&w.text)
                && (w.confidence >= SECOND_PASS_MIN || texts[left[k]].chars().count() <= 1)
            {
                w.confidence = w.confidence.min(f32::from(SECOND_PASS));
                done.insert(left[k]);
                replaced.push((w, Some(left[k])));
            }
        }
        left.retain(|i| !done.contains(i));
    }
    // A digit the sheets still missed (Tesseract can pass over a lone `7` among other cells) is
    // read on its own, for the cells whose first reading was one character or none (a label
    // reads longer); a few per page, as each is a run of the recogniser.
    for &i in left
        .iter()
        .filter(|&&i| texts[i].chars().count() <= 1)
        .take(MAX_ALONE)
    {
        let sheet = montage::Montage::new(None, &[&crops[i]], dpi, 2);
        let Ok(found) = tesseract::recognise(&sheet.image, dpi * 2.0, Mode::Digits, timeout) else {
            break;
        };
        if let Some(mut w) = found
            .iter()
            .filter_map(|w| sheet.place(w))
            .filter(|(w, slot)| slot.is_some() && is_number(&w.text))
            .map(|(w, _)| w)
            .next()
        {
            w.confidence = w.confidence.min(f32::from(SECOND_PASS));
            replaced.push((w, Some(i)));
        }
    }
    let redone: std::collections::BTreeSet<usize> =
        replaced.iter().filter_map(|(_, s)| *s).collect();
    words.retain(|(_, slot)| slot.is_none_or(|s| !redone.contains(&s)));
    words.extend(replaced);
}

/// Confidence given to a number whose letters were read as digits (`O` → `0`, `l` → `1`).
const CORRECTED: u8 = 50;

/// The glyphs of a word (`s`: points per pixel): its box shared among its characters, a
/// Chinese character twice as wide as a digit. A word of digits that Tesseract spelt partly
/// with look-alike letters (`1O`, `l2`) gets the digits, with a low confidence.
fn word_glyphs(w: &tesseract::Word, s: f32) -> Vec<Glyph> {
    let mut confidence = w.confidence.clamp(0.0, 100.0) as u8;
    let digit_like = |c: char| c.is_ascii_digit() || "OoIl|".contains(c);
    // Dust read as a quotation mark beside a number (`”0`): no character of it.
    let quotes: &[char] = &['“', '”', '‘', '’', '"', '\'', '`'];
    let bare = w.text.trim_matches(quotes);
    let numeric = bare.chars().any(|c| c.is_ascii_digit())
        && bare.chars().all(|c| digit_like(c) || ",.%-+".contains(c));
    if numeric && bare.len() < w.text.len() {
        confidence = confidence.min(CORRECTED);
    }
    // A number followed by the comma or full stop of the sentence or the cell.
    let text = if numeric {
        bare.trim_end_matches([',', '.'])
    } else {
        w.text.as_str()
    };
    let chars: Vec<char> = text
        .chars()
        .map(|c| match c {
            'O' | 'o' if numeric => '0',
            'I' | 'l' | '|' if numeric => '1',
            c => c,
        })
        .collect();
    if chars.iter().zip(text.chars()).any(|(a, b)| *a != b) {
        confidence = confidence.min(CORRECTED);
    }
    let weight = |c: char| if c.is_ascii() { 1.0 } else { 2.0 };
    let total: f32 = chars.iter().map(|&c| weight(c)).sum::<f32>().max(1.0);
    let (x, width) = (w.x as f32 * s, w.width as f32 * s);
    let bottom = (w.y + w.height) as f32 * s;
    let size = (w.height as f32 * s * 1.15).max(1.0);
    let mut at = 0.0;
    chars
        .iter()
        .map(|&ch| {
            let x0 = x + width * at / total;
            at += weight(ch);
            Glyph {
                ch,
                x0,
                x1: x + width * at / total,
                base: bottom,
                size,
                space_before: false,
                confidence,
            }
        })
        .collect()
}

/// The place of a recognised line or cell: its box in pixels of the page image and the
/// confidence of its digits.
pub(crate) fn origin(place: &Place, dpi: f32) -> Origin {
    let px = |v: f32| (v * dpi / 72.0).round().max(0.0) as u32;
    Origin::OcrBox {
        page: place.page,
        x: px(place.bbox[0]),
        y: px(place.bbox[1]),
        width: px(place.bbox[2] - place.bbox[0]),
        height: px(place.bbox[3] - place.bbox[1]),
        confidence: place.confidence,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, confidence: f32) -> tesseract::Word {
        tesseract::Word {
            text: text.to_string(),
            x: 100,
            y: 200,
            width: 90,
            height: 30,
            confidence,
        }
    }

    #[test]
    fn words_become_glyphs_sharing_their_box() {
        let g = word_glyphs(&word("规章3", 91.6), 0.24);
        let chars: String = g.iter().map(|g| g.ch).collect();
        assert_eq!(chars, "规章3");
        assert!((g[0].x0 - 24.0).abs() < 0.01 && (g[2].x1 - 45.6).abs() < 0.01);
        assert!((g[1].x1 - g[1].x0) > (g[2].x1 - g[2].x0) * 1.9);
        assert_eq!(g[0].confidence, 91);
    }

    #[test]
    fn look_alike_letters_in_numbers_become_digits_with_low_confidence() {
        let g = word_glyphs(&word("1O", 96.0), 1.0);
        assert_eq!(g.iter().map(|g| g.ch).collect::<String>(), "10");
        assert!(g.iter().all(|g| g.confidence == CORRECTED));
        // Not in words: a label keeps its letters.
        let g = word_glyphs(&word("IO", 96.0), 1.0);
        assert_eq!(g.iter().map(|g| g.ch).collect::<String>(), "IO");
        // Dust read as a quotation mark beside a number.
        let g = word_glyphs(&word("”0", 96.0), 1.0);
        assert_eq!(g.iter().map(|g| g.ch).collect::<String>(), "0");
        assert!(g.iter().all(|g| g.confidence == CORRECTED));
        // A quoted word stays as it is.
        let g = word_glyphs(&word("“三安全", 96.0), 1.0);
        assert_eq!(g.iter().map(|g| g.ch).collect::<String>(), "“三安全");
    }

    #[test]
    fn an_unknown_resolution_is_taken_from_a4() {
        assert!((assumed_dpi(&Gray::white(2480, 3508)) - 300.0).abs() < 1.0);
        assert!((assumed_dpi(&Gray::white(3508, 2480)) - 300.0).abs() < 1.0);
    }
}
