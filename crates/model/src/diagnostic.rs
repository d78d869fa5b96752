//! Findings about a document: one serde type for the terminal, JSON and every other output.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::code::Code;
use crate::span::Span;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Context that helps reading other findings (e.g. "not assessable").
    Note,
    /// Something is probably wrong or was read with doubt.
    Warning,
    /// The report is wrong (an identity fails) or could not be read.
    Error,
}

impl Severity {
    /// The level's name as data (`error`, `warning`, `note`), the same in every language.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// The level's name in the given language.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Severity::Note, Lang::Zh) => "提示",
            (Severity::Warning, Lang::Zh) => "警告",
            (Severity::Error, Lang::Zh) => "错误",
            (Severity::Note, Lang::En) => "note",
            (Severity::Warning, Lang::En) => "warning",
            (Severity::Error, Lang::En) => "error",
        }
    }
}

/// The language of user-facing messages. Chinese first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// 中文 (the default).
    #[default]
    Zh,
    /// English.
    En,
}

/// A message in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Text {
    /// Chinese.
    pub zh: Cow<'static, str>,
    /// English.
    pub en: Cow<'static, str>,
}

impl Text {
    /// A message from its Chinese and English wording (fixed wording is borrowed, not copied:
    /// reports carry dozens of identity scopes and labels).
    pub fn new(zh: impl Into<Cow<'static, str>>, en: impl Into<Cow<'static, str>>) -> Self {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The message in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// A span with a label: the cell a finding is about, or another operand of it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What it is (e.g. "（七）总计 · 自然人 = 21").
    pub text: Text,
}

impl Label {
    /// A labelled span.
    pub fn new(span: Span, text: Text) -> Self {
        Label { span, text }
    }
}

/// One finding about one document.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Diagnostic {
    /// What was found, e.g. `request-flow-mismatch`.
    pub code: Code,
    /// How serious it is.
    pub severity: Severity,
    /// One sentence saying what is wrong.
    pub message: Text,
    /// The place it is about.
    pub primary: Label,
    /// Other places involved (the other operands of an identity).
    pub secondary: Vec<Label>,
    /// What to do about it.
    pub help: Option<Text>,
    /// Edits that would correct the document, when the finding knows them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// A finding with no secondary labels, no help and no fix.
    pub fn new(code: Code, severity: Severity, message: Text, primary: Label) -> Self {
        Diagnostic {
            code,
            severity,
            message,
            primary,
            secondary: Vec::new(),
            help: None,
            fix: None,
        }
    }

    /// Adds a help line.
    pub fn with_help(mut self, help: Text) -> Self {
        self.help = Some(help);
        self
    }

    /// Adds another labelled place.
    pub fn with_secondary(mut self, label: Label) -> Self {
        self.secondary.push(label);
        self
    }

    /// Attaches a fix.
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }
}

/// How far a fix may be trusted (ruff's applicability).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Applicability {
    /// Shown, never applied: a person must decide.
    DisplayOnly,
    /// Applied only when asked for explicitly (it may change what the document means).
    Unsafe,
    /// Restores the template's own wording; applied by `check --fix`.
    Safe,
}

/// One replacement of a span of the document's text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Edit {
    /// The text replaced (a byte range of the source text the spans point into).
    pub span: Span,
    /// What replaces it.
    pub replacement: String,
}

/// Edits that together correct one finding.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Fix {
    /// What the fix does.
    pub message: Text,
    /// How far it may be trusted.
    pub applicability: Applicability,
    /// The edits, which never overlap.
    pub edits: Vec<Edit>,
}

/// `text` with the edits of `fixes` applied. Fixes whose edits overlap an edit already taken
/// are left out (ruff applies them in a later pass); returns the new text and how many fixes
/// were applied. Every edit's span must point into `text`.
pub fn apply_fixes<'a>(text: &str, fixes: impl IntoIterator<Item = &'a Fix>) -> (String, usize) {
    let mut taken: Vec<&Edit> = Vec::new();
    let mut applied = 0;
    for fix in fixes {
        let clear = fix.edits.iter().all(|e| {
            text.is_char_boundary(e.span.start as usize)
                && text.is_char_boundary(e.span.end as usize)
                && e.span.start <= e.span.end
                && (e.span.end as usize) <= text.len()
                && !taken
                    .iter()
                    .any(|t| e.span.start < t.span.end && t.span.start < e.span.end)
        });
        if clear {
            taken.extend(&fix.edits);
            applied += 1;
        }
    }
    taken.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in taken {
        out.push_str(&text[at..e.span.start as usize]);
        out.push_str(&e.replacement);
        at = e.span.end as usize;
    }
    out.push_str(&text[at..]);
    (out, applied)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::SourceId;

    fn fix(start: usize, end: usize, with: &str) -> Fix {
        Fix {
            message: Text::new("", ""),
            applicability: Applicability::Safe,
            edits: vec![Edit {
                span: Span::new(SourceId(0), start, end),
                replacement: with.to_string(),
            }],
        }
    }

    #[test]
    fn fixes_apply_in_order_and_overlaps_wait() {
        let text = "数里 and 行政止公开";
        let a = fix(0, 6, "数量");
        let b = fix(11, 26, "行政法规禁止公开");
        let overlapping = fix(3, 8, "x");
        let (out, n) = apply_fixes(text, [&b, &a, &overlapping]);
        assert_eq!(out, "数量 and 行政法规禁止公开");
        assert_eq!(n, 2);
    }

    #[test]
    fn edits_off_a_char_boundary_are_refused() {
        let (out, n) = apply_fixes("数量", [&fix(1, 2, "x")]);
        assert_eq!((out.as_str(), n), ("数量", 0));
    }
}
