//! The arithmetic identities of the templates (spec/templates.md §5), as code.
//!
//! I1 is printed in table 三's corner note; I2–I4 follow from what a cell labelled 总计 can only
//! mean. Each check names every operand cell with its key, span and value. A blank, mark or
//! missing operand makes the identity "not assessable" — never a false mismatch.

use std::borrow::Cow;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Text;
use crate::labels::{
    Applicant, REQUEST_ROWS, REVIEW_COLUMNS, RequestRow, ReviewGroup, Template, request_rows,
};
use crate::report::{Report, RequestRowData, RequestTable, ReviewTable};
use crate::span::Span;
use crate::value::Cell;

/// Which identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Identity {
    /// Table 三, per column: 一 + 二 = （七）总计 + 四.
    I1,
    /// Table 三, per row: 总计 = the six applicant columns.
    I2,
    /// Table 三, per column: （七）总计 = the sum of the outcome rows.
    I3,
    /// Table 四, per group: 总计 = 维持 + 纠正 + 其他 + 尚未审结.
    I4,
}

impl Identity {
    /// The code a mismatch is reported under.
    pub fn code(self) -> crate::Code {
        match self {
            Identity::I1 => crate::Code::RequestFlowMismatch,
            Identity::I2 => crate::Code::RequestRowTotalMismatch,
            Identity::I3 => crate::Code::RequestOutcomeTotalMismatch,
            Identity::I4 => crate::Code::ReviewTotalMismatch,
        }
    }
}

/// One cell taking part in an identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Operand {
    /// The canonical key (spec/cells.md).
    pub key: Cow<'static, str>,
    /// Row and column labels as the template prints them (in every language), e.g.
    /// "（七）总计 · 自然人".
    pub label: Cow<'static, str>,
    /// Where the cell is (or was expected).
    pub span: Span,
    /// The count, or `None` when the cell is blank, a mark, unresolved or missing.
    pub value: Option<i64>,
}

/// The result of checking one identity at one place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Outcome {
    /// Both sides are equal.
    Holds,
    /// The sides differ: `lhs - rhs = difference`.
    Mismatch {
        /// Sum of the left-hand side.
        lhs: i64,
        /// Sum of the right-hand side.
        rhs: i64,
        /// `lhs - rhs`.
        difference: i64,
    },
    /// An operand has no number.
    NotAssessable,
}

/// One identity checked at one column, row or group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityCheck {
    /// Which identity.
    pub identity: Identity,
    /// The column, row or group it was checked at (e.g. "自然人").
    pub scope: Text,
    /// The left-hand side (one or two cells).
    pub lhs: Vec<Operand>,
    /// The right-hand side.
    pub rhs: Vec<Operand>,
    /// Holds, mismatch, or not assessable.
    pub outcome: Outcome,
}

impl IdentityCheck {
    fn new(identity: Identity, scope: Text, lhs: Vec<Operand>, rhs: Vec<Operand>) -> Self {
        let outcome = evaluate(&lhs, &rhs);
        IdentityCheck {
            identity,
            scope,
            lhs,
            rhs,
            outcome,
        }
    }
}

/// Compares the sums of two sides; "not assessable" when any operand has no number.
pub fn evaluate(lhs: &[Operand], rhs: &[Operand]) -> Outcome {
    let sum = |side: &[Operand]| -> Option<i64> {
        side.iter()
            .try_fold(0i64, |acc, o| acc.checked_add(o.value?))
    };
    match (sum(lhs), sum(rhs)) {
        (Some(l), Some(r)) if l == r => Outcome::Holds,
        (Some(l), Some(r)) => Outcome::Mismatch {
            lhs: l,
            rhs: r,
            difference: l.saturating_sub(r),
        },
        _ => Outcome::NotAssessable,
    }
}

/// Checks I1–I4 on every table the report has.
pub fn check_identities(report: &Report) -> Vec<IdentityCheck> {
    // I1 and I3 per column, I2 per row, I4 per group.
    let mut out = Vec::with_capacity(2 * 7 + REQUEST_ROWS.len() + 3);
    if let Some(t) = &report.requests {
        request_identities(t, report.template, &mut out);
    }
    if let Some(t) = &report.reviews {
        review_identities(t, &mut out);
    }
    out
}

/// The rows of `table` that identity I3 sums: the outcome leaves of the table's own variant
/// (the single 2019 （六） row when the table prints it, else the three 2021 rows).
pub fn outcome_rows(table: &RequestTable, template: Option<Template>) -> Vec<RequestRow> {
    let variant = if table.row(RequestRow::Other).is_some() || template == Some(Template::Y2019) {
        Template::Y2019
    } else {
        Template::Y2021
    };
    request_rows(variant)
        .filter(|s| s.outcome)
        .map(|s| s.row)
        .collect()
}

