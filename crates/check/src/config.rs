//! Rule levels from the command line and `gongkai.toml`.
//!
//! `gongkai.toml` is read with the `toml` crate into a typed [`Settings`] value: `[rules]`
//! written any way TOML allows (`[ rules ]`, `rules = { label-typo = "off" }`, single or double
//! quotes) means the same, an unknown table or key is an error rather than silently ignored, and
//! every error names its line.

use std::collections::BTreeMap;

use gongkai_model::{Lang, Severity, Text};
use serde::Deserialize;

use crate::{RULES, Rule, rule};

/// Per-rule levels; `None` turns a rule off.
#[derive(Debug, Clone, Default)]
pub struct Config {
    overrides: Vec<(&'static str, Option<Severity>)>,
}

/// The contents of a `gongkai.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Rule name or short code → level (`error`, `warning`, `note`, `off`).
    #[serde(default)]
    pub rules: BTreeMap<toml::Spanned<String>, toml::Spanned<String>>,
}

/// A level setting that names no rule or no level, or a `gongkai.toml` that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(pub Text);

impl ConfigError {
    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> &str {
        self.0.get(lang)
    }

    fn at_line(self, line: usize) -> ConfigError {
        ConfigError(Text::new(
            format!("gongkai.toml 第 {line} 行：{}", self.0.zh),
            format!("gongkai.toml line {line}: {}", self.0.en),
        ))
    }
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.zh)
    }
}

impl std::error::Error for ConfigError {}

/// Parses a level name: `error`, `warning` (`warn`), `note`, `off` (and 错误/警告/提示/关闭).
pub fn parse_level(s: &str) -> Option<Option<Severity>> {
    Some(match s.trim().to_ascii_lowercase().as_str() {
        "error" | "错误" => Some(Severity::Error),
        "warning" | "warn" | "警告" => Some(Severity::Warning),
        "note" | "info" | "提示" => Some(Severity::Note),
        "off" | "allow" | "关闭" => None,
        _ => return None,
    })
}

impl Config {
    /// The level of `rule`: its override, else its default.
    pub fn level(&self, rule: &Rule) -> Option<Severity> {
        self.overrides
            .iter()
            .rev()
            .find(|(name, _)| *name == rule.name())
            .map_or(Some(rule.severity), |(_, l)| *l)
    }

    /// Sets one rule (by name or short code, or `all`) to a level.
    pub fn set(&mut self, code: &str, level: &str) -> Result<(), ConfigError> {
        let level = parse_level(level).ok_or_else(|| {
            ConfigError(Text::new(
                format!("未知的级别“{level}”（可用：error、warning、note、off）"),
                format!("unknown level “{level}” (use error, warning, note or off)"),
            ))
        })?;
        if code.eq_ignore_ascii_case("all") {
            for r in RULES {
                self.overrides.push((r.name(), level));
            }
            return Ok(());
        }
        let r = rule(code).ok_or_else(|| {
            ConfigError(Text::new(
                format!("未知的规则“{code}”（`gongkai rules` 列出全部规则）"),
                format!("unknown rule “{code}” (`gongkai rules` lists them)"),
            ))
        })?;
        self.overrides.push((r.name(), level));
        Ok(())
    }

    /// Applies `CODE=LEVEL`.
    pub fn set_pair(&mut self, pair: &str) -> Result<(), ConfigError> {
        let (code, level) = pair.split_once('=').ok_or_else(|| {
            ConfigError(Text::new(
                format!("“{pair}”应写成 规则=级别，如 blank-cell=off"),
                format!("“{pair}” must be written RULE=LEVEL, e.g. blank-cell=off"),
            ))
        })?;
        self.set(code.trim(), level.trim())
    }

    /// Reads a `gongkai.toml`: its `[rules]` table sets levels. Any other table or key, a value
    /// that is not a string, an unknown rule or level is an error naming its line.
    pub fn load_toml(&mut self, text: &str) -> Result<(), ConfigError> {
        let settings: Settings = toml::from_str(text).map_err(|e| {
            let err = ConfigError(Text::new(
                format!("无法读取：{}", e.message().trim()),
                format!("cannot be read: {}", e.message().trim()),
            ));
            match e.span() {
                Some(span) => err.at_line(line_of(text, span.start)),
                None => err,
            }
        })?;
        for (code, level) in &settings.rules {
            self.set(code.get_ref(), level.get_ref())
                .map_err(|e| e.at_line(line_of(text, level.span().start)))?;
        }
        Ok(())
    }
}

/// 1-based line of byte offset `at`.
fn line_of(text: &str, at: usize) -> usize {
    1 + text.as_bytes()[..at.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_from_pairs_and_toml() {
        let mut c = Config::default();
        let blank = rule("blank-cell").unwrap();
        assert_eq!(c.level(blank), Some(blank.severity));
        c.set_pair("blank-cell=off").unwrap();
        assert_eq!(c.level(blank), None);
        c.load_toml("[rules]\n# comment\nblank-cell = \"error\"\n")
            .unwrap();
        assert_eq!(c.level(blank), Some(Severity::Error));
        assert!(c.set_pair("no-such-rule=off").is_err());
        assert!(c.set_pair("blank-cell=loud").is_err());
    }

    #[test]
    fn every_way_toml_writes_the_table_means_the_same() {
        let typo = rule("label-typo").unwrap();
        for text in [
            "[rules]\nlabel-typo = 'off'\n",
            "[ rules ]\nlabel-typo = \"off\"\n",
            "rules = { label-typo = \"off\" }\n",
            "[rules]\n\"S006\" = \"off\"\n",
        ] {
            let mut c = Config::default();
            c.load_toml(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(c.level(typo), None, "{text}");
        }
    }

    #[test]
    fn bad_settings_are_errors_naming_the_line_in_both_languages() {
        let cases = [
            ("[rules]\nblank-cell = \"off\"\nlabel-typo = \"loud\"\n", 3),
            ("rules = { label-typo = \"loud\" }\n", 1),
            ("[rules]\nno-such-rule = \"off\"\n", 2),
            ("[rule]\nblank-cell = \"off\"\n", 1),
            ("[rules]\nblank-cell = 3\n", 2),
            ("[rules\n", 1),
        ];
        for (text, line) in cases {
            let err = Config::default().load_toml(text).unwrap_err();
            assert!(
                err.message(Lang::Zh).contains(&format!("第 {line} 行")),
                "{text}: {}",
                err.message(Lang::Zh)
            );
            assert!(
                err.message(Lang::En).contains(&format!("line {line}")),
                "{text}: {}",
                err.message(Lang::En)
            );
        }
    }
}
