//! The subcommands.

use std::io::Write;

use gongkai_extract::Options;
use gongkai_model::Source;
use gongkai_model::{Diagnostic, Lang, Report, SourceId, check_identities};

use crate::read_input;

/// A document read and parsed, or why it could not be.
pub struct Loaded {
    pub source: Source,
    pub report: Report,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads and parses one file; the error is a full user-facing message.
pub fn load(path: &str, lang: Lang, options: &Options) -> Result<Loaded, String> {
    load_with_id(path, lang, SourceId(0), options)
}

/// Reads and parses one file whose spans get the source id `id` (one per file of a batch).
pub fn load_with_id(
    path: &str,
    lang: Lang,
    id: SourceId,
    options: &Options,
) -> Result<Loaded, String> {
    let en = lang == Lang::En;
    let bytes = read_input(path).map_err(|e| {
        if en {
            format!("error: cannot read {path}: {e}")
        } else {
            format!(
                "错误：无法读取文件 {path}：{}",
                crate::i18n::io_error(&e, lang)
            )
        }
    })?;
    if let Some(loaded) = crate::render::load_authoring(path, &bytes, lang) {
        return loaded;
    }
    let source = gongkai_extract::extract_with(&bytes, path, options).map_err(|e| {
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
        if en {
            format!("error: {path}{pos}: {}", e.message(true))
        } else {
            format!("错误：{path}{pos}：{}", e.message(false))
        }
    })?;
    let (report, diagnostics) = gongkai_parse::parse(&source, id);
    Ok(Loaded {
        source,
        report,
        diagnostics,
    })
}

/// `gongkai extract`.
pub fn extract(
    files: &[String],
    json: bool,
    options: &Options,
    lang: Lang,
    out: &mut dyn Write,
) -> u8 {
    let mut failed = false;
    let many = files.len() > 1;
    let mut docs = Vec::new();
    if many && !json {
        let _ = writeln!(out, "file\tkey\tvalue");
    }
    for path in files {
        match load(path, lang, options) {
            Ok(doc) => {
                for w in &doc.source.warnings {
                    eprintln!("{path}: {}", if lang == Lang::En { &w.en } else { &w.zh });
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
            Err(msg) => {
                eprintln!("{msg}");
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
