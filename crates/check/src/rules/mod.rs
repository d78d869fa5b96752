//! The rules, one file each. Shared helpers for building findings live here.

pub mod ambiguous_split;
pub mod authoring_bad_value;
pub mod authoring_missing_key;
pub mod authoring_missing_table;
pub mod authoring_unknown_key;
pub mod blank_cell;
pub mod carryover_mismatch;
pub mod damaged_file;
pub mod empty_problems_section;
pub mod fee_not_reported;
pub mod fractional_count;
pub mod identity_not_assessable;
pub mod label_typo;
pub mod late_publication;
pub mod missing_agency_or_year;
pub mod missing_row;
pub mod missing_section;
pub mod missing_table;
pub mod mixed_template;
pub mod narrative_table_mismatch;
pub mod negative_count;
pub mod non_numeric_mark;
pub mod not_a_report;
pub mod ocr_uncertain_value;
pub mod pre_2019_format;
pub mod request_flow_mismatch;
pub mod request_outcome_total_mismatch;
pub mod request_row_total_mismatch;
pub mod review_total_mismatch;
pub mod row_mapping_unsure;
pub mod sections_out_of_order;
pub mod short_row;
pub mod split_chosen;
pub mod unreadable_file;
pub mod unreadable_table;
pub mod year_mismatch;

use gongkai_model::identity::{IdentityCheck, Operand};
use gongkai_model::labels::ColumnKind;
use gongkai_model::{Diagnostic, Identity, Label, Outcome, Span, Text};

use crate::{Context, Rule};

/// The finding of a file that could not be read (at all, or whole): `rule`'s code and level, the
/// message (naming the file) also as the label of a place that is the file itself.
pub fn reading_finding(rule: &Rule, zh: String, en: String) -> Diagnostic {
    let message = Text::new(zh, en);
    Diagnostic::new(
        rule.code,
        rule.severity,
        message.clone(),
        Label::new(Span::default(), message),
    )
}

/// A finding of `rule` at `span`.
pub fn finding(rule: &Rule, span: Span, message: Text, label: Text) -> Diagnostic {
    Diagnostic::new(rule.code, rule.severity, message, Label::new(span, label))
}

fn operand_label(o: &Operand) -> Text {
    let v = o.value.map_or_else(|| "?".to_string(), |v| v.to_string());
    Text::new(format!("{} = {v}", o.label), format!("{} = {v}", o.label))
}

/// The findings of one identity: each mismatch with the total cell as the primary place and
/// every other operand labelled with its number.
pub fn identity_findings(ctx: &Context, rule: &Rule, identity: Identity) -> Vec<Diagnostic> {
    ctx.identities
        .iter()
        .filter(|c| c.identity == identity)
        .filter_map(|c| mismatch(rule, c))
        .collect()
}

fn mismatch(rule: &Rule, c: &IdentityCheck) -> Option<Diagnostic> {
    let Outcome::Mismatch {
        lhs,
        rhs,
        difference,
    } = c.outcome
    else {
        return None;
    };
    let first = c.lhs.first()?;
    let (zh, en) = match c.identity {
        Identity::I1 => (
            format!(
                "表三“{}”列：一、本年新收 + 二、上年结转 = {lhs}，而（七）总计 + 四、结转下年度 = {rhs}（相差 {difference}）",
                c.scope.zh
            ),
            format!(
                "table 三, column {}: received + carried over = {lhs}, but total + carried forward = {rhs} (difference {difference})",
                c.scope.en
            ),
        ),
        Identity::I2 => (
            format!(
                "表三“{}”一行：总计为 {lhs}，六类申请人之和为 {rhs}（相差 {difference}）",
                c.scope.zh
            ),
            format!(
                "table 三, row {}: 总计 is {lhs} but the six applicant columns sum to {rhs} (difference {difference})",
                c.scope.en
            ),
        ),
        Identity::I3 => (
            format!(
                "表三“{}”列：（七）总计为 {lhs}，各办理结果之和为 {rhs}（相差 {difference}）",
                c.scope.zh
            ),
            format!(
                "table 三, column {}: （七）总计 is {lhs} but the outcome rows sum to {rhs} (difference {difference})",
                c.scope.en
            ),
        ),
        Identity::I4 => (
            format!(
                "表四“{}”：总计为 {lhs}，四种结果之和为 {rhs}（相差 {difference}）",
                c.scope.zh
            ),
            format!(
                "table 四, {}: 总计 is {lhs} but its four results sum to {rhs} (difference {difference})",
                c.scope.en
            ),
        ),
    };
    let mut d = finding(rule, first.span, Text::new(zh, en), operand_label(first));
    for o in c.lhs.iter().skip(1).chain(&c.rhs) {
        d = d.with_secondary(Label::new(o.span, operand_label(o)));
    }
    Some(d.with_help(Text::new(
        "对照原始记录核对这些单元格，更正印错的数字后重新发布；本工具不会改动已发布的数字",
        "check these cells against the records and republish with the wrong number corrected; gongkai never changes a published number",
    )))
}

