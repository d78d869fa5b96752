//! The main document part (`word/document.xml`) read into blocks: paragraphs with their
//! numbering properties and text-box content, and tables with their merge properties. Tracked
//! changes are taken as accepted, field instructions, deleted text, hidden runs and
//! compatibility fallbacks are left out.

use super::numbering::NumPr;
use super::xml::{Item, Ns, Tag, Xml};
use crate::{Error, ErrorKind};

/// A paragraph or a table, in document order.
#[derive(Debug)]
pub(crate) enum Block {
    Paragraph(Paragraph),
    Table(Table),
}

/// A paragraph: its text (`\n` for line breaks), numbering and the content of the text boxes
/// anchored in it.
#[derive(Debug, Default)]
pub(crate) struct Paragraph {
    /// 1-based position among all `w:p` of the part.
    pub index: u32,
    pub text: String,
    pub style: Option<String>,
    pub numbering: NumPr,
    pub text_boxes: Vec<Block>,
}

/// A table (`w:tbl`).
#[derive(Debug, Default)]
pub(crate) struct Table {
    /// 1-based position among all `w:tbl` of the part.
    pub number: u32,
    pub rows: Vec<Row>,
}

/// A row (`w:tr`).
#[derive(Debug, Default)]
pub(crate) struct Row {
    /// 1-based position in its table.
    pub index: u32,
    /// Grid columns skipped before the first cell (`w:gridBefore`).
    pub grid_before: u32,
    /// A row deleted as a tracked change.
    pub deleted: bool,
    pub cells: Vec<Cell>,
}

/// A cell (`w:tc`).
#[derive(Debug)]
pub(crate) struct Cell {
    /// Grid columns it spans (`w:gridSpan`).
    pub span: u32,
    /// Continues the vertically merged cell above (`w:vMerge` without `restart`).
    pub continues: bool,
    pub blocks: Vec<Block>,
}

/// The names that give context to what is inside them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Name {
    R,
    RPr,
    PPr,
    NumPr,
    TrPr,
    TcPr,
    Other,
}

impl Name {
    fn of(tag: &Tag<'_>) -> Name {
        if tag.ns != Ns::W {
            return Name::Other;
        }
        match tag.local() {
            "r" => Name::R,
            "rPr" => Name::RPr,
            "pPr" => Name::PPr,
            "numPr" => Name::NumPr,
            "trPr" => Name::TrPr,
            "tcPr" => Name::TcPr,
            _ => Name::Other,
        }
    }
}

/// What is open while reading.
#[derive(Debug)]
enum Frame {
    /// The body, a cell's or a text box's content.
    Container(Vec<Block>),
    Cell(Cell),
    TextBox(Vec<Block>),
    Table(Table),
    Row(Row),
    Paragraph(Paragraph),
}

/// Elements whose whole content is left out: deleted text, former properties of tracked
/// formatting changes, fallbacks of markup-compatibility blocks (their choice is read).
fn is_skipped(tag: &Tag) -> bool {
    match tag.ns {
        Ns::W => matches!(
            tag.local(),
            "del"
                | "moveFrom"
                | "pPrChange"
                | "rPrChange"
                | "tblPrChange"
                | "tblPrExChange"
                | "trPrChange"
                | "tcPrChange"
                | "sectPrChange"
                | "tblGridChange"
                | "numberingChange"
                | "delText"
                | "delInstrText"
                | "instrText"
        ),
        Ns::Mc => tag.local() == "Fallback",
        _ => false,
    }
}

/// Reads the blocks of the body.
pub(crate) fn read(text: &str, part: &str) -> Result<Vec<Block>, Error> {
    let mut xml = Xml::new(text, part);
    let mut reader = Reader::default();
    let mut root_seen = false;
    loop {
        match xml.next()? {
            Item::Start(tag) => {
                if !root_seen {
                    root_seen = true;
                    if !tag.is_w("document") {
                        return Err(Error::new(ErrorKind::NotDocx { format: "OOXML" }));
                    }
                }
                if is_skipped(&tag) {
                    if tag.is_w("del") && reader.parent() == Some(Name::TrPr) {
                        reader.mark_row_deleted();
                    }
                    xml.skip()?;
                    continue;
                }
                reader.start(&xml, &tag);
                reader.path.push(Name::of(&tag));
            }
            Item::End(end) => {
                reader.path.pop();
                if end.ns == Ns::W {
                    reader.end(end.local());
                }
            }
            Item::Text(text) => {
                if reader.in_text && reader.fields.iter().all(|&instruction| !instruction) {
                    reader.append(&text);
                }
            }
            Item::Eof => break,
        }
    }
    Ok(reader.body.unwrap_or_default())
}

