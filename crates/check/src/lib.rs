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

use gongkai_model::{Diagnostic, Report, Severity};

/// One rule: its codes, default level, one-line summary, documentation and check function.
#[derive(Clone, Copy)]
pub struct Rule {
    /// The kebab-case name that states the problem, e.g. `request-flow-mismatch`.
    pub name: &'static str,
    /// The short code: an area letter and three digits, never reused (e.g. `I001`).
    pub code: &'static str,
    /// The default level.
    pub severity: Severity,
    /// One line (Chinese, English).
    pub summary: (&'static str, &'static str),
    /// The documentation in Markdown (Chinese, English), with the fixed headings.
    pub doc: (&'static str, &'static str),
    /// Finds the problems in a report.
    pub check: fn(&Context) -> Vec<Diagnostic>,
}

/// Everything a rule may look at.
pub struct Context<'a> {
    /// The report.
    pub report: &'a Report,
    /// The text its spans point into.
    pub text: &'a str,
    /// What the parser noticed (rules that report reading problems forward these).
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
    rules::missing_section::RULE,
    rules::sections_out_of_order::RULE,
    rules::mixed_template::RULE,
    rules::pre_2019_format::RULE,
    rules::label_typo::RULE,
    rules::blank_cell::RULE,
    rules::non_numeric_mark::RULE,
    rules::negative_count::RULE,
    rules::short_row::RULE,
    rules::ambiguous_split::RULE,
    rules::unreadable_table::RULE,
    rules::narrative_table_mismatch::RULE,
    rules::year_mismatch::RULE,
    rules::late_publication::RULE,
    rules::fee_not_reported::RULE,
    rules::empty_problems_section::RULE,
    rules::carryover_mismatch::RULE,
];

/// The rule with this name or short code (case-insensitive). A finding's code is the rule's
/// exact name, so that is tried first: the case-insensitive search is for what users type.
pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.name == code).or_else(|| {
        RULES
            .iter()
            .find(|r| r.name.eq_ignore_ascii_case(code) || r.code.eq_ignore_ascii_case(code))
    })
}

/// Code prefix of the findings an authoring file's reader reports (bad values, unknown keys):
/// they are errors in the file itself, passed on as they are rather than through a rule.
pub const AUTHORING_PREFIX: &str = "authoring-";

/// Code prefix of the findings about text recognised in a scan (`ocr-uncertain-value`: a
/// number read with a low confidence): like the authoring reader's, passed on as they are.
pub const OCR_PREFIX: &str = "ocr-";

/// Runs every enabled rule, and passes on the authoring reader's and the recogniser's own
/// findings; findings are sorted by position, then rule order.
pub fn check(ctx: &Context, config: &Config) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = ctx
        .parse_diagnostics
        .iter()
        .filter(|d| d.code.starts_with(AUTHORING_PREFIX) || d.code.starts_with(OCR_PREFIX))
        .cloned()
        .collect();
    for rule in RULES {
        let Some(level) = config.level(rule) else {
            continue;
        };
        for mut d in (rule.check)(ctx) {
            // A rule may report some findings below its level (e.g. "cannot decide" notes);
            // a level set by the user applies to all of them.
            if level != rule.severity {
                d.severity = level;
            }
            out.push(d);
        }
    }
    out.sort_by_key(|d| (d.primary.span.start, d.primary.span.end));
    out
}
