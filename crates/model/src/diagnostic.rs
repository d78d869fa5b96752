//! Findings about a document: one serde type for the terminal, JSON and every other output.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

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
    /// The kebab-case name of what was found, e.g. `request-flow-mismatch`.
    pub code: String,
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
}

impl Diagnostic {
    /// A finding with no secondary labels and no help.
    pub fn new(code: &str, severity: Severity, message: Text, primary: Label) -> Self {
        Diagnostic {
            code: code.to_string(),
            severity,
            message,
            primary,
            secondary: Vec::new(),
            help: None,
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
}
