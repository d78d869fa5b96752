//! HTML pages, as saved from a government website: the report body found among the site's
//! navigation, breadcrumbs, scripts and footers; block elements as lines; tables as grids with
//! `rowspan`/`colspan` resolved (see [`crate::grid`]).
//!
//! The encoding comes from the BOM, then UTF-8 validity (pages labelled `gb2312` are sometimes
//! UTF-8), then `<meta charset>` in the first 1024 bytes, then detection.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, ParseOpts, QualName, ns};
use markup5ever_rcdom::{Handle, NodeData, RcDom};

use crate::builder::Builder;
use crate::grid::{Budget, Row, Table};
use crate::limits::{Limit, MAX_COLSPAN, MAX_HTML_DEPTH, MAX_ROWSPAN};
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
        return find(&head, b"<html").is_some();
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
    TAGS.iter().any(|tag| {
        let mut from = 0;
        while let Some(at) = find(&head[from..], tag) {
            let after = head.get(from + at + tag.len());
            if after.is_none_or(|c| c.is_ascii_whitespace() || matches!(c, b'>' | b'/')) {
                return true;
            }
            from += at + 1;
        }
        false
    })
}

/// Reads an HTML page.
pub(crate) fn read(bytes: &[u8], name: &str) -> Result<Source, Error> {
    let (text, encoding, bad_at) = decode(bytes);
    let dom = parse(&text)?;
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
        let title_text = squeeze(&reader.plain_text(&title, 0));
        let start = squeeze(&prefix_text(&root, 4096));
        if !title_text.is_empty() && !start.contains(&title_text) {
            reader.walk(&title, 0)?;
            reader.flush();
        }
    }
    reader.walk(&root, 0)?;
    reader.flush();
    if reader.out.text().trim().is_empty() {
        reader.out.warn(
            None,
            "网页中没有找到正文文字",
            "no body text was found in the page",
        );
    }
    Ok(reader.out.finish(
        name,
        Format::Html {
            encoding: encoding.name(),
        },
    ))
}

/// Decodes the page: the text, the encoding, and where undecodable bytes start, if any.
fn decode(bytes: &[u8]) -> (String, &'static Encoding, Option<usize>) {
    let (encoding, bom) = match Encoding::for_bom(bytes) {
        Some((enc, len)) => (enc, len),
        None => (sniff_encoding(bytes), 0),
    };
    let body = &bytes[bom..];
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    let bad_at = had_errors.then(|| match std::str::from_utf8(body) {
        Err(e) if encoding == UTF_8 => bom + e.valid_up_to(),
        _ => bom,
    });
    (text.into_owned(), encoding, bad_at)
}

/// The encoding of a page without a BOM: UTF-8 when the bytes are valid UTF-8 (whatever the page
/// claims), else its `<meta charset>`, else detection.
fn sniff_encoding(bytes: &[u8]) -> &'static Encoding {
    match std::str::from_utf8(bytes) {
        Ok(_) => return UTF_8,
        // A page cut off inside a character is still UTF-8.
        Err(e) if e.error_len().is_none() && e.valid_up_to() > 0 => return UTF_8,
        Err(_) => {}
    }
    match meta_charset(&bytes[..bytes.len().min(1024)]) {
        Some(enc) if enc != UTF_8 && enc != UTF_16LE && enc != UTF_16BE => enc,
        _ => crate::text::detect(bytes).0,
    }
}

/// The encoding named by a `<meta charset=…>` or `<meta http-equiv … content="…; charset=…">`.
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = find(&lower[from..], b"<meta") {
        let start = from + at;
        let end = find(&lower[start..], b">").map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = find(tag, b"charset") {
            let rest = &tag[c + b"charset".len()..];
            let rest = rest.trim_ascii_start();
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = rest.trim_ascii_start();
                let rest = rest
                    .strip_prefix(b"\"")
                    .or_else(|| rest.strip_prefix(b"'"))
                    .unwrap_or(rest);
                let label_end = rest
                    .iter()
                    .position(|&b| {
                        b.is_ascii_whitespace() || matches!(b, b'"' | b'\'' | b';' | b'/' | b'>')
                    })
                    .unwrap_or(rest.len());
                if let Some(enc) = Encoding::for_label(&rest[..label_end]) {
                    return Some(enc);
                }
            }
        }
        from = end.max(start + 1);
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

