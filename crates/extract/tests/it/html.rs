//! HTML pages built in code: the report found among site clutter, tables with rowspan/colspan,
//! nested and split tables, `&nbsp;` cells, GBK pages and mislabelled UTF-8, hostile nesting.

use gongkai_extract::{ErrorKind, Format, Limit, Origin, extract};

use super::origin_of;

/// A government site page around a short report.
const PAGE: &str = r#"<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>某某局2021年政府信息公开工作年度报告_某某市人民政府</title>
<style>.x { color: red }</style><script>var s = "一、总体情况";</script></head>
<body>
<div class="header"><div class="logo">某某市人民政府</div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li></ul></div>
<nav><a href="/">网站导航</a> 无障碍阅读</nav>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 年度报告</div>
<div class="main">
  <div class="article">
    <h1 class="title">某某局2021年政府信息公开工作年度报告</h1>
    <div class="info">发布时间：2022-01-20　来源：某某局　浏览次数：<span id="c">12</span></div>
    <div class="content" id="zoom">
      <p>　　本报告根据《中华人民共和国政府信息公开条例》编制，全文包括总体情况、主动公开政府信息情况等六个部分。</p>
      <p>一、总体情况</p>
      <p>2021年，本局认真贯彻落实政府信息公开工作要求，
      持续推进决策、执行、管理、服务、结果公开。<br>全年主动公开政府信息120条。</p>
      <p>二、主动公开政府信息情况</p>
      <table border="1">
        <tbody>
        <tr><td colspan="4">第二十条第（一）项</td></tr>
        <tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
        <tr><td>规章</td><td>0</td><td>0</td><td>&nbsp;</td></tr>
        <tr><td rowspan="2">行政规范性文件</td><td>2</td><td>1</td><td>9</td></tr>
        <tr><td>3</td><td>4</td><td>5</td></tr>
        </tbody>
      </table>
      <p>五、存在的主要问题及改进情况</p>
      <p>一是公开内容不够全面；二是更新不够及时。下一步，本局将进一步加强政府信息公开工作。</p>
    </div>
    <div class="share">分享到：<a href="/share">微信</a><a href="/share">微博</a></div>
    <form><input value="搜索"><button>搜索</button></form>
  </div>
  <div class="side"><h3>相关链接</h3><ul><li><a href="/share">某某局2020年政府信息公开工作年度报告</a></li></ul></div>
</div>
<div class="footer">主办单位：某某市人民政府办公室　网站标识码：1234567890　京ICP备12345678号</div>
<footer>版权所有</footer>
<script>document.write("统计代码");</script>
</body></html>
"#;

const PAGE_TEXT: &str = "某某局2021年政府信息公开工作年度报告
　　本报告根据《中华人民共和国政府信息公开条例》编制，全文包括总体情况、主动公开政府信息情况等六个部分。
一、总体情况
2021年，本局认真贯彻落实政府信息公开工作要求， 持续推进决策、执行、管理、服务、结果公开。
全年主动公开政府信息120条。
二、主动公开政府信息情况
第二十条第（一）项\t\t\t
信息内容\t本年制发件数\t本年废止件数\t现行有效件数
规章\t0\t0\t
行政规范性文件\t2\t1\t9
\t3\t4\t5

五、存在的主要问题及改进情况
一是公开内容不够全面；二是更新不够及时。下一步，本局将进一步加强政府信息公开工作。
";

#[test]
fn the_report_is_found_among_the_site_clutter() {
    let source = extract(PAGE.as_bytes(), "page.html").unwrap();
    assert_eq!(source.format, Format::Html { encoding: "UTF-8" });
    assert_eq!(source.text, PAGE_TEXT);
}

#[test]
fn cells_and_paragraphs_map_back_to_the_page() {
    let source = extract(PAGE.as_bytes(), "page.html").unwrap();
    assert_eq!(
        origin_of(&source, "行政规范性文件"),
        Origin::HtmlCell {
            table: 1,
            row: 4,
            col: 1
        }
    );
    assert_eq!(
        origin_of(&source, "\t3\t4"),
        Origin::HtmlCell {
            table: 1,
            row: 5,
            col: 1
        }
    );
    let line = PAGE
        .lines()
        .position(|l| l.contains("<p>一、总体情况</p>"))
        .unwrap() as u32
        + 1;
    assert!(matches!(
        origin_of(&source, "一、总体情况"),
        Origin::HtmlBlock { line: l, .. } if l == line
    ));
}

