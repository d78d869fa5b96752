//! A small guarded XML tree for OFD parts: elements and attributes by local name (independent
//! producers bind the OFD elements to different namespace URIs, or to none), entity and
//! character references decoded, document type declarations refused and nesting depth capped.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::limits::{Limit, MAX_XML_DEPTH};

/// An element: its local name, attributes (local names) and children.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

/// A child of an element.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Element(Element),
    Text(String),
}

/// Why a part could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum XmlError {
    /// Not well-formed XML (what the parser said).
    Damaged(String),
    /// A limit: nesting too deep, or a document type declaration.
    Limit(Limit),
}

impl Element {
    /// The value of attribute `name` (its local name, compared without case: producers write
    /// `Size` and `size`).
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The child elements.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The first child element named `name`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    /// The first element named `name` below this one, depth first.
    pub fn find(&self, name: &str) -> Option<&Element> {
        for e in self.elements() {
            if e.name == name {
                return Some(e);
            }
            if let Some(found) = e.find(name) {
                return Some(found);
            }
        }
        None
    }

    /// The text directly inside this element.
    pub fn text(&self) -> String {
        self.children
            .iter()
            .filter_map(|n| match n {
                Node::Text(t) => Some(t.as_str()),
                Node::Element(_) => None,
            })
            .collect()
    }
}

/// Parses a whole part into its root element (`part` names it in messages).
pub(crate) fn parse(text: &str, part: &str) -> Result<Element, XmlError> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(false);
    let mut stack: Vec<Element> = vec![Element::default()];
    let damaged = |e: &dyn std::fmt::Display| XmlError::Damaged(format!("{part}: {e}"));
    loop {
        let event = reader.read_event().map_err(|e| damaged(&e))?;
        match event {
            Event::Start(start) => {
                if stack.len() > MAX_XML_DEPTH {
                    return Err(XmlError::Limit(Limit::XmlDepth {
                        part: part.to_string(),
                    }));
                }
                stack.push(element(&start).map_err(|e| damaged(&e))?);
            }
            Event::Empty(start) => {
                let e = element(&start).map_err(|e| damaged(&e))?;
                if let Some(parent) = stack.last_mut() {
                    parent.children.push(Node::Element(e));
                }
            }
            Event::End(_) => {
                let Some(done) = stack.pop() else { break };
                let Some(parent) = stack.last_mut() else {
                    return Err(damaged(&"an end tag without its start"));
                };
                parent.children.push(Node::Element(done));
            }
            Event::Text(t) => push_text(&mut stack, &t.xml10_content()),
            Event::CData(t) => push_text(&mut stack, &t.into_inner()),
            Event::GeneralRef(r) => {
                let resolved = if r.is_char_ref() {
                    r.resolve_char_ref()
                        .map_err(|e| damaged(&e))?
                        .map(String::from)
                        .unwrap_or_default()
                } else {
                    let name: &str = &r;
                    match name {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => return Err(damaged(&format!("unknown entity &{name};"))),
                    }
                    .to_string()
                };
                push_text(&mut stack, &resolved);
            }
            Event::DocType(_) => {
                return Err(XmlError::Limit(Limit::XmlDoctype {
                    part: part.to_string(),
                }));
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
    }
    if stack.len() != 1 {
        return Err(damaged(&"the part ends inside an element"));
    }
    stack
        .pop()
        .and_then(|root| root.elements().next().cloned())
        .ok_or_else(|| damaged(&"no root element"))
}

fn push_text(stack: &mut [Element], text: &str) {
    if let Some(parent) = stack.last_mut() {
        match parent.children.last_mut() {
            Some(Node::Text(t)) => t.push_str(text),
            _ => parent.children.push(Node::Text(text.to_string())),
        }
    }
}

fn element(start: &BytesStart<'_>) -> Result<Element, String> {
    let name = start.local_name().into_inner().to_string();
    let mut attrs = Vec::new();
    for a in start.attributes() {
        let a = a.map_err(|e| e.to_string())?;
        let key = a.key.local_name().into_inner().to_string();
        let value = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| e.to_string())?
            .into_owned();
        attrs.push((key, value));
    }
    Ok(Element {
        name,
        attrs,
        children: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_by_local_name_whatever_the_namespace() {
        let root = parse(
            r#"<?xml version="1.0"?><x:Page xmlns:x="urn:any"><x:Content><x:TextCode X="1" x:Y="2">规章&amp;3&#x41;</x:TextCode><Empty/></x:Content></x:Page>"#,
            "p.xml",
        )
        .unwrap();
        assert_eq!(root.name, "Page");
        let code = root.find("TextCode").unwrap();
        assert_eq!(code.attr("x"), Some("1"));
        assert_eq!(code.attr("Y"), Some("2"));
        assert_eq!(code.text(), "规章&3A");
        assert!(root.child("Content").unwrap().child("Empty").is_some());
    }

    #[test]
    fn doctypes_depth_and_broken_parts_are_refused() {
        let dtd = r#"<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>"#;
        assert!(matches!(
            parse(dtd, "a"),
            Err(XmlError::Limit(Limit::XmlDoctype { .. }))
        ));
        let deep = "<a>".repeat(MAX_XML_DEPTH + 2);
        assert!(matches!(
            parse(&deep, "a"),
            Err(XmlError::Limit(Limit::XmlDepth { .. }))
        ));
        assert!(matches!(
            parse("<a><b></a>", "a"),
            Err(XmlError::Damaged(_))
        ));
        assert!(matches!(parse("<a>", "a"), Err(XmlError::Damaged(_))));
        assert!(matches!(parse("", "a"), Err(XmlError::Damaged(_))));
    }
}
