//! A valid report built in code, the baseline every test edits once.

use gongkai_model::labels::{ActiveRow, REVIEW_COLUMNS, RequestRow, active_rows, request_rows};
use gongkai_model::{
    ActiveRowData, ActiveTable, Applicant, Cell, Decimal, Meta, Report, RequestRowData,
    RequestTable, ReviewTable, SourceId, Span, Spanned, Template, Unit, Value,
};

/// A span unique to each cell, so that operands can be told apart by where they are.
fn at(n: usize) -> Span {
    Span::new(SourceId(0), n, n + 1)
}

fn count(n: i64, place: usize) -> Cell {
    Cell {
        value: Value::Count(n),
        span: at(place),
    }
}

/// The six applicant columns of each row of table 三 in the baseline; 总计 is their sum.
fn applicants(row: RequestRow) -> [i64; 6] {
    match row {
        RequestRow::Received => [5, 3, 0, 1, 0, 2],
        RequestRow::CarriedOver => [1, 0, 0, 0, 0, 1],
        // 一 + 二 − 四: everything received was decided, one request carried forward.
        RequestRow::Total => [5, 3, 0, 1, 0, 3],
        RequestRow::Granted => [3, 2, 0, 1, 0, 1],
        RequestRow::DeniedThirdParty => [1, 0, 0, 0, 0, 0],
        RequestRow::UnavailableNotHeld => [1, 1, 0, 0, 0, 1],
        RequestRow::OtherOther => [0, 0, 0, 0, 0, 1],
        RequestRow::CarriedForward => [1, 0, 0, 0, 0, 0],
        _ => [0; 6],
    }
}

/// Table 三 of the 2021 template, every identity holding.
pub fn requests() -> RequestTable {
    let rows = request_rows(Template::Y2021)
        .enumerate()
        .map(|(r, spec)| {
            let values = applicants(spec.row);
            let total: i64 = values.iter().sum();
            let cells: [Cell; 7] = std::array::from_fn(|c| {
                count(values.get(c).copied().unwrap_or(total), 1000 + 10 * r + c)
            });
            RequestRowData {
                row: spec.row,
                label: at(900 + r),
                cells,
                uncertain: false,
            }
        })
        .collect();
    RequestTable {
        span: Span::new(SourceId(0), 900, 2000),
        rows,
    }
}

/// Table 四: each group's 总计 is the sum of its four results.
pub fn reviews() -> ReviewTable {
    let groups = [[2, 1, 0, 1], [1, 0, 1, 0], [0, 0, 0, 0]];
    ReviewTable {
        span: Span::new(SourceId(0), 3000, 3100),
        cells: std::array::from_fn(|i| {
            let (g, c) = (i / REVIEW_COLUMNS.len(), i % REVIEW_COLUMNS.len());
            let value = groups[g].get(c).copied().unwrap_or(groups[g].iter().sum());
            count(value, 3000 + i)
        }),
    }
}

/// Table 二 of the 2021 template: counts, and the fee amount in 万元.
pub fn active_2021() -> ActiveTable {
    let rows = active_rows(Template::Y2021)
        .iter()
        .enumerate()
        .map(|(r, spec)| ActiveRowData {
            row: spec.row,
            label: at(100 + r),
            split: None,
            cells: (0..spec.columns.len())
                .map(|c| {
                    if spec.row == ActiveRow::Fees {
                        Cell {
                            value: Value::Amount {
                                number: Decimal::parse("1.25").unwrap(),
                                unit: None,
                            },
                            span: at(200),
                        }
                    } else {
                        count((r * 3 + c) as i64, 200 + 10 * r + c)
                    }
                })
                .collect(),
        })
        .collect();
    ActiveTable {
        template: Template::Y2021,
        span: Span::new(SourceId(0), 100, 300),
        rows,
        amount_unit: Some(Spanned::new(Unit::WanYuan, at(99))),
    }
}

/// A 2021 report whose identities all hold.
pub fn report_2021() -> Report {
    Report {
        source: SourceId(0),
        meta: Meta {
            title: None,
            agency: Some(Spanned::new("某县市场监督管理局".to_string(), at(1))),
            year: Some(Spanned::new(2022, at(2))),
            published: None,
        },
        template: Some(Template::Y2021),
        sections: Vec::new(),
        active: Some(active_2021()),
        requests: Some(requests()),
        reviews: Some(reviews()),
    }
}

/// The cell of table 三 at `row`, `col`.
pub fn request_cell(report: &mut Report, row: RequestRow, col: Applicant) -> &mut Cell {
    let table = report.requests.as_mut().unwrap();
    let r = table.rows.iter_mut().find(|r| r.row == row).unwrap();
    &mut r.cells[col as usize]
}
