//! Table 二 (主动公开政府信息情况) in either template's shape.

use std::ops::Range;

use gongkai_model::labels::{
    ACTIVE_2019_MARKERS, ACTIVE_2021_MARKERS, ActiveRowSpec, ColumnKind, Template, active_rows,
    normalize_label,
};
use gongkai_model::{
    ActiveRowData, ActiveTable, Cell, Diagnostic, Label, Severity, SourceId, Span, Spanned,
    SplitChoice, Text, Unit, Value,
};

use crate::fit::{Fit, fit};
use crate::matcher::{active_hits, match_active};
use crate::norm::{Normalized, ambiguous_split, first_run};
use crate::rows::{Row, rows};
use crate::runs::{MAX_CANDIDATES, Split, splits};
use crate::split_choice::{blank_readings, choose, narrative_facts};

/// The shape of table 二 from its column words (`None` when the region shows neither).
pub fn shape(text: &str, region: &Range<usize>) -> Option<Template> {
    let norm = normalize_label(&text[region.clone()]);
    let count = |markers: &[String]| markers.iter().filter(|m| norm.contains(m.as_str())).count();
    let (old_markers, new_markers) = normalized_markers();
    let (old, new) = (count(old_markers), count(new_markers));
    match old.cmp(&new) {
        std::cmp::Ordering::Greater => Some(Template::Y2019),
        std::cmp::Ordering::Less => Some(Template::Y2021),
        std::cmp::Ordering::Equal => None,
    }
}

/// The column words of each shape in matching form, normalised once.
fn normalized_markers() -> &'static (Vec<String>, Vec<String>) {
    static MARKERS: std::sync::OnceLock<(Vec<String>, Vec<String>)> = std::sync::OnceLock::new();
    MARKERS.get_or_init(|| {
        let norm = |ms: &[&str]| ms.iter().map(|m| normalize_label(m)).collect();
        (norm(ACTIVE_2019_MARKERS), norm(ACTIVE_2021_MARKERS))
    })
}

/// Reads table 二 from `region` in the given shape.
pub fn parse(
    text: &str,
    region: Range<usize>,
    shape: Template,
    source: SourceId,
    diags: &mut Vec<Diagnostic>,
) -> Option<ActiveTable> {
    let span = Span::new(source, region.start, region.end);
    let mut amount_unit = header_unit(text, &region, source);
    let specs = active_rows(shape);
    let rows_out = if crate::outline::is_long_line(text, region.start) {
        crawled(text, region, specs, source, diags, &mut amount_unit)
    } else {
        lines(text, region, specs, source, diags)
    };
    if rows_out.is_empty() {
        return None;
    }
    Some(ActiveTable {
        template: shape,
        span,
        rows: rows_out,
        amount_unit,
    })
}

/// A unit printed in an amount header: `采购总金额（万元）`, `本年收费金额（单位：元）`.
fn header_unit(text: &str, region: &Range<usize>, source: SourceId) -> Option<Spanned<Unit>> {
    let t = &text[region.clone()];
    for header in ["采购总金额", "收费金额"] {
        let Some(i) = memchr::memmem::find(t.as_bytes(), header.as_bytes()) else {
            continue;
        };
        let after = &t[i + header.len()..];
        let window: String = after.chars().take(10).collect();
        let close = window.find(['）', ')']).unwrap_or(window.len());
        let inside = &window[..close];
        let unit = if inside.contains("万元") {
            Unit::WanYuan
        } else if inside.contains('元') {
            Unit::Yuan
        } else {
            continue;
        };
        let at = region.start + i;
        return Some(Spanned::new(
            unit,
            Span::new(source, at, at + header.len() + close),
        ));
    }
    None
}

/// Rows of one sub-table whose numbers are not on their label's line.
type Pending<'a> = Vec<(&'a ActiveRowSpec, usize)>;

