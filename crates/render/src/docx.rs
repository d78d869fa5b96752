//! DOCX: hand-written WordprocessingML in a zip, laid out as a Chinese government document
//! (GB/T 9704-2012): A4, 二号 小标宋 title, 三号 仿宋 body on fixed 28.95 pt lines, 黑体 and 楷体
//! headings, tables the width of the text block with the template's merged cells
//! (`gridSpan`/`vMerge`), the signature and date right-aligned, page numbers `— 1 —`.
//!
//! What Word, WPS and LibreOffice need to open it cleanly, and must stay true: every part listed
//! in `[Content_Types].xml` and reachable through relationships; child elements in schema order
//! (`pPr`, `rPr`, `tcPr`, `tblPr`, `sectPr` and `settings` are sequences); text escaped and in
//! `xml:space="preserve"` runs; every `w:tc` holds a `w:p`, including the `vMerge` continuation
//! cells; a paragraph after every table. Fonts are named once each in `w:rFonts` (with
//! `w:eastAsia` for Chinese) and given fallbacks through `w:altName` in the font table.

use std::fmt::Write as _;
use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::grid::{Grid, GridCell, Role};
use crate::html::escape;
use crate::page::{Page, Paragraph};

/// Page geometry in twentieths of a point: A4 with the GB/T 9704 margins (top 37 mm, bottom
/// 35 mm, left 28 mm, right 26 mm), leaving a 156 mm text block.
const PAGE_W: u32 = 11906;
const PAGE_H: u32 = 16838;
const MARGIN_TOP: u32 = 2098;
const MARGIN_BOTTOM: u32 = 1984;
const MARGIN_LEFT: u32 = 1587;
const MARGIN_RIGHT: u32 = 1474;
/// The width of the text block, which every table fills.
const TEXT_W: u32 = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT;

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const XML_DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// Writes a laid-out report as a DOCX file.
pub fn write(page: &Page) -> Vec<u8> {
    package(&page.title.concat(), document(page))
}

/// A DOCX package around a `word/document.xml`, with the styles, fonts and page numbers every
/// document written here shares.
fn package(title: &str, document: String) -> Vec<u8> {
    let parts: [(&str, String); 9] = [
        ("[Content_Types].xml", content_types()),
        ("_rels/.rels", package_rels()),
        ("docProps/core.xml", core(title)),
        ("docProps/app.xml", app()),
        ("word/document.xml", document),
        ("word/styles.xml", styles()),
        ("word/settings.xml", settings()),
        ("word/fontTable.xml", font_table()),
        ("word/footer1.xml", footer()),
    ];
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default());
    let rels = document_rels();
    let all = parts
        .iter()
        .map(|(n, t)| (*n, t.as_str()))
        .chain([("word/_rels/document.xml.rels", rels.as_str())]);
    for (name, text) in all {
        // Writing into memory cannot fail; a failure here is a bug in the zip writer.
        zip.start_file(name, options).expect("zip entry");
        zip.write_all(text.as_bytes()).expect("zip write");
    }
    zip.finish().expect("zip finish").into_inner()
}

fn content_types() -> String {
    let wml = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    format!(
        "{XML_DECL}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Override PartName=\"/word/document.xml\" ContentType=\"{wml}.document.main+xml\"/>\
<Override PartName=\"/word/styles.xml\" ContentType=\"{wml}.styles+xml\"/>\
<Override PartName=\"/word/settings.xml\" ContentType=\"{wml}.settings+xml\"/>\
<Override PartName=\"/word/fontTable.xml\" ContentType=\"{wml}.fontTable+xml\"/>\
<Override PartName=\"/word/footer1.xml\" ContentType=\"{wml}.footer+xml\"/>\
<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>\
</Types>"
    )
}

fn package_rels() -> String {
    format!(
        "{XML_DECL}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"{R_NS}/officeDocument\" Target=\"word/document.xml\"/>\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
<Relationship Id=\"rId3\" Type=\"{R_NS}/extended-properties\" Target=\"docProps/app.xml\"/>\
</Relationships>"
    )
}

