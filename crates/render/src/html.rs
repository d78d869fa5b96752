//! HTML: one self-contained printable page (inline CSS, no scripts) with accessible tables
//! (`<caption>`, `<th scope>`), laid out like a government document and printing on A4; and the
//! same report as an `<article>` for a web page that marks findings on their cells ([`article`]).

use std::fmt::Write;

use crate::grid::{Grid, GridCell, Role};
use crate::page::{Page, Paragraph};

/// What a web page adds to the report it shows: marks on value cells, and HTML after each table
/// (e.g. the findings about its cells). The caller decides what is wrong; this module only
/// writes what it is given.
pub trait Annotate {
    /// The mark of a value cell, if it has one.
    fn mark(&self, cell: &GridCell) -> Option<CellMark>;
    /// Markup written after a table, inside the block that holds it. It is written as given:
    /// the caller escapes it.
    fn after_table(&self, grid: &Grid) -> String;
}

/// How a value cell is marked on a web page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CellMark {
    /// Class names (only ASCII letters, digits, `-` and `_` are kept).
    pub classes: Vec<String>,
    /// The cell's id, for links to it.
    pub id: Option<String>,
    /// Ids of the elements that describe the cell (`aria-describedby`).
    pub described_by: Vec<String>,
    /// A tooltip.
    pub title: Option<String>,
    /// Links written after the value.
    pub links: Vec<CellLink>,
}

/// A link written in a marked cell after its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellLink {
    /// The id of the element it leads to (without `#`).
    pub target: String,
    /// The visible text.
    pub text: String,
    /// The accessible name, when the text alone says too little.
    pub label: Option<String>,
}

/// How a page is written: standalone (its own style sheet) or embedded in a web page.
#[derive(Clone, Copy)]
enum Mode<'a> {
    Standalone,
    Embedded(&'a dyn Annotate),
}

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
         </head>\n<body>\n<article>\n",
        escape(&title)
    );
    body(&mut out, page, 1, Mode::Standalone);
    out.push_str("</article>\n</body>\n</html>\n");
    out
}

/// The report as an `<article class="report">` to embed in a web page served under a strict
/// content security policy: no `<style>` element and no `style` attribute (column widths are
/// classes `w-1` … `w-100`, whole percentages summing to 100 per table, which the page's style
/// sheet defines), the title an `<h{level}>` and the other headings below it (so the page keeps
/// its own outline; at most `<h6>`), value cells marked by `annotate`, and each table in a
/// `<div class="table-block">` followed by what `annotate` adds.
pub fn article(page: &Page, level: usize, annotate: &dyn Annotate) -> String {
    let mut out = String::from("<article class=\"report\" lang=\"zh-CN\">\n");
    body(&mut out, page, level.clamp(1, 4), Mode::Embedded(annotate));
    out.push_str("</article>\n");
    out
}

