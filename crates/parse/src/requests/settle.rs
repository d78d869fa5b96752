//! Candidate placements of table 三's value rows checked against the template's identities:
//! when labels cannot say which template row a value row is (wrapped one to three characters a
//! line in a narrow column), the rows taken in the template's order are a candidate, and the
//! identities I1 (一 + 二 = （七） + 四) and I3 (（七） = the sum of the outcomes) decide whether the
//! table it makes is consistent. A candidate that does not add up is never taken.

use gongkai_model::labels::{RequestRow, Template, request_rows};
use gongkai_model::{Identity, Meta, Outcome, Report, RequestTable, check_identities};

/// The value rows (`value_rows`, in order) placed on the template's rows in order, for each
/// variant of the template with exactly as many rows: the variant `template` (the one the
/// labels name) first.
pub(super) fn candidates(
    value_rows: &[usize],
    template: &[RequestRow],
) -> Vec<(Template, Vec<(RequestRow, usize)>)> {
    let named = variant_of(template);
    let other = match named {
        Template::Y2019 => Template::Y2021,
        _ => Template::Y2019,
    };
    [named, other]
        .into_iter()
        .filter_map(|variant| {
            let order: Vec<RequestRow> = request_rows(variant).map(|s| s.row).collect();
            (order.len() == value_rows.len()).then(|| {
                (
                    variant,
                    order.into_iter().zip(value_rows.iter().copied()).collect(),
                )
            })
        })
        .collect()
}

/// The variant of the template whose rows `template` are.
pub(super) fn variant_of(template: &[RequestRow]) -> Template {
    if template.contains(&RequestRow::Other) {
        Template::Y2019
    } else {
        Template::Y2021
    }
}

/// The fewest columns (of seven) in which I1 and I3 must each be checked and hold for a table
/// to count as consistent: blank or unreadable cells leave some columns unassessable.
const MIN_COLUMNS: usize = 4;

/// True when `table` (in `variant`) is consistent: no I1 or I3 check fails, and each holds in
/// at least [`MIN_COLUMNS`] columns. Row totals (I2) do not depend on where a row is placed
/// and are not asked.
pub(super) fn consistent(table: &RequestTable, variant: Template) -> bool {
    let report = Report {
        source: table.span.source,
        meta: Meta::default(),
        template: Some(variant),
        sections: Vec::new(),
        active: None,
        requests: Some(table.clone()),
        reviews: None,
    };
    let checks = check_identities(&report);
    let mut holds = [0usize; 2];
    for c in &checks {
        let k = match c.identity {
            Identity::I1 => 0,
            Identity::I3 => 1,
            _ => continue,
        };
        match c.outcome {
            Outcome::Holds => holds[k] += 1,
            Outcome::Mismatch { .. } => return false,
            Outcome::NotAssessable => {}
        }
    }
    holds.iter().all(|&h| h >= MIN_COLUMNS)
}

#[cfg(test)]
pub(super) mod tests {
    use gongkai_model::labels::RequestRow::*;
    use gongkai_model::labels::{REQUEST_ROWS, request_rows};

    use gongkai_model::Diagnostic;

    use super::*;
    use crate::requests::tests::{codes, counts, read};

    /// Numbers for every row of `variant` that keep I1–I3: outcome rows drawn from their
    /// position, （七） their sum, 一 chosen so that 一 + 二 = （七） + 四.
    pub(crate) fn numbers(variant: Template) -> Vec<(RequestRow, [i64; 7])> {
        let order: Vec<RequestRow> = request_rows(variant).map(|s| s.row).collect();
        let with_total = |six: [i64; 6]| {
            let mut row = [0; 7];
            row[..6].copy_from_slice(&six);
            row[6] = six.iter().sum();
            row
        };
        let mut out: Vec<(RequestRow, [i64; 7])> = Vec::new();
        let mut total = [0i64; 6];
        for (r, &row) in order.iter().enumerate() {
            if row.spec().outcome {
                let six: [i64; 6] = std::array::from_fn(|c| ((r * 7 + c * 3) % 10) as i64);
                for c in 0..6 {
                    total[c] += six[c];
                }
                out.push((row, with_total(six)));
            }
        }
        let carried_over: [i64; 6] = std::array::from_fn(|c| (c % 3) as i64);
        let carried_forward: [i64; 6] = std::array::from_fn(|c| ((c + 1) % 2) as i64);
        let received: [i64; 6] =
            std::array::from_fn(|c| total[c] + carried_forward[c] - carried_over[c]);
        let mut all = vec![
            (Received, with_total(received)),
            (CarriedOver, with_total(carried_over)),
        ];
        all.extend(out);
        all.push((Total, with_total(total)));
        all.push((CarriedForward, with_total(carried_forward)));
        all
    }

    /// The label of `row` cut into pieces of `width` characters.
    fn pieces(label: &str, width: usize) -> Vec<String> {
        let chars: Vec<char> = label.chars().collect();
        chars.chunks(width).map(|c| c.iter().collect()).collect()
    }

