//! The command line's check pipeline on uploaded bytes: read → parse → identities → rules, and
//! the JSON `gongkai check --format json` and `gongkai extract --format json` print for one file.
//! Glue only: every step is a library call.

use gongkai_check::{Config, Context};
use gongkai_model::{Diagnostic, IdentityCheck, Lang, Report, Source, SourceId, Span, Text};
use gongkai_render::authoring;
use gongkai_render::diagnostics::{Finding, SourceView, finding, unreadable};

/// An upload read and parsed.
pub struct Loaded {
    /// The extracted document.
    pub source: Source,
    /// The report as the document states it.
    pub report: Report,
    /// What the parser noticed.
    pub diagnostics: Vec<Diagnostic>,
}

/// An upload read, parsed and checked.
pub struct Checked {
    /// The document and its report.
    pub loaded: Loaded,
    /// I1–I4 at every column, row and group.
    pub identities: Vec<IdentityCheck>,
    /// The rule set's findings, in the order `gongkai check` prints them.
    pub findings: Vec<Diagnostic>,
}

/// Reads and parses an upload named `name`; the error is the message the command line prints
/// for a file it cannot read (`错误：name：…`), in both languages. A `.toml` name is read as an
/// authoring file, as `gongkai check` does.
pub fn load(bytes: &[u8], name: &str) -> Result<Loaded, Text> {
    if name.to_ascii_lowercase().ends_with(".toml") {
        return load_authoring(bytes, name);
    }
    let source = gongkai_extract::extract(bytes, name).map_err(|e| {
        let (zh_pos, en_pos) = e.position.map_or_else(Default::default, |p| {
            (format!("（第 {p} 字节）"), format!(" (at byte {p})"))
        });
        Text::new(
            format!("错误：{name}{zh_pos}：{}", e.message(false)),
            format!("error: {name}{en_pos}: {}", e.message(true)),
        )
    })?;
    let (report, diagnostics) = gongkai_parse::parse(&source, SourceId(0));
    Ok(Loaded {
        source,
        report,
        diagnostics,
    })
}

/// An authoring file (TOML), with the command line's messages.
fn load_authoring(bytes: &[u8], name: &str) -> Result<Loaded, Text> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err(Text::new(
            format!("错误：{name}：填报文件须为 UTF-8 编码"),
            format!("error: {name}: an authoring file must be UTF-8"),
        ));
    };
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let source = Source::from_text(name, text);
    match authoring::parse(text, SourceId(0)) {
        Ok((report, diagnostics)) => Ok(Loaded {
            source,
            report,
            diagnostics,
        }),
        Err(e) => {
            let (line, col) = source.line_col(e.span.map_or(0, |s| s.start));
            Err(Text::new(
                format!("错误：{name}:{line}:{col}：TOML 格式错误：{}", e.message),
                format!("error: {name}:{line}:{col}: not valid TOML: {}", e.message),
            ))
        }
    }
}

/// Runs the identities and the rule set (default levels) on a loaded upload.
pub fn check(loaded: Loaded, config: &Config) -> Checked {
    let identities = gongkai_model::check_identities(&loaded.report);
    let ctx = Context {
        report: &loaded.report,
        text: &loaded.source.text,
        parse_diagnostics: &loaded.diagnostics,
        identities: &identities,
        previous: None,
    };
    let findings = gongkai_check::check(&ctx, config);
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
        .map(|d| finding(d, short_code(&d.code), &views, lang))
        .collect()
}

/// The rule's short code (`I001`), empty for a code the registry does not know.
pub fn short_code(code: &str) -> &'static str {
    gongkai_check::rule(code).map_or("", |r| r.code)
}

/// Exactly what `gongkai check --format json FILE` prints: a pretty JSON array and a line break.
pub fn findings_json(findings: &[Finding]) -> String {
    let mut out = serde_json::to_string_pretty(findings).unwrap_or_else(|_| "[]".to_string());
    out.push('\n');
    out
}

/// What `gongkai check --format json` prints for a file it cannot read: one `unreadable-file`
/// finding carrying the message.
pub fn unreadable_json(name: &str, message: &Text, lang: Lang) -> String {
    findings_json(&[unreadable(name, message.get(lang))])
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

    #[test]
    fn unreadable_bytes_give_the_command_line_message() {
        let Err(msg) = load(
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
        let Err(msg) = load(b"[meta]\nagency = \n", "x.toml") else {
            panic!("broken TOML is refused");
        };
        assert!(msg.zh.contains("x.toml:2:"), "{}", msg.zh);
    }

    #[test]
    fn findings_json_is_an_array_and_a_line_break() {
        let text = findings_json(&[]);
        assert_eq!(text, "[]\n");
        let one = unreadable_json("a.pdf", &Text::new("坏", "bad"), Lang::En);
        let v: serde_json::Value = serde_json::from_str(&one).unwrap();
        assert_eq!(v[0]["code"], "unreadable-file");
        assert_eq!(v[0]["message"], "bad");
        assert_eq!(v[0]["file"], "a.pdf");
    }
}
