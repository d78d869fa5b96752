//! OFD packages built here, in code, as GB/T 33190 lays them out (the standard namespace, a
//! template page, text objects placed by `X`/`Y`/`DeltaX` with the `g n d` form, a ruled table
//! drawn with path objects, a table continued on the next page): read into lines and
//! TAB-separated rows with page and millimetre provenance; hostile packages refused clearly.
//! OFD files made by an independent converter (PyPI `easyofd`) are read in the binary's tests
//! (`crates/cli/tests/it/published.rs`).

use std::io::{Cursor, Write};

use gongkai_extract::{ErrorKind, Format, Limit, Origin, extract};

use super::origin_of;

const NS: &str = "http://www.ofdspec.org/2016";

/// A page being drawn: its objects as XML, in millimetres.
#[derive(Default)]
struct Page {
    objects: String,
    next_id: u32,
}

impl Page {
    /// Text starting at (x, y) (baseline), each glyph `advance` wide, as one text object.
    fn text(&mut self, x: f64, y: f64, size: f64, text: &str) -> &mut Page {
        self.next_id += 1;
        let n = text.chars().count();
        let advances: Vec<f64> = text
            .chars()
            .map(|c| if c.is_ascii() { size / 2.0 } else { size })
            .collect();
        let width: f64 = advances.iter().sum();
        // The g form when every advance is the same, the plain list otherwise.
        let delta = if advances.windows(2).all(|w| w[0] == w[1]) && n > 1 {
            format!("g {} {}", n - 1, advances[0])
        } else {
            advances[..n.saturating_sub(1)]
                .iter()
                .map(|a| a.to_string())
                .collect::<Vec<_>>()
                .join(" ")
        };
        self.objects.push_str(&format!(
            r#"<ofd:TextObject ID="{}" Boundary="{x} {} {width} {size}" Font="1" Size="{size}"><ofd:FillColor Value="0 0 0"/><ofd:TextCode X="0" Y="{size}" DeltaX="{delta}">{}</ofd:TextCode></ofd:TextObject>"#,
            self.next_id,
            y - size,
            text.replace('&', "&amp;").replace('<', "&lt;")
        ));
        self
    }

    /// A stroked line from (x0, y0) to (x1, y1).
    fn line(&mut self, x0: f64, y0: f64, x1: f64, y1: f64) -> &mut Page {
        self.next_id += 1;
        let (bx, by) = (x0.min(x1), y0.min(y1));
        self.objects.push_str(&format!(
            r#"<ofd:PathObject ID="{}" Boundary="{bx} {by} {} {}" LineWidth="0.25"><ofd:AbbreviatedData>M {} {} L {} {}</ofd:AbbreviatedData></ofd:PathObject>"#,
            self.next_id,
            (x1 - x0).abs().max(0.25),
            (y1 - y0).abs().max(0.25),
            x0 - bx,
            y0 - by,
            x1 - bx,
            y1 - by
        ));
        self
    }

    /// A ruled table at (x, y): `widths` of the columns, rows 8 mm high; a `None` cell is
    /// covered by the cell to its left (no border between them).
    fn table(&mut self, x: f64, y: f64, widths: &[f64], rows: &[Vec<Option<&str>>]) -> &mut Page {
        let height = 8.0;
        let right = x + widths.iter().sum::<f64>();
        for r in 0..=rows.len() {
            let yy = y + height * r as f64;
            self.line(x, yy, right, yy);
        }
        let bottom = y + height * rows.len() as f64;
        let mut left = x;
        for (c, w) in widths.iter().enumerate() {
            // Vertical borders, left of each column, except where a merge covers it.
            for (r, row) in rows.iter().enumerate() {
                if c == 0 || row[c].is_some() {
                    let yy = y + height * r as f64;
                    self.line(left, yy, left, yy + height);
                }
            }
            left += w;
        }
        self.line(right, y, right, bottom);
        for (r, row) in rows.iter().enumerate() {
            let mut cx = x;
            for (c, cell) in row.iter().enumerate() {
                if let Some(text) = cell {
                    self.text(cx + 1.0, y + height * r as f64 + 5.5, 3.5, text);
                }
                cx += widths[c];
            }
        }
        self
    }

