//! HTML pages, as saved from a government website: the report body found among the site's
//! navigation, breadcrumbs, scripts and footers; block elements as lines; tables as grids with
//! `rowspan`/`colspan` resolved (see [`crate::grid`]).
//!
//! The encoding comes from the BOM, then UTF-8 validity (pages labelled `gb2312` are sometimes
//! UTF-8), then `<meta charset>` in the first 1024 bytes, then detection (`encoding.rs`). The page
//! is parsed by html5ever through a sink that records source lines and stops hostile nesting
//! (`sink.rs`); `body.rs` finds the report among the site around it; `table.rs` lays tables out
//! on their grid; `script.rs` finds HTML held in a script's JavaScript strings; `node.rs` holds the questions asked of an element and `inline.rs` collapses
//! whitespace as a browser does. This file walks the chosen body, block by block.

mod body;
mod encoding;
mod inline;
mod node;
mod script;
mod sink;
mod table;

use std::borrow::Cow;
use std::collections::HashMap;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE};
use markup5ever_rcdom::{Handle, NodeData};
use memchr::memmem;

use self::body::{Stats, title_before};
use self::encoding::decode;
use self::inline::Inline;
use self::node::{
    children, find_element, is_block, is_dropped, number_tables, prefix_text, squeeze, tag,
};
use self::sink::{key, parse};
use crate::builder::Builder;
use crate::grid::Budget;
use crate::limits::{Limit, MAX_HTML_DEPTH};
use crate::{Error, ErrorKind};
use gongkai_model::source::{Format, Origin, Source};

/// Whether `bytes` look like an HTML page: after a BOM and whitespace, markup that opens with one
/// of the tags pages start with, within the first few KB. File names are never consulted.
pub(crate) fn looks_like_html(bytes: &[u8]) -> bool {
    const HEAD: usize = 4096;
    let head: Cow<[u8]> = match Encoding::for_bom(bytes) {
        Some((enc, bom)) if enc == UTF_16LE || enc == UTF_16BE => {
            let end = bytes.len().min(bom + 2 * HEAD) & !1;
            let (text, _) = enc.decode_without_bom_handling(&bytes[bom.min(end)..end]);
            Cow::Owned(text.into_owned().into_bytes())
        }
        Some((_, bom)) => Cow::Borrowed(&bytes[bom..bytes.len().min(bom + HEAD)]),
        None => Cow::Borrowed(&bytes[..bytes.len().min(HEAD)]),
    };
    let head = head.trim_ascii_start();
    if !head.starts_with(b"<") {
        return false;
    }
    let head = head.to_ascii_lowercase();
    if head.starts_with(b"<?xml") {
        return memmem::find(&head, b"<html").is_some();
    }
    const TAGS: &[&[u8]] = &[
        b"<!doctype html",
        b"<html",
        b"<head",
        b"<body",
        b"<table",
        b"<div",
        b"<meta",
        b"<p",
    ];
    // A tag starts with its only `<`, so its occurrences never overlap.
    TAGS.iter().any(|tag| {
        memmem::find_iter(&head, tag).any(|at| {
            let after = head.get(at + tag.len());
            after.is_none_or(|c| c.is_ascii_whitespace() || matches!(c, b'>' | b'/'))
        })
    })
}

/// Reads an HTML page. When an inline script holds a string that decodes to HTML saying more
/// than the visible page (a portal that renders the report in the browser), that HTML is read in
/// the script's place (`script.rs`), and a warning says so.
pub(crate) fn read(bytes: &[u8], name: &str) -> Result<Source, Error> {
    let (text, encoding, bad_at) = decode(bytes);
    let mut out = read_page(&text, None, encoding, bad_at)?;
    if let Some(found) = script::best_embedded(&text)
        && shows_more(&found, out.text())
    {
        let (spliced, lines) = splice(&text, &found);
        out = read_page(&spliced, Some(&lines), encoding, bad_at)?;
        let line = lines
            .get(text[..found.script.start].matches('\n').count())
            .copied();
        let line = line.unwrap_or(0);
        out.warn(
            None,
            format!("正文取自网页第 {line} 行脚本中的 JavaScript 字符串（网页在浏览器中才显示正文）"),
            format!(
                "the body was read from a JavaScript string in the script at line {line} (the page shows it only in a browser)"
            ),
        );
    }
    if out.text().trim().is_empty() {
        out.warn(
            None,
            "网页中没有找到正文文字",
            "no body text was found in the page",
        );
    }
    Ok(out.finish(
        name,
        Format::Html {
            encoding: encoding.name(),
        },
    ))
}

