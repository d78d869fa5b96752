//! The same report as text, as an HTML page and as a DOCX gives the same cells: a tabbed example
//! is rebuilt here as a site page and as a Word document, with the empty
//! fields of its rows turned back into the merged cells Word had (`colspan`/`gridSpan` for
//! trailing ones, `rowspan`/`vMerge` for leading ones).

use std::path::PathBuf;

use crate::{gongkai, read_cells, root};

/// The example rebuilt in every format.
const EXAMPLE: &str = "examples/2021-tabbed.txt";

/// A cell of a rebuilt table.
#[derive(Debug, Clone)]
struct Cell {
    text: String,
    colspan: usize,
    rowspan: usize,
    /// Continues the cell above (a leading empty field under a merged label).
    merged_up: bool,
}

/// A block of the report: a paragraph, or a table as rows of grid positions (`None` where a
/// cell to the left spans).
enum Block {
    Paragraph(String),
    Table(Vec<Vec<Option<Cell>>>),
}

fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut rows: Vec<Vec<&str>> = Vec::new();
    for line in text.lines().chain([""]) {
        if line.contains('\t') {
            rows.push(line.split('\t').collect());
            continue;
        }
        if !rows.is_empty() {
            out.push(Block::Table(merge(&rows)));
            rows.clear();
        }
        if !line.trim().is_empty() {
            out.push(Block::Paragraph(line.to_string()));
        }
    }
    out
}

