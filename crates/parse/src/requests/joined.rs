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

/// Where the value rows go by their rejoined labels: the variant of the template they fit
/// best, (template row, row index) in order as `align` returns them, and for each whether the
/// fit is sure (see [`SURE_FIT`]); `value_rows` are the rows of numbers to place.
pub(super) fn place(
    text: &str,
    lines: &Lines,
    value_rows: &[usize],
) -> (Template, Vec<(RequestRow, usize)>, Vec<bool>) {
    let targets: Vec<Vec<char>> = REQUEST_ROWS.iter().map(|s| key_chars(s.label)).collect();
    let fits = |centred: bool| -> Vec<Vec<f32>> {
        rejoined(text, lines, value_rows, centred)
            .iter()
            .map(|label| targets.iter().map(|t| fit(label, t)).collect())
            .collect()
    };
    let best_sum = |f: &[Vec<f32>]| -> f32 {
        f.iter()
            .map(|row| row.iter().copied().fold(0.0, f32::max))
            .sum()
    };
    let (before, centred) = (fits(false), fits(true));
    let fits = if best_sum(&centred) > best_sum(&before) {
        centred
    } else {
        before
    };
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

/// The label of each value row rejoined: its own label cells with the label-only lines around
/// it — all those since the previous value row (`centred` false: `pdftotext -raw`), or those
/// nearer to it than to its neighbours (`centred`: `pdftotext -layout`).
fn rejoined(text: &str, lines: &Lines, value_rows: &[usize], centred: bool) -> Vec<Vec<char>> {
    let rows = &lines.rows;
    let mut own = String::new();
    let label_of = |i: usize, buf: &mut String| {
        rows[i].label_into(text, buf);
        key_chars(buf)
    };
    let is_label_only = |j: usize| rows[j].filled_values() == 0 && rows[j].label_range().is_some();
    value_rows
        .iter()
        .enumerate()
        .map(|(vi, &i)| {
            let prev = if vi == 0 {
                None
            } else {
                Some(value_rows[vi - 1])
            };
            let next = value_rows.get(vi + 1).copied();
            let lo = prev.map_or(0, |p| p + 1);
            let mut out = Vec::new();
            for j in (lo..i).filter(|&j| is_label_only(j)) {
                // Centred: only the lines in the nearer half of the gap above are this row's
                // (the middle line of an odd gap is both rows').
                if !centred || prev.is_none_or(|p| i - j <= j - p) {
                    out.extend(label_of(j, &mut own));
                }
            }
            out.extend(label_of(i, &mut own));
            if centred {
                let hi = next.unwrap_or(rows.len());
                for j in (i + 1..hi).filter(|&j| is_label_only(j)) {
                    if next.is_none_or(|q| j - i <= q - j) {
                        out.extend(label_of(j, &mut own));
                    }
                }
            }
            out
        })
        .collect()
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
fn fit(label: &[char], target: &[char]) -> f32 {
    let n = target.len();
    // A short label (`3.其他`) is found in many longer ones: it cannot fit fully.
    let scale = n.max(SHORT) as f32;
    if n == 0 || label.is_empty() {
        return 0.0;
    }
    // prev[j]: the best score of target[..j] aligned within the label read so far, the
    // characters before the match free (prev[0] = 0 at every position).
    let mut prev = vec![0.0f32; n + 1];
    let mut cur = vec![0.0f32; n + 1];
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
    let n = fits.len();
    let m = fits.first().map_or(0, Vec::len);
    let at = |i: usize, j: usize| i * (m + 1) + j;
    let mut dp = vec![0.0f32; (n + 1) * (m + 1)];
    for i in 1..=n {
        for j in 1..=m {
            let mut best = dp[at(i - 1, j)].max(dp[at(i, j - 1)]);
            let f = fits[i - 1][j - 1];
            if f >= MIN_FIT {
                best = best.max(dp[at(i - 1, j - 1)] + f);
            }
            dp[at(i, j)] = best;
        }
    }
    let mut out = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 && j > 0 {
        let f = fits[i - 1][j - 1];
        if f >= MIN_FIT && dp[at(i, j)] == dp[at(i - 1, j - 1)] + f {
            out.push((i - 1, j - 1));
            i -= 1;
            j -= 1;
        } else if dp[at(i, j)] == dp[at(i - 1, j)] {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    out.reverse();
    out
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
        assert!((fit(&t, &t) - 1.0).abs() < 1e-6);
        // Text before and after the label costs nothing.
        assert!((fit(&chars("申请人情况1.属于国家秘密自然人"), &t) - 1.0).abs() < 1e-6);
    }

    #[test]
    fn a_fragment_does_not_fit_a_longer_label() {
        // `其他` of `2.其他法律行政法规禁止公开` is not 3.其他, and the whole label is its own.
        let label = chars("2.其他法律行政法规禁止公开");
        let other = chars("3.其他");
        let own = chars("2.其他法律行政法规禁止公开");
        assert!(fit(&label, &other) < fit(&label, &own));
        assert!(fit(&chars("其他"), &own) < MIN_FIT);
    }

    #[test]
    fn group_characters_interleaved_cost_a_little() {
        // `（三）不予公开` printed one character a line beside `1.属于国家秘密`.
        let label = chars("（1.属三于国）家秘不密");
        let f = fit(&label, &chars("1.属于国家秘密"));
        assert!(f >= SURE_FIT, "{f}");
        assert!(f < 1.0);
        assert!(fit(&label, &chars("5.属于三类内部事务信息")) < MIN_FIT);
    }

    #[test]
    fn narrow_labels_rejoined_place_every_row_surely() {
        use crate::requests::settle::tests::{layout, numbers, raw};
        use gongkai_model::labels::Template;
        for variant in [Template::Y2019, Template::Y2021] {
            let rows = numbers(variant);
            for text in [raw(&rows), layout(&rows)] {
                let lines = Lines::new(&text, 0..text.len()).unwrap();
                let (_, placed, sure) = place(&text, &lines, &lines.value_rows);
                let got: Vec<RequestRow> = placed.iter().map(|p| p.0).collect();
                let want: Vec<RequestRow> = rows.iter().map(|r| r.0).collect();
                assert_eq!(got, want, "{variant:?}\n{text}");
                // `无` of （四）无法提供 is a row of its own here, placed nowhere.
                assert!(sure.iter().all(|&s| s), "{sure:?}\n{text}");
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
