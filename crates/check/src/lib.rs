//! The rule set: what `gongkai check` finds in a report, one rule per file.
//!
//! The registry is a `const` slice of plain [`Rule`] values. Adding a rule touches two files: the
//! rule's own file under `rules/` and its line in [`RULES`]. Rules never change the report.

mod agency;
pub mod config;
mod narrative;
pub mod rules;

pub use agency::{Deadline, deadline, same_agency};
pub use config::{Config, ConfigError};

use gongkai_model::{Code, Diagnostic, Report, Severity};

/// One rule: its codes, default level, one-line summary, documentation and how it finds.
#[derive(Clone, Copy)]
pub struct Rule {
    /// What its findings are (printed as the kebab-case name that states the problem, e.g.
    /// `request-flow-mismatch`).
    pub code: Code,
    /// The short code: an area letter and three digits, never reused (e.g. `I001`).
    pub short: &'static str,
    /// The default level.
    pub severity: Severity,
    /// One line (Chinese, English).
    pub summary: (&'static str, &'static str),
    /// The documentation in Markdown (Chinese, English), with the fixed headings.
    pub doc: (&'static str, &'static str),
    /// Codes of the parser or of the file's reader that this rule passes on under its own code.
    pub forwards: &'static [Code],
    /// Finds the problems in a report (`None` for a rule that only passes findings on).
    pub check: Option<fn(&Context) -> Vec<Diagnostic>>,
}

impl Rule {
    /// The kebab-case name (the code as printed).
    pub fn name(&self) -> &'static str {
        self.code.as_str()
    }
}

/// Everything a rule may look at.
pub struct Context<'a> {
    /// The report.
    pub report: &'a Report,
    /// The text its spans point into.
    pub text: &'a str,
    /// What the parser (or the authoring-file reader) noticed; rules pass these on.
    pub parse_diagnostics: &'a [Diagnostic],
    /// I1–I4 at every place, computed once (`gongkai_model::check_identities`).
    pub identities: &'a [gongkai_model::IdentityCheck],
    /// The same agency's report for the year before, when one was checked in the same run.
    pub previous: Option<&'a Report>,
}

/// Every rule, in code order.
pub const RULES: &[Rule] = &[
    rules::request_flow_mismatch::RULE,
    rules::request_row_total_mismatch::RULE,
    rules::request_outcome_total_mismatch::RULE,
    rules::review_total_mismatch::RULE,
    rules::identity_not_assessable::RULE,
    rules::missing_table::RULE,
    rules::missing_row::RULE,
    rules::missing_section::RULE,
    rules::sections_out_of_order::RULE,
    rules::mixed_template::RULE,
    rules::pre_2019_format::RULE,
    rules::label_typo::RULE,
    rules::missing_agency_or_year::RULE,
    rules::blank_cell::RULE,
    rules::non_numeric_mark::RULE,
    rules::negative_count::RULE,
    rules::short_row::RULE,
    rules::row_mapping_unsure::RULE,
    rules::ambiguous_split::RULE,
    rules::split_chosen::RULE,
    rules::unreadable_table::RULE,
    rules::fractional_count::RULE,
    rules::narrative_table_mismatch::RULE,
    rules::year_mismatch::RULE,
    rules::late_publication::RULE,
    rules::fee_not_reported::RULE,
    rules::empty_problems_section::RULE,
    rules::carryover_mismatch::RULE,
    rules::unreadable_file::RULE,
    rules::damaged_file::RULE,
    rules::not_a_report::RULE,
    rules::ocr_uncertain_value::RULE,
    rules::authoring_bad_value::RULE,
    rules::authoring_unknown_key::RULE,
    rules::authoring_missing_key::RULE,
    rules::authoring_missing_table::RULE,
];

/// The rule with this name or short code, as a user types it (case-insensitive).
pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .find(|r| r.name().eq_ignore_ascii_case(code) || r.short.eq_ignore_ascii_case(code))
}

/// The rule whose findings have this code.
pub fn rule_of(code: Code) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code == code)
}

/// One rule's findings: what it passes on from the parser and the reader, then what its check
/// finds.
pub fn run(rule: &Rule, ctx: &Context) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = ctx
        .parse_diagnostics
        .iter()
        .filter(|d| rule.forwards.contains(&d.code))
        .map(|d| Diagnostic {
            code: rule.code,
            severity: rule.severity,
            ..d.clone()
        })
        .collect();
    if let Some(check) = rule.check {
        out.extend(check(ctx));
    }
    out
}

/// Whether the text is no report to judge: the parser found it is none, or a damaged file
/// yielded too little to tell. Then only what reading found is reported.
fn nothing_to_judge(ctx: &Context) -> bool {
    ctx.parse_diagnostics.iter().any(|d| {
        d.code == Code::NotAReport || (d.code == Code::DamagedFile && ctx.report.template.is_none())
    })
}

/// Runs every enabled rule; findings are sorted by position, then rule order. A text that is no
/// report gets only the findings of reading (`not-a-report`, `damaged-file`, …): rules about a
/// report's content would only restate that it is none.
pub fn check(ctx: &Context, config: &Config) -> Vec<Diagnostic> {
    let reading_only = nothing_to_judge(ctx);
    let mut out: Vec<Diagnostic> = Vec::new();
    for rule in RULES {
        let Some(level) = config.level(rule) else {
            continue;
        };
        if reading_only && rule.code.kind() != gongkai_model::CodeKind::Reading {
            continue;
        }
        for mut d in run(rule, ctx) {
            // A level set by the user applies to the findings made at the rule's own level; the
            // notes a rule makes below it ("cannot decide …") are raised no higher than notes,
            // but are lowered or turned off with it.
            d.severity = if d.severity == rule.severity {
                level
            } else {
                d.severity.min(level)
            };
            out.push(d);
        }
    }
    out.sort_by_key(|d| (d.primary.span.start, d.primary.span.end));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::support::{BASELINE, check_text as findings};

    #[test]
    fn raising_a_level_raises_findings_not_the_notes_made_below_it() {
        // The deadline cannot be decided from a township's name: a note.
        let text = BASELINE.replace("青禾县市场监督管理局", "白石镇人民政府");
        let mut config = Config::default();
        config.set("late-publication", "error").unwrap();
        let late: Vec<_> = findings(&text, &config)
            .into_iter()
            .filter(|d| d.code == Code::LatePublication)
            .collect();
        assert_eq!(late.len(), 1);
        assert_eq!(late[0].severity, Severity::Note);
        // A finding at the rule's own level is raised.
        let text = BASELINE.replace("2023年1月20日", "2023年2月15日");
        let late: Vec<_> = findings(&text, &config)
            .into_iter()
            .filter(|d| d.code == Code::LatePublication)
            .collect();
        assert_eq!(late[0].severity, Severity::Error);
        // Lowering a rule lowers its notes no further than the level set; off turns all off.
        config.set("late-publication", "off").unwrap();
        assert!(
            findings(&text, &config)
                .iter()
                .all(|d| d.code != Code::LatePublication)
        );
    }

    #[test]
    fn a_text_that_is_no_report_gets_only_that_finding() {
        let found = findings("用户登录\n密码\n", &Config::default());
        let codes: Vec<Code> = found.iter().map(|d| d.code).collect();
        assert_eq!(codes, [Code::NotAReport]);
    }
}
