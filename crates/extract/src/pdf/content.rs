//! The only module that talks to the PDF library (hayro, a young 0.x API pinned to an exact
//! version): a document in, per page the glyphs with their positions and the ruling lines out.
//!
//! Coordinates are PDF points on the page as displayed (rotation and crop box applied), with the
//! origin at the top left and `y` growing downwards.

use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};

use hayro_interpret::font::GlyphRun;
use hayro_interpret::hayro_cmap::{BfString, WritingMode};
use hayro_interpret::kurbo::{Affine, BezPath, PathEl, Point, Rect, Shape, Vec2};
use hayro_interpret::{
    BlendMode, ClipPath, Context, Device, DrawMode, DrawProps, Image, ImageData, ImageDrawProps,
    InterpreterCache, InterpreterSettings, Paint, RenderContent, SoftMask, interpret_page,
};
use hayro_syntax::{LoadPdfError, Pdf};

use super::limits::{self, Limit};
use crate::layout::{Glyph, Rule};
use crate::ocr::image::check_size;
use crate::ocr::{Gray, PageImage};

/// What one page draws.
#[derive(Debug, Default)]
pub(crate) struct PageContent {
    /// Page width in points.
    pub width: f32,
    /// Page height in points.
    pub height: f32,
    /// The glyphs, in drawing order (duplicates of fake bold still included).
    pub glyphs: Vec<Glyph>,
    /// The ruling lines.
    pub rules: Vec<Rule>,
    /// How many images the page draws (a page of images and no glyphs is a scan).
    pub images: usize,
    /// Glyphs drawn without a known character (no `ToUnicode` map).
    pub unmapped: usize,
    /// The limit that stopped reading the page before its end, if one did.
    pub truncated: Option<Limit>,
}

/// Why a PDF could not be opened or read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum OpenError {
    /// Encrypted with a password we do not have.
    Encrypted,
    /// Not a readable PDF, even after recovery.
    Damaged,
    /// A safety limit was exceeded.
    Limit(Limit),
}

/// Reads every page of a PDF. Each page is interpreted with a budget of drawing calls and
/// glyphs: a page that exceeds it is cut short (and says so), a document that exceeds its own
/// budget of calls fails with [`OpenError::Limit`].
pub(crate) fn read(bytes: &[u8]) -> Result<Vec<PageContent>, OpenError> {
    limits::check_streams(bytes).map_err(OpenError::Limit)?;
    let pdf = Pdf::new(bytes.to_vec()).map_err(|e| match e {
        LoadPdfError::Decryption(_) => OpenError::Encrypted,
        _ => OpenError::Damaged,
    })?;
    if pdf.len() > limits::MAX_OBJECTS {
        return Err(OpenError::Limit(Limit::Objects));
    }
    let pages = pdf.pages();
    if pages.len() > limits::MAX_PAGES {
        return Err(OpenError::Limit(Limit::Pages));
    }
    if pages.is_empty() {
        return Err(OpenError::Damaged);
    }
    let settings = InterpreterSettings {
        // Annotations (stamps, form fields, comments) are not the report's text.
        render_content: RenderContent::PAGE,
        ..InterpreterSettings::default()
    };
    let cache = InterpreterCache::new();
    let mut out = Vec::with_capacity(pages.len());
    let mut calls = 0;
    for page in pages.iter() {
        let (width, height) = page.render_dimensions();
        let root = Affine::new(page.initial_transform(true).as_coeffs());
        let bbox = Rect::new(0.0, 0.0, f64::from(width), f64::from(height));
        let mut context = Context::new(root, bbox, &cache, pdf.xref(), settings.clone());
        let mut collector = Collector {
            page: PageContent {
                width,
                height,
                ..PageContent::default()
            },
            raw: Vec::new(),
            calls: 0,
            space: false,
        };
        let run = catch_unwind(AssertUnwindSafe(|| {
            interpret_page(page, &mut context, &mut collector);
        }));
        match run {
            Ok(()) => {}
            // The page went over its budget: keep what it drew so far.
            Err(payload) => match payload.downcast::<Limit>() {
                Ok(limit) => collector.page.truncated = Some(*limit),
                Err(other) => resume_unwind(other),
            },
        }
        calls += collector.calls;
        if calls > limits::MAX_CALLS {
            return Err(OpenError::Limit(Limit::Operations));
        }
        out.push(collector.finish());
    }
    Ok(out)
}