    fn xml(&self) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}"><ofd:Template TemplateID="100" ZOrder="Background"/><ofd:Content><ofd:Layer ID="1">{}</ofd:Layer></ofd:Content></ofd:Page>"#,
            self.objects
        )
    }
}

/// An OFD package of `pages`, with a template page that prints a running header.
fn package(pages: &[Page], extra: &[(&str, &[u8])]) -> Vec<u8> {
    package_with(pages, extra, "某某局公文")
}

/// An OFD package of `pages` whose template prints `header` (nothing when empty).
fn package_with(pages: &[Page], extra: &[(&str, &[u8])], header: &str) -> Vec<u8> {
    let mut template = Page::default();
    if !header.is_empty() {
        template.text(20.0, 12.0, 3.0, header);
    }
    let template = template.xml().replace(
        r#"<ofd:Template TemplateID="100" ZOrder="Background"/>"#,
        "",
    );
    let list: String = (0..pages.len())
        .map(|i| {
            format!(
                r#"<ofd:Page ID="{}" BaseLoc="Pages/Page_{i}/Content.xml"/>"#,
                i + 10
            )
        })
        .collect();
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{NS}"><ofd:CommonData><ofd:MaxUnitID>999</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes><ofd:TemplatePage ID="100" BaseLoc="Tpls/Tpl_0/Content.xml"/></ofd:CommonData><ofd:Pages>{list}</ofd:Pages></ofd:Document>"#
    );
    let entry = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>x</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#
    );
    let res = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:Fonts><ofd:Font ID="1" FontName="宋体"/></ofd:Fonts></ofd:Res>"#
    );
    let mut parts: Vec<(String, Vec<u8>)> = vec![
        ("OFD.xml".into(), entry.into_bytes()),
        ("Doc_0/Document.xml".into(), document.into_bytes()),
        ("Doc_0/PublicRes.xml".into(), res.into_bytes()),
        ("Doc_0/Tpls/Tpl_0/Content.xml".into(), template.into_bytes()),
    ];
    for (i, p) in pages.iter().enumerate() {
        parts.push((
            format!("Doc_0/Pages/Page_{i}/Content.xml"),
            p.xml().into_bytes(),
        ));
    }
    for (name, bytes) in extra {
        parts.push((name.to_string(), bytes.to_vec()));
    }
    zip(&parts)
}

