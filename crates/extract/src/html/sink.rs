//! The html5ever tree sink: an `RcDom` that also records the source line of every element and
//! stops the parse as soon as nesting passes [`MAX_HTML_DEPTH`].

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, ParseOpts, QualName};
use markup5ever_rcdom::{Handle, RcDom};

use crate::limits::{Limit, MAX_HTML_DEPTH};
use crate::{Error, ErrorKind};

/// A parsed page, with the source line of each element.
pub(super) struct Dom {
    pub(super) document: Handle,
    pub(super) lines: HashMap<usize, u32>,
}

/// Parses the page, refusing nesting deeper than [`MAX_HTML_DEPTH`] as soon as it is seen.
pub(super) fn parse(text: &str) -> Result<Dom, Error> {
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
        let cut = rest.ceil_char_boundary(rest.len().min(CHUNK));
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

pub(super) fn key(node: &Handle) -> usize {
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
}