/// A [`Device`] that keeps glyphs and ruling lines and ignores everything else.
struct Collector {
    /// The page so far: rules in page space; glyphs are kept in `raw` until the page's reading
    /// direction is known.
    page: PageContent,
    raw: Vec<RawGlyph>,
    /// A space was drawn last in the current glyph run.
    space: bool,
    /// Drawing calls so far on this page: bounds the work of nested forms and patterns.
    calls: usize,
}

impl Collector {
    /// Counts one drawing call; stops interpretation (without the panic hook, so silently) when
    /// the page exceeds its budget. `read` catches the unwind and reports the limit.
    fn tick(&mut self) {
        self.calls += 1;
        if self.calls > limits::MAX_CALLS_PER_PAGE {
            resume_unwind(Box::new(Limit::Operations));
        }
    }

    fn glyph(&mut self, ch: char, transform: Affine, advance: f64) {
        if self.raw.len() >= limits::MAX_GLYPHS_PER_PAGE {
            resume_unwind(Box::new(Limit::Glyphs));
        }
        if ch.is_whitespace() || ch.is_control() {
            // Spaces are not kept as glyphs: they mark a word break before the next glyph.
            self.space |= ch.is_whitespace();
            return;
        }
        let space_before = std::mem::take(&mut self.space);
        let (origin, end, top) = (
            transform * Point::ZERO,
            transform * Point::new(advance, 0.0),
            transform * Point::new(0.0, 1000.0),
        );
        if [origin, end, top].iter().all(|p| p.is_finite()) {
            self.raw.push(RawGlyph {
                ch,
                space_before,
                origin,
                end,
                top,
            });
        }
    }

    /// The page with its glyphs turned the way most of them read: a page printed sideways
    /// (text drawn rotated by a quarter turn) is read as if it had been turned upright. Glyphs
    /// that still do not stand upright (watermarks, stamps) are left out.
    fn finish(mut self) -> PageContent {
        let mut votes = [0usize; 4];
        for g in &self.raw {
            votes[quarter_turns(g.end - g.origin)] += 1;
        }
        let turns = (0..4).max_by_key(|&k| (votes[k], k == 0)).unwrap_or(0);
        let (w, h) = (f64::from(self.page.width), f64::from(self.page.height));
        let turn = match turns {
            1 => Affine::new([0.0, -1.0, 1.0, 0.0, 0.0, w]),
            2 => Affine::new([-1.0, 0.0, 0.0, -1.0, w, h]),
            3 => Affine::new([0.0, 1.0, -1.0, 0.0, h, 0.0]),
            _ => Affine::IDENTITY,
        };
        if turns % 2 == 1 {
            std::mem::swap(&mut self.page.width, &mut self.page.height);
        }
        for r in &mut self.page.rules {
            let b = turn.transform_rect_bbox(Rect::new(
                f64::from(r.x0),
                f64::from(r.y0),
                f64::from(r.x1),
                f64::from(r.y1),
            ));
            *r = Rule {
                x0: b.x0 as f32,
                y0: b.y0 as f32,
                x1: b.x1 as f32,
                y1: b.y1 as f32,
            };
        }
        let (width, height) = (self.page.width, self.page.height);
        for g in &self.raw {
            let (origin, end, top) = (turn * g.origin, turn * g.end, turn * g.top);
            let (along, up) = (end - origin, top - origin);
            // Upright: advancing rightwards, its top above it, neither skewed.
            if along.x <= 0.0
                || along.y.abs() > along.x * 0.05
                || up.y >= 0.0
                || up.x.abs() > -up.y * 0.05
            {
                continue;
            }
            let size = up.hypot() as f32;
            let (x0, x1, base) = (origin.x as f32, end.x as f32, origin.y as f32);
            let inside = x0 >= -1.0 && x0 <= width + 1.0 && base >= 0.0 && base <= height + size;
            if size > 0.5 && size < 500.0 && inside {
                self.page.glyphs.push(Glyph {
                    ch: g.ch,
                    x0,
                    x1,
                    base,
                    size,
                    space_before: g.space_before,
                    confidence: 100,
                });
            }
        }
        self.page
    }

