//! Word 97 binary documents built here, in code (a File Information Block, a piece table with
//! Unicode and 8-bit pieces, paragraph and character property pages, a row definition kept in
//! the Data stream as Word does for wide rows): text, fields, tracked deletions, merged and
//! nested table cells read into TAB-separated rows with their provenance; encrypted and Word 95
//! files refused clearly. `.doc` files LibreOffice makes from DOCX renders are checked in the
//! binary's tests (`crates/cli/tests/it/formats.rs`).

use std::io::{Cursor, Write};

use gongkai_extract::{ErrorKind, Format, Origin, extract};

use super::origin_of;

/// Where the text starts in the WordDocument stream (after the FIB).
const TEXT_AT: u32 = 0x800;

/// One paragraph of the document being built: its text (without its mark), the mark, and its
/// paragraph modifiers.
struct Para {
    text: String,
    mark: u16,
    grpprl: Vec<u8>,
    /// Put the modifiers in the Data stream (`sprmPHugePapx`).
    huge: bool,
}

/// A Word 97 document written the way Word lays it out (one property run per page keeps the
/// writer short).
#[derive(Default)]
struct Doc {
    paras: Vec<Para>,
    /// Character runs marked deleted: (start, end) in characters of the main text.
    deleted: Vec<(u32, u32)>,
    /// Store the text as one 8-bit piece (ASCII documents only).
    compressed: bool,
    /// FIB flags to add (`fEncrypted` = 0x0100).
    flags: u16,
    n_fib: u16,
}

const IN_TABLE: [u8; 3] = [0x16, 0x24, 1];
const TTP: [u8; 3] = [0x17, 0x24, 1];
const INNER_CELL: [u8; 3] = [0x4B, 0x24, 1];
const INNER_TTP: [u8; 3] = [0x4C, 0x24, 1];

fn itap(n: u32) -> Vec<u8> {
    let mut g = vec![0x49, 0x66];
    g.extend(n.to_le_bytes());
    g
}

/// `sprmTDefTable` with the given boundaries (twips) and empty cell descriptions.
fn def_table(bounds: &[i16]) -> Vec<u8> {
    let mut body = vec![(bounds.len() - 1) as u8];
    for b in bounds {
        body.extend(b.to_le_bytes());
    }
    body.extend(vec![0u8; 20 * (bounds.len() - 1)]);
    let mut g = vec![0x08, 0xD6];
    g.extend(((body.len() + 1) as u16).to_le_bytes());
    g.extend(body);
    g
}

impl Doc {
    fn new() -> Doc {
        Doc {
            n_fib: 0x00C1,
            ..Doc::default()
        }
    }

    fn para(&mut self, text: &str) -> &mut Doc {
        self.push(text, 0x0D, Vec::new())
    }

    fn push(&mut self, text: &str, mark: u16, grpprl: Vec<u8>) -> &mut Doc {
        self.paras.push(Para {
            text: text.to_string(),
            mark,
            grpprl,
            huge: false,
        });
        self
    }

    /// A row of an outermost table: each cell, then the row mark with its boundaries.
    fn row(&mut self, cells: &[&str], bounds: &[i16]) -> &mut Doc {
        for c in cells {
            let mut g = IN_TABLE.to_vec();
            g.extend(itap(1));
            self.push(c, 0x07, g);
        }
        let mut g = IN_TABLE.to_vec();
        g.extend(TTP);
        g.extend(itap(1));
        g.extend(def_table(bounds));
        self.push("", 0x07, g)
    }

    /// A row of a table nested at depth 2.
    fn inner_row(&mut self, cells: &[&str], bounds: &[i16]) -> &mut Doc {
        for c in cells {
            let mut g = IN_TABLE.to_vec();
            g.extend(itap(2));
            g.extend(INNER_CELL);
            self.push(c, 0x0D, g);
        }
        let mut g = IN_TABLE.to_vec();
        g.extend(itap(2));
        g.extend(INNER_CELL);
        g.extend(INNER_TTP);
        g.extend(def_table(bounds));
        self.push("", 0x0D, g)
    }

    /// The main text: paragraphs with their marks.
    fn text(&self) -> Vec<u16> {
        let mut units = Vec::new();
        for p in &self.paras {
            units.extend(p.text.encode_utf16());
            units.push(p.mark);
        }
        units
    }