/// A cell's row and column labels, formatted only when a finding shows them.
#[derive(Debug, Clone, Copy)]
pub struct CellName {
    /// The row label.
    pub row: &'static str,
    /// The column label.
    pub col: &'static str,
}

impl std::fmt::Display for CellName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} · {}", self.row, self.col)
    }
}

/// Every cell of the report's tables with its row and column labels and the kind of its column
/// (a count, 本年增/减 — which may be negative —, or an amount). Lazy: a rule that finds no
/// cell of its kind names none.
pub fn all_cells(
    report: &gongkai_model::Report,
) -> impl Iterator<Item = (&gongkai_model::Cell, CellName, ColumnKind)> {
    use gongkai_model::labels::{REVIEW_COLUMNS, ReviewGroup, active_rows};
    let active = report.active.iter().flat_map(|t| {
        t.rows.iter().flat_map(move |row| {
            let spec = active_rows(t.template).iter().find(|s| s.row == row.row);
            row.cells.iter().enumerate().map(move |(i, cell)| {
                match spec.and_then(|s| Some((s, s.columns.get(i)?))) {
                    Some((s, (_, col, kind))) => (cell, CellName { row: s.label, col }, *kind),
                    None => (cell, CellName { row: "", col: "" }, ColumnKind::Count),
                }
            })
        })
    });
    let requests = report.requests.iter().flat_map(|t| {
        t.rows.iter().flat_map(|row| {
            row.cells
                .iter()
                .zip(gongkai_model::Applicant::ALL)
                .map(move |(cell, col)| {
                    let name = CellName {
                        row: row.row.spec().label,
                        col: col.label(),
                    };
                    (cell, name, ColumnKind::Count)
                })
        })
    });
    let reviews = report.reviews.iter().flat_map(|t| {
        t.cells.iter().enumerate().map(|(i, cell)| {
            let name = CellName {
                row: ReviewGroup::ALL[i / 5].label(),
                col: REVIEW_COLUMNS[i % 5].1,
            };
            (cell, name, ColumnKind::Count)
        })
    });
    active.chain(requests).chain(reviews)
}

#[cfg(test)]
pub mod support {
    //! A valid baseline report and helpers to edit it and run one rule.

    use gongkai_model::{Diagnostic, SourceId};

    use crate::{Context, Rule};

    /// A valid 2021 report (the bundled example) — every rule stays silent on it.
    pub const BASELINE: &str = include_str!("../../../../examples/2021-tabbed.txt");
    /// A valid 2019 report.
    pub const BASELINE_2019: &str = include_str!("../../../../examples/2019-cell-per-line.txt");

    /// The baseline with `old` replaced by `new` (once); panics if `old` is not there.
    pub fn edit(base: &str, old: &str, new: &str) -> String {
        assert!(base.contains(old), "baseline lacks {old:?}");
        base.replacen(old, new, 1)
    }

    /// A complete, empty 2021 authoring file (agency and year filled in).
    pub fn skeleton() -> String {
        gongkai_authoring::skeleton(
            gongkai_model::Template::Y2021,
            Some("青禾县市场监督管理局"),
            Some(2024),
        )
    }

    /// `text` without the line that starts with `prefix`; panics if there is none.
    pub fn drop_line(text: &str, prefix: &str) -> String {
        assert!(
            text.lines().any(|l| l.starts_with(prefix)),
            "no line {prefix:?}"
        );
        text.lines()
            .filter(|l| !l.starts_with(prefix))
            .map(|l| format!("{l}\n"))
            .collect()
    }

    /// Reads `toml` as an authoring file and runs `rule` on it.
    pub fn run_authoring(rule: &Rule, toml: &str) -> Vec<Diagnostic> {
        let (report, diags) = gongkai_authoring::parse(toml, SourceId(0)).expect("valid TOML");
        let identities = gongkai_model::check_identities(&report);
        let ctx = Context {
            report: &report,
            text: toml,
            parse_diagnostics: &diags,
            identities: &identities,
            previous: None,
        };
        crate::run(rule, &ctx)
    }

    /// Parses `text` and runs the whole rule set on it with `config`.
    pub fn check_text(text: &str, config: &crate::Config) -> Vec<Diagnostic> {
        let (report, diags) = gongkai_parse::parse_text(text, SourceId(0));
        let identities = gongkai_model::check_identities(&report);
        let ctx = Context {
            report: &report,
            text,
            parse_diagnostics: &diags,
            identities: &identities,
            previous: None,
        };
        crate::check(&ctx, config)
    }

    /// Parses `text` and runs `rule` on it.
    pub fn run(rule: &Rule, text: &str) -> Vec<Diagnostic> {
        let (report, diags) = gongkai_parse::parse_text(text, SourceId(0));
        let identities = gongkai_model::check_identities(&report);
        let ctx = Context {
            report: &report,
            text,
            parse_diagnostics: &diags,
            identities: &identities,
            previous: None,
        };
        crate::run(rule, &ctx)
    }
}
