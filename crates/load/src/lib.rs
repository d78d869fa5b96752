//! The one way every front end (the command line, the corpus store, the web server) turns the
//! bytes of a file into a parsed report and checks it: a report in any format goes through
//! `extract` and `parse`, an authoring file (TOML) through `gongkai-authoring`. Glue only — every
//! step is a library call — kept in one place so that the front ends say the same thing about the
//! same file (which file is unreadable and which damaged, with the same messages).

use gongkai_check::{Config, Context};
pub use gongkai_extract::Options;
use gongkai_model::{Code, Diagnostic, IdentityCheck, Report, Source, SourceId, Span, Text};

/// A document read and parsed.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The decoded document.
    pub source: Source,
    /// The report as the document states it.
    pub report: Report,
    /// What the parser (or the authoring-file reader) noticed.
    pub diagnostics: Vec<Diagnostic>,
}

/// Why a file could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// `Code::UnreadableFile`, or `Code::DamagedFile` for a file of a known format that is broken.
    pub code: Code,
    /// The message in both languages, naming the file (`错误：a.pdf（第 12 字节）：…`).
    pub message: Text,
}

impl LoadError {
    /// The finding the rule set reports for this file (its code's rule, the message).
    pub fn diagnostic(&self) -> Diagnostic {
        let (zh, en) = (self.message.zh.clone(), self.message.en.clone());
        if self.code == Code::DamagedFile {
            gongkai_check::rules::damaged_file::finding(zh, en)
        } else {
            gongkai_check::rules::unreadable_file::finding(zh, en)
        }
    }
}

/// Whether `name` and `bytes` make an authoring file: a `.toml` name, or standard input (`-`)
/// that looks like one. Other files are never validated here (extraction validates them once).
pub fn is_authoring(name: &str, bytes: &[u8]) -> bool {
    if name.to_ascii_lowercase().ends_with(".toml") {
        return true;
    }
    name == "-"
        && std::str::from_utf8(bytes)
            .is_ok_and(|t| gongkai_authoring::looks_like(t.strip_prefix('\u{FEFF}').unwrap_or(t)))
}

/// Reads and parses the bytes of the file `name` with the readers' default options (OCR on when
/// Tesseract is installed); spans get the source id `id` (one per file of a batch).
pub fn load(bytes: &[u8], name: &str, id: SourceId) -> Result<Loaded, LoadError> {
    load_with(bytes, name, id, &Options::default())
}

/// [`load`] with the readers' options (`Options { ocr: false }` for `--no-ocr`).
pub fn load_with(
    bytes: &[u8],
    name: &str,
    id: SourceId,
    options: &Options,
) -> Result<Loaded, LoadError> {
    if is_authoring(name, bytes) {
        return load_authoring(bytes, name, id);
    }
    let source = gongkai_extract::extract_with(bytes, name, options).map_err(|e| {
        let code = match e.kind {
            gongkai_extract::ErrorKind::Damaged { .. } => Code::DamagedFile,
            _ => Code::UnreadableFile,
        };
        let (zh_pos, en_pos) = e.position.map_or_else(Default::default, |p| {
            (format!("（第 {p} 字节）"), format!(" (at byte {p})"))
        });
        LoadError {
            code,
            message: Text::new(
                format!("错误：{name}{zh_pos}：{}", e.message(false)),
                format!("error: {name}{en_pos}: {}", e.message(true)),
            ),
        }
    })?;
    let (report, diagnostics) = gongkai_parse::parse(&source, id);
    Ok(Loaded {
        source,
        report,
        diagnostics,
    })
}

/// An authoring file: UTF-8 (a byte-order mark is dropped) and valid TOML, or an error naming
/// the line.
fn load_authoring(bytes: &[u8], name: &str, id: SourceId) -> Result<Loaded, LoadError> {
    let unreadable = |zh: String, en: String| LoadError {
        code: Code::UnreadableFile,
        message: Text::new(zh, en),
    };
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err(unreadable(
            format!("错误：{name}：填报文件须为 UTF-8 编码"),
            format!("error: {name}: an authoring file must be UTF-8"),
        ));
    };
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let source = Source::from_text(name, text);
    match gongkai_authoring::parse(text, id) {
        Ok((report, diagnostics)) => Ok(Loaded {
            source,
            report,
            diagnostics,
        }),
        Err(e) => {
            let (line, col) = source.line_col(e.span.map_or(0, |s| s.start));
            Err(unreadable(
                format!("错误：{name}:{line}:{col}：TOML 格式错误：{}", e.message),
                format!("error: {name}:{line}:{col}: not valid TOML: {}", e.message),
            ))
        }
    }
}