    fn build(&self) -> Vec<u8> {
        let units = self.text();
        let width = if self.compressed { 1 } else { 2 };
        let mut word = vec![0u8; TEXT_AT as usize];
        for &u in &units {
            if self.compressed {
                word.push(u as u8);
            } else {
                word.extend(u.to_le_bytes());
            }
        }
        let mut table = Vec::new();
        let mut data = vec![0u8; 8];
        // Paragraph property pages, one run each.
        let mut papx_bins: Vec<(u32, u32, u32)> = Vec::new();
        let mut cp = 0u32;
        for p in &self.paras {
            let len = p.text.encode_utf16().count() as u32 + 1;
            let (fc0, fc1) = (TEXT_AT + cp * width, TEXT_AT + (cp + len) * width);
            cp += len;
            let grpprl = if p.huge {
                let at = data.len() as u32;
                data.extend((p.grpprl.len() as u16).to_le_bytes());
                data.extend(&p.grpprl);
                let mut g = vec![0x46, 0x66];
                g.extend(at.to_le_bytes());
                g
            } else {
                p.grpprl.clone()
            };
            papx_bins.push((
                fc0,
                fc1,
                self.page(&mut word, |page| {
                    page[0..4].copy_from_slice(&fc0.to_le_bytes());
                    page[4..8].copy_from_slice(&fc1.to_le_bytes());
                    page[8] = 100; // bOffset: the PAPX at byte 200
                    // cb = 0 form: cb' words of istd + grpprl.
                    let body_len = 2 + grpprl.len();
                    let words = body_len.div_ceil(2);
                    page[200] = 0;
                    page[201] = words as u8;
                    page[204..204 + grpprl.len()].copy_from_slice(&grpprl);
                    page[511] = 1;
                }),
            ));
        }
        // Character property pages: deleted runs, the rest plain.
        let mut chpx_bins: Vec<(u32, u32, u32)> = Vec::new();
        for &(a, b) in &self.deleted {
            let (fc0, fc1) = (TEXT_AT + a * width, TEXT_AT + b * width);
            chpx_bins.push((
                fc0,
                fc1,
                self.page(&mut word, |page| {
                    page[0..4].copy_from_slice(&fc0.to_le_bytes());
                    page[4..8].copy_from_slice(&fc1.to_le_bytes());
                    page[8] = 100;
                    page[200..204].copy_from_slice(&[3, 0x00, 0x08, 1]);
                    page[511] = 1;
                }),
            ));
        }
        let bin_table = |bins: &[(u32, u32, u32)]| {
            let mut b = Vec::new();
            for bin in bins {
                b.extend(bin.0.to_le_bytes());
            }
            b.extend(bins.last().map_or(0, |x| x.1).to_le_bytes());
            for bin in bins {
                b.extend(bin.2.to_le_bytes());
            }
            b
        };
        let papx = (table.len() as u32, bin_table(&papx_bins));
        table.extend(&papx.1);
        let chpx = (table.len() as u32, bin_table(&chpx_bins));
        table.extend(&chpx.1);
        // The piece table: one piece for the whole text.
        let clx_at = table.len() as u32;
        let raw_fc = if self.compressed {
            (TEXT_AT * 2) | 0x4000_0000
        } else {
            TEXT_AT
        };
        let mut plc = Vec::new();
        plc.extend(0u32.to_le_bytes());
        plc.extend((units.len() as u32).to_le_bytes());
        plc.extend(0u16.to_le_bytes());
        plc.extend(raw_fc.to_le_bytes());
        plc.extend(0u16.to_le_bytes());
        table.push(2);
        table.extend((plc.len() as u32).to_le_bytes());
        table.extend(&plc);
        let clx_len = table.len() as u32 - clx_at;
        self.fib(
            &mut word,
            units.len() as u32,
            (clx_at, clx_len),
            (papx.0, papx.1.len() as u32),
            (chpx.0, chpx.1.len() as u32),
        );
        let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        file.create_stream("WordDocument")
            .unwrap()
            .write_all(&word)
            .unwrap();
        file.create_stream("1Table")
            .unwrap()
            .write_all(&table)
            .unwrap();
        file.create_stream("Data")
            .unwrap()
            .write_all(&data)
            .unwrap();
        file.flush().unwrap();
        file.into_inner().into_inner()
    }

    /// Appends a 512-byte page to the stream (aligned) and returns its page number.
    fn page(&self, word: &mut Vec<u8>, fill: impl FnOnce(&mut [u8])) -> u32 {
        word.resize(word.len().div_ceil(512) * 512, 0);
        let pn = (word.len() / 512) as u32;
        let mut page = vec![0u8; 512];
        fill(&mut page);
        word.extend(page);
        pn
    }

    fn fib(&self, word: &mut [u8], ccp: u32, clx: (u32, u32), papx: (u32, u32), chpx: (u32, u32)) {
        word[0..2].copy_from_slice(&0xA5ECu16.to_le_bytes());
        word[2..4].copy_from_slice(&self.n_fib.to_le_bytes());
        word[0x0A..0x0C].copy_from_slice(&(0x0200 | self.flags).to_le_bytes());
        word[32..34].copy_from_slice(&14u16.to_le_bytes());
        word[62..64].copy_from_slice(&22u16.to_le_bytes());
        word[64 + 12..64 + 16].copy_from_slice(&ccp.to_le_bytes());
        word[152..154].copy_from_slice(&93u16.to_le_bytes());
        for (index, (fc, lcb)) in [(12, chpx), (13, papx), (33, clx)] {
            let at = 154 + index * 8;
            word[at..at + 4].copy_from_slice(&fc.to_le_bytes());
            word[at + 4..at + 8].copy_from_slice(&lcb.to_le_bytes());
        }
    }
}

