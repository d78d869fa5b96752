//! Table 三 (收到和处理政府信息公开申请情况): rows found by their labels and aligned with the
//! template in order, whatever the layout.

use std::ops::Range;

use gongkai_model::labels::{ColumnKind, RequestGroup, RequestRow, Template, request_rows};
use gongkai_model::{
    Applicant, Cell, Diagnostic, Label, RequestRowData, RequestTable, Severity, SourceId, Span,
    Text, Value,
};

use crate::fit::{Fit, fit, learn_columns, to_array};
use crate::matcher::{RequestMatch, match_request, request_hits};
use crate::norm::{Normalized, ambiguous_split, first_run};
use crate::rows::{Row, RowKind, rows};
use crate::runs::splits;

/// Reads table 三 from `region`.
pub fn parse(
    text: &str,
    region: Range<usize>,
    source: SourceId,
    diags: &mut Vec<Diagnostic>,
) -> Option<RequestTable> {
    let span = Span::new(source, region.start, region.end);
    if is_run_together(text, &region) {
        return crawled(text, region, source, diags);
    }
    let rows = rows(text, region);
    // Each row's label is normalised into one buffer and matched; only its length is kept.
    let mut label = String::new();
    let (matches, label_chars): (Vec<RequestMatch>, Vec<usize>) = rows
        .iter()
        .map(|r| {
            r.label_into(text, &mut label);
            (match_request(&label), label.chars().count())
        })
        .unzip();
    let variant = if matches.iter().any(|m| {
        matches!(
            m.leaf,
            Some(RequestRow::OtherNoCorrection | RequestRow::OtherNoFee)
        )
    }) {
        Template::Y2021
    } else {
        Template::Y2019
    };
    let template: Vec<RequestRow> = request_rows(variant).map(|s| s.row).collect();
    // A labelled row of empty cells (a blank table, e.g. the template itself) is a row too.
    let blank_row = |i: usize| {
        matches[i].leaf.is_some()
            && rows[i].kind == RowKind::Delimited
            && rows[i].values().len() >= 7
    };
    let value_rows: Vec<usize> = (0..rows.len())
        .filter(|&i| {
            (rows[i].filled_values() > 0 && !is_narrative(label_chars[i], &matches[i]))
                || blank_row(i)
        })
        .collect();
    if value_rows.is_empty() {
        return None;
    }
    let singles = value_rows
        .iter()
        .filter(|&&i| rows[i].values().len() == 1 && rows[i].label_range().is_none())
        .count();
    let multi = value_rows
        .iter()
        .filter(|&&i| rows[i].filled_values() >= 3)
        .count();
    let assigned: Vec<(RequestRow, usize)> = if singles >= 14 && singles > 2 * multi {
        return detached(text, &rows, &matches, &template, span, source, diags);
    } else {
        align(&rows, &matches, &value_rows, &template)
    };
    let width = column_count(&rows, &assigned);
    if width == 8 {
        diags.push(Diagnostic::new(
            gongkai_model::Code::RequestSubtotalColumn,
            Severity::Note,
            Text::new(
                "表三多印了一列“法人或其他组织”小计（模板没有这一列），已略去",
                "table 三 prints an extra 法人或其他组织 subtotal column (not in the template); it was left out",
            ),
            Label::new(span, Text::new("表三", "table 三")),
        ));
    }
    let columns = learn_columns(assigned.iter().map(|&(_, i)| &rows[i]), width);
    let mut out = Vec::new();
    for &(row, i) in &assigned {
        let r = &rows[i];
        let (mut cells, how) = fit(r, width, columns.as_deref(), source);
        if width == 8 {
            cells.remove(1);
        }
        let label = r
            .label_range()
            .map_or(Span::empty(source, r.range.start), |l| {
                Span::new(source, l.start, l.end)
            });
        if matches!(how, Fit::Short | Fit::Long) {
            diags.push(short_row(row, label, r, how, source));
        }
        out.push(RequestRowData {
            row,
            label,
            cells: to_array(cells, source, r.range.end),
            uncertain: matches!(how, Fit::Short | Fit::Long),
        });
    }
    unassigned_rows(&rows, &matches, &value_rows, &assigned, text, source, diags);
    if variant == Template::Y2019 {
        note_single_other(&out, diags, span);
    }
    Some(RequestTable { span, rows: out })
}

