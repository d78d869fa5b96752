//! A guarded XML event reader for the parts of a DOCX: namespaces matched by URI (never by
//! prefix), entity and character references decoded, document type declarations refused (so no
//! entity is ever expanded) and nesting depth capped.

use std::borrow::Cow;

use quick_xml::NsReader;
use quick_xml::events::{BytesEnd, BytesStart, Event};
use quick_xml::name::ResolveResult;

use crate::limits::{Limit, MAX_XML_DEPTH};
use crate::{Error, ErrorKind};

/// The namespaces the reader tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ns {
    /// WordprocessingML (transitional or strict).
    W,
    /// Markup compatibility (`mc:AlternateContent`).
    Mc,
    /// Package relationships (`_rels/*.rels`).
    Rels,
    /// No namespace.
    None,
    /// Anything else.
    Other,
}

fn classify(uri: &str) -> Ns {
    match uri {
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        | "http://purl.oclc.org/ooxml/wordprocessingml/main" => Ns::W,
        "http://schemas.openxmlformats.org/markup-compatibility/2006" => Ns::Mc,
        "http://schemas.openxmlformats.org/package/2006/relationships" => Ns::Rels,
        _ => Ns::Other,
    }
}

fn resolve(result: &ResolveResult<'_>) -> Ns {
    match result {
        ResolveResult::Bound(ns) => classify(ns.0),
        ResolveResult::Unbound => Ns::None,
        ResolveResult::Unknown(_) => Ns::Other,
    }
}

/// One XML event, reduced to what the readers use.
#[derive(Debug)]
pub(crate) enum Item<'i> {
    /// A start tag (empty elements come as a start and an end).
    Start(Tag<'i>),
    /// An end tag.
    End(End<'i>),
    /// Character data, references decoded.
    Text(Cow<'i, str>),
    /// The end of the part.
    Eof,
}

/// A start tag. Its attributes are read on demand through [`Xml::attr`], before the next event.
#[derive(Debug)]
pub(crate) struct Tag<'i> {
    pub ns: Ns,
    start: BytesStart<'i>,
}

impl Tag<'_> {
    /// The local name.
    pub fn local(&self) -> &str {
        self.start.local_name().into_inner()
    }

    /// Whether this is the WordprocessingML element `local`.
    pub fn is_w(&self, local: &str) -> bool {
        self.ns == Ns::W && self.local() == local
    }
}

/// An end tag.
#[derive(Debug)]
pub(crate) struct End<'i> {
    pub ns: Ns,
    end: BytesEnd<'i>,
}

impl End<'_> {
    /// The local name.
    pub fn local(&self) -> &str {
        self.end.local_name().into_inner()
    }
}

/// Reads the events of one part.
pub(crate) struct Xml<'i> {
    reader: NsReader<&'i [u8]>,
    part: String,
    depth: usize,
}

impl<'i> Xml<'i> {
    /// A reader over the text of `part` (the name is for messages).
    pub fn new(text: &'i str, part: &str) -> Xml<'i> {
        let mut reader = NsReader::from_str(text);
        let config = reader.config_mut();
        config.expand_empty_elements = true;
        config.check_end_names = true;
        config.trim_text(false);
        Xml {
            reader,
            part: part.to_string(),
            depth: 0,
        }
    }

    fn damaged(&self, detail: impl std::fmt::Display) -> Error {
        Error {
            kind: ErrorKind::Damaged {
                format: "DOCX",
                detail: format!("{}: {detail}", self.part),
            },
            position: Some(self.reader.buffer_position()),
        }
    }

    /// The value of attribute `local` in namespace `ns` of the start tag just read (unprefixed
    /// attributes match too: a few writers omit the prefix).
    pub fn attr(&self, tag: &Tag<'_>, ns: Ns, local: &str) -> Option<String> {
        tag.start
            .attributes()
            .with_checks(false)
            .flatten()
            .find(|a| {
                let (found, name) = self.reader.resolver().resolve_attribute(a.key);
                name.into_inner() == local
                    && matches!(resolve(&found), n if n == ns || n == Ns::None)
            })
            .map(
                |a| match a.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
                    Ok(v) => v.into_owned(),
                    Err(_) => a.value.into_owned(),
                },
            )
    }

    /// The value of the WordprocessingML attribute `local` (`w:val`, …) of the start tag just
    /// read.
    pub fn w(&self, tag: &Tag<'_>, local: &str) -> Option<String> {
        self.attr(tag, Ns::W, local)
    }

