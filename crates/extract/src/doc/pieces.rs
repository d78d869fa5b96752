//! The piece table (`Clx`, [MS-DOC] 2.9.38): where each stretch of character positions is
//! stored in the `WordDocument` stream, as 8-bit (Windows-1252) or UTF-16 text, and the
//! property modifiers (`Prc`) that pieces of fast-saved files carry.

use super::fib::{u16_at, u32_at};

/// A stretch of characters stored in one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Piece {
    /// First character position.
    pub cp0: u32,
    /// Character position after the last.
    pub cp1: u32,
    /// Byte offset of the first character in the `WordDocument` stream.
    pub offset: u32,
    /// One byte a character (Windows-1252) instead of UTF-16LE.
    pub compressed: bool,
    /// The property modifier (`Prm`).
    pub prm: u16,
}

/// The piece table and the property lists that complex `Prm`s point to.
#[derive(Debug, Default)]
pub(crate) struct Clx {
    /// The pieces in character order.
    pub pieces: Vec<Piece>,
    /// The `grpprl` of each `Prc`, in order.
    pub prcs: Vec<Vec<u8>>,
}

impl Clx {
    /// Reads the `Clx` (the bytes at `fcClx` in the table stream).
    pub fn read(bytes: &[u8]) -> Result<Clx, String> {
        let mut clx = Clx::default();
        let mut at = 0usize;
        loop {
            match bytes.get(at) {
                Some(1) => {
                    let size = usize::from(u16_at(bytes, at + 1).ok_or("a Prc is cut short")?);
                    let grpprl = bytes
                        .get(at + 3..at + 3 + size)
                        .ok_or("a Prc is cut short")?;
                    clx.prcs.push(grpprl.to_vec());
                    at += 3 + size;
                }
                Some(2) => break,
                _ => return Err("no piece table (Pcdt) in the Clx".to_string()),
            }
        }
        let size = u32_at(bytes, at + 1).ok_or("the piece table is cut short")? as usize;
        let plc = bytes
            .get(at + 5..at + 5 + size)
            .ok_or("the piece table is cut short")?;
        if size < 4 || !(size - 4).is_multiple_of(12) {
            return Err(format!("a piece table of {size} bytes"));
        }
        let n = (size - 4) / 12;
        let pcds = 4 * (n + 1);
        for i in 0..n {
            let cp = |k: usize| u32_at(plc, 4 * k).unwrap_or(0);
            let (cp0, cp1) = (cp(i), cp(i + 1));
            if cp1 < cp0 || clx.pieces.last().is_some_and(|p| p.cp1 > cp0) {
                return Err("the piece table is out of order".to_string());
            }
            let raw = u32_at(plc, pcds + 8 * i + 2).unwrap_or(0);
            let compressed = raw & 0x4000_0000 != 0;
            let fc = raw & 0x3FFF_FFFF;
            clx.pieces.push(Piece {
                cp0,
                cp1,
                offset: if compressed { fc / 2 } else { fc },
                compressed,
                prm: u16_at(plc, pcds + 8 * i + 6).unwrap_or(0),
            });
        }
        Ok(clx)
    }

    /// Calls `f(unit, offset, piece)` for each character of positions `0..end`, in order: the
    /// UTF-16 code unit and its byte offset in the stream. Stops at `end`, or where a piece
    /// points outside the stream (the text is then incomplete: returns `false`).
    pub fn each_char(&self, stream: &[u8], end: u32, mut f: impl FnMut(u16, u32, &Piece)) -> bool {
        for piece in &self.pieces {
            if piece.cp0 >= end {
                break;
            }
            let count = piece.cp1.min(end) - piece.cp0;
            let start = piece.offset as usize;
            if piece.compressed {
                let Some(bytes) = stream.get(start..start + count as usize) else {
                    return false;
                };
                for (i, &b) in bytes.iter().enumerate() {
                    f(cp1252(b), piece.offset + i as u32, piece);
                }
            } else {
                let Some(bytes) = stream.get(start..start + 2 * count as usize) else {
                    return false;
                };
                for (i, pair) in bytes.chunks_exact(2).enumerate() {
                    let unit = u16::from_le_bytes([pair[0], pair[1]]);
                    f(unit, piece.offset + 2 * i as u32, piece);
                }
            }
        }
        true
    }
}

/// A byte of 8-bit text as Windows-1252 (how Word stores compressed pieces; control bytes keep
/// their value).
fn cp1252(b: u8) -> u16 {
    const HIGH: [u16; 32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ];
    match b {
        0x80..=0x9F => HIGH[usize::from(b - 0x80)],
        _ => u16::from(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `Clx` with one `Prc` and the given pieces (cp0, cp1, raw fc).
    fn clx(pieces: &[(u32, u32, u32)]) -> Vec<u8> {
        let mut b = vec![1u8, 3, 0, 0x16, 0x24, 1];
        let mut plc = Vec::new();
        for p in pieces {
            plc.extend(p.0.to_le_bytes());
        }
        plc.extend(pieces.last().map_or(0u32, |p| p.1).to_le_bytes());
        for p in pieces {
            plc.extend(0u16.to_le_bytes());
            plc.extend(p.2.to_le_bytes());
            plc.extend(0u16.to_le_bytes());
        }
        b.push(2);
        b.extend((plc.len() as u32).to_le_bytes());
        b.extend(plc);
        b
    }

    #[test]
    fn unicode_and_compressed_pieces_are_read_in_order() {
        // "规章" as UTF-16 at byte 0, then "a\x80" compressed at byte 4 (fc 8 | compressed).
        let mut stream = "规章"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect::<Vec<_>>();
        stream.extend(b"a\x80");
        let table = clx(&[(0, 2, 0), (2, 4, 8 | 0x4000_0000)]);
        let c = Clx::read(&table).unwrap();
        assert_eq!(c.prcs, vec![vec![0x16, 0x24, 1]]);
        let mut units = Vec::new();
        let mut offsets = Vec::new();
        assert!(c.each_char(&stream, 4, |u, o, _| {
            units.push(u);
            offsets.push(o);
        }));
        assert_eq!(String::from_utf16(&units).unwrap(), "规章a€");
        assert_eq!(offsets, vec![0, 2, 4, 5]);
    }

    #[test]
    fn broken_tables_are_errors_and_short_streams_stop() {
        assert!(Clx::read(&[]).is_err());
        assert!(Clx::read(&[1, 200, 0]).is_err());
        assert!(Clx::read(&clx(&[(5, 9, 0), (2, 3, 0)])).is_err());
        let c = Clx::read(&clx(&[(0, 100, 0)])).unwrap();
        assert!(!c.each_char(&[0u8; 10], 100, |_, _, _| {}));
    }
}