/// Whether a script's HTML says more than the visible page: more text than it, and a table or
/// a page's worth of text (a menu or a share button in a script is not the report).
fn shows_more(found: &script::Embedded, visible: &str) -> bool {
    const PAGE: usize = 200;
    let shown = visible.chars().filter(|c| !c.is_whitespace()).count();
    found.text_chars > shown && (found.has_table || found.text_chars >= PAGE)
}

/// The page with the script element replaced by its decoded HTML, and for each line of the
/// result the line of the original page it comes from.
fn splice(page: &str, found: &script::Embedded) -> (String, Vec<u32>) {
    let newlines: Vec<usize> = memchr::memchr_iter(b'\n', page.as_bytes()).collect();
    let line_of = |at: usize| 1 + newlines.partition_point(|&n| n < at) as u32;
    // html5ever reads a carriage return as a line end: the decoded HTML keeps only `\n` ones, so
    // its lines are those counted in `line_starts`.
    let html = found.html.replace("\r\n", "\n").replace('\r', " ");
    let (before, after) = (&page[..found.script.start], &page[found.script.end..]);
    // One element holds what the script held, so the body is found around it as around a
    // visible report.
    let mut text = String::with_capacity(before.len() + html.len() + after.len() + 11);
    text.push_str(before);
    text.push_str("<div>");
    text.push_str(&html);
    text.push_str("</div>");
    text.push_str(after);
    let mut lines: Vec<u32> = (1..=line_of(found.script.start)).collect();
    lines.extend(found.line_starts.iter().skip(1).map(|&at| line_of(at)));
    lines.extend(
        memchr::memchr_iter(b'\n', after.as_bytes()).map(|n| line_of(found.script.end + n + 1)),
    );
    (text, lines)
}

/// Reads decoded page text into text and origins; `lines` maps the text's lines to the
/// original page's when the text is not the page itself.
fn read_page(
    text: &str,
    lines: Option<&[u32]>,
    encoding: &'static Encoding,
    bad_at: Option<usize>,
) -> Result<Builder, Error> {
    let mut dom = parse(text)?;
    if let Some(map) = lines {
        for line in dom.lines.values_mut() {
            if let Some(&original) = map.get((*line as usize).wrapping_sub(1)) {
                *line = original;
            }
        }
    }
    let mut reader = Reader {
        out: Builder::new(),
        lines: dom.lines,
        tables: number_tables(&dom.document),
        stats: HashMap::new(),
        budget: Budget::default(),
        inline: Inline::default(),
        line_at: 0,
        blocks: 0,
    };
    if let Some(at) = bad_at {
        reader.out.warn(
            Some(at as u64),
            format!(
                "第 {at} 字节起有无法按 {} 解码的字节，已替换为 �",
                encoding.name()
            ),
            format!(
                "bytes from offset {at} are not valid {}; replaced with �",
                encoding.name()
            ),
        );
    }
    let body = find_element(&dom.document, "body").unwrap_or_else(|| dom.document.clone());
    reader.count(&body, false, 0);
    let root = reader.choose_root(&body);
    if let Some(title) = title_before(&root, &body) {
        let title_text = squeeze(&reader.plain_text(&title, 0)?);
        let start = squeeze(&prefix_text(&root, 4096));
        if !title_text.is_empty() && !start.contains(&title_text) {
            reader.walk(&title, 0)?;
            reader.flush();
        }
    }
    reader.walk(&root, 0)?;
    reader.flush();
    Ok(reader.out)
}
/// Walks the page, writing paragraphs and tables.
struct Reader {
    out: Builder,
    lines: HashMap<usize, u32>,
    tables: HashMap<usize, u32>,
    /// Text under each element.
    stats: HashMap<usize, Stats>,
    budget: Budget,
    inline: Inline,
    /// Source line of the paragraph being gathered.
    line_at: u32,
    blocks: u32,
}