/// A parsed page, with the source line of each element.
struct Dom {
    document: Handle,
    lines: HashMap<usize, u32>,
}

/// Parses the page, refusing nesting deeper than [`MAX_HTML_DEPTH`] as soon as it is seen.
fn parse(text: &str) -> Result<Dom, Error> {
    const CHUNK: usize = 16 * 1024;
    let too_deep = Rc::new(Cell::new(false));
    let sink = LineSink {
        dom: RcDom::default(),
        line: Cell::new(1),
        lines: RefCell::default(),
        depths: RefCell::default(),
        too_deep: Rc::clone(&too_deep),
    };
    let mut parser = html5ever::parse_document(sink, ParseOpts::default());
    let mut rest = text;
    while !rest.is_empty() {
        let mut cut = rest.len().min(CHUNK);
        while !rest.is_char_boundary(cut) {
            cut += 1;
        }
        parser.process(StrTendril::from_slice(&rest[..cut]));
        rest = &rest[cut..];
        if too_deep.get() {
            return Err(Error::new(ErrorKind::Limit {
                limit: Limit::HtmlDepth,
            }));
        }
    }
    let (dom, lines) = parser.finish();
    if too_deep.get() {
        return Err(Error::new(ErrorKind::Limit {
            limit: Limit::HtmlDepth,
        }));
    }
    Ok(Dom {
        document: dom.document,
        lines,
    })
}

fn key(node: &Handle) -> usize {
    Rc::as_ptr(node) as usize
}

/// `RcDom` plus the source line of every element and a watch on nesting depth. Parse errors are
/// counted by nobody: hostile pages produce millions of them.
struct LineSink {
    dom: RcDom,
    line: Cell<u64>,
    lines: RefCell<HashMap<usize, u32>>,
    depths: RefCell<HashMap<usize, usize>>,
    too_deep: Rc<Cell<bool>>,
}

impl LineSink {
    fn note_child(&self, parent_depth: usize, child: &NodeOrText<Handle>) {
        if let NodeOrText::AppendNode(node) = child {
            let depth = parent_depth + 1;
            self.depths.borrow_mut().insert(key(node), depth);
            if depth > MAX_HTML_DEPTH {
                self.too_deep.set(true);
            }
        }
    }

    fn depth(&self, node: &Handle) -> usize {
        self.depths.borrow().get(&key(node)).copied().unwrap_or(0)
    }
}

impl TreeSink for LineSink {
    type Handle = Handle;
    type Output = (RcDom, HashMap<usize, u32>);
    type ElemName<'a>
        = <RcDom as TreeSink>::ElemName<'a>
    where
        Self: 'a;

