//! DOCX documents built in code: paragraphs, numbering, text boxes, fields and tracked changes,
//! tables with gridSpan/vMerge/gridBefore and nested tables; archives that are no DOCX; damage.

use gongkai_extract::{ErrorKind, Format, Limit, Origin, extract};

use super::origin_of;
use super::wordml::*;

const NUMBERING: &str = r#"
<w:abstractNum w:abstractNumId="7">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num>"#;

fn report_body() -> String {
    let text_box = r#"<w:p><w:r><w:t>正文</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>文本框内容</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>文本框内容</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"#;
    let nested = tbl(&[tr(&[tc("内1"), tc("1")]), tr(&[tc("内2"), tc("2")])]);
    let table = tbl(&[
        tr(&[tc_with(
            r#"<w:gridSpan w:val="4"/>"#,
            &p("第二十条第（一）项"),
        )]),
        tr(&[
            tc("信息内容"),
            tc("本年制发件数"),
            tc("本年废止件数"),
            tc("现行有效件数"),
        ]),
        tr(&[
            tc_with(r#"<w:vMerge w:val="restart"/>"#, &p("行政规范性文件")),
            tc("2"),
            tc("1"),
            tc("9"),
        ]),
        tr(&[tc_with("<w:vMerge/>", "<w:p/>"), tc("3"), tc("4"), tc("5")]),
        tr_with(r#"<w:gridBefore w:val="1"/>"#, &[tc("a"), tc("b"), tc("c")]),
        tr(&[tc_with("", &format!("{}{nested}<w:p/>", p("外"))), tc("9")]),
        tr_with(
            r#"<w:del w:id="9" w:author="x" w:date="2022-01-01T00:00:00Z"/>"#,
            &[tc("删除行"), tc("0")],
        ),
        tr(&[
            tc_with("", &format!("{}{}", p("商业"), p("企业"))),
            tc_with(
                "",
                r#"<w:p><w:r><w:t>x</w:t><w:br/><w:t>y</w:t></w:r></w:p>"#,
            ),
        ]),
    ]);
    let field = r#"<w:p><w:r><w:t>A &amp; B</w:t></w:r><w:ins w:id="1" w:author="x"><w:r><w:t xml:space="preserve"> 新</w:t></w:r></w:ins><w:del w:id="2" w:author="x"><w:r><w:delText>旧</w:delText></w:r></w:del><w:bookmarkStart w:id="0" w:name="_GoBack"/><w:bookmarkEnd w:id="0"/><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#;
    [
        p("某某局2021年政府信息公开工作年度报告"),
        numbered(1, 0, "总体情况"),
        text_box.to_string(),
        numbered(1, 0, "主动公开政府信息情况"),
        table,
        numbered(1, 1, "子标题"),
        field.to_string(),
    ]
    .concat()
}

const EXPECTED: &str = "某某局2021年政府信息公开工作年度报告
一、总体情况
正文
文本框内容
二、主动公开政府信息情况
第二十条第（一）项\t\t\t
信息内容\t本年制发件数\t本年废止件数\t现行有效件数
行政规范性文件\t2\t1\t9
\t3\t4\t5
\ta\tb\tc
外\t9
内1\t1
内2\t2
商业 企业\tx y

（一）子标题
A & B 新7
";

#[test]
fn paragraphs_numbering_and_merged_tables() {
    let bytes = docx_with(&report_body(), Some(NUMBERING), None);
    let source = extract(&bytes, "report.docx").unwrap();
    assert_eq!(source.format, Format::Docx);
    assert_eq!(source.text, EXPECTED);
    assert!(source.warnings.is_empty());
}

#[test]
fn cells_and_paragraphs_map_back_to_the_document() {
    let bytes = docx_with(&report_body(), Some(NUMBERING), None);
    let source = extract(&bytes, "report.docx").unwrap();
    assert_eq!(
        origin_of(&source, "一、总体情况"),
        Origin::DocxParagraph { index: 2 }
    );
    assert_eq!(
        origin_of(&source, "行政规范性文件"),
        Origin::DocxCell {
            table: 1,
            row: 3,
            col: 1
        }
    );
    assert_eq!(
        origin_of(&source, "现行有效件数"),
        Origin::DocxCell {
            table: 1,
            row: 2,
            col: 4
        }
    );
    assert_eq!(
        origin_of(&source, "\ta\tb"),
        Origin::DocxCell {
            table: 1,
            row: 5,
            col: 1
        }
    );
    assert_eq!(
        origin_of(&source, "内2"),
        Origin::DocxCell {
            table: 2,
            row: 2,
            col: 1
        }
    );
}

#[test]
fn namespaces_are_matched_by_uri_whatever_the_prefix() {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><ns0:document xmlns:ns0="{W_NS}"><ns0:body><ns0:p><ns0:r><ns0:t>一、总体情况</ns0:t></ns0:r></ns0:p><ns0:p xmlns:w="urn:not-word"><w:r><w:t>不是正文</w:t></w:r></ns0:p></ns0:body></ns0:document>"#
    );
    let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/main.xml"/></Relationships>"#;
    let bytes = zip(&[
        ("_rels/.rels", rels.as_bytes()),
        ("word/main.xml", document.as_bytes()),
    ]);
    assert_eq!(extract(&bytes, "x").unwrap().text, "一、总体情况\n");
}

#[test]
fn numbering_set_on_a_style_is_written() {
    let styles = r#"<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>"#;
    let body = [
        r#"<w:p><w:pPr><w:pStyle w:val="1"/></w:pPr><w:r><w:t>总体情况</w:t></w:r></w:p>"#.to_string(),
        p("正文"),
        r#"<w:p><w:pPr><w:pStyle w:val="1"/></w:pPr><w:r><w:t>主动公开政府信息情况</w:t></w:r></w:p>"#.to_string(),
    ]
    .concat();
    let source = extract(&docx_with(&body, Some(NUMBERING), Some(styles)), "x").unwrap();
    assert_eq!(
        source.text,
        "一、总体情况\n正文\n二、主动公开政府信息情况\n"
    );
}

#[test]
fn a_damaged_numbering_part_costs_the_labels_not_the_text() {
    let body = [numbered(1, 0, "总体情况"), p("正文")].concat();
    let bytes = docx_with(&body, Some("<w:abstractNum><w:lvl></w:abstractNum>"), None);
    let source = extract(&bytes, "x.docx").unwrap();
    assert_eq!(source.text, "总体情况\n正文\n");
    assert_eq!(source.warnings.len(), 1);
    assert!(source.warnings[0].zh.contains("已损坏"));
}

#[test]
fn archives_that_are_no_word_document_are_named() {
    let xlsx_rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    let xlsx = zip(&[
        ("_rels/.rels", xlsx_rels.as_bytes()),
        ("xl/workbook.xml", b"<workbook/>"),
    ]);
    let err = extract(&xlsx, "a.docx").unwrap_err();
    assert_eq!(err.kind, ErrorKind::NotDocx { format: "XLSX" });
    assert!(err.message(false).contains("不是 Word 文档"));

    let plain = zip(&[("报告.txt", "一、总体情况".as_bytes())]);
    assert_eq!(
        extract(&plain, "a.docx").unwrap_err().kind,
        ErrorKind::NotDocx { format: "ZIP" }
    );

    let odt = zip(&[
        ("mimetype", b"application/vnd.oasis.opendocument.text"),
        ("content.xml", b"<office:document-content/>"),
    ]);
    assert_eq!(
        extract(&odt, "a.docx").unwrap_err().kind,
        ErrorKind::NotDocx { format: "ODT" }
    );
}

#[test]
fn truncated_and_corrupted_documents_are_damaged() {
    let bytes = docx_with(&report_body(), Some(NUMBERING), None);
    for cut in [bytes.len() / 2, bytes.len() - 10, 30] {
        let err = extract(&bytes[..cut], "cut.docx").unwrap_err();
        assert!(
            matches!(err.kind, ErrorKind::Damaged { format: "DOCX", .. }),
            "{cut}: {err:?}"
        );
        assert!(err.message(false).contains("已损坏或不完整"));
    }
    // A flipped byte inside the deflated document part: inflating or the checksum fails.
    let at = memchr::memmem::find(&bytes, b"word/document.xml").unwrap() + 40;
    let mut corrupted = bytes.clone();
    corrupted[at] ^= 0x55;
    let err = extract(&corrupted, "bad.docx").unwrap_err();
    assert!(matches!(err.kind, ErrorKind::Damaged { .. }), "{err:?}");
}

#[test]
fn entity_declarations_are_refused_in_any_part() {
    let document = format!(
        r#"<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>"#
    );
    let bytes = zip(&[("word/document.xml", document.as_bytes())]);
    let err = extract(&bytes, "laughs.docx").unwrap_err();
    assert!(
        matches!(
            err.kind,
            ErrorKind::Limit {
                limit: Limit::XmlDoctype { .. }
            }
        ),
        "{err:?}"
    );
}

#[test]
fn deeply_nested_xml_is_refused() {
    let depth = 5000;
    let body = format!(
        "{}{}{}",
        "<w:tbl><w:tr><w:tc>".repeat(depth),
        p("x"),
        "</w:tc></w:tr></w:tbl>".repeat(depth)
    );
    let err = extract(&docx(&body), "deep.docx").unwrap_err();
    assert!(
        matches!(
            err.kind,
            ErrorKind::Limit {
                limit: Limit::XmlDepth { .. }
            }
        ),
        "{err:?}"
    );
}

#[test]
fn too_many_entries_are_refused() {
    let names: Vec<String> = (0..10_001).map(|i| format!("f{i}")).collect();
    let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
    let bytes = zip_with(&entries, zip::CompressionMethod::Stored);
    let err = extract(&bytes, "many.docx").unwrap_err();
    assert_eq!(
        err.kind,
        ErrorKind::Limit {
            limit: Limit::ZipEntries { count: 10_001 }
        }
    );
}
