//! Crawled web text: the table's labels and values on one long line with no delimiter. Each
//! row's run of digits is split into seven cells; identity I2 filters the splits, I1 and I3
//! settle what is left, and a row that stays ambiguous is left unresolved.

use std::ops::Range;

use gongkai_model::labels::{RequestRow, Template, request_rows};
use gongkai_model::{
    Applicant, Cell, Diagnostic, RequestRowData, RequestTable, SourceId, Span, Value,
};

use crate::fit::to_array;
use crate::matcher::request_hits;
use crate::norm::{Normalized, ambiguous_split, first_run};
use crate::runs::{Split, summing_splits};

/// True when the table's cells run together on long lines (crawled web text).
pub(super) fn is_run_together(text: &str, region: &Range<usize>) -> bool {
    text[region.clone()].split('\n').any(|line| {
        line.len() > 400 && request_hits(&gongkai_model::labels::normalize_label(line)).len() >= 6
    })
}

/// Crawled text: labels and values on one line with no delimiter. Each row's run of digits is
/// split into seven cells; identity I2 filters the splits, I1 and I3 settle what is left.
pub(super) fn read(
    text: &str,
    region: Range<usize>,
    source: SourceId,
    diags: &mut Vec<Diagnostic>,
) -> Option<RequestTable> {
    let span = Span::new(source, region.start, region.end);
    let norm = Normalized::new(text, region);
    let hits = request_hits(&norm.text);
    let has_2021 = hits.iter().any(|h| {
        matches!(
            h.2,
            Some(RequestRow::OtherNoCorrection | RequestRow::OtherNoFee)
        )
    });
    let variant = if has_2021 {
        Template::Y2021
    } else {
        Template::Y2019
    };
    let mut found: Vec<(RequestRow, Range<usize>, Range<usize>)> = Vec::new(); // row, label, run
    let mut from = 0;
    for spec in request_rows(variant) {
        let hit = hits
            .iter()
            .find(|h| h.0 >= from && h.2 == Some(spec.row))
            .cloned()
            .or_else(|| bare_hit(&norm.text, from, spec.row));
        let Some((start, mut end, _)) = hit else {
            continue;
        };
        // Several signatures of one label (危及 … 三安全 … 一稳定): the run starts after the last.
        let next = hits
            .iter()
            .find(|h| h.0 >= end && h.2 != Some(spec.row))
            .map_or(norm.text.len(), |h| h.0);
        if let Some(last) = hits
            .iter()
            .rfind(|h| h.0 >= end && h.1 <= next && h.2 == Some(spec.row))
        {
            end = last.1;
        }
        let next = strip_numbering(&norm.text, end, next);
        let segment = &norm.text[end..next];
        from = end;
        if let Some(run) = first_run(segment) {
            found.push((spec.row, start..end, end + run.start..end + run.end));
        }
    }
    let candidates: Vec<Vec<Split>> = found
        .iter()
        .map(|(_, _, run)| summing_splits(&norm.text[run.clone()], 7, 1).unwrap_or_default())
        .collect();
    let candidates_count: Vec<usize> = candidates.iter().map(Vec::len).collect();
    let chosen = settle(&found, candidates);
    let mut out = Vec::new();
    for (k, ((row, label, run), choice)) in found.iter().zip(chosen).enumerate() {
        let label_span = {
            let r = norm.source_range(label.clone());
            Span::new(source, r.start, r.end)
        };
        let run_src = norm.source_range(run.clone());
        let cells: Vec<Cell> = match &choice {
            Some(split) => norm.split_cells(run, split, source),
            None => {
                let name = row.spec().label;
                let what = (
                    format!("表三“{name}”一行"),
                    format!("table 三 row “{name}”"),
                );
                diags.push(ambiguous_split(
                    text,
                    run_src.clone(),
                    source,
                    (&what.0, &what.1),
                    candidates_count[k],
                ));
                (0..7)
                    .map(|_| Cell {
                        value: Value::Unresolved,
                        span: Span::new(source, run_src.start, run_src.end),
                    })
                    .collect()
            }
        };
        out.push(RequestRowData {
            row: *row,
            label: label_span,
            cells: to_array(cells, source, run_src.end),
            uncertain: false,
        });
    }
    if out.is_empty() {
        return None;
    }
    Some(RequestTable { span, rows: out })
}

