//! The other forms reports are published in, made from the examples by the tools agencies use:
//! `.doc` and `.wps` files LibreOffice saves from our DOCX renders read to the same cells as the
//! DOCX, OFD files the independent PyPI converter `easyofd` makes from LibreOffice's PDFs read to
//! the example's cells, scans of the rendered report (pages rasterised by `pdftoppm`, turned
//! slightly and stamped with a red seal here) read by OCR, and a folder of them goes through
//! `check`. Needs LibreOffice (`soffice`), `pdftoppm`, Tesseract with `chi_sim` and, for OFD,
//! Python with `easyofd`: skipped without them, unless `GONGKAI_REQUIRE_ALL=1`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{gongkai, read_cells, root};

/// Whether a test's external requirement is there; without it the test prints why it is
/// skipped, except under `GONGKAI_REQUIRE_ALL=1` (CI), where a missing requirement fails.
pub fn require(what: &str, ok: bool) -> bool {
    if !ok {
        assert!(
            std::env::var("GONGKAI_REQUIRE_ALL").as_deref() != Ok("1"),
            "GONGKAI_REQUIRE_ALL=1 but {what} is not available"
        );
        eprintln!("skipped: {what} is not available");
    }
    ok
}

/// Whether `program arg` runs and succeeds.
pub fn runs(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// An empty folder for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("published")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The cells `gongkai extract` reads from a file.
fn cells_of(path: &Path) -> Vec<(String, String)> {
    let out = gongkai(&["extract", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    read_cells(&text(&out.stdout))
}

/// The examples that go through every published form.
pub const EXAMPLES: &[&str] = &["2021-tabbed", "2019-cell-per-line", "2021-layout"];

/// Renders each example to DOCX in `dir` and returns the paths.
pub fn render_docx(dir: &Path, names: &[&str]) -> Vec<PathBuf> {
    names
        .iter()
        .map(|name| {
            let docx = dir.join(format!("{name}.docx"));
            let example = root().join("examples").join(format!("{name}.txt"));
            let out = gongkai(&[
                "render",
                "--to",
                "docx",
                "-o",
                docx.to_str().unwrap(),
                example.to_str().unwrap(),
            ]);
            assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
            docx
        })
        .collect()
}

/// Converts files with LibreOffice (`to` is a `--convert-to` target such as `doc` or `pdf`).
pub fn soffice_convert(dir: &Path, files: &[PathBuf], to: &str) {
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.join("profile").display()
    );
    let out = Command::new("soffice")
        .args([&profile, "--headless", "--convert-to", to, "--outdir"])
        .arg(dir)
        .args(files)
        .output()
        .expect("soffice runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn doc_and_wps_from_libreoffice_read_to_the_cells_of_the_docx() {
    if !require("LibreOffice (soffice)", runs("soffice", "--version")) {
        return;
    }
    let dir = scratch("doc");
    let docx = render_docx(&dir, EXAMPLES);
    soffice_convert(&dir, &docx, "doc");
    // LibreOffice writes `.wps` with its "MS Word 97" filter: the same format.
    soffice_convert(&dir, &docx[..1], "wps");
    for (name, docx) in EXAMPLES.iter().zip(&docx) {
        let doc = docx.with_extension("doc");
        let want = cells_of(docx);
        assert_eq!(cells_of(&doc), want, "{name}: .doc and .docx differ");
        let truth = root().join("examples").join(format!("{name}.cells.tsv"));
        let truth = read_cells(&std::fs::read_to_string(truth).unwrap());
        assert_eq!(want, truth, "{name}: the DOCX render reads back");
    }
    let wps = docx[0].with_extension("wps");
    assert_eq!(cells_of(&wps), cells_of(&docx[0]));

    // A folder of them through `check`: every file read, none refused.
    let out = gongkai(&["check", "--format", "tsv", dir.to_str().unwrap()]);
    let stderr = text(&out.stderr);
    assert_ne!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("共检查 7 个文件"), "{stderr}");
    assert!(stderr.contains("无法读取 0 个"), "{stderr}");
}

/// Converts a PDF to OFD with the PyPI package `easyofd` (text objects, its own namespace URI).
fn easyofd(pdf: &Path, ofd: &Path) {
    // easyofd writes scratch files into its working folder: give it its own.
    let work = pdf.with_extension("easyofd");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).unwrap();
    let script = "import sys\nfrom easyofd.ofd import OFD\n\
        data = OFD().pdf2ofd(open(sys.argv[1], 'rb').read(), optional_text=True)\n\
        open(sys.argv[2], 'wb').write(data)\n";
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(pdf)
        .arg(ofd)
        .current_dir(&work)
        .output()
        .expect("python3 runs");
    assert!(out.status.success(), "easyofd: {}", text(&out.stderr));
}

fn has_easyofd() -> bool {
    Command::new("python3")
        .args(["-c", "import easyofd.ofd"])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn ofd_from_an_independent_converter_reads_to_the_examples_cells() {
    if !require("LibreOffice (soffice)", runs("soffice", "--version"))
        || !require("the PyPI package easyofd", has_easyofd())
    {
        return;
    }
    let dir = scratch("ofd");
    let docx = render_docx(&dir, EXAMPLES);
    soffice_convert(&dir, &docx, "pdf");
    let (mut right, mut total) = (0, 0);
    for (name, docx) in EXAMPLES.iter().zip(&docx) {
        let ofd = docx.with_extension("ofd");
        easyofd(&docx.with_extension("pdf"), &ofd);
        let got: std::collections::BTreeMap<String, String> = cells_of(&ofd).into_iter().collect();
        let truth = root().join("examples").join(format!("{name}.cells.tsv"));
        let truth = read_cells(&std::fs::read_to_string(truth).unwrap());
        let wrong: Vec<&String> = truth
            .iter()
            .filter(|(k, v)| got.get(k) != Some(v))
            .map(|(k, _)| k)
            .collect();
        eprintln!(
            "{name}.ofd (easyofd): {} of {} cells",
            truth.len() - wrong.len(),
            truth.len()
        );
        // easyofd draws no table rules: the tables are read from positions alone (a 2019 amount
        // printed as `382.5 万元` comes out with its unit a word apart, and is read as one cell).
        assert!(wrong.is_empty(), "{name}: {wrong:?}");
        right += truth.len() - wrong.len();
        total += truth.len();
    }
    assert_eq!(right, total);
    let out = gongkai(&["check", "--format", "tsv", dir.to_str().unwrap()]);
    let stderr = text(&out.stderr);
    assert!(stderr.contains("无法读取 0 个"), "{stderr}");
}

/// A grey page image read from a binary PGM (`pdftoppm -gray`).
struct Pgm {
    width: usize,
    height: usize,
    data: Vec<u8>,
}

impl Pgm {
    /// The page turned by `degrees` about its centre: the grey at each pixel (white outside).
    fn turned(&self, degrees: f64) -> impl Fn(i64, i64) -> u8 + '_ {
        let (w, h) = (self.width as i64, self.height as i64);
        let (sin, cos) = degrees.to_radians().sin_cos();
        let (cx, cy) = (w as f64 / 2.0, h as f64 / 2.0);
        move |x, y| {
            let (dx, dy) = (x as f64 - cx, y as f64 - cy);
            let (px, py) = (
                (cx + dx * cos - dy * sin) as i64,
                (cy + dx * sin + dy * cos) as i64,
            );
            if (0..w).contains(&px) && (0..h).contains(&py) {
                self.data[(py * w + px) as usize]
            } else {
                255
            }
        }
    }
}

fn read_pgm(path: &Path) -> Pgm {
    let bytes = std::fs::read(path).unwrap();
    // "P5\n<w> <h>\n255\n" then the pixels.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..at]).into_owned());
    }
    let (width, height) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    Pgm {
        width,
        height,
        data: bytes[at + 1..].to_vec(),
    }
}

