//! The layout generator: each synthetic report written in every layout reports come in — the
//! DOCX, LibreOffice's PDF of it at several widths of table 三's label columns, `pdftotext
//! -layout` and `-raw` of those PDFs, pandoc Markdown and plain text of the HTML with its zero
//! cells blanked (`&nbsp;`), and a PDF-to-Markdown hybrid with values floated a line above or
//! below their row, the HTML inside a JavaScript string of a page shell, and crawled text with
//! each table's cells run together — each with the cells it must read back as.

use std::path::{Path, PathBuf};
use std::process::Command;

use gongkai_render::{docx, html, page};

use super::reports::Synthetic;

/// Widths of table 三's three label columns (group, sub-group, row label), relative to its
/// seven value columns of 72: the renderer's own, a narrow one, a very narrow one whose labels
/// wrap one to three characters a line, and one so narrow that labels run one character a line
/// and a row can fill a page.
pub const WIDTHS: [(&str, [u32; 3]); 4] = [
    ("w100", [80, 96, 340]),
    ("w40", [40, 40, 130]),
    ("w12", [14, 14, 34]),
    ("w8", [10, 10, 22]),
];

/// One generated file and the cells it must read back as.
pub struct Layout {
    /// The report it was made from.
    pub report: &'static str,
    /// The layout's name (`pdftotext-layout-w12`, …).
    pub layout: String,
    /// The file.
    pub path: PathBuf,
    /// The canonical cells (`key<TAB>value` lines, no header) the file states.
    pub truth: Vec<(String, String)>,
}

