//! What a stored file is: a report, not a report, damaged (partly read) or unreadable. Decided
//! in exactly one place, [`classify`], from what `extract` and `check` said.

use gongkai_model::{Code, Diagnostic};
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

/// The status of a file from its findings: a `damaged-file` finding → damaged (whether the file
/// was read in part, or not at all because it is broken); an `unreadable-file` finding → unreadable;
/// a `not-a-report` finding → not a report; otherwise a report.
pub fn classify(findings: &[Diagnostic]) -> Status {
    let has = |code| findings.iter().any(|d| d.code == code);
    if has(Code::DamagedFile) {
        Status::Damaged
    } else if has(Code::UnreadableFile) {
        Status::Unreadable
    } else if has(Code::NotAReport) {
        Status::NotAReport
    } else {
        Status::Report
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_model::{Label, Severity, Span, Text};

    fn finding(code: Code) -> Diagnostic {
        Diagnostic::new(
            code,
            Severity::Error,
            Text::new("x", "x"),
            Label::new(Span::default(), Text::new("", "")),
        )
    }

    #[test]
    fn classification_follows_the_findings() {
        assert_eq!(
            classify(&[finding(Code::UnreadableFile)]),
            Status::Unreadable
        );
        assert_eq!(classify(&[]), Status::Report);
        assert_eq!(
            classify(&[finding(Code::RequestFlowMismatch)]),
            Status::Report
        );
        assert_eq!(classify(&[finding(Code::NotAReport)]), Status::NotAReport);
        assert_eq!(classify(&[finding(Code::DamagedFile)]), Status::Damaged);
        // A damaged file that holds no report is damaged first: what is missing may be the report.
        assert_eq!(
            classify(&[finding(Code::NotAReport), finding(Code::DamagedFile)]),
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