fn document_rels() -> String {
    format!(
        "{XML_DECL}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"{R_NS}/styles\" Target=\"styles.xml\"/>\
<Relationship Id=\"rId2\" Type=\"{R_NS}/settings\" Target=\"settings.xml\"/>\
<Relationship Id=\"rId3\" Type=\"{R_NS}/fontTable\" Target=\"fontTable.xml\"/>\
<Relationship Id=\"rId4\" Type=\"{R_NS}/footer\" Target=\"footer1.xml\"/>\
</Relationships>"
    )
}

/// Document properties: the title only (no dates, so the output is reproducible).
fn core(title: &str) -> String {
    format!(
        "{XML_DECL}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
<dc:title>{}</dc:title><dc:language>zh-CN</dc:language></cp:coreProperties>",
        escape(title)
    )
}

fn app() -> String {
    format!(
        "{XML_DECL}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">\
<Application>gongkai</Application></Properties>"
    )
}

fn settings() -> String {
    format!(
        "{XML_DECL}<w:settings xmlns:w=\"{W_NS}\">\
<w:zoom w:percent=\"100\"/><w:defaultTabStop w:val=\"420\"/>\
<w:characterSpacingControl w:val=\"compressPunctuation\"/>\
<w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>\
<w:themeFontLang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/>\
</w:settings>"
    )
}

/// The fonts, each with the name Word or WPS falls back to when it is not installed
/// (`仿宋_GB2312` → `仿宋` → `FangSong`, `方正小标宋简体` → `宋体` → `SimSun`, …), ending in
/// the freely available Noto CJK fonts.
const FONTS: &[(&str, &str, &str, &str, &str)] = &[
    // name, altName, panose, charset, family
    ("Times New Roman", "", "02020603050405020304", "00", "roman"),
    (
        "方正小标宋简体",
        "宋体",
        "02000000000000000000",
        "86",
        "script",
    ),
    ("宋体", "SimSun", "02010600030101010101", "86", "auto"),
    (
        "SimSun",
        "Noto Serif CJK SC",
        "02010600030101010101",
        "86",
        "auto",
    ),
    (
        "仿宋_GB2312",
        "仿宋",
        "02010609030101010101",
        "86",
        "modern",
    ),
    ("仿宋", "FangSong", "02010609060101010101", "86", "modern"),
    (
        "FangSong",
        "Noto Serif CJK SC",
        "02010609060101010101",
        "86",
        "modern",
    ),
    ("黑体", "SimHei", "02010609060101010101", "86", "modern"),
    (
        "SimHei",
        "Noto Sans CJK SC",
        "02010609060101010101",
        "86",
        "modern",
    ),
    (
        "楷体_GB2312",
        "楷体",
        "02010609030101010101",
        "86",
        "modern",
    ),
    ("楷体", "KaiTi", "02010609060101010101", "86", "modern"),
    (
        "KaiTi",
        "Noto Serif CJK SC",
        "02010609060101010101",
        "86",
        "modern",
    ),
    (
        "Noto Serif CJK SC",
        "",
        "02020400000000000000",
        "86",
        "roman",
    ),
    (
        "Noto Sans CJK SC",
        "",
        "020B0500000000000000",
        "86",
        "swiss",
    ),
];

fn font_table() -> String {
    let mut out = format!("{XML_DECL}<w:fonts xmlns:w=\"{W_NS}\">");
    for (name, alt, panose, charset, family) in FONTS {
        let _ = write!(out, "<w:font w:name=\"{}\">", escape(name));
        if !alt.is_empty() {
            let _ = write!(out, "<w:altName w:val=\"{}\"/>", escape(alt));
        }
        let pitch = if *charset == "86" {
            "fixed"
        } else {
            "variable"
        };
        let _ = write!(
            out,
            "<w:panose1 w:val=\"{panose}\"/><w:charset w:val=\"{charset}\"/>\
<w:family w:val=\"{family}\"/><w:pitch w:val=\"{pitch}\"/></w:font>"
        );
    }
    out.push_str("</w:fonts>");
    out
}

/// `w:rFonts` naming one font for every script.
fn fonts(name: &str) -> String {
    format!(
        "<w:rFonts w:ascii=\"{name}\" w:hAnsi=\"{name}\" w:eastAsia=\"{name}\" w:cs=\"{name}\"/>"
    )
}

