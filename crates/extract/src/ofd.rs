//! OFD (GB/T 33190-2016, the national format for electronic official documents) → [`Source`]:
//! a ZIP package whose `OFD.xml` names the document (`DocRoot`), whose `Document.xml` lists the
//! pages and the page size, and whose pages hold positioned text and path objects ([`page`]).
//! The text objects become glyphs and the paths ruling lines, laid out by [`crate::layout`]
//! exactly like a PDF's text layer, with provenance to the page and the position in millimetres.
//!
//! Elements and attributes are matched by local name: independent producers bind them to
//! different namespace URIs (`http://www.ofdspec.org/2016`, a converter's own, or none).
//! The package is read defensively (entries, inflated sizes, XML depth, DTDs, pages, glyphs).

mod page;
mod xml;

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use zip::ZipArchive;

use crate::builder::Builder;
use crate::layout::{self, Page, Place};
use crate::limits::{Limit, MAX_INFLATED_TOTAL, MAX_PAGES, MAX_PART_SIZE, MAX_ZIP_ENTRIES};
use crate::ocr::{self, Recognised};
use crate::{Error, ErrorKind, Options};
use gongkai_model::source::{Format, Origin, Source};

pub(crate) use page::PageContent;
use xml::{Element, XmlError};

/// Whether a ZIP archive is an OFD package (it has an `OFD.xml` at its root).
pub(crate) fn is_ofd(bytes: &[u8]) -> bool {
    ZipArchive::new(Cursor::new(bytes)).is_ok_and(|a| {
        a.file_names()
            .flatten()
            .any(|n| n.trim_start_matches('/').eq_ignore_ascii_case("OFD.xml"))
    })
}

/// An OFD document's pages, read but not laid out (a page without text may be a scan).
pub(crate) struct Document {
    /// Each page's content, in order.
    pub pages: Vec<PageContent>,
    /// The image files of the document by resource ID (part names).
    pub media: BTreeMap<String, String>,
    package: Package,
}

impl Document {
    /// The bytes of the image resource `id`, if the package has it.
    pub fn image(&mut self, id: &str) -> Result<Option<Vec<u8>>, Error> {
        let Some(part) = self.media.get(id).cloned() else {
            return Ok(None);
        };
        self.package.read(&part)
    }
}