    /// Table 三 as `pdftotext -raw` prints a very narrow label column: a group label one
    /// character a line, each row's label a few characters a line, then its numbers.
    pub(crate) fn raw(rows: &[(RequestRow, [i64; 7])]) -> String {
        let mut text = String::new();
        let mut group = None;
        for (row, values) in rows {
            let spec = row.spec();
            if spec.group != group {
                if let Some(g) = spec.group {
                    for c in g.label().chars() {
                        text.push_str(&format!("{c}\n"));
                    }
                }
                group = spec.group;
            }
            for p in pieces(spec.label, 2) {
                text.push_str(&format!("{p}\n"));
            }
            let numbers: Vec<String> = values.iter().map(i64::to_string).collect();
            text.push_str(&format!("{}\n", numbers.join(" ")));
        }
        text
    }

    /// Table 三 as `pdftotext -layout` prints a very narrow label column: each row's label a
    /// few characters a line, its numbers on the middle line, the group label one character a
    /// line in a column of its own to the left.
    pub(crate) fn layout(rows: &[(RequestRow, [i64; 7])]) -> String {
        let mut text = String::new();
        let mut group = None;
        let mut group_chars: Vec<char> = Vec::new();
        for (row, values) in rows {
            let spec = row.spec();
            if spec.group != group {
                group_chars = spec
                    .group
                    .map_or(Vec::new(), |g| g.label().chars().collect());
                group_chars.reverse();
                group = spec.group;
            }
            let lines = pieces(spec.label, 3);
            let mid = lines.len() / 2;
            for (k, p) in lines.iter().enumerate() {
                let g = group_chars
                    .pop()
                    .map_or("  ".to_string(), |c| c.to_string());
                text.push_str(&format!(" {g} {p}"));
                if k == mid {
                    for v in values {
                        text.push_str(&format!("{v:>7}"));
                    }
                }
                text.push('\n');
            }
        }
        text
    }

    fn expected(rows: &[(RequestRow, [i64; 7])]) -> Vec<(RequestRow, Vec<Option<i64>>)> {
        rows.iter()
            .map(|(r, v)| (*r, v.iter().map(|&n| Some(n)).collect()))
            .collect()
    }

    /// Table 三's rows with their seven numbers.
    type Rows = [(RequestRow, [i64; 7])];

    /// Both templates' tables printed by `print` read in template order, as read, silently.
    fn reads_in_template_order(print: fn(&Rows) -> String) {
        for variant in [Template::Y2019, Template::Y2021] {
            let rows = numbers(variant);
            let (table, diags) = read(&print(&rows));
            let table = table.unwrap();
            assert_eq!(counts(&table), expected(&rows), "{variant:?}");
            assert!(table.rows.iter().all(|r| !r.uncertain));
            assert!(diags.is_empty(), "{:?}", codes(&diags));
        }
    }

    #[test]
    fn narrow_raw_labels_read_in_template_order() {
        reads_in_template_order(raw);
    }

    #[test]
    fn narrow_layout_labels_read_in_template_order() {
        reads_in_template_order(layout);
    }

    /// No row whose values are printed as read sits on a row the numbers are not from.
    fn no_silent_shift(text: &str, rows: &[(RequestRow, [i64; 7])]) -> Vec<Diagnostic> {
        let (table, diags) = read(text);
        let table = table.unwrap();
        for r in table.rows.iter().filter(|r| !r.uncertain) {
            let want = rows.iter().find(|(row, _)| *row == r.row).unwrap().1;
            let got: Vec<Option<i64>> = r.cells.iter().map(|c| c.value.count()).collect();
            let want: Vec<Option<i64>> = want.iter().map(|&n| Some(n)).collect();
            assert_eq!(got, want, "{:?} printed as read", r.row);
        }
        diags
    }

    #[test]
    fn a_table_that_does_not_add_up_is_placed_by_its_labels_or_flagged() {
        // An outcome row misprinted: the rows in order no longer satisfy I3; the rejoined
        // labels still place every row, or the rows are flagged.
        let mut rows = numbers(Template::Y2021);
        rows[5].1[0] += 1;
        rows[5].1[6] += 1;
        for text in [raw(&rows), layout(&rows)] {
            no_silent_shift(&text, &rows);
        }
    }

    #[test]
    fn numbers_without_labels_go_in_template_order_only_when_they_add_up() {
        let mut rows = numbers(Template::Y2021);
        let bare = |rows: &[(RequestRow, [i64; 7])]| -> String {
            let mut text = String::from("一、本年新收政府信息公开申请数量\n");
            for (_, values) in rows {
                let numbers: Vec<String> = values.iter().map(i64::to_string).collect();
                text.push_str(&format!("{}\n", numbers.join(" ")));
            }
            text
        };
        let (table, diags) = read(&bare(&rows));
        assert_eq!(counts(&table.unwrap()), expected(&rows));
        assert!(diags.is_empty(), "{:?}", codes(&diags));
        // Two outcome rows that no longer add up: nothing tells where the rows go.
        rows[7].1[2] += 2;
        rows[7].1[6] += 2;
        let diags = no_silent_shift(&bare(&rows), &rows);
        assert!(
            codes(&diags).contains(&"row-mapping-unsure"),
            "{:?}",
            codes(&diags)
        );
    }