/// The styles: body (`Normal`), `Title`, `Heading1` (黑体), `Heading2` and the run-in `Lead`
/// (楷体), table text, the signature, the footer. Sizes: 二号 22 pt title, 三号 16 pt body,
/// 五号 10.5 pt tables, 四号 14 pt page numbers.
fn styles() -> String {
    let body_fonts = "<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" \
w:eastAsia=\"仿宋_GB2312\" w:cs=\"Times New Roman\"/>";
    let line = "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"579\" w:lineRule=\"exact\"/>";
    let no_indent = "<w:ind w:firstLine=\"0\" w:firstLineChars=\"0\"/>";
    let single = "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>";
    let mut out = format!("{XML_DECL}<w:styles xmlns:w=\"{W_NS}\">");
    let _ = write!(
        out,
        "<w:docDefaults><w:rPrDefault><w:rPr>{body_fonts}<w:kern w:val=\"2\"/>\
<w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/><w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\" w:bidi=\"ar-SA\"/>\
</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>{line}</w:pPr></w:pPrDefault></w:docDefaults>"
    );
    let _ = write!(
        out,
        "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/>\
<w:pPr><w:widowControl/>{line}<w:ind w:firstLine=\"640\" w:firstLineChars=\"200\"/><w:jc w:val=\"both\"/></w:pPr>\
<w:rPr>{body_fonts}<w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/></w:rPr></w:style>"
    );
    let _ = write!(
        out,
        "<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\">\
<w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/><w:unhideWhenUsed/></w:style>"
    );
    let _ = write!(
        out,
        "<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/>\
<w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/>\
<w:spacing w:before=\"0\" w:after=\"579\" w:line=\"720\" w:lineRule=\"exact\"/>{no_indent}<w:jc w:val=\"center\"/>\
<w:outlineLvl w:val=\"0\"/></w:pPr><w:rPr>{}<w:sz w:val=\"44\"/><w:szCs w:val=\"44\"/></w:rPr></w:style>",
        fonts("方正小标宋简体")
    );
    for (id, name, font, level) in [
        ("Heading1", "heading 1", "黑体", 1),
        ("Heading2", "heading 2", "楷体_GB2312", 2),
    ] {
        let _ = write!(
            out,
            "<w:style w:type=\"paragraph\" w:styleId=\"{id}\"><w:name w:val=\"{name}\"/><w:basedOn w:val=\"Normal\"/>\
<w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:outlineLvl w:val=\"{level}\"/></w:pPr>\
<w:rPr>{}<w:b w:val=\"0\"/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/></w:rPr></w:style>",
            fonts(font)
        );
    }
    let _ = write!(
        out,
        "<w:style w:type=\"character\" w:styleId=\"Lead\"><w:name w:val=\"Run-in Heading\"/>\
<w:basedOn w:val=\"DefaultParagraphFont\"/><w:qFormat/><w:rPr>{}</w:rPr></w:style>",
        fonts("楷体_GB2312")
    );
    let _ = write!(
        out,
        "<w:style w:type=\"paragraph\" w:styleId=\"TableText\"><w:name w:val=\"Table Text\"/><w:basedOn w:val=\"Normal\"/>\
<w:qFormat/><w:pPr><w:widowControl/>{single}{no_indent}<w:jc w:val=\"center\"/></w:pPr>\
<w:rPr><w:kern w:val=\"0\"/><w:sz w:val=\"21\"/><w:szCs w:val=\"21\"/></w:rPr></w:style>"
    );
    let _ = write!(
        out,
        "<w:style w:type=\"paragraph\" w:styleId=\"TableNote\"><w:name w:val=\"Table Note\"/><w:basedOn w:val=\"TableText\"/>\
<w:pPr><w:jc w:val=\"left\"/></w:pPr><w:rPr><w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/></w:rPr></w:style>"
    );
    let _ = write!(
        out,
        "<w:style w:type=\"paragraph\" w:styleId=\"AfterTable\"><w:name w:val=\"After Table\"/><w:basedOn w:val=\"Normal\"/>\
<w:pPr>{single}{no_indent}</w:pPr><w:rPr><w:sz w:val=\"16\"/><w:szCs w:val=\"16\"/></w:rPr></w:style>"
    );
    let _ = write!(
        out,
        "<w:style w:type=\"paragraph\" w:styleId=\"Signature\"><w:name w:val=\"Signature\"/><w:basedOn w:val=\"Normal\"/>\
<w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:ind w:right=\"640\" w:firstLine=\"0\" w:firstLineChars=\"0\"/>\
<w:jc w:val=\"right\"/></w:pPr></w:style>"
    );
    let _ = write!(
        out,
        "<w:style w:type=\"paragraph\" w:styleId=\"SignatureEnd\"><w:name w:val=\"Signature End\"/>\
<w:basedOn w:val=\"Signature\"/><w:pPr><w:keepNext w:val=\"0\"/></w:pPr></w:style>"
    );
    let _ = write!(
        out,
        "<w:style w:type=\"paragraph\" w:styleId=\"Footer\"><w:name w:val=\"footer\"/><w:basedOn w:val=\"Normal\"/>\
<w:pPr>{single}{no_indent}<w:jc w:val=\"center\"/></w:pPr><w:rPr>{}<w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr></w:style>",
        fonts("宋体")
    );
    let _ = write!(
        out,
        "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/>\
<w:uiPriority w:val=\"99\"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/>\
<w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/>\
<w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>"
    );
    out.push_str("</w:styles>");
    out
}