/// Splits the run-together digits of table 二 that last year's report of the same agency
/// decides (`gongkai_parse::resolve_with_previous`), and drops their `ambiguous-split` findings:
/// the split and its evidence are in the report, where the rule set notes them.
pub fn resolve_with_previous(loaded: &mut Loaded, previous: &Report) {
    let runs: Vec<Span> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::AmbiguousSplit)
        .map(|d| d.primary.span)
        .collect();
    let spans = gongkai_parse::resolve_with_previous(
        &mut loaded.report,
        &loaded.source.text,
        previous,
        &runs,
    );
    loaded
        .diagnostics
        .retain(|d| !(d.code == Code::AmbiguousSplit && spans.contains(&d.primary.span)));
}

/// I1–I4 and the rule set's findings for a loaded document (`previous`: the same agency's
/// report for the year before, when there is one).
pub fn check(
    loaded: &Loaded,
    previous: Option<&Report>,
    config: &Config,
) -> (Vec<IdentityCheck>, Vec<Diagnostic>) {
    let identities = gongkai_model::check_identities(&loaded.report);
    let ctx = Context {
        report: &loaded.report,
        text: &loaded.source.text,
        parse_diagnostics: &loaded.diagnostics,
        identities: &identities,
        previous,
    };
    let mut findings = gongkai_check::check(&ctx, config);
    // A label recognised on a scan that differs from the template's words is the recogniser's
    // reading (a lost bracket, `一` for `（一）`), not the report's wording: no label typo.
    findings.retain(|d| {
        d.code != Code::LabelTypo
            || !loaded
                .source
                .is_recognised_at(d.primary.span.start as usize)
    });
    (identities, findings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_recognised_on_a_scan_is_no_label_typo() {
        let text = include_str!("../../../examples/2021-tabbed.txt").replacen(
            "2.其他法律行政法规禁止公开",
            "2.其他法律行政止公开",
            1,
        );
        let loaded = load(text.as_bytes(), "report.txt", SourceId(0)).unwrap();
        let (_, findings) = check(&loaded, None, &Config::default());
        assert!(findings.iter().any(|d| d.code == Code::LabelTypo));
        // The same text as a scan read it.
        let source = Source::recognised_text("scan.png", &text, 1, 96);
        let (report, diagnostics) = gongkai_parse::parse(&source, SourceId(0));
        let scanned = Loaded {
            source,
            report,
            diagnostics,
        };
        assert!(scanned.report.requests.is_some());
        let (_, findings) = check(&scanned, None, &Config::default());
        assert!(!findings.iter().any(|d| d.code == Code::LabelTypo));
    }

    #[test]
    fn unreadable_and_damaged_files_name_themselves() {
        let e = load(&[0u8, 1, 2, 3, 0, 5].repeat(100), "noise.txt", SourceId(0)).unwrap_err();
        assert_eq!(e.code, Code::UnreadableFile);
        assert!(
            e.message.zh.starts_with("错误：noise.txt"),
            "{}",
            e.message.zh
        );
        assert!(
            e.message.en.starts_with("error: noise.txt"),
            "{}",
            e.message.en
        );
        assert_eq!(e.diagnostic().code, Code::UnreadableFile);
        let e = load(b"PK\x03\x04broken", "r.docx", SourceId(0)).unwrap_err();
        assert_eq!(e.code, Code::DamagedFile, "{e:?}");
        assert_eq!(e.diagnostic().code, Code::DamagedFile);
    }

    #[test]
    fn authoring_files_are_read_as_such_and_bad_toml_names_its_line() {
        let skeleton = gongkai_authoring::skeleton(
            gongkai_model::Template::Y2021,
            Some("青禾县市场监督管理局"),
            Some(2024),
        );
        let loaded = load(skeleton.as_bytes(), "r.toml", SourceId(0)).unwrap();
        assert_eq!(loaded.report.meta.year.unwrap().value, 2024);
        assert!(is_authoring("-", skeleton.as_bytes()));
        assert!(!is_authoring("-", b"plain text"));
        let e = load(b"[meta]\nagency = \n", "x.toml", SourceId(0)).unwrap_err();
        assert!(e.message.zh.contains("x.toml:2:"), "{}", e.message.zh);
    }

    #[test]
    fn a_report_is_checked() {
        let text = "用户登录\n密码\n";
        let loaded = load(text.as_bytes(), "login.txt", SourceId(0)).unwrap();
        let (_, findings) = check(&loaded, None, &Config::default());
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].code, Code::NotAReport);
    }
}
