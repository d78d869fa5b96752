//! Writing a command's text to a file (`-o`) or standard output, with the error in the user's
//! language.

use std::io::Write;
use std::path::Path;

use gongkai_model::Lang;

/// Writes `text` to `path`, or to `out` when there is none: 0, or 2 with the reason on stderr.
pub fn write(text: &str, path: Option<&Path>, lang: Lang, out: &mut dyn Write) -> u8 {
    match path {
        Some(p) => match std::fs::write(p, text) {
            Ok(()) => 0,
            Err(e) => {
                let why = crate::i18n::io_error(&e, lang);
                match lang {
                    Lang::Zh => eprintln!("错误：无法写入 {}：{why}", p.display()),
                    Lang::En => eprintln!("error: cannot write {}: {why}", p.display()),
                }
                2
            }
        },
        None => {
            let _ = out.write_all(text.as_bytes());
            0
        }
    }
}
