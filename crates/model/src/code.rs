//! The code of every finding gongkai can report: one typed value per kind of finding, printed as
//! its kebab-case name (`request-flow-mismatch`).
//!
//! Three kinds of code live here: the rules of the rule set (`gongkai_check::RULES` gives each
//! its short code, level and documentation), the findings of reading a file (the readers and the
//! authoring-file reader), and the parser's own codes, which never reach a user as they are — a
//! rule forwards each under its own code (a test in `gongkai-check` checks that every code the
//! parser can emit is forwarded by some rule).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// I1: received + carried over ≠ total + carried forward, in a column of table 三.
    RequestFlowMismatch,
    /// I2: a row total of table 三 ≠ the sum of the six applicant columns.
    RequestRowTotalMismatch,
    /// I3: （七）总计 ≠ the sum of the outcome rows, in a column of table 三.
    RequestOutcomeTotalMismatch,
    /// I4: a total of table 四 ≠ the sum of its four results.
    ReviewTotalMismatch,
    /// An identity cannot be checked because an operand is blank, a mark or unread.
    IdentityNotAssessable,
    /// A table of the template is missing (or published as an image).
    MissingTable,
    /// A table is in the report but a row of the template is not found in it.
    MissingRow,
    /// One of the six sections is missing.
    MissingSection,
    /// The six sections are out of order.
    SectionsOutOfOrder,
    /// Tables of the 2019 and 2021 templates mixed, or the template does not fit the year.
    MixedTemplate,
    /// A pre-2019 report without the national template's tables.
    Pre2019Format,
    /// A row label differs from the template's wording.
    LabelTypo,
    /// A blank table cell.
    BlankCell,
    /// A count cell holds a mark such as `/` or `—`.
    NonNumericMark,
    /// A count is negative.
    NegativeCount,
    /// A count holds a fraction.
    FractionalCount,
    /// A row prints fewer or more numbers than its columns.
    ShortRow,
    /// Rows of a table whose place in the template is not sure: their values are kept as
    /// uncertain, never printed as if read.
    RowMappingUnsure,
    /// Run-together digits with more than one valid split.
    AmbiguousSplit,
    /// Run-together digits split one way because evidence ruled out the others (a note).
    SplitChosen,
    /// Rows or numbers of a table that could not be placed in the template.
    UnreadableTable,
    /// A number stated in the text differs from the table.
    NarrativeTableMismatch,
    /// The years of the title, the statistics period and the date disagree.
    YearMismatch,
    /// Published after the deadline of 条例第四十九条.
    LatePublication,
    /// The 2021 template's section six says nothing of fees.
    FeeNotReported,
    /// Section five says nothing.
    EmptyProblemsSection,
    /// Carried-over figures do not chain with last year's report.
    CarryoverMismatch,
    /// The report does not say whose it is or which year it covers.
    MissingAgencyOrYear,
    /// The file could not be read at all.
    UnreadableFile,
    /// The file is damaged or cut short; what could be read was read.
    DamagedFile,
    /// The file is no annual report.
    NotAReport,
    /// A number read from a scan with a low confidence.
    OcrUncertainValue,
    /// An authoring file holds a value that is not a number, blank or mark (or a bad meta value).
    AuthoringBadValue,
    /// An authoring file names a cell, section or table the template does not have.
    AuthoringUnknownKey,
    /// An authoring file lacks a cell or a meta key.
    AuthoringMissingKey,
    /// An authoring file lacks its `[cells]` table.
    AuthoringMissingTable,
    /// Parser: table 三 prints a 小计 column the template does not have.
    RequestSubtotalColumn,
    /// Parser: a row of values matched no row of the template.
    UnmatchedRow,
    /// Parser: values detached from their labels could not all be placed.
    DetachedValues,
    /// Parser: a 2021 table uses a 2019 row label.
    OldLabelIn2021Table,
    /// Parser: table 四 prints a number of cells other than 15.
    ReviewCellCount,
}

/// Where the findings of a code come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeKind {
    /// A rule of the rule set finds it in a report.
    Rule,
    /// Reading the file finds it (a reader, or the authoring-file reader); a rule passes it on.
    Reading,
    /// The parser notices it; a rule forwards it under the rule's own code.
    Parser,
}

impl Code {
    /// Every code, in the order the rule set lists its rules, then the parser's own.
    pub const ALL: [Code; 41] = [
        Code::RequestFlowMismatch,
        Code::RequestRowTotalMismatch,
        Code::RequestOutcomeTotalMismatch,
        Code::ReviewTotalMismatch,
        Code::IdentityNotAssessable,
        Code::MissingTable,
        Code::MissingRow,
        Code::MissingSection,
        Code::SectionsOutOfOrder,
        Code::MixedTemplate,
        Code::Pre2019Format,
        Code::LabelTypo,
        Code::BlankCell,
        Code::NonNumericMark,
        Code::NegativeCount,
        Code::FractionalCount,
        Code::ShortRow,
        Code::RowMappingUnsure,
        Code::AmbiguousSplit,
        Code::SplitChosen,
        Code::UnreadableTable,
        Code::NarrativeTableMismatch,
        Code::YearMismatch,
        Code::LatePublication,
        Code::FeeNotReported,
        Code::EmptyProblemsSection,
        Code::CarryoverMismatch,
        Code::MissingAgencyOrYear,
        Code::UnreadableFile,
        Code::DamagedFile,
        Code::NotAReport,
        Code::OcrUncertainValue,
        Code::AuthoringBadValue,
        Code::AuthoringUnknownKey,
        Code::AuthoringMissingKey,
        Code::AuthoringMissingTable,
        Code::RequestSubtotalColumn,
        Code::UnmatchedRow,
        Code::DetachedValues,
        Code::OldLabelIn2021Table,
        Code::ReviewCellCount,
    ];