    fn rule(&mut self, r: Rect) {
        self.page
            .rules
            .extend(Rule::from_box(r.x0, r.y0, r.x1, r.y1));
    }

    fn stroked_segments(&mut self, path: &BezPath, transform: Affine, width: f64) {
        let half = (width
            * transform.as_coeffs()[0]
                .abs()
                .max(transform.as_coeffs()[3].abs()))
        .max(0.1)
            / 2.0;
        let mut start = Point::ZERO;
        let mut last = Point::ZERO;
        for el in path.elements() {
            match *el {
                PathEl::MoveTo(p) => {
                    start = transform * p;
                    last = start;
                }
                PathEl::LineTo(p) => {
                    let p = transform * p;
                    self.segment(last, p, half);
                    last = p;
                }
                PathEl::ClosePath => {
                    self.segment(last, start, half);
                    last = start;
                }
                PathEl::QuadTo(_, p) | PathEl::CurveTo(_, _, p) => last = transform * p,
            }
        }
    }

    fn segment(&mut self, a: Point, b: Point, half: f64) {
        self.page
            .rules
            .extend(Rule::from_segment((a.x, a.y), (b.x, b.y), half));
    }
}

/// A glyph as drawn, in page space: where it starts, where its advance ends, and the top of its
/// em square.
struct RawGlyph {
    ch: char,
    space_before: bool,
    origin: Point,
    end: Point,
    top: Point,
}

/// How many quarter turns clockwise (as displayed) the direction `v` is from reading rightwards.
fn quarter_turns(v: Vec2) -> usize {
    if v.x.abs() >= v.y.abs() {
        if v.x >= 0.0 { 0 } else { 2 }
    } else if v.y > 0.0 {
        1
    } else {
        3
    }
}

fn is_white(paint: &Paint<'_>) -> bool {
    match paint {
        Paint::Color(c) => {
            let [r, g, b, a] = c.to_rgba().components();
            a < 0.05 || (r > 0.95 && g > 0.95 && b > 0.95)
        }
        Paint::Pattern(_) => false,
    }
}

impl<'a> Device<'a> for Collector {
    fn draw_path(&mut self, path: &BezPath, props: DrawProps<'a>, draw_mode: &DrawMode) {
        self.tick();
        if is_white(&props.paint) {
            return;
        }
        match draw_mode {
            DrawMode::Fill(_) => {
                // WPS draws borders as thin filled rectangles (`m l l l h f*`); a path of
                // several rectangles is several borders.
                for sub in subpaths(path) {
                    let bounds = (props.transform * sub).bounding_box();
                    self.rule(bounds);
                }
            }
            DrawMode::Stroke(stroke) | DrawMode::FillAndStroke(_, stroke) => {
                self.stroked_segments(path, props.transform, f64::from(stroke.line_width));
            }
            DrawMode::Invisible => {}
        }
    }

    fn push_clip_path(&mut self, _: &ClipPath) {
        self.tick();
    }

    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {
        self.tick();
    }

