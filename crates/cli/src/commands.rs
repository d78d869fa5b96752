//! The subcommands.

use std::io::Write;

use gongkai_extract::Options;
use gongkai_model::{Code, Lang, SourceId, Text, check_identities};

use crate::read_input;

pub use gongkai_load::{LoadError, Loaded};

/// Reads and parses one file.
pub fn load(path: &str, lang: Lang, options: &Options) -> Result<Loaded, LoadError> {
    load_with_id(path, lang, SourceId(0), options)
}

/// Reads and parses one file whose spans get the source id `id` (one per file of a batch).
pub fn load_with_id(
    path: &str,
    _lang: Lang,
    id: SourceId,
    options: &Options,
) -> Result<Loaded, LoadError> {
    let bytes = read_input(path).map_err(|e| LoadError {
        code: Code::UnreadableFile,
        message: Text::new(
            format!(
                "错误：无法读取文件 {path}：{}",
                crate::i18n::io_error(&e, Lang::Zh)
            ),
            format!("error: cannot read {path}: {e}"),
        ),
    })?;
    gongkai_load::load_with(&bytes, path, id, options)
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
    // Several files are read first: last year's report of an agency may split this year's
    // run-together digits (`check::with_previous_years`).
    // Every file's spans keep the source id 0, as each file's output stands alone.
    let mut loaded: Vec<Result<Loaded, LoadError>> =
        files.iter().map(|path| load(path, lang, options)).collect();
    if many {
        crate::check::with_previous_years(&mut loaded);
    }
    for (path, result) in files.iter().zip(loaded) {
        match result {
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
                eprintln!("{}", e.message.get(lang));
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