    fn finish(self) -> Self::Output {
        (self.dom, self.lines.into_inner())
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> Handle {
        self.dom.get_document()
    }

    fn elem_name<'a>(&'a self, target: &'a Handle) -> Self::ElemName<'a> {
        self.dom.elem_name(target)
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> Handle {
        let node = self.dom.create_element(name, attrs, flags);
        let line = u32::try_from(self.line.get()).unwrap_or(u32::MAX);
        self.lines.borrow_mut().insert(key(&node), line);
        node
    }

    fn create_comment(&self, text: StrTendril) -> Handle {
        self.dom.create_comment(text)
    }

    fn create_pi(&self, target: StrTendril, data: StrTendril) -> Handle {
        self.dom.create_pi(target, data)
    }

    fn append(&self, parent: &Handle, child: NodeOrText<Handle>) {
        self.note_child(self.depth(parent), &child);
        self.dom.append(parent, child);
    }

    fn append_based_on_parent_node(
        &self,
        element: &Handle,
        prev_element: &Handle,
        child: NodeOrText<Handle>,
    ) {
        self.note_child(self.depth(element), &child);
        self.dom
            .append_based_on_parent_node(element, prev_element, child);
    }

    fn append_doctype_to_document(
        &self,
        name: StrTendril,
        public_id: StrTendril,
        system_id: StrTendril,
    ) {
        self.dom
            .append_doctype_to_document(name, public_id, system_id);
    }

    fn get_template_contents(&self, target: &Handle) -> Handle {
        self.dom.get_template_contents(target)
    }

    fn same_node(&self, x: &Handle, y: &Handle) -> bool {
        self.dom.same_node(x, y)
    }

    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.dom.set_quirks_mode(mode);
    }

    fn append_before_sibling(&self, sibling: &Handle, new_node: NodeOrText<Handle>) {
        self.note_child(self.depth(sibling).saturating_sub(1), &new_node);
        self.dom.append_before_sibling(sibling, new_node);
    }

    fn add_attrs_if_missing(&self, target: &Handle, attrs: Vec<Attribute>) {
        self.dom.add_attrs_if_missing(target, attrs);
    }

    fn remove_from_parent(&self, target: &Handle) {
        self.dom.remove_from_parent(target);
    }

    fn reparent_children(&self, node: &Handle, new_parent: &Handle) {
        self.dom.reparent_children(node, new_parent);
    }

    fn set_current_line(&self, line_number: u64) {
        self.line.set(line_number);
    }
}

/// The local name of an HTML element (`None` for text, and for SVG or MathML elements).
fn tag(node: &Handle) -> Option<&str> {
    match &node.data {
        NodeData::Element { name, .. } if name.ns == ns!(html) => Some(&*name.local),
        _ => None,
    }
}

fn attr(node: &Handle, wanted: &str) -> Option<String> {
    let NodeData::Element { attrs, .. } = &node.data else {
        return None;
    };
    attrs
        .borrow()
        .iter()
        .find(|a| &*a.name.local == wanted)
        .map(|a| a.value.to_string())
}

fn children(node: &Handle) -> Vec<Handle> {
    node.children.borrow().clone()
}

/// Elements that never hold report text: scripts, styles, site navigation and footers, form
/// controls, embedded objects, hidden elements. A `<header>` stays when it holds the article's
/// heading.
fn is_dropped(node: &Handle) -> bool {
    let NodeData::Element { .. } = node.data else {
        return false;
    };
    let Some(name) = tag(node) else {
        return true;
    };
    let dropped = matches!(
        name,
        "head"
            | "script"
            | "style"
            | "noscript"
            | "template"
            | "iframe"
            | "frame"
            | "frameset"
            | "object"
            | "embed"
            | "canvas"
            | "audio"
            | "video"
            | "map"
            | "nav"
            | "footer"
            | "input"
            | "select"
            | "option"
            | "optgroup"
            | "textarea"
            | "button"
            | "datalist"
    ) || (name == "header" && !has_heading(node));
    if dropped || attr(node, "hidden").is_some() {
        return true;
    }
    if attr(node, "aria-hidden").is_some_and(|v| v.eq_ignore_ascii_case("true")) {
        return true;
    }
    attr(node, "style").is_some_and(|style| {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        style.contains("display:none") || style.contains("visibility:hidden")
    })
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// Whether a heading is among the first few hundred nodes under `node` (bounded: it is asked of
/// every cell and header, and hostile pages nest deeply).
fn has_heading(node: &Handle) -> bool {
    let mut queue = std::collections::VecDeque::from(children(node));
    let mut visited = 0;
    while let Some(n) = queue.pop_front() {
        visited += 1;
        if visited > 256 {
            return false;
        }
        if tag(&n).is_some_and(is_heading) {
            return true;
        }
        queue.extend(children(&n));
    }
    false
}

/// Elements that start and end a line.
fn is_block(name: &str) -> bool {
    is_heading(name)
        || matches!(
            name,
            "address"
                | "article"
                | "aside"
                | "blockquote"
                | "body"
                | "caption"
                | "center"
                | "dd"
                | "details"
                | "dialog"
                | "div"
                | "dl"
                | "dt"
                | "fieldset"
                | "figcaption"
                | "figure"
                | "form"
                | "header"
                | "hgroup"
                | "hr"
                | "html"
                | "legend"
                | "li"
                | "main"
                | "ol"
                | "p"
                | "pre"
                | "section"
                | "summary"
                | "table"
                | "tbody"
                | "td"
                | "tfoot"
                | "th"
                | "thead"
                | "tr"
                | "ul"
        )
}

fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{000C}')
}

/// Text as a browser lays it out on one line: runs of whitespace collapse to one space (`&nbsp;`
/// is not whitespace here; the builder turns it into a space when trimming).
#[derive(Debug, Default)]
struct Inline {
    text: String,
    space: bool,
}

impl Inline {
    fn push(&mut self, s: &str) {
        for c in s.chars() {
            if is_html_space(c) {
                self.space = true;
            } else {
                if self.space && !self.text.is_empty() {
                    self.text.push(' ');
                }
                self.space = false;
                self.text.push(c);
            }
        }
    }