    #[test]
    fn a_missing_row_is_not_filled_by_its_neighbours() {
        // One row of numbers fewer than the template: the order alone cannot place them.
        let mut rows = numbers(Template::Y2021);
        rows.remove(8);
        for text in [raw(&rows), layout(&rows)] {
            let diags = no_silent_shift(&text, &rows);
            assert!(
                codes(&diags).contains(&"row-mapping-unsure"),
                "{:?}",
                codes(&diags)
            );
        }
    }

    #[test]
    fn a_group_label_one_character_a_line_leaves_no_row() {
        let rows = numbers(Template::Y2021);
        let text = raw(&rows);
        // （四）无法提供 printed one character a line: 无 is a mark, not a row of numbers.
        assert!(text.contains("\n无\n"));
        let (table, diags) = read(&text);
        assert_eq!(counts(&table.unwrap()), expected(&rows));
        assert!(diags.is_empty(), "{:?}", codes(&diags));
    }

    #[test]
    fn a_group_subtotal_in_a_narrow_column_is_left_out_and_reported() {
        let rows = numbers(Template::Y2021);
        let text = raw(&rows);
        // The subtotal of （三）不予公开 printed under its label, before its first item.
        let subtotal: [i64; 7] = std::array::from_fn(|c| {
            rows.iter()
                .filter(|(r, _)| {
                    r.spec().group == Some(gongkai_model::labels::RequestGroup::Denied)
                })
                .map(|(_, v)| v[c])
                .sum()
        });
        let line: Vec<String> = subtotal.iter().map(i64::to_string).collect();
        let text = text.replacen("开\n1.\n", &format!("开\n{}\n1.\n", line.join(" ")), 1);
        assert_ne!(text, raw(&rows));
        let (table, diags) = read(&text);
        assert_eq!(counts(&table.unwrap()), expected(&rows));
        assert_eq!(codes(&diags), ["unmatched-row"]);
    }

    #[test]
    fn narrow_raw_labels_with_one_number_a_line() {
        for variant in [Template::Y2019, Template::Y2021] {
            let rows = numbers(variant);
            let text = raw(&rows);
            // Each number on a line of its own, as `pdftotext -raw` prints some PDFs.
            let text: String = text
                .lines()
                .flat_map(|l| {
                    if l.starts_with(|c: char| c.is_ascii_digit()) && l.contains(' ') {
                        l.split(' ').map(str::to_string).collect::<Vec<_>>()
                    } else {
                        vec![l.to_string()]
                    }
                })
                .map(|l| l + "\n")
                .collect();
            let (table, diags) = read(&text);
            println!("{text}");
            let table = table.unwrap();
            for r in table.rows.iter().filter(|r| !r.uncertain) {
                let want = rows.iter().find(|(row, _)| *row == r.row).unwrap().1;
                let got: Vec<Option<i64>> = r.cells.iter().map(|c| c.value.count()).collect();
                assert_eq!(
                    got,
                    want.map(Some).to_vec(),
                    "{:?} {variant:?} {:?}",
                    r.row,
                    codes(&diags)
                );
            }
            assert_eq!(
                counts(&table),
                expected(&rows),
                "{variant:?} {:?}",
                codes(&diags)
            );
        }
    }

    #[test]
    fn the_template_order_never_overrules_a_label() {
        // Two outcome rows printed in the other order, each with its label, and a row whose
        // label is lost: the count fits the template and the table adds up (I3 cannot tell
        // the two apart), but the labels say where the rows go.
        let rows = numbers(Template::Y2019);
        let mut text = String::new();
        for (k, (row, values)) in rows.iter().enumerate() {
            let k = match k {
                4 => 5,
                5 => 4,
                k => k,
            };
            let (row, values) = if k == 4 || k == 5 {
                rows[k]
            } else {
                (*row, *values)
            };
            let label = if k == 9 { "" } else { row.spec().label };
            let numbers: Vec<String> = values.iter().map(i64::to_string).collect();
            text.push_str(&format!("{label}\t{}\n", numbers.join("\t")));
        }
        let diags = no_silent_shift(&text, &rows);
        assert!(!codes(&diags).is_empty());
    }

    #[test]
    fn candidates_follow_the_row_count() {
        let rows: Vec<usize> = (0..25).collect();
        let y2019: Vec<RequestRow> = request_rows(Template::Y2019).map(|s| s.row).collect();
        let found = candidates(&rows, &y2019);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, Template::Y2021);
        assert_eq!(found[0].1[24], (CarriedForward, 24));
        assert!(candidates(&rows[..24], &y2019).is_empty());
        assert_eq!(REQUEST_ROWS.len(), 26);
    }
}
