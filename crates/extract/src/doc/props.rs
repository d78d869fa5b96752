//! Paragraph and character properties ([MS-DOC] 2.8/2.9): the formatted disk pages (`PapxFkp`,
//! `ChpxFkp`) the bin tables point to, and the few property modifiers (`Sprm`) this reader needs
//! — whether a paragraph is in a table, ends a cell or a row, at which nesting depth, the cell
//! boundaries of a row; whether characters are deleted (tracked change) or hidden.

use super::fib::{u16_at, u32_at};

/// What a paragraph's properties say about tables.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ParaProps {
    /// `sprmPFInTable`.
    pub in_table: bool,
    /// `sprmPFTtp`: the paragraph mark ends a row of an outermost table.
    pub ttp: bool,
    /// `sprmPItap`: table nesting depth (0 outside tables).
    pub itap: u32,
    /// `sprmPFInnerTableCell`: the paragraph mark ends a cell of a nested table.
    pub inner_cell: bool,
    /// `sprmPFInnerTtp`: the paragraph mark ends a row of a nested table.
    pub inner_ttp: bool,
    /// `sprmTDefTable` of a row-ending paragraph: the cell boundaries (twips, left to right).
    pub bounds: Option<Vec<i16>>,
}

/// What a run's properties say about whether its text is shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct CharProps {
    /// `sprmCFRMarkDel`: deleted as a tracked change.
    pub deleted: bool,
    /// `sprmCFVanish`: hidden text.
    pub hidden: bool,
}

/// Properties by byte range of the `WordDocument` stream.
#[derive(Debug)]
pub(crate) struct Bins<T> {
    /// `(start, end, properties)`, sorted by start.
    ranges: Vec<(u32, u32, T)>,
}

impl<T: Default + Clone> Bins<T> {
    /// The properties of the character at byte `offset` (defaults when none are recorded).
    pub fn at(&self, offset: u32) -> T {
        let i = self.ranges.partition_point(|r| r.0 <= offset);
        match i.checked_sub(1).map(|k| &self.ranges[k]) {
            Some((_, end, props)) if offset < *end => props.clone(),
            _ => T::default(),
        }
    }
}

/// Size of a formatted disk page.
const PAGE: usize = 512;

/// Paragraph properties from the bin table `PlcBtePapx` (bytes in the table stream); `data` is
/// the `Data` stream, where properties too large for their page are kept (a row of many cells).
pub(crate) fn paragraphs(stream: &[u8], bin_table: &[u8], data: &[u8]) -> Bins<ParaProps> {
    bins(stream, bin_table, |page, crun, i| {
        // rgbx follows rgfc: 13 bytes each (bOffset, then a 12-byte PHE).
        let at = 4 * (crun + 1) + 13 * i;
        let offset = usize::from(*page.get(at)?) * 2;
        if offset == 0 {
            return Some(ParaProps::default());
        }
        let cb = usize::from(*page.get(offset)?);
        let body = if cb == 0 {
            let cb2 = usize::from(*page.get(offset + 1)?);
            page.get(offset + 2..offset + 2 + 2 * cb2)?
        } else {
            page.get(offset + 1..offset + 2 * cb)?
        };
        // GrpPrlAndIstd: the style index, then the modifiers.
        let mut props = ParaProps::default();
        apply_paragraph(&mut props, body.get(2..)?, data);
        Some(props)
    })
}

/// Character properties from the bin table `PlcBteChpx`.
pub(crate) fn characters(stream: &[u8], bin_table: &[u8]) -> Bins<CharProps> {
    bins(stream, bin_table, |page, crun, i| {
        let offset = usize::from(*page.get(4 * (crun + 1) + i)?) * 2;
        if offset == 0 {
            return Some(CharProps::default());
        }
        let cb = usize::from(*page.get(offset)?);
        let grpprl = page.get(offset + 1..offset + 1 + cb)?;
        let mut props = CharProps::default();
        for (op, operand) in sprms(grpprl) {
            let on = matches!(operand.first(), Some(1 | 0x81));
            match op {
                SPRM_C_F_RMARK_DEL => props.deleted = on,
                SPRM_C_F_VANISH => props.hidden = on,
                _ => {}
            }
        }
        Some(props)
    })
}

