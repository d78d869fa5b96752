//! PDF with a text layer → [`Source`]. Glyphs and ruling lines come from the page content
//! ([`content`], the only module that knows the PDF library); [`crate::layout`] turns them into
//! lines and ruled tables, as it does for OFD pages and scans.

mod content;
mod limits;

use crate::builder::Builder;
use crate::layout::{self, Page};
use crate::{Error, ErrorKind};
use gongkai_model::source::{Format, Origin, Source};

use content::OpenError;

pub use limits::Limit as PdfLimit;

/// Reads a PDF document.
pub(crate) fn read(bytes: &[u8], name: &str) -> Result<Source, Error> {
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
    if glyphs == 0 {
        let images = pages.iter().map(|p| p.images).sum::<usize>() as u32;
        return Err(Error::new(ErrorKind::NoTextLayer {
            pages: count,
            images,
        }));
    }
    if unmapped * 10 > glyphs * 9 {
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
    let laid: Vec<Page> = pages
        .into_iter()
        .map(|p| Page::new(p.width, p.height, p.glyphs, &p.rules))
        .collect();
    if unmapped > 0 {
        b.warn(
            None,
            format!("有 {unmapped} 个字符无法解码（字体缺少 Unicode 映射），以 � 代替"),
            format!("{unmapped} glyphs could not be decoded (no Unicode map); written as �"),
        );
    }
    layout::write(laid, &mut b, origin);
    Ok(b.finish(name, Format::Pdf { pages: count }))
}

/// A place on page `page`, `x` and `y` in points from its top left corner.
fn origin(page: u32, x: f32, y: f32) -> Origin {
    Origin::PdfPage {
        page,
        x: x.round() as i32,
        y: y.round() as i32,
    }
}