    fn gap(&mut self) {
        self.space = true;
    }

    fn take(&mut self) -> String {
        self.space = false;
        std::mem::take(&mut self.text)
    }
}

/// The 1-based number of every `<table>` in document order.
fn number_tables(document: &Handle) -> HashMap<usize, u32> {
    let mut numbers = HashMap::new();
    let mut stack = vec![document.clone()];
    while let Some(node) = stack.pop() {
        if tag(&node) == Some("table") {
            let n = numbers.len() as u32 + 1;
            numbers.insert(key(&node), n);
        }
        stack.extend(children(&node).into_iter().rev());
    }
    numbers
}

fn find_element(document: &Handle, wanted: &str) -> Option<Handle> {
    let mut stack = vec![document.clone()];
    while let Some(node) = stack.pop() {
        if tag(&node) == Some(wanted) {
            return Some(node);
        }
        stack.extend(children(&node).into_iter().rev());
    }
    None
}

/// Text without any whitespace, to compare a heading with the start of the body.
fn squeeze(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{00A0}')
        .collect()
}

/// The first `limit` bytes or so of the text under `node`, in document order (at most a few
/// thousand nodes are looked at).
fn prefix_text(node: &Handle, limit: usize) -> String {
    let mut out = String::new();
    let mut stack = vec![node.clone()];
    let mut visited = 0;
    while let Some(n) = stack.pop() {
        visited += 1;
        if out.len() >= limit || visited > 4 * limit {
            break;
        }
        match &n.data {
            NodeData::Text { contents } => out.push_str(&contents.borrow()),
            NodeData::Element { .. } if is_dropped(&n) => {}
            _ => stack.extend(children(&n).into_iter().rev()),
        }
    }
    out
}

/// The heading before the body, within a few levels of its ancestors: the report's title, which
/// pages often set apart from the article text. At the nearest level that has one, an `<h1>` is
/// preferred to an `<h2>`, then `<h3>`, then an element whose class or id says `title` (bylines
/// are sometimes classed `subtitle`), and the nearest of equals.
fn title_before(root: &Handle, body: &Handle) -> Option<Handle> {
    let mut node = root.clone();
    for _ in 0..4 {
        if Rc::ptr_eq(&node, body) {
            return None;
        }
        let parent = node.parent.take();
        node.parent.set(parent.clone());
        let parent = parent?.upgrade()?;
        let siblings = children(&parent);
        let at = siblings.iter().position(|s| Rc::ptr_eq(s, &node))?;
        let mut candidates = Vec::new();
        for sibling in &siblings[..at] {
            titles_in(sibling, 0, &mut candidates);
        }
        // `min_by_key` keeps the first of equals: reverse to prefer the nearest.
        if let Some((_, title)) = candidates.into_iter().rev().min_by_key(|(rank, _)| *rank) {
            return Some(title);
        }
        node = parent;
    }
    None
}

/// Title-like elements under `node` in document order, with their rank (lower is better).
fn titles_in(node: &Handle, depth: usize, out: &mut Vec<(u8, Handle)>) {
    if depth > MAX_HTML_DEPTH || out.len() > 64 || is_dropped(node) {
        return;
    }
    let Some(name) = tag(node) else {
        return;
    };
    let titled = |a: &str| {
        attr(node, a).is_some_and(|v| {
            let v = v.to_ascii_lowercase();
            v.contains("title") && !v.contains("sub")
        })
    };
    let rank = match name {
        "h1" => Some(0),
        "h2" => Some(1),
        "h3" => Some(2),
        _ if titled("class") || titled("id") => Some(3),
        _ => None,
    };
    if let Some(rank) = rank {
        let len = squeeze(&prefix_text(node, 1024)).chars().count();
        if (8..=200).contains(&len) {
            out.push((rank, node.clone()));
            return;
        }
    }
    for child in children(node) {
        titles_in(&child, depth + 1, out);
    }
}

/// How much text an element holds: non-space characters outside links, and those of them in
/// data tables.
#[derive(Debug, Default, Clone, Copy)]
struct Stats {
    chars: usize,
    table_chars: usize,
}

/// An element that holds blocks (not a paragraph of inline text).
fn is_container(node: &Handle) -> bool {
    children(node)
        .iter()
        .any(|c| tag(c).is_some_and(|name| is_block(name) && name != "br"))
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
    /// Counts the text under `node`, for every element.
    fn count(&mut self, node: &Handle, in_link: bool, depth: usize) -> Stats {
        if depth > MAX_HTML_DEPTH {
            // Deeper than the walk goes: it refuses the page there.
            return Stats::default();
        }
        match &node.data {
            NodeData::Text { contents } if !in_link => Stats {
                chars: contents
                    .borrow()
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .count(),
                table_chars: 0,
            },
            NodeData::Element { .. } if is_dropped(node) => Stats::default(),
            NodeData::Element { .. } | NodeData::Document => {
                let in_link = in_link || tag(node) == Some("a");
                let mut total = Stats::default();
                for child in children(node) {
                    let s = self.count(&child, in_link, depth + 1);
                    total.chars += s.chars;
                    total.table_chars += s.table_chars;
                }
                // Cells are counted before their table: whether it is a layout table is known.
                if tag(node) == Some("table") && !self.is_layout(node) {
                    total.table_chars = total.chars;
                }
                self.stats.insert(key(node), total);
                total
            }
            _ => Stats::default(),
        }
    }

    fn stats(&self, node: &Handle) -> Stats {
        self.stats.get(&key(node)).copied().unwrap_or_default()
    }

    /// The element that holds the report: starting from `<body>`, go down into the child with
    /// the most text as long as what is left behind is only the site around the article (at
    /// most a quarter of the text, and at most `CLUTTER` characters or a tenth of the text)
    /// and no data-table text is left behind. Never into a data table or a paragraph: their
    /// surroundings are the text.
    fn choose_root(&self, body: &Handle) -> Handle {
        /// Characters that navigation, breadcrumbs, bylines and footers hold outside links.
        const CLUTTER: usize = 400;
        let mut node = body.clone();
        loop {
            let here = self.stats(&node);
            let best = children(&node)
                .into_iter()
                .filter(|c| tag(c).is_some() && !is_dropped(c))
                .max_by_key(|c| self.stats(c).chars);
            let Some(child) = best else {
                return node;
            };
            let there = self.stats(&child);
            let left = here.chars - there.chars.min(here.chars);
            let allowed = (here.chars / 4).min(CLUTTER.max(here.chars / 10));
            let tables_kept = there.table_chars * 10 >= here.table_chars * 9;
            let data_table = tag(&child) == Some("table") && !self.is_layout(&child);
            if there.chars == 0
                || left > allowed
                || !tables_kept
                || data_table
                || !is_container(&child)
            {
                return node;
            }
            node = child;
        }
    }

    /// A table used for page layout rather than data: a cell holds a heading or a long text.
    fn is_layout(&self, table: &Handle) -> bool {
        rows_of(table).iter().any(|tr| {
            cells_of(tr)
                .iter()
                .any(|td| self.stats(td).chars > 300 || has_heading(td))
        })
    }

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
                    self.caption(node);
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

    fn caption(&mut self, table: &Handle) {
        for child in children(table) {
            if tag(&child) == Some("caption") {
                let text = self.plain_text(&child, 0);
                self.line_at = self.lines.get(&key(&child)).copied().unwrap_or(0);
                self.inline.push(&text);
                self.flush();
            }
        }
    }

    /// The text under `node` on one line (tables nested in it included).
    fn plain_text(&mut self, node: &Handle, depth: usize) -> String {
        let mut inline = Inline::default();
        let mut nested = Vec::new();
        // Nested tables only add their rows after the cell; here their text is wanted inline.
        let _ = self.cell_text(node, &mut inline, &mut nested, depth, true);
        inline.take()
    }

    /// A data table, with `rowspan` and `colspan` resolved by the HTML table algorithm: a cell
    /// takes the first grid position not covered by a span from the rows above.
    fn table(&mut self, node: &Handle, depth: usize) -> Result<Table, Error> {
        let number = self.tables.get(&key(node)).copied().unwrap_or(0);
        let mut table = Table::default();
        // Rows still covered below a cell with `rowspan`, per grid column.
        let mut covered: Vec<u32> = Vec::new();
        for (r, tr) in rows_of(node).iter().enumerate() {
            let r = r as u32 + 1;
            let tds = cells_of(tr);
            if tds.is_empty() {
                covered.iter_mut().for_each(|n| *n = n.saturating_sub(1));
                continue;
            }
            let above: Vec<bool> = covered.iter().map(|&n| n > 0).collect();
            let mut texts: Vec<Option<String>> = Vec::new();
            let mut nested = Vec::new();
            let mut col = 0usize;
            for td in &tds {
                while above.get(col).copied().unwrap_or(false) {
                    col += 1;
                }
                let colspan = span(td, "colspan", MAX_COLSPAN) as usize;
                let rowspan = span(td, "rowspan", MAX_ROWSPAN);
                let end = col + colspan;
                Budget::check_width(end).map_err(limit)?;
                let mut inline = Inline::default();
                self.cell_text(td, &mut inline, &mut nested, depth + 1, false)?;
                if texts.len() < end {
                    texts.resize(end, None);
                }
                if covered.len() < end {
                    covered.resize(end, 0);
                }
                texts[col] = Some(inline.take());
                // Counted with this row: a `rowspan` of 1 covers nothing below.
                for n in &mut covered[col..end] {
                    *n = (*n).max(rowspan);
                }
                col = end;
            }
            let width = texts
                .len()
                .max(above.iter().rposition(|&a| a).map_or(0, |p| p + 1));
            self.budget.charge(width).map_err(limit)?;
            let cells = (0..width)
                .map(|c| {
                    let text = texts.get(c).cloned().flatten().unwrap_or_default();
                    let origin = Origin::HtmlCell {
                        table: number,
                        row: r,
                        col: c as u32 + 1,
                    };
                    (text, origin)
                })
                .collect();
            covered.iter_mut().for_each(|n| *n = n.saturating_sub(1));
            table.rows.push(Row { cells, nested });
        }
        Ok(table)
    }

    /// The text of a cell on one line: line breaks and paragraphs become spaces; nested tables
    /// become their own rows after the row (or inline text when `flatten`).
    fn cell_text(
        &mut self,
        node: &Handle,
        inline: &mut Inline,
        nested: &mut Vec<Table>,
        depth: usize,
        flatten: bool,
    ) -> Result<(), Error> {
        if depth > MAX_HTML_DEPTH {
            return Err(Error::new(ErrorKind::Limit {
                limit: Limit::HtmlDepth,
            }));
        }
        for child in children(node) {
            match &child.data {
                NodeData::Text { contents } => inline.push(&contents.borrow()),
                NodeData::Element { .. } if is_dropped(&child) => {}
                NodeData::Element { .. } => {
                    let name = tag(&child).unwrap_or("");
                    if name == "table" && !flatten {
                        inline.gap();
                        let table = self.table(&child, depth + 1)?;
                        nested.push(table);
                        inline.gap();
                    } else if name == "br" || is_block(name) {
                        inline.gap();
                        self.cell_text(&child, inline, nested, depth + 1, flatten)?;
                        inline.gap();
                    } else {
                        self.cell_text(&child, inline, nested, depth + 1, flatten)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }
}

fn limit(limit: Limit) -> Error {
    Error::new(ErrorKind::Limit { limit })
}

/// The rows of a table itself (not of tables nested in it).
fn rows_of(table: &Handle) -> Vec<Handle> {
    let mut rows = Vec::new();
    for child in children(table) {
        match tag(&child) {
            Some("tr") => rows.push(child),
            Some("thead" | "tbody" | "tfoot") => rows.extend(
                children(&child)
                    .into_iter()
                    .filter(|c| tag(c) == Some("tr")),
            ),
            _ => {}
        }
    }
    rows
}

fn cells_of(tr: &Handle) -> Vec<Handle> {
    children(tr)
        .into_iter()
        .filter(|c| matches!(tag(c), Some("td" | "th")))
        .collect()
}

/// A `rowspan` or `colspan`, clamped to `1..=max` (`0` and garbage count as 1).
fn span(td: &Handle, name: &str, max: u32) -> u32 {
    attr(td, name)
        .and_then(|v| {
            let digits: String = v.trim().chars().take_while(char::is_ascii_digit).collect();
            digits.parse::<u64>().ok()
        })
        .map_or(1, |n| n.clamp(1, u64::from(max)) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_stops_the_parse_early() {
        let page = format!("<body>{}</body>", "<div><span>".repeat(1_000_000));
        let started = std::time::Instant::now();
        let err = parse(&page).err().expect("refused");
        assert_eq!(
            err.kind,
            ErrorKind::Limit {
                limit: Limit::HtmlDepth
            }
        );
        // Refused within the first chunks, not after parsing 11 MB.
        assert!(started.elapsed().as_secs() < 5);
    }

    #[test]
    fn meta_charset_in_both_forms() {
        let gbk = encoding_rs::GBK;
        assert_eq!(meta_charset(br#"<meta charset="gb2312">"#), Some(gbk));
        assert_eq!(meta_charset(b"<META CHARSET=GBK>"), Some(gbk));
        assert_eq!(
            meta_charset(
                br#"<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />"#
            ),
            Some(gbk)
        );
        assert_eq!(meta_charset(br#"<meta name="x" content="y">"#), None);
    }

    #[test]
    fn spans_are_read_leniently() {
        let dom =
            parse(r#"<table><tr><td colspan=" 3px" rowspan="0">x</td></tr></table>"#).unwrap();
        let td = find_element(&dom.document, "td").unwrap();
        assert_eq!(span(&td, "colspan", MAX_COLSPAN), 3);
        assert_eq!(span(&td, "rowspan", MAX_ROWSPAN), 1);
    }
}
