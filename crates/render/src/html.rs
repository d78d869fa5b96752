//! HTML: one self-contained printable page (inline CSS, no scripts) with accessible tables
//! (`<caption>`, `<th scope>`), laid out like a government document and printing on A4.

use std::fmt::Write;

use crate::grid::{Grid, Role};
use crate::page::{Page, Paragraph};

/// The page style: GB/T 9704-2012 proportions (A4, 156 mm × 225 mm text block, 三号 body with
/// fixed 28 pt lines, 二号 title), font stacks with the usual Chinese government fonts first and
/// freely available fallbacks after them.
const CSS: &str = r#"
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
html { background: #e8e8e8; }
body { margin: 0; color: #000; font-size: 16pt; line-height: 28pt;
  font-family: "仿宋_GB2312", "仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC", serif; }
article { box-sizing: content-box; width: 156mm; min-height: 225mm; margin: 12mm auto; padding: 37mm 26mm 35mm 28mm;
  background: #fff; box-shadow: 0 1px 4px rgba(0,0,0,.3); }
h1 { margin: 0 0 28pt; font-size: 22pt; line-height: 36pt; font-weight: normal; text-align: center;
  font-family: "方正小标宋简体", "FZXiaoBiaoSong-B05S", "华文中宋", "STZhongsong", "SimSun", "宋体", "Noto Serif CJK SC", "Source Han Serif SC", serif; }
h2 { margin: 0; font-size: 16pt; font-weight: normal; text-indent: 2em; break-after: avoid; page-break-after: avoid;
  font-family: "黑体", "SimHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; }
h3, .lead { margin: 0; font-size: 16pt; font-weight: normal;
  font-family: "楷体_GB2312", "楷体", "KaiTi", "STKaiti", "Noto Serif CJK SC", "Source Han Serif SC", serif; }
h3 { text-indent: 2em; break-after: avoid; page-break-after: avoid; }
p { margin: 0; text-indent: 2em; text-align: justify; }
table { width: 100%; margin: 6pt 0 14pt; border-collapse: collapse; table-layout: fixed;
  font-size: 10.5pt; line-height: 1.35; }
caption { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
th, td { border: 0.75pt solid #000; padding: 2pt 1mm; text-align: center; vertical-align: middle;
  font-weight: normal; overflow-wrap: anywhere; }
th[scope="row"], th.item, td.note { text-align: left; }
tbody.item { break-inside: avoid; page-break-inside: avoid; }
td.note { font-size: 9pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
.signature { margin-top: 56pt; text-align: right; break-inside: avoid; page-break-inside: avoid; }
.signature p { text-indent: 0; text-align: right; padding-right: 2em; }
@media print {
  html { background: none; }
  article { width: auto; min-height: 0; margin: 0; padding: 0; box-shadow: none; }
}
"#;

/// Writes a laid-out report as one HTML page.
pub fn write(page: &Page) -> String {
    let mut out = String::new();
    let title = page.title.concat();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"gongkai\">\n<title>{}</title>\n<style>{CSS}</style>\n\
         </head>\n<body>\n<article>\n<h1>",
        escape(&title)
    );
    let lines: Vec<String> = page.title.iter().map(|l| escape(l)).collect();
    out.push_str(&lines.join("<br>"));
    out.push_str("</h1>\n");
    for s in &page.sections {
        let _ = writeln!(out, "<section>\n<h2>{}</h2>", escape(&s.heading));
        paragraphs(&mut out, &s.before);
        for g in crate::grid::stacked(&s.tables) {
            table(&mut out, &g);
        }
        paragraphs(&mut out, &s.after);
        out.push_str("</section>\n");
    }
    if !page.signature.is_empty() || page.date.is_some() {
        // Not <footer>: readers of web pages skip footers as site chrome.
        out.push_str("<div class=\"signature\">\n");
        for line in page.signature.iter().chain(&page.date) {
            let _ = writeln!(out, "<p>{}</p>", escape(line));
        }
        out.push_str("</div>\n");
    }
    out.push_str("</article>\n</body>\n</html>\n");
    out
}

fn paragraphs(out: &mut String, ps: &[Paragraph]) {
    for p in ps {
        if p.text.is_empty() && !p.lead.is_empty() {
            let _ = writeln!(out, "<h3>{}</h3>", escape(&p.lead));
        } else if p.lead.is_empty() {
            let _ = writeln!(out, "<p>{}</p>", escape(&p.text));
        } else {
            let _ = writeln!(
                out,
                "<p><span class=\"lead\">{}</span>{}</p>",
                escape(&p.lead),
                escape(&p.text)
            );
        }
    }
}

/// One table: header rows in `<thead>`, each group of body rows in its own `<tbody>`.
fn table(out: &mut String, g: &Grid) {
    let total: u32 = g.widths.iter().sum::<u32>().max(1);
    let _ = writeln!(
        out,
        "<table>\n<caption>{}</caption>\n<colgroup>",
        escape(&g.caption)
    );
    for w in &g.widths {
        let pct = f64::from(*w) * 100.0 / f64::from(total);
        let _ = writeln!(out, "<col style=\"width:{pct:.2}%\">");
    }
    out.push_str("</colgroup>\n");
    let mut open = false;
    for (r, row) in g.rows.iter().enumerate() {
        if r == 0 && g.header_rows > 0 {
            out.push_str("<thead>\n");
        }
        if r == g.header_rows && g.header_rows > 0 {
            out.push_str("</thead>\n");
        }
        if r >= g.header_rows && (r == g.header_rows || g.groups.contains(&r)) {
            if open {
                out.push_str("</tbody>\n");
            }
            // A sub-table of table 二 (headed by its full-width 第二十条 row) prints whole.
            let item = row.first().is_some_and(|c| full_width(g, c));
            out.push_str(if item {
                "<tbody class=\"item\">\n"
            } else {
                "<tbody>\n"
            });
            open = true;
        }
        out.push_str("<tr>");
        for c in row {
            let span = |out: &mut String| {
                if c.colspan > 1 {
                    let _ = write!(out, " colspan=\"{}\"", c.colspan);
                }
                if c.rowspan > 1 {
                    let _ = write!(out, " rowspan=\"{}\"", c.rowspan);
                }
            };
            let (tag, scope) = match c.role {
                Role::Note => ("td", None),
                Role::Value => ("td", None),
                Role::ColumnHeader if c.colspan > 1 => ("th", Some("colgroup")),
                Role::ColumnHeader => ("th", Some("col")),
                Role::RowGroup => ("th", Some("rowgroup")),
                Role::RowHeader => ("th", Some("row")),
            };
            let _ = write!(out, "<{tag}");
            if let Some(s) = scope {
                let _ = write!(out, " scope=\"{s}\"");
            }
            if c.role == Role::Note {
                out.push_str(" class=\"note\"");
            } else if full_width(g, c) {
                out.push_str(" class=\"item\"");
            }
            span(out);
            let _ = write!(out, ">{}</{tag}>", escape(&c.text));
        }
        out.push_str("</tr>\n");
    }
    if open {
        out.push_str("</tbody>\n");
    }
    out.push_str("</table>\n");
}

/// A heading row across the whole table (a `第二十条第（X）项` row).
fn full_width(g: &Grid, c: &crate::grid::GridCell) -> bool {
    c.role == Role::RowGroup && c.colspan == g.columns()
}

/// Escapes text for HTML and XML, dropping characters XML 1.0 does not allow.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(escape("a<b>&\"c'\u{1}"), "a&lt;b&gt;&amp;&quot;c&#39;");
    }
}
