//! The File Information Block at the start of the `WordDocument` stream ([MS-DOC] 2.5): the
//! flags that say whether the file is encrypted and which table stream it uses, the length of
//! the main text, and where the structures this reader needs lie in the table stream.

/// What the reader needs from the FIB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Fib {
    /// `nFib`: the version that wrote the file (0x00C1 for Word 97 and every later writer).
    pub n_fib: u16,
    /// Encrypted or XOR-obfuscated (`fEncrypted`).
    pub encrypted: bool,
    /// The table stream is `1Table` (else `0Table`).
    pub table_1: bool,
    /// Characters of the main document (`ccpText`).
    pub ccp_text: u32,
    /// The piece table and its property modifiers (`fcClx`, `lcbClx`) in the table stream.
    pub clx: (u32, u32),
    /// The bin table of paragraph properties (`fcPlcfBtePapx`, `lcbPlcfBtePapx`).
    pub bte_papx: (u32, u32),
    /// The bin table of character properties (`fcPlcfBteChpx`, `lcbPlcfBteChpx`).
    pub bte_chpx: (u32, u32),
}

/// Why the FIB is not one this reader reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FibError {
    /// Not a Word document: the magic number is wrong or the block is cut short.
    Damaged(String),
    /// Word 6 or Word 95 (`nFib` below Word 97's): another layout, not read.
    TooOld(u16),
}

/// `wIdent` of every Word binary document.
const MAGIC: u16 = 0xA5EC;
/// The lowest `nFib` of the Word 97 layout (0x00C1; some writers put 0x00C0 or 0x00C2).
const WORD_97: u16 = 0x00C0;

/// Index of `ccpText` in `FibRgLw97`.
const CCP_TEXT: usize = 3;
/// Indices of (fc, lcb) pairs in `FibRgFcLcb97`.
const PLCF_BTE_CHPX: usize = 12;
const PLCF_BTE_PAPX: usize = 13;
const CLX: usize = 33;

/// Reads the FIB from the start of the `WordDocument` stream.
pub(crate) fn read(stream: &[u8]) -> Result<Fib, FibError> {
    let short = || FibError::Damaged("the File Information Block is cut short".to_string());
    if u16_at(stream, 0).ok_or_else(short)? != MAGIC {
        return Err(FibError::Damaged(
            "no Word File Information Block (wIdent)".to_string(),
        ));
    }
    let n_fib = u16_at(stream, 2).ok_or_else(short)?;
    if n_fib < WORD_97 {
        return Err(FibError::TooOld(n_fib));
    }
    let flags = u16_at(stream, 0x0A).ok_or_else(short)?;
    // FibBase is 32 bytes; then csw, FibRgW (csw words), cslw, FibRgLw (cslw longs),
    // cbRgFcLcb, FibRgFcLcbBlob (cbRgFcLcb pairs of longs).
    let csw = usize::from(u16_at(stream, 32).ok_or_else(short)?);
    let lw_count_at = 34 + csw * 2;
    let cslw = usize::from(u16_at(stream, lw_count_at).ok_or_else(short)?);
    let lw_at = lw_count_at + 2;
    let fc_count_at = lw_at + cslw * 4;
    let fc_count = usize::from(u16_at(stream, fc_count_at).ok_or_else(short)?);
    let fc_at = fc_count_at + 2;
    if cslw <= CCP_TEXT || fc_count <= CLX {
        return Err(short());
    }
    let pair = |i: usize| -> Result<(u32, u32), FibError> {
        let at = fc_at + i * 8;
        Ok((
            u32_at(stream, at).ok_or_else(short)?,
            u32_at(stream, at + 4).ok_or_else(short)?,
        ))
    };
    Ok(Fib {
        n_fib,
        encrypted: flags & 0x0100 != 0,
        table_1: flags & 0x0200 != 0,
        ccp_text: u32_at(stream, lw_at + CCP_TEXT * 4).ok_or_else(short)?,
        clx: pair(CLX)?,
        bte_papx: pair(PLCF_BTE_PAPX)?,
        bte_chpx: pair(PLCF_BTE_CHPX)?,
    })
}

/// A little-endian `u16` at `at`, if the bytes are there.
pub(crate) fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    let b = bytes.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([b[0], b[1]]))
}

/// A little-endian `u32` at `at`, if the bytes are there.
pub(crate) fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// The part `fc..fc + lcb` of a stream, if it is inside it.
pub(crate) fn slice(bytes: &[u8], (fc, lcb): (u32, u32)) -> Option<&[u8]> {
    let start = fc as usize;
    bytes.get(start..start.checked_add(lcb as usize)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A Word 97 FIB with the standard counts (csw 14, cslw 22, cbRgFcLcb 93).
    pub(crate) fn fib_bytes(flags: u16, ccp_text: u32, clx: (u32, u32)) -> Vec<u8> {
        let mut b = vec![0u8; 32];
        b[0..2].copy_from_slice(&MAGIC.to_le_bytes());
        b[2..4].copy_from_slice(&0x00C1u16.to_le_bytes());
        b[0x0A..0x0C].copy_from_slice(&flags.to_le_bytes());
        b.extend(14u16.to_le_bytes());
        b.extend([0u8; 28]);
        b.extend(22u16.to_le_bytes());
        let mut lw = [0u8; 88];
        lw[12..16].copy_from_slice(&ccp_text.to_le_bytes());
        b.extend(lw);
        b.extend(93u16.to_le_bytes());
        let mut fc = vec![0u8; 93 * 8];
        fc[CLX * 8..CLX * 8 + 4].copy_from_slice(&clx.0.to_le_bytes());
        fc[CLX * 8 + 4..CLX * 8 + 8].copy_from_slice(&clx.1.to_le_bytes());
        b.extend(fc);
        b
    }

    #[test]
    fn the_standard_layout_is_read() {
        let fib = read(&fib_bytes(0x0200, 42, (100, 21))).unwrap();
        assert_eq!(fib.ccp_text, 42);
        assert_eq!(fib.clx, (100, 21));
        assert!(fib.table_1 && !fib.encrypted);
        assert_eq!(fib.clx, (100, 21));
        // fcClx sits at 0x1A2 in a Word 97 FIB.
        assert_eq!(u32_at(&fib_bytes(0, 0, (7, 0)), 0x1A2), Some(7));
    }

    #[test]
    fn encryption_old_versions_and_short_blocks_are_told() {
        assert!(read(&fib_bytes(0x0100, 0, (0, 0))).unwrap().encrypted);
        let mut old = fib_bytes(0, 0, (0, 0));
        old[2..4].copy_from_slice(&0x0065u16.to_le_bytes());
        assert_eq!(read(&old), Err(FibError::TooOld(0x65)));
        assert!(matches!(
            read(&fib_bytes(0, 0, (0, 0))[..100]),
            Err(FibError::Damaged(_))
        ));
        assert!(matches!(read(b"\0\0"), Err(FibError::Damaged(_))));
    }
}
