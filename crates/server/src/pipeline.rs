//! The command line's check pipeline on uploaded bytes: read → parse → identities → rules, and
//! the JSON `gongkai check --format json` and `gongkai extract --format json` print for one file.
//! Glue only: every step is a library call.

use gongkai_check::Config;
use gongkai_model::{Code, Diagnostic, IdentityCheck, Lang, SourceId, Span};
use gongkai_render::diagnostics::{Finding, SourceView, finding};

pub use gongkai_load::{LoadError, Loaded};

/// An upload read, parsed and checked.
pub struct Checked {
    /// The document and its report.
    pub loaded: Loaded,
    /// I1–I4 at every column, row and group.
    pub identities: Vec<IdentityCheck>,
    /// The rule set's findings, in the order `gongkai check` prints them.
    pub findings: Vec<Diagnostic>,
}

/// Reads and parses an upload named `name` exactly as the command line reads a file (a `.toml`
/// name is an authoring file); the error carries the command line's message in both languages.
pub fn load(bytes: &[u8], name: &str) -> Result<Loaded, LoadError> {
    gongkai_load::load(bytes, name, SourceId(0))
}

/// Runs the identities and the rule set (default levels) on a loaded upload.
pub fn check(loaded: Loaded, config: &Config) -> Checked {
    let (identities, findings) = gongkai_load::check(&loaded, None, config);
    Checked {
        loaded,
        identities,
        findings,
    }
}

/// The findings as `gongkai check --format json` builds them for this one file.
pub fn findings(checked: &Checked, lang: Lang) -> Vec<Finding> {
    let source = &checked.loaded.source;
    let view = SourceView {
        name: &source.name,
        text: &source.text,
        source: Some(source),
    };
    let views = |span: Span| (span.source == SourceId(0)).then_some(view);
    checked
        .findings
        .iter()
        .map(|d| finding(d, short_code(d.code), &views, lang))
        .collect()
}

/// The rule's short code (`I001`), empty for a code no rule reports.
pub fn short_code(code: Code) -> &'static str {
    gongkai_check::rule_of(code).map_or("", |r| r.short)
}

/// Exactly what `gongkai check --format json FILE` prints: a pretty JSON array and a line break.
pub fn findings_json(findings: &[Finding]) -> String {
    let mut out = serde_json::to_string_pretty(findings).unwrap_or_else(|_| "[]".to_string());
    out.push('\n');
    out
}

/// What `gongkai check --format json` prints for a file it cannot read: one `unreadable-file`
/// (or `damaged-file`) finding carrying the message and naming the file.
pub fn unreadable_json(name: &str, error: &LoadError, lang: Lang) -> String {
    let d = error.diagnostic();
    let mut f = finding(&d, short_code(d.code), &|_| None, lang);
    f.file = name.to_string();
    f.primary.file = name.to_string();
    findings_json(&[f])
}

/// Exactly what `gongkai extract --format json FILE` prints: the whole model, pretty, and a
/// line break.
pub fn model_json(checked: &Checked) -> String {
    let l = &checked.loaded;
    let value = gongkai_render::json(&l.source, &l.report, &l.diagnostics, &checked.identities);
    let mut out = serde_json::to_string_pretty(&value).unwrap_or_default();
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_model::Text;

    #[test]
    fn unreadable_bytes_give_the_command_line_message() {
        let Err(LoadError { message: msg, .. }) = load(
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 not really a doc",
            "a.doc",
        ) else {
            panic!("an OLE header is refused");
        };
        assert!(msg.zh.starts_with("错误：a.doc"), "{}", msg.zh);
        assert!(msg.en.starts_with("error: a.doc"), "{}", msg.en);
    }

    #[test]
    fn a_bad_authoring_file_names_its_line() {
        let Err(LoadError { message: msg, .. }) = load(b"[meta]\nagency = \n", "x.toml") else {
            panic!("broken TOML is refused");
        };
        assert!(msg.zh.contains("x.toml:2:"), "{}", msg.zh);
    }

    #[test]
    fn findings_json_is_an_array_and_a_line_break() {
        let text = findings_json(&[]);
        assert_eq!(text, "[]\n");
        let error = LoadError {
            code: Code::UnreadableFile,
            message: Text::new("坏", "bad"),
        };
        let one = unreadable_json("a.pdf", &error, Lang::En);
        let v: serde_json::Value = serde_json::from_str(&one).unwrap();
        assert_eq!(v[0]["code"], "unreadable-file");
        assert_eq!(v[0]["message"], "bad");
        assert_eq!(v[0]["file"], "a.pdf");
    }
}
