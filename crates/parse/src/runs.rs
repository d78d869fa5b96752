//! Splitting cells that run together with no delimiter (`640020470` = 64,0,0,2,0,4,70), as
//! crawled web pages print them. A split must give each cell a well-formed number (no leading
//! zeros, at most one decimal point in an amount column); the caller filters the candidates by
//! the identities. When more than one split survives, the cells stay unresolved: never guess.

use std::ops::Range;

use gongkai_model::labels::ColumnKind;
use gongkai_model::{Decimal, Unit, Value};

/// One way to split a run: each cell's value and byte range within the run.
pub type Split = Vec<(Value, Range<usize>)>;

/// More candidate splits than this and the run is left unresolved without looking further.
pub const MAX_CANDIDATES: usize = 20_000;

/// The most digits one cell may hold.
const MAX_DIGITS: usize = 15;

/// All well-formed splits of `run` into `kinds.len()` cells. Spaces in the run are hard cell
/// boundaries; a trailing `元`/`万元` is the unit of the last cell. `None` when the run has
/// more than [`MAX_CANDIDATES`] splits.
pub fn splits(run: &str, kinds: &[ColumnKind]) -> Option<Vec<Split>> {
    let (body, unit) = match run.trim_end() {
        r if r.ends_with("万元") => (&r[..r.len() - "万元".len()], Some(Unit::WanYuan)),
        r if r.ends_with('元') => (&r[..r.len() - '元'.len_utf8()], Some(Unit::Yuan)),
        r => (r, None),
    };
    let bytes = body.as_bytes();
    let digits = bytes.iter().filter(|b| b.is_ascii_digit()).count();
    if digits < kinds.len() || digits > kinds.len() * MAX_DIGITS {
        return Some(Vec::new());
    }
    if !bytes
        .iter()
        .all(|b| b.is_ascii_digit() || matches!(b, b' ' | b'.' | b'-' | b'+'))
    {
        return None;
    }
    let mut out = Vec::new();
    let mut current = Vec::new();
    // How many digits are at or after each byte: the walk asks at every candidate cell end.
    let mut digits_after = vec![0; bytes.len() + 1];
    for i in (0..bytes.len()).rev() {
        digits_after[i] = digits_after[i + 1] + usize::from(bytes[i].is_ascii_digit());
    }
    let mut walk = Walk {
        b: bytes,
        kinds,
        unit,
        digits_after,
        dead: vec![false; (bytes.len() + 1) * kinds.len()],
    };
    let ok = walk.walk(skip_spaces(bytes, 0), &mut current, &mut out);
    ok.then_some(out)
}

fn skip_spaces(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i] == b' ' {
        i += 1;
    }
    i
}

/// The state of one enumeration of splits.
struct Walk<'a> {
    b: &'a [u8],
    kinds: &'a [ColumnKind],
    unit: Option<Unit>,
    /// How many digits are at or after each byte.
    digits_after: Vec<usize>,
    /// `(at, k)` (as `at * kinds + k`) known to lead to no complete split: a dead end is
    /// walked once, not once per way of reaching it.
    dead: Vec<bool>,
}