#[derive(Debug, Default)]
struct Reader {
    frames: Vec<Frame>,
    /// The open elements, as far as their names matter for context.
    path: Vec<Name>,
    body: Option<Vec<Block>>,
    paragraphs: u32,
    tables: u32,
    in_text: bool,
    hidden: bool,
    /// Open complex fields: `true` while in the instruction part (before `separate`).
    fields: Vec<bool>,
}

impl Reader {
    fn parent(&self) -> Option<Name> {
        self.path.last().copied()
    }

    fn grandparent(&self) -> Option<Name> {
        self.path.len().checked_sub(2).map(|i| self.path[i])
    }

    fn start(&mut self, xml: &Xml<'_>, tag: &Tag<'_>) {
        if tag.ns != Ns::W {
            return;
        }
        let in_run = self.parent() == Some(Name::R);
        let val = || xml.w(tag, "val");
        match tag.local() {
            "body" => self.frames.push(Frame::Container(Vec::new())),
            "p" => {
                self.paragraphs += 1;
                self.frames.push(Frame::Paragraph(Paragraph {
                    index: self.paragraphs,
                    ..Paragraph::default()
                }));
            }
            "tbl" => {
                self.tables += 1;
                self.frames.push(Frame::Table(Table {
                    number: self.tables,
                    rows: Vec::new(),
                }));
            }
            "tr" => {
                let index = match self.frames.last() {
                    Some(Frame::Table(t)) => t.rows.len() as u32 + 1,
                    _ => 0,
                };
                self.frames.push(Frame::Row(Row {
                    index,
                    ..Row::default()
                }));
            }
            "tc" => self.frames.push(Frame::Cell(Cell {
                span: 1,
                continues: false,
                blocks: Vec::new(),
            })),
            "txbxContent" => self.frames.push(Frame::TextBox(Vec::new())),
            "gridBefore" if self.parent() == Some(Name::TrPr) => {
                if let Some(Frame::Row(row)) = self.frames.last_mut() {
                    row.grid_before = val().and_then(|v| v.parse().ok()).unwrap_or(0);
                }
            }
            "gridSpan" if self.parent() == Some(Name::TcPr) => {
                if let Some(Frame::Cell(cell)) = self.frames.last_mut() {
                    cell.span = val().and_then(|v| v.parse().ok()).unwrap_or(1);
                }
            }
            "vMerge" if self.parent() == Some(Name::TcPr) => {
                if let Some(Frame::Cell(cell)) = self.frames.last_mut() {
                    // No value means "continue".
                    cell.continues = val().as_deref() != Some("restart");
                }
            }
            "pStyle" if self.parent() == Some(Name::PPr) => {
                if let Some(Frame::Paragraph(p)) = self.frames.last_mut() {
                    p.style = val();
                }
            }
            "numId"
                if self.parent() == Some(Name::NumPr) && self.grandparent() == Some(Name::PPr) =>
            {
                if let Some(Frame::Paragraph(p)) = self.frames.last_mut() {
                    p.numbering.num_id = val().and_then(|v| v.parse().ok());
                }
            }
            "ilvl"
                if self.parent() == Some(Name::NumPr) && self.grandparent() == Some(Name::PPr) =>
            {
                if let Some(Frame::Paragraph(p)) = self.frames.last_mut() {
                    p.numbering.level = val()
                        .and_then(|v| v.parse::<usize>().ok())
                        .map(|l| l.min(8));
                }
            }
            "r" => self.hidden = false,
            "vanish" if self.parent() == Some(Name::RPr) && self.grandparent() == Some(Name::R) => {
                self.hidden = !matches!(val().as_deref(), Some("0" | "false" | "off"));
            }
            "t" if in_run => self.in_text = true,
            "tab" | "ptab" if in_run => self.append_visible(" "),
            "br" | "cr" if in_run => self.append_visible("\n"),
            "noBreakHyphen" if in_run => self.append_visible("-"),
            "fldChar" => match xml.w(tag, "fldCharType").as_deref() {
                Some("begin") => self.fields.push(true),
                Some("separate") => {
                    if let Some(last) = self.fields.last_mut() {
                        *last = false;
                    }
                }
                Some("end") => {
                    self.fields.pop();
                }
                _ => {}
            },
            _ => {}
        }
    }

