//! What the corpus commands (`ingest`, `summary`, `export`, `rollup`, `agencies`) share: their
//! errors in the user's language.

use gongkai_model::Lang;

/// A store error as a full user-facing line, the OS part of I/O errors in the user's language.
pub fn error(e: &gongkai_store::Error, lang: Lang) -> String {
    let en = lang == Lang::En;
    let body = match e {
        gongkai_store::Error::Io { path, source } => {
            format!(
                "{}: {}",
                path.display(),
                crate::i18n::io_error(source, lang)
            )
        }
        other => other.message(lang),
    };
    if en {
        format!("error: {body}")
    } else {
        format!("错误：{body}")
    }
}