impl Walk<'_> {
    /// Extends `current` (the first `current.len()` cells) from byte `at` in every way that
    /// fits; `false` once there are more than [`MAX_CANDIDATES`] splits.
    fn walk(&mut self, at: usize, current: &mut Split, out: &mut Vec<Split>) -> bool {
        let (b, kinds) = (self.b, self.kinds);
        let k = current.len();
        if k == kinds.len() {
            if at == b.len() {
                out.push(current.clone());
            }
            return out.len() <= MAX_CANDIDATES;
        }
        if at >= b.len() {
            return true;
        }
        // Whether the rest of the run can be completed depends only on where we are and how
        // many cells are placed: a state that once led nowhere is not searched again.
        let dead_at = at * kinds.len() + k;
        if self.dead[dead_at] {
            return true;
        }
        let found_before = out.len();
        let kind = kinds[k];
        let last = k + 1 == kinds.len();
        let mut i = at;
        if matches!(b[i], b'-' | b'+') {
            if kind != ColumnKind::Change {
                return true;
            }
            i += 1;
        }
        let digits_start = i;
        // The cell's integer part: at least one digit, no leading zero unless it is "0".
        let mut end = digits_start;
        while end < b.len() && b[end].is_ascii_digit() && end - digits_start < MAX_DIGITS {
            end += 1;
            let int = &b[digits_start..end];
            if int.len() > 1 && int[0] == b'0' {
                break;
            }
            // The cell ends after the integer digits, or (amounts) after each fraction digit.
            let fraction_end = if kind == ColumnKind::Amount && b.get(end) == Some(&b'.') {
                end + 1
                    + b[end + 1..]
                        .iter()
                        .take_while(|c| c.is_ascii_digit())
                        .count()
            } else {
                end
            };
            let ends =
                std::iter::once(end).chain((end + 2..=fraction_end).filter(|_| fraction_end > end));
            for cell_end in ends {
                // Every cell still to come needs at least one digit and holds at most MAX_DIGITS.
                let digits_left = self.digits_after[cell_end];
                let cells_left = kinds.len() - k - 1;
                if digits_left < cells_left || digits_left > cells_left * MAX_DIGITS {
                    continue;
                }
                let boundary = cell_end == b.len()
                    || b[cell_end] == b' '
                    || b[cell_end] == b'-'
                    || b[cell_end] == b'+';
                let next_digit = cell_end < b.len() && b[cell_end].is_ascii_digit();
                if !(boundary || next_digit) {
                    continue;
                }
                let text = std::str::from_utf8(&b[at..cell_end]).unwrap_or("");
                let Some(number) = Decimal::parse(text) else {
                    continue;
                };
                let value = match kind {
                    ColumnKind::Amount => Value::Amount {
                        number,
                        unit: if last { self.unit } else { None },
                    },
                    _ => match number.to_integer() {
                        Some(n) => Value::Count(n),
                        None => continue,
                    },
                };
                current.push((value, at..cell_end));
                let ok = self.walk(skip_spaces(b, cell_end), current, out);
                current.pop();
                if !ok {
                    return false;
                }
            }
            if int == b"0" {
                break;
            }
        }
        if out.len() == found_before {
            self.dead[dead_at] = true;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ColumnKind::*;

    fn texts(run: &str, kinds: &[ColumnKind]) -> Vec<String> {
        splits(run, kinds)
            .unwrap()
            .iter()
            .map(|s| {
                s.iter()
                    .map(|(v, _)| v.canonical())
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .collect()
    }

    #[test]
    fn forced_splits() {
        assert_eq!(texts("000", &[Count, Count, Count]), vec!["0,0,0"]);
        assert_eq!(texts("7000007", &[Count; 7]), vec!["7,0,0,0,0,0,7"]);
        assert_eq!(texts("0 0 00 00 0", &[Count; 7]), vec!["0,0,0,0,0,0,0"]);
    }

    #[test]
    fn spaces_are_boundaries() {
        let all = texts("230 000023", &[Count; 7]);
        assert!(all.contains(&"23,0,0,0,0,0,23".to_string()));
        assert!(!all.contains(&"2,3,0,0,0,0,23".to_string()));
    }

    #[test]
    fn ambiguous_runs_have_several_splits() {
        assert!(texts("3960181", &[Count, Change, Count]).len() > 1);
        let amount = texts("13575394432.52元", &[Count, Amount]);
        assert!(amount.contains(&"135,75394432.52".to_string()));
        assert!(amount.len() > 1);
    }

    #[test]
    fn long_runs_end_quickly() {
        // Found by fuzzing: 400 digits into 15 cells used to search for ever.
        let run = "1".repeat(400);
        assert_eq!(splits(&run, &[Count; 15]), Some(Vec::new()));
        // Too many splits to enumerate: refused (the caller leaves the cells unresolved).
        assert_eq!(splits(&"1".repeat(120), &[Count; 15]), None);
        // Also found by fuzzing: trailing zeros force more cells than there are; every split of
        // the ones dead-ends, and without remembering dead ends the search never stopped.
        let run = format!("{}{}", "1".repeat(30), "0".repeat(30));
        assert_eq!(splits(&run, &[Count; 15]), Some(Vec::new()));
    }

    #[test]
    fn signs_start_cells() {
        assert_eq!(texts("2648-18538", &[Count, Change]), vec!["2648,-18538"]);
    }
}