    fn end(&mut self, local: &str) {
        match local {
            "t" => self.in_text = false,
            "body" => {
                if let Some(Frame::Container(blocks)) = self.frames.last_mut() {
                    self.body = Some(std::mem::take(blocks));
                    self.frames.pop();
                }
            }
            "p" => {
                // A field instruction never runs past its paragraph: a broken field must not
                // hide the rest of the document.
                self.fields
                    .iter_mut()
                    .for_each(|instruction| *instruction = false);
                if let Some(Frame::Paragraph(_)) = self.frames.last()
                    && let Some(Frame::Paragraph(p)) = self.frames.pop()
                {
                    self.push_block(Block::Paragraph(p));
                }
            }
            "tbl" => {
                if let Some(Frame::Table(_)) = self.frames.last()
                    && let Some(Frame::Table(t)) = self.frames.pop()
                {
                    self.push_block(Block::Table(t));
                }
            }
            "tr" => {
                if let Some(Frame::Row(_)) = self.frames.last()
                    && let Some(Frame::Row(row)) = self.frames.pop()
                    && let Some(Frame::Table(table)) = self.frames.last_mut()
                {
                    table.rows.push(row);
                }
            }
            "tc" => {
                if let Some(Frame::Cell(_)) = self.frames.last()
                    && let Some(Frame::Cell(cell)) = self.frames.pop()
                    && let Some(Frame::Row(row)) = self.frames.last_mut()
                {
                    row.cells.push(cell);
                }
            }
            "txbxContent" => {
                if let Some(Frame::TextBox(_)) = self.frames.last()
                    && let Some(Frame::TextBox(blocks)) = self.frames.pop()
                {
                    // Text boxes follow the paragraph they are anchored in.
                    let anchor = self.frames.iter_mut().rev().find_map(|f| match f {
                        Frame::Paragraph(p) => Some(p),
                        _ => None,
                    });
                    match anchor {
                        Some(p) => p.text_boxes.extend(blocks),
                        None => blocks.into_iter().for_each(|b| self.push_block(b)),
                    }
                }
            }
            _ => {}
        }
    }

    /// Adds a finished paragraph or table to the innermost open container.
    fn push_block(&mut self, block: Block) {
        for frame in self.frames.iter_mut().rev() {
            match frame {
                Frame::Container(blocks) | Frame::TextBox(blocks) => {
                    blocks.push(block);
                    return;
                }
                Frame::Cell(cell) => {
                    cell.blocks.push(block);
                    return;
                }
                Frame::Paragraph(p) => {
                    // A table inside a paragraph (only in broken files): keep it after it.
                    p.text_boxes.push(block);
                    return;
                }
                _ => {}
            }
        }
    }

    fn mark_row_deleted(&mut self) {
        if let Some(Frame::Row(row)) = self.frames.last_mut() {
            row.deleted = true;
        }
    }

    fn append_visible(&mut self, s: &str) {
        if self.fields.iter().all(|&instruction| !instruction) {
            self.append(s);
        }
    }

    fn append(&mut self, s: &str) {
        if self.hidden {
            return;
        }
        if let Some(Frame::Paragraph(p)) = self.frames.last_mut() {
            p.text.push_str(s);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

    fn body(inner: &str) -> Vec<Block> {
        read(
            &format!(r#"<w:document {W}><w:body>{inner}</w:body></w:document>"#),
            "d",
        )
        .unwrap()
    }

    fn text(block: &Block) -> &str {
        match block {
            Block::Paragraph(p) => &p.text,
            Block::Table(_) => panic!("a paragraph"),
        }
    }

    #[test]
    fn runs_fields_changes_and_breaks() {
        let blocks = body(
            r#"<w:p><w:bookmarkStart w:id="0" w:name="_GoBack"/><w:r><w:t>A &amp; B</w:t></w:r><w:bookmarkEnd w:id="0"/>
<w:ins><w:r><w:t xml:space="preserve"> new</w:t></w:r></w:ins><w:del><w:r><w:delText>old</w:delText></w:r></w:del>
<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>
<w:r><w:tab/><w:t>x</w:t><w:br/><w:t>y</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t></w:r></w:p>"#,
        );
        assert_eq!(text(&blocks[0]), "A & B new7 x\ny");
    }

    #[test]
    fn text_boxes_follow_their_paragraph_once() {
        let blocks = body(
            r#"<w:p><w:r><w:t>anchor</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>boxed</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>boxed</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"#,
        );
        let Block::Paragraph(p) = &blocks[0] else {
            panic!()
        };
        assert_eq!(p.text, "anchor");
        assert_eq!(p.text_boxes.len(), 1);
        assert_eq!(text(&p.text_boxes[0]), "boxed");
    }

    #[test]
    fn not_a_word_document() {
        let err = read(r#"<workbook xmlns="x"/>"#, "xl/workbook.xml").unwrap_err();
        assert_eq!(err.kind, ErrorKind::NotDocx { format: "OOXML" });
    }
}
