//! `gongkai rules` and `gongkai explain`: the rule set and each rule's documentation.

use std::io::Write;

use gongkai_check::{RULES, rule};
use gongkai_model::Lang;

/// `gongkai rules`: one line a rule — short code, name, default level, summary.
pub fn rules(lang: Lang, out: &mut dyn Write) -> u8 {
    for r in RULES {
        let summary = if lang == Lang::En {
            r.summary.1
        } else {
            r.summary.0
        };
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{summary}",
            r.short,
            r.name(),
            r.severity.label(lang)
        );
    }
    0
}

/// `gongkai explain CODE`.
pub fn explain(code: &str, lang: Lang, out: &mut dyn Write) -> u8 {
    let Some(r) = rule(code) else {
        eprintln!(
            "{}",
            if lang == Lang::En {
                format!("error: no rule “{code}”; `gongkai rules` lists them")
            } else {
                format!("错误：没有规则“{code}”；`gongkai rules` 列出全部规则")
            }
        );
        return 2;
    };
    let (summary, doc) = if lang == Lang::En {
        (r.summary.1, r.doc.1)
    } else {
        (r.summary.0, r.doc.0)
    };
    let level = if lang == Lang::En {
        "default level"
    } else {
        "默认级别"
    };
    let _ = writeln!(
        out,
        "# {} {}\n\n{summary}\n\n{level}: {}\n\n{doc}",
        r.short,
        r.name(),
        r.severity.label(lang)
    );
    0
}
