//! The canonical flat form of a report (spec/cells.md): ~200 `key → value` pairs in a fixed
//! order, the same for every tool and every version.

use crate::labels::{
    Applicant, ColumnKind, REVIEW_COLUMNS, ReviewGroup, Template, active_rows, request_rows,
};
use crate::report::{Date, Report};
use crate::span::Span;
use crate::value::{Cell, Decimal, Unit, Value};

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

/// One cell's value in the canonical form (spec/cells.md), borrowed from the report: printing
/// it with `Display` allocates nothing, so a batch prints its ~200 cells a report cheaply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellText<'a> {
    /// Nothing printed, or a cell that could not be read.
    Empty,
    /// Text as it is: the agency name, a mark, a unit, the template code.
    Str(&'a str),
    /// An integer: the year, a count.
    Int(i64),
    /// An exact decimal, as printed (or converted to 万元).
    Decimal(Decimal),
    /// The report's own date.
    Date(Date),
}

impl<'a> CellText<'a> {
    /// A table value in the canonical form: integers plain, amounts without unit, marks
    /// verbatim, anything unknown empty.
    pub fn of(value: &'a Value) -> Self {
        match value {
            Value::Count(n) => CellText::Int(*n),
            Value::Amount { number, .. } => CellText::Decimal(*number),
            Value::Mark(m) => CellText::Str(m),
            Value::Blank | Value::Unresolved | Value::Missing => CellText::Empty,
        }
    }
}

impl std::fmt::Display for CellText<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CellText::Empty => Ok(()),
            CellText::Str(s) => f.write_str(s),
            CellText::Int(n) => write!(f, "{n}"),
            CellText::Decimal(d) => write!(f, "{d}"),
            CellText::Date(d) => write!(f, "{d}"),
        }
    }
}

/// The report's cells in spec order: values as spec/cells.md writes them, empty where the
/// report prints nothing or the cell could not be read.
pub fn cells(report: &Report) -> Vec<(String, String)> {
    let mut out = Vec::with_capacity(cached_keys(key_template(report)).len());
    visit_cells(report, |k, v| out.push((k.to_string(), v.to_string())));
    out
}

/// Calls `f` with each cell of the report in spec order, key and value, storing nothing: what
/// printing the cells needs, without a list of them in between.
pub fn visit_cells<'a>(report: &'a Report, mut f: impl FnMut(&'static str, CellText<'a>)) {
    visit_cells_with_spans(report, |k, v, _| f(k, v));
}

/// [`visit_cells`] with the span each table cell was read from (`None` for the `meta.*` keys and
/// for a cell of a row or table the report does not have): what ties a cell to the findings
/// about it.
pub fn visit_cells_with_spans<'a>(
    report: &'a Report,
    mut f: impl FnMut(&'static str, CellText<'a>, Option<Span>),
) {
    let template = key_template(report);
    let meta = &report.meta;
    let mut keys = cached_keys(template).iter();
    let mut emit = |v: CellText<'a>, span: Option<Span>| {
        if let Some(k) = keys.next() {
            f(k, v, span);
        }
    };
    emit(
        meta.agency
            .as_ref()
            .map_or(CellText::Empty, |a| CellText::Str(&a.value)),
        None,
    );
    emit(
        meta.year
            .as_ref()
            .map_or(CellText::Empty, |y| CellText::Int(i64::from(y.value))),
        None,
    );
    // The template is printed only when it was detected (or decided from the year or the cited
    // 办函 for a report without tables): never defaulted for a text that is no report.
    emit(
        CellText::Str(report.template.map_or("", Template::code)),
        None,
    );
    emit(
        meta.published
            .as_ref()
            .map_or(CellText::Empty, |d| CellText::Date(d.value)),
        None,
    );
    if template == Template::Pre2019 {
        return;
    }
    active_cells(report, template, &mut emit);
    for spec in request_rows(template) {
        let row = report.requests.as_ref().and_then(|t| t.row(spec.row));
        for col in Applicant::ALL {
            let cell = row.map(|r| &r.cells[col as usize]);
            emit(
                cell.map_or(CellText::Empty, |c| CellText::of(&c.value)),
                cell.map(|c| c.span),
            );
        }
    }
    for i in 0..15 {
        let cell = report.reviews.as_ref().map(|t| &t.cells[i]);
        emit(
            cell.map_or(CellText::Empty, |c| CellText::of(&c.value)),
            cell.map(|c| c.span),
        );
    }
}

fn active_cells<'a>(
    report: &'a Report,
    template: Template,
    emit: &mut impl FnMut(CellText<'a>, Option<Span>),
) {
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
                (Some(c), _) => CellText::of(&c.value),
                (None, _) => CellText::Empty,
            };
            emit(value, cell.map(|c| c.span));
        }
        if template == Template::Y2019 && spec.key == "procurement" {
            let unit_cell = row.and_then(|r| r.cells.get(1));
            let cell_unit = unit_cell.and_then(|c| match &c.value {
                Value::Amount { unit, .. } => *unit,
                _ => None,
            });
            let unit = cell_unit.or(header_unit).map(Unit::label).unwrap_or("");
            emit(CellText::Str(unit), unit_cell.map(|c| c.span));
        }
    }
}

/// The 2021 fee amount is in 万元 by the template's heading; another printed unit is converted.
fn amount_in_wan_yuan(cell: &Cell, header_unit: Option<Unit>) -> CellText<'_> {
    match &cell.value {
        Value::Amount { number, unit } => match unit.or(header_unit) {
            Some(Unit::Yuan) => CellText::Decimal(number.shift(4)),
            _ => CellText::Decimal(*number),
        },
        Value::Count(n) if header_unit == Some(Unit::Yuan) => {
            CellText::Decimal(Decimal::from_int(*n).shift(4))
        }
        v => CellText::of(v),
    }
}