    fn draw_glyph_run(&mut self, run: &GlyphRun<'_, 'a>, props: DrawProps<'a>, _: &DrawMode) {
        self.tick();
        self.space = false;
        let vertical = run.writing_mode() == WritingMode::Vertical;
        for glyph in run.glyphs() {
            let transform = props.transform * glyph.transform();
            // A vertical (Identity-V) glyph stands upright one em wide; its transform already
            // holds the origin displacement from the pen position.
            let advance = match (vertical, &**glyph) {
                (true, _) => 1000.0,
                (false, hayro_interpret::font::Glyph::Outline(g)) => {
                    f64::from(g.advance_width().unwrap_or(0.0))
                }
                (false, hayro_interpret::font::Glyph::Type3(g)) => {
                    f64::from(g.advance_width().unwrap_or(0.0))
                }
            };
            match glyph.as_unicode() {
                Some(BfString::Char(ch)) => self.glyph(ch, transform, fallback(ch, advance)),
                Some(BfString::String(s)) => {
                    let n = s.chars().count().max(1) as f64;
                    for (i, ch) in s.chars().enumerate() {
                        let t = transform * Affine::translate((advance / n * i as f64, 0.0));
                        self.glyph(ch, t, advance / n);
                    }
                }
                None => {
                    self.page.unmapped += 1;
                    self.glyph('\u{FFFD}', transform, fallback('\u{FFFD}', advance));
                }
            }
        }
    }

    fn draw_image(&mut self, _: Image<'a, '_>, _: ImageDrawProps<'a>) {
        self.tick();
        self.page.images += 1;
    }

    fn pop_clip(&mut self) {}

    fn pop_transparency_group(&mut self) {}
}

/// A glyph without a usable advance is one em wide (CJK) or half (Latin, digits).
fn fallback(ch: char, advance: f64) -> f64 {
    if advance > 1.0 {
        advance
    } else if ch.is_ascii() {
        500.0
    } else {
        1000.0
    }
}

/// The closed subpaths of a path, each as its own path.
fn subpaths(path: &BezPath) -> Vec<BezPath> {
    let mut out = Vec::new();
    let mut current = BezPath::new();
    for el in path.elements() {
        if matches!(el, PathEl::MoveTo(_)) && !current.elements().is_empty() {
            out.push(std::mem::take(&mut current));
        }
        current.push(*el);
    }
    if !current.elements().is_empty() {
        out.push(current);
    }
    out
}

/// The scanned image of each page in `wanted` (0-based indices): the largest image the page
/// draws, decoded, turned as displayed, with its resolution on the page; `None` for a page
/// whose image cannot be decoded or exceeds the pixel limit.
pub(crate) fn page_images(bytes: &[u8], wanted: &[usize]) -> Vec<Option<PageImage>> {
    let Ok(pdf) = Pdf::new(bytes.to_vec()) else {
        return vec![None; wanted.len()];
    };
    let pages = pdf.pages();
    let settings = InterpreterSettings {
        render_content: RenderContent::PAGE,
        ..InterpreterSettings::default()
    };
    let cache = InterpreterCache::new();
    let mut out = Vec::with_capacity(wanted.len());
    for &i in wanted {
        let Some(page) = pages.get(i) else {
            out.push(None);
            continue;
        };
        let (width, height) = page.render_dimensions();
        let root = Affine::new(page.initial_transform(true).as_coeffs());
        let bbox = Rect::new(0.0, 0.0, f64::from(width), f64::from(height));
        let mut context = Context::new(root, bbox, &cache, pdf.xref(), settings.clone());
        let mut scan = ScanCollector {
            best: None,
            calls: 0,
        };
        let run = catch_unwind(AssertUnwindSafe(|| {
            interpret_page(page, &mut context, &mut scan);
        }));
        if let Err(payload) = run
            && payload.downcast_ref::<Limit>().is_none()
        {
            resume_unwind(payload);
        }
        out.push(scan.best.map(|(_, image)| image));
    }
    out
}

/// A [`Device`] that keeps the largest image drawn (by its area on the page), decoded.
struct ScanCollector {
    best: Option<(f64, PageImage)>,
    calls: usize,
}