    /// The kebab-case name, as printed in every output.
    pub const fn as_str(self) -> &'static str {
        match self {
            Code::RequestFlowMismatch => "request-flow-mismatch",
            Code::RequestRowTotalMismatch => "request-row-total-mismatch",
            Code::RequestOutcomeTotalMismatch => "request-outcome-total-mismatch",
            Code::ReviewTotalMismatch => "review-total-mismatch",
            Code::IdentityNotAssessable => "identity-not-assessable",
            Code::MissingTable => "missing-table",
            Code::MissingRow => "missing-row",
            Code::MissingSection => "missing-section",
            Code::SectionsOutOfOrder => "sections-out-of-order",
            Code::MixedTemplate => "mixed-template",
            Code::Pre2019Format => "pre-2019-format",
            Code::LabelTypo => "label-typo",
            Code::BlankCell => "blank-cell",
            Code::NonNumericMark => "non-numeric-mark",
            Code::NegativeCount => "negative-count",
            Code::FractionalCount => "fractional-count",
            Code::ShortRow => "short-row",
            Code::RowMappingUnsure => "row-mapping-unsure",
            Code::AmbiguousSplit => "ambiguous-split",
            Code::SplitChosen => "split-chosen",
            Code::UnreadableTable => "unreadable-table",
            Code::NarrativeTableMismatch => "narrative-table-mismatch",
            Code::YearMismatch => "year-mismatch",
            Code::LatePublication => "late-publication",
            Code::FeeNotReported => "fee-not-reported",
            Code::EmptyProblemsSection => "empty-problems-section",
            Code::CarryoverMismatch => "carryover-mismatch",
            Code::MissingAgencyOrYear => "missing-agency-or-year",
            Code::UnreadableFile => "unreadable-file",
            Code::DamagedFile => "damaged-file",
            Code::NotAReport => "not-a-report",
            Code::OcrUncertainValue => "ocr-uncertain-value",
            Code::AuthoringBadValue => "authoring-bad-value",
            Code::AuthoringUnknownKey => "authoring-unknown-key",
            Code::AuthoringMissingKey => "authoring-missing-key",
            Code::AuthoringMissingTable => "authoring-missing-table",
            Code::RequestSubtotalColumn => "request-subtotal-column",
            Code::UnmatchedRow => "unmatched-row",
            Code::DetachedValues => "detached-values",
            Code::OldLabelIn2021Table => "old-label-in-2021-table",
            Code::ReviewCellCount => "review-cell-count",
        }
    }

    /// Where the code's findings come from.
    pub const fn kind(self) -> CodeKind {
        match self {
            Code::UnreadableFile
            | Code::DamagedFile
            | Code::NotAReport
            | Code::OcrUncertainValue
            | Code::AuthoringBadValue
            | Code::AuthoringUnknownKey
            | Code::AuthoringMissingKey
            | Code::AuthoringMissingTable => CodeKind::Reading,
            Code::RequestSubtotalColumn
            | Code::UnmatchedRow
            | Code::DetachedValues
            | Code::OldLabelIn2021Table
            | Code::ReviewCellCount => CodeKind::Parser,
            _ => CodeKind::Rule,
        }
    }

    /// The code with this exact name.
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Code::from_name(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown finding code {name:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_kebab_case_and_read_back() {
        let mut seen = std::collections::BTreeSet::new();
        for c in Code::ALL {
            let name = c.as_str();
            assert!(seen.insert(name), "duplicate {name}");
            assert!(
                name.chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-'),
                "{name}"
            );
            assert_eq!(Code::from_name(name), Some(c));
            assert_eq!(c.to_string(), name);
        }
        assert_eq!(Code::from_name("no-such-code"), None);
    }

    #[test]
    fn every_variant_is_listed_once() {
        // `ALL` is the only list of codes: a variant left out of it would never be documented.
        for (i, c) in Code::ALL.iter().enumerate() {
            assert!(!Code::ALL[..i].contains(c), "{c} listed twice");
        }
        let src = include_str!("code.rs");
        let body = &src[src.find("pub enum Code {").unwrap()..];
        let body = &body[..body.find("\n}").unwrap()];
        let variants = body
            .lines()
            .filter(|l| l.starts_with("    ") && !l.trim_start().starts_with("///"))
            .filter(|l| l.trim_end().ends_with(','))
            .count();
        assert_eq!(variants, Code::ALL.len());
        assert_eq!(Code::ReviewCellCount.kind(), CodeKind::Parser);
        assert_eq!(Code::UnreadableFile.kind(), CodeKind::Reading);
        assert_eq!(Code::BlankCell.kind(), CodeKind::Rule);
    }
}
