//! PDF with a text layer → [`Source`]. Glyphs and ruling lines come from the page content
//! ([`content`], the only module that knows the PDF library); [`crate::layout`] turns them into
//! lines and ruled tables, as it does for OFD pages and scans.

mod content;
mod limits;

use std::collections::BTreeMap;

use crate::builder::Builder;
use crate::layout::{self, Page, Place};
use crate::ocr::{self, Recognised};
use crate::{Error, ErrorKind, Options};
use gongkai_model::source::{Format, Origin, Source};

use content::OpenError;

pub use limits::Limit as PdfLimit;

/// Reads a PDF document. Pages without text that draw an image are scans: they are
/// recognised by OCR when `options` allow it (pages with a text layer never are).
pub(crate) fn read(bytes: &[u8], name: &str, options: &Options) -> Result<Source, Error> {
    let pages = content::read(bytes).map_err(|e| {
        Error::new(match e {
            OpenError::Encrypted => ErrorKind::Encrypted,
            OpenError::Damaged => ErrorKind::Damaged {
                format: "PDF",
                detail: "no readable page".to_string(),
            },
            OpenError::Limit(limit) => ErrorKind::PdfLimit { limit },
        })
    })?;
    let glyphs: usize = pages.iter().map(|p| p.glyphs.len()).sum();
    let unmapped: usize = pages.iter().map(|p| p.unmapped).sum();
    let count = pages.len() as u32;
    let images = pages.iter().map(|p| p.images).sum::<usize>() as u32;
    let no_text_layer = Error::new(ErrorKind::NoTextLayer {
        pages: count,
        images,
    });
    let scanned: Vec<usize> = (0..pages.len())
        .filter(|&i| pages[i].glyphs.is_empty() && pages[i].images > 0)
        .collect();
    if glyphs == 0 && (scanned.is_empty() || !options.ocr) {
        return Err(no_text_layer);
    }
    if glyphs > 0 && unmapped * 10 > glyphs * 9 {
        return Err(Error::new(ErrorKind::UnmappedText { pages: count }));
    }
    let mut b = Builder::new();
    for (i, page) in pages.iter().enumerate() {
        if let Some(limit) = page.truncated {
            b.warn(
                None,
                format!("第 {} 页{}，只读取了前面部分", i + 1, limit.zh()),
                format!(
                    "page {}: {}; only its beginning was read",
                    i + 1,
                    limit.en()
                ),
            );
        }
    }
    let mut recognised = recognise(bytes, &scanned, glyphs == 0, options, &mut b)?;
    if glyphs == 0 && recognised.is_empty() {
        return Err(no_text_layer);
    }
    let dpis: Vec<Option<f32>> = (0..pages.len())
        .map(|i| recognised.get(&i).map(|r| r.dpi))
        .collect();
    let scans = recognised.len() as u32;
    let laid: Vec<Page> = pages
        .into_iter()
        .enumerate()
        .map(|(i, p)| match recognised.remove(&i) {
            Some(r) => r.page(),
            None => Page::new(p.width, p.height, p.glyphs, &p.rules),
        })
        .collect();
    if unmapped > 0 {
        b.warn(
            None,
            format!("有 {unmapped} 个字符无法解码（字体缺少 Unicode 映射），以 � 代替"),
            format!("{unmapped} glyphs could not be decoded (no Unicode map); written as �"),
        );
    }
    layout::write(laid, &mut b, |place| {
        match dpis.get(place.page as usize - 1).copied().flatten() {
            Some(dpi) => ocr::origin(place, dpi),
            None => origin(place),
        }
    });
    let format = if scans > 0 {
        Format::Scan {
            container: "PDF",
            pages: count,
            text_pages: count - scans,
        }
    } else {
        Format::Pdf { pages: count }
    };
    Ok(b.finish(name, format))
}

/// Recognises the scanned pages (0-based `scanned`). Without OCR, or without Tesseract, the
/// pages of a document that has text elsewhere are left out with a warning; a document that is
/// all scan gets the error.
fn recognise(
    bytes: &[u8],
    scanned: &[usize],
    all_scan: bool,
    options: &Options,
    b: &mut Builder,
) -> Result<BTreeMap<usize, Recognised>, Error> {
    let mut out = BTreeMap::new();
    if scanned.is_empty() {
        return Ok(out);
    }
    let list = scanned
        .iter()
        .map(|i| (i + 1).to_string())
        .collect::<Vec<_>>()
        .join("、");
    if !options.ocr {
        b.warn(
            None,
            format!("第 {list} 页是扫描图像（没有文字层），已按 --no-ocr 跳过"),
            format!("pages {list} are scanned images (no text layer), skipped as --no-ocr says"),
        );
        return Ok(out);
    }
    if let Err(e) = ocr::check_available(scanned.len() as u32) {
        if all_scan {
            return Err(e);
        }
        b.warn(
            None,
            format!("第 {list} 页未读取：{}", e.message(false)),
            format!("pages {list} not read: {}", e.message(true)),
        );
        return Ok(out);
    }
    let mut pages = Vec::new();
    let mut images = Vec::new();
    for (i, image) in scanned.iter().zip(content::page_images(bytes, scanned)) {
        match image {
            Some(image) => {
                pages.push(*i);
                images.push(image);
            }
            None => b.warn(
                None,
                format!("第 {} 页的图像无法解码或过大，未识别", i + 1),
                format!(
                    "page {}: its image cannot be decoded or is too large; not recognised",
                    i + 1
                ),
            ),
        }
    }
    for (i, r) in pages.into_iter().zip(ocr::recognise(images)?) {
        out.insert(i, r);
    }
    Ok(out)
}

/// A place on a page, in points from its top left corner.
fn origin(place: &Place) -> Origin {
    Origin::PdfPage {
        page: place.page,
        x: place.x.round() as i32,
        y: place.y.round() as i32,
    }
}
