//! A second reading of where table 三's value rows go, for labels wrapped a few characters a
//! line: each value row's label is rejoined from the label-only lines around it and compared
//! with every template label as a whole, so that a fragment (`其他` of `2.其他法律…`, `危及` of
//! `3.危及…`) never names a row by itself.
//!
//! Two layouts put a wrapped label in different places: `pdftotext -raw` prints it before the
//! numbers, `pdftotext -layout` centres it on them. Both are tried; the one whose rejoined
//! labels fit the template better is kept. Characters of a merged group label printed in a
//! column of their own interleave with the row's label; the comparison skips them at a small
//! cost.

use std::sync::OnceLock;

use gongkai_model::labels::{REQUEST_ROWS, RequestRow, Template, push_normalized, request_rows};

use super::Lines;
use super::settle::variant_of;

/// A rejoined label must fit a template label at least this well to place its row.
const MIN_FIT: f32 = 0.6;

/// A placement is sure when its fit is at least this …
const SURE_FIT: f32 = 0.65;

/// … and better than that of any other template row by this much.
const SURE_MARGIN: f32 = 0.15;

/// One variant's matching: its total fit, the variant, its rows, the fits of each value row
/// with them, and the matched pairs.
type Candidate = (
    f32,
    Template,
    Vec<RequestRow>,
    Vec<Vec<f32>>,
    Vec<(usize, usize)>,
);

/// The fit of each value row's rejoined label (`value_rows`, those with `wanted` true; the
/// others get none) with every template label (by [`RequestRow`] index), in the segmentation
/// that fits the template better.
fn fits(text: &str, lines: &Lines, value_rows: &[usize], wanted: &[bool]) -> Vec<Vec<f32>> {
    let targets = targets();
    // Each row's key characters, once: the two segmentations share them.
    let mut buf = String::new();
    let keys: Vec<Vec<char>> = lines
        .rows
        .iter()
        .map(|r| {
            r.label_into(text, &mut buf);
            key_chars(&buf)
        })
        .collect();
    let mut scratch = Vec::new();
    let mut lcs = [0usize; TARGETS];
    let mut fits = |centred: bool| -> Vec<Vec<f32>> {
        rejoined(lines, &keys, value_rows, centred)
            .iter()
            .zip(wanted)
            .map(|(label, &w)| {
                if !w {
                    return Vec::new();
                }
                // The longest common subsequence with each target bounds the fit (skips only
                // cost): when that bound is too low to place a row, it stands for the fit.
                common_lengths(label, &mut lcs);
                targets
                    .iter()
                    .zip(&lcs)
                    .map(|(t, &common)| {
                        let bound = common as f32 / t.len().max(SHORT) as f32;
                        if bound < MIN_FIT {
                            bound
                        } else {
                            fit(label, t, &mut scratch)
                        }
                    })
                    .collect()
            })
            .collect()
    };
    let best_sum = |f: &[Vec<f32>]| -> f32 {
        f.iter()
            .map(|row| row.iter().copied().fold(0.0, f32::max))
            .sum()
    };
    let (before, centred) = (fits(false), fits(true));
    if best_sum(&centred) > best_sum(&before) {
        centred
    } else {
        before
    }
}

/// The fits of the rejoined labels of a table's value rows with every template label, read for
/// the rows asked about (all of them, or a few: most tables need none).
pub(super) struct Reading {
    /// The value rows (row indices), in order.
    value_rows: Vec<usize>,
    /// Per value row, its fit with every template label (by [`RequestRow`] index); empty for a
    /// row not read.
    fits: Vec<Vec<f32>>,
    /// True when every value row was read.
    all: bool,
}

impl Reading {
    /// Reads the value rows (`value_rows`) for which `wanted` is true.
    pub(super) fn new(text: &str, lines: &Lines, value_rows: &[usize], wanted: &[bool]) -> Self {
        Reading {
            value_rows: value_rows.to_vec(),
            fits: fits(text, lines, value_rows, wanted),
            all: wanted.iter().all(|&w| w),
        }
    }

    /// Reads every value row.
    pub(super) fn all(text: &str, lines: &Lines, value_rows: &[usize]) -> Self {
        Reading::new(text, lines, value_rows, &vec![true; value_rows.len()])
    }

    /// True when every value row was read.
    pub(super) fn is_whole(&self) -> bool {
        self.all
    }