#[test]
fn the_title_is_the_heading_not_the_byline() {
    let body = "本机关认真贯彻落实政府信息公开条例，主动公开政府信息。".repeat(8);
    let page = format!(
        r#"<html><body><div class="list-title">政务公开栏目导航标题</div>
<div class="detail"><h2>某某县2021年政府信息公开工作年度报告</h2>
<div class="subtitle">发布时间：2022-01-20 来源：某某县人民政府办公室</div>
<div class="text"><p>一、总体情况</p><p>{body}</p></div></div></body></html>"#
    );
    let source = extract(page.as_bytes(), "t.html").unwrap();
    assert_eq!(
        source.text,
        format!("某某县2021年政府信息公开工作年度报告\n一、总体情况\n{body}\n")
    );
}

#[test]
fn preformatted_text_keeps_its_lines_and_tabs() {
    let page = "<html><body><pre>\n一、总体情况\n  本年度……\n\n规章\t1\t0\t3\n</pre><p>完</p></body></html>";
    let source = extract(page.as_bytes(), "pre.html").unwrap();
    assert_eq!(
        source.text,
        "一、总体情况\n  本年度……\n\n规章\t1\t0\t3\n完\n"
    );
}

#[test]
fn a_gbk_page_is_decoded_from_its_meta_charset() {
    let page = PAGE.replace(
        r#"<meta charset="utf-8">"#,
        r#"<meta http-equiv="Content-Type" content="text/html; charset=gb2312">"#,
    );
    let (bytes, _, _) = encoding_rs::GBK.encode(&page);
    let source = extract(&bytes, "gbk.htm").unwrap();
    assert_eq!(source.format, Format::Html { encoding: "GBK" });
    assert_eq!(source.text, PAGE_TEXT);

    let short = r#"<html><head><meta charset="GB2312"></head><body><p>二、主动公开政府信息情况</p></body></html>"#;
    let (bytes, _, _) = encoding_rs::GBK.encode(short);
    let source = extract(&bytes, "short.htm").unwrap();
    assert_eq!(source.text, "二、主动公开政府信息情况\n");
}

