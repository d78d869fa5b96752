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
    rules::ambiguous_split::RULE,
    rules::unreadable_table::RULE,
    rules::fractional_count::RULE,
    rules::narrative_table_mismatch::RULE,
    rules::year_mismatch::RULE,
    rules::late_publication::RULE,
    rules::fee_not_reported::RULE,
    rules::empty_problems_section::RULE,
    rules::carryover_mismatch::RULE,
    rules::unreadable_file::RULE,
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

/// Runs every enabled rule; findings are sorted by position, then rule order.
pub fn check(ctx: &Context, config: &Config) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = Vec::new();
    for rule in RULES {
        let Some(level) = config.level(rule) else {
            continue;
        };
        for mut d in run(rule, ctx) {
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