/// Line layouts: each row found by its label; a row whose numbers are detached from it
/// (`pdftotext -raw`) takes the unlabelled numbers of its sub-table in order.
fn lines(
    text: &str,
    region: Range<usize>,
    specs: &[ActiveRowSpec],
    source: SourceId,
    diags: &mut Vec<Diagnostic>,
) -> Vec<ActiveRowData> {
    let rows = rows(text, region);
    // Sub-tables start at 第二十条第（X）项.
    let mut item_of_row: Vec<Option<char>> = Vec::with_capacity(rows.len());
    // The column header (信息内容 …) of each row's sub-table, when one was printed.
    let mut header_of_row: Vec<Option<usize>> = Vec::with_capacity(rows.len());
    let mut current: Option<char> = None;
    let mut header: Option<usize> = None;
    let finder = article_twenty();
    for (i, r) in rows.iter().enumerate() {
        let t = &text[r.range.clone()];
        if let Some(at) = finder.find(t.as_bytes()) {
            current = item_numeral(&t[at..]);
            header = None;
        }
        if is_column_header(text, r) {
            header = Some(i);
        }
        item_of_row.push(current);
        header_of_row.push(header);
    }
    let mut label = String::new();
    let matched: Vec<Option<gongkai_model::ActiveRow>> = rows
        .iter()
        .map(|r| {
            r.label_into(text, &mut label);
            match_active(&label).map(|m| m.0)
        })
        .collect();
    let mut out = Vec::new();
    let mut pending: Vec<(&ActiveRowSpec, usize)> = Vec::new();
    for spec in specs {
        let Some(i) = (0..rows.len()).find(|&i| matched[i] == Some(spec.row)) else {
            continue;
        };
        let r = &rows[i];
        let n = spec.columns.len();
        let blank = r.kind.keeps_blanks() && r.values().len() >= n;
        if r.filled_values() == 0 && !blank {
            pending.push((spec, i));
            continue;
        }
        let (mut cells, mut how) = fit(r, n, None, source);
        let label = label_span(r, source);
        if how == Fit::Short && r.kind == crate::rows::RowKind::Spaced {
            // Fewer numbers than columns, and spaces hide the blank ones: placed under the
            // column words of the sub-table's header when the layout kept positions; otherwise
            // which column each number belongs to cannot be told, and none is given one.
            match header_of_row[i].and_then(|h| under_header(text, &rows[h], r, n, source)) {
                Some(placed) => (cells, how) = (placed, Fit::Aligned),
                None => {
                    for c in &mut cells {
                        c.value = Value::Unresolved;
                    }
                }
            }
        }
        if how == Fit::Long || (how == Fit::Short && r.kind == crate::rows::RowKind::Spaced) {
            diags.push(short_row(spec, label, n));
        }
        out.push(ActiveRowData {
            row: spec.row,
            label,
            split: None,
            cells: typed(cells, spec),
        });
    }
    // Detached numbers: per sub-table, the unlabelled values in order.
    let mut by_item: Vec<(Option<char>, Pending)> = Vec::new();
    for (spec, i) in pending {
        let item = item_of_row[i];
        match by_item.iter_mut().find(|(it, _)| *it == item) {
            Some((_, v)) => v.push((spec, i)),
            None => by_item.push((item, vec![(spec, i)])),
        }
    }
    for (item, group) in by_item {
        let loose: Vec<Cell> = rows
            .iter()
            .enumerate()
            .filter(|&(j, r)| {
                item_of_row[j] == item && r.label_range().is_none() && r.filled_values() > 0
            })
            .flat_map(|(_, r)| fit(r, r.values().len(), None, source).0)
            .collect();
        let need: usize = group.iter().map(|(s, _)| s.columns.len()).sum();
        if loose.len() != need {
            continue;
        }
        let mut it = loose.into_iter();
        for (spec, i) in group {
            let cells: Vec<Cell> = it.by_ref().take(spec.columns.len()).collect();
            out.push(ActiveRowData {
                row: spec.row,
                label: label_span(&rows[i], source),
                split: None,
                cells: typed(cells, spec),
            });
        }
    }
    out.sort_by_key(|r| r.row);
    out
}

/// Whether `r` is a sub-table's column header as layout text prints it: `信息内容` and the
/// column words, all text.
fn is_column_header(text: &str, r: &Row) -> bool {
    r.kind == crate::rows::RowKind::Spaced
        && r.values().is_empty()
        && r.label_cells().count() >= 2
        && r.label_cells().next().map(|c| &text[c.range.clone()]) == Some("信息内容")
}

