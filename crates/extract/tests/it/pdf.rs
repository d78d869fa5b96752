//! PDFs built in code (a two-page report table drawn as WPS and LibreOffice draw tables, with
//! fake bold, a vertical label, page numbers and an annotation) read into TAB-separated rows with
//! page provenance; hostile PDFs (scans, encryption, loops, truncation, garbage, runaway drawing)
//! refused with clear errors; and the real PDFs of `../shared/corpus/real` when present.

use gongkai_extract::{ErrorKind, Format, Origin, PdfLimit, extract};

use super::origin_of;

/// A minimal PDF writer: numbered objects, a cross-reference table and a trailer.
#[derive(Default)]
struct Pdf {
    objects: Vec<Vec<u8>>,
}

impl Pdf {
    /// Adds an object and returns its number.
    fn add(&mut self, body: impl AsRef<[u8]>) -> usize {
        self.objects.push(body.as_ref().to_vec());
        self.objects.len()
    }

    /// Adds a stream object (uncompressed) and returns its number.
    fn stream(&mut self, dict: &str, data: &[u8]) -> usize {
        let mut body = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
        body.extend_from_slice(data);
        body.extend_from_slice(b"\nendstream");
        self.add(body)
    }

    /// Replaces object `n` (to close loops, or fill in the page tree after its pages).
    fn set(&mut self, n: usize, body: impl AsRef<[u8]>) {
        self.objects[n - 1] = body.as_ref().to_vec();
    }

    fn finish(&self, root: usize, trailer: &str) -> Vec<u8> {
        let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
        let mut offsets = Vec::new();
        for (i, body) in self.objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
            out.extend_from_slice(body);
            out.extend_from_slice(b"\nendobj\n");
        }
        let xref = out.len();
        out.extend_from_slice(
            format!("xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1).as_bytes(),
        );
        for o in offsets {
            out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
        }
        out.extend_from_slice(
            format!(
                "trailer\n<< /Size {} /Root {root} 0 R {trailer} >>\nstartxref\n{xref}\n%%EOF\n",
                self.objects.len() + 1
            )
            .as_bytes(),
        );
        out
    }
}

/// A non-embedded Chinese font (Adobe-GB1, the reader's built-in CMaps): `-H` or `-V`.
fn chinese_font(pdf: &mut Pdf, direction: char) -> usize {
    pdf.add(format!(
        "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-{direction} \
         /DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light \
         /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> \
         /FontDescriptor << /Type /FontDescriptor /FontName /STSong-Light /Flags 6 \
         /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 \
         /StemV 80 >> /DW 1000 >>] >>"
    ))
}

/// `text` as a UCS-2 hex string for the fonts above.
fn ucs2(text: &str) -> String {
    let hex: String = text.encode_utf16().map(|u| format!("{u:04X}")).collect();
    format!("<{hex}>")
}

/// Shows `text` at (`x`, `y`) in PDF coordinates (origin bottom left) with font `/F1`.
fn show(text: &str, x: f32, y: f32, size: f32) -> String {
    format!("BT /F1 {size} Tf {x} {y} Td {} Tj ET\n", ucs2(text))
}

/// Shows one line of cells, each at the left of its column plus 4 points.
fn show_row(cells: &[&str], columns: &[f32], y: f32) -> String {
    cells
        .iter()
        .zip(columns)
        .filter(|(t, _)| !t.is_empty())
        .map(|(t, x)| show(t, x + 4.0, y, 10.0))
        .collect()
}

/// Table borders as WPS draws them: thin filled rectangles, one per cell side.
fn filled_border(x0: f32, y0: f32, x1: f32, y1: f32) -> String {
    let (w, h) = ((x1 - x0).max(0.5), (y1 - y0).max(0.5));
    format!(
        "{x0} {y0} m {} {y0} l {} {} l {x0} {} l h f*\n",
        x0 + w,
        x0 + w,
        y0 + h,
        y0 + h
    )
}