/// A hit for rows whose label is too short for a signature (（六）其他, 3.其他, （七）总计).
fn bare_hit(
    norm: &str,
    from: usize,
    row: RequestRow,
) -> Option<(usize, usize, Option<RequestRow>)> {
    let pats: &[&str] = match row {
        RequestRow::Other => &["(六)其他处理", "(六)其他"],
        RequestRow::OtherOther => &["3.其他"],
        RequestRow::Total => &["(七)总计", "(七)合计"],
        _ => return None,
    };
    pats.iter()
        .filter_map(|p| {
            norm[from..]
                .find(p)
                .map(|i| (from + i, from + i + p.len(), Some(row)))
        })
        .min_by_key(|h| h.0)
}

/// Moves `next` back over the numbering of the next label (`2.`, `(三)`), so that a label's
/// number is not read as the last digit of the run before it.
fn strip_numbering(norm: &str, lo: usize, next: usize) -> usize {
    let seg = &norm[lo..next];
    // A number never ends with '.', so `…00000002.` is a run followed by the numbering `2.`.
    if let Some(rest) = seg.strip_suffix('.')
        && rest.ends_with(|c: char| c.is_ascii_digit())
    {
        return next - 2;
    }
    if let Some(p) = seg.rfind('(')
        && seg[p..].ends_with(')')
        && seg[p..].chars().count() <= 4
    {
        return lo + p;
    }
    next
}

/// Chooses one split per row: unique ones directly, the rest by the column identities I1 and I3
/// over all combinations (bounded); `None` where no single choice fits.
fn settle(
    found: &[(RequestRow, Range<usize>, Range<usize>)],
    candidates: Vec<Vec<Split>>,
) -> Vec<Option<Split>> {
    let mut chosen: Vec<Option<Split>> = candidates
        .iter()
        .map(|c| (c.len() == 1).then(|| c[0].clone()))
        .collect();
    let open: Vec<usize> = (0..found.len())
        .filter(|&i| candidates[i].len() > 1)
        .collect();
    if open.is_empty() {
        return chosen;
    }
    let combos: usize = open
        .iter()
        .map(|&i| candidates[i].len())
        .try_fold(1usize, |a, n| a.checked_mul(n))
        .unwrap_or(usize::MAX);
    if combos > 100_000 {
        return chosen;
    }
    let mut fitting: Vec<Vec<usize>> = Vec::new();
    let mut pick = vec![0usize; open.len()];
    loop {
        let value = |row: RequestRow, col: usize| -> Option<i64> {
            let i = found.iter().position(|f| f.0 == row)?;
            let split = match open.iter().position(|&o| o == i) {
                Some(k) => &candidates[i][pick[k]],
                None => chosen[i].as_ref()?,
            };
            split[col].0.count()
        };
        if columns_hold(found, &value) {
            fitting.push(pick.clone());
            if fitting.len() > 1 {
                break;
            }
        }
        let mut k = 0;
        while k < open.len() {
            pick[k] += 1;
            if pick[k] < candidates[open[k]].len() {
                break;
            }
            pick[k] = 0;
            k += 1;
        }
        if k == open.len() {
            break;
        }
    }
    if fitting.len() == 1 {
        for (k, &i) in open.iter().enumerate() {
            chosen[i] = Some(candidates[i][fitting[0][k]].clone());
        }
    }
    chosen
}

