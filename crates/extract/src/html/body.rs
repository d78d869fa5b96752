//! Which element holds the report: the deepest one whose siblings hold only the site around
//! the article (navigation, breadcrumbs, bylines, footers) and no data-table text, chosen from
//! the page's structure, never from report words; and the page title set apart before it.

use std::rc::Rc;

use markup5ever_rcdom::{Handle, NodeData};

use super::Reader;
use super::node::{attr, children, has_heading, is_block, is_dropped, prefix_text, squeeze, tag};
use super::sink::key;
use super::table::{cells_of, rows_of};
use crate::limits::MAX_HTML_DEPTH;

/// The heading before the body, within a few levels of its ancestors: the report's title, which
/// pages often set apart from the article text. At the nearest level that has one, an `<h1>` is
/// preferred to an `<h2>`, then `<h3>`, then an element whose class or id says `title` (bylines
/// are sometimes classed `subtitle`), and the nearest of equals.
pub(super) fn title_before(root: &Handle, body: &Handle) -> Option<Handle> {
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
pub(super) struct Stats {
    chars: usize,
    table_chars: usize,
}

/// An element that holds blocks (not a paragraph of inline text).
fn is_container(node: &Handle) -> bool {
    children(node)
        .iter()
        .any(|c| tag(c).is_some_and(|name| is_block(name) && name != "br"))
}

impl Reader {
    /// Counts the text under `node`, for every element.
    pub(super) fn count(&mut self, node: &Handle, in_link: bool, depth: usize) -> Stats {
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
    pub(super) fn choose_root(&self, body: &Handle) -> Handle {
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
    pub(super) fn is_layout(&self, table: &Handle) -> bool {
        rows_of(table).iter().any(|tr| {
            cells_of(tr)
                .iter()
                .any(|td| self.stats(td).chars > 300 || has_heading(td))
        })
    }
}