/// Table borders as LibreOffice draws them: stroked lines.
fn stroked_border(x0: f32, y0: f32, x1: f32, y1: f32) -> String {
    format!("0.5 w {x0} {y0} m {x1} {y1} l S\n")
}

const COLUMNS: [f32; 5] = [72.0, 222.0, 322.0, 422.0, 522.0];

/// Page 1 of [`report`]: a title, a heading in fake bold, a WPS table whose first row spans all
/// columns, a page number.
fn first_page() -> String {
    let c = COLUMNS;
    let mut page1 = show(
        "某县人民政府2023年政府信息公开工作年度报告",
        100.0,
        780.0,
        16.0,
    );
    // Fake bold: the same text filled, then stroked.
    page1 += &show("二、主动公开政府信息情况", 72.0, 740.0, 16.0);
    page1 += "1 Tr\n";
    page1 += &show("二、主动公开政府信息情况", 72.0, 740.0, 16.0);
    page1 += "0 Tr\n";
    for y in [700.0, 680.0, 660.0, 640.0] {
        page1 += &filled_border(c[0], y, c[4], y);
    }
    for (i, x) in c.iter().enumerate() {
        // Inner borders stop below the first row, which spans the table.
        let top = if i == 0 || i == 4 { 700.0 } else { 680.0 };
        page1 += &filled_border(*x, 640.0, *x, top);
    }
    page1 += &show("第二十条第（一）项", 240.0, 686.0, 10.0);
    page1 += &show_row(
        &["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        &c,
        666.0,
    );
    page1 += &show_row(&["规章", "1", "0", "5"], &c, 646.0);
    page1 += &show("-1-", 290.0, 40.0, 10.0);
    page1
}

/// Two pages: a heading in fake bold, a WPS table whose first row spans all columns, continued
/// on page 2 as a LibreOffice table with a vertical label over two rows; page numbers; an
/// annotation with text of its own.
fn report() -> Vec<u8> {
    let mut pdf = Pdf::default();
    let font = chinese_font(&mut pdf, 'H');
    let vertical = chinese_font(&mut pdf, 'V');
    let c = COLUMNS;
    let page1 = first_page();
    let page1 = pdf.stream("", page1.as_bytes());

    let mut page2 = String::new();
    for y in [800.0, 780.0, 760.0, 740.0] {
        let x0 = if y == 760.0 { c[1] } else { c[0] };
        page2 += &stroked_border(x0, y, c[4], y);
    }
    for x in c {
        page2 += &stroked_border(x, 740.0, x, 800.0);
    }
    page2 += &show_row(&["行政规范性文件", "2", "0", "8"], &c, 786.0);
    page2 += &format!("BT /F2 10 Tf 147 775 Td {} Tj ET\n", ucs2("结果"));
    page2 += &show_row(&["", "维持", "1", "2"], &c, 766.0);
    page2 += &show_row(&["", "纠正", "3", "4"], &c, 746.0);
    page2 += &show("三、收到和处理政府信息公开申请情况", 72.0, 700.0, 16.0);
    page2 += &show("-2-", 290.0, 40.0, 10.0);
    let page2 = pdf.stream("", page2.as_bytes());

    let note = pdf.stream(
        "/Type /XObject /Subtype /Form /BBox [0 0 100 20] /Resources << /Font << /F1 1 0 R >> >>",
        show("批注文字", 0.0, 5.0, 10.0).as_bytes(),
    );
    let annot = pdf.add(format!(
        "<< /Type /Annot /Subtype /FreeText /Rect [400 600 500 620] /AP << /N {note} 0 R >> >>"
    ));
    let pages = pdf.add("");
    let resources = format!("<< /Font << /F1 {font} 0 R /F2 {vertical} 0 R >> >>");
    let p1 = pdf.add(format!(
        "<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 595 842] /Resources {resources} \
         /Contents {page1} 0 R /Annots [{annot} 0 R] >>"
    ));
    let p2 = pdf.add(format!(
        "<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 595 842] /Resources {resources} \
         /Contents {page2} 0 R >>"
    ));
    pdf.set(
        pages,
        format!("<< /Type /Pages /Kids [{p1} 0 R {p2} 0 R] /Count 2 >>"),
    );
    let root = pdf.add(format!("<< /Type /Catalog /Pages {pages} 0 R >>"));
    pdf.finish(root, "")
}

#[test]
fn a_ruled_table_over_two_pages_becomes_tab_separated_rows() {
    let source = extract(&report(), "report.pdf").unwrap();
    assert_eq!(source.format, Format::Pdf { pages: 2 });
    let text = &source.text;
    let table = "第二十条第（一）项\n\
                 信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n\
                 规章\t1\t0\t5\n\
                 行政规范性文件\t2\t0\t8\n\
                 结果\t维持\t1\t2\n\
                 \t纠正\t3\t4\n\n";
    assert!(text.contains(table), "{text}");
    assert!(
        text.contains("某县人民政府2023年政府信息公开工作年度报告\n"),
        "{text}"
    );
    assert!(
        text.contains("三、收到和处理政府信息公开申请情况"),
        "{text}"
    );
    assert_eq!(
        text.matches("二、主动公开政府信息情况").count(),
        1,
        "{text}"
    );
    assert!(
        text.matches("主动公开").count() == 1,
        "fake bold kept: {text}"
    );
    assert!(!text.contains("-1-") && !text.contains("-2-"), "{text}");
    assert!(!text.contains("批注"), "annotation read: {text}");
    assert_eq!(
        origin_of(&source, "行政规范性文件"),
        Origin::PdfPage {
            page: 2,
            x: 72,
            y: 42
        }
    );
    assert_eq!(
        origin_of(&source, "第二十条"),
        Origin::PdfPage {
            page: 1,
            x: 72,
            y: 142
        }
    );
}

#[test]
fn a_page_printed_sideways_is_read_upright() {
    let upright = one_page(first_page().as_bytes(), "<< /Font << /F1 1 0 R >> >>");
    // The same page drawn a quarter turn round on a landscape sheet.
    let turned = format!("q 0 1 -1 0 842 0 cm\n{}Q\n", first_page());
    let sideways = page_in(
        "[0 0 842 595]",
        turned.as_bytes(),
        "<< /Font << /F1 1 0 R >> >>",
    );
    let a = extract(&upright, "upright.pdf").unwrap();
    let b = extract(&sideways, "sideways.pdf").unwrap();
    assert!(a.text.contains("规章\t1\t0\t5\n"), "{}", a.text);
    assert_eq!(a.text, b.text);
}

/// A one-page PDF whose page draws `content` with `resources`.
fn one_page(content: &[u8], resources: &str) -> Vec<u8> {
    page_in("[0 0 595 842]", content, resources)
}

/// A one-page PDF whose page of size `media_box` draws `content` with `resources`. Object 1 is
/// the Chinese font of [`chinese_font`].
fn page_in(media_box: &str, content: &[u8], resources: &str) -> Vec<u8> {
    let mut pdf = Pdf::default();
    chinese_font(&mut pdf, 'H');
    let contents = pdf.stream("", content);
    let pages = pdf.add("");
    let page = pdf.add(format!(
        "<< /Type /Page /Parent {pages} 0 R /MediaBox {media_box} /Resources {resources} \
         /Contents {contents} 0 R >>"
    ));
    pdf.set(
        pages,
        format!("<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>"),
    );
    let root = pdf.add(format!("<< /Type /Catalog /Pages {pages} 0 R >>"));
    pdf.finish(root, "")
}

#[test]
fn a_scan_needs_ocr() {
    let mut pdf = Pdf::default();
    let image = pdf.stream(
        "/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8",
        &[0, 255, 255, 0],
    );
    let contents = pdf.stream("", b"q 595 0 0 842 0 0 cm /Im0 Do Q");
    let pages = pdf.add("");
    let page = pdf.add(format!(
        "<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 595 842] \
         /Resources << /XObject << /Im0 {image} 0 R >> >> /Contents {contents} 0 R >>"
    ));
    pdf.set(
        pages,
        format!("<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>"),
    );
    let root = pdf.add(format!("<< /Type /Catalog /Pages {pages} 0 R >>"));
    // With OCR turned off; scans recognised by OCR are tested in the binary's tests.
    let no_ocr = gongkai_extract::Options { ocr: false };
    let err =
        gongkai_extract::extract_with(&pdf.finish(root, ""), "scan.pdf", &no_ocr).unwrap_err();
    assert_eq!(
        err.kind,
        ErrorKind::NoTextLayer {
            pages: 1,
            images: 1
        }
    );
    assert!(
        err.message(false).contains("没有文字层"),
        "{}",
        err.message(false)
    );
    assert!(err.message(false).contains("OCR"));
    assert!(err.message(true).contains("no text layer"));
}

#[test]
fn an_encrypted_pdf_is_refused() {
    let mut pdf = Pdf::default();
    let contents = pdf.stream("", b"");
    let pages = pdf.add("");
    let page = pdf.add(format!(
        "<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 595 842] /Contents {contents} 0 R >>"
    ));
    pdf.set(
        pages,
        format!("<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>"),
    );
    let root = pdf.add(format!("<< /Type /Catalog /Pages {pages} 0 R >>"));
    let key = "<".to_string() + &"5A".repeat(32) + ">";
    let encrypt = pdf.add(format!(
        "<< /Filter /Standard /V 2 /R 3 /Length 128 /P -3904 /O {key} /U {key} >>"
    ));
    let id = "<".to_string() + &"01".repeat(16) + ">";
    let bytes = pdf.finish(root, &format!("/Encrypt {encrypt} 0 R /ID [{id} {id}]"));
    let err = extract(&bytes, "locked.pdf").unwrap_err();
    assert_eq!(err.kind, ErrorKind::Encrypted);
}

#[test]
fn a_page_tree_that_loops_is_damaged_not_endless() {
    // The page tree's only kid is a node whose kid is the root again.
    let mut pdf = Pdf::default();
    let root_pages = pdf.add("");
    let inner = pdf.add(format!(
        "<< /Type /Pages /Kids [{root_pages} 0 R] /Parent {root_pages} 0 R /Count 1 >>"
    ));
    pdf.set(
        root_pages,
        format!("<< /Type /Pages /Kids [{inner} 0 R] /Parent {inner} 0 R /Count 1 >>"),
    );
    let root = pdf.add(format!("<< /Type /Catalog /Pages {root_pages} 0 R >>"));
    let err = extract(&pdf.finish(root, ""), "loop.pdf").unwrap_err();
    assert!(matches!(err.kind, ErrorKind::Damaged { .. }), "{err:?}");
}

#[test]
fn resources_inherited_through_a_parent_loop_end() {
    // A page without resources whose parents point at each other.
    let mut pdf = Pdf::default();
    let contents = pdf.stream("", show("文字", 72.0, 700.0, 12.0).as_bytes());
    let a = pdf.add("");
    let b = pdf.add("");
    let page = pdf.add(format!(
        "<< /Type /Page /Parent {a} 0 R /MediaBox [0 0 595 842] /Contents {contents} 0 R >>"
    ));
    pdf.set(
        a,
        format!("<< /Type /Pages /Kids [{page} 0 R] /Parent {b} 0 R /Count 1 >>"),
    );
    pdf.set(
        b,
        format!("<< /Type /Pages /Kids [{a} 0 R] /Parent {a} 0 R /Count 1 >>"),
    );
    let root = pdf.add(format!("<< /Type /Catalog /Pages {a} 0 R >>"));
    // No font can be found: no text, or an error; never a hang.
    let _ = extract(&pdf.finish(root, ""), "parents.pdf");
}

#[test]
fn forms_drawing_each_other_exponentially_are_cut_short() {
    // Forms in a chain, each drawing the next twice: 2^40 drawings without a limit.
    let mut pdf = Pdf::default();
    let font = chinese_font(&mut pdf, 'H');
    let mut next = pdf.stream(
        &format!(
            "/Type /XObject /Subtype /Form /BBox [0 0 595 842] \
             /Resources << /Font << /F1 {font} 0 R >> >>"
        ),
        show("字", 100.0, 100.0, 10.0).as_bytes(),
    );
    for _ in 0..40 {
        next = pdf.stream(
            &format!(
                "/Type /XObject /Subtype /Form /BBox [0 0 595 842] \
                 /Resources << /XObject << /X0 {next} 0 R >> >>"
            ),
            b"/X0 Do /X0 Do",
        );
    }
    let form = next;
    let contents = pdf.stream("", b"/X0 Do");
    let pages = pdf.add("");
    let page = pdf.add(format!(
        "<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 595 842] \
         /Resources << /XObject << /X0 {form} 0 R >> >> /Contents {contents} 0 R >>"
    ));
    pdf.set(
        pages,
        format!("<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>"),
    );
    let root = pdf.add(format!("<< /Type /Catalog /Pages {pages} 0 R >>"));
    // The page is cut short with a warning; what it drew so far is kept.
    let source = extract(&pdf.finish(root, ""), "forms.pdf").unwrap();
    assert_eq!(source.text.trim(), "字");
    assert_eq!(source.warnings.len(), 1);
    assert!(
        source.warnings[0].zh.contains("第 1 页绘制操作超过"),
        "{:?}",
        source.warnings
    );
}

#[test]
fn a_page_with_too_many_glyphs_is_cut_short() {
    // Lines of glyphs drawn over each other (no leading).
    let content = format!(
        "BT /F1 10 Tf 0 TL 10 400 Td {} ET",
        "(aaaaaaaaaa) ' ".repeat(30_000)
    );
    let bytes = one_page(
        content.as_bytes(),
        "<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>",
    );
    let source = extract(&bytes, "many.pdf").unwrap();
    assert!(
        source.warnings[0].en.contains("glyphs"),
        "{:?}",
        source.warnings
    );
}

#[test]
fn more_than_500_pages_are_refused() {
    let mut pdf = Pdf::default();
    let contents = pdf.stream("", b"");
    let pages = pdf.add("");
    let kids: Vec<String> = (0..501)
        .map(|_| {
            let page = pdf.add(format!(
                "<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 595 842] /Contents {contents} 0 R >>"
            ));
            format!("{page} 0 R")
        })
        .collect();
    pdf.set(
        pages,
        format!("<< /Type /Pages /Kids [{}] /Count 501 >>", kids.join(" ")),
    );
    let root = pdf.add(format!("<< /Type /Catalog /Pages {pages} 0 R >>"));
    let err = extract(&pdf.finish(root, ""), "long.pdf").unwrap_err();
    assert_eq!(
        err.kind,
        ErrorKind::PdfLimit {
            limit: PdfLimit::Pages
        }
    );
    assert!(
        err.message(false).contains("页数超过 500 页"),
        "{}",
        err.message(false)
    );
}

#[test]
fn latin_text_in_a_standard_font_is_read() {
    let content = b"BT /F1 12 Tf 72 700 Td (Annual report 2023) Tj ET";
    let bytes = one_page(
        content,
        "<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>",
    );
    let source = extract(&bytes, "latin.pdf").unwrap();
    assert_eq!(source.text.trim(), "Annual report 2023");
}

#[test]
fn garbage_after_the_header_is_damaged() {
    let mut bytes = b"%PDF-1.7\n".to_vec();
    let mut x = 12345u32;
    for _ in 0..5000 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        bytes.push((x >> 16) as u8);
    }
    let err = extract(&bytes, "garbage.pdf").unwrap_err();
    assert!(matches!(err.kind, ErrorKind::Damaged { .. }), "{err:?}");
    let err = extract(b"%PDF-", "empty.pdf").unwrap_err();
    assert!(matches!(err.kind, ErrorKind::Damaged { .. }), "{err:?}");
}