fn footer() -> String {
    let run = |t: &str| format!("<w:r><w:t xml:space=\"preserve\">{t}</w:t></w:r>");
    format!(
        "{XML_DECL}<w:ftr xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\"><w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr>\
{}<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>\
<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>{}<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>{}</w:p></w:ftr>",
        run("— "),
        run("1"),
        run(" —")
    )
}

fn document(page: &Page) -> String {
    let mut body = String::new();
    body.push_str("<w:p><w:pPr><w:pStyle w:val=\"Title\"/></w:pPr>");
    for (i, line) in page.title.iter().enumerate() {
        if i > 0 {
            body.push_str("<w:r><w:br/></w:r>");
        }
        body.push_str(&run(line, None));
    }
    body.push_str("</w:p>");
    for s in &page.sections {
        paragraph(&mut body, "Heading1", &s.heading);
        paragraphs(&mut body, &s.before);
        for g in crate::grid::stacked(&s.tables) {
            table(&mut body, &g);
        }
        paragraphs(&mut body, &s.after);
    }
    if !page.signature.is_empty() || page.date.is_some() {
        paragraph(&mut body, "Normal", "");
        paragraph(&mut body, "Normal", "");
        let lines: Vec<&String> = page.signature.iter().chain(&page.date).collect();
        for (i, line) in lines.iter().enumerate() {
            // Each line keeps with the next; the last has no next to keep with.
            let style = if i + 1 < lines.len() {
                "Signature"
            } else {
                "SignatureEnd"
            };
            paragraph(&mut body, style, line);
        }
    }
    wrap_body(&body)
}

/// `body` as a whole `word/document.xml`: the A4 section with the GB/T 9704 margins and the
/// page-number footer.
fn wrap_body(body: &str) -> String {
    format!(
        "{XML_DECL}<w:document xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\"><w:body>{body}\
<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rId4\"/>\
<w:pgSz w:w=\"{PAGE_W}\" w:h=\"{PAGE_H}\"/><w:pgMar w:top=\"{MARGIN_TOP}\" w:right=\"{MARGIN_RIGHT}\" \
w:bottom=\"{MARGIN_BOTTOM}\" w:left=\"{MARGIN_LEFT}\" w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/>\
<w:cols w:space=\"425\"/></w:sectPr></w:body></w:document>"
    )
}

