//! Page images in grey: decoded from PNG, JPEG and TIFF files (with their resolution when the
//! file states one), or taken from a PDF's or OFD's embedded image. Strongly red pixels — the
//! seal stamped over the signature — become white on the way, so they hide no text from the
//! recogniser (black text under the red ink stays dark and is kept).

use std::io::Cursor;

use crate::limits::MAX_IMAGE_PIXELS;

/// A grey image, one byte a pixel (0 black, 255 white), rows top to bottom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Gray {
    pub width: usize,
    pub height: usize,
    pub data: Vec<u8>,
}

/// A decoded page image and its resolution, when known.
#[derive(Debug, Clone)]
pub(crate) struct PageImage {
    pub gray: Gray,
    /// Pixels per inch.
    pub dpi: Option<f32>,
}

/// Why an image could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ImageError {
    /// Damaged or of a kind the decoders do not read (what they said).
    Damaged(String),
    /// More pixels than [`MAX_IMAGE_PIXELS`].
    TooLarge { width: usize, height: usize },
}

impl Gray {
    /// A white image.
    pub fn white(width: usize, height: usize) -> Gray {
        Gray {
            width,
            height,
            data: vec![255; width * height],
        }
    }

    /// The pixel at (x, y); white outside the image.
    pub fn at(&self, x: isize, y: isize) -> u8 {
        if x < 0 || y < 0 || x as usize >= self.width || y as usize >= self.height {
            return 255;
        }
        self.data[y as usize * self.width + x as usize]
    }

    /// The image reduced `k` times in each direction (each pixel the mean of a `k` × `k` block).
    pub fn reduce(&self, k: usize) -> Gray {
        let (w, h) = (self.width / k, self.height / k);
        let mut out = Gray::white(w.max(1), h.max(1));
        for y in 0..h {
            for x in 0..w {
                let mut sum = 0u32;
                for dy in 0..k {
                    let row = (y * k + dy) * self.width + x * k;
                    sum += self.data[row..row + k]
                        .iter()
                        .map(|&p| u32::from(p))
                        .sum::<u32>();
                }
                out.data[y * w + x] = (sum / (k * k) as u32) as u8;
            }
        }
        out
    }

    /// From interleaved RGB, red seal ink removed.
    pub fn from_rgb(width: usize, height: usize, rgb: &[u8]) -> Gray {
        let data = rgb
            .chunks_exact(3)
            .take(width * height)
            .map(|p| grey(p[0], p[1], p[2]))
            .collect();
        Gray {
            width,
            height,
            data,
        }
    }
}

/// The grey level of a colour, with red dropped out as scanners do for forms: a reddish pixel
/// takes its red channel, so seal ink is light while black text under it stays dark.
pub(crate) fn grey(r: u8, g: u8, b: u8) -> u8 {
    let (r, g, b) = (i32::from(r), i32::from(g), i32::from(b));
    if r - g.max(b) > 30 {
        return r as u8;
    }
    ((r * 30 + g * 59 + b * 11) / 100) as u8
}

/// Checks a size against [`MAX_IMAGE_PIXELS`] before anything is allocated for it.
pub(crate) fn check_size(width: usize, height: usize) -> Result<(), ImageError> {
    if width == 0 || height == 0 {
        return Err(ImageError::Damaged("an empty image".to_string()));
    }
    if width.saturating_mul(height) > MAX_IMAGE_PIXELS {
        return Err(ImageError::TooLarge { width, height });
    }
    Ok(())
}

/// The kind of image file, from its first bytes.
pub(crate) fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("PNG")
    } else if bytes.starts_with(b"\xFF\xD8\xFF") {
        Some("JPEG")
    } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        Some("TIFF")
    } else {
        None
    }
}

/// Decodes an image file: one page, or one per TIFF page.
pub(crate) fn decode(bytes: &[u8]) -> Result<Vec<PageImage>, ImageError> {
    match sniff(bytes) {
        Some("PNG") => png(bytes).map(|p| vec![p]),
        Some("JPEG") => jpeg(bytes).map(|p| vec![p]),
        Some("TIFF") => tiff(bytes),
        _ => Err(ImageError::Damaged(
            "not a PNG, JPEG or TIFF image".to_string(),
        )),
    }
}