#[test]
fn truncated_pdfs_are_read_as_far_as_possible_or_refused() {
    let whole = report();
    for k in 1..40 {
        let cut = &whole[..whole.len() * k / 40];
        match extract(cut, "cut.pdf") {
            Ok(s) => assert!(matches!(s.format, Format::Pdf { .. })),
            Err(e) => assert!(
                matches!(
                    e.kind,
                    ErrorKind::Damaged { .. } | ErrorKind::NoTextLayer { .. }
                ),
                "{k}: {e:?}"
            ),
        }
    }
}

/// A real PDF of `../shared/corpus/real`, or `skipped: …` (a failure under
/// `GONGKAI_REQUIRE_ALL=1`).
fn real(name: &str) -> Option<Vec<u8>> {
    let dir = gongkai_testkit::shared()?.join("corpus/real");
    let bytes = std::fs::read(dir.join(name)).ok();
    gongkai_testkit::require(&format!("../shared/corpus/real/{name}"), bytes.is_some())
        .then_some(bytes)
        .flatten()
}

#[test]
fn real_reports_read_into_rows() {
    let cases = [
        (
            "hongze-2023.pdf",
            "一、本年新收政府信息公开申请数量\t21\t0\t0\t0\t0\t0\t21\n",
        ),
        (
            "hongze-2024.pdf",
            "\t（四）无法提供\t1.本机关不掌握相关政府信息\t31\t0\t0\t0\t0\t0\t31\n\
             \t\t2.没有现成信息需要另行制作\t1\t0\t0\t0\t0\t0\t1\n",
        ),
        (
            "huaian-2024.pdf",
            "三、本年度办理结果\t（一）予以公开\t1288\t21\t0\t0\t50\t3\t1362\n",
        ),
    ];
    for (name, line) in cases {
        let Some(bytes) = real(name) else { return };
        let source = extract(&bytes, name).unwrap();
        let text = &source.text;
        assert!(text.contains(line), "{name}: {text}");
        assert!(text.contains("行政许可\t"), "{name}: {text}");
        assert!(
            text.contains("\n结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t"),
            "{name}"
        );
        assert!(!text.contains("-3-"), "{name}: page number kept");
        assert!(!text.contains('\u{FFFD}'), "{name}");
        let Some(Origin::PdfPage { page, .. }) = source.origin(text.find(line).unwrap()) else {
            panic!("{name}: no page origin");
        };
        assert!(page >= 3, "{name}: page {page}");
    }
}

/// A PDF cut short at any point is said to be damaged — with what was read before the cut, or
/// as an error when nothing could be — never read as if whole, never called a scan.
#[test]
fn truncated_real_reports_are_damaged_never_clean() {
    let Some(whole) = real("hongze-2024.pdf") else {
        return;
    };
    assert!(extract(&whole, "whole.pdf").unwrap().damage.is_none());
    for k in [1, 3, 10, 25, 50, 75, 90, 99] {
        let cut = &whole[..whole.len() * k / 100];
        match extract(cut, "cut.pdf") {
            Ok(source) => {
                let damage = source.damage.expect("a cut PDF is marked damaged");
                assert!(damage.zh.contains("不完整") && damage.en.contains("incomplete"));
            }
            Err(e) => assert!(
                matches!(e.kind, ErrorKind::Damaged { format: "PDF", .. }),
                "{k}%: {e:?}"
            ),
        }
    }
}