/// Reads the pages of an OFD package.
pub(crate) fn open(bytes: &[u8]) -> Result<Document, Error> {
    let mut package = Package::open(bytes)?;
    let entry = package
        .xml("OFD.xml")?
        .ok_or_else(|| damaged("no OFD.xml"))?;
    if package.has("Encryptions.xml") || entry.find("Encryptions").is_some() {
        return Err(Error::new(ErrorKind::Encrypted));
    }
    let root = entry
        .find("DocRoot")
        .map(|e| e.text().trim().to_string())
        .ok_or_else(|| damaged("OFD.xml names no DocRoot"))?;
    let root = resolve("", &root);
    let document = package
        .xml(&root)?
        .ok_or_else(|| damaged(format!("missing part {root}")))?;
    let dir = parent(&root);
    let common = document.child("CommonData");
    let default_box = common
        .and_then(|c| c.child("PageArea"))
        .and_then(|a| page::boxed(a.child("PhysicalBox").map(Element::text).as_deref()))
        .unwrap_or([0.0, 0.0, 210.0, 297.0]);
    // Resources: image files by ID, from the public and the document resources.
    let mut media = BTreeMap::new();
    for res in ["PublicRes", "DocumentRes"] {
        let Some(common) = common else { break };
        for loc in common.elements().filter(|e| e.name == res) {
            let part = resolve(&dir, loc.text().trim());
            if let Some(res) = package.xml(&part)? {
                let base = resolve(&parent(&part), res.attr("BaseLoc").unwrap_or(""));
                collect_media(&res, &base, &mut media);
            }
        }
    }
    // Template pages, drawn under the pages that name them.
    let mut templates: BTreeMap<String, Element> = BTreeMap::new();
    for t in common
        .map(|c| {
            c.elements()
                .filter(|e| e.name == "TemplatePage")
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
    {
        if let (Some(id), Some(loc)) = (t.attr("ID"), t.attr("BaseLoc")) {
            let part = resolve(&dir, loc);
            if let Some(content) = package.xml(&part)? {
                templates.insert(id.to_string(), content);
            }
        }
    }
    let list: Vec<&Element> = document
        .child("Pages")
        .map(|p| p.elements().filter(|e| e.name == "Page").collect())
        .unwrap_or_default();
    if list.len() > MAX_PAGES {
        return Err(Error::new(ErrorKind::Limit {
            limit: Limit::Pages { count: list.len() },
        }));
    }
    let mut pages = Vec::with_capacity(list.len());
    for p in list {
        let part = resolve(&dir, p.attr("BaseLoc").unwrap_or(""));
        let content = package
            .xml(&part)?
            .ok_or_else(|| damaged(format!("missing page {part}")))?;
        let area = content
            .child("Area")
            .and_then(|a| page::boxed(a.child("PhysicalBox").map(Element::text).as_deref()))
            .unwrap_or(default_box);
        let mut layers: Vec<&Element> = content
            .elements()
            .filter(|e| e.name == "Template")
            .filter_map(|t| templates.get(t.attr("TemplateID")?))
            .filter_map(|t| t.child("Content"))
            .collect();
        layers.extend(content.child("Content"));
        pages.push(page::read(&layers, area[2], area[3]));
    }
    if pages.is_empty() {
        return Err(damaged("the document lists no page"));
    }
    Ok(Document {
        pages,
        media,
        package,
    })
}

/// Reads an OFD document. Pages without text that draw an image are scans, recognised by OCR
/// when `options` allow it (pages with text never are).
pub(crate) fn read(bytes: &[u8], name: &str, options: &Options) -> Result<Source, Error> {
    let mut document = open(bytes)?;
    let glyphs: usize = document.pages.iter().map(|p| p.glyphs.len()).sum();
    let scanned: Vec<usize> = (0..document.pages.len())
        .filter(|&i| document.pages[i].glyphs.is_empty() && !document.pages[i].images.is_empty())
        .collect();
    let count = document.pages.len() as u32;
    if glyphs == 0 && scanned.is_empty() {
        return Err(damaged("no page has text or an image"));
    }
    if glyphs == 0 && !options.ocr {
        return Err(Error::new(ErrorKind::ScanNotRead {
            format: "OFD",
            pages: count,
        }));
    }
    let mut b = Builder::new();
    let mut recognised: BTreeMap<usize, Recognised> = BTreeMap::new();
    if !scanned.is_empty() && options.ocr {
        match ocr::check_available(scanned.len() as u32) {
            Err(e) if glyphs == 0 => return Err(e),
            Err(e) => b.warn(None, e.message(false), e.message(true)),
            Ok(()) => {
                let mut images = Vec::new();
                for &i in &scanned {
                    // The largest image of the page is its scan.
                    let id = document.pages[i]
                        .images
                        .iter()
                        .max_by(|a, b| area(&a.1).total_cmp(&area(&b.1)))
                        .map(|(id, _)| id.clone());
                    let bytes = match id {
                        Some(id) => document.image(&id)?,
                        None => None,
                    };
                    let Some(bytes) = bytes else { continue };
                    let kind = ocr::image::sniff(&bytes).unwrap_or("OFD");
                    let mut decoded =
                        ocr::image::decode(&bytes).map_err(|e| ocr::image_error(kind, e))?;
                    if decoded.is_empty() {
                        continue;
                    }
                    let mut page = decoded.swap_remove(0);
                    let [x0, _, x1, _] = document.pages[i]
                        .images
                        .iter()
                        .map(|i| i.1)
                        .max_by(|a, b| area(a).total_cmp(&area(b)))
                        .unwrap_or([0.0, 0.0, 595.0, 842.0]);
                    // The resolution it has where it is placed.
                    if x1 > x0 {
                        page.dpi = Some(page.gray.width as f32 / ((x1 - x0) / 72.0));
                    }
                    images.push((i, page));
                }
                let (index, images): (Vec<usize>, Vec<ocr::PageImage>) = images.into_iter().unzip();
                for (i, r) in index.into_iter().zip(ocr::recognise(images)?) {
                    recognised.insert(i, r);
                }
            }
        }
    }
    if glyphs == 0 && recognised.is_empty() {
        return Err(damaged("the page images cannot be read"));
    }
    let dpis: Vec<Option<f32>> = (0..document.pages.len())
        .map(|i| recognised.get(&i).map(|r| r.dpi))
        .collect();
    let scans = recognised.len() as u32;
    let pages: Vec<Page> = std::mem::take(&mut document.pages)
        .into_iter()
        .enumerate()
        .map(|(i, p)| match recognised.remove(&i) {
            Some(r) => r.page(),
            None => Page::new(p.width, p.height, p.glyphs, &p.rules),
        })
        .collect();
    layout::write(pages, &mut b, |place| {
        match dpis.get(place.page as usize - 1).copied().flatten() {
            Some(dpi) => ocr::origin(place, dpi),
            None => origin(place),
        }
    });
    let format = if scans > 0 {
        Format::Scan {
            container: "OFD",
            pages: count,
            text_pages: count - scans,
        }
    } else {
        Format::Ofd { pages: count }
    };
    Ok(b.finish(name, format))
}

fn area(b: &[f32; 4]) -> f32 {
    (b[2] - b[0]) * (b[3] - b[1])
}

/// A place on an OFD page, given in points from its top left corner, in millimetres.
fn origin(place: &Place) -> Origin {
    let mm = |v: f32| (f64::from(v) / page::PT_PER_MM).round() as i32;
    Origin::OfdPage {
        page: place.page,
        x: mm(place.x),
        y: mm(place.y),
    }
}

fn collect_media(res: &Element, base: &str, media: &mut BTreeMap<String, String>) {
    for m in res.elements() {
        if m.name == "MultiMedias" {
            for item in m.elements().filter(|e| e.name == "MultiMedia") {
                if let (Some(id), Some(file)) = (item.attr("ID"), item.child("MediaFile")) {
                    media.insert(id.to_string(), resolve(base, file.text().trim()));
                }
            }
        }
    }
}

fn damaged(detail: impl Into<String>) -> Error {
    Error::new(ErrorKind::Damaged {
        format: "OFD",
        detail: detail.into(),
    })
}

/// The folder of a part name (`Doc_0/Document.xml` → `Doc_0`).
fn parent(part: &str) -> String {
    part.rsplit_once('/')
        .map_or(String::new(), |(d, _)| d.to_string())
}

/// A location as a part name: absolute (`/Doc_0/x.xml`) or relative to `dir`.
fn resolve(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let joined;
    let path = match target.strip_prefix('/') {
        Some(absolute) => absolute,
        None => {
            joined = format!("{dir}/{target}");
            &joined
        }
    };
    for piece in path.split(['/', '\\']) {
        match piece {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// The ZIP package, entries by lower-case name, inflated bytes counted against the limits.
struct Package {
    archive: ZipArchive<Cursor<Vec<u8>>>,
    names: BTreeMap<String, usize>,
    inflated: u64,
}

impl Package {
    fn open(bytes: &[u8]) -> Result<Package, Error> {
        let archive =
            ZipArchive::new(Cursor::new(bytes.to_vec())).map_err(|e| damaged(e.to_string()))?;
        if archive.len() > MAX_ZIP_ENTRIES {
            return Err(Error::new(ErrorKind::Limit {
                limit: Limit::ZipEntries {
                    count: archive.len(),
                },
            }));
        }
        let mut names = BTreeMap::new();
        for i in 0..archive.len() {
            if let Some(Ok(name)) = archive.name_for_index(i) {
                names.insert(name.trim_start_matches('/').to_ascii_lowercase(), i);
            }
        }
        Ok(Package {
            archive,
            names,
            inflated: 0,
        })
    }

    fn has(&self, part: &str) -> bool {
        self.names.contains_key(&part.to_ascii_lowercase())
    }

    /// The inflated bytes of `part` (capped), or `None` when the package has no such entry.
    fn read(&mut self, part: &str) -> Result<Option<Vec<u8>>, Error> {
        let Some(&index) = self.names.get(&part.to_ascii_lowercase()) else {
            return Ok(None);
        };
        let too_large = || {
            Error::new(ErrorKind::Limit {
                limit: Limit::PartSize {
                    part: part.to_string(),
                },
            })
        };
        let entry = self
            .archive
            .by_index(index)
            .map_err(|e| damaged(format!("{part}: {e}")))?;
        if entry.size() > MAX_PART_SIZE {
            return Err(too_large());
        }
        let mut bytes = Vec::new();
        entry
            .take(MAX_PART_SIZE + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| damaged(format!("{part}: {e}")))?;
        if bytes.len() as u64 > MAX_PART_SIZE {
            return Err(too_large());
        }
        self.inflated += bytes.len() as u64;
        if self.inflated > MAX_INFLATED_TOTAL {
            return Err(Error::new(ErrorKind::Limit {
                limit: Limit::InflatedTotal,
            }));
        }
        Ok(Some(bytes))
    }

    /// `part` parsed as XML (UTF-8, or UTF-16 with a byte-order mark).
    fn xml(&mut self, part: &str) -> Result<Option<Element>, Error> {
        let Some(bytes) = self.read(part)? else {
            return Ok(None);
        };
        let text = match encoding_rs::Encoding::for_bom(&bytes) {
            Some((encoding, bom)) => encoding.decode_without_bom_handling(&bytes[bom..]).0,
            None => String::from_utf8_lossy(&bytes),
        };
        xml::parse(&text, part).map(Some).map_err(|e| match e {
            XmlError::Damaged(detail) => damaged(detail),
            XmlError::Limit(limit) => Error::new(ErrorKind::Limit { limit }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_resolve_to_part_names() {
        assert_eq!(resolve("", "Doc_0/Document.xml"), "Doc_0/Document.xml");
        assert_eq!(
            resolve("Doc_0", "Pages/Page_0/Content.xml"),
            "Doc_0/Pages/Page_0/Content.xml"
        );
        assert_eq!(resolve("Doc_0", "/Doc_0/Res/a.png"), "Doc_0/Res/a.png");
        assert_eq!(
            resolve("Doc_0/Res", "..\\Pages\\x.xml"),
            "Doc_0/Pages/x.xml"
        );
        assert_eq!(parent("Doc_0/Document.xml"), "Doc_0");
        assert_eq!(parent("OFD.xml"), "");
    }
}