/// A run of text: tabs and line breaks become `w:tab` and `w:br`.
fn run(text: &str, style: Option<&str>) -> String {
    let mut out = String::from("<w:r>");
    if let Some(s) = style {
        let _ = write!(out, "<w:rPr><w:rStyle w:val=\"{s}\"/></w:rPr>");
    }
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<w:br/>");
        }
        for (j, piece) in line.split('\t').enumerate() {
            if j > 0 {
                out.push_str("<w:tab/>");
            }
            if !piece.is_empty() {
                let _ = write!(out, "<w:t xml:space=\"preserve\">{}</w:t>", escape(piece));
            }
        }
    }
    out.push_str("</w:r>");
    out
}

fn paragraph(out: &mut String, style: &str, text: &str) {
    let _ = write!(out, "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>");
    if !text.is_empty() {
        out.push_str(&run(text, None));
    }
    out.push_str("</w:p>");
}

fn paragraphs(out: &mut String, ps: &[Paragraph]) {
    for p in ps {
        if p.text.is_empty() && !p.lead.is_empty() {
            paragraph(out, "Heading2", &p.lead);
            continue;
        }
        out.push_str("<w:p><w:pPr><w:pStyle w:val=\"Normal\"/></w:pPr>");
        if !p.lead.is_empty() {
            out.push_str(&run(&p.lead, Some("Lead")));
        }
        out.push_str(&run(&p.text, None));
        out.push_str("</w:p>");
    }
}

/// Column widths in twips, scaled to the text block (the last column takes the rounding).
fn twips(widths: &[u32]) -> Vec<u32> {
    let total: u32 = widths.iter().sum::<u32>().max(1);
    let mut out: Vec<u32> = widths.iter().map(|w| w * TEXT_W / total).collect();
    let used: u32 = out.iter().sum();
    if let Some(last) = out.last_mut() {
        *last += TEXT_W - used;
    }
    out
}

