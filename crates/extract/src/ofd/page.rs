//! The objects of one OFD page ([GB/T 33190-2016] 9–11): text objects become glyphs placed by
//! `X`, `Y`, `DeltaX`/`DeltaY` (with the `g n d` repeat form) through the object's `CTM` and
//! `Boundary`, path objects become ruling lines, image objects are counted (and kept, for a page
//! that is a scan). Coordinates are millimetres in OFD and points here (the layout's unit).

use super::xml::Element;
use crate::layout::{Glyph, Rule};

/// Points per millimetre.
pub(crate) const PT_PER_MM: f64 = 72.0 / 25.4;

/// Glyphs kept from one page at most; the rest of the page is not read.
pub(crate) const MAX_GLYPHS_PER_PAGE: usize = 100_000;

/// Page objects (text, paths, images, blocks) read from one page at most.
pub(crate) const MAX_OBJECTS_PER_PAGE: usize = 200_000;

/// What one page draws, in points from its top left corner.
#[derive(Debug, Default)]
pub(crate) struct PageContent {
    pub width: f32,
    pub height: f32,
    pub glyphs: Vec<Glyph>,
    pub rules: Vec<Rule>,
    /// The images drawn: resource ID and the box they fill.
    pub images: Vec<(String, [f32; 4])>,
    /// A limit cut the page short.
    pub truncated: bool,
}

/// A 2D affine map `[a b c d e f]`: (x, y) → (a x + c y + e, b x + d y + f).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Ctm([f64; 6]);

impl Ctm {
    const IDENTITY: Ctm = Ctm([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }

    /// Whether it keeps text upright (no rotation or skew, no mirroring).
    fn upright(&self) -> bool {
        let [a, b, c, d, ..] = self.0;
        a > 0.0 && d > 0.0 && b.abs() <= a * 0.05 && c.abs() <= d * 0.05
    }

    /// How much it scales lengths (the square root of its determinant).
    fn scale(&self) -> f64 {
        let [a, b, c, d, ..] = self.0;
        (a * d - b * c).abs().sqrt()
    }
}

/// Numbers separated by spaces (or commas); `None` when any is not a finite number.
pub(crate) fn numbers(s: &str) -> Option<Vec<f64>> {
    s.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
        .map(|t| t.parse::<f64>().ok().filter(|v| v.is_finite()))
        .collect()
}

/// A box `x y w h` (a `Boundary` or `PhysicalBox`).
pub(crate) fn boxed(s: Option<&str>) -> Option<[f64; 4]> {
    let v = numbers(s?)?;
    (v.len() == 4).then(|| [v[0], v[1], v[2], v[3]])
}

/// The deltas of a `DeltaX`/`DeltaY` list, lazily: `g n d` stands for `n` times `d`, so a
/// hostile count costs nothing until that many glyphs ask for it.
struct Deltas<'a> {
    tokens: std::iter::Peekable<std::str::SplitWhitespace<'a>>,
    repeat: (u64, f64),
    last: Option<f64>,
}