/// The values of a short spaced row placed under the column words of `header` (the `n` after
/// 信息内容): each number goes to the column whose word's middle is nearest its own middle,
/// keeping their order. `None` when the header does not print `n` column words or two numbers
/// would share a column.
fn under_header(
    text: &str,
    header: &Row,
    r: &Row,
    n: usize,
    source: SourceId,
) -> Option<Vec<Cell>> {
    // Twice the middle character column of a cell (`column` is where it ends).
    let middle = |c: &crate::rows::RowCell| 2 * c.column - text[c.range.clone()].chars().count();
    let words: Vec<usize> = header.label_cells().skip(1).map(middle).collect();
    if words.len() != n || !padded(text, header) || !padded(text, r) {
        return None;
    }
    let mut cells = vec![Cell::missing(Span::empty(source, r.range.end)); n];
    let mut next = 0;
    for v in r.values() {
        let at = (next..n).min_by_key(|&k| words[k].abs_diff(middle(v)))?;
        cells[at] = Cell {
            value: match &v.piece {
                crate::token::Piece::Value(v) => v.clone(),
                crate::token::Piece::Text => Value::Missing,
            },
            span: Span::new(source, v.range.start, v.range.end),
        };
        next = at + 1;
    }
    // The columns left empty are blank: the layout shows nothing under their words.
    for c in cells.iter_mut().filter(|c| c.value == Value::Missing) {
        c.value = Value::Blank;
    }
    Some(cells)
}

/// Whether every gap between the cells of a spaced row is two spaces or more: the layout
/// placed the cells (`pdftotext -layout`), rather than writing them one space apart (`-raw`).
fn padded(text: &str, r: &Row) -> bool {
    r.cells().windows(2).all(|w| {
        let start = w[1].column - text[w[1].range.clone()].chars().count();
        start >= w[0].column + 2
    })
}

fn label_span(r: &Row, source: SourceId) -> Span {
    r.label_range()
        .map_or(Span::empty(source, r.range.start), |l| {
            Span::new(source, l.start, l.end)
        })
}

/// A searcher for 第二十条, built once: it is looked for on every row of table 二.
fn article_twenty() -> &'static memchr::memmem::Finder<'static> {
    static FINDER: std::sync::OnceLock<memchr::memmem::Finder<'static>> =
        std::sync::OnceLock::new();
    FINDER.get_or_init(|| memchr::memmem::Finder::new("第二十条"))
}

/// The Chinese numeral X of `第二十条第（X）项`.
fn item_numeral(t: &str) -> Option<char> {
    let n = normalize_label(t);
    let i = n.find("第二十条第")? + "第二十条第".len();
    let rest = n[i..].trim_start_matches('(');
    rest.chars().next()
}

/// Amount columns hold amounts even when printed without decimals.
fn typed(cells: Vec<Cell>, spec: &ActiveRowSpec) -> Vec<Cell> {
    cells
        .into_iter()
        .zip(spec.columns)
        .map(|(mut c, (_, _, kind))| {
            if *kind == ColumnKind::Amount
                && let Value::Count(n) = c.value
            {
                c.value = Value::Amount {
                    number: gongkai_model::Decimal::from_int(n),
                    unit: None,
                };
            }
            c
        })
        .collect()
}

fn short_row(spec: &ActiveRowSpec, label: Span, n: usize) -> Diagnostic {
    Diagnostic::new(
        gongkai_model::Code::ShortRow,
        Severity::Warning,
        Text::new(
            format!("表二“{}”一行的数字个数与 {n} 列不符", spec.label),
            format!("table 二 row “{}” does not print {n} numbers", spec.label),
        ),
        Label::new(label, Text::new(spec.label, spec.label)),
    )
}