/// A report-like document: headings, a field, a deleted word, and a table whose header cell
/// spans two columns, with a row defined in the Data stream and a nested table.
fn report() -> Doc {
    let mut d = Doc::new();
    d.para("某某局2021年政府信息公开工作年度报告")
        .para("一、总体情况")
        // A PAGE-like field: instructions hidden, result shown.
        .para("\u{13} PAGE \u{14}第1页\u{15}，共\u{13}NUMPAGES\u{15}页")
        .para("本机关删除线文字");
    let deleted_at = d.text().len() as u32 - 6;
    d.deleted.push((deleted_at, deleted_at + 3));
    d.row(&["信息内容", "本年制发件数"], &[0, 3000, 6000])
        .row(&["", "新制作", "废止"], &[0, 3000, 4500, 6000])
        .row(&["规章", "3", "1"], &[0, 3001, 4499, 6000]);
    // A row whose properties Word keeps in the Data stream.
    d.row(&["行政规范性文件", "12", "0"], &[0, 3000, 4500, 6000]);
    if let Some(p) = d.paras.last_mut() {
        p.huge = true;
    }
    // A cell holding a nested table (two rows), then the outer row's other cell.
    d.inner_row(&["内1", "A\tB"], &[0, 1000, 2000])
        .inner_row(&["内2", "C"], &[0, 1000, 2000]);
    let mut g = IN_TABLE.to_vec();
    g.extend(itap(1));
    d.push("", 0x07, g);
    d.row(&["末行"], &[0, 3000, 6000]);
    d.para("二、主动公开政府信息情况");
    d
}

const EXPECTED: &str = "某某局2021年政府信息公开工作年度报告
一、总体情况
第1页，共页
本机关文字
信息内容\t本年制发件数\t
\t新制作\t废止
规章\t3\t1
行政规范性文件\t12\t0
\t末行\t
内1\tA B
内2\tC

二、主动公开政府信息情况
";

#[test]
fn text_fields_deletions_and_tables() {
    let source = extract(&report().build(), "report.doc").unwrap();
    assert_eq!(source.format, Format::Doc);
    assert_eq!(source.text, EXPECTED);
    assert!(source.warnings.is_empty(), "{:?}", source.warnings);
}

#[test]
fn cells_and_paragraphs_map_back_to_the_document() {
    let source = extract(&report().build(), "report.doc").unwrap();
    assert_eq!(
        origin_of(&source, "一、总体情况"),
        Origin::DocParagraph { index: 2 }
    );
    assert_eq!(
        origin_of(&source, "废止"),
        Origin::DocCell {
            table: 1,
            row: 2,
            col: 3
        }
    );
    assert_eq!(
        origin_of(&source, "内2"),
        Origin::DocCell {
            table: 2,
            row: 2,
            col: 1
        }
    );
    assert_eq!(
        origin_of(&source, "二、主动公开"),
        Origin::DocParagraph { index: 29 }
    );
}

#[test]
fn eight_bit_pieces_are_windows_1252() {
    let mut d = Doc::new();
    d.compressed = true;
    d.para("Annual report \u{80}5")
        .row(&["a", "1"], &[0, 100, 200]);
    let source = extract(&d.build(), "latin.doc").unwrap();
    assert_eq!(source.text, "Annual report €5\na\t1\n\n");
}

#[test]
fn encrypted_and_old_documents_are_refused_clearly() {
    let mut d = report();
    d.flags = 0x0100;
    let err = extract(&d.build(), "secret.doc").unwrap_err();
    assert_eq!(err.kind, ErrorKind::Encrypted);
    assert!(err.message(false).contains("已加密"));
    let mut d = report();
    d.n_fib = 0x0065;
    let err = extract(&d.build(), "word95.doc").unwrap_err();
    assert_eq!(
        err.kind,
        ErrorKind::LegacyOffice {
            format: "Word 6.0/95"
        }
    );
    assert!(err.message(false).contains("另存为 DOCX"));
}

#[test]
fn damaged_documents_are_errors_not_panics() {
    let bytes = report().build();
    // Every truncation of the file, and a byte flipped every so often.
    for cut in (0..bytes.len()).step_by(97) {
        let _ = extract(&bytes[..cut], "cut.doc");
    }
    for at in (0..bytes.len()).step_by(13) {
        let mut b = bytes.clone();
        b[at] ^= 0xA5;
        let _ = extract(&b, "flipped.doc");
    }
    let err = extract(&bytes[..bytes.len() / 2], "half.doc").unwrap_err();
    assert!(
        matches!(err.kind, ErrorKind::Damaged { format: "DOC", .. }),
        "{err:?}"
    );
}