impl Reader {
    fn walk(&mut self, node: &Handle, depth: usize) -> Result<(), Error> {
        if depth > MAX_HTML_DEPTH {
            return Err(Error::new(ErrorKind::Limit {
                limit: Limit::HtmlDepth,
            }));
        }
        match &node.data {
            NodeData::Document => {
                for child in children(node) {
                    self.walk(&child, depth + 1)?;
                }
            }
            NodeData::Text { contents } => {
                if self.inline.text.is_empty() {
                    self.line_at = self.line_of(node);
                }
                self.inline.push(&contents.borrow());
            }
            NodeData::Element { .. } if is_dropped(node) => {}
            NodeData::Element { .. } => {
                let name = tag(node).unwrap_or("");
                if name == "br" || name == "hr" {
                    self.flush();
                } else if name == "pre" {
                    self.flush();
                    self.preformatted(node);
                } else if name == "table" && !self.is_layout(node) {
                    self.flush();
                    self.caption(node)?;
                    let table = self.table(node, depth)?;
                    table.write(&mut self.out);
                    self.out.blank_line();
                } else if is_block(name) {
                    self.flush();
                    for child in children(node) {
                        self.walk(&child, depth + 1)?;
                    }
                    self.flush();
                } else {
                    for child in children(node) {
                        self.walk(&child, depth + 1)?;
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The source line of a text node: that of its parent element.
    fn line_of(&self, node: &Handle) -> u32 {
        let parent = node.parent.take();
        node.parent.set(parent.clone());
        parent
            .and_then(|p| p.upgrade())
            .and_then(|p| self.lines.get(&key(&p)).copied())
            .unwrap_or(0)
    }

    /// Ends the paragraph being gathered.
    fn flush(&mut self) {
        let text = self.inline.take();
        if text.trim().is_empty() {
            return;
        }
        self.blocks += 1;
        self.out.paragraph(
            &text,
            Origin::HtmlBlock {
                index: self.blocks,
                line: self.line_at,
            },
        );
    }

    /// Preformatted text, kept line by line as a text file would be: TAB-separated lines stay
    /// rows of cells.
    fn preformatted(&mut self, node: &Handle) {
        let mut text = String::new();
        let mut stack = vec![node.clone()];
        while let Some(n) = stack.pop() {
            match &n.data {
                NodeData::Text { contents } => text.push_str(&contents.borrow()),
                NodeData::Element { .. } if is_dropped(&n) => {}
                NodeData::Element { .. } if tag(&n) == Some("br") => text.push('\n'),
                _ => stack.extend(children(&n).into_iter().rev()),
            }
        }
        let line = self.lines.get(&key(node)).copied().unwrap_or(0);
        for row in text.lines() {
            if row.trim().is_empty() {
                self.out.blank_line();
                continue;
            }
            self.blocks += 1;
            let origin = Origin::HtmlBlock {
                index: self.blocks,
                line,
            };
            if row.contains('\t') {
                self.out.row(row.split('\t').map(|cell| (cell, origin)));
            } else {
                self.out.paragraph(row, origin);
            }
        }
    }

    fn caption(&mut self, table: &Handle) -> Result<(), Error> {
        for child in children(table) {
            if tag(&child) == Some("caption") {
                let text = self.plain_text(&child, 0)?;
                self.line_at = self.lines.get(&key(&child)).copied().unwrap_or(0);
                self.inline.push(&text);
                self.flush();
            }
        }
        Ok(())
    }

    /// The text under `node` on one line (tables nested in it included). Fails only past the
    /// nesting limit, which the parse has already refused.
    fn plain_text(&mut self, node: &Handle, depth: usize) -> Result<String, Error> {
        let mut inline = Inline::default();
        // With `flatten`, nested tables are text inline and add no rows here.
        let mut nested = Vec::new();
        self.cell_text(node, &mut inline, &mut nested, depth, true)?;
        Ok(inline.take())
    }
}