/// One table: `gridSpan` for merged columns, `vMerge` restart/continue for merged rows (a
/// continuation cell repeats the span and holds an empty paragraph), header rows repeated on
/// each page (`tblHeader`), no row split across pages (`cantSplit`), and no group cut from its
/// label (see [`keeps_with_next`]).
fn table(out: &mut String, g: &Grid) {
    let widths = twips(&g.widths);
    let border = |side: &str| {
        format!("<w:{side} w:val=\"single\" w:sz=\"6\" w:space=\"0\" w:color=\"000000\"/>")
    };
    let borders: String = ["top", "left", "bottom", "right", "insideH", "insideV"]
        .iter()
        .map(|s| border(s))
        .collect();
    let _ = write!(
        out,
        "<w:tbl><w:tblPr><w:tblW w:w=\"{TEXT_W}\" w:type=\"dxa\"/><w:jc w:val=\"center\"/>\
<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblCellMar>\
<w:top w:w=\"15\" w:type=\"dxa\"/><w:left w:w=\"40\" w:type=\"dxa\"/><w:bottom w:w=\"15\" w:type=\"dxa\"/>\
<w:right w:w=\"40\" w:type=\"dxa\"/></w:tblCellMar><w:tblLook w:val=\"0000\" w:firstRow=\"0\" w:lastRow=\"0\" \
w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>"
    );
    for w in &widths {
        let _ = write!(out, "<w:gridCol w:w=\"{w}\"/>");
    }
    out.push_str("</w:tblGrid>");
    let dense = g.dense();
    for (r, row) in dense.iter().enumerate() {
        out.push_str("<w:tr><w:trPr><w:cantSplit/>");
        if r < g.header_rows {
            out.push_str("<w:tblHeader/>");
        }
        out.push_str("<w:trHeight w:val=\"400\" w:hRule=\"atLeast\"/></w:trPr>");
        let keep = keeps_with_next(g, &dense, r);
        let mut c = 0;
        while c < row.len() {
            let Some((cell, origin)) = row[c] else {
                // Unreachable for the template grids (they tile); keep the row well-formed.
                tc(out, widths[c], 1, None, "", Role::Value, keep);
                c += 1;
                continue;
            };
            let span = cell.colspan.min(row.len() - c).max(1);
            let width: u32 = widths[c..c + span].iter().sum();
            let starts_here = cell.col == c;
            if !starts_here {
                c += 1;
                continue;
            }
            let merge = match (cell.rowspan > 1, origin) {
                (true, true) => Some("restart"),
                (true, false) => Some(""),
                _ => None,
            };
            let text = if origin { cell.text.as_str() } else { "" };
            tc(out, width, span, merge, text, cell.role, keep);
            c += span;
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
    out.push_str("<w:p><w:pPr><w:pStyle w:val=\"AfterTable\"/></w:pPr></w:p>");
}

/// Whether row `r` stays on the page of the row below it: heading rows (column headers, a
/// sub-table's 第二十条 row) do, and so does every row but the last that a merged cell covers.
///
/// Word and LibreOffice both keep a table row with the next when its paragraphs have
/// `keepNext`; neither can keep a `vMerge` group together otherwise, and both split a merged
/// cell's text at a page break, so that a group label such as 三、本年度办理结果 would be cut
/// in two or printed on a page away from its first row. Kept together, a group moves whole to
/// the next page, where the header rows are repeated. A group taller than a page still breaks
/// (both programs ignore the keep then); no template group comes near that.
fn keeps_with_next(g: &Grid, dense: &[Vec<Option<(&GridCell, bool)>>], r: usize) -> bool {
    let heading = !g.rows[r].is_empty()
        && g.rows[r]
            .iter()
            .all(|c| matches!(c.role, Role::ColumnHeader | Role::RowGroup | Role::Note));
    let merged_below = dense.get(r + 1).is_some_and(|below| {
        dense[r].iter().zip(below).any(|pair| match pair {
            (Some((a, _)), Some((b, false))) => std::ptr::eq(*a, *b),
            _ => false,
        })
    });
    heading || merged_below
}

fn tc(
    out: &mut String,
    width: u32,
    span: usize,
    merge: Option<&str>,
    text: &str,
    role: Role,
    keep: bool,
) {
    let _ = write!(out, "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>");
    if span > 1 {
        let _ = write!(out, "<w:gridSpan w:val=\"{span}\"/>");
    }
    match merge {
        Some("restart") => out.push_str("<w:vMerge w:val=\"restart\"/>"),
        Some(_) => out.push_str("<w:vMerge/>"),
        None => {}
    }
    out.push_str("<w:vAlign w:val=\"center\"/></w:tcPr>");
    let (style, jc) = match role {
        Role::Note => ("TableNote", "left"),
        Role::RowHeader => ("TableText", "left"),
        Role::RowGroup if span > 1 => ("TableText", "left"),
        _ => ("TableText", "center"),
    };
    let keep = if keep { "<w:keepNext/>" } else { "" };
    let _ = write!(
        out,
        "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/>{keep}<w:jc w:val=\"{jc}\"/></w:pPr>"
    );
    if !text.is_empty() {
        out.push_str(&run(text, None));
    }
    out.push_str("</w:p></w:tc>");
}

/// Writes a letter (a notice or an answer to an applicant) as a DOCX file: the title, the
/// salutation flush left, the body paragraphs, the signature and the date on the right — the
/// same page, fonts and styles as a report.
pub fn write_letter(letter: &crate::letter::Letter) -> Vec<u8> {
    let mut body = String::new();
    body.push_str("<w:p><w:pPr><w:pStyle w:val=\"Title\"/></w:pPr>");
    body.push_str(&run(&letter.title, None));
    body.push_str("</w:p>");
    if let Some(s) = &letter.salutation {
        body.push_str(
            "<w:p><w:pPr><w:pStyle w:val=\"Normal\"/><w:ind w:firstLine=\"0\" w:firstLineChars=\"0\"/></w:pPr>",
        );
        body.push_str(&run(s, None));
        body.push_str("</w:p>");
    }
    for p in &letter.paragraphs {
        paragraph(&mut body, "Normal", p);
    }
    paragraph(&mut body, "Normal", "");
    let lines: Vec<&String> = letter.signature.iter().chain(&letter.date).collect();
    for (i, line) in lines.iter().enumerate() {
        let style = if i + 1 < lines.len() {
            "Signature"
        } else {
            "SignatureEnd"
        };
        paragraph(&mut body, style, line);
    }
    package(&letter.title, wrap_body(&body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_model::labels::Template;
    use gongkai_model::{Meta, Report, SourceId};
    use std::io::Read;

    fn parts(bytes: &[u8]) -> Vec<(String, String)> {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        (0..zip.len())
            .map(|i| {
                let mut f = zip.by_index(i).unwrap();
                let mut text = String::new();
                f.read_to_string(&mut text).unwrap();
                (f.name().unwrap().to_string(), text)
            })
            .collect()
    }

    /// Table 三's rows (header rows first) and whether each keeps with the next.
    fn request_table_keeps(template: Template) -> Vec<(String, bool)> {
        let report = Report {
            source: SourceId(0),
            meta: Meta::default(),
            template: Some(template),
            sections: Vec::new(),
            active: None,
            requests: None,
            reviews: None,
        };
        let parts = parts(&write(&crate::page::page(&report)));
        let doc = &parts
            .iter()
            .find(|(n, _)| n == "word/document.xml")
            .unwrap()
            .1;
        let outcomes = gongkai_model::labels::RequestGroup::Outcomes.label();
        let table = doc.split("<w:tbl>").find(|t| t.contains(outcomes)).unwrap();
        table
            .split("<w:tr>")
            .skip(1)
            .map(|row| {
                let texts: String = row
                    .split("<w:t xml:space=\"preserve\">")
                    .skip(1)
                    .map(|t| &t[..t.find('<').unwrap()])
                    .collect();
                (texts, row.contains("<w:keepNext/>"))
            })
            .collect()
    }

    #[test]
    fn a_merged_group_keeps_its_rows_together() {
        for (template, rows) in [(Template::Y2021, 25), (Template::Y2019, 23)] {
            let keeps = request_table_keeps(template);
            assert_eq!(keeps.len(), 3 + rows);
            // The header rows keep with the first row; rows 一 and 二 stand alone.
            assert!(keeps[..3].iter().all(|(_, k)| *k), "{keeps:?}");
            assert!(!keeps[3].1 && !keeps[4].1, "{keeps:?}");
            // The outcome group: every row keeps with the next but its last (（七）总计).
            let group = &keeps[5..rows + 2];
            assert!(group[0].0.contains("本年度办理结果"), "{group:?}");
            let (last, within) = group.split_last().unwrap();
            assert!(within.iter().all(|(_, k)| *k), "{within:?}");
            assert!(last.0.contains("总计") && !last.1, "{last:?}");
            assert!(!keeps[rows + 2].1, "{keeps:?}");
        }
    }

    #[test]
    fn package_is_complete_and_tables_are_well_formed() {
        for template in [Template::Y2019, Template::Y2021] {
            let report = Report {
                source: SourceId(0),
                meta: Meta::default(),
                template: Some(template),
                sections: Vec::new(),
                active: None,
                requests: None,
                reviews: None,
            };
            let bytes = write(&crate::page::page(&report));
            let parts = parts(&bytes);
            assert_eq!(parts[0].0, "[Content_Types].xml");
            let types = &parts[0].1;
            for (name, _) in &parts[1..] {
                if !name.ends_with(".rels") {
                    assert!(types.contains(&format!("PartName=\"/{name}\"")), "{name}");
                }
            }
            let doc = &parts
                .iter()
                .find(|(n, _)| n == "word/document.xml")
                .unwrap()
                .1;
            // Every cell holds a paragraph.
            for cell in doc.split("<w:tc>").skip(1) {
                let cell = &cell[..cell.find("</w:tc>").unwrap()];
                assert!(cell.contains("<w:p>"), "{cell}");
            }
            // Every row spans exactly the table's grid.
            for table in doc.split("<w:tbl>").skip(1) {
                let columns = table.matches("<w:gridCol ").count();
                for row in table.split("<w:tr>").skip(1) {
                    let row = &row[..row.find("</w:tr>").unwrap()];
                    let cells = row.matches("<w:tc>").count();
                    let extra: usize = row
                        .split("<w:gridSpan w:val=\"")
                        .skip(1)
                        .map(|s| s[..s.find('"').unwrap()].parse::<usize>().unwrap() - 1)
                        .sum();
                    assert_eq!(cells + extra, columns, "{row}");
                }
            }
        }
    }
}