impl<'a> Deltas<'a> {
    fn new(s: Option<&'a str>) -> Deltas<'a> {
        Deltas {
            tokens: s.unwrap_or("").split_whitespace().peekable(),
            repeat: (0, 0.0),
            last: None,
        }
    }

    /// The next delta; past the end of the list the last one is used again.
    fn next_delta(&mut self) -> Option<f64> {
        if self.repeat.0 > 0 {
            self.repeat.0 -= 1;
            return Some(self.repeat.1);
        }
        match self.tokens.next() {
            Some("g") => {
                let n = self.tokens.next().and_then(|t| t.parse::<u64>().ok());
                let d = self.tokens.next().and_then(|t| t.parse::<f64>().ok());
                match (n, d) {
                    (Some(n), Some(d)) if d.is_finite() && n > 0 => {
                        self.repeat = (n - 1, d);
                        self.last = Some(d);
                        Some(d)
                    }
                    _ => self.next_delta(),
                }
            }
            Some(t) => match t.parse::<f64>() {
                Ok(d) if d.is_finite() => {
                    self.last = Some(d);
                    Some(d)
                }
                _ => self.next_delta(),
            },
            None => self.last,
        }
    }
}

/// Reads a page's layers (and the template pages drawn under it, given first).
pub(crate) fn read(layers: &[&Element], width_mm: f64, height_mm: f64) -> PageContent {
    let mut page = PageContent {
        width: (width_mm * PT_PER_MM) as f32,
        height: (height_mm * PT_PER_MM) as f32,
        ..PageContent::default()
    };
    let mut objects = 0usize;
    for layer in layers {
        walk(layer, &mut page, &mut objects);
    }
    page
}

fn walk(parent: &Element, page: &mut PageContent, objects: &mut usize) {
    // The text objects drawn one after another into the same boundary (see `respread`).
    let mut run: Option<(&str, usize, usize)> = None;
    for e in parent.elements() {
        *objects += 1;
        if *objects > MAX_OBJECTS_PER_PAGE || page.glyphs.len() >= MAX_GLYPHS_PER_PAGE {
            page.truncated = true;
            return;
        }
        if e.attr("Visible") == Some("false") {
            continue;
        }
        match e.name.as_str() {
            "Layer" | "PageBlock" => walk(e, page, objects),
            "TextObject" => {
                let start = page.glyphs.len();
                text_object(e, page);
                let boundary = e.attr("Boundary").unwrap_or("");
                match run {
                    Some((b, first, prev)) if b == boundary && start > prev => {
                        respread(page, first, prev, start, boundary);
                        run = Some((b, first, start));
                    }
                    _ => run = Some((boundary, start, start)),
                }
                continue;
            }
            "PathObject" => path_object(e, page),
            "ImageObject" => {
                if let (Some(id), Some(b)) = (e.attr("ResourceID"), boxed(e.attr("Boundary"))) {
                    let p = |v: f64| (v * PT_PER_MM) as f32;
                    page.images.push((
                        id.to_string(),
                        [p(b[0]), p(b[1]), p(b[0] + b[2]), p(b[1] + b[3])],
                    ));
                }
            }
            _ => {}
        }
    }
}

/// Some converters (PyPI `easyofd`) write each span of a line as its own text object with the
/// whole line's boundary, every span starting at its left edge and spread over its width. When
/// a text object starts inside the glyphs of the one before it in the same boundary (and is no
/// fake-bold copy of it), the run is laid out again as one: its glyphs in drawing order, spread
/// evenly over the boundary's width. A second drawing of the same text (fake bold) is dropped.
/// The run so far starts at glyph `first`, the object before at `prev`, this one at `start`.
fn respread(page: &mut PageContent, first: usize, prev: usize, start: usize, boundary: &str) {
    let (before, after) = page.glyphs[prev..].split_at(start - prev);
    let (Some(prev_end), Some(next)) = (before.last(), after.first()) else {
        return;
    };
    if before.len() == after.len() && before.iter().zip(after).all(|(a, b)| a.ch == b.ch) {
        page.glyphs.truncate(start);
        return;
    }
    if next.x0 >= prev_end.x0 || (next.base - prev_end.base).abs() > next.size * 0.2 {
        return;
    }
    let Some(b) = boxed(Some(boundary)) else {
        return;
    };
    let glyphs = &mut page.glyphs[first..];
    let left = glyphs[0].x0;
    let width = ((b[2] * PT_PER_MM) as f32).max(1.0);
    let step = width / glyphs.len() as f32;
    for (i, g) in glyphs.iter_mut().enumerate() {
        g.x0 = left + step * i as f32;
        g.x1 = g.x0 + step;
    }
}

/// The object's map from its own coordinates to the page (millimetres): its `CTM`, then the
/// offset of its `Boundary`.
fn placement(e: &Element) -> Option<Ctm> {
    let b = boxed(e.attr("Boundary"))?;
    let mut ctm = match e.attr("CTM").and_then(numbers) {
        Some(v) if v.len() == 6 => Ctm([v[0], v[1], v[2], v[3], v[4], v[5]]),
        _ => Ctm::IDENTITY,
    };
    ctm.0[4] += b[0];
    ctm.0[5] += b[1];
    Some(ctm)
}

fn text_object(e: &Element, page: &mut PageContent) {
    let Some(ctm) = placement(e) else { return };
    if !ctm.upright() {
        // Rotated or mirrored text: watermarks and seals, not the report.
        return;
    }
    let size = e
        .attr("Size")
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0)
        .unwrap_or(3.5);
    let points = size * ctm.scale() * PT_PER_MM;
    if !(0.5..500.0).contains(&points) {
        return;
    }
    let (mut x, mut y) = (0.0f64, 0.0f64);
    for code in e.elements().filter(|c| c.name == "TextCode") {
        let number = |name: &str| code.attr(name).and_then(|v| v.trim().parse::<f64>().ok());
        x = number("X").filter(|v| v.is_finite()).unwrap_or(x);
        y = number("Y").filter(|v| v.is_finite()).unwrap_or(y);
        let mut dx = Deltas::new(code.attr("DeltaX"));
        let mut dy = Deltas::new(code.attr("DeltaY"));
        let text = code.text();
        let mut space = false;
        let mut chars = text.chars().peekable();
        while let Some(ch) = chars.next() {
            let natural = if ch.is_ascii() { size / 2.0 } else { size };
            let step = if chars.peek().is_some() {
                (
                    dx.next_delta().unwrap_or(natural),
                    dy.next_delta().unwrap_or(0.0),
                )
            } else {
                (natural, 0.0)
            };
            if ch.is_whitespace() || ch.is_control() {
                space |= ch.is_whitespace();
            } else if page.glyphs.len() < MAX_GLYPHS_PER_PAGE {
                let (x0, base) = ctm.apply(x, y);
                let (x1, _) = ctm.apply(x + step.0.clamp(0.0, natural).max(natural * 0.3), y);
                page.glyphs.push(Glyph {
                    ch,
                    x0: (x0 * PT_PER_MM) as f32,
                    x1: (x1 * PT_PER_MM) as f32,
                    base: (base * PT_PER_MM) as f32,
                    size: points as f32,
                    space_before: std::mem::take(&mut space),
                    confidence: 100,
                });
            } else {
                page.truncated = true;
                return;
            }
            x += step.0;
            y += step.1;
        }
    }
}

