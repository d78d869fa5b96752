//! A minimal WordprocessingML writer for the tests: a DOCX package around a body given as XML,
//! plus helpers for paragraphs and tables.

use std::io::Write;

/// The WordprocessingML namespace.
pub const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// A ZIP archive of `entries`, deflated.
pub fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    zip_with(entries, zip::CompressionMethod::Deflated)
}

/// A ZIP archive of `entries`, compressed with `method`.
pub fn zip_with(entries: &[(&str, &[u8])], method: zip::CompressionMethod) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(method);
    for (name, bytes) in entries {
        writer.start_file(*name, options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

/// A DOCX whose body is `body` (WordprocessingML with the `w` prefix), with optional
/// `numbering.xml` and `styles.xml` parts.
pub fn docx_with(body: &str, numbering: Option<&str>, styles: Option<&str>) -> Vec<u8> {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W_NS}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    let document_rels = r#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="/word/styles.xml"/></Relationships>"#;
    let content_types = r#"<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
    let mut entries: Vec<(&str, Vec<u8>)> = vec![
        ("[Content_Types].xml", content_types.as_bytes().to_vec()),
        ("_rels/.rels", rels.as_bytes().to_vec()),
        ("word/document.xml", document.into_bytes()),
        (
            "word/_rels/document.xml.rels",
            document_rels.as_bytes().to_vec(),
        ),
    ];
    if let Some(numbering) = numbering {
        let xml = format!(r#"<w:numbering xmlns:w="{W_NS}">{numbering}</w:numbering>"#);
        entries.push(("word/numbering.xml", xml.into_bytes()));
    }
    if let Some(styles) = styles {
        let xml = format!(r#"<w:styles xmlns:w="{W_NS}">{styles}</w:styles>"#);
        entries.push(("word/styles.xml", xml.into_bytes()));
    }
    let borrowed: Vec<(&str, &[u8])> = entries.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    zip(&borrowed)
}

/// A DOCX whose body is `body`.
pub fn docx(body: &str) -> Vec<u8> {
    docx_with(body, None, None)
}

/// `s` escaped for XML text.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A paragraph of one run.
pub fn p(text: &str) -> String {
    format!(
        r#"<w:p><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
        escape(text)
    )
}

/// A paragraph numbered by list `num_id` at level `level`.
pub fn numbered(num_id: u32, level: u32, text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr><w:r><w:t>{}</w:t></w:r></w:p>"#,
        escape(text)
    )
}

/// A cell with properties `props` (inside `w:tcPr`) and content `content` (paragraphs, tables).
pub fn tc_with(props: &str, content: &str) -> String {
    format!(r#"<w:tc><w:tcPr><w:tcW w:w="1000" w:type="dxa"/>{props}</w:tcPr>{content}</w:tc>"#)
}

/// A cell holding one paragraph (an empty one for empty text, as Word writes it).
pub fn tc(text: &str) -> String {
    let content = if text.is_empty() {
        "<w:p/>".to_string()
    } else {
        p(text)
    };
    tc_with("", &content)
}

/// A row of cells, with row properties `props` (inside `w:trPr`).
pub fn tr_with(props: &str, cells: &[String]) -> String {
    format!("<w:tr><w:trPr>{props}</w:trPr>{}</w:tr>", cells.concat())
}

/// A row of cells.
pub fn tr(cells: &[String]) -> String {
    tr_with("", cells)
}

/// A table of rows.
pub fn tbl(rows: &[String]) -> String {
    format!(
        r#"<w:tbl><w:tblPr><w:tblStyle w:val="a"/></w:tblPr><w:tblGrid><w:gridCol w:w="1000"/></w:tblGrid>{}</w:tbl>"#,
        rows.concat()
    )
}
