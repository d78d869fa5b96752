//! Rows that carry their own values, in any delimited or column layout: each value row is
//! placed on a template row (`align.rs`), its values fitted into the seven columns; rows that
//! print too few or too many numbers, an extra subtotal column, and rows that fit no template
//! row are reported. Rows placed without their own label are read again with their labels
//! rejoined from the lines around them (`joined.rs`); where that reading surely names another
//! row, or labels say too little to place every row (wrapped past recognition in a narrow
//! column), the rows in template order and the rejoined reading are candidates, each kept only
//! when the table it gives is consistent (`settle.rs`); else the rows in doubt are flagged.

use gongkai_model::labels::RequestRow;
use gongkai_model::{
    Diagnostic, Label, RequestRowData, RequestTable, Severity, SourceId, Span, Text, Value,
};

use super::Lines;
use super::align::{align, unsure};
use super::joined;
use super::settle::{candidates, consistent};
use crate::fit::{Fit, fit, learn_columns, to_array};
use crate::matcher::RequestMatch;
use crate::rows::Row;
use crate::token::Piece;

/// Reads the table from its labelled rows.
pub(super) fn read(
    text: &str,
    lines: &Lines,
    span: Span,
    source: SourceId,
    diags: &mut Vec<Diagnostic>,
) -> RequestTable {
    let Lines {
        rows,
        matches,
        value_rows: all_rows,
        template,
    } = lines;
    // A group label printed one character a line leaves stray marks (`无`, `、`) that are no
    // row of numbers.
    let numbered: Vec<usize> = all_rows
        .iter()
        .copied()
        .filter(|&i| !is_stray(text, &rows[i]))
        .collect();
    let value_rows = &numbered;
    let assigned = align(rows, matches, value_rows, template);
    let mut unsure = unsure(rows, matches, value_rows, template, &assigned);
    // Rows placed without their own label on their line: their labels rejoined from the
    // lines around them are a second reading; where it surely names another row, the first
    // is not sure.
    let unlabelled: Vec<bool> = assigned
        .iter()
        .map(|&(t, i)| matches[i].leaf != Some(t))
        .collect();
    let count = unlabelled.iter().filter(|&&u| u).count();
    let mut reading = None;
    if count > 0 {
        // Most rows unlabelled (a narrow column): all are read, for the candidates below too.
        let wanted: Vec<bool> = if count * 2 > assigned.len() {
            vec![true; value_rows.len()]
        } else {
            value_rows
                .iter()
                .map(|i| {
                    assigned
                        .iter()
                        .zip(&unlabelled)
                        .any(|(&(_, a), &u)| u && a == *i)
                })
                .collect()
        };
        let r = joined::Reading::new(text, lines, value_rows, &wanted);
        for (u, o) in unsure.iter_mut().zip(r.elsewhere(&assigned)) {
            *u |= o;
        }
        reading = Some(r);
    }
    let doubtful = unsure.iter().any(|&u| u) || assigned.len() < value_rows.len();
    if doubtful {
        // The labels leave rows unplaced or placed on no evidence. Candidates, each taken only
        // when the table it makes adds up: the value rows in template order when there are
        // exactly as many as template rows; the rows as their rejoined labels place them (a
        // row they place nowhere, a group's subtotal, is reported).
        // Rows placed by their own label stay where they are: the template's order is no
        // evidence against a label (and I3 cannot tell two outcome rows apart).
        let mut tries = candidates(value_rows, template);
        tries.retain(|(_, order)| {
            order.iter().all(|&(t, i)| {
                assigned
                    .iter()
                    .all(|&(u, j)| j != i || matches[j].leaf != Some(u) || u == t)
            })
        });
        let reading = match reading {
            Some(r) if r.is_whole() => r,
            _ => joined::Reading::all(text, lines, value_rows),
        };
        let (variant, second, _) = joined::place(lines, &reading);
        if !second.is_empty() {
            tries.push((variant, second));
        }
        for (variant, order) in tries {
            let mut found = Vec::new();
            let table = place(
                text,
                lines,
                value_rows,
                &order,
                &[],
                span,
                source,
                &mut found,
            );
            if consistent(&table, variant) {
                diags.extend(found);
                return table;
            }
        }
    }
    place(
        text, lines, value_rows, &assigned, &unsure, span, source, diags,
    )
}

/// A single mark without a number, beside no label or one character: a character of a label
/// printed one a line (`无` of （四）无法提供, `、` of 三、本年度办理结果, with a character of the group
/// label beside it), not a row of the table (`text`: the source).
fn is_stray(text: &str, row: &Row) -> bool {
    let label_chars = row.label_range().map_or(0, |l| {
        text[l].chars().filter(|c| !c.is_whitespace()).count()
    });
    label_chars <= 1
        && row.filled_values() <= 1
        && row.values().iter().all(|c| {
            !matches!(
                c.piece,
                Piece::Value(Value::Count(_) | Value::Amount { .. })
            )
        })
}

