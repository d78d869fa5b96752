//! The report as the document states it: meta, the six sections, tables 二, 三 and 四.
//!
//! Nothing here is recomputed: a total is the total the report prints. Arithmetic that does not
//! hold is reported by the identities (`identity.rs`) and the rules, never repaired here.

use serde::{Deserialize, Serialize};

use crate::labels::{ActiveRow, RequestRow, SectionKind, Template};
use crate::span::{SourceId, Span, Spanned};
use crate::value::{Cell, Unit};

/// One annual report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// The source the report was read from; every span points into it.
    pub source: SourceId,
    /// Title, agency, year and date.
    pub meta: Meta,
    /// The template the tables follow (`None` when nothing tells).
    pub template: Option<Template>,
    /// The sections found, in document order.
    pub sections: Vec<Section>,
    /// Table 二 (主动公开), `None` when the report does not have it.
    pub active: Option<ActiveTable>,
    /// Table 三 (收到和处理政府信息公开申请), `None` when missing.
    pub requests: Option<RequestTable>,
    /// Table 四 (行政复议、行政诉讼), `None` when missing.
    pub reviews: Option<ReviewTable>,
}

/// What the report says about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    /// The title, whitespace removed, as printed (possibly over several lines).
    pub title: Option<Spanned<String>>,
    /// The issuing body as named in the title.
    pub agency: Option<Spanned<String>>,
    /// The year the report covers.
    pub year: Option<Spanned<i32>>,
    /// The report's own date (under the signature or the title).
    pub published: Option<Spanned<Date>>,
}

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Date {
    /// Year, e.g. 2021.
    pub year: i32,
    /// Month 1–12.
    pub month: u32,
    /// Day 1–31.
    pub day: u32,
}

impl Date {
    /// A valid date, or `None`.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days)
            .contains(&day)
            .then_some(Date { year, month, day })
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// One of the six sections.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// Which section of the template this is.
    pub kind: SectionKind,
    /// The heading as printed.
    pub heading: Spanned<String>,
    /// The text from after the heading to the next heading (tables included).
    pub body: Spanned<String>,
}

/// Table 二 in either shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActiveTable {
    /// The shape the table follows (its column words decide).
    pub template: Template,
    /// The whole table.
    pub span: Span,
    /// The rows found, in template order.
    pub rows: Vec<ActiveRowData>,
    /// A unit stated for the amount column outside a readable cell: in its header
    /// (`采购总金额（万元）`), or after run-together digits that could not be split.
    pub amount_unit: Option<Spanned<Unit>>,
}

/// One row of table 二.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActiveRowData {
    /// The row.
    pub row: ActiveRow,
    /// The row label as printed.
    pub label: Span,
    /// The cells, one per column of the row's spec.
    pub cells: Vec<Cell>,
    /// When the row's digits ran together and split in more than one way: the digits as
    /// published and the evidence that chose the split the cells hold (`None` for cells printed
    /// apart, or digits that split in one way only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub split: Option<SplitChoice>,
}

/// A split of run-together digits chosen on evidence: the cells keep their part of the digits as
/// printed; this says which digits they came from and why this split was taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SplitChoice {
    /// The digits as published, run together.
    pub run: Span,
    /// How many well-formed splits the digits had.
    pub candidates: u32,
    /// What ruled out every other split, in the order it was applied.
    pub resolved_by: Vec<SplitEvidence>,
}

/// One piece of evidence that chose a split of run-together digits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SplitEvidence {
    /// The report's own text states a cell of the row (本年制发行政规范性文件12件).
    Narrative {
        /// The column's key suffix (`made`, `repealed`, `in_force`, …).
        column: String,
        /// The value stated.
        value: i64,
        /// Where the text states it.
        span: Span,
    },
    /// Last year's report of the same agency in the same run: the row's running total carried
    /// on (现行有效 last year + 本年制发 − 本年废止 = 现行有效; 对外公开总数量 last year + 本年新公开
    /// = 对外公开总数量; 上一年项目数量 = last year's 上一年项目数量 + 本年增/减).
    PreviousYear {
        /// The column of this year's row the relation fixes.
        column: String,
        /// Last year's value it starts from.
        value: i64,
        /// Where last year's report prints it (a span into that report's source).
        span: Span,
    },
    /// A relation that holds in every report: 现行有效 ≥ 本年制发 − 本年废止, 对外公开总数量 ≥
    /// 本年新公开数量.
    Ordering,
}

impl ActiveTable {
    /// The row, when the table has it.
    pub fn row(&self, row: ActiveRow) -> Option<&ActiveRowData> {
        self.rows.iter().find(|r| r.row == row)
    }
}

/// Table 三: seven applicant columns, 23 (2019) or 25 (2021) rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestTable {
    /// The whole table.
    pub span: Span,
    /// The rows found, in template order. A 2021 report that prints the single 2019 row
    /// （六）其他处理 has [`RequestRow::Other`] here.
    pub rows: Vec<RequestRowData>,
}

/// One row of table 三.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestRowData {
    /// The row.
    pub row: RequestRow,
    /// The row label as printed (empty span when the label is detached from the numbers).
    pub label: Span,
    /// 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计.
    pub cells: [Cell; 7],
    /// The row prints fewer (or more) numbers than columns with nothing to tell which column
    /// each belongs to: the cells hold the numbers from the left, but identities do not use them
    /// (on a scan the cells are made unresolved instead: the recogniser lost or doubled one).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub uncertain: bool,
}

impl RequestTable {
    /// The row, when the table has it.
    pub fn row(&self, row: RequestRow) -> Option<&RequestRowData> {
        self.rows.iter().find(|r| r.row == row)
    }
}

/// Table 四: 15 cells in three groups of five.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewTable {
    /// The whole table.
    pub span: Span,
    /// 行政复议 ×5, 未经复议直接起诉 ×5, 复议后起诉 ×5; each group 结果维持, 结果纠正, 其他结果,
    /// 尚未审结, 总计.
    pub cells: [Cell; 15],
}
