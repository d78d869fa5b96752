//! What the ledger records in the words of table 三: the outcome of a request is one of its leaf
//! rows (办理结果), the applicant one of its columns (申请人情况), and the results of reviews and
//! lawsuits are table 四's columns. Labels come from `gongkai_model::labels`; nothing is re-typed.

use gongkai_model::Text;
use gongkai_model::labels::{
    self, Applicant, REVIEW_COLUMNS, RequestRow, ReviewGroup, Template, request_rows,
};

/// The template a year's report follows: 2019 and 2020 the 2019 template, from 2021 the 2021
/// one; `None` before 2019 (no national tables).
pub fn template_of_year(year: i32) -> Option<Template> {
    match year {
        ..=2018 => None,
        2019 | 2020 => Some(Template::Y2019),
        _ => Some(Template::Y2021),
    }
}

/// The outcome rows of `template` that an answer can be recorded as (its leaf rows that I3
/// sums: every outcome row but the totals).
pub fn outcome_rows(template: Template) -> impl Iterator<Item = RequestRow> {
    request_rows(template)
        .filter(|s| s.outcome)
        .map(|s| s.row)
        .filter(move |r| !(template == Template::Y2021 && *r == RequestRow::Other))
}

/// Reads an outcome as the user writes it, for an answer given under `template`: a leaf label of
/// table 三 with or without its numbering (`属于国家秘密`, `1.属于国家秘密`,
/// `（三）1.属于国家秘密`, `部分公开`), or the row part of its cell key (`denied.state_secret`).
/// `None` when it names no outcome row of that template.
pub fn parse_outcome(text: &str, template: Template) -> Option<RequestRow> {
    let t = text.trim();
    let wanted = strip_numbering(t);
    outcome_rows(template).find(|row| {
        let spec = row.spec();
        spec.key == t || outcome_words(*row) == wanted || strip_numbering(spec.label) == wanted
    })
}

/// The words of an outcome row without numbering or the 部分公开 note: `属于国家秘密`,
/// `部分公开`, `其他处理`.
pub fn outcome_words(row: RequestRow) -> &'static str {
    let label = strip_numbering(row.spec().label);
    match label.find('（') {
        Some(i) if i > 0 => &label[..i],
        _ => label,
    }
}

/// The full label of an outcome row with its group: `（三）不予公开·1.属于国家秘密`.
pub fn outcome_label(row: RequestRow) -> String {
    let spec = row.spec();
    match spec.group {
        Some(g) if g != labels::RequestGroup::Outcomes => {
            format!("{}·{}", g.label(), spec.label)
        }
        _ => spec.label.to_string(),
    }
}

/// The row an outcome is counted in under `template`: the 2021 rows of （六） are the 2019 row
/// （六）其他处理, and the 2019 row counts as （六）3.其他 in a 2021 table.
pub fn row_in(row: RequestRow, template: Template) -> RequestRow {
    match (row, template) {
        (
            RequestRow::OtherNoCorrection | RequestRow::OtherNoFee | RequestRow::OtherOther,
            Template::Y2019,
        ) => RequestRow::Other,
        (RequestRow::Other, Template::Y2021) => RequestRow::OtherOther,
        (row, _) => row,
    }
}

/// The outcome a withdrawal closes a request with: （六）其他处理·3.其他 (2021) or
/// （六）其他处理 (2019).
pub fn withdrawal_outcome(template: Template) -> RequestRow {
    match template {
        Template::Y2019 => RequestRow::Other,
        _ => RequestRow::OtherOther,
    }
}

/// The valid outcome labels of `template`, for an error message.
pub fn outcome_choices(template: Template) -> String {
    outcome_rows(template)
        .map(outcome_words)
        .collect::<Vec<_>>()
        .join("、")
}

/// The six applicant types of table 三 (its columns without 总计).
pub const APPLICANTS: [Applicant; 6] = [
    Applicant::Natural,
    Applicant::Commercial,
    Applicant::Research,
    Applicant::Nonprofit,
    Applicant::Legal,
    Applicant::OtherOrg,
];