/// The page turned by `degrees`, in colour, with a red seal (ring and disc) whose ink lies
/// under the text, as a PNG at `dpi`.
fn scanned_png(page: &Pgm, degrees: f64, dpi: u32) -> Vec<u8> {
    let (w, h) = (page.width as i64, page.height as i64);
    let turned = page.turned(degrees);
    let (sx, sy, r) = (w as f64 * 0.7, h as f64 * 0.85, dpi as f64 * 0.8);
    let mut rgb = Vec::with_capacity(page.data.len() * 3);
    for y in 0..h {
        for x in 0..w {
            let v = turned(x, y);
            let d = ((x as f64 - sx).powi(2) + (y as f64 - sy).powi(2)).sqrt();
            let seal = (d - r).abs() < dpi as f64 / 40.0 || d < r / 3.0;
            // Seal ink multiplies the paper: black text stays black under it.
            let (sr, sg, sb) = if seal {
                (220u32, 40u32, 50u32)
            } else {
                (255, 255, 255)
            };
            let v = u32::from(v);
            rgb.extend([
                (v * sr / 255) as u8,
                (v * sg / 255) as u8,
                (v * sb / 255) as u8,
            ]);
        }
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w as u32, h as u32);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let ppm = (dpi as f64 / 0.0254).round() as u32;
    encoder.set_pixel_dims(Some(png::PixelDimensions {
        xppu: ppm,
        yppu: ppm,
        unit: png::Unit::Meter,
    }));
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(&rgb).unwrap();
    writer.finish().unwrap();
    out
}

