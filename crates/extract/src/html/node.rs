//! Questions asked of one element of the parsed page: its tag and attributes, whether it is
//! dropped, a block or a heading, and the text under it.

use std::collections::HashMap;

use html5ever::ns;
use markup5ever_rcdom::{Handle, NodeData};

use super::sink::key;

/// The local name of an HTML element (`None` for text, and for SVG or MathML elements).
pub(super) fn tag(node: &Handle) -> Option<&str> {
    match &node.data {
        NodeData::Element { name, .. } if name.ns == ns!(html) => Some(&*name.local),
        _ => None,
    }
}

pub(super) fn attr(node: &Handle, wanted: &str) -> Option<String> {
    let NodeData::Element { attrs, .. } = &node.data else {
        return None;
    };
    attrs
        .borrow()
        .iter()
        .find(|a| &*a.name.local == wanted)
        .map(|a| a.value.to_string())
}

pub(super) fn children(node: &Handle) -> Vec<Handle> {
    node.children.borrow().clone()
}

/// Elements that never hold report text: scripts, styles, site navigation and footers, form
/// controls, embedded objects, hidden elements. A `<header>` stays when it holds the article's
/// heading.
pub(super) fn is_dropped(node: &Handle) -> bool {
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
pub(super) fn has_heading(node: &Handle) -> bool {
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
pub(super) fn is_block(name: &str) -> bool {
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

/// The 1-based number of every `<table>` in document order.
pub(super) fn number_tables(document: &Handle) -> HashMap<usize, u32> {
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

pub(super) fn find_element(document: &Handle, wanted: &str) -> Option<Handle> {
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
pub(super) fn squeeze(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{00A0}')
        .collect()
}

/// The first `limit` bytes or so of the text under `node`, in document order (at most a few
/// thousand nodes are looked at).
pub(super) fn prefix_text(node: &Handle, limit: usize) -> String {
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