#[test]
fn a_utf8_page_labelled_gb2312_is_read_as_utf8() {
    let page = PAGE.replace(r#"<meta charset="utf-8">"#, r#"<meta charset="gb2312">"#);
    let source = extract(page.as_bytes(), "mislabelled.html").unwrap();
    assert_eq!(source.format, Format::Html { encoding: "UTF-8" });
    assert_eq!(source.text, PAGE_TEXT);
}

#[test]
fn spans_nested_and_split_tables() {
    let page = r#"<html><body><div>
<p>表一</p>
<table>
<tr><td rowspan="2" colspan="2">A</td><td>B</td></tr>
<tr><td>C</td></tr>
<tr><th>D</th><td>E<br/>e</td><td>&nbsp;</td></tr>
<tr><td>外<table><tr><td>内1</td><td>1</td></tr><tr><td>内2</td><td>2</td></tr></table></td><td><p>9</p><p>(件)</p></td></tr>
</table>
<table><tr><td>续</td><td>3</td></tr></table>
</div></body></html>"#;
    let source = extract(page.as_bytes(), "t.html").unwrap();
    assert_eq!(
        source.text,
        "表一\nA\t\tB\n\t\tC\nD\tE e\t\n外\t9 (件)\n内1\t1\n内2\t2\n\n续\t3\n\n"
    );
    assert_eq!(
        origin_of(&source, "内2"),
        Origin::HtmlCell {
            table: 2,
            row: 2,
            col: 1
        }
    );
    assert_eq!(
        origin_of(&source, "续"),
        Origin::HtmlCell {
            table: 3,
            row: 1,
            col: 1
        }
    );
}

#[test]
fn a_page_laid_out_with_tables_keeps_its_data_tables() {
    let long = "本机关认真贯彻落实《中华人民共和国政府信息公开条例》，".repeat(15);
    let page = format!(
        r#"<html><body><table width="100%">
<tr><td><a href="/">首页</a> 某某县人民政府</td></tr>
<tr><td><h2>某某县2021年政府信息公开工作年度报告</h2><p>一、总体情况</p><p>{long}</p>
<table border="1"><tr><td>规章</td><td>1</td></tr></table></td></tr>
<tr><td>版权所有</td></tr></table></body></html>"#
    );
    let source = extract(page.as_bytes(), "layout.html").unwrap();
    assert_eq!(
        source.text,
        format!("某某县2021年政府信息公开工作年度报告\n一、总体情况\n{long}\n规章\t1\n\n")
    );
}

#[test]
fn spans_are_clamped_and_huge_grids_refused() {
    let page = r#"<html><body><table><tr><td colspan="100000" rowspan="99999999">x</td></tr><tr><td>y</td></tr></table></body></html>"#;
    let source = extract(page.as_bytes(), "span.html").unwrap();
    let first = source.text.lines().next().unwrap();
    assert_eq!(first.split('\t').count(), 64);
    assert_eq!(source.text.lines().nth(1).unwrap().split('\t').count(), 65);

    let wide = format!(
        "<html><body><table><tr>{}</tr></table></body></html>",
        r#"<td colspan="64">x</td>"#.repeat(20)
    );
    let err = extract(wide.as_bytes(), "wide.html").unwrap_err();
    assert_eq!(
        err.kind,
        ErrorKind::Limit {
            limit: Limit::TableSize
        }
    );
}

#[test]
fn deeply_nested_pages_are_refused_quickly() {
    for tag in ["div", "span", "b", "table><tr><td"] {
        let page = format!(
            "<html><body>{}x</body></html>",
            format!("<{tag}>").repeat(200_000)
        );
        let started = std::time::Instant::now();
        let err = extract(page.as_bytes(), "deep.html").unwrap_err();
        assert_eq!(
            err.kind,
            ErrorKind::Limit {
                limit: Limit::HtmlDepth
            },
            "{tag}"
        );
        assert!(
            started.elapsed().as_secs() < 20,
            "{tag}: {:?}",
            started.elapsed()
        );
    }
}

#[test]
fn markup_is_recognised_by_content_not_name() {
    for head in [
        "<!DOCTYPE html><p>一、总体情况</p>",
        "\u{FEFF}  \n<HTML><body>一、总体情况</body></HTML>",
        "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>一、总体情况</p></body></html>",
        "<!-- saved from url --><div>一、总体情况</div>",
        "<p>一、总体情况</p>",
        "<table><tr><td>一、总体情况</td></tr></table>",
    ] {
        let source = extract(head.as_bytes(), "report.txt").unwrap();
        assert!(
            matches!(source.format, Format::Html { .. }),
            "{head}: {:?}",
            source.format
        );
        assert!(source.text.contains("一、总体情况"), "{head}");
    }
    for text in [
        "一、总体情况\n<p>不是网页</p>",
        "# 标题\n\n<div>",
        "<pre>文本",
        "<?xml version=\"1.0\"?><root/>",
    ] {
        let source = extract(text.as_bytes(), "report.html").unwrap();
        assert!(
            matches!(source.format, Format::Text { .. }),
            "{text}: {:?}",
            source.format
        );
    }
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "<html><body><p>一、总体情况</p></body></html>"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    let source = extract(&utf16, "x").unwrap();
    assert_eq!(
        source.format,
        Format::Html {
            encoding: "UTF-16LE"
        }
    );
    assert_eq!(source.text, "一、总体情况\n");
}

#[test]
fn old_office_files_and_encrypted_documents_say_what_to_do() {
    let mut doc = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    doc.resize(512, 0);
    doc.extend("Workbook".encode_utf16().flat_map(u16::to_le_bytes));
    let err = extract(&doc, "a.xls").unwrap_err();
    assert_eq!(err.kind, ErrorKind::LegacyOffice { format: "XLS" });
    assert!(err.message(false).contains("另存为 DOCX 或 PDF 后再读取"));
    assert!(err.message(true).contains("save it as DOCX or PDF"));

    let mut encrypted = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    encrypted.resize(1024, 0);
    encrypted.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    let err = extract(&encrypted, "a.docx").unwrap_err();
    assert_eq!(err.kind, ErrorKind::Encrypted);
    assert!(err.message(false).contains("加密"));
}

/// The report's HTML as a portal ships it in a script, and the page around it.
mod script_pages {
    use super::*;

    /// The report part of [`PAGE`], as it would be set as the content element's `innerHTML`.
    fn report_html() -> &'static str {
        let start = PAGE.find("<h1 class=\"title\">").unwrap();
        let end = PAGE.find("<div class=\"share\">").unwrap();
        &PAGE[start..end]
    }

    /// A site page whose content element is empty until `script` fills it.
    fn page(script: &str) -> String {
        format!(
            r#"<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>某某局2021年政府信息公开工作年度报告</title></head>
<body>
<div class="header"><div class="logo">某某市人民政府</div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li></ul></div>
<div class="main"><div class="article" id="zoom"></div></div>
<script>
{script}
</script>
<div class="footer">主办单位：某某市人民政府办公室　网站标识码：1234567890</div>
</body></html>
"#
        )
    }

    /// The page read with the report visible, for comparison.
    fn visible() -> Source {
        extract(
            page("")
                .replace("id=\"zoom\">", &format!("id=\"zoom\">{}", report_html()))
                .as_bytes(),
            "v.html",
        )
        .unwrap()
    }

    /// `"…"` with `\"`, `\/` and `\n` escapes, on one line.
    fn double_quoted(html: &str) -> String {
        let mut s = String::from("\"");
        for c in html.chars() {
            match c {
                '"' => s.push_str("\\\""),
                '\\' => s.push_str("\\\\"),
                '/' => s.push_str("\\/"),
                '\n' => s.push_str("\\n"),
                c => s.push(c),
            }
        }
        s.push('"');
        s
    }

    /// `'…'` pieces, one a source line, joined by `+`; Chinese as `\uXXXX`.
    fn concatenated(html: &str) -> String {
        let pieces: Vec<String> = html
            .lines()
            .map(|line| {
                let mut s = String::from("'");
                for c in line.chars() {
                    match c {
                        '\'' => s.push_str("\\'"),
                        '\\' => s.push_str("\\\\"),
                        c if !c.is_ascii() && (c as u32) < 0x10000 => {
                            s.push_str(&format!("\\u{:04x}", c as u32))
                        }
                        c => s.push(c),
                    }
                }
                s.push_str("\\n'");
                s
            })
            .collect();
        pieces.join(" +\n    ")
    }

    use gongkai_extract::Source;

    #[test]
    fn portal_styles_read_as_the_visible_page() {
        let html = report_html();
        let styles = [
            format!(
                "let content = {};\ndocument.getElementById(\"zoom\").innerHTML = content;",
                double_quoted(html)
            ),
            format!("var html = {};\n$('#zoom').html(html);", concatenated(html)),
            format!(
                "var html = '';\nhtml += {};\nhtml += '';\ndocument.getElementById('zoom').innerHTML = html;",
                concatenated(html)
            ),
            format!(
                "// render the article\ndocument.querySelector('#zoom').innerHTML = `{}`;",
                html
            ),
        ];
        let want = visible();
        assert!(!want.warnings.iter().any(|w| w.zh.contains("JavaScript")));
        for script in &styles {
            let source = extract(page(script).as_bytes(), "js.html").unwrap();
            assert_eq!(source.text, want.text, "{script}");
            assert!(
                source.warnings.iter().any(|w| w.zh.contains("JavaScript")),
                "{:?}",
                source.warnings
            );
            assert_eq!(
                origin_of(&source, "行政规范性文件"),
                Origin::HtmlCell {
                    table: 1,
                    row: 4,
                    col: 1
                }
            );
        }
    }

    #[test]
    fn lines_point_into_the_script() {
        let page = page(&format!("var html = {};", concatenated(report_html())));
        let source = extract(page.as_bytes(), "js.html").unwrap();
        // The paragraph's line is the script line of the literal that holds it.
        let line = page
            .lines()
            .position(|l| l.contains("\\u4e00\\u3001\\u603b\\u4f53\\u60c5\\u51b5"))
            .unwrap() as u32
            + 1;
        assert!(
            matches!(
                origin_of(&source, "一、总体情况"),
                Origin::HtmlBlock { line: l, .. } if l == line
            ),
            "{:?} vs {line}",
            origin_of(&source, "一、总体情况")
        );
    }

    #[test]
    fn unrelated_html_in_a_script_is_not_read_over_a_visible_report() {
        let with_menu = PAGE.replace(
            "<footer>版权所有</footer>",
            "<footer>版权所有</footer><script>var menu = '<ul><li><a href=\"/\">首页</a></li><li>政务公开</li></ul>' + '<p>欢迎访问</p>';</script>",
        );
        let source = extract(with_menu.as_bytes(), "page.html").unwrap();
        assert_eq!(source.text, PAGE_TEXT);
        // A page with no report and a menu in a script: the menu is no page's worth of text.
        let empty =
            page("var menu = '<ul><li>首页</li><li>政务公开</li></ul><p>欢迎访问本站</p>';");
        let source = extract(empty.as_bytes(), "menu.html").unwrap();
        assert!(!source.text.contains("欢迎访问本站"), "{}", source.text);
    }

    #[test]
    fn malformed_script_strings_never_panic() {
        for script in [
            "var c = \"<p>\\u12G\\x4<table><tr><td>1</td></tr></table>",
            "var c = '<table><tr><td>\\ud800</td></tr></table>\n';",
            "var c = `<table>${x}</table>`;",
            "var c = \"<table><tr><td>\\",
            "/* unterminated comment \"<table>\"",
            "var c = '<p>' + + + '<table>' += '\\u{110000}\\u{';",
        ] {
            let source = extract(page(script).as_bytes(), "bad.html").unwrap();
            assert!(!source.text.contains("\\u"), "{}", source.text);
        }
    }
}