/// Writes every layout of `reports` into `dir`. Needs `soffice`, `pdftotext` and `pandoc`.
pub fn generate(reports: &[Synthetic], dir: &Path) -> Vec<Layout> {
    let mut out = Vec::new();
    let mut docs = Vec::new();
    for s in reports {
        let truth = cells(&gongkai_render::cells_tsv(&s.report));
        for (tag, widths) in WIDTHS {
            let mut p = page::page(&s.report);
            for section in &mut p.sections {
                for g in &mut section.tables {
                    if g.columns() == 10 {
                        g.widths[..3].copy_from_slice(&widths);
                    }
                }
            }
            let path = dir.join(format!("{}-{tag}.docx", s.name));
            std::fs::write(&path, docx::write(&p)).unwrap();
            if tag == "w100" {
                out.push(layout(s, "docx", &path, &truth));
            }
            docs.push((s, tag, path));
        }
        // HTML with every zero cell blank (`&nbsp;`), as many portals print them.
        let page_html = html::write(&page::page(&s.report)).replace(">0</td>", ">&nbsp;</td>");
        let html_path = dir.join(format!("{}-blank.html", s.name));
        std::fs::write(&html_path, &page_html).unwrap();
        let blank_truth: Vec<(String, String)> = truth
            .iter()
            .map(|(k, v)| {
                let table = !k.starts_with("meta.");
                let v = if table && v == "0" {
                    String::new()
                } else {
                    v.clone()
                };
                (k.clone(), v)
            })
            .collect();
        // The HTML render inside a JavaScript string of a page shell, as portals that render in
        // the browser ship it.
        let path = dir.join(format!("{}-js-string.html", s.name));
        let page_html = html::write(&page::page(&s.report));
        std::fs::write(&path, js_string(&page_html)).unwrap();
        out.push(layout(s, "html-js-string", &path, &truth));
        // Crawled text: every table's cells run together on one line with no separator.
        let path = dir.join(format!("{}-run-together.txt", s.name));
        std::fs::write(&path, run_together(&page::page(&s.report))).unwrap();
        out.push(layout(s, "crawled-run-together", &path, &truth));
        for (name, to, ext) in [
            ("pandoc-markdown-blank", "markdown", "md"),
            ("pandoc-plain-blank", "plain", "txt"),
        ] {
            let path = dir.join(format!("{}-{name}.{ext}", s.name));
            run(Command::new("pandoc")
                .args(["-f", "html", "-t", to, "--wrap=none", "-o"])
                .arg(&path)
                .arg(&html_path));
            out.push(layout(s, name, &path, &blank_truth));
        }
    }
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.join("profile").display()
    );
    run(Command::new("soffice")
        .args([&profile, "--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .args(docs.iter().map(|d| &d.2)));
    for (s, tag, docx) in &docs {
        let truth = cells(&gongkai_render::cells_tsv(&s.report));
        let pdf = docx.with_extension("pdf");
        out.push(layout(s, &format!("pdf-{tag}"), &pdf, &truth));
        for mode in ["layout", "raw"] {
            let path = dir.join(format!("{}-{tag}-{mode}.txt", s.name));
            run(Command::new("pdftotext")
                .arg(format!("-{mode}"))
                .arg(&pdf)
                .arg(&path));
            out.push(layout(s, &format!("pdftotext-{mode}-{tag}"), &path, &truth));
            if mode == "layout" && *tag == "w100" {
                let text = std::fs::read_to_string(&path).unwrap();
                let path = dir.join(format!("{}-hybrid.md", s.name));
                let headings: Vec<String> = page::page(&s.report)
                    .sections
                    .into_iter()
                    .map(|x| x.heading)
                    .collect();
                std::fs::write(&path, hybrid(&text, &headings)).unwrap();
                out.push(layout(s, "markdown-hybrid-floated", &path, &truth));
            }
        }
    }
    out
}

fn layout(s: &Synthetic, name: &str, path: &Path, truth: &[(String, String)]) -> Layout {
    Layout {
        report: s.name,
        layout: name.to_string(),
        path: path.to_path_buf(),
        truth: truth.to_vec(),
    }
}

/// `key<TAB>value` lines (the header skipped).
pub fn cells(tsv: &str) -> Vec<(String, String)> {
    tsv.lines()
        .skip(1)
        .filter_map(|l| l.split_once('\t'))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn run(cmd: &mut Command) {
    let out = cmd.output().expect("the program runs");
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A page shell whose only content is `html` in a JavaScript string (`let content = "…"` with
/// `\"`, `\\` and `\n` escapes), set as an element's `innerHTML` by the browser.
pub fn js_string(html: &str) -> String {
    let body = html
        .find("<body")
        .and_then(|b| html[b..].find('>').map(|g| b + g + 1))
        .zip(html.find("</body>"))
        .map_or(html, |(from, to)| &html[from..to]);
    let mut escaped = String::new();
    for c in body.chars() {
        match c {
            '"' => escaped.push_str("\\\""),
            '\\' => escaped.push_str("\\\\"),
            '\n' => escaped.push_str("\\n"),
            '/' => escaped.push_str("\\/"),
            c => escaped.push(c),
        }
    }
    format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>政府信息公开</title></head>\n\
         <body><div class=\"nav\">首页 &gt; 政府信息公开 &gt; 年度报告</div>\n\
         <div id=\"zoom\"></div>\n<script type=\"text/javascript\">\n\
         let content = \"{escaped}\";\n\
         document.getElementById(\"zoom\").innerHTML = content;\n</script>\n</body></html>\n"
    )
}

/// Crawled text of a report, its line breaks lost: the title a line, then each section — its
/// heading, narrative and table, the table's cells (header, labels and values) run together
/// with no separator (`行政规范性文件123240`) — on one line.
pub fn run_together(p: &page::Page) -> String {
    let mut out = p.title.join("\n");
    out.push('\n');
    for section in &p.sections {
        out.push_str(&section.heading);
        for x in &section.before {
            out.push_str(&x.lead);
            out.push_str(&x.text);
        }
        for cell in section.tables.iter().flat_map(|g| &g.rows).flatten() {
            out.push_str(cell.text.trim());
        }
        for x in &section.after {
            out.push_str(&x.lead);
            out.push_str(&x.text);
        }
        out.push('\n');
    }
    for line in p.signature.iter().chain(&p.date) {
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// A PDF-to-Markdown hybrid of `pdftotext -layout` text: the title and section headings as
/// Markdown headings, the table lines as they are, except that every third row of numbers has
/// its numbers floated onto a line of their own, alternately above and below its label.
pub fn hybrid(layout: &str, headings: &[String]) -> String {
    let mut out = String::new();
    let mut value_rows = 0;
    for line in layout.lines() {
        let t = line.trim();
        if !t.is_empty() && headings.iter().any(|h| h == t) {
            out.push_str("## ");
            out.push_str(t);
            out.push('\n');
            continue;
        }
        let Some((label, values)) = split_values(line) else {
            out.push_str(line);
            out.push('\n');
            continue;
        };
        value_rows += 1;
        if value_rows % 3 != 0 || label.trim().is_empty() {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let pad = " ".repeat(label.chars().count());
        if value_rows % 2 == 0 {
            out.push_str(&format!("{pad}{values}\n{}\n", label.trim_end()));
        } else {
            out.push_str(&format!("{}\n{pad}{values}\n", label.trim_end()));
        }
    }
    out
}

/// A line ending in at least three numbers: (label part, numbers part).
fn split_values(line: &str) -> Option<(&str, &str)> {
    let words: Vec<(usize, &str)> = line
        .split(' ')
        .scan(0, |at, w| {
            let start = *at;
            *at += w.len() + 1;
            Some((start, w))
        })
        .filter(|(_, w)| !w.is_empty())
        .collect();
    let numeric = words
        .iter()
        .rev()
        .take_while(|(_, w)| w.chars().all(|c| c.is_ascii_digit() || c == '.'))
        .count();
    if numeric < 3 || numeric == words.len() {
        return None;
    }
    let at = words[words.len() - numeric].0;
    Some((&line[..at], &line[at..]))
}