fn zip(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        writer.start_file(name.as_str(), options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

/// Two pages: a heading, a paragraph, and table 二's first block ruled across the page break.
fn report() -> Vec<u8> {
    let mut one = Page::default();
    one.text(60.0, 40.0, 6.0, "某某局2021年政府信息公开工作年度报告")
        .text(25.0, 60.0, 4.0, "一、总体情况")
        .text(25.0, 70.0, 4.0, "本年度共收到申请 12 件。")
        .text(25.0, 80.0, 4.0, "二、主动公开政府信息情况")
        .table(
            25.0,
            260.0,
            &[60.0, 40.0, 40.0],
            &[
                vec![Some("第二十条第（一）项"), None, None],
                vec![Some("信息内容"), Some("本年制发件数"), Some("本年废止件数")],
            ],
        )
        .text(100.0, 290.0, 3.5, "— 1 —");
    let mut two = Page::default();
    two.table(
        25.0,
        30.0,
        &[60.0, 40.0, 40.0],
        &[
            vec![Some("规章"), Some("3"), Some("1")],
            vec![Some("行政规范性文件"), Some("12"), Some("0")],
        ],
    )
    .text(25.0, 60.0, 4.0, "三、收到和处理政府信息公开申请情况")
    .text(100.0, 290.0, 3.5, "— 2 —");
    package(&[one, two], &[])
}

#[test]
fn text_and_a_ruled_table_over_two_pages() {
    let source = extract(&report(), "report.ofd").unwrap();
    assert_eq!(source.format, Format::Ofd { pages: 2 });
    let text = &source.text;
    for line in [
        "某某局2021年政府信息公开工作年度报告\n",
        "一、总体情况\n",
        "本年度共收到申请 12 件。\n",
        "第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\n规章\t3\t1\n行政规范性文件\t12\t0\n",
        "三、收到和处理政府信息公开申请情况\n",
    ] {
        assert!(text.contains(line), "{line:?} in {text}");
    }
    // The template's running header and the page numbers are dropped.
    assert!(
        !text.contains("某某局公文") && !text.contains('—'),
        "{text}"
    );
}

#[test]
fn lines_and_cells_map_back_to_page_and_millimetres() {
    let source = extract(&report(), "report.ofd").unwrap();
    assert_eq!(
        origin_of(&source, "一、总体情况"),
        Origin::OfdPage {
            page: 1,
            x: 25,
            y: 57
        }
    );
    assert_eq!(
        origin_of(&source, "行政规范性文件"),
        Origin::OfdPage {
            page: 2,
            x: 25,
            y: 38
        }
    );
}

#[test]
fn namespaces_other_than_the_standard_one_are_read() {
    let mut page = Page::default();
    page.text(25.0, 60.0, 4.0, "一、总体情况");
    let bytes = package_with(&[page], &[], "");
    // Rewrite every part to another namespace URI and prefix.
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut parts = Vec::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let mut s = String::new();
        std::io::Read::read_to_string(&mut f, &mut s).unwrap();
        let s = s
            .replace(NS, "http://example.invalid/ofd")
            .replace("ofd:", "x:")
            .replace("xmlns:ofd", "xmlns:x");
        parts.push((f.name().unwrap().to_string(), s.into_bytes()));
    }
    let source = extract(&zip(&parts), "other.ofd").unwrap();
    assert_eq!(source.text.trim(), "一、总体情况");
}

#[test]
fn hostile_and_broken_packages_are_refused_clearly() {
    // A document type declaration in a page.
    let mut page = Page::default();
    page.text(25.0, 60.0, 4.0, "x");
    let good = package(&[page], &[]);
    let mut archive = zip::ZipArchive::new(Cursor::new(good.clone())).unwrap();
    let mut parts = Vec::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut b).unwrap();
        if f.name().unwrap().ends_with("Page_0/Content.xml") {
            b = br#"<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>"#.to_vec();
        }
        parts.push((f.name().unwrap().to_string(), b));
    }
    let err = extract(&zip(&parts), "dtd.ofd").unwrap_err();
    assert!(
        matches!(
            err.kind,
            ErrorKind::Limit {
                limit: Limit::XmlDoctype { .. }
            }
        ),
        "{err:?}"
    );
    // An encrypted package.
    let err = extract(
        &package(&[Page::default()], &[("Encryptions.xml", b"<a/>")]),
        "e.ofd",
    )
    .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Encrypted);
    // No DocRoot.
    let err = extract(&zip(&[("OFD.xml".into(), b"<OFD/>".to_vec())]), "x.ofd").unwrap_err();
    assert!(
        matches!(err.kind, ErrorKind::Damaged { format: "OFD", .. }),
        "{err:?}"
    );
    // Pages with neither text nor an image.
    let err = extract(&package_with(&[Page::default()], &[], ""), "empty.ofd").unwrap_err();
    assert!(
        matches!(err.kind, ErrorKind::Damaged { format: "OFD", .. }),
        "{err:?}"
    );
    // An entry that declares 1 GiB: refused from the declaration, before inflating.
    let mut bomb = zip(&[("OFD.xml".to_string(), vec![b' '; 1 << 16])]);
    for at in 0..bomb.len() - 50 {
        let field = match &bomb[at..at + 4] {
            b"PK\x03\x04" => at + 22,
            b"PK\x01\x02" => at + 24,
            _ => continue,
        };
        bomb[field..field + 4].copy_from_slice(&(1u32 << 30).to_le_bytes());
    }
    let err = extract(&bomb, "bomb.ofd").unwrap_err();
    assert!(
        matches!(
            err.kind,
            ErrorKind::Limit {
                limit: Limit::PartSize { .. }
            }
        ),
        "{err:?}"
    );
    // Truncations never panic.
    let bytes = report();
    for cut in (0..bytes.len()).step_by(211) {
        let _ = extract(&bytes[..cut], "cut.ofd");
    }
}