/// (key, label) of each cell of a table, in cell order.
type Names = Vec<(String, String)>;

/// Key and label of every cell of table 三 (`REQUEST_ROWS` × 7) and table 四 (15), built once:
/// identities name hundreds of operands per report, and formatting them each time dominated.
fn names() -> &'static (Names, Names) {
    static NAMES: OnceLock<(Names, Names)> = OnceLock::new();
    NAMES.get_or_init(|| {
        let requests = REQUEST_ROWS
            .iter()
            .flat_map(|spec| {
                Applicant::ALL.iter().map(move |col| {
                    (
                        format!("requests.{}.{}", spec.key, col.key()),
                        format!("{} · {}", spec.label, col.label()),
                    )
                })
            })
            .collect();
        let reviews = ReviewGroup::ALL
            .iter()
            .flat_map(|g| {
                REVIEW_COLUMNS.iter().map(move |(suffix, col)| {
                    (
                        format!("{}.{}", g.key(), suffix),
                        format!("{} · {}", g.label(), col),
                    )
                })
            })
            .collect();
        (requests, reviews)
    })
}

/// The rows of a table 三 by [`RequestRow`] index: each identity operand is a lookup, not a
/// search through the rows.
struct RowIndex<'a> {
    table: &'a RequestTable,
    rows: [Option<&'a RequestRowData>; REQUEST_ROWS.len()],
}

impl<'a> RowIndex<'a> {
    fn new(table: &'a RequestTable) -> Self {
        let mut rows = [None; REQUEST_ROWS.len()];
        // The first row of each kind wins, as `RequestTable::row` finds it.
        for r in table.rows.iter().rev() {
            rows[r.row as usize] = Some(r);
        }
        RowIndex { table, rows }
    }
}

fn request_operand(index: &RowIndex<'_>, row: RequestRow, col: Applicant) -> Operand {
    let (key, label) = &names().0[row as usize * 7 + col as usize];
    let (key, label) = (Cow::Borrowed(key.as_str()), Cow::Borrowed(label.as_str()));
    let table = index.table;
    match index.rows[row as usize] {
        Some(r) => {
            let cell: &Cell = &r.cells[col as usize];
            Operand {
                key,
                label,
                span: cell.span,
                value: if r.uncertain {
                    None
                } else {
                    cell.value.count()
                },
            }
        }
        None => Operand {
            key,
            label,
            span: Span::empty(table.span.source, table.span.start as usize),
            value: None,
        },
    }
}

fn request_identities(t: &RequestTable, template: Option<Template>, out: &mut Vec<IdentityCheck>) {
    let outcomes = outcome_rows(t, template);
    let index = RowIndex::new(t);
    for col in Applicant::ALL {
        let scope = Text::new(col.label(), col.label());
        let op = |row| request_operand(&index, row, col);
        out.push(IdentityCheck::new(
            Identity::I1,
            scope.clone(),
            vec![op(RequestRow::Received), op(RequestRow::CarriedOver)],
            vec![op(RequestRow::Total), op(RequestRow::CarriedForward)],
        ));
        out.push(IdentityCheck::new(
            Identity::I3,
            scope,
            vec![op(RequestRow::Total)],
            outcomes.iter().map(|&r| op(r)).collect(),
        ));
    }
    for r in &t.rows {
        let label = r.row.spec().label;
        out.push(IdentityCheck::new(
            Identity::I2,
            Text::new(label, label),
            vec![request_operand(&index, r.row, Applicant::Total)],
            Applicant::ALL[..6]
                .iter()
                .map(|&c| request_operand(&index, r.row, c))
                .collect(),
        ));
    }
}

fn review_identities(t: &ReviewTable, out: &mut Vec<IdentityCheck>) {
    for (g, group) in ReviewGroup::ALL.into_iter().enumerate() {
        let op = |i: usize| {
            let cell = &t.cells[g * 5 + i];
            let (key, label) = &names().1[g * 5 + i];
            Operand {
                key: Cow::Borrowed(key.as_str()),
                label: Cow::Borrowed(label.as_str()),
                span: cell.span,
                value: cell.value.count(),
            }
        };
        out.push(IdentityCheck::new(
            Identity::I4,
            Text::new(group.label(), group.label()),
            vec![op(4)],
            (0..4).map(op).collect(),
        ));
    }
}