/// Reads an applicant type: a column label (`自然人`, `商业企业`, … `其他`) or its key
/// (`natural`, `other_org`).
pub fn parse_applicant(text: &str) -> Option<Applicant> {
    let t = text.trim();
    APPLICANTS
        .into_iter()
        .find(|a| a.label() == t || a.key() == t)
}

/// The choices of [`parse_applicant`], for an error message.
pub fn applicant_choices() -> String {
    APPLICANTS.map(Applicant::label).join("、")
}

/// Removes a leading enumeration: `（三）`, `(三)`, `1.`, `1、`, `1．`, `三、`.
fn strip_numbering(s: &str) -> &str {
    let mut s = s.trim();
    loop {
        let before = s;
        for (open, close) in [('（', '）'), ('(', ')')] {
            if let Some(rest) = s.strip_prefix(open)
                && let Some(i) = rest.find(close)
                && rest[..i].chars().all(is_numeral)
                && i > 0
            {
                s = rest[i + close.len_utf8()..].trim_start();
            }
        }
        let digits = s.chars().take_while(|c| is_numeral(*c)).count();
        if digits > 0 {
            let rest: &str = &s[s.char_indices().nth(digits).map_or(s.len(), |(i, _)| i)..];
            if let Some(r) = rest
                .strip_prefix('.')
                .or_else(|| rest.strip_prefix('、'))
                .or_else(|| rest.strip_prefix('．'))
            {
                s = r.trim_start();
            }
        }
        if s == before {
            return s;
        }
    }
}

fn is_numeral(c: char) -> bool {
    c.is_ascii_digit() || "一二三四五六七八九十".contains(c)
}

/// The kind of a case about a request: the three column groups of table 四.
pub type CaseKind = ReviewGroup;

/// Reads a case kind: `行政复议`, `未经复议直接起诉` (or `直接起诉`), `复议后起诉`, or the keys.
pub fn parse_case_kind(text: &str) -> Option<CaseKind> {
    let t = text.trim();
    ReviewGroup::ALL
        .into_iter()
        .find(|g| g.label() == t || g.key() == t)
        .or(match t {
            "复议" => Some(ReviewGroup::Review),
            "直接起诉" | "诉讼" | "行政诉讼" => Some(ReviewGroup::LitigationDirect),
            _ => None,
        })
}

/// The result of a review or lawsuit: the first three columns of each group of table 四
/// (尚未审结 is no result: it is what a case without one counts as).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CaseResult {
    /// 结果维持.
    Upheld,
    /// 结果纠正.
    Corrected,
    /// 其他结果.
    Other,
}

impl CaseResult {
    /// Every result, in table order.
    pub const ALL: [CaseResult; 3] = [CaseResult::Upheld, CaseResult::Corrected, CaseResult::Other];

    /// The column key (`upheld`, `corrected`, `other`).
    pub fn key(self) -> &'static str {
        REVIEW_COLUMNS[self as usize].0
    }

    /// The column label (`结果维持`, `结果纠正`, `其他结果`).
    pub fn label(self) -> &'static str {
        REVIEW_COLUMNS[self as usize].1
    }

    /// Reads a result: the label, its short form (`维持`, `纠正`, `其他`) or the key.
    pub fn parse(text: &str) -> Option<CaseResult> {
        let t = text.trim();
        CaseResult::ALL
            .into_iter()
            .find(|r| r.key() == t || r.label() == t || r.label().trim_start_matches("结果") == t)
            .or(if t == "其他" {
                Some(CaseResult::Other)
            } else {
                None
            })
    }
}

/// The column of table 四 for a case without a result on 31 December.
pub const PENDING_COLUMN: (&str, &str) = REVIEW_COLUMNS[3];

