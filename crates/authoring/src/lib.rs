//! The authoring file: a TOML document an agency fills in to write its report — the meta data,
//! the six narrative sections, and every table cell under its canonical key (spec/cells.md)
//! with the template's Chinese row and column labels in a comment.
//!
//! [`skeleton`] writes an empty one, [`to_toml`] writes a report as one, and [`parse`] reads one
//! back into a [`Report`](gongkai_model::Report) whose spans point into the TOML text, so
//! findings and identity checks point at the offending line. An empty value is a blank cell —
//! never zero.
//!
//! This crate only reads and writes: what it reports are reading problems (a value that is no
//! number, blank or mark; a key the template does not have; a missing cell). Every judgement
//! about the values themselves — a negative or fractional count, a missing agency or year, an
//! identity that fails — belongs to the rule set (`gongkai-check`).

use std::ops::Range;

mod read;
mod write;

pub use read::parse;
pub use write::{skeleton, to_toml, toml_string};

/// A TOML syntax error: the file is not TOML, so there is no report to speak of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// The parser's message (English).
    pub message: String,
    /// Where, as a byte range of the text.
    pub span: Option<Range<usize>>,
}

/// True when `text` looks like an authoring file (it has `[meta]` and `[cells]` tables).
pub fn looks_like(text: &str) -> bool {
    let mut meta = false;
    let mut cells = false;
    for line in text.lines().map(str::trim) {
        meta |= line == "[meta]";
        cells |= line == "[cells]";
    }
    meta && cells
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_model::labels::{Template, active_rows};
    use gongkai_model::{SourceId, Value};

    #[test]
    fn skeleton_reads_back_blank() {
        for t in [Template::Y2019, Template::Y2021] {
            let text = skeleton(t, Some("青禾县市场监督管理局"), Some(2022));
            let (report, diags) = parse(&text, SourceId(0)).unwrap();
            assert!(diags.is_empty(), "{diags:?}");
            assert_eq!(report.template, Some(t));
            assert_eq!(report.meta.year.as_ref().unwrap().value, 2022);
            let cells = gongkai_model::cells::cells(&report);
            assert_eq!(cells.len(), gongkai_model::cells::keys(t).len());
            assert!(cells.iter().skip(4).all(|(_, v)| v.is_empty()), "{cells:?}");
            assert_eq!(
                report.requests.unwrap().rows[0].cells[0].value,
                Value::Blank
            );
        }
    }

    #[test]
    fn values_errors_and_spans() {
        let text = skeleton(Template::Y2021, None, None)
            .replace(
                "\"requests.received.natural\" = \"\"",
                "\"requests.received.natural\" = 13",
            )
            .replace(
                "\"active.fees.amount\" = \"\"",
                "\"active.fees.amount\" = 96171.60",
            )
            .replace("\"review.upheld\" = \"\"", "\"review.upheld\" = \"/\"")
            .replace("\"review.total\" = \"\"", "\"review.total\" = \"十\"")
            + "\"requests.nonsense\" = 1\n";
        let (report, diags) = parse(&text, SourceId(0)).unwrap();
        let row = &report.requests.as_ref().unwrap().rows[0];
        assert_eq!(row.cells[0].value, Value::Count(13));
        assert_eq!(&text[row.cells[0].span.range()], "13");
        let fees = report.active.as_ref().unwrap().rows[5].cells[0]
            .value
            .canonical();
        assert_eq!(fees, "96171.60");
        let reviews = report.reviews.as_ref().unwrap();
        assert_eq!(reviews.cells[0].value, Value::Mark("/".into()));
        let codes: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(
            codes,
            ["authoring-bad-value", "authoring-unknown-key"],
            "{diags:?}"
        );
        assert_eq!(&text[diags[0].primary.span.range()], "\"十\"");
    }

    #[test]
    fn syntax_errors_are_errors() {
        let err = parse("[meta]\nyear = \n", SourceId(0)).unwrap_err();
        assert!(err.span.is_some());
        assert!(looks_like(&skeleton(Template::Y2021, None, None)));
        assert!(!looks_like("一、总体情况\n"));
    }

    #[test]
    fn active_spec_keys_are_in_the_skeleton() {
        let text = skeleton(Template::Y2019, None, None);
        for spec in active_rows(Template::Y2019) {
            for (col, _, _) in spec.columns {
                assert!(text.contains(&format!("\"active.{}.{col}\"", spec.key)));
            }
        }
    }
}
