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

/// The splits of a run of digits into `groups` groups of `size` counts in which the last count of
/// every group is the sum of the others — what a row of table 三 (one group of seven) and table 四
/// (three groups of five) must satisfy. Each group's total is chosen first, so that its parts are
/// bounded by it: runs far too long for [`splits`] to enumerate are split at once (a run that
/// holds spaces or signs goes through [`splits`] and a filter). `None` when there are more than
/// [`MAX_CANDIDATES`] such splits.
pub fn summing_splits(run: &str, size: usize, groups: usize) -> Option<Vec<Split>> {
    let b = run.as_bytes();
    if size < 2 || !b.iter().all(u8::is_ascii_digit) {
        let sums = |s: &Split| {
            let v: Vec<i64> = s.iter().filter_map(|(v, _)| v.count()).collect();
            v.len() == size * groups
                && v.chunks(size)
                    .all(|g| g[..size - 1].iter().sum::<i64>() == g[size - 1])
        };
        let all = splits(run, &vec![ColumnKind::Count; size * groups])?;
        return Some(all.into_iter().filter(sums).collect());
    }
    let mut out = Vec::new();
    let mut current = Vec::with_capacity(size * groups);
    summing_groups(b, 0, size, groups, &mut current, &mut out).then_some(out)
}

/// The count a well-formed cell `b[from..to]` holds (no leading zero, at most [`MAX_DIGITS`]).
fn count_at(b: &[u8], from: usize, to: usize) -> Option<i64> {
    let d = &b[from..to];
    if d.is_empty() || d.len() > MAX_DIGITS || (d.len() > 1 && d[0] == b'0') {
        return None;
    }
    std::str::from_utf8(d).ok()?.parse().ok()
}

/// Extends `current` with `groups` more groups from byte `at`; `false` once there are too many.
fn summing_groups(
    b: &[u8],
    at: usize,
    size: usize,
    groups: usize,
    current: &mut Split,
    out: &mut Vec<Split>,
) -> bool {
    if groups == 0 {
        if at == b.len() {
            out.push(current.clone());
        }
        return out.len() <= MAX_CANDIDATES;
    }
    let rest = b.len() - at;
    // Every group needs `size` digits at least; this one ends at `end`, its total starts at `t`.
    if rest < size * groups {
        return true;
    }
    let last_end = b.len() - size * (groups - 1);
    let first_end = if groups == 1 { b.len() } else { at + size };
    for end in first_end..=last_end {
        for t in (at + size - 1).max(end.saturating_sub(MAX_DIGITS))..end {
            let Some(total) = count_at(b, t, end) else {
                continue;
            };
            let kept = current.len();
            let ok = summing_parts(
                b,
                at,
                t,
                size - 1,
                total,
                end - t,
                current,
                &mut |current| {
                    current.push((Value::Count(total), t..end));
                    let ok = summing_groups(b, end, size, groups - 1, current, out);
                    current.pop();
                    ok
                },
            );
            current.truncate(kept);
            if !ok {
                return false;
            }
        }
    }
    true
}

/// Splits `b[from..to]` into `k` counts of at most `cap` digits summing to `sum`, calling `then`
/// with each completed `current`; `false` when `then` says stop.
#[allow(clippy::too_many_arguments)] // one recursive walk; a struct would only rename them
fn summing_parts(
    b: &[u8],
    from: usize,
    to: usize,
    k: usize,
    sum: i64,
    cap: usize,
    current: &mut Split,
    then: &mut dyn FnMut(&mut Split) -> bool,
) -> bool {
    let len = to - from;
    if k == 0 {
        return len != 0 || sum != 0 || then(current);
    }
    if len < k || len > k * cap {
        return true;
    }
    for end in from + 1..=(to - (k - 1)).min(from + cap) {
        let Some(v) = count_at(b, from, end) else {
            // A leading zero: only "0" itself is a cell, and longer ones are not either.
            if b[from] == b'0' {
                break;
            }
            continue;
        };
        if v > sum {
            break;
        }
        current.push((Value::Count(v), from..end));
        let ok = summing_parts(b, end, to, k - 1, sum - v, cap, current, then);
        current.pop();
        if !ok {
            return false;
        }
    }
    true
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

    /// Each split as its values joined by commas.
    fn shown(splits: &[Split]) -> Vec<String> {
        splits
            .iter()
            .map(|s| {
                s.iter()
                    .map(|(v, _)| v.canonical())
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .collect()
    }

    fn texts(run: &str, kinds: &[ColumnKind]) -> Vec<String> {
        shown(&splits(run, kinds).unwrap())
    }

    fn summing(run: &str, size: usize, groups: usize) -> Vec<String> {
        shown(&summing_splits(run, size, groups).unwrap())
    }

    #[test]
    fn summing_splits_of_runs_too_long_to_enumerate() {
        // 9020 7572 5709 7686 6125 7802 | 43914: C(28, 6) ways to cut, one that sums.
        let run = "90207572570976866125780243914";
        assert_eq!(splits(run, &[Count; 7]), None);
        assert_eq!(
            summing(run, 7, 1),
            vec!["9020,7572,5709,7686,6125,7802,43914"]
        );
        // Groups of three parts and their total: each group's total bounds its parts.
        assert_eq!(
            summing("123601120000", 4, 3),
            vec!["1,2,3,6,0,1,1,2,0,0,0,0"]
        );
        // Two ways that both sum are both given: the caller leaves the run unresolved.
        assert_eq!(summing("1911232", 4, 1), vec!["19,1,12,32", "19,11,2,32"]);
        assert!(summing("1123", 4, 1).is_empty());
        // Spaces are cell boundaries, through `splits`.
        assert_eq!(summing("5 5 10", 3, 1), vec!["5,5,10"]);
    }

    proptest::proptest! {
        /// Choosing the totals first finds exactly the splits that enumerating every split and
        /// keeping the summing ones finds.
        #[test]
        fn summing_splits_are_the_summing_ones_of_all_splits(
            run in "[0-9]{3,13}",
            size in 3usize..=4,
            groups in 1usize..=2,
        ) {
            let kinds = vec![Count; size * groups];
            let all = splits(&run, &kinds).unwrap();
            let sums = |s: &&Split| {
                let v: Vec<i64> = s.iter().filter_map(|(v, _)| v.count()).collect();
                v.chunks(size).all(|g| g[..size - 1].iter().sum::<i64>() == g[size - 1])
            };
            let expected: Vec<&Split> = all.iter().filter(sums).collect();
            let got = summing_splits(&run, size, groups).unwrap();
            let mut got: Vec<&Split> = got.iter().collect();
            let mut expected = expected;
            got.sort_by_key(|s| s.iter().map(|(_, r)| r.end).collect::<Vec<_>>());
            expected.sort_by_key(|s| s.iter().map(|(_, r)| r.end).collect::<Vec<_>>());
            proptest::prop_assert_eq!(got, expected);
        }
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