/// An image-only PDF of grey pages (uncompressed), one image per page, as scanners make them.
fn scan_pdf(pages: &[Pgm], dpi: f64) -> Vec<u8> {
    let mut objects: Vec<Vec<u8>> = Vec::new();
    let n = pages.len();
    // 1: catalog, 2: page tree, then per page: page, contents, image.
    let kids: String = (0..n).map(|i| format!("{} 0 R ", 3 + 3 * i)).collect();
    objects.push(b"<< /Type /Catalog /Pages 2 0 R >>".to_vec());
    objects.push(format!("<< /Type /Pages /Kids [{kids}] /Count {n} >>").into_bytes());
    for (i, p) in pages.iter().enumerate() {
        let (w, h) = (p.width as f64 * 72.0 / dpi, p.height as f64 * 72.0 / dpi);
        let (contents, image) = (4 + 3 * i, 5 + 3 * i);
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {w:.2} {h:.2}] \
                 /Resources << /XObject << /Im0 {image} 0 R >> >> /Contents {contents} 0 R >>"
            )
            .into_bytes(),
        );
        let draw = format!("q {w:.2} 0 0 {h:.2} 0 0 cm /Im0 Do Q");
        objects
            .push(format!("<< /Length {} >>\nstream\n{draw}\nendstream", draw.len()).into_bytes());
        let mut img = format!(
            "<< /Type /XObject /Subtype /Image /Width {} /Height {} /ColorSpace /DeviceGray \
             /BitsPerComponent 8 /Length {} >>\nstream\n",
            p.width,
            p.height,
            p.data.len()
        )
        .into_bytes();
        img.extend(&p.data);
        img.extend(b"\nendstream");
        objects.push(img);
    }
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).into_bytes());
        out.extend(body);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).into_bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").into_bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .into_bytes(),
    );
    out
}

/// Reads the image-only PDF `pdf` by OCR and holds it to the issue's bar: at least 97 % of the
/// example's cells, and every wrong (or unread) cell named by a finding at its span.
fn assert_scan_reads(pdf: &Path, name: &str, example: &str) {
    let bytes = std::fs::read(pdf).unwrap();
    let loaded = gongkai_load::load(&bytes, name, gongkai_model::SourceId(0))
        .unwrap_or_else(|e| panic!("{}", e.message.zh));
    assert!(
        matches!(loaded.source.format, gongkai_model::Format::Scan { .. }),
        "{:?}",
        loaded.source.format
    );
    let (_, findings) = gongkai_load::check(&loaded, None, &gongkai_check::Config::default());
    let flagged: Vec<gongkai_model::Span> = findings
        .iter()
        .flat_map(|d| std::iter::once(&d.primary).chain(&d.secondary))
        .map(|l| l.span)
        .collect();
    let mut got = std::collections::BTreeMap::new();
    gongkai_model::cells::visit_cells_with_spans(&loaded.report, |key, value, span| {
        got.insert(key.to_string(), (value.to_string(), span));
    });
    let truth = root().join("examples").join(format!("{example}.cells.tsv"));
    let truth = read_cells(&std::fs::read_to_string(truth).unwrap());
    let mut right = 0;
    let mut silent = Vec::new();
    for (key, want) in &truth {
        let (value, span) = got.get(key).cloned().unwrap_or_default();
        if &value == want {
            right += 1;
            continue;
        }
        // A wrong (or unread) cell must be named by a finding: a low OCR confidence, an
        // identity it breaks, a row that could not be placed — never printed as if read.
        let named = match span {
            Some(s) => flagged
                .iter()
                .any(|f| f.start < s.end.max(s.start + 1) && s.start < f.end.max(f.start + 1)),
            // The agency and year come from the title: unread, they are `missing-agency-or-year`.
            None => {
                matches!(key.as_str(), "meta.agency" | "meta.year")
                    && value.is_empty()
                    && findings
                        .iter()
                        .any(|d| d.code == gongkai_model::Code::MissingAgencyOrYear)
            }
        };
        if !named {
            silent.push(format!("{key}: read “{value}”, the report says “{want}”"));
        }
    }
    eprintln!(
        "{name}: {right} of {} cells; wrong without a finding: {}",
        truth.len(),
        silent.len()
    );
    assert!(
        right * 1000 >= truth.len() * 970,
        "{name}: {right} of {}",
        truth.len()
    );
    assert!(
        silent.is_empty(),
        "{name}: wrong cells no finding names:\n{}",
        silent.join("\n")
    );
}