/// Crawled text: label, then its cells run together, then the next label.
fn crawled(
    text: &str,
    region: Range<usize>,
    specs: &[ActiveRowSpec],
    source: SourceId,
    diags: &mut Vec<Diagnostic>,
    amount_unit: &mut Option<Spanned<Unit>>,
) -> Vec<ActiveRowData> {
    let norm = Normalized::new(text, region);
    let mut hits = active_hits(&norm.text);
    for stop in ["第二十条", "信息内容", "三.收到", "收到和处理"] {
        let mut from = 0;
        while let Some(i) = norm.text[from..].find(stop) {
            hits.push((from + i, from + i + stop.len(), specs[0].row));
            from += i + stop.len();
        }
    }
    hits.sort_by_key(|h| h.0);
    let mut out = Vec::new();
    let mut from = 0;
    for spec in specs {
        let Some(&(start, end, _)) = hits
            .iter()
            .find(|h| h.0 >= from && h.2 == spec.row && matches_sig(&norm.text[h.0..h.1], spec))
        else {
            continue;
        };
        from = end;
        let next = hits
            .iter()
            .find(|h| h.0 >= end)
            .map_or(norm.text.len(), |h| h.0);
        let Some(run) = first_run(&norm.text[end..next]) else {
            continue;
        };
        let run = end + run.start..end + run.end;
        let kinds: Vec<ColumnKind> = spec.columns.iter().map(|c| c.2).collect();
        let run_text = &norm.text[run.clone()];
        let full = splits(run_text, &kinds);
        // Table 二 has no identity to tell a blank cell from digits run together: a run that
        // also splits into fewer cells (some of them blank) is not settled by the columns.
        let blanks = blank_readings(run_text, &kinds);
        let count = |r: &Option<Vec<Split>>| r.as_ref().map_or(MAX_CANDIDATES, Vec::len);
        let (full_ways, ways) = (count(&full), count(&full) + count(&blanks));
        let label = {
            let r = norm.source_range(start..end);
            Span::new(source, r.start, r.end)
        };
        let src = norm.source_range(run.clone());
        let mut readings: Vec<Split> = match (full, blanks) {
            (Some(mut full), Some(blanks)) if ways <= MAX_CANDIDATES => {
                full.extend(blanks);
                full
            }
            _ => Vec::new(),
        };
        // One reading is the row; several, blank cells among them: the narrative or the
        // relations every report obeys may rule out all but one.
        let chosen = match readings.len() {
            1 => readings.pop().map(|r| (r, None)),
            n if n > 1 => {
                let facts = narrative_facts(text, spec, label.start as usize, source);
                choose(&readings, spec, &facts, None)
                    .map(|(i, resolved_by)| (readings.swap_remove(i), Some((n, resolved_by))))
            }
            _ => None,
        };
        let mut split = None;
        let cells: Vec<Cell> = if let Some((reading, decided)) = chosen {
            if let Some((count, resolved_by)) = decided {
                split = Some(SplitChoice {
                    run: Span::new(source, src.start, src.end),
                    candidates: count as u32,
                    resolved_by,
                });
            }
            norm.split_cells(&run, &reading, source)
        } else {
            let what = (
                format!("表二“{}”一行", spec.label),
                format!("table 二 row “{}”", spec.label),
            );
            diags.push(ambiguous_split(
                text,
                src.clone(),
                source,
                (&what.0, &what.1),
                // Blank cells are counted only when the cells alone fit one way.
                if full_ways == 1 { ways } else { full_ways },
            ));
            // The unit is certain even when the digits are not.
            let unit = match norm.text[run.clone()].trim_end() {
                r if r.ends_with("万元") => Some(Unit::WanYuan),
                r if r.ends_with('元') => Some(Unit::Yuan),
                _ => None,
            };
            if let Some(u) = unit
                && spec.columns.iter().any(|c| c.2 == ColumnKind::Amount)
            {
                *amount_unit = Some(Spanned::new(u, Span::new(source, src.start, src.end)));
            }
            spec.columns
                .iter()
                .map(|_| Cell {
                    value: Value::Unresolved,
                    span: Span::new(source, src.start, src.end),
                })
                .collect()
        };
        out.push(ActiveRowData {
            row: spec.row,
            label,
            split,
            cells,
        });
    }
    out
}

fn matches_sig(hit: &str, spec: &ActiveRowSpec) -> bool {
    spec.signatures.iter().any(|s| normalize_label(s) == hit)
}

#[cfg(test)]
mod tests {
    use gongkai_model::{SourceId, Value};

    use super::*;

    #[test]
    fn short_layout_rows_go_under_their_column_words() {
        let (v, diags) = rules_row(
            "第二十条第（一）项\n       信息内容   本年制发件数      本年废止件数     现行有效件数\n\
             规章                          56         0\n\
             行政规范性文件         3           0          12\n",
        );
        assert_eq!(v, vec![Value::Blank, Value::Count(56), Value::Count(0)]);
        assert!(diags.is_empty(), "{diags:?}");
    }

