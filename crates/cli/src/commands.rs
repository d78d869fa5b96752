//! The subcommands.

use std::io::Write;

use gongkai_model::Source;
use gongkai_model::{Code, Diagnostic, Lang, Report, SourceId, check_identities};

use crate::read_input;

/// A document read and parsed, or why it could not be.
pub struct Loaded {
    pub source: Source,
    pub report: Report,
    pub diagnostics: Vec<Diagnostic>,
}

/// Why a file could not be read: a full user-facing message, and the finding's code
/// (`unreadable-file`, or `damaged-file` for a file of a known format that is broken).
#[derive(Debug, Clone)]
pub struct LoadError {
    /// The message, in the user's language, naming the file.
    pub message: String,
    /// `Code::UnreadableFile` or `Code::DamagedFile`.
    pub code: Code,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<String> for LoadError {
    fn from(message: String) -> Self {
        LoadError {
            message,
            code: Code::UnreadableFile,
        }
    }
}

/// Reads and parses one file.
pub fn load(path: &str, lang: Lang) -> Result<Loaded, LoadError> {
    load_with_id(path, lang, SourceId(0))
}

/// Reads and parses one file whose spans get the source id `id` (one per file of a batch).
pub fn load_with_id(path: &str, lang: Lang, id: SourceId) -> Result<Loaded, LoadError> {
    let en = lang == Lang::En;
    let bytes = read_input(path).map_err(|e| {
        LoadError::from(if en {
            format!("error: cannot read {path}: {e}")
        } else {
            format!(
                "错误：无法读取文件 {path}：{}",
                crate::i18n::io_error(&e, lang)
            )
        })
    })?;
    if let Some(loaded) = crate::render::load_authoring(path, &bytes, lang) {
        return loaded.map_err(LoadError::from);
    }
    let source = gongkai_extract::extract(&bytes, path).map_err(|e| {
        let code = match e.kind {
            gongkai_extract::ErrorKind::Damaged { .. } => Code::DamagedFile,
            _ => Code::UnreadableFile,
        };
        let pos = e
            .position
            .map(|p| {
                if en {
                    format!(" (at byte {p})")
                } else {
                    format!("（第 {p} 字节）")
                }
            })
            .unwrap_or_default();
        let message = if en {
            format!("error: {path}{pos}: {}", e.message(true))
        } else {
            format!("错误：{path}{pos}：{}", e.message(false))
        };
        LoadError { message, code }
    })?;
    let (report, diagnostics) = gongkai_parse::parse(&source, id);
    Ok(Loaded {
        source,
        report,
        diagnostics,
    })
}

/// `gongkai extract`.
pub fn extract(files: &[String], json: bool, lang: Lang, out: &mut dyn Write) -> u8 {
    let mut failed = false;
    let many = files.len() > 1;
    let mut docs = Vec::new();
    if many && !json {
        let _ = writeln!(out, "file\tkey\tvalue");
    }
    for path in files {
        match load(path, lang) {
            Ok(doc) => {
                for w in &doc.source.warnings {
                    eprintln!("{path}: {}", if lang == Lang::En { &w.en } else { &w.zh });
                }
                // Never a silent clean bill: a file that is no report, or was read only in part,
                // says so (its cells stay empty, its template unknown).
                for d in &doc.diagnostics {
                    if matches!(d.code, Code::NotAReport | Code::DamagedFile) {
                        let level = d.severity.label(lang);
                        let sep = if lang == Lang::En { ": " } else { "：" };
                        eprintln!("{path}{sep}{level}[{}]{sep}{}", d.code, d.message.get(lang));
                    }
                }
                if json {
                    let ids = check_identities(&doc.report);
                    docs.push(gongkai_render::json(
                        &doc.source,
                        &doc.report,
                        &doc.diagnostics,
                        &ids,
                    ));
                } else if many {
                    let mut lines = String::with_capacity(16 * 1024);
                    gongkai_render::push_cells_tsv(&mut lines, &format!("{path}\t"), &doc.report);
                    let _ = out.write_all(lines.as_bytes());
                } else {
                    let _ = out.write_all(gongkai_render::cells_tsv(&doc.report).as_bytes());
                }
            }
            Err(e) => {
                eprintln!("{e}");
                failed = true;
            }
        }
    }
    if json {
        let value = if many {
            serde_json::Value::Array(docs)
        } else {
            docs.pop().unwrap_or_default()
        };
        let _ = serde_json::to_writer_pretty(&mut *out, &value);
        let _ = writeln!(out);
    }
    if failed { 2 } else { 0 }
}
