//! `gongkai check --fix`: the safe fixes the rule set found, written back to the files they are
//! about — the one thing here the library crates do not do, since they never write files.

use std::io::Write;

use gongkai_model::{Applicability, Diagnostic, Format, Lang, apply_fixes};

use crate::commands::Loaded;

/// What fixing one file did.
pub enum Fixed {
    /// Nothing to fix, or only shown (a dry run).
    Nothing,
    /// The fixes were shown and written: the file must be read again.
    Applied,
    /// The file has fixes but cannot be rewritten in place.
    NotFixable,
}

/// Applies the safe fixes of `diagnostics` to the file `doc` was read from: the unified diff goes
/// to `diff_out` first, then the file is written (unless `dry_run`).
pub fn fix_file(
    doc: &Loaded,
    diagnostics: &[Diagnostic],
    dry_run: bool,
    lang: Lang,
    diff_out: &mut dyn Write,
) -> Fixed {
    let fixes: Vec<_> = diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| f.applicability == Applicability::Safe)
        .collect();
    if fixes.is_empty() {
        return Fixed::Nothing;
    }
    let name = &doc.source.name;
    // Spans point into the decoded text: only a UTF-8 text file is that text byte for byte
    // (after its byte-order mark).
    let bom = match doc.source.format {
        Format::Text {
            encoding: "UTF-8",
            bom,
        } if name != "-" => bom,
        _ => {
            eprintln!(
                "{}",
                if lang == Lang::En {
                    format!("{name}: not fixed: only UTF-8 text files can be fixed in place")
                } else {
                    format!("{name}：未改正：只能就地改正 UTF-8 文本文件")
                }
            );
            return Fixed::NotFixable;
        }
    };
    let (text, applied) = apply_fixes(&doc.source.text, fixes);
    let _ =
        diff_out.write_all(gongkai_render::diff::unified(name, &doc.source.text, &text).as_bytes());
    if dry_run {
        return Fixed::Nothing;
    }
    let mut bytes = Vec::with_capacity(text.len() + 3);
    if bom {
        bytes.extend_from_slice(b"\xEF\xBB\xBF");
    }
    bytes.extend_from_slice(text.as_bytes());
    match std::fs::write(name, bytes) {
        Ok(()) => {
            eprintln!(
                "{}",
                if lang == Lang::En {
                    format!("{name}: {applied} fixes applied")
                } else {
                    format!("{name}：已改正 {applied} 处")
                }
            );
            Fixed::Applied
        }
        Err(e) => {
            eprintln!(
                "{}",
                if lang == Lang::En {
                    format!("error: cannot write {name}: {e}")
                } else {
                    format!("错误：无法写入 {name}：{}", crate::i18n::io_error(&e, lang))
                }
            );
            Fixed::NotFixable
        }
    }
}
