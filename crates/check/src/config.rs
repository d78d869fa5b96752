//! Rule levels from the command line and `gongkai.toml`.

use gongkai_model::Severity;

use crate::{RULES, Rule, rule};

/// Per-rule levels; `None` turns a rule off.
#[derive(Debug, Clone, Default)]
pub struct Config {
    overrides: Vec<(&'static str, Option<Severity>)>,
}

/// A level setting that names no rule or no level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
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
            .find(|(name, _)| *name == rule.name)
            .map_or(Some(rule.severity), |(_, l)| *l)
    }

    /// Sets one rule (by name or short code, or `all`) to a level.
    pub fn set(&mut self, code: &str, level: &str) -> Result<(), ConfigError> {
        let level = parse_level(level).ok_or_else(|| {
            ConfigError(format!(
                "未知的级别“{level}”（可用：error、warning、note、off）"
            ))
        })?;
        if code.eq_ignore_ascii_case("all") {
            for r in RULES {
                self.overrides.push((r.name, level));
            }
            return Ok(());
        }
        let r = rule(code).ok_or_else(|| {
            ConfigError(format!(
                "未知的规则“{code}”（`gongkai rules` 列出全部规则）"
            ))
        })?;
        self.overrides.push((r.name, level));
        Ok(())
    }

    /// Applies `CODE=LEVEL`.
    pub fn set_pair(&mut self, pair: &str) -> Result<(), ConfigError> {
        let (code, level) = pair
            .split_once('=')
            .ok_or_else(|| ConfigError(format!("“{pair}”应写成 规则=级别，如 blank-cell=off")))?;
        self.set(code.trim(), level.trim())
    }

    /// Reads the `[rules]` table of a `gongkai.toml` (`name = "level"` lines; other tables and
    /// comments are ignored).
    pub fn load_toml(&mut self, text: &str) -> Result<(), ConfigError> {
        let mut in_rules = false;
        for (i, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            if line.starts_with('[') {
                in_rules = line == "[rules]";
                continue;
            }
            if !in_rules {
                continue;
            }
            let (k, v) = line.split_once('=').ok_or_else(|| {
                ConfigError(format!(
                    "gongkai.toml 第 {} 行：应写成 规则 = \"级别\"",
                    i + 1
                ))
            })?;
            let k = k.trim().trim_matches('"');
            let v = v.trim().trim_matches('"');
            self.set(k, v)
                .map_err(|e| ConfigError(format!("gongkai.toml 第 {} 行：{}", i + 1, e.0)))?;
        }
        Ok(())
    }
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
}