fn png(bytes: &[u8]) -> Result<PageImage, ImageError> {
    let damaged = |e: png::DecodingError| ImageError::Damaged(e.to_string());
    let mut decoder = png::Decoder::new(Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(damaged)?;
    let info = reader.info();
    let (width, height) = (info.width as usize, info.height as usize);
    check_size(width, height)?;
    let dpi = info
        .pixel_dims
        .and_then(|d| (d.unit == png::Unit::Meter && d.xppu > 0).then_some(d.xppu as f32 * 0.0254));
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| ImageError::Damaged("PNG too large".to_string()))?;
    let mut buf = vec![0; size];
    let frame = reader.next_frame(&mut buf).map_err(damaged)?;
    let (color, _) = reader.output_color_type();
    let stride = frame.line_size;
    let channels = color.samples();
    let mut gray = Gray::white(width, height);
    for y in 0..height {
        let row = &buf[y * stride..y * stride + width * channels];
        for x in 0..width {
            let p = &row[x * channels..(x + 1) * channels];
            let value = match channels {
                1 => p[0],
                // Grey and alpha: transparent is white paper.
                2 => blend(p[0], p[1]),
                3 => grey(p[0], p[1], p[2]),
                _ => blend(grey(p[0], p[1], p[2]), p[3]),
            };
            gray.data[y * width + x] = value;
        }
    }
    Ok(PageImage { gray, dpi })
}

/// A grey value over white paper at opacity `alpha`.
fn blend(value: u8, alpha: u8) -> u8 {
    let (v, a) = (u32::from(value), u32::from(alpha));
    ((v * a + 255 * (255 - a)) / 255) as u8
}

fn jpeg(bytes: &[u8]) -> Result<PageImage, ImageError> {
    use zune_jpeg::zune_core::bytestream::ZCursor;
    use zune_jpeg::zune_core::colorspace::ColorSpace;
    use zune_jpeg::zune_core::options::DecoderOptions;
    let damaged = |e: zune_jpeg::errors::DecodeErrors| ImageError::Damaged(e.to_string());
    let options = DecoderOptions::default()
        .jpeg_set_out_colorspace(ColorSpace::RGB)
        .set_max_width(1 << 16)
        .set_max_height(1 << 16);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(bytes), options);
    decoder.decode_headers().map_err(damaged)?;
    let info = decoder
        .info()
        .ok_or_else(|| ImageError::Damaged("no JPEG header".to_string()))?;
    let (width, height) = (usize::from(info.width), usize::from(info.height));
    check_size(width, height)?;
    // JFIF density: unit 1 is dots per inch, 2 dots per centimetre.
    let dpi = match info.pixel_density {
        1 if info.x_density > 1 => Some(f32::from(info.x_density)),
        2 if info.x_density > 1 => Some(f32::from(info.x_density) * 2.54),
        _ => None,
    };
    let rgb = decoder.decode().map_err(damaged)?;
    if rgb.len() < width * height * 3 {
        return Err(ImageError::Damaged("JPEG data cut short".to_string()));
    }
    Ok(PageImage {
        gray: Gray::from_rgb(width, height, &rgb),
        dpi,
    })
}