impl<'a> Device<'a> for ScanCollector {
    fn draw_path(&mut self, _: &BezPath, _: DrawProps<'a>, _: &DrawMode) {
        self.tick();
    }

    fn push_clip_path(&mut self, _: &ClipPath) {
        self.tick();
    }

    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}

    fn draw_glyph_run(&mut self, _: &GlyphRun<'_, 'a>, _: DrawProps<'a>, _: &DrawMode) {
        self.tick();
    }

    fn draw_image(&mut self, image: Image<'a, '_>, props: ImageDrawProps<'a>) {
        self.tick();
        let (w, h) = (image.width() as usize, image.height() as usize);
        let placed = props
            .transform
            .transform_rect_bbox(Rect::new(0.0, 0.0, w as f64, h as f64));
        let area = placed.area();
        if !area.is_finite() || self.best.as_ref().is_some_and(|(a, _)| *a >= area) {
            return;
        }
        if check_size(w, h).is_err() {
            return;
        }
        let mut gray: Option<Gray> = None;
        match &image {
            Image::Raster(r) => r.with_rgba(
                |data, _| {
                    gray = match data {
                        ImageData::Rgb(d) => {
                            Some(Gray::from_rgb(d.width as usize, d.height as usize, &d.data))
                        }
                        ImageData::Luma(d) => Some(Gray {
                            width: d.width as usize,
                            height: d.height as usize,
                            data: d.data,
                        }),
                    };
                },
                None,
            ),
            // A 1-bit mask drawn in ink: painted where the mask is set.
            Image::Stencil(s) => s.with_stencil(
                |mask, _| {
                    gray = Some(Gray {
                        width: mask.width as usize,
                        height: mask.height as usize,
                        data: mask.data.iter().map(|&m| 255 - m).collect(),
                    });
                },
                None,
            ),
        }
        let Some(gray) = gray.filter(|g| g.data.len() == g.width * g.height && g.width > 0) else {
            return;
        };
        let gray = orient(gray, props.transform);
        let dpi = (gray.width as f64 / (placed.width() / 72.0)) as f32;
        self.best = Some((
            area,
            PageImage {
                gray,
                dpi: dpi.is_finite().then_some(dpi),
            },
        ));
    }

    fn pop_clip(&mut self) {}

    fn pop_transparency_group(&mut self) {}
}

impl ScanCollector {
    fn tick(&mut self) {
        self.calls += 1;
        if self.calls > limits::MAX_CALLS_PER_PAGE {
            resume_unwind(Box::new(Limit::Operations));
        }
    }
}

/// The image turned the way the page displays it: `transform` maps its pixels (x right, y down)
/// onto the page (y down); only its quarter turns and mirrorings are applied.
fn orient(image: Gray, transform: Affine) -> Gray {
    let [a, b, c, d, ..] = transform.as_coeffs();
    let sign = |v: f64| if v > 0.0 { 1i64 } else { -1 };
    // Where the image's x and y axes point on the page, as unit steps.
    let (xa, ya) = if a.abs() >= b.abs() {
        ((sign(a), 0i64), (0i64, sign(d)))
    } else {
        ((0, sign(b)), (sign(c), 0))
    };
    if xa == (1, 0) && ya == (0, 1) {
        return image;
    }
    let (w, h) = (image.width as i64, image.height as i64);
    let (out_w, out_h) = if xa.0 != 0 { (w, h) } else { (h, w) };
    let mut out = Gray::white(out_w as usize, out_h as usize);
    for y in 0..h {
        for x in 0..w {
            let mut px = xa.0 * x + ya.0 * y;
            let mut py = xa.1 * x + ya.1 * y;
            if xa.0 < 0 || ya.0 < 0 {
                px += out_w - 1;
            }
            if xa.1 < 0 || ya.1 < 0 {
                py += out_h - 1;
            }
            if (0..out_w).contains(&px) && (0..out_h).contains(&py) {
                out.data[(py * out_w + px) as usize] = image.data[(y * w + x) as usize];
            }
        }
    }
    out
}