/// The grey page turned by `degrees`, with a seal's ring and disc darkening the paper under the
/// text (a red seal in a grey scan) and a sprinkle of dark specks, as a grey page.
fn turned_pgm(page: &Pgm, degrees: f64) -> Pgm {
    let (w, h) = (page.width as i64, page.height as i64);
    let turned = page.turned(degrees);
    let (sx, sy, r) = (w as f64 * 0.7, h as f64 * 0.85, w as f64 * 0.1);
    let mut data = Vec::with_capacity(page.data.len());
    let mut seed: u32 = 0x9e37_79b9;
    for y in 0..h {
        for x in 0..w {
            let mut v = u32::from(turned(x, y));
            let d = ((x as f64 - sx).powi(2) + (y as f64 - sy).powi(2)).sqrt();
            if (d - r).abs() < r / 20.0 || d < r / 3.0 {
                v = v * 150 / 255;
            }
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            if seed.is_multiple_of(997) {
                v = 40;
            }
            data.push(v as u8);
        }
    }
    Pgm {
        width: page.width,
        height: page.height,
        data,
    }
}

fn tesseract_ready() -> bool {
    Command::new("tesseract")
        .arg("--list-langs")
        .output()
        .is_ok_and(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .any(|l| l == "chi_sim")
        })
}

#[test]
fn scans_of_a_rendered_report_are_read_by_ocr() {
    if !require("LibreOffice (soffice)", runs("soffice", "--version"))
        || !require("pdftoppm", runs("pdftoppm", "-v"))
        || !require("Tesseract with chi_sim", tesseract_ready())
    {
        return;
    }
    let dir = scratch("ocr");
    let docx = render_docx(&dir, &EXAMPLES[..2]);
    soffice_convert(&dir, &docx, "pdf");
    // The grey pages of an example's PDF at 150 dpi.
    let pages_of = |example: &str| -> Vec<Pgm> {
        let out = Command::new("pdftoppm")
            .args(["-r", "150", "-gray"])
            .arg(dir.join(format!("{example}.pdf")))
            .arg(dir.join(example))
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
        let mut pgms: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.extension().is_some_and(|e| e == "pgm")
                    && p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with(&format!("{example}-")))
            })
            .collect();
        pgms.sort();
        pgms.iter().map(|p| read_pgm(p)).collect()
    };
    let pages = pages_of(EXAMPLES[0]);
    // The whole report as an image-only PDF: its cells, against the example's.
    let pdf = dir.join("scan.pdf");
    std::fs::write(&pdf, scan_pdf(&pages, 150.0)).unwrap();
    assert_scan_reads(&pdf, "scan.pdf (150 dpi)", EXAMPLES[0]);
    // The same pages as a scanner gives them: turned by 0.8°, a seal on each, speckled.
    let turned: Vec<Pgm> = pages.iter().map(|p| turned_pgm(p, 0.8)).collect();
    let pdf = dir.join("scan-turned.pdf");
    std::fs::write(&pdf, scan_pdf(&turned, 150.0)).unwrap();
    assert_scan_reads(
        &pdf,
        "scan-turned.pdf (150 dpi, 0.8°, seal, noise)",
        EXAMPLES[0],
    );
    // A report in the 2019 template scanned the same way (turned the other way).
    let turned: Vec<Pgm> = pages_of(EXAMPLES[1])
        .iter()
        .map(|p| turned_pgm(p, -0.8))
        .collect();
    let pdf = dir.join("scan-2019-turned.pdf");
    std::fs::write(&pdf, scan_pdf(&turned, 150.0)).unwrap();
    assert_scan_reads(
        &pdf,
        "scan-2019-turned.pdf (150 dpi, -0.8°, seal, noise)",
        EXAMPLES[1],
    );
    // Page 3 (table 三) turned by 0.8° with a red seal, as a PNG: its table is read.
    let png = dir.join("page-3.png");
    std::fs::write(&png, scanned_png(&pages[2], 0.8, 150)).unwrap();
    let out = gongkai(&["extract", "--format", "json", png.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let page_text = doc["text"].as_str().unwrap();
    assert!(
        page_text
            .lines()
            .filter(|l| l.matches('\t').count() >= 7)
            .count()
            >= 20,
        "{page_text}"
    );
    // Without OCR, the scan is refused clearly; so is every scan without Tesseract.
    let out = gongkai(&["extract", "--no-ocr", png.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--no-ocr"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn without_tesseract_a_scan_says_how_to_install_it() {
    let dir = scratch("no-tesseract");
    let page = Pgm {
        width: 60,
        height: 80,
        data: vec![255; 60 * 80],
    };
    let png = dir.join("scan.png");
    std::fs::write(&png, scanned_png(&page, 0.0, 72)).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["extract", png.to_str().unwrap()])
        .env("GONGKAI_TESSERACT", "gongkai-no-such-tesseract")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("apt-get install tesseract-ocr tesseract-ocr-chi-sim"),
        "{stderr}"
    );
    // Everything else still reads.
    let example = root().join("examples/2021-tabbed.txt");
    let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["extract", example.to_str().unwrap()])
        .env("GONGKAI_TESSERACT", "gongkai-no-such-tesseract")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
}