/// Turns empty fields back into merges: trailing ones widen the cell on their left, leading ones
/// continue the cell above.
fn merge(rows: &[Vec<&str>]) -> Vec<Vec<Option<Cell>>> {
    let mut grid: Vec<Vec<Option<Cell>>> = Vec::new();
    for fields in rows {
        let lead = fields.iter().take_while(|f| f.is_empty()).count();
        let mut row: Vec<Option<Cell>> = Vec::with_capacity(fields.len());
        let mut last_real: Option<usize> = None;
        for (c, field) in fields.iter().enumerate() {
            if field.is_empty()
                && c >= lead
                && c > 0
                && let Some(at) = last_real
            {
                if let Some(Some(cell)) = row.get_mut(at) {
                    cell.colspan += 1;
                }
                row.push(None);
                continue;
            }
            row.push(Some(Cell {
                text: field.to_string(),
                colspan: 1,
                rowspan: 1,
                merged_up: false,
            }));
            if c >= lead {
                last_real = Some(c);
            }
        }
        if let Some(above) = grid.last() {
            for (c, over) in above.iter().enumerate().take(lead) {
                let continues = matches!(over, Some(cell) if cell.colspan == 1);
                if continues && let Some(Some(cell)) = row.get_mut(c) {
                    cell.merged_up = true;
                }
            }
        }
        grid.push(row);
    }
    // Each run of continuing cells lengthens the cell it starts from.
    for c in 0..grid.iter().map(Vec::len).max().unwrap_or(0) {
        let mut anchor: Option<usize> = None;
        for r in 0..grid.len() {
            match grid[r].get(c) {
                Some(Some(cell)) if cell.merged_up => {
                    if let Some(a) = anchor
                        && let Some(Some(top)) = grid[a].get_mut(c)
                    {
                        top.rowspan += 1;
                    }
                }
                Some(Some(_)) => anchor = Some(r),
                _ => anchor = None,
            }
        }
    }
    grid
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn html(text: &str) -> String {
    let mut body = String::new();
    for block in blocks(text) {
        match block {
            Block::Paragraph(p) => body.push_str(&format!("<p>{}</p>\n", escape(&p))),
            Block::Table(rows) => {
                body.push_str("<table border=\"1\" cellspacing=\"0\"><tbody>\n");
                for row in rows {
                    body.push_str("<tr>");
                    for cell in row.into_iter().flatten().filter(|c| !c.merged_up) {
                        let text = if cell.text.is_empty() {
                            "&nbsp;".to_string()
                        } else {
                            escape(&cell.text)
                        };
                        body.push_str(&format!(
                            "<td colspan=\"{}\" rowspan=\"{}\"><p>{text}</p></td>",
                            cell.colspan, cell.rowspan
                        ));
                    }
                    body.push_str("</tr>\n");
                }
                body.push_str("</tbody></table>\n");
            }
        }
    }
    format!(
        r#"<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><title>年度报告_某某县人民政府</title>
<script type="text/javascript">var nav = "首页 政务公开";</script><style>td {{ border: 1px solid }}</style></head>
<body><div class="top"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 政府信息公开年报</div>
<div class="wrap"><div class="article"><div class="info">发布日期：2023-01-20 来源：某某县</div>
<div class="TRS_Editor" id="zoom">
{body}</div><div class="share">分享：<a href="/s">微信</a> <a href="/s">微博</a> 【打印本页】 【关闭窗口】</div></div></div>
<div class="footer">主办：某某县人民政府办公室 地址：某某县人民路1号 电话：0000-1234567 网站标识码：0000000000</div>
</body></html>"#
    )
}

fn wordml(text: &str) -> String {
    let mut body = String::new();
    let paragraph = |s: &str| {
        if s.is_empty() {
            "<w:p/>".to_string()
        } else {
            format!(
                r#"<w:p><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
                escape(s)
            )
        }
    };
    for block in blocks(text) {
        match block {
            Block::Paragraph(p) => body.push_str(&paragraph(&p)),
            Block::Table(rows) => {
                body.push_str("<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr>");
                for row in rows {
                    body.push_str("<w:tr>");
                    for cell in row.into_iter().flatten() {
                        let mut props = String::new();
                        if cell.colspan > 1 {
                            props.push_str(&format!(r#"<w:gridSpan w:val="{}"/>"#, cell.colspan));
                        }
                        if cell.merged_up {
                            props.push_str("<w:vMerge/>");
                        } else if cell.rowspan > 1 {
                            props.push_str(r#"<w:vMerge w:val="restart"/>"#);
                        }
                        let content = if cell.merged_up {
                            "<w:p/>".to_string()
                        } else {
                            paragraph(&cell.text)
                        };
                        body.push_str(&format!("<w:tc><w:tcPr>{props}</w:tcPr>{content}</w:tc>"));
                    }
                    body.push_str("</w:tr>");
                }
                body.push_str("</w:tbl><w:p/>");
            }
        }
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    )
}

fn docx(text: &str) -> Vec<u8> {
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    let types = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
    stored_zip(&[
        ("[Content_Types].xml", types.as_bytes()),
        ("_rels/.rels", rels.as_bytes()),
        ("word/document.xml", wordml(text).as_bytes()),
    ])
}

/// A ZIP archive with its entries stored (not compressed): enough for a DOCX, and no ZIP crate.
fn stored_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    fn u16le(out: &mut Vec<u8>, v: usize) {
        out.extend_from_slice(&(v as u16).to_le_bytes());
    }
    fn u32le(out: &mut Vec<u8>, v: usize) {
        out.extend_from_slice(&(v as u32).to_le_bytes());
    }
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in entries {
        let offset = out.len();
        let crc = crc32(data);
        // Version 2.0, UTF-8 names, stored, 1980-01-01 00:00.
        let fields = |out: &mut Vec<u8>| {
            u16le(out, 20);
            u16le(out, 0x0800);
            u16le(out, 0);
            u16le(out, 0);
            u16le(out, 0x21);
            u32le(out, crc as usize);
            u32le(out, data.len());
            u32le(out, data.len());
            u16le(out, name.len());
            u16le(out, 0);
        };
        out.extend_from_slice(b"PK\x03\x04");
        fields(&mut out);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        central.extend_from_slice(b"PK\x01\x02");
        u16le(&mut central, 20);
        fields(&mut central);
        u16le(&mut central, 0);
        u16le(&mut central, 0);
        u16le(&mut central, 0);
        u32le(&mut central, 0);
        u32le(&mut central, offset);
        central.extend_from_slice(name.as_bytes());
    }
    let central_at = out.len();
    out.extend_from_slice(&central);
    out.extend_from_slice(b"PK\x05\x06");
    u16le(&mut out, 0);
    u16le(&mut out, 0);
    u16le(&mut out, entries.len());
    u16le(&mut out, entries.len());
    u32le(&mut out, central.len());
    u32le(&mut out, central_at);
    u16le(&mut out, 0);
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Writes `bytes` to a fresh file in the temporary directory.
fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("gongkai-formats-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn cells_of(path: &std::path::Path) -> Vec<(String, String)> {
    let out = gongkai(&["extract", "--format", "cells", path.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    read_cells(&String::from_utf8_lossy(&out.stdout))
}

#[test]
fn html_and_docx_give_the_cells_of_the_text() {
    let text = std::fs::read_to_string(root().join(EXAMPLE)).unwrap();
    let expected = cells_of(&root().join(EXAMPLE));
    let filled = expected.iter().filter(|(_, v)| !v.is_empty()).count();
    assert!(filled > 150, "the example reads: {filled} cells");

    let page = html(&text);
    let files = [
        temp_file("report.html", page.as_bytes()),
        temp_file("report.docx", &docx(&text)),
        // The name never decides the format.
        temp_file("report-docx.txt", &docx(&text)),
    ];
    for file in &files {
        let got = cells_of(file);
        let wrong: Vec<String> = expected
            .iter()
            .zip(&got)
            .filter(|(want, got)| want != got)
            .map(|(want, got)| format!("{want:?} != {got:?}"))
            .collect();
        assert_eq!(got.len(), expected.len(), "{}", file.display());
        assert!(
            wrong.is_empty(),
            "{}:\n{}",
            file.display(),
            wrong.join("\n")
        );
    }
    let _ = std::fs::remove_dir_all(files[0].parent().unwrap());
}

#[test]
fn the_rebuilt_documents_really_merge_cells() {
    let text = std::fs::read_to_string(root().join(EXAMPLE)).unwrap();
    let page = html(&text);
    assert!(page.contains("rowspan=\"2\"") || page.contains("rowspan=\"3\""));
    assert!(page.contains("colspan=\"5\""));
    let word = wordml(&text);
    assert!(word.contains("<w:vMerge/>") && word.contains(r#"<w:gridSpan w:val="5"/>"#));
}