fn path_object(e: &Element, page: &mut PageContent) {
    let Some(ctm) = placement(e) else { return };
    let white = |name: &str| {
        e.child(name)
            .and_then(|c| c.attr("Value"))
            .and_then(numbers)
            .is_some_and(|v| v.len() >= 3 && v.iter().take(3).all(|&c| c >= 250.0))
    };
    let stroke = e.attr("Stroke").is_none_or(|v| v != "false") && !white("StrokeColor");
    let fill = e.attr("Fill") == Some("true") && !white("FillColor");
    let width = e
        .attr("LineWidth")
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|v| v.is_finite() && *v >= 0.0)
        .unwrap_or(0.353);
    let half = (width * ctm.scale() * PT_PER_MM).max(0.1) / 2.0;
    let Some(data) = e.child("AbbreviatedData").map(Element::text) else {
        return;
    };
    let pt = |x: f64, y: f64| {
        let (px, py) = ctm.apply(x, y);
        (px * PT_PER_MM, py * PT_PER_MM)
    };
    let mut subpaths: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut current: Vec<(f64, f64)> = Vec::new();
    let mut tokens = data.split_whitespace();
    let take = |n: usize, tokens: &mut std::str::SplitWhitespace<'_>| -> Option<Vec<f64>> {
        (0..n)
            .map(|_| tokens.next()?.parse::<f64>().ok().filter(|v| v.is_finite()))
            .collect()
    };
    while let Some(op) = tokens.next() {
        let args = match op {
            "S" | "M" | "L" => 2,
            "Q" => 4,
            "B" => 6,
            "A" => 7,
            "C" => 0,
            _ => return,
        };
        let Some(v) = take(args, &mut tokens) else {
            break;
        };
        match op {
            "S" | "M" => {
                if current.len() > 1 {
                    subpaths.push(std::mem::take(&mut current));
                }
                current = vec![pt(v[0], v[1])];
            }
            "L" => current.push(pt(v[0], v[1])),
            "C" => {
                if let Some(&first) = current.first() {
                    current.push(first);
                }
            }
            // Curves end where they end; their shape is no table border.
            _ => {
                if let (Some(x), Some(y)) = (v.get(args - 2), v.get(args - 1)) {
                    if current.len() > 1 {
                        subpaths.push(std::mem::take(&mut current));
                    }
                    current = vec![pt(*x, *y)];
                }
            }
        }
    }
    if current.len() > 1 {
        subpaths.push(current);
    }
    for sub in &subpaths {
        if stroke {
            for w in sub.windows(2) {
                page.rules.extend(Rule::from_segment(w[0], w[1], half));
            }
        } else if fill {
            // A thin filled rectangle is a border, as WPS draws them in PDF.
            let xs = sub.iter().map(|p| p.0);
            let ys = sub.iter().map(|p| p.1);
            let (x0, x1) = (
                xs.clone().fold(f64::MAX, f64::min),
                xs.fold(f64::MIN, f64::max),
            );
            let (y0, y1) = (
                ys.clone().fold(f64::MAX, f64::min),
                ys.fold(f64::MIN, f64::max),
            );
            page.rules.extend(Rule::from_box(x0, y0, x1, y1));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::xml::parse;
    use super::*;

    fn page(xml: &str) -> PageContent {
        let root = parse(xml, "page").unwrap();
        read(&[&root], 210.0, 297.0)
    }

    #[test]
    fn glyphs_follow_x_y_and_repeated_deltas() {
        let p = page(
            r#"<Layer><TextObject Boundary="10 20 100 10" Size="5"><TextCode X="0" Y="5" DeltaX="g 2 5 2.5">规章 12</TextCode></TextObject></Layer>"#,
        );
        let chars: String = p.glyphs.iter().map(|g| g.ch).collect();
        assert_eq!(chars, "规章12");
        let x = |i: usize| f64::from(p.glyphs[i].x0) / PT_PER_MM;
        assert!((x(0) - 10.0).abs() < 0.01 && (x(1) - 15.0).abs() < 0.01);
        // The space took a delta of 2.5 and set the break before "1".
        assert!((x(2) - 22.5).abs() < 0.01 && p.glyphs[2].space_before);
        assert!((f64::from(p.glyphs[0].base) / PT_PER_MM - 25.0).abs() < 0.01);
        assert!((f64::from(p.glyphs[0].size) - 5.0 * PT_PER_MM).abs() < 0.01);
    }

    #[test]
    fn rotated_text_is_left_out_and_huge_repeats_cost_nothing() {
        let p = page(
            r#"<Layer><TextObject Boundary="0 0 50 50" Size="5" CTM="0 1 -1 0 0 0"><TextCode X="0" Y="5">水印</TextCode></TextObject><TextObject Boundary="0 0 50 50" Size="5"><TextCode X="0" Y="5" DeltaX="g 18446744073709551615 1">ab</TextCode></TextObject></Layer>"#,
        );
        let chars: String = p.glyphs.iter().map(|g| g.ch).collect();
        assert_eq!(chars, "ab");
    }

    #[test]
    fn paths_become_rules() {
        let p = page(
            r#"<Layer><PathObject Boundary="10 10 100 50" LineWidth="0.25"><AbbreviatedData>M 0 0 L 100 0 L 100 50 L 0 50 C</AbbreviatedData></PathObject><PathObject Boundary="0 0 10 10" Fill="true" Stroke="false"><AbbreviatedData>M 0 0 L 10 0 L 10 0.2 L 0 0.2 C</AbbreviatedData></PathObject><PathObject Boundary="0 0 10 10"><StrokeColor Value="255 255 255"/><AbbreviatedData>M 0 0 L 10 0</AbbreviatedData></PathObject></Layer>"#,
        );
        assert_eq!(p.rules.len(), 5);
        let top = p.rules[0];
        assert!(top.is_horizontal());
        assert!((f64::from(top.x1 - top.x0) - 100.0 * PT_PER_MM).abs() < 0.5);
    }

    #[test]
    fn spans_drawn_into_one_boundary_are_laid_out_again_in_order() {
        let p = page(
            r#"<Layer><TextObject Boundary="10 20 40 3" Size="2"><TextCode X="0" Y="2" DeltaX="g 3 10">2022</TextCode></TextObject><TextObject Boundary="10 20 40 3" Size="2"><TextCode X="0" Y="2" DeltaX="g 2 13">年共7</TextCode></TextObject><TextObject Boundary="10 20 40 3" Size="2"><TextCode X="0" Y="2" DeltaX="g 2 13">年共7</TextCode></TextObject></Layer>"#,
        );
        let mut g = p.glyphs.clone();
        g.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        let chars: String = g.iter().map(|g| g.ch).collect();
        assert_eq!(chars, "2022年共7");
    }

    #[test]
    fn deltas_repeat_the_last_value() {
        let mut d = Deltas::new(Some("1 g 2 3 x 4"));
        let v: Vec<f64> = (0..6).filter_map(|_| d.next_delta()).collect();
        assert_eq!(v, vec![1.0, 3.0, 3.0, 4.0, 4.0, 4.0]);
        assert_eq!(Deltas::new(None).next_delta(), None);
    }
}