    #[test]
    fn short_raw_rows_are_placed_in_no_column() {
        // `pdftotext -raw`: one space apart, positions tell nothing.
        let (v, diags) = rules_row(
            "第二十条第（一）项\n信息内容 本年制发件数 本年废止件数 现行有效件数\n规章 56 0\n行政规范性文件 3 0 12\n",
        );
        assert_eq!(v, vec![Value::Unresolved; 3]);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, gongkai_model::Code::ShortRow);
    }

    /// A crawled 2021 table 二 on one line: each row's label, then its digits `runs[i]`
    /// (`"000"` for rows not given).
    fn crawled_line(runs: &[(&str, &str)]) -> String {
        crawled_line_of(Template::Y2021, runs)
    }

    /// Table 二 of `template` run together on one line, the rows `runs` names with their
    /// digits, the others zeros.
    fn crawled_line_of(template: Template, runs: &[(&str, &str)]) -> String {
        let mut text = String::from("二、主动公开政府信息情况");
        let mut item = "";
        for spec in active_rows(template) {
            if spec.item != item {
                item = spec.item;
                text.push_str(&format!("第二十条第（{item}）项信息内容"));
                for column in spec.columns {
                    text.push_str(column.1);
                }
            }
            text.push_str(spec.label);
            let zeros = "0".repeat(spec.columns.len());
            let run = runs
                .iter()
                .find(|r| r.0 == spec.key)
                .map_or(zeros.as_str(), |r| r.1);
            text.push_str(run);
        }
        text.push('\n');
        assert!(crate::outline::is_long_line(&text, 0));
        text
    }

    fn rules_row(text: &str) -> (Vec<Value>, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let table = parse(
            text,
            0..text.len(),
            Template::Y2021,
            SourceId(0),
            &mut diags,
        )
        .unwrap();
        let row = table
            .rows
            .iter()
            .find(|r| r.row == active_rows(Template::Y2021)[0].row);
        let values = row.unwrap().cells.iter().map(|c| c.value.clone()).collect();
        (values, diags)
    }

    #[test]
    fn a_run_that_could_hold_a_blank_cell_is_left_unresolved() {
        // `560`: 5, 6, 0 — or a blank and 56, 0, or 5, 60 and a blank …
        let (values, diags) = rules_row(&crawled_line(&[("rules", "560")]));
        assert_eq!(values, vec![Value::Unresolved; 3]);
        let split: Vec<_> = diags.iter().map(|d| d.code).collect();
        assert_eq!(split, [gongkai_model::Code::AmbiguousSplit]);
    }

    #[test]
    fn a_run_that_reads_one_way_only_with_a_blank_cell_is_that_reading() {
        // 2019 政府集中采购 run together as `5.5万元`: only the amount can hold it (a count
        // has no decimals), so 采购项目数量 is blank. This once indexed an empty list.
        let text = crawled_line_of(Template::Y2019, &[("procurement", "5.5万元")]);
        let mut diags = Vec::new();
        let table = parse(
            &text,
            0..text.len(),
            Template::Y2019,
            SourceId(0),
            &mut diags,
        )
        .unwrap();
        let row = table
            .row(gongkai_model::labels::ActiveRow::Procurement)
            .unwrap();
        let values: Vec<String> = row.cells.iter().map(|c| c.value.canonical()).collect();
        assert_eq!(values, ["", "5.5"], "{diags:?}");
    }

    #[test]
    fn a_run_the_narrative_decides_is_split_and_says_why() {
        // The narrative (section 一) before table 二's region.
        let parsed = |narrative: &str| {
            let text = format!("{narrative}\n{}", crawled_line(&[("rules", "560")]));
            let mut diags = Vec::new();
            let region = narrative.len() + 1..text.len();
            let table = parse(&text, region, Template::Y2021, SourceId(0), &mut diags).unwrap();
            (text, table, diags)
        };
        // 现行有效 0 alone leaves 5, 6, 0 and the readings 56, 0 with 制发 or 废止 blank.
        let (_, table, diags) = parsed("本年现行有效规章0件。");
        assert!(
            table.rows[0]
                .cells
                .iter()
                .all(|c| c.value == Value::Unresolved)
        );
        assert!(table.rows[0].split.is_none());
        assert_eq!(diags.len(), 1, "{diags:?}");
        // 制发 5 and 废止 6 rule out every other reading, blank ones included.
        let (text, table, diags) = parsed("本年制发规章5件，废止6件。");
        assert!(diags.is_empty(), "{diags:?}");
        let row = &table.rows[0];
        let values: Vec<Value> = row.cells.iter().map(|c| c.value.clone()).collect();
        assert_eq!(values, [5, 6, 0].map(Value::Count));
        let split = row.split.as_ref().unwrap();
        assert_eq!(
            &text[split.run.start as usize..split.run.end as usize],
            "560"
        );
        assert_eq!(split.candidates, 10);
        let stated: Vec<i64> = split
            .resolved_by
            .iter()
            .filter_map(|e| match e {
                gongkai_model::SplitEvidence::Narrative { value, .. } => Some(*value),
                _ => None,
            })
            .collect();
        assert_eq!(stated, [5, 6]);
        // Every other row splits in one way and carries no choice.
        assert!(table.rows[1..].iter().all(|r| r.split.is_none()));
    }

    #[test]
    fn a_run_only_full_cells_fit_is_read() {
        // `000` splits no other way: a cell cannot start with 0 and go on.
        let (values, diags) = rules_row(&crawled_line(&[]));
        assert_eq!(values, vec![Value::Count(0); 3]);
        assert!(diags.is_empty(), "{diags:?}");
    }
}