fn tiff(bytes: &[u8]) -> Result<Vec<PageImage>, ImageError> {
    use tiff::ColorType;
    use tiff::decoder::{Decoder, DecodingResult};
    use tiff::tags::Tag;
    let damaged = |e: tiff::TiffError| ImageError::Damaged(e.to_string());
    let mut decoder = Decoder::new(Cursor::new(bytes)).map_err(damaged)?;
    let mut pages = Vec::new();
    loop {
        let (w, h) = decoder.dimensions().map_err(damaged)?;
        let (width, height) = (w as usize, h as usize);
        check_size(width, height)?;
        let color = decoder.colortype().map_err(damaged)?;
        // 0: white is zero (fax scans).
        let white_is_zero = decoder
            .get_tag_u32(Tag::PhotometricInterpretation)
            .is_ok_and(|p| p == 0);
        let dpi = match decoder.find_tag(Tag::XResolution) {
            Ok(Some(v)) => v.into_f64().ok().filter(|d| *d > 1.0).map(|d| {
                let cm = decoder
                    .get_tag_u32(Tag::ResolutionUnit)
                    .is_ok_and(|u| u == 3);
                (if cm { d * 2.54 } else { d }) as f32
            }),
            _ => None,
        };
        let data = match decoder.read_image().map_err(damaged)? {
            DecodingResult::U8(v) => v,
            _ => {
                return Err(ImageError::Damaged(
                    "TIFF samples wider than 8 bits".to_string(),
                ));
            }
        };
        let gray = match color {
            ColorType::Gray(1) => {
                let stride = width.div_ceil(8);
                let mut g = Gray::white(width, height);
                for y in 0..height {
                    for x in 0..width {
                        let byte = data.get(y * stride + x / 8).copied().unwrap_or(0);
                        let bit = (byte >> (7 - x % 8)) & 1 == 1;
                        g.data[y * width + x] = if bit != white_is_zero { 255 } else { 0 };
                    }
                }
                g
            }
            ColorType::Gray(8) => {
                let mut g = Gray::white(width, height);
                for (d, s) in g.data.iter_mut().zip(&data) {
                    *d = if white_is_zero { 255 - s } else { *s };
                }
                g
            }
            ColorType::RGB(8) => Gray::from_rgb(width, height, &data),
            ColorType::RGBA(8) => {
                let rgb: Vec<u8> = data
                    .chunks_exact(4)
                    .flat_map(|p| [p[0], p[1], p[2]])
                    .collect();
                Gray::from_rgb(width, height, &rgb)
            }
            other => return Err(ImageError::Damaged(format!("TIFF colour type {other:?}"))),
        };
        if gray.data.len() != width * height {
            return Err(ImageError::Damaged("TIFF data cut short".to_string()));
        }
        pages.push(PageImage { gray, dpi });
        if !decoder.more_images() || pages.len() >= crate::limits::MAX_PAGES {
            break;
        }
        decoder.next_image().map_err(damaged)?;
    }
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png_bytes(width: u32, height: u32, color: png::ColorType, data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(color);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_pixel_dims(Some(png::PixelDimensions {
            xppu: 11811,
            yppu: 11811,
            unit: png::Unit::Meter,
        }));
        let mut writer = encoder.write_header().unwrap();
        writer.write_image_data(data).unwrap();
        writer.finish().unwrap();
        out
    }

    #[test]
    fn red_seal_ink_turns_white_and_black_text_stays() {
        // Black, seal red, dark red-brown text, white.
        let rgb = [0, 0, 0, 220, 30, 40, 90, 40, 30, 255, 255, 255];
        let png = png_bytes(4, 1, png::ColorType::Rgb, &rgb);
        let page = &decode(&png).unwrap()[0];
        assert_eq!(page.gray.data[0], 0);
        assert!(page.gray.data[1] > 200);
        assert!(page.gray.data[2] < 100);
        assert_eq!(page.gray.data[3], 255);
        assert!((page.dpi.unwrap() - 300.0).abs() < 1.0);
    }

    #[test]
    fn broken_and_oversized_images_are_errors() {
        assert!(matches!(
            decode(b"\x89PNG\r\n\x1a\nxx"),
            Err(ImageError::Damaged(_))
        ));
        assert!(matches!(
            decode(b"\xFF\xD8\xFF\xE0"),
            Err(ImageError::Damaged(_))
        ));
        assert!(matches!(
            decode(b"II*\0\x08\0\0\0"),
            Err(ImageError::Damaged(_))
        ));
        assert!(matches!(
            check_size(100_000, 100_000),
            Err(ImageError::TooLarge { .. })
        ));
        // A PNG that declares 60000 × 60000 pixels is refused before decoding.
        let mut png = png_bytes(1, 1, png::ColorType::Grayscale, &[0]);
        png[16..20].copy_from_slice(&60000u32.to_be_bytes());
        png[20..24].copy_from_slice(&60000u32.to_be_bytes());
        assert!(decode(&png).is_err());
    }
}
