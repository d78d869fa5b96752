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
    let has_other = template.contains(&RequestRow::Other);
    ordered_matching(value_rows.len(), template.len(), |i, j| {
        let s = score(rows, matches, value_rows, has_other, i, template[j]);
        (s > FORBIDDEN / 2).then_some(s)
    })
    .into_iter()
    .map(|(i, j)| (template[j], value_rows[i]))
    .collect()
}

/// The order-preserving matching of `n` items with `m` places of the greatest total weight (a
/// small dynamic programme): `weight(i, j)` is what putting item `i` at place `j` is worth, or
/// `None` when it may not go there. Pairs of (item, place), in order.
pub(super) fn ordered_matching<W>(
    n: usize,
    m: usize,
    weight: impl Fn(usize, usize) -> Option<W>,
) -> Vec<(usize, usize)>
where
    W: Copy + Default + PartialOrd + std::ops::Add<Output = W>,
{
    let larger = |a: W, b: W| if b > a { b } else { a };
    // One flat table, (n + 1) × (m + 1): `at(i, j)` is the best weight of the first i items
    // matched with the first j places.
    let at = |i: usize, j: usize| i * (m + 1) + j;
    let mut dp = vec![W::default(); (n + 1) * (m + 1)];
    for i in 1..=n {
        for j in 1..=m {
            let mut best = larger(dp[at(i - 1, j)], dp[at(i, j - 1)]);
            if let Some(w) = weight(i - 1, j - 1) {
                best = larger(best, dp[at(i - 1, j - 1)] + w);
            }
            dp[at(i, j)] = best;
        }
    }
    let mut out = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 && j > 0 {
        if weight(i - 1, j - 1).is_some_and(|w| dp[at(i, j)] == dp[at(i - 1, j - 1)] + w) {
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

/// How well value row `vi` (an index into `value_rows`) fits template row `t`: 10 for its own
/// label; 4, 3 or 2 for a label fragment naming `t` on a line nearer it before, nearer it after,
/// or nearer a neighbouring value row; 1 for a row
/// with nothing to say where it goes, [`FORBIDDEN`] for a row whose label or group names
/// another row.
fn score(
    rows: &[Row],
    matches: &[RequestMatch],
    value_rows: &[usize],
    has_other: bool,
    vi: usize,
    t: RequestRow,
) -> i32 {
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
            // Label fragments on the lines between this value row and its neighbours; those
            // nearer this row than the neighbour are its own (a table cell centres its
            // label on the numbers), the farther ones only hint.
            let prev = vi.checked_sub(1).map(|k| value_rows[k]);
            let next = value_rows.get(vi + 1).copied();
            let lo = prev.map_or(0, |p| p + 1);
            let hi = next.unwrap_or(rows.len());
            let label_only =
                |j: usize| j != i && matches[j].leaf == Some(t) && rows[j].filled_values() == 0;
            let near_before = |j: usize| prev.is_none_or(|p| i - j <= j - p);
            let near_after = |j: usize| next.is_none_or(|q| j - i <= q - j);
            if (lo..i).any(|j| label_only(j) && near_before(j)) {
                4
            } else if (i + 1..hi).any(|j| label_only(j) && near_after(j)) {
                3
            } else if (lo..i).chain(i + 1..hi).any(label_only) {
                2
            } else {
                1
            }
        }
    }
}

/// Which placed rows (by index into `assigned`, as [`align`] returns it) sit where they do on
/// no evidence: rows that neither name their row (their own label or a fragment beside them)
/// nor fill a run of template rows between two labelled rows exactly. Such a row may belong
/// to any free row of its run — a row wrapped so narrowly that no label can be read — so its
/// values are not sure to be where they are placed.
pub(super) fn unsure(
    rows: &[Row],
    matches: &[RequestMatch],
    value_rows: &[usize],
    template: &[RequestRow],
    assigned: &[(RequestRow, usize)],
) -> Vec<bool> {
    let has_other = template.contains(&RequestRow::Other);
    let vi_of = |i: usize| value_rows.iter().position(|&v| v == i).unwrap_or(0);
    let ti_of = |r: RequestRow| template.iter().position(|&t| t == r).unwrap_or(0);
    let scores: Vec<i32> = assigned
        .iter()
        .map(|&(t, i)| score(rows, matches, value_rows, has_other, vi_of(i), t))
        .collect();
    // Anchors: rows placed by their own label, plus the table's two ends.
    let mut anchors: Vec<(isize, isize)> = vec![(-1, -1)];
    for (k, &(t, i)) in assigned.iter().enumerate() {
        if scores[k] >= 10 {
            anchors.push((vi_of(i) as isize, ti_of(t) as isize));
        }
    }
    anchors.push((value_rows.len() as isize, template.len() as isize));
    assigned
        .iter()
        .enumerate()
        .map(|(k, &(t, i))| {
            if scores[k] >= 2 {
                return false;
            }
            let (vi, ti) = (vi_of(i) as isize, ti_of(t) as isize);
            let before = anchors.iter().rev().find(|a| a.0 < vi && a.1 < ti);
            let after = anchors.iter().find(|a| a.0 > vi && a.1 > ti);
            match (before, after) {
                // Exactly as many value rows as template rows between the anchors: forced.
                (Some(b), Some(a)) => a.0 - b.0 != a.1 - b.1,
                _ => true,
            }
        })
        .collect()
}

/// True when `row` sits under `group` (rows of 三、本年度办理结果 include all outcome rows).
fn in_group(row: RequestRow, group: RequestGroup) -> bool {
    let spec = row.spec();
    match group {
        RequestGroup::Outcomes => spec.outcome || row == RequestRow::Total,
        g => spec.group == Some(g),
    }
}

#[cfg(test)]
mod tests {
    use gongkai_model::labels::RequestRow::*;
    use gongkai_model::labels::{Template, request_rows};

    use super::*;
    use crate::rows::rows;

    /// Rows of synthetic lines (`甲\t1` a value row, `甲` a label-only row) and what their
    /// labels are taken to name; returns which row went where, by line index.
    fn place(
        lines: &[(&str, Option<RequestRow>, Option<RequestGroup>)],
        template: Template,
    ) -> Vec<(RequestRow, usize)> {
        let text: String = lines.iter().map(|(l, _, _)| format!("{l}\n")).collect();
        let rows = rows(&text, 0..text.len());
        assert_eq!(rows.len(), lines.len());
        let matches: Vec<RequestMatch> = lines
            .iter()
            .map(|&(_, leaf, group)| RequestMatch { leaf, at: 0, group })
            .collect();
        let value_rows: Vec<usize> = (0..rows.len())
            .filter(|&i| rows[i].filled_values() > 0)
            .collect();
        let template: Vec<RequestRow> = request_rows(template).map(|s| s.row).collect();
        align(&rows, &matches, &value_rows, &template)
    }

    #[test]
    fn an_unlabelled_row_fills_the_one_row_between_two_labelled_ones() {
        let placed = place(
            &[
                ("甲\t1", Some(Received), None),
                ("乙\t2", None, None),
                ("丙\t3", Some(Granted), None),
            ],
            Template::Y2019,
        );
        assert_eq!(placed, [(Received, 0), (CarriedOver, 1), (Granted, 2)]);
    }

    #[test]
    fn a_labelled_row_is_only_ever_its_own_row() {
        // Two rows claim 一: the second cannot become another row.
        let placed = place(
            &[
                ("甲\t1", Some(Received), None),
                ("乙\t2", Some(Received), None),
                ("丙\t3", Some(Total), None),
            ],
            Template::Y2019,
        );
        assert_eq!(placed.len(), 2);
        assert_eq!(placed[1], (Total, 2));
        assert_eq!(placed[0].0, Received);
    }

    #[test]
    fn a_label_printed_before_the_numbers_pulls_them_to_its_row() {
        // Without the label-only line, the unlabelled row would be the first free row after
        // （一）, （二）; the fragment above it names （三）4.
        let placed = place(
            &[
                ("甲\t1", Some(Granted), None),
                ("乙", Some(DeniedThirdParty), None),
                ("丙\t2", None, None),
                ("丁\t3", Some(Total), None),
            ],
            Template::Y2019,
        );
        assert_eq!(placed, [(Granted, 0), (DeniedThirdParty, 2), (Total, 3)]);
    }

    #[test]
    fn a_label_printed_after_the_numbers_helps_too() {
        let placed = place(
            &[
                ("甲\t1", Some(Granted), None),
                ("丙\t2", None, None),
                ("乙", Some(DeniedInternal), None),
                ("丁\t3", Some(Total), None),
            ],
            Template::Y2019,
        );
        assert_eq!(placed, [(Granted, 0), (DeniedInternal, 1), (Total, 3)]);
    }

    #[test]
    fn a_fragment_just_below_the_numbers_is_theirs_not_the_next_rows() {
        // A narrow column centres each wrapped label on its numbers: 出版物 ends the label of
        // the row above it, not the one below, whose label (无正当理由大量反复) is unreadable.
        let placed = place(
            &[
                ("甲\t1", Some(NotProcessedDuplicate), None),
                ("乙\t2", None, None),
                ("丙", Some(NotProcessedPublication), None),
                ("丁", None, None),
                ("戊\t3", None, None),
                ("己\t4", Some(NotProcessedConfirmation), None),
            ],
            Template::Y2021,
        );
        assert_eq!(
            placed,
            [
                (NotProcessedDuplicate, 0),
                (NotProcessedPublication, 1),
                (NotProcessedExcessive, 4),
                (NotProcessedConfirmation, 5)
            ]
        );
    }

    #[test]
    fn a_group_label_beside_the_numbers_keeps_them_in_the_group() {
        let placed = place(
            &[
                ("甲\t1", Some(Granted), None),
                ("乙\t2", None, Some(RequestGroup::Unavailable)),
                ("丁\t3", Some(Total), None),
            ],
            Template::Y2019,
        );
        assert_eq!(placed.len(), 3);
        assert!(
            in_group(placed[1].0, RequestGroup::Unavailable),
            "{placed:?}"
        );
        assert_eq!(placed[1].1, 1);
    }

    #[test]
    fn the_single_other_row_is_a_group_in_the_2021_template() {
        let placed = place(
            &[
                ("甲\t1", Some(NotProcessedConfirmation), None),
                ("乙\t2", Some(Other), None),
                ("丁\t3", Some(Total), None),
            ],
            Template::Y2021,
        );
        assert_eq!(placed.len(), 3);
        assert!(
            matches!(placed[1], (OtherNoCorrection | OtherNoFee | OtherOther, 1)),
            "{placed:?}"
        );
    }

    #[test]
    fn groups_hold_their_rows() {
        assert!(in_group(DeniedQuery, RequestGroup::Denied));
        assert!(!in_group(DeniedQuery, RequestGroup::Unavailable));
        assert!(in_group(Total, RequestGroup::Outcomes));
        assert!(in_group(OtherOther, RequestGroup::Outcomes));
        assert!(!in_group(Received, RequestGroup::Outcomes));
    }
}