/// Reads every page the bin table names: `entry(page, crun, i)` decodes the properties of the
/// `i`-th of the page's `crun` runs. Pages outside the stream or malformed are skipped; a bin
/// table cannot name more pages than the stream holds.
fn bins<T>(
    stream: &[u8],
    bin_table: &[u8],
    entry: impl Fn(&[u8], usize, usize) -> Option<T>,
) -> Bins<T> {
    let n = bin_table.len().saturating_sub(4) / 8;
    let n = n.min(stream.len() / PAGE + 1);
    let mut ranges = Vec::new();
    let first_pn = 4 * (n + 1);
    for k in 0..n {
        let Some(pn) = u32_at(bin_table, first_pn + 4 * k) else {
            break;
        };
        let start = (pn & 0x003F_FFFF) as usize * PAGE;
        let Some(page) = stream.get(start..start + PAGE) else {
            continue;
        };
        let crun = usize::from(page[PAGE - 1]);
        for i in 0..crun {
            let (Some(fc0), Some(fc1)) = (u32_at(page, 4 * i), u32_at(page, 4 * i + 4)) else {
                break;
            };
            if let Some(props) = entry(page, crun, i) {
                ranges.push((fc0, fc1, props));
            }
        }
    }
    ranges.sort_by_key(|r| r.0);
    Bins { ranges }
}

const SPRM_P_F_IN_TABLE: u16 = 0x2416;
const SPRM_P_F_TTP: u16 = 0x2417;
const SPRM_P_F_INNER_TABLE_CELL: u16 = 0x244B;
const SPRM_P_F_INNER_TTP: u16 = 0x244C;
const SPRM_P_ITAP: u16 = 0x6649;
const SPRM_P_CHG_TABS: u16 = 0xC615;
const SPRM_P_HUGE_PAPX: u16 = 0x6646;
const SPRM_T_DEF_TABLE: u16 = 0xD608;
const SPRM_T_DEF_TABLE_10: u16 = 0xD606;
const SPRM_C_F_RMARK_DEL: u16 = 0x0800;
const SPRM_C_F_VANISH: u16 = 0x083C;

/// Deepest table nesting followed; deeper paragraphs count as this deep.
pub(crate) const MAX_TABLE_DEPTH: u32 = 64;

/// Applies the paragraph modifiers of `grpprl` this reader knows to `props`, following
/// `sprmPHugePapx` into the `data` stream once.
pub(crate) fn apply_paragraph(props: &mut ParaProps, grpprl: &[u8], data: &[u8]) {
    for (op, operand) in sprms(grpprl) {
        if op == SPRM_P_HUGE_PAPX {
            // PrcData: a two-byte size, then the modifiers.
            let at = u32_at(operand, 0).unwrap_or(u32::MAX) as usize;
            let huge =
                u16_at(data, at).and_then(|size| data.get(at + 2..at + 2 + usize::from(size)));
            if let Some(huge) = huge {
                apply_paragraph(props, huge, &[]);
            }
            continue;
        }
        let on = operand.first().is_some_and(|&b| b != 0);
        match op {
            SPRM_P_F_IN_TABLE => props.in_table = on,
            SPRM_P_F_TTP => props.ttp = on,
            SPRM_P_F_INNER_TABLE_CELL => props.inner_cell = on,
            SPRM_P_F_INNER_TTP => props.inner_ttp = on,
            SPRM_P_ITAP => {
                props.itap = u32_at(operand, 0).unwrap_or(0).min(MAX_TABLE_DEPTH);
            }
            SPRM_T_DEF_TABLE => props.bounds = table_bounds(operand),
            _ => {}
        }
    }
}

/// The cell boundaries of a `TDefTableOperand` (after its size): `itcMac`, then `itcMac + 1`
/// positions.
fn table_bounds(operand: &[u8]) -> Option<Vec<i16>> {
    let count = usize::from(*operand.first()?) + 1;
    (0..count)
        .map(|i| u16_at(operand, 1 + 2 * i).map(|v| v as i16))
        .collect()
}

/// The modifiers of a `grpprl` as (opcode, operand without its size prefix); stops at the
/// first one that is cut short.
pub(crate) fn sprms(grpprl: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut at = 0usize;
    std::iter::from_fn(move || {
        let op = u16_at(grpprl, at)?;
        let rest = grpprl.get(at + 2..)?;
        let (skip, len) = operand_size(op, rest)?;
        let operand = rest.get(skip..skip + len)?;
        at += 2 + skip + len;
        Some((op, operand))
    })
}