fn columns_hold(
    found: &[(RequestRow, Range<usize>, Range<usize>)],
    value: &dyn Fn(RequestRow, usize) -> Option<i64>,
) -> bool {
    for col in 0..Applicant::ALL.len() {
        let v = |r| value(r, col);
        if let (Some(a), Some(b), Some(t), Some(f)) = (
            v(RequestRow::Received),
            v(RequestRow::CarriedOver),
            v(RequestRow::Total),
            v(RequestRow::CarriedForward),
        ) && a + b != t + f
        {
            return false;
        }
        if let Some(total) = v(RequestRow::Total) {
            let outcomes: Option<i64> = found
                .iter()
                .filter(|f| f.0.spec().outcome)
                .map(|f| v(f.0))
                .sum();
            if let Some(sum) = outcomes
                && sum != total
            {
                return false;
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use gongkai_model::labels::RequestGroup;
    use gongkai_model::labels::RequestRow::*;

    use super::*;
    use crate::requests::tests::{codes, counts, read};

    /// A crawled table 三 of the 2019 template on one line: group labels, row labels and each
    /// row's digits run together. Rows in `values` get those numbers, the others zeros; rows
    /// in `absent` are left out.
    fn crawled(values: &[(RequestRow, [i64; 7])], absent: &[RequestRow]) -> String {
        let mut text = String::from(
            "申请人情况自然人法人或其他组织商业企业科研机构社会公益组织法律服务机构其他总计",
        );
        let mut group = None;
        for spec in request_rows(Template::Y2019) {
            if absent.contains(&spec.row) {
                continue;
            }
            if spec.group != group {
                group = spec.group;
                if let Some(g) = group.filter(|&g| g != RequestGroup::Outcomes) {
                    text.push_str(g.label());
                }
            }
            text.push_str(spec.label);
            let row = values.iter().find(|(r, _)| *r == spec.row);
            for v in row.map_or([0; 7], |(_, v)| *v) {
                text.push_str(&v.to_string());
            }
        }
        text.push('\n');
        text
    }

    fn row(values: [i64; 7]) -> Vec<Option<i64>> {
        values.iter().map(|&v| Some(v)).collect()
    }

    #[test]
    fn runs_that_split_one_way_are_read() {
        let text = crawled(
            &[
                (Received, [3, 1, 0, 0, 0, 0, 4]),
                (CarriedOver, [1, 0, 0, 0, 0, 0, 1]),
                (Granted, [2, 1, 0, 0, 0, 0, 3]),
                (DeniedLawProhibited, [1, 0, 0, 0, 0, 0, 1]),
                (Total, [3, 1, 0, 0, 0, 0, 4]),
                (CarriedForward, [1, 0, 0, 0, 0, 0, 1]),
            ],
            &[],
        );
        assert!(is_run_together(&text, &(0..text.len())));
        let (table, diags) = read(&text);
        let rows = counts(&table.unwrap());
        assert_eq!(rows.len(), 23);
        assert_eq!(rows[0], (Received, row([3, 1, 0, 0, 0, 0, 4])));
        // The numbering of the next label (`2.`) is not read as a digit of the run before it.
        assert_eq!(rows[4], (DeniedStateSecret, row([0; 7])));
        assert_eq!(rows[5], (DeniedLawProhibited, row([1, 0, 0, 0, 0, 0, 1])));
        assert_eq!(rows[21], (Total, row([3, 1, 0, 0, 0, 0, 4])));
        assert!(diags.is_empty(), "{:?}", codes(&diags));
    }

    /// 一 prints `101000011`: 10,1,0,0,0,0,11 and 1,0,10,0,0,0,11 both satisfy I2.
    const AMBIGUOUS: [(RequestRow, [i64; 7]); 4] = [
        (Received, [10, 1, 0, 0, 0, 0, 11]),
        (Granted, [9, 1, 0, 0, 0, 0, 10]),
        (Total, [9, 1, 0, 0, 0, 0, 10]),
        (CarriedForward, [1, 0, 0, 0, 0, 0, 1]),
    ];

    #[test]
    fn the_column_identities_settle_a_run_that_splits_two_ways() {
        let text = crawled(&AMBIGUOUS, &[]);
        let (table, diags) = read(&text);
        let rows = counts(&table.unwrap());
        assert_eq!(rows[0], (Received, row([10, 1, 0, 0, 0, 0, 11])));
        assert!(diags.is_empty(), "{:?}", codes(&diags));
    }

    #[test]
    fn a_run_nothing_settles_is_left_unresolved() {
        // Without 四 (结转下年度), I1 cannot tell the two splits apart.
        let text = crawled(&AMBIGUOUS, &[CarriedForward]);
        let (table, diags) = read(&text);
        let table = table.unwrap();
        assert_eq!(table.rows[0].row, Received);
        assert!(
            table.rows[0]
                .cells
                .iter()
                .all(|c| c.value == Value::Unresolved)
        );
        assert_eq!(codes(&diags), ["ambiguous-split"]);
        assert!(diags[0].message.zh.contains("2 种"), "{:?}", diags[0]);
    }

    #[test]
    fn short_lines_are_not_run_together() {
        let text = "一、本年新收政府信息公开申请数量3100004\n";
        assert!(!is_run_together(text, &(0..text.len())));
    }

    #[test]
    fn numbering_of_the_next_label_is_not_a_digit() {
        let norm = "00000002.其他";
        assert_eq!(strip_numbering(norm, 0, "00000002.".len()), 7);
        let norm = "0000000(三)不予公开";
        assert_eq!(strip_numbering(norm, 0, "0000000(三)".len()), 7);
        let norm = "0000000";
        assert_eq!(strip_numbering(norm, 0, 7), 7);
    }

    #[test]
    fn short_labels_are_found_without_a_signature() {
        let norm = "0(六)其他处理1000001(七)合计";
        assert_eq!(
            bare_hit(norm, 0, RequestRow::Other),
            Some((1, 1 + "(六)其他处理".len(), Some(RequestRow::Other)))
        );
        assert!(bare_hit(norm, 0, RequestRow::Total).is_some());
        assert_eq!(bare_hit(norm, 0, RequestRow::Granted), None);
    }
}