    /// For each placed row (`assigned`, as `align` returns it): true when it was read and its
    /// rejoined label surely names another template row (see [`SURE_FIT`]).
    pub(super) fn elsewhere(&self, assigned: &[(RequestRow, usize)]) -> Vec<bool> {
        assigned
            .iter()
            .map(|&(t, i)| {
                let Some(f) = self
                    .value_rows
                    .iter()
                    .position(|&v| v == i)
                    .map(|vi| &self.fits[vi])
                    .filter(|f| !f.is_empty())
                else {
                    return false;
                };
                let (best, top) = f
                    .iter()
                    .enumerate()
                    .fold((0, f32::MIN), |b, (k, &g)| if g > b.1 { (k, g) } else { b });
                let rival = f
                    .iter()
                    .enumerate()
                    .filter(|&(k, _)| k != best)
                    .map(|(_, &g)| g)
                    .fold(0.0, f32::max);
                best != t as usize && top >= SURE_FIT && top - rival >= SURE_MARGIN
            })
            .collect()
    }
}

/// Where the value rows go by their rejoined labels: the variant of the template they fit
/// best, (template row, row index) in order as `align` returns them, and for each whether the
/// fit is sure (see [`SURE_FIT`]).
/// `reading` must have read every value row ([`Reading::all`]).
pub(super) fn place(
    lines: &Lines,
    reading: &Reading,
) -> (Template, Vec<(RequestRow, usize)>, Vec<bool>) {
    let fits = &reading.fits;
    let value_rows = &reading.value_rows;
    // The variant the labels on the rows' own lines name first; the other only when its rows
    // fit better.
    let named = variant_of(&lines.template);
    let other = match named {
        Template::Y2019 => Template::Y2021,
        _ => Template::Y2019,
    };
    let mut best: Option<Candidate> = None;
    for variant in [named, other] {
        let rows: Vec<RequestRow> = request_rows(variant).map(|s| s.row).collect();
        let sub: Vec<Vec<f32>> = fits
            .iter()
            .map(|f| rows.iter().map(|&r| f[r as usize]).collect())
            .collect();
        let pairs = order(&sub);
        let total: f32 = pairs.iter().map(|&(vi, ti)| sub[vi][ti]).sum();
        if best.as_ref().is_none_or(|b| total > b.0) {
            best = Some((total, variant, rows, sub, pairs));
        }
    }
    let Some((_, variant, rows, fits, pairs)) = best else {
        return (named, Vec::new(), Vec::new());
    };
    let sure = pairs
        .iter()
        .map(|&(vi, ti)| {
            let f = fits[vi][ti];
            let rival = fits[vi]
                .iter()
                .enumerate()
                .filter(|&(t, _)| t != ti)
                .map(|(_, &g)| g)
                .fold(0.0, f32::max);
            f >= SURE_FIT && f - rival >= SURE_MARGIN
        })
        .collect();
    let placed = pairs
        .iter()
        .map(|&(vi, ti)| (rows[ti], value_rows[vi]))
        .collect();
    (variant, placed, sure)
}

/// The label of each value row rejoined from the rows' key characters (`keys`): its own label
/// cells with the label-only lines around it — all those since the previous value row
/// (`centred` false: `pdftotext -raw`), or those nearer to it than to its neighbours
/// (`centred`: `pdftotext -layout`).
fn rejoined(
    lines: &Lines,
    keys: &[Vec<char>],
    value_rows: &[usize],
    centred: bool,
) -> Vec<Vec<char>> {
    let rows = &lines.rows;
    let is_label_only = |j: usize| rows[j].filled_values() == 0 && rows[j].label_range().is_some();
    value_rows
        .iter()
        .enumerate()
        .map(|(vi, &i)| {
            let prev = vi.checked_sub(1).map(|k| value_rows[k]);
            let next = value_rows.get(vi + 1).copied();
            let lo = prev.map_or(0, |p| p + 1);
            let mut out = Vec::new();
            for j in (lo..i).filter(|&j| is_label_only(j)) {
                // Centred: only the lines in the nearer half of the gap above are this row's
                // (the middle line of an odd gap is both rows').
                if !centred || prev.is_none_or(|p| i - j <= j - p) {
                    out.extend_from_slice(&keys[j]);
                }
            }
            // Text far above the numbers (a heading, a page's column headers) is no part of
            // their label.
            if out.len() > REACH {
                out.drain(..out.len() - REACH);
            }
            out.extend_from_slice(&keys[i]);
            if centred {
                let hi = next.unwrap_or(rows.len());
                let mut after = 0;
                for j in (i + 1..hi).filter(|&j| is_label_only(j)) {
                    if next.is_none_or(|q| j - i <= q - j) && after < REACH {
                        out.extend_from_slice(&keys[j]);
                        after += keys[j].len();
                    }
                }
            }
            out
        })
        .collect()
}