/// The table the value rows make when placed as `assigned` says (`unsure`: which of them sit
/// where they do on no evidence; empty when all are sure), with the findings about its rows;
/// `value_rows` not placed are reported.
#[allow(clippy::too_many_arguments)]
fn place(
    text: &str,
    lines: &Lines,
    value_rows: &[usize],
    assigned: &[(RequestRow, usize)],
    unsure: &[bool],
    span: Span,
    source: SourceId,
    diags: &mut Vec<Diagnostic>,
) -> RequestTable {
    let Lines { rows, matches, .. } = lines;
    let width = column_count(rows, assigned);
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
    let mut guessed = Vec::new();
    for (k, &(row, i)) in assigned.iter().enumerate() {
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
        let guess = unsure.get(k).copied().unwrap_or(false);
        if guess {
            guessed.push((row, Span::new(source, r.range.start, r.range.end)));
        }
        out.push(RequestRowData {
            row,
            label,
            cells: to_array(cells, source, r.range.end),
            uncertain: matches!(how, Fit::Short | Fit::Long) || guess,
        });
    }
    if !guessed.is_empty() {
        diags.push(mapping_unsure(&guessed));
    }
    unassigned_rows(rows, matches, value_rows, assigned, text, source, diags);
    RequestTable { span, rows: out }
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

/// The finding for rows placed on no evidence (see [`unsure`]): it names each row and points
/// at the lines whose numbers were placed there.
pub(super) fn mapping_unsure(guessed: &[(RequestRow, Span)]) -> Diagnostic {
    let names: Vec<&str> = guessed.iter().map(|(r, _)| r.spec().label).collect();
    let mut d = Diagnostic::new(
        gongkai_model::Code::RowMappingUnsure,
        Severity::Warning,
        Text::new(
            format!(
                "表三有 {} 行数字无法确定属于模板的哪一行（标签被折断、无法辨认），暂按顺序放在“{}”，这些数字不作为已读出的值，也不参与勾稽核对",
                names.len(),
                names.join("”“")
            ),
            format!(
                "table 三: {} row(s) of numbers cannot be placed in the template for sure (labels wrapped past recognition); placed in order at “{}”, they are not taken as read and identities do not use them",
                names.len(),
                names.join("”, “")
            ),
        ),
        Label::new(guessed[0].1, Text::new(names[0], names[0])),
    );
    for (row, span) in &guessed[1..] {
        let name = row.spec().label;
        d = d.with_secondary(Label::new(*span, Text::new(name, name)));
    }
    d.with_help(Text::new(
        "对照原件核对这几行；以表格（DOCX、HTML）或制表符分隔的文本提供报告可避免折行错位",
        "check these rows against the original; a report given as a table (DOCX, HTML) or with TAB-separated rows avoids wrapped labels",
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

#[cfg(test)]
mod tests {
    use gongkai_model::labels::RequestRow::*;

    use crate::requests::tests::{codes, counts, read};

    fn row(values: [i64; 7]) -> Vec<Option<i64>> {
        values.iter().map(|&v| Some(v)).collect()
    }

    #[test]
    fn tab_rows_with_group_labels_beside_them() {
        let text = "\
一、本年新收政府信息公开申请数量\t3\t1\t0\t0\t0\t0\t4
二、上年结转政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1
三、本年度办理结果\t（一）予以公开\t4\t1\t0\t0\t0\t0\t5
\t（七）总计\t4\t1\t0\t0\t0\t0\t5
四、结转下年度继续办理\t0\t0\t0\t0\t0\t0\t0
";
        let (table, diags) = read(text);
        let table = table.unwrap();
        assert_eq!(
            counts(&table),
            vec![
                (Received, row([3, 1, 0, 0, 0, 0, 4])),
                (CarriedOver, row([1, 0, 0, 0, 0, 0, 1])),
                (Granted, row([4, 1, 0, 0, 0, 0, 5])),
                (Total, row([4, 1, 0, 0, 0, 0, 5])),
                (CarriedForward, row([0; 7])),
            ]
        );
        assert!(diags.is_empty(), "{:?}", codes(&diags));
        // The label span covers the row's label cells, the group beside it included.
        let granted = &table.rows[2];
        assert_eq!(
            &text[granted.label.range()],
            "三、本年度办理结果\t（一）予以公开"
        );
    }

    #[test]
    fn one_cell_per_line_as_word_copies_it() {
        let mut text = String::from("\t一、本年新收政府信息公开申请数量\n");
        for v in [35, 1, 0, 4, 4, 13, 57] {
            text.push_str(&format!("\t{v}\n"));
        }
        text.push_str("\n\t二、上年结转政府信息公开申请数量\n");
        for v in [3, 3, 0, 3, 1, 3, 13] {
            text.push_str(&format!("\t{v}\n"));
        }
        let (table, diags) = read(&text);
        assert_eq!(
            counts(&table.unwrap()),
            vec![
                (Received, row([35, 1, 0, 4, 4, 13, 57])),
                (CarriedOver, row([3, 3, 0, 3, 1, 3, 13])),
            ]
        );
        assert!(diags.is_empty(), "{:?}", codes(&diags));
    }

    #[test]
    fn spaced_columns_with_a_label_wrapped_over_lines() {
        // pdftotext -layout: the label of （二） wraps, its numbers sit on a later line beside a
        // fragment of the merged group cell.
        let text = "\
一、本年新收政府信息公开申请数量                13      4      0      0      0      0       17
二、上年结转政府信息公开申请数量                 2      1      0      0      0      0        3
      （一）予以公开                             6      1      0      0      0      0        7
      （二）部分公开（区分处理的，只计这一情形，不
      计其他情形）
 三                                              2      0      0      0      0      0        2
      （七）总计                                 8      1      0      0      0      0        9
四、结转下年度继续办理                           7      4      0      0      0      0       11
";
        let (table, diags) = read(text);
        assert_eq!(
            counts(&table.unwrap()),
            vec![
                (Received, row([13, 4, 0, 0, 0, 0, 17])),
                (CarriedOver, row([2, 1, 0, 0, 0, 0, 3])),
                (Granted, row([6, 1, 0, 0, 0, 0, 7])),
                (PartlyGranted, row([2, 0, 0, 0, 0, 0, 2])),
                (Total, row([8, 1, 0, 0, 0, 0, 9])),
                (CarriedForward, row([7, 4, 0, 0, 0, 0, 11])),
            ]
        );
        assert!(diags.is_empty(), "{:?}", codes(&diags));
    }

    #[test]
    fn an_extra_subtotal_column_is_left_out_with_a_note() {
        let text = "\
一、本年新收政府信息公开申请数量\t3\t2\t1\t1\t0\t0\t0\t5
二、上年结转政府信息公开申请数量\t1\t1\t0\t1\t0\t0\t0\t2
（七）总计\t4\t2\t1\t1\t0\t0\t0\t6
四、结转下年度继续办理\t0\t1\t0\t1\t0\t0\t0\t1
";
        let (table, diags) = read(text);
        assert_eq!(
            counts(&table.unwrap())[0],
            (Received, row([3, 1, 1, 0, 0, 0, 5]))
        );
        assert_eq!(codes(&diags), ["request-subtotal-column"]);
    }

    #[test]
    fn a_row_with_too_few_numbers_is_uncertain_and_reported() {
        let text = "\
一、本年新收政府信息公开申请数量 3 4
二、上年结转政府信息公开申请数量 1 0 0 0 0 0 1
";
        let (table, diags) = read(text);
        let table = table.unwrap();
        assert!(table.rows[0].uncertain);
        assert!(!table.rows[1].uncertain);
        assert_eq!(codes(&diags), ["short-row"]);
    }

    #[test]
    fn a_label_character_beside_a_mark_is_no_row() {
        // A PDF's table row taller than a page, its labels one character a line: `无` of
        // 申请人无正当理由 beside `他` of the group label is a mark, not a row of numbers.
        let text = "\
5.要求行政机关确认或重新出具已获取信息\t0\t0\t0\t0\t0\t0\t0
\t（\t1.\t1\t0\t0\t0\t0\t0\t1
\t他\t无\t\t\t\t\t\t\t
\t处\t、\t\t\t\t\t\t\t
（七）总计\t1\t0\t0\t0\t0\t0\t1
四、结转下年度继续办理\t0\t0\t0\t0\t0\t0\t0
";
        let (table, diags) = read(text);
        let rows = counts(&table.unwrap());
        assert_eq!(rows.len(), 4, "{rows:?}");
        assert_eq!(rows[1].1, row([1, 0, 0, 0, 0, 0, 1]));
        assert_eq!(rows[2], (Total, row([1, 0, 0, 0, 0, 0, 1])));
        assert!(
            !codes(&diags).contains(&"unmatched-row"),
            "{:?}",
            codes(&diags)
        );
        assert!(!codes(&diags).contains(&"short-row"), "{:?}", codes(&diags));
    }

    #[test]
    fn a_group_subtotal_row_is_reported_and_not_used() {
        let text = "\
（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t0\t0\t0\t0\t0\t0\t0
（三）不予公开\t1\t0\t0\t0\t0\t0\t1
1.属于国家秘密\t1\t0\t0\t0\t0\t0\t1
";
        let (table, diags) = read(text);
        assert_eq!(
            counts(&table.unwrap()),
            vec![
                (PartlyGranted, row([0; 7])),
                (DeniedStateSecret, row([1, 0, 0, 0, 0, 0, 1])),
            ]
        );
        assert_eq!(codes(&diags), ["unmatched-row"]);
        assert!(diags[0].message.zh.contains("分组小计行"), "{:?}", diags[0]);
    }
}