    /// The next event.
    pub fn next(&mut self) -> Result<Item<'i>, Error> {
        loop {
            let (result, event) = match self.reader.read_resolved_event() {
                Ok((result, event)) => (resolve(&result), event),
                Err(e) => return Err(self.damaged(e)),
            };
            match event {
                Event::Start(start) => {
                    self.depth += 1;
                    if self.depth > MAX_XML_DEPTH {
                        return Err(Error::new(ErrorKind::Limit {
                            limit: Limit::XmlDepth {
                                part: self.part.clone(),
                            },
                        }));
                    }
                    return Ok(Item::Start(Tag { ns: result, start }));
                }
                Event::End(end) => {
                    self.depth = self.depth.saturating_sub(1);
                    return Ok(Item::End(End { ns: result, end }));
                }
                Event::Empty(_) => {
                    // Never produced: empty elements are expanded into a start and an end.
                    return Err(self.damaged("unexpected empty element"));
                }
                Event::Text(text) => return Ok(Item::Text(text.xml10_content())),
                Event::CData(data) => return Ok(Item::Text(data.into_inner())),
                Event::GeneralRef(reference) => {
                    if let Some(text) = reference_text(&reference) {
                        return Ok(Item::Text(Cow::Owned(text)));
                    }
                }
                Event::DocType(_) => {
                    return Err(Error::new(ErrorKind::Limit {
                        limit: Limit::XmlDoctype {
                            part: self.part.clone(),
                        },
                    }));
                }
                Event::Eof => return Ok(Item::Eof),
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            }
        }
    }

    /// Skips to the end of the element whose start was just read.
    pub fn skip(&mut self) -> Result<(), Error> {
        let mut depth = 1usize;
        while depth > 0 {
            match self.next()? {
                Item::Start(_) => depth += 1,
                Item::End(..) => depth -= 1,
                Item::Text(_) => {}
                Item::Eof => return Err(self.damaged("unexpected end of part")),
            }
        }
        Ok(())
    }
}

/// The text of `&name;` or `&#N;`: the five predefined entities and character references. With
/// document type declarations refused no other entity can be defined; one is kept as written.
fn reference_text(reference: &quick_xml::events::BytesRef<'_>) -> Option<String> {
    if reference.is_char_ref() {
        return reference
            .resolve_char_ref()
            .ok()
            .flatten()
            .map(String::from);
    }
    let name: &str = reference;
    Some(
        match name {
            "amp" => "&",
            "lt" => "<",
            "gt" => ">",
            "quot" => "\"",
            "apos" => "'",
            other => return Some(format!("&{other};")),
        }
        .to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(xml: &str) -> Result<String, Error> {
        let mut reader = Xml::new(xml, "t.xml");
        let mut out = String::new();
        loop {
            match reader.next()? {
                Item::Text(t) => out.push_str(&t),
                Item::Eof => return Ok(out),
                _ => {}
            }
        }
    }

    #[test]
    fn references_are_decoded_and_kept() {
        let xml = r#"<a xmlns="x">A &amp; B &lt;C&gt; &#20013;&#x6587; &quot;&apos;</a>"#;
        assert_eq!(texts(xml).unwrap(), "A & B <C> 中文 \"'");
    }

    #[test]
    fn namespaces_are_matched_by_uri_not_prefix() {
        let xml = r#"<x:p xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main" x:val="1"/>"#;
        let mut reader = Xml::new(xml, "t.xml");
        let Item::Start(tag) = reader.next().unwrap() else {
            panic!("a start tag")
        };
        assert!(tag.is_w("p"));
        assert_eq!(reader.w(&tag, "val").as_deref(), Some("1"));
        assert!(
            matches!(reader.next().unwrap(), Item::End(end) if end.ns == Ns::W && end.local() == "p")
        );
    }

    #[test]
    fn billion_laughs_is_refused() {
        let xml = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<lolz>&lol3;</lolz>"#;
        let err = texts(xml).unwrap_err();
        assert!(matches!(
            err.kind,
            ErrorKind::Limit {
                limit: Limit::XmlDoctype { .. }
            }
        ));
    }

    #[test]
    fn deep_nesting_is_refused() {
        let xml = format!("{}{}", "<a>".repeat(100_000), "</a>".repeat(100_000));
        let err = texts(&xml).unwrap_err();
        assert!(matches!(
            err.kind,
            ErrorKind::Limit {
                limit: Limit::XmlDepth { .. }
            }
        ));
    }

    #[test]
    fn malformed_xml_is_damaged() {
        let err = texts("<a><b></a>").unwrap_err();
        assert!(matches!(err.kind, ErrorKind::Damaged { .. }));
    }
}