/// (size prefix, operand length) of a modifier's operand, from the `spra` bits of its opcode.
fn operand_size(op: u16, rest: &[u8]) -> Option<(usize, usize)> {
    Some(match op >> 13 {
        0 | 1 => (0, 1),
        2 | 4 | 5 => (0, 2),
        3 => (0, 4),
        7 => (0, 3),
        _ if op == SPRM_T_DEF_TABLE || op == SPRM_T_DEF_TABLE_10 => {
            // A two-byte size, one more than the bytes that follow it.
            let cb = usize::from(u16_at(rest, 0)?);
            (2, cb.saturating_sub(1))
        }
        _ if op == SPRM_P_CHG_TABS && rest.first() == Some(&255) => {
            // Tabs deleted (4 bytes each) and added (3 bytes each), each list with its count.
            let deleted = usize::from(*rest.get(1)?);
            let added = usize::from(*rest.get(2 + 4 * deleted)?);
            (1, 2 + 4 * deleted + 3 * added)
        }
        _ => (1, usize::from(*rest.first()?)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modifiers_are_walked_by_their_operand_sizes() {
        // In table, a 4-byte itap, a row definition of two cells, then TTP.
        let mut g = vec![0x16, 0x24, 1];
        g.extend([0x49, 0x66, 2, 0, 0, 0]);
        g.extend([0x08, 0xD6]);
        let def = [2u8, 0, 0, 0x10, 0x27, 0x20, 0x4E];
        g.extend(((def.len() + 1) as u16).to_le_bytes());
        g.extend(def);
        g.extend([0x17, 0x24, 1]);
        let mut p = ParaProps::default();
        apply_paragraph(&mut p, &g, &[]);
        assert_eq!(
            p,
            ParaProps {
                in_table: true,
                ttp: true,
                itap: 2,
                inner_cell: false,
                inner_ttp: false,
                bounds: Some(vec![0, 10000, 20000]),
            }
        );
    }

    #[test]
    fn cut_short_modifiers_stop_quietly() {
        assert_eq!(sprms(&[0x16]).count(), 0);
        assert_eq!(sprms(&[0x08, 0xD6, 0xFF, 0xFF, 1]).count(), 0);
        assert_eq!(sprms(&[0x15, 0xC6, 255, 9]).count(), 0);
        let mut p = ParaProps::default();
        apply_paragraph(&mut p, &[0x49, 0x66, 0xFF, 0xFF, 0xFF, 0xFF], &[]);
        assert_eq!(p.itap, MAX_TABLE_DEPTH);
        // A huge PAPX pointing outside the data stream changes nothing.
        let mut q = ParaProps::default();
        apply_paragraph(&mut q, &[0x46, 0x66, 9, 0, 0, 0], &[1, 0, 0]);
        assert_eq!(q, ParaProps::default());
    }

    #[test]
    fn huge_properties_are_read_from_the_data_stream() {
        let mut data = vec![0u8; 4];
        data.extend(6u16.to_le_bytes());
        data.extend([0x16, 0x24, 1, 0x17, 0x24, 1]);
        let mut p = ParaProps::default();
        apply_paragraph(&mut p, &[0x46, 0x66, 4, 0, 0, 0], &data);
        assert!(p.in_table && p.ttp);
    }

    #[test]
    fn bins_find_the_run_of_an_offset() {
        // One CHPX page: runs 100..200 (deleted) and 200..300 (plain).
        let mut stream = vec![0u8; 1024];
        let page = &mut stream[512..];
        page[0..4].copy_from_slice(&100u32.to_le_bytes());
        page[4..8].copy_from_slice(&200u32.to_le_bytes());
        page[8..12].copy_from_slice(&300u32.to_le_bytes());
        page[12] = 100; // the first run's Chpx at byte 200
        page[13] = 0;
        page[200..204].copy_from_slice(&[3, 0x00, 0x08, 1]);
        page[511] = 2;
        let mut bin_table = Vec::new();
        bin_table.extend(100u32.to_le_bytes());
        bin_table.extend(300u32.to_le_bytes());
        bin_table.extend(1u32.to_le_bytes());
        let bins = characters(&stream, &bin_table);
        assert!(bins.at(150).deleted);
        assert!(!bins.at(250).deleted);
        assert!(!bins.at(50).deleted && !bins.at(300).deleted);
    }
}
