//! Value rows placed on the template's rows in order, by a small dynamic programme: a row whose
//! own label names a template row can only be that row; unlabelled rows (labels wrapped onto
//! other lines) fill the template rows between, helped by label fragments on the lines around
//! them and by the group labels printed beside them.

use gongkai_model::labels::{RequestGroup, RequestRow};

use crate::matcher::RequestMatch;
use crate::rows::Row;

const FORBIDDEN: i32 = -1_000_000;

/// Aligns value rows with template rows in order (a small dynamic programme): a row whose own
/// label names a template row can only be that row; unlabelled rows (labels wrapped onto other
/// lines) fill the template rows between, helped by label fragments on the lines around them.
pub(super) fn align(
    rows: &[Row],
    matches: &[RequestMatch],
    value_rows: &[usize],
    template: &[RequestRow],
) -> Vec<(RequestRow, usize)> {
    let n = value_rows.len();
    let m = template.len();
    let has_other = template.contains(&RequestRow::Other);
    let score = |vi: usize, t: RequestRow| -> i32 {
        let i = value_rows[vi];
        let mm = &matches[i];
        // In the 2021 template （六）其他处理 is only a group label.
        let (leaf, group) = match mm.leaf {
            Some(RequestRow::Other) if !has_other => (None, Some(RequestGroup::Other)),
            l => (l, mm.group),
        };
        match leaf {
            Some(l) if l == t => 10,
            Some(_) => FORBIDDEN,
            // A group label printed beside a row whose own label is wrapped onto other lines
            // (pdftotext centres merged cells): the row must belong to that group.
            None if group.is_some_and(|g| !in_group(t, g)) => FORBIDDEN,
            None => {
                let lo = if vi == 0 { 0 } else { value_rows[vi - 1] + 1 };
                let hi = value_rows.get(vi + 1).copied().unwrap_or(rows.len());
                let label_only =
                    |j: usize| j != i && matches[j].leaf == Some(t) && rows[j].filled_values() == 0;
                if (lo..i).any(label_only) {
                    4
                } else if (i + 1..hi).any(label_only) {
                    2
                } else {
                    1
                }
            }
        }
    };
    // One flat table, (n + 1) × (m + 1): `at(i, j)` is the best score of the first i rows
    // aligned with the first j template rows.
    let at = |i: usize, j: usize| i * (m + 1) + j;
    let mut dp = vec![0i32; (n + 1) * (m + 1)];
    for i in 1..=n {
        for j in 1..=m {
            let s = score(i - 1, template[j - 1]);
            let mut best = dp[at(i - 1, j)].max(dp[at(i, j - 1)]);
            if s > FORBIDDEN / 2 {
                best = best.max(dp[at(i - 1, j - 1)] + s);
            }
            dp[at(i, j)] = best;
        }
    }
    let mut out = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 && j > 0 {
        let s = score(i - 1, template[j - 1]);
        if s > FORBIDDEN / 2 && dp[at(i, j)] == dp[at(i - 1, j - 1)] + s {
            out.push((template[j - 1], value_rows[i - 1]));
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

/// True when `row` sits under `group` (rows of 三、本年度办理结果 include all outcome rows).
fn in_group(row: RequestRow, group: RequestGroup) -> bool {
    let spec = row.spec();
    match group {
        RequestGroup::Outcomes => spec.outcome || row == RequestRow::Total,
        g => spec.group == Some(g),
    }
}
