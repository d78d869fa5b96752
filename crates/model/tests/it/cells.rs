//! The cells form: key order against spec/cells-2019.tsv and cells-2021.tsv, and what each value
//! prints as.

use std::path::Path;

use gongkai_model::cells::{cells, key_template, keys, visit_cells};
use gongkai_model::labels::{ActiveRow, RequestRow};
use gongkai_model::{
    ActiveRowData, ActiveTable, Applicant, Cell, Date, Decimal, Meta, Report, SourceId, Span,
    Spanned, Template, Unit, Value,
};

use crate::report::{report_2021, request_cell};
use crate::require;

/// The keys of a spec TSV in order (first column, header skipped).
fn spec_keys(file: &str) -> Option<Vec<String>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/spec")
        .join(file);
    let text = std::fs::read_to_string(path).ok()?;
    Some(
        text.lines()
            .skip(1)
            .filter_map(|l| l.split('\t').next())
            .filter(|k| !k.is_empty())
            .map(str::to_string)
            .collect(),
    )
}

#[test]
fn keys_follow_the_spec_tables_in_order() {
    for (file, template, len) in [
        ("cells-2019.tsv", Template::Y2019, 203),
        ("cells-2021.tsv", Template::Y2021, 204),
    ] {
        let Some(want) = spec_keys(file) else {
            require(&format!("../shared/spec/{file}"), false);
            return;
        };
        assert_eq!(keys(template), want, "{file}");
        assert_eq!(want.len(), len, "{file}");
    }
}

#[test]
fn keys_start_with_meta_and_pre2019_has_only_meta() {
    let meta = [
        "meta.agency",
        "meta.year",
        "meta.template",
        "meta.published",
    ];
    assert_eq!(keys(Template::Pre2019), meta);
    for t in [Template::Y2019, Template::Y2021] {
        let k = keys(t);
        assert_eq!(k[..4], meta);
        assert_eq!(k.last().unwrap(), "litigation_after_review.total");
        let mut unique = k.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), k.len(), "{t:?}");
    }
    // 2019 has the procurement unit and the single （六） row; 2021 the three rows instead.
    let k19 = keys(Template::Y2019);
    assert!(k19.contains(&"active.procurement.amount_unit".to_string()));
    assert!(k19.contains(&"requests.other.total".to_string()));
    let k21 = keys(Template::Y2021);
    assert!(k21.contains(&"requests.other.no_fee.total".to_string()));
    assert!(!k21.contains(&"requests.other.total".to_string()));
}

fn value_of<'a>(cells: &'a [(String, String)], key: &str) -> &'a str {
    &cells.iter().find(|(k, _)| k == key).unwrap().1
}

#[test]
fn cells_are_printed_in_key_order_as_the_report_states_them() {
    let mut report = report_2021();
    report.meta.published = Date::new(2023, 1, 20).map(|d| Spanned::new(d, Span::default()));
    let out = cells(&report);
    let k: Vec<&str> = out.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(k, keys(Template::Y2021));
    assert_eq!(value_of(&out, "meta.agency"), "某县市场监督管理局");
    assert_eq!(value_of(&out, "meta.year"), "2022");
    assert_eq!(value_of(&out, "meta.template"), "2021");
    assert_eq!(value_of(&out, "meta.published"), "2023-01-20");
    assert_eq!(value_of(&out, "requests.received.natural"), "5");
    assert_eq!(value_of(&out, "requests.received.total"), "11");
    assert_eq!(value_of(&out, "active.fees.amount"), "1.25");
    assert_eq!(value_of(&out, "review.total"), "4");
    // What `visit_cells` hands out is what `cells` prints.
    let mut visited = Vec::new();
    visit_cells(&report, |k, v| visited.push((k.to_string(), v.to_string())));
    assert_eq!(visited, out);
}

#[test]
fn blanks_marks_and_unknowns_print_as_the_spec_says() {
    let mut report = report_2021();
    let set = |report: &mut Report, col, value| {
        request_cell(report, RequestRow::Received, col).value = value;
    };
    set(&mut report, Applicant::Natural, Value::Blank);
    set(
        &mut report,
        Applicant::Commercial,
        Value::Mark("/".to_string()),
    );
    set(
        &mut report,
        Applicant::Research,
        Value::Mark("无".to_string()),
    );
    set(&mut report, Applicant::Nonprofit, Value::Unresolved);
    set(&mut report, Applicant::Legal, Value::Missing);
    set(&mut report, Applicant::OtherOrg, Value::Count(0));
    let out = cells(&report);
    let row: Vec<&str> = Applicant::ALL
        .iter()
        .map(|c| value_of(&out, &format!("requests.received.{}", c.key())))
        .collect();
    // Blank is not zero; marks are kept verbatim; unknown cells are empty.
    assert_eq!(row, ["", "/", "无", "", "", "0", "11"]);
    // A report without tables prints every table key, empty.
    report.requests = None;
    let out = cells(&report);
    assert_eq!(value_of(&out, "requests.received.total"), "");
    assert_eq!(out.len(), keys(Template::Y2021).len());
}