/// An outcome that the template of the answer's year does not have.
pub fn outcome_error(text: &str, template: Template) -> Text {
    let choices = outcome_choices(template);
    let year = match template {
        Template::Y2019 => "2019",
        _ => "2021",
    };
    Text::new(
        format!(
            "办理结果“{text}”不是{year}年模板表三的办理结果行；可填：{choices}（或单元格键名，如 denied.state_secret）"
        ),
        format!(
            "outcome \"{text}\" is no outcome row of table 三 in the {year} template; one of: {choices} (or a cell key such as denied.state_secret)"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_are_read_from_labels_and_keys() {
        let t = Template::Y2021;
        assert_eq!(
            parse_outcome("属于国家秘密", t),
            Some(RequestRow::DeniedStateSecret)
        );
        assert_eq!(
            parse_outcome("1.属于国家秘密", t),
            Some(RequestRow::DeniedStateSecret)
        );
        assert_eq!(
            parse_outcome("本机关不掌握相关政府信息", t),
            Some(RequestRow::UnavailableNotHeld)
        );
        assert_eq!(
            parse_outcome("部分公开", t),
            Some(RequestRow::PartlyGranted)
        );
        assert_eq!(
            parse_outcome("（一）予以公开", t),
            Some(RequestRow::Granted)
        );
        assert_eq!(parse_outcome("予以公开", t), Some(RequestRow::Granted));
        assert_eq!(
            parse_outcome("denied.state_secret", t),
            Some(RequestRow::DeniedStateSecret)
        );
        assert_eq!(parse_outcome("其他", t), Some(RequestRow::OtherOther));
        assert_eq!(parse_outcome("其他处理", t), None);
        assert_eq!(
            parse_outcome("其他处理", Template::Y2019),
            Some(RequestRow::Other)
        );
        assert_eq!(parse_outcome("其他", Template::Y2019), None);
        assert_eq!(parse_outcome("总计", t), None);
        assert_eq!(parse_outcome("本年新收", t), None);
        assert_eq!(parse_outcome("", t), None);
    }

    #[test]
    fn every_outcome_row_reads_back_from_its_words() {
        for t in [Template::Y2019, Template::Y2021] {
            for row in outcome_rows(t) {
                assert_eq!(parse_outcome(outcome_words(row), t), Some(row), "{row:?}");
                assert_eq!(parse_outcome(row.spec().key, t), Some(row));
                assert_eq!(parse_outcome(row.spec().label, t), Some(row));
            }
        }
        assert_eq!(outcome_rows(Template::Y2019).count(), 19);
        assert_eq!(outcome_rows(Template::Y2021).count(), 21);
    }

    #[test]
    fn rows_map_between_templates() {
        assert_eq!(
            row_in(RequestRow::OtherNoFee, Template::Y2019),
            RequestRow::Other
        );
        assert_eq!(
            row_in(RequestRow::Other, Template::Y2021),
            RequestRow::OtherOther
        );
        assert_eq!(
            row_in(RequestRow::Granted, Template::Y2019),
            RequestRow::Granted
        );
        assert_eq!(withdrawal_outcome(Template::Y2021), RequestRow::OtherOther);
        assert_eq!(
            outcome_label(RequestRow::DeniedStateSecret),
            "（三）不予公开·1.属于国家秘密"
        );
    }

    #[test]
    fn applicants_cases_and_results() {
        assert_eq!(parse_applicant("自然人"), Some(Applicant::Natural));
        assert_eq!(parse_applicant("其他"), Some(Applicant::OtherOrg));
        assert_eq!(parse_applicant("legal"), Some(Applicant::Legal));
        assert_eq!(parse_applicant("总计"), None);
        assert_eq!(
            parse_case_kind("复议后起诉"),
            Some(ReviewGroup::LitigationAfterReview)
        );
        assert_eq!(parse_case_kind("行政复议"), Some(ReviewGroup::Review));
        assert_eq!(parse_case_kind("仲裁"), None);
        assert_eq!(CaseResult::parse("维持"), Some(CaseResult::Upheld));
        assert_eq!(CaseResult::parse("结果纠正"), Some(CaseResult::Corrected));
        assert_eq!(CaseResult::parse("other"), Some(CaseResult::Other));
        assert_eq!(CaseResult::parse("尚未审结"), None);
        assert_eq!(template_of_year(2020), Some(Template::Y2019));
        assert_eq!(template_of_year(2024), Some(Template::Y2021));
        assert_eq!(template_of_year(2018), None);
    }
}