/// A long sentence that happens to end in a number is not a table row (`label_chars`: the
/// length of its normalised label in characters).
fn is_narrative(label_chars: usize, m: &RequestMatch) -> bool {
    m.leaf.is_none() && label_chars > 40
}

/// The number of value columns: 7, or 8 when most rows print a 法人或其他组织 subtotal.
fn column_count(rows: &[Row], assigned: &[(RequestRow, usize)]) -> usize {
    let eight = assigned
        .iter()
        .filter(|&&(_, i)| rows[i].filled_values() == 8)
        .count();
    if eight * 2 > assigned.len() && eight >= 3 {
        8
    } else {
        7
    }
}

const FORBIDDEN: i32 = -1_000_000;

/// Aligns value rows with template rows in order (a small dynamic programme): a row whose own
/// label names a template row can only be that row; unlabelled rows (labels wrapped onto other
/// lines) fill the template rows between, helped by label fragments on the lines around them.
fn align(
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

fn short_row(row: RequestRow, label: Span, r: &Row, how: Fit, source: SourceId) -> Diagnostic {
    let name = row.spec().label;
    let (zh, en) = match how {
        Fit::Short => (
            format!("“{name}”一行印出的数字少于 7 列，缺的单元格未读出"),
            format!(
                "row “{name}” prints fewer numbers than its 7 columns; the missing cells were not read"
            ),
        ),
        _ => (
            format!("“{name}”一行印出的数字多于 7 列，多余的未读"),
            format!(
                "row “{name}” prints more numbers than its 7 columns; the extra ones were left out"
            ),
        ),
    };
    Diagnostic::new(
        gongkai_model::Code::ShortRow,
        Severity::Warning,
        Text::new(zh, en),
        Label::new(label, Text::new(name, name)),
    )
    .with_secondary(Label::new(
        Span::new(source, r.range.start, r.range.end),
        Text::new("这一行", "this row"),
    ))
}

fn unassigned_rows(
    rows: &[Row],
    matches: &[RequestMatch],
    value_rows: &[usize],
    assigned: &[(RequestRow, usize)],
    text: &str,
    source: SourceId,
    diags: &mut Vec<Diagnostic>,
) {
    for &i in value_rows {
        if assigned.iter().any(|&(_, a)| a == i) {
            continue;
        }
        let r = &rows[i];
        let what = if matches[i].group.is_some() && matches[i].leaf.is_none() {
            (
                "分组小计行（模板无此行），其数字未计入",
                "a group subtotal row (not in the template); its numbers were not used",
            )
        } else {
            (
                "无法对应到模板中的行，其数字未读入",
                "could not be matched to a template row; its numbers were not used",
            )
        };
        let label = text[r.range.clone()].trim();
        let short: String = label.chars().take(30).collect();
        diags.push(Diagnostic::new(
            gongkai_model::Code::UnmatchedRow,
            Severity::Warning,
            Text::new(
                format!("表三中的“{short}”{}", what.0),
                format!("table 三 row “{short}”: {}", what.1),
            ),
            Label::new(
                Span::new(source, r.range.start, r.range.end),
                Text::new("这一行", "this row"),
            ),
        ));
    }
}

fn note_single_other(rows: &[RequestRowData], _diags: &mut [Diagnostic], _span: Span) {
    let _ = rows;
}

/// Values detached from their labels (`pdftotext -raw`): each number on a line of its own,
/// row-major (seven single lines in a row) or column-major (blocks of k lines, seven blocks
/// for k rows). Rows are then taken in template order, if their count fits exactly.
fn detached(
    text: &str,
    rows: &[Row],
    matches: &[RequestMatch],
    template: &[RequestRow],
    span: Span,
    source: SourceId,
    diags: &mut Vec<Diagnostic>,
) -> Option<RequestTable> {
    let mut blocks: Vec<Vec<Cell>> = Vec::new();
    let mut open = false;
    for r in rows {
        let is_single =
            r.values().len() == 1 && r.label_range().is_none() && r.filled_values() == 1;
        if !is_single {
            open = false;
            if r.filled_values() >= 2 && r.label_range().is_none() {
                let (cells, _) = fit(r, r.values().len(), None, source);
                blocks.push(cells);
                blocks.push(Vec::new()); // a full line is a block of its own
            }
            continue;
        }
        let (cells, _) = fit(r, 1, None, source);
        if !open || r.blank_before {
            blocks.push(Vec::new());
        }
        if let Some(b) = blocks.last_mut() {
            b.extend(cells);
        }
        open = true;
    }
    blocks.retain(|b| !b.is_empty());
    let grid = blocks_to_rows(&blocks, 7);
    // The single 2019 （六） row appears in 2021 reports too: try both variants.
    let alternative: Vec<RequestRow> = if template.contains(&RequestRow::Other) {
        request_rows(Template::Y2021).map(|s| s.row).collect()
    } else {
        request_rows(Template::Y2019).map(|s| s.row).collect()
    };
    let order = if grid.len() == template.len() {
        template.to_vec()
    } else if grid.len() == alternative.len() {
        alternative
    } else {
        diags.push(Diagnostic::new(
            gongkai_model::Code::DetachedValues,
            Severity::Warning,
            Text::new(
                format!("表三的数字与标签分离（如 pdftotext -raw 输出），读出 {} 行，与模板的 {} 行不符，未读入", grid.len(), template.len()),
                format!("table 三's numbers are detached from their labels (as in pdftotext -raw output); {} rows read, the template has {}; not used", grid.len(), template.len()),
            ),
            Label::new(span, Text::new("表三", "table 三")),
        ));
        return Some(RequestTable {
            span,
            rows: Vec::new(),
        });
    };
    let rows_out = order
        .iter()
        .zip(grid)
        .map(|(&row, cells)| {
            let label = rows
                .iter()
                .zip(matches)
                .find(|(_, m)| m.leaf == Some(row))
                .and_then(|(r, _)| r.label_range())
                .map_or(Span::empty(source, cells[0].span.start as usize), |l| {
                    Span::new(source, l.start, l.end)
                });
            RequestRowData {
                row,
                label,
                cells: to_array(cells, source, span.end as usize),
                uncertain: false,
            }
        })
        .collect();
    let _ = text;
    Some(RequestTable {
        span,
        rows: rows_out,
    })
}

/// Turns blocks of values into rows of `n`: single values accumulate row by row; `n`
/// consecutive blocks of the same size k > 1 are k rows printed column by column.
pub fn blocks_to_rows(blocks: &[Vec<Cell>], n: usize) -> Vec<Vec<Cell>> {
    let mut out = Vec::new();
    let mut acc: Vec<Cell> = Vec::new();
    let mut i = 0;
    while i < blocks.len() {
        let k = blocks[i].len();
        if k > 1
            && acc.is_empty()
            && i + n <= blocks.len()
            && blocks[i..i + n].iter().all(|b| b.len() == k)
        {
            let group = &blocks[i..i + n];
            out.extend((0..k).map(|r| group.iter().map(|b| b[r].clone()).collect::<Vec<_>>()));
            i += n;
            continue;
        }
        for c in &blocks[i] {
            acc.push(c.clone());
            if acc.len() == n {
                out.push(std::mem::take(&mut acc));
            }
        }
        i += 1;
    }
    out
}

/// True when the table's cells run together on long lines (crawled web text).
pub fn is_run_together(text: &str, region: &Range<usize>) -> bool {
    text[region.clone()].split('\n').any(|line| {
        line.len() > 400 && request_hits(&gongkai_model::labels::normalize_label(line)).len() >= 6
    })
}

/// Crawled text: labels and values on one line with no delimiter. Each row's run of digits is
/// split into seven cells; identity I2 filters the splits, I1 and I3 settle what is left.
fn crawled(
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
    let candidates: Vec<Vec<crate::runs::Split>> = found
        .iter()
        .map(|(_, _, run)| {
            splits(&norm.text[run.clone()], &[ColumnKind::Count; 7])
                .unwrap_or_default()
                .into_iter()
                .filter(|s| {
                    let v: Vec<i64> = s.iter().filter_map(|(v, _)| v.count()).collect();
                    v.len() == 7 && v[..6].iter().sum::<i64>() == v[6]
                })
                .collect()
        })
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
    candidates: Vec<Vec<crate::runs::Split>>,
) -> Vec<Option<crate::runs::Split>> {
    let mut chosen: Vec<Option<crate::runs::Split>> = candidates
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

/// True when `row` sits under `group` (rows of 三、本年度办理结果 include all outcome rows).
fn in_group(row: RequestRow, group: RequestGroup) -> bool {
    let spec = row.spec();
    match group {
        RequestGroup::Outcomes => spec.outcome || row == RequestRow::Total,
        g => spec.group == Some(g),
    }
}