/// A 2019 report with only table 二, whose amounts and changes are given.
fn active_2019(cells: Vec<(ActiveRow, Vec<Value>)>, header_unit: Option<Unit>) -> Report {
    let rows = cells
        .into_iter()
        .map(|(row, values)| ActiveRowData {
            row,
            label: Span::default(),
            split: None,
            cells: values
                .into_iter()
                .map(|value| Cell {
                    value,
                    span: Span::default(),
                })
                .collect(),
        })
        .collect();
    Report {
        source: SourceId(0),
        meta: Meta::default(),
        template: Some(Template::Y2019),
        sections: Vec::new(),
        active: Some(ActiveTable {
            template: Template::Y2019,
            span: Span::default(),
            rows,
            amount_unit: header_unit.map(|u| Spanned::new(u, Span::default())),
        }),
        requests: None,
        reviews: None,
    }
}

fn amount(s: &str, unit: Option<Unit>) -> Value {
    Value::Amount {
        number: Decimal::parse(s).unwrap(),
        unit,
    }
}

#[test]
fn negative_counts_and_amounts_with_their_units() {
    let report = active_2019(
        vec![
            (
                ActiveRow::Licensing,
                vec![Value::Count(6), Value::Count(-2), Value::Count(7)],
            ),
            (
                ActiveRow::Procurement,
                vec![Value::Count(3), amount("96171.60", Some(Unit::Yuan))],
            ),
        ],
        None,
    );
    let out = cells(&report);
    assert_eq!(value_of(&out, "active.licensing.change"), "-2");
    // 2019: the amount as printed, its unit in a cell of its own.
    assert_eq!(value_of(&out, "active.procurement.amount"), "96171.60");
    assert_eq!(value_of(&out, "active.procurement.amount_unit"), "元");
    // The header's unit when the cell prints none; nothing when neither does.
    let report = active_2019(
        vec![(
            ActiveRow::Procurement,
            vec![Value::Count(3), amount("12.5", None)],
        )],
        Some(Unit::WanYuan),
    );
    assert_eq!(
        value_of(&cells(&report), "active.procurement.amount_unit"),
        "万元"
    );
    let report = active_2019(vec![], None);
    assert_eq!(
        value_of(&cells(&report), "active.procurement.amount_unit"),
        ""
    );
    assert_eq!(value_of(&cells(&report), "meta.agency"), "");
}

#[test]
fn a_2021_fee_in_yuan_is_printed_in_wan_yuan() {
    let fee = |report: &mut Report, value: Value, header: Option<Unit>| {
        let active = report.active.as_mut().unwrap();
        active.amount_unit = header.map(|u| Spanned::new(u, Span::default()));
        let row = active.rows.iter_mut().find(|r| r.row == ActiveRow::Fees);
        row.unwrap().cells[0].value = value;
        value_of(&cells(report), "active.fees.amount").to_string()
    };
    let mut report = report_2021();
    assert_eq!(
        fee(&mut report, amount("3940", Some(Unit::Yuan)), None),
        "0.394"
    );
    assert_eq!(
        fee(&mut report, amount("3940", None), Some(Unit::Yuan)),
        "0.394"
    );
    assert_eq!(
        fee(&mut report, Value::Count(251000), Some(Unit::Yuan)),
        "25.1"
    );
    assert_eq!(
        fee(&mut report, amount("0.5", Some(Unit::WanYuan)), None),
        "0.5"
    );
    assert_eq!(fee(&mut report, Value::Count(2), None), "2");
    assert_eq!(fee(&mut report, Value::Mark("—".to_string()), None), "—");
}

#[test]
fn the_key_template_falls_back_on_the_year() {
    let mut report = report_2021();
    report.template = None;
    assert_eq!(key_template(&report), Template::Y2021);
    for (year, want) in [
        (2018, Template::Pre2019),
        (2019, Template::Y2019),
        (2020, Template::Y2019),
        (2021, Template::Y2021),
    ] {
        report.meta.year = Some(Spanned::new(year, Span::default()));
        assert_eq!(key_template(&report), want, "{year}");
    }
    report.meta.year = None;
    assert_eq!(key_template(&report), Template::Y2021);
}
