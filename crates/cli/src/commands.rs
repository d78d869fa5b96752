//! The subcommands.

use std::io::Write;

use gongkai_extract::Source;
use gongkai_model::{Diagnostic, Lang, Outcome, Report, SourceId, check_identities};

use crate::read_input;

/// A document read and parsed, or why it could not be.
pub struct Loaded {
    pub source: Source,
    pub report: Report,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads and parses one file; the error is a full user-facing message.
pub fn load(path: &str, lang: Lang) -> Result<Loaded, String> {
    let en = lang == Lang::En;
    let bytes = read_input(path).map_err(|e| {
        if en {
            format!("error: cannot read {path}: {e}")
        } else {
            format!("错误：无法读取文件 {path}：{e}")
        }
    })?;
    if let Some(loaded) = crate::render::load_authoring(path, &bytes, lang) {
        return loaded;
    }
    let source = gongkai_extract::extract(&bytes, path).map_err(|e| {
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
    let (report, diagnostics) = gongkai_parse::parse(&source, SourceId(0));
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
                if json {
                    let ids = check_identities(&doc.report);
                    docs.push(gongkai_render::json(
                        &doc.source,
                        &doc.report,
                        &doc.diagnostics,
                        &ids,
                    ));
                } else if many {
                    for (k, v) in gongkai_model::cells::cells(&doc.report) {
                        let _ = writeln!(out, "{path}\t{k}\t{v}");
                    }
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

/// `gongkai check`: the identities I1–I4 of each report (the full rule set comes later).
pub fn check(files: &[String], lang: Lang, out: &mut dyn Write) -> u8 {
    let en = lang == Lang::En;
    let (mut failed, mut mismatches, mut unassessable) = (0usize, 0usize, 0usize);
    for path in files {
        let doc = match load(path, lang) {
            Ok(doc) => doc,
            Err(msg) => {
                eprintln!("{msg}");
                failed += 1;
                continue;
            }
        };
        let checks = check_identities(&doc.report);
        for c in &checks {
            match c.outcome {
                Outcome::Mismatch {
                    lhs,
                    rhs,
                    difference,
                } => {
                    mismatches += 1;
                    let at = doc.source.line_col(c.lhs[0].span.start as usize);
                    let side = |ops: &[gongkai_model::Operand]| {
                        ops.iter()
                            .map(|o| {
                                format!(
                                    "{}={}",
                                    o.label.get(lang),
                                    o.value.map_or("?".into(), |v| v.to_string())
                                )
                            })
                            .collect::<Vec<_>>()
                            .join(" + ")
                    };
                    let _ = if en {
                        writeln!(
                            out,
                            "error[{}]: {path}:{}:{}: {:?} at {}: {lhs} ≠ {rhs} (difference {difference})\n  left:  {}\n  right: {}",
                            c.identity.code(),
                            at.0,
                            at.1,
                            c.identity,
                            c.scope.en,
                            side(&c.lhs),
                            side(&c.rhs)
                        )
                    } else {
                        writeln!(
                            out,
                            "错误[{}]：{path}:{}:{}：{:?}（{}）不成立：{lhs} ≠ {rhs}（相差 {difference}）\n  左边：{}\n  右边：{}",
                            c.identity.code(),
                            at.0,
                            at.1,
                            c.identity,
                            c.scope.zh,
                            side(&c.lhs),
                            side(&c.rhs)
                        )
                    };
                }
                Outcome::NotAssessable => unassessable += 1,
                Outcome::Holds => {}
            }
        }
        for d in &doc.diagnostics {
            let (line, col) = doc.source.line_col(d.primary.span.start as usize);
            let _ = writeln!(
                out,
                "{}[{}]：{path}:{line}:{col}：{}",
                d.severity.label(lang),
                d.code,
                d.message.get(lang)
            );
        }
        if checks.is_empty() {
            let _ = if en {
                writeln!(
                    out,
                    "note: {path}: no table 三 or 四 found; no identity to check"
                )
            } else {
                writeln!(out, "提示：{path}：未找到表三、表四，无勾稽关系可核对")
            };
        }
    }
    let _ = if en {
        writeln!(
            out,
            "{} files, {mismatches} identity mismatches, {unassessable} not assessable (blank or unreadable operands), {failed} unreadable",
            files.len()
        )
    } else {
        writeln!(
            out,
            "共 {} 个文件：勾稽关系不成立 {mismatches} 处，无法核对 {unassessable} 处（有空白或未读出的单元格），无法读取 {failed} 个",
            files.len()
        )
    };
    if failed > 0 {
        2
    } else if mismatches > 0 {
        1
    } else {
        0
    }
}