/// How many key characters of label text before (and after) a row's numbers can be its label:
/// the longest template label with a group label interleaved, and some room.
const REACH: usize = 64;

/// The key characters of every template label of table 三 (by [`RequestRow`] index), built
/// once.
fn targets() -> &'static [Vec<char>] {
    static TARGETS: OnceLock<Vec<Vec<char>>> = OnceLock::new();
    TARGETS.get_or_init(|| REQUEST_ROWS.iter().map(|s| key_chars(s.label)).collect())
}

/// The number of template labels of table 三.
const TARGETS: usize = REQUEST_ROWS.len();

/// For each character of any template label, the positions where each label (by
/// [`RequestRow`] index) has it, as bits: the match masks of the bit-parallel LCS.
fn masks() -> &'static [(char, [u64; TARGETS])] {
    static MASKS: OnceLock<Vec<(char, [u64; TARGETS])>> = OnceLock::new();
    MASKS.get_or_init(|| {
        let mut out: Vec<(char, [u64; TARGETS])> = Vec::new();
        for (k, t) in targets().iter().enumerate() {
            for (j, &c) in t.iter().enumerate().take(64) {
                let at = match out.binary_search_by_key(&c, |e| e.0) {
                    Ok(at) => at,
                    Err(at) => {
                        out.insert(at, (c, [0; TARGETS]));
                        at
                    }
                };
                out[at].1[k] |= 1 << j;
            }
        }
        out
    })
}

/// The length of the longest common subsequence of `label` with every template label (by
/// [`RequestRow`] index) into `out`, all at once (Hyyrö's bit-parallel algorithm; labels are
/// shorter than 64 key characters).
fn common_lengths(label: &[char], out: &mut [usize; TARGETS]) {
    let masks = masks();
    let targets = targets();
    let mut v = [u64::MAX; TARGETS];
    for c in label {
        let Ok(at) = masks.binary_search_by_key(c, |e| e.0) else {
            continue; // in no label: changes nothing
        };
        let m = &masks[at].1;
        for k in 0..TARGETS {
            let u = v[k] & m[k];
            v[k] = v[k].wrapping_add(u) | (v[k] - u);
        }
    }
    for k in 0..TARGETS {
        let n = targets[k].len().min(64);
        let used = if n == 64 { u64::MAX } else { (1u64 << n) - 1 };
        out[k] = (!v[k] & used).count_ones() as usize;
    }
}

/// The characters of a label that tell rows apart: ideographs and digits, normalised (the
/// punctuation and brackets wrap and vary).
fn key_chars(label: &str) -> Vec<char> {
    let mut norm = String::with_capacity(label.len());
    push_normalized(&mut norm, label);
    norm.chars()
        .filter(|c| c.is_ascii_digit() || ('\u{4E00}'..='\u{9FFF}').contains(c))
        .collect()
}

/// The cost of a character of the rejoined label skipped inside the match (a character of a
/// group label printed beside the row's own).
const SKIP_COST: f32 = 0.3;

/// How well `target` (a template label) is found in `label` (a rejoined label), 0 to 1: the
/// characters of `target` matched in order, less [`SKIP_COST`] for each character of `label`
/// skipped between matched ones, over the length of `target` (at least [`SHORT`]). Characters of `label` before
/// and after the match are free.
fn fit(label: &[char], target: &[char], scratch: &mut Vec<f32>) -> f32 {
    let n = target.len();
    if n == 0 || label.is_empty() {
        return 0.0;
    }
    // A short label (`3.其他`) is found in many longer ones: it cannot fit fully.
    let scale = n.max(SHORT) as f32;
    // prev[j]: the best score of target[..j] aligned within the label read so far, the
    // characters before the match free (prev[0] = 0 at every position); `cur` the next row.
    scratch.clear();
    scratch.resize(2 * (n + 1), 0.0);
    let (mut prev, mut cur) = scratch.split_at_mut(n + 1);
    let mut best = 0.0f32;
    for &c in label {
        cur[0] = 0.0;
        for j in 1..=n {
            let mut s = cur[j - 1].max(prev[j] - SKIP_COST);
            if c == target[j - 1] {
                s = s.max(prev[j - 1] + 1.0);
            }
            cur[j] = s;
        }
        best = best.max(cur[n]);
        std::mem::swap(&mut prev, &mut cur);
    }
    best / scale
}

/// Labels shorter than this many key characters fit at most their length over it.
const SHORT: usize = 4;

