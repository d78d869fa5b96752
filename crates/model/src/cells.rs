//! The canonical flat form of a report (spec/cells.md): ~200 `key → value` pairs in a fixed
//! order, the same for every tool and every version.

use crate::labels::{
    Applicant, ColumnKind, REVIEW_COLUMNS, ReviewGroup, Template, active_rows, request_rows,
};
use crate::report::Report;
use crate::value::{Cell, Unit, Value};

/// The template whose key list a report is printed with: the detected one, else by year
/// (2019 and 2020 reports use the 2019 template), else 2021.
pub fn key_template(report: &Report) -> Template {
    match report.template {
        Some(t) => t,
        None => match report.meta.year.as_ref().map(|y| y.value) {
            Some(y) if y < 2019 => Template::Pre2019,
            Some(y) if y < 2021 => Template::Y2019,
            _ => Template::Y2021,
        },
    }
}

/// Every key of `template` in spec order (`meta.*` first).
pub fn keys(template: Template) -> Vec<String> {
    let mut keys: Vec<String> = [
        "meta.agency",
        "meta.year",
        "meta.template",
        "meta.published",
    ]
    .iter()
    .map(|k| k.to_string())
    .collect();
    if template == Template::Pre2019 {
        return keys;
    }
    for spec in active_rows(template) {
        for (col, _, _) in spec.columns {
            keys.push(format!("active.{}.{}", spec.key, col));
        }
        if template == Template::Y2019 && spec.key == "procurement" {
            keys.push("active.procurement.amount_unit".to_string());
        }
    }
    for spec in request_rows(template) {
        for col in Applicant::ALL {
            keys.push(format!("requests.{}.{}", spec.key, col.key()));
        }
    }
    for group in ReviewGroup::ALL {
        for (col, _) in REVIEW_COLUMNS {
            keys.push(format!("{}.{}", group.key(), col));
        }
    }
    keys
}

/// The key list of `template`, built once.
fn cached_keys(template: Template) -> &'static [String] {
    static KEYS: [std::sync::OnceLock<Vec<String>>; 3] = [
        std::sync::OnceLock::new(),
        std::sync::OnceLock::new(),
        std::sync::OnceLock::new(),
    ];
    let i = match template {
        Template::Y2019 => 0,
        Template::Y2021 => 1,
        Template::Pre2019 => 2,
    };
    KEYS[i].get_or_init(|| keys(template))
}

/// The report's cells in spec order: values as spec/cells.md writes them, empty where the
/// report prints nothing or the cell could not be read.
pub fn cells(report: &Report) -> Vec<(String, String)> {
    let template = key_template(report);
    let meta = &report.meta;
    let mut values = vec![
        meta.agency
            .as_ref()
            .map(|a| a.value.clone())
            .unwrap_or_default(),
        meta.year
            .as_ref()
            .map(|y| y.value.to_string())
            .unwrap_or_default(),
        template.code().to_string(),
        meta.published
            .as_ref()
            .map(|d| d.value.to_string())
            .unwrap_or_default(),
    ];
    if template != Template::Pre2019 {
        active_cells(report, template, &mut values);
        for spec in request_rows(template) {
            let row = report.requests.as_ref().and_then(|t| t.row(spec.row));
            for col in Applicant::ALL {
                values.push(
                    row.map(|r| r.cells[col as usize].value.canonical())
                        .unwrap_or_default(),
                );
            }
        }
        for i in 0..15 {
            values.push(
                report
                    .reviews
                    .as_ref()
                    .map(|t| t.cells[i].value.canonical())
                    .unwrap_or_default(),
            );
        }
    }
    cached_keys(template).iter().cloned().zip(values).collect()
}

fn active_cells(report: &Report, template: Template, out: &mut Vec<String>) {
    let table = report.active.as_ref();
    let header_unit = table.and_then(|t| t.amount_unit.as_ref()).map(|u| u.value);
    for spec in active_rows(template) {
        let row = table.and_then(|t| t.row(spec.row));
        for (i, (_, _, kind)) in spec.columns.iter().enumerate() {
            let cell = row.and_then(|r| r.cells.get(i));
            let value = match (cell, kind) {
                (Some(c), ColumnKind::Amount) if template == Template::Y2021 => {
                    amount_in_wan_yuan(c, header_unit)
                }
                (Some(c), _) => c.value.canonical(),
                (None, _) => String::new(),
            };
            out.push(value);
        }
        if template == Template::Y2019 && spec.key == "procurement" {
            let cell_unit = row
                .and_then(|r| r.cells.get(1))
                .and_then(|c| match &c.value {
                    Value::Amount { unit, .. } => *unit,
                    _ => None,
                });
            let unit = cell_unit.or(header_unit).map(Unit::label).unwrap_or("");
            out.push(unit.to_string());
        }
    }
}

/// The 2021 fee amount is in 万元 by the template's heading; another printed unit is converted.
fn amount_in_wan_yuan(cell: &Cell, header_unit: Option<Unit>) -> String {
    match &cell.value {
        Value::Amount { number, unit } => match unit.or(header_unit) {
            Some(Unit::Yuan) => number.shift(4).to_string(),
            _ => number.to_string(),
        },
        Value::Count(n) if header_unit == Some(Unit::Yuan) => {
            crate::value::Decimal::from_int(*n).shift(4).to_string()
        }
        v => v.canonical(),
    }
}
