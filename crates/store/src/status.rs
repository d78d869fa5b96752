//! What a stored file is: a report, not a report, damaged (partly read) or unreadable. Decided
//! in exactly one place, [`classify`], from what `extract` and `check` said.

use gongkai_model::Diagnostic;
use serde::Serialize;

/// The status of a stored document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// A report (whatever its findings).
    Report,
    /// A readable file with no report in it (the `not-a-report` finding).
    NotAReport,
    /// Extraction failed: nothing could be read.
    Unreadable,
    /// The file is damaged or truncated; the part that could be read was (`damaged-file`).
    Damaged,
}

/// Finding code of a file with no report in it (issue 11).
pub const NOT_A_REPORT: &str = "not-a-report";
/// Finding code of a damaged or truncated file that was partly read (issue 11).
pub const DAMAGED_FILE: &str = "damaged-file";
/// Finding code of a file that could not be read at all.
pub const UNREADABLE_FILE: &str = "unreadable-file";

impl Status {
    /// The name stored in `documents.status` and printed by `summary`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Report => "report",
            Status::NotAReport => "not-a-report",
            Status::Unreadable => "unreadable",
            Status::Damaged => "damaged",
        }
    }

    /// The status named `s`.
    pub fn parse(s: &str) -> Option<Status> {
        [
            Status::Report,
            Status::NotAReport,
            Status::Unreadable,
            Status::Damaged,
        ]
        .into_iter()
        .find(|st| st.as_str() == s)
    }

    /// The status in Chinese (for the terminal table).
    pub fn label_zh(self) -> &'static str {
        match self {
            Status::Report => "报告",
            Status::NotAReport => "非报告",
            Status::Unreadable => "无法读取",
            Status::Damaged => "文件损坏",
        }
    }
}

/// The status of a file: `extract` failed → unreadable; a `damaged-file` finding → damaged; a
/// `not-a-report` finding → not a report; otherwise a report.
pub fn classify(extracted: bool, findings: &[Diagnostic]) -> Status {
    if !extracted {
        return Status::Unreadable;
    }
    if findings.iter().any(|d| d.code == DAMAGED_FILE) {
        return Status::Damaged;
    }
    if findings.iter().any(|d| d.code == NOT_A_REPORT) {
        return Status::NotAReport;
    }
    Status::Report
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_model::{Label, Severity, Span, Text};

    fn finding(code: &str) -> Diagnostic {
        Diagnostic::new(
            code,
            Severity::Error,
            Text::new("x", "x"),
            Label::new(Span::default(), Text::new("", "")),
        )
    }

    #[test]
    fn classification_follows_the_findings() {
        assert_eq!(classify(false, &[]), Status::Unreadable);
        assert_eq!(
            classify(false, &[finding(DAMAGED_FILE)]),
            Status::Unreadable
        );
        assert_eq!(classify(true, &[]), Status::Report);
        assert_eq!(
            classify(true, &[finding("request-flow-mismatch")]),
            Status::Report
        );
        assert_eq!(classify(true, &[finding(NOT_A_REPORT)]), Status::NotAReport);
        assert_eq!(classify(true, &[finding(DAMAGED_FILE)]), Status::Damaged);
        // A damaged file that holds no report is damaged first: what is missing may be the report.
        assert_eq!(
            classify(true, &[finding(NOT_A_REPORT), finding(DAMAGED_FILE)]),
            Status::Damaged
        );
    }

    #[test]
    fn names_round_trip() {
        for s in [
            Status::Report,
            Status::NotAReport,
            Status::Unreadable,
            Status::Damaged,
        ] {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
        assert_eq!(Status::parse("skipped"), None);
    }
}