/// The order-preserving matching of value rows (`fits` rows) with template rows (`fits`
/// columns) of the greatest total fit, using only pairs that fit at least [`MIN_FIT`]: pairs of
/// (value row, template row) indices, in order.
fn order(fits: &[Vec<f32>]) -> Vec<(usize, usize)> {
    let m = fits.first().map_or(0, Vec::len);
    super::align::ordered_matching(fits.len(), m, |i, j| {
        let f = fits[i][j];
        (f >= MIN_FIT).then_some(f)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        key_chars(s)
    }

    #[test]
    fn a_whole_label_fits_its_row() {
        let t = chars("1.属于国家秘密");
        assert_eq!(t, "1属于国家秘密".chars().collect::<Vec<_>>());
        assert!((fit(&t, &t, &mut Vec::new()) - 1.0).abs() < 1e-6);
        // Text before and after the label costs nothing.
        assert!(
            (fit(
                &chars("申请人情况1.属于国家秘密自然人"),
                &t,
                &mut Vec::new()
            ) - 1.0)
                .abs()
                < 1e-6
        );
    }

    #[test]
    fn a_fragment_does_not_fit_a_longer_label() {
        // `其他` of `2.其他法律行政法规禁止公开` is not 3.其他, and the whole label is its own.
        let label = chars("2.其他法律行政法规禁止公开");
        let other = chars("3.其他");
        let own = chars("2.其他法律行政法规禁止公开");
        assert!(fit(&label, &other, &mut Vec::new()) < fit(&label, &own, &mut Vec::new()));
        assert!(fit(&chars("其他"), &own, &mut Vec::new()) < MIN_FIT);
    }

    #[test]
    fn group_characters_interleaved_cost_a_little() {
        // `（三）不予公开` printed one character a line beside `1.属于国家秘密`.
        let label = chars("（1.属三于国）家秘不密");
        let f = fit(&label, &chars("1.属于国家秘密"), &mut Vec::new());
        assert!(f >= SURE_FIT, "{f}");
        assert!(f < 1.0);
        assert!(fit(&label, &chars("5.属于三类内部事务信息"), &mut Vec::new()) < MIN_FIT);
    }

    #[test]
    fn narrow_labels_rejoined_place_every_row_surely() {
        use crate::requests::settle::tests::{layout, numbers, raw};
        use gongkai_model::labels::Template;
        for variant in [Template::Y2019, Template::Y2021] {
            let rows = numbers(variant);
            for text in [raw(&rows), layout(&rows)] {
                let lines = Lines::new(&text, 0..text.len()).unwrap();
                let reading = Reading::all(&text, &lines, &lines.value_rows);
                let (_, placed, sure) = place(&lines, &reading);
                let got: Vec<RequestRow> = placed.iter().map(|p| p.0).collect();
                let want: Vec<RequestRow> = rows.iter().map(|r| r.0).collect();
                assert_eq!(got, want, "{variant:?}\n{text}");
                // `无` of （四）无法提供 is a row of its own here, placed nowhere.
                assert!(sure.iter().all(|&s| s), "{sure:?}\n{text}");
            }
        }
    }

    /// The longest common subsequence, the slow way.
    fn naive_lcs(a: &[char], b: &[char]) -> usize {
        let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                d[i][j] = if a[i - 1] == b[j - 1] {
                    d[i - 1][j - 1] + 1
                } else {
                    d[i - 1][j].max(d[i][j - 1])
                };
            }
        }
        d[a.len()][b.len()]
    }

    #[test]
    fn common_lengths_are_the_longest_common_subsequences() {
        let mut out = [0; TARGETS];
        for label in [
            "（1.属三于国）家秘不密",
            "申请人情况自然人法人或其他组织一、本年新收政府信息公开申请数量",
            "2.其他法律行政法规禁止公开3.其他（七）总计",
            "",
            "abc",
        ] {
            let label = chars(label);
            common_lengths(&label, &mut out);
            for (k, t) in targets().iter().enumerate() {
                assert_eq!(out[k], naive_lcs(&label, t), "{label:?} {t:?}");
                // The bound holds: the fit never exceeds the common length over the scale.
                let scale = t.len().max(SHORT) as f32;
                assert!(fit(&label, t, &mut Vec::new()) <= out[k] as f32 / scale + 1e-6);
            }
        }
    }

    #[test]
    fn the_matching_keeps_order_and_skips_poor_fits() {
        let fits = vec![
            vec![0.9, 0.1, 0.0],
            vec![0.2, 0.3, 0.1],
            vec![0.0, 0.2, 0.8],
        ];
        assert_eq!(order(&fits), [(0, 0), (2, 2)]);
        // A better fit out of order does not undo the order.
        let fits = vec![vec![0.1, 0.9], vec![0.95, 0.1]];
        assert_eq!(order(&fits).len(), 1);
    }
}