/// Everything inside `<article>`: title, sections with their tables, signature and date; the
/// title is an `<h{level}>`.
fn body(out: &mut String, page: &Page, level: usize, mode: Mode) {
    let (h1, h2, h3) = (level, level + 1, level + 2);
    let _ = write!(out, "<h{h1}>");
    let lines: Vec<String> = page.title.iter().map(|l| escape(l)).collect();
    out.push_str(&lines.join("<br>"));
    let _ = writeln!(out, "</h{h1}>");
    for s in &page.sections {
        let _ = writeln!(out, "<section>\n<h{h2}>{}</h{h2}>", escape(&s.heading));
        paragraphs(out, &s.before, h3);
        for g in crate::grid::stacked(&s.tables) {
            match mode {
                Mode::Standalone => table(out, &g, mode),
                Mode::Embedded(annotate) => {
                    out.push_str("<div class=\"table-block\">\n<div class=\"table-scroll\">\n");
                    table(out, &g, mode);
                    out.push_str("</div>\n");
                    out.push_str(&annotate.after_table(&g));
                    out.push_str("</div>\n");
                }
            }
        }
        paragraphs(out, &s.after, h3);
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
}

fn paragraphs(out: &mut String, ps: &[Paragraph], h: usize) {
    for p in ps {
        if p.text.is_empty() && !p.lead.is_empty() {
            let _ = writeln!(out, "<h{h}>{}</h{h}>", escape(&p.lead));
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
fn table(out: &mut String, g: &Grid, mode: Mode) {
    let total: u32 = g.widths.iter().sum::<u32>().max(1);
    let _ = writeln!(
        out,
        "<table>\n<caption>{}</caption>\n<colgroup>",
        escape(&g.caption)
    );
    match mode {
        Mode::Standalone => {
            for w in &g.widths {
                let pct = f64::from(*w) * 100.0 / f64::from(total);
                let _ = writeln!(out, "<col style=\"width:{pct:.2}%\">");
            }
        }
        Mode::Embedded(_) => {
            for pct in whole_percents(&g.widths) {
                let _ = writeln!(out, "<col class=\"w-{pct}\">");
            }
        }
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
            let mark = match mode {
                Mode::Embedded(a) if c.role == Role::Value => a.mark(c),
                _ => None,
            };
            if c.role == Role::Note {
                out.push_str(" class=\"note\"");
            } else if full_width(g, c) {
                out.push_str(" class=\"item\"");
            } else if let Some(m) = &mark {
                mark_attributes(out, m);
            }
            span(out);
            let _ = write!(out, ">{}", escape(&c.text));
            for link in mark.iter().flat_map(|m| &m.links) {
                let _ = write!(out, "<a class=\"mark\" href=\"#{}\"", escape(&link.target));
                if let Some(label) = &link.label {
                    let _ = write!(out, " aria-label=\"{}\"", escape(label));
                }
                let _ = write!(out, ">{}</a>", escape(&link.text));
            }
            let _ = write!(out, "</{tag}>");
        }
        out.push_str("</tr>\n");
    }
    if open {
        out.push_str("</tbody>\n");
    }
    out.push_str("</table>\n");
}

/// The attributes of a marked cell (class, id, description, tooltip).
fn mark_attributes(out: &mut String, m: &CellMark) {
    let classes: Vec<String> = m
        .classes
        .iter()
        .map(|c| {
            c.chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect::<String>()
        })
        .filter(|c| !c.is_empty())
        .collect();
    if !classes.is_empty() {
        let _ = write!(out, " class=\"{}\"", classes.join(" "));
    }
    if let Some(id) = &m.id {
        let _ = write!(out, " id=\"{}\"", escape(id));
    }
    if !m.described_by.is_empty() {
        let _ = write!(
            out,
            " aria-describedby=\"{}\"",
            escape(&m.described_by.join(" "))
        );
    }
    if let Some(title) = &m.title {
        let _ = write!(out, " title=\"{}\"", escape(title));
    }
}

/// Relative widths as whole percentages summing to 100 (largest remainders get the rounding),
/// each at least 1.
fn whole_percents(widths: &[u32]) -> Vec<u32> {
    let total = u64::from(widths.iter().sum::<u32>().max(1));
    let exact: Vec<u64> = widths.iter().map(|&w| u64::from(w) * 100).collect();
    let mut out: Vec<u32> = exact.iter().map(|e| (e / total) as u32).collect();
    let short = 100u32.saturating_sub(out.iter().sum());
    let mut order: Vec<usize> = (0..widths.len()).collect();
    // Largest remainder first; ties go to the leftmost column, so the result is deterministic.
    order.sort_by_key(|&i| (std::cmp::Reverse(exact[i] % total), i));
    for &i in order.iter().cycle().take(short as usize) {
        out[i] += 1;
    }
    for p in &mut out {
        *p = (*p).max(1);
    }
    out
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
    fn whole_percents_sum_to_a_hundred() {
        assert_eq!(whole_percents(&[1; 15]).iter().sum::<u32>(), 100);
        assert_eq!(whole_percents(&[30, 35, 35]), vec![30, 35, 35]);
        let mut widths = vec![80, 96, 340];
        widths.extend([72; 7]);
        let p = whole_percents(&widths);
        assert_eq!(p.iter().sum::<u32>(), 100);
        assert_eq!(p[2], 33);
        assert_eq!(whole_percents(&[]), Vec::<u32>::new());
    }

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(escape("a<b>&\"c'\u{1}"), "a&lt;b&gt;&amp;&quot;c&#39;");
    }
}
